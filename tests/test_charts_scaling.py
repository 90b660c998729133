"""What the ninth-power chapter's charts draw: the data and fits they are given, in vocabulary's colours and shapes."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from scaling_lib import data, scaling, vocabulary
from scaling_lib.charts import scaling as scaling_charts
from tests.spec_tools import filters, walk


@pytest.fixture(scope="module")
def models() -> pd.DataFrame:
    return data.model_compute_table()


@pytest.fixture(scope="module")
def fits(models) -> dict:
    return {label: scaling.fit_power_law(scaling.points(models, label)) for label in vocabulary.MEASURES}


@pytest.fixture(scope="module")
def forecast(models):
    """The chapter's forecast test for hardware burden: the early fit and the later models with a verdict."""
    points = scaling.points(models)
    early_fit = scaling.fit_power_law(points[points["period"] == vocabulary.PERIODS[0]])
    later = points[points["period"] == vocabulary.PERIODS[1]].assign(verdict="within the band")
    return early_fit, later


@pytest.fixture(scope="module")
def records(models):
    records = models[vocabulary.record_setting(models["publication_date"], models["top1_error"])].assign(
        data_group=lambda d: d["extra_training_data"].map(vocabulary.extra_data_group),
        period=lambda d: np.where(d["publication_date"] <= vocabulary.CUTOFF_DATE, *vocabulary.PERIODS))
    trend = smf.ols("np.log10(top1_error) ~ publication_year", data=records[records["period"] == vocabulary.PERIODS[0]]).fit()
    return records, trend


def rows(spec, column):
    """Every data row, across the spec's datasets, that has ``column``."""
    return [row for dataset in spec.get("datasets", {}).values() for row in dataset if column in row]


def assert_vocabulary_groups(spec):
    """Every colour or shape keyed on the extra-data group uses vocabulary's labels, colours and shapes, in order."""
    channels = [d for d in walk(spec) if d.get("field") == "data_group" and "scale" in d]
    assert channels, "the chart marks models by extra training data"
    for channel in channels:
        assert channel["scale"]["domain"] == vocabulary.GROUP_LABELS
        assert channel["scale"]["range"] in (vocabulary.GROUP_COLOURS, vocabulary.GROUP_SHAPES)
    ranges = [c["scale"]["range"] for c in channels]
    assert vocabulary.GROUP_COLOURS in ranges and vocabulary.GROUP_SHAPES in ranges
    assert set(r["data_group"] for r in rows(spec, "data_group")) <= set(vocabulary.GROUP_LABELS)


def test_fit_chart_draws_each_measure_and_its_fit(fits, models):
    spec = scaling_charts.fit_chart(fits).to_dict()
    (param,) = spec["params"]
    assert param["bind"]["options"] == list(fits) and param["value"] == "hardware burden"
    assert any("datum.measure" in f for f in filters(spec))
    assert_vocabulary_groups(spec)
    drawn = [r for r in rows(spec, "top1_error_pct") if "model" in r]
    for label, fit in fits.items():
        assert len([r for r in drawn if r["measure"] == label]) == int(fit.nobs)
    gamma, low, high = scaling.gamma_interval(fits["hardware burden"])
    notes = {r["measure"]: r["text"] for r in rows(spec, "text")}
    assert notes["hardware burden"].startswith(f"γ = {gamma:.1f} (95% CI {low:.1f}–{high:.1f})")
    assert f"γ = {gamma:.1f}" in spec["description"]
    band = [r for r in rows(spec, "mean_low_pct") if r["measure"] == "hardware burden"]
    assert all(r["mean_low_pct"] <= r["top1_error_pct"] <= r["mean_high_pct"] for r in band)
    assert spec["width"] <= 560
    with pytest.raises(ValueError, match="start"):
        scaling_charts.fit_chart(fits, start="nonsense")
    with pytest.raises(TypeError, match="fits"):
        scaling_charts.fit_chart({"hardware burden": 9.1})
    with pytest.raises(ValueError, match="fits"):
        scaling_charts.fit_chart({})


def test_gamma_chart_puts_ours_above_the_published_values():
    ours = pd.DataFrame({"sample": ["all models", "few models"], "n": [16, 5], "gamma": [9.1, 6.5],
                         "gamma_low": [7.3, 4.2], "gamma_high": [12.2, np.inf]})
    spec = scaling_charts.gamma_chart(ours).to_dict()
    drawn = rows(spec, "row")
    assert len(drawn) == len(ours) + len(vocabulary.PUBLISHED_GAMMAS)
    assert [r["gamma"] for r in drawn] == pytest.approx([*ours["gamma"], *(g.gamma for g in vocabulary.PUBLISHED_GAMMAS)])
    assert drawn[0]["row"].startswith("ours, all models") and drawn[0]["label"] == "9.1 (7.3–12.2)"
    assert drawn[1]["high_shown"] == 25.0 and drawn[1]["label"].endswith("→") and "∞" in drawn[1]["label"]
    assert any(r["gamma"] == 4.0 for r in rows(spec, "gamma") if "row" not in r), "the theoretical floor is drawn"
    with pytest.raises(ValueError, match="ours"):
        scaling_charts.gamma_chart(ours.drop(columns="gamma_low"))


