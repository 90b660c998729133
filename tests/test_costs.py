"""Tests for scaling_lib.costs: hand-worked values, monotonicity, the paper's rates and bad input."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib import costs
from scaling_lib.costs import (
    DEFAULT_SCENARIO,
    NYC_TONNES_CO2_PER_YEAR_2020,
    SCENARIOS,
    co2_in_flights,
    co2_in_nyc_months,
    cost_table,
    dollars_per_flop,
    energy_to_co2_lbs,
    flop_to_co2_lbs,
    flop_to_dollars,
    flop_to_energy_kwh,
    gpu_hours,
    lbs_to_tonnes,
    paper_implied_rates,
    scenario_table,
    strubell_implied_rates,
    v1_imagenet_table,
)

# a price per device-hour that makes one FLOP cost exactly 1e-17 $ on a 1e12 FLOP/s device at full use
PAPER_PRICE = 1e-17 * 3600 * 1e12


# --------------------------------------------------------------------------- hand-worked values
def test_paper_rate_turns_1e28_flop_into_100_billion_dollars():
    assert dollars_per_flop(dollars_per_gpu_hour=PAPER_PRICE, peak_flops=1e12, utilization=1.0) == pytest.approx(1e-17)
    dollars = flop_to_dollars(1e28, dollars_per_gpu_hour=PAPER_PRICE, peak_flops=1e12, utilization=1.0)
    assert dollars == pytest.approx(1e11)


def test_gpu_hours_by_hand():
    # one hour of a 1e12 FLOP/s device at 50 % utilization performs 1.8e15 FLOP
    assert gpu_hours(1.8e15, peak_flops=1e12, utilization=0.5) == pytest.approx(1.0)
    assert gpu_hours(0.0) == 0.0


def test_default_scenario_values_by_hand():
    hours = 1e28 / (9.3e12 * 3600)
    assert gpu_hours(1e28) == pytest.approx(hours)
    assert flop_to_dollars(1e28) == pytest.approx(hours * 1.46)
    assert flop_to_energy_kwh(1e28) == pytest.approx(hours * 0.25 * 1.58)
    assert flop_to_co2_lbs(1e28) == pytest.approx(hours * 0.25 * 1.58 * 0.954)
    # the default scenario lands on the same orders of magnitude as the article: ~1e11 $ and 1e10-1e11 lbs
    assert 1e11 <= flop_to_dollars(1e28) < 1e12
    assert 1e10 <= flop_to_co2_lbs(1e28) < 1e12


def test_energy_and_co2_by_hand():
    # 1,000 device-hours at 300 W with PUE 1.5: 450 kWh; at 0.954 lbs/kWh: 429.3 lbs
    flop = 1000 * 3600 * 1e12
    energy = flop_to_energy_kwh(flop, device_watts=300, peak_flops=1e12, utilization=1.0, pue=1.5)
    assert energy == pytest.approx(450.0)
    assert energy_to_co2_lbs(energy) == pytest.approx(429.3)
    assert flop_to_co2_lbs(flop, device_watts=300, peak_flops=1e12, utilization=1.0, pue=1.5) == pytest.approx(429.3)
    assert energy_to_co2_lbs(energy, lbs_co2_per_kwh=0.0) == 0.0


def test_unit_conversions_and_comparisons():
    assert lbs_to_tonnes(2204.62262185) == pytest.approx(1.0)
    assert lbs_to_tonnes(1.0) == pytest.approx(0.45359237e-3)
    # 1e10 lbs is about a month of New York City (the article's comparison)
    assert co2_in_nyc_months(1e10) == pytest.approx(1e10 * 0.45359237e-3 / (49.3e6 / 12))
    assert 1.0 <= co2_in_nyc_months(1e10) <= 1.2
    assert co2_in_nyc_months(1e10, nyc_tonnes_per_year=NYC_TONNES_CO2_PER_YEAR_2020) > co2_in_nyc_months(1e10)
    # a year of New York City in lbs is 12 months
    year_lbs = 49.3e6 / 0.45359237e-3
    assert co2_in_nyc_months(year_lbs) == pytest.approx(12.0)
    assert co2_in_flights(1984.0) == pytest.approx(1.0)
    assert co2_in_flights(1e10) == pytest.approx(1e10 / 1984)
    assert co2_in_flights(3000.0, lbs_per_flight=1500.0) == pytest.approx(2.0)


def test_arrays_in_arrays_out():
    flop = np.array([1e20, 1e24, 1e28])
    dollars = flop_to_dollars(flop)
    assert isinstance(dollars, np.ndarray) and dollars.shape == (3,)
    assert np.allclose(dollars / flop, dollars_per_flop(), rtol=1e-12, atol=0.0)
    lbs = flop_to_co2_lbs(list(flop))
    assert isinstance(lbs, np.ndarray)
    assert isinstance(co2_in_nyc_months(lbs), np.ndarray)
    assert isinstance(co2_in_flights(lbs), np.ndarray)
    assert isinstance(lbs_to_tonnes(lbs), np.ndarray)
    assert isinstance(flop_to_dollars(1e28), float)


# --------------------------------------------------------------------------- monotonicity
@settings(max_examples=50, deadline=None)
@given(
    flop=st.floats(1e10, 1e40),
    factor=st.floats(1.01, 1e3),
    utilization=st.floats(0.05, 1.0),
)
def test_costs_grow_with_compute_and_fall_with_utilization(flop, factor, utilization):
    assert flop_to_dollars(flop * factor) > flop_to_dollars(flop)
    assert flop_to_energy_kwh(flop * factor) > flop_to_energy_kwh(flop)
    assert flop_to_co2_lbs(flop * factor) > flop_to_co2_lbs(flop)
    # lower utilization means more device-hours, hence more money and energy
    half = utilization / 2
    assert flop_to_dollars(flop, utilization=half) > flop_to_dollars(flop, utilization=utilization)
    assert flop_to_energy_kwh(flop, utilization=half) > flop_to_energy_kwh(flop, utilization=utilization)
    # faster devices need fewer hours; dearer hours cost more; dirtier power emits more
    assert flop_to_dollars(flop, peak_flops=2e13) < flop_to_dollars(flop, peak_flops=1e13)
    assert flop_to_dollars(flop, dollars_per_gpu_hour=3.0) > flop_to_dollars(flop, dollars_per_gpu_hour=1.0)
    assert flop_to_co2_lbs(flop, lbs_co2_per_kwh=1.2) > flop_to_co2_lbs(flop, lbs_co2_per_kwh=0.5)
    assert flop_to_co2_lbs(flop, pue=2.0) > flop_to_co2_lbs(flop, pue=1.1)


@settings(max_examples=30, deadline=None)
@given(flop=st.floats(0, 1e40))
def test_conversions_are_linear_in_compute(flop):
    assert flop_to_dollars(flop) == pytest.approx(flop * dollars_per_flop(), rel=1e-12)
    assert flop_to_co2_lbs(2 * flop) == pytest.approx(2 * flop_to_co2_lbs(flop), rel=1e-12)
    assert flop_to_dollars(flop) >= 0


# --------------------------------------------------------------------------- the paper's numbers
def test_paper_implied_rates():
    rates = paper_implied_rates()
    assert rates["dollars_per_gflop"] == pytest.approx(1e-8)
    assert rates["dollars_per_flop"] == pytest.approx(1e-17)
    assert rates["lbs_co2_per_gflop"] == pytest.approx(1e-9)
    assert rates["lbs_co2_per_flop"] == pytest.approx(1e-18)
    assert rates["lbs_co2_per_gflop_other_cells"] == pytest.approx(1e-8)
    assert rates["compute_gflop"] * rates["dollars_per_gflop"] == pytest.approx(1e11)
    assert "UNVERIFIED" in rates["source"]


def test_v1_table_rates():
    table = v1_imagenet_table()
    assert len(table) == 6
    assert np.allclose(table.dollars_per_gflop, 1e-8, rtol=1e-9, atol=0.0)
    odd = table[~np.isclose(table.lbs_co2_per_gflop, 1e-8, rtol=1e-9, atol=0.0)]
    assert len(odd) == 1
    assert odd.iloc[0].target == "target 1" and odd.iloc[0].model == "polynomial"
    assert table.status.str.contains("UNVERIFIED").all()


def test_strubell_reconstruction_matches_the_paper_orders_of_magnitude():
    rates = strubell_implied_rates()
    assert rates["hardware_burden_gflop"] == pytest.approx(8 * 9.3e12 * 84 * 3600 / 1e9)
    assert rates["gpu_hours"] == 672
    assert rates["lbs_co2_per_gflop"] == pytest.approx(8.5e-9, rel=0.02)
    assert rates["dollars_per_gflop_low"] == pytest.approx(1.3e-8, rel=0.02)
    assert rates["dollars_per_gflop_high"] == pytest.approx(4.4e-8, rel=0.02)
    assert rates["dollars_per_gpu_hour_high"] == pytest.approx(DEFAULT_SCENARIO.dollars_per_gpu_hour, abs=0.005)
    assert rates["dollars_per_gpu_hour_low"] == pytest.approx(SCENARIOS["p100_strubell_preemptible"].dollars_per_gpu_hour, abs=0.005)
    # the default dollars-per-Gflop equals the Strubell on-demand rate
    assert dollars_per_flop() * 1e9 == pytest.approx(rates["dollars_per_gflop_high"], rel=0.01)


# --------------------------------------------------------------------------- tables
def test_cost_table_default():
    table = cost_table(1e28)
    assert list(table.columns) == ["quantity", "value", "unit", "kind", "source"]
    factors = table[table.kind == "factor"].set_index("quantity")
    assert factors.loc["pue", "value"] == 1.58
    assert factors.loc["peak_flops", "value"] == 9.3e12
    assert "VERIFIED" in factors.loc["pue", "source"]
    assert "UNVERIFIED" in factors.loc["lbs_co2_per_kwh", "source"]
    results = table[table.kind == "result"].set_index("unit")
    assert results.loc["US$", "value"] == pytest.approx(flop_to_dollars(1e28))
    assert results.loc["lbs CO2e", "value"] == pytest.approx(flop_to_co2_lbs(1e28))
    assert results.loc["months", "value"] == pytest.approx(co2_in_nyc_months(flop_to_co2_lbs(1e28)))
    assert results.loc["passenger flights", "value"] == pytest.approx(co2_in_flights(flop_to_co2_lbs(1e28)))
    assert results.loc["Gflop", "value"] == pytest.approx(1e19)
    assert results.loc["device-years", "value"] == pytest.approx(gpu_hours(1e28) / (24 * 365.25))


def test_cost_table_scenarios_and_overrides():
    v100 = cost_table(1e28, scenario="v100_actual_flop")
    factors = v100[v100.kind == "factor"].set_index("quantity")
    assert factors.loc["peak_flops", "value"] == 125e12
    assert factors.loc["utilization", "value"] == 0.35
    cost = v100[(v100.kind == "result") & (v100.unit == "US$")].value.item()
    assert cost == pytest.approx(flop_to_dollars(1e28, **{k: v for k, v in SCENARIOS["v100_actual_flop"].factors().items() if k in ("dollars_per_gpu_hour", "peak_flops", "utilization")}))
    custom = cost_table(1e28, utilization=0.4)
    row = custom.set_index("quantity").loc["utilization"]
    assert row.value == 0.4 and "set by the caller" in row.source
    assert custom[custom.unit == "US$"].value.item() == pytest.approx(flop_to_dollars(1e28, utilization=0.4))
    assert cost_table(0.0)[lambda t: t.unit == "US$"].value.item() == 0.0


def test_scenario_table():
    for name in SCENARIOS:
        table = scenario_table(name)
        assert list(table.factor) == list(SCENARIOS[name].factors())
        assert set(table.status) <= {"VERIFIED", "UNVERIFIED", "assumption"}
    assert scenario_table().set_index("factor").loc["peak_flops", "status"] == "VERIFIED"
    with pytest.raises(ValueError, match="name"):
        scenario_table("h100")


# --------------------------------------------------------------------------- bad input
BAD_AMOUNTS = [
    (-1.0, ValueError),
    (float("nan"), ValueError),
    (float("inf"), ValueError),
    ("1e28", TypeError),
    (None, TypeError),
    (True, TypeError),
    ([1e20, -1.0], ValueError),
    ([1e20, float("nan")], ValueError),
    ([], ValueError),
    ([[1e20, 1e21]], ValueError),
]


@pytest.mark.parametrize(("value", "exception"), BAD_AMOUNTS)
@pytest.mark.parametrize(
    ("function", "name"),
    [
        (gpu_hours, "compute_flop"),
        (flop_to_dollars, "compute_flop"),
        (flop_to_energy_kwh, "compute_flop"),
        (flop_to_co2_lbs, "compute_flop"),
        (energy_to_co2_lbs, "energy_kwh"),
        (lbs_to_tonnes, "lbs"),
        (co2_in_nyc_months, "co2_lbs"),
        (co2_in_flights, "co2_lbs"),
    ],
)
def test_converters_refuse_bad_amounts(function, name, value, exception):
    with pytest.raises(exception, match=name):
        function(value)


@pytest.mark.parametrize(
    ("function", "kwargs", "exception", "match"),
    [
        (gpu_hours, {"peak_flops": 0.0}, ValueError, "peak_flops"),
        (gpu_hours, {"peak_flops": -1e12}, ValueError, "peak_flops"),
        (gpu_hours, {"peak_flops": float("inf")}, ValueError, "peak_flops"),
        (gpu_hours, {"peak_flops": "fast"}, TypeError, "peak_flops"),
        (gpu_hours, {"utilization": 0.0}, ValueError, "utilization"),
        (gpu_hours, {"utilization": 1.5}, ValueError, "utilization"),
        (gpu_hours, {"utilization": float("nan")}, ValueError, "utilization"),
        (flop_to_dollars, {"dollars_per_gpu_hour": -1.0}, ValueError, "dollars_per_gpu_hour"),
        (flop_to_dollars, {"dollars_per_gpu_hour": float("nan")}, ValueError, "dollars_per_gpu_hour"),
        (flop_to_dollars, {"dollars_per_gpu_hour": None}, TypeError, "dollars_per_gpu_hour"),
        (flop_to_energy_kwh, {"device_watts": 0.0}, ValueError, "device_watts"),
        (flop_to_energy_kwh, {"device_watts": -250.0}, ValueError, "device_watts"),
        (flop_to_energy_kwh, {"pue": 0.9}, ValueError, "pue"),
        (flop_to_energy_kwh, {"pue": 50.0}, ValueError, "pue"),
        (flop_to_energy_kwh, {"pue": float("inf")}, ValueError, "pue"),
        (flop_to_co2_lbs, {"lbs_co2_per_kwh": -0.1}, ValueError, "lbs_co2_per_kwh"),
        (flop_to_co2_lbs, {"lbs_co2_per_kwh": 100.0}, ValueError, "lbs_co2_per_kwh"),
        (flop_to_co2_lbs, {"utilization": 2.0}, ValueError, "utilization"),
        (co2_in_nyc_months, {"nyc_tonnes_per_year": 0.0}, ValueError, "nyc_tonnes_per_year"),
        (co2_in_nyc_months, {"nyc_tonnes_per_year": float("nan")}, ValueError, "nyc_tonnes_per_year"),
        (co2_in_flights, {"lbs_per_flight": 0.0}, ValueError, "lbs_per_flight"),
        (co2_in_flights, {"lbs_per_flight": "1984"}, TypeError, "lbs_per_flight"),
    ],
)
def test_converters_refuse_bad_factors(function, kwargs, exception, match):
    with pytest.raises(exception, match=match):
        function(1e20, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "exception", "match"),
    [
        ({"peak_flops": 0.0}, ValueError, "peak_flops"),
        ({"dollars_per_gpu_hour": float("inf")}, ValueError, "dollars_per_gpu_hour"),
        ({"utilization": -0.5}, ValueError, "utilization"),
    ],
)
def test_dollars_per_flop_refuses_bad_factors(kwargs, exception, match):
    with pytest.raises(exception, match=match):
        dollars_per_flop(**kwargs)


@pytest.mark.parametrize(
    ("args", "kwargs", "exception", "match"),
    [
        ((-1.0,), {}, ValueError, "compute_flop"),
        ((float("nan"),), {}, ValueError, "compute_flop"),
        (("1e28",), {}, TypeError, "compute_flop"),
        ((None,), {}, TypeError, "compute_flop"),
        (([1e28, 1e27],), {}, ValueError, "compute_flop"),
        ((1e28,), {"scenario": "tpu"}, ValueError, "scenario"),
        ((1e28,), {"utilization": 0.0}, ValueError, "utilization"),
        ((1e28,), {"pue": 0.5}, ValueError, "pue"),
        ((1e28,), {"nyc_tonnes_per_year": -1.0}, ValueError, "nyc_tonnes_per_year"),
        ((1e28,), {"lbs_per_flight": float("inf")}, ValueError, "lbs_per_flight"),
    ],
)
def test_cost_table_refuses_bad_input(args, kwargs, exception, match):
    with pytest.raises(exception, match=match):
        cost_table(*args, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "exception", "match"),
    [
        ({"n_gpus": 0}, ValueError, "n_gpus"),
        ({"n_gpus": 8.0}, TypeError, "n_gpus"),
        ({"n_gpus": True}, TypeError, "n_gpus"),
        ({"hours": 0.0}, ValueError, "hours"),
        ({"hours": float("nan")}, ValueError, "hours"),
        ({"peak_flops": -1.0}, ValueError, "peak_flops"),
        ({"co2_lbs": -5.0}, ValueError, "co2_lbs"),
        ({"dollars_low": -1.0}, ValueError, "dollars_low"),
        ({"dollars_high": float("inf")}, ValueError, "dollars_high"),
        ({"dollars_low": 1000.0, "dollars_high": 10.0}, ValueError, "dollars_low"),
    ],
)
def test_strubell_implied_rates_refuses_bad_input(kwargs, exception, match):
    with pytest.raises(exception, match=match):
        strubell_implied_rates(**kwargs)


def test_public_names_exist_and_defaults_are_consistent():
    for name in costs.__all__:
        assert hasattr(costs, name)
    assert DEFAULT_SCENARIO.name in SCENARIOS
    assert isinstance(scenario_table(), pd.DataFrame)
    assert math.isclose(costs.KG_PER_LB, 0.45359237)


def test_zero_dimensional_arrays_count_as_scalars():
    assert flop_to_dollars(np.array(1e28)) == pytest.approx(flop_to_dollars(1e28))
    assert isinstance(co2_in_flights(np.array(1984.0)), float)
