"""Reading files and folders: formats, encodings, manifests, and bad input as Skipped."""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.model import Document
from eventwire.stages.load import Skipped, iter_documents, source_from_url

SEEDS = Path("/work/shared/corpus/seeds")
FIXTURES = Path(__file__).parent / "fixtures"


def read_all(*paths, **kw) -> tuple[list[Document], list[Skipped]]:
    items = list(iter_documents(list(paths), **kw))
    return [i for i in items if isinstance(i, Document)], [i for i in items if isinstance(i, Skipped)]


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"


# -- the seed corpus --------------------------------------------------------------------

@pytest.mark.skipif(not SEEDS.exists(), reason="shared seed corpus not mounted")
def test_seed_folder_reads_both_articles_in_order_with_manifest_dates():
    docs, skipped = read_all(SEEDS)
    assert skipped == []
    assert [d.doc_id for d in docs] == ["article-000.txt", "article-001.txt"]
    first, second = docs
    assert first.published is None and first.published_from is None  # manifest gives no date
    assert second.published == dt.date(2023, 3, 24) and second.published_from == "manifest"
    assert all(d.fmt == "txt" and d.encoding == "utf-8" for d in docs)
    assert first.origin == str(SEEDS / "article-000.txt")
    assert first.raw.startswith("A US official denies")
    assert first.content_hash and first.content_hash != second.content_hash


@pytest.mark.skipif(not SEEDS.exists(), reason="shared seed corpus not mounted")
def test_single_file_argument_still_gets_its_folder_manifest():
    docs, _ = read_all(SEEDS / "article-001.txt")
    assert docs[0].published == dt.date(2023, 3, 24) and docs[0].published_from == "manifest"


# -- encodings ---------------------------------------------------------------------------

def test_windows_1256_arabic_is_detected_and_reported():
    docs, skipped = read_all(FIXTURES / "arabic_cp1256.txt")
    assert skipped == []
    doc = docs[0]
    assert doc.encoding == "cp1256"
    assert "دير الزور" in doc.raw and "واشنطن: معاذ العمري" in doc.raw
    assert "\ufffd" not in doc.raw


def test_utf16_with_bom_is_decoded():
    doc = read_all(FIXTURES / "utf16_bom.txt")[0][0]
    assert doc.encoding == "utf-16"
    assert doc.raw.startswith("Rocket strikes targeting two US bases")
    assert "\x00" not in doc.raw and "\ufeff" not in doc.raw


def test_utf8_bom_is_dropped_and_reported(tmp_path):
    path = write(tmp_path / "bom.txt", b"\xef\xbb\xbfShelling hit Idlib on Monday.")
    doc = read_all(path)[0][0]
    assert doc.raw == "Shelling hit Idlib on Monday."
    assert doc.encoding == "utf-8-sig"


def test_undecodable_bytes_never_crash(tmp_path):
    path = write(tmp_path / "mixed.txt", "Shelling in Idlib. ".encode() * 5 + b"\xff\xfe\xfa bad \x81\x8d bytes")
    docs, skipped = read_all(path)
    assert skipped == [] and docs[0].raw.startswith("Shelling in Idlib.")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(min_size=0, max_size=600), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".bin", ""]))
