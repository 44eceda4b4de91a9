"""Dates: the publication date from an article's dateline, and every date expression in its text.

News reports the past, so relative words ("Saturday", "last month", "On March 9") resolve to the
most recent matching date on or before the publication date. A hand-written resolver, no
dateparser: dateparser misses "Late on Saturday night" and "at dawn today, Friday", reads "1442"
as a Gregorian year and knows no English Hijri month names (see DEPENDENCIES.md), and it is ~100x
slower. Hijri dates are converted with hijridate (Umm al-Qura).

Choices made here, for callers:
- "last week" is the seven days before the publication day (published-7 .. published-1), not the
  previous Monday-Sunday: Arab sites start the week on Saturday or Sunday, so a calendar week
  would be wrong for half the sources. "over the past week" / "the last week" include the
  publication day (published-7 .. published); "this week" is published-6 .. published.
- "Thursday night", "on the night of Thursday", "overnight Thursday" span Thursday..Friday (the
  night crosses midnight; the end is clipped to the publication day); "late on Saturday night"
  and "early on Friday" are that one day. Pairs ("Thursday-Friday") end on the most recent
  Friday on or before publication.
- "today, Friday" when the publication day is not a Friday takes the Friday nearest to it
  (time zones, late posting) and leaves a note; a weekday named with an absolute date that
  disagrees with it is noted, the date kept.
- A day or range without a year starts on the most recent such day on or before publication
  (it may end after it); "since X" runs from X to the publication day.
- Precision of a range follows its width, as ACLED codes time_precision: up to two days "day",
  up to two weeks "week", up to two months "month", beyond that "year".
- A bare year is a date only after a preposition ("in 2020", "since 2011"): "the 2015 nuclear
  deal" and "900 troops" give no mention. Gregorian years are 1900-2099, so a Hijri year such as
  "1442" is never read as Gregorian.
- "in February" may be the publication month; "last February" is strictly before it.
- Lower-case "may" / "march" are words, not months; a day and month followed by "Division",
  "Brigade", "Revolution", ... is a name ("18th March Division"), not a date.
- Anaphoric phrases ("the previous day", "the next day", "the same day") count from the last
  single day the text gave in an earlier sentence, and are no date otherwise (in the sentence
  of its date such a day is most often a background incident's). "At the end of the month" is
  days 21 to the end of the month of the last date given (or of publication: the month before
  when those days are still to come); "the end of the week" the seven days up to it.
- Times of day ("at 1:38 pm") are not dates; Hijri month names with neither day nor year
  ("during Ramadan") are left alone too (Ramadan is also a common personal name).
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from hijridate import Gregorian, Hijri

from eventwire.model import DateMention

from .keywords import KeywordSet

__all__ = ["PublicationDate", "find_publication_date", "find_dates", "resolve_date"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_NAMES = tuple(w.capitalize() for w in WEEKDAYS)
MONTH_NAMES = (None, "January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES) if name}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
               "sept": 9, "oct": 10, "nov": 11, "dec": 12})
# month tokens that are also common English words: read only when written with a capital
_AMBIGUOUS_MONTHS = {"may", "march", "mar"}
_FULL_MONTH_NAMES = frozenset(name.lower() for name in MONTH_NAMES[1:])

HIJRI_MONTH_NAMES = (None, "Muharram", "Safar", "Rabi al-Awwal", "Rabi al-Thani", "Jumada al-Ula",
                     "Jumada al-Akhira", "Rajab", "Sha'ban", "Ramadan", "Shawwal", "Dhu al-Qadah",
                     "Dhu al-Hijjah")

# How far into an article a dateline may stand. Calibration: the seed article's dateline starts
# at character 311, after a title repeated three times and a teaser line; 1,500 leaves room for
# a longer header block without reaching into the body of a typical 1,000-word article.
DATELINE_WINDOW = 1500
# A dateline stands on a short line, or near the start of a longer one ("BEIRUT, July 12 (AP) -").
# Calibration: the seed dateline line is 63 characters; body paragraphs of the seeds are 300-1,200.
DATELINE_MAX_LINE = 200
DATELINE_MAX_LEAD = 40
# Hijri month starts depend on moon sighting, which moves a date by a day against Umm al-Qura.
HIJRI_TOLERANCE_DAYS = 1
# "a few days", "several days", "recent days", "the past days": how many days back.
FEW_DAYS = 7

# ---------------------------------------------------------------------------------------------
# the patterns: one regex per family of date expressions, run on an ASCII fold of the text
# (lower case, same length, see _fold), so the patterns are ASCII and lower case

_AP = "['`]?"                        # optional apostrophe / ayn in transliterations
_ART = r"(?:[\s\-'`]{0,3}[aeu]?l)?"  # optional article: al-, ul-, el-, 'l-
_SEP = r"[\s\-'`]{0,3}"


def _second_half(first: str, second: str) -> tuple[str, str]:
    return rf"(?:{_ART}{_SEP}(?:{first}))", rf"(?:{_ART}{_SEP}(?:{second}))"


_RABI1, _RABI2 = _second_half(r"aw+[ae]l|auwal|ula{1,2}|oula|i(?![a-z])|1(?!\d)",
                              r"thani|akh[ie]r|akhar|ii(?![a-z])|2(?!\d)")
_JUM1, _JUM2 = _second_half(r"ula{1,2}|oula|aw+[ae]l|i(?![a-z])|1(?!\d)",
                            r"akh[ie]ra?h?|akhar|thani(?:ya)?h?|ii(?![a-z])|2(?!\d)")
_RABI = rf"rab[ie]e?[ae]?{_AP}"
_JUMADA = r"juma?da?[ae]?"
_DHU = rf"(?:dh|th|z|d)[uoi]{_ART}{_SEP}"
HIJRI_MONTH_PATTERNS = (
    (1, r"(?:al[\s\-]?)?m[uo]h[ae]r+[ae]m"),
    (2, r"s[ae]f[ae]r"),
    (3, _RABI + _RABI1),
    (4, _RABI + _RABI2),
    (5, _JUMADA + _JUM1),
    (6, _JUMADA + _JUM2),
    (7, r"raj[ae]b"),
    (8, rf"sh[aeu]{_AP}a?ban"),
    (9, r"ram[ae](?:dh|d|z)an"),
    (10, r"shaw+a+l"),
    (11, _DHU + rf"q[aiey]{_AP}[ae]?d[ae]?h?"),
    (12, _DHU + r"h[ie]j+[ae]h?"),
)
_HIJRI_MONTH_RX = [(n, re.compile(p + r"(?![a-z])")) for n, p in HIJRI_MONTH_PATTERNS]

_WD = "(?:" + "|".join(WEEKDAYS) + ")"
_MON = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|" \
       r"sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)(?![a-z])\.?"
_HMON = "(?:" + "|".join(p for _, p in HIJRI_MONTH_PATTERNS) + r")(?![a-z])"
_DAY = r"(?<![\d.:/,])(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
_YEAR = r"(?<!\d)(?:19|20)\d\d(?![\d:])"
_HYEAR = r"(?<!\d)(?:1[34]\d\d|1500)(?!\d)"
_AH = r"\s*(?:ah|a\.\s?h\.?|h\.?|hijri|hijra)(?![a-z])"
_AD = r"(?:\s*(?:ad|a\.d\.|ce|c\.e\.)(?![a-z]))?"
_TO = r"\s*(?:-|to|and|&|through|till|until)\s*"
_NUM = (r"(?:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
        r"twenty|thirty|a\s+few|few|several|a\s+couple\s+of|couple\s+of)")
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "fifteen": 15, "twenty": 20, "thirty": 30, "a couple of": 2, "couple of": 2}

# what may stand before an absolute date and is kept in the mention's words
_ABS_PRE = (r"(?:(?:on|between|from|since|until|till|by|of|around|about|starting|beginning|as\s+of|"
            r"(?:during|in|over|for)\s+the\s+week\s+of|the\s+week\s+of|week\s+of|"
            r"(?:on\s+)?the\s+(?:night|evening|morning|afternoon|eve|dawn)\s+(?:of|between)|"
            r"overnight(?:\s+(?:on|of|between|from))?|(?:early|late)\s+on)\s+)")

FAMILIES: list[tuple[str, str]] = [
    # "between 28 February and 2 March 2018"
    ("xrange", rf"(?P<x_pre>{_ABS_PRE})?(?P<x_d1>{_DAY})\s*(?:of\s+)?(?P<x_m1>{_MON})"
               rf"(?:\s*,?\s*(?P<x_y1>{_YEAR}))?{_TO}(?:the\s+)?(?P<x_d2>{_DAY})\s*(?:of\s+)?(?P<x_m2>{_MON})"
               rf"(?:\s*,?\s*(?P<x_y2>{_YEAR}))?"),
    # "from March 28 to April 2, 2023"
    ("yrange", rf"(?P<y_pre>{_ABS_PRE})?(?P<y_m1>{_MON})\s*(?P<y_d1>{_DAY})(?:\s*,?\s*(?P<y_y1>{_YEAR}))?"
               rf"{_TO}(?P<y_m2>{_MON})\s*(?P<y_d2>{_DAY})(?:\s*,?\s*(?P<y_y2>{_YEAR}))?"),
    # "Monday, 12 July 2021 AD", "27-28 February", "the 5th of May", "1 May 2020 (week of)"
    ("dmy", rf"(?P<a_pre>{_ABS_PRE})?(?:(?P<a_wd>{_WD})\s*[,-]?\s*)?(?:the\s+)?(?P<a_d1>{_DAY})"
            rf"(?:{_TO}(?:the\s+)?(?P<a_d2>{_DAY}))?\s*(?:of\s+)?(?P<a_m>{_MON})"
            rf"(?:\s*,?\s*(?P<a_y>{_YEAR}){_AD})?(?P<a_wk>\s*\(\s*week\s+of\s*\))?"),
    # "Friday, March 24, 2023", "March 9th", "Between February 20th and 27th"
    ("mdy", rf"(?P<b_pre>{_ABS_PRE})?(?:(?P<b_wd>{_WD})\s*,?\s*)?(?P<b_m>{_MON})\s*(?:the\s+)?(?P<b_d1>{_DAY})"
            rf"(?:{_TO}(?:the\s+)?(?P<b_d2>{_DAY}))?(?:\s*,?\s*(?P<b_y>{_YEAR}){_AD})?"),
    # "Monday – 2 Dhu al-Hijjah 1442 AH"
    ("hijri", rf"(?P<h_pre>{_ABS_PRE})?(?:(?P<h_wd>{_WD})\s*[,-]?\s*)?(?:the\s+)?(?P<h_d>{_DAY})\s*(?:of\s+)?"
              rf"(?P<h_m>{_HMON})(?:\s*,?\s*(?P<h_y>{_HYEAR})(?:{_AH})?)?"),
    # "2021-07-12", "12/07/2021", "12.07.2021"
    ("numeric", r"(?P<n_pre>on\s+)?(?<![\d/.\-])(?:(?P<n_iy>(?:19|20)\d\d)(?P<n_s1>[\-/.])(?P<n_im>[01]?\d)"
                r"(?P<n_s1b>[\-/.])(?P<n_id>[0-3]?\d)|(?P<n_d>[0-3]?\d)(?P<n_s2>[\-/.])(?P<n_m>[0-3]?\d)"
                r"(?P<n_s2b>[\-/.])"
                r"(?P<n_y>(?:19|20)\d\d|\d\d))(?![\d/]|[.\-]\d)"),
    # "Ramadan 1444 AH"
    ("hmonth", rf"(?P<hm_pre>(?:in|during|since|until|of|early|late|mid)[\s\-]+)?(?P<hm_m>{_HMON})\s*,?\s*"
               rf"(?P<hm_y>{_HYEAR})(?:{_AH})?"),
    # "1442 AH"
    ("hyear", rf"(?P<hy_pre>(?:in|during|since|until|of|early|late|mid)[\s\-]+)?(?P<hy_y>{_HYEAR}){_AH}"),
    # "Last February", "in mid-March", "February 2018"
    ("month", r"(?P<m_pre>(?:(?:in|last|since|during|until|till|by|from|through|throughout|this|next|"
              r"earlier\s+in|later\s+in|(?:at\s+)?the\s+(?:end|beginning|start|middle)\s+of|end\s+of|"
              r"(?:the\s+)?month\s+of|"
              r"early|late|mid)[\s\-]+){1,3})?"
              rf"(?P<m_m>{_MON})(?:\s*,?\s*(?P<m_y>{_YEAR}))?"),
    # "in 2020", "since 2011", "the end of 2019"
    ("year", r"(?P<yr_pre>(?:(?:in|since|during|throughout|until|till|by|from|early|late|mid|"
             r"(?:at\s+)?the\s+(?:end|beginning|start|middle|summer|spring|autumn|fall|winter)\s+of|"
             r"(?:in\s+)?the\s+year|(?:summer|spring|autumn|fall|winter)(?:\s+of)?)[\s\-]+){1,2})"
             rf"(?P<yr_y>{_YEAR})(?!\s*[-/]\s*\d)(?![.,]\d)"),
    # "at dawn today, Friday", "yesterday evening", "the day before yesterday", "last night"
    ("relday", r"(?P<r_pre>(?:(?:at|before|after|around|by|since|until|shortly\s+(?:before|after))\s+"
               r"(?:dawn|daybreak|sunrise|noon|midday|midnight|sunset|dusk)|early|late|earlier|later|"
               r"(?:in\s+the\s+)?(?:early\s+)?(?:morning|evening|afternoon)\s+(?:of|on))\s+)?"
               r"(?P<r_w>the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|last\s+night|"
               r"this\s+(?:morning|evening|afternoon))(?![a-z])"
               r"(?P<r_tod>\s+(?:morning|evening|afternoon|night))?"
               rf"(?:\s*[,(]\s*(?:on\s+)?(?P<r_wd>{_WD})\)?)?"),
    # "Late on Saturday night", "on the night of Thursday-Friday", "overnight Thursday to Friday"
    ("weekday", r"(?P<w_pre>(?:late|early)\s+(?:on\s+)?(?:the\s+)?(?:(?:night|evening|morning)\s+of\s+)?|"
                r"(?:on|since|until|till|by|from|last|this|past|previous|next|coming)\s+(?:the\s+)?"
                r"(?:(?:night|evening|morning|afternoon|eve|dawn)\s+(?:of|between)\s+)?|"
                r"(?:the\s+)?(?:night|evening|morning|afternoon|dawn|eve)\s+(?:of|between)\s+|"
                r"overnight\s+(?:(?:on|from|between|of)\s+)?|"
                r"(?:at|before|after)\s+(?:dawn|daybreak|noon|midday|midnight|sunset|dusk)\s+(?:on\s+)?)?"
                rf"(?P<w_d1>{_WD})(?:\s*(?:-|/|to|and|into|through|until)\s*(?P<w_d2>{_WD}))?"
                r"(?P<w_tod>\s+(?:night|evening|morning|afternoon|dawn|midnight|noon|overnight))?"),
    # "two days ago", "a few weeks ago"
    ("ago", rf"(?P<g_n>{_NUM})\s+(?P<g_u>days?|weeks?|months?|years?)\s+ago(?![a-z])"),
    # "over the past week", "last month", "in recent days", "earlier this year", "the past 24 hours"
    ("period", r"(?P<p_pre>(?:over|in|during|throughout|within|for|through|since|from|until|by|of)\s+)?"
               r"(?P<p_the>the\s+)?(?:(?P<p_mod>past|last|previous|preceding|recent|coming|next|this|current|"
               rf"earlier\s+this|later\s+this)\s+)?(?:(?P<p_n>{_NUM})\s+)?"
               r"(?P<p_u>hours|days?|weeks?|weekend|months?|years?)(?![a-z])"),
]


def _bounded(pattern: str) -> str:
    """Caps every whitespace run a pattern may cross at MAX_GAP characters.

    With unbounded runs, "\\s*,?\\s*" after a month name makes one failed attempt quadratic in
    the length of a run of blanks (a 5,000-blank run took 3 s); real dates never need more.
    """
    for unbounded, bounded in ((r"\s*", rf"\s{{0,{MAX_GAP}}}"), (r"\s+", rf"\s{{1,{MAX_GAP}}}"),
                               (r"[\s\-'`]*", rf"[\s\-'`]{{0,{MAX_GAP}}}"), (r"[\s\-]+", rf"[\s\-]{{1,{MAX_GAP}}}")):
        pattern = pattern.replace(unbounded, bounded)
    return pattern


# Calibration: the widest gap in the seeds and ACLED notes is a line break plus indentation.
MAX_GAP = 6
FAMILIES = [(name, _bounded(pattern)) for name, pattern in FAMILIES]
_FAMILY_RX = [(name, re.compile(rf"\b(?P<{name}>{pat})")) for name, pat in FAMILIES]
_FAMILY_INDEX = {name: i for i, (name, _) in enumerate(FAMILIES)}
# _MASTER finds which family matches first at a position (FAMILIES order decides, so longer
# forms come first). It has no groups inside the families (a match with ~100 groups costs 7 us,
# without them ~3 us); the family's own regex then reads the parts of the one that matched.
_MASTER = re.compile(r"\b(?:" + "|".join(f"(?P<{name}>{re.sub(r'[(][?]P<[a-z0-9_]+>', '(?:', pat)})"
                                         for name, pat in FAMILIES) + ")")


# ---------------------------------------------------------------------------------------------
# results

@dataclass
class PublicationDate:
    date: dt.date
    text: str  # the dateline words, e.g. "Monday – 2 Dhu al-Hijjah 1442 AH – 12 July 2021 AD"
    start: int  # span in the text given
    end: int
    check: str  # "hijri+gregorian agree" | "gregorian only" | "hijri only" | "mismatch"
    warning: str | None = None


@dataclass
class _Hit:
    start: int
    end: int
    date_start: dt.date | None
    date_end: dt.date | None
    precision: str
    calendar: str = "relative"  # gregorian | numeric | hijri | relative
    weekday: int | None = None  # a weekday named with an absolute date
    pre: str = ""  # the lowered words before the date proper ("on", "between", ...)
    label: str = ""  # the date as a reader would write it, for messages
    notes: list[str] = field(default_factory=list)

    def mention(self, text: str) -> DateMention:
        if self.date_start is None:
            return DateMention(self.start, self.end, text[self.start:self.end], None, None, "unknown")
        return DateMention(self.start, self.end, text[self.start:self.end], self.date_start,
                           self.date_end or self.date_start, self.precision)


# ---------------------------------------------------------------------------------------------
# date arithmetic

def _date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _month_range(y: int, m: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    i = y * 12 + (m - 1) + k
    return i // 12, i % 12 + 1


def _recent_weekday(ref: dt.date, wd: int, strictly_before: bool = False) -> dt.date:
    back = (ref.weekday() - wd) % 7
    if strictly_before and back == 0:
        back = 7
    return ref - dt.timedelta(days=back)


def _next_weekday(ref: dt.date, wd: int) -> dt.date:
    return ref + dt.timedelta(days=(wd - ref.weekday()) % 7 or 7)


def _nearest_weekday(ref: dt.date, wd: int) -> dt.date:
    """The day named `wd` closest to `ref` (-3..+3 days; ties go to the earlier one)."""
    diff = (wd - ref.weekday()) % 7
    return ref + dt.timedelta(days=diff if diff <= 3 else diff - 7)


def _recent_day(ref: dt.date, m: int, d: int) -> dt.date | None:
    """The most recent month/day on or before `ref` (29 February goes back to a leap year)."""
    for y in range(ref.year, ref.year - 9, -1):
        day = _date(y, m, d)
        if day is not None and day <= ref:
            return day
    return None


_PRECISION_ORDER = ("day", "week", "month", "year")


def _range_precision(a: dt.date, b: dt.date) -> str:
    # Calibrated on ACLED time_precision in corpus/acled-dev: "Between January 10th and 11th" is
    # coded 1 (day), "from 1 - 6 May" and "(week of)" are 2 (week), a month is 3.
    width = (b - a).days
    if width <= 1:
        return "day"
    if width <= 14:
        return "week"
    if width <= 62:
        return "month"
    return "year"


def _hijri_month(token: str) -> int | None:
    for n, rx in _HIJRI_MONTH_RX:
        if rx.fullmatch(token.strip()):
            return n
    return None


def _hijri_to_date(y: int, m: int, d: int) -> dt.date | None:
    """Umm al-Qura conversion; day 30 of a month Umm al-Qura counts as 29 days is the day after 29."""
    try:
        if d == 30 and Hijri(y, m, 1).month_length() == 29:
            g = Hijri(y, m, 29).to_gregorian()
            return dt.date(g.year, g.month, g.day) + dt.timedelta(days=1)
        g = Hijri(y, m, d).to_gregorian()
    except (ValueError, OverflowError):
        return None
    return dt.date(g.year, g.month, g.day)


def _hijri_year_of(day: dt.date) -> int | None:
    try:
        return Gregorian(day.year, day.month, day.day).to_hijri().year
    except (ValueError, OverflowError):
        return None


def _hijri_month_range(y: int, m: int) -> tuple[dt.date, dt.date] | None:
    first = _hijri_to_date(y, m, 1)
    if first is None:
        return None
    return first, first + dt.timedelta(days=Hijri(y, m, 1).month_length() - 1)


def _number(word: str | None) -> int | None:
    """A count word as a number; None for "few"/"several" (vague)."""
    if word is None:
        return None
    word = " ".join(word.split())
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _gregorian_label(day: dt.date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month]} {day.year}"


def _day_number(token: str) -> int:
    return int(re.match(r"\d+", token).group())


def _month_number(token: str) -> int:
    return MONTHS[token.rstrip(".")]


# ---------------------------------------------------------------------------------------------
# one handler per family: (match, original text, published) -> _Hit, or None when the match
# is not a date after all (then the next family is tried at the same place)

def _month_ok(m: re.Match, group: str, text: str, with_day_or_year: bool) -> bool:
    token = m.group(group).rstrip(".")
    written = text[m.start(group)]
    if token in _AMBIGUOUS_MONTHS and not written.isupper():
        return False
    if not with_day_or_year and (not written.isupper() or token not in _FULL_MONTH_NAMES):
        return False
    return True


def _pre(m: re.Match, group: str) -> str:
    return " ".join((m.group(group) or "").split())


def _absolute(hit: _Hit, wd_group: str | None, m: re.Match) -> _Hit:
    """Fill in the weekday named with an absolute date and note when it disagrees."""
    if wd_group and m.group(wd_group):
        hit.weekday = WEEKDAYS.index(m.group(wd_group))
        if hit.date_start is not None and hit.precision == "day" and hit.date_start == hit.date_end \
                and hit.date_start.weekday() != hit.weekday:
            hit.notes.append(f"weekday mismatch: {WEEKDAY_NAMES[hit.weekday]} named with {hit.label}, "
                             f"which is a {WEEKDAY_NAMES[hit.date_start.weekday()]}")
    return hit


# A day and month without a year that name something rather than date it: "18th March Division",
# "the 14 March alliance", "6th of October City" (seen in corpus/acled-dev notes).
_NAME_AFTER = re.compile(r"\s+(?:division|brigade|battalion|regiment|movement|alliance|coalition|revolution|"
                         r"uprising|bridge|street|road|square|city|martyrs|front|corps|camp|hospital|university|"
                         r"stadium|party|group|army)\b", re.IGNORECASE)


def _day_range(m: re.Match, text: str, published: dt.date | None, g: dict[str, str]) -> _Hit | None:
    """Shared by dmy and mdy: one day or a day range in one month, with or without a year.

    Without a year, the first day is the most recent one on or before `published` (an ACLED range
    "Between February 20th and 27th" coded on the 24th runs past its publication date).
    """
    if not _month_ok(m, g["m"], text, True):
        return None
    month = _month_number(m.group(g["m"]))
    d1 = _day_number(m.group(g["d1"]))
    d2 = _day_number(m.group(g["d2"])) if m.group(g["d2"]) else None
    if d2 is not None and d2 <= d1:
        return None
    pre = _pre(m, g["pre"])
    year = int(m.group(g["y"])) if m.group(g["y"]) else None
    if year is None and _NAME_AFTER.match(text, m.end()):
        return None
    hit = _Hit(m.start(), m.end(), None, None, "unknown", "gregorian", pre=pre)
    if year is not None:
        start = _date(year, month, d1)
    elif published is not None:
        start = _recent_day(published, month, d1)
    else:  # the year is unknown: check the day exists in some year, and keep the words
        if _date(2000, month, d1) is None or (d2 and _date(2000, month, d2) is None):
            return None
        hit.label = f"{d1} {MONTH_NAMES[month]}"
        return hit
    if start is None:
        return None
    end = _date(start.year, month, d2) if d2 else start
    if end is None:
        return None
    if d2 is None and "night" in pre:  # "the night of 27 February", "overnight on 27 February"
        end = start + dt.timedelta(days=1)
    if "week of" in pre or (g.get("wk") and m.group(g["wk"])):
        end = start + dt.timedelta(days=6)
        hit.precision = "week"
    else:
        hit.precision = _range_precision(start, end)
    hit.date_start, hit.date_end = start, end
    hit.label = _gregorian_label(start)
    return _absolute(hit, g.get("wd"), m)


def _h_dmy(m, text, published):
    return _day_range(m, text, published, {"m": "a_m", "d1": "a_d1", "d2": "a_d2", "y": "a_y", "pre": "a_pre",
                                           "wd": "a_wd", "wk": "a_wk"})


def _h_mdy(m, text, published):
    return _day_range(m, text, published, {"m": "b_m", "d1": "b_d1", "d2": "b_d2", "y": "b_y", "pre": "b_pre",
                                           "wd": "b_wd"})


def _cross_range(m, text, published, p: str) -> _Hit | None:
    if not (_month_ok(m, f"{p}_m1", text, True) and _month_ok(m, f"{p}_m2", text, True)):
        return None
    m1, m2 = _month_number(m.group(f"{p}_m1")), _month_number(m.group(f"{p}_m2"))
    d1, d2 = _day_number(m.group(f"{p}_d1")), _day_number(m.group(f"{p}_d2"))
    y1 = int(m.group(f"{p}_y1")) if m.group(f"{p}_y1") else None
    y2 = int(m.group(f"{p}_y2")) if m.group(f"{p}_y2") else None
    hit = _Hit(m.start(), m.end(), None, None, "unknown", "gregorian", pre=_pre(m, f"{p}_pre"))
    if y1 is not None:
        start = _date(y1, m1, d1)
    elif y2 is not None:
        start = _date(y2 - (m1 > m2), m1, d1)
    elif published is not None:
        start = _recent_day(published, m1, d1)
    else:
        if _date(2000, m1, d1) is None or _date(2000, m2, d2) is None:
            return None
        return hit
    if start is None:
        return None
    end = _date(y2 if y2 is not None else start.year + (m2 < m1), m2, d2)
    if end is None or start > end:
        return None
    hit.date_start, hit.date_end = start, end
    hit.precision = _range_precision(start, end)
    hit.label = _gregorian_label(start)
    return hit


def _h_xrange(m, text, published):
    return _cross_range(m, text, published, "x")


def _h_yrange(m, text, published):
    return _cross_range(m, text, published, "y")


def _h_hijri(m, text, published):
    month = _hijri_month(m.group("h_m"))
    day = _day_number(m.group("h_d"))
    if month is None or day > 30:
        return None
    hit = _Hit(m.start(), m.end(), None, None, "unknown", "hijri", pre=_pre(m, "h_pre"))
    if m.group("h_y"):
        year = int(m.group("h_y"))
        hit.label = f"{day} {HIJRI_MONTH_NAMES[month]} {year}"
        date = _hijri_to_date(year, month, day)
    else:
        hit.label = f"{day} {HIJRI_MONTH_NAMES[month]}"
        date = None
        hy = _hijri_year_of(published) if published is not None else None
        for year in ((hy, hy - 1) if hy else ()):
            candidate = _hijri_to_date(year, month, day)
            if candidate is not None and candidate <= published:
                date = candidate
                hit.label = f"{day} {HIJRI_MONTH_NAMES[month]} {year}"
                break
    if date is not None:
        hit.date_start = hit.date_end = date
        hit.precision = "day"
    return _absolute(hit, "h_wd", m)


def _h_numeric(m, text, published):
    if m.group("n_s1") != m.group("n_s1b") or m.group("n_s2") != m.group("n_s2b"):
        return None  # "2021-07/12": not one date
    if m.group("n_iy"):
        y, mo, d = int(m.group("n_iy")), int(m.group("n_im")), int(m.group("n_id"))
    else:
        raw_year = m.group("n_y")
        if len(raw_year) == 2:
            if m.group("n_s2") != "/":
                return None
            raw_year = ("20" if int(raw_year) < 70 else "19") + raw_year
        y, d, mo = int(raw_year), int(m.group("n_d")), int(m.group("n_m"))
        if mo > 12 and d <= 12:  # day-first is the rule on Arab sites; "07/12/2021" can't be day 12 of month 13
            d, mo = mo, d
    day = _date(y, mo, d)
    if day is None:
        return None
    return _Hit(m.start(), m.end(), day, day, "day", "numeric", pre=_pre(m, "n_pre"), label=_gregorian_label(day))


def _h_hmonth(m, text, published):
    month = _hijri_month(m.group("hm_m"))
    if month is None:
        return None
    year = int(m.group("hm_y"))
    hit = _Hit(m.start(), m.end(), None, None, "unknown", "hijri", pre=_pre(m, "hm_pre"),
               label=f"{HIJRI_MONTH_NAMES[month]} {year}")
    span = _hijri_month_range(year, month)
    if span:
        hit.date_start, hit.date_end = span
        hit.precision = "month"
    return hit


def _h_hyear(m, text, published):
    year = int(m.group("hy_y"))
    hit = _Hit(m.start(), m.end(), None, None, "unknown", "hijri", pre=_pre(m, "hy_pre"), label=f"{year} AH")
    first, last = _hijri_month_range(year, 1), _hijri_month_range(year, 12)
    if first and last:
        hit.date_start, hit.date_end, hit.precision = first[0], last[1], "year"
    return hit


def _h_month(m, text, published):
    year = int(m.group("m_y")) if m.group("m_y") else None
    pre = _pre(m, "m_pre")
    if year is None and not pre:
        return None
    if not _month_ok(m, "m_m", text, year is not None):
        return None
    month = _month_number(m.group("m_m"))
    hit = _Hit(m.start(), m.end(), None, None, "unknown", "gregorian", pre=pre)
    if year is None:
        if published is None:
            return hit
        words = pre.split()
        if words and words[0] == "next":
            year = published.year + (month <= published.month)
        elif words and words[0] == "this":
            year = published.year
        elif words and words[0] == "last":  # strictly before the publication month
            year = published.year - (month >= published.month)
        else:  # "in February": the publication month itself may be meant
            year = published.year - (month > published.month)
    hit.date_start, hit.date_end = _month_range(year, month)
    hit.precision = "month"
    hit.label = f"{MONTH_NAMES[month]} {year}"
    return hit


def _h_year(m, text, published):
    year = int(m.group("yr_y"))
    return _Hit(m.start(), m.end(), dt.date(year, 1, 1), dt.date(year, 12, 31), "year", "gregorian",
                pre=_pre(m, "yr_pre"), label=str(year))


_RELDAY_OFFSET = {"today": 0, "tonight": 0, "this morning": 0, "this evening": 0, "this afternoon": 0,
                  "yesterday": -1, "last night": -1, "the day before yesterday": -2, "tomorrow": 1}


def _h_relday(m, text, published):
    word = " ".join(m.group("r_w").split())
    hit = _Hit(m.start(), m.end(), None, None, "unknown", pre=_pre(m, "r_pre"))
    if published is None:
        return hit
    day = published + dt.timedelta(days=_RELDAY_OFFSET[word])
    if m.group("r_wd"):
        wd = WEEKDAYS.index(m.group("r_wd"))
        if day.weekday() != wd:
            named = _nearest_weekday(day, wd)
            hit.notes.append(f"'{text[m.start():m.end()]}': {word} would be {day.isoformat()}, a "
                             f"{WEEKDAY_NAMES[day.weekday()]}; took the {WEEKDAY_NAMES[wd]} it names, "
                             f"{named.isoformat()}")
            day = named
    hit.date_start = hit.date_end = day
    hit.precision = "day"
    return hit


def _h_weekday(m, text, published):
    pre = _pre(m, "w_pre")
    tod = (m.group("w_tod") or "").strip()
    hit = _Hit(m.start(), m.end(), None, None, "unknown", pre=pre)
    if published is None:
        return hit
    d1 = WEEKDAYS.index(m.group("w_d1"))
    first = pre.split()[0] if pre else ""
    if m.group("w_d2"):
        d2 = WEEKDAYS.index(m.group("w_d2"))
        gap = (d2 - d1) % 7
        end = _recent_weekday(published, d2, strictly_before=first in ("last", "previous"))
        if first in ("next", "coming"):
            end = _next_weekday(published, d2)
        start = end - dt.timedelta(days=gap)
    else:
        if first in ("next", "coming"):
            start = _next_weekday(published, d1)
        else:
            start = _recent_weekday(published, d1, strictly_before=first in ("last", "previous"))
        end = start
        at_night = "night" in pre or "overnight" in pre or tod in ("night", "overnight", "midnight")
        if at_night and first not in ("late", "early"):
            end = min(start + dt.timedelta(days=1), max(published, start))
    hit.date_start, hit.date_end = start, end
    hit.precision = _range_precision(start, end)
    return hit


def _h_ago(m, text, published):
    hit = _Hit(m.start(), m.end(), None, None, "unknown")
    if published is None:
        return hit
    n = _number(m.group("g_n"))
    unit = m.group("g_u").rstrip("s")
    if n is None:  # "a few days ago", "several weeks ago"
        if unit != "day":
            return hit
        start, end = published - dt.timedelta(days=FEW_DAYS), published - dt.timedelta(days=1)
        hit.date_start, hit.date_end, hit.precision = start, end, "week"
        return hit
    if unit == "day":
        day = published - dt.timedelta(days=n)
        hit.date_start, hit.date_end, hit.precision = day, day, "day"
    elif unit == "week":
        middle = published - dt.timedelta(days=7 * n)
        hit.date_start, hit.date_end = middle - dt.timedelta(days=3), min(middle + dt.timedelta(days=3), published)
        hit.precision = "week"
    elif unit == "month":
        hit.date_start, hit.date_end = _month_range(*_add_months(published.year, published.month, -n))
        hit.precision = "month"
    else:
        hit.date_start, hit.date_end = dt.date(published.year - n, 1, 1), dt.date(published.year - n, 12, 31)
        hit.precision = "year"
    return hit


_THIS = ("this", "current", "earlier this", "later this")


def _h_period(m, text, published):
    mod = " ".join((m.group("p_mod") or "").split())
    unit = m.group("p_u")
    if not mod and not (unit == "weekend" and m.group("p_the") and not m.group("p_n")):
        return None  # "the weekend" stands alone; "the days", "two years" are not dates
    if m.group("p_u") == "day" and mod != "past":
        return None  # "the next day", "the previous day": relative to a date in the story, not to publication
    hit = _Hit(m.start(), m.end(), None, None, "unknown", pre=_pre(m, "p_pre"))
    if published is None:
        return hit

    plural = unit.endswith("s") and unit != "hours"
    unit = unit.rstrip("s") if unit != "hours" else "hour"
    raw_n = m.group("p_n")
    n = _number(raw_n)
    if unit == "hour" and n is None:
        n = 24
    rolling = bool(m.group("p_the")) or mod in ("past", "recent") or (raw_n is not None)
    p = published
    one = dt.timedelta(days=1)
    if mod in ("next", "coming"):
        if n is None and plural:  # "in the coming days / weeks / months"
            n = {"day": FEW_DAYS, "week": 4, "month": 3, "year": 3}[unit]
        if unit == "day":
            start, end = p + one, p + dt.timedelta(days=n or FEW_DAYS)
        elif unit == "week":
            start, end = p + one, p + dt.timedelta(days=7 * (n or 1))
        elif unit == "weekend":
            start = _next_weekday(p, 4)
            end = start + 2 * one
        elif unit == "month":
            start, _ = _month_range(*_add_months(p.year, p.month, 1))
            _, end = _month_range(*_add_months(p.year, p.month, n or 1))
        elif unit == "year":
            start, end = dt.date(p.year + 1, 1, 1), dt.date(p.year + (n or 1), 12, 31)
        else:
            start, end = p, p + dt.timedelta(days=-(-n // 24))
    elif mod in _THIS:
        if unit in ("week", "day"):
            start, end = p - 6 * one, p
        elif unit == "weekend":
            start = _recent_weekday(p, 4)
            end = min(start + 2 * one, p)
        elif unit == "month":
            start, end = dt.date(p.year, p.month, 1), p
        elif unit == "year":
            start, end = dt.date(p.year, 1, 1), p
        else:
            start, end = p, p
        if mod == "later this":
            end = {"month": _month_range(p.year, p.month)[1], "year": dt.date(p.year, 12, 31)}.get(unit, p + 6 * one)
            start = p
    elif unit == "hour":
        start, end = p - dt.timedelta(days=max(1, -(-n // 24))), p
    elif unit == "weekend":  # Friday to Sunday covers the Arab (Fri-Sat) and the Western (Sat-Sun) weekend
        start = _recent_weekday(p, 4, strictly_before=True)
        end = min(start + 2 * one, p)
    elif unit == "day":  # "the past days" is a few days; "the last day" is one
        start, end = p - dt.timedelta(days=n if n is not None else (FEW_DAYS if plural else 1)), p
    elif unit == "week":
        if n is None and plural:  # "recent weeks", "the past weeks"
            start, end = p - dt.timedelta(days=28), p
        elif rolling:
            start, end = p - dt.timedelta(days=7 * (n or 1)), p
        else:  # "last week": the seven days before the publication day (see module notes)
            start, end = p - 7 * one, p - one
    elif unit == "month":
        if n is None and plural:
            start, end = p - dt.timedelta(days=90), p
        elif rolling:
            start, end = p - dt.timedelta(days=30 * (n or 1)), p
        else:  # "last month": the previous calendar month
            start, end = _month_range(*_add_months(p.year, p.month, -1))
            hit.date_start, hit.date_end, hit.precision = start, end, "month"
            return hit
    else:  # year
        if n is None and plural:
            start, end = p - dt.timedelta(days=3 * 365), p
        elif rolling:
            start, end = p - dt.timedelta(days=365 * (n or 1)), p
        else:  # "last year": the previous calendar year
            hit.date_start, hit.date_end, hit.precision = dt.date(p.year - 1, 1, 1), dt.date(p.year - 1, 12, 31), "year"
            return hit
    hit.date_start, hit.date_end = start, end
    hit.precision = _range_precision(start, end)
    if unit == "week" or (unit in ("month", "year") and mod in _THIS):
        # "this month" read on the 3rd is still a month-level date, "the past week" a week-level one
        hit.precision = max(hit.precision, unit, key=_PRECISION_ORDER.index)
    return hit


_HANDLERS = {
    "xrange": _h_xrange, "yrange": _h_yrange, "dmy": _h_dmy, "mdy": _h_mdy, "hijri": _h_hijri,
    "numeric": _h_numeric, "hmonth": _h_hmonth, "hyear": _h_hyear, "month": _h_month, "year": _h_year,
    "relday": _h_relday, "weekday": _h_weekday, "ago": _h_ago, "period": _h_period,
}
assert set(_HANDLERS) == set(_FAMILY_INDEX)


# ---------------------------------------------------------------------------------------------
# scanning

# Same-length ASCII stand-ins for the non-ASCII characters dates are written with; anything else
# non-ASCII becomes "?" (one character each), so a position in the fold is a position in the text.
_FOLD_CHARS = (("\u2019", "'"), ("\u2018", "'"), ("\u02bf", "'"), ("\u02bb", "'"), ("\u00b4", "'"),
               ("\u2013", "-"), ("\u2014", "-"), ("\u2012", "-"), ("\u2010", "-"), ("\u2011", "-"),
               ("\u00a0", " "), ("\u202f", " "), ("\u2009", " "), ("\u2007", " "),
               ("\u0101", "a"), ("\u012b", "i"), ("\u016b", "u"), ("\u1e0d", "d"), ("\u1e25", "h"))


def _fold(text: str) -> str:
    """Lower-cased ASCII copy of `text`, character for character (so spans stay valid)."""
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer (e.g. dotted I): keep it
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if low.isascii():
        return low
    for char, ascii_char in _FOLD_CHARS:
        if char in low:
            low = low.replace(char, ascii_char)
    return low.encode("ascii", "replace").decode("ascii")


def _as_date(published: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(published, dt.datetime):
        return published.date()
    return published


# Every match holds one of these words (or digits), so the scanner only looks near them: a pass
# of the whole pattern at every word costs ~4.5 us a word (7 ms for 1,000 words), looking near
# anchors ~0.5 ms.
_ANCHOR_WORDS = frozenset(WEEKDAYS) | frozenset(MONTHS) | {
    "today", "yesterday", "tonight", "tomorrow", "day", "days", "night", "nights", "morning", "evening",
    "afternoon", "ago", "week", "weeks", "weekend", "month", "months", "year", "years", "hour", "hours"}
_ANCHOR_KEYWORDS = KeywordSet(r"\b" + w for w in _ANCHOR_WORDS)   # found where words begin, in one pass
# Words a match may begin with, before its anchor: the first words of every family's prefixes
# (kept in step with FAMILIES by test_dates.test_anchored_scan_finds_what_a_full_scan_finds).
START_WORDS = _ANCHOR_WORDS | frozenset(NUMBER_WORDS) | {
    "on", "between", "from", "since", "until", "till", "by", "of", "around", "about", "starting",
    "beginning", "as", "during", "in", "over", "for", "the", "overnight", "early", "late", "mid", "last",
    "this", "next", "earlier", "later", "at", "end", "summer", "spring", "autumn", "fall", "winter",
    "through", "throughout", "before", "after", "shortly", "past", "previous", "preceding", "recent",
    "coming", "current", "within", "dawn", "eve", "few", "several", "couple"}
# The words a match may hold before its anchor: a date pattern spells them (the letters of the
# patterns, every run of them, with more than the words: "pre", "a", "z" come from the
# patterns' group names and classes), or they are in a Hijri month's name. A start before a
# word that is neither cannot reach the anchor ("the bodies of 30": not from "the").
_DATE_WORDS = frozenset(re.findall(r"[a-z]+", " ".join(p for _, p in FAMILIES))) | START_WORDS
# where, before an anchor, a match may start: a word of START_WORDS, or a Hijri month ("Ramadan 1444")
_LETTER_WORD = re.compile(r"(?<![a-z0-9])[a-z]+")
_HIJRI_AT = re.compile(_HMON)
_HIJRI_INITIALS = frozenset("adjmrstz")
_DIGITS = re.compile(r"[0-9]+")
# How far before its anchor a match may start. Calibration: the longest prefix in FAMILIES,
# "throughout the preceding a couple of " (37 characters), with every gap at MAX_GAP blanks is 67.
ANCHOR_LOOKBACK = 80


def _anchors(low: str) -> list[int]:
    """Where digits or an anchor word begin in `low` (an ASCII fold). A word begins where a
    run of letters and digits does, and is its letters up to the first digit or the end: "days"
    in "days", "days3" and "days'", not in "3days" or "daystar"."""
    found = {m.start() for m in _DIGITS.finditer(low)}
    keywords, n = _ANCHOR_KEYWORDS.keywords, len(low)
    for k, start in _ANCHOR_KEYWORDS.found_at(low.replace("_", " ") if "_" in low else low):
        end = start + len(keywords[k]) - len(r"\b")
        if end == n or not ("a" <= low[end] <= "z"):
            found.add(start)
    return sorted(found)


def _widen_since(hit: _Hit, published: dt.date | None) -> _Hit:
    """"since Wednesday", "since January 20th": from that date up to the publication date."""
    if published is not None and hit.date_end is not None and hit.date_end < published \
            and hit.pre.split()[:1] == ["since"]:
        hit.date_end = published
        hit.precision = max(hit.precision, _range_precision(hit.date_start, published), key=_PRECISION_ORDER.index)
    return hit


def _match_at(low: str, i: int, cover: int, text: str, published: dt.date | None) -> _Hit | None:
    """The first family (in FAMILIES order) that matches at `i`, reaches past `cover` and is a date."""
    found = _MASTER.match(low, i)
    if found is None or found.end() <= cover:
        return None
    family = found.lastgroup
    hit = _handle(family, _FAMILY_RX[_FAMILY_INDEX[family]][1].match(low, i), text, published)
    if hit is None:
        for name, rx in _FAMILY_RX[_FAMILY_INDEX[family] + 1:]:
            m = rx.match(low, i)
            if m is not None and m.end() > cover:
                hit = _handle(name, m, text, published)
                if hit is not None:
                    break
    return hit


def _handle(family: str, m: re.Match, text: str, published: dt.date | None) -> _Hit | None:
    try:
        hit = _HANDLERS[family](m, text, published)
        return _widen_since(hit, published) if hit is not None else None
    except (ValueError, OverflowError):  # beyond year 1 or 9999 from an extreme publication date
        return None


def _scan(text: str, published: dt.date | None, limit: int | None = None, low: str | None = None) -> list[_Hit]:
    """`low`: `_fold` of the text scanned, when the caller has it already."""
    low = low if low is not None else _fold(text if limit is None else text[:limit])
    hits: list[_Hit] = []
    pos = 0
    # A start that found no date for one anchor finds none for a later one (the match there is
    # the same and would have to reach even further), so each start is tried once.
    tried: set[int] = set()
    for anchor in _anchors(low):
        if anchor < pos:
            continue
        starts = []
        hijri_end = -1   # the end of the last Hijri month's name begun in the window
        for word in _LETTER_WORD.finditer(low, max(pos, anchor - ANCHOR_LOOKBACK), anchor):
            w = word.group()
            if w in START_WORDS:
                starts.append(word.start())
                continue
            hijri = _HIJRI_AT.match(low, word.start()) if w[0] in _HIJRI_INITIALS else None
            if hijri:
                starts.append(word.start())
                hijri_end = max(hijri_end, hijri.end())
            elif w not in _DATE_WORDS and word.end() > hijri_end:
                starts.clear()   # no match from before this word reaches the anchor
        starts.append(anchor)
        for i in starts:
            if i in tried:
                continue
            tried.add(i)
            hit = _match_at(low, i, anchor, text, published)
            if hit is not None:
                hits.append(hit)
                pos = hit.end
                break
    return hits


def _scan_every_word(text: str, published: dt.date | None) -> list[_Hit]:
    """The slow reference for _scan: tries the patterns at every word, not only near anchors."""
    low = _fold(text)
    hits: list[_Hit] = []
    pos = 0
    while (m := _MASTER.search(low, pos)) is not None:
        hit = _match_at(low, m.start(), m.start(), text, published)
        if hit is None:
            pos = m.start() + 1
            continue
        hits.append(hit)
        pos = hit.end
    return hits


# "the previous day", "the day before", "the following night", "the same day": a day counted
# from the date the story last gave (not "the day before yesterday": a relative day of its own).
# Both patterns begin with a literal "the", which the regex engine looks for before trying the
# rest (a leading optional "on" or a preposition made them cost 0.25 ms a 1,000-word article).
_ANAPHORA = re.compile(r"the\s+(?:(?P<dir>previous|preceding|following|next|same)\s+"
                       r"(?:day|night|morning|evening|afternoon)|day\s+(?P<dir2>before|after)"
                       r"(?!\s+(?:yesterday|tomorrow)))(?![a-z]|-[a-z])")
_ON_BEFORE = re.compile(r"\bon\s+$")
# "at the end of the month", "by the end of the week", "at the beginning of the month"
_EDGE = re.compile(r"the\s+(?P<edge>end|beginning|start|middle)\s+of\s+the\s+(?P<unit>week|month)(?![a-z])(?!\s+of\b)")
_EDGE_BEFORE = re.compile(r"\b(?:at|by|towards?|near|around|in|until|till)\s+$")
_SENTENCE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+(?=[^a-z\s])|\n")
_EDGE_DAYS = {"beginning": (1, 10), "start": (1, 10), "middle": (11, 20), "end": (21, 31)}


def _told_day(hits: list[_Hit], pos: int) -> _Hit | None:
    """The last date before `pos` the story gave, if it is one day."""
    for h in reversed(hits):
        if h.end <= pos:
            return h if h.date_start is not None and h.precision == "day" and h.date_start == h.date_end else None
    return None


def _anaphoric(text: str, low: str, hits: list[_Hit], published: dt.date | None) -> list[_Hit]:
    """Days and parts of a week or month counted from the story's own date: "On 12 March police
    found two bodies. Gunmen had killed them the previous day" is 11 March. A day is counted
    only from a single day told in an earlier sentence. "at the end of the month" is the last
    ten days of the month of the last date given (of publication, else), the month before when
    those days lie after publication."""
    out: list[_Hit] = []
    for m in _ANAPHORA.finditer(low):
        if m.start() and low[m.start() - 1].isalnum():
            continue  # "breathe next day"
        on = _ON_BEFORE.search(low, max(0, m.start() - 8), m.start())
        start = on.start() if on else m.start()
        told = _told_day(hits, start)
        if told is None or not _SENTENCE_BREAK.search(text, told.end - 1, m.start() + 1):
            # in the sentence of its date, or with none before, such a day is most often a
            # background incident's ("On 1 May, residents protested the killing of a driver
            # the previous day"; "a child died of wounds received the day before"): on the
            # ACLED notes, read so, it moved 11 events off their coded day and none onto it
            continue
        way = m.group("dir") or m.group("dir2")
        step = {"previous": -1, "preceding": -1, "before": -1, "same": 0}.get(way, 1)
        day = told.date_start + dt.timedelta(days=step)
        if published is not None and day > published:
            continue
        out.append(_Hit(start, m.end(), day, day, "day", label=_gregorian_label(day)))
    for m in _EDGE.finditer(low):
        prep = _EDGE_BEFORE.search(low, max(0, m.start() - 10), m.start())
        if prep is None or m.start() and low[m.start() - 1].isalnum():
            continue
        before = [h for h in hits if h.end <= prep.start() and h.date_end is not None]
        anchor = before[-1].date_end if before else published
        if anchor is None:
            continue
        if m.group("unit") == "week":
            start, end = anchor - dt.timedelta(days=6), anchor
        else:
            first, last = _EDGE_DAYS[m.group("edge")]
            y, mo = anchor.year, anchor.month
            if published is not None and not before and _date(y, mo, first) > published:
                y, mo = _add_months(y, mo, -1)
            month_end = _month_range(y, mo)[1]
            start, end = _date(y, mo, first), _date(y, mo, min(last, month_end.day))
        out.append(_Hit(prep.start(), m.end(), start, end, _range_precision(start, end)))
    return out


def find_dates(text: str, published: dt.date | None, *, notes: list[str] | None = None) -> list[DateMention]:
    """Every date expression in `text`, in order, with spans into `text`, resolved against `published`.

    Relative expressions get no date (precision "unknown") when `published` is None; absolute
    ones resolve regardless. Pass a list as `notes` to collect what a reader should know (a named
    weekday that disagrees with the date it stands with).
    """
    published = _as_date(published)
    if not text:
        return []
    low = _fold(text)
    hits = _scan(text, published, low=low)
    extra = [h for h in _anaphoric(text, low, hits, published)
             if not any(o.start < h.end and h.start < o.end for o in hits)]
    if extra:
        hits = sorted(hits + extra, key=lambda h: h.start)
    if notes is not None:
        for h in hits:
            notes.extend(h.notes)
    return [h.mention(text) for h in hits]


def resolve_date(expression: str, published: dt.date | None, *,
                 notes: list[str] | None = None) -> DateMention | None:
    """One date expression resolved against `published`; the span is the whole expression.

    When the expression holds more than one date, the longest one is used. None when it holds none.
    """
    published = _as_date(published)
    hits = _scan(expression, published) if expression else []
    if not hits:
        return None
    best = max(hits, key=lambda h: (h.end - h.start, -h.start))
    if notes is not None:
        notes.extend(best.notes)
    m = best.mention(expression)
    return DateMention(0, len(expression), expression, m.date_start, m.date_end, m.precision)


# ---------------------------------------------------------------------------------------------
# the dateline

_DATELINE_KEYWORD = re.compile(r"(?:published|posted|updated|dated?|issued)\b[^\n]{0,20}$", re.IGNORECASE)
_DATELINE_JOIN = re.compile(r"[\s\-–—|/,:;()\[\]]*(?:(?:corresponding|corresponds|equivalent|equal)\s+to|=)?"
                            r"[\s\-–—|/,:;()\[\]]*", re.IGNORECASE)
_DATELINE_CALENDARS = ("gregorian", "numeric", "hijri")


def _full_day(hit: _Hit) -> bool:
    return (hit.calendar in _DATELINE_CALENDARS and hit.precision == "day" and hit.date_start is not None
            and hit.date_start == hit.date_end and not hit.pre.startswith(("between", "from", "since", "until",
                                                                          "till", "by", "around", "about")))


def _looks_like_dateline(text: str, hit: _Hit) -> bool:
    line_start = text.rfind("\n", 0, hit.start) + 1
    line_end = text.find("\n", hit.end)
    line_end = len(text) if line_end < 0 else line_end
    lead = text[line_start:hit.start]
    if _DATELINE_KEYWORD.search(lead):
        return True
    if hit.pre:  # "On 12 July 2021, ..." opens a sentence about an event
        return False
    return len(text[line_start:line_end].strip()) <= DATELINE_MAX_LINE or len(lead.strip()) <= DATELINE_MAX_LEAD


def find_publication_date(text: str) -> PublicationDate | None:
    """The dateline near the top of an article, cross-checked between calendars and the weekday.

    Returns None when the first DATELINE_WINDOW characters hold no full date standing as a
    dateline. When Hijri and Gregorian disagree by more than a day the Gregorian date is taken,
    check is "mismatch" and `warning` says why; a weekday that fits neither adds a warning too.
    """
    if not text:
        return None
    hits = _scan(text, None, limit=DATELINE_WINDOW)
    for i, first in enumerate(hits):
        if not (_full_day(first) and _looks_like_dateline(text, first)):
            continue
        cluster = [first]
        for nxt in hits[i + 1:]:
            gap = text[cluster[-1].end:nxt.start]
            if len(gap) > 40 or "\n" in gap or not _DATELINE_JOIN.fullmatch(gap) or not _full_day(nxt):
                break
            if (nxt.calendar == "hijri") == any(h.calendar == "hijri" for h in cluster):
                break  # a second date of the same calendar is not part of this dateline
            cluster.append(nxt)
        start, end = cluster[0].start, cluster[-1].end
        weekday = next((h.weekday for h in cluster if h.weekday is not None), None)
        if weekday is None and i > 0:  # "Monday | 12/07/2021": the weekday as a hit of its own
            before = hits[i - 1]
            wd_match = re.fullmatch(_WD, _fold(text[before.start:before.end]).strip())
            if wd_match and before.end <= start and _DATELINE_JOIN.fullmatch(text[before.end:start]) \
                    and "\n" not in text[before.end:start]:
                weekday = WEEKDAYS.index(wd_match.group())
                start = before.start
        return _check_dateline(text, start, end, cluster, weekday)
    return None


def _check_dateline(text: str, start: int, end: int, cluster: list[_Hit], weekday: int | None) -> PublicationDate:
    greg = next((h for h in cluster if h.calendar != "hijri"), None)
    hijri = next((h for h in cluster if h.calendar == "hijri"), None)
    warnings: list[str] = []
    if greg and hijri:
        date = greg.date_start
        if abs((greg.date_start - hijri.date_start).days) <= HIJRI_TOLERANCE_DAYS:
            check = "hijri+gregorian agree"
        else:
            check = "mismatch"
            warnings.append(f"dateline mismatch: Hijri {hijri.label} = {hijri.date_start.isoformat()} "
                            f"but Gregorian {greg.label}")
    elif greg:
        date, check = greg.date_start, "gregorian only"
    else:
        date, check = hijri.date_start, "hijri only"
        if weekday is not None and date.weekday() != weekday:
            for shift in range(-HIJRI_TOLERANCE_DAYS, HIJRI_TOLERANCE_DAYS + 1):
                moved = date + dt.timedelta(days=shift)
                if moved.weekday() == weekday:
                    warnings.append(f"dateline Hijri {hijri.label} = {date.isoformat()} by Umm al-Qura; took "
                                    f"{moved.isoformat()}, the {WEEKDAY_NAMES[weekday]} it names (month starts "
                                    f"vary with moon sighting)")
                    date = moved
                    break
    if weekday is not None and date.weekday() != weekday:
        warnings.append(f"dateline weekday mismatch: {WEEKDAY_NAMES[weekday]} named, but {date.isoformat()} "
                        f"is a {WEEKDAY_NAMES[date.weekday()]}")
    return PublicationDate(date, text[start:end], start, end, check, "; ".join(warnings) or None)
