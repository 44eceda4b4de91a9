"""The commands a user runs: extract, ingest (idempotent), events, export; --help everywhere."""
import csv
import io
import json
import sqlite3

import pytest
from click.testing import CliRunner

from conftest import SEEDS
from eventwire.cli import main


@pytest.fixture
def runner():
    return CliRunner()


def test_extract_jsonl_matches_schema_fields(runner):
    res = runner.invoke(main, ["extract", str(SEEDS)])
    assert res.exit_code == 0, res.output
    records = [json.loads(line) for line in res.stdout.splitlines()]
    assert records
    keys = {"event_id", "event_type", "sub_event_type", "date", "location", "actor1", "actor2", "weapons",
            "fatalities", "injuries", "claims", "contradictions", "reports", "notes"}
    for r in records:
        assert keys <= set(r)
        assert set(r["date"]) == {"start", "end", "precision", "text"}
        assert set(r["fatalities"]) == {"best", "low", "high"}


def test_extract_csv_uses_acled_column_names(runner):
    res = runner.invoke(main, ["extract", str(SEEDS), "--format", "csv"])
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    for col in ("event_date", "event_type", "sub_event_type", "actor1", "actor2", "admin1", "location",
                "latitude", "longitude", "geo_precision", "time_precision", "source", "notes", "fatalities"):
        assert col in rows[0]
    conoco = [r for r in rows if "Conoco" in r["location"]]
    assert {r["event_date"] for r in conoco} == {"2021-07-10", "2023-03-24"}


def test_extract_geojson_is_a_feature_collection(runner):
    res = runner.invoke(main, ["extract", str(SEEDS), "--format", "geojson"])
    fc = json.loads(res.stdout)
    assert fc["type"] == "FeatureCollection"
    pts = [f for f in fc["features"] if f["geometry"]]
    assert pts and all(len(f["geometry"]["coordinates"]) == 2 for f in pts)


def test_ingest_twice_changes_nothing(runner, tmp_path):
    db = tmp_path / "ew.db"
    first = runner.invoke(main, ["ingest", str(SEEDS), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "documents read: 2 (2 new" in first.output

    def dump():
        con = sqlite3.connect(db)
        out = {t: con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
               for t in ("events", "claims", "event_reports", "places")}
        con.close()
        return out

    before = dump()
    second = runner.invoke(main, ["ingest", str(SEEDS), "--db", str(db)])
    assert second.exit_code == 0
    assert "(0 new, 2 already stored)" in second.output
    assert dump() == before


def test_event_ids_are_the_same_in_extract_and_store(runner, tmp_path):
    db = tmp_path / "ew.db"
    runner.invoke(main, ["ingest", str(SEEDS), "--db", str(db)])
    stored = runner.invoke(main, ["events", "--db", str(db), "--format", "jsonl"])
    extracted = runner.invoke(main, ["extract", str(SEEDS)])
    ids = lambda out: sorted(json.loads(line)["event_id"] for line in out.splitlines())
    assert ids(stored.stdout) == ids(extracted.stdout)


def test_events_filters_and_table(runner, tmp_path):
    db = tmp_path / "ew.db"
    runner.invoke(main, ["ingest", str(SEEDS), "--db", str(db)])
    res = runner.invoke(main, ["events", "--db", str(db), "--since", "2023-01-01", "--format", "jsonl"])
    dates = [json.loads(line)["date"]["start"] for line in res.stdout.splitlines()]
    assert dates and all(d >= "2023-01-01" for d in dates)
    res = runner.invoke(main, ["events", "--db", str(db), "--place", "Conoco"])
    assert res.exit_code == 0 and "Conoco" in res.stdout
    bad = runner.invoke(main, ["events", "--db", str(db), "--since", "last week"])
    assert bad.exit_code == 2 and "--since" in bad.output


def test_export_csv_to_file(runner, tmp_path):
    db = tmp_path / "ew.db"
    runner.invoke(main, ["ingest", str(SEEDS), "--db", str(db)])
    out = tmp_path / "out.csv"
    res = runner.invoke(main, ["export", "--db", str(db), "--format", "csv", "-o", str(out)])
    assert res.exit_code == 0
    assert len(list(csv.DictReader(open(out)))) >= 7


def test_missing_database_is_a_clear_error(runner, tmp_path):
    res = runner.invoke(main, ["events", "--db", str(tmp_path / "nope.db")])
    assert res.exit_code == 2 and "no such database" in res.output


def test_skipped_inputs_are_listed_and_stored(runner, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "in" / "ok.txt").write_text("Gunmen killed two shepherds near Kirkuk on Monday.")
    db = tmp_path / "ew.db"
    res = runner.invoke(main, ["ingest", str(tmp_path / "in"), "--db", str(db)])
    assert res.exit_code == 0 and "empty.txt" in res.output
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM skipped").fetchone()[0] == 1
    strict = runner.invoke(main, ["ingest", str(tmp_path / "in"), "--db", str(db), "--strict"])
    assert strict.exit_code == 1


@pytest.mark.parametrize("cmd", [[], ["extract"], ["ingest"], ["events"], ["export"]])
def test_help_everywhere(runner, cmd):
    res = runner.invoke(main, cmd + ["--help"])
    assert res.exit_code == 0 and "Usage" in res.output
