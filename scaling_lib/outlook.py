"""The next decade of deep learning's costs: a calculator of error against time.

Chapter: *Where this leaves us: the next decade of deep learning's costs*
(``book/outlook.md``).

The book's empirical law is ``compute ∝ (1 / error) ** gamma``: dividing the
error by k costs k**gamma times the compute (``thompson2021diminishing``;
gamma ≈ 9 in the article, 10.8 in the paper's v2, 13.8 implied by v1). Turn it
around and the error reached is ``error ∝ effective_compute ** (-1 / gamma)``.

Effective compute grows each year by three multiplying factors:

* hardware price-performance (FLOP per dollar), about 1.30 a year for ML
  hardware (Epoch AI, ``epoch2024hardware``);
* spending growth (more dollars: more chips, longer runs); together with
  hardware the training compute of notable models grew about 4.1× a year since
  2010 (Epoch AI, ``epoch2025notable``), so spending grew about 4.1 / 1.3 ≈ 3.2×
  (derived);
* algorithmic efficiency, as a compute-equivalent multiplier: 44× less compute
  for AlexNet-level accuracy from 2012 to 2019 (``hernandez2020measuring``),
  and a halving of the compute needed about every 9 months, 95% CI 4–25 months
  (``erdil2022algorithmic``).

So with ``G = compute_growth_per_year * algorithmic_gain_per_year`` the error
falls by ``G ** (1 / gamma)`` a year and, after N years,
``error = start_error * G ** (-N / gamma)``.

Decision: every growth factor must be at least 1. The best model so far stays
available, so the frontier error never rises; a shrinking budget is modelled as
no growth (1×), not as a factor below 1.

Everything here is pure computation: numbers and arrays in, numbers, arrays or
DataFrames out. Nothing imports Altair or ipywidgets.
"""
from __future__ import annotations

import math
import sys
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from . import bounds, data, fits
from ._checks import check_array, check_int, check_number, check_probability

__all__ = [
    "HARDWARE_PRICE_PERFORMANCE_PER_YEAR",
    "TRAINING_COMPUTE_GROWTH_PER_YEAR",
    "HERNANDEZ_BROWN_TOTAL_GAIN",
    "HERNANDEZ_BROWN_YEARS",
    "EPOCH_ALGORITHMIC_HALVING_MONTHS",
    "GAMMAS",
    "COMPUTE_GROWTHS",
    "ALGORITHMIC_GAINS",
    "TARGET_ERRORS",
    "combine_compute_growth",
    "implied_spending_growth",
    "annual_gain_from_total",
    "annual_gain_from_halving_time",
    "doubling_time_months",
    "effective_growth_per_year",
    "year_trend_gain",
    "error_reduction_per_year",
    "error_after",
    "years_to_error",
    "projection_grid",
    "milestone_table",
    "starting_point",
    "record_frontier",
    "backtest_curves",
    "history_gamma",
    "headline_numbers",
]

#: ML hardware price-performance (FLOP/s per $) improves about 30% a year (Epoch AI,
#: "Data on Machine Learning Hardware", ``epoch2024hardware``; VERIFIED in the reference notes).
HARDWARE_PRICE_PERFORMANCE_PER_YEAR = 1.30
#: Training compute of notable AI models has grown about 4.1× a year since 2010 (Epoch AI,
#: "Notable AI Models", ``epoch2025notable``). All domains, not ImageNet alone.
TRAINING_COMPUTE_GROWTH_PER_YEAR = 4.1
#: Compute needed to reach AlexNet-level ImageNet accuracy fell 44-fold from 2012 to 2019
#: (Hernandez & Brown 2020, ``hernandez2020measuring``, as quoted by Epoch AI).
HERNANDEZ_BROWN_TOTAL_GAIN = 44.0
HERNANDEZ_BROWN_YEARS = 7.0
#: Compute-augmenting algorithmic progress in ImageNet classification halves the compute
#: needed about every 9 months, 95% CI 4-25 months (Erdil & Besiroglu 2022, ``erdil2022algorithmic``).
EPOCH_ALGORITHMIC_HALVING_MONTHS = 9.0

_MAX_FACTOR = 1000.0
_MAX_GAMMA = 100.0
_MAX_YEARS = 500.0
_MAX_LOG10 = math.log10(sys.float_info.max)  # about 308.25


