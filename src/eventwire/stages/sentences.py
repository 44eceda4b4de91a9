"""Sentence splitting tuned for news English (often machine-translated) and Arabic.

Rules, not a model: paragraph breaks always end a sentence; . ! ? … end one when a
capital, digit or opening quote follows, except after abbreviations, initials, and inside
a quotation that goes on. Spans are (start, end) into the text, whitespace trimmed.
"""
from __future__ import annotations

import re

# Longest sentence handed to later stages; a longer run is cut at a space. Machine-
# translated news runs to ~600 characters between full stops at worst (seed article-000);
# 1,000 keeps real sentences whole and bounds the per-sentence work downstream.
MAX_SENTENCE = 1000
# A quotation longer than this with its closing mark far away is most likely a stray mark
# (machine translation drops and adds quotes), so it does not hold sentences together.
MAX_QUOTE = 600

_BREAK_RE = re.compile(r"\n(?:[^\S\n]*\n)*")
# A full stop is followed by a space, or, in text scraped without one, glued to the next
# sentence's first word after a word of its own: "were wounded.Three others", "reported.Major".
_TERMINATOR_RE = re.compile(r"[.!?؟…]+(?:[\"'”’»)\]]*(?=\s)|(?<=[a-z][a-z][.!?])[\"'”’»)\]]*(?=[A-Z][a-z]))")
_NEXT_CHAR_RE = re.compile(r"\s*(\S)(\w*)")
_TOKEN_BEFORE_RE = re.compile(r"[\w.]*$")
_QUOTE_RE = re.compile(r"[“”\"«»]")
_OPENERS = set("\"'“‘«([¿¡")
_TERMINAL = set(".!?…:;\"”’»)]؟")

# Never end a sentence: titles, and abbreviations that stand before a name or number.
_NEVER_FINAL = {
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "lt", "col", "maj", "capt", "cpt", "sgt",
    "cpl", "pvt", "adm", "brig", "cmdr", "cdr", "gov", "sen", "rep", "rev", "hon", "pres", "st",
    "jr", "sr", "mt", "ft", "fr", "amb", "etc", "vs", "cf", "approx", "dept", "est", "inc", "ltd",
    "co", "corp", "al", "ca", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "e.g", "i.e", "eg", "ie", "viz",
}
# End a sentence only when no number follows: "No. 5" but "he said no. Then".
_BEFORE_NUMBER = {"no", "nos", "vol", "art", "fig", "p", "pp", "para", "ch"}
# Dotted acronyms and times ("U.S.", "p.m.") end a sentence only before a word that
# usually starts one.
_SENTENCE_STARTERS = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "this", "that", "these",
    "those", "there", "but", "and", "in", "on", "at", "however", "meanwhile", "according", "his",
    "her", "their", "its", "earlier", "later", "some", "after", "before", "while", "when", "as",
    "officials", "no", "if", "yet", "still", "also", "both", "one", "two", "three", "last", "on",
    "since", "during", "last", "local", "residents", "witnesses",
}
_DOTTED_RE = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text`, in order, each trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BREAK_RE.finditer(text):
        if m.group().count("\n") == 1 and _continues_line(text, m.start(), m.end()):
            continue
        _split_block(text, start, m.start(), spans)
        start = m.end()
    _split_block(text, start, len(text), spans)
    return spans


def _continues_line(text: str, newline: int, next_start: int) -> bool:
    """A single line break inside a sentence (hard-wrapped text) is not a paragraph break."""
    before = newline - 1
    while before >= 0 and text[before] in " \t\r":
        before -= 1
    if before < 0 or next_start >= len(text):
        return False
    after = next_start
    while after < len(text) and text[after].isspace():
        after += 1
    if after >= len(text):
        return False
    return text[before] not in _TERMINAL and text[after].islower()


def _split_block(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    if start >= end:
        return
    quotes = _quotations(text, start, end)
    q = 0
    cursor = start
    for m in _TERMINATOR_RE.finditer(text, start, end):
        nxt = _NEXT_CHAR_RE.match(text, m.end(), end)
        if nxt is None:
            break
        while q < len(quotes) and quotes[q][1] < m.start():
            q += 1
        if q < len(quotes) and quotes[q][0] < m.start() and m.end() <= quotes[q][1]:
            continue  # inside a quotation that goes on
        if not _ends_sentence(text, m, nxt.group(1), nxt.group(2), start):
            continue
        _emit(text, cursor, m.end(), spans)
        cursor = nxt.start(1)
    _emit(text, cursor, end, spans)


def _ends_sentence(text: str, m: re.Match, next_char: str, next_word: str, block_start: int) -> bool:
    if next_char.islower():
        return False
    if not (next_char.isalpha() or next_char.isdigit() or next_char in _OPENERS):
        return False
    terminator = m.group()
    if terminator[0] != "." or terminator.startswith(".."):
        return True
    token = _TOKEN_BEFORE_RE.search(text, max(block_start, m.start() - 20), m.start()).group().strip(".")
    if not token:
        return True
    folded = token.casefold()
    if folded in _NEVER_FINAL:
        return False
    if folded in _BEFORE_NUMBER:
        return not next_char.isdigit()
    if len(token) == 1 and token.isupper():
        return False  # an initial: "J. Smith"
    if _DOTTED_RE.match(token):
        return (next_char + next_word).casefold() in _SENTENCE_STARTERS
    return True


def _quotations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(open, close) positions of the quotations of a block that open and close in it."""
    found: list[tuple[int, int]] = []
    open_at = -1
    open_mark = ""
    for m in _QUOTE_RE.finditer(text, start, end):
        mark = m.group()
        pos = m.start()
        if mark in "“«":
            open_at, open_mark = pos, mark
        elif mark in "”»":
            if open_at >= 0 and open_mark != '"' and pos - open_at <= MAX_QUOTE:
                found.append((open_at, pos))
            open_at = -1
        elif open_at >= 0 and open_mark == '"':  # a straight quote closes its twin
            if pos - open_at <= MAX_QUOTE:
                found.append((open_at, pos))
            open_at = -1
        else:
            open_at, open_mark = pos, mark
    return found


def _emit(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append the trimmed span, cut into pieces of at most MAX_SENTENCE characters."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        if cut <= start:
            cut = start + MAX_SENTENCE
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        spans.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        spans.append((start, end))
