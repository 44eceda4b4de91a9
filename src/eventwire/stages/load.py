"""Reading input: files and folders in, `Document`s (or a `Skipped` with a reason) out.

Plain text, HTML (main text through trafilatura) and JSON Lines; folders are walked in
sorted order and their `manifest.jsonl` says what is known about each file. One bad file
or record is reported as `Skipped` and reading goes on; nothing here raises for bad input.
"""
from __future__ import annotations

import codecs
import datetime as dt
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit

from eventwire.model import Document, content_hash

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.jsonl"

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}

# How many leading bytes are looked at to tell text from binary.
SNIFF_BYTES = 8192

# Signatures of common binary formats, so the reason names what the file is.
_MAGIC: list[tuple[bytes, int, str]] = [
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"%PDF", 0, "a PDF document (convert it to text first)"),
    (b"PK\x03\x04", 0, "a ZIP archive or an Office document (convert it to text first)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "an old Office document (convert it to text first)"),
    (b"\x1f\x8b", 0, "a gzip archive (decompress it first)"),
    (b"BZh", 0, "a bzip2 archive (decompress it first)"),
    (b"\xfd7zXZ\x00", 0, "an xz archive (decompress it first)"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"\x7fELF", 0, "an executable program"),
    (b"SQLite format 3\x00", 0, "an SQLite database"),
    (b"ftyp", 4, "an MP4/MOV video"),
    (b"OggS", 0, "an Ogg audio/video file"),
    (b"ID3", 0, "an MP3 audio file"),
    (b"wOFF", 0, "a web font"),
    (b"wOF2", 0, "a web font"),
]

_BOMS: list[tuple[bytes, str]] = [  # UTF-32 first: its little-endian BOM starts like UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

_DATE_RE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.+\-Z ]*)?\s*$")
_META_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_HTML_START_RE = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)


@dataclass
class Skipped:
    """A file or record that was not read, and why, in words a user can act on."""
    origin: str  # file path, or "path:LINE" for a JSON Lines record
    reason: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


def iter_documents(paths: Iterable[str | Path], *, max_bytes: int = 50_000_000) -> Iterator[Document | Skipped]:
    """Yield one Document per readable file or record, and a Skipped for each one that is not.

    Files are read one at a time as they are yielded; a folder is walked in sorted order.
    `max_bytes` bounds one file (one line for JSON Lines, which are streamed).
    """
    reader = _Reader(max_bytes)
    first_with_text: dict[bytes, str] = {}  # content hash -> origin of the first copy
    for arg in paths:
        for item in reader.read_argument(arg):
            item = _storable(item)
            if isinstance(item, Document):
                key = bytes.fromhex(item.content_hash)
                first = first_with_text.setdefault(key, item.origin)
                if first != item.origin:
                    reader.ids.discard(item.doc_id)
                    item = Skipped(item.origin, f"same text as {first} (a copy under another name: read once)")
            yield item


