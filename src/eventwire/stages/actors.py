"""Who acted and who was targeted: actor names found in text, named consistently.

A table of patterns maps the many ways news names a side ("pro-Iranian groups",
"Iranian-backed militias", "regime forces") to one canonical actor name. Roles
(actor1 = who acted, actor2 = the target or other side) are read from local cues
around each mention: "by X", "targeting X", "X shelled", "X base", "US strikes".
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .keywords import KeywordSet, KeywordSpans, whole

# "JNIM militants", "NPA rebels": a group's name and the word for its members are one mention
_MEMBERS = r"(?:\s+(?:rebels|militants|fighters|militias?|militiamen|guerrillas|members|cadres))?"
# canonical name -> patterns (regex fragments, case-insensitive unless they start with (?-i))
ACTOR_PATTERNS: dict[str, list[str]] = {
    "Iran-backed militias": [
        r"(?:pro-?\s?iran(?:ian)?|iran(?:ian)?[- ]backed|iran(?:ian)?[- ]supported|iran(?:ian)?[- ]aligned)\s+(?:armed\s+)?(?:groups?|militias?|factions?|forces|fighters|proxies)",
        r"iranian\s+(?:militias?|proxies|advis[eo]rs|forces|revolutionary guards?)",
        r"(?:the\s+)?militias?\s+(?:loyal\s+to|backed\s+by|affiliated\s+with)\s+iran",
        r"revolutionary guards?|\bIRGC\b|quds force",
    ],
    "International Coalition": [
        r"(?:us|u\.s\.|american)[- ]led\s+(?:international\s+)?coalition",
        r"international\s+coalition(?:\s+(?:forces|troops|to\s+combat\s+isis))?",
        r"coalition\s+(?:forces|troops|aircraft|warplanes|jets|base|bases)",
        r"(?:the\s+)?coalition(?=\s+(?:base|bases|forces|troops|aircraft|warplanes|jets))",
        r"(?:us|american)\s+coalition",
    ],
    "US forces": [
        r"(?:us|u\.s\.|american|united\s+states)\s+(?:occupation\s+)?(?:forces|troops|soldiers|army|military|marines|service\s*members|personnel|warplanes|aircraft|jets|drones?|helicopters)",
        r"(?:the\s+)?pentagon\b|us\s+department\s+of\s+defen[cs]e|department\s+of\s+defen[cs]e",
        r"american\s+occupation(?:\s+forces)?|us\s+occupation(?:\s+forces)?",
        r"\bcentcom\b|central\s+command",
        r"(?:us|u\.s\.|american)(?=\s+(?:air\s*strikes?|airstrikes?|strikes?|attacks?|raids?|bombing|bombardment|drone\s+strikes?|shelling)\b)",
    ],
    "SDF": [
        r"syrian\s+democratic\s+forces|\bSDF\b|\bQSD\b",
        r"(?:syrian\s+)?kurdish(?:-led)?\s+(?:forces|fighters|militias?|units)",
        r"\bYPG\b|\bYPJ\b|people'?s\s+protection\s+units|asayish",
    ],
    "Syrian government forces": [
        r"(?:syrian\s+)?regime\s+(?:forces|troops|army|soldiers|warplanes|aircraft|helicopters|artillery)",
        r"pro-?regime\s+(?:forces|militias?|fighters)",
        r"syrian\s+(?:government\s+)?(?:army|forces|troops|soldiers|warplanes|air\s+force)|\bSAA\b",
        r"assad(?:'s)?\s+(?:forces|regime|troops)|(?:syrian\s+)?government\s+forces(?=.{0,40}syria)",
    ],
    "Russian forces": [
        r"russian\s+(?:forces|troops|military|warplanes|aircraft|jets|army|air\s+force|helicopters|drones?)",
    ],
    "Turkish forces": [
        r"turkish\s+(?:forces|troops|military|army|warplanes|aircraft|jets|drones?|artillery|armed\s+forces)",
    ],
    "Israeli forces": [
        r"israeli\s+(?:forces|troops|military|army|warplanes|aircraft|jets|drones?|air\s+force|defen[cs]e\s+forces)|\bIDF\b",
    ],
    "Syrian National Army": [
        r"syrian\s+national\s+army|\bSNA\b|turkish-backed\s+(?:factions|groups|fighters|forces|rebels)|\bTFSA\b",
    ],
    "Hayat Tahrir al-Sham": [r"hayat\s+tahrir\s+al-?sham|\bHTS\b|tahrir\s+al-?sham|nusrah?\b"],
    "Islamic State": [
        r"islamic\s+state|\bISIS\b|\bISIL\b|\bIS(?=\s+(?:fighters|militants|cells?|members|group))|\bdaesh\b|\bdaish\b",
        r"\bISGS\b" + _MEMBERS,
    ],
    "Hezbollah": [r"hez?bollah|hizbullah|hizballah"],
    # the Tribal Mobilization (Hashd al-Asha'iri) serves under the PMF's commission
    "Popular Mobilization Forces": [r"(?:popular|tribal)\s+mobili[sz]ation(?:\s+(?:forces|units|committees?))?|"
                                    r"\bPMF\b|\bPMU\b|hashd(?:\s+al-?(?:shaabi|asha'?iri))?"],
    "Iraqi security forces": [r"iraqi\s+(?:security\s+forces|forces|army|troops|police|soldiers|counter-?terrorism\s+service)|\bISF\b"],
    "Peshmerga": [r"peshmerga"],
    "PKK": [r"\bPKK\b|kurdistan\s+workers'?\s+party"],
    "Taliban": [r"taliban"],
    "Afghan security forces": [r"afghan\s+(?:security\s+)?(?:forces|army|troops|police|soldiers|national\s+army)|\bANSF\b|\bANDSF\b|\bANA\b"],
    "Al-Shabaab": [r"al[-\s]?shabaa?b"],
    "Boko Haram": [r"boko\s+haram|\bISWAP\b"],
    # Yemen: the Houthis (Ansar Allah), the government and the forces allied with it against
    # the Houthis, the Southern Transitional Council, the Saudi-led coalition
    "Houthi forces": [r"(?<!anti-)(?<!anti\s)(?:pro-?\s?)?houthis?(?:\s+(?:forces|fighters|militias?|militants|rebels|"
                      r"movement|group|gunmen))?|ansar\s+allah"],
    "Yemeni government forces": [
        r"(?:pro-?\s?)?hadi(?:\s+government)?\s+(?:forces|fighters|troops|soldiers)|"
        r"anti-?\s?houthi\s+(?:[\w-]+\s+){0,2}?(?:forces|fighters|troops)|"
        r"(?:national|popular|hazamiyah)\s+resistance\s+(?:forces|fighters)"],
    "Southern Transitional Council": [r"(?:pro-?\s?)?\bSTC\b(?:\s+(?:forces|fighters))?|southern\s+transitional\s+council|"
                                      r"security\s+belt(?:\s+forces)?|southern\s+resistance\s+(?:forces|fighters)"],
    "Saudi-led coalition": [r"saudi[- ]led\s+coalition|arab\s+coalition|saudi\s+(?:forces|troops|military|warplanes|"
                            r"aircraft|jets|border\s+guards?|artillery|army)"],
    # Ukraine
    "Ukrainian forces": [r"ukrainian\s+(?:armed\s+)?(?:forces|troops|army|military|soldiers|servicemen)"],
    "Donbass separatists": [r"(?:donbass|donbas|donetsk|luhansk|lugansk)\s+people'?s\s+(?:militia|republic)|"
                            r"\b(?:DPR|LPR)\b(?:\s+(?:forces|fighters|militia))?"],
    # Libya
    "Libyan National Army": [r"\bLNA\b|libyan\s+(?:national\s+)?arab\s+armed\s+forces|libyan\s+national\s+army|"
                             r"haftar(?:'s)?\s+forces|forces\s+loyal\s+to\s+(?:khalifa\s+)?haftar"],
    "Government of National Accord": [r"\bGNA\b|government\s+of\s+national\s+accord"],
    # the Sahel and Central Africa
    "JNIM": [r"(?:\bJNIM\b|(?:jama'?at\s+)?nus?rat\s+al-?islam(?:\s+wal?[-\s]?muslimin)?)" + _MEMBERS],
    "Fulani militia": [r"fulani\s+(?:ethnic\s+)?(?:militias?|militiamen|gunmen)"],
    "ADF": [r"(?:\bADF\b|allied\s+democratic\s+forces)" + _MEMBERS],
    "CODECO": [r"\bCODECO\b" + _MEMBERS],
    "Mai-Mai militia": [r"may?i[- ]may?i(?:\s+(?:militias?|militiamen|fighters|group))?"],
    "French forces": [r"french\s+(?:(?:operation\s+)?barkhane\s+)?(?:forces|troops|soldiers|military|army)|"
                      r"(?:operation\s+)?barkhane(?:\s+forces)?"],
    # South and Southeast Asia, the Americas
    "Maoist rebels": [r"maoists?(?:\s+(?:rebels|militants|cadres|insurgents))?|naxal(?:ite)?s?|\bCPI\s*\(\s*maoist\s*\)"],
    "NPA": [r"(?:\bNPA\b|new\s+people'?s\s+army)" + _MEMBERS],
    "Abu Sayyaf": [r"abu\s+sayy?af"],
    "ELN": [r"(?:\bELN\b|national\s+liberation\s+army)" + _MEMBERS],
    "FARC dissidents": [r"\bFARC\b(?:\s+dissidents)?"],
    "Police forces": [r"\bpolice(?:\s+(?:forces|officers?|men))?\b|\bpolicem[ae]n"],
    "Military forces": [r"(?:the\s+)?(?:army|soldiers|troops|security\s+forces|armed\s+forces|military\s+(?:forces|personnel|units?))|"
                        r"govt\.?\s+(?:forces|troops|soldiers)|\bFARDC\b|\bFAMa\b|gendarmerie(?:\s+forces)?|gendarmes"],
    "Rebel groups": [r"rebels?\b|opposition\s+(?:factions|fighters|forces|groups)|armed\s+opposition|insurgents"],
    "Unidentified armed group": [
        r"(?:unidentified|unknown)\s+(?:armed\s+)?(?:gunmen|assailants|attackers|men|group|militants|persons|individuals)",
        r"gunmen|armed\s+men|unknown\s+assailants",
    ],
    "Protesters": [r"protesters|demonstrators|protestors"],
    "Rioters": [r"rioters|mobs?\b"],
    "Civilians": [
        r"civilians?|(?:a|two|three|\d+)\s+(?:children|women|farmers?|shepherds?|boys?|girls?|residents?)|children|innocent\s+people|villagers|residents",
    ],
}

# "Russian strikes", "Israeli raids": a state named as an adjective of an attack noun acts
_ADJ_ATTACK = (r"(?=\s+(?:air\s*strikes?|airstrikes?|strikes?|attacks?|raids?|bombing|bombardment|drone\s+strikes?|"
               r"shelling)\b)")
for _name, _adj in (("Russian forces", "russian"), ("Turkish forces", "turkish"), ("Israeli forces", "israeli")):
    ACTOR_PATTERNS[_name].append(_adj + _ADJ_ATTACK)

_ADJ_ATTACK_RX = re.compile(_ADJ_ATTACK, re.IGNORECASE)


class _StartsSearch:
    """A regex whose matches all begin at known places: `search` tries it at those alone."""
    __slots__ = ("rx", "starts")

    def __init__(self, rx: re.Pattern, starts: list[int]):
        self.rx, self.starts = rx, starts

    def search(self, text: str, pos: int, endpos: int) -> re.Match | None:
        starts, match = self.starts, self.rx.match
        for k in range(bisect_left(starts, pos), len(starts)):
            at = starts[k]
            if at >= endpos:
                return None
            m = match(text, at, endpos)   # \b and look-behinds see the text before `at`, as a search does
            if m is not None:
                return m
        return None


# a few broad patterns only count when nothing more specific overlaps them
_GENERIC = {"Military forces", "Police forces", "Rebel groups", "Civilians"}


def leftmost_matches(regexes: list[tuple[re.Pattern, str]], text: str, pos: int = 0,
                     endpos: int | None = None, starts: list[list[int]] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, name) of what one alternation of these regexes, in this order, finds in
    `text` (from `pos` to `endpos`, as `re.finditer` takes them): the leftmost match, the
    earliest regex at a tie, then on from its end. Each regex is compiled once, instead of one
    alternation compiled for every set of names a text calls for (profiled: compiling them
    cost 10% of the run on ACLED notes). The regexes must not match the empty string.

    `starts`, one ascending list a regex, says where each regex's matches may begin (the
    places its `first_words` stand): it is then tried there instead of searched for."""
    endpos = len(text) if endpos is None else endpos
    if starts is not None:
        regexes = [(_StartsSearch(rx, at), name) for (rx, name), at in zip(regexes, starts)]
    nexts = [rx.search(text, pos, endpos) for rx, _ in regexes]
    out: list[tuple[int, int, str]] = []
    while True:
        best, name = None, ""
        for k, m in enumerate(nexts):
            if m is not None and m.start() < pos:
                # overtaken by the match before: its next match from here (one at or past
                # `pos` stays: it is where a search from `pos` would find it)
                m = nexts[k] = regexes[k][0].search(text, pos, endpos)
            if m is not None and (best is None or m.start() < best.start()):
                best, name = m, regexes[k][1]
        if best is None:
            return out
        out.append((best.start(), best.end(), name))
        pos = best.end()


