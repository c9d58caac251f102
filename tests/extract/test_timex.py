"""Dates resolved against the publication date, as precise as the text allows."""

import datetime as dt

import pytest

from dipwatch.extract.timex import as_reported, reading_date, resolve_date
from dipwatch.records import PartialDate

PUB = PartialDate(2025, 8, 10)


@pytest.mark.parametrize(
    ("expression", "published", "expected"),
    [
        ("last month", PUB, "2025-07"),
        ("in April", PUB, "2025-04"),
        ("on Tuesday", PUB, "2025-08-05"),
        ("last year", PUB, "2024"),
        ("in 2021", PUB, "2021"),
        ("January 2024", PUB, "2024-01"),
        ("July 4, 2025", PUB, "2025-07-04"),
        ("last summer", PUB, "2024"),
        ("in late September", PartialDate(2025, 12), "2025-09"),
        ("this week", PartialDate(2025, 3), "2025-03"),  # never more precise than the paper's date
        ("on Tuesday", PartialDate(2025, 12), "2025-12"),
        ("in 2021", None, "2021"),
    ],
)
def test_resolves(expression, published, expected):
    assert str(resolve_date(expression, published)) == expected


@pytest.mark.parametrize("expression", ["two years", "for decades", "recent years", "the past four years"])
def test_durations_are_not_dates(expression):
    assert resolve_date(expression, PUB) is None


def test_relative_without_publication_date_stays_unresolved():
    assert resolve_date("last month", None) is None


def test_event_date_from_sentence(extract):
    events = extract("Russia recognised the Taliban government on Thursday.", published="2025-07-05")
    assert [str(e.date) for e in events if str(e.type) == "RECOGNIZE"] == ["2025-07-03"]


def test_date_of_another_clause_is_not_taken(extract):
    events = extract("Qatar hosted talks with the Taliban, who took power in 2021.", published="2025-08-10")
    meet = [e for e in events if str(e.type) == "MEET"]
    assert meet and all(e.date is None for e in meet)


def test_narrative_anchor(extract):
    text = "In March, Boehler went to Kabul. Weeks later, the Taliban released an American hostage."
    events = extract(text, published="2025-08-10")
    release = [e for e in events if str(e.type) == "RELEASE"]
    assert release and str(release[0].date) == "2025-04"


def test_the_simple_past_goes_on_in_the_time_just_named(extract):
    text = "In March, a Qatari delegation flew to Kabul. Qatar's envoy met Muttaqi at the foreign ministry."
    meet = [e for e in extract(text, published="2025-08-10") if str(e.type) == "MEET"]
    assert [str(e.date) for e in meet] == ["2025-03"]


@pytest.mark.parametrize("second", [
    "Qatar has hosted Taliban officials for years.",  # the present perfect: no narrative time
    "Qatar, which hosted the Taliban's office in 2013, mediates the talks.",  # a present main clause
    "Doha, where the Taliban and the US negotiated the withdrawal, is a hub.",  # told from another time
])
def test_other_tenses_take_no_date_from_the_sentence_before(extract, second):
    events = extract("In March, a Qatari delegation flew to Kabul. " + second, published="2025-08-10")
    later = [e for e in events if e.start > 0 and e.date_text is None]
    assert all(e.date is None for e in later)
    assert all(str(e.date) != "2025-03" for e in events if e.start > 0)


def test_now_dates_a_present_act_to_the_publication(extract):
    events = extract("Pakistan is now threatening a ground invasion of Afghanistan.", published="2025-12-03")
    assert [(str(e.type), str(e.date), e.date_text) for e in events] == [("THREATEN", "2025-12-03", "now")]


def test_a_quote_by_the_speaker_just_named_keeps_the_narrative_date(extract):
    text = ("In June, Uzbekistan's foreign minister spoke to reporters in Tashkent. "
            "\"The Taliban have been reliable partners on trade,\" he said.")
    support = [e for e in extract(text, published="2025-08-10") if str(e.type) == "SUPPORT"]
    assert [(e.actor, e.target, str(e.date)) for e in support] == [("UZB", "AFG", "2025-06")]


def test_a_quote_with_a_named_speaker_takes_no_date_from_before(extract):
    text = ("In June, Uzbekistan's foreign minister spoke to reporters in Tashkent. "
            "\"The Taliban have been reliable partners on trade,\" Lavrov said.")
    support = [e for e in extract(text, published="2025-08-10") if str(e.type) == "SUPPORT"]
    assert [(e.actor, e.date) for e in support] == [("RUS", None)]


