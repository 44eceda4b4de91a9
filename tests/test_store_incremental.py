"""Reports joining a stored event one at a time give exactly the event a full rebuild gives.

The store folds each new report of an event into the event's state (store/incremental.py)
instead of combining all its reports again. These tests hold that to `merge.combine` on
hand-built records (every rule of combine and of resolve_values: votes and their ties, date
bounds, tolls revised, stated for the whole event or added to others, contradictions, the
merge sketch), and hold a store ingesting real pipeline output to one that rebuilds every
event from all its reports, as the store did before.
"""
from __future__ import annotations

import contextlib

import datetime as dt
import json
import random
import sqlite3

import pytest

from eventwire import merge
from eventwire.model import Document
from eventwire.store import Store
from eventwire.store.incremental import EventState, Part, rank_of, record_text

SOURCES = ["Reuters", "SOHR", "AFP", None]
CLAIMANTS = [None, "Pentagon spokesman", "an Iranian official", "residents", "SDF media office"]
QUOTES = ["Rockets hit Homs, killing 3 people.", "Fatalities coded as 3.", "4 fatalities were reported.",
          "2 militants were also killed near Abu Kamal.", "The death toll rose to 11.", "5 people were injured.",
          "2 more people were injured.", "US forces said Iran-backed militias fired at Conoco.",
          "Residents of Khasham said the shelling hit the Conoco field.", "Gunmen attacked Hajin on Monday.",
          "The Syrian Observatory said Tabiyeh was struck.", ""]
DAYS = ["2023-03-04", "2023-03-05", "2023-03-06", "2023-03-07"]


def _claim(rnd: random.Random, doc_id: str) -> dict:
    field = rnd.choice(["fatalities", "fatalities", "injuries", "actor1", "target_nature", "date", "location",
                        "weapons"])
    value = {"fatalities": lambda: rnd.choice([0, 1, 3, 3, 4, 7, 11, None, True]),
             "injuries": lambda: rnd.choice([0, 2, 5, None]),
             "actor1": lambda: rnd.choice(["US forces", "Iran-backed militias", None]),
             "target_nature": lambda: rnd.choice(["military", "civilian"]),
             "date": lambda: rnd.choice([None, {}, {"start": rnd.choice(DAYS), "end": None},
                                         {"start": "2023-03-05", "end": "2023-03-06"}]),
             "location": lambda: rnd.choice(["Homs", "Conoco", "Koniko gas field"]),
             "weapons": lambda: rnd.sample(["missile", "drone", "rocket"], rnd.randint(0, 2))}[field]()
    start = rnd.randint(0, 40)
    return {"field": field, "value": value, "source": rnd.choice(SOURCES), "claimant": rnd.choice(CLAIMANTS),
            "doc_id": doc_id, "span": [start, start + rnd.randint(1, 9)], "quote": rnd.choice(QUOTES)}


def _record(rnd: random.Random, i: int, coherent: bool = False) -> dict:
    """One document's event as the pipeline writes it (Event.to_dict), with values drawn
    from small sets so that reports agree, tie and disagree; `coherent` reports mostly give
    ranges that overlap and no sides."""
    doc_id = f"doc-{i}"
    if coherent:
        start = rnd.choice([None, "2023-03-05", "2023-03-06", "2023-03-06"])
        end = rnd.choice(["2023-03-06", "2023-03-07"]) if start else None
    else:
        start = rnd.choice([None, *DAYS])
        end = None if start is None else rnd.choice([start, start, "2023-03-07"])
    end = max(start, end) if start else None
    precision = rnd.choice(["site", "town", "town", "region", "country", "unknown", None])
    claims = [_claim(rnd, doc_id) for _ in range(rnd.randint(0, 6))]
    if claims and rnd.random() < 0.3:
        claims.append(dict(claims[0]))  # a claim twice in one report
    name = lambda: rnd.choice([None, ""] if coherent else [None, None, "", "US forces", "Iran-backed militias", "SDF"])
    rec = {
        "event_id": f"ev-{rnd.randrange(16 ** 6):06x}-{i}",
        "event_type": rnd.choice(["Explosions/Remote violence", "Battles", None]),
        "sub_event_type": rnd.choice(["Shelling/artillery/missile attack", "Air/drone strike", "Armed clash"]),
        "date": {"start": start, "end": end, "precision": rnd.choice(["day", "week"]) if start else "unknown",
                 "text": rnd.choice(["", "on Monday", "last week"])},
        "location": {"name": rnd.choice(["Homs", "Conoco gas field", None]), "admin1": rnd.choice(["Homs", None]),
                     "country": "Syria", "lat": 34.7, "lon": 36.7, "precision": precision,
                     "place_id": rnd.choice(["gn:1", None]), "text": rnd.choice(["Homs", "Konoko"])},
        "actor1": {"name": name(), "text": rnd.choice(["", "the militias", "US troops"])},
        "actor2": {"name": name(), "text": rnd.choice(["", "the base", "fighters"])},
        "weapons": rnd.sample(["missile", "drone", "rocket"], rnd.randint(0, 2)),
        "fatalities": {"best": None, "low": None, "high": None},
        "injuries": {"best": None, "low": None, "high": None},
        "claims": claims,
        "contradictions": [],
        "reports": [{"doc_id": doc_id, "source": rnd.choice(SOURCES), "published": rnd.choice([None, *DAYS])}],
        "notes": "",
    }
    if rnd.random() < 0.1:
        rec["extra_field"] = rnd.choice([1, "x"])  # a key combine copies from the first report only
    return json.loads(json.dumps(rec))


