"""Casualty counts: groups that add up, subsets that do not, what a coder states, splits
between events, numbers that count no one, and how a mention's counts make one value."""
import time

from eventwire.model import Claim
from eventwire.stages.claims import Count, combine_counts, find_counts, parse_number
from eventwire.stages.resolve import best_value


def deaths(*sentences):
    """The fatality value of one mention that tells these sentences (None: no count)."""
    counts = []
    offset = 0
    for s in sentences:
        counts += [Count(c.field, c.value, c.start + offset, c.end + offset, c.text, c.kind)
                   for c in find_counts(s) if c.field == "fatalities"]
        offset += len(s) + 1
    return combine_counts(counts)[0] if counts else None


def injuries(sentence):
    counts = [c for c in find_counts(sentence) if c.field == "injuries"]
    return combine_counts(counts)[0] if counts else None


def test_groups_of_victims_add_up():
    assert deaths("Clashes left 4 soldiers and 3 rebels dead.") == 7
    assert deaths("Two policemen and a bystander were killed when the bomb went off.") == 3
    assert deaths("Artillery fire killed a shepherd, his wife and their 3 sons.") == 5
    assert deaths("At least 9 fighters were killed, along with 2 civilians.") == 11
    assert deaths("A woman and child were killed by a roadside bomb.") == 2
    assert deaths("Three of the mayor's relatives were killed in the blast.") == 3


def test_including_names_part_of_a_group_not_more_dead():
    assert deaths("The shelling killed 5 people, including 2 children.") == 5
    assert deaths("Eight fighters, including a field commander, were killed.") == 8
    assert deaths("Gunmen killed villagers, including a teacher.") == 1   # the part is all that is counted
    # a list that breaks down the group before it
    assert deaths("Four civilians, a man, his sister and two boys, were killed in the raid.") == 4


def test_one_victim_named_without_a_number():
    assert deaths("A shepherd was killed by a landmine near the village.") == 1
    assert deaths("Gunmen assassinated a member of the local council.") == 1
    assert deaths("The militants stopped the truck, killing the driver.") == 1
    assert deaths("An aid worker was shot and killed at the checkpoint.") == 1
    assert deaths("The victim died in hospital.") == 1
    assert deaths("A mortar round struck the market and one of the vendors died.") == 1


def test_vague_words_follow_the_lowest_figure_acled_codes():
    assert deaths("The raid killed several guards.") == 3
    assert deaths("Dozens of fighters were killed in the assault.") == 12
    assert deaths("An unknown number of soldiers were killed.") is None


def test_a_coders_figure_is_the_answer():
    assert deaths("A soldier was killed by a sniper. Fatalities coded as 0 (a local outlet reported 1).") == 0
    assert deaths("The army said it killed several insurgents. Unknown fatalities coded as 10.") == 10
    assert deaths("Total fatalities coded as 4.") == 4
    # a figure for what the report left uncounted adds to the counted
    assert deaths("Four soldiers were killed in the fighting.",
                  "The unknown number of insurgent fatalities is coded as 10.") == 14
    assert deaths("Two guards were killed.", "1 additional fatality coded for the attacker.") == 3


def test_a_total_split_between_events_gives_this_events_share():
    assert deaths("Unknown fatalities coded as 10 and split between the 4 locations.") == 2   # 2.5, half down
    assert deaths("Fatalities coded as 12 and split, 6 each, between the two villages.") == 6
    assert deaths("Nine people were killed in the two towns.", "Fatalities split across 3 events.") == 3
    assert deaths("Fighting killed 7 militiamen.", "Fatalities are split across 2 events (4).") == 4
    assert deaths("Attacks hit Kafr Nabl, Hass and Maarzita.", "Fatalities distributed over Kafr Nabl, Hass and Maarzita.",
                  "Unknown fatalities coded as 10.") == 3
    # the split of a figure told with it does not divide the other counts
    assert deaths("A rocket killed 2 farmers.",
                  "Shelling killed 3 more people in three villages, with the 3 fatalities split evenly between the 3 locations.") == 3
    # one place's allocation is no count of this event
    assert deaths("Fatalities coded as 9 and split between the 3 locations, with Tell Abyad allocated 5.") == 3


def test_numbers_that_count_no_one():
    assert deaths("Militants fired 12 rockets at the base.") is None
    assert deaths("A 14-year-old boy was killed by a stray bullet.") == 1
    assert deaths("On 5 May, 2 soldiers were killed at 3 pm near Route 7.") == 2
    assert deaths("In 2019, 3 vehicles were destroyed.") is None
    assert deaths("The convoy of 30 trucks was hit and 4 drivers were killed.") == 4
    assert deaths("Aircraft struck 17 targets and 21 militants were killed.") == 21
    assert deaths("The army killed 2 insurgents, and 4 hideouts were also destroyed.") == 2


def test_ranges_read_their_lowest_figure():
    assert deaths("The strike killed between 4 and 6 people.") == 4
    assert deaths("8-10 villagers were killed.") == 8
    assert deaths("It killed at least 2 and as many as 5 people.") == 2


def test_deaths_and_injuries_are_told_apart():
    assert deaths("The blast killed 2 and wounded 9.") == 2
    assert injuries("The blast killed 2 and wounded 9.") == 9
    assert deaths("Three soldiers were wounded in the ambush.") is None
    assert deaths("Four workers were injured, one of whom later died.") == 1
    # deaths and injuries given as one figure: no death count
    assert deaths("The shelling killed and wounded 20 people.") is None
    assert deaths("5 police were killed, injured or captured.") is None
    assert deaths("The attack caused 15 casualties.") is None


