"""The indexed attribute ruler finds exactly the matches spaCy's Matcher finds, so the pipeline
annotates every token as the model's own attribute ruler does."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

import dipwatch.nlp.attributes as attributes
from dipwatch.ingest import read_articles
from dipwatch.nlp import DEFAULT_MODEL, load_nlp
from dipwatch.nlp.attributes import IndexedAttributeRuler
from dipwatch.records import Article

SAMPLE = Path(__file__).resolve().parents[2] / "src" / "dipwatch" / "sample_corpus"

# what each kind of pattern token the English pipelines use does: exact values, IN, NOT_IN,
# REGEX, a flag, a dependency that must be set, two-token patterns with either token annotated
PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN"}},
    {"patterns": [[{"TAG": "VBZ", "LOWER": {"IN": ["is", "'s"]}}]], "attrs": {"LEMMA": "be", "POS": "AUX"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux", "auxpass"]}}]], "attrs": {"POS": "AUX"}},
    {"patterns": [[{"LOWER": {"REGEX": "^n[ou]thin'$"}}]], "attrs": {"LEMMA": "nothing"}},
    {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "'s"]}}]], "attrs": {"POS": "VERB"}, "index": 1},
    {"patterns": [[{"TAG": "VBZ", "LOWER": "gets"}], [{"TAG": "VBD", "LOWER": "got"}]], "attrs": {"LEMMA": "get"}},
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "PROPN"}},  # a later rule overrides an earlier one
]
WORDS = ["There", "'s", "nothin'", "we", "got", "ta", "do", "  ", "it", "gets", "gon", "na", "rain", "is", "gon"]
TAGS = ["EX", "VBZ", "NN", "PRP", "VBD", "TO", "VB", "_SP", "PRP", "VBZ", "VBG", "TO", "NN", "VBZ", "VBG"]
DEPS = ["expl", "ROOT", "attr", "nsubj", "relcl", "aux", "xcomp", "dep", "nsubj", "conj", "aux", "aux", "attr", "aux", "dep"]


def _rulers(patterns: list[dict]) -> tuple[AttributeRuler, IndexedAttributeRuler]:
    vocab = spacy.blank("en").vocab
    plain, indexed = AttributeRuler(vocab), IndexedAttributeRuler(vocab)
    plain.add_patterns(patterns)
    indexed.add_patterns(patterns)
    return plain, indexed


def _doc(vocab) -> Doc:  # noqa: ANN001
    return Doc(vocab, words=WORDS, tags=TAGS, deps=DEPS, heads=[1] * len(WORDS))


def test_each_kind_of_pattern_matches_as_spacy_matches_it() -> None:
    plain, indexed = _rulers(PATTERNS)
    doc = _doc(plain.vocab)
    matches = indexed.match(doc)
    assert matches == plain.match(doc)
    assert indexed._lookup is not None  # the indexed path ran
    matched = {(attr_id, doc[start:end].text) for attr_id, _, start, end in matches}
    assert {(1, "'s"), (2, "gon"), (2, "is"), (3, "nothin'"), (5, "gon na"), (6, "There 's"), (7, "got"), (7, "gets")} <= matched
    assert (4, "  ") in matched and (0, "nothin'") in matched and (8, "rain") in matched
    assert [start for attr_id, _, start, _ in matches if attr_id == 5] == [10]  # not at the last "gon"
    assert (2, "ta") not in matched  # "TO" is excluded


def test_a_token_without_a_dependency_is_told_apart_from_one_with() -> None:
    plain, indexed = _rulers(PATTERNS)
    doc = Doc(plain.vocab, words=WORDS, tags=TAGS)  # not parsed: every dependency is unset
    assert indexed.match(doc) == plain.match(doc)
    assert not any(attr_id in (2, 4, 6) for attr_id, *_ in indexed.match(doc))


def test_patterns_it_cannot_read_are_left_to_spacys_matcher() -> None:
    patterns = [*PATTERNS, {"patterns": [[{"LOWER": "gon", "OP": "+"}]], "attrs": {"LEMMA": "go"}}]
    plain, indexed = _rulers(patterns)
    doc = _doc(plain.vocab)
    assert indexed.match(doc) == plain.match(doc)
    assert indexed._lookup is None and indexed._unsupported


def test_the_remembered_rows_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attributes, "KNOWN_ROWS", 3)
    plain, indexed = _rulers(PATTERNS)
    doc = _doc(plain.vocab)
    assert indexed.match(doc) == plain.match(doc) == indexed.match(doc)
    assert len(indexed._lookup.known) <= 3


def test_the_pipeline_annotates_articles_as_the_models_own_ruler_does(knowledge) -> None:  # noqa: ANN001
    """Every token of the sample corpus gets the same part of speech, morphology, lemma and
    dependency as with spaCy's AttributeRuler holding the same patterns."""
    ours = load_nlp(DEFAULT_MODEL, knowledge)
    ruler = ours.get_pipe("attribute_ruler")
    assert isinstance(ruler, IndexedAttributeRuler)
    texts = [article.text for article in read_articles([SAMPLE]) if isinstance(article, Article)]
    assert len(texts) >= 16
    plain = AttributeRuler(ours.vocab)
    plain.add_patterns(ruler.patterns)

    def annotations(docs: list[Doc]) -> list[tuple[str, ...]]:
        return [(t.text, t.pos_, str(t.morph), t.lemma_, t.dep_, t.tag_) for doc in docs for t in doc]

    with ours.select_pipes(disable=["attribute_ruler", "lemmatizer", "dipwatch_actors", "ner"]):
        ours_docs, plain_docs = list(ours.pipe(texts)), list(ours.pipe(texts))
    for doc in ours_docs:
        assert ruler.match(doc) == plain.match(doc)
    lemmatizer = ours.get_pipe("lemmatizer")
    assert annotations([lemmatizer(ruler(doc)) for doc in ours_docs]) == \
        annotations([lemmatizer(plain(doc)) for doc in plain_docs])
    assert sum(len(doc) for doc in ours_docs) > 5000