@pytest.mark.parametrize(("text", "expected"), [
    ("January this year", "2025-01"), ("in March last year", "2024-03"), ("June of last year", "2024-06"),
])
def test_month_of_a_relatively_named_year(text, expected):
    assert str(resolve_date(text, PartialDate.parse("2025-09-04"))) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("recent months", "2025"), ("the past few weeks", "2025-12"), ("recent days", "2025-12"), ("recent years", "None"),
])
def test_recent_spans_end_at_the_publication(text, expected):
    # seeds-gold NOTES: "in recent months" dates its sentence to the publication's year
    assert str(resolve_date(text, PartialDate.parse("2025-12-03"))) == expected


def test_a_date_run_into_the_next_clause_keeps_its_head():
    # the recogniser sometimes tags "Sunday after days" as one date
    assert str(resolve_date("Sunday after days", PartialDate.parse("2025-10-20"))) == "2025-10-19"


@pytest.mark.parametrize(("text", "expected"), [
    ("last December", "2023-12"), ("last August", "2024-08"), ("last September", "2023-09"), ("this March", "2024-03"),
    ("at the end of 2023", "2023-12"), ("the start of 2024", "2024-01"),
])
def test_named_months_relative_to_the_publication(text, expected):
    assert str(resolve_date(text, PartialDate.parse("2024-09-26"))) == expected


def test_an_after_clause_is_dated_from_its_main_clause(extract):
    events = extract("The move this week came days after the US sent a diplomatic mission to Kabul.", "2025-03-14")
    assert {(e.type, str(e.date)[:7]) for e in events} >= {("VISIT", "2025-03")}


def test_an_after_clause_told_in_the_present_is_dated_from_the_publication(extract):
    events = extract("The warrants come less than a week after Russia formally recognised the Taliban government.",
                     "2025-07-09")
    assert [(e.type, str(e.date)) for e in events if e.type == "RECOGNIZE"] == [("RECOGNIZE", "2025-07")]


def test_late_on_a_weekday_keeps_the_day():
    assert str(resolve_date("late on Thursday", PartialDate.parse("2025-08-10"))) == "2025-08-07"
    assert str(resolve_date("late October", PartialDate.parse("2025-12-01"))) == "2025-10"


def test_the_publication_weekday_is_the_publication_day():
    sunday = PartialDate.parse("2025-10-19")
    assert str(resolve_date("early on Sunday", sunday)) == "2025-10-19"
    assert str(resolve_date("last Sunday", sunday)) == "2025-10-12"


def test_resolved_dates_are_remembered_and_the_same_as_fresh():
    """resolve_date keeps its answers (dateparser is slow): a repeated call gives the same date
    without parsing again, for each publication date separately."""
    resolve_date.cache_clear()
    first = resolve_date("last Tuesday", PartialDate.parse("2025-09-04"))
    again = resolve_date("last Tuesday", PartialDate.parse("2025-09-04"))
    other = resolve_date("last Tuesday", PartialDate.parse("2025-10-09"))
    info = resolve_date.cache_info()
    assert (str(first), str(again), str(other)) == ("2025-09-02", "2025-09-02", "2025-10-07")
    assert (info.hits, info.misses) == (1, 2)
    assert resolve_date.__wrapped__("last Tuesday", PartialDate.parse("2025-09-04")) == first


def test_a_page_dated_to_its_month_is_read_from_the_day_after_its_latest_named_day():
    december = PartialDate.parse("2025-12")
    assert str(reading_date("Pupils queue outside a school in Herat on December 1st.", december)) == "2025-12-02"
    assert str(reading_date("Talks were held on 3 December; a strike hit on November 25th.", december)) == "2025-12-04"
    # days of other months, relative words and a day-dated page change nothing
    assert reading_date("The strike on November 25th 2025 killed ten.", december) == december
    assert reading_date("Last Tuesday's talks.", december) == december
    assert str(reading_date("on December 1st", PartialDate.parse("2025-12-09"))) == "2025-12-09"


def test_relative_words_read_from_an_estimated_day_keep_the_publication_precision():
    december = PartialDate.parse("2025-12")
    last_week = resolve_date("last week", PartialDate.parse("2025-12-02"))
    assert str(as_reported(last_week, "last week", december)) == "2025-11"
    named = resolve_date("Friday, December 5, 2025", december)
    assert str(as_reported(named, "Friday, December 5, 2025", december)) == "2025-12-05"


