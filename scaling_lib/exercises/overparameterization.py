"""Answer checks for *Overparameterization* (``book/overparameterization.md``), each computed another way than
the chapter's cells: lstsq instead of pinv, ridge in its kernel form, the null space of X instead of gradient descent."""
import functools

import numpy as np
import scipy.linalg

from .. import overparameterization as op
from . import register


@functools.cache
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


def _distance_from_start(scale: float = 2.0) -> float:
    """Distance of gradient descent's end point from the minimum-norm fit, from a start ``scale`` times the original."""
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((20, 100)), rng.standard_normal(20)
    start = scale * rng.standard_normal(100) / np.sqrt(100)
    untouched = scipy.linalg.null_space(x).T @ start  # gradient descent never moves w in these directions
    return float(np.linalg.norm(untouched) / np.linalg.norm(np.linalg.lstsq(x, y, rcond=None)[0]))


register("overparam-cost", lambda: (12e6 / 1.2e6) ** 2, relative_tolerance=0.01, unit="× compute",
         hint="the data grow 12 million ÷ 1.2 million = 10-fold; if the parameters grow with them, compute grows as the square.",
         mistakes={"the data's growth alone (a model of fixed size), not parameters × data": 12e6 / 1.2e6,
                   "the new model's parameter count, not the compute factor": 480e6 / 1.2e6 * 12e6})
register("overparam-peak", lambda: float(max((errors := _test_errors(40, 0.0, 0.0)), key=errors.get)), relative_tolerance=0.01,
         hint="use the task for 40 points with task.f_train as labels in the loop over model sizes; read off the size with the largest test error.",
         unit="features", mistakes={"the size with the lowest test error, not the highest": lambda: float(min((e := _test_errors(40, 0.0, 0.0)), key=e.get)),
                                    "the largest test error itself, not the number of features at which it occurs": lambda: max(_test_errors(40, 0.0, 0.0).values())})
register("overparam-ridge", lambda: min(_test_errors(60, 0.2, 0.1).values()), relative_tolerance=0.01, unit="(squared units of y)",
         hint="in the loop over model sizes, solve (A'A + nλI) w = A'y with λ = 0.1 instead of using pinv; take the smallest test error.",
         mistakes={"the penalty λ·I without the factor n (nλ·I is asked)": lambda: min(_test_errors(60, 0.2, 0.1 / 60).values()),
                   "the noise variance σ² left out of the test error": lambda: min(_test_errors(60, 0.2, 0.1).values()) - 0.2**2,
                   "the best error at λ = 10⁻³ (the figure's), not at λ = 10⁻¹": lambda: min(_test_errors(60, 0.2, 1e-3).values())})
register("overparam-gd", _distance_from_start, relative_tolerance=0.01, unit="(relative distance)",
         hint="gradient descent never changes the part of the start outside the span of the data rows; doubling the start doubles it.",
         mistakes={"the original start's distance, not the doubled start's": lambda: _distance_from_start(1.0)})
