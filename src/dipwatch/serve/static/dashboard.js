/* dipwatch dashboard: the map of levels with its date slider, the relationship table and a
 * country's panel (level and why, timeline chart, every event with its sentence and document).
 *
 * Data come from this server's JSON API only. Every string from an article is put on the page
 * with textContent (never innerHTML), and only a report's `link` (an http(s) address checked by
 * the server, checked again here) becomes an href to another site.
 * The page reports its progress on <body> for the browser tests: data-map="ready",
 * data-rendered-as-of="YYYY-MM-DD", data-country="RUS", data-timeline="ready".
 */
(function () {
  "use strict";

  var root = document.getElementById("dashboard");
  if (!root) { return; }
  var body = document.body;
  var focus = root.getAttribute("data-focus");
  var plotConfig = JSON.parse(root.getAttribute("data-plot-config"));
  var months = monthRange(root.getAttribute("data-first-month"), root.getAttribute("data-last-month"));
  var slider = document.getElementById("as-of-slider");
  var label = document.getElementById("as-of-label");
  var playButton = document.getElementById("play");
  var panel = document.getElementById("country-panel");
  var tableBody = document.querySelector("#status-table tbody");
  var timings = window.dipwatchTimings = { script: performance.now() };  // ms since navigation start
  var PANEL_DENIALS = "20";  // a country can have thousands of denials on the record: the latest, and the count
  var state = { asOf: null, country: null, rows: [], drawn: false, seq: 0, panelSeq: 0, timer: null, playing: null };

  // ---- small helpers ------------------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) { return; }
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function monthRange(first, last) {
    var out = [];
    if (!first || !last) { return out; }
    var y = +first.slice(0, 4), m = +first.slice(5, 7);
    var endY = +last.slice(0, 4), endM = +last.slice(5, 7);
    while (y < endY || (y === endY && m <= endM)) {
      out.push(y + "-" + (m < 10 ? "0" : "") + m);
      m += 1;
      if (m > 12) { m = 1; y += 1; }
    }
    return out;
  }

  function lastDay(month) {
    var y = +month.slice(0, 4), m = +month.slice(5, 7);
    var day = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return month + "-" + (day < 10 ? "0" : "") + day;
  }

  function query(params) {
    return Object.keys(params).filter(function (k) { return params[k]; })
      .map(function (k) { return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]); }).join("&");
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.error || ("HTTP " + response.status)); }
        return data;
      });
    });
  }

  function safeLink(url) { return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null; }

  function swatch(colour) {
    var node = el("span", { "class": "swatch" });
    node.style.background = colour;
    return node;
  }

  function statusBadge(status) { return el("span", { "class": "status status-" + status, text: status }); }

  function eventLabel(event) {
    return el("span", {}, [el("span", { "class": "etype", text: event.type }), " " + event.actor + "→" + event.target + " ",
      statusBadge(event.status), event.date ? el("span", { "class": "date", text: " " + event.date }) : null]);
  }

  // A report: the sentence, highlighted, then "— Outlet (date) document · original".
  function reportBlock(report) {
    var cite = el("div", { "class": "cite" }, [
      el("span", { "class": "source", text: "— " + (report.outlet || report.doc) + (report.published ? " (" + report.published + ")" : "") + " " }),
      el("a", { "class": "doclink", href: "/documents/" + Number(report.document_id) + "#at-" + Number(report.start), text: "document" })
    ]);
    var link = safeLink(report.link);
    if (link) { cite.appendChild(document.createTextNode(" · ")); cite.appendChild(el("a", { "class": "ext", href: link, rel: "noopener noreferrer nofollow", text: "original" })); }
    return el("div", { "class": "report" }, [el("blockquote", { "class": "evidence" }, [el("mark", { text: report.evidence })]), cite]);
  }

  function corroboration(event) {
    var text = event.corroboration > 1 ? "reported by " + event.corroboration + " documents: " + event.outlets.join(", ") + " · " : "";
    return el("div", { "class": "corro" }, [text, el("a", { href: "/events/" + encodeURIComponent(event.id), text: "every report" })]);
  }

  // ---- the map and the table ----------------------------------------------------------------

  function setAsOf(index) {
    var month = months[index];
    state.asOf = month ? lastDay(month) : null;
    label.textContent = state.asOf || "everything known";
  }

  // This script runs before plotly.js has run (both are deferred, this one first), so the first
  // data, the world geometry and plotly.js itself all load at once.
  var plotlyReady = new Promise(function (resolve, reject) {
    var tag = document.getElementById("plotly-js");
    if (window.Plotly) { resolve(window.Plotly); return; }
    tag.addEventListener("load", function () { timings.plotly = performance.now(); resolve(window.Plotly); });
    tag.addEventListener("error", function () { reject(new Error("plotly.js did not load")); });
  });
  var geometryReady = getJSON(plotConfig.topojsonURL + "world_110m.json").then(function (topojson) {
    return plotlyReady.then(function () {  // handed over, plotly.js never fetches it itself
      window.PlotlyGeoAssets = window.PlotlyGeoAssets || {};
      window.PlotlyGeoAssets.topojson = window.PlotlyGeoAssets.topojson || {};
      window.PlotlyGeoAssets.topojson.world_110m = topojson;
    });
  });

  function drawMap(figure) {
    if (state.drawn) { return Plotly.react("map", figure.data, figure.layout, plotConfig); }
    return Plotly.newPlot("map", figure.data, figure.layout, plotConfig).then(function (graph) {
      state.drawn = true;
      window.dipwatchFirstRender = timings.firstRender = performance.now();
      body.setAttribute("data-map", "ready");
      graph.on("plotly_click", function (event) {
        var point = event && event.points && event.points[0];
        if (point && point.location && point.location !== focus) { selectCountry(point.location, false); }
      });
      return graph;
    });
  }

  // The map is drawn as soon as its figure is in; the table (a report per level and flag) apart.
  function refresh() {
    var seq = ++state.seq;
    var params = query({ focus: focus, as_of: state.asOf });
    var figure = getJSON("/api/map?" + params);
    var map = Promise.all([figure, geometryReady]).then(function (results) {
      if (seq !== state.seq) { return null; }
      if (!state.drawn) { timings.data = performance.now(); }
      return drawMap(results[0].figure);
    });
    // the table's request waits for the map's (the server is not asked for both at once)
    var table = figure.then(function () { return seq === state.seq ? getJSON("/api/status?" + params) : null; }).then(function (status) {
      if (!status || seq !== state.seq) { return; }
      state.rows = status.rows;
      renderTable(state.rows);
    });
    return Promise.all([map, table]).then(function () {
      if (seq !== state.seq) { return null; }
      body.setAttribute("data-rendered-as-of", state.asOf || "");
      return state.country ? selectCountry(state.country, false) : null;
    }).catch(function (error) {
      if (!state.drawn) { body.setAttribute("data-map", "error"); }
      showError(tableBody.parentNode, error);
    });
  }

  function showError(where, error) {
    var note = el("p", { "class": "error", role: "alert", text: "Could not load: " + error.message });
    where.parentNode.insertBefore(note, where);
  }

  function renderTable(rows) {
    clear(tableBody);
    document.getElementById("table-as-of").textContent = state.asOf ? "as of " + state.asOf : "";
    if (!rows.length) {
      tableBody.appendChild(el("tr", {}, [el("td", { colspan: "5", "class": "empty", text: "No events with " + focus + " known by then." })]));
      return;
    }
    rows.forEach(function (row) {
      var button = el("button", { type: "button", "class": "country-button", "data-country": row.country, text: row.name + " (" + row.country + ")" });
      button.addEventListener("click", function () { selectCountry(row.country, true); });
      var flags = row.flag_details.map(function (f) { return el("span", { "class": "flag", text: f.flag.replace(/_/g, " ") + " (" + f.since + ")" }); });
      var evidence = row.level_report ? [el("span", { "class": "sentence", text: row.level_report.evidence }), " ",
        el("span", { "class": "cite", text: "— " + row.source })] : [];
      var tr = el("tr", { "data-country": row.country }, [
        el("td", {}, [button, row.on_map ? null : el("span", { "class": "hint", text: " not on the map" })]),
        el("td", { "class": "nowrap" }, [swatch(row.colour), row.level + " " + row.level_name]),
        el("td", { "class": "nowrap", text: row.since_text }),
        el("td", {}, flags),
        el("td", {}, evidence)
      ]);
      if (row.country === state.country) { tr.className = "selected"; }
      tableBody.appendChild(tr);
    });
  }

  // ---- a country's panel --------------------------------------------------------------------

  function selectCountry(code, moveFocus) {
    state.country = code;
    Array.prototype.forEach.call(tableBody.querySelectorAll("tr"), function (tr) {
      tr.className = tr.getAttribute("data-country") === code ? "selected" : "";
    });
    writeHash();
    var seq = ++state.panelSeq;
    // the table's rows carry one report per level and flag; the panel asks for the country's
    // evidence (its merged events with every report, the latest denials) when it is opened
    var evidence = getJSON("/api/status?" + query({ focus: focus, as_of: state.asOf, country: code, limit: PANEL_DENIALS }));
    var events = getJSON("/api/countries/" + encodeURIComponent(code) + "/timeline?" + query({ focus: focus, as_of: state.asOf }));
    return Promise.all([events, evidence])
      .then(function (results) {
        if (seq !== state.panelSeq) { return; }
        var timeline = results[0], row = results[1].rows[0] || null;
        renderPanel(timeline, row);
        body.setAttribute("data-country", code);
        if (moveFocus) { panel.focus(); }
        return drawTimeline(timeline);
      }).catch(function (error) {
        clear(panel);
        panel.appendChild(el("p", { "class": "error", role: "alert", text: error.message }));
      });
  }

  function renderPanel(timeline, row) {
    clear(panel);
    body.removeAttribute("data-timeline");
    panel.appendChild(el("h2", { id: "panel-title", text: timeline.name + " (" + timeline.country + ")" }));
    var level = row ? row.level : 0, name = row ? row.level_name : "no_known_contact";
    panel.appendChild(el("p", { "class": "level-big" }, [swatch(row ? row.colour : "#ffffcc"), "Level " + level + " " + name,
      row && row.since_text ? el("span", { "class": "date", text: " since " + row.since_text }) : null,
      state.asOf ? el("span", { "class": "hint", text: " (as of " + state.asOf + ")" }) : null]));
    if (row && row.level_report) {
      panel.appendChild(el("h3", { text: "Why" }));
      panel.appendChild(el("div", { "class": "label" }, [eventLabel(row.level_event)]));
      panel.appendChild(reportBlock(row.level_report));
      panel.appendChild(corroboration(row.level_event));
    } else {
      panel.appendChild(el("p", { "class": "empty", text: "No contact on the record by this date." }));
    }
    if (row && row.flag_details.length) {
      panel.appendChild(el("h3", { text: "Flags" }));
      row.flag_details.forEach(function (f) {
        panel.appendChild(el("div", { "class": "label" }, [el("span", { "class": "flag", text: f.flag.replace(/_/g, " ") + " since " + f.since })]));
        panel.appendChild(reportBlock(f.report));
      });
    }
    if (row && row.negated_events.length) {
      var shown = row.negated.length < row.negated_count ? "latest " + row.negated.length + " of " : "";
      panel.appendChild(el("h3", { text: "Also stated: not done (" + shown + row.negated_count + ")" }));
      row.negated_events.forEach(function (n) {
        panel.appendChild(el("div", { "class": "label" }, [eventLabel(n)]));
        panel.appendChild(reportBlock(n.evidence_report));
      });
    }
    panel.appendChild(el("h3", { text: "Timeline" }));
    panel.appendChild(el("div", { id: "timeline-chart", role: "img", "aria-label": "Level of " + timeline.name + " over time, one point per event" }));
    panel.appendChild(el("h3", { text: "Events (" + timeline.entries.length + ")" }));
    var list = el("ol", { "class": "entries", id: "timeline-entries" });
    timeline.entries.slice().reverse().forEach(function (entry) {
      var head = el("div", { "class": "label" }, [el("span", { "class": "date", text: (entry.date || "undated") + " " }), eventLabel(entry.event)]);
      if (entry.change) { head.appendChild(el("div", { "class": "change-note", text: entry.change })); }
      list.appendChild(el("li", { "class": entry.change ? "changed" : "", "data-event-id": entry.event.id },
        [head, reportBlock(entry.event.evidence_report), corroboration(entry.event)]));
    });
    panel.appendChild(list);
  }

  function drawTimeline(timeline) {
    var dated = timeline.entries.filter(function (e) { return e.known_since; });
    var chart = document.getElementById("timeline-chart");
    if (!dated.length) { chart.textContent = "No dated events."; body.setAttribute("data-timeline", "ready"); return null; }
    var x = dated.map(function (e) { return e.known_since; });
    var labels = dated.map(function (e) { return e.event.type + " " + e.event.actor + "→" + e.event.target + " (" + e.event.status + ")" + (e.change ? "<br>" + e.change : ""); });
    var steps = [dated[0].level_before].concat(dated.map(function (e) { return e.level_after; }));  // from where it started
    var level = { type: "scatter", mode: "lines", x: [x[0]].concat(x), y: steps, line: { shape: "hv", color: "#253494", width: 2 }, hoverinfo: "skip", name: "level" };
    var points = { type: "scatter", mode: "markers", x: x, y: dated.map(function (e) { return e.level_after; }), text: labels,
      hovertemplate: "%{x}<br>%{text}<extra></extra>", name: "events",
      marker: { size: dated.map(function (e) { return e.change ? 11 : 7; }), color: dated.map(function (e) { return e.event.status === "occurred" ? (e.change ? "#d7191c" : "#41b6c4") : "#bbbbbb"; }), line: { color: "#ffffff", width: 1 } } };
    var layout = { height: 220, margin: { l: 120, r: 10, t: 10, b: 30 }, showlegend: false,
      yaxis: { range: [-0.4, 5.4], tickvals: [0, 1, 2, 3, 4, 5], ticktext: ["0 none", "1 technical", "2 engagement", "3 presence", "4 envoy", "5 recognition"], fixedrange: true },
      xaxis: { type: "date" }, font: { family: "system-ui, sans-serif", size: 11 } };
    if (state.asOf) { layout.shapes = [{ type: "line", xref: "x", yref: "paper", x0: state.asOf, x1: state.asOf, y0: 0, y1: 1, line: { color: "#f28e2b", dash: "dot", width: 1 } }]; }
    return Plotly.newPlot(chart, [level, points], layout, { displaylogo: false, responsive: true, displayModeBar: false })
      .then(function () { body.setAttribute("data-timeline", "ready"); });
  }

  // ---- the slider, replay and the address bar -----------------------------------------------

  function writeHash() {
    var hash = query({ as_of: state.asOf, country: state.country });
    if (window.history && window.history.replaceState) { window.history.replaceState(null, "", hash ? "#" + hash : window.location.pathname); }
  }

  function readHash() {
    var out = {};
    window.location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var pair = part.split("=");
      if (pair[0]) { out[decodeURIComponent(pair[0])] = decodeURIComponent(pair[1] || ""); }
    });
    return out;
  }

  function onSlide(immediate) {
    setAsOf(+slider.value);
    writeHash();
    clearTimeout(state.timer);
    if (immediate) { return refresh(); }
    state.timer = setTimeout(refresh, 90);
    return null;
  }

  function togglePlay() {
    if (state.playing) { clearInterval(state.playing); state.playing = null; playButton.textContent = "▶ Replay"; return; }
    if (+slider.value >= months.length - 1) { slider.value = 0; }
    playButton.textContent = "❚❚ Pause";
    state.playing = setInterval(function () {
      if (+slider.value >= months.length - 1) { togglePlay(); return; }
      slider.value = +slider.value + 1;
      onSlide(true);
    }, 450);
  }

  slider.max = String(Math.max(months.length - 1, 0));
  var start = readHash();
  var startIndex = months.length - 1;
  if (start.as_of && months.indexOf(start.as_of.slice(0, 7)) >= 0) { startIndex = months.indexOf(start.as_of.slice(0, 7)); }
  slider.value = String(Math.max(startIndex, 0));
  setAsOf(+slider.value);
  if (start.country && /^[A-Z_]{2,17}$/.test(start.country)) { state.country = start.country; }
  slider.addEventListener("input", function () { onSlide(false); });
  slider.addEventListener("change", function () { onSlide(true); });
  playButton.addEventListener("click", togglePlay);
  refresh();
})();
