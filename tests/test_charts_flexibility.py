"""What the flexibility chapter's charts contain: the sliders filter the precomputed grid, and the
drawn rows are the simulation's own numbers. Also the chapter's live control and answer checks."""
import math

import numpy as np
import pandas as pd
import pytest

from scaling_lib import exercises, widgets
from scaling_lib.charts import flexibility as flex_charts
from scaling_lib.charts import render
from scaling_lib.simulations import flexibility
from tests.spec_tools import walk

POOLS = (25, 50)
MISSED = (0, 1, 2)
NOISES = (0.25, 0.5)


def dataset_with(spec, *columns):
    """The one embedded dataset whose rows carry all ``columns``."""
    matches = [rows for rows in spec["datasets"].values() if rows and set(columns) <= set(rows[0])]
    assert len(matches) == 1, f"expected one dataset with {columns}, found {len(matches)}"
    return matches[0]


def filters(spec):
    return " ".join(str(d["filter"]) for d in walk(spec) if "filter" in d)


@pytest.fixture(scope="module")
def grid():
    return flexibility.learning_curve_grid(POOLS, MISSED, NOISES, n_replicates=6, seed=3)


@pytest.fixture(scope="module")
def approximation():
    return flexibility.approximation_demo(widths=range(5, 45, 5), n_points=41)


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------


def test_thin_train_sizes_keeps_both_ends():
    sizes = np.array(flexibility.DEFAULT_TRAIN_SIZES)
    kept = flex_charts.thin_train_sizes(sizes)
    assert kept[0] == sizes[0] and kept[-1] == sizes[-1]
    assert set(kept) <= set(sizes) and len(kept) == len(sizes) // 2 + 1
    assert list(flex_charts.thin_train_sizes(sizes, every=1)) == list(sizes)
    for bad in (0, -2, 1.5, True):
        with pytest.raises(ValueError, match="every"):
            flex_charts.thin_train_sizes(sizes, every=bad)
    with pytest.raises(ValueError, match="train_sizes"):
        flex_charts.thin_train_sizes([])


# ---------------------------------------------------------------------------------------------
# figure 1: the explorer
# ---------------------------------------------------------------------------------------------


def test_explorer_controls_filter_the_precomputed_grid(grid):
    spec = flex_charts.learning_curve_explorer(grid, pool_start=50).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"pool", "n_missed", "noise_sd"}
    assert params["pool"]["bind"]["input"] == "select" and params["pool"]["bind"]["options"] == ["25", "50"]
    assert params["pool"]["value"] == "50"
    missed = params["n_missed"]["bind"]
    assert missed["input"] == "range" and (missed["min"], missed["max"], missed["step"]) == (0.0, 2.0, 1.0)
    noise = params["noise_sd"]["bind"]
    assert noise["input"] == "range" and (noise["min"], noise["max"], noise["step"]) == (0.25, 0.5, 0.25)
    text = filters(spec)
    for name in ("datum.pool === pool", "datum.n_missed === n_missed", "datum.noise_sd === noise_sd"):
        assert name in text
    # Every slider position is a setting of the grid, and every setting has both models' curves.
    curves = dataset_with(spec, "test_error", "test_error_low", "n_train")
    settings = {(row["pool"], row["n_missed"], row["noise_sd"]) for row in curves}
    assert settings == {(str(p), float(m), float(s)) for p in POOLS for m in MISSED for s in NOISES} or settings == {
        (str(p), m, s) for p in POOLS for m in MISSED for s in NOISES
    }
    assert {row["model"] for row in curves} == {"expert", "flexible"}
    log_scales = [d for d in walk(spec) if isinstance(d.get("scale"), dict) and d["scale"].get("type") == "log"]
    assert len(log_scales) >= 3
    assert spec["title"]["text"] and len(spec["description"]) > 200


