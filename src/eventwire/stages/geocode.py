"""Geocoding in context: which of the places a clause names is where its incident happened,
and which place-like words the gazetteer could not resolve.

The gazetteer finds every place a text names; the words around each one say what it is
to the incident. "Shelled Lahaya village in the northern countryside of Hama": Lahaya is
the target, Hama only says where Lahaya lies, so Lahaya wins, and when the gazetteer
lacks Lahaya, Hama (its town point: ACLED codes such events at the town) is the honest
fallback. "Kurla town (Mumbai Suburban, Maharashtra)": a Kurla outside Maharashtra is
some namesake, so the qualifier wins. Nothing here invents a coordinate: every point is a
gazetteer place's.

    annotate(text, found, gazetteer) -> the found places, each with its role   (places stage)
    choose_place(places)             -> the place of one mention             (events stage)
    missing_places(texts, gazetteer) -> place-like words the gazetteer lacks (`places --missing`)
"""
from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from ..gazetteer.normalise import name_key
from ..gazetteer.parts import direction
from ..gazetteer.stoplists import ARMED_GROUP_HEADS, GIVEN_NAMES, NON_PLACE_WORDS, PERSON_NAMES
from ..model import PRECISION_RANK, Place, PlaceMention
from .actors import first_letter_guarded
from .keywords import KeywordSet, finditer_from, first_words, keyword_text, whole

# Roles, best first: a role's rank decides before precision does.
CODED = "coded"          # "coded to X", "[coded to X]": the note says where it is coded
TARGET = "target"        # "in X", "X village", "near X", "the town of X"
QUALIFIER = "qualifier"  # "Foo village in X", "Foo (X, Y)": says where the place before lies
AREA = "area"            # "southern X", "the countryside of X", "X province", a region or country
MOTION = "motion"        # "from X", "towards X": where something came from or went
ATTRIBUTE = "attribute"  # "X's military council", "X-backed": an organisation's name, not a place
ROLE_RANK = {CODED: 0, TARGET: 1, QUALIFIER: 2, AREA: 3, MOTION: 4, ATTRIBUTE: 5}

_DIRECTION = r"(?:north|south|east|west|central|centre|center|middle|upper|lower)"
_DIRECTIONAL = rf"(?:{_DIRECTION}(?:ern)?(?:[- ]?(?:north|south|east|west)(?:ern)?)?)"
# words for the land around a town: "the (western) countryside of X", "X's outskirts"
_AROUND = r"(?:countryside|outskirts|suburbs?|vicinity|environs|surroundings|periphery|outskirt|rural\s+areas?|" \
          r"countrysides|desert|badia|plains?)"
_REGION_NOUN = r"(?:province|governorate|governate|region|state|oblast|department|county|prefecture|wilayah?)"

# before the name
_CODED_BEFORE = re.compile(r"\bcoded\s+(?:to|at|as|in)\s+(?:the\s+)?(?:\w+\s+)?$", re.IGNORECASE)
_AREA_BEFORE = re.compile(
    rf"(?:\b{_DIRECTIONAL}\s+(?:rural\s+)?|\b(?:rural|reef|rif)\s+|"
    rf"\b(?:{_AROUND}|{_REGION_NOUN}|parts?|areas?\s+of\s+the|side|countryside)\s+of\s+(?:the\s+)?(?:{_DIRECTIONAL}\s+)?)$",
    re.IGNORECASE)
# "from X", "towards X"; "to X" and "into X" only after a verb of motion ("the entry to X"
# and "attacks to X" name the target)
_MOTION_BEFORE = re.compile(
    r"(?:\b(?:from|towards?|via)|\b(?:moved?|moving|went|go(?:ing|es)?|head(?:ed|ing)|return(?:ed|ing)|"
    r"fled|flee(?:ing)?|travel+(?:ed|ing)?|march(?:ed|ing)|transferred|sent|deployed|arrived|displaced|"
    r"evacuated|withdr[ae]w|retreat(?:ed|ing)|en\s+route|on\s+(?:their|its|his|her)\s+way)"
    r"(?:\s+[a-z]+){0,3}\s+(?:to|into|for))\s+(?:the\s+)?(?:(?:city|town|village|province|area)\s+of\s+)?$",
    re.IGNORECASE)
# both are searched before every place a sentence names: behind a test of their first letters
_AREA_BEFORE = first_letter_guarded(_AREA_BEFORE.pattern)
_MOTION_BEFORE = first_letter_guarded(_MOTION_BEFORE.pattern)
# after the name
_AREA_AFTER = re.compile(
    rf"^(?:'s)?\s+(?:(?:{_DIRECTIONAL}|rural|eastern|western|northern|southern)\s+)*(?:{_AROUND}|{_REGION_NOUN}s?)\b",
    re.IGNORECASE)
