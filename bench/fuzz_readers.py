#!/usr/bin/env python3
"""Fuzz the readers and the text stages: bytes in, through load, clean, sentences,
publication date, dates and places; any exception, or a span that points outside its
text, is a finding.

    python bench/fuzz_readers.py --seconds 300                  # mutation fuzzer, no extra packages
    python bench/fuzz_readers.py --engine hypothesis --runs 5000
    pip install atheris && python bench/fuzz_readers.py --engine atheris -- -max_total_time=300

Engines:
- mutate (default): seeded mutations of a starting corpus (the fixtures, the seed articles
  when they are mounted, and every kind of bad input of tests/test_bad_input.py): byte
  flips, splices, truncation, repetition, re-encoding (windows-1256, UTF-16, latin-1),
  invisible characters and look-alike letters, wrapping in HTML, JSON Lines or a manifest.
  Reproducible: the same --seed gives the same inputs.
- hypothesis: hypothesis' own generation and shrinking over bytes and a file suffix.
- atheris: coverage-guided (libFuzzer) over the same target; an optional dev tool, never
  needed by the tests. Arguments after `--` go to libFuzzer.

Each input is written as a file with a suffix (.txt, .html, .jsonl, .json or none) into a
folder and read the way `eventwire ingest` reads it. Findings are saved under
bench/fuzz-findings/ as the input file plus a .txt with the traceback; the run prints how
many inputs it tried and what it found, and exits 1 if it found anything.
"""
from __future__ import annotations

import argparse
import codecs
import datetime as dt
import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

SUFFIXES = (".txt", ".html", ".jsonl", ".json", "")
FINDINGS = ROOT / "bench" / "fuzz-findings"
TRICKS = ["\u200b", "\u200d", "\u200f", "\u202e", "\u2066", "\u00ad", "\ufeff", "\u0327", "\u043e", "\u0430",
          "\x00", "\r", "\x1b[31m", "\ud800", "<!--", "<script>", "</div>", "&amp;", "\"", "“", "…", "\n\n"]


# -- the target -------------------------------------------------------------------------------

