"""Who said it and what numbers they gave: attribution and casualty counts."""
from eventwire.stages.claims import AttributionReader, find_counts, parse_number


def counts(sentence):
    return [(c.field, c.value) for c in find_counts(sentence)]


def test_numbers_in_words_and_digits():
    assert parse_number("eight") == 8
    assert parse_number("twenty-one") == 21
    assert parse_number("12") == 12
    assert counts("A drone killed an American and wounded 6 others.") == [("fatalities", 1), ("injuries", 6)]
    assert ("fatalities", 7) in counts("As a result of this attack, 7 martyrs and 7 innocent people were wounded.")
    assert ("injuries", 7) in counts("As a result of this attack, 7 martyrs and 7 innocent people were wounded.")
    assert counts("Shelling killed three civilians in the town.") == [("fatalities", 3)]


def test_no_casualties_is_zero_but_no_information_is_unknown():
    assert ("fatalities", 0) in counts("Initial reports showed no casualties.")
    assert ("injuries", 0) in counts("Initial reports showed no casualties.")
    assert ("fatalities", 0) in counts("The attacks did not result in casualties or significant damage.")
    assert counts("Missiles fell on the base, without information about the extent of the losses.") == [("fatalities", None)]
    assert counts("There is no accurate information about the losses among the soldiers.") == [("fatalities", None)]


def test_missile_counts_and_years_are_not_casualties():
    assert counts("The bombing was carried out with eight missiles, which landed in the base.") == []
    assert counts("In 2015 the deal was signed by 900 officials.") == []


def test_reuters_quoting_an_official():
    a = AttributionReader("aawsat.com").read(
        "Reuters news agency quoted an unnamed US defense official as saying that US forces were attacked.")
    assert a.source == "Reuters"
    assert a.claimant == "unnamed US defense official"


def test_correspondent_and_local_sources_and_anaphora():
    r = AttributionReader(None)
    a = r.read("An al-Mayadeen correspondent in Syria reported, on Friday evening, that a missile had targeted the base.")
    assert a.source == "Al-Mayadeen" and "correspondent" in a.claimant
    a = r.read("Local sources in the vicinity of the field told Sputnik that flames are rising.")
    assert a.source == "Sputnik" and a.claimant.lower().startswith("local sources")
    a = r.read("The sources said that explosions shook the area.")
    assert a.source == "Sputnik" and a.claimant.lower().startswith("local sources")


def test_unattributed_sentence_speaks_for_the_publisher():
    a = AttributionReader("example.com").read("A missile struck a gas field in eastern Syria.")
    assert (a.source, a.claimant) == ("example.com", None)


def test_one_person_under_two_spellings_is_one_claimant():
    r = AttributionReader(None)
    assert r.read("Deputy envoy Jeffrey Brissette said that the crossing stays open.").claimant == "Jeffrey Brissette"
    assert r.read("Brissette stressed that aid must flow.").claimant == "Jeffrey Brissette"
    assert r.read("Jeffrey Brisket promised more help.").claimant == "Jeffrey Brissette"


def test_a_claimant_is_searched_from_a_few_words_before_its_head_noun():
    """`_claimant_search` starts where a search of the whole sentence would find the claimant."""
    from eventwire.stages.claims import _CLAIMANT_RX, _claimant_search
    for sentence in ["A senior US defense official said the strikes hit two sites.",
                     "the Syrian Observatory for Human Rights said",
                     "(local sources) reported that several unnamed Iraqi security officials were told",
                     "He said, according to two Kurdish military sources in Hasakah, that",
                     "Several informed field medical sources of the army said",
                     "no one spoke", "officials", "  spokesman  ", "Tribal Sheikh Ahmed Khalil Hamid Jassim officials said"]:
        full = _CLAIMANT_RX.search(sentence)
        found = _claimant_search(sentence)
        assert (found and found.span(1)) == (full and full.span(1)), sentence


def test_no_casualties_reported_has_no_claimant_and_keeps_the_side_that_acted(run_text):
    """"X shelled Y, no casualties were reported": nobody is reporting, so X is not a claimant
    (it used to be read as one, and dropped from the event as the side that shelled)."""
    r = AttributionReader(None)
    for sentence in ["The Syrian army shelled Harbanifse village in Hama, neither injuries nor fatalities reported.",
                     "The army shelled the village on Monday; no casualties were reported."]:
        assert r.read(sentence).claimant is None, sentence
    # a speaker who reports it is still one
    assert r.read("The Syrian army said no casualties were reported in the village.").claimant == "Syrian army"
    events = run_text("The Syrian army shelled Harbanifse village in Hama, neither injuries nor fatalities reported.",
                      published="2018-02-06")
    assert [e["actor1"]["name"] for e in events] == ["Syrian government forces"]


def test_every_outlet_is_found_by_the_words_that_gate_its_pattern():
    """Each spelling an outlet's pattern takes passes the word test before it: the short names
    (AP, RIA, SANA) as words of their own, never inside "captured" or "Syria"."""
    from eventwire.stages.claims import outlet_spans
    examples = {
        "Reuters": "Reuters reported", "AFP": "AFP said; Agence France-Presse said", "Associated Press":
        "the Associated Press said; AP reported", "SANA": "SANA said; the Syrian Arab News Agency said",
        "Syrian TV": "Syrian state television said", "Syrian Observatory for Human Rights": "SOHR said",
        "RIA Novosti": "RIA Novosti said", "TASS": "TASS reported", "Press TV": "PressTV said",
        "Deir Ezzor 24": "Deir ez-Zor 24 said; DeirEzzor24 said", "Step News": "Step News said",
        "Shaam Network": "SHAM network said", "Fars": "Fars news agency said", "IRNA": "IRNA said",
        "CNN": "CNN said", "BBC": "BBC said", "The New York Times": "NYT said", "Hawar News Agency": "ANHA said",
    }
    for name, text in examples.items():
        for part in text.split("; "):
            assert [n for _, _, n in outlet_spans(part)] == [name], part
    assert outlet_spans("Fighters captured a village in northern Syria, a pastor said") == []
