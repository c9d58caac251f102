"""The relationship ladder and flags of EVENTS.md, as of any date."""

import datetime as dt
import itertools

from dipwatch.derive import relationships_as_of
from dipwatch.records import Event, EventType, PartialDate, Source, Status, StoredEvent

_ids = itertools.count(1)


def item(actor, kind, target="AFG", date="2025-07-03", status=Status.OCCURRED, published="2025-12-01", doc=1):
    event = Event(
        doc=f"d{doc}", actor=actor, type=EventType(kind), target=target, status=status,
        date=PartialDate.parse(date) if date else None, date_text=None, evidence=f"{actor} {kind} {target}",
        start=0, end=1, actor_text=actor, target_text=target,
    )
    return StoredEvent(next(_ids), event, Source(doc, f"d{doc}", None, None, "Outlet", PartialDate.parse(published)))


def by_country(rows):
    return {r.country: r for r in rows}


def test_levels():
    rows = by_country(relationships_as_of([
        item("RUS", "RECOGNIZE"), item("CHN", "ACCREDIT"), item("IND", "MISSION_OPEN"),
        item("AFG", "VISIT", target="JPN"), item("DEU", "DEPORT"),
    ]))
    assert {c: r.level_name for c, r in rows.items()} == {
        "RUS": "formal_recognition", "CHN": "accepts_envoy", "IND": "diplomatic_presence",
        "JPN": "official_engagement", "DEU": "technical_contact",
    }


def test_as_of_excludes_later_events():
    events = [item("RUS", "MEET", date="2024-05"), item("RUS", "RECOGNIZE", date="2025-07-03")]
    assert by_country(relationships_as_of(events, as_of=dt.date(2025, 7, 2)))["RUS"].level == 2
    later = by_country(relationships_as_of(events, as_of=dt.date(2025, 7, 5)))["RUS"]
    assert later.level == 5 and later.level_since == dt.date(2025, 7, 3)


def test_month_precise_event_counts_from_the_end_of_its_month():
    events = [item("RUS", "RECOGNIZE", date="2025-07")]
    assert "RUS" not in by_country(relationships_as_of(events, as_of=dt.date(2025, 7, 15)))
    assert by_country(relationships_as_of(events, as_of=dt.date(2025, 8, 1)))["RUS"].level == 5


def test_negated_is_evidence_not_level():
    rows = by_country(relationships_as_of([item("IND", "RECOGNIZE", status=Status.NEGATED), item("IND", "MISSION_OPEN")]))
    assert rows["IND"].level == 3
    assert [n.event.type for n in rows["IND"].negated] == [EventType.RECOGNIZE]


def test_flags_conflict_and_ceasefire():
    events = [item("PAK", "ATTACK", date="2025-10-12"), item("PAK", "CEASEFIRE", date="2025-10-19"), item("PAK", "MISSION_OPEN")]
    pak = by_country(relationships_as_of(events, as_of=dt.date(2025, 11, 1)))["PAK"]
    assert set(pak.flags) == {"armed_conflict", "ceasefire"}
    assert pak.level == 3  # engaged and hostile at once
    old = by_country(relationships_as_of(events, as_of=dt.date(2026, 6, 1)))["PAK"]
    assert "armed_conflict" not in old.flags


def test_sanctions_until_eased():
    events = [item("USA", "SANCTION", date="2021-08"), item("USA", "EASE", date="2025-03")]
    assert "sanctions" in by_country(relationships_as_of(events, as_of=dt.date(2024, 1, 1)))["USA"].flags
    assert "sanctions" not in by_country(relationships_as_of(events, as_of=dt.date(2025, 4, 1)))["USA"].flags


def test_cutting_ties_is_a_downgrade():
    events = [item("GBR", "MISSION_OPEN", date="2020-01"), item("GBR", "MISSION_CLOSE", date="2021-08")]
    gbr = by_country(relationships_as_of(events))["GBR"]
    assert gbr.level == 2 and "mission_closed" in gbr.flags


def test_undated_event_known_from_publication():
    events = [item("IRN", "MISSION_OPEN", date=None, published="2022-08-16")]
    assert "IRN" not in by_country(relationships_as_of(events, as_of=dt.date(2022, 8, 1)))
    assert by_country(relationships_as_of(events, as_of=dt.date(2022, 9, 1)))["IRN"].level == 3


def test_other_focus():
    rows = by_country(relationships_as_of([item("RUS", "RECOGNIZE", target="MMR")], focus="MMR"))
    assert rows["RUS"].level == 5
