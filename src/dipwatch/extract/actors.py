"""Actor mentions in a sentence, and the token each one stands for in the parse.

A mention is an entity the gazetteer or the state tables resolve to an actor code. Its
*anchor* is the token whose grammatical role is the mention's role: "Pakistani" in
"Pakistani officials said" acts through "officials"; "China" in "the foreign ministers of
China, Russia and Iran" acts through "ministers", and so do its conjuncts.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..knowledge import Knowledge
from .entities import span_ents

__all__ = ["Mention", "RecentActors", "find_mentions", "find_references"]

# Entity labels that can name an actor; anything else (DATE, MONEY…) cannot.
ACTOR_LABELS = frozenset({"ACTOR", "GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"})


@dataclass(frozen=True, slots=True)
class Mention:
    """One actor mention: its entity span, what it resolves to, and the token it acts through."""

    span: Span
    key: str  # gazetteer key, or "" for names resolved by the state tables
    anchor: Token
    contrasted: bool
    kind: str = "state"
    refers_to: str | None = None  # the code of the antecedent, for "the group", "he", "its"

    @property
    def text(self) -> str:
        return self.span.text

    @property
    def named_as_where(self) -> bool:
        """Named right after "in"/"at" ("met in Dubai"): where something happened, not who."""
        return self.span.root.dep_ == "pobj" and self.span.root.head.lower_ in ("in", "at")

    def code(self, knowledge: Knowledge, day: dt.date | None) -> str | None:
        """The actor code on `day` (time-aware: "the Taliban" is AFG only from Aug 2021)."""
        if self.refers_to:
            return self.refers_to
        if self.key:
            entry = knowledge.resolve_key(self.key, day)
            if entry is not None:
                return entry.code
            if knowledge.actors_by_key.get(self.key):
                return None  # a gazetteer name outside its validity: no actor then
        return knowledge.states.lookup(self.span.text, fuzzy=self.span.label_ == "GPE")


def _seat_of(place: Token, seated: frozenset[str]) -> bool:
    """"The government in New Delhi", "the authorities in Kabul": the place names whose
    government it is, unless the noun already has its own ("Pakistani officials in Kabul")."""
    noun = place.head.head
    return (place.dep_ == "pobj" and place.head.lower_ == "in" and noun.lemma_.lower() in seated
            and not any(c.dep_ in ("poss", "amod", "compound") and c.ent_type_ for c in noun.children))


def _institution(token: Token, knowledge: Knowledge) -> bool:
    """An organisation people work at ("judges at the court"), not a place they are at."""
    if token.ent_type_ == "ACTOR":
        return knowledge.kind_of(token.ent_id_) in ("igo", "government", "metonym")
    return token.ent_type_ == "ORG"


def _anchor(token: Token, claimed: set[int], knowledge: Knowledge) -> Token:
    """Climb from a mention's root through conjunctions and modifiers to the acting noun."""
    agents, seated = knowledge.cue("agent_nouns"), knowledge.cue("seated_nouns")
    exemplifying = knowledge.cue("exemplifying_preps")
    current = token
    while current.dep_ == "conj" and current.head.i != current.i:
        current = current.head
    for _ in range(4):
        head = current.head
        if head.i == current.i or head.i in claimed:
            break
        if current.dep_ in ("poss", "compound", "amod", "nmod") and head.lemma_.lower() in agents:
            current = head
        elif (
            current.dep_ == "pobj"
            and (head.lower_ in ("of", "from") or (head.lower_ == "at" and _institution(current, knowledge)))
            and head.head.lemma_.lower() in agents
        ) or _seat_of(current, seated):
            current = head.head  # "officials from Kabul", "judges at the International Criminal Court"
        elif current.dep_ == "appos" and head.pos_ in ("PROPN", "NOUN"):
            current = head
        elif current.dep_ in ("npadvmod", "compound", "nmod") and head.lower_ in knowledge.cue("leading_participles") \
                and head.dep_ == "amod" and head.head.pos_ in ("NOUN", "PROPN") and head.head.i not in claimed:
            current = head.head  # "a Saudi-led coalition" acts for Saudi Arabia
        elif current.dep_ == "pobj" and head.lower_ in ("with", "to") and head.head.dep_ in ("acl", "amod") \
                and head.head.lemma_.lower() in knowledge.cue("affiliation_words") and head.head.head.pos_ in ("NOUN", "PROPN"):
            current = head.head.head  # "figures associated with the former republic" act for it
        elif current.dep_ == "pobj" and head.lower_ in exemplifying and head.head.pos_ in ("NOUN", "PRON", "PROPN"):
            current = head.head  # "a handful, including India and Turkey, have…": they act as the handful
        else:
            break
    return current


