"""The least an ingest can cost with this model: dipwatch's stages against an oracle screen.

    .venv/bin/python bench/floor.py --corpus DIR [--docs 300] [--repeat 3]

The screen sends to spaCy every sentence that has a trigger word and an actor, most of which hold
no event ("aid was cut in 2021"). No screen can send fewer sentences than an oracle that knows
which ones hold the events: this script runs dipwatch in this process on the first `--docs`
documents, then parses again only the sentences that the events' evidence comes from (every
other character blanked, as the screen does) and extracts from those. It prints the CPU ms per
article of each stage, the end-to-end ingest's (`ingest_paths` into a fresh SQLite store, after
a warm-up ingest of `--warm`), and the **floor**: the ingest with the parsing and extraction of
the oracle's sentences in place of the screen's. The screen itself stays in the floor (an oracle
costs at least what a screen costs), and so does reading the pages. Every stage runs `--repeat`
times and its least CPU time counts: on a shared VM the same work takes up to a third longer
when a neighbour is busy.

The oracle's events are not all the real ones (a sentence's neighbours carry dates and the actors
that "he" and "the two sides" refer to): the table gives both counts. It is a bound on what a
better screen could buy, not a way to run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import SAMPLE, command_line, copy_documents, load_text, machine, machine_line, now, save_result, table, update_section  # noqa: E402
from baseline import corpus_files  # noqa: E402

T = TypeVar("T")


def timed(function: Callable[[], T]) -> tuple[T, float]:
    started = time.process_time()
    result = function()
    return result, time.process_time() - started


def oracle_text(text: str, spans: list[tuple[int, int]]) -> str:
    """The text blanked as the screen blanks it (`_blank`: line breaks kept), everywhere outside
    the (start, end) spans."""
    from dipwatch.nlp.screen import _blank

    gaps, done = [], 0
    for start, end in sorted(spans):
        if start > done:
            gaps.append((done, start))
        done = max(done, end)
    gaps.append((done, len(text)))
    return _blank(text, gaps)


def measure(corpus: Path, docs: int, warm: Path, repeat: int) -> dict[str, Any]:
    from dipwatch.engines import LocalEngine
    from dipwatch.extract import extract_events
    from dipwatch.ingest.article import read_articles
    from dipwatch.knowledge import load_knowledge
    from dipwatch.nlp import DEFAULT_MODEL, load_nlp, load_screen
    from dipwatch.pipeline import _parsed, ingest_paths
    from dipwatch.records import Article
    from dipwatch.store import Store

    knowledge = load_knowledge()
    nlp, screen = load_nlp(DEFAULT_MODEL, knowledge), load_screen(DEFAULT_MODEL, knowledge)
    files = corpus_files(corpus, docs)
    # each stage's least time over the rounds: a shared VM adds, never takes away
    spent: dict[str, float] = {}

    def keep_least(stage: str, seconds: float) -> None:
        spent[stage] = min(seconds, spent.get(stage, seconds))

    def parse_and_extract(pairs: list[tuple[Article, str]], whose: str) -> tuple[list[list[Any]], int]:
        parsed, parsing = timed(lambda: _parsed(nlp, [text for _, text in pairs]))
        events, extracting = timed(lambda: [extract_events(a, d, knowledge) for (a, _), d in zip(pairs, parsed)])
        keep_least(f"parse: {whose} sentences", parsing)
        keep_least(f"extract: {whose} sentences", extracting)
        return events, sum(sum(1 for t in d if not t.is_space) for d in parsed)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "docs"
        copy_documents(files, folder)
        ingest_paths([warm], Store.open(Path(tmp) / "warm.db"), engine=LocalEngine())
        for round_ in range(repeat):
            store = Store.open(Path(tmp) / f"floor-{round_}.db")
            report, seconds = timed(lambda: ingest_paths([folder], store, engine=LocalEngine()))
            keep_least("end to end (ingest_paths)", seconds)
            read, seconds = timed(lambda: [a for a in read_articles(files) if isinstance(a, Article) and a.language == "en"])
            keep_least("read, clean, date, language", seconds)
            screened, seconds = timed(lambda: [screen(a.text) for a in read])
            keep_least("screen", seconds)
            kept = [(a, s.text) for a, s in zip(read, screened) if s.kept]
            events, tokens = parse_and_extract(kept, "screen's")
            evidence = [(a, oracle_text(a.text, [(e.start, e.end) for e in found]))
                        for (a, _), found in zip(kept, events) if found]
            oracle_events, oracle_tokens = parse_and_extract(evidence, "oracle's")

    floor = (spent["end to end (ingest_paths)"] - spent["parse: screen's sentences"] - spent["extract: screen's sentences"]
             + spent["parse: oracle's sentences"] + spent["extract: oracle's sentences"])
    spent["floor (end to end with the oracle's parse and extraction)"] = floor
    return {
        "docs": len(files), "english": len(read), "sentences": report.sentences, "rounds": repeat,
        "screen_sentences": report.parsed_sentences, "screen_docs": len(kept), "oracle_docs": len(evidence),
        "screen_tokens": tokens, "oracle_tokens": oracle_tokens,
        "events": sum(map(len, events)), "oracle_events": sum(map(len, oracle_events)),
        "ms": {stage: round(1000 * seconds / len(files), 2) for stage, seconds in spent.items()},
        "floor_articles_per_s_per_core": round(len(files) / floor, 1),
        "end_to_end_articles_per_s_per_core": round(len(files) / spent["end to end (ingest_paths)"], 1),
    }


def render(entry: dict[str, Any]) -> str:
    rows = [[stage, f"{ms:.2f}"] for stage, ms in entry["ms"].items()]
    return "\n".join([
        "## Floor: dipwatch's stages against an oracle screen (`bench/floor.py`)", "",
        f"`{entry['command']}` — {entry['when']}; load average {entry['load_before']} → {entry['load_after']}", "",
        f"Machine: {machine_line(entry['machine'])}", "",
        f"{entry['docs']:,} documents ({entry['english']:,} in English), {entry['sentences']:,} sentences. The screen "
        f"sent {entry['screen_sentences']:,} sentences of {entry['screen_docs']:,} documents to spaCy "
        f"({entry['screen_tokens']:,} tokens, {entry['events']:,} events); the oracle, the evidence sentences of "
        f"{entry['oracle_docs']:,} documents ({entry['oracle_tokens']:,} tokens, {entry['oracle_events']:,} events).", "",
        table(["stage", f"CPU ms per article (least of {entry['rounds']} rounds)"], rows), "",
        f"End to end: **{entry['end_to_end_articles_per_s_per_core']} articles/s per core**; floor with an oracle "
        f"screen: **{entry['floor_articles_per_s_per_core']} articles/s per core**.",
    ])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--warm", type=Path, default=SAMPLE, help="ingested first, not counted")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; each stage's least time is kept")
    parser.add_argument("--no-save", action="store_true", help="print only: leave results.json and RESULTS.md alone")
    args = parser.parse_args(argv)
    load_before = load_text()
    entry = measure(args.corpus, args.docs, args.warm, args.repeat)
    entry.update(command=command_line(), when=now(), load_before=load_before, load_after=load_text(), machine=machine())
    text = render(entry)
    print(text)
    if not args.no_save:
        save_result("floor", str(args.docs), entry)
        update_section("floor", text)


if __name__ == "__main__":
    main()
