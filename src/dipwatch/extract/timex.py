"""When an event happened: the date expression attached to its trigger, resolved against the
publication date with dateparser, as precise as the text allows and never more precise than
the publication date allows for relative words ("last week" in a paper dated only 2025-12
is 2025-12, not a guessed day).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from dateparser.date import DateDataParser
from spacy.tokens import Span, Token

from ..records import PartialDate
from .entities import span_ents

__all__ = [
    "anchored_date", "anniversary_date", "as_reported", "date_for_trigger", "date_spans",
    "landmark_clause_date", "narrative_period", "now_date", "offset_date", "quote_date", "reading_date",
    "recent_date", "resolve_date", "told_as_background",
]

_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}
_MONTHS = "january february march april may june july august september october november december"
_MONTH_WORDS = set(_MONTHS.split()) | {m[:3] for m in _MONTHS.split()} | {"sept"}
_WEEKDAY_NAMES = "monday tuesday wednesday thursday friday saturday sunday".split()
_WEEKDAYS = set(_WEEKDAY_NAMES)
_RELATIVE = {"last", "this", "next", "ago", "yesterday", "today", "tonight", "earlier", "later"}
_SEASONS = {"spring", "summer", "autumn", "fall", "winter"}
_QUALIFIERS = re.compile(r"\b(early|late|mid|the end of|the start of|the beginning of|the middle of)[\s-]+", re.I)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_WEEKDAY_ONLY = re.compile(r"^(?:(?:early|late)\s+)?(?:on\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)$", re.I)
_MONTH_NUMBERS = {m[:3]: i for i, m in enumerate(_MONTHS.split(), 1)}
_LAST_MONTH = re.compile(r"\b(last|this)\s+(" + "|".join(_MONTHS.split()) + r")\b", re.I)
_YEAR_EDGE = re.compile(r"\bthe\s+(end|start|beginning)\s+of\s+(1[89]\d\d|20\d\d)\b", re.I)
_RELATIVE_YEAR = re.compile(r"\b(?:of\s+)?(this|last)\s+year\b", re.I)
_TRAILING_CLAUSE = re.compile(r"\s(after|before|following|amid|when|as)\s", re.I)
_LEADING = re.compile(r"^(on|in|at|during|since|by|from|until|of|over)\s+", re.I)


@functools.lru_cache(maxsize=64)
def _parser(base: dt.date) -> DateDataParser:
    settings = {"RELATIVE_BASE": dt.datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": "past"}
    return DateDataParser(languages=["en"], settings=settings)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def _cap(date: PartialDate, precision: str) -> PartialDate:
    if _PRECISION_RANK[date.precision] <= _PRECISION_RANK[precision]:
        return date
    return PartialDate.from_date(date.first_day(), precision)


def _last_named_month(text: str, published: PartialDate) -> PartialDate | None:
    """"Last December": the latest December before the publication's month (dateparser reads
    no month after "last"); "this March": the publication year's March."""
    match = _LAST_MONTH.search(text)
    if match is None or published.month is None:
        return None
    month = _MONTH_NUMBERS[match.group(2).lower()[:3]]
    if match.group(1).lower() == "this":
        return PartialDate(published.year, month) if month <= published.month else None
    return PartialDate(published.year - (month >= published.month), month)


def _season(words: set[str], published: PartialDate) -> PartialDate | None:
    if not words & _SEASONS or words & {"that", "same"}:
        return None  # "that summer" is the narrative's, not the publication's (narrative_period)
    return PartialDate(published.year - (1 if "last" in words else 0))


# An article resolves the same few expressions again and again (each trigger of a sentence, and
# each sentence for the narrative date), and articles of one day share them ("on Tuesday"): the
# answers (immutable) are kept for the latest expressions, as dateparser is slow (~1 ms a call).
@functools.lru_cache(maxsize=4096)
def resolve_date(text: str, published: PartialDate | None, ahead: bool = False) -> PartialDate | None:
    """A date expression ("last month", "on October 7th", "in 2021") as a PartialDate, or None
    when it is a duration, too vague, or relative with no publication date to resolve it.

    `ahead`: the date of a plan ("are due to meet on 6 November"): a day named by its month and
    number without a year is its next occurrence within half a year of the publication."""
    resolved = _resolve(text, published)
    if resolved is None and (clause := _TRAILING_CLAUSE.search(text)) and clause.start() > 0:
        # the recogniser sometimes runs a date into what follows ("Sunday after days of clashes")
        return _resolve(text[: clause.start()].strip(), published)
    if ahead and resolved is not None and published is not None and published.day and \
            _names_its_day(text) and not _YEAR.search(text):
        published_day = published.first_day()
        try:
            upcoming = resolved.first_day().replace(year=published_day.year)
        except ValueError:  # 29 February
            return resolved
        if upcoming < published_day:
            return resolved
        if (upcoming - published_day).days <= 183:
            return PartialDate.from_date(upcoming, "day")
    return resolved


