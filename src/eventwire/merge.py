"""One incident from many reports: which events from different documents are the same
incident, and the merged record with every report and claim kept.

Candidates are blocked by place (a grid cell around the coordinates, widened with the
place's precision, or the region / country for coarse places) and by date (days of the
range, widened with its precision); only events sharing a block are compared. A pair is
scored on type, sub-type, sides, weapons and wording; events from one document never
merge (the document already told them apart). Pairs are taken best first with ties
broken by event ids, so the result does not depend on input order.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
import re
from dataclasses import dataclass
from typing import Any, Iterable

from .gazetteer.stoplists import ARMED_GROUP_HEADS
from .model import PRECISION_RANK, Claim
from .stages.actors import side
from .stages.claims import parse_number
from .stages.events import vote as _vote
from .stages.resolve import resolve_values

# How far apart two reports of one incident may place it, by the coarser precision (km).
# A site is a base or a field: reports name it or the town beside it. Calibrated on the
# seed articles and the composed multi-report fixtures; ACLED's geo_precision 2 means
# "within ~25 km of the town".
MAX_KM = {"site": 8.0, "town": 15.0, "district": 40.0}
# Two gazetteer entries this close at the same precision are one place.
SAME_PLACE_KM = 1.0
# Word overlap (Jaccard) two reports need when one places the incident only in a region or
# a country. Calibrated with bench/merge_quality.py on the ACLED dev files.
COARSE_MIN_WORDS = 0.35
# A date read from the text is taken as it is; a date that is only the publication day
# (no date words) could be the day after the incident, so its range may start this many
# days earlier. Calibrated with bench/merge_quality.py on 2,000 ACLED 2018 rows: one day
# of slack merged the same village struck on consecutive days (over-merge 0.24 against
# 0.13 without), so undated reports merge only with reports of their own day.
UNDATED_DAYS_BEFORE = 0
# Ranges longer than this are too vague to merge on (a year, "in recent months").
MAX_RANGE_DAYS = 45
# A pair merges at this score or above (0..1): the composed multi-report fixtures score
# 0.73-0.96; on the ACLED dev rows (distinct incidents) raising it from 0.6 to 0.75 cut
# over-merge only from 0.134 to 0.121, most of what is left being rows that share a place,
# a day, a kind and often the very same note (bench/merge_quality.py).
THRESHOLD = 0.7
GRID_DEG = 0.25  # blocking cell, about 25 km
# A report published more than this many days after the last day its incident may fall on
# mentions it in passing ("in December 2019", "last month") as background to its own news.
# Two such mentions do not make two reports of one incident: on the ACLED dev files, rows
# that recall one old incident (protests that recall an arrest months before) merged
# through it (bench/merge_quality.py --mode batch: over-merge 4.41% without this rule,
# 4.03% with it, on the 2020 World file; the same for 3 or 14 days). A report of the day
# still takes in a later mention, and a week leaves last week's incidents, as a weekly
# round-up reports them, free to merge with each other.
PASSING_DAYS = 7
# A place this populous (a city, a district, a province) sees several incidents of one kind
# on one day (two protests, two shootings in different quarters), so sharing it says less: a
# pair placed in one loses CITY_DISCOUNT and must agree more on sides, weapons and wording.
# Calibrated with bench/merge_quality.py --mode batch on the ACLED dev files: over-merge
# 5.01% without the discount, 4.03% with it, on the 2020 World file (Afghanistan 4.23% ->
# 3.63%); 300,000 people kept only half of that, a discount of 0.05 a third. The composed
# multi-report fixtures (a gas field, a small town) are not touched.
CITY_PEOPLE = 100_000
CITY_DISCOUNT = 0.1

_WORD = re.compile(r"[a-z]{3,}")
_STOP = frozenset("the and for with that this from were was are has have had said says after near into over "
                  "its their which who on in at of to by an as".split())


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1.0, a)))


@dataclass(slots=True)
class Sketch:
    """What merging needs of an event, small enough to hold a million in memory."""
    event_id: str
    docs: frozenset
    lat: float | None
    lon: float | None
    precision: str
    place_id: str | None
    admin1: str | None
    country: str | None
    start: dt.date | None
    end: dt.date | None
    date_precision: str
    event_type: str
    sub_event_type: str
    side1: str | None
    side2: str | None
    weapons: frozenset
    words: frozenset
    names: frozenset  # proper names the reports use (folded), resolved as places or not
    spot: str  # the first place the report names, as written and folded (gazetteer knows it or not)
    place_keys: frozenset  # the folded words of its own place
    rank: tuple = ()  # which member's id a merged event keeps: the earliest first report
    lo: dt.date | None = None  # the range of days the incident may fall on
    hi: dt.date | None = None
    population: int = 0  # of its place, as the gazetteer has it (0: not known)
    listed: bool = False  # its place is one of a list ("strikes on A, B and C")
    spot_side: str = ""  # the side of its spot the report names: "Western Ghariyeh" -> "west"; "!east" when
    # the name itself ends with it ("Ashkara Sharqi")
    victims: frozenset = frozenset()  # the kinds of people its reports count ("3 soldiers": military)
    counted: frozenset = frozenset()  # and the numbers they count them by

    def __post_init__(self) -> None:
        if self.lo is None and self.start is not None:
            self.lo, self.hi = self.start, self.end

    @classmethod
    def of(cls, rec: dict[str, Any]) -> "Sketch":
        loc, d = rec["location"], rec["date"]
        start = dt.date.fromisoformat(d["start"]) if d.get("start") else None
        end = dt.date.fromisoformat(d["end"]) if d.get("end") else start
        quotes = []
        for c in rec.get("claims", []):
            if c.get("quote") and c["quote"] not in quotes:
                quotes.append(c["quote"])
        text = " ".join([rec.get("notes") or ""] + quotes[:6]).lower()
        published = min((r.get("published") or "9999-12-31") for r in rec["reports"]) if rec["reports"] else "9999-12-31"
        lo = start - dt.timedelta(days=UNDATED_DAYS_BEFORE) if start and not d.get("text") else start
        spot, spot_side = _spot(rec, quotes[:6])
        victims, counted = _victims(quotes[:6])
        return cls(rec["event_id"], frozenset(r["doc_id"] for r in rec["reports"]), loc.get("lat"), loc.get("lon"),
                   loc.get("precision") or "unknown", loc.get("place_id"), loc.get("admin1"), loc.get("country"),
                   start, end, d.get("precision") or "unknown", rec["event_type"], rec["sub_event_type"],
                   _side(rec["actor1"].get("name")), _side(rec["actor2"].get("name")),
                   frozenset(rec.get("weapons") or ()), frozenset(w for w in _WORD.findall(text) if w not in _STOP),
                   _other_names(rec, quotes[:6]), spot, _place_keys(rec),
                   (published, rec["event_id"]), lo, end, _population(loc), _listed(loc, quotes[:6]), spot_side,
                   victims, counted)

    @property
    def in_passing(self) -> bool:
        """Every report of it came out more than PASSING_DAYS after the incident: it is
        recalled as background, not reported."""
        published = self.rank[0] if self.rank else ""
        if self.hi is None or not published or published.startswith("9999"):
            return False
        try:
            return (dt.date.fromisoformat(published[:10]) - self.hi).days > PASSING_DAYS
        except ValueError:  # a publication time the crawler wrote its own way
            return False

    def days(self) -> range:
        """The days (ordinals) the incident may fall on; empty when undated or too vague."""
        if self.start is None or (self.end - self.start).days > MAX_RANGE_DAYS:
            return range(0)
        return range(self.lo.toordinal(), self.hi.toordinal() + 1)

    @property
    def level(self) -> str:
        """How merging finds its partners: "fine" (a point: nearby cells), "region" or
        "country" (everything in the region or country)."""
        if self.lat is not None and PRECISION_RANK.get(self.precision, 5) <= PRECISION_RANK["district"]:
            return "fine"
        if self.precision == "region" and self.admin1:
            return "region"
        return "country" if self.country else ""

    def reach(self) -> tuple[int, int]:
        """Grid cells (north-south, east-west) around a fine sketch's own cell that can hold
        a place close enough to be its place (MAX_KM of its precision)."""
        limit = max(MAX_KM.get(self.precision, 0.0), SAME_PLACE_KM)
        dy = math.ceil(limit / (111.0 * GRID_DEG))
        dx = math.ceil(limit / (111.0 * GRID_DEG * max(math.cos(math.radians(self.lat)), 0.05)))
        return dy, dx


_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z'’-]{2,})")
_ANY_WORD = re.compile(r"\b([A-Za-z][a-z'’-]{2,})")
_NOT_NAMES = frozenset("""the this that these those there their they then when while after before during since
until with without from into near east west north south eastern western northern southern central local
syrian iraqi american russian iranian turkish israeli kurdish afghan arab islamic state forces army regime
government coalition international observatory human rights news agency ministry defense defence president
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december us u.s. uk un usa nato isis isil daesh hts sdf ypg pkk pmf idf
base bases field military airport""".split())
_DIRECTIONS = frozenset("east west north south eastern western northern southern central upper lower greater "
                        "new old".split())
# the side of a place a direction word names: "Eastern Ghariyeh" and "Western Ghariyeh" are
# two towns, as are "Upper" and "Lower" X ("greater" names no side of its own)
_SIDE = {"eastern": "east", "western": "west", "northern": "north", "southern": "south",
         **{w: w for w in "east west north south central upper lower new old".split()}}
# ...and the Arabic words that end such names, folded as the gazetteer folds names ("Juqali
# al-Tahtaniyah", "Ashkara Sharqi", "Rasm al-Tawil al-Sharqiyah"): a name with one is another
# village than the name without it, so a side written this way counts even when the other
# report names none
_ARABIC_SIDE_WORDS = {"east": "Sharqi Sharqiyah Sharqiya", "west": "Gharbi Gharbiyah Gharbiya",
                      "north": "Shamali Shamaliyah Shamaliya", "south": "Janubi Janubiyah Janubiya",
                      "lower": "Tahtani Tahtaniyah Tahtaniya", "upper": "Fawqani Fawqaniyah Fauqani Foqani",
                      "big": "Kabir Kabira Kubra", "small": "Saghir Saghira Sughra", "new": "Jadid Jadidah Jadida",
                      "old": "Qadim Qadimah Qadima", "central": "Wusta"}


@functools.cache
def _arabic_sides() -> dict[str, str]:
    from .gazetteer import name_key
    return {name_key(w): side for side, words in _ARABIC_SIDE_WORDS.items() for w in words.split()}
# Words that begin many place names ("Abu Ajwa", "Abu Maru"; "Tal Rifaat", "Tal Abyad"): two
# reports sharing only one of these name different places
_NAME_PREFIXES = frozenset("""abu abou abo umm um om bani beni bin ibn tal tel tell tall ain ayn ein kafr kfar
kafar deir dayr dair beit bayt bait jabal jebel jabel jbal sheikh shaykh sheik shaikh khirbet khirbat kherbet
qasr ras wadi mazraat mazraa hay hayy haret harat bir marj qaryat nahr qalaat jisr mount rasm""".split())


# "in X", "the town of X", "shelled X", "X village": where a report puts its incident
# small words inside names, before another capitalised word: "Shakhta imeni Gagarina",
# "Lomas del Tecnologico", "Chashmah-ye Duzakh", "Narang wa Badil"
_CONNECTOR = r"(?:de|del|da|do|dos|das|di|du|des|la|las|los|le|imeni|na|ye|wa|y|e|van|von)(?=[\s-]+(?-i:[A-Z]))"
_NAME = (r"((?:(?:al|el|ad|as|an|ash|ar|az)-)?(?-i:[A-Z])[\w'’-]+"
         r"(?:[\s-]+(?:al|el|ad|as|an|ash|ar|az|" + _CONNECTOR + r"|['’]?(?-i:[A-Z])[\w'’-]+)){0,5})")
_KIND = (r"(?:village|town|city|area|neighbou?rhood|district|sub-?district|suburb|outskirts|countryside|vicinity|"
         r"camp|base|field|gas\s+field|oil\s+field|airbase|airport)")
_SPOT = re.compile(
    r"\b(?:(?:in|at|on|near|over|targeted|targeting|shelled|struck|hit|bombed|stormed|entered|into|captured|seized|"
    r"controlled|retook|recaptured|took|control\s+of|including)\s+(?:the\s+)?(?:" + _KIND + r"\s+of\s+(?:the\s+)?)?"
    r"|(?:village|town|city|neighbou?rhood|suburb|camp|base|airbase|airport)s?\s+of\s+(?:the\s+)?)" + _NAME)
# "Harjalah village", "Hbit town": a name followed by what kind of place it is
_SPOT_BEFORE_NOUN = re.compile(
    r"(?<![\w'’-])((?-i:[A-Z])[\w'’-]+(?:[\s-]+(?:al|el|ad|as|an|ash|ar|az|" + _CONNECTOR + r"|(?-i:[A-Z])[\w'’-]+)){0,5})"
    r"\s+(?:village|town|city|neighbou?rhood|suburb|camp|sub-?district|district|area|airbase|air\s+base)s?\b")


def _spot(rec: dict[str, Any], quotes: list[str]) -> tuple[str, str]:
    """The first place a report names below its region, folded, and the side of it the
    report names ("Western Ghariyeh": west), if any: two reports that put their incidents
    in different villages are two incidents even when the gazetteer knows neither village
    and placed both at the town or region around them."""
    from .gazetteer import name_key
    loc = rec["location"]
    context = {name_key(w) for k in ("admin1", "country") for w in re.split(r"[\s-]+", loc.get(k) or "") if w}
    own = _place_keys(rec)
    if PRECISION_RANK.get(loc.get("precision") or "unknown", 5) > PRECISION_RANK["town"]:
        # put at a district or wider (the gazetteer lacks its village): the district is
        # what holds the place, not the place ("Zamalka town in the Eastern Ghouta")
        context |= own
        own = frozenset()
    first, fine, own_spot = ("", ""), False, None
    big = _population(loc) >= CITY_PEOPLE
    regions = _regions_of(loc.get("country"))
    for quote in quotes:
        found = sorted([*_SPOT.finditer(quote), *_SPOT_BEFORE_NOUN.finditer(quote)], key=lambda m: m.start(1))
        between = _BETWEEN.search(quote)
        if between and not first[0] and (not found or between.start() < found[0].start(1)):
            # "the road between Halmuz and Ghanto": neither town, but the land between them
            ends = sorted(k for k in (name_key(between.group(i).split()[0]) for i in (1, 2)) if k)
            if len(ends) == 2:
                first, fine = ("between " + " ".join(ends), ""), True
        for m in found:
            words = m.group(1).split()
            sides = []
            while words and words[0].lower() in _DIRECTIONS:
                sides.append(_SIDE.get(words[0].lower(), ""))
                words = words[1:]  # "Western Ghariyeh": the name is Ghariyeh
            while len(words) > 1 and not name_key(words[0]):
                words = words[1:]  # "Al Hamarat": the article, written apart, is no name
            if not words:
                continue
            key = name_key(words[0])
            if words[0].lower() in _NOT_NAMES or not key or key in context or words[0].lower() in _GROUP_WORDS:
                continue
            # the whole name ("Shakhta Trudovska"), folded word by word
            keys = [k for k in (name_key(w) for w in words) if k]
            if key in regions and key not in own and len(keys) == 1 and not _NAMED_AFTER.match(quote, m.end(1)):
                # "expanded their control in Idleb and Hama, ... including Khariyeh": a
                # governorate's name is too wide to tell incidents apart ("Idleb city" is not)
                continue
            named_side = ""
            while len(keys) > 1 and keys[-1] in _arabic_sides():
                named_side = _arabic_sides()[keys.pop()]
            phrase = " ".join(keys)
            side = "!" + named_side if named_side else " ".join(w for w in sides if w)
            is_fine = bool(_FINE_KIND.search(m.group(0)) or _FINE_AFTER.match(quote, m.end(1)))
            named = is_fine or bool(_NAMED_KIND.search(m.group(0)) or _NAMED_AFTER.match(quote, m.end(1)))
            if key in own:
                if first[0] and fine:
                    # "Al-Zahraa neighbourhood of Aleppo city": the quarter the gazetteer lacks,
                    # named before the city it was placed at, is where the incident is
                    return first
                if not big:
                    return phrase, side  # the place the event was put at, as this report writes it
                own_spot = own_spot or (phrase, side)
            elif big and is_fine:
                # "In Guadalajara, a man was shot dead in Colonia Jardines del Sur": in a city
                # the quarter, wherever it is named, tells incidents apart
                return phrase, side
            if not first[0]:
                fine, first = named, (phrase, side)
    return own_spot or first


@functools.lru_cache(maxsize=256)
def _regions_of(country: str | None) -> frozenset:
    from .gazetteer import Gazetteer
    return Gazetteer.default().region_keys(country)


# "the road between X and Y", "areas between X and Y"
_BETWEEN = re.compile(r"\b(?:road|roads|highway|area|areas|region|stretch|line|frontline|villages|towns|farms|"
                      r"farmlands?|lands?|axis|points?)\s+between\s+(?:the\s+)?(?:towns?\s+of\s+|villages?\s+of\s+)?"
                      + _NAME + r"\s+and\s+(?:the\s+)?" + _NAME)

# what makes a spot finer than a town: "the village of X", "X neighbourhood"
_FINE_KIND = re.compile(r"\b(?:village|neighbou?rhood|quarter|suburb|camp|colonia|barrio|bairro)s?\b", re.IGNORECASE)
_FINE_AFTER = re.compile(r"\s+(?:village|neighbou?rhood|quarter|suburb|camp)s?\b")
_NAMED_KIND = re.compile(r"\b(?:town|city)s?\b")
_NAMED_AFTER = re.compile(r"\s+(?:town|city)s?\b")

# "including Ahrar al-Sharqiyah" names an armed group, not a spot
_GROUP_WORDS = frozenset(w.lower() for w in ARMED_GROUP_HEADS)

_ARTICLE = r"(?:(?:al|el|ad|as|an|ash|ar|az)-)?"
_LIST_ITEM = _ARTICLE + r"[A-Z][\w'’-]*(?:[ -]" + _ARTICLE + r"[A-Z][\w'’-]*){0,3}"
# names run together with commas up to an "and" or "or": "Latmin, Kafr Zeita and Arbain",
# "Duma, Harasta, and Saqba", "Jaramana, Dahiet Elasad and other areas"
_PLACE_LIST = re.compile(_LIST_ITEM + r"(?:\s*,\s*" + _LIST_ITEM + r")+\s*,?\s+(?:and|or)\b")


def _listed(loc: dict[str, Any], quotes: list[str]) -> bool:
    """The reports name the event's place only as one item of lists of places: sentences
    that sum up several incidents ("shelling on A, B and C killed 11") and tell nothing of
    this one."""
    name = (loc.get("text") or "").strip()
    if not name:
        return False
    listed = False
    for q in quotes:
        spans = [m.span() for m in _PLACE_LIST.finditer(q)]
        for m in re.finditer(re.escape(name), q):
            if not any(a <= m.start() < b for a, b in spans):
                return False
            listed = True
    return listed


def _population(loc: dict[str, Any]) -> int:
    """How many people live in the place (town, district, region) an event is put at, as
    the shipped gazetteer says; 0 when it does not know (a site, a user's place)."""
    if not loc.get("place_id"):
        return 0
    from .gazetteer import Gazetteer
    return Gazetteer.default().population(loc["place_id"])


def _place_keys(rec: dict[str, Any]) -> frozenset:
    """The folded words of the event's own place, as resolved and as written."""
    from .gazetteer import name_key
    loc = rec["location"]
    words = re.split(r"[\s-]+", f"{loc.get('name') or ''} {loc.get('text') or ''}")
    return frozenset(k for k in (name_key(w) for w in words if w) if k)


def _spots_differ(a: "Sketch", b: "Sketch") -> bool:
    """Two reports name different places for their incidents: different first places, or
    one names a place (a village, a quarter) the other never mentions, even when the other
    names no place below its town at all: "shelled al-Naima, east of Daraa" and "shelled
    Daraa city" are two incidents the gazetteer put in one town."""
    if a.spot and b.spot:
        x, y = a.spot.split(), b.spot.split()
        n = min(len(x), len(y))
        if x[:n] != y[:n]:
            return True
        if len(x) != len(y) and all(w in _prefix_keys() for w in x[:n]):
            # "Rasm" and "Rasm Tineh": the shorter is only the word that begins many names
            return True
        # "Western X" and "Eastern X"; "X" and "X al-Tahtaniyah" (a side that is part of the name, marked "!")
        return a.spot_side != b.spot_side and (bool(a.spot_side and b.spot_side) or
                                               (a.spot_side + b.spot_side).startswith("!"))
    one, other = (a, b) if a.spot else (b, a)
    if not one.spot:
        return False
    # "Kafr Naha": names leave out the word that begins many place names, so look for Naha;
    # "Mreimin Afrin village": the town the event was put at says nothing of the village
    words = [w for w in one.spot.split() if w not in _prefix_keys() and w not in one.place_keys] or one.spot.split()
    return not any(w in other.names or w in other.place_keys for w in words)


@functools.cache
def _prefix_keys() -> frozenset:
    from .gazetteer import name_key
    return frozenset(name_key(w) for w in _NAME_PREFIXES)


def _other_names(rec: dict[str, Any], quotes: list[str]) -> frozenset:
    """Proper names in the reports other than the event's own place, sides and sources:
    the villages, bases and people that tell two incidents apart when the gazetteer placed
    both only at the town or region they lie in."""
    known = [rec["location"].get(k) or "" for k in ("name", "text", "admin1", "country")]
    known += [rec[r].get("text") or "" for r in ("actor1", "actor2")]
    for c in rec.get("claims", []):
        known += [c.get("source") or "", c.get("claimant") or ""]
        if c.get("field") == "location" and isinstance(c.get("value"), str):
            known.append(c["value"])
    return proper_names(" ".join(quotes)) - proper_names(" " + " ".join(known), anywhere=True)


def proper_names(text: str, anywhere: bool = False) -> frozenset:
    """Capitalised words inside sentences, folded as the gazetteer folds place names
    ('Koniko', 'Konoko' -> one key): what two reports of one incident tend to share
    (the village, the base) even when the gazetteer knows neither."""
    from .gazetteer import name_key
    out = set()
    for m in (_ANY_WORD if anywhere else _CAPITALISED).finditer(text):
        w = m.group(1)
        if w.lower() in _NOT_NAMES or w.lower() in _NAME_PREFIXES:
            continue
        key = name_key(w)
        if len(key) > 2:
            out.add(key)
    return frozenset(out)


# Kinds of people a report counts, by the noun after the number ("3 NDS members", "2
# 'Arbakis'", "killing four soldiers"). Only nouns that name one kind: "fighters",
# "members", "people" or "security forces" may be anyone's, and say nothing.
_VICTIM_KINDS = {
    "military": "soldier soldiers troop troops serviceman servicemen conscript conscripts commando commandos "
                "paratrooper paratroopers marine marines",
    "police": "policeman policemen policewoman policewomen police cop cops gendarme gendarmes",
    "local police": "arbaki arbakis arbakai",
    "intelligence": "nds intelligence",
    "civilians": "civilian civilians child children woman women student students farmer farmers shepherd shepherds",
    "militants": "militant militants insurgent insurgents jihadist jihadists terrorist terrorists rebel rebels gunman gunmen",
}
_VICTIM_KIND = {w: kind for kind, words in _VICTIM_KINDS.items() for w in words.split()}
# the numbers written as words here ("four soldiers"), read as the claims stage reads them
_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                 "sixteen seventeen eighteen nineteen twenty").split()
_COUNTED = re.compile(r"\b(\d+|" + "|".join(_NUMBER_WORDS) + r")\s+((?:['‘’\"]?[\w-]+['’\"]?\s+){0,2}?)['‘’\"]?("
                      + "|".join(sorted(_VICTIM_KIND, key=len, reverse=True)) + r")['’\"]?\b", re.IGNORECASE)


