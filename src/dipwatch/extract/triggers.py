"""Find the words that signal an event type (`knowledge/data/triggers.yaml`) in a sentence."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from spacy.tokens import Span, Token

from ..knowledge import Knowledge, TriggerEntry
from ..records import Event
from .roles import infinitive

__all__ = ["TriggerMatch", "find_repeats", "find_triggers"]

# Entity labels of names in which a trigger word is part of a name, not an act:
# "the Ministry of Commerce and Trade", "the Doha Agreement".
NAME_LABELS = frozenset({"ORG", "PERSON", "ACTOR", "GPE", "NORP", "FAC", "LAW", "WORK_OF_ART", "EVENT"})


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    token: Token
    entry: TriggerEntry
    repeats: Event | None = None  # "Kyrgyzstan did the same": the act told before, done again


def _pos(token: Token) -> str | None:
    if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.tag_ == "VBN"):
        return "VERB"
    if token.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    return None


_SUBJECT_DEPS = ("nsubj", "nsubjpass", "agent", "csubj")
_MODALS = frozenset({"will", "would", "could", "might", "'ll", "may"})


def _context_lemmas(token: Token, people: frozenset[str]) -> set[str]:
    """Lemmas near the trigger that a `needs` list may ask for: its phrase (not its subject,
    which names who acts, not what is done), its head and siblings."""
    # (a passive's subject is what is done to: "the embassy was handed over")
    subject_words = {t.i for c in token.children if c.dep_ in _SUBJECT_DEPS and c.dep_ != "nsubjpass" for t in c.subtree}
    near = {t for t in token.subtree if abs(t.i - token.i) <= 8 and t.i not in subject_words}
    if token.dep_ not in _SUBJECT_DEPS:
        near |= {token.head, *(c for c in token.head.children if c.dep_ not in _SUBJECT_DEPS)}
    if token.head.dep_ == "prep":
        near.add(token.head.head)
    # the verb and modal of what is said, however long the quote: '"The Taliban must first earn …," he said'
    near |= {word for clause in token.children if clause.dep_ == "ccomp"
             for word in (clause, *(aux for aux in clause.children if aux.dep_ == "aux"))}
    if token.dep_ == "conj" and any(c.dep_ == "dobj" and c.pos_ == "PRON" for c in token.children):
        # "closed its embassy in 2021 and has not reopened it": "it" is the first verb's object
        near |= {t for c in token.head.children if c.dep_ == "dobj" for t in c.subtree}
    words = set()
    for t in near:
        if t.pos_ == "ADJ" and _describes_another_noun(t, token, people):
            continue  # "welcomed the official ambassador": "official" says who, not what is done
        if t.pos_ in ("NOUN", "PROPN", "VERB", "AUX", "ADJ", "ADP", "PART", "ADV", "X") or t.i == token.i:
            words.add(t.lemma_.lower())
            words.add(t.lower_)
    return words


def _describes_another_noun(adjective: Token, trigger: Token, people: frozenset[str]) -> bool:
    """An attribute of a noun other than the trigger ("welcomed the official ambassador"), unless
    that noun is what the clause says something is ("called Pakistan a hostile neighbour",
    "described the decision as a positive step") and not a person."""
    head = adjective.head
    if adjective.dep_ != "amod" or head.i == trigger.i or head.pos_ not in ("NOUN", "PROPN"):
        return False
    predicate = head.dep_ in ("oprd", "attr", "acomp") or (head.dep_ == "pobj" and head.head.lower_ == "as")
    return not predicate or head.lemma_.lower() in people


def _clause_has_modal(token: Token) -> bool:
    clauses = [c for c in token.children if c.dep_ in ("ccomp", "xcomp")]
    return any(a.dep_ == "aux" and a.lower_ in _MODALS for c in clauses for a in c.children)


def _direct_object_lemmas(token: Token) -> set[str]:
    """What the trigger acts on: its object, a passive's subject, or the noun a passive
    participle describes ("Americans held in Afghanistan")."""
    found = {c.lemma_.lower() for c in token.children if c.dep_ in ("dobj", "nsubjpass")}
    if token.dep_ == "acl" and token.tag_ == "VBN":
        found |= {token.head.lemma_.lower(), token.head.lower_}
    return found


def _satisfied(entry: TriggerEntry, token: Token, context: set[str]) -> bool:
    if entry.objects and not entry.objects & _direct_object_lemmas(token):
        return False
    if entry.not_objects & _direct_object_lemmas(token):
        return False
    # "struck the Taliban off its list": the parser often reads a particle as a preposition
    # (but "called the Taliban a partner on Monday" is a date, not "call on")
    if entry.particle and not any(c.dep_ in ("prt", "prep", "advmod") and c.lower_ == entry.particle and not _dates(c)
                                  for c in token.children):
        return False
    if entry.intransitive and any(c.dep_ == "dobj" for c in token.children):
        return False
    if entry.clause_modal and not _clause_has_modal(token):
        return False
    return not entry.needs or bool(entry.needs & context)


def _dates(preposition: Token) -> bool:
    """"on Monday", "on 3 July": a preposition whose phrase is a date."""
    return any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in preposition.children)


def _governs_another(match: TriggerMatch, others: set[int]) -> bool:
    """"Agreed to a ceasefire", "the ceasefire the two sides agreed": what is agreed (the object,
    a "to"/"on" phrase's object, or the noun the clause describes) is another trigger."""
    if match.token.dep_ == "relcl" and match.token.head.i in others:
        return True
    for child in match.token.children:
        if child.dep_ == "dobj" and child.i in others:
            return True
        if child.dep_ == "prep" and child.lower_ in ("to", "on") and any(g.i in others for g in child.children):
            return True
    return False


def find_triggers(sentence: Span, knowledge: Knowledge) -> list[TriggerMatch]:
    """Trigger tokens with the entry each matched; an entry whose context requirement
    is met wins over a bare entry for the same word ("welcome" + "ambassador" is ACCREDIT,
    not SUPPORT)."""
    matches = []
    for token in sentence:
        pos = _pos(token)
        if pos is None or token.ent_type_ in NAME_LABELS or token.dep_ in ("aux", "auxpass"):
            continue  # (an auxiliary is no act: "was released")
        if pos == "VERB" and token.dep_ in ("amod", "compound"):
            continue  # "a Taliban-appointed ambassador": a description, not an act
        if pos == "NOUN" and token.dep_ == "compound" and token.head.lemma_.lower() in knowledge.cue("people_nouns"):
            continue  # "a trade delegation", "security officials": who they are, not what happened
        lemma = token.lemma_.lower()
        entries = knowledge.triggers_by_lemma.get((lemma, pos), ())
        if not entries and token.lower_ != lemma:
            entries = knowledge.triggers_by_lemma.get((token.lower_, pos), ())
        if not entries:
            continue
        context = _context_lemmas(token, knowledge.cue("people_nouns"))
        fitting = [e for e in entries if _satisfied(e, token, context)]
        specific = [e for e in fitting if e.needs or e.objects or e.particle or e.clause_modal]
        for entry in specific or fitting:
            matches.append(TriggerMatch(token, entry))
    others = {m.token.i for m in matches}
    types_at = {(m.token.i, m.entry.type) for m in matches}
    return [m for m in matches if not (m.entry.defers and _governs_another(m, others - {m.token.i}))
            and not _restates_its_governor(m, types_at)]


def _restates_its_governor(match: TriggerMatch, types_at: set[tuple[int, object]]) -> bool:
    """"Met Araghchi in Tashkent to discuss trade", "allowed the Taliban to take over the embassy":
    the infinitive names the same act again; so does a noun phrase set off after it ("visited New
    Delhi, the first such trip since 2021")."""
    token = match.token
    if (token.head.i, match.entry.type) not in types_at:
        return False
    if token.dep_ in ("advcl", "xcomp", "ccomp") and infinitive(token):
        return True
    start = token.left_edge.i
    return token.pos_ == "NOUN" and token.head.pos_ == "VERB" and token.dep_ in ("appos", "npadvmod", "dobj", "attr") \
        and start > token.sent.start and token.doc[start - 1].text in (",", "–", "—") and token.head.i < start


_IGNORED_IN_PHRASES = frozenset({"the", "a", "an", "its", "their", "his", "her", "our"})
_PHRASE_DEPS = frozenset({"dobj", "advmod", "npadvmod", "attr", "oprd", "acomp", "prt", "ccomp"})


@functools.lru_cache(maxsize=8)
def _phrases_by_verb(phrases: frozenset[str]) -> dict[str, tuple[frozenset[str], ...]]:
    by_verb: dict[str, list[frozenset[str]]] = {}
    for phrase in phrases:
        verb, *words = phrase.lower().split()
        by_verb.setdefault(verb, []).append(frozenset(words) - _IGNORED_IN_PHRASES)
    return {verb: tuple(words) for verb, words in by_verb.items()}


def find_repeats(sentence: Span, knowledge: Knowledge) -> list[Token]:
    """Verbs by which someone repeats an act told before ("did the same", "followed suit",
    "took a similar step": cues.yaml `repeating_phrases`)."""
    by_verb = _phrases_by_verb(knowledge.cue("repeating_phrases"))
    found = []
    for token in sentence:
        wanted = by_verb.get(token.lemma_.lower()) if token.pos_ in ("VERB", "AUX") else None
        if wanted:
            words = {t.lemma_.lower() for c in token.children if c.dep_ in _PHRASE_DEPS for t in c.subtree}
            if any(phrase <= words for phrase in wanted):
                found.append(token)
    return found
