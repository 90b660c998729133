"""Computation behind the chapter *Smaller networks: cheaper to run, not cheaper to train* (``book/smaller_networks.md``).

The chapter prunes, evaluates and keeps the books in its own cells. This module holds what is not the lesson: the
two-spiral task, the Adam loop that trains a small ReLU network (dense, or with pruned weights held at zero), the
figures' tables and the network the live control prunes. FLOP: 2 per weight per prediction, 6 per weight per example.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd

from scaling_lib._checks import check_array, check_int, check_mapping, check_number, check_positive, check_probability
from scaling_lib._checks import check_seed, read_only_copy
from scaling_lib._threads import single_threaded

__all__ = ["MLP", "CLASS_NAMES", "EXTENT", "spiral_task", "train_mlp", "fine_tune", "boundary_grid", "ledger_grid",
           "pruned_network"]

#: Names of the two classes (labels 0 and 1): the two arms of the spiral.
CLASS_NAMES = ("spiral arm A", "spiral arm B")
#: Half-width of the square of the plane the figures draw (task units; the spirals reach radius ~1.1).
EXTENT = 1.25


@dataclass(frozen=True)
class MLP:
    """A ReLU network: ``weights[i]`` is layer i's (in, out) matrix, ``biases[i]`` its (out,) vector. Chapter: smaller networks."""

    weights: tuple
    biases: tuple

    def __post_init__(self) -> None:
        weights = tuple(read_only_copy(check_array(f"weights[{i}]", w, ndim=2)) for i, w in enumerate(self.weights))
        biases = tuple(read_only_copy(check_array(f"biases[{i}]", b)) for i, b in enumerate(self.biases))
        matched = len(weights) == len(biases) and all(b.shape == (w.shape[1],) for w, b in zip(weights, biases))
        if not weights or not matched or any(a.shape[1] != b.shape[0] for a, b in zip(weights, weights[1:])):
            raise ValueError("weights and biases must hold one (in, out) matrix and one (out,) vector per layer, "
                             "each layer's out equal to the next layer's in")
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "biases", biases)


