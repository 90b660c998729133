"""Answer checks for the exercises of *The ninth power* (``book/scaling.md``).

Each expected value is computed at check time from the book's data with numpy least squares
(``numpy.linalg.lstsq``) and the cost factors' constants, not with statsmodels or
:mod:`scaling_lib.scaling`, so a check does not repeat the code the student is asked to write.
"""
from __future__ import annotations

import numpy as np

from .. import costs, data
from . import register


def _hardware_burden():
    """The models with a hardware burden: (rows, log10 compute, log10 error)."""
    table = data.model_compute_table()
    rows = table[table["hardware_burden_flop"] > 0]
    return rows, np.log10(rows["hardware_burden_flop"].to_numpy()), np.log10(rows["top1_error"].to_numpy())


def _line(*columns: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Least-squares coefficients of y on an intercept and ``columns``."""
    design = np.column_stack([np.ones_like(y), *columns])
    return np.linalg.lstsq(design, y, rcond=None)[0]


def _ratio_to_five() -> float:
    rows, x, y = _hardware_burden()
    slope = _line(x, y=y)[1]
    return float((rows["top1_error"].min() / 0.05) ** (-1 / slope))


def _preemptible_cost() -> float:
    _, x, y = _hardware_burden()
    a, b = _line(x, y=y)
    chip = costs.SCENARIOS["p100_strubell_preemptible"]
    gpu_hours = 10 ** ((np.log10(0.05) - a) / b) / (chip.peak_flops * chip.utilization * 3600)
    return float(gpu_hours * chip.dollars_per_gpu_hour)


def _nyc_months_at_v1() -> float:
    chip = costs.DEFAULT_SCENARIO
    kwh = 1e28 / (chip.peak_flops * chip.utilization * 3600) * chip.device_watts / 1000 * chip.pue
    tonnes = kwh * chip.lbs_co2_per_kwh * costs.KG_PER_LB / 1000
    return float(tonnes / (costs.NYC_TONNES_CO2_PER_YEAR_2009 / 12))


def _clean_gamma() -> float:
    rows, x, y = _hardware_burden()
    clean = (rows["extra_training_data"].str.strip().str.lower() == "none").to_numpy()
    return float(-1 / _line(x[clean], y=y[clean])[1])


def _year_gamma() -> float:
    rows, x, y = _hardware_burden()
    return float(-1 / _line(x, rows["publication_year"].to_numpy(), y=y)[1])


def _bootstrap_low() -> float:
    """2.5th percentile of γ over 20,000 pairs-bootstrap resamples of the training-compute models (seeded)."""
    table = data.model_compute_table()
    rows = table[table["training_compute_flop"] > 0]
    x, y = np.log10(rows["training_compute_flop"].to_numpy()), np.log10(rows["top1_error"].to_numpy())
    pick = np.random.default_rng(12345).integers(0, len(x), size=(20_000, len(x)))
    xs, ys = x[pick], y[pick]
    xc = xs - xs.mean(axis=1, keepdims=True)
    slopes = (xc * (ys - ys.mean(axis=1, keepdims=True))).sum(axis=1) / (xc**2).sum(axis=1)
    return float(-1 / np.percentile(slopes, 2.5))


register("scaling-ratio", _ratio_to_five, relative_tolerance=0.02, unit="× compute",
         hint="the factor is (best error ÷ 0.05) ** γ, with the lowest top1_error among the fitted points and the full-sample γ.")
register("scaling-preemptible", _preemptible_cost, relative_tolerance=0.02, unit="US$",
         hint="compute at 5 % (the point estimate) ÷ (peak FLOP/s × utilization × 3600) gives GPU-hours; multiply by $0.43.")
register("scaling-co2-cell", _nyc_months_at_v1, relative_tolerance=0.02, unit="months of New York City",
         hint="run 1e28 FLOP through the chain: GPU-hours, kWh (× W ÷ 1000 × PUE), lbs CO₂e, tonnes, then ÷ (49.3e6 / 12).")
register("scaling-clean", _clean_gamma, relative_tolerance=0.01, unit="(exponent γ)",
         hint="keep the points whose data_group is 'ImageNet-1k only', refit the same formula and take −1 / slope.")
register("scaling-year", _year_gamma, relative_tolerance=0.01, unit="(exponent γ)",
         hint="add '+ publication_year' to the formula; γ is −1 / the coefficient of np.log10(compute_flop).")
register("scaling-bootstrap", _bootstrap_low, relative_tolerance=0.03, unit="(exponent γ)",
         hint="resample the training-compute models with replacement, refit the slope each time, take the 2.5th percentile of "
              "the slopes and turn it into γ = −1 / slope.")
