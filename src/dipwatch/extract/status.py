"""Whether the text asserts an event happened (EVENTS.md `status`), from the trigger's context.

The trigger and the chain of words that govern it, up to the clause that reports it, are
read for cues (`knowledge/data/cues.yaml`): a negation on the trigger or its auxiliaries,
a refusal verb ("declined to issue"), a denial ("denied involvement in the strike"), a
plan, promise, future or purpose ("visited Kabul to secure the release"), a hedge
("reportedly", "alleged", "appeared to", "may", "it was not clear"). A trigger governed by a
threat verb is the threatened act, which the convention folds into the THREATEN event.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..knowledge import Knowledge, TriggerEntry
from ..records import Status
from .roles import conditional_clause, infinitive

__all__ = ["ACCUSED_ACT", "DEMANDED_ACT", "NO_EVENT", "THREATENED_ACT", "status_of"]

THREATENED_ACT = "threatened-act"  # not an event of its own (EVENTS.md conventions)
DEMANDED_ACT = "demanded-act"  # "called on X to release": the DEMAND is the event
ACCUSED_ACT = "accused-act"  # "accused X of an air strike": the CRITICIZE is the event
NO_EVENT = "no-event"  # a cue that signals an event only when negated ("would not tolerate")
_STOP_CLIMB = frozenset({"ROOT", "nsubj", "nsubjpass", "csubj"})  # a subject is talked about, not modified
_REPORTED_SPEECH = frozenset({"ccomp"})
_LINKING_VERBS = frozenset({"be", "become", "remain", "seem"})
_ORDINALS = frozenset({"first", "only", "last", "second", "third", "latest"})
# An adverbial clause opened by one of these is its own assertion: "after the Taliban accused…".
_INDEPENDENT_MARKS = frozenset({"after", "before", "when", "since", "as", "because", "while", "although", "though", "once", "until",
                                "whereas", "despite", "amid", "amidst", "during", "following"})


def _governors(trigger: Token, limit: int = 5) -> list[Token]:
    """The trigger's governing words, nearest first, stopping at reported speech."""
    chain = []
    current = trigger
    for _ in range(limit):
        if current.dep_ in _STOP_CLIMB or current.head.i == current.i:
            break
        if current.dep_ == "parataxis" or (current.dep_ == "relcl" and not infinitive(current)) or (
                current.dep_ == "conj" and current.pos_ == "VERB"):
            break  # (an infinitive the parser calls a relative clause, "an exemption to visit", is governed)
        if current.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _INDEPENDENT_MARKS for c in current.children):
            break
        if current.dep_ == "prep" and current.lower_ in _INDEPENDENT_MARKS:
            break  # "agreed to a truce after a week of talks": the talks are told as done
        governor = current.head
        chain.append(governor)
        if current.dep_ in _REPORTED_SPEECH:
            break  # "X said that Y recognised": the report does not change Y's status
        current = governor
    return chain


def _negated(token: Token) -> bool:
    # (in "engagement, not isolation" the "not" is isolation's)
    if any(c.dep_ == "neg" and not _contrasted_next(c, token) for c in token.children):
        return True
    if any(c.dep_ == "preconj" and c.lower_ == "neither" for c in token.children):
        return True  # "has neither recognised the Taliban nor …"
    if token.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "nor" and c.i < token.i for c in token.head.children):
        return True  # "… nor sent an envoy"
    return any(c.dep_ == "det" and c.lower_ in ("no",) for c in token.children)


def _contrasted_next(negation: Token, token: Token) -> bool:
    """"X, not Y": the "not" stands before another noun of the trigger's own phrase."""
    following = negation.doc[negation.i + 1] if negation.i + 1 < len(negation.doc) else None
    return following is not None and following.i > token.i and following.head.i == token.i and following.dep_ in ("appos", "conj")


def _consequent(verb: Token) -> bool:
    """"… Pakistan would protest" with an "if" clause of its own: what would follow, not an act."""
    return any(c.dep_ == "aux" and c.lower_ == "would" for c in verb.children) and \
        any(c.dep_ == "advcl" and conditional_clause(c) for c in verb.children)


