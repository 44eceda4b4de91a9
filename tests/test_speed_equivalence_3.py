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


# ---- reading casualty counts: guards in front of the groups of victims and the non-people numbers

from eventwire import classify  # noqa: E402
from eventwire.stages import claims  # noqa: E402

COUNT_SENTENCES = [
    "Three soldiers and 2 civilians were killed, and at least seven people were wounded near Brigade 17.",
    "A woman and child died; the driver and his son were shot dead, as were their 4 children.",
    "His brother, the mukhtar of the village, and another man were killed; one of them died later.",
    "An Islamic State militant was killed and a family of three wounded; both were killed, AND THE BOYS DIED.",
    "Dozens of fighters, several civilians, scores of people and hundreds of others were injured on 12 March.",
    "The toll rose to twenty-one; about 40 were hurt, nearly a hundred fled, roughly 5 km away at 10:30 pm.",
    "Gunmen killed a shepherd, his wife and their 2 daughters in 2019; a councillor and a labourer were also shot.",
    "Between four and six people died, 8-10 others were injured, some aged 12 to 15, on 3/4/2021.",
    "The remaining 3 prisoners were executed, a further two fighters died, and an additional 5 were hurt.",
    "Up to 30 rebels, more than 12 troops and over 100 militiamen were killed, as many as 9 civilians injured.",
    "brand new cars and vans were hit; the grand total of 4 men, the group of 6 youths and a crew of 3 died.",
    "On May 5 and Sept. 12, $400 was paid; No. 4 and Route 66 were closed; 3rd Division, 2 rounds, 5 drones.",
    "Kelvin sign KİLLED and long s ſoldiers: Ten ſoldiers were killed, İnjured were 4.",
    "Fatalities coded as 3, split between 2 events; 1 additional fatality coded.",
    "Residents said the market reopened after the rain.",
    "",
    "and",
    "the 5",
]
COUNT_TEXTS = COUNT_SENTENCES + [s.upper() for s in COUNT_SENTENCES] + [s.lower() for s in COUNT_SENTENCES]
# words a group of victims may begin with (written out here from the patterns' words, not taken
# from the guard's list), before a few nouns, so that each is tried
_STARTS = """his her their its the our at least about around nearly almost approximately roughly some up to more than
over as many an estimated a further another additional reported reportedly remaining all total family group crew
team one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred several few dozen couple number
dozens scores hundreds tens both single them whom those others""".split()
_STARTS += ["7", "12", "1,200", "and", "between", "a single", "one of", "age", "aged", "at least", "up to",
            "more than", "as many as", "an estimated", "a further", "an additional", "a reported", "the remaining",
            "a total of", "the family of", "a group of", "twenty-one", "a hundred", "a few", "a dozen", "a number of"]
COUNT_TEXTS += [f"{w} {n} were killed and {w} {n} wounded" for w in _STARTS for n in ("men", "soldier", "of them")]
COUNT_TEXTS += [f"{w} 3 civilians died, {w}ty others" for w in _STARTS]


def _plain(pattern: str) -> str:
    """A pattern with the grouped head nouns written as the plain alternation, and no guard."""
    return pattern.replace(claims._HEAD_SG, rf"(?:{claims._PERSON_SINGULAR})\b").replace(claims._GROUP_START, "")


def _matches(rx, text):
    return [(m.span(), m.groups()) for m in rx.finditer(text)]


def test_guarded_groups_of_victims_match_as_the_plain_groups():
    assert claims._GROUP_START in claims._GROUP_RX.pattern
    guarded = [claims._GROUP_RX] + [rx for _, _, _, rx in claims._COUNT_PATTERNS]
    for rx in guarded:
        plain = re.compile(_plain(rx.pattern), rx.flags)
        for text in COUNT_TEXTS:
            for t in (text, claims._mask(text)):
                assert _matches(rx, t) == _matches(plain, t), (rx.pattern[:60], t)
    # as `_group_counts` searches: within a span of the sentence
    plain_group = re.compile(_plain(claims._GROUP_RX.pattern), claims._GROUP_RX.flags)
    for text in COUNT_SENTENCES:
        for s in range(0, len(text), 7):
            for e in range(s, len(text) + 1, 11):
                assert _matches(claims._GROUP_RX, text[:e][s:]) == _matches(plain_group, text[:e][s:])
                assert [m.span() for m in claims._GROUP_RX.finditer(text, s, e)] == \
                    [m.span() for m in plain_group.finditer(text, s, e)], (text, s, e)


def test_guarded_non_people_numbers_match_as_the_plain_pattern():
    rx = claims._NOT_PEOPLE
    assert rx.pattern.startswith(claims._NOT_PEOPLE_START)
    plain = re.compile(rx.pattern[len(claims._NOT_PEOPLE_START) + len("(?:"):-len(")")], rx.flags)
    units = """Jan January Feb February Mar March Apr April May June Jun July Jul Aug August Sep Sept September Oct
October Nov November Dec December aged age brigade division regiment battalion corps unit route road highway sector
camp point checkpoint block building no No. number hill phase zone precinct ward resolution article flight level
grade chapter section gate years-old km hours""".split() + ["MAY", "march", "Brigade-", "$", "1-2-"]
    texts = COUNT_TEXTS + [f"{u} 17 and {u}#4, 5 {u}, in {u} 2 2018 people" for u in units]
    for text in texts:
        assert _matches(rx, text) == _matches(plain, text), text