_ATTRIBUTE_AFTER = re.compile(
    r"^(?:-(?:backed|based|led|affiliated|linked|born|allied|aligned)\b|"
    r"'s\s+(?!(?:\w+\s+){0,2}(?:countryside|outskirts|suburbs?|vicinity|environs|surroundings|periphery|"
    r"centre|center|streets?|neighbou?rhoods?|districts?|old\s+city|city|province|governorate|east|west|"
    r"north|south|eastern|western|northern|southern|airport|area|market|downtown)\b)\w+|"
    r"\s+(?:operations?\s+command|military\s+council|provincial\s+council|(?:local|city|municipal|tribal)\s+council|"
    r"council|police\s+(?:chief|command|directorate|department)|brigades?|battalion|regiment|"
    r"governor(?:ate\s+council)?\b(?!ate)|university|tribes?|clan|media\s+office|news|post|times|tv|radio|"
    r"agency|network|observatory|(?:regional\s+)?government|administration|authorities|storm|shield|"
    r"spring|cocktails?|building|tower|hotel|stadium|bank|company|group|party|movement|islamic|"
    r"liberation|army|corps))\b",
    re.IGNORECASE)
# "Operation Euphrates Shield", "the Free Idlib Army", "the Islamic Party of Turkistan", "the
# Union of Journalists of X": a name that holds a place name;
# "Jaysh al-Nasr", "Liwa al-Quds", "Faylaq al-Sham": an armed group's Arabic name
# "the Gulf of Aden", "the Sea of Galilee": a sea named after a town is not the town
_ATTRIBUTE_BEFORE = re.compile(r"\b(?:Operation|Free|Battalion|Brigade|Front|(?:Army|Liberation|Party|Front|Movement|"
                               r"Union|Council|Congress|Federation|Association|Organi[sz]ation|Emirate|"
                               r"Gulf|Sea|Straits?|Bay)\s+of(?:\s+the)?)\s+$|"
                               r"\b(?:" + "|".join(ARMED_GROUP_HEADS) + r")\s+(?:(?:al|as|ash|ad|an|ar|az|el)[- ])?$")
# "the Damascus-Aleppo highway": a road is named after the towns it joins
_ROAD_AFTER = re.compile(r"^\s*(?:-\s*[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*\s*)?\s+(?:international\s+)?"
                         r"(?:highway|road|motorway|route|pipeline|railway|expressway|bridge|street|avenue|boulevard)\b",
                         re.IGNORECASE)
_ROAD_BEFORE = re.compile(r"[A-Z][\w'’]*\s*-\s*$")
# between a place and the place that says where it lies: "Foo village in the (eastern)
# countryside of X", "Foo, X", "Foo (X, Y)", "the Foo neighbourhood of X", "Foo, west of X"
_PLACE_NOUN = r"(?:village|villages|town|towns|city|hamlet|camp|area|areas|district|sub-?district|neighbou?rhood|" \
              r"quarter|suburb|region|province|governorate|county|municipality|locality|community|farm|farms|" \
              r"checkpoint|base|airport|front|road|highway|crossing|oil\s+field|field|mountain|valley|LGA)"
_QUALIFIES = re.compile(
    rf"^\s*(?:{_PLACE_NOUN}\s*)?(?:\)\s*)?"
    rf"(?:(?P<comma>,\s*|\(\s*)|,?\s*(?:in|of|near|at|outside|within|inside)\s+|"
    rf",?\s+(?:\d+\s*km\s+)?(?:{_DIRECTIONAL}|{_DIRECTION}\s*-\s*{_DIRECTION})\s+of\s+|"
    rf",?\s+(?:on\s+the\s+)?(?:{_AROUND})\s+of\s+)"
    rf"(?:the\s+)?(?:(?:{_DIRECTIONAL}|rural)\s+)*(?:(?:{_AROUND}|{_PLACE_NOUN})\s+of\s+(?:the\s+)?)?"
    rf"(?:(?:{_DIRECTIONAL}|rural)\s+)*$",
    re.IGNORECASE)
_ADMIN_NOUN = rf"(?:{_REGION_NOUN}|sub-?district|district|municipality)"
_ADMIN_AFTER = re.compile(rf"\s+{_ADMIN_NOUN}\b", re.IGNORECASE)
_ADMIN_OF = re.compile(rf"\b{_ADMIN_NOUN}\s+of\s+(?:the\s+)?$", re.IGNORECASE)
LIST_REACH = 6  # places looked past, in a list of names, for the one that qualifies them all
# words that end a list of names before the qualifier: "Bernas and Zuaniya, near Badama"
_LISTED = re.compile(r"^(?:[ \t]+(?:(?:al|el|as|ash|ad|ar|az|an|at)[- ])?[A-Z][\w'’-]*)*"
                     r"(?:\s*(?:,\s*and|,|and|&)\s*(?:the\s+)?(?:(?:(?:al|el|as|ash|ad|ar|az|an|at)[- ])?[A-Z][\w'’-]*\s*)+)+",
                     re.UNICODE)

