"""Better chips or more of them: hardware trends and the decomposition of training compute.

Computation behind the book's chapter on hardware (``book/hardware.md``, label
``hardware``). Three questions, three groups of functions:

1. **How fast did chips get faster?** :func:`accelerator_series` turns the
   accelerator table (``data/accelerators.csv``, Epoch AI's *Data on Machine
   Learning Hardware*, key ``epoch2024hardware``) into one series per number
   format and measure (peak FLOP/s, peak FLOP/s per launch dollar, peak FLOP/s per
   watt of TDP). :func:`fit_log_linear_trend` fits ``log10(value) = a + b * year``
   by ordinary least squares (statsmodels, the project's regression library) and
   reports the doubling time ``log10(2) / b`` with a confidence interval;
   :func:`hardware_trend` and :func:`trend_table` apply it to the table.
2. **Where did the extra compute come from?** The hardware burden of a training
   run (processors x peak FLOP/s per processor x training time; Thompson et al.,
   arXiv:2007.05558) is a product of three factors, so the ratio of two runs'
   burdens is the product of three ratios::

       total ratio = per-processor speed ratio x processor-count ratio x training-time ratio

   :func:`decompose_compute` does this for any numbers, :func:`model_decomposition`
   for two models of ``data/imagenet_models.csv``, and :func:`decomposition_pairs`
   for every ordered pair of models whose hardware is known (the static chart
   filters this table with two drop-downs).
3. **What would a run cost on other hardware?** :func:`run_on_processor` turns a
   compute budget into chip-hours, an amortised hardware cost and chip energy on
   one processor; :func:`retro_cost_table` does it for every (run, chip) pair.

All functions are pure: numbers and DataFrames in, numbers and DataFrames out.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from numpy.typing import ArrayLike
from scipy import stats

from scaling_lib._checks import check_array, check_choice, check_dates, check_number, check_positive, finite_result
from scaling_lib.compute_measures import DEFAULT_PRECISION, PRECISIONS, SECONDS_PER_HOUR, _select_peak

__all__ = [
    "SERIES",
    "SERIES_LABELS",
    "MEASURES",
    "MEASURE_UNITS",
    "TREND_EXCLUDE",
    "FACTORS",
    "HOURS_PER_YEAR",
    "DEFAULT_AMORTIZATION_YEARS",
    "TrendFit",
    "decimal_year",
    "accelerator_series",
    "fit_log_linear_trend",
    "hardware_trend",
    "trend_table",
    "trend_line",
    "doubling_time_for_growth",
    "growth_factor",
    "tensor_speedup_table",
    "decompose_compute",
    "models_with_hardware",
    "model_decomposition",
    "decomposition_pairs",
    "run_on_processor",
    "retro_cost_table",
]

SERIES: dict[str, str] = {"fp32": "peak_flops_fp32", "tensor16": "peak_flops_tensor16_dense"}
"""Number formats the trends are fitted for, and the accelerator-table column of each.

``"fp32"`` is the non-tensor single-precision peak (every GPU has one);
``"tensor16"`` the dense (no sparsity) FP16/BF16 tensor or matrix-unit peak
(Volta GPUs, 2017, and later; TPU v2 and later)."""

SERIES_LABELS: dict[str, str] = {"fp32": "FP32 (non-tensor)", "tensor16": "16-bit tensor (dense)"}
"""Readable names of :data:`SERIES`, used in tables and charts."""

MEASURES: tuple[str, ...] = ("peak_flops", "flops_per_dollar", "flops_per_watt")
"""What is measured per chip: the peak rate, the peak rate per launch dollar, the peak rate per watt of TDP."""

MEASURE_UNITS: dict[str, str] = {
    "peak_flops": "FLOP/s",
    "flops_per_dollar": "FLOP/s per US$ of launch price",
    "flops_per_watt": "FLOP/s per W (= FLOP per joule)",
}
"""Unit of each of :data:`MEASURES`."""

TREND_EXCLUDE: tuple[str, ...] = ("NVIDIA V100",)
"""Processors left out of the trend fits.