def _folded(records: list[dict], arrival: list[int]) -> tuple[dict, str, EventState]:
    """The merged record a state gives for `records` joining in `arrival` order (with the
    state saved and read back after each, and the reports' claims and reports put in the
    arrays in the order of their rank, as the store's readers do), as a dict and as the
    stored JSON text."""
    state, parts = EventState(), {}
    for i in arrival:
        part = Part(records[i])
        parts[i] = part
        state.add(records[i], part)
        state = EventState.from_json(state.to_json())
    ordered = sorted(parts.values(), key=lambda p: p.rank)
    claims = ", ".join(p.claims_json for p in ordered if p.claims_json)
    reports = ", ".join(p.reports_json for p in ordered if p.reports_json)

    def cited(field: str, day: str | None) -> list[int]:
        out, offset = [], 0
        for p in ordered:
            if day is None or (p.published or "") >= day:
                out += [offset + i for i in p.cited.get(field, [])]
            offset += len(p.claims)
        return out
    merged = state.record(state.first[1], cited)
    text, layout = record_text(merged, claims, reports)
    assert text[layout["claims"][0]:sum(layout["claims"])] == claims
    assert text[layout["reports"][0]:sum(layout["reports"])] == reports
    return merged, text, state


def _combined(records: list[dict]) -> dict:
    members = sorted(records, key=lambda r: merge.Sketch.of(r).rank)
    out = merge.combine(members)
    out["event_id"] = members[0]["event_id"]
    return out


@pytest.mark.parametrize("seed", range(40))
def test_a_state_fed_one_report_at_a_time_gives_what_combine_gives(seed):
    rnd = random.Random(seed)
    coherent = seed % 2 == 1
    records = [_record(rnd, i, coherent) for i in range(rnd.randint(2, 6 if coherent else 30))]
    arrival = list(range(len(records)))
    rnd.shuffle(arrival)
    _, text, state = _folded(records, arrival)
    expected = _combined(records)
    assert text == json.dumps(expected, ensure_ascii=False)  # every value, and the keys' order
    # and what merging a further report reads of the event
    sketch = merge.Sketch.of(state.sketch_record(json.loads(text)))
    sketch.docs = frozenset(r["doc_id"] for r in expected["reports"])
    assert sketch == merge.Sketch.of(expected)


def test_the_order_reports_arrive_in_changes_nothing():
    rnd = random.Random(7)
    records = [_record(rnd, i) for i in range(25)]
    results = set()
    for _ in range(6):
        arrival = list(range(len(records)))
        rnd.shuffle(arrival)
        _, text, state = _folded(records, arrival)
        results.add((text, state.to_json()))
    assert len(results) == 1


def test_rank_of_is_the_merge_sketchs_rank():
    rnd = random.Random(3)
    for i in range(200):
        rec = _record(rnd, i)
        if rnd.random() < 0.2:
            rec["reports"] = []
        assert tuple(rank_of(rec)) == merge.Sketch.of(rec).rank


# -- the store: one report at a time against a rebuild of every event from all its reports ------

TOWN_DAYS = [("Homs", "6 March 2023"), ("Deir ez-Zor", "9 March 2023")]
SAYINGS = ["killing {k} people, {who} told {outlet}", "killing {k} people and injuring {j}, {outlet} reported",
           "{outlet} said, adding that {k} people were killed", "the death toll rose to {k}, {outlet} said later"]


