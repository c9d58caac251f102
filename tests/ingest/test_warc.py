"""Web archives: pages out of .warc and .warc.gz files (written here with warcio), through
`warc_pages`, the file walk, `read_articles` and `dipwatch ingest`; truncated and corrupt archives."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dipwatch.ingest import MAX_BYTES, RawPage, find_sources, read_articles
from dipwatch.ingest.sources import SourceFile, WarcFile, iter_sources
from dipwatch.ingest.warc import warc_pages
from dipwatch.pipeline import count_sources
from dipwatch.records import Article, IngestFailure
from dipwatch.serve.cli import app
from dipwatch.store import Store
from dipwatch.store.tables import documents

from .local_server import article_html

KAZAKH_URI = "https://wire.example/world/kazakh-visit.html"
UZBEK_URI = "https://wire.example/world/uzbek-market.txt"
KAZAKH_VISIT = article_html("Kazakh minister in Kabul", [
    "Kazakhstan's foreign minister met Amir Khan Muttaqi in Kabul on Tuesday to discuss a railway link and "
    "wheat exports, the Afghan foreign ministry said.",
    "The two men agreed to set up a joint commission on trade before the end of the year, according to a "
    "statement issued after the talks.",
], published="2025-11-04")
UZBEK_MARKET = (
    "Market at Hairatan\n\n"
    "Uzbekistan's deputy prime minister visited Mazar-i-Sharif on Monday to inspect work on a new cross-border "
    "market, local officials said.\n\n"
    "He held talks with the provincial governor about electricity supplies and customs procedures at the "
    "Hairatan crossing.\n"
)
TURKMEN_PIPELINE = article_html("Pipeline talks in Herat", [
    "Turkmenistan's foreign minister held talks with Taliban officials in Herat on Wednesday about the gas "
    "pipeline across western Afghanistan, the Afghan side said.",
    "Both delegations pledged to speed up work on the section that runs through Herat province.",
])
CRAWLED = "2019-05-06T07:08:09Z"  # WARC-Date: when the crawler saw the page, never its publication date


def _response(writer: WARCWriter, uri: str, body: bytes | str, status: str = "200 OK",
              content_type: str = "text/html; charset=utf-8"):
    data = body.encode("utf-8") if isinstance(body, str) else body
    http = StatusAndHeaders(status, [("Content-Type", content_type), ("Content-Length", str(len(data)))],
                            protocol="HTTP/1.1")
    return writer.create_warc_record(uri, "response", payload=io.BytesIO(data), http_headers=http,
                                     warc_headers_dict={"WARC-Date": CRAWLED})


def _request(writer: WARCWriter, uri: str):
    http = StatusAndHeaders("GET /world/kazakh-visit.html HTTP/1.1", [("Host", "wire.example")], is_http_request=True)
    return writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=http)


def write_warc(path: Path, *, gzip: bool = True, extra: list[tuple[str, bytes | str, str, str]] = ()) -> Path:
    """A crawl: warcinfo, a request, an HTML page, a 404, a PDF, a plain-text page, then `extra` responses."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "dipwatch tests"}))
        writer.write_record(_request(writer, KAZAKH_URI))
        writer.write_record(_response(writer, KAZAKH_URI, KAZAKH_VISIT))
        writer.write_record(_response(writer, "https://wire.example/missing", "<html><body>Gone</body></html>", "404 Not Found"))
        writer.write_record(_response(writer, "https://wire.example/report.pdf", b"%PDF-1.7 ...", content_type="application/pdf"))
        writer.write_record(_response(writer, UZBEK_URI, UZBEK_MARKET, content_type="text/plain; charset=utf-8"))
        for uri, body, status, content_type in extra:
            writer.write_record(_response(writer, uri, body, status, content_type))
    return path


def _pages(path: Path) -> list[RawPage | IngestFailure]:
    return list(warc_pages(path))


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_only_html_and_text_200_responses_are_pages(tmp_path, name):
    path = write_warc(tmp_path / name, gzip=name.endswith(".gz"))
    pages = _pages(path)
    assert [(p.sidecar, p.format) for p in pages] == [({"url": KAZAKH_URI}, "html"), ({"url": UZBEK_URI}, "text")]
    assert all(p.origin.startswith(f"{path}#") for p in pages) and pages[0].origin != pages[1].origin
    assert pages[0].doc.startswith("kazakh-visit-") and pages[0].data == KAZAKH_VISIT.encode()
    offset = int(pages[1].origin.rsplit("#", 1)[1])  # the offset finds the record again
    with path.open("rb") as handle:
        handle.seek(offset)
        assert next(iter(ArchiveIterator(handle))).rec_headers.get_header("WARC-Target-URI") == UZBEK_URI


def test_warc_files_are_found_in_folders_and_counted_once(tmp_path):
    write_warc(tmp_path / "b-crawl.warc", gzip=False)
    write_warc(tmp_path / "c-crawl.WARC.GZ")
    (tmp_path / "a.txt").write_text(UZBEK_MARKET, encoding="utf-8")
    (tmp_path / "notes.gz").write_bytes(b"\x1f\x8b")
    found = list(find_sources([tmp_path]))
    assert [type(s) for s in found] == [SourceFile, WarcFile, WarcFile]
    assert count_sources([tmp_path]) == 3
    assert list(iter_sources([tmp_path / "b-crawl.warc"])) == [WarcFile(tmp_path / "b-crawl.warc")]
    (failure,) = iter_sources([tmp_path / "notes.gz"])
    assert "'.gz'" in failure.reason and ".warc.gz" in failure.reason


