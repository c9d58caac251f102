"""A span's entities read from the document's once: the same answer as spaCy's `Span.ents`."""

import spacy
from spacy.tokens import Span

from dipwatch.extract.entities import entities_read_once, span_ents


def _doc():
    nlp = spacy.blank("en")
    doc = nlp("Russia and China met in Kabul on Monday . The Taliban hosted Qatar 's envoy last week .")
    doc.ents = [Span(doc, 0, 1, label="GPE"), Span(doc, 2, 3, label="GPE"), Span(doc, 5, 6, label="GPE"),
                Span(doc, 7, 8, label="DATE"), Span(doc, 10, 12, label="ACTOR"), Span(doc, 13, 14, label="GPE"),
                Span(doc, 16, 18, label="DATE")]
    return doc


def _as_tuples(spans):
    return [(s.start, s.end, s.label_) for s in spans]


def test_every_span_gets_the_entities_spacy_gives_it():
    doc = _doc()
    with entities_read_once(doc):
        for start in range(len(doc) + 1):
            for end in range(start, len(doc) + 1):
                span = doc[start:end]
                assert _as_tuples(span_ents(span)) == _as_tuples(span.ents), (start, end)


def test_an_entity_running_past_the_span_ends_the_list_as_in_spacy():
    doc = _doc()
    with entities_read_once(doc):
        assert _as_tuples(span_ents(doc[9:11])) == []  # "The Taliban" cut after "The": nothing after it either
        assert _as_tuples(span_ents(doc[0:6])) == [(0, 1, "GPE"), (2, 3, "GPE"), (5, 6, "GPE")]


def test_outside_the_context_or_for_another_document_it_is_span_ents():
    doc, other = _doc(), _doc()
    assert _as_tuples(span_ents(doc[:])) == _as_tuples(doc[:].ents)
    with entities_read_once(doc):
        other.ents = []
        assert span_ents(other[:]) == []
    doc.ents = []  # after the context, a changed document is read afresh
    assert span_ents(doc[:]) == []