@pytest.fixture(scope="module")
def reports():
    """Sixty documents on two incidents, from several outlets over several days, whose tolls
    agree, disagree and are revised; in a shuffled order."""
    from eventwire.pipeline import Pipeline
    pipeline = Pipeline()
    rnd = random.Random(11)
    out = []
    for i in range(60):
        town, day = TOWN_DAYS[i % 2]
        saying = rnd.choice(SAYINGS).format(k=rnd.choice([2, 3, 3, 5, 11]), j=rnd.choice([1, 4]),
                                            who=rnd.choice(["a witness", "a Pentagon spokesman", "residents"]),
                                            outlet=rnd.choice(["Reuters", "AFP", "SANA", "the Observatory"]))
        text = f"Rockets hit {town} on {day}, {saying}. Witness number {i} described the blasts."
        published = dt.date(2023, 3, 7 + (i % 2) * 3) + dt.timedelta(days=rnd.randint(0, 4))
        out.append(pipeline.process(Document(f"r{i}.txt", text, published=published, source=rnd.choice(SOURCES))))
    rnd.shuffle(out)
    return out


def _tables(path) -> dict[str, list]:
    """What a store holds, without row ids and timestamps (claims are renumbered by a rebuild);
    each event's record as readers get it (Store.record_texts)."""
    with Store(path, readonly=True) as store:
        texts = dict(zip((r[0] for r in store.conn.execute("SELECT event_id FROM events ORDER BY event_id")),
                         store.record_texts(store.conn.execute(
                             f"SELECT {store.record_columns} FROM events ORDER BY event_id").fetchall())))
    con = sqlite3.connect(path)
    con.create_function("record_text", 1, texts.get)
    q = lambda sql: sorted(con.execute(sql).fetchall(), key=repr)
    out = {"events": q("SELECT event_id, event_type, sub_event_type, date_start, date_end, date_precision, place_id,"
                       " location_name, admin1, country, lat, lon, geo_precision, actor1, actor2, fatalities_best,"
                       " fatalities_low, fatalities_high, injuries_best, injuries_low, injuries_high, contested,"
                       " notes, record_text(event_id) FROM events"),
           "claims": q("SELECT event_id, content_hash, doc_id, field, value, source, claimant, span_start, span_end,"
                       " quote FROM claims"),
           "event_reports": q("SELECT * FROM event_reports"),
           "event_aliases": q("SELECT * FROM event_aliases"),
           "value_history": q("SELECT event_id, field, best, low, high, doc_id, source, published FROM value_history"),
           "doc_events": q("SELECT doc_event_id, content_hash, event_id, published, record FROM doc_events"),
           "search": q("SELECT e.event_id, f.notes FROM notes_fts f JOIN events e ON e.rowid = f.rowid"),
           "search_quotes": q("SELECT d.doc_event_id, f.quotes FROM quotes_fts f JOIN doc_events d"
                              " ON d.rowid = f.rowid"),
           # each report's quotes lead to its own event
           "search_events": q("SELECT d.doc_event_id, d.event_id, e.event_id FROM doc_events d"
                              " LEFT JOIN quotes_event m ON m.id = d.rowid LEFT JOIN events e ON e.rowid = m.event_rowid")}
    assert all(row[1] == row[2] for row in out["search_events"]), out["search_events"]
    con.close()
    return out


def test_storing_reports_one_at_a_time_equals_rebuilding_every_event(reports, tmp_path, monkeypatch):
    folded = []
    real_fold = Store._fold_in
    monkeypatch.setattr(Store, "_fold_in", lambda self, *a: folded.append(1) or real_fold(self, *a))
    with Store(tmp_path / "incremental.db") as store:
        for r in reports:
            assert store.add_document(r.doc, r.events)
        # each stored record is merge.combine of its reports
        for ev in store.events():
            members = [json.loads(row[0]) for row in store.conn.execute(
                "SELECT record FROM doc_events WHERE event_id=?", (ev["event_id"],))]
            assert ev == _combined(members)
        sizes = sorted(len(ev["reports"]) for ev in store.events())
    assert sizes[-1] >= 20 and len(folded) >= 40, (sizes, len(folded))
    with Store(tmp_path / "rebuilt.db") as store:
        monkeypatch.setattr(store, "_state", lambda event_id: None)  # every report rebuilds its event
        for r in reports:
            store.add_document(r.doc, r.events)
    incremental, rebuilt = _tables(tmp_path / "incremental.db"), _tables(tmp_path / "rebuilt.db")
    for table in incremental:
        assert incremental[table] == rebuilt[table], table
    contested = [row for row in incremental["events"] if row[21]]
    assert contested and len(incremental["value_history"]) > 5


