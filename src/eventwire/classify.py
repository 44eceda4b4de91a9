"""ACLED event type and sub-event type of a short text, from a small linear model.

The model is a multinomial logistic regression over lowercased words and word pairs
(numbers folded to one token), trained by scripts/train_classifier.py and shipped as
JSON weights in data/type_model.json. Prediction is pure Python: no numpy, no
scikit-learn, no network.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

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
_NUMBER_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                 "dozens?|scores|hundreds|several|<num>")
# Hand features: a count of people killed / injured stated anywhere in the text.
_DEATH_COUNT = re.compile(
    rf"\b(?:{_NUMBER_WORDS})\b(?:\s+\S+){{0,5}}?\s+(?:were\s+|was\s+|have\s+been\s+)?"
    r"(?:killed|dead|died|deaths|fatalities|bodies|lost their lives)\b"
    rf"|\b(?:killing|killed|kills)\s+(?:at\s+least\s+)?(?:{_NUMBER_WORDS})\b")
_INJURY_COUNT = re.compile(
    rf"\b(?:{_NUMBER_WORDS})\b(?:\s+\S+){{0,5}}?\s+(?:were\s+|was\s+)?(?:injured|wounded|hurt)\b"
    rf"|\b(?:injuring|wounding)\s+(?:at\s+least\s+)?(?:{_NUMBER_WORDS})\b")
DEATH_COUNT = "#death_count"
INJURY_COUNT = "#injury_count"


def tokens(text: str) -> list[str]:
    """Lowercased words, apostrophes dropped (Dar'a -> dara), every number as NUMBER."""
    text = _APOSTROPHES.sub("", text.lower())
    return [NUMBER if t[0].isdigit() else t for t in _TOKEN.findall(text)]


def features(text: str) -> list[str]:
    """The model's features of a text, each once: words, adjacent word pairs ("a b")
    and the hand features DEATH_COUNT / INJURY_COUNT."""
    toks = tokens(text)
    out = dict.fromkeys(toks)
    for a, b in zip(toks, toks[1:]):
        out[f"{a} {b}"] = None
    folded = " ".join(toks)
    if _DEATH_COUNT.search(folded):
        out[DEATH_COUNT] = None
    if _INJURY_COUNT.search(folded):
        out[INJURY_COUNT] = None
    return list(out)


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
    """One softmax layer: classes, biases and sparse per-feature weights."""

    __slots__ = ("classes", "bias", "weights")

    def __init__(self, spec: dict[str, Any]):
        self.classes: list[str] = list(spec["classes"])
        self.bias: list[float] = [float(b) for b in spec["bias"]]
        if len(self.bias) != len(self.classes):
            raise ValueError("bias and classes differ in length")
        # JSON stores [class index, weight, class index, weight, ...] per feature.
        self.weights: dict[str, tuple[tuple[int, float], ...]] = {
            feat: tuple(zip(flat[0::2], flat[1::2])) for feat, flat in spec["weights"].items()}

    def scores(self, feats: list[str]) -> list[float]:
        s = self.bias[:]
        get = self.weights.get
        for f in feats:
            pairs = get(f)
            if pairs:
                for i, w in pairs:
                    s[i] += w
        return s


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
            self._children = {t: [i for i, s in enumerate(self._sub.classes) if PARENT[s] == t]
                              for t in HIERARCHY}

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
        feats = features(text)
        type_p = _softmax(self._type.scores(feats))
        best = max(range(len(type_p)), key=type_p.__getitem__)
        event_type = self._type.classes[best]
        type_probs = dict(zip(self._type.classes, type_p))
        sub, sub_p, sub_probs = None, None, {}
        children = self._children.get(event_type) if self._sub is not None else None
        if children:
            # Best sub-type within the predicted type: the sub-type head's softmax
            # restricted to the children and renormalised. Because P(type, sub) is taken
            # as P(type) * P(sub | type), this is also the jointly best pair.
            raw = self._sub.scores(feats)
            local = _softmax([raw[i] for i in children])
            sub_probs = {self._sub.classes[i]: p for i, p in zip(children, local)}
            sub = max(sub_probs, key=sub_probs.__getitem__)
            sub_p = sub_probs[sub]
        return Prediction(event_type, type_p[best], sub, sub_p, type_probs, sub_probs)
