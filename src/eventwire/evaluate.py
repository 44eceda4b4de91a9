"""Score event records against ACLED rows, each row's `notes` used as a one-paragraph document.

The figures and their definitions are those of the project's reference scorer
(gold/score_acled.py in the shared folder): for each row, the first event whose
`reports` name the row's document is compared with the coded event type (legacy types
mapped to the current six), sub-event type, date, fatalities and coordinates. On top
of them: a confusion table and, for each figure, the worst examples.
Standard library only, so `eventwire eval acled` works without the shared folder.
"""
from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

# Legacy ACLED event types (before 2019) -> the current type; "A|B" accepts either.
LEGACY_TYPES = {
    "Remote violence": "Explosions/Remote violence",
    "Battle-No change of territory": "Battles",
    "Battle-Non-state actor overtakes territory": "Battles",
    "Battle-Government regains territory": "Battles",
    "Violence against civilians": "Violence against civilians",
    "Strategic development": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
    "Headquarters or base established": "Strategic developments",
    "Riots/Protests": "Protests|Riots",
}
NOT_FOUND = "(none)"
DISTANCES_KM = (10, 25, 50)
NOTE_CHARS = 160
# The order of the figures in the summary, as in the reference scorer.
FIGURES = ("rows", "event_found", "event_type", "sub_event_type", "date", "fatalities_exact",
           "geocoded", "within_10km", "within_25km", "within_50km", "events_per_doc")
_DATE_FORMATS = ("%d-%b-%y", "%d %B %Y", "%Y-%m-%d", "%d-%B-%Y")


def iso_date(text: str) -> str | None:
    """An ACLED event_date ("9-May-20", "21 March 2020", "2020-05-09") as YYYY-MM-DD."""
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except (ValueError, TypeError):
            pass
    return None


def gold_event_type(row: dict) -> str:
    """The row's event type in the current scheme; "Protests|Riots" for legacy Riots/Protests."""
    return LEGACY_TYPES.get(row["event_type"], row["event_type"])


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p = math.pi / 180
    a = (math.sin((lat2 - lat1) * p / 2) ** 2
         + math.cos(lat1 * p) * math.cos(lat2 * p) * math.sin((lon2 - lon1) * p / 2) ** 2)
    return 12742 * math.asin(math.sqrt(min(1.0, a)))


def document_id(row: dict) -> str:
    return f"acled-{row['data_id']}"


def acled_rows(path: str | Path, limit: int | None = None) -> Iterator[dict]:
    """The rows of an ACLED CSV export as dicts, at most `limit` of them."""
    with open(path, encoding="utf-8", newline="") as f:
        for n, row in enumerate(csv.DictReader(f)):
            if limit is not None and n >= limit:
                return
            yield row


def acled_documents(path: str | Path, limit: int | None = None) -> Iterator[dict]:
    """One input document per row: {"id": "acled-<data_id>", "text": notes, "published": YYYY-MM-DD}."""
    for row in acled_rows(path, limit):
        yield {"id": document_id(row), "text": row["notes"], "published": iso_date(row["event_date"])}


@dataclass(frozen=True)
class Example:
    """One row where a figure went wrong: what was coded and what was predicted."""
    row_id: str
    note: str
    gold: Any
    predicted: Any
    distance_km: float | None = None


@dataclass
class AcledScore:
    """The reference summary, the counts behind it, a confusion table and the misses.

    `confusion` maps (gold type, predicted type) to a count; the predicted type is
    "(none)" when no event names the row's document. `examples` maps a figure name
    ("event_found", "event_type", "sub_event_type", "date", "fatalities_exact",
    "geocoded", "distance") to its misses, worst first.
    """
    summary: dict[str, Any]
    counts: dict[str, int]
    confusion: dict[tuple[str, str], int]
    examples: dict[str, list[Example]] = field(default_factory=dict)

    def to_dict(self, examples: int | None = None) -> dict[str, Any]:
        return {
            "summary": dict(self.summary),
            "counts": dict(self.counts),
            "confusion": [{"gold": g, "predicted": p, "count": c}
                          for (g, p), c in sorted(self.confusion.items(), key=lambda kv: (-kv[1], str(kv[0])))],
            "examples": {k: [vars(e) for e in v[:examples]] for k, v in self.examples.items()},
        }


