"""One incident, many reports: merging across documents, contradictions, revised tolls.

The documents in fixtures/multireport are composed from re-worded seed sentences (see
fixtures/multireport.md): four outlets on the 2023 Conoco strike, the 2021 strike on the
same base, and a car bomb whose toll is revised the next day.
"""
import itertools
import json
import shutil

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEEDS
from eventwire import merge
from eventwire.cli import main

MULTI = ROOT / "tests" / "fixtures" / "multireport"
OUTLETS = ["mayadeen.txt", "sputnik.txt", "sohr.txt", "reuters.txt"]


def extract(runner, *paths):
    res = runner.invoke(main, ["extract", *map(str, paths)])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines()]


def conoco(events, year):
    return [e for e in events if "Conoco" in (e["location"]["name"] or "") and e["date"]["start"].startswith(year)]


def test_four_outlets_one_event_and_the_2021_strike_apart():
    events = extract(CliRunner(), MULTI)
    (ev23,) = conoco(events, "2023")
    (ev21,) = conoco(events, "2021")
    assert sorted(r["doc_id"] for r in ev23["reports"]) == sorted(OUTLETS)
    assert ev21["reports"][0]["doc_id"] == "conoco-2021.txt"
    # every spelling the outlets used is kept in the claims, each pointing into its document
    spelled = set()
    for c in ev23["claims"]:
        if c["field"] == "location":
            raw = (MULTI / c["doc_id"]).read_text(encoding="utf-8")
            spelled.add(raw[c["span"][0]:c["span"][1]].split()[0])
    assert {"Koniko", "Coneco", "Konoko", "Conoco"} <= spelled
    assert ev23["date"]["start"] == "2023-03-24"


def test_disagreeing_tolls_are_listed_with_their_sources():
    (ev,) = conoco(extract(CliRunner(), MULTI), "2023")
    assert ev["injuries"]["low"] == 0 and ev["injuries"]["high"] == 2
    (con,) = [c for c in ev["contradictions"] if c["field"] == "injuries"]
    said = {(ev["claims"][i]["source"], ev["claims"][i]["value"]) for i in con["claims"]}
    assert ("Reuters", 0) in said and ("Syrian Observatory for Human Rights", 2) in said
    # best follows the documented rule: a side's own count of its losses wins a tie
    assert ev["injuries"]["best"] == 0


def test_seed_strikes_twenty_months_apart_stay_apart():
    events = extract(CliRunner(), SEEDS, MULTI / "conoco-2021.txt")
    assert len(conoco(events, "2021")) == 1 and len(conoco(events, "2023")) == 1
    (ev21,) = conoco(events, "2021")
    assert {r["doc_id"] for r in ev21["reports"]} == {"article-000.txt", "conoco-2021.txt"}


@pytest.mark.parametrize("order", list(itertools.permutations(OUTLETS))[::7])
def test_ingest_order_does_not_change_the_result(tmp_path, order):
    runner = CliRunner()
    results = []
    for n, sequence in enumerate((OUTLETS, list(order))):
        db = tmp_path / f"{n}.db"
        for name in sequence:
            d = tmp_path / f"in{n}-{name}"
            d.mkdir()
            shutil.copy(MULTI / name, d / name)
            line = next(line for line in (MULTI / "manifest.jsonl").read_text().splitlines() if name in line)
            (d / "manifest.jsonl").write_text(line + "\n")
            assert runner.invoke(main, ["ingest", str(d), "--db", str(db)]).exit_code == 0
        out = runner.invoke(main, ["export", "--db", str(db), "--format", "jsonl"]).stdout
        results.append(sorted(out.splitlines()))
    assert results[0] == results[1]
    assert len(results[0]) == 1


def test_event_id_survives_new_reports(tmp_path):
    runner = CliRunner()
    db = tmp_path / "ew.db"
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(MULTI / "mayadeen.txt", first)
    (first / "manifest.jsonl").write_text(json.dumps({"file": "mayadeen.txt", "published": "2023-03-24"}) + "\n")
    runner.invoke(main, ["ingest", str(first), "--db", str(db)])
    (ev_id,) = [json.loads(line)["event_id"] for line in
                runner.invoke(main, ["events", "--db", str(db), "--format", "jsonl"]).stdout.splitlines()]
    runner.invoke(main, ["ingest", str(MULTI), "--db", str(db)])
    shown = runner.invoke(main, ["show", ev_id, "--db", str(db)])
    assert shown.exit_code == 0
    assert "reuters.txt" in shown.output and "sohr.txt" in shown.output


