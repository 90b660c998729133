"""Expert against flexible models: the replicated learning curves of *Flexibility* (``book/flexibility.md``).

The chapter simulates one X-ray-style training set on the page, fits both models by ridge
least squares and averages 20 training sets for one learning-curve point. This module repeats
that for 24 training sizes and a grid of settings, fast enough to precompute a static page's
sliders, and finds where the flexible model overtakes the expert.

The set-up, as on the page: ``n_candidates`` candidate variables x ~ N(0, I); the first
``n_true`` carry the signal, each with coefficient √(1/n_true) (signal variance 1); y = x·β +
noise with noise ~ N(0, noise_sd²). The expert fits ridge regression on the ``n_true − n_missed``
true variables it names, the flexible model on every candidate, each with the penalty tuned as
on the page. Test error is the expected squared error on a new example, noise_sd² + ‖β̂ − β‖².

Speed: the data enter ridge regression only through XᵀX and Xᵀy, so the simulation draws
those directly (Bartlett's construction of a Wishart matrix), on nested training sets.
"""
from __future__ import annotations

import numbers

import numpy as np
import pandas as pd

from ._checks import check_array, check_frame, check_int, check_positive, check_seed
from ._threads import single_threaded

__all__ = ["DEFAULT_TRAIN_SIZES", "learning_curves", "crossovers"]

#: Default training-set sizes: 24 values on a log grid from 5 to 20,000 examples.
DEFAULT_TRAIN_SIZES: tuple[int, ...] = tuple(int(n) for n in np.unique(np.round(np.geomspace(5, 20_000, 24))))

_CONTROLS = ["n_candidates", "n_missed", "noise_sd"]


def _whole_numbers(name: str, values: object, low: float, high: float) -> np.ndarray:
    """Distinct whole numbers in [low, high], sorted (a scalar is one value)."""
    array = check_array(name, [values] if isinstance(values, numbers.Real) else values, low=low, high=high)
    if np.any(array != np.round(array)) or np.unique(array).size != array.size:
        raise ValueError(f"{name} must hold distinct whole numbers in [{low:g}, {high:g}], got {array.tolist()}")
    return np.sort(array).astype(np.int64)


def _wishart_block(rng: np.random.Generator, n_replicates: int, n_rows: int, n_cols: int) -> tuple[np.ndarray, np.ndarray]:
    """XᵀX (R, p, p) and Xᵀe (R, p) for ``n_rows`` new N(0, I) rows and unit-variance noise e.

    With at least as many rows as columns, Bartlett: XᵀX = AAᵀ, A lower triangular with
    A_ii² ~ χ²(n − i) and N(0, 1) below the diagonal; given X, Xᵀe ~ N(0, XᵀX), so Xᵀe = Az.
    """
    if n_rows < n_cols:
        rows = rng.standard_normal((n_replicates, n_rows, n_cols))
        return rows.transpose(0, 2, 1) @ rows, np.einsum("rnp,rn->rp", rows, rng.standard_normal((n_replicates, n_rows)))
    lower = np.tril(rng.standard_normal((n_replicates, n_cols, n_cols)), k=-1)
    diagonal = np.arange(n_cols)
    lower[:, diagonal, diagonal] = np.sqrt(rng.chisquare(n_rows - diagonal, size=(n_replicates, n_cols)))
    return lower @ lower.transpose(0, 2, 1), np.einsum("rij,rj->ri", lower, rng.standard_normal((n_replicates, n_cols)))


def _penalty(n_parameters: int, n_true: int, n_missed: int, noise_sd: np.ndarray) -> np.ndarray:
    """The tuned ridge penalty of the page: parameters × unexplained variance ÷ explained variance (at least 0.01)."""
    unexplained = noise_sd**2 + n_missed / n_true
    return np.maximum(n_parameters * unexplained / ((n_true - n_missed) / n_true), 1e-2)


def _squared_errors(gram: np.ndarray, rhs: np.ndarray, beta: np.ndarray, penalties: np.ndarray) -> np.ndarray:
    """‖β̂ − β‖² (R, m) of ridge fits for m right-hand sides ``rhs`` (R, k, m), one penalty each."""
    eye = np.eye(gram.shape[-1])
    fits = [np.linalg.solve(gram + penalty * eye, rhs[:, :, [j]]) for j, penalty in enumerate(penalties)]
    return np.sum((np.concatenate(fits, axis=2) - beta[None, :, None]) ** 2, axis=1)


def _simulate_pool(p, n_true, missed, noise, sizes, n_replicates, ridge_penalty, seed) -> pd.DataFrame:
    """Curves of one pool size for every missed count and noise level, all from the same draws."""
    rng = np.random.default_rng(seed)
    beta = np.where(np.arange(p) < n_true, np.sqrt(1.0 / n_true), 0.0)
    gram, cross = np.zeros((n_replicates, p, p)), np.zeros((n_replicates, p))
    fixed = None if ridge_penalty is None else np.full(noise.size, ridge_penalty)
    errors = {(m, name): np.empty((sizes.size, n_replicates, noise.size)) for m in missed for name in ("expert", "flexible")}
    previous = 0
    for t, n in enumerate(sizes):
        block_gram, block_cross = _wishart_block(rng, n_replicates, int(n) - previous, p)
        gram, cross, previous = gram + block_gram, cross + block_cross, int(n)
        rhs = (gram @ beta)[:, :, None] + cross[:, :, None] * noise  # Xᵀy for every noise level, (R, p, m)
        flexible = _squared_errors(gram, rhs, beta, _penalty(p, n_true, 0, noise) if fixed is None else fixed)
        for m in missed:
            k = n_true - m
            penalties = _penalty(k, n_true, m, noise) if fixed is None else fixed
            errors[m, "expert"][t] = _squared_errors(gram[:, :k, :k], rhs[:, :k, :], beta[:k], penalties) + m / n_true
            errors[m, "flexible"][t] = flexible
    frames = []
    for (m, model), squared in errors.items():
        for j, sd in enumerate(noise):
            test_error = sd**2 + squared[:, :, j]  # (sizes, replicates)
            n_parameters = p if model == "flexible" else n_true - m
            frames.append(pd.DataFrame({
                "n_candidates": p, "n_missed": m, "noise_sd": sd, "n_train": sizes, "model": model,
                "n_parameters": n_parameters,
                "test_error": test_error.mean(axis=1),
                "test_error_low": np.quantile(test_error, 0.1, axis=1),
                "test_error_high": np.quantile(test_error, 0.9, axis=1),
                "error_floor": sd**2 + (0.0 if model == "flexible" else m / n_true),
                "compute_flop_proxy": sizes * float(n_parameters),
            }))
    return pd.concat(frames, ignore_index=True)


