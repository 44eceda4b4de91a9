"""A stored event kept up to date one report at a time, equal to `merge.combine` of all of them.

Combining every report of an event again each time one more joins costs O(n^2) for n reports
of one incident. An EventState holds, in aggregate, everything combine's result depends on:
vote tallies with the earliest report of each value, the date bounds, the voices and range of
each toll, the distinct values of contested fields, and what the merge sketch reads. A report
joins it in time that does not grow with the reports already there. What is a list in the
record (claims, reports) grows by one report's Part, which the store keeps on the report's own
doc_events row: the stored record leaves those lists out, and readers put them in, in the order
of the reports' rank (store/sqlite.py, "how an event is stored"). The claims a contradiction
cites are indexes into the whole claims list, read from the Parts' sizes.

Reports are ordered as combine's callers order them (`rank_of`, the earliest first); every
aggregate is a min, a max, a count or a union over reports, with ties broken by that order, so
the result does not depend on the order reports arrive in. tests/test_store_incremental.py
holds `EventState.record` to `merge.combine` and `EventState.sketch_record` to `merge.Sketch.of`.

A state is kept only for *regular* events: every report names one document of its own (its
claims and reports all carry that document's doc_id) and no two reports of the event share a
document, so no claim or report of one is a duplicate of another's. The store rebuilds any
other event from all its reports, as before.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import sys
from pathlib import Path
from typing import Any, Callable

from ..model import PRECISION_RANK, Claim
from ..stages import resolve
from ..stages.actors import side, side_of_claimant
from ..stages.notes import note_for_record

# merge.Sketch.of reads the first six distinct quotes of an event's claims; a state keeps
# those (tests/test_store_incremental.py fails if Sketch.of starts reading more).
SKETCH_QUOTES = 6
# merge.Sketch.of ranks a report without a publication date last
_UNDATED = "9999-12-31"
# the lists of a record, which grow with its reports: a state's copy of the first report leaves them out
LISTS = ("claims", "reports", "contradictions")
# a state stored under another version, or other rules (`rules`), is not read: its event is
# rebuilt from its reports (2: records split from their reports' claims, migration 0005)
VERSION = 2


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


@functools.cache
def rules() -> str:
    """A fingerprint of the code a merged event's values come from. A state holds what those
    rules said of its reports when they joined; under changed rules the event is rebuilt the
    next time a report joins it, as it was when every report rebuilt its event."""
    from .. import merge, model
    from ..stages import actors, claims, events, notes
    digest = hashlib.sha1(str(VERSION).encode())
    for module in (merge, model, actors, claims, events, notes, resolve, sys.modules[__name__]):
        try:
            digest.update(Path(module.__file__).read_bytes())
        except (OSError, TypeError):  # no source at hand: the version alone
            pass
    return digest.hexdigest()[:16]


def rank_of(rec: dict[str, Any]) -> list:
    """merge.Sketch.of(rec).rank, without the rest of the sketch: the order combine's callers
    put reports in (the earliest published first), which picks the id a merged event keeps."""
    published = min((r.get("published") or _UNDATED) for r in rec["reports"]) if rec["reports"] else _UNDATED
    return [published, rec["event_id"]]


def claim_key(c: dict[str, Any]) -> tuple:
    """When two claims are one (as merge.combine drops duplicates)."""
    return (c["field"], repr(c["value"]), c["source"], c["claimant"], c["doc_id"], tuple(c["span"]))


class Part:
    """What one report (one document's event) adds to a merged event."""

    def __init__(self, rec: dict[str, Any]):
        self.rank = rank_of(rec)
        self.claims, seen = [], set()
        for c in rec["claims"]:
            key = claim_key(c)
            if key not in seen:
                seen.add(key)
                self.claims.append(c)
        self.reports, docs = [], set()
        for rep in rec["reports"]:
            if rep["doc_id"] not in docs:
                docs.add(rep["doc_id"])
                self.reports.append(rep)
        ids = docs | {c["doc_id"] for c in self.claims}
        # the one document the report's claims and reports all come from, if it is so
        self.doc_id = next(iter(ids)) if len(ids) == 1 and self.reports else None
        self.published = self.reports[0].get("published") if self.reports else None
        # indexes of the claims a contradiction may cite, by field
        self.cited: dict[str, list[int]] = {}
        for i, c in enumerate(self.claims):
            if c["field"] in resolve.CONTESTABLE and c.get("value") is not None:
                self.cited.setdefault(c["field"], []).append(i)
            elif c["field"] == "date" and (c["value"] or {}).get("start"):
                self.cited.setdefault("date", []).append(i)
        # the claims and reports as items of the record's JSON arrays
        self.claims_json = ", ".join(dumps(c) for c in self.claims)
        self.reports_json = ", ".join(dumps(r) for r in self.reports)

    def columns(self) -> tuple:
        """rank_published, n_claims, claims_chars, reports_chars, report_published, cited."""
        return (self.rank[0], len(self.claims), len(self.claims_json), len(self.reports_json), self.published,
                dumps(self.cited))


def _sorted(items) -> list:
    """A set as a list in one order whatever its elements (None included), for stable JSON."""
    return sorted(items, key=dumps)


class _Toll:
    """What best_value (stages/resolve.py) needs of the numeric claims of one field."""

    def __init__(self, d: dict[str, Any] | None = None):
        d = d or {}
        self.n = d.get("n", 0)
        self.low, self.high = d.get("low"), d.get("high")
        self.revision = d.get("revision")  # [report date, value]: the latest revised toll
        self.stated = d.get("stated")  # [position, value]: the last toll stated for the whole event
        self.n_extra, self.extra_sum = d.get("n_extra", 0), d.get("extra_sum", 0)
        # value -> distinct (source, claimant) voices and the sides of their claimants, over all
        # numeric claims and over those that do not add to other counts
        self.voices = {v: ({tuple(x) for x in vs}, set(ss)) for v, vs, ss in d.get("voices", [])}
        self.rest = {v: ({tuple(x) for x in vs}, set(ss)) for v, vs, ss in d.get("rest", [])}

    def to_json(self) -> dict[str, Any]:
        pack = lambda m: [[v, _sorted(list(x) for x in vs), _sorted(ss)] for v, (vs, ss) in sorted(m.items())]
        return {"n": self.n, "low": self.low, "high": self.high, "revision": self.revision, "stated": self.stated,
                "n_extra": self.n_extra, "extra_sum": self.extra_sum, "voices": pack(self.voices),
                "rest": pack(self.rest)}

    def add(self, claims: list[tuple[list, Claim]], published: str | None) -> None:
        extra_values = {}
        for pos, c in claims:
            v = c.value
            self.n += 1
            self.low = v if self.low is None else min(self.low, v)
            self.high = v if self.high is None else max(self.high, v)
            if resolve.is_revision(c):
                key = [published or "", v]
                if self.revision is None or key > self.revision:
                    self.revision = key
            if resolve.states_event_total(c.quote or "", c.field):
                if self.stated is None or pos > self.stated[0]:
                    self.stated = [pos, v]
            voice, own = (c.source, c.claimant), side(side_of_claimant(c.claimant))
            tallies = [self.voices]
            if resolve.adds_to_other_counts(c.quote or "", c.field):
                self.n_extra += 1
                extra_values[(c.doc_id, c.span)] = v
            else:
                tallies.append(self.rest)
            for tally in tallies:
                vs, ss = tally.setdefault(v, (set(), set()))
                vs.add(voice)
                ss.add(own)
        # a part's claims all come from its one document: no key is shared with another part
        self.extra_sum += sum(extra_values.values())

    def value(self, victim_side: str | None) -> dict[str, int | None]:
        if not self.n:
            return {"best": None, "low": None, "high": None}
        if self.revision is not None:
            return {"best": self.revision[1], "low": self.low, "high": self.high}
        if self.stated is not None:
            return {"best": self.stated[1], "low": self.low, "high": self.high}
        if self.n_extra and self.n_extra < self.n:
            best = self._most_voiced(self.rest, victim_side) + self.extra_sum
            return {"best": best, "low": self.low, "high": max(self.high, best)}
        return {"best": self._most_voiced(self.voices, victim_side), "low": self.low, "high": self.high}

    @staticmethod
    def _most_voiced(tally: dict, victim_side: str | None) -> int:
        victim = side(victim_side) if victim_side else None
        return max(tally, key=lambda v: (len(tally[v][0]), bool(victim_side) and victim in tally[v][1], -v))


class EventState:
    """The aggregates of a merged event's reports; see the module's docstring."""

    def __init__(self, d: dict[str, Any] | None = None):
        d = d or {}
        self.n = d.get("n", 0)
        self.first = d.get("first")  # rank of the earliest report, whose record the event copies
        self.head = d.get("head")  # that record without its lists
        self.keys = d.get("keys")  # and its keys, in order
        self.location = d.get("location")  # [precision rank, rank, location]: the most specific
        self.lo, self.hi = d.get("lo"), d.get("hi")  # the intersection of the dated reports' ranges
        self.narrowest = d.get("narrowest")  # [days, rank, date]
        self.exact = d.get("exact")  # [rank, date]: the earliest report whose range is [lo, hi]
        self.votes = d.get("votes", {"event_type": {}, "sub_event_type": {}})  # value -> [count, rank]
        self.named = d.get("named", {"actor1": {}, "actor2": {}})  # name -> [count, rank, text]
        self.unnamed = d.get("unnamed", {"actor1": None, "actor2": None})  # [rank, text], name None
        self.weapons = set(d.get("weapons", []))
        self.tolls = {f: _Toll(d.get("tolls", {}).get(f)) for f in resolve.COUNT_FIELDS}
        # contested field -> "values": [[value as JSON, value, report date, position of its first
        # claim of that date]] and "revised": the latest report date of a revised toll
        self.contested = d.get("contested", {f: {"values": [], "revised": None} for f in resolve.CONTESTABLE})
        self.windows = {tuple(w) for w in d.get("windows", [])}  # distinct date ranges claimed
        self.quotes = d.get("quotes", [])  # [[position, quote]]: the first distinct quotes
        self.known = set(d.get("known", []))  # sources, claimants and places the claims name
        # the stored record the state describes: [its length, claims_at, reports_at]
        self.layout = d.get("layout")

    @classmethod
    def from_json(cls, text: str) -> "EventState | None":
        d = json.loads(text)
        return cls(d) if d.get("rules") == rules() else None

    def to_json(self) -> str:
        # every set and tally in one order, so equal states are equal text
        by_key = lambda tallies: {what: dict(sorted(t.items())) for what, t in tallies.items()}
        return dumps({
            "rules": rules(), "n": self.n, "first": self.first, "head": self.head, "keys": self.keys,
            "location": self.location, "lo": self.lo, "hi": self.hi, "narrowest": self.narrowest, "exact": self.exact,
            "votes": by_key(self.votes),
            "named": by_key(self.named), "unnamed": self.unnamed, "weapons": sorted(self.weapons),
            "tolls": {f: t.to_json() for f, t in self.tolls.items()}, "contested": self.contested,
            "windows": sorted(self.windows), "quotes": self.quotes, "known": sorted(self.known),
            "layout": self.layout})

    # ------------------------------------------------------------ one more report
    def add(self, rec: dict[str, Any], part: Part) -> None:
        rank = part.rank
        self.n += 1
        if self.first is None or rank < self.first:
            self.first = rank
            self.head = {k: v for k, v in rec.items() if k not in LISTS}
            self.keys = list(rec)
        loc = rec["location"]
        key = [PRECISION_RANK.get(loc.get("precision") or "unknown", 5), rank]
        if self.location is None or key < self.location[:2]:
            self.location = key + [loc]
        self._add_date(rec["date"], rank)
        for what in ("event_type", "sub_event_type"):
            self._vote(self.votes[what], rec[what], rank)
        for role in ("actor1", "actor2"):
            name, text = rec[role]["name"], rec[role]["text"]
            if name:
                tally = self.named[role].setdefault(name, [0, rank, text])
                tally[0] += 1
                if rank < tally[1]:
                    tally[1:] = [rank, text]
            elif name is None and (self.unnamed[role] is None or rank < self.unnamed[role][0]):
                self.unnamed[role] = [rank, text]
        self.weapons.update(rec.get("weapons", []))
        self._add_claims(part)

    def _add_date(self, date: dict[str, Any], rank: list) -> None:
        if not date["start"]:
            return
        start, end = date["start"], date["end"] or date["start"]
        lo = start if self.lo is None else max(self.lo, start)
        hi = end if self.hi is None else min(self.hi, end)
        if (lo, hi) != (self.lo, self.hi):
            # no report before this one can span the new bounds exactly: a bound moved to this one's
            self.exact = None
            self.lo, self.hi = lo, hi
        if (start, end) == (lo, hi) and (self.exact is None or rank < self.exact[0]):
            self.exact = [rank, date]
        days = (dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days
        if self.narrowest is None or [days, rank] < self.narrowest[:2]:
            self.narrowest = [days, rank, date]

    @staticmethod
    def _vote(tally: dict, value, rank: list) -> None:
        if value is None:
            return
        entry = tally.setdefault(value, [0, rank])
        entry[0] += 1
        entry[1] = min(entry[1], rank)

    def _add_claims(self, part: Part) -> None:
        published = part.published or ""
        numeric: dict[str, list] = {f: [] for f in resolve.COUNT_FIELDS}
        quotes = {q: pos for pos, q in self.quotes}
        for i, d in enumerate(part.claims):
            pos = part.rank + [i]
            c = Claim.from_dict(d)
            if c.field in numeric and isinstance(c.value, int) and not isinstance(c.value, bool):
                numeric[c.field].append((pos, c))
            if c.field in self.contested and c.value is not None:
                con = self.contested[c.field]
                # by spelling and date: which of equal values (3, 3.0) is written is the first
                # one's, among the claims a revised toll leaves
                key = dumps(c.value)
                for entry in con["values"]:
                    if entry[0] == key and entry[2] == published:
                        entry[3] = min(entry[3], pos)
                        break
                else:
                    con["values"].append([key, c.value, published, pos])
                if c.field in resolve.COUNT_FIELDS and resolve.is_revision(c):
                    con["revised"] = max(con["revised"] or "", published)
            if d["field"] == "date" and (d["value"] or {}).get("start"):
                v = d["value"]
                self.windows.add((v["start"], v.get("end") or v["start"]))
            if d.get("quote") and (d["quote"] not in quotes or pos < quotes[d["quote"]]):
                quotes[d["quote"]] = pos
            self.known.update((d.get("source") or "", d.get("claimant") or ""))
            if d.get("field") == "location" and isinstance(d.get("value"), str):
                self.known.add(d["value"])
        for con in self.contested.values():
            con["values"].sort(key=lambda e: e[3])
        # a quote outside the first few stays outside them whatever joins later
        self.quotes = sorted([pos, q] for q, pos in quotes.items())[:SKETCH_QUOTES]
        for f, claims in numeric.items():
            self.tolls[f].add(claims, part.published)

    # ------------------------------------------------------------ the merged record
    def record(self, event_id: str, cited: Callable[[str, str | None], list[int]]) -> dict[str, Any]:
        """merge.combine of the reports, with `event_id`, without claims and reports (their
        JSON text is joined from the Parts by the store); `cited(field, day)` gives the
        indexes of the claims a contradiction on `field` cites, those of reports dated
        `day` or later if day is not None."""
        out = {k: self.head.get(k) for k in self.keys}
        out["location"] = self.location[2]
        if self.lo is not None:
            narrowest = self.narrowest[2]
            if self.lo <= self.hi:
                precision = "day" if self.lo == self.hi else narrowest["precision"]
                out["date"] = dict(self.exact[1]) if self.exact else {
                    "start": self.lo, "end": self.hi, "precision": precision, "text": narrowest["text"]}
            else:
                out["date"] = dict(narrowest)
        for what in ("event_type", "sub_event_type"):
            out[what] = _winner(self.votes[what])
        for role in ("actor1", "actor2"):
            name = _winner(self.named[role])
            text = self.named[role][name][2] if name is not None else (self.unnamed[role] or [None, ""])[1]
            out[role] = {"name": name, "text": text}
        out["weapons"] = sorted(self.weapons)
        out["claims"], out["reports"] = None, None
        out["fatalities"] = self.tolls["fatalities"].value(out["actor2"]["name"])
        out["injuries"] = self.tolls["injuries"].value(out["actor2"]["name"])
        out["contradictions"] = self._contradictions(cited)
        out["notes"] = note_for_record(out)
        out["event_id"] = event_id
        return out

    def _contradictions(self, cited: Callable[[str, str | None], list[int]]) -> list[dict[str, Any]]:
        out = []
        for field in resolve.CONTESTABLE:
            con = self.contested[field]
            day = con["revised"] if field in resolve.COUNT_FIELDS else None
            values = []
            for entry in con["values"]:  # in the order of their first claims
                if (day is None or entry[2] >= day) and entry[1] not in values:
                    values.append(entry[1])
            if len(values) > 1:
                out.append({"field": field, "values": sorted(values, key=str) if field not in resolve.COUNT_FIELDS
                            else sorted(values), "claims": cited(field, day)})
        if self.windows and min(w[1] for w in self.windows) < max(w[0] for w in self.windows):
            out.append({"field": "date", "values": [f"{a}..{b}" if a != b else a for a, b in sorted(self.windows)],
                        "claims": cited("date", None)})
        return out

    def sketch_record(self, merged: dict[str, Any]) -> dict[str, Any]:
        """A record merge.Sketch.of reads as it reads the whole merged record `merged`, but the
        sketch's `docs` (all its reports' documents), which the store fills in: the first
        quotes in order, the names the claims give, the earliest report date."""
        out = {k: v for k, v in merged.items() if k not in LISTS}
        out["claims"] = ([{"field": "", "value": None, "source": None, "claimant": None, "quote": q}
                          for _, q in self.quotes] +
                         [{"field": "", "value": None, "source": k, "claimant": None, "quote": ""}
                          for k in sorted(self.known)])
        published = self.first[0]
        out["reports"] = [{"doc_id": "", "source": None, "published": None if published == _UNDATED else published}]
        out["contradictions"] = []
        return out


def _winner(tally: dict):
    """The most reported value, the earliest on a tie (stages.events.vote)."""
    if not tally:
        return None
    return min(tally, key=lambda v: (-tally[v][0], tally[v][1]))


def record_text(merged: dict[str, Any], claims_json: str, reports_json: str) -> tuple[str, dict[str, list[int]]]:
    """json.dumps(merged, ensure_ascii=False) with the claims and reports arrays given as
    their items' JSON text (the record a full rebuild writes, byte for byte), and where those
    items lie in it: {"claims": [start, length], "reports": [start, length]}."""
    items = {"claims": claims_json, "reports": reports_json}
    pieces, layout, at = [], {}, 1
    for k, v in merged.items():
        key = dumps(k) + ": "
        if k in items:
            layout[k] = [at + len(key) + 1, len(items[k])]
            piece = key + "[" + items[k] + "]"
        else:
            piece = key + dumps(v)
        pieces.append(piece)
        at += len(piece) + 2
    return "{" + ", ".join(pieces) + "}", layout