def _gamma(value: Any) -> float:
    return check_number("gamma", value, low=0.0, high=_MAX_GAMMA, low_open=True)


def _growth(name: str, value: Any) -> float:
    return check_number(name, value, low=1.0, high=_MAX_FACTOR)


def combine_compute_growth(
    hardware_gain_per_year: float = HARDWARE_PRICE_PERFORMANCE_PER_YEAR,
    spending_growth_per_year: float = 1.0,
) -> float:
    """Yearly growth factor of the compute a lab can buy: hardware price-performance × spending growth.

    Both are multipliers per year, each in [1, 1000]: FLOP per dollar (default 1.30,
    Epoch AI ``epoch2024hardware``) and dollars spent on one training run (default 1,
    flat budgets). Dimensionless. Chapter *Where this leaves us*.
    """
    hardware = _growth("hardware_gain_per_year", hardware_gain_per_year)
    spending = _growth("spending_growth_per_year", spending_growth_per_year)
    return hardware * spending


def implied_spending_growth(
    compute_growth_per_year: float = TRAINING_COMPUTE_GROWTH_PER_YEAR,
    hardware_gain_per_year: float = HARDWARE_PRICE_PERFORMANCE_PER_YEAR,
) -> float:
    """Spending growth per year implied by total compute growth and hardware gains: their ratio.

    Defaults: 4.1× a year for notable models (``epoch2025notable``) over 1.30× a year
    of price-performance (``epoch2024hardware``) gives about 3.15× a year more dollars.
    Both inputs in [1, 1000]; raises ``ValueError`` if the hardware gain exceeds the
    compute growth (spending would have to shrink). Chapter *Where this leaves us*.
    """
    compute = _growth("compute_growth_per_year", compute_growth_per_year)
    hardware = _growth("hardware_gain_per_year", hardware_gain_per_year)
    if hardware > compute:
        raise ValueError(
            f"hardware_gain_per_year ({hardware:g}) must not exceed compute_growth_per_year ({compute:g}): "
            "spending would have to shrink"
        )
    return compute / hardware


def annual_gain_from_total(total_gain: float, years: float) -> float:
    """Constant yearly factor that compounds to ``total_gain`` over ``years``: ``total_gain ** (1 / years)``.

    Example: 44× less compute from 2012 to 2019 (``hernandez2020measuring``) is about
    1.72× a year. ``total_gain`` in [1, 1e12], ``years`` in (0, 500]. Chapter *Where
    this leaves us*.
    """
    total = check_number("total_gain", total_gain, low=1.0, high=1e12)
    span = check_number("years", years, low=0.0, high=_MAX_YEARS, low_open=True)
    return total ** (1.0 / span)


def annual_gain_from_halving_time(halving_months: float = EPOCH_ALGORITHMIC_HALVING_MONTHS) -> float:
    """Yearly compute-equivalent gain when the compute needed halves every ``halving_months``: ``2 ** (12 / months)``.

    Default 9 months (Erdil & Besiroglu, ``erdil2022algorithmic``) gives about 2.52×
    a year; their 95% interval, 4 to 25 months, gives 8× to 1.39×. ``halving_months``
    in [1, 1200]. Chapter *Where this leaves us*.
    """
    months = check_number("halving_months", halving_months, low=1.0, high=1200.0)
    return 2.0 ** (12.0 / months)


def doubling_time_months(gain_per_year: float) -> float:
    """Months for a quantity growing ``gain_per_year`` times a year to double: ``12 / log2(gain)``.

    ``gain_per_year`` in (1, 1000]. Example: 1.72× a year doubles in about 15.4
    months, the "about 16 months" quoted for Hernandez & Brown. Chapter *Where this
    leaves us*.
    """
    gain = check_number("gain_per_year", gain_per_year, low=1.0, high=_MAX_FACTOR, low_open=True)
    return 12.0 / math.log2(gain)


def effective_growth_per_year(compute_growth_per_year: float, algorithmic_gain_per_year: float = 1.0) -> float:
    """Yearly growth of effective (compute-equivalent) compute: compute growth × algorithmic gain.

    Both factors per year in [1, 1000]. Dimensionless. Chapter *Where this leaves us*.
    """
    compute = _growth("compute_growth_per_year", compute_growth_per_year)
    algorithms = _growth("algorithmic_gain_per_year", algorithmic_gain_per_year)
    return compute * algorithms