def test_a_rerun_and_a_batch_remerge_change_nothing(reports, tmp_path):
    path = tmp_path / "ew.db"
    with Store(path) as store:
        for r in reports[:40]:
            store.add_document(r.doc, r.events)
        before = _tables(path)
        assert not any(store.add_document(r.doc, r.events) for r in reports[:40])
        assert _tables(path) == before
        store.remerge()
        after = _tables(path)
        assert after["events"] == before["events"] and after["claims"] == before["claims"]
        # a remerge drops the states; the next report rebuilds its event, the ones after fold in
        assert store.conn.execute("SELECT COUNT(*) FROM event_state").fetchone()[0] == 0
        for r in reports[40:]:
            store.add_document(r.doc, r.events)
        assert store.conn.execute("SELECT COUNT(*) FROM event_state").fetchone()[0] >= 1
    with Store(tmp_path / "straight.db") as store:
        for r in reports:
            store.add_document(r.doc, r.events)
    assert _tables(path)["events"] == _tables(tmp_path / "straight.db")["events"]


def test_an_event_is_rebuilt_once_when_the_merging_rules_change(reports, tmp_path, monkeypatch):
    """A state holds what the rules said of its reports; under other rules it is not read."""
    from eventwire.store import incremental
    folded = []
    real_fold = Store._fold_in
    monkeypatch.setattr(Store, "_fold_in", lambda self, *a: folded.append(1) or real_fold(self, *a))
    path = tmp_path / "ew.db"
    with Store(path) as store:
        for r in reports[:30]:
            store.add_document(r.doc, r.events)
        events = store.conn.execute("SELECT COUNT(*) FROM event_state").fetchone()[0]
        monkeypatch.setattr(incremental, "rules", lambda: "changed")
        folded.clear()
        for r in reports[30:]:
            store.add_document(r.doc, r.events)
        states = [json.loads(row[0])["rules"] for row in store.conn.execute("SELECT state FROM event_state")]
    # the events reports joined were rebuilt, then took reports one at a time again
    assert events >= 1 and "changed" in states and 0 < len(folded) < len(reports[30:])
    with Store(tmp_path / "straight.db") as store:
        for r in reports:
            store.add_document(r.doc, r.events)
    assert _tables(path)["events"] == _tables(tmp_path / "straight.db")["events"]


def test_a_database_from_before_0004_ends_as_if_stored_with_it(reports, tmp_path):
    """Reports stored before 0004_incremental_merge get their share filled in, and their event a
    state, the first time a report joins it; from then on reports fold in."""
    path = tmp_path / "old.db"
    with _only_migrations_before("0004"), Store(path) as store:
        for r in reports[:30]:
            store.add_document(r.doc, r.events)
    _finish_and_compare_with_a_straight_store(path, tmp_path, reports, 30)


# -- records split from their reports (0005_split_records) ---------------------------------------

def _reads(path) -> dict:
    """Everything a reader gets of the events: each record (by Store.events, Store.event and the
    API's JSON text, byte for byte), and the events a few searches find."""
    from eventwire.store.search import EventQuery, find_events, find_events_json
    with Store(path, readonly=True) as store:
        events = [json.dumps(e, ensure_ascii=False) for e in store.events()]
        one = {e["event_id"]: json.dumps(store.event(e["event_id"]), ensure_ascii=False) for e in store.events()}
        api, total = find_events_json(store, EventQuery.parse(limit=1000))
        searches = {q: sorted(e["event_id"] for e in find_events(store, EventQuery.parse(q=q, limit=1000))[0])
                    for q in ("Homs", "killed", "Reuters killed", "witness Homs", '"death toll"', "injur*",
                              "Observatory Deir")}
    return {"events": events, "event": one, "api": (api, total), "searches": searches}


