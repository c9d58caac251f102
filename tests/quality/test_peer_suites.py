"""Agreement with peer coders' gold suites (`dipwatch eval-peer`): the real command on the real
suites in ../shared/external-eval (skipped where absent), plus unit tests of the actor-code
normalisation and the type -> CAMEO/PLOVER mapping on small records written for these tests.

The floors are regression floors, set slightly below the measured agreement (counts of records
in scope), so that accuracy can only go up. Raise them when the extractor improves.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from dipwatch.peer import (
    SUITES,
    Expected,
    PeerRecord,
    load_code_table,
    normalise_cameo_actor,
    normalise_plover_actor,
    parse_petrarch,
    parse_plover,
    score_record,
)
from dipwatch.records import Event, EventType, PartialDate, Status
from dipwatch.serve.cli import app
from tests.conftest import shared_path

runner = CliRunner()

# measured (2026-12-06): petrarch 78 records, 55 in scope, agreement code 16 / source+code 16 / triple 13;
# plover 322 records, 261 in scope, produced 109, agreement 91 / 82 / 70
EXPECTED_SIZE = {"petrarch": (78, 55), "plover": (322, 261)}  # in scope changes only with event_types.csv
FLOORS = {
    "petrarch": {"agree_code": 16, "agree_source_code": 16, "agree_triple": 13},
    "plover": {"agree_code": 88, "agree_source_code": 79, "agree_triple": 68},
}


@pytest.fixture(scope="module")
def peer_results() -> dict:
    suites = shared_path("external-eval")
    result = runner.invoke(app, ["eval-peer", "all", "--suites", str(suites), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("name", sorted(SUITES))
def test_numbers_are_consistent(peer_results, name):
    report = peer_results[name]
    s = report["summary"]
    assert (s["records"], s["in_scope"]) == EXPECTED_SIZE[name]
    assert s["in_scope"] + s["out_of_scope"] == s["records"]
    assert s["in_scope_coded_source"] <= s["in_scope"]
    assert s["agree_triple"] <= s["agree_source_code"] <= s["agree_code"] <= s["produced"] <= s["in_scope"]
    assert s["produced_on_no_event"] <= s["no_event_expected"] <= s["out_of_scope"]
    assert sum(s["disagreements"].values()) == s["in_scope"] - s["agree_triple"] == len(report["disagreements"])
    assert sum(c["records"] for c in report["classes"]) == len(report["disagreements"])
    assert {d["verdict"] for d in report["disagreements"]} <= {"suite", "ours"}
    assert all(row["triple"] <= row["source_code"] <= row["code"] <= row["produced"] <= row["records"]
               for row in report["per_code"])
    # out of scope: never counted as a miss, always listed with why
    assert all(r["class"] and not r["in_scope"] for r in report["out_of_scope"])
    assert len(report["out_of_scope"]) == s["out_of_scope"]


@pytest.mark.parametrize("name", sorted(SUITES))
def test_agreement_above_floors(peer_results, name):
    s = peer_results[name]["summary"]
    for key, floor in FLOORS[name].items():
        assert s[key] >= floor, (key, s)


def test_text_report_and_limit():
    suites = shared_path("external-eval")
    result = runner.invoke(app, ["eval-peer", "petrarch", "--suites", str(suites), "--limit", "10",
                                 "--show-disagreements", "-1"], env={"COLUMNS": "160"})
    assert result.exit_code == 0, result.output
    assert "records 10" in result.output
    assert "agreement: code" in result.output and "per code" in result.output and "disagreement classes" in result.output


def test_missing_suites_folder_is_named(tmp_path):
    missing = tmp_path / "nowhere"
    result = runner.invoke(app, ["eval-peer", "plover", "--suites", str(missing)])
    assert result.exit_code == 2
    assert "nowhere" in result.output


def test_unknown_suite_is_named(tmp_path):
    result = runner.invoke(app, ["eval-peer", "tabari", "--suites", str(tmp_path)])
    assert result.exit_code == 2
    assert "tabari" in result.output and "petrarch" in result.output


# --- unit tests: no suite files, no NLP ------------------------------------------------------


@pytest.mark.parametrize("raw, code, country", [
    ("USA", "USA", "USA"),
    ("USAGOV", "USA", "USA"),
    ("IRQGOVMIL", "IRQ", "IRQ"),
    ("RUSMIL", "RUS", "RUS"),
    ("GEOOPP", "OTHER", "GEO"),
    ("AFGREB", "OTHER", "AFG"),  # PETRARCH/PLOVER code the Taliban as rebels
    ("SYROPPHRI", "OTHER", "SYR"),
    ("PSEGZA", "PSE", "PSE"),  # a region of the state
    ("PSEGZACVL", "OTHER", "PSE"),
    ("---LEG", "OTHER", None),
    ("IGOUNO", "UN", None),
    ("IGOUNOMIL", "UN", None),
    ("IGOEUREEC", "EU", None),
    ("IGOCOPITP", "OTHER", None),
    ("IMGMUSISI", "OTHER", None),
])
def test_cameo_actor_codes(raw, code, country):
    actor = normalise_cameo_actor(raw)
    assert (actor.code, actor.country) == (code, country)
    assert actor.raw == raw
    assert actor.code != "OTHER" or actor.note


@pytest.mark.parametrize("code, sector, text, ours", [
    ("JAP", None, "Tokyo", "JPN"),
    ("ITL", "GOV", "Rome", "ITA"),
    ("NOR", None, "Norway", "NOR"),
    ("NOR", "GOV", "the Norwegian cabinet", "NOR"),
    ("NOR", "***", "Oslo", "NOR"),
    ("NOR", "CVLsam", "reindeer herders", "OTHER"),
    ("IGO", "GOV", "the U.N. Security Council", "UN"),
    ("IGO", None, "UN envoys", "UN"),
    ("IGO", None, "the European Union", "EU"),
    ("IGO", None, "the Nordic Council", "OTHER"),
    ("IGO", None, "a tuna fisheries union", "OTHER"),  # "un" inside a word is not the UN
    ("IMG", None, "al-Qaeda's leaders", "AQ"),
    ("NGO", None, "a rights watchdog", "OTHER"),
    ("AFG", "REB", "Taliban fighters", "OTHER"),
])
def test_plover_actor_codes(code, sector, text, ours):
    assert normalise_plover_actor(code, sector, text).code == ours


def test_every_type_has_peer_codes():
    table = load_code_table()
    assert set(table.types) == set(EventType)
    for row in table.types.values():
        assert row.cameo and row.plover
        assert all(c.isdigit() for c in row.cameo + row.cameo_planned + row.cameo_reversed)


def _event(actor: str, kind: str, target: str, status: str = "occurred") -> Event:
    return Event(doc="r", actor=actor, type=EventType(kind), target=target, status=Status(status), date=None,
                 date_text=None, evidence="", start=0, end=0, actor_text=actor, target_text=target)


def test_type_to_code_mapping():
    table = load_code_table()
    assert table.covers("cameo", "042") and table.covers("cameo", "043")  # VISIT, and VISIT seen from the host
    assert table.covers("cameo", "0841") and table.covers("cameo", "084")  # RELEASE, and its parent
    assert table.covers("cameo", "190") and table.covers("cameo", "195")
    assert not table.covers("cameo", "015") and not table.covers("cameo", "141") and not table.covers("cameo", "090")
    assert table.cameo_types("0352") == [EventType.AGREE]  # an intent (CAMEO 03) is PLOVER AGREE
    assert table.cameo_types("190")[0] == EventType.ATTACK  # the type that contains the code comes first
    assert table.covers("cameo", "036")  # intent to meet: MEET planned
    assert table.covers("plover", "CONSULT", "visit") and table.covers("plover", "COERCE", "arrest")
    assert not table.covers("plover", "PROTEST") and not table.covers("plover", "MOBILIZE", "troops")
    assert not table.covers("plover", "COERCE", "censor") and not table.covers("plover", "ACCUSE", "investigate")
    assert table.classes("cameo", _event("NOR", "MEET", "CHL")) == {"04"}
    assert table.classes("cameo", _event("NOR", "MEET", "CHL", "planned")) == {"04", "03"}
    assert table.classes("cameo", _event("NOR", "ATTACK", "CHL", "threatened")) >= {"19", "13"}
    assert table.classes("plover", _event("NOR", "AGREE", "CHL")) == {"AGREE", "SUPPORT"}
    assert table.classes("plover", _event("NOR", "AID", "CHL", "planned")) == {"AID", "AGREE"}
    assert "REJECT" in table.classes("plover", _event("NOR", "AID", "CHL", "negated"))


def _record(expected: list[tuple[str, str | None, str]], text: str = "A sentence written for this test.") -> PeerRecord:
    return parse_petrarch([{"id": "t1", "date": "20190305", "text": text,
                            "expected_events": [{"source": s, "target": t or "", "code": c} for s, t, c in expected]}])[0]


def test_scoring_agreement_roles_and_reversal():
    visit = _record([("NORGOV", "CHL", "042")])
    assert visit.date == PartialDate(2019, 3, 5)
    result = score_record(visit, [_event("NOR", "VISIT", "CHL")], "cameo")
    assert (result.code, result.source_code, result.triple, result.verdict) == (True, True, True, "agree")
    hosted = score_record(_record([("CHLGOV", "NORGOV", "043")]), [_event("NOR", "VISIT", "CHL")], "cameo")
    assert hosted.triple  # CAMEO 043: the host is the source
    talks = score_record(_record([("CHL", "NOR", "046")]), [_event("NOR", "MEET", "CHL")], "cameo")
    assert talks.triple  # MEET is unordered
    backwards = score_record(_record([("CHL", "NOR", "112")]), [_event("NOR", "CRITICIZE", "CHL")], "cameo")
    assert (backwards.code, backwards.source_code, backwards.verdict, backwards.kind) == (True, False, "ours", "roles reversed")
    wrong_type = score_record(_record([("NOR", "CHL", "112")]), [_event("NOR", "SUPPORT", "CHL")], "cameo")
    assert (wrong_type.code, wrong_type.kind) == (False, "mis-typed (right actors)")


def test_scoring_suite_conventions_and_scope():
    rebels = score_record(_record([("CHLREB", "NOR", "190")]), [], "cameo")
    assert (rebels.verdict, rebels.kind) == ("suite", "source is not an actor we code")
    as_state = score_record(_record([("CHLREB", "NOR", "190")]), [_event("CHL", "ATTACK", "NOR")], "cameo")
    assert (as_state.verdict, as_state.kind) == ("ours", "non-state actor coded as its state")
    taliban = score_record(_record([("AFGREB", "NOR", "112")], "Taliban spokesmen blamed Oslo."), [], "cameo")
    assert (taliban.verdict, taliban.kind) == ("suite", "Taliban coded as rebels")
    domestic = score_record(_record([("CHLGOV", "CHLOPP", "112")]), [], "cameo")
    assert (domestic.verdict, domestic.kind) == ("suite", "same-state event")
    missed = score_record(_record([("NOR", "CHL", "1124")]), [], "cameo")
    assert (missed.verdict, missed.kind) == ("ours", "missed CRITICIZE")
    unnamed = score_record(_record([("NOR", "CHL", "190")]), [_event("UNK", "ATTACK", "CHL")], "cameo")
    assert not unnamed.produced and unnamed.kind == "missed ATTACK"  # an unnamed doer is not an EVENTS.md record
    protest = score_record(_record([("NOROPP", "CHL", "141")]), [], "cameo")
    assert not protest.in_scope and protest.verdict == "out of scope" and "141" in protest.kind
    nothing = score_record(_record([]), [_event("NOR", "MEET", "CHL")], "cameo")
    assert not nothing.in_scope and nothing.kind == "no event expected"


def test_plover_records_pairs():
    row = {"id": "p1", "text": "Written for this test.", "event_plover_current": "AGREE", "event_gsr_v0_5": "AGREE",
           "mode": None, "date_placeholder": "2000-01-01",
           "actor": [{"actorText": "Norway", "code": "NOR"}, {"actorText": "Chile", "code": "CHL"}], "recipient": []}
    record = parse_plover([row])[0]
    assert {(e.source.code, e.target.code) for e in record.expected} == {("NOR", "CHL"), ("CHL", "NOR")}
    assert record.date == PartialDate(2000, 1, 1)
    assert score_record(record, [_event("CHL", "AGREE", "NOR", "planned")], "plover").triple
    alone = parse_plover([{**row, "actor": row["actor"][:1], "event_plover_current": "REJECT"}])[0]
    assert [e.target for e in alone.expected] == [None]
    assert score_record(alone, [_event("NOR", "REJECT", "CHL")], "plover").triple  # no target coded: any target
    investigate = parse_plover([{**row, "event_plover_current": "ACCUSE", "event_gsr_v0_5": "INVESTIGATE"}])[0]
    assert not score_record(investigate, [], "plover").in_scope


def test_expected_describes_itself():
    e = Expected(normalise_cameo_actor("USAGOV"), None, "042")
    assert e.describe() == "USAGOV->- 042"


def test_batch_extraction_is_the_pipelines():
    """eval-peer parses the sentences in batches: the events must be those of `extract_article`."""
    from dipwatch.peer import _article, extract_records
    from dipwatch.pipeline import extract_article

    records = [
        _record([("NOR", "CHL", "042")], "Norway's foreign minister visited Chile on Monday to discuss fisheries."),
        _record([("CHL", "NOR", "112")], "Chile accused Norway of stalling the talks, officials said on Tuesday."),
    ]
    assert [list(events) for events in extract_records(records)] == [extract_article(_article(r)) for r in records]
