"""Geocoding in context: which place a note's words make the place of the incident, and
the names the gazetteer lacks reported rather than guessed. Sentences written for these
tests, in the style of conflict notes."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.gazetteer import Gazetteer
from eventwire.stages.geocode import (AREA, ATTRIBUTE, MOTION, QUALIFIER, TARGET, annotate, choose_place,
                                      consistent, missing_places)


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer.default()


def place_of(run_text, text: str) -> dict:
    events = run_text(text, "2018-01-20")
    assert events, text
    return events[0]["location"]


def roles(gaz, text: str) -> dict[str, tuple[str, bool]]:
    return {pm.text: (pm.role, pm.doubtful) for pm in annotate(text, gaz.find(text), gaz)}


# ----------------------------------------------------------------- phrase types

@pytest.mark.parametrize("text", [
    "Regime forces shelled the countryside of Hama, causing material damage.",
    "Regime forces shelled the outskirts of Hama, causing material damage.",
    "Regime forces shelled positions near Hama, causing material damage.",
    "Regime forces shelled Hama's vicinity, causing material damage.",
])
def test_the_land_around_a_town_is_coded_at_the_town(run_text, text):
    loc = place_of(run_text, text)
    assert (loc["name"], loc["precision"]) == ("Hama", "town")


@pytest.mark.parametrize("text", [
    "Regime forces shelled areas of Termala village in southern Idleb, causing material damage.",
    "Warplanes carried out raids in the southern countryside of Idleb. No fatalities reported.",
    "Warplanes carried out raids in Idleb's southern countryside. No fatalities reported.",
    "Warplanes carried out raids in southern rural Idleb. No fatalities reported.",
])
def test_a_direction_in_a_governorate_is_that_part_of_it(run_text, gaz, text):
    # the town the gazetteer lacks (Termala) is not guessed: the south of the governorate is
    # where the gazetteer's places of southern Idlib lie, well south of Idlib city
    loc = place_of(run_text, text)
    city = gaz.lookup("Idlib")
    assert (loc["name"], loc["precision"], loc["admin1"]) == ("southern Idlib", "region", "Idlib")
    assert loc["lat"] < city.lat - 0.15
    assert loc["place_id"].endswith("#south")


def test_the_parts_of_a_governorate_lie_where_they_say(run_text):
    at = {way: place_of(run_text, f"Regime forces shelled villages in {way} Hama, causing material damage.")
          for way in ("northern", "southern", "eastern", "western", "north-western")}
    assert at["northern"]["lat"] > at["southern"]["lat"]
    assert at["eastern"]["lon"] > at["western"]["lon"]
    assert at["north-western"]["name"] == "north-western Hama"
    assert at["north-western"]["lat"] > at["southern"]["lat"] and at["north-western"]["lon"] < at["eastern"]["lon"]


@pytest.mark.parametrize("text, name, precision", [
    ("Shelling hit Kafr Nabl in southern Idleb, injuring 2 civilians.", "Kafr Nobol", "town"),
    ("A car bomb exploded in southern Aleppo city, killing one.", "Aleppo", "town"),
    ("Gunmen opened fire south of Idleb, killing one.", "Idlib", "town"),
])
def test_a_direction_does_not_override_a_named_town(run_text, text, name, precision):
    loc = place_of(run_text, text)
    assert (loc["name"], loc["precision"]) == (name, precision)


def test_a_region_with_too_few_known_places_has_no_parts():
    from eventwire.gazetteer.parts import MIN_PLACES, RegionParts, direction
    from eventwire.model import Place
    region = Place("r1", "Somewhere", 10.0, 20.0, "region", "Nowhere", "Somewhere")
    towns = [Place(f"t{i}", f"T{i}", 10.0 + i / 10, 20.0, "town", "Nowhere", "Somewhere")
             for i in range(MIN_PLACES)]
    assert RegionParts(towns[:-1]).part(region, "north") is None
    north = RegionParts(towns).part(region, "north")
    assert north is not None and north.lat > 10.0 + (MIN_PLACES - 1) / 20 and north.precision == "region"
    assert [direction(w) for w in ("southern", "North-Western", "northeast", "central", "east-west")] == \
        ["south", "northwest", "northeast", None, None]


def test_a_district_named_as_such_is_the_district(run_text):
    loc = place_of(run_text, "Turkish warplanes struck YPG positions in Afrin district, causing damage.")
    assert loc["precision"] == "district" and loc["name"] == "Afrin"


def test_a_governorate_alone_is_its_centroid_with_region_precision(run_text, gaz):
    loc = place_of(run_text, "Russian warplanes carried out airstrikes on areas in Idleb governorate.")
    region = gaz.lookup("Idlib governorate")
    assert loc["precision"] == "region" and loc["name"] == "Idlib"
    assert (loc["lat"], loc["lon"]) == (region.lat, region.lon)


def test_a_province_of_another_country_is_a_region(run_text):
    loc = place_of(run_text, "Afghan forces carried out an airstrike on Taliban positions in Helmand province.")
    assert (loc["name"], loc["precision"], loc["country"]) == ("Helmand", "region", "Afghanistan")


def test_a_village_in_a_governorate_is_the_village(run_text):
    loc = place_of(run_text, "Regime forces shelled Kafr Zeita, in Hama governorate, causing material damage.")
    assert loc["name"] == "Kafr Zeita" and loc["precision"] == "town"


def test_a_district_and_its_province_give_the_district(run_text):
    loc = place_of(run_text, "On 8 March 2020, Taliban militants attacked a checkpoint in Nad Ali district, Helmand.")
    assert (loc["name"], loc["precision"], loc["admin1"]) == ("Nad Ali", "district", "Helmand")


def test_the_first_named_target_wins_over_later_context(gaz):
    text = "Warplanes struck Kafr Zeita town in the northern countryside of Hama."
    places = annotate(text, gaz.find(text), gaz)
    assert choose_place(places).text == "Kafr Zeita"
    assert {pm.text: pm.role for pm in places}["Hama"] == AREA


def test_a_place_things_came_from_is_secondary(gaz):
    text = "Rockets fired from Hama hit Kafr Zeita."
    r = roles(gaz, text)
    assert r["Hama"][0] == MOTION and r["Kafr Zeita"][0] == TARGET
    assert choose_place(annotate(text, gaz.find(text), gaz)).text == "Kafr Zeita"


def test_a_speakers_location_is_not_the_place(run_text):
    loc = place_of(run_text, "A spokesman said in Damascus that rebels shelled Hama, killing two civilians.")
    assert loc["name"] == "Hama"


def test_an_organisation_named_after_a_place_is_not_the_place(gaz):
    text = "Fighters of the Deir Ezzor Military Council clashed with IS militants in Hajin."
    assert roles(gaz, text)["Deir Ezzor"][0] == ATTRIBUTE
    assert choose_place(annotate(text, gaz.find(text), gaz)).text == "Hajin"


def test_a_movement_named_after_a_city_is_not_the_place_of_its_protest(run_text, gaz):
    """The Serbian balcony protests were "initiated by Don't Let Belgrade D(r)own": the protest
    in Nis is one event, in Nis, not a second one in Belgrade."""
    text = ("On 8 May 2020, citizens protested from their balconies in Nis, Serbia, against the government. "
            "The protest was initiated by Don't Let Belgrade D(r)own, in response to the lockdown.")
    assert roles(gaz, text)["Belgrade"][0] == ATTRIBUTE
    events = run_text(text)
    assert [e["location"]["name"] for e in events] == ["Niš"]
    assert roles(gaz, "Rockets were fired by militants at Belgrade on Monday.")["Belgrade"][0] == TARGET


def test_a_party_or_union_of_a_place_is_a_name_not_where_it_happened(gaz):
    """"the Islamic Party of Turkistan" is an armed group in Idlib, not Turkistan in
    Kazakhstan; "the Communist Party of Armenia" is not where its members protested."""
    assert roles(gaz, "Regime forces recaptured Zarzur from the Islamic Party of Turkistan.")["Turkistan"][0] == ATTRIBUTE
    text = "Members of the Communist Party of Armenia protested in Yerevan."
    assert roles(gaz, text)["Armenia"][0] == ATTRIBUTE
    assert choose_place(annotate(text, gaz.find(text), gaz)).place.name == "Yerevan"
    assert roles(gaz, "Protesters gathered in front of the parliament of Armenia in Yerevan.")["Armenia"][0] != ATTRIBUTE


def test_a_person_named_before_is_no_town_when_named_again(gaz):
    """"The Minister of Health, Nancy Perez" and later "Perez said": not Nancy in France nor
    Perez in Argentina; "Officer Rogers" is not the town in Arkansas, even alone."""
    text = ("The Minister of Health, Nancy Perez, spoke today in Caracas. Perez said two nurses were attacked. "
            "A spokesman, Officer Rogers, arrived. Rogers said the strike in Aleppo killed five.")
    got = roles(gaz, text)
    assert got["Perez"][0] == ATTRIBUTE and got["Nancy"][0] == ATTRIBUTE and got["Rogers"][0] == ATTRIBUTE
    assert got["Caracas"][0] != ATTRIBUTE and got["Aleppo"][0] != ATTRIBUTE


def test_a_sea_named_after_a_town_is_not_the_town(gaz):
    """"the Gulf of Aden" is a sea: a ship attacked there was not in Aden."""
    text = "Houthi forces fired a missile at a cargo ship in the Gulf of Aden."
    assert roles(gaz, text)["Aden"][0] == ATTRIBUTE
    assert roles(gaz, "Houthi forces shelled the port of Aden.")["Aden"][0] != ATTRIBUTE


def test_names_that_hold_a_place_name_are_not_places(gaz):
    """"Boko Haram" is no village in Norway; "Bahema Nord" is a village, not the Nord province."""
    text = "Nigerian troops shelled Boko Haram positions in Buk (Damboa LGA, Borno)."
    assert roles(gaz, text)["Haram"][0] == ATTRIBUTE
    assert choose_place(annotate(text, gaz.find(text), gaz)).place.name == "Damboa"
    assert "Nord" not in roles(gaz, "Militiamen attacked the villages of Ngoupou and Bahema Nord, near Bule (Djugu, Ituri).")


def test_a_road_named_after_one_town_lies_in_another(gaz):
    """"on Murree road in Rawalpindi city": Rawalpindi is where the protest was, not a
    qualifier of Murree; the editor's newspaper (Jang) is not the place either."""
    text = ("Journalists held a protest outside the Geo office on Murree road in Rawalpindi city (Rawalpindi, "
            "Punjab), against the arrest of the Jang/Geo Group editor.")
    assert choose_place(annotate(text, gaz.find(text), gaz)).place.name == "Rawalpindi"


