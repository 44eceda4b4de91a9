"""The dates stages: a document's publication date from its dateline, then every date
expression in its text resolved against that publication date."""
from __future__ import annotations

from ..model import Document
from .dates import find_dates, find_publication_date


def publication_date_stage(doc: Document) -> Document:
    """What the manifest gives wins; otherwise read the dateline (Hijri and Gregorian cross-checked)."""
    pub = find_publication_date(doc.text)
    if pub is not None and pub.warning:
        doc.warnings.append(pub.warning)
    if doc.published is None and pub is not None:
        doc.published = pub.date
        doc.published_from = "dateline"
        doc.stats["dateline"] = {"text": pub.text, "check": pub.check}
    return doc


def date_stage(doc: Document) -> Document:
    notes: list[str] = []
    doc.dates = find_dates(doc.text, doc.published, notes=notes)
    doc.warnings.extend(notes)
    return doc
