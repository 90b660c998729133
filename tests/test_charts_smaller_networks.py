"""What the smaller-networks chapter's charts contain, its live controls and its answer checks.

The networks and tables behind the charts are tested with their modules: test_pruning.py
(dense_network, pruned_network, decision_boundary_grid, task_points, training_recipes) and
test_ledger.py (ledger_grid, dominance_table, search_scale_table)."""
import math
import time

import numpy as np
import pandas as pd
import pytest

from scaling_lib import exercises, ledger, widgets
from scaling_lib.charts import render
from scaling_lib.charts import smaller_networks as sn
from scaling_lib.simulations import pruning
from tests.spec_tools import walk, filters

DENSE_TRAINING_FLOP = pruning.training_flop_estimate(6720, 1000, 40)
DENSE_INFERENCE_FLOP = 2.0 * 6720


def datasets(spec):
    return list(spec.get("datasets", {}).values())


def dataset_with(spec, *columns, exact=False):
    """The one embedded dataset whose rows carry all ``columns`` (and no others if ``exact``); the largest if several."""
    found = [
        rows
        for rows in datasets(spec)
        if rows and all(column in rows[0] for column in columns) and (not exact or set(rows[0]) == set(columns))
    ]
    if len(found) > 1:
        found = [max(found, key=len)]
    assert len(found) == 1, f"expected one dataset with {columns}, found {len(found)}"
    return found[0]


def log_scales(spec):
    return [d for d in walk(spec) if isinstance(d.get("scale"), dict) and d["scale"].get("type") == "log"]


@pytest.fixture(scope="module")
def curve():
    return pruning.pruning_curve()


@pytest.fixture(scope="module")
def l1_curve():
    return pruning.pruning_curve(l1_penalty=1e-4)


@pytest.fixture(scope="module")
def boundary():
    return pruning.decision_boundary_grid()


# ----------------------------------------------------------------------------- helpers


def test_flop_text():
    assert sn.flop_text(13_440) == "13,440"
    assert sn.flop_text(1.6128e9) == "1.6 × 10⁹"
    assert sn.flop_text(9.97e20) == "1.0 × 10²¹"
    for bad in (math.nan, math.inf, -1.0):
        with pytest.raises(ValueError, match="value"):
            sn.flop_text(bad)
    with pytest.raises(TypeError, match="value"):
        sn.flop_text("1e9")


# ----------------------------------------------------------------------------- figure 1


def test_pruning_chart_dropdown_selects_sparsity_and_boundary_columns(curve, boundary):
    spec = sn.pruning_chart(curve, boundary, pruning.task_points()).to_dict()
    assert spec["title"]["text"] and "77.3%" in spec["description"] and "98.5%" in spec["description"]
    (param,) = spec["params"]
    assert param["name"] == "weights_removed" and param["bind"]["input"] == "select" and param["value"] == "90%"
    assert param["bind"]["options"] == [pruning.sparsity_label(s) for s in pruning.DEFAULT_SPARSITIES]
    assert any("datum.weights_removed === weights_removed" in f or "datum.weights_removed == weights_removed" in f for f in filters(spec))
    calculations = [d["calculate"] for d in walk(spec) if "calculate" in d]
    assert any("datum['p' + weights_removed]" in c for c in calculations)
    assert any("datum['f' + weights_removed]" in c for c in calculations)
    rows = dataset_with(spec, "method", "test_accuracy", "weights_removed")
    by_key = {(row["weights_removed"], row["method"]): row["test_accuracy"] for row in rows}
    table = curve.set_index(["sparsity", "method"])["test_accuracy"]
    assert by_key[("90%", "pruned")] == table[(0.9, "pruned")]
    assert by_key[("93%", "pruned + fine-tuned")] == table[(0.93, "pruned + fine-tuned")]
    grid = dataset_with(spec, "x", "y", "p90%", "f90%")
    assert len(grid) == len(boundary) and [row["f93%"] for row in grid] == boundary["f93%"].tolist()
    # Every drop-down option has its two boundary columns.
    assert all("p" + option in grid[0] and "f" + option in grid[0] for option in param["bind"]["options"])
    with pytest.raises(ValueError, match="start"):
        sn.pruning_chart(curve, boundary, pruning.task_points(), start="42%")
    with pytest.raises(ValueError, match="boundary"):
        sn.pruning_chart(curve, boundary.drop(columns="p90%"), pruning.task_points())
    with pytest.raises(ValueError, match="missing columns"):
        sn.pruning_chart(curve.drop(columns="test_accuracy"), boundary, pruning.task_points())
    with pytest.raises(TypeError, match="curve"):
        sn.pruning_chart([1, 2], boundary, pruning.task_points())


