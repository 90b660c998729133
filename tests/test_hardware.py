"""scaling_lib.hardware: trend fits, the compute decomposition and the retro-cost calculator."""
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib import exercises, hardware
from scaling_lib.data import load_accelerators, model_compute_table

ALEXNET = "AlexNet (SuperVision, 7-CNN ensemble)"
NASNET = "NASNet-A (6@4032)"

positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)


@pytest.fixture(scope="module")
def chips():
    return load_accelerators()


@pytest.fixture(scope="module")
def table():
    return model_compute_table()


# ----------------------------------------------------------------------- decomposition
def test_alexnet_to_nasnet_by_hand():
    # 2 GTX 580 (1.581e12 FLOP/s) for 132 h -> 500 P100 (9.3e12 FLOP/s) for 96 h
    result = hardware.decompose_compute(1.581e12, 2, 132, 9.3e12, 500, 96)
    assert result["speed_ratio"] == pytest.approx(9.3 / 1.581)
    assert result["count_ratio"] == 250.0
    assert result["time_ratio"] == pytest.approx(96 / 132)
    assert result["total_ratio"] == pytest.approx(1069.5187, rel=1e-6)
    assert result["compute_from_flop"] == pytest.approx(2 * 1.581e12 * 132 * 3600)
    assert result["compute_to_flop"] == pytest.approx(500 * 9.3e12 * 96 * 3600)


def test_model_decomposition_matches_the_article(table):
    result = hardware.model_decomposition(ALEXNET, NASNET, table)
    # the article: more than 1,000x the compute, only about 6x from faster processors
    assert result["total_ratio"] > 1000
    assert 5.5 < result["speed_ratio"] < 6.5
    assert result["count_ratio"] == 250.0
    assert result["time_ratio"] < 1  # the search ran for less wall-clock time than AlexNet
    assert result["processor_from"] == "NVIDIA GeForce GTX 580" and result["processor_to"] == "NVIDIA P100"
    assert result["error_ratio"] == pytest.approx(0.367 / 0.173)
    # agrees with the joined table's own hardware burdens
    burdens = table.set_index("model")["hardware_burden_flop"]
    assert result["total_ratio"] == pytest.approx(burdens[NASNET] / burdens[ALEXNET])


@settings(max_examples=60, deadline=None)
@given(positive, positive, positive, positive, positive, positive)
def test_three_ratios_multiply_back_to_the_total(p1, n1, h1, p2, n2, h2):
    result = hardware.decompose_compute(p1, n1, h1, p2, n2, h2)
    product = result["speed_ratio"] * result["count_ratio"] * result["time_ratio"]
    assert product == pytest.approx(result["total_ratio"], rel=1e-9)
    assert result["compute_to_flop"] / result["compute_from_flop"] == pytest.approx(result["total_ratio"], rel=1e-9)
    backwards = hardware.decompose_compute(p2, n2, h2, p1, n1, h1)
    assert backwards["total_ratio"] * result["total_ratio"] == pytest.approx(1.0, rel=1e-9)


@pytest.mark.parametrize("position", range(6))
@pytest.mark.parametrize("bad, error", [(0.0, ValueError), (-1.0, ValueError), (math.nan, ValueError), (math.inf, ValueError), ("2", TypeError), (None, TypeError)])
def test_decompose_refuses_bad_numbers(position, bad, error):
    names = ["peak_flops_from", "processor_count_from", "train_hours_from", "peak_flops_to", "processor_count_to", "train_hours_to"]
    args = [1.581e12, 2, 132, 9.3e12, 500, 96]
    args[position] = bad
    with pytest.raises(error, match=names[position]):
        hardware.decompose_compute(*args)


