"""Incidents in one document: mentions found clause by clause, then merged into events.

A *mention* is a clause that reports violence or a political event (a trigger word),
with what the clause says of place, date, sides, weapons and casualties, and who said
it. Mentions that tell of the same incident (compatible place, date, kind and sides)
merge into one event; a mention that names no precise place or date of its own
attaches to the nearest compatible event, or is dropped when none exists.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass, field, replace

from ..errors import PipelineError
from ..model import (PRECISION_RANK, Actor, Claim, DateMention, Document, Event, PlaceMention,
                     Report)
from . import actors as actors_mod
from .actors import first_letter_guarded, leftmost_matches, letter_grouped, side, word_start_regex
from .claims import (AttributionReader, Attribution, Count, DocumentWords, combine_counts, find_counts, is_coder_statement,
                     keyword_text)
from .geocode import AREA, QUALIFIER, TARGET, PlaceIndex, choose_place, event_place, used_as_place, with_qualifiers
from .keywords import KeywordSet, PatternSet, first_words

# ----------------------------------------------------------------- lexicons

WEAPON_PATTERNS: dict[str, str] = {
    "drone": r"\bdrones?\b|\bUAVs?\b|unmanned\s+aerial|kamikaze",
    "airstrike": r"\bair\s*[- ]?strikes?\b|\bair\s*raids?\b|\bairstrikes?\b|\bwarplanes?\b|\bfighter\s+jets?\b|\bjets\b|"
                 r"\baircraft\b|\bhelicopters?\b|\bbarrel\s+bombs?\b|\baerial\s+(?:bombardment|attack)",
    "missile": r"\bmissiles?\b|\bballistic\b",
    "rocket": r"\brockets?\b|\bkatyushas?\b|\bgrad\b|\bRPGs?\b",
    "mortar": r"\bmortars?\b",
    "artillery": r"\bartillery\b|\bhowitzers?\b|\bshells?\b|\bshelling\b|\bshelled\b|\bbombard(?:ed|ment)\b|\btank\s+fire\b",
    "indirect fire": r"\bindirect\s+(?:fire|attacks?)\b",
    "IED": r"\bIEDs?\b|improvised\s+explosive|roadside\s+bomb|\blandmines?\b|\bland\s+mines?\b|\bmines?\b(?!\s+(?:of|in)\s)|"
           r"explosive\s+devices?|\bcar\s+bomb|\bVBIEDs?\b|booby[- ]trap|sticky\s+bomb|explosive[- ]laden|\bUXOs?\b|unexploded|"
           # a bomb set off where it was left or carried, not dropped from the air
           r"\b(?:truck|lorry|van|bus|bicycle|motorcycle|motorbike|parcel|letter|pipe|nail|time|pressure[- ]cooker)\s+bombs?\b|"
           r"(?<!barrel )\bbombs?\s+(?:exploded|went\s+off|planted|hidden|placed|left)\b|"
           r"\bplant(?:ed|ing)\s+(?:a\s+|two\s+|three\s+|the\s+)?bombs?\b",
    "suicide bomb": r"\bsuicide\b",
    "grenade": r"\bgrenades?\b",
    "small arms": r"\bgunfire\b|\bfirearms\b|small\s+arms|machine[- ]?guns?|\brifles?\b|opened\s+fire|\bsniper\b|\bgunshots?\b|\bshot\b",
    "chemical": r"\bchemical\b|\bchlorine\b|\bsarin\b|toxic\s+gas",
}
_WEAPON_NAMES = list(WEAPON_PATTERNS)
# all weapons in one pass, for the span of a mention's weapon words
_WEAPONS_RX = re.compile("|".join(f"(?P<w{i}>{p})" for i, p in enumerate(WEAPON_PATTERNS.values())), re.IGNORECASE)
# The words each weapon's matches begin with, read from its pattern (`first_words`), found in a
# clause in one pass: a weapon's regex is tried only where one of them stands, and not at all in
# a clause with none. Profiled: the alternation of all weapons, tried at every character of every
# clause, cost more than the rest of the clause's analysis; then the IED pattern alone, searched
# through a clause, took 60 us (its look-behind leaves the regex engine no shortcut).
WEAPON_WORDS: dict[str, set[str]] = {name: first_words(p) for name, p in WEAPON_PATTERNS.items()}
_WEAPON_KEYWORDS = KeywordSet(set().union(*WEAPON_WORDS.values()))
_WEAPONS_OF_WORD = {k: [name for name in _WEAPON_NAMES if word in WEAPON_WORDS[name]]
                    for k, word in enumerate(_WEAPON_KEYWORDS.keywords)}
_WEAPON_RX = {name: first_letter_guarded(p) for name, p in WEAPON_PATTERNS.items()}

# a defection or a change of side: an event without any word of violence
_CHANGE_OF_SIDE_WORDS = (r"defect(?:ed|ions?|ing)|switched\s+sides|join(?:ed|s)?\s+(?:the\s+)?"
                         r"(?:ranks\s+of\s+(?:the\s+)?)?(?:\w+\s+){0,2}(?:militants|insurgents|rebels|fighters)")

# Trigger words: strong ones start a mention; weak ones ("attacks", "incident") only
# refer to an incident and attach to one told of elsewhere.
_STRONG = re.compile(
    r"\b(?:struck|strikes?|striking|targeted|targeting|bombed|bombing|bombard\w*|shell(?:ed|ing|s)|exploded|explosions?|"
    r"detonat\w+|blasts?|landed|fell\s+on|fallen\s+on|fell\s+in|hit\s+(?:a|an|the|by)|raid(?:ed|s)?|clash(?:ed|es)?|"
    r"fighting|battles?|fought|ambush\w*|fired\s+(?:at|on|upon|towards?|\w+\s+(?:at|on|towards?))|opened\s+fire|"
    r"kill(?:ed|ing|s)|wound(?:ed|ing)|injur(?:ed|ing)|shot|assassinat\w+|execut(?:ed|ion)|abduct\w+|kidnap\w+|"
    r"captur(?:ed|ing)|seiz(?:ed|ing)|took\s+control|taken\s+control|regain\w*|recaptur\w+|advance[ds]?|"
    r"protest\w*|demonstrat(?:ed|ion|ions|ors)|rall(?:y|ied|ies)|(?-i:march(?:ed|es)?)|sit-in|strike\s+action|riot\w*|"
    r"arrest\w*|detain\w*|intercept\w*|shot\s+down|defus\w+|dismantl\w+|burn(?:ed|t|ing)|loot\w*|torched|"
    r"stormed|attack(?:ed|ing)|assault\w*|skirmish\w*|(?:were|was)\s+subjected\s+to|came\s+under|"
    r"handed\s+over|clashes|exchanged|exchanges?\s+of|air-?strikes?|shoot(?:ing|ings|-?out)|shot|gunshots?|"
    r"beat(?:en|ing)?|blocked|barricad\w+|set\s+(?:alight|ablaze|fire\s+to)|vandali[sz]\w+|motorcade|"
    r"took\s+to\s+the\s+streets|fight\s+broke\s+out|bursts?\s+of\s+fire|projectiles|fortifi\w+|"
    r"airstrikes?|air\s+raids?|shelled|mortared|"
    r"(?:took|take|taken|gained|seized|regained|assumed|retook|controlled|captured)\s+(?:full\s+|complete\s+)?control|"
    r"controlled|withdr[ae]wn?|retreated|pulled\s+out|entered|stormed|infiltrat\w+|"
    r"fir(?:ed|ing)|opened\s+(?:\w+\s+){0,3}fire|dropped\s+(?:\w+\s+){0,2}(?:bombs?|explosives|munitions)|"
    r"destroy(?:ed|ing)|damag(?:ed|ing)|downed|found\s+dead|bodies|beheaded|lynched|torture\w*|"
    r"gathered|sit-?in|strikers|went\s+on\s+strike|mobili[sz]\w+|reinforcements|"
    r"(?:rocket|missile|drone|mortar|artillery|suicide|bomb|IED|grenade|armed|terrorist|militant|insurgent|gun|knife|"
    r"arson|sniper)\s+attacks?|attacks?\s+(?:on|against|targeting)|"
    r"surrender(?:ed|s)?\s+(?:\w+\s+){0,2}to|" + _CHANGE_OF_SIDE_WORDS + r")\b",
    re.IGNORECASE)
# an agreement is an event only when one was reached, not when talks aim at one
_AGREEMENT = (r"(?:signed|reached|concluded|struck|brokered)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:agreement|deal|ceasefire|truce|accord)|"
              r"agreed\s+(?:to|on|upon)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:ceasefire|truce|exchange|deal|withdrawal|release)|"
              r"(?:ceasefire|truce)\s+(?:took|went|came)\s+into\s+(?:effect|force)")
_STRONG = re.compile(_STRONG.pattern[:-3] + "|" + _AGREEMENT + r")\b", re.IGNORECASE)
# the same matches, its ~120 alternatives grouped by first letter: at each word only those
# that can start there are tried (profiled: 4-7x faster; it is searched in every clause)
_STRONG_WORDS = _STRONG.pattern[len(r"\b(?:"):-len(r")\b")]
_STRONG = re.compile(r"\b" + letter_grouped(_STRONG_WORDS) + r"\b", re.IGNORECASE)
_WEAK_WORDS = r"attacks?|incidents?|operations?|violations?|bombardments?|hostilities|escalation|losses"
# these are searched in every clause: behind a test of the first letter, the same matches
# (see `word_start_regex`)
_WEAK = word_start_regex([rf"(?:{_WEAK_WORDS})\b"])
# Whether a sentence holds a trigger at all, mostly told by its words (see `PatternSet`):
# 57% of the sentences of the bench's 1,000-word articles hold none, and searching each of
# them for the ~160 alternatives cost 4% of the run
_TRIGGERS = PatternSet({"strong": (rf"\b(?:{_STRONG_WORDS})\b", _STRONG), "weak": (rf"\b(?:{_WEAK_WORDS})\b", _WEAK)})
# words that make a strong trigger hypothetical or not an incident
_IRREALIS = re.compile(r"\b(?:if|would|could|threat(?:en(?:ed|s)?)?|warn(?:ed|s)?\s+of|plan(?:s|ned)?\s+to|"
                       r"ready\s+to|will|(?-i:may)|might|capable\s+of|ability\s+to)\b", re.IGNORECASE)
_IRREALIS = word_start_regex([_IRREALIS.pattern[2:]])
# "in response to X", "after X", "following X": X is an earlier incident, told of elsewhere
_BACKREF = re.compile(r"\b(?:in\s+response\s+to|in\s+retaliation\s+(?:for|to)|after|following|amid|"
                      r"as\s+a\s+result\s+of|in\s+revenge\s+for)\b", re.IGNORECASE)
_BACKREF = word_start_regex([_BACKREF.pattern[2:]])
# "these strikes", "the latest incident": a reference to an incident told of elsewhere
_DEMONSTRATIVE = re.compile(r"\b(?:these|this|those|the\s+latest|the\s+recent|such|the\s+same)\s+(?:\w+\s+)?"
                            r"(?:strikes?|attacks?|incidents?|bombings?|raids?|operations?|shelling|explosions?|developments?)\b",
                            re.IGNORECASE)
_DEMONSTRATIVE = word_start_regex([_DEMONSTRATIVE.pattern[2:]])
_SAME_INCIDENT = re.compile(r"\W*(?:and\s+)?(?:that\s+)?(?:as\s+a\s+result\s+of|in|during|because\s+of)\s+(?:this|that|the\s+same)\b",
                            re.IGNORECASE)
_CLAUSE_SPLIT = re.compile(r";\s*|,\s+(?:and|while|whereas|but)\s+(?=\w)|\s+while\s+(?=\w)", re.IGNORECASE)
_REPORT_NEAR = re.compile(r"(?:reported|said|announced|quoted|told|stated|confirmed|added|reports|says)\W{0,3}$",
                          re.IGNORECASE)
_REPORT_AFTER = re.compile(r"^\W{0,3}(?:reported|said|announced|quoted|told|stated|confirmed)\b", re.IGNORECASE)
# a place where someone spoke is not where the incident happened
_SPEECH_PLACE = re.compile(r"(?:announced|said|told\s+\w+|stated|speaking|conference|meeting|visit(?:ing)?|"
                           r"statement|briefing|summit|talks)\s+(?:\w+\s+)?(?:in|to|at)\s+(?:the\s+)?$", re.IGNORECASE)
_SPEECH_PLACE = first_letter_guarded(_SPEECH_PLACE.pattern)
_PLACE_SPEAKS = re.compile(r"^\W{0,2}(?:said|says|announced|stated|confirmed|denied|warned|accused|claimed)\b",
                           re.IGNORECASE)

TARGET_NATURE = re.compile(
    r"\btargets?\s+(?:that\s+(?:were|was)\s+)?(?:attacked|hit|struck|bombed)\s+(?:were|was|are|is)\s+(?P<what>[^.,;”\"]{3,80})",
    re.IGNORECASE)
TARGET_NATURE = word_start_regex([TARGET_NATURE.pattern[2:]])

# ----------------------------------------------------------------- typing

# the rules' words, compiled once (profiled: looked up in re's cache on every call, and the
# agreement words tried at every character); the text is lower case, so no flags. Each is
# searched only where the words of the clause do not already answer (see `PatternSet`;
# profiled: the rules, searched one after the other, cost 5% of the run on 1,000-word articles)
_TYPE_WORDS = {
    "disruption": r"\b(?:intercept\w*|shot\s+down|downed|defus\w+|dismantl\w+|foiled|thwarted)\b",
    "killed_or_wounded": r"\bkill\w*|\bwound\w*",
    "protest": r"\bprotest\w*|\bdemonstrat\w+|\brall(?:y|ied|ies)\b|\bsit-in\b|\bmarch(?:ed|es)\b",
    "protest_riot": r"\briot\w*|\bvandal\w*|\bthrew\s+stones|\bstone-?throwing|\bburn(?:ed|t|ing)\b|\btorched\b|\bclash\w*\s+with\s+(?:the\s+)?police",
    "protest_intervention": r"\btear\s*gas|\bdispers\w+|\barrest\w*|\bdetain\w*|\bwater\s+cannon|\brubber\s+bullets",
    "riot": r"\briot\w*|\bmob\b|\blynch\w*",
    "mob": r"\bmob\b|\blynch",
    "agreement": _AGREEMENT,
    "violence_word": r"\bkill\w*|\bclash\w*|\bwound\w*|\binjur\w*",
    "surrender": r"\bsurrender(?:ed|s)?\b",
    "change_of_side": rf"\b(?:{_CHANGE_OF_SIDE_WORDS})\b",
    "arrest": r"\b(?:arrest\w*|detain\w*)\b",
    "killed_or_clashed": r"\bkill\w*|\bclash\w*",
    "abduction": r"\b(?:abduct\w*|kidnap\w*)\b",
    "looting": r"\b(?:loot\w*|torched|burn(?:ed|t)\s+(?:down\s+)?(?:houses|homes|shops|property))\b",
    "territory": r"\b(?:took|taken|take)\s+control|\bcaptur(?:ed|ing)\s+(?:the\s+)?(?:village|town|city|area|hill|positions?)|"
    r"\bseiz(?:ed|ing)\s+(?:the\s+)?(?:village|town|city|area)|\bregain\w*|\brecaptur\w*",
    "armed_clash": r"\bclash\w*|\bfighting\b|\bbattles?\b|\bfought\b|\bexchange[ds]?\s+(?:of\s+)?(?:heavy\s+)?(?:gun)?fire|"
    r"\bfirefight|\bgun\s*(?:battle|fight)s?\b|\bskirmish\w*|\bambush\w*",
    "civilian": r"\bcivilians?\b|\bchild(?:ren)?\b|\bwom[ae]n\b|\bfarmers?\b|\bshepherds?\b",
    "attack_verb": r"\b(?:kill\w*|shot|shoot\w*|execut\w+|assassinat\w+|stabbed|beat(?:en)?|attack\w*|murder\w*)\b",
    "gunmen": r"\bgunmen\b|\bassassinat",
    "explosion": r"\bexplo(?:sion|ded|sive)s?\b|\bblast\b|\bdetonat\w+",
    "strikes": r"\bstrikes?\b",
    "strike_verb": r"\b(?:struck|strikes?|targeted|targeting|bomb\w*|hit)\b",
    "grenade_launcher": r"\bgrenade[- ]?launch\w*|\b(?:under-?barrel|automatic)\s+grenade",
}
_TYPE_RULES = PatternSet({name: (p, first_letter_guarded(p, 0)) for name, p in _TYPE_WORDS.items()})
_GOVERNMENT_ACTOR = re.compile(r"government|regime|army|military|security|afghan|iraqi", re.IGNORECASE)


def type_from_rules(text: str, weapons: set[str], actor1: str | None, actor2: str | None) -> tuple[str | None, str | None]:
    """ACLED type and sub-type from trigger words and weapons; (None, None) when the
    words do not decide. Order matters: the most specific cue wins."""
    t = text.lower()
    rules = _TYPE_RULES.read(t)
    if "chemical" in weapons:
        return "Explosions/Remote violence", "Chemical weapon"
    if "suicide bomb" in weapons:
        return "Explosions/Remote violence", "Suicide bomb"
    if rules.search("disruption") and not rules.search("killed_or_wounded"):
        return "Strategic developments", "Disrupted weapons use"
    if "drone" in weapons or "airstrike" in weapons:
        return "Explosions/Remote violence", "Air/drone strike"
    if weapons & {"missile", "rocket", "mortar", "artillery", "indirect fire"}:
        return "Explosions/Remote violence", "Shelling/artillery/missile attack"
    if "IED" in weapons:
        return "Explosions/Remote violence", "Remote explosive/landmine/IED"
    if "grenade" in weapons:
        # a grenade launcher fires its grenades from afar, as a mortar does: ACLED codes it a
        # shelling; "Grenade" is one thrown or planted by hand
        if rules.search("grenade_launcher"):
            return "Explosions/Remote violence", "Shelling/artillery/missile attack"
        return "Explosions/Remote violence", "Grenade"
    if rules.search("protest"):
        if rules.search("protest_riot"):
            return "Riots", "Violent demonstration"
        if rules.search("protest_intervention"):
            return "Protests", "Protest with intervention"
        return "Protests", "Peaceful protest"
    if rules.search("riot"):
        return "Riots", "Mob violence" if rules.search("mob") else "Violent demonstration"
    if rules.search("agreement"):
        return "Strategic developments", "Agreement"
    if not rules.search("violence_word"):
        if rules.search("surrender"):
            return "Strategic developments", "Agreement"
        if rules.search("change_of_side"):
            return "Strategic developments", "Change to group/activity"
    if rules.search("arrest") and not rules.search("killed_or_clashed"):
        return "Strategic developments", "Arrests"
    if rules.search("abduction"):
        return "Violence against civilians", "Abduction/forced disappearance"
    if rules.search("looting"):
        return "Strategic developments", "Looting/property destruction"
    if rules.search("territory"):
        gov = actor1 and _GOVERNMENT_ACTOR.search(actor1)
        return "Battles", "Government regains territory" if gov else "Non-state actor overtakes territory"
    if rules.search("armed_clash"):
        return "Battles", "Armed clash"
    civilian_target = actor2 in ("Civilians",) or rules.search("civilian")
    if rules.search("attack_verb"):
        if civilian_target and not (actor2 and actor2 not in ("Civilians",)):
            return "Violence against civilians", "Attack"
        if "small arms" in weapons or rules.search("gunmen"):
            if civilian_target:
                return "Violence against civilians", "Attack"
            return "Battles", "Armed clash"
    if rules.search("explosion"):
        return "Explosions/Remote violence", None
    if rules.search("strikes") and actor1 in ("US forces", "International Coalition", "Russian forces",
                                         "Israeli forces", "Turkish forces"):
        return "Explosions/Remote violence", "Air/drone strike"
    if rules.search("strike_verb"):
        return "Explosions/Remote violence", None
    return None, None


# ----------------------------------------------------------------- mentions

@dataclass
class Mention:
    sent: int
    para: int
    start: int   # clause span in cleaned text
    end: int
    sent_start: int
    sent_end: int
    strong: bool
    backref: bool
    event_type: str | None
    sub_event_type: str | None
    weapons: set[str]
    places: list[PlaceMention]
    date: DateMention | None
    date_is_report: bool
    actor1: actors_mod.ActorMention | None
    actor2: actors_mod.ActorMention | None
    counts: list[Count]
    attribution: Attribution
    target_nature: tuple[str, int, int] | None = None
    # `place` as last read: (the places list, its length then, the place chosen). Merging asks
    # for a mention's place many times over (profiled: ~500 times a 1,000-word digest); the
    # list only ever grows (`_enrich` extends it) and its places are not changed once the
    # places stage has annotated them, so the answer holds while the list is the same object
    # of the same length. A copy made with a new list (`_split_by_place`) reads it anew.
    _place_memo: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def place(self) -> PlaceMention | None:
        places = self.places
        memo = self._place_memo
        if memo is not None and memo[0] is places and memo[1] == len(places):
            return memo[2]
        chosen = choose_place(places)
        self._place_memo = (places, len(places), chosen)
        return chosen

    def anchored(self) -> bool:
        p = self.place
        return self.strong and not self.backref and p is not None and PRECISION_RANK[p.place.precision] <= PRECISION_RANK["region"]


def best_place(places: list[PlaceMention]) -> PlaceMention | None:
    if not places:
        return None
    return min(places, key=lambda pm: (PRECISION_RANK[pm.place.precision], -pm.score, pm.start))


def _weapon_matches(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, weapon) of what `_WEAPONS_RX.finditer(text, start, end)` finds: each weapon's
    regex tried only where a word its matches begin with stands."""
    starts: dict[str, list[int]] = {}
    for k, at in _WEAPON_KEYWORDS.found_at(keyword_text(text[start:end])):
        for name in _WEAPONS_OF_WORD[k]:
            starts.setdefault(name, []).append(at + start)
    names = [n for n in _WEAPON_NAMES if n in starts]
    return leftmost_matches([(_WEAPON_RX[n], n) for n in names], text, start, end,
                            starts=[sorted(set(starts[n])) for n in names])


