"""The extract stage: events from one parsed article.

`extract_events(article, doc, knowledge)` reads each sentence that has both a trigger and an
actor, assigns roles from the parse, decides the status and the date, and returns one
`Event` per fact (a fact restated in the article is kept once, with its most specific mention).
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from ..knowledge import Knowledge, TriggerEntry
from ..records import UNKNOWN_ACTOR, UNORDERED_TYPES, Article, Event, EventType, PartialDate, Status
from .actors import Mention, RecentActors, find_mentions, find_references
from .confidence import confidence
from .entities import entities_read_once
from .figures import figures_in
from .roles import Roles, assign_roles, conditional_clause, locations_of, swapped_for
from .status import ACCUSED_ACT, status_of
from .timex import (anchored_date, anniversary_date, as_reported, date_for_trigger, date_spans, landmark_clause_date, lasting_since,
                    narrative_period, now_date, offset_date, quote_date, reading_date, recent_date, resolve_date,
                    told_as_background)
from .triggers import TriggerMatch, find_repeats, find_triggers

__all__ = ["extract_events"]

# Acts with two sides, which "both sides" or "the two parties" later refer to when both are
# states (a mediator or a host named in between is neither).
BILATERAL_TYPES = UNORDERED_TYPES | {EventType.ATTACK}

_PRECISION_SCORE = {None: 0, "year": 1, "month": 2, "day": 3}
# Cue lists of types whose missing target the context supplies, the kinds of actor it may be, and
# whether the doer must be the trigger's own ("Qatar helped arrange the visit" is someone else's trip).
_IMPLIED_TARGETS = (("types_with_implied_places", ["place"], True),
                    ("types_with_implied_governments", ["group", "government"], False))


_BULLET = re.compile(r"^\s*(?:[-\u2013\u2014\u2022*\u00b7]\s+)?")


def _evidence(sentence: Span, article: Article) -> tuple[str, int, int]:
    """The sentence's text and offsets, without surrounding space or a list bullet ("- ", "• "),
    as the article prints it (the parsed text may have straightened its apostrophes)."""
    # the screen blanks unparsed sentences into spaces, which the parser hangs on the sentence
    # before: the evidence ends at its last word, not at the article text behind the blanks
    end = _words_end(sentence)
    text = article.text[sentence.start_char : end if end is not None else sentence.end_char]
    lead = _BULLET.match(text).end()  # type: ignore[union-attr]  (the pattern matches any text)
    stripped = text[lead:].rstrip()
    start = sentence.start_char + lead
    return stripped, start, start + len(stripped)


def _resolved(mentions: tuple[Mention, ...], knowledge: Knowledge, day: dt.date | None,
              acting: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
    """(text, code) of each mention that names a scored actor on `day`. An Afghan mission or
    diplomat that Afghanistan's own government (`acting`) acts on is the Republic's, once there
    is a Republic in exile: "the Taliban cut ties with Afghan missions in Europe"."""
    resolved = []
    # "accepted a Taliban envoy as Afghan ambassador in London": the text says whose the mission is
    rulers_named = any(m.kind != "state" and m.code(knowledge, day) == "AFG" for m in mentions)
    for mention in mentions:
        code = mention.code(knowledge, day)
        if code == "AFG" and mention.kind == "state" and _republic_in_exile(knowledge, day) \
                and mention.anchor.lemma_.lower() in knowledge.cue("mission_nouns") \
                and ("AFG" in acting or _described_as_republics(mention.anchor, knowledge, day)
                     or not rulers_named and _republics_host(mention.anchor, acting, knowledge, day)):
            # (named by the state, "Afghan missions", not by its rulers, "Taliban diplomats";
            # or described as the Republic's: "the Afghan embassy, run by diplomats of the ousted republic";
            # or in a country that never let the Taliban take its Afghan missions: "the Afghan embassy in London")
            code = "AFG_REP"
        if code and code != "OTHER":
            resolved.append((mention.text, code))
    return resolved


def _described_as_republics(noun: Token, knowledge: Knowledge, day: dt.date | None) -> bool:
    """The noun's own phrase names the former Republic ("… appointed by the ousted republic")."""
    return any(t.ent_type_ == "ACTOR" and (entry := knowledge.resolve_key(t.ent_id_, day)) is not None
               and entry.code == "AFG_REP" for t in noun.subtree if t.i != noun.i)


def _republics_host(noun: Token, acting: frozenset[str], knowledge: Knowledge, day: dt.date | None) -> bool:
    """The Afghan mission is in a country that kept the Republic's (cues.yaml `republic_mission_hosts`):
    by the place its phrase names ("the Afghan embassy in London"), else by who acts on it
    ("Britain closed the Afghan embassy")."""
    hosts = knowledge.cue("republic_mission_hosts")
    host = _hosted_by(noun, knowledge, day)
    return host in hosts if host else any(code.lower() in hosts for code in acting)


def _hosted_by(noun: Token, knowledge: Knowledge, day: dt.date | None) -> str:
    """The (lower-case) code of the country a mission noun says it is in ("the embassy in Washington")."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for place in prep.children:
                if place.dep_ != "pobj":
                    continue
                if place.ent_type_ == "ACTOR":
                    entry = knowledge.resolve_key(place.ent_id_, day)
                    return entry.code.lower() if entry is not None else ""
                name = next((e for e in place.doc.ents if e.start <= place.i < e.end), None)
                code = knowledge.states.lookup(name.text) if name is not None else None
                return code.lower() if code else ""
    return ""


@functools.cache
def _republic_since(knowledge: Knowledge) -> dt.date | None:
    """The day the gazetteer's names for the former Republic (AFG_REP) begin to hold."""
    starts = [e.valid_from for entries in knowledge.actors_by_key.values() for e in entries
              if e.code == "AFG_REP" and e.valid_from is not None]
    return min(starts, default=None)


def _republic_in_exile(knowledge: Knowledge, day: dt.date | None) -> bool:
    since = _republic_since(knowledge)
    return since is not None and (day is None or day >= since)


