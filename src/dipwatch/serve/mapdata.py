"""The world map of relationship levels, offline: a Plotly choropleth figure and the files it needs.

Shared by the brief and the dashboard. `map_figure(rows, focus)` returns the figure as plain
JSON-ready data (`{"data": [...], "layout": {...}}`), so a page only has to hand it to
`Plotly.newPlot`. plotly.js fetches its world geometry from a CDN unless it is already on the
page, so every page that draws the map either inlines `geo_assets_script()` before the plot
(the brief) or serves `topojson_path()` and passes `plot_config(topojson_url=...)` (the
dashboard). Nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry

from ..derive import FLAGS, LEVEL_NAMES, Relationship
from ..records import StoredEvent

__all__ = [
    "FLAG_MARKERS",
    "FOCUS_COLOUR",
    "LEVEL_COLOURS",
    "NO_DATA_COLOUR",
    "actor_name",
    "geo_assets_script",
    "map_figure",
    "on_map",
    "plot_config",
    "plotly_js",
    "plotly_js_path",
    "script_json",
    "since_text",
    "topojson_path",
]

# ColorBrewer YlGnBu, one step per rung of the ladder: darker is closer.
LEVEL_COLOURS = {
    0: "#ffffcc",
    1: "#c7e9b4",
    2: "#7fcdbb",
    3: "#41b6c4",
    4: "#2c7fb8",
    5: "#253494",
}
NO_DATA_COLOUR = "#e3e3e3"
FOCUS_COLOUR = "#7f7f7f"
# One marker per flag, placed beside the country's centroid: (plotly symbol, colour).
FLAG_MARKERS = {
    "sanctions": ("square", "#7b3294"),
    "armed_conflict": ("x", "#d7191c"),
    "ceasefire": ("diamond", "#1a9641"),
    "border_closed": ("triangle-up", "#f28e2b"),
    "mission_closed": ("cross", "#444444"),
}
TOPOJSON_NAME = "world_110m"
# Codes that are actors but not states on the map (EVENTS.md actor codes).
NON_STATE_NAMES = {
    "AFG_REP": "Former Islamic Republic of Afghanistan",
    "AQ": "al-Qaeda",
    "ETIM": "East Turkestan Islamic Movement",
    "EU": "European Union",
    "ICC": "International Criminal Court",
    "IMF": "International Monetary Fund",
    "ISKP": "Islamic State Khorasan",
    "NATO": "NATO",
    "OIC": "Organisation of Islamic Cooperation",
    "OTHER": "Other",
    "SCO": "Shanghai Cooperation Organisation",
    "TTP": "Tehrik-i-Taliban Pakistan",
    "UN": "United Nations",
    "UNK": "Unknown actor",
    "WB": "World Bank",
    "XKX": "Kosovo",
}


def topojson_path() -> Path:
    """The bundled world topojson (Natural Earth 1:110m, from npm plotly.js 3.3.1; see assets/README.md)."""
    return Path(str(resources.files("dipwatch.serve").joinpath("assets", f"{TOPOJSON_NAME}.json")))


def plotly_js_path() -> Path:
    """plotly.min.js inside the installed `plotly` package."""
    return Path(str(resources.files("plotly").joinpath("package_data", "plotly.min.js")))


@functools.cache
def plotly_js() -> str:
    return plotly_js_path().read_text(encoding="utf-8")


@functools.cache
def _topojson_text() -> str:
    return topojson_path().read_text(encoding="utf-8")


@functools.cache
def _centroids() -> dict[str, tuple[float, float]]:
    """ISO3 -> (lon, lat) of every country the topojson draws."""
    geometries = json.loads(_topojson_text())["objects"]["countries"]["geometries"]
    return {g["id"]: tuple(g["properties"]["ct"]) for g in geometries if g.get("id") and "ct" in g.get("properties", {})}


def on_map(code: str) -> bool:
    """The code is a country the world map draws (UN, EU, ISKP, AFG_REP and the like are not)."""
    return code in _centroids()


@functools.cache
def actor_name(code: str) -> str:
    """A readable name for an actor code: "RUS" -> "Russian Federation", "UN" -> "United Nations"."""
    if code in NON_STATE_NAMES:
        return NON_STATE_NAMES[code]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)


def script_json(value: Any) -> str:
    """JSON that is safe inside an HTML <script> element (no `</script>`, no `<!--`)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def geo_assets_script() -> str:
    """JavaScript to run before the plot: hands plotly.js the world topojson so it never fetches it."""
    return (
        "window.PlotlyGeoAssets=window.PlotlyGeoAssets||{};"
        "window.PlotlyGeoAssets.topojson=window.PlotlyGeoAssets.topojson||{};"
        f"window.PlotlyGeoAssets.topojson[{json.dumps(TOPOJSON_NAME)}]={_topojson_text().strip()};"
    )


