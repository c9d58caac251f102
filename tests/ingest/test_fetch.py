"""Fetching pages from URLs: limits, retries, robots.txt, and the address guard (SSRF), against a
local server on 127.0.0.1. Nothing here reaches the internet: the fetches that are meant to be
refused are refused before any connection, and the tests check that the server saw no request."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from dataclasses import FrozenInstanceError
from http.server import BaseHTTPRequestHandler

import pytest
from typer.testing import CliRunner

from dipwatch.ingest.article import RawPage
from dipwatch.ingest.fetch import USER_AGENT, Fetcher, FetchPolicy, fetch_pages, read_url_list
from dipwatch.records import IngestFailure
from dipwatch.serve.cli import app
from dipwatch.store import Store

from .local_server import LocalServer, Reply, article_html

LOCAL = FetchPolicy(allow_private=True, delay=0, backoff=0, timeout=3)
GUARDED = FetchPolicy(delay=0, backoff=0, timeout=3)  # the defaults' guard: private addresses refused
HINT = "(use --allow-private to fetch it)"

KAZAKH_VISIT = article_html("Kazakh minister in Kabul", [
    "Kazakhstan's foreign minister met Amir Khan Muttaqi in Kabul on Tuesday to discuss a railway link "
    "and wheat exports, the Afghan foreign ministry said.",
    "The two men agreed to set up a joint commission on trade before the end of the year, according to a "
    "statement issued after the talks.",
    "Officials in Astana said the minister would travel on to Tashkent later in the week.",
])
UZBEK_MARKET = article_html("Market at Hairatan", [
    "Uzbekistan's deputy prime minister visited Mazar-i-Sharif on Monday to inspect work on a new "
    "cross-border market, local officials said.",
    "He held talks with the provincial governor about electricity supplies and customs procedures at the "
    "Hairatan crossing.",
])


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    with local.running():
        yield local


def _fetch(url: str, policy: FetchPolicy = LOCAL) -> RawPage | IngestFailure:
    with Fetcher(policy) as fetcher:
        return fetcher.page(url)


def _reason(result: RawPage | IngestFailure) -> str:
    assert isinstance(result, IngestFailure), result
    assert "\n" not in result.reason
    return result.reason


# -- pages ------------------------------------------------------------------------------------

def test_pages_by_content_type(server):
    server.routes["/world/kabul-talks.html"] = Reply(body=KAZAKH_VISIT)
    server.routes["/plain"] = Reply(body="Plain words about a visit to Kabul.", content_type="text/plain")
    server.routes["/report.pdf"] = Reply(body=b"%PDF-1.7", content_type="application/pdf")
    url = server.url("/world/kabul-talks.html")
    page = _fetch(url)
    assert isinstance(page, RawPage)
    assert (page.origin, page.format, page.sidecar) == (url, "html", {"url": url})
    assert page.doc.startswith("kabul-talks-") and page.data == KAZAKH_VISIT.encode()
    assert _fetch(server.url("/plain")).format == "text"
    assert _reason(_fetch(server.url("/report.pdf"))).startswith("unsupported content type 'application/pdf'")
    assert USER_AGENT in server.agents and USER_AGENT.startswith("dipwatch/")


def test_doc_names_are_distinct_and_stable(server):
    server.routes["/a/index.html"] = server.routes["/b/index.html"] = Reply(body=KAZAKH_VISIT)
    first, second = _fetch(server.url("/a/index.html")), _fetch(server.url("/b/index.html"))
    assert first.doc != second.doc and first.doc.startswith("index-")
    assert _fetch(server.url("/a/index.html")).doc == first.doc


def test_404_fails_with_the_status(server):
    url = server.url("/gone")
    result = _fetch(url)
    assert result == IngestFailure(url, "HTTP 404 Not Found")


def test_500_then_200_is_retried(server):
    server.routes["/flaky"] = [Reply(500, "oops", "text/plain"), Reply(body=KAZAKH_VISIT)]
    assert isinstance(_fetch(server.url("/flaky")), RawPage)
    assert server.hits["/flaky"] == 2


def test_persistent_503_gives_up_after_the_retries(server):
    server.routes["/down"] = Reply(503, "busy", "text/plain")
    assert _reason(_fetch(server.url("/down"))) == "HTTP 503 Service Unavailable (after 3 attempts)"
    assert server.hits["/down"] == 3


def test_429_honours_retry_after_up_to_a_cap(server):
    server.routes["/soon"] = [Reply(429, "slow down", "text/plain", {"Retry-After": "0"}), Reply(body=KAZAKH_VISIT)]
    assert isinstance(_fetch(server.url("/soon")), RawPage)
    server.routes["/later"] = Reply(429, "slow down", "text/plain", {"Retry-After": "3600"})
    assert "Retry-After 3600 s is longer than the 60 s this run waits" in _reason(_fetch(server.url("/later")))
    assert server.hits["/later"] == 1


def test_connection_refused_is_retried_then_named(server):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    reason = _reason(_fetch(f"http://127.0.0.1:{port}/page"))
    assert reason.startswith("cannot connect:") and "after 3 attempts" in reason


def test_redirects_are_followed_and_the_final_url_kept(server):
    server.routes["/old"] = Reply(301, headers={"Location": "/new"})
    server.routes["/new"] = Reply(body=KAZAKH_VISIT)
    page = _fetch(server.url("/old"))
    assert isinstance(page, RawPage)
    assert page.origin == server.url("/old") and page.sidecar == {"url": server.url("/new")}
    server.routes["/loop"] = Reply(302, headers={"Location": "/loop"})
    assert _reason(_fetch(server.url("/loop"))).startswith("more than 5 redirects")


def _streamed(chunk: bytes, *, times: int, pause: float = 0.0):  # noqa: ANN202
    """A handler that sends an HTML body of `times` chunks with no Content-Length."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Connection", "close")
        request.end_headers()
        try:
            for _ in range(times):
                request.wfile.write(chunk)
                time.sleep(pause)
        except OSError:
            pass  # the client hung up, as it should

    return handler