def test_model_decomposition_refuses_unknown_or_hardware_less_models(table):
    with pytest.raises(ValueError, match="model_from 'AlexNet' is not a model.*Did you mean"):
        hardware.model_decomposition("AlexNet", NASNET, table)
    with pytest.raises(ValueError, match="model_to 'ViT-G/14' has no known processor count"):
        hardware.model_decomposition(ALEXNET, "ViT-G/14", table)
    with pytest.raises(TypeError, match="model_to"):
        hardware.model_decomposition(ALEXNET, 3, table)
    with pytest.raises(ValueError, match="precision"):
        hardware.model_decomposition(ALEXNET, NASNET, precision="fp8")
    with pytest.raises(ValueError, match="table lacks column"):
        hardware.model_decomposition(ALEXNET, NASNET, table.drop(columns="train_hours"))
    with pytest.raises(TypeError, match="table must be a pandas DataFrame"):
        hardware.model_decomposition(ALEXNET, NASNET, table.to_dict())


def test_models_with_hardware_leaves_out_chip_hours_only_rows(table):
    known = hardware.models_with_hardware(table)
    assert len(known) == 14
    assert "ViT-G/14" not in set(known["model"]) and "CoAtNet-7" not in set(known["model"])
    assert known["publication_date"].is_monotonic_increasing
    assert known[["processor_count", "train_hours", "peak_flops_used"]].notna().all().all()


def test_decomposition_pairs_cover_every_ordered_pair(table):
    pairs = hardware.decomposition_pairs(table)
    known = hardware.models_with_hardware(table)
    n = len(known)
    assert len(pairs) == 4 * n * n
    assert set(pairs["step"]) == set(hardware.FACTORS) | {"total"}
    wide = pairs.pivot_table(index=["model_from", "model_to"], columns="step", values="ratio")
    product = wide["per-processor speed"] * wide["processor count"] * wide["training time"]
    np.testing.assert_allclose(product, wide["total"], rtol=1e-12)
    # waterfall: each step starts where the previous ended; the total runs from 1
    for (_, _), group in pairs.groupby(["model_from", "model_to"]):
        group = group.sort_values("step_order")
        ends = group["end"].to_numpy()
        starts = group["start"].to_numpy()
        assert starts[0] == 1.0 and starts[3] == 1.0
        np.testing.assert_allclose(starts[1:3], ends[0:2])
        assert ends[3] == pytest.approx(ends[2])
        break
    one = pairs[(pairs["model_from"] == ALEXNET) & (pairs["model_to"] == NASNET)].set_index("step")
    assert one.loc["total", "ratio"] == pytest.approx(hardware.model_decomposition(ALEXNET, NASNET, table)["total_ratio"])
    assert one.loc["training time", "direction"] == "down" and one.loc["processor count", "direction"] == "up"
    self_pair = pairs[(pairs["model_from"] == NASNET) & (pairs["model_to"] == NASNET)]
    assert (self_pair["direction"] == "level").all()


def test_precision_changes_the_speed_ratio_only(table):
    best = model_compute_table(precision="best")
    rated = hardware.model_decomposition(ALEXNET, "EVA-01 (ViT-g)", table)
    tensor = hardware.model_decomposition(ALEXNET, "EVA-01 (ViT-g)", best)
    assert tensor["speed_ratio"] / rated["speed_ratio"] == pytest.approx(312 / 19.49, rel=1e-3)
    assert tensor["count_ratio"] == rated["count_ratio"] and tensor["time_ratio"] == rated["time_ratio"]


# ------------------------------------------------------------------------------ trends
def test_trend_fit_recovers_an_exact_doubling():
    years = np.array([2000.0, 2001.0, 2002.0, 2003.0, 2004.0])
    fit = hardware.fit_log_linear_trend(years, 2.0 ** (years - 2000) * 1e12)
    assert fit.doubling_time_years == pytest.approx(1.0)
    assert fit.annual_growth == pytest.approx(2.0)
    assert fit.r_squared == pytest.approx(1.0)
    assert fit.doubling_time_low == pytest.approx(1.0) and fit.doubling_time_high == pytest.approx(1.0)
    np.testing.assert_allclose(fit.predict([2005.0]), [32e12])


