"""The cheap language guess: English passes quietly, anything else is named with a warning."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dipwatch.ingest import article_from_bytes
from dipwatch.ingest.language import detect_language

ENGLISH = (
    "The foreign minister said on Tuesday that the government would reopen its embassy in the capital "
    "after talks with officials from the neighbouring country, who had asked for the move for months."
)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("د افغانستان د بهرنیو چارو وزیر وویل چې د ګاونډیو هېوادونو سره اړیکې ښې دي او پراخېږي " * 3, "ps"),
        ("وزیر امور خارجه گفت که روابط با کشورهای همسایه خوب است و گسترش پیدا می کند " * 3, "fa"),
        ("قال وزير الخارجية إن العلاقات مع الدول المجاورة جيدة وإن الحكومة ستفتح سفارتها قريبا " * 3, "ar"),
        ("Министр иностранных дел заявил, что правительство откроет посольство в столице " * 3, "ru"),
        ("外交部长表示，政府将在首都重新开放大使馆，并与邻国官员举行会谈。" * 5, "zh"),
        ("Le ministre des affaires étrangères a déclaré mardi que le gouvernement rouvrirait son ambassade "
         "dans la capitale après des discussions avec les responsables du pays voisin.", "fr"),
        ("Der Außenminister sagte am Dienstag, dass die Regierung ihre Botschaft in der Hauptstadt nach "
         "Gesprächen mit Vertretern des Nachbarlandes wieder öffnen wird, die seit Monaten darum "
         "gebeten hatten.", "de"),
    ],
)  # fmt: skip
def test_non_english_is_named_with_a_warning(text: str, code: str):
    language, warning = detect_language(text)
    assert language == code
    assert warning and warning.startswith("language:")


def test_english_is_quiet():
    assert detect_language(ENGLISH) == ("en", None)
    assert detect_language("Too short to judge.") == ("en", None)


def test_english_with_a_quoted_foreign_phrase_stays_english():
    assert detect_language(ENGLISH + " The motto read «وحدت ملی» on the banner.")[0] == "en"


def test_a_non_english_page_is_ingested_not_failed():
    text = "قال وزير الخارجية إن العلاقات مع الدول المجاورة جيدة وإن الحكومة ستفتح سفارتها قريبا " * 3
    article = article_from_bytes(
        text.encode(), doc="ar", source_path="ar.txt", source_format="text", sidecar=None
    )
    assert article.language == "ar"
    assert article.text == text.strip()
    assert len(article.warnings) == 1 and "best guess 'ar'" in article.warnings[0]


def _plain_script_guess(text: str) -> str | None:
    """The script guess as first written (every letter looked up by name): the reference for the
    faster one, which looks up only the letters beyond ASCII."""
    from dipwatch.ingest.language import _NON_LATIN_SHARE, _non_latin_guess, _script

    letters = [c for c in text[:20_000] if c.isalpha()]
    if not letters:
        return None
    counts: dict[str, int] = {}
    for char in letters:
        counts[_script(char)] = counts.get(_script(char), 0) + 1
    top, count = max(((s, n) for s, n in counts.items() if s != "LATIN"), key=lambda p: p[1], default=("", 0))
    if count / len(letters) < _NON_LATIN_SHARE:
        return None
    if "HIRAGANA" in counts or "KATAKANA" in counts:
        top = "HIRAGANA"
    return _non_latin_guess(top, "".join(letters))


@given(st.lists(st.sampled_from(["Kabul talks ", "کابل ", "ټډړ ", "Москва ", "іїє ", "東京 ", "ひらがな ", "서울 ",
                                 "नई ", "Zürich ", "12 ", "‘’ ", "\n"]), max_size=60),
       st.integers(min_value=0, max_value=25_000))
@settings(max_examples=200, deadline=None)
def test_the_script_guess_is_the_plain_one(pieces: list[str], padding: int) -> None:
    from dipwatch.ingest.language import _script_guess

    text = "".join(pieces)
    for sample in (text, "x" * padding + text, text + "x" * padding):  # letters beyond the judged start
        assert _script_guess(sample) == _plain_script_guess(sample)


def _plain_word_guess(text: str) -> tuple[str, str | None]:
    """The function-word guess as first written (each word looked up in each language's list)."""
    from dipwatch.ingest.language import _MIN_SHARE, _MIN_WORDS, _SAMPLE, _WORD, _WORD_SETS

    words = [w.lower() for w in _WORD.findall(text[:_SAMPLE])]
    if len(words) < _MIN_WORDS:
        return "en", None
    shares = {code: sum(w in vocab for w in words) / len(words) for code, vocab in _WORD_SETS.items()}
    if shares["en"] >= _MIN_SHARE and shares["en"] >= max(shares.values()):
        return "en", None
    best = max(shares, key=lambda code: shares[code])
    code = best if shares[best] >= _MIN_SHARE and best != "en" else "und"
    return code, f"language: does not look like English (best guess {code!r}); the extractor reads English"


@given(st.lists(st.sampled_from(["the ", "of ", "The ", "der ", "und ", "le ", "de ", "la ", "el ", "que ", "het ",
                                 "il ", "ve ", "bir ", "Kabul ", "talks ", "Zürich ", "12 ", "\n"]), max_size=120))
@settings(max_examples=300, deadline=None)
def test_the_word_guess_is_the_plain_one(pieces: list[str]) -> None:
    from dipwatch.ingest.language import detect_language

    text = "".join(pieces)
    assert detect_language(text) == _plain_word_guess(text)
