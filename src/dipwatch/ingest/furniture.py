"""Page furniture: the rules of `knowledge/data/furniture.yaml`, and the line filter that applies them.

`filter_lines(lines)` keeps the article's paragraphs and drops navigation menus, ads, subscription
and share prompts, cookie notices, photo credits, footers and "More from …" blocks of other stories.
It never rewrites a kept line except to cut a trailing photo credit or copyright notice.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import KnowledgeError

__all__ = ["FURNITURE_FILE", "FilteredLines", "FurnitureRules", "filter_lines", "load_rules"]

FURNITURE_FILE = Path(__file__).resolve().parent.parent / "knowledge" / "data" / "furniture.yaml"

_LIMIT_KEYS = (
    "menu_max_words",
    "menu_max_chars",
    "menu_min_run",
    "bullet_max_words",
    "credit_max_words",
    "containing_max_chars",
    "heading_max_words",
    "min_body_before_block",
)
_PATTERN_KEYS = ("drop_lines", "drop_lines_containing", "credit_lines", "credit_suffixes")
_BULLET = re.compile(r"^[•·▪◦‣●■*–-]\s+")
_SENTENCE_END = re.compile(r"[.!?…]['\"’”)\]]*$")
_GLUED = re.compile(r"[a-z][A-Z]")  # "MarketsSharesCurrency": menu items pasted together
_SEPARATED = re.compile(r"\s[|•·]\s")  # "Home | World | Business"
_WORD = re.compile(r"[^\W_]\S*|\S+?[^\W_]\S*")
_FURNITURE_CHARS = 1000  # a longer line is a paragraph of prose, never furniture on its own
_SUFFIX_CHARS = 300  # a trailing credit is found within this many characters of the line's end
_MARKER_CHARS = 80  # a resume marker ("Story continues below") is a short line
_MAX_WORD_CHARS = 30  # a line longer than 30 characters per allowed word is taken to have too many


@dataclass(frozen=True)
class FurnitureRules:
    """The compiled contents of furniture.yaml."""

    block_headings: tuple[str, ...]
    resume_markers: tuple[str, ...]
    drop_lines: re.Pattern[str]
    drop_containing: re.Pattern[str]
    credit_lines: re.Pattern[str]
    credit_suffix: re.Pattern[str]
    limits: dict[str, int]


@dataclass(frozen=True)
class FilteredLines:
    """What `filter_lines` returns: the kept lines, and the furniture found before the first one."""

    kept: list[tuple[int, str]]  # (index of the input line, the line)
    header: list[str]  # dropped lines above the first kept line (the byline area, for date cues)
    dropped: int


def _pattern(data: dict[str, Any], key: str, name: str) -> str:
    """The patterns of one list of furniture.yaml as one alternation (each checked on its own first)."""
    patterns = data.get(key) or []
    if not isinstance(patterns, list):
        raise KnowledgeError(f"{name}: {key} must be a list of patterns")
    for index, pattern in enumerate(patterns, 1):
        if not isinstance(pattern, str):
            raise KnowledgeError(f"{name}: {key}[{index}] is not a string: {pattern!r}")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise KnowledgeError(f"{name}: {key}[{index}] {pattern!r}: {exc}") from exc
    return "|".join(f"(?:{p})" for p in patterns) or "(?!)"  # an empty list matches nothing


def _phrases(data: dict[str, Any], key: str, name: str) -> tuple[str, ...]:
    values = data.get(key) or []
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise KnowledgeError(f"{name}: {key} must be a list of phrases")
    return tuple(" ".join(v.lower().split()) for v in values)


def _limits(data: dict[str, Any], name: str) -> dict[str, int]:
    limits = data.get("limits") or {}
    missing = [k for k in _LIMIT_KEYS if not isinstance(limits.get(k), int)]
    if missing:
        raise KnowledgeError(f"{name}: limits need integer values for {', '.join(missing)}")
    return {k: int(limits[k]) for k in _LIMIT_KEYS}


@functools.cache
def load_rules(path: Path = FURNITURE_FILE) -> FurnitureRules:
    """Read and compile furniture.yaml once per process (raises KnowledgeError naming the entry)."""
    name = path.name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"{name}: cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise KnowledgeError(f"{name}: expected a mapping at the top level")
    flags = re.IGNORECASE
    patterns = {k: _pattern(data, k, name) for k in _PATTERN_KEYS}
    return FurnitureRules(
        block_headings=_phrases(data, "block_headings", name),
        resume_markers=_phrases(data, "resume_markers", name),
        drop_lines=re.compile(patterns["drop_lines"], flags),
        drop_containing=re.compile(patterns["drop_lines_containing"], flags),
        credit_lines=re.compile(patterns["credit_lines"], flags),
        # a credit follows a finished sentence: "... 7th. Photograph: Name/Agency"
        credit_suffix=re.compile(rf"(?<=[.!?…'\"’”)\]])\s+(?:{patterns['credit_suffixes']})$", flags),
        limits=_limits(data, name),
    )


def _words(line: str) -> int:
    """Words with a letter or digit in them: bullets, dashes and "&" do not count."""
    return len(_WORD.findall(line))


def _at_most(line: str, words: int) -> bool:
    """Whether the line has at most this many words (a long line is not counted: it has more)."""
    return len(line) <= words * _MAX_WORD_CHARS and _words(line) <= words


def _is_short(line: str, rules: FurnitureRules) -> bool:
    """A line that could be a menu item: a few words, no sentence punctuation at the end."""
    return (
        len(line) <= rules.limits["menu_max_chars"]
        and _words(line) <= rules.limits["menu_max_words"]
        and not _SENTENCE_END.search(line)
    )


def _starts_with(line: str, phrases: tuple[str, ...]) -> bool:
    lowered = " ".join(line.lower().split()).rstrip(" :»›>|-–—")
    return any(lowered == p or lowered.startswith(p + " ") for p in phrases)


def _is_heading(line: str, rules: FurnitureRules) -> bool:
    """A short line opening a block of other stories ("More from World", "Most read")."""
    return (
        _at_most(line, rules.limits["heading_max_words"])
        and not line.endswith(".")
        and _starts_with(line, rules.block_headings)
    )


def _is_menu_item(line: str, rules: FurnitureRules) -> bool:
    """A bullet that names a section ("• World") or glues several together, or a "A | B | C" bar."""
    separators = len(_SEPARATED.findall(line))
    if separators >= 2 and _words(line) <= 3 * (separators + 1):  # a few words between the bars
        return True
    if not _BULLET.match(line) or _SENTENCE_END.search(line):
        return False
    return _at_most(line, rules.limits["bullet_max_words"]) or len(_GLUED.findall(line)) >= 2


def _is_dropped(line: str, rules: FurnitureRules) -> bool:
    """Whether a line is furniture on its own (a pattern of furniture.yaml or a photo credit)."""
    if len(line) > _FURNITURE_CHARS:
        return False
    if rules.drop_lines.fullmatch(line):
        return True
    if len(line) <= _MARKER_CHARS and _starts_with(line, rules.resume_markers):
        return True
    if len(line) <= rules.limits["containing_max_chars"] and rules.drop_containing.search(line):
        return True
    return _at_most(line, rules.limits["credit_max_words"]) and bool(rules.credit_lines.fullmatch(line))


def _menu_runs(lines: list[str], keep: list[bool], rules: FurnitureRules) -> None:
    """Drop menus: bullet items, and runs of short lines (bullet items count; other furniture and
    blank lines do not break a run)."""
    runs: list[list[int]] = [[]]
    for index, line in enumerate(lines):
        if not line or not keep[index]:
            continue
        if _is_menu_item(line, rules):
            keep[index] = False
            runs[-1].append(index)
        elif _is_short(line, rules):
            runs[-1].append(index)
        elif runs[-1]:
            runs.append([])
    for run in runs:
        if len(run) >= rules.limits["menu_min_run"]:
            for index in run:
                keep[index] = False


def _cut_blocks(lines: list[str], keep: list[bool], rules: FurnitureRules) -> None:
    """Drop each "More from …" heading and what follows it, up to a resume marker or the end."""
    body = 0
    skipping = False
    for index, line in enumerate(lines):
        if not line:
            continue
        if skipping:
            skipping = len(line) > _MARKER_CHARS or not _starts_with(line, rules.resume_markers)
            keep[index] = False
        elif _is_heading(line, rules):
            keep[index] = False
            skipping = body >= rules.limits["min_body_before_block"]
        elif keep[index] and not _is_short(line, rules):
            body += len(line)


def _strip_credit(line: str, rules: FurnitureRules) -> str:
    """The line without a trailing photo credit or copyright notice (applied until none is left)."""
    while True:
        cut = max(len(line) - _SUFFIX_CHARS, 0)
        stripped = line[:cut] + rules.credit_suffix.sub("", line[cut:])
        if stripped == line:
            return line
        line = stripped


def filter_lines(
    lines: list[str], *, menus: bool = True, rules: FurnitureRules | None = None
) -> FilteredLines:
    """The article's lines, with their indices (input: whitespace-normalised lines, "" for a blank).

    `menus=False` turns off the short-line heuristics (menu runs, bullet items): for text that an
    HTML extractor has already separated from the page's navigation.
    """
    rules = rules or load_rules()
    keep = [bool(line) and not _is_dropped(line, rules) for line in lines]
    if menus:
        _menu_runs(lines, keep, rules)
    _cut_blocks(lines, keep, rules)
    kept: list[tuple[int, str]] = []
    header: list[str] = []
    for index, (line, wanted) in enumerate(zip(lines, keep, strict=True)):
        if not wanted:
            if line and not kept:
                header.append(line)
            continue
        line = _strip_credit(line, rules)
        if line and (not kept or line != kept[-1][1]):  # a caption repeated under its photo: keep one
            kept.append((index, line))
    dropped = sum(1 for line in lines if line) - len(kept)
    return FilteredLines(kept=kept, header=header, dropped=dropped)
