"""The actor matcher: the gazetteer's names as entities, matched by phrase lookup.

spaCy's entity ruler runs every token pattern at every token, which made it the slowest part of
the whole pipeline with the gazetteer's ~5,000 token patterns (1 ms a word). Nearly all of them
are fixed phrases (`[{"LOWER": "taliban"}, {"LOWER": "government"}]`), so this component turns each
pattern into the phrases it can match, looked up by a hash per token, and keeps spaCy's Matcher
only for what is not a phrase. The entities are the entity ruler's with `overwrite_ents`: the
longest match wins, and each span's `id_` is the pattern's id (the gazetteer key).
"""


import itertools
from math import prod
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline.span_ruler import prioritize_new_ents_filter
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

__all__ = ["ActorMatcher", "phrase_forms"]

Pattern = str | list[dict[str, Any]]
_EXACT = ("ORTH", "TEXT")
_MAX_VARIANTS = 64  # a pattern with more spellings than this stays a token pattern


def _casings(word: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys((word, word.capitalize(), word.upper())))


def _caseless(word: str) -> bool:
    """A word with no letter case ("-", "&"): matching its exact text and its lower-cased text is
    the same test, so it does not force the pattern to exact matching."""
    return not any(c.islower() or c.isupper() for c in word)


def phrase_forms(pattern: Pattern) -> tuple[str, list[list[str]]] | None:
    """("ORTH" or "LOWER", word lists) that match exactly what the token pattern matches, or None
    when it is not a fixed phrase (a string pattern is tokenized by the caller).

    An optional token (`"OP": "?"`) gives variants with and without it. A pattern that mixes
    exact and lower-cased tokens ("Paktika" + LOWER "province") is matched exactly, with each
    lower-cased word in its usual casings (province, Province, PROVINCE). An exact token with no
    letter case (the optional hyphen of "Tehreek-e-Taliban") counts as lower-cased: it is the same
    test, and it keeps such names phrases (otherwise their casings exceed _MAX_VARIANTS and they
    go to the token Matcher, which cost more than the rest of the screen).
    """
    if isinstance(pattern, str):
        return None
    tokens: list[tuple[str, str, bool]] = []  # (attribute, word, optional)
    for token in pattern:
        keys = set(token) - {"OP"}
        if len(keys) != 1 or token.get("OP") not in (None, "?"):
            return None
        key = keys.pop()
        if key not in (*_EXACT, "LOWER") or not isinstance(token[key], str):
            return None
        word = token[key]
        attr = "LOWER" if key == "LOWER" or _caseless(word) else "ORTH"
        tokens.append((attr, word, token.get("OP") == "?"))
    attr = "LOWER" if all(a == "LOWER" for a, _, _ in tokens) else "ORTH"
    slots = []
    for token_attr, word, optional in tokens:
        spellings = _casings(word) if attr == "ORTH" and token_attr == "LOWER" else (word,)
        slots.append((*spellings, "") if optional else spellings)
    if prod(len(slot) for slot in slots) > _MAX_VARIANTS:
        return None
    return attr, [[w for w in words if w] for words in itertools.product(*slots)]


class ActorMatcher:
    """Sets `doc.ents` to the gazetteer's matches (longest first, no overlaps)."""

    def __init__(self, vocab: Vocab, make_doc: Any) -> None:
        self.vocab = vocab
        self.make_doc = make_doc
        self.exact = PhraseMatcher(vocab, attr="ORTH")
        self.lowered = PhraseMatcher(vocab, attr="LOWER")
        self.tokens = Matcher(vocab)
        self.labels: dict[int, tuple[str, str]] = {}  # match id -> (label, pattern id)
        self.count = 0

    def __len__(self) -> int:
        return self.count

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Entity-ruler patterns: {"label", "pattern" (a string or token dicts), "id"}."""
        for entry in patterns:
            label, pattern = entry["label"], entry["pattern"]
            key = f"{label}\x1f{entry.get('id', '')}"
            match_id = self.vocab.strings.add(key)
            self.labels[match_id] = (label, str(entry.get("id", "")))
            self.count += 1
            if isinstance(pattern, str):
                self.exact.add(key, [self.make_doc(pattern)])
                continue
            forms = phrase_forms(pattern)
            if forms is None:
                self.tokens.add(key, [pattern])
                continue
            attr, word_lists = forms
            matcher = self.lowered if attr == "LOWER" else self.exact
            matcher.add(key, [Doc(self.vocab, words=words) for words in word_lists if words])

    def spans(self, doc: Doc) -> list[Span]:
        """Every match, overlapping ones included (deduplicated)."""
        found = {
            Span(doc, start, end, label=self.labels[match_id][0], span_id=self.labels[match_id][1])
            for match_id, start, end in self._matches(doc)
            if start != end
        }
        return sorted(found)

    def _matches(self, doc: Doc) -> Iterator[tuple[int, int, int]]:
        yield from self.exact(doc)
        yield from self.lowered(doc)
        if len(self.tokens):
            yield from self.tokens(doc)

    def __call__(self, doc: Doc) -> Doc:
        doc.ents = sorted(prioritize_new_ents_filter([], self.spans(doc)))
        return doc


# (no `from __future__ import annotations` in this module: confection validates a factory's
# arguments against its annotations, and cannot resolve them from strings)
@Language.factory("dipwatch_actor_matcher")
def make_actor_matcher(nlp: Language, name: str) -> ActorMatcher:
    return ActorMatcher(nlp.vocab, nlp.make_doc)