class _Reader:
    """State of one run: doc ids handed out, files already read, manifests loaded."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.ids: set[str] = set()
        self.seen_files: set[str] = set()
        self.manifests: dict[str, dict[str, dict[str, Any]]] = {}  # folder -> file -> entry

    # -- arguments and folders -------------------------------------------------------

    def read_argument(self, arg: str | Path) -> Iterator[Document | Skipped]:
        root = Path(arg)
        try:
            if root.is_dir():
                yield from self._read_folder(root)
            elif root.is_file():
                if root.name == MANIFEST_NAME:
                    yield Skipped(str(root), "a manifest, not a document: give its folder instead")
                    return
                yield from self._read_file(root, root, self._manifest_for_file(root))
            elif root.exists():
                yield Skipped(str(root), "not a regular file or folder")
            else:
                yield Skipped(str(root), "no such file or folder")
        except OSError as err:
            yield Skipped(str(root), f"cannot read: {err.strerror or err}")

    def _read_folder(self, root: Path) -> Iterator[Document | Skipped]:
        stack = [root]
        while stack:
            folder = stack.pop()
            try:
                with os.scandir(folder) as it:
                    entries = sorted(it, key=lambda e: e.name)
            except OSError as err:
                yield Skipped(str(folder), f"cannot read folder: {err.strerror or err}")
                continue
            names = {e.name for e in entries}
            if MANIFEST_NAME in names:
                yield from self._load_manifest(folder, report=True)
            subfolders = []
            for entry in entries:
                if entry.name.startswith(".") or entry.name == "__pycache__":
                    continue  # hidden files, editor and VCS leftovers
                path = folder / entry.name
                try:
                    if entry.is_dir(follow_symlinks=False):
                        subfolders.append(path)
                        continue
                    if not entry.is_file():
                        yield Skipped(str(path), _not_a_file(entry))
                        continue
                except OSError as err:
                    yield Skipped(str(path), f"cannot read: {err.strerror or err}")
                    continue
                if entry.name == MANIFEST_NAME:
                    continue
                yield from self._read_file(path, root, self._manifest_entry(folder, path))
            stack.extend(reversed(subfolders))

    # -- manifests -------------------------------------------------------------------

    def _load_manifest(self, folder: Path, report: bool) -> Iterator[Skipped]:
        """Read folder/manifest.jsonl into self.manifests; yield problems when `report`."""
        key = str(folder.resolve())
        if key in self.manifests and not report:
            return
        entries: dict[str, dict[str, Any]] = {}
        self.manifests[key] = entries
        manifest = folder / MANIFEST_NAME
        problems: list[Skipped] = []
        try:
            with open(manifest, "rb") as f:
                for lineno, line_bytes in enumerate(f, 1):
                    text, _, _ = decode_bytes(line_bytes)
                    line = text.strip()
                    if not line:
                        continue
                    try:
                        entry = json.loads(line)
                    except json.JSONDecodeError as err:
                        problems.append(Skipped(f"{manifest}:{lineno}", f"invalid JSON in manifest on line {lineno}: {err.msg} (column {err.colno})"))
                        continue
                    if not isinstance(entry, dict) or not isinstance(entry.get("file"), str) or not entry["file"].strip():
                        problems.append(Skipped(f"{manifest}:{lineno}", f"manifest line {lineno} has no \"file\" naming a document"))
                        continue
                    target = folder / entry["file"].strip()
                    if not target.is_file():
                        problems.append(Skipped(str(target), f"manifest names a missing file ({manifest} line {lineno})"))
                        continue
                    entries[str(target.resolve())] = entry
        except OSError as err:
            problems.append(Skipped(str(manifest), f"cannot read manifest: {err.strerror or err}"))
        if report:
            yield from problems

    def _manifest_entry(self, folder: Path, path: Path) -> dict[str, Any] | None:
        """The manifest entry for a file: from its own folder's manifest or any loaded one."""
        resolved = str(path.resolve())
        own = self.manifests.get(str(folder.resolve()))
        if own and resolved in own:
            return own[resolved]
        for entries in self.manifests.values():  # a parent folder's manifest naming "sub/x.txt"
            if resolved in entries:
                return entries[resolved]
        return None

    def _manifest_for_file(self, path: Path) -> dict[str, Any] | None:
        folder = path.parent
        if (folder / MANIFEST_NAME).is_file():
            for _ in self._load_manifest(folder, report=False):
                pass
        return self._manifest_entry(folder, path)

    # -- ids -------------------------------------------------------------------------

    def _claim_id(self, *candidates: str) -> str:
        for cand in candidates:
            if cand and cand not in self.ids:
                self.ids.add(cand)
                return cand
        base = candidates[-1]
        n = 2
        while f"{base}#{n}" in self.ids:
            n += 1
        self.ids.add(f"{base}#{n}")
        return f"{base}#{n}"

    def _file_id(self, path: Path, root: Path) -> str:
        try:
            rel = path.relative_to(root).as_posix() if path != root else path.as_posix()
        except ValueError:
            rel = path.as_posix()
        return self._claim_id(path.name, rel, str(path))

    # -- one file --------------------------------------------------------------------

    def _read_file(self, path: Path, root: Path, entry: dict[str, Any] | None) -> Iterator[Document | Skipped]:
        origin = str(path)
        try:
            resolved = str(path.resolve())
            if resolved in self.seen_files:
                yield Skipped(origin, "already read in this run (given twice)")
                return
            self.seen_files.add(resolved)
            kind = _kind_from_suffix(path)
            size = path.stat().st_size
            if size == 0:
                yield Skipped(origin, "empty file")
                return
            if kind == "jsonl":
                yield from self._read_jsonl(path, root, size)
                return
            if size > self.max_bytes:
                yield Skipped(origin, _too_large(size, self.max_bytes))
                return
            with open(path, "rb") as f:
                data = f.read(self.max_bytes + 1)
            if len(data) > self.max_bytes:
                yield Skipped(origin, f"larger than max_bytes (> {_human_size(self.max_bytes)})")
                return
            binary = sniff_binary(data[:SNIFF_BYTES])
            if binary:
                yield Skipped(origin, f"not text: {binary}")
                return
            if kind is None:
                kind = "html" if _HTML_START_RE.match(data[:2048].decode("latin-1")) else "txt"
            if kind == "html":
                text, encoding, warnings = decode_html_bytes(data)
            else:
                text, encoding, warnings = decode_bytes(data)
            if not text.strip():
                yield Skipped(origin, "empty file (only whitespace)")
                return
            doc_id = self._file_id(path, root)
            if kind == "html":
                doc = html_document(text, doc_id=doc_id, origin=origin, fmt="html")
                if doc is None:
                    self.ids.discard(doc_id)
                    yield Skipped(origin, "HTML page has no readable text")
                    return
            else:
                doc = Document(doc_id=doc_id, raw=text, origin=origin, fmt="txt")
            doc.encoding = encoding
            doc.warnings.extend(warnings)
            apply_fields(doc, entry, given_by="manifest")
            yield doc
        except OSError as err:
            yield Skipped(origin, f"cannot read: {err.strerror or err}")
        except Exception as err:  # the iterator must go on whatever one file does
            log.exception("unexpected error reading %s", origin)
            yield Skipped(origin, f"could not be read ({type(err).__name__}: {err})")

    def _read_jsonl(self, path: Path, root: Path, size: int) -> Iterator[Document | Skipped]:
        origin = str(path)
        any_line = False
        for lineno, line, encoding, err in self._jsonl_lines(path, size):
            any_line = True
            where = f"{origin}:{lineno}"
            if err:
                yield Skipped(origin if lineno == 0 else where, err)
                continue
            try:
                record = json.loads(line.strip())
            except json.JSONDecodeError as e:
                cut = e.msg.startswith("Unterminated string") or e.pos >= len(e.doc)
                yield Skipped(where, f"invalid JSON on line {lineno}: {e.msg} (column {e.colno})"
                                     + ("; the record is cut off, as in a truncated file" if cut else ""))
                continue
            records = record if (isinstance(record, list) and lineno == 0) else [record]
            for i, rec in enumerate(records, 1):
                rec_where = where if lineno else f"{origin}:{i}"
                rec_no = lineno or i
                try:
                    item = self._record_document(rec, path, root, rec_no, rec_where)
                    if isinstance(item, Document):
                        item.encoding = encoding
                    yield item
                except Exception as e:  # one record never stops the file
                    log.exception("unexpected error reading %s", rec_where)
                    yield Skipped(rec_where, f"could not be read ({type(e).__name__}: {e})")
        if not any_line:
            yield Skipped(origin, "empty file (no records, only blank lines)")

    def _jsonl_lines(self, path: Path, size: int) -> Iterator[tuple[int, str, str, str | None]]:
        """(line number, decoded line, encoding, problem) for each non-blank line; 0 = whole file.

        A .json file holding one JSON array or object is given whole, as line 0.
        """
        with open(path, "rb") as f:
            head = f.read(4)
            f.seek(0)
            wide_bom = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
            if wide_bom or (path.suffix.lower() == ".json" and size <= self.max_bytes):
                if size > self.max_bytes:
                    yield 0, "", "", _too_large(size, self.max_bytes)
                    return
                text, encoding, _ = decode_bytes(f.read())
                if path.suffix.lower() == ".json" and text.lstrip()[:1] in ("[", "{"):
                    try:
                        json.loads(text)
                    except json.JSONDecodeError:
                        pass
                    else:
                        yield 0, text, encoding, None
                        return
                for lineno, line in enumerate(text.split("\n"), 1):
                    if line.strip():
                        yield lineno, line, encoding, None
                return
            lineno = 0
            while True:
                chunk = f.readline(self.max_bytes + 1)
                if not chunk:
                    return
                lineno += 1
                if len(chunk) > self.max_bytes and not chunk.endswith(b"\n"):
                    while True:  # skip the rest of the overlong line without holding it
                        rest = f.readline(1 << 20)
                        if not rest or rest.endswith(b"\n"):
                            break
                    yield lineno, "", "", f"line {lineno} is larger than max_bytes (> {_human_size(self.max_bytes)})"
                    continue
                if not chunk.strip():
                    continue
                if lineno == 1 and chunk.startswith(codecs.BOM_UTF8):
                    chunk = chunk[len(codecs.BOM_UTF8):]
                text, encoding, _ = decode_bytes(chunk)
                yield lineno, text, encoding, None

    def _record_document(self, rec: Any, path: Path, root: Path, lineno: int, where: str) -> Document | Skipped:
        if not isinstance(rec, dict):
            return Skipped(where, f"line {lineno} is a JSON {type(rec).__name__}, not an object with \"text\" or \"html\"")
        text, html = rec.get("text"), rec.get("html")
        broken = [v for v in (text, html) if isinstance(v, str) and _SURROGATE_RE.search(v)]
        if broken:  # "\ud800" escapes: half a character; parsers drop what follows
            text, html = (_SURROGATE_RE.sub("\ufffd", v) if isinstance(v, str) else v for v in (text, html))
        rec_id = rec.get("id")
        rel = _relative(path, root)
        fallback_id = f"{path.stem}:{lineno}"
        if isinstance(text, str) and text.strip():
            doc_id = self._claim_id(str(rec_id) if rec_id not in (None, "") else fallback_id, f"{rel}:{lineno}")
            doc = Document(doc_id=doc_id, raw=text, origin=where, fmt="jsonl")
        elif isinstance(html, str) and html.strip():
            doc_id = self._claim_id(str(rec_id) if rec_id not in (None, "") else fallback_id, f"{rel}:{lineno}")
            doc = html_document(html, doc_id=doc_id, origin=where, fmt="jsonl")
            if doc is None:
                self.ids.discard(doc_id)
                return Skipped(where, f"record on line {lineno}: its HTML has no readable text")
            doc.stats["input"] = "html"
        elif text is not None or html is not None:
            return Skipped(where, f"record on line {lineno} has an empty \"text\"/\"html\"")
        else:
            return Skipped(where, f"record on line {lineno} has no \"text\" or \"html\" field")
        title = rec.get("title")
        if isinstance(title, str) and title.strip():
            doc.stats["input_title"] = " ".join(title.split())
        apply_fields(doc, rec, given_by="input")
        if broken:
            doc.warnings.append(_LONE_SURROGATES)
        return doc


