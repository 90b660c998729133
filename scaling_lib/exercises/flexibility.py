"""Answer checks for the exercises of *Flexibility: why deep learning needs so much data* (``book/flexibility.md``).

Each expected value is computed here with numpy from its definition, not by the function the hint names.
"""
from __future__ import annotations

import numpy as np
from scipy import linalg

from .. import flexibility
from .._threads import single_threaded
from . import register


@single_threaded
def _flexible_point(n_candidates: int = 200, n_true: int = 10, noise_sd: float = 0.5, n: int = 2_000, sets: int = 20) -> float:
    """Mean test MSE of the flexible ridge fit (penalty p·σ²) over ``sets`` directly drawn training sets of ``n`` patients."""
    rng = np.random.default_rng(12345)
    beta = np.where(np.arange(n_candidates) < n_true, np.sqrt(1 / n_true), 0.0)
    errors = []
    for _ in range(sets):
        X = rng.standard_normal((n, n_candidates))
        y = X @ beta + noise_sd * rng.standard_normal(n)
        coef = linalg.solve(X.T @ X + n_candidates * noise_sd**2 * np.eye(n_candidates), X.T @ y, assume_a="pos")  # Cholesky
        errors.append(noise_sd**2 + np.sum((coef - beta) ** 2))
    return float(np.mean(errors))


def _crossover_compute() -> float:
    """Flexible compute (examples × 200) at the crossover of the simulated curves: 200 candidates, 1 of 10 missed, noise 0.5."""
    curves = flexibility.learning_curves(pool_sizes=200, missed_counts=1, noise_levels=0.5, seed=0)
    sizes = np.sort(curves["n_train"].unique())
    expert, flexible = (curves[curves["model"] == m].sort_values("n_train")["test_error"].to_numpy() for m in ("expert", "flexible"))
    behind = np.flatnonzero(flexible >= expert)
    return float(sizes[behind[-1] + 1] * 200)


register(
    "flexibility-floor",
    lambda: 0.5**2 + 1.0 * 2 / 10,  # noise variance + the missed share of a unit signal
    relative_tolerance=0.01,
    hint="with unlimited data the expert's error is the noise variance plus the share of the signal carried by the variables it missed.",
    unit="(test error, mean squared)",
)
register(
    "flexibility-point",
    _flexible_point,
    relative_tolerance=0.02,
    hint="use a beta of length 200, the flexible penalty 200 × 0.5², n = 2,000, and average the flexible model's test error over 20 training sets.",
    unit="(test error, mean squared)",
)
register(
    "flexibility-compute",
    _crossover_compute,
    relative_tolerance=0.01,
    hint="the crossover is the size after the last one at which the flexible model is behind; its compute is that size × 200 parameters.",
    unit="(examples × parameters)",
)
