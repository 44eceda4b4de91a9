"""Named migrations of the SQLite schema, applied once each, in order."""
from __future__ import annotations

from typing import Any

MIGRATIONS: list[tuple[str, Any]] = [
    ("0001_initial", """
CREATE TABLE documents (
    content_hash TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL,
    origin TEXT, fmt TEXT, source TEXT, url TEXT,
    published TEXT, published_from TEXT, language TEXT, encoding TEXT,
    title TEXT, raw TEXT NOT NULL, warnings TEXT NOT NULL DEFAULT '[]',
    ingested_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX documents_doc_id ON documents(doc_id);
CREATE TABLE places (
    place_id TEXT PRIMARY KEY, name TEXT, admin1 TEXT, country TEXT,
    lat REAL, lon REAL, precision TEXT, kind TEXT
);
CREATE TABLE events (
    event_id TEXT PRIMARY KEY,
    event_type TEXT, sub_event_type TEXT,
    date_start TEXT, date_end TEXT, date_precision TEXT,
    place_id TEXT REFERENCES places(place_id), location_name TEXT, admin1 TEXT, country TEXT,
    lat REAL, lon REAL, geo_precision TEXT,
    actor1 TEXT, actor2 TEXT,
    fatalities_best INTEGER, fatalities_low INTEGER, fatalities_high INTEGER,
    injuries_best INTEGER, injuries_low INTEGER, injuries_high INTEGER,
    contested INTEGER NOT NULL DEFAULT 0,
    notes TEXT, record TEXT NOT NULL,
    first_seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX events_date ON events(date_start);
CREATE INDEX events_type ON events(event_type);
CREATE INDEX events_place ON events(location_name);
CREATE TABLE event_reports (
    event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL REFERENCES documents(content_hash),
    doc_id TEXT NOT NULL,
    PRIMARY KEY (event_id, content_hash)
);
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL REFERENCES documents(content_hash),
    doc_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT,
    source TEXT, claimant TEXT, span_start INTEGER, span_end INTEGER, quote TEXT
);
CREATE INDEX claims_event ON claims(event_id);
CREATE TABLE skipped (
    origin TEXT NOT NULL, reason TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
    PRIMARY KEY (origin, reason)
);
"""),
]

MIGRATIONS.append(("0002_merging", """
CREATE TABLE doc_events (
    doc_event_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL REFERENCES documents(content_hash),
    event_id TEXT NOT NULL,
    published TEXT,
    record TEXT NOT NULL
);
CREATE INDEX doc_events_event ON doc_events(event_id);
CREATE TABLE event_aliases (
    alias_id TEXT PRIMARY KEY,
    event_id TEXT NOT NULL
);
CREATE TABLE value_history (
    id INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    field TEXT NOT NULL,
    best INTEGER, low INTEGER, high INTEGER,
    doc_id TEXT, source TEXT, published TEXT,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now'))
);
CREATE INDEX value_history_event ON value_history(event_id);
CREATE INDEX events_country ON events(country, date_start);
CREATE INDEX events_admin1 ON events(admin1, date_start)
"""))

# Full-text search (eventwire.store.search): one row per event, holding its note and the
# distinct quotes of its claims, both read from the stored record; the row shares the event's
# rowid and triggers keep it in step, so no writer has to know the index exists. `INSERT OR
# REPLACE INTO events` deletes the old row without firing delete triggers (recursive_triggers
# is off), hence the BEFORE INSERT trigger.
# events_browse holds every column the API filters, sorts or maps on, so a page of events is
# read in date order from it, never from the wide rows (each carries its whole JSON record);
# the narrow indexes after it make counting the matches cheap. Measured with
# bench/web_speed.py at 100,000 events: counts of 48-88 ms fell to 1-40 ms.
_QUOTES = ("(SELECT group_concat(quote, char(10)) FROM (SELECT DISTINCT json_extract(value, '$.quote') AS quote"
           " FROM json_each({rec}, '$.claims')))")
