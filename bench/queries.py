"""Time the relationship-status query and the map data over a (large) dipwatch database.

    .venv/bin/python bench/queries.py --db bench/.cache/events-1m.db [--focus AFG] [--as-of 2025-08-01]
                                      [--runs 7] [--cold-runs 3] [--budget-s 300] [--profile] [--force]

Each measurement is timed over several runs (median and p95; with few runs p95 is the slowest).
What is measured, as the faces compute it (nothing in src/ is changed or bypassed):

- `sql count` — `Store.counts()`, the two count(*) queries; and `api revision` — the write counter
  the API's answer cache and merged-reports cache read on every request (`Store.revision()`, a
  primary-key lookup since schema v4; before, max id and count of documents and events).
- `sql scan` — the focus's events query as `Store.iter_events` runs it (`store.queries.event_select`,
  joined with sentences and documents, in date order) through SQLAlchemy, every row fetched,
  without building Python records; `sqlite scan (raw)` — the same SQL through plain sqlite3: the
  floor any design that reads every event per request pays.
- `load` — `list(store.iter_events(EventFilter(focus=...)))`: rows to StoredEvent records.
- `rebuild (derived tables)` — with the derived status tables (schema v5): `serve.standings.refresh`
  after making the focus's rows stale, as the first `dipwatch status` after an ingest does (load,
  merge, steps, write).
- `status (CLI)` — what `dipwatch status --as-of D --format json` computes: since the derived
  tables, `standings.current(Store.open(db), focus, D)` on current rows; before them,
  `relationships_as_of(Store.open(db).iter_events(EventFilter(focus)), focus, D)`; then
  `render.relationships_json(rows)`. `load` and the breakdown of a full derivation run only
  without the tables or with `--derivation`.
  Since the answers are bounded, `status (CLI)` is the default `--limit 5` (the latest 5 denials per
  country, with their count) and `status (CLI --all)` lists every denial, as before.
- `status (API) cold / warm` — `serve.views.status_view(store, focus, D)` on the read-only store the
  server opens, first with the merged-reports cache emptied, then with it filled; `status detail
  (API)` — `status_view(..., country=C)`, one country's whole evidence (`GET /api/status?country=C`,
  what the dashboard's panel asks for), for the partner with the most documents.
- `map (API) cold / warm` — `serve.views.map_view(store, focus, D)` the same way (the map data is
  `mapdata.map_figure` over the relationship rows; `map_figure` alone is timed too).
- `GET /api/status`, `GET /api/map` — through the FastAPI app (`create_app`, TestClient): the first
  request (cold) and repeated ones (warm: whatever caching the app does, plus validation and JSON).
- a breakdown of one cold status: load / pair + merge_reports / relationships / render.

Targets at 10M events: status < 50 ms, map data < 200 ms (warm API and cold CLI are reported
against them). If the focus's events would not fit in memory (estimated from `--bytes-per-event`,
measured at smaller sizes), only the SQL-level measurements run, unless `--force`. A measurement
stops repeating once it has used `--budget-s` seconds. With `--profile`, one cold status is run
under cProfile and the top functions are written to bench/.cache/profile-status-N.txt.
Results: bench/results.json and the "queries" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import math
import os
import pstats
import resource
import sqlite3
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import (
    CACHE,
    ROOT,
    command_line,
    load_results,
    load_text,
    machine,
    machine_line,
    now,
    save_result,
    table,
    update_section,
)

from dipwatch.derive import (
    merge_reports,
    relationships_as_of,
    relationships_from_merged,
)
from dipwatch.derive.ladder import pair_reports
from dipwatch.serve import mapdata, render, views

try:  # the derived status tables (schema v5); older code derives every answer from the events
    from dipwatch.serve import standings
except ImportError:
    standings = None  # type: ignore[assignment]
from dipwatch.store import EventFilter, Store
from dipwatch.store.queries import event_select

TARGETS_MS = {"status": 50, "map": 200}
TARGET_EVENTS = 10_000_000


def rss_kib() -> int:
    return psutil.Process().memory_info().rss // 1024


class Timer:
    """Runs a callable up to `runs` times (stopping early past `budget` seconds); keeps every time."""

    def __init__(self, budget: float) -> None:
        self.budget = budget
        self.results: dict[str, dict[str, Any]] = {}

    def time(self, name: str, fn: Callable[[], Any], runs: int, before: Callable[[], Any] | None = None) -> Any:
        times: list[float] = []
        cpu_times: list[float] = []
        spent = 0.0
        value = None
        for _ in range(runs):
            if before is not None:
                before()
            t0, c0 = time.perf_counter(), time.process_time()
            value = fn()
            elapsed = time.perf_counter() - t0
            cpu_times.append(time.process_time() - c0)
            times.append(elapsed)
            spent += elapsed
            if spent > self.budget:
                break
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
        self.results[name] = {"runs": len(times), "median_ms": round(1000 * statistics.median(times), 2),
                              "p95_ms": round(1000 * p95, 2), "min_ms": round(1000 * ordered[0], 2),
                              "cpu_median_ms": round(1000 * statistics.median(cpu_times), 2),
                              "times_ms": [round(1000 * t, 2) for t in times]}
        print(f"  {name:<24} median {1000 * statistics.median(times):>11,.1f} ms   p95 {1000 * p95:>11,.1f} ms   "
              f"CPU {1000 * statistics.median(cpu_times):>11,.1f} ms   ({len(times)} runs)", flush=True)
        return value


def ordered(query: Any) -> Any:
    """The order `Store.iter_events` reads events in (a sort of every matching row)."""
    from dipwatch.store.tables import events

    return query.order_by(events.c.date.is_(None), events.c.date, events.c.id)


def clear_merged_cache() -> None:
    cache = getattr(views, "_MERGED_CACHE", None)
    if cache is not None:
        cache.clear()


def sql_facts(db: Path, focus: str) -> dict[str, Any]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        sentences = conn.execute("SELECT count(*) FROM sentences").fetchone()[0]
        focus_events = conn.execute("SELECT count(*) FROM events WHERE actor = ? OR target = ?", (focus, focus)).fetchone()[0]
        countries = conn.execute(
            "SELECT count(DISTINCT CASE WHEN actor = ? THEN target ELSE actor END) FROM events WHERE actor = ? OR target = ?",
            (focus, focus, focus)).fetchone()[0]
    return {"events": events, "documents": documents, "sentences": sentences, "focus_events": focus_events,
            "partners": countries, "db_bytes": db.stat().st_size}


def breakdown(store: Store, focus: str, day: dt.date | None) -> dict[str, float]:
    t0 = time.perf_counter()
    items = list(store.iter_events(EventFilter(focus=focus)))
    t1 = time.perf_counter()
    merged = merge_reports(pair_reports(items, focus))
    t2 = time.perf_counter()
    rows = relationships_from_merged(merged, focus, day)
    t3 = time.perf_counter()
    render.relationships_json(rows)
    t4 = time.perf_counter()
    mapdata.map_figure(rows, focus)
    t5 = time.perf_counter()
    return {"load_ms": round(1000 * (t1 - t0), 1), "merge_ms": round(1000 * (t2 - t1), 1),
            "relationships_ms": round(1000 * (t3 - t2), 1), "render_json_ms": round(1000 * (t4 - t3), 1),
            "map_figure_ms": round(1000 * (t5 - t4), 1), "reports": len(items), "merged_events": len(merged),
            "countries": len(rows)}


def profile_status(store: Store, focus: str, day: dt.date | None, out: Path) -> list[dict[str, Any]]:
    profiler = cProfile.Profile()
    profiler.enable()
    relationships_as_of(store.iter_events(EventFilter(focus=focus)), focus, day)
    profiler.disable()
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(30)
    out.write_text(stream.getvalue())
    top = []
    for (filename, line, name), (_cc, calls, tottime, cumtime, _callers) in sorted(
            stats.stats.items(), key=lambda kv: -kv[1][2])[:12]:  # type: ignore[attr-defined]
        where = os.path.relpath(filename, ROOT) if filename.startswith(str(ROOT)) else Path(filename).name
        top.append({"function": f"{where}:{line}({name})", "calls": calls, "tottime_s": round(tottime, 2),
                    "cumtime_s": round(cumtime, 2)})
    return top


def run(args: argparse.Namespace) -> dict[str, Any]:
    db: Path = args.db.resolve()
    focus, day = args.focus, dt.date.fromisoformat(args.as_of) if args.as_of else None
    facts = sql_facts(db, focus)
    print(f"{db}: {facts['events']:,} events ({facts['focus_events']:,} with {focus}, {facts['partners']} partners), "
          f"{facts['documents']:,} documents; load avg {load_text()}", flush=True)
    timer = Timer(args.budget_s)
    entry: dict[str, Any] = {"db": os.path.relpath(db, ROOT), **facts, "focus": focus, "as_of": args.as_of,
                             "date": now(), "command": command_line(), "machine": machine(), "load_before": load_text()}
    store = Store.open(db)  # as the CLI opens it
    from dipwatch.serve.api import create_app, open_store

    served = open_store(str(db))  # as `dipwatch serve` opens it (read-only)

    timer.time("sql count", store.counts, args.runs)
    timer.time("api revision", served.revision, args.runs)

    def scan() -> int:
        count = 0
        with store.engine.connect() as conn:
            query = ordered(event_select(EventFilter(focus=focus), conn))
            for _row in conn.execution_options(yield_per=10000).execute(query):
                count += 1
        return count

    if not args.no_scan:
        timer.time("sql scan", scan, args.cold_runs)

    with store.engine.connect() as conn:
        compiled = ordered(event_select(EventFilter(focus=focus), conn)).compile(
            dialect=store.engine.dialect, compile_kwargs={"literal_binds": True})
    raw_sql = str(compiled)

    def raw_scan() -> int:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return sum(1 for _row in conn.execute(raw_sql))

    if not args.no_scan:
        timer.time("sqlite scan (raw)", raw_scan, args.cold_runs)

    estimate_gb = facts["focus_events"] * args.bytes_per_event / 2**30
    available_gb = psutil.virtual_memory().available / 2**30
    entry["memory_estimate_gb"], entry["available_gb"] = round(estimate_gb, 1), round(available_gb, 1)
    if args.sql_only:
        entry["skipped"] = "Python-level queries not run (--sql-only): only the SQL-level measurements"
        print(entry["skipped"], flush=True)
    elif estimate_gb > 0.6 * available_gb and not args.force:
        entry["skipped"] = (f"Python-level queries skipped: holding {facts['focus_events']:,} events would need "
                            f"~{estimate_gb:.0f} GB (at {args.bytes_per_event:,} B/event) of {available_gb:.0f} GB available")
        print(entry["skipped"], flush=True)
    else:
        if standings is None or args.derivation:
            base_rss = rss_kib()
            items = timer.time("load", lambda: list(store.iter_events(EventFilter(focus=focus))), 1)
            entry["rss_after_load_kib"] = rss_kib()
            entry["bytes_per_event_measured"] = round(1024 * (entry["rss_after_load_kib"] - base_rss) / max(1, len(items)))
            del items
            entry["breakdown"] = breakdown(store, focus, day)
            print(f"  breakdown: {entry['breakdown']}", flush=True)
        if standings is not None:
            def rebuild() -> None:
                with store.engine.begin() as conn:  # make the derived rows stale, as a write would
                    conn.exec_driver_sql("DELETE FROM meta WHERE key = ?", (f"steps:{focus}",))
                standings.refresh(store, focus)

            timer.time("rebuild (derived tables)", rebuild, 1)

        def cli_status(limit: int | None) -> Callable[[], str]:
            def call() -> str:
                if standings is not None:  # what `dipwatch status [--limit N | --all]` does since the derived tables
                    rows = standings.current(Store.open(db), focus, day, denials=limit)
                else:
                    rows = relationships_as_of(Store.open(db).iter_events(EventFilter(focus=focus)), focus, day)
                return render.relationships_json(rows, limit)
            return call

        timer.time("status (CLI)", cli_status(views.STATUS_LIMIT), args.cold_runs)
        timer.time("status (CLI --all)", cli_status(None), args.cold_runs)
        timer.time("status (API) cold", lambda: views.status_view(served, focus, day), args.cold_runs, before=clear_merged_cache)
        timer.time("status (API) warm", lambda: views.status_view(served, focus, day), args.runs)
        # one country's whole evidence (what the dashboard's panel asks for): the partner with the most documents
        top = max(standings.current(served, focus, day, denials=0) or [], key=lambda r: r.documents, default=None)
        if top is not None:
            entry["detail_country"] = top.country
            timer.time("status detail (API)", lambda: views.status_view(served, focus, day, limit=None, country=top.country),
                       args.cold_runs)
        timer.time("map (API) cold", lambda: views.map_view(served, focus, day), args.cold_runs, before=clear_merged_cache)
        timer.time("map (API) warm", lambda: views.map_view(served, focus, day), args.runs)
        rows = (standings.current(served, focus, day) if standings is not None else None) \
            or relationships_from_merged(views._merged_pairs(served, focus), focus, day)
        timer.time("map_figure only", lambda: mapdata.map_figure(rows, focus), args.runs)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from fastapi.testclient import TestClient

            client = TestClient(create_app(served, focus=focus))
            query = f"?as_of={args.as_of}" if args.as_of else ""

            def get(path: str) -> Callable[[], Any]:
                def call() -> Any:
                    response = client.get(path + query)
                    response.raise_for_status()
                    return len(response.content)
                return call

            clear_merged_cache()
            timer.time("GET /api/status cold", get("/api/status"), 1)
            timer.time("GET /api/status warm", get("/api/status"), args.runs)
            timer.time("GET /api/map cold", get("/api/map"), 1)  # the merged reports are cached by now
            timer.time("GET /api/map warm", get("/api/map"), args.runs)
            entry["response_bytes"] = {"status": get("/api/status")(), "map": get("/api/map")()}
            if top is not None:
                entry["response_bytes"]["status_detail"] = len(client.get(
                    "/api/status", params={"country": top.country, **({"as_of": args.as_of} if args.as_of else {})}).content)
        if args.profile:
            out = CACHE / f"profile-status-{facts['events']}.txt"
            entry["profile"] = profile_status(store, focus, day, out)
            entry["profile_file"] = os.path.relpath(out, ROOT)
            print(f"  profile: {entry['profile_file']}", flush=True)
    entry["timings"] = timer.results
    entry["maxrss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    entry["load_after"] = load_text()
    return entry


def _ms(entry: dict[str, Any], name: str) -> str:
    t = entry.get("timings", {}).get(name)
    if not t:
        return "—"
    fmt = lambda v: f"{v:,.0f}" if v >= 100 else f"{v:,.1f}"
    cpu = f" ({fmt(t['cpu_median_ms'])})" if "cpu_median_ms" in t else ""
    return f"{fmt(t['median_ms'])} / {fmt(t['p95_ms'])}{cpu}"


COLUMNS = ["sql count", "api revision", "sqlite scan (raw)", "sql scan", "load", "rebuild (derived tables)", "status (CLI)",
           "status (CLI --all)", "status (API) cold", "status (API) warm", "status detail (API)",
           "map (API) cold", "map (API) warm", "map_figure only", "GET /api/status cold", "GET /api/status warm",
           "GET /api/map cold", "GET /api/map warm"]


def _fit(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Least-squares fit of log(time) = log(a) + b log(n); None with fewer than two sizes."""
    points = [(n, t) for n, t in points if n > 0 and t > 0]
    if len(points) < 2:
        return None
    xs, ys = [math.log(n) for n, _ in points], [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if not sxx:
        return None
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx
    return math.exp(my - b * mx), b


def render_section(entries: dict[str, dict[str, Any]]) -> str:
    ordered = sorted(entries.values(), key=lambda e: e["events"])
    lines = ["## Queries (bench/queries.py)", "",
             (f"Median / p95 in ms. Targets at {TARGET_EVENTS:,} events: status < {TARGETS_MS['status']} ms, "
              f"map data < {TARGETS_MS['map']} ms. \"cold\" = merged-reports cache empty (the CLI is always cold). "
              "In brackets: median CPU ms of the measuring process (robust to other load on the machine)."), ""]
    rows = []
    for e in ordered:
        rows.append([f"{e['events']:,}", f"{e['focus_events']:,}", *(_ms(e, c) for c in COLUMNS),
                     f"{e['maxrss_kib'] / 1024:,.0f} MB"])
    lines += [table(["events", "with focus", *COLUMNS, "peak RSS"], rows), ""]
    fits = []
    for name in ("sql count", "api revision", "sqlite scan (raw)", "sql scan", "load", "rebuild (derived tables)", "status (CLI)",
                 "status (CLI --all)", "status (API) cold", "status (API) warm", "status detail (API)", "map (API) cold", "map (API) warm", "GET /api/status warm", "GET /api/map warm"):
        points = [(e["events"], e["timings"][name].get("cpu_median_ms") or e["timings"][name]["median_ms"])
                  for e in ordered if name in e.get("timings", {})]
        measured_10m = any(n >= TARGET_EVENTS for n, _ in points)
        fit = _fit(points)
        if fit and not measured_10m:
            a, b = fit
            unbounded = name in ("status (CLI --all)", "status detail (API)")  # not what the target is about
            target = None if unbounded else TARGETS_MS["status"] if "status" in name else TARGETS_MS["map"] if "map" in name else None
            predicted = a * TARGET_EVENTS ** b
            verdict = "" if target is None else (" — misses" if predicted > target else " — meets") + f" the {target} ms target"
            shown = f"{predicted:,.0f} ms" if predicted < 1000 else f"{predicted / 1000:,.1f} s"
            fits.append(f"- `{name}`: time ∝ events^{b:.2f} over {len(points)} sizes → **~{shown}** at "
                        f"{TARGET_EVENTS:,} events (extrapolated){verdict}")
    if fits:
        lines += ["Extrapolation to 10M events (power law fitted to the median CPU times of the measured sizes):", "", *fits, ""]
    for e in ordered:
        lines.append(f"- **{e['events']:,} events** ({e['documents']:,} documents, {e['sentences']:,} sentences, "
                     f"{e['db_bytes'] / 2**20:,.0f} MB) — {e['date']}; `{e['command']}`; load avg {e['load_before']} → {e['load_after']}")
        if e.get("sql_rerun"):
            r = e["sql_rerun"]
            lines.append(f"  - SQL-level timings re-measured {r['date']}: `{r['command']}`; load avg {r['load_before']} → {r['load_after']}")
        if e.get("skipped"):
            lines.append(f"  - {e['skipped']}")
        if e.get("breakdown"):
            b = e["breakdown"]
            lines.append(f"  - one cold status: load {b['load_ms']:,.0f} ms, pair+merge {b['merge_ms']:,.0f} ms, "
                         f"relationships {b['relationships_ms']:,.0f} ms, JSON {b['render_json_ms']:,.0f} ms, map_figure "
                         f"{b['map_figure_ms']:,.0f} ms; {b['reports']:,} reports → {b['merged_events']:,} merged events, "
                         f"{b['countries']} countries; ~{e.get('bytes_per_event_measured', 0):,} B of RSS per loaded event")
        if e.get("response_bytes"):
            r = e["response_bytes"]
            detail = (f", /api/status?country={e['detail_country']} {r['status_detail']:,} bytes"
                      if "status_detail" in r else "")
            lines.append(f"  - response bodies: /api/status {r['status']:,} bytes, /api/map {r['map']:,} bytes{detail}")
        if e.get("profile"):
            top = ", ".join(f"{p['function'].split('/')[-1]} {p['tottime_s']} s" for p in e["profile"][:6])
            lines.append(f"  - profile (tottime, {e['profile_file']}): {top}")
        lines.append(f"  - machine: {machine_line(e['machine'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--focus", default="AFG")
    parser.add_argument("--as-of", default="2025-08-01", help="YYYY-MM-DD, or '' for everything known")
    parser.add_argument("--runs", type=int, default=7, help="runs of the fast (warm) measurements")
    parser.add_argument("--cold-runs", type=int, default=3, help="runs of the measurements that read every event")
    parser.add_argument("--budget-s", type=float, default=300, help="stop repeating a measurement after this long")
    parser.add_argument("--bytes-per-event", type=int, default=4000, help="RSS per loaded event, for the memory guard")
    parser.add_argument("--profile", action="store_true", help="cProfile one cold status")
    parser.add_argument("--force", action="store_true", help="run the Python-level queries even if memory looks short")
    parser.add_argument("--derivation", action="store_true",
                        help="with the derived tables: also time the full derivation (load, merge, relationships)")
    parser.add_argument("--sql-only", action="store_true", help="only the SQL-level measurements (count, revision, scan)")
    parser.add_argument("--no-scan", action="store_true", help="with --sql-only: only the count and revision queries")
    args = parser.parse_args(argv)
    if not args.db.exists():
        raise SystemExit(f"no database at {args.db}: fill one with bench/fill_events.py")
    entry = run(args)
    previous = load_results().get("queries", {}).get(str(entry["events"]))
    if args.sql_only and previous and (previous.get("breakdown") or args.no_scan):
        # keep the earlier Python-level numbers of this size; take the new SQL-level ones
        previous["timings"].update(entry["timings"])
        previous["sql_rerun"] = {"date": entry["date"], "command": entry["command"], "load_before": entry["load_before"],
                                 "load_after": entry["load_after"]}
        entry = previous
    entries = save_result("queries", str(entry["events"]), entry)
    update_section("queries", render_section(entries))
    print(json.dumps({k: v for k, v in entry.items() if k not in ("machine",)}, indent=1, default=str)[:4000])


if __name__ == "__main__":
    main()