def year_trend_gain(compute_slope: float, year_coef: float) -> float:
    """Compute-equivalent gain per year implied by a fit with a year term: ``10 ** (|year_coef| / |compute_slope|)``.

    In ``log10(error) = a + compute_slope * log10(compute) + year_coef * year``, one
    year lowers log10(error) by ``|year_coef|``, as much as multiplying compute by
    this factor. Both coefficients must be negative (error falls with compute and
    with time), each in [-10, 0). The paper's v2 Table 2 column 2 (-0.065 and
    -0.022, ``thompson2022computational`` via a secondary summary) gives about 2.2
    a year. Chapter *Where this leaves us*.
    """
    slope = check_number("compute_slope", compute_slope, low=-10.0, high=0.0, high_open=True)
    year = check_number("year_coef", year_coef, low=-10.0, high=0.0, high_open=True)
    if year / slope > _MAX_LOG10:
        raise ValueError(
            f"year_coef / compute_slope must be at most {_MAX_LOG10:.0f} (the gain 10**ratio must be a finite float), "
            f"got {year:g} / {slope:g} = {year / slope:g}"
        )
    return 10.0 ** (year / slope)


def error_reduction_per_year(
    gamma: float,
    compute_growth_per_year: float,
    algorithmic_gain_per_year: float = 1.0,
) -> float:
    """Factor by which the error falls each year (old error ÷ new error): ``G ** (1 / gamma)``.

    ``G`` is :func:`effective_growth_per_year`; ``gamma`` in (0, 100] is the exponent
    in compute ∝ (1/error)^gamma. Example: gamma 9 and 2× compute a year give
    2^(1/9) ≈ 1.08, the error falls about 7.4% a year. At least 1. Chapter *Where
    this leaves us*.
    """
    gamma = _gamma(gamma)
    growth = effective_growth_per_year(compute_growth_per_year, algorithmic_gain_per_year)
    return growth ** (1.0 / gamma)


def error_after(
    years: float | ArrayLike,
    start_error: float,
    gamma: float,
    compute_growth_per_year: float,
    algorithmic_gain_per_year: float = 1.0,
) -> float | np.ndarray:
    """Error reached after ``years`` of growth: ``start_error * G ** (-years / gamma)``.

    ``years`` is a number or 1-D array in [0, 500]; ``start_error`` a fraction in
    (0, 1) (top-1 error 8.9% is 0.089); ``gamma`` in (0, 100]; both growth factors
    per year in [1, 1000] (see the module docstring). Returns a fraction (float for
    a scalar ``years``, else an array). Example: 10% error, gamma 4, 16× effective
    compute a year gives 5% after one year. Chapter *Where this leaves us*.
    """
    if isinstance(years, np.ndarray) and years.ndim == 0:
        years = years.item()
    scalar = np.ndim(years) == 0
    if scalar:
        span = np.array(check_number("years", years, low=0.0, high=_MAX_YEARS))
    else:
        span = check_array("years", years, low=0.0, high=_MAX_YEARS)
    start = check_probability("start_error", start_error)
    gamma = _gamma(gamma)
    growth = effective_growth_per_year(compute_growth_per_year, algorithmic_gain_per_year)
    error = start * np.exp(-span * math.log(growth) / gamma)
    return float(error) if scalar else error


def years_to_error(
    target_error: float,
    start_error: float,
    gamma: float,
    compute_growth_per_year: float,
    algorithmic_gain_per_year: float = 1.0,
) -> float:
    """Years until the error falls from ``start_error`` to ``target_error``: ``gamma * ln(start/target) / ln G``.

    Errors are fractions in (0, 1). Returns 0.0 when the target is already reached
    (``target_error >= start_error``) and ``inf`` when there is no growth (G = 1).
    Example: 8.9% to 5% at gamma 9 with 4.1× compute a year takes about 3.7 years.
    Chapter *Where this leaves us*.
    """
    target = check_probability("target_error", target_error)
    start = check_probability("start_error", start_error)
    gamma = _gamma(gamma)
    growth = effective_growth_per_year(compute_growth_per_year, algorithmic_gain_per_year)
    if target >= start:
        return 0.0
    if growth == 1.0:
        return math.inf
    return gamma * math.log(start / target) / math.log(growth)