def _names_its_day(text: str) -> bool:
    """"December 1st", "25 November 2025": a day told by its month and number, needing no
    publication date to be read ("last Tuesday", "yesterday" do)."""
    words = _words(text)
    return bool(words & _MONTH_WORDS) and bool(re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b", text)) and not words & _RELATIVE


_MONTH_ALTERNATIVES = "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
_DAY_OF_MONTH = re.compile(
    rf"\b(?:(?:{_MONTH_ALTERNATIVES})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTH_ALTERNATIVES})\b(?:,?\s+\d{{4}})?)(?!\d)", re.I)


def reading_date(text: str, published: PartialDate | None) -> PartialDate | None:
    """The day relative words ("last week", "on Tuesday") are read from.

    A page dated only to its month is read from the day after the latest day of that month it
    names itself (a caption's "on December 1st"): news is told a day or so after its latest
    event, never before it. Without such a day, the publication date as given. The whole text
    is searched, sentences without events included: a caption dates its page as well as a
    paragraph does."""
    if published is None or published.precision != "month":
        return published
    named = [d.first_day() for match in _DAY_OF_MONTH.finditer(text) if _names_its_day(words := match.group())
             and (d := resolve_date(words, published)) is not None and d.precision == "day"
             and (d.year, d.month) == (published.year, published.month)]
    if not named:
        return published
    return PartialDate.from_date(min(max(named) + dt.timedelta(days=1), published.last_day()))


def as_reported(date: PartialDate | None, date_text: str | None, published: PartialDate | None) -> PartialDate | None:
    """A date no more precise than the publication allows, unless its words name the day
    itself: relative words read from an estimated day (`reading_date`) keep the
    publication's precision ("last week" in a page of 2025-12 is 2025-11, not 2025-11-25)."""
    if date is None or published is None or (date_text and _names_its_day(date_text)):
        return date
    return _cap(date, published.precision)


def _resolve(text: str, published: PartialDate | None) -> PartialDate | None:
    words = _words(text)
    has_year = bool(_YEAR.search(text))
    is_relative = bool(words & (_RELATIVE | _WEEKDAYS))
    if published is not None and words & {"recent", "past"} and words & {"months", "weeks", "days"}:
        # "in recent months", "over the past few weeks": up to the publication, as precisely as
        # such a span allows (months: the publication's year; weeks or days: its month)
        return _cap(published, "year" if "months" in words else "month")
    if not (has_year or words & _MONTH_WORDS or is_relative or words & _SEASONS):
        return None  # "two years", "decades": durations, not dates
    if published is None and not has_year:
        return None  # never resolved against "today"
    if words & {"recent", "past", "years", "months", "decades", "weeks"} and "ago" not in words:
        return None
    if published is not None and (season := _season(words, published)):
        return season
    if published is not None and (month := _last_named_month(text, published)):
        return month
    weekday = _WEEKDAY_ONLY.match(text.strip())
    if published is not None and published.day and weekday and \
            published.first_day().strftime("%A").lower() == weekday.group(1).lower():
        return published  # "early on Sunday" in Sunday's paper is that day, not a week before
    if has_year and (edge := _YEAR_EDGE.search(text)):
        # "at the end of 2023" is its December, "the start of 2024" its January
        return PartialDate(int(edge.group(2)), 12 if edge.group(1).lower() == "end" else 1)
    cleaned = _LEADING.sub("", _QUALIFIERS.sub("", text.strip()))
    if published is not None and words & _MONTH_WORDS and not has_year:
        # "January this year", "March of last year": the month of a year named relatively
        cleaned = _RELATIVE_YEAR.sub(lambda m: str(published.year - (m.group(1).lower() == "last")), cleaned)
    if published is not None and ("earlier" in words or "later" in words) and "this" in words:
        return _cap(published, "month" if "month" in words else "year")
    base = published.last_day() if published else dt.date(int(_YEAR.search(text).group()), 12, 31)
    read = _read_plainly(cleaned, base) or _read_with_dateparser(cleaned, base)
    if read is None:
        return None
    day, period = read
    if period not in _PRECISION_RANK:
        period = "day"
    if _QUALIFIERS.search(text) and period == "day" and not words & _WEEKDAYS:
        period = "month"  # "late October" is the month; "late on Thursday" is still that day
    resolved = PartialDate.from_date(day, period)
    if is_relative and not has_year and published is not None:
        resolved = _cap(resolved, published.precision)
    if published is not None and resolved.first_day() > published.last_day():
        return None  # a future date is a plan's date, not an event's; leave it unresolved
    return resolved


def _read_with_dateparser(text: str, base: dt.date) -> tuple[dt.date, str] | None:
    data = _parser(base).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    return data.date_obj.date(), {"week": "day"}.get(data.period or "day", data.period or "day")


# dateparser takes ~0.45 ms for any expression (it translates and tries its parsers in turn),
# and most expressions in news are a few plain forms. These read them as dateparser does (the
# same day at the precision used; tests/extract/test_timex.py compares the two over every day of
# a leap year); anything else, or anything doubtful, goes to dateparser.
_MONTH_NAME = rf"(?P<month>{_MONTH_ALTERNATIVES})\.?"
_YEAR_NUMBER = r"(?P<year>1[89]\d\d|20\d\d)"
_PLAIN_FORMS = [re.compile(form, re.I) for form in (
    _YEAR_NUMBER,
    rf"{_MONTH_NAME}(?:,?\s+{_YEAR_NUMBER})?",
    rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAME}(?:,?\s+{_YEAR_NUMBER})?",
    rf"{_MONTH_NAME}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+{_YEAR_NUMBER})?",
    r"(?:last\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    r"(?P<relative>yesterday|today|(?:this|last|next) (?:week|month|year))",
)]


