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

__all__ = ["Roles", "assign_roles", "conditional_clause", "infinitive", "locations_of", "swapped_for"]

NOUN_MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
# Dependencies that open a new clause: a mention below one belongs to that clause's event.
CLAUSE_DEPS = frozenset({"relcl", "advcl", "ccomp", "csubj", "parataxis", "acl"})
# Prepositions that give a cause, a time or a concession, never the one acted on.
NON_TARGET_PREPS = frozenset({"due", "because", "despite", "amid", "after", "before", "during", "since", "until", "unlike", "except", "like", "than", "through", "via", "according"})
ROUTE_PREPS = frozenset({"through", "via"})
# Prepositions of a circumstance, whose act is not the main clause's subject's ("despite the fighting").
CIRCUMSTANCE_PREPS = frozenset({"despite", "amid", "amidst", "notwithstanding", "over"})  # ("protested over the strikes")
# Clause links through which a trigger inherits its governor's subject.
# Not ccomp: in "X said Y recognised Z" the speaker X is not the one who recognised.
# Not nsubj: a trigger that is itself a verb's subject ("any trip requires a waiver") has no agent there.
INHERIT_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "dobj", "pobj", "prep", "acl", "relcl", "attr", "compound", "amod", "appos", "acomp", "advmod"})


@dataclass(frozen=True, slots=True)
class Roles:
    subjects: tuple[Mention, ...]
    objects: tuple[Mention, ...]
    inherited: bool  # the subject came from a governing clause: less certain
    guessed_object: bool = False  # the object is another actor of the same clause, not a dependent


def _child_on_path(anchor: Token, trigger: Token, speech: bool = False) -> Token | None:
    """The trigger's child through which `anchor` hangs below the trigger, if it does.

    `speech`: the trigger is a speech act (criticise, warn, demand), whose target may stand
    in the clause it governs ("warned that militants in Afghanistan pose a threat")."""
    current, below = anchor, None
    for _ in range(12):
        if _opens_clause(current) and not (speech and _content_clause(current)) and not _noun_infinitive(current, trigger) \
                and not _small_clause_subject(below, current):
            return None
        if current.head.i == trigger.i and current.i != trigger.i:
            return current
        if current.head.i == current.i:
            return None
        current, below = current.head, current
    return None


def _small_clause_subject(token: Token | None, clause: Token) -> bool:
    """"Helped Kabul fight terrorism", "let the envoys work", "allowed the Taliban to take over the
    embassy": the parser makes the one helped or allowed the subject of an infinitive; it is the
    governing verb's object."""
    if token is None or token.dep_ != "nsubj" or token.head.i != clause.i or clause.dep_ != "ccomp" \
            or any(c.dep_ == "mark" for c in clause.children):
        return False
    auxiliaries = [c for c in clause.children if c.dep_ == "aux"]
    if not auxiliaries:
        return clause.tag_ in ("VB", "VBP")
    return clause.tag_ == "VB" and len(auxiliaries) == 1 and auxiliaries[0].lower_ == "to" and auxiliaries[0].i > token.i


def _noun_infinitive(clause: Token, trigger: Token) -> bool:
    """"Willingness to work with Kabul": the infinitive that completes a noun trigger is its
    phrase, not another clause."""
    return clause.dep_ == "acl" and clause.head.i == trigger.i and trigger.pos_ == "NOUN" and infinitive(clause)


def infinitive(token: Token) -> bool:
    """"To recognise": a verb with the infinitive marker."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def conditional_clause(token: Token) -> bool:
    """"If the Taliban did not hand back Bagram", "unless …", "should India recognise …, Pakistan
    would …": a clause that states a condition."""
    if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in token.children):
        return True
    subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and any(c.dep_ in ("aux", "auxpass") and c.lower_ in ("should", "had", "were")
                                       and c.i < subject.i and c.i == token.left_edge.i for c in token.children)


def _content_clause(token: Token) -> bool:
    """What is said or threatened: "warned that …", "a statement that …", "threatened to
    obliterate the group" (an infinitive, whichever way the parser attached it)."""
    if token.dep_ in ("advcl", "xcomp") and infinitive(token):
        return True
    if conditional_clause(token):
        return True  # "threatened consequences if the Taliban did not hand back Bagram": the condition's subject
    if token.dep_ == "advcl" and token.lemma_.lower() == "refer":
        return True  # "would not accept the presence of anyone, referring to Pakistan and the US"
    return token.dep_ == "ccomp" or (token.dep_ == "acl" and any(c.dep_ == "mark" for c in token.children))


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


