"""The places stage: every place the text names, matched against the gazetteer, with
what its words say it is to the text (target, the area around, an organisation's name)."""
from __future__ import annotations

from ..gazetteer import Gazetteer
from ..model import Document
from .geocode import annotate


class PlaceStage:
    def __init__(self, extra_csv=()):
        self.gazetteer = Gazetteer.load(extra_csv=list(extra_csv)) if extra_csv else Gazetteer.default()

    def __call__(self, doc: Document) -> Document:
        doc.places = annotate(doc.text, self.gazetteer.find(doc.text), self.gazetteer)
        return doc
