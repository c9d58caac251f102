"""Issue 7, fuzzing: Hypothesis property tests over the cleaner, the sentence splitter, the extractor
and the date resolvers. On any input: no exception (a bad page is an IngestError, nothing else);
every event's offsets lie inside the cleaned text and its evidence is exactly `text[start:end]`;
every date is a valid calendar date, never after the publication date (events) or today (pages).

Example counts are bounded for CI; `DIPWATCH_FUZZ_SCALE=10` runs ten times as many.
The coverage-guided counterpart is `fuzz/fuzz_extract.py` (atheris), run by test_atheris.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dipwatch.extract import extract_events
from dipwatch.extract.timex import resolve_date
from dipwatch.ingest import IngestError, article_from_bytes
from dipwatch.ingest.clean import clean_html, clean_text
from dipwatch.ingest.dates import date_from_metadata, date_from_text, publication_date
from dipwatch.ingest.decode import decode_bytes
from dipwatch.ingest.language import detect_language
from dipwatch.ingest.sidecar import parse_published, sidecar_meta
from dipwatch.nlp import MAX_SENTENCE_TOKENS
from dipwatch.records import Article, PartialDate

SCALE = float(os.environ.get("DIPWATCH_FUZZ_SCALE", "1"))
TODAY = dt.date.today()


def _settings(examples: int) -> settings:
    return settings(
        max_examples=max(1, int(examples * SCALE)), deadline=None, derandomize=False,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    )  # fmt: skip


# --- what news text is made of, so that the fuzzer reaches the extractor's deep paths
ACTORS = ["Russia", "the Taliban", "Muttaqi", "Amir Khan Muttaqi", "Pakistan", "India's foreign ministry",
          "Uzbekistan", "China", "the United Nations", "Kabul", "Moscow", "the Kremlin", "Germany", "it",
          "they", "the group", "Iran", "the UAE", "Islamic State Khorasan", "Washington"]  # fmt: skip
VERBS = ["recognised", "did not recognise", "visited", "met", "accredited", "will visit", "denied attacking",
         "accepted the credentials of an envoy from", "closed its embassy in", "sent a delegation to",
         "signed an agreement with", "sanctioned", "struck", "threatened", "may recognise", "refused to meet",
         "pledged aid to", "expelled diplomats of", "reopened its embassy in", "killed 40 people in"]  # fmt: skip
WHEN = ["", "on Thursday", "last week", "in March", "on 4 July 2025", "in 2021", "two years ago", "yesterday",
        "earlier this month", "late last year", "next month", "in the spring", "on October 7th", "weeks later",
        "in August 2021", "on 31 February", "in 1999", "in 2099", "this week", "on Monday, July 4"]  # fmt: skip
JUNK = ["", " ", "\n", "\n\n", ".", ",", ";", "!", "?", " — ", "“", "”", "'s", "(", ")", "\u00a0", "\t",
        "\r\n", "\u2028", "Mr.", "U.S.", "e.g.", "…", "\ufeff", "\x00", "🇦🇫", "Кабул", "کابل", "喀布尔"]  # fmt: skip

sentences = st.builds(
    lambda a, v, b, w, j: f"{a} {v} {b} {w}{j}".strip(),
    st.sampled_from(ACTORS), st.sampled_from(VERBS), st.sampled_from(ACTORS), st.sampled_from(WHEN), st.sampled_from(JUNK),
)  # fmt: skip
news_text = st.lists(
    st.one_of(sentences, st.sampled_from(JUNK), st.text(max_size=40), st.sampled_from(WHEN)), max_size=25
).map(lambda parts: " ".join(parts))
any_text = st.one_of(news_text, st.text(max_size=400))
partial_dates = st.one_of(
    st.builds(PartialDate, st.integers(1900, 2100)),
    st.builds(PartialDate, st.integers(1900, 2100), st.integers(1, 12)),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(PartialDate.from_date),
)
TAGS = ["<p>", "</p>", "<div>", "</div>", "<article>", "</article>", "<nav>", "<script>", "</script>", "<br>",
        "<!--", "-->", "<html>", "<body>", "</body>", "<title>", "</title>", "<time datetime='2025-07-04'>",
        "<meta property='article:published_time' content='2099-01-01'>", "&amp;", "&#0;", "&#xFFFFFF;",
        "&nbsp;", "<![CDATA[", "]]>", "<?xml version='1.0'?>", "<!DOCTYPE html>", "<", ">", "</", "<p", "=\""]  # fmt: skip
html_text = st.lists(st.one_of(st.sampled_from(TAGS), sentences, st.text(max_size=20)), max_size=40).map("".join)
page_bytes = st.one_of(
    st.binary(max_size=600),
    any_text.map(lambda t: t.encode("utf-8")),
    html_text.map(lambda t: t.encode("utf-8")),
    st.tuples(news_text, st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "cp1252", "latin-1", "utf-32"]))
    .map(lambda p: p[0].encode(p[1], errors="replace")),
)  # fmt: skip


def _check_date(date: PartialDate | None, latest: dt.date | None = None) -> None:
    if date is None:
        return
    assert isinstance(date, PartialDate)
    assert date.first_day() <= date.last_day()  # a real calendar period (PartialDate validates itself)
    assert PartialDate.parse(str(date)) == date
    if latest is not None:
        assert date.first_day() <= latest


# --- the cleaner


@_settings(300)
@given(any_text)
def test_clean_text_never_fails(text):
    cleaned = clean_text(text)
    assert "\r" not in cleaned.text and "\u2028" not in cleaned.text
    assert all(p.strip() == p and p for p in cleaned.text.split("\n\n")) or cleaned.text == ""


@_settings(120)
@given(html_text)
def test_clean_html_never_fails(html):
    cleaned = clean_html(html)
    assert isinstance(cleaned.text, str) and "\r" not in cleaned.text


@_settings(300)
@given(page_bytes, st.sampled_from(["html", "text"]))
def test_article_from_bytes_fails_only_with_a_reason(data, fmt):
    try:
        article = article_from_bytes(data, doc="f", source_path=f"f.{fmt}", source_format=fmt, sidecar=None)
    except IngestError as exc:
        assert exc.reason and "\n" not in exc.reason
        return
    assert article.text and article.text == article.text.strip()
    assert article.content_hash == hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    assert all(w and "\n" not in w for w in article.warnings)
    _check_date(article.published, TODAY + dt.timedelta(days=1))


@_settings(300)
@given(st.binary(max_size=300))
def test_decode_is_text_or_a_reason(data):
    try:
        decoded = decode_bytes(data)
    except IngestError as exc:
        assert exc.reason
        return
    assert decoded.text.strip() and "\r" not in decoded.text


@_settings(200)
@given(st.dictionaries(st.sampled_from(["url", "title", "outlet", "published", "x"]),
                       st.one_of(st.none(), st.text(max_size=30), st.integers(), st.lists(st.integers(), max_size=2))))  # fmt: skip
def test_sidecar_fields_never_fail(data):
    meta, warnings = sidecar_meta(data, "f.json")
    _check_date(meta.published, TODAY + dt.timedelta(days=1))
    assert all("\n" not in w for w in warnings)


@_settings(300)
@given(any_text)
def test_language_guess_never_fails(text):
    code, warning = detect_language(text)
    assert code and (code == "en") == (warning is None)


# --- the date resolvers


@_settings(400)
@given(st.one_of(st.sampled_from(WHEN), st.text(max_size=40), st.builds("{} {}".format, st.sampled_from(WHEN), st.text(max_size=10))),
       st.one_of(st.none(), partial_dates))  # fmt: skip
def test_resolve_date_never_after_publication(text, published):
    resolved = resolve_date(text, published)
    _check_date(resolved, published.last_day() if published else None)
    if published is None and resolved is not None:
        assert any(ch.isdigit() for ch in text)  # nothing relative is resolved against "today"


@_settings(300)
@given(st.one_of(st.none(), st.text(max_size=40), st.dates().map(str), st.datetimes().map(dt.datetime.isoformat)))
def test_metadata_date_never_in_the_future(value):
    _check_date(date_from_metadata(value, today=TODAY), TODAY + dt.timedelta(days=1))


@_settings(200)
@given(any_text, st.text(max_size=100), html_text, st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1)))
def test_page_dates_never_in_the_future(text, header, page, today):
    _check_date(date_from_text(text, header=header, page=page, today=today), today + dt.timedelta(days=1))
    date, inferred = publication_date(None, metadata=None, text=text, header=header, page=page, today=today)
    _check_date(date, today + dt.timedelta(days=1))
    assert inferred == (date is not None)


@_settings(300)
@given(st.text(max_size=40))
def test_sidecar_published_is_a_date_or_a_value_error(value):
    try:
        _check_date(parse_published(value))
    except ValueError:
        pass


# --- the sentence splitter and the extractor (the real spaCy pipeline)


def _article(text: str, published: PartialDate | None) -> Article:
    return Article(doc="f", text=text, content_hash="h", source_path="f.txt", source_format="text", published=published)


@_settings(250)
@given(news_text, st.one_of(st.none(), partial_dates))
@example("Russia\u2019s envoy said the \u2018talks\u2019 in Kabul went well.", None)
def test_sentences_and_events_stay_inside_the_text(nlp, knowledge, text, published):
    doc = nlp(text)
    # the parser reads curly apostrophes as straight ones, one character for one: every offset
    # still points into the article (and evidence is cut from the article itself, below)
    assert doc.text == text.replace("\u2018", "'").replace("\u2019", "'")
    for sentence in doc.sents:
        assert 0 <= sentence.start_char <= sentence.end_char <= len(text)
        assert len(sentence) <= MAX_SENTENCE_TOKENS
    for event in extract_events(_article(text, published), doc, knowledge):
        assert 0 <= event.start < event.end <= len(text)
        assert event.evidence == text[event.start : event.end]
        assert 0.0 <= event.confidence <= 1.0
        # only a plan's or a threat's own date may lie ahead of the publication (within half a year)
        ahead = dt.timedelta(days=184) if str(event.status) in ("planned", "threatened") else dt.timedelta(0)
        _check_date(event.date, published.last_day() + ahead if published else None)


@_settings(150)
@given(page_bytes, st.one_of(st.none(), partial_dates.map(str)))
def test_evidence_is_a_substring_of_the_cleaned_text(nlp, knowledge, data, published):
    """The whole path a file takes: bytes -> cleaned text -> sentences -> events."""
    try:
        article = article_from_bytes(data, doc="f", source_path="f.txt", source_format="text",
                                     sidecar={"published": published} if published else None)  # fmt: skip
    except IngestError:
        return
    for event in extract_events(article, nlp(article.text), knowledge):
        assert event.evidence == article.text[event.start : event.end]
        assert event.evidence in article.text


@_settings(3)
@given(st.integers(600, 1_500), st.sampled_from(ACTORS))
def test_run_on_text_is_cut_into_bounded_sentences(nlp, words, actor):
    text = f"{actor} said " + " ".join(["and officials talked about trade"] * (words // 5)) + " for hours"
    doc = nlp(text)
    assert max(len(s) for s in doc.sents) <= MAX_SENTENCE_TOKENS
