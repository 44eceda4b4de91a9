"""The shipped event type model: the types users rely on, determinism, offline loading, the hierarchy."""
from __future__ import annotations

import json
import math
import subprocess
import sys
from importlib import resources

import pytest

from eventwire.classify import HIERARCHY, PARENT, TypeModel, features, stem, tokens

EVR = "Explosions/Remote violence"
VAC = "Violence against civilians"


@pytest.fixture(scope="module")
def model() -> TypeModel:
    return TypeModel.default()


@pytest.mark.parametrize("text, event_type, sub_event_type", [
    ("Protesters gathered outside parliament demanding wages", "Protests", "Peaceful protest"),
    ("Regime forces shelled the town, killing two civilians", EVR, "Shelling/artillery/missile attack"),
    ("A missile struck the gas field where coalition forces are stationed", EVR,
     "Shelling/artillery/missile attack"),
    ("US drone strike killed two militants", EVR, "Air/drone strike"),
    ("clashes between the army and Taliban fighters", "Battles", "Armed clash"),
    ("gunmen abducted a journalist", VAC, "Abduction/forced disappearance"),
    ("an IED exploded near a police vehicle", EVR, "Remote explosive/landmine/IED"),
])
def test_types_users_rely_on(model, text, event_type, sub_event_type):
    p = model.predict(text)
    assert (p.event_type, p.sub_event_type) == (event_type, sub_event_type), p


OWN_SENTENCES = [
    "Protesters gathered outside parliament demanding wages",
    "Police fired tear gas at students marching against the new fees",
    "A crowd set fire to the police station after a boy was shot",
    "Two rebel factions signed a ceasefire in the northern province",
    "Security forces arrested five suspected smugglers at the border crossing",
    "A car bomb detonated at a busy market; a suicide bomber was seen",
    "Warplanes bombed a village, killing 7 people including children",
    "Soldiers defused a roadside bomb found under a bridge",
    "Militants seized control of the district centre after the army withdrew",
    "Armed men raped a woman in the camp",
    "",
    "!!! 123 ...",
    "zzzz qqqq unknownword",
]


def test_sub_type_always_belongs_to_type(model):
    for text in OWN_SENTENCES:
        p = model.predict(text)
        assert p.event_type in HIERARCHY
        assert PARENT[p.sub_event_type] == p.event_type
        assert set(p.sub_probs) <= set(HIERARCHY[p.event_type])
        assert math.isclose(sum(p.sub_probs.values()), 1.0, rel_tol=1e-9)
        assert math.isclose(sum(p.type_probs.values()), 1.0, rel_tol=1e-9)
        assert p.event_type_p == max(p.type_probs.values())
        assert p.sub_event_type_p == max(p.sub_probs.values())


def test_prediction_is_deterministic(model):
    first = [model.predict(t) for t in OWN_SENTENCES]
    again = [model.predict(t) for t in OWN_SENTENCES]
    spec = json.loads(resources.files("eventwire").joinpath("data/type_model.json").read_text("utf-8"))
    fresh = [TypeModel(spec).predict(t) for t in OWN_SENTENCES]
    assert first == again == fresh
    assert TypeModel.default() is model