Epoch AI's generic "V100" entry repeats the figures of the V100 SXM2 row; it is in
the data so that a paper that says only "V100" can be matched, but counting it in a
trend would count one chip twice."""

FACTORS: tuple[str, ...] = ("per-processor speed", "processor count", "training time")
"""The three factors of a hardware burden, in the order the decomposition applies them."""

HOURS_PER_YEAR = 365.25 * 24.0
"""Hours in a Julian year (8,766)."""

DEFAULT_AMORTIZATION_YEARS = 3.0
"""Years over which a chip's launch price is spread when a run is charged for its chip-hours.

An assumption, not a sourced figure: a chip bought at launch and kept busy around
the clock for three years. Pass another value to see how the costs scale (they are
inversely proportional to it)."""

_MIN_POINTS = 3


# --------------------------------------------------------------------------- helpers
def decimal_year(dates: Any) -> np.ndarray:
    """Dates as decimal years (2012-01-01 is 2012.0), the convention of :func:`scaling_lib.data.model_compute_table`.

    ``dates`` is anything :func:`pandas.to_datetime` reads (a Series, list of strings,
    DatetimeIndex); missing or unreadable dates raise ``ValueError``.
    """
    parsed = check_dates("dates", dates, min_length=0)
    return (parsed.dt.year + (parsed.dt.day_of_year - 1) / 365.25).to_numpy(dtype=float)


def _check_frame(name: str, frame: Any, needs: tuple[str, ...]) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in needs if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks column(s) {', '.join(repr(m) for m in missing)}")
    if frame.empty:
        raise ValueError(f"{name} has no rows")
    return frame


def _accelerators(accelerators: pd.DataFrame | None) -> pd.DataFrame:
    if accelerators is None:
        from scaling_lib.data import load_accelerators

        accelerators = load_accelerators()
    needs = ("processor", "manufacturer", "kind", "release_date", "peak_flops_fp32", "peak_flops_tensor16_dense", "tdp_w", "launch_price_usd")
    return _check_frame("accelerators", accelerators, needs)


def _check_level(level: Any) -> float:
    return check_number("level", level, low=0.5, high=1.0, high_open=True)


# ----------------------------------------------------------------------- the series
def accelerator_series(
    accelerators: pd.DataFrame | None = None,
    series: str = "fp32",
    measure: str = "peak_flops",
    exclude: tuple[str, ...] = TREND_EXCLUDE,
) -> pd.DataFrame:
    """One trend series from the accelerator table: one row per chip that has the value.

    ``accelerators`` defaults to :func:`scaling_lib.data.load_accelerators` (Epoch AI's
    ML hardware data, ``epoch2024hardware``). ``series`` is a key of :data:`SERIES`
    (``"fp32"`` or ``"tensor16"``), ``measure`` one of :data:`MEASURES`:

    - ``"peak_flops"``: the peak rate in FLOP/s;
    - ``"flops_per_dollar"``: peak FLOP/s divided by the launch price in nominal US$
      (chips without a price are left out);
    - ``"flops_per_watt"``: peak FLOP/s divided by the thermal design power in W
      (FLOP per joule at full load).

    ``exclude`` lists processors to leave out (default :data:`TREND_EXCLUDE`, a
    duplicate entry). Returns columns ``processor``, ``manufacturer``, ``kind``,
    ``release_date``, ``release_year`` (decimal), ``series`` (the label of
    :data:`SERIES_LABELS`), ``measure``, ``value`` (in :data:`MEASURE_UNITS`),
    sorted by date. Explained in the chapter on hardware.
    """
    table = _accelerators(accelerators)
    check_choice("series", series, tuple(SERIES))
    check_choice("measure", measure, MEASURES)
    if not isinstance(exclude, (tuple, list)) or not all(isinstance(e, str) for e in exclude):
        raise TypeError("exclude must be a tuple of processor names")
    peak = table[SERIES[series]].to_numpy(dtype=float)
    if measure == "peak_flops":
        value = peak
    elif measure == "flops_per_dollar":
        value = peak / table["launch_price_usd"].to_numpy(dtype=float)
    else:
        value = peak / table["tdp_w"].to_numpy(dtype=float)
    keep = np.isfinite(value) & ~table["processor"].isin(list(exclude)).to_numpy()
    out = table.loc[keep, ["processor", "manufacturer", "kind", "release_date"]].copy()
    out["release_year"] = decimal_year(out["release_date"]) if len(out) else np.array([], dtype=float)
    out["series"] = SERIES_LABELS[series]
    out["measure"] = measure
    out["value"] = value[keep]
    return out.sort_values(["release_date", "processor"]).reset_index(drop=True)


# --------------------------------------------------------------------------- trends
@dataclass(frozen=True)
class TrendFit:
    """A log-linear trend ``log10(value) = intercept + slope * year`` and what it implies.

    ``slope`` is in decades (factors of 10) per year; ``doubling_time_years`` is
    ``log10(2) / slope`` with its interval at confidence ``level`` (the slope's
    t-interval inverted; an interval that reaches a zero slope gives an infinite
    upper end). ``annual_growth`` is ``10 ** slope``, the factor per year.
    """

    n: int
    first_year: float
    last_year: float
    slope: float
    slope_se: float
    slope_low: float
    slope_high: float
    intercept: float
    r_squared: float
    level: float
    doubling_time_years: float
    doubling_time_low: float
    doubling_time_high: float
    annual_growth: float
    annual_growth_low: float
    annual_growth_high: float
    label: str = ""
    results: Any = field(default=None, repr=False, compare=False)

    def predict(self, years: ArrayLike) -> np.ndarray:
        """Fitted values (in the unit of the data, not log) at decimal ``years``."""
        if isinstance(years, (str, bytes)) or years is None:
            raise TypeError(f"years must be numbers, got {type(years).__name__}")
        x = check_array("years", np.atleast_1d(years))
        return 10.0 ** (self.intercept + self.slope * x)

    def as_dict(self) -> dict[str, float | str]:
        """The numbers of the fit as a flat dict (no statsmodels object)."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "results"}


