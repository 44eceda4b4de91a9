"""Incidents found in small hand-written documents: one record per incident, facts traced."""

import pytest

from eventwire.stages import events


def only(events):
    assert len(events) == 1, [(e["event_type"], e["location"]["name"], e["date"]) for e in events]
    return events[0]


def test_a_short_note_is_one_event_with_its_toll(run_text):
    ev = only(run_text("Regime forces shelled the town of Saraqib in Idlib, killing three civilians.", "2020-02-03"))
    assert ev["event_type"] == "Explosions/Remote violence"
    assert ev["sub_event_type"] == "Shelling/artillery/missile attack"
    assert ev["actor1"]["name"] == "Syrian government forces"
    assert ev["fatalities"] == {"best": 3, "low": 3, "high": 3}
    assert ev["date"]["start"] == "2020-02-03"
    assert ev["location"]["text"] == "Saraqib" and ev["location"]["precision"] == "town"


def test_no_casualties_is_zero_no_information_is_null(run_text):
    ev = only(run_text("A rocket hit a checkpoint in Tal Tamr on Monday. There were no casualties.", "2023-03-24"))
    assert ev["fatalities"]["best"] == 0
    ev = only(run_text("A rocket hit a checkpoint in Tal Tamr on Monday, with no information about the losses.",
                       "2023-03-24"))
    assert ev["fatalities"]["best"] is None


def test_same_place_on_two_dates_is_two_events(run_text):
    text = ("Drones struck the al-Omar oil field on Monday, without casualties.\n\n"
            "A month earlier, on 3 February, rockets had landed in the al-Omar oil field, wounding two guards.")
    evs = run_text(text, "2023-03-08")
    assert len(evs) == 2
    assert {e["date"]["start"] for e in evs} == {"2023-03-06", "2023-02-03"}


def test_a_document_without_any_date_gives_unknown_precision(run_text):
    ev = only(run_text("Gunmen attacked a police checkpoint in Kirkuk, killing two policemen.", None))
    assert ev["date"] == {"start": None, "end": None, "precision": "unknown", "text": ""}


def test_relative_month_gives_month_precision(run_text):
    ev = only(run_text("US strikes last month hit militia sites near Albukamal, killing 4 fighters.", "2021-07-12"))
    assert ev["date"]["precision"] == "month"
    assert (ev["date"]["start"], ev["date"]["end"]) == ("2021-06-01", "2021-06-30")


def test_every_fact_names_who_claimed_it(run_text):
    ev = only(run_text("The Syrian Observatory for Human Rights said a drone strike killed 5 fighters near Albukamal.",
                       "2021-07-12", source="example.org"))
    fat = [c for c in ev["claims"] if c["field"] == "fatalities"]
    assert fat and fat[0]["source"] == "Syrian Observatory for Human Rights"
    assert fat[0]["value"] == 5 and "killed 5" in fat[0]["quote"]


def test_contradicting_tolls_are_surfaced(run_text):
    text = ("A US official told Reuters that the rocket attack on the Conoco gas field on Friday caused no casualties.\n\n"
            "An Iranian source said the attack on the Conoco gas field on Friday killed 4 people.")
    ev = only(run_text(text, "2023-03-24"))
    assert ev["fatalities"]["low"] == 0 and ev["fatalities"]["high"] == 4
    assert any(c["field"] == "fatalities" and sorted(c["values"]) == [0, 4] for c in ev["contradictions"])


def test_event_ids_are_stable(run_text):
    text = "Turkish drones struck a car near Qamishli, killing two SDF fighters."
    assert run_text(text, "2022-05-01")[0]["event_id"] == run_text(text, "2022-05-01")[0]["event_id"]


@pytest.mark.parametrize("text, sub", [
    ("On 19 March 2020, 30 militants surrendered to Afghan forces in Laghman province.", "Agreement"),
    ("On 20 March 2020, 25 Afghan security personnel including a commander joined Taliban militants in Ghor.",
     "Change to group/activity"),
    ("Two dozen soldiers switched sides in Kunduz on Friday.", "Change to group/activity"),
])
def test_a_change_of_side_is_an_event(run_text, text, sub):
    # no word of violence: the surrender or the defection itself is the event; the rules call
    # it a strategic development (the classifier may still decide for a one-incident note)
    from eventwire.stages.events import type_from_rules
    assert len(run_text(text, "2020-03-21")) == 1
    assert type_from_rules(text.lower(), set(), None, None) == ("Strategic developments", sub)


