"""Tests of scaling_lib.simulations.adaptation: the shift toy's points, boundary and EM prior correction."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib.simulations import adaptation as ad
from scaling_lib.simulations import shift as sh

CURVE_COLUMNS = [
    "shift_kind", "shift_strength", "shift_unit", "test_class1_share", "estimated_class1_share",
    "accuracy_fixed", "accuracy_adapted", "accuracy_gain",
]


# ----------------------------------------------------------------------------- consistency with shift.py


@pytest.mark.parametrize("kind", sh.SHIFT_KINDS)
def test_fixed_accuracy_is_exactly_shift_accuracy_curve(kind):
    strengths = sh.default_shift_strengths(kind, 5)
    adapted = ad.prior_adaptation_curve(strengths, kind=kind, seed=3)
    fixed = sh.shift_accuracy_curve(strengths, kind=kind, seed=3)
    np.testing.assert_allclose(adapted.accuracy_fixed, fixed.test_accuracy, rtol=0, atol=1e-12)


@pytest.mark.parametrize("kind", sh.SHIFT_KINDS)
def test_sample_is_scored_by_the_same_rule(kind):
    """On a large sample, the share of right answers is close to shift_accuracy_curve's accuracy."""
    strength = float(sh.default_shift_strengths(kind, 3)[1])
    sample = ad.shift_test_sample(kind, [strength], points_per_class=5000)
    accuracy = sh.shift_accuracy_curve([strength], kind=kind).test_accuracy.iloc[0]
    assert sample.correct.mean() == pytest.approx(accuracy, abs=0.015)


def test_sample_columns_shares_and_determinism():
    sample = ad.shift_test_sample("class_balance", [0.0, 0.35, 0.7], points_per_class=20)
    assert list(sample.columns) == [
        "shift_kind", "shift_strength", "shift_unit", "point", "input_1", "input_2", "true_class", "predicted_class", "correct",
    ]
    shares = sample.groupby("shift_strength").true_class.mean()
    np.testing.assert_allclose(shares.to_numpy(), [0.7, 0.35, 0.0])
    assert (sample.groupby("shift_strength").size() == 40).all()
    assert (sample.correct == (sample.true_class == sample.predicted_class)).all()
    pd.testing.assert_frame_equal(sample, ad.shift_test_sample("class_balance", [0.0, 0.35, 0.7], points_per_class=20))
    other_seed = ad.shift_test_sample("class_balance", [0.0], seed=1, points_per_class=20)
    assert not np.allclose(other_seed.input_1, sample.input_1[:40])


def test_rotation_moves_the_same_points_and_keeps_their_distance_from_the_origin():
    sample = ad.shift_test_sample("rotation", [0.0, 90.0], points_per_class=10)
    start, turned = sample[sample.shift_strength == 0], sample[sample.shift_strength == 90]
    radius = lambda frame: np.hypot(frame.input_1.to_numpy(), frame.input_2.to_numpy())  # noqa: E731
    np.testing.assert_allclose(radius(start), radius(turned))
    np.testing.assert_allclose(turned.input_2.to_numpy(), start.input_1.to_numpy())  # (x, y) -> (-y, x)


def test_boundary_separates_the_class_centres_and_moves_with_the_prior():
    line = ad.decision_boundary()
    assert list(line.columns) == ["input_1", "input_2", "assumed_class1_share"]
    assert line.input_2.tolist() == [-4.0, 4.0]
    assert (line.input_1.abs() < 1.25).all()  # between the centres at -1.25 and +1.25
    assert line.input_1.mean() < 0  # the common class 1 gets more room
    rare = ad.decision_boundary(assumed_class1_share=0.1)
    balanced = ad.decision_boundary(assumed_class1_share=0.5)
    assert (rare.input_1 > balanced.input_1).all() and (balanced.input_1 > line.input_1).all()
    # the balanced rule's boundary sits near the midpoint of the class means
    assert balanced.input_1.mean() == pytest.approx(0.0, abs=0.15)


def test_boundary_agrees_with_the_sample_predictions():
    sample = ad.shift_test_sample("noise", [1.0], points_per_class=200)
    line = ad.decision_boundary(input_2_limits=(-10.0, 10.0))
    (x0, y0), (x1, y1) = line[["input_1", "input_2"]].to_numpy()
    # class 1 lies on the right of the upward boundary: cross product < 0
    right_side = (x1 - x0) * (sample.input_2 - y0) - (y1 - y0) * (sample.input_1 - x0) < 0
    assert (right_side.to_numpy() == (sample.predicted_class == 1).to_numpy()).mean() > 0.995


