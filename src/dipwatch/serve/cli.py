"""The `dipwatch` command line: thin commands over the core (parse, call, render)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
import time
from collections.abc import Iterable
from importlib import resources
from itertools import chain
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .. import __version__
from ..derive import relationships_as_of
from ..errors import DipwatchError, InputError
from ..export import write_csv, write_jsonl
from ..knowledge import load_knowledge
from ..nlp import DEFAULT_MODEL
from ..ingest import RawPage, iter_sources
from ..engines import Engine, open_engine
from ..pipeline import FileOutcome, RunReport, count_sources, ingest_sources
from ..records import IngestFailure, PartialDate
from ..store import EventFilter, Store
from . import render, standings

app = typer.Typer(help="dipwatch: who stands where with a government, from the news, with evidence.", no_args_is_help=True)
knowledge_app = typer.Typer(help="Inspect and validate the knowledge files.", no_args_is_help=True)
app.add_typer(knowledge_app, name="knowledge")
console = Console()
errors = Console(stderr=True)

DB_OPTION = typer.Option(None, "--db", help="Database file or SQLAlchemy URL (else $DIPWATCH_DB, else ./dipwatch.db).")
FOCUS_OPTION = typer.Option("AFG", "--focus", help="Focus government's actor code.")
JSON_OPTION = typer.Option(False, "--json", help="Print the result as JSON, with every report behind it.")
ALLOW_PRIVATE_OPTION = typer.Option(
    False, "--allow-private", help="Also fetch private, loopback and link-local addresses (refused by default)."
)
DELAY_OPTION = typer.Option(1.0, "--delay", min=0.0, help="Seconds between two requests to one host.")
_ACTOR_CODE = re.compile(r"^[A-Z]{2,8}(_[A-Z]{2,8})?$")
MODEL = os.environ.get("DIPWATCH_MODEL", DEFAULT_MODEL)


def _day(value: str | None, option: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{option} takes a date YYYY-MM-DD, not {value!r}") from exc


def _partial(value: str | None, option: str) -> PartialDate | None:
    try:
        return PartialDate.parse(value) if value else None
    except ValueError as exc:
        raise InputError(f"{option} takes a date YYYY[-MM[-DD]], not {value!r}") from exc


def _code(value: str, option: str) -> str:
    code = value.strip().upper()
    if not _ACTOR_CODE.match(code):
        raise InputError(f"{option} takes an actor code such as RUS, AFG or AFG_REP, not {value!r}")
    return code


def _fail(exc: DipwatchError) -> typer.Exit:
    errors.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True, highlight=False)
    return typer.Exit(2)


def _print_outcome(outcome: FileOutcome) -> None:
    """One line per failure and per warning, never wrapped (paths and reasons are not markup)."""
    path = escape(outcome.path)
    if outcome.outcome == "failed":
        errors.print(f"[red]failed[/red] {path}: {escape(outcome.reason)}", soft_wrap=True, highlight=False)
    for warning in outcome.warnings:
        errors.print(f"[yellow]warning[/yellow] {path}: {escape(warning)}", soft_wrap=True, highlight=False)


def _run_ingest(paths: list[Path], store: Store, pages: Iterable[RawPage | IngestFailure] | None = None,
                expected: int = 0, engine: str = "processes", workers: int = 0, scheduler: str | None = None,
                report: Path | None = None) -> RunReport:
    """Ingest files and folders, then `pages` (fetched URLs: `expected` of them), with a progress bar,
    on the engine chosen (engines.open_engine); every file's outcome is written to `report` as it comes."""
    total = count_sources(paths) + expected
    with open_engine(engine, workers=workers or None, scheduler=scheduler, documents=total) as running, \
            _OutcomeLog(report) as log:
        return _ingest_with_progress(paths, store, pages, total, running, log)


