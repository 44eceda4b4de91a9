"""The JSON API in-process: filters, full-text search, one event, one document, the one error
shape for every failure, the page and its safety headers, and `eventwire serve`."""
from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEEDS
from eventwire.cli import main

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from eventwire.store import Store  # noqa: E402
from eventwire.store.search import EventQuery, QueryError, find_events, fts_query, paragraph_of, paragraphs  # noqa: E402
from eventwire.web import create_app  # noqa: E402

MULTIREPORT = ROOT / "tests" / "fixtures" / "multireport"
RECORD_KEYS = {"event_id", "event_type", "sub_event_type", "date", "location", "actor1", "actor2", "weapons",
               "fatalities", "injuries", "claims", "contradictions", "reports", "notes"}


@pytest.fixture(scope="session")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "ew.db"
    res = CliRunner().invoke(main, ["ingest", str(SEEDS), str(MULTIREPORT), "--db", str(path)])
    assert res.exit_code == 0, res.output
    return path


@pytest.fixture(scope="session")
def client(db):
    return TestClient(create_app(db), raise_server_exceptions=False)


@pytest.fixture(scope="session")
def all_events(db):
    with Store(db, readonly=True) as s:
        return list(s.events())


def conoco_2021(all_events):
    return next(e for e in all_events if e["location"]["name"] == "Conoco gas field"
                and e["date"]["start"] == "2021-07-10")


def assert_error(resp, status, parameter):
    """The one error shape, pinned: {"ok": false, "error": {"status", "parameter", "message"}}."""
    assert resp.status_code == status, resp.text
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"ok", "error"} and body["ok"] is False
    assert set(body["error"]) == {"status", "parameter", "message"}
    assert body["error"]["status"] == status
    assert body["error"]["parameter"] == parameter
    assert body["error"]["message"] and "Traceback" not in body["error"]["message"]
    return body["error"]["message"]


# ------------------------------------------------------------------ /api/events
def test_events_are_schema_records_with_a_total(client, all_events):
    body = client.get("/api/events").json()
    assert body["total"] == len(all_events) and len(body["events"]) == len(all_events)
    for e in body["events"]:
        assert RECORD_KEYS <= set(e)
    assert body["events"] == all_events  # the stored records, in the store's order


def test_limit_and_offset_page_through_the_same_order(client, all_events):
    ids = [e["event_id"] for e in all_events]
    got = []
    for offset in range(0, len(ids), 3):
        page = client.get("/api/events", params={"limit": 3, "offset": offset}).json()
        assert page["total"] == len(ids) and page["limit"] == 3 and page["offset"] == offset
        got += [e["event_id"] for e in page["events"]]
    assert got == ids
    assert client.get("/api/events", params={"limit": 0}).json() == {"events": [], "total": len(ids),
                                                                        "limit": 0, "offset": 0}


def test_since_until_keep_events_overlapping_the_range(client, all_events):
    body = client.get("/api/events", params={"since": "2023-03-24", "until": "2023-03-24"}).json()
    want = {e["event_id"] for e in all_events
            if (e["date"]["end"] or e["date"]["start"]) >= "2023-03-24" and e["date"]["start"] <= "2023-03-24"}
    assert {e["event_id"] for e in body["events"]} == want and body["total"] == len(want) > 0


def test_since_keeps_events_that_began_before_it(client, all_events):
    spanning = [e for e in all_events if e["date"]["end"] and e["date"]["end"] > e["date"]["start"]]
    assert spanning
    for e in spanning:
        ids = {x["event_id"] for x in client.get("/api/events", params={"since": e["date"]["end"], "limit": 1000}).json()["events"]}
        assert e["event_id"] in ids


def test_several_filters_count_the_same_whatever_the_page(client, all_events):
    params = {"since": "2021-01-01", "place": "Deir", "q": "gas"}
    first = client.get("/api/events", params={**params, "limit": 1}).json()
    rest = client.get("/api/events", params={**params, "limit": 1000}).json()
    past = client.get("/api/events", params={**params, "offset": 1000}).json()
    assert first["total"] == rest["total"] == past["total"] == len(rest["events"]) >= 1
    assert past["events"] == []


