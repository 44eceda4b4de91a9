"""Read queries behind the web API, each a function taking a Store: events filtered, searched,
sorted and paged; one event with everything known about it; one document with its claim spans.

Bad parameters raise QueryError naming the parameter; the API turns it into a 400.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
import weakref
from dataclasses import dataclass
from typing import Any, Iterable

from ..errors import EventwireError
from .sqlite import Store

# Largest page of full records from /api/events, and of map points from /api/events.geojson
# (the page asks for up to 20,000 points; bench/web_speed.py measures 100,000).
MAX_LIMIT = 10_000
MAX_FEATURES = 100_000
DEFAULT_LIMIT = 100
MAX_TEXT = 300  # longest actor / place / q accepted, in characters
# Search matches up to this many are read by rowid (about 4 us each at 100,000 events), more
# are checked while scanning an index (about 40 ms); bench/web_speed.py, 2 cores.
ROWID_LOOKUPS = 5000

# sort key -> SQL order; "-key" reverses. Unknown dates and tolls go last either way.
SORTS = {
    "date": ("date_start", "event_id"),
    "fatalities": ("fatalities_best", "date_start", "event_id"),
    "injuries": ("injuries_best", "date_start", "event_id"),
    "place": ("location_name", "date_start", "event_id"),
    "first_seen": ("first_seen", "event_id"),
}


class QueryError(EventwireError):
    """A parameter the query cannot use: `parameter` names it, `message` says what is wrong."""
    status = 400

    def __init__(self, parameter: str, message: str):
        self.parameter = parameter
        self.message = message
        super().__init__(f"{parameter}: {message}")


class NotFound(QueryError):
    """No event or document has this id."""
    status = 404


def event_types() -> dict[str, tuple[str, ...]]:
    """ACLED's event types, each with its sub-event types."""
    from ..classify import HIERARCHY
    return HIERARCHY


@dataclass(frozen=True)
class EventQuery:
    """Validated filters, order and page of an events query."""
    since: str | None = None
    until: str | None = None
    types: tuple[str, ...] = ()
    sub_types: tuple[str, ...] = ()
    actor: str | None = None
    place: str | None = None
    contested: bool | None = None
    q: str | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    sort: str = "date"

    @classmethod
    def parse(cls, *, since=None, until=None, type=None, sub_type=None, actor=None, place=None,
              contested=None, q=None, limit=None, offset=None, sort=None,
              default_limit: int = DEFAULT_LIMIT, max_limit: int = MAX_LIMIT) -> "EventQuery":
        """Check each parameter as a user sent it (strings, or lists for type / sub_type)."""
        since = _date("since", since)
        until = _date("until", until)
        if since and until and until < since:
            raise QueryError("until", f"{until} is before since ({since})")
        hierarchy = event_types()
        types = _choices("type", type, hierarchy)
        subs = {s for subs in hierarchy.values() for s in subs}
        sub_types = _choices("sub_type", sub_type, subs)
        return cls(since=since, until=until, types=types, sub_types=sub_types,
                   actor=_text("actor", actor), place=_text("place", place),
                   contested=_flag("contested", contested), q=_search_text(q),
                   limit=_count("limit", limit, default_limit, max_limit),
                   offset=_count("offset", offset, 0, None), sort=_sort(sort))


# ---------------------------------------------------------------- parameter checks
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(name: str, value) -> str | None:
    if value is None or value == "":
        return None
    value = str(value).strip()
    try:
        if not _ISO_DAY.fullmatch(value):
            raise ValueError
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise QueryError(name, f"{value[:40]!r} is not a date like 2023-03-24 (YYYY-MM-DD)") from None


def _choices(name: str, value, allowed) -> tuple[str, ...]:
    if value is None:
        return ()
    values = [value] if isinstance(value, str) else list(value)
    out = []
    for v in values:
        v = v.strip()
        if not v:
            continue
        if v not in allowed:
            raise QueryError(name, f"{v[:60]!r} is not an ACLED {name.replace('_', '-')}; one of: "
                                   + ", ".join(sorted(allowed)))
        out.append(v)
    return tuple(out)


def _text(name: str, value) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    if len(value) > MAX_TEXT:
        raise QueryError(name, f"is {len(value)} characters long; at most {MAX_TEXT}")
    return value or None


_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def _flag(name: str, value) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    v = str(value).strip().lower()
    if v in _TRUE:
        return True
    if v in _FALSE:
        return False
    raise QueryError(name, f"{str(value)[:40]!r} is not true or false")