def test_a_street_named_after_a_city_lies_in_another(gaz):
    """Hodeidah's "Sanaa Street" is in Hodeidah, not in Sanaa."""
    text = "Houthi forces fired mortar shells at residential neighbourhoods in Sanaa Street in Hodeidah city."
    assert choose_place(annotate(text, gaz.find(text), gaz)).place.name == "Al Ḩudaydah"


def test_a_persons_name_is_not_the_place(gaz):
    text = "Captain Mohammed Kassar was shot by snipers in northern Hama."
    places = annotate(text, gaz.find(text), gaz)
    assert (choose_place(places).text, choose_place(places).place.name) == ("Hama", "northern Hama")


def test_an_outlets_name_is_a_place_where_the_words_say_so(run_text):
    loc = place_of(run_text, "An explosion targeted regime positions on the outskirts of Al Mayadin city, "
                             "killing two soldiers.")
    assert loc["name"] == "Al Mayadin"


def test_a_note_says_where_it_is_coded(run_text):
    loc = place_of(run_text, "A man from Hama died under torture in a regime prison. "
                             "Unknown prison location coded at Sidnaya.")
    assert loc["name"] == "Sidnaya"


def test_arabic_style_spellings_are_one_place(gaz):
    for a, b in (("Idleb", "Idlib"), ("Dar'a", "Daraa"), ("Deir-ez-Zor", "Deir ez-Zor"), ("Abul Thohur", "Abu Thohur")):
        assert gaz.lookup(a).place_id == gaz.lookup(b).place_id, (a, b)


