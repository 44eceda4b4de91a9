#!/usr/bin/env python3
"""Over-merge on real ACLED notes: each row is a distinct incident coded by people, so
when a whole file is ingested at once, few rows may end up in another row's event.

    python bench/merge_quality.py [FILE.csv ...] [--limit N] [--mode ingest|batch]

Each row's note is one document (published = event_date), as score_acled.py to-input
makes it. `ingest` runs the real `Store` path (each document joins a stored event or
starts one); `batch` extracts every row, then merges all records at once (merge.py).
Prints, per file, rows, events and the over-merge rate: the share of rows that ended
up in an event another row started (sum over events of rows - 1, over rows).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = sorted((ROOT.parent / "shared" / "corpus" / "acled-dev").glob("*.csv"))


def documents(path: Path, limit: int | None):
    from eventwire.model import Document
    with open(path, encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh)):
            if limit is not None and n >= limit:
                return
            published = None
            for fmt in ("%d-%b-%y", "%d %B %Y", "%Y-%m-%d"):
                try:
                    published = dt.datetime.strptime(row["event_date"], fmt).date()
                    break
                except ValueError:
                    pass
            yield Document(doc_id=f"acled-{row['data_id']}", raw=row["notes"], origin=f"{path.name}:{n + 2}",
                           published=published, published_from="input")


def rate(groups: list[int], rows: int) -> float:
    return sum(k - 1 for k in groups) / rows if rows else 0.0


def run(path: Path, limit: int | None, mode: str) -> dict:
    from eventwire import merge
    from eventwire.pipeline import Pipeline
    from eventwire.store import Store
    pipeline = Pipeline()
    t0 = time.perf_counter()
    rows = 0
    if mode == "ingest":
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(Path(tmp) / "bench.db")
            for result in pipeline.process_many(documents(path, limit)):
                rows += 1
                if result.doc is not None:
                    store.add_document(result.doc, result.events or [])
            groups = [json.loads(r[0]) for r in store.conn.execute("SELECT record FROM events")]
            sizes = [len({rep["doc_id"] for rep in g["reports"]}) for g in groups]
            store.close()
    else:
        records = []
        for result in pipeline.process_many(documents(path, limit)):
            rows += 1
            records.extend(e.to_dict() for e in result.events or [])
        merged = merge.merge_records(records)
        sizes = [len({rep["doc_id"] for rep in g["reports"]}) for g in merged]
    # rows whose note and date repeat another row's: ACLED splits one note over several
    # locations; no reader of the text can tell them apart
    seen, repeated = set(), 0
    for doc in documents(path, limit):
        key = (doc.raw, doc.published)
        repeated += key in seen
        seen.add(key)
    return {"file": path.name, "mode": mode, "rows": rows, "events": len(sizes),
            "rows_repeating_another_rows_note": repeated,
            "over_merge_rate_other_rows": round(max(0.0, rate(sizes, rows) - repeated / rows), 4),
            "events_with_several_rows": sum(1 for k in sizes if k > 1),
            "over_merge_rate": round(rate(sizes, rows), 4), "seconds": round(time.perf_counter() - t0, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--mode", choices=["ingest", "batch"], default="ingest")
    args = ap.parse_args()
    if not args.files:
        sys.exit("no ACLED files given and none found under ../shared/corpus/acled-dev")
    for f in args.files:
        print(json.dumps(run(f, args.limit, args.mode)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