def _count(name: str, value, default: int, maximum: int | None) -> int:
    if value is None or value == "":
        return default
    try:
        n = int(str(value).strip())
    except ValueError:
        raise QueryError(name, f"{str(value)[:40]!r} is not a whole number") from None
    if n < 0:
        raise QueryError(name, f"{n} is negative")
    if maximum is not None and n > maximum:
        raise QueryError(name, f"{n} is more than the most a page holds ({maximum}); page with offset")
    return n


def _sort(value) -> str:
    if value is None or value == "":
        return "date"
    value = str(value).strip()
    if value.lstrip("-") not in SORTS:
        raise QueryError("sort", f"{value[:40]!r} is not a sort order; one of: "
                                 + ", ".join(f"{k}, -{k}" for k in SORTS))
    return value


_TERM = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


def _search_text(value) -> str | None:
    text = _text("q", value)
    if text is None:
        return None
    fts_query(text)  # refuse now what would match nothing
    return text


def fts_query(text: str) -> str:
    """A user's search words as an FTS5 query: every word must appear (in the event's note or
    its claims' quotes); "a phrase" in double quotes is kept together; word* matches a prefix.
    Operators and punctuation are not syntax, so no input can make the query fail."""
    return " ".join(fts_terms(text))


def fts_terms(text: str) -> list[str]:
    """fts_query's terms, each an FTS5 query of one phrase (or prefix)."""
    parts = []
    for phrase, word in _TERM.findall(text):
        prefix = bool(word) and word.endswith("*")
        tokens = _WORD.findall(phrase or word)
        if tokens:
            parts.append('"' + " ".join(tokens) + '"' + ("*" if prefix else ""))
    if not parts:
        raise QueryError("q", f"{text[:40]!r} has no word to search for")
    return parts


# ---------------------------------------------------------------- events
def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def has_search(store: Store) -> bool:
    """Whether the database has the full-text index (migration 0003_web_search, split by
    0005_split_records into notes_fts and quotes_fts)."""
    return store.conn.execute("SELECT 1 FROM sqlite_master WHERE name IN ('notes_fts', 'events_fts')"
                              ).fetchone() is not None


class Filter:
    """The WHERE clause of a query, its search words looked up once for the page and the count.

    The page's clause marks the type and contested columns with a leading + so that SQLite
    reads the page in date order from the covering index events_browse and stops after
    `limit` matches. The count's clause leaves them bare when they are the only filter, so
    that SQLite counts on the narrow index that fits (events_kind, events_contested); with
    other filters it marks them too, or SQLite (which has no statistics: no ANALYZE) takes
    the narrow index as selective and reads a wide row for each of its entries."""

    def __init__(self, store: Store, query: EventQuery):
        self.query = query
        self.rowids = _matching_rowids(store, query.q) if query.q else None
        # an event overlapping [since, ...] starts at most its span before `since`: with that
        # lower bound SQLite reads the date range from the index instead of all that precede it
        self.earliest_start = None
        if query.since:
            span = _longest_span_days(store)
            if span is not None:
                self.earliest_start = (dt.date.fromisoformat(query.since) - dt.timedelta(days=span)).isoformat()
        self.kinds = sum(bool(x) for x in (query.since or query.until, query.types or query.sub_types, query.actor,
                                           query.place, query.contested is not None, query.q))

    def sql(self, *, page: bool) -> tuple[str, list[Any]]:
        query, plus = self.query, "+" if page or self.kinds > 1 else ""
        where: list[str] = []
        args: list[Any] = []
        if query.since:
            where.append("COALESCE(date_end, date_start) >= ?")
            args.append(query.since)
            if self.earliest_start:
                where.append("date_start >= ?")
                args.append(self.earliest_start)
        if query.until:
            where.append("date_start <= ?")
            args.append(query.until)
        if query.types:
            where.append(f"{plus}event_type IN ({','.join('?' * len(query.types))})")
            args += query.types
        if query.sub_types:
            where.append(f"{plus}sub_event_type IN ({','.join('?' * len(query.sub_types))})")
            args += query.sub_types
        if query.actor:
            where.append("(actor1 LIKE ? ESCAPE '\\' OR actor2 LIKE ? ESCAPE '\\')")
            args += [_like(query.actor)] * 2
        if query.place:
            where.append("(location_name LIKE ? ESCAPE '\\' OR admin1 LIKE ? ESCAPE '\\'"
                         " OR country LIKE ? ESCAPE '\\')")
            args += [_like(query.place)] * 3
        if query.contested is not None:
            where.append(f"{plus}contested = ?")
            args.append(int(query.contested))
        if self.rowids is not None:
            # up to ROWID_LOOKUPS matches are read by rowid; more are checked while scanning an
            # index, which costs about 40 ms at 100,000 events whatever the matches
            column = "events.rowid" if len(self.rowids) <= ROWID_LOOKUPS else "+events.rowid"
            where.append(f"{column} IN (SELECT value FROM json_each(?))")
            args.append(json.dumps(self.rowids))
        return (" WHERE " + " AND ".join(where) if where else ""), args


