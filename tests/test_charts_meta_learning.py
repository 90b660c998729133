"""What the meta-learning chapter's charts contain, plus its live control and answer checks."""
from __future__ import annotations

import json
import math
import statistics
import time

import numpy as np
import pytest

from scaling_lib import exercises, widgets
from scaling_lib.charts import meta_learning as ml
from scaling_lib.charts import render
from scaling_lib.simulations import adaptation, shift
from tests.spec_tools import walk, rows_with, filters


@pytest.fixture(scope="module")
def explorer():
    return ml.shift_explorer().to_dict()


def test_explorer_has_a_menu_and_a_slider_that_select_precomputed_rows(explorer):
    params = {p["name"]: p for p in explorer["params"]}
    assert set(params) == {"shift_kind", "shift_level"}
    assert params["shift_kind"]["bind"]["input"] == "select"
    assert params["shift_kind"]["bind"]["options"] == list(shift.SHIFT_KINDS)
    bind = params["shift_level"]["bind"]
    assert bind["input"] == "range" and (bind["min"], bind["max"], bind["step"]) == (0, ml.N_LEVELS - 1, 1)
    found = filters(explorer)
    assert any("shift_kind" in f and "datum.shift_kind" in f for f in found)
    assert any("datum.level" in f and "shift_level" in f for f in found)
    points = rows_with(explorer, "verdict")
    # every (kind, level) pair has the same number of points: 60 by default
    counts = {}
    for row in points:
        counts[(row["shift_kind"], row["level"])] = counts.get((row["shift_kind"], row["level"]), 0) + 1
    assert set(counts) == {(k, level) for k in shift.SHIFT_KINDS for level in range(ml.N_LEVELS)}
    assert set(counts.values()) == {60}
    assert len(json.dumps(explorer)) < 500_000, "keep the page small"


def test_explorer_labels_carry_the_library_accuracy(explorer):
    labels = rows_with(explorer, "label")
    grid = shift.shift_grid(n_strengths=ml.N_LEVELS)
    at_end = grid[(grid.shift_kind == "rotation") & (grid.shift_strength == 90)].test_accuracy.iloc[0]
    label = next(row["label"] for row in labels if row["shift_kind"] == "rotation" and row["level"] == ml.N_LEVELS - 1)
    assert "90°" in label and f"{at_end:.1%}" in label
    assert len(labels) == len(shift.SHIFT_KINDS) * ml.N_LEVELS
    # points carry the library's classification
    sample = adaptation.shift_test_sample("translation", [1.5], points_per_class=30)
    points = [row for row in rows_with(explorer, "verdict") if row["shift_kind"] == "translation" and row["level"] == 5]
    assert sum(row["verdict"] == "right" for row in points) == int(sample.correct.sum())
    assert explorer["title"]["text"] and "90.6%" in explorer["description"]


def test_explorer_refuses_bad_start_values():
    with pytest.raises(ValueError, match="kind_start"):
        ml.shift_explorer(kind_start="spin")
    with pytest.raises(ValueError, match="level_start"):
        ml.shift_explorer(level_start=11)


def test_accuracy_curves_have_one_panel_per_kind_with_units():
    spec = ml.accuracy_curves_chart().to_dict()
    titles = [d["title"] for d in walk(spec) if isinstance(d.get("title"), str)]
    for kind in shift.SHIFT_KINDS:
        assert ml.KIND_LABELS[kind].capitalize() in titles
    axis_titles = [d["title"] for d in walk(spec) if d.get("field") == "shift_strength" and "axis" in d]
    assert "Rotation of the test inputs (degrees)" in axis_titles and len(axis_titles) == 4
    rows = [row for d in spec["datasets"].values() for row in d]
    grid = shift.shift_grid(n_strengths=ml.N_LEVELS)
    expected = grid.set_index(["shift_kind", "shift_strength"]).test_accuracy
    rotation_end = [row["accuracy_percent"] for row in rows if row["shift_strength"] == 90.0]
    assert rotation_end == [pytest.approx(100 * expected[("rotation", 90.0)], abs=0.01)]
    assert "90.6%" in spec["description"] and "57.2%" in spec["description"]
    with pytest.raises(ValueError, match="missing columns"):
        ml.accuracy_curves_chart(grid.drop(columns="test_accuracy"))
    with pytest.raises(ValueError, match="every kind"):
        ml.accuracy_curves_chart(grid[grid.shift_kind == "rotation"])


def test_adaptation_chart_shows_both_rules_and_the_gain():
    table = adaptation.prior_adaptation_grid(n_strengths=ml.N_LEVELS)
    spec = ml.adaptation_chart(table).to_dict()
    rows = [row for d in spec["datasets"].values() for row in d]
    assert {row["rule"] for row in rows} == {"fixed rule", "prior re-estimated (EM)"}
    balance = table[table.shift_kind == "class_balance"]
    end = balance[balance.shift_strength == balance.shift_strength.max()]
    assert f"{end.accuracy_adapted.iloc[0]:.1%}" in spec["description"]
    dashed = [d["encoding"]["strokeDash"]["field"] for d in walk(spec) if "strokeDash" in d.get("encoding", {})]
    assert dashed and set(dashed) == {"rule"}
    with pytest.raises(ValueError, match="missing columns"):
        ml.adaptation_chart(table.drop(columns="accuracy_adapted"))