# -- fields given by a manifest or a record ----------------------------------------------

def apply_fields(doc: Document, given: dict[str, Any] | None, *, given_by: str) -> None:
    """Let what the manifest/record gives win; fill `source` from the URL's host otherwise."""
    given = given or {}
    url = given.get("url")
    if isinstance(url, str) and url.strip():
        doc.url = url.strip()
    if "published" in given and given["published"] not in (None, ""):
        date = parse_date(given["published"])
        if date is None:
            doc.warnings.append(f"ignored published date {given['published']!r} given by the {given_by}: expected YYYY-MM-DD")
        else:
            doc.published, doc.published_from = date, given_by
    source = given.get("source")
    if isinstance(source, str) and source.strip():
        doc.source = source.strip()
    elif isinstance(url, str) and url.strip():
        doc.source = source_from_url(doc.url)
    elif doc.source is None and doc.url:
        doc.source = source_from_url(doc.url)
    language = given.get("language")
    if isinstance(language, str) and language.strip():
        doc.language = language.strip()


def parse_date(value: Any) -> dt.date | None:
    """A YYYY-MM-DD date (an ISO date-time is cut to its date); None when it is not one."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    m = _DATE_RE.match(value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def source_from_url(url: str) -> str | None:
    """The publisher's host name, without "www.": "https://www.aawsat.com/x" -> "aawsat.com"."""
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return None
    if not re.fullmatch(r"[\w-]+(?:\.[\w-]+)*\.[^\W\d_][\w-]+", host):
        return None  # not a host name: "not a url", an IP address, "localhost"
    return re.sub(r"^(?:www\d?|m|amp|mobile)\.(?=[^.]+\.)", "", host)