# Links inside a subject phrase that keep a mention the subject: "China and Russia",
# "Pakistan's defence minister, Khawaja Asif", "the foreign ministers of Iran".
SUBJECT_PATH_DEPS = frozenset({"conj", "appos", "compound", "poss", "amod", "nmod", "cc", "det"})


# Prepositions that name the members of a subject: "the foreign ministers of Iran", "a handful
# of countries, including India and Turkey", "nations like China", "states such as Qatar".
MEMBER_PREPS = frozenset({"of", "including", "like"})


def _member_prep(token: Token) -> bool:
    """"of", "including", "like", or "as" in "such as" (not "China, as chair of the SCO, …")."""
    if token.lower_ == "as":
        return token.i > 0 and token.doc[token.i - 1].lower_ == "such"
    return token.lower_ in MEMBER_PREPS


def _heads_subject(anchor: Token, child: Token) -> bool:
    """The mention is the subject itself, not a word buried in its modifiers
    ("Germany, home to a large Afghan population, accredited…": Germany, not Afghan)."""
    current = anchor
    while current.i != child.i:
        by_agent = current.dep_ == "pobj" and current.head.i == child.i and child.lower_ == "by"
        member = (current.dep_ == "pobj" and _member_prep(current.head)) or (current.dep_ == "prep" and _member_prep(current))
        if current.dep_ not in SUBJECT_PATH_DEPS and not by_agent and not member:
            return False
        current = current.head
    return True


def _nested(mention: Mention, trigger: Token, roots: set[int]) -> bool:
    """The mention only describes another actor: "India, Pakistan's main rival"."""
    current, linked = mention.anchor, False
    while current.i != trigger.i and current.head.i != current.i:
        if current.dep_ in ("appos", "poss", "compound", "pobj") and current.i not in roots:
            linked = True
        current = current.head
        if linked and current.i in roots and current.i != mention.span.root.i:
            return True
    return False


def _split(mentions: list[Mention], trigger: Token, place_targets: bool = True, speech: bool = False,
           people: frozenset[str] = frozenset(), venues: frozenset[str] = frozenset(),
           target_preps: tuple[str, ...] = (), helping: frozenset[str] = frozenset(),
           residents: frozenset[str] = frozenset()) -> tuple[list[Mention], list[Mention]]:
    """(subjects, objects) among the mentions. A place is an object only with `place_targets`, or
    in a phrase of one of the trigger's `target_preps` ("invest in Afghanistan")."""
    subjects, objects = [], []
    roots = {m.span.root.i for m in mentions}
    stationed = people | residents
    for mention in mentions:
        if mention.contrasted or _nested(mention, trigger, roots) or _names_a_venue(mention, venues):
            continue
        if mention.anchor.i == trigger.i:
            # the mention is the trigger's own phrase head (rare): treat as object
            objects.append(mention)
            continue
        child = _child_on_path(mention.anchor, trigger, speech)
        if child is None and place_targets and _located_by_relative(mention, trigger):
            objects.append(mention)  # "air raids that killed 46 people in Paktika province"
            continue
        if child is None or (child.dep_ == "prep" and child.lower_ in NON_TARGET_PREPS) or _routed(mention.anchor, trigger):
            continue
        if child.dep_ == "prep" and child.lower_ == "by" and trigger.pos_ == "VERB":
            continue  # "released a Chinese citizen after mediation by Kazakhstan": the parser's "by" is no target
        if _helper(child, helping):
            continue  # "deported 28 Afghans to Kabul with help from Qatar": who helped is no target
        if _is_subject(child, trigger):
            if _heads_subject(mention.anchor, child):
                subjects.append(mention)
        elif place_targets and _where_a_named_one_is(mention, stationed):
            continue  # "the bombing of the Russian embassy in Kabul": Russia's embassy, not Kabul
        elif place_targets or not _is_location(mention, child, people) or (child.dep_ == "prep" and child.lower_ in target_preps):
            objects.append(mention)
    return subjects, objects


def _where_a_named_one_is(mention: Mention, people: frozenset[str]) -> bool:
    return (prep := _in_or_at(mention)) is not None and _named_people(prep.head, people)


