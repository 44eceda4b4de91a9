"""Concurrency: reading while `ingest` writes (WAL); two ingests on one database take turns,
document by document, or one gives up with a clear message; nothing is ever half-written."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.errors import StoreError
from eventwire.model import Document
from eventwire.store import Store
from eventwire.store import sqlite as store_sqlite
from test_bad_input import _write, good_text
from test_crash_safety import check_integrity, child_env, ingest_cmd, run_to_end, stored_origins


def folder_of(root: Path, n: int, start: int = 0) -> Path:
    for i in range(start, start + n):
        _write(root / f"d{i:04d}.txt", good_text(i))
    return root


def snapshot_problems(con: sqlite3.Connection) -> list[str]:
    """What a reader would see half-written, read in one transaction (one snapshot)."""
    con.execute("BEGIN")
    try:
        problems = []
        bare = con.execute("SELECT COUNT(*) FROM documents d WHERE NOT EXISTS "
                           "(SELECT 1 FROM event_reports r WHERE r.content_hash = d.content_hash)").fetchone()[0]
        if bare:
            problems.append(f"{bare} documents without their events")
        orphan = con.execute("SELECT COUNT(*) FROM events e WHERE NOT EXISTS "
                             "(SELECT 1 FROM claims c WHERE c.event_id = e.event_id)").fetchone()[0]
        if orphan:
            problems.append(f"{orphan} events without claims")
        return problems
    finally:
        con.execute("COMMIT")


def logical_content(db: Path) -> dict[str, set]:
    """What two runs must agree on whatever order they wrote in (no row ids, no times); each
    event's record as readers get it."""
    con = sqlite3.connect(db)
    store = Store(db, readonly=True)
    try:
        return {
            "documents": set(con.execute("SELECT content_hash, doc_id, origin, raw FROM documents")),
            "events": {(e["event_id"], json.dumps(e, ensure_ascii=False)) for e in store.events()},
            "claims": set(con.execute("SELECT event_id, content_hash, field, value, span_start, span_end, quote "
                                      "FROM claims")),
            "reports": set(con.execute("SELECT event_id, content_hash FROM event_reports")),
        }
    finally:
        store.close()
        con.close()


