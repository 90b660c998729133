"""The next-decade calculator (scaling_lib.outlook): hand-worked cases, monotonicity, bad input."""
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib import bounds, data, exercises, fits, outlook

gammas = st.floats(min_value=1.0, max_value=50.0)
growths = st.floats(min_value=1.01, max_value=20.0)
errors = st.floats(min_value=0.002, max_value=0.9)


# ----------------------------------------------------------------------------- hand-worked cases
def test_growth_factors_by_hand():
    assert outlook.combine_compute_growth(1.3, 2.0) == pytest.approx(2.6)
    assert outlook.combine_compute_growth() == pytest.approx(1.3)  # flat budgets by default
    assert outlook.implied_spending_growth(4.1, 1.3) == pytest.approx(4.1 / 1.3)
    assert outlook.annual_gain_from_total(44, 7) == pytest.approx(44 ** (1 / 7))
    assert outlook.annual_gain_from_total(8, 3) == pytest.approx(2.0)
    assert outlook.annual_gain_from_halving_time(12) == pytest.approx(2.0)
    assert outlook.annual_gain_from_halving_time() == pytest.approx(2 ** (12 / 9))
    assert outlook.doubling_time_months(2.0) == pytest.approx(12.0)
    assert outlook.doubling_time_months(outlook.annual_gain_from_total(44, 7)) == pytest.approx(15.4, abs=0.1)
    assert outlook.effective_growth_per_year(4.0, 2.5) == pytest.approx(10.0)
    assert outlook.year_trend_gain(-0.065, -0.022) == pytest.approx(2.18, abs=0.01)  # v2 Table 2 column 2


def test_error_calculator_by_hand():
    # 16x effective compute a year at gamma 4 halves the error each year.
    assert outlook.error_reduction_per_year(4, 16) == pytest.approx(2.0)
    assert outlook.error_after(1, 0.10, 4, 16) == pytest.approx(0.05)
    assert outlook.error_after(3, 0.10, 4, 4, 4) == pytest.approx(0.0125)
    assert outlook.error_after(0, 0.2, 9, 4.1) == pytest.approx(0.2)
    # gamma 9 and 2x a year: 2^(1/9) per year, nine years to halve.
    assert outlook.error_reduction_per_year(9, 2) == pytest.approx(2 ** (1 / 9))
    assert outlook.years_to_error(0.05, 0.10, 9, 2) == pytest.approx(9.0)
    assert outlook.years_to_error(0.01, 0.10, 4, 10) == pytest.approx(4.0)
    assert outlook.years_to_error(0.05, 0.089, 9, 4.1) == pytest.approx(9 * math.log(0.089 / 0.05) / math.log(4.1))
    arr = outlook.error_after(np.array([0.0, 1.0, 2.0]), 0.1, 4, 16)
    assert isinstance(arr, np.ndarray) and np.allclose(arr, [0.1, 0.05, 0.025])
    assert isinstance(outlook.error_after(np.float64(2.0), 0.1, 4, 16), float)


def test_edge_cases_of_years_to_error():
    assert outlook.years_to_error(0.2, 0.1, 9, 4.1) == 0.0  # already reached
    assert outlook.years_to_error(0.1, 0.1, 9, 4.1) == 0.0
    assert math.isinf(outlook.years_to_error(0.05, 0.1, 9, 1.0, 1.0))  # no growth: never
    assert outlook.error_after(50, 0.1, 9, 1.0) == pytest.approx(0.1)


