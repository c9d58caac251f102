"""Agreement with peer coders' gold suites: the PETRARCH-2 "GSR" news sentences (CAMEO codes)
and the PLOVER gold-standard records (PLOVER types), read from `shared/external-eval/`.

Each suite record is one sentence with the events its coders expect, as (source, target, code).
dipwatch's real extractor runs on the sentence (the record's date as the publication date) and
its events are compared with the expected ones:

- **Codes.** Our types map to CAMEO codes and PLOVER types through the columns of
  `knowledge/data/event_types.csv` (the EVENTS.md table as data):
  `cameo_codes` (the CAMEO codes a type covers; a code covers its sub-codes), `cameo_planned`
  (the CAMEO "express intent" code of the act when the event is `planned`), `cameo_reversed`
  (codes whose source is our target: CAMEO 043 "host a visit" is our VISIT seen from the host),
  `plover_types`, `plover_modes` (the PLOVER modes a type stands for; empty = any) and
  `plover_reversed`. The status adds what the coders file it under: a `planned` event is also
  PLOVER AGREE / its CAMEO intent code, a `threatened` one THREATEN (CAMEO 13), and a `negated`
  one REJECT or SANCTION (CAMEO 12 / 16: EVENTS.md codes "refused to" and "halted" as the act
  negated, the coders as a rejection or a reduction of relations).
- **Scope.** A record is in scope when one of its codes is covered by one of our types (CAMEO:
  the code and a type's code are one a prefix of the other, `x0` standing for its root
  `x`; PLOVER: the type with a compatible mode). Records with codes we have no type for, and
  records that expect no event, are out of scope: counted and listed, never misses.
- **Agreement** is per record, on the coarse class: the CAMEO root (first two digits) or the
  PLOVER type. A record agrees on `code` when one of our events has an expected class, on
  `(source, code)` when that event's actor is the expected source, on `(source, target, code)`
  when its target is also the expected target (unordered types either way round; an expected
  triple without a target agrees on it whenever it agrees on the source and code).
- **Actors.** CAMEO-style actor codes (`USAGOV`, `AFGREB`, `IGOUNO`; PLOVER: a code and a
  sector) become our codes through `peer_actor_codes.csv`: a state with a government-side role
  is its ISO3 code, non-state roles (rebels, opposition, civilians, business...) are `OTHER`,
  which dipwatch never emits; international organisations are ours where we have a code.
- **Disagreements** (records in scope without (source, target, code) agreement) are classified
  as `suite` (a coding convention of the suite: an actor we deliberately code otherwise, such as
  rebels, opposition, an IGO we have no code for, the Taliban as a rebel group; a same-state
  event; a one-sided act without target; a CAMEO root-level code where our types are narrower)
  or `ours` (we missed the event, mis-typed it, got a role wrong, or coded a non-state actor as
  its state).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import InputError
from .knowledge import Knowledge, load_knowledge
from .records import UNKNOWN_ACTOR, UNORDERED_TYPES, Article, Event, EventType, PartialDate, Status

__all__ = [
    "SUITES",
    "ActorCodes",
    "CodeTable",
    "Expected",
    "PeerRecord",
    "PeerReport",
    "RecordResult",
    "SuiteActor",
    "evaluate_suite",
    "extract_records",
    "load_actor_codes",
    "load_code_table",
    "parse_plover",
    "parse_petrarch",
    "read_suite",
    "score_record",
    "score_suite",
]

OTHER = "OTHER"
SUITE, OURS, AGREES, OUT = "suite", "ours", "agree", "out of scope"


@dataclass(frozen=True, slots=True)
class Suite:
    name: str
    path: str  # relative to the suites folder
    scheme: str  # "cameo" or "plover"
    title: str


SUITES: dict[str, Suite] = {
    "petrarch": Suite("petrarch", "petrarch-validation/PETR2_GSR_validation.jsonl", "cameo",
                      "PETRARCH-2 GSR validation (real news, CAMEO codes)"),
    "plover": Suite("plover", "plover-gsr/PLOVER_GSR_CAMEO.jsonl", "plover",
                    "PLOVER gold-standard records (CAMEO-manual sentences, PLOVER types)"),
}


# --- actors ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SuiteActor:
    """A suite's actor code and what it is in our codes (`OTHER`: not an actor we code)."""

    raw: str  # "USAGOV", "AFG/REB", "IGO/GOV:U.N. Security Council"
    code: str  # ISO3, one of our special codes, or OTHER
    country: str | None = None  # the state behind it, even when `code` is OTHER ("SYRREB" -> SYR)
    note: str = ""  # why it is OTHER ("rebels", "opposition", ...)