def test_bodies_found():
    assert deaths("Police found the bodies of three men in a ditch.") == 3
    assert deaths("The body of a young man was found near the river.") == 1
    # the dead of a mass grave died on an unknown earlier day
    assert deaths("Troops uncovered a mass grave with the remains of 40 people.") is None
    assert deaths("The remains of a missile were found in the field.") is None


def test_a_toll_stands_for_the_groups_before_it():
    assert deaths("Three guards died in the attack.", "3 fatalities.") == 3
    assert deaths("A man was found dead in the street. 1 fatality.") == 1
    assert deaths("The bombing killed 6 people.", "The death toll rose to 11.") == 11
    assert deaths("The number of villagers killed in the raid rose to 5.") == 5


def test_killings_told_as_background_or_not_done_are_no_casualties():
    assert deaths("Residents protested over the killing of a shopkeeper by police.") is None
    assert deaths("Police arrested the gang who killed a teacher last month.") is None
    assert deaths("Villagers accused the militia of killing 2 farmers.") is None
    assert deaths("Militants threatened to kill two hostages.") is None
    assert deaths("It is unclear whether he was killed.") is None
    assert deaths("A further 4 people may have been killed.") is None


def test_no_casualties_is_zero_and_no_information_is_unknown():
    assert deaths("The strike caused no casualties.") == 0
    assert deaths("There was no information about casualties.") is None


def test_parse_number_reads_words_figures_and_vague_words():
    assert parse_number("1,200") == 1200
    assert parse_number("thirty-two") == 32
    assert parse_number("several") == 3
    assert parse_number("dozens of") == 12


def _claim(value, quote, claimant=None):
    return Claim("fatalities", value, "example.com", claimant, "doc-1", (0, 1), quote)


def test_victims_also_killed_add_to_the_others():
    claims = [_claim(2, "Two soldiers were killed in the ambush."),
              _claim(5, "Officials said 5 attackers were also killed.", "officials")]
    assert best_value(claims, None)["best"] == 7


def test_two_sources_disagreeing_give_the_lower_figure():
    claims = [_claim(4, "Local media said 4 people were killed.", "local media"),
              _claim(6, "A monitor said 6 people were killed.", "monitor")]
    assert best_value(claims, None)["best"] == 4


def test_a_coded_figure_stands_over_the_reports():
    claims = [_claim(6, "Activists said 6 fighters were killed.", "activists"),
              _claim(3, "Fatalities coded as 3 (activists reported 6).")]
    assert best_value(claims, None)["best"] == 3


# -- pathological input: linear time -------------------------------------------------------------
# Bounds are ~10x what a laptop needs, so they catch catastrophic backtracking and cannot flake.

def test_long_runs_of_numbers_and_of_words_are_read_in_linear_time():
    runs = [
        " ".join(str(i % 97) for i in range(30_000))[:100_000],
        ("killed several soldiers and " * 4_000)[:100_000],
        ("3 soldiers, " * 9_000)[:100_000],
        ("a man and " * 10_000)[:100_000],
        ("killing the " + "word " * 20_000)[:100_000],
        ("coded as 10 and split, " * 5_000)[:100_000],
        ("including " + "x, " * 40_000)[:100_000],
    ]
    for text in runs:
        t0 = time.perf_counter()
        find_counts(text)
        assert time.perf_counter() - t0 < 20


def test_each_count_pattern_is_run_whenever_it_could_match(monkeypatch):
    """Patterns are skipped on sentences without the words they need (`_COUNT_PATTERN_WORDS`);
    a pattern edited to match without them must have its words edited too."""
    from pathlib import Path

    from eventwire.stages import claims
    sentences = [
        "Two civilians were killed and five were wounded.", "killing and wounding 75 soldiers",
        "3 were killed, injured or captured", "5 casualties", "2 fatalities allocated to Arnaz",
        "the death toll rose to 11", "the number of dead rose to 9", "a total of 17 killed",
        "stabbed a journalist to death", "a farmer was killed", "were killed, along with 15 IS fighters",
        "2 dead, 5 deaths, seven fatalities, 7 martyrs, 4 bodies", "the bodies of 5 men",
        "the remains of three soldiers were found", "causing his death", "leaving 3 dead",
        "killing him", "he died", "Tolhildan Welat was killed", "she succumbed", "wounding 3 policemen",
        "3 were injured", "leaving 4 wounded", "the attack claimed the lives of 6 people",
        "gunmen shot dead a driver", "a man was beheaded", "six people lost their lives", "two drowned",
    ]
    fixtures = Path(__file__).parent / "fixtures" / "multireport"
    for path in sorted(fixtures.glob("*.txt")):
        sentences += [s for s in path.read_text(encoding="utf-8").replace("\n", " ").split(". ") if s]
    filtered = {s: [vars(c) for c in claims._find_counts.__wrapped__(s)] for s in sentences}
    monkeypatch.setattr(claims, "_COUNT_PATTERN_WORDS", [()] * len(claims._COUNT_PATTERNS))
    for s in sentences:
        assert [vars(c) for c in claims._find_counts.__wrapped__(s)] == filtered[s], s
