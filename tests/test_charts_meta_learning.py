"""What the meta-learning chapter's charts contain, plus its live control and answer checks."""
from __future__ import annotations

import json
import math
import statistics
import time

import numpy as np
import pandas as pd
import pytest

from scaling_lib import exercises, meta_learning, widgets
from scaling_lib.charts import meta_learning as ml
from scaling_lib.charts import render
from tests.spec_tools import filters, rows_with, walk


@pytest.fixture(scope="module")
def tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The page's ``grid`` and ``table``, rebuilt from the library's scenes (same draws as the page)."""
    frames = []
    for kind, top in meta_learning.SHIFT_RANGES.items():
        strengths = np.linspace(0, top, ml.N_LEVELS)
        fixed = meta_learning.shift_scene(kind, strengths, points_per_class=1)[0].groupby("shift_strength").first()
        adapted = meta_learning.shift_scene(kind, strengths, points_per_class=1, adapt_prior=True)[0].groupby("shift_strength").first()
        frames.append(pd.DataFrame({"shift_kind": kind, "shift_strength": strengths, "test_accuracy": fixed.test_accuracy.to_numpy(),
                                    "accuracy_adapted": adapted.test_accuracy.to_numpy()}))
    grid = pd.concat(frames, ignore_index=True)
    base = grid.test_accuracy.iloc[0]
    grid["accuracy_drop"] = base - grid.test_accuracy
    grid["relative_accuracy_drop"] = grid.accuracy_drop / base
    grid["accuracy_fixed"] = grid.test_accuracy
    return grid, grid


@pytest.fixture(scope="module")
def explorer():
    return ml.shift_explorer().to_dict()


def test_explorer_has_a_menu_and_a_slider_that_select_precomputed_rows(explorer):
    params = {p["name"]: p for p in explorer["params"]}
    assert set(params) == {"shift_kind", "shift_level"}
    assert params["shift_kind"]["bind"]["options"] == list(meta_learning.SHIFT_KINDS)
    bind = params["shift_level"]["bind"]
    assert bind["input"] == "range" and (bind["min"], bind["max"], bind["step"]) == (0, ml.N_LEVELS - 1, 1)
    found = filters(explorer)
    assert any("datum.shift_kind" in f and "shift_kind" in f for f in found)
    assert any("datum.level" in f and "shift_level" in f for f in found)
    counts = pd.DataFrame(rows_with(explorer, "verdict")).groupby(["shift_kind", "level"]).size()
    assert len(counts) == len(meta_learning.SHIFT_KINDS) * ml.N_LEVELS and set(counts) == {60}
    assert len(json.dumps(explorer)) < 500_000, "keep the page small"


def test_explorer_labels_carry_the_accuracy_on_all_test_points(explorer, tables):
    grid, _ = tables
    labels = pd.DataFrame(rows_with(explorer, "label"))
    assert len(labels) == len(meta_learning.SHIFT_KINDS) * ml.N_LEVELS
    end = grid[(grid.shift_kind == "rotation") & (grid.shift_strength == 90)].test_accuracy.iloc[0]
    label = labels[(labels.shift_kind == "rotation") & (labels.level == ml.N_LEVELS - 1)].label.iloc[0]
    assert "90°" in label and f"{end:.1%}" in label
    assert f"{grid.test_accuracy.iloc[0]:.1%}" in explorer["description"]
    with pytest.raises(ValueError, match="kind_start"):
        ml.shift_explorer(kind_start="spin")
    with pytest.raises(ValueError, match="level_start"):
        ml.shift_explorer(level_start=11)


def test_accuracy_curves_have_one_panel_per_kind_with_units(tables):
    grid, _ = tables
    spec = ml.accuracy_curves_chart(grid).to_dict()
    titles = [d["title"] for d in walk(spec) if isinstance(d.get("title"), str)]
    assert {"Rotation", "Translation", "Class balance", "Noise"} <= set(titles)
    axis_titles = [d["title"] for d in walk(spec) if d.get("field") == "shift_strength" and "title" in d and "Rotation" in str(d["title"])]
    assert axis_titles == ["Rotation of the test inputs (degrees)"]
    rows = [row for d in spec["datasets"].values() for row in d]
    end = grid[(grid.shift_kind == "rotation") & (grid.shift_strength == 90)].test_accuracy.iloc[0]
    assert [row["accuracy_percent"] for row in rows if row["shift_strength"] == 90.0] == [pytest.approx(100 * end, abs=0.01)]
    assert f"{end:.1%}" in spec["description"]
    with pytest.raises(ValueError, match="missing columns"):
        ml.accuracy_curves_chart(grid.drop(columns="test_accuracy"))
    with pytest.raises(ValueError, match="every kind"):
        ml.accuracy_curves_chart(grid[grid.shift_kind == "rotation"])


def test_adaptation_chart_shows_both_rules(tables):
    _, table = tables
    spec = ml.adaptation_chart(table).to_dict()
    rows = [row for d in spec["datasets"].values() for row in d]
    assert {row["rule"] for row in rows} == {"fixed rule", "prior re-estimated (EM)"}
    balance = table[table.shift_kind == "class_balance"].iloc[-1]
    assert f"{balance.accuracy_adapted:.1%} against {balance.accuracy_fixed:.1%}" in spec["description"]
    dashed = [d["encoding"]["strokeDash"]["field"] for d in walk(spec) if "strokeDash" in d.get("encoding", {})]
    assert dashed and set(dashed) == {"rule"}
    with pytest.raises(ValueError, match="missing columns"):
        ml.adaptation_chart(table.drop(columns="accuracy_adapted"))


def test_real_world_chart_has_the_sourced_ranges_and_a_toy_slider(tables):
    grid, _ = tables
    spec = ml.real_world_chart(grid).to_dict()
    param = spec["params"][0]
    assert param["name"] == "toy_level" and param["bind"]["input"] == "range" and param["value"] == ml.N_LEVELS - 1
    rows = pd.DataFrame(rows_with(spec, "measure"))
    measured = rows[rows.level == -1].set_index("row")
    assert tuple(measured.loc["ImageNetV2 (Recht et al.)", ["low", "high", "measure"]]) == (11.0, 14.0, "absolute")
    assert tuple(measured.loc["CIFAR-10.1 (Recht et al.)", ["low", "high", "measure"]]) == (3.0, 15.0, "absolute")
    assert tuple(measured.loc["ObjectNet (Barbu et al.)", ["low", "high", "measure"]]) == (40.0, 45.0, "relative")
    end = grid[(grid.shift_kind == "rotation") & (grid.shift_strength == 90)].iloc[0]
    toy = rows[(rows.level == ml.N_LEVELS - 1) & (rows.row == "toy: rotation")].set_index("measure").low
    assert toy["relative"] == pytest.approx(100 * end.relative_accuracy_drop, abs=0.01)
    assert toy["absolute"] == pytest.approx(100 * end.accuracy_drop, abs=0.01)
    assert any("datum.level" in f and "toy_level" in f for f in filters(spec))
    with pytest.raises(ValueError, match="level_start"):
        ml.real_world_chart(grid, level_start=20)


@pytest.mark.parametrize("kind, strength", [("rotation", 135.0), ("class_balance", 0.6), ("noise", 4.4)])
def test_live_scatter_for_any_strength(kind, strength):
    spec = ml.shift_scatter(kind, strength).to_dict()
    assert len(rows_with(spec, "verdict")) == 80
    fixed = meta_learning.shift_scene(kind, [strength])[0].test_accuracy.iloc[0]
    assert f"{fixed:.1%}" in spec["title"]["subtitle"] and spec["description"]
    adapted_spec = ml.shift_scatter(kind, strength, adapt_prior=True).to_dict()
    adapted = meta_learning.shift_scene(kind, [strength], adapt_prior=True)[0].test_accuracy.iloc[0]
    assert f"{adapted:.1%}" in adapted_spec["title"]["subtitle"]


def test_live_scatter_refuses_bad_input():
    with pytest.raises(ValueError, match="shift_strength"):
        ml.shift_scatter("rotation", 200.0)
    with pytest.raises(ValueError, match="kind"):
        ml.shift_scatter("spin", 1.0)
    with pytest.raises(TypeError, match="adapt_prior"):
        ml.shift_scatter("noise", 1.0, adapt_prior="yes")


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
    assert "Class balance" in control.update(adapt_prior=True).to_dict()["title"]["text"]


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


def test_answer_checks_agree_with_the_library_and_refuse_wrong_answers(tables):
    grid, table = tables
    rotation = 100 * (grid.test_accuracy.iloc[0] - meta_learning.shift_scene("rotation", [45.0])[0].test_accuracy.iloc[0])
    assert exercises.check("meta-rotation", rotation).correct
    wrong = exercises.check("meta-rotation", rotation / 100)  # a fraction, not points
    assert not wrong.correct and "Hint" in wrong.message and "too low" in wrong.message

    fixed, adapted = (meta_learning.shift_scene("class_balance", [0.56], adapt_prior=a)[0] for a in (False, True))
    gain = 100 * (adapted.test_accuracy.iloc[0] - fixed.test_accuracy.iloc[0])
    assert exercises.check("meta-em-gain", gain).correct and 9 < gain < 13
    assert not exercises.check("meta-em-gain", 2 * gain).correct

    converged = adapted.assumed_class1_share.iloc[0]
    three_steps = exercises._expected("meta-em-iterations")
    assert converged < three_steps < 0.7 and not exercises.check("meta-em-iterations", converged).correct

    default_gain = 100 * (table.accuracy_adapted - table.accuracy_fixed)[(table.shift_kind == "class_balance") & np.isclose(table.shift_strength, 0.35)].iloc[0]
    harder = exercises._expected("meta-separation")
    assert harder > 2 * default_gain  # overlapping classes lean harder on the prior
    wrong = exercises.check("meta-separation", default_gain)
    assert not wrong.correct and "separation" in wrong.message
    assert not exercises.check("meta-separation", float("nan")).correct
