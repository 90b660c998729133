"""Every number the meta-learning chapter glues into its prose, against an independent computation.

The page draws the toy, fits it, shifts it and runs EM in its own cells. Here the same draws come from
``scaling_lib.meta_learning.draw_toy`` (a second implementation of the page's recipe), and every number is
recomputed another way: rotation with complex numbers, EM's answer as the maximum-likelihood share
(scipy), and, with a looser tolerance for sampling error, accuracies from the normal distribution.
"""
from __future__ import annotations

import numpy as np
import pytest
from scipy.optimize import minimize_scalar
from scipy.stats import norm

from scaling_lib.meta_learning import draw_toy
from tests.conftest import executed_chapter, glued_number

CHAPTER = "book/meta_learning"
SHARE = 0.7
ROUNDING = {1: 0.05, 0: 0.5, 2: 0.005, 3: 0.0005}  # half a unit of the last printed digit


def page(name: str) -> float:
    return glued_number(CHAPTER, name)


def close(name: str, value: float, decimals: int) -> None:
    assert page(name) == pytest.approx(value, abs=ROUNDING[decimals] + 1e-9), name


@pytest.fixture(scope="module")
def toy():
    return draw_toy()


def complex_pools(toy) -> np.ndarray:
    return toy.pools[..., 0] + 1j * toy.pools[..., 1]


def accuracy(toy, points: np.ndarray, share1: float, threshold_shift: float = 0.0) -> float:
    """Fraction right, with points as complex numbers x + iy, shape (2, n)."""
    score = toy.weights[0] * points.real + toy.weights[1] * points.imag + toy.offset + threshold_shift
    return (1 - share1) * np.mean(score[0] <= 0) + share1 * np.mean(score[1] > 0)


def normal_accuracy(toy, centres: np.ndarray, spread: float, share1: float) -> float:
    """The same accuracy for Gaussian clouds with these centres and standard deviation, from the normal distribution."""
    margin = (centres @ toy.weights + toy.offset) / (spread * np.linalg.norm(toy.weights))
    return (1 - share1) * norm.cdf(-margin[0]) + share1 * norm.cdf(margin[1])


def em_share(toy, points: np.ndarray, share1: float) -> float:
    """The share of class 1 that maximizes the likelihood of the unlabelled test set (EM's fixed point)."""
    probability = 1 / (1 + np.exp(-(toy.weights[0] * points.real + toy.weights[1] * points.imag + toy.offset)))
    ratio1, ratio0 = probability / SHARE, (1 - probability) / (1 - SHARE)
    likelihood = lambda e: (1 - share1) * np.log(e * ratio1[0] + (1 - e) * ratio0[0]).mean() + share1 * np.log(e * ratio1[1] + (1 - e) * ratio0[1]).mean()
    return minimize_scalar(lambda e: -likelihood(e), bounds=(1e-12, 1 - 1e-12), method="bounded", options={"xatol": 1e-12}).x


def adapted_accuracy(toy, points: np.ndarray, share1: float) -> tuple[float, float, float]:
    share = em_share(toy, points, share1)
    shift = np.log(share / (1 - share)) - np.log(SHARE / (1 - SHARE))
    return share, accuracy(toy, points, share1), accuracy(toy, points, share1, shift)


def test_sizes_and_unshifted_accuracy(toy):
    assert (page("n_train"), page("n_test")) == (2000, toy.pools.shape[1])
    base = accuracy(toy, complex_pools(toy), SHARE)
    close("base_accuracy", 100 * base, 1)
    close("base_accuracy_rounded", 100 * base, 0)
    centres = np.array([[-1.25, 0.0], [1.25, 0.0]])
    assert page("base_accuracy") == pytest.approx(100 * normal_accuracy(toy, centres, 1.0, SHARE), abs=1.0)
    per_class = [accuracy(toy, complex_pools(toy), 0.0), accuracy(toy, complex_pools(toy), 1.0)]
    standard_error = np.sqrt(0.3**2 * per_class[0] * (1 - per_class[0]) / 20_000 + 0.7**2 * per_class[1] * (1 - per_class[1]) / 20_000)
    close("base_se", 100 * standard_error, 2)
    close("base_low", 100 * (base - norm.ppf(0.975) * standard_error), 1)
    close("base_high", 100 * (base + norm.ppf(0.975) * standard_error), 1)