# ----------------------------------------------------------------------------- EM


def test_em_recovers_the_prior_from_correct_posteriors():
    """Exact posteriors of a two-Gaussian problem under a 0.5 training share; test share 0.2."""
    rng = np.random.default_rng(0)
    n = 200_000
    labels = rng.random(n) < 0.2
    x = np.where(labels, 1.0, -1.0) + rng.standard_normal(n)
    posterior = 1 / (1 + np.exp(-2 * x))  # log-odds 2x under equal priors
    assert ad.em_class_prior(posterior, 0.5) == pytest.approx(0.2, abs=0.01)
    assert ad.em_class_prior(posterior, 0.5, max_iterations=1) < 0.5  # first step goes the right way


def test_em_fixed_point_and_weights():
    probabilities = np.array([0.1, 0.9, 0.9, 0.5])
    # When the mean probability equals the training share, nothing moves.
    assert ad.em_class_prior([0.3, 0.7], 0.5) == pytest.approx(0.5)
    weighted = ad.em_class_prior(probabilities, 0.6, sample_weights=[1, 2, 2, 1])
    repeated = ad.em_class_prior([0.1, 0.9, 0.9, 0.9, 0.9, 0.5], 0.6)
    assert weighted == pytest.approx(repeated, abs=1e-9)
    assert 0 <= ad.em_class_prior([0.0, 0.0, 1e-9], 0.7) < 1e-3


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.floats(0.0, 1.0), min_size=1, max_size=30),
    st.floats(0.05, 0.95),
)
def test_em_returns_a_share(probabilities, prior):
    estimate = ad.em_class_prior(probabilities, prior)
    assert 0.0 <= estimate <= 1.0 and math.isfinite(estimate)
    if max(probabilities) <= prior:
        assert estimate <= prior + 1e-9  # evidence for fewer class-1 examples never raises the share


# ----------------------------------------------------------------------------- adaptation curves


def test_adaptation_repairs_class_balance_shift():
    curve = ad.prior_adaptation_curve(sh.default_shift_strengths("class_balance", 6), kind="class_balance")
    assert list(curve.columns) == CURVE_COLUMNS
    np.testing.assert_allclose(curve.estimated_class1_share, curve.test_class1_share, atol=0.02)
    assert (curve.accuracy_gain.iloc[1:] > 0).all()
    assert curve.accuracy_gain.iloc[-1] > 0.15
    assert curve.accuracy_adapted.iloc[-1] > 0.99  # only class 0 left, and the rule has learned that
    assert abs(curve.accuracy_gain.iloc[0]) < 0.002  # nothing to fix without shift
    np.testing.assert_allclose(curve.accuracy_gain, curve.accuracy_adapted - curve.accuracy_fixed)


def test_adaptation_does_not_repair_rotation_and_hurts_under_translation():
    rotation = ad.prior_adaptation_curve([45.0, 90.0], kind="rotation")
    assert (rotation.accuracy_gain < 0.005).all()
    assert rotation.accuracy_adapted.iloc[-1] < 0.6
    translation = ad.prior_adaptation_curve([1.5], kind="translation")
    assert translation.accuracy_gain.iloc[0] < -0.1  # the moved class-1 points look like a change of shares