def test_revised_toll_updates_the_event_and_keeps_its_history(tmp_path):
    runner = CliRunner()
    db = tmp_path / "ew.db"
    for name in ("toll-day1.txt", "toll-day2.txt"):
        d = tmp_path / name
        d.mkdir()
        shutil.copy(MULTI / name, d / name)
        line = next(line for line in (MULTI / "manifest.jsonl").read_text().splitlines() if name in line)
        (d / "manifest.jsonl").write_text(line + "\n")
        runner.invoke(main, ["ingest", str(d), "--db", str(db)])
    (ev,) = [json.loads(line) for line in
             runner.invoke(main, ["events", "--db", str(db), "--format", "jsonl"]).stdout.splitlines()]
    assert ev["fatalities"] == {"best": 11, "low": 5, "high": 11}
    shown = runner.invoke(main, ["show", ev["event_id"], "--db", str(db)]).output
    history = shown[shown.index("history of the tolls"):]
    assert history.index("best 5") < history.index("best 11")
    assert "toll-day1.txt" in history and "toll-day2.txt" in history


def test_contested_lists_who_said_what(tmp_path):
    runner = CliRunner()
    db = tmp_path / "ew.db"
    runner.invoke(main, ["ingest", str(MULTI), "--db", str(db)])
    out = runner.invoke(main, ["events", "--db", str(db), "--contested"]).output
    assert "Reuters" in out and "Syrian Observatory for Human Rights" in out and "injuries:" in out
    plain = runner.invoke(main, ["events", "--db", str(db), "--contested", "--format", "jsonl"]).stdout
    assert all(json.loads(line)["contradictions"] for line in plain.splitlines())


def test_batch_merge_over_the_database_matches_ingest_time_merging(tmp_path):
    runner = CliRunner()
    db = tmp_path / "ew.db"
    runner.invoke(main, ["ingest", str(MULTI), "--db", str(db)])
    before = sorted(runner.invoke(main, ["export", "--db", str(db), "--format", "jsonl"]).stdout.splitlines())
    res = runner.invoke(main, ["merge", "--db", str(db)])
    assert res.exit_code == 0, res.output
    after = sorted(runner.invoke(main, ["export", "--db", str(db), "--format", "jsonl"]).stdout.splitlines())
    assert [json.loads(x)["event_id"] for x in after] == [json.loads(x)["event_id"] for x in before]


def _record(event_id, doc, start, place="Conoco gas field", lat=35.336, lon=40.309, precision="site"):
    return {"event_id": event_id, "event_type": "Explosions/Remote violence",
            "sub_event_type": "Shelling/artillery/missile attack",
            "date": {"start": start, "end": start, "precision": "day", "text": ""},
            "location": {"name": place, "admin1": "Deir ez-Zor", "country": "Syria", "lat": lat, "lon": lon,
                         "precision": precision, "place_id": place, "text": place},
            "actor1": {"name": None, "text": ""}, "actor2": {"name": "US forces", "text": ""},
            "weapons": ["rocket"], "fatalities": {"best": None, "low": None, "high": None},
            "injuries": {"best": None, "low": None, "high": None}, "claims": [], "contradictions": [],
            "reports": [{"doc_id": doc, "source": None, "published": start}], "notes": "rockets hit the base"}


def test_pairs_that_cannot_be_one_incident():
    a = merge.Sketch.of(_record("a", "d1", "2023-03-24"))
    assert merge.score(a, merge.Sketch.of(_record("b", "d2", "2023-03-24"))) >= merge.THRESHOLD
    assert merge.score(a, merge.Sketch.of(_record("c", "d2", "2021-07-10"))) is None  # another date
    assert merge.score(a, merge.Sketch.of(_record("d", "d1", "2023-03-24"))) is None  # same document
    far = _record("e", "d3", "2023-03-24", "al-Omar oil field", 35.152, 40.576)
    assert merge.score(a, merge.Sketch.of(far)) is None  # another base, 30 km away


def test_batch_merge_is_order_independent():
    recs = [_record(f"e{i}", f"d{i}", "2023-03-24") for i in range(5)] + \
           [_record("x", "dx", "2023-03-20", "al-Omar oil field", 35.152, 40.576)]
    ids = lambda rs: sorted((e["event_id"], tuple(sorted(r["doc_id"] for r in e["reports"]))) for e in rs)
    assert ids(merge.merge_records(recs)) == ids(merge.merge_records(list(reversed(recs))))
    assert len(merge.merge_records(recs)) == 2


