"""From FLOP to dollars, kilowatt-hours, pounds of CO2 and comparisons people grasp.

The article (``thompson2021diminishing``) turns the 10^19 Gflop (= 10^28 FLOP)
needed for 5 % ImageNet error into about US$100 billion and about a month of
New York City's CO2 emissions, using conversions based on Strubell et al.
(``strubell2019energy``). This module makes every step of such a conversion an
explicit, named factor::

    GPU-hours   = compute_flop / (peak_flops * utilization * 3600)
    dollars     = GPU-hours * dollars_per_gpu_hour
    energy_kwh  = GPU-hours * device_watts / 1000 * pue
    co2_lbs     = energy_kwh * lbs_co2_per_kwh

Two readings of "FLOP"
----------------------
The paper's main compute measure, the *hardware burden*, is processors x peak
FLOP/s x training time (a secondary summary of the paper; see the project
reference). A hardware-burden FLOP is a *peak* FLOP, so converting it back to
GPU-hours needs ``utilization = 1``. FLOP actually performed by the network
(the "network operations" measure, or Epoch AI's training compute) run at a
fraction of peak, typically a third or so, so pass ``utilization`` around 0.3
to 0.4 for them. The default scenario below uses 1.0 because the numbers it
is meant to check (10^28 FLOP for 5 % ImageNet error) are hardware burden.

Default scenario (``DEFAULT_SCENARIO``, the defaults of every function)
-----------------------------------------------------------------------
An NVIDIA P100 rented in the cloud, as in Strubell et al.'s Table 3, the work
the article names for its conversions:

* ``peak_flops = 9.3e12`` FLOP/s: P100 (PCIe) FP32 peak, Epoch AI ML hardware
  data (``epoch2024hardware``). VERIFIED.
* ``device_watts = 250`` W: P100 (PCIe) TDP, same source. VERIFIED. (Strubell
  et al. measured about 1,515 W for 8 GPUs plus CPU and DRAM, ~190 W per GPU:
  UNVERIFIED.)
* ``dollars_per_gpu_hour = 1.46`` US$: derived from Strubell et al. Table 3,
  Transformer (big), 8 P100 for 84 h costing $289-$981 of cloud compute:
  $981 / 672 GPU-hours = $1.46 (on-demand); the low end is $0.43 (preemptible).
  The Table 3 values are UNVERIFIED in the project reference.
* ``utilization = 1.0``: hardware-burden convention (above). Assumption.
* ``pue = 1.58``: Strubell et al.'s power usage effectiveness (2018 industry
  average). VERIFIED (secondary page).
* ``lbs_co2_per_kwh = 0.954``: Strubell et al.'s US average grid intensity
  (EPA 2018). UNVERIFIED.

Comparisons: New York City emitted 49.3 Mt CO2e in 2009 (``nyc2010inventory``,
VERIFIED; 48.4 Mt in 2020 per the NYU Marron Institute, VERIFIED); one
passenger's New York <-> San Francisco air travel is 1,984 lbs CO2e in
Strubell et al. (VERIFIED via secondary pages).

Explained in the book's chapter on the cost of the extrapolations ("what
10^28 FLOP would cost"). Pure computation: no plotting imports.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from scaling_lib._checks import check_array, check_choice, check_number, check_positive, finite_result

__all__ = [
    "CostScenario",
    "DEFAULT_SCENARIO",
    "SCENARIOS",
    "KG_PER_LB",
    "PUE_STRUBELL",
    "LBS_CO2_PER_KWH_STRUBELL",
    "LBS_CO2_PER_FLIGHT_NY_SF",
    "NYC_TONNES_CO2_PER_YEAR_2009",
    "NYC_TONNES_CO2_PER_YEAR_2020",
    "gpu_hours",
    "dollars_per_flop",
    "flop_to_dollars",
    "flop_to_energy_kwh",
    "energy_to_co2_lbs",
    "flop_to_co2_lbs",
    "lbs_to_tonnes",
    "co2_in_nyc_months",
    "co2_in_flights",
    "paper_implied_rates",
    "v1_imagenet_table",
    "strubell_implied_rates",
    "scenario_table",
    "cost_table",
]

KG_PER_LB = 0.45359237
"""Kilograms per avoirdupois pound (exact, by the 1959 international definition)."""

PUE_STRUBELL = 1.58
"""Power usage effectiveness used by Strubell et al. (2019): 2018 data-centre average. VERIFIED (secondary page)."""

LBS_CO2_PER_KWH_STRUBELL = 0.954
"""lbs CO2e per kWh, US average (EPA 2018), as used by Strubell et al. (2019). UNVERIFIED."""

LBS_CO2_PER_FLIGHT_NY_SF = 1984.0
"""lbs CO2e for one passenger's New York <-> San Francisco air travel (Strubell et al. 2019). VERIFIED (secondary pages)."""