def test_grid_stacks_every_kind():
    grid = ad.prior_adaptation_grid(n_strengths=3)
    assert list(grid.columns) == CURVE_COLUMNS
    assert grid.groupby("shift_kind", sort=False).size().to_dict() == {kind: 3 for kind in sh.SHIFT_KINDS}
    pd.testing.assert_frame_equal(grid, ad.prior_adaptation_grid(n_strengths=3))


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "call, exception, match",
    [
        (lambda: ad.shift_test_sample("spin", [1.0]), ValueError, "kind"),
        (lambda: ad.shift_test_sample("rotation", [math.nan]), ValueError, "shift_strengths"),
        (lambda: ad.shift_test_sample("rotation", [math.inf]), ValueError, "shift_strengths"),
        (lambda: ad.shift_test_sample("rotation", [-1.0]), ValueError, "shift_strengths"),
        (lambda: ad.shift_test_sample("rotation", []), ValueError, "shift_strengths"),
        (lambda: ad.shift_test_sample("rotation", [[1.0]]), ValueError, "shift_strengths"),
        (lambda: ad.shift_test_sample("rotation", "10"), TypeError, "shift_strengths"),
        (lambda: ad.shift_test_sample("class_balance", [0.8]), ValueError, "shift_strengths"),
        (lambda: ad.shift_test_sample("rotation", [1.0], points_per_class=0), ValueError, "points_per_class"),
        (lambda: ad.shift_test_sample("rotation", [1.0], points_per_class=2.5), TypeError, "points_per_class"),
        (lambda: ad.shift_test_sample("rotation", [1.0], points_per_class=40, n_test=50), ValueError, "points_per_class"),
        (lambda: ad.shift_test_sample("rotation", [1.0], seed=-1), ValueError, "seed"),
        (lambda: ad.shift_test_sample("rotation", [1.0], assumed_class1_share=1.0), ValueError, "assumed_class1_share"),
        (lambda: ad.shift_test_sample("rotation", [1.0], n_train=12, train_class1_share=0.95), ValueError, "n_train"),
        (lambda: ad.decision_boundary(input_2_limits=(1.0, -1.0)), ValueError, "input_2_limits"),
        (lambda: ad.decision_boundary(input_2_limits=(1.0, 2.0, 3.0)), ValueError, "input_2_limits"),
        (lambda: ad.decision_boundary(input_2_limits=5.0), TypeError, "input_2_limits"),
        (lambda: ad.decision_boundary(assumed_class1_share=0.0), ValueError, "assumed_class1_share"),
        (lambda: ad.decision_boundary(assumed_class1_share=math.nan), ValueError, "assumed_class1_share"),
        (lambda: ad.decision_boundary(assumed_class1_share="0.5"), TypeError, "assumed_class1_share"),
        (lambda: ad.decision_boundary(class_separation=0.0), ValueError, "class_separation"),
        (lambda: ad.decision_boundary(train_class1_share=0.3), ValueError, "train_class1_share"),
        (lambda: ad.em_class_prior([], 0.5), ValueError, "class1_probabilities"),
        (lambda: ad.em_class_prior([1.2], 0.5), ValueError, "class1_probabilities"),
        (lambda: ad.em_class_prior([math.nan], 0.5), ValueError, "class1_probabilities"),
        (lambda: ad.em_class_prior([[0.5]], 0.5), ValueError, "class1_probabilities"),
        (lambda: ad.em_class_prior(None, 0.5), TypeError, "class1_probabilities"),
        (lambda: ad.em_class_prior([0.5], 1.0), ValueError, "train_class1_share"),
        (lambda: ad.em_class_prior([0.5], math.inf), ValueError, "train_class1_share"),
        (lambda: ad.em_class_prior([0.5, 0.5], 0.5, sample_weights=[1.0]), ValueError, "sample_weights"),
        (lambda: ad.em_class_prior([0.5], 0.5, sample_weights=[-1.0]), ValueError, "sample_weights"),
        (lambda: ad.em_class_prior([0.5], 0.5, sample_weights=[0.0]), ValueError, "sample_weights"),
        (lambda: ad.em_class_prior([0.5], 0.5, max_iterations=0), ValueError, "max_iterations"),
        (lambda: ad.em_class_prior([0.5], 0.5, tolerance=0.0), ValueError, "tolerance"),
        (lambda: ad.prior_adaptation_curve([0.1], kind="class_balance", max_iterations=1.5), TypeError, "max_iterations"),
        (lambda: ad.prior_adaptation_curve([0.1], kind="class_balance", n_test=5), ValueError, "n_test"),
        (lambda: ad.prior_adaptation_curve([0.1], kind="class_balance", tolerance=math.nan), ValueError, "tolerance"),
        (lambda: ad.prior_adaptation_grid(kinds="rotation"), TypeError, "kinds"),
        (lambda: ad.prior_adaptation_grid(kinds=[]), ValueError, "kinds"),
        (lambda: ad.prior_adaptation_grid(kinds=["rotation", "spin"]), ValueError, "kinds"),
        (lambda: ad.prior_adaptation_grid(n_strengths=1), ValueError, "n_strengths"),
        (lambda: ad.prior_adaptation_grid(seed=1.5), TypeError, "seed"),
    ],
)
def test_bad_input_is_refused_with_the_argument_named(call, exception, match):
    with pytest.raises(exception, match=match):
        call()