def _check_settings(name: str, settings: Any, checker) -> dict[str, float]:
    if not isinstance(settings, dict) or not settings:
        raise TypeError(f"{name} must be a non-empty dict mapping a label to a value")
    out = {}
    for label, value in settings.items():
        if not isinstance(label, str) or not label:
            raise TypeError(f"{name} labels must be non-empty strings, got {label!r}")
        out[label] = checker(f"{name}[{label!r}]", value)
    return out


def _default_gammas() -> dict[str, float]:
    names = {
        "compute, theory (k⁴)": "4 (theoretical floor)",
        "compute, article (k⁹)": "9 (article)",
        "compute, paper v2 (k^10.8)": "10.8 (paper v2)",
        "compute, paper v1 (k^13.8)": "13.8 (paper v1)",
    }
    return {label: float(bounds.EXPONENTS[key]["gamma"]) for key, label in names.items()}


#: The exponents of the static calculator, by label: theory (bounds chapter), the article's
#: ninth power, the paper's v2 ImageNet hardware-burden fit and the exponent implied by v1.
GAMMAS: dict[str, float] = _default_gammas()
#: Yearly compute growth settings: none, hardware price-performance alone (flat budgets),
#: a middle case, and the 2010-2024 trend of notable models (hardware × spending).
COMPUTE_GROWTHS: dict[str, float] = {
    "1× (no growth)": 1.0,
    "1.3× (hardware only)": HARDWARE_PRICE_PERFORMANCE_PER_YEAR,
    "2× (middle case)": 2.0,
    "4.1× (trend since 2010)": TRAINING_COMPUTE_GROWTH_PER_YEAR,
}
#: Yearly algorithmic gains (compute-equivalent): none beyond what gamma already holds,
#: Hernandez & Brown's 44× over 2012-2019, Erdil & Besiroglu's halving every 9 months.
ALGORITHMIC_GAINS: dict[str, float] = {
    "1× (none extra)": 1.0,
    f"{annual_gain_from_total(HERNANDEZ_BROWN_TOTAL_GAIN, HERNANDEZ_BROWN_YEARS):.2f}× (Hernandez & Brown)":
        annual_gain_from_total(HERNANDEZ_BROWN_TOTAL_GAIN, HERNANDEZ_BROWN_YEARS),
    f"{annual_gain_from_halving_time():.2f}× (Erdil & Besiroglu)": annual_gain_from_halving_time(),
}
#: The milestones the chapter asks about: 5% and 1% top-1 error (the v1 paper's two targets).
TARGET_ERRORS: tuple[float, ...] = (0.05, 0.01)


def projection_grid(
    start_error: float,
    start_year: float,
    gammas: dict[str, float] | None = None,
    compute_growths: dict[str, float] | None = None,
    algorithmic_gains: dict[str, float] | None = None,
    horizon_years: float = 30.0,
    step_years: float = 1.0,
) -> pd.DataFrame:
    """Error against year for every combination of gamma, compute growth and algorithmic gain.

    One row per (setting, year) with columns ``gamma_label``, ``gamma``,
    ``compute_label``, ``compute_growth_per_year``, ``algorithmic_label``,
    ``algorithmic_gain_per_year``, ``effective_growth_per_year``,
    ``years_from_start``, ``year`` (calendar, ``start_year + years``), ``top1_error``
    (fraction) and ``top1_error_percent``. Defaults: :data:`GAMMAS`,
    :data:`COMPUTE_GROWTHS`, :data:`ALGORITHMIC_GAINS`; 0 to 30 years in steps of 1.
    ``start_year`` in [1950, 2200]. Vectorised (no loop over years). Chapter *Where
    this leaves us*.
    """
    start = check_probability("start_error", start_error)
    first_year = check_number("start_year", start_year, low=1950.0, high=2200.0)
    gamma_set = _check_settings("gammas", GAMMAS if gammas is None else gammas,
                                lambda n, v: check_number(n, v, low=0.0, high=_MAX_GAMMA, low_open=True))
    compute_set = _check_settings("compute_growths", COMPUTE_GROWTHS if compute_growths is None else compute_growths, _growth)
    algorithm_set = _check_settings("algorithmic_gains", ALGORITHMIC_GAINS if algorithmic_gains is None else algorithmic_gains, _growth)
    horizon = check_number("horizon_years", horizon_years, low=0.0, high=_MAX_YEARS, low_open=True)
    step = check_number("step_years", step_years, low=0.0, high=horizon, low_open=True)
    years = np.arange(0.0, horizon + step / 2.0, step)
    if years.size * len(gamma_set) * len(compute_set) * len(algorithm_set) > 200_000:
        raise ValueError("projection_grid would exceed 200,000 rows: use fewer settings or a larger step_years")

    g_lab, c_lab, a_lab, y = np.meshgrid(
        np.arange(len(gamma_set)), np.arange(len(compute_set)), np.arange(len(algorithm_set)), years, indexing="ij"
    )
    g_val = np.array(list(gamma_set.values()))[g_lab.ravel()]
    c_val = np.array(list(compute_set.values()))[c_lab.ravel()]
    a_val = np.array(list(algorithm_set.values()))[a_lab.ravel()]
    span = y.ravel()
    growth = c_val * a_val
    error = start * np.exp(-span * np.log(growth) / g_val)
    return pd.DataFrame(
        {
            "gamma_label": np.array(list(gamma_set), dtype=object)[g_lab.ravel()],
            "gamma": g_val,
            "compute_label": np.array(list(compute_set), dtype=object)[c_lab.ravel()],
            "compute_growth_per_year": c_val,
            "algorithmic_label": np.array(list(algorithm_set), dtype=object)[a_lab.ravel()],
            "algorithmic_gain_per_year": a_val,
            "effective_growth_per_year": growth,
            "years_from_start": span,
            "year": first_year + span,
            "top1_error": error,
            "top1_error_percent": 100.0 * error,
        }
    )


