"""What the chapter *The ninth power* (``book/scaling.md``) needs beyond its own cells.

The chapter fits γ, bootstraps it and runs the forecast test in visible cells. This
module holds what is not the lesson: the model table cut to one compute measure
(:func:`points`), the band of a fitted line for the charts (:func:`line_band`), the
exact inversion of a fitted line behind the calculator (:func:`compute_needed`, the
quadratic the chapter approximates on a grid), the calculator's grid of costs and the
number formats of the prose. Compute is in FLOP, errors are fractions in (0, 1),
logarithms base 10. No plotting imports.
"""
from __future__ import annotations

import math
from typing import Any, Sequence

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from scipy import stats

from scaling_lib import costs, vocabulary
from scaling_lib._checks import check_array, check_choice, check_frame, check_int, check_number, check_text

__all__ = [
    "FORMULA", "TARGET_ERRORS", "CALCULATOR_TARGETS_PCT", "CALCULATOR_UTILIZATIONS", "PRICE_OPTIONS", "INTENSITY_OPTIONS",
    "points", "fit_power_law", "gamma_interval", "line_band", "compute_needed", "calculator_tables", "format_sci", "format_dollars",
]

FORMULA = "np.log10(top1_error) ~ np.log10(compute_flop)"
"""The paper's power law as a statsmodels formula: log10 top-1 error on log10 compute (FLOP)."""

TARGET_ERRORS = (0.05, 0.01)
"""The article's two targets: 5 % and 1 % top-1 error (``thompson2021diminishing``)."""

CALCULATOR_TARGETS_PCT = tuple(float(v) for v in np.round(np.arange(1.0, 11.25, 0.5), 1))
"""Target top-1 errors of the static calculator, percent: 1 % to 11 % in steps of 0.5."""

CALCULATOR_UTILIZATIONS = tuple(float(v) for v in np.round(np.arange(0.3, 1.05, 0.1), 1))
"""Shares of peak of the static calculator: 0.3 to 1.0 (1.0 is the hardware-burden convention)."""

_ON_DEMAND = costs.DEFAULT_SCENARIO.dollars_per_gpu_hour
_PREEMPTIBLE = costs.SCENARIOS["p100_strubell_preemptible"].dollars_per_gpu_hour
PRICE_OPTIONS = ((f"${_ON_DEMAND:.2f} (P100 on demand, Strubell et al.)", _ON_DEMAND),
                 (f"${_PREEMPTIBLE:.2f} (P100 pre-emptible, Strubell et al.)", _PREEMPTIBLE),
                 (f"${_ON_DEMAND / 10:.3f} (what-if: ten times cheaper)", _ON_DEMAND / 10))
"""Calculator menu of prices, (label, US$ per device-hour); the first is the default."""

_GRID = costs.LBS_CO2_PER_KWH_STRUBELL
INTENSITY_OPTIONS = ((f"{_GRID:.3f} lbs/kWh (US average, as in Strubell et al.)", _GRID),
                     (f"{_GRID / 2:.3f} lbs/kWh (what-if: half the US average)", _GRID / 2),
                     (f"{_GRID / 10:.3f} lbs/kWh (what-if: a tenth, mostly low-carbon)", _GRID / 10),
                     ("0 lbs/kWh (what-if: carbon-free power)", 0.0))
"""Calculator menu of grid carbon intensities, (label, lbs CO₂e per kWh); the first is the default."""

_MODEL_COLUMNS = ("model", "publication_date", "top1_error", "extra_training_data")