# ----------------------------------------------------------------------------- properties
@settings(max_examples=60, deadline=None)
@given(start=errors, gamma=gammas, growth=growths, years=st.floats(min_value=0.0, max_value=100.0))
def test_years_to_error_inverts_error_after(start, gamma, growth, years):
    reached = outlook.error_after(years, start, gamma, growth)
    assert 0 < reached <= start
    if reached < start * (1 - 1e-9):
        assert outlook.years_to_error(reached, start, gamma, growth) == pytest.approx(years, rel=1e-6, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(start=errors, gamma=gammas, growth=growths, extra=st.floats(min_value=1.01, max_value=5.0))
def test_monotone_in_every_lever(start, gamma, growth, extra):
    base = outlook.error_after(10, start, gamma, growth)
    assert outlook.error_after(11, start, gamma, growth) < base  # later: lower
    assert outlook.error_after(10, start, gamma * 1.5, growth) > base  # steeper exponent: higher
    assert outlook.error_after(10, start, gamma, growth * extra) < base  # more compute: lower
    assert outlook.error_after(10, start, gamma, growth, extra) < base  # better algorithms: lower
    target = start / 2
    assert outlook.years_to_error(target, start, gamma * 2, growth) == pytest.approx(2 * outlook.years_to_error(target, start, gamma, growth))


@settings(max_examples=40, deadline=None)
@given(compute=growths, algorithms=st.floats(min_value=1.0, max_value=5.0), gamma=gammas)
def test_compute_and_algorithms_are_interchangeable(compute, algorithms, gamma):
    """Only the product of the growth factors matters."""
    a = outlook.error_after(7, 0.1, gamma, compute, algorithms)
    b = outlook.error_after(7, 0.1, gamma, compute * algorithms, 1.0)
    assert a == pytest.approx(b)


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: outlook.error_after(-1, 0.1, 9, 2), "years"),
        (lambda: outlook.error_after(math.nan, 0.1, 9, 2), "years"),
        (lambda: outlook.error_after([1.0, math.inf], 0.1, 9, 2), "years"),
        (lambda: outlook.error_after([], 0.1, 9, 2), "years"),
        (lambda: outlook.error_after([[1.0, 2.0]], 0.1, 9, 2), "years"),
        (lambda: outlook.error_after(1, 0.0, 9, 2), "start_error"),
        (lambda: outlook.error_after(1, 1.0, 9, 2), "start_error"),
        (lambda: outlook.error_after(1, 11.5, 9, 2), "start_error"),
        (lambda: outlook.error_after(1, 0.1, 0, 2), "gamma"),
        (lambda: outlook.error_after(1, 0.1, -4, 2), "gamma"),
        (lambda: outlook.error_after(1, 0.1, math.inf, 2), "gamma"),
        (lambda: outlook.error_after(1, 0.1, 9, 0.5), "compute_growth_per_year"),
        (lambda: outlook.error_after(1, 0.1, 9, math.nan), "compute_growth_per_year"),
        (lambda: outlook.error_after(1, 0.1, 9, 2, 0.0), "algorithmic_gain_per_year"),
        (lambda: outlook.years_to_error(0.0, 0.1, 9, 2), "target_error"),
        (lambda: outlook.years_to_error(0.05, -0.1, 9, 2), "start_error"),
        (lambda: outlook.error_reduction_per_year(0, 2), "gamma"),
        (lambda: outlook.combine_compute_growth(0.9, 1.0), "hardware_gain_per_year"),
        (lambda: outlook.combine_compute_growth(1.3, -2.0), "spending_growth_per_year"),
        (lambda: outlook.implied_spending_growth(1.2, 1.3), "hardware_gain_per_year"),
        (lambda: outlook.annual_gain_from_total(0.5, 7), "total_gain"),
        (lambda: outlook.annual_gain_from_total(44, 0), "years"),
        (lambda: outlook.annual_gain_from_halving_time(0), "halving_months"),
        (lambda: outlook.doubling_time_months(1.0), "gain_per_year"),
        (lambda: outlook.year_trend_gain(0.065, -0.022), "compute_slope"),
        (lambda: outlook.year_trend_gain(-0.065, 0.0), "year_coef"),
        (lambda: outlook.projection_grid(0.1, 1800), "start_year"),
        (lambda: outlook.projection_grid(0.1, 2023, horizon_years=0), "horizon_years"),
        (lambda: outlook.projection_grid(0.1, 2023, step_years=-1), "step_years"),
        (lambda: outlook.projection_grid(0.1, 2023, gammas={"bad": 0.0}), "gammas"),
        (lambda: outlook.projection_grid(0.1, 2023, compute_growths={"bad": 0.5}), "compute_growths"),
        (lambda: outlook.projection_grid(0.1, 2023, horizon_years=500, step_years=0.001), "200,000"),
        (lambda: outlook.milestone_table(0.1, 2023, targets=[0.05, 1.5]), "targets"),
        (lambda: outlook.milestone_table(0.1, 2023, targets=[]), "targets"),
        (lambda: outlook.headline_numbers(min_fit_points=2), "min_fit_points"),
    ],
)
def test_bad_values_are_refused(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: outlook.error_after("3", 0.1, 9, 2), "years"),
        (lambda: outlook.error_after(1, "0.1", 9, 2), "start_error"),
        (lambda: outlook.error_after(1, 0.1, None, 2), "gamma"),
        (lambda: outlook.error_after(1, 0.1, 9, True), "compute_growth_per_year"),
        (lambda: outlook.projection_grid(0.1, 2023, gammas=[4, 9]), "gammas"),
        (lambda: outlook.projection_grid(0.1, 2023, gammas={}), "gammas"),
        (lambda: outlook.record_frontier(models=[1, 2]), "models"),
        (lambda: outlook.headline_numbers(min_fit_points=5.0), "min_fit_points"),
    ],
)
def test_wrong_kinds_are_refused(call, match):
    with pytest.raises(TypeError, match=match):
        call()