class _OutcomeLog:
    """`--report FILE`: a JSON array of outcomes, written as they come (memory stays flat)."""

    def __init__(self, path: Path | None) -> None:
        self.path, self.out, self.first = path, None, True

    def __enter__(self) -> _OutcomeLog:
        if self.path is not None:
            self.out = self.path.open("w", encoding="utf-8")
            self.out.write("[")
        return self

    def write(self, outcome: FileOutcome) -> None:
        if self.out is not None:
            self.out.write(("\n" if self.first else ",\n") + json.dumps(_outcome_dict(outcome), ensure_ascii=False))
            self.first = False

    def __exit__(self, *exc: object) -> None:
        if self.out is not None:
            self.out.write("\n]\n")
            self.out.close()


def _ingest_with_progress(paths: list[Path], store: Store, pages: Iterable[RawPage | IngestFailure] | None,
                          total: int, engine: Engine, log: _OutcomeLog) -> RunReport:
    with Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=errors, transient=True, disable=total < 2,
    ) as progress:
        task = progress.add_task("ingesting", total=total)

        def advance(outcome: FileOutcome) -> None:
            _print_outcome(outcome)
            log.write(outcome)
            progress.advance(task)

        sources = chain(iter_sources(paths), pages) if pages is not None else iter_sources(paths)
        return ingest_sources(sources, store, model=MODEL, on_file=advance, engine=engine)


def _throughput(report: RunReport) -> str:
    seconds = max(report.seconds, 1e-9)
    new = report.count("new")
    return (f"{report.inputs} inputs in {report.seconds:.1f} s with {report.workers} "
            f"worker{'s' if report.workers > 1 else ''}: {new / seconds:.1f} new documents/s, "
            f"{report.sentences / seconds:.0f} sentences/s ({report.parsed_sentences} of {report.sentences} sentences parsed)")


def _summary(report: RunReport) -> str:
    return (
        f"documents: {report.count('new')} new, {report.count('known')} already known, "
        f"{report.count('failed')} failed; events found: {report.events}"
    )


@app.command()
def ingest(
    paths: Optional[list[Path]] = typer.Argument(None, help="Files or folders (recursive): .txt, .html, .htm, each with an optional NAME.json sidecar; web archives .warc, .warc.gz."),
    db: Optional[str] = DB_OPTION,
    report: Optional[Path] = typer.Option(None, "--report", help="Write every file's outcome as JSON to this file."),
    urls: Optional[Path] = typer.Option(None, "--urls", help="Also fetch the pages of these URLs (a file, one URL a line, # comments)."),
    allow_private: bool = ALLOW_PRIVATE_OPTION,
    delay: float = DELAY_OPTION,
    engine: str = typer.Option("processes", "--engine", help="local (this process), processes (all cores) or dask (a cluster)."),
    workers: int = typer.Option(0, "--workers", min=0, help="Worker processes (0: every core, or one for small inputs)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://HOST:8786); implies --engine dask."),
) -> None:
    """Ingest news pages: clean, extract events, store. Re-ingesting the same text is a no-op."""
    from ..ingest.fetch import FetchPolicy, fetch_pages, read_url_list

    try:
        if not paths and urls is None:
            raise InputError("nothing to ingest: give files or folders, or --urls FILE")
        store = Store.open(db)
        listed = read_url_list(urls) if urls is not None else []
        pages = fetch_pages(listed, FetchPolicy(allow_private=allow_private, delay=delay)) if urls is not None else None
        result = _run_ingest(list(paths or []), store, pages, expected=len(listed),
                             engine=engine, workers=workers, scheduler=scheduler, report=report)
    except DipwatchError as exc:
        raise _fail(exc)
    console.print(_summary(result))
    errors.print(_throughput(result), highlight=False, soft_wrap=True)
    if result.failed:
        raise typer.Exit(1)


def _outcome_dict(outcome: FileOutcome) -> dict[str, object]:
    return {"path": outcome.path, "outcome": outcome.outcome, "reason": outcome.reason,
            "events": outcome.events, "doc": outcome.doc, "warnings": list(outcome.warnings)}


_INTERVAL = re.compile(r"^\s*(\d+)\s*([smh])\s*$", re.IGNORECASE)


def _interval(value: str) -> float:
    """`30s`, `15m` or `1h` as seconds."""
    match = _INTERVAL.match(value)
    if not match or int(match.group(1)) == 0:
        raise InputError(f"--every takes a time such as 30s, 15m or 1h, not {value!r}")
    return int(match.group(1)) * {"s": 1, "m": 60, "h": 3600}[match.group(2).lower()]