def _pairs(roles: Roles, match: TriggerMatch, knowledge: Knowledge, day: dt.date | None, counted: bool = False,
           place: str | None = None, holder: str | None = None) -> Iterator[tuple[str, str, str, str]]:
    """(actor text, code, target text, code) for every pairing the roles allow (`place`: the
    target the context implies when the sentence names none; `holder`: likewise the actor)."""
    subjects = _resolved(roles.subjects, knowledge, day)
    named_objects = roles.objects
    if match.entry.type in UNORDERED_TYPES and len(subjects) >= 2:
        # "Pakistan and the Taliban held talks on a ceasefire in Doha": both sides named, Doha is where
        named_objects = tuple(m for m in named_objects if not (m.named_as_where and m.anchor.i == m.span.root.i))
    objects = _resolved(named_objects, knowledge, day, acting=frozenset(code for _, code in subjects))
    if match.entry.roles == "subject_receives":
        subjects, objects = objects, subjects
    elif match.entry.roles == "host_receives":
        hosts = tuple(m for m in roles.objects if m.named_as_where and m.kind in ("place", "state"))
        subjects, objects = _resolved(hosts, knowledge, day), subjects
    mutual = match.entry.roles == "mutual"
    if match.entry.type in UNORDERED_TYPES and roles.inherited and len(objects) >= 2:
        subjects = []  # "China brokered talks between Islamabad and Kabul": the talks are theirs
    if not objects and len(subjects) >= 2 and _reciprocal(match.token, knowledge.cue("reciprocal_words")):
        mutual = True  # "Islamabad and Kabul each raised their envoys in the other's capital"
    if (mutual or match.entry.type in UNORDERED_TYPES) and not (subjects and objects):
        side = subjects or objects
        subjects, objects = side[:1], side[1:]
    if place is not None:
        objects = [("", place)]
    if holder is not None:
        subjects = [("", holder)]
    if not subjects and not roles.subjects and counted and knowledge.type_in("types_with_unnamed_actors", match.entry.type):
        # "a deadly attack on a Moscow concert hall that killed 140": reported with its toll,
        # by someone unnamed (other reports may name them)
        subjects = [("", UNKNOWN_ACTOR)]
    pairs = list(itertools.product(subjects, objects))
    if mutual:
        # "Pakistan and Afghanistan agreed to exchange ambassadors": each side does it to the other
        pairs += [(target, actor) for actor, target in pairs]
    seen = set()
    for (actor, actor_code), (target, target_code) in pairs:
        if actor_code != target_code and (actor_code, target_code) not in seen:
            seen.add((actor_code, target_code))
            yield actor, actor_code, target, target_code


def _opposed(anchor: Token, trigger: Token, words: frozenset[str]) -> bool:
    """Whether a word of opposition ("against", "combating") stands between the mention and the trigger."""
    current = anchor
    while current.i != trigger.i and current.head.i != current.i:
        below, current = current, current.head
        if current.i != trigger.i and current.lemma_.lower() in words and below.dep_ not in ("nsubj", "nsubjpass"):
            return True  # (in "helped Kabul fight terrorism" Kabul fights: the one helped)
    return False


def _opposed_in_between(mention: Mention, trigger: Token, words: frozenset[str]) -> bool:
    """A word of opposition between the trigger and a guessed target: the parser hung "like
    ISIS-K" far from "combating other extremist groups"."""
    low, high = sorted((trigger.i, mention.span.start))
    return any(t.lemma_.lower() in words for t in trigger.doc[low + 1 : high])


def _reciprocal(trigger: Token, words: frozenset[str]) -> bool:
    """"Each other's diplomats", "one another", "each raised their envoy": the parties act on one another."""
    return any(t.lower_ in words for t in trigger.subtree)


def _signals(match: TriggerMatch, roles: Roles, status: Status, date: PartialDate | None,
             implied: bool = False) -> tuple[tuple[str, float], ...]:
    referred = lambda side: bool(side) and all(m.kind == "reference" for m in side)
    return (
        ("prior", match.entry.confidence), ("inherited_actor", float(roles.inherited)),
        ("guessed_target", float(roles.guessed_object)), ("reference_actor", float(referred(roles.subjects))),
        ("reference_target", float(referred(roles.objects))), ("implied", float(implied)),
        ("not_occurred", float(status is not Status.OCCURRED)), ("dated", float(date is not None)),
        ("noun_trigger", float(match.token.pos_ == "NOUN")),
    )


def _scored(event: Event, knowledge: Knowledge, restated: int = 0) -> Event:
    signals = tuple(s for s in event.signals if s[0] != "restated") + (("restated", min(restated, 2) / 2),)
    return replace(event, signals=signals, confidence=confidence(dict(signals), knowledge.confidence_model))


@dataclass(frozen=True, slots=True)
class _Anaphor:
    """"The raids on Monday night", "the trip did not go ahead": a definite noun trigger with no
    actors of its own, which dates the event of its type told just before it, or reports
    that it did not happen."""

    type: EventType
    status: Status
    date: PartialDate | None
    date_text: str | None
    position: int
    evidence: tuple[str, int, int]
    trigger: str
    actors: frozenset[str]  # who the sentence says did it, when it names them without a target