def _victims(quotes: list[str]) -> tuple[frozenset, frozenset]:
    """The kinds of people the quotes count, and the numbers they count them by."""
    kinds, numbers = set(), set()
    for quote in quotes:
        for m in _COUNTED.finditer(quote):
            kinds.add(_VICTIM_KIND[m.group(3).lower()])
            numbers.add(parse_number(m.group(1)))
    return frozenset(kinds), frozenset(numbers)


# a protest's crowd, named as ACLED names it whoever protested: no side that tells two
# protests in one town on one day apart, or makes them alike
_CROWDS = frozenset({"Protesters", "Rioters"})


def _side(name: str | None) -> str | None:
    return None if name in _CROWDS else side(name)


# sides named so generally that another report may name the same fighters more precisely
_GENERIC_SIDES = frozenset({"Rebel groups", "Military forces", "Police forces", "Unidentified armed group", "Civilians"})


def _dates_overlap(a: Sketch, b: Sketch) -> bool:
    if a.lo is None or b.lo is None:
        return False
    return a.lo <= b.hi and b.lo <= a.hi


def _places_match(a: Sketch, b: Sketch) -> float | None:
    """1.0 for the same place, less for a place inside or beside the other, None for two
    different places. Two different towns (or two different sites) are two places, however
    close: reports of one incident name the same town, or a site and the town beside it,
    or a town and the region it lies in."""
    if a.place_id and a.place_id == b.place_id:
        return 1.0
    ra, rb = PRECISION_RANK.get(a.precision, 5), PRECISION_RANK.get(b.precision, 5)
    coarse = a if ra >= rb else b
    fine = b if coarse is a else a
    if coarse.precision == "country":
        return 0.4 if coarse.country and coarse.country == fine.country else None
    if coarse.precision == "region":
        return 0.6 if coarse.admin1 and coarse.admin1 == fine.admin1 and coarse.country == fine.country else None
    if a.lat is None or b.lat is None:
        return None
    dist = km(a.lat, a.lon, b.lat, b.lon)
    if coarse.precision == fine.precision:
        # the same place under two gazetteer entries
        return 0.9 if dist <= SAME_PLACE_KM else None
    limit = MAX_KM.get(coarse.precision, 0.0)
    if dist > limit:
        return None
    return 0.8


