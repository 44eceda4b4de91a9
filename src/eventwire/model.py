"""The data types every stage reads and writes: Document, Place, DateMention, Claim, Event.

Plain dataclasses; `Event.to_dict()` gives exactly the record shape of SCHEMA.md.
"""
from __future__ import annotations

import bisect
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

PRECISIONS = ("site", "town", "district", "region", "country", "unknown")
# Lower is more specific; used to pick the most specific place of an event.
PRECISION_RANK = {p: i for i, p in enumerate(PRECISIONS)}


def content_hash(text: str) -> str:
    """The idempotency key of a document: sha256 of its original text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class OffsetMap:
    """Maps positions in cleaned text back to positions in the original text.

    Cleaning only keeps slices of the original (and may insert separators), so the map
    is a sorted list of segments: cleaned text from `clean_start` on was copied from
    the original starting at `raw_start`. A position inside an inserted separator maps
    to the original position where the separator stands.
    """

    __slots__ = ("_clean", "_raw", "_len", "length")

    def __init__(self) -> None:
        self._clean: list[int] = []
        self._raw: list[int] = []
        self._len: list[int] = []
        self.length = 0

    @classmethod
    def identity(cls, length: int) -> "OffsetMap":
        m = cls()
        m.copy(0, length)
        return m

    def copy(self, raw_start: int, raw_end: int) -> None:
        """Record that original[raw_start:raw_end] was appended to the cleaned text."""
        n = raw_end - raw_start
        if n <= 0:
            return
        if self._clean and self._raw[-1] + self._len[-1] == raw_start and self._clean[-1] + self._len[-1] == self.length:
            self._len[-1] += n
        else:
            self._clean.append(self.length)
            self._raw.append(raw_start)
            self._len.append(n)
        self.length += n

    def insert(self, n: int, raw_at: int) -> None:
        """Record that n characters not in the original were appended (a separator)."""
        if n <= 0:
            return
        self._clean.append(self.length)
        self._raw.append(raw_at)
        self._len.append(0)
        self.length += n

    def to_raw(self, pos: int) -> int:
        if not self._clean:
            return pos
        i = bisect.bisect_right(self._clean, pos) - 1
        if i < 0:
            return self._raw[0]
        return self._raw[i] + min(pos - self._clean[i], self._len[i])

    def span_to_raw(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            r = self.to_raw(start)
            return r, r
        return self.to_raw(start), self.to_raw(end - 1) + 1


@dataclass
class Place:
    """A gazetteer entry."""
    place_id: str
    name: str
    lat: float | None
    lon: float | None
    precision: str  # one of PRECISIONS
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    kind: str = ""  # e.g. "gas field", "military base", "city", "governorate"
    source: str = ""  # where the row and its coordinates come from

    def to_location(self, text: str) -> dict[str, Any]:
        return {"name": self.name, "admin1": self.admin1, "country": self.country,
                "lat": self.lat, "lon": self.lon, "precision": self.precision,
                "place_id": self.place_id, "text": text}


@dataclass
class PlaceMention:
    start: int  # in cleaned text
    end: int
    text: str
    place: Place
    score: float = 100.0  # match quality, 0..100


@dataclass
class DateMention:
    start: int  # in cleaned text; -1 when not read from the text (e.g. the publication date)
    end: int
    text: str
    date_start: dt.date | None
    date_end: dt.date | None
    precision: str  # day | week | month | year | unknown

    def overlaps(self, other: "DateMention") -> bool:
        if self.date_start is None or other.date_start is None:
            return True
        return self.date_start <= (other.date_end or other.date_start) and \
            other.date_start <= (self.date_end or self.date_start)

    def width(self) -> int:
        if self.date_start is None:
            return 10 ** 6
        return ((self.date_end or self.date_start) - self.date_start).days

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.date_start.isoformat() if self.date_start else None,
                "end": (self.date_end or self.date_start).isoformat() if self.date_start else None,
                "precision": self.precision if self.date_start else "unknown",
                "text": self.text}


@dataclass
class Claim:
    field: str
    value: Any
    source: str | None
    claimant: str | None
    doc_id: str
    span: tuple[int, int]  # in the document's original text
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return {"field": self.field, "value": self.value, "source": self.source,
                "claimant": self.claimant, "doc_id": self.doc_id,
                "span": [self.span[0], self.span[1]], "quote": self.quote}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Claim":
        return cls(d["field"], d.get("value"), d.get("source"), d.get("claimant"),
                   d["doc_id"], tuple(d.get("span") or (0, 0)), d.get("quote") or "")


@dataclass
class Actor:
    name: str | None
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "text": self.text}


@dataclass
class Report:
    doc_id: str
    source: str | None
    published: dt.date | None

    def to_dict(self) -> dict[str, Any]:
        return {"doc_id": self.doc_id, "source": self.source,
                "published": self.published.isoformat() if self.published else None}


def value_range(values: list[int | None]) -> dict[str, int | None]:
    nums = [v for v in values if v is not None]
    if not nums:
        return {"best": None, "low": None, "high": None}
    return {"best": None, "low": min(nums), "high": max(nums)}


@dataclass
class Event:
    event_id: str
    event_type: str
    sub_event_type: str
    date: DateMention
    location: dict[str, Any]
    actor1: Actor
    actor2: Actor
    weapons: list[str]
    fatalities: dict[str, int | None]
    injuries: dict[str, int | None]
    claims: list[Claim]
    contradictions: list[dict[str, Any]]
    reports: list[Report]
    notes: str
    # not part of the record: where in the first document the event was found, for ordering
    order: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "date": self.date.to_dict(),
            "location": self.location,
            "actor1": self.actor1.to_dict(),
            "actor2": self.actor2.to_dict(),
            "weapons": list(self.weapons),
            "fatalities": dict(self.fatalities),
            "injuries": dict(self.injuries),
            "claims": [c.to_dict() for c in self.claims],
            "contradictions": list(self.contradictions),
            "reports": [r.to_dict() for r in self.reports],
            "notes": self.notes,
        }


@dataclass
class Document:
    """One input document as it moves through the stages."""
    doc_id: str
    raw: str  # the original text: decoded file, or the main text an HTML extractor returned
    origin: str = ""  # path (and line for JSON Lines) it came from
    fmt: str = "txt"  # txt | html | jsonl
    source: str | None = None  # publisher or relaying outlet
    url: str | None = None
    published: dt.date | None = None
    published_from: str | None = None  # "manifest", "dateline", "input"
    language: str | None = None
    encoding: str | None = None
    content_hash: str = ""
    # set by the clean stage
    title: str | None = None
    text: str = ""
    offsets: OffsetMap | None = None
    removed: list[str] = field(default_factory=list)
    # set by later stages
    sentences: list[tuple[int, int]] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.content_hash:
            self.content_hash = content_hash(self.raw)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the cleaned text as a span of the original text."""
        if self.offsets is None:
            return start, end
        return self.offsets.span_to_raw(start, end)
