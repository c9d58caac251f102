"""Score extracted events against a gold file, with the matching rules of the official scorer.

Matching is per document, as multisets: *core* on (actor, type, target), *strict* adds the
status; unordered types match whichever way round. Only events with a focus code on one
side count, in documents the gold covers. Beyond the official numbers this reports per-type
P/R, the false assertions, and a reliability table (confidence bins vs precision).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .records import UNORDERED_TYPES

__all__ = ["Score", "load_jsonl", "score_events"]

NOT_HAPPENED = {"negated", "denied"}
CONFIDENCE_BINS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)

Record = dict[str, Any]


def load_jsonl(path: str | Path) -> list[Record]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _core_key(record: Record) -> tuple[str, str, str]:
    actor, target = record.get("actor"), record.get("target")
    if record.get("type") in UNORDERED_TYPES and actor and target and target < actor:
        actor, target = target, actor
    return (actor, record.get("type"), target)


def _strict_key(record: Record) -> tuple[str, ...]:
    return _core_key(record) + (record.get("status"),)


def _prf(tp: int, n_system: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_system if n_system else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _matched(gold: list[Record], system: list[Record], key) -> tuple[int, list[bool]]:  # type: ignore[no-untyped-def]
    """True positives, and for each system record whether it was matched. Of several records
    with one key, the more confident ones take the gold matches first (for the reliability
    table; the counts do not depend on it)."""
    remaining = Counter(key(g) for g in gold)
    flags = [False] * len(system)
    for index in sorted(range(len(system)), key=lambda i: -float(system[i].get("confidence", 0.5))):
        k = key(system[index])
        if remaining[k] > 0:
            flags[index] = True
            remaining[k] -= 1
    return sum(flags), flags


@dataclass
class Score:
    gold: int = 0
    system: int = 0
    core_tp: int = 0
    strict_tp: int = 0
    dates_with_gold: int = 0
    dates_agree: int = 0
    false_assertions: list[Record] = field(default_factory=list)
    per_doc: dict[str, dict[str, float]] = field(default_factory=dict)
    per_type: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    reliability: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    confidences: list[tuple[float, bool]] = field(default_factory=list)  # (confidence, strict hit) per system event

    def precision_at_least(self, threshold: float) -> tuple[float | None, int]:
        """Strict precision of the events with confidence >= threshold, and how many there are."""
        hits = [hit for value, hit in self.confidences if value >= threshold]
        return (sum(hits) / len(hits) if hits else None), len(hits)

    @property
    def core(self) -> tuple[float, float, float]:
        return _prf(self.core_tp, self.system, self.gold)

    @property
    def strict(self) -> tuple[float, float, float]:
        return _prf(self.strict_tp, self.system, self.gold)

    @property
    def date_accuracy(self) -> float | None:
        return self.dates_agree / self.dates_with_gold if self.dates_with_gold else None

    def report(self) -> str:
        lines = [f"documents {len(self.per_doc)}  gold {self.gold}  system {self.system}"]
        for name, (p, r, f), tp in (("core", self.core, self.core_tp), ("strict", self.strict, self.strict_tp)):
            lines.append(f"{name:7s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {tp})")
        lines.append(f"false assertions {len(self.false_assertions)}")
        da = self.date_accuracy
        lines.append("date accuracy " + (f"{da:.3f}" if da is not None else "n/a"))
        for doc, m in self.per_doc.items():
            lines.append(f"  {doc:55s} F1 {m['f1']:.3f}  gold {m['gold']:3.0f}  system {m['system']:3.0f}")
        lines.append("per type (strict)      P      R     F1  gold  sys")
        for kind, c in sorted(self.per_type.items()):
            p, r, f = _prf(c["tp"], c["sys"], c["gold"])
            lines.append(f"  {kind:16s} {p:6.3f} {r:6.3f} {f:6.3f} {c['gold']:5d} {c['sys']:4d}")
        lines.append("reliability (confidence bin: strict precision, events)")
        for label, c in sorted(self.reliability.items()):
            lines.append(f"  {label}: {c['tp'] / c['n'] if c['n'] else 0:.3f}  ({c['n']})")
        confident, count = self.precision_at_least(0.8)
        if confident is not None:
            lines.append(f"  confidence >= 0.8: {confident:.3f}  ({count})")
        for fa in self.false_assertions:
            lines.append(f"  FALSE ASSERTION {fa['doc']} {fa['key']} gold={fa['gold']} system={fa['system']}")
        return "\n".join(lines)


def _bin(confidence: float) -> str:
    for low, high in zip(CONFIDENCE_BINS, CONFIDENCE_BINS[1:]):
        if low <= confidence < high:
            return f"[{low:.1f},{min(high, 1.0):.1f}{']' if high > 1 else ')'}"
    return "[?]"


def _score_doc(result: Score, doc: str, gold: list[Record], system: list[Record]) -> None:
    core_tp, _ = _matched(gold, system, _core_key)
    strict_tp, strict_flags = _matched(gold, system, _strict_key)
    result.core_tp += core_tp
    result.strict_tp += strict_tp
    result.gold += len(gold)
    result.system += len(system)
    p, r, f = _prf(strict_tp, len(system), len(gold))
    result.per_doc[doc] = {"p": p, "r": r, "f1": f, "gold": len(gold), "system": len(system)}
    gold_keys = Counter(_strict_key(g) for g in gold)
    for kind in {g["type"] for g in gold} | {s["type"] for s in system}:
        sys_keys = Counter(_strict_key(s) for s in system if s["type"] == kind)
        result.per_type[kind].update(
            tp=sum(min(n, sys_keys[k]) for k, n in gold_keys.items() if k[1] == kind),
            gold=sum(n for k, n in gold_keys.items() if k[1] == kind), sys=sum(sys_keys.values()),
        )
    for record, hit in zip(system, strict_flags):
        result.reliability[_bin(float(record.get("confidence", 0.5)))].update(n=1, tp=int(hit))
        result.confidences.append((float(record.get("confidence", 0.5)), bool(hit)))
    _status_and_dates(result, doc, gold, system)


def _status_and_dates(result: Score, doc: str, gold: list[Record], system: list[Record]) -> None:
    by_key: dict[tuple[str, str, str], list[Record]] = defaultdict(list)
    for g in gold:
        by_key[_core_key(g)].append(g)
    for s in system:
        candidates = by_key.get(_core_key(s))
        if not candidates:
            continue
        g = next((c for c in candidates if c.get("status") == s.get("status")), candidates[0])
        candidates.remove(g)
        gold_status, system_status = g.get("status"), s.get("status")
        if (gold_status in NOT_HAPPENED) != (system_status in NOT_HAPPENED) and "occurred" in (gold_status, system_status):
            result.false_assertions.append({"doc": doc, "key": list(_core_key(s)), "gold": gold_status, "system": system_status})
        if g.get("date"):
            result.dates_with_gold += 1
            result.dates_agree += bool(s.get("date")) and str(s["date"]).startswith(str(g["date"]))


def score_events(gold: Iterable[Record], system: Iterable[Record], focus: frozenset[str] = frozenset({"AFG", "AFG_REP"})) -> Score:
    """Score system records against gold records (EVENTS.md JSON objects)."""
    in_scope = lambda e: e.get("actor") in focus or e.get("target") in focus
    gold = list(gold)
    docs = sorted({g["doc"] for g in gold})
    by_doc_gold, by_doc_system = defaultdict(list), defaultdict(list)
    for g in gold:
        if in_scope(g):
            by_doc_gold[g["doc"]].append(g)
    for s in system:
        if s.get("doc") in docs and in_scope(s):
            by_doc_system[s["doc"]].append(s)
    result = Score()
    for doc in docs:
        _score_doc(result, doc, by_doc_gold[doc], by_doc_system[doc])
    return result
