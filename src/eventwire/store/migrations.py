"""Named migrations of the SQLite schema, applied once each, in order."""
from __future__ import annotations

MIGRATIONS: list[tuple[str, str]] = [
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