def _no_participant(verb: Token) -> bool:
    """"No American was being held", "has sent no ambassador", "Neither India nor Germany has
    recognised …", "recognised neither the Taliban nor …": nobody took part, so it did not happen."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
        (g.dep_ == "det" and g.lower_ == "no") or g.lower_ == "neither" for g in c.children)
               for c in verb.children)


def _declared_false(trigger: Token, falsity: frozenset[str]) -> bool:
    """"Reports that Uzbekistan had recognised the Taliban were false", "rumours that … proved
    unfounded": the clause of a noun that its predicate calls untrue."""
    for noun in list(trigger.ancestors)[:4]:
        if noun.pos_ == "NOUN" and noun.dep_ in ("nsubj", "nsubjpass") and any(
                c.dep_ in ("acomp", "attr", "oprd", "xcomp") and c.lemma_.lower() in falsity for c in noun.head.children):
            return True
    return False


def _has_modal(token: Token, modals: frozenset[str]) -> bool:
    # ("on 22 May formally recognised": the month the parser took for a modal is a date)
    return any(c.dep_ == "aux" and c.lower_ in modals and c.ent_type_ != "DATE" for c in token.children)


def _is_purpose(token: Token) -> bool:
    """An infinitive of purpose hanging off a verb: "visited Kabul to secure the release",
    "sent delegations to facilitate repatriations" (not "became the first to recognise")."""
    head = token.head
    if not infinitive(token) or head.pos_ not in ("VERB", "AUX") or head.lemma_ in _LINKING_VERBS:
        return False
    between = token.doc[min(head.i, token.i) : max(head.i, token.i)]
    if any(t.lower_ in _ORDINALS and t.ent_type_ != "DATE" for t in between):  # ("last week" is a date)
        return False  # "became the first country to recognise": done, not intended
    if token.dep_ == "advcl":
        return True
    return token.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in token.head.children)


def _headline_future(verb: Token, reporting: frozenset[str]) -> bool:
    """"Russia to recognise Taliban government (, Lavrov says)": a headline's "to" tells what will
    be (not "for Kabul to act", nor an infinitive another verb governs)."""
    if verb.pos_ != "VERB" or not any(c.dep_ == "nsubj" for c in verb.children) or any(c.dep_ == "mark" for c in verb.children):
        return False
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    return verb.dep_ == "ROOT" or (verb.dep_ == "ccomp" and verb.head.lemma_.lower() in reporting)


_PURPOSE_MODALS = frozenset({"could", "can", "would", "might", "may"})


def _purpose_clause(token: Token) -> bool:
    """"… so (that) he could visit India": a clause of purpose, told by "so" and a modal (without
    one, "so" tells a consequence: "talks failed, so Pakistan closed the border")."""
    return token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "so" for c in token.children) \
        and any(c.dep_ == "aux" and c.lower_ in _PURPOSE_MODALS for c in token.children)


def _misread_purpose(trigger: Token, verbs: frozenset[str]) -> bool:
    """"… welcomed officials to facilitate repatriations": the parser read the purpose verb as a
    noun compound in a "to" phrase."""
    head = trigger.head
    return trigger.dep_ == "pobj" and head.lower_ == "to" and any(
        c.dep_ in ("compound", "amod") and c.i == head.i + 1 and c.lower_ in verbs for c in trigger.children)


def _gerund_complement(token: Token) -> bool:
    """"Trade that would involve China importing pine nuts": a gerund that completes its verb
    takes that verb's modals and plans."""
    return token.tag_ == "VBG" and token.dep_ in ("xcomp", "ccomp", "pcomp", "dobj")


def _modal_scope(chain: list[Token]) -> list[Token]:
    """The trigger and, for a noun or an infinitive, the governors up to the first verb:
    the words whose modals and plans apply to it ("would travel to Moscow for meetings")."""
    trigger = chain[0]
    if trigger.pos_ != "NOUN" and not infinitive(trigger) and not _gerund_complement(trigger):
        return [trigger]
    scope = [trigger]
    for below, governor in zip(chain, chain[1:]):
        scope.append(governor)
        # past the first verb, only up a chain of infinitives ("offered to help build a railway")
        # (or an infinitive the parser hangs as a clause: "an offer to allow firms to enter the mining sector")
        in_infinitive_chain = governor.dep_ == "xcomp" or (below is not trigger and below.dep_ == "xcomp") or \
            (governor.dep_ in ("ccomp", "acl") and infinitive(governor))
        if governor.pos_ in ("VERB", "AUX", "ADJ") and not in_infinitive_chain:
            break
    return scope


