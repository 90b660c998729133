"""The ninth power on real ImageNet data: fits by compute measure, extrapolation to cost and carbon, and a forecast test.

This module strings together the tested pieces of :mod:`scaling_lib.fits`,
:mod:`scaling_lib.costs` and :mod:`scaling_lib.data` into the multi-step
computations of the chapter *The ninth power: what progress on ImageNet really
cost* (``book/scaling.md``), so that each chapter cell calls one function:

* :func:`scaling_points`, :func:`measure_counts`, :func:`fit_measure` and
  :func:`fit_line`: the data on log-log axes, how many models each compute
  measure has, the power-law fit ``log10(error) = a + b log10(compute)`` and its
  confidence and prediction bands;
* :func:`gamma_table`: our exponent gamma = 1/|b| for several samples beside the
  paper's published values (v1 2020, v2 2022) and the article's;
* :func:`extrapolation_table` and :func:`headline_numbers`: compute, dollars,
  energy and CO2 to reach 5 % and 1 % top-1 error, every conversion factor an
  argument (defaults from :data:`scaling_lib.costs.DEFAULT_SCENARIO`);
* :func:`calculator_tables`: the precomputed grid behind the static calculator;
* :func:`forecast_test`, :func:`forecast_summary` and :func:`record_trend`: fit
  only on models published up to mid-2020 (the paper's v1 appeared on
  10 July 2020) and compare with what 2021-2023 models did;
* :func:`extra_data_summary`: how many of the best models used data beyond
  ImageNet-1k (JFT, Instagram, ImageNet-21k).

Every function takes the joined model table (``table``, the output of
:func:`scaling_lib.data.model_compute_table`) as an argument, defaulting to the
book's data, so a test can pass a modified copy and watch the numbers move.
Compute is in FLOP; errors are fractions in (0, 1). Pure computation: no
plotting imports.
"""
from __future__ import annotations

import datetime
import math
from typing import Any, NamedTuple, Sequence

import numpy as np
import pandas as pd
import statsmodels.api as sm

from scaling_lib import costs, fits
from scaling_lib._checks import check_array, check_choice, check_int, check_number, check_positive, check_seed

__all__ = [
    "CUTOFF_DATE",
    "MIN_POINTS",
    "MEASURES",
    "DEFAULT_MEASURE",
    "TARGET_ERRORS",
    "PAPER_GAMMAS",
    "CALCULATOR_TARGETS_PCT",
    "CALCULATOR_UTILIZATIONS",
    "PRICE_OPTIONS",
    "INTENSITY_OPTIONS",
    "RecordTrend",
    "extra_data_group",
    "scaling_points",
    "measure_counts",
    "usable_measures",
    "fit_measure",
    "fit_line",
    "paper_gammas",
    "gamma_table",
    "extrapolation_table",
    "headline_numbers",
    "calculator_tables",
    "forecast_test",
    "forecast_summary",
    "record_trend",
    "extra_data_summary",
    "form_comparison",
    "format_sci",
    "format_dollars",
]

CUTOFF_DATE = pd.Timestamp("2020-06-30")
"""Last publication date of the models the forecast test may see: mid-2020, just before v1 (10 July 2020)."""

MIN_POINTS = 5
"""A compute measure needs at least this many models to be fitted and offered in the chapter's toggle."""

MEASURES: dict[str, dict[str, str]] = {
    "hardware burden": {
        "column": "hardware_burden_flop",
        "short": "hardware burden",
        "meaning": "processors x peak FLOP/s x training time (the paper's main measure)",
    },
    "training compute (Epoch AI)": {
        "column": "training_compute_flop",
        "short": "training compute",
        "meaning": "Epoch AI's estimate of the operations actually performed",
    },
    "network operations": {
        "column": "network_operations_flop",
        "short": "network operations",
        "meaning": "forward FLOP per image x 3 x images x epochs (the paper's second measure)",
    },
}
"""The three compute measures of the model table, by display name: column, short name and meaning."""

DEFAULT_MEASURE = "hardware burden"
"""The measure of the chapter's headline numbers: the one the paper's main fits and extrapolations use."""

TARGET_ERRORS = (0.05, 0.01)
"""The article's two targets: 5 % and 1 % top-1 error (``thompson2021diminishing``; v1 table)."""

PAPER_GAMMAS: tuple[dict[str, Any], ...] = (
    {
        "source": "paper v2 (2022), Table 2(b)",
        "version": "v2",
        "measure": "hardware burden",
        "sample": "ImageNet models in the paper's v2 sample",
        "n": 104,
        "gamma": 10.8,
        "gamma_low": 9.5,
        "gamma_high": 12.3,
        "status": "SECONDARY (via a summary checked against the PDF)",
    },
    {
        "source": "paper v2 (2022), Table 2(a) col. 1",
        "version": "v2",
        "measure": "network operations",
        "sample": "ImageNet models in the paper's v2 sample",
        "n": 80,
        "gamma": 12.1,
        "gamma_low": 10.6,
        "gamma_high": 14.1,
        "status": "SECONDARY (via a summary checked against the PDF)",
    },
)
"""Published exponents for ImageNet from ``thompson2022computational`` (status as in the project reference)."""

CALCULATOR_TARGETS_PCT = np.round(np.arange(1.0, 11.0 + 0.25, 0.5), 1)
"""Target top-1 errors of the static calculator, in percent: 1 % to 11 % in steps of 0.5."""

CALCULATOR_UTILIZATIONS = np.round(np.arange(0.3, 1.0 + 0.05, 0.1), 1)
"""Shares of peak of the static calculator: 0.3 to 1.0 (1.0 is the hardware-burden convention)."""

_DEFAULT_PRICE = costs.DEFAULT_SCENARIO.dollars_per_gpu_hour
_PREEMPTIBLE_PRICE = costs.SCENARIOS["p100_strubell_preemptible"].dollars_per_gpu_hour
PRICE_OPTIONS: tuple[tuple[str, float], ...] = (
    (f"${_DEFAULT_PRICE:.2f} (P100 on demand, Strubell et al.)", _DEFAULT_PRICE),
    (f"${_PREEMPTIBLE_PRICE:.2f} (P100 preemptible, Strubell et al.)", _PREEMPTIBLE_PRICE),
    (f"${_DEFAULT_PRICE / 10:.3f} (what-if: ten times cheaper)", _DEFAULT_PRICE / 10),
)
"""Price per device-hour options of the static calculator: (label, US$). The first is the default."""

