"""The one chain from FLOP to dollars, kilowatt-hours, CO₂ and comparisons people grasp.

The article (``thompson2021diminishing``) turns the 10¹⁹ Gflop (= 10²⁸ FLOP) it
extrapolates for 5 % ImageNet error into about US$100 billion and about a month of
New York City's CO₂, with conversions based on Strubell et al. (``strubell2019energy``).
Every step is a named factor::

    device_hours = compute_flop / (peak_flops × utilization × 3600)
    dollars      = device_hours × dollars_per_gpu_hour
    energy_kwh   = device_hours × device_watts / 1000 × pue
    co2_lbs      = energy_kwh × lbs_co2_per_kwh

A hardware-burden FLOP is a *peak* FLOP, so converting it back to device-hours
uses ``utilization = 1`` (the default); for operations actually performed pass a
utilization near 0.3–0.4. The scaling chapter writes this chain out on the page;
every other chapter calls :func:`cost_chain` (or the one-step converters below).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from scaling_lib._checks import check_array, check_choice, check_number, check_positive

__all__ = [
    "CostScenario", "DEFAULT_SCENARIO", "SCENARIOS", "FACTOR_SOURCES",
    "KG_PER_LB", "SECONDS_PER_HOUR", "PUE_STRUBELL", "LBS_CO2_PER_KWH_STRUBELL", "LBS_CO2_PER_FLIGHT_NY_SF",
    "NYC_TONNES_CO2_PER_YEAR_2009", "NYC_TONNES_CO2_PER_YEAR_2020",
    "cost_chain", "gpu_hours", "flop_to_dollars", "flop_to_energy_kwh", "flop_to_co2_lbs", "energy_to_co2_lbs",
    "lbs_to_tonnes", "co2_in_nyc_months", "co2_in_flights",
    "v1_imagenet_table", "paper_implied_rates", "strubell_implied_rates", "scenario_table", "cost_table",
]

KG_PER_LB = 0.45359237
"""Kilograms per pound (exact)."""
SECONDS_PER_HOUR = 3600.0
PUE_STRUBELL = 1.58
"""Power usage effectiveness (facility energy ÷ device energy) used by Strubell et al., 2018 average. VERIFIED."""
LBS_CO2_PER_KWH_STRUBELL = 0.954
"""lbs CO₂e per kWh, US average (EPA 2018) as used by Strubell et al. UNVERIFIED."""
LBS_CO2_PER_FLIGHT_NY_SF = 1984.0
"""lbs CO₂e for one passenger's New York ↔ San Francisco air travel (Strubell et al.). VERIFIED (secondary)."""
NYC_TONNES_CO2_PER_YEAR_2009 = 49.3e6
"""New York City's emissions in 2009, t CO₂e (``nyc2010inventory``). VERIFIED."""
NYC_TONNES_CO2_PER_YEAR_2020 = 48.4e6
"""New York City's emissions in 2020, t CO₂e (NYU Marron Institute). VERIFIED."""


@dataclass(frozen=True)
class CostScenario:
    """A named set of conversion factors: FLOP/s per device, share of peak, US$ per device-hour, W, PUE, lbs/kWh."""

    name: str
    description: str
    peak_flops: float
    utilization: float
    dollars_per_gpu_hour: float
    device_watts: float
    pue: float
    lbs_co2_per_kwh: float

    def factors(self) -> dict[str, float]:
        """The numeric factors, as keyword arguments for :func:`cost_chain`."""
        out = asdict(self)
        del out["name"], out["description"]
        return out


_P100 = dict(peak_flops=9.3e12, utilization=1.0, device_watts=250.0, pue=PUE_STRUBELL, lbs_co2_per_kwh=LBS_CO2_PER_KWH_STRUBELL)
DEFAULT_SCENARIO = CostScenario(
    "p100_strubell", "NVIDIA P100 rented on demand ($981 / 672 GPU-hours, Strubell et al. Table 3); "
    "FLOP read as hardware burden, hence utilization 1", dollars_per_gpu_hour=1.46, **_P100)
SCENARIOS: dict[str, CostScenario] = {
    s.name: s
    for s in (
        DEFAULT_SCENARIO,
        CostScenario("p100_strubell_preemptible", "as p100_strubell at the low end of Strubell et al.'s price "
                     "range ($289 / 672 GPU-hours, pre-emptible)", dollars_per_gpu_hour=0.43, **_P100),
        CostScenario("v100_actual_flop", "NVIDIA V100 at its dense 16-bit tensor peak (125 TFLOP/s, 300 W), FLOP read "
                     "as operations performed at an assumed 35 % utilization, priced at the P100 on-demand rate "
                     "(a floor: a V100 rented for more)", peak_flops=125e12, utilization=0.35, dollars_per_gpu_hour=1.46,
                     device_watts=300.0, pue=PUE_STRUBELL, lbs_co2_per_kwh=LBS_CO2_PER_KWH_STRUBELL),
    )
}
"""Named scenarios; ``p100_strubell`` is the default of every function."""

