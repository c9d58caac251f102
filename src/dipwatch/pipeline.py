"""Run the stages in order: ingest -> nlp -> extract -> store.

`ingest_paths(paths, store)` reads every file, skips text already stored (by content hash)
before any NLP, extracts events from the rest and writes each batch of documents with their
events in one transaction. A bad file becomes a failed outcome with its reason; the batch goes on.

The per-document work (read, clean, screen, parse, extract: `extract_sources`) runs on an engine
(engines.py): this process, local worker processes, or a Dask cluster. The writing stays here,
in input order, so every engine gives the same store.
"""

from __future__ import annotations

import functools
import itertools
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from .engines import Engine, LocalEngine, WorkerCrashed
from .errors import one_line
from .extract import extract_events
from .ingest import RawPage, SourceFile, find_sources, iter_sources, read_source
from .ingest.sources import WarcFile
from .ingest.warc import expand_warcs
from .knowledge import Knowledge, load_knowledge
from .nlp import DEFAULT_MODEL, Screened, bounded_vocab, end_zones, load_nlp, load_screen
from .records import Article, Event, IngestFailure
from .store import Store

__all__ = [
    "Extracted", "FileOutcome", "RunReport", "count_sources", "extract_article", "extract_sources",
    "ingest_paths", "ingest_sources",
]

# Documents per task sent to a worker, per parse in this process and per transaction. The
# screen leaves fewer than half of them to parse (~14 of 32 in generated news), and spaCy's
# parser and NER decode those together, a transition step for all of them at once: 32 cost
# ~2 CPU ms per article less than 8 (bench/RESULTS.md, speed round 3), for ~80 MB more peak RSS
# (the model's activations for 4x the tokens at once; 16: ~1 ms less, +25 MB). A run killed
# meanwhile redoes at most one batch.
BATCH_SIZE = 32
R = TypeVar("R")


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
    """Counts of a run, and its failures (each file's outcome goes to `on_file` as it happens:
    a run of millions of files keeps no list of them)."""

    counts: Counter[str] = field(default_factory=Counter)
    events: int = 0
    failed: list[FileOutcome] = field(default_factory=list)
    seconds: float = 0.0
    sentences: int = 0  # sentences of the new documents (as the screen cuts them)
    parsed_sentences: int = 0  # ... of which the screen sent to the parser
    workers: int = 1

    def count(self, outcome: str) -> int:
        return self.counts[outcome]

    @property
    def inputs(self) -> int:
        return sum(self.counts.values())

    def add(self, outcome: FileOutcome, result: object) -> None:
        self.counts[outcome.outcome] += 1
        self.events += outcome.events
        if outcome.outcome == "failed":
            self.failed.append(outcome)
        elif outcome.outcome == "new" and isinstance(result, Extracted):
            self.sentences += result.sentences
            self.parsed_sentences += result.parsed_sentences


@dataclass(frozen=True, slots=True)
class Extracted:
    """A worker's result for one source: the article and its events, or why there are none."""

    path: str
    article: Article | None = None
    events: tuple[Event, ...] = ()
    failure: str = ""
    known: bool = False  # already in the store: skipped before any NLP
    sentences: int = 0
    parsed_sentences: int = 0


def extract_article(article: Article, *, model: str = DEFAULT_MODEL, knowledge: Knowledge | None = None) -> list[Event]:
    """Events of one article (English only: other languages are stored without events)."""
    if article.language != "en":
        return []
    (result,) = _events_of([article], model, knowledge or load_knowledge())
    if isinstance(result, Exception):
        raise result
    return list(result[0])


def _events_of(articles: list[Article], model: str, knowledge: Knowledge) -> list[tuple[tuple[Event, ...], Screened] | Exception]:
    """Each article's events and how much of it the screen sent to the parser (or the exception
    that stopped it: one article's failure is not its neighbours').

    The screened texts are parsed together (`nlp.pipe`: the same annotations as one call per
    text, with less overhead per document); a text the screen blanked entirely is not parsed at
    all, since no sentence of it can hold an event."""
    screen, nlp = load_screen(model, knowledge), load_nlp(model, knowledge)
    screened = [_attempt(screen, article.text) for article in articles]
    to_parse = [i for i, item in enumerate(screened) if isinstance(item, Screened) and item.kept]
    docs = dict(zip(to_parse, _parsed(nlp, [screened[i].text for i in to_parse])))  # type: ignore[union-attr]
    results: list[tuple[tuple[Event, ...], Screened] | Exception] = []
    for i, (article, item) in enumerate(zip(articles, screened)):
        doc = docs.get(i)
        if isinstance(item, Exception) or isinstance(doc, Exception):
            results.append(item if isinstance(item, Exception) else doc)  # type: ignore[arg-type]
        elif doc is None:
            results.append(((), item))
        else:
            results.append(_attempt(_extracted_events, article, doc, knowledge, item))
    return results