# -- bytes to text ---------------------------------------------------------------------

def sniff_binary(head: bytes) -> str | None:
    """What a binary file looks like ("a PNG image"), or None when it looks like text."""
    for magic, at, what in _MAGIC:
        if head[at:at + len(magic)] == magic:
            return f"looks like {what}"
    if not head or any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if b"\x00" in head:
        if _looks_utf16(head):
            return None
        # more than 1 in 100 bytes: a stray NUL or two is a broken scrape of a text, not a binary
        if head.count(0) * 100 > len(head):
            return "binary data (it contains NUL bytes)"
    controls = sum(1 for b in head if b < 0x20 and b not in (0x09, 0x0A, 0x0C, 0x0D, 0x1B))
    # 5% of control bytes: no real text file in any 8-bit encoding comes close.
    if controls > len(head) * 0.05:
        return "binary data (it contains control bytes)"
    return None


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a BOM: NULs sit almost only at even or only at odd positions."""
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = max(1, len(head) // 2)
    return (even == 0 and odd > half * 0.2) or (odd == 0 and even > half * 0.2)


def decode_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Decode text: BOM first, then strict UTF-8, then charset-normalizer's best guess.

    Returns (text, the encoding's codec name, warnings). Never raises.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            return text, codec, ([] if "\ufffd" not in text else [f"some bytes were not valid {codec}; replaced"])
    head = data[:SNIFF_BYTES]
    if b"\x00" in head and _looks_utf16(head):  # UTF-16 without a BOM is "valid" UTF-8 too
        codec = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        return data.decode(codec, errors="replace"), codec, []
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8, "utf-8", ["a few bytes were not valid UTF-8; replaced"]
    guess = _detect(data)
    if guess:
        try:
            return data.decode(guess), guess, []
        except (UnicodeDecodeError, LookupError):
            pass
    return (data.decode("utf-8", errors="replace"), "utf-8",
            ["encoding could not be detected: read as UTF-8 with undecodable bytes replaced"])


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a scraper cut a character) is still UTF-8.

    At least three well-formed non-ASCII characters per broken one: text in a legacy
    encoding (windows-1256 Arabic, latin-1) read as UTF-8 gives far more broken ones than
    well-formed ones, since its letters are lone high bytes.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    return text if good >= 3 * bad else None


def decode_html_bytes(data: bytes) -> tuple[str, str, list[str]]:
    """Like decode_bytes, but a charset the page declares is tried before guessing."""
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return decode_bytes(data)
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET_RE.search(data[:4096])
    if m:
        try:
            codec = codecs.lookup(m.group(1).decode("ascii")).name
            return data.decode(codec), codec, []
        except (LookupError, UnicodeDecodeError, ValueError):
            pass
    return decode_bytes(data)


def _detect(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
        best = from_bytes(data).best()
    except Exception:  # a detector failure means "unknown", never a crash
        return None
    if best is None or not best.encoding:
        return None
    try:
        return codecs.lookup(best.encoding).name
    except LookupError:
        return None


# -- HTML ------------------------------------------------------------------------------

_DATELIKE_CLASS_RE = re.compile(r"date|time|publish|posted|dateline", re.I)
_PUBLISHED_META = (
    "article:published_time", "og:published_time", "published_time", "datepublished",
    "pubdate", "publishdate", "publish-date", "publish_date", "dc.date.issued", "dcterms.issued",
    "dc.date", "date", "sailthru.date", "parsely-pub-date",
)
_SKIP_ANCESTORS = {"nav", "footer", "aside", "form", "script", "style", "noscript"}
_COMMENTISH_RE = re.compile(r"comment|reply|respond|related|share|sidebar|widget|footer|menu", re.I)


def html_document(html: str, *, doc_id: str, origin: str, fmt: str) -> Document | None:
    """A Document whose raw text is the page's main text, headed by its title and dateline.

    Returns None when no method finds any text in the page.
    """
    meta = html_metadata(html)
    body, extractor = extract_main_text(html)
    if not body.strip():
        return None
    head_lines: list[str] = []
    probe = _squash(body[:3000])
    title = meta.get("title")
    if title and _squash(title) not in probe:
        head_lines.append(title)
    dateline = meta.get("dateline")
    if dateline and _squash(dateline) not in probe and _squash(dateline) not in _squash(title or ""):
        head_lines.append(dateline)
    raw = "\n\n".join(head_lines + [body.strip("\n")])
    doc = Document(doc_id=doc_id, raw=raw, origin=origin, fmt=fmt)
    doc.stats["extractor"] = extractor
    if meta.get("language"):
        doc.language = meta["language"]
    if meta.get("url"):
        doc.url = meta["url"]
        doc.source = source_from_url(meta["url"])
    if meta.get("published"):
        date = parse_date(meta["published"])
        if date is not None:
            doc.published, doc.published_from = date, "html meta"
    return doc


def extract_main_text(html: str) -> tuple[str, str]:
    """The page's main text and which method found it: a cascade from precise to permissive."""
    try:
        import trafilatura
    except ImportError:  # lxml_html_clean missing makes trafilatura unimportable
        trafilatura = None
    if trafilatura is not None:
        for name, options in (("trafilatura", {}), ("trafilatura-recall", {"favor_recall": True})):
            try:
                text = trafilatura.extract(html, include_comments=False, include_tables=True,
                                           deduplicate=False, **options)
            except Exception:  # the extractor failing is one more reason to fall back
                log.debug("%s failed", name, exc_info=True)
                text = None
            if text and text.strip():
                return text, name
    text = _plain_body_text(html)
    if text.strip():
        return text, "lxml"
    # lxml gives up on pages nested deeper than 256 elements; a plain scan does not
    return text_without_tags(html), "tags stripped"


