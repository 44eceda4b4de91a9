"""Which of many keywords a text holds, found in one pass.

Most patterns of the pipeline are tried only on a text that holds the words they need: an
actor's name, an outlet's, a weapon's. Testing each of a hundred words with `word in text`
scans the text a hundred times (about 0.55 ms for the actor words of a 1,000-word article);
an Aho-Corasick automaton (ahocorasick_rs) finds every occurrence of all of them in one scan
(about 0.1 ms), with the same answer.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from operator import itemgetter
from re import _constants as _c, _parser
from typing import Iterable, Iterator

from ahocorasick_rs import AhoCorasick

_BOUNDARY = "\\b"


class KeywordSet:
    """A fixed set of keywords; `held(text)` is the set of those that `text` holds.

    A keyword is found anywhere in the text, unless it is written with a regex's word
    boundary: r"\\bied" only where a word starts ("IEDs", not "carried"), r"\\bcar\\b" only
    as a word of its own, as `re.search` would find them. Matching is exact: callers pass
    text already lower-cased or folded as their keywords are. `held` gives the keywords as
    written, boundaries included.
    """

    def __init__(self, keywords: Iterable[str]):
        self.keywords = sorted(set(keywords))
        bare = []
        for k in self.keywords:
            core = k.removeprefix(_BOUNDARY).removesuffix(_BOUNDARY)
            if not core or _BOUNDARY in core:
                raise ValueError(f"not a keyword: {k!r}")
            bare.append(core)
        if not bare:
            raise ValueError("a KeywordSet needs keywords")
        self._left = frozenset(i for i, k in enumerate(self.keywords) if k.startswith(_BOUNDARY))
        self._right = frozenset(i for i, k in enumerate(self.keywords) if k.endswith(_BOUNDARY))
        self._automaton = AhoCorasick(bare)

    def held(self, text: str) -> set[str]:
        keywords = self.keywords
        return {keywords[k] for k in self.found(text)}

    def found(self, text: str) -> set[int]:
        """The indexes in `keywords` of the keywords found."""
        return {k for k, _ in self.found_at(text)}

    def occurrences(self, text: str) -> list[tuple[int, int, int]]:
        """(index in `keywords`, start, end) of every occurrence of a keyword, its boundaries
        not yet checked."""
        return self._automaton.find_matches_as_indexes(text, overlapping=True)

    def found_at(self, text: str) -> list[tuple[int, int]]:
        """(index in `keywords`, start) of each place a keyword stands, in text order."""
        matches = self.occurrences(text)
        left, right = self._left, self._right
        if not left and not right:
            return [(k, s) for k, s, _ in matches]
        n = len(text)
        # not inside a longer word ("ied" in "carried"), nor the start of one ("car" in "cargo")
        return [(k, s) for k, s, e in matches
                if not (k in left and s and (text[s - 1].isalnum() or text[s - 1] == "_"))
                and not (k in right and e < n and (text[e].isalnum() or text[e] == "_"))]


def whole(word: str) -> str:
    """The keyword that finds `word` only as a word of its own."""
    return _BOUNDARY + word + _BOUNDARY


def _word_char(ch: str) -> bool:
    """A character a regex's \\w matches (and `KeywordSet.found` tests inline)."""
    return ch.isalnum() or ch == "_"


