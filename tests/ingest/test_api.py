"""The stage's public face: what `dipwatch.ingest` exports."""

from __future__ import annotations

import inspect

import dipwatch.ingest as ingest
from dipwatch.errors import DipwatchError


def _isort_key(name: str) -> tuple[int, str]:
    """CONSTANTS, then Classes, then functions (ruff's RUF022 order)."""
    return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)


def test_all_is_sorted_and_complete():
    assert ingest.__all__ == sorted(ingest.__all__, key=_isort_key)
    assert {"read_articles", "article_from_bytes", "find_sources", "IngestError", "SourceFile"} <= set(
        ingest.__all__
    )
    assert all(hasattr(ingest, name) for name in ingest.__all__)


def test_signatures():
    params = inspect.signature(ingest.article_from_bytes).parameters
    assert list(params) == ["data", "doc", "source_path", "source_format", "sidecar"]
    assert all(p.kind is p.KEYWORD_ONLY for name, p in params.items() if name != "data")


def test_ingest_error_carries_a_reason():
    error = ingest.IngestError("empty file")
    assert error.reason == "empty file" and str(error) == "empty file"
    assert isinstance(error, DipwatchError)