def _in_or_at(mention: Mention) -> Token | None:
    """The "in"/"at" a place is named after ("met in Doha", "the embassy in Kabul")."""
    prep = mention.anchor.head
    if mention.kind not in ("place", "state") or prep.dep_ != "prep" or prep.lower_ not in ("in", "at"):
        return None
    return prep


def _helper(child: Token, helping: frozenset[str]) -> bool:
    """A "with help from X", "with X's support", "with Qatari mediation" phrase."""
    return child.dep_ == "prep" and child.lower_ == "with" and \
        any(c.dep_ == "pobj" and c.lemma_.lower() in helping for c in child.children)


def _names_a_venue(mention: Mention, venues: frozenset[str]) -> bool:
    """"The Moscow Format consultations", "the Istanbul round", "on the sidelines of the summit":
    a place naming a meeting or a round (`venues`), or its venue, is not a party."""
    token = mention.span.root
    if mention.kind in ("place", "state") and token.dep_ == "compound":
        head = token.head
        while head.dep_ == "compound":
            head = head.head
        if head.lemma_.lower() in venues:
            return True
    return any(a.dep_ == "pobj" and a.lower_ == "sidelines" for a in token.ancestors)


def _routed(anchor: Token, trigger: Token) -> bool:
    """"Expanding trade through Iran's Chabahar port": a route, never the one acted on;
    "released in exchange for an Afghan prisoner": the other side of a swap, not the released."""
    current = anchor
    while current.i != trigger.i and current.head.i != current.i:
        if current.dep_ == "prep" and current.lower_ in ROUTE_PREPS:
            return True
        if _exchange_phrase(current):
            return True
        current = current.head
    return False


def _exchange_phrase(token: Token) -> bool:
    return token.dep_ == "pobj" and token.lemma_.lower() == "exchange" and token.head.lower_ == "in"


def swapped_for(trigger: Token, mentions: list[Mention]) -> list[Mention]:
    """"Released in exchange for Khan Mohammad, an Afghan serving a sentence in the US": who
    the other side released in the swap."""
    found = []
    for mention in mentions:
        current = mention.anchor
        while current.i != trigger.i and current.head.i != current.i and not _exchange_phrase(current):
            current = current.head
        if _exchange_phrase(current) and current.head.head.i == trigger.i:
            found.append(mention)
    return found


def _located_by_relative(mention: Mention, trigger: Token) -> bool:
    """A place named in the relative clause that tells what the (noun) trigger did."""
    if trigger.pos_ != "NOUN" or mention.kind not in ("place", "state") or mention.anchor.head.lower_ not in ("in", "at"):
        return False
    return any(a.dep_ == "relcl" and a.head.i == trigger.i for a in mention.anchor.ancestors)


def _is_location(mention: Mention, child: Token, people: frozenset[str] = frozenset()) -> bool:
    """"… met in Beijing", "held talks in Doha": a place directly after "in"/"at" on the trigger
    or on what it does is where, not who ("met officials in Kabul" names whom: `people`)."""
    if (prep := _in_or_at(mention)) is None:
        return False
    if _named_people(prep.head, people):
        return True  # "talks with a Taliban delegation in Doha": who they are is already told
    if child.dep_ == "prep":
        return prep.i == child.i
    return prep.head.i == child.i and child.dep_ == "dobj" and child.lemma_.lower() not in people


def _named_people(noun: Token, people: frozenset[str]) -> bool:
    """"A Taliban delegation", "Pakistani officials": people whose side a modifier names."""
    return noun.lemma_.lower() in people and any(
        c.dep_ in ("compound", "amod", "poss") and c.ent_type_ and c.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL")
        for c in noun.children)


def _has_own_subject(token: Token) -> bool:
    """A subject that is not a relative pronoun ("China, which accredited…" inherits China)."""
    return any(
        c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") and c.tag_ not in ("WDT", "WP")
        and c.lower_ not in ("that", "which", "who")
        for c in token.children
    )


def _governor(token: Token) -> Token | None:
    if token.dep_ in INHERIT_DEPS and token.head.i != token.i:
        return token.head
    return None