@app.command()
def watch(
    feeds: list[str] = typer.Argument(..., help="RSS or Atom feed URLs."),
    every: str = typer.Option("15m", "--every", help="Time between polls: 30s, 15m, 1h."),
    once: bool = typer.Option(False, "--once", help="Poll once and exit (exit code 1 if anything failed)."),
    db: Optional[str] = DB_OPTION,
    allow_private: bool = ALLOW_PRIVATE_OPTION,
    state: Optional[Path] = typer.Option(None, "--state", help="Where to remember the entries read (default: DB.feeds.json)."),
    delay: float = DELAY_OPTION,
) -> None:
    """Poll feeds, and ingest the pages of their new entries; one summary line a round, Ctrl-C to stop."""
    from ..ingest.feeds import FeedRound, FeedState, default_state_path
    from ..ingest.fetch import Fetcher, FetchPolicy

    try:
        seconds = _interval(every)
        store = Store.open(db)
        seen = FeedState.load(state or default_state_path(store.url))
    except DipwatchError as exc:
        raise _fail(exc)
    policy = FetchPolicy(allow_private=allow_private, delay=delay)
    try:
        while True:
            started = time.monotonic()
            with Fetcher(policy) as fetcher:
                poll = FeedRound(feeds, seen, fetcher)

                def settle(outcome: FileOutcome) -> None:
                    _print_outcome(outcome)
                    poll.settle(outcome.path, outcome.outcome != "failed")

                try:
                    result = ingest_sources(poll.pages(), store, model=MODEL, on_file=settle)
                finally:
                    seen.save()  # what was read so far, even when interrupted
            console.print(
                f"{dt.datetime.now():%Y-%m-%d %H:%M:%S} feeds: {poll.feeds_read} read, {poll.feeds_failed} failed; "
                f"new entries: {len(poll.items)}; {_summary(result)}", soft_wrap=True, highlight=False,
            )
            if once:
                break
            time.sleep(max(0.0, started + seconds - time.monotonic()))
    except KeyboardInterrupt:
        errors.print("stopped")
        return
    except DipwatchError as exc:
        raise _fail(exc)
    if result.failed:
        raise typer.Exit(1)


