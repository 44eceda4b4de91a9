"""Fast forms of regexes (first-letter guards, letter-grouped alternations) find what the plain
patterns find, on hand-written news sentences."""
import re

from hypothesis import given, settings, strategies as st

from eventwire.stages import claims, events
from eventwire.stages.actors import first_letter_guarded, letter_grouped

SENTENCES = [
    "A roadside bomb struck a convoy near the village; an IED exploded later and two landmines were defused.",
    "Unimproved roads: an improvised explosive device and a car bomb killed three, while a VBIED was foiled.",
    "Drones and UAVs attacked the base, and warplanes carried out airstrikes; the Air raid hit a market.",
    "Protesters rallied in the square and police fired tear gas; rioters torched shops and looted homes.",
    "Gunmen shot dead a shepherd, the SDF said, according to the Syrian Observatory for Human Rights.",
    "The two sides signed a ceasefire agreement, and the truce took effect on Monday, officials announced.",
    "Regime forces regained control of the town after clashes; Kamikaze drones were intercepted.",
    "SAYS, Said, reportedly, reports: the ministry tweeted that mortar shells fell in the area.",
    "Unexploded ordnance (UXO) and booby-trapped houses remain; a grenade was thrown at the checkpoint.",
    "In response to the attack, US forces struck back, and following the raids a sniper opened fire.",
    "Kelvin sign K and long s ſ and dotless ı, with İstanbul and ÉCOLE, test the case rules.",
    "",
    "the",
]


def _spans(rx: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


def test_first_letter_guard_finds_what_the_plain_pattern_finds():
    for pattern in [*events.WEAPON_PATTERNS.values(), events._AGREEMENT, events._SPEECH_PLACE.pattern,
                    r"\b(?:struck|strikes?|targeted|targeting|bomb\w*|hit)\b", r"(?-i:May)|march"]:
        for flags in (re.IGNORECASE, 0):
            plain, guarded = re.compile(pattern, flags), first_letter_guarded(pattern, flags)
            for text in SENTENCES + [s.lower() for s in SENTENCES] + [s.upper() for s in SENTENCES]:
                assert _spans(guarded, text) == _spans(plain, text), (pattern, text)


def test_letter_grouped_alternation_finds_what_the_plain_one_finds():
    body = (r"said|says|say|reported|as\s+saying|(?:rocket|missile)\s+attacks?|attack(?:ed|ing)|"
            r"air-?strikes?|drones?|downed|(?-i:march(?:ed|es)?)|kill(?:ed|ing|s)|zone|quoted")
    plain = re.compile(rf"\b(?:{body})\b", re.IGNORECASE)
    grouped = re.compile(rf"\b{letter_grouped(body)}\b", re.IGNORECASE)
    assert grouped.pattern != plain.pattern
    for text in SENTENCES + [s.upper() for s in SENTENCES] + ["Marched, marched, MARCH; missile attack, Zone"]:
        assert _spans(grouped, text) == _spans(plain, text), text


def test_report_verb_test_agrees_with_the_plain_pattern():
    plain = re.compile(r"\b" + claims._REPORT_VERB + r"\b|according\s+to", re.IGNORECASE)
    for text in SENTENCES + ["He sayings were quoted", "accordingly, to whom", "ACCORDING TO them"]:
        assert bool(claims._HAS_REPORT_VERB.search(text)) == bool(plain.search(text)), text
    for text in SENTENCES + ["He sayings were quoted", "accordingly, to whom", "ACCORDING TO them", "as saying",
                             "was saying", "as  Saying", "reportedly said", "STATES", "repor ted", "ſaid", "SAİD",
                             "said_", "the warned_ man", "according\nto", "accordingto"]:
        for variant in (text, text.upper(), text.lower()):
            assert claims.has_report_verb(variant) == bool(plain.search(variant)), variant


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["said", "SAID", "says", "as", "saying", "according", "to", "warned", "report",
                                 "reported", "ed", "x", " ", "  ", "_", "\n", "-", "İ", "ı", "ſ", "\u0307", "i"]),
                max_size=12))
def test_report_verb_test_agrees_with_the_plain_pattern_on_any_mix_of_its_words(parts):
    text = "".join(parts)
    plain = re.compile(r"\b" + claims._REPORT_VERB + r"\b|according\s+to", re.IGNORECASE)
    assert claims.has_report_verb(text) == bool(plain.search(text))
