"""Answer checks for the exercises of *The ninth power* (``book/scaling.md``).

Each expected value is computed at check time from the book's data with numpy least squares
(``numpy.linalg.lstsq``) and the cost factors' constants, not with statsmodels or
:mod:`scaling_lib.scaling`, so a check does not repeat the code the student is asked to write.
"""
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


def _gamma(clean: bool | None = None, year: bool = False) -> float:
    """γ = −1 / slope of log10 error on log10 hardware burden (+ a year term if ``year``); ``clean``: ImageNet-1k only (True) or not."""
    rows, x, y = _hardware_burden()
    keep = slice(None) if clean is None else (rows["extra_training_data"].str.strip().str.lower() == "none").to_numpy() == clean
    years = [rows["publication_year"].to_numpy()[keep]] if year else []
    return float(-1 / _line(x[keep], *years, y=y[keep])[1])


def _ratio_to_five(best: float | None = None, exponent: float | None = None) -> float:
    """Compute factor from the best fitted error (or ``best``) to 5 %: (best ÷ 0.05) ** γ (or ** ``exponent``)."""
    best = _hardware_burden()[0]["top1_error"].min() if best is None else best
    return float((best / 0.05) ** (_gamma() if exponent is None else exponent))


def _preemptible_cost(scenario: str = "p100_strubell_preemptible", dollars: bool = True) -> float:
    """Dollars (or GPU-hours) to reach 5 % at the point estimate, at ``scenario``'s chip and price."""
    _, x, y = _hardware_burden()
    a, b = _line(x, y=y)
    chip = costs.SCENARIOS[scenario]
    gpu_hours = 10 ** ((np.log10(0.05) - a) / b) / (chip.peak_flops * chip.utilization * 3600)
    return float(gpu_hours * (chip.dollars_per_gpu_hour if dollars else 1.0))


def _nyc_months_at_v1(kg_per_lb: float = costs.KG_PER_LB, pue: float | None = None, months: bool = True) -> float:
    """Months of New York City's CO₂e (or tonnes) in 10²⁸ FLOP on the default chip."""
    chip = costs.DEFAULT_SCENARIO
    kwh = 1e28 / (chip.peak_flops * chip.utilization * 3600) * chip.device_watts / 1000 * (chip.pue if pue is None else pue)
    tonnes = kwh * chip.lbs_co2_per_kwh * kg_per_lb / 1000
    return float(tonnes / (costs.NYC_TONNES_CO2_PER_YEAR_2009 / 12) if months else tonnes)


def _bootstrap(percentile: float | None = 2.5) -> float:
    """γ at the slopes' ``percentile`` over 20,000 pairs-bootstrap resamples of the training-compute models (None: the fit to all)."""
    table = data.model_compute_table()
    rows = table[table["training_compute_flop"] > 0]
    x, y = np.log10(rows["training_compute_flop"].to_numpy()), np.log10(rows["top1_error"].to_numpy())
    pick = np.random.default_rng(12345).integers(0, len(x), size=(20_000, len(x))) if percentile else np.arange(len(x))[None]  # None: each model once
    xs, ys = x[pick], y[pick]
    xc = xs - xs.mean(axis=1, keepdims=True)
    slopes = (xc * (ys - ys.mean(axis=1, keepdims=True))).sum(axis=1) / (xc**2).sum(axis=1)
    return float(-1 / np.percentile(slopes, percentile or 50))


_SLOPE = "the fitted slope itself, not γ = −1 / slope"
register("scaling-ratio", _ratio_to_five, relative_tolerance=0.02, unit="× compute", gamma=_gamma,
         hint="the factor is (best error ÷ 0.05) ** γ, with the lowest top1_error among the fitted points and the full-sample γ.",
         mistakes={"the error ratio itself, not raised to the power γ": lambda: _ratio_to_five(exponent=1),
                   "the lowest error of the whole table, not among the fitted points": lambda: _ratio_to_five(data.model_compute_table()["top1_error"].min()),
                   "the ratio raised to the fitted slope, not to γ = −1 / slope": lambda: _ratio_to_five(exponent=-1 / _gamma())})
register("scaling-preemptible", _preemptible_cost, relative_tolerance=0.02, unit="US$", gamma=_gamma,
         hint="compute at 5 % (the point estimate) ÷ (peak FLOP/s × utilization × 3600) gives GPU-hours; multiply by $0.43.",
         mistakes={"the on-demand price kept, not the pre-emptible $0.43": lambda: _preemptible_cost(costs.DEFAULT_SCENARIO.name),
                   "the GPU-hours, not their price in dollars": lambda: _preemptible_cost(dollars=False),
                   "a utilisation of 0.35 on hardware burden, which already counts idle time": lambda: _preemptible_cost() / 0.35})
register("scaling-co2-cell", _nyc_months_at_v1, relative_tolerance=0.02, unit="months of New York City",
         hint="run 1e28 FLOP through the chain: GPU-hours, kWh (× W ÷ 1000 × PUE), lbs CO₂e, tonnes, then ÷ (49.3e6 / 12).",
         mistakes={"pounds of CO₂e taken as kilograms (the 0.4536 kg per lb is missing)": lambda: _nyc_months_at_v1(kg_per_lb=1.0),
                   "the data centre's overhead (PUE) left out": lambda: _nyc_months_at_v1(pue=1.0),
                   "the tonnes of CO₂e, not months of New York City's emissions": lambda: _nyc_months_at_v1(months=False)})
register("scaling-clean", lambda: _gamma(clean=True), relative_tolerance=0.01, unit="(exponent γ)",
         hint="keep the points whose data_group is 'ImageNet-1k only', refit the same formula and take −1 / slope.",
         mistakes={"the full sample's γ, not the refit on ImageNet-1k alone": _gamma,
                   "the models with extra data, not those without": lambda: _gamma(clean=False), _SLOPE: lambda: -1 / _gamma(clean=True)})
register("scaling-year", lambda: _gamma(year=True), relative_tolerance=0.01, unit="(exponent γ)",
         hint="add '+ publication_year' to the formula; γ is −1 / the coefficient of np.log10(compute_flop).",
         mistakes={"the full sample's γ without the year term": _gamma, _SLOPE: lambda: -1 / _gamma(year=True)})
register("scaling-bootstrap", _bootstrap, relative_tolerance=0.03, unit="(exponent γ)",
         hint="resample the training-compute models with replacement, refit the slope each time, take the 2.5th percentile of "
              "the slopes and turn it into γ = −1 / slope.",
         mistakes={"the upper end of the interval (97.5th percentile), not the lower": lambda: _bootstrap(97.5),
                   "the point estimate of γ, not the bootstrap interval's lower end": lambda: _bootstrap(None)})
