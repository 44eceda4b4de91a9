"""Event records out: JSON Lines (the SCHEMA.md record), ACLED-style CSV, GeoJSON."""
from __future__ import annotations

import csv
import json
from typing import IO, Any, Iterable

# ACLED's names where ACLED has one, then ours
CSV_COLUMNS = [
    "event_id", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "country", "admin1", "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities",
    "fatalities_low", "fatalities_high", "injuries", "injuries_low", "injuries_high", "date_start", "date_end",
    "date_precision", "date_text", "location_precision", "place_id", "location_text", "weapons",
    "reports", "claims", "contested",
]
# ACLED codes: time_precision 1 day, 2 week or a few days, 3 month or longer;
# geo_precision 1 the town itself, 2 near a town / a district, 3 only the region or larger
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
GEO_PRECISION = {"site": 1, "town": 1, "district": 2, "region": 3, "country": 3}


def csv_row(e: dict[str, Any]) -> dict[str, Any]:
    d, loc = e["date"], e["location"]
    sources = []
    for r in e["reports"]:
        if r.get("source") and r["source"] not in sources:
            sources.append(r["source"])
    return {
        "event_id": e["event_id"],
        "event_date": d.get("start") or "",
        "time_precision": TIME_PRECISION.get(d.get("precision"), ""),
        "event_type": e["event_type"], "sub_event_type": e["sub_event_type"],
        "actor1": e["actor1"].get("name") or "", "actor2": e["actor2"].get("name") or "",
        "country": loc.get("country") or "", "admin1": loc.get("admin1") or "",
        "location": loc.get("name") or "",
        "latitude": "" if loc.get("lat") is None else loc["lat"],
        "longitude": "" if loc.get("lon") is None else loc["lon"],
        "geo_precision": GEO_PRECISION.get(loc.get("precision"), ""),
        "source": "; ".join(sources), "notes": e["notes"],
        "fatalities": "" if e["fatalities"]["best"] is None else e["fatalities"]["best"],
        "fatalities_low": e["fatalities"]["low"] if e["fatalities"]["low"] is not None else "",
        "fatalities_high": e["fatalities"]["high"] if e["fatalities"]["high"] is not None else "",
        "injuries": "" if e["injuries"]["best"] is None else e["injuries"]["best"],
        "injuries_low": e["injuries"]["low"] if e["injuries"]["low"] is not None else "",
        "injuries_high": e["injuries"]["high"] if e["injuries"]["high"] is not None else "",
        "date_start": d.get("start") or "", "date_end": d.get("end") or "",
        "date_precision": d.get("precision") or "", "date_text": d.get("text") or "",
        "location_precision": loc.get("precision") or "", "place_id": loc.get("place_id") or "",
        "location_text": loc.get("text") or "", "weapons": "; ".join(e["weapons"]),
        "reports": "; ".join(r["doc_id"] for r in e["reports"]),
        "claims": len(e["claims"]), "contested": int(bool(e["contradictions"])),
    }


def write_jsonl(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for e in events:
        out.write(json.dumps(e, ensure_ascii=False) + "\n")
        n += 1
    return n


def _spreadsheet_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula ("=HYPERLINK(...)" as a source's name) is
    written with a leading apostrophe, the usual guard against CSV injection."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_csv(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    w = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    w.writeheader()
    n = 0
    for e in events:
        w.writerow({k: _spreadsheet_safe(v) for k, v in csv_row(e).items()})
        n += 1
    return n


def geojson_feature(e: dict[str, Any]) -> dict[str, Any]:
    loc = e["location"]
    geometry = None
    if loc.get("lat") is not None and loc.get("lon") is not None:
        geometry = {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]}
    props = {k: v for k, v in e.items() if k != "location"}
    props["location"] = {k: v for k, v in loc.items() if k not in ("lat", "lon")}
    return {"type": "Feature", "id": e["event_id"], "geometry": geometry, "properties": props}


def write_geojson(events: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """A FeatureCollection written as it streams; events without coordinates have a null geometry."""
    out.write('{"type": "FeatureCollection", "features": [\n')
    n = 0
    for e in events:
        if n:
            out.write(",\n")
        out.write(json.dumps(geojson_feature(e), ensure_ascii=False))
        n += 1
    out.write("\n]}\n")
    return n


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "geojson": write_geojson}