def points(models: pd.DataFrame, measure: str = vocabulary.DEFAULT_MEASURE, *,
           cutoff: Any = vocabulary.CUTOFF_DATE) -> pd.DataFrame:
    """The models of ``models`` (``data.model_compute_table()``) that have ``measure``, one row each, by date.

    Columns: ``model``, ``publication_date``, ``publication_year`` (decimal), ``top1_error``
    (fraction), ``compute_flop`` (the measure, FLOP), ``extra_training_data``, ``data_group``
    (:func:`vocabulary.extra_data_group`) and ``period`` (:data:`vocabulary.PERIODS`, split at ``cutoff``).
    """
    column = vocabulary.MEASURES[check_choice("measure", measure, tuple(vocabulary.MEASURES))].column
    check_frame("models", models, (*_MODEL_COLUMNS, column))
    try:
        cutoff = pd.Timestamp(cutoff)
    except (TypeError, ValueError, OverflowError):
        raise ValueError(f"cutoff must be a date such as '2020-06-30', got {cutoff!r}") from None
    if pd.isna(cutoff) or not pd.Timestamp("2012-01-01") <= cutoff <= pd.Timestamp("2030-12-31"):
        raise ValueError(f"cutoff must be a date in [2012-01-01, 2030-12-31], got {cutoff!r}")
    rows = models.loc[models[column].notna() & (models[column] > 0), list(_MODEL_COLUMNS)].copy()
    rows["compute_flop"] = models.loc[rows.index, column].astype(float)
    rows["publication_date"] = pd.to_datetime(rows["publication_date"])
    rows["publication_year"] = vocabulary.decimal_year(rows["publication_date"])
    rows["data_group"] = rows["extra_training_data"].map(vocabulary.extra_data_group)
    rows["period"] = np.where(rows["publication_date"] <= cutoff, *vocabulary.PERIODS)
    return rows.sort_values("publication_date", kind="stable").reset_index(drop=True)


def fit_power_law(points: pd.DataFrame) -> Any:
    """OLS of :data:`FORMULA` on ``points`` (``compute_flop`` > 0, ``top1_error`` in (0, 1)): statsmodels results.

    The fit the chapter writes in its first cell; the live calculator and the tests call it.
    """
    check_frame("points", points, ("top1_error", "compute_flop"), min_rows=3)
    check_array("points['compute_flop']", points["compute_flop"], low=0.0, low_open=True, min_length=3)
    check_array("points['top1_error']", points["top1_error"], low=0.0, high=1.0, low_open=True, high_open=True, min_length=3)
    if np.ptp(np.log10(points["compute_flop"].to_numpy(dtype=float))) == 0:
        raise ValueError("points['compute_flop'] must take at least two distinct values to fit a slope")
    return smf.ols(FORMULA, data=points).fit()


def gamma_interval(fit: Any, level: float = 0.95) -> tuple[float, float, float]:
    """γ = −1/b from a fit of :data:`FORMULA`, and the slope's ``level`` interval inverted (inf if it reaches 0).

    The chapter's first cell, as a function for the charts and tests.
    """
    _check_fit(fit)
    level = check_number("level", level, low=0.5, high=1.0, high_open=True)
    term = "np.log10(compute_flop)"
    if term not in fit.params.index:
        raise ValueError(f"fit must have the term {term!r}, got {list(fit.params.index)}")
    slope_low, slope_high = fit.conf_int(alpha=1 - level).loc[term]
    return -1 / fit.params[term], -1 / slope_low if slope_low < 0 else np.inf, -1 / slope_high if slope_high < 0 else np.inf


def _check_fit(fit: Any) -> Any:
    if not (hasattr(fit, "get_prediction") and hasattr(getattr(fit, "model", None), "formula")):
        raise TypeError(f"fit must be a statsmodels formula fit (smf.ols(...).fit()), got {type(fit).__name__}")
    return fit


def line_band(fit: Any, values: Any, column: str = "compute_flop", *, level: float = 0.95) -> pd.DataFrame:
    """A fitted line of log10 error on ``column`` at ``values``, with its confidence and prediction bands.

    Columns: ``column``, ``top1_error_pct`` (the line) and ``mean_low_pct``, ``mean_high_pct``
    (confidence band of the line), ``pred_low_pct``, ``pred_high_pct`` (where a single model
    would sit), all in percent, from ``fit.get_prediction`` at ``level``. Drawn by the chapter's charts.
    """
    _check_fit(fit)
    check_text("column", column)
    if column not in fit.model.data.frame.columns or column not in fit.model.formula:
        raise ValueError(f"column must be a variable of the fit's formula {fit.model.formula!r}, got {column!r}")
    grid = check_array("values", values, min_length=2, low=0.0, low_open=column == "compute_flop")
    level = check_number("level", level, low=0.5, high=1.0, high_open=True)
    band = fit.get_prediction(pd.DataFrame({column: grid})).summary_frame(alpha=1 - level)
    with np.errstate(over="ignore"):
        pct = {name: 100 * 10 ** band[source].to_numpy() for name, source in (
            ("top1_error_pct", "mean"), ("mean_low_pct", "mean_ci_lower"), ("mean_high_pct", "mean_ci_upper"),
            ("pred_low_pct", "obs_ci_lower"), ("pred_high_pct", "obs_ci_upper"))}
    return pd.DataFrame({column: grid, **pct})


