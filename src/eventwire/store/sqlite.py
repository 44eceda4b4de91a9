"""SQLite storage: documents, events, claims, places and skipped inputs.

One writer per database (SQLite's own lock, WAL so readers never wait); a document's
content hash is its key, so ingesting the same input twice changes nothing.
"""
from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any, Iterator

from ..errors import StoreError
from ..model import Document, Event
from .incremental import EventState, Part, dumps, rank_of, record_text
from .migrations import MIGRATIONS

# Seconds a writer waits for another writer's transaction (each holds the lock for one
# document) before giving up with a StoreError; two ingests on one database take turns.
LOCK_TIMEOUT = 30.0


class Store:
    def __init__(self, path: str | Path = "eventwire.db", *, readonly: bool = False, timeout: float | None = None):
        self.path = str(path)
        self.timeout = LOCK_TIMEOUT if timeout is None else timeout
        try:
            if readonly:
                if not Path(self.path).exists():
                    raise StoreError(f"{self.path}: no such database; run 'eventwire ingest' first")
                self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=self.timeout)
            else:
                self.conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
                self._use_wal()
                self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.row_factory = sqlite3.Row
            if not readonly:
                self.migrate()
            # records split from their reports' claims (0005); a schema without it (a database
            # opened read-only before migrating) has whole records
            self._split = any(r[1] == "claims_at" for r in self.conn.execute("PRAGMA table_info(events)"))
            # events merged one report at a time (0004, kept in split records from 0005); a schema
            # without them rebuilds every event from all its reports
            self._states = self._split and self.conn.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'event_state'").fetchone() is not None
            # what readers select to have an event's record: see record_texts
            self.record_columns = "event_id, record" + (", claims_at, reports_at" if self._split else ", NULL, NULL")
        except sqlite3.DatabaseError as err:
            if _is_busy(err):
                raise self._busy_error() from err
            raise StoreError(f"{self.path}: cannot open as an eventwire database ({err})") from err

    def _use_wal(self) -> None:
        """Switch a new database to WAL; SQLite answers "locked" at once, without waiting, while
        another process is creating the same database, so wait here."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as err:
                if not _is_busy(err) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def _busy_error(self) -> StoreError:
        return StoreError(f"{self.path}: the database is locked: another program (another 'eventwire ingest'?) "
                          f"kept it busy for more than {self.timeout:g} s; wait for it to finish, then run this "
                          f"again (what was stored so far stays)")

    def _write_error(self, err: sqlite3.Error) -> StoreError:
        return self._busy_error() if _is_busy(err) else StoreError(f"{self.path}: cannot write ({err})")

    def _begin(self) -> None:
        """Start a write transaction, waiting up to `timeout` for another writer's turn."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise self._write_error(err) from err

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
            self._begin()
            try:
                # another process opening the same new database may have applied it
                # while this one waited for the lock
                if c.execute("SELECT 1 FROM migrations WHERE name=?", (name,)).fetchone():
                    c.execute("ROLLBACK")
                    continue
                if callable(sql):
                    sql(c)
                else:
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
    def content_hashes(self) -> set[str]:
        """The keys of every stored document (a re-run skips their extraction)."""
        return {r[0] for r in self.conn.execute("SELECT content_hash FROM documents")}

    def has_document(self, content_hash: str) -> bool:
        return self.conn.execute("SELECT 1 FROM documents WHERE content_hash=?", (content_hash,)).fetchone() is not None

    def add_document(self, doc: Document, events: list[Event]) -> bool:
        """Store a document and its events in one transaction. False if it was already stored."""
        c = self.conn
        self._begin()
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
                self._merge_in(ev.to_dict(), doc.content_hash, doc.published, doc.doc_id)
            c.execute("COMMIT")
            return True
        except BaseException as err:
            # a Ctrl-C can land after COMMIT: there is nothing left to roll back then
            if c.in_transaction:
                c.execute("ROLLBACK")
            if isinstance(err, sqlite3.OperationalError):
                raise self._write_error(err) from err
            raise

    # ------------------------------------------------------------ merging
    def _merge_in(self, rec: dict[str, Any], content_hash: str, published, doc_id: str | None = None) -> str:
        """Store one document's event; it joins the stored event that is the same incident,
        if any, else it is a new event. Returns the event id it belongs to.

        A report joining an event with a stored state (incremental.py) is folded into it, at a
        cost that does not grow with the event's other reports; any other event is rebuilt
        from all its reports, which gives the same record."""
        from .. import merge
        c = self.conn
        sk = merge.Sketch.of(rec)
        best, best_score = None, merge.THRESHOLD
        for cand_id, other in self._candidates(sk):
            s = merge.score(sk, other)
            if s is not None and (s > best_score or (s == best_score and best is None)):
                best, best_score = cand_id, s
        event_id = best if best is not None else rec["event_id"]
        text = json.dumps(rec, ensure_ascii=False)
        member = json.loads(text)  # as stored, and as a rebuild reads it back
        part = Part(member)
        if not self._states:
            c.execute("INSERT OR REPLACE INTO doc_events(doc_event_id, content_hash, event_id, published, record)"
                      " VALUES (?,?,?,?,?)", (rec["event_id"], content_hash, event_id,
                                              published.isoformat() if published else None, text))
            self._rebuild_event(event_id, changed_by=rec)
            return event_id
        moved = c.execute("SELECT event_id FROM doc_events WHERE doc_event_id=?", (rec["event_id"],)).fetchone()
        if moved is not None:
            # the same id again from another document: its old event keeps its record whole, as
            # it was, and is rebuilt when next touched
            self._unsplit(moved[0])
            c.execute("DELETE FROM event_state WHERE event_id=?", (moved[0],))
        c.execute("INSERT OR REPLACE INTO doc_events(doc_event_id, content_hash, event_id, published, record,"
                  " rank_published, n_claims, claims_chars, reports_chars, report_published, cited, claims_json,"
                  " reports_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                  (rec["event_id"], content_hash, event_id, published.isoformat() if published else None, text,
                   *part.columns(), part.claims_json, part.reports_json))
        state = None
        if moved is None and doc_id is not None and part.doc_id == doc_id:
            state = self._state(event_id)
        if state is not None and not c.execute("SELECT 1 FROM event_reports WHERE event_id=? AND doc_id=?",
                                               (event_id, doc_id)).fetchone():
            self._fold_in(event_id, state, member, part, content_hash)
        else:
            self._rebuild_event(event_id, changed_by=rec)
        return event_id

    def _state(self, event_id: str) -> EventState | None:
        row = self.conn.execute("SELECT state FROM event_state WHERE event_id=?", (event_id,)).fetchone()
        return EventState.from_json(row[0]) if row else None

    def _candidates(self, sk) -> list[tuple[str, Any]]:
        """Stored events that could be the same incident: the same day range, and the same
        place, a place within the merge distance, or the region / country around it.
        Returns the id and merge sketch of each; an event with a state is sketched from it,
        not from its whole record."""
        from .. import merge
        if sk.lo is None or (sk.hi - sk.lo).days > merge.MAX_RANGE_DAYS:
            return []
        where = ["date_start <= ?", "COALESCE(date_end, date_start) >= ?"]
        args: list[Any] = [sk.hi.isoformat(), sk.lo.isoformat()]
        near = []
        if sk.place_id:
            near.append("place_id = ?")
            args.append(sk.place_id)
        if sk.lat is not None:
            deg = max(merge.MAX_KM.values()) / 111.0 * 1.5
            near.append("(lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?)")
            args += [sk.lat - deg, sk.lat + deg, sk.lon - deg * 2, sk.lon + deg * 2]
        if sk.admin1:
            near.append("(admin1 = ? AND geo_precision IN ('region', 'district'))")
            args.append(sk.admin1)
            if sk.precision in ("region", "district"):
                near.append("admin1 = ?")
                args.append(sk.admin1)
        if sk.country:
            near.append("(country = ? AND geo_precision = 'country')")
            args.append(sk.country)
            if sk.precision == "country":
                near.append("country = ?")
                args.append(sk.country)
        if not near:
            return []
        # `record` stays in the query (read only for events without a state) so that SQLite
        # plans it, and orders the candidates, as it always has: the first of equal scores wins
        stated = "EXISTS (SELECT 1 FROM event_state s WHERE s.event_id = events.event_id)" if self._states else "0"
        rows = self.conn.execute(
            "SELECT event_id, CASE WHEN " + stated + " THEN NULL ELSE record END, " +
            ("claims_at, reports_at" if self._split else "NULL, NULL") + " FROM events"
            " WHERE " + " AND ".join(where) + " AND (" + " OR ".join(near) + ") LIMIT 500", args).fetchall()
        return [(row[0], merge.Sketch.of(json.loads(self.record_texts([row])[0])) if row[1] is not None
                 else self._sketch(row[0], sk.docs)) for row in rows]

    def _sketch(self, event_id: str, docs: frozenset):
        """The merge sketch of an event with a state, as merge.Sketch.of its whole record reads
        to score it against a sketch of `docs`: its own `docs` are only those of `docs` its
        reports have (all merge.score reads of them is what they share), so that the cost
        does not grow with its reports."""
        from .. import merge
        sk = merge.Sketch.of(json.loads(self.conn.execute(
            "SELECT sketch FROM event_state WHERE event_id=?", (event_id,)).fetchone()[0]))
        sk.docs = frozenset(d for d in docs if self.conn.execute(
            "SELECT 1 FROM event_reports WHERE event_id=? AND doc_id=?", (event_id, d)).fetchone())
        return sk

    def _rebuild_event(self, event_id: str, changed_by: dict[str, Any] | None = None) -> None:
        """Recompute a stored event from its documents' events, keeping the history of its tolls,
        and store its state (incremental.py) when it can take further reports one at a time."""
        from .. import merge
        c = self.conn
        rows = [(r[0], json.loads(r[1]), r[2]) for r in c.execute(
            "SELECT de.doc_event_id, de.record, d.doc_id"
            " FROM doc_events de LEFT JOIN documents d USING (content_hash) WHERE de.event_id=?", (event_id,))]
        if not rows:
            c.execute("DELETE FROM events WHERE event_id=?", (event_id,))
            if self._states:
                c.execute("DELETE FROM event_state WHERE event_id=?", (event_id,))
            return
        rows.sort(key=lambda r: rank_of(r[1]))
        members = [r[1] for r in rows]
        merged = merge.combine(members)
        # the earliest report names the event; ids it had before stay valid as aliases
        new_id = members[0]["event_id"]
        merged["event_id"] = new_id
        if new_id != event_id:
            c.execute("UPDATE doc_events SET event_id=? WHERE event_id=?", (new_id, event_id))
            c.execute("INSERT OR REPLACE INTO event_aliases(alias_id, event_id) VALUES (?,?)", (event_id, new_id))
            c.execute("UPDATE event_aliases SET event_id=? WHERE event_id=?", (new_id, event_id))
            c.execute("UPDATE value_history SET event_id=? WHERE event_id=?", (new_id, event_id))
            c.execute("DELETE FROM claims WHERE event_id=?", (event_id,))
            c.execute("DELETE FROM event_reports WHERE event_id=?", (event_id,))
            c.execute("DELETE FROM events WHERE event_id=?", (event_id,))
        for m in members:
            if m["event_id"] != new_id:
                c.execute("INSERT OR REPLACE INTO event_aliases(alias_id, event_id) VALUES (?,?)", (m["event_id"], new_id))
        old = self._tolls(new_id)
        layout = self._write_record(merged)
        if changed_by is not None:
            self._record_history(new_id, old, merged, changed_by)
        # a lone report is the event itself; the second is folded in by a rebuild; a state is
        # kept only for an event stored split from its reports (what the state adds to)
        if not self._states or layout is None or len(members) < 2:
            return
        parts, docs = [], set()
        for doc_event_id, m, doc_id in rows:
            part = Part(m)
            parts.append(part if part.doc_id is not None and part.doc_id == doc_id and doc_id not in docs
                         and doc_event_id == m["event_id"] else None)
            docs.add(doc_id)
        if not all(parts):
            return
        state = EventState()
        for m, part in zip(members, parts):
            state.add(m, part)
        state.layout = layout
        c.execute("INSERT OR REPLACE INTO event_state(event_id, state, sketch) VALUES (?,?,?)",
                  (new_id, state.to_json(), dumps(state.sketch_record(merged))))

    def _tolls(self, event_id: str):
        return self.conn.execute("SELECT fatalities_best, fatalities_low, fatalities_high, injuries_best,"
                                 " injuries_low, injuries_high FROM events WHERE event_id=?", (event_id,)).fetchone()

    def _record_history(self, event_id: str, old, merged: dict[str, Any], changed_by: dict[str, Any]) -> None:
        """A row of value_history for each toll the report `changed_by` changed."""
        rep = changed_by["reports"][0] if changed_by["reports"] else {}
        for i, fieldname in enumerate(("fatalities", "injuries")):
            v = merged[fieldname]
            before = tuple(old[3 * i:3 * i + 3]) if old else None
            if before != (v["best"], v["low"], v["high"]) and (old is not None or v["best"] is not None
                                                               or v["low"] is not None):
                self.conn.execute("INSERT INTO value_history(event_id, field, best, low, high, doc_id, source,"
                                  " published) VALUES (?,?,?,?,?,?,?,?)",
                                  (event_id, fieldname, v["best"], v["low"], v["high"], rep.get("doc_id"),
                                   rep.get("source"), rep.get("published")))

    def _fold_in(self, event_id: str, state: EventState, member: dict[str, Any], part: Part,
                 content_hash: str) -> None:
        """One more report of a stored event with a state (its doc_events row, which holds its
        claims and reports, is written): the record a rebuild would write, from the state and
        the new report. Only the record without its claims and reports is written again."""
        c = self.conn
        stored = c.execute("SELECT length(record), claims_at, reports_at FROM events WHERE event_id=?",
                           (event_id,)).fetchone()
        if stored is None or list(stored) != state.layout:  # not as the state says: written by other means
            self._rebuild_event(event_id, changed_by=member)
            return
        state.add(member, part)
        new_id = state.first[1]
        merged = state.record(new_id, lambda field, day: self._cited(event_id, field, day))
        text, at = _head(merged)
        state.layout = [len(text), *at]
        old = self._tolls(new_id)
        if new_id != event_id:
            # the new report is the earliest: the event takes its id, the old one stays an alias
            c.execute("UPDATE doc_events SET event_id=? WHERE event_id=?", (new_id, event_id))
            c.execute("INSERT OR REPLACE INTO event_aliases(alias_id, event_id) VALUES (?,?)", (event_id, new_id))
            c.execute("UPDATE event_aliases SET event_id=? WHERE event_id=?", (new_id, event_id))
            c.execute("UPDATE value_history SET event_id=? WHERE event_id=?", (new_id, event_id))
            self._write_event_row(merged, text, at=at)
            c.execute("UPDATE claims SET event_id=? WHERE event_id=?", (new_id, event_id))
            c.execute("UPDATE event_reports SET event_id=? WHERE event_id=?", (new_id, event_id))
            c.execute("DELETE FROM events WHERE event_id=?", (event_id,))
            c.execute("DELETE FROM event_state WHERE event_id=?", (event_id,))
        else:
            self._write_event_row(merged, text, update=True, at=at)
            if member["event_id"] != new_id:
                c.execute("INSERT OR REPLACE INTO event_aliases(alias_id, event_id) VALUES (?,?)",
                          (member["event_id"], new_id))
        for r in part.reports:
            c.execute("INSERT OR IGNORE INTO event_reports(event_id, content_hash, doc_id) VALUES (?,?,?)",
                      (new_id, content_hash, r["doc_id"]))
        self._insert_claims(new_id, part.claims, {part.doc_id: content_hash})
        self._record_history(new_id, old, merged, member)
        c.execute("INSERT OR REPLACE INTO event_state(event_id, state, sketch) VALUES (?,?,?)",
                  (new_id, state.to_json(), dumps(state.sketch_record(merged))))

    def _cited(self, event_id: str, field: str, day: str | None) -> list[int]:
        """Indexes into an event's claims of those on `field` a contradiction cites (of reports
        dated `day` or later, if given): each report's own indexes, shifted by the claims of the
        reports before it."""
        return [r[0] for r in self.conn.execute(
            "SELECT m.first_claim + j.value FROM (SELECT rank_published, doc_event_id, cited, report_published,"
            " SUM(n_claims) OVER (ORDER BY rank_published, doc_event_id) - n_claims AS first_claim"
            " FROM doc_events WHERE event_id=?) AS m, json_each(m.cited, ?) AS j"
            " WHERE ? IS NULL OR COALESCE(m.report_published, '') >= ?"
            " ORDER BY m.rank_published, m.doc_event_id, j.key", (event_id, f'$."{field}"', day, day))]

    def remerge(self, threshold: float | None = None) -> dict[str, int]:
        """Batch merge over the whole database: re-cluster every document's events from
        scratch (after a change of rules, or a bulk load). Returns counts before and after."""
        from .. import merge
        c = self.conn
        rows = [(r[0], r[1], json.loads(r[2])) for r in c.execute(
            "SELECT doc_event_id, event_id, record FROM doc_events")]
        before = c.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        sketches = [merge.Sketch.of(rec) for _, _, rec in rows]
        groups = merge.cluster(sketches, threshold if threshold is not None else merge.THRESHOLD)
        c.execute("BEGIN IMMEDIATE")
        try:
            old_of = {doc_event_id: event_id for doc_event_id, event_id, _ in rows}
            c.execute("DELETE FROM claims")
            c.execute("DELETE FROM event_reports")
            c.execute("DELETE FROM events")
            if self._states:
                c.execute("DELETE FROM event_state")
            for group in groups:
                recs = [rows[i][2] for i in group]
                new_id = recs[0]["event_id"]
                for i in group:
                    c.execute("UPDATE doc_events SET event_id=? WHERE doc_event_id=?", (new_id, rows[i][0]))
                    for alias in {rows[i][0], old_of[rows[i][0]]} - {new_id}:
                        c.execute("INSERT OR REPLACE INTO event_aliases(alias_id, event_id) VALUES (?,?)", (alias, new_id))
                merged = merge.combine(recs)
                merged["event_id"] = new_id
                self._write_record(merged)
            c.execute("COMMIT")
        except BaseException:
            c.execute("ROLLBACK")
            raise
        return {"doc_events": len(rows), "events_before": before, "events_after": len(groups)}

    # How an event is stored. An event of several reports, whose record is exactly what its
    # reports' parts (incremental.Part) give in the order of their rank, is stored *split*:
    # `events.record` holds the record with its claims and reports arrays empty, claims_at and
    # reports_at where in that text their items go, and each doc_events row holds its report's
    # items (claims_json, reports_json); a report joining such an event writes its own row and a
    # record of constant size, whatever the event's other reports. Any other event (one report,
    # or reports that repeat one another's claims) keeps its whole record, claims_at NULL.
    # Readers put split records together (record_texts): the same text as the whole record.
    def _write_record(self, rec: dict[str, Any], text: str | None = None) -> list[int] | None:
        """Write a whole event record (`text`, its JSON, if at hand), its reports and its claims;
        its state, if any, no longer describes it: the event is rebuilt when a report next joins.
        Returns [length of the stored text, claims_at, reports_at] if it is stored split."""
        c = self.conn
        if self._states:
            c.execute("DELETE FROM event_state WHERE event_id=?", (rec["event_id"],))
        text = text if text is not None else json.dumps(rec, ensure_ascii=False)
        split = self._split_text(rec, text) if self._split else None
        if split is None:
            self._write_event_row(rec, text)
        else:
            self._write_event_row(rec, split[0], at=split[1])
        doc_hash = {}
        for r in c.execute("SELECT content_hash, doc_id FROM documents WHERE content_hash IN "
                           "(SELECT content_hash FROM doc_events WHERE event_id=?)", (rec["event_id"],)):
            doc_hash.setdefault(r[1], r[0])
        c.execute("DELETE FROM event_reports WHERE event_id=?", (rec["event_id"],))
        for r in rec["reports"]:
            if r["doc_id"] in doc_hash:
                c.execute("INSERT OR IGNORE INTO event_reports(event_id, content_hash, doc_id) VALUES (?,?,?)",
                          (rec["event_id"], doc_hash[r["doc_id"]], r["doc_id"]))
        c.execute("DELETE FROM claims WHERE event_id=?", (rec["event_id"],))
        self._insert_claims(rec["event_id"], rec["claims"], doc_hash)
        return None if split is None else [len(split[0]), *split[1]]

    def _split_text(self, rec: dict[str, Any], text: str) -> tuple[str, tuple[int, int]] | None:
        """The record `rec` (`text` as JSON) without its claims and reports, and where their items
        go, if its event's reports give exactly those items; else None (it is stored whole)."""
        parts = _parts(self.conn, rec["event_id"])
        if len(parts) < 2 or not isinstance(rec.get("claims"), list) or not isinstance(rec.get("reports"), list):
            return None
        whole, _ = record_text(rec, ", ".join(p[0] for p in parts if p[0]), ", ".join(p[1] for p in parts if p[1]))
        return _head(rec) if whole == text else None

    def _unsplit(self, event_id: str) -> None:
        """Store an event's record whole (before one of its reports leaves it)."""
        if not self._split:
            return
        row = self.conn.execute(f"SELECT {self.record_columns} FROM events WHERE event_id=? AND claims_at IS NOT NULL",
                                (event_id,)).fetchone()
        if row is not None:
            self.conn.execute("UPDATE events SET record=?, claims_at=NULL, reports_at=NULL WHERE event_id=?",
                              (self.record_texts([row])[0], event_id))

    def record_texts(self, rows: list, _again: bool = True) -> list[str]:
        """Each event's record as JSON text (the SCHEMA.md record, as it was written), from rows of
        `record_columns` (event_id, record, claims_at, reports_at). A split record is read again
        with its reports' claims and reports, all in one statement (one snapshot, so a report
        another connection folds in meanwhile is either wholly in it or not), for all the rows
        at once."""
        split = [r[0] for r in rows if r[2] is not None]
        got: dict[str, list] = {}
        for i in range(0, len(split), 900):  # below SQLite's limit of bound parameters
            chunk = split[i:i + 900]
            for event_id, record, claims_at, reports_at, claims, reports in self.conn.execute(
                    "SELECT e.event_id, e.record, e.claims_at, e.reports_at, d.claims_json, d.reports_json"
                    " FROM events e JOIN doc_events d ON d.event_id = e.event_id WHERE e.event_id IN (" +
                    ",".join("?" * len(chunk)) + ") ORDER BY e.event_id, d.rank_published, d.doc_event_id", chunk):
                have = got.setdefault(event_id, [record, claims_at, reports_at, [], []])
                if claims:
                    have[3].append(claims)
                if reports:
                    have[4].append(reports)
        out = []
        for row in rows:
            event_id, record = row[0], row[1]
            if row[2] is None:
                out.append(record)
                continue
            if event_id not in got:
                # another connection gave the event another id meanwhile (or took it apart): its
                # record as it is now, else as it was listed, without its reports
                current = self.resolve_id(event_id) if _again else None
                again = self.conn.execute(f"SELECT {self.record_columns} FROM events WHERE event_id=?",
                                          (current,)).fetchone() if current else None
                out.append(self.record_texts([again], _again=False)[0] if again else record)
                continue
            record, claims_at, reports_at, claims, reports = got[event_id]
            if claims_at is None:  # stored whole meanwhile
                out.append(record)
                continue
            cuts = sorted([(claims_at, ", ".join(claims)), (reports_at, ", ".join(reports))])
            out.append(record[:cuts[0][0]] + cuts[0][1] + record[cuts[0][0]:cuts[1][0]] + cuts[1][1] +
                       record[cuts[1][0]:])
        return out

    def _write_event_row(self, rec: dict[str, Any], text: str, update: bool = False,
                         at: tuple[int, int] | list[int] | None = None) -> None:
        """The events row of a record (and its place) with `text`, the record as JSON (split from
        its claims and reports if `at` says where they go). An update keeps the row, and with it
        the claims and reports that point at it."""
        c = self.conn
        loc = rec["location"]
        if loc.get("place_id"):
            c.execute("INSERT OR IGNORE INTO places(place_id, name, admin1, country, lat, lon, precision)"
                      " VALUES (?,?,?,?,?,?,?)", (loc["place_id"], loc["name"], loc["admin1"], loc["country"],
                                                 loc["lat"], loc["lon"], loc["precision"]))
        columns = ("event_type, sub_event_type, date_start, date_end, date_precision, place_id, location_name,"
                   " admin1, country, lat, lon, geo_precision, actor1, actor2, fatalities_best, fatalities_low,"
                   " fatalities_high, injuries_best, injuries_low, injuries_high, contested, notes, record")
        values = (rec["event_type"], rec["sub_event_type"], rec["date"]["start"], rec["date"]["end"],
                  rec["date"]["precision"], loc.get("place_id"), loc.get("name"), loc.get("admin1"), loc.get("country"),
                  loc.get("lat"), loc.get("lon"), loc.get("precision"), rec["actor1"]["name"], rec["actor2"]["name"],
                  rec["fatalities"]["best"], rec["fatalities"]["low"], rec["fatalities"]["high"],
                  rec["injuries"]["best"], rec["injuries"]["low"], rec["injuries"]["high"],
                  int(bool(rec["contradictions"])), rec["notes"], text)
        if self._split:
            columns += ", claims_at, reports_at"
            values += tuple(at) if at is not None else (None, None)
        if update:
            c.execute("UPDATE events SET " + ", ".join(f"{col.strip()}=?" for col in columns.split(",")) +
                      " WHERE event_id=?", (*values, rec["event_id"]))
        else:
            c.execute("INSERT OR REPLACE INTO events(event_id, " + columns + ") VALUES (?" + ",?" * len(values) + ")",
                      (rec["event_id"], *values))

    def _insert_claims(self, event_id: str, claims: list[dict[str, Any]], doc_hash: dict[str, str]) -> None:
        self.conn.executemany(
            "INSERT INTO claims(event_id, content_hash, doc_id, field, value, source, claimant, span_start, span_end, quote)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(event_id, doc_hash.get(cl["doc_id"], ""), cl["doc_id"], cl["field"],
              json.dumps(cl["value"], ensure_ascii=False), cl["source"], cl["claimant"], cl["span"][0], cl["span"][1],
              cl["quote"]) for cl in claims])

    def add_skipped(self, origin: str, reason: str) -> None:
        try:
            self.conn.execute("INSERT OR REPLACE INTO skipped(origin, reason) VALUES (?,?)", (origin, reason))
        except sqlite3.OperationalError as err:
            raise self._write_error(err) from err

    # ------------------------------------------------------------ reads
    def events(self, *, place: str | None = None, since: str | None = None, until: str | None = None,
               event_type: str | None = None, contested: bool = False, limit: int | None = None,
               offset: int = 0) -> Iterator[dict[str, Any]]:
        sql, args = self._event_filter(place=place, since=since, until=until, event_type=event_type,
                                       contested=contested)
        sql = f"SELECT {self.record_columns} FROM events" + sql + " ORDER BY date_start IS NULL, date_start, event_id"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        cursor = self.conn.execute(sql, args)
        while rows := cursor.fetchmany(500):
            for text in self.record_texts(rows):
                yield json.loads(text)

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

    def resolve_id(self, event_id: str) -> str | None:
        """The current id of an event, following ids it had before reports joined it."""
        if self.conn.execute("SELECT 1 FROM events WHERE event_id=?", (event_id,)).fetchone():
            return event_id
        row = self.conn.execute("SELECT event_id FROM event_aliases WHERE alias_id=?", (event_id,)).fetchone()
        return row[0] if row else None

    def event(self, event_id: str) -> dict[str, Any] | None:
        current = self.resolve_id(event_id)
        if current is None:
            return None
        row = self.conn.execute(f"SELECT {self.record_columns} FROM events WHERE event_id=?", (current,)).fetchone()
        return json.loads(self.record_texts([row])[0]) if row else None

    def history(self, event_id: str) -> list[dict[str, Any]]:
        """Each change of an event's fatalities and injuries, with the report that changed it."""
        current = self.resolve_id(event_id) or event_id
        cols = ("field", "best", "low", "high", "doc_id", "source", "published", "at")
        return [dict(zip(cols, r)) for r in self.conn.execute(
            "SELECT field, best, low, high, doc_id, source, published, at FROM value_history"
            " WHERE event_id=? ORDER BY id", (current,))]

    def counts(self) -> dict[str, int]:
        q = lambda t: self.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        return {"documents": q("documents"), "events": q("events"), "claims": q("claims"),
                "reports": q("doc_events"),
                "places": q("places"), "skipped": q("skipped")}

    def skipped(self) -> list[tuple[str, str]]:
        return [(r[0], r[1]) for r in self.conn.execute("SELECT origin, reason FROM skipped ORDER BY origin")]


