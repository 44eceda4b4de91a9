"""Crash safety: `eventwire ingest` killed at random moments never corrupts the database,
never loses or duplicates a committed document, and a re-run ends with exactly the
database an uninterrupted run gives. Ctrl-C (and SIGTERM) stop cleanly and say how far
the run got.

The SIGKILL test kills a real `eventwire ingest` subprocess at seeded random delays over a
folder of a few hundred small files (good ones and every kind of bad one), chaining runs
on one database until a run finishes, then compares a canonical dump of every table
(rows sorted, timestamp columns left out) with an uninterrupted run. It covers as many
kill points as fit in EVENTWIRE_CRASH_SECONDS (60 by default); the count is printed:

    .venv/bin/pytest tests/test_crash_safety.py -s -k sigkill
    EVENTWIRE_CRASH_SECONDS=600 EVENTWIRE_CRASH_SEED=7 .venv/bin/pytest tests/test_crash_safety.py -s -k sigkill
"""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from test_bad_input import _write, good_text, write_corpus

CRASH_SECONDS = float(os.environ.get("EVENTWIRE_CRASH_SECONDS", "60"))
CRASH_SEED = int(os.environ.get("EVENTWIRE_CRASH_SEED", "20261123"))
CRASH_CHAINS = int(os.environ.get("EVENTWIRE_CRASH_CHAINS", str(min(4, os.cpu_count() or 1))))


# -- helpers shared with test_concurrency.py --------------------------------------------------