def milestone_table(
    start_error: float,
    start_year: float,
    targets: tuple[float, ...] | list[float] = TARGET_ERRORS,
    gammas: dict[str, float] | None = None,
    compute_growths: dict[str, float] | None = None,
    algorithmic_gains: dict[str, float] | None = None,
) -> pd.DataFrame:
    """When each target error arrives under each setting.

    One row per (target, gamma, compute growth, algorithmic gain) with the label
    and value columns of :func:`projection_grid` plus ``target_error``,
    ``years_needed`` (:func:`years_to_error`; ``inf`` without growth),
    ``year_reached`` (``start_year + years_needed``), ``compute_multiplier_needed``
    (effective compute multiplier, :func:`scaling_lib.fits.compute_ratio`, ``inf``
    if it overflows) and ``label`` (the year as text, or "never" / "after 2200").
    Chapter *Where this leaves us*.
    """
    start = check_probability("start_error", start_error)
    first_year = check_number("start_year", start_year, low=1950.0, high=2200.0)
    target_array = check_array("targets", targets, low=0.0, high=1.0, low_open=True, high_open=True)
    gamma_set = _check_settings("gammas", GAMMAS if gammas is None else gammas,
                                lambda n, v: check_number(n, v, low=0.0, high=_MAX_GAMMA, low_open=True))
    compute_set = _check_settings("compute_growths", COMPUTE_GROWTHS if compute_growths is None else compute_growths, _growth)
    algorithm_set = _check_settings("algorithmic_gains", ALGORITHMIC_GAINS if algorithmic_gains is None else algorithmic_gains, _growth)
    rows = []
    for target in target_array:  # a handful of settings: loops are over settings, not data
        for g_label, gamma in gamma_set.items():
            multiplier = fits.compute_ratio(start, float(target), gamma) if target < start else 1.0
            for c_label, compute in compute_set.items():
                for a_label, algorithms in algorithm_set.items():
                    needed = years_to_error(float(target), start, gamma, compute, algorithms)
                    reached = first_year + needed
                    if math.isinf(needed):
                        text = "never"
                    elif reached > 2200:
                        text = "after 2200"
                    else:
                        text = f"{math.floor(reached):d}"
                    rows.append(
                        {
                            "target_error": float(target),
                            "target_label": f"{100 * target:g}% top-1 error",
                            "gamma_label": g_label,
                            "gamma": gamma,
                            "compute_label": c_label,
                            "compute_growth_per_year": compute,
                            "algorithmic_label": a_label,
                            "algorithmic_gain_per_year": algorithms,
                            "effective_growth_per_year": compute * algorithms,
                            "years_needed": needed,
                            "year_reached": reached,
                            "compute_multiplier_needed": multiplier,
                            "label": text,
                        }
                    )
    return pd.DataFrame(rows)


