"""The one-pass keyword test gives what a regex search of each keyword gives (`\\b` a word
boundary), and the patterns searched only behind their keywords (actors, outlets, weapons)
find what they all find when searched everywhere."""
import re

import pytest
from hypothesis import given, settings, strategies as st

from eventwire.stages import actors, claims, events
from eventwire.stages.actors import first_letter_guarded
from eventwire.stages.keywords import KeywordSet, PatternSet, first_words, whole

# found anywhere; standing alone (\bap\b); starting a word (\bied); ending one (bomb\b)
WORDS = ["afp", "reuters", "isis", "mob", "new york", "syria", "tv", "a", whole("ap"), whole("us"), whole("is"),
         r"\bied", r"\bair", "bomb\\b"]


def _plain(text: str) -> set[str]:
    """What `re.search` finds of each keyword read as a regex (\b a word boundary)."""
    return {w for w in WORDS if re.search(w.replace(" ", "\\ "), text)}


def test_words_found_anywhere_and_bounded_words_only_where_their_boundaries_are():
    ks = KeywordSet(WORDS)
    text = "the us captured isis positions, ap reported; afp and tv in new york, syria"
    assert ks.held(text) == {whole("us"), "isis", whole("ap"), "afp", "tv", "new york", "syria", "a"}
    # "ap" inside "captured", "us" inside "because", "is" inside "this": not held
    assert ks.held("because this was captured") == {"a"}
    assert ks.held("mobile") == {"mob"}
    # "ied" inside "carried", "air" inside "said", "bomb" at the start of "bombing": not held
    assert ks.held("he carried it, she said, after the bombing") == {"a"}
    assert ks.held("ieds and airstrikes, a car bomb") == {r"\bied", r"\bair", "bomb\\b", "a"}
    assert ks.held("") == set()


def test_a_bounded_word_is_found_at_a_later_occurrence_that_stands_alone():
    ks = KeywordSet([whole("ap")])
    assert ks.held("captured by ap") == {whole("ap")}
    assert ks.held("ap_x") == set()   # "_" is a word character, as for a regex's \b


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("apsuiyrtvnewkomb dj_-.’é")), max_size=60))
def test_held_is_what_the_regex_of_each_keyword_finds(text):
    assert KeywordSet(WORDS).held(text) == _plain(text)


def test_empty_keywords_are_refused():
    for bad in (["a", ""], [], ["\\b"], ["\\b\\b"], ["a\\bb"]):
        with pytest.raises(ValueError):
            KeywordSet(bad)


TEXTS = [
    "US forces and the SDF clashed with IS militants near Deir ez-Zor, AP and Reuters reported.",
    "Because this was captured, the Syrian Arab News Agency (SANA) said, a mob of rioters gathered.",
    "A drone strike and artillery shelling hit the village; an IED went off on the road.",
    "Iranian-backed militias fired rockets at the base, the Pentagon said, citing Al Jazeera and AFP.",
    "Mai-Mai fighters and the FARDC; Sputnik, TASS and RIA Novosti, in the Wall Street Journal.",
]