def test_a_report_joining_an_event_writes_a_record_of_constant_size(tmp_path):
    """The stored record of an event of many reports leaves out its claims and reports, which
    readers take from each report's own row: it does not grow as reports join."""
    from eventwire.pipeline import Pipeline
    pipeline = Pipeline()
    stored, read = [], []
    with Store(tmp_path / "ew.db") as store:
        for i in range(40):
            r = pipeline.process(Document(f"d{i}", f"Rockets hit Homs on 6 March 2023, killing 3 people, witness "
                                                   f"number {i} told reporters.", published=dt.date(2023, 3, 7)))
            store.add_document(r.doc, r.events)
            (event_id, length), = store.conn.execute("SELECT event_id, length(record) FROM events").fetchall()
            stored.append(length)
            read.append(len(json.dumps(store.event(event_id), ensure_ascii=False)))
        event = store.event(event_id)
    assert len(event["reports"]) == 40 and len(event["claims"]) >= 40
    assert read[-1] > 3 * read[9]  # 40 reports against 10
    assert max(stored[9:]) - min(stored[9:]) < 20, stored  # the id, the note: a few characters


def test_migrating_a_database_of_whole_records_reads_the_same(reports, tmp_path):
    """A database stored before 0005_split_records (each event's whole record in one row, one
    search row per event) reads the same after the migration, byte for byte, and finds the
    same events; its events of several reports are stored split; further reports fold in and
    end as in a database stored with 0005 from the start."""
    path = tmp_path / "old.db"
    with _only_migrations_before("0005"):
        with Store(path) as store:
            for r in reports[:40]:
                store.add_document(r.doc, r.events)
            assert store.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'events_fts'").fetchone()
        before = _reads(path)
    with Store(path) as store:  # migrates
        split = store.conn.execute("SELECT COUNT(*) FROM events WHERE claims_at IS NOT NULL").fetchone()[0]
        assert store.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'events_fts'").fetchone() is None
    assert split >= 2
    after = _reads(path)
    assert after == before
    assert all(before["searches"].values()) and len(before["events"]) >= 2
    _finish_and_compare_with_a_straight_store(path, tmp_path, reports, 40)
    assert _reads(path) == _reads(tmp_path / "straight.db")


def test_a_reader_of_a_listed_event_gets_it_whole_after_another_connection_folds_a_report_in(tmp_path):
    """A page lists events, then puts their claims and reports in (record_texts): an event that
    another connection changed in between, even to another id (an earlier report joined), is
    read whole and as it is now, never with the claims of some reports and not others."""
    from eventwire.pipeline import Pipeline
    pipeline = Pipeline()

    def report(i: int, day: int):
        return pipeline.process(Document(f"d{i}", f"Rockets hit Homs on 6 March 2023, killing 3 people, witness "
                                                  f"number {i} told reporters.", published=dt.date(2023, 3, day)))
    path = tmp_path / "ew.db"
    with Store(path) as writer, Store(path, readonly=True) as reader:
        for i in range(3):
            r = report(i, 9)
            writer.add_document(r.doc, r.events)
        listed = reader.conn.execute(f"SELECT {reader.record_columns} FROM events").fetchall()
        assert len(listed) == 1 and listed[0][2] is not None  # one event, stored split
        r = report(3, 7)  # the earliest report: the event takes its id
        writer.add_document(r.doc, r.events)
        (now,) = reader.conn.execute("SELECT event_id FROM events").fetchone()
        assert now != listed[0][0]
        text = reader.record_texts(listed)[0]
        assert json.loads(text) == reader.event(now) and len(json.loads(text)["reports"]) == 4
        r = report(4, 10)
        writer.add_document(r.doc, r.events)
        listed = reader.conn.execute(f"SELECT {reader.record_columns} FROM events").fetchall()
        assert len(json.loads(reader.record_texts(listed)[0])["reports"]) == 5


def _finish_and_compare_with_a_straight_store(path, tmp_path, reports, done: int) -> None:
    """Store the rest of `reports` (from `done` on) into the database at `path`, which must then
    hold incremental states, and check every table against a database that stored all of them
    from the start with the current code."""
    with Store(path) as store:
        for r in reports[done:]:
            store.add_document(r.doc, r.events)
        assert store.conn.execute("SELECT COUNT(*) FROM event_state").fetchone()[0] >= 1
    with Store(tmp_path / "straight.db") as store:
        for r in reports:
            store.add_document(r.doc, r.events)
    old, straight = _tables(path), _tables(tmp_path / "straight.db")
    for table in old:
        assert old[table] == straight[table], table


@contextlib.contextmanager
def _only_migrations_before(name: str):
    """A store opened inside knows only the migrations named before `name`: a database as an
    older version of eventwire left it."""
    from eventwire.store import migrations
    saved = list(migrations.MIGRATIONS)
    migrations.MIGRATIONS[:] = [m for m in saved if m[0] < name]
    try:
        yield
    finally:
        migrations.MIGRATIONS[:] = saved