def _read_plainly(text: str, base: dt.date) -> tuple[dt.date, str] | None:
    """(day, precision) of a plain date expression read from `base`, or None for the rest."""
    for form in _PLAIN_FORMS:
        if (match := form.fullmatch(text.strip())) is not None:
            break
    else:
        return None
    parts = match.groupdict()
    if parts.get("weekday"):
        back = (base.weekday() - _WEEKDAY_NAMES.index(parts["weekday"].lower())) % 7
        return (base - dt.timedelta(days=back), "day") if back else None  # today's name: dateparser's call
    if parts.get("relative"):
        return _relative_day(parts["relative"].lower(), base)
    if not parts.get("month"):
        return dt.date(int(parts["year"]), 1, 1), "year"
    month = _MONTH_NUMBERS[parts["month"].lower()[:3]]
    day = int(parts["day"]) if parts.get("day") else None
    if parts.get("year"):
        year = int(parts["year"])
    elif (month, day) == (2, 29):
        return None  # the latest leap year's: dateparser's call
    else:  # a month or a day without its year: the latest one up to the base day
        year = base.year if (month, day or 1) <= (base.month, base.day) else base.year - 1
    try:
        return (dt.date(year, month, day), "day") if day else (dt.date(year, month, 1), "month")
    except ValueError:
        return None


def _relative_day(words: str, base: dt.date) -> tuple[dt.date, str]:
    if words in ("yesterday", "today"):
        return base - dt.timedelta(days=words == "yesterday"), "day"
    step, unit = {"last": -1, "this": 0, "next": 1}[words.split()[0]], words.split()[1]
    if unit == "week":
        return base + dt.timedelta(days=7 * step), "day"
    if unit == "month":
        return dt.date(*_shifted_month(base, step), 1), "month"
    return dt.date(base.year + step, 1, 1), "year"


def _shifted_month(day: dt.date, months: int) -> tuple[int, int]:
    """(year, month) of the month `months` after `day`'s (before it when negative)."""
    count = day.year * 12 + day.month - 1 + months
    return count // 12, count % 12 + 1


_DAY_WORDS = _WEEKDAYS | {"yesterday", "today", "tonight"}


