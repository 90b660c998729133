"""What the overparameterization chapter's charts, live control and answer checks contain."""
import math

import numpy as np
import pandas as pd
import pytest

from scaling_lib import exercises, widgets
from scaling_lib import overparameterization as op
from scaling_lib.charts import overparameterization as oc
from scaling_lib.charts import render
from tests.spec_tools import filters, rows_with, walk


def log_fields(spec):
    return {d["field"] for d in walk(spec) if isinstance(d.get("scale"), dict) and d["scale"].get("type") == "log" and "field" in d}


@pytest.fixture(scope="module")
def grid():
    return op.double_descent_grid()


@pytest.fixture(scope="module")
def chart_spec(grid):
    return oc.double_descent_chart(grid).to_dict()


def gradient_descent_run(scale=1.0, steps=300):
    """The chapter's gradient-descent cells: distance, loss and norm, each (steps × 2 runs)."""
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((20, 100)), rng.standard_normal(20)
    starts = np.stack([np.zeros(100), scale * rng.standard_normal(100) / 10])
    rate = 1 / np.linalg.eigvalsh(x.T @ x / 20).max()
    history = [starts]
    for _ in range(steps):
        history.append(history[-1] - rate * (history[-1] @ x.T - y) @ x / 20)
    history = np.array(history)
    w_min = np.linalg.pinv(x) @ y
    return (np.linalg.norm(history - w_min, axis=2) / np.linalg.norm(w_min), 0.5 * np.mean((history @ x.T - y) ** 2, axis=2),
            np.linalg.norm(history, axis=2))


def cost_table(k):
    return pd.DataFrame({"k": k, "data_multiplier": k**2, "compute_growing_model": k**4, "compute_fixed_model": k**2})


# --------------------------------------------------------------------------------------------
# double descent
# --------------------------------------------------------------------------------------------


def test_three_dropdowns_filter_the_grid(chart_spec):
    params = {p["name"]: p for p in chart_spec["params"]}
    assert set(params) == {"n_train_dd", "noise_sd_dd", "ridge_dd"}
    assert params["n_train_dd"]["bind"]["options"] == ["40 points", "60 points", "100 points"]
    assert params["noise_sd_dd"]["bind"]["options"] == ["σ = 0", "σ = 0.2", "σ = 0.5"]
    assert params["ridge_dd"]["bind"]["options"] == ["0 (minimum norm)", "10⁻⁷", "10⁻⁶", "10⁻⁵", "10⁻³"]
    assert [params[n]["value"] for n in ("n_train_dd", "noise_sd_dd", "ridge_dd")] == ["60 points", "σ = 0.2", "0 (minimum norm)"]
    text = " ".join(filters(chart_spec))
    for column in ("n_train", "noise_sd", "ridge"):
        assert f"datum.{column}_label === {column}_dd" in text or f"datum.{column}_label == {column}_dd" in text
    rows = pd.DataFrame(rows_with(chart_spec, "ridge_label"))
    for column in ("n_train", "noise_sd", "ridge"):
        assert set(rows[f"{column}_label"]) == set(params[f"{column}_dd"]["bind"]["options"]), "every option selects rows"


def test_chart_rows_are_the_grid(chart_spec, grid):
    rows = pd.DataFrame(rows_with(chart_spec, "ridge_label"))
    assert len(rows) == len(grid)
    np.testing.assert_allclose(rows["test_error"], grid["test_error"])
    shown = rows[(rows["n_train_label"] == "100 points") & (rows["noise_sd_label"] == "σ = 0") & (rows["ridge_label"] == "10⁻³")]
    assert (shown["n_train"] == 100).all() and (shown["noise_sd"] == 0).all() and np.allclose(shown["ridge"], 1e-3)


