"""Fast paths of the third speed pass (a mention's place remembered, name folds remembered)
give what the plain forms give, on hand-written text and places."""
import re

from eventwire.gazetteer import normalise
from eventwire.model import Place
from eventwire.stages import events
from eventwire.stages.claims import Attribution
from eventwire.stages.geocode import AREA, ATTRIBUTE, QUALIFIER, TARGET, GeoPlace, choose_place


def _place(pid, name, precision, admin1=None, country="Syria"):
    return Place(pid, name, 35.0, 38.0, precision, country=country, admin1=admin1)


def _geo(start, name, precision, role=TARGET, doubtful=False, score=100.0, admin1=None):
    pm = GeoPlace(start, start + len(name), name, _place(f"p:{name}", name, precision, admin1), score, role)
    pm.doubtful = doubtful
    return pm


def _mention(places):
    return events.Mention(0, 0, 0, 100, 0, 100, True, False, None, None, set(), places, None, False,
                          None, None, [], Attribution(None, None))


def test_remembered_place_follows_the_list_as_it_grows():
    m = _mention([])
    assert m.place is None
    grown = [_geo(40, "Idlib", "region", role=AREA, admin1="Idlib"),
             _geo(10, "Ariha", "town", admin1="Idlib", doubtful=True),
             _geo(60, "Afrin", "district", role=QUALIFIER),
             _geo(5, "Raqqa", "town", role=ATTRIBUTE),
             _geo(80, "Saraqib", "town", score=90.0),
             _geo(2, "Binnish", "town")]
    for pm in grown:
        m.places.append(pm)            # as `_enrich` extends it
        assert m.place is choose_place(m.places)
        assert m.place is choose_place(m.places)   # read again: the same answer
    m.places.extend([])
    assert m.place is choose_place(m.places)


def test_copy_with_a_new_list_reads_its_own_place():
    a, b = _geo(10, "Ariha", "town"), _geo(30, "Saraqib", "town")
    m = _mention([a, b])
    assert m.place is a
    copy = events.Mention(**{**m.__dict__, "places": [b]})   # as `_split_by_place` makes them
    assert copy.place is b
    assert m.place is a
    same_length = events.Mention(**{**m.__dict__, "places": [b, a]})
    assert same_length.place is choose_place([b, a])


def test_split_mentions_each_have_their_listed_place():
    text = "Strikes hit the Koniko and Omar fields."
    kon = _geo(text.index("Koniko"), "Koniko", "site")
    omar = _geo(text.index("Omar"), "Omar", "site")
    m = _mention([kon, omar])
    assert m.place is kon
    parts = events._split_by_place(m, text)
    assert [p.place for p in parts] == [choose_place(p.places) for p in parts] == [kon, omar]


def _plain_fold(name):
    return re.sub(r"[^a-z]", "", name.lower().replace("governorate", "").replace("province", ""))


def test_remembered_folds_are_the_plain_folds():
    names = ["Deir ez-Zor Governorate", "Idlib Province", "Al-Hasakah", "ḨASAKAH", "Dar'a", "", "Ninawa",
             "Ar Raqqah", "Abu Kamal", "Albukamal", "حلب", "Kandahar province", "İstanbul"]
    for name in names * 2:   # the second time from memory
        assert events._fold(name) == _plain_fold(name), name
        assert normalise.name_key(name) == "".join(normalise.fold_word(t) for t in normalise.tokens(name)), name