@app.command()
def export(
    format: str = typer.Option("jsonl", "--format", help="jsonl or csv"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (default: stdout)."),
    db: Optional[str] = DB_OPTION,
) -> None:
    """Export every event as an EVENTS.md record."""
    if format not in ("jsonl", "csv"):
        raise _fail(InputError(f"--format must be jsonl or csv, not {format!r}"))
    try:
        items = Store.open(db).iter_events()
        writer = write_jsonl if format == "jsonl" else write_csv
        if output:
            with output.open("w", encoding="utf-8", newline="") as out:
                count = writer(items, out)
            errors.print(f"{count} events written to {output}")
        else:
            writer(items, sys.stdout)
    except DipwatchError as exc:
        raise _fail(exc)


@app.command()
def status(
    focus: str = FOCUS_OPTION,
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date YYYY-MM-DD (default: everything known)."),
    format: str = typer.Option("table", "--format", help="table, json or csv"),
    as_json: bool = JSON_OPTION,
    country: Optional[str] = typer.Option(None, "--country", help="Only this country's row, e.g. PAK."),
    limit: int = typer.Option(5, "--limit", min=0, help="Denials listed per country, the latest (their count is always given)."),
    all_: bool = typer.Option(False, "--all", help="List every denial (the output then grows with the data)."),
    db: Optional[str] = DB_OPTION,
) -> None:
    """Each country's relationship level with the focus government, from merged reports, with the evidence behind it."""
    try:
        day = _day(as_of, "--as-of")
        focus = _code(focus, "--focus")
        one = _code(country, "--country") if country else None
        if format not in ("table", "json", "csv"):
            raise InputError(f"--format must be table, json or csv, not {format!r}")
        bound = None if all_ else limit
        store = Store.open(db)
        # the derived rows (rebuilt first if the store changed), reading only the denials shown
        rows = standings.current(store, focus, day, denials=bound, country=one)
        if rows is None:  # a store that cannot be written (the CLI opens none such): derive as before
            rows = relationships_as_of(store.iter_events(EventFilter(focus=focus)), focus, day)
            rows = [row for row in rows if one is None or row.country == one]
    except DipwatchError as exc:
        raise _fail(exc)
    if format == "json" or as_json:
        print(render.relationships_json(rows, bound))
    elif format == "csv":
        print(render.relationships_csv(rows), end="")
    else:
        title = f"Relationships with {focus}" + (f" as of {day}" if day else "")
        console.print(render.relationship_table(rows, title, bound) if rows else f"No events involving {focus} yet.")


@app.command()
def events(
    country: Optional[str] = typer.Option(None, "--country", help="ISO3 (or actor code) on either side."),
    type: Optional[str] = typer.Option(None, "--type", help="Event type, e.g. RECOGNIZE."),
    since: Optional[str] = typer.Option(None, "--since", help="Events dated on or after YYYY[-MM[-DD]]."),
    db: Optional[str] = DB_OPTION,
) -> None:
    """List events with their evidence sentences."""
    try:
        where = EventFilter(country=country, type=type.upper() if type else None, since=_partial(since, "--since"))
        items = Store.open(db).events(where)
    except DipwatchError as exc:
        raise _fail(exc)
    console.print(render.events_table(items) if items else "No events match.")


@app.command()
def brief(
    output: Path = typer.Option(Path("brief.html"), "-o", "--output", help="File to write: .html (with the map) or .md."),
    format: Optional[str] = typer.Option(None, "--format", help="html or md (default: from the -o suffix)."),
    focus: str = FOCUS_OPTION,
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Date YYYY-MM-DD (default: everything known)."),
    since: Optional[str] = typer.Option(None, "--since", help="Changes from this date YYYY-MM-DD (default: 30 days before --as-of)."),
    db: Optional[str] = DB_OPTION,
) -> None:
    """Write a self-contained report: map of levels, table, changes, conflicts, every claim footnoted."""
    from .brief import brief_format, build_brief, render_brief

    try:
        kind = brief_format(str(output), format)
        focus = _code(focus, "--focus")
        report = build_brief(Store.open(db).events(EventFilter(focus=focus)), focus, _day(as_of, "--as-of"), _day(since, "--since"))
        output.write_text(render_brief(report, kind), encoding="utf-8")
    except DipwatchError as exc:
        raise _fail(exc)
    except OSError as exc:
        raise _fail(InputError(f"cannot write {output}: {exc.strerror}"))
    print(output)


@app.command()
def timeline(
    country: str = typer.Argument(..., help="The other party's actor code, e.g. RUS."),
    focus: str = FOCUS_OPTION,
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Only what was known by this date YYYY-MM-DD."),
    as_json: bool = JSON_OPTION,
    db: Optional[str] = DB_OPTION,
) -> None:
    """COUNTRY's events with the focus government in date order (all statuses, merged), level changes marked."""
    from ..derive import timeline as derive_timeline
    from . import relations

    try:
        country, focus, day = _code(country, "COUNTRY"), _code(focus, "--focus"), _day(as_of, "--as-of")
        entries = derive_timeline(Store.open(db).iter_events(EventFilter(focus=focus)), country, focus, day)
    except DipwatchError as exc:
        raise _fail(exc)
    if as_json:
        print(relations.to_json(relations.timeline_rows(entries)))
    elif not entries:
        console.print(f"No events between {country} and {focus}" + (f" known by {day}." if day else "."))
    else:
        title = f"{country} and {focus}" + (f" as of {day}" if day else "")
        console.print(relations.timeline_table(entries, title))


@app.command()
def changes(
    since: str = typer.Option(..., "--since", help="First day YYYY-MM-DD."),
    until: Optional[str] = typer.Option(None, "--until", help="Last day YYYY-MM-DD (default: everything known)."),
    focus: str = FOCUS_OPTION,
    as_json: bool = JSON_OPTION,
    db: Optional[str] = DB_OPTION,
) -> None:
    """Levels up and down and flags set or cleared between two dates, each with its evidence."""
    from ..derive import changes as derive_changes
    from . import relations

    try:
        focus, start, end = _code(focus, "--focus"), _day(since, "--since"), _day(until, "--until")
        if start and end and end < start:
            raise InputError(f"--until ({end}) is before --since ({start})")
        found = derive_changes(Store.open(db).iter_events(EventFilter(focus=focus)), focus, start, end)
    except DipwatchError as exc:
        raise _fail(exc)
    if as_json:
        print(relations.to_json(relations.change_rows(found)))
        return
    span = f"{start} to {end}" if end else f"since {start}"
    console.print(relations.changes_table(found, f"Changes with {focus}, {span}") if found else f"No changes with {focus} {span}.")


@app.command()
def conflicts(
    focus: Optional[str] = typer.Option(None, "--focus", help="Only events with this actor on one side (default: all)."),
    as_json: bool = JSON_OPTION,
    db: Optional[str] = DB_OPTION,
) -> None:
    """Reports of one event that disagree on figures, dates or status; compatible figures side by side."""
    from ..derive import find_conflicts
    from . import relations

    try:
        code = _code(focus, "--focus") if focus else None
        found = find_conflicts(Store.open(db).iter_events(EventFilter(focus=code)), code, include_compatible=True)
    except DipwatchError as exc:
        raise _fail(exc)
    if as_json:
        print(relations.to_json(relations.conflict_rows(found)))
        return
    disagree = [c for c in found if not c.compatible]
    agree = [c for c in found if c.compatible]
    console.print(relations.conflicts_table(disagree, "Conflicting reports") if disagree else "No conflicting reports.")
    if agree:
        console.print(relations.conflicts_table(agree, "Different words, compatible figures"))


@app.command()
def demo(db: Optional[str] = DB_OPTION) -> None:
    """Ingest the bundled sample corpus into a fresh database and show the relationship table."""
    path = Path(db or os.environ.get("DIPWATCH_DB") or "dipwatch-demo.db")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    corpus = Path(str(resources.files("dipwatch").joinpath("sample_corpus")))
    try:
        store = Store.open(path)
        result = _run_ingest([corpus], store)
        rows = relationships_as_of(store.iter_events(EventFilter(focus="AFG")), "AFG", None)
    except DipwatchError as exc:
        raise _fail(exc)
    console.print(_summary(result))
    console.print(render.relationship_table(rows, "Relationships with AFG (sample corpus)"))
    console.print(f"Database: [b]{path.resolve()}[/b]  (try: dipwatch status --db {path} --as-of 2025-07-01)")
    console.print(f"Open the dashboard: [b]dipwatch serve --db {path}[/b]  (or: make serve)")


@app.command()
def serve(
    db: Optional[str] = DB_OPTION,
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: this machine only)."),
    port: int = typer.Option(8001, "--port", min=1, max=65535, help="TCP port."),
    writable: bool = typer.Option(False, "--writable", help="Accept POST /api/documents (needs $DIPWATCH_TOKEN); default: read-only."),
    focus: str = FOCUS_OPTION,
) -> None:
    """Serve the dashboard (world map, timelines, events, changes, conflicts) and the JSON API over the database."""
    import uvicorn

    from .api import create_app, open_store

    token = os.environ.get("DIPWATCH_TOKEN") or None
    try:
        focus = _code(focus, "--focus")
        if writable and not token:
            raise InputError("--writable needs a token: set DIPWATCH_TOKEN (clients send it as 'Authorization: Bearer ...')")
        store = open_store(db, writable=writable)
        application = create_app(store, writable=writable, token=token, focus=focus, model=MODEL)
    except DipwatchError as exc:
        raise _fail(exc)
    if host not in ("127.0.0.1", "localhost", "::1"):
        errors.print(f"[yellow]warning[/yellow] listening on {host}: anyone who can reach it can read the database")
    shown = f"[{host}]" if ":" in host else host
    mode = "writable (POST /api/documents with the token)" if writable else "read-only"
    print(f"dipwatch dashboard: http://{shown}:{port}/   API docs: http://{shown}:{port}/docs", flush=True)
    print(f"serving {store.location} ({mode}); Ctrl-C to stop", flush=True)
    # Keep-alive 30 s, not uvicorn's 5: a client slow to send its next request on a busy machine
    # otherwise has its connection closed under that request ("Server disconnected"; bench/LOAD.md).
    uvicorn.run(application, host=host, port=port, log_level="warning", timeout_keep_alive=30)