_SPANS: "weakref.WeakKeyDictionary[Store, tuple[int, int | None]]" = weakref.WeakKeyDictionary()


def _longest_span_days(store: Store) -> int | None:
    """Days between the start and end of the longest stored event; None if no event has both.
    Kept per connection until another connection commits (PRAGMA data_version)."""
    version = store.conn.execute("PRAGMA data_version").fetchone()[0]
    cached = _SPANS.get(store)
    if cached and cached[0] == version:
        return cached[1]
    span = store.conn.execute("SELECT MAX(julianday(date_end) - julianday(date_start)) FROM events").fetchone()[0]
    days = None if span is None else max(0, math.ceil(span))
    _SPANS[store] = (version, days)
    return days


def _matching_rowids(store: Store, q: str) -> list[int]:
    """Rowids of the events whose note and claim quotes hold all the words."""
    if not has_search(store):
        raise QueryError("q", "this database has no search index yet; open it once with write access "
                              "(eventwire ingest or serve) to build it")
    c = store.conn
    if c.execute("SELECT 1 FROM sqlite_master WHERE name = 'quotes_fts'").fetchone() is None:
        # a database not yet migrated (read-only): one index row per event
        return [r[0] for r in c.execute("SELECT rowid FROM events_fts WHERE events_fts MATCH ?", (fts_query(q),))]
    # the note is indexed by event, the quotes by report: an event matches a term if its note or
    # one of its reports does, and the query if it matches every term
    found: set[int] | None = None
    for term in fts_terms(q):
        rowids = {r[0] for r in c.execute(
            "SELECT rowid FROM notes_fts WHERE notes_fts MATCH ?1 UNION SELECT q.event_rowid FROM quotes_fts f"
            " JOIN quotes_event q ON q.id = f.rowid WHERE quotes_fts MATCH ?1 AND q.event_rowid IS NOT NULL",
            (term,))}
        found = rowids if found is None else found & rowids
        if not found:
            break
    return sorted(found or ())


def _order(sort: str) -> str:
    desc = sort.startswith("-")
    cols = SORTS[sort.lstrip("-")]
    direction = " DESC" if desc else ""
    return ", ".join(f"{c}{direction} NULLS LAST" if i == 0 else f"{c}{direction}" for i, c in enumerate(cols))


def count_events(store: Store, query: EventQuery, where: Filter | None = None) -> int:
    where = where or Filter(store, query)
    if where.rowids is not None and where.kinds == 1:
        return len(where.rowids)  # the search is the only filter: its matches are the count
    sql, args = where.sql(page=False)
    return store.conn.execute("SELECT COUNT(*) FROM events" + sql, args).fetchone()[0]


def _page(store: Store, query: EventQuery, where: Filter, columns: str = "events.rowid") -> tuple[list, int]:
    """The page's rows (one column) in order, and the total that match. Pages of rowids with
    several filters count the total in the same pass (a window), as counting apart would scan
    the covering index a second time (91 -> 39 ms for a search with a place and a year at
    100,000 events); otherwise a count on a narrow index is cheaper. Wider columns are not
    windowed: SQLite would build every match's column before sorting (34 -> 85 ms)."""
    sql, args = where.sql(page=True)
    order = f" ORDER BY {_order(query.sort)} LIMIT ? OFFSET ?"
    if where.kinds >= 2 and columns == "events.rowid":
        rows = store.conn.execute(f"SELECT {columns}, COUNT(*) OVER () FROM events{sql}{order}",
                                  [*args, query.limit, query.offset]).fetchall()
        if rows:
            return [r[0] for r in rows], rows[0][1]
        return [], count_events(store, query, where)
    rows = store.conn.execute(f"SELECT {columns} FROM events{sql}{order}", [*args, query.limit, query.offset])
    return [r[0] for r in rows], count_events(store, query, where)


