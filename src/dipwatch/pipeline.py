"""Run the stages in order: ingest -> nlp -> extract -> store.

`ingest_paths(paths, store)` reads every file, skips text already stored (by content hash)
before any NLP, extracts events from the rest and writes each document with its events in one
transaction. A bad file becomes a failed outcome with its reason; the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .extract import extract_events
from .ingest import RawPage, SourceFile, find_sources, iter_sources, read_source
from .knowledge import Knowledge, load_knowledge
from .nlp import DEFAULT_MODEL, load_nlp
from .records import Article, Event, IngestFailure
from .store import Store

__all__ = ["FileOutcome", "RunReport", "count_sources", "extract_article", "ingest_paths", "ingest_sources"]


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What happened to one input file: `new`, `known` (already stored) or `failed`."""

    path: str
    outcome: str
    reason: str = ""
    events: int = 0
    doc: str = ""
    warnings: tuple[str, ...] = ()


@dataclass
class RunReport:
    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for o in self.outcomes if o.outcome == outcome)

    @property
    def events(self) -> int:
        return sum(o.events for o in self.outcomes)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.outcome == "failed"]


def extract_article(article: Article, *, model: str = DEFAULT_MODEL, knowledge: Knowledge | None = None) -> list[Event]:
    """Events of one article (English only: other languages are stored without events)."""
    if article.language != "en":
        return []
    knowledge = knowledge or load_knowledge()
    doc = load_nlp(model, knowledge)(article.text)
    return extract_events(article, doc, knowledge)


def count_sources(paths: Iterable[str | Path]) -> int:
    return sum(1 for _ in find_sources(paths))


def ingest_paths(
    paths: Iterable[str | Path],
    store: Store,
    *,
    model: str = DEFAULT_MODEL,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> RunReport:
    """Ingest files and folders into the store; never raises for a bad input file."""
    return ingest_sources(iter_sources(paths), store, model=model, on_file=on_file)


def ingest_sources(
    sources: Iterable[SourceFile | RawPage | IngestFailure],
    store: Store,
    *,
    model: str = DEFAULT_MODEL,
    on_file: Callable[[FileOutcome], None] | None = None,
) -> RunReport:
    """Ingest article files and fetched pages (an IngestFailure passes through as a failed outcome)."""
    knowledge = load_knowledge()
    report = RunReport()
    for source in sources:
        item = source if isinstance(source, IngestFailure) else read_source(source)
        outcome = _ingest_one(item, store, model, knowledge)
        report.outcomes.append(outcome)
        if on_file is not None:
            on_file(outcome)
    return report


def _ingest_one(item: Article | IngestFailure, store: Store, model: str, knowledge: Knowledge) -> FileOutcome:
    if isinstance(item, IngestFailure):
        return FileOutcome(item.path, "failed", item.reason)
    if store.has_document(item.content_hash):
        return FileOutcome(item.source_path, "known", doc=item.doc, warnings=item.warnings)
    try:
        found = extract_article(item, model=model, knowledge=knowledge)
    except Exception as exc:  # an extractor bug on one article must not stop the batch
        message = " ".join(str(exc).split())[:200]  # one line, whatever the library said
        return FileOutcome(item.source_path, "failed", f"extraction failed: {type(exc).__name__}: {message}", doc=item.doc)
    document_id = store.add(item, found, knowledge.version)
    if document_id is None:
        return FileOutcome(item.source_path, "known", doc=item.doc, warnings=item.warnings)
    return FileOutcome(item.source_path, "new", events=len(found), doc=item.doc, warnings=item.warnings)
