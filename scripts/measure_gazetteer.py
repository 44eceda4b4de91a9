#!/usr/bin/env python3
"""Measure the gazetteer on ACLED notes: does it find the place ACLED coded?

    python scripts/measure_gazetteer.py [ACLED_CSV ...] [--limit N] [--misses K]

For each row, runs Gazetteer.find on `notes` and reports the share of rows where some
found place lies within 25 km of the coded latitude/longitude, the share where the
coded `location` name resolves via `lookup` to a place within 25 km, and the speed of
find. ACLED rows are read, never written: their terms forbid shipping anything built
from them, so use the figures to improve general rules only.
"""
from __future__ import annotations

import argparse
import csv
import math
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from eventwire.gazetteer import Gazetteer  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus" / "acled-dev" / "acled-2018-01-02-syria-iraq.csv"


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1.0, a)))


def measure(path: Path, gaz: Gazetteer, limit: int | None, misses: int) -> dict:
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))[:limit]
    n = found_any = near_found = near_first = lookup_ok = lookup_near = 0
    mentions = plausible = words = 0
    by_precision: Counter = Counter()
    missed: list[str] = []
    elapsed = 0.0
    for row in rows:
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except ValueError:
            continue  # a row without coordinates measures nothing
        n += 1
        words += len(row["notes"].split())
        t = time.process_time()  # CPU time: the figure holds on a busy machine too
        found = gaz.find(row["notes"])
        elapsed += time.process_time() - t
        mentions += len(found)
        plausible += sum(1 for m in found if m.place.lat is not None
                         and km(lat, lon, m.place.lat, m.place.lon) <= 100)
        located = [m for m in found if m.place.lat is not None]
        found_any += bool(located)
        near = [m for m in located if km(lat, lon, m.place.lat, m.place.lon) <= 25]
        near_found += bool(near)
        if located:
            near_first += km(lat, lon, located[0].place.lat, located[0].place.lon) <= 25
        if near:
            by_precision[near[0].place.precision] += 1
        elif len(missed) < misses:
            missed.append(f"{row['location']!r} [{row['geo_precision']}] found={[m.text for m in found]}")
        place = gaz.lookup(row["location"], row["country"])
        if place is not None:
            lookup_ok += 1
            if place.lat is not None and km(lat, lon, place.lat, place.lon) <= 25:
                lookup_near += 1
    r = lambda a: round(a / n, 3) if n else 0.0
    return {"file": path.name, "rows": n, "found_any_place": r(found_any),
            "some_found_within_25km": r(near_found), "first_found_within_25km": r(near_first),
            "location_resolves": r(lookup_ok), "location_resolves_within_25km": r(lookup_near),
            "mentions_per_row": round(mentions / n, 2) if n else 0,
            # a found place >100 km from the coded point is most often a wrong namesake
            "mentions_within_100km": round(plausible / mentions, 3) if mentions else 0.0,
            "within_25km_by_precision": dict(by_precision),
            "paragraphs_per_cpu_second": round(n / elapsed) if elapsed else None,
            "words_per_paragraph": round(words / n) if n else 0,
            "misses": missed}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv", nargs="*", default=[str(DEFAULT)])
    ap.add_argument("--limit", type=int)
    ap.add_argument("--misses", type=int, default=0, help="print this many rows with no place near")
    args = ap.parse_args(argv)
    t, c = time.perf_counter(), time.process_time()
    gaz = Gazetteer.default()
    print(f"load: {time.perf_counter() - t:.2f} s wall, {time.process_time() - c:.2f} s CPU, {len(gaz)} places")
    for path in args.csv:
        result = measure(Path(path), gaz, args.limit, args.misses)
        for line in result.pop("misses"):
            print("  miss:", line)
        for k, v in result.items():
            print(f"{k}: {v}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
