"""The shapes the API answers with, for its OpenAPI description: the SCHEMA.md record and
the envelopes around it. Responses are not validated against them (records pass through as
stored); tests/test_api.py checks real answers against these fields."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")  # the record only ever gains fields


class Date(_Open):
    start: str | None = Field(description="YYYY-MM-DD")
    end: str | None
    precision: Literal["day", "week", "month", "year", "unknown"]
    text: str | None = Field(description="the words the date was read from")


class Location(_Open):
    name: str | None
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    precision: str | None = Field(description="site | town | district | region | country | unknown")
    place_id: str | None
    text: str | None


class Actor(_Open):
    name: str | None
    text: str | None


class Toll(_Open):
    best: int | None = Field(description="most credible value; 0 means none, null means no information")
    low: int | None
    high: int | None


class Claim(_Open):
    field: str
    value: Any = Field(description="the value asserted (0 for 'no casualties'; null for 'no information')")
    source: str | None = Field(description="who published or relayed it")
    claimant: str | None = Field(description="who said it")
    doc_id: str
    span: list[int] = Field(description="[start, end) character offsets into the document's original text")
    quote: str | None = Field(description="the sentence the claim came from")


class Contradiction(_Open):
    field: str
    values: list[Any]
    claims: list[int] = Field(description="indexes into claims")


class Report(_Open):
    doc_id: str
    source: str | None
    published: str | None


class EventRecord(_Open):
    """One incident, as `eventwire extract` writes it (SCHEMA.md)."""
    event_id: str
    event_type: str
    sub_event_type: str
    date: Date
    location: Location
    actor1: Actor
    actor2: Actor
    weapons: list[str]
    fatalities: Toll
    injuries: Toll
    claims: list[Claim]
    contradictions: list[Contradiction]
    reports: list[Report]
    notes: str | None


class EventList(BaseModel):
    events: list[EventRecord]
    total: int = Field(description="events matching the filters, whatever the page")
    limit: int
    offset: int


class HistoryEntry(BaseModel):
    field: str
    best: int | None
    low: int | None
    high: int | None
    doc_id: str | None = Field(description="the report after which the toll changed")
    source: str | None
    published: str | None
    at: str


class DocumentMeta(BaseModel):
    content_hash: str = Field(description="the document's key; /api/documents/{content_hash} always finds it")
    doc_id: str
    source: str | None
    url: str | None
    published: str | None
    title: str | None
    format: str | None
    language: str | None


class EventDetail(BaseModel):
    event: EventRecord
    history: list[HistoryEntry] = Field(description="each change of fatalities and injuries, oldest first")
    documents: list[DocumentMeta] = Field(description="the documents that reported the event")
    aliases: list[str] = Field(description="ids of events that were merged into this one")
    requested_id: str = Field(description="the id asked for; it differs from event.event_id for an alias")


class DocumentText(DocumentMeta):
    text: str = Field(description="the original text; claim spans are offsets into it")


class DocumentClaim(BaseModel):
    claim_id: int
    event_id: str
    field: str
    value: Any
    source: str | None
    claimant: str | None
    span: list[int]
    quote: str | None
    paragraph: list[int] = Field(description="[start, end) of the paragraph that holds the span")


class DocumentOut(BaseModel):
    document: DocumentText
    paragraphs: list[list[int]]
    claims: list[DocumentClaim]


class ErrorDetail(BaseModel):
    status: int
    parameter: str | None = Field(description="the parameter at fault, when one is")
    message: str


class ErrorBody(BaseModel):
    """Every error the API answers with, whatever its status."""
    ok: Literal[False] = False
    error: ErrorDetail


ERRORS = {400: {"model": ErrorBody, "description": "a bad parameter, named in error.parameter"},
          404: {"model": ErrorBody, "description": "no such event or document"}}
