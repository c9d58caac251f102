"""The dashboard in real headless Chromium (Debian's), served by a real uvicorn over the sample
database: the map and its date slider, a country's panel, the events search, escaping, no
external request, and the first render's time. Screenshots go to test-artifacts/."""

from __future__ import annotations

import json
import os

import httpx
import pytest

from dipwatch.serve.mapdata import LEVEL_COLOURS

RECOGNITION_FILL = "rgb(37, 52, 148)"  # LEVEL_COLOURS[5]
FILL_OF = """code => {
  const path = Array.from(document.querySelectorAll('#map path.choroplethlocation')).find(p => p.__data__ && p.__data__.loc === code);
  return path ? getComputedStyle(path).fill : null;
}"""


# A screen point inside a country's shape on the map (the middle-most of a grid over its box).
INSIDE = """code => {
  const path = Array.from(document.querySelectorAll('#map path.choroplethlocation')).find(p => p.__data__.loc === code);
  const box = path.getBoundingClientRect(), toUser = path.getScreenCTM().inverse(), hits = [];
  for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
    const x = box.x + box.width * i / 20, y = box.y + box.height * j / 20;
    const p = new DOMPoint(x, y).matrixTransform(toUser);
    if (path.isPointInFill(p)) hits.push([x, y, Math.abs(i - 10) + Math.abs(j - 10)]);
  }
  hits.sort((a, b) => a[2] - b[2]);
  return hits.length ? hits[0].slice(0, 2) : null;
}"""


def _rgb(hex_colour: str) -> str:
    value = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(value[i:i + 2], 16) for i in (0, 2, 4)))


def _open_map(visit, served: str) -> None:
    visit.page.goto(f"{served}/")
    visit.page.wait_for_selector("body[data-map=ready]", timeout=20000)
    visit.page.wait_for_selector("#status-table button.country-button", timeout=20000)


def _slide_to(page, month: str) -> None:
    months = page.evaluate("""() => { const s = document.getElementById('as-of-slider'); return +s.max; }""")
    first = page.get_attribute("#dashboard", "data-first-month")
    index = (int(month[:4]) - int(first[:4])) * 12 + int(month[5:]) - int(first[5:])
    assert 0 <= index <= months
    page.fill("#as-of-slider", str(index))
    page.wait_for_selector(f"body[data-rendered-as-of^='{month}']", timeout=20000)


def _no_trouble(visit) -> None:
    assert visit.external_requests == [], visit.external_requests
    assert visit.errors == [], visit.errors


def test_map_renders_offline_with_levels_and_flags(browser_page, served, artifacts):
    visit = browser_page
    _open_map(visit, served)
    page = visit.page
    assert page.evaluate(FILL_OF, "RUS") == RECOGNITION_FILL
    assert page.evaluate(FILL_OF, "CHN") == _rgb(LEVEL_COLOURS[4])
    flags = page.evaluate("() => Array.from(document.querySelectorAll('#map .scattergeo')).length")
    assert flags >= 1, "flag markers (armed conflict, sanctions …) are drawn on the map"
    assert page.locator("#status-table tbody tr").count() >= 10
    page.locator("#map").screenshot(path=str(artifacts / "dashboard-map.png"))
    page.screenshot(path=str(artifacts / "dashboard-page.png"), full_page=True)
    print(f"wrote {artifacts / 'dashboard-map.png'} and dashboard-page.png")
    _no_trouble(visit)


def test_slider_replays_russias_recognition(browser_page, served, artifacts):
    visit = browser_page
    _open_map(visit, served)
    page = visit.page
    _slide_to(page, "2025-06")
    assert page.text_content("#as-of-label") == "2025-06-30"
    june = page.evaluate(FILL_OF, "RUS")
    page.locator("#map").screenshot(path=str(artifacts / "dashboard-2025-06.png"))
    _slide_to(page, "2025-08")
    august = page.evaluate(FILL_OF, "RUS")
    page.locator("#map").screenshot(path=str(artifacts / "dashboard-2025-08.png"))
    assert june != august and august == RECOGNITION_FILL and june in {_rgb(c) for level, c in LEVEL_COLOURS.items() if level < 5}
    row = page.locator("#status-table tr[data-country=RUS]")
    assert "5 formal_recognition" in row.inner_text()
    _no_trouble(visit)


def test_three_clicks_who_recognises_since_when_says_who(browser_page, served, artifacts):
    """Open the page, click Russia, follow its evidence to the document."""
    visit = browser_page
    _open_map(visit, served)
    page = visit.page
    point = page.evaluate(INSIDE, "RUS")
    assert point, "a point inside Russia's shape on the map"
    page.mouse.click(*point)  # click 1: Russia, on the map
    page.wait_for_selector("body[data-country=RUS][data-timeline=ready]", timeout=20000)
    panel = page.locator("#country-panel")
    text = panel.inner_text()
    assert "Level 5 formal_recognition" in text and "since 2025-07-03" in text
    assert "RECOGNIZE" in text and "formally recognise" in text and "Central Asia Wire" in text
    assert "reported by 4 documents" in text, "the level's merged event, fetched with the country's evidence"
    assert page.locator("#timeline-chart .scatterlayer .point").count() >= 3, "the timeline is a chart"
    assert page.locator("#timeline-entries li.changed").count() >= 2
    panel.screenshot(path=str(artifacts / "dashboard-russia-panel.png"))
    link = panel.locator(".report a.doclink").first
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url(f"**{href}")
    anchor = href.split("#")[1]
    mark = page.locator(f"mark#{anchor}")
    assert "formally recognise" in mark.inner_text()
    page.screenshot(path=str(artifacts / "dashboard-document.png"), full_page=True)
    _no_trouble(visit)


