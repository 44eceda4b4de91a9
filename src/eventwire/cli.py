"""The command line: a thin layer over the library.

Exit codes: 0 done; 1 nothing could be read, or --strict and something was skipped;
2 a usage error (bad option, missing file) or a store that cannot be opened or written;
130 interrupted (Ctrl-C or SIGTERM), with what was committed kept.
"""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from typing import Iterable, Iterator

import click

from .errors import EventwireError
from .settings import Settings


@contextmanager
def _progress(label: str) -> Iterator:
    """A progress counter on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield lambda n=1: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TimeElapsedColumn
    with Progress(SpinnerColumn(), "[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), transient=True) as p:
        task = p.add_task(label, total=None)
        yield lambda n=1: p.advance(task, n)


def _settings(ctx_obj, **overrides) -> Settings:
    return Settings.load(overrides)


def _open_readonly(path: str):
    """The database for reading, or a clear error (exit 2) when it cannot be opened."""
    from .store import Store
    try:
        return Store(path, readonly=True)
    except EventwireError as err:
        _fail(err)


def _fail(err: Exception) -> None:
    click.echo(f"error: {one_line(str(err))}", err=True)
    sys.exit(2)


# Characters that would break a message onto several lines, recolour the terminal, or
# reorder what it shows (bidi overrides make "evil\u202etxt.exe" read "evilexe.txt").
_UNPRINTABLE = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7f, *range(0x80, 0xa0))}
_UNPRINTABLE.update({c: f"\\u{c:04x}" for c in (0x061c, 0x200e, 0x200f, 0x2028, 0x2029, *range(0x202a, 0x202f),
                                                   *range(0x2066, 0x206a))})


def one_line(text: str) -> str:
    """A file name or reason as one safe line: control and bidi characters shown as escapes."""
    return text.translate(_UNPRINTABLE)


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """Let `kill PID` stop a run as cleanly as Ctrl-C does."""
    import signal

    def handler(signum, frame):
        raise KeyboardInterrupt
    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread (e.g. under a test runner): leave it alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="eventwire")
def main() -> None:
    """eventwire: noisy conflict news in, ACLED-style event records out, every fact traced to its source."""


places_option = click.option("--places", "places", multiple=True, type=click.Path(exists=True, dir_okay=False),
                             help="A CSV of your own places and aliases, or a GeoNames country extract (SY.zip, IQ.txt) (repeatable).")
max_bytes_option = click.option("--max-bytes", type=int, default=None, help="Skip input files larger than this.")
workers_option = click.option("--workers", type=int, default=None,
                              help="Processes extracting events (0 = one per core) [default: 1].")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "geojson"]), default="jsonl", show_default=True)
@places_option
@max_bytes_option
@workers_option
@click.option("--strict", is_flag=True, help="Exit 1 if any input was skipped.")
@click.option("--merge/--no-merge", "do_merge", default=True, show_default=True,
              help="Merge reports of one incident from several documents into one event "
                   "(--no-merge streams each document's events as it is read).")
def extract(paths, fmt, places, max_bytes, workers, strict, do_merge):
    """Read files, folders (with manifest.jsonl) or JSON Lines and write event records to stdout."""
    from .export import WRITERS
    from .pipeline import Pipeline
    try:
        pipeline = Pipeline(settings=_settings(None, places=places, max_bytes=max_bytes, workers=workers))
    except EventwireError as err:
        _fail(err)
    read = skipped = 0

    def records() -> Iterable[dict]:
        nonlocal read, skipped
        with _progress("extracting") as tick:
            for result in pipeline.run(paths):
                tick()
                if result.skipped:
                    skipped += 1
                    click.echo(f"skipped {one_line(result.origin)}: {one_line(result.skipped)}", err=True)
                    continue
                read += 1
                for w in result.doc.warnings:
                    click.echo(f"warning {one_line(result.origin)}: {one_line(w)}", err=True)
                for ev in result.events:
                    yield ev.to_dict()

    try:
        with _sigterm_as_interrupt():
            if do_merge:
                from .merge import merge_records
                WRITERS[fmt](merge_records(list(records())), sys.stdout)
            else:
                WRITERS[fmt](records(), sys.stdout)
    except KeyboardInterrupt:
        click.echo(f"interrupted after {read + skipped} inputs ({read} read, {skipped} skipped)", err=True)
        sys.exit(130)
    sys.stdout.flush()
    if read == 0:
        click.echo("error: no input could be read (each skipped one is listed above with its reason)", err=True)
    if read == 0 or (strict and skipped):
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--db", default=None, help="SQLite database file [default: eventwire.db].")
@places_option
@max_bytes_option
@workers_option
@click.option("--strict", is_flag=True, help="Exit 1 if any input was skipped.")
def ingest(paths, db, places, max_bytes, workers, strict):
    """Run the pipeline over PATHS into the SQLite database, then print a summary."""
    from .model import Document
    from .pipeline import Pipeline
    from .stages.load import iter_documents
    from .store import Store
    settings = _settings(None, db=db, places=places, max_bytes=max_bytes, workers=workers)
    try:
        store = Store(settings.db)
        pipeline = Pipeline(settings=settings)
    except EventwireError as err:
        _fail(err)
    except KeyboardInterrupt:
        click.echo("interrupted while starting: nothing was read or stored", err=True)
        sys.exit(130)
    read = new = 0
    already = [0]  # counted where the inputs are read: a worker pool reads them in its own thread
    skipped: list[tuple[str, str]] = []
    at_start = store.counts()
    stored_before = store.content_hashes()

    def not_stored_yet(items):
        """Documents a previous (perhaps interrupted) run stored are counted, not re-extracted."""
        for item in items:
            if isinstance(item, Document) and item.content_hash in stored_before:
                already[0] += 1
                continue
            yield item
    try:
        with _sigterm_as_interrupt(), _progress("ingesting") as tick:
            items = not_stored_yet(iter_documents(paths, max_bytes=settings.max_bytes))
            for result in pipeline.process_many(items, settings.workers):
                tick()
                if not result.skipped:
                    try:
                        stored = store.add_document(result.doc, result.events)
                    except EventwireError:
                        raise  # the database itself failed (locked, disk full): stop
                    except Exception as err:  # this document's data only: skip it, keep going
                        result.skipped = f"could not be stored ({type(err).__name__}: {err})"
                    else:
                        read += 1
                        new += stored
                        continue
                skipped.append((result.origin, result.skipped))
                store.add_skipped(result.origin, result.skipped)
    except KeyboardInterrupt:
        read += already[0]
        click.echo(f"interrupted after {read + len(skipped)} inputs: {read} documents read ({new} new), "
                   f"{len(skipped)} skipped; everything stored so far is kept in {one_line(settings.db)}: "
                   f"run the same command again to finish", err=True)
        sys.exit(130)
    except EventwireError as err:
        read += already[0]
        click.echo(f"error: {one_line(str(err))}", err=True)
        click.echo(f"stopped after {read + len(skipped)} inputs: {read} documents read ({new} new), "
                   f"{len(skipped)} skipped", err=True)
        sys.exit(2)
    finally:
        totals = store.counts()
        store.close()
    read += already[0]
    click.echo(f"documents read: {read} ({new} new, {read - new} already stored)")
    click.echo(f"skipped: {len(skipped)}")
    for origin, reason in skipped:
        click.echo(f"  {one_line(origin)}: {one_line(reason)}")
    reports = totals["reports"] - at_start["reports"]
    new_events = totals["events"] - at_start["events"]
    click.echo(f"events: {new_events} new, {reports - new_events} reports joined events already known "
               f"({totals['events']} in {settings.db})")
    click.echo(f"claims: {totals['claims'] - at_start['claims']} new ({totals['claims']} in {settings.db})")
    if read == 0:
        click.echo("error: no input could be read (each skipped one is listed above with its reason)", err=True)
    if read == 0 or (strict and skipped):
        sys.exit(1)


def _table(records: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text
    t = Table(show_lines=False)
    for col in ("date", "type / sub-type", "place", "actor1 → actor2", "killed", "hurt", "sources", "event_id"):
        t.add_column(col, overflow="fold")
    for e in records:
        d = e["date"]
        date = d["start"] or "unknown"
        if d["end"] and d["end"] != d["start"]:
            date += f"…{d['end']}"
        f = e["fatalities"]
        killed = "" if f["best"] is None else str(f["best"])
        if f["low"] is not None and f["low"] != f["high"]:
            killed += f" ({f['low']}–{f['high']})"
        if e["contradictions"]:
            killed += " ⚠"
        i = e["injuries"]
        cells = (date, f"{e['event_type']} / {e['sub_event_type']}", e["location"].get("name") or "?",
                 f"{e['actor1']['name'] or '?'} → {e['actor2']['name'] or '?'}", killed,
                 "" if i["best"] is None else str(i["best"]),
                 ", ".join(sorted({c['source'] or '?' for c in e['claims']})) or "", e["event_id"])
        # Text, not markup: "[red]" or "[/b]" in a source name is shown, never interpreted
        t.add_row(*(Text(one_line(str(c))) for c in cells))
    console = Console()
    Console(width=console.width if console.is_terminal else 180).print(t)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option("--missing", is_flag=True, required=True,
              help="Report place-like names the gazetteer cannot resolve (the only report so far).")
@click.option("--db", default=None, help="Read the documents stored in this SQLite database instead of PATHS.")
@places_option
@click.option("--limit", type=int, default=None, help="Show only the most frequent N names.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def places(paths, missing, db, places, limit, fmt):
    """Report place names in PATHS (or --db) that the gazetteer lacks: count, name and an
    example sentence, most frequent first. Add them with --places FILE rather than guess."""
    from .gazetteer import Gazetteer
    from .stages.geocode import missing_places, texts_of_paths, texts_of_store
    if not paths and not db:
        _fail(click.UsageError("give PATHS or --db"))
    try:
        gaz = Gazetteer.load(extra_csv=list(places)) if places else Gazetteer.default()
        if db:
            from .store import Store
            store = Store(db, readonly=True)
            found = missing_places(texts_of_store(store), gaz)
            store.close()
        else:
            found = missing_places(texts_of_paths(paths), gaz)
    except EventwireError as err:
        _fail(err)
    for m in found[:limit]:
        if fmt == "jsonl":
            click.echo(json.dumps({"name": m.name, "count": m.count, "example": m.example}, ensure_ascii=False))
        else:
            click.echo(f"{m.count:6d}  {one_line(m.name)}  |  {one_line(m.example[:160])}")
    if fmt == "table":
        click.echo(f"{len(found)} names the gazetteer could not resolve", err=True)


@main.command("events")
@click.option("--db", default=None, help="SQLite database file [default: eventwire.db].")
@click.option("--place", help="Only events whose place, region or country contains this text.")
@click.option("--since", help="Only events on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only events on or before this date (YYYY-MM-DD).")
@click.option("--type", "event_type", help="Only this event type or sub-event type.")
@click.option("--contested", is_flag=True, help="Only events whose sources disagree.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
def events_cmd(db, place, since, until, event_type, contested, fmt):
    """List stored events, as a table by default."""
    from .export import write_jsonl
    settings = _settings(None, db=db)
    for name, value in (("--since", since), ("--until", until)):
        if value:
            _check_date(name, value)
    store = _open_readonly(settings.db)
    with store:
        records = store.events(place=place, since=since, until=until, event_type=event_type, contested=contested)
        if fmt == "jsonl":
            write_jsonl(records, sys.stdout)
        else:
            records = list(records)
            _table(records)
            if contested:
                for e in records:
                    click.echo(f"\n{e['event_id']}  {e['notes']}")
                    for line in _disagreements(e):
                        click.echo("  " + line)


def _who(c: dict) -> str:
    who = c.get("source") or "the publisher"
    if c.get("claimant") and c["claimant"] != c.get("source"):
        who += f" / {c['claimant']}"
    return who


def _disagreements(e: dict) -> list[str]:
    """Who said what, for each field the sources disagree on."""
    lines = []
    for con in e["contradictions"]:
        lines.append(f"{con['field']}:")
        for i in con["claims"]:
            c = e["claims"][i]
            lines.append(f"  {json.dumps(c['value'], ensure_ascii=False)} said by {_who(c)} ({c['doc_id']}): "
                         f"\"{c['quote'][:160]}\"")
    return lines


@main.command()
@click.argument("event_id")
@click.option("--db", default=None, help="SQLite database file [default: eventwire.db].")
def show(event_id, db):
    """Print one event: its reports, every claim with who said it, contradictions, and the history of its tolls."""
    settings = _settings(None, db=db)
    store = _open_readonly(settings.db)
    with store:
        e = store.event(event_id)
        if e is None:
            click.echo(f"error: no event {event_id} in {settings.db}", err=True)
            sys.exit(1)
        history = store.history(event_id)
    d, loc = e["date"], e["location"]
    if e["event_id"] != event_id:
        click.echo(f"({event_id} is now part of {e['event_id']})")
    click.echo(f"{e['event_id']}  {e['event_type']} / {e['sub_event_type']}")
    click.echo(f"  date      {d['start']}..{d['end']} ({d['precision']}) from \"{d['text']}\"")
    click.echo(f"  place     {loc.get('name')} ({loc.get('precision')}; {loc.get('admin1')}, {loc.get('country')})"
               f" at {loc.get('lat')}, {loc.get('lon')} from \"{loc.get('text')}\"")
    click.echo(f"  sides     {e['actor1']['name'] or '?'} -> {e['actor2']['name'] or '?'}")
    click.echo(f"  weapons   {', '.join(e['weapons']) or '-'}")
    for k in ("fatalities", "injuries"):
        v = e[k]
        click.echo(f"  {k:<9} best {v['best']}  low {v['low']}  high {v['high']}")
    click.echo(f"  notes     {e['notes']}")
    click.echo("reports:")
    for r in e["reports"]:
        click.echo(f"  {r['doc_id']}  {r.get('source') or '-'}  published {r.get('published') or '?'}")
    click.echo("claims:")
    for c in e["claims"]:
        click.echo(f"  {c['field']:<13} {json.dumps(c['value'], ensure_ascii=False):<24} {_who(c)}  "
                   f"[{c['doc_id']} {c['span'][0]}-{c['span'][1]}]")
    if e["contradictions"]:
        click.echo("contradictions:")
        for line in _disagreements(e):
            click.echo("  " + line)
    if history:
        click.echo("history of the tolls:")
        for h in history:
            click.echo(f"  {h['field']:<10} best {h['best']} (low {h['low']}, high {h['high']}) after "
                       f"{h['doc_id']} ({h['source'] or '-'}, published {h['published'] or '?'})")


@main.command("merge")
@click.option("--db", default=None, help="SQLite database file [default: eventwire.db].")
def merge_cmd(db):
    """Re-merge every stored report into events from scratch (batch), e.g. after a bulk load."""
    from .store import Store
    settings = _settings(None, db=db)
    try:
        store = Store(settings.db)
    except EventwireError as err:
        _fail(err)
    with store:
        res = store.remerge()
    click.echo(f"{res['doc_events']} reports: {res['events_before']} events before, {res['events_after']} after")


@main.group("eval")
def eval_group():
    """Measure the pipeline against coded data."""


@eval_group.command("acled")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--limit", type=int, default=None, help="Only the first N rows.")
@click.option("--examples", type=int, default=5, show_default=True, help="Worst examples shown per figure.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON line only.")
@click.option("--type-model", type=click.Path(exists=True, dir_okay=False),
              help="A type classifier to use instead of the shipped one (e.g. trained without these rows).")
@places_option
@workers_option
def eval_acled(csv_file, limit, examples, as_json, type_model, places, workers):
    """Run each ACLED row's note through the extract pipeline (published = event_date) and
    print the same figures as ../shared/gold/score_acled.py, a confusion table and the worst examples."""
    import datetime as dt
    from .evaluate import acled_documents, format_report, score_acled
    from .model import Document
    from .pipeline import Pipeline
    pipeline = Pipeline(settings=_settings(None, workers=workers, type_model=type_model, places=places))

    def docs():
        for d in acled_documents(csv_file, limit):
            yield Document(doc_id=d["id"], raw=d["text"], origin=f"{csv_file}:{d['id']}",
                           published=dt.date.fromisoformat(d["published"]) if d["published"] else None,
                           published_from="input")

    def records():
        with _progress("evaluating") as tick:
            for result in pipeline.process_many(docs(), pipeline.settings.workers):
                tick()
                for ev in result.events or []:
                    yield ev.to_dict()

    score = score_acled(csv_file, records(), limit)
    if as_json:
        click.echo(json.dumps(score.summary))
    else:
        click.echo(format_report(score, examples))


def _check_date(name: str, value: str) -> None:
    import datetime as dt
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2021-07-12", param_hint=name)


@main.command()
@click.option("--db", default=None, help="SQLite database file [default: eventwire.db].")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "geojson"]), required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
def export(db, fmt, output):
    """Export stored events as JSON Lines, ACLED-style CSV or GeoJSON."""
    from .export import WRITERS
    settings = _settings(None, db=db)
    store = _open_readonly(settings.db)
    with store:
        if output:
            with open(output, "w", encoding="utf-8", newline="") as out:
                n = WRITERS[fmt](store.events(), out)
            click.echo(f"{n} events written to {output}", err=True)
        else:
            WRITERS[fmt](store.events(), sys.stdout)


@main.command()
@click.option("--db", default=None, help="SQLite database file [default: eventwire.db].")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; the default answers this machine only.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--tiles", default=None, help="Map tile URL template, e.g. https://tiles.example.org/{z}/{x}/{y}.png "
                                            "[default: none; the map draws packaged country outlines].")
@click.option("--tiles-attribution", default=None, help="Credit line the map shows for --tiles.")
def serve(db, host, port, tiles, tiles_attribution):
    """Serve the map page and the JSON API (/api, described at /api/openapi.json) over the stored events."""
    settings = _settings(None, db=db)
    try:
        from .web.server import run
        run(settings.db, host, port, tiles=tiles, tiles_attribution=tiles_attribution, say=click.echo)
    except EventwireError as err:
        _fail(err)
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":  # pragma: no cover
    main()