def _sentence_events(
    article: Article, sentence: Span, triggers: list[TriggerMatch], mentions: list[Mention], knowledge: Knowledge,
    narrative: tuple[PartialDate | None, str | None], anaphors: list[_Anaphor] | None = None,
    antecedent: Callable[..., str | None] = lambda position, kinds: None, previous: PartialDate | None = None,
    told_just_before: tuple[PartialDate | None, str | None] = (None, None), reading: PartialDate | None = None,
    acted_before: Callable[..., Event | None] = lambda actor, position, type_=None, dated=True, target=None, not_by=frozenset(): None,
    sides: Callable[[], list[str]] = lambda: [], charged: list[Event] | None = None,
) -> Iterator[Event]:
    """`reading`: the day relative date words are read from (`reading_date`), the publication's
    by default. `acted_before(actor, offset, type_, dated)`: the latest act told before `offset`
    (by `actor`, of `type_`, when given; with a date, when `dated`), for a reaction to it."""
    reading = reading or article.published
    if not triggers or not mentions or _discarded(sentence, knowledge.cue("discard_words")):
        return
    dates = date_spans(sentence)
    evidence, start, end = _evidence(sentence, article)
    undoing = {m.token.i: m for m in triggers if knowledge.type_in("presupposing_types", m.entry.type)}
    figures = figures_in(sentence, knowledge.figures)
    counted_types = set(knowledge.figures.get("event_types", ()))
    noun_triggers = {m.token.lemma_.lower(): m.entry.type for m in triggers if m.token.pos_ == "NOUN"}
    for match in triggers:
        owner = _undoer(match, undoing)
        if owner is not None and _what_is_undone(match.token) and not knowledge.type_in("told_when_undone", match.entry.type) \
                and status_of(owner.token, owner.entry, knowledge) is Status.OCCURRED:
            continue  # "struck the Taliban off its list": the listing ended, it is no news of its own
        answered = _answered_statement(match, knowledge)
        status = status_of(match.token, match.entry, knowledge, independent=owner is not None or answered is not None)
        accused = status == ACCUSED_ACT
        if accused and charged is not None:
            status = Status.UNCERTAIN  # kept only as what a later denial ("denied the alleged bombing") points back to
        if not isinstance(status, Status):
            continue
        if match.repeats is not None and status is Status.OCCURRED and match.repeats.type == match.entry.type:
            status = match.repeats.status  # "Germany did not recognise them, and France did the same"
        # a repeated act ("and Kyrgyzstan did the same last year") has only its own clause's dates
        own = [d for d in dates if match.token.left_edge.i <= d.start and d.end <= match.token.right_edge.i + 1] \
            if match.repeats is not None else dates
        date, date_text = lasting_since(match.token, own, reading)
        if date is None:
            date, date_text = date_for_trigger(match.token, own, reading, knowledge.cue("time_clause_markers"),
                                               ahead=status in (Status.PLANNED, Status.THREATENED))
        if date is None:
            date, date_text = offset_date(match.token, dates, reading, previous)
        if date is None:
            date, date_text = narrative_period(match.token, dates, previous, knowledge.cue("time_clause_markers"))
        if date is None:
            date, date_text = anniversary_date(sentence.text, knowledge.landmarks)
        if date is None:
            date, date_text = landmark_clause_date(match.token, knowledge.landmarks)
        if date is None:
            date, date_text = narrative
        if date is None:
            date, date_text = now_date(match.token, reading, knowledge.cue("now_words"))
        if date is None:
            date, date_text = recent_date(match.token, article.published, knowledge.cue("recent_words"),
                                          knowledge.cue("starting_participles"))
        act = _act_reacted_to(match.token, knowledge.cue("act_nouns") | noun_triggers.keys()) \
            if knowledge.type_in("speech_act_types", match.entry.type) else None
        act_of = (_possessor(act, mentions, knowledge, article.published), sentence.start_char,
                  noun_triggers.get(act.lemma_.lower())) if act is not None else None
        roles = _roles_of(match, mentions, knowledge)
        if all(m.kind == "reference" for m in roles.subjects) and (told := _act_called(match.token)) is not None and \
                (called := next((m for m in triggers if m.token.i == told.i), None)) is not None:
            # "When Boehler visited Kabul in March, it was the highest-level contact": that act's parties
            roles = _roles_of(called, mentions, knowledge)
        # one reacts to another's act: "Muttaqi called the decision brave" after he met an envoy
        reactors = frozenset(m.code(knowledge, _day_of(article)) for m in roles.subjects) if act_of else frozenset()
        if date is None and act_of and (reacted := acted_before(*act_of, not_by=reactors)):
            # "welcomed Moscow's decision", "described the meeting as productive": said when the
            # act was told to have been taken
            date, date_text = reacted.date, reacted.date_text
        if date is None and (occasion := _occasion(match.token, noun_triggers)) is not None and \
                (during := acted_before(None, sentence.start_char, occasion)):
            # "during his visit the government promised …": when the visit told before took place
            date, date_text = during.date, during.date_text
        if date is None and (where := _spoken_at(sentence, match.token, mentions, knowledge, _day_of(article))) and \
                (visit := acted_before(None, sentence.start_char, EventType.VISIT, target=where)):
            # "Speaking to reporters in New Delhi, Muttaqi said …": during the visit told before
            date, date_text = visit.date, visit.date_text
        if date is None and _told_in_the_past(match.token):
            date, date_text = told_just_before  # narration goes on in the time just named
        date = as_reported(date, date_text, article.published)
        # who an actor name means is judged at the end of the event's period ("in 2021": the
        # Taliban had taken power by then)
        day = date.last_day() if date else _day_of(article)
        if match.entry.needs and match.token.lemma_.lower() in knowledge.cue("reporting_verbs"):
            # "Washington said the Taliban must reopen schools", "… said the Taliban violated the deal":
            # the one who must or who violated, not what it acts on
            needed = match.entry.needs
            # (not "said Kabul had not violated the truce": a defence, no criticism)
            roles = replace(roles, objects=tuple(m for m in roles.objects if m.anchor.dep_ in ("nsubj", "nsubjpass")
                                                 and ((m.anchor.head.lemma_.lower() in needed
                                                       and not any(c.dep_ == "neg" for c in m.anchor.head.children))
                                                      or any(c.lower_ in needed for c in m.anchor.head.children))))
        if knowledge.type_in("types_aimed_at_the_doer", match.entry.type) and (
                doers := [m for m in roles.objects if not _inside_demanded_act(m, match.token)]):
            roles = replace(roles, objects=tuple(doers))
        if match.entry.type is EventType.VISIT and any(c.dep_ == "nsubj" and c.lower_ in knowledge.cue("military_nouns")
                                                       for c in match.token.children):
            continue  # "peacekeeping troops arrived in Bosnia": a deployment, not a visit
        if match.entry.presence:  # "X was in Kabul" (not "X is due to meet Y in Riyadh"): its own place only
            roles = replace(roles, subjects=tuple(m for m in roles.subjects if _a_person(m)),
                            objects=tuple(m for m in roles.objects if m.named_as_where and m.span.root.head.head.i == match.token.i))
            if not roles.objects:
                continue
        authors = {m.code(knowledge, day) for m in roles.subjects}
        if answered is not None and (answerers := [m for m in mentions if m.anchor.i == answered.i
                                                   and m.code(knowledge, day) not in authors]):
            # "the Taliban rejected Pakistan's demand to hand over …": the demand was made to them
            roles = replace(roles, objects=tuple(answerers), guessed_object=False)
        if knowledge.type_in("cooperative_types", match.entry.type):
            # "cooperation in combating groups like ISIS-K", "a partner against the group": the foe is no partner
            opposing = knowledge.cue("opposing_words")
            roles = replace(roles, objects=tuple(m for m in roles.objects if not _opposed(m.anchor, match.token, opposing)
                                                 and not (roles.guessed_object and _opposed_in_between(m, match.token, opposing))))
        counts = figures if match.entry.type in counted_types else ()
        pairs = list(_pairs(roles, match, knowledge, day, counted=bool(counts)))
        if match.entry.type is EventType.MEDIATE and (not roles.objects or roles.guessed_object):
            # "talks mediated by Qatar", "freed an American after mediation by Qatar": between the
            # parties of the act mediated
            mediators = _resolved(roles.subjects, knowledge, day)
            # (the sides told just before, when the mediator is neither of them)
            parties = _parties_of_mediated(match, triggers, mentions, knowledge, day) or \
                ([] if {code for _, code in mediators} & set(sides()) else sides())
            pairs = [(actor, code, "", party) for actor, code in mediators for party in parties if party != code] or pairs
        # ("similar praise for Pakistan" names its own target: only the likening word is the earlier act's)
        own_target = match.token.pos_ == "NOUN" and bool(_resolved(roles.objects, knowledge, day))
        if match.repeats is not None and not own_target:
            # "… and Kyrgyzstan did the same": the new actor toward the target of the act told before
            told = match.repeats
            pairs = [(actor, code, told.target_text, told.target) for actor, code in _resolved(roles.subjects, knowledge, day)
                     if code not in (told.actor, told.target)]
            if not pairs:
                continue
        implied = not pairs
        pairs = pairs or _pairs_from_context(roles, match, knowledge, day, antecedent, acted_before, mentions,
                                             sides if date is not None or _told_as_past(match.token) else (lambda: []))
        if not pairs and act_of and (reacted := acted_before(*act_of, dated=False, not_by=reactors)):
            # "Mujahid condemned the decision": aimed at whoever took it
            pairs = list(_pairs(roles, match, knowledge, day, place=reacted.actor))
        if not pairs and roles.subjects and not roles.objects and knowledge.type_in("types_with_sentence_partners", match.entry.type) \
                and (match.token.dep_ != "compound" or match.token.head.lemma_.lower() in knowledge.cue("sector_nouns")) \
                and (partner := _sole_other_party(roles, mentions, knowledge, day)):
            # "welcomed the Taliban's offer to let Indian companies into mining": the one other party named
            pairs = list(_pairs(roles, match, knowledge, day, place=partner))
        implied = implied and bool(pairs)
        if not pairs and anaphors is not None and _definite_noun(match.token) and (date or status is not Status.OCCURRED):
            anaphors.append(_Anaphor(match.entry.type, status, date, date_text, match.token.idx,
                                     (evidence, start, end), match.token.text,
                                     frozenset(c for m in roles.subjects if (c := m.code(knowledge, day)))))
        signals = _signals(match, roles, status, date, implied=implied)
        kept = knowledge.kept_when_refused.get(str(match.entry.type)) if status is Status.NEGATED else None
        for actor, actor_code, target, target_code in pairs:
            event = Event(
                doc=article.doc, actor=actor_code, type=match.entry.type, target=target_code,
                status=status, date=date, date_text=date_text, evidence=evidence, start=start, end=end,
                actor_text=actor, target_text=target, trigger=match.token.text, figures=counts, signals=signals,
            )
            if match.entry.type is EventType.RECOGNIZE and knowledge.is_institution(target_code):
                # recognition is of governments: "does not recognise the court" rejects its authority
                if status is not Status.NEGATED:
                    continue
                event = replace(event, type=EventType.REJECT, status=Status.OCCURRED)
            if accused:
                charged.append(event)  # type: ignore[union-attr]  (set whenever `accused` stands)
            yield _scored(event, knowledge)
            if knowledge.type_in("conditional_demand_types", match.entry.type) and _sets_condition(match.token, mentions):
                # "warned that bad things would happen if Afghanistan did not return Bagram": a demand too
                yield _scored(replace(event, type=EventType.DEMAND, figures=()), knowledge)
            if match.entry.type is EventType.RELEASE:
                # a swap: the released one's side released the other's ("freed in exchange for an Afghan")
                for swapped, swapped_code in _resolved(tuple(swapped_for(match.token, mentions)), knowledge, day):
                    if swapped_code != target_code:
                        yield _scored(replace(event, actor=target_code, target=swapped_code, actor_text=target,
                                              target_text=swapped, figures=()), knowledge)
            if kept:
                # "refused to unfreeze the funds": the freeze goes on
                yield _scored(replace(event, type=EventType(kept), status=Status.OCCURRED, figures=(),
                                      signals=_signals(match, roles, Status.OCCURRED, date, implied=True)), knowledge)
        if pairs and knowledge.type_in("types_located_as_visits", match.entry.type):
            for visitor, visitor_code, place, place_code in _located_visits(match, mentions, pairs, knowledge, day):
                yield _scored(replace(event, actor=visitor_code, type=EventType.VISIT, target=place_code,
                                      actor_text=visitor, target_text=place, figures=(),
                                      signals=_signals(match, roles, status, date, implied=True)), knowledge)