# ----------------------------------------------------------------- missing places

def test_an_unknown_village_falls_back_to_the_place_it_lies_in(run_text):
    loc = place_of(run_text, "Regime forces shelled the village of Zzyzzqa in the countryside of Hama.")
    assert (loc["name"], loc["precision"]) == ("Hama", "town")


def test_a_namesake_the_qualifier_contradicts_is_not_taken(run_text, gaz):
    text = "A commander was shot by unidentified gunmen in Sayda town in the eastern countryside of Dar'a."
    assert roles(gaz, text)["Sayda"] == (TARGET, True)
    loc = place_of(run_text, text)
    assert loc["country"] == "Syria" and loc["name"] == "eastern Daraa"


def test_a_qualifier_picks_among_namesakes(gaz):
    text = "Employees staged a protest in Tarn Taran city (Punjab)."
    places = annotate(text, gaz.find(text), gaz)
    assert all(pm.place.country == "India" for pm in places)
    assert {pm.text: pm.role for pm in places}["Punjab"] in (AREA, QUALIFIER)


@pytest.mark.parametrize("text, lies_there", [
    ("Police repulsed an attack in Makhmur town, southeast of Mosul.", True),    # 65 km south-east
    ("Police repulsed an attack in Makhmur town, 60 km southeast of Mosul.", True),
    ("Police repulsed an attack in Makhmur town, north of Mosul.", False),       # the other way
    ("Police repulsed an attack in Makhmur town, 10 km southeast of Mosul.", False),  # too near
    ("Police repulsed an attack in Makhmur town, southwest of Baghdad.", False),  # 350 km
])
def test_a_place_given_a_direction_from_a_town_lies_that_way(run_text, gaz, text, lies_there):
    # beyond the reach of "X countryside" (60 km), a direction says how far a place may lie
    loc = place_of(run_text, text)
    assert (loc["country"], loc["name"] == gaz.lookup("Makhmur").name) == ("Iraq", lies_there)
    assert roles(gaz, text)["Makhmur"] == (TARGET, not lies_there)


