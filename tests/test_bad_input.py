"""Every kind of bad input a scraped folder holds: one line naming the file and the reason,
in the run summary and in the `skipped` table; the rest of the batch completes.

`write_corpus` builds one folder per kind; test_scale_counting.py reuses it at scale, and
docs/robustness.md lists the same messages (a test below keeps the two in step).
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "robustness.md"

TOWNS = ("Homs", "Hama", "Idlib", "Aleppo", "Raqqa", "Palmyra", "Daraa", "Manbij", "Qamishli", "Kobani",
         "Mosul", "Kirkuk", "Tikrit", "Ramadi", "Fallujah", "Latakia", "Tartus", "Afrin", "Mayadin", "Hasakah")


def good_text(i: int) -> str:
    """A one-incident wire item, different for every i (town and day), so no two merge."""
    day = dt.date(2015, 1, 1) + dt.timedelta(days=i // len(TOWNS))
    return (f"Rockets hit {TOWNS[i % len(TOWNS)]} on {day.day} {day:%B} {day.year}, killing {i % 7 + 1} "
            f"people, local sources said.\n")


@dataclass
class Expect:
    """One input: a file, a JSON Lines record or a manifest line, and what becomes of it."""
    origin: str
    kind: str
    reason: str | None = None  # None: read; else the reason the summary and table give (a prefix)
    text: str | None = None  # what a read input stores as its raw text


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def write_corpus(root: Path, n: int = 0, *, huge: bool = True, depth: int = 20_000) -> list[Expect]:
    """One folder per kind of input under root/<n>/; returns what each input should give.

    `n` makes every good text unique, so the corpus can be written many times over.
    """
    base = root / f"set{n:05d}"
    g = iter(range(n * 100, n * 100 + 100))
    out: list[Expect] = []

    def good(path: Path, text: str | None = None, data: bytes | None = None, kind: str = "good text") -> None:
        text = text if text is not None else good_text(next(g))
        _write(path, data if data is not None else text)
        out.append(Expect(str(path), kind, None, text))

    def bad(path: Path, data: bytes | str | None, kind: str, reason: str) -> None:
        if data is not None:
            _write(path, data)
        out.append(Expect(str(path), kind, reason))

    good(base / "ok" / "article.txt")
    text = good_text(next(g))
    _write(base / "ok" / "page.html", f"<html><head><title>x</title></head><body><article><p>{text}</p>"
                                      f"</article></body></html>")
    out.append(Expect(str(base / "ok" / "page.html"), "good HTML", None, None))

    # binaries and things that are not text
    bad(base / "binary" / "photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "an image named .txt",
        "not text: looks like a PNG image")
    bad(base / "binary" / "report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n" + b"\x00\x01" * 300, "a PDF",
        "not text: looks like a PDF document (convert it to text first)")
    bad(base / "binary" / "page.html.gz", gzip.compress(text.encode()), "a gzip archive",
        "not text: looks like a gzip archive (decompress it first)")
    bad(base / "binary" / "story.docx", b"PK\x03\x04" + b"\x14\x00\x06\x00" * 200, "an Office document",
        "not text: looks like a ZIP archive or an Office document (convert it to text first)")
    bad(base / "binary" / "blob.dat", b"".join(i.to_bytes(4, "little") for i in range(1000)), "binary data",
        "not text: binary data (it contains NUL bytes)")
    bad(base / "binary" / "tool", b"\x7fELF\x02\x01\x01" + b"\x00" * 400, "an executable",
        "not text: looks like an executable program")
    # empty
    bad(base / "empty" / "empty.txt", b"", "an empty file", "empty file")
    bad(base / "empty" / "blank.txt", " \n\t\r\n \u00a0\n", "a file of whitespace", "empty file (only whitespace)")
    bad(base / "empty" / "blank.jsonl", "\n\n  \n", "JSON Lines with no records",
        "empty file (no records, only blank lines)")
    bad(base / "empty" / "nav_only.html", "<html><head><script>var a=1;</script></head><body> </body></html>",
        "an HTML page without text", "HTML page has no readable text")
    # too large: a 200 MB dump, sparse so it costs no disk; skipped on its size alone
    if huge:
        dump = base / "huge" / "dump.html"
        dump.parent.mkdir(parents=True, exist_ok=True)
        with open(dump, "wb") as f:
            f.truncate(200_000_000)
        bad(dump, None, "a 200 MB HTML dump", "larger than max_bytes (200 MB > 50 MB)")
    # encodings that are fine: read, not skipped
    arabic = "قصف صاروخي على حمص يوم الاثنين أدى إلى مقتل ثلاثة أشخاص. " + good_text(next(g))
    good(base / "encodings" / "cp1256.txt", arabic, data=arabic.encode("cp1256"), kind="windows-1256 text")
    t = good_text(next(g))
    good(base / "encodings" / "utf16_bom.txt", t, data=t.encode("utf-16"), kind="UTF-16 with a BOM")
    t = good_text(next(g))
    good(base / "encodings" / "utf16le.txt", t, data=t.encode("utf-16-le"), kind="UTF-16 without a BOM")
    t = good_text(next(g))
    good(base / "encodings" / "broken_byte.txt", t.replace("Rockets", "Rock\ufffdets"),
         data=t.encode().replace(b"Rockets", b"Rock\xffets") + "، مقتل".encode() * 2 + b"\n", kind="one invalid byte")
    out[-1].text = None  # the replacement character and Arabic tail are checked elsewhere
    # JSON Lines: good records, a record cut off at the end, records that are not records
    feed = base / "jsonl" / "feed.jsonl"
    r1, r2 = good_text(next(g)), good_text(next(g))
    lines = [json.dumps({"id": f"r{n}a", "text": r1}), json.dumps({"id": f"r{n}b", "text": r2}),
             json.dumps({"id": f"r{n}c", "text": good_text(next(g))})[:40]]
    _write(feed, "\n".join(lines))
    out += [Expect(f"{feed}:1", "a JSON Lines record", None, r1), Expect(f"{feed}:2", "a JSON Lines record", None, r2),
            Expect(f"{feed}:3", "a truncated JSON Lines file", "invalid JSON on line 3: Unterminated string")]
    odd = base / "jsonl" / "odd.jsonl"
    _write(odd, '{"id": "x"}\n[1, 2]\n{"text": "   "}\n{"id": 1, "text": \n')
    out += [Expect(f"{odd}:1", "a record without text", 'record on line 1 has no "text" or "html" field'),
            Expect(f"{odd}:2", "a line that is not a record", 'line 2 is a JSON list, not an object'),
            Expect(f"{odd}:3", "a record with empty text", 'record on line 3 has an empty "text"/"html"'),
            Expect(f"{odd}:4", "a broken JSON line", "invalid JSON on line 4: Expecting value")]
    # manifests that name missing files, and broken manifest lines
    mf = base / "manifest"
    t = good_text(next(g))
    _write(mf / "present.txt", t)
    _write(mf / "manifest.jsonl", '{"file": "present.txt", "published": "2015-01-02"}\n'
                                  '{"file": "gone.txt"}\n{"file": \n{"url": "https://x.example/a"}\n')
    out += [Expect(str(mf / "present.txt"), "a file a manifest names", None, t),
            Expect(str(mf / "gone.txt"), "a manifest naming a missing file",
                   f"manifest names a missing file ({mf / 'manifest.jsonl'} line 2)"),
            Expect(f"{mf / 'manifest.jsonl'}:3", "a broken manifest line", "invalid JSON in manifest on line 3"),
            Expect(f"{mf / 'manifest.jsonl'}:4", "a manifest line naming no file",
                   'manifest line 4 has no "file" naming a document')]
    # the same article under two names: read once
    t = good_text(next(g))
    good(base / "copies" / "a_original.txt", t)
    bad(base / "copies" / "b_same_article.txt", t, "the same article under two names",
        f"same text as {base / 'copies' / 'a_original.txt'} (a copy under another name: read once)")
    # things in a folder that are not files
    links = base / "links"
    links.mkdir(parents=True)
    os.symlink("nowhere.txt", links / "broken.txt")
    out.append(Expect(str(links / "broken.txt"), "a broken link",
                      "a broken link (it points to 'nowhere.txt', which does not exist)"))
    (links / "elsewhere").mkdir()
    os.symlink("elsewhere", links / "folder_link")
    out.append(Expect(str(links / "folder_link"), "a link to a folder",
                      "a link to a folder: not followed (give that folder itself to read it)"))
    os.symlink(os.devnull, links / "null.txt")
    out.append(Expect(str(links / "null.txt"), "a link to a device",
                      f"a link to '{os.devnull}', which is not a regular file: not read"))
    os.mkfifo(links / "pipe.txt")
    out.append(Expect(str(links / "pipe.txt"), "a named pipe", "not a regular file (a pipe, socket or device)"))
    # hostile names and text that must still be read
    t = good_text(next(g))
    name = os.fsdecode(b"caf\xe9 report.txt")  # a name that is not UTF-8
    _write(base / "names" / name, t)
    out.append(Expect(str(base / "names" / "caf\\xe9 report.txt"), "a file name that is not UTF-8", None, t))
    t = good_text(next(g))
    _write(base / "nested" / "deep.html", "<html><body>" + "<div>" * depth + f"<p>{t}</p>" + "</div>" * depth
           + "</body></html>")
    out.append(Expect(str(base / "nested" / "deep.html"), "HTML nested thousands deep", None, None))
    t = good_text(next(g))
    _write(base / "nested" / "surrogate.jsonl", json.dumps({"id": f"s{n}", "text": t + "\ud800"}) + "\n")
    out.append(Expect(f"{base / 'nested' / 'surrogate.jsonl'}:1", "a JSON escape of half a character",
                      None, t + "\ufffd"))
    return out


def given_count(expected: list[Expect]) -> int:
    return len(expected)


def run_ingest(args: list[str]):
    return CliRunner().invoke(main, ["ingest", *args], catch_exceptions=False)


def skipped_rows(db: Path) -> dict[str, str]:
    con = sqlite3.connect(db)
    try:
        return dict(con.execute("SELECT origin, reason FROM skipped"))
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    expected = write_corpus(root / "in")
    db = root / "ew.db"
    res = run_ingest([str(root / "in"), "--db", str(db)])
    return expected, db, res


def test_every_bad_input_is_named_once_with_its_reason_and_the_rest_is_read(corpus_run):
    expected, db, res = corpus_run
    assert res.exit_code == 0, res.output
    bad = [e for e in expected if e.reason]
    good = [e for e in expected if not e.reason]
    summary = res.stdout.splitlines()
    assert f"documents read: {len(good)} ({len(good)} new, 0 already stored)" in summary
    assert f"skipped: {len(bad)}" in summary
    listed = {line[2:].split(": ", 1)[0]: line[2:].split(": ", 1)[1] for line in summary if line.startswith("  ")}
    table = skipped_rows(db)
    for e in bad:
        assert listed.get(e.origin, "").startswith(e.reason), (e.kind, e.origin, listed.get(e.origin))
        assert table.get(e.origin, "").startswith(e.reason), (e.kind, e.origin, table.get(e.origin))
    assert len(listed) == len(table) == len(bad)


def test_what_is_read_is_stored_byte_exact(corpus_run):
    expected, db, _ = corpus_run
    con = sqlite3.connect(db)
    stored = dict(con.execute("SELECT origin, raw FROM documents"))
    con.close()
    for e in expected:
        if e.reason is None:
            assert e.origin in stored, e.kind
            if e.text is not None:
                assert stored[e.origin] == e.text, e.kind


def test_messages_are_one_line_even_for_hostile_names(tmp_path):
    folder = tmp_path / "in"
    _write(folder / "a.txt", good_text(1))
    _write(folder / "new\nline\x1b[31m.txt", b"")
    _write(folder / "evil\u202etxt.exe", b"")
    res = run_ingest([str(folder), "--db", str(tmp_path / "ew.db")])
    lines = [line for line in res.stdout.splitlines() if line.startswith("  ")]
    assert len(lines) == 2
    assert any("new\\x0aline\\x1b[31m.txt: empty file" in line for line in lines)
    assert any("evil\\u202etxt.exe: empty file" in line for line in lines)


def test_a_stage_that_crashes_costs_only_its_document(tmp_path, monkeypatch):
    """The pipeline turns any exception in a stage into a skipped document with the reason."""
    from eventwire.stages import clean as clean_mod
    real = clean_mod.clean

    def flaky(doc):
        if "Hama" in doc.raw:
            raise ValueError("boom")
        return real(doc)
    monkeypatch.setattr(clean_mod, "clean", flaky)
    for i in range(4):
        _write(tmp_path / "in" / f"{i}.txt", good_text(i))
    res = run_ingest([str(tmp_path / "in"), "--db", str(tmp_path / "ew.db")])
    assert res.exit_code == 0
    assert "documents read: 3 (3 new" in res.stdout
    assert "1.txt: internal error in stage 'clean': ValueError: boom (a bug: please report it" in res.stdout


def test_a_document_the_store_cannot_take_is_skipped_and_the_run_goes_on(tmp_path, monkeypatch):
    from eventwire.store import sqlite as store_mod
    real = store_mod.Store.add_document

    def picky(self, doc, events):
        if "Hama" in doc.raw:
            raise ValueError("cannot store this one")
        return real(self, doc, events)
    monkeypatch.setattr(store_mod.Store, "add_document", picky)
    for i in range(3):
        _write(tmp_path / "in" / f"{i}.txt", good_text(i))
    res = run_ingest([str(tmp_path / "in"), "--db", str(tmp_path / "ew.db")])
    assert res.exit_code == 0
    assert "documents read: 2 (2 new" in res.stdout
    assert "1.txt: could not be stored (ValueError: cannot store this one)" in res.stdout
    assert skipped_rows(tmp_path / "ew.db") == {str(tmp_path / "in" / "1.txt"):
                                                "could not be stored (ValueError: cannot store this one)"}


# -- exit codes, as README.md documents them --------------------------------------------------

def test_exit_0_when_some_inputs_are_skipped_and_1_with_strict(tmp_path):
    _write(tmp_path / "in" / "a.txt", good_text(1))
    _write(tmp_path / "in" / "b.txt", b"")
    assert run_ingest([str(tmp_path / "in"), "--db", str(tmp_path / "1.db")]).exit_code == 0
    res = run_ingest([str(tmp_path / "in"), "--db", str(tmp_path / "2.db"), "--strict"])
    assert res.exit_code == 1
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "in"), "--strict"])
    assert res.exit_code == 1 and "skipped " in res.stderr


def test_exit_1_when_nothing_could_be_read(tmp_path):
    _write(tmp_path / "in" / "a.txt", b"")
    _write(tmp_path / "in" / "b.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    res = run_ingest([str(tmp_path / "in"), "--db", str(tmp_path / "ew.db")])
    assert res.exit_code == 1
    assert "error: no input could be read" in res.stderr
    res = CliRunner().invoke(main, ["extract", str(tmp_path / "in")])
    assert res.exit_code == 1 and "error: no input could be read" in res.stderr


def test_exit_2_for_a_missing_path_or_a_file_that_is_not_a_database(tmp_path):
    res = run_ingest([str(tmp_path / "nothing_here"), "--db", str(tmp_path / "ew.db")])
    assert res.exit_code == 2 and "does not exist" in res.output
    _write(tmp_path / "notes.db", "these are my notes, not a database " * 100)
    _write(tmp_path / "in" / "a.txt", good_text(1))
    res = run_ingest([str(tmp_path / "in"), "--db", str(tmp_path / "notes.db")])
    assert res.exit_code == 2
    assert "cannot open as an eventwire database" in res.stderr
    assert (tmp_path / "notes.db").read_text().startswith("these are my notes")


def test_the_same_file_given_twice_and_a_manifest_given_directly(tmp_path):
    a = _write(tmp_path / "in" / "a.txt", good_text(1))
    m = _write(tmp_path / "in" / "manifest.jsonl", '{"file": "a.txt"}\n')
    res = run_ingest([str(a), str(a), str(m), "--db", str(tmp_path / "ew.db")])
    assert res.exit_code == 0
    assert f"  {a}: already read in this run (given twice)" in res.stdout
    assert f"  {m}: a manifest, not a document: give its folder instead" in res.stdout


def test_a_line_over_max_bytes_in_json_lines_is_skipped_alone(tmp_path):
    feed = _write(tmp_path / "feed.jsonl", json.dumps({"text": good_text(1) + "x" * 5_000_000}) + "\n"
                  + json.dumps({"text": good_text(2)}) + "\n")
    res = run_ingest([str(feed), "--db", str(tmp_path / "ew.db"), "--max-bytes", "1000000"])
    assert res.exit_code == 0
    assert "documents read: 1 (1 new" in res.stdout
    assert f"  {feed}:1: line 1 is larger than max_bytes (> 1.0 MB)" in res.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_named(tmp_path):
    p = _write(tmp_path / "in" / "secret.txt", good_text(1))
    p.chmod(0)
    _write(tmp_path / "in" / "b.txt", good_text(2))
    res = run_ingest([str(tmp_path / "in"), "--db", str(tmp_path / "ew.db")])
    assert f"  {p}: cannot read: Permission denied" in res.stdout


def test_the_robustness_doc_lists_every_kind_and_its_message(tmp_path):
    """docs/robustness.md is what users read: every kind tried here is there, with its message."""
    doc = DOC.read_text(encoding="utf-8")
    for e in write_corpus(tmp_path, huge=False):
        assert e.kind in doc, e.kind
        if e.reason:
            generic = e.reason.split(str(tmp_path))[0].split(" (")[0]
            assert generic in doc, (e.kind, generic)
