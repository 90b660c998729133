"""Tests for scaling_lib.simulations.overparameterization."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib.simulations import overparameterization as ov


@pytest.fixture(scope="module")
def curve() -> pd.DataFrame:
    return ov.double_descent_curve()


# --------------------------------------------------------------------------- double descent


def test_default_grid():
    grid = ov.default_features_grid(60)
    assert 30 <= grid.size <= 40
    assert 60 in grid
    assert grid[0] == 2 and grid[-1] == 600
    assert np.all(np.diff(grid) > 0)


def test_curve_columns(curve):
    assert list(curve.columns) == ["n_features", "params_per_datapoint", "train_error", "test_error", "test_error_median"]
    np.testing.assert_allclose(curve["params_per_datapoint"], curve["n_features"] / 60)
    assert np.all(curve["test_error"] >= 0.2**2)  # never below the noise floor


def _peak_within_one_step(frame: pd.DataFrame, n_train: int) -> bool:
    grid = frame["n_features"].to_numpy()
    peak = int(np.argmax(frame["test_error"].to_numpy()))
    threshold = int(np.argmin(np.abs(grid - n_train)))
    return abs(peak - threshold) <= 1


def test_peak_at_interpolation_threshold(curve):
    peak = curve.loc[curve["test_error"].idxmax(), "n_features"]
    assert peak == 60
    for n_train, noise in [(40, 0.2), (100, 0.2), (60, 0.5), (60, 0.0)]:
        frame = ov.double_descent_curve(n_train=n_train, noise_sd=noise)
        assert _peak_within_one_step(frame, n_train), (n_train, noise)


def test_classical_u_then_second_descent(curve):
    below = curve[curve["n_features"] < 60]
    above = curve[curve["n_features"] > 60]
    best_below = below["test_error"].min()
    # the U: error first falls, then rises towards the threshold
    assert below["test_error"].iloc[0] > 2 * best_below
    assert below["test_error"].iloc[-1] > 2 * best_below
    best_index = below["test_error"].idxmin()
    assert below.index[0] < best_index < below.index[-1]
    # second descent: far past the threshold the error is back down, here below the classical optimum
    assert above["test_error"].iloc[-1] < above["test_error"].iloc[0] / 3
    assert above["test_error"].iloc[-1] < best_below
    # the spike is large compared with both
    assert curve["test_error"].max() > 20 * best_below


def test_training_error_zero_beyond_threshold(curve):
    below = curve[curve["n_features"] < 50]
    above = curve[curve["n_features"] > 60]
    assert np.all(above["train_error"] < 1e-12)
    assert np.all(below["train_error"] > 1e-3)
    assert np.all(np.diff(below["train_error"].to_numpy()) < 0)  # nested features: fit improves


def test_ridge_tames_the_peak(curve):
    peak_free = curve["test_error"].max()
    at_threshold = curve.loc[curve["n_features"] == 60, "test_error"].iloc[0]
    previous = at_threshold
    for ridge in (1e-7, 1e-6, 1e-5):
        ridged = ov.double_descent_curve(ridge=ridge)
        assert ridged["test_error"].max() < peak_free / 10
        value = ridged.loc[ridged["n_features"] == 60, "test_error"].iloc[0]
        assert value < previous
        previous = value
    # with enough ridge the curve has no spike at all: the threshold is no worse than the far end
    ridged = ov.double_descent_curve(ridge=1e-3)
    assert ridged.loc[ridged["n_features"] == 60, "test_error"].iloc[0] < 1.5 * ridged["test_error"].iloc[-1]
    assert np.all(ridged["train_error"] > 0)


def test_noise_raises_the_peak():
    quiet = ov.double_descent_curve(noise_sd=0.0)
    noisy = ov.double_descent_curve(noise_sd=0.5)
    assert noisy["test_error"].max() > quiet["test_error"].max()


def test_deterministic(curve):
    again = ov.double_descent_curve()
    pd.testing.assert_frame_equal(curve, again, check_exact=True)
    other = ov.double_descent_curve(seed=1)
    assert not np.allclose(curve["test_error"], other["test_error"])


def test_custom_grid_and_matches_default_rows(curve):
    frame = ov.double_descent_curve(n_features_grid=[10, 60, 600])
    assert list(frame["n_features"]) == [10, 60, 600]
    # nested features: the same sizes give the same numbers whatever else is on the grid
    expected = curve.set_index("n_features").loc[[60, 600], "test_error"].to_numpy()
    np.testing.assert_allclose(frame["test_error"].iloc[1:], expected, rtol=1e-8)


def test_grid_matches_single_curves():
    grid = ov.double_descent_grid(n_train_values=[40, 60], noise_levels=[0.0, 0.2], ridge_values=[0.0, 1e-6])
    assert list(grid.columns[:3]) == ["n_train", "noise_sd", "ridge"]
    assert len(grid) == 2 * 2 * (len(ov.default_features_grid(40)) + len(ov.default_features_grid(60)))
    for n_train, noise, ridge in [(60, 0.2, 0.0), (40, 0.0, 1e-6)]:
        single = ov.double_descent_curve(n_train=n_train, noise_sd=noise, ridge=ridge)
        sub = grid[(grid["n_train"] == n_train) & (grid["noise_sd"] == noise) & (grid["ridge"] == ridge)]
        sub = sub.drop(columns=["n_train", "noise_sd", "ridge"]).reset_index(drop=True)
        pd.testing.assert_frame_equal(sub, single, rtol=1e-9, atol=1e-20)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"n_train": 3}, ValueError, "n_train"),
        ({"n_train": 60.0}, TypeError, "n_train"),
        ({"n_features_grid": []}, ValueError, "n_features_grid"),
        ({"n_features_grid": [0, 10]}, ValueError, "n_features_grid"),
        ({"n_features_grid": [10, 5]}, ValueError, "n_features_grid"),
        ({"n_features_grid": [10.5]}, ValueError, "n_features_grid"),
        ({"n_features_grid": [10, math.nan]}, ValueError, "n_features_grid"),
        ({"n_features_grid": [[10, 20]]}, ValueError, "n_features_grid"),
        ({"n_features_grid": "10"}, TypeError, "n_features_grid"),
        ({"noise_sd": -0.1}, ValueError, "noise_sd"),
        ({"noise_sd": math.nan}, ValueError, "noise_sd"),
        ({"noise_sd": math.inf}, ValueError, "noise_sd"),
        ({"noise_sd": "0.2"}, TypeError, "noise_sd"),
        ({"ridge": -1e-3}, ValueError, "ridge"),
        ({"ridge": math.inf}, ValueError, "ridge"),
        ({"ridge": None}, TypeError, "ridge"),
        ({"n_replicates": 0}, ValueError, "n_replicates"),
        ({"input_dim": 0}, ValueError, "input_dim"),
        ({"n_test": 0}, ValueError, "n_test"),
        ({"seed": -1}, ValueError, "seed"),
        ({"seed": 0.5}, TypeError, "seed"),
    ],
)
def test_curve_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        ov.double_descent_curve(**kwargs)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"n_train_values": []}, ValueError, "n_train_values"),
        ({"n_train_values": [2]}, ValueError, "n_train_values"),
        ({"n_train_values": [40.5]}, ValueError, "n_train_values"),
        ({"n_train_values": [40, 40]}, ValueError, "n_train_values"),
        ({"n_train_values": "40"}, TypeError, "n_train_values"),
        ({"noise_levels": [-1.0]}, ValueError, "noise_levels"),
        ({"noise_levels": [math.nan]}, ValueError, "noise_levels"),
        ({"noise_levels": [0.1, 0.1]}, ValueError, "noise_levels"),
        ({"ridge_values": [-1e-3]}, ValueError, "ridge_values"),
        ({"ridge_values": [math.inf]}, ValueError, "ridge_values"),
        ({"ridge_values": [[0.0]]}, ValueError, "ridge_values"),
        ({"n_replicates": -1}, ValueError, "n_replicates"),
        ({"seed": None}, TypeError, "seed"),
    ],
)
def test_grid_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        ov.double_descent_grid(**kwargs)


def test_default_grid_bad_input():
    with pytest.raises(ValueError, match="n_train"):
        ov.default_features_grid(0)
    with pytest.raises(TypeError, match="n_train"):
        ov.default_features_grid("60")


# --------------------------------------------------------------------------- gradient descent


@pytest.fixture(scope="module")
def gd():
    return ov.gradient_descent_min_norm()


def test_gd_from_zero_reaches_min_norm(gd):
    trace, summary = gd
    assert summary["final_distance_zero"] < 1e-6
    assert summary["final_loss_zero"] < 1e-12
    assert summary["final_norm_zero"] == pytest.approx(summary["min_norm_norm"], rel=1e-6)
    zero = trace[trace["start"] == "zero"]
    assert zero["distance_to_min_norm"].iloc[0] == pytest.approx(1.0)  # ||0 - w|| / ||w||
    assert np.all(np.diff(zero["distance_to_min_norm"].to_numpy()) <= 1e-12)
    assert np.all(zero["weight_norm"] <= summary["min_norm_norm"] * (1 + 1e-9))


def test_gd_from_nonzero_ends_elsewhere_with_larger_norm(gd):
    trace, summary = gd
    assert summary["final_loss_nonzero"] < 1e-12  # it interpolates too ...
    assert summary["final_distance_nonzero"] > 0.1  # ... but at a different solution
    assert summary["final_distance_nonzero"] == pytest.approx(summary["predicted_distance_nonzero"], rel=1e-6)
    assert summary["final_norm_nonzero"] > summary["min_norm_norm"] * 1.1
    # Pythagoras: the null-space part of the start is added orthogonally to the min-norm solution
    expected = summary["min_norm_norm"] * math.sqrt(1 + summary["predicted_distance_nonzero"] ** 2)
    assert summary["final_norm_nonzero"] == pytest.approx(expected, rel=1e-6)


def test_gd_trace_shape(gd):
    trace, summary = gd
    assert list(trace.columns) == ["step", "start", "distance_to_min_norm", "train_loss", "weight_norm"]
    assert len(trace) == 2 * 301
    assert set(trace["start"]) == {"zero", "nonzero"}
    assert summary["learning_rate"] > 0


def test_gd_deterministic_and_few_steps_not_converged(gd):
    again = ov.gradient_descent_min_norm()
    pd.testing.assert_frame_equal(gd[0], again[0], check_exact=True)
    short, summary = ov.gradient_descent_min_norm(n_steps=3)
    assert summary["final_distance_zero"] > 1e-3


@settings(max_examples=10, deadline=None)
@given(n_samples=st.integers(2, 15), extra=st.integers(1, 40), seed=st.integers(0, 10_000))
def test_gd_min_norm_property(n_samples, extra, seed):
    # well over-determined in features (at least 4 per sample), so 4,000 steps are plenty
    _, summary = ov.gradient_descent_min_norm(n_samples, 4 * n_samples + extra, n_steps=4000, seed=seed)
    assert summary["final_distance_zero"] < 1e-6
    assert summary["final_norm_nonzero"] >= summary["final_norm_zero"] - 1e-9


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"n_samples": 0}, ValueError, "n_samples"),
        ({"n_samples": 2.0}, TypeError, "n_samples"),
        ({"n_samples": 20, "n_features": 20}, ValueError, "n_features"),
        ({"n_features": 5}, ValueError, "n_features"),
        ({"n_steps": 0}, ValueError, "n_steps"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate"),
        ({"learning_rate": -0.1}, ValueError, "learning_rate"),
        ({"learning_rate": 100.0}, ValueError, "learning_rate"),
        ({"learning_rate": math.nan}, ValueError, "learning_rate"),
        ({"learning_rate": "0.1"}, TypeError, "learning_rate"),
        ({"init_scale": 0.0}, ValueError, "init_scale"),
        ({"init_scale": math.inf}, ValueError, "init_scale"),
        ({"seed": -1}, ValueError, "seed"),
    ],
)
def test_gd_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        ov.gradient_descent_min_norm(**kwargs)


# --------------------------------------------------------------------------- arithmetic


def test_params_per_datapoint_noisy_student():
    assert ov.params_per_datapoint() == pytest.approx(400.0)
    assert ov.params_per_datapoint(480e6, 1.2e6) == pytest.approx(400.0)
    assert ov.params_per_datapoint(10, 100) == pytest.approx(0.1)


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"parameters": 0}, ValueError, "parameters"),
        ({"parameters": -5}, ValueError, "parameters"),
        ({"parameters": math.nan}, ValueError, "parameters"),
        ({"parameters": "480e6"}, TypeError, "parameters"),
        ({"data_points": 0}, ValueError, "data_points"),
        ({"data_points": math.inf}, ValueError, "data_points"),
        ({"data_points": [1.2e6]}, TypeError, "data_points"),
    ],
)
def test_params_per_datapoint_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        ov.params_per_datapoint(**kwargs)


def test_cost_growth_k4():
    assert ov.cost_growth(100) == pytest.approx(10_000)  # 10x better: 100x data, 10,000x compute
    assert ov.cost_growth(4) == pytest.approx(16)
    assert ov.cost_growth(100, params_scale_with_data=False) == pytest.approx(100)
    np.testing.assert_allclose(ov.cost_growth([1, 4, 100]), [1, 16, 10_000])
    np.testing.assert_allclose(ov.cost_growth(np.array([2.0, 9.0]), False), [2.0, 9.0])


@settings(max_examples=50, deadline=None)
@given(k=st.floats(1.0, 1e6), j=st.floats(1.0, 1e6))
def test_cost_growth_properties(k, j):
    assert ov.cost_growth(k**2) == pytest.approx(k**4, rel=1e-12)
    assert ov.cost_growth(k * j) == pytest.approx(ov.cost_growth(k) * ov.cost_growth(j), rel=1e-12)
    assert ov.cost_growth(k) >= ov.cost_growth(k, params_scale_with_data=False)


@pytest.mark.parametrize(
    "value, error",
    [(0.0, ValueError), (-2.0, ValueError), (math.nan, ValueError), (math.inf, ValueError), ("4", TypeError),
     ([], ValueError), ([[2.0]], ValueError), ([2.0, -1.0], ValueError), ([2.0, math.nan], ValueError), (None, TypeError)],
)
def test_cost_growth_bad_input(value, error):
    with pytest.raises(error, match="data_multiplier"):
        ov.cost_growth(value)


def test_cost_growth_bad_flag():
    with pytest.raises(TypeError, match="params_scale_with_data"):
        ov.cost_growth(4, params_scale_with_data="yes")