_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "section",
                         "article", "blockquote", "pre", "ul", "ol", "table", "main", "header", "footer", "hr"})
_SKIP_CONTENT_TAGS = ("script", "style", "noscript", "template", "textarea", "iframe", "svg", "object", "title")
_TAG_NAME_RE = re.compile(r"</?([a-zA-Z][a-zA-Z0-9:-]*)")


def text_without_tags(html: str) -> str:
    """The text of a page by a single forward scan: tags dropped, scripts and styles with them.

    The last rung of the cascade, for pages no parser copes with (nesting thousands deep,
    broken beyond repair). Each step moves forward, so the work is linear in the page; an
    unclosed comment or script ends the text, as it does in a browser.
    """
    import html as html_lib
    lower = html.lower()
    out: list[str] = []
    pos, n = 0, len(html)
    while pos < n:
        lt = html.find("<", pos)
        if lt < 0:
            out.append(html[pos:])
            break
        out.append(html[pos:lt])
        if html.startswith("<!--", lt):
            end = html.find("-->", lt + 4)
            if end < 0:
                break
            pos = end + 3
            continue
        m = _TAG_NAME_RE.match(html, lt)
        if m is None:  # a "<" that opens no tag is text
            out.append("<")
            pos = lt + 1
            continue
        gt = html.find(">", m.end())
        if gt < 0:
            break
        name = m.group(1).lower()
        pos = gt + 1
        if name in _BLOCK_TAGS:
            out.append("\n")
        if name in _SKIP_CONTENT_TAGS and not html.startswith("</", lt) and html[gt - 1] != "/":
            close = lower.find("</" + name, pos)
            if close < 0:
                break
            gt = html.find(">", close)
            pos = n if gt < 0 else gt + 1
    text = html_lib.unescape("".join(out))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _parse_html(html: str):
    import lxml.html
    try:
        from trafilatura import load_html  # copes with encoding declarations and broken markup
        tree = load_html(html)
        if tree is not None:
            return tree
    except Exception:
        pass
    try:
        return lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", html))
    except Exception:
        return None