def _act_called(noun: Token) -> Token | None:
    """The verb of a "when" clause that "it was the first contact" says what it was: a noun
    trigger named as what "it" (or "this", "that") was, with such a clause on the same verb."""
    verb = noun.head
    if noun.pos_ != "NOUN" or noun.dep_ != "attr" or verb.lemma_.lower() != "be":
        return None
    if not any(c.dep_ == "nsubj" and c.lower_ in ("it", "this", "that") for c in verb.children):
        return None
    return next((c for c in verb.children if c.dep_ == "advcl" and c.pos_ == "VERB"
                 and any(m.lower_ == "when" and m.dep_ in ("advmod", "mark") for m in c.children)), None)


def _act_reacted_to(trigger: Token, act_nouns: frozenset[str]) -> Token | None:
    """"Welcomed the decision", "Russia's move was labelled regrettable", "reacted to the step":
    the noun for an act the trigger responds to."""
    for child in trigger.children:
        nouns = [child] if child.dep_ in ("dobj", "nsubjpass") else \
            [c for c in child.children if c.dep_ == "pobj"] if child.dep_ == "prep" and child.lower_ in ("to", "over") else []
        for noun in nouns:
            if noun.lemma_.lower() in act_nouns:
                return noun
    return None


def _day_of(article: Article) -> dt.date | None:
    return article.published.last_day() if article.published else None


def _spoken_at(sentence: Span, trigger: Token, mentions: list[Mention], knowledge: Knowledge, day: dt.date | None) -> str | None:
    """The place of an opening "Speaking in New Delhi, …" / "Addressing reporters in Kabul, …"
    (cues.yaml `speaking_verbs`) before the trigger: where the statement was made."""
    opening = next((t for t in sentence if not t.is_punct), None)
    if opening is None or opening.tag_ != "VBG" or opening.lemma_.lower() not in knowledge.cue("speaking_verbs") \
            or opening.i > trigger.i:
        return None
    phrase = range(opening.i, opening.right_edge.i + 1)
    return next((code for m in mentions if m.span.start in phrase and m.named_as_where
                 and (code := m.code(knowledge, day))), None)


def _occasion(trigger: Token, noun_triggers: dict[str, EventType]) -> EventType | None:
    """"During his visit, India promised …", "at the talks": the type of the act, named by a
    noun trigger after "during"/"at", on whose occasion the trigger's act took place."""
    for governor in (trigger, *list(trigger.ancestors)[:3]):
        for prep in governor.children:
            if prep.dep_ == "prep" and prep.lower_ in ("during", "at"):
                noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if noun is not None and noun.pos_ == "NOUN" and (kind := noun_triggers.get(noun.lemma_.lower())):
                    return kind
    return None


def _possessor(noun: Token, mentions: list[Mention], knowledge: Knowledge, published: PartialDate | None) -> str | None:
    """Whose the act is ("Moscow's decision", "its move"), when the sentence says."""
    day = published.last_day() if published else None
    for mention in mentions:
        if mention.span.root.dep_ == "poss" and mention.span.root.head.i == noun.i:
            return mention.code(knowledge, day)
    return None