def test_residual_chart_has_a_menu_of_forms(models):
    points = scaling.points(models)
    residuals = pd.DataFrame({"power law": np.zeros(len(points)), "exponential": np.linspace(-0.1, 0.1, len(points))})
    spec = scaling_charts.residual_chart(points, residuals).to_dict()
    (param,) = spec["params"]
    assert param["bind"]["options"] == ["power law", "exponential"]
    assert len(rows(spec, "residual")) == 2 * len(points)
    assert "power law 0.000" in spec["title"]["subtitle"]
    with pytest.raises(ValueError, match="residuals"):
        scaling_charts.residual_chart(points, residuals.head(3))


def test_calculator_chart_looks_up_the_grid(models):
    fit = scaling.fit_power_law(scaling.points(models))
    tables = scaling.calculator_tables(fit)
    spec = scaling_charts.calculator_chart(tables, fit).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"target_pct", "utilization_pct", "price", "grid"}
    assert params["price"]["bind"]["options"] == [value for _, value in scaling.PRICE_OPTIONS]
    assert params["price"]["bind"]["labels"] == [label for label, _ in scaling.PRICE_OPTIONS]
    assert params["target_pct"]["value"] == 5.0 and params["utilization_pct"]["value"] == 100
    five = scaling.compute_needed(fit, 0.05).iloc[0]
    texts = [r for r in rows(spec, "compute_text") if r["target_error_pct"] == 5.0]
    assert texts[0]["compute_text"] == scaling.format_sci(five["compute_flop"])
    assert texts[0]["range_text"] == f"{scaling.format_sci(five['compute_flop_low'])} to {scaling.format_sci(five['compute_flop_high'])}"
    assert_vocabulary_groups(spec)
    crosses = rows(spec, "source")
    assert {r["compute_flop"] for r in crosses} == {1e23, 1e28}, "paper v1's two points (10¹⁴ and 10¹⁹ Gflop)"
    with pytest.raises(ValueError, match="start_pct"):
        scaling_charts.calculator_chart(tables, fit, start_pct=5.2)
    with pytest.raises(ValueError, match="tables"):
        scaling_charts.calculator_chart({"compute": tables["compute"]}, fit)


def test_readout_needs_filters_for_a_grid(models):
    fit = scaling.fit_power_law(scaling.points(models))
    with pytest.raises(ValueError, match="filters"):
        scaling_charts.readout_chart(scaling.calculator_tables(fit))
    one = scaling.calculator_tables(fit, targets_pct=[5.0], utilizations=[1.0], prices=[("p", 1.46)], intensities=[("g", 0.954)])
    spec = scaling_charts.readout_chart(one, title="Five percent").to_dict()
    assert spec["title"] == "Five percent" and rows(spec, "cost_range_text")


def test_forecast_chart_fills_early_models_and_rings_the_forecast(forecast):
    early_fit, later = forecast
    spec = scaling_charts.forecast_chart({"hardware burden": forecast}).to_dict()
    ring = [r for r in rows(spec, "label") if "early fit" in r["label"]]
    assert ring[0]["compute_flop"] == pytest.approx(scaling.compute_needed(early_fit, 0.05)["compute_flop"].item())
    drawn = [r for r in rows(spec, "verdict")]
    assert len(drawn) == int(early_fit.nobs) + len(later)
    marks = [d for d in walk(spec) if d.get("type") == "point" and "filled" in d]
    assert {m["filled"] for m in marks} == {True, False}, "early models filled, later ones open"
    assert_vocabulary_groups(spec)
    with pytest.raises(TypeError, match="tests"):
        scaling_charts.forecast_chart({"hardware burden": early_fit})


def test_record_chart_marks_where_the_trend_reaches_five_percent(records):
    frame, trend = records
    spec = scaling_charts.record_chart(frame, trend).to_dict()
    a, b = trend.params
    (reach,) = [r for r in rows(spec, "label") if "reaches" in r["label"]]
    assert reach["year"] == pytest.approx((np.log10(0.05) - a) / b)
    assert len([r for r in rows(spec, "model")]) == len(frame)
    assert_vocabulary_groups(spec)
    with pytest.raises(TypeError, match="trend"):
        scaling_charts.record_chart(frame, scaling.fit_power_law(scaling.points(data.model_compute_table())))


def test_fit_chart_can_offer_samples_under_its_own_menu(models, fits):
    """The chapter's second fit chart: samples of one measure (releases, without a cluster) under a menu named 'sample'."""
    pycls = models["hardware_source"].fillna("").str.contains("facebookresearch/pycls")
    samples = {"all models": fits["hardware burden"],
               "without the pycls cluster": scaling.fit_power_law(scaling.points(models[~pycls]))}
    spec = scaling_charts.fit_chart(samples, start="all models", menu_name="sample", menu_label="Sample ").to_dict()
    (param,) = spec["params"]
    assert param["name"] == "sample" and param["bind"]["name"] == "Sample " and param["bind"]["options"] == list(samples)
    assert any("sample" in f for f in filters(spec))
    drawn = [r for r in rows(spec, "top1_error_pct") if "model" in r]
    assert len([r for r in drawn if r["measure"] == "without the pycls cluster"]) == int(samples["without the pycls cluster"].nobs)
    assert "(sample) picks the fit" in spec["description"]
    with pytest.raises(ValueError, match="menu_name"):
        scaling_charts.fit_chart(samples, start="all models", menu_name="two words")
    with pytest.raises(TypeError, match="menu_label"):
        scaling_charts.fit_chart(samples, start="all models", menu_label=None)
