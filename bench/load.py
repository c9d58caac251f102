#!/usr/bin/env python3
"""Load test of the HTTP API on loopback: N concurrent clients on /api/status and /api/events.

    .venv/bin/python bench/load.py --db FILE [--clients 200] [--seconds 60] [--json]
    .venv/bin/python bench/load.py --url http://127.0.0.1:PORT [--clients 200] [--seconds 60]

Without --url it starts the real server, `dipwatch serve --db FILE --port <free port>` (read-only,
on 127.0.0.1), in a subprocess, waits until /api/status answers, runs the load and stops it.

Each client is a coroutine with its own httpx.AsyncClient and keep-alive connection (httpx.Limits
of one connection per client: `--clients` connections at once) that sends its next request as
soon as the last is answered, until the time is up. It alternates /api/status (no date, then
several `as_of` dates) and /api/events (several filters, each followed through `next_cursor` for
a few pages); even clients begin with the one, odd with the other. A request in flight when the
time is up is waited for and counted. An error is a status other than 200, a body that is not the
JSON expected, a timeout or a transport error. The per-request timeout is generous (--timeout,
30 s) so that queuing at the server shows as latency, not as errors; the requests slower than 1 s
and 5 s are counted beside the percentiles (nearest rank, over the good answers).

Bounded: --clients (at most 2000), --seconds (at most 3600), --max-requests (a total budget; 0:
none), and a hard stop at seconds + timeout + 10 s.

Client and server share the machine's cores: the report gives the CPU time of each (the server's
read from /proc when this script started it) and of every other process, so that a client
saturating its core, which would inflate the latencies it measures, or a busy machine, shows.
The client runs on uvloop when it is installed.

Exit code 0 only when no request failed and every client completed at least one request.
tests/serve/test_load.py imports `serve()` and `run_load()` from this file by its path.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

try:  # httpcore imports sniffio on every lock it sets up, several per request; without sniffio
    import sniffio  # noqa: F401  # each failed import searched sys.path again: 2-6 ms of client CPU per request
except ImportError:
    sys.modules.setdefault("sniffio", None)  # type: ignore[arg-type]  # a cached "not installed"

MAX_CLIENTS = 2000
MAX_SECONDS = 3600
# /api/status: the default (everything known) and dates before, across and after the sample's changes.
STATUS_DATES: list[str | None] = [None, "2025-06-30", "2025-08-31", "2024-12-31", "2025-03-15", "2025-10-31", "2021-09-01"]
# /api/events: filters the dashboard's events page offers; each followed for up to PAGES pages.
EVENT_FILTERS: list[dict[str, str]] = [
    {}, {"country": "RUS"}, {"type": "RECOGNIZE"}, {"status": "occurred", "since": "2025"},
    {"q": "taliban"}, {"country": "PAK", "since": "2025-01"}, {"until": "2025-06-30", "limit": "10"},
    {"q": "embassy kabul"}, {"type": "MEET", "status": "occurred"},
]
EVENT_LIMIT = "20"
PAGES = 3
PARSE_EVERY = 10  # /api/status answers decoded in full: one in ten (see _check)
SLOW = (1.0, 5.0)


@dataclass
class Endpoint:
    """What one endpoint got: latencies of its good answers (seconds) and its errors by kind."""

    name: str
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    bytes: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies) + sum(self.errors.values())

    def summary(self, elapsed: float) -> dict[str, Any]:
        ordered = sorted(self.latencies)
        return {
            "requests": self.requests, "ok": len(ordered), "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors), "throughput_rps": round(self.requests / elapsed, 1) if elapsed else 0.0,
            "mean_kb": round(self.bytes / len(ordered) / 1024, 1) if ordered else 0.0,
            **{f"p{p}_ms": _ms(percentile(ordered, p)) for p in (50, 95, 99)}, "max_ms": _ms(ordered[-1] if ordered else None),
            **{f"over_{int(s)}s": sum(1 for x in ordered if x > s) for s in SLOW},
        }


@dataclass
class LoadResult:
    """A run: per endpoint, the good answers each client got, and the CPU each side used."""

    url: str
    clients: int
    seconds: float
    elapsed: float
    endpoints: dict[str, Endpoint]
    per_client: list[int]
    client_cpu: float
    server_cpu: float | None
    machine_cpu: float | None
    loop: str
    error_samples: list[str]

    @property
    def requests(self) -> int:
        return sum(e.requests for e in self.endpoints.values())

    @property
    def errors(self) -> int:
        return sum(sum(e.errors.values()) for e in self.endpoints.values())

    @property
    def ok(self) -> bool:
        return self.errors == 0 and min(self.per_client, default=0) > 0

    def as_dict(self) -> dict[str, Any]:
        total = Endpoint("all", [x for e in self.endpoints.values() for x in e.latencies],
                         sum((e.errors for e in self.endpoints.values()), Counter()),
                         sum(e.bytes for e in self.endpoints.values()))
        return {
            "url": self.url, "clients": self.clients, "seconds": self.seconds, "elapsed_s": round(self.elapsed, 2),
            "requests": self.requests, "errors": self.errors, "ok": self.ok,
            "throughput_rps": round(self.requests / self.elapsed, 1) if self.elapsed else 0.0,
            "endpoints": {name: e.summary(self.elapsed) for name, e in self.endpoints.items()} | {"all": total.summary(self.elapsed)},
            "per_client": {"min": min(self.per_client, default=0), "max": max(self.per_client, default=0),
                           "without_a_request": sum(1 for n in self.per_client if n == 0)},
            "cpu": {"client_s": round(self.client_cpu, 1), "client_share_of_one_core": round(self.client_cpu / self.elapsed, 2),
                    "server_s": None if self.server_cpu is None else round(self.server_cpu, 1),
                    "server_share_of_one_core": None if self.server_cpu is None else round(self.server_cpu / self.elapsed, 2),
                    "machine_busy_s": None if self.machine_cpu is None else round(self.machine_cpu, 1),
                    "others_s": None if self.machine_cpu is None or self.server_cpu is None
                    else round(max(0.0, self.machine_cpu - self.client_cpu - self.server_cpu), 1),
                    "cores": os.cpu_count()},
            "client_loop": self.loop, "error_samples": self.error_samples,
        }


def percentile(ordered: list[float], p: float) -> float | None:
    """The nearest-rank percentile of an ascending list (None when empty)."""
    if not ordered:
        return None
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def _ms(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds * 1000, 1)


def _check(name: str, response: httpx.Response, parse: bool) -> tuple[str | None, Any]:
    """(None, the JSON body or None) for a good answer, else (the kind of error, None).

    With `parse` the whole body is decoded and its keys checked; without, only its status, type
    and ends (httpx has already checked its length). A /api/status answer over a big database is
    a megabyte of JSON, 10-20 ms of client CPU to decode, taken from the server's cores."""
    if response.status_code != 200:
        return f"HTTP {response.status_code}", None
    if not response.headers.get("content-type", "").startswith("application/json"):
        return "not JSON", None
    if not parse:
        content = response.content
        return (None, None) if content[:1] == b"{" and content.rstrip()[-1:] == b"}" else ("not JSON", None)
    try:
        body = response.json()
    except ValueError:
        return "not JSON", None
    keys = ("rows", "focus") if name == "/api/status" else ("items", "total", "next_cursor")
    if not isinstance(body, dict) or any(k not in body for k in keys):
        return "unexpected body", None
    return None, body