def test_explorer_rows_are_the_simulation_numbers(grid):
    spec = flex_charts.learning_curve_explorer(grid, pool_start=50).to_dict()
    curves = pd.DataFrame(dataset_with(spec, "test_error", "test_error_low", "n_train"))
    curves["n_candidates"] = curves["pool"].astype(int)
    merged = curves.merge(grid, on=["n_candidates", "n_missed", "noise_sd", "model", "n_train"], suffixes=("", "_lib"))
    assert len(merged) == len(curves)
    np.testing.assert_array_equal(merged["test_error"], merged["test_error_lib"])
    np.testing.assert_array_equal(merged["compute_flop_proxy"], merged["compute_flop_proxy_lib"])
    np.testing.assert_allclose(merged["test_error_low"], merged["test_error_low_lib"], rtol=5e-3)
    # Thinned, but every setting keeps its crossover size so the circles sit on the lines.
    kept = set(flex_charts.thin_train_sizes(np.sort(grid["n_train"].unique())).tolist())
    table = flexibility.crossover_table(grid)
    for _, setting in table.dropna().iterrows():
        sizes = set(curves[(curves["n_candidates"] == setting["n_candidates"]) & (curves["n_missed"] == setting["n_missed"]) & (curves["noise_sd"] == setting["noise_sd"])]["n_train"])
        assert kept <= sizes and setting["crossover_n"] in sizes
    assert len(curves) < len(grid)
    # The floors are the analytic floors.
    floors = dataset_with(spec, "error_floor")
    for row in floors:
        expected = row["noise_sd"] ** 2 if row["model"] == "flexible" else flexibility.expert_error_floor(10, int(row["n_missed"]), row["noise_sd"])
        assert row["error_floor"] == pytest.approx(expected)
    labels = dataset_with(spec, "crossover_label")
    start = next(r for r in labels if r["pool"] == "50" and r["n_missed"] == 1 and r["noise_sd"] == 0.5)
    expected_n = table.query("n_candidates == 50 and n_missed == 1 and noise_sd == 0.5")["crossover_n"].iloc[0]
    assert start["crossover_n"] == expected_n
    assert f"n = {expected_n:,.0f}" in spec["description"]


def test_explorer_refuses_bad_grids(grid):
    with pytest.raises(ValueError, match="pool_start"):
        flex_charts.learning_curve_explorer(grid)  # 100 candidates is not in this grid
    uneven = flexibility.learning_curve_grid((25, 50), (0, 1, 3), (0.5,), n_replicates=2)
    with pytest.raises(ValueError, match="evenly spaced"):
        flex_charts.learning_curve_explorer(uneven, pool_start=50, missed_start=0)
    with pytest.raises(ValueError, match="missing column"):
        flex_charts.learning_curve_explorer(grid.drop(columns="noise_sd"), pool_start=50)
    with pytest.raises(TypeError, match="grid"):
        flex_charts.learning_curve_explorer("grid")


# ---------------------------------------------------------------------------------------------
# figure 2: crossover against pool size
# ---------------------------------------------------------------------------------------------


def test_crossover_chart_rows_and_slider(grid):
    spec = flex_charts.crossover_chart(grid).to_dict()
    assert [p["name"] for p in spec["params"]] == ["noise_cross"]
    bind = spec["params"][0]["bind"]
    assert bind["input"] == "range" and (bind["min"], bind["max"], bind["step"]) == (0.25, 0.5, 0.25)
    assert "datum.noise_sd === noise_cross" in filters(spec)
    rows = pd.DataFrame(dataset_with(spec, "crossover_n", "flexible_compute"))
    table = flexibility.crossover_table(grid).dropna()
    assert len(rows) == len(table) and (rows["n_missed"] > 0).all()
    merged = rows.merge(table, on=["n_candidates", "n_missed", "noise_sd"], suffixes=("", "_lib"))
    np.testing.assert_array_equal(merged["crossover_n"], merged["crossover_n_lib"])
    np.testing.assert_array_equal(merged["flexible_compute"], merged["crossover_n"] * merged["n_candidates"])
    np.testing.assert_allclose(merged["expert_compute"], merged["crossover_n"] * (10 - merged["n_missed"]))
    assert sum(d.get("scale", {}).get("type") == "log" for d in walk(spec) if isinstance(d.get("scale"), dict)) >= 3
    with pytest.raises(ValueError, match="noise_start"):
        flex_charts.crossover_chart(grid, noise_start=0.3)
    with pytest.raises(ValueError, match="overtakes"):
        flex_charts.crossover_chart(grid[grid["n_missed"] == 0])


# ---------------------------------------------------------------------------------------------
# live chart for one setting
# ---------------------------------------------------------------------------------------------


def test_learning_curve_chart_marks_the_crossover():
    curves = flexibility.learning_curves(n_candidates=40, n_missed=2, noise_sd=0.5, n_replicates=4, seed=1)
    spec = flex_charts.learning_curve_chart(curves).to_dict()
    n_cross = flexibility.crossover_n(curves)
    assert not math.isnan(n_cross)
    rules = dataset_with(spec, "crossover_n")
    assert rules == [{"crossover_n": n_cross}]
    assert f"n = {n_cross:,.0f}" in spec["title"]["subtitle"] and "40 candidates" in spec["title"]["text"]
    rows = pd.DataFrame(dataset_with(spec, "test_error", "n_train"))
    np.testing.assert_array_equal(np.sort(rows["test_error"]), np.sort(curves["test_error"]))
    # No crossover: no rule, and the subtitle says so.
    none = flexibility.learning_curves(n_candidates=40, n_missed=0, noise_sd=0.5, n_replicates=4, seed=1)
    spec = flex_charts.learning_curve_chart(none).to_dict()
    assert "No crossover" in spec["title"]["subtitle"]
    assert not [rows for rows in spec["datasets"].values() if rows and set(rows[0]) == {"crossover_n"}]


