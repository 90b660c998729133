"""Answer checks for the exercises of *The price of a better model* (``book/bounds.md``).

Each expected value is computed here from its definition with numpy, not by the chapter's code.
"""
from __future__ import annotations

import numpy as np

from . import register


register(
    "bounds-compute",
    lambda: (0.20 / 0.05) ** 4,  # k = 4; data k², parameters ∝ data, compute (k²)²
    relative_tolerance=0.01,
    hint="the improvement factor k is the old error divided by the new one; an overparameterized model needs k⁴.",
    unit="× compute",
)
register(
    "bounds-samples",
    lambda: float(np.log10(3.0)),  # tripling σ triples every RMSE: log10 RMSE moves up by log10 3
    relative_tolerance=0.01,
    hint="subtract the σ = 1 fit's intercept from the σ = 3 fit's; with the same seed every error is three times as large.",
    unit="(shift in log10 RMSE)",
)
register(
    "bounds-median",
    lambda: np.pi / 2,  # large-n variance of the median of normal data is (π/2)·σ²/n, the mean's σ²/n
    relative_tolerance=0.1,
    hint="square the ratio of the median's RMSE to the mean's at each n ≥ 64, then average those squares.",
    unit="× data",
)
register(
    "bounds-yearly",
    lambda: 2.0 ** (1.0 / 9.0),
    relative_tolerance=0.005,
    hint="if compute ∝ k^γ, doubling compute buys k = 2^(1/γ).",
    unit="(error ratio per year)",
)