def test_last_week_in_a_month_dated_page_with_a_dated_caption(extract):
    text = ("Pakistan carried out an air strike on Afghanistan last week, the Taliban said.\n\n"
            "Pupils queue outside a school in Herat on December 1st.")
    strikes = [e for e in extract(text, "2025-12") if e.type == "ATTACK"]
    assert [(e.actor, e.target, str(e.date)) for e in strikes] == [("PAK", "AFG", "2025-11")]
    alone = [e for e in extract(text.split("\n\n")[0], "2025-12") if e.type == "ATTACK"]
    assert [str(e.date) for e in alone] == ["2025-12"]  # no day named: the paper's month, as before


def test_a_date_in_an_opening_concessive_clause_does_not_date_the_main_clause(extract):
    text = ("Although militants linked to the group were accused of bombing Indian missions in Afghanistan "
            "more than a decade ago, during the visit India promised to reopen its embassy in Kabul.")
    reopened = [e for e in extract(text, "2025-12") if e.type == "MISSION_OPEN"]
    assert [(e.actor, str(e.status), e.date) for e in reopened] == [("IND", "planned", None)]


def test_a_since_clause_keeps_its_year_from_a_participle_hung_on_it(extract):
    text = "Qatar sent its first trade delegation to Kabul since the Taliban took power in 2021, securing the release of a British citizen."
    released = [e for e in extract(text, "2025-03-10") if e.type == "RELEASE"]
    assert [(e.actor, e.target, e.date) for e in released] == [("AFG", "GBR", None)]


def test_a_date_entity_run_into_a_verb_is_cut_before_it(nlp):
    from spacy.tokens import Span

    from dipwatch.extract.timex import date_spans

    doc = nlp("The move this week came days after the visit.")
    doc.ents = [Span(doc, 2, 6, label="DATE")]  # "this week came days", as the recogniser sometimes has it
    assert [span.text for span in date_spans(doc[:])] == ["this week"]
    doc.ents = [Span(doc, 4, 6, label="DATE")]  # "came days": nothing before the verb
    assert date_spans(doc[:]) == []


def test_a_reaction_to_a_decision_is_dated_with_the_decision(extract):
    text = ("Russia formally recognised the Taliban government on July 3, 2025. Pakistan hosted talks in May. "
            "The Taliban welcomed Moscow's decision. Rights groups in Germany condemned the move.")
    dated = {(e.actor, e.type, e.target): str(e.date) for e in extract(text, "2025-07")}
    assert dated[("AFG", "SUPPORT", "RUS")] == "2025-07-03"  # Moscow's: Russia's act, not the later talks




def test_a_dated_act_noun_as_subject_dates_the_act_told_just_before(extract):
    text = ("Germany has deported 81 Afghan men to Kabul on a charter flight. "
            "The move on Friday drew sharp criticism from refugee groups.")
    deportations = [e for e in extract(text, "2025-07-20") if e.type == "DEPORT"]
    assert [(e.actor, e.target, str(e.date)) for e in deportations] == [("DEU", "AFG", "2025-07-18")]
    undated = [e for e in extract(text.split(". ")[0] + ". The move drew sharp criticism.", "2025-07-20") if e.type == "DEPORT"]
    assert [e.date for e in undated] == [None]


def test_a_reaction_to_an_event_noun_is_dated_with_the_latest_act_of_that_type(extract):
    text = ("Pakistani jets struck targets in Paktika province on October 9, 2025. "
            "Pakistan deported hundreds of Afghan refugees on October 20, 2025. "
            "The Taliban government condemned Pakistan's strikes.")
    condemned = [e for e in extract(text, "2025-10-30") if e.type == "CRITICIZE"]
    assert [(e.actor, e.target, str(e.date)) for e in condemned] == [("AFG", "PAK", "2025-10-09")]


@pytest.mark.parametrize(("text", "expected"), [
    ("In the lead-up to the one-year anniversary of the Taliban retaking Afghanistan, talks resumed.", ("2022-08", "one-year anniversary")),
    ("On the second anniversary of the fall of Kabul, protests were held.", ("2023-08", "second anniversary")),
    ("On the tenth anniversary of the embassy opening, a party was held.", ("None", None)),  # no landmark named
])
def test_an_anniversary_of_a_landmark_is_dated_from_it(text, expected):
    from dipwatch.extract.timex import anniversary_date
    from dipwatch.knowledge import load_knowledge

    date, words = anniversary_date(text, load_knowledge().landmarks)
    assert (str(date), words) == expected


