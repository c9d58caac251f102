"""The screen: which sentences of an article are worth parsing.

Most sentences of most articles (sport, markets, weather, the other half of a story) cannot hold
an event: an event needs a trigger word and an actor. The screen reads the article with the
tokenizer, a punctuation rule for sentences (spaCy's sentencizer, never across a line break)
and the actor matcher only (a few percent of the full pipeline's cost) and keeps:

- a sentence with a trigger word and an actor name;
- a sentence with a trigger word and a word that refers back ("he", "the group"), with the
  sentences of the last `window` (references.yaml) that name the actors it can refer to;
- a short sentence naming two or more actors (a photo caption: "A and B in Moscow on Monday").

Every other sentence is blanked (its characters become spaces), so the text keeps its length
and every offset, and the full pipeline reads only the kept sentences.

Trigger words are matched in every form: the lemma, its regular inflections, and the irregular
forms of the model's own lemmatizer tables ("met" for meet, "sought" for seek).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from ..knowledge import Knowledge

__all__ = ["Screen", "Screened", "inflections"]

CAPTION_TOKENS = 40  # the extractor's limit for a verbless caption
_POS_TABLE = {"VERB": "verb", "NOUN": "noun", "ADJ": "adj"}
_NOT_NEWLINE = re.compile(r"[^\n]")


@dataclass(frozen=True, slots=True)
class Screened:
    text: str  # the article text with the screened-out sentences blanked
    sentences: int
    kept: int


def inflections(lemma: str) -> set[str]:
    """The regular forms of an English verb or noun (over-generating is harmless here)."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma[:-1] + "ing", lemma[:-1] + "ed"}
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy":  # ban -> banned, visit -> visitted (harmless)
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


def _irregular_forms(nlp: Language) -> dict[str, dict[str, set[str]]]:
    """{pos: {lemma: forms}} from the lemmatizer's exception table, when the model has one."""
    found: dict[str, dict[str, set[str]]] = {}
    if "lemmatizer" not in nlp.pipe_names:
        return found
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_exc"):
        return found
    table = lookups.get_table("lemma_exc")
    for pos in _POS_TABLE.values():
        by_lemma: dict[str, set[str]] = {}
        for form, lemmas in (table.get(pos) or {}).items():
            for lemma in lemmas:
                by_lemma.setdefault(lemma, set()).add(form)
        found[pos] = by_lemma
    return found


class Screen:
    """Built once per pipeline; `screen(text)` is cheap (tokenizer and phrase lookups)."""

    def __init__(self, nlp: Language, knowledge: Knowledge) -> None:
        self.tokenizer = nlp.tokenizer
        self.sentencizer = Sentencizer()
        self.actors = nlp.get_pipe("dipwatch_actors")
        irregular = _irregular_forms(nlp)
        self.trigger_forms: frozenset[str] = frozenset(
            form
            for (lemma, pos), entries in knowledge.triggers_by_lemma.items()
            # "was in Kabul" counts only beside another trigger: "is" and "was" are in most sentences
            if not all(entry.presence for entry in entries)
            for form in inflections(lemma) | irregular.get(_POS_TABLE.get(pos, ""), {}).get(lemma, set())
        ) | {phrase.split()[-1] for phrase in knowledge.cue("repeating_phrases")}  # "… followed suit"
        references = knowledge.references
        self.reference_words = frozenset(
            [*references.get("pronouns", {}), *references.get("descriptions", {}), *references.get("pairs", []),
             *references.get("first_person", [])]
        )
        self.window = int(references.get("window", 3))
        # "he", "him": people are often named in a sentence of their own before the one that acts
        self.person_words = frozenset(word for word, kinds in references.get("pronouns", {}).items() if kinds == ["person"])

    def __call__(self, text: str) -> Screened:
        doc = self.sentencizer(self.tokenizer(text))
        units = [(start, end) for start, end in _units(doc) if not all(t.is_space for t in doc[start:end])]
        actors = [0] * len(units)
        unit_of = _unit_index(doc, units)
        for span in self.actors.spans(doc):
            actors[unit_of[span.start]] += 1
        keep = [False] * len(units)

        def naming_before(index: int) -> list[int]:
            """The units within the window before `index` that name an actor."""
            return [i for i in range(max(0, index - self.window), index) if actors[i]]

        for index, (start, end) in enumerate(units):
            tokens = doc[start:end]
            trigger = any(t.lower_ in self.trigger_forms for t in tokens)
            if trigger and actors[index]:
                keep[index] = True
                if any(t.lower_ in self.person_words for t in tokens):
                    for i in naming_before(index):
                        keep[i] = True
            elif trigger and any(t.lower_ in self.reference_words for t in tokens):
                if antecedents := naming_before(index):
                    keep[index] = True
                    for i in antecedents:
                        keep[i] = True
            elif actors[index] >= 2 and end - start <= CAPTION_TOKENS:
                keep[index] = True
        return Screened(_blank(text, doc, units, keep), len(units), sum(keep))


def _units(doc: Doc) -> Iterator[tuple[int, int]]:
    """(start, end) token indices of each sentence, as the punctuation rule of spaCy's sentencizer
    (run before) cuts them, never across a line break."""
    start = 0
    for token in doc:
        if token.i > start and token.is_sent_start:
            yield start, token.i
            start = token.i
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            if token.i + 1 > start:
                yield start, token.i + 1
            start = token.i + 1
    if start < len(doc):
        yield start, len(doc)


def _unit_index(doc: Doc, units: Iterable[tuple[int, int]]) -> list[int]:
    index = [0] * len(doc)
    for number, (start, end) in enumerate(units):
        for i in range(start, end):
            index[i] = number
    return index


def _blank(text: str, doc: Doc, units: list[tuple[int, int]], keep: list[bool]) -> str:
    if all(keep):
        return text
    pieces, done = [], 0
    for (start, end), kept in zip(units, keep):
        if kept:
            continue
        first, last = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
        pieces.append(text[done:first])
        pieces.append(_NOT_NEWLINE.sub(" ", text[first:last]))
        done = last
    pieces.append(text[done:])
    return "".join(pieces)