_GRID = costs.LBS_CO2_PER_KWH_STRUBELL
INTENSITY_OPTIONS: tuple[tuple[str, float], ...] = (
    (f"{_GRID:.3f} lbs/kWh (US average, as in Strubell et al.)", _GRID),
    (f"{_GRID / 2:.3f} lbs/kWh (what-if: half the US average)", _GRID / 2),
    (f"{_GRID / 10:.3f} lbs/kWh (what-if: a tenth, mostly low-carbon)", _GRID / 10),
    ("0 lbs/kWh (what-if: carbon-free power)", 0.0),
)
"""Grid carbon-intensity options of the static calculator: (label, lbs CO2e per kWh). The first is the default."""

_NEEDED = ("model", "publication_date", "top1_error", "extra_training_data")


# ---------------------------------------------------------------------------
# Checks and data access
# ---------------------------------------------------------------------------
def _table(table: pd.DataFrame | None) -> pd.DataFrame:
    if table is None:
        from scaling_lib import data

        return data.model_compute_table()
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame (from data.model_compute_table), got {type(table).__name__}")
    missing = [c for c in (*_NEEDED, *(m["column"] for m in MEASURES.values())) if c not in table.columns]
    if missing:
        raise ValueError(f"table lacks column(s) {', '.join(repr(m) for m in missing)}")
    if table.empty:
        raise ValueError("table is empty: it needs at least one model")
    return table


def _measure(measure: Any) -> str:
    return check_choice("measure", measure, tuple(MEASURES))


def _cutoff(cutoff: Any) -> pd.Timestamp:
    if not isinstance(cutoff, (str, pd.Timestamp, np.datetime64, datetime.date)):
        raise TypeError(f"cutoff must be a date (string YYYY-MM-DD or Timestamp), got {type(cutoff).__name__} {cutoff!r}")
    try:
        stamp = pd.Timestamp(cutoff)
    except (TypeError, ValueError) as problem:
        raise ValueError(f"cutoff must be a date such as '2020-06-30': {problem}") from None
    if pd.isna(stamp) or not (pd.Timestamp("2012-01-01") <= stamp <= pd.Timestamp("2030-12-31")):
        raise ValueError(f"cutoff must be a date in [2012-01-01, 2030-12-31], got {cutoff!r}")
    return stamp


def _targets(target_errors: Any) -> np.ndarray:
    if isinstance(target_errors, np.ndarray) and target_errors.ndim == 0:
        target_errors = target_errors.item()
    if np.ndim(target_errors) == 0 and not isinstance(target_errors, (str, bytes)) and target_errors is not None:
        return np.array([check_number("target_errors", target_errors, low=0.0, high=1.0, low_open=True, high_open=True)])
    return check_array("target_errors", target_errors, low=0.0, high=1.0, low_open=True, high_open=True)


def extra_data_group(extra_training_data: Any) -> str:
    """Group the ``extra_training_data`` text of one model into four kinds used for colour.

    Returns ``"ImageNet-1k only"`` (the text ``none``), ``"JFT (Google, private)"``
    (any mention of JFT), ``"Instagram (Meta, private)"`` (IG- or Instagram) or
    ``"other extra data"`` (ImageNet-21k, public image-text sets …). Raises
    ``TypeError`` for a non-string. Explained in the chapter on the ninth power
    (section on extra training data).
    """
    if not isinstance(extra_training_data, str):
        raise TypeError(f"extra_training_data must be a string, got {type(extra_training_data).__name__}")
    text = extra_training_data.strip()
    if text.lower() == "none":
        return "ImageNet-1k only"
    if "JFT" in text.upper():
        return "JFT (Google, private)"
    if "IG-" in text.upper() or "INSTAGRAM" in text.upper():
        return "Instagram (Meta, private)"
    return "other extra data"


def scaling_points(
    table: pd.DataFrame | None = None,
    measure: str = DEFAULT_MEASURE,
    *,
    cutoff: str | pd.Timestamp = CUTOFF_DATE,
) -> pd.DataFrame:
    """The models that have a value of ``measure``, ready to plot on log-log axes.

    Columns: ``model``, ``publication_date``, ``publication_year`` (decimal),
    ``top1_error`` (fraction), ``top1_error_pct``, ``compute_flop`` (the
    measure, FLOP), ``measure``, ``extra_training_data`` (text),
    ``data_group`` (:func:`extra_data_group`), ``uses_extra_data`` (bool) and
    ``period`` (``"up to mid-2020"`` or ``"after mid-2020"`` relative to
    ``cutoff``), sorted by date. Explained in the chapter on the ninth power.
    """
    frame = _table(table)
    measure = _measure(measure)
    cutoff = _cutoff(cutoff)
    column = MEASURES[measure]["column"]
    rows = frame.loc[frame[column].notna() & (frame[column] > 0)].sort_values("publication_date", kind="stable")
    dates = pd.to_datetime(rows["publication_date"])
    year = dates.dt.year + (dates.dt.day_of_year - 1) / 365.25
    out = pd.DataFrame(
        {
            "model": rows["model"].astype(str).to_numpy(),
            "publication_date": dates.to_numpy(),
            "publication_year": year.to_numpy(dtype=float),
            "top1_error": rows["top1_error"].to_numpy(dtype=float),
            "top1_error_pct": 100.0 * rows["top1_error"].to_numpy(dtype=float),
            "compute_flop": rows[column].to_numpy(dtype=float),
            "measure": measure,
            "extra_training_data": rows["extra_training_data"].astype(str).to_numpy(),
        }
    )
    out["data_group"] = [extra_data_group(text) for text in out["extra_training_data"]]
    out["uses_extra_data"] = out["data_group"] != "ImageNet-1k only"
    out["period"] = np.where(out["publication_date"] <= cutoff, "up to mid-2020", "after mid-2020")
    return out


def measure_counts(
    table: pd.DataFrame | None = None,
    *,
    cutoff: str | pd.Timestamp = CUTOFF_DATE,
    min_points: int = MIN_POINTS,
) -> pd.DataFrame:
    """How many models each compute measure has, in total and on each side of ``cutoff``.

    One row per measure of :data:`MEASURES`: ``measure``, ``column``,
    ``meaning``, ``n_models``, ``n_up_to_cutoff``, ``n_after_cutoff``,
    ``n_extra_data``, ``first_year``, ``last_year`` and ``usable`` (at least
    ``min_points`` models, default 5: the measures the chapter's toggle offers).
    Explained in the chapter on the ninth power.
    """
    frame = _table(table)
    cutoff = _cutoff(cutoff)
    min_points = check_int("min_points", min_points, low=3, high=1000)
    rows = []
    for name, info in MEASURES.items():
        points = scaling_points(frame, name, cutoff=cutoff)
        rows.append(
            {
                "measure": name,
                "column": info["column"],
                "meaning": info["meaning"],
                "n_models": len(points),
                "n_up_to_cutoff": int((points["period"] == "up to mid-2020").sum()),
                "n_after_cutoff": int((points["period"] == "after mid-2020").sum()),
                "n_extra_data": int(points["uses_extra_data"].sum()),
                "first_year": int(points["publication_date"].min().year) if len(points) else np.nan,
                "last_year": int(points["publication_date"].max().year) if len(points) else np.nan,
                "usable": len(points) >= min_points,
            }
        )
    return pd.DataFrame(rows)