def test_model_loads_and_predicts_offline_without_numpy_or_sklearn():
    code = (
        "import socket, sys\n"
        "def refuse(*a, **k): raise OSError('network used')\n"
        "socket.socket = refuse; socket.create_connection = refuse; socket.getaddrinfo = refuse\n"
        "from eventwire.classify import TypeModel\n"
        "p = TypeModel.default().predict('an IED exploded near a police vehicle')\n"
        "assert 'numpy' not in sys.modules and 'sklearn' not in sys.modules, 'heavy import'\n"
        "print(p.event_type)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == EVR


def test_shipped_model_is_small_and_holds_only_words_and_word_pairs():
    path = resources.files("eventwire").joinpath("data/type_model.json")
    raw = path.read_bytes()
    assert len(raw) < 3_000_000
    spec = json.loads(raw)
    for head in spec["heads"].values():
        for feat in head["weights"]:
            assert feat.startswith("#") or len(feat.split(" ")) <= 2, feat
    assert "ACLED" in spec["meta"]["trained_on"]  # attribution travels with the weights


def test_opening_words_and_heading_are_features_of_their_own():
    text = "Property destruction: gunmen burned 2 cars"
    assert features(text, pairs=False, lead=2, heading=True) == [
        "property", "destruction", "gunmen", "burned", "<num>", "cars",
        "^property", "^destruction", "heading:property", "heading:destruction"]
    # a clock time, a date or a colon late in the text is no heading
    for text in ("At 10:30 a bomb exploded", "On 9 May 2020, protesters said: enough", "Shelling: " + "x " * 3):
        heads = [f for f in features(text, pairs=False, heading=True) if f.startswith("heading:")]
        assert heads == (["heading:shelling"] if text.startswith("Shelling") else []), text
    assert features("", lead=2, heading=True) == []


def test_word_forms_share_a_stem():
    assert {stem(w) for w in ("shelling", "shells", "shell")} == {"shell"}
    assert {stem(w) for w in ("clashes", "clash")} == {"clash"}
    assert stem("attacked") == "attacked" != stem("attacks")  # a past tense keeps its own stem
    assert stem("airstrikes") == stem("airstrike")
    assert stem("bus") == "bus"  # too short to cut
    assert features("IS shelled 3 posts", pairs=False, stems=True) == [
        "is", "shelled", "<num>", "posts", "~shelled", "~post"]


def test_the_shipped_model_reads_the_features_it_was_trained_on():
    spec = json.loads(resources.files("eventwire").joinpath("data/type_model.json").read_text("utf-8"))
    words = spec["heads"]["event_type"]["weights"]
    for kind, prefix in (("lead", "^"), ("heading", "heading:"), ("stems", "~")):
        if spec["features"].get(kind):
            assert any(f.startswith(prefix) for f in words), kind


def test_features_fold_case_and_numbers():
    assert tokens("On 9 May 2020, 1,200 Protesters in Dar'a") == [
        "on", "<num>", "may", "<num>", "<num>", "protesters", "in", "dara"]
    assert features("Shelling killed 3 people, 3 hurt") == [
        "shelling", "killed", "<num>", "people", "hurt",
        "shelling killed", "killed <num>", "<num> people", "people <num>", "<num> hurt"]
    assert features("Shelling killed 3 people", pairs=False) == ["shelling", "killed", "<num>", "people"]


def test_a_model_file_of_another_kind_is_refused():
    with pytest.raises(ValueError, match="not an eventwire type model"):
        TypeModel({"format": "something-else", "heads": {}})


def test_a_model_without_sub_type_head_gives_no_sub_type():
    spec = {"format": "eventwire-type-model/1", "features": {"pairs": True, "counts": True},
            "heads": {"event_type": {"classes": ["Battles", "Protests"], "bias": [0.0, 0.0],
                                     "weights": {"protest": [1, 2.0], "clashes": [0, 2.0]}}}}
    p = TypeModel(spec).predict("a protest")
    assert p.event_type == "Protests" and p.sub_event_type is None and p.sub_probs == {}
    assert p.event_type_p == pytest.approx(math.exp(2) / (1 + math.exp(2)))


def test_a_type_with_one_known_sub_type_gets_it_with_certainty():
    spec = {"format": "eventwire-type-model/1", "features": {"pairs": False},
            "heads": {"event_type": {"classes": ["Battles", "Riots"], "bias": [1.0, 0.0], "weights": {}},
                      "sub_event_type": {"classes": ["Armed clash", "Mob violence", "Violent demonstration"],
                                         "bias": [0.0, 0.0, 0.0], "weights": {"mob": [1, 3.0]}}}}
    model = TypeModel(spec)
    p = model.predict("fighting")
    assert (p.event_type, p.sub_event_type, p.sub_event_type_p) == ("Battles", "Armed clash", 1.0)
    spec["heads"]["event_type"]["bias"] = [0.0, 1.0]
    p = TypeModel(spec).predict("a mob")
    assert p.sub_event_type == "Mob violence" and set(p.sub_probs) == {"Mob violence", "Violent demonstration"}


def test_a_type_model_file_that_cannot_be_read_stops_the_pipeline_before_any_document(tmp_path):
    from eventwire.errors import PipelineError
    from eventwire.pipeline import Pipeline
    from eventwire.settings import Settings
    bad = tmp_path / "model.json"
    bad.write_text('{"format": "something else"}', encoding="utf-8")
    for path, reason in ((bad, "not an eventwire type model"), (tmp_path / "missing.json", "No such file")):
        with pytest.raises(PipelineError) as err:
            Pipeline(settings=Settings.load({"type_model": str(path)}))
        assert str(path) in str(err.value) and reason in str(err.value)


def test_the_events_stage_holds_its_type_model_from_the_start():
    from eventwire.pipeline import Pipeline
    from eventwire.stages import events
    saved, TypeModel._default = TypeModel._default, None
    try:
        Pipeline()
        assert TypeModel._default is not None and events._model("") is TypeModel._default
    finally:
        TypeModel._default = saved or TypeModel._default
