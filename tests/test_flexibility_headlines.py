"""Every number the flexibility chapter glues into its prose, recomputed here independently.

The page fits with numpy's solve and lstsq and reads curves from scaling_lib.flexibility; this
test refits with scipy (Cholesky, np.polyfit), checks the library's curve against patients drawn
one by one, and finds the crossovers with its own code (the library only supplies the curves).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import linalg, stats

from scaling_lib import flexibility
from tests.conftest import glued, glued_number

CHAPTER = "book/flexibility"
pytestmark = pytest.mark.slow
P, N_TRUE, MISSED, NOISE = 100, 10, 1, 0.5
NAMED = N_TRUE - MISSED
BETA = np.where(np.arange(P) < N_TRUE, math.sqrt(1 / N_TRUE), 0.0)
PENALTY = {NAMED: NAMED * (NOISE**2 + MISSED / N_TRUE) / (NAMED / N_TRUE), P: P * NOISE**2}


def _test_errors(X: np.ndarray, y: np.ndarray) -> list[float]:
    errors = []
    for k in (NAMED, P):
        coef = linalg.solve(X[:, :k].T @ X[:, :k] + PENALTY[k] * np.eye(k), X[:, :k].T @ y, assume_a="pos")
        errors.append(NOISE**2 + np.sum((np.r_[coef, np.zeros(P - k)] - BETA) ** 2))
    return errors


def _draw(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    X = rng.standard_normal((n, P))
    return X, X @ BETA + rng.normal(0.0, NOISE, n)


def _crossover(curves: pd.DataFrame) -> tuple[int, int]:
    expert, flexible = (curves[curves["model"] == m].sort_values("n_train") for m in ("expert", "flexible"))
    sizes = expert["n_train"].to_numpy()
    behind = np.flatnonzero(flexible["test_error"].to_numpy() >= expert["test_error"].to_numpy())
    return int(sizes[behind[-1] + 1]), int(sizes[behind[-1]])


def test_one_training_set():
    rng = np.random.default_rng(1)
    expert, flexible = _test_errors(*_draw(rng, 128))
    assert glued_number(CHAPTER, "one_expert") == pytest.approx(expert, abs=0.0005)
    assert glued_number(CHAPTER, "one_flexible") == pytest.approx(flexible, abs=0.0005)


def test_one_learning_curve_point():
    rng = np.random.default_rng(2)
    point = np.array([_test_errors(*_draw(rng, 128)) for _ in range(20)])
    for column, model in enumerate(("expert", "flexible")):
        assert glued_number(CHAPTER, f"point_{model}") == pytest.approx(point[:, column].mean(), abs=0.0005)
        assert glued_number(CHAPTER, f"point_{model}_se") == pytest.approx(point[:, column].std(ddof=1) / math.sqrt(20), abs=0.0005)


@pytest.mark.parametrize("n", [30, 128])
def test_library_curve_agrees_with_patients_drawn_one_by_one(n):
    rng = np.random.default_rng(99)
    direct = np.array([_test_errors(*_draw(rng, n)) for _ in range(300)])
    for column, model in enumerate(("expert", "flexible")):
        library_se = direct[:, column].std() / math.sqrt(20)  # the page's curve averages 20 training sets
        shown = glued_number(CHAPTER, f"{model}_{n}")
        assert abs(shown - direct[:, column].mean()) < 4 * library_se + 0.005, (model, n)


def test_end_of_curve_and_floors():
    expert_floor, noise = NOISE**2 + MISSED / N_TRUE, NOISE**2
    assert glued_number(CHAPTER, "floor") == pytest.approx(expert_floor)
    assert glued_number(CHAPTER, "noise_var") == pytest.approx(noise)
    assert glued_number(CHAPTER, "missed_share") == pytest.approx(MISSED / N_TRUE)
    assert glued_number(CHAPTER, "zero_error") == pytest.approx(1 + noise)
    assert glued_number(CHAPTER, "n_max") == 20_000
    # At 20,000 examples least squares adds about σ²·p/n of estimation error to each floor.
    assert glued_number(CHAPTER, "expert_end") == pytest.approx(expert_floor * (1 + NAMED / 20_000), abs=0.0011)
    assert glued_number(CHAPTER, "flexible_end") == pytest.approx(noise * (1 + P / 20_000), abs=0.0011)


def test_crossover_and_its_compute():
    n_cross, before = _crossover(flexibility.learning_curves(P, MISSED, NOISE, seed=0))
    assert glued_number(CHAPTER, "n_cross") == n_cross
    assert glued_number(CHAPTER, "n_before") == before
    assert glued_number(CHAPTER, "expert_compute") == n_cross * NAMED
    assert glued_number(CHAPTER, "flexible_compute") == n_cross * P
    assert glued_number(CHAPTER, "compute_ratio") == pytest.approx(P / NAMED, abs=0.05)


def test_crossover_growth_with_the_pool():
    pools = [25, 50, 100, 200]
    grid = flexibility.learning_curves(pools, [0, 1, 2, 3], [0.25, 0.5, 0.75, 1.0])
    crossing = np.array([_crossover(grid.query("n_candidates == @p and n_missed == 1 and noise_sd == 0.5"))[0] for p in pools])
    fit = stats.linregress(np.log10(pools), np.log10(crossing))
    half = stats.t.ppf(0.975, len(pools) - 2) * fit.stderr
    assert glued_number(CHAPTER, "cross_small") == crossing[0] and glued_number(CHAPTER, "cross_large") == crossing[-1]
    assert glued_number(CHAPTER, "cross_growth") == pytest.approx(crossing[-1] / crossing[0], abs=0.05)
    assert glued_number(CHAPTER, "compute_small") == crossing[0] * 25
    assert glued_number(CHAPTER, "compute_large") == crossing[-1] * 200
    assert glued_number(CHAPTER, "compute_growth") == round(crossing[-1] * 200 / (crossing[0] * 25))
    assert (glued_number(CHAPTER, "pool_ratio"), glued_number(CHAPTER, "pool_ratio_sq")) == (8, 64)
    for name, value in {"growth_b": fit.slope, "growth_low": fit.slope - half, "growth_high": fit.slope + half}.items():
        assert glued_number(CHAPTER, name) == pytest.approx(value, abs=0.005)
    for name, value in {"compute_exp": 1 + fit.slope, "compute_exp_low": 1 + fit.slope - half, "compute_exp_high": 1 + fit.slope + half}.items():
        assert glued_number(CHAPTER, name) == pytest.approx(value, abs=0.05)


def test_universal_approximation_errors():
    x = np.linspace(0, 1, 200)
    target = np.sin(3 * np.pi * x) + 0.3 * np.sin(11 * np.pi * x) + x
    quadratic = np.polyval(np.polyfit(x, target, 2), x)
    assert glued_number(CHAPTER, "poly_rmse") == pytest.approx(np.sqrt(np.mean((quadratic - target) ** 2)), abs=0.005)
    rng = np.random.default_rng(0)
    kinks, slopes = rng.uniform(0, 1, 100), rng.choice([-1.0, 1.0], 100)
    for width, digits in ((5, 0.005), (10, 0.005), (100, 0.0005)):
        features = np.column_stack([np.ones_like(x), np.maximum(0.0, slopes[:width] * (x[:, None] - kinks[:width]))])
        fit = features @ linalg.lstsq(features, target)[0]
        assert glued_number(CHAPTER, f"relu_{width}") == pytest.approx(np.sqrt(np.mean((fit - target) ** 2)), abs=digits)
    assert set(glued(CHAPTER)) >= {"poly_rmse", "relu_5", "relu_10", "relu_100"}