@dataclass(frozen=True)
class ActorCodes:
    """The mapping of `peer_actor_codes.csv`: suite country, role, group and name codes to ours."""

    countries: dict[str, tuple[str, str]]  # non-ISO country code -> (ours, note)
    roles: dict[str, tuple[str, str]]  # role -> ("state" | "OTHER" | "region", note)
    groups: dict[str, tuple[str, str]]  # CAMEO group prefix (IGOUNO) -> (ours, note)
    names: tuple[tuple[str, str], ...]  # (name in the actor text, ours), longest first

    def country(self, code: str) -> tuple[str | None, str]:
        """Our code for a suite's three-letter country code, and a note (None: not a country)."""
        if code in self.countries:
            ours, note = self.countries[code]
            return (None if ours == OTHER else ours), note
        return (code, "") if _is_iso3(code) else (None, f"unknown country code {code}")

    def role(self, role: str) -> tuple[str, str]:
        return self.roles.get(role, (OTHER, f"role {role}"))

    def group(self, code: str) -> tuple[str, str] | None:
        for prefix in sorted(self.groups, key=len, reverse=True):
            if code.startswith(prefix):
                return self.groups[prefix]
        return None

    def by_name(self, text: str) -> str | None:
        for name, ours in self.names:
            flags = 0 if len(name) <= 4 else re.IGNORECASE  # "UN", "EU": only in capitals
            if re.search(rf"(?<![\w.]){re.escape(name)}(?![\w])", text, flags):
                return ours
        return None


@cache
def _iso3() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries)


def _is_iso3(code: str) -> bool:
    return code in _iso3()


def _package_text(*parts: str, package: str = "dipwatch") -> str:
    return resources.files(package).joinpath(*parts).read_text(encoding="utf-8")


@cache
def load_actor_codes() -> ActorCodes:
    countries, roles, groups, names = {}, {}, {}, []
    for row in csv.DictReader(_package_text("peer_actor_codes.csv").splitlines()):
        kind, code, ours, note = row["kind"], row["code"], row["ours"], row["note"] or ""
        if kind == "country":
            countries[code] = (ours, note)
        elif kind == "role":
            roles[code] = (ours, note)
        elif kind == "group":
            groups[code] = (ours, note)
        elif kind == "name":
            names.append((code, ours))
    names.sort(key=lambda item: len(item[0]), reverse=True)
    return ActorCodes(countries, roles, groups, tuple(names))


def _roles_of(rest: str) -> list[str]:
    """CAMEO role codes come in threes; a lower-case tail is an ethnic/religious qualifier."""
    upper = re.match(r"[A-Z*]*", rest).group(0)  # type: ignore[union-attr]
    return [upper[i:i + 3] for i in range(0, len(upper), 3)]


def _with_roles(raw: str, country: str | None, country_note: str, roles: Sequence[str], codes: ActorCodes) -> SuiteActor:
    if country is None:
        notes = [codes.role(r)[1] for r in roles if codes.role(r)[0] != "region"]
        return SuiteActor(raw, OTHER, None, "; ".join(notes[:1] + [country_note or "no country"]))
    for role in roles:
        kind, note = codes.role(role)
        if kind == "region":
            continue
        if kind == "state":
            return SuiteActor(raw, country, country)
        return SuiteActor(raw, OTHER, country, note)
    return SuiteActor(raw, country, country)