def fit_log_linear_trend(years: ArrayLike, values: ArrayLike, level: float = 0.95, label: str = "") -> TrendFit:
    """Fit ``log10(values) = intercept + slope * years`` by OLS and return the doubling time.

    ``years`` are decimal years (finite); ``values`` positive finite numbers in any
    unit (FLOP/s, FLOP/s per $ ...), at least three of each, same length, with at
    least two distinct years. ``level`` in [0.5, 1) is the confidence level of the
    intervals (default 0.95). Raises ``ValueError`` when the fitted slope is zero or
    negative (a trend that does not grow has no doubling time). The fit uses
    statsmodels OLS; the doubling time is ``log10(2) / slope`` years.

    By hand: values 1, 2, 4, 8 in years 0, 1, 2, 3 double every year exactly.
    Explained in the chapter on hardware.
    """
    x = check_array("years", years, min_length=_MIN_POINTS)
    y_raw = check_array("values", values, min_length=_MIN_POINTS, low=0.0, low_open=True)
    level = _check_level(level)
    if not isinstance(label, str):
        raise TypeError(f"label must be a string, got {type(label).__name__}")
    if x.shape != y_raw.shape:
        raise ValueError(f"years and values must have the same length, got {x.shape[0]} and {y_raw.shape[0]}")
    if np.ptp(x) == 0:
        raise ValueError("years must take at least two distinct values to fit a trend")
    y = np.log10(y_raw)
    results = sm.OLS(y, sm.add_constant(x, has_constant="add")).fit()
    intercept, slope = (float(v) for v in results.params)
    slope_se = float(results.bse[1])
    if not slope > 0:
        raise ValueError(f"values must grow over time to have a doubling time; the fitted slope is {slope:.4g} decades per year")
    if results.df_resid > 0 and np.isfinite(slope_se):
        t_crit = float(stats.t.ppf(0.5 + level / 2.0, results.df_resid))
        slope_low, slope_high = slope - t_crit * slope_se, slope + t_crit * slope_se
    else:  # pragma: no cover - three points on an exact line still give df 1
        slope_low = slope_high = slope
    log2 = math.log10(2.0)
    r_squared = float(results.rsquared) if np.isfinite(results.rsquared) else 1.0
    return TrendFit(
        n=int(x.shape[0]),
        first_year=float(x.min()),
        last_year=float(x.max()),
        slope=slope,
        slope_se=slope_se,
        slope_low=float(slope_low),
        slope_high=float(slope_high),
        intercept=intercept,
        r_squared=r_squared,
        level=level,
        doubling_time_years=log2 / slope,
        doubling_time_low=log2 / slope_high,
        doubling_time_high=log2 / slope_low if slope_low > 0 else math.inf,
        annual_growth=10.0**slope,
        annual_growth_low=10.0**slope_low,
        annual_growth_high=10.0**slope_high,
        label=label,
        results=results,
    )


