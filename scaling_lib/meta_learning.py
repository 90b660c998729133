"""The shifted-test-data toy of the chapter *Meta-learning and distribution shift* (``book/meta_learning.md``).

The page draws, fits, shifts and adapts the toy in its own cells; this module repeats that recipe,
with the same draws, for the points behind the static explorer and the live widget. Strengths are in
degrees (rotation), within-class standard deviations (translation towards class 0, noise) and share
points (class_balance: the test share of class 1 falls by the strength).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._checks import check_array, check_bool, check_choice, check_int, check_number, check_seed

__all__ = ["SHIFT_KINDS", "SHIFT_RANGES", "MAX_STRENGTHS", "Toy", "draw_toy", "shift_scene", "real_world_shifts"]

SHIFT_KINDS: tuple[str, ...] = ("rotation", "translation", "class_balance", "noise")
#: The end of each kind's range on the static page (class_balance: the training share of class 1).
SHIFT_RANGES: dict[str, float] = {"rotation": 90.0, "translation": 3.0, "class_balance": 0.7, "noise": 3.0}
#: The largest strength :func:`shift_scene` accepts (class_balance: class 1 gone from the test set).
MAX_STRENGTHS: dict[str, float] = {"rotation": 180.0, "translation": 20.0, "class_balance": 0.7, "noise": 20.0}


@dataclass(frozen=True)
class Toy:
    """The fitted rule "class 1 where x @ weights + offset > 0" and the unshifted test pools."""

    weights: np.ndarray  # (2,)
    offset: float  # includes the log-odds of the training share of class 1
    train_class1_share: float
    pools: np.ndarray  # (2, n_test, 2): test inputs of class 0 and of class 1
    noise_draw: np.ndarray  # (2, n_test, 2): standard normal draws for the noise shift


@functools.lru_cache(maxsize=4)  # the live widget redraws the same toy on every move: its arrays are read-only
def draw_toy(seed: int = 0, *, n_train: int = 2000, n_test: int = 20_000, class_separation: float = 2.5,
             train_class1_share: float = 0.7) -> Toy:
    """Draw the training set, fit the LDA rule and draw the test pools, in the chapter's order.

    ``n_test`` points per class; ``class_separation`` is the distance between the class centres in
    within-class standard deviations. Seeded and deterministic. Chapter: meta-learning.
    """
    rng = np.random.default_rng(check_seed("seed", seed))
    n_train = check_int("n_train", n_train, low=40, high=1_000_000)  # two or more of each class
    n_test = check_int("n_test", n_test, low=10, high=1_000_000)
    separation = check_number("class_separation", class_separation, low=0.0, high=20.0, low_open=True)
    share1 = check_number("train_class1_share", train_class1_share, low=0.5, high=0.95)
    centres = np.array([[-separation / 2, 0.0], [separation / 2, 0.0]])
    n_class1 = round(share1 * n_train)
    labels = np.r_[np.zeros(n_train - n_class1, dtype=int), np.ones(n_class1, dtype=int)]
    inputs = centres[labels] + rng.standard_normal((n_train, 2))
    means = np.array([inputs[labels == 0].mean(axis=0), inputs[labels == 1].mean(axis=0)])
    centred = inputs - means[labels]
    weights = np.linalg.solve(centred.T @ centred / (n_train - 2), means[1] - means[0])
    offset = -0.5 * (means[0] + means[1]) @ weights + np.log(labels.mean() / (1 - labels.mean()))
    pools = centres[:, None, :] + rng.standard_normal((2, n_test, 2))
    noise_draw = rng.standard_normal((2, n_test, 2))
    for array in (weights, pools, noise_draw):
        array.setflags(write=False)
    return Toy(weights, float(offset), float(labels.mean()), pools, noise_draw)


def _shifted(toy: Toy, kind: str, strength: float) -> tuple[np.ndarray, float]:
    """The shifted test pools and the test share of class 1."""
    if kind == "rotation":
        turn = np.deg2rad(strength)
        x, y = toy.pools[..., 0], toy.pools[..., 1]  # turned elementwise: a BLAS call here waits on busy cores
        return np.stack([x * np.cos(turn) - y * np.sin(turn), x * np.sin(turn) + y * np.cos(turn)], axis=-1), toy.train_class1_share
    if kind == "translation":
        return toy.pools - np.array([strength, 0.0]), toy.train_class1_share
    if kind == "noise":
        return toy.pools + strength * toy.noise_draw, toy.train_class1_share
    return toy.pools, toy.train_class1_share - strength


def _em_class_prior(probabilities: np.ndarray, point_weights: np.ndarray, train_share: float, n_iterations: int) -> float:
    """Saerens et al. (2002): the EM estimate of the share of class 1 in a weighted unlabelled set."""
    estimate, weights, complement = train_share, point_weights / point_weights.sum(), 1 - probabilities
    for _ in range(n_iterations):
        up, down = estimate / train_share, (1 - estimate) / (1 - train_share)
        previous, estimate = estimate, float((up * probabilities / (up * probabilities + down * complement) * weights).sum())
        if estimate == previous:  # a fixed point: the remaining steps would not move it
            break
    return estimate


def shift_scene(kind: str, strengths, seed: int = 0, *, points_per_class: int = 40, adapt_prior: bool = False,
                boundary_top: float = 6.0) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(points, boundary)`` of the toy under one kind of shift, per strength. Chapter: meta-learning.

    ``points``: ``2 * points_per_class`` test points (the same at every strength) with ``input_1``, ``input_2`` (SD),
    ``true_class``, ``correct``, ``test_accuracy`` (fraction right on all 40,000 points) and ``assumed_class1_share``
    (by 100 EM steps on the unlabelled test set if ``adapt_prior``). ``boundary``: the line from ``input_2`` = −6 to ``boundary_top``."""
    kind = check_choice("kind", kind, SHIFT_KINDS)
    toy = draw_toy(check_seed("seed", seed))
    strengths = check_array("strengths", strengths, low=0.0, high=MAX_STRENGTHS[kind])
    total = 2 * check_int("points_per_class", points_per_class, low=1, high=1000)
    adapt_prior = check_bool("adapt_prior", adapt_prior)
    limits = np.array([-6.0, check_number("boundary_top", boundary_top, low=-6.0, high=100.0, low_open=True)])
    points, lines = [], []
    for strength in strengths:
        pools, share1 = _shifted(toy, kind, float(strength))
        scores = pools[..., 0] * toy.weights[0] + pools[..., 1] * toy.weights[1] + toy.offset  # log-odds of class 1 under the training share
        assumed = toy.train_class1_share
        if adapt_prior:
            point_weights = np.repeat([1 - share1, share1], pools.shape[1]) / pools.shape[1]
            probabilities = np.clip(1 / (1 + np.exp(-scores.ravel())), 1e-15, 1 - 1e-15)
            assumed = _em_class_prior(probabilities, point_weights, toy.train_class1_share, 100)
        share = min(max(assumed, 1e-300), 1 - 1e-16)  # EM may end at a share of 0 when class 1 vanishes
        offset = toy.offset + np.log(share / (1 - share)) - np.log(toy.train_class1_share / (1 - toy.train_class1_share))
        says_class1 = scores - toy.offset + offset > 0
        accuracy = (1 - share1) * np.mean(~says_class1[0]) + share1 * np.mean(says_class1[1])
        n1 = round(share1 * total)
        inputs = np.concatenate([pools[0, : total - n1], pools[1, :n1]])
        true_class = np.r_[np.zeros(total - n1, dtype=int), np.ones(n1, dtype=int)]
        correct = (inputs @ toy.weights + offset > 0) == (true_class == 1)
        common = {"shift_kind": kind, "shift_strength": float(strength), "test_accuracy": accuracy, "assumed_class1_share": assumed}
        points.append(pd.DataFrame({**common, "input_1": inputs[:, 0], "input_2": inputs[:, 1], "true_class": true_class, "correct": correct}))
        w1, w2 = toy.weights
        lines.append(pd.DataFrame({**common, "input_1": -(offset + w2 * limits) / w1, "input_2": limits}))
    return pd.concat(points, ignore_index=True), pd.concat(lines, ignore_index=True)


def real_world_shifts() -> pd.DataFrame:
    """Measured losses under real distribution shift, one row per shifted test set, with sources.

    ``drop_low``/``drop_high`` bound the reported range in ``drop_unit``: an ``absolute`` loss in percentage
    points, or a ``relative`` one in percent of the original accuracy; ``source_key`` is the BibTeX key.
    Chapter: meta-learning.
    """
    return pd.DataFrame(
        [
            ("ImageNetV2", "ImageNet", 11.0, 14.0, "absolute", "percentage points of top-1 accuracy", "Recht et al.", "recht2019imagenet"),
            ("CIFAR-10.1", "CIFAR-10", 3.0, 15.0, "absolute", "percentage points of accuracy", "Recht et al.", "recht2019imagenet"),
            ("ObjectNet", "ImageNet", 40.0, 45.0, "relative", "percent of the original performance", "Barbu et al.", "barbu2019objectnet"),
        ],
        columns=["test_set", "original_benchmark", "drop_low", "drop_high", "measure", "drop_unit", "authors", "source_key"],
    )
