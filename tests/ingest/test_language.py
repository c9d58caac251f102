"""The cheap language guess: English passes quietly, anything else is named with a warning."""

from __future__ import annotations

import pytest

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