def usable_measures(table: pd.DataFrame | None = None, *, min_points: int = MIN_POINTS) -> list[str]:
    """Names of the measures with at least ``min_points`` models (default 5), in :data:`MEASURES` order."""
    counts = measure_counts(table, min_points=min_points)
    return counts.loc[counts["usable"], "measure"].tolist()


_SAMPLES = ("all", "up to cutoff", "after cutoff", "ImageNet-1k only", "extra data")


def _select(points: pd.DataFrame, sample: str) -> pd.DataFrame:
    if sample == "up to cutoff":
        return points[points["period"] == "up to mid-2020"]
    if sample == "after cutoff":
        return points[points["period"] == "after mid-2020"]
    if sample == "ImageNet-1k only":
        return points[~points["uses_extra_data"]]
    if sample == "extra data":
        return points[points["uses_extra_data"]]
    return points


def fit_measure(
    table: pd.DataFrame | None = None,
    measure: str = DEFAULT_MEASURE,
    *,
    sample: str = "all",
    cutoff: str | pd.Timestamp = CUTOFF_DATE,
    n_bootstrap: int = 2000,
    seed: int = 0,
) -> fits.PowerLawFit:
    """Fit ``log10(top-1 error) = a + b log10(compute)`` on one measure and sample (:func:`scaling_lib.fits.fit_power_law`).

    ``sample`` is ``"all"``, ``"up to cutoff"`` (published on or before
    ``cutoff``, default mid-2020), ``"after cutoff"``, ``"ImageNet-1k only"``
    or ``"extra data"``. Raises ``ValueError`` when the sample has fewer than
    :data:`MIN_POINTS` models (too few for an honest interval), naming the
    count. Returns the :class:`scaling_lib.fits.PowerLawFit` (gamma, its 95 %
    interval, R², n …). Explained in the chapter on the ninth power.
    """
    measure = _measure(measure)
    sample = check_choice("sample", sample, _SAMPLES)
    n_bootstrap = check_int("n_bootstrap", n_bootstrap, low=0, high=100_000)
    seed = check_seed("seed", seed)
    points = _select(scaling_points(table, measure, cutoff=cutoff), sample)
    if len(points) < MIN_POINTS:
        raise ValueError(
            f"measure {measure!r} with sample {sample!r} has {len(points)} models; at least {MIN_POINTS} are needed for a fit"
        )
    return fits.fit_power_law(points["compute_flop"], points["top1_error"], n_bootstrap=n_bootstrap, seed=seed)


def fit_line(fit: fits.PowerLawFit, compute_min_flop: float, compute_max_flop: float, *, n_points: int = 60) -> pd.DataFrame:
    """The fitted line with its 95 % confidence band (mean line) and prediction band (single models).

    Evaluated at ``n_points`` log-spaced computes from ``compute_min_flop`` to
    ``compute_max_flop`` (FLOP). Columns: ``compute_flop``, ``top1_error``
    (fitted), ``mean_low``, ``mean_high`` (confidence band of the line),
    ``pred_low``, ``pred_high`` (prediction band), all error fractions, and
    the same in percent with suffix ``_pct``. Bands from statsmodels'
    ``get_prediction`` at the fit's level. Explained in the chapter on the
    ninth power.
    """
    if not isinstance(fit, fits.PowerLawFit):
        raise TypeError(f"fit must be a PowerLawFit from fits.fit_power_law, got {type(fit).__name__}")
    low = check_positive("compute_min_flop", compute_min_flop)
    high = check_positive("compute_max_flop", compute_max_flop)
    if not high > low:
        raise ValueError(f"compute_max_flop must exceed compute_min_flop, got {high:g} <= {low:g}")
    n_points = check_int("n_points", n_points, low=2, high=10_000)
    x = np.linspace(math.log10(low), math.log10(high), n_points)
    frame = fit.results.get_prediction(sm.add_constant(x, has_constant="add")).summary_frame(alpha=1.0 - fit.level)
    out = pd.DataFrame(
        {
            "compute_flop": 10.0**x,
            "top1_error": 10.0 ** frame["mean"].to_numpy(),
            "mean_low": 10.0 ** frame["mean_ci_lower"].to_numpy(),
            "mean_high": 10.0 ** frame["mean_ci_upper"].to_numpy(),
            "pred_low": 10.0 ** frame["obs_ci_lower"].to_numpy(),
            "pred_high": 10.0 ** frame["obs_ci_upper"].to_numpy(),
        }
    )
    for column in ("top1_error", "mean_low", "mean_high", "pred_low", "pred_high"):
        out[f"{column}_pct"] = 100.0 * out[column]
    return out


# ---------------------------------------------------------------------------
# Exponents: ours beside the paper's
# ---------------------------------------------------------------------------
def paper_gammas() -> pd.DataFrame:
    """The published ImageNet exponents, each with the version it comes from.

    Rows: v2 (2022) hardware burden 10.8 (9.5-12.3, N = 104) and network
    operations 12.1 (10.6-14.1, N = 80) (``thompson2022computational``, via a
    secondary summary: SECONDARY); v1 (2020) implied by its extrapolation
    table, 10^14 -> 10^19 Gflop for 11.5 % -> 5 % error, computed here with
    :func:`scaling_lib.fits.implied_gamma` from :func:`scaling_lib.costs.v1_imagenet_table`
    (about 13.8; cells UNVERIFIED); the article's "at least 9" (2021,
    ``thompson2021diminishing``); and the theoretical floor 4. Columns as
    :func:`gamma_table`. Explained in the chapter on the ninth power.
    """
    v1 = costs.v1_imagenet_table()
    poly = v1[v1["model"] == "polynomial"].set_index("target")
    gamma_v1 = fits.implied_gamma(
        float(poly.loc["today", "compute_gflop"]),
        float(poly.loc["target 1", "compute_gflop"]),
        float(poly.loc["today", "top1_error"]),
        float(poly.loc["target 1", "top1_error"]),
    )
    rows = [dict(row) for row in PAPER_GAMMAS]
    rows.append(
        {
            "source": "paper v1 (2020), extrapolation table",
            "version": "v1",
            "measure": "hardware burden",
            "sample": "implied by 10^14 -> 10^19 Gflop for 11.5 % -> 5 % error",
            "n": np.nan,
            "gamma": gamma_v1,
            "gamma_low": np.nan,
            "gamma_high": np.nan,
            "status": "derived from UNVERIFIED table cells",
        }
    )
    rows.append(
        {
            "source": "IEEE Spectrum article (2021)",
            "version": "article",
            "measure": "(not stated)",
            "sample": "'at least the ninth power'",
            "n": np.nan,
            "gamma": 9.0,
            "gamma_low": np.nan,
            "gamma_high": np.nan,
            "status": "VERIFIED (a lower bound, no interval)",
        }
    )
    rows.append(
        {
            "source": "theory (overparameterized model)",
            "version": "theory",
            "measure": "any",
            "sample": "lower bound: k^2 data x k^2 parameters",
            "n": np.nan,
            "gamma": 4.0,
            "gamma_low": np.nan,
            "gamma_high": np.nan,
            "status": "derived (see the bounds chapter)",
        }
    )
    return pd.DataFrame(rows)


