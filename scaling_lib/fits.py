"""Fits of error against compute: power law, year trend, frontier, exponential alternative.

The paper behind the article (Thompson et al., arXiv 2007.05558; BibTeX keys
``thompson2020computational`` for v1 and ``thompson2022computational`` for v2)
regresses the logarithm of a benchmark's error on the logarithm of the compute
used to train each model::

    log10(error) = intercept + slope * log10(compute)

so that compute grows as ``(1 / error) ** gamma`` with ``gamma = 1 / |slope|``,
the "implied polynomial scaling". Version 2 adds three variants, all here:
a year trend (column 2 of v2 Table 2), error in levels (column 3) and a 10th-
percentile quantile regression for the frontier (column 4). Version 1 also
tried an exponential model; :func:`fit_exponential` fits the form that
reproduces v1's exponential extrapolations.

Every regression is done with statsmodels (OLS and QuantReg); only the
bootstrap, which refits thousands of resampled data sets, uses the closed-form
least-squares slope so that it can be vectorised.

Conventions
-----------
* ``compute`` is training compute in FLOP (any unit works for the slope and
  gamma, but :func:`extrapolate` labels its output ``compute_flop``, so pass
  FLOP; multiply Gflop by 1e9).
* ``error`` is a fraction in (0, 1): top-1 error 11.5 % is ``0.115``.
* Logarithms are base 10.

Explained in the book's chapter on the empirical scaling fits ("what the data
say"); the helpers :func:`halving_factor`, :func:`compute_ratio` and
:func:`implied_gamma` back the article's "500x to halve the error" arithmetic.

Decision on non-negative slopes
-------------------------------
gamma only makes sense when error falls as compute grows. Every fit that
reports gamma (:func:`fit_power_law`, :func:`fit_power_law_with_year`,
:func:`fit_frontier`) therefore raises ``ValueError`` when the fitted compute
slope is zero or positive, saying so. When the slope is negative but its 95 %
confidence interval reaches zero, the upper end of gamma's interval is
``inf`` (the data cannot rule out "no dependence on compute").
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import statsmodels.api as sm
from numpy.typing import ArrayLike
from scipy import stats

from scaling_lib._checks import (
    check_array,
    check_choice,
    check_int,
    check_number,
    check_positive,
    check_probability,
    check_seed,
    read_only_copy,
    finite_result,
)

__all__ = [
    "PowerLawFit",
    "PowerLawYearFit",
    "FrontierFit",
    "ExponentialFit",
    "FormComparison",
    "fit_power_law",
    "fit_power_law_with_year",
    "fit_frontier",
    "frontier_mask",
    "fit_exponential",
    "fit_error_levels",
    "compare_forms",
    "extrapolate",
    "gamma_from_slope",
    "halving_factor",
    "compute_ratio",
    "implied_gamma",
]

_MIN_POINTS = 3
_MAX_BOOTSTRAP = 100_000


# ---------------------------------------------------------------------------
# Input checks shared by the fits
# ---------------------------------------------------------------------------
def _check_compute(name: str, values: Any) -> np.ndarray:
    return check_array(name, values, min_length=_MIN_POINTS, low=0.0, low_open=True)


def _check_error_array(name: str, values: Any, *, min_length: int = _MIN_POINTS) -> np.ndarray:
    try:
        return check_array(name, values, min_length=min_length, low=0.0, high=1.0, low_open=True, high_open=True)
    except ValueError as problem:
        array = np.asarray(values, dtype=float) if not isinstance(values, (str, bytes)) else None
        if array is not None and np.all(np.isfinite(array)) and np.any((array > 1) & (array <= 100)):
            raise ValueError(f"{problem} ({name} is a fraction in (0, 1), not a percentage: 11.5 % is 0.115)") from None
        raise


def _check_pair(compute: Any, error: Any) -> tuple[np.ndarray, np.ndarray]:
    compute_arr = _check_compute("compute", compute)
    error_arr = _check_error_array("error", error)
    if compute_arr.shape != error_arr.shape:
        raise ValueError(
            f"compute and error must have the same length, got {compute_arr.shape[0]} and {error_arr.shape[0]}"
        )
    if np.ptp(np.log10(compute_arr)) == 0:
        raise ValueError("compute must take at least two distinct values to fit a slope")
    return compute_arr, error_arr


def _check_level(level: Any) -> float:
    return check_number("level", level, low=0.5, high=1.0, high_open=True)


def _t_crit(level: float, df_resid: float) -> float:
    return float(stats.t.ppf(0.5 + level / 2.0, df_resid))


def _gamma_interval(slope_low: float, slope_high: float) -> tuple[float, float]:
    """Map a confidence interval for a negative slope to one for gamma = -1/slope.

    gamma is increasing in the slope on (-inf, 0), so the ends map directly; an
    upper slope end at or above zero means gamma is unbounded above.
    """
    gamma_low = -1.0 / slope_low if slope_low < 0 else math.inf
    gamma_high = -1.0 / slope_high if slope_high < 0 else math.inf
    return gamma_low, gamma_high


def _refuse_nonnegative(slope: float, what: str) -> None:
    if not slope < 0:
        raise ValueError(
            f"the fitted slope of log10(error) on log10(compute) is {slope:+.4g} >= 0{what}: error does not fall "
            "as compute grows in these data, so gamma = 1/|slope| (the compute exponent) is not defined"
        )


def _ols_line(x: np.ndarray, y: np.ndarray) -> tuple[Any, float, float, float, float]:
    """OLS of ``y`` on ``x`` with an intercept: (statsmodels results, intercept, slope, intercept SE, slope SE)."""
    results = sm.OLS(y, sm.add_constant(x, has_constant="add")).fit()
    intercept, slope = (float(v) for v in results.params)
    intercept_se, slope_se = (float(v) for v in results.bse)
    return results, intercept, slope, intercept_se, slope_se


def _slope_fields(results: Any, slope: float, slope_se: float, level: float, what: str) -> dict[str, Any]:
    """The fields every fit of log10(error) on log10(compute) shares, from its statsmodels ``results``.

    Refuses a slope >= 0 (``what`` names the fit in the message), then gives the slope and its
    t interval at ``level``, gamma = -1/slope with the inverted interval, ``level``, ``n``,
    ``df_resid``, the read-only residuals and the results.
    """
    _refuse_nonnegative(slope, what)
    t_crit = _t_crit(level, results.df_resid)
    slope_low, slope_high = slope - t_crit * slope_se, slope + t_crit * slope_se
    gamma_low, gamma_high = _gamma_interval(slope_low, slope_high)
    return {
        "slope": slope,
        "slope_se": slope_se,
        "slope_low": slope_low,
        "slope_high": slope_high,
        "gamma": -1.0 / slope,
        "gamma_low": gamma_low,
        "gamma_high": gamma_high,
        "level": level,
        "n": int(np.shape(results.resid)[0]),
        "df_resid": float(results.df_resid),
        "residuals": read_only_copy(results.resid),
        "results": results,
    }


# ---------------------------------------------------------------------------
# Result types
# ---------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class PowerLawFit:
    """Result of :func:`fit_power_law`: ``log10(error) = intercept + slope * log10(compute)``.

    Attributes
    ----------
    slope, intercept, slope_se, intercept_se
        OLS coefficients and their standard errors (log10 units).
    slope_low, slope_high
        t-based confidence interval for the slope at ``level``.
    gamma, gamma_low, gamma_high
        ``gamma = 1/|slope|``: compute grows as ``(1/error) ** gamma``. The
        interval inverts the slope's interval (``gamma_high`` is ``inf`` when
        the slope's interval reaches zero).
    gamma_boot_low, gamma_boot_high
        Seeded pairs-bootstrap percentile interval for gamma (``nan`` when
        ``n_bootstrap == 0``), a check on the t-based interval.
    r_squared, n, df_resid, residual_sd
        Fit quality; ``residual_sd`` is the residual standard deviation in
        log10(error) units.
    residuals, log10_compute, log10_error
        Per-point arrays (read-only), in the input order.
    results
        The statsmodels ``RegressionResults`` (for prediction bands).
    """

    slope: float
    intercept: float
    slope_se: float
    intercept_se: float
    slope_low: float
    slope_high: float
    gamma: float
    gamma_low: float
    gamma_high: float
    gamma_boot_low: float
    gamma_boot_high: float
    level: float
    r_squared: float
    n: int
    df_resid: float
    residual_sd: float
    n_bootstrap: int
    seed: int
    residuals: np.ndarray = field(repr=False)
    log10_compute: np.ndarray = field(repr=False)
    log10_error: np.ndarray = field(repr=False)
    results: Any = field(repr=False)
    form: str = "power law"

    def table(self) -> pd.DataFrame:
        """Tidy table of the fitted quantities: columns quantity, value, low, high, note."""
        rows = [
            ("slope", self.slope, self.slope_low, self.slope_high, f"OLS, {self.level:.0%} t interval"),
            ("intercept", self.intercept, np.nan, np.nan, f"SE {self.intercept_se:.3g}"),
            ("gamma", self.gamma, self.gamma_low, self.gamma_high, "1/|slope|, inverted t interval"),
            ("gamma (bootstrap)", self.gamma, self.gamma_boot_low, self.gamma_boot_high,
             f"pairs bootstrap, {self.n_bootstrap} resamples, seed {self.seed}"),
            ("R squared", self.r_squared, np.nan, np.nan, "on log10(error)"),
            ("n", float(self.n), np.nan, np.nan, "models"),
        ]
        return pd.DataFrame(rows, columns=["quantity", "value", "low", "high", "note"])


@dataclass(frozen=True, eq=False)
class PowerLawYearFit:
    """Result of :func:`fit_power_law_with_year`: ``log10(error) = intercept + slope*log10(compute) + year_coef*year``.

    ``gain_per_year = 10 ** (year_coef / slope)`` is the factor by which one
    year of progress multiplies the effective compute (at fixed error); it is
    ``10 ** (|year_coef| / |slope|)`` when both coefficients are negative, as
    in v2 (about 2.2 per year from -0.022 and -0.065).
    """

    slope: float
    slope_se: float
    slope_low: float
    slope_high: float
    year_coef: float
    year_coef_se: float
    intercept: float
    gamma: float
    gamma_low: float
    gamma_high: float
    gain_per_year: float
    level: float
    r_squared: float
    n: int
    df_resid: float
    residual_sd: float
    residuals: np.ndarray = field(repr=False)
    results: Any = field(repr=False)
    form: str = "power law + year"


@dataclass(frozen=True, eq=False)
class FrontierFit:
    """Result of :func:`fit_frontier`: quantile regression of log10(error) on log10(compute).

    ``gamma_low``/``gamma_high`` invert the slope's confidence interval from
    statsmodels QuantReg (asymptotic covariance, t quantiles with ``df_resid``).
    ``pseudo_r_squared`` is Koenker and Machado's R1 as reported by statsmodels.
    """

    slope: float
    intercept: float
    slope_se: float
    slope_low: float
    slope_high: float
    gamma: float
    gamma_low: float
    gamma_high: float
    quantile: float
    level: float
    pseudo_r_squared: float
    n: int
    df_resid: float
    residuals: np.ndarray = field(repr=False)
    results: Any = field(repr=False)
    form: str = "frontier (quantile regression)"


@dataclass(frozen=True, eq=False)
class ExponentialFit:
    """Result of :func:`fit_exponential` or :func:`fit_error_levels`.

    Both regress a transform of error on log10(compute) by OLS:
    ``response = intercept + slope * log10(compute)`` with response
    ``1/error`` (form "exponential") or ``error`` (form "error in levels").
    """

    slope: float
    intercept: float
    slope_se: float
    intercept_se: float
    r_squared: float
    n: int
    df_resid: float
    residual_sd: float
    response: str
    residuals: np.ndarray = field(repr=False)
    log10_compute: np.ndarray = field(repr=False)
    results: Any = field(repr=False)
    form: str = "exponential"


class FormComparison(NamedTuple):
    """Output of :func:`compare_forms`: a summary table and long-format residuals."""

    summary: pd.DataFrame
    residuals: pd.DataFrame


# ---------------------------------------------------------------------------
# Power law
# ---------------------------------------------------------------------------
def _bootstrap_slopes(x: np.ndarray, y: np.ndarray, n_bootstrap: int, seed: int) -> np.ndarray:
    """Closed-form OLS slopes of ``n_bootstrap`` pairs-bootstrap resamples (vectorised).

    Resamples are drawn in blocks of at most ~2 million index draws to bound
    memory; resamples whose compute values are all equal (no slope) are dropped.
    """
    rng = np.random.default_rng(seed)
    n = x.shape[0]
    block = max(1, 2_000_000 // n)
    tolerance = 1e-12 * max(1.0, float(np.ptp(x)) ** 2)
    slopes = []
    for start in range(0, n_bootstrap, block):
        size = min(block, n_bootstrap - start)
        index = rng.integers(0, n, size=(size, n))
        xs = x[index]
        xc = xs - xs.mean(axis=1, keepdims=True)
        ys = y[index]
        sxx = np.einsum("ij,ij->i", xc, xc)
        sxy = np.einsum("ij,ij->i", xc, ys - ys.mean(axis=1, keepdims=True))
        ok = sxx > tolerance
        slopes.append(sxy[ok] / sxx[ok])
    return np.concatenate(slopes)


def fit_power_law(
    compute: ArrayLike,
    error: ArrayLike,
    *,
    n_bootstrap: int = 2000,
    seed: int = 0,
    level: float = 0.95,
) -> PowerLawFit:
    """Fit ``log10(error) = intercept + slope * log10(compute)`` by OLS (statsmodels).

    Parameters
    ----------
    compute
        Training compute per model, FLOP (positive, finite). At least 3 points,
        with at least two distinct values.
    error
        Benchmark error per model as a fraction in (0, 1) (e.g. top-1 error).
    n_bootstrap
        Pairs-bootstrap resamples for the percentile check on gamma's interval
        (0 to skip; at most 100,000).
    seed
        Seed for the bootstrap (``numpy.random.default_rng``).
    level
        Confidence level of the intervals, in [0.5, 1); default 0.95.

    Returns
    -------
    PowerLawFit
        Slope, intercept, standard errors, gamma = 1/|slope| with a t-based
        interval (the slope's interval inverted, as v2 Table 2 does: a slope of
        -0.082 with SE 0.006 and N = 80 gives 12.2, 10.6-14.3) and a bootstrap
        percentile interval, R^2, n, residuals (log10 error units) and the
        statsmodels results used by :func:`extrapolate`.

    Raises
    ------
    ValueError
        Fewer than 3 points, mismatched lengths, non-positive, NaN or infinite
        values, an error outside (0, 1), constant compute, or a fitted slope
        >= 0 (gamma undefined: see the module docstring).

    Source of the specification: v2 Table 2 column 1 (``thompson2022computational``),
    the polynomial model of v1 (``thompson2020computational``). Explained in the
    chapter on the empirical scaling fits.
    """
    compute_arr, error_arr = _check_pair(compute, error)
    n_bootstrap = check_int("n_bootstrap", n_bootstrap, low=0, high=_MAX_BOOTSTRAP)
    seed = check_seed("seed", seed)
    level = _check_level(level)

    x = np.log10(compute_arr)
    y = np.log10(error_arr)
    results, intercept, slope, intercept_se, slope_se = _ols_line(x, y)
    line = _slope_fields(results, slope, slope_se, level, "")

    if n_bootstrap > 0:
        slopes = _bootstrap_slopes(x, y, n_bootstrap, seed)
        alpha = (1.0 - level) / 2.0
        if slopes.size:
            q_low, q_high = np.quantile(slopes, [alpha, 1.0 - alpha])
            gamma_boot_low, gamma_boot_high = _gamma_interval(float(q_low), float(q_high))
        else:  # every resample had a single compute value (only possible for tiny n)
            gamma_boot_low = gamma_boot_high = math.nan
    else:
        gamma_boot_low = gamma_boot_high = math.nan

    return PowerLawFit(
        **line,
        intercept=intercept,
        intercept_se=intercept_se,
        gamma_boot_low=gamma_boot_low,
        gamma_boot_high=gamma_boot_high,
        r_squared=float(results.rsquared),
        residual_sd=float(np.sqrt(results.scale)),
        n_bootstrap=n_bootstrap,
        seed=seed,
        log10_compute=read_only_copy(x),
        log10_error=read_only_copy(y),
    )


def fit_power_law_with_year(
    compute: ArrayLike,
    error: ArrayLike,
    year: ArrayLike,
    *,
    level: float = 0.95,
) -> PowerLawYearFit:
    """Fit ``log10(error) = intercept + slope * log10(compute) + year_coef * year`` by OLS.

    The year term absorbs progress that arrives with time at fixed compute
    (better algorithms, data, tricks); v2 Table 2 column 2 reports slope
    -0.065 (0.005) and year -0.022 (0.003) for ImageNet, an implied gamma of
    15.5 and, derived, a compute-equivalent gain of ``10**(0.022/0.065)`` ~ 2.2x
    per year (``thompson2022computational``, via a secondary summary).

    Parameters
    ----------
    compute
        Training compute per model, FLOP (positive).
    error
        Error per model, fraction in (0, 1).
    year
        Publication year per model (a finite number, decimals allowed, e.g.
        2019.5); it must vary and must not be collinear with log10(compute).
    level
        Confidence level of gamma's interval; default 0.95.

    Returns
    -------
    PowerLawYearFit
        Compute slope (and SE, interval), gamma from it, year coefficient (and
        SE), ``gain_per_year = 10 ** (year_coef / slope)``, R^2, residuals and
        the statsmodels results.

    Raises ``ValueError`` for the same bad inputs as :func:`fit_power_law`, a
    bad or constant ``year``, collinear predictors, or a compute slope >= 0.
    Explained in the chapter on the empirical scaling fits.
    """
    compute_arr, error_arr = _check_pair(compute, error)
    year_arr = check_array("year", year, min_length=_MIN_POINTS + 1)
    level = _check_level(level)
    if year_arr.shape != compute_arr.shape:
        raise ValueError(
            f"year must have the same length as compute and error ({compute_arr.shape[0]}), got {year_arr.shape[0]}"
        )
    if np.ptp(year_arr) == 0:
        raise ValueError("year must take at least two distinct values to fit a year term")
    x = np.log10(compute_arr)
    y = np.log10(error_arr)
    design = np.column_stack([np.ones_like(x), x, year_arr - year_arr.mean()])
    if np.linalg.matrix_rank(design) < 3:
        raise ValueError("year is collinear with log10(compute): the two effects cannot be separated")
    exog = np.column_stack([np.ones_like(x), x, year_arr])
    results = sm.OLS(y, exog).fit()
    intercept, slope, year_coef = (float(v) for v in results.params)
    _, slope_se, year_coef_se = (float(v) for v in results.bse)
    line = _slope_fields(results, slope, slope_se, level, " (with a year term)")
    return PowerLawYearFit(
        **line,
        year_coef=year_coef,
        year_coef_se=year_coef_se,
        intercept=intercept,
        gain_per_year=float(10.0 ** (year_coef / slope)),
        r_squared=float(results.rsquared),
        residual_sd=float(np.sqrt(results.scale)),
    )


# ---------------------------------------------------------------------------
# Frontier
# ---------------------------------------------------------------------------
def fit_frontier(
    compute: ArrayLike,
    error: ArrayLike,
    quantile: float = 0.1,
    *,
    level: float = 0.95,
) -> FrontierFit:
    """Fit the lower edge of the cloud: quantile regression of log10(error) on log10(compute).

    With ``quantile = 0.1`` the line has 10 % of models below it, a robust
    stand-in for "the best models at each compute". v2 Table 2 column 4 reports
    slope -0.084 (0.005), implied gamma 11.9 (10.6-13.5) for ImageNet
    (``thompson2022computational``, via a secondary summary).

    Parameters
    ----------
    compute
        Training compute per model, FLOP (positive).
    error
        Error per model, fraction in (0, 1).
    quantile
        Quantile of log10(error) to fit, in (0, 1); default 0.1.
    level
        Confidence level; default 0.95.

    Returns
    -------
    FrontierFit
        Slope, intercept, the slope's standard error and interval (statsmodels
        QuantReg, its default kernel-based sandwich covariance), gamma and its
        inverted interval, Koenker-Machado pseudo R^2, residuals and results.

    Raises ``ValueError`` for the bad inputs of :func:`fit_power_law`, a
    quantile outside (0, 1) or a slope >= 0. Explained in the chapter on the
    empirical scaling fits.
    """
    compute_arr, error_arr = _check_pair(compute, error)
    quantile = check_probability("quantile", quantile)
    level = _check_level(level)
    x = np.log10(compute_arr)
    y = np.log10(error_arr)
    results = sm.QuantReg(y, sm.add_constant(x, has_constant="add")).fit(q=quantile, max_iter=5000)
    intercept, slope = (float(v) for v in results.params)
    slope_se = float(results.bse[1])
    line = _slope_fields(results, slope, slope_se, level, f" (quantile {quantile:g})")
    return FrontierFit(
        **line,
        intercept=intercept,
        quantile=quantile,
        pseudo_r_squared=float(results.prsquared),
    )


def frontier_mask(dates: ArrayLike, error: ArrayLike) -> np.ndarray:
    """Mark the models that set a new best (lowest) error at their date.

    A model is on the record frontier when its error is strictly lower than
    that of every model with an earlier date, and no higher than any other
    model with the same date (ties on the same date are all marked). The first
    date's best model is always marked.

    Parameters
    ----------
    dates
        Publication dates: numbers (e.g. decimal years) or anything
        ``pandas.to_datetime`` accepts (strings, datetimes). No missing values.
    error
        Error per model, fraction in (0, 1), same length.

    Returns
    -------
    numpy.ndarray of bool
        ``True`` for record-setting models, in the input order.

    Used by the chapters that draw the state-of-the-art line (the article's
    "5 % by 2025" chart extrapolates such a record line).
    """
    error_arr = _check_error_array("error", error, min_length=1)
    if isinstance(dates, (str, bytes)) or dates is None:
        raise TypeError(f"dates must be an array of dates or numbers, got {type(dates).__name__}")
    if isinstance(dates, (dict, set, pd.DataFrame)) or np.ndim(dates) != 1:
        raise TypeError(f"dates must be a 1-D array of dates or numbers, got {type(dates).__name__} of {np.ndim(dates)} dimension(s)")
    raw = pd.Series(np.asarray(dates) if not isinstance(dates, pd.Series) else dates.to_numpy())
    if raw.ndim != 1 or raw.shape[0] != error_arr.shape[0]:
        raise ValueError(f"dates must have the same length as error ({error_arr.shape[0]}), got {raw.shape[0]}")
    if pd.api.types.is_bool_dtype(raw):
        raise TypeError("dates must be dates or numbers, not booleans")
    if pd.api.types.is_numeric_dtype(raw):
        keys = raw.to_numpy(dtype=float)
        bad = ~np.isfinite(keys)
    else:
        try:
            converted = pd.to_datetime(raw)
        except (TypeError, ValueError) as problem:
            raise ValueError(f"dates could not be read as dates: {problem}") from None
        bad = converted.isna().to_numpy()
        keys = converted.to_numpy(dtype="datetime64[ns]").astype("int64").astype(float)
    if bad.any():
        raise ValueError(f"dates must not contain missing or infinite values; entry {int(np.argmax(bad))} is {raw.iloc[int(np.argmax(bad))]!r}")
    frame = pd.DataFrame({"key": keys, "error": error_arr})
    best_on_date = frame.groupby("key")["error"].min().sort_index()
    previous_record = best_on_date.cummin().shift(1, fill_value=np.inf)
    record_before = frame["key"].map(previous_record).to_numpy()
    best_same_date = frame["key"].map(best_on_date).to_numpy()
    return (error_arr < record_before) & (error_arr <= best_same_date)


# ---------------------------------------------------------------------------
# Alternative forms
# ---------------------------------------------------------------------------
def _fit_transformed(compute: Any, error: Any, response: str, form: str) -> ExponentialFit:
    compute_arr, error_arr = _check_pair(compute, error)
    x = np.log10(compute_arr)
    y = 1.0 / error_arr if response == "1/error" else error_arr
    results, intercept, slope, intercept_se, slope_se = _ols_line(x, y)
    return ExponentialFit(
        slope=slope,
        intercept=intercept,
        slope_se=slope_se,
        intercept_se=intercept_se,
        r_squared=float(results.rsquared),
        n=int(x.shape[0]),
        df_resid=float(results.df_resid),
        residual_sd=float(np.sqrt(results.scale)),
        response=response,
        residuals=read_only_copy(results.resid),
        log10_compute=read_only_copy(x),
        results=results,
        form=form,
    )


def fit_exponential(compute: ArrayLike, error: ArrayLike) -> ExponentialFit:
    """Fit the exponential alternative: ``1/error = intercept + slope * log10(compute)`` by OLS.

    Form chosen: log10(compute) linear in performance = 1/error, i.e. compute
    grows *exponentially* in 1/error (compute = 10**((1/error - intercept)/slope)).
    Why this form: it is the one that reproduces v1's exponential
    extrapolations for ImageNet (``thompson2020computational``): a line through
    10^14 Gflop at 11.5 % and 10^27 Gflop at 5 % reaches ~10^119 Gflop at 1 %,
    matching the v1 table's ~10^120 (derived in the project reference; the
    paper's exact functional form is UNVERIFIED). The other candidate, error
    linear in log10(compute), is v2's "error in levels" column and is fitted by
    :func:`fit_error_levels`; it would give only ~10^35 Gflop at 1 %.

    The regression runs in the same direction as the power law (a function of
    error on log10 compute), so :func:`compare_forms` compares like with like
    and :func:`extrapolate` inverts the line in the same way.

    Parameters: ``compute`` in FLOP (positive), ``error`` as a fraction in
    (0, 1); at least 3 points. Returns an :class:`ExponentialFit` (slope is
    positive when performance rises with compute). Raises ``ValueError`` for
    bad inputs. Explained in the chapter on the empirical scaling fits.
    """
    return _fit_transformed(compute, error, "1/error", "exponential")


def fit_error_levels(compute: ArrayLike, error: ArrayLike) -> ExponentialFit:
    """Fit ``error = intercept + slope * log10(compute)`` by OLS (v2 Table 2, column 3).

    Error in levels falls by a fixed amount per tenfold compute, so compute
    grows exponentially in (1 - error); v2 reports slope -0.033 (0.003),
    R^2 0.622 for ImageNet (``thompson2022computational``, via a secondary
    summary). Parameters and errors as :func:`fit_exponential`. Explained in
    the chapter on the empirical scaling fits.
    """
    return _fit_transformed(compute, error, "error", "error in levels")


def _predicted_error(fit: PowerLawFit | ExponentialFit) -> np.ndarray:
    fitted = np.asarray(fit.results.fittedvalues, dtype=float)
    if isinstance(fit, PowerLawFit):
        return 10.0**fitted
    if fit.response == "1/error":
        with np.errstate(divide="ignore"):
            return np.where(fitted > 0, 1.0 / np.where(fitted > 0, fitted, 1.0), np.nan)
    return np.where(fitted > 0, fitted, np.nan)


def _log_jacobian(error_arr: np.ndarray, response: str) -> float:
    """Sum of log|d response / d error|, to put each form's likelihood on the error scale."""
    if response == "log10(error)":
        return float(np.sum(-np.log(error_arr * np.log(10.0))))
    if response == "1/error":
        return float(np.sum(-2.0 * np.log(error_arr)))
    return 0.0


