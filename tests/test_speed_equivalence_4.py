"""Fast paths of the fourth speed pass give what the plain forms give, on hand-written text:
the count patterns that begin with a list of victims tried only where a group can begin,
and the gazetteer's words read in one pass with the gaps between them."""
from eventwire.gazetteer.match import _LINKS, _WORD, Gazetteer, _Token, _word_info
from eventwire.stages import claims, keywords
from eventwire.stages.keywords import finditer_from

# hand-written, in the manner of ACLED notes and wire reports
SENTENCES = [
    "3 soldiers and 2 civilians were killed when an IED exploded near Hawija.",
    "A woman and child were wounded, and the driver was killed in the blast.",
    "Six civilians, three women, a man and two boys were killed in the shelling.",
    "Their 4 children (aged 3 to 9) and his wife were injured; 2 fatalities, 5 injuries.",
    "Two killed and three wounded. 7 dead, including a commander, were reported by SOHR.",
    "The bodies of 5 men were found, and 12 fatalities were coded, with 3 dead and 4 wounded.",
    "Between 4 and 6 fighters were killed and at least seven people were injured in clashes.",
    "One of them died later in hospital; another was wounded, and 3 others were hurt.",
    "the victims, a farmer and his son, were killed and the village's 2 shepherds wounded",
    "Gunmen killed 3 policemen and wounded 2 others; no one else was hurt.",
    "and 5 soldiers were killed",
    "An Islamic State militant and 2 SDF fighters were killed, 3 were injured, 9 dead.",
]


def _plain_counts(sentence):
    """`_find_counts` with every count pattern searched at every character, and the zero and
    unknown patterns in every sentence ("" is in every text): no fast path."""
    saved = claims._LIST_FIRST, claims._ZERO_WORDS, claims._UNKNOWN_WORDS
    claims._LIST_FIRST, claims._ZERO_WORDS, claims._UNKNOWN_WORDS = frozenset(), [("",)] * 3, ("",)
    try:
        return claims._find_counts.__wrapped__(sentence)
    finally:
        claims._LIST_FIRST, claims._ZERO_WORDS, claims._UNKNOWN_WORDS = saved


def test_list_patterns_are_the_ones_that_begin_with_a_list():
    assert claims._LIST_FIRST, "no pattern takes the fast path: the test below would test nothing"
    for k in claims._LIST_FIRST:
        assert "(?P<list>" in claims._COUNT_PATTERNS[k][3].pattern[:12]


def test_list_patterns_tried_where_groups_begin_match_as_searched_everywhere():
    for sentence in SENTENCES:
        masked = claims._mask(sentence)
        starts = [m.start() for m in claims._LIST_START_RX.finditer(masked)]
        for k in claims._LIST_FIRST:
            rx = claims._COUNT_PATTERNS[k][3]
            searched = [(m.span(), m.groupdict()) for m in rx.finditer(masked)]
            tried = [(m.span(), m.groupdict()) for m in finditer_from(rx, masked, starts)]
            assert tried == searched, (k, sentence)


def test_counts_read_with_the_fast_path_are_the_plain_counts():
    found = 0
    for sentence in SENTENCES:
        fast = claims._find_counts.__wrapped__(sentence)
        assert fast == _plain_counts(sentence), sentence
        found += len(fast)
    assert found >= 20   # the sentences hold counts: the comparison is not of empty lists


def _plain_tokens(text):
    """The gazetteer's words as a plain pass over `_WORD` reads them."""
    out = []
    for m in _WORD.finditer(text):
        fold, lower, cap, article = _word_info(m.group())
        out.append(_Token(m.start(), m.end(), m.group(), (fold, lower, cap, article), False))
    for a, b in zip(out, out[1:]):
        a.link = text[a.end:b.start] in _LINKS
    return out


TEXTS = [
    "Clashes in Deir ez-Zor and Dar'a; Iran's forces hit al-Omar field.\nNew line: Sheikh Maqsoud",
    "“Idlib”—(Ma'arat al-Nu'man) 3 km‑south of Khan Sheikhoun, Hama’s countryside",
    "",
    "   ",
    "Abu_Kamal  Al‐Bukamal x",
    "قصف على إدلب و حلب, then Raqqa.",
    "O'Brien's men. Rock'n'roll ʿAyn al-ʿArab `Ali",
]


