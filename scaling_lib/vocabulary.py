"""Names shared by the chapters: compute measures, extra-data groups, published values, dates.

Every chapter that draws or fits ImageNet models uses these, so a group has one
label, one colour and one shape on every page of the site, and the paper's
published exponents are written down once. Computation modules import this; so do
the chart builders (the colours are the hex values of :mod:`scaling_lib.charts.theme`,
kept here as plain strings so that computation never imports the chart layer).
"""
from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from scaling_lib._checks import check_array, check_choice, check_dates

__all__ = [
    "Measure", "MEASURES", "DEFAULT_MEASURE", "measure",
    "DataGroup", "EXTRA_DATA_GROUPS", "GROUP_LABELS", "GROUP_COLOURS", "GROUP_SHAPES", "extra_data_group",
    "CUTOFF_DATE", "PERIODS", "PublishedGamma", "PUBLISHED_GAMMAS", "V1_EXTRAPOLATION", "v1_implied_gamma",
    "decimal_year", "record_setting",
]


# ------------------------------------------------------------------ compute measures
class Measure(NamedTuple):
    """One way of counting a model's training compute (all in FLOP)."""

    label: str  #: the name used in prose, tables, menus and legends
    column: str  #: the column of :func:`scaling_lib.data.model_compute_table`, in FLOP
    meaning: str  #: how it is counted


MEASURES: dict[str, Measure] = {
    m.label: m
    for m in (
        Measure("hardware burden", "hardware_burden_flop",
                "processors × peak FLOP/s per processor × training time (the paper's main measure)"),
        Measure("network operations", "network_operations_flop",
                "forward FLOP per image × 3 (forward and backward) × training images × epochs (the paper's second measure)"),
        Measure("training compute (Epoch AI)", "training_compute_flop",
                "Epoch AI's estimate of the operations actually performed"),
    )
}
"""The compute measures of the model table, by label, in the order menus list them."""

DEFAULT_MEASURE = "hardware burden"
"""The measure of the headline numbers: the one the paper's main fits and extrapolations use."""


def measure(label: str) -> Measure:
    """The :class:`Measure` called ``label``; ``ValueError`` naming the allowed labels otherwise."""
    return MEASURES[check_choice("label", label, tuple(MEASURES))]


# ------------------------------------------------------------------ extra training data
class DataGroup(NamedTuple):
    """A kind of training data beyond ImageNet-1k, with how every chart draws it."""

    label: str
    colour: str  #: hex colour (a :data:`scaling_lib.charts.theme.PALETTE` entry)
    shape: str  #: Vega-Lite point shape


EXTRA_DATA_GROUPS: tuple[DataGroup, ...] = (
    DataGroup("ImageNet-1k only", "#0072B2", "circle"),  # theme BLUE
    DataGroup("public extra data (ImageNet-21k, …)", "#009E73", "triangle-up"),  # theme GREEN
    DataGroup("Instagram images (Meta, private)", "#CC79A7", "square"),  # theme PURPLE
    DataGroup("JFT images (Google, private)", "#D55E00", "diamond"),  # theme VERMILION
)
"""The extra-data groups in legend order; every chart of the site colours and shapes models by these."""

GROUP_LABELS = [g.label for g in EXTRA_DATA_GROUPS]
GROUP_COLOURS = [g.colour for g in EXTRA_DATA_GROUPS]
GROUP_SHAPES = [g.shape for g in EXTRA_DATA_GROUPS]


def extra_data_group(extra_training_data: str) -> str:
    """The :data:`EXTRA_DATA_GROUPS` label of one ``extra_training_data`` cell of the model table.

    ``"none"`` → ImageNet-1k only; text naming JFT → Google; Instagram or an ``IG-``
    set → Meta; ImageNet-21k or "public" → public extra data. Any other text raises
    ``ValueError``, so a new kind of data in the CSV is noticed rather than lumped in.
    """
    if not isinstance(extra_training_data, str) or not extra_training_data.strip():
        raise ValueError(f"extra_training_data must be 'none' or name the data, got {extra_training_data!r}")
    text = extra_training_data.strip().lower()
    if text == "none":
        return GROUP_LABELS[0]
    if "jft" in text:
        return GROUP_LABELS[3]
    if "instagram" in text or "ig-" in text:
        return GROUP_LABELS[2]
    if "imagenet-21k" in text or "public" in text:
        return GROUP_LABELS[1]
    raise ValueError(f"extra_training_data {extra_training_data!r} fits none of the groups {GROUP_LABELS}")