def date_spans(sentence: Span) -> list[Span]:
    """The sentence's DATE entities, and TIME entities that name a day ("Friday night",
    "late on Thursday"), each cut before the first verb the recogniser ran into it ("this week
    came days" is "this week"): a date phrase has no verb of its own."""
    spans = []
    for ent in span_ents(sentence):
        if ent.label_ != "DATE" and not (ent.label_ == "TIME" and _words(ent.text) & (_DAY_WORDS | _MONTH_WORDS)):
            continue
        end = next((t.i for t in ent if t.pos_ in ("VERB", "AUX")), ent.end)
        start = ent.start + 2 if _said_of_an_act(ent) else ent.start
        if end > start:
            spans.append(ent if (start, end) == (ent.start, ent.end) else Span(ent.doc, start, end, label="DATE"))
    return spans


def _said_of_an_act(ent: Span) -> bool:
    """"did the same last year": "the same" is the act repeated, not part of the date (unlike
    "the same day")."""
    return len(ent) > 3 and ent[0].lower_ == "the" and ent[1].lower_ == "same" and ent[2].pos_ != "NOUN"


def _counts(verb: Token) -> bool:
    return any(t.like_num and t.dep_ in ("nummod", "dobj", "nsubjpass") for c in verb.children for t in c.subtree
               if c.dep_ in ("dobj", "nsubjpass"))


def _opens_earlier_phrase(token: Token) -> bool:
    """"Before the talks in March", "ahead of the visit", "prior to …": a phrase naming a later
    time than the act's, whose date does not date the act."""
    return token.dep_ == "prep" and (token.lower_ == "before" or (token.lower_ in ("of", "to") and token.head.lower_ in ("ahead", "prior")))


def _attached(ent: Span, trigger: Token, governors: set[int], time_clauses: frozenset[str] = frozenset()) -> int | None:
    """How far up the tree the date hangs from the trigger (0 = on it), None if elsewhere."""
    current = ent.root
    for _ in range(10):
        head = current.head
        if _opens_earlier_phrase(current):
            return None  # "before last week's comments": the act came earlier than that date
        if head.i == trigger.i:
            return 0
        if head.i in governors:
            # a "since" clause's own time, even when the parser hangs a later participle from it
            # ("since the Taliban took power in 2021, securing the release of …")
            return None if _time_clause(head, time_clauses) else 1
        if head.i == current.i:
            return None
        if head.pos_ in ("VERB", "AUX") and head.i != trigger.i and head.dep_ not in ("pcomp", "pobj"):
            # the date belongs to another verb ("since the Taliban took power in 2021"), unless
            # that verb depends on the trigger ("visited Kabul to secure a release in March")
            # or describes a noun trigger ("an attack on a concert hall that killed 140 in March")
            inside = trigger.left_edge.i <= head.i <= trigger.right_edge.i and (
                head.dep_ in ("xcomp", "advcl") or (head.dep_ in ("relcl", "acl") and trigger.pos_ == "NOUN")
            ) and not _time_clause(head, time_clauses)
            if inside and head.head.i == trigger.i:
                # a clause describing a noun trigger tells its own time ("a truce agreed on
                # Wednesday collapsed on Friday"): before the time of the verb that governs the noun
                return 0 if trigger.pos_ == "NOUN" and head.dep_ in ("acl", "relcl") else 2
            # "an attack on a concert venue that killed more than 140 people in March": a count
            # told in a relative clause inside the trigger's phrase is the trigger's toll
            return 2 if inside and head.dep_ == "relcl" and _counts(head) else None
        current = head
    return None


def _time_clause(verb: Token, markers: frozenset[str]) -> bool:
    return any(child.dep_ == "mark" and child.lower_ in markers for child in verb.children)


def told_as_background(date: Span, markers: frozenset[str]) -> bool:
    """A date after one of `markers` ("since 2013"), or in a clause one of them opens: the time
    of something else, never the narrative time."""
    return date.root.head.lower_ in markers or any(_time_clause(a, markers) for a in date.root.ancestors)


_MAIN_CLAUSE_DEPS = frozenset({"dobj", "xcomp", "ccomp", "conj", "acomp", "attr", "nsubj", "nsubjpass", "oprd"})


def _in_main_clause(trigger: Token) -> bool:
    """The trigger is the main clause's act or its complement, not a noun in one of its
    phrases ("…, officials said, in retaliation for raids": the raids are not what was said)."""
    current = trigger
    while current.head.i != current.i:
        if current.dep_ not in _MAIN_CLAUSE_DEPS:
            return False
        current = current.head
    return True