def compare_forms(compute: ArrayLike, error: ArrayLike) -> FormComparison:
    """Fit the power law, the exponential form and error-in-levels to the same data and compare them.

    Like the paper (v1 finds the exponential fits plausible but the polynomial
    one more explanatory; v2 adds error in levels), this puts the three forms
    side by side.

    Returns
    -------
    FormComparison
        ``summary``: one row per form with columns ``form``, ``response`` (the
        regressed quantity), ``n``, ``r_squared`` (on the form's own response,
        not comparable across forms), ``r_squared_log10_error`` (common scale:
        1 - SS of log10 residuals of the predicted error / SS of log10(error);
        ``nan`` when a form predicts a non-positive error), ``aic`` (Gaussian
        AIC on the error scale: each form's log-likelihood plus the log-Jacobian
        of its transform, counting intercept, slope and variance; comparable
        across forms, lower is better) and ``note``.
        ``residuals``: long table with one row per form and model: ``form``,
        ``point`` (input index), ``log10_compute``, ``error``, ``fitted_error``,
        ``residual`` (own scale) and ``residual_log10_error`` (common scale).

    Bad inputs raise as in :func:`fit_power_law`; a non-negative power-law slope
    raises too. Explained in the chapter on the empirical scaling fits.
    """
    compute_arr, error_arr = _check_pair(compute, error)
    fits: list[tuple[PowerLawFit | ExponentialFit, str, str]] = [
        (fit_power_law(compute_arr, error_arr, n_bootstrap=0), "log10(error)", "polynomial in 1/error (the paper's main model)"),
        (fit_exponential(compute_arr, error_arr), "1/error", "log10(compute) linear in 1/error (reproduces v1's exponential extrapolations)"),
        (fit_error_levels(compute_arr, error_arr), "error", "v2 Table 2 column 3"),
    ]
    log_error = np.log10(error_arr)
    ss_total = float(np.sum((log_error - log_error.mean()) ** 2))
    summary_rows = []
    residual_frames = []
    for fit, response, note in fits:
        predicted = _predicted_error(fit)
        with np.errstate(invalid="ignore", divide="ignore"):
            log_residual = log_error - np.log10(predicted)
        common_r2 = 1.0 - float(np.sum(log_residual**2)) / ss_total if np.all(np.isfinite(log_residual)) else math.nan
        log_likelihood = float(fit.results.llf) + _log_jacobian(error_arr, response)
        summary_rows.append(
            {
                "form": fit.form,
                "response": response,
                "n": fit.n,
                "r_squared": fit.r_squared,
                "r_squared_log10_error": common_r2,
                "aic": -2.0 * log_likelihood + 2.0 * 3,
                "note": note,
            }
        )
        residual_frames.append(
            pd.DataFrame(
                {
                    "form": fit.form,
                    "point": np.arange(fit.n),
                    "log10_compute": np.log10(compute_arr),
                    "error": error_arr,
                    "fitted_error": predicted,
                    "residual": np.asarray(fit.residuals),
                    "residual_log10_error": log_residual,
                }
            )
        )
    return FormComparison(pd.DataFrame(summary_rows), pd.concat(residual_frames, ignore_index=True))


