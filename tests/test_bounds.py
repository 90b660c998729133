"""scaling_lib.bounds: the exponent table and the grid of multipliers k^γ behind the calculator."""
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from scaling_lib import bounds, vocabulary


def test_exponent_table_has_theory_and_the_published_values():
    table = bounds.exponent_table().set_index("exponent")
    assert list(table.columns) == ["gamma", "source"]
    assert table.loc["data, error as RMSE (k²)", "gamma"] == 2.0
    assert table.loc["data, error as MSE (k)", "gamma"] == 1.0
    assert table.loc["compute, overparameterized (k⁴)", "gamma"] == 4.0
    assert table.loc["compute, article (k⁹)", "gamma"] == 9.0
    # v1's exponent is implied by 10^14 -> 10^19 Gflop for 11.5% -> 5% top-1 error.
    assert math.isclose(table.loc["compute, paper v1 (k^13.8)", "gamma"], 5 / math.log10(11.5 / 5), rel_tol=1e-9)
    v2 = next(g for g in vocabulary.PUBLISHED_GAMMAS if g.version == "v2" and g.measure == "hardware burden")
    assert table.loc["compute, paper v2 (k^10.8)", "gamma"] == v2.gamma
    assert "SECONDARY" in table.loc["compute, paper v2 (k^10.8)", "source"]
    assert "recalled" in table.loc["compute, paper v1 (k^13.8)", "source"]
    published = table["gamma"].iloc[4:]
    assert published.is_monotonic_increasing


def test_multiplier_grid_values():
    grid = bounds.multiplier_grid([1.0, 2.0, 10.0])
    assert list(grid.columns) == ["k", "exponent", "gamma", "multiplier", "label"]
    assert len(grid) == 3 * len(bounds.exponent_table())
    at_two = grid[grid["k"] == 2.0].set_index("exponent")
    assert at_two.loc["compute, overparameterized (k⁴)", "multiplier"] == 16
    assert at_two.loc["compute, article (k⁹)", "multiplier"] == 512
    assert at_two.loc["compute, article (k⁹)", "label"] == "×512"
    at_ten = grid[grid["k"] == 10.0].set_index("exponent")
    assert at_ten.loc["compute, overparameterized (k⁴)", "label"] == "×10,000"
    assert at_ten.loc["compute, article (k⁹)", "label"] == "×1e+09"
    assert (grid[grid["k"] == 1.0]["multiplier"] == 1.0).all()


@settings(max_examples=60, deadline=None)
@given(st.floats(1.0, 1e3), st.floats(1.0, 1e3))
def test_multipliers_compose_and_grow(k1, k2):
    # Two successive improvements cost the product of their multipliers, and a larger k costs more.
    exponents = pd.DataFrame({"exponent": ["a", "b"], "gamma": [4.0, 9.0]})
    grid = bounds.multiplier_grid([k1, k2, k1 * k2], exponents)
    m = grid["multiplier"].to_numpy().reshape(3, 2)  # rows k1, k2, k1·k2; columns a, b
    np.testing.assert_allclose(m[2], m[0] * m[1], rtol=1e-9)
    assert np.all(m[0] <= m[1]) if k1 <= k2 else np.all(m[1] <= m[0])


def test_the_default_grid_is_the_calculator_slider():
    assert bounds.K_GRID[0] == 1.0 and bounds.K_GRID[-1] == 20.0
    np.testing.assert_allclose(np.diff(bounds.K_GRID), 0.5)


@pytest.mark.parametrize("bad", [[0.5, 2.0], [], [math.nan], [2.0e7], "2"])
def test_bad_k_values(bad):
    with pytest.raises((ValueError, TypeError), match="k_values"):
        bounds.multiplier_grid(bad)


def test_bad_exponents():
    with pytest.raises(ValueError, match="exponents"):
        bounds.multiplier_grid([2.0], pd.DataFrame({"exponent": ["a"]}))
    with pytest.raises(ValueError, match="gamma"):
        bounds.multiplier_grid([2.0], pd.DataFrame({"exponent": ["a"], "gamma": [-1.0]}))
    with pytest.raises(ValueError, match="gamma"):
        bounds.multiplier_grid([2.0], pd.DataFrame({"exponent": ["a"], "gamma": [math.nan]}))
    with pytest.raises(TypeError, match="exponents"):
        bounds.multiplier_grid([2.0], {"exponent": "a", "gamma": 2.0})