def test_trend_interval_brackets_the_estimate_and_widens_with_noise():
    rng = np.random.default_rng(0)
    years = np.linspace(2008, 2024, 30)
    truth = 10 ** (0.12 * (years - 2008) + 12)
    quiet = hardware.fit_log_linear_trend(years, truth * 10 ** rng.normal(0, 0.05, 30))
    noisy = hardware.fit_log_linear_trend(years, truth * 10 ** rng.normal(0, 0.5, 30))
    for fit in (quiet, noisy):
        assert fit.doubling_time_low < fit.doubling_time_years < fit.doubling_time_high
    assert quiet.doubling_time_years == pytest.approx(math.log10(2) / 0.12, rel=0.05)
    assert (noisy.doubling_time_high - noisy.doubling_time_low) > (quiet.doubling_time_high - quiet.doubling_time_low)
    narrow = hardware.fit_log_linear_trend(years, truth * 10 ** rng.normal(0, 0.5, 30), level=0.5)
    assert narrow.level == 0.5


def test_trend_refuses_bad_input():
    years, values = [2010, 2011, 2012], [1.0, 2.0, 4.0]
    with pytest.raises(ValueError, match="values"):
        hardware.fit_log_linear_trend(years, [1.0, -2.0, 4.0])
    with pytest.raises(ValueError, match="values"):
        hardware.fit_log_linear_trend(years, [1.0, 0.0, 4.0])
    with pytest.raises(ValueError, match="values"):
        hardware.fit_log_linear_trend(years, [1.0, math.nan, 4.0])
    with pytest.raises(ValueError, match="years"):
        hardware.fit_log_linear_trend([2010, math.inf, 2012], values)
    with pytest.raises(ValueError, match="years"):
        hardware.fit_log_linear_trend([2010, 2011], [1.0, 2.0])
    with pytest.raises(ValueError, match="years"):
        hardware.fit_log_linear_trend([], [])
    with pytest.raises(ValueError, match="same length"):
        hardware.fit_log_linear_trend([2010, 2011, 2012, 2013], values)
    with pytest.raises(ValueError, match="years"):
        hardware.fit_log_linear_trend([[2010, 2011, 2012]], [values])
    with pytest.raises(ValueError, match="distinct"):
        hardware.fit_log_linear_trend([2010, 2010, 2010], values)
    with pytest.raises(ValueError, match="grow"):
        hardware.fit_log_linear_trend(years, [4.0, 2.0, 1.0])
    with pytest.raises(TypeError, match="years"):
        hardware.fit_log_linear_trend("2010", values)
    with pytest.raises(ValueError, match="level"):
        hardware.fit_log_linear_trend(years, values, level=1.0)


def test_hardware_trend_on_the_data(chips):
    fp32 = hardware.hardware_trend(chips, "fp32", "peak_flops")
    tensor = hardware.hardware_trend(chips, "tensor16", "peak_flops")
    # Epoch AI reports roughly 2-3 years per doubling for ML hardware; our fits are in that range
    assert 2.0 < fp32.doubling_time_years < 3.0
    assert fp32.doubling_time_low < fp32.doubling_time_years < fp32.doubling_time_high
    assert tensor.first_year > 2017 and tensor.n < fp32.n
    assert fp32.r_squared > 0.8
    series = hardware.accelerator_series(chips, "fp32", "peak_flops")
    assert "NVIDIA V100" not in set(series["processor"])  # the duplicate entry is not counted twice
    assert fp32.n == len(series)
    recent = hardware.hardware_trend(chips, "fp32", start_year=2016)
    assert recent.first_year >= 2016 and recent.n < fp32.n
    with pytest.raises(ValueError, match="start_year must be before end_year"):
        hardware.hardware_trend(chips, start_year=2020, end_year=2010)
    with pytest.raises(ValueError, match="need at least 3"):
        hardware.hardware_trend(chips, "tensor16", start_year=2008, end_year=2017.4)
    with pytest.raises(ValueError, match="series"):
        hardware.hardware_trend(chips, "int8")
    with pytest.raises(ValueError, match="measure"):
        hardware.hardware_trend(chips, "fp32", "flops_per_euro")
    with pytest.raises(ValueError, match="start_year"):
        hardware.hardware_trend(chips, start_year=math.nan)