class PatternSet:
    """Several regexes, each searched only where the words of a text do not already answer.

    Each pattern is read as alternatives of words ("\\bshell(?:ed|ing|s)\\b",
    "\\bbombard\\w*", "\\bexplo(?:sion|ded)s?\\b"): where an alternative spells a few words,
    one of them standing in the text (with the boundaries written) is a match; where it does
    not ("fell\\s+on", "(?-i:march)") a word it begins with only says that the regex may
    match, and the regex is searched. A text with none of these words does not match. One
    pass over the text (`read`) finds the words of all the patterns.

    `patterns` maps a name to (the pattern as written, the regex to search): the regex may be a
    faster form of the same matches (`actors.first_letter_guarded`). Case-insensitive regexes
    are read on the text as `keyword_text` gives it; the others on the text as it is.
    """

    def __init__(self, patterns: dict[str, tuple[str, re.Pattern]]):
        self.names = list(patterns)
        self._regex = {name: rx for name, (_, rx) in patterns.items()}
        cases = {bool(rx.flags & re.IGNORECASE) for _, rx in patterns.values()}
        if len(cases) != 1:
            raise ValueError("a PatternSet's regexes are all case-insensitive or all not")
        self.ignorecase = ignorecase = cases.pop()
        exact: dict[str, set[str]] = {}
        maybe: dict[str, set[str]] = {}
        self.always: set[str] = set()
        for name, (source, _) in patterns.items():
            exact[name], maybe[name] = set(), set()
            for alt in _alternatives(_parser.parse(source, re.IGNORECASE if ignorecase else 0).data):
                found = _exact_keywords(alt, ignorecase)
                if found is not None:
                    exact[name].update(found)
                    continue
                begun = _starts(alt, ignorecase)[0]
                if "" in begun:
                    self.always.add(name)
                maybe[name].update(begun - {""})
        self.keywords = KeywordSet(set().union(*exact.values(), *maybe.values()))
        index = {w: k for k, w in enumerate(self.keywords.keywords)}
        self._exact_of = {index[w]: set() for w in set().union(*exact.values())}
        self._maybe_of = {index[w]: set() for w in set().union(*maybe.values())}
        for name in self.names:
            for w in exact[name]:
                self._exact_of[index[w]].add(name)
            for w in maybe[name]:
                self._maybe_of[index[w]].add(name)
        self.exact, self.maybe = exact, maybe

    def read(self, text: str) -> "PatternHits":
        lowered = keyword_text(text) if self.ignorecase else text
        return self._hits(text, self.keywords.found_at(lowered))

    def reader(self, text: str) -> "SpanReader":
        """`read` for many spans of one text (its sentences, their clauses), finding the words
        of the whole text in one pass."""
        return SpanReader(self, text)

    def _hits(self, text: str, found_at: list[tuple[int, int]]) -> "PatternHits":
        found: set[str] = set()
        # where each regex may match: a match begins with one of the words its alternatives
        # begin with (None: anywhere), so the regex is tried there, not searched through the text
        starts: dict[str, list[int] | None] = dict.fromkeys(self.always)
        exact_of, maybe_of = self._exact_of, self._maybe_of
        for k, start in found_at:
            names = exact_of.get(k)
            if names:
                found |= names
                _note_start(starts, names, start)
            names = maybe_of.get(k)
            if names:
                _note_start(starts, names, start)
        return PatternHits(self, text, found, starts)


_START_END = itemgetter(1, 2)   # an occurrence's (start, end)


class KeywordSpans:
    """`keywords.found_at(lower(text[s:e]))` for spans of one text (its sentences, their
    clauses): the keywords of the whole text are found in one pass, and a span takes those
    inside it, its edges counting as word boundaries as they do for the span read alone.

    `lower` is how the keywords are matched against text (`keyword_text`, `str.lower`, or
    none); it must read character by character, as those do but for the Greek capital sigma
    (whose lower case depends on what follows it) and, for `str.lower`, the dotted "İ" (which
    it makes two characters): a text with one has each span read alone."""
    __slots__ = ("keywords", "_text", "_lower", "_lowered", "_hits", "_starts")

    def __init__(self, keywords: KeywordSet, text: str, lower=None):
        self.keywords, self._text, self._lower = keywords, text, lower
        lowered = lower(text) if lower is not None else text
        whole = len(lowered) == len(text) and (lower is None or "Σ" not in text)
        self._lowered = lowered if whole else None
        self._hits = sorted(keywords.occurrences(lowered), key=_START_END) if whole else []
        self._starts = [h[1] for h in self._hits]

    def found_at(self, s: int, e: int) -> list[tuple[int, int]]:
        """(index in `keywords`, start in the span) of each keyword standing in text[s:e]."""
        low = self._lowered
        if low is None:
            span = self._text[s:e]
            return self.keywords.found_at(self._lower(span) if self._lower is not None else span)
        left, right = self.keywords._left, self.keywords._right
        out = []
        for k, a, b in self._hits[bisect_left(self._starts, s):]:
            if a >= e:
                break
            if b > e or (k in left and a > s and _word_char(low[a - 1])) or \
                    (k in right and b < e and _word_char(low[b])):
                continue
            out.append((k, a - s))
        return out

    def held(self, s: int, e: int) -> set[str]:
        """`keywords.held` of the span."""
        keywords = self.keywords.keywords
        return {keywords[k] for k, _ in self.found_at(s, e)}


