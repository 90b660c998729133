"""Every number the hardware chapter glues into its prose, recomputed here another way.

The chapter fits its trends with statsmodels and multiplies the decomposition out with
pandas; here the lines are solved with ``numpy.linalg.lstsq`` and a t quantile from scipy,
the chips are read from the raw CSV files and joined by hand, and the costs use the
formulas written out. The tests also hold the prose's comparisons (slower, above, overlap)
to the numbers.
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
CHAPTER = "book/hardware"
ALEXNET, NASNET, COCA = "AlexNet (SuperVision, 7-CNN ensemble)", "NASNet-A (6@4032)", "CoCa (fine-tuned)"
HOURS_PER_YEAR = 365.25 * 24


def shows(name: str, value: float, digits: int) -> None:
    """The glued ``name`` is ``value`` rounded to ``digits`` decimals."""
    assert abs(glued_number(CHAPTER, name) - value) <= 0.5 * 10.0**-digits + 1e-9, (name, glued(CHAPTER)[name], value)


@pytest.fixture(scope="module")
def chips() -> pd.DataFrame:
    table = data.load_accelerators()
    table = table[table["processor"] != "NVIDIA V100"].copy()
    dates = pd.to_datetime(table["release_date"])
    table["year"] = dates.dt.year + (dates.dt.day_of_year - 1) / 365.25
    return table.set_index("processor")


def line(x, y) -> dict[str, float]:
    """Least squares of log10(y) on x by lstsq; the doubling time and its 95% t-interval."""
    x, y = np.asarray(x, float), np.log10(np.asarray(y, float))
    design = np.column_stack([np.ones_like(x), x])
    (intercept, slope), rss, *_ = np.linalg.lstsq(design, y, rcond=None)
    n = len(x)
    se = math.sqrt(rss[0] / (n - 2) / ((x - x.mean()) ** 2).sum())
    t = stats.t.ppf(0.975, n - 2)
    low, high = slope - t * se, slope + t * se
    r2 = 1 - rss[0] / ((y - y.mean()) ** 2).sum()
    return {"n": n, "slope": slope, "doubling": math.log10(2) / slope, "low": math.log10(2) / high,
            "high": math.log10(2) / low if low > 0 else math.inf, "r2": r2}


def fit(chips: pd.DataFrame, values: pd.Series) -> dict[str, float]:
    keep = values.notna()
    return line(chips.loc[keep, "year"], values[keep])


def shows_fit(prefix: str, result: dict[str, float]) -> None:
    shows(f"{prefix}_doubling", result["doubling"], 1)
    shows(f"{prefix}_low", result["low"], 1)
    if math.isinf(result["high"]):
        assert glued(CHAPTER)[f"{prefix}_high"] == "∞"
    else:
        shows(f"{prefix}_high", result["high"], 1)


def test_the_ten_million_doubling_time():
    shows("tm_doubling", 50 * math.log(2) / math.log(1e7), 2)
    assert glued(CHAPTER)["tm_at_2_5"] == f"{2 ** (50 / 2.5) / 1e6:.1f} million"
    assert glued(CHAPTER)["tm_at_2"] == f"{2 ** (50 / 2) / 1e6:.0f} million"


def test_peak_trends(chips):
    fp32 = fit(chips, chips["peak_flops_fp32"])
    tensor = fit(chips, chips["peak_flops_tensor16_dense"])
    shows_fit("fp32", fp32)
    shows_fit("tensor", tensor)
    shows("fp32_n", fp32["n"], 0)
    shows("tensor_n", tensor["n"], 0)
    shows("fp32_r2", fp32["r2"], 2)
    shows("fp32_growth", (10 ** fp32["slope"] - 1) * 100, 0)
    shows("fp32_growth_low", (2 ** (1 / fp32["high"]) - 1) * 100, 0)
    shows("fp32_growth_high", (2 ** (1 / fp32["low"]) - 1) * 100, 0)
    # the prose: the article's 2.15 years is a little faster than the FP32 trend; Epoch's 2.8 lies above our tensor interval
    assert 50 * math.log(2) / math.log(1e7) < fp32["doubling"]
    assert tensor["high"] < 2.8 and tensor["doubling"] < fp32["doubling"]


def test_price_and_power_trends(chips):
    price, watts = chips["launch_price_usd"], chips["tdp_w"]
    dollar = fit(chips, chips["peak_flops_fp32"] / price)
    shows_fit("dollar", dollar)
    shows("dollar_r2", dollar["r2"], 2)
    dollar_tensor = fit(chips, chips["peak_flops_tensor16_dense"] / price)
    shows_fit("dollar_tensor", dollar_tensor)
    shows("dollar_tensor_n", dollar_tensor["n"], 0)
    shows_fit("watt", fit(chips, chips["peak_flops_fp32"] / watts))
    shows_fit("watt_tensor", fit(chips, chips["peak_flops_tensor16_dense"] / watts))
    assert math.isinf(dollar_tensor["high"])  # the prose: these data cannot tell a fast improvement from none
    per_dollar_580 = chips.loc["NVIDIA GeForce GTX 580", "peak_flops_fp32"] / price["NVIDIA GeForce GTX 580"]
    per_dollar_b100 = chips.loc["NVIDIA B100", "peak_flops_tensor16_dense"] / price["NVIDIA B100"]
    shows("gtx580_per_dollar", per_dollar_580 / 1e9, 1)
    shows("h100_per_dollar", chips.loc["NVIDIA H100 SXM5 80GB", "peak_flops_tensor16_dense"] / price["NVIDIA H100 SXM5 80GB"] / 1e9, 0)
    shows("b100_per_dollar", per_dollar_b100 / 1e9, 0)
    shows("dollar_gain", per_dollar_b100 / per_dollar_580, 0)


def test_consumer_cards_only(chips):
    consumer = chips[chips.index.str.contains("GeForce|TITAN", case=False)]
    cards = fit(consumer, consumer["peak_flops_fp32"] / consumer["launch_price_usd"])
    shows_fit("cards", cards)
    shows("cards_n", cards["n"], 0)
    shows("cards_r2", cards["r2"], 2)
    assert cards["r2"] > glued_number(CHAPTER, "dollar_r2")  # the prose: within one market the trend is tight


def test_recent_fp32_trend_overlaps_the_full_one(chips):
    recent = chips[chips["year"] >= 2016]
    result = fit(recent, recent["peak_flops_fp32"])
    shows_fit("recent", result)
    full = fit(chips, chips["peak_flops_fp32"])
    assert result["low"] < full["high"] and full["low"] < result["high"]  # the prose: the intervals overlap


@pytest.fixture(scope="module")
def runs(chips) -> pd.DataFrame:
    """Each model's processor count, hours and rated peak (FP32 for GPUs, bfloat16 for TPUs), joined by hand."""
    models = data.load_imagenet_models().set_index("model")
    all_chips = data.load_accelerators().set_index("processor")
    rows = {}
    for name in (ALEXNET, NASNET, COCA, "Noisy Student (EfficientNet-L2)"):
        model = models.loc[name]
        chip = all_chips.loc[model["processor"]]
        peak = chip["peak_flops_tensor16_dense"] if chip["kind"] == "TPU" else chip["peak_flops_fp32"]
        rows[name] = {"count": model["processor_count"], "hours": model["train_hours"], "peak": peak,
                      "burden": model["processor_count"] * model["train_hours"] * 3600 * peak, "error": model["top1_error"]}
    return pd.DataFrame(rows).T


