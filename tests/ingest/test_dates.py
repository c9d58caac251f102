"""Publication dates: sidecar > HTML metadata > cues in the text; never a guess from today."""

from __future__ import annotations

import datetime as dt

import pytest

from dipwatch.ingest import article_from_bytes
from dipwatch.ingest.dates import date_from_metadata, date_from_text, publication_date
from dipwatch.ingest.sidecar import parse_published
from dipwatch.records import PartialDate

TODAY = dt.date(2026, 1, 15)
BODY = "The two ministers met in the capital and agreed to resume talks on trade and transit routes."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KABUL, July 4, 2025 (Reuters) – " + BODY, PartialDate(2025, 7, 4)),
        ("Headline here\n\nJuly 4, 2025\n\n" + BODY, PartialDate(2025, 7, 4)),
        ("Headline here\n\nBy Jane Roe | 4 July 2025\n\n" + BODY, PartialDate(2025, 7, 4)),
        (BODY + "\n\nUpdate 08/16/22, 5:04 p.m. ET: This article was updated.", PartialDate(2022, 8, 16)),
        (BODY + "\n\nUpdate 08/16/22 3:45 PM", PartialDate(2022, 8, 16)),
        ("Headline\n\nUpdated 16/08/22\n\n" + BODY, PartialDate(2022, 8, 16)),  # day first when it must be
        ("Headline\n\nPublished: Tuesday 15 July 2025, 14:32 UTC — Updated 16 July 2025\n\n" + BODY,
         PartialDate(2025, 7, 15)),
        ("Headline\n\nUpdated 16 July 2025\n\n" + BODY + "\n\nFirst published: 15 July 2025",
         PartialDate(2025, 7, 15)),
        ("Headline\n\n22 Sep, 2025 06:00 PM8 mins to read\n\n" + BODY, PartialDate(2025, 9, 22)),
        ("Headline\n\nSep 22, 2025\n\n" + BODY, PartialDate(2025, 9, 22)),
        ("Headline\n\nPublished: July 2025\n\n" + BODY, PartialDate(2025, 7)),
        ("Headline\n\nDate: 2025-07-04\n\n" + BODY, PartialDate(2025, 7, 4)),
    ],
)  # fmt: skip
def test_text_cues(text: str, expected: PartialDate):
    assert date_from_text(text, today=TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        BODY,  # no cue at all
        "On Friday, July 4, 2025, Russia became the first country to recognise the new government there.",
        "The embassy posted on July 4, 2025 a statement about the talks, which were held in the capital.",
        "KABUL, July 4 (Reuters) – " + BODY,  # no year, and no copyright year to complete it
        "Headline\n\nPublished 3 hours ago\n\n" + BODY,  # relative to a today we do not know
        "Headline\n\nJuly 4, 2099\n\n" + BODY,  # in the future
        "Headline\n\n— A. Person (@someone) July 4, 2025\n\n" + BODY,  # an embedded post's signature
        "Headline\n\nFebruary 30, 2025\n\n" + BODY,  # not a calendar date
    ],
)  # fmt: skip
def test_no_cue_gives_none(text: str):
    assert date_from_text(text, today=TODAY) is None


def test_yearless_dateline_takes_the_pages_copyright_year():
    text = "KABUL, July 4 (Reuters) – " + BODY
    assert date_from_text(text, page="<p>&copy; 2025 Agency</p>", today=TODAY) == PartialDate(2025, 7, 4)


def test_dates_only_in_the_middle_of_a_long_text_are_ignored():
    filler = "\n\n".join([BODY] * 30)  # far beyond the head and tail regions
    assert date_from_text(f"{filler}\n\nJuly 4, 2025\n\n{filler}", today=TODAY) is None


def test_the_byline_area_above_the_article_counts():
    assert date_from_text(BODY, header="Home\nWorld\nBy Jane Roe\nSep 22, 2025", today=TODAY) == PartialDate(
        2025, 9, 22
    )


def test_order_sidecar_then_metadata_then_text():
    text = "Headline\n\nJuly 4, 2025\n\n" + BODY
    sidecar = PartialDate(2025, 7)
    assert publication_date(sidecar, metadata="2025-07-03", text=text, today=TODAY) == (sidecar, False)
    assert publication_date(None, metadata="2025-07-03", text=text, today=TODAY) == (
        PartialDate(2025, 7, 3),
        True,
    )
    assert publication_date(None, metadata=None, text=text, today=TODAY) == (PartialDate(2025, 7, 4), True)
    assert publication_date(None, metadata="2099-01-01", text=BODY, today=TODAY) == (None, False)


def test_metadata_dates():
    assert date_from_metadata("2025-07-15T10:00:00+00:00", today=TODAY) == PartialDate(2025, 7, 15)
    assert date_from_metadata("2025", today=TODAY) == PartialDate(2025)
    assert date_from_metadata("yesterday", today=TODAY) is None
    assert date_from_metadata(None, today=TODAY) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025", PartialDate(2025)),
        ("2025-07", PartialDate(2025, 7)),
        ("2025-07-04", PartialDate(2025, 7, 4)),
        ("2025-07-04T23:30:00-05:00", PartialDate(2025, 7, 4)),  # the day where it was published
        ("2025-07-04T10:00:00Z", PartialDate(2025, 7, 4)),
        (" 2025-07-04 ", PartialDate(2025, 7, 4)),
    ],
)
def test_sidecar_published_formats(value: str, expected: PartialDate):
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    "value", ["July 2025", "2025-13", "2025-02-30", "25-07-04", "2025-07-04xyz", "2025-07-04T25:00"]
)
def test_sidecar_published_rejects(value: str):
    with pytest.raises(ValueError):
        parse_published(value)


def test_sidecar_date_is_not_inferred_and_text_date_is():
    data = f"Headline\n\n22 Sep, 2025\n\n{BODY}".encode()
    with_sidecar = article_from_bytes(data, doc="a", source_path="a.txt", source_format="text",
                                      sidecar={"published": "2025-09"})  # fmt: skip
    assert (with_sidecar.published, with_sidecar.published_inferred) == (PartialDate(2025, 9), False)
    without = article_from_bytes(data, doc="a", source_path="a.txt", source_format="text", sidecar=None)
    assert (without.published, without.published_inferred) == (PartialDate(2025, 9, 22), True)


def test_an_update_stamp_yields_to_a_date_line():
    text = "Headline\n\nUpdated 16 July 2025\n\nBy Jane Roe\n\n15 July 2025\n\n" + BODY
    assert date_from_text(text, today=TODAY) == PartialDate(2025, 7, 15)
    assert date_from_text("Headline\n\nUpdated 16 July 2025\n\n" + BODY, today=TODAY) == PartialDate(
        2025, 7, 16
    )