def compute_needed(fit: Any, target_errors: Any = TARGET_ERRORS, *, level: float = 0.95) -> pd.DataFrame:
    """Compute (FLOP) at which a power-law ``fit`` (:data:`FORMULA`) reaches each target error, with intervals.

    The point solves log10 e = a + b log10 C for C. The interval is every C whose band at ``level``
    contains log10 e (inverse prediction, Fieller): ``compute_flop_low``/``_high`` from the prediction
    band (a single model), ``mean_low``/``mean_high`` from the confidence band (the trend). Unbounded
    ends are 0 and inf. Columns also ``target_error``. Chapter on the ninth power, extrapolation.
    """
    _check_fit(fit)
    if list(fit.params.index) != ["Intercept", "np.log10(compute_flop)"]:
        raise ValueError(f"fit must be a fit of {FORMULA!r}, got one with terms {list(fit.params.index)}")
    scalar = np.ndim(target_errors) == 0 and not isinstance(target_errors, (str, bytes))
    targets = check_array("target_errors", [target_errors] if scalar else target_errors,
                          low=0.0, high=1.0, low_open=True, high_open=True)
    level = check_number("level", level, low=0.5, high=1.0, high_open=True)
    (a, b), cov = fit.params.to_numpy(), fit.cov_params().to_numpy()
    y = np.log10(targets)
    t2 = stats.t.ppf(0.5 + level / 2, fit.df_resid) ** 2
    with np.errstate(over="ignore"):  # beyond 10^308 FLOP the compute is inf
        out = {"target_error": targets, "compute_flop": 10.0 ** ((y - a) / b)}
    for name, extra in (("compute_flop", fit.scale), ("mean", 0.0)):
        # x inside the band  <=>  (y - a - b x)² <= t² (var a + 2x cov ab + x² var b + extra): a quadratic in x
        quad = b * b - t2 * cov[1, 1]
        lin = -2 * (b * (y - a) + t2 * cov[0, 1])
        const = (y - a) ** 2 - t2 * (cov[0, 0] + extra)
        root = np.sqrt(np.maximum(lin * lin - 4 * quad * const, 0.0))
        if quad > 0:
            low, high = (-lin - root) / (2 * quad), (-lin + root) / (2 * quad)
        else:  # the slope is not distinguishable from zero: the line may never reach the target
            low, high = np.full_like(y, -np.inf), np.full_like(y, np.inf)
        with np.errstate(over="ignore"):
            out[f"{name}_low"], out[f"{name}_high"] = 10.0 ** low, 10.0 ** high
    return pd.DataFrame(out)


