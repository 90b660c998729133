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


def _rotated_accuracy(degrees: float) -> float:
    """Accuracy (%) on the test pools rotated by ``degrees``."""
    toy = draw_toy()
    turned = (toy.pools[..., 0] + 1j * toy.pools[..., 1]) * np.exp(1j * np.deg2rad(degrees))
    return 100 * _accuracy(toy.weights[0] * turned.real + toy.weights[1] * turned.imag + toy.offset, 0.7)


def _em_gain(strength: float, separation: float = 2.5, fixed: bool = True) -> float:
    """Gain (percentage points) from moving the threshold to the maximum-likelihood share of class 1 (or the accuracy after it)."""
    toy = draw_toy(class_separation=separation)
    scores, share1 = toy.pools @ toy.weights + toy.offset, 0.7 - strength
    ratio1, ratio0 = expit(scores) / 0.7, expit(-scores) / 0.3  # p(x | class) up to a common factor
    log_likelihood = lambda e: (1 - share1) * np.log(e * ratio1[0] + (1 - e) * ratio0[0]).mean() + share1 * np.log(e * ratio1[1] + (1 - e) * ratio0[1]).mean()
    best = minimize_scalar(lambda e: -log_likelihood(e), bounds=(1e-9, 1 - 1e-9), method="bounded", options={"xatol": 1e-10}).x
    return 100 * (_accuracy(scores + logit(best) - logit(0.7), share1) - fixed * _accuracy(scores, share1))


def _em_steps(strength: float, n_iterations: int) -> float:
    """The EM estimate of the share of class 1 after ``n_iterations`` steps, written with odds."""
    toy = draw_toy()
    odds, share1, estimate = np.exp(toy.pools @ toy.weights + toy.offset), 0.7 - strength, 0.7
    for _ in range(n_iterations):
        new_odds = odds * (estimate / (1 - estimate)) / (0.7 / 0.3)
        estimate = (1 - share1) * np.mean(new_odds[0] / (1 + new_odds[0])) + share1 * np.mean(new_odds[1] / (1 + new_odds[1]))
    return estimate


register("meta-rotation", lambda: _rotated_accuracy(0.0) - _rotated_accuracy(45.0), relative_tolerance=0.02, unit="percentage points",
         hint="rotate with shift('rotation', 45) and give base_accuracy minus the accuracy, times 100.",
         mistakes={"the accuracy after the rotation, not the loss": lambda: _rotated_accuracy(45.0),
                   "the loss per degree, not the loss at 45 degrees": lambda: (_rotated_accuracy(0.0) - _rotated_accuracy(45.0)) / 45})
register("meta-em-gain", lambda: _em_gain(0.56), relative_tolerance=0.02, unit="percentage points",
         hint="a share falling from 0.70 to 0.14 is adapt('class_balance', 0.56); give adapted minus fixed accuracy, times 100.",
         mistakes={"the new share 0.14 passed as the strength, not the fall 0.70 − 0.14 = 0.56": lambda: _em_gain(0.14),
                   "the adapted accuracy itself, not its gain over the fixed rule": lambda: _em_gain(0.56, fixed=False)})
register("meta-em-iterations", lambda: _em_steps(0.56, 3), relative_tolerance=0.01, unit="share of class 1",
         hint="pass n_iterations=3 to adapt('class_balance', 0.56) and give the estimate it returns.",
         mistakes={"the settled estimate (10 iterations), not the one after 3": lambda: _em_steps(0.56, 10),
                   "the true share 0.70 − 0.56, not EM's estimate of it": 0.7 - 0.56})
register("meta-separation", lambda: _em_gain(0.35, separation=1.5), relative_tolerance=0.02, unit="percentage points",
         hint="set separation = 1.5, rerun the cells that draw and fit the toy, then give 100 × (adapted − fixed) from adapt('class_balance', 0.35).",
         mistakes={"the default separation 2.5 (the toy was not redrawn and refitted at 1.5)": lambda: _em_gain(0.35),
                   "the strength 0.56 of the earlier exercise, not 0.35": lambda: _em_gain(0.56, separation=1.5)})