def test_an_opening_when_clause_naming_a_landmark_dates_the_sentence(extract):
    text = "When the Taliban took over, the ambassador said, he was encouraged by the UN refusal to recognise their envoy."
    refusals = [e for e in extract(text, "2025-09-22") if e.type == "ACCREDIT"]
    assert [(e.actor, str(e.status), str(e.date)) for e in refusals] == [("UN", "negated", "2021-08")]
    other = "When the Taliban arrived, the ambassador said, he was encouraged by the UN refusal to recognise their envoy."
    assert [e.date for e in extract(other, "2025-09-22") if e.type == "ACCREDIT"] == [None]


def test_an_act_on_the_occasion_of_an_earlier_visit_takes_its_date(extract):
    text = ("The Taliban foreign minister visited India in October 2025. "
            "During his visit, India promised to reopen its embassy in Kabul.")
    promised = [e for e in extract(text, "2025-12-01") if e.type == "MISSION_OPEN"]
    assert [(e.actor, e.target, str(e.status), str(e.date)) for e in promised] == [("IND", "AFG", "planned", "2025-10")]


def test_recently_dates_an_act_to_the_publication_year(extract):
    text = "The sanctioned foreign minister, Amir Khan Muttaqi, was recently unable to visit Pakistan."
    visits = [e for e in extract(text, "2025-09-22") if e.type == "VISIT"]
    assert [(e.actor, e.target, str(e.status), str(e.date), e.date_text) for e in visits] == \
        [("AFG", "PAK", "negated", "2025", "recently")]


def test_an_act_that_has_begun_is_dated_to_the_publication_year(extract):
    text = "Norway has begun talks with the Taliban."
    talks = [(e.actor, e.target, str(e.date), e.date_text) for e in extract(text, "2025-09-22") if e.type == "MEET"]
    assert talks == [("NOR", "AFG", "2025", "begun")]
    assert [e.date for e in extract("Norway began talks with the Taliban.", "2025-09-22")] == [None]  # not said when


def test_a_reaction_is_not_dated_by_a_year_guessed_from_the_publication(extract):
    text = ("Russia recognised the Taliban government on July 3, 2025. Russia has begun to explore Afghan copper. "
            "Moscow's decision was labelled regrettable by former Afghan officials.")
    dated = {(e.actor, e.type, e.target): str(e.date) for e in extract(text, "2025-07-20")}
    assert dated[("AFG_REP", "CRITICIZE", "RUS")] == "2025-07-03"


@pytest.mark.parametrize(("phrase", "expected"), [("for the past two years", "2023"), ("for the last 18 months", "2024-03")])
def test_a_state_lasting_up_to_now_began_that_long_before(extract, phrase, expected):
    text = f"Kabul freed an American citizen detained {phrase} after talks with Qatari mediators."
    detentions = [(e.actor, e.target, str(e.date)) for e in extract(text, "2025-09-22") if e.type == "DETAIN"]
    assert detentions == [("AFG", "USA", expected)]


def test_a_since_date_is_background_not_the_narrative_time(extract):
    text = ("US envoy Adam Boehler flew to Kabul on March 20. "
            "Qatar, which has hosted the Taliban's political office since 2013, helped arrange the trip. "
            "Days later, the Taliban said Washington had lifted the rewards on three senior Taliban leaders.")
    eased = [e for e in extract(text, "2025-03-28") if e.type == "EASE"]
    assert [(e.actor, e.target, str(e.date), e.date_text) for e in eased] == [("USA", "AFG", "2025-03", "Days later")]


def test_a_time_of_a_named_day_dates_the_event(extract):
    """The recogniser calls "Friday night" a TIME: it names a day all the same."""
    text = "A 48-hour truce agreed on Wednesday collapsed on Friday night, when Pakistani air strikes hit Paktika province."
    strikes = [e for e in extract(text, "2025-11-01") if e.type == "ATTACK"]
    assert [(e.actor, e.target, str(e.date), e.date_text) for e in strikes] == [("PAK", "AFG", "2025-10-31", "Friday night")]


@pytest.mark.parametrize("text", [
    "Before the talks in March, Pakistan deported thousands of Afghans.",
    "Ahead of the visit in June, India reopened its embassy in Kabul.",
])
def test_a_date_before_or_ahead_of_which_the_act_came_does_not_date_it(extract, text):
    acts = [e for e in extract(text, "2025-09-22") if e.type in ("DEPORT", "MISSION_OPEN")]
    assert len(acts) == 1 and acts[0].date is None