MIGRATIONS.append(("0003_web_search", f"""
CREATE VIRTUAL TABLE events_fts USING fts5(notes, quotes, tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO events_fts(rowid, notes, quotes) SELECT rowid, notes, {_QUOTES.format(rec="record")} FROM events;
CREATE TRIGGER events_fts_replace BEFORE INSERT ON events BEGIN DELETE FROM events_fts WHERE rowid = (SELECT rowid FROM events WHERE event_id = NEW.event_id); END;
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN DELETE FROM events_fts WHERE rowid = NEW.rowid; INSERT INTO events_fts(rowid, notes, quotes) VALUES (NEW.rowid, NEW.notes, {_QUOTES.format(rec="NEW.record")}); END;
CREATE TRIGGER events_fts_update AFTER UPDATE OF notes, record ON events BEGIN DELETE FROM events_fts WHERE rowid = OLD.rowid; INSERT INTO events_fts(rowid, notes, quotes) VALUES (NEW.rowid, NEW.notes, {_QUOTES.format(rec="NEW.record")}); END;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN DELETE FROM events_fts WHERE rowid = OLD.rowid; END;
CREATE INDEX claims_document ON claims(content_hash, span_start);
CREATE INDEX event_aliases_event ON event_aliases(event_id);
CREATE INDEX events_browse ON events(date_start, event_id, date_end, event_type, sub_event_type, contested,
    fatalities_best, injuries_best, location_name, admin1, country, actor1, actor2, lat, lon, first_seen);
CREATE INDEX events_span ON events(date_start, date_end);
CREATE INDEX events_kind ON events(event_type, sub_event_type);
CREATE INDEX events_actors ON events(actor1, actor2);
CREATE INDEX events_places ON events(location_name, admin1, country);
CREATE INDEX events_contested ON events(contested, date_start);
CREATE INDEX events_fatalities ON events(fatalities_best, date_start, event_id)
"""))

# Merging one report at a time (eventwire.store.incremental): each doc_events row also keeps
# what its report adds to its merged event (how many claims, once duplicates are dropped; the
# length of its claims and reports as JSON array items; the report's date; which of its claims a
# contradiction may cite) and its place among the event's reports, all in one index, so a report
# joins without reading the others' records. event_state holds each merged event's aggregates
# (vote tallies, date bounds, the voices behind each toll...), what its merge sketch reads, and
# where the claims and reports lie in its stored record. Rows from before this migration are
# filled in the first time their event is touched; an event without a state row is rebuilt from
# all its reports, as before.
MIGRATIONS.append(("0004_incremental_merge", """
ALTER TABLE doc_events ADD COLUMN rank_published TEXT;
ALTER TABLE doc_events ADD COLUMN n_claims INTEGER;
ALTER TABLE doc_events ADD COLUMN claims_chars INTEGER;
ALTER TABLE doc_events ADD COLUMN reports_chars INTEGER;
ALTER TABLE doc_events ADD COLUMN report_published TEXT;
ALTER TABLE doc_events ADD COLUMN cited TEXT;
CREATE INDEX doc_events_order ON doc_events(event_id, rank_published, doc_event_id, n_claims, claims_chars,
    reports_chars, report_published, cited);
CREATE INDEX event_reports_doc ON event_reports(event_id, doc_id);
CREATE TABLE event_state (
    event_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    sketch TEXT NOT NULL
)
"""))

