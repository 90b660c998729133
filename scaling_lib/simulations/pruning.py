"""Magnitude pruning of a small multilayer perceptron: cheaper to run, not cheaper to train.

The book's chapter on smaller networks (pruning, complexity penalties and architecture search)
uses this module to show the trade the article stresses: a pruned network needs fewer
multiply-adds per prediction, but producing it costs *more* training compute than the dense
network alone, because the dense network must be trained first and then fine-tuned after
pruning (Han et al. 2015, ``han2015learning``; the idea goes back to LeCun et al. 1990,
``lecun1990optimal``; Frankle & Carbin 2019, ``frankle2019lottery``, found sparse subnetworks that train well on their own).

The experiment, end to end:

1. **Task** (:func:`make_classification_task`): two interleaved Archimedean spiral arms in the
   plane, one per class, with Gaussian noise. The boundary between the classes winds around the
   origin, so a linear model does little better than chance and a network needs many hidden units.
2. **Dense network** (:func:`train_mlp`): a ReLU multilayer perceptron (default 2-80-80-2,
   6,720 weights) trained by mini-batch Adam on the softmax cross-entropy, with optional L1 and
   L2 (weight-decay) penalties on the weights.
3. **Pruning** (:func:`prune_by_magnitude`): the fraction ``sparsity`` of weights with the
   smallest absolute value is set to zero, either over all layers together (``scope="global"``,
   the default) or layer by layer. Biases are never pruned.
4. **Fine-tuning** (:func:`fine_tune`): the surviving weights are trained further while a 0/1
   mask keeps pruned weights at exactly zero.
5. **Curve** (:func:`pruning_curve`): test accuracy, inference FLOP and total training FLOP for a
   list of sparsities, with and without fine-tuning, as a tidy DataFrame.

The chapter's charts also need the trained *networks*, not only the summary table:
:func:`dense_network` (the dense network ``pruning_curve`` prunes, with its data split),
:func:`pruned_network` (one sparsity level, optionally fine-tuned), :func:`decision_boundary_grid`
and :func:`predicted_class_grid` (the predicted class on a grid of the input plane),
:func:`task_points` (training examples to draw) and :func:`training_recipes` (the training FLOP
of each recipe of the chapter).

FLOP conventions (documented once, used everywhere):

* **Inference FLOP per example** = 2 x (number of nonzero weights): one multiply and one add per
  weight that is still there. Biases, ReLUs and the softmax are left out (they scale with the
  number of units, not weights). This assumes hardware or sparse kernels that skip zeros; on
  ordinary dense hardware a pruned matrix costs as much as a dense one.
* **Training FLOP** = 6 x (number of weights) x (examples processed), where examples processed =
  training-set size x epochs: 2 FLOP per weight per example forward, 4 backward (the usual
  approximation, also used by Epoch AI for its training-compute estimates). Fine-tuning is
  charged for *all* weights, pruned or not, because masked training does dense matrix products.
  Pruning itself (a sort of the weights) is not charged. Penalty gradients are not charged (they
  cost O(weights) per step, not O(weights x batch)).

Everything is seeded through ``seed`` and deterministic. The trained dense network is cached per
set of arguments, so a live update of one sparsity level costs one fine-tuning run (about 0.1 s).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

from .._threads import single_threaded
import pandas as pd

from scaling_lib import ledger
from scaling_lib._checks import (
    check_array,
    check_choice,
    check_int,
    check_number,
    check_positive,
    check_probability,
    check_seed,
    read_only_copy,
)

__all__ = [
    "MLP",
    "PRUNING_METHODS",
    "DEFAULT_SPARSITIES",
    "BOUNDARY_EXTENT",
    "BOUNDARY_RESOLUTION",
    "CLASS_NAMES",
    "make_classification_task",
    "training_flop_estimate",
    "train_mlp",
    "mlp_predict",
    "mlp_accuracy",
    "prune_by_magnitude",
    "fine_tune",
    "pruning_curve",
    "sparsity_label",
    "dense_network",
    "pruned_network",
    "decision_boundary_grid",
    "predicted_class_grid",
    "task_points",
    "training_recipes",
]

#: Labels of the two curves in :func:`pruning_curve`.
PRUNING_METHODS: tuple[str, str] = ("pruned", "pruned + fine-tuned")

#: A sparsity grid that shows both the flat part and the collapse of the curves (11 levels).
DEFAULT_SPARSITIES: tuple[float, ...] = (0.0, 0.3, 0.5, 0.7, 0.8, 0.9, 0.93, 0.95, 0.97, 0.98, 0.99)

#: Half-width of the square of the input plane (task units) covered by :func:`decision_boundary_grid` (the spirals reach radius ~1.1).
BOUNDARY_EXTENT = 1.25
#: Cells per side of the default grid of :func:`decision_boundary_grid`.
BOUNDARY_RESOLUTION = 26
#: Names of the two classes (labels 0 and 1): the two arms of the spiral.
CLASS_NAMES: tuple[str, str] = ("spiral arm A", "spiral arm B")

_SCOPES = ("global", "layer")
_ADAM_BETA1 = 0.9
_ADAM_BETA2 = 0.999
_ADAM_EPS = 1e-8


@dataclass(frozen=True)
class MLP:
    """A trained ReLU multilayer perceptron: weights, biases and the training FLOP spent on it.

    ``weights[i]`` has shape (units in, units out) of layer ``i``; ``biases[i]`` has shape
    (units out,). The arrays are read-only copies. ``training_flop`` is the cumulative training
    compute (FLOP) that produced this model: dense training plus any fine-tuning (see the module
    docstring for the 6 x weights x examples convention). Chapter: smaller networks.
    """

    weights: tuple[np.ndarray, ...]
    biases: tuple[np.ndarray, ...]
    training_flop: float

    def __post_init__(self) -> None:
        for name in ("weights", "biases"):
            value = getattr(self, name)
            if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or len(value) == 0:
                raise TypeError(f"{name} must be a non-empty sequence of arrays, got {type(value).__name__}")
        if len(self.weights) != len(self.biases):
            raise ValueError(f"weights and biases must have one array per layer, got {len(self.weights)} and {len(self.biases)}")
        weights = tuple(read_only_copy(check_array(f"weights[{i}]", w, ndim=2)) for i, w in enumerate(self.weights))
        biases = tuple(read_only_copy(check_array(f"biases[{i}]", b)) for i, b in enumerate(self.biases))
        for i, (w, b) in enumerate(zip(weights, biases)):
            if b.shape != (w.shape[1],):
                raise ValueError(f"biases[{i}] must have shape ({w.shape[1]},) to match weights[{i}], got {b.shape}")
            if i > 0 and w.shape[0] != weights[i - 1].shape[1]:
                raise ValueError(f"weights[{i}] must have {weights[i - 1].shape[1]} rows to follow weights[{i - 1}], got {w.shape[0]}")
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "biases", biases)
        object.__setattr__(self, "training_flop", check_number("training_flop", self.training_flop, low=0.0))

    @property
    def layer_sizes(self) -> tuple[int, ...]:
        """Units per layer, input first: e.g. (2, 80, 80, 2)."""
        return (self.weights[0].shape[0],) + tuple(w.shape[1] for w in self.weights)

    @property
    def n_classes(self) -> int:
        """Number of output classes."""
        return int(self.weights[-1].shape[1])

    @property
    def n_weights(self) -> int:
        """Number of weights (connections), zero or not; biases excluded."""
        return int(sum(w.size for w in self.weights))

    @property
    def n_nonzero_weights(self) -> int:
        """Number of weights that are not exactly zero."""
        return int(sum(np.count_nonzero(w) for w in self.weights))

    @property
    def sparsity(self) -> float:
        """Fraction of weights that are exactly zero."""
        return 1.0 - self.n_nonzero_weights / self.n_weights

    @property
    def inference_flop(self) -> float:
        """Inference FLOP per example: 2 x nonzero weights (one multiply-add each)."""
        return 2.0 * self.n_nonzero_weights


# ----------------------------------------------------------------------------- data


def make_classification_task(
    n_samples: int = 3000,
    seed: int = 0,
    *,
    noise: float = 0.05,
    turns: float = 2.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Draw the two-spiral classification task: inputs ``X`` (n, 2) and labels ``y`` (n,).

    Each example picks a position t in [0.22, 1] along its arm (t = sqrt(u), u uniform on
    [0.05, 1], so points spread evenly over the area), then sits at radius t and angle
    2 pi x turns x t + pi x label, plus isotropic Gaussian noise of standard deviation ``noise``
    (in the same units as the radius, which is at most 1). Labels are 0 and 1, exactly half each
    (for even ``n_samples``), in random order. With the defaults (2 turns, noise 0.05) a
    well-trained network reaches about 97-98 % test accuracy and a linear classifier little better than chance.
    The task is invented for the book; it has no external source. Chapter: smaller networks.
    """
    n_samples = check_int("n_samples", n_samples, low=2)
    seed = check_seed("seed", seed)
    noise = check_number("noise", noise, low=0.0, high=1.0)
    turns = check_positive("turns", turns, high=10.0)
    rng = np.random.default_rng(seed)
    labels = rng.permutation(np.arange(n_samples) % 2)
    position = np.sqrt(rng.uniform(0.05, 1.0, n_samples))
    angle = 2.0 * np.pi * turns * position + np.pi * labels
    inputs = np.column_stack([position * np.cos(angle), position * np.sin(angle)])
    inputs = inputs + rng.normal(0.0, noise, size=inputs.shape)
    return inputs, labels.astype(int)


