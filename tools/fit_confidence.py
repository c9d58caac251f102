"""Fit the confidence model (knowledge/data/confidence.yaml) on a gold set, and show its reliability.

usage: python tools/fit_confidence.py [--gold GOLD.jsonl --corpus PATH] [--check GOLD.jsonl PATH] [--write]

By default it fits on the bundled sample corpus's gold events (ours, written for the project)
and checks the result on another gold set given with --check (the development seeds), so the
reliability it prints is measured on documents the weights never saw. Matching is the
official scorer's strict key (actor, type, target, status) per document, unordered types
either way round. --write saves the fitted weights.
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


def labelled(gold_path: Path, corpus: Path) -> list[tuple[dict[str, float], bool, float]]:
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
            rows.append((dict(event.signals), hit, event.confidence))
    return rows


def fit(rows: list[tuple[dict[str, float], bool, float]], l2: float = 1.0, steps: int = 5000) -> dict[str, object]:
    x = np.array([[s.get(name, 0.0) for name in SIGNALS] for s, _, _ in rows])
    y = np.array([float(hit) for _, hit, _ in rows])
    w, b = np.zeros(len(SIGNALS)), 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        w -= 0.1 * (x.T @ (p - y) / len(y) + l2 * w / len(y))
        b -= 0.1 * float(np.mean(p - y))
    return {"bias": round(b, 3), "weights": {n: round(float(v), 3) for n, v in zip(SIGNALS, w)}}


def reliability(rows: list[tuple[dict[str, float], bool, float]], model: dict[str, object]) -> str:
    from dipwatch.extract.confidence import confidence

    bins: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for signals, hit, _ in rows:
        value = confidence(signals, model)
        label = ">=0.8" if value >= 0.8 else f"{int(value * 10) / 10:.1f}"
        bins[label][0] += 1
        bins[label][1] += hit
    lines = [f"  {label:>6}  precision {tp / n:.2f}  ({tp}/{n})" for label, (n, tp) in sorted(bins.items())]
    return "\n".join(lines)


def main() -> None:
    sample = Path(str(resources.files("dipwatch") / "sample_corpus"))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=sample / "gold.jsonl")
    ap.add_argument("--corpus", type=Path, default=sample)
    ap.add_argument("--check", nargs=2, type=Path, metavar=("GOLD", "CORPUS"))
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    rows = labelled(args.gold, args.corpus)
    model = fit(rows)
    print(f"fitted on {len(rows)} events of {args.corpus}:", json.dumps(model))
    print("reliability on the fitting set:\n" + reliability(rows, model))
    if args.check:
        checked = labelled(*args.check)
        print(f"reliability on {args.check[1]} ({len(checked)} events, not used for fitting):\n" + reliability(checked, model))
    if args.write:
        path = Path(str(resources.files("dipwatch.knowledge") / "data" / "confidence.yaml"))
        head = path.read_text(encoding="utf-8").split("schema_version")[0]
        path.write_text(head + yaml.safe_dump({"schema_version": 1, **model}, sort_keys=False), encoding="utf-8")
        print("wrote", path)


if __name__ == "__main__":
    main()
