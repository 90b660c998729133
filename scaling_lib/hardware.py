"""Better chips or more of them: the plumbing behind the hardware chapter (``book/hardware.md``).

The chapter fits the chip trends and multiplies out the AlexNet → NASNet-A
decomposition in its own cells. What stays here feeds its charts and its live
control: chips and fitted trend values in one long table, the decomposition for
every ordered pair of training runs, and every run redone on every priced chip.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from scaling_lib import costs
from scaling_lib._checks import check_array, check_choice, check_frame, check_number, check_positive
from scaling_lib.data import peak_flops_for_precision
from scaling_lib.vocabulary import decimal_year

__all__ = [
    "DUPLICATE_CHIPS", "SERIES", "TREND_COLUMNS", "FACTORS", "HOURS_PER_YEAR", "DEFAULT_AMORTIZATION_YEARS",
    "trend_points", "decomposition_pairs", "retro_cost_table",
]

DUPLICATE_CHIPS = ("NVIDIA V100",)
"""Rows of ``data/accelerators.csv`` left out of trends and cost tables: Epoch AI's generic "V100"
repeats the V100 SXM2 row (it is there so that a paper saying only "V100" can be matched)."""

SERIES = {"fp32": "FP32 (non-tensor)", "tensor16": "16-bit tensor (dense)"}
"""The two number formats the chapter keeps apart, with their legend labels."""

TREND_COLUMNS = {
    "peak": {"fp32": "peak_flops_fp32", "tensor16": "peak_flops_tensor16_dense"},
    "per dollar": {"fp32": "per_dollar_fp32", "tensor16": "per_dollar_tensor16"},
    "per watt": {"fp32": "per_watt_fp32", "tensor16": "per_watt_tensor16"},
}
"""The chapter's chip columns by measure and format: peak FLOP/s, FLOP/s per launch US$, FLOP/s per W of TDP."""

FACTORS = ("per-processor speed", "processor count", "training time")
"""The three factors of a hardware burden, in the order the waterfall multiplies them."""

HOURS_PER_YEAR = 365.25 * 24.0
"""Hours in a Julian year (8,766)."""

DEFAULT_AMORTIZATION_YEARS = 3.0
"""Years of round-the-clock use over which a chip's launch price is spread (an assumption, not a sourced figure)."""

def _positive_column(frame: pd.DataFrame, name: str, column: str) -> np.ndarray:
    return check_array(f"{name}[{column!r}]", frame[column], low=0.0, low_open=True)


def trend_points(chips: pd.DataFrame, trends: pd.DataFrame, measure: str = "peak") -> pd.DataFrame:
    """Chips and their fitted trend values for one measure, long form (one row per chip and format).

    ``chips`` holds ``processor``, ``release_date``, ``year`` (decimal) and the columns of
    :data:`TREND_COLUMNS` ``[measure]``; ``trends`` is indexed by those column names with the
    fit's ``intercept`` and ``slope`` (log₁₀ units per year), as the chapter builds it.
    Returns ``processor``, ``date``, ``year``, ``series``, ``value`` and ``fitted``
    = 10^(intercept + slope × year), in the measure's unit. Chapter on hardware.
    """
    check_choice("measure", measure, tuple(TREND_COLUMNS))
    columns = {column: SERIES[series] for series, column in TREND_COLUMNS[measure].items()}
    check_frame("chips", chips, ("processor", "release_date", "year", *columns))
    check_frame("trends", trends, ("intercept", "slope"))
    if not set(columns) <= set(trends.index):
        raise ValueError(f"trends must have a row for each of {list(columns)}; its index is {list(trends.index)}")
    fit = check_array("trends[['intercept', 'slope']]", trends.loc[list(columns), ["intercept", "slope"]], ndim=2)
    check_array("chips['year']", chips["year"], low=1950.0, high=2100.0)
    points = chips.assign(date=pd.to_datetime(chips["release_date"]).dt.strftime("%Y-%m-%d")).melt(
        id_vars=["processor", "date", "year"], value_vars=list(columns), var_name="column", value_name="value")
    value = pd.to_numeric(points["value"], errors="coerce")
    points = points[np.isfinite(value) & (value > 0)].astype({"value": float, "year": float})
    if points.empty:
        raise ValueError(f"chips has no positive value in {list(columns)}")
    row = points["column"].map({column: k for k, column in enumerate(columns)}).to_numpy()
    points["fitted"] = 10.0 ** (fit[row, 0] + fit[row, 1] * points["year"].to_numpy())
    points["series"] = points["column"].map(columns)
    return points.drop(columns="column").sort_values(["series", "year"]).reset_index(drop=True)