def normalise_cameo_actor(raw: str, codes: ActorCodes | None = None) -> SuiteActor:
    """A PETRARCH actor code ("USAGOV", "SYRREB", "IGOUNOMIL", "---LEG") in our codes."""
    codes = codes or load_actor_codes()
    raw = raw.strip()
    group = codes.group(raw)
    if group is not None:
        ours, note = group
        return SuiteActor(raw, ours, None, note if ours == OTHER else "")
    country, note = codes.country(raw[:3])
    return _with_roles(raw, country, note, _roles_of(raw[3:]), codes)


def normalise_plover_actor(code: str, sector: str | None, text: str, codes: ActorCodes | None = None) -> SuiteActor:
    """A PLOVER actor (code, sector, actor text) in our codes; generic IGO/IMG/NGO by their name."""
    codes = codes or load_actor_codes()
    raw = f"{code}/{sector}" if sector else code
    group = codes.group(code)
    if group is not None:
        named = codes.by_name(text)
        if named:
            return SuiteActor(f"{raw}:{text.strip()}", named, None)
        ours, note = group
        return SuiteActor(f"{raw}:{text.strip()}", ours, None, f"{note}: {text.strip()}" if ours == OTHER else "")
    country, note = codes.country(code)
    return _with_roles(raw, country, note, _roles_of(sector or ""), codes)


# --- codes ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TypeCodes:
    """One row of event_types.csv: how peer coders file one of our types."""

    type: EventType
    cameo: tuple[str, ...]
    cameo_planned: tuple[str, ...] = ()
    cameo_reversed: tuple[str, ...] = ()
    plover: tuple[str, ...] = ()
    plover_modes: frozenset[str] = frozenset()
    plover_reversed: frozenset[str] = frozenset()


# What the coders file an event's status under, beside its type (see the module docstring).
# A negated act is a refusal (REJECT, CAMEO 12) or a halt of it (SANCTION, CAMEO 16: "halted aid",
# "cancelled a visit"): EVENTS.md codes both as the act, negated.
STATUS_CAMEO = {Status.THREATENED: ("13",), Status.NEGATED: ("12", "16")}
STATUS_PLOVER = {Status.PLANNED: ("AGREE",), Status.THREATENED: ("THREATEN",), Status.NEGATED: ("REJECT", "SANCTION")}


def _cameo_key(code: str) -> str:
    """A CAMEO code as a prefix: `040` ("consult, not specified") stands for its root `04`."""
    return code[:2] if len(code) == 3 and code.endswith("0") else code