def training_flop_estimate(n_weights: int, n_examples: int, epochs: int) -> float:
    """Training FLOP ≈ 6 x weights x examples x epochs (2 forward + 4 backward per weight).

    The standard approximation for dense training (used e.g. by Epoch AI); biases, activations
    and optimiser arithmetic are left out. Chapter: smaller networks.
    """
    n_weights = check_int("n_weights", n_weights, low=1)
    n_examples = check_int("n_examples", n_examples, low=1)
    epochs = check_int("epochs", epochs, low=0)
    return 6.0 * n_weights * n_examples * epochs


# ----------------------------------------------------------------------------- checks


def _check_inputs(X: Any, y: Any) -> tuple[np.ndarray, np.ndarray]:
    inputs = check_array("X", X, ndim=2)
    if inputs.shape[1] < 1:
        raise ValueError(f"X needs at least one column (feature), got shape {inputs.shape}")
    labels_float = check_array("y", y, low=0.0)
    if labels_float.shape[0] != inputs.shape[0]:
        raise ValueError(
            f"y must have one label per row of X: X has {inputs.shape[0]} rows, y has {labels_float.shape[0]}"
        )
    if not np.all(labels_float == np.round(labels_float)):
        bad = int(np.argmax(labels_float != np.round(labels_float)))
        raise ValueError(f"y must hold integer class labels 0, 1, ...; entry {bad} is {labels_float[bad]:g}")
    return inputs, labels_float.astype(int)


