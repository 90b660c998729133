"""The hardware chapter's library: trend points, the decomposition for every pair of runs, runs on other chips."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from scaling_lib import data, hardware, vocabulary

ALEXNET, NASNET = "AlexNet (SuperVision, 7-CNN ensemble)", "NASNet-A (6@4032)"


@pytest.fixture(scope="module")
def chips() -> pd.DataFrame:
    table = data.load_accelerators()
    table = table[~table["processor"].isin(hardware.DUPLICATE_CHIPS)].copy()
    table["year"] = vocabulary.decimal_year(table["release_date"])
    for rate, peak in (("fp32", "peak_flops_fp32"), ("tensor16", "peak_flops_tensor16_dense")):
        table[f"per_dollar_{rate}"] = table[peak] / table["launch_price_usd"]
        table[f"per_watt_{rate}"] = table[peak] / table["tdp_w"]
    return table


@pytest.fixture(scope="module")
def runs() -> pd.DataFrame:
    return data.model_compute_table().dropna(subset=["processor_count", "train_hours", "peak_flops_used"])


def made_up_trends(intercept: float = -200.0, slope: float = 0.1) -> pd.DataFrame:
    columns = [c for by_format in hardware.TREND_COLUMNS.values() for c in by_format.values()]
    return pd.DataFrame({"intercept": intercept, "slope": slope}, index=columns)


# --------------------------------------------------------------------------- trend_points
def test_trend_points_puts_each_chip_value_beside_its_fitted_line(chips):
    points = hardware.trend_points(chips, made_up_trends(), "peak")
    assert set(points["series"]) == set(hardware.SERIES.values())
    assert len(points) == chips["peak_flops_fp32"].notna().sum() + chips["peak_flops_tensor16_dense"].notna().sum()
    gtx580 = points[(points["processor"] == "NVIDIA GeForce GTX 580")].iloc[0]
    assert gtx580["value"] == 1.581e12 and gtx580["date"] == "2010-11-09"
    assert gtx580["fitted"] == pytest.approx(10 ** (-200.0 + 0.1 * gtx580["year"]))


def test_trend_points_uses_each_columns_own_line(chips):
    trends = made_up_trends()
    trends.loc["per_watt_tensor16", ["intercept", "slope"]] = (-100.0, 0.05)
    points = hardware.trend_points(chips, trends, "per watt")
    tensor = points[points["series"] == hardware.SERIES["tensor16"]]
    assert np.allclose(tensor["fitted"], 10 ** (-100.0 + 0.05 * tensor["year"]))
    assert (points["value"] > 0).all() and points["value"].notna().all()


@pytest.mark.parametrize("measure", ["speed", "", None])
def test_trend_points_refuses_an_unknown_measure(chips, measure):
    with pytest.raises(ValueError, match="measure"):
        hardware.trend_points(chips, made_up_trends(), measure)


def test_trend_points_refuses_trends_without_the_measures_rows(chips):
    with pytest.raises(ValueError, match="trends must have a row"):
        hardware.trend_points(chips, made_up_trends().drop(index="peak_flops_fp32"), "peak")
    bad = made_up_trends()
    bad.loc["peak_flops_fp32", "slope"] = np.nan
    with pytest.raises(ValueError, match="trends"):
        hardware.trend_points(chips, bad, "peak")


def test_trend_points_refuses_chips_without_a_year(chips):
    with pytest.raises(ValueError, match="year"):
        hardware.trend_points(chips.drop(columns="year"), made_up_trends())


# -------------------------------------------------------------------- decomposition_pairs
def test_decomposition_pairs_multiplies_out_to_the_burden_ratio(runs):
    pairs = hardware.decomposition_pairs(runs)
    assert len(pairs) == 4 * len(runs) ** 2
    one = pairs[(pairs["model_from"] == ALEXNET) & (pairs["model_to"] == NASNET)].set_index("step")
    assert one.loc["per-processor speed", "ratio"] == pytest.approx(9.3e12 / 1.581e12)
    assert one.loc["processor count", "ratio"] == pytest.approx(500 / 2)
    assert one.loc["training time", "ratio"] == pytest.approx(96 / 132)
    burdens = runs.set_index("model")["hardware_burden_flop"]
    assert one.loc["total", "ratio"] == pytest.approx(burdens[NASNET] / burdens[ALEXNET])
    assert one.loc["training time", "direction"] == "down" and one.loc["processor count", "direction"] == "up"
    assert one.loc["training time", "end"] == pytest.approx(one.loc["total", "ratio"])
    assert one.loc["total", "start"] == 1.0


def test_decomposition_pairs_of_a_run_with_itself_are_level(runs):
    pairs = hardware.decomposition_pairs(runs)
    same = pairs[pairs["model_from"] == pairs["model_to"]]
    assert (same["direction"] == "level").all() and np.allclose(same["ratio"], 1.0)


def test_decomposition_pairs_refuses_unknown_hardware(runs):
    missing = runs.copy()
    missing.iloc[0, missing.columns.get_loc("train_hours")] = np.nan
    with pytest.raises(ValueError, match=r"runs\['train_hours'\]"):
        hardware.decomposition_pairs(missing)
    with pytest.raises(ValueError, match="missing columns"):
        hardware.decomposition_pairs(runs.drop(columns="processor_count"))
    with pytest.raises(TypeError, match="runs"):
        hardware.decomposition_pairs(runs.to_dict())


# ---------------------------------------------------------------------- retro_cost_table
def test_retro_cost_table_follows_the_costs_arithmetic(runs, chips):
    table = hardware.retro_cost_table(runs, chips).set_index(["model", "processor"])
    row = table.loc[(ALEXNET, "NVIDIA B100")]
    burden = 2 * 1.581e12 * 132 * 3600
    hours = burden / 1.75e15 / 3600  # the B100 counts at its 16-bit tensor rate
    assert row["chip_hours"] == pytest.approx(hours)
    assert row["wall_days"] == pytest.approx(hours / 2 / 24)
    assert row["amortized_cost_usd"] == pytest.approx(hours * 35000 / (3 * 8766))
    assert row["chip_energy_kwh"] == pytest.approx(hours * 700 / 1000)
    assert table.loc[(ALEXNET, "NVIDIA GeForce GTX 580"), "is_original"]
    assert not row["is_original"]


def test_retro_cost_table_only_uses_priced_chips_and_scales_with_its_assumptions(runs, chips):
    base = hardware.retro_cost_table(runs, chips)
    priced = chips["launch_price_usd"].notna() & (chips["peak_flops_fp32"].notna() | chips["peak_flops_tensor16_dense"].notna())
    assert set(base["processor"]) == set(chips.loc[priced, "processor"])
    slower = hardware.retro_cost_table(runs, chips, amortization_years=6.0, utilization=0.5)
    assert np.allclose(slower["chip_hours"], 2 * base["chip_hours"])
    assert np.allclose(slower["amortized_cost_usd"], base["amortized_cost_usd"])  # twice the hours, half the hourly price
    assert slower.attrs == {"amortization_years": 6.0, "utilization": 0.5}


@pytest.mark.parametrize("argument, value", [("amortization_years", 0.0), ("amortization_years", math.inf),
                                             ("utilization", 0.0), ("utilization", 1.5)])
def test_retro_cost_table_refuses_impossible_assumptions(runs, chips, argument, value):
    with pytest.raises(ValueError, match=argument):
        hardware.retro_cost_table(runs, chips, **{argument: value})


def test_retro_cost_table_refuses_chips_without_prices(runs, chips):
    with pytest.raises(ValueError, match="no chip with a launch price"):
        hardware.retro_cost_table(runs, chips.assign(launch_price_usd=np.nan))
    with pytest.raises(ValueError, match="runs"):
        hardware.retro_cost_table(runs.assign(hardware_burden_flop=-1.0), chips)
