"""Where an ingest's CPU goes: wrapped timers (or cProfile) around one in-process ingest.

    .venv/bin/python bench/profile_ingest.py --corpus DIR [--docs 300] [--warm DIR] [--cprofile OUT]

Copies the first `--docs` documents of the corpus (with their sidecars) to a temporary folder,
loads the pipeline, ingests `--warm` (default: the sample corpus) into a throw-away database so
that one-time costs (imports, dateparser's and countrynames' tables) are not counted, then
ingests the documents in this process (`LocalEngine`) into a fresh database and prints the CPU
ms per article of the whole ingest and of its stages: each spaCy component (`nlp.pipe` over a
batch), the screen, reading and cleaning, extraction, the store. A stage's time includes what it
calls (`parse` holds the components). With `--cprofile OUT` it writes a cProfile of the same
ingest instead (Cython parts of spaCy show as whole calls; slower under the profiler).
Timers wrap the functions of this process only: nothing in `src/` changes.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import SAMPLE, copy_documents  # noqa: E402
from baseline import corpus_files  # noqa: E402

spent: Counter[str] = Counter()


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def timed(key: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[key] += time.process_time() - started

    return wrapper


class TimedComponent:
    """A pipeline component whose `pipe` (or call) is timed; everything else is the component's."""

    def __init__(self, name: str, component: Any) -> None:
        self.name, self.component = name, component

    def __call__(self, doc: Any) -> Any:
        return timed(self.name, self.component)(doc)

    def pipe(self, docs: Iterable[Any], **kwargs: Any) -> Iterator[Any]:
        docs = list(docs)  # (the previous component's work is not this one's)
        started = time.process_time()
        if hasattr(self.component, "pipe"):
            done = list(self.component.pipe(docs, **kwargs))
        else:
            done = [self.component(doc) for doc in docs]
        spent[self.name] += time.process_time() - started
        return iter(done)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.component, name)


def wrap_stages() -> None:
    import dipwatch.pipeline as pipeline
    from dipwatch.knowledge import load_knowledge
    from dipwatch.nlp import DEFAULT_MODEL, load_nlp
    from dipwatch.nlp.screen import Screen
    from dipwatch.store import Store

    nlp = load_nlp(DEFAULT_MODEL, load_knowledge())  # the instance the ingest uses (cached by these arguments)
    nlp._components = [(name, TimedComponent(f"spacy {name}", component)) for name, component in nlp._components]
    nlp.tokenizer = TimedComponent("spacy tokenizer", nlp.tokenizer)
    pipeline._parsed = timed("parse (all of spaCy but the tokenizer's share in the screen)", pipeline._parsed)
    pipeline.extract_events = timed("extraction rules", pipeline.extract_events)
    pipeline.read_source = timed("read, clean, date, language", pipeline.read_source)
    Screen.__call__ = timed("screen", Screen.__call__)
    for name, key in (("add", "store writes"), ("add_all", "store writes"),  # (older commits have the first two)
                      ("has_document", "store: already stored?"), ("stored_hashes", "store: already stored?")):
        if hasattr(Store, name):
            setattr(Store, name, timed(key, getattr(Store, name)))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--warm", type=Path, default=SAMPLE, help="ingested first, not counted")
    parser.add_argument("--cprofile", type=Path, help="write a cProfile here instead of timing stages")
    args = parser.parse_args(argv)

    from dipwatch.engines import LocalEngine
    from dipwatch.pipeline import ingest_paths
    from dipwatch.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        files = corpus_files(args.corpus, args.docs)
        copy_documents(files, folder)
        ingest_paths([args.warm], Store.open(Path(tmp) / "warm.db"), engine=LocalEngine())
        store = Store.open(Path(tmp) / "profile.db")
        if args.cprofile:
            profile = cProfile.Profile()
            started = cpu()
            profile.runcall(ingest_paths, [folder], store, engine=LocalEngine())
            profile.dump_stats(args.cprofile)
            print(f"{len(files)} documents, {1000 * (cpu() - started) / len(files):.1f} CPU ms per article "
                  f"under cProfile; written to {args.cprofile}")
            return
        wrap_stages()
        started = cpu()
        report = ingest_paths([folder], store, engine=LocalEngine())
        total = cpu() - started
    print(f"{len(files)} documents ({report.count('new')} new, {report.events} events, "
          f"{report.parsed_sentences} of {report.sentences} sentences parsed): "
          f"{1000 * total / len(files):.2f} CPU ms per article")
    for key, seconds in spent.most_common():
        print(f"  {key:62s} {1000 * seconds / len(files):6.2f}")


if __name__ == "__main__":
    main()