@pytest.mark.parametrize("text", TEXTS + ["İstanbul: US-led coalition; the SDF and IS. Σ army", "the us army"])
def test_actors_of_a_sentence_read_from_the_words_of_its_document_are_its_own(text):
    doc = actors.DocumentActors(text)
    spans = [(0, len(text)), (1, len(text) - 1), (0, len(text) // 2), (len(text) // 3, len(text))] + \
            [(m.start(), m.end()) for m in re.finditer(r"[^.;:]+", text)]
    for s, e in spans:
        sentence = text[s:e]
        lower = sentence.lower()
        # the plain test: each actor word looked for in the sentence, a word in capitals as a word
        present = {name for word, name in actors._ACTOR_WORDS
                   if word in lower and (word not in actors._WHOLE_ACTOR_WORDS or re.search(rf"\b{re.escape(word)}\b", lower))}
        assert doc.find(s, e) == actors._actors_in(sentence, present), (s, e)


@pytest.mark.parametrize("text", TEXTS + [
    "A car bombing, then car bombs; VBIEDs and landmines; a bomb exploded, he carried it.",
    "Airstrikes and fighter jets, an air raid; he said the aircraft left, with the UXO.",
])
def test_outlets_and_weapons_found_behind_their_words_are_all_their_patterns_find(text):
    every_outlet = [(rx, name) for rx, name in zip(claims._OUTLET_RX, claims._OUTLET_NAMES)]
    assert claims.outlet_spans(text) == actors.leftmost_matches(every_outlet, text)
    assert events._weapons(text) == {n for n in events._WEAPON_NAMES if events._WEAPON_RX[n].search(text)}
    assert events._weapon_spans(text, 0, len(text)) == [m.span() for m in events._WEAPONS_RX.finditer(text)]


def test_the_texts_above_hold_what_they_are_meant_to_test():
    assert sum(len(claims.outlet_spans(t)) for t in TEXTS) >= 8
    assert sum(len(events._weapons(t)) for t in TEXTS) >= 4
    assert sum(len(actors.find_actors(t)) for t in TEXTS) >= 8


# an alternation of the kinds the trigger words have: word forms, a word that goes on (\w*),
# phrases, case kept, a word ending in \w+ (which must go on)
ALTERNATIVES = [r"shell(?:ed|ing|s)", r"advance[ds]?", r"bombard\w*", r"fell\s+on", r"(?-i:march(?:ed|es)?)",
                r"sit-?in", r"detonat\w+", r"(?:rocket|drone)\s+attacks?", r"attacks?\s+(?:on|against)",
                r"(?:were|was)\s+subjected\s+to"]
ALTERNATION = r"\b(?:" + "|".join(ALTERNATIVES) + r")\b"
# patterns of the kinds the type rules have, read on lower-cased text: their own boundaries
RULES = {"kill": r"\bkill\w*|\bwound\w*", "protest": r"\bprotest\w*|\brall(?:y|ied|ies)\b|\bmarch(?:ed|es)\b",
         "gunmen": r"\bgunmen\b|\bassassinat", "looting": r"\b(?:loot\w*|burn(?:ed|t)\s+(?:down\s+)?(?:houses|homes))\b",
         "explosion": r"\bexplo(?:sion|ded|sive)s?\b|\bblast\b|\bdetonat\w+", "upper": r"\bIED\b",
         "look": r"(?<!barrel )\bbombs?\b", "anywhere": r"[0-9]+ dead"}


def _case_set():
    return PatternSet({"alt": (ALTERNATION, re.compile(ALTERNATION, re.IGNORECASE))})


def _rule_set():
    return PatternSet({name: (p, first_letter_guarded(p, 0)) for name, p in RULES.items()})


def test_pattern_set_tells_from_words_where_they_tell_and_asks_the_regex_where_not():
    ps = _case_set()
    assert whole("shelled") in ps.exact["alt"] and r"\bbombard" in ps.exact["alt"] and whole("sit-in") in ps.exact["alt"]
    assert {r"\bfell", r"\bmarch", r"\bdetonat"} <= ps.maybe["alt"]
    for text, found in [("Regime forces shelled the town", True), ("The SHELLS fell on houses", True),
                        ("Bombardment", True), ("a sit-in", True), ("it fell in price", False),
                        ("In March, nothing", False), ("they marched", True), ("they detonated it", True),
                        ("detonat alone", False), ("a drone  attack", True), ("drones attack", False),
                        ("the shellfish", False), ("was subjected to fire", True), ("was it", False), ("", False),
                        # the regex is tried where each of its first words stands: a later one may match
                        ("it was hot, and it was subjected to fire", True), ("Fell in price, fell on X", True),
                        ("awas subjected to", False)]:
        assert ps.read(text).search("alt") is found, text
    rules = _rule_set()
    assert rules.exact["kill"] == {r"\bkill", r"\bwound"} and "anywhere" in rules.always
    assert rules.exact["upper"] == {whole("IED")}   # as written: on lower-cased text never found
    hits = rules.read("gunmen looted shops; 3 dead, a bomb")
    assert [n for n in rules.names if hits.search(n)] == ["gunmen", "looting", "look", "anywhere"]


WORD_PARTS = ["shell", "ed", "s", "ing", "advance", "d", "bombard", "ment", "fell", "on", "March", "march", "sit",
              "-", "in", "detonat", "e", "rocket", "drone", "attack", "against", "was", "subjected", "to", "kill",
              "wound", "protest", "rally", "rallied", "gunmen", "assassinat", "loot", "burnt", "down", "houses",
              "explo", "sion", "blast", "IED", "ied", "barrel", "bomb", "3", "dead",
              " ", "  ", "\n", "_", "x", "İ", "ſ", "\u0307", "."]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(WORD_PARTS), max_size=10))
