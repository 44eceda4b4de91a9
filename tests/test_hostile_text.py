"""Hostile text: markup, scripts and SQL in documents are data, stored byte-exact and never
interpreted where they are shown; invisible characters and look-alike letters in place
names are read as the names they show, with spans still pointing into the original
text; and no text stage crashes on any text (hypothesis, bounded examples).
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.cli import main, one_line
from eventwire.model import Document
from eventwire.pipeline import Pipeline
from eventwire.stages.clean import _LOOKALIKES, clean
from eventwire.stages.sentences import MAX_SENTENCE, split_sentences
from test_bad_input import _write

HOSTILE = [
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "'); DROP TABLE events; --",
    "Robert'); DELETE FROM documents WHERE ('1'='1",
    "\" OR 1=1 --",
    "[red]markup[/red] [/bold] [link=https://evil.example]click[/link]",
    "\x1b[2J\x1b[31mterminal escape\x1b[0m",
    "NUL \x00 inside",
    "evil\u202etxt.exe",
    "{{7*7}} ${jndi:ldap://x} %s%s%n",
]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def article(extra: str) -> str:
    return f"Rockets hit Homs on 6 March 2023, killing 3 people. {extra}\nShelling of Hama followed, a monitor said."


# -- markup, scripts, SQL: stored as data -----------------------------------------------------------

def test_markup_scripts_and_sql_round_trip_byte_exact(tmp_path):
    folder = tmp_path / "in"
    records = []
    for i, h in enumerate(HOSTILE):
        _write(folder / f"doc{i}.txt", article(h).encode("utf-8"))
        records.append({"id": f"rec{i}", "text": article(h) + f" ({i})", "source": h, "url": f"https://x.example/{i}"})
    _write(folder / "feed.jsonl", "\n".join(json.dumps(r) for r in records) + "\n")
    db = tmp_path / "ew.db"
    res = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db)])
    assert res.exit_code == 0, res.output
    con = sqlite3.connect(db)
    stored = dict(con.execute("SELECT origin, raw FROM documents"))
    sources = dict(con.execute("SELECT origin, source FROM documents"))
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert {"documents", "events", "claims", "skipped"} <= tables
    for i, h in enumerate(HOSTILE):
        assert stored[str(folder / f"doc{i}.txt")] == article(h)
        assert stored[f"{folder / 'feed.jsonl'}:{i + 1}"] == article(h) + f" ({i})"
        assert sources[f"{folder / 'feed.jsonl'}:{i + 1}"] == h


def test_the_events_table_shows_markup_and_escapes_as_text(tmp_path):
    folder = tmp_path / "in"
    _write(folder / "a.txt", article(""))
    _write(folder / "manifest.jsonl", json.dumps({"file": "a.txt", "source": "[/bold][red]Evil \x1b[31mNews"}) + "\n")
    db = tmp_path / "ew.db"
    assert CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db)]).exit_code == 0
    res = CliRunner().invoke(main, ["events", "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert "[/bold][red]Evil" in res.stdout
    assert "\x1b" not in res.stdout


def test_sql_looking_filters_are_values_not_sql(tmp_path):
    folder = tmp_path / "in"
    _write(folder / "a.txt", article(""))
    db = tmp_path / "ew.db"
    CliRunner().invoke(main, ["ingest", str(folder), "--db", str(db)])
    for place in ("' OR 1=1 --", "Homs'; DROP TABLE events; --", "\" OR \"\"=\""):
        res = CliRunner().invoke(main, ["events", "--db", str(db), "--place", place, "--format", "jsonl"])
        assert res.exit_code == 0 and res.stdout == ""
    res = CliRunner().invoke(main, ["events", "--db", str(db), "--format", "jsonl"])
    assert res.stdout.count("\n") >= 1  # the events table is still there


def test_one_line_shows_controls_and_bidi_marks_as_escapes():
    assert one_line("a\nb\rc\x1b[31m\u202e\u2066d\x7f") == "a\\x0ab\\x0dc\\x1b[31m\\u202e\\u2066d\\x7f"
    assert one_line("قصف على حمص") == "قصف على حمص"  # right-to-left text itself is left alone


def test_csv_export_does_not_hand_spreadsheets_formulas(tmp_path):
    folder = tmp_path / "in"
    _write(folder / "a.txt", article(""))
    _write(folder / "manifest.jsonl", json.dumps({"file": "a.txt", "source": "=HYPERLINK(\"http://x\",\"y\")"}) + "\n")
    res = CliRunner().invoke(main, ["extract", str(folder), "--format", "csv"])
    assert res.exit_code == 0
    import csv
    import io
    for row in csv.DictReader(io.StringIO(res.stdout)):
        assert not any(str(v).startswith(("=", "+", "@")) for v in row.values())


# -- Unicode tricks in place names ----------------------------------------------------------------

TRICKS = {
    "Cyrillic о in Homs": ("H\u043ems", "Homs"),
    "Cyrillic а in Hasakah": ("H\u0430sakah", "Hasakah"),
    "Greek Ο in Raqqa": ("Raqq\u03b1", "Raqqa"),
    "zero-width joiner": ("Ha\u200dsakah", "Hasakah"),
    "zero-width space": ("Ham\u200ba", "Hama"),
    "right-to-left mark": ("Deir\u200f ez-Zor", "Deir ez-Zor"),
    "bidi override around": ("\u202eIdlib\u202c", "Idlib"),
    "soft hyphen": ("Alep\u00adpo", "Aleppo"),
    "combining accent": ("H\u0327asakah", "Hasakah"),
    "byte order mark inside": ("Pal\ufeffmyra", "Palmyra"),
}


@pytest.mark.parametrize("trick", list(TRICKS))
def test_place_names_with_invisible_or_look_alike_letters_still_geocode(pipeline, trick):
    written, plain = TRICKS[trick]
    raw = f"Rockets hit {written} on 6 March 2023, killing 3 people, a monitor said."
    doc = Document("t", raw, published=dt.date(2023, 3, 7), published_from="manifest")
    result = pipeline.process(doc)
    clean_doc = Document("t", raw.replace(written, plain), published=dt.date(2023, 3, 7), published_from="manifest")
    expected = pipeline.process(clean_doc)
    assert result.skipped is None
    got = [e.location["place_id"] for e in result.events]
    want = [e.location["place_id"] for e in expected.events]
    assert got == want and want, (trick, got, want)
    # spans still point into the original text, tricks and all
    for e in result.events:
        for c in e.claims:
            if c.field == "location":
                s, t = c.span
                assert raw[s:t] == written.strip("\u202e\u202c"), (raw[s:t], written)


def test_a_word_in_another_script_is_left_alone():
    doc = clean(Document("t", "Москва and Ноms and Αθήνα"))
    assert doc.text == "Москва and Homs and Αθήνα"


# -- property tests over every text stage ---------------------------------------------------------

FRAGMENTS = ["Rockets hit ", "Homs", "Hasakah", "Deir ez-Zor", " on ", "Monday", "6 March 2023", ", killing ",
             "3", "three", " people", ". ", "\n", "\n\n", "“", "”", "\"", "said", "US forces", "Iran-backed militias",
             "al-", "H\u043ems", "\u200d", "\u200f", "\u202e", "\u00ad", "\u0327", "\ufeff", "1442 AH", "ago",
             "قصف", "حمص", " ", "\t", "<b>", "'); DROP TABLE x; --", "\x00", "\ud7ff", "…", "?", "!", "No.", "Dr.",
             "1,000", "-", "Issue no. [", "Share", "Home"]
hostile_text = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=8), max_size=40).map("".join)
PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                            HealthCheck.too_slow])


@PROPERTY
@given(hostile_text)
def test_clean_keeps_a_map_to_the_original_on_any_text(raw):
    doc = clean(Document("t", raw))
    assert doc.offsets.length == len(doc.text)
    for i, ch in enumerate(doc.text):
        if not ch.isspace():
            original = raw[doc.offsets.to_raw(i)]
            assert original == ch or _LOOKALIKES.get(original) == ch
    for s in range(0, len(doc.text), 7):
        a, b = doc.raw_span(s, min(len(doc.text), s + 5))
        assert 0 <= a <= b <= len(raw)


@PROPERTY
@given(hostile_text)
def test_sentences_are_ordered_trimmed_bounded_spans(text):
    spans = split_sentences(text)
    prev = 0
    for s, e in spans:
        assert prev <= s < e <= len(text)
        assert e - s <= MAX_SENTENCE
        assert not text[s].isspace() and not text[e - 1].isspace()
        prev = e


@PROPERTY
@given(hostile_text, st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)) | st.none())
def test_every_stage_and_the_whole_pipeline_on_any_text(pipeline, raw, published):
    doc = Document("t", raw, published=published, published_from="manifest" if published else None)
    for stage in pipeline.stages:  # no stage raises: a crash here would be a skipped document
        doc = stage.fn(doc)
    text = doc.text
    for s, e in doc.sentences:
        assert 0 <= s < e <= len(text)
    for d in doc.dates:
        assert d.start == -1 or (0 <= d.start <= d.end <= len(text))
    for pm in doc.places:
        assert 0 <= pm.start < pm.end <= len(text) and text[pm.start:pm.end] == pm.text
    for ev in doc.events:
        record = ev.to_dict()
        json.dumps(record)
        for c in ev.claims:
            s, e = c.span
            assert 0 <= s <= e <= len(raw)
            assert c.quote in raw


@settings(max_examples=60, deadline=None)
@given(st.lists(hostile_text, min_size=1, max_size=4))
def test_what_goes_in_comes_out_of_the_store_unchanged(tmp_path_factory, texts):
    from eventwire.store import Store
    db = tmp_path_factory.mktemp("store") / "ew.db"
    with Store(db) as store:
        for i, t in enumerate(texts):
            doc = Document(f"d{i}", t, origin=t[:20])
            store.add_document(doc, [])
        stored = {r[0]: r[1] for r in store.conn.execute("SELECT content_hash, raw FROM documents")}
    for t in texts:
        from eventwire.model import content_hash
        assert stored[content_hash(t)] == t
