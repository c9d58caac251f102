"""Issue #2's status table on the development set: Russia, China, India, Pakistan."""

from __future__ import annotations

import datetime as dt

import pytest

from dipwatch.derive import relationships_as_of
from dipwatch.pipeline import ingest_paths
from dipwatch.records import EventType
from dipwatch.store import EventFilter, Store
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def seed_events(tmp_path_factory):
    store = Store.open(tmp_path_factory.mktemp("seeds") / "seeds.db")
    report = ingest_paths([shared_path("corpus", "seeds")], store)
    assert report.count("new") == 5
    return store.events(EventFilter(focus="AFG"))


def table(events, day):
    return {r.country: r for r in relationships_as_of(events, "AFG", day)}


def test_russia_recognition_date(seed_events):
    assert table(seed_events, dt.date(2025, 7, 5))["RUS"].level_name == "formal_recognition"
    assert table(seed_events, dt.date(2025, 7, 3))["RUS"].level_name != "formal_recognition"


def test_china_accepts_envoy(seed_events):
    assert table(seed_events, None)["CHN"].level_name == "accepts_envoy"


def test_india_below_presence_with_negated_recognition(seed_events):
    india = table(seed_events, None)["IND"]
    assert india.level <= 3
    assert EventType.RECOGNIZE in {n.event.type for n in india.negated}


def test_pakistan_conflict_and_ceasefire(seed_events):
    pakistan = table(seed_events, dt.date(2025, 11, 1))["PAK"]
    assert "armed_conflict" in pakistan.flags
    assert "ceasefire" in pakistan.flags
    assert str(pakistan.flags["ceasefire"].event.date).startswith("2025-10")