def _in_own_clause(ent: Span, governors: set[int]) -> bool:
    """"Although … bombings more than a decade ago, the government promised …": the date is in
    a subordinate clause with its own verb and conjunction, which tells its own time."""
    return any(a.dep_ == "advcl" and a.i not in governors and any(c.dep_ == "mark" for c in a.children)
               for a in ent.root.ancestors)


def _opening_clause_end(sentence: Span, markers: frozenset[str]) -> int | None:
    """Where a sentence-opening clause of another time ends ("Although … a decade ago, the
    government promised …"): the comma closing it, found without the parse, which often makes
    such a clause the sentence's root and the main clause its modifier."""
    if not markers or sentence[0].lower_ not in markers:
        return None
    return next((t.i for t in sentence[1:] if t.text == ","), None)


def date_for_trigger(trigger: Token, dates: list[Span], published: PartialDate | None,
                     time_clauses: frozenset[str] = frozenset(), ahead: bool = False) -> tuple[PartialDate | None, str | None]:
    """The resolved date of the DATE entity attached to the trigger (or to a verb governing it).

    `time_clauses`: the words that open a clause telling another time ("since the group returned
    to power in 2021"): a date in such a clause is not the trigger's. `ahead`: the act is planned
    (see `resolve_date`)."""
    governors = {a.i for a in trigger.ancestors}
    opening_end = _opening_clause_end(trigger.sent, time_clauses)
    if opening_end is not None and trigger.i > opening_end:
        dates = [ent for ent in dates if ent.start > opening_end]
    ranked = []
    for ent in dates:
        distance = _attached(ent, trigger, governors, time_clauses)
        if distance is not None:
            ranked.append((distance, abs(ent.start - trigger.i), ent))
    root = trigger.sent.root
    if _in_main_clause(trigger):
        # a sentence-initial time phrase dates the main clause even when the parser hangs it
        # elsewhere ("After a week of fighting in October …, the two parties agreed a ceasefire");
        # ranked last, so it counts only when nothing attached resolves ("after years of …")
        ranked += [(3, abs(ent.start - trigger.i), ent) for ent in dates
                   if ent.end <= root.i and not _in_own_clause(ent, governors)
                   and not any(_opens_earlier_phrase(a) for a in ent.root.ancestors)]
    for distance, _, ent in sorted(ranked, key=lambda r: (r[0], r[1])):
        # a plan's own date may lie ahead; a date on the verb that plans it ("pledged on 1 October
        # to send aid") is when the plan was made
        resolved = resolve_date(ent.text, published, ahead and distance == 0)
        if resolved is not None:
            return resolved, ent.text
    return None, None


def anchored_date(sentence: Span, anchors: dict[str, str], previous: PartialDate | None) -> tuple[PartialDate | None, str | None]:
    """The date a sentence inherits from the narrative ("Weeks later, …" after "in August")."""
    if previous is None:
        return None, None
    opening = " ".join(t.lower_ for t in sentence[:4] if not t.is_punct)
    for cue, shift in sorted(anchors.items(), key=lambda a: -len(a[0])):
        if opening == cue or opening.startswith(cue + " "):
            text = sentence.text[: len(cue) + 2].strip(" ,")
            if shift == "year":
                return PartialDate(previous.year), text
            if shift == "next_month" and previous.month:
                return PartialDate(*_shifted_month(previous.first_day(), 1)), text
            return _cap(previous, "month"), text
    return None, None


_ORDINAL_YEARS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "tenth": 10,
                  "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
_ANNIVERSARY = re.compile(r"\b(?P<phrase>(?:(?P<count>\w+)-year|(?P<ordinal>\w+))\s+anniversary)\s+of\s+(?P<what>[^,;.]+)", re.I)


def anniversary_date(text: str, landmarks: dict[str, tuple[frozenset[str], ...]]) -> tuple[PartialDate | None, str | None]:
    """"The one-year anniversary of the Taliban retaking Afghanistan": that many years after a
    landmark the news names instead of dating (cues.yaml landmark_dates), to the month."""
    for match in _ANNIVERSARY.finditer(text):
        count = (match.group("count") or match.group("ordinal")).lower()
        years = int(count) if count.isdigit() else _ORDINAL_YEARS.get(count)
        landmark = _landmark(_words(match.group("what")), landmarks)
        if years and landmark is not None:
            return PartialDate(landmark.year + years, landmark.month), match.group("phrase")
    return None, None


