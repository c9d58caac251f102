"""Load on loopback, the short form of bench/load.py (bench/LOAD.md has the 60 s runs): the real
`dipwatch serve` (uvicorn, FastAPI, SQLite, in its own process) over the sample database, 200
concurrent clients on /api/status and /api/events for 5 s, with no error. And the cache that makes
it fast: /api/status follows a document as soon as it is stored, by POST or by `dipwatch ingest`
in another process."""

from __future__ import annotations

import importlib.util
import sqlite3
import sys
from pathlib import Path
from types import ModuleType

import httpx
import pytest
from typer.testing import CliRunner

from dipwatch.serve.api import create_app, open_store
from dipwatch.serve.cli import app

from .conftest import live_server

BENCH = Path(__file__).resolve().parents[2] / "bench" / "load.py"
TOKEN = "load-test-token"
ARTICLE = """Fiji opens ties

SUVA — Fiji's foreign minister met Amir Khan Muttaqi in Kabul on Monday to discuss sugar exports, the Taliban said.
"""


@pytest.fixture(scope="module")
def load() -> ModuleType:
    """bench/load.py, imported by its path (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("dipwatch_bench_load", BENCH)
    assert spec and spec.loader, BENCH
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_200_clients_for_5_seconds_without_an_error(load, sample_db):
    with load.serve(sample_db) as (url, pid):
        result = load.run_load(url, clients=200, seconds=5, timeout=30, server_pid=pid)
    report = result.as_dict()
    print(load.table(report))
    assert result.errors == 0, report["error_samples"]
    assert result.requests >= 300, report
    assert min(result.per_client) >= 1 and report["per_client"]["without_a_request"] == 0
    status, events = report["endpoints"]["/api/status"], report["endpoints"]["/api/events"]
    assert status["ok"] >= 100 and events["ok"] >= 100  # half the clients begin with each
    assert result.ok


def _fiji(status: dict) -> list[dict]:
    return [row for row in status["rows"] if row["country"] == "FJI"]


def _copy(source: Path, target: Path) -> Path:
    """A whole copy of an SQLite database (a file copy would miss what is still in its -wal)."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return target


def test_cached_status_follows_an_ingest_in_another_process(load, sample_db, tmp_path):
    db = _copy(sample_db, tmp_path / "live.db")
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "fiji.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "new" / "fiji.json").write_text('{"outlet": "Pacific Wire", "published": "2025-11-03"}', encoding="utf-8")
    with load.serve(db) as (url, _), httpx.Client(base_url=url, timeout=30) as client:
        before = [client.get("/api/status").json() for _ in range(3)]  # computed once, then from the cache
        assert before[0] == before[1] == before[2] and len(before[0]["rows"]) > 5 and not _fiji(before[0])
        june = client.get("/api/status", params={"as_of": "2025-06-30"}).json()
        old_map = client.get("/api/map").json()
        ingested = CliRunner().invoke(app, ["ingest", str(tmp_path / "new"), "--db", str(db)])
        assert ingested.exit_code == 0 and "1 new" in ingested.output, ingested.output
        after = client.get("/api/status").json()
        assert [row["level"] for row in _fiji(after)] == [2], _fiji(after)
        assert len(after["rows"]) == len(before[0]["rows"]) + 1
        assert client.get("/api/status", params={"as_of": "2025-06-30"}).json() == june  # recomputed: the same
        assert client.get("/api/map").json() != old_map


def test_cached_status_follows_a_posted_document(sample_db, tmp_path):
    db = _copy(sample_db, tmp_path / "writable.db")
    application = create_app(open_store(str(db), writable=True), writable=True, token=TOKEN)
    with live_server(application) as url, httpx.Client(base_url=url, timeout=120) as client:
        assert not _fiji(client.get("/api/status").json())
        gzipped = client.get("/api/status")  # a hit: the stored gzip, decoded by httpx
        assert gzipped.headers.get("content-encoding") == "gzip" and not _fiji(gzipped.json()), (gzipped.headers, gzipped.request.headers)
        body = {"text": ARTICLE, "outlet": "Pacific Wire", "published": "2025-11-03"}
        posted = client.post("/api/documents", json=body, headers={"authorization": f"Bearer {TOKEN}"})
        assert posted.status_code == 201, posted.text
        plain = client.get("/api/status", headers={"accept-encoding": "identity"})
        assert "content-encoding" not in plain.headers and plain.headers["vary"] == "Accept-Encoding"
        assert [row["level"] for row in _fiji(plain.json())] == [2]
        assert plain.headers["x-content-type-options"] == "nosniff" and "script-src 'self'" in plain.headers["content-security-policy"]
    answers = application.state.answers
    assert answers.misses >= 2 and answers.hits >= 1