@pytest.mark.parametrize("text, place, qualifier", [
    # a town that names its governorate, read as the governorate: Sheikh al-Hadid lies 60 km
    # from Aleppo city, in Aleppo governorate
    ("Warplanes struck areas in the Sheikh al-Hadid sub-district of Aleppo.", "Sheikh al-Hadid", "Aleppo"),
    ("Clashes took place in the hill area of Raju sub-district of Aleppo.", "Raju", "Aleppo"),  # 70 km
])
def test_a_qualifier_named_as_a_region_stands_for_the_region(run_text, gaz, text, place, qualifier):
    assert roles(gaz, text) == {place: (TARGET, False), qualifier: (AREA, False)}
    assert place_of(run_text, text)["name"] == gaz.lookup(place).name


def test_a_qualifier_named_as_a_district_rules_out_a_namesake_abroad(run_text, gaz):
    # "Khamil" is an alternate name of Hami, in China: a village of Mandali district is not it
    text = "Two IEDs targeted an army patrol on the outskirts of the village Khamil, Mandali district."
    assert gaz.find("Khamil")[0].place.country == "China"
    assert roles(gaz, text)["Khamil"] == (TARGET, True)
    loc = place_of(run_text, text)
    assert (loc["name"], loc["country"]) == ("Mandali", "Iraq")


