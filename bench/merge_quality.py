#!/usr/bin/env python3
"""Over-merge on real ACLED notes: each row is a distinct incident coded by people, so
when a whole file is ingested at once, few rows may end up in another row's event.

    python bench/merge_quality.py [FILE.csv ...] [--limit N] [--mode ingest|batch] [--show N]

Each row's note is one document (published = event_date), as score_acled.py to-input
makes it. `ingest` runs the real `Store` path (each document joins a stored event or
starts one); `batch` extracts every row, then merges all records at once (merge.py).
Prints, per file, rows, events and the over-merge rate: the share of rows that ended
up in an event another row started (sum over events of rows - 1, over rows), and the same
counting rows with one note and date once (over_merge_rate_other_rows), and the share of rows
whose own incident, their first event (the one `eventwire eval acled` scores), ended up in
another row's first event (first_events_over_merge_rate; rows with one note and date counted
once): a note's other events, incidents it tells besides, may rightly join the row that
reports them; and, stricter, the share of rows whose first event shares its event with any
event of another row (first_events_in_any_other_rows_event_rate). `--show N`
prints, per file, the first N rows that joined another row's event, beside that row: both
notes, what merging saw of each (place, days, kind, sides, first place named, names) and
the pair's score, to see why they merged.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
import tempfile
import time
from typing import Any
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = sorted((ROOT.parent / "shared" / "corpus" / "acled-dev").glob("*.csv"))
# ACLED's own count of the rows it split one note into: "Fatalities are split across 3
# events (4)." in one row and "(3)" in the next. The rows tell one report, word for word.
_SPLIT_COUNTER = re.compile(r"(\bsplit\s+(?:across|over|between)\s+\d+\s+(?:events|locations))\s*\(\d+\)")


def same_note(text: str) -> str:
    """A note as a reader sees it: without ACLED's counter of the rows it was split into."""
    return _SPLIT_COUNTER.sub(r"\1", text)


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


def show_merged(members: dict[str, list[dict]], notes: dict[str, str], limit: int) -> None:
    """Print up to `limit` rows that ended up in an event another row started, with the row
    that started it (both as merging saw them); rows that repeat that row's note are left out."""
    from eventwire import merge
    shown = 0
    for recs in members.values():
        first = recs[0]
        a = merge.Sketch.of(first)
        seen = set(a.docs)
        for rec in recs[1:]:
            b = merge.Sketch.of(rec)
            if b.docs <= seen:
                continue
            seen |= b.docs
            if same_note(notes.get(min(b.docs), "")) == same_note(notes.get(min(a.docs), "")):
                continue
            if shown >= limit:
                return
            shown += 1
            s = merge.score(a, b)
            print(f"--- score {'-' if s is None else round(s, 3)}", file=sys.stderr)
            for r, sk in ((first, a), (rec, b)):
                loc = r["location"]
                print(f"  {min(sk.docs)}: {notes.get(min(sk.docs), '')[:300]}\n"
                      f"    {loc.get('name')!r} ({sk.precision}, {sk.population} people) {sk.lo}..{sk.hi}"
                      f" {sk.sub_event_type}; {sk.side1} -> {sk.side2}; weapons {sorted(sk.weapons)};"
                      f" spot {sk.spot!r}; names {sorted(sk.names)}; listed {sk.listed};"
                      f" in passing {sk.in_passing}", file=sys.stderr)


