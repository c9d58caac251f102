"""The lemma cache gives every token the lemma spaCy's rule lemmatizer gives it."""

from __future__ import annotations

from pathlib import Path

import pytest

import dipwatch.nlp.lemmas as lemmas
from dipwatch.ingest import read_articles
from dipwatch.nlp import DEFAULT_MODEL, load_nlp
from dipwatch.nlp.lemmas import LemmaCache
from dipwatch.records import Article

SAMPLE = Path(__file__).resolve().parents[2] / "src" / "dipwatch" / "sample_corpus"


@pytest.mark.parametrize("known_forms", [lemmas.KNOWN_FORMS, 5])
def test_the_cache_lemmatizes_as_the_models_lemmatizer(knowledge, monkeypatch, known_forms) -> None:  # noqa: ANN001
    monkeypatch.setattr(lemmas, "KNOWN_FORMS", known_forms)  # 5: forgotten and asked again all along
    nlp = load_nlp(DEFAULT_MODEL, knowledge)
    cache = nlp.get_pipe("lemmatizer")
    assert isinstance(cache, LemmaCache)
    cache.known.clear()
    texts = [article.text for article in read_articles([SAMPLE]) if isinstance(article, Article)]
    with nlp.select_pipes(disable=["lemmatizer", "dipwatch_actors", "ner"]):
        ours, theirs = list(nlp.pipe(texts)), list(nlp.pipe(texts))
    ours = [cache(doc) for doc in ours]
    theirs = [cache.lemmatizer(doc) for doc in theirs]
    assert [t.lemma_ for doc in ours for t in doc] == [t.lemma_ for doc in theirs for t in doc]
    assert sum(len(doc) for doc in ours) > 5000 and len(cache.known) <= known_forms


def test_a_lemma_the_attribute_ruler_set_is_kept(knowledge) -> None:  # noqa: ANN001
    # knowledge's lemma fixes are set by the attribute ruler, before the lemmatizer, which would
    # give "co-operated" the lemma "co-operate"
    assert knowledge.lemma_fixes["co-operated"] == "cooperate"
    doc = load_nlp(DEFAULT_MODEL, knowledge)("Both sides co-operated on the border.")
    assert [t.lemma_ for t in doc if t.lower_ == "co-operated"] == ["cooperate"]
