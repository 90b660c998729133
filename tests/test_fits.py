"""Tests for scaling_lib.fits: recovery, coverage, invariances, extrapolation and bad input."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib import fits
from scaling_lib.fits import (
    compare_forms,
    compute_ratio,
    extrapolate,
    fit_error_levels,
    fit_exponential,
    fit_frontier,
    fit_power_law,
    fit_power_law_with_year,
    frontier_mask,
    gamma_from_slope,
    halving_factor,
    implied_gamma,
)


def synthetic(gamma: float, n: int, noise_sd: float, seed: int, intercept: float = 0.9):
    """Models with log10 compute uniform in [15, 23] and log10 error = intercept - log10 compute / gamma + noise."""
    rng = np.random.default_rng(seed)
    log_compute = rng.uniform(15.0, 23.0, n)
    log_error = intercept - log_compute / gamma + rng.normal(0.0, noise_sd, n)
    return 10.0**log_compute, 10.0**log_error


# --------------------------------------------------------------------------- power law
def test_noise_free_power_law_is_recovered_exactly():
    compute = np.logspace(15, 22, 8)
    error = 0.5 * (compute / 1e15) ** (-1 / 12.0)
    fit = fit_power_law(compute, error, n_bootstrap=200)
    assert fit.slope == pytest.approx(-1 / 12.0, rel=1e-10)
    assert fit.gamma == pytest.approx(12.0, rel=1e-9)
    assert fit.intercept == pytest.approx(math.log10(0.5) + 15 / 12.0, rel=1e-9)
    assert fit.r_squared == pytest.approx(1.0)
    assert fit.n == 8
    assert np.allclose(fit.residuals, 0.0, atol=1e-12)
    assert fit.gamma_low == pytest.approx(12.0, rel=1e-6) and fit.gamma_high == pytest.approx(12.0, rel=1e-6)


def test_fit_matches_statsmodels_and_interval_contains_estimate():
    compute, error = synthetic(10.0, 50, 0.08, seed=3)
    fit = fit_power_law(compute, error, n_bootstrap=500, seed=1)
    reference = sm.OLS(np.log10(error), sm.add_constant(np.log10(compute))).fit()
    assert fit.slope == pytest.approx(reference.params[1])
    assert fit.slope_se == pytest.approx(reference.bse[1])
    assert fit.r_squared == pytest.approx(reference.rsquared)
    low, high = reference.conf_int(0.05)[1]
    assert fit.slope_low == pytest.approx(low) and fit.slope_high == pytest.approx(high)
    assert fit.gamma_low == pytest.approx(-1 / low) and fit.gamma_high == pytest.approx(-1 / high)
    assert fit.gamma_low < fit.gamma < fit.gamma_high
    assert fit.gamma_boot_low < fit.gamma < fit.gamma_boot_high
    # the bootstrap check agrees with the t interval to within a few tens of percent of its width
    width = fit.gamma_high - fit.gamma_low
    assert abs(fit.gamma_boot_low - fit.gamma_low) < 0.5 * width
    assert abs(fit.gamma_boot_high - fit.gamma_high) < 0.5 * width
    assert fit.residuals.shape == (50,)
    assert not fit.residuals.flags.writeable
    table = fit.table()
    assert list(table.columns) == ["quantity", "value", "low", "high", "note"]
    assert table.loc[table.quantity == "gamma", "value"].item() == pytest.approx(fit.gamma)


def test_t_interval_for_gamma_covers_at_nominal_rate():
    true_gamma = 11.0
    covered = 0
    for seed in range(200):
        compute, error = synthetic(true_gamma, 25, 0.1, seed=seed)
        fit = fit_power_law(compute, error, n_bootstrap=0)
        covered += fit.gamma_low <= true_gamma <= fit.gamma_high
    assert 0.90 <= covered / 200 <= 0.99


def test_bootstrap_interval_for_gamma_covers_near_nominal_rate():
    true_gamma = 11.0
    covered = 0
    for seed in range(100):
        compute, error = synthetic(true_gamma, 40, 0.1, seed=1000 + seed)
        fit = fit_power_law(compute, error, n_bootstrap=400, seed=seed)
        covered += fit.gamma_boot_low <= true_gamma <= fit.gamma_boot_high
    # the percentile bootstrap under-covers a little in small samples
    assert 0.85 <= covered / 100 <= 1.0


def test_ninety_percent_interval_is_narrower():
    compute, error = synthetic(10.0, 30, 0.1, seed=5)
    wide = fit_power_law(compute, error, n_bootstrap=0)
    narrow = fit_power_law(compute, error, n_bootstrap=0, level=0.9)
    assert narrow.gamma_low > wide.gamma_low and narrow.gamma_high < wide.gamma_high


@settings(max_examples=25, deadline=None)
@given(
    slope=st.floats(-0.5, -0.01),
    seed=st.integers(0, 10_000),
)
def test_slope_sign_and_gamma_positive(slope, seed):
    rng = np.random.default_rng(seed)
    log_compute = np.linspace(14, 24, 30)
    log_error = slope * (log_compute - 14) + rng.normal(0, 0.002, 30)
    log_error = log_error - log_error.max() - 0.05  # keep every error below 1
    fit = fit_power_law(10**log_compute, 10**log_error, n_bootstrap=0)
    assert fit.slope < 0
    assert fit.slope == pytest.approx(slope, abs=0.002)
    assert fit.gamma == pytest.approx(1 / abs(fit.slope))
    assert fit.gamma > 0


def test_rising_error_is_refused():
    compute = np.logspace(15, 20, 10)
    error = np.linspace(0.1, 0.3, 10)
    with pytest.raises(ValueError, match="slope.*not defined"):
        fit_power_law(compute, error)
    with pytest.raises(ValueError, match="slope"):
        fit_frontier(compute, error)
    with pytest.raises(ValueError, match="slope"):
        fit_power_law_with_year(compute, error, [2010, 2012, 2011, 2013, 2015, 2014, 2016, 2018, 2017, 2019])


def test_flat_slope_interval_reaching_zero_gives_infinite_gamma_high():
    rng = np.random.default_rng(0)
    log_compute = np.linspace(15, 20, 12)
    log_error = -1.0 - 0.001 * log_compute + rng.normal(0, 0.2, 12)
    fit = fit_power_law(10**log_compute, 10**log_error, n_bootstrap=300)
    assert fit.slope < 0
    assert fit.gamma_high == math.inf
    table = extrapolate(fit, 0.01)
    assert table.compute_flop_high.item() == math.inf


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_fit_is_invariant_to_point_order(seed):
    compute, error = synthetic(9.0, 20, 0.1, seed=7)
    order = np.random.default_rng(seed).permutation(20)
    base = fit_power_law(compute, error, n_bootstrap=0)
    shuffled = fit_power_law(compute[order], error[order], n_bootstrap=0)
    for name in ("slope", "intercept", "slope_se", "gamma", "gamma_low", "gamma_high", "r_squared"):
        assert getattr(shuffled, name) == pytest.approx(getattr(base, name), rel=1e-9)
    assert np.allclose(shuffled.residuals, base.residuals[order])
    target = extrapolate(base, [0.05, 0.02])
    target_shuffled = extrapolate(shuffled, [0.05, 0.02])
    assert np.allclose(target.log10_compute_flop, target_shuffled.log10_compute_flop)


def test_bootstrap_is_seeded():
    compute, error = synthetic(10.0, 30, 0.1, seed=2)
    first = fit_power_law(compute, error, n_bootstrap=300, seed=4)
    again = fit_power_law(compute, error, n_bootstrap=300, seed=4)
    other = fit_power_law(compute, error, n_bootstrap=300, seed=5)
    assert (first.gamma_boot_low, first.gamma_boot_high) == (again.gamma_boot_low, again.gamma_boot_high)
    assert (first.gamma_boot_low, first.gamma_boot_high) != (other.gamma_boot_low, other.gamma_boot_high)
    skipped = fit_power_law(compute, error, n_bootstrap=0)
    assert math.isnan(skipped.gamma_boot_low) and math.isnan(skipped.gamma_boot_high)


def test_inputs_accept_lists_and_series():
    compute, error = synthetic(10.0, 10, 0.05, seed=8)
    from_arrays = fit_power_law(compute, error, n_bootstrap=0)
    from_lists = fit_power_law(list(compute), list(error), n_bootstrap=0)
    from_series = fit_power_law(pd.Series(compute), pd.Series(error), n_bootstrap=0)
    assert from_lists.slope == pytest.approx(from_arrays.slope)
    assert from_series.slope == pytest.approx(from_arrays.slope)


# --------------------------------------------------------------------------- extrapolation
def test_extrapolation_at_geometric_mean_error_gives_geometric_mean_compute():
    compute, error = synthetic(12.0, 40, 0.1, seed=11)
    fit = fit_power_law(compute, error, n_bootstrap=0)
    mean_error = 10 ** np.mean(np.log10(error))
    row = extrapolate(fit, mean_error).iloc[0]
    geometric_mean_compute = 10 ** np.mean(np.log10(compute))
    assert row.compute_flop == pytest.approx(geometric_mean_compute, rel=1e-9)
    # at the centre of the data both intervals are symmetric in log10 compute
    log_low, log_high = np.log10(row.compute_flop_low), np.log10(row.compute_flop_high)
    assert row.log10_compute_flop - log_low == pytest.approx(log_high - row.log10_compute_flop, rel=1e-6)
    assert row.compute_flop_low < row.compute_flop_mean_low < row.compute_flop < row.compute_flop_mean_high < row.compute_flop_high


@pytest.mark.parametrize("kind", ["prediction", "confidence"])
def test_interval_ends_lie_on_the_statsmodels_band(kind):
    compute, error = synthetic(10.0, 30, 0.12, seed=21)
    fit = fit_power_law(compute, error, n_bootstrap=0)
    target = 0.03
    row = extrapolate(fit, target, interval=kind).iloc[0]
    assert row.interval == kind
    bounds = np.log10([row.compute_flop_low, row.compute_flop_high])
    frame = fit.results.get_prediction(sm.add_constant(bounds, has_constant="add")).summary_frame(alpha=0.05)
    band = "obs_ci" if kind == "prediction" else "mean_ci"
    # falling line: at the low-compute end the target is the band's lower edge, at the high end the upper edge
    assert frame[f"{band}_lower"].iloc[0] == pytest.approx(np.log10(target), abs=1e-9)
    assert frame[f"{band}_upper"].iloc[1] == pytest.approx(np.log10(target), abs=1e-9)


def test_extrapolation_is_monotone_and_prediction_wider_than_confidence():
    compute, error = synthetic(10.0, 30, 0.1, seed=4)
    fit = fit_power_law(compute, error, n_bootstrap=0)
    targets = np.array([0.2, 0.1, 0.05, 0.02, 0.01])
    table = extrapolate(fit, targets)
    assert list(table.columns[:4]) == ["target_error", "compute_flop", "compute_flop_low", "compute_flop_high"]
    assert np.all(np.diff(table.log10_compute_flop) > 0)
    assert np.all(table.compute_flop_low <= table.compute_flop_mean_low)
    assert np.all(table.compute_flop_high >= table.compute_flop_mean_high)
    assert (table.interval == "prediction").all() and (table.level == 0.95).all()
    # the point estimate is the inverted line
    expected = (np.log10(targets) - fit.intercept) / fit.slope
    assert np.allclose(table.log10_compute_flop, expected)


def test_v1_polynomial_extrapolation_is_reproduced():
    gamma = implied_gamma(1e14, 1e19, 0.115, 0.05)
    errors = np.array([0.115, 0.08, 0.05])
    log_gflop = 14 + gamma * np.log10(0.115 / errors)
    fit = fit_power_law(10**log_gflop, errors, n_bootstrap=0)
    table = extrapolate(fit, [0.05, 0.01])
    assert table.log10_compute_flop.iloc[0] == pytest.approx(19.0, abs=1e-9)
    assert table.log10_compute_flop.iloc[1] == pytest.approx(28.66, abs=0.01)  # v1 table: 10^28 (rounded down)


def test_v1_exponential_extrapolation_is_reproduced():
    inverse_error = np.array([1 / 0.115, 1 / 0.05, 15.0])
    log_gflop = 14 + 13 * (inverse_error - inverse_error[0]) / (inverse_error[1] - inverse_error[0])
    fit = fit_exponential(10**log_gflop, 1 / inverse_error)
    assert fit.slope > 0 and fit.r_squared == pytest.approx(1.0)
    table = extrapolate(fit, [0.05, 0.01])
    assert table.log10_compute_flop.iloc[0] == pytest.approx(27.0, abs=1e-9)
    assert table.log10_compute_flop.iloc[1] == pytest.approx(119.0, abs=0.1)  # v1 table: ~10^120
    assert table.form.iloc[0] == "exponential"


def test_extrapolate_levels_fit_inverts_the_line():
    compute = np.logspace(15, 21, 10)
    error = 0.6 - 0.05 * np.log10(compute / 1e15)
    fit = fit_error_levels(compute, error)
    assert fit.slope == pytest.approx(-0.05)
    row = extrapolate(fit, 0.2).iloc[0]
    assert row.log10_compute_flop == pytest.approx(15 + 0.4 / 0.05)


# --------------------------------------------------------------------------- year term
def test_year_fit_recovers_the_v2_plane_and_gain_per_year():
    rng = np.random.default_rng(0)
    n = 80
    year = rng.uniform(2012, 2021, n)
    log_compute = 15 + 0.8 * (year - 2012) + rng.normal(0, 1.0, n)
    log_error = -0.4 - 0.065 * (log_compute - 15) - 0.022 * (year - 2012) + rng.normal(0, 0.01, n)
    fit = fit_power_law_with_year(10**log_compute, 10**log_error, year)
    assert fit.slope == pytest.approx(-0.065, abs=0.003)
    assert fit.year_coef == pytest.approx(-0.022, abs=0.003)
    assert fit.gamma == pytest.approx(1 / 0.065, rel=0.05)
    assert fit.gain_per_year == pytest.approx(10 ** (fit.year_coef / fit.slope))
    assert fit.gain_per_year == pytest.approx(10 ** (0.022 / 0.065), rel=0.15)  # ~2.2x per year
    assert fit.r_squared > 0.95
    assert fit.gamma_low < fit.gamma < fit.gamma_high
    early = extrapolate(fit, 0.05, year=2020).iloc[0]
    late = extrapolate(fit, 0.05, year=2025).iloc[0]
    # five more years of progress cut the compute needed by ~gain_per_year**5
    assert early.compute_flop / late.compute_flop == pytest.approx(fit.gain_per_year**5, rel=1e-9)
    assert late.compute_flop_low < late.compute_flop < late.compute_flop_high


def test_year_fit_extrapolation_band_matches_statsmodels():
    rng = np.random.default_rng(1)
    n = 40
    year = rng.uniform(2012, 2021, n)
    log_compute = 15 + 0.8 * (year - 2012) + rng.normal(0, 1.0, n)
    log_error = -0.4 - 0.07 * (log_compute - 15) - 0.02 * (year - 2012) + rng.normal(0, 0.05, n)
    fit = fit_power_law_with_year(10**log_compute, 10**log_error, year)
    row = extrapolate(fit, 0.05, year=2024).iloc[0]
    exog = np.array([[1.0, np.log10(row.compute_flop_low), 2024.0], [1.0, np.log10(row.compute_flop_high), 2024.0]])
    frame = fit.results.get_prediction(exog).summary_frame(alpha=0.05)
    assert frame.obs_ci_lower.iloc[0] == pytest.approx(np.log10(0.05), abs=1e-8)
    assert frame.obs_ci_upper.iloc[1] == pytest.approx(np.log10(0.05), abs=1e-8)


def test_year_argument_rules():
    compute, error = synthetic(10.0, 20, 0.05, seed=1)
    year = np.linspace(2012, 2020, 20)[np.argsort(np.argsort(compute))]
    year = year + np.random.default_rng(2).normal(0, 0.5, 20)
    fit = fit_power_law_with_year(compute, error, year)
    with pytest.raises(ValueError, match="year"):
        extrapolate(fit, 0.05)
    plain = fit_power_law(compute, error, n_bootstrap=0)
    with pytest.raises(ValueError, match="year"):
        extrapolate(plain, 0.05, year=2025)
    with pytest.raises(ValueError, match="year"):
        extrapolate(fit, 0.05, year=float("nan"))


# --------------------------------------------------------------------------- frontier
def test_frontier_follows_the_lower_edge():
    rng = np.random.default_rng(3)
    n = 400
    log_compute = rng.uniform(15, 23, n)
    edge = -0.5 - 0.08 * (log_compute - 15)
    log_error = edge + rng.exponential(0.15, n)  # every model at or above the edge
    log_error = np.minimum(log_error, -0.01)
    compute, error = 10**log_compute, 10**log_error
    frontier = fit_frontier(compute, error, 0.1)
    mean_fit = fit_power_law(compute, error, n_bootstrap=0)
    assert frontier.slope == pytest.approx(-0.08, abs=0.01)
    assert frontier.quantile == 0.1
    # about 10 % of the models lie below the 10th-percentile line
    assert np.mean(frontier.residuals < 0) == pytest.approx(0.1, abs=0.03)
    # the frontier line sits below the mean line across the data
    assert frontier.intercept + frontier.slope * 19 < mean_fit.intercept + mean_fit.slope * 19
    assert frontier.gamma_low < frontier.gamma < frontier.gamma_high
    assert 0 < frontier.pseudo_r_squared < 1
    table = extrapolate(frontier, [0.05, 0.02])
    assert (table.interval == "confidence").all()
    with pytest.raises(ValueError, match="interval"):
        extrapolate(frontier, 0.05, interval="prediction")


def test_frontier_mask_hand_example():
    dates = ["2012-09-30", "2014-09-01", "2014-09-01", "2013-06-01", "2016-01-01", "2015-01-01", "2014-09-01"]
    error = [0.40, 0.30, 0.30, 0.35, 0.36, 0.22, 0.33]
    mask = frontier_mask(dates, error)
    assert mask.tolist() == [True, True, True, True, False, True, False]


def test_frontier_mask_accepts_numbers_and_datetimes_and_is_order_invariant():
    years = np.array([2012.5, 2013.0, 2014.0, 2015.0, 2015.5, 2016.0])
    error = np.array([0.40, 0.42, 0.30, 0.31, 0.25, 0.25])
    expected = [True, False, True, False, True, False]
    assert frontier_mask(years, error).tolist() == expected
    as_dates = pd.to_datetime(["2012-07-01", "2013-01-01", "2014-01-01", "2015-01-01", "2015-07-01", "2016-01-01"])
    assert frontier_mask(as_dates, error).tolist() == expected
    order = np.array([5, 3, 0, 4, 1, 2])
    assert frontier_mask(years[order], error[order]).tolist() == [expected[i] for i in order]


# --------------------------------------------------------------------------- forms
def test_compare_forms_tables_and_winner():
    compute, error = synthetic(10.0, 60, 0.03, seed=9)
    result = compare_forms(compute, error)
    summary, residuals = result
    assert list(summary.form) == ["power law", "exponential", "error in levels"]
    assert {"form", "response", "n", "r_squared", "r_squared_log10_error", "aic", "note"} <= set(summary.columns)
    assert (summary.n == 60).all()
    power = summary.set_index("form").loc["power law"]
    assert power.r_squared == pytest.approx(power.r_squared_log10_error)
    # data generated by a power law with a wide error range: the power law has the lowest AIC
    assert summary.aic.idxmin() == 0
    assert len(residuals) == 3 * 60
    assert set(residuals.form) == set(summary.form)
    power_resid = residuals[residuals.form == "power law"]
    assert np.allclose(power_resid.residual, fit_power_law(compute, error, n_bootstrap=0).residuals)


def test_compare_forms_prefers_exponential_for_exponential_data():
    rng = np.random.default_rng(4)
    log_compute = rng.uniform(15, 23, 60)
    inverse_error = 2.0 + 1.5 * (log_compute - 15) + rng.normal(0, 0.2, 60)
    summary, _ = compare_forms(10**log_compute, 1 / inverse_error)
    assert summary.set_index("form").aic.idxmin() == "exponential"


# --------------------------------------------------------------------------- arithmetic
def test_gamma_from_slope_reproduces_v2_table_2():
    column1 = gamma_from_slope(-0.082, 0.006, 80)
    assert column1["gamma"] == pytest.approx(12.2, abs=0.05)
    assert column1["gamma_low"] == pytest.approx(10.6, abs=0.1)
    assert column1["gamma_high"] == pytest.approx(14.1, abs=0.2)
    quantile = gamma_from_slope(-0.084, 0.005, 80)
    assert (quantile["gamma_low"], quantile["gamma_high"]) == pytest.approx((10.6, 13.5), abs=0.05)
    hardware = gamma_from_slope(0.093, 0.006, 104)
    assert (hardware["gamma"], hardware["gamma_low"], hardware["gamma_high"]) == pytest.approx((10.8, 9.5, 12.3), abs=0.05)
    assert gamma_from_slope(-0.01, 0.02, 10)["gamma_high"] == math.inf


def test_halving_factor_and_compute_ratio():
    assert halving_factor(9) == 512
    assert halving_factor(4) == 16
    assert halving_factor(13.8) > halving_factor(9)
    assert compute_ratio(0.2, 0.1, 9) == pytest.approx(512)
    assert compute_ratio(0.115, 0.05, 13.8) == pytest.approx(10**5, rel=0.02)
    ratios = compute_ratio(0.115, [0.05, 0.01], 13.8)
    assert isinstance(ratios, np.ndarray) and ratios.shape == (2,)
    assert ratios[1] > ratios[0]


def test_implied_gamma_v1_and_round_trip():
    gamma = implied_gamma(1e14, 1e19, 0.115, 0.05)
    assert gamma == pytest.approx(13.8, abs=0.05)
    assert compute_ratio(0.115, 0.05, gamma) == pytest.approx(1e5)
    assert implied_gamma(1e19, 1e14, 0.05, 0.115) == pytest.approx(gamma)
    assert implied_gamma(1.0, 512.0, 0.2, 0.1) == pytest.approx(9.0)


@settings(max_examples=40, deadline=None)
@given(
    gamma=st.floats(0.5, 40),
    error_from=st.floats(0.02, 0.9),
    factor=st.floats(1.05, 10),
)
def test_compute_ratio_and_implied_gamma_are_inverse(gamma, error_from, factor):
    error_to = error_from / factor
    ratio = compute_ratio(error_from, error_to, gamma)
    assert ratio > 1
    assert implied_gamma(1.0, ratio, error_from, error_to) == pytest.approx(gamma, rel=1e-9)


# --------------------------------------------------------------------------- bad input
GOOD_COMPUTE = [1e15, 1e16, 1e17, 1e18]
GOOD_ERROR = [0.4, 0.3, 0.25, 0.2]


@pytest.mark.parametrize("fit_function", [fit_power_law, fit_frontier, fit_exponential, fit_error_levels, compare_forms])
@pytest.mark.parametrize(
    ("compute", "error", "exception", "match"),
    [
        ([1e15, 1e16], [0.4, 0.3], ValueError, "compute"),
        ([], [], ValueError, "compute"),
        ([1e15, 1e16, 1e17, 1e18], [0.4, 0.3, 0.2], ValueError, "same length"),
        ([1e15, 0.0, 1e17, 1e18], GOOD_ERROR, ValueError, "compute"),
        ([1e15, -1e16, 1e17, 1e18], GOOD_ERROR, ValueError, "compute"),
        ([1e15, np.nan, 1e17, 1e18], GOOD_ERROR, ValueError, "compute"),
        ([1e15, np.inf, 1e17, 1e18], GOOD_ERROR, ValueError, "compute"),
        (GOOD_COMPUTE, [0.4, np.nan, 0.25, 0.2], ValueError, "error"),
        (GOOD_COMPUTE, [0.4, np.inf, 0.25, 0.2], ValueError, "error"),
        (GOOD_COMPUTE, [0.4, 0.0, 0.25, 0.2], ValueError, "error"),
        (GOOD_COMPUTE, [0.4, 1.0, 0.25, 0.2], ValueError, "error"),
        (GOOD_COMPUTE, [40.0, 30.0, 25.0, 20.0], ValueError, "error.*percentage"),
        (GOOD_COMPUTE, [0.4, -0.3, 0.25, 0.2], ValueError, "error"),
        ([1e16, 1e16, 1e16, 1e16], GOOD_ERROR, ValueError, "compute"),
        ([[1e15, 1e16], [1e17, 1e18]], GOOD_ERROR, ValueError, "compute"),
        ("1e15,1e16", GOOD_ERROR, TypeError, "compute"),
        (GOOD_COMPUTE, None, TypeError, "error"),
        (GOOD_COMPUTE, ["a", "b", "c", "d"], TypeError, "error"),
    ],
)
def test_fits_refuse_bad_data(fit_function, compute, error, exception, match):
    with pytest.raises(exception, match=match):
        fit_function(compute, error)


@pytest.mark.parametrize(
    ("kwargs", "exception", "match"),
    [
        ({"n_bootstrap": -1}, ValueError, "n_bootstrap"),
        ({"n_bootstrap": 2.5}, TypeError, "n_bootstrap"),
        ({"n_bootstrap": 10**7}, ValueError, "n_bootstrap"),
        ({"seed": -3}, ValueError, "seed"),
        ({"seed": "x"}, TypeError, "seed"),
        ({"level": 1.0}, ValueError, "level"),
        ({"level": 0.2}, ValueError, "level"),
        ({"level": float("nan")}, ValueError, "level"),
    ],
)
def test_fit_power_law_refuses_bad_options(kwargs, exception, match):
    with pytest.raises(exception, match=match):
        fit_power_law(GOOD_COMPUTE, GOOD_ERROR, **kwargs)


@pytest.mark.parametrize(
    ("year", "exception", "match"),
    [
        ([2012, 2013, 2014], ValueError, "year"),
        ([2012, 2013, np.nan, 2015], ValueError, "year"),
        ([2015, 2015, 2015, 2015], ValueError, "year"),
        ([2012, 2014, 2016, 2018], ValueError, "collinear"),
        ("2012", TypeError, "year"),
    ],
)
def test_year_fit_refuses_bad_year(year, exception, match):
    compute = [1e15, 1e16, 1e17, 1e18]
    with pytest.raises(exception, match=match):
        fit_power_law_with_year(compute, GOOD_ERROR, year)


def test_year_fit_needs_four_points():
    with pytest.raises(ValueError, match="year"):
        fit_power_law_with_year([1e15, 1e16, 1e17], [0.4, 0.3, 0.2], [2012, 2014, 2013])


@pytest.mark.parametrize(
    ("quantile", "exception"),
    [(0.0, ValueError), (1.0, ValueError), (-0.1, ValueError), (float("nan"), ValueError), ("0.1", TypeError)],
)
def test_fit_frontier_refuses_bad_quantile(quantile, exception):
    with pytest.raises(exception, match="quantile"):
        fit_frontier(GOOD_COMPUTE, GOOD_ERROR, quantile)


@pytest.mark.parametrize(
    ("target", "kwargs", "exception", "match"),
    [
        (0.0, {}, ValueError, "target_error"),
        (1.0, {}, ValueError, "target_error"),
        (-0.1, {}, ValueError, "target_error"),
        (float("nan"), {}, ValueError, "target_error"),
        (float("inf"), {}, ValueError, "target_error"),
        ([0.05, np.nan], {}, ValueError, "target_error"),
        ([], {}, ValueError, "target_error"),
        ([[0.05]], {}, ValueError, "target_error"),
        ("0.05", {}, TypeError, "target_error"),
        (None, {}, TypeError, "target_error"),
        (5.0, {}, ValueError, "target_error"),
        (0.05, {"interval": "bootstrap"}, ValueError, "interval"),
    ],
)
def test_extrapolate_refuses_bad_input(target, kwargs, exception, match):
    fit = fit_power_law(GOOD_COMPUTE, GOOD_ERROR, n_bootstrap=0)
    with pytest.raises(exception, match=match):
        extrapolate(fit, target, **kwargs)


def test_extrapolate_refuses_a_non_fit():
    with pytest.raises(TypeError, match="fit"):
        extrapolate({"slope": -0.1}, 0.05)


@pytest.mark.parametrize(
    ("dates", "error", "exception", "match"),
    [
        ([2012, 2013], [0.4, 0.3, 0.2], ValueError, "dates"),
        ([2012, np.nan, 2014], [0.4, 0.3, 0.2], ValueError, "dates"),
        (["2012-01-01", None, "2014-01-01"], [0.4, 0.3, 0.2], ValueError, "dates"),
        (["2012-01-01", "not a date", "2014-01-01"], [0.4, 0.3, 0.2], ValueError, "dates"),
        ("2012", [0.4], TypeError, "dates"),
        ([True, False, True], [0.4, 0.3, 0.2], TypeError, "dates"),
        ([2012, 2013, 2014], [0.4, 1.3, 0.2], ValueError, "error"),
        ([2012, 2013, 2014], [0.4, np.nan, 0.2], ValueError, "error"),
        ([], [], ValueError, "error"),
    ],
)
def test_frontier_mask_refuses_bad_input(dates, error, exception, match):
    with pytest.raises(exception, match=match):
        frontier_mask(dates, error)


@pytest.mark.parametrize(
    ("args", "kwargs", "exception", "match"),
    [
        ((0.0, 0.006, 80), {}, ValueError, "slope"),
        ((np.nan, 0.006, 80), {}, ValueError, "slope"),
        (("x", 0.006, 80), {}, TypeError, "slope"),
        ((-0.08, -0.006, 80), {}, ValueError, "slope_se"),
        ((-0.08, np.inf, 80), {}, ValueError, "slope_se"),
        ((-0.08, 0.006, 2), {}, ValueError, "n"),
        ((-0.08, 0.006, 80.0), {}, TypeError, "n"),
        ((-0.08, 0.006, 80), {"level": 1.5}, ValueError, "level"),
        ((-0.08, 0.006, 80), {"n_params": 0}, ValueError, "n_params"),
    ],
)
def test_gamma_from_slope_refuses_bad_input(args, kwargs, exception, match):
    with pytest.raises(exception, match=match):
        gamma_from_slope(*args, **kwargs)


@pytest.mark.parametrize(
    ("value", "exception"),
    [(0.0, ValueError), (-1.0, ValueError), (float("nan"), ValueError), (float("inf"), ValueError), ("9", TypeError), (None, TypeError), (True, TypeError)],
)
def test_halving_factor_refuses_bad_gamma(value, exception):
    with pytest.raises(exception, match="gamma"):
        halving_factor(value)


@pytest.mark.parametrize(
    ("args", "exception", "match"),
    [
        ((0.0, 0.05, 9), ValueError, "error_from"),
        ((1.2, 0.05, 9), ValueError, "error_from"),
        ((0.1, np.nan, 9), ValueError, "error_to"),
        ((0.1, [0.05, 0.0], 9), ValueError, "error_to"),
        ((0.1, "0.05", 9), TypeError, "error_to"),
        ((0.1, 0.05, 0.0), ValueError, "gamma"),
        ((0.1, 0.05, np.inf), ValueError, "gamma"),
        (([0.1, 0.2, 0.3], [0.05, 0.04], 9), ValueError, "error_from and error_to"),
    ],
)
def test_compute_ratio_refuses_bad_input(args, exception, match):
    with pytest.raises(exception, match=match):
        compute_ratio(*args)


@pytest.mark.parametrize(
    ("args", "exception", "match"),
    [
        ((0.0, 1e19, 0.115, 0.05), ValueError, "compute_from"),
        ((1e14, -1.0, 0.115, 0.05), ValueError, "compute_to"),
        ((1e14, np.inf, 0.115, 0.05), ValueError, "compute_to"),
        ((1e14, 1e19, 11.5, 0.05), ValueError, "error_from"),
        ((1e14, 1e19, 0.115, np.nan), ValueError, "error_to"),
        ((1e14, 1e19, 0.1, 0.1), ValueError, "error_from and error_to"),
        ((1e14, 1e19, 0.05, 0.115), ValueError, "negative gamma"),
        (("1e14", 1e19, 0.115, 0.05), TypeError, "compute_from"),
    ],
)
def test_implied_gamma_refuses_bad_input(args, exception, match):
    with pytest.raises(exception, match=match):
        implied_gamma(*args)


def test_public_names_exist():
    for name in fits.__all__:
        assert hasattr(fits, name)


def test_zero_dimensional_arrays_count_as_scalars():
    fit = fit_power_law(GOOD_COMPUTE, GOOD_ERROR, n_bootstrap=0)
    assert extrapolate(fit, np.array(0.05)).compute_flop.item() == pytest.approx(extrapolate(fit, 0.05).compute_flop.item())
    assert compute_ratio(np.array(0.2), np.array(0.1), 9) == pytest.approx(512)