def test_any_bytes_give_a_document_or_a_skip_never_an_exception(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(data)
        items = list(iter_documents([path]))
    assert all(isinstance(i, (Document, Skipped)) for i in items)
    if suffix != ".jsonl":
        assert len(items) == 1


# -- HTML ----------------------------------------------------------------------------------

def test_html_main_text_without_navigation_comments_or_footer():
    doc = read_all(FIXTURES / "page_with_junk.html")[0][0]
    assert doc.fmt == "html"
    assert "killing a US contractor and wounding six other Americans" in doc.raw
    assert "Iran's Revolutionary Guards" in doc.raw
    for junk in ("Politics", "Arab World", "Leave a Reply", "Required fields are marked",
                 "troops should come home", "All rights reserved", "Privacy policy"):
        assert junk not in doc.raw
    assert doc.raw.splitlines()[0] == "Drone strike hits coalition base near Hasakah"
    assert "23 March 2023" in doc.raw  # the dateline
    assert doc.published == dt.date(2023, 3, 23) and doc.published_from == "html meta"
    assert doc.url == "https://www.example-news.com/syria/drone-strike-hasakah"
    assert doc.source == "example-news.com"
    assert doc.language == "en"


def test_html_keeps_a_dateline_and_title_the_extractor_dropped():
    doc = read_all(FIXTURES / "dateline_outside.html")[0][0]
    lines = [line for line in doc.raw.splitlines() if line.strip()]
    assert lines[0] == "US official denies casualties in Deir ez-Zor attack"  # site name cut
    assert lines[1] == "Monday - 2 Dhu al-Hijjah 1442 AH - 12 July 2021 AD"
    assert "Washington: Moaz al-Omari" in doc.raw
    assert "Conoco gas plant" in doc.raw
    assert "Interior Ministry decision" not in doc.raw


def test_html_in_windows_1256_declared_by_meta(tmp_path):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
            '<title>قصف دير الزور</title></head><body><article><h1>قصف على قاعدة في حقل العمر</h1>'
            '<p>سقطت عدة قذائف صاروخية على القاعدة الأمريكية في حقل العمر النفطي بريف دير الزور الشرقي مساء الجمعة، '
            'بحسب مصادر محلية أكدت عدم وقوع إصابات.</p></article></body></html>')
    path = write(tmp_path / "page.htm", page.encode("cp1256"))
    doc = read_all(path)[0][0]
    assert doc.encoding == "cp1256"
    assert "حقل العمر النفطي" in doc.raw
    assert doc.raw.startswith("قصف على قاعدة في حقل العمر")


def test_html_fallback_when_trafilatura_finds_nothing(tmp_path):
    path = write(tmp_path / "tiny.html", "<html><body><div>Clashes in Daraa.</div></body></html>")
    docs, skipped = read_all(path)
    assert skipped == []
    assert "Clashes in Daraa." in docs[0].raw


def test_html_page_without_text_is_skipped(tmp_path):
    path = write(tmp_path / "blank.html", "<html><head><script>var x = 1;</script></head><body> </body></html>")
    docs, skipped = read_all(path)
    assert docs == [] and "no readable text" in skipped[0].reason


def test_unknown_extension_is_sniffed(tmp_path):
    write(tmp_path / "page.php", "<!DOCTYPE html><html><body><article><p>Rockets fell on the al-Omar oil field base "
                                 "on Friday evening, local sources said, without casualties.</p></article></body></html>")
    write(tmp_path / "notes", "Drone strike near Hasakah on Thursday.\n")
    docs, skipped = read_all(tmp_path)
    assert skipped == []
    assert {d.doc_id: d.fmt for d in docs} == {"notes": "txt", "page.php": "html"}


# -- manifests -----------------------------------------------------------------------------

def test_manifest_fields_win_and_unlisted_files_are_still_read(tmp_path):
    write(tmp_path / "a.html", '<html><head><meta property="article:published_time" content="2020-01-01">'
                               '<link rel="canonical" href="https://www.wrong.example/x"></head><body><article>'
                               '<p>Shelling hit the town of Ariha in Idlib countryside on Sunday, killing two civilians.</p>'
                               '</article></body></html>')
    write(tmp_path / "b.txt", "Clashes in Daraa on Monday.")
    write(tmp_path / "manifest.jsonl", json.dumps({"file": "a.html", "published": "2021-07-12",
                                                   "url": "https://english.aawsat.com/a", "language": "en"}) + "\n")
    docs, skipped = read_all(tmp_path)
    assert skipped == []
    by_id = {d.doc_id: d for d in docs}
    assert set(by_id) == {"a.html", "b.txt"}  # manifest.jsonl itself is not a document
    a = by_id["a.html"]
    assert a.published == dt.date(2021, 7, 12) and a.published_from == "manifest"
    assert a.url == "https://english.aawsat.com/a" and a.source == "english.aawsat.com"
    assert a.language == "en"
    assert by_id["b.txt"].published is None


def test_manifest_source_wins_over_url_host(tmp_path):
    write(tmp_path / "a.txt", "Clashes in Daraa on Monday.")
    write(tmp_path / "manifest.jsonl", json.dumps({"file": "a.txt", "url": "https://www.aawsat.com/x",
                                                   "source": "Asharq Al-Awsat"}) + "\n")
    doc = read_all(tmp_path)[0][0]
    assert doc.source == "Asharq Al-Awsat"