def _extracted_events(article: Article, doc: Doc, knowledge: Knowledge, screened: Screened) -> tuple[tuple[Event, ...], Screened]:
    return tuple(extract_events(article, doc, knowledge)), screened


# spaCy's parser and NER decode the documents of a batch in groups of a quarter of the batch
# size, one transition step for the whole group at a time, and the cost of a step is mostly the
# same for a few documents or many: each call decodes its texts as one group. Each document's
# annotations do not depend on its group.
_TRANSITION_COMPONENTS = ("parser", "ner")


# The model's working memory grows with the text parsed at once, not with the number of
# documents: a batch of 32 long articles would hold several times a usual batch's activations,
# and the longer the corpus, the likelier such a batch, so the peak would grow with the corpus.
# Parsing at most this many characters at once bounds it: batches of 32 generated articles
# keep 55,000 characters for the parser at the median, 83,000 at the 99th percentile.
PARSE_CHARS = 80_000


def _parsed(nlp: Language, texts: list[str]) -> list[Doc | Exception]:
    return [doc for group in _char_bounded(texts, PARSE_CHARS) for doc in _parsed_together(nlp, group)]


def _char_bounded(texts: list[str], limit: int) -> Iterator[list[str]]:
    """Consecutive groups of the texts, each under `limit` characters in all (or a single text)."""
    group: list[str] = []
    size = 0
    for text in texts:
        if group and size + len(text) > limit:
            yield group
            group, size = [], 0
        group.append(text)
        size += len(text)
    if group:
        yield group


def _parsed_together(nlp: Language, texts: list[str]) -> list[Doc | Exception]:
    size = max(1, len(texts))
    one_group = {name: {"batch_size": 4 * size} for name in _TRANSITION_COMPONENTS if name in nlp.pipe_names}
    try:
        return list(nlp.pipe(texts, batch_size=size, component_cfg=one_group))
    except Exception:  # noqa: BLE001 - find the text that failed: parse them one by one
        return [_attempt(nlp, text) for text in texts]


def _attempt(function: Callable[..., R], *args: object) -> R | Exception:
    try:
        return function(*args)
    except Exception as exc:  # noqa: BLE001 - an NLP or extractor bug on one article must not stop the batch
        return exc


def count_sources(paths: Iterable[str | Path]) -> int:
    return sum(1 for _ in find_sources(paths))


def ingest_paths(
    paths: Iterable[str | Path],
    store: Store,
    *,
    model: str = DEFAULT_MODEL,
    on_file: Callable[[FileOutcome], None] | None = None,
    engine: Engine | None = None,
) -> RunReport:
    """Ingest files and folders into the store; never raises for a bad input file."""
    return ingest_sources(iter_sources(paths), store, model=model, on_file=on_file, engine=engine)


def ingest_sources(
    sources: Iterable[SourceFile | WarcFile | RawPage | IngestFailure],
    store: Store,
    *,
    model: str = DEFAULT_MODEL,
    on_file: Callable[[FileOutcome], None] | None = None,
    engine: Engine | None = None,
    batch_size: int = BATCH_SIZE,
) -> RunReport:
    """Ingest article files and fetched pages (an IngestFailure passes through as a failed outcome).

    The sources are extracted on `engine` (default: this process) in batches, and written here
    in their input order, each batch's documents with their events in one transaction."""
    sources = expand_warcs(sources)  # a web archive becomes its pages, read here (not in workers)
    engine = engine or LocalEngine()
    knowledge_version = load_knowledge().version
    if isinstance(engine, LocalEngine):
        work = functools.partial(extract_sources, model=model, store=store)
    else:
        work = functools.partial(extract_sources, model=model, known_in=_known_in(store))
    report = RunReport(workers=engine.workers)
    started = time.perf_counter()
    try:
        for batch, results in _batched_results(engine, work, sources, batch_size):
            for outcome, result in zip(_stored_batch(batch, results, store, knowledge_version), results):
                report.add(outcome, result)
                if on_file is not None:
                    on_file(outcome)
    finally:
        end_zones()  # (those of this process: a worker's end with it)
    report.seconds = time.perf_counter() - started
    return report


def _batched_results(engine: Engine, work: Callable[[list], list[Extracted]],
                     sources: Iterable[SourceFile | RawPage | IngestFailure], size: int) -> Iterator[tuple[list, list]]:
    """(batch, one result per item) in input order."""
    batches = _batches(sources, size)
    held: list[list] = []  # batches in flight, in order

    def sent() -> Iterator[list]:
        for batch in batches:
            held.append(batch)
            yield batch

    for results in engine.map(work, sent()):
        batch = held.pop(0)
        if isinstance(results, WorkerCrashed):
            results = [f"extraction failed: {results}"] * len(batch)
        yield batch, results