def _weapons(text: str) -> set[str]:
    return {name for _, _, name in _weapon_matches(text, 0, len(text))}


def _weapon_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where text[start:end] names weapons, as `_WEAPONS_RX.finditer(text, start, end)` finds them."""
    return [(s, e) for s, e, _ in _weapon_matches(text, start, end)]


def _paragraphs(text: str, sentences: list[tuple[int, int]]) -> list[int]:
    """Paragraph number of each sentence (a blank line or line break separates paragraphs)."""
    out, para, prev_end = [], 0, 0
    for s, e in sentences:
        if "\n" in text[prev_end:s]:
            para += 1
        out.append(para)
        prev_end = e
    return out


def _clauses(text: str, s: int, e: int) -> list[tuple[int, int]]:
    out, pos = [], s
    for m in _CLAUSE_SPLIT.finditer(text, s, e):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < e:
        out.append((pos, e))
    # "in response to X" / "after X": X is its own clause
    refined = []
    for cs, ce in out:
        m = _BACKREF.search(text, cs, ce)
        if m and m.start() > cs + 3 and _STRONG.search(text, cs, m.start()):
            refined.append((cs, m.start()))
            refined.append((m.start(), ce))
        else:
            refined.append((cs, ce))
    return refined


_BEGAN_ON = re.compile(r"\bsince\s+(?:the\s+)?(?:beginning|start|launch|outbreak|onset)\s+of\b[^.;!?]*$", re.IGNORECASE)


def _event_date_for(dates: list[DateMention], text: str, trigger_at: int) -> tuple[DateMention | None, bool]:
    """The date that applies to a trigger: the nearest one, preferring dates that are not
    the time of a report ('reported on Sunday'), which only bound the event."""
    # "since the start of the offensive on 9 October": the date of what began, not of this incident
    dates = [d for d in dates if not _BEGAN_ON.search(text, max(0, d.start - 80), d.start)]
    if not dates:
        return None, False
    scored = []
    for d in dates:
        before = text[max(0, d.start - 20):d.start]
        after = text[d.end:d.end + 20]
        is_report = bool(_REPORT_NEAR.search(before) or _REPORT_AFTER.search(after))
        dist = abs(d.start - trigger_at) + (0 if d.start >= trigger_at else 5)
        scored.append((is_report, dist, d))
    scored.sort(key=lambda x: (x[0], x[1]))
    is_report, _, d = scored[0]
    return d, is_report


_SPAN_INDEXES: dict[int, tuple[list, int, list[int], list[int]]] = {}


def _in_span(items: list, s: int, e: int) -> list:
    """The items (with .start/.end) lying inside [s, e), in their list order.

    A bisect over a sorted index of the list instead of a scan, so that looking up every
    sentence of a long document stays linear overall; the index is kept per list object.
    """
    key = id(items)
    cached = _SPAN_INDEXES.get(key)
    if cached is None or cached[0] is not items or cached[1] != len(items):
        if len(_SPAN_INDEXES) > 8:
            _SPAN_INDEXES.clear()
        order = sorted(range(len(items)), key=lambda i: items[i].start)
        cached = (items, len(items), [items[i].start for i in order], order)
        _SPAN_INDEXES[key] = cached
    _, _, starts, order = cached
    lo = bisect.bisect_left(starts, s)
    hi = bisect.bisect_right(starts, e, lo)
    return [items[i] for i in sorted(order[lo:hi]) if items[i].end <= e]


def _usable_places(doc: Document, s: int, e: int, outlets=()) -> list[PlaceMention]:
    out = []
    for pm in _in_span(doc.places, s, e):
        if pm.start < s or pm.end > e:
            continue
        if any(a < pm.end and pm.start < b for a, b in outlets) and not used_as_place(doc.text, pm):
            continue
        if _SPEECH_PLACE.search(doc.text[max(0, pm.start - 40):pm.start]):
            continue
        if _PLACE_SPEAKS.search(doc.text[pm.end:pm.end + 20]):
            continue
        out.append(pm)
    return out


def find_mentions(doc: Document) -> list[Mention]:
    text = doc.text
    paras = _paragraphs(text, doc.sentences)
    reader = AttributionReader(doc.source)
    mentions: list[Mention] = []
    last_by_para: dict[int, Mention] = {}
    continued = 0
    doc_actors = actors_mod.DocumentActors(text)
    triggers = _TRIGGERS.reader(text)
    doc_words = DocumentWords(text)
    for si, (s, e) in enumerate(doc.sentences):
        sentence = text[s:e]
        words = doc_words.sentence(s, e)
        attribution = reader.read(sentence, words)
        sent_dates = _in_span(doc.dates, s, e)
        outlets = [(a + s, b + s) for a, b, _ in words.outlets]
        # A clause is a part of its sentence cut at punctuation or a conjunction, where the
        # trigger patterns' word boundaries read the same: a sentence without a trigger word
        # has no clause with one, and its actors are read only if it finishes the sentence
        # before (43% of the sentences of the bench's 1,000-word articles have no trigger).
        has_trigger = triggers.read(s, e).any()
        sent_actors = _sentence_actors(doc_actors, s, e, attribution) if has_trigger else None
        own_side = actors_mod.side_of_claimant(attribution.claimant)
        created: list[Mention] = []
        pending_counts: list[Count] = []
        had_trigger = False
        # counts read in the whole sentence ("Six civilians, three women, a man, and two boys
        # were killed"), each given to the clause it starts in
        sent_counts = find_counts(sentence)
        target_nature, target_nature_read = None, False  # the sentence's, read at its first mention
        for cs, ce in (_clauses(text, s, e) if has_trigger else ()):
            clause = text[cs:ce]
            words = triggers.read(cs, ce)
            strong = words.first("strong")
            weak = words.first("weak")
            counts = [c for c in sent_counts if cs - s <= c.start < ce - s]
            if not strong and not weak:
                if created:
                    _enrich(created[-1], doc, cs, ce, s, sent_actors, counts)
                else:
                    pending_counts.extend(counts)
                continue
            trig = strong or weak
            had_trigger = True
            # hypothetical words ("would", "threatened") only count in a clause without counts
            is_strong = bool(strong) and (bool(counts) or not _IRREALIS.search(clause))
            opens_backref = bool(_BACKREF.match(clause.strip()))
            backref = opens_backref or bool(_DEMONSTRATIVE.search(clause))
            if created and (_SAME_INCIDENT.match(clause) or (not is_strong and not opens_backref)):
                # "as a result of this attack, 7 were killed": more about the clause before
                _enrich(created[-1], doc, cs, ce, s, sent_actors, counts)
                continue
            weapons = _weapons(clause)
            clause_actors = [a for a in sent_actors if cs <= a.start and a.end <= ce]
            a1, a2 = _roles(clause_actors, text, cs, ce, cs + trig.start(), own_side)
            etype, sub = type_from_rules(clause, weapons, a1.name if a1 else None, a2.name if a2 else None)
            if etype is None and not counts and not is_strong and not (a1 or a2):
                continue
            clause_dates = [d for d in sent_dates if cs <= d.start and d.end <= ce]
            # a clause without a date of its own takes one said before it in the sentence
            # ("Over the past week, X repulsed drones, and two shells landed"), never one
            # that belongs to a later clause
            inherited = [] if backref else [d for d in sent_dates if d.end <= cs]
            date, is_report = _event_date_for(clause_dates or inherited, text, cs + trig.start())
            places = with_qualifiers(_usable_places(doc, cs, ce, outlets))
            if not target_nature_read:
                tn = TARGET_NATURE.search(sentence)
                target_nature = (tn.group("what").strip(), s + tn.start("what"), s + tn.end("what")) if tn else None
                target_nature_read = True
            m = Mention(si, paras[si] if paras else 0, cs, ce, s, e, is_strong, backref, etype, sub, weapons,
                        places, date, is_report, a1, a2, counts + pending_counts, attribution, target_nature)
            pending_counts = []
            created.extend(_split_by_place(m, text))
        if not created:
            # a sentence with no trigger may finish the one before it in the same paragraph
            prev = last_by_para.get(paras[si] if paras else 0)
            counts = sent_counts
            if prev is not None and continued < 2 and prev.sent >= si - 2 and not had_trigger:
                if sent_actors is None:
                    sent_actors = _sentence_actors(doc_actors, s, e, attribution)
                _enrich(prev, doc, s, e, s, sent_actors, counts, attribution)
                continued += 1
            elif counts:
                # casualty news with no trigger word: a floating mention that only attaches
                places = _usable_places(doc, s, e)
                m = Mention(si, paras[si] if paras else 0, s, e, s, e, False, False, None, None, set(), places,
                            None, False, None, None, counts, attribution)
                mentions.extend(_split_by_place(m, text))
            continue
        continued = 0
        mentions.extend(created)
        last_by_para[paras[si] if paras else 0] = created[-1]
    return mentions


def _sentence_actors(doc_actors: "actors_mod.DocumentActors", s: int, e: int, attribution: Attribution) -> list:
    """The actors of the sentence text[s:e], in text offsets; the claimant is who speaks, not a side."""
    return [actors_mod.ActorMention(a.start + s, a.end + s, a.text, a.name, a.role)
            for a in doc_actors.find(s, e)
            if not (attribution.start <= a.start < attribution.end or a.start <= attribution.start < a.end)]


def _enrich(m: Mention, doc: Document, s: int, e: int, sent_start: int, sent_actors, counts: list[Count],
            attribution: Attribution | None = None) -> None:
    """Fill what a mention lacks from a clause or sentence that continues it."""
    if m.place is None or PRECISION_RANK[m.place.place.precision] > PRECISION_RANK["region"]:
        m.places.extend(_usable_places(doc, s, e))
    for a in sent_actors:
        if not (s <= a.start and a.end <= e):
            continue
        name = a.name
        if m.actor1 and name == m.actor1.name or m.actor2 and name == m.actor2.name:
            continue
        if m.actor2 is None and a.role != "actor1" and (m.actor1 is None or side(name) != side(m.actor1.name)):
            m.actor2 = a
        elif m.actor1 is None and a.role == "actor1":
            m.actor1 = a
    if counts:
        shift = sent_start - m.sent_start
        if attribution is None or (attribution.source == m.attribution.source and attribution.claimant == m.attribution.claimant) \
                or attribution.claimant is None or is_coder_statement(counts):
            m.counts.extend(replace(c, start=c.start + shift, end=c.end + shift) for c in counts)


def _roles(clause_actors, text: str, clause_start: int, clause_end: int, trigger_at: int, own_side: str | None):
    a1 = a2 = None
    for a in clause_actors:
        if a.role == "actor1" and a1 is None:
            a1 = a
        elif a.role == "actor2" and a2 is None and (a1 is None or side(a.name) != side(a1.name)):
            a2 = a
    for a in clause_actors:
        if a is a1 or a is a2 or a.role is not None:
            continue
        before_trigger = a.start < trigger_at
        if before_trigger and a1 is None and (a2 is None or side(a2.name) != side(a.name)):
            a1 = a
        elif a2 is None and (a1 is None or side(a1.name) != side(a.name)):
            a2 = a
    # "its forces" / "our forces": the speaker's own side
    if own_side:
        for s, e in actors_mod.own_forces_mentions(text[clause_start:clause_end]):
            own = actors_mod.ActorMention(clause_start + s, clause_start + e, text[clause_start + s:clause_start + e],
                                          own_side, None)
            after = text[clause_start + e:clause_start + e + 40]
            before = text[max(clause_start, clause_start + s - 30):clause_start + s]
            if re.search(r"\b(?:on|against|targeting|at)\s+$", before) and a2 is None:
                a2 = own
            elif re.match(r"\s+(?:had\s+|have\s+)?(?:launched|carried\s+out|conducted|struck|fired|targeted)", after) and a1 is None:
                a1 = own
            break
    if a1 is not None and a2 is not None and side(a1.name) == side(a2.name):
        a2 = None
    return a1, a2


def _split_by_place(m: Mention, text: str) -> list[Mention]:
    """'bases in the Koniko and Al-Omar fields': two sites struck, two mentions."""
    # a place its qualifier contradicts, or one that says where another lies ("Khamil,
    # Mandali district"), is no second place struck
    top = [pm for pm in m.places if pm.place.precision in ("site", "town") and not getattr(pm, "doubtful", False)
           and getattr(pm, "role", TARGET) not in (QUALIFIER, AREA)]
    distinct = []
    for pm in top:
        if all(pm.place.place_id != d.place.place_id for d in distinct):
            distinct.append(pm)
    if len(distinct) < 2:
        return [m]
    # only places listed together ("the Koniko and Al-Omar fields"), not "X near Y"
    listed = [distinct[0]]
    for pm in distinct[1:]:
        gap = text[listed[-1].end:pm.start]
        if pm.place.precision == listed[0].place.precision and \
                re.fullmatch(r"\W*(?:and|,|&)\W*(?:the\s+)?", gap, re.IGNORECASE):
            listed.append(pm)
    if len(listed) < 2:
        return [m]
    out = []
    for pm in listed:
        others = [p for p in m.places if p.place.precision not in ("site", "town")]
        out.append(Mention(**{**m.__dict__, "places": [pm] + others, "counts": list(m.counts)}))
    return out


# ----------------------------------------------------------------- merging

@dataclass
class Cluster:
    members: list[Mention] = field(default_factory=list)
    _summary: "_Summary | None" = field(default=None, repr=False, compare=False)

    def summary(self) -> "_Summary":
        """What `compatible` asks of the members, folded in as members are appended.

        Merging appends one mention at a time; recomputing place, date window and votes
        from all members on each test made a document of n mentions cost O(n^2). The
        summary gives the same answers as `place`, `types()`, `actor()` and the member-
        by-member date test, and is rebuilt whenever the member list did not just grow.
        """
        s = self._summary
        n = len(self.members)
        if s is None or s.folded > n or (s.folded and self.members[s.folded - 1] is not s.last):
            s = self._summary = _Summary()
        for m in self.members[s.folded:]:
            s.fold(m)
        return s

    @property
    def place(self) -> PlaceMention | None:
        return best_place([p for m in self.members for p in ([m.place] if m.place else [])])

    def dates(self) -> list[DateMention]:
        return [m.date for m in self.members if m.date is not None and m.date.date_start is not None]

    def window(self) -> tuple[dt.date, dt.date] | None:
        ds = self.dates()
        if not ds:
            return None
        lo = max(d.date_start for d in ds)
        hi = min(d.date_end or d.date_start for d in ds)
        if lo <= hi:
            return lo, hi
        d = ds[0]
        return d.date_start, d.date_end or d.date_start

    def types(self) -> tuple[str | None, str | None]:
        """The type most members give, and the sub-type most of those members give: a
        sub-type is one of its type's, never one a member of another type voted for."""
        etype = vote([m.event_type for m in self.members])
        return etype, vote([m.sub_event_type for m in self.members if m.event_type == etype])

    def actor(self, role: str) -> str | None:
        return vote([getattr(m, role).name for m in self.members if getattr(m, role) is not None])