# How far a place may lie from the town that qualifies it ("Foo, near X", "Foo
# neighbourhood of X") and still be the place meant: about the reach of "X countryside".
# On the ACLED dev notes (Syria/Iraq Jan 2018; world May 2020) within_25km was 0.460/0.554
# at 30 km, 0.462/0.562 at 60, 0.462/0.563 at 100: flat from 60 on.
QUALIFIER_KM = 60.0
# ...and from a town that stands for its governorate ("Menbij city in northern Aleppo" is
# 80 km from Aleppo): Syrian and Iraqi governorates reach 100-200 km from their capitals.
# Same notes: 80, 150 and 250 km all gave 0.460-0.462 / 0.561-0.562.
AREA_KM = 150.0
# ...and from the town a direction is given from ("Makhmur town, southeast of Mosul": 65 km):
# the place may lie as far as a governorate reaches, if it lies the way the words say, and
# near the distance they give ("20 km north of X").
_TOWARD = re.compile(rf"(?:(?P<km>\d+(?:\.\d+)?)\s*(?:km|kilomet(?:er|re)s?)\s+)?(?P<way>{_DIRECTIONAL})\s+of\s+"
                     rf"(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$", re.IGNORECASE)


@dataclass
class GeoPlace(PlaceMention):
    """A found place with what its words say it is to the text (see the roles above)."""
    role: str = TARGET
    doubtful: bool = False  # disagrees with the place that qualifies it: a namesake elsewhere
    # the place that says where this one lies ("Foo village in X": X), when the words say so
    qualified_by: "GeoPlace | None" = field(default=None, repr=False, compare=False)


def _km(a: Place, b: Place) -> float:
    p = math.pi / 180
    h = (math.sin((b.lat - a.lat) * p / 2) ** 2
         + math.cos(a.lat * p) * math.cos(b.lat * p) * math.sin((b.lon - a.lon) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1.0, h)))


def _role(text: str, pm: PlaceMention) -> str:
    before = text[max(0, pm.start - 60):pm.start]
    after = text[pm.end:pm.end + 60]
    if _CODED_BEFORE.search(before):
        return CODED
    if _ATTRIBUTE_AFTER.match(after) or _ATTRIBUTE_BEFORE.search(before) or _after_person(before) or \
            _NAMED_BY.search(before):
        return ATTRIBUTE
    if pm.place.precision in ("region", "country"):
        return AREA
    if _AREA_BEFORE.search(before) or _AREA_AFTER.match(after):
        return AREA
    if _MOTION_BEFORE.search(before) or _ROAD_AFTER.match(after) or \
            _ROAD_BEFORE.search(before) and re.match(r"^\s+(?:highway|road|motorway)\b", after, re.IGNORECASE):
        return MOTION
    return TARGET


_PREV_WORD = re.compile(r"([A-Z][a-z]+)\s+$")
# "initiated by Don't Let Belgrade D(r)own", "claimed by Free Idlib...": capitalised words
# between "by" and the name make it part of the name of whoever did it
_NAMED_BY = re.compile(r"\bby\s+(?:the\s+)?(?:[A-Z][\w'’]*\s+){1,3}$")


# Who a document names, read once for the whole of it: the last word after a title
# ("President Nicolas Maduro", "Gen. Austin", "spokesman Mustafa Bali"; not "General": "the
# General Hospital Ambato") and the word after a given name ("Nancy Perez") are surnames; a
# place named so, met alone in the same document ("Perez said"), is that person again.
_TITLED = re.compile(r"\b(?=[ACDGJLMOPSs])(?:President|Prime\s+Minister|Minister|Gen\.|Colonel|Col\.|Lt\.|Captain|Capt\.|"
                     r"Sgt\.|Sergeant|Mr\.?|Mrs\.?|Ms\.?|Dr\.|Prosecutor|Judge|Senator|Sen\.|Governor|Mayor|"
                     r"[Ss]pokes(?:man|woman|person)|Ambassador|Agent|Officer|Commander)\s+"
                     r"((?:[A-Z][\w'’-]+\s+){0,2}[A-Z][\w'’-]+)")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")
# where a title or a given name stands, found in one pass: the patterns are tried only there
_TITLE_WORDS = first_words(_TITLED.pattern)
_GIVEN_NAME_WORDS = {whole(name) for name in GIVEN_NAMES}
_PEOPLE_WORDS = KeywordSet(_TITLE_WORDS | _GIVEN_NAME_WORDS)
_TITLE_WORD_INDEXES = frozenset(k for k, w in enumerate(_PEOPLE_WORDS.keywords) if w in _TITLE_WORDS)
_GIVEN_NAME_INDEXES = frozenset(k for k, w in enumerate(_PEOPLE_WORDS.keywords) if w in _GIVEN_NAME_WORDS)
_NEXT_CAPITALISED = re.compile(r"\s+([A-Z][\w'’-]+)")
# "San Francisco Campeche", "Santa Maria Nativitas": a saint's name begins a place's
_SAINT_BEFORE = re.compile(r"\b(?:San|Santa|Santo|S[aã]o|Saint|St\.?|Ste\.?|Sainte)\s+$")


