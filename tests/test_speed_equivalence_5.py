"""Fast paths of the fifth speed pass give what the plain forms give: the key of a line read
with bytes, the people a document names looked for only where a given name stands, and the
demonyms tried only where one begins."""
import re

from hypothesis import given, settings, strategies as st

from eventwire.gazetteer import demonyms
from eventwire.model import OffsetMap
from eventwire.gazetteer.stoplists import GIVEN_NAMES, NON_PLACE_WORDS
from eventwire.stages import clean, geocode


def test_ascii_line_key_is_the_plain_key():
    for line in ["Breaking: 3 killed in Idlib!", "  ***  ", "a_b-c d", "Headline — repeated “quoted”",
                 "Ünïcode & ASCII", "", "\t", "MIXED case 123"]:
        assert clean._line_key(line) == re.sub(r"[\W_]+", "", line.casefold()), line


def _plain_people_named(text):
    """people_named as a search through the whole text reads it."""
    names = set()
    for m in geocode._TITLED.finditer(text):
        names.add(m.group(1).split()[-1])
    for m in geocode._CAPITALISED.finditer(text):
        given = m.group()
        if given.lower() not in GIVEN_NAMES:
            continue
        nxt = geocode._NEXT_CAPITALISED.match(text, m.end())
        if nxt and nxt.group(1).lower() not in NON_PLACE_WORDS \
                and not geocode._SAINT_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            names.update((given, nxt.group(1)))
    return frozenset(names)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["Juan", "juan", "Perez", "Oscar", "Arias", "Navarro", "President", "Maduro",
                                 "said", "San", "Santa", "Maria", "the", "Town", "JUAN", "Juanita", "İ", "_",
                                 "Gen.", "Gen", "Mr", "Mr.", "Ms", "spokesman", "Spokesman", "SPOKESMAN",
                                 "Prime", "Minister", "Lt.", "xPresident",
                                 " ", " ", ", ", ".", "-", "’"]), max_size=12))
def test_people_named_only_where_a_title_or_given_name_stands_are_all_the_people_named(words):
    text = "".join(words)
    assert geocode.people_named(text) == _plain_people_named(text)


def test_people_named_by_title_in_a_long_text_are_those_a_search_finds():
    text = ("Spokesman Mustafa Bali said. President Nicolas Maduro and Gen. Austin met; the spokesman "
            "Ali Omar spoke, as did Prime Minister Haider al-Abadi. Mr Smith and Juan Perez came. ") * 3
    found = geocode.people_named(text)
    assert found == _plain_people_named(text)
    assert {"Bali", "Maduro", "Austin", "Omar", "Smith", "Juan", "Perez"} <= found


def test_people_named_by_a_given_name_are_found():
    assert geocode.people_named("The minister, Juan Perez, said Perez would come.") >= {"Juan", "Perez"}
    assert geocode.people_named("Nothing here but Idlib and Hama.") == frozenset()


def _hinted_by_search(text):
    """The plain form: the demonym pattern searched through the whole text."""
    found = set()
    for m in demonyms._pattern().finditer(text):
        found |= demonyms.demonyms()[m.group(1)]
    return frozenset(found)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Afghan", "Afghans", "South Sudanese", "Sudanese", "pro-", "anti-", "Turkish",
                                 "Indian", " Ocean", "American", " Samoa", "Saudi", "-led", "Iranian", "-backed",
                                 "Iraqi", "Iraqis", "x", "s", " ", ", ", "_", "Syrian", "Syrians", "South"]),
                max_size=12))
def test_demonyms_tried_where_they_begin_are_those_the_search_finds(words):
    text = "".join(words)
    assert demonyms.countries_hinted(text) == _hinted_by_search(text)


def test_demonyms_are_found():
    assert demonyms.countries_hinted("Afghan and pro-Turkish forces, the Indian Ocean, South Sudanese troops") == \
        _hinted_by_search("Afghan and pro-Turkish forces, the Indian Ocean, South Sudanese troops")
    assert {"Afghanistan"} <= demonyms.countries_hinted("Afghan forces repelled a Taliban attack")


def test_the_person_said_pattern_is_searched_wherever_it_can_match():
    from eventwire.stages import claims
    matched = 0
    for s in ["John Smith said the army shelled the town.", "Abu Omar, stressed that", "He said so",
              "Maria Lopez-Garcia told reporters", "SAID Ali", "Ahmed saidx", "Ali Hassan,\nwarned",
              "Officials acknowledged it", "the said_man", "Nothing here"]:
        if claims._PERSON_SAID.search(s):
            matched += 1
            assert claims._PERSON_VERB_WORDS.found(s), s
    assert matched >= 4


def test_lines_with_no_character_to_edit_are_not_searched_and_the_others_are_edited():
    for line in ["Hаsakah (Cyrillic а) road", "H\u0327asakah", "soft\u00adhyphen and zero\u200bwidth",
                 "plain “quoted” text — no edits", "Ἀθῆναι", "Deir ez-Zor\ufeff"]:
        edits = clean._character_edits(line, 0, len(line))
        plain = sorted([(m.start(), "") for m in clean._INVISIBLE_RE.finditer(line)]
                       + [(i, "") for m in clean._LATIN_MARKS_RE.finditer(line) for i in range(m.start(), m.end())]
                       + [(w.start() + m.start(), clean._LOOKALIKES[m.group()])
                          for w in clean._WORD_WITH_INVISIBLES_RE.finditer(line)
                          if clean._LATIN_RE.search(w.group()) and clean._LOOKALIKE_RE.search(w.group())
                          for m in clean._LOOKALIKE_RE.finditer(w.group())])
        assert edits == plain, line
    assert clean._character_edits("plain “quoted” text", 0, 19) == []
    assert clean._character_edits("Hаsakah", 0, 7) == [(1, "a")]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aZ9_ -.,!") + ["“", "”", "—", "\u00a0", "،", "؟", "ß", "İ", "Ǆ",
                                                            "\u0301", "★", "²", "٣", "إ", "é", "ﬁ", "\u200b", "\ud800"]),
               max_size=40))
def test_the_key_of_a_line_beyond_ascii_is_the_plain_key(line):
    assert clean._line_key(line) == re.sub(r"[\W_]+", "", line.casefold())


WS_PARTS = ["a", "b", " ", "  ", "\t", "\u00a0", "\u2009", "\u3000", "\x1c", "\x85", "\u200b", "\u2028", "é", "."]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WS_PARTS), max_size=30))
def test_a_line_with_nothing_to_collapse_is_copied_as_the_collapsing_copy_makes_it(parts):
    line = "".join(parts)
    if line.isprintable() and "  " not in line:   # then the search is skipped: it finds nothing
        assert clean._WS_RUN_RE.search(line) is None
    parts_out, offsets = [], OffsetMap()
    clean._copy_collapsed(line, 0, len(line), parts_out, offsets)
    plain = re.sub(r"\s{2,}|[^\S ]", " ", line)
    edits = clean._character_edits(line, 0, len(line))
    if not edits:
        assert "".join(parts_out) == plain


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Home", "News", "Syria", " ", "  ", "word", "»", "Arab", "World", "x"]), max_size=60))
def test_a_long_line_is_no_label_as_its_squashed_words_tell(parts):
    content = "".join(parts)
    squashed = " ".join(content.split())
    if len(squashed) > 40 or not squashed:
        assert clean._is_label(content, loose=True) is False