def hardware_trend(
    accelerators: pd.DataFrame | None = None,
    series: str = "fp32",
    measure: str = "peak_flops",
    level: float = 0.95,
    start_year: float | None = None,
    end_year: float | None = None,
) -> TrendFit:
    """Log-linear trend of one accelerator series (see :func:`accelerator_series`) over release date.

    ``start_year`` / ``end_year`` (decimal years, optional) keep only chips released
    in that window. Returns a :class:`TrendFit` whose ``label`` names the series and
    measure. Raises ``ValueError`` when fewer than three chips remain. Explained in
    the chapter on hardware.
    """
    data = accelerator_series(accelerators, series, measure)
    low = -math.inf if start_year is None else check_number("start_year", start_year, low=1900, high=2100)
    high = math.inf if end_year is None else check_number("end_year", end_year, low=1900, high=2100)
    if low >= high:
        raise ValueError(f"start_year must be before end_year, got {low:g} and {high:g}")
    window = data[(data["release_year"] >= low) & (data["release_year"] <= high)]
    if len(window) < _MIN_POINTS:
        raise ValueError(f"only {len(window)} chips have {series} {measure} between start_year and end_year; need at least {_MIN_POINTS}")
    label = f"{SERIES_LABELS[series]}, {measure}"
    return fit_log_linear_trend(window["release_year"], window["value"], level=level, label=label)


def trend_table(accelerators: pd.DataFrame | None = None, level: float = 0.95) -> pd.DataFrame:
    """Doubling time with its interval for every series x measure of the accelerator table.

    One row per (``series``, ``measure``) with columns ``series`` (key of
    :data:`SERIES`), ``series_label``, ``measure``, ``unit``, ``n``, ``first_year``,
    ``last_year``, ``doubling_time_years``, ``doubling_time_low``,
    ``doubling_time_high``, ``annual_growth`` (factor per year) and its interval,
    and ``r_squared``. Explained in the chapter on hardware.
    """
    table = _accelerators(accelerators)
    level = _check_level(level)
    rows = []
    for series in SERIES:
        for measure in MEASURES:
            fit = hardware_trend(table, series, measure, level)
            row = {"series": series, "series_label": SERIES_LABELS[series], "measure": measure, "unit": MEASURE_UNITS[measure]}
            row.update({k: v for k, v in fit.as_dict().items() if k not in ("label",)})
            rows.append(row)
    return pd.DataFrame(rows)


@finite_result
def trend_line(fit: TrendFit, years: ArrayLike | None = None, points: int = 50) -> pd.DataFrame:
    """The fitted trend as a table for plotting: ``year`` and ``fitted`` (data unit).

    ``years`` defaults to ``points`` evenly spaced years from the fit's first to last
    data year. Explained in the chapter on hardware.
    """
    if not isinstance(fit, TrendFit):
        raise TypeError(f"fit must be a TrendFit from fit_log_linear_trend or hardware_trend, got {type(fit).__name__}")
    if years is None:
        if isinstance(points, bool) or not isinstance(points, (int, np.integer)) or not 2 <= points <= 10_000:
            raise ValueError(f"points must be an integer in [2, 10000], got {points!r}")
        grid = np.linspace(fit.first_year, fit.last_year, int(points))
    else:
        grid = check_array("years", years)
    return pd.DataFrame({"year": grid, "fitted": fit.predict(grid), "label": fit.label})


def doubling_time_for_growth(growth: float, years: float) -> float:
    """Doubling time (years) that multiplies a quantity by ``growth`` in ``years``: ``years / log2(growth)``.

    ``growth`` must exceed 1 and ``years`` be positive. Example: the article's
    10-million-fold rise in computations per second over the roughly fifty years
    from the perceptron (1958) to the late 2000s needs a doubling every
    50 / log2(1e7) = 2.15 years. Explained in the chapter on hardware.
    """
    growth = check_number("growth", growth, low=1.0, low_open=True)
    years = check_positive("years", years)
    return years / math.log2(growth)