# ---------------------------------------------------------------------------
# Extrapolation
# ---------------------------------------------------------------------------
def _invert_line(
    y0: np.ndarray,
    a: float,
    b: float,
    v_aa: float,
    v_ab: float,
    v_bb: float,
    extra_var: float,
    t_crit: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Inverse prediction (Fieller-type) for the line ``y = a + b x`` at the targets ``y0``.

    Returns the point solution ``x = (y0 - a)/b`` and the set of ``x`` at which
    ``y0`` lies inside the band ``a + b x +/- t * sqrt(var(a + b x) + extra_var)``:
    the roots of ``(y0 - a - b x)^2 = t^2 (v_aa + 2 x v_ab + x^2 v_bb + extra_var)``.
    When ``b^2 <= t^2 v_bb`` (slope not distinguishable from zero at this level)
    the set is unbounded and the ends are -inf and +inf.
    """
    x_hat = (y0 - a) / b
    t2 = t_crit**2
    quad = b * b - t2 * v_bb
    u = y0 - a
    lin = -2.0 * (b * u + t2 * v_ab)
    const = u * u - t2 * (v_aa + extra_var)
    if quad <= 0:
        inf = np.full_like(x_hat, np.inf)
        return x_hat, -inf, inf
    disc = np.maximum(lin * lin - 4.0 * quad * const, 0.0)
    root = np.sqrt(disc)
    x1 = (-lin - root) / (2.0 * quad)
    x2 = (-lin + root) / (2.0 * quad)
    return x_hat, np.minimum(x1, x2), np.maximum(x1, x2)


def extrapolate(
    fit: PowerLawFit | PowerLawYearFit | FrontierFit | ExponentialFit,
    target_error: float | ArrayLike,
    *,
    interval: str | None = None,
    year: float | None = None,
) -> pd.DataFrame:
    """Compute needed to reach ``target_error`` under a fitted line, with intervals.

    Method (inverse prediction, also called calibration; Fieller's method):
    the point estimate solves the fitted line for compute,
    ``log10 compute = (response(target) - intercept) / slope`` with response
    ``log10(error)`` (power law, frontier), ``1/error`` (exponential) or
    ``error`` (levels). The interval is the set of log10 compute values at which
    the target lies inside the fitted line's band at the fit's level (95 % by
    default): the **prediction** band (line uncertainty plus residual scatter:
    "where would a single model with this error sit?") or the **confidence**
    band of the mean line ("where does the fitted trend reach this error?").
    The band uses the coefficients' covariance from statsmodels and t
    quantiles with the residual degrees of freedom, so at each interval end
    statsmodels' ``get_prediction`` band passes exactly through the target.
    When the slope is not distinguishable from zero at that level the interval
    is unbounded (low 0, high inf).

    Parameters
    ----------
    fit
        A fit from :func:`fit_power_law`, :func:`fit_power_law_with_year`,
        :func:`fit_frontier`, :func:`fit_exponential` or :func:`fit_error_levels`.
    target_error
        Target error(s), fraction(s) in (0, 1): scalar or 1-D array.
    interval
        ``"prediction"`` (default for least-squares fits) or ``"confidence"``;
        frontier (quantile) fits only have ``"confidence"`` (the default for them).
    year
        Required for a :class:`PowerLawYearFit` (the year at which the target is
        reached, e.g. 2025); refused for other fits.

    Returns
    -------
    pandas.DataFrame
        One row per target: ``target_error``, ``compute_flop`` (point estimate,
        in the unit the fit was given, FLOP by convention),
        ``compute_flop_low``, ``compute_flop_high`` (interval of kind
        ``interval``), ``compute_flop_mean_low``, ``compute_flop_mean_high``
        (confidence interval of the mean line, always), ``interval``, ``level``,
        ``form`` and ``log10_compute_flop`` (the point estimate's log10, finite
        even where ``compute_flop`` overflows to inf, e.g. 10^400).

    Example: a power law through v1's ImageNet points (gamma 13.8) gives
    10^28.6 Gflop at 1 % error; see the tests. Explained in the chapter on
    extrapolating the trend.
    """
    if not isinstance(fit, (PowerLawFit, PowerLawYearFit, FrontierFit, ExponentialFit)):
        raise TypeError(
            "fit must be the result of fit_power_law, fit_power_law_with_year, fit_frontier, "
            f"fit_exponential or fit_error_levels, got {type(fit).__name__}"
        )
    is_frontier = isinstance(fit, FrontierFit)
    if interval is None:
        interval = "confidence" if is_frontier else "prediction"
    interval = check_choice("interval", interval, ("prediction", "confidence"))
    if is_frontier and interval == "prediction":
        raise ValueError(
            "interval must be 'confidence' for a frontier (quantile regression) fit: a quantile line has no "
            "prediction band for single models"
        )
    if isinstance(target_error, np.ndarray) and target_error.ndim == 0:
        target_error = target_error.item()
    scalar = np.ndim(target_error) == 0
    if scalar:
        targets = np.array([check_probability("target_error", target_error)])
    else:
        targets = _check_error_array("target_error", target_error, min_length=1)

    results = fit.results
    cov = np.asarray(results.cov_params(), dtype=float)
    params = np.asarray(results.params, dtype=float)
    if isinstance(fit, PowerLawYearFit):
        if year is None:
            raise ValueError("year is required to extrapolate a fit with a year term (e.g. year=2025)")
        year = check_number("year", year)
        g = np.array([1.0, year])  # weights of (intercept, year) in the effective intercept
        idx = [0, 2]
        a = float(params[0] + params[2] * year)
        b = float(params[1])
        v_aa = float(g @ cov[np.ix_(idx, idx)] @ g)
        v_ab = float(cov[0, 1] + year * cov[2, 1])
        v_bb = float(cov[1, 1])
    else:
        if year is not None:
            raise ValueError("year is only used with a fit from fit_power_law_with_year; leave it as None")
        a, b = float(params[0]), float(params[1])
        v_aa, v_ab, v_bb = float(cov[0, 0]), float(cov[0, 1]), float(cov[1, 1])

    if isinstance(fit, ExponentialFit):
        y0 = 1.0 / targets if fit.response == "1/error" else targets
        if b == 0:
            raise ValueError("the fitted slope is zero: the line never reaches another error")
    else:
        y0 = np.log10(targets)
    residual_var = 0.0 if is_frontier else float(results.scale)
    t_crit = _t_crit(fit.level if hasattr(fit, "level") else 0.95, results.df_resid)
    level = fit.level if hasattr(fit, "level") else 0.95

    x_hat, mean_low, mean_high = _invert_line(y0, a, b, v_aa, v_ab, v_bb, 0.0, t_crit)
    if interval == "prediction":
        _, low, high = _invert_line(y0, a, b, v_aa, v_ab, v_bb, residual_var, t_crit)
    else:
        low, high = mean_low, mean_high
    # guard against rounding when the band has (almost) zero width
    low, high = np.minimum(low, x_hat), np.maximum(high, x_hat)
    mean_low, mean_high = np.minimum(mean_low, x_hat), np.maximum(mean_high, x_hat)
    with np.errstate(over="ignore"):
        frame = pd.DataFrame(
            {
                "target_error": targets,
                "compute_flop": 10.0**x_hat,
                "compute_flop_low": 10.0**low,
                "compute_flop_high": 10.0**high,
                "compute_flop_mean_low": 10.0**mean_low,
                "compute_flop_mean_high": 10.0**mean_high,
                "interval": interval,
                "level": level,
                "form": fit.form,
            }
        )
    frame["log10_compute_flop"] = x_hat
    return frame


# ---------------------------------------------------------------------------
# Arithmetic of the exponent
# ---------------------------------------------------------------------------
@finite_result(allow=("gamma_high", "gamma_low"))
def gamma_from_slope(
    slope: float,
    slope_se: float,
    n: int,
    *,
    n_params: int = 2,
    level: float = 0.95,
) -> dict[str, float]:
    """gamma = 1/|slope| and its t-based interval from a published slope and standard error.

    Lets the book recompute the paper's "implied polynomial scaling" columns:
    the slope's interval ``|slope| +/- t(df) * SE`` with ``df = n - n_params``
    is inverted (an interval reaching zero gives an infinite upper end). For
    v2 Table 2 column 1 (-0.082, SE 0.006, N = 80) this gives 12.2 (10.6-14.3)
    against the paper's 12.1 (10.6-14.1), the difference being rounding of the
    published slope (``thompson2022computational``, via a secondary summary).

    The sign of ``slope`` is ignored (v2 panel (b) reports positive
    coefficients on a performance metric). Returns a dict with ``gamma``,
    ``gamma_low``, ``gamma_high``, ``slope_low``, ``slope_high`` (of |slope|)
    and ``df``. Explained in the chapter on the empirical scaling fits.
    """
    slope = check_number("slope", slope)
    if slope == 0:
        raise ValueError("slope must be non-zero: gamma = 1/|slope| is undefined for a zero slope")
    slope_se = check_number("slope_se", slope_se, low=0.0)
    n_params = check_int("n_params", n_params, low=1, high=100)
    n = check_int("n", n, low=n_params + 1)
    level = _check_level(level)
    df = n - n_params
    t_crit = _t_crit(level, df)
    magnitude = abs(slope)
    low, high = magnitude - t_crit * slope_se, magnitude + t_crit * slope_se
    return {
        "gamma": 1.0 / magnitude,
        "gamma_low": 1.0 / high,
        "gamma_high": 1.0 / low if low > 0 else math.inf,
        "slope_low": low,
        "slope_high": high,
        "df": float(df),
    }


def halving_factor(gamma: float) -> float:
    """Compute multiplier needed to halve the error: ``2 ** gamma``.

    gamma = 9 gives 512, the article's "more than 500 times the compute"
    (``thompson2021diminishing``); gamma = 4, the theoretical floor, gives 16.
    ``gamma`` must be a positive finite number (at most 1000). Explained in the
    chapter on the article's arithmetic.
    """
    gamma = check_positive("gamma", gamma, high=1000.0)
    return float(2.0**gamma)


def _error_input(name: str, value: Any) -> tuple[np.ndarray, bool]:
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if np.ndim(value) == 0:
        return np.array(check_probability(name, value)), True
    return _check_error_array(name, value, min_length=1), False


def compute_ratio(error_from: float | ArrayLike, error_to: float | ArrayLike, gamma: float) -> float | np.ndarray:
    """Factor by which compute must grow to go from ``error_from`` to ``error_to``: ``(error_from/error_to) ** gamma``.

    Errors are fractions in (0, 1); scalars or 1-D arrays (broadcast together);
    ``gamma`` is positive (at most 1000). Example: 11.5 % to 5 % at gamma 13.8
    gives about 1e5, v1's 10^14 to 10^19 Gflop (``thompson2020computational``).
    Returns a float for scalar inputs, else an array. Explained in the chapter
    on the article's arithmetic.
    """
    start, start_scalar = _error_input("error_from", error_from)
    end, end_scalar = _error_input("error_to", error_to)
    gamma = check_positive("gamma", gamma, high=1000.0)
    try:
        start_b, end_b = np.broadcast_arrays(start, end)
    except ValueError:
        raise ValueError(
            f"error_from and error_to must have matching lengths, got {start.shape} and {end.shape}"
        ) from None
    with np.errstate(over="ignore"):
        ratio = (start_b / end_b) ** gamma
    return float(ratio) if start_scalar and end_scalar else ratio


def implied_gamma(compute_from: float, compute_to: float, error_from: float, error_to: float) -> float:
    """Exponent gamma implied by two (compute, error) points: ``log(compute_to/compute_from) / log(error_from/error_to)``.

    Compute in any one unit (FLOP or Gflop; only the ratio matters), errors as
    fractions in (0, 1). v1's ImageNet row, 10^14 Gflop at 11.5 % and 10^19 at
    5 %, gives about 13.8 (derived from ``thompson2020computational``).
    Raises ``ValueError`` when the errors are equal (gamma undefined) or when
    compute and error move in the same direction (a negative gamma: more
    compute with more error). Explained in the chapter on the article's
    arithmetic.
    """
    compute_from = check_positive("compute_from", compute_from)
    compute_to = check_positive("compute_to", compute_to)
    error_from = check_probability("error_from", error_from)
    error_to = check_probability("error_to", error_to)
    if error_from == error_to:
        raise ValueError("error_from and error_to must differ: gamma is undefined when the error does not change")
    gamma = math.log(compute_to / compute_from) / math.log(error_from / error_to)
    if gamma < 0:
        raise ValueError(
            "compute_to/compute_from and error_from/error_to imply a negative gamma: compute and error must move in "
            "opposite directions (more compute, lower error)"
        )
    return gamma