def test_models_table_problems_are_named():
    with pytest.raises(ValueError, match="top1_error"):
        outlook.record_frontier(pd.DataFrame({"model": ["a"], "publication_date": ["2020-01-01"]}))
    with pytest.raises(ValueError, match="at least one row"):
        outlook.record_frontier(pd.DataFrame(columns=["model", "publication_date", "top1_error"]))
    one = pd.DataFrame({"model": ["a"], "publication_date": pd.to_datetime(["2020-01-01"]), "top1_error": [0.2]})
    with pytest.raises(ValueError, match="two successive records"):
        outlook.history_gamma(one)
    with pytest.raises(ValueError, match="exceed 1"):
        outlook.history_gamma(compute_growth_per_year=1.0)


# ----------------------------------------------------------------------------- tables
def test_record_frontier_and_starting_point():
    models = data.load_imagenet_models()
    records = outlook.record_frontier(models)
    assert list(records.columns) == ["model", "publication_date", "year", "top1_error"]
    assert np.all(np.diff(records["top1_error"]) < 0)  # each record beats the last
    assert np.all(np.diff(records["year"]) >= 0)
    assert records["top1_error"].iloc[-1] == models["top1_error"].min()
    assert records["model"].iloc[0].startswith("AlexNet")
    start = outlook.starting_point(models)
    assert start["top1_error"] == models["top1_error"].min() and 2012 < start["year"] < 2030
    toy = pd.DataFrame({"model": list("abcd"), "publication_date": pd.to_datetime(["2012-01-01", "2013-01-01", "2014-01-01", "2015-07-02"]),
                        "top1_error": [0.4, 0.45, 0.3, 0.3]})
    assert list(outlook.record_frontier(toy)["model"]) == ["a", "c"]  # a tie is not a record


def test_projection_grid_holds_the_calculators_numbers():
    grid = outlook.projection_grid(0.089, 2023.0)
    n_settings = len(outlook.GAMMAS) * len(outlook.COMPUTE_GROWTHS) * len(outlook.ALGORITHMIC_GAINS)
    assert len(grid) == n_settings * 31
    assert set(grid["gamma"]) == {4.0, 9.0, 10.8, 13.8}
    assert (grid.loc[grid["years_from_start"] == 0, "top1_error"] == 0.089).all()
    sample = grid.sample(25, random_state=0)
    for row in sample.itertuples():
        assert row.top1_error == pytest.approx(outlook.error_after(row.years_from_start, 0.089, row.gamma, row.compute_growth_per_year, row.algorithmic_gain_per_year))
    assert np.allclose(grid["top1_error_percent"], 100 * grid["top1_error"])
    assert np.allclose(grid["year"], 2023.0 + grid["years_from_start"])


def test_milestone_table():
    table = outlook.milestone_table(0.089, 2023.0)
    assert set(table["target_error"]) == {0.05, 0.01}
    row = table[(table["gamma"] == 9.0) & (table["compute_growth_per_year"] == 4.1) & (table["algorithmic_gain_per_year"] == 1.0)
                & (table["target_error"] == 0.05)].iloc[0]
    assert row["years_needed"] == pytest.approx(outlook.years_to_error(0.05, 0.089, 9, 4.1))
    assert row["label"] == str(math.floor(2023.0 + row["years_needed"]))
    assert row["compute_multiplier_needed"] == pytest.approx(fits.compute_ratio(0.089, 0.05, 9))
    never = table[table["effective_growth_per_year"] == 1.0]
    assert (never["label"] == "never").all() and np.isinf(never["years_needed"]).all()
    # 1% always comes after 5%, and a steeper exponent always later.
    keys = ["gamma", "compute_label", "algorithmic_label"]
    wide = table[table["effective_growth_per_year"] > 1].pivot_table(index=keys, columns="target_error", values="years_needed")
    assert (wide[0.01] > wide[0.05]).all()
    late = outlook.milestone_table(0.5, 2023.0, targets=[0.001], gammas={"x": 50.0}, compute_growths={"y": 1.01}, algorithmic_gains={"z": 1.0})
    assert late["label"].iloc[0] == "after 2200"


