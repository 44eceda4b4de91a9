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
