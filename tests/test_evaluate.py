"""The ACLED scorer: same figures as the reference scorer, legacy types, misses, distances, report."""
from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.evaluate import acled_documents, acled_rows, format_report, haversine_km, score_acled

REFERENCE = Path(__file__).resolve().parent.parent.parent / "shared" / "gold" / "score_acled.py"

LEGACY_COLUMNS = ["data_id", "event_date", "event_type", "location", "latitude", "longitude", "notes",
                  "fatalities"]
CURRENT_COLUMNS = ["data_id", "event_date", "event_type", "sub_event_type", "location", "latitude",
                   "longitude", "notes", "fatalities"]

# Invented rows in the two ACLED layouts (legacy 2018 without sub_event_type; current).
LEGACY_ROWS = [
    ["101", "03-Jan-18", "Remote violence", "Alpha", "35.0", "40.0",
     "Artillery fire hit the eastern quarter of Alpha town overnight, wounding a shepherd.", "0"],
    ["102", "04-Jan-18", "Battle-Government regains territory", "Beta", "34.5", "39.5",
     "Army units pushed rebel fighters out of Beta village after a day of fighting; 4 fighters died.", "4"],
    ["103", "05-Jan-18", "Riots/Protests", "Gamma", "36.0", "37.0",
     "Shopkeepers in Gamma closed their stores and marched to the town hall over rising prices.", "0"],
    ["104", "06-Jan-18", "Riots/Protests", "Gamma", "36.0", "37.0",
     "Residents of Gamma threw stones at a checkpoint after a raid on a bakery.", "0"],
    ["105", "07-Jan-18", "Strategic development", "Delta", "33.0", "36.0",
     "Two armed groups in Delta announced they had merged under a new name.", "0"],
    ["106", "08-Jan-18", "Violence against civilians", "Epsilon", "32.0", "35.0",
     "A teacher was shot dead by unknown men on the road out of Epsilon.", "1"],
]
CURRENT_ROWS = [
    ["201", "9-May-20", "Protests", "Peaceful protest", "Zeta", "10.0", "20.0",
     "On 9 May 2020, nurses rallied outside Zeta hospital asking for protective equipment. [size=no report]",
     "0"],
    ["202", "21 March 2020", "Battles", "Armed clash", "Eta", "11.0", "21.0",
     "On 21 March 2020, soldiers and insurgents exchanged fire near Eta for two hours. 3 soldiers were killed.",
     "3"],
    ["203", "2020-05-02", "Explosions/Remote violence", "Air/drone strike", "Theta", "12.0", "22.0",
     "On 2 May 2020, an aircraft bombed a hideout outside Theta.", ""],
    ["204", "3-May-20", "Riots", "Mob violence", "Iota", "13.0", "23.0",
     "On 3 May 2020, a crowd beat a suspected thief in the Iota market.", "1"],
]


def _write(path: Path, columns, rows) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(columns)
        w.writerows(rows)
    return path


def _event(doc_id, event_type, sub=None, start=None, dead=None, lat=None, lon=None, extra_docs=()):
    return {"event_id": f"e-{doc_id}-{event_type}", "event_type": event_type, "sub_event_type": sub,
            "date": {"start": start, "end": start, "precision": "day" if start else "unknown"},
            "location": {"name": "somewhere", "lat": lat, "lon": lon},
            "fatalities": {"best": dead, "low": dead, "high": dead},
            "reports": [{"doc_id": d, "source": None, "published": None} for d in (doc_id, *extra_docs)]}


