"""scaling_lib.bounds: the k² and k⁴ rules and the 1/√n Monte Carlo."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from scaling_lib import bounds

ks = st.floats(min_value=1.0, max_value=1e3, allow_nan=False)


def test_hand_worked_values():
    assert bounds.data_multiplier(2) == 4
    assert bounds.data_multiplier(10) == 100
    assert bounds.compute_multiplier(10) == 10_000
    assert bounds.compute_multiplier(2) == 16
    assert bounds.compute_multiplier(10, overparameterized=False) == 100
    assert bounds.power_multiplier(2, 9) == 512


@settings(max_examples=100, deadline=None)
@given(ks)
def test_compute_is_data_squared_when_parameters_grow(k):
    assert math.isclose(bounds.compute_multiplier(k), bounds.data_multiplier(k) ** 2, rel_tol=1e-12)
    assert math.isclose(bounds.compute_multiplier(k, overparameterized=False), bounds.data_multiplier(k), rel_tol=1e-12)


@settings(max_examples=100, deadline=None)
@given(ks, ks)
def test_multipliers_compose(k1, k2):
    # Two successive improvements cost the product of their multipliers.
    if k1 * k2 <= 1e6:
        assert math.isclose(bounds.compute_multiplier(k1 * k2), bounds.compute_multiplier(k1) * bounds.compute_multiplier(k2), rel_tol=1e-9)


@settings(max_examples=60, deadline=None)
@given(ks, ks)
def test_multipliers_are_monotone(k1, k2):
    low, high = sorted((k1, k2))
    assert bounds.data_multiplier(low) <= bounds.data_multiplier(high)
    assert bounds.compute_multiplier(low) <= bounds.compute_multiplier(high)


@pytest.mark.parametrize("bad", [0.5, 0.0, -2.0, math.nan, math.inf, 1e7])
def test_bad_k(bad):
    with pytest.raises(ValueError, match="k must"):
        bounds.data_multiplier(bad)
    with pytest.raises(ValueError, match="k must"):
        bounds.compute_multiplier(bad)


@pytest.mark.parametrize("bad", ["2", None, [2.0]])
def test_k_of_wrong_type(bad):
    with pytest.raises(TypeError, match="k must"):
        bounds.compute_multiplier(bad)


def test_overparameterized_must_be_a_bool():
    with pytest.raises(TypeError, match="overparameterized"):
        bounds.compute_multiplier(2, overparameterized="yes")


def test_power_multiplier_bad_gamma():
    for bad in (0.0, -1.0, math.nan, 51.0):
        with pytest.raises(ValueError, match="gamma"):
            bounds.power_multiplier(2, bad)


def test_multiplier_table_shape_and_values():
    table = bounds.multiplier_table([1.0, 2.0, 10.0])
    assert list(table.columns) == ["k", "quantity", "gamma", "multiplier", "log10_multiplier"]
    assert len(table) == 9
    at_ten = table[table["k"] == 10.0].set_index("gamma")["multiplier"]
    assert at_ten[2.0] == 100 and at_ten[4.0] == 10_000 and at_ten[9.0] == 1e9
    with pytest.raises(ValueError, match="k_values"):
        bounds.multiplier_table([0.5, 2.0])
    with pytest.raises(ValueError, match="gammas"):
        bounds.multiplier_table([2.0], {"bad": -1.0})
    with pytest.raises(TypeError, match="gammas"):
        bounds.multiplier_table([2.0], {})


def test_halving_cost_table_matches_the_article():
    table = bounds.halving_cost_table(2.0).set_index("exponent")
    assert table.loc["compute, article (k⁹)", "multiplier"] == 512
    assert table.loc["compute, theory (k⁴)", "multiplier"] == 16
    # The v1 exponent is implied by 10^14 -> 10^19 GFLOP for 11.5% -> 5% error.
    implied_v1 = 5 / math.log10(11.5 / 5)
    assert abs(table.loc["compute, paper v1 (k^13.8)", "gamma"] - implied_v1) < 0.05
    with pytest.raises(ValueError, match="k must"):
        bounds.halving_cost_table(0.1)


def test_monte_carlo_follows_one_over_root_n():
    simulation = bounds.rmse_by_sample_size(seed=0)
    rate = bounds.fit_rate(simulation["n"], simulation["rmse"])
    assert rate["slope_low"] < -0.5 < rate["slope_high"] or abs(rate["slope"] + 0.5) < 0.02
    assert rate["r_squared"] > 0.99
    # Each simulated RMSE within 15% of σ/√n (400 replicates: relative SE ≈ 3.5%).
    np.testing.assert_allclose(simulation["rmse"], simulation["rmse_theory"], rtol=0.15)


def test_monte_carlo_scales_with_noise_and_is_deterministic():
    one = bounds.rmse_by_sample_size(noise_sd=1.0, seed=3)
    three = bounds.rmse_by_sample_size(noise_sd=3.0, seed=3)
    np.testing.assert_allclose(three["rmse"], 3 * one["rmse"], rtol=1e-12)
    again = bounds.rmse_by_sample_size(noise_sd=1.0, seed=3)
    assert one.equals(again)
    other = bounds.rmse_by_sample_size(noise_sd=1.0, seed=4)
    assert not one["rmse"].equals(other["rmse"])


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"sample_sizes": [0, 4, 8]}, "sample_sizes"),
        ({"sample_sizes": [2.5, 4, 8]}, "sample_sizes"),
        ({"sample_sizes": []}, "sample_sizes"),
        ({"noise_sd": 0.0}, "noise_sd"),
        ({"noise_sd": math.nan}, "noise_sd"),
        ({"replicates": 1}, "replicates"),
        ({"replicates": 10.0}, "replicates"),
        ({"seed": -5}, "seed"),
        ({"sample_sizes": [100_000], "replicates": 100_000}, "too large"),
    ],
)
def test_monte_carlo_bad_input(kwargs, name):
    with pytest.raises((ValueError, TypeError), match=name):
        bounds.rmse_by_sample_size(**kwargs)


def test_fit_rate_recovers_an_exact_power_law_and_refuses_bad_input():
    n = np.array([10.0, 100.0, 1000.0, 10000.0])
    rate = bounds.fit_rate(n, 3.0 / np.sqrt(n))
    assert math.isclose(rate["slope"], -0.5, abs_tol=1e-12)
    assert math.isclose(rate["r_squared"], 1.0, abs_tol=1e-12)
    with pytest.raises(ValueError, match="same length"):
        bounds.fit_rate(n, [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="rmse"):
        bounds.fit_rate(n, [1.0, -2.0, 3.0, 4.0])
    with pytest.raises(ValueError, match="n needs at least 3"):
        bounds.fit_rate([1.0, 2.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="distinct"):
        bounds.fit_rate([5.0, 5.0, 5.0], [1.0, 2.0, 3.0])