class _Summary:
    """Running best place, date window bounds and votes over a cluster's members."""

    def __init__(self) -> None:
        self.folded = 0
        self.last: Mention | None = None
        self.place: PlaceMention | None = None
        self._place_key: tuple | None = None
        self.window_lo: dt.date | None = None  # the latest start of the members' widened dates
        self.window_hi: dt.date | None = None  # the earliest end
        self._votes = {k: ({}, {}) for k in ("event_type", "sub_event_type", "actor1", "actor2")}
        # `vote` as last read, until the next member is folded in: a cluster is compared with
        # every mention that follows it, and each comparison asks for all four votes
        self._voted: dict[str, object] = {}

    def fold(self, m: Mention) -> None:
        self._voted.clear()
        p = m.place
        if p is not None:
            key = (PRECISION_RANK[p.place.precision], -p.score, p.start)
            if self._place_key is None or key < self._place_key:  # ties keep the first, as min() does
                self.place, self._place_key = p, key
        w = _widened(m)
        if w is not None:
            self.window_lo = w[0] if self.window_lo is None else max(self.window_lo, w[0])
            self.window_hi = w[1] if self.window_hi is None else min(self.window_hi, w[1])
        for role in ("actor1", "actor2"):
            a = getattr(m, role)
            if a is not None:
                self._count(role, a.name)
        self._count("event_type", m.event_type)
        self._count("sub_event_type", m.sub_event_type)
        self.folded += 1
        self.last = m

    def _count(self, what: str, value) -> None:
        if value is None:
            return
        counts, first = self._votes[what]
        counts[value] = counts.get(value, 0) + 1
        first.setdefault(value, self.folded)

    def vote(self, what: str):
        """As `vote`: the most frequent value, the earliest on a tie."""
        voted = self._voted
        if what in voted:
            return voted[what]
        counts, first = self._votes[what]
        winner = max(counts, key=lambda v: (counts[v], -first[v])) if counts else None
        voted[what] = winner
        return winner


