"""Answer checks for the exercises of *Flexibility: why deep learning needs so much data* (``book/flexibility.md``).

Each expected value is computed here with numpy from its definition, not by the function the hint names.
"""
import functools

import numpy as np
from scipy import linalg

from .. import flexibility
from .._threads import single_threaded
from . import register


@functools.cache
@single_threaded
def _point(n_candidates: int = 200, penalty: float = 200 * 0.5**2, noise_sd: float = 0.5, n: int = 2_000, sets: int = 20) -> tuple[float, float]:
    """Mean test MSE of the (expert, flexible) ridge fits over ``sets`` drawn training sets of ``n`` patients (expert: 9 of the 10 true)."""
    rng = np.random.default_rng(12345)
    beta = np.where(np.arange(n_candidates) < 10, np.sqrt(1 / 10), 0.0)
    errors = []
    for _ in range(sets):
        X = rng.standard_normal((n, n_candidates))
        y = X @ beta + noise_sd * rng.standard_normal(n)
        fits = [(X[:, :9], 9 * (noise_sd**2 + 0.1) / 0.9), (X, penalty)]
        coefs = [linalg.solve(x.T @ x + p * np.eye(x.shape[1]), x.T @ y, assume_a="pos") for x, p in fits]  # Cholesky
        errors.append([noise_sd**2 + np.sum((np.pad(c, (0, n_candidates - c.size)) - beta) ** 2) for c in coefs])
    return tuple(np.mean(errors, axis=0))


@functools.cache
def _crossover(after: int = 1) -> float:
    """Crossover size of the curves for 200 candidates: the size ``after`` the last at which the flexible model is behind."""
    curves = flexibility.learning_curves(pool_sizes=200, missed_counts=1, noise_levels=0.5, seed=0)
    sizes = np.sort(curves["n_train"].unique())
    expert, flexible = (curves[curves["model"] == m].sort_values("n_train")["test_error"].to_numpy() for m in ("expert", "flexible"))
    return float(sizes[np.flatnonzero(flexible >= expert)[-1] + after])


register("flexibility-floor", lambda: 0.5**2 + 1.0 * 2 / 10, relative_tolerance=0.01, unit="(test error, mean squared)",  # noise variance + missed share
         hint="with unlimited data the expert's error is the noise variance plus the share of the signal carried by the variables it missed.",
         mistakes={"the noise's standard deviation (0.5) added instead of its variance σ²": 0.5 + 1.0 * 2 / 10,
                   "one missed variable, as on the page, instead of two": 0.5**2 + 1.0 * 1 / 10,
                   "the missed variables' signal left out (that is the flexible model's floor)": 0.5**2})
register("flexibility-point", lambda: _point()[1], relative_tolerance=0.02, unit="(test error, mean squared)",
         hint="use a beta of length 200, the flexible penalty 200 × 0.5², n = 2,000, and average the flexible model's test error over 20 training sets.",
         mistakes={"the expert model's average, not the flexible model's": lambda: _point()[0],
                   "the page's pool of 100 candidates (and its penalty) kept, not 200": lambda: _point(100, 100 * 0.5**2)[1]})
register("flexibility-compute", lambda: _crossover() * 200, relative_tolerance=0.01, unit="(examples × parameters)",
         hint="the crossover is the size after the last one at which the flexible model is behind; its compute is that size × 200 parameters.",
         mistakes={"the crossover size n alone, not the compute (data × parameters)": _crossover,
                   "the crossover size × 100, the page's pool, not × the 200 parameters": lambda: _crossover() * 100,
                   "the last size at which the flexible model is still behind, not the first at which it is ahead": lambda: _crossover(after=0) * 200})
