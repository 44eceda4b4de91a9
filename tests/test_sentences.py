"""Sentence splitting: where news sentences end, and where they only seem to."""
from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.stages.sentences import MAX_SENTENCE, split_sentences


def sents(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_plain_sentences():
    assert sents("A rocket hit the base. No one was hurt! Who fired it? Nobody knows.") == [
        "A rocket hit the base.", "No one was hurt!", "Who fired it?", "Nobody knows."]


def test_paragraph_break_always_ends_a_sentence():
    assert sents("Biden comments\n\nThe president spoke in Ottawa") == ["Biden comments", "The president spoke in Ottawa"]
    assert sents("Rockets hit US base\nA rocket hit the base.") == ["Rockets hit US base", "A rocket hit the base."]


def test_hard_wrapped_line_does_not_end_a_sentence():
    assert sents("The rockets fell on the base\nnear the gas field.") == ["The rockets fell on the base\nnear the gas field."]


@pytest.mark.parametrize("text", [
    "The U.S. Army said the base was hit.",
    "The U.N. Security Council met on Friday.",
    "Mr. Biden spoke with Dr. Smith.",
    "Gen. Mark Milley and Lt. Col. John Doe visited.",
    "He lives on Main St. Springfield is nearby.",
    "The strike was on Jan. 5 and again on Feb. 12.",
    "Resolution No. 2585 extended the crossing.",
    "Weapons, e.g. Grad rockets, were used.",
    "Weapons, i.e. Grad rockets, were used.",
    "Rockets, drones, mortars, etc. Were all used.",
    "J. Smith and A. B. Jones reported it.",
    "Inflation reached 3.5 percent in 2021.",
])
def test_no_split_after_abbreviations_initials_and_decimals(text):
    assert sents(text) == [text]


def test_dotted_acronym_ends_a_sentence_before_a_sentence_starter():
    assert sents("The drones came from Iran, according to the U.S. The Pentagon did not comment.") == [
        "The drones came from Iran, according to the U.S.", "The Pentagon did not comment."]
    assert sents("The attack happened at 1:38 p.m. Damascus time on Thursday.") == [
        "The attack happened at 1:38 p.m. Damascus time on Thursday."]
    assert sents("It hit at 1:38 p.m. Local sources said two died.") == [
        "It hit at 1:38 p.m.", "Local sources said two died."]


def test_number_abbreviation_only_before_a_number():
    assert sents("He said no. Then he left.") == ["He said no.", "Then he left."]


def test_ellipsis_mid_sentence_and_at_the_end():
    assert sents("Late on Saturday night … which was confirmed by the observatory.") == [
        "Late on Saturday night … which was confirmed by the observatory."]
    assert sents("After patience ... the aid was preserved.") == ["After patience ... the aid was preserved."]
    assert sents("We waited... Nothing came.") == ["We waited...", "Nothing came."]


def test_quotation_that_goes_on_is_not_split():
    text = 'He said, “This is a real achievement. So we believe in it.” Then he left.'
    assert sents(text) == ['He said, “This is a real achievement. So we believe in it.”', "Then he left."]
    text = 'Officials said "the base was hit. Nobody was hurt." Later reports differed.'
    assert sents(text) == ['Officials said "the base was hit. Nobody was hurt."', "Later reports differed."]


def test_quote_closing_after_the_stop_ends_the_sentence():
    assert sents("He said, “The United States does not seek conflict with Iran.” Biden spoke in Ottawa.") == [
        "He said, “The United States does not seek conflict with Iran.”", "Biden spoke in Ottawa."]


def test_unbalanced_quote_does_not_swallow_the_paragraph():
    text = "He said, “This is real. So we believe it. And that is why."
    assert len(sents(text)) == 3


def test_semicolon_does_not_split():
    text = "US forces are stationed at several sites in Syria; In particular, near the al-Omar field."
    assert sents(text) == [text]


def test_lowercase_after_stop_does_not_split_but_digit_and_quote_do():
    assert sents("It ended in 2015. 3 goals were hit.") == ["It ended in 2015.", "3 goals were hit."]
    assert sents("It ended. “We won,” he said.") == ["It ended.", "“We won,” he said."]
    assert sents("It ended. and then more.") == ["It ended. and then more."]


def test_double_stop_from_translation_splits():
    assert sents("It was unclear who was responsible for the attacks.. Many observers believe") == [
        "It was unclear who was responsible for the attacks..", "Many observers believe"]


def test_arabic_sentences_split():
    text = "سقطت صواريخ على القاعدة. لم تقع إصابات؟ قال مصدر محلي ذلك."
    assert sents(text) == ["سقطت صواريخ على القاعدة.", "لم تقع إصابات؟", "قال مصدر محلي ذلك."]


def test_spans_are_trimmed():
    text = "  First one.   Second one.  \n\n  Third  "
    assert split_sentences(text) == [(2, 12), (15, 26), (32, 37)]


def test_very_long_run_is_cut_at_a_space():
    text = ("word " * 1000).strip()
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(e - s <= MAX_SENTENCE for s, e in spans)
    assert all(text[s] != " " and text[e - 1] != " " for s, e in spans)
    assert " ".join(text[s:e] for s, e in spans) == text


def test_long_run_without_spaces_is_cut_hard():
    spans = split_sentences("x" * 2500)
    assert spans == [(0, 1000), (1000, 2000), (2000, 2500)]


def test_empty_and_blank():
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t") == []


def test_megabyte_of_text_without_stops_is_linear():
    # A bound ~20x what a laptop needs: catches quadratic behaviour, cannot flake.
    text = "word " * 200_000 + "." * 100_000 + " \n" * 100_000
    t0 = time.perf_counter()
    spans = split_sentences(text)
    assert time.perf_counter() - t0 < 10
    assert all(e - s <= MAX_SENTENCE for s, e in spans)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aB1 .!?…;:\n\t“”\"«»'U.S.Mr")) | st.characters(), max_size=400))
def test_spans_are_in_order_inside_the_text_and_trimmed(text):
    spans = split_sentences(text)
    last_end = 0
    for s, e in spans:
        assert last_end <= s < e <= len(text)
        assert not text[s].isspace() and not text[e - 1].isspace()
        assert e - s <= MAX_SENTENCE
        last_end = e
    # nothing but whitespace is left out
    covered = set()
    for s, e in spans:
        covered.update(range(s, e))
    assert all(text[i].isspace() for i in range(len(text)) if i not in covered)


def test_a_full_stop_glued_to_the_next_sentence_still_ends_one():
    """Scraped text loses the space after a full stop: "reported.Major General ... detonated.Three"."""
    text = ("Al-Monitor online reported.Major General Vyacheslav Gladkikh died after an IED detonated.Three "
            "others were wounded. He met U.S.Army officers at 3.5 km from Mr.Smith.")
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "Al-Monitor online reported.", "Major General Vyacheslav Gladkikh died after an IED detonated.",
        "Three others were wounded.", "He met U.S.Army officers at 3.5 km from Mr.Smith."]
