"""The `dipwatch` command line: thin commands over the core (parse, call, render)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from importlib import resources
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .. import __version__
from ..derive import relationships_as_of
from ..errors import DipwatchError, InputError
from ..export import write_csv, write_jsonl
from ..knowledge import load_knowledge
from ..nlp import DEFAULT_MODEL
from ..pipeline import FileOutcome, RunReport, count_sources, ingest_paths
from ..records import PartialDate
from ..store import EventFilter, Store
from . import render

app = typer.Typer(help="dipwatch: who stands where with a government, from the news, with evidence.", no_args_is_help=True)
knowledge_app = typer.Typer(help="Inspect and validate the knowledge files.", no_args_is_help=True)
app.add_typer(knowledge_app, name="knowledge")
console = Console()
errors = Console(stderr=True)

DB_OPTION = typer.Option(None, "--db", help="Database file or SQLAlchemy URL (else $DIPWATCH_DB, else ./dipwatch.db).")
FOCUS_OPTION = typer.Option("AFG", "--focus", help="Focus government's actor code.")
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


def _fail(exc: DipwatchError) -> typer.Exit:
    errors.print(f"[red]error:[/red] {exc}")
    return typer.Exit(2)


def _print_outcome(outcome: FileOutcome) -> None:
    if outcome.outcome == "failed":
        errors.print(f"[red]failed[/red] {outcome.path}: {outcome.reason}")
    for warning in outcome.warnings:
        errors.print(f"[yellow]warning[/yellow] {outcome.path}: {warning}")


def _run_ingest(paths: list[Path], store: Store) -> RunReport:
    total = count_sources(paths)
    with Progress(
        TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=errors, transient=True, disable=total < 2,
    ) as progress:
        task = progress.add_task("ingesting", total=total)

        def advance(outcome: FileOutcome) -> None:
            _print_outcome(outcome)
            progress.advance(task)

        return ingest_paths(paths, store, model=MODEL, on_file=advance)


def _summary(report: RunReport) -> str:
    return (
        f"documents: {report.count('new')} new, {report.count('known')} already known, "
        f"{report.count('failed')} failed; events found: {report.events}"
    )


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (recursive): .txt, .html, .htm, each with an optional NAME.json sidecar."),
    db: Optional[str] = DB_OPTION,
    report: Optional[Path] = typer.Option(None, "--report", help="Write every file's outcome as JSON to this file."),
) -> None:
    """Ingest news pages: clean, extract events, store. Re-ingesting the same text is a no-op."""
    try:
        store = Store.open(db)
        result = _run_ingest(paths, store)
    except DipwatchError as exc:
        raise _fail(exc)
    console.print(_summary(result))
    if report:
        report.write_text(json.dumps([_outcome_dict(o) for o in result.outcomes], indent=1))
    if result.failed:
        raise typer.Exit(1)


def _outcome_dict(outcome: FileOutcome) -> dict[str, object]:
    return {"path": outcome.path, "outcome": outcome.outcome, "reason": outcome.reason,
            "events": outcome.events, "doc": outcome.doc, "warnings": list(outcome.warnings)}


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
    db: Optional[str] = DB_OPTION,
) -> None:
    """Each country's relationship level with the focus government, with the evidence behind it."""
    try:
        day = _day(as_of, "--as-of")
        if format not in ("table", "json", "csv"):
            raise InputError(f"--format must be table, json or csv, not {format!r}")
        rows = relationships_as_of(Store.open(db).iter_events(EventFilter(focus=focus)), focus, day)
    except DipwatchError as exc:
        raise _fail(exc)
    if format == "json":
        print(render.relationships_json(rows))
    elif format == "csv":
        print(render.relationships_csv(rows), end="")
    else:
        title = f"Relationships with {focus}" + (f" as of {day}" if day else "")
        console.print(render.relationship_table(rows, title) if rows else f"No events involving {focus} yet.")


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
    from ..export import event_record

    with tempfile.TemporaryDirectory() as scratch:
        try:
            store = Store.open(Path(scratch) / "eval.db" if paths else db)
            if paths:
                _print_failures(_run_ingest(list(paths), store))
            system = [event_record(item) for item in store.iter_events()]
        except DipwatchError as exc:
            raise _fail(exc)
    if output:
        output.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in system), encoding="utf-8")
    typer.echo(score_events(load_jsonl(gold), system).report())


def _print_failures(report: RunReport) -> None:
    if report.failed:
        errors.print(_summary(report))


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
def version() -> None:
    """Print the version of dipwatch and of its knowledge files."""
    console.print(f"dipwatch {__version__}, knowledge {load_knowledge().version}")


def main() -> None:
    app()
