"""What the outlook chapter's charts contain: fields, scales, parameters, and the library's numbers."""
import json
import os

import numpy as np
import pandas as pd
import pytest

from scaling_lib import outlook, widgets
from scaling_lib.charts import outlook as outlook_charts
from scaling_lib.charts import render


def walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def rows_with(spec, column):
    """The first embedded data set that has ``column``."""
    for rows in spec.get("datasets", {}).values():
        if rows and column in rows[0]:
            return rows
    raise AssertionError(f"no data set with {column!r}")


def log_scales(spec):
    return [d for d in walk(spec) if isinstance(d.get("scale"), dict) and d["scale"].get("type") == "log"]


@pytest.fixture(scope="module")
def inputs():
    start = outlook.starting_point()
    grid = outlook.projection_grid(start["top1_error"], start["year"])
    milestones = outlook.milestone_table(start["top1_error"], start["year"])
    return start, grid, milestones, outlook.record_frontier()


def test_explorer_menus_select_precomputed_rows(inputs):
    start, grid, milestones, records = inputs
    spec = outlook_charts.outlook_explorer(grid, milestones, records).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"gamma_choice", "compute_choice", "algorithm_choice"}
    assert params["gamma_choice"]["bind"]["input"] == "select"
    assert params["gamma_choice"]["bind"]["options"] == list(outlook.GAMMAS)
    assert params["compute_choice"]["bind"]["options"] == list(outlook.COMPUTE_GROWTHS)
    assert params["algorithm_choice"]["bind"]["options"] == list(outlook.ALGORITHMIC_GAINS)
    assert params["gamma_choice"]["value"] == "9 (article)"
    filters = " ".join(str(d["filter"]) for d in walk(spec) if "filter" in d)
    for name in params:
        assert name in filters
    rows = rows_with(spec, "compute_label")
    assert len(rows) == len(grid)
    chosen = [r for r in rows if r["gamma_label"] == "9 (article)" and r["compute_label"] == "4.1× (trend since 2010)"
              and r["algorithmic_label"] == "1× (none extra)"]
    for row in chosen:
        expected = outlook.error_after(row["year"] - start["year"], start["top1_error"], 9, 4.1)
        assert row["top1_error_percent"] == pytest.approx(100 * expected)
    # every menu combination has a line
    combos = {(r["gamma_label"], r["compute_label"], r["algorithmic_label"]) for r in rows}
    assert len(combos) == len(outlook.GAMMAS) * len(outlook.COMPUTE_GROWTHS) * len(outlook.ALGORITHMIC_GAINS)
    assert log_scales(spec) and "log scale" in json.dumps(spec)
    assert spec["title"]["text"] and "5% arrives in 2026" in spec["description"]
    readout = rows_with(spec, "text")
    assert any(r["text"] == "Reached: 5% in 2026 · 1% in 2037" for r in readout)
    assert len(json.dumps(spec)) < 600_000  # keeps the page light
    json.dumps(spec, allow_nan=False)


def test_explorer_refuses_bad_inputs(inputs):
    _, grid, milestones, _ = inputs
    with pytest.raises(ValueError, match="gamma_start"):
        outlook_charts.outlook_explorer(grid, milestones, gamma_start="7")
    with pytest.raises(ValueError, match="missing columns"):
        outlook_charts.outlook_explorer(grid.drop(columns="year"), milestones)
    with pytest.raises(TypeError, match="grid"):
        outlook_charts.outlook_explorer([1, 2], milestones)


def test_heatmap(inputs):
    _, _, milestones, _ = inputs
    spec = outlook_charts.milestone_heatmap(milestones).to_dict()
    names = {p["name"] for p in spec["params"]}
    assert names == {"target_choice", "heatmap_algorithm_choice"}
    rows = rows_with(spec, "years_shown")
    assert len(rows) == len(milestones)
    row = next(r for r in rows if r["gamma_label"] == "9 (article)" and r["compute_label"] == "1.3× (hardware only)"
               and r["algorithmic_label"] == "1× (none extra)" and r["target_label"] == "5% top-1 error")
    start = outlook.starting_point()
    assert row["years_needed"] == pytest.approx(outlook.years_to_error(0.05, start["top1_error"], 9, 1.3))
    never = [r for r in rows if r["label"] == "never"]
    assert never and all(r["years_needed"] is None and r["years_shown"] == 100 for r in never)
    json.dumps(spec, allow_nan=False)  # no infinities in the page
    assert "2026" in spec["description"] and spec["title"]["text"]
    with pytest.raises(ValueError, match="target_start"):
        outlook_charts.milestone_heatmap(milestones, target_start="3%")


def test_backtest_chart(inputs):
    _, _, _, records = inputs
    curves = outlook.backtest_curves()
    spec = outlook_charts.backtest_chart(curves, records).to_dict()
    line_rows = rows_with(spec, "gamma_label")
    assert len(line_rows) == len(curves)
    dot_rows = rows_with(spec, "model")
    assert [r["model"] for r in dot_rows] == list(records["model"])
    assert log_scales(spec)
    last_9 = curves[curves["gamma"] == 9.0]["top1_error_percent"].iloc[-1]
    assert f"γ = 9: {last_9:.1f}%" in spec["description"]
    with pytest.raises(ValueError, match="missing columns"):
        outlook_charts.backtest_chart(curves, records.drop(columns="year"))


def test_headline_chart_bars_from_one_with_sources():
    numbers = outlook.headline_numbers()
    spec = outlook_charts.headline_chart(numbers).to_dict()
    rows = rows_with(spec, "computed_by")
    assert {r["quantity"]: r["value"] for r in rows} == dict(zip(numbers["quantity"], numbers["value"]))
    assert all(r["baseline"] == 1.0 for r in rows)
    encodings = [d["encoding"] for d in walk(spec) if "encoding" in d]
    assert any(e.get("x2", {}).get("field") == "baseline" for e in encodings)
    tooltips = json.dumps([e.get("tooltip") for e in encodings])
    assert "source" in tooltips and "computed_by" in tooltips
    assert log_scales(spec)
    assert "512" in spec["description"] and "10,000" in spec["description"]
    with pytest.raises(ValueError, match="missing columns"):
        outlook_charts.headline_chart(numbers.drop(columns="source"))


def test_projection_chart_for_any_values():
    spec = outlook_charts.projection_chart(7.3, 3.3, 1.4).to_dict()
    rows = rows_with(spec, "year")
    years = np.array([r["year"] for r in rows]) - 2023.0
    assert np.allclose([r["top1_error_percent"] for r in rows], 100 * outlook.error_after(years, 0.089, 7.3, 3.3, 1.4))
    assert "7.3" in spec["title"]["text"] and spec["description"]
    assert "never" in outlook_charts.projection_chart(9, 1.0, 1.0).to_dict()["title"]["subtitle"]
    with pytest.raises(ValueError, match="gamma"):
        outlook_charts.projection_chart(0.0, 2.0)


def test_widget_site_and_notebook(monkeypatch):
    monkeypatch.setenv(render.TARGET_VARIABLE, "site")
    assert isinstance(widgets.outlook_widget(), widgets.LiveOnlyNote)
    monkeypatch.setenv(render.TARGET_VARIABLE, "notebook")
    control = widgets.outlook_widget()
    assert isinstance(control, widgets.LiveControl)
    spec = control.update(gamma=4.0, compute_growth_per_year=16.0, algorithmic_gain_per_year=1.0).to_dict()
    assert "halves" not in spec["description"] and "50.0% a year" in spec["title"]["subtitle"]
    control.controls["gamma"].value = 10.8
    assert control.values()["gamma"] == 10.8