def _contrasted(token: Token, contrast_preps: frozenset[str]) -> bool:
    return any(
        anc.dep_ == "prep" and anc.lower_ in contrast_preps for anc in [token.head, *token.ancestors][:3]
    )


def find_mentions(sentence: Span, knowledge: Knowledge, triggers: set[int]) -> list[Mention]:
    """Every entity in the sentence that can be an actor, with its anchor token.

    `triggers` are token indices of event triggers: an anchor never climbs into one, so
    "Russia's recognition" keeps Russia as the possessor of the trigger.
    """
    mentions = []
    for ent in span_ents(sentence):
        if ent.label_ not in ACTOR_LABELS:
            continue
        key = ent.ent_id_ if ent.label_ == "ACTOR" else ""
        if not key and knowledge.states.lookup(ent.text, fuzzy=ent.label_ == "GPE") is None:
            continue
        kind = knowledge.kind_of(key) if key else "state"
        if kind == "place" and ent.root.dep_ == "pobj" and ent.root.head.lower_ in knowledge.cue("partner_preps"):
            kind = "state"  # "work with Kabul", "talks with Islamabad": a capital one deals with is its government
        mentions.append(
            Mention(span=ent, key=key, anchor=_anchor(ent.root, triggers, knowledge),
                    contrasted=_contrasted(ent.root, knowledge.cue("contrast_preps")), kind=kind)
        )
    return mentions


def _referent_kind(mention: Mention, people: frozenset[str]) -> str:
    """"Pakistani officials", "Russian forces": a state acting through people is referred to
    as "they", like a government; "Uzbekistan's foreign minister", "the Russian envoy" as "he"
    or "she", like a person; a capital that acts as "it", like its state."""
    acting = mention.anchor
    modifies = mention.span.root.dep_ in ("amod", "compound", "poss", "nmod") and mention.span.root.head.i == acting.i
    if mention.kind == "state" and modifies and acting.tag_ == "NNS":
        return "government"
    if mention.kind == "state" and modifies and acting.tag_ == "NN" and acting.lemma_.lower() in people:
        return "person"
    if mention.kind == "place" and mention.span.root.dep_ == "nsubj" and acting.i == mention.span.root.i:
        return "state"  # "Islamabad accuses its former proxy …": a capital that acts is its state ("it")
    return mention.kind


