"""Cleaning: site furniture out, headline once, dateline kept, offsets exact, linear time."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.model import Document
from eventwire.stages.clean import clean
from eventwire.stages.sentences import split_sentences

SEEDS = Path("/work/shared/corpus/seeds")
GOLD = Path("/work/shared/gold/seeds.json")
needs_seeds = pytest.mark.skipif(not (SEEDS.exists() and GOLD.exists()), reason="shared seed corpus not mounted")


def cleaned(raw: str, **kw) -> Document:
    return clean(Document(doc_id="t", raw=raw, **kw))


def squash(text: str) -> str:
    return " ".join(text.split())


def assert_maps_back(doc: Document) -> None:
    """Every character copied from the original maps back to that very character (or to
    the look-alike letter it stands for: a Cyrillic 'а' in a Latin word is read as 'a')."""
    from eventwire.stages.clean import _LOOKALIKES
    assert doc.offsets is not None and doc.offsets.length == len(doc.text)
    for i, ch in enumerate(doc.text):
        if not ch.isspace():  # separators are whitespace; everything else was copied
            original = doc.raw[doc.offsets.to_raw(i)]
            assert original == ch or _LOOKALIKES.get(original) == ch, (i, ch)


# -- the seed articles, as the gold set says -------------------------------------------------

@needs_seeds
@pytest.mark.parametrize("name", ["article-000.txt", "article-001.txt"])
def test_seed_articles_clean_as_gold_says(name):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["documents"][name]
    doc = cleaned((SEEDS / name).read_text(encoding="utf-8"))
    removed = [squash(r) for r in doc.removed]
    for junk in gold["boilerplate_removed"]:
        assert squash(junk) not in squash(doc.text), junk
        assert squash(junk) in removed, junk
    assert doc.title == gold["title"]
    assert doc.text.count(gold["title"]) == gold["title_occurrences_after_cleaning"]
    assert doc.text.startswith(gold["title"] + "\n\n")
    assert_maps_back(doc)


@needs_seeds
def test_seed_dateline_words_stay_without_the_issue_tag():
    doc = cleaned((SEEDS / "article-000.txt").read_text(encoding="utf-8"))
    assert "Monday – 2 Dhu al-Hijjah 1442 AH – 12 July 2021 AD\n\n" in doc.text
    assert "Issue no" not in doc.text
    assert doc.stats["dateline_line"] == "Monday – 2 Dhu al-Hijjah 1442 AH – 12 July 2021 AD"
    assert doc.stats["byline"] == "Washington: Moaz al-Omarik"
    assert doc.stats["byline_place"] == "Washington" and doc.stats["byline_author"] == "Moaz al-Omarik"
    assert "Syria News" not in doc.text
    assert doc.text.endswith("look forward to working on it in the coming months.")


@needs_seeds
def test_seed_subheading_stays_its_own_paragraph():
    doc = cleaned((SEEDS / "article-001.txt").read_text(encoding="utf-8"))
    assert "\n\nBiden comments\n\n" in doc.text
    sentences = [doc.text[s:e] for s, e in split_sentences(doc.text)]
    assert "Biden comments" in sentences


@needs_seeds
def test_seed_sentence_spans_map_back_to_the_original_words():
    raw = (SEEDS / "article-000.txt").read_text(encoding="utf-8")
    doc = cleaned(raw)
    for s, e in split_sentences(doc.text):
        rs, re_ = doc.raw_span(s, e)
        assert squash(raw[rs:re_]) == squash(doc.text[s:e])


# -- general furniture, not only the seeds' strings -----------------------------------------

FURNITURE_PAGE = """Home
Politics
Breaking: Shelling kills two in Idlib countryside
Share on Facebook | Tweet | WhatsApp | Print | Email
Tuesday, 14 March 2023

Two civilians were killed on Tuesday when regime artillery shelled the village of Ariha, local sources said.
Read also: Turkish drone strike in Qamishli
Civil defence teams recovered the bodies from the rubble of a house on the edge of the village.
We use cookies to improve your experience. By continuing to browse the site you accept our cookie policy.
Related: Aid convoy crosses Bab al-Hawa
Subscribe to our newsletter for daily updates
Share this:
Click to share on Twitter (Opens in new window)
Like this:
Tags: Syria, Idlib, shelling