def test_backtest_and_history_gamma():
    curves = outlook.backtest_curves()
    records = outlook.record_frontier()
    assert set(curves["gamma"]) == set(outlook.GAMMAS.values())
    first = curves[curves["years_from_start"] == 0]
    assert np.allclose(first["top1_error"], records["top1_error"].iloc[0])
    assert curves["year"].max() == pytest.approx(records["year"].iloc[-1])
    history = outlook.history_gamma()
    # The implied gamma carries the first record exactly to the last one.
    end = outlook.error_after(history["years"], history["first_error"], history["gamma"], 4.1)
    assert end == pytest.approx(history["last_error"])
    assert 8.0 < history["gamma"] < 13.0  # between the article's 9 and v1's 13.8 on the book's data
    # A lower gamma predicts a lower error at the end.
    last = curves.groupby("gamma")["top1_error"].last()
    assert last.is_monotonic_increasing


def test_headline_numbers_are_library_numbers():
    numbers = outlook.headline_numbers()
    assert list(numbers.columns) == ["quantity", "value", "kind", "source", "computed_by", "chapter"]
    value = numbers.set_index("quantity")["value"]
    assert value["data to halve the error (k² at k = 2)"] == 4.0
    assert value["compute for a 10× better model, theory (k⁴ at k = 10)"] == 10_000.0
    assert value["compute to halve the error at the ninth power (2⁹)"] == 512.0
    assert value["γ implied by paper v1's extrapolation"] == pytest.approx(13.8, abs=0.05)
    assert value["algorithmic gain, AlexNet-level accuracy 2012 → 2019"] == 44.0
    assert 1000 < value["compute, AlexNet → NASNet-A (hardware burden)"] < 1200  # the article's "more than 1,000x"
    assert 5.5 < value["of which faster chips (P100 ÷ GTX 580 peak FP32)"] < 6.5  # the article's "about 6x"
    ours = [q for q in value.index if q.startswith("γ, this book's fit")]
    assert len(ours) == 1
    table = data.model_compute_table()
    usable = table["hardware_burden_flop"].notna() & table["top1_error"].notna()
    fit = fits.fit_power_law(table.loc[usable, "hardware_burden_flop"], table.loc[usable, "top1_error"], n_bootstrap=0)
    assert value[ours[0]] == pytest.approx(fit.gamma)
    assert set(numbers["kind"]) == {"exponent γ", "multiplier", "growth per year"}
    assert numbers["source"].str.len().min() > 10 and (numbers["value"] > 1).all()
    # Too few points for a fit: the row is left out, not invented.
    assert not any(q.startswith("γ, this book's fit") for q in outlook.headline_numbers(min_fit_points=10_000)["quantity"])
    assert bounds.EXPONENTS["compute, article (k⁹)"]["gamma"] == 9.0


# ----------------------------------------------------------------------------- answer checks
def test_answer_checks():
    start = outlook.starting_point()["top1_error"]
    right = exercises.check("outlook-years", outlook.years_to_error(0.05, start, 9, 4.1))
    assert right.correct
    wrong = exercises.check("outlook-years", outlook.years_to_error(0.05, start, 4, 4.1))
    assert not wrong.correct and "Hint" in wrong.message and "too low" in wrong.message
    assert exercises.check("outlook-hardware-only", outlook.years_to_error(0.01, start, 9, 1.3)).correct
    assert not exercises.check("outlook-hardware-only", outlook.years_to_error(0.01, start, 9, 4.1)).correct
    assert exercises.check("outlook-annual", 44 ** (1 / 7)).correct
    assert not exercises.check("outlook-annual", 44 / 7).correct
    assert not exercises.check("outlook-annual", math.nan).correct
