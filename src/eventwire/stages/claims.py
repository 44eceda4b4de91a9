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
from typing import Iterator

from rapidfuzz import fuzz

from .actors import leftmost_matches, letter_grouped, word_start_regex
from .keywords import KeywordSet, KeywordSpans, finditer_from, keyword_text, whole

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

_CLAIMANT_HEAD_RX = word_start_regex([_CLAIMANT_HEAD])


def _claimant_search(text: str) -> re.Match | None:
    """`_CLAIMANT_RX.search(text)`, begun a few words before the first head noun: a claimant
    holds one, with at most a determiner and 4 modifiers before it, each followed by white
    space. (Tried at every word of a long sentence, the pattern cost a third of reading
    attribution.)"""
    head = _CLAIMANT_HEAD_RX.search(text)
    if head is None:
        return None
    k = head.start()
    for _ in range(6):  # the head's own chunk of non-space, then 5 chunks before it
        while k > 0 and text[k - 1].isspace():
            k -= 1
        while k > 0 and not text[k - 1].isspace():
            k -= 1
    return _CLAIMANT_RX.search(text, k)


# "no fatalities were reported", "neither injuries nor fatalities reported": a report verb
# with nobody reporting (without this, "The Syrian army shelled X, no casualties reported"
# read the army as the claimant and dropped it as the side that shelled)
_NO_SPEAKER = re.compile(r"\b(?:casualties|fatalities|injuries|deaths|damage|losses|victims)\s+"
                         r"(?:(?:were|was|have\s+been|has\s+been|had\s+been)\s+)?reported\b", re.IGNORECASE)

_PERSON_VERBS = ("said", "says", "stressed", "added", "promised", "noted", "told", "confirmed", "announced",
                 "explained", "warned", "acknowledged", "stated")
_PERSON_SAID = re.compile(
    r"\b((?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+){0,2}[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s*,?\s+"
    r"(?:" + "|".join(_PERSON_VERBS) + r")\b")
# the pattern is searched only in a sentence that holds one of its verbs as a word (it tries
# every capitalised word: profiled, 1% of the run on 1,000-word articles)
_PERSON_VERB_WORDS = KeywordSet(whole(v) for v in _PERSON_VERBS)
_NOT_PERSON = {"The", "A", "An", "He", "She", "They", "It", "We", "This", "That", "These", "Those", "And", "But",
               "Local", "Earlier", "Later", "Commenting", "During", "On", "In", "At", "Sources", "Washington",
               "Moscow", "Tehran", "Damascus", "Baghdad", "Ankara", "Source", "Officials", "Reports"}

# the report verbs grouped by first letter (see `letter_grouped`): searched in every sentence
_HAS_REPORT_VERB = re.compile(r"\b" + letter_grouped(_REPORT_VERB[len("(?:"):-len(")")]) + r"\b|according\s+to",
                              re.IGNORECASE)
# A sentence holds a report verb when it holds one as a word of its own ("as saying" and
# "according to" need their second word too, and only they are left to the pattern): one pass
# over the sentence instead of the pattern's search (profiled: 2% of the run on 1,000-word
# articles, where most sentences hold none)
_REPORT_VERB_WORDS = frozenset(whole(w) for w in _REPORT_VERB[len("(?:"):-len(")")].split("|") if w.isalpha())
_REPORT_KEYWORDS = KeywordSet(_REPORT_VERB_WORDS | {whole("saying"), "according"})


def has_report_verb(sentence: str, held: set[str] | None = None) -> bool:
    """Whether `_HAS_REPORT_VERB` finds a report verb in the sentence (`held`: its report
    words, when already found)."""
    if held is None:
        held = _REPORT_KEYWORDS.held(keyword_text(sentence))
    if not held:
        return False
    if not held.isdisjoint(_REPORT_VERB_WORDS):
        return True
    return _HAS_REPORT_VERB.search(sentence) is not None


_QUOTED_AS_SAYING = re.compile(r"quot(?:ed|ing)\s+(.{3,120}?)\s+as\s+saying", re.IGNORECASE)
_ACCORDING_TO = re.compile(r"according\s+to\s+(.{3,120}?)(?:[,.;]|$)", re.IGNORECASE)

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

    def read(self, sentence: str, words: "SentenceWords | None" = None) -> Attribution:
        """The attribution of `sentence`; `words`: its outlet and report words, when already
        found (`DocumentWords.sentence`)."""
        outlets = words.outlets if words is not None else outlet_spans(sentence)
        has_verb = has_report_verb(sentence, words.report if words is not None else None)
        # _NO_SPEAKER needs the word "reported": testing for it first spares most sentences its search
        if has_verb and "reported" in sentence.lower() and _NO_SPEAKER.search(sentence):
            # "..., no fatalities were reported": the only report verb may have no one saying it
            has_verb = has_report_verb(_NO_SPEAKER.sub(lambda m: " " * len(m.group()), sentence))
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
        m = _QUOTED_AS_SAYING.search(sentence)
        if m:
            np = _claimant_search(m.group(1))
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
        m = _ACCORDING_TO.search(sentence)
        if m:
            np = _claimant_search(m.group(1))
            if np:
                return Attribution(source, _clean_np(np.group(1)), m.start(1) + np.start(1), m.start(1) + np.end(1))
            if outlets:
                return Attribution(source, source if source in MONITORS else None)
        person = _PERSON_SAID.search(sentence) if _PERSON_VERB_WORDS.found(sentence) else None
        if person and person.group(1).split()[0] not in _NOT_PERSON and not any(
                s <= person.start(1) < e for s, e, _ in outlets):
            return Attribution(source, self.person(person.group(1)), person.start(1), person.end(1))
        np = _claimant_search(sentence) if has_verb else None
        if np is not None:
            # "Al-Mayadeen sources", "an al-Mayadeen correspondent": outlet and claimant both
            return Attribution(source, _clean_np(np.group(1)), np.start(1), np.end(1))
        if outlets and has_verb:
            return Attribution(source, source if source in MONITORS else None)
        return Attribution(source, None)


# ---------------------------------------------------------------- numbers
#
# Casualty counts are read in three steps, each a pass of bounded patterns (no nested
# unbounded repetition, so a sentence costs time linear in its length):
# 1. `_mask` blanks, without moving any offset, the numbers that count no people (dates,
#    times, ages, distances, ordinals, unit names, years) and the upper ends of ranges
#    ("between 4 and 6" reads 4: ACLED codes the lowest figure a report allows).
# 2. patterns find groups of victims next to a death or injury word: "killing 3 soldiers
#    and 2 civilians", "a farmer was killed", "7 fighters, including a commander, were
#    killed". Each group is a Count whose `kind` says how it combines with the others.
# 3. `combine_counts` turns the counts one mention gives into one value.

_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "another": 1, "single": 1, "two": 2, "both": 2, "couple": 2, "a couple": 2,
    "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100, "zero": 0,
    # Vague counts. ACLED's notes often state the figure they coded for vague words; on the
    # dev rows (January 2018 Syria/Iraq and the 1-9 May 2020 world file) "several ... coded
    # as N" gave 3 in 4 of 4 notes and "dozens ... coded as N" 12 in 2 of 2. The words too
    # rare there to count ("a few", "some", "a number of", "scores", "hundreds") follow the
    # same rule: the lowest figure the word allows. "An unknown number" stays unknown (None):
    # the notes that say it state their coded figure (10 in 230 of 247) in so many words.
    "several": 3, "a few": 3, "few": 3, "some": 3, "a number": 3, "a dozen": 12, "dozen": 12,
    "dozens": 12, "tens": 10, "many": 10, "scores": 20, "hundreds": 100,
}

# The number words and quantifiers below are grouped by first letter (`letter_grouped`, same
# matches): the groups of victims are tried at every word, and at most words no number word
# can begin (profiled: the patterns starting with a group 1.4x faster on the ACLED digests).
_UNITS = "(?:" + letter_grouped("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
                                "fifteen|sixteen|seventeen|eighteen|nineteen") + ")"
_TENS = "(?:" + letter_grouped("twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety") + ")"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d{1,5}(?![\d,.]\d)"
# a number word or figure (not a/an, which need a person after them)
_NUMERAL = rf"(?:{_DIGITS}|{_TENS}(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|{_UNITS}|a\s+hundred|hundred)"
_VAGUE = r"(?:several|a\s+few|a\s+dozen|a\s+couple|(?:a\s+number|dozens|scores|hundreds|tens)(?:\s+of)?)"
_NUM_BODY = rf"(?:{_NUMERAL}|{_VAGUE}|both)\b"
NUM = rf"(?P<num>{_NUM_BODY})"


