"""Fixtures for the scale tests: the sample corpus ingested in this process (the reference run),
and a fresh PostgreSQL database per test.

PostgreSQL is real: `.ci/run` installs and starts Debian's server and exports
`DIPWATCH_TEST_POSTGRES` (a URL whose role may create databases). Without it the PostgreSQL
tests skip, unless `DIPWATCH_REQUIRE_POSTGRES=1` (set by `.ci/run`) makes them fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from dipwatch.export import write_jsonl
from dipwatch.pipeline import ingest_paths
from dipwatch.store import Store

SAMPLE = Path(str(resources.files("dipwatch").joinpath("sample_corpus")))


def export_of(store: Store) -> str:
    """The EVENTS.md export of a store, as the bytes `dipwatch export` writes."""
    import io

    out = io.StringIO()
    write_jsonl(store.iter_events(), out)
    return out.getvalue()


@pytest.fixture(scope="session")
def reference_export(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample corpus ingested in this process, one document after another."""
    store = Store.open(tmp_path_factory.mktemp("reference") / "reference.db")
    report = ingest_paths([SAMPLE], store)
    assert report.count("new") == 16 and not report.failed
    return export_of(store)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A new, empty PostgreSQL database, dropped after the test."""
    base = os.environ.get("DIPWATCH_TEST_POSTGRES")
    if not base:
        if os.environ.get("DIPWATCH_REQUIRE_POSTGRES") == "1":
            pytest.fail("DIPWATCH_REQUIRE_POSTGRES=1 but DIPWATCH_TEST_POSTGRES is not set")
        pytest.skip("no PostgreSQL server (set DIPWATCH_TEST_POSTGRES to a URL, as .ci/run does)")
    name = f"dipwatch_t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
