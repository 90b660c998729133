"""Every number the overparameterization chapter glues into its prose, recomputed here another way.

The chapter fits with ``np.linalg.pinv`` and the ridge normal equations, and the library with one
eigendecomposition per size; here every fit is ``scipy.linalg.lstsq`` draw by draw (ridge as least
squares on the augmented system [A; √(nλ) I]), and the gradient-descent results come from the null
space of X instead of running gradient descent. The draws themselves come from ``draw_task``, whose
own tests check them against their documented formula.
"""
from __future__ import annotations

import functools
import math

import numpy as np
import pytest
import scipy.linalg
from threadpoolctl import threadpool_limits

from scaling_lib import overparameterization as op
from tests.conftest import glued

CHAPTER = "book/overparameterization"
pytestmark = pytest.mark.slow


def shown(name: str) -> tuple[float, float]:
    """The glued value as a number, and half a unit of its last shown digit (its rounding)."""
    text = glued(CHAPTER)[name].replace(",", "")
    mantissa, _, exponent = text.partition("e")
    decimals = len(mantissa.partition(".")[2])
    return float(text), 0.5 * 10.0 ** (int(exponent or 0) - decimals)


def assert_shown(name: str, value: float) -> None:
    number, rounding = shown(name)
    slack = 1e-6 * abs(value)  # the two routes agree to about 1e-8; a value on a rounding edge may round either way
    assert abs(number - value) <= rounding + slack, f"{name}: page shows {number}, recomputed {value}"


def target(x: np.ndarray) -> np.ndarray:
    return x.sum(axis=1) / math.sqrt(x.shape[1]) + 0.5 * np.sin(2 * x[:, 0])


@functools.cache
def curve(n_train: int, noise_sd: float, ridge: float) -> dict[int, dict[str, float]]:
    """Train and test MSE (and mean weight norm) per model size, fitted draw by draw with scipy's lstsq."""
    task = op.draw_task(n_train, seed=0)
    y = target(task.x_train) + noise_sd * task.unit_noise
    out = {}
    with threadpool_limits(limits=1, user_api="blas"):
        for n_features in op.model_sizes(n_train):
            train, test, norms = [], [], []
            for w, b in zip(task.weights[..., :n_features], task.biases[..., :n_features]):
                a = np.maximum(0, task.x_train @ w + b) / math.sqrt(n_features)
                if ridge > 0:
                    system, rhs = np.vstack([a, math.sqrt(n_train * ridge) * np.eye(n_features)]), np.r_[y, np.zeros(n_features)]
                else:
                    system, rhs = a, y
                coef = scipy.linalg.lstsq(system, rhs, cond=1e-15)[0]
                train.append(np.mean((a @ coef - y) ** 2))
                test.append(np.mean((np.maximum(0, task.x_test @ w + b) / math.sqrt(n_features) @ coef - target(task.x_test)) ** 2))
                norms.append(np.linalg.norm(coef))
            out[int(n_features)] = {"train": np.mean(train), "test": np.mean(test) + noise_sd**2, "norm": np.mean(norms)}
    return out


def test_noisy_student_ratio():
    assert_shown("ns_ratio", 480e6 / 1.2e6)


def test_wide_model_interpolates_and_generalizes():
    wide = curve(60, 0.2, 0.0)[600]
    assert shown("wide_train")[0] < 1e-20 and wide["train"] < 1e-20
    assert_shown("wide_test", wide["test"])
    x_test = op.draw_task(60, seed=0).x_test
    assert_shown("zero_error", np.mean(target(x_test) ** 2) + 0.2**2)


def test_double_descent_numbers():
    errors = {n: v["test"] for n, v in curve(60, 0.2, 0.0).items()}
    below = {n: e for n, e in errors.items() if n < 60}
    peak_at = max(errors, key=errors.get)
    sizes = {2, 60} | set(np.round(np.linspace(2, 120, 22)).astype(int)) | set(np.round(np.geomspace(120, 600, 10)).astype(int))
    assert_shown("n_sizes", len(sizes))
    assert_shown("small_err", errors[2])
    assert_shown("u_min", min(below.values()))
    assert_shown("u_min_at", min(below, key=below.get))
    band = [n for n, e in below.items() if e <= min(below.values()) * 1.03]
    assert glued(CHAPTER)["u_band"] == f"{min(band)} to {max(band)}"
    assert_shown("peak_at", peak_at)
    assert peak_at == 60, "the spike sits at the interpolation threshold"
    assert_shown("peak_err", errors[peak_at])
    assert_shown("peak_train", curve(60, 0.2, 0.0)[peak_at]["train"])
    assert_shown("peak_ratio", errors[peak_at] / errors[2])
    after = min(n for n in errors if n > 60)
    assert_shown("after_at", after)
    assert_shown("after_peak", errors[after])
    assert_shown("last_at", max(errors))
    assert_shown("last_err", errors[max(errors)])
    assert_shown("last_ratio", max(errors) / 60)


def test_ridge_at_the_threshold():
    assert_shown("mn_norm", curve(60, 0.2, 0.0)[60]["norm"])
    ridge = curve(60, 0.2, 1e-3)[60]
    assert_shown("ridge_norm", ridge["norm"])
    assert_shown("ridge_train", ridge["train"])
    assert_shown("ridge_test", ridge["test"])


def test_ridge_curves():
    assert_shown("peak_1e7", max(v["test"] for v in curve(60, 0.2, 1e-7).values()))
    assert_shown("peak_1e3", max(v["test"] for v in curve(60, 0.2, 1e-3).values()))
    assert_shown("best_1e3", min(v["test"] for v in curve(60, 0.2, 1e-3).values()))
    assert_shown("best_0", min(v["test"] for v in curve(60, 0.2, 0.0).values()))
    assert_shown("strong_best", min(v["test"] for v in curve(60, 0.2, 0.1).values()))


def test_more_data_moves_the_threshold():
    assert_shown("n60_98", curve(60, 0.2, 0.0)[98]["test"])
    assert_shown("n60_103", curve(60, 0.2, 0.0)[103]["test"])
    at100 = curve(100, 0.2, 0.0)
    assert_shown("n100_100", at100[100]["test"])
    assert_shown("n100_last", at100[max(at100)]["test"])


def test_gradient_descent_numbers_from_the_null_space():
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((20, 100)), rng.standard_normal(20)
    start = rng.standard_normal(100) / 10
    w_min = scipy.linalg.lstsq(x, y)[0]
    null_part = np.linalg.norm(scipy.linalg.null_space(x).T @ start)  # what gradient descent never changes
    assert_shown("gd_norm_min", np.linalg.norm(w_min))
    assert_shown("gd_dist_nonzero", null_part / np.linalg.norm(w_min))
    assert_shown("gd_pred_nonzero", null_part / np.linalg.norm(w_min))
    assert_shown("gd_norm_nonzero", math.hypot(np.linalg.norm(w_min), null_part))  # orthogonal parts
    assert shown("gd_dist_zero")[0] < 1e-10 and shown("gd_loss_nonzero")[0] < 1e-25


def test_cost_numbers():
    for name, value in (("cost_k2_data", 2**2), ("cost_k2_compute", 2**4), ("cost_data_100", 10**2), ("cost_100", 10**4), ("cost_100_fixed", 10**2)):
        assert_shown(name, value)