def parse_number(word: str) -> int | None:
    w = re.sub(r"\s+of$", "", re.sub(r"\s+", " ", word.lower().strip()))
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", w):
        return int(w.replace(",", ""))
    if w in _WORD_NUMBERS:
        return _WORD_NUMBERS[w]
    m = re.match(r"(twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ](\w+)", w)
    if m and m.group(2) in _WORD_NUMBERS:
        return _WORD_NUMBERS[m.group(1)] + _WORD_NUMBERS[m.group(2)]
    return None


# ---- who can be killed: head nouns of a singular victim ("the driver", "his brother");
# a counted group ("3 Fulani", "an economic operator") may end in any noun
_PERSON_SINGULAR = (
    r"man|woman|boy|girl|child|baby|infant|toddler|teenager|teen|adolescent|youth|person|civilian|soldier|"
    r"fighter|militant|member|commander|leader|officer|policeman|policewoman|official|employee|farmer|shepherd|"
    r"herder|herdsman|driver|doctor|journalist|reporter|photographer|cameraman|activist|chief|mokhtar|mukhtar|"
    r"mayor|governor|prisoner|inmate|detainee|captive|hostage|cadre|judge|lawyer|teacher|student|pupil|worker|"
    r"trader|merchant|shopkeeper|vendor|guard|bodyguard|recruit|agent|informant|sheikh|elder|imam|cleric|priest|"
    r"pastor|brother|sister|son|daughter|father|mother|husband|wife|relative|cousin|nephew|uncle|owner|resident|"
    r"villager|individual|bomber|attacker|assailant|perpetrator|gunman|suspect|operative|jihadist|terrorist|"
    r"insurgent|rebel|militiaman|combatant|defector|spy|collaborator|engineer|nurse|medic|paramedic|volunteer|"
    r"refugee|migrant|pilgrim|worshipper|patient|passenger|pedestrian|motorist|pilot|sniper|trooper|sergeant|"
    r"lieutenant|captain|colonel|brigadier|deputy|expert|contractor|politician|candidate|council(?:l)?or|"
    r"lawmaker|minister|director|businessman|fisherman|miner|labou?rer|smuggler|trafficker|kidnapper|robber|"
    r"thief|bandit|criminal|protester|protestor|demonstrator|rioter|supporter|citizen|foreigner|tourist|"
    r"peacekeeper|mercenary|staffer|guardsman|conscript|defender|loyalist|gunner|crewman|emir|amir|victim|"
    r"deceased|bystander|delegate|inspector|head|other")
# grouped by first letter (see `letter_grouped`): the noun is tried after every "the", "his" and
# "and" of a sentence, up to five words on, in the patterns that start with a group of victims
_HEAD_SG = rf"(?:{letter_grouped(_PERSON_SINGULAR)})\b"
# "civilians", "people": words for a group that a list after them may break down
_CATEGORY_END = re.compile(r"\b(?:civilians|people|persons|victims|individuals|casualties)$", re.IGNORECASE)
_VERB_BEFORE_OBJECT = re.compile(
    r"\b(?:struck|hit|targeted|fired|launched|destroyed|seized|captured|arrested|detained|dismantled|shelled|"
    r"bombed|raided|attacked|carried\s+out|conducted|burned|torched|downed|shot\s+down)\s+$", re.IGNORECASE)
_SINGULAR_PERSON_END = re.compile(rf"\b{_HEAD_SG}(?:\s+(?:of|from|at|in|near|inside)\b.*)?$", re.IGNORECASE)