def canonical_dump(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without the columns that record wall-clock time.

    A full-text index is compared by its rows (with rowids), not by the shadow tables
    that hold its b-tree segments.
    """
    con = sqlite3.connect(db)
    try:
        tables = con.execute("SELECT name, sql FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                             "ORDER BY name").fetchall()
        virtual = [name for name, sql in tables if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
        out = {}
        for t, _ in tables:
            if any(t.startswith(v + "_") for v in virtual):
                continue
            if t in virtual:
                out[t] = sorted(con.execute(f"SELECT rowid, * FROM {t}").fetchall(), key=repr)
                continue
            cols = [c[1] for c in con.execute(f"PRAGMA table_info({t})")
                    if not (c[4] and ("strftime" in c[4] or "current_" in c[4].lower()))]
            rows = con.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall()
            out[t] = sorted(rows, key=repr)
        return out
    finally:
        con.close()


def dump_diff(got: dict[str, list[tuple]], want: dict[str, list[tuple]], rows: int = 3) -> str:
    """A few rows each side of every table that differs, for the failure message."""
    def show(rs: set) -> list[str]:
        return [repr(r)[:300] for r in sorted(rs, key=repr)[:rows]]
    out = []
    for t in sorted(set(got) | set(want)):
        a, b = set(got.get(t, [])), set(want.get(t, []))
        if a != b:
            out.append(f"{t}: {len(a - b)} rows only here, e.g. {show(a - b)}; "
                       f"{len(b - a)} only in the reference, e.g. {show(b - a)}")
    return "\n".join(out)


def assert_same(db: Path, reference: dict[str, list[tuple]]) -> None:
    got = canonical_dump(db)
    if got != reference:
        pytest.fail(f"{db.name} differs from the reference:\n{dump_diff(got, reference)}", pytrace=False)


def check_integrity(db: Path) -> None:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()


def stored_origins(db: Path) -> tuple[set[str], set[str]]:
    """(origins of stored documents, origins in the skipped table); empty before the schema exists."""
    if not db.exists():
        return set(), set()
    con = sqlite3.connect(db)
    try:
        have = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "documents" not in have or "skipped" not in have:
            return set(), set()
        return ({r[0] for r in con.execute("SELECT origin FROM documents")},
                {r[0] for r in con.execute("SELECT origin FROM skipped")})
    finally:
        con.close()


def claims_by_document(db: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(db)
    try:
        out: dict[str, list[tuple]] = {}
        for row in con.execute("SELECT content_hash, field, value, source, claimant, span_start, span_end, quote "
                               "FROM claims"):
            out.setdefault(row[0], []).append(row[1:])
        return {k: sorted(v, key=repr) for k, v in out.items()}
    finally:
        con.close()


def ingest_cmd(folder: Path, db: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "eventwire.cli", "ingest", str(folder), "--db", str(db), *extra]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["EVENTWIRE_CONFIG"] = os.devnull  # no user settings file changes the run
    return env


def run_to_end(folder: Path, db: Path, cwd: Path) -> subprocess.CompletedProcess:
    res = subprocess.run(ingest_cmd(folder, db), cwd=cwd, env=child_env(), capture_output=True, text=True,
                         timeout=600)
    assert res.returncode == 0, res.stderr
    return res


def make_folder(root: Path, good: int = 120, bad_sets: int = 1) -> Path:
    folder = root / "in"
    for i in range(good):
        _write(folder / "good" / f"d{i:04d}.txt", good_text(i))
    for n in range(1, bad_sets + 1):
        write_corpus(folder, n, huge=n == 1)
    return folder


def input_order(folder: Path) -> list[str]:
    """The origins of the inputs in the order ingest handles them."""
    from eventwire.pipeline import Pipeline
    return [r.origin for r in Pipeline().run([str(folder)])]


# -- SIGKILL at random moments ----------------------------------------------------------------

def count_stored(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT (SELECT COUNT(*) FROM documents) + (SELECT COUNT(*) FROM skipped)").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:  # not created yet, or the schema not yet there
        return 0


def kill_after(proc: subprocess.Popen, *, delay: float = 0.0, db: Path | None = None, stored: int = 0,
               jitter: float = 0.0) -> None:
    """SIGKILL `proc` after `delay`, or once `db` holds `stored` inputs and `jitter` more
    seconds have passed; leave it be if it finishes first."""
    if db is not None:
        while proc.poll() is None and count_stored(db) < stored:
            time.sleep(0.003)
        delay = jitter
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()


@pytest.mark.slow
def test_sigkill_at_random_moments_never_corrupts_loses_or_duplicates(tmp_path):
    folder = make_folder(tmp_path)
    order = input_order(folder)
    t0 = time.monotonic()
    ref = tmp_path / "reference.db"
    run_to_end(folder, ref, tmp_path)
    full_run = time.monotonic() - t0
    reference = canonical_dump(ref)
    ref_claims = claims_by_document(ref)
    (tmp_path / "nothing").mkdir()
    t0 = time.monotonic()
    subprocess.run(ingest_cmd(tmp_path / "nothing", tmp_path / "startup.db"), cwd=tmp_path, env=child_env(),
                   capture_output=True)
    startup = time.monotonic() - t0

    deadline = time.monotonic() + CRASH_SECONDS
    # one chain of runs per core, each on its own database, so a 2-core machine kills twice as often
    chains = [KillChain(k, folder, order, reference, ref_claims, startup, tmp_path) for k in range(CRASH_CHAINS)]
    threads = [threading.Thread(target=c.run, args=(deadline,)) for c in chains]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for c in chains:
        if c.error is not None:
            raise c.error
    kills, mid_write, finished = (sum(getattr(c, a) for c in chains) for a in ("kills", "mid_write", "finished"))
    print(f"\nSIGKILL crash test (seed {CRASH_SEED}, {CRASH_CHAINS} chains): {kills} kill points, {mid_write} of "
          f"them after new documents were committed in that run; {finished} re-runs to the end, each equal to "
          f"the reference database ({len(order)} inputs, full run {full_run:.1f} s, start-up {startup:.1f} s)")
    assert kills >= 3


class KillChain:
    """Runs `eventwire ingest` on one database again and again, killing most runs; checks
    the database after each, and against the reference whenever a run finishes."""

    def __init__(self, k: int, folder: Path, order: list[str], reference, ref_claims, startup: float, tmp: Path):
        self.k, self.folder, self.order, self.tmp = k, folder, order, tmp
        self.reference, self.ref_claims, self.startup = reference, ref_claims, startup
        self.rnd = random.Random(CRASH_SEED * 100 + k)
        self.kills = self.mid_write = self.finished = 0
        self.error: BaseException | None = None
        self.n = 0

    def run(self, deadline: float) -> None:
        try:
            db = self.new_db()
            seen: set[str] = set()
            while time.monotonic() < deadline or self.kills == 0:
                if self.one_run(db, seen):
                    db, seen = self.new_db(), set()
                else:
                    seen = stored_origins(db)[0]
            # finish the chain under way: the re-run ends with the uninterrupted run's database
            run_to_end(self.folder, db, self.tmp)
            check_integrity(db)
            assert_same(db, self.reference)
            self.finished += 1
        except BaseException as err:  # raised again in the test's thread
            self.error = err

    def new_db(self) -> Path:
        self.n += 1
        return self.tmp / f"chain{self.k}-{self.n}.db"

    def one_run(self, db: Path, seen_docs: set[str]) -> bool:
        """One run, killed or not; True when it finished."""
        rnd, order = self.rnd, self.order
        docs, skipped = stored_origins(db)
        proc = subprocess.Popen(ingest_cmd(self.folder, db), cwd=self.tmp, env=child_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if rnd.random() < 0.15:
            # during start-up: opening the database, creating the schema, loading the gazetteer
            kill_after(proc, delay=rnd.uniform(0, self.startup))
        else:
            # among the writes: once the run has stored up to a random input, after a
            # random few milliseconds more (inside or between transactions); a target
            # past the last input lets the run finish
            target = rnd.randint(len(docs) + len(skipped) + 1, len(order) + 1)
            kill_after(proc, db=db, stored=target, jitter=rnd.uniform(0, 0.03))
        finished = proc.returncode == 0
        if not finished:
            assert proc.returncode == -signal.SIGKILL, proc.returncode
            self.kills += 1
        if db.exists():
            check_integrity(db)
        docs, skipped = stored_origins(db)
        # nothing committed is lost, nothing is half-written, and what is stored is
        # exactly the inputs up to some point of the run
        assert seen_docs <= docs, "a committed document disappeared"
        self.mid_write += bool(docs - seen_docs) and not finished
        stored = docs | skipped
        assert stored == set(order[:len(stored)]), "stored inputs are not a prefix of the run"
        if docs:
            claims = claims_by_document(db)
            con = sqlite3.connect(db)
            hashes = [r[0] for r in con.execute("SELECT content_hash FROM documents")]
            con.close()
            for h in hashes:
                assert claims.get(h) == self.ref_claims.get(h), "a stored document lacks some of its claims"
        if finished:
            assert_same(db, self.reference)
            self.finished += 1
        return finished


# -- Ctrl-C and SIGTERM -----------------------------------------------------------------------

def wait_for_documents(db: Path, proc: subprocess.Popen, at_least: int = 1, timeout: float = 120) -> int:
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        docs, _ = stored_origins(db)
        if len(docs) >= at_least:
            return len(docs)
        time.sleep(0.02)
    raise AssertionError("ingest stored nothing before the deadline")


INTERRUPT_DOCS = 200


@pytest.fixture(scope="module")
def folder_and_reference(tmp_path_factory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("interrupt")
    for i in range(INTERRUPT_DOCS):
        _write(root / "in" / f"d{i:04d}.txt", good_text(i))
    run_to_end(root / "in", root / "reference.db", root)
    return root / "in", canonical_dump(root / "reference.db")


@pytest.mark.slow
@pytest.mark.parametrize("sig,workers", [(signal.SIGINT, "1"), (signal.SIGTERM, "1"), (signal.SIGINT, "2")],
                         ids=["ctrl-c", "sigterm", "ctrl-c-with-2-workers"])
def test_interrupt_stops_cleanly_says_how_far_and_a_rerun_finishes(tmp_path, sig, workers, folder_and_reference):
    folder, reference = folder_and_reference
    db = tmp_path / "ew.db"
    # its own process group, as a terminal's Ctrl-C reaches the whole group (workers too)
    # Ctrl-C as a terminal delivers it: a test run started in the background (`cmd &` in a
    # script) hands its children SIGINT ignored, and Python then keeps it ignored
    proc = subprocess.Popen(ingest_cmd(folder, db, "--workers", workers), cwd=tmp_path, env=child_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    wait_for_documents(db, proc, at_least=5)
    os.killpg(proc.pid, sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert "interrupted after " in err and "everything stored so far is kept in" in err
    assert "run the same command again to finish" in err
    check_integrity(db)
    docs, _ = stored_origins(db)
    assert 5 <= len(docs) < INTERRUPT_DOCS
    run_to_end(folder, db, tmp_path)
    assert_same(db, reference)


def test_ctrl_c_right_after_a_commit_is_not_an_error(tmp_path):
    """Regression: an interrupt landing between COMMIT and return made ROLLBACK raise
    "no transaction is active", hiding the interrupt behind a traceback."""
    from eventwire.model import Document
    from eventwire.store import Store
    store = Store(tmp_path / "ew.db")
    real_execute = store.conn.execute

    class Conn:
        in_transaction = property(lambda self: store_conn.in_transaction)

        def execute(self, sql, *args):
            cur = real_execute(sql, *args)
            if sql == "COMMIT":
                raise KeyboardInterrupt
            return cur

        def __getattr__(self, name):
            return getattr(store_conn, name)
    store_conn = store.conn
    store.conn = Conn()
    with pytest.raises(KeyboardInterrupt):
        store.add_document(Document("a", good_text(1)), [])
    store.conn = store_conn
    assert store.counts()["documents"] == 1
    store.close()


def test_a_rerun_counts_stored_documents_without_extracting_them_again(tmp_path, monkeypatch):
    """What makes "run the same command again to finish" cheap after an interruption."""
    from click.testing import CliRunner

    from eventwire.cli import main
    from eventwire.pipeline import Pipeline
    folder = tmp_path / "in"
    for i in range(6):
        _write(folder / f"d{i}.txt", good_text(i))
    _write(folder / "empty.txt", "")
    db = tmp_path / "ew.db"
    assert CliRunner().invoke(main, ["ingest", str(folder / "d0.txt"), str(folder / "d1.txt"),
                                     "--db", str(db)]).exit_code == 0
    processed = []
    real = Pipeline.process
    monkeypatch.setattr(Pipeline, "process", lambda self, doc: processed.append(doc.origin) or real(self, doc))
    res = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db)])
    assert res.exit_code == 0
    assert "documents read: 6 (4 new, 2 already stored)" in res.stdout and "skipped: 1" in res.stdout
    assert sorted(processed) == [str(folder / f"d{i}.txt") for i in range(2, 6)]
