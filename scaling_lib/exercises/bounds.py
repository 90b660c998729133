"""Answer checks for the exercises of *The price of a better model* (``book/bounds.md``)."""
from __future__ import annotations

from .. import bounds
from . import register

register(
    "bounds-compute",
    lambda: bounds.compute_multiplier(20 / 5, overparameterized=True),
    relative_tolerance=0.01,
    hint="the improvement factor k is the old error divided by the new one; an overparameterized model needs k⁴.",
    unit="× compute",
)
register(
    "bounds-samples",
    lambda: (1.0 / 0.01) ** 2,  # n with σ/√n = 0.01 for σ = 1
    relative_tolerance=0.05,
    hint="solve σ/√n = target RMSE for n, with σ = 1.",
    unit="data points",
)
register(
    "bounds-yearly",
    lambda: 2 ** (1 / bounds.EXPONENTS["compute, article (k⁹)"]["gamma"]),
    relative_tolerance=0.005,
    hint="if compute ∝ k^γ, doubling compute buys k = 2^(1/γ).",
    unit="(error ratio per year)",
)