Arab World
Add comment
Post a comment
"""


def test_general_furniture_is_removed_and_news_kept():
    doc = cleaned(FURNITURE_PAGE)
    assert doc.text.split("\n\n") == [
        "Breaking: Shelling kills two in Idlib countryside",
        "Tuesday, 14 March 2023",
        "Two civilians were killed on Tuesday when regime artillery shelled the village of Ariha, local sources said.",
        "Civil defence teams recovered the bodies from the rubble of a house on the edge of the village.",
    ]
    assert doc.title == "Breaking: Shelling kills two in Idlib countryside"
    for junk in ("Home", "Politics", "Arab World", "Add comment", "Post a comment", "Like this:",
                 "Read also: Turkish drone strike in Qamishli", "Tags: Syria, Idlib, shelling"):
        assert junk in doc.removed
    assert_maps_back(doc)


def test_short_news_lines_and_mid_article_subheadings_are_kept():
    raw = ("Rockets hit US base\n\nA rocket hit the base on Friday.\n\nUS Response\n\n"
           "The Pentagon said it would respond.\n\nJohn Smith\n")
    doc = cleaned(raw)
    assert "\n\nUS Response\n\n" in doc.text
    assert doc.text.endswith("John Smith")  # a signature is not a section label
    assert doc.text.startswith("Rockets hit US base\n\n")


def test_trailing_title_case_label_goes_only_beside_other_furniture():
    doc = cleaned("Rockets hit US base\n\nA rocket hit the base on Friday.\n\nDeir Ezzor Coverage\n\nLeave a Reply\n")
    assert doc.text.endswith("A rocket hit the base on Friday.")
    assert "Deir Ezzor Coverage" in doc.removed


def test_repeated_headline_with_case_and_space_differences_collapses():
    raw = ("Rocket strikes target two US bases\n\nROCKET  STRIKES target two US bases \n"
           "Rocket strikes target\ttwo US bases\n\nThe strikes hit the Koniko field on Friday evening.\n\n"
           "The strikes hit the Koniko field on Friday evening.\n")
    doc = cleaned(raw)
    assert doc.text == "Rocket strikes target two US bases\n\nThe strikes hit the Koniko field on Friday evening."
    assert doc.title == "Rocket strikes target two US bases"
    assert len(doc.removed) == 3


def test_issue_lines_in_english_and_arabic():
    doc = cleaned("الاثنين - 2 ذو الحجة 1442 هـ - 12 يوليو 2021 مـ رقم العدد [15567]\n\nواشنطن: معاذ العمري\n\n"
                  "أكد مسؤول عسكري أمريكي أن الهجمات لم تسفر عن إصابات.\n\nIssue No. 15567\n")
    assert doc.text.startswith("الاثنين - 2 ذو الحجة 1442 هـ - 12 يوليو 2021 مـ\n\n")
    assert "العدد" not in doc.text and "Issue" not in doc.text
    assert "رقم العدد [15567]" in doc.removed
    assert doc.stats["byline"] == "واشنطن: معاذ العمري"
    assert_maps_back(doc)


def test_issue_word_in_a_sentence_is_not_touched():
    raw = "The council discussed the issue no. 3 on its agenda, officials said."
    assert cleaned(raw).text == raw


def test_first_line_ending_with_a_period_is_not_a_title():
    doc = cleaned("A rocket hit the base on Friday.\n\nNo one was hurt.")
    assert doc.title is None


def test_title_given_by_the_input_wins():
    doc = Document(doc_id="t", raw="A rocket hit the base on Friday.\n\nNo one was hurt.")
    doc.stats["input_title"] = "Rocket hits base"
    assert clean(doc).title == "Rocket hits base"


# -- whitespace and offsets -------------------------------------------------------------------

def test_whitespace_is_normalised_and_characters_are_not_rewritten():
    raw = "  Title  of\tthe\u00a0story \r\n\r\n\r\nHe said:  \u201cWe  will respond.\u201d\u200b\n\n\n"
    doc = cleaned(raw)
    assert doc.text == "Title of the story\n\nHe said: \u201cWe will respond.\u201d"
    assert_maps_back(doc)


def test_hard_wrapped_paragraph_is_joined_into_one():
    raw = ("Rockets hit the base\n\nLocal sources said that several rockets fell on the base at the\n"
           "Conoco gas field on Friday evening, without casualties.\nA second paragraph starts here.\n")
    doc = cleaned(raw)
    assert doc.text.split("\n\n") == [
        "Rockets hit the base",
        "Local sources said that several rockets fell on the base at the Conoco gas field on Friday evening, "
        "without casualties.",
        "A second paragraph starts here.",
    ]
    assert_maps_back(doc)


def test_paragraph_span_maps_back_exactly():
    raw = "Title line here\n\n\n   First   paragraph of the text.  \n\nSecond one."
    doc = cleaned(raw)
    start = doc.text.index("First")
    rs, re_ = doc.raw_span(start, start + len("First   paragraph of the text.") - 2)
    assert raw[rs:re_] == "First   paragraph of the text."


def test_empty_and_blank_documents_clean_to_empty_text():
    for raw in ("", "   \n\n\t", "***\n---"):
        doc = cleaned(raw)
        assert doc.text == "" and doc.title is None and doc.offsets.length == 0


def test_clean_twice_gives_the_same_result():
    doc = cleaned(FURNITURE_PAGE)
    first = (doc.text, doc.title, list(doc.removed), dict(doc.stats))
    clean(doc)
    assert (doc.text, doc.title, doc.removed, doc.stats) == first


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?\n\t\r\u00a0\u200b“”\"ا*-:[]Issue no.1234 Home")) | st.characters(),
               max_size=300))
def test_clean_never_raises_and_offsets_hold_on_any_text(raw):
    doc = cleaned(raw)
    assert_maps_back(doc)
    assert doc.text == doc.text.strip()
    assert all(isinstance(r, str) and r in raw for r in doc.removed)


# -- pathological sizes: linear time ------------------------------------------------------------
# Bounds are ~20x what a laptop needs, so they catch quadratic behaviour and cannot flake.

def test_headline_repeated_100000_times_is_fast():
    raw = "A US official denies there were any casualties\n\n" * 100_000 + "The base was hit on Saturday."
    t0 = time.perf_counter()
    doc = cleaned(raw)
    assert time.perf_counter() - t0 < 10
    assert doc.text == "A US official denies there were any casualties\n\nThe base was hit on Saturday."


def test_five_megabyte_single_line_is_fast():
    raw = ("word  with\tspaces and more words, " * 160_000)[:5_000_000]
    t0 = time.perf_counter()
    doc = cleaned(raw)
    assert time.perf_counter() - t0 < 10
    assert len(doc.text) > 4_000_000 and "  " not in doc.text and "\t" not in doc.text
    for i in range(0, len(doc.text), 997):
        if not doc.text[i].isspace():
            assert raw[doc.offsets.to_raw(i)] == doc.text[i]


# -- the head of an article: title, dateline, byline --------------------------------------------

def test_byline_forms_and_look_alikes():
    doc = cleaned("Rockets hit Conoco base\n\nBy Jane Doe, Beirut\n\nThe base was hit.")
    assert doc.stats["byline"] == "By Jane Doe, Beirut"
    assert (doc.stats["byline_place"], doc.stats["byline_author"]) == ("Beirut", "Jane Doe")
    for head in ("Breaking: Rockets Hit Conoco", "Source: Syrian Observatory", "Washington: officials said more"):
        doc = cleaned(f"Title of the story\n\n{head}\n\nThe base was hit.")
        assert "byline" not in doc.stats, head


def test_a_leading_dateline_is_not_the_title():
    doc = cleaned("Friday, 24 March 2023\n\nRockets hit the Conoco gas field.")
    assert doc.title is None
    assert doc.stats["dateline_line"] == "Friday, 24 March 2023"


def test_extracted_html_lines_are_never_joined():
    raw = "Drone strike hits coalition base near Hasakah in the\nnortheast of Syria on Thursday"
    doc = clean(Document(doc_id="t", raw=raw, fmt="html"))
    assert doc.text == raw.replace("\n", "\n\n")