def _related(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


@dataclass(frozen=True)
class CodeTable:
    types: dict[EventType, TypeCodes]

    def cameo_types(self, code: str) -> list[EventType]:
        """Our types that cover a CAMEO code (directly or as an intent of the act): first those
        whose code contains it ("190" -> ATTACK), then those finer than it ("190" -> BORDER_CLOSE)."""
        key = _cameo_key(code)
        codes = {t: row.cameo + row.cameo_planned + row.cameo_reversed for t, row in self.types.items()}
        broader = [t for t, cs in codes.items() if any(key.startswith(c) for c in cs)]
        finer = [t for t, cs in codes.items() if t not in broader and any(c.startswith(key) for c in cs)]
        return broader + finer

    def plover_types(self, event: str, mode: str | None) -> list[EventType]:
        """Our types a PLOVER (type, mode) can stand for; a mode we have no type for is out."""
        return [t for t, row in self.types.items()
                if event in row.plover and (not mode or not row.plover_modes or mode in row.plover_modes)]

    def covers(self, scheme: str, code: str, mode: str | None = None) -> bool:
        if scheme == "cameo":
            return bool(self.cameo_types(code))
        return bool(self.plover_types(code, mode))

    def classes(self, scheme: str, event: Event) -> frozenset[str]:
        """The coarse classes (CAMEO roots or PLOVER types) an event of ours can be coded as."""
        row = self.types[EventType(event.type)]
        if scheme == "cameo":
            codes = row.cameo + row.cameo_reversed + STATUS_CAMEO.get(Status(event.status), ())
            if event.status == Status.PLANNED:
                codes += row.cameo_planned
            return frozenset(c[:2] for c in codes)
        return frozenset(row.plover + STATUS_PLOVER.get(Status(event.status), ()))

    def reversed_for(self, scheme: str, event_type: str, code: str, mode: str | None) -> bool:
        """Whether the suite's source is our target for this code ("host a visit")."""
        row = self.types[EventType(event_type)]
        if scheme == "cameo":
            return any(code.startswith(c) for c in row.cameo_reversed)
        return bool(mode) and mode in row.plover_reversed


def _words(value: str | None) -> tuple[str, ...]:
    return tuple((value or "").split())


@cache
def load_code_table() -> CodeTable:
    """The peer-code columns of knowledge/data/event_types.csv."""
    text = _package_text("data", "event_types.csv", package="dipwatch.knowledge")
    types = {}
    for row in csv.DictReader(text.splitlines()):
        kind = EventType(row["type"])
        types[kind] = TypeCodes(
            type=kind, cameo=_words(row.get("cameo_codes")) or (row["cameo"],),
            cameo_planned=_words(row.get("cameo_planned")), cameo_reversed=_words(row.get("cameo_reversed")),
            plover=_words(row.get("plover_types")) or (row["plover"],),
            plover_modes=frozenset(_words(row.get("plover_modes"))),
            plover_reversed=frozenset(_words(row.get("plover_reversed"))),
        )
    return CodeTable(types)


# --- records --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Expected:
    """One (source, target, code) the suite's coders expect; `target` None: none coded."""

    source: SuiteActor
    target: SuiteActor | None
    code: str  # CAMEO code ("042") or PLOVER type ("CONSULT")
    mode: str | None = None  # PLOVER mode ("visit")

    @property
    def label(self) -> str:
        return f"{self.code}({self.mode})" if self.mode else self.code

    def describe(self) -> str:
        target = self.target.raw if self.target else "-"
        return f"{self.source.raw}->{target} {self.label}"


@dataclass(frozen=True, slots=True)
class PeerRecord:
    id: str
    text: str
    date: PartialDate | None
    expected: tuple[Expected, ...]


def _petrarch_date(value: str) -> PartialDate | None:
    try:
        return PartialDate.from_date(dt.datetime.strptime(value.strip(), "%Y%m%d").date())
    except ValueError:  # one record carries "121108": no usable date
        return None


def parse_petrarch(rows: Iterable[dict[str, Any]], codes: ActorCodes | None = None) -> list[PeerRecord]:
    codes = codes or load_actor_codes()
    records = []
    for row in rows:
        expected = tuple(
            Expected(normalise_cameo_actor(e["source"], codes),
                     normalise_cameo_actor(e["target"], codes) if e.get("target") else None, e["code"])
            for e in row.get("expected_events") or ()
        )
        records.append(PeerRecord(str(row["id"]), row.get("text") or "", _petrarch_date(str(row.get("date", ""))), expected))
    return records


def _plover_actors(value: Any, codes: ActorCodes) -> list[SuiteActor]:
    if not isinstance(value, list):
        return []
    return [normalise_plover_actor(a.get("code", ""), a.get("sector"), a.get("actorText", ""), codes)
            for a in value if isinstance(a, dict) and a.get("code")]


def parse_plover(rows: Iterable[dict[str, Any]], codes: ActorCodes | None = None) -> list[PeerRecord]:
    """PLOVER records: each actor x each recipient; no recipient and several actors (SRC/TAR,
    reciprocal) = every ordered pair; a single actor without recipient = no target."""
    codes = codes or load_actor_codes()
    records = []
    for row in rows:
        event = row.get("event_plover_current") or row.get("event")
        # v0.5 INVESTIGATE became ACCUSE with the mode "investigate" (CAMEO2PLOVER 2021)
        mode = "investigate" if row.get("event_gsr_v0_5") == "INVESTIGATE" else (row.get("mode") or None)
        actors, recipients = _plover_actors(row.get("actor"), codes), _plover_actors(row.get("recipient"), codes)
        if recipients:
            pairs = [(a, r) for a in actors for r in recipients]
        elif len(actors) > 1:
            pairs = [(a, b) for a in actors for b in actors if a is not b]
        else:
            pairs = [(a, None) for a in actors]
        expected = tuple(Expected(a, b, event, mode) for a, b in pairs)
        date = row.get("date_placeholder") or row.get("date")
        records.append(PeerRecord(str(row["id"]), row.get("text") or "", PartialDate.parse(date) if date else None, expected))
    return records


def read_suite(name: str, root: str | Path) -> tuple[Suite, list[PeerRecord]]:
    """Read a suite from the suites folder (file I/O; errors name the path)."""
    if name not in SUITES:
        raise InputError(f"unknown peer suite {name!r}: choose one of {', '.join(SUITES)} (or all)")
    suite = SUITES[name]
    root = Path(root)
    if not root.is_dir():
        raise InputError(f"peer suites folder not found: {root} (give it with --suites PATH)")
    path = root / suite.path
    if not path.is_file():
        raise InputError(f"peer suite {name!r} not found: {path}")
    try:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read peer suite {path}: {exc}") from exc
    rows = [r for r in rows if r.get("id") and "text" in r]  # PLOVER's DOCUMENT header has neither
    parse = parse_petrarch if suite.scheme == "cameo" else parse_plover
    return suite, parse(rows)


# --- extraction -----------------------------------------------------------------------------


def extract_records(records: Sequence[PeerRecord], *, model: str | None = None,
                    knowledge: Knowledge | None = None) -> list[tuple[Event, ...]]:
    """dipwatch's events for each record: one Article per sentence (doc = record id, published =
    the record's date) through the pipeline's own stages, with the spaCy model loaded once and
    the sentences screened and parsed in batches (`nlp.pipe`) -- the same steps as
    `pipeline.extract_article`."""
    from .extract import extract_events
    from .nlp import DEFAULT_MODEL, load_nlp, load_screen

    knowledge = knowledge or load_knowledge()
    nlp = load_nlp(model or DEFAULT_MODEL, knowledge)
    screen = load_screen(model or DEFAULT_MODEL, knowledge)
    articles = [_article(r) for r in records]
    docs = nlp.pipe(screen(a.text).text for a in articles)
    return [tuple(extract_events(article, doc, knowledge)) if article.language == "en" else ()
            for article, doc in zip(articles, docs)]


def _article(record: PeerRecord) -> Article:
    return Article(doc=record.id, text=record.text, content_hash=f"peer:{record.id}", source_path=record.id,
                   source_format="text", published=record.date)


# --- scoring --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RecordResult:
    record: PeerRecord
    events: tuple[Event, ...]
    in_scope: tuple[Expected, ...]  # the expected triples whose code we cover
    code: bool = False
    source_code: bool = False
    triple: bool = False
    verdict: str = OUT  # agree / suite / ours / out of scope
    kind: str = ""  # the class of a disagreement or of an out-of-scope record
    detail: str = ""

    @property
    def produced(self) -> bool:
        return bool(self.events)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.record.id, "text": self.record.text, "date": str(self.record.date) if self.record.date else None,
            "expected": [e.describe() for e in self.record.expected],
            "expected_ours": [f"{e.source.code}->{e.target.code if e.target else '-'} {e.label}" for e in self.in_scope],
            "events": [_event_label(e) for e in self.events],
            "in_scope": bool(self.in_scope), "code": self.code, "source_code": self.source_code, "triple": self.triple,
            "verdict": self.verdict, "class": self.kind, "detail": self.detail,
        }


