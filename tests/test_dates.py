"""The dates stage: datelines (Hijri and Gregorian, cross-checked) and date expressions in news text."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.stages import dates
from eventwire.stages.dates import find_dates, find_publication_date, resolve_date

D = dt.date
PUB_2021 = D(2021, 7, 12)  # a Monday: article-000
PUB_2023 = D(2023, 3, 24)  # a Friday: article-001

ROOT = Path(__file__).resolve().parent.parent
SEEDS = next((p for p in (ROOT / "samples" / "seeds", ROOT.parent / "shared" / "corpus" / "seeds")
              if (p / "article-000.txt").exists()), None)
needs_seeds = pytest.mark.skipif(SEEDS is None, reason="seed articles not found")


def seed(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def span(expression: str, published: dt.date | None) -> tuple:
    m = resolve_date(expression, published)
    assert m is not None, f"{expression!r} gave no date"
    return m.date_start, m.date_end, m.precision


# --- the seed articles' phrases -------------------------------------------------------------

@pytest.mark.parametrize("expression, published, expected", [
    ("Late on Saturday night", PUB_2021, (D(2021, 7, 10), D(2021, 7, 10), "day")),
    ("Over the past week", PUB_2021, (D(2021, 7, 5), D(2021, 7, 12), "week")),
    ("last month", PUB_2021, (D(2021, 6, 1), D(2021, 6, 30), "month")),
    ("on Sunday", PUB_2021, (D(2021, 7, 11), D(2021, 7, 11), "day")),
    ("on Saturday evening", PUB_2021, (D(2021, 7, 10), D(2021, 7, 10), "day")),
    ("yesterday", PUB_2021, (D(2021, 7, 11), D(2021, 7, 11), "day")),
    ("on Friday evening", PUB_2023, (D(2023, 3, 24), D(2023, 3, 24), "day")),
    ("at dawn today, Friday", PUB_2023, (D(2023, 3, 24), D(2023, 3, 24), "day")),
    ("on the night of Thursday-Friday", PUB_2023, (D(2023, 3, 23), D(2023, 3, 24), "day")),
    ("on Thursday night", PUB_2023, (D(2023, 3, 23), D(2023, 3, 24), "day")),
    ("On March 9", PUB_2023, (D(2023, 3, 9), D(2023, 3, 9), "day")),
    ("Last February", PUB_2023, (D(2023, 2, 1), D(2023, 2, 28), "month")),
    ("Thursday", PUB_2023, (D(2023, 3, 23), D(2023, 3, 23), "day")),
])
def test_seed_phrases_resolve_against_the_publication_date(expression, published, expected):
    assert span(expression, published) == expected


@needs_seeds
def test_article_000_dateline_agrees_across_calendars():
    found = find_publication_date(seed("article-000.txt"))
    assert found is not None
    assert found.date == PUB_2021
    assert found.check == "hijri+gregorian agree"
    assert found.warning is None
    assert found.text == "Monday – 2 Dhu al-Hijjah 1442 AH – 12 July 2021 AD"
    assert seed("article-000.txt")[found.start:found.end] == found.text


@needs_seeds
def test_article_000_dates_in_order_with_their_words():
    text = seed("article-000.txt")
    mentions = find_dates(text, PUB_2021)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    found = {m.text: m for m in mentions}
    assert found["Late on Saturday night"].date_start == D(2021, 7, 10)
    assert found["Over the past week"].to_dict() == {"start": "2021-07-05", "end": "2021-07-12",
                                                     "precision": "week", "text": "Over the past week"}
    assert found["last month"].precision == "month"
    assert "yesterday" in found and "on Sunday" in found
    assert not any("2015" in t for t in found), "the 2015 nuclear deal is not an event date"


@needs_seeds
def test_article_001_has_no_dateline_and_its_dates_resolve():
    text = seed("article-001.txt")
    assert find_publication_date(text) is None  # the manifest gives its date
    found = [(m.text, m.date_start, m.date_end) for m in find_dates(text, PUB_2023)]
    assert ("on Friday evening", D(2023, 3, 24), D(2023, 3, 24)) in found
    assert ("at dawn today, Friday", D(2023, 3, 24), D(2023, 3, 24)) in found
    assert ("on the night of Thursday-Friday", D(2023, 3, 23), D(2023, 3, 24)) in found
    assert ("On March 9", D(2023, 3, 9), D(2023, 3, 9)) in found
    assert ("Last February", D(2023, 2, 1), D(2023, 2, 28)) in found
    assert not any("1:38" in t for t, _, _ in found), "a time of day is not a date"


@needs_seeds
@pytest.mark.parametrize("name, published", [("article-000.txt", PUB_2021), ("article-001.txt", PUB_2023)])
def test_anchored_scan_finds_what_a_full_scan_finds(name, published):
    """_scan only looks near anchor words; START_WORDS must keep up with the patterns."""
    text = seed(name)
    fast = [(h.start, h.end, h.date_start, h.date_end) for h in dates._scan(text, published)]
    slow = [(h.start, h.end, h.date_start, h.date_end) for h in dates._scan_every_word(text, published)]
    assert fast == slow


# --- datelines ------------------------------------------------------------------------------

def test_dateline_mismatch_between_calendars_keeps_gregorian_and_warns():
    found = find_publication_date("Title\n\nMonday – 5 Dhu al-Hijjah 1442 AH – 12 July 2021 AD Issue no. [\n")
    assert found.date == PUB_2021
    assert found.check == "mismatch"
    assert found.warning == "dateline mismatch: Hijri 5 Dhu al-Hijjah 1442 = 2021-07-15 but Gregorian 12 July 2021"


def test_dateline_one_day_apart_still_agrees():
    # 3 Dhu al-Hijjah 1442 is 13 July by Umm al-Qura; a sighting a day later is normal
    found = find_publication_date("Monday – 3 Dhu al-Hijjah 1442 AH – 12 July 2021 AD")
    assert (found.date, found.check, found.warning) == (PUB_2021, "hijri+gregorian agree", None)


def test_dateline_weekday_that_disagrees_is_a_warning():
    found = find_publication_date("Sunday – 2 Dhu al-Hijjah 1442 AH – 12 July 2021 AD")
    assert found.date == PUB_2021
    assert found.check == "hijri+gregorian agree"
    assert "Sunday" in found.warning and "Monday" in found.warning


@pytest.mark.parametrize("line", ["12 July 2021", "July 12, 2021", "2021-07-12", "12/07/2021", "12.07.2021",
                                  "Monday, 12 July 2021", "Monday | 12/07/2021", "Published: 2021-07-12 08:30"])
def test_gregorian_datelines(line):
    found = find_publication_date(f"Rockets hit a base\n{line}\nThe text of the article.")
    assert (found.date, found.check, found.warning) == (PUB_2021, "gregorian only", None)


def test_hijri_only_dateline_converted():
    found = find_publication_date("Title\n2 Dhul-Hijja 1442\nbody")
    assert (found.date, found.check) == (PUB_2021, "hijri only")


def test_hijri_only_dateline_moves_a_day_to_the_weekday_it_names():
    found = find_publication_date("Title\nTuesday 2 Dhu al-Hijjah 1442 AH\nbody")
    assert found.date == D(2021, 7, 13) and found.check == "hijri only"
    assert "moon sighting" in found.warning


def test_dateline_hijri_and_gregorian_in_either_order():
    found = find_publication_date("Title\n12 July 2021 | 2 Dhu al-Hijjah 1442\n")
    assert (found.date, found.check, found.text) == (PUB_2021, "hijri+gregorian agree",
                                                     "12 July 2021 | 2 Dhu al-Hijjah 1442")


def test_a_bare_hijri_year_is_never_a_gregorian_dateline():
    assert find_publication_date("Title\nIn 1442 the city was founded.\nbody") is None
    assert find_dates("in 1442 the city was founded", PUB_2021) == []


def test_a_date_inside_a_long_paragraph_is_not_a_dateline():
    body = ("A long paragraph about the war and the many attacks in the region over a long time, which "
            "says that on 12 July 2021 something happened and then goes on for many more words after "
            "that, long enough not to be a dateline at all.")
    assert find_publication_date(body) is None


def test_no_date_no_dateline():
    assert find_publication_date("Rockets hit a base\nNo date at all here.") is None
    assert find_publication_date("") is None


# --- expressions, published on a Friday (2023-03-24) ----------------------------------------

@pytest.mark.parametrize("expression, expected", [
    ("today", (PUB_2023, PUB_2023, "day")),
    ("this morning", (PUB_2023, PUB_2023, "day")),
    ("tonight", (PUB_2023, PUB_2023, "day")),
    ("yesterday", (D(2023, 3, 23), D(2023, 3, 23), "day")),
    ("last night", (D(2023, 3, 23), D(2023, 3, 23), "day")),
    ("the day before yesterday", (D(2023, 3, 22), D(2023, 3, 22), "day")),
    ("two days ago", (D(2023, 3, 22), D(2023, 3, 22), "day")),
    ("3 days ago", (D(2023, 3, 21), D(2023, 3, 21), "day")),
    ("Friday", (PUB_2023, PUB_2023, "day")),  # same day: a Friday article's "Friday" is today
    ("on Saturday", (D(2023, 3, 18), D(2023, 3, 18), "day")),
    ("last Friday", (D(2023, 3, 17), D(2023, 3, 17), "day")),
    ("Thursday night", (D(2023, 3, 23), PUB_2023, "day")),
    ("overnight Thursday to Friday", (D(2023, 3, 23), PUB_2023, "day")),
    ("over the past week", (D(2023, 3, 17), PUB_2023, "week")),
    ("last week", (D(2023, 3, 17), D(2023, 3, 23), "week")),  # the seven days before publication
    ("this week", (D(2023, 3, 18), PUB_2023, "week")),
    ("in the past few days", (D(2023, 3, 17), PUB_2023, "week")),
    ("in recent days", (D(2023, 3, 17), PUB_2023, "week")),
    ("the past 24 hours", (D(2023, 3, 23), PUB_2023, "day")),
    ("last month", (D(2023, 2, 1), D(2023, 2, 28), "month")),
    ("this month", (D(2023, 3, 1), PUB_2023, "month")),
    ("earlier this month", (D(2023, 3, 1), PUB_2023, "month")),
    ("last year", (D(2022, 1, 1), D(2022, 12, 31), "year")),
    ("9 March", (D(2023, 3, 9), D(2023, 3, 9), "day")),
    ("March 9th", (D(2023, 3, 9), D(2023, 3, 9), "day")),
    ("March 9, 2023", (D(2023, 3, 9), D(2023, 3, 9), "day")),
    ("9 March 2023", (D(2023, 3, 9), D(2023, 3, 9), "day")),
    ("On 28 February,", (D(2023, 2, 28), D(2023, 2, 28), "day")),
    ("in February", (D(2023, 2, 1), D(2023, 2, 28), "month")),
    ("in March", (D(2023, 3, 1), D(2023, 3, 31), "month")),  # "in" may be the publication month
    ("in 2020", (D(2020, 1, 1), D(2020, 12, 31), "year")),
    ("since 2011", (D(2011, 1, 1), PUB_2023, "year")),
    ("2021-07-12", (PUB_2021, PUB_2021, "day")),
    ("12/07/2021", (PUB_2021, PUB_2021, "day")),  # day first, as Arab sites write
    ("12.07.2021", (PUB_2021, PUB_2021, "day")),
    ("12/25/2021", (D(2021, 12, 25), D(2021, 12, 25), "day")),  # only month-first can be right
    ("on 2 Ramadan 1444 AH", (PUB_2023, PUB_2023, "day")),
    ("Ramadan 1444", (D(2023, 3, 23), D(2023, 4, 20), "month")),
])
def test_expressions_published_on_a_friday(expression, expected):
    assert span(expression, PUB_2023) == expected


def test_last_february_read_in_february_is_the_year_before():
    assert span("last February", D(2023, 2, 10)) == (D(2022, 2, 1), D(2022, 2, 28), "month")


def test_a_day_without_a_year_is_the_most_recent_one():
    assert span("On March 30", PUB_2023)[0] == D(2022, 3, 30)


def test_today_that_is_not_the_weekday_named_takes_the_weekday_and_says_so():
    notes: list[str] = []
    m = resolve_date("at dawn today, Thursday", PUB_2023, notes=notes)
    assert m.date_start == D(2023, 3, 23)
    assert len(notes) == 1 and "Thursday" in notes[0] and "2023-03-24" in notes[0]


def test_a_weekday_that_disagrees_with_its_date_is_noted():
    notes: list[str] = []
    found = find_dates("Thursday, 24 March 2023", PUB_2023, notes=notes)
    assert found[0].date_start == PUB_2023
    assert notes == ["weekday mismatch: Thursday named with 24 March 2023, which is a Friday"]


# --- ACLED-style notes ----------------------------------------------------------------------

@pytest.mark.parametrize("expression, expected", [
    ("On 28 February 2018,", (D(2018, 2, 28), D(2018, 2, 28), "day")),
    ("on the night of 27-28 February", (D(2023, 2, 27), D(2023, 2, 28), "day")),
    ("Between 1 and 3 March", (D(2023, 3, 1), D(2023, 3, 3), "week")),
    ("Between February 20th and 27th", (D(2023, 2, 20), D(2023, 2, 27), "week")),
    ("Between January 10th and 11th", (D(2023, 1, 10), D(2023, 1, 11), "day")),  # ACLED codes it 1 (day)
    ("between 28 February and 2 March 2018", (D(2018, 2, 28), D(2018, 3, 2), "week")),
    ("During the week of 4 March", (D(2023, 3, 4), D(2023, 3, 10), "week")),
    ("Around 1 May 2020 (week of)", (D(2020, 5, 1), D(2020, 5, 7), "week")),
    ("On Feb. 5", (D(2023, 2, 5), D(2023, 2, 5), "day")),
    ("in August 1999", (D(1999, 8, 1), D(1999, 8, 31), "month")),
])
def test_acled_note_dates(expression, expected):
    assert span(expression, PUB_2023) == expected


def test_a_range_without_a_year_may_run_past_its_publication_date():
    # ACLED codes "Between February 20th and 27th" on the 24th: the range starts before it
    assert span("Between February 20th and 27th", D(2018, 2, 24))[:2] == (D(2018, 2, 20), D(2018, 2, 27))


# --- Hijri in running text ------------------------------------------------------------------

@pytest.mark.parametrize("written, month", [
    ("Muharram", 1), ("Safar", 2), ("Rabi al-Awwal", 3), ("Rabi' I", 3), ("Rabi al-Thani", 4), ("Rabi' II", 4),
    ("Jumada al-Ula", 5), ("Jumada I", 5), ("Jumada al-Akhira", 6), ("Jumada II", 6), ("Rajab", 7),
    ("Sha'ban", 8), ("Sha’ban", 8), ("Ramadan", 9), ("Shawwal", 10), ("Dhu al-Qadah", 11), ("Dhul-Qi'dah", 11),
    ("Dhu al-Hijjah", 12), ("Dhul-Hijja", 12),
])
def test_hijri_month_transliterations(written, month):
    from hijridate import Hijri
    g = Hijri(1443, month, 10).to_gregorian()
    found = find_dates(f"The attack came on 10 {written} 1443 AH, sources said.", None)
    assert len(found) == 1
    assert found[0].date_start == D(g.year, g.month, g.day)
    assert found[0].text == f"on 10 {written} 1443 AH"


def test_hijri_day_without_a_year_is_the_most_recent():
    assert span("5 Sha'ban", PUB_2023) == (D(2023, 2, 25), D(2023, 2, 25), "day")


def test_a_hijri_year_with_ah_is_a_year_of_hijri_dates():
    assert span("1442 AH", PUB_2023) == (D(2020, 8, 20), D(2021, 8, 8), "year")


# --- what is not a date ---------------------------------------------------------------------

@pytest.mark.parametrize("text, dates_in_it", [
    ("at 1:38 pm local time", []),
    ("returning to the 2015 nuclear deal", []),  # a bare year as an adjective: no mention
    ("the number of US forces has reached 900", []),
    ("7 martyrs and 7 innocent people were wounded", []),
    ("Between seven rounds", []),
    ("the march on Friday", ["on Friday"]),  # lower-case march is the walk
    ("the fighters may 5 times have", []),
    ("18th March Division rebel forces struck", []),  # a name
    ("They returned the next day.", []),  # anaphoric: relative to the story, not to publication
    ("", []),
])
def test_not_dates(text, dates_in_it):
    assert [m.text for m in find_dates(text, PUB_2023)] == dates_in_it


def test_no_date_anywhere_gives_nothing():
    assert find_dates("Rockets hit the base; no casualties were reported.", PUB_2023) == []
    assert resolve_date("no casualties", PUB_2023) is None


# --- without a publication date --------------------------------------------------------------

def test_without_publication_date_relative_words_keep_their_text_but_no_date():
    found = find_dates("Late on Saturday night, and last month, on 9 March, then on 9 March 2023.", None)
    assert [(m.text, m.date_start, m.precision) for m in found] == [
        ("Late on Saturday night", None, "unknown"),
        ("last month", None, "unknown"),
        ("on 9 March", None, "unknown"),
        ("on 9 March 2023", D(2023, 3, 9), "day"),
    ]
    assert found[0].to_dict() == {"start": None, "end": None, "precision": "unknown",
                                  "text": "Late on Saturday night"}


def test_published_as_datetime_is_its_day():
    assert span("yesterday", dt.datetime(2023, 3, 24, 23, 59)) == (D(2023, 3, 23), D(2023, 3, 23), "day")


# --- spans and resolve_date ----------------------------------------------------------

def test_spans_point_at_the_words_in_text_with_unicode_around():
    text = "İstanbul — “Late on Saturday night” and on 27–28 February, Sha’ban 1444 AH; ﷺ yesterday."
    found = find_dates(text, PUB_2023)
    assert [m.text for m in found] == ["Late on Saturday night", "on 27–28 February", "Sha’ban 1444 AH",
                                       "yesterday"]
    assert all(text[m.start:m.end] == m.text for m in found)


def test_resolve_date_spans_the_whole_expression():
    m = resolve_date("Late on Saturday night", PUB_2021)
    assert (m.start, m.end, m.text) == (0, 22, "Late on Saturday night")


# --- properties ------------------------------------------------------------------------------

_VOCAB = ["on", "the", "night", "of", "late", "early", "last", "this", "past", "over", "between", "and", "to",
          "in", "since", "week", "weeks", "month", "months", "year", "ago", "today", "yesterday", "tonight",
          "Friday", "Thursday", "Saturday", "March", "May", "February", "Feb.", "July", "Ramadan", "Dhu",
          "al-Hijjah", "Sha'ban", "Rabi'", "I", "II", "AH", "AD", "1442", "1444", "2021", "2023", "1999", "9",
          "27", "28", "31", "9th", "12/07/2021", "2021-07-12", "1:38", "24", "hours", "days", "a", "few",
          "two", "dawn", "at", "-", "–", ",", ".", "(week of)", "weekend", "next", "coming", "\n", "  "]
_SOUP = st.lists(st.one_of(st.sampled_from(_VOCAB), st.text(max_size=4)), max_size=40).map(" ".join)
_PUBLISHED = st.one_of(st.none(), st.dates())


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.text(max_size=300), _SOUP), published=_PUBLISHED)
def test_find_dates_never_raises_and_spans_index_the_text(text, published):
    found = find_dates(text, published)
    last_end = 0
    for m in found:
        assert last_end <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.text
        assert m.precision in ("day", "week", "month", "year", "unknown")
        assert (m.date_start is None) == (m.precision == "unknown")
        assert m.date_start is None or m.date_start <= m.date_end
        last_end = m.end
    find_publication_date(text)


@settings(max_examples=200, deadline=None)
@given(text=_SOUP, published=st.one_of(st.none(), st.dates(min_value=D(1950, 1, 1), max_value=D(2070, 1, 1))))
def test_anchored_scan_equals_a_scan_at_every_word(text, published):
    fast = [(h.start, h.end, h.date_start, h.date_end, h.precision) for h in dates._scan(text, published)]
    slow = [(h.start, h.end, h.date_start, h.date_end, h.precision)
            for h in dates._scan_every_word(text, published)]
    assert fast == slow


_DATE_PARTS = ["on", "the", "night", "of", "12", "3", "2021", "1444", "July", "May", "Monday", "Friday", "last",
               "week", "weeks", "days", "ago", "two", "a", "few", "early", "late", "morning", "at", "dawn", "noon",
               "yesterday", "today", "in", "mid", "-", "Ramadan", "Dhu", "al", "Qadah", "Rabi", "Awwal", "AH",
               "since", "between", "and", "to", "bodies", "killed", "people", "were", "found", "Idlib", ",", ".",
               "(", ")", "/", "th", "end", "year", "summer", "over", "past", "several", "couple", "month"]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_DATE_PARTS), min_size=1, max_size=14), st.booleans())
def test_a_start_before_a_word_no_date_pattern_spells_is_not_tried_and_nothing_is_lost(words, spaced):
    """_scan skips the starts that a word between them and the anchor rules out; the full scan
    tries every word, and finds the same dates."""
    text = (" " if spaced else "  ").join(words)
    published = dt.date(2023, 5, 10)
    fast = [(h.start, h.end, h.date_start, h.date_end) for h in dates._scan(text, published)]
    slow = [(h.start, h.end, h.date_start, h.date_end) for h in dates._scan_every_word(text, published)]
    assert fast == slow


_DATE_PHRASES = [
    "at noon yesterday", "shortly before dawn today", "at daybreak on Friday", "early on Saturday night",
    "late on the night of 12 July", "on the evening of Monday", "overnight on Thursday to Friday",
    "in the early morning of Monday", "the day before yesterday", "a couple of days ago", "a few weeks ago",
    "over the past week", "earlier this year", "later this month", "in recent days", "the past 24 hours",
    "during the week of 3 May", "as of 5 June", "starting 3 March", "the end of 2019", "at the beginning of May",
    "in the summer of 2020", "in the year 2020", "in mid-March", "earlier in March", "in Ramadan 1444 AH",
    "on 2 Dhu al-Hijjah 1442", "in Rabi al-Awwal 1445", "between 28 February and 2 March 2018",
    "from March 28 to April 2, 2023", "on 12/07/2021", "since Wednesday", "until next Monday", "this morning",
    "last night", "the past two days", "within the coming days", "for the past two days",
    "by the end of May", "the month of May", "at midnight on Sunday", "before sunset on 4 May",
    "on the eve of 1 May", "the morning of 3 June", "since the start of 2022", "throughout the past several weeks",
    "at the end of 2020", "Monday, 12 July 2021 AD", "in the afternoon of Tuesday", "after dusk yesterday"]


@pytest.mark.parametrize("phrase", _DATE_PHRASES)
def test_every_kind_of_date_in_prose_is_found_by_the_anchored_scan_as_by_the_full_scan(phrase):
    text = f"Bodies of 3 people were found {phrase} near Idlib, and {phrase.upper()} they said; {phrase}."
    published = dt.date(2023, 5, 10)
    fast = [(h.start, h.end, h.date_start, h.date_end) for h in dates._scan(text, published)]
    slow = [(h.start, h.end, h.date_start, h.date_end) for h in dates._scan_every_word(text, published)]
    assert fast == slow
    assert len(fast) >= 3


def _plain_anchors(low):
    """Digits, and each run of letters and digits whose leading letters are an anchor word."""
    found = {m.start() for m in re.finditer(r"[0-9]+", low)}
    for m in re.finditer(r"[a-z0-9]+", low):
        if re.match(r"[a-z]+", m.group()) and re.match(r"[a-z]+", m.group()).group() in dates._ANCHOR_WORDS:
            found.add(m.start())
    return sorted(found)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["day", "days", "3", "yesterday", "s", "star", "_", " ", "'", "-", "may", "mayor",
                                 "week", "end", "weekend", "today", "x", "?", "jan", "uary", "monday", "a"]),
                max_size=12))
def test_anchors_found_in_one_pass_are_the_words_and_digits_a_plain_reading_finds(parts):
    low = "".join(parts)
    assert dates._anchors(low) == _plain_anchors(low)


# ---- days counted from the story's own date, parts of a month or week

def _days(text, published=dt.date(2020, 3, 18)):
    return [(m.text, m.date_start, m.date_end, m.precision) for m in find_dates(text, published)]


@pytest.mark.parametrize("text, expected", [
    ("On 12 March 2020 police found two bodies. Gunmen had killed them the previous day.",
     ("the previous day", dt.date(2020, 3, 11))),
    ("Militants attacked a checkpoint on Saturday. The next day, a bomb killed three soldiers.",
     ("The next day", dt.date(2020, 3, 15))),
    ("Militants attacked a checkpoint on Saturday. On the same day a mortar hit the market.",
     ("On the same day", dt.date(2020, 3, 14))),
    ("Militants attacked a checkpoint on 10 March. The day after, troops swept the village.",
     ("The day after", dt.date(2020, 3, 11))),
])
def test_a_day_counted_from_the_day_told_in_an_earlier_sentence(text, expected):
    said, day = expected
    assert (said, day, day, "day") in _days(text)


@pytest.mark.parametrize("text", [
    # no day told before: nothing to count from
    "Gunmen killed two policemen in Kabul the previous day.",
    # the same sentence as its date: a background incident's day, not the story's
    "On 1 March 2020, residents protested the killing of a driver by a militiaman the previous day.",
    "A man was killed on Monday while a child died of wounds received the day before.",
    # a relative day of its own
    "Gunmen killed two policemen the day before yesterday.",
    # not a date at all: a week that follows no told week
    "The Saturday market reopened. The next day-care centre opens later.",
])
def test_no_day_is_counted_without_a_day_told_in_an_earlier_sentence(text):
    found = _days(text)
    assert all(said.lower() not in ("the previous day", "the day before", "the next day")
               for said, *_ in found), found


@pytest.mark.parametrize("text, expected", [
    ("Fighting resumed at the end of the month.", (dt.date(2020, 2, 21), dt.date(2020, 2, 29), "week")),
    ("Fighting resumed at the beginning of the month.", (dt.date(2020, 3, 1), dt.date(2020, 3, 10), "week")),
    ("Fighting resumed towards the end of the week.", (dt.date(2020, 3, 12), dt.date(2020, 3, 18), "week")),
    # counted from the date the text gave
    ("Talks opened on 2 January 2020. Fighting resumed by the end of the month.",
     (dt.date(2020, 1, 21), dt.date(2020, 1, 31), "week")),
])
def test_a_part_of_the_month_or_week(text, expected):
    assert [f[1:] for f in _days(text)][-1] == expected


def test_the_end_of_the_month_of_ramadan_is_no_part_of_this_month():
    assert _days("Fighting resumed at the end of the month of Ramadan.") == []
