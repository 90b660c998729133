"""Overparameterization: double descent, implicit regularisation and the cost of parameters × data.

Deep networks often have far more parameters than training examples and still generalise; the
Spectrum article's example is Noisy Student, a 480-million-parameter network trained on 1.2 million
labelled images {cite:p}`thompson2021diminishing,xie2020selftraining`. Because the parameters grow
with the data, training cost (∝ parameters × data) grows at least as the square of the data
{cite:p}`thompson2020computational`.

This module makes three of the ideas behind that argument runnable:

* :func:`double_descent_curve` – test error against model size for minimum-norm least squares on
  random ReLU features: the classical U below the interpolation threshold, a spike at it and a
  second descent beyond it {cite:p}`belkin2019reconciling,nakkiran2021deep,hastie2022surprises`;
* :func:`gradient_descent_min_norm` – gradient descent started at zero on an under-determined
  least-squares problem ends at the minimum-norm interpolating solution (implicit regularisation);
* :func:`params_per_datapoint` and :func:`cost_growth` – the arithmetic of overparameterization.

The book's chapter on overparameterization explains these functions.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .._threads import single_threaded
import pandas as pd

from scaling_lib._checks import check_array, check_int, check_number, check_positive, check_seed

__all__ = [
    "NOISY_STUDENT_PARAMETERS",
    "NOISY_STUDENT_LABELLED_IMAGES",
    "default_features_grid",
    "double_descent_curve",
    "double_descent_grid",
    "gradient_descent_min_norm",
    "params_per_datapoint",
    "cost_growth",
]

#: Parameters of the Noisy Student network (EfficientNet-L2): 480 million
#: {cite:p}`thompson2021diminishing,xie2020selftraining`.
NOISY_STUDENT_PARAMETERS: float = 480e6
#: Labelled ImageNet training images used by Noisy Student: 1.2 million
#: {cite:p}`thompson2021diminishing,xie2020selftraining`.
NOISY_STUDENT_LABELLED_IMAGES: float = 1.2e6

_DD_COLUMNS = ["n_features", "params_per_datapoint", "train_error", "test_error", "test_error_median"]


# ---------------------------------------------------------------------------------------------
# double descent
# ---------------------------------------------------------------------------------------------


def default_features_grid(n_train: int = 60) -> np.ndarray:
    """Return the default model sizes for :func:`double_descent_curve` (numbers of random features).

    About 32 integers: 22 evenly spaced from 2 to ``2 * n_train`` (always including ``n_train``
    itself, the interpolation threshold) and 10 on a log scale from ``2 * n_train`` to
    ``10 * n_train``. Chapter: overparameterization.
    """
    n_train = check_int("n_train", n_train, low=4, high=2000)
    linear = np.linspace(2, 2 * n_train, 22)
    tail = np.geomspace(2 * n_train, 10 * n_train, 10)
    return np.unique(np.round(np.concatenate([linear, tail, [n_train]])).astype(np.int64))


def _target(x: np.ndarray) -> np.ndarray:
    """The regression target: f(x) = sum(x) / sqrt(d) + 0.5 sin(2 x_1), for x in R^d."""
    return x.sum(axis=1) / math.sqrt(x.shape[1]) + 0.5 * np.sin(2.0 * x[:, 0])


def _check_features_grid(values: object) -> np.ndarray:
    grid = check_array("n_features_grid", values, low=1, high=20_000)
    if np.any(grid != np.round(grid)):
        index = int(np.argmax(grid != np.round(grid)))
        raise ValueError(f"n_features_grid must contain whole numbers of features; entry {index} is {grid[index]:g}")
    if np.any(np.diff(grid) <= 0):
        raise ValueError("n_features_grid must be strictly increasing")
    return grid.astype(np.int64)


def _double_descent_core(
    n_train: int,
    grid: np.ndarray,
    noise_levels: np.ndarray,
    ridges: np.ndarray,
    n_replicates: int,
    input_dim: int,
    n_test: int,
    seed: int,
) -> dict[tuple[float, float], pd.DataFrame]:
    """Double-descent curves for every (noise_sd, ridge) pair, sharing one set of random draws.

    Every fit is a spectral filter of one symmetric matrix per (size, replicate): the primal Gram
    matrix ``A'A`` (padded to n × n with a separate identity-like block) when there are fewer
    features than points, the kernel matrix ``AA'`` otherwise. One batched ``eigh`` therefore
    serves all sizes, noise levels and ridge penalties.
    """
    rng = np.random.default_rng(seed)
    n = n_train
    x_train = rng.standard_normal((n, input_dim))
    unit_noise = rng.standard_normal(n)
    x_test = rng.standard_normal((n_test, input_dim))
    max_features = int(grid[-1])
    weights = rng.standard_normal((n_replicates, input_dim, max_features)) / math.sqrt(input_dim)
    biases = rng.uniform(-1.0, 1.0, (n_replicates, 1, max_features))
    phi_train = np.maximum(0.0, x_train @ weights + biases)  # (R, n, Nmax)
    phi_test = np.maximum(0.0, x_test @ weights + biases)  # (R, n_test, Nmax)
    f_train = _target(x_train)
    f_test = _target(x_test)

    n_sizes = grid.size
    grams = np.empty((n_sizes, n_replicates, n, n))
    for t, n_features in enumerate(grid):
        a = phi_train[:, :, :n_features] / math.sqrt(n_features)
        if n_features < n:
            primal = a.transpose(0, 2, 1) @ a  # (R, N, N)
            grams[t] = 0.0
            grams[t, :, :n_features, :n_features] = primal
            # padding block: a multiple of the identity inside the spectrum's range, so it neither
            # sets nor escapes the pseudo-inverse threshold; its right-hand side is always zero
            pad = np.trace(primal, axis1=1, axis2=2) / n_features
            idx = np.arange(n_features, n)
            grams[t][:, idx, idx] = pad[:, None]
        else:
            grams[t] = a @ a.transpose(0, 2, 1)  # (R, n, n)
    eigenvalues, eigenvectors = np.linalg.eigh(grams)  # (T, R, n), (T, R, n, n)
    tolerance = eigenvalues[..., -1:] * n * np.finfo(float).eps * 10.0

    results: dict[tuple[float, float], pd.DataFrame] = {}
    for noise_sd in noise_levels:
        y_train = f_train + noise_sd * unit_noise
        for t, n_features in enumerate(grid):
            a = phi_train[:, :, :n_features] / math.sqrt(n_features)
            b = phi_test[:, :, :n_features] / math.sqrt(n_features)
            u = eigenvectors[t]
            e = eigenvalues[t]
            if n_features < n:
                rhs = np.zeros((n_replicates, n))
                rhs[:, :n_features] = np.einsum("rnj,n->rj", a, y_train)
            else:
                rhs = np.broadcast_to(y_train, (n_replicates, n))
            projected = np.einsum("rij,ri->rj", u, rhs)  # U' rhs, (R, n)
            for ridge in ridges:
                if ridge > 0:
                    gain = 1.0 / (e + n * ridge)
                else:
                    keep = e > tolerance[t]
                    gain = np.where(keep, 1.0 / np.where(keep, e, 1.0), 0.0)
                solution = np.einsum("rij,rj->ri", u, gain * projected)
                if n_features < n:
                    coef = solution[:, :n_features]
                else:
                    coef = np.einsum("rnj,rn->rj", a, solution)
                fit_train = np.einsum("rnj,rj->rn", a, coef)
                fit_test = np.einsum("rtj,rj->rt", b, coef)
                train_mse = np.mean((fit_train - y_train) ** 2, axis=1)
                test_mse = np.mean((fit_test - f_test) ** 2, axis=1) + noise_sd**2
                key = (float(noise_sd), float(ridge))
                store = results.setdefault(key, {name: np.empty(n_sizes) for name in ("train", "test", "median")})
                store["train"][t] = train_mse.mean()
                store["test"][t] = test_mse.mean()
                store["median"][t] = np.median(test_mse)
    frames = {}
    for key, store in results.items():
        frames[key] = pd.DataFrame(
            {
                "n_features": grid.astype(np.int64),
                "params_per_datapoint": grid / n,
                "train_error": store["train"],
                "test_error": store["test"],
                "test_error_median": store["median"],
            }
        )
    return frames


@single_threaded
def double_descent_curve(
    n_train: int = 60,
    n_features_grid: Sequence[int] | np.ndarray | None = None,
    noise_sd: float = 0.2,
    ridge: float = 0.0,
    *,
    n_replicates: int = 8,
    input_dim: int = 5,
    n_test: int = 500,
    seed: int = 0,
) -> pd.DataFrame:
    """Simulate test error against the number of random features: the double-descent curve.

    Set-up (our own, in the spirit of {cite:p}`belkin2019reconciling` and
    {cite:p}`hastie2022surprises`): ``n_train`` training inputs ``x ~ N(0, I_d)`` with
    ``d = input_dim``, outputs ``y = f(x) + noise`` with ``f(x) = sum(x)/sqrt(d) + 0.5 sin(2 x_1)``
    and ``noise ~ N(0, noise_sd**2)``. The training and test inputs and the noise are fixed by
    ``seed``; ``n_replicates`` seeded draws of the random features are averaged. A model with
    ``N`` features is ``sum_j a_j max(0, w_j . x + b_j) / sqrt(N)`` with ``w_j ~ N(0, I/d)``,
    ``b_j ~ Uniform(-1, 1)`` (nested: a larger model keeps the smaller one's features), and only the
    output weights ``a`` are fitted:

    * ``ridge == 0``: minimum-norm least squares (the pseudo-inverse solution; below the
      threshold this is ordinary least squares, above it the interpolant with the smallest norm);
    * ``ridge > 0``: the minimiser of ``mean((y - prediction)**2) + ridge * ||a||**2``.

    Returns a DataFrame with one row per model size:

    * ``n_features`` – number of random features (parameters fitted);
    * ``params_per_datapoint`` – ``n_features / n_train``; 1 is the interpolation threshold;
    * ``train_error`` – mean squared error on the (noisy) training labels, averaged over replicates;
    * ``test_error`` – expected squared error on a new noisy example (``noise_sd**2`` plus the mean
      squared distance from the target on ``n_test`` test inputs), averaged over replicates;
    * ``test_error_median`` – the median over replicates (less dominated by the spike).

    Errors are in squared units of ``y`` (the target has variance about 1.1). The defaults give
    about 32 model sizes (:func:`default_features_grid`), a few tens of milliseconds per call on
    one idle core. Chapter: overparameterization.
    """
    n_train = check_int("n_train", n_train, low=4, high=2000)
    grid = default_features_grid(n_train) if n_features_grid is None else _check_features_grid(n_features_grid)
    noise_sd = check_number("noise_sd", noise_sd, low=0.0, high=100.0)
    ridge = check_number("ridge", ridge, low=0.0, high=1e6)
    n_replicates = check_int("n_replicates", n_replicates, low=1, high=200)
    input_dim = check_int("input_dim", input_dim, low=1, high=1000)
    n_test = check_int("n_test", n_test, low=1, high=100_000)
    seed = check_seed("seed", seed)
    frames = _double_descent_core(
        n_train, grid, np.array([noise_sd]), np.array([ridge]), n_replicates, input_dim, n_test, seed
    )
    return frames[(noise_sd, ridge)][_DD_COLUMNS]


@single_threaded
def double_descent_grid(
    n_train_values: Sequence[int] | np.ndarray = (40, 60, 100),
    noise_levels: Sequence[float] | np.ndarray = (0.0, 0.2, 0.5),
    ridge_values: Sequence[float] | np.ndarray = (0.0, 1e-7, 1e-6, 1e-5, 1e-3),
    *,
    n_replicates: int = 8,
    input_dim: int = 5,
    n_test: int = 500,
    seed: int = 0,
) -> pd.DataFrame:
    """Precompute :func:`double_descent_curve` over a grid of settings, for a static page's sliders.

    Returns one long DataFrame with the control columns ``n_train``, ``noise_sd`` and ``ridge``
    followed by the columns of :func:`double_descent_curve`, using each ``n_train``'s default
    features grid. Each setting's rows equal ``double_descent_curve(n_train, None, noise_sd, ridge,
    ...)`` with the same keyword arguments (same seed, so sliders move smoothly). Chapter:
    overparameterization.
    """
    n_values = check_array("n_train_values", n_train_values, low=4, high=2000)
    if np.any(n_values != np.round(n_values)):
        raise ValueError("n_train_values must contain whole numbers of training points")
    noises = check_array("noise_levels", noise_levels, low=0.0, high=100.0)
    ridges = check_array("ridge_values", ridge_values, low=0.0, high=1e6)
    for name, values in (("n_train_values", n_values), ("noise_levels", noises), ("ridge_values", ridges)):
        if np.unique(values).size != values.size:
            raise ValueError(f"{name} must not contain repeated values")
    n_replicates = check_int("n_replicates", n_replicates, low=1, high=200)
    input_dim = check_int("input_dim", input_dim, low=1, high=1000)
    n_test = check_int("n_test", n_test, low=1, high=100_000)
    seed = check_seed("seed", seed)
    frames = []
    for n_train in n_values.astype(int):
        grid = default_features_grid(int(n_train))
        curves = _double_descent_core(int(n_train), grid, noises, ridges, n_replicates, input_dim, n_test, seed)
        for noise_sd in noises:
            for ridge in ridges:
                frame = curves[(float(noise_sd), float(ridge))][_DD_COLUMNS]
                frames.append(frame.assign(n_train=np.int64(n_train), noise_sd=float(noise_sd), ridge=float(ridge)))
    out = pd.concat(frames, ignore_index=True)
    return out[["n_train", "noise_sd", "ridge", *_DD_COLUMNS]]


# ---------------------------------------------------------------------------------------------
# implicit regularisation of gradient descent
# ---------------------------------------------------------------------------------------------


@single_threaded
def gradient_descent_min_norm(
    n_samples: int = 20,
    n_features: int = 100,
    *,
    n_steps: int = 300,
    learning_rate: float | None = None,
    init_scale: float = 1.0,
    seed: int = 0,
) -> tuple[pd.DataFrame, dict[str, float]]:
    """Show that gradient descent from zero finds the minimum-norm interpolating solution.

    An under-determined least-squares problem (``n_features > n_samples``, Gaussian design ``X``
    and targets ``y``, seeded) has infinitely many weight vectors with zero training loss. Plain
    gradient descent on ``L(w) = ||X w - y||**2 / (2 n_samples)`` only ever moves ``w`` within the
    row space of ``X``, so started from ``w = 0`` it converges to the interpolant with the smallest
    norm, ``pinv(X) @ y``; started from a nonzero ``w0`` it converges to a different interpolant,
    ``pinv(X) @ y + (I - pinv(X) X) w0``, whose norm is larger. The step size defaults to
    ``1 / L_max`` where ``L_max`` is the largest eigenvalue of ``X'X / n_samples``; the nonzero
    start has entries ``N(0, init_scale**2 / n_features)``.

    Returns ``(trace, summary)``:

    * ``trace`` – DataFrame with one row per (step, start), steps 0 … ``n_steps``: ``step``,
      ``start`` (``'zero'`` or ``'nonzero'``), ``distance_to_min_norm`` (``||w_t - w_pinv||``
      divided by ``||w_pinv||``), ``train_loss`` and ``weight_norm``;
    * ``summary`` – dict of floats: ``min_norm_norm``, ``final_norm_zero``,
      ``final_norm_nonzero``, ``final_distance_zero``, ``final_distance_nonzero`` (relative),
      ``predicted_distance_nonzero`` (the relative size of the null-space part of ``w0``, which
      gradient descent never removes), ``final_loss_zero``, ``final_loss_nonzero`` and
      ``learning_rate``.

    Chapter: overparameterization.
    """
    n_samples = check_int("n_samples", n_samples, low=1, high=5000)
    n_features = check_int("n_features", n_features, low=n_samples + 1, high=20_000)
    n_steps = check_int("n_steps", n_steps, low=1, high=100_000)
    init_scale = check_positive("init_scale", init_scale, high=1e6)
    seed = check_seed("seed", seed)
    rng = np.random.default_rng(seed)
    design = rng.standard_normal((n_samples, n_features))
    targets = rng.standard_normal(n_samples)
    start = rng.standard_normal(n_features) * init_scale / math.sqrt(n_features)
    hessian_top = float(np.linalg.eigvalsh(design @ design.T / n_samples)[-1])
    if learning_rate is None:
        learning_rate = 1.0 / hessian_top
    else:
        learning_rate = check_positive("learning_rate", learning_rate, high=2.0 / hessian_top)
        if learning_rate >= 2.0 / hessian_top:
            raise ValueError(f"learning_rate must be below 2 / L_max = {2.0 / hessian_top:g} for gradient descent to converge")
    w_pinv = np.linalg.pinv(design) @ targets
    pinv_norm = float(np.linalg.norm(w_pinv))

    weights = np.stack([np.zeros(n_features), start])  # (2, p): both runs advance together
    history = np.empty((n_steps + 1, 2, n_features))
    history[0] = weights
    for step in range(1, n_steps + 1):
        residual = weights @ design.T - targets  # (2, n)
        weights = weights - learning_rate * (residual @ design) / n_samples
        history[step] = weights
    residuals = history @ design.T - targets  # (T, 2, n)
    losses = 0.5 * np.mean(residuals**2, axis=2)
    distances = np.linalg.norm(history - w_pinv, axis=2) / pinv_norm
    norms = np.linalg.norm(history, axis=2)
    steps = np.arange(n_steps + 1)
    trace = pd.concat(
        [
            pd.DataFrame(
                {
                    "step": steps,
                    "start": label,
                    "distance_to_min_norm": distances[:, j],
                    "train_loss": losses[:, j],
                    "weight_norm": norms[:, j],
                }
            )
            for j, label in enumerate(("zero", "nonzero"))
        ],
        ignore_index=True,
    )
    null_part = start - np.linalg.pinv(design) @ (design @ start)
    summary = {
        "min_norm_norm": pinv_norm,
        "final_norm_zero": float(norms[-1, 0]),
        "final_norm_nonzero": float(norms[-1, 1]),
        "final_distance_zero": float(distances[-1, 0]),
        "final_distance_nonzero": float(distances[-1, 1]),
        "predicted_distance_nonzero": float(np.linalg.norm(null_part) / pinv_norm),
        "final_loss_zero": float(losses[-1, 0]),
        "final_loss_nonzero": float(losses[-1, 1]),
        "learning_rate": float(learning_rate),
    }
    return trace, summary


# ---------------------------------------------------------------------------------------------
# arithmetic of overparameterization
# ---------------------------------------------------------------------------------------------


def params_per_datapoint(
    parameters: float = NOISY_STUDENT_PARAMETERS,
    data_points: float = NOISY_STUDENT_LABELLED_IMAGES,
) -> float:
    """Return parameters per training example (dimensionless).

    The defaults are Noisy Student's 480 million parameters and 1.2 million labelled ImageNet
    images {cite:p}`thompson2021diminishing,xie2020selftraining`, giving 480e6 / 1.2e6 = 400
    parameters per labelled image. (Noisy Student also trained on unlabelled images, which this
    ratio leaves out.) Chapter: overparameterization.
    """
    parameters = check_positive("parameters", parameters, high=1e18)
    data_points = check_positive("data_points", data_points, high=1e18)
    return parameters / data_points


def cost_growth(
    data_multiplier: float | Sequence[float] | np.ndarray,
    params_scale_with_data: bool = True,
) -> float | np.ndarray:
    """Return the training-compute multiplier when the data grow by ``data_multiplier``.

    Training cost is proportional to parameters × data points
    {cite:p}`thompson2020computational`. If the number of parameters grows in proportion to the
    data (as overparameterized models need), cost grows as the square of the data multiplier;
    with a fixed model it grows in proportion to the data. Since improving the error k-fold needs
    k² more data, a data multiplier of k² gives a compute multiplier of k⁴: for a 10-fold
    improvement, 100× data → 10,000× compute {cite:p}`thompson2021diminishing`.

    ``data_multiplier`` is a positive number or a 1-D array of them (dimensionless); the result
    has the same shape. Chapter: overparameterization.
    """
    if not isinstance(params_scale_with_data, (bool, np.bool_)):
        raise TypeError(f"params_scale_with_data must be True or False, got {params_scale_with_data!r}")
    exponent = 2.0 if params_scale_with_data else 1.0
    if np.ndim(data_multiplier) == 0 and not isinstance(data_multiplier, (str, bytes)):
        value = check_positive("data_multiplier", data_multiplier, high=1e150)
        return value**exponent
    values = check_array("data_multiplier", data_multiplier, low=0.0, high=1e150, low_open=True)
    return values**exponent