def test_a_longer_event_stored_while_serving_is_found_by_since(db, tmp_path):
    """The longest span behind the since bound is refreshed when another connection commits."""
    from eventwire.store.search import EventQuery, find_events
    copy = tmp_path / "live.db"
    sqlite3.connect(db).backup(sqlite3.connect(copy))
    reader = Store(copy, readonly=True)
    assert find_events(reader, EventQuery.parse(since="2024-06-01"))[1] == 0
    with Store(copy) as writer:
        rec = next(writer.events())
        rec = dict(rec, event_id="ev-longspan", claims=[], contradictions=[],
                   date={**rec["date"], "start": "2020-01-01", "end": "2024-12-31"})
        writer.conn.execute("BEGIN IMMEDIATE")
        writer._write_record(rec)
        writer.conn.execute("COMMIT")
    found, total = find_events(reader, EventQuery.parse(since="2024-06-01"))
    assert [e["event_id"] for e in found] == ["ev-longspan"] and total == 1
    reader.close()


def test_type_sub_type_actor_place_contested_filters(client, all_events):
    def ids(**params):
        return {e["event_id"] for e in client.get("/api/events", params=params).json()["events"]}
    assert ids(type="Explosions/Remote violence") == {e["event_id"] for e in all_events
                                                      if e["event_type"] == "Explosions/Remote violence"}
    assert ids(type="Battles") == set()
    assert ids(sub_type="Air/drone strike") == {e["event_id"] for e in all_events
                                                if e["sub_event_type"] == "Air/drone strike"}
    assert ids(sub_type=["Air/drone strike", "Remote explosive/landmine/IED"]) == {
        e["event_id"] for e in all_events if e["sub_event_type"] in ("Air/drone strike", "Remote explosive/landmine/IED")}
    assert ids(actor="us forces") == {e["event_id"] for e in all_events
                                      if "us forces" in f"{e['actor1']['name']}|{e['actor2']['name']}".lower()}
    assert ids(place="Deir") == {e["event_id"] for e in all_events
                                 if any("Deir" in (e["location"].get(k) or "") for k in ("name", "admin1", "country"))}
    contested = {e["event_id"] for e in all_events if e["contradictions"]}
    assert contested and ids(contested="true") == contested
    assert ids(contested="false") == {e["event_id"] for e in all_events} - contested


def test_place_filter_treats_wildcards_as_text(client):
    assert client.get("/api/events", params={"place": "%"}).json()["total"] == 0
    assert client.get("/api/events", params={"place": "_"}).json()["total"] == 0


def test_sort_orders(client, all_events):
    tolls = [e["fatalities"]["best"] for e in client.get("/api/events", params={"sort": "-fatalities"}).json()["events"]]
    known = [t for t in tolls if t is not None]
    assert known == sorted(known, reverse=True) and tolls[:len(known)] == known  # unknown tolls last
    dates = [e["date"]["start"] for e in client.get("/api/events", params={"sort": "-date"}).json()["events"]]
    assert dates == sorted(dates, reverse=True)


def test_q_searches_quotes_and_notes(client, all_events):
    # "Konoko" is how two outlets spelled the place: it is in their quotes, never in a note
    body = client.get("/api/events", params={"q": "Konoko"}).json()
    want = {e["event_id"] for e in all_events if any("konoko" in (c["quote"] or "").lower() for c in e["claims"])}
    assert want and {e["event_id"] for e in body["events"]} == want
    assert not any("konoko" in (e["notes"] or "").lower() for e in all_events)
    # a word of a note
    note_word = client.get("/api/events", params={"q": "fatalities reported"}).json()
    assert note_word["total"] >= 1
    assert client.get("/api/events", params={"q": "casualt*"}).json()["total"] >= body["total"]
    assert client.get("/api/events", params={"q": "zzzznotthere"}).json()["total"] == 0