def _by_rowid(store: Store, columns: str, rowids: list[int]) -> list[tuple]:
    rows: dict[int, tuple] = {}
    for i in range(0, len(rowids), 900):  # below SQLite's limit of bound parameters
        chunk = rowids[i:i + 900]
        for r in store.conn.execute(f"SELECT rowid, {columns} FROM events WHERE rowid IN "
                                    f"({','.join('?' * len(chunk))})", chunk):
            rows[r[0]] = tuple(r)[1:]
    return [rows[i] for i in rowids if i in rows]


def find_events_json(store: Store, query: EventQuery) -> tuple[list[str], int]:
    """The page of events as their stored JSON text (the SCHEMA.md record), and the total that
    match. The text is passed through as stored: no parsing on the way out."""
    rowids, total = _page(store, query, Filter(store, query))
    return store.record_texts(_by_rowid(store, store.record_columns, rowids)), total


def find_events(store: Store, query: EventQuery) -> tuple[list[dict[str, Any]], int]:
    """The page of events as SCHEMA.md records, and the total that match."""
    records, total = find_events_json(store, query)
    return [json.loads(r) for r in records], total


# what a map marker needs; all of it is in the events_browse index, so no wide row is read
SUMMARY_COLUMNS = ("event_id", "event_type", "sub_event_type", "date_start", "date_end", "location_name", "admin1",
                   "country", "fatalities_best", "contested")


def find_features(store: Store, query: EventQuery, *, full: bool = True) -> tuple[list[str], int]:
    """The page of events as GeoJSON features, each as JSON text, and the total that match.
    Full features are export.geojson_feature of the record; with full=False each carries a
    summary for a map (SUMMARY_COLUMNS), built by SQLite itself."""
    where = Filter(store, query)
    if full:
        from ..export import geojson_feature
        rowids, total = _page(store, query, where)
        return [json.dumps(geojson_feature(json.loads(text)), ensure_ascii=False)
                for text in store.record_texts(_by_rowid(store, store.record_columns, rowids))], total
    props = ", ".join(f"'{c}', {c}" for c in SUMMARY_COLUMNS if c != "contested")
    feature = ("json_object('type', 'Feature', 'id', event_id, 'geometry', CASE WHEN lat IS NOT NULL AND "
               "lon IS NOT NULL THEN json_object('type', 'Point', 'coordinates', json_array(lon, lat)) END, "
               f"'properties', json_object({props}, 'contested', "
               "json(CASE WHEN contested THEN 'true' ELSE 'false' END)))")
    return _page(store, query, where, columns=feature)


# ---------------------------------------------------------------- one event, one document
def event_detail(store: Store, event_id: str) -> dict[str, Any]:
    """An event (following ids it had before other reports joined it) with the documents that
    reported it, the history of its tolls and the ids merged into it."""
    record = store.event(event_id)
    if record is None:
        raise NotFound("event_id", f"no event {event_id[:80]!r} in this database")
    current = record["event_id"]
    documents = [_document_meta(r) for r in store.conn.execute(
        "SELECT d.content_hash, d.doc_id, d.source, d.url, d.published, d.title, d.fmt, d.language"
        " FROM documents d WHERE d.content_hash IN (SELECT content_hash FROM doc_events WHERE event_id = ?)"
        " ORDER BY d.published, d.doc_id", (current,))]
    aliases = [r[0] for r in store.conn.execute(
        "SELECT alias_id FROM event_aliases WHERE event_id = ? ORDER BY alias_id", (current,))]
    return {"event": record, "history": store.history(current), "documents": documents, "aliases": aliases,
            "requested_id": event_id}


def _document_meta(r) -> dict[str, Any]:
    return {"content_hash": r[0], "doc_id": r[1], "source": r[2], "url": r[3], "published": r[4], "title": r[5],
            "format": r[6], "language": r[7]}