def plot_config(topojson_url: str | None = None) -> dict[str, Any]:
    """The `Plotly.newPlot` config: no logo, no links out; `topojson_url` where the page serves the
    topojson folder itself (e.g. "/static/topojson/") instead of inlining it."""
    config: dict[str, Any] = {"displaylogo": False, "responsive": True, "showLink": False, "showSendToCloud": False,
                              "modeBarButtonsToRemove": ["select2d", "lasso2d"]}
    if topojson_url is not None:
        config["topojsonURL"] = topojson_url
    return config


def since_text(item: StoredEvent | None) -> str:
    """When a fact holds from, as precisely as the report says ("2025-07-03", "2021"); an undated
    standing fact by the day it was reported ("reported 2025-07-04")."""
    if item is None:
        return ""
    if item.event.date is not None:
        return str(item.event.date)
    return f"reported {item.source.published}" if item.source.published else "undated"


def _hover(row: Relationship) -> str:
    lines = [f"<b>{actor_name(row.country)}</b> ({row.country})", f"{row.level} {row.level_name}"]
    if row.level_event is not None:
        lines.append(f"since {since_text(row.level_event)}")
    if row.flags:
        lines.append("flags: " + ", ".join(sorted(row.flags)))
    return "<br>".join(lines)


def _levels_trace(rows: Sequence[Relationship]) -> dict[str, Any]:
    steps = len(LEVEL_COLOURS)
    scale: list[list[Any]] = []
    for level, colour in sorted(LEVEL_COLOURS.items()):
        scale += [[level / steps, colour], [(level + 1) / steps, colour]]
    return {
        "type": "choropleth", "name": "level", "locationmode": "ISO-3",
        "locations": [r.country for r in rows], "z": [r.level for r in rows],
        "text": [_hover(r) for r in rows], "hovertemplate": "%{text}<extra></extra>",
        "customdata": [r.level_name for r in rows],
        "zmin": -0.5, "zmax": steps - 0.5, "colorscale": scale, "autocolorscale": False,
        "marker": {"line": {"color": "#ffffff", "width": 0.6}},
        "colorbar": {"title": {"text": "level"}, "tickvals": list(LEVEL_NAMES),
                     "ticktext": [f"{k} {v}" for k, v in LEVEL_NAMES.items()], "len": 0.8, "thickness": 14},
    }


def _focus_trace(focus: str) -> dict[str, Any]:
    return {
        "type": "choropleth", "name": "focus", "locationmode": "ISO-3", "locations": [focus], "z": [0],
        "text": [f"<b>{actor_name(focus)}</b> ({focus})<br>focus government"],
        "hovertemplate": "%{text}<extra></extra>", "showscale": False,
        "colorscale": [[0, FOCUS_COLOUR], [1, FOCUS_COLOUR]], "marker": {"line": {"color": "#ffffff", "width": 0.6}},
    }


def _flag_trace(flag: str, offset: int, rows: Sequence[Relationship]) -> dict[str, Any]:
    symbol, colour = FLAG_MARKERS[flag]
    flagged = [r for r in rows if flag in r.flags]
    points = [_centroids()[r.country] for r in flagged]
    texts = []
    for row in flagged:
        texts.append(f"<b>{actor_name(row.country)}</b>: {flag} ({since_text(row.flags[flag])})")
    return {
        "type": "scattergeo", "mode": "markers", "name": flag.replace("_", " "),
        "lon": [lon + 2.2 * offset for lon, _ in points], "lat": [lat for _, lat in points],
        "text": texts, "hovertemplate": "%{text}<extra></extra>",
        "marker": {"symbol": symbol, "color": colour, "size": 9, "line": {"color": "#ffffff", "width": 1}},
    }


def map_figure(rows: Sequence[Relationship], focus: str = "AFG", title: str | None = None) -> dict[str, Any]:
    """The choropleth of levels for the rows that are countries, the focus in grey, a marker per flag."""
    mapped = [r for r in rows if on_map(r.country) and r.country != focus]
    data = [_levels_trace(mapped)]
    if on_map(focus):
        data.append(_focus_trace(focus))
    present = [flag for flag in FLAGS if any(flag in r.flags for r in mapped)]
    data += [_flag_trace(flag, i, mapped) for i, flag in enumerate(present)]
    layout: dict[str, Any] = {
        "geo": {
            "projection": {"type": "natural earth", "rotation": {"lon": 0}}, "fitbounds": False,
            "showframe": False, "showcoastlines": False, "showcountries": True, "countrycolor": "#ffffff",
            "showland": True, "landcolor": NO_DATA_COLOUR, "showocean": True, "oceancolor": "#f3f7fa",
            "showlakes": False, "resolution": 110, "lataxis": {"range": [-58, 85]},
        },
        "margin": {"l": 0, "r": 0, "t": 36 if title else 8, "b": 0},
        "height": 480,
        "legend": {"orientation": "h", "x": 0, "y": 0, "bgcolor": "rgba(255,255,255,0.7)"},
        "paper_bgcolor": "#ffffff",
        "font": {"family": "system-ui, sans-serif", "size": 12},
    }
    if title:
        layout["title"] = {"text": title, "x": 0.01}
    return {"data": data, "layout": layout}
