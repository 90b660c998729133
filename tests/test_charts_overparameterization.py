"""What the overparameterization chapter's charts, live control and answer checks contain."""
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib import exercises, widgets
from scaling_lib.charts import overparameterization as oc
from scaling_lib.charts import render
from scaling_lib.simulations import overparameterization as op
from tests.spec_tools import walk


def rows_with(spec, column):
    """The embedded dataset whose rows have ``column``."""
    for rows in spec.get("datasets", {}).values():
        if rows and column in rows[0]:
            return rows
    raise AssertionError(f"no dataset with column {column!r}")


def log_fields(spec):
    return {d["field"] for d in walk(spec) if isinstance(d.get("scale"), dict) and d["scale"].get("type") == "log" and "field" in d}


@pytest.fixture(scope="module")
def grid():
    return op.double_descent_grid()


@pytest.fixture(scope="module")
def explorer_spec(grid):
    return oc.double_descent_explorer(grid).to_dict()


# --------------------------------------------------------------------------------------------
# labels
# --------------------------------------------------------------------------------------------


def test_labels():
    assert oc.ridge_label(0.0) == "0 (minimum norm)"
    assert oc.ridge_label(1e-7) == "10⁻⁷"
    assert oc.ridge_label(1e-3) == "10⁻³"
    assert oc.ridge_label(3e-5) == "3e-05"
    assert oc.noise_label(0.2) == "σ = 0.2"
    assert oc.n_train_label(60) == "60 points"


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=1e-12, max_value=1e3, allow_nan=False))
def test_ridge_labels_are_distinct_for_distinct_grid_values(value):
    assert oc.ridge_label(value) != oc.ridge_label(0.0)


# --------------------------------------------------------------------------------------------
# double-descent explorer
# --------------------------------------------------------------------------------------------


def test_explorer_has_three_dropdowns_that_filter_the_grid(explorer_spec, grid):
    params = {p["name"]: p for p in explorer_spec["params"]}
    assert set(params) == {"n_train_dd", "noise_dd", "ridge_dd"}
    assert all(p["bind"]["input"] == "select" for p in params.values())
    assert params["n_train_dd"]["bind"]["options"] == ["40 points", "60 points", "100 points"]
    assert params["noise_dd"]["bind"]["options"] == ["σ = 0", "σ = 0.2", "σ = 0.5"]
    assert params["ridge_dd"]["bind"]["options"] == ["0 (minimum norm)", "10⁻⁷", "10⁻⁶", "10⁻⁵", "10⁻³"]
    assert (params["n_train_dd"]["value"], params["noise_dd"]["value"], params["ridge_dd"]["value"]) == ("60 points", "σ = 0.2", "0 (minimum norm)")
    filters = " ".join(str(d["filter"]) for d in walk(explorer_spec) if "filter" in d)
    for column, name in (("n_train_label", "n_train_dd"), ("noise_label", "noise_dd"), ("ridge_label", "ridge_dd")):
        assert f"datum.{column} === {name}" in filters or f"datum.{column} == {name}" in filters
    # every option of every drop-down selects precomputed rows
    rows = pd.DataFrame(rows_with(explorer_spec, "ridge_label"))
    for column, name in (("n_train_label", "n_train_dd"), ("noise_label", "noise_dd"), ("ridge_label", "ridge_dd")):
        assert set(rows[column]) == set(params[name]["bind"]["options"])


def test_explorer_rows_equal_the_library(explorer_spec, grid):
    rows = pd.DataFrame(rows_with(explorer_spec, "ridge_label"))
    assert len(rows) == len(grid)
    for n_train, noise_sd, ridge in ((60, 0.2, 0.0), (40, 0.5, 1e-5), (100, 0.0, 1e-3)):
        shown = rows[(rows["n_train_label"] == oc.n_train_label(n_train)) & (rows["noise_label"] == oc.noise_label(noise_sd)) & (rows["ridge_label"] == oc.ridge_label(ridge))]
        assert (shown["n_train"] == n_train).all() and np.allclose(shown["noise_sd"], noise_sd) and np.allclose(shown["ridge"], ridge)
        library = op.double_descent_curve(n_train=n_train, noise_sd=noise_sd, ridge=ridge)
        assert shown["n_features"].tolist() == library["n_features"].tolist()
        np.testing.assert_allclose(shown["test_error"], library["test_error"], rtol=1e-9)
        np.testing.assert_allclose(shown["train_error"], library["train_error"], rtol=1e-6, atol=1e-12)


