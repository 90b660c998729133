"""The outlook chapter's scenario tables (scaling_lib.outlook) and answer checks: hand-worked cases, properties, bad input."""
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib import data, exercises, outlook, vocabulary

ONE = ({"γ": 9.0}, {"compute": 4.1}, {"algorithms": 1.0})


# ----------------------------------------------------------------------------- hand-worked cases
def test_error_halves_each_year_at_gamma_4_and_16_fold_growth():
    grid, milestones = outlook.scenarios(0.10, 2020.0, {"γ": 4.0}, {"c": 16.0}, {"a": 1.0}, horizon_years=3, targets=[0.05, 0.0125])
    assert np.allclose(grid["top1_error"], [0.1, 0.05, 0.025, 0.0125])
    assert list(grid["year"]) == [2020.0, 2021.0, 2022.0, 2023.0]
    assert np.allclose(milestones["years_needed"], [1.0, 3.0])
    assert list(milestones["label"]) == ["2021", "2023"]
    assert np.allclose(milestones["compute_multiplier_needed"], [16.0, 16.0**3])


def test_only_the_product_of_compute_and_algorithms_matters():
    _, split = outlook.scenarios(0.089, 2023.0, {"γ": 9.0}, {"c": 2.0}, {"a": 2.05})
    _, joint = outlook.scenarios(0.089, 2023.0, {"γ": 9.0}, {"c": 4.1}, {"a": 1.0})
    assert np.allclose(split["years_needed"], joint["years_needed"])
    assert split["effective_growth_per_year"].iloc[0] == pytest.approx(4.1)


def test_every_combination_of_settings_and_a_target_already_reached():
    grid, milestones = outlook.scenarios(0.089, 2023.0, {"a": 4.0, "b": 9.0, "c": 13.8}, {"x": 1.3, "y": 4.1},
                                         {"none": 1.0, "some": 2.5}, horizon_years=10, targets=[0.2, 0.05, 0.01])
    assert len(grid) == 3 * 2 * 2 * 11 and len(milestones) == 3 * 3 * 2 * 2
    reached = milestones[milestones["target_error"] == 0.2]
    assert (reached["years_needed"] == 0).all() and (reached["compute_multiplier_needed"] == 1).all()
    assert (reached["label"] == "2023").all()
    wide = milestones.pivot_table(index=["gamma", "compute_label", "algorithmic_label"], columns="target_error", values="years_needed")
    assert (wide[0.01] > wide[0.05]).all()  # 1 % always after 5 %
    _, late = outlook.scenarios(0.5, 2023.0, {"x": 50.0}, {"y": 1.01}, {"z": 1.0}, targets=[0.001])
    assert late["label"].iloc[0] == "after 2200"


@settings(max_examples=60, deadline=None)
@given(start=st.floats(0.002, 0.9), gamma=st.floats(1.0, 50.0), growth=st.floats(1.01, 20.0), target=st.floats(0.001, 0.9))
def test_grid_and_milestones_agree_with_the_formulas(start, gamma, growth, target):
    grid, milestones = outlook.scenarios(start, 2023.0, {"γ": gamma}, {"c": growth}, {"a": 1.0}, horizon_years=5, targets=[target])
    years = np.arange(6.0)
    assert np.allclose(grid["top1_error"], start * np.exp(-years * np.log(growth) / gamma))
    needed = max(0.0, gamma * math.log(start / target) / math.log(growth))
    assert milestones["years_needed"].iloc[0] == pytest.approx(needed, abs=1e-9)
    # doubling γ doubles the years (the exercise "Why the exponent divides the years")
    _, steeper = outlook.scenarios(start, 2023.0, {"γ": 2 * gamma}, {"c": growth}, {"a": 1.0}, targets=[target])
    assert steeper["years_needed"].iloc[0] == pytest.approx(2 * needed, abs=1e-9)


