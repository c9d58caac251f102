"""furniture.yaml: it loads, every pattern compiles, and a broken file is reported by name."""

from __future__ import annotations

from pathlib import Path

import pytest

from dipwatch.errors import KnowledgeError
from dipwatch.ingest.furniture import FURNITURE_FILE, load_rules


def test_the_shipped_file_loads():
    rules = load_rules()
    assert load_rules() is rules  # read once per process
    assert "more from" in rules.block_headings and "latest from" in rules.block_headings
    assert rules.drop_lines.fullmatch("Advertisement")
    assert rules.credit_lines.fullmatch("REUTERS/Some Name")
    assert FURNITURE_FILE.name == "furniture.yaml" and FURNITURE_FILE.is_file()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("drop_lines: ['(unclosed']\n", "drop_lines[1]"),
        ("- a list\n", "expected a mapping"),
        ("drop_lines: [1]\nlimits: {}\n", "drop_lines[1] is not a string"),
        ("block_headings: [more from]\n", "limits need integer values"),
        ("key: [unclosed\n", "cannot be read"),
    ],
)
def test_a_broken_file_names_what_is_wrong(tmp_path: Path, content: str, message: str):
    path = tmp_path / "furniture.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeError, match=message.replace("[", r"\[").replace("]", r"\]")):
        load_rules(path)
