"""The cleaner on synthetic pages: what it removes, what it keeps, and that it changes no character."""

from __future__ import annotations

from pathlib import Path

import pytest

from dipwatch.ingest import article_from_bytes, read_articles
from dipwatch.ingest.clean import clean_html, clean_text
from dipwatch.records import Article, PartialDate

from .conftest import PAGES


def _one(path: Path) -> Article:
    (item,) = read_articles([path])
    assert isinstance(item, Article), item
    return item


# --- the synthetic plain-text page: menus, ads, share bars, a "More from" block, a footer


@pytest.fixture(scope="module")
def text_page() -> Article:
    return _one(PAGES / "menu_more_from.txt")


def test_text_page_keeps_the_body(text_page: Article):
    """Exactly the headline, byline, one caption (credit cut) and the article's paragraphs remain."""
    paragraphs = text_page.text.split("\n\n")
    assert paragraphs[:4] == [
        "Genovia hosts talks between Freedonia and Sylvania",
        "Mira Vance",
        "Published: Monday 3 March 2025",
        "The delegations of Freedonia and Sylvania arrive at the palace in Genovia on March 2nd.",
    ]
    assert [p.split()[0] for p in paragraphs[4:]] == [
        "Genovia",
        "Officials",
        "“Nobody",
        "A",
        "Freedonia",
        "The",
    ]
    assert "A long road" in paragraphs  # a subheading inside the article stays
    assert text_page.text.endswith("would take place in Freedonia in the summer.")


def test_text_page_drops_the_teasers_and_furniture(text_page: Article):
    text = text_page.text
    for teaser in ("Storm leaves thousands", "recognises the breakaway", "Central bank", "Ferry strike"):
        assert teaser not in text
    for furniture in (
        "cookies", "The Harbour Courier", "Sections", "Subscribe", "Advertisement", "Home / World",
        "Share", "Photograph:", "Getty", "Story continues", "Read more", "Related:", "newsletter",
        "WhatsApp", "More from", "Most read", "Privacy", "©",
    ):  # fmt: skip
        assert furniture not in text, furniture


def test_text_page_keeps_one_caption_without_its_credit(text_page: Article):
    caption = "The delegations of Freedonia and Sylvania arrive at the palace in Genovia on March 2nd."
    assert text_page.text.count(caption) == 1
    assert caption + "\n\n" in text_page.text


def test_text_page_offsets_point_into_the_returned_text(text_page: Article):
    sentence = "Officials said the ministers agreed to set up a joint commission on the border"
    start = text_page.text.index(sentence)
    assert text_page.text[start : start + len(sentence)] == sentence
    assert text_page.content_hash == __import__("hashlib").sha256(text_page.text.encode()).hexdigest()


def test_text_page_date_comes_from_its_byline(text_page: Article):
    assert text_page.published == PartialDate(2025, 3, 3)
    assert text_page.published_inferred is True
    assert text_page.source_format == "text"


def test_characters_are_kept_and_spaces_tidied():
    raw = "Title\r\n\r\n  The minister\u00a0said \u201cyes\u201d \t\u2013 and\u2009then\u2026 left.\n"
    cleaned = clean_text(raw)
    assert cleaned.text == "Title\n\nThe minister said \u201cyes\u201d \u2013 and then\u2026 left."


# --- photo credits and repeated captions


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("Ministers meet in Oslo on May 2nd. Photograph: Kari Lund/AFP via Getty Images",
         "Ministers meet in Oslo on May 2nd."),
        ("A guard at the gate, even at night. Photo / Ann Berg, The Daily Example",
         "A guard at the gate, even at night."),
        ("Crowds gathered in the square at... Photo by JON DOE/AFP via Getty Images",
         "Crowds gathered in the square at..."),
        ("The envoy arrives in the capital on June 1, 2024. REUTERS/Sam Kerr",
         "The envoy arrives in the capital on June 1, 2024."),
        ("The minister’s speech ended the session.” – Copyright The Example Times 2025",
         "The minister’s speech ended the session.”"),
    ],
)  # fmt: skip
def test_trailing_credits_are_cut(line: str, kept: str):
    body = "The talks went on late into the night, with both delegations reporting progress on trade."
    assert clean_text(f"{body}\n\n{line}").text == f"{body}\n\n{kept}"