def test_q_operators_and_quotes_are_plain_text(client):
    for q in ['Konoko OR', '"Konoko', 'NEAR(a b)', 'title:x', '-Konoko', 'AND AND', "Dar'a"]:
        assert client.get("/api/events", params={"q": q}).status_code == 200, q
    assert fts_query('gas "Konoko plant" drone*') == '"gas" "Konoko plant" "drone"*'


def test_search_index_follows_merges_and_remerge(db, tmp_path):
    """Triggers keep one index row per event holding its note, and one per report holding the
    quotes of its claims: together, every quote of the event's claims."""
    copy = tmp_path / "copy.db"
    sqlite3.connect(db).backup(sqlite3.connect(copy))
    with Store(copy) as s:
        def in_step():
            rows = s.conn.execute("SELECT e.event_id, e.notes, f.notes FROM events e"
                                  " LEFT JOIN notes_fts f ON f.rowid = e.rowid").fetchall()
            assert len(rows) == s.conn.execute("SELECT COUNT(*) FROM notes_fts").fetchone()[0]
            assert s.conn.execute("SELECT COUNT(*) FROM quotes_fts").fetchone()[0] == \
                s.conn.execute("SELECT COUNT(*) FROM doc_events").fetchone()[0]
            assert s.conn.execute("SELECT COUNT(*) FROM doc_events d JOIN quotes_event m ON m.id = d.rowid"
                                  " JOIN events e ON e.rowid = m.event_rowid AND e.event_id = d.event_id"
                                  ).fetchone()[0] == len(s.conn.execute("SELECT 1 FROM doc_events").fetchall())
            for event_id, notes, fts_notes in rows:
                assert fts_notes == notes
                indexed = set()
                for (fts_quotes,) in s.conn.execute("SELECT f.quotes FROM doc_events d JOIN quotes_fts f"
                                                    " ON f.rowid = d.rowid WHERE d.event_id = ?", (event_id,)):
                    indexed |= set((fts_quotes or "").split("\n"))
                quotes = {c["quote"] for c in s.event(event_id)["claims"] if c["quote"]}
                assert quotes and indexed >= quotes
        in_step()
        s.remerge()
        in_step()
        assert find_events(s, EventQuery.parse(q="Konoko"))[1] >= 1
        s.conn.execute("DELETE FROM events")
        assert s.conn.execute("SELECT COUNT(*) FROM notes_fts").fetchone()[0] == 0
        s.conn.execute("DELETE FROM doc_events")
        assert s.conn.execute("SELECT COUNT(*) FROM quotes_fts").fetchone()[0] == 0


def test_migration_indexes_a_database_made_before_search(tmp_path):
    """A database ingested before 0003_web_search gets its notes and quotes indexed when opened."""
    from eventwire.store import migrations
    path = tmp_path / "old.db"
    before = [m for m in migrations.MIGRATIONS if m[0] < "0003_web_search"]
    saved = list(migrations.MIGRATIONS)
    migrations.MIGRATIONS[:] = before
    try:
        res = CliRunner().invoke(main, ["ingest", str(MULTIREPORT), "--db", str(path)])
        assert res.exit_code == 0, res.output
    finally:
        migrations.MIGRATIONS[:] = saved
    with TestClient(create_app(path)) as c:
        assert c.get("/api/events", params={"q": "Konoko"}).json()["total"] >= 1


