"""Tests of scaling_lib.simulations.shift: accuracy under distribution shift, real-world drops."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import norm

from scaling_lib.simulations import shift as sh

REFERENCES = Path(__file__).resolve().parents[1] / "references.bib"
COLUMNS = ["shift_kind", "shift_strength", "shift_unit", "test_accuracy", "accuracy_drop", "relative_accuracy_drop"]


def bayes_accuracies(separation: float = 2.5, share1: float = 0.7) -> tuple[float, float]:
    """Per-class accuracy of the exact Bayes rule for the training distribution (class 0, class 1)."""
    threshold = -math.log(share1 / (1 - share1)) / separation  # decide class 1 if x > threshold
    return norm.cdf(threshold + separation / 2), norm.cdf(separation / 2 - threshold)


@pytest.mark.parametrize("kind", sh.SHIFT_KINDS)
def test_accuracy_falls_as_the_shift_grows(kind):
    strengths = sh.default_shift_strengths(kind, 12)
    curve = sh.shift_accuracy_curve(strengths, kind=kind)
    accuracy = curve.test_accuracy.to_numpy()
    assert np.all(np.diff(accuracy) < 0.005)  # monotone within a small tolerance
    assert accuracy[0] - accuracy[-1] > (0.08 if kind == "class_balance" else 0.2)
    assert curve.accuracy_drop.iloc[0] == 0.0
    assert curve.accuracy_drop.iloc[-1] == pytest.approx(accuracy[0] - accuracy[-1])


def test_curve_columns_units_and_relative_drop():
    curve = sh.shift_accuracy_curve([0, 30, 60], kind="rotation")
    assert list(curve.columns) == COLUMNS
    assert (curve.shift_kind == "rotation").all()
    assert (curve.shift_unit == "degrees").all()
    np.testing.assert_allclose(curve.relative_accuracy_drop, curve.accuracy_drop / curve.test_accuracy.iloc[0])
    assert curve.test_accuracy.between(0, 1).all()


def test_unshifted_accuracy_matches_the_bayes_rule():
    acc0, acc1 = bayes_accuracies()
    expected = 0.3 * acc0 + 0.7 * acc1  # about 0.906
    for kind in sh.SHIFT_KINDS:
        curve = sh.shift_accuracy_curve([0.0], kind=kind)
        assert curve.test_accuracy.iloc[0] == pytest.approx(expected, abs=0.01)


def test_all_kinds_share_the_unshifted_baseline():
    grid = sh.shift_grid(n_strengths=4)
    baselines = grid[grid.shift_strength == 0].test_accuracy.to_numpy()
    assert baselines.size == len(sh.SHIFT_KINDS)
    np.testing.assert_allclose(baselines, baselines[0])


def test_class_balance_is_linear_and_ends_at_the_rare_class_accuracy():
    curve = sh.shift_accuracy_curve(np.linspace(0, 0.7, 8), kind="class_balance")
    np.testing.assert_allclose(np.diff(curve.test_accuracy, 2), 0.0, atol=1e-12)
    acc0, _ = bayes_accuracies()
    assert curve.test_accuracy.iloc[-1] == pytest.approx(acc0, abs=0.02)  # only class 0 left


def test_rotation_at_half_turn_swaps_the_classes():
    curve = sh.shift_accuracy_curve([0.0, 90.0, 180.0], kind="rotation")
    first, quarter, half = curve.test_accuracy
    assert quarter < first - 0.2
    assert half < 0.2  # the classes have traded places: worse than any guess
    # after a half turn, class 0 is right only where class 1 was wrong, and vice versa
    acc0, acc1 = bayes_accuracies()
    assert half == pytest.approx(0.3 * (1 - acc1) + 0.7 * (1 - acc0), abs=0.02)


def test_translation_matches_the_analytic_accuracy():
    threshold = -math.log(0.7 / 0.3) / 2.5
    shift = 1.5
    expected = 0.3 * norm.cdf(threshold + 1.25 + shift) + 0.7 * norm.cdf(1.25 - threshold - shift)
    curve = sh.shift_accuracy_curve([shift], kind="translation")
    assert curve.test_accuracy.iloc[0] == pytest.approx(expected, abs=0.015)


def test_curves_are_deterministic_and_seeded():
    a = sh.shift_accuracy_curve([0, 1, 2], kind="noise", seed=7)
    b = sh.shift_accuracy_curve([0, 1, 2], kind="noise", seed=7)
    c = sh.shift_accuracy_curve([0, 1, 2], kind="noise", seed=8)
    pd.testing.assert_frame_equal(a, b)
    assert not a.test_accuracy.equals(c.test_accuracy)
    # a strength gives the same accuracy whatever else is in the list (common random numbers)
    alone = sh.shift_accuracy_curve([2], kind="noise", seed=7)
    assert alone.test_accuracy.iloc[0] == a.test_accuracy.iloc[2]


def test_larger_separation_means_higher_accuracy():
    easy = sh.shift_accuracy_curve([0.0], class_separation=4.0).test_accuracy.iloc[0]
    hard = sh.shift_accuracy_curve([0.0], class_separation=1.0).test_accuracy.iloc[0]
    assert easy > hard + 0.1


@settings(max_examples=25, deadline=None)
@given(
    kind=st.sampled_from(sh.SHIFT_KINDS),
    fractions=st.lists(st.floats(0.0, 1.0), min_size=1, max_size=6),
    seed=st.integers(0, 2**32 - 1),
)
def test_curve_properties(kind, fractions, seed):
    top = 0.7 if kind == "class_balance" else {"rotation": 180.0, "translation": 5.0, "noise": 5.0}[kind]
    strengths = np.array(fractions) * top
    curve = sh.shift_accuracy_curve(strengths, kind=kind, seed=seed, n_train=200, n_test=500)
    assert len(curve) == len(strengths)
    assert curve.test_accuracy.between(0, 1).all()
    np.testing.assert_allclose(curve.shift_strength, strengths)
    np.testing.assert_allclose(curve.test_accuracy + curve.accuracy_drop, curve.test_accuracy.iloc[0] + curve.accuracy_drop.iloc[0])


def test_shift_grid_and_default_strengths():
    grid = sh.shift_grid(n_strengths=5)
    assert list(grid.columns) == COLUMNS
    assert len(grid) == 5 * len(sh.SHIFT_KINDS)
    assert grid.groupby("shift_kind").shift_strength.max().to_dict() == pytest.approx(
        {"rotation": 90.0, "translation": 3.0, "class_balance": 0.7, "noise": 3.0}
    )
    two = sh.shift_grid(["rotation", "noise"], n_strengths=3, seed=1)
    assert two.shift_kind.tolist() == ["rotation"] * 3 + ["noise"] * 3
    np.testing.assert_allclose(sh.default_shift_strengths("class_balance", 3, 0.8), [0, 0.4, 0.8])
    np.testing.assert_allclose(sh.default_shift_strengths("rotation", 4), [0, 30, 60, 90])


def test_real_world_shifts_are_sourced():
    table = sh.real_world_shifts()
    assert table.test_set.tolist() == ["ImageNetV2", "CIFAR-10.1", "ObjectNet"]
    imagenet_v2 = table.set_index("test_set").loc["ImageNetV2"]
    assert (imagenet_v2.drop_low, imagenet_v2.drop_high) == (11.0, 14.0)
    assert imagenet_v2.source_key == "recht2019imagenet"
    objectnet = table.set_index("test_set").loc["ObjectNet"]
    assert (objectnet.drop_low, objectnet.drop_high) == (40.0, 45.0)
    assert objectnet.source_key == "barbu2019objectnet"
    assert (table.drop_low <= table.drop_high).all()
    bib = REFERENCES.read_text(encoding="utf-8")
    for key in table.source_key.unique():
        assert "{" + key + "," in bib
    assert table.status.str.startswith("VERIFIED").all()


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "args, kwargs, error, name",
    [
        (([0, 10],), {"kind": "scale"}, ValueError, "kind"),
        (([0, 10],), {"kind": None}, ValueError, "kind"),
        (([0, -10],), {}, ValueError, "shift_strengths"),
        (([0, 200],), {}, ValueError, "shift_strengths"),
        (([0, math.nan],), {}, ValueError, "shift_strengths"),
        (([0, math.inf],), {"kind": "noise"}, ValueError, "shift_strengths"),
        (([],), {}, ValueError, "shift_strengths"),
        (("strong",), {}, TypeError, "shift_strengths"),
        (([[0, 1]],), {}, ValueError, "shift_strengths"),
        (([0, 0.8],), {"kind": "class_balance"}, ValueError, "shift_strengths"),
        (([0, 1],), {"seed": -1}, ValueError, "seed"),
        (([0, 1],), {"seed": 0.5}, TypeError, "seed"),
        (([0, 1],), {"n_train": 5}, ValueError, "n_train"),
        (([0, 1],), {"n_train": 100.0}, TypeError, "n_train"),
        (([0, 1],), {"n_test": 0}, ValueError, "n_test"),
        (([0, 1],), {"class_separation": 0.0}, ValueError, "class_separation"),
        (([0, 1],), {"class_separation": -1.0}, ValueError, "class_separation"),
        (([0, 1],), {"class_separation": math.nan}, ValueError, "class_separation"),
        (([0, 1],), {"train_class1_share": 0.3}, ValueError, "train_class1_share"),
        (([0, 1],), {"train_class1_share": 1.0}, ValueError, "train_class1_share"),
        (([0, 1],), {"train_class1_share": "0.7"}, TypeError, "train_class1_share"),
    ],
)
def test_curve_rejects_bad_input(args, kwargs, error, name):
    with pytest.raises(error, match=name):
        sh.shift_accuracy_curve(*args, **kwargs)


def test_curve_needs_two_training_examples_per_class():
    with pytest.raises(ValueError, match="n_train"):
        sh.shift_accuracy_curve([0.0], n_train=10, train_class1_share=0.95)


@pytest.mark.parametrize(
    "args, kwargs, error, name",
    [
        ((), {"kinds": "rotation"}, TypeError, "kinds"),
        ((), {"kinds": 3}, TypeError, "kinds"),
        ((), {"kinds": []}, ValueError, "kinds"),
        ((), {"kinds": ["rotation", "tilt"]}, ValueError, "kinds"),
        ((), {"n_strengths": 1}, ValueError, "n_strengths"),
        ((), {"n_strengths": 2.0}, TypeError, "n_strengths"),
        ((), {"seed": -2}, ValueError, "seed"),
        ((), {"train_class1_share": 0.99}, ValueError, "train_class1_share"),
    ],
)
def test_shift_grid_rejects_bad_input(args, kwargs, error, name):
    with pytest.raises(error, match=name):
        sh.shift_grid(*args, **kwargs)


@pytest.mark.parametrize(
    "args, error, name",
    [
        (("tilt",), ValueError, "kind"),
        (("rotation", 1), ValueError, "n_strengths"),
        (("rotation", "10"), TypeError, "n_strengths"),
        (("class_balance", 5, 0.2), ValueError, "train_class1_share"),
        (("class_balance", 5, math.nan), ValueError, "train_class1_share"),
    ],
)
def test_default_strengths_reject_bad_input(args, error, name):
    with pytest.raises(error, match=name):
        sh.default_shift_strengths(*args)