def _head(rec: dict[str, Any]) -> tuple[str, tuple[int, int]]:
    """A record as JSON with its claims and reports arrays empty, and where their items go."""
    text, layout = record_text(rec, "", "")
    return text, (layout["claims"][0], layout["reports"][0])


def _parts(conn: sqlite3.Connection, event_id: str) -> list[tuple[str, str]]:
    """The claims and reports (JSON array items) of each report of an event, in the order of
    their rank; the items of reports stored before there were any are filled in first."""
    for doc_event_id, record in conn.execute("SELECT doc_event_id, record FROM doc_events"
                                             " WHERE event_id=? AND claims_json IS NULL", (event_id,)).fetchall():
        _fill_part(conn, doc_event_id, record)
    return conn.execute("SELECT claims_json, reports_json FROM doc_events WHERE event_id=?"
                        " ORDER BY rank_published, doc_event_id", (event_id,)).fetchall()


def _fill_part(conn: sqlite3.Connection, doc_event_id: str, record: str) -> None:
    part = Part(json.loads(record))
    conn.execute("UPDATE doc_events SET rank_published=?, n_claims=?, claims_chars=?, reports_chars=?,"
                 " report_published=?, cited=?, claims_json=?, reports_json=? WHERE doc_event_id=?",
                 (*part.columns(), part.claims_json, part.reports_json, doc_event_id))