def score(a: Sketch, b: Sketch) -> float | None:
    """How alike two events are (0..1), or None when they cannot be one incident."""
    if a.docs & b.docs:
        return None
    if not _dates_overlap(a, b):
        return None
    place = _places_match(a, b)
    if place is None:
        return None
    if a.event_type != b.event_type:
        return None
    # sides: the same acting side, and no side both attacking and attacked
    if a.side1 and b.side1 and a.side1 != b.side1:
        return None
    if (a.side1 and a.side1 == b.side2) or (b.side1 and b.side1 == a.side2):
        return None
    if a.side2 and b.side2 and a.side2 != b.side2 and "Civilians" in (a.side2, b.side2):
        # civilians hit in one, an armed side in the other: reports of one incident name the
        # side that was hit, or leave it out. Two armed sides are left to the score: outlets
        # differ on whose base or post a strike hit (the US base at the Conoco field is held
        # with the SDF). Measured with bench/merge_quality.py (see the closing figures).
        return None
    if a.victims and b.victims and not (a.victims & b.victims) and not (a.counted & b.counted):
        # "3 NDS members were killed in an ambush" and "2 Arbakis were killed in an ambush" in
        # one district on one day: other people, and other numbers of them, are two incidents.
        # Reports of one incident that count its dead differently still name the same kind of
        # people, or name them as generally ("security forces", "fighters"), or agree on a number.
        return None
    if (a.event_type == "Battles" and a.side2 and b.side2 and a.side2 != b.side2
            and not {a.side2, b.side2} & _GENERIC_SIDES):
        # a battle against the Islamic State and one against HTS, in one district on one day:
        # reports of one battle name the same enemy (or one as vague as "rebels")
        return None
    if a.in_passing and b.in_passing:
        # two later mentions of an old incident, no report of it (PASSING_DAYS)
        return None
    if a.listed and b.listed:
        # two round-ups that list the place among others: each sums up several incidents,
        # and the same list in two of them does not say they tell the same one (an ACLED
        # note split over its villages repeats its list in each row: bench/merge_quality.py
        # --mode batch, 2018 Syria/Iraq over-merge 6.93% without this rule, 4.68% with it).
        # A report about the place itself still joins either of them.
        return None
    if _spots_differ(a, b):
        return None
    if a.names and b.names and not (a.names & b.names):
        # the reports name different places and people: two incidents the gazetteer
        # could not tell apart (villages it lacks fall back to their region)
        return None
    words = len(a.words & b.words) / len(a.words | b.words) if a.words and b.words else 0.0
    if place < 0.8 and words < COARSE_MIN_WORDS:
        # a place as vague as a region or a country says little: the wording must agree
        return None
    s = 0.35 * place
    if max(a.population, b.population) >= CITY_PEOPLE:
        s -= CITY_DISCOUNT
    s += 0.2 if a.sub_event_type == b.sub_event_type else 0.0
    s += 0.1 if a.side1 and a.side1 == b.side1 else (0.05 if not (a.side1 and b.side1) else 0.0)
    s += 0.05 if a.side2 and a.side2 == b.side2 else 0.0
    if a.weapons and b.weapons:
        s += 0.1 * len(a.weapons & b.weapons) / len(a.weapons | b.weapons)
    else:
        s += 0.03
    s += 0.3 * words
    return s