FACTOR_SOURCES: dict[str, tuple[str, str, str]] = {
    "peak_flops": ("FLOP/s per device", "Epoch AI ML hardware data (epoch2024hardware)", "VERIFIED"),
    "utilization": ("fraction of peak", "assumption (1 for hardware-burden FLOP)", "assumption"),
    "dollars_per_gpu_hour": ("US$ per device-hour", "derived from Strubell et al. Table 3 (strubell2019energy)", "UNVERIFIED"),
    "device_watts": ("W per device", "Epoch AI ML hardware data, TDP (epoch2024hardware)", "VERIFIED"),
    "pue": ("ratio", "Strubell et al. 2019 (strubell2019energy)", "VERIFIED"),
    "lbs_co2_per_kwh": ("lbs CO2e per kWh", "Strubell et al. 2019, EPA 2018 US average (strubell2019energy)", "UNVERIFIED"),
    "nyc_tonnes_per_year": ("t CO2e per year", "New York City inventory, 2009 (nyc2010inventory)", "VERIFIED"),
    "lbs_per_flight": ("lbs CO2e per passenger", "Strubell et al. 2019 (strubell2019energy)", "VERIFIED"),
}
"""Unit, source and status (as in the project reference) of every factor of the chain."""

_LIMITS = {"peak_flops": (0.0, np.inf), "utilization": (0.0, 1.0), "dollars_per_gpu_hour": (0.0, 1e6),
           "device_watts": (0.0, 1e6), "pue": (1.0, 5.0), "lbs_co2_per_kwh": (0.0, 10.0),
           "nyc_tonnes_per_year": (0.0, np.inf), "lbs_per_flight": (0.0, np.inf)}


def _amount(name: str, value: Any) -> tuple[Any, bool]:
    """A non-negative number (as float) or 1-D array; the flag says whether it was a scalar."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value.item()
    if isinstance(value, (str, bytes)) or value is None or np.ndim(value) == 0:
        return check_number(name, value, low=0.0), True
    return check_array(name, value, low=0.0), False


def _factors(scenario: str, overrides: dict[str, Any]) -> dict[str, float]:
    check_choice("scenario", scenario, tuple(SCENARIOS))
    factors = {**SCENARIOS[scenario].factors(), "nyc_tonnes_per_year": NYC_TONNES_CO2_PER_YEAR_2009,
               "lbs_per_flight": LBS_CO2_PER_FLIGHT_NY_SF}
    for name, value in overrides.items():
        if name not in factors:
            raise ValueError(f"unknown factor {name!r}; the factors are {list(factors)}")
        if value is not None:
            low, high = _LIMITS[name]
            zero_ok = name in ("dollars_per_gpu_hour", "lbs_co2_per_kwh")
            factors[name] = check_number(name, value, low=low, high=high, low_open=not zero_ok and low == 0.0)
    return factors


def _chain(compute_flop: Any, f: dict[str, float]) -> dict[str, Any]:
    hours = compute_flop / (f["peak_flops"] * f["utilization"] * SECONDS_PER_HOUR)
    energy = hours * f["device_watts"] / 1000.0 * f["pue"]
    co2 = energy * f["lbs_co2_per_kwh"]
    tonnes = co2 * KG_PER_LB / 1000.0
    return {"device_hours": hours, "dollars": hours * f["dollars_per_gpu_hour"], "energy_kwh": energy, "co2_lbs": co2,
            "co2_tonnes": tonnes, "nyc_months": tonnes / (f["nyc_tonnes_per_year"] / 12.0),
            "flights": co2 / f["lbs_per_flight"]}


def cost_chain(compute_flop: Any, *, scenario: str = DEFAULT_SCENARIO.name, **factors: float) -> dict[str, Any]:
    """Device-hours, US$, kWh, lbs and tonnes CO₂e, months of New York City and NY↔SF flights for ``compute_flop``.

    ``compute_flop`` is a non-negative number or 1-D array (FLOP); factors come from
    ``scenario`` (see :data:`SCENARIOS`), each overridable by keyword (names as in
    :data:`FACTOR_SOURCES`). Returns a dict of floats (or arrays). Chapter on the ninth power.
    """
    amount, scalar = _amount("compute_flop", compute_flop)
    out = _chain(np.asarray(amount, dtype=float), _factors(scenario, factors))
    return {k: float(v) if scalar else np.asarray(v, dtype=float) for k, v in out.items()}


def gpu_hours(compute_flop: Any, **factors: float) -> Any:
    """Device-hours to perform ``compute_flop`` FLOP: compute ÷ (peak FLOP/s × utilization × 3600)."""
    return cost_chain(compute_flop, **factors)["device_hours"]


def flop_to_dollars(compute_flop: Any, **factors: float) -> Any:
    """Cloud cost in US$ of ``compute_flop`` FLOP: device-hours × US$ per device-hour (default $1.46)."""
    return cost_chain(compute_flop, **factors)["dollars"]


def flop_to_energy_kwh(compute_flop: Any, **factors: float) -> Any:
    """Facility energy in kWh for ``compute_flop`` FLOP: device-hours × W ÷ 1000 × PUE."""
    return cost_chain(compute_flop, **factors)["energy_kwh"]


def flop_to_co2_lbs(compute_flop: Any, **factors: float) -> Any:
    """lbs CO₂e emitted performing ``compute_flop`` FLOP: kWh × lbs CO₂e per kWh."""
    return cost_chain(compute_flop, **factors)["co2_lbs"]


def energy_to_co2_lbs(energy_kwh: Any, *, lbs_co2_per_kwh: float = LBS_CO2_PER_KWH_STRUBELL) -> Any:
    """lbs CO₂e from ``energy_kwh`` kWh at ``lbs_co2_per_kwh`` (default 0.954, US average; 0 for carbon-free power)."""
    amount, scalar = _amount("energy_kwh", energy_kwh)
    rate = check_number("lbs_co2_per_kwh", lbs_co2_per_kwh, low=0.0, high=10.0, low_open=False)
    return float(amount * rate) if scalar else amount * rate


def lbs_to_tonnes(lbs: Any) -> Any:
    """Metric tonnes from pounds (× 0.45359237 ÷ 1000)."""
    amount, scalar = _amount("lbs", lbs)
    return float(amount * KG_PER_LB / 1000.0) if scalar else amount * KG_PER_LB / 1000.0


def co2_in_nyc_months(co2_lbs: Any, *, nyc_tonnes_per_year: float = NYC_TONNES_CO2_PER_YEAR_2009) -> Any:
    """Months of New York City's emissions (49.3 Mt CO₂e a year in 2009) that ``co2_lbs`` lbs equal."""
    amount, scalar = _amount("co2_lbs", co2_lbs)
    per_month = check_positive("nyc_tonnes_per_year", nyc_tonnes_per_year) / 12.0
    months = amount * KG_PER_LB / 1000.0 / per_month
    return float(months) if scalar else months


