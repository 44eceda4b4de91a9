#!/usr/bin/env python3
"""How well eventwire tells places from people and organisations in real news articles.

    python bench/wikievents_places.py [--show N] [--json]

Reads the WikiEvents dev articles in ../shared/corpus/wikievents-dev (20 full news articles,
read at run time, nothing copied into the project). Their annotators marked the mentions of
entities: places (GPE, LOC, FAC), people (PER), organisations (ORG), weapons, vehicles. Each
article runs through the whole pipeline; each place eventwire finds in it (the places stage,
less those it reads as part of a name: "Perez" of "Nancy Perez") and each event's place (its
location claims) is held against the annotated mention it overlaps:

- place_precision: of the found places that overlap an annotated mention, the share that
  overlap a place (GPE, LOC or FAC); a found place on a person or organisation ("Hugo" of
  "Hugo Chavez", "Boko Haram") counts against it. Places no annotator marked are left out.
- event_place_precision: the same for the places events were put at.
- place_recall: of the annotated places written as names (a capital letter, not a
  nationality word such as "Russian", which the annotators mark as GPE), the share that
  some found place overlaps (also one read as part of a name: "France's strategy").

The annotation is partial and its scheme is not ACLED's: the figures are for comparing
versions of eventwire on real prose, with --show N listing what counted against them.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from eventwire.gazetteer.demonyms import demonyms  # noqa: E402
from eventwire.gazetteer.stoplists import NON_PLACE_WORDS  # noqa: E402
from eventwire.model import Document  # noqa: E402
from eventwire.stages.geocode import ATTRIBUTE  # noqa: E402
from eventwire.pipeline import Pipeline  # noqa: E402

SHARED = ROOT.parent / "shared"
PLACE_TYPES = {"GPE", "LOC", "FAC"}


def entity_spans(article: dict) -> list[tuple[int, int, str, str]]:
    """(start, end, entity type, text) of each annotated mention, in characters of `text`.
    The tokens' own offsets assume a space between sentences that the text does not always
    have, so each token is found in the text from the end of the one before."""
    text = article["text"]
    starts, ends = [], []
    cursor = 0
    for tokens, _ in article["sentences"]:
        for token, _, _ in tokens:
            at = text.find(token, cursor)
            if at < 0:  # a token the text spells otherwise: keep the cursor, mark it empty
                starts.append(cursor)
                ends.append(cursor)
                continue
            starts.append(at)
            ends.append(at + len(token))
            cursor = at + len(token)
    return [(starts[m["start"]], ends[m["end"] - 1], m["entity_type"], m["text"])
            for m in article["entity_mentions"] if m["end"] <= len(starts)]


def overlapping(spans, start: int, end: int):
    return [s for s in spans if s[0] < end and start < s[1]]


def is_name(text: str, nationalities: set[str]) -> bool:
    first = text.split()[0] if text.split() else ""
    return bool(first[:1].isupper()) and text not in nationalities and text.lower() not in NON_PLACE_WORDS


def measure(path: Path) -> dict:
    pipeline = Pipeline()
    nationalities = set(demonyms())
    found_on = {"place": 0, "other": 0}
    event_on = {"place": 0, "other": 0}
    wrong: list[tuple[str, str, str, str]] = []
    names = names_found = 0
    missed: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as f:
        articles = [json.loads(line) for line in f]
    for art in articles:
        text = art["text"]
        spans = entity_spans(art)
        result = pipeline.process(Document(doc_id=art["doc_id"], raw=text, origin=art["doc_id"]))
        doc = result.doc
        found = []
        for pm in doc.places or []:
            start, end = doc.offsets.span_to_raw(pm.start, pm.end) if doc.offsets else (pm.start, pm.end)
            found.append((start, end))
            if getattr(pm, "role", None) == ATTRIBUTE:
                continue  # found, but read as part of a name (a person's, a group's): no place here
            hits = overlapping(spans, start, end)
            if hits:
                kind = "place" if any(h[2] in PLACE_TYPES for h in hits) else "other"
                found_on[kind] += 1
                if kind == "other":
                    wrong.append((art["doc_id"], text[start:end], pm.place.name + ", " + (pm.place.country or ""),
                                  "/".join(sorted({h[2] for h in hits}))))
        for event in result.events or []:
            for claim in event.to_dict()["claims"]:
                if claim["field"] != "location" or not claim.get("span"):
                    continue
                hits = overlapping(spans, *claim["span"])
                if hits:
                    event_on["place" if any(h[2] in PLACE_TYPES for h in hits) else "other"] += 1
        for start, end, etype, mention in spans:
            if etype in PLACE_TYPES and is_name(mention, nationalities):
                names += 1
                if any(s < end and start < e for s, e in found):
                    names_found += 1
                else:
                    missed.append((art["doc_id"], mention))

    def share(a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    return {
        "articles": len(articles),
        "found_places_on_annotated_mentions": found_on["place"] + found_on["other"],
        "place_precision": share(found_on["place"], found_on["place"] + found_on["other"]),
        "person_or_org_read_as_place": found_on["other"],
        "event_places_on_annotated_mentions": event_on["place"] + event_on["other"],
        "event_place_precision": share(event_on["place"], event_on["place"] + event_on["other"]),
        "annotated_place_names": names,
        "place_recall": share(names_found, names),
        "_wrong": wrong,
        "_missed": missed,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", type=Path, default=SHARED / "corpus" / "wikievents-dev" / "dev.jsonl")
    ap.add_argument("--show", type=int, default=0, help="list this many places read from people or organisations, "
                                                        "and annotated places not found")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not args.file.exists():
        sys.exit(f"{args.file}: no such file (the WikiEvents dev articles are read from ../shared)")
    figures = measure(args.file)
    wrong, missed = figures.pop("_wrong"), figures.pop("_missed")
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
    if args.show:
        print("\nfound on a person or organisation (article, words, place, annotated as):")
        for row in wrong[:args.show]:
            print("  " + " | ".join(row))
        print("\nannotated places not found (article, words):")
        for row in missed[:args.show]:
            print("  " + " | ".join(row))
    return 0


if __name__ == "__main__":
    sys.exit(main())
