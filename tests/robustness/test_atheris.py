"""Issue 7, coverage-guided fuzzing: fuzz/fuzz_extract.py under atheris (libFuzzer) for a bounded
time (DIPWATCH_FUZZ_SECONDS, default 20). A crash fails the test and leaves its input in the
test's tmp folder (crash-*), with the traceback in the output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECONDS = int(os.environ.get("DIPWATCH_FUZZ_SECONDS", "20"))


def test_atheris_finds_no_crash(tmp_path):
    pytest.importorskip("atheris", reason="atheris is in the [test] extra: pip install -e '.[test]'")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number, page in enumerate((ROOT / "src" / "dipwatch" / "sample_corpus").glob("0[1-4]_*.*")):
        (corpus / f"seed{number}").write_bytes(page.read_bytes()[:400])
    run = subprocess.run(
        [sys.executable, str(ROOT / "fuzz" / "fuzz_extract.py"), f"-max_total_time={SECONDS}",
         f"-dict={ROOT / 'fuzz' / 'extract.dict'}", "-max_len=1024", f"-artifact_prefix={tmp_path}/",
         "-print_final_stats=1", str(corpus)],
        capture_output=True, text=True, timeout=SECONDS + 180, cwd=ROOT,
    )  # fmt: skip
    crashes = sorted(p.name for p in tmp_path.glob("crash-*"))
    assert run.returncode == 0 and not crashes, f"{crashes}\n{run.stderr[-4000:]}"
    runs = re.search(r"Done (\d+) runs in (\d+) second", run.stderr)
    assert runs, run.stderr[-2000:]
    cov = re.findall(r"cov: (\d+)", run.stderr)
    print(f"\natheris: {runs[1]} inputs in {runs[2]} s, coverage {cov[-1] if cov else '?'} edges, no crash")