@finite_result
def growth_factor(doubling_time_years: float, years: float) -> float:
    """Factor by which a quantity that doubles every ``doubling_time_years`` grows in ``years``: ``2 ** (years / doubling)``.

    ``doubling_time_years`` must be positive and ``years`` non-negative. Explained
    in the chapter on hardware.
    """
    doubling = check_positive("doubling_time_years", doubling_time_years)
    years = check_number("years", years, low=0.0)
    with np.errstate(over="ignore"):
        return float(np.power(2.0, years / doubling))


def tensor_speedup_table(accelerators: pd.DataFrame | None = None) -> pd.DataFrame:
    """How much faster a chip's 16-bit tensor units are than its ordinary FP32 units.

    One row per chip that has both rates (``accelerators`` defaults to
    :func:`scaling_lib.data.load_accelerators`; duplicates in :data:`TREND_EXCLUDE`
    left out): ``processor``, ``release_date``, ``peak_flops_fp32``,
    ``peak_flops_tensor16_dense`` (FLOP/s) and ``tensor_speedup`` (their ratio),
    sorted by date. This is the gain from specialising part of the chip for the
    matrix products of deep learning. Explained in the chapter on hardware.
    """
    table = _accelerators(accelerators)
    both = table["peak_flops_fp32"].notna() & table["peak_flops_tensor16_dense"].notna() & ~table["processor"].isin(list(TREND_EXCLUDE))
    out = table.loc[both, ["processor", "release_date", "peak_flops_fp32", "peak_flops_tensor16_dense"]].copy()
    if out.empty:
        raise ValueError("accelerators has no chip with both an FP32 and a 16-bit tensor rate")
    out["tensor_speedup"] = out["peak_flops_tensor16_dense"] / out["peak_flops_fp32"]
    return out.sort_values(["release_date", "processor"]).reset_index(drop=True)


# -------------------------------------------------------------------- decomposition
@finite_result
def decompose_compute(
    peak_flops_from: float,
    processor_count_from: float,
    train_hours_from: float,
    peak_flops_to: float,
    processor_count_to: float,
    train_hours_to: float,
) -> dict[str, float]:
    """Split the ratio of two hardware burdens into speed, count and time ratios.

    Hardware burden = processors x peak FLOP/s per processor x training seconds
    (Thompson et al., arXiv:2007.05558), so for runs "from" and "to"::

        total_ratio = speed_ratio x count_ratio x time_ratio

    with ``speed_ratio = peak_flops_to / peak_flops_from`` (FLOP/s per processor),
    ``count_ratio = processor_count_to / processor_count_from`` and
    ``time_ratio = train_hours_to / train_hours_from``. All six arguments must be
    positive and finite. Returns these four ratios and both burdens
    (``compute_from_flop``, ``compute_to_flop``, in FLOP).

    By hand, AlexNet (2 GTX 580 at 1.581e12 FLOP/s, 132 h) to NASNet-A's search
    (500 P100 at 9.3e12 FLOP/s, 96 h): speed 5.88, count 250, time 0.727,
    total 1,069. Explained in the chapter on hardware.
    """
    peak_from = check_positive("peak_flops_from", peak_flops_from)
    count_from = check_positive("processor_count_from", processor_count_from)
    hours_from = check_positive("train_hours_from", train_hours_from)
    peak_to = check_positive("peak_flops_to", peak_flops_to)
    count_to = check_positive("processor_count_to", processor_count_to)
    hours_to = check_positive("train_hours_to", train_hours_to)
    speed, count, time = peak_to / peak_from, count_to / count_from, hours_to / hours_from
    compute_from = count_from * peak_from * hours_from * SECONDS_PER_HOUR
    compute_to = count_to * peak_to * hours_to * SECONDS_PER_HOUR
    return {
        "speed_ratio": speed,
        "count_ratio": count,
        "time_ratio": time,
        "total_ratio": compute_to / compute_from,
        "compute_from_flop": compute_from,
        "compute_to_flop": compute_to,
    }


_MODEL_NEEDS = ("model", "publication_date", "top1_error", "processor", "processor_count", "train_hours", "peak_flops_used", "hardware_burden_flop")