class RecentActors:
    """The actors named in the last few sentences, for resolving "the group", "he", "its"."""

    def __init__(self, knowledge: Knowledge, day: dt.date | None) -> None:
        self.knowledge = knowledge
        self.day = day
        self.window = int(knowledge.references.get("window", 3))
        self._people = knowledge.cue("people_nouns")
        self._seen: list[tuple[int, int, str, str]] = []  # (sentence no., token i, kind, code)
        self._subjects: set[tuple[int, int]] = set()  # mentions that were their sentence's main subject
        self._located: set[tuple[int, int]] = set()  # places named as where ("met in Dubai"), not who
        self._parties: tuple[int, str, str] | None = None  # the latest two sides of a bilateral act
        self._through: list[tuple[int, int, str, str]] = []  # (sentence no., token i, anchor lemma, code)

    def remember(self, number: int, mentions: list[Mention]) -> None:
        for mention in mentions:
            code = mention.code(self.knowledge, self.day) or self._described_as(mention, mentions)
            if code and code != "OTHER":
                self._seen.append((number, mention.span.start, _referent_kind(mention, self._people), code))
                # ("a U.S. State Department spokesperson", "the German Foreign Ministry": later "the ministry")
                self._through.append((number, mention.anchor.i, mention.anchor.lemma_.lower(), code))
                if mention.anchor.dep_ in ("nsubj", "nsubjpass") and mention.anchor.head.dep_ == "ROOT":
                    self._subjects.add((number, mention.span.start))
                if mention.named_as_where:
                    self._located.add((number, mention.span.start))

    def _described_as(self, person: Mention, mentions: list[Mention]) -> str | None:
        """"Asif Durrani, Pakistan's former special representative": a person the gazetteer no
        longer lists in office is remembered as the state the sentence says they served, so that
        "he" later in the sentence acts for it."""
        if person.kind != "person":
            return None
        return next((code for m in mentions if m is not person and m.kind == "state" and m.anchor.i == person.anchor.i
                     and (code := m.code(self.knowledge, self.day))), None)

    def remember_parties(self, number: int, actor: str, target: str) -> None:
        """The two sides of a bilateral act just told ("Pakistan and Afghanistan met in Doha")."""
        self._parties = (number, actor, target)

    def sides(self, number: int) -> list[str]:
        """The two sides of the latest bilateral act told within the window, if any."""
        if self._parties is not None and number - self._parties[0] <= self.window:
            return list(self._parties[1:])
        return []

    def last_two(self, number: int, position: int) -> list[str]:
        """"The two parties", "both sides": the sides of the latest bilateral act told within the
        window, else the two most recent distinct actors (a mediator named since is no side)."""
        if sides := self.sides(number):
            return sides
        codes: list[str] = []
        for seen_number, seen_i, kind, code in reversed(self._seen):
            if number - seen_number > self.window:
                break
            if seen_i < position and kind != "person" and code not in codes and (seen_number, seen_i) not in self._located:
                codes.append(code)
            if len(codes) == 2:
                return codes
        return []

    def acting_through(self, number: int, position: int, lemma: str) -> str | None:
        """The code of the latest actor within the window that acted through a noun of this lemma
        ("a U.S. State Department spokesperson" for a later "the spokesperson")."""
        for seen_number, seen_i, seen_lemma, code in reversed(self._through):
            if number - seen_number > self.window:
                break
            if seen_i < position and seen_lemma == lemma:
                return code
        return None

    def named_within(self, number: int, start: int, end: int) -> str | None:
        """The code of the first actor named in this sentence between token `start` and `end`."""
        for seen_number, seen_i, _, code in self._seen:
            if seen_number == number and start <= seen_i <= end:
                return code
        return None

    def all_named_within(self, number: int, start: int, end: int) -> list[str]:
        """The codes of every actor named in this sentence between token `start` and `end`."""
        codes: list[str] = []
        for seen_number, seen_i, _, code in self._seen:
            if seen_number == number and start <= seen_i <= end and code not in codes:
                codes.append(code)
        return codes

    def antecedent(self, number: int, position: int, kinds: list[str] | list[list[str]],
                   exclude: frozenset[str] = frozenset()) -> str | None:
        """The nearest earlier actor of a fitting kind, other than `exclude`; `kinds` may be tiers
        of preference ("they": a group or government before a state), each searched over the whole window."""
        tiers = kinds if kinds and isinstance(kinds[0], list) else [kinds]
        for tier in tiers:
            within = itertools.takewhile(lambda seen: number - seen[0] <= self.window, reversed(self._seen))
            fitting = [(seen_number, seen_i, code) for seen_number, seen_i, kind, code in within
                       if seen_i < position and kind in tier and code not in exclude]
            if fitting:
                # the main subject of the sentence of the nearest fitting actor is the likelier
                # antecedent ("the Taliban have been fighting ISKP …; … the movement")
                nearest = fitting[0]
                return next((code for seen_number, seen_i, code in fitting
                             if seen_number == nearest[0] and (seen_number, seen_i) in self._subjects), nearest[2])
        return None


