"""A GeoNames country extract as the user's own place list: the villages the shipped
gazetteer lacks, read like its GeoNames towns. The fixture's places are invented, written
in the GeoNames table layout."""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.errors import GazetteerError
from eventwire.gazetteer import Gazetteer
from eventwire.gazetteer.dump import is_dump
from eventwire.stages.geocode import annotate, choose_place

EXTRACT = Path(__file__).parent / "fixtures" / "geonames_extract_SY.txt"
NOTE = "Regime forces shelled Zweirat al-Qebliyeh village in southern Idleb, causing material damage."


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.load([EXTRACT])


def chosen(gaz, text):
    pm = choose_place(annotate(text, gaz.find(text), gaz))
    return pm.place if pm else None


def test_a_village_of_the_extract_is_found_under_its_spellings(gaz):
    assert chosen(Gazetteer.default(), NOTE).name == "southern Idlib"  # without it: the region's part
    place = chosen(gaz, NOTE)
    assert (place.name, place.country, place.admin1, place.precision) == \
        ("Zuwayrat al Qibliyah", "Syria", "Idlib", "town")
    assert (place.lat, place.lon) == (35.52, 36.71)
    assert "GeoNames feature 9900001" in place.source
    assert chosen(gaz, "Clashes in Zuwairat Qibliya left two dead.").name == "Zuwayrat al Qibliyah"


def test_only_places_conflict_news_names_are_read(gaz):
    assert gaz.lookup("Khirbet Zzawr").precision == "town"
    assert gaz.lookup("Zzuhur Airbase").precision == "site"
    # a wadi and an abandoned village are not read
    assert gaz.lookup("Wadi Zzawr") is None
    assert gaz.lookup("Qaryat Zzawr al Qadimah") is None


def test_a_region_the_gazetteer_knows_is_not_read_twice(gaz):
    # the extract's Idlib governorate names the region of its villages, and is the shipped one
    assert gaz.lookup("Idlib governorate").place_id == Gazetteer.default().lookup("Idlib governorate").place_id


def test_a_zipped_extract_reads_as_the_text(tmp_path, gaz):
    path = tmp_path / "SY.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.write(EXTRACT, "SY.txt")
        z.writestr("readme.txt", "GeoNames extract")
    place, same = chosen(Gazetteer.load([path]), NOTE), chosen(gaz, NOTE)
    assert (place.place_id, place.lat, place.lon, place.admin1) == (same.place_id, same.lat, same.lon, same.admin1)
    assert place.source.startswith("GeoNames feature 9900001, SY.zip")


def test_a_place_csv_is_no_extract(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("name,lat,lon,country\nZzyzzqa,35.1,36.2,Syria\n", encoding="utf-8")
    assert not is_dump(path) and is_dump(EXTRACT)
    assert Gazetteer.load([path]).lookup("Zzyzzqa").source.startswith("user file")


@pytest.mark.parametrize("line, problem", [
    ("9900009\tZzar\tZzar\t\t35.1\t36.2\tP\tPPL\tSY\t\t12", "line 2: 11 tab-separated fields"),
    ("9900009\tZzar\tZzar\t\tnorth\t36.2\tP\tPPL\tSY\t\t12\t\t\t\t0\t\t1\tAsia/Damascus\t2020-01-01",
     "line 2: id, latitude, longitude and population must be numbers"),
    ("9900009\tZzar\tZzar\t\t95\t36.2\tP\tPPL\tSY\t\t12\t\t\t\t0\t\t1\tAsia/Damascus\t2020-01-01",
     "line 2: latitude/longitude out of range"),
])
def test_a_malformed_extract_names_the_file_and_line(tmp_path, line, problem):
    path = tmp_path / "SY.txt"
    path.write_text(EXTRACT.read_text(encoding="utf-8").splitlines()[0] + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=problem) as err:
        Gazetteer.load([path])
    assert str(path) in str(err.value)


def test_a_zip_without_one_extract_is_refused(tmp_path):
    path = tmp_path / "SY.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "nothing else")
    with pytest.raises(GazetteerError, match="expected one GeoNames .txt file"):
        Gazetteer.load([path])


def test_extract_command_reads_an_extract_given_as_places(tmp_path):
    note = tmp_path / "note.txt"
    note.write_text(NOTE, encoding="utf-8")
    out = CliRunner().invoke(main, ["extract", str(note), "--places", str(EXTRACT), "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    events = [json.loads(line) for line in out.output.splitlines() if line.startswith("{")]
    assert events[0]["location"]["name"] == "Zuwayrat al Qibliyah"


def test_eval_measures_with_an_extract(tmp_path):
    """A user who has a country extract measures what it gives: the note's village is within
    10 km of the coded point with it, the southern part of Idlib without it."""
    rows = tmp_path / "rows.csv"
    rows.write_text("data_id,event_date,event_type,location,latitude,longitude,notes,fatalities\n"
                    f'301,03-Jan-18,Remote violence,Zuwayrat al Qibliyah,35.52,36.71,"{NOTE}",0\n',
                    encoding="utf-8")

    def within_10km(*extra):
        out = CliRunner().invoke(main, ["eval", "acled", str(rows), "--json", *extra])
        assert out.exit_code == 0, out.output
        return json.loads(out.output.strip().splitlines()[-1])["within_10km"]

    assert within_10km("--places", str(EXTRACT)) == 1.0
    assert within_10km() == 0.0
