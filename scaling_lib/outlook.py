"""Scenario tables for the chapter *Where this leaves us* (``book/outlook.md``).

The page computes its scenarios itself (error falls by ``G ** (1 / gamma)`` a year); this
module runs the same arithmetic over every setting the chapter's charts offer and collects
the book's headline numbers. Pure computation: no Altair, no ipywidgets.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from . import data, vocabulary
from ._checks import check_array, check_frame, check_int, check_mapping, check_number, check_probability, check_text

__all__ = ["scenarios", "headline_numbers"]

_LAST_YEAR = 2200  # milestones later than this are labelled "after 2200"


def _scenarios(gammas: Any, compute_growths: Any, algorithmic_gains: Any) -> pd.DataFrame:
    """Every combination of the three {label: value} settings, one row each, with the effective growth per year."""
    frame = pd.DataFrame(index=[0])
    for name, settings, low, high, low_open, label, column in (
        ("gammas", gammas, 0.0, 100.0, True, "gamma_label", "gamma"),
        ("compute_growths", compute_growths, 1.0, 1000.0, True, "compute_label", "compute_growth_per_year"),
        ("algorithmic_gains", algorithmic_gains, 1.0, 1000.0, False, "algorithmic_label", "algorithmic_gain_per_year"),
    ):
        if not check_mapping(name, settings):
            raise ValueError(f"{name} must hold at least one {{label: value}} entry")
        frame = frame.merge(pd.DataFrame({
            label: [check_text(f"{name} label", key) for key in settings],
            column: [check_number(f"{name}[{key!r}]", value, low=low, high=high, low_open=low_open) for key, value in settings.items()],
        }), how="cross")
    frame["effective_growth_per_year"] = frame["compute_growth_per_year"] * frame["algorithmic_gain_per_year"]
    return frame


def scenarios(
    start_error: float,
    start_year: float,
    gammas: dict[str, float],
    compute_growths: dict[str, float],
    algorithmic_gains: dict[str, float],
    horizon_years: int = 30,
    targets: Any = (0.05, 0.01),
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Error curves and milestone years for every combination of settings: the page's formulas on a grid.

    ``start_error`` is a fraction in (0, 1); the settings map a label to γ in (0, 100], compute
    growth per year in (1, 1000] and algorithmic gain per year in [1, 1000]; ``targets`` are
    fractions in [0.001, 1). Returns ``(grid, milestones)``: ``grid`` has ``top1_error`` =
    ``start_error * G ** (-years / gamma)`` for whole years 0 … ``horizon_years`` (1–200) after
    ``start_year``; ``milestones`` has ``years_needed`` = ``gamma * ln(start / target) / ln(G)``
    (0 if already reached), ``year_reached``, ``compute_multiplier_needed`` = (start / target) ** gamma
    and ``label`` (the calendar year, or "after 2200"). Chapter *Where this leaves us*.
    """
    start = check_probability("start_error", start_error)
    first = check_number("start_year", start_year, low=1950.0, high=2100.0)
    years = pd.DataFrame({"years_from_start": np.arange(check_int("horizon_years", horizon_years, low=1, high=200) + 1.0)})
    wanted = check_array("targets", targets, low=0.001, high=1.0, high_open=True)
    settings = _scenarios(gammas, compute_growths, algorithmic_gains)
    grid = settings.merge(years, how="cross")
    grid["year"] = first + grid["years_from_start"]
    grid["top1_error"] = start * grid["effective_growth_per_year"] ** (-grid["years_from_start"] / grid["gamma"])
    grid["top1_error_percent"] = 100.0 * grid["top1_error"]
    table = pd.DataFrame({"target_error": wanted, "target_label": [f"{100 * t:g}% top-1 error" for t in wanted]}).merge(settings, how="cross")
    ratio = np.maximum(start / table["target_error"], 1.0)  # a target already reached needs nothing more
    table["years_needed"] = table["gamma"] * np.log(ratio) / np.log(table["effective_growth_per_year"])
    table["year_reached"] = first + table["years_needed"]
    table["compute_multiplier_needed"] = ratio ** table["gamma"]
    table["label"] = [f"{math.floor(y)}" if y <= _LAST_YEAR else f"after {_LAST_YEAR}" for y in table["year_reached"]]
    return grid, table