def _event_label(event: Event) -> str:
    status = "" if event.status == Status.OCCURRED else f" ({event.status})"
    return f"{event.actor} {event.type} {event.target}{status}"


def _sides(scheme: str, table: CodeTable, event: Event, exp: Expected) -> list[tuple[str, str]]:
    """(actor, target) of our event as the suite would write them."""
    pair = (event.target, event.actor) if table.reversed_for(scheme, event.type, exp.code, exp.mode) else (event.actor, event.target)
    if event.type in UNORDERED_TYPES:
        return [pair, (pair[1], pair[0])]
    return [pair]


def _code_ok(scheme: str, table: CodeTable, event: Event, exp: Expected) -> bool:
    wanted = exp.code[:2] if scheme == "cameo" else exp.code
    return wanted in table.classes(scheme, event)


def _source_ok(scheme: str, table: CodeTable, event: Event, exp: Expected) -> bool:
    return exp.source.code != OTHER and any(a == exp.source.code for a, _ in _sides(scheme, table, event, exp))


def _triple_ok(scheme: str, table: CodeTable, event: Event, exp: Expected) -> bool:
    if exp.target is None:
        return _source_ok(scheme, table, event, exp)
    return exp.source.code != OTHER and exp.target.code != OTHER and any(
        a == exp.source.code and t == exp.target.code for a, t in _sides(scheme, table, event, exp))


