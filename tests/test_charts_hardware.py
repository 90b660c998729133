"""What the hardware chapter's charts contain: fields, log scales, drop-downs, and the numbers they are given."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from scaling_lib import data, hardware, vocabulary, widgets
from scaling_lib.charts import hardware as hardware_charts
from tests.spec_tools import walk
from tests.test_hardware import chips  # noqa: F401  (the chip table with the page's derived columns, one fixture)

ALEXNET, NASNET = hardware_charts.DEFAULT_FROM, hardware_charts.DEFAULT_TO


@pytest.fixture(scope="module")
def trends(chips) -> pd.DataFrame:
    """Least-squares lines by numpy, with made-up intervals: the chart shows what it is given."""
    rows = {}
    for column in [c for by_format in hardware.TREND_COLUMNS.values() for c in by_format.values()]:
        use = chips.dropna(subset=[column])
        slope, intercept = np.polyfit(use["year"], np.log10(use[column]), 1)
        rows[column] = {"intercept": intercept, "slope": slope, "doubling_years": math.log10(2) / slope, "low": 1.23, "high": math.inf}
    return pd.DataFrame(rows).T


@pytest.fixture(scope="module")
def runs() -> pd.DataFrame:
    return data.model_compute_table().dropna(subset=["processor_count", "train_hours", "peak_flops_used"])


def rows_with(spec, column):
    """Rows of every embedded data set that has ``column``."""
    return [row for rows in spec.get("datasets", {}).values() if rows and column in rows[0] for row in rows]


def log_scales(spec):
    return [d for d in walk(spec) if isinstance(d.get("scale"), dict) and d["scale"].get("type") == "log"]


@pytest.mark.parametrize("measure", list(hardware.TREND_COLUMNS))
def test_trend_chart_draws_both_formats_their_lines_and_the_given_intervals(chips, trends, measure):
    spec = hardware_charts.trend_chart(chips, trends, measure).to_dict()
    assert spec["title"]["text"] and len(spec["description"]) > 150
    assert log_scales(spec)
    points = rows_with(spec, "processor")
    assert {row["series"] for row in points} == set(hardware.SERIES.values())
    assert all(row["fitted"] > 0 for row in points)
    fp32 = trends.loc[hardware.TREND_COLUMNS[measure]["fp32"]]
    subtitle = " ".join(spec["title"]["subtitle"])
    assert f"{fp32['doubling_years']:.1f} years (95% CI 1.2–∞)" in subtitle
    assert any("log scale" in str(d.get("title", "")) for d in walk(spec))


def test_trend_chart_plots_the_chips_values(chips, trends):
    points = rows_with(hardware_charts.trend_chart(chips, trends, "per dollar").to_dict(), "processor")
    gtx580 = next(row for row in points if row["processor"] == "NVIDIA GeForce GTX 580")
    assert gtx580["value"] == pytest.approx(1.581e12 / 499)


def test_trend_chart_refuses_trends_without_intervals(chips, trends):
    with pytest.raises(ValueError, match="trends"):
        hardware_charts.trend_chart(chips, trends.drop(columns="high"))
    with pytest.raises(ValueError, match="measure"):
        hardware_charts.trend_chart(chips, trends, "per euro")


def test_decomposition_dropdowns_filter_the_precomputed_pairs(runs):
    runs = runs[vocabulary.record_setting(runs["publication_date"], runs["top1_error"])]  # the runs the chapter draws
    pairs = hardware.decomposition_pairs(runs)
    spec = hardware_charts.decomposition_chart(pairs).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"from_model", "to_model"}
    for name, default in (("from_model", ALEXNET), ("to_model", NASNET)):
        assert params[name]["value"] == default
        assert params[name]["bind"]["options"] == list(runs["model"])
    assert log_scales(spec)
    bars = rows_with(spec, "step_name")
    assert len(bars) == len(pairs)
    speed = next(b for b in bars if b["model_from"] == ALEXNET and b["model_to"] == NASNET and b["step_name"] == "faster processors")
    assert speed["ratio"] == pytest.approx(9.3e12 / 1.581e12) and speed["label"] == "×5.9"
    assert "more processors ×250" in spec["description"] and "training time ×0.73" in spec["description"]


def test_decomposition_chart_refuses_a_model_not_in_the_pairs(runs):
    with pytest.raises(ValueError, match="model_to"):
        hardware_charts.decomposition_chart(hardware.decomposition_pairs(runs), model_to="GPT-3")


def test_retro_cost_chart_has_a_menu_over_the_runs_and_the_opening_run_in_words(runs, chips):
    table = hardware.retro_cost_table(runs, chips)
    spec = hardware_charts.retro_cost_chart(table).to_dict()
    menu = spec["params"][0]
    assert menu["value"] == hardware_charts.DEFAULT_RUN and len(menu["bind"]["options"]) == len(runs)
    assert len(spec["vconcat"]) == 2 and len(log_scales(spec)) >= 2
    coca_on_580 = table[(table["model"] == hardware_charts.DEFAULT_RUN) & (table["processor"] == "NVIDIA GeForce GTX 580")]
    assert f"GTX 580s would cost about ${coca_on_580['amortized_cost_usd'].iloc[0]:,.0f}" in spec["description"]


def test_retro_cost_chart_for_one_run_has_no_menu(runs, chips):
    one = hardware.retro_cost_table(runs[runs["model"] == ALEXNET], chips, amortization_years=1.5)
    spec = hardware_charts.retro_cost_chart(one, ALEXNET).to_dict()
    assert not any("bind" in param for param in spec.get("params", [])), "no menu (the parameters are the axes' ends)"
    assert spec["title"]["text"] == f"{ALEXNET} on other hardware" and "1.5 years" in " ".join(spec["title"]["subtitle"])
    with pytest.raises(ValueError, match="run"):
        hardware_charts.retro_cost_chart(one, NASNET)


def test_the_cost_widget_redraws_for_any_run(monkeypatch):
    monkeypatch.delenv("SCALING_LIB_TARGET", raising=False)
    control = widgets.hardware_cost_widget()
    spec = control.update(run=NASNET, amortization_years=1.0, utilization=0.5).to_dict()
    assert spec["title"]["text"] == f"{NASNET} on other hardware"
    monkeypatch.setenv("SCALING_LIB_TARGET", "site")
    assert isinstance(widgets.hardware_cost_widget(), widgets.LiveOnlyNote)