# ----------------------------------------------------------------------------- figure 2


def test_flop_chart_plots_inference_flop_on_a_log_axis(curve, l1_curve):
    spec = sn.flop_chart(curve, l1_curve).to_dict()
    assert spec["title"]["text"] and "2.22 billion" in spec["description"]
    scales = log_scales(spec)
    assert any(d["field"] == "inference_flop" and d["scale"].get("reverse") for d in scales)
    rows = dataset_with(spec, "method", "inference_flop", "test_accuracy")
    assert {row["method"] for row in rows} == {"pruned", "pruned + fine-tuned", "L1 penalty, then pruned"}
    l1_at_80 = [row["test_accuracy"] for row in rows if row["method"] == "L1 penalty, then pruned" and row["sparsity"] == 0.8]
    assert l1_at_80 == [l1_curve[(l1_curve["sparsity"] == 0.8) & (l1_curve["method"] == "pruned")]["test_accuracy"].iloc[0]]
    assert {row["inference_flop"] for row in rows if row["sparsity"] == 0.9} == {2.0 * 672}
    bars = dataset_with(spec, "recipe", "training_gflop")
    assert max(row["training_flop"] for row in bars) == ledger.search_cost(5, DENSE_TRAINING_FLOP)


# ----------------------------------------------------------------------------- figure 3


def test_ledger_calculator_sliders_select_grid_rows():
    spec = sn.ledger_calculator(DENSE_TRAINING_FLOP, DENSE_INFERENCE_FLOP).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"extra_training", "saving"}
    extra, saving = params["extra_training"]["bind"], params["saving"]["bind"]
    assert (extra["input"], extra["min"], extra["max"], extra["step"]) == ("range", 0, 300, 25)
    assert (saving["input"], saving["min"], saving["max"], saving["step"]) == ("range", 10, 90, 10)
    assert any("datum.e === extra_training" in f or "datum.e == extra_training" in f for f in filters(spec))
    assert len(log_scales(spec)) >= 2
    lines = dataset_with(spec, "e", "s", "n", "flop", exact=True)
    positions = {(e, s) for e in np.arange(extra["min"], extra["max"] + 1, extra["step"]) for s in np.arange(saving["min"], saving["max"] + 1, saving["step"])}
    assert {(row["e"], row["s"]) for row in lines} == positions, "every slider position has a line"
    crossings = dataset_with(spec, "e", "s", "label")
    chosen = next(row for row in crossings if row["e"] == 50 and row["s"] == 90)
    assert chosen["n"] == pytest.approx(ledger.break_even_inferences(0.5 * DENSE_TRAINING_FLOP, DENSE_INFERENCE_FLOP, 0.1 * DENSE_INFERENCE_FLOP))
    assert chosen["label"] == "Break-even after 66,667 predictions"
    assert "66,667" in spec["description"] and spec["title"]["text"]
    assert len(lines) + len(crossings) < 5000, "embedded data stays small"
    with pytest.raises(ValueError, match="extra_start"):
        sn.ledger_calculator(DENSE_TRAINING_FLOP, DENSE_INFERENCE_FLOP, extra_start=33)


def test_ledger_lines_for_any_numbers():
    spec = sn.ledger_lines(1e21, 1e10, 2e21, 5e9, retrainings=2).to_dict()
    crossing = dataset_with(spec, "n", "flop", "label")[0]
    assert crossing["n"] == pytest.approx(2 * 1e21 / 5e9)
    assert "Trained 2×" in spec["title"] and spec["description"]
    never = sn.ledger_lines(1e9, 1e4, 2e9, 1e4).to_dict()
    assert dataset_with(never, "n", "flop", "label")[0]["label"] == "Never breaks even"
    with pytest.raises(ValueError, match="compressed_inference_flop"):
        sn.ledger_lines(1e9, 1e4, 2e9, 0.0)
    with pytest.raises(ValueError, match="retrainings"):
        sn.ledger_lines(1e9, 1e4, 2e9, 1e3, retrainings=0)


# ----------------------------------------------------------------------------- figure 4


