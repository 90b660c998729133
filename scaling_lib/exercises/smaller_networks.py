"""Answer checks for the exercises of *Smaller networks: cheaper to run, not cheaper to train* (``book/smaller_networks.md``).

Each expected value is computed here with numpy from the network's size (2-80-80-2: 6,720 weights, 40 epochs on
1,000 examples, 15 of fine-tuning) or its trained weights, not with the chapter's ``prune`` and ``accuracy``.
"""
import functools

import numpy as np

from .. import smaller_networks as sn
from . import register

_WEIGHTS = 2 * 80 + 80 * 80 + 80 * 2
_EXAMPLES, _EPOCHS, _FINE_TUNE_EPOCHS = 1000, 40, 15


@functools.cache
def _pruned_accuracy(l1_penalty: float, criterion: str, sparsity: float) -> float:
    """Test accuracy of the chapter's network (trained with ``l1_penalty``) after removing the fraction ``sparsity`` of
    weights with the lowest score: |w|, or a uniform draw from ``default_rng(1)`` per layer (no ties expected)."""
    X, y = sn.spiral_task(3000, seed=0)
    net = sn.train_mlp(X[:1000], y[:1000], l1_penalty=l1_penalty, seed=0)
    rng = np.random.default_rng(1)
    scores = [rng.random(w.shape) if criterion == "random" else np.abs(w) for w in net.weights]
    cut = np.sort(np.concatenate([s.ravel() for s in scores]))[round(sparsity * _WEIGHTS) - 1]
    hidden = X[1000:]
    for layer, (w, b, s) in enumerate(zip(net.weights, net.biases, scores)):
        hidden = hidden @ np.where(s > cut, w, 0.0) + b
        hidden = np.maximum(hidden, 0.0) if layer < len(net.weights) - 1 else hidden
    return float(np.mean(hidden.argmax(axis=1) == y[1000:]))


def _lifetime(epochs: int, sparsity: float, predictions: float) -> float:
    """FLOP to train the network for ``epochs`` and serve ``predictions`` with the fraction ``sparsity`` of weights removed."""
    return 6 * _WEIGHTS * _EXAMPLES * epochs + predictions * 2 * (_WEIGHTS - round(sparsity * _WEIGHTS))


def _break_even(sparsity: float = 0.93, epochs: int = _FINE_TUNE_EPOCHS, saved: bool = True) -> float:
    """Predictions at which the inference FLOP saved by pruning to ``sparsity`` (or all the pruned network's) repay ``epochs`` of training."""
    removed = round(sparsity * _WEIGHTS)
    return 6 * _WEIGHTS * _EXAMPLES * epochs / (2 * (removed if saved else _WEIGHTS - removed))


register("smaller-networks-random", lambda: _pruned_accuracy(0.0, "random", 0.5), relative_tolerance=0.002, unit="(test accuracy)",
         hint="set rng = np.random.default_rng(1) just before calling prune(dense, 0.5, score=lambda w: rng.random(w.shape)), "
              "and give the test accuracy of the pruned network (no fine-tuning) as a fraction.",
         mistakes={"magnitude pruning (the default score), not random pruning": lambda: _pruned_accuracy(0.0, "magnitude", 0.5),
                   "the error rate (1 − accuracy), not the accuracy": lambda: 1 - _pruned_accuracy(0.0, "random", 0.5)})
register("smaller-networks-break-even", _break_even, relative_tolerance=0.01, unit="predictions",
         hint="ΔT is the fine-tuning's FLOP (6 × weights × examples × 15 epochs); ΔI is 2 FLOP for every weight the 93% pruning removed.",
         mistakes={"the 90 % pruning's saving, not the 93 % one": lambda: _break_even(0.90),
                   "ΔI as the pruned network's whole inference FLOP, not the FLOP it saves": lambda: _break_even(saved=False),
                   "ΔT as the whole training (40 + 15 epochs), not the fine-tuning alone": lambda: _break_even(epochs=_EPOCHS + _FINE_TUNE_EPOCHS)})
register("smaller-networks-deployment", lambda: _lifetime(_EPOCHS, 0.0, 1e7) / _lifetime(_EPOCHS + _FINE_TUNE_EPOCHS, 0.9, 1e7),
         relative_tolerance=0.01, unit="(dense ÷ pruned lifetime FLOP)",
         hint="set predictions = 10_000_000, rebuild the ledger table and divide the dense row's lifetime FLOP by the pruned row's.",
         mistakes={"the page's million predictions, not ten million": lambda: _lifetime(_EPOCHS, 0.0, 1e6) / _lifetime(_EPOCHS + _FINE_TUNE_EPOCHS, 0.9, 1e6),
                   "the ratio of inference costs alone (the limit of an endless deployment)": lambda: _lifetime(0, 0.0, 1) / _lifetime(0, 0.9, 1)})
register("smaller-networks-l1", lambda: _pruned_accuracy(1e-4, "magnitude", 0.9), relative_tolerance=0.005, unit="(test accuracy)",
         hint="prune l1_dense (trained with l1_penalty=1e-4) to 0.9 with prune, and give the accuracy of the pruned network "
              "(no fine-tuning) as a fraction.",
         mistakes={"the network trained without the penalty, pruned to 90 %": lambda: _pruned_accuracy(0.0, "magnitude", 0.9),
                   "the error rate (1 − accuracy), not the accuracy": lambda: 1 - _pruned_accuracy(1e-4, "magnitude", 0.9)})
register("smaller-networks-nasnet", lambda: 500 * 4 * 24 / 20_000, relative_tolerance=0.01, unit="GPU-hours per child model",
         hint="the search used 500 GPUs for 4 days (24 hours each); divide its GPU-hours by the 20,000 child models.",
         mistakes={"GPU-days, not GPU-hours (the 24 hours of a day are missing)": 500 * 4 / 20_000,
                   "the search's total GPU-hours, not the share of one child model": 500 * 4 * 24})