# ------------------------------------------------------------------ one error shape
@pytest.mark.parametrize("params, parameter", [
    ({"since": "2023-13-01"}, "since"),
    ({"since": "24/03/2023"}, "since"),
    ({"until": "yesterday"}, "until"),
    ({"since": "2023-04-01", "until": "2023-03-01"}, "until"),
    ({"type": "Bombing"}, "type"),
    ({"sub_type": "Drone"}, "sub_type"),
    ({"contested": "maybe"}, "contested"),
    ({"limit": "ten"}, "limit"),
    ({"limit": "-1"}, "limit"),
    ({"limit": "1000000"}, "limit"),
    ({"offset": "-5"}, "offset"),
    ({"sort": "loudest"}, "sort"),
    ({"q": "!!!"}, "q"),
    ({"actor": "x" * 301}, "actor"),
    ({"sinse": "2023-01-01"}, "sinse"),
    ({"since": ["2023-01-01", "2023-02-01"]}, "since"),
])
def test_bad_parameters_answer_400_naming_the_parameter(client, params, parameter):
    assert_error(client.get("/api/events", params=params), 400, parameter)


def test_bad_geojson_parameters_answer_400(client):
    assert_error(client.get("/api/events.geojson", params={"properties": "some"}), 400, "properties")
    assert_error(client.get("/api/events.geojson", params={"until": "2023-02-30"}), 400, "until")


def test_unknown_ids_and_paths_answer_404_in_the_same_shape(client):
    assert_error(client.get("/api/events/ev-0000000000000000"), 404, "event_id")
    assert_error(client.get("/api/documents/nothing.txt"), 404, "doc_id")
    assert_error(client.get("/api/nothing"), 404, None)


def test_a_crash_answers_500_without_a_stack_trace(client, monkeypatch):
    from eventwire.store import search

    def boom(*a, **k):
        raise RuntimeError("secret internals /etc/passwd")
    monkeypatch.setattr(search, "find_events_json", boom)
    message = assert_error(client.get("/api/events"), 500, None)
    assert "secret" not in message and "RuntimeError" not in message


def test_query_error_carries_its_parameter():
    with pytest.raises(QueryError) as err:
        EventQuery.parse(since="2023-02-30")
    assert err.value.parameter == "since" and err.value.status == 400


# ------------------------------------------------------------------ one event, geojson, documents
def test_event_has_reports_claims_contradictions_and_history(client, all_events):
    # the 2023 strike on the Conoco base, told by four outlets that disagree on the wounded
    e = next(e for e in all_events if e["location"]["name"] == "Conoco gas field"
             and e["date"]["start"] == "2023-03-24")
    body = client.get(f"/api/events/{e['event_id']}").json()
    assert body["event"] == e
    assert body["event"]["contradictions"] and body["event"]["claims"] and body["event"]["reports"]
    assert body["history"] and {"field", "best", "low", "high", "doc_id", "source", "published"} <= set(body["history"][0])
    assert {d["doc_id"] for d in body["documents"]} >= {r["doc_id"] for r in e["reports"]}


def test_event_follows_an_alias(client, db):
    with Store(db, readonly=True) as s:
        row = s.conn.execute("SELECT alias_id, event_id FROM event_aliases LIMIT 1").fetchone()
    assert row, "the multi-report fixtures merge reports, so some event has an alias"
    body = client.get(f"/api/events/{row[0]}").json()
    assert body["event"]["event_id"] == row[1] and body["requested_id"] == row[0]
    assert row[0] in body["aliases"]


def test_geojson_is_the_filtered_events(client, all_events):
    fc = client.get("/api/events.geojson", params={"since": "2023-01-01"}).json()
    assert fc["type"] == "FeatureCollection"
    want = [e["event_id"] for e in all_events if (e["date"]["end"] or e["date"]["start"]) >= "2023-01-01"]
    assert [f["id"] for f in fc["features"]] == want and fc["total"] == len(want)
    from eventwire.export import geojson_feature
    assert fc["features"][0] == geojson_feature(next(e for e in all_events if e["event_id"] == want[0]))
    summary = client.get("/api/events.geojson", params={"properties": "summary", "limit": 2}).json()
    assert len(summary["features"]) == 2 and summary["truncated"] is True
    p = summary["features"][0]["properties"]
    assert {"event_id", "event_type", "date_start", "fatalities_best", "contested", "location_name"} <= set(p)