def vote(values: list):
    """The most frequent value that is not None, the earliest on a tie."""
    counts: dict = {}
    for v in values:
        if v is not None:
            counts[v] = counts.get(v, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda v: (counts[v], -values.index(v)))


def _widened(m: Mention) -> tuple[dt.date, dt.date] | None:
    if m.date is None or m.date.date_start is None:
        return None
    lo, hi = m.date.date_start, m.date.date_end or m.date.date_start
    if m.date_is_report:
        # reported on a day: the incident happened that day or the day before
        lo = lo - dt.timedelta(days=1)
    return lo, hi


def _names_its_region(p) -> bool:
    """A town named like its governorate ('Deir ez-Zor', 'Idlib') may mean the governorate."""
    return p.precision == "region" or (p.precision == "town" and bool(p.admin1) and
                                       _fold(p.name) == _fold(p.admin1))


@functools.lru_cache(maxsize=4096)
def _fold(name: str) -> str:
    # remembered: merging folds the same few region names for every pair of places it compares
    return re.sub(r"[^a-z]", "", name.lower().replace("governorate", "").replace("province", ""))


# `places_compatible` as answered for two place objects (held, so that their ids stay theirs),
# kept on the gazetteer that answered: merging asks it of the same few places for every mention
# and cluster it compares. Places are not changed once the gazetteer has made them. Forgotten
# past the limit.
_PLACES_COMPATIBLE_LIMIT = 20_000


