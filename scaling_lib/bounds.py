"""The exponents behind the calculator of *The price of a better model* (``book/bounds.md``).

The chapter derives k² data and k⁴ compute in its own cells (a Monte Carlo of 1/√n and
its fitted slope). This module lists every exponent γ in "resource ∝ k^γ" that the
chapter compares, theory beside the published values of :mod:`scaling_lib.vocabulary`,
and tabulates k^γ over a grid of improvement factors k for the calculator's slider.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._checks import check_array, check_frame
from .vocabulary import PUBLISHED_GAMMAS

__all__ = ["K_GRID", "exponent_table", "multiplier_grid"]

#: Improvement factors k (old error ÷ new error) the static calculator steps through: 1 to 20 by 0.5.
K_GRID = np.arange(1.0, 20.0 + 0.25, 0.5)

_THEORY = (
    ("data, error as RMSE (k²)", 2.0, "theory: RMSE ∝ 1/√n, so n ∝ k²"),
    ("data, error as MSE (k)", 1.0, "theory: MSE ∝ 1/n, so n ∝ k"),
    ("compute, fixed-size model (k²)", 2.0, "theory: parameters fixed, compute ∝ n ∝ k²"),
    ("compute, overparameterized (k⁴)", 4.0, "theory: parameters ∝ n, compute ∝ n² ∝ k⁴"),
)
_PUBLISHED = {"article": "compute, article (k⁹)", "v2": "compute, paper v2 (k^10.8)", "v1": "compute, paper v1 (k^13.8)"}


def exponent_table() -> pd.DataFrame:
    """Every exponent γ the chapter compares: columns ``exponent`` (label), ``gamma``, ``source``.

    Four theory rows (k is an RMSE ratio unless the label says MSE) and the article's 9,
    paper v2's 10.8 (hardware burden) and v1's implied 13.8, with their provenance from
    :data:`scaling_lib.vocabulary.PUBLISHED_GAMMAS`. Chapter: *The price of a better model*.
    """
    published = [
        (_PUBLISHED[g.version], g.gamma, f"{g.source}; {g.status}")
        for g in PUBLISHED_GAMMAS
        if g.version in _PUBLISHED and g.measure in ("hardware burden", "(not stated)")
    ]
    published.sort(key=lambda row: row[1])
    return pd.DataFrame([*_THEORY, *published], columns=["exponent", "gamma", "source"])


def multiplier_grid(k_values: np.ndarray | list[float] = K_GRID, exponents: pd.DataFrame | None = None) -> pd.DataFrame:
    """Long table of the multiplier k^γ (dimensionless) for every k in ``k_values`` and every exponent.

    ``k_values`` in [1, 1e6]; ``exponents`` has columns ``exponent`` and ``gamma`` (default
    :func:`exponent_table`). Columns: ``k``, ``exponent``, ``gamma``, ``multiplier``, ``label``
    (×4, ×1,800, ×1.2e+09). Chapter: *The price of a better model*.
    """
    k = check_array("k_values", k_values, low=1.0, high=1e6)
    exponents = exponent_table() if exponents is None else check_frame("exponents", exponents, ("exponent", "gamma"))
    gammas = check_array("exponents['gamma']", exponents["gamma"], low=0.0, high=50.0, low_open=True)
    table = pd.DataFrame(
        {
            "k": np.repeat(k, gammas.size),
            "exponent": np.tile(exponents["exponent"].astype(str).to_numpy(), k.size),
            "gamma": np.tile(gammas, k.size),
        }
    )
    table["multiplier"] = table["k"] ** table["gamma"]
    table["label"] = [f"×{m:,.0f}" if m < 1e6 else f"×{m:.2g}" for m in table["multiplier"]]
    return table
