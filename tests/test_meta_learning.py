"""The toy behind the meta-learning chapter (scaling_lib.meta_learning), checked against independent computations."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import minimize_scalar
from scipy.stats import norm

from scaling_lib import meta_learning as ml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def toy():
    return ml.draw_toy()


def test_draw_toy_is_seeded_and_deterministic(toy):
    again = ml.draw_toy()
    assert np.array_equal(toy.pools, again.pools) and np.array_equal(toy.weights, again.weights)
    other = ml.draw_toy(seed=1)
    assert not np.array_equal(toy.pools, other.pools)
    assert toy.pools.shape == (2, 20_000, 2) and toy.noise_draw.shape == (2, 20_000, 2)
    assert toy.train_class1_share == pytest.approx(0.7)


def test_rule_points_where_least_squares_points_and_bets_on_the_common_class(toy):
    # Redraw the training set (the recipe of the chapter) and compare with least squares on the labels:
    # for two classes, the LDA direction is proportional to the regression coefficients.
    rng = np.random.default_rng(0)
    labels = np.r_[np.zeros(600, dtype=int), np.ones(1400, dtype=int)]
    inputs = np.array([[-1.25, 0.0], [1.25, 0.0]])[labels] + rng.standard_normal((2000, 2))
    coefficients = np.linalg.lstsq(np.c_[np.ones(2000), inputs], labels, rcond=None)[0][1:]
    assert coefficients[0] * toy.weights[1] - coefficients[1] * toy.weights[0] == pytest.approx(0.0, abs=1e-9)  # parallel
    midpoint = 0.5 * (inputs[labels == 0].mean(axis=0) + inputs[labels == 1].mean(axis=0))
    assert midpoint @ toy.weights + toy.offset == pytest.approx(np.log(0.7 / 0.3))


def test_unshifted_accuracy_is_close_to_the_normal_distribution_formula(toy):
    points, _ = ml.shift_scene("rotation", [0.0])
    centres = np.array([[-1.25, 0.0], [1.25, 0.0]])
    margin = (centres @ toy.weights + toy.offset) / np.linalg.norm(toy.weights)
    exact = 0.3 * norm.cdf(-margin[0]) + 0.7 * norm.cdf(margin[1])
    assert points["test_accuracy"].iloc[0] == pytest.approx(exact, abs=0.01)


def test_scene_moves_the_same_points(toy):
    points, _ = ml.shift_scene("rotation", [0.0, 30.0], points_per_class=10)
    start = points[points.shift_strength == 0]
    turned = (start.input_1 + 1j * start.input_2).to_numpy() * np.exp(1j * np.deg2rad(30))
    end = points[points.shift_strength == 30]
    assert np.allclose(end.input_1, turned.real) and np.allclose(end.input_2, turned.imag)
    assert len(start) == len(end) == 20
    assert set(points.columns) >= {"shift_kind", "shift_strength", "input_1", "input_2", "true_class", "correct", "test_accuracy"}


def test_class_balance_accuracy_is_linear_in_the_share_and_points_follow_the_shares():
    strengths = [0.0, 0.35, 0.7]
    points, _ = ml.shift_scene("class_balance", strengths, points_per_class=50)
    accuracy = points.groupby("shift_strength")["test_accuracy"].first().to_numpy()
    assert accuracy[1] == pytest.approx((accuracy[0] + accuracy[2]) / 2)
    class1 = points.groupby("shift_strength")["true_class"].sum().to_numpy()
    assert list(class1) == [70, 35, 0]


def test_correct_means_on_the_right_side_of_the_boundary(toy):
    points, boundary = ml.shift_scene("noise", [1.5], points_per_class=40)
    ends = boundary[["input_1", "input_2"]].to_numpy()
    assert ends @ toy.weights == pytest.approx(np.full(2, ends[0] @ toy.weights))  # both ends on one line w·x = const
    says_class1 = points[["input_1", "input_2"]].to_numpy() @ toy.weights > ends[0] @ toy.weights
    assert np.array_equal(points.correct.to_numpy(), says_class1 == (points.true_class == 1).to_numpy())
    assert list(boundary.input_2) == [-6.0, 6.0]


def test_em_estimate_is_the_maximum_likelihood_share(toy):
    points, boundary = ml.shift_scene("class_balance", [0.35], adapt_prior=True, points_per_class=5)
    probability = 1 / (1 + np.exp(-(toy.pools @ toy.weights + toy.offset)))
    ratio1, ratio0 = probability / 0.7, (1 - probability) / 0.3
    log_likelihood = lambda e: 0.65 * np.log(e * ratio1[0] + (1 - e) * ratio0[0]).mean() + 0.35 * np.log(e * ratio1[1] + (1 - e) * ratio0[1]).mean()
    best = minimize_scalar(lambda e: -log_likelihood(e), bounds=(1e-6, 1 - 1e-6), method="bounded", options={"xatol": 1e-10}).x
    assert points.assumed_class1_share.iloc[0] == pytest.approx(best, abs=1e-6)
    fixed, _ = ml.shift_scene("class_balance", [0.35], points_per_class=5)
    assert points.test_accuracy.iloc[0] > fixed.test_accuracy.iloc[0] + 0.03
    # the adapted boundary sits further towards class 1 than the fixed one
    fixed_boundary = ml.shift_scene("class_balance", [0.35])[1]
    assert boundary.input_1.mean() > fixed_boundary.input_1.mean()


def test_adaptation_survives_extreme_shifts():
    points, boundary = ml.shift_scene("translation", [20.0], adapt_prior=True)
    assert np.isfinite(points.test_accuracy).all() and np.isfinite(boundary.input_1).all()
    points, _ = ml.shift_scene("class_balance", [0.7], adapt_prior=True)
    assert points.assumed_class1_share.iloc[0] < 0.01 and points.test_accuracy.iloc[0] > 0.99


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: ml.shift_scene("spin", [1.0]), "kind"),
        (lambda: ml.shift_scene("rotation", [181.0]), "strengths"),
        (lambda: ml.shift_scene("class_balance", [0.75]), "strengths"),
        (lambda: ml.shift_scene("noise", [-1.0]), "strengths"),
        (lambda: ml.shift_scene("noise", [1.0], points_per_class=0), "points_per_class"),
        (lambda: ml.shift_scene("noise", [1.0], boundary_top=-6.0), "boundary_top"),
        (lambda: ml.draw_toy(n_train=20), "n_train"),
        (lambda: ml.draw_toy(class_separation=0.0), "class_separation"),
        (lambda: ml.draw_toy(train_class1_share=0.4), "train_class1_share"),
        (lambda: ml.draw_toy(seed=-1), "seed"),
    ],
)
def test_bad_input_is_refused_with_the_argument_named(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_bad_types_are_refused():
    with pytest.raises(TypeError, match="adapt_prior"):
        ml.shift_scene("rotation", [1.0], adapt_prior="yes")
    with pytest.raises(TypeError, match="strengths"):
        ml.shift_scene("rotation", "30")


def test_real_world_shifts_are_the_sourced_ranges():
    table = ml.real_world_shifts().set_index("test_set")
    assert (table.loc["ImageNetV2", "drop_low"], table.loc["ImageNetV2", "drop_high"]) == (11.0, 14.0)
    assert (table.loc["CIFAR-10.1", "drop_low"], table.loc["CIFAR-10.1", "drop_high"]) == (3.0, 15.0)
    assert (table.loc["ObjectNet", "drop_low"], table.loc["ObjectNet", "drop_high"], table.loc["ObjectNet", "measure"]) == (40.0, 45.0, "relative")
    bib = (ROOT / "references.bib").read_text(encoding="utf-8")
    assert all(f"{{{key}," in bib for key in table.source_key)
