"""Tests for scaling_lib.forecast: fits by measure, extrapolation to cost and carbon, the forecast test."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib import costs, data, fits, forecast


@pytest.fixture(scope="module")
def models() -> pd.DataFrame:
    return data.model_compute_table()


def synthetic(gamma: float = 8.0, n: int = 12, noise: float = 0.0, seed: int = 0) -> pd.DataFrame:
    """A model table whose hardware burden follows compute = 1e18 * (0.4 / error)^gamma exactly (plus noise)."""
    rng = np.random.default_rng(seed)
    error = np.geomspace(0.4, 0.1, n)
    compute = 1e18 * (0.4 / error) ** gamma * 10 ** (noise * rng.standard_normal(n))
    dates = pd.date_range("2013-01-01", "2023-01-01", periods=n)
    return pd.DataFrame(
        {
            "model": [f"m{i}" for i in range(n)],
            "publication_date": dates,
            "top1_error": error,
            "extra_training_data": ["none"] * (n - 3) + ["JFT-300M", "IG-3.5B", "ImageNet-21k"],
            "hardware_burden_flop": compute,
            "training_compute_flop": compute / 3,
            "network_operations_flop": np.nan,
        }
    )


# --------------------------------------------------------------------------- data access
def test_extra_data_groups():
    assert forecast.extra_data_group("none") == "ImageNet-1k only"
    assert forecast.extra_data_group("JFT-300M (unlabelled)") == "JFT (Google, private)"
    assert forecast.extra_data_group("JFT + ALIGN image-text pairs") == "JFT (Google, private)"
    assert forecast.extra_data_group("IG-3.5B (Instagram hashtags)") == "Instagram (Meta, private)"
    assert forecast.extra_data_group("ImageNet-21k") == "other extra data"
    with pytest.raises(TypeError, match="extra_training_data"):
        forecast.extra_data_group(np.nan)


def test_measure_counts_match_the_data_readme(models):
    counts = forecast.measure_counts(models).set_index("measure")
    assert counts.loc["hardware burden", "n_models"] == models["hardware_burden_flop"].notna().sum() == 16
    assert counts.loc["network operations", "n_models"] == 5
    assert counts.loc["training compute (Epoch AI)", "n_models"] == models["training_compute_flop"].notna().sum()
    assert (counts["n_up_to_cutoff"] + counts["n_after_cutoff"] == counts["n_models"]).all()
    assert forecast.usable_measures(models) == list(forecast.MEASURES)
    assert forecast.usable_measures(models, min_points=6) == ["hardware burden", "training compute (Epoch AI)"]


def test_scaling_points_columns_and_periods(models):
    pts = forecast.scaling_points(models, "hardware burden")
    assert len(pts) == 16 and pts["publication_date"].is_monotonic_increasing
    assert np.allclose(pts["top1_error_pct"], 100 * pts["top1_error"])
    early = pts["publication_date"] <= forecast.CUTOFF_DATE
    assert (pts.loc[early, "period"] == "up to mid-2020").all() and (pts.loc[~early, "period"] == "after mid-2020").all()
    assert pts.loc[pts["model"].str.startswith("Noisy Student"), "data_group"].item() == "JFT (Google, private)"


# --------------------------------------------------------------------------- fits
def test_fit_recovers_a_known_exponent():
    fit = forecast.fit_measure(synthetic(gamma=8.0), n_bootstrap=0)
    assert fit.gamma == pytest.approx(8.0, rel=1e-9)
    noisy = forecast.fit_measure(synthetic(gamma=8.0, n=40, noise=0.2), n_bootstrap=200)
    assert noisy.gamma_low < 8.0 < noisy.gamma_high


def test_fit_on_the_book_data(models):
    fit = forecast.fit_measure(models)
    direct = fits.fit_power_law(
        models["hardware_burden_flop"].dropna(), models.loc[models["hardware_burden_flop"].notna(), "top1_error"]
    )
    assert fit.gamma == pytest.approx(direct.gamma) and fit.n == 16
    assert 7 < fit.gamma < 12 and fit.gamma_low < fit.gamma < fit.gamma_high
    assert forecast.fit_measure(models, sample="up to cutoff").n == 9
    assert forecast.fit_measure(models, sample="ImageNet-1k only").n == 8


def test_fit_refuses_small_samples(models):
    with pytest.raises(ValueError, match="at least 5"):
        forecast.fit_measure(models, "network operations", sample="up to cutoff")


def test_fit_line_bands_bracket_the_line(models):
    fit = forecast.fit_measure(models, n_bootstrap=0)
    line = forecast.fit_line(fit, 1e18, 1e24, n_points=30)
    assert len(line) == 30
    assert (line["mean_low"] <= line["top1_error"]).all() and (line["top1_error"] <= line["mean_high"]).all()
    assert (line["pred_low"] <= line["mean_low"]).all() and (line["mean_high"] <= line["pred_high"]).all()
    expected = 10 ** (fit.intercept + fit.slope * np.log10(line["compute_flop"]))
    assert np.allclose(line["top1_error"], expected)
    assert line["top1_error"].is_monotonic_decreasing


def test_gamma_table_sets_ours_beside_the_paper(models):
    table = forecast.gamma_table(models, n_bootstrap=100)
    ours = table[table["version"] == "ours"]
    assert len(ours) == 6 and (ours["status"] == "computed").all()
    published = table.set_index("version")
    assert published.loc["v1", "gamma"] == pytest.approx(5 / math.log10(0.115 / 0.05))
    assert published.loc["theory", "gamma"] == 4.0 and published.loc["article", "gamma"] == 9.0
    v2 = table[table["version"] == "v2"].set_index("measure")
    assert v2.loc["hardware burden", "gamma"] == 10.8 and v2.loc["network operations", "gamma"] == 12.1
    assert (table["gamma"] > 4).sum() == len(table) - 1


# --------------------------------------------------------------------------- extrapolation
def test_extrapolation_converts_with_the_cost_functions(models):
    table = forecast.extrapolation_table(models)
    assert list(table["target_error"]) == [0.05, 0.01]
    row = table.iloc[0]
    assert row["dollars"] == pytest.approx(costs.flop_to_dollars(row["compute_flop"]))
    assert row["co2_lbs"] == pytest.approx(costs.flop_to_co2_lbs(row["compute_flop"]))
    assert row["nyc_months"] == pytest.approx(costs.co2_in_nyc_months(row["co2_lbs"]))
    assert row["flights"] == pytest.approx(costs.co2_in_flights(row["co2_lbs"]))
    assert row["compute_flop_low"] < row["compute_flop"] < row["compute_flop_high"]
    fit = forecast.fit_measure(models, n_bootstrap=0)
    # the 1 % target costs (5/1)^gamma times the 5 % target
    assert table.iloc[1]["compute_flop"] / row["compute_flop"] == pytest.approx(5**fit.gamma)


def test_extrapolation_factors_scale_linearly(models):
    base = forecast.extrapolation_table(models, target_errors=0.05)
    cheap = forecast.extrapolation_table(models, target_errors=[0.05], dollars_per_gpu_hour=0.146)
    assert cheap["dollars"].item() == pytest.approx(base["dollars"].item() / 10)
    assert cheap["co2_lbs"].item() == pytest.approx(base["co2_lbs"].item())
    clean = forecast.extrapolation_table(models, target_errors=[0.05], lbs_co2_per_kwh=0.0)
    assert clean["co2_lbs"].item() == 0 and clean["nyc_months"].item() == 0
    half = forecast.extrapolation_table(models, target_errors=[0.05], utilization=0.5)
    assert half["device_hours"].item() == pytest.approx(2 * base["device_hours"].item())


def test_headline_numbers_are_consistent(models):
    h = forecast.headline_numbers(models)
    assert h["halving_factor"] == pytest.approx(2 ** h["gamma"])
    assert h["tenfold_factor"] == pytest.approx(10 ** h["gamma"])
    assert h["v1_compute_flop_5"] == 1e28
    assert h["v1_to_ours_5"] == pytest.approx(1e28 / h["compute_flop_5"])
    assert h["compute_gflop_5"] == pytest.approx(h["compute_flop_5"] / 1e9)
    assert h["best_model"].startswith("CoCa") and h["best_error"] == pytest.approx(0.09)
    assert h["compute_flop_1"] > h["compute_flop_5"] > 1e23


def test_calculator_tables_grid(models):
    tables = forecast.calculator_tables(models)
    n_t, n_u = len(forecast.CALCULATOR_TARGETS_PCT), len(forecast.CALCULATOR_UTILIZATIONS)
    assert len(tables["compute"]) == n_t and len(tables["device"]) == n_t * n_u
    assert len(tables["cost"]) == n_t * n_u * len(forecast.PRICE_OPTIONS)
    assert len(tables["carbon"]) == n_t * n_u * len(forecast.INTENSITY_OPTIONS)
    five = forecast.extrapolation_table(models, target_errors=[0.05]).iloc[0]
    c = tables["compute"].set_index("target_error_pct").loc[5.0]
    assert c["compute_flop"] == pytest.approx(five["compute_flop"])
    cost = tables["cost"]
    default = cost[(cost.target_error_pct == 5.0) & (cost.utilization == 1.0) & (cost.dollars_per_gpu_hour == forecast.PRICE_OPTIONS[0][1])]
    assert default["dollars"].item() == pytest.approx(five["dollars"])
    carbon = tables["carbon"]
    default = carbon[(carbon.target_error_pct == 5.0) & (carbon.utilization == 1.0) & (carbon.lbs_co2_per_kwh == forecast.INTENSITY_OPTIONS[0][1])]
    assert default["nyc_months"].item() == pytest.approx(five["nyc_months"])
    # lower utilisation means more device time and more energy, at every target
    device = tables["device"].pivot(index="target_error_pct", columns="utilization", values="energy_kwh")
    assert (device[0.3] > device[1.0]).all()


# --------------------------------------------------------------------------- forecast test
def test_forecast_test_inside_when_later_models_follow_the_law():
    table = synthetic(gamma=8.0, n=12, noise=0.05)
    late = table["publication_date"] > "2019-01-01"
    table.loc[late, "hardware_burden_flop"] = 1e18 * (0.4 / table.loc[late, "top1_error"]) ** 8.0  # exactly on the true law
    test = forecast.forecast_test(table, cutoff="2019-01-01")
    assert len(test) == late.sum() and test["inside_interval"].all()
    assert (test["verdict"] == "within the forecast band").all()
    assert np.all((test["actual_to_forecast"] > 0.2) & (test["actual_to_forecast"] < 5))


def test_forecast_test_detects_cheaper_models():
    table = synthetic(gamma=8.0, n=12, noise=0.02)
    late = table["publication_date"] > "2019-01-01"
    table.loc[late, "hardware_burden_flop"] /= 1e4  # later models 10,000 times cheaper
    test = forecast.forecast_test(table, cutoff="2019-01-01")
    assert (test["verdict"] == "cheaper than forecast").all()
    summary = forecast.forecast_summary(table, cutoff="2019-01-01")
    assert summary["n_cheaper"] == len(test) and summary["median_actual_to_forecast"] == pytest.approx(1e-4, rel=0.5)


def test_forecast_on_the_book_data(models):
    test = forecast.forecast_test(models)
    assert len(test) == 7 and (test["publication_date"] > forecast.CUTOFF_DATE).all()
    s = forecast.forecast_summary(models)
    assert s["n_fit"] + s["n_held_out"] == 16
    assert s["n_inside"] + s["n_cheaper"] + s["n_dearer"] == s["n_held_out"]
    assert s["n_reached_target"] == 0 and s["best_after_error"] > 0.05
    assert s["median_actual_to_forecast"] < 1  # later models were cheaper than the early fit said
    assert s["forecast_target_low"] < s["forecast_target_flop"] < s["forecast_target_high"]
    empty = forecast.forecast_test(models, cutoff="2030-01-01")
    assert empty.empty


def test_record_trend_reproduces_the_article_forecast(models):
    trend = forecast.record_trend(models)
    s = trend.summary
    assert 0 < s["annual_factor"] < 1
    assert 2023 < s["year_reach_target"] < 2028  # the article: 5 % by about 2025
    assert s["last_record_error"] > s["trend_error_at_last_record"]  # progress fell behind the trend
    assert trend.records["top1_error_pct"].is_monotonic_decreasing
    assert (trend.line["pred_low_pct"] <= trend.line["top1_error_pct"]).all()


def test_extra_data_summary(models):
    ex = forecast.extra_data_summary(models)
    assert ex["top_extra"] <= ex["top"] == 10 and ex["top_jft"] <= ex["top_extra"]
    assert ex["n_extra"] == (models["extra_training_data"] != "none").sum()
    assert ex["best_without_extra_error"] >= models["top1_error"].min()
    assert ex["n_after_extra"] <= ex["n_after"]


# --------------------------------------------------------------------------- formatting
def test_format_sci_examples():
    assert forecast.format_sci(4.8e25) == "4.8 × 10²⁵"
    assert forecast.format_sci(1e28) == "1.0 × 10²⁸"
    assert forecast.format_sci(556.51, 3) == "557"
    assert forecast.format_sci(0.0598) == "0.060"
    assert forecast.format_sci(7.5e-5) == "7.5 × 10⁻⁵"
    assert forecast.format_sci(9.99e9) == "1.0 × 10¹⁰"
    assert forecast.format_sci(0) == "0" and forecast.format_sci(math.inf) == "∞"
    assert forecast.format_dollars(2.1e9) == "$2.1 billion"
    assert forecast.format_dollars(4.4e11) == "$440 billion"
    assert forecast.format_dollars(5e15) == "$5.0 × 10¹⁵"
    assert forecast.format_dollars(1234) == "$1,234"


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=1e-30, max_value=1e300, allow_nan=False, allow_infinity=False))
def test_format_sci_round_trips_to_two_figures(value):
    text = forecast.format_sci(value)
    if "×" in text:
        mantissa, power = text.split(" × 10")
        exponent = int(power.translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")))
        shown = float(mantissa) * 10.0**exponent
        assert 1 <= float(mantissa) < 10
    else:
        shown = float(text.replace(",", ""))
    assert shown == pytest.approx(value, rel=0.06)


# --------------------------------------------------------------------------- bad input
def test_bad_inputs(models):
    with pytest.raises(ValueError, match="measure"):
        forecast.scaling_points(models, "flops")
    with pytest.raises(TypeError, match="table"):
        forecast.scaling_points([1, 2, 3])
    with pytest.raises(ValueError, match="table lacks"):
        forecast.scaling_points(models.drop(columns="top1_error"))
    with pytest.raises(ValueError, match="table is empty"):
        forecast.scaling_points(models.iloc[0:0])
    with pytest.raises(ValueError, match="cutoff"):
        forecast.scaling_points(models, cutoff="not a date")
    with pytest.raises(ValueError, match="cutoff"):
        forecast.scaling_points(models, cutoff="1999-01-01")
    with pytest.raises(TypeError, match="cutoff"):
        forecast.scaling_points(models, cutoff=2020)
    with pytest.raises(ValueError, match="sample"):
        forecast.fit_measure(models, sample="some")
    with pytest.raises(ValueError, match="seed"):
        forecast.fit_measure(models, seed=-1)
    with pytest.raises(ValueError, match="min_points"):
        forecast.measure_counts(models, min_points=1)
    for bad in (0.0, 1.0, math.nan, math.inf, -0.1):
        with pytest.raises(ValueError, match="target_errors"):
            forecast.extrapolation_table(models, target_errors=[bad])
    with pytest.raises(ValueError, match="target_errors"):
        forecast.extrapolation_table(models, target_errors=[])
    with pytest.raises(TypeError, match="target_errors"):
        forecast.extrapolation_table(models, target_errors="0.05")
    with pytest.raises(ValueError, match="dollars_per_gpu_hour"):
        forecast.extrapolation_table(models, dollars_per_gpu_hour=-1.0)
    with pytest.raises(ValueError, match="utilization"):
        forecast.extrapolation_table(models, utilization=0.0)
    with pytest.raises(ValueError, match="pue"):
        forecast.extrapolation_table(models, pue=0.5)
    with pytest.raises(ValueError, match="lbs_co2_per_kwh"):
        forecast.extrapolation_table(models, lbs_co2_per_kwh=math.nan)
    fit = forecast.fit_measure(models, n_bootstrap=0)
    with pytest.raises(ValueError, match="compute_max_flop"):
        forecast.fit_line(fit, 1e20, 1e19)
    with pytest.raises(ValueError, match="compute_min_flop"):
        forecast.fit_line(fit, 0.0, 1e19)
    with pytest.raises(TypeError, match="fit"):
        forecast.fit_line("fit", 1e18, 1e19)
    with pytest.raises(ValueError, match="target_errors_pct"):
        forecast.calculator_tables(models, target_errors_pct=[0.0, 5.0])
    with pytest.raises(ValueError, match="utilizations"):
        forecast.calculator_tables(models, utilizations=[1.5])
    with pytest.raises(TypeError, match="price_options"):
        forecast.calculator_tables(models, price_options=[1.46])
    with pytest.raises(ValueError, match="intensity_options"):
        forecast.calculator_tables(models, intensity_options=[("x", -1.0)])
    with pytest.raises(ValueError, match="target_error"):
        forecast.forecast_summary(models, target_error=1.5)
    with pytest.raises(ValueError, match="end_year"):
        forecast.record_trend(models, end_year=math.inf)
    with pytest.raises(ValueError, match="top"):
        forecast.extra_data_summary(models, top=0)
    with pytest.raises(ValueError, match="value"):
        forecast.format_sci(-1.0)
    with pytest.raises(ValueError, match="value"):
        forecast.format_sci(math.nan)
    with pytest.raises(TypeError, match="value"):
        forecast.format_dollars("1e9")
    with pytest.raises(ValueError, match="digits"):
        forecast.format_sci(1.0, 9)


def test_form_comparison_on_the_book_data():
    from scaling_lib import forecast as fc

    result = fc.form_comparison()
    summary = result["summary"].set_index("form")
    assert set(summary.index) == {"power law", "exponential", "error in levels"}
    assert summary.loc["power law", "n"] == len(fc.scaling_points())
    # every model has a residual under every form, and the rows carry the model name
    assert len(result["residuals"]) == 3 * summary.loc["power law", "n"]
    assert result["residuals"]["model"].notna().all()
    assert result["year_fit"].gamma > 0 and result["year_fit"].gain_per_year > 1
    with pytest.raises(ValueError, match="measure"):
        fc.form_comparison(measure="no such measure")


def test_residual_chart_menu_filters_the_forms():
    from scaling_lib import forecast as fc
    from scaling_lib.charts import scaling as cs

    spec = cs.residual_chart(fc.form_comparison()).to_dict()
    assert spec["params"][0]["bind"]["options"] == ["power law", "exponential", "error in levels"]
    assert spec["description"] and spec["title"]["text"]
    with pytest.raises(ValueError, match="start"):
        cs.residual_chart(fc.form_comparison(), start="cubic")
    with pytest.raises(ValueError, match="comparison"):
        cs.residual_chart({})
