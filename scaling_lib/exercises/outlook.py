"""Answer checks for the exercises of *Where this leaves us* (``book/outlook.md``).

Expected values come from the data by ``numpy.polyfit`` and a plain minimum, not from the
page's statsmodels cells, so a check cannot share a mistake with the code a student copies.
"""
import numpy as np
import pandas as pd

from .. import data
from . import register


def _models(up_to: str | None) -> pd.DataFrame:
    table = data.model_compute_table()
    return table if up_to is None else table[table["publication_date"] <= pd.Timestamp(up_to)]


def _gamma(up_to: str | None = None) -> float:
    """γ = −1/slope of log10(top-1 error) on log10(hardware burden), models published up to ``up_to``."""
    rows = _models(up_to).dropna(subset=["hardware_burden_flop", "top1_error"])
    return -1.0 / np.polyfit(np.log10(rows["hardware_burden_flop"]), np.log10(rows["top1_error"]), 1)[0]


def _record(up_to: str | None = None) -> tuple[float, float]:
    """(top-1 error, decimal year) of the best model published up to ``up_to`` (default: all)."""
    table = _models(up_to)
    best = table.loc[table["top1_error"].idxmin()]
    date = pd.Timestamp(best["publication_date"])
    return float(best["top1_error"]), date.year + (date.day_of_year - 1) / 365.25


def _years(target: float, growth: float) -> float:
    return _gamma() * np.log(_record()[0] / target) / np.log(growth)


def _backtest(fit_up_to: str | None = "2017-12-31") -> float:
    """Error (%) forecast at the end of 2017 for the date of the last record, at 4.1× compute a year, γ fitted up to ``fit_up_to``."""
    (then_error, then_year), (_, last_year) = _record("2017-12-31"), _record()
    return 100 * then_error * 4.1 ** (-(last_year - then_year) / _gamma(fit_up_to))


_PAGE_GROWTH = "the page's 4.1-fold growth a year, not the exercise's"
register("outlook-years", lambda: _years(0.05, 2.0), relative_tolerance=0.01, unit="years", gamma=_gamma,
         hint="years = γ × ln(start error ÷ 0.05) ÷ ln(2), with the γ fitted on the page and today's record as the start.",
         mistakes={_PAGE_GROWTH: lambda: _years(0.05, 4.1), "the target as a percentage (5) against errors as fractions": lambda: _years(5.0, 2.0)})
register("outlook-hardware-only", lambda: _years(0.01, 1.30), relative_tolerance=0.01, unit="years", gamma=_gamma,
         hint="with flat budgets compute grows only as fast as price-performance, 1.30× a year; the target is 1%; use the fitted γ.",
         mistakes={_PAGE_GROWTH: lambda: _years(0.01, 4.1), "the earlier target of 5 %, not 1 %": lambda: _years(0.05, 1.30),
                   "hardware and algorithms together (the exercise's second part)": lambda: _years(0.01, 1.30 * 2 ** (12 / 9))})
register("outlook-annual", lambda: 44.0 ** (1.0 / 7.0), relative_tolerance=0.01, unit="× per year", years=7,
         hint="a 44-fold gain over the seven years 2012-2019 is 44 to the power 1/7 per year.",
         mistakes={"44 ÷ 7: a yearly multiplier is the 7th root of the total, not a share of it": 44.0 / 7,
                   "eight years counted (2012 to 2019 is seven)": 44.0 ** (1 / 8),
                   "the doubling time in months, not the yearly multiplier": 12 / np.log2(44.0 ** (1 / 7))})
register("outlook-backtest", _backtest, relative_tolerance=0.01, unit="% top-1 error", gamma=lambda: _gamma("2017-12-31"),
         hint="fit γ on models published up to 2017-12-31 only, start from the record at that date, and run 4.1× a year "
              "to the date of the last record; answer in percent.",
         mistakes={"γ fitted on all models, not only those published up to 2017": lambda: _backtest(None)})
