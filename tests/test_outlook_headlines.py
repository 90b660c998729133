"""Every number the outlook chapter glues into its prose, recomputed here another way.

The chapter fits γ with a statsmodels formula, finds records with ``vocabulary.record_setting``
and runs its own two-line calculator. Here the fits are solved with ``numpy.linalg.lstsq`` and
a t quantile from scipy, the records are a running minimum written out, decimal years come
from the day of the year, and every date is the formula γ ln(start/target) / ln G by hand. The
tests also hold the prose's verdicts (the mid-2020 forecast was too optimistic, the end-2017
one was not) to the numbers.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from scaling_lib import data
from tests.conftest import glued, glued_number

pytestmark = pytest.mark.slow
CHAPTER = "book/outlook"
HARDWARE, COMPUTE = 1.30, 4.1
EPOCH = 2 ** (12 / 9)


def shows(name: str, value: float, digits: int = 1) -> None:
    """The glued ``name`` is ``value`` rounded to ``digits`` decimals (percent values given in percent)."""
    assert abs(glued_number(CHAPTER, name) - value) <= 0.5 * 10.0**-digits + 1e-9, (name, glued(CHAPTER)[name], value)


def shows_sci(name: str, value: float) -> None:
    """The glued ``name`` is ``value`` in scientific notation with one decimal (4.6 × 10⁸)."""
    scale = 10.0 ** math.floor(math.log10(value))
    assert abs(glued_number(CHAPTER, name) / scale - value / scale) <= 0.05 + 1e-9, (name, glued(CHAPTER)[name], value)


def year(name: str, value: float) -> None:
    assert glued_number(CHAPTER, name) == math.floor(value), (name, glued(CHAPTER)[name], value)


def gamma_fit(table: pd.DataFrame) -> tuple[np.ndarray, int]:
    """(γ, γ low, γ high) and n from least squares of log10 error on log10 hardware burden."""
    rows = table.dropna(subset=["hardware_burden_flop", "top1_error"])
    x, y = np.log10(rows["hardware_burden_flop"].to_numpy(float)), np.log10(rows["top1_error"].to_numpy(float))
    design = np.column_stack([np.ones_like(x), x])
    (_, slope), residuals, *_ = np.linalg.lstsq(design, y, rcond=None)
    n = len(x)
    se = math.sqrt(residuals[0] / (n - 2) * np.linalg.inv(design.T @ design)[1, 1])
    half = stats.t.ppf(0.975, n - 2) * se
    return -1 / np.array([slope, slope - half, slope + half]), n


def decimal_year(date) -> float:
    date = pd.Timestamp(date)
    return date.year + (date.day_of_year - 1) / 365.25


def years_to(start: float, target: float, gamma, growth: float):
    return np.asarray(gamma) * math.log(start / target) / math.log(growth)


@pytest.fixture(scope="module")
def models() -> pd.DataFrame:
    return data.model_compute_table().sort_values("publication_date", kind="stable")


@pytest.fixture(scope="module")
def records(models) -> pd.DataFrame:
    best, keep = math.inf, []  # a record beats every earlier date's best and is the best of its own date
    for _, same_day in models.groupby("publication_date", sort=True):
        day_best = same_day["top1_error"].min()
        keep += list(same_day.index[(same_day["top1_error"] < best) & (same_day["top1_error"] == day_best)])
        best = min(best, day_best)
    out = models.loc[keep].copy()
    out["year"] = [decimal_year(d) for d in out["publication_date"]]
    return out


@pytest.fixture(scope="module")
def fit(models):
    return gamma_fit(models)


@pytest.fixture(scope="module")
def start(records) -> tuple[float, float]:
    return float(records["top1_error"].iloc[-1]), float(records["year"].iloc[-1])


def test_levers_and_algorithmic_gains():
    shows("spending_growth", COMPUTE / HARDWARE, 2)
    shows("thousandfold_years", math.log(1000) / math.log(COMPUTE / HARDWARE))
    gain = math.exp(math.log(44) / 7)
    shows("hb_gain", gain, 2)
    shows("hb_doubling", 12 * math.log(2) / math.log(gain))
    shows("epoch_gain", EPOCH, 2)
    shows("epoch_gain_low", 2 ** (12 / 25), 2)
    shows("epoch_gain_high", 2 ** (12 / 4), 0)


def test_gamma_and_its_interval(fit):
    gammas, n = fit
    assert glued_number(CHAPTER, "n_fit") == n
    for name, value in zip(("gamma", "gamma_low", "gamma_high"), gammas):
        shows(name, value)


def test_start_and_calculator(records, fit, start):
    gammas, _ = fit
    error, when = start
    assert glued(CHAPTER)["start_model"] == records["model"].iloc[-1]
    shows("start_error", 100 * error)
    assert glued_number(CHAPTER, "start_year") == round(when)
    assert glued_number(CHAPTER, "n_records") == len(records)
    cut = 100 * (1 - COMPUTE ** (-1 / gammas))
    for name, value in zip(("cut", "cut_high", "cut_low"), cut):  # a low γ cuts faster
        shows(name, value, 0)
    for prefix, growth in (("decade", COMPUTE), ("decade_hw", HARDWARE)):
        for suffix, gamma in zip(("", "_low", "_high"), gammas):
            shows(prefix + suffix, 100 * error * growth ** (-10 / gamma))
    shows("decade_4", 100 * error * COMPUTE ** (-10 / 4), 2)


def test_dates_carry_the_range_from_gammas_interval(fit, start):
    gammas, _ = fit
    error, when = start
    for name, growth, target in (("y5", COMPUTE, 0.05), ("y1", COMPUTE, 0.01), ("y5_hw", HARDWARE, 0.05),
                                 ("y1_hw", HARDWARE, 0.01), ("y1_hw_epoch", HARDWARE * EPOCH, 0.01)):
        for suffix, gamma in zip(("", "_early", "_late"), gammas):
            year(name + suffix, when + years_to(error, target, gamma, growth))
        assert glued_number(CHAPTER, name + "_early") <= glued_number(CHAPTER, name) <= glued_number(CHAPTER, name + "_late")
    for suffix, gamma in zip(("", "_low", "_high"), gammas):
        shows("mult_5" + suffix, (error / 0.05) ** gamma, 0)
        shows_sci("mult_1" + suffix, (error / 0.01) ** gamma)


def test_published_exponents_and_the_year_term(start):
    error, when = start
    for suffix, gamma in zip(("", "_early", "_late"), (10.8, 9.5, 12.3)):  # v2 Table 2(b), secondary summary
        year("y5_v2" + suffix, when + years_to(error, 0.05, gamma, COMPUTE))
        year("y1_v2" + suffix, when + years_to(error, 0.01, gamma, COMPUTE))
    v1 = math.log(1e19 / 1e14) / math.log(0.115 / 0.05)
    year("y1_v1", when + years_to(error, 0.01, v1, COMPUTE))
    shows_sci("mult_1_v1", (error / 0.01) ** v1)
    half = stats.t.ppf(0.975, 77) * 0.005
    v2 = [1 / 0.065, 1 / (0.065 + half), 1 / (0.065 - half)]
    for name, value in zip(("v2_gamma", "v2_gamma_low", "v2_gamma_high"), v2):
        shows(name, value)
    gain = 10 ** (0.022 / 0.065)
    shows("v2_gain", gain)
    for name, value in zip(("v2_years", "v2_years_low", "v2_years_high"), years_to(error, 0.05, v2, COMPUTE * gain)):
        shows(name, value)


def test_out_of_sample_test_from_mid_2020(models, records, start):
    cutoff = pd.Timestamp("2020-06-30")
    gammas, n = gamma_fit(models[models["publication_date"] <= cutoff])
    assert glued_number(CHAPTER, "n_before") == n
    for name, value in zip(("gamma_before", "gamma_before_low", "gamma_before_high"), gammas):
        shows(name, value)
    before = models[models["publication_date"] <= cutoff]
    then = before.loc[before["top1_error"].idxmin()]
    then_year = decimal_year(then["publication_date"])
    assert glued(CHAPTER)["then_model"] == then["model"]
    shows("then_error", 100 * then["top1_error"])
    later = records[records["publication_date"] > cutoff]
    forecast = {name: then["top1_error"] * COMPUTE ** (-(later["year"].to_numpy() - then_year) / g)
                for name, g in zip(("mid", "low", "high"), gammas)}
    inside = (later["top1_error"].to_numpy() >= forecast["low"]) & (later["top1_error"].to_numpy() <= forecast["high"])
    assert glued_number(CHAPTER, "n_later") == len(later)
    assert glued_number(CHAPTER, "n_inside") == inside.sum()
    for name, key in (("forecast_last", "mid"), ("forecast_last_low", "low"), ("forecast_last_high", "high")):
        shows(name, 100 * forecast[key][-1])
    errors = later["top1_error"].to_numpy()
    assert glued_number(CHAPTER, "n_below") == (errors < forecast["low"]).sum()
    assert glued_number(CHAPTER, "n_above") == (errors > forecast["high"]).sum()
    where = ("too optimistic" if start[0] > forecast["high"][-1]  # the prose's verdict on today's record
             else "too pessimistic" if start[0] < forecast["low"][-1] else "on target")
    assert glued(CHAPTER)["backtest_where"] == where
    assert where in glued(CHAPTER)["backtest_sentence"]


def test_why_it_missed_and_the_calibration(records, start):
    with_compute = records.dropna(subset=["hardware_burden_flop"])
    a = with_compute[with_compute["publication_date"] <= pd.Timestamp("2020-06-30")].iloc[-1]
    b = with_compute.iloc[-1]
    growth = (b["hardware_burden_flop"] / a["hardware_burden_flop"]) ** (1 / (b["year"] - a["year"]))
    shows("record_growth", growth)
    assert growth < COMPUTE
    first = records.iloc[0]
    shows("gamma_joining", (start[1] - first["year"]) * math.log(COMPUTE) / math.log(first["top1_error"] / start[0]))


def test_book_in_one_chart(models):
    burden = models.set_index("model")["hardware_burden_flop"]
    shows("alexnet_nasnet", burden["NASNet-A (6@4032)"] / burden["AlexNet (SuperVision, 7-CNN ensemble)"], 0)
    chips = data.load_accelerators().set_index("processor")["peak_flops_fp32"]
    shows("chip_ratio", chips["NVIDIA P100"] / chips["NVIDIA GeForce GTX 580"])


def test_exercise_solutions(models, fit, start):
    (gamma, *_), _ = fit
    error, when = start
    shows("years_2x", years_to(error, 0.05, gamma, 2.0))
    shows("flat_years", years_to(error, 0.01, gamma, HARDWARE), 0)
    shows("flat_algorithms_years", years_to(error, 0.01, gamma, HARDWARE * EPOCH), 0)
    cutoff = pd.Timestamp("2017-12-31")
    gammas, n = gamma_fit(models[models["publication_date"] <= cutoff])
    assert glued_number(CHAPTER, "n_2017") == n
    before = models[models["publication_date"] <= cutoff]
    then = before.loc[before["top1_error"].idxmin()]
    forecast = 100 * then["top1_error"] * COMPUTE ** (-(when - decimal_year(then["publication_date"])) / gammas)
    for name, value in zip(("forecast_2017", "forecast_2017_low", "forecast_2017_high"), forecast):
        shows(name, value)
    assert forecast[1] <= 100 * error <= forecast[2]  # the prose: today's record lies inside