@dataclass
class _Run:
    """What the clients of a run share (one event loop: no locks needed)."""

    deadline: float
    left: int  # requests still allowed; negative: no limit
    endpoints: dict[str, Endpoint]
    per_client: list[int]
    samples: list[str]
    status_asked: int = 0


async def _client(index: int, http: httpx.AsyncClient, run: _Run) -> None:
    """One client: status and events in turn until the deadline (or the run's budget is spent)."""
    turn, dates, filters = index % 2, index, index
    cursor, pages = None, 0
    while time.monotonic() < run.deadline and run.left != 0:
        run.left -= 1
        if turn % 2 == 0:
            name, day = "/api/status", STATUS_DATES[dates % len(STATUS_DATES)]
            params: dict[str, str] = {"as_of": day} if day else {}
            dates += 1
            parse = run.status_asked % PARSE_EVERY == 0  # one status answer in PARSE_EVERY, over all clients
            run.status_asked += 1
        else:
            name = "/api/events"
            if cursor is None or pages >= PAGES:
                filters, cursor, pages = filters + 1, None, 0
            params = {"limit": EVENT_LIMIT, **EVENT_FILTERS[filters % len(EVENT_FILTERS)]}
            if cursor:
                params["cursor"] = cursor
            parse = True  # the cursor is in it
        turn += 1
        started = time.perf_counter()
        try:
            response = await http.get(name, params=params)
            kind, body = _check(name, response, parse)
        except httpx.TimeoutException as exc:
            kind, response = f"timeout ({type(exc).__name__})", None
        except Exception as exc:  # noqa: BLE001 - any failure of a request is an error to count, not a crash
            kind, response = f"{'transport' if isinstance(exc, httpx.HTTPError) else 'client'} ({type(exc).__name__}: {exc})", None
        took = time.perf_counter() - started
        record = run.endpoints[name]
        if kind is None:
            run.per_client[index] += 1
            record.latencies.append(took)
            record.bytes += len(response.content)
            if name == "/api/events":
                cursor, pages = body["next_cursor"], pages + 1
        else:
            record.errors[kind] += 1
            cursor = None
            if len(run.samples) < 10:
                detail = f": {response.text[:200]}" if response is not None else ""
                run.samples.append(f"{name}?{httpx.QueryParams(params)} after {took:.2f} s: {kind}{detail}")


