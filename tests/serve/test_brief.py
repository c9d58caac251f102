"""`dipwatch brief`: the self-contained report, opened offline in a real headless Chromium."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dipwatch.records import Event, EventType, PartialDate, Source, Status, StoredEvent
from dipwatch.serve.brief import Footnote, brief_format, build_brief, render_brief
from dipwatch.serve.cli import app
from dipwatch.serve.mapdata import LEVEL_COLOURS, NO_DATA_COLOUR, TOPOJSON_NAME

from .pngcheck import colour_counts, hex_rgb

runner = CliRunner()
AS_OF = "2025-11-01"  # after Russia's recognition (3 July 2025)


def _write_brief(db: Path, output: Path, *args: str) -> str:
    result = runner.invoke(app, ["brief", "--db", str(db), "--as-of", AS_OF, "-o", str(output), *args])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(output)
    return output.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def brief_html(sample_db, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("brief") / "brief.html"
    _write_brief(sample_db, path)
    return path


class _Links(HTMLParser):
    """Every src/href in the page, with the element and its class."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        values = dict(attrs)
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            if values.get(name) is not None:
                self.links.append((tag, values.get("class") or "", values[name]))


def test_brief_html_refers_to_no_other_host(brief_html):
    page = brief_html.read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(page)
    outside = [(tag, cls, url) for tag, cls, url in parser.links if not url.startswith("#")]
    # only the article URLs shown as footnote links, and only as plain <a href> (never loaded)
    assert outside and all(tag == "a" and cls == "url" and re.match(r"https?://[\w.-]+\.example/", url) for tag, cls, url in outside), outside
    assert "link" not in parser.tags and "iframe" not in parser.tags and "img" not in parser.tags
    assert f"PlotlyGeoAssets.topojson[\"{TOPOJSON_NAME}\"]" in page  # plotly.js never fetches the map
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_hostile_article_text_is_escaped(brief_html):
    page = brief_html.read_text(encoding="utf-8")
    assert "on Sunday &lt;script&gt;window.pwned=1&lt;/script&gt; to discuss" in page
    assert "Talks in Kabul &lt;script&gt;window.pwned=2&lt;/script&gt;" in page
    assert "Wire &lt;img src=x onerror=window.pwned=3&gt;" in page
    assert "<script>window.pwned" not in page and "<img src=x" not in page
    assert 'href="javascript:' not in page and "javascript:window.pwned=4" in page  # shown, not linked


def test_brief_renders_the_map_and_table_offline_in_chromium(brief_html, browser_page, artifacts):
    page = browser_page.page
    page.goto(brief_html.as_uri())
    page.wait_for_selector("body[data-map]", timeout=30_000)
    assert page.get_attribute("body", "data-map") == "ready", browser_page.errors
    assert browser_page.errors == []

    fills = page.evaluate(
        "Object.fromEntries(Array.from(document.querySelectorAll('#map path.choroplethlocation'))"
        ".filter(p => p.__data__ && p.__data__.loc).map(p => [p.__data__.loc, getComputedStyle(p).fill]))"
    )
    rgb = lambda colour: "rgb({}, {}, {})".format(*hex_rgb(colour))
    assert fills["RUS"] == rgb(LEVEL_COLOURS[5]), fills
    assert fills["CHN"] == rgb(LEVEL_COLOURS[4]), fills
    assert len(fills) >= 10 and "UN" not in fills and "ISKP" not in fills
    # the whole world is drawn (land and borders from the inlined topojson), not only our countries
    outlines = page.evaluate("['land', 'countries'].map(c => (document.querySelector('#map .' + c + ' path') || {getAttribute: () => ''}).getAttribute('d') || '').map(d => d.length)")
    assert min(outlines) > 10_000, outlines

    shot = page.locator("#map").screenshot(path=str(artifacts / "brief-map.png"))
    page.screenshot(path=str(artifacts / "brief-page.png"), full_page=False)
    print(f"screenshots: {artifacts / 'brief-map.png'}, {artifacts / 'brief-page.png'}")
    colours = colour_counts(shot)
    total = sum(colours.values())
    assert colours.most_common(1)[0][1] < 0.8 * total, "the map screenshot is (nearly) blank"
    assert colours[hex_rgb(LEVEL_COLOURS[5])] > 2_000  # Russia alone fills thousands of pixels
    assert colours[hex_rgb(NO_DATA_COLOUR)] > 10_000  # the land of countries with no events
    assert len(colours) > 20

    row = page.locator("#relationship-table tr[data-country='RUS']")
    assert row.get_attribute("data-level") == "formal_recognition"
    assert "formal_recognition" in row.inner_text()
    un = page.locator("#relationship-table tr[data-country='UN']")
    assert un.count() == 1 and "not on the map" in un.inner_text()

    footnote = page.locator("#footnotes li", has_text="window.pwned=1")
    assert "<script>window.pwned=1</script>" in footnote.inner_text()
    assert page.evaluate("typeof window.pwned") == "undefined"

    assert browser_page.requests and browser_page.external_requests == [], browser_page.requests


def test_every_claim_links_to_a_footnote(brief_html):
    page = brief_html.read_text(encoding="utf-8")
    cited = set(re.findall(r'<a href="#fn-(\d+)">', page))
    notes = set(re.findall(r'<li id="fn-(\d+)">', page))
    assert cited and cited == notes
    table = page[page.index('id="relationship-table"'):page.index('id="changes"')]
    for row in re.findall(r"<tr data-country=.*?</tr>", table, re.S):
        if 'data-level="no_known_contact"' not in row:
            assert '<a href="#fn-' in row.split("</td>")[1], row  # the level cell cites its evidence


