"""What the smaller-networks chapter's charts and live controls draw, and the input they refuse.

The tables behind them are tested in test_smaller_networks.py; here a small curve and grid stand in for the chapter's.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scaling_lib import smaller_networks as sn
from scaling_lib import widgets
from scaling_lib.charts import render
from scaling_lib.charts import smaller_networks as charts
from scaling_lib.charts.theme import BLUE, VERMILION
from tests.spec_tools import filters, walk

T, I = 1.6128e9, 13_440.0


def rows_with(spec: dict, *columns: str) -> list[dict]:
    """The largest embedded dataset whose rows carry all ``columns``."""
    found = [rows for rows in spec.get("datasets", {}).values() if rows and all(c in rows[0] for c in columns)]
    assert found, f"no dataset with {columns}"
    return max(found, key=len)


def params(spec: dict) -> dict[str, dict]:
    return {p["name"]: p for p in walk(spec) if isinstance(p.get("name"), str) and "bind" in p}


@pytest.fixture(scope="module")
def curve_and_grid():
    X, y = sn.spiral_task(400, seed=1)
    net = sn.train_mlp(X, y, hidden_units=(8,), epochs=2, seed=0)
    zero = sn.MLP([np.zeros_like(w) for w in net.weights], net.biases)
    curve = pd.DataFrame({"sparsity": [0.0, 0.5, 0.9], "inference_flop": [80.0, 40.0, 8.0],
                          "pruned": [0.9, 0.8, 0.6], "pruned + fine-tuned": [0.95, 0.9, 0.85]})
    grid = sn.boundary_grid({s: (net, zero) for s in curve["sparsity"]})
    return curve, grid, X[:50], y[:50]


def test_flop_text_writes_powers_of_ten():
    assert charts.flop_text(48_384) == "48,384"
    assert charts.flop_text(1.6128e9) == "1.6 × 10⁹"
    assert charts.flop_text(9.96e20) == "1.0 × 10²¹"
    with pytest.raises(ValueError, match="value"):
        charts.flop_text(-1.0)


def test_pruning_chart_menu_panels_and_class_colours(curve_and_grid):
    curve, grid, X, y = curve_and_grid
    spec = charts.pruning_chart(curve, grid, X, y, start="50%").to_dict()
    menu = params(spec)["weights_removed"]
    assert menu["value"] == "50%" and menu["bind"]["options"] == ["0%", "50%", "90%"]
    long = rows_with(spec, "method", "test_accuracy")
    assert len(long) == 6 and {r["method"] for r in long} == {"pruned", "pruned + fine-tuned"}
    assert any("weights_removed" in f for f in filters(spec))
    assert len(rows_with(spec, "p90%", "f90%")) == 676
    assert any(d.get("range") == [BLUE, VERMILION] and d.get("domain") == list(sn.CLASS_NAMES) for d in walk(spec))
    calculated = [d["calculate"] for d in walk(spec) if "calculate" in d]
    assert any("'p' + weights_removed" in c for c in calculated) and any("'f' + weights_removed" in c for c in calculated)
    assert spec["title"]["text"] and "drop-down" in spec["description"]


def test_pruning_chart_refuses_mismatched_input(curve_and_grid):
    curve, grid, X, y = curve_and_grid
    with pytest.raises(ValueError, match="boundary is missing columns"):
        charts.pruning_chart(curve, grid.drop(columns=["f90%"]), X, y)
    with pytest.raises(ValueError, match="start"):
        charts.pruning_chart(curve, grid, X, y, start="93%")
    with pytest.raises(ValueError, match="curve is missing columns"):
        charts.pruning_chart(curve.drop(columns=["pruned"]), grid, X, y)
    with pytest.raises(ValueError, match="X must have 2 columns"):
        charts.pruning_chart(curve, grid, X[:, :1], y)


def test_flop_chart_draws_every_method_on_a_reversed_log_axis(curve_and_grid):
    curve = curve_and_grid[0].assign(**{"L1 penalty, then pruned": [0.96, 0.96, 0.9]})
    spec = charts.flop_chart(curve).to_dict()
    assert {r["method"] for r in rows_with(spec, "method")} == {"pruned", "pruned + fine-tuned", "L1 penalty, then pruned"}
    scale = spec["encoding"]["x"]["scale"]
    assert scale["type"] == "log" and scale["reverse"] is True
    assert "L1 penalty" in spec["description"]
    assert {r["method"] for r in rows_with(charts.flop_chart(curve_and_grid[0]).to_dict(), "method")} == {"pruned", "pruned + fine-tuned"}


def test_ledger_chart_sliders_pick_a_precomputed_pair():
    spec = charts.ledger_chart(*sn.ledger_grid(T, I)).to_dict()
    bound = params(spec)
    assert bound["extra_training"]["value"] == 50.0 and bound["saving"]["value"] == 90.0
    assert bound["extra_training"]["bind"]["step"] == 25 and bound["saving"]["bind"]["max"] == 90
    compressed = rows_with(spec, "e", "s", "n", "flop")
    assert len(compressed) == 13 * 9 * 22, "every slider position has its line"
    labels = {(r["e"], r["s"]): r["label"] for r in rows_with(spec, "label")}
    assert labels[(50.0, 90.0)] == f"Break-even after {charts.flop_text(0.5 * T / (0.9 * I))} predictions"
    assert labels[(0.0, 10.0)] == "Break-even at once"
    assert "66,667" in spec["description"]


def test_ledger_chart_with_one_pair_has_no_sliders():
    lines, crossings = sn.ledger_grid(T, I)
    one = crossings[(crossings["extra"] == 100) & (crossings["saving"] == 50)]
    keep = lines["extra"].isna() | ((lines["extra"] == 100) & (lines["saving"] == 50))
    spec = charts.ledger_chart(lines[keep], one, title="one pair").to_dict()
    assert not params(spec) and spec["title"] == "one pair"
    with pytest.raises(ValueError, match="crossings is missing columns"):
        charts.ledger_chart(lines, one.drop(columns=["n"]))


def test_dominance_chart_lines_and_even_splits():
    runs = pd.Series({"once a year": 1, "every week": 52})
    per_year = np.logspace(2, 11, 10)
    shares = pd.DataFrame({name: r * T / (r * T + per_year * I) for name, r in runs.items()}, index=per_year)
    spec = charts.dominance_chart(shares, runs * T / I).to_dict()
    assert len(rows_with(spec, "schedule", "share", "predictions")) == 20
    marks = rows_with(spec, "even_split")
    assert [r["predictions"] for r in marks] == pytest.approx([T / I, 52 * T / I])
    assert "1.2 × 10⁵" in spec["description"]
    with pytest.raises(ValueError, match="even_split"):
        charts.dominance_chart(shares, pd.Series({"once a year": 1.0}))


def test_search_scale_chart_bars_on_a_log_axis():
    scale = pd.Series({"our network": T, "AlexNet": 1.5e18, "NASNet search": 1.6e21})
    spec = charts.search_scale_chart(scale).to_dict()
    rows = rows_with(spec, "item", "flop")
    assert [r["item"] for r in rows] == list(scale.index) and rows[2]["label"] == "1.6 × 10²¹ FLOP"
    assert any(d.get("type") == "log" for d in walk(spec))
    with pytest.raises(TypeError, match="Series"):
        charts.search_scale_chart([1e9, 1e10])
    with pytest.raises(ValueError, match="scale"):
        charts.search_scale_chart(pd.Series({"too big": 1e30}))


def test_live_controls_redraw_for_new_values(monkeypatch):
    monkeypatch.setenv(render.TARGET_VARIABLE, "notebook")
    pruning = widgets.pruning_widget().update(sparsity=0.85, fine_tune_epochs=3).to_dict()
    row, _ = sn.pruned_network(0.85, 3)
    assert len(rows_with(pruning, "p85%", "f85%")) == 676 and pruning["title"] == "85% of the weights removed"
    assert [panel["title"] for panel in pruning["hconcat"]] == [
        f"Pruned only: {row.loc[0, 'pruned']:.1%}", f"Pruned, then fine-tuned: {row.loc[0, 'pruned + fine-tuned']:.1%}"]
    ledger = widgets.ledger_widget().update(training_flop=1e21, inference_flop=1e10, retrainings=4).to_dict()
    baseline = rows_with(ledger, "n", "flop")
    assert min(r["flop"] for r in baseline) >= 4e21 and "Trained 4×" in ledger["title"]