class SpanReader:
    """`PatternSet.read(text[s:e])` for spans of one text, its words found in one pass
    (`KeywordSpans`)."""
    __slots__ = ("_set", "_text", "_spans")

    def __init__(self, pattern_set: PatternSet, text: str):
        self._set, self._text = pattern_set, text
        self._spans = KeywordSpans(pattern_set.keywords, text, keyword_text if pattern_set.ignorecase else None)

    def read(self, s: int, e: int) -> "PatternHits":
        return self._set._hits(self._text[s:e], self._spans.found_at(s, e))


def _note_start(starts: dict[str, list[int] | None], names: set[str], start: int) -> None:
    for name in names:
        if name not in starts:
            starts[name] = [start]
        elif starts[name] is not None:
            starts[name].append(start)


class PatternHits:
    """What one text holds of a `PatternSet`: `search(name)` is `bool(regex.search(text))`,
    `first(name)` is `regex.search(text)`."""
    __slots__ = ("_set", "_text", "_found", "_starts", "_absent")

    def __init__(self, pattern_set: PatternSet, text: str, found: set[str],
                 starts: dict[str, list[int] | None]):
        # found: the regexes a word of the text shows to match; starts: where each regex that
        # may match would begin (None: anywhere); absent: those tried and not matched
        self._set, self._text, self._found, self._starts = pattern_set, text, found, starts
        self._absent: set[str] = set()

    def first(self, name: str) -> re.Match | None:
        """The leftmost match of the regex, as a search finds it."""
        if name not in self._starts or name in self._absent:
            return None
        rx, text = self._set._regex[name], self._text
        starts = self._starts[name]
        if starts is None:
            return rx.search(text)
        for start in sorted(set(starts)):
            # a match at a start is one a search finds there: `match` reads the word boundary
            # and what looks behind against the text before `start`, as `search` does
            m = rx.match(text, start)
            if m is not None:
                return m
        return None

    def search(self, name: str) -> bool:
        if name in self._found:
            return True
        if name not in self._starts or name in self._absent:
            return False
        if self.first(name) is None:
            self._absent.add(name)
            return False
        self._found.add(name)
        return True

    def possible(self, name: str) -> bool:
        """Whether the regex may match: False only when the words of the text say it does not."""
        return name in self._found or (name in self._starts and name not in self._absent)

    def any(self) -> bool:
        return bool(self._found) or any(self.search(name) for name in list(self._starts))


def first_words(pattern: str) -> set[str]:
    """The keywords, in lower case, that every match of `pattern` begins with (r"\\b" first
    where the pattern says a word starts there): found on `keyword_text`, they are where the
    pattern may match, whether or not it ignores case. ValueError when some alternative
    begins with nothing the pattern spells."""
    out: set[str] = set()
    for alt in _alternatives(_parser.parse(pattern, re.IGNORECASE).data):
        begun = _starts(alt, True)[0]
        if "" in begun:
            raise ValueError(f"some match of {pattern!r} begins with no word it spells")
        out |= begun
    return out


