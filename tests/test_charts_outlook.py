"""What the outlook chapter's charts and live control contain: fields, menus, scales, the numbers they were given."""
import json

import numpy as np
import pandas as pd
import pytest

from scaling_lib import data, outlook, vocabulary, widgets
from scaling_lib.charts import outlook as outlook_charts
from scaling_lib.charts import render
from tests.spec_tools import walk

GAMMAS = {"9.1 (fit)": 9.1, "4 (theory)": 4.0, "13.8 (paper v1)": 13.8}
GROWTHS = {"4.1× (trend)": 4.1, "1.3× (hardware only)": 1.3}
GAINS = {"1× (none extra)": 1.0, "2.52× (Erdil & Besiroglu)": 2.52}


def rows_with(spec, column):
    """The first embedded data set that has ``column``."""
    for rows in spec.get("datasets", {}).values():
        if rows and column in rows[0]:
            return rows
    raise AssertionError(f"no data set with {column!r}")


def log_scales(spec):
    return [d for d in walk(spec) if isinstance(d.get("scale"), dict) and d["scale"].get("type") == "log"]


@pytest.fixture(scope="module")
def records():
    models = data.load_imagenet_models()
    frame = models[vocabulary.record_setting(models["publication_date"], models["top1_error"])].copy()
    frame["year"] = vocabulary.decimal_year(frame["publication_date"])
    return frame.sort_values("year")


@pytest.fixture(scope="module")
def scenarios():
    return outlook.scenarios(0.089, 2023.1, GAMMAS, GROWTHS, GAINS)


def test_explorer_menus_select_the_rows_it_was_given(scenarios, records):
    grid, milestones = scenarios
    spec = outlook_charts.outlook_explorer(grid, milestones, records).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == {"gamma_choice", "compute_choice", "algorithm_choice"}
    assert params["gamma_choice"]["bind"]["options"] == list(GAMMAS) and params["gamma_choice"]["value"] == "9.1 (fit)"
    assert params["compute_choice"]["bind"]["options"] == list(GROWTHS)
    assert params["algorithm_choice"]["bind"]["options"] == list(GAINS)
    filters = " ".join(str(d["filter"]) for d in walk(spec) if "filter" in d)
    assert all(name in filters for name in params)
    lines = rows_with(spec, "compute_label")
    assert len(lines) == len(grid)
    assert {(r["gamma_label"], r["compute_label"], r["algorithmic_label"]) for r in lines} == {
        (g, c, a) for g in GAMMAS for c in GROWTHS for a in GAINS}
    dots = rows_with(spec, "model")
    assert [r["model"] for r in dots] == list(records["model"])
    opening = milestones[(milestones["gamma_label"] == "9.1 (fit)") & (milestones["compute_label"] == "4.1× (trend)")
                         & (milestones["algorithmic_label"] == "1× (none extra)")]
    expected = "Reached: " + " · ".join(f"{100 * t:g}% in {lab}" for t, lab in zip(opening["target_error"], opening["label"]))
    assert any(r.get("text") == expected for r in rows_with(spec, "text"))
    assert expected in spec["description"]
    assert log_scales(spec) and spec["title"]["text"]
    json.dumps(spec, allow_nan=False)


def test_explorer_refuses_tables_without_their_columns(scenarios, records):
    grid, milestones = scenarios
    with pytest.raises(ValueError, match="missing columns"):
        outlook_charts.outlook_explorer(grid.drop(columns="year"), milestones, records)
    with pytest.raises(ValueError, match="missing columns"):
        outlook_charts.outlook_explorer(grid, milestones.drop(columns="label"), records)
    with pytest.raises(TypeError, match="records"):
        outlook_charts.outlook_explorer(grid, milestones, [1, 2])


def test_projection_chart_draws_one_setting():
    grid, milestones = outlook.scenarios(0.089, 2023.0, {"γ": 4.0}, {"c": 16.0}, {"a": 1.0}, horizon_years=4)
    spec = outlook_charts.projection_chart(grid, milestones).to_dict()
    rows = rows_with(spec, "top1_error_percent")
    assert np.allclose([r["top1_error_percent"] for r in rows][:5], [8.9, 4.45, 2.225, 1.1125, 0.55625])
    assert "γ = 4" in spec["title"] and "5% in 2023 · 1% in 2026" in spec["description"]
    with pytest.raises(ValueError, match="missing columns"):
        outlook_charts.projection_chart(grid.drop(columns="gamma"), milestones)


def test_backtest_chart_marks_unseen_records_and_draws_the_band(records):
    cutoff = vocabulary.decimal_year([vocabulary.CUTOFF_DATE])[0]
    curve = pd.DataFrame({"year": [2020.2, 2023.1], "top1_error": [0.115, 0.076],
                          "top1_error_low": [0.115, 0.069], "top1_error_high": [0.115, 0.083]})
    spec = outlook_charts.backtest_chart(curve, records, cutoff).to_dict()
    dots = rows_with(spec, "model")
    assert [r["period"] for r in dots] == [vocabulary.PERIODS[int(r["year"] > cutoff)] for r in dots]
    assert sum(r["period"] == vocabulary.PERIODS[1] for r in dots) == int((records["year"] > cutoff).sum()) > 0
    band = rows_with(spec, "top1_error_low_percent")
    assert band[-1]["top1_error_low_percent"] == pytest.approx(6.9) and band[-1]["top1_error_high_percent"] == pytest.approx(8.3)
    assert "7.6% (6.9–8.3%)" in spec["description"] and "8.9%" in spec["description"]
    assert log_scales(spec)
    with pytest.raises(ValueError, match="missing columns"):
        outlook_charts.backtest_chart(curve.drop(columns="top1_error_low"), records, cutoff)
    with pytest.raises(ValueError, match="cutoff_year"):
        outlook_charts.backtest_chart(curve, records, 1900.0)


def test_headline_chart_bars_from_one_with_sources():
    numbers = outlook.headline_numbers(9.1, 7.3, 12.2, 16)
    spec = outlook_charts.headline_chart(numbers).to_dict()
    rows = rows_with(spec, "how")
    assert {r["quantity"]: r["value"] for r in rows} == dict(zip(numbers["quantity"], numbers["value"]))
    assert all(r["baseline"] == 1.0 for r in rows)
    encodings = [d["encoding"] for d in walk(spec) if "encoding" in d]
    assert any(e.get("x2", {}).get("field") == "baseline" for e in encodings)
    tooltips = json.dumps([e.get("tooltip") for e in encodings])
    assert "source" in tooltips and "how" in tooltips
    assert log_scales(spec) and "1.0e+04" in spec["description"]
    with pytest.raises(ValueError, match="missing columns"):
        outlook_charts.headline_chart(numbers.drop(columns="source"))


def test_widget_site_and_notebook(monkeypatch):
    monkeypatch.setenv(render.TARGET_VARIABLE, "site")
    assert isinstance(widgets.outlook_widget(), widgets.LiveOnlyNote)
    monkeypatch.setenv(render.TARGET_VARIABLE, "notebook")
    control = widgets.outlook_widget()
    assert isinstance(control, widgets.LiveControl)
    spec = control.update(gamma=4.0, compute_growth_per_year=16.0, algorithmic_gain_per_year=1.0).to_dict()
    rows = rows_with(spec, "top1_error_percent")
    start = 100 * data.load_imagenet_models()["top1_error"].min()
    assert rows[0]["top1_error_percent"] == pytest.approx(start) and rows[1]["top1_error_percent"] == pytest.approx(start / 2)
    control.controls["gamma"].value = 10.8
    assert control.values()["gamma"] == 10.8
