"""Fast paths of reading casualty counts (word tests instead of regex tests, number words grouped
by first letter, _mask skipping its passes) give what the plain forms give, on hand-written text."""
import re

from eventwire.stages import claims

SENTENCES = [
    "Two soldiers were killed and 3 civilians wounded on 12 March 2023 at 10:30 near Brigade 17.",
    "Between four and six people died; at least 8-10 others were injured, some aged 12 to 15.",
    "Fatalities coded as 3, split between 2 events; an additional five fatalities coded.",
    "Several gunmen shot dead a shepherd and his son, leaving twenty-one families displaced.",
    "One or two bodies were found, and a hundred homes burned over the weekend.",
    "KİLLED, WOUNDED: Kelvin sign Killed, long s ſplit, dotless ı ınjured, İnjured and ÉCOLE.",
    "The protest ended peacefully; nobody was hurt and no one was killed.",
    "Unknown number of casualties; the toll rose to eleven, the number of dead reached 7.",
    "Three rockets, 5 km away, cost $400 in 2019 at 9 pm; 3 rounds of mortars fell.",
    "Residents said the market reopened after the rain.",
    "A man was executed; a woman succumbed to her wounds; their remains were returned.",
    "",
    "the",
]
TEXTS = SENTENCES + [s.upper() for s in SENTENCES] + [s.lower() for s in SENTENCES]


def test_word_tests_agree_with_the_plain_regexes():
    any_count = re.compile(
        r"kill|dead|death|die|fatal|martyr|bod(?:y|ies)|corpse|remains|wound|injur|hurt|casualt|execut|assassin|slain|"
        r"perish|coded|split|spread|divided|distributed|succumb|murder|behead|massacr|lives|life|toll|victim|losses|"
        r"lynch|gunned|slaughter", re.IGNORECASE)
    coder = re.compile(r"coded|split|spread|divided|distributed|shared|allocated|rounded", re.IGNORECASE)
    injury = re.compile(r"wound|injur|hurt|maim", re.IGNORECASE)
    for text in TEXTS:
        words = claims.keyword_text(text)
        assert any(w in words for w in claims._ANY_COUNT_WORDS) == bool(any_count.search(text)), text
        assert any(w in words for w in claims._CODER_WORDS) == bool(coder.search(text)), text
        assert any(w in words for w in claims._INJURY_WORDS_ANY) == bool(injury.search(text)), text


def _plain_mask(sentence: str) -> str:
    """_mask as it read before its shortcuts: every pass on every sentence."""
    chars = list(sentence)
    for m in claims._NOT_PEOPLE.finditer(sentence):
        digits = re.search(r"\d[\d,.:/\-\s]*\d|\d", m.group(0))
        if digits:
            chars[m.start() + digits.start():m.start() + digits.end()] = " " * (digits.end() - digits.start())
    masked = "".join(chars)
    for m in claims._RANGE_TOP.finditer(masked):
        for g in ("top", "top2", "top3"):
            if m.group(g):
                chars[m.start(g):m.end(g)] = " " * (m.end(g) - m.start(g))
    for m in claims._BETWEEN.finditer(masked):
        chars[m.start():m.end()] = " " * (m.end() - m.start())
    return "".join(chars)


def test_mask_shortcuts_change_nothing():
    for text in TEXTS:
        assert claims._mask(text) == _plain_mask(text), text
    assert claims._mask("Residents said the market reopened.") == "Residents said the market reopened."


def test_number_words_grouped_by_letter_match_as_the_plain_alternation():
    units = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
             r"seventeen|eighteen|nineteen)")
    tens = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    quant = (r"(?:(?:at\s+least|about|around|nearly|almost|approximately|roughly|some|up\s+to|more\s+than|over|"
             r"as\s+many\s+as|an\s+estimated|a\s+further|another|an\s+additional|a\s+reported|reportedly|"
             r"the\s+remaining|all|(?:an?\s+|the\s+)?(?:total|family|group|crew|team)\s+of)\s+)")
    texts = TEXTS + ["seventeen, Seventy-Seven, tenth, ten, eighteen, a total of nine, the family of four, "
                     "AN ADDITIONAL two, about nineteen, roughly ninety-nine, sixteen and sixty"]
    for plain, grouped in ((units, claims._UNITS), (tens, claims._TENS), (quant, claims._QUANT)):
        plain_rx = re.compile(rf"\b{plain}\b", re.IGNORECASE)
        grouped_rx = re.compile(rf"\b{grouped}\b", re.IGNORECASE)
        assert grouped_rx.pattern != plain_rx.pattern
        for text in texts:
            assert [m.span() for m in grouped_rx.finditer(text)] == [m.span() for m in plain_rx.finditer(text)], text


def test_killed_and_wounded_pattern_needs_its_words():
    field, _, _, rx = claims._COUNT_PATTERNS[0]
    needed = claims._COUNT_PATTERN_WORDS[0]
    assert field == "mixed"
    for text in TEXTS + ["3 killed and wounded", "5 casualties", "killing and injuring 4 people",
                         "7 militants were killed, injured or captured", "2 were dead and wounded"]:
        masked = claims._mask(text)
        words = claims.keyword_text(masked)
        if rx.search(masked):
            assert all(any(w in words for w in group) for group in needed), text