def test_explorer_axes_and_text(explorer_spec):
    assert {"n_features", "test_error"} <= log_fields(explorer_spec), "log x (model size) and log y (test error)"
    zoom = [d for d in walk(explorer_spec) if d.get("field") == "error" and isinstance(d.get("scale"), dict)]
    assert zoom and zoom[0]["scale"]["domain"] == [0, oc.ZOOM_MAX], "a linear zoom keeps the U visible"
    titles = " ".join(str(d.get("title", "")) for d in walk(explorer_spec))
    assert "log scale" in titles
    description = explorer_spec["description"]
    assert "617" in description and "60 features" in description and "0.22" in description and "0.32" in description
    assert explorer_spec["title"]["text"]
    widths = [d["width"] for d in walk(explorer_spec) if isinstance(d.get("width"), int)]
    assert widths and max(widths) <= 560


def test_explorer_checks_its_input(grid):
    with pytest.raises(ValueError, match="missing columns"):
        oc.double_descent_explorer(grid.drop(columns="test_error"))
    with pytest.raises(TypeError, match="grid"):
        oc.double_descent_explorer(grid.to_dict())
    with pytest.raises(ValueError, match="at least 1 row"):
        oc.double_descent_explorer(grid.iloc[:0])
    with pytest.raises(ValueError, match="n_train_start"):
        oc.double_descent_explorer(grid, n_train_start=50)
    with pytest.raises(ValueError, match="ridge_start"):
        oc.double_descent_explorer(grid, ridge_start=0.5)


def test_spike_is_at_the_threshold_in_every_unpenalised_setting(explorer_spec):
    rows = pd.DataFrame(rows_with(explorer_spec, "ridge_label"))
    free = rows[rows["ridge"] == 0.0]
    for (n_train, _noise), curve in free.groupby(["n_train", "noise_sd"]):
        assert curve.loc[curve["test_error"].idxmax(), "n_features"] == n_train


# --------------------------------------------------------------------------------------------
# ridge chart, live panels
# --------------------------------------------------------------------------------------------


def test_ridge_chart_shows_every_penalty_and_the_peaks(grid):
    spec = oc.ridge_chart(grid).to_dict()
    rows = pd.DataFrame(rows_with(spec, "penalty"))
    assert set(rows["ridge"]) == set(grid["ridge"])
    peaks = rows.groupby("ridge")["test_error"].max()
    library = grid[(grid["n_train"] == 60) & (grid["noise_sd"] == 0.2)].groupby("ridge")["test_error"].max()
    pd.testing.assert_series_equal(peaks, library, check_names=False)
    assert peaks[0.0] > 100 and peaks[1e-7] < 2 and peaks[1e-3] < 1.1, "the penalty tames the spike"
    assert {"n_features", "test_error"} <= log_fields(spec)
    assert "617" in spec["description"] and "1.59" in spec["description"]
    with pytest.raises(ValueError, match="no rows"):
        oc.ridge_chart(grid, n_train=61)


def test_live_panels_show_the_curve_they_are_given():
    curve = op.double_descent_curve(n_train=20, noise_sd=0.3, ridge=1e-6)
    spec = oc.double_descent_panels(curve, 20, 0.3, 1e-6).to_dict()
    rows = pd.DataFrame(rows_with(spec, "test_error"))
    np.testing.assert_allclose(rows["test_error"], curve["test_error"])
    assert "20 points" in spec["title"]["text"] and "10⁻⁶" in spec["title"]["text"]
    assert spec["description"]
    with pytest.raises(ValueError, match="curve is missing"):
        oc.double_descent_panels(curve.drop(columns="train_error"), 20, 0.3, 1e-6)


# --------------------------------------------------------------------------------------------
# gradient descent
# --------------------------------------------------------------------------------------------


def test_gradient_descent_chart_holds_the_trace():
    trace, summary = op.gradient_descent_min_norm()
    spec = oc.gradient_descent_chart(trace, summary).to_dict()
    rows = pd.DataFrame(rows_with(spec, "distance_to_min_norm"))
    assert len(rows) == len(trace)
    np.testing.assert_allclose(rows["distance_to_min_norm"], trace["distance_to_min_norm"])
    assert set(rows["start"]) == {"started at zero", "started at random weights"}
    assert {"distance_to_min_norm", "train_loss"} <= log_fields(spec)
    final = rows[rows["step"] == rows["step"].max()].set_index("start")
    assert final.loc["started at zero", "distance_to_min_norm"] < 1e-12
    assert final.loc["started at random weights", "distance_to_min_norm"] > 1
    reference = rows_with(spec, "label")
    assert math.isclose(reference[0]["weight_norm"], summary["min_norm_norm"])
    assert "1.75" in spec["description"] and "0.51" in spec["description"] and "1.02" in spec["description"]
    with pytest.raises(ValueError, match="summary"):
        oc.gradient_descent_chart(trace, {})
    with pytest.raises(ValueError, match="trace is missing"):
        oc.gradient_descent_chart(trace.drop(columns="weight_norm"), summary)


