"""spaCy's rule lemmatizer, asked once per distinct word form.

The English rule lemmatizer reads only a token's spelling, part of speech and morphology, and
keeps a cache of its answers, but it reaches that cache through a Token object per token, and
the commonest answer (a word already in its base form: a singular noun, an infinitive) is never
cached: ~1.3 ms per parsed article. `LemmaCache` reads those three values of every token with one
`Doc.to_array`, asks the lemmatizer once per distinct triple, and writes the lemmas back with one
`Doc.from_array`: the same lemmas.
"""

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

__all__ = ["LemmaCache", "cache_lemmas"]

KNOWN_FORMS = 50_000  # (spelling, part of speech, morphology) triples remembered, then forgotten at once


class LemmaCache:
    """Sets each token's lemma as `lemmatizer` would (a token with a lemma already keeps it,
    unless the lemmatizer overwrites)."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        # lemmas as strings, not hashes: a memory zone may drop a string from the vocabulary
        self.known: dict[tuple[int, int, int], str] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas, strings, known = rows[:, 3].copy(), doc.vocab.strings, self.known
        keep_set = not self.lemmatizer.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and keep_set:
                continue
            form = (orth, pos, morph)
            found = known.get(form)
            if found is None:
                if len(known) >= KNOWN_FORMS:
                    known.clear()
                found = known[form] = self.lemmatizer.lemmatize(doc[i])[0]
            lemmas[i] = strings.add(found)
        return doc.from_array([LEMMA], lemmas.reshape(-1, 1))

    @property
    def lookups(self) -> Lookups:  # the lemmatizer's tables (the screen reads its irregular forms)
        return self.lemmatizer.lookups


def cache_lemmas(nlp: Language, name: str = "lemmatizer") -> None:
    """Put a LemmaCache in front of the pipeline's rule lemmatizer (same name, same place)."""
    lemmatizer = nlp.get_pipe(name)
    if isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule":
        nlp.replace_pipe(name, "dipwatch_lemma_cache")
        nlp.get_pipe(name).lemmatizer = lemmatizer


# (no `from __future__ import annotations` in this module: confection validates a factory's
# arguments against its annotations, and cannot resolve them from strings)
@Language.factory("dipwatch_lemma_cache")
def make_lemma_cache(nlp: Language, name: str) -> LemmaCache:
    return LemmaCache(None)  # type: ignore[arg-type]  # cache_lemmas gives it the lemmatizer
