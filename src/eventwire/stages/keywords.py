"""Which of many keywords a text holds, found in one pass.

Most patterns of the pipeline are tried only on a text that holds the words they need: an
actor's name, an outlet's, a weapon's. Testing each of a hundred words with `word in text`
scans the text a hundred times (about 0.55 ms for the actor words of a 1,000-word article);
an Aho-Corasick automaton (ahocorasick_rs) finds every occurrence of all of them in one scan
(about 0.1 ms), with the same answer.
"""
from __future__ import annotations

import re
from re import _constants as _c, _parser
from typing import Callable, Iterable, Iterator

from ahocorasick_rs import AhoCorasick

_BOUNDARY = "\\b"


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


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
        return {keywords[k] for k in set(self.hits(text))}

    def hits(self, text: str) -> Iterator[int]:
        """The index in `keywords` of each keyword found, in text order, as often as found."""
        left, right = self._left, self._right
        n = len(text)
        for k, s, e in self._automaton.find_matches_as_indexes(text, overlapping=True):
            if k in left and s and _word_char(text[s - 1]):
                continue  # inside a longer word: "ied" in "carried"
            if k in right and e < n and _word_char(text[e]):
                continue  # the start of a longer word: "car" in "cargo"
            yield k


def whole(word: str) -> str:
    """The keyword that finds `word` only as a word of its own."""
    return _BOUNDARY + word + _BOUNDARY


class WordAlternation:
    """Whether a case-insensitive alternation of words, `\\b(?:A|B|...)\\b`, matches in a
    text, told by a `KeywordSet` where the words tell: an alternative that spells a few words
    ("shell(?:ed|ing|s)", "advance[ds]?", "bombard\\w*") matches wherever one of them stands
    as a word; for the others ("fell\\s+on", "(?-i:march)") a word they begin with only says
    that the pattern may match, and `search` (the pattern's own test) decides. A text without
    any of these words does not match."""

    def __init__(self, alternatives: list[str], search: Callable[[str], bool]):
        self._search = search
        exact: set[str] = set()
        starts: set[str] = set()
        self.always = False
        for alt in alternatives:
            tree = _parser.parse(alt, re.IGNORECASE).data
            forms = _forms(tree)
            if forms is not None and "" not in forms and not any(_ANY_WORD_END in f[:-1] for f in forms):
                exact.update(_BOUNDARY + f[:-1] if f.endswith(_ANY_WORD_END) else whole(f) for f in forms)
                continue
            begun = _starts(tree)[0]
            if "" in begun:
                self.always = True  # nothing tells where it may match: always searched
            starts.update(_BOUNDARY + s for s in begun if s)
        self.exact = frozenset(exact)
        self.starts = frozenset(starts - exact)
        self.keywords = KeywordSet(self.exact | self.starts)
        self._exact_index = frozenset(k for k, w in enumerate(self.keywords.keywords) if w in self.exact)

    def search(self, text: str, lowered: str) -> bool:
        """`search(text)`; `lowered` is the text as `claims.keyword_text` gives it (in lower
        case, character for character)."""
        if self.always:
            return self._search(text)
        exact = self._exact_index
        maybe = False
        for k in self.keywords.hits(lowered):
            if k in exact:
                return True
            maybe = True
        return maybe and self._search(text)


_ANY_WORD_END = "\x00"   # marks a form that may go on as a word ("bombard\w*"): a keyword that starts a word
_FORMS_LIMIT = 64


def _forms(items) -> set[str] | None:
    """The words a regex sequence spells, in lower case ("" among them when it may match
    nothing), or None when it is not a few plain words: a class like \\s, a repeat, scoped flags."""
    acc = {""}
    for k, (op, av) in enumerate(items):
        if op is _c.LITERAL and av < 128:
            acc = {a + chr(av).lower() for a in acc}
            continue
        if op is _c.IN and all(o is _c.LITERAL and v < 128 for o, v in av):
            sub = {chr(v).lower() for _, v in av}
        elif op is _c.BRANCH:
            parts = [_forms(alt.data) for alt in av[1]]
            if any(p is None for p in parts):
                return None
            sub = set().union(*parts)
        elif op is _c.SUBPATTERN and not av[1] and not av[2]:
            sub = _forms(av[3].data)
            if sub is None:
                return None
        elif op is _c.MAX_REPEAT and av[0] == 0 and av[1] == 1:
            sub = _forms(av[2].data)
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


def _starts(items) -> tuple[set[str], bool]:
    """(the lower-case literal beginnings of a sequence's matches, whether each is the whole
    sequence): every match begins with one of them; "" among them when nothing is told."""
    acc = {""}
    for op, av in items:
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        if op is _c.LITERAL:
            acc = {a + chr(av).lower() for a in acc}
            continue
        if op is _c.SUBPATTERN:
            sub, complete = _starts(av[3].data)
        elif op is _c.BRANCH:
            parts = [_starts(alt.data) for alt in av[1]]
            sub = set().union(*(p for p, _ in parts))
            complete = all(c for _, c in parts)
        else:
            return acc, False
        acc = {a + s for a in acc for s in sub}
        if not complete:
            return acc, False
    return acc, True