def _hedged(token: Token, knowledge: Knowledge) -> bool:
    for child in token.children:
        word = child.lower_
        if child.dep_ == "advmod" and word in knowledge.cue("hedges"):
            return True
        if child.dep_ == "amod" and word in knowledge.cue("hedge_adjectives"):
            return True
    return _has_modal(token, knowledge.cue("hedge_modals"))


def _unclear_clause(trigger: Token, knowledge: Knowledge) -> bool:
    """"It was not clear how far talks had progressed", "it is unclear whether…"."""
    root = trigger.sent.root
    words = {t.lower_ for t in root.children} | {root.lower_}
    if "unclear" in words or "uncertain" in words:
        return True
    return "clear" in words and any(c.dep_ == "neg" for c in root.children)


def _object_of(trigger: Token, verbs: frozenset[str]) -> bool:
    if trigger.dep_ == "dobj":
        return trigger.head.lemma_.lower() in verbs
    head = trigger.head
    return trigger.dep_ == "pobj" and head.lower_ in ("to", "on") and head.head.lemma_.lower() in verbs


def _discussed(trigger: Token, discussing: frozenset[str]) -> bool:
    """The trigger is what a discussion is about: its object ("discussed expanding trade") or the
    object of its "over"/"on"/"about" phrase ("talks on a ceasefire")."""
    noun = trigger.head if trigger.dep_ == "compound" else trigger  # "over deportation flights"
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head  # "talks on trade and transit"
    head = noun.head
    if noun.dep_ in ("dobj", "xcomp") and head.lemma_.lower() in discussing and head.i != noun.i:
        return not infinitive(head)  # ("met Araghchi to discuss trade": a purpose, planned)
    if noun.dep_ not in ("pobj", "pcomp") or head.lower_ not in ("over", "on", "about"):
        return False
    governor = head.head  # "talks on X", or "held talks … on X"
    return governor.lemma_.lower() in discussing or any(
        c.dep_ == "dobj" and c.lemma_.lower() in discussing for c in governor.children)


def _closed_to(trigger: Token, closing: frozenset[str]) -> bool:
    """"Closed to trade" (the parser reads "to trade" as a verb or a noun)."""
    if trigger.pos_ == "NOUN" and _object_of(trigger, closing):
        return True
    doc = trigger.doc
    return trigger.i >= 2 and doc[trigger.i - 1].lower_ == "to" and doc[trigger.i - 2].lower_ in closing


def _about(trigger: Token, topics: frozenset[str]) -> bool:
    """"The question of recognition", "talk of a visit": a topic, not an act."""
    head = trigger.head
    return trigger.dep_ in ("pobj", "pcomp") and head.lower_ in ("of", "on", "about") and head.head.lemma_.lower() in topics


def _predicate_of(subject: Token) -> Token | None:
    """The verb a noun is the subject of, also where the parser hung the noun elsewhere
    ("…come as a long-discussed visit remains on hold": visit is what remains)."""
    if subject.dep_ in ("nsubj", "nsubjpass"):
        return subject.head
    after = subject.right_edge.i + 1
    if subject.dep_ == "pobj" and after < subject.sent.end:
        verb = subject.doc[after]
        if verb.pos_ in ("VERB", "AUX") and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
            return verb
    return None


def _subject_of_negation(trigger: Token, knowledge: Knowledge) -> bool:
    """"The visit remains on hold", "the talks were cancelled": the predicate undoes its subject."""
    predicate = _predicate_of(trigger)
    if predicate is None:
        return False
    if predicate.lemma_.lower() in knowledge.cue("negating_verbs"):
        return True
    if predicate.lemma_.lower() in knowledge.cue("occurrence_verbs") and _negated(predicate):
        return True
    return _on_hold(predicate)


def _on_hold(token: Token) -> bool:
    """"Remains on hold", "put the visit on hold", "recognition (is) off the table", "not on the table"."""
    for c in token.children:
        if c.dep_ != "prep":
            continue
        objects = {g.lower_ for g in c.children if g.dep_ == "pobj"}
        if c.lower_ == "on" and ("hold" in objects or ("table" in objects and any(g.dep_ == "neg" for g in c.children))):
            return True
        if c.lower_ == "off" and "table" in objects:
            return True
    return False