def score_record(record: PeerRecord, events: Sequence[Event], scheme: str, table: CodeTable | None = None) -> RecordResult:
    """Compare dipwatch's events for one sentence with what the suite expects (pure)."""
    table = table or load_code_table()
    # an act whose doer the text does not name is stored but never an EVENTS.md record
    events = tuple(e for e in events if UNKNOWN_ACTOR not in (e.actor, e.target))
    if not record.expected:
        detail = "dipwatch produced " + ", ".join(map(_event_label, events)) if events else ""
        return RecordResult(record, events, (), kind="no event expected", detail=detail)
    in_scope = tuple(e for e in record.expected if table.covers(scheme, e.code, e.mode))
    if not in_scope:
        codes = sorted({e.label for e in record.expected})
        return RecordResult(record, events, (), kind=f"no dipwatch type for {', '.join(codes)}")
    pairs = [(ev, exp) for ev in events for exp in in_scope]
    code = [(ev, exp) for ev, exp in pairs if _code_ok(scheme, table, ev, exp)]
    source = [(ev, exp) for ev, exp in code if _source_ok(scheme, table, ev, exp)]
    triple = any(_triple_ok(scheme, table, ev, exp) for ev, exp in source)
    flags = dict(code=bool(code), source_code=bool(source), triple=triple)
    if triple:
        return RecordResult(record, events, in_scope, verdict=AGREES, **flags)
    verdict, kind, detail = _classify(record, events, in_scope, code, source, scheme, table)
    return RecordResult(record, events, in_scope, verdict=verdict, kind=kind, detail=detail, **flags)


def _types_for(scheme: str, table: CodeTable, exp: Expected) -> list[str]:
    found = table.cameo_types(exp.code) if scheme == "cameo" else table.plover_types(exp.code, exp.mode)
    return [str(t) for t in found]


TALIBAN = "Taliban coded as rebels"
TALIBAN_NOTE = "EVENTS.md codes the Taliban by date: AFG 1996-2001 and from 15 Aug 2021, OTHER in between"


def _taliban(record: PeerRecord, actor: SuiteActor) -> bool:
    return actor.country == "AFG" and actor.code == OTHER and "taliban" in record.text.lower()


def _generic_root(table: CodeTable, code: str) -> bool:
    """A CAMEO "x0" code (the root, not specified) where each of our types is a narrower code."""
    key = _cameo_key(code)
    return len(key) == 2 and not any(
        key.startswith(c) for row in table.types.values() for c in row.cameo + row.cameo_planned + row.cameo_reversed)