def _models(models: pd.DataFrame | None) -> pd.DataFrame:
    if models is None:
        models = data.load_imagenet_models()
    if not isinstance(models, pd.DataFrame):
        raise TypeError(f"models must be a pandas DataFrame, got {type(models).__name__}")
    missing = [c for c in ("model", "publication_date", "top1_error") if c not in models.columns]
    if missing:
        raise ValueError(f"models lacks column(s) {', '.join(repr(m) for m in missing)}")
    if models.empty:
        raise ValueError("models must hold at least one row")
    return models


def _decimal_year(dates: pd.Series) -> np.ndarray:
    stamps = pd.to_datetime(dates)
    start = pd.to_datetime(stamps.dt.year.astype(str) + "-01-01")
    end = pd.to_datetime((stamps.dt.year + 1).astype(str) + "-01-01")
    return (stamps.dt.year + (stamps - start) / (end - start)).to_numpy(dtype=float)


def record_frontier(models: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ImageNet records: models whose top-1 error was lower than every earlier model's.

    ``models`` defaults to :func:`scaling_lib.data.load_imagenet_models`. Returns the
    record-setting rows in date order with columns ``model``, ``publication_date``,
    ``year`` (decimal) and ``top1_error`` (fraction). Chapter *Where this leaves us*.
    """
    table = _models(models).sort_values(["publication_date", "top1_error"], kind="stable")
    errors = table["top1_error"].to_numpy(dtype=float)
    earlier_best = np.concatenate([[np.inf], np.minimum.accumulate(errors)[:-1]])
    records = table.loc[errors < earlier_best, ["model", "publication_date", "top1_error"]].copy()
    records.insert(2, "year", _decimal_year(records["publication_date"]))
    return records.reset_index(drop=True)


def starting_point(models: pd.DataFrame | None = None) -> dict[str, Any]:
    """The current record: the model with the lowest top-1 error in ``models``.

    Returns a dict with ``model``, ``top1_error`` (fraction) and ``year`` (decimal
    year of publication). ``models`` defaults to the book's ImageNet table. Chapter
    *Where this leaves us*.
    """
    last = record_frontier(models).iloc[-1]
    return {"model": str(last["model"]), "top1_error": float(last["top1_error"]), "year": float(last["year"])}


def backtest_curves(
    models: pd.DataFrame | None = None,
    gammas: dict[str, float] | None = None,
    compute_growth_per_year: float = TRAINING_COMPUTE_GROWTH_PER_YEAR,
    algorithmic_gain_per_year: float = 1.0,
    step_years: float = 0.25,
) -> pd.DataFrame:
    """Hindcast: the error the calculator predicts from the first ImageNet record onwards.

    Starts at the first record of :func:`record_frontier` (AlexNet, 2012, in the
    book's table) and runs :func:`error_after` to the year of the last record for
    each gamma in ``gammas`` (default :data:`GAMMAS`), with the given yearly growth
    factors (default: 4.1× compute, ``epoch2025notable``; no extra algorithmic gain,
    because a gamma fitted across years already contains the algorithms of those
    years). Columns ``gamma_label``, ``gamma``, ``year``, ``years_from_start``,
    ``top1_error``, ``top1_error_percent``. Chapter *Where this leaves us*.
    """
    records = record_frontier(models)
    gamma_set = _check_settings("gammas", GAMMAS if gammas is None else gammas,
                                lambda n, v: check_number(n, v, low=0.0, high=_MAX_GAMMA, low_open=True))
    growth = effective_growth_per_year(compute_growth_per_year, algorithmic_gain_per_year)
    step = check_number("step_years", step_years, low=0.0, high=10.0, low_open=True)
    first_year, last_year = float(records["year"].iloc[0]), float(records["year"].iloc[-1])
    start = float(records["top1_error"].iloc[0])
    span = np.append(np.arange(0.0, last_year - first_year, step), last_year - first_year)
    frames = []
    for label, gamma in gamma_set.items():  # a handful of exponents
        error = start * np.exp(-span * math.log(growth) / gamma)
        frames.append(pd.DataFrame({"gamma_label": label, "gamma": gamma, "year": first_year + span,
                                    "years_from_start": span, "top1_error": error, "top1_error_percent": 100 * error}))
    return pd.concat(frames, ignore_index=True)


def history_gamma(
    models: pd.DataFrame | None = None,
    compute_growth_per_year: float = TRAINING_COMPUTE_GROWTH_PER_YEAR,
    algorithmic_gain_per_year: float = 1.0,
) -> dict[str, Any]:
    """The gamma that carries the first ImageNet record to the last one, given the yearly growth.

    If effective compute grew ``G`` times a year for the ``years`` between the first
    and the last record, the exponent that fits both ends is
    :func:`scaling_lib.fits.implied_gamma` of (1, G**years) against (first error,
    last error). Returns a dict: ``gamma``, ``years``, ``first_model``,
    ``first_error``, ``last_model``, ``last_error``, ``effective_growth_per_year``.
    Raises ``ValueError`` without growth (G = 1) or with fewer than two records.
    Chapter *Where this leaves us*.
    """
    records = record_frontier(models)
    if len(records) < 2:
        raise ValueError("models must hold at least two successive records to imply a gamma")
    growth = effective_growth_per_year(compute_growth_per_year, algorithmic_gain_per_year)
    if growth == 1.0:
        raise ValueError("compute_growth_per_year × algorithmic_gain_per_year must exceed 1 to imply a gamma")
    first, last = records.iloc[0], records.iloc[-1]
    years = float(last["year"] - first["year"])
    gamma = fits.implied_gamma(1.0, growth**years, float(first["top1_error"]), float(last["top1_error"]))
    return {"gamma": gamma, "years": years, "first_model": str(first["model"]), "first_error": float(first["top1_error"]),
            "last_model": str(last["model"]), "last_error": float(last["top1_error"]), "effective_growth_per_year": growth}


def headline_numbers(
    models: pd.DataFrame | None = None,
    accelerators: pd.DataFrame | None = None,
    min_fit_points: int = 5,
) -> pd.DataFrame:
    """The book's main numbers side by side, each computed by a library call.

    Columns: ``quantity`` (label), ``value``, ``kind`` ("exponent γ", "multiplier" or
    "growth per year"), ``source`` (where the number comes from), ``computed_by`` (the
    call that computed it) and ``chapter`` (the book label that explains it). Our own
    gamma (a power-law fit of top-1 error on hardware burden from
    :func:`scaling_lib.data.model_compute_table`) is included only when at least
    ``min_fit_points`` (default 5, at least 3) models have both numbers; likewise the
    AlexNet-to-NASNet-A ratios need both models in the data. Chapter *Where this
    leaves us*.
    """
    min_points = check_int("min_fit_points", min_fit_points, low=3, high=10_000)
    if accelerators is None:
        accelerators = data.load_accelerators()
    table = data.model_compute_table(_models(models), accelerators)
    theory = "statistical learning theory, as argued in the article (thompson2021diminishing)"
    rows: list[tuple[str, float, str, str, str, str]] = [
        ("data to halve the error (k² at k = 2)", bounds.data_multiplier(2), "multiplier", theory, "bounds.data_multiplier(2)", "bounds"),
        ("data for a 10× better model (k² at k = 10)", bounds.data_multiplier(10), "multiplier", theory, "bounds.data_multiplier(10)", "bounds"),
        ("compute to halve the error, theory (k⁴ at k = 2)", bounds.compute_multiplier(2), "multiplier", theory, "bounds.compute_multiplier(2)", "bounds"),
        ("compute for a 10× better model, theory (k⁴ at k = 10)", bounds.compute_multiplier(10), "multiplier", "IEEE Spectrum article: at least 10,000× (thompson2021diminishing)", "bounds.compute_multiplier(10)", "bounds"),
        ("compute to halve the error at the ninth power (2⁹)", fits.halving_factor(9.0), "multiplier", "IEEE Spectrum article: more than 500× (thompson2021diminishing)", "fits.halving_factor(9)", "scaling"),
        ("γ, theoretical floor", float(bounds.EXPONENTS["compute, theory (k⁴)"]["gamma"]), "exponent γ", theory, "bounds.EXPONENTS", "bounds"),
        ("γ, article (at least the ninth power)", 9.0, "exponent γ", "IEEE Spectrum article (thompson2021diminishing)", "bounds.EXPONENTS", "scaling"),
        ("γ, paper v2 (ImageNet, hardware burden)", float(bounds.EXPONENTS["compute, paper v2 (k^10.8)"]["gamma"]), "exponent γ", "paper v2, Table 2(b), via a secondary summary (thompson2022computational)", "bounds.EXPONENTS", "scaling"),
        ("γ implied by paper v1's extrapolation", fits.implied_gamma(1e14, 1e19, 0.115, 0.05), "exponent γ", "paper v1 extrapolation table: 10¹⁴ → 10¹⁹ Gflop for 11.5% → 5% top-1 error (thompson2020computational)", "fits.implied_gamma(1e14, 1e19, 0.115, 0.05)", "scaling"),
        ("compute from 11.5% to 5% error at v1's γ", fits.compute_ratio(0.115, 0.05, fits.implied_gamma(1e14, 1e19, 0.115, 0.05)), "multiplier", "paper v1: 10¹⁴ → 10¹⁹ Gflop (thompson2020computational)", "fits.compute_ratio(0.115, 0.05, γ_v1)", "scaling"),
    ]
    usable = table["hardware_burden_flop"].notna() & table["top1_error"].notna()
    if int(usable.sum()) >= min_points:
        fit = fits.fit_power_law(table.loc[usable, "hardware_burden_flop"], table.loc[usable, "top1_error"], n_bootstrap=0)
        rows.append((f"γ, this book's fit on hardware burden (n = {fit.n})", fit.gamma, "exponent γ",
                     "this book's ImageNet table (sources per row)", "fits.fit_power_law on data.model_compute_table()", "scaling"))
    burden = table.set_index("model")["hardware_burden_flop"]
    alexnet = [m for m in burden.index if str(m).startswith("AlexNet")]
    nasnet = [m for m in burden.index if str(m).startswith("NASNet-A")]
    if alexnet and nasnet and np.isfinite(burden[alexnet[0]]) and np.isfinite(burden[nasnet[0]]):
        rows.append(("compute, AlexNet → NASNet-A (hardware burden)", float(burden[nasnet[0]] / burden[alexnet[0]]), "multiplier",
                     "IEEE Spectrum article: more than 1,000× (thompson2021diminishing); this book's data",
                     "data.model_compute_table()", "hardware"))
    chips = accelerators.set_index("processor")["peak_flops_fp32"]
    if "NVIDIA P100" in chips.index and "NVIDIA GeForce GTX 580" in chips.index:
        rows.append(("of which faster chips (P100 ÷ GTX 580 peak FP32)", float(chips["NVIDIA P100"] / chips["NVIDIA GeForce GTX 580"]),
                     "multiplier", "IEEE Spectrum article: about 6× (thompson2021diminishing); Epoch AI hardware data (epoch2024hardware)",
                     "data.load_accelerators()", "hardware"))
    rows += [
        ("algorithmic gain, AlexNet-level accuracy 2012 → 2019", HERNANDEZ_BROWN_TOTAL_GAIN, "multiplier",
         "Hernandez & Brown 2020 (hernandez2020measuring)", "outlook.HERNANDEZ_BROWN_TOTAL_GAIN", "outlook"),
        ("algorithmic gain per year (44× over 7 years)", annual_gain_from_total(HERNANDEZ_BROWN_TOTAL_GAIN, HERNANDEZ_BROWN_YEARS),
         "growth per year", "derived from Hernandez & Brown 2020 (hernandez2020measuring)", "outlook.annual_gain_from_total(44, 7)", "outlook"),
        ("algorithmic gain per year (halving every 9 months)", annual_gain_from_halving_time(EPOCH_ALGORITHMIC_HALVING_MONTHS),
         "growth per year", "Erdil & Besiroglu 2022 (erdil2022algorithmic)", "outlook.annual_gain_from_halving_time(9)", "outlook"),
        ("hardware price-performance per year", HARDWARE_PRICE_PERFORMANCE_PER_YEAR, "growth per year",
         "Epoch AI, Data on Machine Learning Hardware (epoch2024hardware)", "outlook.HARDWARE_PRICE_PERFORMANCE_PER_YEAR", "hardware"),
        ("training compute of notable models per year", TRAINING_COMPUTE_GROWTH_PER_YEAR, "growth per year",
         "Epoch AI, Notable AI Models (epoch2025notable)", "outlook.TRAINING_COMPUTE_GROWTH_PER_YEAR", "hardware"),
    ]
    return pd.DataFrame(rows, columns=["quantity", "value", "kind", "source", "computed_by", "chapter"])
