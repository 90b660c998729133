"""Every number the smaller-networks chapter glues into its prose, recomputed here independently.

The chapter prunes with argsort on its own ``prune`` and evaluates with its own ``accuracy``; this test prunes by a
threshold on the sorted magnitudes and runs the network with ``einsum``. Training stays the library's
(``train_mlp``, ``fine_tune``): it is the data of the chapter, not its lesson. The FLOP, ledger and NASNet numbers are
recomputed from the architecture and the sourced inputs (accelerators.csv read with pandas, the cost scenarios' factors).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from scaling_lib import costs
from scaling_lib import smaller_networks as sn
from tests.conftest import ROOT, glued, glued_number

CHAPTER = "book/smaller_networks"
pytestmark = pytest.mark.slow

WEIGHTS = 2 * 80 + 80 * 80 + 80 * 2
TRAINING = 6 * WEIGHTS * 1000 * 40
FINE_TUNING = 6 * WEIGHTS * 1000 * 15
INFERENCE = 2 * WEIGHTS


def kept(sparsity: float) -> int:
    return WEIGHTS - round(sparsity * WEIGHTS)


@pytest.fixture(scope="module")
def task():
    X, y = sn.spiral_task(3000, seed=0)
    return X[:1000], y[:1000], X[1000:], y[1000:]


def masks_by_threshold(net: sn.MLP, sparsity: float) -> list[np.ndarray]:
    magnitudes = [np.abs(w) for w in net.weights]
    n_remove = round(sparsity * WEIGHTS)
    if n_remove == 0:
        return [np.ones_like(m) for m in magnitudes]
    cut = np.partition(np.concatenate([m.ravel() for m in magnitudes]), n_remove - 1)[n_remove - 1]
    return [(m > cut).astype(float) for m in magnitudes]


def accuracy(weights, biases, X, y) -> float:
    hidden = X
    for layer, (w, b) in enumerate(zip(weights, biases)):
        hidden = np.einsum("ni,io->no", hidden, w) + b
        if layer < len(weights) - 1:
            hidden = np.where(hidden > 0, hidden, 0.0)
    return float(np.mean(np.argmax(hidden, axis=1) == y))


@pytest.fixture(scope="module")
def accuracies(task):
    X_train, y_train, X_test, y_test = task
    dense = sn.train_mlp(X_train, y_train, seed=0)
    l1 = sn.train_mlp(X_train, y_train, l1_penalty=1e-4, seed=0)
    out = {"dense": accuracy(dense.weights, dense.biases, X_test, y_test)}
    for level in (0.7, 0.8, 0.9, 0.93, 0.95, 0.97):
        masks = masks_by_threshold(dense, level)
        assert sum(int(m.sum()) for m in masks) == kept(level), "no ties at the cut"
        pruned = sn.MLP([w * m for w, m in zip(dense.weights, masks)], dense.biases)
        tuned = sn.fine_tune(pruned, masks, X_train, y_train, epochs=15, seed=0)
        out[f"pruned_{round(level * 100)}"] = accuracy(pruned.weights, dense.biases, X_test, y_test)
        out[f"tuned_{round(level * 100)}"] = accuracy(tuned.weights, tuned.biases, X_test, y_test)
        l1_masks = masks_by_threshold(l1, level)
        out[f"l1_{round(level * 100)}"] = accuracy([w * m for w, m in zip(l1.weights, l1_masks)], l1.biases, X_test, y_test)
    return out


def test_a_straight_line_does_poorly(task):
    X_train, y_train, X_test, y_test = task
    # the same least-squares line, solved through the normal equations instead of lstsq
    design = np.column_stack([np.ones(len(X_train)), X_train])
    line = np.linalg.solve(design.T @ design, design.T @ (y_train - 0.5))
    accuracy_of_line = np.mean((np.column_stack([np.ones(len(X_test)), X_test]) @ line > 0) == y_test)
    assert glued(CHAPTER)["linear_accuracy"] == f"{accuracy_of_line:.0%}"
    assert accuracy_of_line < 0.7


def test_network_size_and_bills():
    assert glued(CHAPTER)["dense_weights"] == f"{WEIGHTS:,}"
    assert glued(CHAPTER)["dense_inference"] == f"{INFERENCE:,}"
    assert glued_number(CHAPTER, "dense_training") == pytest.approx(TRAINING, rel=0.05)
    assert glued(CHAPTER)["train_per_predict"] == f"{TRAINING / INFERENCE:,.0f}"


def test_accuracies_before_and_after_pruning(accuracies):
    values = glued(CHAPTER)
    assert values["dense_accuracy"] == f"{accuracies['dense']:.1%}"
    for level in (70, 80, 90, 93, 95, 97):
        assert values[f"pruned_{level}"] == f"{accuracies[f'pruned_{level}']:.1%}"
        assert values[f"tuned_{level}"] == f"{accuracies[f'tuned_{level}']:.1%}"
    assert values["l1_80"] == f"{accuracies['l1_80']:.1%}"
    assert values["l1_95"] == f"{accuracies['l1_95']:.1%}"
    # what the prose says about them
    assert accuracies["dense"] - accuracies["pruned_70"] < 0.02 < accuracies["dense"] - accuracies["pruned_80"]
    assert abs(accuracies["tuned_93"] - accuracies["dense"]) < 0.005 and accuracies["tuned_95"] < accuracies["dense"] - 0.05
    assert accuracies["l1_80"] > accuracies["pruned_80"] + 0.05


def test_inference_saving_at_93_percent():
    assert glued(CHAPTER)["inference_93"] == f"{2 * kept(0.93):,}"
    assert glued(CHAPTER)["inference_ratio_93"] == f"{INFERENCE / (2 * kept(0.93)):.0f}"


def test_training_bills_of_the_recipes():
    assert glued_number(CHAPTER, "tuned_training") == pytest.approx(TRAINING + FINE_TUNING, rel=0.05)
    assert glued(CHAPTER)["tuned_extra_pct"] == f"{15 / 40:.1%}"
    assert glued_number(CHAPTER, "l1_search_training") == pytest.approx(5 * TRAINING, rel=0.05)


def test_ledger_break_even_and_deployment():
    saving_90 = INFERENCE - 2 * kept(0.9)
    assert glued_number(CHAPTER, "break_even_90") == pytest.approx(FINE_TUNING / saving_90, abs=0.5)
    assert glued_number(CHAPTER, "break_even_93") == pytest.approx(FINE_TUNING / (INFERENCE - 2 * kept(0.93)), abs=0.5)
    for predictions, name in ((1e6, "ledger_ratio"), (1e7, "deployment_ratio")):
        ratio = (TRAINING + predictions * INFERENCE) / (TRAINING + FINE_TUNING + predictions * 2 * kept(0.9))
        assert glued_number(CHAPTER, name) == pytest.approx(ratio, abs=0.05)


def test_training_share_by_schedule():
    for runs, name in ((52, "weekly_share"), (1, "once_share")):
        share = runs * TRAINING / (runs * TRAINING + 1e6 * INFERENCE)
        assert glued(CHAPTER)[name] == f"{share:.0%}"


def test_random_pruning_answer(task):
    X_train, y_train, X_test, y_test = task
    dense = sn.train_mlp(X_train, y_train, seed=0)
    rng = np.random.default_rng(1)
    draws = [rng.random(w.shape) for w in dense.weights]
    order = np.concatenate([d.ravel() for d in draws]).argsort()
    keep = np.ones(WEIGHTS)
    keep[order[:WEIGHTS // 2]] = 0.0
    pieces = np.split(keep, [160, 6560])
    masks = [k.reshape(w.shape) for w, k in zip(dense.weights, pieces)]
    weights = [w * m for w, m in zip(dense.weights, masks)]
    assert glued(CHAPTER)["random_50"] == f"{accuracy(weights, dense.biases, X_test, y_test):.1%}"
    tuned = sn.fine_tune(sn.MLP(weights, dense.biases), masks, X_train, y_train, epochs=15, seed=0)
    assert glued(CHAPTER)["random_50_tuned"] == f"{accuracy(tuned.weights, tuned.biases, X_test, y_test):.1%}"


def test_nasnet_search_and_its_price():
    peaks = pd.read_csv(ROOT / "data" / "accelerators.csv").set_index("processor")["peak_flops_fp32"]
    gpu_hours = 500 * 4 * 24
    search = gpu_hours * 3600 * peaks["NVIDIA P100"]
    alexnet = 2 * 5.5 * 24 * 3600 * peaks["NVIDIA GeForce GTX 580"]
    assert glued(CHAPTER)["nasnet_gpu_hours"] == f"{gpu_hours:,}"
    assert glued_number(CHAPTER, "nasnet_flop") == pytest.approx(search, rel=0.05)
    assert glued_number(CHAPTER, "nasnet_third") == pytest.approx(search / 3, rel=0.05)
    assert glued_number(CHAPTER, "nasnet_child") == pytest.approx(search / 20_000, rel=0.05)
    assert glued_number(CHAPTER, "nasnet_child_hours") == pytest.approx(gpu_hours / 20_000, abs=0.05)
    assert glued_number(CHAPTER, "alexnet_flop") == pytest.approx(alexnet, rel=0.05)
    assert glued_number(CHAPTER, "search_over_alexnet") == pytest.approx(search / alexnet, abs=0.5)
    # at peak rate (utilisation 1) hardware burden turns back into the same GPU-hours; then price, power and grid
    on_demand, pre_emptible = costs.SCENARIOS["p100_strubell"], costs.SCENARIOS["p100_strubell_preemptible"]
    kwh = gpu_hours * on_demand.device_watts / 1000 * on_demand.pue
    assert glued_number(CHAPTER, "nasnet_dollars_high") == pytest.approx(gpu_hours * on_demand.dollars_per_gpu_hour, abs=0.5)
    assert glued_number(CHAPTER, "nasnet_dollars_low") == pytest.approx(gpu_hours * pre_emptible.dollars_per_gpu_hour, abs=0.5)
    assert glued_number(CHAPTER, "nasnet_kwh") == pytest.approx(kwh, abs=0.5)
    assert glued_number(CHAPTER, "nasnet_co2_tonnes") == pytest.approx(kwh * on_demand.lbs_co2_per_kwh * 0.45359237 / 1000, abs=0.05)