def _our_types(scheme: str, table: CodeTable, exp: Expected) -> str:
    """A short name of our type(s) for a suite code: the ones that contain it, if any."""
    found = _types_for(scheme, table, exp)
    if scheme == "cameo":
        key = _cameo_key(exp.code)
        broader = [t for t in found if any(key.startswith(c) for c in table.types[EventType(t)].cameo
                                           + table.types[EventType(t)].cameo_reversed + table.types[EventType(t)].cameo_planned)]
        found = broader or found
    return "/".join(found[:3]) + ("/..." if len(found) > 3 else "")


def _classify(record: PeerRecord, events: tuple[Event, ...], in_scope: tuple[Expected, ...],
              code: list[tuple[Event, Expected]], source: list[tuple[Event, Expected]],
              scheme: str, table: CodeTable) -> tuple[str, str, str]:
    """Why a record in scope does not agree on (source, target, code): (verdict, class, detail)."""
    if not record.text.strip():
        return SUITE, "record has no text", ""
    scorable = [e for e in in_scope if e.source.code != OTHER]
    if not scorable:
        exp = in_scope[0]
        if _taliban(record, exp.source):
            return SUITE, TALIBAN, f"suite source {exp.source.raw}; {TALIBAN_NOTE}"
        ours_state = [ev for ev in events for e in in_scope if e.source.country and (
            ev.actor == e.source.country or (ev.type in UNORDERED_TYPES and ev.target == e.source.country))]
        if ours_state:
            ev = ours_state[0]
            return OURS, "non-state actor coded as its state", f"{_event_label(ev)}; suite source {in_scope[0].source.raw} ({in_scope[0].source.note})"
        return SUITE, "source is not an actor we code", f"{exp.source.raw}: {exp.source.note or 'OTHER'}"
    if all(e.target is not None and e.source.code in (e.target.code, e.target.country) for e in scorable):
        return SUITE, "same-state event", f"{scorable[0].describe()}: we code events between two actors"
    if not events:
        if all(e.target is None for e in scorable):
            return SUITE, "no target (a one-sided act)", f"{scorable[0].describe()}: we code acts between two actors"
        if scheme == "cameo" and all(_generic_root(table, e.code) for e in scorable):
            return SUITE, "root-level code, our types are narrower", (
                f"{scorable[0].describe()}: CAMEO '{scorable[0].code}' (not specified) may be none of "
                f"{_our_types(scheme, table, scorable[0])}")
        return OURS, f"missed {_our_types(scheme, table, scorable[0])}", scorable[0].describe()
    found = ", ".join(map(_event_label, events))
    if not code:
        right_pair = any({ev.actor, ev.target} == {e.source.code, e.target.code if e.target else None}
                         for ev in events for e in scorable)
        kind = "mis-typed (right actors)" if right_pair else "other event found"
        return OURS, kind, f"suite {scorable[0].describe()} ~ {_our_types(scheme, table, scorable[0])}; dipwatch {found}"
    if not source:
        flipped = any(t == e.source.code and a == (e.target.code if e.target else None)
                      for ev, e in code for a, t in _sides(scheme, table, ev, e))
        kind = "roles reversed" if flipped else "wrong source"
        return OURS, kind, f"suite {scorable[0].describe()}; dipwatch {found}"
    exp = source[0][1]
    if exp.target is not None and _taliban(record, exp.target):
        return SUITE, TALIBAN, f"suite target {exp.target.raw}; {TALIBAN_NOTE}; dipwatch {found}"
    if exp.target is not None and exp.target.code == OTHER:
        return SUITE, "target is not an actor we code", (
            f"suite target {exp.target.raw} ({exp.target.note}); dipwatch {found}: we code the nationals' or place's state")
    return OURS, "wrong target", f"suite {exp.describe()}; dipwatch {found}"


# --- report ---------------------------------------------------------------------------------