def test_ends_of_the_four_shifts(toy):
    points = complex_pools(toy)
    base = accuracy(toy, points, SHARE)
    rotated = accuracy(toy, points * np.exp(1j * np.pi / 2), SHARE)
    close("end_rotation", 100 * rotated, 1)
    close("rotation_end_fixed", 100 * rotated, 1)
    close("rot90_accuracy", 100 * rotated, 0)
    close("rot90_points", 100 * (base - rotated), 1)
    close("rot90_relative", 100 * (base - rotated) / base, 0)
    close("end_translation", 100 * accuracy(toy, points - 3.0, SHARE), 1)
    close("end_noise", 100 * accuracy(toy, points + 3.0 * (toy.noise_draw[..., 0] + 1j * toy.noise_draw[..., 1]), SHARE), 1)
    close("end_balance", 100 * accuracy(toy, points, 0.0), 1)
    close("balance_end_fixed", 100 * accuracy(toy, points, 0.0), 1)
    close("rot180", 100 * accuracy(toy, -points, SHARE), 1)
    close("rot45_accuracy", 100 * accuracy(toy, points * np.exp(1j * np.pi / 4), SHARE), 0)
    # the same ends from the normal distribution (sampling error of the 40,000 test points: about 0.3 points)
    centres = np.array([[-1.25, 0.0], [1.25, 0.0]])
    assert page("end_rotation") == pytest.approx(100 * normal_accuracy(toy, centres[:, ::-1], 1.0, SHARE), abs=1.2)
    assert page("end_translation") == pytest.approx(100 * normal_accuracy(toy, centres - [3.0, 0.0], 1.0, SHARE), abs=1.2)
    assert page("end_noise") == pytest.approx(100 * normal_accuracy(toy, centres, np.sqrt(10.0), SHARE), abs=1.2)


def test_em_repairs(toy):
    points = complex_pools(toy)
    close("em_unshifted", em_share(toy, points, SHARE), 3)
    share, fixed, adapted = adapted_accuracy(toy, points, SHARE - 0.35)
    close("half_estimate", share, 3)
    close("half_fixed", 100 * fixed, 1)
    close("half_adapted", 100 * adapted, 1)
    close("balance_end_adapted", 100 * adapted_accuracy(toy, points, 0.0)[2], 1)
    close("rotation_end_adapted", 100 * adapted_accuracy(toy, points * 1j, SHARE)[2], 1)
    share, fixed, adapted = adapted_accuracy(toy, points - 1.5, SHARE)
    assert page("translation_mid_strength") == 1.5
    close("translation_mid_estimate", share, 2)
    close("translation_mid_fixed", 100 * fixed, 1)
    close("translation_mid_adapted", 100 * adapted, 1)


def test_exercise_numbers(toy):
    points = complex_pools(toy)
    share, fixed, adapted = adapted_accuracy(toy, points, SHARE - 0.56)
    close("em056_gain", 100 * (adapted - fixed), 0)
    close("em056_estimate", share, 2)
    probability = 1 / (1 + np.exp(-(toy.weights[0] * points.real + toy.weights[1] * points.imag + toy.offset)))
    close("em056_one_step", 0.86 * probability[0].mean() + 0.14 * probability[1].mean(), 2)  # one EM step: the average
    for name, separation, decimals in (("gain_sep15", 1.5, 0), ("gain_sep25", 2.5, 0), ("gain_sep4", 4.0, 1)):
        other = draw_toy(class_separation=separation)
        _, fixed, adapted = adapted_accuracy(other, complex_pools(other), SHARE - 0.35)
        close(name, 100 * (adapted - fixed), decimals)


def test_every_answer_check_on_the_page_says_right():
    verdicts = [
        output["data"]["text/plain"]
        for cell in executed_chapter(CHAPTER).cells if cell.cell_type == "code" and "check(" in cell.source
        for output in cell.get("outputs", []) if "data" in output and "dr-check" in output["data"].get("text/html", "")
    ]
    assert len(verdicts) == 4 and all(text.startswith("Right") for text in verdicts), verdicts