def test_a_countrys_whole_evidence_is_fetched_when_it_is_opened(browser_page, served, artifacts):
    """The table's rows carry one report each; India's panel asks for its merged events and denials."""
    visit = browser_page
    _open_map(visit, served)
    page = visit.page
    assert not any("country=" in url for url in visit.requests), "nothing per country before a country is opened"
    row = page.locator("#status-table tr[data-country=IND]")
    assert "3 diplomatic_presence" in row.inner_text() and row.locator(".sentence").inner_text()
    page.click("#status-table button[data-country=IND]")
    page.wait_for_selector("body[data-country=IND][data-timeline=ready]", timeout=20000)
    assert any("/api/status?" in url and "country=IND" in url for url in visit.requests)
    panel = page.locator("#country-panel")
    text = panel.inner_text()
    assert "Why" in text and "every report" in text and "Also stated: not done (2)" in text
    as_of = page.text_content("#as-of-label")
    [india] = httpx.get(f"{served}/api/status", params={"country": "IND", "as_of": as_of, "limit": 20}).json()["rows"]
    denials = panel.locator("h3:has-text('Also stated') ~ .report blockquote")
    assert denials.all_inner_texts() == [e["evidence_report"]["evidence"] for e in india["negated_events"]] != []
    panel.screenshot(path=str(artifacts / "dashboard-india-panel.png"))
    _no_trouble(visit)


def test_events_search_finds_a_sentence(browser_page, served, artifacts):
    visit = browser_page
    page = visit.page
    page.goto(f"{served}/events")
    page.fill("#q", "ambassador")
    page.press("#q", "Enter")
    page.wait_for_url("**/events?q=ambassador**")
    rows = page.locator("#events-table tbody tr")
    assert rows.count() >= 1
    assert all("ambassador" in rows.nth(i).locator("td.sentence").inner_text().lower() for i in range(rows.count()))
    page.select_option("select[name=type]", "ACCREDIT")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**type=ACCREDIT**")
    assert all("ACCREDIT" in t for t in page.locator("#events-table tbody tr td:nth-child(2)").all_inner_texts())
    page.screenshot(path=str(artifacts / "dashboard-events.png"), full_page=True)
    _no_trouble(visit)


def test_hostile_article_shows_as_text(browser_page, served, artifacts):
    visit = browser_page
    _open_map(visit, served)
    page = visit.page
    page.click("#status-table button[data-country=BLR]")
    page.wait_for_selector("body[data-country=BLR][data-timeline=ready]", timeout=20000)
    panel = page.locator("#country-panel").inner_text()
    assert "<script>window.pwned=1</script>" in panel and "Wire <img src=x onerror=window.pwned=3>" in panel
    assert page.locator("#country-panel script, #country-panel img").count() == 0
    assert page.locator("#country-panel a.ext").count() == 0, "a javascript: URL never becomes a link"
    page.locator("#country-panel").screenshot(path=str(artifacts / "dashboard-hostile.png"))
    href = page.locator("#country-panel a.doclink").first.get_attribute("href")
    for url in (f"{served}{href}", f"{served}/events?q=Belarus"):
        page.goto(url)
        assert "<script>window.pwned=1</script>" in page.inner_text("main")
    assert page.evaluate("() => typeof window.pwned") == "undefined"
    _no_trouble(visit)


def test_first_render_under_a_second(browser_page, served, artifacts):
    """Time from navigation to the drawn map (performance.now), cold and with the browser's cache warm."""
    visit = browser_page
    page = visit.page
    _open_map(visit, served)
    cold = page.evaluate("() => window.dipwatchTimings")
    warm = []
    for _ in range(3):
        page.reload()
        page.wait_for_selector("body[data-map=ready]", timeout=20000)
        warm.append(page.evaluate("() => window.dipwatchTimings"))
    best = min(t["firstRender"] for t in warm)
    load = os.getloadavg()[0] / (os.cpu_count() or 1)
    (artifacts / "dashboard-timings.json").write_text(json.dumps({"cold": cold, "warm": warm, "load_per_core": load}, indent=1))
    print(f"first render: cold {cold['firstRender']:.0f} ms, warm {[round(t['firstRender']) for t in warm]} ms, "
          f"load {load:.1f} per core")
    # The promise is for a machine doing this alone (as CI's is); where other jobs already keep every
    # core busy, Chromium gets a fraction of one and only a gross regression should fail.
    budget = 1000 if load < 1.0 else 3000
    assert best < budget, f"first render took {best:.0f} ms (cold {cold['firstRender']:.0f} ms, load {load:.1f} per core)"
    assert cold["firstRender"] < 3 * budget
    _no_trouble(visit)


@pytest.mark.parametrize("path", ["/changes", "/conflicts", "/docs"])
def test_other_pages_load_offline(browser_page, served, path):
    visit = browser_page
    visit.page.goto(f"{served}{path}")
    if path == "/docs":
        visit.page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    assert visit.page.locator("main, .swagger-ui").count() >= 1
    _no_trouble(visit)