_OUR_FITS = (
    ("hardware burden", "all", "all models, 2012-2023"),
    ("hardware burden", "up to cutoff", "published up to mid-2020"),
    ("hardware burden", "ImageNet-1k only", "no extra training data"),
    ("training compute (Epoch AI)", "all", "all models, 2012-2023"),
    ("training compute (Epoch AI)", "up to cutoff", "published up to mid-2020"),
    ("network operations", "all", "all models"),
)


def gamma_table(
    table: pd.DataFrame | None = None,
    *,
    cutoff: str | pd.Timestamp = CUTOFF_DATE,
    n_bootstrap: int = 2000,
    seed: int = 0,
) -> pd.DataFrame:
    """Our exponent gamma for several measures and samples, then the paper's, the article's and theory's.

    Columns: ``source`` ("this book" or the publication), ``version``,
    ``measure``, ``sample``, ``n``, ``gamma``, ``gamma_low``, ``gamma_high``
    (95 % t interval, the slope's interval inverted; ``inf`` when it reaches
    zero), ``gamma_boot_low``, ``gamma_boot_high`` (pairs bootstrap, seeded),
    ``r_squared`` and ``status``. Our rows are skipped when a sample has fewer
    than :data:`MIN_POINTS` models. Explained in the chapter on the ninth power.
    """
    frame = _table(table)
    rows = []
    for measure, sample, description in _OUR_FITS:
        try:
            fit = fit_measure(frame, measure, sample=sample, cutoff=cutoff, n_bootstrap=n_bootstrap, seed=seed)
        except ValueError:
            continue
        rows.append(
            {
                "source": "this book (data/)",
                "version": "ours",
                "measure": measure,
                "sample": description,
                "n": fit.n,
                "gamma": fit.gamma,
                "gamma_low": fit.gamma_low,
                "gamma_high": fit.gamma_high,
                "gamma_boot_low": fit.gamma_boot_low,
                "gamma_boot_high": fit.gamma_boot_high,
                "r_squared": fit.r_squared,
                "status": "computed",
            }
        )
    published = paper_gammas()
    published["gamma_boot_low"] = np.nan
    published["gamma_boot_high"] = np.nan
    published["r_squared"] = np.nan
    out = pd.concat([pd.DataFrame(rows), published], ignore_index=True)
    return out[["source", "version", "measure", "sample", "n", "gamma", "gamma_low", "gamma_high",
                "gamma_boot_low", "gamma_boot_high", "r_squared", "status"]]


# ---------------------------------------------------------------------------
# Extrapolation to cost and carbon
# ---------------------------------------------------------------------------
def _conversions(compute_flop: np.ndarray, factors: dict[str, float], nyc_tonnes_per_year: float, lbs_per_flight: float) -> dict[str, np.ndarray]:
    hours = costs.gpu_hours(compute_flop, peak_flops=factors["peak_flops"], utilization=factors["utilization"])
    dollars = costs.flop_to_dollars(
        compute_flop,
        dollars_per_gpu_hour=factors["dollars_per_gpu_hour"],
        peak_flops=factors["peak_flops"],
        utilization=factors["utilization"],
    )
    energy = costs.flop_to_energy_kwh(
        compute_flop,
        device_watts=factors["device_watts"],
        peak_flops=factors["peak_flops"],
        utilization=factors["utilization"],
        pue=factors["pue"],
    )
    co2 = costs.energy_to_co2_lbs(energy, lbs_co2_per_kwh=factors["lbs_co2_per_kwh"])
    return {
        "device_hours": np.asarray(hours, dtype=float),
        "device_years": np.asarray(hours, dtype=float) / (24 * 365.25),
        "dollars": np.asarray(dollars, dtype=float),
        "energy_kwh": np.asarray(energy, dtype=float),
        "co2_lbs": np.asarray(co2, dtype=float),
        "co2_tonnes": np.asarray(costs.lbs_to_tonnes(co2), dtype=float),
        "nyc_months": np.asarray(costs.co2_in_nyc_months(co2, nyc_tonnes_per_year=nyc_tonnes_per_year), dtype=float),
        "flights": np.asarray(costs.co2_in_flights(co2, lbs_per_flight=lbs_per_flight), dtype=float),
    }


def _factors(**given: float | None) -> dict[str, float]:
    base = costs.DEFAULT_SCENARIO.factors()
    return {name: (base[name] if value is None else value) for name, value in given.items()}


