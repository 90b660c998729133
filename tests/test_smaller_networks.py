"""The computation behind the smaller-networks chapter (scaling_lib.smaller_networks), its answer checks and bad input."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scaling_lib import exercises
from scaling_lib import smaller_networks as sn


@pytest.fixture(scope="module")
def task():
    X, y = sn.spiral_task(600, seed=3)
    return X[:300], y[:300], X[300:], y[300:]


@pytest.fixture(scope="module")
def small_net(task):
    X_train, y_train, _, _ = task
    return sn.train_mlp(X_train, y_train, hidden_units=(16, 16), epochs=5, seed=1)


def forward_accuracy(net: sn.MLP, X: np.ndarray, y: np.ndarray) -> float:
    hidden = X
    for w, b in zip(net.weights[:-1], net.biases[:-1]):
        hidden = np.clip(hidden @ w + b, 0.0, None)
    return float(np.mean((hidden @ net.weights[-1] + net.biases[-1]).argmax(axis=1) == y))


def magnitude_masks(net: sn.MLP, n_remove: int) -> list[np.ndarray]:
    flat = np.sort(np.concatenate([np.abs(w).ravel() for w in net.weights]))
    return [(np.abs(w) > flat[n_remove - 1]).astype(float) for w in net.weights]


# ----------------------------------------------------------------------------- the task


def test_spiral_task_is_balanced_seeded_and_winds_around_the_origin():
    X, y = sn.spiral_task(1000, seed=5)
    assert X.shape == (1000, 2) and set(np.unique(y)) == {0, 1} and y.sum() == 500
    again, _ = sn.spiral_task(1000, seed=5)
    assert np.array_equal(X, again) and not np.array_equal(X, sn.spiral_task(1000, seed=6)[0])
    radius = np.hypot(X[:, 0], X[:, 1])
    assert 0.0 < np.median(radius) < 1.0 and radius.max() < sn.EXTENT
    # a straight line cannot separate the arms: a logistic regression on the inputs gets at most about two in three
    from scipy.optimize import minimize

    design = np.column_stack([np.ones(len(X)), X])
    fit = minimize(lambda c: np.sum(np.logaddexp(0, design @ c) - y * (design @ c)), np.zeros(3))
    assert 0.5 < np.mean((design @ fit.x > 0) == y) < 0.7


# ----------------------------------------------------------------------------- training and fine-tuning


def test_training_learns_the_spirals_and_is_deterministic(task):
    X_train, y_train, X_test, y_test = task
    net = sn.train_mlp(X_train, y_train, hidden_units=(40, 40), epochs=60, seed=0)
    assert [w.shape for w in net.weights] == [(2, 40), (40, 40), (40, 2)]
    assert forward_accuracy(net, X_test, y_test) > 0.85
    again = sn.train_mlp(X_train, y_train, hidden_units=(40, 40), epochs=60, seed=0)
    assert all(np.array_equal(a, b) for a, b in zip(net.weights, again.weights))
    with pytest.raises(ValueError):
        net.weights[0][0, 0] = 1.0  # read-only: a result cannot be changed in place


def test_l1_penalty_shrinks_the_weights(task):
    X_train, y_train, _, _ = task
    plain = sn.train_mlp(X_train, y_train, hidden_units=(16, 16), epochs=10, seed=0)
    penalised = sn.train_mlp(X_train, y_train, hidden_units=(16, 16), epochs=10, l1_penalty=1e-2, seed=0)
    assert sum(np.abs(w).sum() for w in penalised.weights) < 0.8 * sum(np.abs(w).sum() for w in plain.weights)


def test_fine_tuning_keeps_pruned_weights_at_zero_and_recovers_accuracy(task, small_net):
    X_train, y_train, X_test, y_test = task
    masks = magnitude_masks(small_net, 300)
    pruned = sn.MLP([w * m for w, m in zip(small_net.weights, masks)], small_net.biases)
    tuned = sn.fine_tune(pruned, masks, X_train, y_train, epochs=10, seed=0)
    for w, m in zip(tuned.weights, masks):
        assert np.all(w[m == 0] == 0.0) and np.count_nonzero(w[m == 1]) == m.sum()
    assert forward_accuracy(tuned, X_train, y_train) > forward_accuracy(pruned, X_train, y_train)
    unchanged = sn.fine_tune(pruned, masks, X_train, y_train, epochs=0)
    assert all(np.array_equal(a, b) for a, b in zip(unchanged.weights, pruned.weights))


def test_mlp_refuses_layers_that_do_not_fit():
    with pytest.raises(ValueError, match="one \\(in, out\\) matrix"):
        sn.MLP([np.ones((2, 3)), np.ones((4, 2))], [np.ones(3), np.ones(2)])
    with pytest.raises(ValueError, match="one \\(in, out\\) matrix"):
        sn.MLP([np.ones((2, 3))], [np.ones(2)])
    with pytest.raises(ValueError, match="weights\\[0\\]"):
        sn.MLP([np.ones(3)], [np.ones(3)])


@pytest.mark.parametrize(
    "arguments, match",
    [
        ({"y": np.zeros(299)}, "one integer class label per row"),
        ({"y": np.full(300, 0.5)}, "one integer class label per row"),
        ({"y": np.zeros(300)}, "at least two classes"),
        ({"hidden_units": "80"}, "hidden_units must be a list"),
        ({"hidden_units": (0,)}, "hidden_units\\[0\\]"),
        ({"epochs": 0}, "epochs"),
        ({"learning_rate": -1.0}, "learning_rate"),
        ({"l1_penalty": float("nan")}, "l1_penalty"),
        ({"seed": -1}, "seed"),
    ],
)
def test_train_mlp_refuses_bad_input(task, arguments, match):
    X_train, y_train, _, _ = task
    call = {"X": X_train, "y": y_train, "hidden_units": (4,), "epochs": 1, **arguments}
    with pytest.raises((ValueError, TypeError), match=match):
        sn.train_mlp(**call)


def test_fine_tune_refuses_bad_masks_and_networks(task, small_net):
    X_train, y_train, _, _ = task
    ones = [np.ones_like(w) for w in small_net.weights]
    with pytest.raises(TypeError, match="net must be an MLP"):
        sn.fine_tune("net", ones, X_train, y_train)
    with pytest.raises(TypeError, match="masks must be a list of 3"):
        sn.fine_tune(small_net, ones[:2], X_train, y_train)
    with pytest.raises(ValueError, match="only 0 and 1"):
        sn.fine_tune(small_net, [m * 0.5 for m in ones], X_train, y_train)
    with pytest.raises(ValueError, match="X must have 2 columns and y labels below 2"):
        sn.fine_tune(small_net, ones, np.ones((10, 3)), np.zeros(10))
    with pytest.raises(ValueError, match="y labels below 2"):
        sn.fine_tune(small_net, ones, X_train, np.full(len(X_train), 2))


# ----------------------------------------------------------------------------- the figures' tables


def test_boundary_grid_matches_an_independent_forward_pass(small_net):
    pruned = sn.MLP([w * m for w, m in zip(small_net.weights, magnitude_masks(small_net, 100))], small_net.biases)
    grid = sn.boundary_grid({0.5: (small_net, pruned)})
    assert list(grid.columns) == ["x", "y", "p50%", "f50%"] and len(grid) == 676
    assert grid["x"].min() == pytest.approx(-sn.EXTENT + sn.EXTENT / 26, abs=1e-4)
    assert grid["y"].max() == pytest.approx(sn.EXTENT - sn.EXTENT / 26, abs=1e-4)
    points = grid[["x", "y"]].to_numpy()
    for column, net in (("p50%", small_net), ("f50%", pruned)):
        hidden = points
        for w, b in zip(net.weights[:-1], net.biases[:-1]):
            hidden = np.clip(hidden @ w + b, 0.0, None)
        assert np.array_equal(grid[column], (hidden @ net.weights[-1] + net.biases[-1]).argmax(axis=1))
    with pytest.raises(TypeError, match="pair"):
        sn.boundary_grid({0.5: small_net})
    with pytest.raises(ValueError, match="sparsity"):
        sn.boundary_grid({1.5: (small_net, small_net)})


def test_ledger_grid_lines_and_break_even_follow_the_formula():
    T, I = 2.0e9, 1.0e4
    lines, crossings = sn.ledger_grid(T, I, retrainings=3)
    assert len(crossings) == 13 * 9 and set(lines["model"]) == {"baseline", "compressed"}
    base = lines[lines["model"] == "baseline"]
    assert np.allclose(base["flop"], 3 * T + base["n"] * I)
    assert base["n"].min() == pytest.approx(3 * T / I / 1e3) and base["n"].max() == pytest.approx(3 * T / I * 1e4)
    row = lines[(lines["extra"] == 50) & (lines["saving"] == 90)]
    assert np.allclose(row["flop"], 3 * T * 1.5 + row["n"] * I * 0.1)
    at = crossings.set_index(["extra", "saving"]).loc[(50.0, 90.0)]
    assert at["n"] == pytest.approx(3 * T * 0.5 / (I * 0.9))
    assert at["flop"] == pytest.approx(3 * T + at["n"] * I), "at the break-even both lifetimes are equal"
    assert at["flop"] == pytest.approx(3 * T * 1.5 + at["n"] * I * 0.1)
    assert (crossings.loc[crossings["extra"] == 0, "n"] == 0).all()
    for bad in ({"training_flop": 0.0}, {"inference_flop": float("inf")}, {"retrainings": 0}):
        with pytest.raises(ValueError, match=next(iter(bad))):
            sn.ledger_grid(**{"training_flop": T, "inference_flop": I, **bad})


def test_pruned_network_matches_pruning_by_hand():
    row, networks = sn.pruned_network(0.9, fine_tune_epochs=2)
    X, y = sn.spiral_task(3000, seed=0)
    dense = sn.train_mlp(X[:1000], y[:1000], seed=0)
    masks = magnitude_masks(dense, round(0.9 * 6720))
    pruned, tuned = networks[0.9]
    assert all(np.array_equal(w * m, p) for w, m, p in zip(dense.weights, masks, pruned.weights))
    assert row.loc[0, "inference_flop"] == 2 * sum(m.sum() for m in masks)
    assert row.loc[0, "pruned"] == pytest.approx(forward_accuracy(pruned, X[1000:], y[1000:]))
    assert row.loc[0, "pruned + fine-tuned"] == pytest.approx(forward_accuracy(tuned, X[1000:], y[1000:]))
    with pytest.raises(ValueError, match="sparsity"):
        sn.pruned_network(1.2)
    with pytest.raises(ValueError, match="fine_tune_epochs"):
        sn.pruned_network(0.5, -1)


# ----------------------------------------------------------------------------- answer checks


@pytest.mark.parametrize("label, right, wrong", [
    ("smaller-networks-break-even", 6 * 6720 * 1000 * 15 / (2 * 6250), 50_000.0),
    ("smaller-networks-nasnet", 2.4, 24.0),
    ("smaller-networks-deployment", (6 * 6720 * 40_000 + 1e7 * 13_440) / (6 * 6720 * 55_000 + 1e7 * 1344), 10.0),
])
def test_arithmetic_checks_accept_the_right_answer_only(label, right, wrong):
    assert exercises.check(label, right).correct
    assert not exercises.check(label, wrong).correct


def test_pruning_checks_accept_the_chapters_answer_and_not_magnitude_pruning():
    X, y = sn.spiral_task(3000, seed=0)
    dense = sn.train_mlp(X[:1000], y[:1000], seed=0)
    magnitude = [w * m for w, m in zip(dense.weights, magnitude_masks(dense, 3360))]
    kept_by_magnitude = forward_accuracy(sn.MLP(magnitude, dense.biases), X[1000:], y[1000:])
    assert not exercises.check("smaller-networks-random", kept_by_magnitude).correct, "random pruning is not magnitude pruning"
    expected = exercises._expected("smaller-networks-random")
    assert 0.4 < expected < kept_by_magnitude - 0.2
    assert exercises.check("smaller-networks-l1", exercises._expected("smaller-networks-l1")).correct
    assert not exercises.check("smaller-networks-l1", 0.773).correct, "the unpenalised network's accuracy at 90 % is not the answer"
