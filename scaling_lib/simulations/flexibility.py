"""Expert systems against flexible statistical models: learning curves, crossover and compute.

The Spectrum article illustrates its theoretical argument with an X-ray story: the true answer
depends on a set of variables hidden among many candidates. An *expert* model uses only the
variables an expert names, so it learns quickly from little data but stalls if the expert has
missed any; a *flexible* model uses every candidate, so it needs far more data (and computation)
but, given enough, does better {cite:p}`thompson2021diminishing`. The paper makes the same point
with a simulation (v1 figure 1) whose exact set-up is not reproduced here
{cite:p}`thompson2020computational`; this module is our own runnable version of the idea.

The statistical model (used by :func:`learning_curves`)
--------------------------------------------------------
* ``n_candidates`` candidate variables ``x ~ N(0, I)`` (independent, unit variance).
* ``n_true`` of them carry signal; each true coefficient is ``sqrt(signal_variance / n_true)``, so
  the signal ``x . beta`` has variance ``signal_variance``.
* ``y = x . beta + noise`` with ``noise ~ N(0, noise_sd**2)``.
* The expert names ``n_true - n_missed`` of the true variables and no distractor.
* Both models are ridge regressions, ``beta_hat = (X'X + penalty * I)^-1 X'y``: the expert on its
  named columns, the flexible model on all ``n_candidates`` columns. By default each penalty is
  tuned to the set-up (see :func:`learning_curves`); a fixed penalty can be given instead.
* Test error is the expected squared error on a fresh example, computed exactly rather than on a
  finite test set: because ``x ~ N(0, I)``, it equals ``noise_sd**2 + ||beta_hat - beta||**2``
  (units: squared units of ``y``).

Speed: the training data enter ridge regression only through ``X'X`` and ``X'y``. The simulation
draws these sufficient statistics directly (Bartlett's construction of a Wishart matrix for blocks
with at least as many rows as columns, raw Gaussian rows for smaller blocks), with nested training
sets so that each learning curve costs one pass over the training-size grid.

The book's chapter on expert systems versus flexible models explains these functions.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .._threads import single_threaded
import pandas as pd

from scaling_lib._checks import (
    check_array,
    check_int,
    check_number,
    check_positive,
    check_seed,
)

__all__ = [
    "DEFAULT_TRAIN_SIZES",
    "expert_error_floor",
    "learning_curves",
    "learning_curve_grid",
    "crossover_n",
    "crossover_table",
    "crossover_points",
    "target_function",
    "approximation_demo",
]

#: Default training-set sizes: 24 values on a log grid from 5 to 20,000 examples.
DEFAULT_TRAIN_SIZES: tuple[int, ...] = tuple(int(n) for n in np.unique(np.round(np.geomspace(5, 20_000, 24))))

#: Smallest tuned ridge penalty (used when the noise is zero), keeping every fit well defined.
_MIN_PENALTY = 1e-2

_CURVE_COLUMNS = [
    "n_train",
    "model",
    "n_parameters",
    "test_error",
    "test_error_sd",
    "test_error_low",
    "test_error_high",
    "error_floor",
    "compute_flop_proxy",
]


# ---------------------------------------------------------------------------------------------
# validation helpers local to this module
# ---------------------------------------------------------------------------------------------


def _check_sizes(name: str, values: object) -> np.ndarray:
    """A strictly increasing 1-D array of integer training sizes >= 1."""
    array = check_array(name, values, low=1.0)
    if np.any(array != np.round(array)):
        index = int(np.argmax(array != np.round(array)))
        raise ValueError(f"{name} must contain whole numbers of examples; entry {index} is {array[index]:g}")
    if np.any(np.diff(array) <= 0):
        raise ValueError(f"{name} must be strictly increasing")
    return array.astype(np.int64)


def _check_design(n_candidates: object, n_true: object, n_missed: object) -> tuple[int, int, int]:
    n_candidates = check_int("n_candidates", n_candidates, low=1, high=2000)
    n_true = check_int("n_true", n_true, low=1, high=n_candidates)
    n_missed = check_int("n_missed", n_missed, low=0, high=n_true - 1)
    return n_candidates, n_true, n_missed


# ---------------------------------------------------------------------------------------------
# analytic floor
# ---------------------------------------------------------------------------------------------


def expert_error_floor(
    n_true: int = 10,
    n_missed: int = 1,
    noise_sd: float = 0.5,
    *,
    signal_variance: float = 1.0,
) -> float:
    """Return the test error (MSE) the expert model levels off at with unlimited data.

    With infinitely many examples the expert estimates its named coefficients exactly, and the
    variables it missed act as extra noise, independent of the named ones. Its expected squared
    error on a new example is therefore

        noise_sd**2 + signal_variance * n_missed / n_true

    (noise variance plus the variance of the missed variables' contribution), in squared units of
    the outcome. The flexible model's floor is ``noise_sd**2`` alone. Defaults match
    :func:`learning_curves` (our choice, not the paper's). Chapter: expert systems versus flexible
    models.
    """
    n_true = check_int("n_true", n_true, low=1, high=2000)
    n_missed = check_int("n_missed", n_missed, low=0, high=n_true - 1)
    noise_sd = check_number("noise_sd", noise_sd, low=0.0, high=1e3)
    signal_variance = check_positive("signal_variance", signal_variance, high=1e6)
    return noise_sd**2 + signal_variance * n_missed / n_true


# ---------------------------------------------------------------------------------------------
# simulation core
# ---------------------------------------------------------------------------------------------


def _wishart_block(rng: np.random.Generator, n_replicates: int, n_rows: int, n_cols: int) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``X'X`` and ``X'e`` for ``n_rows`` iid N(0, I) rows and unit-variance noise ``e``.

    Returns ``gram`` with shape (R, p, p) and ``cross`` with shape (R, p). For ``n_rows >= n_cols``
    this uses Bartlett's decomposition ``X'X = A A'`` (A lower triangular, ``A_ii^2 ~ chi2(n - i)``,
    ``A_ij ~ N(0, 1)`` below the diagonal); given X, ``X'e ~ N(0, X'X)``, so ``X'e = A z``.
    """
    if n_rows < n_cols:
        rows = rng.standard_normal((n_replicates, n_rows, n_cols))
        noise = rng.standard_normal((n_replicates, n_rows))
        gram = np.matmul(rows.transpose(0, 2, 1), rows)
        cross = np.einsum("rnp,rn->rp", rows, noise)
        return gram, cross
    lower = np.tril(rng.standard_normal((n_replicates, n_cols, n_cols)), k=-1)
    dof = n_rows - np.arange(n_cols)
    diag = np.sqrt(rng.chisquare(dof, size=(n_replicates, n_cols)))
    idx = np.arange(n_cols)
    lower[:, idx, idx] = diag
    gram = np.matmul(lower, lower.transpose(0, 2, 1))
    cross = np.einsum("rij,rj->ri", lower, rng.standard_normal((n_replicates, n_cols)))
    return gram, cross


def _ridge_errors(gram: np.ndarray, rhs: np.ndarray, beta: np.ndarray, penalties: np.ndarray) -> np.ndarray:
    """Squared parameter error ||beta_hat - beta||^2 of ridge fits.

    ``gram`` (R, k, k), ``rhs`` (R, k, m) for m right-hand sides, ``beta`` (k,) the true
    coefficients of the fitted columns, ``penalties`` (m,) one ridge penalty per right-hand side.
    Returns (R, m).
    """
    k = gram.shape[-1]
    eye = np.eye(k)
    if np.all(penalties == penalties[0]):
        beta_hat = np.linalg.solve(gram + penalties[0] * eye, rhs)
    else:
        beta_hat = np.concatenate(
            [np.linalg.solve(gram + lam * eye, rhs[:, :, j : j + 1]) for j, lam in enumerate(penalties)], axis=2
        )
    return np.sum((beta_hat - beta[None, :, None]) ** 2, axis=1)


def _penalties(
    ridge_penalty: float | None, n_params: int, n_true: int, n_missed: int, noise: np.ndarray, signal_variance: float
) -> np.ndarray:
    """Ridge penalty for each noise level: fixed, or tuned (see :func:`learning_curves`)."""
    if ridge_penalty is not None:
        return np.full(noise.size, ridge_penalty)
    named_signal = signal_variance * (n_true - n_missed) / n_true  # variance explained by the fitted true columns
    effective_noise = noise**2 + signal_variance * n_missed / n_true
    return np.maximum(n_params * effective_noise / named_signal, _MIN_PENALTY)


def _simulate(
    n_candidates: int,
    n_true: int,
    missed_counts: Sequence[int],
    noise_levels: Sequence[float],
    signal_variance: float,
    train_sizes: np.ndarray,
    n_replicates: int,
    ridge_penalty: float | None,
    seed: int,
    band: float,
) -> pd.DataFrame:
    """Learning curves for every (n_missed, noise_sd) pair on one shared set of random draws."""
    rng = np.random.default_rng(seed)
    p = n_candidates
    beta = np.zeros(p)
    beta[:n_true] = math.sqrt(signal_variance / n_true)
    noise = np.asarray(noise_levels, dtype=float)
    gram = np.zeros((n_replicates, p, p))
    cross = np.zeros((n_replicates, p))  # X'e for unit-variance noise e
    previous = 0
    flexible_penalty = _penalties(ridge_penalty, p, n_true, 0, noise, signal_variance)
    expert_penalty = {m: _penalties(ridge_penalty, n_true - m, n_true, m, noise, signal_variance) for m in missed_counts}
    flexible_sq = np.empty((len(train_sizes), n_replicates, noise.size))
    expert_sq = {m: np.empty((len(train_sizes), n_replicates, noise.size)) for m in missed_counts}
    for t, n in enumerate(train_sizes):
        block_gram, block_cross = _wishart_block(rng, n_replicates, int(n) - previous, p)
        gram += block_gram
        cross += block_cross
        previous = int(n)
        signal_part = gram @ beta  # (R, p): X'X beta
        rhs = signal_part[:, :, None] + cross[:, :, None] * noise[None, None, :]  # X'y, (R, p, m)
        flexible_sq[t] = _ridge_errors(gram, rhs, beta, flexible_penalty)
        for m in missed_counts:
            k = n_true - m
            sub_error = _ridge_errors(gram[:, :k, :k], rhs[:, :k, :], beta[:k], expert_penalty[m])
            expert_sq[m][t] = sub_error + signal_variance * m / n_true

    low_q, high_q = (1.0 - band) / 2.0, (1.0 + band) / 2.0
    frames = []
    for j, sd in enumerate(noise):
        curves = [("flexible", None, flexible_sq[:, :, j], p)]
        curves += [("expert", m, expert_sq[m][:, :, j], n_true - m) for m in missed_counts]
        for model, m, sq, n_params in curves:
            errors = sd**2 + sq  # (T, R)
            floor = sd**2 if model == "flexible" else sd**2 + signal_variance * m / n_true
            frame = pd.DataFrame(
                {
                    "n_train": train_sizes.astype(np.int64),
                    "model": model,
                    "n_parameters": np.int64(n_params),
                    "test_error": errors.mean(axis=1),
                    "test_error_sd": errors.std(axis=1, ddof=1) if n_replicates > 1 else 0.0,
                    "test_error_low": np.quantile(errors, low_q, axis=1),
                    "test_error_high": np.quantile(errors, high_q, axis=1),
                    "error_floor": floor,
                    "compute_flop_proxy": train_sizes.astype(float) * n_params,
                    "n_missed": np.int64(-1 if m is None else m),
                    "noise_sd": float(sd),
                }
            )
            frames.append(frame)
    return pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------------------------------------
# public simulation API
# ---------------------------------------------------------------------------------------------


@single_threaded
def learning_curves(
    n_candidates: int = 100,
    n_true: int = 10,
    n_missed: int = 1,
    noise_sd: float = 0.5,
    *,
    signal_variance: float = 1.0,
    train_sizes: Sequence[int] | np.ndarray | None = None,
    n_replicates: int = 20,
    ridge_penalty: float | None = None,
    band: float = 0.8,
    seed: int = 0,
) -> pd.DataFrame:
    """Simulate test error against training-set size for an expert and a flexible model.

    The set-up (described in the module docstring) is a linear-Gaussian model with ``n_true``
    true variables among ``n_candidates`` candidates. The expert fits ridge regression on the
    ``n_true - n_missed`` true variables it names; the flexible model fits ridge regression on all
    candidates, ``beta_hat = (X'X + penalty * I)^-1 X'y``.

    ``ridge_penalty=None`` (default) tunes each model's penalty as a practitioner would by
    cross-validation, but from the known set-up: ``penalty = k * s2 / v``, with ``k`` the number
    of fitted coefficients, ``s2`` the variance the model cannot explain (``noise_sd**2`` plus the
    missed variables' share of the signal) and ``v`` the signal variance its columns carry. This
    is the optimal penalty when the coefficients are spread evenly; it keeps the fits defined when
    there are fewer examples than parameters and removes the error spike that a tiny penalty
    shows where ``n_train`` equals the number of parameters (the sample-wise double descent of
    the overparameterization chapter). A number fixes the same penalty for both models.

    Returns a long DataFrame, one row per (training size, model), sorted by model then size:

    * ``n_train`` – number of training examples;
    * ``model`` – ``'expert'`` or ``'flexible'``;
    * ``n_parameters`` – coefficients fitted (``n_true - n_missed`` or ``n_candidates``);
    * ``test_error`` – expected squared error on a new example (test MSE, squared units of the
      outcome), averaged over ``n_replicates`` independent training sets;
    * ``test_error_sd`` – standard deviation across replicates;
    * ``test_error_low`` / ``test_error_high`` – the central ``band`` quantile range across replicates;
    * ``error_floor`` – the error with unlimited data: :func:`expert_error_floor` for the expert,
      ``noise_sd**2`` for the flexible model;
    * ``compute_flop_proxy`` – ``n_train * n_parameters``. One pass of gradient descent over the
      data costs a few floating-point operations per example per parameter, so training compute
      is proportional to this product (the "parameters × data" cost of the paper's theoretical
      argument, {cite:p}`thompson2020computational`). Only ratios between rows are meaningful.

    The training sets are nested (each size extends the previous one) and every replicate is
    seeded from ``seed``: the same arguments give the same DataFrame. ``train_sizes`` defaults
    to :data:`DEFAULT_TRAIN_SIZES`. Run time grows as ``n_candidates**3``: about 0.07 s for the
    defaults and 0.3 s for 200 candidates on one idle core. Chapter: expert systems versus
    flexible models.
    """
    n_candidates, n_true, n_missed = _check_design(n_candidates, n_true, n_missed)
    noise_sd = check_number("noise_sd", noise_sd, low=0.0, high=1e3)
    signal_variance = check_positive("signal_variance", signal_variance, high=1e6)
    sizes = _check_sizes("train_sizes", DEFAULT_TRAIN_SIZES if train_sizes is None else train_sizes)
    if sizes[-1] > 10_000_000:
        raise ValueError(f"train_sizes must not exceed 10,000,000 examples, got {sizes[-1]}")
    n_replicates = check_int("n_replicates", n_replicates, low=2, high=1000)
    if ridge_penalty is not None:
        ridge_penalty = check_positive("ridge_penalty", ridge_penalty, high=1e9)
    band = check_number("band", band, low=0.0, high=1.0, low_open=True, high_open=True)
    seed = check_seed("seed", seed)
    frame = _simulate(
        n_candidates, n_true, [n_missed], [noise_sd], signal_variance, sizes, n_replicates, ridge_penalty, seed, band
    )
    frame = frame.sort_values(["model", "n_train"], kind="stable", ignore_index=True)
    return frame[_CURVE_COLUMNS]


@single_threaded
def learning_curve_grid(
    pool_sizes: Sequence[int] | np.ndarray = (25, 50, 100, 200),
    missed_counts: Sequence[int] | np.ndarray = (0, 1, 2, 3),
    noise_levels: Sequence[float] | np.ndarray = (0.25, 0.5, 1.0),
    *,
    n_true: int = 10,
    signal_variance: float = 1.0,
    train_sizes: Sequence[int] | np.ndarray | None = None,
    n_replicates: int = 20,
    ridge_penalty: float | None = None,
    band: float = 0.8,
    seed: int = 0,
) -> pd.DataFrame:
    """Precompute :func:`learning_curves` over a grid of settings, for a static page's sliders.

    Returns one long DataFrame with the columns of :func:`learning_curves` plus the control values
    ``n_candidates``, ``n_missed`` and ``noise_sd`` (every combination of ``pool_sizes``,
    ``missed_counts`` and ``noise_levels``). Every setting reuses the same seed, so moving one
    slider changes the curves smoothly instead of redrawing the noise; for a given pool size all
    missed counts and noise levels share one set of simulated training data. Each row equals the
    matching row of ``learning_curves(n_candidates, n_true, n_missed, noise_sd, ...)`` with the
    same keyword arguments. Pool sizes must be at least ``n_true`` and missed counts at most
    ``n_true - 1``. Chapter: expert systems versus flexible models.
    """
    n_true = check_int("n_true", n_true, low=1, high=2000)
    pools = check_array("pool_sizes", pool_sizes, low=n_true, high=2000)
    missed = check_array("missed_counts", missed_counts, low=0, high=n_true - 1)
    noises = check_array("noise_levels", noise_levels, low=0.0, high=1e3)
    for name, values in (("pool_sizes", pools), ("missed_counts", missed)):
        if np.any(values != np.round(values)):
            raise ValueError(f"{name} must contain whole numbers")
    for name, values in (("pool_sizes", pools), ("missed_counts", missed), ("noise_levels", noises)):
        if np.unique(values).size != values.size:
            raise ValueError(f"{name} must not contain repeated values")
    signal_variance = check_positive("signal_variance", signal_variance, high=1e6)
    sizes = _check_sizes("train_sizes", DEFAULT_TRAIN_SIZES if train_sizes is None else train_sizes)
    if sizes[-1] > 10_000_000:
        raise ValueError(f"train_sizes must not exceed 10,000,000 examples, got {sizes[-1]}")
    n_replicates = check_int("n_replicates", n_replicates, low=2, high=1000)
    if ridge_penalty is not None:
        ridge_penalty = check_positive("ridge_penalty", ridge_penalty, high=1e9)
    band = check_number("band", band, low=0.0, high=1.0, low_open=True, high_open=True)
    seed = check_seed("seed", seed)
    missed_ints = [int(m) for m in missed]
    frames = []
    for pool in pools.astype(int):
        frame = _simulate(
            int(pool), n_true, missed_ints, list(noises), signal_variance, sizes, n_replicates, ridge_penalty, seed, band
        )
        flexible = frame[frame["model"] == "flexible"]
        expert = frame[frame["model"] == "expert"]
        # the flexible curve does not depend on n_missed: repeat it for every missed count
        copies = [flexible.assign(n_missed=np.int64(m)) for m in missed_ints]
        frame = pd.concat([expert, *copies], ignore_index=True)
        frames.append(frame.assign(n_candidates=np.int64(pool)))
    grid = pd.concat(frames, ignore_index=True)
    grid = grid.sort_values(["n_candidates", "n_missed", "noise_sd", "model", "n_train"], kind="stable", ignore_index=True)
    return grid[["n_candidates", "n_missed", "noise_sd", *_CURVE_COLUMNS]]


def _check_curves(curves: object, name: str = "curves") -> pd.DataFrame:
    if not isinstance(curves, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame from learning_curves, got {type(curves).__name__}")
    missing = {"n_train", "model", "test_error"} - set(curves.columns)
    if missing:
        raise ValueError(f"{name} is missing column(s) {sorted(missing)}")
    if curves.empty:
        raise ValueError(f"{name} must not be empty")
    return curves


def crossover_n(curves: pd.DataFrame, *, interpolate: bool = False) -> float:
    """Return the training size from which the flexible model beats the expert for good.

    ``curves`` is one setting's output of :func:`learning_curves` (columns ``n_train``,
    ``model``, ``test_error``). The crossover is the smallest training size at which the flexible
    model's mean test error is below the expert's *and stays below at every larger size on the
    grid* (so a chance lead at tiny sizes does not count). Returns ``nan`` if the flexible model
    is not ahead at the largest size simulated (no crossover within the grid). If the flexible
    model leads at every size, the smallest size is returned.

    With ``interpolate=True`` the crossing is located between the two grid sizes that straddle it
    by linear interpolation of the error difference in log(n_train); the result is then a real
    number of examples rather than a grid value. Chapter: expert systems versus flexible models.
    """
    curves = _check_curves(curves)
    if not isinstance(interpolate, (bool, np.bool_)):
        raise TypeError(f"interpolate must be True or False, got {interpolate!r}")
    models = set(curves["model"].unique())
    if models != {"expert", "flexible"}:
        raise ValueError(f"curves must hold exactly the models 'expert' and 'flexible', got {sorted(map(str, models))}")
    if curves.duplicated(["n_train", "model"]).any():
        raise ValueError("curves holds several rows per (n_train, model); pass one setting (filter a grid first)")
    wide = curves.pivot(index="n_train", columns="model", values="test_error").sort_index()
    if wide.isna().any().any():
        raise ValueError("curves must give both models at the same n_train values")
    values = wide.to_numpy(dtype=float)
    if not np.all(np.isfinite(values)):
        raise ValueError("curves test_error must be finite")
    sizes = wide.index.to_numpy(dtype=float)
    ahead = values[:, 1] < values[:, 0]  # columns sorted: expert, flexible
    if not ahead[-1]:
        return math.nan
    behind = np.flatnonzero(~ahead)
    first = 0 if behind.size == 0 else int(behind[-1]) + 1
    if not interpolate or first == 0:
        return float(sizes[first])
    diff_before = values[first - 1, 1] - values[first - 1, 0]  # >= 0
    diff_after = values[first, 1] - values[first, 0]  # < 0
    fraction = diff_before / (diff_before - diff_after)
    log_n = np.log(sizes[first - 1]) + fraction * (np.log(sizes[first]) - np.log(sizes[first - 1]))
    return float(np.exp(log_n))


def crossover_table(grid: pd.DataFrame, *, interpolate: bool = False) -> pd.DataFrame:
    """Return :func:`crossover_n` for every setting of a :func:`learning_curve_grid` DataFrame.

    One row per (``n_candidates``, ``n_missed``, ``noise_sd``) with columns ``crossover_n``
    (training examples; NaN when the flexible model never wins on the grid) and
    ``crossover_compute_ratio``: at that size, the flexible model's compute proxy divided by the
    expert's (``n_candidates / (n_true - n_missed)``, since both see the same data). Chapter:
    expert systems versus flexible models.
    """
    grid = _check_curves(grid, "grid")
    controls = ["n_candidates", "n_missed", "noise_sd"]
    missing = set(controls + ["n_parameters"]) - set(grid.columns)
    if missing:
        raise ValueError(f"grid is missing column(s) {sorted(missing)}")
    rows = []
    for key, setting in grid.groupby(controls, sort=True):
        params = setting.groupby("model")["n_parameters"].first()
        n_cross = crossover_n(setting, interpolate=interpolate)
        rows.append(
            {
                "n_candidates": key[0],
                "n_missed": key[1],
                "noise_sd": key[2],
                "crossover_n": n_cross,
                "crossover_compute_ratio": float(params["flexible"] / params["expert"]),
            }
        )
    return pd.DataFrame(rows)


def crossover_points(curves: pd.DataFrame) -> pd.DataFrame:
    """Both models' error and compute at the crossover of each setting.

    ``curves`` is the output of :func:`learning_curve_grid` (or of :func:`learning_curves` for one
    setting). The crossover is :func:`crossover_n` (a grid size), so the test errors are the
    simulation's own rows at that size. Returns one row per setting and model with the control
    columns present (``n_candidates``, ``n_missed``, ``noise_sd``), ``model``, ``crossover_n``
    (training examples), ``n_parameters``, ``test_error`` (squared units of y) and
    ``compute_flop_proxy`` (NaN where the flexible model never wins), the setting's
    ``crossover_compute_ratio`` (flexible over expert compute per example, as in
    :func:`crossover_table`) and a one-line ``crossover_label``. Chapter: expert systems versus
    flexible models.
    """
    curves = _check_curves(curves)
    missing = {"n_parameters", "compute_flop_proxy"} - set(curves.columns)
    if missing:
        raise ValueError(f"curves is missing column(s) {sorted(missing)}")
    controls = [c for c in ("n_candidates", "n_missed", "noise_sd") if c in curves.columns]
    groups = curves.groupby(controls, sort=True) if controls else [((), curves)]
    rows = []
    for key, setting in groups:
        key = key if isinstance(key, tuple) else (key,)
        n_cross = crossover_n(setting)
        params = setting.groupby("model")["n_parameters"].first()
        ratio = float(params["flexible"] / params["expert"])
        if math.isnan(n_cross):
            label = "No crossover: the expert named every true variable, so the flexible model never catches up"
        else:
            label = f"Flexible wins from n = {n_cross:,.0f}, at {ratio:.1f}× the expert's compute per example"
        for model in ("expert", "flexible"):
            row = dict(zip(controls, key))
            at = setting[(setting["model"] == model) & (setting["n_train"] == n_cross)]
            row.update(
                model=model,
                crossover_n=n_cross,
                n_parameters=int(params[model]),
                test_error=float(at["test_error"].iloc[0]) if len(at) else math.nan,
                compute_flop_proxy=float(at["compute_flop_proxy"].iloc[0]) if len(at) else math.nan,
                crossover_compute_ratio=ratio,
                crossover_label=label,
            )
            rows.append(row)
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# universal approximation in one picture
# ---------------------------------------------------------------------------------------------


def target_function(x: np.ndarray | Sequence[float] | float) -> np.ndarray:
    """The fixed wiggly target of :func:`approximation_demo`: f(x) = sin(3πx) + 0.3 sin(11πx) + x.

    Defined for x in [0, 1]; dimensionless. It has several bumps of two different widths plus a
    trend, so no straight line or quadratic can follow it. Chapter: expert systems versus flexible
    models.
    """
    if np.ndim(x) == 0:
        value = check_number("x", x, low=0.0, high=1.0)
        array = np.asarray(value)
    else:
        array = check_array("x", x, low=0.0, high=1.0)
    return np.sin(3 * np.pi * array) + 0.3 * np.sin(11 * np.pi * array) + array


@single_threaded
def approximation_demo(
    widths: Sequence[int] | np.ndarray = (2, 5, 10, 20, 50, 200),
    *,
    expert_degree: int = 2,
    n_fit: int = 200,
    n_points: int = 201,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fit :func:`target_function` with random ReLU features of increasing width and with a fixed form.

    A network with one hidden layer of enough units can approximate any continuous function on a
    bounded interval as closely as wanted {cite:p}`cybenko1989approximation,hornik1989multilayer`.
    Here the hidden layer is random and only the output layer is fitted: a model of width ``w`` is
    ``a_0 + sum_j a_j max(0, s_j (x - c_j))`` with kinks ``c_j ~ Uniform(0, 1)`` and slopes
    ``s_j = ±1`` drawn from ``seed`` (nested: a wider model keeps the narrower one's units), fitted
    by least squares (minimum-norm when under-determined) to ``n_fit`` evenly spaced noise-free
    points of the target. The "expert" model is a polynomial of degree ``expert_degree`` (default 2,
    a quadratic), fitted the same way: a fixed functional form that cannot bend enough.

    Returns ``(predictions, summary)``:

    * ``predictions`` – long DataFrame with columns ``x`` (``n_points`` evenly spaced in [0, 1]),
      ``model`` (``'random_relu'`` or ``'expert_polynomial'``), ``width`` (hidden units; the
      polynomial degree for the expert), ``n_parameters``, ``prediction`` and ``target``;
    * ``summary`` – one row per fitted model with ``model``, ``width``, ``n_parameters``,
      ``rmse`` (root-mean-square error on the plotting grid) and ``max_abs_error``.

    Chapter: expert systems versus flexible models.
    """
    widths_array = check_array("widths", widths, low=1, high=5000)
    if np.any(widths_array != np.round(widths_array)):
        raise ValueError("widths must contain whole numbers of hidden units")
    if np.unique(widths_array).size != widths_array.size:
        raise ValueError("widths must not contain repeated values")
    expert_degree = check_int("expert_degree", expert_degree, low=0, high=10)
    n_fit = check_int("n_fit", n_fit, low=2, high=100_000)
    n_points = check_int("n_points", n_points, low=2, high=100_000)
    seed = check_seed("seed", seed)

    rng = np.random.default_rng(seed)
    max_width = int(widths_array.max())
    kinks = rng.uniform(0.0, 1.0, max_width)
    slopes = rng.choice(np.array([-1.0, 1.0]), max_width)
    x_fit = np.linspace(0.0, 1.0, n_fit)
    x_plot = np.linspace(0.0, 1.0, n_points)
    y_fit = target_function(x_fit)
    y_plot = target_function(x_plot)

    def relu_features(x: np.ndarray, width: int) -> np.ndarray:
        hidden = np.maximum(0.0, slopes[:width] * (x[:, None] - kinks[:width]))
        return np.column_stack([np.ones_like(x), hidden])

    frames, summary = [], []

    def record(model: str, width: int, design_fit: np.ndarray, design_plot: np.ndarray) -> None:
        coef = np.linalg.lstsq(design_fit, y_fit, rcond=None)[0]
        prediction = design_plot @ coef
        n_params = design_fit.shape[1]
        frames.append(
            pd.DataFrame(
                {
                    "x": x_plot,
                    "model": model,
                    "width": np.int64(width),
                    "n_parameters": np.int64(n_params),
                    "prediction": prediction,
                    "target": y_plot,
                }
            )
        )
        error = prediction - y_plot
        summary.append(
            {
                "model": model,
                "width": width,
                "n_parameters": n_params,
                "rmse": float(np.sqrt(np.mean(error**2))),
                "max_abs_error": float(np.max(np.abs(error))),
            }
        )

    record(
        "expert_polynomial",
        expert_degree,
        np.vander(x_fit, expert_degree + 1, increasing=True),
        np.vander(x_plot, expert_degree + 1, increasing=True),
    )
    for width in sorted(int(w) for w in widths_array):
        record("random_relu", width, relu_features(x_fit, width), relu_features(x_plot, width))
    return pd.concat(frames, ignore_index=True), pd.DataFrame(summary)