def places_compatible(a, b, gaz) -> bool:
    memo = getattr(gaz, "_places_compatible_memo", None)
    if memo is None:
        memo = {}
        try:
            gaz._places_compatible_memo = memo
        except AttributeError:  # a gazetteer that takes no new attribute: nothing remembered
            return _places_compatible(a, b, gaz)
    key = (id(a), id(b))
    known = memo.get(key)
    if known is not None and known[0] is a and known[1] is b:
        return known[2]
    if len(memo) >= _PLACES_COMPATIBLE_LIMIT:
        memo.clear()
    answer = memo[key] = (a, b, _places_compatible(a, b, gaz))
    return answer[2]


def _places_compatible(a, b, gaz) -> bool:
    if a.place_id == b.place_id or gaz.contains(a, b) or gaz.contains(b, a):
        return True
    for x, y in ((a, b), (b, a)):
        if _names_its_region(x) and x.admin1 and y.admin1 and _fold(x.admin1) == _fold(y.admin1) \
                and PRECISION_RANK[y.precision] <= PRECISION_RANK[x.precision]:
            return True
    return False


def compatible(c: Cluster, m: Mention, gaz) -> bool:
    summary = c.summary()
    # the cheap tests first: a document of many incidents compares each mention with
    # many clusters, and the place test is the costly one
    # date: overlapping every member's range, i.e. the latest start and the earliest end
    mw = _widened(m)
    if mw is not None and summary.window_lo is not None and \
            not (summary.window_lo <= mw[1] and mw[0] <= summary.window_hi):
        return False
    # kind
    ctype, csub = summary.vote("event_type"), summary.vote("sub_event_type")
    if ctype and m.event_type and ctype != m.event_type:
        return False
    if csub and m.sub_event_type and csub != m.sub_event_type:
        return False
    # sides: the same acting side, and no side both attacking and attacked
    ca1, ca2 = side(summary.vote("actor1")), side(summary.vote("actor2"))
    ma1 = side(m.actor1.name) if m.actor1 else None
    ma2 = side(m.actor2.name) if m.actor2 else None
    if ca1 and ma1 and ca1 != ma1:
        return False
    if (ca1 and ma2 and ca1 == ma2) or (ca2 and ma1 and ca2 == ma1):
        return False
    # place: the same place, or one inside the other
    cp, mp = summary.place, m.place
    if cp is not None and mp is not None and not places_compatible(cp.place, mp.place, gaz):
        return False
    return True


