"""The ingest's NLP in batches: parsed together, blank texts not parsed, spaCy's vocabulary
bounded by memory zones. Each gives the events the plain path (screen, parse, extract, one
article at a time) gives."""

from __future__ import annotations

import pytest

import dipwatch.nlp as nlp_stage
from dipwatch.extract import extract_events
from dipwatch.pipeline import _events_of, extract_sources
from dipwatch.records import Article, PartialDate

from .test_screen import MIXED_NEWS

SPORT = ("The home side won the cup final 3-1 after extra time.\n"
         "Rain is expected across the north on Thursday, with temperatures falling to five degrees.")
VISIT = ("Pakistan's foreign minister Ishaq Dar arrived in Kabul on Saturday for talks with the Taliban government.\n"
         "The Kremlin said Russia would accept the credentials of the Taliban ambassador next month.")


def _article(text: str, doc: str) -> Article:
    return Article(doc=doc, text=text, content_hash=doc, source_path=f"{doc}.txt", source_format="text",
                   published=PartialDate.parse("2025-10-08"))


def _plain(article: Article, knowledge) -> list:  # noqa: ANN001
    """Screen, parse and extract one article, as the ingest did before batches."""
    screened = nlp_stage.load_screen(knowledge=knowledge)(article.text)
    return extract_events(article, nlp_stage.load_nlp(knowledge=knowledge)(screened.text), knowledge)


def test_a_batch_gives_each_article_the_events_of_the_plain_path(knowledge) -> None:  # noqa: ANN001
    articles = [_article(MIXED_NEWS, "mixed"), _article(SPORT, "sport"), _article(VISIT, "visit")]
    results = _events_of(articles, nlp_stage.DEFAULT_MODEL, knowledge)
    for article, (events, screened) in zip(articles, results):
        assert list(events) == _plain(article, knowledge)
    assert results[1][1].kept == 0 and results[1][0] == ()  # blanked entirely: not parsed, no events
    assert len(results[0][0]) >= 2 and len(results[2][0]) >= 2


def test_a_failing_article_fails_alone(knowledge, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    import dipwatch.pipeline as pipeline

    real = pipeline.extract_events

    def fragile(article, doc, knowledge):  # noqa: ANN001, ANN202
        if article.doc == "mixed":
            raise ValueError("an extractor bug")
        return real(article, doc, knowledge)

    monkeypatch.setattr(pipeline, "extract_events", fragile)
    results = _events_of([_article(MIXED_NEWS, "mixed"), _article(VISIT, "visit")], nlp_stage.DEFAULT_MODEL, knowledge)
    assert isinstance(results[0], ValueError)
    assert list(results[1][0]) == _plain(_article(VISIT, "visit"), knowledge)


def test_memory_zones_drop_new_words_and_change_no_event(knowledge, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    from dipwatch.ingest import SourceFile

    monkeypatch.setattr(nlp_stage, "WARM_UP_DOCUMENTS", 0)  # zones from the first batch,
    monkeypatch.setattr(nlp_stage, "ZONE_DOCUMENTS", 1)  # a new one for each batch
    monkeypatch.setattr(nlp_stage, "_zones", {})
    vocab = nlp_stage.load_nlp(nlp_stage.DEFAULT_MODEL, knowledge).vocab  # (the call the ingest makes)
    sources = []
    for i, text in enumerate((MIXED_NEWS, VISIT, SPORT)):
        path = tmp_path / f"{i}.txt"
        path.write_text(text + f"\nThe Zorblaxian envoy {i}qx7 met Lavrov in Moscow on Monday.", encoding="utf-8")
        sources.append(SourceFile(path=path, doc=str(i), format="text"))
    results = extract_sources(sources)
    assert "Zorblaxian" in vocab.strings  # the zone is open
    other = tmp_path / "other.txt"
    other.write_text(VISIT, encoding="utf-8")
    extract_sources([SourceFile(path=other, doc="other", format="text")])  # the next batch ends it
    assert "Zorblaxian" not in vocab.strings and "1qx7" not in vocab.strings  # dropped with the zone
    nlp_stage.end_zones()
    assert "0qx7" not in vocab.strings
    for source, result in zip(sources, results):
        assert result.article is not None and not result.failure
        assert list(result.events) == _plain(result.article, knowledge)


def test_parser_and_ner_decoding_a_whole_batch_together_annotate_as_one_at_a_time(knowledge) -> None:  # noqa: ANN001
    from spacy.attrs import DEP, ENT_ID, ENT_IOB, ENT_TYPE, HEAD, LEMMA, SENT_START, TAG

    from dipwatch.pipeline import _parsed

    nlp = nlp_stage.load_nlp(knowledge=knowledge)
    lines = [line for text in (MIXED_NEWS, SPORT, VISIT) for line in text.splitlines() if line.strip()]
    texts = ["\n".join(lines[i:i + 1 + i % 3]) for i in range(8)]  # eight texts of different lengths
    attrs = [HEAD, DEP, ENT_IOB, ENT_TYPE, ENT_ID, TAG, LEMMA, SENT_START]
    together = _parsed(nlp, texts)
    assert [doc.to_array(attrs).tolist() for doc in together] == [nlp(text).to_array(attrs).tolist() for text in texts]


def test_parse_groups_keep_order_and_stay_under_the_character_bound() -> None:
    from dipwatch.pipeline import _char_bounded

    texts = ["a" * 30, "b" * 50, "c" * 10, "d" * 120, "e" * 5, "f" * 5]
    groups = list(_char_bounded(texts, 60))
    assert [text for group in groups for text in group] == texts
    assert groups == [["a" * 30], ["b" * 50, "c" * 10], ["d" * 120], ["e" * 5, "f" * 5]]  # a longer text goes alone


def test_texts_parsed_in_character_bounded_groups_annotate_as_one_at_a_time(knowledge, monkeypatch) -> None:  # noqa: ANN001
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, TAG

    from dipwatch import pipeline

    nlp = nlp_stage.load_nlp(knowledge=knowledge)
    texts = [line for text in (MIXED_NEWS, VISIT) for line in text.splitlines() if line.strip()]
    monkeypatch.setattr(pipeline, "PARSE_CHARS", 2 * max(len(text) for text in texts))
    assert len(list(pipeline._char_bounded(texts, pipeline.PARSE_CHARS))) > 1
    attrs = [HEAD, DEP, ENT_IOB, ENT_TYPE, TAG]
    assert [doc.to_array(attrs).tolist() for doc in pipeline._parsed(nlp, texts)] == [nlp(text).to_array(attrs).tolist() for text in texts]