def test_candidates_hold_every_pair_that_could_merge_and_each_once():
    """Blocking must never hide a pair that score() accepts: places near the pole of a grid
    cell, a district 35 km away, a region and a town in it; and each pair comes once."""
    import itertools
    recs = []
    for k, (lat, lon, precision) in enumerate([
            (60.01, 24.995, "town"), (60.01, 25.255, "site"),    # 14.5 km apart, two cells apart at 60°N
            (34.99, 40.01, "district"), (35.26, 40.01, "town"),  # a town 30 km from a district centre
            (35.31, 40.11, "site"), (36.9, 41.9, "town")]):
        recs.append(_record(f"e{k}", f"d{k}", "2023-03-24", place=f"p{k}", lat=lat, lon=lon, precision=precision))
    region = _record("r", "dr", "2023-03-24", place="Deir ez-Zor", lat=35.2, lon=40.2, precision="region")
    country = _record("c", "dc", "2023-03-24", place="Syria", lat=35.0, lon=38.0, precision="country")
    sketches = [merge.Sketch.of(r) for r in recs + [region, country]]
    pairs = list(merge.candidate_pairs(sketches))
    assert len(pairs) == len(set(pairs)) and all(i < j for i, j in pairs)
    possible = {(i, j) for i, j in itertools.combinations(range(len(sketches)), 2)
                if merge._places_match(sketches[i], sketches[j]) is not None}
    assert possible and possible <= set(pairs)
    assert (0, 1) in possible and (2, 3) in possible  # the cases a 3x3 block of cells misses


# ------------------------------------------- distinct incidents, and one incident, per gate

KINDS = {"Shelling/artillery/missile attack": "Explosions/Remote violence", "Attack": "Violence against civilians",
         "Peaceful protest": "Protests", "Non-violent transfer of territory": "Strategic developments",
         "Government regains territory": "Battles", "Armed clash": "Battles"}


def _report(doc, quote, *, day="2023-03-06", published=None, place="Harasta", place_id="test:harasta",
            precision="town", admin1="Rural Damascus", lat=33.5587, lon=36.3652, place_text=None,
            sub="Shelling/artillery/missile attack", actor1=None, actor2=None, weapons=("artillery",),
            date=None):
    """One report's event as the pipeline writes it, its place and date read from `quote`."""
    start, end, text = date or (day, day, "on Monday")
    return {"event_id": f"ev-{doc}", "event_type": KINDS[sub], "sub_event_type": sub, "date": {"start": start, "end": end, "precision": "day", "text": text},
            "location": {"name": place, "admin1": admin1, "country": "Syria", "lat": lat, "lon": lon,
                         "precision": precision, "place_id": place_id, "text": place_text or place},
            "actor1": {"name": actor1, "text": actor1 or ""}, "actor2": {"name": actor2, "text": actor2 or ""},
            "weapons": list(weapons), "fatalities": {"best": None, "low": None, "high": None},
            "injuries": {"best": None, "low": None, "high": None}, "contradictions": [],
            "claims": [{"field": "location", "value": place, "source": None, "claimant": None, "doc_id": doc,
                        "span": [0, len(quote)], "quote": quote}],
            "reports": [{"doc_id": doc, "source": None, "published": published or day}], "notes": ""}


def _one_incident(a, b):
    s = merge.score(merge.Sketch.of(a), merge.Sketch.of(b))
    return s is not None and s >= merge.THRESHOLD


# places the gazetteer does not know (no population): only the gate under test tells them apart
DARAA = dict(place="Daraa", place_id="test:daraa", admin1="Daraa", lat=32.6189, lon=36.1021)


def test_a_village_one_report_names_and_the_other_never_mentions_is_another_incident():
    """The gazetteer lacks al-Naima and put it at Daraa; "Daraa city" names no place below
    its province, which used to let the two merge."""
    village = _report("a", "Government forces fired rockets at al-Naima, a village east of Daraa, on Monday.", **DARAA)
    city = _report("b", "Government forces fired rockets at Daraa city on Monday, activists said.", **DARAA)
    assert not _one_incident(village, city)
    again = _report("c", "Two rockets hit al-Naima in the Daraa countryside on Monday, a local monitor said.", **DARAA)
    assert _one_incident(village, again)


