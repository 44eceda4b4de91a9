"""Cleaning: the article's own text out of a page's raw text, with a map back to it.

Site furniture goes (comment forms, "See also" links, share and cookie prompts, section
labels at the edges, "Issue no." tags), repeated headlines and paragraphs collapse to
their first copy, and whitespace is normalised. The cleaned text is built only from
slices of `doc.raw` plus inserted separators, so `doc.offsets` maps every cleaned
character back to the exact original one. Work is linear in the length of the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from eventwire.model import Document, OffsetMap

PARAGRAPH_SEP = "\n\n"
# Separators of cleaned text and everything Python calls whitespace, plus the invisible
# marks that scraped Arabic text carries at line edges (zero-width space, LRM/RLM, BOM).
_EDGE_CHARS = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
               "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
               "\u200b\u200e\u200f\u2060\ufeff"
               # the other invisible format characters (_INVISIBLE), dropped anyway: a line
               # ending "0 \u00ad" must not keep the space before its soft hyphen
               "\u00ad\u061c\u180e\u200c\u200d\u202a\u202b\u202c\u202d\u202e\u2061\u2062\u2063\u2064"
               "\u2066\u2067\u2068\u2069")
_LINE_BREAK_RE = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_WS_RUN_RE = re.compile(r"\s{2,}|[^\S ]")
_NON_ALNUM_RE = re.compile(r"[\W_]+")
_ASCII_NON_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())
# quotes, dashes, the ellipsis, the no-break space, guillemets and Arabic punctuation
_COMMON_SIGNS = "\u201c\u201d\u2018\u2019\u2013\u2014\u2026\u00a0\u00ab\u00bb\u060c\u061f\u061b\u00b7\u2022"

# Invisible format characters (soft hyphen, zero-width space/joiners, LRM/RLM and the
# bidi embeddings and isolates, word joiner, BOM, tag characters): dropped from the
# cleaned text, so "Deir\u200f ez-Zor" and "Ha\u200dsakah" read as the words they show.
_INVISIBLE = ("\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
              "\U000e0000-\U000e007f")
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
# Cyrillic, Greek and Armenian letters drawn like Latin ones (Unicode's confusables for
# the letters of place names): inside a word that also has Latin letters they are a
# spoofing trick or a keyboard slip ("Hаsakah" with a Cyrillic а), and are read as Latin.
_LOOKALIKES = {
    **dict(zip("аеорсухіјѕԁԛԝһӏ", "aeopcyxijsdqwhl")), **dict(zip("АВЕКМНОРСТХУІЈЅԚԜ", "ABEKMHOPCTXYIJSQW")),
    **dict(zip("αονρικυχ", "aovpikux")), **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX")),
    **dict(zip("օսհո", "ouhn")),
}
_LOOKALIKE_RE = re.compile("[" + "".join(_LOOKALIKES) + "]")
_WORD_WITH_INVISIBLES_RE = re.compile(f"(?:[^\\W\\d_]|[{_INVISIBLE}])+")
_LATIN_RE = re.compile("[A-Za-z\u00c0-\u024f]")
# Accents typed as separate combining marks ("H\u0327asakah" for "Ḩasakah") split a word
# in two for every matcher; on Latin letters they are dropped, as the gazetteer drops accents.
_LATIN_MARKS_RE = re.compile("(?<=[A-Za-z\u00c0-\u024f])[\u0300-\u036f]+")
# any character one of the three patterns above needs: most lines hold none, and one search
# tells (profiled: the three searches of every line not in ASCII were 1% of the run)
_EDITED_CHAR_RE = re.compile(f"[{_INVISIBLE}\u0300-\u036f" + "".join(_LOOKALIKES) + "]")

# Boilerplate lines are short; longer lines are never matched against the patterns below.
# 400 characters: the longest furniture line in the seeds and our test pages is ~120.
MAX_BOILERPLATE_LEN = 400
# Lines whose comparison key is at least this long collapse to their first copy; shorter
# ones (subheadings like "Biden comments" may recur on purpose) are left alone.
MIN_DUPLICATE_KEY = 8
TITLE_MAX_LEN = 200

_I = re.I | re.U

_COMMENT_FORMS = (
    r"please enter your (?:comment|name|e-?mail(?: address)?|website)(?: here)?\s*[!.]?",
    r"you have entered an incorrect e-?mail address\s*[!.]?",
    r"leave a (?:reply|comment|response)(?: to .{0,80})?",
    r"cancel reply",
    r"your e-?mail address will not be published\.?(?: required fields are marked\s*\*?\s*\.?)?",
    r"required fields are marked\s*\*?\s*\.?",
    r"(?:add|post|write|submit|leave) (?:a |your )?comments?\s*:?",
    r"\d+ comments?|no comments(?: yet)?\.?|comments?(?: \(\d+\))?\s*:?|(?:view|show|load more|see) comments",
    r"save my name,? e-?mail,? and website in this browser for the next time i comment\.?",
    r"you must be (?:logged|signed) in to post a comment\.?",
    r"(?:log|sign) in to (?:reply|comment)",
    r"reply|report(?: this)? comment|notify me of (?:follow-up comments|new posts|new comments).{0,60}",
    r"this site uses akismet.{0,160}",
    r"(?:name|e-?mail|website|comment)\s*\*",
    r"اترك تعليق(?:ا|اً)?|أضف تعليق(?:ا|اً)?|اكتب تعليقك|التعليقات|لا توجد تعليقات|"
    r"(?:الرجاء|يرجى) (?:إدخال|ادخال) (?:تعليقك|اسمك)(?: هنا)?\s*[!.]?",
)
_SEE_ALSO = (
    r"(?:see|read|watch) also\b.{0,250}",
    r"also read\b.{0,250}",
    r"read more\b.{0,250}",
    r"related\s*:.{0,250}",
    r"related (?:articles|posts|news|stories|topics|coverage|content)\b.{0,250}",
    r"more (?:on this|from|about)(?: story| topic)?\b[^.!?]{0,200}",
    r"you (?:may|might) also (?:like|be interested in)\b.{0,200}",
    r"recommended(?: for you| stories| articles| reading)?\s*:?",
    r"(?:tags?|topics|keywords|categories|filed under)\s*:.{0,300}",
    r"(?:اقرأ|إقرأ|اقرا) (?:أيضا|أيضاً|ايضا|المزيد).{0,250}|شاهد أيضا.{0,250}|"
    r"(?:مواضيع|أخبار|مقالات) ذات صلة.{0,250}",
)
_SHARE_TOKEN = (
    r"share(?: this(?: article| story| post| page)?)?(?: on [\w+]+| via [\w+]+)?|"
    r"click to (?:share|print|e-?mail)(?: on [\w+]+| with [\w+]+)?(?: \(opens in new window\))?|"
    r"\(opens in new window\)|tweet|whats ?app|facebook|twitter|x|telegram|linkedin|pinterest|"
    r"reddit|messenger|print(?: this(?: article| page)?)?|e-?mail|copy (?:link|url)|"
    r"like this\s*:?|like loading\.{3}|شارك(?: المقال)?|طباعة|مشاركة"
)
_SEP = r"[\s|•·,:/\-–—]*"
_SHARE_LINE = rf"(?:{_SHARE_TOKEN}){_SEP}(?:(?:{_SHARE_TOKEN}){_SEP})*"
_PROMPTS = (
    r"subscribe(?: now| today| for free| here)?\s*[!.]?",
    r"subscribe to (?:our|the) .{0,80}",
    r"sign up (?:for|to) .{0,60}(?:newsletter|updates|alerts|briefing).{0,60}",
    r"get (?:our|the) .{0,40}newsletter.{0,80}",
    r"follow us(?: on .{0,80})?",
    r"join (?:us on|our) .{0,40}(?:channel|group|telegram|whatsapp|facebook|twitter).{0,60}",
    r"download (?:our|the) app.{0,80}",
    r"enter your e-?mail(?: address)?.{0,40}",
    r"newsletter|advertisement|sponsored(?: content)?|scroll to (?:continue|top).{0,40}",
    r"skip to (?:main )?content|back to top|accept(?: all)?(?: cookies)?|reject all|i agree|got it|"
    r"manage (?:cookies|preferences|settings|consent)",
    r"issue\s+(?:no\.?|number|#)\s*(?:\[\s*[\d٠-٩]*\s*\]?|[\d٠-٩]+)?",
    r"(?:رقم\s+)?العدد\s*(?:رقم\s*)?(?:\[\s*[\d٠-٩]*\s*\]?|[\d٠-٩]+)?",
)
_BOILERPLATE_RE = re.compile(
    r"^(?:" + "|".join(_COMMENT_FORMS + _SEE_ALSO + (_SHARE_LINE,) + _PROMPTS) + r")$", _I)
_COOKIE_RE = re.compile(
    r"\bcookies?\b.*\b(?:accept|consent|we use|uses|policy|settings|preferences|continu(?:e|ing) to)\b|"
    r"\b(?:we use|this (?:web)?site uses|accept)\b.*\bcookies?\b", _I)

# "… 12 July 2021 AD Issue no. [" -> the issue tag at the end of a dateline.
_ISSUE_TAIL_RE = re.compile(
    r"(?:\s*[-–—|,])?\s*(?P<issue>issue\s+(?:no\.?|number|#)\s*(?:\[\s*[\d٠-٩]*\s*\]?|[\d٠-٩]+)?|"
    r"(?:رقم\s+)?العدد\s*(?:رقم\s*)?(?:\[\s*[\d٠-٩]*\s*\]?|[\d٠-٩]+))\s*$", _I)
_YEAR_RE = re.compile(r"(?<!\d)(?:1[3-4]\d\d|19\d\d|20\d\d)(?!\d)")

_KNOWN_LABELS = {
    "home", "homepage", "news", "latest news", "breaking news", "top stories", "world", "world news",
    "politics", "economy", "business", "sports", "sport", "opinion", "opinions", "culture", "arts",
    "society", "health", "technology", "tech", "science", "local", "international", "middle east",
    "arab world", "gulf", "africa", "europe", "americas", "asia", "reports", "analysis", "features",
    "videos", "video", "photos", "multimedia", "menu", "search", "more", "tags", "categories",
    "category", "sections", "archive", "latest", "most read", "most popular", "trending", "related",
    "related articles", "related posts", "related news", "advertisement", "sponsored", "next",
    "previous", "next article", "previous article", "next post", "previous post", "main menu",
    "الرئيسية", "أخبار", "اخبار", "سياسة", "اقتصاد", "رياضة", "العالم العربي", "عربي ودولي",
    "محليات", "آخر الأخبار", "أخبار عاجلة", "تقارير", "منوعات", "مقالات",
}
# A short line ending in one of these is a section name: "Syria News", "Arab World".
_SECTION_HEADS = {
    "news", "world", "politics", "affairs", "economy", "sports", "sport", "opinion", "reports",
    "analysis", "culture", "business", "health", "technology", "videos", "photos", "posts",
    "articles", "stories", "updates", "headlines", "east",
}
_ARABIC_SECTION_FIRST = {"أخبار", "اخبار"}
_TITLE_WORD_RE = re.compile(r"^(?:[^\W\d_][\w'’&.-]*|&|of|and|the|in|on|for|to|a)$", re.U)
_SMALL_WORDS = {"of", "and", "the", "in", "on", "for", "to", "a", "&"}
_LABEL_PUNCT_RE = re.compile(r"[.!?,;\"“”«»()\[\]؟،]")
_BREADCRUMB_RE = re.compile(r"\s(?:»|›|>|/|\\|→)\s|^(?:»|›)|(?:»|›)$")

_BYLINE_RE = re.compile(
    r"^(?:(?P<place>[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){0,2})\s?:\s*"
    r"(?P<author>[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){1,4})"
    r"|by\s+(?P<author2>[^\W\d_][\w'’.-]*(?: [^\W\d_][\w'’.-]*){1,4})(?:\s*[,|–-]\s*(?P<place2>[^\W\d_][\w'’. -]{1,40}))?)$",
    re.U | re.I)
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|muharram|safar|rabi|jumad|"
           r"rajab|sha'?ban|ramad[ha]n|shawwal|dhu|ذو|يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|"
           r"أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر|كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين")
_WEEKDAYS = (r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
             r"الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|السبت|الأحد|الاحد")
_WEEKDAY_RE = re.compile(rf"\b(?:{_WEEKDAYS})\b", _I)
_DATELINE_START_RE = re.compile(
    rf"^(?:(?:published|updated|posted|last updated)(?: on)?\s*:?\s*)?(?:(?:{_WEEKDAYS})\b|(?:{_MONTHS})\b|\d)", _I)
_NOT_BYLINE_HEADS = {
    "source", "sources", "photo", "image", "credit", "note", "editor's note", "update", "updated", "read",
    "see", "watch", "related", "tags", "breaking", "exclusive", "video", "live", "analysis", "opinion",
    "interview", "report", "warning", "caption", "file photo", "topics",
}
_NAME_PARTICLES = ("al-", "el-", "ad-", "as-", "ash-", "an-", "ar-", "at-", "az-", "bin", "ibn", "bint", "abu",
                   "de", "del", "da", "van", "von", "le", "la", "al", "el")

_TERMINAL = set(".!?…:;\"”’»)]؟")


@dataclass
class _Line:
    start: int  # raw offsets of the stripped line
    end: int
    number: int  # index among all raw lines, to tell adjacent lines from separated ones
    kept: bool = True
    boilerplate: bool = False


def clean(doc: Document) -> Document:
    """Set doc.text, doc.offsets, doc.title, doc.removed (and a few doc.stats) from doc.raw."""
    raw = doc.raw or ""
    lines = _split_lines(raw)
    removed: list[tuple[int, str]] = []
    seen_keys: set[str] = set()

    for line in lines:
        content = raw[line.start:line.end]
        key = _line_key(content)
        if not key:  # only punctuation or symbols: separators, bullets, "***"
            _drop(line, raw, removed)
            continue
        if len(key) >= MIN_DUPLICATE_KEY:
            if key in seen_keys:
                _drop(line, raw, removed)
                continue
            seen_keys.add(key)
        if len(content) > MAX_BOILERPLATE_LEN:
            continue
        squashed = " ".join(content.split())
        if _BOILERPLATE_RE.match(squashed) or ("ookie" in squashed and _COOKIE_RE.search(squashed)):
            _drop(line, raw, removed, boilerplate=True)
            continue
        _cut_issue_tag(line, raw, content, removed)

    _drop_edge_labels(lines, raw, removed)

    kept = [line for line in lines if line.kept]
    # Extracted HTML has one paragraph per line; only plain text is ever hard-wrapped.
    text, offsets, paragraph_spans = _assemble(raw, kept, join_wrapped=doc.fmt != "html" and doc.stats.get("input") != "html")
    doc.text = text
    doc.offsets = offsets
    doc.removed = [s for _, s in sorted(removed, key=lambda item: item[0])]
    doc.stats["removed_lines"] = len(doc.removed)
    _describe_head(doc, paragraph_spans)
    return doc


def _line_key(content: str) -> str:
    """A line's letters and digits in lower case: two lines with the same key say the same."""
    if content.isascii():  # the same, with bytes (profiled: 3x faster)
        return content.encode("ascii").translate(None, _ASCII_NON_ALNUM).lower().decode("ascii")
    # Beyond ASCII: the ASCII signs dropped with bytes (no byte of a longer UTF-8 character is
    # ASCII), then the common signs of news text; the pattern only when others are left
    # (profiled: 43 -> 15 us a 1,200-character line)
    key = content.casefold().encode("utf-8", "surrogatepass").translate(None, _ASCII_NON_ALNUM) \
        .decode("utf-8", "surrogatepass")   # a lone surrogate goes through as it came
    for sign in _COMMON_SIGNS:
        if sign in key:
            key = key.replace(sign, "")
    return key if not key or key.isalnum() else _NON_ALNUM_RE.sub("", key)