def extrapolation_table(
    table: pd.DataFrame | None = None,
    measure: str = DEFAULT_MEASURE,
    *,
    target_errors: Sequence[float] = TARGET_ERRORS,
    sample: str = "all",
    cutoff: str | pd.Timestamp = CUTOFF_DATE,
    dollars_per_gpu_hour: float | None = None,
    peak_flops: float | None = None,
    utilization: float | None = None,
    device_watts: float | None = None,
    pue: float | None = None,
    lbs_co2_per_kwh: float | None = None,
    nyc_tonnes_per_year: float = costs.NYC_TONNES_CO2_PER_YEAR_2009,
    lbs_per_flight: float = costs.LBS_CO2_PER_FLIGHT_NY_SF,
) -> pd.DataFrame:
    """Fit on the data, extrapolate to each target error, convert to dollars, energy and CO2.

    Steps: :func:`fit_measure` (``measure``, ``sample``), then
    :func:`scaling_lib.fits.extrapolate` (point estimate and 95 % prediction
    interval of the compute at which a model reaches the target), then the
    converters of :mod:`scaling_lib.costs`. Factors left as ``None`` take the
    default scenario (Strubell et al.'s P100 set-up, see
    :data:`scaling_lib.costs.DEFAULT_SCENARIO`: $1.46 per device-hour,
    9.3e12 FLOP/s, utilization 1, 250 W, PUE 1.58, 0.954 lbs CO2e/kWh).

    One row per target: ``target_error``, ``target_error_pct``,
    ``compute_flop``, ``compute_flop_low``, ``compute_flop_high``,
    ``compute_gflop``, ``compute_ratio_to_best`` (compute at the target
    divided by the fitted compute at the sample's lowest error),
    ``device_hours``, ``device_years``, ``dollars``, ``dollars_low``,
    ``dollars_high``, ``energy_kwh``, ``co2_lbs``, ``co2_lbs_low``,
    ``co2_lbs_high``, ``co2_tonnes``, ``nyc_months``, ``flights``,
    ``gamma``, ``measure``, ``n`` and the factors used. Explained in the
    chapter on the ninth power.
    """
    frame = _table(table)
    targets = _targets(target_errors)
    factors = _factors(
        dollars_per_gpu_hour=dollars_per_gpu_hour,
        peak_flops=peak_flops,
        utilization=utilization,
        device_watts=device_watts,
        pue=pue,
        lbs_co2_per_kwh=lbs_co2_per_kwh,
    )
    # validate the factors once (each converter checks again, naming the same argument)
    costs.dollars_per_flop(dollars_per_gpu_hour=factors["dollars_per_gpu_hour"], peak_flops=factors["peak_flops"], utilization=factors["utilization"])
    fit = fit_measure(frame, measure, sample=sample, cutoff=cutoff, n_bootstrap=0)
    extrapolated = fits.extrapolate(fit, targets)
    best_error = float(10.0 ** fit.log10_error.min())
    best_compute = float(fits.extrapolate(fit, best_error)["compute_flop"].iloc[0])
    compute = extrapolated["compute_flop"].to_numpy(dtype=float)
    point = _conversions(compute, factors, nyc_tonnes_per_year, lbs_per_flight)
    low = _conversions(extrapolated["compute_flop_low"].to_numpy(dtype=float), factors, nyc_tonnes_per_year, lbs_per_flight)
    high = _conversions(extrapolated["compute_flop_high"].to_numpy(dtype=float), factors, nyc_tonnes_per_year, lbs_per_flight)
    out = pd.DataFrame(
        {
            "target_error": targets,
            "target_error_pct": 100.0 * targets,
            "compute_flop": compute,
            "compute_flop_low": extrapolated["compute_flop_low"].to_numpy(dtype=float),
            "compute_flop_high": extrapolated["compute_flop_high"].to_numpy(dtype=float),
            "compute_gflop": compute / 1e9,
            "compute_ratio_to_best": compute / best_compute,
            **point,
            "dollars_low": low["dollars"],
            "dollars_high": high["dollars"],
            "co2_lbs_low": low["co2_lbs"],
            "co2_lbs_high": high["co2_lbs"],
            "gamma": fit.gamma,
            "measure": _measure(measure),
            "n": fit.n,
        }
    )
    for name, value in factors.items():
        out[name] = float(value)
    return out


def headline_numbers(
    table: pd.DataFrame | None = None,
    measure: str = DEFAULT_MEASURE,
    *,
    seed: int = 0,
) -> dict[str, float]:
    """The chapter's headline numbers, all computed from ``table`` (default: the book's data).

    Keys: ``n``, ``gamma``, ``gamma_low``, ``gamma_high`` (95 % t interval),
    ``gamma_boot_low``, ``gamma_boot_high``, ``r_squared``, ``halving_factor``
    (2^gamma, :func:`scaling_lib.fits.halving_factor`), ``tenfold_factor``
    (10^gamma), and for each target in :data:`TARGET_ERRORS` (suffix ``_5``
    and ``_1``): ``compute_flop``, ``compute_flop_low``, ``compute_flop_high``,
    ``compute_gflop``, ``dollars``, ``energy_kwh``, ``co2_lbs``, ``co2_tonnes``,
    ``nyc_months``, ``flights``, ``device_years``; plus ``v1_compute_flop_5``
    (the v1 table's 10^19 Gflop in FLOP), ``v1_to_ours_5`` (v1's compute at 5 %
    divided by ours) and ``best_error`` with ``best_model`` (lowest error in the
    fitted sample). Conversions use :data:`scaling_lib.costs.DEFAULT_SCENARIO`.
    Explained in the chapter on the ninth power.
    """
    frame = _table(table)
    seed = check_seed("seed", seed)
    fit = fit_measure(frame, measure, seed=seed)
    out: dict[str, Any] = {
        "measure": _measure(measure),
        "n": fit.n,
        "gamma": fit.gamma,
        "gamma_low": fit.gamma_low,
        "gamma_high": fit.gamma_high,
        "gamma_boot_low": fit.gamma_boot_low,
        "gamma_boot_high": fit.gamma_boot_high,
        "r_squared": fit.r_squared,
        "halving_factor": fits.halving_factor(fit.gamma),
        "tenfold_factor": float(10.0**fit.gamma),
    }
    table_ = extrapolation_table(frame, measure)
    for _, row in table_.iterrows():
        suffix = f"_{round(row['target_error_pct']):d}"
        for key in ("compute_flop", "compute_flop_low", "compute_flop_high", "compute_gflop", "dollars",
                    "energy_kwh", "co2_lbs", "co2_tonnes", "nyc_months", "flights", "device_years"):
            out[key + suffix] = float(row[key])
    v1 = costs.v1_imagenet_table()
    cell = v1[(v1["model"] == "polynomial") & (v1["target"] == "target 1")].iloc[0]
    out["v1_compute_flop_5"] = float(cell["compute_gflop"]) * 1e9
    out["v1_to_ours_5"] = out["v1_compute_flop_5"] / out["compute_flop_5"]
    points = scaling_points(frame, measure)
    best = points.loc[points["top1_error"].idxmin()]
    out["best_error"] = float(best["top1_error"])
    out["best_model"] = str(best["model"])
    return out


