"""Plumbing behind the chapter *Overparameterization* (``book/overparameterization.md``), whose own cells fit
the minimum-norm and ridge solutions and loop over model size: the seeded draws of the random-features
experiment, and the grid of double-descent curves precomputed for the static page's drop-downs.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from types import SimpleNamespace

import numpy as np
import pandas as pd

from ._checks import check_array, check_int, check_seed
from ._threads import single_threaded

__all__ = ["model_sizes", "draw_task", "double_descent_grid"]


def model_sizes(n_train: int = 60) -> np.ndarray:
    """Numbers of random features to try for ``n_train`` training points (chapter: overparameterization).

    About 32 integers: 22 evenly spaced from 2 to 2·n_train, n_train itself (the interpolation
    threshold), and 10 log-spaced from 2·n_train to 10·n_train (the first one shared).
    """
    n_train = check_int("n_train", n_train, low=4, high=2000)
    sizes = np.concatenate([np.linspace(2, 2 * n_train, 22), np.geomspace(2 * n_train, 10 * n_train, 10), [n_train]])
    return np.unique(np.round(sizes).astype(np.int64))


def draw_task(
    n_train: int = 60,
    max_features: int | None = None,
    *,
    n_replicates: int = 8,
    input_dim: int = 5,
    n_test: int = 500,
    seed: int = 0,
) -> SimpleNamespace:
    """Draw the inputs, label noise and ``n_replicates`` random ReLU first layers, seeded (chapter: overparameterization).

    Returns arrays as attributes: ``x_train`` (n_train × d) and ``x_test`` (n_test × d), standard-normal
    inputs; ``f_train`` and ``f_test``, the target f(x) = (x₁ + … + x_d)/√d + 0.5 sin(2x₁) at them;
    ``unit_noise`` (n_train), standard-normal noise (labels: f_train + σ·unit_noise); ``weights``
    (draws × d × max_features), N(0, 1/d), and ``biases`` (draws × 1 × max_features), Uniform(−1, 1).
    ``max_features`` defaults to 10·n_train; a model with N features uses the first N, so models are nested.
    """
    n_train = check_int("n_train", n_train, low=4, high=2000)
    max_features = 10 * n_train if max_features is None else check_int("max_features", max_features, low=1, high=20_000)
    n_replicates = check_int("n_replicates", n_replicates, low=1, high=200)
    input_dim = check_int("input_dim", input_dim, low=1, high=1000)
    n_test = check_int("n_test", n_test, low=1, high=100_000)
    rng = np.random.default_rng(check_seed("seed", seed))
    x_train = rng.standard_normal((n_train, input_dim))
    unit_noise = rng.standard_normal(n_train)
    x_test = rng.standard_normal((n_test, input_dim))
    weights = rng.standard_normal((n_replicates, input_dim, max_features)) / math.sqrt(input_dim)
    biases = rng.uniform(-1.0, 1.0, (n_replicates, 1, max_features))
    return SimpleNamespace(x_train=x_train, x_test=x_test, f_train=_target(x_train), f_test=_target(x_test),
                           unit_noise=unit_noise, weights=weights, biases=biases)


def _target(x: np.ndarray) -> np.ndarray:
    return x.sum(axis=1) / math.sqrt(x.shape[1]) + 0.5 * np.sin(2.0 * x[:, 0])


def _curves(task: SimpleNamespace, noise_levels: np.ndarray, ridges: np.ndarray) -> pd.DataFrame:
    """Train and test MSE for every model size, noise level and ridge penalty, from one eigh per size.

    With e, Q the eigenpairs of the smaller Gram matrix (A'A or AA'), the ridge weights are
    Q (Q'A'y)/(e + nλ) or A'Q (Q'y)/(e + nλ); λ = 0 gives the minimum-norm weights, with eigenvalues
    below rounding level dropped, as ``np.linalg.pinv`` drops tiny singular values.
    """
    n_train = task.x_train.shape[0]
    labels = task.f_train[:, None] + task.unit_noise[:, None] * noise_levels  # (n, noise levels)
    phi_train = np.maximum(0.0, task.x_train @ task.weights + task.biases)  # (R, n, max_features)
    phi_test = np.maximum(0.0, task.x_test @ task.weights + task.biases)
    rows = []
    for n_features in model_sizes(n_train):
        a_train = phi_train[..., :n_features] / math.sqrt(n_features)
        a_test = phi_test[..., :n_features] / math.sqrt(n_features)
        primal = n_features < n_train  # fewer unknowns than equations: work with A'A, else with AA'
        e, q = np.linalg.eigh(a_train.mT @ a_train if primal else a_train @ a_train.mT)
        projected = q.mT @ (a_train.mT @ labels if primal else labels)
        for ridge in ridges:
            if ridge > 0:
                gain = 1.0 / (e + n_train * ridge)
            else:
                keep = e > e[:, -1:] * e.shape[1] * np.finfo(float).eps * 10
                gain = np.where(keep, 1.0 / np.where(keep, e, 1.0), 0.0)
            filtered = q @ (gain[..., None] * projected)
            coef = filtered if primal else a_train.mT @ filtered  # (R, N, noise levels)
            train_mse = np.mean((a_train @ coef - labels) ** 2, axis=(0, 1))
            test_mse = np.mean((a_test @ coef - task.f_test[:, None]) ** 2, axis=(0, 1)) + noise_levels**2
            for j, noise_sd in enumerate(noise_levels):
                rows.append((n_train, noise_sd, ridge, n_features, train_mse[j], test_mse[j]))
    columns = ["n_train", "noise_sd", "ridge", "n_features", "train_error", "test_error"]
    return pd.DataFrame(rows, columns=columns)


@single_threaded
def double_descent_grid(
    n_train_values: Sequence[int] | np.ndarray = (40, 60, 100),
    noise_levels: Sequence[float] | np.ndarray = (0.0, 0.2, 0.5),
    ridge_values: Sequence[float] | np.ndarray = (0.0, 1e-7, 1e-6, 1e-5, 1e-3),
    *,
    n_replicates: int = 8,
    seed: int = 0,
) -> pd.DataFrame:
    """Double-descent curves for every setting, precomputed for the page's drop-downs (chapter: overparameterization).

    For each ``n_train`` the draws are ``draw_task(n_train, n_replicates=..., seed=...)`` and the sizes
    ``model_sizes(n_train)``. Columns: ``n_train``, ``noise_sd``, ``ridge`` (λ in mean squared error +
    λ‖w‖²), ``n_features``, and ``train_error`` and ``test_error``: mean squared errors in squared
    units of y, averaged over the draws (test error includes the noise σ²).
    """
    n_values = check_array("n_train_values", n_train_values, low=4, high=2000)
    noises = check_array("noise_levels", noise_levels, low=0.0, high=100.0)
    ridges = check_array("ridge_values", ridge_values, low=0.0, high=1e6)
    if np.any(n_values != np.round(n_values)):
        raise ValueError("n_train_values must contain whole numbers of training points, from 4 to 2000")
    frames = []
    for n_train in n_values.astype(int):  # draw_task checks n_replicates and seed
        frames.append(_curves(draw_task(int(n_train), n_replicates=n_replicates, seed=seed), noises, ridges))
    return pd.concat(frames, ignore_index=True).sort_values(["n_train", "noise_sd", "ridge", "n_features"], ignore_index=True)
