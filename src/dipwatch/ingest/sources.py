"""Which files to read: files and folders (recursive), .txt / .html / .htm and web archives, in sorted order.

Folders are walked depth-first with their entries sorted by name. Hidden files and folders (".name")
are skipped inside folders; symbolic links are followed, but a folder already visited (by its real
path) is not entered again, so link loops end; a file reached twice is read once.

A web archive (`.warc`, `.warc.gz`) is one `WarcFile` entry, found like an article file; it holds
many pages, which `ingest.warc.expand_warcs` reads out of it (so `find_sources` counts it as one).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..records import IngestFailure

__all__ = ["SUFFIXES", "WARC_SUFFIXES", "SourceFile", "WarcFile", "find_sources", "iter_sources"]

SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}
WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One article file to read, and its sidecar if there is one."""

    path: Path
    doc: str  # the file name without its extension
    format: str  # "html" or "text", by extension (the content may still say otherwise)
    sidecar: Path | None = None


@dataclass(frozen=True, slots=True)
class WarcFile:
    """One web archive (.warc or .warc.gz) to read pages from."""

    path: Path


def _is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def _wanted(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES or _is_warc(path)


def _source(path: Path) -> SourceFile | WarcFile:
    if _is_warc(path):
        return WarcFile(path)
    sidecar = path.with_suffix(".json")
    return SourceFile(
        path=path,
        doc=path.stem,
        format=SUFFIXES[path.suffix.lower()],
        sidecar=sidecar if sidecar.is_file() else None,
    )


class _Walk:
    """The state of one walk: real paths of the folders entered and the files yielded."""

    def __init__(self) -> None:
        self.folders: set[str] = set()
        self.files: set[str] = set()

    def file(self, path: Path) -> Iterator[SourceFile | WarcFile]:
        real = os.path.realpath(path)
        if real not in self.files:
            self.files.add(real)
            yield _source(path)

    def folder(self, path: Path) -> Iterator[SourceFile | WarcFile | IngestFailure]:
        real = os.path.realpath(path)
        if real in self.folders:  # a link back to a folder already walked: a loop or a duplicate
            return
        self.folders.add(real)
        try:
            with os.scandir(path) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError as exc:
            yield IngestFailure(str(path), f"unreadable folder: {exc.strerror or exc}")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows links; loops end at the `folders` check
            except OSError as exc:  # a link to itself: "Too many levels of symbolic links"
                if _wanted(child):
                    yield IngestFailure(str(child), f"unreadable: {exc.strerror or exc}")
                continue
            if is_dir:
                yield from self.folder(child)
            elif not _wanted(child):
                continue
            elif entry.is_file() or not child.exists():
                yield from self.file(child)  # a broken link fails when read, with its reason
            else:
                yield IngestFailure(str(child), "not a regular file")


def _explicit_file(path: Path, walk: _Walk) -> Iterator[SourceFile | WarcFile | IngestFailure]:
    suffix = path.suffix.lower()
    if _wanted(path):
        yield from walk.file(path)
    elif suffix == ".json" and any(path.with_suffix(s).exists() for s in SUFFIXES):
        return  # the sidecar of an article named beside it (as a shell glob passes both)
    else:
        wanted = ", ".join((*SUFFIXES, *WARC_SUFFIXES))
        yield IngestFailure(str(path), f"unsupported file type {suffix or '(none)'!r} (expected {wanted})")


def iter_sources(paths: Iterable[str | Path]) -> Iterator[SourceFile | WarcFile | IngestFailure]:
    """Every article file and web archive under `paths`, in order; an IngestFailure for each path that
    cannot be read."""
    walk = _Walk()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from walk.folder(path)
        elif path.is_file():
            yield from _explicit_file(path, walk)
        elif path.is_symlink() and not path.exists():
            yield IngestFailure(str(path), "unreadable: broken symbolic link")
        elif path.exists():
            yield IngestFailure(str(path), "not a regular file")
        else:
            yield IngestFailure(str(path), "not found")


def find_sources(paths: Iterable[str | Path]) -> Iterator[SourceFile | WarcFile]:
    """Every article file and web archive under `paths` (files or folders), in order; unwalkable paths
    are skipped."""
    for item in iter_sources(paths):
        if isinstance(item, (SourceFile, WarcFile)):
            yield item