def run(path: Path, limit: int | None, mode: str, show: int = 0) -> dict:
    from eventwire import merge
    from eventwire.pipeline import Pipeline
    from eventwire.store import Store
    pipeline = Pipeline()
    t0 = time.perf_counter()
    rows = 0
    if mode == "ingest":
        with tempfile.TemporaryDirectory() as tmp:
            store = Store(Path(tmp) / "bench.db")
            first_of: dict[str, str] = {}
            for result in pipeline.process_many(documents(path, limit)):
                rows += 1
                if result.doc is not None:
                    # a text stored before (the same note on another date) is that document
                    stored = store.add_document(result.doc, result.events or [])
                    if stored and result.events:
                        first_of[result.doc.doc_id] = result.events[0].event_id
            primary = {doc_id: store.resolve_id(event_id) or event_id for doc_id, event_id in first_of.items()}
            groups = list(store.events())  # events.record alone lacks the claims and reports of a split event
            event_docs = [{rep["doc_id"] for rep in g["reports"]} for g in groups]
            event_keys: list[Any] = [g["event_id"] for g in groups]
            members: dict[str, list[dict]] = {}
            if show:
                for event_id, record in store.conn.execute(
                        "SELECT event_id, record FROM doc_events ORDER BY rowid"):
                    members.setdefault(event_id, []).append(json.loads(record))
            store.close()
    else:
        records, first_at = [], {}
        for result in pipeline.process_many(documents(path, limit)):
            rows += 1
            if result.events:
                first_at[result.doc.doc_id] = len(records)
            records.extend(e.to_dict() for e in result.events or [])
        groups = merge.cluster([merge.Sketch.of(r) for r in records])
        group_of = {i: k for k, g in enumerate(groups) for i in g}
        primary = {doc_id: group_of[i] for doc_id, i in first_at.items()}
        merged = [merge.combine([records[i] for i in g]) for g in groups]
        event_docs = [{rep["doc_id"] for rep in g["reports"]} for g in merged]
        event_keys = list(range(len(groups)))
        members = {m["event_id"]: [records[i] for i in g] for m, g in zip(merged, groups)}
    if show:
        print(f"== {path.name}: rows that joined another row's event", file=sys.stderr)
        show_merged({k: v for k, v in members.items() if len(v) > 1}, {d.doc_id: d.raw for d in documents(path, limit)},
                    show)
    # rows whose note and date repeat another row's: ACLED splits one note over several
    # locations (numbering the rows "(3)", "(4)" at times); no reader of the text can tell
    # them apart. They are counted once per event (`ingest` stores a repeated text once, as
    # one document, so they never merge there)
    seen, repeated, note, order = set(), 0, {}, {}
    for doc in documents(path, limit):
        key = (same_note(doc.raw), doc.published)
        repeated += key in seen
        seen.add(key)
        note[doc.doc_id] = key
        order[doc.doc_id] = len(order)
    sizes = [len(docs) for docs in event_docs]
    distinct = [len({note.get(d, d) for d in docs}) for docs in event_docs]
    # the row's own incident: its first event (the one `eventwire eval acled` scores), which
    # another row's first event joined; events a note tells besides (a list of other towns
    # shelled that day) may rightly join the row that reports them
    firsts: dict[Any, set] = {}
    for doc_id, event in primary.items():
        firsts.setdefault(event, set()).add(note.get(doc_id, doc_id))
    # stricter: a row's own incident that shares its event with any event of another row,
    # that row's first or not (mostly round-ups, "shelling on A and B caused damage", that
    # name the town of a row about B: the same shelling, rightly merged in news terms)
    in_any = 0
    for key, docs in zip(event_keys, event_docs):
        if len({note.get(d, d) for d in docs}) > 1:
            own = firsts.get(key, set())
            in_any += len(own) - (note.get(min(docs, key=order.get), "") in own)
    return {"file": path.name, "mode": mode, "rows": rows, "events": len(sizes),
            "rows_repeating_another_rows_note": repeated,
            "over_merge_rate_other_rows": round(rate(distinct, rows), 4),
            "events_with_several_rows": sum(1 for k in sizes if k > 1),
            "over_merge_rate": round(rate(sizes, rows), 4),
            "first_events_over_merge_rate": round(rate([len(v) for v in firsts.values()], rows), 4),
            "first_events_in_any_other_rows_event_rate": round(in_any / rows, 4) if rows else 0.0,
            "seconds": round(time.perf_counter() - t0, 1)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path, default=DEFAULT)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--mode", choices=["ingest", "batch"], default="ingest")
    ap.add_argument("--show", type=int, default=0, metavar="N",
                    help="print (to stderr) the first N rows per file that joined another row's event, and why")
    args = ap.parse_args()
    if not args.files:
        sys.exit("no ACLED files given and none found under ../shared/corpus/acled-dev")
    for f in args.files:
        print(json.dumps(run(f, args.limit, args.mode, args.show)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