def _landmark(words: set[str], landmarks: dict[str, tuple[frozenset[str], ...]]) -> PartialDate | None:
    day = next((d for d, phrases in landmarks.items() if any(p <= words for p in phrases)), None)
    return PartialDate.parse(day) if day else None


def landmark_clause_date(trigger: Token, landmarks: dict[str, tuple[frozenset[str], ...]]) -> tuple[PartialDate | None, str | None]:
    """"When the Taliban took over, … the UN refused to recognise their ambassador": a "when"
    clause that names a landmark (cues.yaml landmark_dates) dates the clause it modifies, to the month."""
    governors = {trigger.i, *(a.i for a in trigger.ancestors)}
    for token in trigger.sent:
        when = any(c.dep_ in ("mark", "advmod") and c.lower_ == "when" for c in token.children)
        # an opening "when" clause frames the whole sentence, wherever the parser hangs it
        framing = token.head.i in governors or token.left_edge.i == trigger.sent.start
        if token.dep_ != "advcl" or not when or not framing or trigger.left_edge.i <= token.i <= trigger.right_edge.i:
            continue
        clause = trigger.doc[token.left_edge.i : token.right_edge.i + 1]
        if (landmark := _landmark(_words(clause.text), landmarks)) is not None:
            return _cap(landmark, "month"), clause.text
    return None, None


_LASTING = re.compile(r"^(?:the\s+)?(?:past|last)\s+(?P<count>\w+)\s+(?P<unit>year|month)s?$", re.I)


def lasting_since(trigger: Token, dates: list[Span], published: PartialDate | None) -> tuple[PartialDate | None, str | None]:
    """"An American detained for the past two years": a state that has lasted so long up to the
    time of writing began that long before the publication (to the year, or to the month)."""
    if published is None:
        return None, None
    for ent in dates:
        phrase = ent.root.head
        if phrase.dep_ != "prep" or phrase.lower_ != "for" or phrase.head.i != trigger.i:
            continue
        match = _LASTING.match(ent.text.strip())
        count = match and match.group("count").lower()
        number = int(count) if count and count.isdigit() else _ORDINAL_YEARS.get(count or "")
        if not match or not number:
            continue
        first = published.last_day()
        if match.group("unit").lower() == "year":
            return PartialDate(first.year - number), f"for {ent.text}"
        return PartialDate(*_shifted_month(first, -number)), f"for {ent.text}"
    return None, None


def recent_date(trigger: Token, published: PartialDate | None, recent_words: frozenset[str],
                starting_participles: frozenset[str] = frozenset()) -> tuple[PartialDate | None, str | None]:
    """"Was recently unable to visit": lately, as precisely as such a word allows (the
    publication's year, as for "in recent months"). So is an act that "has begun" ("Norway has
    begun similar engagement", "Russia has begun to explore the reserves"): started lately and
    going on as the article is written."""
    if published is None:
        return None, None
    starter = trigger.head.head if trigger.dep_ == "pobj" and trigger.head.lower_ == "of" else trigger  # "forms of engagement"
    starter = starter.head if starter.dep_ in ("dobj", "xcomp") else starter
    if starter.lower_ in starting_participles and starter.tag_ == "VBN" and \
            any(c.dep_ == "aux" and c.lower_ in ("has", "have", "'ve") for c in starter.children):
        return _cap(published, "year"), starter.text
    for verb in (trigger, *trigger.ancestors):
        word = next((c for c in verb.children if c.dep_ == "advmod" and c.lower_ in recent_words), None)
        if word is not None:
            return _cap(published, "year"), word.text
        if verb.dep_ not in ("xcomp", "acomp", "advcl"):
            break  # the clause ends: a "recently" above it is another verb's (a clause of time
            # that the main clause governs, "… after a committee declined …", shares its year)
    return None, None


_THAT_PERIOD = re.compile(r"^(?:(?:in|during|by|over|later|earlier)\s+)*(?:that|the same)\s+(summer|winter|spring|autumn|fall|year|month|week|day)$", re.I)
_THAT_PRECISION = {"year": "year", "month": "month", "week": "month", "day": "day"}
_THAT_NOUNS = frozenset(_THAT_PRECISION) | _SEASONS


