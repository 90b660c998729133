"""What the flexibility chapter's charts contain: the sliders filter the precomputed grid, and the
drawn rows are the simulation's own numbers. Also the chapter's live control and answer checks."""
import math

import numpy as np
import pandas as pd
import pytest

from scaling_lib import exercises, flexibility, widgets
from scaling_lib.charts import flexibility as flex_charts
from scaling_lib.charts import render
from tests.spec_tools import filters, walk

POOLS, MISSED, NOISES = (25, 50), (0, 1, 2), (0.25, 0.5)


def dataset_with(spec, *columns):
    """The one embedded dataset whose rows carry all ``columns``."""
    matches = [rows for rows in spec["datasets"].values() if rows and set(columns) <= set(rows[0])]
    assert len(matches) == 1, f"expected one dataset with {columns}, found {len(matches)}"
    return pd.DataFrame(matches[0])


@pytest.fixture(scope="module")
def grid():
    return flexibility.learning_curves(POOLS, MISSED, NOISES, n_replicates=6, seed=3)


@pytest.fixture(scope="module")
def crossings(grid):
    return flexibility.crossovers(grid)


@pytest.fixture(scope="module")
def approximation():
    x = np.linspace(0, 1, 41)
    target = np.sin(3 * np.pi * x)
    networks = pd.DataFrame({w: target + 0.1 / w for w in (5, 10, 15, 20)}, index=x)
    reference = pd.DataFrame({"target": target, "quadratic": 0.5 * x}, index=x)
    rmse = pd.Series({w: 0.1 / w for w in (5, 10, 15, 20)})
    return networks, reference, rmse, 0.7


def test_explorer_controls_filter_the_precomputed_grid(grid, crossings):
    spec = flex_charts.learning_curve_explorer(grid, crossings, pool_start=50).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert params["pool"]["bind"]["options"] == ["25", "50"] and params["pool"]["value"] == "50"
    assert (params["n_missed"]["bind"]["min"], params["n_missed"]["bind"]["max"], params["n_missed"]["bind"]["step"]) == (0, 2, 1)
    assert (params["noise_sd"]["bind"]["min"], params["noise_sd"]["bind"]["step"]) == (0.25, 0.25)
    text = " ".join(filters(spec))
    assert "pool" in text and "n_missed" in text and "noise_sd" in text
    assert spec["title"]["text"] and spec["description"]


def test_explorer_rows_are_the_simulation_numbers(grid, crossings):
    spec = flex_charts.learning_curve_explorer(grid, crossings, pool_start=50).to_dict()
    drawn = dataset_with(spec, "test_error", "n_train", "pool")
    merged = drawn.assign(n_candidates=drawn["pool"].astype(int)).merge(grid, on=["n_candidates", "n_missed", "noise_sd", "n_train", "model"])
    assert len(merged) == len(drawn)
    np.testing.assert_allclose(merged["test_error_x"], merged["test_error_y"])
    # Every other size is drawn, plus the last and every crossover size.
    sizes = np.sort(grid["n_train"].unique())
    assert set(sizes[::2]) | {sizes[-1]} | set(crossings["crossover_n"].dropna()) == set(drawn["n_train"])
    marks = dataset_with(spec, "compute", "crossover_n")
    found = crossings.dropna()
    assert set(marks.dropna()["compute"]) == set(found["expert_compute"]) | set(found["flexible_compute"])


def test_explorer_refuses_bad_grids(grid, crossings):
    with pytest.raises(ValueError, match="pool_start"):
        flex_charts.learning_curve_explorer(grid, crossings, pool_start=75)
    with pytest.raises(ValueError, match="evenly spaced"):
        uneven = grid.assign(n_missed=grid["n_missed"].replace({2: 3}))
        flex_charts.learning_curve_explorer(uneven, flexibility.crossovers(uneven), pool_start=25)
    with pytest.raises(ValueError, match="missing"):
        flex_charts.learning_curve_explorer(grid.drop(columns="error_floor"), crossings)