def finditer_from(rx: re.Pattern, text: str, starts: Iterable[int]) -> Iterator[re.Match]:
    """What `rx.finditer(text)` gives, when every match of `rx` begins at one of `starts`
    (ascending) and none is empty: the leftmost match, then on from its end."""
    pos = 0
    for s in starts:
        if s >= pos:
            m = rx.match(text, s)   # \b and look-behinds see the text before `s`, as in a search
            if m is not None:
                yield m
                pos = m.end()


# keyword_text: what `re.IGNORECASE` takes for an ASCII letter that `str.lower` does not give
# as one: "İ" (which `str.lower` makes two characters, "i" and a combining dot), "ı" and "ſ"
_KEYWORD_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})
_KEYWORD_FOLD_CHARS = tuple(map(chr, _KEYWORD_FOLD))


def keyword_text(text: str) -> str:
    """`text` in lower case, for testing whether words a case-insensitive pattern needs are in
    it: character for character, so that a word boundary there is one in `text`."""
    # translating is slow (~70 ns a character) and has nothing to do in most texts
    if text.isascii() or not any(ch in text for ch in _KEYWORD_FOLD_CHARS):
        return text.lower()
    return text.translate(_KEYWORD_FOLD).lower()


_CLASS_LIMIT = 4          # a class of at most this many letters is read as alternatives
_ANY_WORD_END = "\x00"   # marks a form that may go on as a word ("bombard\w*"): a keyword that starts a word
_FORMS_LIMIT = 64


def _is_boundary(item) -> bool:
    return item[0] is _c.AT and item[1] is _c.AT_BOUNDARY


def _alternatives(items) -> list[list]:
    """A sequence split into its alternatives where it is one alternation, with the word
    boundaries around it ("\\b(?:a|b)\\b" -> "\\ba\\b", "\\bb\\b")."""
    items = list(items)
    lead = 0
    while lead < len(items) and _is_boundary(items[lead]):
        lead += 1
    trail = len(items)
    while trail > lead and _is_boundary(items[trail - 1]):
        trail -= 1
    if trail - lead != 1:
        return [items]
    op, av = items[lead]
    if op is _c.SUBPATTERN and not av[1] and not av[2]:
        inner = list(av[3].data)
        if len(inner) == 1 and inner[0][0] is _c.BRANCH:
            op, av = inner[0]
        else:
            return [items[:lead] + inner + items[trail:]] if inner else [items]
    if op is _c.BRANCH:
        out = []
        for alt in av[1]:
            out.extend(_alternatives(items[:lead] + list(alt.data) + items[trail:]))
        return out
    return [items]


def _exact_keywords(items, ignorecase: bool) -> set[str] | None:
    """The keywords that match exactly where the sequence does, or None: a few words spelled
    out, with the word boundaries written before and after them."""
    items = list(items)
    left = bool(items) and _is_boundary(items[0])
    right = len(items) > 1 and _is_boundary(items[-1])
    core = items[int(left):len(items) - int(right)]
    forms = _forms(core, ignorecase)
    if forms is None or "" in forms or any(_ANY_WORD_END in f[:-1] for f in forms):
        return None
    head = _BOUNDARY if left else ""
    return {head + f[:-1] if f.endswith(_ANY_WORD_END) else head + f + (_BOUNDARY if right else "") for f in forms}


def _literal(code: int, ignorecase: bool) -> str | None:
    """A literal character as a keyword has it: in lower case when the pattern ignores case
    (it is read on lower-cased text); None beyond ASCII, whose case rules differ."""
    if code >= 128:
        return None
    return chr(code).lower() if ignorecase else chr(code)