def test_real_world_chart_has_the_sourced_ranges_and_a_toy_slider():
    spec = ml.real_world_chart().to_dict()
    param = spec["params"][0]
    assert param["name"] == "toy_level" and param["bind"]["input"] == "range" and param["value"] == ml.N_LEVELS - 1
    rows = rows_with(spec, "measure")
    measured = {row["row"]: (row["low"], row["high"], row["measure"]) for row in rows if row["level"] == -1}
    assert measured["ImageNetV2 (Recht et al.)"] == (11.0, 14.0, "absolute")
    assert measured["CIFAR-10.1 (Recht et al.)"] == (3.0, 15.0, "absolute")
    assert measured["ObjectNet (Barbu et al.)"] == (40.0, 45.0, "relative")
    grid = shift.shift_grid(n_strengths=ml.N_LEVELS)
    rotation_end = grid[(grid.shift_kind == "rotation") & (grid.shift_strength == 90)].iloc[0]
    toy = {(row["row"], row["measure"]): row["low"] for row in rows if row["level"] == ml.N_LEVELS - 1}
    assert toy[("toy: rotation", "relative")] == pytest.approx(100 * rotation_end.relative_accuracy_drop, abs=0.01)
    assert toy[("toy: rotation", "absolute")] == pytest.approx(100 * rotation_end.accuracy_drop, abs=0.01)
    assert any("datum.level" in f and "toy_level" in f for f in filters(spec))
    assert "ObjectNet" in spec["description"] and "11 to 14" in spec["description"]
    with pytest.raises(ValueError, match="level_start"):
        ml.real_world_chart(level_start=20)


@pytest.mark.parametrize("kind, strength", [("rotation", 135.0), ("class_balance", 0.6), ("noise", 4.4)])
def test_live_scatter_for_any_strength(kind, strength):
    spec = ml.shift_scatter(kind, strength).to_dict()
    points = rows_with(spec, "verdict")
    assert len(points) == 80
    fixed = shift.shift_accuracy_curve([strength], kind=kind).test_accuracy.iloc[0]
    assert f"{fixed:.1%}" in spec["title"]["subtitle"] and spec["description"]
    adapted_spec = ml.shift_scatter(kind, strength, adapt_prior=True).to_dict()
    adapted = adaptation.prior_adaptation_curve([strength], kind=kind).accuracy_adapted.iloc[0]
    assert f"{adapted:.1%}" in adapted_spec["title"]["subtitle"]
    with pytest.raises(TypeError, match="adapt_prior"):
        ml.shift_scatter(kind, strength, adapt_prior="yes")


def test_live_scatter_refuses_bad_strengths():
    with pytest.raises(ValueError, match="shift_strengths"):
        ml.shift_scatter("rotation", 200.0)
    with pytest.raises(ValueError, match="kind"):
        ml.shift_scatter("spin", 1.0)


# ----------------------------------------------------------------------------- live control


def test_shift_widget_is_a_note_on_the_site_and_live_in_a_notebook(monkeypatch):
    monkeypatch.setenv(render.TARGET_VARIABLE, "site")
    assert isinstance(widgets.shift_widget(), widgets.LiveOnlyNote)
    monkeypatch.setenv(render.TARGET_VARIABLE, "notebook")
    control = widgets.shift_widget()
    assert isinstance(control, widgets.LiveControl)
    control.controls["shift_strength"].value = 150.0
    control.controls["kind"].value = "class_balance"  # the slider's range follows the kind
    assert control.controls["shift_strength"].max == pytest.approx(0.7)
    assert control.values()["shift_strength"] == pytest.approx(0.7)
    spec = control.update(adapt_prior=True).to_dict()
    assert "Class balance" in spec["title"]["text"]


def test_shift_widget_updates_fast(monkeypatch):
    from scaling_lib.widgets.meta_learning import BENCHMARK_INPUTS

    monkeypatch.setenv(render.TARGET_VARIABLE, "notebook")
    control = widgets.shift_widget()
    control.update(**BENCHMARK_INPUTS["shift_widget"][0]).to_dict()  # warm-up: imports, caches
    timings = []
    for values in BENCHMARK_INPUTS["shift_widget"]:
        best = math.inf
        for _ in range(3):  # best of three, so a busy machine does not fail the test
            start = time.perf_counter()
            control.update(**values).to_dict()
            best = min(best, time.perf_counter() - start)
        timings.append(best)
    assert statistics.median(timings) < 0.2


# ----------------------------------------------------------------------------- answer checks


def test_answer_checks_accept_the_right_answer_and_hint_on_a_wrong_one():
    rotation = 100 * shift.shift_accuracy_curve([45.0], kind="rotation").accuracy_drop.iloc[0]
    assert exercises.check("meta-rotation", rotation).correct
    wrong = exercises.check("meta-rotation", rotation / 100)  # a fraction, not points
    assert not wrong.correct and "Hint" in wrong.message and "too low" in wrong.message

    gain = 100 * adaptation.prior_adaptation_curve([0.56], kind="class_balance").accuracy_gain.iloc[0]
    assert exercises.check("meta-em-gain", gain).correct
    assert 9 < gain < 13
    assert not exercises.check("meta-em-gain", 2 * gain).correct

    harder = 100 * adaptation.prior_adaptation_curve([0.35], kind="class_balance", class_separation=1.5).accuracy_gain.iloc[0]
    default = 100 * adaptation.prior_adaptation_curve([0.35], kind="class_balance").accuracy_gain.iloc[0]
    assert harder > 2 * default  # overlapping classes lean harder on the prior
    assert exercises.check("meta-separation", harder).correct
    wrong = exercises.check("meta-separation", default)
    assert not wrong.correct and "class_separation" in wrong.message
    assert not exercises.check("meta-separation", float("nan")).correct