def models_with_hardware(table: pd.DataFrame | None = None, precision: str = DEFAULT_PRECISION) -> pd.DataFrame:
    """The models whose processor, processor count and training time are all known.

    ``table`` is the output of :func:`scaling_lib.data.model_compute_table`
    (default: built from the book's data with ``precision``, one of
    :data:`scaling_lib.compute_measures.PRECISIONS`; default ``"rated"``: FP32 for
    GPUs, bfloat16 for TPUs). Models known only by total chip-hours (ViT-G/14,
    CoAtNet-7) are left out: their count and time cannot be separated.

    Returns columns ``model``, ``publication_date``, ``publication_year``,
    ``top1_error``, ``processor``, ``processor_count``, ``train_hours``,
    ``peak_flops_used`` (FLOP/s per processor) and ``hardware_burden_flop``, sorted
    by date. For the NAS models (NASNet-A, AmoebaNet-A) the hardware is the
    architecture search, which is what reproduces the article's factor of more
    than a thousand (we take it to be what the article counted). Explained in the
    chapter on hardware.
    """
    if table is None:
        check_choice("precision", precision, PRECISIONS)
        from scaling_lib.data import model_compute_table

        table = model_compute_table(precision=precision)
    _check_frame("table", table, _MODEL_NEEDS)
    known = table["processor_count"].notna() & table["train_hours"].notna() & table["peak_flops_used"].notna()
    out = table.loc[known, list(_MODEL_NEEDS)].copy()
    out.insert(2, "publication_year", decimal_year(out["publication_date"]) if len(out) else np.array([], dtype=float))
    return out.sort_values(["publication_date", "model"]).reset_index(drop=True)


def _find_model(known: pd.DataFrame, table: pd.DataFrame, name: Any, argument: str) -> pd.Series:
    if not isinstance(name, str):
        raise TypeError(f"{argument} must be a model name (str), got {type(name).__name__}")
    hits = known[known["model"] == name]
    if len(hits) == 1:
        return hits.iloc[0]
    if (table["model"] == name).any():
        raise ValueError(f"{argument} {name!r} has no known processor count and training time, so its compute cannot be decomposed")
    partial = sorted(m for m in known["model"] if name.lower() in m.lower())
    hint = f" Did you mean one of {partial}?" if partial else f" Models with known hardware: {list(known['model'])}"
    raise ValueError(f"{argument} {name!r} is not a model in the table.{hint}")


def model_decomposition(
    model_from: str,
    model_to: str,
    table: pd.DataFrame | None = None,
    precision: str = DEFAULT_PRECISION,
) -> dict[str, Any]:
    """Decompose the hardware-burden ratio between two models of the book's data.

    ``model_from`` and ``model_to`` are names in the ``model`` column (exact; a
    ``ValueError`` suggests close names); both need a processor, count and time
    (see :func:`models_with_hardware`, which also explains ``table`` and
    ``precision``). Returns the dict of :func:`decompose_compute` plus
    ``model_from``, ``model_to``, ``processor_from``, ``processor_to``,
    ``year_from``, ``year_to``, ``error_ratio`` (top-1 error from / to).

    AlexNet to NASNet-A: about 1,070x the compute, of which 5.9x from faster
    processors (GTX 580 to P100, FP32), 250x from more processors and 0.73x from a
    shorter run. Explained in the chapter on hardware.
    """
    if table is None:
        check_choice("precision", precision, PRECISIONS)
        from scaling_lib.data import model_compute_table

        table = model_compute_table(precision=precision)
    known = models_with_hardware(table)
    start = _find_model(known, table, model_from, "model_from")
    end = _find_model(known, table, model_to, "model_to")
    result: dict[str, Any] = decompose_compute(
        start["peak_flops_used"], start["processor_count"], start["train_hours"],
        end["peak_flops_used"], end["processor_count"], end["train_hours"],
    )
    result.update(
        {
            "model_from": model_from,
            "model_to": model_to,
            "processor_from": start["processor"],
            "processor_to": end["processor"],
            "year_from": float(start["publication_year"]),
            "year_to": float(end["publication_year"]),
            "error_ratio": float(start["top1_error"] / end["top1_error"]),
        }
    )
    return result