@pytest.mark.parametrize(
    "credit",
    ["REUTERS/Ali Example", "Getty Images", "AFP via Getty Images", "Kyodo via Reuters Connect",
     "Jane Roe/NurPhoto", "Photograph: Jane Roe/AP", "(Photo: Jane Roe)"],
)  # fmt: skip
def test_credit_lines_are_dropped(credit: str):
    body = "The foreign minister arrived in the capital on Tuesday for two days of talks on border trade."
    assert clean_text(f"{credit}\n\n{body}\n\n{credit}").text == body


def test_a_sentence_that_names_an_agency_is_kept():
    line = "Reuters reported that the two ministers met for three hours on Tuesday."
    assert clean_text(line).text == line


def test_repeated_caption_is_kept_once_even_across_a_blank_line():
    caption = "Soldiers stand guard outside the ministry in the capital on Monday."
    body = "The ministry said the talks would resume next week after a pause of several months."
    assert clean_text(f"{caption}\n\n{caption}\n\n{body}").text == f"{caption}\n\n{body}"


# --- menus, blocks, headings


def test_menu_runs_and_separator_bars_are_dropped():
    page = "\n".join(["Home", "World", "Politics", "Business", "Sport", "Home | World | Business | Sport"])
    body = "Sylvania’s parliament approved the treaty by a wide margin on Thursday, officials said."
    assert clean_text(f"{page}\n\n{body}").text == body


def test_bullets_that_are_sentences_stay():
    bullets = "- On Monday, the two ministers agreed to reopen their consulates.\n- Trade talks will follow."
    assert clean_text(bullets).text == bullets.replace("\n", "\n\n")


def test_a_block_in_the_middle_ends_at_a_resume_marker():
    first = "The ministers met for six hours and agreed to meet again in the spring, officials said. " * 3
    block = "More from World\n\nA teaser about another story\n\nStory continues below"
    page = f"{first}\n\n{block}\n\nThe article goes on."
    assert clean_text(page).text == f"{first.strip()}\n\nThe article goes on."


def test_a_heading_before_any_article_text_only_drops_itself():
    body = "The two governments signed the agreement on Friday after months of negotiation in Geneva."
    assert clean_text(f"Latest news\n\n{body}").text == body


def test_hard_wrapped_text_is_joined_into_paragraphs():
    para1 = ("The foreign ministers of Freedonia and Sylvania met in Genovia on Sunday for their\n"
             "first direct talks in three years, officials from both countries said after the\n"
             "meeting, which lasted most of the afternoon.")  # fmt: skip
    para2 = ("The two sides agreed to set up a joint border commission and to exchange lists of\n"
             "detained fishermen before the end of the month.")  # fmt: skip
    cleaned = clean_text(f"{para1}\n\n{para2}\n")
    assert cleaned.text == f"{para1.replace(chr(10), ' ')}\n\n{para2.replace(chr(10), ' ')}"


# --- HTML


@pytest.fixture(scope="module")
def html_page() -> Article:
    return _one(PAGES / "nav_aside.html")


def test_html_keeps_the_body_and_drops_nav_aside_ads(html_page: Article):
    text = html_page.text
    assert html_page.source_format == "html"
    assert "agreed on Monday to reopen their consulates in each other’s capitals" in text
    assert "“We have turned a page,” the Sylvanian foreign minister" in text
    assert text.endswith("had not consulted parliament.")
    for furniture in ("Politics", "Weather", "cookies", "Advertisement", "Read more", "More from",
                      "Storm batters", "Central bank", "rights reserved", "Privacy"):  # fmt: skip
        assert furniture not in text, furniture
    assert all(p.strip() == p and p for p in text.split("\n\n"))


