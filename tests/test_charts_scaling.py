"""What the ninth-power chapter's charts contain, plus its live control and answer checks."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from scaling_lib import costs, data, exercises, fits, forecast, widgets
from scaling_lib.charts import render
from scaling_lib.charts import scaling as scaling_charts
from tests.spec_tools import walk, filters


@pytest.fixture(scope="module")
def models() -> pd.DataFrame:
    return data.model_compute_table()


def rows_with(spec, column):
    """All data rows (across the spec's datasets) that have ``column``."""
    return [row for rows in spec.get("datasets", {}).values() for row in rows if column in row]


def log_scales(spec):
    return [d for d in walk(spec) if isinstance(d.get("scale"), dict) and d["scale"].get("type") == "log"]


def test_scaling_chart_toggles_measures_with_enough_points(models):
    spec = scaling_charts.scaling_chart(models).to_dict()
    assert spec["title"]["text"] and "Log-log scatter" in spec["description"]
    (param,) = spec["params"]
    assert param["bind"]["input"] == "select" and param["value"] == "hardware burden"
    assert param["bind"]["options"] == forecast.usable_measures(models)
    assert any("datum.measure" in f and "measure" in f for f in filters(spec))
    assert len(log_scales(spec)) >= 2
    points = [row for row in rows_with(spec, "top1_error_pct") if "data_group" in row]
    hb = [row for row in points if row["measure"] == "hardware burden"]
    assert len(hb) == 16 and {row["data_group"] for row in hb} <= set(scaling_charts.GROUP_ORDER)
    tooltips = [d for d in walk(spec) if d.get("field") == "model" and "title" in d]
    assert tooltips, "points are labelled on hover"
    fit = forecast.fit_measure(models, n_bootstrap=0)
    assert f"γ = {fit.gamma:.1f}" in spec["description"]
    notes = {row["measure"]: row["text"] for row in rows_with(spec, "text")}
    assert notes["hardware burden"].startswith(f"γ = {fit.gamma:.1f}")
    band = [row for row in rows_with(spec, "mean_low_pct") if row["measure"] == "hardware burden"]
    assert all(row["mean_low_pct"] <= row["top1_error_pct"] <= row["mean_high_pct"] for row in band)
    with pytest.raises(ValueError, match="start"):
        scaling_charts.scaling_chart(models, start="nonsense")


def test_gamma_chart_holds_library_values(models):
    table = forecast.gamma_table(models, n_bootstrap=0)
    spec = scaling_charts.gamma_chart(table).to_dict()
    rows = rows_with(spec, "row")
    assert len(rows) == len(table)
    values = sorted(row["gamma"] for row in rows)
    assert values == pytest.approx(sorted(table["gamma"]))
    assert any(row["gamma"] == 4.0 for row in rows_with(spec, "gamma") if "row" not in row)  # the theory rule
    assert all(row["high_shown"] is None or row["high_shown"] <= 25 for row in rows)
    assert "10.8" in spec["description"] and spec["title"]["text"]
    with pytest.raises(ValueError, match="missing columns"):
        scaling_charts.gamma_chart(table.drop(columns="gamma"))


def test_calculator_slider_and_menus_select_precomputed_rows(models):
    tables = forecast.calculator_tables(models)
    spec = scaling_charts.calculator_chart(tables, models).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"target_pct", "utilization_pct", "price", "grid"}
    target = params["target_pct"]["bind"]
    assert target["input"] == "range" and target["min"] == 1.0 and target["max"] == 11.0 and target["step"] == 0.5
    util = params["utilization_pct"]["bind"]
    assert (util["min"], util["max"], util["step"]) == (30.0, 100.0, 10.0) and params["utilization_pct"]["value"] == 100
    assert params["price"]["bind"]["options"] == [value for _, value in forecast.PRICE_OPTIONS]
    assert params["price"]["bind"]["labels"] == [label for label, _ in forecast.PRICE_OPTIONS]
    assert params["grid"]["value"] == costs.LBS_CO2_PER_KWH_STRUBELL
    text = " ".join(filters(spec))
    for name in ("target_pct", "utilization_pct", "price", "grid"):
        assert name in text
    # every slider position has a row, and the rows hold the library's numbers
    compute_rows = [row for row in rows_with(spec, "compute_text")]
    assert {row["target_error_pct"] for row in compute_rows} == set(np.arange(1.0, 11.01, 0.5))
    five = forecast.extrapolation_table(models, target_errors=[0.05]).iloc[0]
    at_five = next(row for row in compute_rows if row["target_error_pct"] == 5.0)
    assert at_five["compute_flop"] == pytest.approx(five["compute_flop"])
    assert at_five["compute_text"] == forecast.format_sci(five["compute_flop"])
    cost = next(row for row in rows_with(spec, "cost_text") if row["target_error_pct"] == 5.0 and row["utilization_pct"] == 100
                and row["dollars_per_gpu_hour"] == forecast.PRICE_OPTIONS[0][1])
    assert cost["dollars"] == pytest.approx(five["dollars"]) and cost["cost_text"] == forecast.format_dollars(five["dollars"])
    carbon = next(row for row in rows_with(spec, "nyc_text") if row["target_error_pct"] == 5.0 and row["utilization_pct"] == 100
                  and row["lbs_co2_per_kwh"] == costs.LBS_CO2_PER_KWH_STRUBELL)
    assert carbon["nyc_text"] == forecast.format_sci(five["nyc_months"])
    assert len(log_scales(spec)) >= 2
    size = len(json.dumps(spec))
    assert size < 600_000, f"calculator spec is {size} bytes"
    with pytest.raises(ValueError, match="start_pct"):
        scaling_charts.calculator_chart(tables, models, start_pct=5.25)