def _word_trie(words: list[str]) -> str:
    """One regex alternation for many words, branching letter by letter: the engine then tests
    a word against the list in a few steps instead of trying every word in turn."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if ends else body
    return "(?:" + build(tree) + ")"


# words that end a noun phrase or start another: no modifier or head is one of these
_STOP_WORDS = """and or but nor plus including among amongst were was are be been being had has have will would
may might could should can must who whom whose which that when where while after before by in on at from with to of
for as during near into inside outside across along against toward towards than then the a an his her him its their
them they he she it this these those there our another other others each all both some also later reportedly
allegedly subsequently eventually instantly immediately number total unknown unspecified undisclosed further
additional family group handful lot few couple dozen dozens several scores hundred hundreds thousand thousands
killed killing kill dead died die death deaths fatality fatalities martyr martyrs martyred bodies body corpse corpses
casualty casualties wounded wounding injured injuring injury injuries hurt slain perished executed assassinated
murdered beheaded massacred lynched shot stabbed succumbed lost found missing arrested captured kidnapped abducted
detained released rescued one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety""".split()
_STOP = rf"(?:(?-i:is|Is)|{_word_trie(_STOP_WORDS)})\b"
_TOKEN = rf"(?!{_STOP}|\d)[\w'’\-/]+(?:\.\w+)*(?![\w'’\-/])"
# "of the Turkish army", "from the village", "of a provincial court": a short complement after the head
_POST = (rf"(?:\s+(?:of|from|at|in|near|inside|belonging\s+to|affiliated\s+with|loyal\s+to)\s+(?:(?:the|a|an|his|her|their)\s+)?"
         rf"(?:(?:{_TOKEN}|and(?:\s+the)?)\s+){{0,7}}{_TOKEN}){{0,2}}")
_POSS = r"(?:(?:his|her|their|its|the|our)\s+)"
_QUANT = ("(?:(?:" + letter_grouped(
    r"at\s+least|about|around|nearly|almost|approximately|roughly|some|up\s+to|more\s+than|over|"
    r"as\s+many\s+as|an\s+estimated|a\s+further|another|an\s+additional|a\s+reported|reportedly|"
    r"the\s+remaining|all|(?:an?\s+|the\s+)?(?:total|family|group|crew|team)\s+of") + r")\s+)")

# The words a group of victims (below) can begin with: a determiner, a quantifier's first word,
# a number word; else it begins with a figure, or with any word after "and " ("a woman and
# child"). Every group is tried behind this test: one pass along a word instead of its ~40
# alternatives, at every word of a sentence (profiled: most of the cost of the patterns that
# begin with a group of victims was failing at words that begin none).
_GROUP_FIRST_WORDS = """his her their its the our at about around nearly almost approximately roughly some up more
over as an a another reportedly all total family group crew team one two three four five six seven eight nine ten
eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
eighty ninety hundred several dozens scores hundreds tens both""".split()
_GROUP_START = rf"(?:(?<=and\s)|(?=\d|{_word_trie(_GROUP_FIRST_WORDS)}\b))"


# A group of victims: "3 civilians", "their 4 children", "at least seven people", "a family of
# three", "a farmer", "an Islamic State militant", "the driver", "one of them", "two others".
def _group(named: bool, guarded: bool = True) -> str:
    num, one, dfn = ("(?P<num>", "(?P<one>", "(?P<def>") if named else ("(?:",) * 3
    counted = (rf"{_POSS}?{_QUANT}?{num}{_NUM_BODY})"
               rf"(?:(?:\s+(?:{_TOKEN}|\([^()]{{1,40}}\))(?:\s+and\s+{_TOKEN})?){{1,5}}{_POST}|\s+of\s+(?:them|whom|those)\b"
               rf"|\s+of\s+(?:his|her|their|its|the)\s+(?:(?:{_TOKEN}|famil(?:y|ies))\s+){{0,2}}(?:{_TOKEN}|famil(?:y|ies))"
               rf"|\s+others?\b)?")
    single = (rf"{one}(?:an?|one|another|a\s+single)(?:\s+{_TOKEN}){{1,5}}{_POST}"
              rf"|one\s+of\s+(?:them|whom|those|the\s+{_TOKEN})\b|another(?:\s+one)?\b"
              # "a woman and child": a person's noun joined to the group before
              rf"|(?<=and\s)(?:{_TOKEN}\s+){{0,2}}{_HEAD_SG})")
    definite = (rf"{dfn}(?:(?:the|his|her|their|its)\s+(?:{_TOKEN}\s+){{0,4}}{_HEAD_SG}{_POST}"
                rf"|(?:his|her|their)\s+(?:{_TOKEN}\s+){{0,2}}{_TOKEN}))")
    return rf"{_GROUP_START if guarded else ''}(?:{counted}|{single}|{definite})"


_GROUP_RX = re.compile(r"\b(?:" + _group(True) + ")", re.IGNORECASE)
# "3 soldiers and 2 civilians", "a woman, her husband and their 4 children", "4 people (...) as well as 2 policemen"
_SEP = (r"(?:\s*\([^()]{0,80}\))?(?:\s*,\s*(?:and\s+|as\s+well\s+as\s+|along\s+with\s+)?"
        r"|\s+(?:and|as\s+well\s+as|plus|along\s+with)\s+)")
# after "killing 3 soldiers", a group that was wounded or taken is no more dead
_NOT_HARMED_NEXT = (r"(?!\s+(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+)?(?:also\s+|reportedly\s+)?"
                    r"(?:wounded|injured|hurt|arrested|captured|kidnapped|abducted|missing|detained|rescued|released|"
                    r"destroyed|damaged|seized|dismantled|confiscated|recovered|displaced|evacuated|injuries|wounds))")
_NOT_DEAD_NEXT = (r"(?!\s+(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+)?(?:also\s+|reportedly\s+)?"
                  r"(?:killed|dead|died|arrested|captured|kidnapped|abducted|missing|detained|rescued|released|"
                  r"destroyed|damaged|seized|dismantled|confiscated|recovered|displaced|evacuated))")


def _list(guard: str = "", named: bool = True) -> str:
    # each group is atomic: once read, it is not re-split to try the rest of the pattern again,
    # which keeps a failing match linear (a run of "3 soldiers, 3 soldiers, ..." would not be)
    first = "(?>" + _group(named) + ")" + guard
    more = "(?>" + _group(False) + ")" + guard
    body = rf"{first}(?:{_SEP}{more}){{0,5}}"
    return rf"(?P<list>{body})" if named else rf"(?:{body})"


# "including a commander", "among them 3 children": a subset of the group before, not more dead
_INCLUDING = r"(?:including|among\s+(?:them|whom)|amongst\s+them|of\s+whom|among\s+the\s+(?:dead|victims|killed))"
_INCLUDING_RX = re.compile(rf"\b{_INCLUDING}\b", re.IGNORECASE)
_INCL_SKIP = rf"(?:\s*,?\s*\(?(?:{_INCLUDING})\s+[^;.]{{1,120}}?)?"
_ADV = (r"(?:(?:reportedly|also|all|later|allegedly|subsequently|then|eventually|reported|found|confirmed|both|"
        r"\w+ed\s+and(?:\s+later)?|shot\s+and(?:\s+later)?|fatally|summarily|instantly|immediately|been|each|"
        r"being)\s+)")
_AUX = rf"(?:(?:were|was|have|has|had|are|is|got|get|be|been|being)\s+{_ADV}{{0,3}})"
# "were killed", "was assassinated": a passive needs its auxiliary, except in a headline
# style "3 soldiers killed in an ambush", where a preposition or the clause end follows
_PASSIVE = (r"(?:killed|martyred|slain|executed|assassinated|murdered|beheaded|massacred|lynched|shot\s+dead|"
            r"fatally\s+(?:shot|stabbed|wounded|injured|assaulted|attacked|beaten|hit|struck)|"
            r"gunned\s+down|(?:stabbed|beaten|burned|burnt|hacked|shot|tortured|crushed|strangled)\s+to\s+death)\b")
_INTRANSITIVE = (r"(?:died|die|dead(?!\s+end)|perished|succumbed|lost\s+their\s+lives|lost\s+(?:his|her)\s+life|"
                 r"drowned)\b")
_BARE_FOLLOW = (r"(?=\s*(?:[,.;:)\]]|$)|\s+(?:in|on|at|by|during|near|after|when|while|as|and|following|amid|over|"
                r"across|from|with|since|for|overnight|yesterday|today|last|this|early|late|inside|outside|around|"
                r"along|between|under|within|before|due|according)\b|\s+\d+\s+(?:injured|wounded)\b)")
_DEATH_PRED = rf"(?:{_AUX}{_PASSIVE}|{_AUX}?{_ADV}{{0,2}}{_INTRANSITIVE}|{_ADV}{{0,1}}{_PASSIVE}{_BARE_FOLLOW})"
_INJURY_PRED = (rf"(?:{_AUX}(?:wounded|injured|hurt|maimed)\b|{_AUX}?(?:suffered\s+)?(?:injuries|wounds)\b"
                rf"|(?:wounded|injured|hurt)\b{_BARE_FOLLOW})")
_KILL_VERB = (r"(?:killing|killed|kills|kill|claimed\s+the\s+lives?\s+of|claiming\s+the\s+lives?\s+of|"
              r"took\s+the\s+lives?\s+of|taking\s+the\s+lives?\s+of|executed|executing|massacred|massacring|"
              r"assassinated|assassinating|shot\s+dead|shooting\s+dead|gunned\s+down|gunning\s+down|beheaded|"
              r"beheading|murdered|murdering|slaughtered|slaughtering|lynched|lynching|shot\s+and\s+killed|"
              r"fatally\s+(?:shot|shooting|stabbed|stabbing|wounded|wounding|injured|injuring)|"
              r"(?P<nominal>(?:the\s+)?(?:killing|killings|death|deaths|murder|murders|execution|assassination|"
              r"lynching)\s+of))")
_INJURE_VERB = r"(?:wounding|wounded|injuring|injured|injures|wounds|hurting|maiming|maimed|(?:the\s+)?injury\s+of)"
# "demonstrated against the killing of a driver", "responsible for the death of": a killing
# that is the cause or background of this event, not one of its casualties
_BACKGROUND_NOMINAL = re.compile(
    r"\b(?:over|against|after|following|for|about|condemn\w*|denounc\w*|protest\w*|mourn\w*|relation\s+to|"
    r"connection\s+with|justice\s+for|responsible\s+for|accused\s+of|suspected\s+of|involved\s+in|into|"
    r"demand\w*|anniversary\s+of|commemorat\w*|blamed\s+for|revenge\s+for|retaliation\s+for)"
    r"\s+(?:the\s+)?(?:\w+\s+){0,3}$", re.IGNORECASE)
# "the cultists who killed a resident": a killing that describes someone, told in passing
_BACKGROUND_WHO = re.compile(r"\bwho\s+(?:had\s+|have\s+|has\s+)?(?:allegedly\s+|reportedly\s+)?$|"
                             r"\b(?:accused|suspected|responsible|blamed|convicted|charged)\b[^.;]{0,40}\b(?:of|for|with)\s+"
                             r"(?:\w+ing\s+and\s+)?$", re.IGNORECASE)
# "tried to kill", "threatened to kill", "would kill": a killing that did not (or not yet) happen
_IRREALIS_BEFORE = re.compile(r"\b(?:tr(?:y|ied|ying)|attempt\w*|threat\w*|plan\w*|want\w*|intend\w*|vow\w*|sought|"
                              r"seek\w*|order\w*|aim\w*|would|could|might|may|will|shall|not|never|failed)"
                              r"\s+(?:to\s+)?$|\b(?:whether|if)\s+(?:\w+\s+){0,3}$",
                              re.IGNORECASE)
# "a mass grave containing 20 bodies": the dead of an earlier, unknown day
_MASS_GRAVE = re.compile(r"\bmass\s+graves?\b", re.IGNORECASE)

# (field, kind, role, pattern): tried in this order; a number read once is not read again.
# role: "object" the victims follow a verb ("killing 3"), "subject" they come before it
# ("3 were killed"), "toll" a number of dead ("20 fatalities").
_FLAGS = re.IGNORECASE
_COUNT_PATTERNS: list[tuple[str, str, str, re.Pattern]] = [
    # "killing and wounding 75 soldiers", "7 militants were killed and wounded", "3 were killed,
    # injured or captured", "5 casualties": deaths not told apart, so no death count
    ("mixed", "", "", re.compile(
        rf"\b(?:killing|killed|kill|death)\s*(?:and|or|/|&)\s*(?:injuring|wounding|injured|wounded|injury)\s+"
        rf"(?:of\s+)?{_list(named=False)}"
        rf"|\b{_list(named=False)}(?:\s+(?:(?:were|was)\s+)?(?:reportedly\s+)?(?:killed|dead)\s*,?\s*(?:or|and/or|and|/)\s*"
        rf"(?:injured|wounded)\b|\s+(?:(?:were|was)\s+)?(?:reportedly\s+)?killed,\s*(?:injured|wounded),?"
        rf"\s+(?:or|and)\s+(?:captured|arrested|detained)\b|\s+casualties\b)", _FLAGS)),
    # "with Khalil allocated 4", "2 fatalities allocated to Arnaz": one place's part of a split, for
    # some event of the split that need not be this one
    ("mixed", "", "", re.compile(rf"\b(?:allocated|allocating|assigned|attributed)\s+(?:to\s+(?:\w+\s+){{1,3}}?)?{_list(named=False)}"
                                 rf"|\b{_list(named=False)}(?=\s+(?:\w+\s+)?(?:fatalit\w+\s+)?(?:were\s+|was\s+)?(?:allocated|assigned|attributed)\b)", _FLAGS)),
    # "the death toll rose to 11", "bringing the toll to 9", "a total of 17 killed": a total
    ("fatalities", "total", "", re.compile(
        rf"\b(?:death\s+)?toll\b[^.;:]{{0,80}}?\b(?:rose|rising|risen|increased|climbed|reached|jumped|stands|stood|is|was|"
        rf"of|to|at|hit)\s+(?:to\s+|at\s+)?{_QUANT}?{NUM}", _FLAGS)),
    ("fatalities", "total", "", re.compile(rf"\bnumber\s+of\b[^.;:]{{0,80}}?\b(?:killed|dead|deaths|fatalities|victims|"
                                           rf"assassinated|executed)\b[^.;:]{{0,60}}?\b(?:rose|risen|increased|climbed|reached|"
                                           rf"jumped)\s+to\s+{NUM}", _FLAGS)),
    ("fatalities", "total", "", re.compile(rf"\b(?:a\s+total\s+of|in\s+total|total\s+of)\s+{NUM}(?=[^.;]{{0,60}}\b(?:killed|dead|died|fatalities|deaths)\b)", _FLAGS)),
    # "killing 3 soldiers and 2 civilians", "assassinated a tribal chief", "killing the driver"
    ("fatalities", "", "object", re.compile(rf"\b{_KILL_VERB}\s+{_list(_NOT_HARMED_NEXT)}", _FLAGS)),
    # "stabbed a journalist to death"
    ("fatalities", "", "object", re.compile(rf"\b(?:stabbed|beat|shot|hacked|burned|burnt|tortured|clubbed|strangled|stoned)\s+"
                                  rf"{_list()}\s+to\s+death\b", _FLAGS)),
    # "3 SDF fighters and 2 IS militants were killed", "a farmer was killed",
    # "7 fighters, including a commander, were killed", "one of them died"
    ("fatalities", "", "subject", re.compile(rf"\b{_list()}{_INCL_SKIP}\s*(?:\([^()]{{0,60}}\))?\s*\)?,?\s+{_DEATH_PRED}", _FLAGS)),
    # "... were killed, along with 15 IS fighters"
    ("fatalities", "", "object", re.compile(rf"\b(?:killed|dead|died)\b,?\s+(?:along\s+with|as\s+well\s+as|together\s+with|"
                                            rf"in\s+addition\s+to)\s+{_list()}", _FLAGS)),
    # "2 dead", "5 deaths", "seven fatalities", "7 martyrs", "4 bodies", "2 rebel and 1 military fatality"
    ("fatalities", "", "toll", re.compile(rf"\b{_list()}\s+(?:dead|deaths?|fatalities|fatality|martyrs|bodies|corpses)\b(?!\s+end)", _FLAGS)),
    # "the bodies of 5 men", "the body of a young man was found"
    ("fatalities", "", "object", re.compile(rf"\b(?:bodies|corpses|body|corpse)\s+of\s+{_list()}", _FLAGS)),
    ("fatalities", "", "object", re.compile(rf"\bremains\s+of\s+(?=(?:\S+\s+){{1,4}}?(?:{_PERSON_SINGULAR}|men|women|children|people|"
                                            rf"persons|personnel|troops)s?\b){_list()}", _FLAGS)),
    ("fatalities", "", "", re.compile(r"\b(?:led\s+to|leading\s+to|resulted\s+in|resulting\s+in|causing|caused)\s+"
                                  r"(?P<one>(?:his|her)\s+death)\b", _FLAGS)),
    ("fatalities", "", "object", re.compile(rf"\b(?:left|leaving)\s+{_list()}\s+dead\b", _FLAGS)),
    # "killing him", "he died": one person named before; counts only when nothing else does
    ("fatalities", "ref", "", re.compile(rf"\b(?:{_KILL_VERB}|shot\s+and\s+killed)\s+(?P<one>him|her)\b", _FLAGS)),
    ("fatalities", "ref", "", re.compile(rf"\b(?P<one>he|she)\s+{_DEATH_PRED}", _FLAGS)),
    # "Tolhildan Welat was killed": a singular passive has one victim, whoever the subject is
    ("fatalities", "ref", "", re.compile(rf"(?<!\bwho\s)(?<!\bthat\s)(?<!\bwhich\s)(?<!\bone\s)(?<!\bnobody\s)(?<!\bnone\s)(?<!\bno-one\s)"
                                         rf"\b(?P<one>was)\s+(?:{_ADV}{{0,3}}(?:{_PASSIVE}|dead\b)"
                                         rf"|(?:\w+ed|shot|hit|struck|beaten|stabbed)\b[^.;,]{{0,40}}?\s+and\s+(?:later\s+|subsequently\s+|then\s+)?(?:died|succumbed)\b)", _FLAGS)),
    # injuries, as the deaths above
    ("injuries", "", "object", re.compile(rf"\b{_INJURE_VERB}\s+{_list(_NOT_DEAD_NEXT)}", _FLAGS)),
    ("injuries", "", "subject", re.compile(rf"\b{_list()}{_INCL_SKIP}\s*\)?,?\s+{_INJURY_PRED}", _FLAGS)),
    ("injuries", "", "object", re.compile(rf"\b(?:left|leaving)\s+{_list()}\s+(?:wounded|injured)\b", _FLAGS)),
]

# Words without which each pattern above cannot match (each tuple: one of its words must be in
# the masked sentence), so that a pattern is only run on sentences that hold them: the
# patterns that start with a group of victims try it at every word (profiled: most of the
# cost of reading counts on the ACLED notes and on articles).
_KILL_WORDS = ("kill", "lives", "execut", "massacr", "assassinat", "dead", "gunn", "behead", "murder", "slaughter",
               "lynch", "fatally", "death")
_DEATH_PRED_WORDS = ("kill", "martyr", "slain", "execut", "assassinat", "murder", "behead", "massacr", "lynch", "dead",
                     "fatally", "gunned", "death", "die", "perished", "succumbed", "lost", "drowned")
_INJURY_WORDS_NEEDED = ("wound", "injur", "hurt", "maim")
_COUNT_PATTERN_WORDS: list[tuple[tuple[str, ...], ...]] = [
    # killing and wounding / killed or injured: a death word and an injury word; or "casualties"
    (("casualties", "kill", "dead", "death"), ("casualties", "injur", "wound")),
    (("allocat", "assign", "attribut"),),           # allocated to
    (("toll",),),                                   # the death toll rose to
    (("number",),),                                 # the number of dead rose to
    (("total",),),                                  # a total of
    (_KILL_WORDS,),                                 # killing 3 soldiers
    (("death",),),                                  # stabbed ... to death
    (_DEATH_PRED_WORDS,),                           # 3 soldiers were killed
    (("killed", "dead", "died"),),                  # killed, along with
    (("dead", "death", "fatalit", "martyrs", "bodies", "corpses"),),  # 2 dead
    (("bod", "corpse"),),                           # the bodies of
    (("remains",),),                                # the remains of
    (("death",),),                                  # leading to his death
    (("dead",),),                                   # leaving 3 dead
    (_KILL_WORDS, ("him", "her")),                  # killing him
    (("he",), _DEATH_PRED_WORDS),                   # he died
    (("was",), ("kill", "martyr", "slain", "execut", "assassinat", "murder", "behead", "massacr", "lynch", "dead",
                "fatally", "gunned", "death", "died", "succumbed")),  # was killed
    (_INJURY_WORDS_NEEDED,),                        # wounding 3
    (_INJURY_WORDS_NEEDED,),                        # 3 were wounded
    (("left", "leaving"),),                         # leaving 3 wounded
]
assert len(_COUNT_PATTERN_WORDS) == len(_COUNT_PATTERNS), "every count pattern needs its words"
# each of those words looked up in a sentence once, not once for every pattern that needs it
# (profiled: the pattern-by-pattern test cost 3% of the run on the digests)
_NEEDED_WORDS = tuple(sorted({w for groups in _COUNT_PATTERN_WORDS for group in groups for w in group}))
_NEEDED_WORD_SETS = [tuple(frozenset(group) for group in groups) for groups in _COUNT_PATTERN_WORDS]
# The patterns above that begin with a list of groups ("3 soldiers and 2 civilians were
# killed") can only match where a group can begin (`\b` and `_GROUP_START`): a sentence is
# read for those places once, and these patterns are tried at each of them instead of at
# every character (profiled: a third of their cost on the digests was the scan between them).
_LIST_FIRST = frozenset(k for k, (_f, _k, _r, rx) in enumerate(_COUNT_PATTERNS) if rx.pattern.startswith(r"\b(?P<list>"))
_LIST_START_RX = re.compile(r"\b" + _GROUP_START, _FLAGS)


# ---- what the coder says: ACLED notes state the figure they coded and how they split it.
# "Unknown fatalities coded as 10", "Fatalities coded as 0 (VoJ reported 1)", "coded fatality
# to one", "2 fatalities coded for the drivers", "rounded down to 3": the coded figure is the
# answer; "1 additional fatality coded", "coded as an additional 5" add to the other counts.
_CODED = re.compile(
    rf"\bcoded\s+(?:the\s+)?(?:fatalit(?:y|ies)\s+(?:count\s+)?)?(?:(?:as|to|at)\s+)*(?P<extra>(?:an?\s+)?(?:additional|extra|further)\s+)?"
    rf"{NUM}(?!\s+(?:separate\s+|different\s+|distinct\s+)?(?:events?|locations?|incidents?))"
    rf"|\b(?P<num2>{_NUM_BODY})\s+(?P<extra2>additional\s+|more\s+|extra\s+)?fatalit(?:y|ies)\s+(?:(?:were|was|are|is)\s+)?coded\b"
    rf"|\brounded\s+(?:down\s+|up\s+)?to\s+(?P<num3>{_NUM_BODY})"
    rf"|\b(?P<zero>no)\s+fatalities\s+(?:were\s+)?coded\b", _FLAGS)
_UNCOUNTED_PART = re.compile(
    r"\b(?:additional|further|remaining|other)\b[^.;]*$|"
    r"\bin\s+addition\s+to\s+(?:the\s+)?(?:\w+\s+)?known\b[^.;]*$|"
    r"\b(?:unknown|unclear|unspecified|undisclosed)\s+(?!number\s+(?:of|or)\s+(?:fatalit|deaths|casualt))"
    r"(?:number\s+(?:of|or)\s+)?(?!fatalit|deaths|casualt)\w+[^.;]*$|"
    r"\b(?:death|deaths|killing)\s+and\s+injur\w*\s+of\s+[^.;]*$", re.IGNORECASE)
# "the known fatalities, in addition to the unknown number, are coded as 10": a figure for all
_CODED_FOR_ALL = re.compile(r"\bknown\s+(?:fatalit\w*|deaths?)\b[^.;]*\bin\s+addition\b[^.;]*$|"
                            r"\b\w+\s+fatalit(?:y|ies)\s+in\s+addition\b[^.;]*$|\btotal\b[^.;]*$", re.IGNORECASE)
# the words before "coded as N" that make N a count of the dead
_CODED_CONTEXT = re.compile(r"fatalit|death|dead|casualt|kill|unknown|unclear|unspecified|toll|number|losses", _FLAGS)
# "coded as 10 and split between the 3 locations", "Fatalities split across 2 events",
# "divided equally across three events", "Distributed fatalities over Raju, Qorna and Obudan"
_SPLIT_VERB = r"(?:split|spread|divided|distributed|shared|allocated|coded)(?:\s+up)?(?:\s+(?:equally|evenly))?"
_SPLIT_UNIT = (r"(?:locations?|events?|villages?|areas?|places?|sites?|days?|districts?|provinces?|fronts?|frontlines?|"
               r"towns?|cities|regions?|incidents?|attacks?|activities|points?|positions?|settlements?|communities|"
               r"localities|neighbou?rhoods?|municipalities|governorates?|counties|states?|LGAs?|sectors?|hills?)")
_SPLIT = re.compile(rf"\b{_SPLIT_VERB}\s+(?:between|across|among|amongst|over|into)\s+(?:the\s+)?(?:first\s+)?"
                    rf"{NUM}\s+(?:\w+\s+){{0,2}}?{_SPLIT_UNIT}\b", _FLAGS)
_SPLIT_LIST = re.compile(
    rf"\b{_SPLIT_VERB}\s+(?:fatalities\s+)?(?:from\s+the\s+\w+\s+)?(?:between|across|among|amongst|over|in)\s+"
    rf"(?:the\s+(?:activities|clashes|events)\s+in\s+)?"
    r"(?P<names>(?-i:[A-Z])[\w'’-]*(?:(?:\s+-)?\s+(?-i:[A-Z])[\w'’-]*){0,4}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+)"
    r"(?-i:[A-Z])[\w'’-]*(?:(?:\s+-)?\s+(?-i:[A-Z])[\w'’-]*){0,4}){1,15})", _FLAGS)
# "split, 5 each, between", "split across 2 events (3)": the share of this event
_SHARE = re.compile(rf"\b{_SPLIT_VERB}\b[^.;]{{0,40}}?\b{NUM}\s+(?:\w+\s+)?(?:fatalit(?:y|ies)\s+)?each\b|\b{_SPLIT_VERB}\b[^.;(]{{0,60}}?\b{_SPLIT_UNIT}\s*\(\s*(?P<num2>\d{{1,4}})\s*\)", _FLAGS)

# ---- numbers that count no people, blanked before reading (offsets unchanged)
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|(?-i:May)|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
# Where a number that counts no people can begin: a figure, "$", or a word that begins a month,
# "age(d)" or a unit's name ("Brigade 17", "No. 4"). The pattern below is tried behind this test
# (a prefix: the same matches): its dozen alternatives were tried at every character of every
# sentence with a figure in it (profiled: 80% of the cost of masking).
_NOT_PEOPLE_WORDS = """jan feb mar apr may jun jul aug sep oct nov dec age brigade division regiment battalion corps
unit route road highway sector camp point checkpoint block building no number hill phase zone precinct ward
resolution article flight level grade chapter section gate""".split()
_NOT_PEOPLE_START = rf"(?=\$|\b(?:\d|{_word_trie(_NOT_PEOPLE_WORDS)}))"
_NOT_PEOPLE = re.compile(
    _NOT_PEOPLE_START +
    rf"(?:\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b|\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b"
    r"|\b(?:1[89]|20)\d\d\b(?!\s+(?:people|persons|civilians|soldiers|fighters|dead|deaths|killed|bodies|fatalities))"
    r"|\b\d{1,2}[:.]\d\d\b|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.|o'clock|hrs|GMT|UTC)\b"
    r"|\b\d+\s*[-/]\s*\d+\s*[-/]\s*\d+\b"
    r"|\b\d{1,3}[- ](?:years?|yrs?|months?|weeks?|days?)[- ]old\b|\baged?\s+(?:between\s+)?\d{1,3}(?:\s*(?:and|to|-)\s*\d{1,3})?"
    r"|\b\d+(?:st|nd|rd|th)\b"
    r"|\b\d+(?:[.,]\d+)?\s*(?:km|kms|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|m|cm|mm|kg|kilograms?|tons?|tonnes?|"
    r"percent|per\s+cent|%|hours?|hrs|minutes?|mins|seconds?|days?|weeks?|months?|years?|times|dollars?|"
    r"USD|euros?|rounds?|shells?|missiles?|rockets?|mortars?|drones?|vehicles?|cars?|trucks?|houses?|homes?|"
    r"buildings?|shops?|tanks?|villages?|airstrikes?|strikes?|raids?|sorties?|bombs?|IEDs?|mines?|attacks?|"
    r"families|head\s+of)\b"
    r"|\$\s*\d[\d,.]*"
    r"|\b(?:brigade|division|regiment|battalion|corps|unit|route|road|highway|sector|camp|point|checkpoint|"
    r"block|building|no\.?|number|hill|phase|zone|precinct|ward|resolution|article|flight|level|grade|"
    r"chapter|section|gate)\s*[-#]?\s*\d+\b)",
    re.IGNORECASE)
# "between 4 and 6", "8-10", "two or three", "at least 2 and as many as 5": the upper end goes
_RANGE_NUM = rf"(?:{_NUMERAL})"
_RANGE_TOP = re.compile(
    rf"(?<=\bbetween\s)(?:\s*{_RANGE_NUM})(?P<top>\s+and\s+{_RANGE_NUM})\b"
    rf"|\b{_RANGE_NUM}(?P<top2>\s*(?:-|–|—|to|or)\s*{_RANGE_NUM})\b(?!\s*(?:-|–)\s*\d)"
    rf"|\b{_RANGE_NUM}(?P<top3>\s*,?\s*(?:and|or)\s+(?:possibly\s+|perhaps\s+|reportedly\s+)?(?:as\s+many\s+as|up\s+to|"
    rf"more\s+than|over)\s+{_RANGE_NUM})\b", re.IGNORECASE)
_BETWEEN = re.compile(rf"\bbetween(?=\s+{_RANGE_NUM}\s+and\s+{_RANGE_NUM}\b)", re.IGNORECASE)


# cheap tests for _mask: every pattern of _NOT_PEOPLE holds a figure, and a range has
# numerals, figures or number words (the words as they show in `keyword_text`)
_ANY_DIGIT = re.compile(r"\d")
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
                 "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred")


def _mask(sentence: str) -> str:
    """The sentence with non-people numbers and range tops blanked to spaces."""
    has_digit = _ANY_DIGIT.search(sentence) is not None
    if not has_digit:
        words = keyword_text(sentence)
        if not any(w in words for w in _NUMBER_WORDS):
            return sentence   # no figure and no number word: nothing to blank
    chars = list(sentence)

    def blank(s: int, e: int) -> None:
        for i in range(s, e):
            chars[i] = " "

    if has_digit:
        for m in _NOT_PEOPLE.finditer(sentence):
            # keep the words of "3 rounds", blank the figure only: "3 rounds" is no group of people
            digits = re.search(r"\d[\d,.:/\-\s]*\d|\d", m.group(0))
            if digits:
                blank(m.start() + digits.start(), m.start() + digits.end())
    masked = "".join(chars)
    for m in _RANGE_TOP.finditer(masked):
        for g in ("top", "top2", "top3"):
            if m.group(g):
                blank(m.start(g), m.end(g))
    for m in _BETWEEN.finditer(masked):
        blank(m.start(), m.end())
    return "".join(chars)


# "no casualties": zero of both; "no deaths": zero fatalities; "no injuries": zero injuries
_ZERO_PATTERNS = [
    (("fatalities", "injuries"), re.compile(
        r"\b(?:no|without|did\s+not\s+(?:result\s+in|cause|lead\s+to)|didn't\s+(?:result\s+in|cause)|not\s+result\s+in|"
        r"free\s+of|there\s+were\s+no|no\s+reports?\s+of|den(?:y|ies|ied)\s+(?:that\s+)?there\s+(?:were|was))\s+(?:any\s+)?(?:human\s+)?(?:casualties|victims|human\s+losses|loss\s+of\s+life|"
        r"casualties\s+or\s+(?:significant\s+)?(?:damage|casualties))\b", re.IGNORECASE)),
    (("fatalities",), re.compile(
        r"\b(?:no|without)\s+(?:reported\s+)?(?:fatalities|deaths|one\s+(?:was\s+)?killed|dead)\b|\bno\s+one\s+(?:was\s+)?(?:killed|died)\b|"
        r"\bno\s+fatalities\s+(?:were\s+)?reported\b|\bnobody\s+(?:was\s+)?killed\b|"
        r"\bno\s+reports?\s+of\s+(?:any\s+)?(?:fatalities|deaths)|\bneither\s+(?:\w+\s+){0,2}nor\s+fatalities\b", re.IGNORECASE)),
    (("injuries",), re.compile(r"\b(?:no|without)\s+(?:reported\s+)?(?:injuries|one\s+(?:was\s+)?(?:injured|wounded))\b|"
                               r"\bno\s+one\s+(?:was\s+)?(?:injured|hurt|wounded)\b", re.IGNORECASE)),
]
# Words without which each pattern above cannot match (one must be in `keyword_text` of the
# sentence): most sentences name no loss they deny, and each pattern is a pass over the sentence
_ZERO_WORDS = [("casualt", "victim", "loss"), ("fatalit", "death", "kill", "dead", "died"), ("injur", "wound", "hurt")]
assert len(_ZERO_WORDS) == len(_ZERO_PATTERNS), "every zero pattern needs its words"
# "no information about the losses": the count is unknown, which is not zero
_UNKNOWN_PATTERNS = re.compile(
    r"\b(?:no|without|lack\s+of|there\s+is\s+no)\s+(?:any\s+)?(?:accurate\s+|precise\s+|clear\s+|immediate\s+|further\s+)?"
    r"(?:information|info|news|word|details|knowledge|reports?|figures?)\s+(?:yet\s+)?(?:about|on|of|regarding|concerning|as\s+to)\s+"
    r"(?:the\s+)?(?:extent\s+of\s+(?:the\s+)?)?(?:any\s+)?(?:human\s+)?(?:losses|casualties|victims|damage|fatalities|deaths|injuries)|"
    r"\b(?:casualties|fatalities|losses)\s+(?:are|were|remain|remained)\s+(?:unknown|unclear|not\s+known)|"
    r"\b(?:unknown|unspecified|undisclosed|unclear)\s+(?:number\s+of\s+)?(?:\w+\s+)?(?:casualties|fatalities|deaths|dead)|"
    r"\bnumber\s+of\s+(?:casualties|fatalities|dead)\s+(?:is|was|remains)\s+(?:unknown|unclear)",
    re.IGNORECASE)
_UNKNOWN_WORDS = ("loss", "casualt", "victim", "damage", "fatalit", "death", "injur", "dead")
# cheap tests, looked up in `keyword_text` (a case-insensitive search for each word gives the
# same answer; profiled: the regex alternation cost 7x more): words without which the coder's
# statements, or injuries, cannot be told
_CODER_WORDS = ("coded", "split", "spread", "divided", "distributed", "shared", "allocated", "rounded")
_INJURY_WORDS_ANY = ("wound", "injur", "hurt", "maim")
# a sentence without any of these words holds no count
_ANY_COUNT_WORDS = (
    "kill", "dead", "death", "die", "fatal", "martyr", "body", "bodies", "corpse", "remains", "wound", "injur", "hurt",
    "casualt", "execut", "assassin", "slain", "perish", "coded", "split", "spread", "divided", "distributed",
    "succumb", "murder", "behead", "massacr", "lives", "life", "toll", "victim", "losses", "lynch", "gunned",
    "slaughter")


@dataclass
class Count:
    field: str         # fatalities | injuries
    value: int | None  # None = explicitly unknown
    start: int
    end: int
    text: str
    # how the count combines with the others of its mention (see combine_counts): "" a group
    # of victims, adds up; "vague" a group told in words ("several"); "subset" inside
    # "including ..."; "ref" a group told of before ("the 5 prisoners", "killing him");
    # "total" a toll; "coded" a coder's figure for all; "extra" a coder's figure for the
    # uncounted, added; "share" this event's part of a split; "divisor" how many events share
    # the count; "applied" a split already applied in its sentence; "background" a killing
    # told as the cause or background of the event, not one of its casualties
    kind: str = ""


def _group_counts(field: str, kind: str, role: str, masked: str, s: int, e: int,
                  free) -> list[tuple[Count, tuple[int, int]]]:
    """The groups of victims in masked[s:e] ("3 soldiers and 2 civilians"), one count each,
    with the span of the number (or of the singular noun phrase) that the group is read from."""
    groups = list(_GROUP_RX.finditer(masked, s, e))
    # "struck 17 targets and 21 militants were killed": the object of a verb before the
    # list is no victim of the predicate after it
    if role == "subject" and len(groups) > 1 and _VERB_BEFORE_OBJECT.search(masked, max(0, s - 30), s):
        groups = groups[1:]
    out = []
    for i, g in enumerate(groups):
        group_kind = kind
        if g.group("num") is not None:
            ns, ne = g.span("num")
            value = parse_number(g.group("num"))
            if not kind:
                # "the two men", "both", "the 5 prisoners": a group told of before
                if re.search(r"\b(?:the|these|those|all)\s+$", masked[g.start():ns], re.IGNORECASE) \
                        or g.group("num").lower() == "both":
                    group_kind = "ref"
                elif re.fullmatch(_VAGUE, g.group("num"), re.IGNORECASE):
                    group_kind = "vague"
                # "20 fatalities", "3 deaths": a toll of the whole event, not one more group
                elif role == "toll" and g.end() == ne and \
                        re.match(r"\s+(?:fatalit|deaths|dead)", masked[ne:ne + 12], re.IGNORECASE):
                    group_kind = "total"
        elif g.group("one") is not None:
            ns, ne = g.span("one")
            value = 1
            # "repelling an attack in the village, three members were wounded": in a list, "a/an"
            # names a person only with a person's noun
            if len(groups) > 1 and not _SINGULAR_PERSON_END.search(masked, ns, ne):
                continue
        else:
            ns, ne = g.span("def")
            value = 1
            sep = masked[groups[i - 1].end():g.start()] if i else ""
            if i and i == len(groups) - 1 and "," in sep and not re.search(r"\band\b", sep):
                continue   # an apposition: "killing a man, the director of the school"
            # "The victim died": the person told of before ("his wife and two sons" are new)
            if role == "subject" and not kind and len(groups) == 1 and "'" not in g.group("def") \
                    and not re.search(r"other$", g.group("def"), re.IGNORECASE):
                group_kind = "ref"
        if value is None or value > 5000 or not free(ns, ne):
            continue
        out.append((Count(field, value, g.start(), g.end(), "", group_kind), (ns, ne)))
    # "Six civilians, three women, a man and two boys": the first group, broken down
    if len(out) >= 3 and out[0][0].value == sum(c.value for c, _ in out[1:]) and \
            "," in masked[out[0][0].end:out[1][0].start] and _CATEGORY_END.search(out[0][0].text or masked[out[0][0].start:out[0][0].end]):
        for c, _ in out[1:]:
            c.kind = "subset"
    return out


def find_counts(sentence: str) -> list[Count]:
    """Casualty counts in one sentence: numbers, zeros and explicit unknowns."""
    return [Count(c.field, c.value, c.start, c.end, c.text, c.kind) for c in _find_counts(sentence)]


@functools.lru_cache(maxsize=4096)
def _find_counts(sentence: str) -> tuple[Count, ...]:
    # cached: a sentence is read again when its claims are resolved (states_event_total,
    # adds_to_other_counts); callers get copies, so the cached counts never change
    sentence_words = keyword_text(sentence)
    if not any(w in sentence_words for w in _ANY_COUNT_WORDS):
        return ()
    masked = _mask(sentence)
    words = keyword_text(masked)
    out: list[Count] = []
    taken = bytearray(len(sentence) + 1)   # characters whose number has been read

    def free(s: int, e: int) -> bool:
        return not any(taken[s:e])

    def take(s: int, e: int) -> None:
        taken[s:e] = b"\x01" * (e - s)

    def add(c: Count, s: int, e: int) -> None:
        take(s, e)
        c.text = sentence[c.start:c.end]
        out.append(c)

    # what the coder states comes first: its numbers are no victims of their own
    if any(w in words for w in _CODER_WORDS):
        for m in _CODED.finditer(masked):
            if m.group("zero"):
                add(Count("fatalities", 0, m.start(), m.end(), "", "coded"), m.start(), m.end())
                continue
            g = next(k for k in ("num", "num2", "num3") if m.group(k))
            if g == "num" and not (_CODED_CONTEXT.search(masked, max(0, m.start() - 100), m.end())
                                   or re.match(r"\s*fatalit", masked[m.end():])):
                continue   # "coded as 2 events", "coded as Security Belt forces"
            value = parse_number(m.group(g))
            if value is not None and free(*m.span(g)):
                # "Unknown fatalities coded as 10", "an additional 5": the coder's figure for what the
                # report left uncounted, added to the known counts; "Fatalities coded as 3": for all
                before = (max(0, m.start() - 100), m.start())
                kind = "extra" if (m.group("extra") or m.group("extra2") or _UNCOUNTED_PART.search(masked, *before)) \
                    and not _CODED_FOR_ALL.search(masked, *before) else "coded"
                add(Count("fatalities", value, m.start(), m.end(), "", kind), *m.span(g))
        for m in _SHARE.finditer(masked):
            g = "num" if m.group("num") else "num2"
            value = parse_number(m.group(g))
            if value is not None and free(*m.span(g)):
                add(Count("fatalities", value, m.start(), m.end(), "", "share"), *m.span(g))
        for m in _SPLIT.finditer(masked):
            value = parse_number(m.group("num"))
            if value and free(*m.span("num")):
                add(Count("fatalities", value, m.start(), m.end(), "", "divisor"), *m.span("num"))
        if not any(c.kind in ("divisor", "share") for c in out):
            for m in _SPLIT_LIST.finditer(masked):
                n = len(re.findall(r"\s*,\s*(?:and\s+)?|\s+and\s+", m.group("names"))) + 1
                add(Count("fatalities", n, m.start(), m.end(), "", "divisor"), *m.span("names"))

    # "including 3 children": the spans whose groups are a subset of a group before
    subsets = [(m.start(), _subset_end(masked, m.end())) for m in _INCLUDING_RX.finditer(masked)]
    in_subset = bytearray(len(sentence) + 1)
    for a, b in subsets:
        in_subset[a:b] = b"\x01" * (b - a)

    has_injury = any(w in words for w in _INJURY_WORDS_ANY)
    list_starts: list[int] | None = None   # where a group can begin, read when first asked
    held = {w for w in _NEEDED_WORDS if w in words}
    for k, ((field, kind, role, rx), needed) in enumerate(zip(_COUNT_PATTERNS, _NEEDED_WORD_SETS)):
        if field == "injuries" and not has_injury:
            continue
        if any(map(held.isdisjoint, needed)):
            continue   # a group of its words of which the sentence holds none
        if k in _LIST_FIRST:
            if list_starts is None:
                list_starts = [m.start() for m in _LIST_START_RX.finditer(masked)]
            matches = finditer_from(rx, masked, list_starts)
        else:
            matches = rx.finditer(masked)
        for m in matches:
            if field == "mixed":
                take(*m.span())   # read, but deaths and injuries are not told apart
                continue
            match_kind = kind
            if field == "fatalities" and _IRREALIS_BEFORE.search(masked, max(0, m.start() - 30), m.start()):
                continue
            if role == "object" and (
                    (m.groupdict().get("nominal") and _BACKGROUND_NOMINAL.search(masked, max(0, m.start() - 60), m.start()))
                    or _BACKGROUND_WHO.search(masked, max(0, m.start() - 40), m.start())):
                match_kind = "background"
            if "list" in rx.groupindex and m.group("list") is not None:
                groups = _group_counts(field, match_kind, role, masked, *m.span("list"), free)
            else:
                gname = "one" if "one" in rx.groupindex and m.group("one") else "num"
                if not free(*m.span(gname)):
                    continue
                value = 1 if gname == "one" else parse_number(m.group("num"))
                if value is None or value > 5000:
                    continue
                groups = [(Count(field, value, m.start(), m.end(), "", match_kind), m.span(gname))]
            for c, (ns, ne) in groups:
                if c.kind == "" and in_subset[ns]:
                    c.kind = "subset"
                add(c, ns, ne)
    # groups named after "including" that no pattern reached: "killing civilians, including 2 children"
    for a, b in subsets:
        field = _subset_field(masked, a, b)
        if field:
            for c, span in _group_counts(field, "subset", "", masked, a, b, free):
                add(c, *span)

    _split_in_sentence(out, masked)
    if _MASS_GRAVE.search(masked):
        for c in out:
            if c.field == "fatalities" and c.kind not in ("coded", "extra"):
                c.kind = "background"

    for (fields, rx), needed in zip(_ZERO_PATTERNS, _ZERO_WORDS):
        if not any(w in sentence_words for w in needed):
            continue
        for m in rx.finditer(sentence):
            for field in fields:
                if not any(c.field == field for c in out):
                    out.append(Count(field, 0, m.start(), m.end(), m.group(0)))
    if any(w in sentence_words for w in _UNKNOWN_WORDS):
        for m in _UNKNOWN_PATTERNS.finditer(sentence):
            for field in ("fatalities",):
                if not any(c.field == field for c in out):
                    out.append(Count(field, None, m.start(), m.end(), m.group(0)))
    out.sort(key=lambda c: c.start)
    return tuple(out)


_SUBSET_END = re.compile(r"[;.()]|,\s*(?:and\s+|while\s+|who\s+|which\s+)?(?:were|was|had|have|has|are|is|after|when|while|as|in|on|at|by|"
                         r"killing|wounding|injuring|leaving|causing)\b"
                         r"|\s+(?:were|was|had|have|has|are|is|after|when|while|by|killed|died|wounded|injured)\b")
_DEATH_WORDS = re.compile(r"\b(?:kill\w*|dead|died|deaths?|fatalities|bodies|executed|assassinated|slain)\b", re.IGNORECASE)
_INJURY_WORDS = re.compile(r"\b(?:wound\w*|injur\w*|hurt)\b", re.IGNORECASE)


def _split_in_sentence(out: list[Count], masked: str) -> None:
    """Apply a split to the figure it is told with: "coded as 10 and split, 5 each", "killed 3
    more civilians, with the 3 fatalities split between 3 locations", "20 fatalities split
    between 3 events". The coder's figure is split when there is one, else the sentence's
    groups; a split told apart ("Fatalities split between 2 events.") stays for the mention."""
    splits = [c for c in out if c.kind in ("divisor", "share")]
    if not splits:
        return
    split = splits[-1]

    def near(c: Count) -> bool:   # in the same statement: close, and no full stop between them
        a, b = (c.end, split.start) if c.end <= split.start else (split.end, c.start)
        return b - a <= 300 and not re.search(r"\.\s", masked[a:b])
    parts = [c for c in out if c.field == "fatalities" and c.value is not None and c.kind in ("coded", "extra")
             and near(c)] or \
        [c for c in out if c.field == "fatalities" and c.value is not None and c.kind in ("total", "", "vague") and near(c)]
    if not parts:
        return
    total = sum(c.value for c in parts)
    value = split.value if split.kind == "share" else _share(total, split.value)
    kinds = {c.kind for c in parts}
    kind = kinds.pop() if len(kinds) == 1 else ""
    dropped = {id(c) for c in parts}
    out[:] = [c for c in out if id(c) not in dropped]
    for c in splits:
        c.kind = "applied"
    out.append(Count("fatalities", value, min(c.start for c in parts), max(c.end for c in parts),
                     " … ".join(c.text for c in parts), "" if kind == "vague" else kind))


def _subset_end(masked: str, pos: int) -> int:
    """Where an 'including ...' list ends: at a clause break or the verb that follows it."""
    m = _SUBSET_END.search(masked, pos)
    return m.start() if m else len(masked)


def _subset_field(masked: str, start: int, end: int) -> str | None:
    """Whether an 'including ...' list names dead or wounded: the word that governs it."""
    before = masked[max(0, start - 80):start]
    after = masked[end:end + 40]
    for text, last in ((after, False), (before, True)):
        hits = [(m.start(), "fatalities") for m in _DEATH_WORDS.finditer(text)] + \
               [(m.start(), "injuries") for m in _INJURY_WORDS.finditer(text)]
        if hits:
            return (max(hits) if last else min(hits))[1]
    return None


def combine_counts(counts: list[Count]) -> tuple[int | None, int, int]:
    """One value from the counts of one field that one mention gives, with the span they cover.

    - distinct groups add up ("killing 3 soldiers and 2 civilians"); a toll ("the toll rose
      to 9", "4 fatalities") stands for them;
    - the groups of "including 3 children" are part of a group already counted, and so are
      back-references ("the 5 prisoners", "killing him"): they give the value only when
      nothing else does; a killing told as background ("protests over the killing of a
      driver") gives none;
    - a coder's figure for all fatalities ("Fatalities coded as 3") is the value; a figure for
      what the report left uncounted ("the unknown number of IS fatalities coded as 10",
      "1 additional fatality coded") replaces vague words ("several") and adds to the known
      counts;
    - a split told apart from any figure ("Fatalities split between 2 events.") gives this
      event's share of the value (rounded half down), or the share it states ("(3)");
    - only unknowns give None.
    """
    known = [c for c in counts if c.value is not None and c.kind not in ("background", "applied")]
    if not known:
        rest = [c for c in counts if c.value is None] or counts
        return None, rest[0].start, rest[0].end
    by_kind: dict[str, list[Count]] = {}
    for c in known:
        by_kind.setdefault(c.kind, []).append(c)
    extras = by_kind.get("extra", [])
    used: list[Count] = []
    if "coded" in by_kind:
        used = by_kind["coded"][-1:]
    else:
        for kind in ("total", "", "vague", "subset", "ref"):
            if kind not in by_kind or (extras and kind in ("vague", "subset", "ref")):
                continue
            used = by_kind[kind][-1:] if kind in ("total", "ref") else list(by_kind[kind])
            if kind == "" and not extras:
                used += by_kind.get("vague", [])
            break
        used += extras
    if "share" in by_kind:
        share = by_kind["share"][-1]
        return share.value, share.start, share.end
    if not used:
        return None, counts[0].start, counts[0].end   # a split alone
    value = sum(c.value for c in used)
    if "divisor" in by_kind:
        divisor = by_kind["divisor"][-1]
        value = _share(value, divisor.value)
        used.append(divisor)
    return value, min(c.start for c in used), max(c.end for c in used)


def _share(total: int, parts: int) -> int:
    """One event's share of a total split between `parts` events, rounded half down: ACLED
    gives the odd unit to some events only (10 over 4 -> 2, 3, 2, 3; 3 over 2 -> 1, 2)."""
    return -((parts - 2 * total) // (2 * parts)) if parts > 0 else total   # ceil(total/parts - 1/2)


def states_event_total(sentence: str, field: str = "fatalities") -> bool:
    """Whether a sentence gives the whole event's count of a field rather than one group of it:
    a coded figure ("Fatalities coded as 3"), a share of a split total, or a toll ("4 fatalities")."""
    return any(c.field == field and c.kind in ("coded", "share", "total") for c in _find_counts(sentence))


def is_coder_statement(counts: list[Count]) -> bool:
    """Whether counts hold what a coder states of the document's event ("fatalities coded as
    10", "split between 3 locations", "5 each"), as ACLED notes do after the report."""
    return any(c.kind in ("coded", "extra", "share", "divisor", "applied") for c in counts)


# "2 militants were also killed", "another civilian died", "In addition, 8 civilians were killed",
# "2 other policemen": victims on top of those counted before
_ADDITIONAL_BEFORE = re.compile(r"\b(?:also|another|other|additional|further|more)\s+$", re.IGNORECASE)
_ADDITIONAL_IN = re.compile(r"\b(?:another|other|additional|further)\b|\bmore\b(?!\s+than)", re.IGNORECASE)
_ADDITIONAL_AFTER = re.compile(r"^\s+(?:(?:were|was|have\s+been|had\s+been|are)\s+)?(?:reportedly\s+)?also\b", re.IGNORECASE)
_ADDITIONAL_OPENING = re.compile(r"^\W*(?:in\s+addition|additionally|also|besides|moreover|furthermore)\b", re.IGNORECASE)


def adds_to_other_counts(sentence: str, field: str = "fatalities") -> bool:
    """Whether a sentence counts victims on top of those a report counted before it, so that
    its count adds to theirs rather than competing with them."""
    for c in _find_counts(sentence):  # read only: the cached counts themselves
        if c.field != field or not c.value or c.kind not in ("", "vague", "extra"):
            continue
        if _ADDITIONAL_BEFORE.search(sentence, max(0, c.start - 12), c.start) or _ADDITIONAL_IN.search(c.text) \
                or _ADDITIONAL_AFTER.match(sentence[c.end:c.end + 30]) or _ADDITIONAL_OPENING.match(sentence):
            return True
    return False


def outlet_spans(text: str) -> list[tuple[int, int, str]]:
    """Where outlets are named: a place inside an outlet's name ('New York Times') is no place."""
    return list(_outlets_holding(text, _OUTLET_KEYWORDS.held(text.lower())))


def _outlets_holding(text: str, held: set[str]) -> tuple[tuple[int, int, str], ...]:
    """`outlet_spans` of a text that holds these outlet words."""
    if not held:
        return ()
    present = {i for key, i in _OUTLET_WORDS if key in held}
    return tuple(leftmost_matches([(_OUTLET_RX[i], _OUTLET_NAMES[i]) for i in sorted(present)], text))


# Words without which an outlet's pattern cannot match, in the order of OUTLETS: a sentence
# is only searched for the outlets whose words it holds (a pass over all patterns cost
# ~0.1 ms a sentence). A word in capitals is one the pattern takes only whole (\bAP\b):
# it is looked for as a word, since "ap" and "ria" are in most sentences ("captured",
# "Syria"; on the bench's 1,000-word articles they sent 2 sentences in 5 to the patterns).
_OUTLET_KEYS = [
    ("reuters",), ("AFP", "agence", "france"), ("associated", "AP"), ("mayad",), ("sputnik",),
    ("SANA", "syrian arab"), ("tv", "television"), ("observatory", "SOHR"), ("new york", "NYT"), ("washington",),
    ("wall street",), ("CNN",), ("BBC",), ("jazeera",), ("arabiya",), ("asharq",), ("rudaw",), ("kurdistan",),
    ("north press",), ("hawar", "ANHA"), ("anadolu",), ("TASS",), ("RIA",), ("xinhua",), ("IRNA",), ("tasnim",),
    ("FARS",), ("tv",), ("zor",), ("enab",), ("STEP",), ("shaam", "SHAM"), ("syria tv",), ("hadath",),
    ("manar",), ("tolo",), ("pajhwok",),
]
assert len(_OUTLET_KEYS) == len(OUTLETS), "every outlet needs its words"
_OUTLET_WORDS = [(whole(key.lower()) if key.isupper() else key, i) for i, keys in enumerate(_OUTLET_KEYS) for key in keys]
_OUTLET_KEYWORDS = KeywordSet(key for key, _ in _OUTLET_WORDS)


@dataclass
class SentenceWords:
    """What one sentence holds of the words attribution reads: its outlets, as `outlet_spans`
    gives them, and its report words."""
    outlets: list[tuple[int, int, str]]
    report: set[str]


class DocumentWords:
    """The outlet and report words of a document's sentences, each set found in one pass over
    the document (profiled: two passes a sentence cost 4% of the run on 1,000-word articles)."""

    def __init__(self, text: str):
        self._text = text
        self._outlets = KeywordSpans(_OUTLET_KEYWORDS, text, str.lower)
        self._report = KeywordSpans(_REPORT_KEYWORDS, text, keyword_text)

    def sentence(self, s: int, e: int) -> SentenceWords:
        return SentenceWords(list(_outlets_holding(self._text[s:e], self._outlets.held(s, e))),
                             self._report.held(s, e))

# one regex an outlet, each compiled once (see `leftmost_matches`)
_OUTLET_RX = [word_start_regex([p]) for p in OUTLETS.values()]