def test_remembered_stem_features_are_the_plain_features():
    plain_stems = lambda toks: ["~" + classify.stem(t) for t in toks if len(t) >= 4 and t != classify.NUMBER]
    texts = COUNT_SENTENCES + ["Shelling: shelled shells shelling the airstrikes, 3,000 rounds", "the ones"]
    for text in texts * 2:   # the second time from memory
        toks = classify.tokens(text)
        feats = classify.features(text, pairs=False, lead=2, heading=True, stems=True)
        expected = list(dict.fromkeys(toks + plain_stems(toks) + ["^" + t for t in toks[:2]] +
                                      (["heading:" + t for t in classify.tokens(classify._HEADING.match(text).group(1))]
                                       if classify._HEADING.match(text) else [])))
        assert feats == expected, text


# ---- merging: votes and place tests remembered

def _typed(etype, sub, a1=None, a2=None):
    from eventwire.stages.actors import ActorMention
    m = _mention([])
    m.event_type, m.sub_event_type = etype, sub
    m.actor1 = ActorMention(0, 1, a1, a1, "actor1") if a1 else None
    m.actor2 = ActorMention(0, 1, a2, a2, "actor2") if a2 else None
    return m


def test_remembered_votes_follow_the_members():
    members = [_typed("Battles", "Armed clash", "SDF"), _typed("Explosions/Remote violence", None, None, "SDF"),
               _typed("Explosions/Remote violence", "Air/drone strike", "US forces"),
               _typed("Battles", None, "US forces", "Islamic State"), _typed(None, None),
               _typed("Battles", "Armed clash", "US forces", "Islamic State")]
    c = events.Cluster([])
    for m in members:
        c.members.append(m)
        s = c.summary()
        for _ in range(2):   # the second time from memory
            assert s.vote("event_type") == events.vote([x.event_type for x in c.members])
            assert s.vote("sub_event_type") == events.vote([x.sub_event_type for x in c.members])
            for role in ("actor1", "actor2"):
                assert s.vote(role) == c.actor(role)


class _SlottedGazetteer:
    """A gazetteer that takes no new attribute: places_compatible answers without memory."""
    __slots__ = ("inner",)

    def __init__(self, inner):
        self.inner = inner

    def contains(self, a, b):
        return self.inner.contains(a, b)


def test_remembered_place_tests_are_the_plain_tests():
    from eventwire.gazetteer import Gazetteer
    gaz = Gazetteer.default()
    names = ["Idlib", "Ariha", "Aleppo", "Deir ez-Zor", "Mayadin", "Baghdad", "Raqqa", "Afrin", "Kobani", "Hama"]
    places = [p for n in names for p in gaz.namesakes(n, limit=3)]
    places.append(_place("x:1", "Idlib", "town", admin1="Idlib"))
    places.append(_place("x:2", "Idlib Governorate", "region", admin1="Idlib Governorate"))
    slotted = _SlottedGazetteer(gaz)
    for _ in range(2):   # the second time from memory
        for a in places:
            for b in places:
                plain = events._places_compatible(a, b, gaz)
                assert events.places_compatible(a, b, gaz) == plain, (a.name, b.name)
                assert events.places_compatible(a, b, slotted) == plain
    # a new object under an old id is not taken for the old one
    a, b = _place("y:1", "Here", "town"), _place("y:2", "There", "town")
    assert events.places_compatible(a, b, gaz) is False
    assert events.places_compatible(a, a, gaz) is True


# ---- the type model asked only where its answer is used

def _plain_decide_type(c, text, single):
    """decide_type as it read before: the model predicts for every event."""
    rule_type, rule_sub = c.types()
    weapons = set().union(*(m.weapons for m in c.members))
    pred = events._model("").predict(text) if text else None
    use_model = pred is not None and (rule_type is None or (single and pred.event_type_p >= events.CLASSIFIER_MIN_P))
    if use_model:
        etype = pred.event_type
        if rule_type == etype and rule_sub in events._WEAPON_SUBTYPES and weapons:
            sub = rule_sub
        else:
            sub = pred.sub_event_type or (rule_sub if rule_type == etype else None)
    else:
        etype = rule_type or "Explosions/Remote violence"
        sub = rule_sub
    if sub is None:
        sub = events.default_subtype(etype, weapons)
    return etype, sub


def test_type_decided_as_when_the_model_always_predicted():
    texts = ["", "Protesters gathered in the square and police fired tear gas.",
             "Unknown gunmen shot dead a shepherd near the village.",
             "Regime forces shelled the town with mortars and rockets; 3 civilians were killed.",
             "A drone struck a car on the road, killing two IS militants.",
             "Clashes broke out between SDF and IS; fatalities coded as 4."]
    rules = [(None, None, set()), ("Battles", "Armed clash", set()), ("Explosions/Remote violence", None, {"drone"}),
             ("Explosions/Remote violence", "Air/drone strike", {"drone"}), ("Protests", None, set()),
             ("Violence against civilians", "Attack", {"small arms"})]
    for etype, sub, weapons in rules:
        m = _typed(etype, sub)
        m.weapons = weapons
        c = events.Cluster([m])
        for text in texts:
            for single in (True, False):
                assert events.decide_type(c, text, single) == _plain_decide_type(c, text, single), (etype, text, single)
