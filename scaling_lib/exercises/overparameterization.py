"""Answer checks for the exercises of *Overparameterization: why huge models still generalize* (``book/overparameterization.md``)."""
from __future__ import annotations

from ..simulations import overparameterization as op
from . import register


def _peak_features_without_noise() -> float:
    curve = op.double_descent_curve(n_train=40, noise_sd=0.0)
    return float(curve.loc[curve["test_error"].idxmax(), "n_features"])


register(
    "overparam-cost",
    lambda: op.cost_growth(12e6 / op.NOISY_STUDENT_LABELLED_IMAGES, params_scale_with_data=True),
    relative_tolerance=0.01,
    hint="the data grow 12 million ÷ 1.2 million = 10-fold; if the parameters grow with them, compute grows as the square.",
    unit="× compute",
)
register(
    "overparam-peak",
    _peak_features_without_noise,
    relative_tolerance=0.01,
    hint="find the row of double_descent_curve(n_train=40, noise_sd=0.0) with the largest test_error and read its n_features.",
    unit="features",
)
register(
    "overparam-gd",
    lambda: op.gradient_descent_min_norm(init_scale=2.0)[1]["final_distance_nonzero"],
    relative_tolerance=0.01,
    hint="run gradient_descent_min_norm(init_scale=2.0) and read summary['final_distance_nonzero']; gradient descent never changes the part of the start that lies in the null space of X.",
    unit="(relative distance)",
)
