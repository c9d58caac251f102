"""Bad files: each gives the right outcome (an Article with a warning, or an IngestFailure with a
clear reason), and the batch goes on."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest

from dipwatch.ingest import MAX_BYTES, MAX_TEXT_CHARS, IngestError, article_from_bytes, read_articles
from dipwatch.records import Article, IngestFailure, PartialDate

BODY = (
    "The foreign minister of Freedonia arrived in Sylvania on Tuesday for two days of talks on trade, "
    "the first visit by a senior official in three years, the ministry said in a statement. Both sides "
    "hope to sign a transit agreement."
)
CURLY = "“We have turned a page,” the minister told reporters – and left for the airport."


def _read(*paths: Path) -> list[Article | IngestFailure]:
    return list(read_articles(paths))


def _article(path: Path) -> Article:
    (item,) = _read(path)
    assert isinstance(item, Article), item
    return item


def _failure(path: Path) -> IngestFailure:
    (item,) = _read(path)
    assert isinstance(item, IngestFailure), item
    assert item.path == str(path)
    return item


def _write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# --- failures


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n  ", codecs.BOM_UTF8 + b"\n \n", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le")],
)
def test_empty_files(tmp_path: Path, data: bytes):
    assert _failure(_write(tmp_path / "empty.txt", data)).reason == "empty file"


def test_binary_html_with_nul_bytes(tmp_path: Path):
    data = b"<html>\x00\x01\x02\x03" + bytes(range(256)) * 8
    assert _failure(_write(tmp_path / "page.html", data)).reason == "binary file (NUL bytes)"


def test_binary_signatures(tmp_path: Path):
    assert (
        _failure(_write(tmp_path / "pic.html", b"\x89PNG\r\n\x1a\n" + b"\x10" * 64)).reason
        == "binary file (PNG image)"
    )
    assert (
        _failure(_write(tmp_path / "doc.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")).reason == "binary file (PDF)"
    )


def test_mostly_control_characters(tmp_path: Path):
    data = bytes(b for b in range(1, 32) if b not in (9, 10, 12, 13)) * 50 + b"some words"
    reason = _failure(_write(tmp_path / "noise.txt", data)).reason
    assert reason.startswith("binary file (mostly non-text")


def test_nothing_left_after_cleaning(tmp_path: Path):
    page = "Advertisement\nSubscribe now\nShare this article\n© 2025 Example Media\n"
    assert _failure(_write(tmp_path / "furniture.txt", page)).reason == "no article text found after cleaning"
    html = "<html><body><nav><a href='/'>Home</a><a href='/w'>World</a></nav></body></html>"
    assert _failure(_write(tmp_path / "nav.html", html)).reason == "no article text found after cleaning"


def test_article_from_bytes_raises_with_a_reason():
    with pytest.raises(IngestError) as caught:
        article_from_bytes(b"\x00\x01", doc="x", source_path="x.txt", source_format="text", sidecar=None)
    assert caught.value.reason == "binary file (NUL bytes)"
    with pytest.raises(ValueError):
        article_from_bytes(b"text", doc="x", source_path="x.pdf", source_format="pdf", sidecar=None)


def test_missing_and_unsupported_paths(tmp_path: Path):
    assert _failure(tmp_path / "nope.txt").reason == "not found"
    reason = _failure(_write(tmp_path / "report.pdf", b"%PDF-1.4")).reason
    assert reason.startswith("unsupported file type '.pdf'")


def test_broken_symlink(tmp_path: Path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    assert _failure(tmp_path / "gone.txt").reason == "unreadable: broken symbolic link"
    folder = [item for item in _read(tmp_path)]
    assert len(folder) == 1 and isinstance(folder[0], IngestFailure)
    assert folder[0].reason.startswith("unreadable: ")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path):
    path = _write(tmp_path / "locked.txt", BODY)
    path.chmod(0)
    try:
        assert _failure(path).reason == "unreadable: Permission denied"
    finally:
        path.chmod(0o644)


# --- sidecars: never fatal


def test_invalid_sidecar_json(tmp_path: Path):
    _write(tmp_path / "a.txt", BODY)
    _write(tmp_path / "a.json", '{"title": "A title", "published": ')
    article = _article(tmp_path / "a.txt")
    assert article.title is None and article.published is None
    (warning,) = article.warnings
    assert warning.startswith("sidecar a.json: invalid JSON") and warning.endswith("ignored")


def test_sidecar_wrong_types_and_bad_date(tmp_path: Path):
    _write(tmp_path / "b.txt", f"Headline\n\n4 July 2025\n\n{BODY}")
    _write(
        tmp_path / "b.json",
        '{"title": ["x"], "outlet": "The Example", "published": "4th of July", "author": "me"}',
    )
    article = _article(tmp_path / "b.txt")
    assert article.outlet == "The Example" and article.title is None
    assert (article.published, article.published_inferred) == (PartialDate(2025, 7, 4), True)  # from the text
    assert len(article.warnings) == 3
    assert all(w.startswith("sidecar b.json: ") for w in article.warnings)
    joined = " | ".join(article.warnings)
    assert "'title' must be a string" in joined and "'published' '4th of July' is not a date" in joined
    assert "unknown field(s) author" in joined


def test_sidecar_that_is_not_an_object(tmp_path: Path):
    _write(tmp_path / "c.txt", BODY)
    _write(tmp_path / "c.json", "[1, 2]")
    assert _article(tmp_path / "c.txt").warnings == (
        "sidecar c.json: expected a JSON object, found list; ignored",
    )


def test_good_sidecar_with_timestamp(tmp_path: Path):
    _write(tmp_path / "d.html", f"<html><body><article><p>{BODY}</p><p>{CURLY}</p></article></body></html>")
    _write(
        tmp_path / "d.json",
        '{"url": "https://x.example/d", "published": "2025-07-04T23:30:00-05:00", "outlet": null}',
    )
    article = _article(tmp_path / "d.html")
    assert (article.url, article.published, article.published_inferred) == (
        "https://x.example/d",
        PartialDate(2025, 7, 4),
        False,
    )
    assert article.warnings == ()


# --- encodings


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path: Path, codec: str):
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    article = _article(_write(tmp_path / "u16.txt", bom + f"{BODY}\r\n\r\n{CURLY}\r\n".encode(codec)))
    assert article.text == f"{BODY}\n\n{CURLY}"
    assert article.warnings == ()


def test_utf16_without_bom_is_read_with_a_warning(tmp_path: Path):
    article = _article(_write(tmp_path / "u16.txt", f"{BODY}\n\n{CURLY}".encode("utf-16-le")))
    assert article.text == f"{BODY}\n\n{CURLY}"
    assert article.warnings == ("no byte-order mark: read as UTF-16-LE",)


def test_utf8_bom_is_not_kept(tmp_path: Path):
    article = _article(_write(tmp_path / "bom.txt", codecs.BOM_UTF8 + CURLY.encode()))
    assert article.text == CURLY


def test_latin1_text(tmp_path: Path):
    text = (
        f"{BODY}\n\nLe ministre a déclaré à Genève que la réunion était « très utile »; the café stayed open."
    )
    article = _article(_write(tmp_path / "latin.txt", text.encode("latin-1")))
    assert article.text == text
    assert article.warnings == ("not valid UTF-8 and no usable charset declared: read as cp1252",)


def test_cp1252_curly_quotes(tmp_path: Path):
    article = _article(_write(tmp_path / "win.txt", f"{BODY}\n\n{CURLY}".encode("cp1252")))
    assert article.text == f"{BODY}\n\n{CURLY}"


def test_declared_html_charset(tmp_path: Path):
    russian = (
        "Министр иностранных дел встретился с делегацией в Москве и обсудил торговлю и безопасность. " * 3
    )
    head = '<head><meta charset="windows-1251"></head>'
    html = f"<html>{head}<body><article><p>{russian}</p></article></body></html>"
    article = _article(_write(tmp_path / "ru.html", html.encode("cp1251")))
    assert "Министр иностранных дел" in article.text
    assert article.language == "ru"
    assert any(w.startswith("language:") for w in article.warnings)


def test_utf8_cut_inside_a_character_at_the_end(tmp_path: Path):
    data = f"{BODY} Genè".encode()[:-1]  # the last character (è, two bytes) lost its second byte
    article = _article(_write(tmp_path / "cut.txt", data))
    assert article.text == f"{BODY} Gen"
    assert article.warnings == ()


# --- formats


def test_txt_holding_html_is_read_as_html(tmp_path: Path):
    nav = "<nav><a href='/'>Home</a></nav>"
    html = f"<!DOCTYPE html>\n<html><body>{nav}<article><p>{BODY}</p></article></body></html>"
    article = _article(_write(tmp_path / "saved.txt", html))
    assert article.source_format == "html"
    assert article.text == BODY
    assert article.warnings == ("text file holds an HTML page: read as HTML",)


def test_html_without_markup_is_read_as_text(tmp_path: Path):
    article = _article(_write(tmp_path / "plain.html", f"{BODY}\n\n{CURLY}"))
    assert article.source_format == "text"
    assert article.text == f"{BODY}\n\n{CURLY}"


def test_too_large_file_fails_without_being_read(tmp_path: Path):
    path = tmp_path / "huge.html"
    with path.open("wb") as out:  # sparse: the size is what counts, the file is never read
        out.truncate(MAX_BYTES + 1)
    assert _failure(path).reason == "too large: 10 MB, the limit is 10 MB"
    path.write_bytes(b"")
    with path.open("wb") as out:
        out.truncate(25 * 1024 * 1024)
    assert _failure(path).reason == "too large: 25 MB, the limit is 10 MB"
    with pytest.raises(IngestError, match="too large"):
        article_from_bytes(b" " * (MAX_BYTES + 1), doc="x", source_path="x.txt", source_format="text", sidecar=None)


def test_long_text_is_cut_at_a_paragraph_break(tmp_path: Path):
    paragraph = " ".join([BODY] * 30)  # long, distinct paragraphs: the cap, not the filter, is tested
    data = "\n\n".join(f"{n}. {paragraph}" for n in range(MAX_TEXT_CHARS // len(paragraph) + 10))
    article = _article(_write(tmp_path / "long.txt", data))
    assert MAX_TEXT_CHARS - len(paragraph) - 10 < len(article.text) <= MAX_TEXT_CHARS
    assert article.text.endswith(BODY) and article.text == data[: len(article.text)]
    assert article.warnings == (
        f"article text longer than 300,000 characters after cleaning: cut to {len(article.text):,}",
    )


def test_page_nested_deeper_than_the_parser_goes(tmp_path: Path):
    depth = 5000
    html = f"<html><body>{'<div>' * depth}<p>{BODY}</p>{'</div>' * depth}</body></html>"
    reason = _failure(_write(tmp_path / "deep.html", html)).reason
    assert reason == "no article text found after cleaning (HTML nested more than 255 elements deep: the parser stops there)"
    shallow = f"<html><body>{'<div>' * 200}<p>{BODY}</p>{'</div>' * 200}</body></html>"
    assert _article(_write(tmp_path / "shallow.html", shallow)).text == BODY


def test_control_characters_in_html(tmp_path: Path):
    """Found by the fuzzer: lxml refused the page ("All strings must be XML compatible")."""
    html = f"<html><body><p>{BODY}\x01\x0b</p><p>{CURLY}\x1f</p></body></html>"
    article = _article(_write(tmp_path / "ctl.html", html))
    assert BODY in article.text and "minister told reporters" in article.text


def test_mixed_utf8_and_cp1252(tmp_path: Path):
    data = BODY.encode() + " Café “Genève”.".encode("cp1252") + "\n\nThe talks – in Genève – went on.".encode()
    article = _article(_write(tmp_path / "mixed.txt", data))
    assert article.text == f"{BODY} Café “Genève”.\n\nThe talks – in Genève – went on."
    assert article.warnings == ("mixed encodings: read as UTF-8, with the bytes that are not UTF-8 read as cp1252",)


def test_chinese_text_is_read_and_marked_not_dropped(tmp_path: Path):
    chinese = "俄罗斯周四成为第一个正式承认阿富汗塔利班政府的国家，俄罗斯外交部在一份声明中表示。" * 2
    article = _article(_write(tmp_path / "zh.txt", chinese))
    assert article.language == "zh" and article.text == chinese
    assert article.warnings[-1].startswith("language: mostly non-Latin script, best guess 'zh'")


def test_future_sidecar_date_is_ignored_with_a_warning(tmp_path: Path):
    _write(tmp_path / "f.txt", f"Headline\n\n4 July 2025\n\n{BODY}")
    _write(tmp_path / "f.json", '{"published": "2999-01-01"}')
    article = _article(tmp_path / "f.txt")
    assert (article.published, article.published_inferred) == (PartialDate(2025, 7, 4), True)  # from the text
    assert article.warnings == ("sidecar f.json: 'published' '2999-01-01' is in the future; ignored",)


# --- a batch


def test_the_batch_goes_on(tmp_path: Path):
    _write(tmp_path / "a_good.txt", BODY)
    _write(tmp_path / "b_empty.txt", "")
    _write(tmp_path / "c_binary.html", b"\x00" * 100)
    _write(tmp_path / "d_sidecar.txt", BODY)
    _write(tmp_path / "d_sidecar.json", "{not json")
    _write(tmp_path / "e_utf16.txt", codecs.BOM_UTF16_LE + BODY.encode("utf-16-le"))
    _write(tmp_path / "f_latin1.txt", (BODY + " Genève.").encode("latin-1"))
    loop = tmp_path / "g_sub"
    loop.mkdir()
    _write(loop / "h_nested.txt", BODY)
    (loop / "back").symlink_to(tmp_path, target_is_directory=True)  # a symlink loop
    results = _read(tmp_path)
    outcome = [
        (Path(r.path).name, r.reason) if isinstance(r, IngestFailure) else (r.doc, "ok") for r in results
    ]
    assert outcome == [
        ("a_good", "ok"),
        ("b_empty.txt", "empty file"),
        ("c_binary.html", "binary file (NUL bytes)"),
        ("d_sidecar", "ok"),
        ("e_utf16", "ok"),
        ("f_latin1", "ok"),
        ("h_nested", "ok"),
    ]
    assert results[3].warnings and results[3].warnings[0].startswith("sidecar d_sidecar.json: invalid JSON")


def test_control_characters_are_those_of_unicode():
    """The share of non-text counts the replacement character and every control character
    (Unicode category Cc) except the five blanks, as the Unicode database says, code point by code point."""
    import unicodedata

    from dipwatch.ingest.decode import _control_share

    for code in range(0x110000):
        if 0xD800 <= code < 0xE000:
            continue
        c = chr(code)
        expected = c == "\ufffd" or (unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
        assert _control_share(c) == float(expected), hex(code)
