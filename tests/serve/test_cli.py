"""The command line end to end, as a user runs it: real files, real NLP, real SQLite."""

from __future__ import annotations

import csv
import io
import json

from typer.testing import CliRunner

from dipwatch.serve.cli import app
from tests.serve.test_load import _copy

runner = CliRunner()

ARTICLE = """Moscow decision

Russia formally recognised the Taliban government on Thursday, the Kremlin said.

India has not recognised the Taliban, but it reopened its embassy in Kabul in 2022.
"""


def _write(folder, name, text, sidecar=None):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    if sidecar is not None:
        path.with_suffix(".json").write_text(json.dumps(sidecar), encoding="utf-8")
    return path


def test_ingest_then_reingest_is_a_no_op(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    _write(pages, "a.txt", ARTICLE, {"published": "2025-07-05", "outlet": "Test Wire"})
    db = str(tmp_path / "x.db")
    first = runner.invoke(app, ["ingest", str(pages), "--db", db])
    assert first.exit_code == 0, first.output
    assert "1 new, 0 already known, 0 failed" in first.output
    second = runner.invoke(app, ["ingest", str(pages), "--db", db])
    assert "0 new, 1 already known, 0 failed" in second.output


def test_bad_file_is_named_and_the_batch_goes_on(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    _write(pages, "good.txt", ARTICLE, {"published": "2025-07-05"})
    (pages / "broken.html").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (pages / "empty.txt").write_text("")
    report = tmp_path / "report.json"
    result = runner.invoke(app, ["ingest", str(pages), "--db", str(tmp_path / "x.db"), "--report", str(report)])
    assert result.exit_code == 1
    assert "broken.html" in result.output and "binary" in result.output
    assert "empty.txt" in result.output
    assert "1 new" in result.output
    outcomes = {o["path"].rsplit("/", 1)[-1]: o["outcome"] for o in json.loads(report.read_text())}
    assert outcomes == {"broken.html": "failed", "empty.txt": "failed", "good.txt": "new"}


def test_export_status_and_events(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    _write(pages, "a.txt", ARTICLE, {"published": "2025-07-05", "outlet": "Test Wire"})
    db = str(tmp_path / "x.db")
    runner.invoke(app, ["ingest", str(pages), "--db", db])

    exported = runner.invoke(app, ["export", "--format", "jsonl", "--db", db])
    records = [json.loads(line) for line in exported.output.splitlines() if line.startswith("{")]
    recognition = [r for r in records if r["type"] == "RECOGNIZE" and r["actor"] == "RUS"]
    assert recognition and recognition[0]["date"] == "2025-07-03" and recognition[0]["status"] == "occurred"
    assert {"IND", "RECOGNIZE", "negated"} <= {v for r in records if r["actor"] == "IND" for v in (r["actor"], r["type"], r["status"])}

    as_csv = runner.invoke(app, ["export", "--format", "csv", "--db", db])
    rows = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert len(rows) == len(records) and rows[0]["evidence"]

    status = runner.invoke(app, ["status", "--format", "json", "--as-of", "2025-07-06", "--db", db])
    table = {row["country"]: row for row in json.loads(status.output)}
    assert table["RUS"]["level_name"] == "formal_recognition"
    assert table["IND"]["level"] <= 3
    assert [n["event"] for n in table["IND"]["negated"]] == ["RECOGNIZE IND->AFG"]
    before = json.loads(runner.invoke(app, ["status", "--format", "json", "--as-of", "2025-07-02", "--db", db]).output)
    assert all(row["country"] != "RUS" or row["level"] < 5 for row in before)

    listed = runner.invoke(app, ["events", "--country", "RUS", "--db", db], env={"COLUMNS": "250"})
    assert "RECOGNIZE" in listed.output


def test_status_lists_the_latest_denials_and_counts_them_all(sample_db, tmp_path):
    db = _copy(sample_db, tmp_path / "sample.db")  # the status rebuilds the derived tables: not in the shared one

    def rows(*options: str) -> dict[str, dict]:
        result = runner.invoke(app, ["status", "--format", "json", "--db", str(db), *options])
        assert result.exit_code == 0, result.output
        return {row["country"]: row for row in json.loads(result.output)}

    everything, one = rows("--all"), rows("--limit", "1")
    assert len(everything["IND"]["negated"]) == everything["IND"]["negated_count"] == one["IND"]["negated_count"] == 2
    assert one["IND"]["negated"] == everything["IND"]["negated"][-1:]
    assert {c: {**r, "negated": None} for c, r in one.items()} == {c: {**r, "negated": None} for c, r in everything.items()}
    assert list(rows("--country", "ind", "--all")) == ["IND"] and rows("--country", "ind", "--all")["IND"] == everything["IND"]
    table = runner.invoke(app, ["status", "--limit", "1", "--country", "IND", "--db", str(db)], env={"COLUMNS": "200"})
    assert "1 earlier denial not shown (--all lists them)" in table.output and table.output.count("not: ") == 1


def test_bad_date_is_a_clear_error(tmp_path):
    result = runner.invoke(app, ["status", "--as-of", "July 2025", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "--as-of takes a date YYYY-MM-DD" in result.output


def test_db_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DIPWATCH_DB", str(tmp_path / "env.db"))
    pages = tmp_path / "pages"
    pages.mkdir()
    _write(pages, "a.txt", ARTICLE, {"published": "2025-07-05"})
    assert runner.invoke(app, ["ingest", str(pages)]).exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_every_command_has_help():
    for command in ("ingest", "export", "status", "events", "demo", "eval", "version"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0 and len(result.output) > 100, command
