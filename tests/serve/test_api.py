"""The HTTP API against a real uvicorn on loopback over a real SQLite store (the sample corpus
plus a hostile article): every endpoint, pagination, full-text search, and its errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from dipwatch.errors import InputError, StoreError
from dipwatch.serve.api import create_app, open_store
from dipwatch.store import Store

from .conftest import live_server

TOKEN = "test-token-5b1f"


@pytest.fixture(scope="module")
def api(served):
    with httpx.Client(base_url=served, timeout=30) as client:
        yield client


def _error(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error", "detail"} and body["error"], body
    return body["error"]


def _row(status: dict, code: str) -> dict:
    return next(r for r in status["rows"] if r["country"] == code)


def test_status_replays_russias_recognition(api):
    before = api.get("/api/status", params={"as_of": "2025-06-30"}).json()
    after = api.get("/api/status", params={"as_of": "2025-08-31", "focus": "afg"}).json()
    assert before["as_of"] == "2025-06-30" and after["focus"] == "AFG"
    assert _row(before, "RUS")["level"] < 5
    russia = _row(after, "RUS")
    assert (russia["level"], russia["level_name"], russia["since"]) == (5, "formal_recognition", "2025-07-03")
    report = russia["level_report"]
    assert "formally recognise" in report["evidence"] and report["document_id"] > 0 and report["outlet"]
    assert russia["corroboration"] >= 2 and russia["name"] == "Russian Federation"
    assert [r["level"] for r in after["rows"]] == sorted((r["level"] for r in after["rows"]), reverse=True)
    assert after["limit"] == 5 and russia["level_event"] is None  # the list: a report per level, no merged events


def test_status_of_one_country_has_its_whole_evidence(api):
    listed = _row(api.get("/api/status", params={"as_of": "2025-08-31"}).json(), "RUS")
    detail = api.get("/api/status", params={"as_of": "2025-08-31", "country": "rus"}).json()
    assert (detail["country"], detail["limit"], [r["country"] for r in detail["rows"]]) == ("RUS", None, ["RUS"])
    [russia] = detail["rows"]
    event = russia["level_event"]
    assert event["id"] == russia["event_id"] == listed["event_id"] and event["corroboration"] == listed["corroboration"] >= 2
    assert len({m["doc"] for m in event["mentions"]}) == event["corroboration"]
    assert russia["level_report"] == listed["level_report"] and russia["level_report"] in event["mentions"]
    assert [f["event"]["id"] for f in russia["flag_details"]] == [f["event_id"] for f in listed["flag_details"]]
    assert api.get("/api/status", params={"country": "FRA"}).json()["rows"] == []  # no events: no row, not an error
    assert "ZZZ" in _error(api.get("/api/status", params={"country": "ZZZ"}), 404)
    assert "limit" in _error(api.get("/api/status", params={"limit": -1}), 422)


def test_timeline_marks_the_level_change_with_its_sources(api):
    timeline = api.get("/api/countries/rus/timeline").json()
    assert timeline["country"] == "RUS" and timeline["level"] == 5
    recognition = next(e for e in timeline["entries"] if e["event"]["type"] == "RECOGNIZE" and e["event"]["status"] == "occurred")
    assert recognition["level_after"] == 5 and "formal_recognition" in recognition["change"]
    assert all(m["document_id"] and m["evidence"] for m in recognition["event"]["mentions"])
    earlier = api.get("/api/countries/RUS/timeline", params={"as_of": "2025-06-30"}).json()
    assert earlier["level"] < 5 and len(earlier["entries"]) < len(timeline["entries"])


def test_unknown_and_malformed_country_codes(api):
    assert "ZZZ" in _error(api.get("/api/countries/ZZZ/timeline"), 404)
    assert "iso3" in _error(api.get("/api/countries/R1/timeline"), 422)
    empty = api.get("/api/countries/FRA/timeline").json()  # a real country with no events: empty, not an error
    assert empty["entries"] == [] and empty["level"] == 0


def test_events_page_through_with_the_cursor(api):
    seen, cursor, total = [], None, None
    while True:
        page = api.get("/api/events", params={"limit": 7, **({"cursor": cursor} if cursor else {})}).json()
        total = page["total"]
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == sorted(set(seen)) and len(seen) == total > 7


def test_events_filters(api):
    page = api.get("/api/events", params={"country": "RUS", "type": "RECOGNIZE", "status": "occurred",
                                          "since": "2025-07", "until": "2025-07-31"}).json()
    assert page["total"] >= 2 and page["next_cursor"] is None
    for item in page["items"]:
        assert item["type"] == "RECOGNIZE" and "RUS" in (item["actor"], item["target"]) and item["date"].startswith("2025-07")


def test_events_full_text_search(api):
    page = api.get("/api/events", params={"q": "formally recognise"}).json()
    assert page["total"] >= 2
    assert all("formally" in i["evidence"].lower() and "recogni" in i["evidence"].lower() for i in page["items"])
    prefix = api.get("/api/events", params={"q": "ambassad"}).json()  # a word's beginning finds the word
    assert prefix["total"] and all("ambassad" in i["evidence"].lower() for i in prefix["items"])
    for hostile in ('"unbalanced', "NEAR(x y", "*", "a OR AND NOT", "'; DROP TABLE events; --", "<script>"):
        response = api.get("/api/events", params={"q": hostile})
        assert response.status_code == 200, (hostile, response.text)
    assert api.get("/api/events", params={"q": "zzzqqqxxy"}).json() == {"items": [], "total": 0, "limit": 50, "next_cursor": None}


def test_event_by_report_id_and_by_merged_id(api):
    report = api.get("/api/events", params={"country": "RUS", "type": "RECOGNIZE", "status": "occurred"}).json()["items"][0]
    detail = api.get(f"/api/events/{report['id']}").json()
    assert detail["report"]["id"] == report["id"]
    event = detail["event"]
    assert event["type"] == "RECOGNIZE" and event["corroboration"] == len(event["documents"]) >= 2
    assert {m["id"] for m in event["mentions"]} >= {report["id"]}
    assert all(m["outlet"] and m["evidence"] and m["document_id"] for m in event["mentions"])
    again = api.get(f"/api/events/{event['id']}").json()
    assert again["report"] is None and again["event"]["id"] == event["id"]
    assert "999999" in _error(api.get("/api/events/999999"), 404)
    _error(api.get("/api/events/RUS-RECOGNIZE-AFG-1999-01-01-000000"), 404)


def test_document_with_its_sentences_marked(api):
    report = api.get("/api/events", params={"q": "formally recognise"}).json()["items"][0]
    document = api.get(f"/api/documents/{report['document_id']}").json()
    assert "".join(s["text"] for s in document["segments"]) == document["text"]
    marked = [s for s in document["segments"] if s["sentence_id"] is not None]
    assert marked and all(document["text"][s["start"]:s["start"] + len(s["text"])] == s["text"] for s in marked)
    assert document["text"][report["start"]:report["end"]] == report["evidence"]
    assert report["id"] in {e["id"] for e in document["events"]}
    _error(api.get("/api/documents/999999"), 404)
    _error(api.get("/api/documents/abc"), 422)


def test_changes_and_conflicts(api):
    changes = api.get("/api/changes", params={"since": "2025-06-01", "until": "2025-12-31"}).json()
    russia = [c for c in changes["changes"] if c["country"] == "RUS" and c["kind"] == "level_up"]
    assert russia and russia[0]["day"] == "2025-07-03" and russia[0]["level_after"] == 5
    assert russia[0]["evidence"][0]["evidence_report"]["document_id"]
    days = [c["day"] for c in changes["changes"]]
    assert days == sorted(days, reverse=True)
    assert "before" in _error(api.get("/api/changes", params={"since": "2025-06-01", "until": "2025-01-01"}), 422)
    conflicts = api.get("/api/conflicts").json()["conflicts"]
    assert conflicts, "the sample corpus has the Barmal strikes reported on two different days"
    for conflict in conflicts:
        assert conflict["left"]["mention"]["doc"] != conflict["right"]["mention"]["doc"]


@pytest.mark.parametrize("url", [
    "/api/status?as_of=2025-13-01", "/api/status?as_of=yesterday", "/api/status?focus=A-F",
    "/api/events?limit=0", "/api/events?limit=100000", "/api/events?type=FOO", "/api/events?status=maybe",
    "/api/events?cursor=abc", "/api/events?since=July", "/api/events?until=2025-02-30", "/api/changes?since=2025-1-1",
])
def test_bad_parameters_are_422_with_a_message(api, url):
    message = _error(api.get(url), 422)
    assert "invalid" in message or "takes a date" in message


def test_not_found_is_json(api):
    assert "/api/nope" in _error(api.get("/api/nope"), 404)


def test_openapi_and_offline_docs(api):
    schema = api.get("/openapi.json").json()
    for path in ("/api/status", "/api/countries/{iso3}/timeline", "/api/events", "/api/events/{event_id}",
                 "/api/documents/{document_id}", "/api/changes", "/api/conflicts"):
        assert path in schema["paths"], path
    assert "post" in schema["paths"]["/api/documents"]
    for page in ("/docs", "/redoc"):
        response = api.get(page)
        assert response.status_code == 200 and "cdn." not in response.text and "googleapis" not in response.text
    docs = api.get("/docs")
    nonce = docs.text.split('<script nonce="')[1].split('"')[0]  # Swagger's inline start-up script, and only it
    assert f"'nonce-{nonce}'" in docs.headers["content-security-policy"]
    assert api.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200


def test_security_headers(api):
    response = api.get("/")
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "script-src 'self';" in policy and "unsafe-eval" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    plotly = api.get("/static/plotly-geo-4.1.1.min.js", headers={"accept-encoding": "gzip"})
    assert plotly.status_code == 200 and "immutable" in plotly.headers["cache-control"]
    assert plotly.headers["content-encoding"] == "gzip"


def test_pages_escape_article_strings(api):
    hostile = api.get("/api/events", params={"q": "Belarus railway"}).json()["items"]
    assert hostile and "<script>" in hostile[0]["evidence"]  # the API returns the text as it is...
    assert hostile[0]["link"] is None  # ...and never offers javascript: as a link
    for page in (f"/documents/{hostile[0]['document_id']}", "/events?q=Belarus+railway", f"/events/{hostile[0]['id']}"):
        html = api.get(page).text
        assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in html, page  # ...and every page escapes it
        assert "<script>window.pwned" not in html and "<img src=x" not in html and 'href="javascript:' not in html


def test_pages_render(api):
    for page in ("/", "/events", "/events?type=RECOGNIZE&q=recognise", "/changes", "/changes?since=2025-01-01",
                 "/conflicts", "/events?since=garbage"):
        response = api.get(page)
        assert response.status_code == 200 and "<script>" not in response.text, page
    assert api.get("/documents/999999", headers={"accept": "text/html"}).status_code == 404


def test_read_only_server_refuses_posts(api):
    response = api.post("/api/documents", json={"text": "Russia recognised the Taliban."})
    assert "read-only" in _error(response, 403)
    response = api.post("/api/documents", json={"text": "x"}, headers={"authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 403


def test_read_only_store_cannot_write(sample_db):
    store = Store.open(sample_db, read_only=True)
    with pytest.raises(Exception, match="readonly|read-only|query_only"):
        with store.engine.begin() as conn:
            conn.exec_driver_sql("DELETE FROM meta")
    with pytest.raises(StoreError, match="no database"):
        Store.open(sample_db.parent / "missing.db", read_only=True)


def test_writable_needs_a_token(sample_db):
    with pytest.raises(InputError, match="token"):
        create_app(Store.open(sample_db, read_only=True), writable=True)


ARTICLE = """Tuvalu opens ties