def test_a_village_named_with_its_town_is_still_another_place_than_the_town():
    """"Mreimin Afrin village": the town's name inside the village's does not make the
    village the town; "including Ahrar al-Sharqiyah" names an armed group, not a place."""
    afrin = dict(place="Afrin", place_id="test:afrin", admin1="Aleppo", lat=36.5119, lon=36.8695,
                 actor1="Turkish forces", weapons=("artillery", "rocket"))
    village = _report("a", "Turkish forces shelled Mreimin Afrin village east of Afrin with rockets on Monday.", **afrin)
    district = _report("b", "Turkish forces shelled areas of Afrin district with rockets and artillery on Monday.", **afrin)
    assert not _one_incident(village, district)
    taken = "Turkish forces and allied factions, including Ahrar al-Sharqiyah, took control of {} village north of Afrin."
    territory = dict(afrin, sub="Government regains territory", weapons=())
    assert not _one_incident(_report("c", taken.format("Karri"), **territory),
                             _report("d", taken.format("Shadyali"), **territory))
    assert _one_incident(_report("e", taken.format("Karri"), **territory),
                         _report("f", "Turkish-backed factions took control of Karri village north of Afrin on Monday.",
                                 **territory))


def test_villages_named_after_including_tell_incidents_apart():
    quote = "Rebel fighters withdrew from areas west of Aleppo, including {}, on Monday, a monitor said."
    aleppo = dict(place="Aleppo", place_id="test:aleppo", admin1="Aleppo", lat=36.2012, lon=37.1612,
                  sub="Non-violent transfer of territory", weapons=())
    one = _report("a", quote.format("Tadil"), **aleppo)
    assert not _one_incident(one, _report("b", quote.format("Sheikh Ali"), **aleppo))
    again = _report("c", "Rebel fighters withdrew from Tadil, west of Aleppo, on Monday, residents said.", **aleppo)
    assert _one_incident(one, again)


def test_a_district_the_gazetteer_fell_back_to_is_not_the_place_of_either_report():
    """Zamalka and Otaya are missing from the gazetteer: both fell back to the Eastern Ghouta."""
    ghouta = dict(place="Eastern Ghouta", place_id="adm2:ghouta", precision="district", place_text="Eastern Ghouta")
    zamalka = _report("a", "Government artillery shelled Zamalka town in the Eastern Ghouta, near Jobar, on Monday.",
                      **ghouta)
    otaya = _report("b", "Government artillery shelled Otaya town in the Eastern Ghouta, near Jobar, on Monday.",
                    **ghouta)
    assert not _one_incident(zamalka, otaya)
    again = _report("c", "Shells fell on Zamalka town in the Eastern Ghouta on Monday, residents said.", **ghouta)
    assert _one_incident(zamalka, again)


def test_reports_that_name_different_targets_are_two_incidents():
    police = _report("a", "Gunmen attacked a police post in Harasta on Monday.", sub="Attack", weapons=("small arms",),
                     actor2="Police forces")
    wedding = _report("b", "Gunmen attacked a wedding party in Harasta on Monday.", sub="Attack",
                      weapons=("small arms",), actor2="Civilians")
    assert not _one_incident(police, wedding)
    # one report names the side that was hit, the other leaves it out
    vague = _report("c", "Gunmen opened fire in Harasta on Monday, a police source said.", sub="Attack",
                    weapons=("small arms",))
    assert _one_incident(police, vague)
    # two armed sides named as the target: outlets differ on whose post a strike hit, so the
    # rest of the reports decides (the same gunmen, weapons and words here)
    army = _report("d", "Gunmen attacked a police post and army troops in Harasta on Monday.", sub="Attack",
                   weapons=("small arms",), actor2="Military forces")
    assert _one_incident(police, army)


def test_two_reports_recalling_an_old_incident_in_passing_are_not_reports_of_it():
    """Two articles weeks later each recall "an arrest in Harasta in December": nothing but
    the month and the town says it was the same arrest."""
    december = ("2022-12-01", "2022-12-31", "in December")
    one = _report("a", "The activist had been detained during a protest in Harasta in December.",
                  sub="Peaceful protest", weapons=(), date=december, published="2023-03-06")
    other = _report("b", "Police broke up a protest in Harasta in December, residents recalled.",
                    sub="Peaceful protest", weapons=(), date=december, published="2023-02-20")
    assert not _one_incident(one, other)
    # the report of the day still takes in a later mention of it
    report = _report("c", "Police detained an activist during a protest in Harasta on Saturday.",
                     sub="Peaceful protest", weapons=(), date=("2022-12-10", "2022-12-10", "on Saturday"),
                     published="2022-12-11")
    assert _one_incident(report, one)