def _roles_of(match: TriggerMatch, mentions: list[Mention], knowledge: Knowledge) -> Roles:
    """Who does the trigger's act and to whom, with the cue lists its type calls for."""
    return assign_roles(match.token, mentions, accusing=knowledge.cue("accusing_verbs") | knowledge.cue("crediting_verbs"),
                        receiving=knowledge.cue("receiving_verbs"), holding=knowledge.cue("holding_nouns"),
                        reporting=knowledge.cue("reporting_verbs"), place_targets=knowledge.type_in("types_with_place_targets", match.entry.type),
                        speech=knowledge.type_in("speech_act_types", match.entry.type),
                        target_preps=match.entry.prep_target, people=knowledge.cue("people_nouns"),
                        venues=knowledge.cue("venue_nouns"), impact=knowledge.cue("impact_verbs"),
                        sanctions=match.entry.type in (EventType.SANCTION, EventType.EASE),
                        obtaining=knowledge.cue("obtaining_verbs"), doing=knowledge.cue("doing_verbs"),
                        helping=knowledge.cue("helping_nouns"), residents=knowledge.cue("resident_nouns"),
                        naming=knowledge.cue("naming_verbs"))


def _pairs_from_context(roles: Roles, match: TriggerMatch, knowledge: Knowledge, day: dt.date | None,
                        antecedent: Callable[..., str | None], acted_before: Callable[..., Event | None],
                        mentions: Sequence[Mention] = (),
                        sides: Callable[[], list[str]] = lambda: []) -> list[tuple[str, str, str, str]]:
    """Pairs whose missing side the article just named: the holder of a detainee or an embassy
    ("went to Kabul to secure the release of a detained American"), the place of a trip
    ("Muttaqi arrived on Thursday"), the government of a recognition ("has stopped short of
    formal recognition")."""
    if roles.objects and knowledge.type_in("types_with_implied_holders", match.entry.type) \
            and match.token.lemma_.lower() not in knowledge.cue("unattributed_verbs"):
        # where it happened ("was freed in Kabul"), else the place the article just named
        where = [m for m in roles.objects if m.kind in ("place", "state") and m.named_as_where]
        keepers = _keepers(roles.objects, mentions)
        if where:
            holder, roles = where[0].code(knowledge, day), replace(roles, objects=tuple(m for m in roles.objects if m not in where))
        elif keepers:
            holder = keepers[0].code(knowledge, day)  # "two Britons held by the Taliban were released"
        else:  # who the article said holds them ("a court sentenced an American …, prompting
            # Washington to demand his release"), else the place or state just named: not the
            # target's own state ("two Americans were released": not by the Americans), nor who
            # obtained the act ("Qatar brokered the release of two Americans")
            own = frozenset(c for m in roles.objects if (c := m.code(knowledge, day)))
            detentions = (acted_before(None, match.token.idx, EventType.DETAIN, dated=False, target=code) for code in sorted(own))
            holder = next((d.actor for d in detentions if d is not None), None) or \
                antecedent(match.token.i, kinds=[["place"], ["state"]], exclude=own | _obtainers(match.token, mentions, knowledge, day))
        if holder and (pairs := list(_pairs(roles, match, knowledge, day, holder=holder))):
            return pairs
    for cue, kinds, own_subject in _IMPLIED_TARGETS:
        if not (own_subject and roles.inherited) and _told_as_done(match.token) and knowledge.type_in(cue, match.entry.type):
            place = antecedent(match.token.i, kinds=kinds)
            if place and (pairs := list(_pairs(roles, match, knowledge, day, place=place))):
                return pairs
    if not roles.subjects and not roles.objects and knowledge.type_in("types_between_recent_sides", match.entry.type) \
            and not _definite_noun(match.token) and len(parties := sides()) == 2:
        # "a 48-hour truce agreed on Wednesday collapsed": the two sides' (an act told with a time,
        # not "engagement serves the region best")
        return [("", parties[0], "", parties[1])]
    return []


def _obtainers(trigger: Token, mentions: Sequence[Mention], knowledge: Knowledge, day: dt.date | None) -> frozenset[str]:
    """The subject of a verb by which someone gets the trigger's act done ("brokered the release")."""
    verb = trigger.head
    if trigger.dep_ != "dobj" or verb.lemma_.lower() not in knowledge.cue("obtaining_verbs"):
        return frozenset()
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return frozenset()
    return frozenset(c for m in mentions if subject.left_edge.i <= m.span.root.i <= subject.right_edge.i
                     and (c := m.code(knowledge, day)))


def _keepers(objects: tuple[Mention, ...], mentions: Sequence[Mention]) -> list[Mention]:
    """Who the sentence says holds the objects: the agent of a participle describing them
    ("Britons held by the Taliban", "Americans detained by the group"), else the country they
    are held in ("two Americans held in Afghanistan")."""
    participles = [acl for m in objects for noun in {m.anchor, m.span.root} for acl in noun.children
                   if acl.dep_ == "acl" and acl.tag_ == "VBN"]
    agents = {c.i for acl in participles for agent in acl.children if agent.dep_ == "agent"
              for c in agent.children if c.dep_ == "pobj"}
    places = {c.i for acl in participles for prep in acl.children if prep.dep_ == "prep" and prep.lower_ == "in"
              for c in prep.children if c.dep_ == "pobj"}
    return [m for m in mentions if m.anchor.i in agents] or \
        [m for m in mentions if m.anchor.i in places and m.kind in ("state", "place")]


def _parties_of_mediated(match: TriggerMatch, triggers: list[TriggerMatch], mentions: list[Mention],
                         knowledge: Knowledge, day: dt.date | None) -> list[str]:
    """The parties (codes) of the act a mediation word describes: the noun it modifies ("talks
    mediated by Qatar") or the verb its phrase hangs from ("freed … after mediation by Qatar")."""
    token = match.token
    mediated = token.head if token.dep_ == "acl" else token.head.head if token.head.dep_ == "prep" else None
    act = next((m for m in triggers if mediated is not None and m.token.i == mediated.i), None)
    if act is None:
        return []
    roles = _roles_of(act, mentions, knowledge)
    return list(dict.fromkeys(code for _, code in _resolved((*roles.subjects, *roles.objects), knowledge, day)))


def _located_visits(match: TriggerMatch, mentions: list[Mention], pairs: list[tuple[str, str, str, str]],
                    knowledge: Knowledge, day: dt.date | None) -> Iterator[tuple[str, str, str, str]]:
    """"Muttaqi met Lavrov in Moscow": a meeting held in a country is a visit there by each
    party not at home (as a caption showing two officials somewhere is, `_caption_events`):
    (visitor text, code, place text, code)."""
    places = {(m.text, code) for m in locations_of(match.token, mentions, knowledge.cue("people_nouns"))
              if (code := m.code(knowledge, day)) and code not in ("OTHER", UNKNOWN_ACTOR)}
    if len(places) != 1:
        return
    ((place, place_code),) = places
    parties = {(text, code) for actor, actor_code, target, target_code in pairs
               for text, code in ((actor, actor_code), (target, target_code))}
    resident_nouns = knowledge.cue("resident_nouns")
    resident = {m.code(knowledge, day) for m in mentions
                if {m.anchor.lemma_.lower(), m.anchor.head.lemma_.lower(), m.span.root.head.lemma_.lower()} & resident_nouns}
    for text, code in sorted(parties, key=lambda party: party[1]):
        if code != place_code and code not in resident:
            yield text, code, place, place_code