# Records split from their reports (eventwire.store.sqlite, "how an event is stored"): an event
# of several reports keeps in `events.record` only its record with the claims and reports arrays
# empty, and where to put their items (claims_at, reports_at: offsets into that text); the items
# are the claims_json and reports_json of its doc_events rows, in the order of their rank, so a
# report joining an event writes its own row and a record of constant size, never the other
# reports' claims again. Search indexes each event's note (notes_fts, rowid of events) apart
# from each report's distinct quotes (quotes_fts, rowid of doc_events), for the same reason; a
# search matches an event whose note or reports hold each of its words. quotes_event maps a
# quotes row (a report) to the rowid of its event, kept by triggers as reports move and events
# are written again: looking the event up through doc_events' wide rows, then by id, made a
# word in 78,000 reports cost 133 ms instead of 52 (bench/web_speed.py, 100,000 events). After the schema
# change, `split_stored` (sqlite.py) fills every report's items and splits each event of
# several reports whose record is exactly their assembly; any other event keeps its whole
# record, which readers take as it is. States (0004) are dropped: each event is rebuilt, and
# gets a new one, when a report next joins it.
_NOTES_TRIGGERS = """
CREATE TRIGGER notes_fts_replace BEFORE INSERT ON events BEGIN DELETE FROM notes_fts WHERE rowid = (SELECT rowid FROM events WHERE event_id = NEW.event_id); END;
CREATE TRIGGER notes_fts_insert AFTER INSERT ON events BEGIN DELETE FROM notes_fts WHERE rowid = NEW.rowid; INSERT INTO notes_fts(rowid, notes) VALUES (NEW.rowid, NEW.notes); END;
CREATE TRIGGER notes_fts_update AFTER UPDATE OF notes ON events WHEN OLD.notes IS NOT NEW.notes BEGIN DELETE FROM notes_fts WHERE rowid = OLD.rowid; INSERT INTO notes_fts(rowid, notes) VALUES (NEW.rowid, NEW.notes); END;
CREATE TRIGGER notes_fts_delete AFTER DELETE ON events BEGIN DELETE FROM notes_fts WHERE rowid = OLD.rowid; END"""
_QUOTES_TRIGGERS = f"""
CREATE TRIGGER quotes_fts_replace BEFORE INSERT ON doc_events BEGIN DELETE FROM quotes_fts WHERE rowid = (SELECT rowid FROM doc_events WHERE doc_event_id = NEW.doc_event_id); DELETE FROM quotes_event WHERE id = (SELECT rowid FROM doc_events WHERE doc_event_id = NEW.doc_event_id); END;
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON doc_events BEGIN DELETE FROM quotes_fts WHERE rowid = NEW.rowid; INSERT INTO quotes_fts(rowid, quotes) VALUES (NEW.rowid, {_QUOTES.format(rec="NEW.record")}); INSERT OR REPLACE INTO quotes_event(id, event_rowid) VALUES (NEW.rowid, (SELECT rowid FROM events WHERE event_id = NEW.event_id)); END;
CREATE TRIGGER quotes_fts_update AFTER UPDATE OF record ON doc_events BEGIN DELETE FROM quotes_fts WHERE rowid = OLD.rowid; INSERT INTO quotes_fts(rowid, quotes) VALUES (NEW.rowid, {_QUOTES.format(rec="NEW.record")}); END;
CREATE TRIGGER quotes_event_moved AFTER UPDATE OF event_id ON doc_events BEGIN UPDATE quotes_event SET event_rowid = (SELECT rowid FROM events WHERE event_id = NEW.event_id) WHERE id = NEW.rowid; END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON doc_events BEGIN DELETE FROM quotes_fts WHERE rowid = OLD.rowid; DELETE FROM quotes_event WHERE id = OLD.rowid; END;
CREATE TRIGGER quotes_event_insert AFTER INSERT ON events BEGIN UPDATE quotes_event SET event_rowid = NEW.rowid WHERE id IN (SELECT rowid FROM doc_events WHERE event_id = NEW.event_id); END;
CREATE TRIGGER quotes_event_delete AFTER DELETE ON events BEGIN UPDATE quotes_event SET event_rowid = NULL WHERE id IN (SELECT rowid FROM doc_events WHERE event_id = OLD.event_id); END"""
_SPLIT_SQL = f"""
ALTER TABLE events ADD COLUMN claims_at INTEGER;
ALTER TABLE events ADD COLUMN reports_at INTEGER;
ALTER TABLE doc_events ADD COLUMN claims_json TEXT;
ALTER TABLE doc_events ADD COLUMN reports_json TEXT;
DROP TRIGGER events_fts_replace;
DROP TRIGGER events_fts_insert;
DROP TRIGGER events_fts_update;
DROP TRIGGER events_fts_delete;
DROP TABLE events_fts;
CREATE VIRTUAL TABLE notes_fts USING fts5(notes, tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO notes_fts(rowid, notes) SELECT rowid, notes FROM events;
CREATE VIRTUAL TABLE quotes_fts USING fts5(quotes, tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO quotes_fts(rowid, quotes) SELECT rowid, {_QUOTES.format(rec="record")} FROM doc_events;
CREATE TABLE quotes_event (id INTEGER PRIMARY KEY, event_rowid INTEGER);
INSERT INTO quotes_event(id, event_rowid) SELECT d.rowid, e.rowid FROM doc_events d LEFT JOIN events e USING (event_id);
{_NOTES_TRIGGERS.strip()};
{_QUOTES_TRIGGERS.strip()};
DELETE FROM event_state
"""


def _split_records(conn) -> None:
    from .sqlite import split_stored
    for stmt in _SPLIT_SQL.split(";\n"):
        if stmt.strip():
            conn.execute(stmt)
    split_stored(conn)


# a migration is SQL statements (one per ";\n"), or a function of the connection
MIGRATIONS.append(("0005_split_records", _split_records))