def split_stored(conn: sqlite3.Connection) -> None:
    """Migration 0005: each report's claims and reports on its doc_events row, and each event
    whose record they give exactly stored split from them (see Store._write_record)."""
    for doc_event_id, record in conn.execute("SELECT doc_event_id, record FROM doc_events"
                                             " WHERE claims_json IS NULL").fetchall():
        _fill_part(conn, doc_event_id, record)
    several = [r[0] for r in conn.execute("SELECT event_id FROM doc_events GROUP BY event_id HAVING COUNT(*) > 1")]
    for event_id in several:
        row = conn.execute("SELECT record FROM events WHERE event_id=?", (event_id,)).fetchone()
        if row is None:
            continue
        rec = json.loads(row[0])
        if not isinstance(rec.get("claims"), list) or not isinstance(rec.get("reports"), list):
            continue
        parts = _parts(conn, event_id)
        whole, _ = record_text(rec, ", ".join(p[0] for p in parts if p[0]), ", ".join(p[1] for p in parts if p[1]))
        if whole == row[0]:
            head, at = _head(rec)
            conn.execute("UPDATE events SET record=?, claims_at=?, reports_at=? WHERE event_id=?",
                         (head, *at, event_id))


def _is_busy(err: sqlite3.Error) -> bool:
    return "locked" in str(err) or "busy" in str(err)