def test_headline_numbers_from_the_data_and_vocabulary():
    table = data.model_compute_table()
    numbers = outlook.headline_numbers(9.1, 7.3, 12.2, 16, table)
    assert list(numbers.columns) == ["quantity", "value", "kind", "source", "how", "chapter"]
    value = numbers.set_index("quantity")["value"]
    assert value["data to halve the error (k² at k = 2)"] == 4.0
    assert value["compute for a 10× better model, theory (k⁴ at k = 10)"] == 10_000.0
    assert value["compute to halve the error at the ninth power (2⁹)"] == 512.0
    assert value["γ implied by paper v1's extrapolation"] == pytest.approx(math.log(1e5) / math.log(0.115 / 0.05))
    assert value["γ, this book's fit on hardware burden (n = 16; 95 % CI 7.3–12.2)"] == 9.1
    assert value["γ, paper v2 (ImageNet, hardware burden; 95 % CI 9.5–12.3)"] == 10.8
    burden = table.set_index("model")["hardware_burden_flop"]
    alexnet = burden[[m for m in burden.index if m.startswith("AlexNet")]].iloc[0]
    nasnet = burden[[m for m in burden.index if m.startswith("NASNet-A")]].iloc[0]
    assert value["compute, AlexNet → NASNet-A (hardware burden)"] == pytest.approx(nasnet / alexnet)
    chips = data.load_accelerators().set_index("processor")["peak_flops_fp32"]
    assert value["of which faster chips (P100 ÷ GTX 580 peak FP32)"] == pytest.approx(chips["NVIDIA P100"] / chips["NVIDIA GeForce GTX 580"])
    assert value["algorithmic gain per year (44× over 7 years)"] == pytest.approx(44 ** (1 / 7))
    assert set(numbers["kind"]) == {"exponent γ", "multiplier", "growth per year"}
    assert (numbers["value"] > 1).all() and numbers["source"].str.len().min() > 10
    assert "SECONDARY" in numbers.set_index("quantity").loc["γ, paper v2 (ImageNet, hardware burden; 95 % CI 9.5–12.3)", "source"]
    # without AlexNet or NASNet-A in the table the two ratios are left out, not invented
    fewer = outlook.headline_numbers(9.1, 7.3, 12.2, 16, table[~table["model"].str.startswith("AlexNet")])
    assert len(fewer) == len(numbers) - 2 and not fewer["quantity"].str.contains("NASNet").any()


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: outlook.scenarios(0.0, 2023.0, *ONE), "start_error"),
        (lambda: outlook.scenarios(1.2, 2023.0, *ONE), "start_error"),
        (lambda: outlook.scenarios(0.1, 1800.0, *ONE), "start_year"),
        (lambda: outlook.scenarios(0.1, 2023.0, {"γ": 0.0}, *ONE[1:]), r"gammas\['γ'\]"),
        (lambda: outlook.scenarios(0.1, 2023.0, {"γ": math.nan}, *ONE[1:]), "gammas"),
        (lambda: outlook.scenarios(0.1, 2023.0, ONE[0], {"c": 1.0}, ONE[2]), "compute_growths"),
        (lambda: outlook.scenarios(0.1, 2023.0, ONE[0], ONE[1], {"a": 0.5}), "algorithmic_gains"),
        (lambda: outlook.scenarios(0.1, 2023.0, {}, *ONE[1:]), "gammas"),
        (lambda: outlook.scenarios(0.1, 2023.0, *ONE, horizon_years=0), "horizon_years"),
        (lambda: outlook.scenarios(0.1, 2023.0, *ONE, targets=[0.05, 1.5]), "targets"),
        (lambda: outlook.scenarios(0.1, 2023.0, *ONE, targets=[]), "targets"),
        (lambda: outlook.headline_numbers(0.0, 7.3, 12.2, 16), "gamma"),
        (lambda: outlook.headline_numbers(9.1, 7.3, math.inf, 16), "gamma_high"),
        (lambda: outlook.headline_numbers(9.1, 7.3, 12.2, 2), "n_models"),
        (lambda: outlook.headline_numbers(9.1, 7.3, 12.2, 16, pd.DataFrame({"model": ["a"]})), "hardware_burden_flop"),
    ],
)
def test_bad_values_are_refused(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: outlook.scenarios("0.1", 2023.0, *ONE), "start_error"),
        (lambda: outlook.scenarios(0.1, 2023.0, [4, 9], *ONE[1:]), "gammas"),
        (lambda: outlook.scenarios(0.1, 2023.0, {3: 9.0}, *ONE[1:]), "gammas label"),
        (lambda: outlook.scenarios(0.1, 2023.0, ONE[0], {"c": "fast"}, ONE[2]), "compute_growths"),
        (lambda: outlook.scenarios(0.1, 2023.0, *ONE, horizon_years=3.5), "horizon_years"),
        (lambda: outlook.headline_numbers(9.1, 7.3, 12.2, 16.0), "n_models"),
        (lambda: outlook.headline_numbers(9.1, 7.3, 12.2, 16, [1, 2]), "table"),
    ],
)
def test_wrong_kinds_are_refused(call, match):
    with pytest.raises(TypeError, match=match):
        call()


# ----------------------------------------------------------------------------- answer checks
def _page_fit(table: pd.DataFrame) -> float:
    """γ as the page computes it, with statsmodels (the checks use numpy.polyfit)."""
    import statsmodels.formula.api as smf

    return -1 / smf.ols("np.log10(top1_error) ~ np.log10(hardware_burden_flop)", data=table).fit().params.iloc[1]


def test_answer_checks_accept_the_page_method_and_refuse_near_misses():
    table = data.model_compute_table()
    gamma, start = _page_fit(table), table["top1_error"].min()
    years = lambda target, growth, g=gamma: g * math.log(start / target) / math.log(growth)  # noqa: E731
    assert exercises.check("outlook-years", years(0.05, 2.0)).correct
    assert not exercises.check("outlook-years", years(0.05, 4.1)).correct  # the chapter's growth, not the changed one
    assert not exercises.check("outlook-years", years(0.05, 2.0, 9.0)).correct  # the article's 9, not the fit
    assert exercises.check("outlook-hardware-only", years(0.01, 1.30)).correct
    assert not exercises.check("outlook-hardware-only", years(0.01, 1.30 * 2 ** (12 / 9))).correct
    assert exercises.check("outlook-annual", 44 ** (1 / 7)).correct
    assert not exercises.check("outlook-annual", 44 / 7).correct
    assert not exercises.check("outlook-annual", math.nan).correct


def test_backtest_check_matches_a_forecast_made_with_the_page_tools():
    table = data.model_compute_table()
    cutoff = pd.Timestamp("2017-12-31")
    gamma = _page_fit(table[table["publication_date"] <= cutoff])
    records = table[vocabulary.record_setting(table["publication_date"], table["top1_error"])].copy()
    records["year"] = vocabulary.decimal_year(records["publication_date"])
    then, last = records[records["publication_date"] <= cutoff].iloc[-1], records.iloc[-1]
    forecast = 100 * then["top1_error"] * 4.1 ** (-(last["year"] - then["year"]) / gamma)
    assert exercises.check("outlook-backtest", forecast).correct
    assert not exercises.check("outlook-backtest", forecast / 100).correct  # a fraction, not percent
    mid_2020 = _page_fit(table[table["publication_date"] <= vocabulary.CUTOFF_DATE])
    assert not exercises.check("outlook-backtest", 100 * then["top1_error"] * 4.1 ** (-(last["year"] - then["year"]) / mid_2020)).correct
