"""Fold place names so that transliteration variants share one key.

Conflict news machine-translated from Arabic spells one place many ways (Deir ez-Zor,
Deir Ezzor, Dayr az Zawr; Konoko, Coneco, Conoco). `name_key` folds a name to a key
that those spellings share; the gazetteer index and the text matcher both use it, so
the folding only has to be consistent, not linguistically right.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Arabic definite article as transliterated, written as its own token ("al-Omar",
# "Deir ez-Zor", "Ar Raqqah"). Dropped wherever it stands inside a name.
ARTICLES = frozenset({
    "al", "el", "il", "ul", "ad", "ed", "ar", "er", "as", "es", "ash", "esh", "az", "ez",
    "an", "en", "at", "et", "ath", "eth", "adh", "edh", "aḑ", "l",
})
# The articles that are plainly Arabic; the others ("as", "at", "an", ...) are also
# English words and start a name only when assimilated to the next word ("As Sweida").
ARABIC_ONLY_ARTICLES = frozenset({"al", "el", "ul", "ash", "esh", "ath", "adh", "ez", "az", "ad", "ar"})

_APOSTROPHES = "'’‘ʼʻʿʾ`´′ʹ"
_SPECIAL = str.maketrans({
    "ı": "i", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ð": "d",
    "ə": "a", "ħ": "h", "þ": "th", "ŀ": "l", **{c: "" for c in _APOSTROPHES},
})
_VOWELS = frozenset("aeiou")
_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي"})
_DIGRAPHS = (("sch", "sh"), ("tch", "sh"), ("ch", "sh"), ("kh", "k"), ("gh", "g"), ("dh", "d"),
             ("th", "t"), ("ph", "f"), ("ck", "k"), ("dj", "j"), ("q", "k"), ("c", "k"),
             ("x", "ks"))
# an ampersand between capitals joins too: "J&K" (Jammu and Kashmir) is one word, not J and K
_TOKEN = re.compile(r"[^\W_]+(?:(?:[" + _APOSTROPHES + r"]|(?<=[A-Z])&(?=[A-Z]))[^\W_]+)*")


@lru_cache(maxsize=1 << 20)
def strip_accents(text: str) -> str:
    """Lowercase, without diacritics or apostrophes ("Ḩasakah" -> "hasakah")."""
    if text.isascii():
        return text.lower().translate(_SPECIAL)
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(_SPECIAL)


def tokens(text: str) -> list[str]:
    """The words of a name; hyphens and spaces separate, apostrophes (and & in "J&K") do not."""
    return _TOKEN.findall(text)


def is_arabic(word: str) -> bool:
    if word.isascii():
        return False
    return any("\u0600" <= ch <= "\u06ff" for ch in word)


def _fold_arabic(word: str) -> str:
    word = _ARABIC_DIACRITICS.sub("", word).translate(_ARABIC_FOLD)
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    return word


@lru_cache(maxsize=1 << 20)
def fold_word(word: str) -> str:
    """The key of one word; "" for an article.

    Consonant digraphs and letters that transliterations swap are merged (kh/k, q/k/c,
    gh/g, th/t, ch/sh), every vowel run becomes "a" (o/u, e/i, ou, ee, ay/ei, aw all
    fold together), doubled letters collapse, and a final -ah/-eh or vowel is dropped.
    """
    if is_arabic(word):
        return _fold_arabic(word)
    w = strip_accents(word)
    if w in ARTICLES:
        return ""
    if w in ("abu", "abou", "abo", "abul", "aboul", "abol"):
        return "b"  # Abu Kamal = al-Bukamal: the colloquial "Bu"; the vowel folds away
    if w in ("ye", "yi"):
        return "a"  # the Persian ezafe, as "e" and "i" fold: Qalah-ye Now = Qala-i-Now
    for old, new in _DIGRAPHS:
        if old in w:
            w = w.replace(old, new)
    if len(w) > 3 and w.endswith("h") and w[-2] in _VOWELS:
        w = w[:-1]
    out: list[str] = []
    n = len(w)
    for i, ch in enumerate(w):
        nxt = w[i + 1] if i + 1 < n else ""
        if ch in _VOWELS:
            ch = "a"
        elif ch in "yw" and i > 0 and nxt not in _VOWELS and (ch == "y" or w[i - 1] in _VOWELS):
            ch = "a"  # the y of Dayr, the w of Zawr: a vowel glide
        if out and out[-1] == ch:
            continue
        out.append(ch)
    if len(out) > 2 and out[-1] == "a":
        out.pop()
    return "".join(out)


@lru_cache(maxsize=1 << 16)
def fused_article_variant(word: str) -> str | None:
    """The word without an article written fused to it: Albukamal, Ezzor, Arraqqa.

    Only tried when the word as written is not a known name; None when there is none.
    Remembered: it is tried for every capitalised word that names no place.
    """
    w = strip_accents(word)
    if len(w) >= 6 and w[:2] in ("al", "el"):
        return w[2:]
    if len(w) >= 5 and w[0] in "ae" and w[1] in "dtsznr" and w[2] == w[1]:
        return w[2:]  # sun-letter assimilation: ez-z, ar-r, as-s
    return None


@lru_cache(maxsize=1 << 14)
def name_key(name: str) -> str:
    """The index key of a whole name: the folded words joined, articles dropped.

    Remembered: merging and geocoding compare the same few region and town names over and
    over (`Gazetteer.contains`), and the key depends on the name alone."""
    return "".join(fold_word(t) for t in tokens(name))