def test_document_has_its_text_and_claim_spans(client, all_events):
    e = conoco_2021(all_events)
    detail = client.get(f"/api/events/{e['event_id']}").json()
    doc_meta = next(d for d in detail["documents"] if d["doc_id"] == "conoco-2021.txt")
    doc = client.get(f"/api/documents/{doc_meta['content_hash']}").json()
    assert client.get("/api/documents/conoco-2021.txt").json() == doc  # a unique doc_id works too
    text = doc["document"]["text"]
    assert (ROOT / "tests/fixtures/multireport/conoco-2021.txt").read_text(encoding="utf-8").startswith(text[:50])
    assert doc["claims"]
    for c in doc["claims"]:
        s, t = c["span"]
        p0, p1 = c["paragraph"]
        assert 0 <= p0 <= s <= t <= p1 <= len(text)
        assert text[s:t].strip()
    spans = {tuple(c["span"]) for c in doc["claims"]}
    assert {tuple(c["span"]) for c in e["claims"] if c["doc_id"] == "conoco-2021.txt"} <= spans
    konoko = next(c for c in doc["claims"] if "Konoko" in text[c["span"][0]:c["span"][1]])
    assert konoko["field"] == "location"


def test_paragraphs_split_on_blank_lines_and_html_blocks():
    text = "Title\n\nFirst para line one\nline two.\n\n\n  Second para.  \n"
    paras = paragraphs(text)
    assert [text[a:b] for a, b in paras] == ["Title", "First para line one\nline two.", "Second para."]
    s = text.index("line two")
    assert text[slice(*paragraph_of(paras, s, s + 4))] == "First para line one\nline two."
    html = "<p>One <b>bold</b> claim.</p><p>Two.</p>"
    assert [html[a:b] for a, b in paragraphs(html, html=True)] == ["One <b>bold</b> claim.", "Two."]


# ------------------------------------------------------------------ page, config, safety
def test_page_and_assets_are_served_with_safety_headers(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp and "object-src 'none'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "/static/app.js" in page.text and "http" not in page.text.replace("http-equiv", "")
    for asset in ("app.js", "app.css", "countries-110m.json", "countries-50m.json", "LICENSES.txt"):
        assert client.get(f"/static/{asset}").status_code == 200, asset


def test_static_page_loads_nothing_from_elsewhere():
    """No CDN: the built page refers only to its own files."""
    import re
    static = ROOT / "src" / "eventwire" / "web" / "static"
    for name in ("index.html", "app.css"):
        text = (static / name).read_text(encoding="utf-8")
        assert not re.search(r"(src|href|url)\(?=?[\"']?https?://", text), name
    js = (static / "app.js").read_text(encoding="utf-8")
    assert not re.search(r"""(fetch|import)\(\s*["'`]https?://""", js)


def test_openapi_describes_the_routes(client):
    spec = client.get("/api/openapi.json").json()
    for path in ("/api/events", "/api/events.geojson", "/api/events/{event_id}", "/api/documents/{doc_id}"):
        assert path in spec["paths"], path
    names = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert names == {"since", "until", "type", "sub_type", "actor", "place", "contested", "q", "limit", "offset", "sort"}
    assert "ErrorBody" in spec["components"]["schemas"]
    assert client.get("/docs").status_code == 404  # the interactive docs would load a CDN


def test_config_and_regions(client):
    cfg = client.get("/api/config").json()
    assert "Explosions/Remote violence" in cfg["event_types"] and cfg["search"] is True and cfg["tiles"] is None
    regions = client.get("/api/regions.geojson").json()
    names = {f["properties"]["name"] for f in regions["features"]}
    assert {"Deir ez-Zor", "Hasakah", "Aleppo", "Anbar"} <= names


def test_tiles_are_configured_and_allowed_by_the_policy(db):
    with TestClient(create_app(db, tiles="https://{s}.tiles.example.org/{z}/{x}/{y}.png",
                               tiles_attribution="© Example")) as c:
        assert c.get("/api/config").json()["tiles"]["url"].startswith("https://{s}.tiles.example.org")
        assert "img-src 'self' data: https://*.tiles.example.org" in c.get("/").headers["content-security-policy"]


def test_other_host_names_are_refused_when_serving_localhost(db):
    from eventwire.web.server import LOOPBACK_NAMES
    app = create_app(db, allowed_hosts=LOOPBACK_NAMES)
    assert TestClient(app, base_url="http://127.0.0.1:8000").get("/api/config").status_code == 200
    assert TestClient(app, base_url="http://localhost:8000").get("/api/config").status_code == 200
    assert_error(TestClient(app, base_url="http://evil.example:8000").get("/api/config"), 400, "Host")


def test_document_text_is_returned_as_data_not_markup(tmp_path):
    """Text that looks like HTML is returned verbatim in JSON (the page shows it as text)."""
    folder = tmp_path / "in"
    folder.mkdir()
    evil = ('Rockets hit the Conoco gas field in Deir ez-Zor on Friday <img src=x onerror="alert(1)">, '
            'killing 2 people, the Syrian Observatory for Human Rights said.\n')
    (folder / "evil.txt").write_text(evil, encoding="utf-8")
    (folder / "manifest.jsonl").write_text('{"file": "evil.txt", "published": "2023-03-25"}\n', encoding="utf-8")
    db = tmp_path / "evil.db"
    assert CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db)]).exit_code == 0
    with TestClient(create_app(db)) as c:
        doc = c.get("/api/documents/evil.txt")
        assert doc.headers["content-type"].startswith("application/json")
        assert doc.json()["document"]["text"] == evil
        assert c.get("/api/documents/evil.txt").headers["x-content-type-options"] == "nosniff"


