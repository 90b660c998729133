"""Answer checks for the exercises of *Better chips or more of them* (``book/hardware.md``).

Each expected value comes straight from ``data/accelerators.csv`` with numpy (``numpy.polyfit``,
a ratio of two cells), not from the statsmodels fit or the arithmetic the chapter shows.
"""
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


def _ratio(column: str) -> float:
    """Noisy Student's ``column`` in the model table ÷ AlexNet's (the ratios the chapter's decomposition multiplies)."""
    rows = data.model_compute_table().set_index("model")[column]
    return float(rows["Noisy Student (EfficientNet-L2)"] / rows[rows.index.str.startswith("AlexNet")].iloc[0])


def _consumer(column: str = "per_dollar", only: bool = True) -> float:
    """Doubling time of ``column`` (FP32 per dollar by default) on the consumer cards (GeForce or TITAN), or on all chips."""
    chips = _chips().assign(per_dollar=lambda c: c["peak_flops_fp32"] / c["launch_price_usd"])
    return _doubling_years(chips[chips.index.str.contains("GeForce|TITAN", case=False) | (not only)], column)


register("hardware-speed", lambda: _chips().loc["Google TPU v3", "peak_flops_tensor16_dense"] / _chips().loc["NVIDIA GeForce GTX 580", "peak_flops_fp32"],
         relative_tolerance=0.01, unit="× per-processor speed",
         hint="take the two rows of the model table and divide Noisy Student's peak_flops_used by AlexNet's.",
         mistakes={"the whole compute ratio (speed × count × time), not the speed ratio alone": lambda: _ratio("hardware_burden_flop")})
register("hardware-ten-million", lambda: 50 * math.log(2.0) / math.log(1e7), relative_tolerance=0.01, unit="years per doubling",
         hint="a quantity that doubles every T years grows by 2^(years/T); solve 2^(50/T) = 10^7 for T.",
         mistakes={"log10 of ten million (7) used where the number of doublings, log2, is asked": 50 / math.log10(1e7),
                   "the number of doublings, not the years per doubling": math.log2(1e7)})
register("hardware-recent-trend", lambda: _doubling_years(_chips().query("year >= 2016"), "peak_flops_fp32"), relative_tolerance=0.01, unit="years",
         hint="pass doubling_time the chips with year >= 2016 and read doubling_years for 'peak_flops_fp32'.",
         mistakes={"the whole table's doubling time, not the one since 2016": lambda: _doubling_years(_chips(), "peak_flops_fp32"),
                   "the fitted slope, not the doubling time log10(2) ÷ slope": lambda: math.log10(2.0) / _doubling_years(_chips().query("year >= 2016"), "peak_flops_fp32")})
register("hardware-consumer-dollar", _consumer, relative_tolerance=0.01, unit="years",
         hint="keep the chips whose processor name contains 'GeForce' or 'TITAN' (str.contains with case=False), "
         "then pass them to doubling_time with 'per_dollar_fp32'.",
         mistakes={"all chips' per-dollar doubling time, not the consumer cards'": lambda: _consumer(only=False),
                   "the consumer cards' FP32 speed, not their FP32 per dollar": lambda: _consumer("peak_flops_fp32")})
