"""Answer checks for *Overparameterization* (``book/overparameterization.md``), each computed another way than
the chapter's cells: lstsq instead of pinv, ridge in its kernel form, the null space of X instead of gradient descent."""
from __future__ import annotations

import numpy as np
import scipy.linalg

from .. import overparameterization as op
from . import register


def _test_errors(n_train: int, noise_sd: float, ridge: float) -> dict[int, float]:
    """Test MSE per model size, averaged over the draws of ``draw_task(n_train, seed=0)``."""
    task = op.draw_task(n_train, seed=0)
    labels, errors = task.f_train + noise_sd * task.unit_noise, {}
    for n_features in op.model_sizes(n_train):
        per_draw = []
        for w, b in zip(task.weights[..., :n_features], task.biases[..., :n_features]):
            a_train, a_test = (np.maximum(0, x @ w + b) / np.sqrt(n_features) for x in (task.x_train, task.x_test))
            if ridge == 0:
                coef = np.linalg.lstsq(a_train, labels, rcond=1e-15)[0]
            else:  # w = A'(AA' + nλI)⁻¹y, the same ridge weights as the normal equations
                coef = a_train.T @ scipy.linalg.solve(a_train @ a_train.T + n_train * ridge * np.eye(n_train), labels, assume_a="pos")
            per_draw.append(np.mean((a_test @ coef - task.f_test) ** 2))
        errors[int(n_features)] = float(np.mean(per_draw)) + noise_sd**2
    return errors


def _distance_from_bigger_start() -> float:
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((20, 100)), rng.standard_normal(20)
    start = 2.0 * rng.standard_normal(100) / np.sqrt(100)
    untouched = scipy.linalg.null_space(x).T @ start  # gradient descent never moves w in these directions
    return float(np.linalg.norm(untouched) / np.linalg.norm(np.linalg.lstsq(x, y, rcond=None)[0]))


_CHECKS = {  # label: (expected value, hint, unit)
    "overparam-cost": (
        lambda: (12e6 / 1.2e6) ** 2,
        "the data grow 12 million ÷ 1.2 million = 10-fold; if the parameters grow with them, compute grows as the square.",
        "× compute",
    ),
    "overparam-peak": (
        lambda: float(max((errors := _test_errors(40, 0.0, 0.0)), key=errors.get)),
        "use the task for 40 points with task.f_train as labels in the loop over model sizes; read off the size with the largest test error.",
        "features",
    ),
    "overparam-ridge": (
        lambda: min(_test_errors(60, 0.2, 0.1).values()),
        "in the loop over model sizes, solve (A'A + nλI) w = A'y with λ = 0.1 instead of using pinv; take the smallest test error.",
        "(squared units of y)",
    ),
    "overparam-gd": (
        _distance_from_bigger_start,
        "gradient descent never changes the part of the start outside the span of the data rows; doubling the start doubles it.",
        "(relative distance)",
    ),
}
for label, (expected, hint, unit) in _CHECKS.items():
    register(label, expected, relative_tolerance=0.01, hint=hint, unit=unit)