def people_named(text: str) -> frozenset[str]:
    """The given names and surnames of the people `text` names by a title or a given name."""
    names: set[str] = set()
    # the titles and given names found in one pass, and the patterns tried only where they
    # stand (profiled: searching the whole text for titles and capitalised words cost 2.8% of
    # the run on 1,000-word articles)
    titles: set[int] = set()
    givens: set[int] = set()
    for k, start in _PEOPLE_WORDS.found_at(keyword_text(text)):
        if k in _TITLE_WORD_INDEXES:
            titles.add(start)
        if k in _GIVEN_NAME_INDEXES:
            givens.add(start)
    for m in finditer_from(_TITLED, text, sorted(titles)):
        names.add(m.group(1).split()[-1])
    for start in givens:
        m = _CAPITALISED.match(text, start)
        if m is None:
            continue
        given = m.group()
        if given.lower() not in GIVEN_NAMES:
            continue
        nxt = _NEXT_CAPITALISED.match(text, m.end())
        if nxt and nxt.group(1).lower() not in NON_PLACE_WORDS \
                and not _SAINT_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            names.update((given, nxt.group(1)))
    return frozenset(names)


def _after_person(before: str) -> bool:
    """"Mohammed Kassar", "Osama Saad": a given name just before makes it a surname."""
    m = _PREV_WORD.search(before)
    return bool(m) and m.group(1).lower() in PERSON_NAMES


def _partial(text: str, pm: PlaceMention, found: list[PlaceMention], i: int) -> bool:
    """Whether the match is a piece of a longer name the gazetteer lacks: "Tir" of "Tir
    Maallah", "Sahm" of "Sahm El Golan", "Burj" and "Haydar" of "Burj Haydar"."""
    m = _NEXT_NAME.match(text, pm.end)
    if m:
        word = m.group("word")
        low = word.lower()
        if not (low in _english() or low in PLACE_WORDS or low in NON_PLACE_WORDS or word.isupper()):
            return True
    if i > 0 and _JOINED.fullmatch(text, found[i - 1].end, pm.start) and \
            found[i - 1].place.precision in ("town", "site", "region") and pm.place.precision in ("town", "site"):
        return True
    if i + 1 < len(found) and _JOINED.fullmatch(text, pm.end, found[i + 1].start) and \
            pm.place.precision in ("town", "site", "region") and found[i + 1].place.precision in ("town", "site"):
        return True
    return False


_PARTICLE = r"(?:al|el|ad|ar|as|ash|az|an|de|do|da|dos|das|del|di|du|des|la|le|los|las|ki|e|i|bin|ibn)"
_NEXT_NAME = re.compile(rf"[ -](?:{_PARTICLE}[- ])?(?P<word>[A-Z][\w'’]+)")
_JOINED = re.compile(rf"[ -](?:{_PARTICLE}[- ])?")
PLACE_WORDS = frozenset("""
village villages town towns city district subdistrict sub neighborhood neighbourhood quarter camp area
province governorate region countryside outskirts suburbs desert plain airport airbase base military
prison hospital checkpoint bridge dam field oil gas road highway street square market mosque church
school university station crossing border front mountain mountains valley river lake sea island islands
municipality state county department oblast raion lga international central general new old upper lower
north south east west northern southern eastern western council police army forces
""".split())


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    from ..gazetteer.stoplists import english_words
    return english_words()


def consistent(place: Place, qualifier: Place, gazetteer=None, area: bool = False) -> bool:
    """Whether `place` can lie where `qualifier` says: inside the region or country, or
    within QUALIFIER_KM of the town (AREA_KM, or in its first-level region, when the town
    stands for the area around it: "northern Aleppo"). Unknown admin names or points
    never disagree."""
    if place.place_id == qualifier.place_id:
        return True
    if place.country and qualifier.country and place.country != qualifier.country:
        return False
    if qualifier.precision == "country":
        return True
    if qualifier.precision == "region" or area and _names_its_region(qualifier):
        # "Aqrabat town in northern Idleb" is not the Oqeirbat of Hama, 60 km from Idlib city
        return _same_region(place.admin1, qualifier.admin1)
    if PRECISION_RANK.get(place.precision, 9) > PRECISION_RANK.get(qualifier.precision, 9):
        # "Afrin district, Aleppo" read backwards: a district qualified by a town of its region
        return not place.admin1 or not qualifier.admin1 or name_key(place.admin1) == name_key(qualifier.admin1)
    if None in (place.lat, place.lon, qualifier.lat, qualifier.lon):
        return True
    if (qualifier.precision == "district" or area) and place.admin1 and qualifier.admin1 and \
            name_key(place.admin1) == name_key(qualifier.admin1):
        return True
    return _km(place, qualifier) <= (AREA_KM if area else QUALIFIER_KM)


_BEARING = {"north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180, "southwest": 225,
            "west": 270, "northwest": 315}


