"""Fast paths of the fifth speed pass give what the plain forms give: the key of a line read
with bytes, the people a document names looked for only where a given name stands, and the
demonyms tried only where one begins."""
import re

from hypothesis import given, settings, strategies as st

from eventwire.gazetteer import demonyms
from eventwire.stages import clean, geocode


def test_ascii_line_key_is_the_plain_key():
    for line in ["Breaking: 3 killed in Idlib!", "  ***  ", "a_b-c d", "Headline — repeated “quoted”",
                 "Ünïcode & ASCII", "", "\t", "MIXED case 123"]:
        assert clean._line_key(line) == re.sub(r"[\W_]+", "", line.casefold()), line


class _Always:
    def found(self, text):
        return {0}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Juan", "juan", "Perez", "Oscar", "Arias", "Navarro", "President", "Maduro",
                                 "said", "San", "Santa", "Maria", "the", "Town", "JUAN", "Juanita", "İ", "_",
                                 " ", " ", ", ", ".", "-", "’"]), max_size=12))
def test_people_named_only_where_a_given_name_stands_are_all_the_people_named(words):
    text = "".join(words)
    fast = geocode.people_named(text)
    saved = geocode._GIVEN_NAME_WORDS
    geocode._GIVEN_NAME_WORDS = _Always()
    try:
        plain = geocode.people_named(text)
    finally:
        geocode._GIVEN_NAME_WORDS = saved
    assert fast == plain


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
