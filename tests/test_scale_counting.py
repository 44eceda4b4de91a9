"""Counting holds at scale: 10,000 files, good ones and every kind of bad one, through the
real `eventwire ingest`: read + skipped = given, each bad input is in the summary and the
`skipped` table with its reason, and every good document's events are stored."""
from __future__ import annotations

import re
import sqlite3

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from test_bad_input import _write, good_text, write_corpus

FILES = 10_000
BAD_SETS = 100  # each: every kind of bad input once, and a few good ones around them


@pytest.mark.slow
def test_ten_thousand_files_read_plus_skipped_equals_given(tmp_path):
    folder = tmp_path / "in"
    expected = []
    for n in range(BAD_SETS):
        expected += write_corpus(folder, n, depth=300)
    files = sum(1 for p in folder.rglob("*") if p.is_file() or p.is_symlink() or p.is_fifo())
    start = 100 * BAD_SETS
    for i in range(FILES - files):
        path = _write(folder / "plain" / f"{i // 1000:02d}" / f"d{i:05d}.txt", good_text(start + i))
        expected.append(type(expected[0])(str(path), "good text", None, good_text(start + i)))
    files = sum(1 for p in folder.rglob("*") if p.is_file() or p.is_symlink() or p.is_fifo())
    assert files >= FILES
    db = tmp_path / "ew.db"

    res = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db)])
    assert res.exit_code == 0, res.output[-2000:]
    read = int(re.search(r"^documents read: (\d+) \((\d+) new", res.stdout, re.M).group(1))
    skipped = int(re.search(r"^skipped: (\d+)$", res.stdout, re.M).group(1))
    good = [e for e in expected if e.reason is None]
    bad = [e for e in expected if e.reason]
    assert read + skipped == len(expected)
    assert (read, skipped) == (len(good), len(bad))

    con = sqlite3.connect(db)
    table = dict(con.execute("SELECT origin, reason FROM skipped"))
    assert len(table) == len(bad)
    for e in bad:
        assert table[e.origin].startswith(e.reason), (e.kind, e.origin, table[e.origin])
    docs = dict(con.execute("SELECT origin, content_hash FROM documents"))
    assert set(docs) == {e.origin for e in good}
    with_events = {r[0] for r in con.execute("SELECT DISTINCT content_hash FROM event_reports")}
    with_claims = {r[0] for r in con.execute("SELECT DISTINCT content_hash FROM claims")}
    lacking = [o for o, h in docs.items() if h not in with_events or h not in with_claims]
    assert lacking == [], f"{len(lacking)} good documents without stored events, e.g. {lacking[:3]}"
    stored = dict(con.execute("SELECT origin, raw FROM documents"))
    con.close()
    assert all(stored[e.origin] == e.text for e in good if e.text is not None)
    print(f"\n{files} files, {len(expected)} inputs: {read} read, {skipped} skipped")