def test_a_district_qualified_by_a_direction_from_a_city_is_the_place(run_text):
    # "central" makes Hit an area, and Ramadi only says where that area lies
    loc = place_of(run_text, "A landmine exploded in a field in central Hit district, west of Ramadi city.")
    assert (loc["name"], loc["country"]) == ("Hit", "Iraq")


def test_a_list_of_unknown_villages_lies_in_the_district_named_after_it(run_text, gaz):
    # the first name ("Rasm") folds like a town of Daraa, 300 km away; the district named after
    # the list, however long, says where all of them lie, though the clause ends before it
    text = ("Government forces took control of Zzyq Muzuad, Rasm al-Wardat, Zzablah Jadidah, and Rasm "
            "Qahrt villages in the Hamra district of northern Hama.")
    assert roles(gaz, text)["Rasm"] == (TARGET, True)
    loc = place_of(run_text, text)
    assert (loc["name"], loc["admin1"]) == ("Hamra", "Hama")


def test_consistency_of_a_place_with_its_qualifier(gaz):
    hama, aleppo, menbij = gaz.lookup("Hama"), gaz.lookup("Aleppo"), gaz.lookup("Menbij")
    assert consistent(menbij, aleppo, area=True)      # "Menbij in northern Aleppo"
    assert not consistent(hama, gaz.lookup("Helmand province"))
    assert consistent(gaz.lookup("Kafr Zeita"), gaz.lookup("Hama governorate"))


def test_missing_places_are_reported_with_counts_and_an_example(gaz):
    texts = ["Regime forces shelled Zzyzzqa town in northern Hama.",
             "Warplanes struck the village of Zzyzzqa again.",
             "Clashes near Qqorbaat in Idleb, and in Hama."]
    missing = missing_places(texts, gaz)
    assert [(m.name, m.count) for m in missing] == [("Zzyzzqa", 2), ("Qqorbaat", 1)]
    assert missing[0].example == "Regime forces shelled Zzyzzqa town in northern Hama."


def test_places_missing_command_prints_them(tmp_path):
    path = tmp_path / "notes.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Regime forces shelled Zzyzzqa town in northern Hama.",
                                "published": "2018-01-02"}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["places", "--missing", str(path)])
    assert result.exit_code == 0, result.output
    assert "Zzyzzqa" in result.output and "Hama" not in result.output.split("|")[0]
    result = CliRunner().invoke(main, ["places", "--missing", str(path), "--format", "jsonl"])
    assert json.loads(result.output.splitlines()[0])["name"] == "Zzyzzqa"


def test_places_missing_reads_the_stored_documents(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Regime forces shelled Zzyzzqa town in northern Hama, killing two civilians.",
                    encoding="utf-8")
    db = str(tmp_path / "t.db")
    assert CliRunner().invoke(main, ["ingest", str(path), "--db", db]).exit_code == 0
    result = CliRunner().invoke(main, ["places", "--missing", "--db", db])
    assert result.exit_code == 0, result.output
    assert "Zzyzzqa" in result.output


def test_event_without_a_place_in_its_clause_takes_the_sentence_before(run_text):
    loc = place_of(run_text, "On 8 May 2020, in Manaus, Amazonas, armed men exchanged fire with military police "
                             "during a patrol. No fatalities.")
    assert loc["name"] == "Manaus"


def test_a_place_named_outside_the_incident_clause_is_a_claim_with_its_span(run_text):
    """The event's place is the area its clause's unknown village lies in, found around the
    clause rather than in it: the record still says where the text named it."""
    text = ("The army managed to control Zaytouna village in the eastern countryside of Idleb after HTS "
            "withdrawal. No fatalities reported.")
    ev = run_text(text, "2018-01-22")[0]
    assert ev["location"]["name"] == "eastern Idlib"
    located = [c for c in ev["claims"] if c["field"] == "location"]
    assert [text[c["span"][0]:c["span"][1]] for c in located] == ["Idleb"]
    assert located[0]["quote"].startswith("The army managed to control Zaytouna village")