def _reference_kinds(token: Token, knowledge: Knowledge) -> list[str] | list[list[str]] | None:
    if token.ent_type_:
        return None
    if token.pos_ == "PRON":
        return knowledge.references.get("pronouns", {}).get(token.lower_)
    kinds = knowledge.references.get("descriptions", {}).get(token.lemma_.lower())
    if kinds is None or token.pos_ != "NOUN" or token.tag_ == "NNS" and token.lemma_.lower() != "islamists":
        return None
    determiners = {c.lower_ for c in token.children if c.dep_ in ("det", "poss")}
    named = any(c.dep_ in ("compound", "amod", "poss") and c.ent_type_ for c in token.children)
    return kinds if determiners & {"the", "its", "their", "this", "that"} and not named else None


def _national_before(pronoun: Token) -> Token | None:
    """A person named by nationality earlier in the pronoun's sentence ("an American", "a
    Briton"), whom "he"/"his" most likely means there (not a person named sentences before)."""
    for token in reversed(pronoun.doc[pronoun.sent.start : pronoun.i]):
        if token.ent_type_ and token.pos_ in ("PROPN", "NOUN") and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") \
                and any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
            return token
    return None


def _pair_reference(token: Token, knowledge: Knowledge) -> bool:
    if token.lemma_.lower() not in knowledge.references.get("pairs", ()) or token.tag_ != "NNS":
        return False
    return any(c.lower_ in ("two", "both") for c in token.children)


def _clause_subject(token: Token) -> Token | None:
    """The named subject of the clause a possessive pronoun stands in, when the pronoun agrees
    with it in number: "Russia and China … their", "Pakistan … its" (but "Russia accepted their
    ambassador": another's)."""
    if token.dep_ != "poss" or token.pos_ != "PRON" or token.lower_ not in ("its", "their"):
        return None
    verb = token.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.i > token.i or not any(t.ent_type_ for t in subject.subtree):
        return None  # (a named subject, or one naming its members: "officials from Tashkent and Kabul … their")
    # ("Neither Russia nor China has closed its embassy": each singly)
    singly = any(c.dep_ in ("cc", "preconj") and c.lower_ in ("or", "nor", "neither", "either") for c in subject.children)
    plural = (any(c.dep_ == "conj" for c in subject.children) and not singly) or subject.tag_ in ("NNS", "NNPS")
    return subject if plural == (token.lower_ == "their") else None


def _reporting_speaker(token: Token, knowledge: Knowledge) -> tuple[int, int] | None:
    """The token range of the subject of the reporting verb whose reported clause `token` is
    the subject of."""
    clause = token.head
    if token.dep_ != "nsubj" or clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in knowledge.cue("reporting_verbs"):
        return None
    verb = clause.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None:
        return subject.left_edge.i, subject.right_edge.i
    # "Speaking in Doha, Mujahid, the Taliban spokesman, said …": the parser hung the speaker
    # on the opening phrase; the comma-set names just before the verb are the speaker
    doc, end = verb.doc, verb.i - 1
    while end > verb.sent.start and doc[end].is_punct:
        end -= 1
    if doc[end].pos_ not in ("PROPN", "NOUN"):
        return None
    start = doc[end].left_edge.i
    while start - 2 >= verb.sent.start and doc[start - 1].text == "," and doc[start - 2].dep_ in ("appos", "conj"):
        start = doc[start - 2].left_edge.i
    return start, end


def _repeated_agent(token: Token, number: int, recent: RecentActors) -> str | None:
    """"The spokesperson said" after "a U.S. State Department spokesperson told Newsweek": a
    definite agent noun with no name of its own is the one last named with that noun."""
    if token.pos_ != "NOUN" or token.tag_ != "NN" or token.lemma_.lower() not in recent.knowledge.cue("agent_nouns"):
        return None
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children) or any(t.ent_type_ for t in token.subtree):
        return None
    return recent.acting_through(number, token.i, token.lemma_.lower())