def test_alexnet_to_nasnet(runs):
    a, b = runs.loc[ALEXNET], runs.loc[NASNET]
    shows("an_speed", b["peak"] / a["peak"], 1)
    shows("an_count", b["count"] / a["count"], 0)
    shows("an_time", b["hours"] / a["hours"], 2)
    shows("an_hours_from", a["hours"], 0)
    shows("an_hours_to", b["hours"], 0)
    shows("an_total", b["burden"] / a["burden"], 0)
    shows("an_rest", b["burden"] / a["burden"] / (b["peak"] / a["peak"]), 0)
    shows("an_error", a["error"] / b["error"], 1)
    assert b["hours"] < a["hours"]  # the prose: the training time was shorter


def test_alexnet_to_coca_and_noisy_student(runs, chips):
    a, c = runs.loc[ALEXNET], runs.loc[COCA]
    shows("coca_speed", c["peak"] / a["peak"], 0)
    shows("coca_count", c["count"] / a["count"], 0)
    shows("coca_total", c["burden"] / a["burden"], 0)
    speed = runs.loc["Noisy Student (EfficientNet-L2)", "peak"] / a["peak"]
    shows("ns_speed", speed, 0)
    ratio = (chips["peak_flops_tensor16_dense"] / chips["peak_flops_fp32"]).dropna()
    shows("ns_chip_low", speed / ratio.max(), 1)
    shows("ns_chip_high", speed / ratio.min(), 0)
    shows("ns_chip_tpu2", speed / ratio["Google TPU v2"], 1)