def test_axes_threshold_and_description(chart_spec, grid):
    assert {"n_features", "test_error"} <= log_fields(chart_spec), "log x (model size) and log y (test error)"
    zoom = [d for d in walk(chart_spec) if d.get("field") == "error" and isinstance(d.get("scale"), dict)]
    assert zoom and zoom[0]["scale"]["domain"] == [0, oc.ZOOM_MAX], "a linear zoom keeps the U visible"
    (rules,) = [rows for rows in chart_spec["datasets"].values() if "test_error" not in rows[0]]
    assert sorted(r["n_features"] for r in rules) == [40, 60, 100], "one threshold line per training-set size"
    curve = grid.query("n_train == 60 and noise_sd == 0.2 and ridge == 0")
    description = chart_spec["description"]
    assert f"{curve['test_error'].max():.3g}" in description and "at 60 features" in description
    assert f"{curve['test_error'].iloc[-1]:.2f}" in description
    assert f"{curve[curve['n_features'] < 60]['test_error'].min():.2f}" in description


def test_one_setting_has_no_dropdowns():
    one = op.double_descent_grid([20], [0.3], [1e-6], n_replicates=2)
    spec = oc.double_descent_chart(one, 20, 0.3, 1e-6).to_dict()
    assert "params" not in spec
    np.testing.assert_allclose(pd.DataFrame(rows_with(spec, "test_error"))["test_error"], one["test_error"])
    assert "20 points" in spec["description"] and "10⁻⁶" in spec["description"]


def test_double_descent_chart_checks_its_input(grid):
    with pytest.raises(ValueError, match="missing columns"):
        oc.double_descent_chart(grid.drop(columns="test_error"))
    with pytest.raises(TypeError, match="grid"):
        oc.double_descent_chart(grid.to_dict())
    with pytest.raises(ValueError, match="no rows"):
        oc.double_descent_chart(grid, n_train=50)
    with pytest.raises(ValueError, match="no rows"):
        oc.double_descent_chart(grid, ridge=0.5)
    with pytest.raises(ValueError, match="noise_sd"):
        oc.double_descent_chart(grid, noise_sd=math.nan)


def test_ridge_chart_shows_every_penalty(grid):
    spec = oc.ridge_chart(grid).to_dict()
    rows = pd.DataFrame(rows_with(spec, "penalty"))
    assert set(rows["ridge"]) == set(grid["ridge"])
    library = grid.query("n_train == 60 and noise_sd == 0.2").groupby("ridge")["test_error"].max()
    pd.testing.assert_series_equal(rows.groupby("ridge")["test_error"].max(), library, check_names=False)
    assert {"n_features", "test_error"} <= log_fields(spec)
    for peak in library:
        assert f"{peak:.3g}" in spec["description"]
    with pytest.raises(ValueError, match="no rows"):
        oc.ridge_chart(grid, n_train=61)
    with pytest.raises(ValueError, match="missing columns"):
        oc.ridge_chart(grid.drop(columns="ridge"))


# --------------------------------------------------------------------------------------------
# gradient descent
# --------------------------------------------------------------------------------------------


def test_gradient_descent_chart_holds_the_run():
    distance, loss, norm = gradient_descent_run()
    spec = oc.gradient_descent_chart(distance, loss, norm).to_dict()
    rows = pd.DataFrame(rows_with(spec, "measure"))
    assert set(rows["start"]) == {"started at zero", "started at random weights"}
    zero = rows[(rows["start"] == "started at zero") & rows["measure"].str.startswith("distance")].sort_values("step")
    np.testing.assert_allclose(zero["value"], distance[:, 0])
    random_norm = rows[(rows["start"] == "started at random weights") & (rows["measure"] == "weight norm ‖w‖")].sort_values("step")
    np.testing.assert_allclose(random_norm["value"], norm[:, 1])
    assert len(rows) == 3 * distance.size - 1, "every value except the zero start's norm at step 0 (log scale)"
    assert "value" in log_fields(spec) and spec["resolve"]["scale"]["y"] == "independent"
    assert f"{distance[-1, 1]:.2f}" in spec["description"] and f"{norm[-1, 1]:.2f}" in spec["description"]