def test_oversize_body_is_cut_off(server):
    small = FetchPolicy(allow_private=True, delay=0, backoff=0, timeout=3, max_bytes=1000)
    server.routes["/declared"] = Reply(body="x" * 5000)

    # no Content-Length: read until cut off
    server.routes["/undeclared"] = _streamed(b"<p>" + b"y" * 500 + b"</p>", times=100)
    assert _reason(_fetch(server.url("/declared"), small)) == "too large: 5,000 bytes, the limit is 1,000 bytes"
    assert _reason(_fetch(server.url("/undeclared"), small)) == "too large: more than the 1,000 bytes limit (download stopped)"


def test_slow_responses_time_out(server):
    quick = FetchPolicy(allow_private=True, delay=0, backoff=0, timeout=0.5)

    def silent(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(1.5)
        try:
            Reply(body=KAZAKH_VISIT).send(handler)
        except OSError:
            pass

    server.routes["/silent"] = silent
    # a few bytes now and then: no single read ever times out
    server.routes["/trickle"] = _streamed(b"<p>slow</p>", times=60, pause=0.05)
    for path in ("/silent", "/trickle"):
        started = time.monotonic()
        assert _reason(_fetch(server.url(path), quick)) == "timed out after 0.5 s"
        assert time.monotonic() - started < 1.4  # the whole page, not each read


# -- robots.txt -------------------------------------------------------------------------------

def test_robots_disallow_is_respected_and_read_once(server):
    server.routes["/robots.txt"] = Reply(body="User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    server.routes["/news/a"] = server.routes["/news/b"] = Reply(body=KAZAKH_VISIT)
    server.routes["/private/c"] = Reply(body=KAZAKH_VISIT)
    urls = [server.url(p) for p in ("/news/a", "/private/c", "/news/b")]
    results = {r.origin if isinstance(r, RawPage) else r.path: r for r in fetch_pages(urls, LOCAL)}
    assert isinstance(results[urls[0]], RawPage) and isinstance(results[urls[2]], RawPage)
    assert _reason(results[urls[1]]) == f"disallowed by {server.url('/robots.txt')}"
    assert server.hits["/robots.txt"] == 1 and server.hits["/private/c"] == 0


def test_robots_rules_for_dipwatch_by_name(server):
    server.routes["/robots.txt"] = Reply(body="User-agent: dipwatch\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
                                         content_type="text/plain")
    server.routes["/news/a"] = Reply(body=KAZAKH_VISIT)
    assert _reason(_fetch(server.url("/news/a"))).startswith("disallowed by")


def test_robots_server_error_disallows_the_site(server):
    server.routes["/robots.txt"] = Reply(503, "busy", "text/plain")
    server.routes["/news/a"] = Reply(body=KAZAKH_VISIT)
    reason = _reason(_fetch(server.url("/news/a")))
    assert "robots.txt answered HTTP 503" in reason and "RFC 9309" in reason
    assert server.hits["/news/a"] == 0


# -- the address guard ------------------------------------------------------------------------

@pytest.mark.parametrize(("host", "said"), [
    ("127.0.0.1", "127.0.0.1 is a loopback address"),
    ("10.0.0.1", "10.0.0.1 is a private address"),
    ("192.168.1.1", "192.168.1.1 is a private address"),
    ("169.254.169.254", "169.254.169.254 is a link-local address"),
    ("0.0.0.0", "0.0.0.0 is an unspecified address"),
    ("[::1]", "::1 is a loopback address"),
    ("[::ffff:127.0.0.1]", "::ffff:127.0.0.1 is an IPv4-mapped loopback address"),
    ("[::ffff:169.254.169.254]", "::ffff:169.254.169.254 is an IPv4-mapped link-local address"),
    ("[fe80::1]", "fe80::1 is a link-local address"),
    ("localhost", "localhost resolves to"),
])
def test_private_addresses_are_refused_by_default(server, host, said):
    url = f"http://{host}:{server.port}/latest/meta-data/"
    reason = _reason(_fetch(url, GUARDED))
    assert reason.startswith(f"refused: {said}") and reason.endswith(HINT)
    assert not server.hits  # refused before any connection


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/", "data:text/html,<p>hi</p>", "gopher://x/"])
def test_only_http_and_https_are_fetched(url):
    reason = _reason(_fetch(url, LOCAL))  # even with private addresses allowed
    assert reason.startswith("refused:") and "only http and https" in reason


@pytest.fixture
def fake_dns(monkeypatch):
    """Resolve made-up public-looking names as a hostile DNS server would; everything else as usual."""
    real = socket.getaddrinfo
    answers: dict[str, list[str]] = {}
    calls: dict[str, int] = {}

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return real(host, port, *args, **kwargs)
        calls[host] = calls.get(host, 0) + 1
        script = answers[host]
        address = script[min(calls[host], len(script)) - 1]
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


def test_a_public_name_resolving_to_loopback_is_refused(server, fake_dns):
    fake_dns["news.example"] = ["127.0.0.1"]
    server.routes["/page"] = Reply(body=KAZAKH_VISIT)
    reason = _reason(_fetch(f"http://news.example:{server.port}/page", GUARDED))
    assert reason == f"refused: news.example resolves to 127.0.0.1, a loopback address {HINT}"
    assert not server.hits


def test_a_name_with_any_private_address_is_refused(server, fake_dns):
    fake_dns["mixed.example"] = ["93.184.215.14", "10.1.2.3"]
    assert "10.1.2.3, a private address" in _reason(_fetch(f"http://mixed.example:{server.port}/", GUARDED))


def test_rebinding_between_check_and_connect_is_refused(server, fake_dns):
    # Public for the checks of the page and of its robots.txt, loopback when the connection is made:
    # the connection goes only to an address checked at that moment.
    fake_dns["rebind.example"] = ["93.184.215.14", "93.184.215.14", "127.0.0.1"]
    server.routes["/page"] = Reply(body=KAZAKH_VISIT)
    reason = _reason(_fetch(f"http://rebind.example:{server.port}/page", GUARDED))
    assert "refused: rebind.example resolves to 127.0.0.1, a loopback address" in reason
    assert not server.hits


def test_redirects_to_private_addresses_are_refused(server):
    # The local server stands for a public site (its host exempted from the guard); where it
    # redirects is checked like any other URL.
    public = FetchPolicy(delay=0, backoff=0, timeout=3, allow_hosts=frozenset({"127.0.0.1"}))
    server.routes["/ok"] = Reply(body=KAZAKH_VISIT)
    server.routes["/to-metadata"] = Reply(302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    server.routes["/to-localhost"] = Reply(302, headers={"Location": server.url("/secret", host="localhost")})
    server.routes["/to-file"] = Reply(302, headers={"Location": "file:///etc/passwd"})
    server.routes["/secret"] = Reply(body=KAZAKH_VISIT)
    assert isinstance(_fetch(server.url("/ok"), public), RawPage)
    assert _reason(_fetch(server.url("/to-metadata"), public)) == (
        "refused: redirected to http://169.254.169.254/latest/meta-data/: "
        f"169.254.169.254 is a link-local address {HINT}"
    )
    assert _reason(_fetch(server.url("/to-localhost"), public)).startswith(
        f"refused: redirected to {server.url('/secret', host='localhost')}: localhost resolves to"
    )
    assert "only http and https" in _reason(_fetch(server.url("/to-file"), public))
    assert server.hits["/secret"] == 0


def test_policy_is_frozen():
    with pytest.raises(FrozenInstanceError):
        FetchPolicy().allow_private = True  # type: ignore[misc]
    assert FetchPolicy().allow_private is False


# -- URL lists and batches --------------------------------------------------------------------

def test_read_url_list(tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "# morning reading\n\nhttps://news.example/a\n  https://news.example/b  \nftp://files.example/c\n"
        "not a url\nhttps://news.example/a\nhttp:///nohost\n", encoding="utf-8",
    )
    items = read_url_list(listing)
    assert items[:2] == ["https://news.example/a", "https://news.example/b"]
    failures = {f.path: f.reason for f in items if isinstance(f, IngestFailure)}
    assert failures == {
        f"{listing}:5": "not an http or https URL: 'ftp://files.example/c'",
        f"{listing}:6": "not a URL (contains spaces): 'not a url'",
        f"{listing}:8": "invalid URL (no host): 'http:///nohost'",
    }
    assert len(items) == 5  # the repeated URL is read once
    assert read_url_list(tmp_path / "missing.txt") == [IngestFailure(str(tmp_path / "missing.txt"),
                                                                     "unreadable: No such file or directory")]


def test_fetch_pages_goes_on_after_failures(server):
    server.routes["/a"] = Reply(body=KAZAKH_VISIT)
    server.routes["/b"] = Reply(body=UZBEK_MARKET)
    bad_line = IngestFailure("urls.txt:3", "not an http or https URL: 'ftp://x'")
    urls = [server.url("/a"), bad_line, server.url("/missing"), server.url("/b", host="localhost"), "file:///etc/passwd"]
    results = list(fetch_pages(urls, LOCAL))
    assert results[0] == bad_line and len(results) == 5
    pages = sorted(r.origin for r in results if isinstance(r, RawPage))
    assert pages == sorted([server.url("/a"), server.url("/b", host="localhost")])
    failed = {r.path for r in results if isinstance(r, IngestFailure)}
    assert failed == {"urls.txt:3", server.url("/missing"), "file:///etc/passwd"}


# -- the command line -------------------------------------------------------------------------

def test_cli_ingest_urls(server, tmp_path):
    server.routes["/world/kazakh-visit.html"] = Reply(body=KAZAKH_VISIT)
    server.routes["/world/uzbek-market.html"] = Reply(body=UZBEK_MARKET)
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{server.url('/world/kazakh-visit.html')}\n{server.url('/world/uzbek-market.html')}\n"
                       f"# a comment\n{server.url('/gone')}\n", encoding="utf-8")
    db = tmp_path / "urls.db"
    runner = CliRunner()
    refused = runner.invoke(app, ["ingest", "--urls", str(listing), "--db", str(db), "--delay", "0", "--engine", "local"])
    assert refused.exit_code == 1
    assert f"127.0.0.1 is a loopback address {HINT}" in refused.output and not server.hits
    result = runner.invoke(app, ["ingest", "--urls", str(listing), "--db", str(db), "--allow-private",
                                 "--delay", "0", "--engine", "local"])
    assert result.exit_code == 1, result.output  # the 404
    assert "2 new, 0 already known, 1 failed" in result.output
    assert f"{server.url('/gone')}: HTTP 404 Not Found" in result.output
    assert Store.open(db).counts()["documents"] == 2