def test_a_place_only_listed_in_two_round_ups_is_not_one_incident():
    one = _report("a", "Shelling on Harasta, Arbin and Zamalka caused material damage on Monday.")
    other = _report("b", "Government shelling on Duma, Harasta, and Saqba killed a child on Monday.")
    assert merge.Sketch.of(one).listed and merge.Sketch.of(other).listed
    assert not _one_incident(one, other)
    # a report about Harasta itself joins a round-up that lists it
    report = _report("c", "Government artillery shelled Harasta on Monday, causing material damage.")
    assert not merge.Sketch.of(report).listed
    assert _one_incident(report, one)


def test_a_big_city_on_one_day_needs_more_than_the_place_and_the_kind():
    """Two protests in Baghdad on one day are two protests unless the reports agree on more."""
    from eventwire.gazetteer import Gazetteer
    city = Gazetteer.default().lookup("Baghdad", "Iraq")
    baghdad = dict(place="Baghdad", place_id=city.place_id, admin1="Baghdad", lat=city.lat, lon=city.lon)
    teachers = _report("a", "Teachers protested in Baghdad on Monday demanding unpaid salaries.",
                       sub="Peaceful protest", weapons=(), **baghdad)
    students = _report("b", "Students protested in Baghdad on Monday against exam dates.",
                       sub="Peaceful protest", weapons=(), **baghdad)
    assert merge.Sketch.of(teachers).population >= merge.CITY_PEOPLE
    assert not _one_incident(teachers, students)
    again = _report("c", "Hundreds of teachers protested in Baghdad on Monday over unpaid salaries.",
                    sub="Peaceful protest", weapons=(), **baghdad)
    assert _one_incident(teachers, again)


def test_two_sides_of_a_name_are_two_villages():
    """"Western Ghariyeh" and "Eastern Ghariyeh" are two towns; so are "Juqali" and "Juqali
    al-Tahtaniyah" (the Arabic for "lower" ends the name). The gazetteer put each pair at one
    place; a report that names the same side still joins."""
    ghariyeh = dict(DARAA, place="Al Ghariyah", place_id="test:ghariyah", actor1="Syrian army")
    west = _report("a", "Government forces shelled the outskirts of the town of Western Ghariyeh on Monday.", **ghariyeh)
    east = _report("b", "Government forces shelled the outskirts of the town of Eastern Ghariyeh on Monday.", **ghariyeh)
    assert not _one_incident(west, east)
    assert _one_incident(west, _report("c", "Shells fell on the town of Western Ghariyeh on Monday, a monitor said.",
                                       **ghariyeh))
    juqali = dict(place="Aleppo countryside", place_id="test:aleppo-north", admin1="Aleppo", lat=36.6, lon=37.1,
                  sub="Government regains territory", weapons=(), actor1="Rebel forces")
    taken = "Rebel factions took control of {} village in the northern countryside of Aleppo after clashes on Monday."
    assert not _one_incident(_report("d", taken.format("Juqali"), **juqali),
                             _report("e", taken.format("Juqali al-Tahtaniyah"), **juqali))
    assert _one_incident(_report("f", taken.format("Juqali al-Tahtaniyah"), **juqali),
                         _report("g", "Rebels captured Juqali al-Tahtaniyah village north of Aleppo on Monday.",
                                 **juqali))


def test_a_quarter_named_before_its_town_is_the_place_of_the_incident():
    """The gazetteer lacks both quarters and put both at Harasta: a quarter named before the
    town it lies in is where the shells fell, though both reports then list both quarters."""
    tail = " Shelling on Al-Ajami and Al-Hadayek caused material damage. No fatalities reported."
    ajami = _report("a", "Several shells landed on Al-Ajami neighborhood of Harasta city on Monday." + tail)
    hadayek = _report("b", "Several shells landed on Al-Hadayek neighborhood of Harasta city on Monday." + tail)
    assert not _one_incident(ajami, hadayek)
    again = _report("c", "Shells hit Al-Ajami neighborhood of Harasta city on Monday, state media said.")
    assert _one_incident(ajami, again)


