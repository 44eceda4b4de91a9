"""The seed articles end to end, against the answer key in ../shared/gold (the issue's done-when)."""
import json
import subprocess
import sys

import pytest

from conftest import SEEDS, SHARED


def by_place(events, needle):
    return [e for e in events if needle in (e["location"]["name"] or "").lower()]


def test_seed_score_meets_the_bar(tmp_path):
    score = SHARED / "gold" / "score.py"
    if not score.exists():
        pytest.skip("../shared/gold/score.py is not beside the repo")
    out = tmp_path / "events.jsonl"
    with open(out, "w") as f:
        subprocess.run([sys.executable, "-m", "eventwire.cli", "extract", str(SEEDS), "--format", "jsonl"],
                       stdout=f, check=True)
    res = subprocess.run([sys.executable, str(score), str(SHARED / "gold" / "seeds.json"), str(out), "--json"],
                         capture_output=True, text=True, check=True)
    summary = json.loads(res.stdout.strip().splitlines()[-1])
    assert summary["recall_required"] == 1.0, summary
    assert summary["field_accuracy"] >= 0.9, summary
    assert summary["precision"] >= 0.8, summary
    assert summary["wrongly_merged"] == [], summary


def test_no_casualties_is_zero_and_traced_to_reuters(seed_events):
    conoco = by_place(seed_events["article-000.txt"], "conoco")
    assert len(conoco) == 1
    ev = conoco[0]
    assert ev["fatalities"]["best"] == 0
    assert ev["date"]["start"] == "2021-07-10" and ev["date"]["text"] == "Late on Saturday night"
    sources = {(c["source"], c["claimant"]) for c in ev["claims"] if c["field"] == "fatalities"}
    assert ("Reuters", "unnamed US defense official") in sources


def test_no_information_about_losses_is_null_not_zero(seed_events):
    conoco = by_place(seed_events["article-001.txt"], "conoco")
    assert len(conoco) == 1
    assert conoco[0]["fatalities"]["best"] is None
    nulls = [c for c in conoco[0]["claims"] if c["field"] == "fatalities"]
    assert nulls and all(c["value"] is None for c in nulls)


def test_two_bases_struck_the_same_evening_are_two_events(seed_events):
    evs = seed_events["article-001.txt"]
    assert len(by_place(evs, "conoco")) == 1 and len(by_place(evs, "omar")) == 1
    assert by_place(evs, "conoco")[0]["event_id"] != by_place(evs, "omar")[0]["event_id"]


def test_iranian_toll_claimed_by_iranian_source(seed_events):
    strikes = [e for e in seed_events["article-001.txt"] if e["actor1"]["name"] == "US forces"]
    assert strikes, "the US strikes on Deir ez-Zor are found"
    ev = strikes[0]
    assert (ev["fatalities"]["best"], ev["injuries"]["best"]) == (7, 7)
    assert any("iranian" in (c["claimant"] or "").lower() for c in ev["claims"] if c["field"] == "fatalities")
    assert any(c["field"] == "target_nature" and "food stores" in c["value"] for c in ev["claims"])


def test_spans_point_into_the_original_text(seed_events):
    for doc_id, events in seed_events.items():
        raw = (SEEDS / doc_id).read_text(encoding="utf-8")
        for ev in events:
            for c in ev["claims"]:
                s, e = c["span"]
                assert 0 <= s <= e <= len(raw)
                assert raw[s:e] in c["quote"], (c["field"], raw[s:e], c["quote"])


def test_every_event_has_an_acled_style_note(seed_events):
    for events in seed_events.values():
        for ev in events:
            assert ev["notes"].startswith(("On ", "In ", "Between ")) and ev["notes"].endswith(".")