@dataclass
class PeerReport:
    suite: Suite
    results: list[RecordResult] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.results)

    @property
    def scoped(self) -> list[RecordResult]:
        return [r for r in self.results if r.in_scope]

    def count(self, attribute: str) -> int:
        return sum(1 for r in self.scoped if getattr(r, attribute))

    @property
    def disagreements(self) -> list[RecordResult]:
        return [r for r in self.scoped if not r.triple]

    @property
    def out_of_scope(self) -> list[RecordResult]:
        return [r for r in self.results if not r.in_scope]

    @property
    def no_event_expected(self) -> list[RecordResult]:
        return [r for r in self.results if not r.record.expected]

    def summary(self) -> dict[str, Any]:
        scoped = len(self.scoped)
        rate = lambda n: round(n / scoped, 3) if scoped else 0.0
        no_event = self.no_event_expected
        return {
            "suite": self.suite.name, "title": self.suite.title, "scheme": self.suite.scheme,
            "records": self.total, "in_scope": scoped,
            "in_scope_coded_source": sum(1 for r in self.scoped if any(e.source.code != OTHER for e in r.in_scope)),
            "out_of_scope": len(self.out_of_scope), "no_event_expected": len(no_event),
            "produced_on_no_event": sum(1 for r in no_event if r.produced),
            "produced": self.count("produced"),
            "agree_code": self.count("code"), "agree_source_code": self.count("source_code"),
            "agree_triple": self.count("triple"),
            "rate_code": rate(self.count("code")), "rate_source_code": rate(self.count("source_code")),
            "rate_triple": rate(self.count("triple")),
            "disagreements": dict(Counter(r.verdict for r in self.disagreements)),
        }

    def per_code(self) -> list[dict[str, Any]]:
        """One row per suite class (CAMEO root or PLOVER type) of the records in scope."""
        rows: dict[str, Counter] = {}
        names: dict[str, set[str]] = {}
        table = load_code_table()
        for r in self.scoped:
            by_class: dict[str, list[Expected]] = {}
            for e in r.in_scope:
                by_class.setdefault(e.code[:2] if self.suite.scheme == "cameo" else e.code, []).append(e)
            for key, expected in by_class.items():
                rows.setdefault(key, Counter()).update(
                    records=1, produced=int(r.produced), code=int(r.code),
                    source_code=int(r.source_code), triple=int(r.triple))
                names.setdefault(key, set()).update(
                    t for e in expected for t in _our_types(self.suite.scheme, table, e).split("/") if t != "...")
        return [{"class": key, "ours": " ".join(sorted(names[key])), **{k: rows[key][k] for k in ("records", "produced", "code", "source_code", "triple")}}
                for key in sorted(rows)]

    def disagreement_classes(self) -> list[dict[str, Any]]:
        counts = Counter((r.verdict, r.kind) for r in self.disagreements)
        examples: dict[tuple[str, str], list[str]] = {}
        for r in self.disagreements:
            examples.setdefault((r.verdict, r.kind), []).append(r.record.id)
        return [{"verdict": v, "class": k, "records": n, "examples": examples[(v, k)][:3]}
                for (v, k), n in sorted(counts.items(), key=lambda item: (item[0][0], -item[1], item[0][1]))]

    def as_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(), "per_code": self.per_code(), "classes": self.disagreement_classes(),
            "disagreements": [r.as_dict() for r in self.disagreements],
            "out_of_scope": [r.as_dict() for r in self.out_of_scope],
            "agreements": [r.as_dict() for r in self.scoped if r.triple],
        }


def score_suite(suite: Suite, records: Sequence[PeerRecord], events: Sequence[Sequence[Event]],
                table: CodeTable | None = None) -> PeerReport:
    table = table or load_code_table()
    return PeerReport(suite, [score_record(r, e, suite.scheme, table) for r, e in zip(records, events)])


def evaluate_suite(name: str, root: str | Path, *, model: str | None = None, limit: int | None = None,
                   knowledge: Knowledge | None = None) -> PeerReport:
    """Read a suite, run the extractor on its sentences and score them."""
    suite, records = read_suite(name, root)
    if limit is not None:
        records = records[:limit]
    return score_suite(suite, records, extract_records(records, model=model, knowledge=knowledge))
