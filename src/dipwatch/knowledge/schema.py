"""Validated rows of the knowledge files; a bad row is reported with its file and line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..errors import KnowledgeError
from ..records import EventType

__all__ = ["ActorEntry", "TriggerEntry", "SPECIAL_CODES", "parse_actor_row", "parse_trigger_row", "word_list"]

# Actor codes of EVENTS.md that are not ISO 3166 states.
SPECIAL_CODES = frozenset(
    {"AFG_REP", "UN", "ICC", "EU", "NATO", "IMF", "WB", "SCO", "OIC", "ISKP", "TTP", "ETIM", "AQ", "OTHER"}
)
ACTOR_KINDS = frozenset({"person", "metonym", "government", "igo", "group", "place", "state", "demonym"})
ROLE_MODES = frozenset({"subject_acts", "subject_receives", "host_receives", "mutual"})


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One way of naming an actor, valid for a span of time."""

    key: str  # normalised pattern text: what the span ruler puts in `ent_id_`
    code: str
    kind: str
    name: str | None = None
    role: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def valid_on(self, day: dt.date | None) -> bool:
        if day is None:
            return self.valid_to is None  # undated: the mapping that holds today
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """A lemma that signals an event type, with the context it needs."""

    type: EventType
    lemma: str
    pos: str  # "VERB" or "NOUN"
    needs: frozenset[str] = frozenset()
    objects: frozenset[str] = frozenset()  # lemmas its direct object must have
    not_objects: frozenset[str] = frozenset()  # lemmas its direct object must not have
    particle: str | None = None
    roles: str = "subject_acts"
    prep_target: tuple[str, ...] = ()
    negated_means: str | None = None  # "occurred": "would not tolerate" is a REJECT that happened
    intransitive: bool = False
    presence: bool = False  # says who was where: a person subject, a place named after "in"/"at" ("Boehler was in Kabul")
    clause_modal: bool = False
    defers: bool = False  # no event of its own when what it governs is another trigger ("agreed to a ceasefire")
    confidence: float = 0.7


def _date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise KnowledgeError(f"{where}: bad date {value!r}") from exc


def word_list(values: Any, where: str) -> frozenset[str]:
    """A lower-cased word list; YAML reads a bare on/off/yes/no as a boolean, never meant here."""
    if any(isinstance(v, bool) for v in values):
        raise KnowledgeError(f"{where}: a word reads as true/false in YAML: quote on/off/yes/no")
    return frozenset(str(v).lower() for v in values)


def pattern_key(pattern: str | list[dict[str, Any]]) -> str:
    """The id a pattern's matches carry: its words, lower-cased (one key for all spellings)."""
    if isinstance(pattern, str):
        return " ".join(pattern.lower().split())
    words = [str(next(iter(tok.values()))) for tok in pattern if isinstance(tok, dict) and tok]
    return " ".join(w.lower() for w in words)


def parse_actor_row(row: dict[str, Any], where: str, valid_codes: frozenset[str]) -> ActorEntry:
    for required in ("pattern", "id"):
        if required not in row:
            raise KnowledgeError(f"{where}: missing {required!r}")
    code = str(row["id"])
    if code not in valid_codes:
        raise KnowledgeError(f"{where}: unknown actor code {code!r}")
    kind = str(row.get("kind", "government"))
    if kind not in ACTOR_KINDS:
        raise KnowledgeError(f"{where}: unknown kind {kind!r}")
    return ActorEntry(
        key=pattern_key(row["pattern"]),
        code=code,
        kind=kind,
        name=row.get("name"),
        role=row.get("role"),
        valid_from=_date(row.get("valid_from"), where),
        valid_to=_date(row.get("valid_to"), where),
    )


def parse_trigger_row(type_name: str, row: Any, where: str) -> TriggerEntry:
    try:
        event_type = EventType(type_name)
    except ValueError as exc:
        raise KnowledgeError(f"{where}: unknown event type {type_name!r}") from exc
    if isinstance(row, str):
        row = {"lemma": row}
    if not isinstance(row, dict) or "lemma" not in row:
        raise KnowledgeError(f"{where}: a trigger needs a lemma")
    for name in ("needs", "object", "not_object", "prep_target"):
        word_list(row.get(name, ()), f"{where} {name}")
    pos = str(row.get("pos", "VERB"))
    roles = str(row.get("roles", "subject_acts"))
    if pos not in ("VERB", "NOUN") or roles not in ROLE_MODES:
        raise KnowledgeError(f"{where}: bad pos {pos!r} or roles {roles!r}")
    return TriggerEntry(
        type=event_type,
        lemma=str(row["lemma"]).lower(),
        pos=pos,
        needs=word_list(row.get("needs", ()), f"{where} needs"),
        objects=word_list(row.get("object", ()), f"{where} object"),
        not_objects=word_list(row.get("not_object", ()), f"{where} not_object"),
        particle=row.get("particle"),
        roles=roles,
        prep_target=tuple(row.get("prep_target", ())),
        negated_means=row.get("negated_means"),
        intransitive=bool(row.get("intransitive", False)),
        presence=bool(row.get("presence", False)),
        clause_modal=bool(row.get("clause_modal", False)),
        defers=bool(row.get("defers", False)),
        confidence=float(row.get("confidence", 0.7)),
    )