# ------------------------------------------------------------------ the paper's published values
CUTOFF_DATE = pd.Timestamp("2020-06-30")
"""The last publication date the paper's v1 (10 July 2020) could have seen: the forecast tests' cut-off."""

PERIODS = ("up to mid-2020", "after mid-2020")
"""Labels of models published up to and after :data:`CUTOFF_DATE`."""


class PublishedGamma(NamedTuple):
    """An ImageNet compute exponent γ as a source states it (NaN where it gives no interval or n)."""

    version: str  #: "v2", "v1", "article" or "theory"
    source: str
    measure: str
    gamma: float
    gamma_low: float
    gamma_high: float
    n: float
    status: str  #: provenance, as in the project reference (VERIFIED, SECONDARY, derived …)


V1_EXTRAPOLATION = {"error_today": 0.115, "gflop_today": 1e14, "error_target": 0.05, "gflop_target": 1e19}
"""Paper v1's ImageNet extrapolation (polynomial model): 10¹⁴ Gflop at 11.5 % top-1 error today,
10¹⁹ Gflop at 5 % (``thompson2020computational``; cells recalled, status UNVERIFIED)."""


def v1_implied_gamma() -> float:
    """γ implied by v1's extrapolation table: log(compute ratio) / log(error ratio) ≈ 13.8."""
    v = V1_EXTRAPOLATION
    return math.log(v["gflop_target"] / v["gflop_today"]) / math.log(v["error_today"] / v["error_target"])


_NAN = float("nan")
PUBLISHED_GAMMAS: tuple[PublishedGamma, ...] = (
    PublishedGamma("v2", "paper v2 (2022), Table 2(b)", "hardware burden", 10.8, 9.5, 12.3, 104,
                   "SECONDARY (read in a summary of v2, not checked against the PDF)"),
    PublishedGamma("v2", "paper v2 (2022), Table 2(a)", "network operations", 12.1, 10.6, 14.1, 80,
                   "SECONDARY (read in a summary of v2, not checked against the PDF)"),
    PublishedGamma("v1", "paper v1 (2020), extrapolation table", "hardware burden", v1_implied_gamma(), _NAN, _NAN, _NAN,
                   "derived from recalled (UNVERIFIED) table cells"),
    PublishedGamma("article", "IEEE Spectrum article (2021)", "(not stated)", 9.0, _NAN, _NAN, _NAN,
                   "VERIFIED: 'at least the ninth power', a lower bound"),
    PublishedGamma("theory", "k² data × k² parameters", "any", 4.0, _NAN, _NAN, _NAN,
                   "derived in the bounds chapter"),
)
"""Every published γ the book compares with, each with its version and provenance."""


# ------------------------------------------------------------------ dates and records
def decimal_year(dates: Any) -> np.ndarray:
    """Dates as decimal years (1 January 2012 is 2012.0; day d of the year adds (d − 1)/365.25)."""
    parsed = check_dates("dates", dates, min_length=0)
    return (parsed.dt.year + (parsed.dt.day_of_year - 1) / 365.25).to_numpy(dtype=float)


def record_setting(dates: Any, error: Any) -> np.ndarray:
    """``True`` for the models that set a record: error strictly below every earlier date's best.

    Models tied for the best error on the same date are all marked. ``dates`` are
    anything :func:`pandas.to_datetime` reads, ``error`` a fraction per model.
    """
    keys = decimal_year(dates)
    error = check_array("error", error, low=0.0, high=1.0, low_open=True, high_open=True, min_length=0)
    if error.shape != keys.shape:
        raise ValueError(f"dates and error must have one value per model, got {keys.size} dates and {error.size} errors")
    frame = pd.DataFrame({"key": keys, "error": error})
    best_on_date = frame.groupby("key")["error"].min().sort_index()
    previous_record = best_on_date.cummin().shift(1, fill_value=np.inf)
    return (error < frame["key"].map(previous_record).to_numpy()) & (error <= frame["key"].map(best_on_date).to_numpy())