def _plain_body_text(html: str) -> str:
    tree = _parse_html(html)
    if tree is None:
        return ""
    for el in tree.xpath("//script|//style|//noscript|//nav|//footer|//header|//aside|//form|//template"):
        if el.getparent() is not None:
            el.drop_tree()
    body = tree.find(".//body")
    node = body if body is not None else tree
    for el in node.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"):
        el.tail = "\n" + (el.tail or "")
    lines = (" ".join(line.split()) for line in node.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def html_metadata(html: str) -> dict[str, str]:
    """Title, dateline, published time, language and canonical URL read from the page."""
    out: dict[str, str] = {}
    tree = _parse_html(html)
    if tree is None:
        return out
    try:
        metas: dict[str, str] = {}
        for m in tree.iter("meta"):
            key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
            if key and m.get("content") and key not in metas:
                metas[key] = m.get("content").strip()
        h1 = next((t for t in (_text_of(el) for el in tree.iter("h1")) if t), "")
        title_el = tree.find(".//title")
        page_title = _without_site_name(_text_of(title_el)) if title_el is not None else ""
        title = h1 or metas.get("og:title") or page_title
        if title:
            out["title"] = title[:500]
        for key in _PUBLISHED_META:
            if metas.get(key) and parse_date(metas[key]):
                out["published"] = metas[key]
                break
        lang = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang") or ""
        if lang.strip():
            out["language"] = lang.strip().split("-")[0].split("_")[0].lower()
        canonical = next((l.get("href") for l in tree.iter("link")
                          if (l.get("rel") or "").lower() == "canonical" and l.get("href")), None)
        url = canonical or metas.get("og:url")
        if url and url.startswith(("http://", "https://")):
            out["url"] = url.strip()
        dateline = _find_dateline(tree)
        if dateline:
            out["dateline"] = dateline
    except Exception:  # metadata is a bonus: a strange page only loses it
        log.debug("html metadata failed", exc_info=True)
    return out


def _without_site_name(title: str) -> str:
    """ "Headline | Site" or "Headline - Site" -> "Headline"; the site name is short."""
    parts = re.split(r"\s+[|\-–—]\s+", title)
    if len(parts) > 1 and len(parts[-1].split()) <= 4 and len(parts[0].split()) > len(parts[-1].split()):
        return " - ".join(parts[:-1]) if len(parts) > 2 else parts[0]
    return title


def _find_dateline(tree) -> str | None:
    """The first short date-looking element of the article: <time>, or class/id naming a date."""
    candidates = tree.xpath("//article//time | //main//time | //article//*[@class or @id] | //main//*[@class or @id]")
    if not candidates:
        candidates = tree.xpath("//time | //body//*[@class or @id]")
    for el in candidates:
        if not isinstance(el.tag, str):
            continue
        if el.tag != "time":
            label = f"{el.get('class', '')} {el.get('id', '')}"
            if not _DATELIKE_CLASS_RE.search(label) or _COMMENTISH_RE.search(label):
                continue
        if _inside_page_chrome(el):
            continue
        text = _text_of(el)
        if 6 <= len(text) <= 160 and re.search(r"\d", text):
            return text
    return None


def _inside_page_chrome(el) -> bool:
    for anc in el.iterancestors():
        if not isinstance(anc.tag, str):
            continue
        if anc.tag in _SKIP_ANCESTORS:
            return True
        if anc.tag == "header" and not any(a.tag in ("article", "main") for a in anc.iterancestors()):
            return True
        if _COMMENTISH_RE.search(f"{anc.get('class', '')} {anc.get('id', '')}"):
            return True
    return False


def _text_of(el) -> str:
    return " ".join((el.text_content() or "").split())


def _squash(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


# -- small helpers ---------------------------------------------------------------------

def _not_a_file(entry: os.DirEntry) -> str:
    """Why a folder entry that is neither a file nor a folder is not read."""
    if entry.is_symlink():
        if not os.path.exists(entry.path):
            return f"a broken link (it points to {os.readlink(entry.path)!r}, which does not exist)"
        if entry.is_dir():
            return "a link to a folder: not followed (give that folder itself to read it)"
        return f"a link to {os.readlink(entry.path)!r}, which is not a regular file: not read"
    return "not a regular file (a pipe, socket or device): not read"


_SURROGATE_RE = re.compile("[\ud800-\udfff]")
_LONE_SURROGATES = "the text held broken UTF-16 escapes (lone surrogates); each was replaced by U+FFFD"


def _escape_surrogate(m: re.Match) -> str:
    code = ord(m.group())
    # 0xDC80-0xDCFF: a byte of a file name that is not UTF-8 (Python's surrogateescape)
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def _printable(text: str) -> str:
    """`text` as valid Unicode: stray surrogates shown as escapes, so it can be stored and printed."""
    return text if text.isascii() or not _SURROGATE_RE.search(text) else _SURROGATE_RE.sub(_escape_surrogate, text)


def _storable(item: Document | Skipped) -> Document | Skipped:
    """A Document or Skipped whose strings are all valid Unicode.

    File names that are not UTF-8 and JSON escapes of half a character ("\\ud800") give
    Python strings no database or terminal accepts; the text gets U+FFFD in their place
    (same length, so offsets hold), names and other fields get visible escapes.
    """
    if isinstance(item, Skipped):
        item.origin, item.reason = _printable(item.origin), _printable(item.reason)
        return item
    doc = item
    if not doc.raw.isascii() and _SURROGATE_RE.search(doc.raw):
        doc.raw = _SURROGATE_RE.sub("\ufffd", doc.raw)
        doc.content_hash = content_hash(doc.raw)
        doc.warnings.append(_LONE_SURROGATES)
    for name in ("doc_id", "origin", "source", "url", "language", "title"):
        value = getattr(doc, name)
        if isinstance(value, str):
            setattr(doc, name, _printable(value))
    doc.warnings = [_printable(w) for w in doc.warnings]
    if isinstance(doc.stats.get("input_title"), str):
        doc.stats["input_title"] = _printable(doc.stats["input_title"])
    return doc


def _kind_from_suffix(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "txt"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    return None


def _relative(path: Path, root: Path) -> str:
    try:
        if path != root:
            return path.relative_to(root).as_posix()
    except ValueError:
        pass
    return path.as_posix()


def _too_large(size: int, max_bytes: int) -> str:
    have, limit = _human_size(size), _human_size(max_bytes)
    if have == limit:
        have, limit = f"{size:,} bytes", f"{max_bytes:,} bytes"
    return f"larger than max_bytes ({have} > {limit})"


def _human_size(n: int) -> str:
    for unit, size in (("GB", 10 ** 9), ("MB", 10 ** 6), ("kB", 10 ** 3)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value >= 10 else f"{value:.1f} {unit}"
    return f"{n} bytes"
