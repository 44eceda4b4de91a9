"""Who said it, and what numbers they gave: attribution and casualty counts.

Attribution: the outlet that published or relayed a sentence (Reuters, Sputnik, the
Syrian Observatory...) and the claimant who said it (an unnamed US defense official,
local sources, the Pentagon). Counts: fatalities and injuries in digits or words,
with "no casualties" read as 0 and "no information about the losses" as unknown.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

# Outlets: canonical name -> pattern. News agencies, TV, monitors and sites common in
# Middle East conflict reporting, plus the big international ones.
OUTLETS: dict[str, str] = {
    "Reuters": r"reuters",
    "AFP": r"\bAFP\b|agence\s+france[- ]presse|france\s+press",
    "Associated Press": r"associated\s+press|\bAP\b(?=\s+(?:news|reported|said|quoted|that))",
    "Al-Mayadeen": r"al-?\s?mayadeen|al-?\s?mayadin",
    "Sputnik": r"sputnik",
    "SANA": r"\bSANA\b|syrian\s+arab\s+news\s+agency",
    "Syrian TV": r"syrian\s+(?:state\s+)?(?:tv|television)",
    "Syrian Observatory for Human Rights": r"syrian\s+observatory(?:\s+for\s+human\s+rights)?|\bSOHR\b",
    "The New York Times": r"new\s+york\s+times|\bNYT\b",
    "The Washington Post": r"washington\s+post",
    "The Wall Street Journal": r"wall\s+street\s+journal",
    "CNN": r"\bCNN\b",
    "BBC": r"\bBBC\b",
    "Al Jazeera": r"al\s?-?jazeera",
    "Al Arabiya": r"al\s?-?arabiya",
    "Asharq Al-Awsat": r"asharq\s+al-?awsat",
    "Rudaw": r"rudaw",
    "Kurdistan 24": r"kurdistan\s*24",
    "North Press": r"north\s+press",
    "Hawar News Agency": r"hawar\s+news|\bANHA\b",
    "Anadolu Agency": r"anadolu",
    "TASS": r"\bTASS\b",
    "RIA Novosti": r"\bRIA\b(?:\s+novosti)?",
    "Xinhua": r"xinhua",
    "IRNA": r"\bIRNA\b",
    "Tasnim": r"tasnim",
    "Fars": r"\bfars\s+news|\bfars\b(?=\s+(?:agency|reported|said))",
    "Press TV": r"press\s?tv",
    "Deir Ezzor 24": r"deir\s*ez-?zor\s*24|deirezzor\s*24",
    "Enab Baladi": r"enab\s+baladi",
    "Step News": r"step\s+news",
    "Shaam Network": r"shaam\s+network|\bSHAM\b(?=\s+(?:network|news))",
    "Syria TV": r"syria\s+tv",
    "Al-Hadath": r"al-?hadath",
    "Al-Manar": r"al-?manar",
    "Tolo News": r"tolo\s*news",
    "Pajhwok": r"pajhwok",
}
_OUTLET_NAMES = list(OUTLETS)
# one pass over the text for all outlets


# Outlets that are also first-hand claimants (monitors that count the dead themselves).
MONITORS = {"Syrian Observatory for Human Rights"}

_REPORT_VERB = (r"(?:said|says|say|reported|reports|report|told|quoted|quoting|confirmed|confirms|announced|"
                r"announces|stated|states|added|adds|claimed|claims|denied|denies|commented|warned|"
                r"acknowledged|stressed|noted|indicated|revealed|explained|mentioned|promised|suggested|"
                r"insisted|tweeted|posted|wrote|published|documented|as\s+saying)")

# Claimant noun phrases: an optional determiner and modifiers, then a head noun that speaks.
_CLAIMANT_HEAD = (r"(?:officials?|sources?|correspondents?|spokes(?:man|woman|person)|reporters?|activists?|"
                  r"witnesses|eyewitnesses|residents|medics|doctors|ministry|command|observatory|monitor|"
                  r"agency|statement|authorities|commander|governor|pentagon|military|army|police)")
_CLAIMANT_RX = re.compile(
    r"\b(?:(?:an?|the|one|two|several|some)\s+)?"
    r"((?:(?:unnamed|senior|local|official|military|security|medical|informed|field|private|"
    r"US|U\.S\.|American|Iranian|Russian|Syrian|Iraqi|Kurdish|Turkish|Israeli|Afghan|government|"
    r"defen[cs]e|defense|opposition|regime|tribal|humanitarian|western|(?-i:[A-Z])[\w'-]+)\s+){0,4}"
    + _CLAIMANT_HEAD + r"(?:\s+(?:of|for|in|from)\s+(?:the\s+)?(?:(?-i:[A-Z])[\w'-]+|Iranian\s+advis[eo]rs|[a-z]+\s+advis[eo]rs)"
    r"(?:\s+(?:for\s+|of\s+)?(?-i:[A-Z])[\w'-]+){0,3})?)",
    re.IGNORECASE)

_PERSON_SAID = re.compile(
    r"\b((?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+){0,2}[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s*,?\s+"
    r"(?:said|says|stressed|added|promised|noted|told|confirmed|announced|explained|warned|acknowledged|stated)\b")
_NOT_PERSON = {"The", "A", "An", "He", "She", "They", "It", "We", "This", "That", "These", "Those", "And", "But",
               "Local", "Earlier", "Later", "Commenting", "During", "On", "In", "At", "Sources", "Washington",
               "Moscow", "Tehran", "Damascus", "Baghdad", "Ankara", "Source", "Officials", "Reports"}

_ANAPHOR = re.compile(r"^\s*(?:the|these|those|this|that)\s+(source|sources|correspondent|observatory|official|"
                      r"officials|agency|spokesman|ministry|newspaper|monitor)\b", re.IGNORECASE)


@dataclass
class Attribution:
    source: str | None     # outlet that published or relayed it
    claimant: str | None   # who said it
    start: int = -1        # span of the claimant words in the sentence, -1 when none
    end: int = -1


def _clean_np(np: str) -> str:
    np = re.sub(r"^(?:an?|the|one)\s+", "", np.strip(), flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", np)


class AttributionReader:
    """Reads attribution sentence by sentence, remembering earlier claimants of the
    document so that 'the sources said' resolves to the sources named before."""

    def __init__(self, publisher: str | None):
        self.publisher = publisher
        self.recent: list[Attribution] = []
        self.people: list[str] = []

    def person(self, name: str) -> str:
        """One person named twice under different spellings in one document is one claimant:
        'Brissette' and 'Jeffrey Brisket' both resolve to an earlier 'Jeffrey Brissette'."""
        parts = name.split()
        for known in self.people:
            kparts = known.split()
            if name == known:
                return known
            if len(parts) == 1 and fuzz.ratio(parts[0].lower(), kparts[-1].lower()) >= 80:
                return known
            if len(parts) >= 2 and parts[0] == kparts[0] and fuzz.ratio(parts[-1].lower(), kparts[-1].lower()) >= 70:
                return known
        if len(parts) >= 2:
            self.people.append(name)
        return name

    def read(self, sentence: str) -> Attribution:
        outlets = outlet_spans(sentence)
        has_verb = re.search(r"\b" + _REPORT_VERB + r"\b|according\s+to", sentence, re.IGNORECASE)
        if not has_verb and not outlets:
            m = _ANAPHOR.match(sentence)
            if not m:
                return Attribution(self.publisher, None)
        att = self._read(sentence, outlets, bool(has_verb))
        if att.claimant or att.source != self.publisher:
            self.recent.append(att)
        return att

    def _read(self, sentence: str, outlets, has_verb: bool) -> Attribution:
        source = outlets[0][2] if outlets else self.publisher
        # "X quoted Y as saying", "according to Y", "Y told X", "Y said"
        m = re.search(r"quot(?:ed|ing)\s+(.{3,120}?)\s+as\s+saying", sentence, re.IGNORECASE)
        if m:
            np = _CLAIMANT_RX.search(m.group(1))
            claimant = _clean_np(np.group(1)) if np else _clean_np(m.group(1))
            return Attribution(source, claimant, m.start(1), m.end(1))
        anaphor = _ANAPHOR.match(sentence)
        if anaphor:
            head = anaphor.group(1).lower().rstrip("s")
            for prev in reversed(self.recent):
                if prev.claimant and head in prev.claimant.lower():
                    return Attribution(prev.source, prev.claimant, anaphor.start(1), anaphor.end(1))
                if prev.source and head in prev.source.lower():
                    return Attribution(prev.source, prev.claimant or prev.source, anaphor.start(1), anaphor.end(1))
        m = re.search(r"according\s+to\s+(.{3,120}?)(?:[,.;]|$)", sentence, re.IGNORECASE)
        if m:
            np = _CLAIMANT_RX.search(m.group(1))
            if np:
                return Attribution(source, _clean_np(np.group(1)), m.start(1) + np.start(1), m.start(1) + np.end(1))
            if outlets:
                return Attribution(source, source if source in MONITORS else None)
        person = _PERSON_SAID.search(sentence)
        if person and person.group(1).split()[0] not in _NOT_PERSON and not any(
                s <= person.start(1) < e for s, e, _ in outlets):
            return Attribution(source, self.person(person.group(1)), person.start(1), person.end(1))
        if has_verb:
            for np in _CLAIMANT_RX.finditer(sentence):
                words = _clean_np(np.group(1))
                if any(s <= np.start(1) < e or np.start(1) <= s < np.end(1) for s, e, _ in outlets):
                    # "Al-Mayadeen sources", "an al-Mayadeen correspondent": outlet and claimant both
                    return Attribution(source, words, np.start(1), np.end(1))
                return Attribution(source, words, np.start(1), np.end(1))
        if outlets and has_verb:
            return Attribution(source, source if source in MONITORS else None)
        return Attribution(source, None)


# ---------------------------------------------------------------- numbers

_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "dozens": 12, "a dozen": 12, "dozen": 12, "several": 3,
    "a few": 3, "few": 3, "scores": 20, "hundreds": 100, "tens": 10, "a number": 3, "some": 3,
    "single": 1, "both": 2, "couple": 2, "a couple": 2, "many": 10,
}
# "dozens", "several": ACLED codes vague counts low; the values above follow its guidance
# of coding the lowest number the words allow (e.g. "several" = 3, "dozens" = 12).

NUM = (r"(?P<num>\d{1,5}|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|"
       r"six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
       r"fifteen|sixteen|seventeen|eighteen|nineteen|a\s+dozen|dozens|several|a\s+few|scores|hundreds|an?|both)")


def parse_number(word: str) -> int | None:
    w = re.sub(r"\s+", " ", word.lower().strip())
    if w.isdigit():
        return int(w)
    if w in _WORD_NUMBERS:
        return _WORD_NUMBERS[w]
    m = re.match(r"(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](\w+)", w)
    if m and m.group(2) in _WORD_NUMBERS:
        return _WORD_NUMBERS[m.group(1)] + _WORD_NUMBERS[m.group(2)]
    return None


_VICTIM = (r"(?:(?:\w+[- ])?(?:civilians?|people|persons?|soldiers?|fighters?|members?|militants?|troops?|"
           r"elements?|personnel|officers?|policem[ae]n|police(?:\s+officers)?|children|women|men|others?|"
           r"americans?|individuals|combatants|insurgents|rebels?|gunmen|attackers?|workers?|"
           r"farmers?|shepherds?|residents?|demonstrators?|protesters?|students?|guards?|recruits?|"
           r"militiamen|jihadists?|terrorists?|smugglers?|journalists?|doctors?|nurses?|"
           r"[A-Z][\w-]*\s+(?:soldiers?|fighters?|members?|militants?|troops?|elements?))(?:\s+\w+){0,2}?)")

DEATH_WORD = r"(?:killed|dead|died|deaths?|martyrs?|martyred|fatalities|bodies|lifeless|perished|slain|executed|massacred)"
INJURY_WORD = r"(?:wounded|injured|injuries|hurt|injuring|wounding|casualties?\s+(?:were\s+)?(?:wounded|injured))"

_NUMBER_PATTERNS = [
    # "killing 3 civilians", "killed an American", "killed two people"
    ("fatalities", re.compile(r"\b(?:killing|killed|kills|kill|claimed\s+the\s+lives?\s+of|left|leaving|executed|executing|"
                              r"massacred|shot\s+dead|shooting\s+dead)\s+(?:at\s+least\s+|about\s+|around\s+|nearly\s+|some\s+|"
                              r"up\s+to\s+|more\s+than\s+|over\s+)?" + NUM + r"\b(?:\s+" + _VICTIM + r")?(?!\s+(?:of\s+)?(?:wounded|injured))",
                              re.IGNORECASE)),
    # "3 civilians were killed", "7 martyrs", "2 dead", "5 deaths"
    ("fatalities", re.compile(r"\b(?:at\s+least\s+|about\s+|around\s+|nearly\s+|some\s+|up\s+to\s+|more\s+than\s+)?(?!an?\s)" + NUM +
                              r"\s+(?:" + _VICTIM + r"\s+)?(?:(?:were|was|have\s+been|had\s+been|are|got)\s+(?:reportedly\s+)?)?"
                              r"(?:killed|dead(?!\s+end)|died|martyrs?|martyred|fatalities|deaths|bodies|slain|perished|executed|lost\s+their\s+lives)\b",
                              re.IGNORECASE)),
    ("fatalities", re.compile(r"\bdeath\s+toll\b[^.;:]{0,120}?\b(?:rose|rising|risen|increased|climbed|reached|jumped|stands|stood|is|was|of|to|at)\s+(?:to\s+|at\s+)?(?:at\s+least\s+)?" + NUM + r"\b",
                              re.IGNORECASE)),
    ("fatalities", re.compile(r"\b(?:the\s+)?(?:death|deaths)\s+of\s+" + NUM + r"\b", re.IGNORECASE)),
    ("injuries", re.compile(r"\b(?:wounding|wounded|injuring|injured|injures|wounds)\s+(?:at\s+least\s+|about\s+|around\s+|nearly\s+|some\s+|more\s+than\s+)?"
                            + NUM + r"\b(?:\s+" + _VICTIM + r")?", re.IGNORECASE)),
    ("injuries", re.compile(r"\b(?:at\s+least\s+|about\s+|around\s+|nearly\s+|some\s+|more\s+than\s+)?(?!an?\s)" + NUM + r"\s+(?:" + _VICTIM + r"\s+)?"
                            r"(?:(?:were|was|have\s+been|had\s+been|are|got)\s+(?:also\s+|reportedly\s+)?)?(?:wounded|injured|hurt|injuries)\b",
                            re.IGNORECASE)),
]

# "no casualties": zero of both; "no deaths": zero fatalities; "no injuries": zero injuries
_ZERO_PATTERNS = [
    (("fatalities", "injuries"), re.compile(
        r"\b(?:no|without|did\s+not\s+(?:result\s+in|cause|lead\s+to)|didn't\s+(?:result\s+in|cause)|not\s+result\s+in|"
        r"free\s+of|there\s+were\s+no|no\s+reports?\s+of|den(?:y|ies|ied)\s+(?:that\s+)?there\s+(?:were|was))\s+(?:any\s+)?(?:human\s+)?(?:casualties|victims|human\s+losses|loss\s+of\s+life|"
        r"casualties\s+or\s+(?:significant\s+)?(?:damage|casualties))\b", re.IGNORECASE)),
    (("fatalities",), re.compile(
        r"\b(?:no|without)\s+(?:reported\s+)?(?:fatalities|deaths|one\s+(?:was\s+)?killed|dead)\b|\bno\s+one\s+(?:was\s+)?(?:killed|died)\b|"
        r"\bno\s+fatalities\s+(?:were\s+)?reported\b|\bcoded\s+as\s+0\b|\bnobody\s+(?:was\s+)?killed\b", re.IGNORECASE)),
    (("injuries",), re.compile(r"\b(?:no|without)\s+(?:reported\s+)?(?:injuries|one\s+(?:was\s+)?(?:injured|wounded))\b|"
                               r"\bno\s+one\s+(?:was\s+)?(?:injured|hurt|wounded)\b", re.IGNORECASE)),
]
# "no information about the losses": the count is unknown, which is not zero
_UNKNOWN_PATTERNS = re.compile(
    r"\b(?:no|without|lack\s+of|there\s+is\s+no)\s+(?:any\s+)?(?:accurate\s+|precise\s+|clear\s+|immediate\s+|further\s+)?"
    r"(?:information|info|news|word|details|knowledge|reports?|figures?)\s+(?:yet\s+)?(?:about|on|of|regarding|concerning|as\s+to)\s+"
    r"(?:the\s+)?(?:extent\s+of\s+(?:the\s+)?)?(?:any\s+)?(?:human\s+)?(?:losses|casualties|victims|damage|fatalities|deaths|injuries)|"
    r"\b(?:casualties|fatalities|losses)\s+(?:are|were|remain|remained)\s+(?:unknown|unclear|not\s+known)|"
    r"\bunknown\s+(?:number\s+of\s+)?(?:casualties|fatalities)|\bnumber\s+of\s+(?:casualties|fatalities|dead)\s+(?:is|was|remains)\s+(?:unknown|unclear)",
    re.IGNORECASE)


@dataclass
class Count:
    field: str         # fatalities | injuries
    value: int | None  # None = explicitly unknown
    start: int
    end: int
    text: str


def find_counts(sentence: str) -> list[Count]:
    """Casualty counts in one sentence: numbers, zeros and explicit unknowns."""
    out: list[Count] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return not any(s < te and ts < e for ts, te in taken)

    for field, rx in _NUMBER_PATTERNS:
        for m in rx.finditer(sentence):
            value = parse_number(m.group("num"))
            if value is None or value > 5000:
                continue
            s, e = m.start(), m.end()
            # a year or time of day is not a casualty count
            if re.fullmatch(r"(?:19|20)\d\d", m.group("num")):
                continue
            if not free(m.start("num"), m.end("num")):
                continue
            taken.append((m.start("num"), m.end("num")))
            out.append(Count(field, value, s, e, sentence[s:e]))
    for fields, rx in _ZERO_PATTERNS:
        for m in rx.finditer(sentence):
            for field in fields:
                if not any(c.field == field for c in out):
                    out.append(Count(field, 0, m.start(), m.end(), m.group(0)))
    for m in _UNKNOWN_PATTERNS.finditer(sentence):
        for field in ("fatalities",):
            if not any(c.field == field for c in out):
                out.append(Count(field, None, m.start(), m.end(), m.group(0)))
    out.sort(key=lambda c: c.start)
    return out


def outlet_spans(text: str) -> list[tuple[int, int, str]]:
    """Where outlets are named: a place inside an outlet's name ('New York Times') is no place."""
    lower = text.lower()
    active = tuple(i for i, keys in enumerate(_OUTLET_KEYS) if any(k in lower for k in keys))
    if not active:
        return []
    rx = _outlet_regex(active)
    return [(m.start(), m.end(), _OUTLET_NAMES[int(m.lastgroup[1:])]) for m in rx.finditer(text)]