def _check_model(model: Any) -> MLP:
    if not isinstance(model, MLP):
        raise TypeError(f"model must be an MLP (from train_mlp), got {type(model).__name__}")
    return model


def _check_hidden_units(hidden_units: Any) -> tuple[int, ...]:
    if isinstance(hidden_units, (str, bytes)) or not isinstance(hidden_units, (Sequence, np.ndarray)):
        raise TypeError(f"hidden_units must be a sequence of layer widths, got {type(hidden_units).__name__}")
    widths = tuple(check_int(f"hidden_units[{i}]", w, low=1, high=4096) for i, w in enumerate(hidden_units))
    if not 1 <= len(widths) <= 8:
        raise ValueError(f"hidden_units must list 1 to 8 hidden layer widths, got {len(widths)}")
    return widths


def _check_mask(mask: Any, model: MLP) -> tuple[np.ndarray, ...]:
    if isinstance(mask, (str, bytes)) or not isinstance(mask, (Sequence,)):
        raise TypeError(f"mask must be a sequence of 0/1 arrays, one per weight matrix, got {type(mask).__name__}")
    if len(mask) != len(model.weights):
        raise ValueError(f"mask must have one array per weight matrix ({len(model.weights)}), got {len(mask)}")
    out = []
    for i, (layer_mask, weights) in enumerate(zip(mask, model.weights)):
        array = check_array(f"mask[{i}]", layer_mask, ndim=2, low=0.0, high=1.0)
        if array.shape != weights.shape:
            raise ValueError(f"mask[{i}] must have shape {weights.shape} like the weights, got {array.shape}")
        if not np.all((array == 0.0) | (array == 1.0)):
            raise ValueError(f"mask[{i}] must contain only 0 and 1")
        out.append(array)
    return tuple(out)


# ----------------------------------------------------------------------------- network


def _forward(weights: Sequence[np.ndarray], biases: Sequence[np.ndarray], inputs: np.ndarray) -> tuple[list[np.ndarray], np.ndarray]:
    """Return the hidden activations (input first) and the output logits."""
    activations = [inputs]
    hidden = inputs
    for w, b in zip(weights[:-1], biases[:-1]):
        hidden = np.maximum(hidden @ w + b, 0.0)
        activations.append(hidden)
    return activations, hidden @ weights[-1] + biases[-1]