def headline_numbers(
    gamma: float,
    gamma_low: float,
    gamma_high: float,
    n_models: int,
    table: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The book's main numbers side by side: exponents, multipliers and growth factors per year.

    ``gamma`` (with its 95 % interval ``gamma_low``–``gamma_high``, each in (0, 100]) is this
    book's fit on ``n_models`` models, computed on the page. ``table`` (default
    :func:`scaling_lib.data.model_compute_table`) gives AlexNet → NASNet-A: the ratio of their
    hardware burdens and of their chips' peak rates. Columns ``quantity``, ``value``, ``kind``,
    ``source``, ``how``, ``chapter``. Chapter *Where this leaves us*.
    """
    fit = [check_number(name, value, low=0.0, high=100.0, low_open=True)
           for name, value in (("gamma", gamma), ("gamma_low", gamma_low), ("gamma_high", gamma_high))]
    n = check_int("n_models", n_models, low=3, high=100_000)
    table = data.model_compute_table() if table is None else check_frame("table", table, ("model", "hardware_burden_flop", "peak_flops_used"))
    v2 = next(g for g in vocabulary.PUBLISHED_GAMMAS if (g.version, g.measure) == ("v2", "hardware burden"))
    article = "IEEE Spectrum article (thompson2021diminishing)"
    rows = [
        ("data to halve the error (k² at k = 2)", 2.0**2, "multiplier", article, "k² with k = 2", "bounds"),
        ("data for a 10× better model (k² at k = 10)", 10.0**2, "multiplier", article, "k² with k = 10", "bounds"),
        ("compute to halve the error, theory (k⁴ at k = 2)", 2.0**4, "multiplier", article, "k⁴ with k = 2", "bounds"),
        ("compute for a 10× better model, theory (k⁴ at k = 10)", 10.0**4, "multiplier", article + ": at least 10,000×", "k⁴ with k = 10", "bounds"),
        ("compute to halve the error at the ninth power (2⁹)", 2.0**9, "multiplier", article + ": more than 500×", "2⁹", "scaling"),
        ("γ, theoretical floor", 4.0, "exponent γ", article, "k² data × k² parameters", "bounds"),
        (f"γ, this book's fit on hardware burden (n = {n}; 95 % CI {fit[1]:.1f}–{fit[2]:.1f})", fit[0], "exponent γ",
         "this book's ImageNet table (sources per row)", "OLS of log₁₀ error on log₁₀ hardware burden, γ = −1/slope", "outlook"),
        ("γ, article (at least the ninth power)", 9.0, "exponent γ", article, "stated", "scaling"),
        (f"γ, paper v2 (ImageNet, hardware burden; 95 % CI {v2.gamma_low:g}–{v2.gamma_high:g})", v2.gamma, "exponent γ",
         f"{v2.source}, {v2.status} (thompson2022computational)", "stated", "scaling"),
        ("γ implied by paper v1's extrapolation", vocabulary.v1_implied_gamma(), "exponent γ",
         "paper v1 extrapolation table, 10¹⁴ → 10¹⁹ Gflop for 11.5 % → 5 %; derived from recalled (UNVERIFIED) cells "
         "(thompson2020computational)", "ln(10⁵) ÷ ln(11.5 / 5)", "scaling"),
    ]
    first_word = table["model"].astype(str).str.split(" ").str[0]
    pair = table.groupby(first_word)[["hardware_burden_flop", "peak_flops_used"]].first().reindex(["NASNet-A", "AlexNet"])
    burden_ratio, chip_ratio = pair.iloc[0].to_numpy(dtype=float) / pair.iloc[1].to_numpy(dtype=float)
    if np.isfinite([burden_ratio, chip_ratio]).all():  # both models and their chips are in the table
        rows += [("compute, AlexNet → NASNet-A (hardware burden)", burden_ratio, "multiplier",
                  article + ": more than 1,000×; this book's data", "ratio of hardware burdens", "hardware"),
                 ("of which faster chips (P100 ÷ GTX 580 peak FP32)", chip_ratio, "multiplier",
                  article + ": about 6×; Epoch AI hardware data (epoch2024hardware)", "ratio of peak rates", "hardware")]
    rows += [
        ("algorithmic gain, AlexNet-level accuracy 2012 → 2019", 44.0, "multiplier", "Hernandez & Brown 2020 (hernandez2020measuring)", "stated", "outlook"),
        ("algorithmic gain per year (44× over 7 years)", 44.0 ** (1 / 7), "growth per year", "derived from hernandez2020measuring", "44^(1/7)", "outlook"),
        ("algorithmic gain per year (halving every 9 months)", 2.0 ** (12 / 9), "growth per year", "Erdil & Besiroglu 2022 (erdil2022algorithmic)", "2^(12/9)", "outlook"),
        ("hardware price-performance per year", 1.30, "growth per year", "Epoch AI (epoch2024hardware)", "stated", "hardware"),
        ("training compute of notable models per year", 4.1, "growth per year", "Epoch AI (epoch2025notable)", "stated", "hardware"),
    ]
    return pd.DataFrame(rows, columns=["quantity", "value", "kind", "source", "how", "chapter"])