# A block (one cell, region or country on one day) crowded beyond this is a busy city-day:
# each member is compared only with its CROWDED_NEAR nearest members in input order.
CROWDED = 2000
CROWDED_NEAR = 200


def candidate_pairs(sketches: list[Sketch]) -> Iterable[tuple[int, int]]:
    """Pairs of indexes (i < j) that may be one incident: on a common day, two points
    within reach of each other's grid cells, or a region (country) and anything in it.

    Every sketch is indexed once per day under its own cell, region and country; each
    looks up only the blocks its partners can be in, and a pair is yielded by one side
    only (the one with the wider reach), so no pair is made twice and nothing global is
    kept but the index."""
    index: dict[tuple, list[int]] = {}
    levels = [sk.level for sk in sketches]
    reach = [sk.reach() if level == "fine" else (0, 0) for sk, level in zip(sketches, levels)]
    for i, sk in enumerate(sketches):
        level = levels[i]
        if not level:
            continue
        for d in sk.days():
            if level == "fine":
                index.setdefault(("g", math.floor(sk.lat / GRID_DEG), math.floor(sk.lon / GRID_DEG), d), []).append(i)
            if sk.admin1:
                index.setdefault(("r", sk.country, sk.admin1, d), []).append(i)
            if sk.country:
                index.setdefault(("c", sk.country, d), []).append(i)

    def members(key: tuple, i: int) -> list[int]:
        got = index.get(key, ())
        if len(got) <= CROWDED:
            return got
        k = bisect.bisect_left(got, i)
        return got[max(0, k - CROWDED_NEAR):k + CROWDED_NEAR]

    for i, sk in enumerate(sketches):
        level = levels[i]
        if not level:
            continue
        found: set[int] = set()
        if level == "fine":
            dy, dx = reach[i]
            cy, cx = math.floor(sk.lat / GRID_DEG), math.floor(sk.lon / GRID_DEG)
            mine = (dy, dx, -i)
            for d in sk.days():
                for y in range(cy - dy, cy + dy + 1):
                    for x in range(cx - dx, cx + dx + 1):
                        for j in members(("g", y, x, d), i):
                            # the pair is made by the side that reaches further (then the lower index)
                            if j != i and j not in found and (*reach[j], -j) < mine:
                                found.add(j)
        else:
            key = ("r", sk.country, sk.admin1) if level == "region" else ("c", sk.country)
            for d in sk.days():
                for j in members((*key, d), i):
                    if j == i or j in found:
                        continue
                    other = levels[j]
                    # regions meet everything in them but countries (which meet them);
                    # two of a kind are made by the lower index
                    if other == level and j < i or level == "region" and other == "country":
                        continue
                    found.add(j)
        for j in found:
            yield (i, j) if i < j else (j, i)