def _equated(trigger: Token, words: frozenset[str]) -> bool:
    """"Does not amount to recognition": a claim about what something would mean, not an act."""
    head = trigger.head
    if trigger.dep_ == "pobj" and head.lower_ == "to":
        head = head.head
    elif trigger.dep_ not in ("dobj", "attr"):
        return False
    return head.lemma_.lower() in words or head.lower_ in words


def _accused_of(chain: list[Token], accusing: frozenset[str]) -> bool:
    """The trigger is what someone is accused of: "accused Pakistan of … an air strike"."""
    for below, governor in zip(chain, chain[1:4]):
        if governor.lemma_.lower() in accusing:
            return below.dep_ == "prep" and below.lower_ in ("of", "for")
    return False


def _cause(trigger: Token, words: frozenset[str]) -> bool:
    """"Needed a waiver to travel due to sanctions on him", "could not travel because of the ban": a
    cause is told as a fact, whatever the verb it explains (cues.yaml `cause_words`)."""
    if trigger.dep_ != "pobj":
        return False
    prep = trigger.head
    before = trigger.doc[prep.i - 1] if prep.i > trigger.sent.start else None
    return prep.lower_ in words or (prep.lower_ in ("to", "of") and before is not None and before.lower_ in words)


def _excluding(governors: list[Token], verbs: frozenset[str]) -> Token | None:
    """A governing "rule out", "exclude", "preclude"."""
    for governor in governors:
        lemma = governor.lemma_.lower()
        if lemma == "rule" and any(c.lower_ == "out" for c in governor.children):
            return governor
        if lemma in verbs and lemma != "rule":
            return governor
    return None


def _yet_to(token: Token) -> bool:
    """"Has yet to open", "is yet to recognise": not done so far (not "not to recognise it yet")."""
    return infinitive(token) and any(c.dep_ == "advmod" and c.lower_ == "yet" and c.i < token.i
                                     for c in (*token.children, *token.head.children))


def _passive_report(token: Token, verbs: frozenset[str]) -> bool:
    """"Was said to have accepted", "is believed to be holding": hearsay."""
    return token.lemma_.lower() in verbs and any(c.dep_ == "auxpass" for c in token.children)