def test_quarters_of_a_big_city_tell_its_incidents_apart():
    """In a city of a million, "in Guadalajara ... in Colonia X" names the city first: the
    quarter named after it is still where the shooting was."""
    from eventwire.gazetteer import Gazetteer
    city = Gazetteer.default().lookup("Guadalajara", "Mexico")
    gdl = dict(place="Guadalajara", place_id=city.place_id, admin1="Jalisco", lat=city.lat, lon=city.lon,
               sub="Attack", weapons=("small arms",))
    butcher = _report("a", "On Sunday, in Guadalajara, Jalisco, a man was shot dead inside a butcher shop in "
                           "Colonia Jardines del Sur by two armed individuals.", **gdl)
    other = _report("b", "On Sunday, in Guadalajara, Jalisco, four men were shot dead in Colonia Lopez Portillo "
                         "by armed individuals.", **gdl)
    assert merge.Sketch.of(butcher).population >= merge.CITY_PEOPLE
    assert not _one_incident(butcher, other)
    again = _report("c", "Armed men shot dead a butcher inside his shop in Colonia Jardines del Sur, "
                         "Guadalajara, on Sunday, police said.", **gdl)
    assert _one_incident(butcher, again)


def test_a_town_named_before_the_listed_town_it_was_placed_at_is_another_incident():
    """The gazetteer lacks Hambushiyyeh: the report put it at Badama, which its round-up
    sentence names. The town the report leads with is still its place."""
    badama = dict(place="Badama", place_id="test:badama", admin1="Idleb", lat=35.8861, lon=36.3958,
                  actor1="Syrian army", weapons=("artillery", "missile"))
    tail = " Shelling on Badama, Hambushiyyeh and Baksraba near Jisr-As-Shugur resulted in injuries."
    hamb = _report("a", "Regime forces shelled Al-Hambushiyyeh town in western Idleb on Monday." + tail, **badama)
    bad = _report("b", "Regime forces shelled Badama town in western Idleb on Monday." + tail, **badama)
    assert not _one_incident(hamb, bad)
    again = _report("c", "Government artillery hit Badama town west of Jisr al-Shughur on Monday, injuring two.",
                    **badama)
    assert _one_incident(bad, again)
    # a long name keeps its last word: "Rasm al-Tawil al-Sharqiyah" is not "Rasm al-Tawil"
    hama = dict(place="northern Hama", place_id="test:hama#north", precision="region", admin1="Hama",
                lat=35.4, lon=36.9, sub="Government regains territory", weapons=(), actor1="Syrian army")
    taken = "Regime forces gained control of {} town in northern Hama following clashes on Monday."
    assert not _one_incident(_report("d", taken.format("Rasm al-Tawil al-Sharqiyah"), **hama),
                             _report("e", taken.format("Rasm al-Tawil"), **hama))


def test_the_land_between_two_towns_is_neither_town():
    ghanto = dict(place="Al Ghantu", place_id="test:ghanto", admin1="Homs", lat=34.8283, lon=36.7883,
                  actor1="Syrian army")
    road = _report("a", "Regime forces shelled the road between Halmuz and Ghanto on Monday, hitting two vehicles.",
                   **ghanto)
    town = _report("b", "Regime forces shelled Ghanto town in northern Homs on Monday, injuring a man.", **ghanto)
    assert not _one_incident(road, town)
    again = _report("c", "Shells hit vehicles on the road between Ghanto and Halmuz on Monday, activists said.",
                    **ghanto)
    assert _one_incident(road, again)


def test_a_governorates_name_is_not_a_spot_and_a_common_first_word_alone_is_not_a_name():
    """"expanded their control in Idleb and Hama, ... including X": the villages tell the
    rows apart, not the governorates every row names; "Rasm" alone is not "Rasm Tineh"."""
    hama = dict(place="Hama", place_id="test:hama", admin1="Hama", lat=35.1318, lon=36.7578,
                sub="Non-violent transfer of territory", weapons=())
    took = ("Islamic State fighters expanded their control in Idleb and Hama on Monday, taking villages "
            "including {} in northeast Hama.")
    assert not _one_incident(_report("a", took.format("Dalala"), **hama), _report("b", took.format("Ablah"), **hama))
    assert _one_incident(_report("c", took.format("Dalala"), **hama),
                         _report("d", "IS fighters took Dalala village in northeast Hama on Monday as HTS withdrew.",
                                 **hama))
    assert not _one_incident(_report("e", took.format("Rasm"), **hama), _report("f", took.format("Rasm Tineh"), **hama))


