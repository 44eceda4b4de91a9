"""GeoNames country extracts ("SY.zip", "IQ.txt", "allCountries.zip" from
download.geonames.org/export/dump/) as a user's own place list.

The shipped gazetteer knows the towns of Syria and Iraq with 500 people or more, and their
districts; many incidents happen in villages it lacks (on ACLED's Syria/Iraq notes of
January-February 2018 no place the notes name lies within 25 km of the coded point for 39%
of them). GeoNames lists tens of thousands of villages per country. A user who downloads a
country's extract names it among the `places` files and its places are read like the
shipped GeoNames towns: weighed by population, with their alternate spellings, never above
a larger namesake as a user's curated row would be.

A line is the GeoNames "geoname" table: 19 tab-separated fields, no header.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from eventwire.errors import GazetteerError

FIELDS = 19
# populated places, but the historical, abandoned, destroyed and the sections of a place
# (a quarter: its own name is rarely what a report gives without its town's)
_SKIPPED_PLACES = frozenset({"PPLH", "PPLQ", "PPLW", "PPLCH", "PPLX"})
# first- to third-level divisions: (precision, kind)
_ADMIN = {"ADM1": ("region", "region"), "ADM2": ("district", "district"), "ADM3": ("district", "subdistrict")}
# sites conflict reports name: bases, airfields, oil and gas fields, camps, dams
_SITES = {"MILB": "military base", "AIRB": "air base", "AIRF": "airfield", "AIRP": "airport", "OILF": "oil field",
          "GASF": "gas field", "CMPRF": "refugee camp", "CMPQ": "camp", "DAM": "dam", "BDG": "bridge",
          "INSM": "military installation", "PSTB": "border post", "PRN": "prison"}


@dataclass(frozen=True)
class DumpPlace:
    geonameid: int
    name: str
    names: tuple[str, ...]   # the ASCII name and the alternates, the name itself not repeated
    lat: float
    lon: float
    precision: str           # town, region, district or site
    kind: str                # "populated place", "subdistrict", "air base"...
    code: str                # the GeoNames feature code: PPL, ADM3, AIRB...
    country_code: str
    admin1_code: str
    population: int
    line: int


def is_dump(path: Path) -> bool:
    """Whether `path` is a GeoNames extract rather than a CSV of places: a .zip, or a text
    whose first line has the 19 tab-separated fields of the geoname table."""
    if path.suffix.lower() == ".zip":
        return True
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as f:
            first = f.readline()
    except OSError:
        return False
    fields = first.rstrip("\r\n").split("\t")
    return len(fields) == FIELDS and fields[0].isdigit()


def _lines(path: Path) -> Iterator[str]:
    try:
        if path.suffix.lower() != ".zip":
            with path.open(encoding="utf-8-sig") as f:
                yield from f
            return
        with zipfile.ZipFile(path) as z:
            members = [n for n in z.namelist() if n.lower().endswith(".txt") and "readme" not in n.lower()]
            if len(members) != 1:
                raise GazetteerError(f"{path}: expected one GeoNames .txt file in the archive, found "
                                     f"{', '.join(members) or 'none'}")
            with z.open(members[0]) as raw:
                yield from io.TextIOWrapper(raw, encoding="utf-8")
    except (OSError, zipfile.BadZipFile) as err:
        raise GazetteerError(f"{path}: cannot read the GeoNames extract ({err})") from err
    except UnicodeDecodeError as err:
        raise GazetteerError(f"{path}: not UTF-8 text ({err.reason})") from err


def read_dump(path: Path) -> Iterator[DumpPlace]:
    """The places of a GeoNames extract worth finding in news of conflict: populated places,
    first- to third-level divisions and sites such as bases and oil fields; others (rivers,
    hills, farms...) are skipped. A malformed line is an error naming the file and line."""
    for n, line in enumerate(_lines(path), start=1):
        line = line.rstrip("\r\n")
        if not line:
            continue
        f = line.split("\t")
        if len(f) != FIELDS:
            raise GazetteerError(f"{path}, line {n}: {len(f)} tab-separated fields, a GeoNames "
                                 f"extract has {FIELDS}")
        fclass, fcode = f[6], f[7]
        if fclass == "P" and fcode not in _SKIPPED_PLACES:
            precision, kind = "town", "populated place"
        elif fclass == "A" and fcode in _ADMIN:
            precision, kind = _ADMIN[fcode]
        elif fclass == "S" and fcode in _SITES:
            precision, kind = "site", _SITES[fcode]
        else:
            continue
        try:
            gid, lat, lon = int(f[0]), float(f[4]), float(f[5])
            population = int(f[14] or 0)
        except ValueError:
            raise GazetteerError(f"{path}, line {n}: id, latitude, longitude and population must be "
                                 f"numbers, got {f[0]!r}, {f[4]!r}, {f[5]!r}, {f[14]!r}") from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise GazetteerError(f"{path}, line {n}: latitude/longitude out of range: {lat}, {lon}")
        name = f[1].strip()
        if not name:
            continue
        names = [f[2].strip()] + [a.strip() for a in f[3].split(",")]
        seen = {name}
        unique = []
        for alt in names:
            if alt and alt not in seen and not alt.startswith("http") and not any(ch.isdigit() for ch in alt):
                seen.add(alt)
                unique.append(alt)
        yield DumpPlace(gid, name, tuple(unique), lat, lon, precision, kind, fcode, f[8], f[10], population, n)
