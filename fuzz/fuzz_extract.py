"""Coverage-guided fuzzing (atheris, libFuzzer) of the path every file takes: bytes -> decode -> clean
-> publication date -> language -> sentences -> events, and of the event date resolver (issue 7).

    python fuzz/fuzz_extract.py -max_total_time=30 [-artifact_prefix=DIR/] [CORPUS_DIR]

Only dipwatch's own modules are instrumented (spaCy, lxml and trafilatura run uninstrumented).
A crash is any exception other than IngestError, or a broken property: an event whose offsets
leave the cleaned text, whose evidence is not `text[start:end]`, or whose date is after the
publication date. tests/robustness/test_atheris.py runs this for a bounded time in CI.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["dipwatch"]):
    from dipwatch.extract import extract_events
    from dipwatch.extract.timex import resolve_date
    from dipwatch.ingest import IngestError, article_from_bytes
    from dipwatch.knowledge import load_knowledge
    from dipwatch.nlp import load_nlp
    from dipwatch.records import PartialDate

KNOWLEDGE = load_knowledge()
NLP = load_nlp(knowledge=KNOWLEDGE)
WORDS = (
    "Russia the Taliban Muttaqi Pakistan India's Kabul Moscow Uzbekistan China Iran Germany it they group "
    "recognised recognise not never visited met accredited envoy ambassador embassy closed reopened sanctioned "
    "struck attacked denied threatened will may signed agreement with delegation sent to on Thursday last week "
    "in March 2025 July 4 yesterday ago earlier this month next said . , ; — “ ” 's and but after before"
).split() + ["\n", "\n\n"]
SEEDS = [
    b"Russia recognised the Taliban government on Thursday.\n\nMuttaqi met India's envoy last week.",
    b"<html><body><article><p>Pakistan struck targets in Afghanistan in March, officials said.</p></article></body></html>",
    b"Uzbekistan did not recognise the Taliban.",
]


def _published(fdp: atheris.FuzzedDataProvider) -> PartialDate | None:
    kind = fdp.ConsumeIntInRange(0, 3)
    if kind == 0:
        return None
    year = fdp.ConsumeIntInRange(1900, 2100)
    if kind == 1:
        return PartialDate(year)
    month = fdp.ConsumeIntInRange(1, 12)
    return PartialDate(year, month) if kind == 2 else PartialDate(year, month, fdp.ConsumeIntInRange(1, 28))


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    target = fdp.ConsumeIntInRange(0, 3)
    published = _published(fdp)
    if target == 0:  # the date resolver alone
        resolved = resolve_date(fdp.ConsumeUnicodeNoSurrogates(60), published)
        if resolved is not None and published is not None:
            assert resolved.first_day() <= published.last_day(), (resolved, published)
        return
    fmt = "html" if target == 1 else "text"
    sidecar = {"published": str(published)} if published else None
    if target == 3:  # news-like text made of the words the extractor reacts to
        count = fdp.ConsumeIntInRange(0, 80)
        data = " ".join(WORDS[fdp.ConsumeIntInRange(0, len(WORDS) - 1)] for _ in range(count)).encode()
    else:
        data = fdp.ConsumeBytes(4096)
    try:
        article = article_from_bytes(data, doc="f", source_path=f"f.{fmt}", source_format=fmt, sidecar=sidecar)
    except IngestError:
        return
    for event in extract_events(article, NLP(article.text), KNOWLEDGE):
        assert 0 <= event.start < event.end <= len(article.text), event
        assert event.evidence == article.text[event.start : event.end], event
        if event.date is not None and article.published is not None:
            assert event.date.first_day() <= article.published.last_day(), event


def main() -> None:
    argv = list(sys.argv)
    if not any(not a.startswith("-") for a in argv[1:]):  # no corpus folder given: start from the seeds
        for seed in SEEDS:
            test_one_input(seed)
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
