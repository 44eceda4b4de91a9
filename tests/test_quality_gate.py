"""Quality gate: a few hundred real ACLED dev rows per file, floors pinned in
quality_floors.json; a drop below any floor fails CI.

The rows are read from ../shared at test time (ACLED's terms: never copied into the
project). Floors are the figures measured when they were last raised, less a margin of
0.02 for noise-free drift; raise them when quality improves (command in the file).
"""
import json
from pathlib import Path

import pytest

from conftest import SHARED

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text())


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FLOORS["files"]))
def test_acled_figures_stay_above_their_floors(name):
    path = SHARED / "corpus" / "acled-dev" / name
    if not path.exists():
        pytest.skip(f"{path} is not beside the repo")
    from eventwire.evaluate import acled_documents, score_acled
    from eventwire.model import Document
    from eventwire.pipeline import Pipeline
    import datetime as dt
    pipeline = Pipeline()
    limit = FLOORS["rows_per_file"]
    docs = (Document(doc_id=d["id"], raw=d["text"], published=dt.date.fromisoformat(d["published"]))
            for d in acled_documents(path, limit))
    records = (e.to_dict() for r in pipeline.process_many(docs) for e in (r.events or []))
    summary = score_acled(path, records, limit).summary
    floors = FLOORS["files"][name]
    below = {k: (summary[k], v) for k, v in floors.items() if summary[k] is None or summary[k] < v}
    assert not below, f"{name}: figure (measured, floor): {below}"