def _batches(items: Iterable[object], size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _origin(source: SourceFile | RawPage | IngestFailure) -> str:
    if isinstance(source, IngestFailure):
        return source.path
    return source.origin if isinstance(source, RawPage) else str(source.path)


def _known_in(store: Store) -> str | None:
    """The database workers may ask whether a text is already stored (None: they cannot reach
    it, and the writer finds out at insert time)."""
    return None if store.url == "sqlite:///:memory:" else store.url


def extract_sources(sources: list[SourceFile | RawPage | IngestFailure], *, model: str = DEFAULT_MODEL,
                    known_in: str | None = None, store: Store | None = None) -> list[Extracted]:
    """The work of one batch, done wherever the engine runs it (picklable in, picklable out)."""
    knowledge = load_knowledge()
    lookup = store or (_reader(known_in) if known_in else None)
    with bounded_vocab(model, knowledge, documents=len(sources)):
        read = [_read_one(source) for source in sources]
        read = _known_skipped(read, lookup) if lookup is not None else read
        english = [i for i, item in enumerate(read) if isinstance(item, Article)]
        found = dict(zip(english, _events_of([read[i] for i in english], model, knowledge)))  # type: ignore[misc]
        return [item if isinstance(item, Extracted) else _extracted(item, found[i]) for i, item in enumerate(read)]


@functools.cache
def _reader(url: str) -> Store:
    return Store.open(url, read_only=True)


def _read_one(source: SourceFile | RawPage | IngestFailure) -> Extracted | Article:
    """The outcome of a source that needs no NLP, else its (English) Article."""
    if isinstance(source, IngestFailure):
        return Extracted(source.path, failure=source.reason)
    item = read_source(source)
    if isinstance(item, IngestFailure):
        return Extracted(item.path, failure=item.reason)
    if item.language != "en":  # other languages are stored without events
        return Extracted(item.source_path, item)
    return item


def _known_skipped(read: list[Extracted | Article], store: Store) -> list[Extracted | Article]:
    """The batch with its articles already stored as `known` results (one query for the batch)."""
    stored = store.stored_hashes(article.content_hash for item in read if (article := _read_article(item)))
    return [Extracted(article.source_path, article, known=True)
            if (article := _read_article(item)) is not None and article.content_hash in stored else item
            for item in read]


def _read_article(item: Extracted | Article) -> Article | None:
    """The article a source was read as (None: it could not be read)."""
    if isinstance(item, Article):
        return item
    return None if item.failure else item.article


def _extracted(item: Article, result: tuple[tuple[Event, ...], Screened] | Exception) -> Extracted:
    if isinstance(result, Exception):  # an extractor bug on one article must not stop the batch
        return Extracted(item.source_path, item, failure=f"extraction failed: {type(result).__name__}: {one_line(result)}")
    found, screened = result
    return Extracted(item.source_path, item, found, sentences=screened.sentences, parsed_sentences=screened.kept)


def _stored_batch(batch: list, results: list, store: Store, knowledge_version: str) -> list[FileOutcome]:
    """Each source's outcome, its new documents written in one transaction (`Store.add_all`)
    before any outcome is told: an outcome reported "new" is committed."""
    outcomes: list[FileOutcome | None] = []
    to_store: list[int] = []
    for source, result in zip(batch, results):
        if not isinstance(result, Extracted):
            outcomes.append(FileOutcome(_origin(source), "failed", str(result)))
        elif (outcome := _settled(result)) is not None:
            outcomes.append(outcome)
        else:
            outcomes.append(None)
            to_store.append(len(outcomes) - 1)
    ids = store.add_all([(results[i].article, results[i].events) for i in to_store], knowledge_version)
    for i, document_id in zip(to_store, ids):
        result, item = results[i], results[i].article
        outcomes[i] = FileOutcome(result.path, "new", events=len(result.events), doc=item.doc, warnings=item.warnings) \
            if document_id is not None else FileOutcome(result.path, "known", doc=item.doc, warnings=item.warnings)
    return outcomes  # type: ignore[return-value]


def _settled(result: Extracted) -> FileOutcome | None:
    """The outcome of a result with nothing to write, else None."""
    item = result.article
    if item is None:
        return FileOutcome(result.path, "failed", result.failure)
    if result.failure:
        return FileOutcome(result.path, "failed", result.failure, doc=item.doc)
    if result.known:  # (else a text stored since it was read is found by the insert: None)
        return FileOutcome(result.path, "known", doc=item.doc, warnings=item.warnings)
    return None
