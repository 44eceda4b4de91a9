#!/usr/bin/env python3
"""Speed of the web application at scale: the filtered events endpoint over 100,000 stored
events, and the map page with 10,000 markers in headless Chromium.

    python bench/web_speed.py                          # 100,000 events, 10,000 markers
    python bench/web_speed.py --events 20000 --requests 20 --markers 5000 --db /tmp/small.db
    python bench/web_speed.py --skip-page              # the API only (no browser needed)

The database (kept at --db and reused when it already holds --events events) is made from
real stored records: the seed articles and the multi-report fixtures are ingested as usual,
then each of their events is copied, round-robin, with a new id, a start date drawn
uniformly from 2012-01-01..2024-12-31 (its duration kept), a place drawn uniformly from the
packaged gazetteer's Syrian and Iraqi towns, districts and governorates, and a toll drawn
from a fixed mix (no information 30 %, none 40 %, 1-5 20 %, 6-60 10 %). Claims, quotes,
contradictions and notes are the real ones of the record copied, and so are the documents
reporting it (one doc_events row per document, holding that document's claims, as ingest
stores them); every copy goes through Store._write_record, so the search index is filled by
its triggers exactly as by ingest.

API: the server runs in its own process (uvicorn, as `eventwire serve` runs it) and is asked
over loopback with one keep-alive client; each query is asked --requests times after two
warm-up requests; the median and 90th percentile are printed per query, and the median over
all the filtered queries is checked against 100 ms.

Page: Chromium (Debian's, through Playwright) opens the page on a server that loads up to
--markers markers; the page's own timings are read from window.eventwire.timings: the
fetch of the markers, building the cluster index and drawing them; then the timeline is
brushed --brushes times (real mouse drags), the map zoomed in and out, and a marker opened,
and each interaction's time to redrawn map is reported, with the longest task the browser
saw (PerformanceObserver 'longtask': main-thread work over 50 ms blocks input).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import platform
import random
import shutil
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "samples" / "seeds", ROOT / "tests" / "fixtures" / "multireport"]
FIRST_DAY, LAST_DAY = dt.date(2012, 1, 1), dt.date(2024, 12, 31)
PLACE_KINDS = {"populated place", "district", "subdistrict", "governorate"}
TOLLS = [(0.30, None), (0.40, (0, 0)), (0.20, (1, 5)), (0.10, (6, 60))]
LIMIT_MS = 100.0


# ---------------------------------------------------------------- the database
def places() -> list[dict]:
    from importlib import resources
    path = resources.files("eventwire") / "data" / "gazetteer.tsv"
    with open(path, encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t")
                if r["kind"] in PLACE_KINDS and r["country"] in ("Syria", "Iraq") and r["lat"] and r["lon"]]
    return [{"name": r["name"], "admin1": r["admin1"] or None, "country": r["country"], "lat": float(r["lat"]),
             "lon": float(r["lon"]), "precision": r["precision"], "place_id": r["place_id"], "text": r["name"]}
            for r in rows]


def toll(rng: random.Random) -> dict:
    x, acc = rng.random(), 0.0
    for p, span in TOLLS:
        acc += p
        if x < acc:
            break
    if span is None:
        return {"best": None, "low": None, "high": None}
    n = rng.randint(*span)
    return {"best": n, "low": n, "high": n}


def build(db: Path, n_events: int, seed: int = 7) -> None:
    from click.testing import CliRunner

    from eventwire.cli import main
    from eventwire.store import Store
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    res = CliRunner().invoke(main, ["ingest", *map(str, SOURCES), "--db", str(db)])
    if res.exit_code != 0:
        sys.exit(res.output)
    rng = random.Random(seed)
    spots = places()
    t0 = time.perf_counter()
    with Store(db) as store:
        templates = list(store.events())
        texts = [json.dumps(t, ensure_ascii=False) for t in templates]
        have = len(templates)
        # the documents behind each template: a copy is reported by the same documents
        reports = {t["event_id"]: store.conn.execute(
            "SELECT content_hash, d.doc_id, de.published FROM doc_events de JOIN documents d USING (content_hash)"
            " WHERE de.event_id = ? GROUP BY content_hash", (t["event_id"],)).fetchall() for t in templates}
        span = (LAST_DAY - FIRST_DAY).days
        c = store.conn
        batch = 5000
        for start in range(have, n_events, batch):
            c.execute("BEGIN IMMEDIATE")
            for i in range(start, min(n_events, start + batch)):
                rec = json.loads(texts[i % len(texts)])  # a fresh copy, faster than deepcopy
                rec["event_id"] = "ev-" + hashlib.sha1(f"bench:{i}".encode()).hexdigest()[:16]
                day0 = FIRST_DAY + dt.timedelta(days=rng.randrange(span))
                d = rec["date"]
                if d["start"]:
                    length = (dt.date.fromisoformat(d["end"] or d["start"]) - dt.date.fromisoformat(d["start"])).days
                    d["start"], d["end"] = day0.isoformat(), (day0 + dt.timedelta(days=length)).isoformat()
                rec["location"] = dict(rng.choice(spots))
                rec["fatalities"] = toll(rng)
                for content_hash, doc_id, published in reports[templates[i % len(templates)]["event_id"]]:
                    own = dict(rec, claims=[cl for cl in rec["claims"] if cl["doc_id"] == doc_id],
                               reports=[r for r in rec["reports"] if r["doc_id"] == doc_id], contradictions=[])
                    c.execute("INSERT INTO doc_events(doc_event_id, content_hash, event_id, published, record)"
                              " VALUES (?,?,?,?,?)", (f"{rec['event_id']}-{content_hash[:8]}", content_hash,
                                                      rec["event_id"], published, json.dumps(own, ensure_ascii=False)))
                store._write_record(rec)
            c.execute("COMMIT")
            done = min(n_events, start + batch)
            print(f"\r  {done:,} events written ({time.perf_counter() - t0:.0f} s)", end="", file=sys.stderr)
        print(file=sys.stderr)
        c.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def count(db: Path) -> int:
    import sqlite3
    try:
        return sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute("SELECT COUNT(*) FROM events").fetchone()[0]
    except sqlite3.Error:
        return -1


# ---------------------------------------------------------------- a server in its own process
def _serve(db: str, sock_fd: int, max_markers: int) -> None:
    import uvicorn

    from eventwire.web import create_app
    sock = socket.socket(fileno=sock_fd)
    app = create_app(db, max_markers=max_markers)
    uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False)).run(sockets=[sock])


class Server:
    def __init__(self, db: Path, max_markers: int = 20_000):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(128)
        self.sock.set_inheritable(True)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        ctx = multiprocessing.get_context("fork")
        self.proc = ctx.Process(target=_serve, args=(str(db), self.sock.fileno(), max_markers), daemon=True)

    def __enter__(self):
        import httpx
        self.proc.start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/api/config", timeout=5).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise SystemExit("the server did not start")

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.join(10)
        self.sock.close()


# ---------------------------------------------------------------- the API
QUERIES = [
    ("first page, no filter", "/api/events", {}),
    ("one month", "/api/events", {"since": "2019-03-01", "until": "2019-03-31"}),
    ("one year, newest first", "/api/events", {"since": "2020-01-01", "until": "2020-12-31", "sort": "-date"}),
    ("type + sub_type", "/api/events", {"type": "Explosions/Remote violence", "sub_type": "Air/drone strike"}),
    ("actor", "/api/events", {"actor": "US forces"}),
    ("place", "/api/events", {"place": "Deir ez-Zor"}),
    ("contested", "/api/events", {"contested": "true"}),
    ("deadliest", "/api/events", {"sort": "-fatalities"}),
    ("search: rare word", "/api/events", {"q": "Konoko"}),
    ("search: common word", "/api/events", {"q": "casualties"}),
    ("search + place + year", "/api/events", {"q": "missile", "place": "Hasakah", "since": "2018-01-01",
                                               "until": "2018-12-31"}),
    ("deep page", "/api/events", {"offset": 50_000}),
    ("all filters", "/api/events", {"since": "2015-01-01", "until": "2016-12-31", "type": "Explosions/Remote violence",
                                    "actor": "forces", "place": "a", "contested": "false", "q": "attack",
                                    "sort": "-fatalities", "limit": 50}),
]
MAP_QUERIES = [
    ("map: one year of markers", "/api/events.geojson", {"since": "2020-01-01", "until": "2020-12-31",
                                                         "properties": "summary", "sort": "-date"}),
    ("map: 10,000 markers", "/api/events.geojson", {"properties": "summary", "sort": "-date", "limit": 10_000}),
]


def bench_api(server: Server, requests: int) -> float:
    import httpx
    print(f"\nAPI over loopback, {requests} requests per query (median / p90, ms; events matched):")
    medians = []
    with httpx.Client(base_url=server.url, timeout=30) as client:
        for label, path, params in QUERIES + MAP_QUERIES:
            times = []
            for i in range(requests + 2):
                t0 = time.perf_counter()
                resp = client.get(path, params=params)
                ms = (time.perf_counter() - t0) * 1000
                if resp.status_code != 200:
                    raise SystemExit(f"{label}: {resp.status_code} {resp.text[:200]}")
                if i >= 2:
                    times.append(ms)
            total = resp.json()["total"]
            med = statistics.median(times)
            p90 = sorted(times)[int(0.9 * (len(times) - 1))]
            if path == "/api/events":
                medians.append(med)
            print(f"  {label:<28} {med:7.1f} / {p90:7.1f}   {total:>7,}   {len(resp.content) / 1024:7.0f} KiB")
    overall = statistics.median(medians)
    verdict = "under" if overall < LIMIT_MS else "OVER"
    print(f"  median over the /api/events queries: {overall:.1f} ms ({verdict} {LIMIT_MS:.0f} ms)")
    return overall


# ---------------------------------------------------------------- the page
LONG_TASKS = """() => { window.__long = []; new PerformanceObserver(l => { for (const e of l.getEntries())
  window.__long.push(e.duration); }).observe({ type: 'longtask' }); }"""


def bench_page(db: Path, markers: int, brushes: int) -> dict:
    from playwright.sync_api import sync_playwright
    chromium = os.environ.get("EVENTWIRE_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        raise SystemExit("no chromium: apt-get install -y chromium, or run with --skip-page")
    out: dict = {}
    with Server(db, max_markers=markers) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(120_000)
        loads = []
        for _ in range(3):  # three loads of the page; medians, as one load on 2 cores is noisy
            t0 = time.perf_counter()
            page.goto(server.url + "/")
            page.wait_for_function("() => window.eventwire && window.eventwire.ready")
            ready = (time.perf_counter() - t0) * 1000
            page.wait_for_function("() => window.eventwire.timings.outlines !== undefined")
            t = page.evaluate("() => window.eventwire.timings")
            net = page.evaluate("""() => performance.getEntriesByType('resource').filter(e => e.name.includes('events.geojson'))
                .map(e => ({server: (e.serverTiming.find(s => s.name === 'db') || {}).duration,
                            ttfb: e.responseStart - e.requestStart, download: e.responseEnd - e.responseStart,
                            size: e.encodedBodySize}))[0]""")
            loads.append({"ready": ready, **{k: t[k] for k in ("fetch", "draw", "timeline", "index", "render", "outlines")},
                          **net})
        m = {k: statistics.median(x[k] for x in loads) for k in loads[0]}
        shown = page.evaluate("() => window.eventwire.state.features.length")
        out.update(markers=shown, **m)
        print(f"\nPage with {shown:,} markers (Chromium {browser.version}; median of {len(loads)} loads):")
        print(f"  navigation to markers drawn      {m['ready']:7.0f} ms (wall)")
        print(f"    fetch + parse of the markers   {m['fetch']:7.0f} ms (server {m['server']:.0f} ms, first byte "
              f"{m['ttfb']:.0f} ms, {m['size'] / 2**20:.1f} MiB in {m['download']:.0f} ms)")
        print(f"    timeline + index + first draw  {m['draw']:7.0f} ms (timeline {m['timeline']:.0f} ms, cluster index "
              f"{m['index']:.0f} ms, markers {m['render']:.0f} ms)")
        print(f"  then the country outlines        {m['outlines']:7.0f} ms (two scales, fetched and decoded)")
        page.wait_for_timeout(300)
        page.evaluate(LONG_TASKS)  # from here on: the interactions only
        longest: dict[str, float] = {}

        box = page.locator("#timeline").bounding_box()
        y = box["y"] + box["height"] / 2
        rng = random.Random(3)
        walls, inside = [], []
        for _ in range(brushes):
            a = rng.uniform(0.05, 0.6)
            b = a + rng.uniform(0.05, 0.35)
            before = page.evaluate("() => window.eventwire.state.renders")
            page.mouse.move(box["x"] + a * box["width"], y)
            page.mouse.down()
            page.mouse.move(box["x"] + b * box["width"], y, steps=10)
            t1 = time.perf_counter()
            page.mouse.up()
            page.wait_for_function(f"() => window.eventwire.state.renders > {before}")
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
            walls.append((time.perf_counter() - t1) * 1000)
            inside.append(page.evaluate("() => window.eventwire.timings.brush.at(-1)"))
        out["brush_wall"], out["brush_apply"] = statistics.median(walls), statistics.median(inside)
        longest["brush"] = page.evaluate("() => Math.max(0, ...window.__long.splice(0))")
        print(f"  brush the timeline (x{brushes})       {out['brush_wall']:7.0f} ms median, mouse up to next frame "
              f"(filter + re-cluster + draw: {out['brush_apply']:.0f} ms)")

        page.click("#status button")  # show all dates again
        zooms = []
        for sel in [".leaflet-control-zoom-in"] * 3 + [".leaflet-control-zoom-out"] * 3:
            before = page.evaluate("() => window.eventwire.state.renders")
            t1 = time.perf_counter()
            page.click(sel)
            page.wait_for_function(f"() => window.eventwire.state.renders > {before}")
            zooms.append((time.perf_counter() - t1) * 1000)
        out["zoom_wall"] = statistics.median(zooms)
        longest["zoom"] = page.evaluate("() => Math.max(0, ...window.__long.splice(0))")
        print(f"  zoom in / out (x{len(zooms)})            {out['zoom_wall']:7.0f} ms median, click to redrawn markers "
              f"(includes Leaflet's 250 ms zoom animation)")

        renders = []
        for _ in range(20):  # zoom into clusters, as a user would, until single events show
            if page.locator(".ew-event > div").count():
                break
            before = page.evaluate("() => window.eventwire.state.renders")
            page.locator(".ew-cluster > div").first.click()
            page.wait_for_function(f"() => window.eventwire.state.renders > {before}")
            renders.append(page.evaluate("() => window.eventwire.timings.render"))
        print(f"  markers redrawn after a zoom     {statistics.median(renders):7.0f} ms median (in the page)")
        longest["cluster clicks"] = page.evaluate("() => Math.max(0, ...window.__long.splice(0))")
        t1 = time.perf_counter()
        page.locator(".ew-event > div").first.click()
        page.wait_for_function("() => window.eventwire.timings.select !== undefined")
        out["open_event"] = (time.perf_counter() - t1) * 1000
        n_claims = page.locator("#panel > .claim").count()
        print(f"  open an event's panel            {out['open_event']:7.0f} ms (click to {n_claims} claims shown "
              f"in their paragraphs)")
        longest["open the panel"] = page.evaluate("() => Math.max(0, ...window.__long.splice(0))")
        out["longest_task"] = longest
        print("  longest main-thread task (ms), by interaction: "
              + ", ".join(f"{k} {v:.0f}" for k, v in longest.items()))
        browser.close()
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "eventwire-bench-web.db")
    ap.add_argument("--requests", type=int, default=50)
    ap.add_argument("--markers", type=int, default=10_000)
    ap.add_argument("--brushes", type=int, default=5)
    ap.add_argument("--rebuild", action="store_true", help="rebuild the database even if it exists")
    ap.add_argument("--skip-page", action="store_true")
    ap.add_argument("--skip-api", action="store_true")
    args = ap.parse_args(argv)

    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    if args.rebuild or count(args.db) != args.events:
        print(f"building {args.db} with {args.events:,} events ...", file=sys.stderr)
        t0 = time.perf_counter()
        build(args.db, args.events)
        print(f"  built in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    size = sum(Path(f"{args.db}{s}").stat().st_size for s in ("", "-wal") if Path(f"{args.db}{s}").exists())
    print(f"database: {args.db} ({count(args.db):,} events, {size / 2**20:,.0f} MiB)")
    if not args.skip_api:
        with Server(args.db) as server:
            bench_api(server, args.requests)
    if not args.skip_page:
        bench_page(args.db, args.markers, args.brushes)


if __name__ == "__main__":
    main()