@single_threaded
def learning_curves(
    pool_sizes: int | list[int] = 100,
    missed_counts: int | list[int] = 1,
    noise_levels: float | list[float] = 0.5,
    *,
    n_true: int = 10,
    train_sizes: list[int] | np.ndarray = DEFAULT_TRAIN_SIZES,
    n_replicates: int = 20,
    ridge_penalty: float | None = None,
    seed: int = 0,
) -> pd.DataFrame:
    """Test error against training-set size for the expert and the flexible model, in every setting.

    One setting per combination of ``pool_sizes`` (candidates), ``missed_counts`` (true variables
    the expert missed, < ``n_true``) and ``noise_levels`` (noise standard deviation); a single
    number is one value. Every setting is averaged over ``n_replicates`` training sets drawn from
    ``seed``, so a slider moving between settings changes the curves smoothly. ``ridge_penalty``
    fixes one penalty for both models instead of the page's tuned ones. Long DataFrame, sorted,
    with the controls and ``n_train``, ``model`` ('expert', 'flexible'), ``n_parameters``,
    ``test_error`` (mean test MSE, squared units of y), ``test_error_low`` / ``_high`` (10th and
    90th percentiles over training sets), ``error_floor`` (unlimited data) and ``compute_flop_proxy``
    (examples × parameters, proportional to training FLOP). Chapter: *Flexibility*.
    """
    n_true = check_int("n_true", n_true, low=1, high=1000)
    pools = _whole_numbers("pool_sizes", pool_sizes, n_true, 1000)
    missed = _whole_numbers("missed_counts", missed_counts, 0, n_true - 1)
    noise = check_array("noise_levels", [noise_levels] if isinstance(noise_levels, numbers.Real) else noise_levels, low=0.0, high=100.0)
    noise = np.unique(noise)
    sizes = _whole_numbers("train_sizes", train_sizes, 1, 1e7)
    n_replicates = check_int("n_replicates", n_replicates, low=2, high=1000)
    if n_replicates * pools.max() ** 2 > 2e7:
        raise ValueError("n_replicates × max(pool_sizes)² must be at most 2e7 (memory); use fewer replicates or a smaller pool")
    ridge_penalty = None if ridge_penalty is None else check_positive("ridge_penalty", ridge_penalty, high=1e9)
    seed = check_seed("seed", seed)
    frames = [_simulate_pool(int(p), n_true, missed, noise, sizes, n_replicates, ridge_penalty, seed) for p in pools]
    return pd.concat(frames, ignore_index=True).sort_values([*_CONTROLS, "model", "n_train"], ignore_index=True)


def crossovers(curves: pd.DataFrame) -> pd.DataFrame:
    """Where the flexible model overtakes the expert for good, in every setting of ``curves``.

    The crossover is the smallest simulated size from which the flexible model's mean test
    error stays below the expert's at every larger size; NaN if it is not ahead at the largest.
    One row per setting: the controls, ``crossover_n`` (examples), ``expert_error`` and
    ``flexible_error`` there (test MSE), ``expert_compute`` and ``flexible_compute`` (examples ×
    parameters). ``curves`` is the output of :func:`learning_curves`. Chapter: *Flexibility*.
    """
    check_frame("curves", curves, [*_CONTROLS, "n_train", "model", "n_parameters", "test_error"])
    rows = []
    for key, setting in curves.groupby(_CONTROLS, sort=True):
        wide = setting.pivot_table(index="n_train", columns="model", values="test_error", aggfunc="mean")
        if list(wide.columns) != ["expert", "flexible"] or wide.isna().any().any():
            raise ValueError(f"curves must give both models, 'expert' and 'flexible', at the same sizes; setting {key} does not")
        ahead = wide["flexible"] < wide["expert"]
        behind = ahead.index[~ahead]
        n_cross = ahead.index[ahead.index > behind.max()].min() if len(behind) else ahead.index.min()
        found = bool(ahead.iloc[-1])
        errors = wide.loc[n_cross] if found else pd.Series({"expert": np.nan, "flexible": np.nan})
        parameters = setting.groupby("model")["n_parameters"].first()
        rows.append({
            **dict(zip(_CONTROLS, key)), "crossover_n": float(n_cross) if found else np.nan,
            "expert_error": errors["expert"], "flexible_error": errors["flexible"],
            "expert_compute": n_cross * parameters["expert"] if found else np.nan,
            "flexible_compute": n_cross * parameters["flexible"] if found else np.nan,
        })
    return pd.DataFrame(rows)
