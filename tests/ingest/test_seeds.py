"""The five real seed pages: gold evidence survives cleaning verbatim, furniture does not.

The checks count furniture by its kind (lines of ads, menus, credits, blocks after a "More from"
heading); no seed sentence is copied here.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path

from dipwatch.ingest import read_articles
from dipwatch.ingest.clean import normalise_lines
from dipwatch.ingest.furniture import load_rules
from dipwatch.records import Article, PartialDate

FURNITURE_WORDS = re.compile(
    r"Advertisement|Advertise with|Subscribe|Sign up|Sign In|Share this article|Opens in new window"
    r"|Photograph:|Photo /|Photo by|Getty Images|REUTERS/|Copyright|©|Read more|Click here|About the writer",
)


def _paragraphs(article: Article) -> list[str]:
    return article.text.split("\n\n")


def test_every_gold_evidence_is_in_the_cleaned_text(seed_articles, gold_evidence):
    found = total = 0
    missing = []
    for doc, evidence in gold_evidence.items():
        text = seed_articles[doc].text
        for sentence in evidence:
            total += 1
            start = text.find(sentence)
            if start >= 0 and text[start : start + len(sentence)] == sentence:
                found += 1
            else:
                missing.append((doc, sentence[:60]))
    assert not missing, missing
    assert found == total


def test_all_gold_events_are_covered(seed_articles, seeds_dir):
    """148/148 counted per event (not per distinct sentence), as the scorer would."""
    gold = seeds_dir.parent / "seeds-gold" / "events.jsonl"
    events = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    covered = sum(event["evidence"] in seed_articles[event["doc"]].text for event in events)
    assert covered == len(events) >= 148


def test_no_furniture_words_survive(seed_articles):
    leaks = {doc: FURNITURE_WORDS.findall(a.text) for doc, a in seed_articles.items()}
    assert all(not found for found in leaks.values()), leaks


def test_no_menu_lines_or_runs_of_short_lines(seed_articles):
    rules = load_rules()
    limit = rules.limits
    for doc, article in seed_articles.items():
        paragraphs = _paragraphs(article)
        bullets = [p for p in paragraphs if p.startswith(("•", "·"))]
        assert not bullets, (doc, len(bullets))
        short = [
            len(p.split()) <= limit["menu_max_words"] and not p.endswith((".", "?", "!")) for p in paragraphs
        ]
        longest = run = 0
        for is_short in short:
            run = run + 1 if is_short else 0
            longest = max(longest, run)
        assert longest < limit["menu_min_run"], (doc, longest)


def test_no_line_is_whole_line_furniture(seed_articles):
    rules = load_rules()
    for doc, article in seed_articles.items():
        dropped = [p for p in _paragraphs(article) if rules.drop_lines.fullmatch(p)]
        credits = [
            p for p in _paragraphs(article) if len(p.split()) <= 14 and rules.credit_lines.fullmatch(p)
        ]
        assert not dropped and not credits, (doc, dropped, credits)


def test_nothing_after_a_more_from_heading_survives(seed_articles, seeds_dir):
    """Lines below a "More from"/"Latest from"/… heading of the raw page are all gone (unless the
    same line also stands above the heading)."""
    rules = load_rules()
    checked = 0
    for doc, article in seed_articles.items():
        lines = normalise_lines((seeds_dir / f"{doc}.txt").read_text(encoding="utf-8"))
        headings = [
            i for i, line in enumerate(lines)
            if line and len(line.split()) <= 8
            and any(line.lower().startswith(h) for h in rules.block_headings)
            and i > len(lines) // 3  # a block at the end, not a menu entry at the top
        ]  # fmt: skip
        if not headings:
            continue
        checked += 1
        above = set(lines[: headings[0]])
        below = [line for line in lines[headings[0] :] if line and line not in above]
        kept = set(_paragraphs(article))
        assert below, doc
        survivors = [line for line in below if line in kept]
        assert not survivors, (doc, len(survivors))
        assert not any(p.lower().startswith(("more from", "latest from")) for p in kept)
    assert checked >= 3  # 000 (More from), 002 (Uncommon Knowledge/About the writer), 004 (Latest from)


def test_no_paragraph_is_repeated_back_to_back(seed_articles):
    for doc, article in seed_articles.items():
        paragraphs = _paragraphs(article)
        assert all(a != b for a, b in itertools.pairwise(paragraphs)), doc
        assert all(p == p.strip() and p for p in paragraphs), doc
        assert "\n\n\n" not in article.text


def test_published_date_is_the_sidecars(seed_articles, seeds_dir):
    for doc, article in seed_articles.items():
        sidecar = json.loads((seeds_dir / f"{doc}.json").read_text(encoding="utf-8"))
        assert article.published == PartialDate.parse(sidecar["published"]), doc
        assert article.published_inferred is False
        assert article.title == sidecar["title"]
        assert article.outlet == sidecar["outlet"]


def test_seed_records_are_complete(seed_articles):
    assert sorted(seed_articles) == [
        "000_f191f3fc6c3b0068", "001_584bae969a21d83e", "002_573d4a9cb6c87884",
        "003_591717c111f8b8c7", "004_d2aa485f0b90808d",
    ]  # fmt: skip
    for article in seed_articles.values():
        assert article.source_format == "text"
        assert article.language == "en"
        assert article.warnings == ()
        assert len(article.content_hash) == 64


def test_cleaning_shrinks_the_furnished_pages(seed_articles, seeds_dir):
    """Non-space characters: the pages with menus and teaser blocks lose a good share."""

    def solid(text: str) -> int:
        return len(re.sub(r"\s", "", text))

    share = {
        doc: solid(a.text) / solid((seeds_dir / f"{doc}.txt").read_text(encoding="utf-8"))
        for doc, a in seed_articles.items()
    }
    assert share["004_d2aa485f0b90808d"] < 0.6  # 340 lines of menus, teasers, footer
    assert share["000_f191f3fc6c3b0068"] < 0.7  # a "More from" block of three teasers
    assert all(0.5 < s <= 1.0 for doc, s in share.items() if doc != "004_d2aa485f0b90808d"), share


def test_dates_are_inferred_without_sidecars(seeds_dir, tmp_path: Path):
    """Without sidecars: 002's "Update 08/16/22" and 004's "22 Sep, 2025" byline are found; the other
    three state no publication date and stay None (never today, never a date from the prose)."""
    for page in seeds_dir.glob("*.txt"):
        shutil.copy(page, tmp_path / page.name)
    found = {a.doc[:3]: (a.published, a.published_inferred) for a in read_articles([tmp_path])}
    assert found == {
        "000": (None, False),
        "001": (None, False),
        "002": (PartialDate(2022, 8, 16), True),
        "003": (None, False),
        "004": (PartialDate(2025, 9, 22), True),
    }