def _adam_train(
    weights: list[np.ndarray],
    biases: list[np.ndarray],
    inputs: np.ndarray,
    labels: np.ndarray,
    *,
    epochs: int,
    learning_rate: float,
    batch_size: int,
    l1_penalty: float,
    weight_decay: float,
    masks: tuple[np.ndarray, ...] | None,
    rng: np.random.Generator,
) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Mini-batch Adam on softmax cross-entropy (+ L1 and L2 penalties on weights), in place.

    A Python loop over epochs and mini-batches (the iterations of the optimiser); each step is
    vectorised over the examples of its batch.
    """
    n_examples = inputs.shape[0]
    n_classes = weights[-1].shape[1]
    targets = np.eye(n_classes)[labels]
    params = weights + biases
    first_moment = [np.zeros_like(p) for p in params]
    second_moment = [np.zeros_like(p) for p in params]
    n_layers = len(weights)
    step = 0
    for _ in range(epochs):
        order = rng.permutation(n_examples)
        for start in range(0, n_examples, batch_size):
            batch = order[start:start + batch_size]
            activations, logits = _forward(weights, biases, inputs[batch])
            logits = logits - logits.max(axis=1, keepdims=True)
            probabilities = np.exp(logits)
            probabilities /= probabilities.sum(axis=1, keepdims=True)
            delta = (probabilities - targets[batch]) / batch.size
            grad_w: list[np.ndarray] = [np.empty(0)] * n_layers
            grad_b: list[np.ndarray] = [np.empty(0)] * n_layers
            for layer in range(n_layers - 1, -1, -1):
                grad_w[layer] = activations[layer].T @ delta
                grad_b[layer] = delta.sum(axis=0)
                if layer > 0:
                    delta = (delta @ weights[layer].T) * (activations[layer] > 0.0)
            for layer in range(n_layers):
                if l1_penalty:
                    grad_w[layer] = grad_w[layer] + l1_penalty * np.sign(weights[layer])
                if weight_decay:
                    grad_w[layer] = grad_w[layer] + weight_decay * weights[layer]
                if masks is not None:
                    grad_w[layer] = grad_w[layer] * masks[layer]
            step += 1
            correction1 = 1.0 - _ADAM_BETA1**step
            correction2 = 1.0 - _ADAM_BETA2**step
            for i, (param, grad) in enumerate(zip(params, grad_w + grad_b)):
                first_moment[i] *= _ADAM_BETA1
                first_moment[i] += (1.0 - _ADAM_BETA1) * grad
                second_moment[i] *= _ADAM_BETA2
                second_moment[i] += (1.0 - _ADAM_BETA2) * grad * grad
                param -= learning_rate * (first_moment[i] / correction1) / (
                    np.sqrt(second_moment[i] / correction2) + _ADAM_EPS
                )
            if masks is not None:
                for w, mask in zip(weights, masks):
                    w *= mask
    return weights, biases


@single_threaded
def train_mlp(
    X: Any,
    y: Any,
    hidden_units: Sequence[int] = (80, 80),
    epochs: int = 40,
    learning_rate: float = 0.01,
    l1_penalty: float = 0.0,
    weight_decay: float = 0.0,
    seed: int = 0,
    *,
    batch_size: int = 40,
) -> MLP:
    """Train a dense ReLU multilayer perceptron by mini-batch Adam; return it with its training FLOP.

    ``X`` is (n examples, n features), ``y`` integer labels 0..K-1 (K >= 2 classes present).
    Weights start He-normal (standard deviation sqrt(2 / fan-in)), biases at zero. The loss is
    mean softmax cross-entropy plus ``l1_penalty`` x sum|w| (gradient l1 x sign w) plus
    ``weight_decay`` x sum w^2 / 2 (gradient weight_decay x w), on weights only: the "complexity
    penalties" that push a network towards weights that can be pruned. Adam uses beta1 0.9,
    beta2 0.999, eps 1e-8 (Kingma & Ba's defaults). ``training_flop`` of the result is
    6 x weights x n examples x epochs (see :func:`training_flop_estimate`). The defaults were
    chosen for this book's two-spiral task (about 0.2 s on one core). Width 80 and batches of 40
    keep every matrix product below about 2.6e5 multiply-adds, small enough that OpenBLAS runs
    it on one thread; larger products get split over threads, which slows them down 100-fold
    when another process is busy on the same cores. Chapter: smaller networks.
    """
    inputs, labels = _check_inputs(X, y)
    widths = _check_hidden_units(hidden_units)
    epochs = check_int("epochs", epochs, low=1, high=100_000)
    learning_rate = check_positive("learning_rate", learning_rate, high=10.0)
    l1_penalty = check_number("l1_penalty", l1_penalty, low=0.0, high=10.0)
    weight_decay = check_number("weight_decay", weight_decay, low=0.0, high=10.0)
    seed = check_seed("seed", seed)
    batch_size = check_int("batch_size", batch_size, low=1)
    n_classes = int(labels.max()) + 1
    if np.unique(labels).size < 2:
        raise ValueError("y must contain at least two different classes")
    rng = np.random.default_rng([seed, 1])
    sizes = (inputs.shape[1],) + widths + (n_classes,)
    weights = [rng.normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out)) for fan_in, fan_out in zip(sizes[:-1], sizes[1:])]
    biases = [np.zeros(fan_out) for fan_out in sizes[1:]]
    weights, biases = _adam_train(
        weights, biases, inputs, labels,
        epochs=epochs, learning_rate=learning_rate, batch_size=batch_size,
        l1_penalty=l1_penalty, weight_decay=weight_decay, masks=None, rng=rng,
    )
    n_weights = int(sum(w.size for w in weights))
    return MLP(
        weights=tuple(read_only_copy(w) for w in weights),
        biases=tuple(read_only_copy(b) for b in biases),
        training_flop=training_flop_estimate(n_weights, inputs.shape[0], epochs),
    )


@single_threaded
def mlp_predict(model: MLP, X: Any) -> np.ndarray:
    """Predicted class (integer array, one per row of ``X``) of a trained MLP. Chapter: smaller networks."""
    model = _check_model(model)
    inputs = check_array("X", X, ndim=2)
    if inputs.shape[1] != model.layer_sizes[0]:
        raise ValueError(f"X must have {model.layer_sizes[0]} columns like the model's input, got {inputs.shape[1]}")
    _, logits = _forward(model.weights, model.biases, inputs)
    return np.argmax(logits, axis=1)


@single_threaded
def mlp_accuracy(model: MLP, X: Any, y: Any) -> float:
    """Fraction of rows of ``X`` (in [0, 1]) whose predicted class equals ``y``. Chapter: smaller networks."""
    model = _check_model(model)
    inputs, labels = _check_inputs(X, y)
    return float(np.mean(mlp_predict(model, inputs) == labels))


def prune_by_magnitude(model: MLP, sparsity: float, scope: str = "global") -> tuple[MLP, tuple[np.ndarray, ...]]:
    """Zero the fraction ``sparsity`` of weights with the smallest |w|; return (pruned model, mask).

    ``scope="global"`` ranks all weights of all layers together (so layers with small weights
    lose more); ``scope="layer"`` removes the same fraction from every layer. Exactly
    round(sparsity x count) weights are removed (ties broken by position, so the result is
    deterministic); biases are kept. The mask is a tuple of 0/1 float arrays shaped like the
    weights (1 = kept). The pruned model keeps the ``training_flop`` of the model it came from:
    pruning is a sort, not training. Magnitude pruning as in Han et al. 2015 (``han2015learning``).
    Chapter: smaller networks.
    """
    model = _check_model(model)
    sparsity = check_probability("sparsity", sparsity, closed=True)
    scope = check_choice("scope", scope, _SCOPES)
    if scope == "global":
        magnitudes = np.concatenate([np.abs(w).ravel() for w in model.weights])
        n_remove = int(round(sparsity * magnitudes.size))
        keep = np.ones(magnitudes.size, dtype=bool)
        keep[np.argsort(magnitudes, kind="stable")[:n_remove]] = False
        pieces = np.split(keep, np.cumsum([w.size for w in model.weights])[:-1])
        masks = tuple(piece.reshape(w.shape).astype(float) for piece, w in zip(pieces, model.weights))
    else:
        layer_masks = []
        for w in model.weights:
            magnitudes = np.abs(w).ravel()
            keep = np.ones(magnitudes.size, dtype=bool)
            keep[np.argsort(magnitudes, kind="stable")[: int(round(sparsity * magnitudes.size))]] = False
            layer_masks.append(keep.reshape(w.shape).astype(float))
        masks = tuple(layer_masks)
    pruned = MLP(
        weights=tuple(read_only_copy(w * m) for w, m in zip(model.weights, masks)),
        biases=model.biases,
        training_flop=model.training_flop,
    )
    for mask in masks:
        mask.flags.writeable = False
    return pruned, masks


@single_threaded
def fine_tune(
    model: MLP,
    mask: Sequence[np.ndarray],
    X: Any,
    y: Any,
    epochs: int = 15,
    learning_rate: float = 0.003,
    seed: int = 0,
    *,
    batch_size: int = 40,
) -> MLP:
    """Retrain a pruned MLP with pruned weights held at zero by ``mask``; return the new model.

    Weights where ``mask`` is 0 are zeroed first, their gradients are masked and they are zeroed
    again after every Adam step, so they are exactly zero in the result; biases all train.
    The returned ``training_flop`` is the model's previous training FLOP plus
    6 x (all weights) x n examples x epochs: masked training still does dense matrix products,
    so the fine-tuning cost does not shrink with sparsity. Fresh Adam state, otherwise the same
    settings as :func:`train_mlp`; the default step (0.003) is smaller than for dense training
    (0.01) so that a lightly pruned network is nudged rather than shaken (our choice, tuned on
    the two-spiral task). Chapter: smaller networks.
    """
    model = _check_model(model)
    masks = _check_mask(mask, model)
    inputs, labels = _check_inputs(X, y)
    if inputs.shape[1] != model.layer_sizes[0]:
        raise ValueError(f"X must have {model.layer_sizes[0]} columns like the model's input, got {inputs.shape[1]}")
    if labels.max() >= model.n_classes:
        raise ValueError(f"y must hold labels below the model's {model.n_classes} classes, got {labels.max()}")
    epochs = check_int("epochs", epochs, low=0, high=100_000)
    learning_rate = check_positive("learning_rate", learning_rate, high=10.0)
    seed = check_seed("seed", seed)
    batch_size = check_int("batch_size", batch_size, low=1)
    rng = np.random.default_rng([seed, 2])
    weights = [np.array(w) * m for w, m in zip(model.weights, masks)]
    biases = [np.array(b) for b in model.biases]
    weights, biases = _adam_train(
        weights, biases, inputs, labels,
        epochs=epochs, learning_rate=learning_rate, batch_size=batch_size,
        l1_penalty=0.0, weight_decay=0.0, masks=masks, rng=rng,
    )
    extra_flop = training_flop_estimate(model.n_weights, inputs.shape[0], epochs)
    return MLP(
        weights=tuple(read_only_copy(w) for w in weights),
        biases=tuple(read_only_copy(b) for b in biases),
        training_flop=model.training_flop + extra_flop,
    )


# ----------------------------------------------------------------------------- curve


@functools.lru_cache(maxsize=16)
def _dense_baseline(
    n_train: int,
    n_test: int,
    hidden_units: tuple[int, ...],
    epochs: int,
    learning_rate: float,
    l1_penalty: float,
    weight_decay: float,
    noise: float,
    batch_size: int,
    seed: int,
) -> tuple[MLP, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Data split and trained dense model for one set of (already checked) arguments, cached."""
    inputs, labels = make_classification_task(n_train + n_test, seed=seed, noise=noise)
    parts = [read_only_copy(inputs[:n_train]), labels[:n_train].copy(), read_only_copy(inputs[n_train:]), labels[n_train:].copy()]
    parts[1].flags.writeable = False
    parts[3].flags.writeable = False
    model = train_mlp(
        parts[0], parts[1], hidden_units=hidden_units, epochs=epochs, learning_rate=learning_rate,
        l1_penalty=l1_penalty, weight_decay=weight_decay, seed=seed, batch_size=batch_size,
    )
    return (model, *parts)


@single_threaded
def pruning_curve(
    sparsities: Any = DEFAULT_SPARSITIES,
    fine_tune_epochs: int = 15,
    seed: int = 0,
    *,
    n_train: int = 1000,
    n_test: int = 2000,
    hidden_units: Sequence[int] = (80, 80),
    epochs: int = 40,
    learning_rate: float = 0.01,
    l1_penalty: float = 0.0,
    weight_decay: float = 0.0,
    noise: float = 0.05,
    scope: str = "global",
    batch_size: int = 40,
    fine_tune_learning_rate: float = 0.003,
) -> pd.DataFrame:
    """Accuracy and cost of magnitude pruning at each sparsity, with and without fine-tuning.

    Trains one dense network on ``n_train`` two-spiral examples (cached per argument set), prunes
    it to each sparsity in ``sparsities`` (fractions in [0, 1]) and measures accuracy on
    ``n_test`` fresh examples from the same distribution, both straight after pruning and after
    ``fine_tune_epochs`` epochs of masked fine-tuning. Every sparsity level is fine-tuned from the
    same dense network with the same seed, so one level computed alone matches its row here.

    Returns a tidy DataFrame, two rows per sparsity, columns:
    ``sparsity`` (fraction of weights removed), ``method`` ("pruned" or "pruned + fine-tuned"),
    ``test_accuracy`` (fraction), ``nonzero_weights``, ``inference_flop`` (FLOP per example,
    2 x nonzero weights), ``training_flop_total`` (FLOP: dense training, plus fine-tuning for the
    fine-tuned rows). Defaults: 2-80-80-2 network, 40 epochs at step 0.01, 15 fine-tuning
    epochs at step 0.003, batches of 40; about 0.2 s for the dense network plus about 0.1 s per sparsity level on one core.
    Chapter: smaller networks.
    """
    levels = check_array("sparsities", sparsities, low=0.0, high=1.0)
    fine_tune_epochs = check_int("fine_tune_epochs", fine_tune_epochs, low=0, high=10_000)
    seed = check_seed("seed", seed)
    n_train = check_int("n_train", n_train, low=10, high=1_000_000)
    n_test = check_int("n_test", n_test, low=10, high=1_000_000)
    widths = _check_hidden_units(hidden_units)
    epochs = check_int("epochs", epochs, low=1, high=100_000)
    learning_rate = check_positive("learning_rate", learning_rate, high=10.0)
    l1_penalty = check_number("l1_penalty", l1_penalty, low=0.0, high=10.0)
    weight_decay = check_number("weight_decay", weight_decay, low=0.0, high=10.0)
    noise = check_number("noise", noise, low=0.0, high=1.0)
    scope = check_choice("scope", scope, _SCOPES)
    batch_size = check_int("batch_size", batch_size, low=1)
    fine_tune_learning_rate = check_positive("fine_tune_learning_rate", fine_tune_learning_rate, high=10.0)
    dense, x_train, y_train, x_test, y_test = _dense_baseline(
        n_train, n_test, widths, epochs, learning_rate, l1_penalty, weight_decay, noise, batch_size, seed
    )
    rows = []
    for level in levels:
        pruned, mask = prune_by_magnitude(dense, float(level), scope=scope)
        tuned = fine_tune(
            pruned, mask, x_train, y_train, epochs=fine_tune_epochs, learning_rate=fine_tune_learning_rate,
            seed=seed, batch_size=batch_size,
        )
        for method, model in zip(PRUNING_METHODS, (pruned, tuned)):
            rows.append(
                {
                    "sparsity": float(level),
                    "method": method,
                    "test_accuracy": mlp_accuracy(model, x_test, y_test),
                    "nonzero_weights": model.n_nonzero_weights,
                    "inference_flop": model.inference_flop,
                    "training_flop_total": model.training_flop,
                }
            )
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------- networks behind the charts


def sparsity_label(sparsity: float) -> str:
    """A sparsity as a short label, as in the column names of :func:`decision_boundary_grid`: 0.93 -> ``"93%"``."""
    sparsity = check_probability("sparsity", sparsity, closed=True)
    return f"{sparsity:.0%}"


def dense_network(seed: int = 0, n_train: int = 1000, n_test: int = 2000) -> tuple[MLP, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The dense 2-80-80-2 network :func:`pruning_curve` starts from, with its data split.

    Returns ``(model, X_train, y_train, X_test, y_test)`` (arrays read-only): the task is drawn with
    ``make_classification_task(n_train + n_test, seed)``, the first ``n_train`` rows train
    ``train_mlp(..., seed=seed)`` with its defaults, the rest are the test set: the same split
    and network as ``pruning_curve`` with default arguments, from the same cache, so a live
    update trains nothing. Chapter: smaller networks.
    """
    seed = check_seed("seed", seed)
    n_train = check_int("n_train", n_train, low=10, high=1_000_000)
    n_test = check_int("n_test", n_test, low=10, high=1_000_000)
    # pruning_curve's defaults, so both share one cached dense network
    return _dense_baseline(n_train, n_test, (80, 80), 40, 0.01, 0.0, 0.0, 0.05, 40, seed)


def pruned_network(sparsity: float, fine_tune_epochs: int = 15, seed: int = 0) -> tuple[MLP, dict[str, float]]:
    """Prune the dense network to ``sparsity`` and fine-tune it for ``fine_tune_epochs`` (0 = not at all).

    Returns ``(model, summary)`` where ``summary`` holds ``sparsity``, ``fine_tune_epochs``,
    ``test_accuracy`` (fraction), ``nonzero_weights``, ``inference_flop`` (FLOP per prediction) and
    ``training_flop_total`` (FLOP), matching the row of :func:`pruning_curve` for the same
    level and epochs. About 6 ms per fine-tuning epoch. Chapter: smaller networks.
    """
    sparsity = check_probability("sparsity", sparsity, closed=True)
    fine_tune_epochs = check_int("fine_tune_epochs", fine_tune_epochs, low=0, high=10_000)
    dense, x_train, y_train, x_test, y_test = dense_network(seed)
    model, mask = prune_by_magnitude(dense, sparsity)
    if fine_tune_epochs:
        model = fine_tune(model, mask, x_train, y_train, epochs=fine_tune_epochs, seed=seed)
    summary = {
        "sparsity": sparsity,
        "fine_tune_epochs": float(fine_tune_epochs),
        "test_accuracy": mlp_accuracy(model, x_test, y_test),
        "nonzero_weights": float(model.n_nonzero_weights),
        "inference_flop": model.inference_flop,
        "training_flop_total": model.training_flop,
    }
    return model, summary


def _grid_points(resolution: int, extent: float) -> np.ndarray:
    """Centres of a ``resolution`` x ``resolution`` grid of cells covering [-extent, extent]², one row per cell."""
    centres = (np.arange(resolution) + 0.5) / resolution * 2.0 * extent - extent
    xx, yy = np.meshgrid(centres, centres)
    return np.column_stack([xx.ravel(), yy.ravel()])


def _predict(model: MLP, points: np.ndarray, chunk: int = 40) -> np.ndarray:
    """Predicted classes in chunks of ``chunk`` rows: small matrix products stay on one BLAS thread (see train_mlp)."""
    return np.concatenate([mlp_predict(model, points[start:start + chunk]) for start in range(0, len(points), chunk)])


def _class_names(labels: np.ndarray) -> np.ndarray:
    return np.where(np.asarray(labels) == 1, CLASS_NAMES[1], CLASS_NAMES[0])


def decision_boundary_grid(
    sparsities: Sequence[float] = DEFAULT_SPARSITIES,
    fine_tune_epochs: int = 15,
    seed: int = 0,
    resolution: int = BOUNDARY_RESOLUTION,
    extent: float = BOUNDARY_EXTENT,
) -> pd.DataFrame:
    """Predicted class of each pruned network at the centres of a ``resolution`` x ``resolution`` grid.

    Wide form, one row per grid cell: ``x``, ``y`` (cell centre, in the task's units, within
    ±``extent``, rounded to 4 decimals), then for each sparsity s two columns of 0/1 predictions:
    ``"p" + label`` (pruned only) and ``"f" + label`` (pruned, then fine-tuned for
    ``fine_tune_epochs``), where label is :func:`sparsity_label` (``"p90%"``, ``"f90%"``). Wide so
    a static chart's data stays small (26² = 676 rows); a drop-down picks the column. About 0.1 s
    per sparsity. Chapter: smaller networks.
    """
    levels = check_array("sparsities", sparsities, low=0.0, high=1.0)
    fine_tune_epochs = check_int("fine_tune_epochs", fine_tune_epochs, low=0, high=10_000)
    seed = check_seed("seed", seed)
    resolution = check_int("resolution", resolution, low=2, high=200)
    extent = check_positive("extent", extent, high=100.0)
    points = _grid_points(resolution, extent)
    columns: dict[str, np.ndarray] = {"x": np.round(points[:, 0], 4), "y": np.round(points[:, 1], 4)}
    for level in levels:
        label = sparsity_label(float(level))
        pruned, _ = pruned_network(float(level), 0, seed)
        tuned, _ = pruned_network(float(level), fine_tune_epochs, seed)
        columns["p" + label] = _predict(pruned, points)
        columns["f" + label] = _predict(tuned, points)
    return pd.DataFrame(columns)


def predicted_class_grid(model: MLP, resolution: int = BOUNDARY_RESOLUTION, extent: float = BOUNDARY_EXTENT) -> pd.DataFrame:
    """Predicted class of one network at the centres of a ``resolution`` x ``resolution`` grid.

    ``model`` takes the task's two inputs (e.g. from :func:`pruned_network`). One row per grid
    cell: ``x``, ``y`` (cell centre, task units, within ±``extent``), ``predicted`` (0 or 1) and
    ``arm`` (its name, from :data:`CLASS_NAMES`). Chapter: smaller networks.
    """
    model = _check_model(model)
    if model.layer_sizes[0] != 2:
        raise ValueError(f"model must take the task's 2 inputs, got a model with {model.layer_sizes[0]}")
    resolution = check_int("resolution", resolution, low=2, high=200)
    extent = check_positive("extent", extent, high=100.0)
    points = _grid_points(resolution, extent)
    predicted = _predict(model, points)
    return pd.DataFrame({"x": points[:, 0], "y": points[:, 1], "predicted": predicted, "arm": _class_names(predicted)})


def task_points(n_points: int = 300, seed: int = 0) -> pd.DataFrame:
    """The first ``n_points`` training examples of :func:`dense_network`: ``x``, ``y`` (rounded to 4 decimals), ``label`` (0/1) and ``arm`` (name). Chapter: smaller networks."""
    n_points = check_int("n_points", n_points, low=1, high=1000)
    seed = check_seed("seed", seed)
    return _task_points(n_points, seed).copy()


@functools.lru_cache(maxsize=4)
def _task_points(n_points: int, seed: int) -> pd.DataFrame:
    _, x_train, y_train, _, _ = dense_network(seed)
    return pd.DataFrame(
        {
            "x": np.round(x_train[:n_points, 0], 4),
            "y": np.round(x_train[:n_points, 1], 4),
            "label": y_train[:n_points],
            "arm": _class_names(y_train[:n_points]),
        }
    )


def _check_curve(curve: pd.DataFrame, name: str = "curve") -> pd.DataFrame:
    """``curve`` if it is a DataFrame with the columns of :func:`pruning_curve`'s output."""
    if not isinstance(curve, pd.DataFrame):
        raise TypeError(f"{name} must be a DataFrame from pruning.pruning_curve, got {type(curve).__name__}")
    required = {"sparsity", "method", "test_accuracy", "nonzero_weights", "inference_flop", "training_flop_total"}
    missing = required - set(curve.columns)
    if missing:
        raise ValueError(f"{name} is missing columns {sorted(missing)}")
    return curve


def training_recipes(curve: pd.DataFrame, l1_curve: pd.DataFrame | None = None, penalty_trials: int = 5) -> pd.DataFrame:
    """Training FLOP of each recipe in the chapter: columns ``recipe``, ``training_flop`` (FLOP), ``training_gflop`` (1e9 FLOP).

    ``curve`` (and ``l1_curve``, trained with an L1 penalty) come from :func:`pruning_curve`.
    Dense training and pruning without retraining cost the same (pruning is a sort); fine-tuning
    adds its epochs (``curve``'s fine-tuned rows); an L1 penalty costs one run, but choosing its
    strength by trying ``penalty_trials`` values costs :func:`scaling_lib.ledger.search_cost`
    (trials x one run). Chapter: smaller networks.
    """
    curve = _check_curve(curve)
    penalty_trials = check_int("penalty_trials", penalty_trials, low=1, high=1000)
    dense = float(curve.loc[curve["method"] == PRUNING_METHODS[0], "training_flop_total"].iloc[0])
    tuned = float(curve.loc[curve["method"] == PRUNING_METHODS[1], "training_flop_total"].iloc[0])
    rows = [
        ("dense network", dense),
        ("pruned, no fine-tuning", dense),
        ("pruned + fine-tuned", tuned),
    ]
    if l1_curve is not None:
        l1_run = float(_check_curve(l1_curve, "l1_curve")["training_flop_total"].iloc[0])
        rows += [
            ("L1 penalty, one run", l1_run),
            (f"L1 penalty, {penalty_trials} strengths tried", ledger.search_cost(penalty_trials, l1_run)),
        ]
    table = pd.DataFrame(rows, columns=["recipe", "training_flop"])
    table["training_gflop"] = table["training_flop"] / 1e9
    return table
