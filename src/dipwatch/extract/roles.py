"""Who acts and who is acted on, for one trigger, from the dependency parse.

The subject side is the trigger's subject (or the agent of a passive, or the possessor or
modifier of a noun trigger); when the trigger has none, it inherits the subject of the verb
that governs it ("Russia became the first country to recognise…", "Pakistan denied carrying
out the strike", "China, which accredited…"). The object side is everything in the trigger's
objects and prepositional phrases, and the subject of a passive.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from .actors import Mention

__all__ = ["Roles", "assign_roles"]

SUBJECT_DEPS = frozenset({"nsubj", "csubj", "agent", "poss", "expl"})
NOUN_MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
# Dependencies that open a new clause: a mention below one belongs to that clause's event.
CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "csubj", "parataxis", "acl"})
# Prepositions that give a cause, a time or a concession, never the one acted on.
NON_TARGET_PREPS = frozenset({"due", "because", "despite", "amid", "after", "before", "during", "since", "until", "unlike", "except", "like", "than"})
# Clause links through which a trigger inherits its governor's subject.
INHERIT_DEPS = frozenset({"xcomp", "advcl", "conj", "ccomp", "pcomp", "dobj", "pobj", "prep", "acl", "relcl", "attr", "nsubj", "nsubjpass", "compound", "amod", "appos"})


@dataclass(frozen=True, slots=True)
class Roles:
    subjects: tuple[Mention, ...]
    objects: tuple[Mention, ...]
    inherited: bool  # the subject came from a governing clause: less certain


def _child_on_path(anchor: Token, trigger: Token) -> Token | None:
    """The trigger's child through which `anchor` hangs below the trigger, if it does."""
    current = anchor
    for _ in range(12):
        if _opens_clause(current):
            return None
        if current.head.i == trigger.i and current.i != trigger.i:
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def _opens_clause(token: Token) -> bool:
    return token.dep_ in CLAUSE_DEPS or (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX"))


def _is_subject(child: Token, trigger: Token) -> bool:
    if child.dep_ in ("nsubj", "csubj", "expl"):
        return True
    if child.dep_ == "agent":
        return True
    if child.dep_ == "prep" and child.lower_ == "by" and trigger.pos_ == "NOUN":
        return True
    return trigger.pos_ in ("NOUN", "PROPN") and child.dep_ in NOUN_MODIFIER_DEPS and child.i < trigger.i


def _split(mentions: list[Mention], trigger: Token) -> tuple[list[Mention], list[Mention]]:
    subjects, objects = [], []
    for mention in mentions:
        if mention.contrasted:
            continue
        if mention.anchor.i == trigger.i:
            # the mention is the trigger's own phrase head (rare): treat as object
            objects.append(mention)
            continue
        child = _child_on_path(mention.anchor, trigger)
        if child is None or (child.dep_ == "prep" and child.lower_ in NON_TARGET_PREPS):
            continue
        (subjects if _is_subject(child, trigger) else objects).append(mention)
    return subjects, objects


def _governor(token: Token) -> Token | None:
    if token.dep_ in INHERIT_DEPS and token.head.i != token.i:
        return token.head
    return None


def _inherited_subjects(trigger: Token, mentions: list[Mention]) -> list[Mention]:
    """Subjects of the clauses that govern the trigger, nearest first."""
    current = trigger
    for _ in range(6):
        governor = _governor(current)
        if governor is None:
            return []
        if current.dep_ in ("relcl", "acl", "appos") and governor.pos_ in ("NOUN", "PROPN"):
            # "China, which accredited…": the modified noun is the actor
            direct = [m for m in mentions if m.span.root.i == governor.i and not m.contrasted]
            if direct:
                return direct
        subjects, _ = _split(mentions, governor)
        if subjects:
            return subjects
        current = governor
    return []


def assign_roles(trigger: Token, mentions: list[Mention]) -> Roles:
    """Split the sentence's mentions into the trigger's subject side and object side."""
    subjects, objects = _split(mentions, trigger)
    inherited = False
    if not subjects:
        subject_ids = {m.span.start for m in objects}
        subjects = [m for m in _inherited_subjects(trigger, mentions) if m.span.start not in subject_ids]
        inherited = bool(subjects)
    return Roles(tuple(subjects), tuple(objects), inherited)