def lies_toward(gap: str, place: Place, reference: Place) -> bool:
    """Whether `place` lies where the words between it and `reference` say, when they give
    a direction ("Makhmur town, southeast of Mosul", "Foo, 20 km north of X"): in the same
    country, within 45 degrees either side of the direction plus a little (two
    neighbouring compass points), and near the distance given, else within AREA_KM."""
    m = _TOWARD.search(gap)
    way = direction(m.group("way")) if m else None
    if way is None or None in (place.lat, place.lon, reference.lat, reference.lon):
        return False
    if place.country and reference.country and place.country != reference.country:
        return False
    d = _km(reference, place)
    given = m.group("km")
    if given is not None:
        if abs(d - float(given)) > max(10.0, float(given) / 2):
            return False
    elif d > AREA_KM:
        return False
    if d < 5.0:
        return True  # too close for a bearing to mean anything
    p = math.pi / 180
    y = math.sin((place.lon - reference.lon) * p) * math.cos(place.lat * p)
    x = (math.cos(reference.lat * p) * math.sin(place.lat * p)
         - math.sin(reference.lat * p) * math.cos(place.lat * p) * math.cos((place.lon - reference.lon) * p))
    bearing = math.degrees(math.atan2(y, x)) % 360
    off = abs((bearing - _BEARING[way] + 180) % 360 - 180)
    return off <= 67.5


def _same_region(a: str | None, b: str | None) -> bool:
    """Unknown regions never disagree; "Damascus" lies in the ring of "Rural Damascus"."""
    if not a or not b:
        return True
    ka, kb = name_key(a), name_key(b)
    return ka == kb or ka in kb or kb in ka


def used_as_place(text: str, pm: PlaceMention) -> bool:
    """Whether the words around a name say it is a place here, though an outlet, say,
    has the same name: "the outskirts of Al Mayadin city" (not Al Mayadeen TV)."""
    before = text[max(0, pm.start - 40):pm.start]
    after = text[pm.end:pm.end + 30]
    return bool(re.search(r"\b(?:in|near|outside|of|at)\s+(?:the\s+)?$", before, re.IGNORECASE)
                and not re.search(r"\b(?:according\s+to|reports?\s+of|told|cited\s+by)\s+(?:the\s+)?$", before,
                                  re.IGNORECASE)
                or re.match(rf"^\s+(?:{_PLACE_NOUN}|{_AROUND})\b", after, re.IGNORECASE)
                or _AREA_BEFORE.search(before))


def annotate(text: str, found: list[PlaceMention], gazetteer=None) -> list[GeoPlace]:
    """The places `Gazetteer.find` found in `text`, each with its role, and marked
    doubtful where the place that qualifies it ("in X", ", X", "(X, Y)") disagrees."""
    out = [GeoPlace(pm.start, pm.end, pm.text, pm.place, pm.score, _role(text, pm)) for pm in found]
    people = people_named(text) if found else frozenset()
    for pm in out:
        if pm.role != CODED and pm.text in people and " " not in pm.text:
            pm.role = ATTRIBUTE  # "Perez said": the person named before, not the town
    for i, pm in enumerate(out):
        if pm.role != CODED and _partial(text, pm, out, i):
            pm.doubtful = True
    for i, pm in enumerate(out):
        q = _qualifier_of(text, out, i)
        if q is None or q.doubtful:
            continue
        pm.qualified_by = q
        if pm.role == MOTION and _ROAD_AFTER.match(text[pm.end:pm.end + 60]):
            pass  # "on Murree road in Rawalpindi city": the road is named after a town, it lies in this one
        elif q.role in (TARGET, MOTION, QUALIFIER):
            # "Foo (Bar, X)": Bar says where Foo is, X where Bar is: X is the area around
            # ("central Hit district, west of Ramadi": Ramadi says where the district lies)
            q.role = AREA if pm.role in (QUALIFIER, AREA) else QUALIFIER
        if pm.role == CODED or consistent(pm.place, q.place, gazetteer, area=q.role == AREA) \
                or lies_toward(text[pm.end:q.start], pm.place, q.place):
            continue
        if _odd_one_out(text, out, pm, q, gazetteer):
            # "Hudaydah city (Al Hali, Al Hudaydah)": the place and the region that holds the
            # qualifier agree, the qualifier (Al Hali read as Syria's Houla) agrees with neither:
            # it is the namesake elsewhere, and may not move the place it qualifies
            if not _reconcile_qualifier(pm, q, gazetteer):
                q.doubtful = True
        elif not _reconcile(pm, q, gazetteer):
            pm.doubtful = True
    if gazetteer is not None and hasattr(gazetteer, "region_part"):
        for pm in out:
            if pm.role == AREA:
                _to_part(text, pm, gazetteer)
    return out


# "southern Idlib", "the northern countryside of Hama", "Hama's northern countryside",
# "in the countryside of south-western Daraa": a part of the region
_PART_BEFORE = re.compile(rf"\b({_DIRECTIONAL})\s+(?:(?:rural|(?:countryside|parts?|areas?)\s+of)\s+(?:the\s+)?)?$",
                          re.IGNORECASE)
_PART_AFTER = re.compile(rf"^(?:'s)?\s+({_DIRECTIONAL})\s+(?:countryside|rural\s+areas?|parts?|areas?)\b",
                         re.IGNORECASE)