def test_that_summer_is_the_summer_of_the_narrative(extract):
    text = ("Early last year, the Afghan consulate in Bonn was still issuing passports. "
            "That changed when the Taliban cut ties with several Afghan diplomatic missions in Europe that summer.")
    cuts = [e for e in extract(text, "2025-09-22") if e.type == "MISSION_CLOSE"]
    assert [(str(e.date), e.date_text) for e in cuts] == [("2024", "that summer")]


def test_a_statement_made_speaking_in_a_place_takes_the_date_of_the_visit_there(extract):
    text = ("Muttaqi arrived in New Delhi on Thursday for a week of talks. "
            "Speaking to reporters in New Delhi, Muttaqi said the Taliban would not allow attacks on India.")
    events = [e for e in extract(text, published="2025-10-12") if e.trigger != "arrived"]
    assert events and all(str(e.date) == "2025-10-09" for e in events)


def test_an_accompanying_with_clause_shares_the_main_clause_time(extract):
    text = ("On Tuesday, Wang Yi met Muttaqi in Kabul. The Taliban spokesman described the meeting as useful, "
            "with Afghanistan's foreign minister thanking China for earthquake aid.")
    thanks = [e for e in extract(text, published="2025-08-10") if e.trigger == "thanking"]
    assert [str(e.date) for e in thanks] == ["2025-08-05"]


def test_the_same_before_a_date_is_the_act_not_the_date(extract):
    text = "Kazakhstan delisted the Taliban at the end of 2023, and Kyrgyzstan did the same last year."
    kyrgyz = [e for e in extract(text, published="2025-08-10") if e.actor == "KGZ"]
    assert [str(e.date) for e in kyrgyz] == ["2024"]



def test_a_planned_day_without_a_year_is_the_next_one(extract):
    text = "Pakistan and the Taliban agreed a ceasefire on Sunday, and officials are due to meet again in Istanbul on 6 November."
    meet = [e for e in extract(text, published="2025-10-31") if str(e.type) == "MEET"]
    assert [str(e.date) for e in meet] == ["2025-11-06"]


def test_a_participle_dates_its_noun_before_the_governing_verb(extract):
    text = ("Pakistan and the Taliban clashed on Monday. "
            "A truce agreed on Wednesday collapsed on Friday night, when Pakistani drones struck Khost.")
    truce = [e for e in extract(text, published="2025-10-18") if str(e.type) == "CEASEFIRE"]
    assert [str(e.date) for e in truce] == ["2025-10-15"]


def test_the_date_of_the_planning_verb_is_when_the_plan_was_made(extract):
    aid = [e for e in extract("Russia pledged aid to the Taliban on 1 November.", published="2025-10-31")
           if str(e.type) == "AID"]
    assert [str(e.date) for e in aid] == ["2024-11-01"]


def _as_read(read: tuple[dt.date, str] | None) -> tuple[PartialDate, str] | None:
    return None if read is None else (PartialDate.from_date(*read), read[1])


RELATIVE_FORMS = ["yesterday", "Today", "this week", "last week", "next week", "this month", "last month",
                  "next month", "this year", "last year", "next year", "Monday", "tuesday", "Wednesday",
                  "last Thursday", "Friday", "Saturday", "Sunday", "March", "Sept", "December", "27 July",
                  "1st of March", "March 31", "Feb 28", "29 February", "November 30th"]
ABSOLUTE_FORMS = ["2021", "1996", "August 2021", "Aug 2021", "Aug. 2021", "Sept 2024", "December, 2019",
                  "15 August 2021", "1st May 2023", "3rd of March 2022", "October 7th 2023",
                  "October 7, 2023", "Feb 29, 2024", "February 29 2023", "31 April 2022", "MARCH 2020"]


def test_plain_date_forms_are_read_as_dateparser_reads_them() -> None:
    from dipwatch.extract.timex import _read_plainly, _read_with_dateparser

    first = dt.date(2024, 1, 1)
    left_to_dateparser = 0
    for offset in range(366):  # every day of a leap year: month ends, the leap day, each weekday
        base = first + dt.timedelta(days=offset)
        for text in RELATIVE_FORMS if offset % 7 else RELATIVE_FORMS + ABSOLUTE_FORMS:
            plain = _read_plainly(text, base)
            if plain is None:  # dateparser answers instead: its own day name, "31 April", "29 February"
                left_to_dateparser += 1
                continue
            assert _as_read(plain) == _as_read(_read_with_dateparser(text, base)), (text, base)
    # every day: its own weekday's name and "29 February"; every seventh: two impossible days
    assert left_to_dateparser == 366 + 366 + 2 * 53
    assert _read_plainly("the Tuesday before", first) is None and _read_plainly("2021-08-15", first) is None