def _inside_demanded_act(mention: Mention, trigger: Token) -> bool:
    """The mention stands in the act a demand or threat asks for, other than as its doer: the TTP
    in "urged Kabul to act against the TTP" or "… unless Kabul acts against the TTP"."""
    current = mention.anchor
    while current.head.i != current.i and current.head.i != trigger.i:
        if current.head.dep_ in ("xcomp", "advcl", "ccomp") and current.head.head.i == trigger.i:
            # (the doer is the clause's subject itself: in "a failure in Istanbul would mean war",
            # Istanbul is inside)
            return current.dep_ not in ("nsubj", "nsubjpass") or current.i not in (mention.anchor.i, mention.span.root.i)
        current = current.head
    return False


def _sets_condition(token: Token, mentions: list[Mention]) -> bool:
    """An "if"/"unless" clause within the trigger's phrase whose subject is an actor: what the
    other side must do ("if Afghanistan did not return Bagram", not "if reports proved true")."""
    for clause in token.subtree:
        if conditional_clause(clause):
            subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
            if any(s.left_edge.i <= m.anchor.i <= s.right_edge.i for s in subjects for m in mentions):
                return True
    return False


def _discarded(sentence: Span, words: frozenset[str]) -> bool:
    """Sport or fiction told in the words of diplomacy and war (cues.yaml discard_words)."""
    lowered = f" {' '.join(t.lower_ for t in sentence)} "
    return any(f" {word} " in lowered for word in words)


def _told_as_done(token: Token) -> bool:
    """A finite verb or a noun of the main story, not an infinitive or a relative clause
    ("the exemption he needs to travel abroad" says nothing of where he went)."""
    if token.dep_ in ("relcl", "xcomp", "acl", "advcl", "ccomp"):
        return False
    return not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def _clause_verb(token: Token) -> Token:
    """The verb of the clause a trigger stands in (the trigger itself when it is one)."""
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    return verb


def _told_in_the_past(token: Token) -> bool:
    """The trigger's clause is the sentence's main clause, in the simple past ("Boehler flew to
    Kabul", "the talks ended"): not a standing fact ("remains under sanctions"), the present
    perfect ("has recognised"), or a clause told from another time ("…, with which his first
    administration negotiated")."""
    verb = _clause_verb(token)
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    if verb.dep_ == "pcomp" and verb.tag_ == "VBG" and verb.head.lower_ == "with":
        verb = verb.head.head  # "…, with the foreign minister thanking China": what went with the main clause
    return (verb.dep_ == "ROOT" and verb.tag_ == "VBD"
            and not any(c.dep_ in ("aux", "auxpass") and c.lemma_.lower() == "have" for c in verb.children))


def _told_as_past(token: Token) -> bool:
    """The trigger's verb tells a past act, in the simple past or the present perfect ("have
    failed"), not a standing claim ("engagement serves the region best")."""
    verb = _clause_verb(token)
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(c.lemma_.lower() == "have" for c in verb.children))


def _definite_noun(token: Token) -> bool:
    """"The raids", "these talks", "any such talks": a noun that points back to an act told before."""
    return token.pos_ == "NOUN" and any(
        (c.dep_ == "det" and c.lower_ in ("the", "these", "those", "this", "that"))
        or (c.dep_ in ("amod", "predet") and c.lower_ == "such") for c in token.children)


def _date_anaphors(events: list[Event], anaphors: list[_Anaphor]) -> list[Event]:
    """Give each anaphor's date to the latest earlier event of its type (when it has none or a
    vaguer one), or, when the anaphor says it did not happen, add that report of the event."""
    events = list(events)
    for anaphor in anaphors:
        earlier = [i for i, e in enumerate(events) if e.type == anaphor.type and e.start < anaphor.position
                   and _compatible(e.date, anaphor.date) and (not anaphor.actors or _party_of(e, anaphor.actors))]
        if not earlier:
            continue
        index = max(earlier, key=lambda i: events[i].start)
        antecedent = events[index]
        if anaphor.status is not antecedent.status:
            if not any(_fact_key(e) == _fact_key(replace(antecedent, status=anaphor.status)) for e in events):
                evidence, start, end = anaphor.evidence
                events.append(replace(antecedent, status=anaphor.status, date=anaphor.date or antecedent.date,
                                      date_text=anaphor.date_text if anaphor.date else antecedent.date_text,
                                      evidence=evidence, start=start, end=end, trigger=anaphor.trigger,
                                      signals=tuple(x for x in antecedent.signals if x[0] != "implied")
                                      + (("implied", 1.0),)))
        elif anaphor.date and (antecedent.date is None or len(str(antecedent.date)) < len(str(anaphor.date))):
            events[index] = replace(antecedent, date=anaphor.date, date_text=anaphor.date_text)
    return events


def _party_of(event: Event, codes: frozenset[str]) -> bool:
    """The event's doer is one of `codes` (either party of an unordered act: "talks" are both sides')."""
    return event.actor in codes or (event.type in UNORDERED_TYPES and event.target in codes)


def _what_is_undone(noun: Token) -> bool:
    """"Lifted the sanctions", "struck them off its list", "freed from custody" (not "freed after mediation")."""
    return noun.dep_ in ("dobj", "nsubjpass") or (noun.dep_ == "pobj" and noun.head.lower_ in ("off", "from", "of"))


def _sole_other_party(roles: Roles, mentions: Sequence[Mention], knowledge: Knowledge, day: dt.date | None) -> str | None:
    """The one actor the sentence names besides the act's own side, if there is exactly one."""
    own = {code for _, code in _resolved(roles.subjects, knowledge, day)}
    others = {code for _, code in _resolved(tuple(m for m in mentions if not m.contrasted), knowledge, day)} - own
    return others.pop() if len(others) == 1 else None


def _a_person(mention: Mention) -> bool:
    return mention.kind == "person" or (mention.kind == "reference" and mention.span.root.lower_ in ("he", "she"))


def _answered_statement(match: TriggerMatch, knowledge: Knowledge) -> Token | None:
    """A statement noun named with its author as the object of another's answer ("rejected
    Pakistan's demand", "welcomed Russia's praise"): it was made, whatever the answer, and to
    the one who answers; returns the answerer's subject token."""
    token = match.token
    if token.pos_ != "NOUN" or token.dep_ != "dobj" or not knowledge.type_in("speech_act_types", match.entry.type):
        return None
    if not any(c.dep_ == "poss" for c in token.children):
        return None
    return next((c for c in token.head.children if c.dep_ == "nsubj"), None)


