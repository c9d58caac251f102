"""Pages from URLs, fetched politely and safely: `fetch_pages(urls, policy)` -> RawPage | IngestFailure.

dipwatch fetches whatever URLs a user's list or a feed names, so a hostile feed (or a redirect from
a page in it) must not be able to make it read the machine's own services or its cloud metadata
endpoint (server-side request forgery). The guard, unless `FetchPolicy.allow_private`:

* only `http:` and `https:` URLs are fetched (never `file:`, `ftp:`, `data:` ...);
* the host is resolved with `socket.getaddrinfo` and refused if ANY of its addresses is private,
  loopback, link-local, multicast, reserved, unspecified or otherwise not public (IPv4 addresses
  embedded in IPv6 ones, such as `::ffff:127.0.0.1`, are judged as the IPv4 address they carry);
* redirects are followed by hand (at most `max_redirects`), and every hop is checked again;
* the connection itself goes to an address checked at connect time: the HTTP client's network
  backend resolves the host, checks every address and connects to a checked one (TLS still
  verifies the certificate for the host name). So a name that resolves to a public address for
  the first check and to 127.0.0.1 a moment later (DNS rebinding) is refused, not fetched.

Residual risks: name resolution itself is not bounded by the timeout (the system resolver's own
limits apply); environment proxies are ignored (a proxy would resolve names where we cannot check
them); a public host can still serve hostile content, which the ingest stage treats as any page.

Politeness: robots.txt is read once per site and run (RFC 9309: a 4xx robots.txt allows
everything; a 5xx, a timeout or a refused robots.txt means "disallow everything" for that run,
and the pages fail with that reason); requests to one host are `delay` seconds apart; 5xx, 429
and connection errors are retried with backoff, honouring Retry-After up to a cap.
"""

from __future__ import annotations

import email.utils
import functools
import ipaddress
import queue
import socket
import ssl
import threading
import time
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.robotparser import RobotFileParser

import httpcore
import httpx

from .. import __version__
from ..records import IngestFailure
from .article import MAX_BYTES, RawPage
from ..errors import one_line
from .urls import doc_name

__all__ = [
    "PAGE_TYPES", "USER_AGENT", "FetchPolicy", "Fetched", "Fetcher", "address_problem", "fetch_pages",
    "read_url_list", "url_problem",
]

USER_AGENT = f"dipwatch/{__version__} (+https://github.com/dipwatch)"
PAGE_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text"}
_SCHEMES = ("http", "https")
_REDIRECTS = {301, 302, 303, 307, 308}
_ROBOTS_LIMIT = 512 * 1024  # RFC 9309: parse at least 500 KiB, ignore the rest
_HINT = "(use --allow-private to fetch it)"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How to fetch: limits, retries, politeness and the address guard. Every field has a safe default."""

    timeout: float = 20.0  # seconds for one attempt at a page: the connection, each read, the whole body
    max_bytes: int = MAX_BYTES  # a longer body is abandoned as "too large"
    retries: int = 2  # further attempts after a connection error, a 5xx or a 429
    backoff: float = 1.0  # seconds before the first retry, doubled for each next one
    max_retry_after: float = 60.0  # a longer Retry-After gives up instead of waiting
    delay: float = 1.0  # seconds between two requests to one host
    user_agent: str = USER_AGENT
    allow_private: bool = False  # fetch private, loopback, link-local ... addresses too
    allow_hosts: frozenset[str] = frozenset()  # host names exempt from the address guard (an intranet mirror)
    max_redirects: int = 5
    workers: int = 4  # hosts fetched at once (one host's pages are always fetched one after another)


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful GET: the body and where it came from."""

    url: str  # as asked
    final_url: str  # after redirects
    content_type: str  # the Content-Type header as sent ("" if none)
    data: bytes

    @property
    def media_type(self) -> str:
        return _media_type(self.content_type)


