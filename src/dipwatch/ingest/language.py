"""A cheap language guess: the script of the letters, then common function words.

It only needs to tell English (what the extractor reads) from the rest, and say roughly what the
rest is. A non-English guess comes with a warning; it is never a failure.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

__all__ = ["detect_language"]

_MIN_WORDS = 20  # below this the text is too short to judge: assume English
_MIN_SHARE = 0.12  # share of a text's words that are function words of its language
_NON_LATIN_SHARE = 0.4  # share of letters outside the Latin script that makes a text non-Latin
_SAMPLE = 20_000  # characters judged: the start of the text says what language it is in
_BEYOND_ASCII = re.compile(r"[^\x00-\x7f]+")
_ASCII_LETTERS = re.compile(r"[A-Za-z]+")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_FUNCTION_WORDS = {
    "en": "the of and to in a is that for on with as was by it at from his her he she they be have has "
    "had are were not but or an this which who said will would their its been also after",
    "fr": "le la les de des du et à en un une est que qui dans pour sur au aux par pas ne se il elle ont",
    "de": "der die das und den dem des ist nicht ein eine zu mit von auf für sich im dass auch wird",
    "es": "el la los las de del y en un una que es por con para se al su lo como más pero sus",
    "pt": "o a os as de do da dos das e em um uma que é para com não por se na no ao mais",
    "it": "il lo la gli le di del della e è un una che per con non si nel alla sono",
    "nl": "de het een en van in is op te dat met voor niet zijn aan ook door bij",
    "tr": "ve bir bu da de ile için olarak çok daha gibi ama olan en",
}
_WORD_SETS = {code: frozenset(words.split()) for code, words in _FUNCTION_WORDS.items()}
# letters that only some languages written in Arabic script use
_ARABIC_SCRIPT_HINTS = (("ps", "ټډړښږګځڅې"), ("ur", "ٹڈڑےں"), ("fa", "پچژگ"))


@functools.lru_cache(maxsize=4096)
def _script(char: str) -> str:
    """The script of a letter, from its Unicode name ("ARABIC LETTER ALEF" -> "ARABIC")."""
    name = unicodedata.name(char, "")
    for script in ("LATIN", "ARABIC", "CYRILLIC", "CJK", "HIRAGANA", "KATAKANA", "HANGUL", "DEVANAGARI"):
        if name.startswith(script):
            return script
    return "OTHER"


def _non_latin_guess(script: str, letters: str) -> str:
    if script == "ARABIC":
        for code, hints in _ARABIC_SCRIPT_HINTS:
            if any(c in letters for c in hints):
                return code
        return "ar"
    if script == "CYRILLIC":
        return "uk" if any(c in letters for c in "іїєґ") else "ru"
    return {"CJK": "zh", "HIRAGANA": "ja", "KATAKANA": "ja", "HANGUL": "ko", "DEVANAGARI": "hi"}.get(
        script, "non-latin"
    )


def _script_guess(text: str) -> str | None:
    """A language code when most letters are outside the Latin script, else None."""
    sample = text[:_SAMPLE]
    # ASCII letters are Latin: only the other letters need a look-up (an English text has few or
    # none, and then nothing else to do)
    beyond = [c for c in "".join(_BEYOND_ASCII.findall(sample)) if c.isalpha()]
    if not beyond:
        return None
    counts = Counter(_script(c) for c in beyond)
    counts["LATIN"] += sum(map(len, _ASCII_LETTERS.findall(sample)))
    total = sum(counts.values())
    top, count = max(((s, n) for s, n in counts.items() if s != "LATIN"), key=lambda p: p[1], default=("", 0))
    if count / total < _NON_LATIN_SHARE:
        return None
    if "HIRAGANA" in counts or "KATAKANA" in counts:
        top = "HIRAGANA"
    return _non_latin_guess(top, "".join(beyond))


def detect_language(text: str) -> tuple[str, str | None]:
    """(code, warning): "en" and None for English, else a best guess and a warning saying so."""
    guess = _script_guess(text)
    if guess is not None:
        return guess, f"language: mostly non-Latin script, best guess {guess!r}; the extractor reads English"
    words = [w.lower() for w in _WORD.findall(text[:_SAMPLE])]
    if len(words) < _MIN_WORDS:
        return "en", None
    counts = Counter(words)  # each language's function words looked up once, not each word in each language
    shares = {code: sum(counts[w] for w in vocab) / len(words) for code, vocab in _WORD_SETS.items()}
    if shares["en"] >= _MIN_SHARE and shares["en"] >= max(shares.values()):
        return "en", None
    best = max(shares, key=lambda code: shares[code])
    code = best if shares[best] >= _MIN_SHARE and best != "en" else "und"
    return code, f"language: does not look like English (best guess {code!r}); the extractor reads English"
