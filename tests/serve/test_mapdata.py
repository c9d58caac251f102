"""The offline world map: bundled assets, and the choropleth figure for a set of relationships."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import plotly.graph_objects as go

from dipwatch.derive import Relationship
from dipwatch.records import Event, EventType, PartialDate, Source, Status, StoredEvent
from dipwatch.serve import mapdata


def _item(actor: str, type: EventType, date: str) -> StoredEvent:
    event = Event(doc="d", actor=actor, type=type, target="AFG", status=Status.OCCURRED, date=PartialDate.parse(date),
                  date_text=None, evidence="x", start=0, end=1, actor_text=actor, target_text="AFG")
    return StoredEvent(1, event, Source(1, "d", None, None, None, PartialDate.parse(date)))


def _row(country: str, level: int, flags: dict[str, StoredEvent] | None = None) -> Relationship:
    return Relationship(country, "AFG", dt.date(2025, 11, 1), level, _item(country, EventType.MEET, "2025-07-03"), flags or {})


def test_assets_are_bundled_and_unchanged():
    topojson = mapdata.topojson_path()
    assert hashlib.sha256(topojson.read_bytes()).hexdigest() == "e1bf51740ad28396265e52123ea7315d692f112664ab2cb0f1ea76a96fe1bb0a"
    assert (topojson.parent / "README.md").read_text().count("MIT") >= 1
    assert mapdata.plotly_js_path().stat().st_size > 1_000_000
    assert mapdata.plotly_js().lstrip().startswith("/**")
    assert "cdn.plot.ly" not in mapdata.geo_assets_script()[:200]


def test_only_countries_go_on_the_map():
    assert mapdata.on_map("RUS") and mapdata.on_map("AFG")
    assert not any(mapdata.on_map(code) for code in ("UN", "EU", "ISKP", "TTP", "AFG_REP", "ICC"))
    assert mapdata.actor_name("RUS") == "Russian Federation" and mapdata.actor_name("UN") == "United Nations"
    assert mapdata.actor_name("ZZZ") == "ZZZ"


def test_figure_colours_levels_and_marks_flags():
    attack = _item("PAK", EventType.ATTACK, "2025-10-12")
    rows = [_row("RUS", 5), _row("PAK", 3, {"armed_conflict": attack, "border_closed": attack}), _row("UN", 2), _row("ISKP", 0)]
    figure = mapdata.map_figure(rows, "AFG")
    go.Figure(figure)  # plotly validates every property
    levels, focus, *flags = figure["data"]
    assert levels["locations"] == ["RUS", "PAK"] and levels["z"] == [5, 3]
    assert levels["locationmode"] == "ISO-3" and "since 2025-07-03" in levels["text"][0]
    assert focus["locations"] == ["AFG"]
    assert [f["name"] for f in flags] == ["armed conflict", "border closed"]
    assert flags[0]["lon"] != flags[1]["lon"]  # two flags on one country do not hide each other
    geo = figure["layout"]["geo"]
    assert geo["projection"]["type"] == "natural earth" and geo["fitbounds"] is False
    # the colour scale puts each level on its own colour
    scale = dict((round(pos * 6), colour) for pos, colour in levels["colorscale"][::2])
    assert scale == mapdata.LEVEL_COLOURS


def test_script_json_cannot_close_the_script():
    text = mapdata.script_json({"a": "</script><script>alert(1)</script>", "b": "&"})
    assert "</" not in text and "<" not in text
    assert json.loads(text) == {"a": "</script><script>alert(1)</script>", "b": "&"}