def _forms(items, ignorecase: bool) -> set[str] | None:
    """The words a regex sequence spells, in lower case ("" among them when it may match
    nothing), or None when it is not a few plain words: a class like \\s, a repeat, scoped flags."""
    acc = {""}
    for k, (op, av) in enumerate(items):
        if op is _c.LITERAL:
            ch = _literal(av, ignorecase)
            if ch is None:
                return None
            acc = {a + ch for a in acc}
            continue
        if op is _c.IN and all(o is _c.LITERAL for o, _ in av):
            sub = {_literal(v, ignorecase) for _, v in av}
            if None in sub:
                return None
        elif op is _c.BRANCH:
            parts = [_forms(alt.data, ignorecase) for alt in av[1]]
            if any(p is None for p in parts):
                return None
            sub = set().union(*parts)
        elif op is _c.SUBPATTERN and not av[1] and not av[2]:
            sub = _forms(av[3].data, ignorecase)
            if sub is None:
                return None
        elif op is _c.MAX_REPEAT and av[0] == 0 and av[1] == 1:
            sub = _forms(av[2].data, ignorecase)
            if sub is None:
                return None
            sub = sub | {""}
        elif op is _c.MAX_REPEAT and av[0] == 0 and av[1] == _c.MAXREPEAT and k == len(items) - 1 \
                and list(av[2].data) == [(_c.IN, [(_c.CATEGORY, _c.CATEGORY_WORD)])]:
            sub = {_ANY_WORD_END}   # \w* at the end: any word that begins so
        else:
            return None
        acc = {a + s for a in acc for s in sub}
        if len(acc) > _FORMS_LIMIT:
            return None
    return acc


def _starts(items, ignorecase: bool) -> tuple[set[str], bool]:
    """(the literal beginnings of a sequence's matches, whether each is the whole sequence):
    every match begins with one of them; "" among them when nothing is told. In lower case
    when the pattern ignores case (it is read on lower-cased text), else as written. A word
    boundary first is kept: the beginning is then a keyword that starts a word."""
    acc = {""}
    items = list(items)
    for k, (op, av) in enumerate(items):
        if op is _c.AT and av is _c.AT_BOUNDARY and acc == {""}:
            acc = {_BOUNDARY}
            continue
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        if op is _c.LITERAL and av != ord("\\"):
            acc = {a + (chr(av).lower() if ignorecase else chr(av)) for a in acc}
            continue
        if op is _c.IN and 0 < len(av) <= _CLASS_LIMIT and all(o is _c.LITERAL and v < 128 for o, v in av):
            # "[Ss]pokesman": a few letters, one of which begins the rest
            sub = {chr(v).lower() if ignorecase else chr(v) for _, v in av}
            acc = {a + ch for a in acc for ch in sub}
            continue
        if op is _c.SUBPATTERN:
            if not ignorecase and av[1] & re.IGNORECASE:
                return _bare(acc), False  # case ignored inside: its letters tell nothing here
            sub, complete = _starts(av[3].data, ignorecase)
        elif op is _c.BRANCH:
            parts = [_starts(alt.data, ignorecase) for alt in av[1]]
            sub = set().union(*(p for p, _ in parts))
            complete = all(c for _, c in parts)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and av[0] >= 1:
            sub, complete = _starts(av[2].data, ignorecase)[0], False   # "\d+", "(?:x\s+){1,3}"
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            # "(?:pro-?\s?)?houthi": a match begins as the part that may be left out does, or
            # as what follows it does
            sub = _starts(av[2].data, ignorecase)[0] | _starts(items[k + 1:], ignorecase)[0]
            complete = False
        else:
            return _bare(acc), False
        joined = {_join(a, b) for a in acc for b in sub}
        if len(joined) > _FORMS_LIMIT:
            return _bare(acc), False   # the beginnings so far tell enough
        acc = joined
        if not complete:
            return _bare(acc), False
    return _bare(acc), True


def _join(a: str, b: str) -> str:
    """Two beginnings one after the other: a word boundary is kept only first."""
    if b.startswith(_BOUNDARY) and a:
        b = b[len(_BOUNDARY):]
    return a + b


def _bare(starts: set[str]) -> set[str]:
    """A word boundary with no letter after it tells nothing: ""."""
    return {"" if s == _BOUNDARY else s for s in starts}