def calculator_tables(
    table: pd.DataFrame | None = None,
    measure: str = DEFAULT_MEASURE,
    *,
    target_errors_pct: Sequence[float] = tuple(CALCULATOR_TARGETS_PCT),
    utilizations: Sequence[float] = tuple(CALCULATOR_UTILIZATIONS),
    price_options: Sequence[tuple[str, float]] = PRICE_OPTIONS,
    intensity_options: Sequence[tuple[str, float]] = INTENSITY_OPTIONS,
    peak_flops: float | None = None,
    device_watts: float | None = None,
    pue: float | None = None,
    nyc_tonnes_per_year: float = costs.NYC_TONNES_CO2_PER_YEAR_2009,
    lbs_per_flight: float = costs.LBS_CO2_PER_FLIGHT_NY_SF,
) -> dict[str, pd.DataFrame]:
    """The precomputed grid behind the chapter's static calculator (the page only selects rows).

    Fits ``measure`` on all models, extrapolates to every target in
    ``target_errors_pct`` (percent, each in (0, 100)) and converts with every
    combination of the options. Returns four tables, split so that each holds
    only the settings it depends on (a few hundred rows each):

    * ``"compute"``: ``target_error_pct``, ``compute_flop``, ``compute_flop_low``,
      ``compute_flop_high`` (95 % prediction interval);
    * ``"device"``: ``target_error_pct``, ``utilization``, ``device_years``,
      ``energy_kwh``;
    * ``"cost"``: ``target_error_pct``, ``utilization``, ``price_option``,
      ``dollars_per_gpu_hour``, ``dollars``;
    * ``"carbon"``: ``target_error_pct``, ``utilization``, ``intensity_option``,
      ``lbs_co2_per_kwh``, ``co2_lbs``, ``co2_tonnes``, ``nyc_months``, ``flights``.

    The device (``peak_flops``, ``device_watts``) and ``pue`` default to the
    P100 scenario of :mod:`scaling_lib.costs`. Explained in the chapter on the
    ninth power.
    """
    frame = _table(table)
    targets_pct = check_array("target_errors_pct", target_errors_pct, low=0.0, high=100.0, low_open=True, high_open=True)
    utils = check_array("utilizations", utilizations, low=0.0, high=1.0, low_open=True)
    for name, options, high in (("price_options", price_options, 1e6), ("intensity_options", intensity_options, 10.0)):
        if not isinstance(options, (list, tuple)):
            raise TypeError(f"{name} must be a list of (label, value) pairs, got {type(options).__name__}")
        if len(options) == 0:
            raise ValueError(f"{name} must be a non-empty sequence of (label, value) pairs")
        for option in options:
            if not (isinstance(option, tuple) and len(option) == 2 and isinstance(option[0], str)):
                raise TypeError(f"{name} must hold (label, value) pairs, got {option!r}")
            check_number(name, option[1], low=0.0, high=high)
    factors = _factors(peak_flops=peak_flops, device_watts=device_watts, pue=pue)
    peak = check_positive("peak_flops", factors["peak_flops"])
    watts = check_positive("device_watts", factors["device_watts"])
    pue_value = check_number("pue", factors["pue"], low=1.0, high=5.0)

    fit = fit_measure(frame, measure, n_bootstrap=0)
    extrapolated = fits.extrapolate(fit, targets_pct / 100.0)
    compute = extrapolated["compute_flop"].to_numpy(dtype=float)
    compute_table = pd.DataFrame(
        {
            "target_error_pct": targets_pct,
            "compute_flop": compute,
            "compute_flop_low": extrapolated["compute_flop_low"].to_numpy(dtype=float),
            "compute_flop_high": extrapolated["compute_flop_high"].to_numpy(dtype=float),
        }
    )
    device_rows, cost_rows, carbon_rows = [], [], []
    for util in utils:  # a handful of settings; each step is vectorised over the targets
        hours = np.asarray(costs.gpu_hours(compute, peak_flops=peak, utilization=float(util)))
        energy = np.asarray(costs.flop_to_energy_kwh(compute, device_watts=watts, peak_flops=peak, utilization=float(util), pue=pue_value))
        device_rows.append(pd.DataFrame({"target_error_pct": targets_pct, "utilization": float(util),
                                         "device_years": hours / (24 * 365.25), "energy_kwh": energy}))
        for label, price in price_options:
            cost_rows.append(pd.DataFrame({"target_error_pct": targets_pct, "utilization": float(util), "price_option": label,
                                           "dollars_per_gpu_hour": float(price), "dollars": hours * float(price)}))
        for label, intensity in intensity_options:
            co2 = np.asarray(costs.energy_to_co2_lbs(energy, lbs_co2_per_kwh=float(intensity)))
            carbon_rows.append(pd.DataFrame({
                "target_error_pct": targets_pct, "utilization": float(util), "intensity_option": label,
                "lbs_co2_per_kwh": float(intensity), "co2_lbs": co2, "co2_tonnes": np.asarray(costs.lbs_to_tonnes(co2)),
                "nyc_months": np.asarray(costs.co2_in_nyc_months(co2, nyc_tonnes_per_year=nyc_tonnes_per_year)),
                "flights": np.asarray(costs.co2_in_flights(co2, lbs_per_flight=lbs_per_flight)),
            }))
    return {
        "compute": compute_table,
        "device": pd.concat(device_rows, ignore_index=True),
        "cost": pd.concat(cost_rows, ignore_index=True),
        "carbon": pd.concat(carbon_rows, ignore_index=True),
    }


# ---------------------------------------------------------------------------
# The forecast test
# ---------------------------------------------------------------------------
def forecast_test(
    table: pd.DataFrame | None = None,
    measure: str = DEFAULT_MEASURE,
    *,
    cutoff: str | pd.Timestamp = CUTOFF_DATE,
) -> pd.DataFrame:
    """Fit only on models published up to ``cutoff`` and check every later model against the forecast.

    For each model published after ``cutoff`` that has ``measure``, the fit on
    the earlier models says how much compute a model with that model's error
    should have needed (:func:`scaling_lib.fits.extrapolate`, 95 % prediction
    interval). Columns: ``model``, ``publication_date``, ``top1_error``,
    ``top1_error_pct``, ``data_group``, ``compute_flop`` (actual),
    ``forecast_compute_flop``, ``forecast_low``, ``forecast_high``,
    ``actual_to_forecast`` (ratio), ``inside_interval`` (bool) and ``verdict``
    ("cheaper than forecast", "within the forecast band" or "dearer than
    forecast": outside the band below, inside, outside above). Empty when no
    model comes after ``cutoff``. Explained in the chapter on the ninth power.
    """
    measure = _measure(measure)
    points = scaling_points(table, measure, cutoff=cutoff)
    fit = fit_measure(table, measure, sample="up to cutoff", cutoff=cutoff, n_bootstrap=0)
    later = points[points["period"] == "after mid-2020"].reset_index(drop=True)
    columns = ["model", "publication_date", "top1_error", "top1_error_pct", "data_group", "compute_flop",
               "forecast_compute_flop", "forecast_low", "forecast_high", "actual_to_forecast", "inside_interval", "verdict"]
    if later.empty:
        return pd.DataFrame(columns=columns)
    predicted = fits.extrapolate(fit, later["top1_error"].to_numpy(dtype=float))
    out = later[["model", "publication_date", "top1_error", "top1_error_pct", "data_group", "compute_flop"]].copy()
    out["forecast_compute_flop"] = predicted["compute_flop"].to_numpy(dtype=float)
    out["forecast_low"] = predicted["compute_flop_low"].to_numpy(dtype=float)
    out["forecast_high"] = predicted["compute_flop_high"].to_numpy(dtype=float)
    out["actual_to_forecast"] = out["compute_flop"] / out["forecast_compute_flop"]
    below = out["compute_flop"] < out["forecast_low"]
    above = out["compute_flop"] > out["forecast_high"]
    out["inside_interval"] = ~(below | above)
    out["verdict"] = np.select([below, above], ["cheaper than forecast", "dearer than forecast"], "within the forecast band")
    return out[columns]


