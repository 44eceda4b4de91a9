#!/usr/bin/env python3
"""How merging scales: cluster 100k and 1M events, with time and peak memory.

    python bench/merge_scale.py --sizes 100000,1000000 [--runs 3]

The events are generated from real ones: the ACLED dev notes (../shared, read at run
time) go through the pipeline once; each generated event copies one of those records'
merge sketch with its date shifted by a random number of days within ten years and its
coordinates moved by up to half a degree (a new place id), and gets a fresh id and
document. One in twenty generated events is a second report of another one (same place
and day, another document), so that there is something to merge. Each size runs in a fresh
subprocess so its peak memory (max RSS) is its own. Prints each run and the medians.
"""
from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import json
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACLED = sorted((ROOT.parent / "shared" / "corpus" / "acled-dev").glob("*.csv"))


def base_sketches(limit_per_file: int = 3000):
    from eventwire import merge
    from eventwire.model import Document
    from eventwire.pipeline import Pipeline
    sys.path.insert(0, str(ROOT / "bench"))
    from merge_quality import documents
    pipeline = Pipeline()
    out = []
    for f in ACLED:
        for result in pipeline.process_many(documents(f, limit_per_file)):
            for e in result.events or []:
                out.append(merge.Sketch.of(e.to_dict()))
    return out


def generate(base, n: int, seed: int = 7):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        if out and i % 20 == 0:
            src = out[rng.randrange(len(out))]
            out.append(dataclasses.replace(src, event_id=f"g{i}", docs=frozenset([f"d{i}"]), rank=("", f"g{i}")))
            continue
        b = base[rng.randrange(len(base))]
        shift = dt.timedelta(days=rng.randrange(3650))
        dlat, dlon = rng.uniform(-0.5, 0.5), rng.uniform(-0.5, 0.5)
        start = b.start + shift if b.start else None
        end = b.end + shift if b.end else None
        out.append(dataclasses.replace(
            b, event_id=f"g{i}", docs=frozenset([f"d{i}"]), start=start, end=end,
            lo=b.lo + shift if b.lo else None, hi=b.hi + shift if b.hi else None,
            lat=None if b.lat is None else b.lat + dlat, lon=None if b.lon is None else b.lon + dlon,
            place_id=f"{b.place_id}~{i % 997}" if b.place_id else None, rank=("", f"g{i}")))
    return out


def run_one(size: int) -> dict:
    from eventwire import merge
    base = base_sketches()
    sketches = generate(base, size)
    t0 = time.perf_counter()
    groups = merge.cluster(sketches)
    elapsed = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"events": size, "groups": len(groups), "merged_away": size - len(groups),
            "seconds": round(elapsed, 1), "peak_rss_mb": round(rss)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one)))
        return 0
    for size in (int(x) for x in args.sizes.split(",")):
        results = []
        for r in range(args.runs):
            out = subprocess.run([sys.executable, __file__, "--one", str(size)], capture_output=True, text=True,
                                 check=True)
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
            print(f"  run {r + 1}: {results[-1]}", flush=True)
        print(json.dumps({"events": size, "runs": args.runs,
                          "median_seconds": statistics.median(x["seconds"] for x in results),
                          "median_peak_rss_mb": statistics.median(x["peak_rss_mb"] for x in results)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
