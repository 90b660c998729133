"""What the bounds chapter's charts contain: fields, scales, parameters (not only that they build)."""
import json

import numpy as np
import pytest

from scaling_lib import bounds
from scaling_lib.charts import bounds as bounds_charts
from tests.spec_tools import walk


def datasets(spec):
    return spec.get("datasets", {})


def test_rate_chart_is_log_log_with_both_series():
    simulation = bounds.rmse_by_sample_size(seed=0)
    spec = bounds_charts.rate_chart(simulation).to_dict()
    assert spec["title"]["text"] and spec["description"]
    scales = [d["scale"]["type"] for d in walk(spec) if isinstance(d.get("scale"), dict) and "type" in d["scale"]]
    assert scales.count("log") >= 2
    rows = next(iter(datasets(spec).values()))
    assert {row["series"] for row in rows} == {"simulated RMSE", "theory: σ/√n"}
    fit = bounds.fit_rate(simulation["n"], simulation["rmse"])
    assert f"{fit['slope']:.3f}" in spec["title"]["subtitle"]
    with pytest.raises(ValueError, match="missing columns"):
        bounds_charts.rate_chart(simulation.drop(columns="rmse"))


def test_calculator_slider_selects_precomputed_rows():
    spec = bounds_charts.bounds_calculator().to_dict()
    params = spec["params"]
    assert len(params) == 1 and params[0]["name"] == "k"
    bind = params[0]["bind"]
    assert bind["input"] == "range" and bind["min"] == 1.0 and bind["max"] == 20.0 and bind["step"] == 0.5
    filters = [d["filter"] for d in walk(spec) if "filter" in d]
    assert any("datum.k === k" in str(f) or "datum.k == k" in str(f) for f in filters)
    rows = next(iter(datasets(spec).values()))
    at_two = {row["quantity"]: row["multiplier"] for row in rows if row["k"] == 2.0}
    assert at_two == {"data needed (k²)": 4.0, "compute, theory (k⁴)": 16.0, "compute, practice (k⁹)": 512.0}
    at_ten = {row["quantity"]: row["multiplier"] for row in rows if row["k"] == 10.0}
    assert at_ten["compute, theory (k⁴)"] == 10_000.0
    # Every slider position has a row for each quantity.
    positions = np.arange(bind["min"], bind["max"] + bind["step"] / 2, bind["step"])
    assert {row["k"] for row in rows} == set(positions)
    assert "10,000" in spec["description"] and spec["title"]["text"]


def test_halving_chart_covers_every_exponent():
    spec = bounds_charts.halving_cost_chart().to_dict()
    assert spec["params"][0]["bind"]["input"] == "range"
    rows = next(iter(datasets(spec).values()))
    at_two = {row["exponent"]: row["multiplier"] for row in rows if row["k"] == 2.0}
    assert set(at_two) == set(bounds.EXPONENTS)
    assert at_two["compute, article (k⁹)"] == 512.0
    log_scales = [d for d in walk(spec) if isinstance(d.get("scale"), dict) and d["scale"].get("type") == "log"]
    assert log_scales


def test_multiplier_bars_for_any_k():
    spec = bounds_charts.multiplier_bars(123.0).to_dict()
    rows = next(iter(datasets(spec).values()))
    assert {row["k"] for row in rows} == {123.0}
    assert "123" in spec["title"]
    with pytest.raises(ValueError, match="k_values"):
        bounds_charts.multiplier_bars(0.5)
