"""End-to-end ingest throughput and memory, against an NLP-only baseline measured in the same run.

    .venv/bin/python bench/throughput.py --docs 10000 [--workers K] [--sizes 1000,10000,100000]
                                         [--corpus DIR] [--seed 1] [--baseline-sample 1000]
                                         [--max-seconds S] [--no-baseline]

For each size: generate the corpus (bench/generate_corpus.py) into bench/.cache/corpus-SIZE-sSEED
unless a finished one is there, then run the real command `.venv/bin/dipwatch ingest DIR --db DB`
(with `--workers K` if `dipwatch ingest --help` offers it) as a child process into a fresh database,
sampling the process tree's RSS every 0.5 s and the number of stored documents every 5 s, and
taking the child's exact peak RSS and CPU time from the kernel (`os.wait4`). Then the baseline
(bench/baseline.py, its own process): trafilatura + spaCy `nlp.pipe` on the same documents, all of
them up to `--baseline-sample`, else the first `--baseline-sample` (said in the table).

Reported per size: articles/s, sentences/s (sentences of the stored cleaned texts, by a cheap
regex splitter), articles/s per core (÷ worker processes), CPU ms per article (robust to other load
on the machine), peak RSS, RSS growth per 1,000 documents over the run, and the speed ratio
ingest ÷ baseline. Results go to bench/results.json and the "throughput" section of
bench/RESULTS.md (replaced, other sections and notes kept). Logs: bench/.cache/logs/.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate_corpus
from _common import (
    CACHE,
    HERE,
    ROOT,
    VENV_BIN,
    command_line,
    load_text,
    machine,
    machine_line,
    mb,
    now,
    save_result,
    table,
    update_section,
)
from baseline import corpus_files

LOGS = CACHE / "logs"
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def count_sentences(text: str) -> int:
    """Sentences by a cheap splitter: paragraph breaks, and . ! ? before a capital or digit."""
    return sum(len(_SENTENCE_END.split(p.strip())) for p in text.split("\n") if p.strip())


def supports_workers() -> bool:
    out = subprocess.run([str(VENV_BIN / "dipwatch"), "ingest", "--help"], capture_output=True, text=True,
                         env={**os.environ, "COLUMNS": "200"}, cwd=ROOT, check=False)
    return "--workers" in out.stdout


def ensure_corpus(size: int, seed: int) -> Path:
    out = CACHE / f"corpus-{size}-s{seed}"
    if generate_corpus.manifest_ok(out, size, seed):
        print(f"corpus: {out} (cached)", flush=True)
        return out
    print(f"corpus: generating {size:,} documents into {out} ...", flush=True)
    if out.exists():
        import shutil

        shutil.rmtree(out)
    manifest = generate_corpus.generate(size, out, seed)
    print(f"corpus: {manifest['words']:,} words, median {manifest['words_median']} words/article, "
          f"{manifest['seconds']} s", flush=True)
    return out


class Sampler(threading.Thread):
    """Polls the ingest process tree: summed RSS (every 0.5 s) and stored documents (every 5 s)."""

    def __init__(self, pid: int, db: Path, started: float) -> None:
        super().__init__(daemon=True)
        self.pid, self.db, self.started = pid, db, started
        self.peak_tree_kib = 0
        self.max_processes = 0
        self.curve: list[tuple[float, int, int]] = []  # (seconds, documents stored, tree RSS KiB)
        self.stop = threading.Event()

    def documents(self) -> int | None:
        if not self.db.exists():
            return None
        try:
            with sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=1) as conn:
                return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.Error:
            return None

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.NoSuchProcess:
            return
        last_count = 0.0
        while not self.stop.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                rss = 0
                for p in procs:
                    try:
                        rss += p.memory_info().rss
                    except psutil.NoSuchProcess:
                        pass
            except psutil.NoSuchProcess:
                return
            kib = rss // 1024
            self.peak_tree_kib = max(self.peak_tree_kib, kib)
            self.max_processes = max(self.max_processes, len(procs))
            now_s = time.perf_counter() - self.started
            if now_s - last_count >= 5:
                last_count = now_s
                docs = self.documents()
                if docs is not None:
                    self.curve.append((round(now_s, 1), docs, kib))
            self.stop.wait(0.5)


def growth_per_1k(curve: list[tuple[float, int, int]]) -> float | None:
    """Least-squares slope of tree RSS (KiB) per 1,000 stored documents, after the first 10% of the run."""
    if len(curve) < 4:
        return None
    last = curve[-1][1]
    if last < 500:  # warm-up dominates: no meaningful slope
        return None
    points = [(d, r) for _t, d, r in curve if d >= 0.1 * last]
    if len(points) < 3 or points[-1][0] == points[0][0]:
        return None
    n = len(points)
    mx = sum(d for d, _ in points) / n
    my = sum(r for _, r in points) / n
    sxx = sum((d - mx) ** 2 for d, _ in points)
    sxy = sum((d - mx) * (r - my) for d, r in points)
    return 1000 * sxy / sxx if sxx else None


def run_ingest(corpus: Path, size: int, workers: int | None, max_seconds: float | None) -> dict[str, Any]:
    LOGS.mkdir(parents=True, exist_ok=True)
    tag = f"{size}-w{workers}"
    db = CACHE / f"ingest-{tag}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    report = CACHE / f"ingest-{tag}.report.json"
    report.unlink(missing_ok=True)
    cmd = [str(VENV_BIN / "dipwatch"), "ingest", str(corpus), "--db", str(db), "--report", str(report)]
    used_workers = 1
    if supports_workers():
        cmd += ["--workers", str(workers)]
        used_workers = workers  # 0 (the ingest's default): counted from the processes seen, below
    elif workers != 1:
        print("note: `dipwatch ingest` has no --workers option: running one process", flush=True)
    shown = " ".join(os.path.relpath(c, ROOT) if c.startswith("/") else c for c in cmd)
    print(f"ingest: {shown}", flush=True)
    log_path = LOGS / f"ingest-{tag}.log"
    load_before = load_text()
    started = time.perf_counter()
    with log_path.open("w") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=log, cwd=ROOT, env={**os.environ, "COLUMNS": "200"})
    sampler = Sampler(proc.pid, db, started)
    sampler.start()
    stopped = False
    timer = None
    if max_seconds:
        def stop() -> None:
            nonlocal stopped
            stopped = True
            proc.send_signal(signal.SIGINT)
        timer = threading.Timer(max_seconds, stop)
        timer.start()
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if timer:
        timer.cancel()
    sampler.stop.set()
    sampler.join()
    load_after = load_text()
    if used_workers == 0:
        used_workers = max(1, sampler.max_processes - 1)  # the parent and its worker processes

    outcomes: dict[str, int] = {}
    if report.exists():
        for item in json.loads(report.read_text()):
            outcomes[item["outcome"]] = outcomes.get(item["outcome"], 0) + 1
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        sentences = words = 0
        for (text,) in conn.execute("SELECT text FROM documents"):
            sentences += count_sentences(text)
            words += len(text.split())
    cpu = usage.ru_utime + usage.ru_stime
    summary = [line.strip() for line in log_path.read_text(errors="replace").splitlines() if " worker" in line]
    per_s = documents / wall if wall else 0.0
    growth = growth_per_1k(sampler.curve)
    return {
        "command": shown, "exit_code": proc.returncode, "partial": stopped, "workers_asked": workers,
        "workers_used": used_workers, "max_processes_seen": sampler.max_processes,
        "documents": documents, "outcomes": outcomes, "events": events, "sentences": sentences, "words": words,
        "wall_s": round(wall, 1), "cpu_s": round(cpu, 1), "cpu_ms_per_doc": round(1000 * cpu / documents, 1) if documents else None,
        "articles_per_s": round(per_s, 3), "sentences_per_s": round(sentences / wall, 1) if wall else None,
        "articles_per_s_per_core": round(per_s / used_workers, 3),
        "maxrss_kib": usage.ru_maxrss, "peak_tree_rss_kib": sampler.peak_tree_kib,
        "rss_growth_kib_per_1k_docs": round(growth, 1) if growth is not None else None,
        "rss_curve": sampler.curve, "load_before": load_before, "load_after": load_after,
        "log": os.path.relpath(log_path, ROOT), "ingest_summary": summary[-1] if summary else None, "db_bytes": db.stat().st_size if db.exists() else None,
    }


def run_baseline(corpus: Path, limit: int) -> dict[str, Any]:
    LOGS.mkdir(parents=True, exist_ok=True)
    out = CACHE / f"baseline-{corpus.name}-{limit}.json"
    cmd = [str(VENV_BIN / "python"), str(HERE / "baseline.py"), "--corpus", str(corpus), "--limit", str(limit),
           "--json", str(out)]
    print(f"baseline: bench/baseline.py --corpus {os.path.relpath(corpus, ROOT)} --limit {limit}", flush=True)
    load_before = load_text()
    with (LOGS / f"baseline-{corpus.name}-{limit}.log").open("w") as log:
        subprocess.run(cmd, stdout=log, stderr=log, cwd=ROOT, check=True)
    result = json.loads(out.read_text())
    result["load_before"], result["load_after"] = load_before, load_text()
    return result


def measure(size: int, corpus: Path, args: argparse.Namespace) -> dict[str, Any]:
    ingest = run_ingest(corpus, size, args.workers, args.max_seconds)
    baseline = None
    if not args.no_baseline:
        baseline = run_baseline(corpus, min(size, args.baseline_sample))
    entry: dict[str, Any] = {"size": size, "date": now(), "command": command_line(), "machine": machine(),
                             "ingest": ingest, "baseline": baseline}
    if baseline and baseline.get("docs_per_s"):
        entry["speed_vs_baseline"] = round(ingest["articles_per_s"] / baseline["docs_per_s"], 3)
        b_cpu = baseline["cpu_seconds"] / baseline["docs"]
        entry["cpu_vs_baseline"] = round((ingest["cpu_ms_per_doc"] / 1000) / b_cpu, 2) if ingest["cpu_ms_per_doc"] else None
    return entry


def _speed(ratio: float | None) -> str:
    if not ratio:
        return "—"
    return f"{ratio:.2f}× (faster)" if ratio >= 1 else f"{ratio:.2f}× ({1 / ratio:.1f}× slower)"


def _row(e: dict[str, Any]) -> list[Any]:
    i, b = e["ingest"], e.get("baseline")
    docs = f"{i['documents']:,}" + (" (stopped)" if i["partial"] else "")
    failed = i["outcomes"].get("failed", 0)
    growth = i.get("rss_growth_kib_per_1k_docs")
    base = "—"
    if b:
        sample = "all" if b["docs"] >= e["size"] else f"first {b['docs']:,}"
        base = f"{b['docs_per_s']:.2f} art/s, {1000 * b['cpu_seconds'] / b['docs']:.0f} CPU ms/art ({sample})"
    return [
        f"{e['size']:,}", i["workers_used"], docs + (f", {failed} failed" if failed else ""), f"{i['events']:,}",
        f"{i['wall_s']:,.0f} s", f"{i['articles_per_s']:.2f}", f"{i['sentences_per_s']:.0f}",
        f"{i['articles_per_s_per_core']:.2f}", f"{i['cpu_ms_per_doc']:.0f}", mb(i["maxrss_kib"]), mb(i["peak_tree_rss_kib"]),
        "—" if growth is None else f"{growth / 1024:+.1f} MB", base,
        _speed(e.get("speed_vs_baseline")),
        f"{e['cpu_vs_baseline']:.1f}×" if e.get("cpu_vs_baseline") else "—",
        i["load_before"].split(" / ")[0] + " → " + i["load_after"].split(" / ")[0],
    ]


HEADERS = ["articles", "workers", "stored", "events", "wall", "articles/s", "sentences/s", "art/s/core",
           "CPU ms/art", "peak RSS", "peak RSS (tree)", "RSS growth /1k docs", "baseline (trafilatura + spaCy)",
           "speed vs baseline", "CPU vs baseline", "load 1-min"]


def render(entries: dict[str, dict[str, Any]]) -> str:
    ordered = sorted(entries.values(), key=lambda e: (e["size"], e["ingest"]["workers_used"]))
    lines = ["## Throughput (bench/throughput.py)", "",
             "Latest run per size and worker count; `stored` = documents in the database at the end.", "",
             table(HEADERS, [_row(e) for e in ordered]), ""]
    by_size = {e["size"]: e for e in ordered if e["ingest"]["workers_used"] == 1}
    if 10000 in by_size and 100000 in by_size:
        ratio = by_size[100000]["ingest"]["maxrss_kib"] / by_size[10000]["ingest"]["maxrss_kib"]
        lines += [f"Peak RSS 100k ÷ 10k: **{ratio:.2f}×** (target ≤ 1.2×).", ""]
    for e in ordered:
        i, b = e["ingest"], e.get("baseline")
        lines += [f"- **{e['size']:,} articles, {i['workers_used']} worker(s)** — {e['date']}; `{e['command']}`",
                  (f"  - ingest: `{i['command']}`; exit {i['exit_code']}; wall {i['wall_s']} s, CPU {i['cpu_s']} s; "
                   f"{i['words']:,} words and {i['sentences']:,} sentences stored; db {((i['db_bytes'] or 0) / 2**20):.0f} MB; "
                   f"load avg {i['load_before']} → {i['load_after']}")]
        if b:
            lines.append(f"  - baseline: {b['docs']:,} docs ({b['html']:,} HTML), {b['sentences']:,} spaCy sentences, "
                         f"{b['seconds']} s (trafilatura {b['extract_seconds']} s, spaCy {b['parse_seconds']} s; "
                         f"model load {b['load_seconds']} s not counted), peak RSS {mb(b['maxrss_kib'])}; load avg {b['load_before']} → {b['load_after']}")
        curve = i.get("rss_curve") or []
        if curve:
            picks = [curve[min(len(curve) - 1, int(q * (len(curve) - 1)))] for q in (0.1, 0.5, 1.0)]
            lines.append("  - tree RSS while running: " + ", ".join(f"{mb(r)} at {d:,} docs ({t:.0f} s)" for t, d, r in picks))
        lines.append(f"  - machine: {machine_line(e['machine'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10000, help="corpus size (ignored with --sizes or --corpus)")
    parser.add_argument("--sizes", type=str, help="comma-separated corpus sizes, run in order, e.g. 1000,10000,100000")
    parser.add_argument("--corpus", type=Path, help="use this folder instead of a generated corpus")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=1,
                        help="worker processes, passed as `dipwatch ingest --workers K` if it has the option (default 1: "
                             "one process, like the baseline; 0: the ingest's own default, every core)")
    parser.add_argument("--baseline-sample", type=int, default=1000, help="baseline on at most this many documents")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--max-seconds", type=float, help="stop each ingest after this long (reported as partial)")
    args = parser.parse_args(argv)

    if args.corpus:
        runs = [(len(corpus_files(args.corpus, None)), args.corpus.resolve())]
    else:
        sizes = [int(s.replace("_", "")) for s in args.sizes.split(",")] if args.sizes else [args.docs]
        runs = [(size, None) for size in sizes]
    for size, corpus in runs:
        corpus = corpus or ensure_corpus(size, args.seed)
        entry = measure(size, corpus, args)
        key = f"{size}-w{entry['ingest']['workers_used']}" + ("" if not args.corpus else f"-{corpus.name}")
        entries = save_result("throughput", key, entry)
        update_section("throughput", render(entries))
        print(table(HEADERS, [_row(entry)]), flush=True)
    print(f"results: {os.path.relpath(HERE / 'RESULTS.md', ROOT)}")


if __name__ == "__main__":
    main()