class Refused(Exception):
    """The address guard's verdict, raised where the connection would be made."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# -- the address guard -------------------------------------------------------------------------

def _article(word: str) -> str:
    return f"an {word}" if word[:1].lower() in "aeiou" else f"a {word}"


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[str, ipaddress.IPv4Address] | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, Teredo client, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return "IPv4-mapped", ip.ipv4_mapped
    if ip.sixtofour is not None:
        return "6to4", ip.sixtofour
    if ip.teredo is not None:
        return "Teredo", ip.teredo[1]
    if ip in ipaddress.IPv6Network("64:ff9b::/96"):
        return "NAT64", ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why a connection to this address is refused ("a loopback address"), or None for a public one."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            kind, inner = embedded
            problem = address_problem(inner)
            if kind == "IPv4-mapped" or problem:  # a mapped address IS the IPv4 one, on a dual-stack socket
                return _article(f"{kind} {problem.split(' ', 1)[1]}") if problem else None
    for attribute, word in (
        ("is_unspecified", "unspecified"), ("is_loopback", "loopback"), ("is_link_local", "link-local"),
        ("is_multicast", "multicast"), ("is_private", "private"), ("is_reserved", "reserved"),
    ):
        if getattr(ip, attribute):
            return _article(f"{word} address")
    return None if ip.is_global else "a non-public address"


def _resolve(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Every address the host resolves to, in resolver order (raises socket.gaierror)."""
    found: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = []
    for *_, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
        ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if ip not in found:
            found.append(ip)
    return found


def _host_exempt(host: str, policy: FetchPolicy) -> bool:
    return policy.allow_private or host.lower().rstrip(".").strip("[]") in policy.allow_hosts


def _checked_addresses(host: str, port: int, policy: FetchPolicy) -> list[str]:
    """The host's addresses, every one checked (raises Refused naming the first bad one, or socket.gaierror)."""
    addresses = _resolve(host, port)
    if not addresses:
        raise socket.gaierror(f"no address for {host}")
    if _host_exempt(host, policy):
        return [str(a) for a in addresses]
    for address in addresses:
        problem = address_problem(address)
        if problem:
            said = f"{host.strip('[]')} is {problem}" if _is_ip_literal(host) else f"{host} resolves to {address}, {problem}"
            raise Refused(f"{said} {_HINT}")
    return [str(a) for a in addresses]


def _is_ip_literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def url_problem(url: str, policy: FetchPolicy) -> str | None:
    """Why this URL may not be fetched (scheme, host, address), or None. Resolves the host."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        return f"invalid URL: {one_line(exc)}"
    if parsed.scheme not in _SCHEMES:
        shown = f"{parsed.scheme!r} URLs are" if parsed.scheme else "a URL without a scheme is"
        return f"refused: {shown} not fetched (only http and https)"
    if not parsed.host:
        return "invalid URL: no host"
    try:
        _checked_addresses(parsed.host, parsed.port or (443 if parsed.scheme == "https" else 80), policy)
    except Refused as exc:
        return f"refused: {exc.reason}"
    except (socket.gaierror, UnicodeError) as exc:
        return f"cannot resolve host {parsed.host}: {one_line(getattr(exc, 'strerror', None) or exc)}"
    return None


class _GuardedBackend(httpcore.SyncBackend):
    """httpcore's socket backend, connecting only to addresses the guard has just checked."""

    def __init__(self, policy: FetchPolicy) -> None:
        self.policy = policy

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        try:
            addresses = _checked_addresses(host, port, self.policy)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve host {host}: {getattr(exc, 'strerror', None) or exc}") from exc
        last: Exception | None = None
        for address in addresses:  # connect to the checked address itself: no second lookup to rebind
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise Refused("unix sockets are not fetched")


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """The certificate-verifying TLS context (built once: loading the CA bundle takes a while)."""
    return httpx.create_ssl_context()


def _transport(policy: FetchPolicy) -> httpx.HTTPTransport:
    """httpx's transport with the guarded network backend (httpx 0.28 exposes no option for it)."""
    transport = httpx.HTTPTransport(verify=_ssl_context(), trust_env=False)
    if not isinstance(getattr(transport, "_pool", None), httpcore.ConnectionPool):
        raise RuntimeError("this httpx version builds its transport differently: the address guard cannot be installed")
    transport._pool = httpcore.ConnectionPool(
        ssl_context=_ssl_context(), max_connections=100, max_keepalive_connections=20,
        keepalive_expiry=5.0, network_backend=_GuardedBackend(policy),
    )
    return transport


# -- one GET, with retries ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Failed:
    reason: str
    status: int | None = None  # the HTTP status, when the failure is one
    retry: bool = False  # worth another attempt (a connection error, a 5xx, a 429)
    retry_after: float | None = None
    too_many_redirects: bool = False