def _first_letters(pattern: str, flags: int = re.IGNORECASE) -> set[str] | None:
    """The letters (lower case) a match of `pattern` must begin with, compared without case,
    or None when that is not plain from its words (a character class or a lookaround first)."""
    try:
        from re import _constants as sre, _parser
        tree = _parser.parse(pattern, flags)
    except Exception:  # a Python whose parser differs: no guard, same matches
        return None
    letters: set[str] = set()

    def may_be_empty(items) -> bool:  # collects first letters; True when items can match ""
        for op, av in items:
            if op is sre.AT:
                continue  # \b: zero width
            if op is sre.LITERAL and chr(av).isalpha():
                letters.add(chr(av).lower())
                return False
            if op is sre.SUBPATTERN:  # a group, with scoped flags or not
                if not may_be_empty(av[3].data):
                    return False
            elif op is sre.BRANCH:
                if not any([may_be_empty(alt.data) for alt in av[1]]):
                    return False
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
                if not may_be_empty(av[2].data) and av[0] > 0:
                    return False
            else:
                raise ValueError(op)
        return True

    try:
        return None if may_be_empty(tree.data) else letters
    except ValueError:
        return None


def _top_alternatives(body: str) -> list[str]:
    """The alternatives of a regex: split at each | outside groups and character classes."""
    out, current, depth, in_class, i = [], [], 0, False, 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            current.append(body[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            if body[i + 1:i + 2] == "]" or body[i + 1:i + 3] == "^]":  # "[]...]": a literal ]
                current.append(body[i:i + 2])
                i += 2
                continue
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append("".join(current))
            current = []
            i += 1
            continue
        current.append(ch)
        i += 1
    out.append("".join(current))
    return out


_LETTERS_PER_BIN = 5  # see `letter_grouped`


def letter_grouped(body: str) -> str:
    """The alternation `body` with its alternatives grouped by the letter they begin with,
    each group behind a lookahead on that letter. The matches are the same (at a position only
    the alternatives beginning with its letter can match, and they keep their order), but
    at each word only those are tried: for a long list of trigger words, 4-7x faster.
    `body` unchanged when an alternative's first letter is not plain."""
    groups: dict[str, list[str]] = {}
    for alternative in _top_alternatives(body):
        letters = _first_letters(alternative)
        if not letters or not all(len(ch) == 1 and ch.isascii() for ch in letters):
            return body
        for letter in letters:
            groups.setdefault(letter, []).append(alternative)
    # The letter groups go in bins of a few letters, each behind a test of its letters: at a
    # word, about 10 lookaheads instead of up to 26 (profiled: 1.5x faster on the trigger
    # words of 1,000-word articles; bins of 3 to 8 letters all did as well as 5).
    letters = sorted(groups)
    bins = [letters[k:k + _LETTERS_PER_BIN] for k in range(0, len(letters), _LETTERS_PER_BIN)]
    return "(?=(?i:[" + "".join(letters) + "]))(?:" + "|".join(
        "(?=(?i:[" + "".join(b) + "]))(?:" + "|".join(f"(?=(?i:{c}))(?:{'|'.join(groups[c])})" for c in b) + ")"
        for b in bins) + ")"


def first_letter_guarded(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern:
    """`pattern` compiled behind a lookahead on the letters its matches can begin with (when
    its words tell): the same matches, but at most positions one test instead of every
    alternative (profiled: 2x faster for the IED words on 1,000-word articles, whose
    alternatives do not start at a word boundary)."""
    letters = _first_letters(pattern, flags)
    if not letters or not all(len(ch) == 1 and ch.isascii() for ch in letters):
        return re.compile(pattern, flags)
    cased = "" if flags & re.IGNORECASE else "".join(sorted(ch.upper() for ch in letters))
    return re.compile(f"(?=[{''.join(sorted(letters))}{cased}])(?:{pattern})", flags)


def word_start_regex(patterns: list[str]) -> re.Pattern:
    """One case-insensitive regex for patterns that each start at a word, the earlier winning
    at a tie: the boundary is tested first, then (where the patterns tell) the first letter,
    which spares trying every alternative at most words (profiled: 5x faster on 1,000-word
    articles for the boundary, 1.6x more for the letter)."""
    body = "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")"
    letters = _first_letters(body)
    guard = f"(?=[{''.join(sorted(letters))}])" if letters else ""
    return re.compile(r"\b" + guard + body, re.IGNORECASE)


_ACTOR_RX = {name: word_start_regex(patterns) for name, patterns in ACTOR_PATTERNS.items()}


# Words without which an actor's patterns cannot match: a sentence is only searched for
# the actors whose words it holds (profiled: the regex pass over every pattern was the
# largest cost per sentence on 1,000-word articles).
KEYWORDS: dict[str, tuple[str, ...]] = {
    "Iran-backed militias": ("iran", "revolutionary guard", "IRGC", "quds"),
    "International Coalition": ("coalition",),
    "US forces": ("US", "u.s.", "american", "united states", "pentagon", "defen", "centcom", "central command"),
    "SDF": ("syrian democratic", "SDF", "QSD", "kurdish", "YPG", "YPJ", "protection units", "asayish"),
    "Syrian government forces": ("regime", "syrian", "SAA", "assad", "government forces"),
    "Russian forces": ("russian",),
    "Turkish forces": ("turkish",),
    "Israeli forces": ("israeli", "IDF"),
    "Syrian National Army": ("national army", "SNA", "turkish-backed", "TFSA"),
    "Hayat Tahrir al-Sham": ("tahrir", "HTS", "nusra"),
    "Islamic State": ("islamic state", "ISIS", "ISIL", "IS", "daesh", "daish", "ISGS"),
    "Hezbollah": ("hezbollah", "hizbullah", "hizballah", "hebollah"),
    "Popular Mobilization Forces": ("mobili", "PMF", "PMU", "hashd"),
    "Iraqi security forces": ("iraqi", "ISF"),
    "Peshmerga": ("peshmerga",),
    "PKK": ("PKK", "workers"),
    "Taliban": ("taliban",),
    "Afghan security forces": ("afghan", "ANSF", "andsf", "ANA"),
    "Al-Shabaab": ("shabaab", "shabab"),
    "Boko Haram": ("boko", "iswap"),
    "Houthi forces": ("houthi", "ansar allah"),
    "Yemeni government forces": ("hadi", "houthi", "resistance"),
    "Southern Transitional Council": ("STC", "southern transitional", "security belt", "southern resistance"),
    "Saudi-led coalition": ("saudi", "arab coalition"),
    "Ukrainian forces": ("ukrainian",),
    "Donbass separatists": ("people's militia", "peoples militia", "people's republic", "peoples republic", "DPR",
                            "LPR"),
    "Libyan National Army": ("LNA", "libyan", "haftar"),
    "Government of National Accord": ("GNA", "national accord"),
    "JNIM": ("JNIM", "nusrat", "nurat"),
    "Fulani militia": ("fulani",),
    "ADF": ("ADF", "allied democratic"),
    "CODECO": ("codeco",),
    "Mai-Mai militia": ("MAI", "mayi"),
    "French forces": ("french", "barkhane"),
    "Maoist rebels": ("maoist", "naxal"),
    "NPA": ("NPA", "people"),
    "Abu Sayyaf": ("sayyaf", "sayaf"),
    "ELN": ("ELN", "liberation army"),
    "FARC dissidents": ("FARC",),
    "Police forces": ("police",),
    "Military forces": ("army", "soldier", "troops", "security forces", "armed forces", "military", "govt", "fardc",
                        "FAMA", "gendarm"),
    "Rebel groups": ("rebel", "opposition", "insurgent"),
    "Unidentified armed group": ("unidentified", "unknown", "gunmen", "armed men"),
    "Protesters": ("protest", "demonstrat"),
    "Rioters": ("rioter", "mob"),
    "Civilians": ("civilian", "children", "women", "farmer", "shepherd", "boy", "girl", "resident", "innocent",
                  "villager"),
}
assert set(KEYWORDS) == set(ACTOR_PATTERNS), "every actor needs its keywords"
# A word in capitals is one its actor's patterns take only whole (\bSDF\b, "US forces"): it
# is looked for as a word, since "us", "is" and "ana" are in most sentences ("because",
# "this", "Ghana", "analysts").
_ACTOR_WORDS = [(word.lower(), name) for name, words in KEYWORDS.items() for word in words]
_WHOLE_ACTOR_WORDS = frozenset(word.lower() for words in KEYWORDS.values() for word in words if word.isupper())
# ASCII words: a word that a part of a text holds, lower-cased, the whole text holds too
# (lower-casing turns no two characters into one ASCII word), see `DocumentActors`
assert all(word.isascii() for word, _ in _ACTOR_WORDS), "actor words must be ASCII"
# each (word, actor) pair with its keyword: the word, or the word standing alone
_ACTOR_KEYS = [(whole(word) if word in _WHOLE_ACTOR_WORDS else word, (word, name)) for word, name in _ACTOR_WORDS]
_ACTOR_KEYWORDS = KeywordSet(key for key, _ in _ACTOR_KEYS)


# cues that put an actor in the target role (actor2) when they come just before it; searched
# before every actor, behind a test of their first letters (they may start inside a word)
_TARGET_BEFORE = first_letter_guarded(
    r"(?:target(?:ing|ed|s)?|against|on|at|struck|hit|attack(?:ed|s)?\s+on|bases?\s+of|positions?\s+of|"
    r"locations?\s+of|headquarters\s+of|convoy\s+of|killed|killing|wounded|wounding|injured|injuring|"
    r"kidnapped|abducted|shot|ambushed|among|toward|towards)\s+(?:the\s+|a\s+|an\s+|\w+\s+)?$")
# "by X" makes X the agent when an attack word comes shortly before ("the attack on our
# forces Thursday by X"), but not "used by X", "backed by X"
_BY = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
_NOT_AGENT_BY = re.compile(r"\b(?:used|backed|led|supported|operated|controlled|held|run|owned|occupied|affiliated|"
                           r"allied|funded|armed|trained|sponsored|followed|surrounded|hosted|stationed|"
                           r"accompanied|announced|reported|confirmed|claimed|published)\s+by\s+(?:the\s+)?$",
                           re.IGNORECASE)
_ATTACK_WORD = re.compile(r"\b(?:attack\w*|strikes?|struck|shell\w*|bomb\w*|raids?|carried\s+out|launched|fired|"
                          r"conducted|targeted|killed|wounded|perpetrated|committed|ambush\w*|assault\w*|"
                          r"abducted|kidnapped|executed|shot)\b", re.IGNORECASE)
# what follows an actor and makes it the target: "X were subjected to", "X came under", "X base"
_TARGET_AFTER = re.compile(
    r"^\s*(?:'s\s+)?(?:were|was|are|is|have\s+been|had\s+been)\s*(?:subjected|targeted|hit|attacked|struck|"
    r"killed|wounded|injured|shelled|bombed)|"
    r"^[^.;,]{0,60}?\b(?:were|was|have\s+been|had\s+been)\s+(?:subjected|targeted|hit|attacked|struck|killed|"
    r"wounded|injured|shelled|bombed)\b|^[^.;,]{0,60}?\bcame\s+under\b|^\s*(?:'s\s+)?(?:military\s+|army\s+|occupation\s+)?"
    r"(?:bases?|positions?|posts?|checkpoints?|convoys?|vehicles?|patrols?|headquarters|sites?|camps?)\b|"
    r"^[^.;]{0,40}\b(?:repulsed|repelled|intercepted|shot\s+down|thwarted|foiled)\b",
    re.IGNORECASE)
# what follows an actor and makes it the agent: "X shelled", "X launched", "US strikes"
_AGENT_AFTER = re.compile(
    r"^\s*(?:'s\s+)?(?:\w+\s+)?(?:shelled|launched|fired|attacked|struck|bombed|targeted|carried\s+out|"
    r"conducted|killed|shot|ambushed|stormed|raided|seized|captured|took\s+control|executed|abducted|kidnapped|"
    r"clashed|detonated|planted|arrested|detained|opened\s+fire)\b|"
    r"^\s*(?:'s\s+)?(?:air\s*strikes?|strikes?|drone\s+strikes?|raids?|attacks?|shelling|bombardment|bombing|"
    r"missiles?|rockets?|artillery)\b",
    re.IGNORECASE)


@dataclass
class ActorMention:
    start: int
    end: int
    text: str
    name: str
    role: str | None  # "actor1" | "actor2" | None (undecided)


def find_actors(text: str) -> list[ActorMention]:
    """Every actor named in `text`, longest match first, with a role where local cues say one
    (for the sentences of a document, `DocumentActors` finds the words of all in one pass)."""
    return DocumentActors(text).find(0, len(text))


_NAMES_OF_KEY: dict[str, set[str]] = {}
for _key, (_word, _name) in _ACTOR_KEYS:
    _NAMES_OF_KEY.setdefault(_key, set()).add(_name)


class DocumentActors:
    """`find_actors` for the sentences of one document: the actor words of the whole document
    are found in one pass, and each sentence takes those inside it (profiled: a pass a sentence
    cost more than the patterns it spared). Trying each pattern only where the words it
    begins with stand was measured too, and was slower: "the" begins the army's."""

    def __init__(self, text: str):
        self._text = text
        self._words = KeywordSpans(_ACTOR_KEYWORDS, text, str.lower)

    def find(self, s: int, e: int) -> list[ActorMention]:
        """`find_actors(text[s:e])`."""
        present: set[str] = set()
        for key in self._words.held(s, e):
            present |= _NAMES_OF_KEY[key]
        return _actors_in(self._text[s:e], present)


def _actors_in(text: str, present: set[str]) -> list[ActorMention]:
    """The actors of `text` among those whose words it holds."""
    if not present:
        return []
    active = [n for n in KEYWORDS if n in present]
    kept = leftmost_matches([(_ACTOR_RX[n], n) for n in active if n not in _GENERIC], text)
    # generic names ("the army", "civilians") only where no specific one stands
    generic = [(_ACTOR_RX[n], n) for n in active if n in _GENERIC]
    if generic:
        specific = list(kept)
        kept.extend((s, e, name) for s, e, name in leftmost_matches(generic, text)
                    if not any(s < ke and ks < e for ks, ke, _ in specific))
    kept.sort()
    out = []
    for s, e, name in kept:
        before = text[max(0, s - 40):s]
        after = text[e:e + 60]
        role = None
        before60 = text[max(0, s - 60):s]
        if _BY.search(before60) and not _NOT_AGENT_BY.search(before60) and _ATTACK_WORD.search(before60):
            role = "actor1"
        elif _ADJ_ATTACK_RX.match(after):
            role = "actor1"  # "the American attack on X": the adjective names who attacked
        elif _TARGET_BEFORE.search(before) or _TARGET_AFTER.match(after):  # (^-anchored: match)
            role = "actor2"
        elif _AGENT_AFTER.match(after):
            role = "actor1"
        if name in ("Civilians", "Protesters") and role is None:
            role = "actor2" if name == "Civilians" else "actor1"
        out.append(ActorMention(s, e, text[s:e], name, role))
    return out


# Actors on one side of a conflict: an event cannot have the same side attacking and attacked,
# and two reports whose attackers are on different sides are not one incident.
SIDES = {"US forces": "US", "International Coalition": "US", "SDF": "US-partner",
         "Iran-backed militias": "Iran", "Hezbollah": "Iran", "Popular Mobilization Forces": "Iran",
         "Syrian government forces": "Syria-gov", "Russian forces": "Syria-gov"}


def side(name: str | None) -> str | None:
    if not name:
        return None
    return SIDES.get(name, name)


# outlets and claimants that name a side: "its forces", "our forces" resolve to it
CLAIMANT_SIDE = [
    (re.compile(r"pentagon|department\s+of\s+defen[cs]e|us\s+(?:military|defen[cs]e)|centcom|biden|white\s+house|washington", re.I), "US forces"),
    (re.compile(r"iranian", re.I), "Iran-backed militias"),
    (re.compile(r"russian\s+(?:ministry|defen[cs]e)|kremlin|moscow", re.I), "Russian forces"),
    (re.compile(r"\bSDF\b|syrian\s+democratic|kurdish", re.I), "SDF"),
    (re.compile(r"turkish\s+(?:ministry|defen[cs]e)|ankara", re.I), "Turkish forces"),
    (re.compile(r"israeli\s+(?:army|military)|\bIDF\b", re.I), "Israeli forces"),
    (re.compile(r"\bSANA\b|syrian\s+(?:ministry|army|state)", re.I), "Syrian government forces"),
]


def side_of_claimant(claimant: str | None) -> str | None:
    if not claimant:
        return None
    for rx, side in CLAIMANT_SIDE:
        if rx.search(claimant):
            return side
    return None


_OWN_FORCES = re.compile(r"\b(?:its|our|their)\s+(?:forces|troops|soldiers|aircraft|warplanes)\b", re.I)


def own_forces_mentions(text: str) -> list[tuple[int, int]]:
    """Spans of 'its forces' / 'our forces', which name the speaker's own side."""
    return [(m.start(), m.end()) for m in _OWN_FORCES.finditer(text)]
