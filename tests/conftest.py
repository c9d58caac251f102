"""Shared fixtures: the real knowledge, the real spaCy pipeline, a real SQLite store."""

from __future__ import annotations

from pathlib import Path

import pytest

from dipwatch.knowledge import Knowledge, load_knowledge
from dipwatch.nlp import load_nlp
from dipwatch.records import Article, PartialDate
from dipwatch.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test cleanly where shared/ is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture(scope="session")
def nlp(knowledge):
    return load_nlp(knowledge=knowledge)


@pytest.fixture
def store(tmp_path) -> Store:
    return Store.open(tmp_path / "test.db")


def make_article(text: str, published: str | None = "2025-08-10", doc: str = "test") -> Article:
    return Article(
        doc=doc, text=text, content_hash=f"hash-{hash(text)}", source_path=f"{doc}.txt", source_format="text",
        published=PartialDate.parse(published) if published else None,
    )


@pytest.fixture
def extract(knowledge, nlp):
    """Run the extractor on a text written for the test; returns the events."""
    from dipwatch.extract import extract_events

    def run(text: str, published: str | None = "2025-08-10"):
        article = make_article(text, published)
        return extract_events(article, nlp(article.text), knowledge)

    return run


def triples(events) -> set[tuple[str, str, str, str]]:
    return {(e.actor, str(e.type), e.target, str(e.status)) for e in events}