# Words without which an outlet's pattern cannot match, in the order of OUTLETS: a sentence
# is only searched for the outlets whose words it holds (a pass over all patterns cost
# ~0.1 ms a sentence).
_OUTLET_KEYS = [
    ("reuters",), ("afp", "agence", "france"), ("associated", "ap"), ("mayad",), ("sputnik",),
    ("sana", "syrian arab"), ("syrian",), ("syrian", "sohr"), ("new york", "nyt"), ("washington",),
    ("wall street",), ("cnn",), ("bbc",), ("jazeera",), ("arabiya",), ("asharq",), ("rudaw",), ("kurdistan",),
    ("north press",), ("hawar", "anha"), ("anadolu",), ("tass",), ("ria",), ("xinhua",), ("irna",), ("tasnim",),
    ("fars",), ("press",), ("24",), ("enab",), ("step",), ("shaam", "sham"), ("syria tv",), ("hadath",),
    ("manar",), ("tolo",), ("pajhwok",),
]
assert len(_OUTLET_KEYS) == len(OUTLETS), "every outlet needs its words"


@functools.lru_cache(maxsize=512)
def _outlet_regex(active: tuple[int, ...]) -> re.Pattern:
    patterns = list(OUTLETS.values())
    return re.compile(r"\b(?:" + "|".join(f"(?P<o{i}>{patterns[i]})" for i in active) + ")", re.IGNORECASE)


def combine_counts(counts: list[Count]) -> tuple[int | None, int, int]:
    """One value from the counts of one field that one mention gives, with the span they
    cover: distinct counts add up ("killing 3 soldiers and 2 civilians"); only unknowns
    give None."""
    known = [c for c in counts if c.value is not None]
    if not known:
        return None, counts[0].start, counts[0].end
    return sum(c.value for c in known), min(c.start for c in known), max(c.end for c in known)