def test_series_values_are_the_table_ratios(chips):
    per_dollar = hardware.accelerator_series(chips, "fp32", "flops_per_dollar").set_index("processor")["value"]
    assert per_dollar["NVIDIA GeForce GTX 580"] == pytest.approx(1.581e12 / 499)
    per_watt = hardware.accelerator_series(chips, "tensor16", "flops_per_watt").set_index("processor")["value"]
    assert per_watt["NVIDIA H100 SXM5 80GB"] == pytest.approx(9.894e14 / 700)
    assert "Google TPU v1" not in per_watt.index  # no floating-point rate
    with pytest.raises(TypeError, match="accelerators"):
        hardware.accelerator_series([1, 2, 3])
    with pytest.raises(ValueError, match="accelerators lacks"):
        hardware.accelerator_series(chips.drop(columns="tdp_w"))
    with pytest.raises(ValueError, match="accelerators has no rows"):
        hardware.accelerator_series(chips.iloc[0:0])


def test_trend_table_has_every_series_and_measure(chips):
    trends = hardware.trend_table(chips)
    assert len(trends) == len(hardware.SERIES) * len(hardware.MEASURES)
    assert (trends["doubling_time_low"] <= trends["doubling_time_years"]).all()
    assert (trends["doubling_time_years"] <= trends["doubling_time_high"]).all()
    line = hardware.trend_line(hardware.hardware_trend(chips), points=5)
    assert len(line) == 5 and line["fitted"].is_monotonic_increasing
    with pytest.raises(TypeError, match="fit"):
        hardware.trend_line({"slope": 1})
    with pytest.raises(ValueError, match="points"):
        hardware.trend_line(hardware.hardware_trend(chips), points=1)


def test_ten_million_fold_arithmetic():
    doubling = hardware.doubling_time_for_growth(1e7, 50)
    assert doubling == pytest.approx(50 / math.log2(1e7))
    assert hardware.growth_factor(doubling, 50) == pytest.approx(1e7)
    assert hardware.growth_factor(2.0, 0) == 1.0
    with pytest.raises(ValueError, match="growth"):
        hardware.doubling_time_for_growth(1.0, 50)
    with pytest.raises(ValueError, match="years"):
        hardware.doubling_time_for_growth(10, 0)
    with pytest.raises(TypeError, match="growth"):
        hardware.doubling_time_for_growth("10", 5)
    with pytest.raises(ValueError, match="doubling_time_years"):
        hardware.growth_factor(-2, 10)
    with pytest.raises(ValueError, match="years"):
        hardware.growth_factor(2, -1)


def test_decimal_year():
    years = hardware.decimal_year(pd.Series(pd.to_datetime(["2012-01-01", "2013-07-02"])))
    assert years[0] == 2012.0 and 2013.49 < years[1] < 2013.51
    with pytest.raises(ValueError, match="dates"):
        hardware.decimal_year(["2012-01-01", None])
    with pytest.raises(TypeError, match="dates"):
        hardware.decimal_year("2012-01-01")


def test_tensor_speedup(chips):
    speedup = hardware.tensor_speedup_table(chips).set_index("processor")["tensor_speedup"]
    assert speedup["NVIDIA Tesla V100 SXM2 16 GB"] == pytest.approx(125 / 15.67, rel=1e-3)
    assert (speedup > 1).all()


# ------------------------------------------------------------------------- retro cost
def test_run_on_processor_by_hand():
    # AlexNet's hardware burden on its own two GTX 580s: 264 chip-hours, 5.5 days
    burden = 2 * 1.581e12 * 132 * 3600
    result = hardware.run_on_processor(burden, 1.581e12, 499, 244, processor_count=2, amortization_years=3)
    assert result["chip_hours"] == pytest.approx(264)
    assert result["wall_days"] == pytest.approx(5.5)
    assert result["amortized_cost_usd"] == pytest.approx(264 * 499 / (3 * 8766))
    assert result["chip_energy_kwh"] == pytest.approx(264 * 0.244)
    half = hardware.run_on_processor(burden, 1.581e12, 499, 244, utilization=0.5)
    assert half["chip_hours"] == pytest.approx(528)