def test_crossover_chart_rows_and_slider(crossings):
    spec = flex_charts.crossover_chart(crossings).to_dict()
    (param,) = spec["params"]
    assert param["name"] == "noise_cross" and param["value"] == 0.5
    rows = dataset_with(spec, "crossover_n", "missed")
    assert rows["crossover_n"].notna().all() and "0 missed" not in set(rows["missed"])
    assert set(rows["crossover_n"]) == set(crossings["crossover_n"].dropna())
    with pytest.raises(ValueError, match="no setting"):
        flex_charts.crossover_chart(crossings[crossings["n_missed"] == 0])
    with pytest.raises(ValueError, match="noise_start"):
        flex_charts.crossover_chart(crossings, noise_start=0.3)


def test_learning_curve_chart_marks_the_crossover(grid, crossings):
    one = grid.query("n_candidates == 25 and n_missed == 1 and noise_sd == 0.5")
    crossing = flexibility.crossovers(one)
    spec = flex_charts.learning_curve_chart(one, crossing).to_dict()
    assert f"{crossing['crossover_n'].iloc[0]:,.0f}" in spec["title"]["subtitle"]
    assert any(d.get("x", {}).get("field") == "crossover_n" for d in walk(spec) if isinstance(d.get("x"), dict))
    with pytest.raises(ValueError, match="one setting"):
        flex_charts.learning_curve_chart(grid, crossings)


def test_approximation_explorer_slider_and_rows(approximation):
    networks, reference, rmse, quadratic_rmse = approximation
    spec = flex_charts.approximation_explorer(networks, reference, rmse, quadratic_rmse).to_dict()
    (param,) = spec["params"]
    assert param["name"] == "hidden_units" and param["value"] == 10 and param["bind"]["step"] == 5
    fits = dataset_with(spec, "width", "f")
    assert len(fits) == networks.size
    errors = dataset_with(spec, "rmse", "label")
    np.testing.assert_allclose(errors.set_index("width")["rmse"], rmse.to_numpy())
    assert "0.700" in spec["description"]


def test_approximation_explorer_refuses_bad_input(approximation):
    networks, reference, rmse, quadratic_rmse = approximation
    with pytest.raises(ValueError, match="missing"):
        flex_charts.approximation_explorer(networks, reference.drop(columns="target"), rmse, quadratic_rmse)
    with pytest.raises(ValueError, match="index"):
        flex_charts.approximation_explorer(networks.iloc[1:], reference, rmse, quadratic_rmse)
    with pytest.raises(ValueError, match="width_start"):
        flex_charts.approximation_explorer(networks, reference, rmse, quadratic_rmse, width_start=7)
    with pytest.raises(ValueError, match="quadratic_rmse"):
        flex_charts.approximation_explorer(networks, reference, rmse, math.nan)


def test_widget_is_a_note_on_the_site_and_live_in_a_notebook(monkeypatch):
    monkeypatch.setenv(render.TARGET_VARIABLE, "site")
    assert isinstance(widgets.flexibility_widget(), widgets.LiveOnlyNote)
    monkeypatch.setenv(render.TARGET_VARIABLE, "notebook")
    control = widgets.flexibility_widget()
    assert isinstance(control, widgets.LiveControl)
    spec = control.update(n_candidates=60, n_missed=2, noise_sd=0.3).to_dict()
    assert "60 candidates, 2 missed" in spec["title"]["text"]
    control.controls["noise_sd"].value = 0.0  # zero noise: the flexible floor is 0, and the chart still builds
    assert control.update().to_dict()["description"]


def test_answer_checks():
    assert exercises.check("flexibility-floor", 0.25 + 0.2).correct
    wrong = exercises.check("flexibility-floor", 0.35)
    assert not wrong.correct and "too low" in wrong.message
    curves = flexibility.learning_curves(200, 1, 0.5, seed=0)
    n_cross = flexibility.crossovers(curves)["crossover_n"].iloc[0]
    assert exercises.check("flexibility-compute", n_cross * 200).correct
    assert not exercises.check("flexibility-compute", n_cross * 9).correct  # the expert's compute, not the flexible model's
    # The flexible model's error at 2,000 patients and 200 candidates: noise plus roughly σ²·p/n of estimation error.
    assert exercises.check("flexibility-point", 0.25 + 0.25 * 200 / 2000).correct
    assert not exercises.check("flexibility-point", 0.35).correct
