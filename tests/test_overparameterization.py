"""Tests for scaling_lib.overparameterization: the seeded draws and the double-descent grid."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from scaling_lib import overparameterization as op

SETTINGS = [(40, 0.0), (40, 0.5), (60, 0.2), (100, 0.2)]


@pytest.fixture(scope="module")
def grid() -> pd.DataFrame:
    return op.double_descent_grid()


def setting(grid, n_train, noise_sd, ridge=0.0) -> pd.DataFrame:
    rows = grid[(grid["n_train"] == n_train) & np.isclose(grid["noise_sd"], noise_sd) & np.isclose(grid["ridge"], ridge)]
    return rows.set_index("n_features")


def lstsq_curve(n_train: int, noise_sd: float, ridge: float, n_replicates: int, seed: int = 0) -> pd.Series:
    """Test MSE per size, recomputed draw by draw with numpy's lstsq (ridge as an augmented least-squares problem)."""
    rng = np.random.default_rng(seed)
    x_train, noise, x_test = rng.standard_normal((n_train, 5)), rng.standard_normal(n_train), rng.standard_normal((500, 5))
    w_all = rng.standard_normal((n_replicates, 5, 10 * n_train)) / math.sqrt(5)
    b_all = rng.uniform(-1, 1, (n_replicates, 1, 10 * n_train))
    target = lambda x: x.sum(axis=1) / math.sqrt(5) + 0.5 * np.sin(2 * x[:, 0])  # noqa: E731
    y = target(x_train) + noise_sd * noise
    errors = {}
    for n_features in op.model_sizes(n_train):
        per_draw = []
        for w, b in zip(w_all[..., :n_features], b_all[..., :n_features]):
            a = np.maximum(0, x_train @ w + b) / math.sqrt(n_features)
            if ridge > 0:  # min ‖y − a c‖² + nλ‖c‖² is least squares on [a; √(nλ) I]
                a, target_y = np.vstack([a, math.sqrt(n_train * ridge) * np.eye(n_features)]), np.r_[y, np.zeros(n_features)]
            else:
                target_y = y
            coef = np.linalg.lstsq(a, target_y, rcond=1e-15)[0]
            per_draw.append(np.mean((np.maximum(0, x_test @ w + b) / math.sqrt(n_features) @ coef - target(x_test)) ** 2))
        errors[int(n_features)] = np.mean(per_draw) + noise_sd**2
    return pd.Series(errors)


# --------------------------------------------------------------------------- model sizes and draws


@pytest.mark.parametrize("n_train", [4, 40, 60, 100, 2000])
def test_model_sizes(n_train):
    sizes = op.model_sizes(n_train)
    assert sizes[0] == 2 and sizes[-1] == 10 * n_train and n_train in sizes
    assert np.all(np.diff(sizes) > 0) and sizes.dtype.kind == "i"
    assert len(sizes) <= 33


def test_draw_task_shapes_formula_and_seed():
    task = op.draw_task(30, max_features=50, n_replicates=3, input_dim=4, n_test=70, seed=5)
    assert task.x_train.shape == (30, 4) and task.x_test.shape == (70, 4) and task.unit_noise.shape == (30,)
    assert task.weights.shape == (3, 4, 50) and task.biases.shape == (3, 1, 50)
    assert np.all(np.abs(task.biases) <= 1)
    for x, f in ((task.x_train, task.f_train), (task.x_test, task.f_test)):
        np.testing.assert_allclose(f, x.sum(axis=1) / 2 + 0.5 * np.sin(2 * x[:, 0]))
    again = op.draw_task(30, max_features=50, n_replicates=3, input_dim=4, n_test=70, seed=5)
    np.testing.assert_array_equal(task.weights, again.weights)
    other = op.draw_task(30, max_features=50, n_replicates=3, input_dim=4, n_test=70, seed=6)
    assert not np.allclose(task.x_train, other.x_train)
    assert op.draw_task(12).weights.shape == (8, 5, 120), "default: 8 draws of 10·n_train features"


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"n_train": 3}, ValueError, "n_train"),
        ({"n_train": 60.0}, TypeError, "n_train"),
        ({"max_features": 0}, ValueError, "max_features"),
        ({"n_replicates": 0}, ValueError, "n_replicates"),
        ({"input_dim": 0}, ValueError, "input_dim"),
        ({"n_test": 0}, ValueError, "n_test"),
        ({"seed": -1}, ValueError, "seed"),
    ],
)
def test_draw_task_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        op.draw_task(**kwargs)