def test_pattern_set_agrees_with_its_regexes_on_any_mix_of_their_words(parts):
    text = "".join(parts)
    assert _case_set().read(text).search("alt") == bool(re.search(ALTERNATION, text, re.IGNORECASE))
    low = text.lower()
    hits = _rule_set().read(low)
    for name, p in RULES.items():
        assert hits.search(name) == bool(re.search(p, low)), (name, low)


def test_the_trigger_test_of_sentences_agrees_with_the_trigger_patterns():
    sentences = TEXTS + ["Talks were held in March.", "The ceasefire took effect", "Troops were subjected to fire",
                         "Gunmen opened heavy fire", "It fell on the market", "nothing happened here", "Attacks",
                         "the operation", "A protest", "they marched", "an IED attack"]
    found = 0
    for s in sentences:
        plain = events._STRONG.search(s) is not None or events._WEAK.search(s) is not None
        hits = events._TRIGGERS.read(s)
        # a pattern the words rule out does not match
        assert hits.possible("strong") or not events._STRONG.search(s), s
        assert hits.possible("weak") or not events._WEAK.search(s), s
        assert hits.any() == plain, s
        found += plain
    assert 5 <= found < len(sentences)


CLAUSES = ["protesters rallied and threw stones; police fired tear gas and arrested 3",
           "a mob lynched a man accused of theft", "the two sides signed a ceasefire agreement on monday",
           "militants took control of the town after clashes with the army",
           "gunmen shot dead a shepherd and kidnapped his son", "looters burned down houses and shops",
           "an explosive device detonated near a patrol; 2 soldiers were wounded",
           "us strikes hit the base", "troops intercepted and downed a drone", "rebels switched sides",
           "fighters surrendered to the army", "an automatic grenade launcher was used",
           "civilians, women and children, were among the dead", "nothing of the kind"]


def test_type_rules_read_from_words_agree_with_their_patterns():
    held = 0
    for clause in CLAUSES:
        rules = events._TYPE_RULES.read(clause)
        for name, pattern in events._TYPE_WORDS.items():
            assert rules.possible(name) or not re.search(pattern, clause), (name, clause)
            assert rules.search(name) == bool(re.search(pattern, clause)), (name, clause)
            held += rules.search(name)
    assert held >= 25


CASED = r"\bIED\b|\bMarch\b|\b(?i:bomb)s?\b|\bAl[- ]Qaeda\b"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["IED", "ied", "Ied", "March", "march", "MARCH", "bomb", "BOMB", "Bombs", "Al",
                                 "-", "Qaeda", "qaeda", " ", "x", "_"]), max_size=8))
def test_a_case_sensitive_pattern_set_is_read_on_the_text_as_written(parts):
    """Read on mixed-case text, a case-sensitive pattern's words keep their case, and a part
    that ignores case inside it says nothing of where it may match."""
    text = "".join(parts)
    ps = PatternSet({"cased": (CASED, re.compile(CASED))})
    assert ps.read(text).search("cased") == bool(re.search(CASED, text))


def test_first_words_are_where_every_match_of_a_pattern_begins():
    assert first_words(r"\b(?=[GMS])(?:[Ss]pokesman|Gen\.|Mr\.?|Prime\s+Minister)\s+([A-Z]\w+)") == \
        {r"\bspokesman", r"\bgen.", r"\bmr", r"\bmr.", r"\bprime"}
    # a part that may be left out: a match begins as it does, or as what follows it
    assert first_words(r"\b(?:(?<!anti-)(?:pro-?\s?)?houthis?|ansar\s+allah)") == \
        {r"\bpro", r"\bpro-", r"\bhouthi", r"\bhouthis", r"\bansar"}
    assert first_words(r"\b(?:the\s+)?(?:army|troops)") == {r"\bthe", r"\barmy", r"\btroops"}
    assert first_words(r"(?:al|el)-[A-Z]") == {"al-", "el-"}
    with pytest.raises(ValueError):
        first_words(r"\w+ said")          # a match may begin with any word
    with pytest.raises(ValueError):
        first_words(r"\b(?:Gen\.|[A-Z]+)\s")   # one alternative spells nothing


WEAPON_PARTS = ["IED", "ied", "s", "car", " ", "  ", "bomb", "bombs", "exploded", "barrel", "planted", "a", "the",
                "road", "side", "roadside", "land", "mine", "mines", "of", "in", "VBIED", "truck", "pressure",
                "-", "cooker", "booby", "trap", "air", "strike", "jets", "shot", "opened", "fire", "suicide",
                "carried", "x", "_", "İ", "."]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WEAPON_PARTS), max_size=12))