# ------------------------------------------------------------------ eventwire serve
def test_serve_help_and_default_host():
    res = CliRunner().invoke(main, ["serve", "--help"])
    assert res.exit_code == 0
    assert "--db" in res.output and "--host" in res.output and "--port" in res.output and "--tiles" in res.output
    assert "127.0.0.1" in res.output


def test_serve_binds_localhost_by_default(monkeypatch, db):
    import uvicorn

    from eventwire.web import server
    seen = {}

    def fake_run(self, sockets=None):
        seen["addr"] = sockets[0].getsockname()
        sockets[0].close()
    monkeypatch.setattr(uvicorn.Server, "run", fake_run)
    res = CliRunner().invoke(main, ["serve", "--db", str(db), "--port", "0"])
    assert res.exit_code == 0, res.output
    assert seen["addr"][0] == "127.0.0.1" and "http://127.0.0.1:" in res.output
    assert server.is_loopback("::1") and not server.is_loopback("0.0.0.0")


def test_serve_without_fastapi_names_the_extra(monkeypatch, db):
    import builtins
    real_import = builtins.__import__

    def no_web(name, *args, **kwargs):
        if name.split(".")[0] in ("fastapi", "uvicorn"):
            raise ImportError(f"No module named '{name}'")
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_web)
    import sys
    for mod in [m for m in sys.modules if m.startswith("eventwire.web.")]:
        monkeypatch.delitem(sys.modules, mod)
    res = CliRunner().invoke(main, ["serve", "--db", str(db)])
    assert res.exit_code == 2
    assert "pip install 'eventwire[web]'" in res.output


def test_serve_missing_database_is_a_usage_error(tmp_path):
    res = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 2 and "no such database" in res.output


def test_records_pass_through_as_stored(client, db):
    """The list endpoint sends the stored JSON text; it must still be one valid JSON document."""
    raw = client.get("/api/events", params={"limit": 5}).content
    body = json.loads(raw)
    with Store(db, readonly=True) as s:
        assert body["events"] == list(s.events(limit=5))