# --------------------------------------------------------------------------------------------
# cost growth
# --------------------------------------------------------------------------------------------


def test_cost_chart_slider_selects_precomputed_k():
    spec = oc.cost_growth_chart().to_dict()
    (param,) = spec["params"]
    bind = param["bind"]
    assert param["name"] == "k_cost" and bind["input"] == "range" and (bind["min"], bind["max"], bind["step"]) == (1.0, 10.0, 0.5)
    filters = " ".join(str(d["filter"]) for d in walk(spec) if "filter" in d)
    assert "datum.k === k_cost" in filters or "datum.k == k_cost" in filters
    points = pd.DataFrame(rows_with(spec, "k"))
    positions = np.arange(bind["min"], bind["max"] + bind["step"] / 2, bind["step"])
    assert set(points["k"]) == set(positions)
    at_two = points[points["k"] == 2.0].set_index("regime")["compute_multiplier"]
    assert at_two["parameters grow with the data"] == 16.0 and at_two["fixed number of parameters"] == 4.0
    at_ten = points[points["k"] == 10.0].set_index("regime")["compute_multiplier"]
    assert at_ten["parameters grow with the data"] == op.cost_growth(100.0)
    assert {"data_multiplier", "compute_multiplier"} <= log_fields(spec)
    assert "10,000" in spec["description"]
    with pytest.raises(ValueError, match="k_values"):
        oc.cost_growth_chart(np.array([0.5, 1.0]))
    with pytest.raises(ValueError, match="k_start"):
        oc.cost_growth_chart(k_start=2.25)
    with pytest.raises(ValueError, match="evenly spaced"):
        oc.cost_growth_chart(np.array([1.0, 2.0, 5.0]), k_start=1.0)
    with pytest.raises(ValueError, match="k_values"):
        oc.cost_growth_chart(np.array([1.0, np.nan]), k_start=1.0)


@settings(max_examples=10, deadline=None)
@given(st.floats(min_value=1.5, max_value=10.0, allow_nan=False))
def test_cost_curves_follow_the_library(k_max):
    spec = oc.cost_growth_chart(np.array([1.0, k_max]), k_start=1.0).to_dict()
    (curves,) = [pd.DataFrame(rows) for rows in spec["datasets"].values() if "regime" in rows[0] and "k" not in rows[0]]
    grow = curves[curves["regime"] == "parameters grow with the data"]
    fixed = curves[curves["regime"] == "fixed number of parameters"]
    np.testing.assert_allclose(grow["compute_multiplier"], op.cost_growth(grow["data_multiplier"].to_numpy()))
    np.testing.assert_allclose(fixed["compute_multiplier"], fixed["data_multiplier"])
    assert math.isclose(grow["data_multiplier"].max(), k_max**2)


# --------------------------------------------------------------------------------------------
# live control and answer checks
# --------------------------------------------------------------------------------------------


def test_live_control_on_site_and_in_notebook(monkeypatch):
    monkeypatch.setenv(render.TARGET_VARIABLE, "site")
    assert isinstance(widgets.double_descent_widget(), widgets.LiveOnlyNote)
    monkeypatch.setenv(render.TARGET_VARIABLE, "notebook")
    control = widgets.double_descent_widget()
    assert isinstance(control, widgets.LiveControl)
    spec = control.update(n_train=30, noise_sd=0.1, ridge=1e-5).to_dict()
    rows = pd.DataFrame(rows_with(spec, "test_error"))
    library = op.double_descent_curve(n_train=30, noise_sd=0.1, ridge=1e-5)
    np.testing.assert_allclose(rows["test_error"], library["test_error"])
    control.controls["n_train"].value = 20  # the slider's callback redraws without error
    assert control.values()["n_train"] == 20


def test_answer_checks():
    assert exercises.check("overparam-cost", 100.0).correct
    wrong = exercises.check("overparam-cost", 10.0)
    assert not wrong.correct and "Hint" in wrong.message and "too low" in wrong.message
    assert exercises.check("overparam-peak", 40).correct
    assert not exercises.check("overparam-peak", 60).correct
    _, summary = op.gradient_descent_min_norm(init_scale=2.0)
    assert exercises.check("overparam-gd", summary["final_distance_nonzero"]).correct
    assert exercises.check("overparam-gd", 2 * op.gradient_descent_min_norm()[1]["final_distance_nonzero"]).correct
    assert not exercises.check("overparam-gd", op.gradient_descent_min_norm()[1]["final_distance_nonzero"]).correct
    assert not exercises.check("overparam-gd", math.nan).correct