def document(store: Store, doc_ref: str, event_id: str | None = None) -> dict[str, Any]:
    """A stored document by content hash (or by doc_id when only one document has it): its raw
    text, its paragraphs as [start, end] offsets, and every claim read from it with its span
    (only the claims of one event, with event_id)."""
    c = store.conn
    cols = "content_hash, doc_id, source, url, published, title, fmt, language, raw"
    rows = c.execute(f"SELECT {cols} FROM documents WHERE content_hash = ?", (doc_ref,)).fetchall()
    if not rows:
        rows = c.execute(f"SELECT {cols} FROM documents WHERE doc_id = ? ORDER BY published", (doc_ref,)).fetchall()
    if not rows:
        raise NotFound("doc_id", f"no document {doc_ref[:80]!r} in this database")
    if len(rows) > 1:
        raise QueryError("doc_id", f"{len(rows)} documents are called {doc_ref[:80]!r}; ask for one by its content "
                                   f"hash: " + ", ".join(r[0] for r in rows))
    row = rows[0]
    meta = _document_meta(row)
    text = row[8]
    sql = ("SELECT id, event_id, field, value, source, claimant, span_start, span_end, quote FROM claims"
           " WHERE content_hash = ?")
    args = [meta["content_hash"]]
    if event_id is not None:
        # + keeps SQLite on claims(event_id): a document's claims of all its events can be many
        sql = sql.replace("WHERE content_hash = ?", "WHERE +content_hash = ?") + " AND event_id = ?"
        args.append(store.resolve_id(event_id) or event_id)
    claims = [{"claim_id": r[0], "event_id": r[1], "field": r[2], "value": json.loads(r[3]) if r[3] else None,
               "source": r[4], "claimant": r[5], "span": [r[6], r[7]], "quote": r[8]}
              for r in c.execute(sql + " ORDER BY span_start, id", args)]
    paras = paragraphs(text, html=meta["format"] == "html")
    for cl in claims:
        cl["paragraph"] = list(paragraph_of(paras, cl["span"][0], cl["span"][1]))
    return {"document": {**meta, "text": text}, "paragraphs": [list(p) for p in paras], "claims": claims}


# a blank line, or for HTML a block-level tag, ends a paragraph
_PARA_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_HTML_BREAK = re.compile(r"<(?:/?(?:p|div|li|ul|ol|h[1-6]|blockquote|section|article|header|footer|tr|table)\b[^>]*|br\s*/?)>"
                         r"|\n[ \t\r\f\v]*\n", re.I)
# a "paragraph" longer than this (text without blank lines) is cut at line ends instead
LONGEST_PARAGRAPH = 2000


def paragraphs(text: str, *, html: bool = False) -> list[tuple[int, int]]:
    """The paragraphs of a text as (start, end) offsets, surrounding whitespace left out."""
    breaks = _HTML_BREAK if html else _PARA_BREAK
    out: list[tuple[int, int]] = []
    pos = 0
    for m in [*breaks.finditer(text), None]:
        end = m.start() if m else len(text)
        out.extend(_lines_if_long(text, pos, end))
        pos = m.end() if m else len(text)
    return [(s, e) for s, e in out if e > s]


def _lines_if_long(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    pieces = [(start, end)]
    if end - start > LONGEST_PARAGRAPH:
        pieces, pos = [], start
        for m in re.finditer(r"\n", text[start:end]):
            pieces.append((pos, start + m.start()))
            pos = start + m.end()
        pieces.append((pos, end))
    for s, e in pieces:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        yield s, e


def paragraph_of(paras: list[tuple[int, int]], start: int, end: int) -> tuple[int, int]:
    """The smallest run of paragraphs that holds the span [start, end)."""
    first = next((p for p in paras if p[1] > start), None)
    last = next((p for p in reversed(paras) if p[0] < end), None)
    if first is None or last is None or first[0] > last[1]:
        return start, end
    return min(first[0], start), max(last[1], end)


def regions(country: str | None = None) -> dict[str, Any]:
    """Governorate points of the packaged gazetteer (OCHA for Syria, GeoNames for Iraq) as a
    GeoJSON FeatureCollection: the map labels them where it has no outline of its own."""
    import csv
    import gzip
    from importlib import resources
    path = resources.files("eventwire") / "data" / "gazetteer.tsv"
    opener = gzip.open if path.name.endswith(".gz") else open
    features = []
    with opener(path, "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row.get("kind") != "governorate" or not row.get("lat") or not row.get("lon"):
                continue
            if country and row.get("country") != country:
                continue
            features.append({"type": "Feature", "id": row["place_id"],
                             "geometry": {"type": "Point", "coordinates": [float(row["lon"]), float(row["lat"])]},
                             "properties": {"name": row["name"], "country": row["country"], "source": row["source"]}})
    return {"type": "FeatureCollection", "features": features}