def test_a_protests_crowd_is_its_acting_side_with_the_words_that_tell_of_it(run_text):
    """"medical interns protested": ACLED names the side that protests "Protesters" whoever
    they are; the claim points at the words that say they protested."""
    text = "On 9 May 2020, medical interns protested in Haifa city, demanding shorter shifts."
    [event] = run_text(text, published="2020-05-09")
    assert event["event_type"] == "Protests"
    assert event["actor1"] == {"name": "Protesters", "text": "protested"}
    [claim] = [c for c in event["claims"] if c["field"] == "actor1"]
    assert text[claim["span"][0]:claim["span"][1]] == "protested"
    # a side the text names is kept
    [event] = run_text("On 9 May 2020, Al Shabaab militants stormed a police post in Mogadishu.", published="2020-05-09")
    assert event["actor1"]["name"] == "Al-Shabaab"


@pytest.mark.parametrize("text", ["Two policemen were killed in an exchange of gunfire with IS militants.",
                                  "A gun battle broke out between the police and the smugglers.",
                                  "Both sides exchanged heavy fire near the checkpoint."])
def test_an_exchange_of_gunfire_is_a_battle(text):
    from eventwire.stages.events import type_from_rules
    assert type_from_rules(text.lower(), set(), None, None) == ("Battles", "Armed clash")


@pytest.mark.parametrize("text, sub", [
    ("Separatist forces fired grenade launchers and heavy machine guns at army positions near Avdiivka on Tuesday.",
     "Shelling/artillery/missile attack"),
    ("An automatic grenade launcher was used against the checkpoint overnight, the army said.",
     "Shelling/artillery/missile attack"),
    ("A man threw a grenade at the police station in Kirkuk on Monday.", "Grenade"),
])
def test_a_grenade_launcher_is_a_shelling_and_a_thrown_grenade_a_grenade(text, sub):
    # ACLED's "Grenade" is one thrown or planted by hand; a launcher fires from afar like a mortar
    from eventwire.stages.events import _weapons, type_from_rules
    assert type_from_rules(text.lower(), _weapons(text), None, None) == ("Explosions/Remote violence", sub)


def test_a_short_brief_of_two_incidents_types_each_as_a_one_incident_note_would_be(run_text):
    """In a short brief of several incidents the classifier, when sure, types each one:
    a clash backed by gunships is a battle (the weapon rule alone says air strike), while
    a plain arrest told beside it stays an arrest."""
    text = ("Government troops clashed with insurgents supported by helicopter gunships near Kunduz on Sunday, "
            "killing 12 insurgents. In a separate incident in Herat, police arrested three men.")
    events = run_text(text, "2020-03-23")
    assert [(e["event_type"], e["sub_event_type"]) for e in events] == [
        ("Battles", "Armed clash"), ("Strategic developments", "Arrests")]


def _typed_mention(etype, sub, weapons=()):
    from eventwire.stages.claims import Attribution
    return events.Mention(0, 0, 0, 10, 0, 10, True, False, etype, sub, set(weapons), [], None, False,
                          None, None, [], Attribution(None, None))


def test_a_sub_type_always_belongs_to_its_type():
    """Reports that disagree on the type: the sub-type is voted by those of the winning type,
    never taken from a report of another type ("Explosions/Remote violence: Armed clash")."""
    c = events.Cluster([_typed_mention("Battles", "Armed clash"),
                        _typed_mention("Explosions/Remote violence", None, {"IED"}),
                        _typed_mention("Explosions/Remote violence", None, {"IED"})])
    assert c.types() == ("Explosions/Remote violence", None)
    assert events.decide_type(c, "", False) == ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    for etype, subs in events.SUB_EVENT_TYPES.items():
        assert events.default_subtype(etype, set()) in subs


def test_a_bomb_left_or_carried_is_an_ied_not_a_shelling(run_text):
    """News says "a truck bomb", "a bomb went off", "planted a bomb": ACLED codes such a bomb a
    remote explosive; bombs dropped from the air stay an air strike."""
    events_ = run_text("A truck bomb exploded outside the federal building in Oklahoma City on Monday, "
                       "killing 168 people.")
    assert (events_[0]["event_type"], events_[0]["sub_event_type"]) == (
        "Explosions/Remote violence", "Remote explosive/landmine/IED")
    assert events._weapons("two bombs went off near the finish line") == {"IED"}
    assert events._weapons("helicopters dropped barrel bombs on the town") == {"airstrike"}


def test_the_date_something_began_is_not_the_incidents_date(run_text):
    """"since the start of the offensive on 9 October" dates the offensive: the clashes told
    of in a report of 20 October took place on the day of the report."""
    ev = only(run_text("Turkish forces clashed with SDF fighters near Ras al-Ain. Twelve fighters have been "
                       "killed each day since the start of the offensive on 9 October.", "2019-10-20"))
    assert ev["date"]["start"] == "2019-10-20"
    ev = only(run_text("Turkish forces clashed with SDF fighters near Ras al-Ain on 9 October.", "2019-10-20"))
    assert ev["date"]["start"] == "2019-10-09"