def test_an_armed_groups_name_is_not_the_place(gaz, run_text):
    text = "Regime forces clashed with Jaysh al-Nasr and Faylaq al-Sham fighters near Kafr Zeita."
    assert roles(gaz, text).get("al-Nasr", (ATTRIBUTE,))[0] == ATTRIBUTE
    loc = place_of(run_text, "Clashes broke out with HTS and the Turkistan Islamic Party fighters. Casualties reported.")
    assert loc["name"] != "Turkistan"


def test_a_namesake_outside_the_governorate_named_is_not_taken(run_text):
    # Oqeirbat lies in Hama governorate: "in northern Idleb" rules it out, so the part of
    # Idleb named is the place
    loc = place_of(run_text, "Clashes took place between HTS and rebel fighters in Aqrabat town in northern Idleb.")
    assert (loc["name"], loc["admin1"]) == ("northern Idlib", "Idlib")


def test_a_governorate_named_by_its_city_chooses_among_namesakes(run_text):
    # "Darkosh" folds like Dreikish (Tartus), a bigger town; the Idleb of the text decides
    loc = place_of(run_text, "Turkish border guards shot and killed a man in the Darkosh area of western Idleb.")
    assert (loc["name"], loc["admin1"]) == ("Darkosh", "Idlib")


@pytest.mark.parametrize("text, name, country", [
    ("On 9 May 2020, in Juiz de Fora, Minas Gerais, bus drivers protested.", "Juiz de Fora", "Brazil"),
    ("On 5 May 2020, in Port of Spain city, a man was shot and wounded by masked gunmen.", "Port of Spain",
     "Trinidad and Tobago"),
    ("On 8 May 2020, in Ciudad del Carmen, Campeche, two armed men shot a man.", "Ciudad del Carmen", "Mexico"),
])
def test_a_name_joined_by_lower_case_words_is_one_place(run_text, text, name, country):
    loc = place_of(run_text, text)
    assert (loc["name"], loc["country"]) == (name, country)


def test_lower_case_words_join_only_a_name_spelled_as_listed(gaz):
    # "the army of Syria" names the country, not a place called "army of Syria"
    found = [(pm.text, pm.place.precision) for pm in gaz.find("Gunmen attacked the army of Syria in Damascus.")]
    assert found == [("Syria", "country"), ("Damascus", "town")]


def test_a_qualifier_that_agrees_with_neither_neighbour_is_the_namesake(run_text, gaz):
    """"Hudaydah city (Al Hali, Al Hudaydah)": Al Hali, read as Syria's Houla by its folded
    letters, contradicts both the city and the province that holds it; it is the odd one out,
    and may not move the city to a Syrian namesake (it once made the city Syria's Hadideh)."""
    text = "Gunmen fired at a police patrol near the port of Hudaydah city (Al Hali, Al Hudaydah) on Sunday."
    assert roles(gaz, text)["Al Hali"][1] is True
    loc = place_of(run_text, text)
    assert (loc["country"], loc["precision"]) == ("Yemen", "town")


def test_a_long_run_of_capitals_between_places_is_read_in_linear_time(gaz):
    """The list reading between a place and its qualifier once backtracked exponentially on a
    run of capitals it could not end with a comma: 22 letters took 0.6 s. The bound is ~100x
    what a laptop needs, so it catches that and cannot flake."""
    import time
    for run in ("A" * 60, "Aa " * 60, "AL-" * 40):
        text = f"Shells fell on Homs {run} x near Hama, and on Idlib {run}, Aleppo."
        t0 = time.perf_counter()
        annotate(text, gaz.find(text), gaz)
        assert time.perf_counter() - t0 < 2