def _inherited_subjects(trigger: Token, mentions: list[Mention], accusing: frozenset[str] = frozenset(),
                        obtaining: frozenset[str] = frozenset()) -> list[Mention]:
    """Subjects of the clauses that govern the trigger, nearest first."""
    current = trigger
    for _ in range(6):
        governor = _governor(current)
        if governor is None:
            return []
        if current.dep_ == "dobj" and governor.lemma_.lower() in accusing:
            return []  # "they blame Kabul for … the worst attack on the capital": not the blamer's attack
        if current.dep_ == "dobj" and current.pos_ == "NOUN" and governor.lemma_.lower() in obtaining:
            return []  # "Qatar brokered the release of two Americans": another side released them
        if current.dep_ == "acl" and current.tag_ == "VBN":
            return []  # "the American freed from custody": the noun is acted on, not acting
        if current.dep_ == "prep" and current.lower_ in CIRCUMSTANCE_PREPS:
            return []  # "has not closed its embassy despite the fighting": whose fighting, it does not say
        if current.dep_ in ("relcl", "acl", "appos") and governor.pos_ in ("NOUN", "PROPN"):
            # "China, which accredited…": the modified noun is the actor
            # the modified noun is the actor: "China, which accredited…" (its own name, not the
            # conjuncts anchored to it), or "representatives from Kabul and Islamabad, meeting…"
            direct = [m for m in mentions if m.span.root.i == governor.i and not m.contrasted]
            direct = direct or [m for m in mentions if m.anchor.i == governor.i and not m.contrasted]
            if direct:
                return direct
            if current.dep_ == "relcl" and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("that", "which", "who")
                                               for c in current.children):
                return []  # "an attack that killed 12": the attack did it, not the clause above
        if current.dep_ == "xcomp" and (controllers := _mentions_as(governor, mentions, "dobj")):
            return controllers  # "invited Indian companies to invest": the companies invest
        if trigger.pos_ == "VERB" and current.dep_ == "dobj" and (receivers := _mentions_as(governor, mentions, "dative")):
            return receivers  # "granted Muttaqi an exemption to visit India": Muttaqi visits
        subjects, _ = _split(mentions, governor)
        if not subjects and current.dep_ == "xcomp":
            # "forces were prepared to invade", "the envoy was sent to negotiate": the one
            # the passive is about does the infinitive
            subjects = _mentions_as(governor, mentions, "nsubjpass")
        if subjects:
            return subjects
        if _has_own_subject(governor):
            return []  # "while no other country has offered recognition, …": that subject acts
        current = governor
    return []


def _stranded_subjects(verb: Token, mentions: list[Mention]) -> list[Mention]:
    """A main verb the parser left without a subject because it hung the noun phrase before
    it on the preceding clause ("While no country has recognised the rule, countries including
    Russia and China have kept their embassies open"): that phrase is its subject."""
    if verb.pos_ not in ("VERB", "AUX") or verb.dep_ != "ROOT":
        return []
    start = min([verb.i, *(c.i for c in verb.children if c.dep_ in ("aux", "auxpass", "neg", "advmod") and c.i < verb.i)])
    while start > verb.sent.start + 1 and verb.doc[start - 1].lower_ in ("–", "—", "-", ","):
        start -= 1  # "a handful – including India and Turkey – have established ties"
    before = verb.doc[start - 1] if start > verb.sent.start else None
    if before is None or before.pos_ not in ("PROPN", "NOUN") or before.head.i == verb.i:
        return []
    path, current = {before.i}, before
    while current.dep_ in ("conj", "pobj", "prep", "compound", "appos") and current.head.i < verb.i:
        current = current.head
        path.add(current.i)
    return [m for m in mentions if m.anchor.i in path and not m.contrasted]


def _mentions_as(verb: Token, mentions: list[Mention], dep: str) -> list[Mention]:
    """The mentions that head the verb's `dep` phrase ("dobj": who an object-control verb
    makes act, "invited Indian companies to invest"; "nsubjpass": the one a passive is about)."""
    found = []
    for mention in mentions:
        child = _child_on_path(mention.anchor, verb)
        if child is not None and child.dep_ == dep and _heads_subject(mention.anchor, child):
            found.append(mention)
    return found


