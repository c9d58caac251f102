"""Fit the confidence model (knowledge/data/confidence.yaml) on a gold set, and show its reliability.

usage: python tools/fit_confidence.py [--gold GOLD.jsonl --corpus PATH] [--check GOLD.jsonl PATH] [--pool] [--write]

By default it fits on the bundled sample corpus's gold events (ours, written for the project)
and checks the result on another gold set given with --check (the development seeds), so the
reliability it prints is measured on documents the weights never saw. Matching is the
official scorer's strict key (actor, type, target, status) per document, unordered types
either way round.

--pool fits on both gold sets together instead, and reports reliability leave-one-document-out:
each document's events are scored by a model fitted on all the other documents, so every
number printed is still measured on a document its weights never saw. --write saves the
weights fitted on everything the run used.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path

import numpy as np
import yaml

from dipwatch.extract.confidence import SIGNALS
from dipwatch.ingest import read_articles
from dipwatch.knowledge import load_knowledge
from dipwatch.pipeline import extract_article
from dipwatch.records import UNKNOWN_ACTOR, UNORDERED_TYPES, Article

FOCUS = {"AFG", "AFG_REP"}


def _key(actor: str, kind: str, target: str, status: str) -> tuple[str, str, str, str]:
    if kind in UNORDERED_TYPES and target < actor:
        actor, target = target, actor
    return actor, kind, target, status


Row = tuple[dict[str, float], bool, float, str]  # signals, matches gold, current confidence, document


def labelled(gold_path: Path, corpus: Path) -> list[Row]:
    """(signals, matches gold, current confidence) for every in-focus event of the gold's documents."""
    gold: dict[str, Counter] = defaultdict(Counter)
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            g = json.loads(line)
            gold[g["doc"]][_key(g["actor"], g["type"], g["target"], g["status"])] += 1
    knowledge = load_knowledge()
    rows = []
    for article in read_articles([corpus]):
        if not isinstance(article, Article) or article.doc not in gold:
            continue
        events = [e for e in extract_article(article, knowledge=knowledge)
                  if e.actor != UNKNOWN_ACTOR and (e.actor in FOCUS or e.target in FOCUS)]
        for event in sorted(events, key=lambda e: -e.confidence):
            key = _key(event.actor, str(event.type), event.target, str(event.status))
            hit = gold[article.doc][key] > 0
            gold[article.doc][key] -= hit
            rows.append((dict(event.signals), hit, event.confidence, article.doc))
    return rows


def fit(rows: list[Row], l2: float = 1.0, steps: int = 5000) -> dict[str, object]:
    x = np.array([[s.get(name, 0.0) for name in SIGNALS] for s, _, _, _ in rows])
    y = np.array([float(hit) for _, hit, _, _ in rows])
    w, b = np.zeros(len(SIGNALS)), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        w -= 0.1 * (x.T @ (p - y) / len(y) + l2 * w / len(y))
        b -= 0.1 * float(np.mean(p - y))
    return {"bias": round(b, 3), "weights": {n: round(float(v), 3) for n, v in zip(SIGNALS, w)}}


def held_out(rows: list[Row]) -> list[tuple[float, bool]]:
    """(confidence from a model fitted without the row's document, matches gold) for every row."""
    from dipwatch.extract.confidence import confidence

    scored = []
    for doc in sorted({row[3] for row in rows}):
        model = fit([row for row in rows if row[3] != doc])
        scored += [(confidence(signals, model), hit) for signals, hit, _, d in rows if d == doc]
    return scored


def reliability(rows: list[Row], model: dict[str, object]) -> str:
    from dipwatch.extract.confidence import confidence

    return reliability_of([(confidence(signals, model), hit) for signals, hit, _, _ in rows])


def reliability_of(scored: list[tuple[float, bool]]) -> str:
    # the bins of the README's reliability table, and the target (>= 0.8) as one line
    edges = ((0.9, ">= 0.9"), (0.8, "0.8-0.9"), (0.7, "0.7-0.8"), (0.0, "< 0.7"))
    bins: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for value, hit in scored:
        for label in (next(label for edge, label in edges if value >= edge), *((">= 0.8 (all)",) if value >= 0.8 else ())):
            bins[label][0] += 1
            bins[label][1] += hit
    order = [label for _, label in edges] + [">= 0.8 (all)"]
    return "\n".join(f"  {label:>12}  precision {bins[label][1] / bins[label][0]:.2f}  ({bins[label][1]}/{bins[label][0]})"
                     for label in order if bins[label][0])


def main() -> None:
    sample = Path(str(resources.files("dipwatch") / "sample_corpus"))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=sample / "gold.jsonl")
    ap.add_argument("--corpus", type=Path, default=sample)
    ap.add_argument("--check", nargs=2, type=Path, metavar=("GOLD", "CORPUS"))
    ap.add_argument("--pool", action="store_true", help="fit on both gold sets, report leave-one-document-out")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    rows = labelled(args.gold, args.corpus)
    if args.pool and args.check:
        checked = labelled(*args.check)
        scored = held_out(rows + checked)
        print(f"reliability leave-one-document-out on {args.corpus} ({len(rows)} events):\n" + reliability_of(scored[: len(rows)]))
        print(f"reliability leave-one-document-out on {args.check[1]} ({len(checked)} events):\n" + reliability_of(scored[len(rows):]))
        rows += checked
    model = fit(rows)
    print(f"fitted on {len(rows)} events:", json.dumps(model))
    print("reliability on the fitting set:\n" + reliability(rows, model))
    if args.check and not args.pool:
        checked = labelled(*args.check)
        print(f"reliability on {args.check[1]} ({len(checked)} events, not used for fitting):\n" + reliability(checked, model))
    if args.write:
        path = Path(str(resources.files("dipwatch.knowledge") / "data" / "confidence.yaml"))
        head = path.read_text(encoding="utf-8").split("schema_version")[0]
        path.write_text(head + yaml.safe_dump({"schema_version": 1, **model}, sort_keys=False), encoding="utf-8")
        print("wrote", path)


if __name__ == "__main__":
    main()
