"""The part of a region a direction names: "southern Idlib", "the northern countryside of Hama".

Notes and reports often place an incident only as "in southern Idlib". The governorate's
centroid (or its capital) can lie 50 km and more from anywhere in its south; the south of
the region is better told by the places the gazetteer knows there. The part is the median
position of the quarter of the region's towns and districts that lie furthest in the
direction named, with precision "region".

Measured with `eventwire eval acled` (within_25km): January 2018 Syria/Iraq, where the share
was chosen, 0.478 -> 0.551 (in a one-off comparison outside the repo, a third or a half
of the places placed fewer notes within 25 km); February 2018, not used to choose, 0.554 ->
0.580; the world and Afghanistan files unchanged (their provinces have too few known places,
or the notes name the district).
"""
from __future__ import annotations

import math
import re
import statistics
from dataclasses import replace
from typing import Iterable

from eventwire.model import Place

from .normalise import name_key

SHARE = 0.25  # the share of the region's places, furthest in the direction, that make the part
MIN_PLACES = 8  # a region with fewer known places has no parts
_COMPASS = {"north": (1.0, 0.0), "south": (-1.0, 0.0), "east": (0.0, 1.0), "west": (0.0, -1.0)}
_WAYS = frozenset(a + b for a in _COMPASS for b in ("", "east", "west") if not (b and a in ("east", "west")))
_WORD = re.compile(r"^(north|south|east|west)(?:ern)?(?:[- ]?(east|west)(?:ern)?)?$", re.IGNORECASE)


def direction(word: str) -> str | None:
    """"southern" -> "south", "north-western" -> "northwest", "Northeast" -> "northeast";
    None for words that name no compass direction ("central", "upper")."""
    m = _WORD.match(word.strip())
    if not m:
        return None
    first, second = m.group(1).lower(), (m.group(2) or "").lower()
    if second and first not in ("north", "south"):
        return None  # "east-west" is no direction
    return first + second


class RegionParts:
    """The parts of the first-level regions of a set of places, computed once per part asked."""

    def __init__(self, places: Iterable[Place]) -> None:
        self._points: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for p in places:
            if p.precision in ("town", "district") and p.admin1 and p.lat is not None and p.lon is not None \
                    and p.kind != "neighbourhood":
                self._points.setdefault((p.country or "", name_key(p.admin1)), []).append((p.lat, p.lon))
        self._parts: dict[tuple[str, str, str], tuple[float, float] | None] = {}

    def part(self, region: Place, way: str) -> Place | None:
        """The part of `region`'s first-level region (the region itself, or the town it is
        named after) that lies `way` ("south", "northwest"); None when the gazetteer knows
        too few of its places to tell."""
        if not region.admin1 or way not in _WAYS:
            return None
        key = (region.country or "", name_key(region.admin1), way)
        if key not in self._parts:
            self._parts[key] = self._compute(self._points.get(key[:2], []), way)
        at = self._parts[key]
        if at is None:
            return None
        word = way if len(way) <= 5 else f"{way[:5]}-{way[5:]}"  # "north-west"
        return replace(region, place_id=f"{region.place_id}#{way}", name=f"{word}ern {region.admin1}",
                       lat=round(at[0], 5), lon=round(at[1], 5), precision="region", admin2=None,
                       kind="part of region",
                       source=f"computed: median position of the {way}ernmost quarter of the places of "
                              f"{region.admin1} in this gazetteer")

    @staticmethod
    def _compute(points: list[tuple[float, float]], way: str) -> tuple[float, float] | None:
        if len(points) < MIN_PLACES:
            return None
        dy = sum(_COMPASS[w][0] for w in _COMPASS if w in way)
        dx = sum(_COMPASS[w][1] for w in _COMPASS if w in way)
        lat0 = statistics.median(p[0] for p in points)
        lon0 = statistics.median(p[1] for p in points)
        shrink = math.cos(math.radians(lat0))
        ranked = sorted(points, key=lambda p: -((p[0] - lat0) * dy + (p[1] - lon0) * shrink * dx))
        part = ranked[:max(3, round(len(points) * SHARE))]
        return statistics.median(p[0] for p in part), statistics.median(p[1] for p in part)