def co2_in_flights(co2_lbs: Any, *, lbs_per_flight: float = LBS_CO2_PER_FLIGHT_NY_SF) -> Any:
    """One-passenger New York ↔ San Francisco round trips (1,984 lbs CO₂e each) that ``co2_lbs`` lbs equal."""
    amount, scalar = _amount("co2_lbs", co2_lbs)
    per_flight = check_positive("lbs_per_flight", lbs_per_flight)
    return float(amount / per_flight) if scalar else amount / per_flight


# The paper's own numbers: v1's ImageNet extrapolation row (``thompson2020computational``, cells recalled in the
# project reference, UNVERIFIED; the article confirms the 5 % polynomial cells). target, error, form, log10 of
# Gflop, lbs CO2 and US$.
_V1_ROWS = [("today", 0.115, "polynomial", 14, 6, 6), ("target 1", 0.05, "polynomial", 19, 10, 11),
            ("target 2", 0.01, "polynomial", 28, 20, 20), ("today", 0.115, "exponential", 14, 6, 6),
            ("target 1", 0.05, "exponential", 27, 19, 19), ("target 2", 0.01, "exponential", 120, 112, 112)]


def v1_imagenet_table() -> pd.DataFrame:
    """Paper v1's ImageNet extrapolation row, with the US$ and lbs CO₂ per Gflop each cell implies.

    Columns ``target``, ``top1_error``, ``model`` (polynomial / exponential), ``compute_gflop``,
    ``co2_lbs``, ``dollars``, ``dollars_per_gflop``, ``lbs_co2_per_gflop``, ``status``. The 5 %
    polynomial CO₂ cell implies 1e-9 lbs/Gflop where every other cell implies 1e-8: it looks ten
    times low. Chapter on the ninth power.
    """
    raw = pd.DataFrame(_V1_ROWS, columns=["target", "top1_error", "model", "gflop", "lbs", "usd"])
    out = raw[["target", "top1_error", "model"]].assign(
        compute_gflop=10.0 ** raw.gflop, co2_lbs=10.0 ** raw.lbs, dollars=10.0 ** raw.usd,
        dollars_per_gflop=10.0 ** (raw.usd - raw.gflop), lbs_co2_per_gflop=10.0 ** (raw.lbs - raw.gflop),
        status="UNVERIFIED (v1 table via project reference)")
    out.loc[(out.target == "target 1") & (out.model == "polynomial"), "status"] = "UNVERIFIED cell; values confirmed by the article"
    return out


