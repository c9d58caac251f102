"""Fixtures for the faces: a store holding the ingested sample corpus, and a real headless Chromium.

The browser is Debian's Chromium (`/usr/bin/chromium`) driven by Playwright; Playwright's own
browser download cannot work on this machine. Without Chromium the browser tests skip, unless
`DIPWATCH_REQUIRE_BROWSER=1` (set by `.ci/run`, which installs Chromium) makes them fail.
Every request a page makes is recorded, and any request off this machine is aborted, so a test
can assert that a page needed nothing but itself.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from dipwatch.serve.cli import app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"  # gitignored
CORPUS = Path(str(resources.files("dipwatch").joinpath("sample_corpus")))
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", ""}

# An article whose sentence, title, outlet and URL are hostile: each must come out as text.
HOSTILE_TEXT = """Minsk talks

Belarus's foreign minister met Amir Khan Muttaqi in Kabul on Sunday <script>window.pwned=1</script> to discuss the railway, the Taliban said.
"""
HOSTILE_SIDECAR = (
    '{"title": "Talks in Kabul <script>window.pwned=2</script>", "outlet": "Wire <img src=x onerror=window.pwned=3>",'
    ' "url": "javascript:window.pwned=4", "published": "2025-10-28"}'
)


def is_local(url: str) -> bool:
    """A request that stays on this machine: the page's own file, inline data, or loopback."""
    parts = urlsplit(url)
    if parts.scheme in ("file", "data", "blob", "about", "chrome-error"):
        return True
    return parts.scheme in ("http", "https", "ws", "wss") and (parts.hostname or "") in LOCAL_HOSTS


@dataclass
class BrowserPage:
    """A fresh page, with every request it made and every script error it raised."""

    page: object  # playwright.sync_api.Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not is_local(url)]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where screenshots go (`test-artifacts/`, gitignored); tests print what they wrote."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium for the session (skips, or fails in CI, where it is absent)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is not installed (apt-get install chromium); browser tests need it"
        if os.environ.get("DIPWATCH_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium) -> Iterator[BrowserPage]:
    """A new page in its own context; requests are recorded, those leaving the machine aborted."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    visit = BrowserPage(page)
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    context.route(lambda url: not is_local(url), lambda route: route.abort())
    yield visit
    context.close()


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """A real SQLite store: the bundled sample corpus (as `dipwatch demo` ingests it) plus one hostile article."""
    folder = tmp_path_factory.mktemp("sample")
    db = folder / "sample.db"
    runner = CliRunner()
    demo = runner.invoke(app, ["demo", "--db", str(db)], env={"COLUMNS": "200"})
    assert demo.exit_code == 0, demo.output
    assert "16 new, 0 already known, 0 failed" in demo.output
    hostile = folder / "hostile"
    hostile.mkdir()
    (hostile / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (hostile / "hostile.json").write_text(HOSTILE_SIDECAR, encoding="utf-8")
    ingested = runner.invoke(app, ["ingest", str(hostile), "--db", str(db)])
    assert ingested.exit_code == 0 and "1 new" in ingested.output, ingested.output
    return db


@contextmanager
def live_server(app) -> Iterator[str]:
    """Run a FastAPI app under a real uvicorn on a free loopback port (in a thread); yields its base URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, name="uvicorn-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def served(sample_db) -> Iterator[str]:
    """The dashboard and API over the sample database, read-only, as `dipwatch serve` runs them."""
    from dipwatch.serve.api import create_app, open_store

    with live_server(create_app(open_store(str(sample_db)))) as url:
        yield url