def test_learning_curve_chart_refuses_a_grid(grid):
    with pytest.raises(ValueError, match="one setting"):
        flex_charts.learning_curve_chart(grid)


# ---------------------------------------------------------------------------------------------
# figure 3: universal approximation
# ---------------------------------------------------------------------------------------------


def test_approximation_explorer_slider_and_rows(approximation):
    predictions, summary = approximation
    spec = flex_charts.approximation_explorer(predictions, summary).to_dict()
    (param,) = spec["params"]
    assert param["name"] == "hidden_units"  # not "width": that name is Vega's own signal
    assert (param["bind"]["min"], param["bind"]["max"], param["bind"]["step"]) == (5.0, 40.0, 5.0)
    assert "datum.width === hidden_units" in filters(spec)
    errors = pd.DataFrame(dataset_with(spec, "rmse", "label"))
    relu = summary[summary["model"] == "random_relu"]
    np.testing.assert_array_equal(errors.sort_values("width")["rmse"].to_numpy(), relu.sort_values("width")["rmse"].to_numpy())
    fits = pd.DataFrame(dataset_with(spec, "width", "prediction"))
    merged = fits.merge(predictions[predictions["model"] == "random_relu"].round({"x": 4}), on=["x", "width"], suffixes=("", "_lib"))
    assert len(merged) == len(fits) == len(predictions[predictions["model"] == "random_relu"])
    np.testing.assert_allclose(merged["prediction"], merged["prediction_lib"], atol=5.1e-5)
    expert_rmse = summary.loc[summary["model"] == "expert_polynomial", "rmse"].iloc[0]
    assert f"{expert_rmse:.3f}" in spec["description"]
    assert (relu["rmse"].iloc[-1] < expert_rmse / 5) and "Hidden units" in str(spec)


def test_approximation_explorer_refuses_bad_input(approximation):
    predictions, summary = approximation
    with pytest.raises(ValueError, match="width_start"):
        flex_charts.approximation_explorer(predictions, summary, width_start=7)
    uneven, uneven_summary = flexibility.approximation_demo(widths=(2, 5, 10))
    with pytest.raises(ValueError, match="evenly spaced"):
        flex_charts.approximation_explorer(uneven, uneven_summary, width_start=5)
    with pytest.raises(ValueError, match="expert_polynomial"):
        flex_charts.approximation_explorer(predictions[predictions["model"] == "random_relu"], summary)
    with pytest.raises(ValueError, match="missing column"):
        flex_charts.approximation_explorer(predictions.drop(columns="target"), summary)


# ---------------------------------------------------------------------------------------------
# live control and answer checks
# ---------------------------------------------------------------------------------------------


def test_widget_is_a_note_on_the_site_and_live_in_a_notebook(monkeypatch):
    monkeypatch.setenv(render.TARGET_VARIABLE, "site")
    assert isinstance(widgets.flexibility_widget(), widgets.LiveOnlyNote)
    monkeypatch.setenv(render.TARGET_VARIABLE, "notebook")
    control = widgets.flexibility_widget()
    assert isinstance(control, widgets.LiveControl)
    spec = control.update(n_candidates=60, n_missed=2, noise_sd=0.3).to_dict()
    assert "60 candidates" in spec["title"]["text"] and "expert fits 8" in spec["title"]["text"]
    control.controls["noise_sd"].value = 0.0  # zero noise: the flexible floor is 0, and the chart still builds
    assert control.values()["noise_sd"] == 0.0
    assert control.update().to_dict()["description"]


def test_answer_checks():
    floor = flexibility.expert_error_floor(10, 2, 0.5)
    assert exercises.check("flexibility-floor", floor).correct
    wrong = exercises.check("flexibility-floor", 0.35)
    assert not wrong.correct and "Hint" in wrong.message and "too low" in wrong.message
    curves = flexibility.learning_curves(n_candidates=200, n_missed=1, noise_sd=0.5, seed=0)
    n_cross = flexibility.crossover_n(curves)
    answer = n_cross * 200
    assert exercises.check("flexibility-compute", answer).correct
    assert not exercises.check("flexibility-compute", n_cross * 9).correct  # the expert's compute, not the flexible model's
    assert not exercises.check("flexibility-compute", math.nan).correct