NYC_TONNES_CO2_PER_YEAR_2009 = 49.3e6
"""New York City's greenhouse-gas emissions in 2009, t CO2e (nyc.gov PR-412-10; key nyc2010inventory). VERIFIED."""

NYC_TONNES_CO2_PER_YEAR_2020 = 48.4e6
"""New York City's greenhouse-gas emissions in 2020, t CO2e (NYU Marron Institute page). VERIFIED."""

_SECONDS_PER_HOUR = 3600.0


@dataclass(frozen=True)
class CostScenario:
    """A named set of conversion factors (see the module docstring for sources)."""

    name: str
    description: str
    peak_flops: float
    utilization: float
    dollars_per_gpu_hour: float
    device_watts: float
    pue: float
    lbs_co2_per_kwh: float

    def factors(self) -> dict[str, float]:
        """The numeric factors as keyword arguments for :func:`cost_table` and the converters."""
        out = asdict(self)
        del out["name"], out["description"]
        return out


DEFAULT_SCENARIO = CostScenario(
    name="p100_strubell",
    description=(
        "NVIDIA P100 rented on demand as in Strubell et al. (2019) Table 3; FLOP read as hardware burden "
        "(peak FLOP/s x time), hence utilization 1"
    ),
    peak_flops=9.3e12,
    utilization=1.0,
    dollars_per_gpu_hour=1.46,
    device_watts=250.0,
    pue=PUE_STRUBELL,
    lbs_co2_per_kwh=LBS_CO2_PER_KWH_STRUBELL,
)

SCENARIOS: dict[str, CostScenario] = {
    DEFAULT_SCENARIO.name: DEFAULT_SCENARIO,
    "p100_strubell_preemptible": CostScenario(
        name="p100_strubell_preemptible",
        description="as p100_strubell, at the low end of Strubell et al.'s cloud price range ($289 / 672 GPU-hours)",
        peak_flops=9.3e12,
        utilization=1.0,
        dollars_per_gpu_hour=0.43,
        device_watts=250.0,
        pue=PUE_STRUBELL,
        lbs_co2_per_kwh=LBS_CO2_PER_KWH_STRUBELL,
    ),
    "v100_actual_flop": CostScenario(
        name="v100_actual_flop",
        description=(
            "NVIDIA V100 SXM2 at its dense 16-bit tensor peak (125 TFLOP/s, 300 W TDP: Epoch AI, VERIFIED), "
            "FLOP read as operations actually performed at an assumed 35 % utilization (assumption), "
            "priced at the P100 on-demand rate derived from Strubell et al. ($1.46 per GPU-hour; a V100 rented "
            "for more, so this is a lower bound on price)"
        ),
        peak_flops=125e12,
        utilization=0.35,
        dollars_per_gpu_hour=1.46,
        device_watts=300.0,
        pue=PUE_STRUBELL,
        lbs_co2_per_kwh=LBS_CO2_PER_KWH_STRUBELL,
    ),
}
"""Named scenarios. ``p100_strubell`` is the default of every function."""

_D = DEFAULT_SCENARIO