def forecast_summary(
    table: pd.DataFrame | None = None,
    measure: str = DEFAULT_MEASURE,
    *,
    cutoff: str | pd.Timestamp = CUTOFF_DATE,
    target_error: float = 0.05,
) -> dict[str, Any]:
    """What the forecast test shows, in numbers.

    Keys: ``measure``, ``n_fit`` and ``n_held_out`` (models up to / after
    ``cutoff`` with the measure), ``gamma_before``, ``gamma_before_low``,
    ``gamma_before_high`` (fit up to ``cutoff``), ``forecast_target_flop``,
    ``forecast_target_low``, ``forecast_target_high`` (compute the early fit
    says a model with ``target_error`` needs, 95 % prediction interval),
    ``n_inside``, ``n_cheaper``, ``n_dearer``, ``median_actual_to_forecast``,
    ``best_after_error`` and ``best_after_model`` (lowest error of *any* model
    after ``cutoff``, with or without compute), ``best_after_with_compute_error``,
    ``best_after_with_compute_model``, ``best_after_with_compute_flop``,
    ``target_error`` and ``n_reached_target`` (models after ``cutoff`` at or
    below ``target_error``: 0 means nobody got there). Explained in the chapter
    on the ninth power.
    """
    frame = _table(table)
    measure = _measure(measure)
    cutoff = _cutoff(cutoff)
    target = check_number("target_error", target_error, low=0.0, high=1.0, low_open=True, high_open=True)
    fit = fit_measure(frame, measure, sample="up to cutoff", cutoff=cutoff, n_bootstrap=0)
    test = forecast_test(frame, measure, cutoff=cutoff)
    forecast = fits.extrapolate(fit, target).iloc[0]
    after_all = frame[pd.to_datetime(frame["publication_date"]) > cutoff]
    best_any = after_all.loc[after_all["top1_error"].idxmin()] if len(after_all) else None
    best_with = test.loc[test["top1_error"].idxmin()] if len(test) else None
    return {
        "measure": measure,
        "n_fit": fit.n,
        "n_held_out": len(test),
        "gamma_before": fit.gamma,
        "gamma_before_low": fit.gamma_low,
        "gamma_before_high": fit.gamma_high,
        "forecast_target_flop": float(forecast["compute_flop"]),
        "forecast_target_low": float(forecast["compute_flop_low"]),
        "forecast_target_high": float(forecast["compute_flop_high"]),
        "n_inside": int(test["inside_interval"].sum()),
        "n_cheaper": int((test["verdict"] == "cheaper than forecast").sum()),
        "n_dearer": int((test["verdict"] == "dearer than forecast").sum()),
        "median_actual_to_forecast": float(test["actual_to_forecast"].median()) if len(test) else math.nan,
        "best_after_error": float(best_any["top1_error"]) if best_any is not None else math.nan,
        "best_after_model": str(best_any["model"]) if best_any is not None else "",
        "best_after_with_compute_error": float(best_with["top1_error"]) if best_with is not None else math.nan,
        "best_after_with_compute_model": str(best_with["model"]) if best_with is not None else "",
        "best_after_with_compute_flop": float(best_with["compute_flop"]) if best_with is not None else math.nan,
        "target_error": target,
        "n_reached_target": int((after_all["top1_error"] <= target).sum()),
    }


class RecordTrend(NamedTuple):
    """Output of :func:`record_trend`: the record-setting models, the trend line and a summary dict."""

    records: pd.DataFrame
    line: pd.DataFrame
    summary: dict[str, Any]


def record_trend(
    table: pd.DataFrame | None = None,
    *,
    cutoff: str | pd.Timestamp = CUTOFF_DATE,
    target_error: float = 0.05,
    end_year: float = 2026.0,
) -> RecordTrend:
    """The article's "5 % by 2025" forecast, redone: a trend through record-setting errors up to ``cutoff``.

    Record setters are found with :func:`scaling_lib.fits.frontier_mask` over
    all models; ``log10(top-1 error) = a + b * year`` is fitted by OLS on the
    records up to ``cutoff`` only, and extended to ``end_year``.

    Returns :class:`RecordTrend` with ``records`` (``model``,
    ``publication_date``, ``publication_year``, ``top1_error_pct``,
    ``data_group``, ``period``, ``trend_error_pct``: the trend's value at that
    date), ``line`` (``year``, ``top1_error_pct``, ``pred_low_pct``,
    ``pred_high_pct``: 95 % prediction band) and ``summary`` (``n_fit``,
    ``annual_factor`` = 10^b, the factor by which the record error is
    multiplied each year; ``year_reach_target``; ``last_record_model``,
    ``last_record_year``, ``last_record_error``; ``trend_error_at_last_record``;
    ``target_error``). Explained in the chapter on the ninth power.
    """
    frame = _table(table)
    cutoff = _cutoff(cutoff)
    target = check_number("target_error", target_error, low=0.0, high=1.0, low_open=True, high_open=True)
    end_year = check_number("end_year", end_year, low=2013.0, high=2100.0)
    dates = pd.to_datetime(frame["publication_date"])
    mask = fits.frontier_mask(dates, frame["top1_error"].to_numpy(dtype=float))
    rec = frame.loc[mask].assign(publication_date=dates[mask]).sort_values("publication_date", kind="stable")
    year = (rec["publication_date"].dt.year + (rec["publication_date"].dt.day_of_year - 1) / 365.25).to_numpy(dtype=float)
    period = np.where(rec["publication_date"] <= cutoff, "up to mid-2020", "after mid-2020")
    early = period == "up to mid-2020"
    if early.sum() < 3:
        raise ValueError(f"cutoff {cutoff.date()} leaves {int(early.sum())} record-setting models; at least 3 are needed")
    y = np.log10(rec["top1_error"].to_numpy(dtype=float))
    results = sm.OLS(y[early], sm.add_constant(year[early], has_constant="add")).fit()
    a, b = (float(v) for v in results.params)
    if not b < 0:
        raise ValueError(f"the record error does not fall with time before the cutoff (slope {b:+.3g} per year)")
    records = pd.DataFrame(
        {
            "model": rec["model"].astype(str).to_numpy(),
            "publication_date": rec["publication_date"].to_numpy(),
            "publication_year": year,
            "top1_error_pct": 100.0 * rec["top1_error"].to_numpy(dtype=float),
            "data_group": [extra_data_group(text) for text in rec["extra_training_data"].astype(str)],
            "period": period,
            "trend_error_pct": 100.0 * 10.0 ** (a + b * year),
        }
    )
    grid = np.linspace(float(year[0]), end_year, 80)
    band = results.get_prediction(sm.add_constant(grid, has_constant="add")).summary_frame(alpha=0.05)
    line = pd.DataFrame(
        {
            "year": grid,
            "top1_error_pct": 100.0 * 10.0 ** band["mean"].to_numpy(),
            "pred_low_pct": 100.0 * 10.0 ** band["obs_ci_lower"].to_numpy(),
            "pred_high_pct": 100.0 * 10.0 ** band["obs_ci_upper"].to_numpy(),
        }
    )
    last = records.iloc[-1]
    summary = {
        "n_fit": int(early.sum()),
        "annual_factor": float(10.0**b),
        "year_reach_target": float((math.log10(target) - a) / b),
        "last_record_model": str(last["model"]),
        "last_record_year": float(last["publication_year"]),
        "last_record_error": float(last["top1_error_pct"]) / 100.0,
        "trend_error_at_last_record": float(last["trend_error_pct"]) / 100.0,
        "target_error": target,
    }
    return RecordTrend(records, line, summary)


