"""Looking inside the distribution-shift toy, and one cheap way to adapt to a shift.

The toy is the one of :mod:`scaling_lib.simulations.shift` (two Gaussian classes, a linear
discriminant fitted with a 70/30 training prior, four kinds of shift). This module draws the
*same* training set, classifier and test pools as :func:`~scaling_lib.simulations.shift.shift_accuracy_curve`
(same seed, same order of random draws), and adds:

* :func:`shift_test_sample`: a small sample of the shifted test points with their true and
  predicted classes, for a scatter plot;
* :func:`decision_boundary`: the fitted rule's boundary line (optionally with the prior changed);
* :func:`em_class_prior`: the expectation-maximization (EM) procedure of Saerens, Latinne and
  Decaestecker (2002, ``saerens2002adjusting``) that re-estimates the class shares of an
  unlabelled test set from a classifier's outputs;
* :func:`prior_adaptation_curve` and :func:`prior_adaptation_grid`: test accuracy of the fixed
  rule and of the rule whose prior was re-estimated by EM on the unlabelled shifted test set.

The adaptation uses no test labels. It can only move the rule's threshold, not turn it, so it
repairs a pure change of class shares (``class_balance``) but not a rotation of the inputs.
Every function is seeded through ``seed`` and deterministic. Chapter: meta-learning and
distribution shift.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from .._threads import single_threaded
import pandas as pd

from scaling_lib._checks import check_array, check_int, check_number, check_seed
from scaling_lib.simulations.shift import (
    SHIFT_KINDS,
    SHIFT_UNITS,
    _check_kind,
    _check_kinds,
    _check_strengths,
    _check_toy_arguments,
    _shifted,
    _toy,
    default_shift_strengths,
)

__all__ = [
    "shift_test_sample",
    "decision_boundary",
    "em_class_prior",
    "prior_adaptation_curve",
    "prior_adaptation_grid",
]

#: Smallest and largest class share the adapted rule may assume (keeps the log-odds finite).
_SHARE_FLOOR = 1e-9


def _logit(share: float) -> float:
    share = min(max(share, _SHARE_FLOOR), 1.0 - _SHARE_FLOOR)
    return float(np.log(share / (1.0 - share)))


# ----------------------------------------------------------------------------- the scatter


@single_threaded
def shift_test_sample(
    kind: str,
    shift_strengths: Any,
    seed: int = 0,
    *,
    points_per_class: int = 40,
    assumed_class1_share: float | None = None,
    n_train: int = 2000,
    n_test: int = 20_000,
    class_separation: float = 2.5,
    train_class1_share: float = 0.7,
) -> pd.DataFrame:
    """A small sample of the shifted test points, with true and predicted classes, for a scatter.

    Uses the classifier and test pools of
    :func:`scaling_lib.simulations.shift.shift_accuracy_curve` with the same arguments, so the
    points shown are a subset of the points it scores. Each strength shows ``2 *
    points_per_class`` points split between the classes by the test shares (the training shares,
    70/30 by default, except under ``class_balance``), taken from the start of each class's pool,
    so the same points move as the strength grows. With ``assumed_class1_share`` in (0, 1) the
    predictions are those of the rule with its prior swapped for that share (as in
    :func:`decision_boundary`); by default, the fitted rule's.

    Returns one row per point and strength: ``shift_kind``, ``shift_strength``, ``shift_unit``,
    ``point`` (index within the strength), ``input_1``, ``input_2`` (coordinates in within-class
    standard deviations), ``true_class`` and ``predicted_class`` (0 or 1) and ``correct`` (bool).
    Chapter: meta-learning and distribution shift.
    """
    kind = _check_kind(kind)
    seed, n_train, n_test, class_separation, train_class1_share = _check_toy_arguments(
        seed, n_train, n_test, class_separation, train_class1_share
    )
    points_per_class = check_int("points_per_class", points_per_class, low=1, high=10_000)
    if 2 * points_per_class > n_test:
        raise ValueError(f"points_per_class must be at most n_test / 2 = {n_test // 2}; got {points_per_class}")
    strengths = _check_strengths(shift_strengths, kind, train_class1_share)
    toy = _toy(seed, n_train, n_test, class_separation, train_class1_share)
    offset = toy.offset
    if assumed_class1_share is not None:
        share = check_number("assumed_class1_share", assumed_class1_share, low=0.0, high=1.0, low_open=True, high_open=True)
        offset = offset + _logit(share) - _logit(toy.fitted_class1_share)
    total = 2 * points_per_class
    frames = []
    for strength in strengths:
        pools, share1 = _shifted(toy, kind, float(strength))
        n_class1 = int(round(share1 * total))
        inputs = np.concatenate([pools[0, : total - n_class1], pools[1, :n_class1]])
        true_class = np.r_[np.zeros(total - n_class1, dtype=int), np.ones(n_class1, dtype=int)]
        predicted = (inputs @ toy.weights + offset > 0.0).astype(int)
        frames.append(
            pd.DataFrame(
                {
                    "shift_kind": kind,
                    "shift_strength": float(strength),
                    "shift_unit": SHIFT_UNITS[kind],
                    "point": np.arange(total),
                    "input_1": inputs[:, 0],
                    "input_2": inputs[:, 1],
                    "true_class": true_class,
                    "predicted_class": predicted,
                    "correct": predicted == true_class,
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def decision_boundary(
    seed: int = 0,
    *,
    input_2_limits: tuple[float, float] = (-4.0, 4.0),
    assumed_class1_share: float | None = None,
    n_train: int = 2000,
    class_separation: float = 2.5,
    train_class1_share: float = 0.7,
) -> pd.DataFrame:
    """The two end points of the fitted rule's decision boundary, for drawing it as a line.

    The rule is the linear discriminant of :func:`scaling_lib.simulations.shift.shift_accuracy_curve`
    (same ``seed``, ``n_train``, ``class_separation``, ``train_class1_share``): class 1 where
    ``w1 * input_1 + w2 * input_2 + c > 0``. The boundary is solved for ``input_1`` at the two
    values of ``input_2`` in ``input_2_limits`` (within-class standard deviations). With
    ``assumed_class1_share`` in (0, 1) the rule's prior is swapped for that share (the offset moves
    by the change in log-odds), which is what :func:`em_class_prior`'s adaptation does.

    Returns two rows with columns ``input_1``, ``input_2`` and ``assumed_class1_share``.
    Chapter: meta-learning and distribution shift.
    """
    seed, n_train, _, class_separation, train_class1_share = _check_toy_arguments(
        seed, n_train, 10, class_separation, train_class1_share
    )
    if not isinstance(input_2_limits, (tuple, list, np.ndarray)):
        raise TypeError(f"input_2_limits must be a pair of numbers, got {type(input_2_limits).__name__}")
    limits = check_array("input_2_limits", input_2_limits, min_length=2, low=-1e6, high=1e6)
    if limits.size != 2 or not limits[0] < limits[1]:
        raise ValueError(f"input_2_limits must be two increasing numbers (low, high); got {list(limits)}")
    toy = _toy(seed, n_train, 10, class_separation, train_class1_share)
    offset = toy.offset
    if assumed_class1_share is None:
        share = toy.fitted_class1_share
    else:
        share = check_number("assumed_class1_share", assumed_class1_share, low=0.0, high=1.0, low_open=True, high_open=True)
        offset = offset + _logit(share) - _logit(toy.fitted_class1_share)
    w1, w2 = toy.weights
    return pd.DataFrame({"input_1": -(offset + w2 * limits) / w1, "input_2": limits, "assumed_class1_share": share})


# ----------------------------------------------------------------------------- EM prior correction


def em_class_prior(
    class1_probabilities: Any,
    train_class1_share: float,
    sample_weights: Any = None,
    *,
    max_iterations: int = 500,
    tolerance: float = 1e-7,
) -> float:
    """Re-estimate the share of class 1 in an unlabelled data set by EM (Saerens et al. 2002).

    ``class1_probabilities`` are a classifier's probabilities of class 1 for each unlabelled
    example (each in [0, 1]), computed under the class share ``train_class1_share`` (in (0, 1))
    the classifier was trained with. Starting from that share, each iteration re-weights every
    probability for the current estimate π' (Bayes' rule: multiply class 1's odds by
    (π'/(1-π')) / (π/(1-π))) and sets π' to the (weighted) mean of the re-weighted
    probabilities, until π' moves by less than ``tolerance`` or after ``max_iterations``.
    ``sample_weights`` (non-negative, positive sum, one per example) let a weighted pool stand
    for a mixture. The fixed point maximizes the likelihood of the unlabelled data over the class
    share, if the classifier's probabilities are right for the training share. Returns π' (a
    share in [0, 1]). Source: Saerens, Latinne and Decaestecker, Neural Computation 14(1), 2002
    (``saerens2002adjusting``). Chapter: meta-learning and distribution shift.
    """
    probabilities = check_array("class1_probabilities", class1_probabilities, low=0.0, high=1.0)
    prior = check_number("train_class1_share", train_class1_share, low=0.0, high=1.0, low_open=True, high_open=True)
    if sample_weights is None:
        weights = np.full(probabilities.size, 1.0 / probabilities.size)
    else:
        weights = check_array("sample_weights", sample_weights, low=0.0)
        if weights.shape != probabilities.shape:
            raise ValueError(
                f"sample_weights must have one weight per probability ({probabilities.size}); got {weights.size}"
            )
        total = weights.sum()
        if not total > 0.0:
            raise ValueError("sample_weights must have a positive sum")
        weights = weights / total
    max_iterations = check_int("max_iterations", max_iterations, low=1, high=1_000_000)
    tolerance = check_number("tolerance", tolerance, low=0.0, high=0.1, low_open=True)

    # Bayes' rule for a new share e: p' = e·a / (e·a + (1 − e)·b), with a = p/π and b = (1 − p)/(1 − π).
    scaled1 = probabilities / prior
    scaled0 = (1.0 - probabilities) / (1.0 - prior)
    estimate = prior
    for _ in range(max_iterations):
        if estimate <= 0.0 or estimate >= 1.0:  # a share of exactly 0 or 1 is a fixed point
            break
        numerator = estimate * scaled1
        adjusted = numerator / (numerator + (1.0 - estimate) * scaled0)
        updated = float(weights @ adjusted)
        converged = abs(updated - estimate) < tolerance
        estimate = updated
        if converged:
            break
    return float(min(max(estimate, 0.0), 1.0))


@single_threaded
def prior_adaptation_curve(
    shift_strengths: Any,
    kind: str = "class_balance",
    seed: int = 0,
    *,
    n_train: int = 2000,
    n_test: int = 20_000,
    class_separation: float = 2.5,
    train_class1_share: float = 0.7,
    max_iterations: int = 500,
    tolerance: float = 1e-7,
) -> pd.DataFrame:
    """Accuracy of the fixed rule and of the rule adapted by EM prior correction, under shift.

    For each strength, the shifted test pools of
    :func:`scaling_lib.simulations.shift.shift_accuracy_curve` (same arguments, same draws) are
    treated as an *unlabelled* test set whose class shares are the test shares (pools weighted by
    share, as in ``shift_accuracy_curve``). :func:`em_class_prior` re-estimates the share of
    class 1 from the rule's probabilities, and the adapted rule swaps that share in for the
    training one (its threshold moves; its direction does not). Accuracy is weighted by the true
    test shares, as in ``shift_accuracy_curve``.

    Returns one row per strength: ``shift_kind``, ``shift_strength``, ``shift_unit``,
    ``test_class1_share`` (true), ``estimated_class1_share`` (EM), ``accuracy_fixed`` (equals
    ``shift_accuracy_curve``'s ``test_accuracy``), ``accuracy_adapted`` and ``accuracy_gain``
    (adapted minus fixed; fractions, 0.1 = 10 percentage points). With the defaults the gain at
    the end of the class_balance range is about +0.19, and under rotation it is near zero or
    negative. Chapter: meta-learning and distribution shift.
    """
    kind = _check_kind(kind)
    seed, n_train, n_test, class_separation, train_class1_share = _check_toy_arguments(
        seed, n_train, n_test, class_separation, train_class1_share
    )
    max_iterations = check_int("max_iterations", max_iterations, low=1, high=1_000_000)
    tolerance = check_number("tolerance", tolerance, low=0.0, high=0.1, low_open=True)
    strengths = _check_strengths(shift_strengths, kind, train_class1_share)
    toy = _toy(seed, n_train, n_test, class_separation, train_class1_share)
    rows = []
    for strength in strengths:
        pools, share1 = _shifted(toy, kind, float(strength))
        scores = pools @ toy.weights + toy.offset  # (2, n_test) log-odds of class 1 under the training share
        class_weights = np.array([1.0 - share1, share1])
        sample_weights = np.repeat(class_weights / n_test, n_test)
        probabilities = 1.0 / (1.0 + np.exp(-scores.ravel()))
        estimate = em_class_prior(
            probabilities, toy.fitted_class1_share, sample_weights, max_iterations=max_iterations, tolerance=tolerance
        )
        shift_in_offset = _logit(estimate) - _logit(toy.fitted_class1_share)

        def accuracy(threshold_shift: float) -> float:
            says_class1 = scores + threshold_shift > 0.0
            per_class = np.array([np.mean(~says_class1[0]), np.mean(says_class1[1])])
            return float(class_weights @ per_class)

        fixed, adapted = accuracy(0.0), accuracy(shift_in_offset)
        rows.append((float(strength), share1, estimate, fixed, adapted, adapted - fixed))
    table = pd.DataFrame(
        rows,
        columns=["shift_strength", "test_class1_share", "estimated_class1_share", "accuracy_fixed", "accuracy_adapted", "accuracy_gain"],
    )
    table.insert(0, "shift_kind", kind)
    table.insert(2, "shift_unit", SHIFT_UNITS[kind])
    return table


@single_threaded
def prior_adaptation_grid(
    kinds: Sequence[str] = SHIFT_KINDS,
    n_strengths: int = 11,
    seed: int = 0,
    *,
    train_class1_share: float = 0.7,
) -> pd.DataFrame:
    """:func:`prior_adaptation_curve` for several kinds over their default ranges, stacked.

    Strengths from :func:`scaling_lib.simulations.shift.default_shift_strengths` (``n_strengths``
    per kind; 11 gives round steps: rotation every 9 degrees, translation and noise every 0.3,
    class balance every 0.07). Same columns as :func:`prior_adaptation_curve`.
    Chapter: meta-learning and distribution shift.
    """
    checked = _check_kinds(kinds)
    n_strengths = check_int("n_strengths", n_strengths, low=2, high=1000)
    seed = check_seed("seed", seed)
    train_class1_share = check_number("train_class1_share", train_class1_share, low=0.5, high=0.95)
    frames = [
        prior_adaptation_curve(
            default_shift_strengths(kind, n_strengths, train_class1_share),
            kind=kind,
            seed=seed,
            train_class1_share=train_class1_share,
        )
        for kind in checked
    ]
    return pd.concat(frames, ignore_index=True)