def paper_implied_rates() -> dict[str, float]:
    """Rates implied by v1's 5 % cell, the one the article quotes: US$ and lbs CO₂e per Gflop and per FLOP."""
    cell = v1_imagenet_table().iloc[1]
    return {"compute_gflop": float(cell.compute_gflop), "dollars": float(cell.dollars), "co2_lbs": float(cell.co2_lbs),
            "dollars_per_gflop": float(cell.dollars_per_gflop), "dollars_per_flop": float(cell.dollars_per_gflop) / 1e9,
            "lbs_co2_per_gflop": float(cell.lbs_co2_per_gflop), "lbs_co2_per_flop": float(cell.lbs_co2_per_gflop) / 1e9}


def strubell_implied_rates(*, n_gpus: int = 8, hours: float = 84.0, peak_flops: float = 9.3e12, co2_lbs: float = 192.0,
                           dollars_low: float = 289.0, dollars_high: float = 981.0) -> dict[str, float]:
    """Rates per Gflop of hardware burden from Strubell et al.'s Transformer (big) row: 8 P100 × 84 h, 192 lbs, $289–981.

    Returns ``hardware_burden_gflop``, ``gpu_hours``, ``lbs_co2_per_gflop``, ``dollars_per_gflop_low`` / ``_high``
    and ``dollars_per_gpu_hour_low`` / ``_high``. Chapter on the ninth power.
    """
    gpus = check_number("n_gpus", n_gpus, low=1.0, high=1e7)
    hours, peak = check_positive("hours", hours, high=1e7), check_positive("peak_flops", peak_flops, high=1e18)
    co2 = check_number("co2_lbs", co2_lbs, low=0.0, high=1e15)
    low = check_number("dollars_low", dollars_low, low=0.0, high=1e15)
    high = check_number("dollars_high", dollars_high, low=low, high=1e15)
    burden_gflop, device_hours = gpus * peak * hours * SECONDS_PER_HOUR / 1e9, gpus * hours
    return {"hardware_burden_gflop": burden_gflop, "gpu_hours": device_hours, "lbs_co2_per_gflop": co2 / burden_gflop,
            "dollars_per_gflop_low": low / burden_gflop, "dollars_per_gflop_high": high / burden_gflop,
            "dollars_per_gpu_hour_low": low / device_hours, "dollars_per_gpu_hour_high": high / device_hours}


def scenario_table(name: str = DEFAULT_SCENARIO.name) -> pd.DataFrame:
    """The factors of scenario ``name`` with ``value``, ``unit``, ``source`` and ``status``."""
    check_choice("name", name, tuple(SCENARIOS))
    return pd.DataFrame([{"factor": k, "value": float(v), "unit": FACTOR_SOURCES[k][0], "source": FACTOR_SOURCES[k][1],
                          "status": FACTOR_SOURCES[k][2]} for k, v in SCENARIOS[name].factors().items()])


_RESULT_UNITS = [("device time", "device_hours", "device-hours"), ("cost", "dollars", "US$"), ("energy", "energy_kwh", "kWh"),
                 ("CO2", "co2_lbs", "lbs CO2e"), ("CO2", "co2_tonnes", "t CO2e"),
                 ("New York City emissions", "nyc_months", "months"),
                 ("New York <-> San Francisco flights", "flights", "passenger flights")]


def cost_table(compute_flop: float, *, scenario: str = DEFAULT_SCENARIO.name, **factors: float) -> pd.DataFrame:
    """One row per factor and per result of :func:`cost_chain` for one ``compute_flop`` (FLOP), every factor sourced.

    Columns ``quantity``, ``value``, ``unit``, ``kind`` ("factor" or "result"), ``source``; a factor
    passed by keyword is marked "set by the caller". Chapter on the ninth power.
    """
    if np.ndim(compute_flop) != 0:
        raise ValueError("compute_flop must be a single number for cost_table (cost_chain takes arrays)")
    used = _factors(scenario, factors)
    results = cost_chain(compute_flop, scenario=scenario, **factors)
    rows = [{"quantity": k, "value": float(v), "unit": FACTOR_SOURCES[k][0], "kind": "factor",
             "source": "set by the caller [assumption]" if factors.get(k) is not None
             else f"{FACTOR_SOURCES[k][1]} [{FACTOR_SOURCES[k][2]}]"} for k, v in used.items()]
    rows.insert(0, {"quantity": "compute", "value": float(compute_flop), "unit": "FLOP", "kind": "result", "source": "given"})
    rows += [{"quantity": q, "value": results[key], "unit": unit, "kind": "result", "source": "derived"}
             for q, key, unit in _RESULT_UNITS]
    return pd.DataFrame(rows)