def _as_record(event: Any) -> dict:
    return event if isinstance(event, dict) else event.to_dict()


def _first_events(events: Iterable[Any]) -> tuple[dict[str, dict], dict[str, int]]:
    """For each document id: the first event whose reports name it, and how many do."""
    first: dict[str, dict] = {}
    count: dict[str, int] = {}
    for event in events:
        event = _as_record(event)
        for report in event.get("reports") or []:
            doc = str(report.get("doc_id"))
            count[doc] = count.get(doc, 0) + 1
            first.setdefault(doc, event)
    return first, count


def _int_or_zero(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _float_or_none(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _note(row: dict) -> str:
    note = " ".join((row.get("notes") or "").split())
    return note if len(note) <= NOTE_CHARS else note[:NOTE_CHARS - 1] + "\u2026"


def _days_apart(gold: str | None, got: Any) -> float:
    try:
        return abs((dt.date.fromisoformat(str(got)) - dt.date.fromisoformat(str(gold))).days)
    except (TypeError, ValueError):
        return math.inf


def score_acled(path: str | Path, events: Iterable[Any], limit: int | None = None) -> AcledScore:
    """Compare event records (SCHEMA.md dicts, or objects with `to_dict()`) with the rows of an ACLED CSV."""
    first, count = _first_events(events)
    c = dict.fromkeys(("rows", "found", "type_ok", "sub_rows", "sub_ok", "date_ok", "fatalities_ok",
                       "geocoded", *(f"within_{k}km" for k in DISTANCES_KM)), 0)
    confusion: dict[tuple[str, str], int] = {}
    misses: dict[str, list[tuple[float, int, Example]]] = {
        k: [] for k in ("event_found", "event_type", "sub_event_type", "date", "fatalities_exact",
                        "geocoded", "distance")}

    def miss(figure: str, badness: float, example: Example) -> None:
        misses[figure].append((badness, len(misses[figure]), example))

    for row in acled_rows(path, limit):
        c["rows"] += 1
        row_id = str(row.get("data_id"))
        gold_type = gold_event_type(row)
        event = first.get(document_id(row))
        if event is None:
            confusion[(gold_type, NOT_FOUND)] = confusion.get((gold_type, NOT_FOUND), 0) + 1
            miss("event_found", 0, Example(row_id, _note(row), gold_type, NOT_FOUND))
            continue
        c["found"] += 1
        got = event.get("event_type")
        confusion[(gold_type, got)] = confusion.get((gold_type, got), 0) + 1
        if got in gold_type.split("|"):
            c["type_ok"] += 1
        else:
            miss("event_type", 0, Example(row_id, _note(row), gold_type, got))
        if row.get("sub_event_type"):
            c["sub_rows"] += 1
            got_sub = event.get("sub_event_type")
            if got_sub == row["sub_event_type"]:
                c["sub_ok"] += 1
            else:
                miss("sub_event_type", 0, Example(row_id, _note(row), row["sub_event_type"], got_sub))
        gold_date = iso_date(row["event_date"])
        got_date = (event.get("date") or {}).get("start")
        if got_date == gold_date:
            c["date_ok"] += 1
        else:
            miss("date", _days_apart(gold_date, got_date), Example(row_id, _note(row), gold_date, got_date))
        gold_dead = _int_or_zero(row.get("fatalities"))
        got_dead = (event.get("fatalities") or {}).get("best")
        if (got_dead or 0) == gold_dead:
            c["fatalities_ok"] += 1
        else:
            miss("fatalities_exact", abs(_int_or_zero(got_dead) - gold_dead),
                 Example(row_id, _note(row), gold_dead, got_dead))
        loc = event.get("location") or {}
        gold_lat, gold_lon = _float_or_none(row.get("latitude")), _float_or_none(row.get("longitude"))
        if loc.get("lat") is None or loc.get("lon") is None:
            miss("geocoded", 0, Example(row_id, _note(row), f"{row.get('location')} ({gold_lat}, {gold_lon})",
                                        loc.get("name")))
            continue
        c["geocoded"] += 1
        lat, lon = _float_or_none(loc["lat"]), _float_or_none(loc["lon"])
        if None in (gold_lat, gold_lon, lat, lon):
            continue
        d = haversine_km(gold_lat, gold_lon, lat, lon)
        for k in DISTANCES_KM:
            if d <= k:
                c[f"within_{k}km"] += 1
        if d > DISTANCES_KM[0]:
            miss("distance", d, Example(row_id, _note(row), f"{row.get('location')} ({gold_lat}, {gold_lon})",
                                        f"{loc.get('name')} ({lat}, {lon})", round(d, 1)))

    n = c["rows"]

    def ratio(a: int, b: int) -> float:
        return round(a / b, 3) if b else 0.0

    reports = sum(count.values())
    summary = {
        "rows": n,
        "event_found": ratio(c["found"], n),
        "event_type": ratio(c["type_ok"], n),
        "sub_event_type": ratio(c["sub_ok"], c["sub_rows"]) if c["sub_rows"] else None,
        "date": ratio(c["date_ok"], n),
        "fatalities_exact": ratio(c["fatalities_ok"], n),
        "geocoded": ratio(c["geocoded"], n),
        **{f"within_{k}km": ratio(c[f"within_{k}km"], n) for k in DISTANCES_KM},
        "events_per_doc": ratio(reports, len(count)) if count else 0.0,
    }
    counts = {**c, "reports": reports, "documents_reported": len(count)}
    # Worst first: the largest error (days, people, km), then file order.
    examples = {k: [e for _, _, e in sorted(v, key=lambda t: (-t[0], t[1]))] for k, v in misses.items()}
    return AcledScore(summary, counts, confusion, examples)


def _fraction(score: AcledScore, figure: str) -> str:
    c = score.counts
    parts = {
        "event_found": (c["found"], c["rows"]),
        "event_type": (c["type_ok"], c["rows"]),
        "sub_event_type": (c["sub_ok"], c["sub_rows"]),
        "date": (c["date_ok"], c["rows"]),
        "fatalities_exact": (c["fatalities_ok"], c["rows"]),
        "geocoded": (c["geocoded"], c["rows"]),
        **{f"within_{k}km": (c[f"within_{k}km"], c["rows"]) for k in DISTANCES_KM},
        "events_per_doc": (c["reports"], c["documents_reported"]),
    }
    a, b = parts[figure]
    return f"{a:,} / {b:,}"


_EXAMPLE_TITLES = {
    "event_found": "rows with no event",
    "event_type": "wrong event type",
    "sub_event_type": "wrong sub-event type",
    "date": "wrong date, farthest first",
    "fatalities_exact": "wrong fatalities, largest difference first",
    "geocoded": "found but not geocoded",
    "distance": f"places more than {DISTANCES_KM[0]} km off, farthest first",
}


def format_report(score: AcledScore, examples: int = 5) -> str:
    """A plain-text report for the terminal: figures, confusion table, worst examples."""
    s = score.summary
    lines = ["ACLED benchmark", ""]
    for figure in FIGURES:
        value = s[figure]
        if figure == "rows":
            lines.append(f"  {'rows':<17}{value:,}")
        elif value is None:
            lines.append(f"  {figure:<17}{'n/a':>6}  (no sub_event_type in the file)")
        else:
            lines.append(f"  {figure:<17}{value:>6.3f}  ({_fraction(score, figure)})")
    if score.confusion:
        lines += ["", "gold type -> predicted type: count"]
        for (gold, got), n in sorted(score.confusion.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            mark = "" if got in gold.split("|") else "  *"
            lines.append(f"  {gold} -> {got if got is not None else '(no type)'}: {n:,}{mark}")
    if examples > 0:
        for figure, title in _EXAMPLE_TITLES.items():
            shown = score.examples.get(figure, [])[:examples]
            if not shown:
                continue
            lines += ["", f"{title} ({len(score.examples[figure]):,} in all):"]
            for e in shown:
                extra = f", {e.distance_km} km" if e.distance_km is not None else ""
                lines.append(f"  [{e.row_id}] gold {e.gold!r}, got {e.predicted!r}{extra}")
                lines.append(f"      {e.note}")
    return "\n".join(lines)