def _shared_objects(verb: Token, mentions: list[Mention]) -> list[Mention]:
    """"Has neither recognised nor isolated the Taliban", "signed and ratified the treaty with
    Kabul": a transitive verb with no object of its own shares the object of the verb joined to
    it, which the parser hangs on that verb alone."""
    if verb.pos_ != "VERB" or any(c.dep_ in ("dobj", "prep", "ccomp", "xcomp") for c in verb.children):
        return []
    joined = next((c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"), None)
    if joined is None or _has_own_subject(joined) or not any(c.dep_ == "dobj" for c in joined.children):
        return []
    return [m for m in mentions if (child := _child_on_path(m.anchor, joined)) is not None
            and child.dep_ in ("dobj", "prep") and not m.contrasted]


def _participle_patients(verb: Token, mentions: list[Mention]) -> list[Mention]:
    """"The fifth American freed from Taliban custody", "an American citizen detained for two
    years": the noun a past participle modifies (or the nationality on it) is the one acted on."""
    if verb.dep_ != "acl" or verb.tag_ != "VBN":
        return []
    noun = verb.head
    return [m for m in mentions if not m.contrasted and (noun.i in (m.anchor.i, m.span.root.i)
            or (m.anchor.head.i == noun.i and m.anchor.dep_ in ("amod", "compound") and m.kind == "state"))]


def _holders(trigger: Token, mentions: list[Mention], holding_nouns: frozenset[str]) -> list[Mention]:
    """"Freed from Taliban custody", "released from the group's captivity": the holder releases."""
    places = [p for c in trigger.children if c.dep_ == "prep" and c.lower_ == "from"
              for p in c.children if p.dep_ == "pobj" and p.lemma_.lower() in holding_nouns]
    if trigger.lemma_.lower() in holding_nouns:
        places.append(trigger)
    return [m for m in mentions for place in places
            if m.anchor.head.i == place.i and m.anchor.dep_ in ("poss", "compound", "amod")]


def _governor_objects(trigger: Token, mentions: list[Mention], subjects: list[Mention], place_targets: bool = True,
                      people: frozenset[str] = frozenset()) -> list[Mention]:
    """The objects of the verbs governing a trigger that has none of its own
    ("Germany … welcomed Taliban officials at home to facilitate repatriations")."""
    if any(p.dep_ == "prep" and p.lower_ in ("on", "against", "to", "with") and c.dep_ == "pobj" and c.pos_ == "PRON"
           for p in trigger.children for c in p.children):
        return []  # "sanctions on him": its own party, unresolved, not the governor's ("required a waiver to visit India")
    taken = {m.span.start for m in subjects}
    current = trigger
    for _ in range(3):
        governor = _governor(current)
        if governor is None:
            return []
        _, objects = _split(mentions, governor, place_targets, people=people)
        objects += _participle_patients(governor, mentions)
        # what hangs below the trigger was weighed by the trigger's own roles ("agreed to a
        # ceasefire in Doha": Doha is where, not a party)
        objects = [m for m in objects if m.span.start not in taken
                   and not trigger.left_edge.i <= m.anchor.i <= trigger.right_edge.i
                   and _source(m, governor) is None and (place_targets or not m.named_as_where)]
        if objects and governor.pos_ in ("VERB", "AUX"):
            return objects
        current = governor
    return []


def _governing_lemma(trigger: Token, lemmas: frozenset[str], hops: int = 3) -> Token | None:
    """The nearest governing verb among `lemmas`, within a few hops up the tree."""
    current = trigger
    for _ in range(hops):
        if current.head.i == current.i or current.dep_ in ("ccomp", "relcl", "parataxis"):
            return None
        current = current.head
        if current.pos_ in ("VERB", "AUX") and current.lemma_.lower() in lemmas:
            return current
    return None


def _through_prep(trigger: Token, verb: Token, preps: tuple[str, ...]) -> bool:
    """The trigger hangs below `verb` through one of these prepositions ("accused X of …")."""
    current = trigger
    while current.head.i != current.i and current.head.i != verb.i:
        current = current.head
    return current.head.i == verb.i and current.dep_ == "prep" and current.lower_ in preps


def _accused(trigger: Token, mentions: list[Mention], accusing: frozenset[str]) -> Roles | None:
    """In "accused Pakistan of killing civilians in an air strike", Pakistan is the strike's
    actor; in "thanked China for its aid", China gave the aid."""
    verb = _governing_lemma(trigger, accusing)
    if verb is None or verb.i == trigger.i or not _through_prep(trigger, verb, ("of", "for")):
        return None
    accused = [m for m in _split(mentions, verb)[1]
               if (child := _child_on_path(m.anchor, verb)) is not None and child.dep_ in ("dobj", "nsubjpass")]
    if not accused:
        return None
    victims = [m for m in _split(mentions, trigger)[1] if m not in accused]
    # "Kabul accused Islamabad of air strikes", "thanked China for its assistance": with no
    # other side named, the act was done to the one who accuses or thanks
    victims = victims or [m for m in _split(mentions, verb)[0] if m not in accused]
    return Roles(tuple(accused), tuple(victims), inherited=True)


def _the_accused(verb: Token, objects: list[Mention]) -> list[Mention]:
    """"Accused Kabul, its erstwhile ally, of sheltering the TTP": the one accused (or thanked)
    is the target, not those named in what they are accused of (when the object is named)."""
    def through(mention: Mention) -> Token | None:
        return _child_on_path(mention.anchor, verb)
    if not any((c := through(m)) is not None and c.dep_ == "dobj" for m in objects):
        return objects
    return [m for m in objects if not ((c := through(m)) is not None and c.dep_ == "prep" and c.lower_ in ("of", "for"))]


def _received(trigger: Token, mentions: list[Mention], receiving: frozenset[str]) -> Roles | None:
    """"The Taliban drew praise from its neighbours", "remains under UN sanctions": the
    receiver is the target; the giver is the noun's own modifier ("UN sanctions") or the
    one named by "from"/"by" (or nobody: no event)."""
    verb, phrase = None, trigger
    if trigger.dep_ == "conj" and trigger.head.pos_ == "PROPN":
        phrase = trigger.head  # "under UN and Western sanctions", read as "under [UN] and [Western sanctions]"
    if phrase.dep_ == "dobj":
        verb = phrase.head
    elif phrase.dep_ == "pobj" and phrase.head.dep_ == "prep" and phrase.head.lower_ in ("under", "from", "on"):
        verb = phrase.head.head
    if trigger.pos_ != "NOUN" or verb is None or verb.lemma_.lower() not in receiving:
        return None
    receivers, _ = _split(mentions, verb)
    receivers = receivers or _inherited_subjects(verb, mentions)
    givers = _split(mentions, trigger)[0] + [m for m in mentions if phrase is not trigger and m.anchor.i == phrase.i]
    for mention in mentions:
        for head in (trigger, verb):
            if (source := _source(mention, head)) is not None and _object_of(mention.anchor, source):
                givers.append(mention)
    return Roles(tuple(givers), tuple(m for m in receivers if m not in givers), inherited=False)


def _by_sanctions_body(trigger: Token, mentions: list[Mention]) -> Roles | None:
    """"The sanctioned minister … after a UN sanctions committee refused to extend his
    exemption": a sanctions body named in the sentence imposes and eases; the one sanctioned or
    exempted is the one the trigger describes ("sanctioned minister"), the owner of the waiver
    ("his exemption"), or else the sentence's subject."""
    bodies = [m for m in mentions if "sanction" in m.text.lower()]
    if not bodies:
        return None
    if trigger.dep_ in ("amod", "acl"):
        described = trigger.head
    elif (owner := next((c for c in trigger.children if c.dep_ == "poss"), None)) is not None:
        described = owner
    else:
        described = next((c for c in trigger.sent.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if described is None:
        return None
    targets = [m for m in mentions if m not in bodies and (m.anchor.i == described.i or m.span.root.i == described.i)]
    return Roles(tuple(bodies), tuple(targets), inherited=False) if targets else None


def _source(mention: Mention, verb: Token) -> Token | None:
    """"Drew praise from Moscow", "was welcomed by Beijing": the "from"/"by" through which the
    mention hangs below the verb, where something comes from (never the one a trigger below the
    verb acts on)."""
    child = _child_on_path(mention.anchor, verb)
    return child if child is not None and child.dep_ in ("prep", "agent") and child.lower_ in ("from", "by") else None


def _object_of(anchor: Token, preposition: Token) -> bool:
    """The anchor is (a conjunct of) the preposition's own object: "praise from Moscow and
    Beijing", not "praise from capitals for its crackdown against Isis-K"."""
    current = anchor
    while current.dep_ in ("conj", "appos") and current.head.i != current.i:
        current = current.head
    return current.dep_ == "pobj" and current.head.i == preposition.i


def _said_to_be(trigger: Token, mentions: list[Mention], reporting: frozenset[str]) -> Roles | None:
    """"'The Taliban have been co-operative partners,' he said": the speaker acts on the one
    the quoted clause describes. When the trigger names the other side ("the TTP are partners
    of the Taliban, Pakistan said"; not "partners against Isis-K"), the clause is a relation
    the speaker reports: the ordinary roles apply."""
    copula = trigger.head
    if trigger.dep_ not in ("attr", "acomp") or copula.lemma_.lower() != "be":
        return None
    clause = copula
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head  # "this sounds strange, but the Taliban have been partners," he said
    if clause.dep_ not in ("ccomp", "parataxis") or clause.head.lemma_.lower() not in reporting:
        return None
    described = _mentions_as(copula, mentions, "nsubj")
    speakers = _split(mentions, clause.head)[0]
    if not described or not speakers:
        return None
    if any(m not in described and (child := _child_on_path(m.anchor, trigger)) is not None
           and child.dep_ == "prep" and child.lower_ in ("of", "with", "to") for m in mentions):
        return None
    return Roles(tuple(speakers), tuple(described), inherited=False)


def _participle_agents(noun: Token, mentions: list[Mention], doing: frozenset[str]) -> list[Mention]:
    """"Food aid donated by the Indian government", "a bombing that was claimed by ISKP": the agent
    of a passive describing the noun trigger did its act, when the verb is one of doing it
    (cues.yaml `doing_verbs`; not "talks hosted by Qatar" or "a truce brokered by Qatar")."""
    for clause in noun.children:
        passive = clause.dep_ == "acl" and clause.tag_ == "VBN" or \
            clause.dep_ == "relcl" and any(c.dep_ == "auxpass" for c in clause.children)
        if passive and clause.lemma_.lower() in doing:
            agents = {t.i for a in clause.children if a.dep_ == "agent" for t in a.subtree}
            if found := [m for m in mentions if m.span.root.i in agents and m.anchor.i in agents | {clause.i}]:
                return found
    return []


def _passive_relative_patients(verb: Token, mentions: list[Mention]) -> list[Mention]:
    """"The Taliban, who had been toppled by a U.S.-led coalition": the noun a passive relative
    clause describes is what its verb was done to."""
    if verb.dep_ != "relcl" or not any(c.dep_ == "nsubjpass" and c.lower_ in ("who", "which", "that") for c in verb.children):
        return []
    noun = verb.head
    return [m for m in mentions if m.span.root.i == noun.i and not m.contrasted] or \
        [m for m in mentions if m.anchor.i == noun.i and not m.contrasted]


def _relative_clause_objects(noun: Token, mentions: list[Mention], naming: frozenset[str] = frozenset()) -> list[Mention]:
    """"The sanctions it placed on Taliban leaders", "the aid Tokyo sent to Kabul": whom the
    relative clause of a noun trigger directs it at (the clause has the noun as its object)."""
    if noun.pos_ != "NOUN":
        return []
    for clause in noun.children:
        if clause.dep_ == "relcl" and clause.lemma_.lower() in naming and \
                any(c.dep_ == "nsubj" and c.lower_ in ("that", "which") for c in clause.children):
            # "a sanctions list that includes senior Taliban figures", "sanctions which target Kabul"
            objects = [c for c in clause.children if c.dep_ == "dobj"]
            spans = [range(o.left_edge.i, o.right_edge.i + 1) for o in objects]
            return [m for m in mentions if any(m.anchor.i in span for span in spans)]
        if clause.dep_ == "relcl" and not any(c.dep_ in ("dobj", "nsubjpass") for c in clause.children):
            phrases = [p for p in clause.children if p.dep_ == "prep" and p.lower_ in ("on", "against", "to")]
            spans = [range(p.left_edge.i, p.right_edge.i + 1) for p in phrases]
            return [m for m in mentions if any(m.anchor.i in span for span in spans) and not m.named_as_where]
    return []


def _relative_clause_subjects(noun: Token, mentions: list[Mention]) -> list[Mention]:
    """"The ceasefire the two sides agreed", "the deal Kabul signed": the subject of a relative
    clause whose object is the noun trigger does the act it names."""
    for clause in noun.children:
        if clause.dep_ == "relcl" and not any(c.dep_ in ("dobj", "nsubjpass") for c in clause.children):
            subject = next((c for c in clause.children if c.dep_ == "nsubj" and c.lower_ not in ("that", "which", "who")), None)
            if subject is not None:
                span = range(subject.left_edge.i, subject.right_edge.i + 1)
                return [m for m in mentions if m.span.root.i in span and m.anchor.i in span]
    return []


def assign_roles(trigger: Token, mentions: list[Mention], *, accusing: frozenset[str] = frozenset(),
                 receiving: frozenset[str] = frozenset(), holding: frozenset[str] = frozenset(),
                 reporting: frozenset[str] = frozenset(),
                 place_targets: bool = True, speech: bool = False, target_preps: tuple[str, ...] = (),
                 people: frozenset[str] = frozenset(), venues: frozenset[str] = frozenset(),
                 impact: frozenset[str] = frozenset(), sanctions: bool = False,
                 obtaining: frozenset[str] = frozenset(), doing: frozenset[str] = frozenset(),
                 helping: frozenset[str] = frozenset(), residents: frozenset[str] = frozenset(),
                 naming: frozenset[str] = frozenset()) -> Roles:
    """Split the sentence's mentions into the trigger's subject side and object side
    (`target_preps`: the object side stands only in these prepositions' phrases; `impact`: verbs
    whose subject, a noun trigger, acts on their object: "Pakistani air strikes hit Paktika";
    `sanctions`: the trigger imposes or eases sanctions, which a sanctions body named in the
    sentence does; `helping`: nouns of a "with help from X" phrase, whose X is no party;
    `residents`: embassies and envoys, whose place is where they are when their side is named)."""
    special = (_accused(trigger, mentions, accusing) or _received(trigger, mentions, receiving)
               or _said_to_be(trigger, mentions, reporting) or (_by_sanctions_body(trigger, mentions) if sanctions else None))
    if special is not None:
        return special
    subjects, objects = _split(mentions, trigger, place_targets, speech, people, venues, target_preps, helping, residents)
    objects += [m for m in _participle_patients(trigger, mentions) if m not in objects]
    if not objects:
        objects = _shared_objects(trigger, mentions)
    if trigger.lemma_.lower() in accusing:
        objects = _the_accused(trigger, objects)
    if holders := _holders(trigger, mentions, holding):
        subjects = holders
        objects = [m for m in objects if m not in holders]
    if not subjects and trigger.pos_ == "NOUN":
        subjects = _relative_clause_subjects(trigger, mentions) or _participle_agents(trigger, mentions, doing)
    inherited = False
    own = bool(subjects) or _has_own_subject(trigger)
    if not own:
        subjects = _stranded_subjects(trigger, mentions)
    if not subjects and not own:
        subject_ids = {m.span.start for m in objects}
        subjects = [m for m in _inherited_subjects(trigger, mentions, accusing, obtaining) if m.span.start not in subject_ids]
        inherited = bool(subjects)
    if subjects and not own and any(c.dep_ == "auxpass" for c in trigger.children):
        # "… was freed in Kabul": the subject a passive verb shares is the one it is done to
        objects, subjects, inherited = [*subjects, *objects], [], False
    if not objects and subjects:
        objects = _passive_relative_patients(trigger, mentions) or _relative_clause_objects(trigger, mentions, naming)
    if target_preps:
        objects = [m for m in objects if _through_target_prep(m, trigger, target_preps)]
    if not objects and trigger.pos_ == "NOUN" and trigger.dep_ == "nsubj" and trigger.head.lemma_.lower() in impact:
        taken = {m.span.start for m in subjects}
        objects = [m for m in _split(mentions, trigger.head, place_targets, people=people)[1] if m.span.start not in taken]
    guessed = False
    if subjects and not objects:
        objects = _governor_objects(trigger, mentions, subjects, place_targets, people)
        guessed = bool(objects)
    return Roles(tuple(subjects), tuple(objects), inherited, guessed)


def _through_target_prep(mention: Mention, trigger: Token, preps: tuple[str, ...]) -> bool:
    """The mention is the trigger's direct object or stands in one of its `preps` phrases
    ("agreed with Kabul", not "agreed to release two Americans")."""
    child = _child_on_path(mention.anchor, trigger)
    if child is None:
        return True  # placed by a construction rule (a passive's subject, a participle's patient)
    if child.dep_ == "acl" and child.pos_ == "VERB" and trigger.pos_ == "NOUN":
        # "willingness to work with Kabul": the phrase of the noun's own infinitive
        child = _child_on_path(mention.anchor, child)
        return child is not None and child.dep_ == "prep" and child.lower_ in preps
    return child.dep_ in ("dobj", "dative") or (child.dep_ == "prep" and child.lower_ in preps)


def locations_of(trigger: Token, mentions: list[Mention], people: frozenset[str] = frozenset()) -> list[Mention]:
    """The places where the trigger's act happened ("met Lavrov in Moscow", "held talks in Doha")."""
    found = []
    for mention in mentions:
        child = _child_on_path(mention.anchor, trigger)
        if child is not None and _is_location(mention, child, people):
            found.append(mention)
    return found