@dataclass(frozen=True, slots=True)
class _Redirect:
    location: str


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _seconds(value: float) -> str:
    return f"{value:g} s"


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size:,} bytes"
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds from now (a number of seconds or an HTTP date); None if absent or bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time()) if when.tzinfo else None


@dataclass
class _Host:
    """One host's politeness clock and one site's robots rules (each guarded by its own lock)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    last: float = float("-inf")
    robots: RobotFileParser | str | None = None  # the rules, or the reason everything is refused


class Fetcher:
    """An HTTP client with the address guard, robots.txt, politeness and limits of one FetchPolicy.

    Thread-safe: `fetch_pages` shares one across its worker threads. Use it as a context manager
    (or call `close`); closing also cuts short any politeness or retry wait.
    """

    def __init__(self, policy: FetchPolicy | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self._client = httpx.Client(
            transport=_transport(self.policy), follow_redirects=False, trust_env=False,
            timeout=httpx.Timeout(self.policy.timeout),
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate"},
        )
        self._lock = threading.Lock()
        self._hosts: dict[str, _Host] = {}
        self._sites: dict[str, _Host] = {}
        self._closed = threading.Event()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._closed.set()
        self._client.close()

    def page(self, url: str, meta: Mapping[str, str] | None = None) -> RawPage | IngestFailure:
        """The page at `url` (HTML or plain text), or an IngestFailure naming the URL and the reason.

        The page's origin (its document's source_path) is the URL as given; its sidecar's `url` is
        where the redirects ended, with `meta` (a feed's title and published date) beside it.
        """
        try:
            result = self.fetch(url, accept=PAGE_TYPES)
        except Exception as exc:  # noqa: BLE001 - a bug on one URL must not stop the batch
            return IngestFailure(url, f"unexpected error: {type(exc).__name__}: {one_line(exc)}")
        if isinstance(result, IngestFailure):
            return result
        sidecar = {"url": result.final_url, **{k: v for k, v in (meta or {}).items() if v}}
        return RawPage(origin=url, doc=doc_name(url), data=result.data, format=PAGE_TYPES[result.media_type],
                       sidecar=sidecar)

    def fetch(self, url: str, *, accept: Collection[str] | None = None) -> Fetched | IngestFailure:
        """GET `url` through the guard, robots.txt and redirects; `accept` lists the media types wanted
        (None: any). Never raises for a bad URL or a bad server: returns an IngestFailure."""
        result = self._get(url, accept=accept, robots=True, limit=self.policy.max_bytes, truncate=False)
        return IngestFailure(url, result.reason) if isinstance(result, _Failed) else result

    def _get(self, url: str, *, accept: Collection[str] | None, robots: bool, limit: int,
             truncate: bool) -> Fetched | _Failed:
        current = url
        for hop in range(self.policy.max_redirects + 1):
            via = f" (redirected to {current})" if hop else ""
            problem = url_problem(current, self.policy)
            if problem and hop and problem.startswith("refused: "):
                return _Failed(problem.replace("refused: ", f"refused: redirected to {current}: ", 1))
            if problem:
                return _Failed(problem + via)
            if robots:
                blocked = self._robots_block(current)
                if blocked:
                    return _Failed(blocked + via)
            try:
                reply = self._exchange(current, accept, limit, truncate)
            except Refused as exc:  # the connect-time check disagreed with the first one (DNS rebinding)
                return _Failed(f"refused: {exc.reason}" + via)
            if isinstance(reply, _Redirect):
                current = reply.location
            elif isinstance(reply, _Failed):
                return _Failed(reply.reason + via, reply.status)
            else:
                return Fetched(url=url, final_url=current, content_type=reply[0], data=reply[1])
        return _Failed(f"more than {self.policy.max_redirects} redirects (the last to {current})",
                       too_many_redirects=True)

    def _exchange(self, url: str, accept: Collection[str] | None, limit: int,
                  truncate: bool) -> tuple[str, bytes] | _Redirect | _Failed:
        """One GET of one URL (no redirect followed), retried on a connection error, a 5xx or a 429."""
        attempts = self.policy.retries + 1
        for attempt in range(1, attempts + 1):
            self._wait_turn(url)
            reply = self._attempt(url, accept, limit, truncate)
            if not isinstance(reply, _Failed) or not reply.retry:
                return reply
            wait = self.policy.backoff * 2 ** (attempt - 1)
            if reply.retry_after is not None:
                if reply.retry_after > self.policy.max_retry_after:
                    return _Failed(f"{reply.reason} (Retry-After {_seconds(reply.retry_after)} is longer than "
                                   f"the {_seconds(self.policy.max_retry_after)} this run waits)", reply.status)
                wait = reply.retry_after
            if attempt == attempts or self._closed.wait(wait):
                break
        suffix = f" (after {attempts} attempts)" if attempts > 1 else ""
        return _Failed(reply.reason + suffix, reply.status)

    def _attempt(self, url: str, accept: Collection[str] | None, limit: int,
                 truncate: bool) -> tuple[str, bytes] | _Redirect | _Failed:
        deadline = time.monotonic() + self.policy.timeout
        timed_out = _Failed(f"timed out after {_seconds(self.policy.timeout)}")
        try:
            with self._client.stream("GET", url) as response:
                status = response.status_code
                said = f"HTTP {status} {one_line(response.reason_phrase, 60)}".rstrip()
                if status in _REDIRECTS:
                    location = response.headers.get("location")
                    if not location:
                        return _Failed(f"{said} without a Location", status)
                    try:
                        return _Redirect(str(response.url.join(location.strip())))
                    except (httpx.InvalidURL, ValueError) as exc:
                        return _Failed(f"{said} to an invalid URL: {one_line(exc)}", status)
                if status == 429 or status >= 500:
                    return _Failed(said, status, retry=True, retry_after=_retry_after(response.headers.get("retry-after")))
                if not 200 <= status < 300:
                    return _Failed(said, status)
                content_type = response.headers.get("content-type", "")
                media = _media_type(content_type)
                if accept is not None and media not in accept:
                    wanted = ", ".join(sorted(accept))
                    return _Failed(f"unsupported content type {media or '(none)'!r} (expected {wanted})", status)
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > limit and not truncate:
                    return _Failed(f"too large: {_size(int(declared))}, the limit is {_size(limit)}", status)
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > limit:
                        if truncate:
                            del body[limit:]
                            break
                        return _Failed(f"too large: more than the {_size(limit)} limit (download stopped)", status)
                    if time.monotonic() > deadline:
                        return timed_out
                return content_type, bytes(body)
        except Refused:
            raise
        except httpx.TimeoutException:
            return timed_out
        except httpx.ConnectError as exc:
            return _Failed(f"cannot connect: {one_line(exc) or type(exc).__name__}", retry=True)
        except httpx.HTTPError as exc:
            return _Failed(f"{type(exc).__name__}: {one_line(exc)}")

    def _state(self, table: dict[str, _Host], key: str) -> _Host:
        with self._lock:
            return table.setdefault(key, _Host())

    def _wait_turn(self, url: str) -> None:
        """Sleep until `delay` seconds have passed since the last request to this URL's host."""
        host = self._state(self._hosts, httpx.URL(url).host)
        with host.lock:
            wait = host.last + self.policy.delay - time.monotonic()
            if wait > 0:
                self._closed.wait(wait)
            host.last = time.monotonic()

    # -- robots.txt ----------------------------------------------------------------------------

    def _robots_block(self, url: str) -> str | None:
        """Why robots.txt forbids this URL, or None. Read once per site (scheme, host, port) and run."""
        parsed = httpx.URL(url)
        site = f"{parsed.scheme}://{parsed.netloc.decode('ascii')}"
        state = self._state(self._sites, site)
        with state.lock:
            if state.robots is None:
                state.robots = self._load_robots(site)
        if isinstance(state.robots, str):
            return state.robots
        if not state.robots.can_fetch(self.policy.user_agent, url):
            return f"disallowed by {site}/robots.txt"
        return None

    def _load_robots(self, site: str) -> RobotFileParser | str:
        """The site's rules (RFC 9309): a 4xx or a redirect loop allows everything; a 5xx, a timeout or
        a refusal disallows everything for this run, and the reason says so."""
        rules = RobotFileParser(f"{site}/robots.txt")
        result = self._get(f"{site}/robots.txt", accept=None, robots=False, limit=_ROBOTS_LIMIT, truncate=True)
        if isinstance(result, Fetched):
            rules.parse(result.data.decode("utf-8", "replace").splitlines())
        elif (result.status is not None and 400 <= result.status < 500 and result.status != 429) \
                or result.too_many_redirects:
            rules.allow_all = True
            rules.modified()
        elif result.status is None:  # unreachable: the page would fail the same way
            return f"{result.reason} (reading {site}/robots.txt)"
        else:
            return (f"{site}/robots.txt answered {result.reason}: the site is treated as disallowing "
                    "everything this run (RFC 9309)")
        return rules


# -- many URLs -----------------------------------------------------------------------------------

def _host_key(url: str) -> str:
    try:
        return httpx.URL(url).host
    except (httpx.InvalidURL, TypeError, ValueError):
        return ""


def fetch_pages(
    urls: Iterable[str | IngestFailure],
    policy: FetchPolicy | None = None,
    *,
    meta: Mapping[str, Mapping[str, str]] | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[RawPage | IngestFailure]:
    """The page of every URL, or an IngestFailure naming it and saying why (never raises for a bad URL).

    IngestFailures in `urls` (bad lines of a URL list) pass through first. Up to `policy.workers`
    hosts are fetched at once, each host's URLs one after another in their order; pages are yielded
    as they arrive. `meta` maps a URL to sidecar fields (title, published) to give its page.
    `fetcher` shares one client, robots cache and politeness clock with the caller (feeds).
    """
    items = list(urls)
    for item in items:
        if isinstance(item, IngestFailure):
            yield item
    wanted = [item for item in items if not isinstance(item, IngestFailure)]
    if not wanted:
        return
    if fetcher is None:
        with Fetcher(policy) as own:
            yield from _fetch_all(wanted, own, meta or {})
    else:
        yield from _fetch_all(wanted, fetcher, meta or {})


def _fetch_all(urls: list[str], fetcher: Fetcher, meta: Mapping[str, Mapping[str, str]]) -> Iterator[RawPage | IngestFailure]:
    groups: dict[str, list[str]] = {}
    for url in urls:
        groups.setdefault(_host_key(url), []).append(url)
    work: queue.SimpleQueue[list[str]] = queue.SimpleQueue()
    for group in groups.values():
        work.put(group)
    workers = max(1, min(fetcher.policy.workers, len(groups)))
    done: queue.Queue[RawPage | IngestFailure] = queue.Queue(maxsize=2 * workers)  # back-pressure
    stop = threading.Event()

    def deliver(item: RawPage | IngestFailure) -> bool:
        while not stop.is_set():
            try:
                done.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def work_through() -> None:
        while not stop.is_set():
            try:
                group = work.get_nowait()
            except queue.Empty:
                return
            for url in group:
                if stop.is_set() or not deliver(fetcher.page(url, meta.get(url))):
                    return

    threads = [threading.Thread(target=work_through, name=f"dipwatch-fetch-{n}", daemon=True) for n in range(workers)]
    for thread in threads:
        thread.start()
    try:
        for _ in urls:
            yield done.get()
    finally:
        stop.set()  # a consumer that stops early (Ctrl-C) stops the workers after their current request


# -- URL lists -----------------------------------------------------------------------------------

def read_url_list(path: str | Path) -> list[str | IngestFailure]:
    """The URLs of a list file, one a line (blank lines and `# comments` skipped, duplicates read once);
    a line that is no http(s) URL becomes an IngestFailure naming `FILE:LINE` and the reason."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        return [IngestFailure(name, f"unreadable: {exc.strerror or exc}")]
    except UnicodeDecodeError:
        return [IngestFailure(name, "not a UTF-8 text file of URLs")]
    found: list[str | IngestFailure] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        problem = _syntax_problem(line)
        if problem:
            found.append(IngestFailure(f"{name}:{number}", f"{problem}: {one_line(line, 120)!r}"))
        elif line not in seen:
            seen.add(line)
            found.append(line)
    return found


def _syntax_problem(line: str) -> str | None:
    if any(c.isspace() for c in line):
        return "not a URL (contains spaces)"
    try:
        parsed = httpx.URL(line)
    except (httpx.InvalidURL, ValueError) as exc:
        return f"invalid URL ({one_line(exc, 80)})"
    if parsed.scheme not in _SCHEMES:
        return "not an http or https URL"
    if not parsed.host:
        return "invalid URL (no host)"
    return None
