"""Answer checks for *Meta-learning and distribution shift* (``book/meta_learning.md``).

Each check takes the toy's draws from :func:`scaling_lib.meta_learning.draw_toy` and computes the answer
another way than the page: rotation by complex numbers, EM's answer as the maximum-likelihood share (scipy).
"""
import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import expit, logit

from ..meta_learning import draw_toy
from . import register

__all__: list[str] = []  # this module only registers its checks


def _accuracy(scores: np.ndarray, share1: float) -> float:
    """Fraction right when class 1 is called where the (2, n) scores are positive."""
    return (1 - share1) * np.mean(scores[0] <= 0) + share1 * np.mean(scores[1] > 0)


def _rotation_drop(degrees: float) -> float:
    toy = draw_toy()
    turned = (toy.pools[..., 0] + 1j * toy.pools[..., 1]) * np.exp(1j * np.deg2rad(degrees))
    score = lambda z: toy.weights[0] * z.real + toy.weights[1] * z.imag + toy.offset
    return 100 * (_accuracy(score(toy.pools[..., 0] + 1j * toy.pools[..., 1]), 0.7) - _accuracy(score(turned), 0.7))


def _em_gain(strength: float, separation: float = 2.5) -> float:
    """Gain (percentage points) from moving the threshold to the maximum-likelihood share of class 1."""
    toy = draw_toy(class_separation=separation)
    scores, share1 = toy.pools @ toy.weights + toy.offset, 0.7 - strength
    ratio1, ratio0 = expit(scores) / 0.7, expit(-scores) / 0.3  # p(x | class) up to a common factor
    log_likelihood = lambda e: (1 - share1) * np.log(e * ratio1[0] + (1 - e) * ratio0[0]).mean() + share1 * np.log(e * ratio1[1] + (1 - e) * ratio0[1]).mean()
    best = minimize_scalar(lambda e: -log_likelihood(e), bounds=(1e-9, 1 - 1e-9), method="bounded", options={"xatol": 1e-10}).x
    return 100 * (_accuracy(scores + logit(best) - logit(0.7), share1) - _accuracy(scores, share1))


def _em_steps(strength: float, n_iterations: int) -> float:
    """The EM estimate of the share of class 1 after ``n_iterations`` steps, written with odds."""
    toy = draw_toy()
    odds, share1, estimate = np.exp(toy.pools @ toy.weights + toy.offset), 0.7 - strength, 0.7
    for _ in range(n_iterations):
        new_odds = odds * (estimate / (1 - estimate)) / (0.7 / 0.3)
        estimate = (1 - share1) * np.mean(new_odds[0] / (1 + new_odds[0])) + share1 * np.mean(new_odds[1] / (1 + new_odds[1]))
    return estimate


register("meta-rotation", lambda: _rotation_drop(45.0), relative_tolerance=0.02, unit="percentage points",
         hint="rotate with shift('rotation', 45) and give base_accuracy minus the accuracy, times 100.")
register("meta-em-gain", lambda: _em_gain(0.56), relative_tolerance=0.02, unit="percentage points",
         hint="a share falling from 0.70 to 0.14 is adapt('class_balance', 0.56); give adapted minus fixed accuracy, times 100.")
register("meta-em-iterations", lambda: _em_steps(0.56, 3), relative_tolerance=0.01, unit="share of class 1",
         hint="pass n_iterations=3 to adapt('class_balance', 0.56) and give the estimate it returns.")
register("meta-separation", lambda: _em_gain(0.35, separation=1.5), relative_tolerance=0.02, unit="percentage points",
         hint="set separation = 1.5, rerun the cells that draw and fit the toy, then give 100 × (adapted − fixed) from adapt('class_balance', 0.35).")