def _quoting_speaker(token: Token, number: int, recent: RecentActors) -> str | None:
    """"'We are working to press the Taliban,' the spokesperson said": "we" in a quote is the
    speaker's side (references.yaml `first_person`)."""
    if token.lower_ not in recent.knowledge.references.get("first_person", ()):
        return None
    reporting = recent.knowledge.cue("reporting_verbs")
    below = token
    for verb in token.ancestors:
        if verb.lemma_.lower() in reporting and below.dep_ in ("ccomp", "parataxis"):
            speaker = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if speaker is None or speaker.i < below.left_edge.i <= speaker.i:
                return None
            return recent.named_within(number, speaker.left_edge.i, speaker.right_edge.i) or \
                _repeated_agent(speaker, number, recent)
        below = verb
    return None


def _whose(token: Token, number: int, recent: RecentActors) -> str | None:
    """The actor named by the noun a "whose" relative clause describes."""
    clause = next((a for a in token.ancestors if a.dep_ == "relcl"), None)
    if clause is None:
        return None
    noun = clause.head
    return recent.named_within(number, noun.left_edge.i, noun.i)


def _own_subject(token: Token, number: int, recent: RecentActors) -> frozenset[str]:
    """The actors of the clause's own subject, which a description or pronoun that is its object
    cannot mean: in "Russian officials described the movement as a partner" the movement is not
    Russia; in "Germany has not reopened it", "it" is not Germany."""
    verb = token.head.head if token.dep_ == "pobj" else token.head
    if token.dep_ not in ("dobj", "pobj") or verb.pos_ not in ("VERB", "AUX"):
        return frozenset()
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return frozenset()
    return frozenset(recent.all_named_within(number, subject.left_edge.i, subject.right_edge.i))


def find_references(sentence: Span, number: int, recent: RecentActors, triggers: set[int]) -> list[Mention]:
    """Pronouns and definite descriptions in the sentence, linked to the nearest fitting actor."""
    found: list[Mention] = []

    def referring(token: Token, codes: Iterable[str]) -> list[Mention]:
        span = sentence.doc[token.i : token.i + 1]
        anchor = _anchor(token, triggers, recent.knowledge)
        return [Mention(span=span, key="", anchor=anchor, contrasted=False, kind="reference", refers_to=code) for code in codes]

    for token in sentence:
        if token.dep_ not in ("nsubj", "nsubjpass", "dobj", "pobj", "poss", "dative", "agent"):
            continue
        if any(a.dep_ == "appos" for a in [token, *list(token.ancestors)[:3]]):
            continue  # "Mujahid, the government's spokesman": describes a named actor
        if _pair_reference(token, recent.knowledge):
            found += referring(token, recent.last_two(number, token.i))
            continue
        if (subject := _clause_subject(token)) is not None and \
                (codes := recent.all_named_within(number, subject.left_edge.i, subject.right_edge.i)):
            if token.head.i not in triggers:
                continue  # "China, Russia, Iran and Pakistan kept their embassies open": their own, no other party
            if token.head.dep_ == "dobj":
                # "Russia and China have shown their willingness": the act is the subject's
                found += referring(token, codes)
                continue
        if token.tag_ == "WP$" and (code := _whose(token, number, recent)):
            # "Hassan, whose credentials Russia accepted": the one the relative clause describes
            found += referring(token, [code])
            continue
        if (code := _repeated_agent(token, number, recent) or _quoting_speaker(token, number, recent)):
            found += referring(token, [code])
            continue
        kinds = _reference_kinds(token, recent.knowledge)
        code = None
        if kinds == ["person"] and (national := _national_before(token)) is not None:
            code = recent.named_within(number, national.i, national.i)  # "sentenced an American …, demanded his release"
        if kinds and token.pos_ == "NOUN" and (speaker := _reporting_speaker(token, recent.knowledge)) is not None:
            # "Muttaqi said the country would not accept …": the speaker's own country
            code = recent.named_within(number, *speaker)
        code = code or (recent.antecedent(number, token.i, kinds, exclude=_own_subject(token, number, recent)) if kinds else None)
        if code:
            found += referring(token, [code])
    return found
