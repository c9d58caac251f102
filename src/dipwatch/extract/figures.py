"""Numbers a report gives about an event, as ranges (`records.Figure`).

"Killed more than 140 people" is 141 or more; "at least 12 dead" is 12 or more; "some 46
killed" is about 46. Two reports of one attack are compatible when their ranges overlap,
which is what `derive` checks. What counts and how bounds read is `figures.yaml`.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span, Token

from ..records import Figure

__all__ = ["figures_in"]

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000}
_DIGITS = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?$")


def _value(token: Token) -> float | None:
    text = token.lower_
    if _DIGITS.match(text):
        value = float(text.replace(",", ""))
    elif text in _WORD_NUMBERS:
        value = float(_WORD_NUMBERS[text])
    else:
        return None
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    if following is not None and following.lower_ in _SCALES:
        value *= _SCALES[following.lower_]
    return value


def _kind(number: Token, kinds: dict[str, frozenset[str]]) -> str | None:
    """What the number counts: the nearest kind word among the number's governors and the
    words its phrase governs ("more than 140 people were killed", "dozens of deaths")."""
    own = sorted((t for t in number.subtree if t.i != number.i), key=lambda t: abs(t.i - number.i))
    governors = [number.head, number.head.head, number.head.head.head]
    # "the death toll rose to 46": the governing verb's subject says what is counted
    subjects = [c for g in governors[1:] for c in g.children if c.dep_ in ("nsubj", "nsubjpass")]
    for token in [*own, *governors, *subjects]:
        for kind, words in kinds.items():
            if token.lemma_.lower() in words or token.lower_ in words:
                return kind
    return None


def _bounded(number: Token, value: float, config: dict[str, Any]) -> tuple[float | None, float | None]:
    before = " ".join(t.lower_ for t in number.doc[max(number.sent.start, number.i - 3) : number.i])
    bounds = config.get("bounds", {})

    def says(name: str) -> bool:
        return any(before.endswith(phrase) for phrase in bounds.get(name, ()))

    if says("more_than"):
        return value + 1, None
    if says("at_least"):
        return value, None
    if says("up_to"):
        return None, value
    if says("fewer_than"):
        return None, value - 1
    if says("about"):
        margin = float(config.get("about_margin", 0.2)) * value
        return value - margin, value + margin
    return value, value


def _phrase(number: Token) -> str:
    start = number.i
    while start > number.sent.start and number.doc[start - 1].pos_ in ("ADV", "ADJ", "ADP", "PART", "DET") and number.i - start < 3:
        start -= 1
    end = number.i + 1
    if end < len(number.doc) and number.doc[end].lower_ in _SCALES:
        end += 1
    return number.doc[start:end].text


def figures_in(sentence: Span, config: dict[str, Any]) -> tuple[Figure, ...]:
    """Every counted number in the sentence (one per kind: the first is the report's figure)."""
    kinds = {kind: frozenset(words) for kind, words in config.get("kinds", {}).items()}
    vague = {word: float(low) for word, low in config.get("vague", {}).items()}
    found: dict[str, Figure] = {}
    for token in sentence:
        if token.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL"):
            continue
        value = _value(token)
        if value is None and token.lower_ in vague:
            kind = _kind(token, kinds)
            if kind and kind not in found:
                found[kind] = Figure(kind, vague[token.lower_], None, token.text)
            continue
        if value is None or token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ in ("%", "percent", "km", "kilometres"):
            continue
        kind = _kind(token, kinds)
        if kind and kind not in found:
            low, high = _bounded(token, value, config)
            found[kind] = Figure(kind, low, high, _phrase(token))
    return tuple(found.values())