def test_html_metadata(html_page: Article):
    assert html_page.published == PartialDate(2024, 11, 5)
    assert html_page.published_inferred is True  # from article:published_time, not a sidecar
    assert html_page.title == "Freedonia and Sylvania agree to reopen consulates"
    assert html_page.outlet == "The Northern Ledger"
    assert html_page.url == "https://ledger.example/world/2024/freedonia-sylvania-consulates"


def test_html_sidecar_wins_over_metadata():
    data = (PAGES / "nav_aside.html").read_bytes()
    sidecar = {"published": "2024-11", "outlet": "Ledger (print)", "title": "Consulates to reopen"}
    article = article_from_bytes(data, doc="x", source_path="x.html", source_format="html", sidecar=sidecar)
    assert (article.published, article.published_inferred) == (PartialDate(2024, 11), False)
    assert (article.outlet, article.title) == ("Ledger (print)", "Consulates to reopen")


def test_html_without_metadata_ignores_teaser_dates():
    """The only dates left are in the "More from" aside: no publication date, nothing guessed."""
    html = (PAGES / "nav_aside.html").read_text(encoding="utf-8")
    html = html.replace('<meta property="article:published_time" content="2024-11-05T08:30:00+00:00">', "")
    html = html.replace("/world/2024/", "/world/").replace("© 2024", "©")
    article = article_from_bytes(
        html.encode(), doc="x", source_path="x.html", source_format="html", sidecar=None
    )
    assert (article.published, article.published_inferred) == (None, False)


def test_html_byline_date_is_found_above_the_article():
    html = (PAGES / "nav_aside.html").read_text(encoding="utf-8")
    html = html.replace('<meta property="article:published_time" content="2024-11-05T08:30:00+00:00">', "")
    html = html.replace("By Ada Quill, diplomatic correspondent", "By Ada Quill | Published 4 November 2024")
    cleaned = clean_html(html)
    assert "Published 4 November 2024" in cleaned.header
    article = article_from_bytes(
        html.encode(), doc="x", source_path="x.html", source_format="html", sidecar=None
    )
    assert (article.published, article.published_inferred) == (PartialDate(2024, 11, 4), True)


def test_html_read_more_lines_leaked_by_trafilatura_are_filtered():
    paragraph = (
        "<p>The envoy said the ministers would meet again in the spring to sign the trade agreement.</p>"
    )
    leak = "<p>Read more: A different story about rail fares</p>"
    html = f"<html><body><article>{paragraph * 3}{leak}{paragraph}</article></body></html>"
    cleaned = clean_html(html)
    assert "Read more" not in cleaned.text
    assert "rail fares" not in cleaned.text
    assert "meet again in the spring" in cleaned.text


def test_short_lines_of_a_hard_wrapped_text_stay_apart():
    head = "Genovia hosts talks\nBy Mira Vance\nPublished: 3 March 2025"
    para = ("The foreign ministers of Freedonia and Sylvania met in Genovia on Sunday for their\n"
            "first direct talks in three years, officials from both countries said after the\n"
            "meeting, which lasted most of the afternoon and ended with a joint statement on\n"
            "the border.")  # fmt: skip
    cleaned = clean_text(f"{head}\n\n{para}\n")
    assert cleaned.text.split("\n\n") == [*head.split("\n"), para.replace("\n", " ")]


def test_html_more_from_block_inside_the_article_is_cut():
    """trafilatura keeps a teaser list that sits inside <article>; the post-filter cuts it."""
    html = (PAGES / "nav_aside.html").read_text(encoding="utf-8")
    html = html.replace('</article>\n<aside class="related">', '<div class="more">')
    html = html.replace("</ul>\n</aside>", "</ul></div></article>")
    cleaned = clean_html(html)
    assert "Storm batters" not in cleaned.text and "Central bank" not in cleaned.text
    assert "More from" not in cleaned.text
    assert cleaned.text.endswith("had not consulted parliament.")
