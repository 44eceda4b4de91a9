#!/usr/bin/env python3
"""Throughput and peak memory of the whole pipeline, on real text, at growing sizes.

    python bench/throughput.py --corpus acled    --sizes 1000,10000,100000 [--workers 2] [--runs 3]
    python bench/throughput.py --corpus articles --sizes 1000,10000,100000 [--workers 2] [--runs 3]
    python bench/throughput.py --corpus digests  --sizes 1000,10000,100000 [--workers 2] [--runs 3]

Corpora (read from ../shared at run time, never copied into the project):
- acled:    the `notes` of the ACLED dev files, one note a document (published = event_date),
            cycled to the size asked for.
- articles: 1,000-word articles built from real news text: the full texts of the
            WikiEvents dev articles and the seed articles, concatenated in a fixed order
            and cut into consecutive 1,000-word pieces (each piece keeps the paragraph
            breaks of its text: the seed articles have them, the WikiEvents texts come
            without), cycled to the size asked for, each with a publication date. There are
            only about 12,000 words of such text, so the 200 pieces share their paragraphs.
- digests:  1,000-word situation reports built from the ACLED notes: consecutive notes of
            one dev file, one paragraph each, until 1,000 words (about 25 incidents an
            article, published on the last note's date). 333 distinct articles, dense
            with incidents: a harder case than a news story.

Each size runs in a fresh subprocess so that its peak memory (max RSS, with the worker
processes) is its own; documents stream through the pipeline, so memory should stay flat
as the size grows. Prints one line per run and the median of the runs per size.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _date(text: str) -> dt.date:
    for fmt in ("%d-%b-%y", "%d %B %Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    raise ValueError(f"unknown date {text!r}")


def acled_texts():
    files = sorted((SHARED / "corpus" / "acled-dev").glob("*.csv"))
    if not files:
        sys.exit(f"no ACLED files under {SHARED}/corpus/acled-dev")
    out = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                out.append((row["notes"], _date(row["event_date"])))
    return out


def article_texts(words_per_doc: int = 1000):
    texts = []
    with open(SHARED / "corpus" / "wikievents-dev" / "dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
    for p in sorted((SHARED / "corpus" / "seeds").glob("*.txt")):
        texts.append(p.read_text(encoding="utf-8"))
    paragraphs = [p for t in texts for p in t.split("\n") if p.strip()]
    out, current, count = [], [], 0
    for p in itertools.islice(itertools.cycle(paragraphs), 50_000):
        n = len(p.split())
        current.append(p)
        count += n
        if count >= words_per_doc:
            # the last paragraph cut to make words_per_doc words; the paragraph breaks kept
            current[-1] = " ".join(p.split()[:n - (count - words_per_doc)])
            out.append(("\n".join(current), dt.date(2023, 3, 24)))
            current, count = [], 0
            if len(out) >= 200:
                break
    return out


def digest_texts(words_per_doc: int = 1000):
    out = []
    for f in sorted((SHARED / "corpus" / "acled-dev").glob("*.csv")):
        current, count, last = [], 0, None
        with open(f, encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                current.append(row["notes"])
                count += len(row["notes"].split())
                last = _date(row["event_date"])
                if count >= words_per_doc:
                    out.append(("\n\n".join(current), last))
                    current, count = [], 0
    if not out:
        sys.exit(f"no ACLED files under {SHARED}/corpus/acled-dev")
    return out


def run_one(corpus: str, size: int, workers: int) -> dict:
    from eventwire.model import Document
    from eventwire.pipeline import Pipeline
    source = {"acled": acled_texts, "articles": article_texts, "digests": digest_texts}[corpus]()
    pipeline = Pipeline()

    def docs():
        for i, (text, published) in enumerate(itertools.islice(itertools.cycle(source), size)):
            yield Document(doc_id=f"b{i}", raw=text, origin=f"bench:{i}", published=published,
                           published_from="input")

    words = 0
    events = 0
    t0 = time.perf_counter()
    for result in pipeline.process_many(docs(), workers):
        events += len(result.events or [])
        words += len(result.doc.raw.split()) if result.doc else 0
    elapsed = time.perf_counter() - t0
    rss_kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                 resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return {"corpus": corpus, "docs": size, "workers": workers, "seconds": round(elapsed, 2),
            "docs_per_s": round(size / elapsed, 1), "docs_per_s_per_core": round(size / elapsed / workers, 1),
            "words_per_doc": round(words / size), "distinct_texts": min(size, len(source)), "events": events,
            "peak_rss_mb": round(rss_kb / 1024)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", choices=["acled", "articles", "digests"], default="acled")
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: run one size in this process
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.corpus, args.one, args.workers)))
        return 0
    for size in (int(s) for s in args.sizes.split(",")):
        results = []
        for run in range(args.runs):
            out = subprocess.run([sys.executable, __file__, "--corpus", args.corpus, "--one", str(size),
                                  "--workers", str(args.workers)], capture_output=True, text=True, check=True)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            results.append(r)
            print(f"  run {run + 1}: {r}", flush=True)
        med = lambda k: statistics.median(r[k] for r in results)
        print(json.dumps({"corpus": args.corpus, "docs": size, "workers": args.workers, "runs": args.runs,
                          "median_docs_per_s_per_core": med("docs_per_s_per_core"),
                          "median_seconds": med("seconds"), "median_peak_rss_mb": med("peak_rss_mb"),
                          "words_per_doc": results[0]["words_per_doc"]}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