def _reports_casualties(m: Mention) -> bool:
    """'3 civilians were killed': a casualty report with no place or date of its own tells of an
    incident told before, whatever type or sides its words alone suggest."""
    return bool(m.counts) and not m.places and m.date is None


def _add_counts(c: Cluster, m: Mention) -> None:
    """Counts of a mention that only completes an incident, added to the member that counts it."""
    target = next((x for x in c.members if any(k.field == "fatalities" for k in x.counts)), c.members[0])
    shift = m.sent_start - target.sent_start
    for x in m.counts:
        x = replace(x, start=x.start + shift, end=x.end + shift)
        if x not in target.counts:   # a statement split by place comes once
            target.counts.append(x)


# How many of the events found so far a mention is compared with: the latest ones for a
# mention with a place of its own, the ones told nearest it for a mention without. Comparing
# with every event made a document of n incidents cost O(n^2) tests. Calibrated on the seed
# articles, the 20 WikiEvents dev articles and the 10,461 ACLED dev notes: none has more than
# 6 events, and no mention merges more than 4 events back, so on such text the bound changes
# nothing. Only a document of more than 64 events is affected: there, a report of an incident
# whose event began more than 64 events earlier is taken for a new incident.
MERGE_LOOKBACK = 64


class _NearestEvents:
    """The events around a sentence, for the mentions without a place of their own, kept as
    mentions join them: each event's member sentences sorted (its distance is a bisect, not
    a scan of its members) and the events sorted by where they begin."""

    def __init__(self, clusters: list[Cluster]) -> None:
        self.clusters = clusters
        self._position: dict[int, int] = {}
        self._sents: dict[int, list[int]] = {}
        self._starts: list[tuple[int, int]] = []
        for c in clusters:
            self._track(c)

    def _track(self, c: Cluster) -> None:
        self._position[id(c)] = i = len(self._position)
        self._sents[id(c)] = sents = sorted(x.sent for x in c.members)
        bisect.insort(self._starts, (sents[0], i))

    def add(self, c: Cluster) -> None:
        self.clusters.append(c)
        self._track(c)

    def join(self, c: Cluster, m: Mention) -> None:
        c.members.append(m)
        sents = self._sents[id(c)]
        if m.sent < sents[0]:
            i = self._position[id(c)]
            del self._starts[bisect.bisect_left(self._starts, (sents[0], i))]
            bisect.insort(self._starts, (m.sent, i))
        bisect.insort(sents, m.sent)

    def distance(self, c: Cluster, sent: int) -> tuple[int, int, int]:
        """Sentences to its nearest mention, then whether it began after `sent`, then its
        order among the events (the earlier event wins a tie)."""
        sents = self._sents[id(c)]
        k = bisect.bisect_left(sents, sent)   # sents[k - 1] < sent <= sents[k]
        if k == 0:
            d = sents[0] - sent
        elif k == len(sents):
            d = sent - sents[-1]
        else:
            d = min(sent - sents[k - 1], sents[k] - sent)
        return d, 0 if sents[0] <= sent else 1, self._position[id(c)]

    def around(self, sent: int) -> list[Cluster]:
        """The MERGE_LOOKBACK events that begin nearest `sent` (all of them when there are no
        more), nearest first."""
        at = bisect.bisect_right(self._starts, (sent, float("inf")))
        lo = max(0, min(at - MERGE_LOOKBACK // 2, len(self._starts) - MERGE_LOOKBACK))
        pool = [self.clusters[i] for _, i in self._starts[lo:lo + MERGE_LOOKBACK]]
        return sorted(pool, key=lambda c: self.distance(c, sent))


def merge_mentions(mentions: list[Mention], gaz) -> list[Cluster]:
    """The document's events: each mention with a place of its own joins the latest compatible
    event, and the others the nearest; each looks at no more than MERGE_LOOKBACK events."""
    clusters: list[Cluster] = []
    floating = []
    for m in mentions:
        if not m.anchored() or is_coder_statement(m.counts):
            floating.append(m)
            continue
        for c in reversed(clusters[-MERGE_LOOKBACK:]):
            if compatible(c, m, gaz):
                c.members.append(m)
                break
        else:
            clusters.append(Cluster([m]))
    nearest = _NearestEvents(clusters)
    for m in floating:
        if clusters and is_coder_statement(m.counts):
            # "fatalities coded as 10 and split between 3 locations": the coder speaks of the
            # document's first incident, and the figure completes the counts told of it
            _add_counts(clusters[0], m)
            continue
        pool = nearest.around(m.sent)
        chosen = next((c for c in pool if compatible(c, m, gaz)), None)
        if chosen is not None:
            nearest.join(chosen, m)
        elif pool and _reports_casualties(m):
            nearest.join(pool[0], m)
        elif m.strong and m.event_type and m.places and m.date is not None and not m.date_is_report:
            # an incident told only here, with no precise place: it needs its own date
            # ("the US strikes last month ... one in western Iraq and two in Syria")
            nearest.add(Cluster([m]))
    # a document that tells of one incident without a precise place or date of its own
    # (ACLED-style notes, short wires): its best mention is the event
    if not clusters and mentions:
        ranked = sorted(mentions, key=lambda m: (not m.strong, m.event_type is None, m.backref, m.sent))
        c = Cluster([ranked[0]])
        for m in mentions:
            if m is not ranked[0] and is_coder_statement(m.counts):
                _add_counts(c, m)
            elif m is not ranked[0] and (compatible(c, m, gaz) or _reports_casualties(m)):
                c.members.append(m)
        clusters.append(c)
    for c in clusters:
        c.members.sort(key=lambda x: (x.sent, x.start))
    clusters.sort(key=lambda c: (c.members[0].sent, c.members[0].start))
    return clusters


# ----------------------------------------------------------------- events

def _sentence_around(doc: Document, pos: int, fallback: tuple[int, int]) -> tuple[int, int]:
    i = bisect.bisect_right(doc.sentences, (pos, float("inf"))) - 1
    if 0 <= i < len(doc.sentences) and doc.sentences[i][0] <= pos < doc.sentences[i][1]:
        return doc.sentences[i]
    return fallback


def _claim(doc: Document, m: Mention, fieldname: str, value, start: int, end: int) -> Claim:
    """A claim with its span in the original text and, as its quote, the sentence holding it."""
    raw = doc.raw_span(start, end)
    qs, qe = _sentence_around(doc, start, (m.sent_start, m.sent_end))
    quote_span = doc.raw_span(qs, qe)
    return Claim(fieldname, value, m.attribution.source, m.attribution.claimant, doc.doc_id, raw,
                 doc.raw[quote_span[0]:quote_span[1]])


def _counts_by_claim(m: Mention, fieldname: str) -> list[Count]:
    return [c for c in m.counts if c.field == fieldname]


# The shipped classifier (classify.py, trained on ACLED notes) decides the type when it is
# at least this sure; below it the trigger and weapon rules do. Calibrated on the ACLED dev
# files with `eventwire eval acled` (January 2018 and the world file).
CLASSIFIER_MIN_P = 0.5
# In a short document of several incidents the classifier reads one incident's clauses, a
# shorter text than any note it learned from, and decides against the rules only when
# surer than this. Cross-validated on the training rows (January 2018 and the 2020 world
# file, the --tune folds of scripts/train_classifier.py): from 0.5 to 0.95 it was right
# more often than the rules there; 0.8 keeps nearly all of that (world: 8 of 10 rows)
# while a news clause such as "in a separate incident, police arrested three men" (the
# model: 0.53 sure of an attack on civilians) stays with the rules.
CLASSIFIER_MIN_P_SEVERAL = 0.8
# Weapon words name the sub-type more surely than the classifier within Explosions/Remote
# violence ("drone" is an air/drone strike, "mortar" a shelling).
_WEAPON_SUBTYPES = {"Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                    "Suicide bomb", "Grenade", "Chemical weapon"}


_MODELS: dict[str, object] = {}


def _model(path: str = ""):
    """The shipped type model, or the one at `path` (e.g. trained on a split for an honest
    held-out measurement: the `type_model` setting)."""
    from ..classify import TypeModel
    if not path:
        return TypeModel.default()
    if path not in _MODELS:
        _MODELS[path] = TypeModel.load(path)
    return _MODELS[path]


def decide_type(c: "Cluster", text: str, single: bool, model_path: str = "",
                short: bool = False) -> tuple[str, str]:
    """ACLED type and sub-type of a cluster.

    The classifier learned from short notes: it decides, when it is sure, for a document
    that tells one incident and for each incident of a `short` one (2,000 characters or
    less, as a note or a brief), reading that incident's clauses. In a longer article of
    several incidents the trigger and weapon rules of each clause decide, and the
    classifier (reading the clauses) only fills in where they say nothing. Weapon words
    name the sub-type of an explosion in either case.

    Short documents of several incidents (CLASSIFIER_MIN_P_SEVERAL): cross-validated on
    the training rows only, event_type went from 0.942 to 0.946 (January 2018) and from
    0.918 to 0.920 (world) as the pipeline scores them."""
    rule_type, rule_sub = c.types()
    weapons = set().union(*(m.weapons for m in c.members))
    model = _model(model_path)
    # the prediction is used only where the rules say nothing or the document is one incident:
    # a multi-incident document whose rules decide asks nothing of it (profiled: predicting
    # for every event was a fifth of the cost of building the events of a 1,000-word digest)
    pred = model.predict(text) if text and (rule_type is None or single or short) else None
    min_p = CLASSIFIER_MIN_P if single else CLASSIFIER_MIN_P_SEVERAL
    use_model = pred is not None and (rule_type is None or ((single or short) and pred.event_type_p >= min_p))
    if use_model:
        etype = pred.event_type
        if rule_type == etype and rule_sub in _WEAPON_SUBTYPES and weapons:
            sub = rule_sub
        else:
            sub = pred.sub_event_type or (rule_sub if rule_type == etype else None)
    else:
        etype = rule_type or "Explosions/Remote violence"
        sub = rule_sub
    if sub is None or sub not in SUB_EVENT_TYPES.get(etype, (sub,)):
        # no sub-type, or one of another type (the model's sub-type head decides apart from
        # its type head): the type's own default
        sub = default_subtype(etype, weapons)
    return etype, sub


def build_event(doc: Document, c: Cluster, published: dt.date | None, type_text: str = "",
                single: bool = True, model_path: str = "", index: PlaceIndex | None = None,
                short: bool = False) -> Event:
    from .resolve import resolve_values  # late import: resolve imports model only
    members = c.members
    etype, sub = decide_type(c, type_text, single, model_path, short)
    claims: list[Claim] = []
    # place
    pm = event_place(doc, members[0], c.place, single, index)
    location = pm.place.to_location(pm.text) if pm else {
        "name": None, "admin1": None, "country": None, "lat": None, "lon": None,
        "precision": "unknown", "place_id": None, "text": ""}
    for m in members:
        if m.place is not None:
            claims.append(_claim(doc, m, "location", m.place.place.name, m.place.start, m.place.end))
    if pm is not None and pm.start >= 0 and not any(
            m.place is not None and (m.place.start, m.place.end) == (pm.start, pm.end) for m in members):
        # a place named outside the event's own clauses (the sentence before, "coded to X",
        # the paragraph's town) is still a claim with its span
        claims.append(_claim(doc, members[0], "location", pm.place.name, pm.start, pm.end))
    # date
    window = c.window()
    dated = [m for m in members if m.date is not None and m.date.date_start is not None]
    if window is not None:
        exact = [m.date for m in dated if (m.date.date_start, m.date.date_end or m.date.date_start) == window]
        text = exact[0].text if exact else dated[0].date.text
        precision = exact[0].precision if exact else ("day" if window[0] == window[1] else dated[0].date.precision)
        date = DateMention(-1, -1, text, window[0], window[1], precision)
    elif published is not None:
        date = DateMention(-1, -1, "", published, published, "day")
    else:
        date = DateMention(-1, -1, "", None, None, "unknown")
    for m in dated:
        if not m.date_is_report:  # "reported on Sunday" dates the report, not the incident
            claims.append(_claim(doc, m, "date", m.date.to_dict(), m.date.start, m.date.end))
    # actors
    actor_out = {}
    for role in ("actor1", "actor2"):
        name = c.actor(role)
        texts = [getattr(m, role).text for m in members if getattr(m, role) is not None and getattr(m, role).name == name]
        actor_out[role] = Actor(name, texts[0] if texts else "")
        for m in members:
            a = getattr(m, role)
            if a is not None:
                claims.append(_claim(doc, m, role, a.name, a.start, a.end))
    if actor_out["actor1"].name is None and etype in _CROWD:
        # "medical interns protested": a protest's or riot's acting side is its crowd, named
        # as ACLED names it, with the words that tell of it as the claim
        name, words = _CROWD[etype]
        for m in members:
            act = words.search(doc.text, m.start, m.end)
            if act:
                actor_out["actor1"] = Actor(name, act.group(0))
                claims.append(_claim(doc, m, "actor1", name, act.start(), act.end()))
                break
    # weapons
    weapons = sorted(set().union(*(m.weapons for m in members)))
    for m in members:
        if m.weapons:
            # the span covers the weapon words the clause uses, from the first to the last
            found = _weapon_spans(doc.text, m.start, m.end)
            s0, e0 = (found[0][0], found[-1][1]) if found else (m.start, m.end)
            claims.append(_claim(doc, m, "weapons", sorted(m.weapons), s0, e0))
    # casualties
    for m in members:
        for fieldname in ("fatalities", "injuries"):
            counts = _counts_by_claim(m, fieldname)
            if not counts:
                continue
            total, s0, e0 = combine_counts(counts)
            claims.append(_claim(doc, m, fieldname, total, m.sent_start + s0, m.sent_start + e0))
        if m.target_nature:
            what, s0, e0 = m.target_nature
            claims.append(_claim(doc, m, "target_nature", what, s0, e0))
    claims = _dedupe_claims(claims)
    fatalities, injuries, contradictions = resolve_values(claims, actor_out["actor2"].name)
    first = members[0]
    event_id = "ev-" + hashlib.sha1(f"{doc.content_hash}:{first.start}:{first.end}:{location.get('place_id')}".encode()).hexdigest()[:16]
    ev = Event(event_id, etype, sub, date, location, actor_out["actor1"], actor_out["actor2"], weapons,
               fatalities, injuries, claims, contradictions,
               [Report(doc.doc_id, doc.source, doc.published)], "", order=first.start)
    from .notes import write_note
    ev.notes = write_note(ev)
    return ev


_CROWD = {
    "Protests": ("Protesters", re.compile(r"\b(?:protest(?:ed|ing|s)?|demonstrat(?:ed|ing|ions?)|rall(?:ied|ying|y)|"
                                        r"marched|sit-ins?|went\s+on\s+strike)\b", re.IGNORECASE)),
    "Riots": ("Rioters", re.compile(r"\b(?:riot(?:ed|ing|s)?|mob|lynch(?:ed|ing)?|protest(?:ed|ing|s)?|"
                                    r"demonstrat(?:ed|ing|ions?)|vandali[sz]ed|torched|burn(?:ed|ing|t)|threw\s+stones)\b",
                                    re.IGNORECASE)),
}


def _dedupe_claims(claims: list[Claim]) -> list[Claim]:
    seen, out = set(), []
    for c in claims:
        key = (c.field, repr(c.value), c.source, c.claimant, c.span)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


# ACLED's sub-event types of each event type (the current scheme, ACLED codebook 2019-)
SUB_EVENT_TYPES: dict[str, frozenset[str]] = {
    "Battles": frozenset({"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}),
    "Explosions/Remote violence": frozenset({"Chemical weapon", "Air/drone strike", "Suicide bomb",
                                             "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                             "Grenade"}),
    "Violence against civilians": frozenset({"Sexual violence", "Attack", "Abduction/forced disappearance"}),
    "Protests": frozenset({"Peaceful protest", "Protest with intervention", "Excessive force against protesters"}),
    "Riots": frozenset({"Violent demonstration", "Mob violence"}),
    "Strategic developments": frozenset({"Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                                         "Headquarters or base established", "Looting/property destruction",
                                         "Non-violent transfer of territory", "Other"}),
}


def default_subtype(etype: str, weapons: set[str]) -> str:
    return {
        "Explosions/Remote violence": "Remote explosive/landmine/IED" if "IED" in weapons else "Shelling/artillery/missile attack",
        "Battles": "Armed clash",
        "Violence against civilians": "Attack",
        "Protests": "Peaceful protest",
        "Riots": "Violent demonstration",
        "Strategic developments": "Other",
    }.get(etype, "Other")


def _whole_document_mention(doc: Document) -> "Mention | None":
    """The whole of a short document as one mention, when it names a place or a side."""
    s, e = doc.sentences[0]
    places = _usable_places(doc, 0, len(doc.text))
    actors = [actors_mod.ActorMention(a.start + s, a.end + s, a.text, a.name, a.role)
              for a in actors_mod.find_actors(doc.text[s:e])]
    if not places and not actors:
        return None
    counts: list[Count] = []
    for ss, se in doc.sentences:
        counts += [Count(c.field, c.value, c.start + ss - s, c.end + ss - s, c.text)
                   for c in find_counts(doc.text[ss:se])]
    a1 = next((a for a in actors if a.role != "actor2"), None)
    a2 = next((a for a in actors if a is not a1 and (a1 is None or side(a.name) != side(a1.name))), None)
    dates = [d for d in doc.dates if d.date_start is not None]
    return Mention(0, 0, s, e, s, e, True, False, None, None, _weapons(doc.text), places,
                   dates[0] if dates else None, False, a1, a2, counts, AttributionReader(doc.source).read(doc.text[s:e]))


class EventStage:
    """Mentions, merged into the document's events."""

    def __init__(self, gazetteer, type_model: str = ""):
        self.gazetteer = gazetteer
        self.type_model = type_model
        # loaded now, as the gazetteer is: the first document does not wait 0.2 s for it, and a
        # type model file that cannot be read is one clear error before any document
        try:
            _model(type_model)
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise PipelineError(f"{type_model}: not a readable type model ({err})") from err

    @staticmethod
    def type_text(doc: Document, c: "Cluster", single: bool) -> str:
        """What the classifier reads for one event: the whole text of a one-incident
        document (as the ACLED notes it learned from), else the clauses of its mentions."""
        if single:
            return doc.text
        seen, parts = set(), []
        for m in c.members:
            if (m.sent_start, m.sent_end) not in seen:
                seen.add((m.sent_start, m.sent_end))
                parts.append(doc.text[m.start:m.end])
        return " ".join(parts)

    def __call__(self, doc: Document) -> Document:
        mentions = find_mentions(doc)
        clusters = merge_mentions(mentions, self.gazetteer)
        if not clusters and doc.sentences and len(doc.text) <= 2000:
            # a short one-incident document in words the triggers do not know ("the OSCE
            # observed 64 bursts of fire near X"): the classifier reads it whole, below
            whole = _whole_document_mention(doc)
            if whole is not None and _model(self.type_model).predict(doc.text).event_type_p >= CLASSIFIER_MIN_P:
                clusters = [Cluster([whole])]
        short = len(doc.text) <= 2000
        single = len(clusters) == 1 and short
        index = PlaceIndex(doc) if clusters and doc.places and doc.sentences else None
        doc.events = [build_event(doc, c, doc.published, self.type_text(doc, c, single), single, self.type_model,
                                  index, short) for c in clusters]
        doc.stats["mentions"] = len(mentions)
        return doc