def test_markdown_brief_without_a_browser(sample_db, tmp_path):
    text = _write_brief(sample_db, tmp_path / "brief.md", "--since", "2025-07-01")
    assert text.startswith("# Relationships with Afghanistan (AFG)")
    assert re.search(r"^\| \*\*Russian Federation\*\* \(RUS\) \| 5 formal\\_recognition\[\^\d+\]", text, re.M)
    assert "(UN) (not on the map)" in text
    assert "<script" not in text and "&lt;script&gt;window.pwned=1&lt;/script&gt;" in text
    assert "<javascript:" not in text and "javascript:window.pwned=4" in text
    # the changes since 1 July include Russia's recognition on 3 July, cited
    changes = text[text.index("## Changes from 2025-07-01 to 2025-11-01"):text.index("## Conflicting reports")]
    assert re.search(r"\*\*2025-07-03\*\* Russian Federation \(RUS\): level \d \S+ → 5 formal\\_recognition\[\^\d+\]", changes), changes
    cited = set(re.findall(r"\[\^(\d+)\](?!:)", text))
    defined = set(re.findall(r"^\[\^(\d+)\]:", text, re.M))
    assert cited == defined and defined
    assert "PlotlyGeoAssets" not in text


def test_changes_default_to_the_30_days_before_as_of(sample_db, tmp_path):
    result = runner.invoke(app, ["brief", "--db", str(sample_db), "--as-of", "2025-07-31", "-o", str(tmp_path / "b.md")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "b.md").read_text(encoding="utf-8")
    assert "## Changes from 2025-07-01 to 2025-07-31" in text


def test_bad_options_are_named(sample_db, tmp_path):
    out = tmp_path / "b.html"
    late = runner.invoke(app, ["brief", "--db", str(sample_db), "--as-of", "2025-07-01", "--since", "2025-08-01", "-o", str(out)])
    assert late.exit_code == 2 and "--since" in late.output
    fmt = runner.invoke(app, ["brief", "--db", str(sample_db), "--format", "pdf", "-o", str(out)])
    assert fmt.exit_code == 2 and "html or md" in fmt.output
    assert not out.exists()


def test_brief_format_from_suffix():
    assert brief_format("x.md", None) == "md" and brief_format("x.HTML", None) == "html"
    assert brief_format("x", None) == "html" and brief_format("x.html", "md") == "md"


def _report(id: int, doc: str, published: str, date: str | None, type: EventType = EventType.RECOGNIZE,
            status: Status = Status.OCCURRED, evidence: str = "Russia recognised the Taliban government.") -> StoredEvent:
    event = Event(doc=doc, actor="RUS", type=type, target="AFG", status=status,
                  date=PartialDate.parse(date) if date else None, date_text=None, evidence=evidence,
                  start=0, end=len(evidence), actor_text="Russia", target_text="the Taliban")
    return StoredEvent(id, event, Source(id, doc, f"Title {doc}", f"https://{doc}.example/a", f"Outlet {doc}", PartialDate.parse(published)))


def test_conflicting_reports_are_shown_with_both_sources():
    reports = [
        _report(1, "a", "2025-07-04", "2025-07-03"),
        _report(2, "b", "2025-07-10", "2025-07-05", evidence="Russia recognised the Taliban on Saturday."),
    ]
    brief = build_brief(reports, "AFG", dt.date(2025, 8, 1))
    assert [r.code for r in brief.rows] == ["RUS"] and brief.rows[0].level_name == "formal_recognition"
    assert brief.rows[0].corroboration == 2 and len(brief.rows[0].level_notes) == 2
    assert len(brief.conflicts) == 1 and brief.conflicts[0].kind == "date"
    page = render_brief(brief, "html")
    section = page[page.index('id="conflicts"'):page.index('id="footnotes"')]
    assert "2025-07-03" in section and "2025-07-05" in section and section.count('<a href="#fn-') == 2
    markdown = render_brief(brief, "md")
    assert "date:" in markdown and "Russia recognised the Taliban on Saturday." in markdown


def test_empty_store_gives_an_empty_brief(tmp_path):
    brief = build_brief([], "AFG", None)
    assert brief.rows == () and brief.window is None
    assert "No events involving AFG yet." in render_brief(brief, "html")
    assert "No events involving AFG yet." in render_brief(brief, "md")


def test_brief_has_help():
    result = runner.invoke(app, ["brief", "--help"])
    assert result.exit_code == 0 and "--as-of" in result.output and "--since" in result.output


@pytest.mark.parametrize("url, link", [
    ("https://a.example/x?y=1", "https://a.example/x?y=1"), ("http://a.example/", "http://a.example/"),
    ("javascript:alert(1)", None), ("data:text/html,<script>", None), ("//a.example/x", None),
    ("https://a.example/<x>", None), ("http://[::1", None), (None, None),
])
def test_only_plain_web_addresses_become_links(url, link):
    item = _report(1, "a", "2025-07-04", None)
    source = Source(1, "a", None, url, None, None)
    assert Footnote(1, StoredEvent(1, item.event, source)).link == link
