"""What the bounds chapter's charts contain: fields, scales, parameters (not only that they build)."""
import numpy as np
import pandas as pd
import pytest

from scaling_lib import bounds
from scaling_lib.charts import bounds as bounds_charts
from tests.spec_tools import filters, rows_with, walk


def simulation():
    n = np.array([4, 16, 64, 256])
    rmse = 1 / np.sqrt(n) * np.array([1.02, 0.97, 1.01, 0.99])
    return pd.DataFrame({"n": n, "rmse": rmse, "mse": rmse**2, "rmse_theory": 1 / np.sqrt(n), "mse_theory": 1 / n})


def log_scales(spec):
    return [d for d in walk(spec) if isinstance(d.get("scale"), dict) and d["scale"].get("type") == "log"]


def test_rate_chart_is_log_log_with_both_measures_and_their_theory():
    spec = bounds_charts.rate_chart(simulation(), -0.4987, -0.9974).to_dict()
    assert spec["title"]["text"] and spec["description"]
    assert len(log_scales(spec)) >= 2
    rows = pd.DataFrame(rows_with(spec, "measure"))
    assert set(zip(rows["measure"], rows["theory"])) == {("RMSE", False), ("RMSE", True), ("MSE", False), ("MSE", True)}
    np.testing.assert_allclose(rows[(rows["measure"] == "MSE") & ~rows["theory"]]["error"], simulation()["mse"])
    np.testing.assert_allclose(rows[(rows["measure"] == "RMSE") & rows["theory"]]["error"], simulation()["rmse_theory"])
    assert "-0.499" in spec["title"]["subtitle"] and "-0.997" in spec["title"]["subtitle"]
    with pytest.raises(ValueError, match="missing"):
        bounds_charts.rate_chart(simulation().drop(columns="mse"), -0.5, -1.0)
    with pytest.raises(ValueError, match="mse_slope"):
        bounds_charts.rate_chart(simulation(), -0.5, float("nan"))


def test_calculator_slider_selects_precomputed_rows_for_every_exponent():
    exponents = bounds.exponent_table()
    spec = bounds_charts.price_calculator(exponents).to_dict()
    (param,) = spec["params"]
    bind = param["bind"]
    assert param["name"] == "k" and param["value"] == 2.0
    assert bind["input"] == "range" and bind["min"] == 1.0 and bind["max"] == 20.0 and bind["step"] == 0.5
    assert any("datum.k === k" in f or "datum.k == k" in f for f in filters(spec))
    rows = pd.DataFrame(rows_with(spec, "multiplier"))
    positions = np.arange(bind["min"], bind["max"] + bind["step"] / 2, bind["step"])
    assert set(rows["k"]) == set(positions)
    at_two = rows[rows["k"] == 2.0].set_index("exponent")["multiplier"]
    assert set(at_two.index) == set(exponents["exponent"])
    assert at_two["compute, article (k⁹)"] == 512.0 and at_two["compute, overparameterized (k⁴)"] == 16.0
    assert log_scales(spec)
    assert "×512" in spec["description"] and spec["title"]["text"]


def test_multiplier_bars_for_any_k():
    spec = bounds_charts.multiplier_bars(123.0).to_dict()
    rows = pd.DataFrame(rows_with(spec, "multiplier"))
    assert set(rows["k"]) == {123.0}
    assert np.isclose(rows.set_index("exponent").loc["compute, overparameterized (k⁴)", "multiplier"], 123.0**4)
    assert "123" in spec["title"]
    with pytest.raises(ValueError, match="k must"):
        bounds_charts.multiplier_bars(0.5)