_CITY_AFTER = re.compile(r"^\s+(?:city|town)\b", re.IGNORECASE)  # "southern Aleppo city": the city's south


def _to_part(text: str, pm: GeoPlace, gazetteer) -> None:
    """Make `pm` the part of its region a direction word names ("southern Idlib": the
    region, or the town named after it, read as an area), when the gazetteer knows enough
    of the region's places to tell where that part lies (gazetteer/parts.py)."""
    place = pm.place
    if not (place.precision == "region" or place.precision == "town" and _names_its_region(place)):
        return
    after = text[pm.end:pm.end + 40]
    if _CITY_AFTER.match(after):
        return
    m = _PART_BEFORE.search(text[max(0, pm.start - 40):pm.start]) or _PART_AFTER.match(after)
    way = direction(m.group(1)) if m else None
    part = gazetteer.region_part(place, way) if way else None
    if part is not None:
        pm.place = part


_QUALIFIER_WORDS = re.compile(rf"\s+(?:{_REGION_NOUN}|district|sub-?district|city|town)$", re.IGNORECASE)


def _reconcile(pm: GeoPlace, q: GeoPlace, gazetteer) -> bool:
    """Try the other places either name may mean for a pair that agrees: "Tarn Taran
    (Punjab)" is the Punjab of India, "Benito Juarez, Nuevo Leon" the one in Nuevo Leon."""
    if gazetteer is None or not hasattr(gazetteer, "namesakes"):
        return False
    area = q.role == AREA
    for other in gazetteer.namesakes(pm.text)[1:]:
        if other.precision == pm.place.precision and consistent(other, q.place, gazetteer, area=area):
            pm.place = other
            return True
    return _reconcile_qualifier(pm, q, gazetteer)


def _odd_one_out(text: str, places: list[GeoPlace], pm: GeoPlace, q: GeoPlace, gazetteer) -> bool:
    """Whether `q`, which disagrees with the place it qualifies, also disagrees with the place
    that qualifies it, while that one agrees with `pm`: "Foo (Bar, X)" with Foo in X, Bar not."""
    k = next((n for n, other in enumerate(places) if other is q), None)
    r = _qualifier_of(text, places, k) if k is not None else None
    return r is not None and not r.doubtful and consistent(pm.place, r.place, gazetteer, area=True) \
        and not consistent(q.place, r.place, gazetteer, area=True)


def _reconcile_qualifier(pm: GeoPlace, q: GeoPlace, gazetteer) -> bool:
    """`_reconcile` with `pm` as it is: another place the qualifier's name may mean."""
    if gazetteer is None or not hasattr(gazetteer, "namesakes"):
        return False
    area = q.role == AREA
    for other in gazetteer.namesakes(_QUALIFIER_WORDS.sub("", q.text)):
        if other.place_id != q.place.place_id and other.precision == q.place.precision and \
                consistent(pm.place, other, gazetteer, area=area):
            q.place = other
            return True
    return False


def _qualifier_of(text: str, places: list[GeoPlace], i: int) -> GeoPlace | None:
    """The place that says where places[i] lies, if the words between them say so."""
    pm = places[i]
    if pm.place.precision == "country":
        return None
    for q in places[i + 1:i + 1 + LIST_REACH]:
        gap = text[pm.end:q.start]
        if len(gap) > 300 or re.search(r"[.;:!?\n]", gap):
            return None
        m = _LISTED.match(gap)
        if len(gap) - (m.end() if m else 0) > 80:
            return None  # a list of names may run longer ("A, B, C and D towns in X")
        rest = gap[m.end():] if m else gap
        hit = _QUALIFIES.match(rest)
        if hit:
            # "Khamil, Mandali district", "Foo sub-district of Aleppo": the qualifier is named
            # as a district or a region, though the gazetteer knows it as a town
            admin = _ADMIN_AFTER.match(text, q.end) or _ADMIN_OF.search(rest) and _names_its_region(q.place)
            # "Raju, Jandairis" is a list; "Nis, Serbia" and "Manaus, Amazonas" qualify
            if hit.group("comma") and not (PRECISION_RANK[q.place.precision] > PRECISION_RANK[pm.place.precision]
                                           or q.role == AREA or pm.role == QUALIFIER or "(" in gap
                                           or pm.place.precision == "district" or admin):
                return None
            if (pm.place.precision in ("district", "region") or admin) and q.place.precision == "town":
                q.role = AREA  # "Andar district, Ghazni": the province, named like its capital
            return q
        if not m:
            return None
    return None


def _key(pm: PlaceMention) -> tuple:
    role = getattr(pm, "role", TARGET)
    precision = pm.place.precision
    if role == AREA and precision == "town" and _names_its_region(pm.place):
        precision = "region"  # "northern Aleppo" is less precise than "Afrin district"
    rank = PRECISION_RANK[precision]
    if role == TARGET and rank <= PRECISION_RANK["district"]:
        rank = 0  # among targets the first named wins ("clashes in Harasta ... Abu Bakr mosque")
    return (ROLE_RANK[role], rank, -pm.score, pm.start)


