"""RSS and Atom feeds: parsing, the remembered entries, and `dipwatch watch` end to end against a
local server (RSS and Atom feeds and their pages on 127.0.0.1) into a temporary SQLite database."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from dipwatch.errors import InputError
from dipwatch.ingest.article import RawPage
from dipwatch.ingest.feeds import MAX_ATTEMPTS, FeedItem, FeedRound, FeedState, default_state_path, parse_feed
from dipwatch.ingest.fetch import Fetcher, FetchPolicy
from dipwatch.ingest.urls import doc_name
from dipwatch.records import IngestFailure, PartialDate
from dipwatch.serve.cli import app
from dipwatch.store import Store

from .local_server import LocalServer, Reply, article_html

LOCAL = FetchPolicy(allow_private=True, delay=0, backoff=0, timeout=3)

PAGES = {
    "/world/kazakh-visit.html": article_html("Kazakh minister in Kabul", [
        "Kazakhstan's foreign minister met Amir Khan Muttaqi in Kabul on Tuesday to discuss a railway link "
        "and wheat exports, the Afghan foreign ministry said.",
        "The two men agreed to set up a joint commission on trade before the end of the year, according to a "
        "statement issued after the talks.",
    ]),
    "/world/uzbek-market.html": article_html("Market at Hairatan", [
        "Uzbekistan's deputy prime minister visited Mazar-i-Sharif on Monday to inspect work on a new "
        "cross-border market, local officials said.",
        "He held talks with the provincial governor about electricity supplies and customs procedures at the "
        "Hairatan crossing.",
    ]),
    "/asia/turkmen-pipeline.html": article_html("Pipeline talks in Herat", [
        "Turkmenistan's foreign minister held talks with Taliban officials in Herat on Wednesday about the "
        "gas pipeline across western Afghanistan, the Afghan side said.",
        "Both delegations pledged to speed up work on the section that runs through Herat province.",
    ]),
    "/world/qatar-envoy.html": article_html("Qatari envoy in Kabul", [
        "Qatar's special envoy travelled to Kabul on Thursday for talks with the Taliban's acting foreign "
        "minister on consular services, officials said.",
        "The envoy also met representatives of aid agencies working in the capital.",
    ]),
}
DATES = {"/world/kazakh-visit.html": "Tue, 04 Nov 2025 09:30:00 GMT", "/world/uzbek-market.html": "Mon, 03 Nov 2025 16:00:00 GMT",
         "/world/qatar-envoy.html": "Thu, 06 Nov 2025 07:15:00 GMT", "/world/gone.html": "Wed, 05 Nov 2025 12:00:00 GMT"}


def rss(base: str, paths: list[str]) -> str:
    items = "".join(
        f"<item><title>Item {path.rsplit('/', 1)[-1]}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        f"<pubDate>{DATES[path]}</pubDate></item>"
        for path in paths
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Example Wire: Asia</title>'
            f"<link>{base}/</link><description>Regional news</description>{items}</channel></rss>")


def atom(paths: list[str]) -> str:
    entries = "".join(
        f'<entry><title>Entry {n}</title><link href="{path}"/><id>urn:example:entry:{n}</id>'
        f"<updated>2025-11-05T10:00:00Z</updated></entry>"  # a relative link, and no <published>
        for n, path in enumerate(paths)
    )
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Example Review</title><id>urn:example:feed</id><updated>2025-11-05T10:00:00Z</updated>{entries}</feed>")


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    for path, html in PAGES.items():
        local.routes[path] = Reply(body=html)
    with local.running():
        yield local


# -- parsing ----------------------------------------------------------------------------------

def test_parse_rss():
    items = parse_feed(rss("https://wire.example", ["/world/kazakh-visit.html", "/world/uzbek-market.html"]).encode(),
                       "https://wire.example/rss.xml", "application/rss+xml")
    assert items == [
        FeedItem("https://wire.example/rss.xml", "https://wire.example/world/kazakh-visit.html",
                 "https://wire.example/world/kazakh-visit.html", "Item kazakh-visit.html", "2025-11-04"),
        FeedItem("https://wire.example/rss.xml", "https://wire.example/world/uzbek-market.html",
                 "https://wire.example/world/uzbek-market.html", "Item uzbek-market.html", "2025-11-03"),
    ]
    assert items[0].meta() == {"title": "Item kazakh-visit.html", "published": "2025-11-04"}


def test_parse_atom_resolves_links_and_falls_back_to_updated():
    (item,) = parse_feed(atom(["/asia/turkmen-pipeline.html"]).encode(), "https://review.example/feeds/atom.xml")
    assert (item.key, item.link, item.published) == (
        "urn:example:entry:0", "https://review.example/asia/turkmen-pipeline.html", "2025-11-05")


@pytest.mark.parametrize("data", [b"<html><body><p>Not a feed at all.</p></body></html>", b"/etc/passwd", b""])
def test_what_is_no_feed_fails_and_is_never_opened(data):
    result = parse_feed(data, "https://wire.example/feed")
    assert isinstance(result, IngestFailure) and result.path == "https://wire.example/feed"
    assert result.reason.startswith("not an RSS or Atom feed") and "root:" not in result.reason


# -- the remembered entries -------------------------------------------------------------------

def test_state_round_trip_is_atomic(tmp_path):
    path = tmp_path / "db.sqlite.feeds.json"
    state = FeedState.load(path)
    item = FeedItem("https://wire.example/rss.xml", "guid-1", "https://wire.example/a")
    assert state.is_new(item)
    state.settle(item, ok=True)
    state.save()
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind
    again = FeedState.load(path)
    assert not again.is_new(item)
    assert not again.is_new(FeedItem(item.feed, "another-guid", item.link))  # the same link, re-guided
    assert json.loads(path.read_text())["version"] == 1


def test_a_failing_entry_is_given_up_after_max_attempts(tmp_path):
    state = FeedState.load(tmp_path / "s.json")
    item = FeedItem("https://wire.example/rss.xml", "guid-2", "https://wire.example/b")
    for _ in range(MAX_ATTEMPTS - 1):
        state.settle(item, ok=False)
        assert state.is_new(item)
    state.settle(item, ok=False)
    assert not state.is_new(item)


def test_damaged_state_is_an_error(tmp_path):
    path = tmp_path / "s.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="damaged"):
        FeedState.load(path)


def test_default_state_path():
    assert str(default_state_path("sqlite:///data/dip.db")) == "data/dip.db.feeds.json"
    with pytest.raises(InputError):
        default_state_path("postgresql://db.example/dipwatch")


# -- polling ----------------------------------------------------------------------------------

def _round(feeds: list[str], state: FeedState) -> tuple[FeedRound, list[RawPage | IngestFailure]]:
    with Fetcher(LOCAL) as fetcher:
        poll = FeedRound(feeds, state, fetcher)
        results = list(poll.pages())
    for result in results:
        path = result.origin if isinstance(result, RawPage) else result.path
        poll.settle(path, isinstance(result, RawPage))
    return poll, results


def test_second_poll_yields_nothing_new(server, tmp_path):
    server.routes["/rss.xml"] = Reply(body=rss(server.url(""), ["/world/kazakh-visit.html", "/world/uzbek-market.html"]),
                                      content_type="application/rss+xml")
    state = FeedState.load(tmp_path / "s.json")
    poll, first = _round([server.url("/rss.xml")], state)
    assert {p.origin for p in first} == {server.url("/world/kazakh-visit.html"), server.url("/world/uzbek-market.html")}
    page = next(p for p in first if p.origin.endswith("kazakh-visit.html"))
    assert page.sidecar == {"url": page.origin, "title": "Item kazakh-visit.html", "published": "2025-11-04"}
    assert (poll.feeds_read, poll.feeds_failed) == (1, 0)
    assert _round([server.url("/rss.xml")], state)[1] == []
    assert server.hits["/world/kazakh-visit.html"] == 1


def test_a_dead_link_is_tried_max_attempts_times(server, tmp_path):
    server.routes["/rss.xml"] = Reply(body=rss(server.url(""), ["/world/gone.html"]), content_type="application/rss+xml")
    state = FeedState.load(tmp_path / "s.json")
    for _ in range(MAX_ATTEMPTS):
        (failure,) = _round([server.url("/rss.xml")], state)[1]
        assert failure == IngestFailure(server.url("/world/gone.html"), "HTTP 404 Not Found")
    assert _round([server.url("/rss.xml")], state)[1] == []


def test_a_feed_that_fails_is_named(server, tmp_path):
    server.routes["/not-a-feed"] = Reply(body=PAGES["/world/qatar-envoy.html"])
    poll, results = _round([server.url("/not-a-feed"), server.url("/missing.xml")], FeedState.load(tmp_path / "s.json"))
    assert [(r.path, r.reason.split(" (")[0]) for r in results] == [
        (server.url("/not-a-feed"), "not an RSS or Atom feed"), (server.url("/missing.xml"), "HTTP 404 Not Found")]
    assert poll.feeds_failed == 2


# -- dipwatch watch ---------------------------------------------------------------------------

def _watch(db, *feeds: str, extra: tuple[str, ...] = ("--allow-private",)):
    return CliRunner().invoke(app, ["watch", *feeds, "--once", "--db", str(db), "--delay", "0", *extra])


def test_watch_ingests_only_new_entries(server, tmp_path):
    rss_paths = ["/world/kazakh-visit.html", "/world/uzbek-market.html"]
    server.routes["/rss.xml"] = Reply(body=rss(server.url(""), rss_paths), content_type="application/rss+xml")
    server.routes["/atom.xml"] = Reply(body=atom(["/asia/turkmen-pipeline.html"]), content_type="application/atom+xml")
    feeds = (server.url("/rss.xml"), server.url("/atom.xml"))
    db = tmp_path / "watch.db"

    first = _watch(db, *feeds)
    assert first.exit_code == 0, first.output
    assert "feeds: 2 read, 0 failed; new entries: 3; documents: 3 new" in first.output
    store = Store.open(db)
    assert store.counts()["documents"] == 3
    stored = store.document(store.document_id(doc_name(server.url("/world/kazakh-visit.html"))))
    assert stored.url == server.url("/world/kazakh-visit.html") and stored.published == PartialDate.parse("2025-11-04")
    assert (tmp_path / "watch.db.feeds.json").is_file()

    second = _watch(db, *feeds)
    assert "new entries: 0; documents: 0 new" in second.output
    assert store.counts()["documents"] == 3

    server.routes["/rss.xml"] = Reply(body=rss(server.url(""), ["/world/qatar-envoy.html", *rss_paths]),
                                      content_type="application/rss+xml")
    third = _watch(db, *feeds)
    assert "new entries: 1; documents: 1 new" in third.output
    assert store.counts()["documents"] == 4
    assert all(server.hits[path] == 1 for path in PAGES)  # every page fetched once, over three rounds


def test_watch_refuses_loopback_without_allow_private(server, tmp_path):
    server.routes["/rss.xml"] = Reply(body=rss(server.url(""), ["/world/kazakh-visit.html"]), content_type="application/rss+xml")
    result = _watch(tmp_path / "w.db", server.url("/rss.xml"), extra=("--state", str(tmp_path / "state.json")))
    assert result.exit_code == 1
    assert "refused: 127.0.0.1 is a loopback address (use --allow-private to fetch it)" in result.output
    assert "feeds: 0 read, 1 failed" in result.output and not server.hits


def test_watch_rejects_a_bad_interval(tmp_path):
    result = CliRunner().invoke(app, ["watch", "https://wire.example/rss.xml", "--every", "5x", "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 2 and "--every takes a time such as 30s, 15m or 1h" in result.output


def test_watch_stops_cleanly_on_ctrl_c(server, tmp_path, monkeypatch):
    server.routes["/rss.xml"] = Reply(body=rss(server.url(""), ["/world/uzbek-market.html"]), content_type="application/rss+xml")

    def interrupt(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("dipwatch.serve.cli.time", SimpleNamespace(monotonic=time.monotonic, sleep=interrupt))
    result = CliRunner().invoke(app, ["watch", server.url("/rss.xml"), "--every", "30s", "--db", str(tmp_path / "w.db"),
                                      "--allow-private", "--delay", "0"])
    assert result.exit_code == 0, result.output
    assert "new entries: 1" in result.output and "stopped" in result.output
    assert not FeedState.load(tmp_path / "w.db.feeds.json").is_new(
        FeedItem(server.url("/rss.xml"), server.url("/world/uzbek-market.html"), server.url("/world/uzbek-market.html")))
