"""Names of states -> ISO 3166-1 alpha-3, built from packages rather than hand-written lists.

Sources, in order of precedence: the project's `state_overrides.csv` (fixes and a deny list,
code `-`), pycountry (ISO names), countryinfo (capitals, demonyms, alternative spellings),
and countrynames as the fallback for spellings none of these list.
"""

from __future__ import annotations

import functools
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

import pycountry

__all__ = ["StateNames", "build_state_names"]

DENY = "-"
_WORDY = re.compile(r"^[A-Z][\w'’.\- ]+$")


@dataclass(frozen=True)
class StateNames:
    """Lookup of a state's name, demonym or capital (as written) to its ISO3 code."""

    by_text: dict[str, str]
    codes: frozenset[str]
    denied: frozenset[str] = field(default_factory=frozenset)
    provinces: dict[str, str] = field(default_factory=dict)  # "Khost" -> AFG: places, not names

    def lookup(self, text: str, *, fuzzy: bool = True) -> str | None:
        """ISO3 for a name as it stands in the text ("Pakistani", "New Delhi", "the UAE"), or None.

        `fuzzy` lets countrynames try spellings the tables lack; only for words known to be
        places (spaCy GPE), since it maps many ordinary words to territories."""
        cleaned = _strip(text)
        if not cleaned or cleaned in self.denied or cleaned.lower() in self.denied:
            return None
        code = self.by_text.get(cleaned) or self.by_text.get(cleaned.lower())
        if code:
            return code
        province = re.sub(r"\s+province$", "", cleaned, flags=re.IGNORECASE)
        if (fuzzy or province != cleaned) and province in self.provinces:
            return self.provinces[province]
        # two letters are read as country codes by countrynames ("In" -> IND): never guess those
        return _countrynames_code(cleaned) if fuzzy and len(cleaned) > 2 and cleaned[:1].isupper() else None

    def patterns(self, exclude: set[str]) -> list[dict[str, Any]]:
        """Span-ruler patterns for every capitalised name; the match id is the lower-cased name."""
        out = []
        for text in sorted(self.by_text):
            key = " ".join(text.lower().split())
            if text[:1].isupper() and key not in exclude and _WORDY.match(text):
                out.append({"label": "ACTOR", "pattern": text, "id": key})
        # "Paktika province": a province named as one is a place of its state
        for name in sorted(self.provinces):
            if name[:1].isupper() and _WORDY.match(name):
                words = [{"TEXT": word} for word in name.split()]
                out.append({"label": "ACTOR", "pattern": [*words, {"LOWER": "province"}], "id": f"{name.lower()} province"})
        return out


def _strip(text: str) -> str:
    text = re.sub(r"^(the)\s+", "", text.strip(), flags=re.IGNORECASE)
    return re.sub(r"(['’]s|['’])$", "", text).strip()


@functools.lru_cache(maxsize=4096)
def _countrynames_code(text: str) -> str | None:
    try:
        import countrynames
    except ImportError:  # optional: the tables above cover the common names
        return None
    try:
        code = countrynames.to_code_3(text)
    except KeyError:  # names it knows but cannot map to a state ("UN")
        return None
    return code if code and len(code) == 3 else None


def _countryinfo_rows() -> list[dict[str, Any]]:
    try:
        import countryinfo
    except ImportError:
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return [country.info() for country in countryinfo.all_countries()]


def build_state_names(overrides: dict[str, str]) -> StateNames:
    """Merge package tables with the project's overrides (overrides win, `-` denies)."""
    by_text: dict[str, str] = {}
    codes = {c.alpha_3 for c in pycountry.countries} | {"XKX"}
    alpha2 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    provinces: dict[str, str] = {}

    def add(text: object, code: str | None) -> None:
        if isinstance(text, list):  # countryinfo lists several capitals for some states
            for item in text:
                add(item, code)
        elif isinstance(text, str) and code in codes and text not in by_text and len(text) > 2:
            by_text[text] = code

    for country in pycountry.countries:
        for attr in ("common_name", "name", "official_name"):
            add(getattr(country, attr, None), country.alpha_3)
    # larger states first, so a shared demonym ("Indian") goes to India, not a territory
    for row in sorted(_countryinfo_rows(), key=lambda r: -(r.get("population") or 0)):
        code = row.get("ISO", {}).get("alpha3") or alpha2.get(row.get("ISO", {}).get("alpha2", ""))
        add(row.get("name", "").title() if row.get("name") else None, code)
        add(row.get("capital"), code)
        add(row.get("demonym"), code)
        for alt in row.get("altSpellings") or ():
            add(alt if len(alt) > 3 else None, code)
        for province in row.get("provinces") or ():
            if code in codes and isinstance(province, str):
                provinces.setdefault(province, code)
    denied = {text for text, code in overrides.items() if code == DENY}
    for text, code in overrides.items():
        if code != DENY:
            by_text[text] = code
            codes.add(code)
    for text in denied:
        by_text.pop(text, None)
    for name in by_text:
        provinces.pop(name, None)  # a country's own name never stands for another's province
    return StateNames(by_text=by_text, codes=frozenset(codes), denied=frozenset(denied), provinces=provinces)