def _names_its_region(place: Place) -> bool:
    return bool(place.admin1) and name_key(place.name) == name_key(place.admin1)


def with_qualifiers(places: list[PlaceMention]) -> list[PlaceMention]:
    """`places`, and when every one is doubtful, the places that contradicted them, though
    named outside the span ("A, B al-C, and D villages in the Hamra district": a clause that
    names only A, read as a namesake elsewhere, lies in Hamra district)."""
    if not places or not all(getattr(pm, "doubtful", False) for pm in places):
        return places
    extra = []
    for pm in places:
        q = getattr(pm, "qualified_by", None)
        if q is not None and not q.doubtful and q not in places and q not in extra:
            extra.append(q)
    return places + extra


def choose_place(places: list[PlaceMention]) -> PlaceMention | None:
    """The place of a mention among the places its clause names: the best role first (a
    target before the place that qualifies it, before the area around, before a place
    things came from, before an organisation's name); among targets the first named
    (checked on the ACLED dev notes: +0.002 within_25km over the most specific first),
    otherwise the most specific; then the surest match. A place its qualifier
    contradicts, or matched only in part, is left out while another place is named."""
    places = [pm for pm in places if getattr(pm, "role", TARGET) != ATTRIBUTE]
    if not places:
        return None
    good = [pm for pm in places if not getattr(pm, "doubtful", False)] or places
    return min(good, key=_key)


class PlaceIndex:
    """A document's sentences, paragraphs and places, indexed once so that placing each of
    its events costs no scan of the whole document (a report of n incidents in one
    paragraph would otherwise cost O(n^2))."""

    def __init__(self, doc) -> None:
        text, spans = doc.text, doc.sentences
        self.spans = spans
        self.sentence_starts = [s for s, _ in spans]
        n = len(spans)
        first = [0] * n
        for k in range(1, n):
            first[k] = first[k - 1] if "\n" not in text[spans[k - 1][1]:spans[k][0]] else k
        last = [n - 1] * n
        for k in range(n - 2, -1, -1):
            last[k] = last[k + 1] if first[k + 1] == first[k] else k
        self.first, self.last = first, last
        self.places = sorted(doc.places or [], key=lambda pm: (pm.start, pm.end))
        self.place_starts = [pm.start for pm in self.places]
        self.coded = [pm for pm in self.places if getattr(pm, "role", None) == CODED]
        self.coded_starts = [pm.start for pm in self.coded]

    def sentence_of(self, pos: int) -> int | None:
        k = bisect.bisect_right(self.sentence_starts, pos) - 1
        return k if k >= 0 and pos < self.spans[k][1] else None

    def places_in(self, k: int) -> list[PlaceMention]:
        """The places of sentence k that are not an organisation's or a person's attribute."""
        s, e = self.spans[k]
        lo, hi = bisect.bisect_left(self.place_starts, s), bisect.bisect_left(self.place_starts, e)
        return [pm for pm in self.places[lo:hi] if pm.end <= e and getattr(pm, "role", TARGET) != ATTRIBUTE]

    def coded_between(self, start: int, end: int) -> list[PlaceMention]:
        lo, hi = bisect.bisect_left(self.coded_starts, start), bisect.bisect_left(self.coded_starts, end)
        return self.coded[lo:hi]


def event_place(doc, mention, chosen: PlaceMention | None, single: bool = True,
                index: PlaceIndex | None = None) -> PlaceMention | None:
    """The place of an event whose first mention is `mention` and whose mentions chose
    `chosen`: a place its paragraph says the event is coded at ("coded to X") wins;
    an event whose mentions name no place ("Clashes erupted in Manaus. No fatalities.")
    takes the place chosen from the nearest sentence before it in the same paragraph,
    else from the nearest after it. `index` is the document's PlaceIndex (built here when
    not given; give it when placing several events of one document)."""
    if not doc.places or not doc.sentences:
        return chosen
    index = index or PlaceIndex(doc)
    here = index.sentence_of(mention.start)
    if here is None:
        return chosen
    spans = index.spans
    lo, hi = index.first[here], index.last[here]
    if getattr(chosen, "role", None) != CODED:
        coded = index.coded_between(spans[lo][0], spans[hi][1])
        if coded:
            return coded[0]
    if chosen is not None and chosen.place.precision not in ("region", "country"):
        return chosen
    if chosen is not None and not single:
        # in an article of several incidents an earlier town may be another incident's
        return chosen
    if chosen is not None:
        # "In Spur Tree, Manchester parish, police seized ... the biggest bust in Jamaica":
        # a town named earlier in the paragraph is where the told incident is
        for k in range(here - 1, lo - 1, -1):
            earlier = choose_place(index.places_in(k))
            if earlier is not None and PRECISION_RANK[earlier.place.precision] < PRECISION_RANK[chosen.place.precision] \
                    and not getattr(earlier, "doubtful", False):
                return earlier
        return chosen
    for k in [*range(here, lo - 1, -1), *range(here + 1, hi + 1)]:
        inside = index.places_in(k)
        if inside:
            return choose_place(inside)
    return None