LEGACY_EVENTS = [
    _event("acled-101", "Explosions/Remote violence", "Shelling/artillery/missile attack", "2018-01-03", 0,
           35.0, 40.0),
    _event("acled-102", "Battles", "Armed clash", "2018-01-04", 3, 34.5, 39.7),    # 18 km off, 1 death short
    _event("acled-103", "Protests", "Peaceful protest", "2018-01-05", None, 36.3, 37.0),  # 33 km off
    _event("acled-104", "Riots", "Violent demonstration", "2018-01-07", 0),           # a day late, no place
    _event("acled-105", "Battles", "Armed clash", None, 0, 33.0, 36.0, extra_docs=("acled-106",)),
    _event("acled-105", "Strategic developments", "Change to group/activity"),       # second event, not first
    _event("other-doc", "Battles"),
]
CURRENT_EVENTS = [
    _event("acled-201", "Protests", "Peaceful protest", "2020-05-09", 0, 10.0, 20.05),
    _event("acled-202", "Battles", "Armed clash", "2020-03-21", 3, 11.0, 21.0),
    _event("acled-203", "Explosions/Remote violence", "Shelling/artillery/missile attack", "2020-05-02", 2,
           15.0, 22.0),
    # row 204 has no event at all
]


@pytest.fixture
def legacy_csv(tmp_path):
    return _write(tmp_path / "legacy.csv", LEGACY_COLUMNS, LEGACY_ROWS)


@pytest.fixture
def current_csv(tmp_path):
    return _write(tmp_path / "current.csv", CURRENT_COLUMNS, CURRENT_ROWS)