def test_gradient_descent_chart_checks_its_input():
    distance, loss, norm = gradient_descent_run(steps=5)
    with pytest.raises(ValueError, match="same shape"):
        oc.gradient_descent_chart(distance, loss[:-1], norm)
    with pytest.raises(ValueError, match="same shape"):
        oc.gradient_descent_chart(distance[:, :1], loss[:, :1], norm[:, :1])
    with pytest.raises(ValueError, match="distance"):
        oc.gradient_descent_chart(distance[:, 0], loss, norm)
    with pytest.raises(ValueError, match="loss"):
        oc.gradient_descent_chart(distance, -loss, norm)


# --------------------------------------------------------------------------------------------
# cost growth
# --------------------------------------------------------------------------------------------


def test_cost_chart_slider_selects_the_table_rows():
    spec = oc.cost_growth_chart(cost_table(np.arange(1, 10.5, 0.5))).to_dict()
    (param,) = spec["params"]
    bind = param["bind"]
    assert param["name"] == "k_cost" and bind["input"] == "range" and (bind["min"], bind["max"], bind["step"]) == (1.0, 10.0, 0.5)
    assert any("datum.k === k_cost" in f or "datum.k == k_cost" in f for f in filters(spec))
    points = pd.DataFrame(rows_with(spec, "k"))
    at_two = points[points["k"] == 2.0].set_index("regime")["compute_multiplier"]
    assert at_two["parameters grow with the data"] == 16.0 and at_two["fixed number of parameters"] == 4.0
    assert {"data_multiplier", "compute_multiplier"} <= log_fields(spec)
    assert "10,000" in spec["description"]


def test_cost_chart_checks_its_input():
    table = cost_table(np.arange(1, 10.5, 0.5))
    with pytest.raises(ValueError, match="k_start"):
        oc.cost_growth_chart(table, k_start=2.25)
    with pytest.raises(ValueError, match="evenly spaced"):
        oc.cost_growth_chart(cost_table(np.array([1.0, 2.0, 5.0])), k_start=1.0)
    with pytest.raises(ValueError, match="k"):
        oc.cost_growth_chart(cost_table(np.array([0.5, 1.0])), k_start=1.0)
    with pytest.raises(ValueError, match="missing columns"):
        oc.cost_growth_chart(table.drop(columns="compute_fixed_model"))
    with pytest.raises(ValueError, match="compute_growing_model"):
        oc.cost_growth_chart(table.assign(compute_growing_model=-1.0))


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
    np.testing.assert_allclose(rows["test_error"], op.double_descent_grid([30], [0.1], [1e-5])["test_error"])
    control.controls["n_train"].value = 20  # the slider's callback redraws without error
    assert control.values()["n_train"] == 20


def test_answer_checks_accept_the_chapter_method():
    """Each check computes its value another way than the chapter; the chapter's own method must pass it."""
    assert exercises.check("overparam-cost", 100.0).correct
    wrong = exercises.check("overparam-cost", 10.0)
    assert not wrong.correct and "too low" in wrong.message
    grid = op.double_descent_grid([40], [0.0], [0.0])
    assert exercises.check("overparam-peak", grid.loc[grid["test_error"].idxmax(), "n_features"]).correct
    assert not exercises.check("overparam-peak", 60).correct
    strong = op.double_descent_grid([60], [0.2], [0.1])["test_error"].min()
    assert exercises.check("overparam-ridge", strong).correct
    weak = op.double_descent_grid([60], [0.2], [1e-3])["test_error"].min()
    assert not exercises.check("overparam-ridge", weak).correct
    distance_2, _, _ = gradient_descent_run(scale=2.0)
    distance_1, _, _ = gradient_descent_run(scale=1.0)
    assert exercises.check("overparam-gd", distance_2[-1, 1]).correct
    assert not exercises.check("overparam-gd", distance_1[-1, 1]).correct
    assert not exercises.check("overparam-gd", math.nan).correct