def test_weapons_tried_where_their_first_words_stand_are_what_one_alternation_finds(parts):
    text = "".join(parts)
    every = [(events._WEAPON_RX[n], n) for n in events._WEAPON_NAMES]
    assert events._weapons(text) == {name for _, _, name in actors.leftmost_matches(every, text)}
    assert events._weapon_spans(text, 0, len(text)) == [m.span() for m in events._WEAPONS_RX.finditer(text)]
    if len(text) > 4:   # a span inside a text: the words around it are read, as a search reads them
        assert events._weapon_spans(text, 2, len(text) - 2) == \
            [m.span() for m in events._WEAPONS_RX.finditer(text, 2, len(text) - 2)]


def test_every_weapon_pattern_begins_with_words_it_spells():
    for name, words in events.WEAPON_WORDS.items():
        assert words, name
    assert r"\bied" in events.WEAPON_WORDS["IED"] and "roadside" in events.WEAPON_WORDS["IED"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORD_PARTS), max_size=10))
def test_the_first_match_tried_where_words_stand_is_the_one_a_search_finds(parts):
    text = "".join(parts)
    expected = re.search(ALTERNATION, text, re.IGNORECASE)
    got = _case_set().read(text).first("alt")
    assert (got.span(), got.group()) == (expected.span(), expected.group()) if expected else got is None
    low = text.lower()
    hits = _rule_set().read(low)
    for name, p in RULES.items():
        m = re.search(p, low)
        got = hits.first(name)
        assert (got and got.span()) == (m and m.span()), (name, low)


def test_the_trigger_of_a_clause_is_the_one_its_patterns_find_first():
    for clause in CLAUSES + ["it was hot, and it was subjected to fire", "they shelled it; shells fell"]:
        hits = events._TRIGGERS.read(clause)
        for name, rx in (("strong", events._STRONG), ("weak", events._WEAK)):
            m, got = rx.search(clause), hits.first(name)
            assert (got and got.span()) == (m and m.span()), (name, clause)


def _same_hits(a, b, names):
    return all(a.search(n) == b.search(n) and (a.first(n) and a.first(n).span()) == (b.first(n) and b.first(n).span())
               for n in names)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORD_PARTS + ["Σ", "σ"]), max_size=12), st.integers(0, 60), st.integers(0, 60))
def test_a_span_read_from_the_words_of_its_whole_text_is_the_span_read_alone(parts, a, b):
    """Spans cut anywhere, inside words too: their edges are boundaries, as for the span alone."""
    text = "".join(parts)
    s, e = sorted((min(a, len(text)), min(b, len(text))))
    alt = _case_set()
    assert _same_hits(alt.reader(text).read(s, e), alt.read(text[s:e]), ["alt"])
    rules = _rule_set()
    assert _same_hits(rules.reader(text.lower()).read(s, e), rules.read(text.lower()[s:e]), list(RULES))
    cased = PatternSet({"cased": (CASED, re.compile(CASED))})
    assert _same_hits(cased.reader(text).read(s, e), cased.read(text[s:e]), ["cased"])


def test_the_trigger_spans_of_a_document_read_as_each_sentence_alone():
    text = " ".join(CLAUSES + TEXTS)
    reader = events._TRIGGERS.reader(text)
    spans = [(0, len(text)), (5, 60), (3, 4), (len(text), len(text))] + \
            [(m.start(), m.end()) for m in re.finditer(r"[^;,.]+", text)]
    for s, e in spans:
        assert _same_hits(reader.read(s, e), events._TRIGGERS.read(text[s:e]), ["strong", "weak"]), (s, e)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Reuters", "reported", "said", "İ", "AP", "ap", "captured", "Syria", " ", ".",
                                 "according", "to", "SANA", "Σ", "_", "the", "Observatory", "saying"]), max_size=12),
       st.integers(0, 80), st.integers(0, 80))
def test_the_words_of_a_sentence_found_in_one_pass_over_its_document_are_its_own(parts, a, b):
    text = "".join(parts)
    s, e = sorted((min(a, len(text)), min(b, len(text))))
    words = claims.DocumentWords(text).sentence(s, e)
    assert words.outlets == claims.outlet_spans(text[s:e])
    assert words.report == claims._REPORT_KEYWORDS.held(claims.keyword_text(text[s:e]))
    sentence = text[s:e]
    assert claims.AttributionReader("X").read(sentence, words) == claims.AttributionReader("X").read(sentence)