FUNAFUTI — Tuvalu's foreign minister met Amir Khan Muttaqi in Kabul on Monday to discuss fisheries, the Taliban said.
"""


def test_post_ingests_with_the_token_only(sample_db, tmp_path):
    db = tmp_path / "writable.db"
    shutil.copy(sample_db, db)
    store = open_store(str(db), writable=True)
    with live_server(create_app(store, writable=True, token=TOKEN)) as url, httpx.Client(base_url=url, timeout=120) as client:
        body = {"text": ARTICLE, "title": "Tuvalu <b>opens</b> ties", "outlet": "Pacific Wire", "published": "2025-11-03",
                "url": "https://example.org/tuvalu"}
        assert client.post("/api/documents", json=body).status_code == 401
        wrong = client.post("/api/documents", json=body, headers={"authorization": "Bearer wrong"})
        assert "bearer token" in _error(wrong, 401) and wrong.headers["www-authenticate"] == "Bearer"
        auth = {"authorization": f"Bearer {TOKEN}"}
        _error(client.post("/api/documents", json={"title": "no text"}, headers=auth), 422)
        _error(client.post("/api/documents", json={**body, "published": "soon"}, headers=auth), 422)
        created = client.post("/api/documents", json=body, headers=auth)
        assert created.status_code == 201, created.text
        result = created.json()
        assert result["outcome"] == "new" and result["events"] >= 1 and result["document_id"]
        found = client.get("/api/events", params={"q": "fisheries"}).json()["items"]
        assert found and found[0]["actor"] == "TUV" and found[0]["document_id"] == result["document_id"]
        assert found[0]["outlet"] == "Pacific Wire" and found[0]["link"] == "https://example.org/tuvalu"
        timeline = client.get("/api/countries/TUV/timeline").json()
        assert timeline["level"] == 2 and timeline["entries"][0]["event"]["type"] == "MEET"
        again = client.post("/api/documents", json=body, headers=auth)
        assert again.status_code == 200 and again.json()["outcome"] == "known"


def test_dipwatch_serve_prints_the_url_and_serves(sample_db):
    """The README's command, as a user runs it: a real process, read-only, on a free port."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(Path(sys.executable).parent / "dipwatch"), "serve", "--db", str(sample_db), "--port", str(port)]
    process = subprocess.Popen(command,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        first = process.stdout.readline()
        assert first.startswith(f"dipwatch dashboard: http://127.0.0.1:{port}/"), first
        deadline = time.monotonic() + 30
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/status", timeout=5)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline, "dipwatch serve did not come up"
                time.sleep(0.2)
        assert response.status_code == 200 and _row(response.json(), "RUS")["level"] == 5
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def test_plotly_geo_bundle_matches_the_plotly_package():
    """The dashboard's vendored geo bundle is the plotly.js version the installed plotly ships."""
    import plotly.offline

    from dipwatch.serve.web import PLOTLY_GEO_VERSION, plotly_geo_path

    assert PLOTLY_GEO_VERSION == plotly.offline.get_plotlyjs_version()
    assert f"plotly.js (geo - minified) v{PLOTLY_GEO_VERSION}" in plotly_geo_path().read_text(encoding="utf-8")[:200]


def test_serve_command_errors(sample_db, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from dipwatch.serve.cli import app

    monkeypatch.delenv("DIPWATCH_TOKEN", raising=False)
    runner = CliRunner()
    no_token = runner.invoke(app, ["serve", "--db", str(sample_db), "--writable"])
    assert no_token.exit_code == 2 and "DIPWATCH_TOKEN" in no_token.output
    missing = runner.invoke(app, ["serve", "--db", str(tmp_path / "absent.db")])
    assert missing.exit_code == 2 and "no database" in missing.output and "dipwatch demo" in missing.output
    assert not (tmp_path / "absent.db").exists()