def _reference(csv_path: Path, events: list[dict], tmp_path: Path, limit: int | None = None) -> dict:
    events_path = tmp_path / (csv_path.stem + "-events.jsonl")
    events_path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    cmd = [sys.executable, str(REFERENCE), "score", str(csv_path), str(events_path), "--json"]
    if limit is not None:
        cmd += ["--limit", str(limit)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.skipif(not REFERENCE.exists(), reason=f"the reference scorer {REFERENCE} is not on this machine")
@pytest.mark.parametrize("layout", ["legacy", "current", "current-limit-2"])
def test_summary_equals_reference_scorer(layout, legacy_csv, current_csv, tmp_path):
    csv_path, events = (legacy_csv, LEGACY_EVENTS) if layout == "legacy" else (current_csv, CURRENT_EVENTS)
    limit = 2 if layout.endswith("limit-2") else None
    ours = score_acled(csv_path, events, limit=limit).summary
    assert ours == _reference(csv_path, events, tmp_path, limit)


def test_legacy_types_are_mapped(legacy_csv):
    score = score_acled(legacy_csv, LEGACY_EVENTS)
    # Remote violence -> Explosions/Remote violence, Battle-* -> Battles, and legacy
    # Riots/Protests accepts both Protests and Riots; the merged armed groups (Strategic
    # development) were called Battles.
    assert score.counts["type_ok"] == 4
    assert score.confusion[("Protests|Riots", "Protests")] == 1
    assert score.confusion[("Protests|Riots", "Riots")] == 1
    assert score.confusion[("Strategic developments", "Battles")] == 1
    assert score.summary["sub_event_type"] is None  # the legacy layout has no sub_event_type


def test_first_event_naming_a_document_is_the_one_scored(legacy_csv):
    score = score_acled(legacy_csv, LEGACY_EVENTS)
    assert ("Strategic developments", "Strategic developments") not in score.confusion
    # Row 106 is named by the event of row 105 (a Battles event): found, but wrong type.
    assert score.confusion[("Violence against civilians", "Battles")] == 1
    # 8 reports over 7 documents (acled-105 is named twice).
    assert score.summary["events_per_doc"] == round(8 / 7, 3)


def test_missing_events_count_as_not_found(current_csv):
    score = score_acled(current_csv, CURRENT_EVENTS)
    assert score.summary["event_found"] == 0.75
    assert score.confusion[("Riots", "(none)")] == 1
    # The denominators of type, date and place figures are all rows, found or not.
    assert score.summary["event_type"] == 0.75
    assert score.summary["date"] == 0.75
    assert [e.row_id for e in score.examples["event_found"]] == ["204"]
    # The sub-event type is scored on found rows that have one: 2 of 3 right.
    assert score.summary["sub_event_type"] == round(2 / 3, 3)
    assert score_acled(current_csv, []).summary["event_found"] == 0.0


def test_distances(current_csv, legacy_csv):
    # 0.05 degree of longitude at 10 N is about 5.5 km; 3 degrees of latitude about 334 km.
    assert haversine_km(10.0, 20.0, 10.0, 20.05) == pytest.approx(5.47, abs=0.01)
    assert haversine_km(12.0, 22.0, 15.0, 22.0) == pytest.approx(333.6, abs=0.1)
    s = score_acled(current_csv, CURRENT_EVENTS).summary
    assert (s["geocoded"], s["within_10km"], s["within_25km"], s["within_50km"]) == (0.75, 0.5, 0.5, 0.5)
    score = score_acled(legacy_csv, LEGACY_EVENTS)
    # Rows 101 and 105 are exact, 102 is 18 km off, 103 is 33 km off, 104 has no place,
    # 106 got the place of row 105's event, 145 km away.
    assert score.counts["within_10km"] == 2
    assert score.counts["within_25km"] == 3
    assert score.counts["within_50km"] == 4
    farthest = score.examples["distance"]
    assert [e.row_id for e in farthest] == ["106", "103", "102"]
    assert farthest[1].distance_km == pytest.approx(33.4, abs=0.1)
    assert [e.row_id for e in score.examples["geocoded"]] == ["104"]


def test_fatalities_and_dates(legacy_csv, current_csv):
    score = score_acled(legacy_csv, LEGACY_EVENTS)
    # An event with fatalities null counts as 0, which is right for a row coded 0.
    assert score.counts["fatalities_ok"] == 4
    assert [(e.row_id, e.gold, e.predicted) for e in score.examples["fatalities_exact"]] == [
        ("102", 4, 3), ("106", 1, 0)]
    # No date is worse than a date one day off.
    assert [e.row_id for e in score.examples["date"]] == ["105", "106", "104"]
    # An empty fatalities cell is 0.
    current = score_acled(current_csv, CURRENT_EVENTS)
    assert [e.row_id for e in current.examples["fatalities_exact"]] == ["203"]


def test_documents_and_rows(current_csv):
    docs = list(acled_documents(current_csv))
    assert docs[0] == {"id": "acled-201", "text": CURRENT_ROWS[0][7], "published": "2020-05-09"}
    assert [d["published"] for d in docs] == ["2020-05-09", "2020-03-21", "2020-05-02", "2020-05-03"]
    assert len(list(acled_documents(current_csv, limit=2))) == 2
    assert [r["data_id"] for r in acled_rows(current_csv, limit=3)] == ["201", "202", "203"]
    assert score_acled(current_csv, CURRENT_EVENTS, limit=1).summary["rows"] == 1


def test_events_may_be_objects_with_to_dict(current_csv):
    class Record:
        def __init__(self, d):
            self.d = d

        def to_dict(self):
            return self.d

    as_objects = score_acled(current_csv, [Record(e) for e in CURRENT_EVENTS]).summary
    assert as_objects == score_acled(current_csv, CURRENT_EVENTS).summary


def test_report_shows_figures_confusion_and_worst_examples(legacy_csv):
    report = format_report(score_acled(legacy_csv, LEGACY_EVENTS), examples=1)
    assert "event_type" in report and "0.667  (4 / 6)" in report
    assert "sub_event_type" in report and "n/a" in report
    assert "Strategic developments -> Battles: 1" in report
    assert "[106]" in report and "145.5 km" in report  # the farthest place
    assert "[102] gold 4, got 3" in report
    long_note = "x" * 400
    rows = [[*LEGACY_ROWS[0][:6], long_note, "0"]]
    path = _write(legacy_csv.with_name("long.csv"), LEGACY_COLUMNS, rows)
    report = format_report(score_acled(path, []), examples=3)
    assert long_note not in report and "x" * 150 in report
    assert "rows with no event (1 in all)" in report


def test_score_to_dict_is_json(legacy_csv):
    d = score_acled(legacy_csv, LEGACY_EVENTS).to_dict(examples=2)
    json.dumps(d)
    assert d["summary"]["rows"] == 6
    assert all(len(v) <= 2 for v in d["examples"].values())