@pytest.mark.slow
def test_readers_see_whole_documents_while_ingest_writes(tmp_path):
    folder = folder_of(tmp_path / "in", 200)
    db = tmp_path / "ew.db"
    proc = subprocess.Popen(ingest_cmd(folder, db), cwd=tmp_path, env=child_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    seen: list[int] = []
    problems: list[str] = []
    try:
        while proc.poll() is None:
            if not db.exists():
                time.sleep(0.01)
                continue
            try:
                store = Store(db, readonly=True)
            except StoreError:  # the schema is being created
                time.sleep(0.01)
                continue
            with store:
                try:
                    n = store.counts()["documents"]
                    list(store.events(limit=50))
                    problems += snapshot_problems(store.conn)
                except sqlite3.OperationalError as err:
                    if "no such table" in str(err):
                        continue
                    raise
                seen.append(n)
    finally:
        _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert problems == []
    assert seen == sorted(seen), "a reader saw documents disappear"
    assert len(set(seen)) > 3, f"the reader never overlapped the writer: {seen[:5]}"
    assert Store(db, readonly=True).counts()["documents"] == 200


@pytest.mark.slow
def test_two_ingests_on_one_database_take_turns_and_store_each_document_once(tmp_path):
    folder = folder_of(tmp_path / "in", 150)
    ref = tmp_path / "reference.db"
    run_to_end(folder, ref, tmp_path)
    db = tmp_path / "ew.db"
    procs = [subprocess.Popen(ingest_cmd(folder, db), cwd=tmp_path, env=child_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, (out, err)   # the summary (stdout) lists why inputs were skipped
    new = [int(out.split("(")[1].split(" new")[0]) for out, _ in outs]
    assert sum(new) == 150, outs
    check_integrity(db)
    assert logical_content(db) == logical_content(ref)


@pytest.mark.slow
def test_two_ingests_of_different_folders_both_finish(tmp_path):
    a = folder_of(tmp_path / "a", 80)
    b = folder_of(tmp_path / "b", 80, start=80)
    db = tmp_path / "ew.db"
    procs = [subprocess.Popen(ingest_cmd(f, db), cwd=tmp_path, env=child_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for f in (a, b)]
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
        assert "documents read: 80 (80 new" in out
    check_integrity(db)
    assert Store(db, readonly=True).counts()["documents"] == 160


class WriteLock:
    """Another writer: takes the database's write lock (once it holds enough documents) and
    keeps it until released."""

    def __init__(self, db: Path, after_documents: int = 0, hold_at_most: float = 60):
        self.taken, self.release = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._hold, args=(db, after_documents, hold_at_most), daemon=True)
        self.thread.start()
        if not after_documents:
            assert self.taken.wait(10)

    def _hold(self, db: Path, after_documents: int, hold_at_most: float) -> None:
        while len(stored_origins(db)[0]) < after_documents and not self.release.is_set():
            time.sleep(0.005)
        con = sqlite3.connect(db, isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        self.taken.set()
        self.release.wait(hold_at_most)
        con.execute("ROLLBACK")
        con.close()

    def __enter__(self) -> "WriteLock":
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.thread.join()


def test_a_writer_that_keeps_the_lock_too_long_gives_a_clear_error_at_start(tmp_path, monkeypatch):
    monkeypatch.setattr(store_sqlite, "LOCK_TIMEOUT", 0.3)
    db = tmp_path / "ew.db"
    Store(db).close()
    folder = folder_of(tmp_path / "in", 3)
    with WriteLock(db):
        res = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db)])
    assert res.exit_code == 2, res.output
    assert "the database is locked: another program (another 'eventwire ingest'?) kept it busy for more than " \
           "0.3 s; wait for it to finish, then run this again" in res.stderr
    assert "Traceback" not in res.output


@pytest.mark.slow
def test_a_writer_that_takes_the_lock_mid_run_stops_the_run_cleanly(tmp_path, monkeypatch):
    monkeypatch.setattr(store_sqlite, "LOCK_TIMEOUT", 0.3)
    folder = folder_of(tmp_path / "in", 300)
    db = tmp_path / "ew.db"
    with WriteLock(db, after_documents=5) as lock:
        res = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db)])
        assert lock.taken.is_set()
    assert res.exit_code == 2, res.output
    assert "error: " in res.stderr and "the database is locked" in res.stderr
    assert "stopped after " in res.stderr
    check_integrity(db)
    con = sqlite3.connect(db)
    assert snapshot_problems(con) == []
    con.close()
    res = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db)])
    assert res.exit_code == 0 and "documents read: 300" in res.stdout


def test_store_gives_a_store_error_not_a_sqlite_one_when_locked(tmp_path):
    db = tmp_path / "ew.db"
    Store(db).close()
    store = Store(db, timeout=0.2)
    with WriteLock(db):
        with pytest.raises(StoreError, match="locked"):
            store.add_document(Document("a", good_text(1)), [])
        with pytest.raises(StoreError, match="locked"):
            store.add_skipped("x.txt", "empty file")
    assert store.add_document(Document("a", good_text(1)), [])
    store.close()


def test_a_read_only_store_opens_while_a_writer_holds_the_lock(tmp_path):
    db = tmp_path / "ew.db"
    with Store(db) as s:
        s.add_document(Document("a", good_text(1)), [])
    with WriteLock(db), Store(db, readonly=True) as r:
        assert r.counts()["documents"] == 1


def test_two_processes_creating_one_new_database_at_once_both_succeed(tmp_path):
    """Regression: both read the list of applied migrations, one applied them while the other
    waited for the lock, and the other then failed on "table doc_events already exists"."""
    import sys
    db = tmp_path / "new.db"
    code = ("import sys; from eventwire.store import Store; Store(sys.argv[1]).close()")
    for _ in range(8):  # before the fix, about 1 round in 2 failed
        for f in tmp_path.glob("new.db*"):
            f.unlink()
        procs = [subprocess.Popen([sys.executable, "-c", code, str(db)], stderr=subprocess.PIPE, text=True)
                 for _ in range(6)]
        for p in procs:
            _, err = p.communicate(timeout=120)
            assert p.returncode == 0, err
        check_integrity(db)
