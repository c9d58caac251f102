"""Fixtures for the ingest tests: the repository's source on the path, the shared seed corpus."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PAGES = Path(__file__).resolve().parent / "pages"
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
GOLD = REPO.parent / "shared" / "corpus" / "seeds-gold" / "events.jsonl"

try:  # until the package is installed (pip install -e .), import it from src/
    import dipwatch.ingest  # noqa: F401
except ImportError:
    sys.path.insert(0, str(REPO / "src"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"seed corpus not found at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def gold_evidence(seeds_dir: Path) -> dict[str, set[str]]:
    """doc -> the evidence strings of its gold events."""
    if not GOLD.is_file():
        pytest.skip(f"seed gold not found at {GOLD}")
    evidence: dict[str, set[str]] = defaultdict(set)
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if line.strip():
            event = json.loads(line)
            evidence[event["doc"]].add(event["evidence"])
    return dict(evidence)


@pytest.fixture(scope="session")
def seed_articles(seeds_dir: Path):
    """doc -> Article for the five seed pages, read once."""
    from dipwatch.ingest import read_articles
    from dipwatch.records import Article

    articles = {}
    for item in read_articles([seeds_dir]):
        assert isinstance(item, Article), item
        articles[item.doc] = item
    return articles