def test_manifest_naming_a_missing_file_gives_a_skip_naming_it(tmp_path):
    write(tmp_path / "here.txt", "Clashes in Daraa on Monday.")
    write(tmp_path / "manifest.jsonl", '{"file": "here.txt"}\n{"file": "gone.txt", "published": "2021-01-01"}\n'
                                       'not json\n')
    docs, skipped = read_all(tmp_path)
    assert [d.doc_id for d in docs] == ["here.txt"]
    missing = [s for s in skipped if "missing file" in s.reason]
    assert len(missing) == 1
    assert missing[0].origin == str(tmp_path / "gone.txt")
    assert missing[0].reason.startswith("manifest names a missing file")
    bad = [s for s in skipped if "invalid JSON" in s.reason]
    assert bad and bad[0].origin.endswith("manifest.jsonl:3")


def test_bad_manifest_date_is_a_warning_not_a_failure(tmp_path):
    write(tmp_path / "a.txt", "Clashes in Daraa on Monday.")
    write(tmp_path / "manifest.jsonl", '{"file": "a.txt", "published": "12 July 2021"}\n')
    doc = read_all(tmp_path)[0][0]
    assert doc.published is None
    assert any("12 July 2021" in w for w in doc.warnings)


def test_manifest_given_directly_is_not_read_as_a_document(tmp_path):
    write(tmp_path / "manifest.jsonl", '{"file": "a.txt"}\n')
    docs, skipped = read_all(tmp_path / "manifest.jsonl")
    assert docs == [] and "manifest" in skipped[0].reason


# -- bad input is a normal outcome ----------------------------------------------------------

def test_binary_empty_and_oversized_files_are_skipped_and_the_rest_read(tmp_path):
    write(tmp_path / "a_photo.txt", PNG_BYTES)
    write(tmp_path / "b_empty.txt", b"")
    write(tmp_path / "c_blank.txt", "  \n\t\n")
    write(tmp_path / "d_blob.dat", bytes(range(200)))
    write(tmp_path / "e_big.txt", "x" * 5000)
    write(tmp_path / "f_good.txt", "Rockets hit the Conoco gas field on Friday.")
    docs, skipped = read_all(tmp_path, max_bytes=1000)
    assert [d.doc_id for d in docs] == ["f_good.txt"]
    reasons = {Path(s.origin).name: s.reason for s in skipped}
    assert reasons["a_photo.txt"] == "not text: looks like a PNG image"
    assert reasons["b_empty.txt"] == "empty file"
    assert reasons["c_blank.txt"].startswith("empty file")
    assert reasons["d_blob.dat"].startswith("not text: binary data")
    assert reasons["e_big.txt"] == "larger than max_bytes (5.0 kB > 1.0 kB)"


def test_missing_path_is_skipped():
    docs, skipped = read_all("/nonexistent/eventwire/input.txt")
    assert docs == [] and skipped[0].reason == "no such file or folder"


def test_same_file_given_twice_is_read_once(tmp_path):
    path = write(tmp_path / "a.txt", "Clashes in Daraa on Monday.")
    docs, skipped = read_all(path, tmp_path)
    assert len(docs) == 1 and "already read" in skipped[0].reason


def test_same_name_in_two_folders_gets_the_relative_path(tmp_path):
    write(tmp_path / "aawsat" / "article.txt", "Clashes in Daraa on Monday.")
    write(tmp_path / "sana" / "article.txt", "Shelling in Idlib on Sunday.")
    docs, _ = read_all(tmp_path)
    assert [d.doc_id for d in docs] == ["article.txt", "sana/article.txt"]


def test_folder_walk_is_sorted_and_skips_hidden_files(tmp_path):
    for name in ("b.txt", "a.txt", "sub/c.txt", ".hidden.txt", ".git/config"):
        write(tmp_path / name, f"Text of {name}.")
    docs, skipped = read_all(tmp_path)
    assert [d.doc_id for d in docs] == ["a.txt", "b.txt", "c.txt"] and skipped == []


# -- JSON Lines ----------------------------------------------------------------------------