def narrative_period(trigger: Token, dates: list[Span], previous: PartialDate | None,
                     time_clauses: frozenset[str] = frozenset()) -> tuple[PartialDate | None, str | None]:
    """"… cut ties with missions in Europe that summer": the period the narrative last named
    (`previous`), as precisely as the words allow (a season or "that year": its year)."""
    if previous is None:
        return None, None
    governors = {a.i for a in trigger.ancestors}
    # the recogniser often leaves "that summer" unlabelled: the noun with its "that" will do
    phrases = [*dates, *(Span(t.doc, t.i - 1, t.i + 1) for t in trigger.sent
                         if t.lower_ in _THAT_NOUNS and t.i > t.sent.start and t.doc[t.i - 1].lower_ == "that"
                         and not t.ent_type_)]
    for ent in phrases:
        match = _THAT_PERIOD.match(ent.text.strip())
        if match and _attached(ent, trigger, governors, time_clauses) is not None:
            return _cap(previous, _THAT_PRECISION.get(match.group(1).lower(), "year")), ent.text
    return None, None


def now_date(trigger: Token, published: PartialDate | None, now_words: frozenset[str]) -> tuple[PartialDate | None, str | None]:
    """"Is now threatening a ground invasion": the time of writing."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else trigger.head
    now = next((c for c in verb.children if c.dep_ == "advmod" and c.lower_ in now_words), None)
    if now is None or published is None or verb.tag_ not in ("VBZ", "VBP", "VBG"):
        return None, None
    return published, now.text


def quote_date(sentence: Span, reporting: frozenset[str],
               told_just_before: tuple[PartialDate | None, str | None]) -> tuple[PartialDate | None, str | None]:
    """"'… they have been partners,' he said" after "Gorka disclosed in August that …": a quote
    whose speaker is a pronoun for someone just named goes on with the sentence before, and
    with its date, unless it names a date of its own."""
    root = sentence.root
    if date_spans(sentence) or root.lemma_.lower() not in reporting:
        return None, None
    if not any(c.dep_ == "nsubj" and c.pos_ == "PRON" and c.lower_ in ("he", "she", "they") for c in root.children):
        return None, None
    return told_just_before


# "came days after …": how precise the offset leaves the date of what came before.
_OFFSET_PRECISION = {"hour": "day", "day": "month", "week": "month", "month": "year"}


def offset_date(trigger: Token, dates: list[Span], published: PartialDate | None,
                previous: PartialDate | None) -> tuple[PartialDate | None, str | None]:
    """"The move this week came days after the US sent a mission": what the "after" clause tells
    happened shortly before the main clause, dated from it (from the publication when it is told
    in the present, or from a narrative day told just before), no more precisely than the offset allows."""
    clause = next((t for t in [trigger, *list(trigger.ancestors)[:3]] if t.dep_ in ("advcl", "pcomp")
                   and _offset_unit(t) is not None), None)
    if clause is None:
        return None, None
    unit, words = _offset_unit(clause)  # type: ignore[misc]
    main = clause.head.head if clause.dep_ == "pcomp" else clause.head
    own = [e for e in dates if not (clause.left_edge.i <= e.start <= clause.right_edge.i)
           and (e.root.head.i == main.i or main.left_edge.i <= e.start < clause.left_edge.i)]
    base = next((d for e in own if (d := resolve_date(e.text, published))), None)
    if base is None and main.tag_ in ("VBZ", "VBP"):
        base = published  # "the warrants come less than a week after …": now
    if base is None and previous is not None and previous.precision == "day":
        base = previous  # "The strikes came hours after …" the strikes told just before, on a day
    if base is None:
        return None, None
    return _cap(base, _OFFSET_PRECISION[unit]), words


def _offset_unit(clause: Token) -> tuple[str, str] | None:
    """("day", "days after") for a clause opened by "days after", "hours after", "weeks before"."""
    opener = clause if clause.dep_ == "advcl" else clause.head  # pcomp: under the "after" preposition
    mark = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None)
    if mark is None and opener.lower_ in ("after", "before"):
        mark = opener
    if mark is None:
        return None
    for token in (*mark.children, *clause.children, *opener.children):
        lemma = token.lemma_.lower()
        if token.dep_ == "npadvmod" and lemma in _OFFSET_PRECISION:
            return lemma, f"{token.text} {mark.text}"
    return None