def test_dominance_chart_marks_the_even_split():
    spec = sn.dominance_chart(DENSE_TRAINING_FLOP, DENSE_INFERENCE_FLOP).to_dict()
    (param,) = spec["params"]
    assert param["bind"]["input"] == "select" and param["bind"]["options"] == list(ledger.RETRAINING_SCHEDULES)
    lines = dataset_with(spec, "schedule", "training_share", "dominant")
    table = ledger.dominance_table(DENSE_TRAINING_FLOP, DENSE_INFERENCE_FLOP)
    assert [row["training_share"] for row in lines] == table["training_share"].tolist(), "the drawn lines are the library's numbers"
    assert any("datum.schedule === schedule" in f or "datum.schedule == schedule" in f for f in filters(spec))
    marks = dataset_with(spec, "schedule", "label")
    split = {row["schedule"]: row["inferences"] for row in marks}
    assert split["every day"] == pytest.approx(365 * DENSE_TRAINING_FLOP / DENSE_INFERENCE_FLOP)
    assert ledger.training_share(DENSE_TRAINING_FLOP, DENSE_INFERENCE_FLOP, split["every week"], 52) == pytest.approx(0.5)
    assert log_scales(spec) and spec["description"]
    with pytest.raises(ValueError, match="start"):
        sn.dominance_chart(DENSE_TRAINING_FLOP, DENSE_INFERENCE_FLOP, start="hourly")


# ----------------------------------------------------------------------------- figure 5


def test_search_scale_chart_uses_the_sourced_search():
    spec = sn.search_scale_chart(DENSE_TRAINING_FLOP).to_dict()
    rows = dataset_with(spec, "item", "flop", "baseline")
    table = ledger.search_scale_table(DENSE_TRAINING_FLOP)
    assert [(row["item"], row["flop"]) for row in rows] == list(zip(table["item"], table["flop"])), "the library's numbers"
    assert all(row["baseline"] == sn.SEARCH_AXIS_MIN_FLOP for row in rows), "log bars start at the axis minimum"
    assert {row["item"]: row["label"] for row in rows}["NASNet, whole search"] == f"{sn.flop_text(table['flop'].iloc[3])} FLOP"
    assert any("x2" in d for d in walk(spec)) and log_scales(spec)
    assert "1,070 times AlexNet" in spec["description"]
    with pytest.raises(ValueError, match="mlp_training_flop"):
        sn.search_scale_chart(-1.0)


# ----------------------------------------------------------------------------- live controls and answer checks


def test_live_controls_are_notes_on_the_site_and_fast_in_a_notebook(monkeypatch):
    monkeypatch.setenv(render.TARGET_VARIABLE, "site")
    assert isinstance(widgets.pruning_widget(), widgets.LiveOnlyNote)
    assert isinstance(widgets.ledger_widget(), widgets.LiveOnlyNote)
    monkeypatch.setenv(render.TARGET_VARIABLE, "notebook")
    from scaling_lib.widgets.smaller_networks import BENCHMARK_INPUTS

    for builder in ("pruning_widget", "ledger_widget"):
        control = getattr(widgets, builder)()
        assert isinstance(control, widgets.LiveControl)
        times = []
        for values in BENCHMARK_INPUTS[builder]:
            # CPU time of this process (all its threads): what one update costs, not how busy the machine is.
            start = time.process_time()
            spec = control.update(**values).to_dict()
            times.append(time.process_time() - start)
            assert spec["title"] and spec["description"]
        assert float(np.median(times)) < 0.2, f"{builder} median update {np.median(times):.3f} s of CPU"
    spec = widgets.pruning_widget().update(sparsity=0.9, fine_tune_epochs=15).to_dict()
    assert "98.5%" in spec["title"]["text"]


def test_answer_checks(curve):
    rows = curve.set_index(["sparsity", "method"])
    right = ledger.break_even_inferences(
        rows.loc[(0.93, "pruned + fine-tuned"), "training_flop_total"] - rows.loc[(0.0, "pruned"), "training_flop_total"],
        rows.loc[(0.0, "pruned"), "inference_flop"],
        rows.loc[(0.93, "pruned + fine-tuned"), "inference_flop"],
    )
    assert exercises.check("smaller-networks-break-even", right).correct
    wrong = exercises.check("smaller-networks-break-even", 50_000)  # the 90% level, not 93%
    assert not wrong.correct and "Hint" in wrong.message
    assert exercises.check("smaller-networks-nasnet", 2.4).correct
    assert not exercises.check("smaller-networks-nasnet", 48_000 / 500).correct
    assert exercises.check("smaller-networks-l1", 0.9665).correct
    assert not exercises.check("smaller-networks-l1", 0.773).correct
    assert not exercises.check("smaller-networks-l1", math.nan).correct
