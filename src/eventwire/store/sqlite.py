"""SQLite storage: documents, events, claims, places and skipped inputs.

One writer per database (SQLite's own lock, WAL so readers never wait); a document's
content hash is its key, so ingesting the same input twice changes nothing.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, Iterator

from ..errors import StoreError
from ..model import Document, Event
from .migrations import MIGRATIONS


class Store:
    def __init__(self, path: str | Path = "eventwire.db", *, readonly: bool = False):
        self.path = str(path)
        try:
            if readonly:
                if not Path(self.path).exists():
                    raise StoreError(f"{self.path}: no such database; run 'eventwire ingest' first")
                self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
            else:
                self.conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.row_factory = sqlite3.Row
            if not readonly:
                self.migrate()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{self.path}: cannot open as an eventwire database ({err})") from err

    # ------------------------------------------------------------ schema
    def migrate(self) -> list[str]:
        c = self.conn
        c.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL "
                  "DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')))")
        done = {r[0] for r in c.execute("SELECT name FROM migrations")}
        applied = []
        for name, sql in MIGRATIONS:
            if name in done:
                continue
            c.execute("BEGIN IMMEDIATE")
            try:
                for stmt in sql.split(";\n"):
                    if stmt.strip():
                        c.execute(stmt)
                c.execute("INSERT INTO migrations(name) VALUES (?)", (name,))
                c.execute("COMMIT")
            except Exception:
                c.execute("ROLLBACK")
                raise
            applied.append(name)
        return applied

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------ writes
    def has_document(self, content_hash: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE content_hash=?", (content_hash,)).fetchone() is not None

    def add_document(self, doc: Document, events: list[Event]) -> bool:
        """Store a document and its events in one transaction. False if it was already stored."""
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        try:
            if c.execute("SELECT 1 FROM documents WHERE content_hash=?", (doc.content_hash,)).fetchone():
                c.execute("ROLLBACK")
                return False
            c.execute(
                "INSERT INTO documents(content_hash, doc_id, origin, fmt, source, url, published, published_from,"
                " language, encoding, title, raw, warnings) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc.content_hash, doc.doc_id, doc.origin, doc.fmt, doc.source, doc.url,
                 doc.published.isoformat() if doc.published else None, doc.published_from, doc.language,
                 doc.encoding, doc.title, doc.raw, json.dumps(doc.warnings, ensure_ascii=False)))
            for ev in events:
                self._write_event(ev, doc.content_hash)
            c.execute("COMMIT")
            return True
        except BaseException:
            c.execute("ROLLBACK")
            raise

    def _write_event(self, ev: Event, content_hash: str) -> None:
        c = self.conn
        rec = ev.to_dict()
        loc = rec["location"]
        if loc.get("place_id"):
            c.execute("INSERT OR IGNORE INTO places(place_id, name, admin1, country, lat, lon, precision)"
                      " VALUES (?,?,?,?,?,?,?)", (loc["place_id"], loc["name"], loc["admin1"], loc["country"],
                                                 loc["lat"], loc["lon"], loc["precision"]))
        c.execute(
            "INSERT OR REPLACE INTO events(event_id, event_type, sub_event_type, date_start, date_end, date_precision,"
            " place_id, location_name, admin1, country, lat, lon, geo_precision, actor1, actor2,"
            " fatalities_best, fatalities_low, fatalities_high, injuries_best, injuries_low, injuries_high,"
            " contested, notes, record) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (rec["event_id"], rec["event_type"], rec["sub_event_type"], rec["date"]["start"], rec["date"]["end"],
             rec["date"]["precision"], loc.get("place_id"), loc.get("name"), loc.get("admin1"), loc.get("country"),
             loc.get("lat"), loc.get("lon"), loc.get("precision"), rec["actor1"]["name"], rec["actor2"]["name"],
             rec["fatalities"]["best"], rec["fatalities"]["low"], rec["fatalities"]["high"],
             rec["injuries"]["best"], rec["injuries"]["low"], rec["injuries"]["high"],
             int(bool(rec["contradictions"])), rec["notes"], json.dumps(rec, ensure_ascii=False)))
        for r in rec["reports"]:
            c.execute("INSERT OR IGNORE INTO event_reports(event_id, content_hash, doc_id) VALUES (?,?,?)",
                      (rec["event_id"], content_hash, r["doc_id"]))
        c.execute("DELETE FROM claims WHERE event_id=? AND content_hash=?", (rec["event_id"], content_hash))
        c.executemany(
            "INSERT INTO claims(event_id, content_hash, doc_id, field, value, source, claimant, span_start, span_end, quote)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(rec["event_id"], content_hash, cl["doc_id"], cl["field"], json.dumps(cl["value"], ensure_ascii=False),
              cl["source"], cl["claimant"], cl["span"][0], cl["span"][1], cl["quote"]) for cl in rec["claims"]])

    def add_skipped(self, origin: str, reason: str) -> None:
        self.conn.execute("INSERT OR REPLACE INTO skipped(origin, reason) VALUES (?,?)", (origin, reason))

    # ------------------------------------------------------------ reads
    def events(self, *, place: str | None = None, since: str | None = None, until: str | None = None,
               event_type: str | None = None, contested: bool = False, limit: int | None = None,
               offset: int = 0) -> Iterator[dict[str, Any]]:
        sql, args = self._event_filter(place=place, since=since, until=until, event_type=event_type,
                                       contested=contested)
        sql = "SELECT record FROM events" + sql + " ORDER BY date_start IS NULL, date_start, event_id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        for row in self.conn.execute(sql, args):
            yield json.loads(row[0])

    @staticmethod
    def _event_filter(*, place=None, since=None, until=None, event_type=None, contested=False):
        where, args = [], []
        if place:
            where.append("(location_name LIKE ? OR admin1 LIKE ? OR country LIKE ?)")
            args += [f"%{place}%"] * 3
        if since:
            where.append("COALESCE(date_end, date_start) >= ?")
            args.append(since)
        if until:
            where.append("date_start <= ?")
            args.append(until)
        if event_type:
            where.append("(event_type = ? OR sub_event_type = ?)")
            args += [event_type, event_type]
        if contested:
            where.append("contested = 1")
        return (" WHERE " + " AND ".join(where) if where else ""), args

    def event(self, event_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT record FROM events WHERE event_id=?", (event_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def counts(self) -> dict[str, int]:
        q = lambda t: self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        return {"documents": q("documents"), "events": q("events"), "claims": q("claims"),
                "places": q("places"), "skipped": q("skipped")}

    def skipped(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.conn.execute("SELECT origin, reason FROM skipped ORDER BY origin")]
