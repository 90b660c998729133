"""The theoretical floor on the cost of a better model: k² data and k⁴ compute.

Chapter: *The price of a better model* (``book/bounds.md``).

Statistical learning theory says that the root-mean-square error (RMSE) of a
good estimator falls no faster than 1/√n with n data points
{cite}`wasserman2004all`. To divide the error by a factor k you therefore need
at least k² times the data. If the number of parameters must grow in step with
the data (an overparameterized model), the cost of training, which is roughly
parameters × data points, grows as (k²)² = k⁴ {cite}`thompson2021diminishing`.

Everything here is pure computation: numbers and arrays in, numbers, arrays or
DataFrames out.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ._checks import check_array, check_int, check_number, check_positive, check_seed

__all__ = [
    "EXPONENTS",
    "data_multiplier",
    "compute_multiplier",
    "power_multiplier",
    "multiplier_table",
    "halving_cost_table",
    "rmse_by_sample_size",
    "fit_rate",
]

#: Exponents γ in "compute ∝ (improvement)^γ" that the book compares, with where each comes from.
#: Theory values follow from the argument in this module; the empirical values are the
#: paper's (v2: Table 2, via a secondary summary that checked them against the PDF; v1:
#: implied by its extrapolation table, 10^14 → 10^19 GFLOP for 11.5% → 5% top-1 error).
EXPONENTS: dict[str, dict[str, object]] = {
    "data, theory (k²)": {"gamma": 2.0, "source": "statistical theory: error ∝ 1/√n"},
    "compute, fixed model (k²)": {"gamma": 2.0, "source": "parameters fixed, cost ∝ data"},
    "compute, theory (k⁴)": {"gamma": 4.0, "source": "parameters grow with data, cost ∝ n²"},
    "compute, article (k⁹)": {"gamma": 9.0, "source": "IEEE Spectrum 2021: 'at least the ninth power'"},
    "compute, paper v2 (k^10.8)": {"gamma": 10.8, "source": "arXiv 2007.05558v2, ImageNet hardware burden"},
    "compute, paper v1 (k^13.8)": {"gamma": 13.8, "source": "implied by arXiv 2007.05558v1's extrapolation"},
}


def data_multiplier(k: float) -> float:
    """Factor by which the training data must grow to divide the error by ``k``.

    Returns k², dimensionless. ``k`` is the improvement factor: the old error divided
    by the new one (k = 2 halves the error), so it must be at least 1. Because the
    RMSE of a well-behaved estimator falls as 1/√n, n must grow as k².
    """
    k = check_number("k", k, low=1.0, high=1e6)
    return k**2


def compute_multiplier(k: float, overparameterized: bool = True) -> float:
    """Factor by which training compute must grow to divide the error by ``k``.

    Training compute is roughly parameters × data points. The data must grow as k²
    (see :func:`data_multiplier`). If the model is overparameterized, its parameter
    count grows in step with the data, so compute grows as k² × k² = k⁴; if the
    parameter count is held fixed, compute grows only as k². Dimensionless.
    """
    k = check_number("k", k, low=1.0, high=1e6)
    if not isinstance(overparameterized, (bool, np.bool_)):
        raise TypeError(f"overparameterized must be True or False, got {overparameterized!r}")
    return k**4 if overparameterized else k**2


def power_multiplier(k: float, gamma: float) -> float:
    """Compute multiplier k**gamma for an improvement ``k`` under exponent ``gamma``.

    ``gamma`` is the exponent in compute ∝ (1/error)^γ: 4 in theory, about 9 to 14
    in the paper's fits. ``k`` in [1, 1e6], ``gamma`` in (0, 50].
    """
    k = check_number("k", k, low=1.0, high=1e6)
    gamma = check_number("gamma", gamma, low=0.0, high=50.0, low_open=True)
    return float(k**gamma)


def multiplier_table(k_values: np.ndarray | list[float], gammas: dict[str, float] | None = None) -> pd.DataFrame:
    """Long table of multipliers k^γ for every ``k`` in ``k_values`` and each named exponent.

    Columns: ``k`` (improvement factor), ``quantity`` (the name of the exponent),
    ``gamma``, ``multiplier`` (dimensionless), ``log10_multiplier``. The default
    exponents are data k², theory compute k⁴ and the article's empirical k⁹.
    """
    k_array = check_array("k_values", k_values, low=1.0, high=1e6)
    if gammas is None:
        gammas = {"data needed (k²)": 2.0, "compute, theory (k⁴)": 4.0, "compute, practice (k⁹)": 9.0}
    if not isinstance(gammas, dict) or not gammas:
        raise TypeError("gammas must be a non-empty dict mapping a name to an exponent")
    frames = []
    for name, gamma in gammas.items():
        gamma = check_number(f"gammas[{name!r}]", gamma, low=0.0, high=50.0, low_open=True)
        multiplier = k_array**gamma
        frames.append(
            pd.DataFrame(
                {
                    "k": k_array,
                    "quantity": name,
                    "gamma": gamma,
                    "multiplier": multiplier,
                    "log10_multiplier": np.log10(multiplier),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def halving_cost_table(k: float = 2.0) -> pd.DataFrame:
    """Compute multiplier for an improvement ``k`` under each exponent in :data:`EXPONENTS`.

    Columns: ``exponent`` (label), ``gamma``, ``multiplier`` (k^γ), ``source``.
    With k = 2 this answers "what does halving the error cost?": 4× in data,
    16× in theory, 512× at the article's ninth power.
    """
    k = check_number("k", k, low=1.0, high=1e6)
    rows = [
        {"exponent": name, "gamma": float(entry["gamma"]), "multiplier": k ** float(entry["gamma"]), "source": entry["source"]}
        for name, entry in EXPONENTS.items()
    ]
    return pd.DataFrame(rows)


def rmse_by_sample_size(
    sample_sizes: np.ndarray | list[int] = (4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048),
    noise_sd: float = 1.0,
    replicates: int = 400,
    seed: int = 0,
) -> pd.DataFrame:
    """Monte Carlo of the 1/√n rate: RMSE of the sample mean against the sample size.

    For each n in ``sample_sizes``, draw ``replicates`` independent samples of n
    values from a normal distribution with mean 0 and standard deviation
    ``noise_sd``, estimate the mean by the sample mean, and record the root mean
    square of the estimation errors. Theory says RMSE = noise_sd / √n exactly.

    Vectorised: one (replicates × n) draw per sample size; seeded, so the same
    arguments give the same numbers. Returns columns ``n``, ``rmse`` (simulated),
    ``rmse_theory`` (noise_sd/√n), ``noise_sd``, ``replicates``.
    """
    sizes = check_array("sample_sizes", sample_sizes, low=1, high=100_000)
    if np.any(sizes != np.round(sizes)):
        raise ValueError("sample_sizes must be whole numbers in [1, 100000]")
    noise_sd = check_positive("noise_sd", noise_sd, high=1e6)
    replicates = check_int("replicates", replicates, low=2, high=100_000)
    seed = check_seed("seed", seed)
    if sizes.size * replicates * sizes.max() > 5e7:
        raise ValueError("sample_sizes × replicates is too large: keep max(n) × replicates × len(sample_sizes) ≤ 5e7")
    rng = np.random.default_rng(seed)
    rmse = np.empty(sizes.size)
    for index, n in enumerate(sizes.astype(int)):
        estimates = rng.normal(0.0, noise_sd, size=(replicates, n)).mean(axis=1)
        rmse[index] = np.sqrt(np.mean(estimates**2))
    return pd.DataFrame(
        {
            "n": sizes.astype(int),
            "rmse": rmse,
            "rmse_theory": noise_sd / np.sqrt(sizes),
            "noise_sd": noise_sd,
            "replicates": replicates,
        }
    )


def fit_rate(n: np.ndarray | list[float], rmse: np.ndarray | list[float]) -> dict[str, float]:
    """Slope of log10(rmse) against log10(n), with its standard error and 95% interval.

    A slope near −1/2 is the 1/√n rate. Returns a dict with ``slope``,
    ``slope_se``, ``slope_low``, ``slope_high`` (95% t interval), ``intercept``
    and ``r_squared``. Needs at least 3 points, all positive.
    """
    n_array = check_array("n", n, min_length=3, low=0.0, low_open=True)
    rmse_array = check_array("rmse", rmse, min_length=3, low=0.0, low_open=True)
    if n_array.shape != rmse_array.shape:
        raise ValueError(f"n and rmse must have the same length, got {n_array.size} and {rmse_array.size}")
    if np.unique(n_array).size < 2:
        raise ValueError("n must contain at least two distinct values")
    from scipy import stats  # imported here: scipy.stats takes half a second, and only this fit needs it

    result = stats.linregress(np.log10(n_array), np.log10(rmse_array))
    t_crit = stats.t.ppf(0.975, n_array.size - 2)
    return {
        "slope": float(result.slope),
        "slope_se": float(result.stderr),
        "slope_low": float(result.slope - t_crit * result.stderr),
        "slope_high": float(result.slope + t_crit * result.stderr),
        "intercept": float(result.intercept),
        "r_squared": float(result.rvalue**2),
    }