def _undoer(match: TriggerMatch, undoing: dict[int, TriggerMatch]) -> TriggerMatch | None:
    """The undoing trigger of another type whose object the noun is: "lift the sanctions"
    (the sanctions are in force whatever the lifting's status)."""
    token = match.token
    if token.pos_ != "NOUN":
        return None
    head = token.head.head if token.head.dep_ == "prep" else token.head
    owner = undoing.get(head.i)
    return owner if owner is not None and owner.entry.type != match.entry.type else None


def _caption_events(article: Article, sentence: Span, mentions: list[Mention], knowledge: Knowledge,
                    reading: PartialDate | None = None) -> Iterator[Event]:
    """A verbless photo caption that shows two officials together somewhere
    ("A and B in Moscow on October 7th"): they met, and whoever is not at home visited."""
    if any(t.pos_ in ("VERB", "AUX") for t in sentence) or len(sentence) > 40:
        return
    day = _day_of(article)
    people = [m for m in mentions if m.kind == "person" and m.anchor.dep_ != "pobj"]
    places = [m for m in mentions if m.kind in ("place", "state") and m.named_as_where]
    codes = {m.code(knowledge, day): m for m in people}
    codes.pop(None, None)
    if len(codes) != 2 or len(places) != 1:
        return
    place_code = places[0].code(knowledge, day)
    date, date_text = date_for_trigger(sentence.root, date_spans(sentence), reading or article.published)
    date = as_reported(date, date_text, article.published)
    evidence, start, end = _evidence(sentence, article)
    (first, a), (second, b) = codes.items()
    shared = dict(doc=article.doc, date=date, date_text=date_text, evidence=evidence, start=start, end=end,
                  status=Status.OCCURRED, trigger="(caption)",
                  signals=(("prior", 0.6), ("implied", 1.0), ("dated", float(date is not None))))
    yield Event(actor=first, type=EventType.MEET, target=second, actor_text=a.text, target_text=b.text, **shared)
    for code, person in codes.items():
        if place_code and code != place_code:
            yield Event(actor=code, type=EventType.VISIT, target=place_code, actor_text=person.text,
                        target_text=places[0].text, **shared)


def _fact_key(event: Event) -> tuple[str, ...]:
    actor, target = event.actor, event.target
    if event.type in UNORDERED_TYPES and target < actor:
        actor, target = target, actor
    return (actor, event.type, target, event.status)


def _specificity(event: Event) -> tuple[int, float]:
    return (_PRECISION_SCORE[event.date.precision if event.date else None], event.confidence)


def extract_events(article: Article, doc: Doc, knowledge: Knowledge) -> list[Event]:
    """One event per fact in the article, each with its most specific evidence sentence."""
    with entities_read_once(doc):  # the rules ask for each sentence's entities several times
        return _extract_events(article, doc, knowledge)


def _extract_events(article: Article, doc: Doc, knowledge: Knowledge) -> list[Event]:
    facts: dict[tuple[str, ...], list[Event]] = {}
    recent = RecentActors(knowledge, article.published.first_day() if article.published else None)
    last_date: PartialDate | None = None
    told_just_before: tuple[PartialDate | None, str | None] = (None, None)  # the previous sentence's date
    reading = reading_date(article.text, article.published)

    def acted_before(actor: str | None, position: int, type_: EventType | None = None, dated: bool = True,
                     target: str | None = None, not_by: frozenset[str] = frozenset()) -> Event | None:
        earlier = [e for same_key in facts.values() for e in same_key if e.start < position
                   and (e.date is not None and not _dated_lately(e) or not dated) and e.status is Status.OCCURRED and e.actor not in not_by
                   and (actor is None or e.actor == actor) and e.actor != UNKNOWN_ACTOR and target in (None, e.target)
                   and (e.type == type_ if type_ else not knowledge.type_in("speech_act_types", e.type))]
        return max(earlier, key=lambda e: e.start, default=None)

    # ("recently", "has begun": a year guessed from the publication, which dates no reaction)
    guessed_lately = knowledge.cue("recent_words") | knowledge.cue("starting_participles")

    def _dated_lately(event: Event) -> bool:
        return (event.date_text or "").lower() in guessed_lately

    anaphors: list[_Anaphor] = []
    # what someone was accused of: no event of its own, but what "the alleged bombing" denied later is
    charged: list[Event] = []
    restatements: Counter[tuple[str, ...]] = Counter()

    def keep(event: Event, number: int) -> None:
        _keep_fact(facts.setdefault(_fact_key(event), []), event, knowledge.type_in("lasting_types", event.type),
                   knowledge.type_in("speech_act_types", event.type))
        restatements[_fact_key(event)] += 1
        if event.type in BILATERAL_TYPES and event.status is Status.OCCURRED and \
                {event.actor, event.target} <= knowledge.states.codes:
            recent.remember_parties(number, event.actor, event.target)

    previous_sentence: Span | None = None
    for number, sentence in enumerate(doc.sents):
        if previous_sentence is not None and not _told_right_after(previous_sentence, sentence, article.text):
            # the screen left a sentence out between the two: the one just before is not this one
            previous_sentence, told_just_before = None, (None, None)
        if previous_sentence is not None:
            _date_the_act_told_before(facts, previous_sentence, _act_subject_date(sentence, knowledge, reading, article.published))
        previous_sentence = sentence
        narrative = anchored_date(sentence, knowledge.anchors, last_date)
        if narrative[0] is None:
            narrative = quote_date(sentence, knowledge.cue("reporting_verbs"), told_just_before)
        triggers = [_likened(m, facts, sentence.start_char, knowledge) for m in find_triggers(sentence, knowledge)]
        trigger_ids = {m.token.i for m in triggers}
        named = find_mentions(sentence, knowledge, trigger_ids)
        recent.remember(number, named)
        references = find_references(sentence, number, recent, trigger_ids) if triggers else []
        antecedent = functools.partial(recent.antecedent, number)
        sides = functools.partial(recent.sides, number)
        found = _sentence_events(article, sentence, triggers, named + references, knowledge, narrative, anaphors,
                                 antecedent, last_date, told_just_before, reading, acted_before, sides, charged)
        for event in itertools.chain(found, _caption_events(article, sentence, named, knowledge, reading)):
            keep(event, number)
        for verb in find_repeats(sentence, knowledge):
            # only a named actor repeats ("they did the same" may be anyone told before)
            leader = next((code for c in verb.children if c.dep_ == "dobj"  # "followed Russia's lead"
                           and (code := _possessor(c, named, knowledge, article.published))), None)
            if (told := _told_before(facts, sentence.start_char, leader)) is not None:
                again = TriggerMatch(verb, TriggerEntry(told.type, verb.lemma_.lower(), "VERB"), repeats=told)
                for event in _sentence_events(article, sentence, [again], named, knowledge, narrative, None,
                                              antecedent, last_date, told_just_before, reading, acted_before, sides):
                    keep(event, number)
        told_just_before = _last_date(sentence, reading, article.published, knowledge.cue("time_clause_markers"))
        last_date = told_just_before[0] or narrative[0] or last_date
    kept = _disputed_wins([event for same_key in facts.values() for event in same_key])
    kept = _date_anaphors(kept, anaphors)
    charges = {(_fact_key(e), e.start) for e in charged}
    kept = [e for e in kept if (_fact_key(e), e.start) not in charges]
    kept = [_scored(e, knowledge, restated=restatements.get(_fact_key(e), 1) - 1) for e in kept]
    return sorted(kept, key=lambda e: (e.start, e.type, e.actor, e.target))


