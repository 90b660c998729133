"""Tests for scaling_lib.simulations.flexibility (expert vs flexible models)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib.simulations import flexibility as fx


@pytest.fixture(scope="module")
def default_curves() -> pd.DataFrame:
    return fx.learning_curves()


def _wide(curves: pd.DataFrame) -> pd.DataFrame:
    return curves.pivot(index="n_train", columns="model", values="test_error").sort_index()


# --------------------------------------------------------------------------- learning curves


def test_columns_and_shape(default_curves):
    assert list(default_curves.columns) == [
        "n_train",
        "model",
        "n_parameters",
        "test_error",
        "test_error_sd",
        "test_error_low",
        "test_error_high",
        "error_floor",
        "compute_flop_proxy",
    ]
    assert len(default_curves) == 2 * len(fx.DEFAULT_TRAIN_SIZES)
    assert set(default_curves["model"]) == {"expert", "flexible"}
    params = default_curves.groupby("model")["n_parameters"].unique()
    assert list(params["expert"]) == [9]
    assert list(params["flexible"]) == [100]


def test_expert_plateaus_at_analytic_floor_above_noise(default_curves):
    floor = fx.expert_error_floor(10, 1, 0.5)
    assert floor == pytest.approx(0.25 + 0.1)
    expert = default_curves[default_curves["model"] == "expert"].set_index("n_train")["test_error"]
    # plateau: the last few sizes sit within 1% of the analytic floor, well above the noise floor
    tail = expert.iloc[-4:]
    assert np.all(np.abs(tail / floor - 1.0) < 0.01)
    assert np.all(tail > 0.5**2 * 1.3)
    # and it has stalled: going from ~4,700 to 20,000 examples gains under 0.5%
    assert expert.iloc[-5] / expert.iloc[-1] < 1.005
    # it learned fast: by 100 examples it is within 15% of the floor
    assert expert.loc[expert.index[expert.index >= 100][0]] < floor * 1.15
    np.testing.assert_allclose(default_curves.loc[default_curves["model"] == "expert", "error_floor"], floor)


def test_expert_without_missed_variables_reaches_noise_floor():
    curves = fx.learning_curves(n_missed=0, train_sizes=[50, 500, 5000])
    expert = curves[curves["model"] == "expert"]["test_error"].to_numpy()
    assert expert[-1] == pytest.approx(0.25, rel=0.01)


def test_flexible_loses_small_wins_large(default_curves):
    wide = _wide(default_curves)
    small = wide[wide.index <= 100]
    assert np.all(small["flexible"] > small["expert"])
    assert wide["flexible"].iloc[-1] < wide["expert"].iloc[-1]
    # the flexible model approaches the noise floor 0.25
    assert wide["flexible"].iloc[-1] == pytest.approx(0.25, rel=0.02)
    assert wide["flexible"].iloc[-1] < fx.expert_error_floor() - 0.08


def test_curves_fall_with_data(default_curves):
    wide = _wide(default_curves)
    for model in ("expert", "flexible"):
        errors = wide[model].to_numpy()
        assert errors[-1] < errors[0]
        assert np.all(np.diff(errors) < 1e-3)  # (near) monotone with the tuned penalty


def test_bands_and_compute_proxy(default_curves):
    c = default_curves
    assert np.all(c["test_error_low"] <= c["test_error"] + 1e-12)
    assert np.all(c["test_error_high"] >= c["test_error_low"])
    assert np.all(c["test_error_sd"] >= 0)
    assert np.all(c["compute_flop_proxy"] == c["n_train"] * c["n_parameters"])
    np.testing.assert_allclose(c.loc[c["model"] == "flexible", "error_floor"], 0.25)


def test_crossover_found(default_curves):
    n_cross = fx.crossover_n(default_curves)
    sizes = np.array(fx.DEFAULT_TRAIN_SIZES)
    assert n_cross in sizes
    assert 100 < n_cross < 2000
    wide = _wide(default_curves)
    after = wide[wide.index >= n_cross]
    before = wide[wide.index < n_cross]
    assert np.all(after["flexible"] < after["expert"])
    assert before["flexible"].iloc[-1] >= before["expert"].iloc[-1]
    interpolated = fx.crossover_n(default_curves, interpolate=True)
    assert before.index[-1] <= interpolated <= n_cross
    # the flexible model pays ~11x the expert's compute for the same data
    at = default_curves[default_curves["n_train"] == n_cross].set_index("model")["compute_flop_proxy"]
    assert at["flexible"] / at["expert"] == pytest.approx(100 / 9)


def test_crossover_moves_with_noise_and_pool():
    sizes = np.unique(np.round(np.geomspace(10, 20_000, 30))).astype(int)
    base = fx.crossover_n(fx.learning_curves(train_sizes=sizes, n_replicates=8))
    noisier = fx.crossover_n(fx.learning_curves(noise_sd=1.0, train_sizes=sizes, n_replicates=8))
    bigger_pool = fx.crossover_n(fx.learning_curves(n_candidates=200, train_sizes=sizes, n_replicates=8))
    assert noisier > base
    assert bigger_pool > base


def test_deterministic_and_seed_sensitive():
    a = fx.learning_curves(train_sizes=[10, 100, 1000], seed=3)
    b = fx.learning_curves(train_sizes=[10, 100, 1000], seed=3)
    c = fx.learning_curves(train_sizes=[10, 100, 1000], seed=4)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert not np.allclose(a["test_error"], c["test_error"])


def test_fixed_ridge_penalty_option():
    curves = fx.learning_curves(ridge_penalty=1.0, train_sizes=[20, 200, 20_000])
    wide = _wide(curves)
    assert wide["flexible"].iloc[-1] < wide["expert"].iloc[-1]


def test_zero_noise_is_allowed():
    curves = fx.learning_curves(noise_sd=0.0, train_sizes=[20, 200, 2000])
    wide = _wide(curves)
    assert wide["flexible"].iloc[-1] < 1e-3
    assert wide["expert"].iloc[-1] == pytest.approx(0.1, rel=0.02)


# --------------------------------------------------------------------------- grid


@pytest.fixture(scope="module")
def grid() -> pd.DataFrame:
    return fx.learning_curve_grid()


def test_grid_shape_and_controls(grid):
    assert list(grid.columns[:3]) == ["n_candidates", "n_missed", "noise_sd"]
    assert len(grid) == 4 * 4 * 3 * 2 * len(fx.DEFAULT_TRAIN_SIZES)
    assert sorted(grid["n_candidates"].unique()) == [25, 50, 100, 200]
    assert sorted(grid["n_missed"].unique()) == [0, 1, 2, 3]
    assert sorted(grid["noise_sd"].unique()) == [0.25, 0.5, 1.0]


def test_grid_matches_single_calls(grid):
    for pool, missed, noise in [(100, 1, 0.5), (25, 3, 1.0)]:
        single = fx.learning_curves(pool, 10, missed, noise)
        sub = grid[(grid["n_candidates"] == pool) & (grid["n_missed"] == missed) & (grid["noise_sd"] == noise)]
        sub = sub.drop(columns=["n_candidates", "n_missed", "noise_sd"]).reset_index(drop=True)
        pd.testing.assert_frame_equal(sub, single, rtol=1e-10)


def test_crossover_table(grid):
    table = fx.crossover_table(grid)
    assert len(table) == 48
    no_miss = table[table["n_missed"] == 0]
    assert no_miss["crossover_n"].isna().all()  # the expert is right: never beaten
    missed = table[table["n_missed"] > 0]
    assert missed["crossover_n"].notna().all()
    row = table[(table["n_candidates"] == 100) & (table["n_missed"] == 1) & (table["noise_sd"] == 0.5)]
    assert row["crossover_n"].iloc[0] == fx.crossover_n(fx.learning_curves())
    assert row["crossover_compute_ratio"].iloc[0] == pytest.approx(100 / 9)
    # more candidates -> later crossover (same missed count and noise)
    for (missed_count, noise), part in missed.groupby(["n_missed", "noise_sd"]):
        values = part.sort_values("n_candidates")["crossover_n"].to_numpy()
        assert np.all(np.diff(values) >= 0), (missed_count, noise)


# --------------------------------------------------------------------------- crossover logic


def _synthetic(expert, flexible, sizes=(10, 20, 40, 80, 160)):
    return pd.DataFrame(
        {
            "n_train": list(sizes) * 2,
            "model": ["expert"] * len(sizes) + ["flexible"] * len(sizes),
            "test_error": list(expert) + list(flexible),
        }
    )


def test_crossover_ignores_early_chance_lead():
    curves = _synthetic([1.0, 0.8, 0.6, 0.5, 0.5], [0.9, 0.9, 0.7, 0.4, 0.3])
    assert fx.crossover_n(curves) == 80.0
    # interpolation: difference +0.1 at 40, -0.1 at 80 -> halfway in log n
    assert fx.crossover_n(curves, interpolate=True) == pytest.approx(math.sqrt(40 * 80))


def test_crossover_never_and_always():
    never = _synthetic([1, 1, 1, 1, 1], [2, 2, 2, 2, 2])
    assert math.isnan(fx.crossover_n(never))
    lead_then_lose = _synthetic([1, 1, 1, 1, 1], [0.5, 0.5, 0.5, 2, 2])
    assert math.isnan(fx.crossover_n(lead_then_lose))
    always = _synthetic([1, 1, 1, 1, 1], [0.5, 0.5, 0.5, 0.5, 0.5])
    assert fx.crossover_n(always) == 10.0
    assert fx.crossover_n(always, interpolate=True) == 10.0


@pytest.mark.parametrize(
    "curves, error, match",
    [
        ("not a frame", TypeError, "curves"),
        (pd.DataFrame({"n_train": [1], "model": ["expert"]}), ValueError, "curves"),
        (pd.DataFrame({"n_train": [], "model": [], "test_error": []}), ValueError, "curves"),
        (_synthetic([1] * 5, [1] * 5).assign(model="expert"), ValueError, "curves"),
        (pd.concat([_synthetic([1] * 5, [2] * 5)] * 2), ValueError, "curves"),
        (_synthetic([1, 1, 1, 1, np.nan], [1] * 5), ValueError, "curves"),
        (_synthetic([1, 1, 1, 1, np.inf], [1] * 5), ValueError, "curves"),
    ],
)
def test_crossover_bad_input(curves, error, match):
    with pytest.raises(error, match=match):
        fx.crossover_n(curves)


def test_crossover_bad_interpolate_and_table_input():
    curves = _synthetic([1] * 5, [2] * 5)
    with pytest.raises(TypeError, match="interpolate"):
        fx.crossover_n(curves, interpolate="yes")
    with pytest.raises(TypeError, match="grid"):
        fx.crossover_table([1, 2, 3])
    with pytest.raises(ValueError, match="grid"):
        fx.crossover_table(curves)  # no control columns
    with pytest.raises(ValueError, match="grid"):
        fx.crossover_table(pd.DataFrame(columns=["n_train", "model", "test_error"]))


# --------------------------------------------------------------------------- error floor


@settings(max_examples=25, deadline=None)
@given(
    n_true=st.integers(1, 50),
    data=st.data(),
    noise_sd=st.floats(0, 10, allow_nan=False),
    signal=st.floats(0.01, 100),
)
def test_floor_formula_properties(n_true, data, noise_sd, signal):
    n_missed = data.draw(st.integers(0, n_true - 1))
    floor = fx.expert_error_floor(n_true, n_missed, noise_sd, signal_variance=signal)
    assert floor == pytest.approx(noise_sd**2 + signal * n_missed / n_true)
    assert floor >= noise_sd**2
    if n_missed + 1 <= n_true - 1:
        assert fx.expert_error_floor(n_true, n_missed + 1, noise_sd, signal_variance=signal) > floor


@settings(max_examples=8, deadline=None)
@given(n_missed=st.integers(0, 4), noise_sd=st.sampled_from([0.1, 0.5, 1.0]), seed=st.integers(0, 1000))
def test_expert_plateau_matches_floor_property(n_missed, noise_sd, seed):
    curves = fx.learning_curves(
        n_candidates=30, n_true=5, n_missed=n_missed, noise_sd=noise_sd, train_sizes=[20, 50_000], n_replicates=5, seed=seed
    )
    expert = curves[curves["model"] == "expert"]["test_error"].iloc[-1]
    floor = fx.expert_error_floor(5, n_missed, noise_sd)
    assert expert == pytest.approx(floor, rel=0.01)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"n_true": 0}, ValueError, "n_true"),
        ({"n_true": 2.5}, TypeError, "n_true"),
        ({"n_missed": 10}, ValueError, "n_missed"),
        ({"n_missed": -1}, ValueError, "n_missed"),
        ({"noise_sd": -0.1}, ValueError, "noise_sd"),
        ({"noise_sd": math.nan}, ValueError, "noise_sd"),
        ({"noise_sd": math.inf}, ValueError, "noise_sd"),
        ({"noise_sd": "0.5"}, TypeError, "noise_sd"),
        ({"signal_variance": 0.0}, ValueError, "signal_variance"),
    ],
)
def test_floor_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        fx.expert_error_floor(**kwargs)


# --------------------------------------------------------------------------- bad input: simulations


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"n_candidates": 0}, ValueError, "n_candidates"),
        ({"n_candidates": 10.0}, TypeError, "n_candidates"),
        ({"n_candidates": 5, "n_true": 10}, ValueError, "n_true"),
        ({"n_true": 0}, ValueError, "n_true"),
        ({"n_missed": 10}, ValueError, "n_missed"),
        ({"n_missed": -1}, ValueError, "n_missed"),
        ({"n_missed": True}, TypeError, "n_missed"),
        ({"noise_sd": -1.0}, ValueError, "noise_sd"),
        ({"noise_sd": math.nan}, ValueError, "noise_sd"),
        ({"noise_sd": math.inf}, ValueError, "noise_sd"),
        ({"noise_sd": None}, TypeError, "noise_sd"),
        ({"signal_variance": -1.0}, ValueError, "signal_variance"),
        ({"train_sizes": []}, ValueError, "train_sizes"),
        ({"train_sizes": [10, 5]}, ValueError, "train_sizes"),
        ({"train_sizes": [10, 10]}, ValueError, "train_sizes"),
        ({"train_sizes": [0, 10]}, ValueError, "train_sizes"),
        ({"train_sizes": [10.5, 20]}, ValueError, "train_sizes"),
        ({"train_sizes": [10, math.nan]}, ValueError, "train_sizes"),
        ({"train_sizes": [[10, 20]]}, ValueError, "train_sizes"),
        ({"train_sizes": "10,20"}, TypeError, "train_sizes"),
        ({"train_sizes": [10, 20_000_000]}, ValueError, "train_sizes"),
        ({"n_replicates": 1}, ValueError, "n_replicates"),
        ({"n_replicates": 2.0}, TypeError, "n_replicates"),
        ({"ridge_penalty": 0.0}, ValueError, "ridge_penalty"),
        ({"ridge_penalty": -1.0}, ValueError, "ridge_penalty"),
        ({"ridge_penalty": math.inf}, ValueError, "ridge_penalty"),
        ({"band": 1.0}, ValueError, "band"),
        ({"band": 0.0}, ValueError, "band"),
        ({"seed": -1}, ValueError, "seed"),
        ({"seed": 1.5}, TypeError, "seed"),
    ],
)
def test_learning_curves_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        fx.learning_curves(**kwargs)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"pool_sizes": []}, ValueError, "pool_sizes"),
        ({"pool_sizes": [5]}, ValueError, "pool_sizes"),
        ({"pool_sizes": [50.5]}, ValueError, "pool_sizes"),
        ({"pool_sizes": [50, 50]}, ValueError, "pool_sizes"),
        ({"pool_sizes": [50, math.nan]}, ValueError, "pool_sizes"),
        ({"pool_sizes": "50"}, TypeError, "pool_sizes"),
        ({"missed_counts": [10]}, ValueError, "missed_counts"),
        ({"missed_counts": [-1]}, ValueError, "missed_counts"),
        ({"missed_counts": [0.5]}, ValueError, "missed_counts"),
        ({"missed_counts": [[1]]}, ValueError, "missed_counts"),
        ({"noise_levels": [-0.5]}, ValueError, "noise_levels"),
        ({"noise_levels": [math.inf]}, ValueError, "noise_levels"),
        ({"noise_levels": []}, ValueError, "noise_levels"),
        ({"n_true": 0}, ValueError, "n_true"),
        ({"n_replicates": 0}, ValueError, "n_replicates"),
        ({"ridge_penalty": -1.0}, ValueError, "ridge_penalty"),
        ({"train_sizes": [5, 1]}, ValueError, "train_sizes"),
        ({"seed": "0"}, TypeError, "seed"),
    ],
)
def test_grid_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        fx.learning_curve_grid(**kwargs)


# --------------------------------------------------------------------------- approximation demo


def test_target_function_values():
    assert fx.target_function(0.0) == pytest.approx(0.0)
    assert fx.target_function(1.0) == pytest.approx(1.0, abs=1e-12)
    x = np.linspace(0, 1, 5)
    expected = np.sin(3 * np.pi * x) + 0.3 * np.sin(11 * np.pi * x) + x
    np.testing.assert_allclose(fx.target_function(x), expected)
    for bad, error in [(1.5, ValueError), (-0.1, ValueError), (math.nan, ValueError), ("x", TypeError), ([0.2, 2.0], ValueError), ([], ValueError)]:
        with pytest.raises(error, match="x"):
            fx.target_function(bad)


def test_approximation_demo():
    predictions, summary = fx.approximation_demo()
    assert list(predictions.columns) == ["x", "model", "width", "n_parameters", "prediction", "target"]
    assert list(summary.columns) == ["model", "width", "n_parameters", "rmse", "max_abs_error"]
    assert len(predictions) == 7 * 201
    np.testing.assert_allclose(predictions["target"], fx.target_function(predictions["x"].to_numpy()))
    relu = summary[summary["model"] == "random_relu"].sort_values("width")
    expert = summary[summary["model"] == "expert_polynomial"].iloc[0]
    assert expert["n_parameters"] == 3
    assert expert["rmse"] > 0.3  # a quadratic cannot follow the wiggles
    assert relu["rmse"].iloc[-1] < 0.02  # 200 random ReLU units can
    assert relu["rmse"].iloc[-1] < relu["rmse"].iloc[0] / 20
    assert np.all(np.diff(relu["rmse"].to_numpy()) < 0)  # nested units: wider is better here
    assert np.all(relu.loc[relu["width"] >= 10, "rmse"] < expert["rmse"])
    assert np.all(summary["max_abs_error"] >= summary["rmse"])
    again = fx.approximation_demo()
    pd.testing.assert_frame_equal(predictions, again[0], check_exact=True)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"widths": []}, ValueError, "widths"),
        ({"widths": [0, 5]}, ValueError, "widths"),
        ({"widths": [5.5]}, ValueError, "widths"),
        ({"widths": [5, 5]}, ValueError, "widths"),
        ({"widths": [5, math.nan]}, ValueError, "widths"),
        ({"widths": "5"}, TypeError, "widths"),
        ({"widths": [[5]]}, ValueError, "widths"),
        ({"expert_degree": -1}, ValueError, "expert_degree"),
        ({"expert_degree": 1.0}, TypeError, "expert_degree"),
        ({"n_fit": 1}, ValueError, "n_fit"),
        ({"n_points": 0}, ValueError, "n_points"),
        ({"seed": -3}, ValueError, "seed"),
    ],
)
def test_approximation_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        fx.approximation_demo(**kwargs)


# ---------------------------------------------------------------------------------------------
# crossover points (the marks of the chapter's charts)
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def crossover_grid() -> pd.DataFrame:
    return fx.learning_curve_grid((25, 50), (0, 1, 2), (0.25, 0.5), n_replicates=6, seed=3)


def test_crossover_points_match_the_library(crossover_grid):
    points = fx.crossover_points(crossover_grid)
    table = fx.crossover_table(crossover_grid)
    assert len(points) == 2 * len(table)
    merged = points[points["model"] == "flexible"].merge(table, on=["n_candidates", "n_missed", "noise_sd"], suffixes=("", "_lib"))
    np.testing.assert_array_equal(merged["crossover_n"].to_numpy(), merged["crossover_n_lib"].to_numpy())
    np.testing.assert_allclose(merged["crossover_compute_ratio"], merged["crossover_compute_ratio_lib"])
    # An expert who missed nothing is never overtaken (our set-up's qualitative fact).
    assert points.loc[points["n_missed"] == 0, "crossover_n"].isna().all()
    assert points.loc[points["n_missed"] > 0, "crossover_n"].notna().all()
    # The error and compute at the crossover are the grid's own rows at that size.
    row = points[(points["model"] == "expert") & points["crossover_n"].notna()].iloc[0]
    match = crossover_grid[
        (crossover_grid["n_candidates"] == row["n_candidates"]) & (crossover_grid["n_missed"] == row["n_missed"]) & (crossover_grid["noise_sd"] == row["noise_sd"])
        & (crossover_grid["model"] == "expert") & (crossover_grid["n_train"] == row["crossover_n"])
    ]
    assert row["test_error"] == match["test_error"].iloc[0]
    assert row["compute_flop_proxy"] == row["crossover_n"] * (10 - row["n_missed"])
    assert "Flexible wins from n =" in row["crossover_label"]


def test_crossover_points_refuses_bad_input(crossover_grid):
    with pytest.raises(TypeError, match="curves"):
        fx.crossover_points([1, 2, 3])
    with pytest.raises(ValueError, match="missing column"):
        fx.crossover_points(crossover_grid.drop(columns="test_error"))
    with pytest.raises(ValueError, match="empty"):
        fx.crossover_points(crossover_grid.iloc[0:0])


def test_crossover_points_of_one_setting():
    curves = fx.learning_curves(30, 5, 1, 0.5, n_replicates=3, train_sizes=[5, 10, 20, 40, 80, 160])
    points = fx.crossover_points(curves)
    assert list(points["model"]) == ["expert", "flexible"]
    assert "n_candidates" not in points.columns  # one setting: no control columns
    np.testing.assert_array_equal(points["crossover_n"].to_numpy(), np.full(2, fx.crossover_n(curves)))
    with pytest.raises(ValueError, match="compute_flop_proxy"):
        fx.crossover_points(curves.drop(columns="compute_flop_proxy"))