_SCENARIO_SOURCES: dict[str, dict[str, tuple[str, str]]] = {
    "p100_strubell_preemptible": {
        "dollars_per_gpu_hour": ("derived from Strubell et al. Table 3, low end $289 / 672 GPU-hours (strubell2019energy)", "UNVERIFIED"),
    },
    "v100_actual_flop": {
        "peak_flops": ("V100 SXM2 dense 16-bit tensor peak, Epoch AI ML hardware data (epoch2024hardware)", "VERIFIED"),
        "utilization": ("assumed share of peak reached by real training runs", "assumption"),
        "dollars_per_gpu_hour": ("P100 on-demand price derived from Strubell et al. Table 3, used as a floor for a V100", "UNVERIFIED"),
        "device_watts": ("V100 SXM2 TDP, Epoch AI ML hardware data (epoch2024hardware)", "VERIFIED"),
    },
}


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------
def _check_amount(name: str, value: Any) -> tuple[np.ndarray | float, bool]:
    """A non-negative finite scalar (returned as float) or 1-D array (returned as float array)."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, (str, bytes)) or value is None or np.ndim(value) == 0:
        return check_number(name, value, low=0.0), True
    return check_array(name, value, low=0.0), False


def _out(value: np.ndarray | float, scalar: bool) -> float | np.ndarray:
    return float(value) if scalar else np.asarray(value, dtype=float)


def _check_peak(peak_flops: Any) -> float:
    return check_positive("peak_flops", peak_flops)


def _check_utilization(utilization: Any) -> float:
    return check_number("utilization", utilization, low=0.0, high=1.0, low_open=True)


def _check_pue(pue: Any) -> float:
    return check_number("pue", pue, low=1.0, high=5.0)


# ---------------------------------------------------------------------------
# Converters
# ---------------------------------------------------------------------------
@finite_result
def gpu_hours(
    compute_flop: float | ArrayLike,
    *,
    peak_flops: float = _D.peak_flops,
    utilization: float = _D.utilization,
) -> float | np.ndarray:
    """Device-hours needed to perform ``compute_flop``: ``compute_flop / (peak_flops * utilization * 3600)``.

    ``compute_flop`` in FLOP (non-negative scalar or 1-D array); ``peak_flops``
    in FLOP/s per device (default 9.3e12, P100 FP32, Epoch AI, VERIFIED);
    ``utilization`` in (0, 1] (default 1.0: hardware-burden FLOP are peak FLOP).
    Returns hours (float for a scalar, else an array). Explained in the chapter
    on the cost of the extrapolations.
    """
    amount, scalar = _check_amount("compute_flop", compute_flop)
    peak = _check_peak(peak_flops)
    util = _check_utilization(utilization)
    return _out(np.asarray(amount) / (peak * util * _SECONDS_PER_HOUR), scalar)


@finite_result
def dollars_per_flop(
    *,
    dollars_per_gpu_hour: float = _D.dollars_per_gpu_hour,
    peak_flops: float = _D.peak_flops,
    utilization: float = _D.utilization,
) -> float:
    """Price of one FLOP in US$: ``dollars_per_gpu_hour / (3600 * peak_flops * utilization)``.

    Defaults (P100 at $1.46 per GPU-hour, derived from Strubell et al. Table 3,
    UNVERIFIED; 9.3e12 FLOP/s, VERIFIED; utilization 1) give about 4.4e-17 $/FLOP,
    i.e. 4.4e-8 $/Gflop, the same order as the paper-implied 1e-8 $/Gflop
    (:func:`paper_implied_rates`). Explained in the chapter on the cost of the
    extrapolations.
    """
    price = check_number("dollars_per_gpu_hour", dollars_per_gpu_hour, low=0.0)
    peak = _check_peak(peak_flops)
    util = _check_utilization(utilization)
    return price / (_SECONDS_PER_HOUR * peak * util)


@finite_result
def flop_to_dollars(
    compute_flop: float | ArrayLike,
    *,
    dollars_per_gpu_hour: float = _D.dollars_per_gpu_hour,
    peak_flops: float = _D.peak_flops,
    utilization: float = _D.utilization,
) -> float | np.ndarray:
    """Cloud cost in US$ of ``compute_flop``: GPU-hours x ``dollars_per_gpu_hour``.

    Parameters as :func:`gpu_hours` and :func:`dollars_per_flop` (price per
    device-hour in US$, default $1.46, derived from Strubell et al. Table 3,
    UNVERIFIED). Example: at 1e-17 $/FLOP (the paper-implied rate), 1e28 FLOP
    cost 1e11 $, the article's "US$100 billion". Returns a float for a scalar,
    else an array. Explained in the chapter on the cost of the extrapolations.
    """
    amount, scalar = _check_amount("compute_flop", compute_flop)
    rate = dollars_per_flop(dollars_per_gpu_hour=dollars_per_gpu_hour, peak_flops=peak_flops, utilization=utilization)
    return _out(np.asarray(amount) * rate, scalar)


@finite_result
def flop_to_energy_kwh(
    compute_flop: float | ArrayLike,
    *,
    device_watts: float = _D.device_watts,
    peak_flops: float = _D.peak_flops,
    utilization: float = _D.utilization,
    pue: float = PUE_STRUBELL,
) -> float | np.ndarray:
    """Facility energy in kWh to perform ``compute_flop``: GPU-hours x ``device_watts`` / 1000 x ``pue``.

    ``device_watts``: average power per device in W (default 250, P100 PCIe
    TDP, Epoch AI, VERIFIED; TDP is an upper bound on average draw);
    ``pue``: power usage effectiveness in [1, 5] (default 1.58, Strubell et
    al., VERIFIED via a secondary page). This is Strubell et al.'s formula
    ``1.58 * t * g * p_g / 1000`` with the CPU and DRAM terms left out.
    Returns a float for a scalar, else an array. Explained in the chapter on
    the cost of the extrapolations.
    """
    hours = gpu_hours(compute_flop, peak_flops=peak_flops, utilization=utilization)
    watts = check_positive("device_watts", device_watts)
    pue = _check_pue(pue)
    scalar = np.ndim(hours) == 0
    return _out(np.asarray(hours) * watts / 1000.0 * pue, scalar)


@finite_result
def energy_to_co2_lbs(
    energy_kwh: float | ArrayLike,
    *,
    lbs_co2_per_kwh: float = LBS_CO2_PER_KWH_STRUBELL,
) -> float | np.ndarray:
    """CO2e in lbs from ``energy_kwh``: ``energy_kwh * lbs_co2_per_kwh``.

    ``lbs_co2_per_kwh`` in [0, 10] (default 0.954, US average per EPA 2018 as
    used by Strubell et al., UNVERIFIED; 0 for carbon-free power). Returns a
    float for a scalar, else an array. Explained in the chapter on the cost of
    the extrapolations.
    """
    amount, scalar = _check_amount("energy_kwh", energy_kwh)
    intensity = check_number("lbs_co2_per_kwh", lbs_co2_per_kwh, low=0.0, high=10.0)
    return _out(np.asarray(amount) * intensity, scalar)


@finite_result
def flop_to_co2_lbs(
    compute_flop: float | ArrayLike,
    *,
    device_watts: float = _D.device_watts,
    peak_flops: float = _D.peak_flops,
    utilization: float = _D.utilization,
    pue: float = PUE_STRUBELL,
    lbs_co2_per_kwh: float = LBS_CO2_PER_KWH_STRUBELL,
) -> float | np.ndarray:
    """CO2e in lbs emitted performing ``compute_flop``: :func:`flop_to_energy_kwh` then :func:`energy_to_co2_lbs`.

    Every factor is an argument with the defaults and sources given there.
    With the defaults, 1e28 FLOP give about 1.1e11 lbs, ten times the v1
    table's 1e10 lbs for 5 % ImageNet error (see :func:`v1_imagenet_table`
    for why that cell is the odd one out). Explained in the chapter on the
    cost of the extrapolations.
    """
    energy = flop_to_energy_kwh(
        compute_flop, device_watts=device_watts, peak_flops=peak_flops, utilization=utilization, pue=pue
    )
    return energy_to_co2_lbs(energy, lbs_co2_per_kwh=lbs_co2_per_kwh)


@finite_result
def lbs_to_tonnes(lbs: float | ArrayLike) -> float | np.ndarray:
    """Metric tonnes from pounds: ``lbs * 0.45359237 / 1000`` (exact pound definition).

    Non-negative scalar or 1-D array. Explained in the chapter on the cost of
    the extrapolations.
    """
    amount, scalar = _check_amount("lbs", lbs)
    return _out(np.asarray(amount) * KG_PER_LB / 1000.0, scalar)


@finite_result
def co2_in_nyc_months(
    co2_lbs: float | ArrayLike,
    *,
    nyc_tonnes_per_year: float = NYC_TONNES_CO2_PER_YEAR_2009,
) -> float | np.ndarray:
    """How many months of New York City's emissions ``co2_lbs`` equal.

    ``months = tonnes(co2_lbs) / (nyc_tonnes_per_year / 12)``. Default
    49.3e6 t CO2e per year, the city's 2009 inventory (nyc.gov PR-412-10,
    ``nyc2010inventory``, VERIFIED), the latest total before the paper and the
    one in the bibliography; pass ``NYC_TONNES_CO2_PER_YEAR_2020`` (48.4e6,
    NYU Marron Institute, VERIFIED) for 2020. 1e10 lbs is about 1.1 months,
    the article's "as much as New York City does in a month". Explained in the
    chapter on the cost of the extrapolations.
    """
    amount, scalar = _check_amount("co2_lbs", co2_lbs)
    per_year = check_positive("nyc_tonnes_per_year", nyc_tonnes_per_year)
    tonnes = np.asarray(amount) * KG_PER_LB / 1000.0
    return _out(tonnes / (per_year / 12.0), scalar)


@finite_result
def co2_in_flights(
    co2_lbs: float | ArrayLike,
    *,
    lbs_per_flight: float = LBS_CO2_PER_FLIGHT_NY_SF,
) -> float | np.ndarray:
    """How many one-passenger New York <-> San Francisco flights ``co2_lbs`` equal.

    Default 1,984 lbs CO2e per passenger for that air travel as listed by
    Strubell et al. 2019 (``strubell2019energy``; VERIFIED via secondary pages). Explained in the
    chapter on the cost of the extrapolations.
    """
    amount, scalar = _check_amount("co2_lbs", co2_lbs)
    per_flight = check_positive("lbs_per_flight", lbs_per_flight)
    return _out(np.asarray(amount) / per_flight, scalar)


# ---------------------------------------------------------------------------
# The paper's own numbers
# ---------------------------------------------------------------------------
_V1_ROWS = [
    # target, top-1 error, model, log10 Gflop, log10 lbs CO2, log10 US$
    ("today", 0.115, "polynomial", 14.0, 6.0, 6.0),
    ("target 1", 0.05, "polynomial", 19.0, 10.0, 11.0),
    ("target 2", 0.01, "polynomial", 28.0, 20.0, 20.0),
    ("today", 0.115, "exponential", 14.0, 6.0, 6.0),
    ("target 1", 0.05, "exponential", 27.0, 19.0, 19.0),
    ("target 2", 0.01, "exponential", 120.0, 112.0, 112.0),
]


def v1_imagenet_table() -> pd.DataFrame:
    """The ImageNet row of v1's extrapolation table, with the conversion rates each cell implies.

    Columns: ``target``, ``top1_error``, ``model`` (polynomial / exponential),
    ``compute_gflop``, ``co2_lbs``, ``dollars`` (the cells, powers of ten;
    "~" cells taken at face value), ``dollars_per_gflop`` and
    ``lbs_co2_per_gflop`` (derived: cell / compute), and ``status``.

    Source: ``thompson2020computational`` as transcribed in the project
    reference (article_and_paper.md section 4.1): every cell UNVERIFIED, though
    the article (``thompson2021diminishing``) confirms the 5 % polynomial cells
    (10^19 Gflop, $100 billion, about a month of New York City's CO2).

    What the derived columns show: dollars are 1e-8 $/Gflop in every cell;
    CO2 is 1e-8 lbs/Gflop in five cells but 1e-9 in the 5 % polynomial cell
    (10^10 lbs for 10^19 Gflop). Strubell et al.'s numbers give ~8.5e-9
    lbs/Gflop (:func:`strubell_implied_rates`), so that one cell, the one the
    article quotes, looks low by about tenfold (or the transcription is off):
    worth checking against the PDF. Explained in the chapter on the cost of
    the extrapolations.
    """
    frame = pd.DataFrame(
        _V1_ROWS, columns=["target", "top1_error", "model", "log10_gflop", "log10_lbs", "log10_dollars"]
    )
    out = pd.DataFrame(
        {
            "target": frame.target,
            "top1_error": frame.top1_error,
            "model": frame.model,
            "compute_gflop": 10.0**frame.log10_gflop,
            "co2_lbs": 10.0**frame.log10_lbs,
            "dollars": 10.0**frame.log10_dollars,
            "dollars_per_gflop": 10.0 ** (frame.log10_dollars - frame.log10_gflop),
            "lbs_co2_per_gflop": 10.0 ** (frame.log10_lbs - frame.log10_gflop),
            "status": "UNVERIFIED (v1 table via project reference)",
        }
    )
    out.loc[(out.target == "target 1") & (out.model == "polynomial"), "status"] = (
        "UNVERIFIED cell; values confirmed by the Spectrum article"
    )
    return out


def paper_implied_rates() -> dict[str, float | str]:
    """Conversion rates implied by the v1 table's 5 % ImageNet cell (the one the article quotes).

    Derivation (order-of-magnitude readings of rounded cells, not constants
    stated in the paper):

    * 10^11 US$ / 10^19 Gflop = 1e-8 $/Gflop = 1e-17 $/FLOP;
    * 10^10 lbs CO2 / 10^19 Gflop = 1e-9 lbs/Gflop = 1e-18 lbs/FLOP.

    The dollar rate holds in every cell of the row; the CO2 rate is 1e-8
    lbs/Gflop in the other five cells (see :func:`v1_imagenet_table`).

    Returns a dict with ``compute_gflop``, ``dollars``, ``co2_lbs`` (the
    cell), ``dollars_per_gflop``, ``dollars_per_flop``, ``lbs_co2_per_gflop``,
    ``lbs_co2_per_flop``, ``lbs_co2_per_gflop_other_cells`` and ``source``.
    Source: ``thompson2020computational`` via the project reference, cells
    UNVERIFIED (the 5 % cell's values are confirmed by ``thompson2021diminishing``).
    Explained in the chapter on the cost of the extrapolations.
    """
    table = v1_imagenet_table()
    cell = table[(table.target == "target 1") & (table.model == "polynomial")].iloc[0]
    others = table.drop(index=cell.name)
    other_rates = np.unique(np.round(np.log10(others.lbs_co2_per_gflop.to_numpy()), 6))
    return {
        "compute_gflop": float(cell.compute_gflop),
        "dollars": float(cell.dollars),
        "co2_lbs": float(cell.co2_lbs),
        "dollars_per_gflop": float(cell.dollars_per_gflop),
        "dollars_per_flop": float(cell.dollars_per_gflop) / 1e9,
        "lbs_co2_per_gflop": float(cell.lbs_co2_per_gflop),
        "lbs_co2_per_flop": float(cell.lbs_co2_per_gflop) / 1e9,
        "lbs_co2_per_gflop_other_cells": float(10.0 ** other_rates[0]) if other_rates.size == 1 else math.nan,
        "source": "v1 extrapolation table, ImageNet, 5 % top-1 error, polynomial model (UNVERIFIED cell)",
    }


@finite_result
def strubell_implied_rates(
    *,
    n_gpus: int = 8,
    hours: float = 84.0,
    peak_flops: float = 9.3e12,
    co2_lbs: float = 192.0,
    dollars_low: float = 289.0,
    dollars_high: float = 981.0,
) -> dict[str, float]:
    """Rates per Gflop of hardware burden from one row of Strubell et al.'s Table 3.

    Defaults: Transformer (big), 8 P100 GPUs for 84 hours, 192 lbs CO2e and
    $289-$981 of cloud compute (``strubell2019energy``; these Table 3 values
    are UNVERIFIED in the project reference), P100 FP32 peak 9.3e12 FLOP/s
    (Epoch AI, VERIFIED). Hardware burden = GPUs x peak x seconds ~ 2.2e10
    Gflop, so (derived) ~8.5e-9 lbs/Gflop and 1.3e-8 to 4.4e-8 $/Gflop: the
    dollar rate matches the paper-implied 1e-8 $/Gflop; the CO2 rate matches
    1e-8 lbs/Gflop, not the 1e-9 of the 5 % cell.

    Returns a dict with ``hardware_burden_gflop``, ``gpu_hours``,
    ``lbs_co2_per_gflop``, ``dollars_per_gflop_low``, ``dollars_per_gflop_high``,
    ``dollars_per_gpu_hour_low``, ``dollars_per_gpu_hour_high``. Explained in
    the chapter on the cost of the extrapolations.
    """
    if isinstance(n_gpus, bool) or not isinstance(n_gpus, (int, np.integer)):
        raise TypeError(f"n_gpus must be an integer, got {type(n_gpus).__name__} {n_gpus!r}")
    if n_gpus < 1:
        raise ValueError(f"n_gpus must be an integer in [1, inf], got {n_gpus}")
    hours = check_positive("hours", hours)
    peak = _check_peak(peak_flops)
    co2 = check_number("co2_lbs", co2_lbs, low=0.0)
    low = check_number("dollars_low", dollars_low, low=0.0)
    high = check_number("dollars_high", dollars_high, low=0.0)
    if low > high:
        raise ValueError(f"dollars_low must not exceed dollars_high, got {low:g} > {high:g}")
    burden_gflop = n_gpus * peak * hours * _SECONDS_PER_HOUR / 1e9
    device_hours = n_gpus * hours
    return {
        "hardware_burden_gflop": burden_gflop,
        "gpu_hours": device_hours,
        "lbs_co2_per_gflop": co2 / burden_gflop,
        "dollars_per_gflop_low": low / burden_gflop,
        "dollars_per_gflop_high": high / burden_gflop,
        "dollars_per_gpu_hour_low": low / device_hours,
        "dollars_per_gpu_hour_high": high / device_hours,
    }


# ---------------------------------------------------------------------------
# Tables for the chapter
# ---------------------------------------------------------------------------
_FACTOR_INFO = {
    "peak_flops": ("FLOP/s per device", "Epoch AI ML hardware data (epoch2024hardware)", "VERIFIED"),
    "utilization": ("fraction of peak", "assumption (1 for hardware-burden FLOP)", "assumption"),
    "dollars_per_gpu_hour": ("US$ per device-hour", "derived from Strubell et al. Table 3 (strubell2019energy)", "UNVERIFIED"),
    "device_watts": ("W per device", "Epoch AI ML hardware data, TDP (epoch2024hardware)", "VERIFIED"),
    "pue": ("ratio", "Strubell et al. 2019 (strubell2019energy)", "VERIFIED"),
    "lbs_co2_per_kwh": ("lbs CO2e per kWh", "Strubell et al. 2019, EPA 2018 US average (strubell2019energy)", "UNVERIFIED"),
    "nyc_tonnes_per_year": ("t CO2e per year", "New York City inventory, 2009 (nyc2010inventory)", "VERIFIED"),
    "lbs_per_flight": ("lbs CO2e per passenger", "Strubell et al. 2019 (strubell2019energy)", "VERIFIED"),
}


_DEFAULT_FACTORS = {
    **DEFAULT_SCENARIO.factors(),
    "nyc_tonnes_per_year": NYC_TONNES_CO2_PER_YEAR_2009,
    "lbs_per_flight": LBS_CO2_PER_FLIGHT_NY_SF,
}


def _factor_source(scenario: str, factor: str) -> tuple[str, str, str]:
    unit, source, status = _FACTOR_INFO[factor]
    source, status = _SCENARIO_SOURCES.get(scenario, {}).get(factor, (source, status))
    return unit, source, status


def scenario_table(name: str = DEFAULT_SCENARIO.name) -> pd.DataFrame:
    """The factors of a named scenario (see ``SCENARIOS``) with units, sources and status.

    Columns: ``factor``, ``value``, ``unit``, ``source``, ``status`` (VERIFIED,
    UNVERIFIED or assumption, as in the project reference). Explained in the
    chapter on the cost of the extrapolations.
    """
    name = check_choice("name", name, tuple(SCENARIOS))
    rows = []
    for factor, value in SCENARIOS[name].factors().items():
        unit, source, status = _factor_source(name, factor)
        rows.append({"factor": factor, "value": float(value), "unit": unit, "source": source, "status": status})
    return pd.DataFrame(rows)


def cost_table(
    compute_flop: float,
    *,
    scenario: str = DEFAULT_SCENARIO.name,
    peak_flops: float | None = None,
    utilization: float | None = None,
    dollars_per_gpu_hour: float | None = None,
    device_watts: float | None = None,
    pue: float | None = None,
    lbs_co2_per_kwh: float | None = None,
    nyc_tonnes_per_year: float = NYC_TONNES_CO2_PER_YEAR_2009,
    lbs_per_flight: float = LBS_CO2_PER_FLIGHT_NY_SF,
) -> pd.DataFrame:
    """One row per quantity for training with ``compute_flop`` FLOP, every factor shown.

    Factors come from the named ``scenario`` (see ``SCENARIOS``; default
    ``"p100_strubell"``); any factor passed explicitly overrides it and is
    marked "set by the caller". Rows, in order: the eight factors (``kind``
    "factor", with source and status), then the results (``kind`` "result"):
    compute in FLOP and Gflop, device-hours, device-years, dollars, energy
    (kWh), CO2 (lbs and tonnes), months of New York City emissions and
    New York <-> San Francisco flights. Columns: ``quantity``, ``value``,
    ``unit``, ``kind``, ``source``.

    ``compute_flop`` is one non-negative number (use the converters for
    arrays). With the defaults, 1e28 FLOP come to about $4.4e11, 1.2e11 kWh,
    1.1e11 lbs CO2e, ~12 months of New York City and ~5.7e7 flights.
    Explained in the chapter on the cost of the extrapolations.
    """
    scenario = check_choice("scenario", scenario, tuple(SCENARIOS))
    if isinstance(compute_flop, (str, bytes)) or compute_flop is None:
        check_number("compute_flop", compute_flop)  # raises TypeError naming the argument
    if np.ndim(compute_flop) != 0:
        raise ValueError("compute_flop must be a single number for cost_table (use the converters for arrays)")
    compute = check_number("compute_flop", compute_flop, low=0.0)
    given = {
        "peak_flops": peak_flops,
        "utilization": utilization,
        "dollars_per_gpu_hour": dollars_per_gpu_hour,
        "device_watts": device_watts,
        "pue": pue,
        "lbs_co2_per_kwh": lbs_co2_per_kwh,
    }
    base = SCENARIOS[scenario].factors()
    factors = {name: (base[name] if value is None else value) for name, value in given.items()}
    hours = gpu_hours(compute, peak_flops=factors["peak_flops"], utilization=factors["utilization"])
    dollars = flop_to_dollars(
        compute,
        dollars_per_gpu_hour=factors["dollars_per_gpu_hour"],
        peak_flops=factors["peak_flops"],
        utilization=factors["utilization"],
    )
    energy = flop_to_energy_kwh(
        compute,
        device_watts=factors["device_watts"],
        peak_flops=factors["peak_flops"],
        utilization=factors["utilization"],
        pue=factors["pue"],
    )
    co2 = energy_to_co2_lbs(energy, lbs_co2_per_kwh=factors["lbs_co2_per_kwh"])
    months = co2_in_nyc_months(co2, nyc_tonnes_per_year=nyc_tonnes_per_year)
    flights = co2_in_flights(co2, lbs_per_flight=lbs_per_flight)
    factors["nyc_tonnes_per_year"] = nyc_tonnes_per_year
    factors["lbs_per_flight"] = lbs_per_flight

    rows = []
    for factor, value in factors.items():
        unit, source, status = _factor_source(scenario, factor)
        overridden = given.get(factor) is not None or (
            factor in ("nyc_tonnes_per_year", "lbs_per_flight") and float(value) != _DEFAULT_FACTORS[factor]
        )
        if overridden:
            source, status = "set by the caller", "assumption"
        rows.append(
            {"quantity": factor, "value": float(value), "unit": unit, "kind": "factor", "source": f"{source} [{status}]"}
        )
    results = [
        ("compute", compute, "FLOP"),
        ("compute", compute / 1e9, "Gflop"),
        ("device time", hours, "device-hours"),
        ("device time", hours / (24 * 365.25), "device-years"),
        ("cost", dollars, "US$"),
        ("energy", energy, "kWh"),
        ("CO2", co2, "lbs CO2e"),
        ("CO2", lbs_to_tonnes(co2), "t CO2e"),
        ("New York City emissions", months, "months"),
        ("New York <-> San Francisco flights", flights, "passenger flights"),
    ]
    for quantity, value, unit in results:
        rows.append({"quantity": quantity, "value": float(value), "unit": unit, "kind": "result", "source": "derived"})
    return pd.DataFrame(rows)
