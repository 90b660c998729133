"""Answer checks for the exercises of *The ninth power: what progress on ImageNet really cost* (``book/scaling.md``).

Every expected value is computed at check time from the book's data by the
library functions the exercise names; nothing here is a typed-in answer.
"""
from __future__ import annotations

from .. import costs, fits, forecast
from . import register


def _ratio_to_five() -> float:
    headline = forecast.headline_numbers()
    return fits.compute_ratio(headline["best_error"], 0.05, headline["gamma"])


def _preemptible_cost() -> float:
    price = costs.SCENARIOS["p100_strubell_preemptible"].dollars_per_gpu_hour
    table = forecast.extrapolation_table(target_errors=[0.05], dollars_per_gpu_hour=price)
    return float(table["dollars"].iloc[0])


def _strubell_nyc_months() -> float:
    rate = costs.strubell_implied_rates()["lbs_co2_per_gflop"]
    gflop = costs.paper_implied_rates()["compute_gflop"]
    return costs.co2_in_nyc_months(gflop * rate)


def _clean_gamma() -> float:
    return forecast.fit_measure(sample="ImageNet-1k only", n_bootstrap=0).gamma


register(
    "scaling-ratio",
    _ratio_to_five,
    relative_tolerance=0.02,
    hint="the factor is (old error ÷ new error)^γ with the best model's error, 5 % and the full-sample γ: fits.compute_ratio(error_from, error_to, gamma).",
    unit="× compute",
)
register(
    "scaling-preemptible",
    _preemptible_cost,
    relative_tolerance=0.02,
    hint="pass dollars_per_gpu_hour=0.43 and target_errors=[0.05] to forecast.extrapolation_table and read the dollars column.",
    unit="US$",
)
register(
    "scaling-co2-cell",
    _strubell_nyc_months,
    relative_tolerance=0.02,
    hint="multiply 10^19 Gflop by Strubell et al.'s lbs per Gflop (costs.strubell_implied_rates), then use costs.co2_in_nyc_months.",
    unit="months of New York City",
)
register(
    "scaling-clean",
    _clean_gamma,
    relative_tolerance=0.01,
    hint="forecast.fit_measure(models, sample='ImageNet-1k only') and read .gamma.",
    unit="(exponent γ)",
)
