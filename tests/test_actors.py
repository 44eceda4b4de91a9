"""Sides named consistently, with roles read from local cues."""
from eventwire.stages.actors import find_actors, side_of_claimant


def roles(text):
    return [(a.name, a.role) for a in find_actors(text)]


def test_many_names_for_one_side():
    for text in ("pro-Iranian groups were using these headquarters", "attacks by Iranian-backed groups",
                 "Iran-backed militias fired rockets"):
        assert find_actors(text)[0].name == "Iran-backed militias", text
    assert find_actors("regime forces shelled the town")[0].name == "Syrian government forces"
    assert find_actors("Syrian Kurdish forces said")[0].name == "SDF"


def test_armed_sides_beyond_syria_and_iraq():
    """The sides of Yemen, Libya, the Sahel and elsewhere, as ACLED-style notes name them;
    "anti-Houthi" forces are not Houthis."""
    assert roles("pro-Houthi forces shelled farms in Durayhimi district") == [("Houthi forces", "actor1")]
    assert roles("anti-Houthi National Resistance forces fired artillery shells at pro-Houthi forces")[1] == (
        "Houthi forces", "actor2")
    assert roles("anti-Houthi National Resistance forces fired artillery shells")[0][0] == "Yemeni government forces"
    assert roles("LNA forces shelled GNA positions south of Tripoli") == [
        ("Libyan National Army", "actor1"), ("Government of National Accord", "actor2")]
    assert ("Islamic State", "actor1") in roles("Suspected ISGS militants killed nine civilians")
    assert ("Al-Shabaab", "actor1") in roles("Al Shabaab militants attacked a base")
    assert roles("the Ukrainian Forces fired mortars at the positions of the Donetsk People's Militia") == [
        ("Ukrainian forces", "actor1"), ("Donbass separatists", "actor2")]
    assert [a.text for a in find_actors("French Barkhane forces killed JNIM militants")] == [
        "French Barkhane forces", "JNIM militants"]


def test_target_and_agent_roles():
    assert ("US forces", "actor2") in roles("US forces in Deir ez-Zor were subjected to indirect attacks")
    assert ("Iran-backed militias", "actor1") in roles("the attack on our forces by Iranian-backed groups")
    assert ("Syrian government forces", "actor1") in roles("Regime forces shelled the countryside")
    assert ("International Coalition", "actor2") in roles("a drone hit a coalition base near the city")
    assert ("SDF", "actor2") in roles("Syrian Kurdish forces reported that they repulsed drone strikes")


def test_used_by_is_not_an_attacker():
    assert ("International Coalition", "actor1") not in roles(
        "an explosion occurred at the gas plant, which is being used by the coalition forces as a base")


def test_claimant_sides():
    assert side_of_claimant("Pentagon") == "US forces"
    assert side_of_claimant("official source of Iranian advisors") == "Iran-backed militias"
    assert side_of_claimant("local sources") is None


# The regexes are run one by one, with a first-letter guard, for speed; these pin that the
# matches stay those of the one alternation they stand for.
TRICKY = ["US forces and US troops shelled; the U.S. military said Russian strikes hit Kurdish forces",
          "pro-Iranian groups, Iranian-backed militias and the militias loyal to Iran",
          "ſyrian regime forces, İslamic State and ıranian proxies; KURDISH FIGHTERS",  # case folds of re
          "the army, soldiers and troops of the Syrian army; civilians, 3 children and two women",
          "", "no actor here", "IS fighters and ISIS and ISIL; is it?"]


def test_leftmost_matches_finds_what_one_alternation_finds():
    import re
    from eventwire.stages.actors import ACTOR_PATTERNS, _ACTOR_RX, leftmost_matches
    names = list(ACTOR_PATTERNS)
    groups = {f"a{i}": name for i, name in enumerate(names)}
    one = re.compile(r"\b(?:" + "|".join(f"(?P<a{i}>{'|'.join(ACTOR_PATTERNS[n])})" for i, n in enumerate(names)) + ")",
                     re.IGNORECASE)
    for text in TRICKY:
        expected = [(m.start(), m.end(), groups[m.lastgroup]) for m in one.finditer(text)]
        assert leftmost_matches([(_ACTOR_RX[n], n) for n in names], text) == expected, text


def test_a_first_letter_guard_or_grouping_changes_no_match():
    import re
    from eventwire.stages.actors import ACTOR_PATTERNS, _ACTOR_RX, letter_grouped
    words = r"struck|strikes?|(?-i:march(?:ed|es)?)|shell(?:ed|ing)|(?:rocket|missile)\s+attacks?|killed|kill\w*|injur\w+"
    plain = re.compile(rf"\b(?:{words})\b", re.IGNORECASE)
    grouped = re.compile(rf"\b{letter_grouped(words)}\b", re.IGNORECASE)
    assert grouped.pattern != plain.pattern
    texts = TRICKY + ["they March and marched; ſhelling, KİLLED, ınjured; missile attacks and rocket attack"]
    for text in texts:
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)], text
        for name, patterns in ACTOR_PATTERNS.items():
            unguarded = re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in patterns) + ")", re.IGNORECASE)
            assert [m.span() for m in _ACTOR_RX[name].finditer(text)] == \
                [m.span() for m in unguarded.finditer(text)], (name, text)


def test_a_short_name_is_no_part_of_a_longer_word():
    """"mob" is no mobile network, "Nusra" is not JNIM's "Nusrat", "rebel" no rebellion."""
    assert find_actors("Mobile phone networks were cut in the mobilization zone") == []
    assert roles("a mob attacked the police station")[0] == ("Rioters", "actor1")
    assert [a.name for a in find_actors("Nusrat al-Islam militants ambushed a FAMa patrol")] == ["JNIM", "Military forces"]
    assert [a.text for a in find_actors("Jamaat Nusrat al-Islam wal Muslimin claimed it")] == [
        "Jamaat Nusrat al-Islam wal Muslimin"]
    assert [a.name for a in find_actors("Jabhat al-Nusra fighters shelled the town")] == ["Hayat Tahrir al-Sham"]
    assert find_actors("the rebellion in the north") == []
    assert [a.text for a in find_actors("two policemen and a police officer")] == ["policemen", "police officer"]
    assert find_actors("a pentagonal courtyard") == []
    assert [a.text for a in find_actors("IS militants attacked a checkpoint")] == ["IS"]
    assert [a.text for a in find_actors("Mai-Mai fighters attacked; a Mayi-Mayi militia; the main road")] == [
        "Mai-Mai fighters", "Mayi-Mayi militia"]


def test_short_names_are_read_as_words_of_their_own():
    """"US", "IS", "ANA" name sides as words, never as parts of "because", "this", "Ghana"."""
    assert find_actors("Analysts in Ghana said this is because of the drought") == []
    assert [a.name for a in find_actors("US forces and the ANA raided an IS cell")] == [
        "US forces", "Afghan security forces", "Islamic State"]


def test_the_mobilization_forces_under_their_short_names():
    assert [a.name for a in find_actors("The Popular Mobilization shelled IS militants")] == [
        "Popular Mobilization Forces", "Islamic State"]
    assert [a.text for a in find_actors("The Tribal Mobilization killed two IS members")][0] == "Tribal Mobilization"
    assert find_actors("the mobilization of reserves was announced") == []
