"""Tests of scaling_lib.simulations.pruning: the two-spiral MLP, magnitude pruning, fine-tuning."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib.simulations import pruning as pr

N_TRAIN = 600


@pytest.fixture(scope="module")
def data():
    inputs, labels = pr.make_classification_task(N_TRAIN + 1000, seed=3)
    return inputs[:N_TRAIN], labels[:N_TRAIN], inputs[N_TRAIN:], labels[N_TRAIN:]


@pytest.fixture(scope="module")
def small_model(data):
    x_train, y_train, _, _ = data
    return pr.train_mlp(x_train, y_train, hidden_units=(16, 8), epochs=5, seed=1)


@pytest.fixture(scope="module")
def curve():
    return pr.pruning_curve()


def accuracy_at(frame: pd.DataFrame, sparsity: float, method: str) -> float:
    row = frame[(frame.sparsity == sparsity) & (frame.method == method)]
    assert len(row) == 1
    return float(row.test_accuracy.iloc[0])


# ----------------------------------------------------------------------------- task


def test_task_shapes_labels_and_balance():
    inputs, labels = pr.make_classification_task(1000, seed=0)
    assert inputs.shape == (1000, 2)
    assert labels.shape == (1000,)
    assert set(np.unique(labels)) == {0, 1}
    assert labels.sum() == 500
    radius = np.hypot(inputs[:, 0], inputs[:, 1])
    assert radius.max() < 1.3 and radius.min() > 0.0


def test_task_is_deterministic_and_seeded():
    a = pr.make_classification_task(200, seed=5)
    b = pr.make_classification_task(200, seed=5)
    c = pr.make_classification_task(200, seed=6)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_task_without_noise_lies_on_two_spirals():
    inputs, labels = pr.make_classification_task(400, seed=0, noise=0.0)
    radius = np.hypot(inputs[:, 0], inputs[:, 1])
    angle = np.arctan2(inputs[:, 1], inputs[:, 0])
    expected = 2 * np.pi * 2.0 * radius + np.pi * labels
    # angle equals the arm's angle modulo 2 pi
    np.testing.assert_allclose(np.cos(angle - expected), 1.0, atol=1e-9)


def test_task_is_not_linearly_separable(data):
    x_train, y_train, x_test, y_test = data
    design = np.column_stack([np.ones(len(x_train)), x_train])
    coef, *_ = np.linalg.lstsq(design, 2.0 * y_train - 1.0, rcond=None)
    linear_accuracy = np.mean((np.column_stack([np.ones(len(x_test)), x_test]) @ coef > 0) == y_test)
    assert linear_accuracy < 0.7


@pytest.mark.parametrize(
    "kwargs, error, name",
    [
        ({"n_samples": 1}, ValueError, "n_samples"),
        ({"n_samples": 10.0}, TypeError, "n_samples"),
        ({"n_samples": "10"}, TypeError, "n_samples"),
        ({"seed": -1}, ValueError, "seed"),
        ({"seed": 1.5}, TypeError, "seed"),
        ({"noise": -0.1}, ValueError, "noise"),
        ({"noise": math.nan}, ValueError, "noise"),
        ({"turns": 0.0}, ValueError, "turns"),
        ({"turns": math.inf}, ValueError, "turns"),
    ],
)
def test_task_rejects_bad_input(kwargs, error, name):
    with pytest.raises(error, match=name):
        pr.make_classification_task(**kwargs)


# ----------------------------------------------------------------------------- FLOP


def test_training_flop_estimate_is_six_n_d():
    assert pr.training_flop_estimate(1000, 200, 3) == 6 * 1000 * 200 * 3
    assert pr.training_flop_estimate(10, 10, 0) == 0.0


@pytest.mark.parametrize(
    "args, error, name",
    [
        ((0, 10, 1), ValueError, "n_weights"),
        ((10.5, 10, 1), TypeError, "n_weights"),
        ((10, 0, 1), ValueError, "n_examples"),
        ((10, 10, -1), ValueError, "epochs"),
        ((10, 10, None), TypeError, "epochs"),
    ],
)
def test_training_flop_estimate_rejects_bad_input(args, error, name):
    with pytest.raises(error, match=name):
        pr.training_flop_estimate(*args)


# ----------------------------------------------------------------------------- training


def test_train_mlp_learns_the_spirals_and_counts_its_flop(data):
    x_train, y_train, x_test, y_test = data
    model = pr.train_mlp(x_train, y_train, seed=0)
    assert model.layer_sizes == (2, 80, 80, 2)
    assert model.n_weights == 2 * 80 + 80 * 80 + 80 * 2
    assert model.n_nonzero_weights == model.n_weights
    assert model.sparsity == 0.0
    assert model.inference_flop == 2 * model.n_weights
    assert model.training_flop == 6 * model.n_weights * N_TRAIN * 40
    assert pr.mlp_accuracy(model, x_test, y_test) > 0.9


def test_train_mlp_is_deterministic_and_frozen(data):
    x_train, y_train, _, _ = data
    a = pr.train_mlp(x_train, y_train, hidden_units=(8,), epochs=3, seed=2)
    b = pr.train_mlp(x_train, y_train, hidden_units=(8,), epochs=3, seed=2)
    c = pr.train_mlp(x_train, y_train, hidden_units=(8,), epochs=3, seed=3)
    for wa, wb in zip(a.weights, b.weights):
        np.testing.assert_array_equal(wa, wb)
    assert not np.array_equal(a.weights[0], c.weights[0])
    with pytest.raises(ValueError):
        a.weights[0][0, 0] = 1.0  # read-only
    with pytest.raises(AttributeError):
        a.training_flop = 0.0  # frozen dataclass


def test_l1_penalty_pushes_weights_towards_zero(data):
    x_train, y_train, _, _ = data
    plain = pr.train_mlp(x_train, y_train, hidden_units=(32, 32), epochs=10, seed=0)
    sparse = pr.train_mlp(x_train, y_train, hidden_units=(32, 32), epochs=10, seed=0, l1_penalty=1e-3)
    decayed = pr.train_mlp(x_train, y_train, hidden_units=(32, 32), epochs=10, seed=0, weight_decay=1e-1)

    def small_fraction(model):
        weights = np.concatenate([np.abs(w).ravel() for w in model.weights])
        return np.mean(weights < 1e-2)

    def total_size(model):
        return sum(float(np.sum(w**2)) for w in model.weights)

    assert small_fraction(sparse) > small_fraction(plain) + 0.1
    assert total_size(decayed) < total_size(plain)
    # penalties do not change the FLOP count
    assert sparse.training_flop == plain.training_flop


def test_multiclass_labels_work():
    rng = np.random.default_rng(0)
    labels = np.repeat([0, 1, 2], 50)
    inputs = np.array([[0, 0], [4, 0], [0, 4]])[labels] + rng.normal(0, 0.3, (150, 2))
    model = pr.train_mlp(inputs, labels, hidden_units=(8,), epochs=20, seed=0)
    assert model.n_classes == 3
    assert pr.mlp_accuracy(model, inputs, labels) > 0.95
    assert pr.mlp_predict(model, inputs).shape == (150,)


BAD_TRAIN = [
    ({"X": np.full((10, 2), np.nan)}, ValueError, "X"),
    ({"X": np.ones(10)}, ValueError, "X"),
    ({"X": "abc"}, TypeError, "X"),
    ({"X": np.ones((0, 2))}, ValueError, "X"),
    ({"y": np.arange(9) % 2}, ValueError, "y"),
    ({"y": np.full(10, 0.5)}, ValueError, "y"),
    ({"y": -(np.arange(10) % 2)}, ValueError, "y"),
    ({"y": np.zeros(10)}, ValueError, "y"),
    ({"y": np.r_[np.arange(9) % 2, np.inf]}, ValueError, "y"),
    ({"hidden_units": 8}, TypeError, "hidden_units"),
    ({"hidden_units": "8"}, TypeError, "hidden_units"),
    ({"hidden_units": ()}, ValueError, "hidden_units"),
    ({"hidden_units": (8, 0)}, ValueError, "hidden_units"),
    ({"hidden_units": (8.5,)}, TypeError, "hidden_units"),
    ({"epochs": 0}, ValueError, "epochs"),
    ({"epochs": 2.0}, TypeError, "epochs"),
    ({"learning_rate": 0.0}, ValueError, "learning_rate"),
    ({"learning_rate": -0.1}, ValueError, "learning_rate"),
    ({"learning_rate": math.nan}, ValueError, "learning_rate"),
    ({"l1_penalty": -1e-3}, ValueError, "l1_penalty"),
    ({"l1_penalty": math.inf}, ValueError, "l1_penalty"),
    ({"weight_decay": -1.0}, ValueError, "weight_decay"),
    ({"weight_decay": "0"}, TypeError, "weight_decay"),
    ({"seed": -3}, ValueError, "seed"),
    ({"seed": None}, TypeError, "seed"),
    ({"batch_size": 0}, ValueError, "batch_size"),
]


@pytest.mark.parametrize("override, error, name", BAD_TRAIN)
def test_train_mlp_rejects_bad_input(override, error, name):
    kwargs = {"X": np.random.default_rng(0).normal(size=(10, 2)), "y": np.arange(10) % 2, "hidden_units": (4,), "epochs": 1}
    kwargs.update(override)
    with pytest.raises(error, match=name):
        pr.train_mlp(**kwargs)


def test_accuracy_and_predict_reject_bad_input(small_model, data):
    _, _, x_test, y_test = data
    with pytest.raises(TypeError, match="model"):
        pr.mlp_accuracy("not a model", x_test, y_test)
    with pytest.raises(TypeError, match="model"):
        pr.mlp_predict(None, x_test)
    with pytest.raises(ValueError, match="X"):
        pr.mlp_accuracy(small_model, np.ones((5, 3)), np.zeros(5))
    with pytest.raises(ValueError, match="X"):
        pr.mlp_predict(small_model, np.ones((5, 3)))
    with pytest.raises(ValueError, match="X"):
        pr.mlp_predict(small_model, np.full((5, 2), np.inf))
    with pytest.raises(ValueError, match="y"):
        pr.mlp_accuracy(small_model, x_test, y_test[:-1])
    with pytest.raises(ValueError, match="y"):
        pr.mlp_accuracy(small_model, x_test[:3], [0, 1, np.nan])


# ----------------------------------------------------------------------------- pruning


@pytest.mark.parametrize("scope", ["global", "layer"])
def test_pruning_removes_exactly_the_smallest_weights(small_model, scope):
    pruned, mask = pr.prune_by_magnitude(small_model, 0.6, scope=scope)
    assert len(mask) == len(small_model.weights)
    if scope == "global":
        assert pruned.n_weights - pruned.n_nonzero_weights == round(0.6 * small_model.n_weights)
        kept = np.concatenate([np.abs(w)[m == 1] for w, m in zip(small_model.weights, mask)])
        removed = np.concatenate([np.abs(w)[m == 0] for w, m in zip(small_model.weights, mask)])
        assert removed.max() <= kept.min()
    else:
        for w, m in zip(small_model.weights, mask):
            assert np.sum(m == 0) == round(0.6 * w.size)
            assert np.abs(w)[m == 0].max() <= np.abs(w)[m == 1].min()
    for w_pruned, w_orig, m in zip(pruned.weights, small_model.weights, mask):
        np.testing.assert_array_equal(w_pruned, w_orig * m)
    for b_pruned, b_orig in zip(pruned.biases, small_model.biases):
        np.testing.assert_array_equal(b_pruned, b_orig)  # biases kept
    assert pruned.training_flop == small_model.training_flop


def test_pruning_extremes(small_model):
    same, mask = pr.prune_by_magnitude(small_model, 0.0)
    assert all(np.all(m == 1) for m in mask)
    assert same.n_nonzero_weights == small_model.n_nonzero_weights
    empty, _ = pr.prune_by_magnitude(small_model, 1.0)
    assert empty.n_nonzero_weights == 0
    assert empty.inference_flop == 0.0


@settings(max_examples=30, deadline=None)
@given(sparsity=st.floats(0.0, 1.0), scope=st.sampled_from(["global", "layer"]))
def test_inference_flop_is_two_per_surviving_weight(small_model, sparsity, scope):
    pruned, mask = pr.prune_by_magnitude(small_model, sparsity, scope=scope)
    assert pruned.inference_flop == 2 * sum(int(m.sum()) for m in mask)
    assert pruned.n_nonzero_weights <= small_model.n_weights
    if scope == "global":
        assert pruned.n_nonzero_weights == small_model.n_weights - round(sparsity * small_model.n_weights)


@pytest.mark.parametrize(
    "sparsity, scope, error, name",
    [
        (1.5, "global", ValueError, "sparsity"),
        (-0.1, "global", ValueError, "sparsity"),
        (math.nan, "global", ValueError, "sparsity"),
        ("half", "global", TypeError, "sparsity"),
        (0.5, "row", ValueError, "scope"),
        (0.5, None, ValueError, "scope"),
    ],
)
def test_pruning_rejects_bad_input(small_model, sparsity, scope, error, name):
    with pytest.raises(error, match=name):
        pr.prune_by_magnitude(small_model, sparsity, scope=scope)


def test_pruning_rejects_a_non_model():
    with pytest.raises(TypeError, match="model"):
        pr.prune_by_magnitude({"weights": []}, 0.5)


# ----------------------------------------------------------------------------- fine-tuning


def test_fine_tuning_keeps_pruned_weights_at_zero_and_adds_dense_flop(small_model, data):
    x_train, y_train, _, _ = data
    pruned, mask = pr.prune_by_magnitude(small_model, 0.8)
    tuned = pr.fine_tune(pruned, mask, x_train, y_train, epochs=4, seed=0)
    for w, m in zip(tuned.weights, mask):
        assert np.all(w[m == 0] == 0.0)
    assert tuned.n_nonzero_weights <= pruned.n_nonzero_weights
    assert tuned.inference_flop <= pruned.inference_flop
    # the surviving weights did move
    assert any(not np.array_equal(a, b) for a, b in zip(tuned.weights, pruned.weights))
    # charged as dense training: all weights, not only the survivors
    assert tuned.training_flop == pruned.training_flop + 6 * small_model.n_weights * N_TRAIN * 4


def test_fine_tuning_zero_epochs_changes_nothing(small_model, data):
    x_train, y_train, _, _ = data
    pruned, mask = pr.prune_by_magnitude(small_model, 0.5)
    same = pr.fine_tune(pruned, mask, x_train, y_train, epochs=0)
    for a, b in zip(same.weights, pruned.weights):
        np.testing.assert_array_equal(a, b)
    assert same.training_flop == pruned.training_flop


def test_fine_tuning_applies_the_mask_it_is_given(small_model, data):
    x_train, y_train, _, _ = data
    _, mask = pr.prune_by_magnitude(small_model, 0.5)
    tuned = pr.fine_tune(small_model, mask, x_train, y_train, epochs=1)  # unpruned model, mask given
    for w, m in zip(tuned.weights, mask):
        assert np.all(w[m == 0] == 0.0)


def test_fine_tuning_is_deterministic(small_model, data):
    x_train, y_train, _, _ = data
    pruned, mask = pr.prune_by_magnitude(small_model, 0.7)
    a = pr.fine_tune(pruned, mask, x_train, y_train, epochs=2, seed=4)
    b = pr.fine_tune(pruned, mask, x_train, y_train, epochs=2, seed=4)
    for wa, wb in zip(a.weights, b.weights):
        np.testing.assert_array_equal(wa, wb)


def test_fine_tuning_rejects_bad_input(small_model, data):
    x_train, y_train, _, _ = data
    pruned, mask = pr.prune_by_magnitude(small_model, 0.5)
    with pytest.raises(TypeError, match="model"):
        pr.fine_tune("model", mask, x_train, y_train)
    with pytest.raises(TypeError, match="mask"):
        pr.fine_tune(pruned, "mask", x_train, y_train)
    with pytest.raises(TypeError, match="mask"):
        pr.fine_tune(pruned, np.ones(3), x_train, y_train)
    with pytest.raises(ValueError, match="mask"):
        pr.fine_tune(pruned, mask[:-1], x_train, y_train)
    with pytest.raises(ValueError, match=r"mask\[0\]"):
        pr.fine_tune(pruned, (np.ones((3, 3)),) + tuple(mask[1:]), x_train, y_train)
    with pytest.raises(ValueError, match=r"mask\[0\]"):
        pr.fine_tune(pruned, (mask[0] * 0.5,) + tuple(mask[1:]), x_train, y_train)
    with pytest.raises(ValueError, match=r"mask\[1\]"):
        pr.fine_tune(pruned, (mask[0], np.full(mask[1].shape, np.nan), mask[2]), x_train, y_train)
    with pytest.raises(ValueError, match="X"):
        pr.fine_tune(pruned, mask, np.ones((10, 3)), np.arange(10) % 2)
    with pytest.raises(ValueError, match="y"):
        pr.fine_tune(pruned, mask, x_train[:10], np.arange(10) % 3)
    with pytest.raises(ValueError, match="epochs"):
        pr.fine_tune(pruned, mask, x_train, y_train, epochs=-1)
    with pytest.raises(ValueError, match="learning_rate"):
        pr.fine_tune(pruned, mask, x_train, y_train, learning_rate=0.0)
    with pytest.raises(ValueError, match="seed"):
        pr.fine_tune(pruned, mask, x_train, y_train, seed=-1)
    with pytest.raises(ValueError, match="batch_size"):
        pr.fine_tune(pruned, mask, x_train, y_train, batch_size=0)


# ----------------------------------------------------------------------------- curve


def test_curve_has_the_promised_shape(curve):
    assert list(curve.columns) == [
        "sparsity", "method", "test_accuracy", "nonzero_weights", "inference_flop", "training_flop_total",
    ]
    assert len(curve) == 2 * len(pr.DEFAULT_SPARSITIES)
    assert set(curve.method) == set(pr.PRUNING_METHODS)
    assert curve.test_accuracy.between(0, 1).all()


def test_dense_network_is_accurate_and_high_sparsity_is_clearly_worse(curve):
    dense = accuracy_at(curve, 0.0, "pruned")
    assert dense > 0.95
    assert accuracy_at(curve, 0.98, "pruned") < dense - 0.2
    assert accuracy_at(curve, 0.99, "pruned + fine-tuned") < dense - 0.2
    # light pruning costs (almost) nothing
    assert accuracy_at(curve, 0.3, "pruned") > dense - 0.02


def test_accuracy_falls_as_sparsity_rises_past_a_point(curve):
    pruned = curve[curve.method == "pruned"].sort_values("sparsity")
    falling = pruned[pruned.sparsity.between(0.7, 0.97)].test_accuracy.to_numpy()
    assert np.all(np.diff(falling) < 0.01)  # falls level after level from 70 % sparsity
    assert falling[0] - falling[-1] > 0.3
    # beyond that it hovers near chance (0.5), far below the dense network
    assert (pruned[pruned.sparsity >= 0.97].test_accuracy < 0.65).all()


def test_fine_tuning_recovers_accuracy_at_high_sparsity(curve):
    for sparsity in (0.9, 0.95):
        assert accuracy_at(curve, sparsity, "pruned + fine-tuned") > accuracy_at(curve, sparsity, "pruned") + 0.1
    assert accuracy_at(curve, 0.98, "pruned + fine-tuned") > accuracy_at(curve, 0.98, "pruned")
    assert accuracy_at(curve, 0.9, "pruned + fine-tuned") > accuracy_at(curve, 0.0, "pruned") - 0.03


def test_inference_flop_falls_linearly_with_sparsity(curve):
    n_weights = 2 * 80 + 80 * 80 + 80 * 2
    for method in pr.PRUNING_METHODS:
        part = curve[curve.method == method]
        expected = 2.0 * (n_weights - np.round(part.sparsity * n_weights))
        np.testing.assert_array_equal(part.inference_flop.to_numpy(), expected.to_numpy())
        slope, intercept = np.polyfit(part.sparsity, part.inference_flop, 1)
        assert slope == pytest.approx(-2.0 * n_weights, rel=1e-3)
        assert intercept == pytest.approx(2.0 * n_weights, rel=1e-3)


def test_fine_tuning_costs_extra_training(curve):
    dense_flop = 6.0 * 6720 * 1000 * 40
    fine_tune_flop = 6.0 * 6720 * 1000 * 15
    assert (curve[curve.method == "pruned"].training_flop_total == dense_flop).all()
    assert (curve[curve.method == "pruned + fine-tuned"].training_flop_total == dense_flop + fine_tune_flop).all()


def test_curve_is_deterministic_and_one_level_matches_the_full_curve(curve):
    again = pr.pruning_curve()
    pd.testing.assert_frame_equal(curve, again)
    single = pr.pruning_curve([0.95])
    full_rows = curve[curve.sparsity == 0.95].reset_index(drop=True)
    pd.testing.assert_frame_equal(single, full_rows)


def test_curve_options_change_the_result():
    base = pr.pruning_curve([0.9], n_train=200, n_test=200, hidden_units=(16,), epochs=5, fine_tune_epochs=2)
    other_seed = pr.pruning_curve([0.9], n_train=200, n_test=200, hidden_units=(16,), epochs=5, fine_tune_epochs=2, seed=1)
    layer = pr.pruning_curve([0.9], n_train=200, n_test=200, hidden_units=(16,), epochs=5, fine_tune_epochs=2, scope="layer")
    assert not base.equals(other_seed)
    # 2-16-2 network: 64 weights; global keeps 64 - round(57.6) = 6, per layer 32 - round(28.8) = 3 each
    assert (base.nonzero_weights == 6).all()
    assert (layer.nonzero_weights == 6).all()
    assert layer.test_accuracy.between(0, 1).all()


@pytest.mark.parametrize(
    "kwargs, error, name",
    [
        ({"sparsities": [0.5, 1.2]}, ValueError, "sparsities"),
        ({"sparsities": [-0.1]}, ValueError, "sparsities"),
        ({"sparsities": []}, ValueError, "sparsities"),
        ({"sparsities": [0.5, np.nan]}, ValueError, "sparsities"),
        ({"sparsities": "0.5"}, TypeError, "sparsities"),
        ({"sparsities": [[0.5]]}, ValueError, "sparsities"),
        ({"fine_tune_epochs": -1}, ValueError, "fine_tune_epochs"),
        ({"fine_tune_epochs": 1.5}, TypeError, "fine_tune_epochs"),
        ({"seed": -1}, ValueError, "seed"),
        ({"n_train": 5}, ValueError, "n_train"),
        ({"n_test": 0}, ValueError, "n_test"),
        ({"hidden_units": (0,)}, ValueError, "hidden_units"),
        ({"epochs": 0}, ValueError, "epochs"),
        ({"learning_rate": -1.0}, ValueError, "learning_rate"),
        ({"l1_penalty": math.nan}, ValueError, "l1_penalty"),
        ({"weight_decay": -0.5}, ValueError, "weight_decay"),
        ({"noise": 2.0}, ValueError, "noise"),
        ({"scope": "all"}, ValueError, "scope"),
        ({"batch_size": 0}, ValueError, "batch_size"),
        ({"fine_tune_learning_rate": math.inf}, ValueError, "fine_tune_learning_rate"),
    ],
)
def test_curve_rejects_bad_input(kwargs, error, name):
    with pytest.raises(error, match=name):
        pr.pruning_curve(**kwargs)


# ----------------------------------------------------------------------------- the model record


def test_mlp_record_validates_and_freezes_its_arrays():
    weights = [np.ones((2, 3)), np.ones((3, 2))]
    biases = [np.zeros(3), np.zeros(2)]
    model = pr.MLP(weights=tuple(weights), biases=tuple(biases), training_flop=10)
    weights[0][0, 0] = 5.0  # the record holds its own copy
    assert model.weights[0][0, 0] == 1.0
    assert model.training_flop == 10.0
    assert model.layer_sizes == (2, 3, 2)
    with pytest.raises(ValueError):
        model.biases[0][0] = 1.0


@pytest.mark.parametrize(
    "weights, biases, flop, error, name",
    [
        ("w", (np.zeros(2),), 0.0, TypeError, "weights"),
        ((), (), 0.0, TypeError, "weights"),
        ((np.ones((2, 2)),), np.zeros(2), 0.0, TypeError, "biases"),
        ((np.ones((2, 2)),), (np.zeros(2), np.zeros(2)), 0.0, ValueError, "weights and biases"),
        ((np.ones(2),), (np.zeros(2),), 0.0, ValueError, r"weights\[0\]"),
        ((np.ones((2, 2)),), (np.zeros(3),), 0.0, ValueError, r"biases\[0\]"),
        ((np.ones((2, 2)), np.ones((3, 1))), (np.zeros(2), np.zeros(1)), 0.0, ValueError, r"weights\[1\]"),
        ((np.full((2, 2), np.nan),), (np.zeros(2),), 0.0, ValueError, r"weights\[0\]"),
        ((np.ones((2, 2)),), (np.zeros(2),), -1.0, ValueError, "training_flop"),
        ((np.ones((2, 2)),), (np.zeros(2),), "0", TypeError, "training_flop"),
    ],
)
def test_mlp_record_rejects_bad_input(weights, biases, flop, error, name):
    with pytest.raises(error, match=name):
        pr.MLP(weights=weights, biases=biases, training_flop=flop)


# ----------------------------------------------------------------------------- networks behind the charts


@pytest.fixture(scope="module")
def boundary():
    return pr.decision_boundary_grid()


@pytest.fixture(scope="module")
def l1_curve():
    return pr.pruning_curve(l1_penalty=1e-4)


def test_sparsity_label():
    assert pr.sparsity_label(0.93) == "93%" and pr.sparsity_label(0.0) == "0%"
    for bad in (1.5, -0.1, math.nan):
        with pytest.raises(ValueError, match="sparsity"):
            pr.sparsity_label(bad)


def test_dense_network_is_the_curve_s_dense_network(curve):
    dense, x_train, y_train, x_test, y_test = pr.dense_network()
    assert dense.layer_sizes == (2, 80, 80, 2) and len(x_train) == len(y_train) == 1000 and len(x_test) == 2000
    inputs, labels = pr.make_classification_task(3000, seed=0)
    np.testing.assert_array_equal(x_train, inputs[:1000])
    np.testing.assert_array_equal(y_test, labels[1000:])
    assert pr.mlp_accuracy(dense, x_test, y_test) == accuracy_at(curve, 0.0, "pruned")
    assert pr.dense_network()[0] is dense, "cached: a live update trains nothing"
    with pytest.raises(ValueError, match="seed"):
        pr.dense_network(-1)
    with pytest.raises(ValueError, match="n_train"):
        pr.dense_network(0, 5)


def test_pruned_network_matches_the_library_curve(curve):
    rows = curve.set_index(["sparsity", "method"])
    for level in (0.8, 0.93):
        _, pruned = pr.pruned_network(level, 0)
        _, tuned = pr.pruned_network(level, 15)
        assert pruned["test_accuracy"] == rows.loc[(level, "pruned"), "test_accuracy"]
        assert tuned["test_accuracy"] == rows.loc[(level, "pruned + fine-tuned"), "test_accuracy"]
        assert tuned["training_flop_total"] == rows.loc[(level, "pruned + fine-tuned"), "training_flop_total"]
        assert tuned["inference_flop"] == rows.loc[(level, "pruned"), "inference_flop"]
    with pytest.raises(ValueError, match="sparsity"):
        pr.pruned_network(1.2)
    with pytest.raises(TypeError, match="fine_tune_epochs"):
        pr.pruned_network(0.5, 2.5)
    with pytest.raises(ValueError, match="fine_tune_epochs"):
        pr.pruned_network(0.5, -1)


def test_decision_boundary_grid_is_wide_and_consistent(boundary):
    assert boundary.shape == (pr.BOUNDARY_RESOLUTION**2, 2 + 2 * len(pr.DEFAULT_SPARSITIES))
    assert boundary["x"].max() < pr.BOUNDARY_EXTENT and boundary["x"].min() > -pr.BOUNDARY_EXTENT
    labels = [pr.sparsity_label(s) for s in pr.DEFAULT_SPARSITIES]
    for label in labels:
        assert set(np.unique(boundary["p" + label])) <= {0, 1}
    # Dense network: pruning 0% changes nothing, so both columns at 0% agree with a direct prediction.
    dense, *_ = pr.dense_network()
    points = boundary[["x", "y"]].to_numpy()
    np.testing.assert_array_equal(boundary["p0%"].to_numpy(), pr.mlp_predict(dense, points))
    # The spiral needs both classes in the plane; heavy pruning without fine-tuning changes many cells.
    assert 0.3 < boundary["p0%"].mean() < 0.7
    assert (boundary["p90%"] != boundary["p0%"]).mean() > (boundary["f90%"] != boundary["p0%"]).mean()
    with pytest.raises(ValueError, match="sparsities"):
        pr.decision_boundary_grid([0.5, math.nan])
    with pytest.raises(ValueError, match="resolution"):
        pr.decision_boundary_grid([0.5], resolution=1)
    with pytest.raises(ValueError, match="extent"):
        pr.decision_boundary_grid([0.5], extent=0.0)


def test_predicted_class_grid_matches_the_boundary_grid(boundary):
    tuned, _ = pr.pruned_network(0.9, 15)
    grid = pr.predicted_class_grid(tuned)
    assert list(grid.columns) == ["x", "y", "predicted", "arm"] and len(grid) == pr.BOUNDARY_RESOLUTION**2
    np.testing.assert_array_equal(grid["predicted"].to_numpy(), boundary["f90%"].to_numpy())
    np.testing.assert_array_equal(np.round(grid["x"], 4), boundary["x"])
    assert set(grid["arm"]) == set(pr.CLASS_NAMES)
    assert (grid["arm"] == np.where(grid["predicted"] == 1, pr.CLASS_NAMES[1], pr.CLASS_NAMES[0])).all()
    assert len(pr.predicted_class_grid(tuned, resolution=5, extent=2.0)) == 25
    with pytest.raises(TypeError, match="model"):
        pr.predicted_class_grid("network")
    with pytest.raises(ValueError, match="model"):
        pr.predicted_class_grid(pr.train_mlp(np.ones((20, 3)) * np.arange(20)[:, None], np.arange(20) % 2, hidden_units=(4,), epochs=1))
    with pytest.raises(ValueError, match="resolution"):
        pr.predicted_class_grid(tuned, resolution=1)


def test_task_points_are_the_first_training_examples():
    points_table = pr.task_points(50)
    _, x_train, y_train, _, _ = pr.dense_network()
    assert len(points_table) == 50 and set(points_table["arm"]) == set(pr.CLASS_NAMES)
    np.testing.assert_array_equal(points_table["label"], y_train[:50])
    np.testing.assert_array_equal(points_table["x"], np.round(x_train[:50, 0], 4))
    points_table.loc[0, "x"] = 99.0
    assert pr.task_points(50).loc[0, "x"] != 99.0, "a copy, not the cached table"
    with pytest.raises(ValueError, match="n_points"):
        pr.task_points(0)


def test_training_recipes_add_to_the_dense_run(curve, l1_curve):
    from scaling_lib import ledger

    dense_training_flop = pr.training_flop_estimate(6720, 1000, 40)
    recipes = pr.training_recipes(curve, l1_curve, penalty_trials=5).set_index("recipe")["training_flop"]
    assert recipes["dense network"] == dense_training_flop == recipes["pruned, no fine-tuning"]
    assert recipes["pruned + fine-tuned"] == ledger.training_cost_with_pruning(dense_training_flop, 15 / 40)
    assert recipes["L1 penalty, 5 strengths tried"] == ledger.search_cost(5, dense_training_flop)
    assert (recipes >= recipes["dense network"]).all(), "no recipe is cheaper to train than the dense network"
    table = pr.training_recipes(curve)
    assert len(table) == 3 and (table["training_gflop"] == table["training_flop"] / 1e9).all()
    with pytest.raises(ValueError, match="penalty_trials"):
        pr.training_recipes(curve, l1_curve, penalty_trials=0)
    with pytest.raises(TypeError, match="penalty_trials"):
        pr.training_recipes(curve, l1_curve, penalty_trials=2.0)
    with pytest.raises(TypeError, match="curve"):
        pr.training_recipes([1, 2])
    with pytest.raises(ValueError, match="l1_curve"):
        pr.training_recipes(curve, l1_curve.drop(columns="training_flop_total"))