def decomposition_pairs(table: pd.DataFrame | None = None, precision: str = DEFAULT_PRECISION) -> pd.DataFrame:
    """The decomposition for every ordered pair of models with known hardware, as waterfall steps.

    For each ordered pair (including a model with itself, whose ratios are all 1)
    there are four rows, ``step`` in :data:`FACTORS` then ``"total"``, with columns
    ``model_from``, ``model_to``, ``step``, ``step_order`` (0-3), ``ratio`` (the
    factor's ratio, or the total), ``start`` and ``end``: the running product
    before and after the step (1 before the first step; the total bar runs from 1
    to the total), ``direction`` (``"up"``, ``"down"`` or ``"level"``, a ratio
    above, below or equal to 1), ``processor_from``, ``processor_to``. The
    product of a pair's three factor ratios equals its total ratio. With the
    book's data: 14 models, 196 pairs, 784 rows. See :func:`models_with_hardware`
    for ``table`` and ``precision``. Explained in the chapter on hardware.
    """
    if table is None:
        check_choice("precision", precision, PRECISIONS)
        from scaling_lib.data import model_compute_table

        table = model_compute_table(precision=precision)
    known = models_with_hardware(table)
    n = len(known)
    if n == 0:
        raise ValueError("table has no model with a known processor, count and training time")
    i, j = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    i, j = i.ravel(), j.ravel()
    peak = known["peak_flops_used"].to_numpy(dtype=float)
    count = known["processor_count"].to_numpy(dtype=float)
    hours = known["train_hours"].to_numpy(dtype=float)
    ratios = np.column_stack([peak[j] / peak[i], count[j] / count[i], hours[j] / hours[i]])
    running = np.cumprod(ratios, axis=1)
    total = running[:, -1]
    starts = np.column_stack([np.ones(len(i)), running[:, 0], running[:, 1], np.ones(len(i))])
    ends = np.column_stack([running, total])
    step_ratios = np.column_stack([ratios, total])
    steps = list(FACTORS) + ["total"]
    models = known["model"].to_numpy()
    processors = known["processor"].to_numpy()
    frame = pd.DataFrame(
        {
            "model_from": np.repeat(models[i], 4),
            "model_to": np.repeat(models[j], 4),
            "step": np.tile(steps, len(i)),
            "step_order": np.tile(np.arange(4), len(i)),
            "ratio": step_ratios.ravel(),
            "start": starts.ravel(),
            "end": ends.ravel(),
            "processor_from": np.repeat(processors[i], 4),
            "processor_to": np.repeat(processors[j], 4),
        }
    )
    close = np.isclose(frame["ratio"], 1.0, rtol=1e-12)
    frame["direction"] = np.where(close, "level", np.where(frame["ratio"] > 1, "up", "down"))
    return frame


# ------------------------------------------------------------------------ retro cost
@finite_result
def run_on_processor(
    compute_flop: float,
    peak_flops: float,
    launch_price_usd: float,
    tdp_w: float,
    processor_count: float = 1.0,
    amortization_years: float = DEFAULT_AMORTIZATION_YEARS,
    utilization: float = 1.0,
) -> dict[str, float]:
    """What a training run of ``compute_flop`` costs on one kind of processor.

    ``compute_flop`` (FLOP) is done at ``utilization`` (in (0, 1]; default 1,
    because a hardware burden is already counted at peak) of ``peak_flops``
    (FLOP/s per chip). Returns:

    - ``chip_hours`` = compute / (peak x utilization x 3600);
    - ``wall_days`` = chip-hours / ``processor_count`` / 24, the training time on
      ``processor_count`` chips;
    - ``amortized_cost_usd`` = chip-hours x ``launch_price_usd`` /
      (``amortization_years`` x 8,766 h): the share of the chips' purchase price
      the run uses up, if each chip works around the clock for
      ``amortization_years`` (default :data:`DEFAULT_AMORTIZATION_YEARS`, an
      assumption). It leaves out power, cooling, networking, hosts and staff;
    - ``chip_energy_kwh`` = chip-hours x ``tdp_w`` / 1000: the chips' own energy at
      their thermal design power (no data-centre overhead).

    All arguments must be positive and finite. Explained in the chapter on hardware.
    """
    compute = check_positive("compute_flop", compute_flop)
    peak = check_positive("peak_flops", peak_flops)
    price = check_positive("launch_price_usd", launch_price_usd)
    watts = check_positive("tdp_w", tdp_w)
    count = check_positive("processor_count", processor_count)
    years = check_positive("amortization_years", amortization_years, high=50.0)
    use = check_number("utilization", utilization, low=0.0, high=1.0, low_open=True)
    chip_hours = compute / (peak * use * SECONDS_PER_HOUR)
    return {
        "chip_hours": chip_hours,
        "wall_days": chip_hours / count / 24.0,
        "amortized_cost_usd": chip_hours * price / (years * HOURS_PER_YEAR),
        "chip_energy_kwh": chip_hours * watts / 1000.0,
    }