def test_other_people_counted_by_other_numbers_are_two_incidents():
    """Two ambushes in one district on one day: one killed three intelligence officers, the
    other two local policemen. Reports of one ambush that count its dead differently still
    name the same kind of people, or name them as generally, or agree on a number."""
    logar = dict(place="Logar", place_id="test:logar", admin1="Logar", sub="Armed clash", weapons=(),
                 actor1="Taliban", lat=34.0, lon=69.2)
    nds = _report("a", "Three NDS members were killed when Taliban militants ambushed their vehicle in "
                       "Mohammad Agha district on Monday.", **logar)
    arbaki = _report("b", "Two Arbakis were killed in a Taliban ambush in Mohammad Agha district on Monday.", **logar)
    assert not _one_incident(nds, arbaki)
    # the same ambush: another count of the same people, the same count of other words for them,
    # or people any side could be
    assert _one_incident(nds, _report("c", "Taliban militants ambushed an NDS vehicle in Mohammad Agha district on "
                                           "Monday, killing 4 NDS officers, officials said.", **logar))
    assert _one_incident(nds, _report("d", "Taliban militants ambushed a vehicle in Mohammad Agha district on "
                                           "Monday, killing three soldiers.", **logar))
    assert _one_incident(arbaki, _report("e", "Five security forces were killed in a Taliban ambush in Mohammad Agha "
                                              "district on Monday, officials said.", **logar))


def test_a_name_whose_article_is_written_apart_is_still_a_spot():
    """"Al Hamarat area" names Hamarat, as "al-Hamarat" does: neither is the other area."""
    homs = dict(place="Homs", place_id="test:homs", admin1="Homs", precision="region", lat=34.73, lon=36.71)
    hamarat = _report("a", "The Syrian army shelled Al Hamarat area near Tir Maallah in the northern countryside of "
                           "Homs on Monday.", **homs)
    assert not _one_incident(hamarat, _report("b", "The Syrian army shelled Tir Maallah area in the northern "
                                                   "countryside of Homs on Monday.", **homs))
    assert _one_incident(hamarat, _report("c", "Army artillery hit al-Hamarat in the Homs countryside on Monday, "
                                               "activists said.", **homs))


def test_battles_against_two_named_enemies_are_two_battles():
    """Regime forces fought the Islamic State and, the same day in the same sub-district,
    HTS: two battles. A report that names the enemy as vaguely as "rebels" may be either."""
    aleppo = dict(place="Tall Ed-daman", place_id="test:tal-daman", admin1="Aleppo", sub="Armed clash", weapons=(),
                  actor1="Syrian government forces", lat=35.93, lon=37.2)
    is_ = _report("a", "Regime forces clashed with Islamic State fighters in the Tal Ed-Daman sub-district on Monday.",
                  actor2="Islamic State", **aleppo)
    hts = _report("b", "Regime forces clashed with HTS fighters in the Tal Ed-Daman sub-district on Monday.",
                  actor2="Hayat Tahrir al-Sham", **aleppo)
    assert not _one_incident(is_, hts)
    assert _one_incident(hts, _report("c", "Regime forces clashed with rebel fighters in the Tal Ed-Daman "
                                           "sub-district on Monday.", actor2="Rebel groups", **aleppo))


def test_a_small_word_inside_a_name_keeps_the_whole_name():
    """"Shakhta imeni Gagarina" and "Shakhta Trudovskaya" are two mines near Donetsk: the
    first is not just "Shakhta", a prefix of the second."""
    donetsk = dict(place="Donetsk", place_id="test:donetsk", admin1="Donetsk", precision="region", lat=48.0,
                   lon=37.8, sub="Armed clash", weapons=("small arms",))
    shot = "The Ukrainian Forces fired small arms at the positions of the militia in the area of {}, Donetsk, on Monday."
    gagarina = _report("a", shot.format("Shakhta imeni Gagarina"), **donetsk)
    assert not _one_incident(gagarina, _report("b", shot.format("Shakhta Trudovskaya"), **donetsk))
    assert _one_incident(gagarina, _report("c", "Small arms fire was reported near Shakhta imeni Gagarina, west of "
                                                "Donetsk, on Monday.", **donetsk))