async def _load(url: str, clients: int, seconds: float, timeout: float, max_requests: int) -> tuple[_Run, float]:
    endpoints = {name: Endpoint(name) for name in ("/api/status", "/api/events")}
    # One AsyncClient per client, each limited to one keep-alive connection (`clients` connections
    # in all). One shared pool of 200 connections costs httpcore time per request that grows with
    # the pool: 13 ms of client CPU per request, against 3 ms this way, which made the client, not
    # the server, the bottleneck. The clients share one SSL context (one each: 50 ms apiece).
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    context = ssl.create_default_context()
    https = [httpx.AsyncClient(base_url=url, limits=limits, timeout=httpx.Timeout(timeout), verify=context)
             for _ in range(clients)]
    try:
        started = time.monotonic()
        run = _Run(started + seconds, max_requests if max_requests > 0 else -1, endpoints, [0] * clients, [])
        tasks = [asyncio.create_task(_client(i, https[i], run)) for i in range(clients)]
        done, pending = await asyncio.wait(tasks, timeout=seconds + timeout + 10)
        for task in pending:  # cannot happen while every request has its timeout; a hard stop all the same
            task.cancel()
        for task in done:
            if task.exception() is not None:
                run.samples.append(f"client crashed: {task.exception()!r}")
                endpoints["/api/status"].errors["client crashed"] += 1
        elapsed = time.monotonic() - started
    finally:
        await asyncio.gather(*(http.aclose() for http in https), return_exceptions=True)
    if pending:
        endpoints["/api/status"].errors["client stopped at the hard limit"] += len(pending)
    return run, elapsed


def _process_cpu(pid: int | None) -> float | None:
    """CPU seconds (user + system) of a process and its reaped children, from /proc (None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError, IndexError):
        return None
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def _machine_busy() -> float | None:
    """CPU seconds all processes of the machine have used (busy = all but idle and iowait), from /proc/stat."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return None
    return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def run_load(url: str, *, clients: int = 200, seconds: float = 60.0, timeout: float = 30.0, max_requests: int = 0,
             server_pid: int | None = None) -> LoadResult:
    """Run the load against a server at `url` and return what every endpoint and client got."""
    if not 1 <= clients <= MAX_CLIENTS or not 0 < seconds <= MAX_SECONDS:
        raise ValueError(f"clients must be 1..{MAX_CLIENTS} and seconds 0..{MAX_SECONDS}")
    try:
        import uvloop
        runner: Any = uvloop.run
        loop = f"uvloop {uvloop.__version__}"
    except ImportError:
        runner, loop = asyncio.run, "asyncio"
    cpu_before, server_before, machine_before = time.process_time(), _process_cpu(server_pid), _machine_busy()
    go = lambda: runner(_load(url.rstrip("/"), clients, seconds, timeout, max_requests))
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        run, elapsed = go()
    else:  # a loop already runs in this thread (Playwright's sync API does, in a test session): ours gets its own
        with ThreadPoolExecutor(1, thread_name_prefix="load") as pool:
            run, elapsed = pool.submit(go).result()
    server_after, machine_after = _process_cpu(server_pid), _machine_busy()
    server_cpu = None if server_before is None or server_after is None else server_after - server_before
    machine = None if machine_before is None or machine_after is None else machine_after - machine_before
    return LoadResult(url, clients, seconds, elapsed, run.endpoints, run.per_client, time.process_time() - cpu_before,
                      server_cpu, machine, loop, run.samples)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _dipwatch() -> list[str]:
    script = Path(sys.executable).parent / "dipwatch"
    if script.exists():
        return [str(script)]
    found = shutil.which("dipwatch")
    return [found] if found else [sys.executable, "-c", "from dipwatch.serve.cli import main; main()"]