class _Clusters:
    def __init__(self, sketches: list[Sketch]):
        self.parent = list(range(len(sketches)))
        self.docs = [set(s.docs) for s in sketches]
        self.members = [[i] for i in range(len(sketches))]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj or self.docs[ri] & self.docs[rj]:
            return False
        if len(self.members[ri]) < len(self.members[rj]):
            ri, rj = rj, ri
        self.parent[rj] = ri
        self.docs[ri] |= self.docs[rj]
        self.members[ri] += self.members[rj]
        self.members[rj] = []
        return True


def cluster(sketches: list[Sketch], threshold: float = THRESHOLD,
            compatible_clusters=None) -> list[list[int]]:
    """Groups of indexes into `sketches` that are one incident each."""
    scored = []
    for i, j in candidate_pairs(sketches):
        s = score(sketches[i], sketches[j])
        if s is not None and s >= threshold:
            a, b = sketches[i].event_id, sketches[j].event_id
            scored.append((-s, min(a, b), max(a, b), i, j))
    scored.sort()
    cl = _Clusters(sketches)
    for _, _, _, i, j in scored:
        ri, rj = cl.find(i), cl.find(j)
        if ri == rj:
            continue
        # every member pair across the two groups must be compatible (no chaining)
        if all(score(sketches[x], sketches[y]) is not None for x in cl.members[ri] for y in cl.members[rj]):
            cl.union(i, j)
    # members by their first report (the first keeps its id); groups in input order
    groups = [sorted(m, key=lambda k: sketches[k].rank) for m in cl.members if m]
    groups.sort(key=min)
    return groups