def decomposition_pairs(runs: pd.DataFrame) -> pd.DataFrame:
    """The hardware-burden decomposition for every ordered pair of ``runs``, as waterfall steps.

    ``runs`` has one row per training run with ``model``, ``processor``, ``processor_count``,
    ``train_hours`` and ``peak_flops_used`` (FLOP/s per processor), all known. Each pair gives
    four rows, ``step`` in :data:`FACTORS` then ``"total"``: ``ratio`` (to ÷ from), ``start``
    and ``end`` (the running product before and after; the total runs from 1), ``direction``
    ("up", "down" or "level"), and both processors. Chapter on hardware.
    """
    check_frame("runs", runs, ("model", "processor", "processor_count", "train_hours", "peak_flops_used"))
    peak, count, hours = (_positive_column(runs, "runs", c) for c in ("peak_flops_used", "processor_count", "train_hours"))
    i, j = (grid.ravel() for grid in np.meshgrid(np.arange(len(runs)), np.arange(len(runs)), indexing="ij"))
    ratios = np.column_stack([peak[j] / peak[i], count[j] / count[i], hours[j] / hours[i]])
    running = np.cumprod(ratios, axis=1)
    ones = np.ones(len(i))
    models, processors = runs["model"].to_numpy(), runs["processor"].to_numpy()
    frame = pd.DataFrame({
        "model_from": np.repeat(models[i], 4), "model_to": np.repeat(models[j], 4),
        "step": np.tile([*FACTORS, "total"], len(i)),
        "ratio": np.column_stack([ratios, running[:, -1]]).ravel(),
        "start": np.column_stack([ones, running[:, 0], running[:, 1], ones]).ravel(),
        "end": np.column_stack([running, running[:, -1]]).ravel(),
        "processor_from": np.repeat(processors[i], 4), "processor_to": np.repeat(processors[j], 4),
    })
    level = np.isclose(frame["ratio"], 1.0, rtol=1e-12)
    frame["direction"] = np.where(level, "level", np.where(frame["ratio"] > 1, "up", "down"))
    return frame


def retro_cost_table(
    runs: pd.DataFrame,
    chips: pd.DataFrame,
    amortization_years: float = DEFAULT_AMORTIZATION_YEARS,
    utilization: float = 1.0,
) -> pd.DataFrame:
    """Every run's hardware burden redone on every chip with a launch price: chip-hours, days, US$, kWh.

    ``runs`` needs ``model``, ``publication_year``, ``processor``, ``processor_count`` and
    ``hardware_burden_flop`` (FLOP); ``chips`` is ``data.load_accelerators()``. Each chip runs at
    its best dense rate (16-bit tensor where it has one) × ``utilization`` (0, 1], on the run's
    chip count. Cost = chip-hours × launch price ÷ (``amortization_years`` × 8,766 h); energy is
    the chips' own at TDP (no data-centre overhead); both through :mod:`scaling_lib.costs`.
    Chapter on hardware.
    """
    check_frame("runs", runs, ("model", "publication_year", "processor", "processor_count", "hardware_burden_flop"))
    check_frame("chips", chips, ("processor", "kind", "release_date", "peak_flops_fp32", "peak_flops_tensor16_dense",
                                 "tdp_w", "launch_price_usd"))
    years = check_positive("amortization_years", amortization_years, high=50.0)
    use = check_number("utilization", utilization, low=0.0, high=1.0, low_open=True)
    compute = _positive_column(runs, "runs", "hardware_burden_flop")
    count = _positive_column(runs, "runs", "processor_count")
    peak = peak_flops_for_precision(chips["peak_flops_fp32"], chips["peak_flops_tensor16_dense"], chips["kind"], "best")
    priced = chips.assign(peak_flops=peak, release_year=decimal_year(chips["release_date"]))
    priced = priced[np.isfinite(peak) & (peak > 0) & (priced["launch_price_usd"] > 0) & (priced["tdp_w"] > 0)
                    & ~priced["processor"].isin(DUPLICATE_CHIPS)]
    if priced.empty:
        raise ValueError("chips has no chip with a launch price, a TDP and a peak rate")
    hours, dollars, energy = [], [], []  # one block of rows per chip, every run in each
    for chip in priced.itertuples():
        chain = costs.cost_chain(compute, peak_flops=chip.peak_flops, utilization=use, device_watts=chip.tdp_w, pue=1.0,
                                 dollars_per_gpu_hour=chip.launch_price_usd / (years * HOURS_PER_YEAR))
        hours.append(chain["device_hours"]), dollars.append(chain["dollars"]), energy.append(chain["energy_kwh"])
    n_chips, chip_hours = len(priced), np.concatenate(hours)
    table = pd.DataFrame({
        "model": np.tile(runs["model"].to_numpy(), n_chips), "run_year": np.tile(runs["publication_year"].to_numpy(dtype=float), n_chips),
        "original_processor": np.tile(runs["processor"].to_numpy(), n_chips), "processor_count": np.tile(count, n_chips),
        **{column: np.repeat(priced[column].to_numpy(), len(runs)) for column in ("processor", "release_year", "peak_flops")},
        "chip_hours": chip_hours, "wall_days": chip_hours / np.tile(count, n_chips) / 24.0,
        "amortized_cost_usd": np.concatenate(dollars), "chip_energy_kwh": np.concatenate(energy),
    })
    table["is_original"] = table["processor"] == table["original_processor"]
    table.attrs.update({"amortization_years": years, "utilization": use})
    return table
