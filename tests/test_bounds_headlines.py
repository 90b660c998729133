"""Every number the bounds chapter glues into its prose, recomputed here independently.

The chapter simulates with a loop and fits with statsmodels; this test redraws the same
seeded samples and fits with scipy's linregress and a t quantile. The multipliers are
recomputed from the published exponents (10.8 from v2's Table 2(b); v1's implied by its
10¹⁴ → 10¹⁹ Gflop for 11.5 % → 5 % error).
"""
from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from tests.conftest import glued, glued_number

CHAPTER = "book/bounds"
pytestmark = pytest.mark.slow


def _slope_and_interval(n: np.ndarray, error: np.ndarray) -> tuple[float, float, float, float]:
    result = stats.linregress(np.log10(n), np.log10(error))
    half = stats.t.ppf(0.975, n.size - 2) * result.stderr
    return result.slope, result.slope - half, result.slope + half, result.rvalue**2


@pytest.fixture(scope="module")
def monte_carlo() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    n = 2 ** np.arange(2, 12)
    errors = [rng.normal(0.0, 1.0, size=(400, size)).mean(axis=1) for size in n]
    mse = np.array([np.mean(e**2) for e in errors])
    return {"n": n, "mse": mse, "rmse": np.sqrt(mse)}


def test_rmse_slope_and_interval(monte_carlo):
    slope, low, high, r2 = _slope_and_interval(monte_carlo["n"], monte_carlo["rmse"])
    assert glued_number(CHAPTER, "rate_slope") == pytest.approx(slope, abs=0.0005)
    assert glued_number(CHAPTER, "rate_low") == pytest.approx(low, abs=0.0005)
    assert glued_number(CHAPTER, "rate_high") == pytest.approx(high, abs=0.0005)
    assert glued_number(CHAPTER, "rate_r2") == pytest.approx(r2, abs=0.00005)
    assert low < -0.5 < high, "the interval the prose reports holds the theoretical rate"


def test_mse_slope_and_interval(monte_carlo):
    slope, low, high, _ = _slope_and_interval(monte_carlo["n"], monte_carlo["mse"])
    assert glued_number(CHAPTER, "mse_slope") == pytest.approx(slope, abs=0.0005)
    assert glued_number(CHAPTER, "mse_low") == pytest.approx(low, abs=0.0005)
    assert glued_number(CHAPTER, "mse_high") == pytest.approx(high, abs=0.0005)
    assert low < -1.0 < high


@pytest.mark.parametrize("measure, prefix", [("rmse", "halve_rmse"), ("mse", "halve_mse")])
def test_data_to_halve_each_measure(monte_carlo, measure, prefix):
    slope, low, high, _ = _slope_and_interval(monte_carlo["n"], monte_carlo[measure])
    assert glued_number(CHAPTER, f"{prefix}_data") == pytest.approx(2 ** (-1 / slope), abs=0.005)
    assert glued_number(CHAPTER, f"{prefix}_low") == pytest.approx(2 ** (-1 / low), abs=0.005)
    assert glued_number(CHAPTER, f"{prefix}_high") == pytest.approx(2 ** (-1 / high), abs=0.005)


def test_published_exponents_and_halving_costs():
    v1_gamma = math.log(1e19 / 1e14) / math.log(0.115 / 0.05)
    assert glued_number(CHAPTER, "halve_theory") == (2**2) ** 2
    assert glued_number(CHAPTER, "halve_article") == 2**9
    assert glued_number(CHAPTER, "halve_v2") == round(2**10.8)
    assert glued_number(CHAPTER, "halve_v1") == round(2**v1_gamma)
    assert glued_number(CHAPTER, "tenfold_article") == 10**9
    assert glued(CHAPTER)["v2_gamma"] == "10.8"
    assert (glued(CHAPTER)["v2_low"], glued(CHAPTER)["v2_high"], glued(CHAPTER)["v2_n"]) == ("9.5", "12.3", "104")