# ----------------------------------------------------------------- missing places

# Capitalised words in a place slot: "in Foo", "near Foo", "the village of Foo", "the
# countryside of Foo", or "Foo village/town/district/neighbourhood".
_NAME = r"(?:(?:al|el|ad|ar|as|ash|az|an|at)[- ])?[A-Z][\w'’`-]*(?:[- ](?:(?:al|el|ad|ar|as|ash|az|an|at|de|del|da|do|la|ul|e)[- ])?[A-Z][\w'’`-]*){0,3}"
_SLOT_BEFORE = re.compile(
    rf"\b(?:in|near|at|outside|(?:village|town|city|district|hamlet|area|neighbou?rhood|suburb|"
    rf"outskirts|countryside|vicinity|municipality|region|province|governorate)\s+of)\s+(?:the\s+)?"
    rf"(?:(?:{_DIRECTIONAL}|rural)\s+)?(?P<name>{_NAME})")
_SLOT_AFTER = re.compile(
    rf"(?:^|[^\w'’-])(?P<name>{_NAME})\s+(?:village|villages|town|district|sub-?district|neighbou?rhood|"
    rf"quarter|camp|area|countryside|LGA)\b")
_NOT_A_PLACE = re.compile(r"^(?:The|This|That|These|Those|Its|His|Her|Their|Our|A|An|Al|El|In|On|At|"
                          r"January|February|March|April|May|June|July|August|September|October|November|"
                          r"December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)$")


@dataclass
class MissingPlace:
    """A place-like name the gazetteer could not resolve, how often, and one example."""
    name: str
    count: int
    example: str


def _sentences(text: str) -> Iterable[tuple[int, int]]:
    start = 0
    for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z\"“(])|\n+", text):
        yield start, m.start()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def unresolved_names(text: str, found: list[PlaceMention]) -> list[tuple[str, int, int]]:
    """(name, start, end) of the place-like names in `text` that no found place covers.
    A place the gazetteer matched only in part ("Tir" of "Tir Maallah") or that its
    qualifier contradicts ("Sayda ... in Dar'a" read as Sidon) covers nothing."""
    covered = [(pm.start, pm.end) for pm in found if not getattr(pm, "doubtful", False)]
    out: list[tuple[str, int, int]] = []
    seen: set[int] = set()
    for rx in (_SLOT_BEFORE, _SLOT_AFTER):
        for m in rx.finditer(text):
            s, e = m.span("name")
            name = re.sub(r"-[a-z][\w-]*$", "", m.group("name")).strip("-'’ ")  # "YPG-controlled"
            words = name.split()
            while words and _NOT_A_PLACE.match(words[0]):
                words = words[1:]
            if not words or s in seen:
                continue
            name = " ".join(words)
            s = e - len(name) if text[s:e].endswith(name) else s
            if any(a < e and s < b for a, b in covered):
                continue
            if name.isupper() and len(name) <= 5:
                continue  # acronyms: SDF, LGA
            seen.add(s)
            out.append((name, s, e))
    out.sort(key=lambda x: x[1])
    return out


def missing_places(texts: Iterable[str], gazetteer) -> list[MissingPlace]:
    """Place-like names that `gazetteer` does not resolve, most frequent first, each with
    the sentence it was first seen in: what to add to a place file (`--places`), not to
    guess at."""
    counts: Counter[str] = Counter()
    examples: dict[str, str] = {}
    spelled: dict[str, Counter[str]] = {}
    for text in texts:
        if not text:
            continue
        found = annotate(text, gazetteer.find(text), gazetteer)
        names = unresolved_names(text, found)
        if not names:
            continue
        spans = list(_sentences(text))
        for name, s, _e in names:
            key = name_key(name)
            if len(key) < 3:
                continue
            counts[key] += 1
            spelled.setdefault(key, Counter())[name] += 1
            if key not in examples:
                sent = next((text[a:b] for a, b in spans if a <= s < b), text)
                examples[key] = " ".join(sent.split())
    out = [MissingPlace(spelled[k].most_common(1)[0][0], n, examples[k]) for k, n in counts.items()]
    out.sort(key=lambda m: (-m.count, m.name))
    return out


def texts_of_paths(paths: Iterable[str], max_bytes: int = 50_000_000) -> Iterable[str]:
    """The cleaned text of every document the inputs hold (files, folders, JSON Lines)."""
    from .clean import clean
    from .load import iter_documents

    for item in iter_documents(paths, max_bytes=max_bytes):
        if hasattr(item, "raw"):
            yield clean(item).text


def texts_of_store(store) -> Iterable[str]:
    """The cleaned text of every document stored in a `Store`."""
    from ..model import Document
    from .clean import clean

    for row in store.conn.execute("SELECT doc_id, raw, fmt FROM documents ORDER BY rowid"):
        yield clean(Document(doc_id=row["doc_id"], raw=row["raw"], fmt=row["fmt"] or "txt")).text
