"""The page in real headless Chromium (Debian's `chromium`, driven by Playwright) over a
database built from the seed articles and the multi-report fixtures composed from them:
click a marker, read the claims and the contradiction, brush the timeline, search, and save
the screenshot that docs/web.md shows. Nothing may be fetched from outside the server."""
from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEEDS
from eventwire.cli import main

pytestmark = pytest.mark.slow
pytest.importorskip("fastapi")
playwright_api = pytest.importorskip("playwright.sync_api")

MULTIREPORT = ROOT / "tests" / "fixtures" / "multireport"
SCREENSHOTS = Path(os.environ.get("EVENTWIRE_SCREENSHOTS", ROOT / "docs" / "screenshots"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
TIMEOUT_MS = 20_000


def chromium_path() -> str:
    path = os.environ.get("EVENTWIRE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        message = "no chromium: apt-get install -y chromium (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it: a missing browser there is a failure, not a skip
        pytest.skip(message)
    return path


class Server:
    """The application under uvicorn on a free loopback port, in a thread."""

    def __init__(self, db: Path, **options):
        import uvicorn

        from eventwire.web import create_app
        from eventwire.web.server import LOOPBACK_NAMES
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        app = create_app(db, allowed_hosts=LOOPBACK_NAMES, **options)
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()

    def get(self, path: str, **params):
        import httpx
        return httpx.get(self.url + path, params=params, timeout=10).json()


def ingest(paths, db: Path) -> Path:
    res = CliRunner().invoke(main, ["ingest", *map(str, paths), "--db", str(db)])
    assert res.exit_code == 0, res.output
    return db


@pytest.fixture(scope="module")
def browser():
    executable = chromium_path()
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def seeds_server(tmp_path_factory):
    db = ingest([SEEDS, MULTIREPORT], tmp_path_factory.mktemp("e2e") / "seeds.db")
    with Server(db) as server:
        yield server


def open_page(browser, server: Server):
    """A page that may reach only the server; every other request is refused and recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    outside: list[str] = []
    errors: list[str] = []

    def route(r):
        url = r.request.url
        if url.startswith(server.url + "/") or url.startswith("data:"):
            r.continue_()
        else:
            outside.append(url)
            r.abort()
    context.route("**/*", route)
    page.on("pageerror", lambda e: errors.append(str(e)))
    # a console error is a failure too: a refused resource, or a content-security-policy violation
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server.url + "/")
    page.wait_for_function("() => window.eventwire && window.eventwire.ready")
    return context, page, outside, errors


def counter(page, name: str) -> int:
    return page.evaluate(f"() => window.eventwire.state.{name}")


def wait_more(page, name: str, before: int):
    page.wait_for_function(f"() => window.eventwire.state.{name} > {before}")


def click_marker(page, event_id: str) -> None:
    """Click clusters holding the event until its own marker shows, then click that marker."""
    marker = f'.ew-event > div[data-event-id="{event_id}"]'
    for _ in range(8):
        if page.query_selector(marker):
            break
        before = counter(page, "renders")
        page.click(f'.ew-cluster > div[data-event-ids~="{event_id}"]')
        wait_more(page, "renders", before)
        page.wait_for_timeout(300)  # let the zoom animation settle
    page.click(marker)
    page.wait_for_selector("#panel .claim")


def test_marker_claims_contradiction_brush_search_and_screenshot(browser, seeds_server):
    server = seeds_server
    everything = server.get("/api/events", limit=1000)
    context, page, outside, errors = open_page(browser, server)

    # the map shows every stored event, with a timeline and the offline outlines
    assert counter(page, "features.length") == everything["total"] > 0
    page.wait_for_function("() => window.eventwire.timings.outlines !== undefined && window.eventwire.state.outlines > 100")
    page.wait_for_selector(".leaflet-outlines-pane canvas", state="attached")  # no tiles configured: outlines
    assert page.locator(".leaflet-tile").count() == 0
    assert page.locator("#timeline rect").count() > 1

    # brush the timeline's second half (the 2023 strikes, where the outlets disagree):
    # the map keeps only the events that overlap it
    box = page.locator("#timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    before = counter(page, "renders")
    page.mouse.move(box["x"] + box["width"] * 0.5, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] - 3, y, steps=8)
    page.mouse.up()
    wait_more(page, "renders", before)
    brush = page.evaluate("() => window.eventwire.state.brush.map(d => new Date(d * 864e5).toISOString().slice(0, 10))")
    visible = set(page.evaluate("() => window.eventwire.state.visible.map(f => f.properties.event_id)"))
    want = {e["event_id"] for e in everything["events"] if e["date"]["start"] and e["date"]["start"] <= brush[1]
            and (e["date"]["end"] or e["date"]["start"]) >= brush[0]}
    assert visible == want and 0 < len(want) < everything["total"]
    assert page.locator("#status").inner_text().startswith(f"{len(want)} of {everything['total']} events between")

    # click the marker of a contested event inside the brushed period
    contested = [e for e in everything["events"] if e["contradictions"] and e["event_id"] in visible]
    assert contested, "the fixtures hold an event whose sources disagree"
    event = contested[0]
    click_marker(page, event["event_id"])
    panel = page.locator("#panel")
    assert event["event_id"] in panel.locator(".id").first.inner_text()

    # every claim is listed with its outlet, its claimant and its span marked inside its paragraph
    claims_section = page.locator("#panel > .claim")
    assert claims_section.count() == len(event["claims"])
    docs = {}
    for i, claim in enumerate(event["claims"]):
        view = claims_section.nth(i)
        assert view.locator(".who").inner_text() == (claim["source"] or "the publisher")
        if claim["claimant"] and claim["claimant"] != claim["source"]:
            assert claim["claimant"] in view.locator(".claimant").inner_text()
        if claim["doc_id"] not in docs:
            docs[claim["doc_id"]] = server.get(f"/api/documents/{claim['doc_id']}")["document"]["text"]
        s, t = claim["span"]
        assert view.locator("mark").inner_text() == docs[claim["doc_id"]][s:t]
        assert len(view.locator(".passage").inner_text()) > t - s  # the paragraph around it is shown too

    # the contradiction, side by side: one column per value, each with who said it
    con = event["contradictions"][0]
    box_ = page.locator(f'#panel .contradiction[data-field="{con["field"]}"]').first
    sides = box_.locator(".side")
    distinct = {repr(event["claims"][i]["value"]) for i in con["claims"]}
    assert sides.count() == len(distinct) >= 2
    said = set(box_.locator(".who").all_inner_texts())
    assert said == {event["claims"][i]["source"] or "the publisher" for i in con["claims"]}

    # zoom back out for the picture: the brushed timeline, the map and the open event
    while counter(page, "zoom") > 7:
        before = counter(page, "renders")
        page.click(".leaflet-control-zoom-out")
        wait_more(page, "renders", before)
    page.wait_for_timeout(400)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / "web-map.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000

    # search: the map reloads with the events whose notes or quotes hold the words
    found = server.get("/api/events", q="Konoko", limit=1000)
    assert found["total"] >= 1
    loads = counter(page, "loads")
    page.fill('#filters input[name="q"]', "Konoko")
    page.click('#filters button[type="submit"]')
    wait_more(page, "loads", loads)
    shown = set(page.evaluate("() => window.eventwire.state.features.map(f => f.properties.event_id)"))
    assert shown == {e["event_id"] for e in found["events"]}
    assert page.locator("#status").inner_text().startswith(f"{found['total']} event")
    assert "q=Konoko" in page.url

    assert outside == [], f"the page asked for outside resources: {outside}"
    assert errors == []

    # a bad filter is named in the status line (the browser logs the 400 as an error)
    page.fill('#filters input[name="q"]', "!!!")
    page.click('#filters button[type="submit"]')
    page.wait_for_selector("#status.error")
    assert "q:" in page.locator("#status").inner_text()
    assert page.locator('#filters input[name="q"].invalid').count() == 1
    context.close()


def test_document_text_is_shown_as_text(browser, tmp_path):
    """Markup inside an article is shown literally, never run or rendered."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "evil.txt").write_text(
        'Rockets hit the Conoco gas field in Deir ez-Zor on Friday <img src=x onerror="window.__xss=1">, killing 2 '
        'people, the Syrian Observatory for Human Rights <script>window.__xss=2</script> said.\n', encoding="utf-8")
    (folder / "manifest.jsonl").write_text(
        '{"file": "evil.txt", "published": "2023-03-25", "source": "<b>Evil</b> Outlet"}\n', encoding="utf-8")
    db = ingest([folder], tmp_path / "evil.db")
    with Server(db) as server:
        events = server.get("/api/events")["events"]
        assert events, "the article yields an event"
        context, page, outside, errors = open_page(browser, server)
        click_marker(page, events[0]["event_id"])
        text = page.locator("#panel").inner_text()
        assert '<img src=x onerror="window.__xss=1">' in text and "<script>window.__xss=2</script>" in text
        assert "<b>Evil</b> Outlet" in text
        assert page.evaluate("() => window.__xss") is None
        assert page.locator("#panel img, #panel script, #panel b").count() == 0
        assert outside == [] and errors == []
        context.close()


def test_configured_tiles_are_used_and_outlines_replace_them_when_unreachable(browser, tmp_path):
    db = ingest([MULTIREPORT], tmp_path / "tiles.db")
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    tile_port = closed.getsockname()[1]
    closed.close()  # nothing listens there: the tile server is unreachable
    tiles = f"http://127.0.0.1:{tile_port}/{{z}}/{{x}}/{{y}}.png"
    with Server(db, tiles=tiles, tiles_attribution="Test tiles") as server:
        context = browser.new_context(viewport={"width": 1000, "height": 700})
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        asked: list[str] = []
        page.on("request", lambda r: asked.append(r.url) if f":{tile_port}/" in r.url else None)
        page.goto(server.url + "/")
        page.wait_for_function("() => window.eventwire && window.eventwire.ready")
        page.wait_for_function("() => window.eventwire.timings.outlines !== undefined && window.eventwire.state.outlines > 100")
        page.wait_for_selector("#status .note")
        assert asked, "the configured tiles were asked for"
        assert "tile server cannot be reached" in page.locator("#status").inner_text()
        assert page.locator(".leaflet-outlines-pane canvas").count() >= 1  # the outlines took over
        assert "Test tiles" in page.locator(".leaflet-control-attribution").inner_text()
        context.close()
