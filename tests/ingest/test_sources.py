"""Finding article files: recursive, sorted, hidden files skipped, sidecars paired, loops safe."""

from __future__ import annotations

import os
from pathlib import Path

from dipwatch.ingest import SourceFile, find_sources
from dipwatch.ingest.sources import iter_sources
from dipwatch.records import IngestFailure


def _tree(root: Path, names: list[str]) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("text", encoding="utf-8")


def _relative(sources: list[SourceFile], root: Path) -> list[str]:
    return [str(s.path.relative_to(root)) for s in sources]


def test_recursive_sorted_and_filtered(tmp_path: Path):
    _tree(tmp_path, [
        "b.txt", "a.html", "c.HTM", "notes.md", "image.png", "a.json", ".hidden.txt",
        ".git/x.txt", "sub/z.txt", "sub/deeper/y.html", "sub/y.json", "sub/y.txt",
    ])  # fmt: skip
    sources = list(find_sources([tmp_path]))
    assert _relative(sources, tmp_path) == [
        "a.html",
        "b.txt",
        "c.HTM",
        "sub/deeper/y.html",
        "sub/y.txt",
        "sub/z.txt",
    ]
    by_name = {s.path.name: s for s in sources}
    assert by_name["a.html"].sidecar == tmp_path / "a.json"
    assert by_name["y.txt"].sidecar == tmp_path / "sub" / "y.json"
    assert by_name["y.html"].sidecar is None  # the sidecar sits beside its own file only
    assert by_name["b.txt"].sidecar is None
    assert [(s.doc, s.format) for s in sources[:3]] == [("a", "html"), ("b", "text"), ("c", "html")]


def test_doc_is_the_file_stem(tmp_path: Path):
    _tree(tmp_path, ["000_f191f3fc6c3b0068.txt", "report.v2.html"])
    assert [s.doc for s in find_sources([tmp_path])] == ["000_f191f3fc6c3b0068", "report.v2"]


def test_explicit_files_keep_their_order_and_are_read_once(tmp_path: Path):
    _tree(tmp_path, ["b.txt", "a.txt"])
    sources = list(find_sources([tmp_path / "b.txt", tmp_path, tmp_path / "a.txt"]))
    assert _relative(sources, tmp_path) == ["b.txt", "a.txt"]


def test_explicit_hidden_file_is_read(tmp_path: Path):
    _tree(tmp_path, [".draft.txt"])
    assert _relative(list(find_sources([tmp_path / ".draft.txt"])), tmp_path) == [".draft.txt"]


def test_symlink_loop_ends(tmp_path: Path):
    _tree(tmp_path, ["root.txt", "sub/leaf.txt"])
    (tmp_path / "sub" / "up").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "sub" / "self").symlink_to(tmp_path / "sub", target_is_directory=True)
    (tmp_path / "sub" / "ring").symlink_to(tmp_path / "sub" / "ring")  # a link to itself
    assert _relative(list(find_sources([tmp_path])), tmp_path) == ["root.txt", "sub/leaf.txt"]


def test_linked_folder_and_file_are_read_once(tmp_path: Path):
    _tree(tmp_path, ["real/a.txt"])
    (tmp_path / "alias").symlink_to(tmp_path / "real", target_is_directory=True)
    (tmp_path / "b.txt").symlink_to(tmp_path / "real" / "a.txt")
    assert _relative(list(find_sources([tmp_path])), tmp_path) == ["alias/a.txt"]


def test_sidecar_given_beside_its_article_is_skipped_quietly(tmp_path: Path):
    _tree(tmp_path, ["a.txt", "a.json", "lonely.json"])
    items = list(iter_sources([tmp_path / "a.json", tmp_path / "a.txt", tmp_path / "lonely.json"]))
    assert isinstance(items[0], SourceFile) and items[0].path.name == "a.txt"
    assert isinstance(items[1], IngestFailure) and items[1].reason.startswith("unsupported file type '.json'")
    assert len(items) == 2


def test_missing_path_is_reported_not_raised(tmp_path: Path):
    assert list(find_sources([tmp_path / "missing"])) == []
    (failure,) = iter_sources([tmp_path / "missing"])
    assert failure == IngestFailure(str(tmp_path / "missing"), "not found")


def test_a_named_pipe_is_not_read(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe.txt")
    assert list(iter_sources([tmp_path])) == [IngestFailure(str(tmp_path / "pipe.txt"), "not a regular file")]
    assert list(iter_sources([tmp_path / "pipe.txt"])) == [
        IngestFailure(str(tmp_path / "pipe.txt"), "not a regular file")
    ]