# ------------------------------------------------------------------- combining

def _claims_of(rec: dict[str, Any]) -> list[Claim]:
    return [Claim.from_dict(c) for c in rec.get("claims", [])]


def combine(records: list[dict[str, Any]]) -> dict[str, Any]:
    """One record from several reports of one incident; the first record's id is kept
    (callers order records by their first report, so an event keeps its id as reports join)."""
    if len(records) == 1:
        return records[0]
    first = records[0]
    out = {k: v for k, v in first.items()}
    # place: the most specific
    locs = sorted((r["location"] for r in records), key=lambda l: PRECISION_RANK.get(l.get("precision") or "unknown", 5))
    out["location"] = locs[0]
    # date: the intersection of the ranges, else the narrowest
    ranges = [(r["date"]["start"], r["date"]["end"] or r["date"]["start"], r["date"]) for r in records if r["date"]["start"]]
    if ranges:
        lo, hi = max(x[0] for x in ranges), min(x[1] for x in ranges)
        narrowest = min(ranges, key=lambda x: (dt.date.fromisoformat(x[1]) - dt.date.fromisoformat(x[0])).days)
        if lo <= hi:
            exact = [x[2] for x in ranges if (x[0], x[1]) == (lo, hi)]
            out["date"] = dict(exact[0]) if exact else {"start": lo, "end": hi,
                                                        "precision": "day" if lo == hi else narrowest[2]["precision"],
                                                        "text": narrowest[2]["text"]}
        else:
            out["date"] = dict(narrowest[2])
    # type, sides: the most reported, ties to the earliest report
    for key in ("event_type", "sub_event_type"):
        out[key] = _vote([r[key] for r in records])
    for role in ("actor1", "actor2"):
        name = _vote([r[role]["name"] for r in records if r[role]["name"]])
        texts = [r[role]["text"] for r in records if r[role]["name"] == name]
        out[role] = {"name": name, "text": texts[0] if texts else ""}
    out["weapons"] = sorted({w for r in records for w in r.get("weapons", [])})
    claims, seen = [], set()
    for r in records:
        for c in r["claims"]:
            key = (c["field"], repr(c["value"]), c["source"], c["claimant"], c["doc_id"], tuple(c["span"]))
            if key not in seen:
                seen.add(key)
                claims.append(c)
    out["claims"] = claims
    reports, seen_docs = [], set()
    for r in records:
        for rep in r["reports"]:
            if rep["doc_id"] not in seen_docs:
                seen_docs.add(rep["doc_id"])
                reports.append(rep)
    out["reports"] = reports
    claim_objs = [Claim.from_dict(c) for c in claims]
    published = {rep["doc_id"]: rep.get("published") for rep in reports}
    fat, inj, contra = resolve_values(claim_objs, out["actor2"]["name"], published)
    out["fatalities"], out["injuries"] = fat, inj
    out["contradictions"] = contra + _record_contradictions(records, claims)
    from .stages.notes import note_for_record
    out["notes"] = note_for_record(out)
    return out


def _record_contradictions(records: list[dict[str, Any]], claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Disagreements between reports on date and place (claims disagree on counts and sides)."""
    out = []
    for fieldname in ("date", "location"):
        idx = [i for i, c in enumerate(claims) if c["field"] == fieldname]
        if fieldname == "date":
            windows = {}
            for i in idx:
                v = claims[i]["value"] or {}
                if v.get("start"):
                    windows.setdefault((v["start"], v.get("end") or v["start"]), []).append(i)
            keys = sorted(windows)
            disjoint = any(a[1] < b[0] for a in keys for b in keys)
            if disjoint:
                out.append({"field": "date", "values": [f"{a}..{b}" if a != b else a for a, b in keys],
                            "claims": sorted(i for v in windows.values() for i in v)})
    return out


def merge_records(records: list[dict[str, Any]], threshold: float = THRESHOLD) -> list[dict[str, Any]]:
    """Batch merge: records from many documents in, one record per incident out."""
    sketches = [Sketch.of(r) for r in records]
    return [combine([records[i] for i in group]) for group in cluster(sketches, threshold)]
