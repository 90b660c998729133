"""Answer checks for the exercises of *Better chips or more of them* (``book/hardware.md``).

Each expected value comes straight from ``data/accelerators.csv`` with numpy (``numpy.polyfit``,
a ratio of two cells), not from the statsmodels fit or the arithmetic the chapter shows.
"""
from __future__ import annotations

import math

import numpy as np

from .. import data, hardware, vocabulary
from . import register


def _chips():
    chips = data.load_accelerators()
    chips = chips[~chips["processor"].isin(hardware.DUPLICATE_CHIPS)]
    return chips.assign(year=vocabulary.decimal_year(chips["release_date"])).set_index("processor")


def _doubling_years(chips, column: str) -> float:
    """log10(2) / slope of a least-squares line of log10(column) on year."""
    rows = chips.dropna(subset=[column])
    return math.log10(2.0) / np.polyfit(rows["year"], np.log10(rows[column]), 1)[0]


register(
    "hardware-speed",
    lambda: _chips().loc["Google TPU v3", "peak_flops_tensor16_dense"] / _chips().loc["NVIDIA GeForce GTX 580", "peak_flops_fp32"],
    relative_tolerance=0.01,
    hint="take the two rows of the model table and divide Noisy Student's peak_flops_used by AlexNet's.",
    unit="× per-processor speed",
)
register(
    "hardware-ten-million",
    lambda: 50 * math.log(2.0) / math.log(1e7),
    relative_tolerance=0.01,
    hint="a quantity that doubles every T years grows by 2^(years/T); solve 2^(50/T) = 10^7 for T.",
    unit="years per doubling",
)
register(
    "hardware-recent-trend",
    lambda: _doubling_years(_chips().query("year >= 2016"), "peak_flops_fp32"),
    relative_tolerance=0.01,
    hint="pass doubling_time the chips with year >= 2016 and read doubling_years for 'peak_flops_fp32'.",
    unit="years",
)
register(
    "hardware-consumer-dollar",
    lambda: _doubling_years(
        _chips().assign(per_dollar=lambda c: c["peak_flops_fp32"] / c["launch_price_usd"])
        .loc[lambda c: c.index.str.contains("GeForce|TITAN", case=False)], "per_dollar"),
    relative_tolerance=0.01,
    hint="keep the chips whose processor name contains 'GeForce' or 'TITAN' (str.contains with case=False), "
    "then pass them to doubling_time with 'per_dollar_fp32'.",
    unit="years",
)