def test_read_articles_reads_inside_warcs(tmp_path):
    path = write_warc(tmp_path / "crawl.warc.gz")
    articles = list(read_articles([path]))
    assert all(isinstance(a, Article) for a in articles) and len(articles) == 2
    assert [a.url for a in articles] == [KAZAKH_URI, UZBEK_URI]
    assert str(articles[0].published) == "2025-11-04"  # the page's date, not the crawl's


def test_ingest_a_warc(tmp_path):
    path = write_warc(tmp_path / "crawl.warc.gz")
    db = tmp_path / "warc.db"
    result = CliRunner().invoke(app, ["ingest", str(path), "--db", str(db), "--engine", "local"])
    assert result.exit_code == 0, result.output
    assert "2 new, 0 already known, 0 failed" in result.output
    store = Store.open(db)
    assert store.counts()["documents"] == 2
    with store.engine.connect() as conn:
        rows = conn.execute(select(documents.c.url, documents.c.source_path, documents.c.published)).all()
    assert sorted(r.url for r in rows) == [KAZAKH_URI, UZBEK_URI]
    assert all(r.source_path.startswith(f"{path}#") for r in rows)
    assert all(not (r.published or "").startswith("2019") for r in rows)  # WARC-Date is crawl time
    again = CliRunner().invoke(app, ["ingest", str(path), "--db", str(db), "--engine", "local"])
    assert "0 new, 2 already known, 0 failed" in again.output


def test_truncated_warc_keeps_the_readable_records(tmp_path):
    whole = write_warc(tmp_path / "whole.warc.gz", extra=[("https://wire.example/asia/turkmen.html", TURKMEN_PIPELINE,
                                                            "200 OK", "text/html")])
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 120])  # into the last record's gzip member
    results = _pages(cut)
    assert [p.sidecar["url"] for p in results[:-1]] == [KAZAKH_URI, UZBEK_URI]
    failure = results[-1]
    assert isinstance(failure, IngestFailure) and failure.path == str(cut)
    assert "truncated" in failure.reason and "\n" not in failure.reason

    result = CliRunner().invoke(app, ["ingest", str(cut), "--db", str(tmp_path / "cut.db"), "--engine", "local"])
    assert result.exit_code == 1
    assert "2 new, 0 already known, 1 failed" in result.output
    assert f"failed {cut}:" in result.output


def _complete_sizes(path: Path) -> set[int]:
    """The lengths at which a prefix of the WARC holds whole records only (plus their padding)."""
    spans = []
    with path.open("rb") as handle:
        records = ArchiveIterator(handle)
        for _ in records:
            spans.append((records.get_record_offset(), records.get_record_length()))
    ends = [offset + length for offset, length in spans]
    starts = [offset for offset, _ in spans[1:]] + [path.stat().st_size]
    return {size for end, start in zip(ends, starts) for size in range(end, start + 1)}


@pytest.mark.parametrize("gzip", [True, False])
def test_every_cut_of_a_warc_is_noticed(tmp_path, gzip):
    """Cut anywhere but between records, the archive fails by name (warcio alone stays silent at some)."""
    whole = write_warc(tmp_path / ("w.warc.gz" if gzip else "w.warc"), gzip=gzip)
    data, complete = whole.read_bytes(), _complete_sizes(whole)
    cut = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    for size in range(1, len(data), max(1, len(data) // 150)):
        if size in complete:
            continue
        cut.write_bytes(data[:size])
        results = _pages(cut)
        assert isinstance(results[-1], IngestFailure) and results[-1].path == str(cut), (size, results[-1])


def test_not_a_warc(tmp_path):
    path = tmp_path / "fake.warc"
    path.write_text("This is a plain note, not a web archive.\n", encoding="utf-8")
    (failure,) = _pages(path)
    assert failure.path == str(path) and failure.reason.startswith("corrupt or truncated WARC")


def test_a_warc_without_pages_fails_once(tmp_path):
    path = tmp_path / "pdfs.warc.gz"
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(_response(writer, "https://wire.example/a.pdf", b"%PDF-1.7", content_type="application/pdf"))
    assert _pages(path) == [IngestFailure(str(path), "no page in this WARC (1 record, none an HTTP 200 response "
                                                     "with an HTML or text content type)")]


def test_an_oversize_record_fails_by_offset(tmp_path):
    big = "<html><body><p>" + "a" * MAX_BYTES + "</p></body></html>"
    path = write_warc(tmp_path / "big.warc.gz", extra=[("https://wire.example/huge.html", big, "200 OK", "text/html")])
    results = _pages(path)
    assert [type(r) for r in results] == [RawPage, RawPage, IngestFailure]
    assert results[-1].path.startswith(f"{path}#") and results[-1].reason.startswith("too large")