def _split_lines(raw: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    number = 0
    for m in _LINE_BREAK_RE.finditer(raw):
        _add_line(lines, raw, pos, m.start(), number)
        pos = m.end()
        number += 1
    _add_line(lines, raw, pos, len(raw), number)
    return lines


def _add_line(lines: list[_Line], raw: str, start: int, end: int, number: int) -> None:
    segment = raw[start:end]
    left = segment.lstrip(_EDGE_CHARS)
    if not left:
        return
    start += len(segment) - len(left)
    end = start + len(left.rstrip(_EDGE_CHARS))
    lines.append(_Line(start, end, number))


def _drop(line: _Line, raw: str, removed: list[tuple[int, str]], boilerplate: bool = False) -> None:
    line.kept = False
    line.boilerplate = boilerplate
    removed.append((line.start, raw[line.start:line.end]))


def _cut_issue_tag(line: _Line, raw: str, content: str, removed: list[tuple[int, str]]) -> None:
    """Remove an "Issue no. [" tag ending a dateline, keeping the dateline's words."""
    if "ssue" not in content and "العدد" not in content:
        return
    m = _ISSUE_TAIL_RE.search(content)
    if not m or not _YEAR_RE.search(content[:m.start()]):
        return
    head = content[:m.start()].rstrip(_EDGE_CHARS + "-–—|,")
    if not head:
        return
    removed.append((line.start + m.start("issue"), raw[line.start + m.start("issue"):line.end]))
    line.end = line.start + len(head)


def _is_label(content: str, *, loose: bool) -> bool:
    """A site section name ("Syria News", "Home", "Arab World") rather than article text.

    `loose` (inside a trailing run of furniture) also takes any Title Case line of up to
    three words, as sites print section names there.
    """
    if len(content) > 40 and len(content.split(None, 21)) > 21:
        return False   # 22 words or more: longer than 40 characters however squashed
    squashed = " ".join(content.split())
    if len(squashed) > 40 or not squashed:
        return False
    folded = squashed.casefold().rstrip(":")
    if folded in _KNOWN_LABELS:
        return True
    if _BREADCRUMB_RE.search(squashed):
        parts = [p for p in re.split(r"\s*(?:»|›|>|/|\\|→)\s*", folded) if p]
        return bool(parts) and all(len(p.split()) <= 3 and not _LABEL_PUNCT_RE.search(p) for p in parts)
    if _LABEL_PUNCT_RE.search(squashed):
        return False
    words = squashed.split()
    if len(words) > 3 or not all(_TITLE_WORD_RE.match(w) for w in words):
        return False
    if not all(w in _SMALL_WORDS or not w[0].islower() for w in words):
        return False
    if words[-1].casefold() in _SECTION_HEADS or words[0] in _ARABIC_SECTION_FIRST:
        return True
    return loose


def _drop_edge_labels(lines: list[_Line], raw: str, removed: list[tuple[int, str]]) -> None:
    for line in lines:  # leading edge: labels and breadcrumbs above the headline
        if not line.kept:
            continue
        if _is_label(raw[line.start:line.end], loose=False):
            _drop(line, raw, removed, boilerplate=True)
            continue
        break
    in_furniture = False
    for line in reversed(lines):  # trailing edge: labels among the comment forms and links
        if not line.kept:
            in_furniture = in_furniture or line.boilerplate
            continue
        if _is_label(raw[line.start:line.end], loose=in_furniture):
            _drop(line, raw, removed, boilerplate=True)
            in_furniture = True
            continue
        break


_CONNECTOR_END_RE = re.compile(
    r"\b(?:the|a|an|of|in|at|on|to|for|and|or|but|with|by|from|that|which|who|near|into|its|their|his|her|"
    r"was|were|is|are|has|have|had|said|as)$", re.I)


def _soft_wrapped(raw: str, prev: _Line, line: _Line) -> bool:
    """Does `line` continue the sentence of `prev` (a hard-wrapped paragraph of plain text)?"""
    if line.number != prev.number + 1:
        return False
    last = raw[prev.end - 1]
    if last in _TERMINAL:
        return False
    if last in ",-–(":
        return True
    if prev.end - prev.start < 30:  # headlines, bylines, datelines stand on their own line
        return False
    return raw[line.start].islower() or bool(_CONNECTOR_END_RE.search(raw, max(prev.start, prev.end - 12), prev.end))


def _assemble(raw: str, kept: list[_Line], join_wrapped: bool) -> tuple[str, OffsetMap, list[tuple[int, int]]]:
    """Copy the kept lines into the cleaned text: paragraphs apart, whitespace collapsed."""
    parts: list[str] = []
    offsets = OffsetMap()
    spans: list[tuple[int, int]] = []
    prev: _Line | None = None
    para_start = 0
    for line in kept:
        if prev is not None:
            if join_wrapped and _soft_wrapped(raw, prev, line):
                parts.append(" ")
                offsets.insert(1, prev.end)
            else:
                spans.append((para_start, offsets.length))
                parts.append(PARAGRAPH_SEP)
                offsets.insert(len(PARAGRAPH_SEP), prev.end)
                para_start = offsets.length
        _copy_collapsed(raw, line.start, line.end, parts, offsets)
        prev = line
    if prev is not None:
        spans.append((para_start, offsets.length))
    text = "".join(parts)
    assert len(text) == offsets.length
    return text, offsets, spans


def _copy_collapsed(raw: str, start: int, end: int, parts: list[str], offsets: OffsetMap) -> None:
    """Copy raw[start:end] with every whitespace run turned into one space, invisible
    format characters dropped and look-alike letters inside Latin words made Latin."""
    edits = _character_edits(raw, start, end)
    next_edit = 0

    def copy(a: int, b: int) -> None:
        nonlocal next_edit
        while next_edit < len(edits) and edits[next_edit][0] < b:
            pos, replacement = edits[next_edit]
            next_edit += 1
            if pos > a:
                parts.append(raw[a:pos])
                offsets.copy(a, pos)
            if replacement:  # one character for one: the map points it at the original
                parts.append(replacement)
                offsets.insert(1, pos)
            a = pos + 1
        if b > a:
            parts.append(raw[a:b])
            offsets.copy(a, b)

    cursor = start
    # white space other than a lone space is never printable: a printable line without two
    # spaces in a row has nothing to collapse (profiled: searching every line cost 1%)
    segment = raw[start:end]
    runs = () if segment.isprintable() and "  " not in segment else _WS_RUN_RE.finditer(raw, start, end)
    for m in runs:
        ws_start = m.start()
        if ws_start > cursor:
            copy(cursor, ws_start)
        if raw[ws_start] == " ":
            parts.append(" ")
            offsets.copy(ws_start, ws_start + 1)
        else:
            parts.append(" ")
            offsets.insert(1, ws_start)
        cursor = m.end()
    if end > cursor:
        copy(cursor, end)


def _character_edits(raw: str, start: int, end: int) -> list[tuple[int, str]]:
    """(position, replacement) for each invisible character and combining accent on a Latin
    letter ("") and each look-alike letter in a Latin word (its Latin twin) in raw[start:end],
    in order; none in ASCII text."""
    if raw[start:end].isascii() or not _EDITED_CHAR_RE.search(raw, start, end):
        return []
    edits = [(m.start(), "") for m in _INVISIBLE_RE.finditer(raw, start, end)]
    for m in _LATIN_MARKS_RE.finditer(raw, start, end):
        edits.extend((i, "") for i in range(m.start(), m.end()))
    if _LOOKALIKE_RE.search(raw, start, end):
        for w in _WORD_WITH_INVISIBLES_RE.finditer(raw, start, end):
            word = w.group()
            if _LATIN_RE.search(word) and _LOOKALIKE_RE.search(word):
                edits.extend((w.start() + m.start(), _LOOKALIKES[m.group()]) for m in _LOOKALIKE_RE.finditer(word))
    edits.sort()
    return edits


def _describe_head(doc: Document, paragraphs: list[tuple[int, int]]) -> None:
    """Title, byline and dateline, read from the first paragraphs of the cleaned text."""
    text = doc.text
    title = doc.stats.get("input_title")
    doc.title = title if isinstance(title, str) and title else None
    for key in ("title_span", "byline", "byline_place", "byline_author", "byline_span", "dateline_line", "dateline_span"):
        doc.stats.pop(key, None)
    for index, (start, end) in enumerate(paragraphs[:10]):
        para = text[start:end]
        if len(para) > TITLE_MAX_LEN:
            continue
        if "dateline_line" not in doc.stats and _is_dateline(para):
            doc.stats["dateline_line"] = para
            doc.stats["dateline_span"] = [start, end]
            continue
        if "byline" not in doc.stats:
            byline = _read_byline(para)
            if byline:
                doc.stats["byline"] = para
                doc.stats["byline_place"], doc.stats["byline_author"] = byline
                doc.stats["byline_span"] = [start, end]
                continue
        if index == 0 and len(paragraphs) > 1 and _looks_like_title(para):
            doc.stats["title_span"] = [start, end]
            if doc.title is None:
                doc.title = para


def _looks_like_title(line: str) -> bool:
    stripped = line.rstrip()
    if not (3 <= len(stripped) <= TITLE_MAX_LEN) or stripped.endswith("."):
        return False
    if len(stripped.split()) < 2:
        return False
    return any(ch.isalpha() for ch in stripped)


def _is_dateline(line: str) -> bool:
    """A short line that is a date: "Monday – 2 Dhu al-Hijjah 1442 AH – 12 July 2021 AD"."""
    if len(line) > 120 or not _DATELINE_START_RE.match(line):
        return False
    return bool(_YEAR_RE.search(line) or (_WEEKDAY_RE.search(line) and re.search(r"\d", line)))


def _read_byline(line: str) -> tuple[str | None, str] | None:
    """(place, author) of "Washington: Moaz al-Omarik" or "By Jane Doe, Beirut"."""
    if len(line) > 80:
        return None
    m = _BYLINE_RE.match(line)
    if not m:
        return None
    place = m.group("place") or m.group("place2")
    author = m.group("author") or m.group("author2")
    if place and place.casefold() in _NOT_BYLINE_HEADS:
        return None
    for word in author.split():
        if word[0].islower() and not word.casefold().startswith(_NAME_PARTICLES):
            return None  # a sentence, not a name
    return (place.strip() if place else None), author