def _told_right_after(previous: Span, sentence: Span, text: str) -> bool:
    """Whether `sentence` follows `previous` in the article's own text (`text`, of which the
    parsed document is the screened copy: the sentences screened out are blank in it)."""
    end = _words_end(previous)
    start = next((t.idx for t in sentence if not t.is_space), sentence.end_char)
    return not text[end if end is not None else previous.start_char : start].strip()


def _words_end(sentence: Span) -> int | None:
    """Where the sentence's last word ends (None: no word). The screen blanks unparsed sentences
    into spaces, which the parser hangs on the sentence before."""
    last = next((t for t in reversed(sentence) if not t.is_space), None)
    return last.idx + len(last) if last is not None else None


def _told_before(facts: dict[tuple[str, ...], list[Event]], position: int, actor: str | None = None) -> Event | None:
    """The act told last up to `position` (a sentence's start: its own acts count), by `actor`
    when given, else by any named actor. Of the acts of one sentence, one whose doer is named
    before its target: in "Germany sent delegations to Kabul or welcomed Taliban officials",
    what another "did the same" as is Germany's act, the sentence's subject's."""
    told = [e for same_key in facts.values() for e in same_key
            if e.start <= position and e.actor != UNKNOWN_ACTOR and actor in (None, e.actor)]
    if not told:
        return None
    last = max(e.start for e in told)
    told = [e for e in told if e.start == last]
    return next((e for e in reversed(told) if _doer_named_first(e)), told[-1])


def _doer_named_first(event: Event) -> bool:
    actor_at, target_at = event.evidence.find(event.actor_text), event.evidence.find(event.target_text)
    return bool(event.actor_text) and actor_at >= 0 and (target_at < 0 or actor_at <= target_at)


def _likened(match: TriggerMatch, facts: dict[tuple[str, ...], list[Event]], position: int,
             knowledge: Knowledge) -> TriggerMatch:
    """"Norway and Austria have begun similar engagement": an act like the one told just before,
    by the new subjects toward that act's target, not among themselves (cues.yaml `likening_words`)."""
    noun = match.token
    # ("similar forms of engagement": the likening word stands on the noun of kind)
    kinds = [noun, noun.head.head] if noun.dep_ == "pobj" and noun.head.lower_ == "of" else [noun]
    if noun.pos_ != "NOUN" or not any(c.dep_ == "amod" and c.lemma_.lower() in knowledge.cue("likening_words")
                                      for kind in kinds for c in kind.children):
        return match
    told = _told_before(facts, position)
    return replace(match, repeats=told) if told is not None else match


def _act_subject_date(sentence: Span, knowledge: Knowledge, reading: PartialDate | None,
                      published: PartialDate | None) -> tuple[PartialDate | None, str | None]:
    """"The move this week came days after …": a sentence whose subject is a definite noun for
    an act ("the move", "this decision") and which dates it, dates the act the sentence before
    told."""
    subject = next((t for t in sentence.root.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lemma_.lower() not in knowledge.cue("act_nouns") or \
            not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in subject.children):
        return None, None
    date, date_text = date_for_trigger(subject, date_spans(sentence), reading, knowledge.cue("time_clause_markers"))
    return as_reported(date, date_text, published), date_text


def _date_the_act_told_before(facts: dict[tuple[str, ...], list[Event]], told: Span,
                              dated: tuple[PartialDate | None, str | None]) -> None:
    """Give the date to the undated acts of the sentence `told` (in place)."""
    date, date_text = dated
    if date is None:
        return
    for same_key in facts.values():
        for index, event in enumerate(same_key):
            if event.date is None and event.status is Status.OCCURRED and told.start_char <= event.start < told.end_char:
                same_key[index] = replace(event, date=date, date_text=date_text)


def _disputed_wins(events: list[Event]) -> list[Event]:
    """An article that reports a denial of a fact it also states as happened (a caption
    asserting a strike the body says was denied) reports a dispute: the denial stands."""
    denied = [e for e in events if e.status is Status.DENIED and e.date is not None]

    def disputed(event: Event) -> bool:
        return event.status is Status.OCCURRED and event.date is not None and any(
            d.actor == event.actor and d.type == event.type and d.target == event.target
            and _compatible(d.date, event.date) for d in denied
        )

    return [e for e in events if not disputed(e)]


def _compatible(a: PartialDate | None, b: PartialDate | None) -> bool:
    """Two dates that can name the same happening (one unknown, or one period inside the other)."""
    if a is None or b is None:
        return True
    return str(a).startswith(str(b)) or str(b).startswith(str(a))


def _within_days(a: PartialDate | None, b: PartialDate | None, days: int) -> bool:
    return a is not None and b is not None and abs((a.first_day() - b.first_day()).days) <= days


def _keep_fact(same_key: list[Event], event: Event, lasting: bool = False, spoken: bool = False) -> None:
    """Merge a restatement into its fact (keeping the more specific mention); a mention
    with an incompatible date is another fact ("in March" and "last week" trips), unless
    the act lasts days and the dates are within a week ("arrived on Thursday", "talks on Friday").
    `spoken`: a statement told in other words is another statement ("warned" in September,
    "accuses" undated), the same words a restatement."""
    for index, kept in enumerate(same_key):
        if spoken and kept.trigger.lower() != event.trigger.lower() and None in (kept.date, event.date):
            continue
        if _compatible(kept.date, event.date) or (lasting and _within_days(kept.date, event.date, 7)):
            if _specificity(event) > _specificity(kept):
                same_key[index] = event
            return
    same_key.append(event)


def _last_date(sentence: Span, reading: PartialDate | None, published: PartialDate | None,
               background: frozenset[str] = frozenset()) -> tuple[PartialDate | None, str | None]:
    """The last date the sentence mentions, with its words: the narrative time for the
    sentences after it. Not a date of background: one after a `background` word ("Qatar, which
    has hosted the office since 2013")."""
    found: tuple[PartialDate | None, str | None] = (None, None)
    for ent in date_spans(sentence):
        if told_as_background(ent, background):
            continue
        if date := resolve_date(ent.text, reading):
            found = (as_reported(date, ent.text, published), ent.text)
    return found
