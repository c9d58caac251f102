"""The extract stage: events from one parsed article.

`extract_events(article, doc, knowledge)` reads each sentence that has both a trigger and an
actor, assigns roles from the parse, decides the status and the date, and returns one
`Event` per fact (a fact restated in the article is kept once, with its most specific mention).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from spacy.tokens import Doc, Span

from ..knowledge import Knowledge
from ..records import UNORDERED_TYPES, Article, Event, PartialDate, Status
from .actors import Mention, find_mentions
from .roles import Roles, assign_roles
from .status import status_of
from .timex import date_for_trigger
from .triggers import TriggerMatch, find_triggers

__all__ = ["extract_events"]

_PRECISION_SCORE = {None: 0, "year": 1, "month": 2, "day": 3}


def _evidence(sentence: Span) -> tuple[str, int, int]:
    text = sentence.text
    start = sentence.start_char + (len(text) - len(text.lstrip()))
    stripped = text.strip()
    return stripped, start, start + len(stripped)


def _pairs(roles: Roles, match: TriggerMatch, knowledge: Knowledge, day: dt.date | None) -> Iterator[tuple[Mention, str, Mention, str]]:
    """(actor mention, code, target mention, code) for every pairing the roles allow."""
    resolve = lambda ms: [(m, c) for m in ms if (c := m.code(knowledge, day)) and c != "OTHER"]
    subjects, objects = resolve(roles.subjects), resolve(roles.objects)
    if match.entry.roles == "subject_receives":
        subjects, objects = objects, subjects
    if match.entry.type in UNORDERED_TYPES and not (subjects and objects):
        side = subjects or objects
        subjects, objects = side[:1], side[1:]
    seen = set()
    for actor, actor_code in subjects:
        for target, target_code in objects:
            if actor_code != target_code and (actor_code, target_code) not in seen:
                seen.add((actor_code, target_code))
                yield actor, actor_code, target, target_code


def _confidence(match: TriggerMatch, roles: Roles, status: Status, date: PartialDate | None) -> float:
    score = match.entry.confidence
    if roles.inherited:
        score *= 0.85
    if status is not Status.OCCURRED:
        score *= 0.9
    if date is not None:
        score += 0.05
    return round(min(max(score, 0.0), 1.0), 3)


def _sentence_events(article: Article, sentence: Span, knowledge: Knowledge) -> Iterator[Event]:
    triggers = find_triggers(sentence, knowledge)
    if not triggers:
        return
    mentions = find_mentions(sentence, knowledge, {m.token.i for m in triggers})
    if not mentions:
        return
    dates = [ent for ent in sentence.ents if ent.label_ == "DATE"]
    evidence, start, end = _evidence(sentence)
    for match in triggers:
        status = status_of(match.token, match.entry, knowledge)
        if not isinstance(status, Status):
            continue
        date, date_text = date_for_trigger(match.token, dates, article.published)
        day = date.first_day() if date else (article.published.first_day() if article.published else None)
        roles = assign_roles(match.token, mentions)
        for actor, actor_code, target, target_code in _pairs(roles, match, knowledge, day):
            yield Event(
                doc=article.doc, actor=actor_code, type=match.entry.type, target=target_code,
                status=status, date=date, date_text=date_text, evidence=evidence, start=start, end=end,
                actor_text=actor.text, target_text=target.text,
                confidence=_confidence(match, roles, status, date), trigger=match.token.text,
            )


def _fact_key(event: Event) -> tuple[str, ...]:
    actor, target = event.actor, event.target
    if event.type in UNORDERED_TYPES and target < actor:
        actor, target = target, actor
    return (actor, event.type, target, event.status)


def _specificity(event: Event) -> tuple[int, float]:
    return (_PRECISION_SCORE[event.date.precision if event.date else None], event.confidence)


def extract_events(article: Article, doc: Doc, knowledge: Knowledge) -> list[Event]:
    """One event per fact in the article, each with its most specific evidence sentence."""
    best: dict[tuple[str, ...], Event] = {}
    for sentence in doc.sents:
        for event in _sentence_events(article, sentence, knowledge):
            key = _fact_key(event)
            if key not in best or _specificity(event) > _specificity(best[key]):
                best[key] = event
    return sorted(best.values(), key=lambda e: (e.start, e.type, e.actor, e.target))
