"""ACLED event type and sub-event type of a short text, from a small linear model.

The model is a linear softmax over lowercased words (numbers folded to one token) and,
as a model file asks, their crude stems, word pairs, the opening words of the text and
the words of a leading heading ("Detonation: ..."), trained on ACLED notes by
scripts/train_classifier.py and shipped as JSON weights in data/type_model.json.
Prediction is pure Python: no numpy, no scikit-learn, no network.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any, Callable

MODEL_FORMAT = "eventwire-type-model/1"

# ACLED's hierarchy of event types and sub-event types (the current scheme, 2019 on).
HIERARCHY: dict[str, tuple[str, ...]] = {
    "Battles": ("Armed clash", "Government regains territory", "Non-state actor overtakes territory"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                   "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": ("Peaceful protest", "Protest with intervention", "Excessive force against protesters"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
PARENT: dict[str, str] = {sub: parent for parent, subs in HIERARCHY.items() for sub in subs}

NUMBER = "<num>"
_APOSTROPHES = re.compile(r"['\u2019\u02bc\u2018`]")
_TOKEN = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*")


def tokens(text: str) -> list[str]:
    """Lowercased words, apostrophes dropped (Dar'a -> dara), every number as NUMBER."""
    toks = _TOKEN.findall(_APOSTROPHES.sub("", text.lower()))
    return [NUMBER if t[0].isdigit() else t for t in toks]


# Plural, gerund and final-e endings. "-ed" is kept: a note's past-tense verb is its
# coder's framing of the event ("attacked" is mostly a battle in ACLED notes, where a
# news "rocket attack" is an explosion), so "attacked" and "attack" stay apart.
_ENDINGS = ("ing", "es", "s", "e")


def stem(word: str) -> str:
    """The word less one plural, gerund or final-e ending, if three letters stay:
    "shelling" and "shells" give "shell", "airstrike" and "airstrikes" "airstrik"; a
    past tense ("shelled") is its own stem."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[:-len(ending)]
    return word


# "~stem" of each word met, or "" for a word with no stem feature (shorter than four letters,
# a number): remembered, as the same few thousand words recur in every text the model reads
# (profiled: stemming was a third of the cost of a prediction). Forgotten past the limit.
_STEM_FEATURES: dict[str, str] = {}
_STEM_MEMO_LIMIT = 50_000


def _stem_feature(word: str) -> str:
    feature = _STEM_FEATURES[word] = "~" + stem(word) if len(word) >= 4 and word != NUMBER else ""
    return feature


# A heading that opens a text and ends in a colon ("Property destruction: gunmen ...",
# "Change to armed group: ..."): up to five words, no digits, so "At 10:30" is none.
_HEADING = re.compile(r"\s*([^\W\d_]+(?:[ /'\u2019-][^\W\d_]+){0,4})\s*:")


def features(text: str, *, pairs: bool = True, lead: int = 0, heading: bool = False,
             stems: bool = False) -> list[str]:
    """The model's features of a text, each once: its words; if stems, the stem of each
    word of four letters or more as "~stem" (so "shells" and "shelling" share one); unless
    pairs=False, its adjacent word pairs ("a b"); its first `lead` words again as "^word"
    (what a text opens with names its event more surely than what it adds later); and,
    if heading, the words of a heading it opens with as "heading:word"."""
    toks = tokens(text)
    feats = list(toks)
    if stems:
        memo = _STEM_FEATURES
        if len(memo) >= _STEM_MEMO_LIMIT:
            memo.clear()
        feats += filter(None, [memo[t] if t in memo else _stem_feature(t) for t in toks])
    if pairs:
        feats += [f"{a} {b}" for a, b in zip(toks, toks[1:])]
    if lead:
        feats += ["^" + t for t in toks[:lead]]
    if heading:
        m = _HEADING.match(text)
        if m:
            feats += ["heading:" + t for t in tokens(m.group(1))]
    return list(dict.fromkeys(feats))


@dataclass(frozen=True)
class Prediction:
    """What the model says about one text.

    `type_probs` covers every event type. `sub_probs` covers the sub-event types of the
    predicted event type only (renormalised to sum to 1), so `sub_event_type` always
    belongs to `event_type`; both sub fields are None/empty when the model has no
    sub-type head.
    """
    event_type: str
    event_type_p: float
    sub_event_type: str | None
    sub_event_type_p: float | None
    type_probs: dict[str, float] = field(default_factory=dict)
    sub_probs: dict[str, float] = field(default_factory=dict)


class _Head:
    """One softmax layer: classes, biases and a dense row of class weights per feature."""

    __slots__ = ("classes", "bias", "rows")

    def __init__(self, spec: dict[str, Any]):
        self.classes: list[str] = list(spec["classes"])
        self.bias: tuple[float, ...] = tuple(float(b) for b in spec["bias"])
        if len(self.bias) != len(self.classes):
            raise ValueError("bias and classes differ in length")
        # The JSON stores [class index, weight, class index, weight, ...] per feature.
        # Dense rows let a text's scores be summed column-wise by C-level zip/sum,
        # about twice as fast as a dict lookup per class and feature.
        zero = 0.0
        self.rows: dict[str, tuple[float, ...]] = {}
        for feat, flat in spec["weights"].items():
            row = [zero] * len(self.classes)
            for i, w in zip(flat[0::2], flat[1::2]):
                row[i] = float(w)
            self.rows[feat] = tuple(row)

    def scores(self, feats: list[str], pick: Callable[[tuple], tuple] | None = None) -> list[float]:
        """Bias plus the weights of the features present, for every class or for the
        classes `pick` (an itemgetter of two or more indexes) selects."""
        rows = list(filter(None, map(self.rows.get, feats)))
        bias = self.bias
        if pick is not None:
            rows = list(map(pick, rows))
            bias = pick(bias)
        if not rows:
            return list(bias)
        return [b + s for b, s in zip(bias, map(sum, zip(*rows)))]


def _softmax(scores: list[float]) -> list[float]:
    top = max(scores)
    exps = [math.exp(x - top) for x in scores]
    total = sum(exps)
    return [e / total for e in exps]


class TypeModel:
    """Predicts ACLED event type and sub-event type; see `default()` for the shipped model."""

    _default: "TypeModel | None" = None

    def __init__(self, spec: dict[str, Any]):
        if spec.get("format") != MODEL_FORMAT:
            raise ValueError(f"not an eventwire type model (format {spec.get('format')!r}, want {MODEL_FORMAT!r})")
        self.meta: dict[str, Any] = spec.get("meta", {})
        feats = spec.get("features", {})
        self._features = {"pairs": bool(feats.get("pairs", True)), "lead": int(feats.get("lead", 0)),
                          "heading": bool(feats.get("heading", False)), "stems": bool(feats.get("stems", False))}
        heads = spec["heads"]
        self._type = _Head(heads["event_type"])
        self._sub = _Head(heads["sub_event_type"]) if heads.get("sub_event_type") else None
        unknown = [t for t in self._type.classes if t not in HIERARCHY]
        if unknown:
            raise ValueError(f"unknown event types in model: {unknown}")
        if self._sub is not None:
            unknown = [s for s in self._sub.classes if s not in PARENT]
            if unknown:
                raise ValueError(f"unknown sub-event types in model: {unknown}")
            # For each event type, the indexes of its sub-types in the sub-type head.
            self._children = {t: [i for i, name in enumerate(self._sub.classes) if PARENT[name] == t]
                              for t in HIERARCHY}
            self._pick = {t: itemgetter(*c) for t, c in self._children.items() if len(c) > 1}

    @classmethod
    def load(cls, path: str | Path) -> "TypeModel":
        with open(path, encoding="utf-8") as f:
            return cls(json.load(f))

    @classmethod
    def default(cls) -> "TypeModel":
        """The shipped model (data/type_model.json), loaded once per process."""
        if cls._default is None:
            text = resources.files("eventwire").joinpath("data/type_model.json").read_text(encoding="utf-8")
            cls._default = cls(json.loads(text))
        return cls._default

    @property
    def event_types(self) -> list[str]:
        return list(self._type.classes)

    @property
    def sub_event_types(self) -> list[str]:
        return list(self._sub.classes) if self._sub is not None else []

    def predict(self, text: str) -> Prediction:
        feats = features(text, **self._features)
        classes = self._type.classes
        type_p = _softmax(self._type.scores(feats))
        best = max(range(len(type_p)), key=type_p.__getitem__)
        event_type = classes[best]
        type_probs = dict(zip(classes, type_p))
        sub, sub_p, sub_probs = None, None, {}
        children = self._children.get(event_type) if self._sub is not None else None
        if children:
            # Best sub-type within the predicted type: the sub-type head's softmax
            # restricted to the children of the type and renormalised. With P(type, sub)
            # taken as P(type) * P(sub | type) this is also the jointly best pair.
            local = _softmax(self._sub.scores(feats, self._pick[event_type])) if len(children) > 1 else [1.0]
            sub_probs = {self._sub.classes[i]: p for i, p in zip(children, local)}
            sub = max(sub_probs, key=sub_probs.__getitem__)
            sub_p = sub_probs[sub]
        return Prediction(event_type, type_p[best], sub, sub_p, type_probs, sub_probs)