def extra_data_summary(table: pd.DataFrame | None = None, *, top: int = 10, cutoff: str | pd.Timestamp = CUTOFF_DATE) -> dict[str, Any]:
    """How much the best results lean on training data beyond ImageNet-1k.

    Keys: ``n_models``, ``n_extra`` (models with extra data), ``top`` and
    ``top_extra`` (of the ``top`` lowest-error models, how many used extra
    data), ``top_jft`` (how many of those used JFT, Google's private set),
    ``n_after``/``n_after_extra`` (models after ``cutoff`` and how many used
    extra data), ``n_records_since_2018``/``n_records_since_2018_extra``
    (record setters from 2018 on), ``best_without_extra_error`` and
    ``best_without_extra_model``. Explained in the chapter on the ninth power.
    """
    frame = _table(table)
    top = check_int("top", top, low=1, high=len(frame))
    cutoff = _cutoff(cutoff)
    groups = frame["extra_training_data"].astype(str).map(extra_data_group)
    extra = groups != "ImageNet-1k only"
    best = frame.assign(group=groups).nsmallest(top, "top1_error")
    dates = pd.to_datetime(frame["publication_date"])
    after = dates > cutoff
    records = fits.frontier_mask(dates, frame["top1_error"].to_numpy(dtype=float)) & (dates >= pd.Timestamp("2018-01-01")).to_numpy()
    clean = frame.loc[~extra]
    best_clean = clean.loc[clean["top1_error"].idxmin()] if len(clean) else None
    return {
        "n_models": len(frame),
        "n_extra": int(extra.sum()),
        "top": top,
        "top_extra": int((best["group"] != "ImageNet-1k only").sum()),
        "top_jft": int((best["group"] == "JFT (Google, private)").sum()),
        "n_after": int(after.sum()),
        "n_after_extra": int((after & extra).sum()),
        "n_records_since_2018": int(records.sum()),
        "n_records_since_2018_extra": int((records & extra.to_numpy()).sum()),
        "best_without_extra_error": float(best_clean["top1_error"]) if best_clean is not None else math.nan,
        "best_without_extra_model": str(best_clean["model"]) if best_clean is not None else "",
    }


# ---------------------------------------------------------------------------
# Number formatting for prose and charts
# ---------------------------------------------------------------------------
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def format_sci(value: float, digits: int = 2) -> str:
    """Format a positive number for prose: ``4.8 × 10²⁵`` (``digits`` significant figures, 1-4).

    Numbers from 0.01 to 99,999 are written out (``1,950``, ``0.12``), zero as
    ``0``; infinity as ``∞``. Raises ``ValueError`` for NaN or a negative
    number. Used by the chapter on the ninth power and its charts.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"value must be a number, got {type(value).__name__} {value!r}")
    digits = check_int("digits", digits, low=1, high=4)
    number = float(value)
    if math.isnan(number) or number < 0:
        raise ValueError(f"value must be a non-negative number, got {number!r}")
    if math.isinf(number):
        return "∞"
    if number == 0:
        return "0"
    exponent = math.floor(math.log10(number))
    if -2 <= exponent <= 4:
        rounded = float(f"{number:.{digits}g}")
        decimals = max(0, digits - 1 - exponent)
        return f"{rounded:,.{decimals}f}"
    mantissa = number / 10.0**exponent
    if round(mantissa, digits - 1) >= 10:
        mantissa /= 10
        exponent += 1
    return f"{mantissa:.{digits - 1}f} × 10{str(exponent).translate(_SUPERSCRIPT)}"


def format_dollars(value: float) -> str:
    """Format an amount of US dollars for prose: ``$2.1 billion``, ``$440 million``, ``$3.0 × 10¹⁵``.

    Thousands to trillions get words; beyond 10^15 the amount is written in
    powers of ten. Raises ``ValueError`` for NaN or a negative amount.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"value must be a number, got {type(value).__name__} {value!r}")
    number = float(value)
    if math.isnan(number) or number < 0:
        raise ValueError(f"value must be a non-negative amount, got {number!r}")
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if size <= number < 1000 * size:
            shown = number / size
            return f"${shown:.2g} {word}" if shown < 10 else f"${shown:,.0f} {word}"
    if number < 1e6:
        return f"${number:,.0f}"
    return "$" + format_sci(number)


def form_comparison(table: pd.DataFrame | None = None, measure: str = DEFAULT_MEASURE) -> dict[str, Any]:
    """Is a power law the right shape? The paper's model beside its alternatives, on one measure.

    Fits, on the models that have ``measure``: the power law (log error on log compute),
    the exponential form and error in levels (:func:`scaling_lib.fits.compare_forms`),
    the power law with a year term (:func:`scaling_lib.fits.fit_power_law_with_year`,
    separating compute from progress over time) and the 10th-percentile frontier
    (:func:`scaling_lib.fits.fit_frontier`). Returns a dict with ``summary`` (one row per
    form: R², AIC, n), ``residuals`` (long table for residual plots), ``year_fit`` and
    ``frontier_fit``. Chapter: *The ninth power* (``book/scaling.md``).
    """
    points = scaling_points(table, measure)
    if len(points) < MIN_POINTS:
        raise ValueError(f"measure {measure!r} has {len(points)} models; the comparison needs at least {MIN_POINTS}")
    comparison = fits.compare_forms(points["compute_flop"], points["top1_error"])
    dates = points["publication_date"]
    decimal_year = dates.dt.year + (dates.dt.day_of_year - 1) / 365.25
    year_fit = fits.fit_power_law_with_year(points["compute_flop"], points["top1_error"], decimal_year)
    frontier_fit = fits.fit_frontier(points["compute_flop"], points["top1_error"], quantile=0.1)
    residuals = comparison.residuals.merge(
        points.reset_index(drop=True)[["model"]].rename_axis("point").reset_index(), on="point", how="left"
    )
    return {"summary": comparison.summary, "residuals": residuals, "year_fit": year_fit, "frontier_fit": frontier_fit, "measure": measure}
