"""What the hardware chapter's charts contain: fields, log scales, drop-downs, and the library's numbers."""

import pytest

from scaling_lib import hardware, widgets
from scaling_lib.charts import hardware as hardware_charts
from scaling_lib.charts import render
from tests.spec_tools import walk, filters

ALEXNET = hardware_charts.DEFAULT_FROM
NASNET = hardware_charts.DEFAULT_TO


def rows_with(spec, column):
    """Rows of every embedded data set that has ``column``."""
    out = []
    for rows in spec.get("datasets", {}).values():
        if rows and column in rows[0]:
            out.extend(rows)
    return out


def log_scales(spec):
    return [d for d in walk(spec) if isinstance(d.get("scale"), dict) and d["scale"].get("type") == "log"]


def test_peak_trend_chart_shows_both_series_and_the_fits():
    spec = hardware_charts.peak_trend_chart().to_dict()
    assert spec["title"]["text"] and len(spec["description"]) > 100
    assert log_scales(spec)
    points = rows_with(spec, "processor")
    assert {row["series"] for row in points} == set(hardware.SERIES_LABELS.values())
    gtx580 = next(row for row in points if row["processor"] == "NVIDIA GeForce GTX 580")
    assert gtx580["value"] == 1.581e12
    fp32 = hardware.hardware_trend(series="fp32")
    assert f"{fp32.doubling_time_years:.1f} years" in " ".join(spec["title"]["subtitle"])
    assert f"{fp32.doubling_time_low:.1f}" in " ".join(spec["title"]["subtitle"])
    lines = rows_with(spec, "fitted")
    assert lines and all(row["fitted"] > 0 for row in lines)
    axis_titles = [d["title"] for d in walk(spec) if isinstance(d.get("title"), str) and "log scale" in d["title"]]
    assert axis_titles


def test_efficiency_chart_has_dollar_and_watt_panels():
    spec = hardware_charts.efficiency_chart().to_dict()
    assert len(spec["vconcat"]) == 2
    assert len(log_scales(spec)) >= 2
    measures = {row["value"] for row in rows_with(spec, "processor")}
    gtx580_per_dollar = 1.581e12 / 499
    assert any(abs(v - gtx580_per_dollar) < 1 for v in measures)
    dollar = hardware.hardware_trend(measure="flops_per_dollar")
    assert f"{dollar.doubling_time_years:.1f}" in spec["description"]


def test_decomposition_dropdowns_filter_the_precomputed_pairs():
    spec = hardware_charts.decomposition_chart().to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"from_model", "to_model"}
    known = list(hardware.models_with_hardware()["model"])
    for name, default in (("from_model", ALEXNET), ("to_model", NASNET)):
        bind = params[name]["bind"]
        assert bind["input"] == "select" and bind["options"] == known
        assert params[name]["value"] == default
    found = filters(spec)
    assert any("from_model" in f and "to_model" in f and "datum.model_from" in f and "datum.model_to" in f for f in found)
    rows = rows_with(spec, "model_from")
    # every ordered pair the drop-downs can pick has its four steps
    pairs = {(row["model_from"], row["model_to"]) for row in rows}
    assert pairs == {(a, b) for a in known for b in known}
    assert len(rows) == 4 * len(known) ** 2
    chosen = {row["step_name"]: row for row in rows if row["model_from"] == ALEXNET and row["model_to"] == NASNET}
    expected = hardware.model_decomposition(ALEXNET, NASNET)
    assert chosen["faster processors"]["ratio"] == pytest.approx(expected["speed_ratio"])
    assert chosen["more processors"]["ratio"] == pytest.approx(expected["count_ratio"])
    assert chosen["training time"]["ratio"] == pytest.approx(expected["time_ratio"])
    assert chosen["total compute"]["ratio"] == pytest.approx(expected["total_ratio"])
    assert chosen["total compute"]["label"] == "×1,070"
    # bars on a log axis: y and y2 both positive, and the scale is logarithmic
    assert all(row["low"] > 0 and row["high"] >= row["low"] for row in rows)
    assert any(d.get("y2") for d in walk(spec))
    assert log_scales(spec)
    assert "×250" in spec["description"] and "×5.9" in spec["description"]
    with pytest.raises(ValueError, match="model_from"):
        hardware_charts.decomposition_chart(model_from="AlexNet")


def test_decomposition_chart_data_stays_small():
    import json

    assert len(json.dumps(hardware_charts.decomposition_chart().to_dict())) < 400_000


def test_retro_cost_dropdown_filters_runs():
    spec = hardware_charts.retro_cost_chart().to_dict()
    params = spec["params"]
    assert len(params) == 1 and params[0]["bind"]["input"] == "select"
    assert params[0]["value"] == hardware_charts.DEFAULT_RUN
    assert any("datum.model" in f and "retro_run" in f for f in filters(spec))
    rows = rows_with(spec, "amortized_cost_usd")
    table = hardware.retro_cost_table()
    assert len(rows) == len(table)
    assert set(params[0]["bind"]["options"]) == set(table["model"])
    coca = {row["chip"]: row for row in rows if row["model"] == hardware_charts.DEFAULT_RUN}
    gtx580 = next(row for chip, row in coca.items() if chip.startswith("GTX 580"))
    expected = table[(table["model"] == hardware_charts.DEFAULT_RUN) & (table["processor"] == "NVIDIA GeForce GTX 580")].iloc[0]
    assert gtx580["amortized_cost_usd"] == pytest.approx(expected["amortized_cost_usd"])
    assert gtx580["wall_days"] == pytest.approx(expected["wall_days"])
    assert len(log_scales(spec)) >= 2
    assert any(d.get("x2") for d in walk(spec))
    assert "GTX 580" in spec["description"]
    with pytest.raises(ValueError, match="run"):
        hardware_charts.retro_cost_chart(run="GPT-5")


def test_live_widget_charts(monkeypatch):
    spec = hardware_charts.decomposition_bars(ALEXNET, NASNET).to_dict()
    assert spec["title"]["text"] and spec["description"]
    spec = hardware_charts.retro_cost_bars(hardware.retro_cost_table(hardware.models_with_hardware().iloc[:1])).to_dict()
    assert "AlexNet" in spec["title"]["text"]
    with pytest.raises(ValueError, match="one run"):
        hardware_charts.retro_cost_bars(hardware.retro_cost_table())
    monkeypatch.setenv(render.TARGET_VARIABLE, "site")
    assert isinstance(widgets.hardware_cost_widget(), widgets.LiveOnlyNote)
    monkeypatch.setenv(render.TARGET_VARIABLE, "notebook")
    control = widgets.hardware_cost_widget()
    chart = control.update(run=ALEXNET, amortization_years=6.0, utilization=0.5).to_dict()
    rows = rows_with(chart, "amortized_cost_usd")
    one_run = hardware.models_with_hardware().iloc[:1]
    expected = hardware.retro_cost_table(one_run, amortization_years=6.0, utilization=0.5)
    assert sorted(r["amortized_cost_usd"] for r in rows) == pytest.approx(sorted(expected["amortized_cost_usd"]))