def spiral_task(n_samples: int = 3000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaved spiral arms: inputs ``X`` (n, 2) and labels ``y`` (n,) of 0 and 1, half each.

    A point sits at radius t = sqrt(u), u uniform on [0.05, 1], and angle 4πt + π·label (two turns),
    plus Gaussian noise of standard deviation 0.05 (task units). Invented for the book. Chapter: smaller networks.
    """
    n_samples = check_int("n_samples", n_samples, low=2, high=10_000_000)
    rng = np.random.default_rng(check_seed("seed", seed))
    labels = rng.permutation(np.arange(n_samples) % 2)
    radius = np.sqrt(rng.uniform(0.05, 1.0, n_samples))
    angle = 4.0 * np.pi * radius + np.pi * labels
    inputs = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return inputs + rng.normal(0.0, 0.05, size=inputs.shape), labels.astype(int)


def _check_data(X: Any, y: Any, net: MLP | None = None) -> tuple[np.ndarray, np.ndarray]:
    inputs = check_array("X", X, ndim=2)
    labels = check_array("y", y, low=0.0, high=1000.0)
    if labels.shape[0] != inputs.shape[0] or np.any(labels != np.round(labels)):
        raise ValueError(f"y must hold one integer class label per row of X ({inputs.shape[0]} rows), got {labels.shape[0]} labels")
    if net is not None and (inputs.shape[1] != net.weights[0].shape[0] or labels.max() >= net.weights[-1].shape[1]):
        raise ValueError(f"X must have {net.weights[0].shape[0]} columns and y labels below {net.weights[-1].shape[1]}, like net")
    return inputs, labels.astype(int)


def _forward(weights: Any, biases: Any, inputs: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Hidden activations (input first) and the output scores of a ReLU network."""
    activations = [inputs]
    for w, b in zip(weights[:-1], biases[:-1]):
        activations.append(np.maximum(activations[-1] @ w + b, 0.0))
    return activations, activations[-1] @ weights[-1] + biases[-1]


def _adam(weights: list, biases: list, inputs: np.ndarray, labels: np.ndarray, *, epochs: int, learning_rate: float,
          batch_size: int, l1_penalty: float, masks: Any, rng: np.random.Generator) -> MLP:
    """Mini-batch Adam (β₁ 0.9, β₂ 0.999, ε 1e-8) on mean softmax cross-entropy + l1_penalty·Σ|w|; masked weights stay 0.

    Every weight and bias is a view of one flat array, so a step updates them all in a few calls (a live control retrains).
    """
    targets = np.eye(weights[-1].shape[1])[labels]
    shapes, n = [p.shape for p in (*weights, *biases)], len(weights)
    flat = np.concatenate([np.ravel(p) for p in (*weights, *biases)]).astype(float)
    keep = np.concatenate([np.ravel(m) for m in masks] + [np.ones(b.size) for b in biases]).astype(float)
    grad, moment1, moment2 = np.zeros_like(flat), np.zeros_like(flat), np.zeros_like(flat)
    ends = np.cumsum([int(np.prod(shape)) for shape in shapes])[:-1]
    weights, biases = [v.reshape(s) for v, s in zip(np.split(flat, ends)[:n], shapes)], [v for v in np.split(flat, ends)[n:]]
    grads_w, grads_b = [v.reshape(s) for v, s in zip(np.split(grad, ends)[:n], shapes)], np.split(grad, ends)[n:]
    step = 0
    for _ in range(epochs):
        order = rng.permutation(len(inputs))
        for start in range(0, len(inputs), batch_size):
            batch = order[start:start + batch_size]
            activations, scores = _forward(weights, biases, inputs[batch])
            probabilities = np.exp(scores - scores.max(axis=1, keepdims=True))
            delta = (probabilities / probabilities.sum(axis=1, keepdims=True) - targets[batch]) / batch.size
            for layer in range(n - 1, -1, -1):  # backpropagation, output layer first
                np.matmul(activations[layer].T, delta, out=grads_w[layer])
                if l1_penalty:
                    grads_w[layer] += l1_penalty * np.sign(weights[layer])
                np.sum(delta, axis=0, out=grads_b[layer])
                if layer:
                    delta = (delta @ weights[layer].T) * (activations[layer] > 0.0)
            grad *= keep
            step += 1
            moment1 *= 0.9
            moment1 += (1.0 - 0.9) * grad
            moment2 *= 0.999
            moment2 += (1.0 - 0.999) * grad * grad
            flat -= learning_rate * (moment1 / (1.0 - 0.9**step)) / (np.sqrt(moment2 / (1.0 - 0.999**step)) + 1e-8)
            flat *= keep
    return MLP(tuple(w.copy() for w in weights), tuple(b.copy() for b in biases))


def _settings(epochs: Any, learning_rate: Any, batch_size: Any, seed: Any, stream: int, min_epochs: int) -> dict:
    """Checked settings of the training loop, with its random generator (stream 1 trains, stream 2 fine-tunes)."""
    return {
        "epochs": check_int("epochs", epochs, low=min_epochs, high=10_000),
        "learning_rate": check_positive("learning_rate", learning_rate, high=10.0),
        "batch_size": check_int("batch_size", batch_size, low=1, high=100_000),
        "rng": np.random.default_rng([check_seed("seed", seed), stream]),
    }


@single_threaded
def train_mlp(X: Any, y: Any, hidden_units: Any = (80, 80), epochs: int = 40, learning_rate: float = 0.01,
              l1_penalty: float = 0.0, seed: int = 0, *, batch_size: int = 40) -> MLP:
    """Train a dense ReLU network on inputs ``X`` (n, features) and integer labels ``y`` by mini-batch Adam.

    Weights start He-normal, biases at zero; the loss is softmax cross-entropy plus ``l1_penalty`` × Σ|w| (the
    complexity penalty). Costs 6 × weights × n × ``epochs`` FLOP; about 0.2 s with the defaults.
    Chapter: smaller networks.
    """
    inputs, labels = _check_data(X, y)
    if isinstance(hidden_units, (str, bytes, dict)) or not hasattr(hidden_units, "__iter__"):
        raise TypeError(f"hidden_units must be a list of layer widths, got {type(hidden_units).__name__}")
    widths = [check_int(f"hidden_units[{i}]", w, low=1, high=1024) for i, w in enumerate(hidden_units)]
    if len(widths) > 8 or np.unique(labels).size < 2:
        raise ValueError("hidden_units must list at most 8 layer widths, and y must hold at least two classes")
    l1_penalty = check_number("l1_penalty", l1_penalty, low=0.0, high=10.0)
    settings = _settings(epochs, learning_rate, batch_size, seed, stream=1, min_epochs=1)
    sizes = [inputs.shape[1], *widths, int(labels.max()) + 1]
    weights = [settings["rng"].normal(0.0, np.sqrt(2.0 / n_in), size=(n_in, n_out)) for n_in, n_out in zip(sizes, sizes[1:])]
    biases = [np.zeros(n_out) for n_out in sizes[1:]]
    masks = [np.ones_like(w) for w in weights]  # dense: every weight trains
    return _adam(weights, biases, inputs, labels, l1_penalty=l1_penalty, masks=masks, **settings)


@single_threaded
def fine_tune(net: MLP, masks: Any, X: Any, y: Any, epochs: int = 15, learning_rate: float = 0.003, seed: int = 0,
              *, batch_size: int = 40) -> MLP:
    """Train a pruned network further with the weights where ``masks`` is 0 held at exactly zero (fresh Adam state).

    ``masks`` holds one 0/1 array per weight matrix. Masked training still multiplies full matrices, so it costs
    6 × all weights × n × ``epochs`` FLOP whatever the sparsity. Chapter: smaller networks.
    """
    if not isinstance(net, MLP):
        raise TypeError(f"net must be an MLP (from train_mlp), got {type(net).__name__}")
    inputs, labels = _check_data(X, y, net)
    if isinstance(masks, (str, bytes, dict)) or not hasattr(masks, "__len__") or len(masks) != len(net.weights):
        raise TypeError(f"masks must be a list of {len(net.weights)} 0/1 arrays, one per weight matrix")
    masks = [check_array(f"masks[{i}]", m, ndim=2, low=0.0, high=1.0) for i, m in enumerate(masks)]
    if any(m.shape != w.shape or np.any((m != 0) & (m != 1)) for m, w in zip(masks, net.weights)):
        raise ValueError("masks must hold only 0 and 1, each shaped like its weight matrix")
    settings = _settings(epochs, learning_rate, batch_size, seed, stream=2, min_epochs=0)
    weights = [w * m for w, m in zip(net.weights, masks)]
    return _adam(weights, [np.array(b) for b in net.biases], inputs, labels, l1_penalty=0.0, masks=masks, **settings)


@single_threaded
def boundary_grid(networks: Mapping) -> pd.DataFrame:
    """Predicted class (0/1) of each network at the centres of a 26 × 26 grid over ±:data:`EXTENT` (task units).

    ``networks`` maps a sparsity (fraction) to a pair (pruned, fine-tuned) of networks. Wide table, one row per cell:
    ``x``, ``y`` and columns ``p90%`` / ``f90%`` (pruned / fine-tuned at 90 %). Chapter: smaller networks.
    """
    centres = np.round((np.arange(26) + 0.5) / 26 * 2 * EXTENT - EXTENT, 4)
    xx, yy = np.meshgrid(centres, centres)
    points = np.column_stack([xx.ravel(), yy.ravel()])
    table = {"x": points[:, 0], "y": points[:, 1]}
    for sparsity, pair in check_mapping("networks", networks).items():
        label = f"{check_probability('a sparsity (key of networks)', sparsity, closed=True):.0%}"
        if not isinstance(pair, tuple) or len(pair) != 2 or not all(isinstance(net, MLP) for net in pair):
            raise TypeError(f"networks[{sparsity!r}] must be a pair (pruned, fine-tuned) of MLPs")
        for prefix, net in zip("pf", pair):
            table[prefix + label] = _forward(net.weights, net.biases, points)[1].argmax(axis=1)
    return pd.DataFrame(table)


def ledger_grid(training_flop: float, inference_flop: float, retrainings: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Lifetime FLOP of a baseline and of compressed models over predictions served, for the ledger figures.

    Baseline: r·T + n·I (T = ``training_flop`` per run, I = ``inference_flop`` per prediction, r = ``retrainings``).
    Compressed, for extra training e = 0, 25 … 300 % and saving s = 10 … 90 %: r·T(1 + e/100) + n·I(1 − s/100), n from
    r·T/I × 10⁻³ to × 10⁴. Returns ``lines`` (``extra``, ``saving``, ``n``, ``model``, ``flop``; the baseline once, NaN
    grid columns) and ``crossings`` (``extra``, ``saving``, break-even ``n`` = r·T·e / (I·s), ``flop`` there). Chapter: smaller networks.
    """
    training_flop = check_positive("training_flop", training_flop, high=1e30)
    inference_flop = check_positive("inference_flop", inference_flop, high=1e30)
    runs = check_int("retrainings", retrainings, low=1, high=100_000)
    extra, saving = (grid.ravel() for grid in np.meshgrid(np.arange(0.0, 301, 25), np.arange(10.0, 91, 10), indexing="ij"))
    counts = runs * training_flop / inference_flop * 10.0 ** (np.arange(-9, 13) / 3)
    baseline = runs * training_flop + counts * inference_flop
    compressed = runs * training_flop * (1 + extra[:, None] / 100) + counts * inference_flop * (1 - saving[:, None] / 100)
    lines = pd.concat([
        pd.DataFrame({"extra": np.nan, "saving": np.nan, "n": counts, "model": "baseline", "flop": baseline}),
        pd.DataFrame({"extra": extra.repeat(counts.size), "saving": saving.repeat(counts.size),
                      "n": np.tile(counts, extra.size), "model": "compressed", "flop": compressed.ravel()}),
    ], ignore_index=True)
    crossing = runs * training_flop * extra / (inference_flop * saving)
    crossings = pd.DataFrame({"extra": extra, "saving": saving, "n": crossing, "flop": runs * training_flop + crossing * inference_flop})
    return lines, crossings


@functools.lru_cache(maxsize=4)
def _chapter_network(seed: int) -> tuple:
    """The chapter's dense network and data split (3,000 spiral points: 1,000 to train, 2,000 to test), trained once."""
    inputs, labels = spiral_task(3000, seed)
    net = train_mlp(inputs[:1000], labels[:1000], seed=seed)
    return net, inputs[:1000], labels[:1000], inputs[1000:], labels[1000:]


@single_threaded
def pruned_network(sparsity: float, fine_tune_epochs: int = 15) -> tuple[pd.DataFrame, dict]:
    """The chapter's network pruned by magnitude to ``sparsity``, and then fine-tuned for ``fine_tune_epochs``.

    Returns ``(row, networks)``: a one-row table like the chapter's ``curve`` (``sparsity``, ``inference_flop`` in FLOP
    per prediction, test accuracies ``pruned`` and ``pruned + fine-tuned``) and ``{sparsity: (pruned, tuned)}`` for
    :func:`boundary_grid`. For the live control. Chapter: smaller networks.
    """
    sparsity = check_probability("sparsity", sparsity, closed=True)
    epochs = check_int("fine_tune_epochs", fine_tune_epochs, low=0, high=1000)
    dense, x_train, y_train, x_test, y_test = _chapter_network(0)
    magnitudes = np.concatenate([np.abs(w).ravel() for w in dense.weights])
    keep = np.ones(magnitudes.size)
    keep[np.argsort(magnitudes, kind="stable")[:round(sparsity * magnitudes.size)]] = 0.0
    pieces = np.split(keep, np.cumsum([w.size for w in dense.weights])[:-1])
    masks = [piece.reshape(w.shape) for piece, w in zip(pieces, dense.weights)]
    pruned = MLP(tuple(w * m for w, m in zip(dense.weights, masks)), dense.biases)
    tuned = fine_tune(pruned, masks, x_train, y_train, epochs=epochs, seed=0)
    right = [_forward(net.weights, net.biases, x_test)[1].argmax(axis=1) == y_test for net in (pruned, tuned)]
    row = {"sparsity": sparsity, "inference_flop": 2.0 * keep.sum(), "pruned": right[0].mean(), "pruned + fine-tuned": right[1].mean()}
    return pd.DataFrame([row]), {sparsity: (pruned, tuned)}