def calculator_tables(fit: Any, *, targets_pct: Sequence[float] = CALCULATOR_TARGETS_PCT,
                      utilizations: Sequence[float] = CALCULATOR_UTILIZATIONS,
                      prices: Sequence[tuple[str, float]] = PRICE_OPTIONS,
                      intensities: Sequence[tuple[str, float]] = INTENSITY_OPTIONS, **device: float) -> dict[str, pd.DataFrame]:
    """The grid behind the chapter's calculator: compute for each target, then :func:`costs.cost_chain` per setting.

    ``fit`` is the chapter's power-law fit; ``targets_pct`` are percent in (0, 100); ``device`` may set
    ``peak_flops``, ``device_watts`` or ``pue`` (default: Strubell et al.'s P100). Returns four tables,
    each holding only the settings it depends on: ``compute`` (target_error_pct, compute_flop, _low,
    _high), ``device`` (+ utilization, device_years, energy_kwh), ``cost`` (+ price_option,
    dollars_per_gpu_hour, dollars and its 95 % range dollars_low, dollars_high) and ``carbon``
    (+ intensity_option, lbs_co2_per_kwh, co2_tonnes, nyc_months, flights).
    """
    targets = check_array("targets_pct", targets_pct, low=0.0, high=100.0, low_open=True, high_open=True)
    utils = check_array("utilizations", utilizations, low=0.0, high=1.0, low_open=True)
    for name, options in (("prices", prices), ("intensities", intensities)):
        if not isinstance(options, (list, tuple)) or not options or not all(
                isinstance(o, tuple) and len(o) == 2 and isinstance(o[0], str) for o in options):
            raise TypeError(f"{name} must be a non-empty list of (label, value) pairs, got {options!r:.80}")
    unknown = set(device) - {"peak_flops", "device_watts", "pue"}
    if unknown:
        raise ValueError(f"device factors must be among peak_flops, device_watts, pue; got {sorted(unknown)}")
    needed = compute_needed(fit, targets / 100.0)
    compute = needed["compute_flop"].to_numpy()
    tables: dict[str, list[pd.DataFrame]] = {"device": [], "cost": [], "carbon": []}
    for util in utils:
        base = {"target_error_pct": targets, "utilization": float(util)}
        chain = costs.cost_chain(compute, utilization=float(util), **device)
        tables["device"].append(pd.DataFrame({**base, "device_years": chain["device_hours"] / (24 * 365.25),
                                              "energy_kwh": chain["energy_kwh"]}))
        for label, price in prices:
            chain = costs.cost_chain(compute, utilization=float(util), dollars_per_gpu_hour=price, **device)
            per_flop = chain["dollars"] / compute  # the chain is linear: the range's ends cost in proportion
            tables["cost"].append(pd.DataFrame({**base, "price_option": label, "dollars_per_gpu_hour": float(price),
                                                "dollars": chain["dollars"], "dollars_low": per_flop * needed["compute_flop_low"],
                                                "dollars_high": per_flop * needed["compute_flop_high"]}))
        for label, intensity in intensities:
            chain = costs.cost_chain(compute, utilization=float(util), lbs_co2_per_kwh=intensity, **device)
            tables["carbon"].append(pd.DataFrame({**base, "intensity_option": label, "lbs_co2_per_kwh": float(intensity),
                                                  **{k: chain[k] for k in ("co2_tonnes", "nyc_months", "flights")}}))
    compute_table = pd.DataFrame({"target_error_pct": targets, "compute_flop": compute,
                                  "compute_flop_low": needed["compute_flop_low"], "compute_flop_high": needed["compute_flop_high"]})
    return {"compute": compute_table, **{name: pd.concat(frames, ignore_index=True) for name, frames in tables.items()}}


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def format_sci(value: float, digits: int = 2) -> str:
    """A non-negative number for prose: ``4.8 × 10²⁵`` with ``digits`` significant figures (1–4).

    From 0.01 to 99,999 the number is written out (``1,950``, ``0.12``); infinity is ``∞``.
    """
    if isinstance(value, (float, np.floating)) and value == math.inf:
        return "∞"
    number = check_number("value", value, low=0.0)
    digits = check_int("digits", digits, low=1, high=4)
    if number == 0:
        return "0"
    exponent = math.floor(math.log10(number))
    if -2 <= exponent <= 4:
        return f"{float(f'{number:.{digits}g}'):,.{max(0, digits - 1 - exponent)}f}"
    mantissa = round(number / 10.0**exponent, digits - 1)
    if mantissa >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    return f"{mantissa:.{digits - 1}f} × 10{str(exponent).translate(_SUPERSCRIPT)}"


def format_dollars(value: float) -> str:
    """US dollars for prose: ``$2.1 billion``, ``$436 billion``, ``$3.0 × 10¹⁵`` (words from millions to trillions)."""
    number = check_number("value", value, low=0.0)
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if size <= number < 1000 * size:
            shown = number / size
            return f"${shown:.2g} {word}" if shown < 10 else f"${shown:,.0f} {word}"
    return f"${number:,.0f}" if number < 1e6 else "$" + format_sci(number)
