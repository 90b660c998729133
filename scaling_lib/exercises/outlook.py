"""Answer checks for the exercises of *Where this leaves us* (``book/outlook.md``)."""
from __future__ import annotations

from .. import outlook
from . import register


def _start_error() -> float:
    return outlook.starting_point()["top1_error"]


register(
    "outlook-years",
    lambda: outlook.years_to_error(0.05, _start_error(), 9.0, outlook.TRAINING_COMPUTE_GROWTH_PER_YEAR),
    relative_tolerance=0.02,
    hint="years = γ × ln(start error ÷ target error) ÷ ln(yearly growth); use outlook.years_to_error with γ = 9 and 4.1× a year.",
    unit="years",
)
register(
    "outlook-hardware-only",
    lambda: outlook.years_to_error(0.01, _start_error(), 9.0, outlook.HARDWARE_PRICE_PERFORMANCE_PER_YEAR),
    relative_tolerance=0.02,
    hint="with flat budgets compute grows only as fast as price-performance, 1.3× a year; the target is 1%.",
    unit="years",
)
register(
    "outlook-annual",
    lambda: outlook.annual_gain_from_total(outlook.HERNANDEZ_BROWN_TOTAL_GAIN, outlook.HERNANDEZ_BROWN_YEARS),
    relative_tolerance=0.01,
    hint="a 44-fold gain over the seven years 2012-2019 is 44 to the power 1/7 per year.",
    unit="× per year",
)
