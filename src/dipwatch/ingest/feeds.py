"""RSS and Atom feeds: poll them, and fetch the pages of the entries not read before.

A feed is fetched by the guarded `Fetcher` (address guard, robots.txt, size and time limits), and
feedparser only parses the bytes: it is handed a stream, never a URL or a string, because given a
string it would fetch a URL or open a file name itself.

Which entries were read is kept in a small JSON file (by default `<database>.feeds.json`, beside
the database; `--state` names another), not in the database: the store's schema belongs to the
store, and a file is easy to inspect, copy or delete (deleting it re-reads every entry once, which
the store's content hashes make harmless). It is written atomically (a temporary file, then
`os.replace`), so a crash never leaves it half-written. An entry counts as read once its page is
stored or known; a page that failed is tried again at the next polls, and given up (marked read)
after MAX_ATTEMPTS failures, so a dead link is not fetched forever.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import feedparser

from ..errors import InputError
from ..records import IngestFailure
from .article import RawPage
from .fetch import Fetched, Fetcher, fetch_pages
from ..errors import one_line

__all__ = ["MAX_ATTEMPTS", "MAX_SEEN", "FeedItem", "FeedRound", "FeedState", "default_state_path", "parse_feed"]

MAX_ATTEMPTS = 3  # polls at which an entry's page may fail before it is given up
MAX_SEEN = 5000  # entries remembered per feed (a feed lists its latest few dozen)
_STATE_VERSION = 1


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One feed entry: its page's URL, its identity (the entry id, else the link) and what the feed says."""

    feed: str
    key: str
    link: str
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD (UTC), from the entry's published or updated date

    def meta(self) -> dict[str, str]:
        """Sidecar fields for the page: what the feed knows better than the page may."""
        return {k: v for k, v in (("title", self.title), ("published", self.published)) if v}


def _day(parsed: time.struct_time | None) -> str | None:
    if not parsed:
        return None
    try:
        return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
    except (ValueError, AttributeError):
        return None


def parse_feed(data: bytes, url: str, content_type: str = "") -> list[FeedItem] | IngestFailure:
    """The entries with a link of an RSS or Atom document, in feed order (relative links resolved
    against `url`), or an IngestFailure naming the feed when the bytes are no feed."""
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    except Exception as exc:  # noqa: BLE001 - whatever the parser trips on, it is this feed's fault
        return IngestFailure(url, f"not an RSS or Atom feed ({type(exc).__name__}: {one_line(exc, 120)})")
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        why = f" ({one_line(parsed.get('bozo_exception', ''), 120)})" if parsed.bozo else ""
        return IngestFailure(url, f"not an RSS or Atom feed{why}")
    items: list[FeedItem] = []
    for entry in parsed.entries:
        link = " ".join(str(entry.get("link") or "").split())
        if not link:
            continue
        title = " ".join(str(entry.get("title") or "").split()) or None
        published = _day(entry.get("published_parsed") or entry.get("updated_parsed"))
        items.append(FeedItem(url, str(entry.get("id") or link), link, title, published))
    return items


def default_state_path(database_url: str) -> Path:
    """`<database>.feeds.json` beside a SQLite database file (raises InputError for any other database)."""
    if not database_url.startswith("sqlite:///") or database_url == "sqlite:///:memory:":
        raise InputError("--state FILE is needed: the database is not a SQLite file to keep the feed state beside")
    return Path(f"{database_url.removeprefix('sqlite:///')}.feeds.json")


class FeedState:
    """Which entries of each feed were read, and how often an unread entry's page failed."""

    def __init__(self, path: Path, feeds: dict[str, dict[str, Any]] | None = None) -> None:
        self.path = path
        self._feeds = feeds or {}

    @classmethod
    def load(cls, path: str | Path) -> FeedState:
        """The state in `path` (empty if there is none yet); raises InputError for a damaged file
        rather than re-reading every feed from scratch unasked."""
        path = Path(path)
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except OSError as exc:
            raise InputError(f"cannot read the feed state {path}: {exc.strerror or exc}") from exc
        try:
            data = json.loads(raw)
            feeds = data["feeds"]
            if data.get("version") != _STATE_VERSION or not isinstance(feeds, dict):
                raise ValueError(f"version {data.get('version')!r}")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(f"the feed state {path} is damaged ({one_line(exc, 80)}): "
                             "delete it to read every feed afresh") from exc
        return cls(path, feeds)

    def _feed(self, feed: str) -> dict[str, Any]:
        entry = self._feeds.setdefault(feed, {})
        entry.setdefault("seen", [])
        entry.setdefault("attempts", {})
        return entry

    def is_new(self, item: FeedItem) -> bool:
        seen = self._feeds.get(item.feed, {}).get("seen", ())
        return item.key not in seen and item.link not in seen

    def settle(self, item: FeedItem, ok: bool) -> None:
        """Record what became of an entry's page: stored or known (ok), or failed once more."""
        feed = self._feed(item.feed)
        if not ok:
            tries = feed["attempts"].get(item.key, 0) + 1
            feed["attempts"][item.key] = tries
            if tries < MAX_ATTEMPTS:
                return
        feed["attempts"].pop(item.key, None)
        feed["seen"].extend(k for k in dict.fromkeys((item.key, item.link)) if k not in feed["seen"])
        del feed["seen"][:-MAX_SEEN]

    def save(self) -> None:
        """Write the state atomically: a temporary file beside it, then os.replace."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"version": _STATE_VERSION, "feeds": self._feeds}, ensure_ascii=False, indent=1)
        handle, temporary = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(payload)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


class FeedRound:
    """One poll of some feeds: `pages()` yields the feeds' failures and the pages of their new entries;
    `settle(path, ok)` is told what became of each (an outcome's path is its entry's link)."""

    def __init__(self, feeds: Iterable[str], state: FeedState, fetcher: Fetcher) -> None:
        self.feeds = list(dict.fromkeys(feeds))
        self.state = state
        self.fetcher = fetcher
        self.items: dict[str, FeedItem] = {}  # the new entries, by link
        self.feeds_read = 0
        self.feeds_failed = 0

    def pages(self) -> Iterator[RawPage | IngestFailure]:
        for feed in self.feeds:
            result = self.fetcher.fetch(feed)
            items = parse_feed(result.data, feed, result.content_type) if isinstance(result, Fetched) else result
            if isinstance(items, IngestFailure):
                self.feeds_failed += 1
                yield items
                continue
            self.feeds_read += 1
            for item in items:
                if self.state.is_new(item) and item.link not in self.items:
                    self.items[item.link] = item
        meta = {link: item.meta() for link, item in self.items.items()}
        yield from fetch_pages(list(self.items), self.fetcher.policy, meta=meta, fetcher=self.fetcher)

    def settle(self, path: str, ok: bool) -> None:
        item = self.items.get(path)
        if item is not None:
            self.state.settle(item, ok)