def retro_cost_table(
    runs: pd.DataFrame | None = None,
    accelerators: pd.DataFrame | None = None,
    precision: str = "best",
    amortization_years: float = DEFAULT_AMORTIZATION_YEARS,
    utilization: float = 1.0,
) -> pd.DataFrame:
    """Every training run redone on every chip with a launch price: chip-hours, days, cost, energy.

    ``runs`` defaults to :func:`models_with_hardware` (the book's models with known
    processor count and time); it needs columns ``model``, ``publication_year``,
    ``processor``, ``processor_count`` and ``hardware_burden_flop`` (FLOP). Each run's
    hardware burden is redone on each chip of ``accelerators`` (default
    :func:`scaling_lib.data.load_accelerators`) that has a launch price, a TDP and a
    peak rate for ``precision`` (default ``"best"``: the dense 16-bit tensor rate
    where the chip has one, as mixed-precision training would use, else FP32; see
    :data:`scaling_lib.compute_measures.PRECISIONS`), with the same number of chips
    as the original run. The rules are those of :func:`run_on_processor`.

    Returns one row per (run, chip): ``model``, ``run_year``, ``compute_flop``,
    ``original_processor``, ``processor_count``, ``processor``, ``release_year``,
    ``peak_flops``, ``chip_hours``, ``wall_days``, ``amortized_cost_usd``,
    ``chip_energy_kwh``, ``is_original`` (the run's own chip). Explained in the
    chapter on hardware.
    """
    check_choice("precision", precision, PRECISIONS)
    years = check_positive("amortization_years", amortization_years, high=50.0)
    use = check_number("utilization", utilization, low=0.0, high=1.0, low_open=True)
    chips = _accelerators(accelerators)
    if runs is None:
        runs = models_with_hardware()
    _check_frame("runs", runs, ("model", "publication_year", "processor", "processor_count", "hardware_burden_flop"))
    compute = check_array("runs['hardware_burden_flop']", runs["hardware_burden_flop"], low=0.0, low_open=True)
    counts = check_array("runs['processor_count']", runs["processor_count"], low=0.0, low_open=True)
    peak = _select_peak(
        chips["peak_flops_fp32"].to_numpy(dtype=float),
        chips["peak_flops_tensor16_dense"].to_numpy(dtype=float),
        (chips["kind"] == "TPU").to_numpy(dtype=bool),
        precision,
    )
    price = chips["launch_price_usd"].to_numpy(dtype=float)
    watts = chips["tdp_w"].to_numpy(dtype=float)
    usable = np.isfinite(peak) & np.isfinite(price) & np.isfinite(watts) & ~chips["processor"].isin(list(TREND_EXCLUDE)).to_numpy()
    if not usable.any():
        raise ValueError("accelerators has no chip with a launch price, a TDP and a peak rate for this precision")
    chip_names = chips["processor"].to_numpy()[usable]
    release = decimal_year(chips["release_date"].to_numpy()[usable])
    peak, price, watts = peak[usable], price[usable], watts[usable]
    r, c = np.meshgrid(np.arange(len(runs)), np.arange(len(chip_names)), indexing="ij")
    r, c = r.ravel(), c.ravel()
    chip_hours = compute[r] / (peak[c] * use * SECONDS_PER_HOUR)
    frame = pd.DataFrame(
        {
            "model": runs["model"].to_numpy()[r],
            "run_year": runs["publication_year"].to_numpy(dtype=float)[r],
            "compute_flop": compute[r],
            "original_processor": runs["processor"].to_numpy()[r],
            "processor_count": counts[r],
            "processor": chip_names[c],
            "release_year": release[c],
            "peak_flops": peak[c],
            "chip_hours": chip_hours,
            "wall_days": chip_hours / counts[r] / 24.0,
            "amortized_cost_usd": chip_hours * price[c] / (years * HOURS_PER_YEAR),
            "chip_energy_kwh": chip_hours * watts[c] / 1000.0,
        }
    )
    frame["is_original"] = frame["processor"] == frame["original_processor"]
    frame.attrs.update({"precision": precision, "amortization_years": years, "utilization": use})
    return frame