def test_model_sizes_bad_input():
    with pytest.raises(ValueError, match="n_train"):
        op.model_sizes(2)
    with pytest.raises(TypeError, match="n_train"):
        op.model_sizes("60")


# --------------------------------------------------------------------------- the grid


def test_grid_columns_and_shape(grid):
    assert list(grid.columns) == ["n_train", "noise_sd", "ridge", "n_features", "train_error", "test_error"]
    assert len(grid) == sum(len(op.model_sizes(n)) for n in (40, 60, 100)) * 3 * 5
    assert np.all(grid["test_error"] >= grid["noise_sd"] ** 2), "never below the noise floor"


@pytest.mark.parametrize("n_train, noise_sd, ridge", [(20, 0.3, 0.0), (20, 0.0, 0.0), (20, 0.3, 1e-4)])
def test_grid_matches_an_independent_lstsq_loop(n_train, noise_sd, ridge):
    mine = op.double_descent_grid([n_train], [noise_sd], [ridge], n_replicates=3, seed=4).set_index("n_features")["test_error"]
    np.testing.assert_allclose(mine, lstsq_curve(n_train, noise_sd, ridge, n_replicates=3, seed=4), rtol=1e-6)


@pytest.mark.parametrize("n_train, noise_sd", SETTINGS)
def test_spike_at_the_interpolation_threshold(grid, n_train, noise_sd):
    curve = setting(grid, n_train, noise_sd)
    assert curve["test_error"].idxmax() == n_train


def test_classical_u_then_second_descent(grid):
    curve = setting(grid, 60, 0.2)["test_error"]
    below, above = curve[curve.index < 60], curve[curve.index > 60]
    assert below.iloc[0] > 2 * below.min() and below.iloc[-1] > 2 * below.min(), "the U falls, then rises"
    assert below.index[0] < below.idxmin() < below.index[-1]
    assert above.iloc[-1] < above.iloc[0] / 3 and above.iloc[-1] < below.min(), "the second descent ends below the U"
    assert curve.max() > 20 * below.min()


def test_training_error_zero_beyond_threshold(grid):
    curve = setting(grid, 60, 0.2)
    assert np.all(curve.loc[curve.index > 60, "train_error"] < 1e-12)
    below = curve.loc[curve.index < 50, "train_error"]
    assert np.all(below > 1e-3) and np.all(np.diff(below.to_numpy()) < 0), "nested features: the fit improves"


def test_ridge_tames_the_spike(grid):
    peaks = [setting(grid, 60, 0.2, ridge)["test_error"].max() for ridge in (0.0, 1e-7, 1e-6, 1e-5, 1e-3)]
    assert all(a > b for a, b in zip(peaks, peaks[1:])), "each larger penalty lowers the highest error"
    strong = setting(grid, 60, 0.2, 1e-3)["test_error"]
    assert strong.idxmax() == 2 and strong.min() < setting(grid, 60, 0.2)["test_error"].min()


def test_noise_raises_the_spike(grid):
    assert setting(grid, 40, 0.5)["test_error"].max() > setting(grid, 40, 0.0)["test_error"].max()


def test_grid_rows_do_not_depend_on_the_other_settings(grid):
    alone = op.double_descent_grid([60], [0.2], [1e-6])
    np.testing.assert_allclose(alone["test_error"], setting(grid, 60, 0.2, 1e-6)["test_error"], rtol=1e-9)
    pd.testing.assert_frame_equal(alone, op.double_descent_grid([60], [0.2], [1e-6]))  # deterministic
    again = alone
    other_seed = op.double_descent_grid([60], [0.2], [1e-6], seed=1)
    assert not np.allclose(other_seed["test_error"], again["test_error"])


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"n_train_values": [3]}, ValueError, "n_train_values"),
        ({"n_train_values": [40.5]}, ValueError, "whole numbers"),
        ({"noise_levels": [-0.1]}, ValueError, "noise_levels"),
        ({"noise_levels": [np.nan]}, ValueError, "noise_levels"),
        ({"ridge_values": [-1.0]}, ValueError, "ridge_values"),
        ({"ridge_values": []}, ValueError, "ridge_values"),
        ({"ridge_values": "0"}, TypeError, "ridge_values"),
        ({"n_replicates": 0}, ValueError, "n_replicates"),
        ({"seed": 2**40}, ValueError, "seed"),
    ],
)
def test_grid_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        op.double_descent_grid(**kwargs)