@pytest.mark.parametrize(
    "name, bad, error",
    [
        ("compute_flop", 0.0, ValueError),
        ("peak_flops", -1.0, ValueError),
        ("launch_price_usd", math.nan, ValueError),
        ("tdp_w", math.inf, ValueError),
        ("processor_count", "2", TypeError),
        ("amortization_years", 0.0, ValueError),
        ("utilization", 1.5, ValueError),
        ("utilization", 0.0, ValueError),
    ],
)
def test_run_on_processor_refuses_bad_input(name, bad, error):
    args = {"compute_flop": 1e18, "peak_flops": 1e12, "launch_price_usd": 499.0, "tdp_w": 244.0, "processor_count": 2.0, "amortization_years": 3.0, "utilization": 1.0}
    args[name] = bad
    with pytest.raises(error, match=name):
        hardware.run_on_processor(**args)


def test_retro_cost_table(chips):
    costs = hardware.retro_cost_table(accelerators=chips)
    runs = hardware.models_with_hardware()
    priced = chips["launch_price_usd"].notna() & chips["tdp_w"].notna()
    assert len(costs) == len(runs) * costs["processor"].nunique()
    assert set(costs["processor"]) <= set(chips.loc[priced, "processor"])
    alexnet = costs[costs["model"] == ALEXNET].set_index("processor")
    assert alexnet.loc["NVIDIA GeForce GTX 580", "is_original"]
    assert alexnet.loc["NVIDIA GeForce GTX 580", "wall_days"] == pytest.approx(5.5)  # redoing the run on its own chips
    # H100 at its 16-bit tensor peak, one chip-hour per 989.4e12 * 3600 FLOP
    h100 = alexnet.loc["NVIDIA H100 SXM5 80GB"]
    assert h100["chip_hours"] == pytest.approx(2 * 1.581e12 * 132 / 9.894e14)
    assert h100["amortized_cost_usd"] < alexnet.loc["NVIDIA GeForce GTX 580", "amortized_cost_usd"]
    fp32 = hardware.retro_cost_table(accelerators=chips, precision="fp32").set_index(["model", "processor"])
    assert fp32.loc[(ALEXNET, "NVIDIA H100 SXM5 80GB"), "chip_hours"] == pytest.approx(2 * 1.581e12 * 132 / 6.691e13)
    longer = hardware.retro_cost_table(accelerators=chips, amortization_years=6)
    np.testing.assert_allclose(longer["amortized_cost_usd"] * 2, costs["amortized_cost_usd"])
    with pytest.raises(ValueError, match="precision"):
        hardware.retro_cost_table(precision="int8")
    with pytest.raises(ValueError, match="amortization_years"):
        hardware.retro_cost_table(amortization_years=-1)
    with pytest.raises(ValueError, match="runs lacks"):
        hardware.retro_cost_table(runs.drop(columns="hardware_burden_flop"), chips)
    bad = runs.copy()
    bad.loc[0, "hardware_burden_flop"] = -1.0
    with pytest.raises(ValueError, match="hardware_burden_flop"):
        hardware.retro_cost_table(bad, chips)


# ---------------------------------------------------------------------- answer checks
def test_answer_checks():
    speed = hardware.model_decomposition(ALEXNET, "Noisy Student (EfficientNet-L2)")["speed_ratio"]
    assert speed == pytest.approx(123 / 1.581, rel=1e-3)
    assert exercises.check("hardware-speed", speed).correct
    wrong = exercises.check("hardware-speed", 5.9)
    assert not wrong.correct and "Hint" in wrong.message
    assert exercises.check("hardware-ten-million", 50 / math.log2(1e7)).correct
    assert not exercises.check("hardware-ten-million", 2.0 * 50 / math.log2(1e7)).correct
    recent = hardware.hardware_trend(series="fp32", start_year=2016).doubling_time_years
    assert exercises.check("hardware-recent-trend", recent).correct
    assert not exercises.check("hardware-recent-trend", hardware.hardware_trend().doubling_time_years * 1.5).correct
