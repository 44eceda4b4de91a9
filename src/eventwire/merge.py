"""One incident from many reports: which events from different documents are the same
incident, and the merged record with every report and claim kept.

Candidates are blocked by place (a grid cell around the coordinates, widened with the
place's precision, or the region / country for coarse places) and by date (days of the
range, widened with its precision); only events sharing a block are compared. A pair is
scored on type, sub-type, sides, weapons and wording; events from one document never
merge (the document already told them apart). Pairs are taken best first with ties
broken by event ids, so the result does not depend on input order.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from .model import PRECISION_RANK, Claim
from .stages.actors import side
from .stages.resolve import contradictions as find_contradictions
from .stages.resolve import resolve_values

# How far apart two reports of one incident may place it, by the coarser precision (km).
# A site is a base or a field: reports name it or the town beside it. Calibrated on the
# seed articles and the composed multi-report fixtures; ACLED's geo_precision 2 means
# "within ~25 km of the town".
MAX_KM = {"site": 8.0, "town": 15.0, "district": 40.0}
# Days by which a date range is widened on each side when blocking, by precision: a
# report published a day later often dates the incident "yesterday" or only by the report.
WIDEN_DAYS = {"day": 1, "week": 2, "month": 0, "year": 0}
# Ranges longer than this are too vague to merge on (a year, "in recent months").
MAX_RANGE_DAYS = 45
# A pair merges at this score or above (0..1). Calibrated so that the ACLED dev files,
# whose rows are distinct incidents, stay below 2% over-merge while the composed
# multi-report fixtures merge (bench/merge_quality.py prints both).
THRESHOLD = 0.6
GRID_DEG = 0.25  # blocking cell, about 25 km

_WORD = re.compile(r"[a-z]{3,}")
_STOP = frozenset("the and for with that this from were was are has have had said says after near into over "
                  "its their which who on in at of to by an as".split())


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1.0, a)))


@dataclass(slots=True)
class Sketch:
    """What merging needs of an event, small enough to hold a million in memory."""
    event_id: str
    docs: frozenset
    lat: float | None
    lon: float | None
    precision: str
    place_id: str | None
    admin1: str | None
    country: str | None
    start: dt.date | None
    end: dt.date | None
    date_precision: str
    event_type: str
    sub_event_type: str
    side1: str | None
    side2: str | None
    weapons: frozenset
    words: frozenset
    rank: tuple = ()  # which member's id a merged event keeps: the earliest first report

    @classmethod
    def of(cls, rec: dict[str, Any]) -> "Sketch":
        loc, d = rec["location"], rec["date"]
        start = dt.date.fromisoformat(d["start"]) if d.get("start") else None
        end = dt.date.fromisoformat(d["end"]) if d.get("end") else start
        text = " ".join([rec.get("notes") or ""] + [c.get("quote") or "" for c in rec.get("claims", [])[:6]]).lower()
        published = min((r.get("published") or "9999-12-31") for r in rec["reports"]) if rec["reports"] else "9999-12-31"
        return cls(rec["event_id"], frozenset(r["doc_id"] for r in rec["reports"]), loc.get("lat"), loc.get("lon"),
                   loc.get("precision") or "unknown", loc.get("place_id"), loc.get("admin1"), loc.get("country"),
                   start, end, d.get("precision") or "unknown", rec["event_type"], rec["sub_event_type"],
                   side(rec["actor1"].get("name")), side(rec["actor2"].get("name")),
                   frozenset(rec.get("weapons") or ()), frozenset(w for w in _WORD.findall(text) if w not in _STOP),
                   (published, rec["event_id"]))

    def blocks(self) -> list[tuple]:
        if self.start is None or (self.end - self.start).days > MAX_RANGE_DAYS:
            return []
        widen = WIDEN_DAYS.get(self.date_precision, 0)
        days = [(self.start + dt.timedelta(days=i)).toordinal()
                for i in range(-widen, (self.end - self.start).days + widen + 1)]
        if self.lat is not None and PRECISION_RANK.get(self.precision, 5) <= PRECISION_RANK["district"]:
            cy, cx = math.floor(self.lat / GRID_DEG), math.floor(self.lon / GRID_DEG)
            cells = [("g", cy + dy, cx + dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
        elif self.precision == "region" and self.admin1:
            cells = [("r", self.country, self.admin1)]
        elif self.country:
            cells = [("c", self.country)]
        else:
            return []
        # coarse places also meet the fine places inside them
        if self.admin1 and self.precision != "region":
            cells.append(("r", self.country, self.admin1))
        if self.country and self.precision != "country":
            cells.append(("c", self.country))
        return [(c, d) for c in cells for d in days]

    def fine_blocks(self) -> list[tuple]:
        """The blocks this sketch is *in* (coarse ones only meet, never index, fine places)."""
        return self.blocks()


def _dates_overlap(a: Sketch, b: Sketch) -> bool:
    if a.start is None or b.start is None:
        return False
    wa, wb = WIDEN_DAYS.get(a.date_precision, 0), WIDEN_DAYS.get(b.date_precision, 0)
    w = max(wa, wb)
    return a.start - dt.timedelta(days=w) <= b.end and b.start - dt.timedelta(days=w) <= a.end


def _places_match(a: Sketch, b: Sketch) -> float | None:
    """1.0 for the same place, less for nearby or containing places, None for incompatible."""
    if a.place_id and a.place_id == b.place_id:
        return 1.0
    ra, rb = PRECISION_RANK.get(a.precision, 5), PRECISION_RANK.get(b.precision, 5)
    coarse = a if ra >= rb else b
    fine = b if coarse is a else a
    if coarse.precision == "country":
        return 0.5 if coarse.country and coarse.country == fine.country else None
    if coarse.precision == "region":
        return 0.7 if coarse.admin1 and coarse.admin1 == fine.admin1 and coarse.country == fine.country else None
    if a.lat is None or b.lat is None:
        return None
    dist = km(a.lat, a.lon, b.lat, b.lon)
    limit = MAX_KM.get(coarse.precision, 0.0)
    if dist > limit:
        return None
    return 1.0 - 0.5 * dist / limit if limit else 1.0


def score(a: Sketch, b: Sketch) -> float | None:
    """How alike two events are (0..1), or None when they cannot be one incident."""
    if a.docs & b.docs:
        return None
    if not _dates_overlap(a, b):
        return None
    place = _places_match(a, b)
    if place is None:
        return None
    if a.event_type != b.event_type:
        return None
    # sides: the same acting side, and no side both attacking and attacked
    if a.side1 and b.side1 and a.side1 != b.side1:
        return None
    if (a.side1 and a.side1 == b.side2) or (b.side1 and b.side1 == a.side2):
        return None
    s = 0.35 * place
    s += 0.2 if a.sub_event_type == b.sub_event_type else 0.0
    s += 0.1 if a.side1 and a.side1 == b.side1 else (0.05 if not (a.side1 and b.side1) else 0.0)
    s += 0.05 if a.side2 and a.side2 == b.side2 else 0.0
    if a.weapons and b.weapons:
        s += 0.1 * len(a.weapons & b.weapons) / len(a.weapons | b.weapons)
    else:
        s += 0.03
    if a.words and b.words:
        s += 0.2 * len(a.words & b.words) / len(a.words | b.words)
    return s


def candidate_pairs(sketches: list[Sketch]) -> Iterable[tuple[int, int]]:
    """Pairs of indexes that share a block; each pair once."""
    index: dict[tuple, list[int]] = {}
    for i, sk in enumerate(sketches):
        for b in sk.blocks():
            index.setdefault(b, []).append(i)
    seen: set[tuple[int, int]] = set()
    for members in index.values():
        if len(members) < 2:
            continue
        # a block crowded beyond this is a busy city-day: compare each with its nearest 200
        members = members[:2000]
        for x in range(len(members)):
            for y in range(x + 1, min(len(members), x + 200)):
                i, j = members[x], members[y]
                key = (i, j) if i < j else (j, i)
                if key not in seen:
                    seen.add(key)
                    yield key


class _Clusters:
    def __init__(self, sketches: list[Sketch]):
        self.parent = list(range(len(sketches)))
        self.docs = [set(s.docs) for s in sketches]
        self.members = [[i] for i in range(len(sketches))]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        ri, rj = self.find(i), self.find(j)
        if ri == rj or self.docs[ri] & self.docs[rj]:
            return False
        if len(self.members[ri]) < len(self.members[rj]):
            ri, rj = rj, ri
        self.parent[rj] = ri
        self.docs[ri] |= self.docs[rj]
        self.members[ri] += self.members[rj]
        self.members[rj] = []
        return True


def cluster(sketches: list[Sketch], threshold: float = THRESHOLD,
            compatible_clusters=None) -> list[list[int]]:
    """Groups of indexes into `sketches` that are one incident each."""
    scored = []
    for i, j in candidate_pairs(sketches):
        s = score(sketches[i], sketches[j])
        if s is not None and s >= threshold:
            a, b = sketches[i].event_id, sketches[j].event_id
            scored.append((-s, min(a, b), max(a, b), i, j))
    scored.sort()
    cl = _Clusters(sketches)
    for _, _, _, i, j in scored:
        ri, rj = cl.find(i), cl.find(j)
        if ri == rj:
            continue
        # every member pair across the two groups must be compatible (no chaining)
        if all(score(sketches[x], sketches[y]) is not None for x in cl.members[ri] for y in cl.members[rj]):
            cl.union(i, j)
    # members by their first report (the first keeps its id); groups in input order
    groups = [sorted(m, key=lambda k: sketches[k].rank) for m in cl.members if m]
    groups.sort(key=min)
    return groups


# ------------------------------------------------------------------- combining

def _claims_of(rec: dict[str, Any]) -> list[Claim]:
    return [Claim.from_dict(c) for c in rec.get("claims", [])]


def combine(records: list[dict[str, Any]]) -> dict[str, Any]:
    """One record from several reports of one incident; the first record's id is kept
    (callers order records by their first report, so an event keeps its id as reports join)."""
    if len(records) == 1:
        return records[0]
    first = records[0]
    out = {k: v for k, v in first.items()}
    # place: the most specific
    locs = sorted((r["location"] for r in records), key=lambda l: PRECISION_RANK.get(l.get("precision") or "unknown", 5))
    out["location"] = locs[0]
    # date: the intersection of the ranges, else the narrowest
    ranges = [(r["date"]["start"], r["date"]["end"] or r["date"]["start"], r["date"]) for r in records if r["date"]["start"]]
    if ranges:
        lo, hi = max(x[0] for x in ranges), min(x[1] for x in ranges)
        narrowest = min(ranges, key=lambda x: (dt.date.fromisoformat(x[1]) - dt.date.fromisoformat(x[0])).days)
        if lo <= hi:
            exact = [x[2] for x in ranges if (x[0], x[1]) == (lo, hi)]
            out["date"] = dict(exact[0]) if exact else {"start": lo, "end": hi,
                                                        "precision": "day" if lo == hi else narrowest[2]["precision"],
                                                        "text": narrowest[2]["text"]}
        else:
            out["date"] = dict(narrowest[2])
    # type, sides: the most reported, ties to the earliest report
    for key in ("event_type", "sub_event_type"):
        out[key] = _vote([r[key] for r in records])
    for role in ("actor1", "actor2"):
        name = _vote([r[role]["name"] for r in records if r[role]["name"]])
        texts = [r[role]["text"] for r in records if r[role]["name"] == name]
        out[role] = {"name": name, "text": texts[0] if texts else ""}
    out["weapons"] = sorted({w for r in records for w in r.get("weapons", [])})
    claims, seen = [], set()
    for r in records:
        for c in r["claims"]:
            key = (c["field"], repr(c["value"]), c["source"], c["claimant"], c["doc_id"], tuple(c["span"]))
            if key not in seen:
                seen.add(key)
                claims.append(c)
    out["claims"] = claims
    reports, seen_docs = [], set()
    for r in records:
        for rep in r["reports"]:
            if rep["doc_id"] not in seen_docs:
                seen_docs.add(rep["doc_id"])
                reports.append(rep)
    out["reports"] = reports
    claim_objs = [Claim.from_dict(c) for c in claims]
    published = {rep["doc_id"]: rep.get("published") for rep in reports}
    fat, inj, contra = resolve_values(claim_objs, out["actor2"]["name"], published)
    out["fatalities"], out["injuries"] = fat, inj
    out["contradictions"] = contra + _record_contradictions(records, claims)
    from .stages.notes import note_for_record
    out["notes"] = note_for_record(out)
    return out


def _record_contradictions(records: list[dict[str, Any]], claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Disagreements between reports on date and place (claims disagree on counts and sides)."""
    out = []
    for fieldname in ("date", "location"):
        idx = [i for i, c in enumerate(claims) if c["field"] == fieldname]
        if fieldname == "date":
            windows = {}
            for i in idx:
                v = claims[i]["value"] or {}
                if v.get("start"):
                    windows.setdefault((v["start"], v.get("end") or v["start"]), []).append(i)
            keys = sorted(windows)
            disjoint = any(a[1] < b[0] for a in keys for b in keys)
            if disjoint:
                out.append({"field": "date", "values": [f"{a}..{b}" if a != b else a for a, b in keys],
                            "claims": sorted(i for v in windows.values() for i in v)})
    return out


def _vote(values: list):
    counts: dict = {}
    for v in values:
        if v is not None:
            counts[v] = counts.get(v, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda v: (counts[v], -values.index(v)))


def merge_records(records: list[dict[str, Any]], threshold: float = THRESHOLD) -> list[dict[str, Any]]:
    """Batch merge: records from many documents in, one record per incident out."""
    sketches = [Sketch.of(r) for r in records]
    return [combine([records[i] for i in group]) for group in cluster(sketches, threshold)]
