"""Domain knowledge loaded from versioned data files: actors, state names, triggers, status cues.

`load_knowledge()` reads and validates every file once and returns a frozen `Knowledge`.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from ..errors import KnowledgeError
from ..records import EventType, PartialDate
from .countries import StateNames, build_state_names
from .schema import SPECIAL_CODES, ActorEntry, TriggerEntry, parse_actor_row, parse_trigger_row, word_list

__all__ = ["ActorEntry", "Knowledge", "TriggerEntry", "load_knowledge"]

DATA_FILES = ("actors.jsonl", "state_overrides.csv", "triggers.yaml", "cues.yaml", "references.yaml", "figures.yaml", "confidence.yaml", "furniture.yaml", "event_types.csv")


@dataclass(frozen=True, eq=False)  # hashed by identity: one loaded instance per process
class Knowledge:
    """Everything the extractor knows about the world, as read from `knowledge/data/`."""

    actor_patterns: tuple[dict[str, Any], ...]  # span-ruler patterns: label, pattern, id
    actors_by_key: dict[str, tuple[ActorEntry, ...]]
    states: StateNames
    triggers_by_lemma: dict[tuple[str, str], tuple[TriggerEntry, ...]]
    cues: dict[str, frozenset[str]]
    references: dict[str, Any]  # references.yaml: pronouns, descriptions, window
    anchors: dict[str, str]  # cues.yaml narrative_anchors: "weeks later" -> "next_month"
    landmarks: dict[str, tuple[frozenset[str], ...]]  # cues.yaml landmark_dates: ISO date -> word sets naming it
    kept_when_refused: dict[str, str]  # cues.yaml: "refused to unfreeze" (EASE negated) keeps a SANCTION
    lemma_fixes: dict[str, str]  # cues.yaml: word forms the model lemmatises wrongly ("hopes" -> "hop")
    figures: dict[str, Any]  # figures.yaml: what numbers count and how their bounds read
    confidence_model: dict[str, Any]  # confidence.yaml: weights of the confidence model
    version: str  # sha256 over the data files: recorded with every run

    def resolve_key(self, key: str, day: dt.date | None) -> ActorEntry | None:
        """The gazetteer entry for a matched pattern key as it stood on `day`."""
        entries = self.actors_by_key.get(key, ())
        for entry in entries:
            if entry.valid_on(day):
                return entry
        return None

    def cue(self, name: str) -> frozenset[str]:
        return self.cues.get(name, frozenset())

    def type_in(self, name: str, event_type: str) -> bool:
        """Whether a cue list of event types ("speech_act_types") holds this type."""
        return str(event_type).lower() in self.cue(name)

    def kind_of(self, key: str) -> str:
        """The kind of actor a gazetteer key names (`state` for names from the state tables)."""
        entries = self.actors_by_key.get(key)
        return entries[0].kind if entries else "state"

    @functools.cached_property
    def _institution_codes(self) -> frozenset[str]:
        kinds = self.cue("institution_kinds")
        return frozenset(e.code for entries in self.actors_by_key.values() for e in entries if e.kind in kinds)

    def is_institution(self, code: str) -> bool:
        """An actor code of an institution (cues.yaml `institution_kinds`: the ICC, the UN), not a state."""
        return code in self._institution_codes


def _data_text(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


def _load_actors(valid_codes: frozenset[str]) -> tuple[list[dict[str, Any]], dict[str, list[ActorEntry]]]:
    patterns: list[dict[str, Any]] = []
    by_key: dict[str, list[ActorEntry]] = defaultdict(list)
    seen_patterns: set[str] = set()
    for number, line in enumerate(_data_text("actors.jsonl").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("//"):
            continue
        where = f"actors.jsonl:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise KnowledgeError(f"{where}: not JSON: {exc}") from exc
        entry = parse_actor_row(row, where, valid_codes)
        by_key[entry.key].append(entry)
        fingerprint = json.dumps(row["pattern"], sort_keys=True)
        if fingerprint not in seen_patterns:  # time-aware rows repeat a pattern with other dates
            seen_patterns.add(fingerprint)
            patterns.append({"label": "ACTOR", "pattern": row["pattern"], "id": entry.key})
    return patterns, by_key


def _load_overrides() -> dict[str, str]:
    rows = csv.DictReader(_data_text("state_overrides.csv").splitlines())
    return {row["text"].strip(): row["code"].strip() for row in rows if row.get("text")}


def _load_triggers() -> dict[tuple[str, str], list[TriggerEntry]]:
    data = yaml.safe_load(_data_text("triggers.yaml"))
    by_lemma: dict[tuple[str, str], list[TriggerEntry]] = defaultdict(list)
    for type_name, rows in data.items():
        if type_name == "schema_version":
            continue
        for index, row in enumerate(rows or (), 1):
            entry = parse_trigger_row(type_name, row, f"triggers.yaml:{type_name}[{index}]")
            by_lemma[(entry.lemma, entry.pos)].append(entry)
    return by_lemma


def _cue_sets(data: dict[str, Any]) -> dict[str, frozenset[str]]:
    return {k: word_list(vs, f"cues.yaml:{k}") for k, vs in data.items() if isinstance(vs, (list, dict))}


def _landmarks(data: dict[str, list[str]]) -> dict[str, tuple[frozenset[str], ...]]:
    landmarks = {}
    for day, phrases in data.items():
        try:
            PartialDate.parse(str(day))
        except ValueError as exc:
            raise KnowledgeError(f"cues.yaml:landmark_dates: {day!r} is not a YYYY[-MM[-DD]] date (quote it)") from exc
        landmarks[str(day)] = tuple(frozenset(str(p).lower().split()) for p in phrases)
    return landmarks


def _undone_types(data: dict[str, str]) -> dict[str, str]:
    for undoing, undone in data.items():
        for name in (undoing, undone):
            try:
                EventType(name)
            except ValueError as exc:
                raise KnowledgeError(f"cues.yaml:kept_when_refused: unknown event type {name!r}") from exc
    return dict(data)


def _version() -> str:
    digest = hashlib.sha256()
    for name in DATA_FILES:
        try:
            digest.update(_data_text(name).encode())
        except FileNotFoundError:
            continue
    return digest.hexdigest()[:16]


@functools.cache
def load_knowledge() -> Knowledge:
    """Read and validate every knowledge file (cached: one load per process)."""
    states = build_state_names(_load_overrides())
    valid_codes = frozenset(states.codes) | SPECIAL_CODES
    patterns, by_key = _load_actors(valid_codes)
    cues = yaml.safe_load(_data_text("cues.yaml"))
    return Knowledge(
        actor_patterns=tuple(patterns + states.patterns(exclude=set(by_key))),
        actors_by_key={k: tuple(v) for k, v in by_key.items()},
        states=states,
        triggers_by_lemma={k: tuple(v) for k, v in _load_triggers().items()},
        cues=_cue_sets(cues),
        references=yaml.safe_load(_data_text("references.yaml")),
        anchors=dict(cues.get("narrative_anchors", {})),
        landmarks=_landmarks(cues.get("landmark_dates", {})),
        kept_when_refused=_undone_types(cues.get("kept_when_refused", {})),
        lemma_fixes={str(k).lower(): str(v).lower() for k, v in cues.get("lemma_fixes", {}).items()},
        figures=yaml.safe_load(_data_text("figures.yaml")),
        confidence_model=yaml.safe_load(_data_text("confidence.yaml")),
        version=_version(),
    )