def status_of(trigger: Token, entry: TriggerEntry, knowledge: Knowledge, *, independent: bool = False) -> Status | str:
    """The event's status; THREATENED_ACT or NO_EVENT when the trigger yields no event.

    `independent`: the trigger is the object of another event's verb ("did not lift the
    sanctions"): that verb's negation or plan is its own, not this noun's."""
    if _subject_of_negation(trigger, knowledge):
        return Status.NEGATED
    independent = independent or _cause(trigger, knowledge.cue("cause_words"))
    chain = [trigger] if independent else [trigger, *_governors(trigger)]
    predicate = _predicate_of(trigger)
    if not independent and len(chain) == 1 and predicate is not None and predicate.lemma_.lower() in knowledge.cue("occurrence_verbs"):
        # "denied any such talks were going on": the talks are what the happening verb's clause says
        chain = [trigger, predicate, *_governors(predicate)]
    lemmas = [t.lemma_.lower() for t in chain]
    if _about(trigger, knowledge.cue("topic_words")) or _equated(trigger, knowledge.cue("equating_words")):
        return NO_EVENT
    if _object_of(trigger, knowledge.cue("violating_verbs")):
        return NO_EVENT  # "accused Pakistan of breaking the truce": a breach, not a truce
    if _discussed(trigger, knowledge.cue("discussing_words")):
        return NO_EVENT  # "negotiating over deportation flights": a topic, not an act
    if _closed_to(trigger, knowledge.cue("closing_words")):
        return NO_EVENT  # "crossings closed to trade": what a closure keeps out, not an act
    plans = knowledge.cue("planning_verbs") | knowledge.cue("planning_words")
    # "did not agree to recognise", "has no plans to recognise"
    negated = _negated(trigger) or any(_negated(g) and (g.pos_ in ("VERB", "AUX", "ADJ") or g.lemma_.lower() in plans)
                                       for g in chain[1:3])
    negated = negated or _no_participant(trigger)
    denying = knowledge.cue("denying_verbs") | knowledge.cue("denying_words")
    denials = [g for g in chain[1:] if g.lemma_.lower() in denying]
    if any(_negated(g) for g in denials):
        return Status.UNCERTAIN  # "has neither confirmed nor denied that it recognised", "did not deny"
    if denials or _declared_false(trigger, knowledge.cue("falsity_words")):
        return Status.DENIED
    if any(conditional_clause(t) for t in chain) or _consequent(trigger):
        return NO_EVENT  # "if India recognised the Taliban, Pakistan would protest": asserts neither
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "without":
        # "without recognising the Taliban" did not; "Without recognition, the Taliban cannot …" is a condition
        return NO_EVENT if trigger.head.i < trigger.head.head.i else Status.NEGATED
    if (excluding := _excluding(chain[1:3], knowledge.cue("excluding_verbs"))) is not None:
        # "ruled out recognising" did not; "has not ruled out recognising" may
        return Status.UNCERTAIN if _negated(excluding) else Status.NEGATED
    if _yet_to(trigger) or any(_yet_to(g) for g in chain[1:3]):
        negated = not negated  # "has yet to open an embassy"
    if any(l in knowledge.cue("negating_verbs") or l in knowledge.cue("negating_words") for l in lemmas[1:]) or any(
        _on_hold(g) for g in chain[:3]
    ):
        negated = not negated  # "refused to recognise" is negated; "did not refuse" is not
    if negated:
        return Status.OCCURRED if entry.negated_means == "occurred" else Status.NEGATED
    if entry.negated_means == "occurred":
        return NO_EVENT  # a bare "tolerate" or "accept the presence" is not a rejection
    if any(l in knowledge.cue("threatening_verbs") for l in lemmas[1:2]) and trigger.dep_ in ("xcomp", "dobj"):
        return THREATENED_ACT  # "threatened to invade", "is threatening a ground invasion"
    if any(l in knowledge.cue("demanding_verbs") for l in lemmas[1:2]) and trigger.dep_ == "xcomp":
        return DEMANDED_ACT
    if _accused_of(chain, knowledge.cue("accusing_verbs")):
        # the accusation is the event (CRITICIZE), as a threat is; what it charges is a second
        # event only where the text names it as one, alleged ("accused Islamabad of alleged strikes")
        return Status.UNCERTAIN if _hedged(trigger, knowledge) else ACCUSED_ACT
    if trigger.dep_ == "xcomp" and any(l in knowledge.cue("self_claim_verbs") for l in lemmas[1:2]):
        return Status.UNCERTAIN  # "claimed to have shot down a drone": the claimant's word only
    if _purpose_clause(trigger):
        return Status.PLANNED  # "granted an exemption so he could visit India": what it was for
    if _hedged(trigger, knowledge) or any(_hedged(g, knowledge) for g in chain[1:3]):
        return Status.UNCERTAIN
    governing_words = [t.lemma_.lower() for t in chain[1:] if t.pos_ != "ADP"][:2]  # ("focus on co-operation")
    if any(l in knowledge.cue("hedge_verbs") or l in knowledge.cue("hedge_governors") for l in governing_words):
        return Status.UNCERTAIN  # "appeared to focus", "is unlikely to recognise"
    if any(c.dep_ == "mark" and c.lower_ == "whether" for t in chain[:3] for c in t.children):
        return Status.UNCERTAIN  # "asked whether China would recognise", "is weighing whether to recognise"
    if _unclear_clause(trigger, knowledge) or any(_passive_report(g, knowledge.cue("passive_hedge_verbs")) for g in chain[1:3]):
        return Status.UNCERTAIN  # "it was not clear whether", "was said to have accepted"
    scope = _modal_scope(chain)
    if any(_has_modal(t, knowledge.cue("future_modals")) for t in scope) or \
            any(_headline_future(t, knowledge.cue("reporting_verbs")) for t in chain[:2]):
        return Status.PLANNED
    # "agreed a ceasefire", "agreed to a truce" are done; "wanted to reach a deal" is not
    completing = knowledge.cue("completing_verbs")
    done = _object_of(trigger, completing)
    if any(t.lemma_.lower() in plans and not (done and t.lemma_.lower() in completing) for t in scope[1:]):
        return Status.PLANNED
    if _is_purpose(trigger) or any(_is_purpose(g) for g in scope[1:] or chain[1:2]) or \
            _misread_purpose(trigger, knowledge.cue("purpose_verbs")):
        return Status.PLANNED
    return Status.OCCURRED