def test_tensor_speedups(chips):
    ratio = (chips["peak_flops_tensor16_dense"] / chips["peak_flops_fp32"]).dropna()
    shows("speedup_min", ratio.min(), 1)
    shows("speedup_max", ratio.max(), 1)
    shows("tpu2_speedup", ratio["Google TPU v2"], 1)
    shows("v100_speedup", ratio["NVIDIA Tesla V100 SXM2 16 GB"], 0)
    shows("h100_speedup", ratio["NVIDIA H100 SXM5 80GB"], 0)
    shows("b200_speedup", ratio["NVIDIA B200"], 0)


def test_runs_on_other_chips(runs, chips):
    """Chip-hours = FLOP / (FLOP/s × 3,600); US$ = hours × launch price / (3 × 8,766 h); kWh = hours × TDP / 1,000."""
    gtx, b100 = chips.loc["NVIDIA GeForce GTX 580"], chips.loc["NVIDIA B100"]
    per_hour_580, per_hour_b100 = gtx["launch_price_usd"] / (3 * HOURS_PER_YEAR), b100["launch_price_usd"] / (3 * HOURS_PER_YEAR)
    coca, alexnet = runs.loc[COCA], runs.loc[ALEXNET]
    hours_580 = coca["burden"] / gtx["peak_flops_fp32"] / 3600
    shows("coca_580_million_hours", hours_580 / 1e6, 0)
    shows("coca_580_cost", hours_580 * per_hour_580 / 1e3, 0)
    shows("coca_580_years", hours_580 / coca["count"] / 24 / 365.25, 1)
    shows("coca_580_two_gpus", hours_580 / 2 / 24 / 365.25, 0)
    shows("coca_580_gwh", hours_580 * gtx["tdp_w"] / 1000 / 1e6, 0)
    shows("coca_b100_cost", coca["burden"] / b100["peak_flops_tensor16_dense"] / 3600 * per_hour_b100 / 1e3, 0)
    shows("alex_580_cost", alexnet["burden"] / gtx["peak_flops_fp32"] / 3600 * per_hour_580, 0)
    hours_b100 = alexnet["burden"] / b100["peak_flops_tensor16_dense"] / 3600
    shows("alex_b100_minutes", hours_b100 / alexnet["count"] * 60, 0)
    shows("alex_b100_cents", hours_b100 * per_hour_b100 * 100, 0)


def test_table_sizes(chips, runs):
    shows("n_chips", len(chips), 0)
    models = data.model_compute_table()
    known = models[["processor_count", "train_hours", "peak_flops_used"]].notna().all(axis=1)
    shows("n_known_models", known.sum(), 0)
