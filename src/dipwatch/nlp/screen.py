"""The screen: which sentences of an article are worth parsing.

Most sentences of most articles (sport, markets, weather, the other half of a story) cannot hold
an event: an event needs a trigger word and an actor. The screen reads the article with the
tokenizer, a punctuation rule for sentences (that of spaCy's sentencizer, never across a line break)
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
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, LOWER, ORTH
from spacy.pipeline import Sentencizer
from spacy.strings import hash_string

from ..knowledge import Knowledge
from ..knowledge.schema import TriggerEntry

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
        self._strings = nlp.vocab.strings
        self.actors = nlp.get_pipe("dipwatch_actors")
        self._irregular = _irregular_forms(nlp)
        # A trigger whose every entry asks for a word beside it ("hold" + talks, "describe" + partner,
        # "say" + must) can fire only where such a word is in the sentence: without one, the parser
        # would be run for nothing ("said on Monday", "held a rally").
        self.trigger_forms: dict[str, list[tuple[frozenset[str], ...]]] = {}
        for (lemma, pos), entries in knowledge.triggers_by_lemma.items():
            # "was in Kabul" counts only beside another trigger: "is" and "was" are in most sentences
            wants = [self._wanted_words(entry) for entry in entries if not entry.presence]
            for form in self._forms(lemma, _POS_TABLE.get(pos)) if wants else ():
                self.trigger_forms.setdefault(form, []).extend(wants)
        for phrase in knowledge.cue("repeating_phrases"):  # "… followed suit"
            self.trigger_forms.setdefault(phrase.split()[-1], []).append(())
        self.free_trigger_forms = frozenset(form for form, wants in self.trigger_forms.items() if () in wants)
        references = knowledge.references
        self.reference_words = frozenset(
            [*references.get("pronouns", {}), *references.get("descriptions", {}), *references.get("pairs", []),
             *references.get("first_person", [])]
        )
        self.window = int(references.get("window", 3))
        # "he", "him": people are often named in a sentence of their own before the one that acts
        self.person_words = frozenset(word for word, kinds in references.get("pronouns", {}).items() if kinds == ["person"])
        # the same words as the hashes of the tokens' lower case, which is how a text is read
        self._trigger_ids = {hash_string(form): [tuple(_ids(words) for words in wanted) for wanted in wants]
                             for form, wants in self.trigger_forms.items()}
        self._free_trigger_ids = _ids(self.free_trigger_forms)
        self._reference_ids, self._person_ids = _ids(self.reference_words), _ids(self.person_words)
        self._final_punct_ids = _ids(Sentencizer.default_punct_chars)

    def __call__(self, text: str) -> Screened:
        doc = self.tokenizer(text)
        # one row per token, read once: Token objects cost more than all the lookups below
        columns = doc.to_array([LOWER, ORTH, IS_PUNCT, IS_SPACE, IDX, LENGTH]).tolist() if len(doc) else []
        units = [(start, end) for start, end in self._units(columns) if not all(row[3] for row in columns[start:end])]
        starts = [start for start, _ in units]
        actors = [0] * len(units)
        for span in self.actors.spans(doc):
            actors[bisect_right(starts, span.start) - 1] += 1
        keep = [False] * len(units)

        def naming_before(index: int) -> list[int]:
            """The units within the window before `index` that name an actor."""
            return [i for i in range(max(0, index - self.window), index) if actors[i]]

        for index, (start, end) in enumerate(units):
            words = {row[0] for row in columns[start:end]}
            trigger = self._can_trigger(words)
            if trigger and actors[index]:
                keep[index] = True
                if not words.isdisjoint(self._person_ids):
                    for i in naming_before(index):
                        keep[i] = True
            elif trigger and not words.isdisjoint(self._reference_ids):
                if antecedents := naming_before(index):
                    keep[index] = True
                    for i in antecedents:
                        keep[i] = True
            elif actors[index] >= 2 and end - start <= CAPTION_TOKENS:
                keep[index] = True
        blanked = [(columns[start][4], columns[end - 1][4] + columns[end - 1][5])
                   for (start, end), kept in zip(units, keep) if not kept]
        return Screened(_blank(text, blanked), len(units), sum(keep))

    def _units(self, columns: list[list[int]]) -> Iterator[tuple[int, int]]:
        """(start, end) token indices of each sentence: cut after a run of sentence-final
        punctuation (the rule of spaCy's sentencizer, with its characters) and at every line break."""
        start, seen_final = 0, False
        for i, (_, orth, is_punct, is_space, _, _) in enumerate(columns):
            if seen_final and not is_punct and orth not in self._final_punct_ids and i > start:
                yield start, i
                start, seen_final = i, False
            elif orth in self._final_punct_ids:
                seen_final = True
            if is_space and "\n" in self._strings[orth]:
                yield start, i + 1
                start, seen_final = i + 1, False
        if start < len(columns):
            yield start, len(columns)

    def _forms(self, lemma: str, pos: str | None) -> set[str]:
        """The word forms of a lemma: regular inflections and the model's irregular ones (of every
        part of speech when `pos` is None)."""
        tables = [self._irregular.get(pos, {})] if pos else self._irregular.values()
        return inflections(lemma).union(*(table.get(lemma, ()) for table in tables))

    def _wanted_words(self, entry: TriggerEntry) -> tuple[frozenset[str], ...]:
        """The words of which the sentence must hold one, for each requirement of the entry: its
        `needs`, its `object` and its particle (none: the trigger word is enough)."""
        wanted = [entry.needs, entry.objects, frozenset([entry.particle] if entry.particle else ())]
        return tuple(frozenset().union(*(self._forms(word, None) for word in words)) for words in wanted if words)

    def _can_trigger(self, words: set[int]) -> bool:
        """Whether the words (hashes of their lower case) hold a trigger word with the words it needs."""
        if not words.isdisjoint(self._free_trigger_ids):
            return True
        return any(all(not words.isdisjoint(each) for each in wanted)
                   for word in words if word in self._trigger_ids for wanted in self._trigger_ids[word])


def _ids(words: Iterable[str]) -> frozenset[int]:
    return frozenset(hash_string(word) for word in words)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each (start, end) character span's characters but line breaks made spaces."""
    pieces, done = [], 0
    for first, last in spans:
        pieces.append(text[done:first])
        pieces.append(_NOT_NEWLINE.sub(" ", text[first:last]))
        done = last
    pieces.append(text[done:])
    return "".join(pieces)