@app.command("eval")
def evaluate(
    gold: Path = typer.Argument(..., help="Gold events, JSON Lines in the EVENTS.md format."),
    paths: Optional[list[Path]] = typer.Argument(None, help="Articles to ingest into a fresh temporary database first."),
    db: Optional[str] = DB_OPTION,
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="Also write the system's events (JSONL) here."),
) -> None:
    """Score the events against a gold file: the official scorer's numbers, per type, false assertions."""
    import tempfile

    from ..evaluate import load_jsonl, score_events
    from ..export import event_record, exportable

    with tempfile.TemporaryDirectory() as scratch:
        try:
            store = Store.open(Path(scratch) / "eval.db" if paths else db)
            if paths:
                _print_failures(_run_ingest(list(paths), store))
            system = [event_record(item) for item in exportable(store.iter_events())]
        except DipwatchError as exc:
            raise _fail(exc)
    if output:
        output.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in system), encoding="utf-8")
    typer.echo(score_events(load_jsonl(gold), system).report())


def _print_failures(report: RunReport) -> None:
    if report.failed:
        errors.print(_summary(report))


@app.command("eval-peer")
def eval_peer(
    name: str = typer.Argument(..., help="Peer suite: petrarch (PETRARCH-2 GSR, CAMEO), plover (PLOVER GSR) or all."),
    suites: Path = typer.Option(Path("../shared/external-eval"), "--suites", help="Folder of the peer suites."),
    as_json: bool = typer.Option(False, "--json", help="Print the full result as JSON."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N records."),
    show: int = typer.Option(20, "--show-disagreements", help="Disagreements to list (0: none, -1: all)."),
) -> None:
    """Agreement with a peer coder's gold suite on (source, target, code), run through the real extractor."""
    from ..peer import SUITES, evaluate_suite

    names = list(SUITES) if name == "all" else [name]
    try:
        reports = [evaluate_suite(n, suites, model=MODEL, limit=limit).as_dict() for n in names]
    except DipwatchError as exc:
        raise _fail(exc)
    if as_json:
        payload = reports[0] if len(reports) == 1 else {r["summary"]["suite"]: r for r in reports}
        typer.echo(json.dumps(payload, ensure_ascii=False, indent=1))
        return
    for report in reports:
        for renderable in render.peer_report(report, show):
            console.print(renderable)


@knowledge_app.command("check")
def knowledge_check() -> None:
    """Validate every knowledge file and print what it holds."""
    try:
        knowledge = load_knowledge()
    except DipwatchError as exc:
        raise _fail(exc)
    triggers = sum(len(v) for v in knowledge.triggers_by_lemma.values())
    console.print(
        f"knowledge {knowledge.version}: {len(knowledge.actors_by_key)} gazetteer names, "
        f"{len(knowledge.states.by_text)} state names, {len(knowledge.actor_patterns)} ruler patterns, {triggers} triggers"
    )


@app.command()
def backup(
    file: Path = typer.Argument(..., help="The file to write the copy to."),
    db: Optional[str] = DB_OPTION,
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists."),
) -> None:
    """Copy the database to FILE with SQLite's online backup API (safe while an ingest is writing)."""
    from ..store.backup import backup_database
    from ..store import database_url

    try:
        result = backup_database(database_url(db), file, force=force)
    except DipwatchError as exc:
        raise _fail(exc)
    console.print(
        f"backed up {result.source} to {result.target}: {result.documents} documents, "
        f"{result.events} events, schema v{result.schema_version}; integrity check ok",
        soft_wrap=True, highlight=False,
    )


@app.command()
def version() -> None:
    """Print the version of dipwatch and of its knowledge files."""
    console.print(f"dipwatch {__version__}, knowledge {load_knowledge().version}")


def main() -> None:
    app()
