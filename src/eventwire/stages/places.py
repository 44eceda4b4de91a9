"""The places stage: every place the text names, matched against the gazetteer."""
from __future__ import annotations

from ..gazetteer import Gazetteer
from ..model import Document


class PlaceStage:
    def __init__(self, extra_csv=()):
        self.gazetteer = Gazetteer.load(extra_csv=list(extra_csv)) if extra_csv else Gazetteer.default()

    def __call__(self, doc: Document) -> Document:
        doc.places = self.gazetteer.find(doc.text)
        return doc