class Target:
    """Reading and the text stages, with the invariants users rely on."""

    def __init__(self) -> None:
        from eventwire.pipeline import Pipeline
        self.stages = {st.name: st for st in Pipeline().stages}
        self.folder = Path(tempfile.mkdtemp(prefix="eventwire-fuzz-"))

    def __call__(self, data: bytes, suffix: str) -> None:
        from eventwire.model import Document
        from eventwire.stages.load import iter_documents
        shutil.rmtree(self.folder / "in", ignore_errors=True)
        (self.folder / "in").mkdir()
        path = self.folder / "in" / f"input{suffix}"
        path.write_bytes(data)
        for item in iter_documents([str(self.folder / "in")], max_bytes=2_000_000):
            if not isinstance(item, Document):
                assert item.reason
                (item.origin + item.reason).encode("utf-8")  # storable and printable
                continue
            doc = item
            for name in ("clean", "publication date", "sentences", "dates", "places"):
                doc = self.stages[name].fn(doc)
            self.check(doc)

    @staticmethod
    def check(doc) -> None:
        from eventwire.stages.clean import _LOOKALIKES
        raw, text = doc.raw, doc.text
        raw.encode("utf-8")  # storable: no lone surrogates
        assert doc.offsets.length == len(text)
        for i in range(0, len(text), max(1, len(text) // 200)):
            ch = text[i]
            if not ch.isspace():
                original = raw[doc.offsets.to_raw(i)]
                assert original == ch or _LOOKALIKES.get(original) == ch, (i, ch, original)
        prev = 0
        for s, e in doc.sentences:
            assert prev <= s < e <= len(text), (s, e)
            prev = e
        for d in doc.dates:
            assert d.start == -1 or 0 <= d.start <= d.end <= len(text), (d.start, d.end)
        for pm in doc.places:
            assert 0 <= pm.start < pm.end <= len(text) and text[pm.start:pm.end] == pm.text
            a, b = doc.raw_span(pm.start, pm.end)
            assert 0 <= a <= b <= len(raw)


def save_finding(data: bytes, suffix: str, err: str) -> Path:
    FINDINGS.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(data + suffix.encode()).hexdigest()[:12]
    path = FINDINGS / f"crash-{digest}{suffix or '.noext'}"
    path.write_bytes(data)
    path.with_name(path.name + ".txt").write_text(err, encoding="utf-8")
    return path


# -- the mutation engine ----------------------------------------------------------------------

def starting_corpus() -> list[tuple[bytes, str]]:
    out: list[tuple[bytes, str]] = []
    for p in sorted((ROOT / "tests" / "fixtures").rglob("*")):
        if p.is_file():
            out.append((p.read_bytes(), p.suffix))
    for p in sorted((ROOT / "samples" / "seeds").glob("*.txt")):
        out.append((p.read_bytes(), ".txt"))
    try:
        from test_bad_input import write_corpus
        tmp = Path(tempfile.mkdtemp(prefix="eventwire-fuzz-corpus-"))
        write_corpus(tmp, huge=False, depth=300)
        for p in sorted(tmp.rglob("*")):
            if p.is_file() and not p.is_symlink():
                out.append((p.read_bytes()[:200_000], p.suffix))
        shutil.rmtree(tmp, ignore_errors=True)
    except Exception:  # the tests folder is a bonus, not a need
        pass
    return out or [(b"Rockets hit Homs on Monday, killing 3 people.", ".txt")]


def mutate(rnd: random.Random, data: bytes, corpus: list[tuple[bytes, str]]) -> bytes:
    for _ in range(rnd.randint(1, 4)):
        op = rnd.randrange(10)
        n = len(data)
        if op == 0 and n:  # flip bytes
            b = bytearray(data)
            for _ in range(rnd.randint(1, 8)):
                b[rnd.randrange(n)] = rnd.randrange(256)
            data = bytes(b)
        elif op == 1 and n:  # truncate
            data = data[:rnd.randrange(n)]
        elif op == 2:  # splice with another input
            other = rnd.choice(corpus)[0]
            data = data[:rnd.randint(0, n)] + other[rnd.randint(0, len(other)):]
        elif op == 3 and n:  # repeat a chunk
            a = rnd.randrange(n)
            chunk = data[a:a + rnd.randint(1, 200)]
            data = data[:a] + chunk * rnd.randint(2, 500) + data[a:]
        elif op == 4:  # insert tricks
            text = data.decode("utf-8", "replace")
            for _ in range(rnd.randint(1, 10)):
                i = rnd.randint(0, len(text))
                text = text[:i] + rnd.choice(TRICKS) + text[i:]
            data = text.encode("utf-8", "surrogatepass")
        elif op == 5:  # re-encode
            text = data.decode("utf-8", "replace")
            enc = rnd.choice(["cp1256", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "utf-32", "utf-8-sig"])
            data = text.encode(enc, "replace")
        elif op == 6:  # wrap in HTML
            tag = rnd.choice(["div", "p", "span", "article", "table", "td"])
            depth = rnd.choice([1, 3, 50, 300, 3000])
            body = data.decode("utf-8", "replace")
            data = (f"<html><head><meta charset='{rnd.choice(['utf-8', 'windows-1256', 'bogus'])}'></head><body>"
                    + f"<{tag}>" * depth + body + f"</{tag}>" * rnd.choice([0, depth]) + "</body></html>").encode()
        elif op == 7:  # wrap in JSON Lines, maybe cut off
            text = data.decode("utf-8", "replace")
            line = json.dumps({"id": rnd.choice([1, "x", None]), rnd.choice(["text", "html", "body"]): text,
                               "published": rnd.choice(["2023-03-24", "yesterday", 7, None])})
            data = (line + "\n") * rnd.randint(1, 3)
            data = data.encode()[:rnd.randint(1, len(data) + 1)] if rnd.random() < 0.3 else data.encode()
        elif op == 8:  # random bytes
            data = bytes(rnd.randrange(256) for _ in range(rnd.randint(0, 2000)))
        elif op == 9 and n:  # duplicate lines
            lines = data.split(b"\n")
            data = b"\n".join(lines + rnd.choices(lines, k=rnd.randint(1, 50)))
    return data[:1_000_000]


def run_mutate(target: Target, seconds: float, runs: int, seed: int) -> tuple[int, list[str]]:
    rnd = random.Random(seed)
    corpus = starting_corpus()
    found: list[str] = []
    deadline = time.monotonic() + seconds
    n = 0
    while (runs and n < runs) or (not runs and time.monotonic() < deadline):
        data, suffix = rnd.choice(corpus)
        data = mutate(rnd, data, corpus)
        suffix = suffix if rnd.random() < 0.7 else rnd.choice(SUFFIXES)
        n += 1
        try:
            target(data, suffix)
        except Exception:
            found.append(f"{save_finding(data, suffix, traceback.format_exc())}")
            print(f"finding #{len(found)} at input {n}: {found[-1]}", flush=True)
    return n, found


# -- the hypothesis engine ----------------------------------------------------------------------

def run_hypothesis(target: Target, runs: int) -> tuple[int, list[str]]:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st
    count = [0]
    pieces = st.sampled_from([t.encode("utf-8", "surrogatepass") for t in TRICKS] +
                             [b"Rockets hit Homs on 6 March 2023, killing 3 people. ", b"<p>", b"{\"text\": \""])
    data = st.lists(st.binary(max_size=64) | pieces, max_size=60).map(b"".join)

    @settings(max_examples=runs, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data, st.sampled_from(SUFFIXES))
    def fuzz(data, suffix):
        count[0] += 1
        target(data, suffix)
    try:
        fuzz()
    except Exception:
        return count[0], [traceback.format_exc()]
    return count[0], []


# -- the atheris engine -------------------------------------------------------------------------

def run_atheris(target: Target, argv: list[str]) -> None:
    import atheris  # optional: pip install atheris

    def one_input(data: bytes) -> None:
        if not data:
            return
        target(data[1:], SUFFIXES[data[0] % len(SUFFIXES)])
    # libFuzzer starts from the same corpus as the mutation engine (first byte: the suffix)
    seeds = target.folder / "atheris-corpus"
    seeds.mkdir()
    for i, (data, suffix) in enumerate(starting_corpus()):
        (seeds / f"{i:04d}").write_bytes(bytes([SUFFIXES.index(suffix) if suffix in SUFFIXES else 0]) + data[:50_000])
    atheris.instrument_all()  # coverage of eventwire and the libraries it reads with
    atheris.Setup([sys.argv[0], *argv, str(seeds)], one_input)
    atheris.Fuzz()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--engine", choices=["mutate", "hypothesis", "atheris"], default="mutate")
    ap.add_argument("--seconds", type=float, default=60, help="how long the mutation engine runs")
    ap.add_argument("--runs", type=int, default=0, help="how many inputs (instead of --seconds)")
    ap.add_argument("--seed", type=int, default=int(dt.date.today().strftime("%Y%m%d")))
    ap.add_argument("rest", nargs="*", help="after --: arguments for libFuzzer (atheris)")
    args = ap.parse_args()
    import logging
    logging.disable(logging.CRITICAL)  # the extractors' own warnings are not findings
    target = Target()
    t0 = time.monotonic()
    if args.engine == "atheris":
        run_atheris(target, args.rest)
        return 0
    if args.engine == "hypothesis":
        n, found = run_hypothesis(target, args.runs or 2000)
    else:
        n, found = run_mutate(target, args.seconds, args.runs, args.seed)
    took = time.monotonic() - t0
    print(f"{args.engine}: {n} inputs in {took:.0f} s ({n / max(took, 1e-9):.0f}/s), seed {args.seed}: "
          f"{len(found)} findings" + (f", saved in {FINDINGS}" if found and args.engine == 'mutate' else ""))
    for f in found[:5]:
        print(f)
    shutil.rmtree(target.folder, ignore_errors=True)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