@contextmanager
def serve(db: str | os.PathLike[str], *, startup: float = 300.0) -> Iterator[tuple[str, int]]:
    """`dipwatch serve --db DB --port <free>` (read-only, 127.0.0.1) in a subprocess, once it answers
    /api/status (the first answer merges the reports: 35 s at 100,000 events): yields (base URL,
    pid); stops it after."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen([*_dipwatch(), "serve", "--db", str(db), "--host", "127.0.0.1", "--port", str(port)],
                                   stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + startup
            while True:
                try:
                    if httpx.get(f"{url}/api/status", timeout=max(1.0, deadline - time.monotonic())).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"dipwatch serve did not come up on {url}:\n{log.read()[-2000:]}")
                time.sleep(0.2)
            yield url, process.pid
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def table(result: dict[str, Any]) -> str:
    """The report as a text table, one line per endpoint and one for all."""
    head = f"{'endpoint':<12} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} {'>1s':>6} {'>5s':>5} {'KB':>6}"
    title = (f"{result['clients']} clients for {result['seconds']:g} s against {result['url']} "
             f"({result['elapsed_s']} s with the last answers)")
    lines = [title, head, "-" * len(head)]
    for name, e in result["endpoints"].items():
        cells = [e[k] if e[k] is not None else "-" for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms")]
        lines.append(f"{name:<12} {e['requests']:>8} {e['errors']:>6} {e['throughput_rps']:>7} "
                     + " ".join(f"{c:>8}" for c in cells) + f" {e['over_1s']:>6} {e['over_5s']:>5} {e['mean_kb']:>6}")
    cpu, clients = result["cpu"], result["per_client"]
    server = f"server {cpu['server_s']} s ({cpu['server_share_of_one_core']:.0%} of a core)" if cpu["server_s"] is not None else "server: not measured"
    lines.append(f"per client: {clients['min']}..{clients['max']} good answers, {clients['without_a_request']} without one; "
                 f"CPU on {cpu['cores']} cores: client {cpu['client_s']} s ({cpu['client_share_of_one_core']:.0%} of a core, "
                 f"{result['client_loop']}), {server}")
    if cpu["others_s"] is not None:
        lines.append(f"machine: {cpu['machine_busy_s']} CPU s busy in all, {cpu['others_s']} s of it other processes "
                     f"({cpu['others_s'] / result['elapsed_s']:.0%} of a core)")
    for name, e in result["endpoints"].items():
        if e["error_kinds"] and name != "all":
            lines.append(f"errors on {name}: {e['error_kinds']}")
    lines += [f"  e.g. {s}" for s in result["error_samples"][:5]]
    lines.append("OK: no errors" if result["ok"] else "FAILED: errors, or a client without a completed request")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--db", help="Database to serve with `dipwatch serve` (started and stopped here).")
    target.add_argument("--url", help="A running server, e.g. http://127.0.0.1:8001 (no server is started).")
    parser.add_argument("--clients", type=int, default=200, help=f"Concurrent clients (1..{MAX_CLIENTS}; default 200).")
    parser.add_argument("--seconds", type=float, default=60.0, help="How long the clients send requests (default 60).")
    parser.add_argument("--timeout", type=float, default=30.0, help="Per-request timeout in seconds (default 30): an error past it.")
    parser.add_argument("--max-requests", type=int, default=0, help="Stop after this many requests in all (default 0: no limit).")
    parser.add_argument("--json", action="store_true", help="Print the result as JSON instead of the table.")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= MAX_CLIENTS or not 0 < args.seconds <= MAX_SECONDS or args.timeout <= 0:
        parser.error(f"--clients must be 1..{MAX_CLIENTS}, --seconds 0..{MAX_SECONDS}, --timeout above 0")
    options: dict[str, Any] = {"clients": args.clients, "seconds": args.seconds, "timeout": args.timeout,
                               "max_requests": args.max_requests}
    if args.url:
        result = run_load(args.url, **options)
    else:
        if not Path(args.db).is_file():
            parser.error(f"no database at {args.db}: build one with `dipwatch demo --db {args.db}`")
        with serve(args.db) as (url, pid):
            result = run_load(url, server_pid=pid, **options)
    report = result.as_dict()
    report["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform(),
                         "httpx": httpx.__version__}
    print(json.dumps(report, indent=1) if args.json else table(report))
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