def test_forecast_chart_marks_held_out_models(models):
    spec = scaling_charts.forecast_chart(models).to_dict()
    (param,) = spec["params"]
    assert param["bind"]["options"] == ["hardware burden", "training compute (Epoch AI)"]
    points = [row for row in rows_with(spec, "verdict") if row["measure"] == "hardware burden"]
    test = forecast.forecast_test(models)
    later = {row["model"]: row["verdict"] for row in points if row["period"] == "after mid-2020"}
    assert later == dict(zip(test["model"], test["verdict"]))
    assert all(row["verdict"] == "used for the fit" for row in points if row["period"] == "up to mid-2020")
    summary = forecast.forecast_summary(models)
    ring = [row for row in rows_with(spec, "label") if row.get("measure") == "hardware burden"]
    assert ring[0]["compute_flop"] == pytest.approx(summary["forecast_target_flop"])
    assert "No model in the data reached the 5% line" in spec["description"]
    assert len(log_scales(spec)) >= 2


def test_record_chart(models):
    trend = forecast.record_trend(models)
    spec = scaling_charts.record_chart(trend).to_dict()
    assert f"{trend.summary['year_reach_target']:.1f}" in spec["description"]
    rows = rows_with(spec, "trend_error_pct")
    assert len(rows) == len(trend.records)
    assert log_scales(spec)
    with pytest.raises(TypeError, match="trend"):
        scaling_charts.record_chart(trend.records)


def test_charts_fit_the_page_column(models):
    for chart in (scaling_charts.scaling_chart(models), scaling_charts.forecast_chart(models), scaling_charts.record_chart(forecast.record_trend(models))):
        assert chart.to_dict()["width"] <= 560


# --------------------------------------------------------------------------- live control
def test_widget_is_a_note_on_the_site(monkeypatch):
    monkeypatch.setenv(render.TARGET_VARIABLE, "site")
    assert isinstance(widgets.scaling_widget(), widgets.LiveOnlyNote)


def test_widget_recomputes_for_any_value(monkeypatch, models):
    monkeypatch.setenv(render.TARGET_VARIABLE, "notebook")
    control = widgets.scaling_widget()
    assert isinstance(control, widgets.LiveControl)
    spec = control.update(target_error_pct=5.0).to_dict()
    five = forecast.extrapolation_table(models, target_errors=[0.05]).iloc[0]
    shown = {row["label"]: row["value"] for row in rows_with(spec, "value")}
    assert shown["Compute needed, FLOP"] == forecast.format_sci(five["compute_flop"])
    assert shown["Cloud cost, US$"] == forecast.format_dollars(five["dollars"])
    assert shown["= months of New York City's CO₂"] == forecast.format_sci(five["nyc_months"])
    cheap = control.update(target_error_pct=5.0, dollars_per_gpu_hour=0.146).to_dict()
    shown = {row["label"]: row["value"] for row in rows_with(cheap, "value")}
    assert shown["Cloud cost, US$"] == forecast.format_dollars(five["dollars"] / 10)
    with pytest.raises(ValueError, match="filters"):
        scaling_charts.readout_chart(forecast.calculator_tables(models))
    odd = control.update(target_error_pct=0.37).to_dict()
    assert "0.37" in odd["title"] and odd["description"]
    control.controls["target_error_pct"].value = 2.0  # the slider's callback redraws without error


# --------------------------------------------------------------------------- answer checks
def test_answer_checks_right_and_wrong(models):
    h = forecast.headline_numbers(models)
    right = exercises.check("scaling-ratio", fits.compute_ratio(h["best_error"], 0.05, h["gamma"]))
    assert right.correct
    wrong = exercises.check("scaling-ratio", fits.compute_ratio(h["best_error"], 0.05, 4.0))
    assert not wrong.correct and "Hint" in wrong.message and "too low" in wrong.message
    cheap = forecast.extrapolation_table(models, target_errors=[0.05], dollars_per_gpu_hour=0.43)["dollars"].item()
    assert exercises.check("scaling-preemptible", cheap).correct
    assert not exercises.check("scaling-preemptible", h["dollars_5"]).correct
    months = costs.co2_in_nyc_months(1e19 * costs.strubell_implied_rates()["lbs_co2_per_gflop"])
    assert exercises.check("scaling-co2-cell", months).correct
    assert not exercises.check("scaling-co2-cell", 1.0).correct
    clean = forecast.fit_measure(models, sample="ImageNet-1k only").gamma
    assert exercises.check("scaling-clean", clean).correct
    assert not exercises.check("scaling-clean", h["gamma"]).correct
