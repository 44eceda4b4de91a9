"""The one-pass keyword test gives what a test of each keyword gives: `word in text`, or the
word standing on its own for the words taken whole; and the pipeline's keyword sets (actors,
outlets, weapons) keep the answers of their plain forms."""
import re

import pytest
from hypothesis import given, settings, strategies as st

from eventwire.stages import actors, claims, events
from eventwire.stages.keywords import KeywordSet

WORDS = ["ap", "afp", "reuters", "us", "is", "isis", "mob", "new york", "syria", "tv", "a"]
WHOLE = ["ap", "us", "is"]


def _plain(text: str) -> set[str]:
    out = set()
    for w in WORDS:
        if w in WHOLE:
            if re.search(r"(?<!\w)" + re.escape(w) + r"(?!\w)", text):
                out.add(w)
        elif w in text:
            out.add(w)
    return out


def test_words_found_anywhere_and_whole_words_only_standing_alone():
    ks = KeywordSet([w for w in WORDS if w not in WHOLE], WHOLE)
    text = "the us captured isis positions, ap reported; afp and tv in new york, syria"
    assert ks.held(text) == {"us", "isis", "ap", "afp", "tv", "new york", "syria", "a"}
    # "ap" inside "captured", "us" inside "because", "is" inside "this": not held
    assert ks.held("because this was captured") == {"a"}
    assert ks.held("mobile") == {"mob"}
    assert ks.held("") == set()


def test_a_whole_word_is_found_at_a_later_occurrence_that_stands_alone():
    ks = KeywordSet([], ["ap"])
    assert ks.held("captured by ap") == {"ap"}
    assert ks.held("ap_x") == set()   # "_" is a word character, as for a regex's \b


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("apsuiyrtvnewkomb _-.’é")), max_size=60))
def test_held_is_the_plain_test_of_each_word(text):
    ks = KeywordSet([w for w in WORDS if w not in WHOLE], WHOLE)
    assert ks.held(text) == _plain(text)


def test_empty_keywords_are_refused():
    with pytest.raises(ValueError):
        KeywordSet(["a", ""])
    with pytest.raises(ValueError):
        KeywordSet([])


TEXTS = [
    "US forces and the SDF clashed with IS militants near Deir ez-Zor, AP and Reuters reported.",
    "Because this was captured, the Syrian Arab News Agency (SANA) said, a mob of rioters gathered.",
    "A drone strike and artillery shelling hit the village; an IED went off on the road.",
    "Iranian-backed militias fired rockets at the base, the Pentagon said, citing Al Jazeera and AFP.",
    "Mai-Mai fighters and the FARDC; Sputnik, TASS and RIA Novosti, in the Wall Street Journal.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_actor_words_are_those_the_plain_test_finds(text):
    lower = text.lower()
    plain = [(w, n) for w, n in actors._ACTOR_WORDS
             if w in lower and (w not in actors._WHOLE_ACTOR_WORDS or actors.holds_word(lower, w))]
    assert actors.actor_words_in(text) == plain


@pytest.mark.parametrize("text", TEXTS)
def test_outlets_and_weapons_are_those_the_plain_tests_find(text):
    lower = text.lower()
    outlets = {i for i, keys in enumerate(claims._OUTLET_KEYS)
               if any(k in lower if not k.isupper() else actors.holds_word(lower, k.lower()) for k in keys)}
    names = [claims._OUTLET_NAMES[i] for i in sorted(outlets)]
    plain = actors.leftmost_matches([(claims._OUTLET_RX[i], claims._OUTLET_NAMES[i]) for i in sorted(outlets)], text)
    assert claims.outlet_spans(text) == plain
    found = {name for _, _, name in plain}
    assert found <= set(names)
    words = claims.keyword_text(text)
    weapons = [n for n in events._WEAPON_NAMES if any(w in words for w in events.WEAPON_WORDS[n])]
    assert events._weapons(text) == {n for _, _, n in actors.leftmost_matches(
        [(events._WEAPON_RX[n], n) for n in weapons], text)}


def test_the_texts_above_hold_what_they_are_meant_to_test():
    assert sum(len(claims.outlet_spans(t)) for t in TEXTS) >= 8
    assert sum(len(events._weapons(t)) for t in TEXTS) >= 4
    assert sum(len(actors.actor_words_in(t)) for t in TEXTS) >= 8