def test_tokens_read_with_their_gaps_are_the_plain_tokens():
    gaz = Gazetteer()   # tokenising uses no place data
    for text in TEXTS:
        assert gaz._tokens(text) == _plain_tokens(text), text
    toks = gaz._tokens(TEXTS[0])
    assert [t.raw for t in toks[:5]] == ["Clashes", "in", "Deir", "ez", "Zor"]
    assert [t.link for t in toks[2:5]] == [True, True, True]      # "Deir ez-Zor and"
    assert [(t.raw, t.link) for t in toks[6:8]] == [("Dar'a", False), ("Iran", False)]   # "Dar'a; Iran's"


def test_patterns_run_on_a_sentence_exactly_when_it_holds_their_words():
    """The words looked up once per sentence decide as the pattern-by-pattern test did."""
    for sentence in SENTENCES + ["No one was hurt.", "The death toll rose to 9.", "he died", "Bodies found."]:
        words = claims.keyword_text(claims._mask(sentence))
        held = {w for w in claims._NEEDED_WORDS if w in words}
        for groups, sets in zip(claims._COUNT_PATTERN_WORDS, claims._NEEDED_WORD_SETS):
            plain = all(any(w in words for w in group) for group in groups)
            assert (not any(map(held.isdisjoint, sets))) == plain, (sentence, groups)


ZERO_AND_UNKNOWN = [
    "No casualties were reported.", "The strike did not result in any human losses.", "There was no loss of life.",
    "No one was killed or wounded.", "Nobody was killed.", "No fatalities reported, no injuries.", "He died; no one was hurt.",
    "No information about the extent of the damage.", "Casualties remain unknown.", "An unknown number of dead.",
    "Neither civilians nor fatalities.", "NO CASUALTIES", "no reports of deaths", "without reported injuries",
    "The number of fatalities is unclear.", "Authorities denied there were victims.",
]


def test_zero_and_unknown_patterns_run_on_every_sentence_that_can_hold_them():
    """Each zero or unknown pattern skipped for want of its words matches nothing there."""
    matched = 0
    for sentence in SENTENCES + ZERO_AND_UNKNOWN:
        words = claims.keyword_text(sentence)
        for (_fields, rx), needed in zip(claims._ZERO_PATTERNS, claims._ZERO_WORDS):
            found = rx.search(sentence) is not None
            matched += found
            assert not found or any(w in words for w in needed), (sentence, needed)
        found = claims._UNKNOWN_PATTERNS.search(sentence) is not None
        matched += found
        assert not found or any(w in words for w in claims._UNKNOWN_WORDS), sentence
        assert claims._find_counts.__wrapped__(sentence) == _plain_counts(sentence), sentence
    assert matched >= len(ZERO_AND_UNKNOWN)


def test_distance_to_an_event_is_to_its_nearest_member_sentence():
    from types import SimpleNamespace
    from eventwire.stages import events
    members = [[5], [2, 9], [0, 3, 3, 12], [7, 8]]
    clusters = [events.Cluster([SimpleNamespace(sent=s) for s in sents]) for sents in members]
    nearest = events._NearestEvents(list(clusters))
    for c, sents in zip(clusters, members):
        for sent in range(-2, 16):
            d, after, _order = nearest.distance(c, sent)
            assert d == min(abs(s - sent) for s in sents), (sents, sent)
            assert after == (0 if min(sents) <= sent else 1)


def test_keyword_text_translates_only_where_there_is_something_to_translate():
    texts = ["Two soldiers KILLED", "“Quoted” — text, no fold", "İdlib", "ſhelling", "DIYARBAKIR ı", "\u212aILLED",
             "e\u0307", "", "Ölü"]
    for text in texts:
        assert claims.keyword_text(text) == text.translate(keywords._KEYWORD_FOLD).lower(), text
        assert len(claims.keyword_text(text)) == len(text)
    assert claims.keyword_text("ſhelling") == "shelling"