def test_jsonl_records_and_a_broken_line():
    docs, skipped = read_all(FIXTURES / "records.jsonl")
    by_id = {d.doc_id: d for d in docs}
    assert list(by_id) == ["sana-001", "records:3", "bad-date", "page"]
    origin = str(FIXTURES / "records.jsonl")

    sana = by_id["sana-001"]
    assert sana.fmt == "jsonl" and sana.origin == f"{origin}:1"
    assert sana.published == dt.date(2023, 3, 24) and sana.published_from == "input"
    assert sana.source == "sana.sy" and sana.url == "https://www.sana.sy/en/?p=1"
    assert sana.stats["input_title"] == "Rockets near al-Omar field"
    assert sana.raw == "Two rockets fell near the al-Omar oil field on Friday, local sources said."

    assert by_id["records:3"].source == "enabbaladi.net"
    assert by_id["bad-date"].published is None and by_id["bad-date"].warnings
    assert by_id["bad-date"].source == "Enab Baladi"
    assert by_id["page"].raw.startswith("Clashes in Daraa\n")

    broken = [s for s in skipped if s.origin == f"{origin}:2"]
    assert broken and broken[0].reason.startswith("invalid JSON on line 2:")
    assert any(s.origin == f"{origin}:7" and "not an object" in s.reason for s in skipped)
    assert len(skipped) == 2


def test_jsonl_record_without_text_is_skipped(tmp_path):
    path = write(tmp_path / "r.jsonl", '{"id": "x", "url": "https://a.b/c"}\n{"id": "y", "text": "Clashes in Daraa."}\n')
    docs, skipped = read_all(path)
    assert [d.doc_id for d in docs] == ["y"]
    assert "no \"text\" or \"html\"" in skipped[0].reason


def test_json_array_file_is_read_as_records(tmp_path):
    path = write(tmp_path / "r.json", json.dumps([{"id": "one", "text": "Clashes in Daraa."},
                                                  {"id": "two", "text": "Shelling in Idlib."}], indent=2))
    docs, skipped = read_all(path)
    assert [d.doc_id for d in docs] == ["one", "two"] and skipped == []


def test_jsonl_overlong_line_is_skipped_alone(tmp_path):
    big = json.dumps({"id": "big", "text": "x " * 3000})
    path = write(tmp_path / "r.jsonl", big + "\n" + json.dumps({"id": "ok", "text": "Clashes in Daraa."}) + "\n")
    docs, skipped = read_all(path, max_bytes=1000)
    assert [d.doc_id for d in docs] == ["ok"]
    assert skipped[0].origin.endswith("r.jsonl:1") and "larger than max_bytes" in skipped[0].reason


def test_iter_documents_is_lazy(tmp_path):
    write(tmp_path / "a.txt", "Clashes in Daraa.")
    it = iter_documents([tmp_path])
    write(tmp_path / "b.txt", "Written after the call, read because nothing was read yet.")
    assert [d.doc_id for d in it] == ["a.txt", "b.txt"]


@pytest.mark.parametrize("url,host", [
    ("https://www.aawsat.com/home/article/3073", "aawsat.com"),
    ("http://english.aawsat.com/x", "english.aawsat.com"),
    ("https://m.enabbaladi.net/archives/1", "enabbaladi.net"),
    ("www.sana.sy/en/?p=1", "sana.sy"),
    ("https://WWW.Reuters.com:443/world", "reuters.com"),
    ("not a url", None),
])
def test_source_from_url(url, host):
    assert source_from_url(url) == host


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_skipped(tmp_path):
    path = write(tmp_path / "secret.txt", "Clashes.")
    path.chmod(0)
    docs, skipped = read_all(path)
    assert docs == [] and "cannot read" in skipped[0].reason


def test_utf16_without_bom_is_decoded(tmp_path):
    path = write(tmp_path / "le.txt", "Clashes broke out in Daraa on Monday, residents said.".encode("utf-16-le"))
    doc = read_all(path)[0][0]
    assert doc.encoding == "utf-16-le" and doc.raw.startswith("Clashes broke out")


def test_utf8_with_one_broken_byte_stays_utf8(tmp_path):
    text = "“Syria” is the first file of “successful diplomacy” between Biden and Putin – 12 July 2021."
    path = write(tmp_path / "cut.txt", text.encode("utf-8") + b"\xe2\x80")
    doc = read_all(path)[0][0]
    assert doc.encoding == "utf-8" and doc.raw.startswith(text) and doc.warnings
