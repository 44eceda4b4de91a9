"""Shared fixtures: the seed articles (real text) and a helper that runs the pipeline on a string."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "samples" / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def pipeline():
    from eventwire.pipeline import Pipeline
    return Pipeline()


@pytest.fixture(scope="session")
def seed_events(pipeline):
    """Event records of the two seed articles, by document."""
    out: dict[str, list[dict]] = {}
    for r in pipeline.run([str(SEEDS)]):
        assert r.skipped is None, r.skipped
        out[r.doc.doc_id] = [e.to_dict() for e in r.events]
    return out


@pytest.fixture
def run_text(pipeline):
    """Run the whole pipeline on one text; returns the event records."""
    from eventwire.model import Document

    def run(text: str, published: str | None = "2023-03-24", source: str | None = None, doc_id: str = "t.txt"):
        doc = Document(doc_id=doc_id, raw=text, origin=doc_id, source=source,
                       published=dt.date.fromisoformat(published) if published else None,
                       published_from="manifest" if published else None)
        result = pipeline.process(doc)
        assert result.skipped is None, result.skipped
        return [e.to_dict() for e in result.events]
    return run
