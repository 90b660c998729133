"""Tests of scaling_lib.costs: the one FLOP → US$ → kWh → CO₂ chain, checked by hand arithmetic."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from scaling_lib import costs

P100_HOURS_PER_1E28 = 1e28 / (9.3e12 * 3600)  # device-hours at peak, by hand


def test_chain_by_hand_for_the_articles_1e28_flop():
    out = costs.cost_chain(1e28)
    assert out["device_hours"] == pytest.approx(P100_HOURS_PER_1E28)
    assert out["dollars"] == pytest.approx(P100_HOURS_PER_1E28 * 1.46)
    energy = P100_HOURS_PER_1E28 * 250 / 1000 * 1.58
    assert out["energy_kwh"] == pytest.approx(energy)
    assert out["co2_lbs"] == pytest.approx(energy * 0.954)
    tonnes = energy * 0.954 * 0.45359237 / 1000
    assert out["co2_tonnes"] == pytest.approx(tonnes)
    assert out["nyc_months"] == pytest.approx(tonnes / (49.3e6 / 12))
    assert out["flights"] == pytest.approx(energy * 0.954 / 1984)
    # the article's orders of magnitude: hundreds of billions of dollars, about a year of New York City
    assert 1e11 < out["dollars"] < 1e12 and 5 < out["nyc_months"] < 20


def test_one_step_converters_agree_with_the_chain_and_take_arrays():
    flop = np.array([1e20, 1e24, 1e28])
    chain = costs.cost_chain(flop, scenario="p100_strubell_preemptible")
    np.testing.assert_allclose(costs.flop_to_dollars(flop, scenario="p100_strubell_preemptible"), chain["dollars"])
    np.testing.assert_allclose(costs.flop_to_energy_kwh(flop), chain["energy_kwh"])
    np.testing.assert_allclose(costs.flop_to_co2_lbs(flop), chain["co2_lbs"])
    np.testing.assert_allclose(costs.gpu_hours(flop), chain["device_hours"])
    assert costs.energy_to_co2_lbs(1000.0) == pytest.approx(954.0)
    assert costs.energy_to_co2_lbs(1000.0, lbs_co2_per_kwh=0) == 0
    assert costs.lbs_to_tonnes(2204.62262) == pytest.approx(1.0)
    assert costs.co2_in_nyc_months(49.3e6 / 12 * 1000 / 0.45359237) == pytest.approx(1.0)
    assert costs.co2_in_flights(1984.0 * 3) == pytest.approx(3.0)
    assert isinstance(costs.flop_to_dollars(1e20), float)


def test_overrides_change_only_their_step():
    base = costs.cost_chain(1e25)
    cheap = costs.cost_chain(1e25, dollars_per_gpu_hour=0.146)
    assert cheap["dollars"] == pytest.approx(base["dollars"] / 10)
    assert cheap["co2_lbs"] == base["co2_lbs"]
    clean = costs.cost_chain(1e25, lbs_co2_per_kwh=0.0)
    assert clean["co2_lbs"] == 0 and clean["energy_kwh"] == base["energy_kwh"]
    util = costs.cost_chain(1e25, utilization=0.5)
    assert util["device_hours"] == pytest.approx(2 * base["device_hours"])


def test_cost_table_lists_every_factor_with_a_source_and_marks_overrides():
    table = costs.cost_table(1e28, pue=1.1)
    factors = table[table.kind == "factor"].set_index("quantity")
    assert set(factors.index) == set(costs.FACTOR_SOURCES)
    assert factors.loc["pue", "source"] == "set by the caller [assumption]"
    assert "strubell2019energy" in factors.loc["dollars_per_gpu_hour", "source"]
    results = table[table.kind == "result"].set_index("unit")["value"]
    assert results["US$"] == pytest.approx(costs.cost_chain(1e28, pue=1.1)["dollars"])
    assert results["FLOP"] == 1e28


def test_scenarios_and_their_table():
    for name, scenario in costs.SCENARIOS.items():
        table = costs.scenario_table(name).set_index("factor")
        assert table["value"].to_dict() == scenario.factors()
        assert table["status"].isin(["VERIFIED", "UNVERIFIED", "assumption"]).all()
    assert costs.SCENARIOS["p100_strubell_preemptible"].dollars_per_gpu_hour == 0.43


def test_v1_table_rates():
    table = costs.v1_imagenet_table()
    np.testing.assert_allclose(table["dollars_per_gflop"], 1e-8)
    odd = table[table.lbs_co2_per_gflop != 1e-8]
    assert list(zip(odd.target, odd.model)) == [("target 1", "polynomial")], "the one CO2 cell ten times low"
    rates = costs.paper_implied_rates()
    assert rates["dollars"] == 1e11 and rates["compute_gflop"] == 1e19 and rates["dollars_per_flop"] == pytest.approx(1e-17)


def test_strubell_rates_by_hand():
    rates = costs.strubell_implied_rates()
    burden_gflop = 8 * 9.3e12 * 84 * 3600 / 1e9
    assert rates["hardware_burden_gflop"] == pytest.approx(burden_gflop)
    assert rates["dollars_per_gpu_hour_high"] == pytest.approx(981 / 672)
    assert rates["lbs_co2_per_gflop"] == pytest.approx(192 / burden_gflop)


@pytest.mark.parametrize(
    "call, argument",
    [
        (lambda: costs.cost_chain(-1.0), "compute_flop"),
        (lambda: costs.cost_chain(float("nan")), "compute_flop"),
        (lambda: costs.cost_chain([1e20, -1.0]), "compute_flop"),
        (lambda: costs.cost_chain(1e20, utilization=0.0), "utilization"),
        (lambda: costs.cost_chain(1e20, utilization=1.5), "utilization"),
        (lambda: costs.cost_chain(1e20, pue=0.5), "pue"),
        (lambda: costs.cost_chain(1e20, peak_flops=0.0), "peak_flops"),
        (lambda: costs.cost_chain(1e20, scenario="h100"), "scenario"),
        (lambda: costs.cost_chain(1e20, watts=300), "factor"),
        (lambda: costs.cost_table([1e20, 1e21]), "compute_flop"),
        (lambda: costs.energy_to_co2_lbs(10.0, lbs_co2_per_kwh=11.0), "lbs_co2_per_kwh"),
        (lambda: costs.co2_in_nyc_months(1.0, nyc_tonnes_per_year=0.0), "nyc_tonnes_per_year"),
        (lambda: costs.strubell_implied_rates(dollars_low=5.0, dollars_high=1.0), "dollars_high"),
        (lambda: costs.scenario_table("nope"), "name"),
    ],
)
def test_bad_input_is_refused_by_name(call, argument):
    with pytest.raises((ValueError, TypeError), match=argument):
        call()


def test_text_input_is_a_type_error():
    with pytest.raises(TypeError, match="compute_flop"):
        costs.cost_chain("1e28")
    assert math.isfinite(costs.cost_chain(0.0)["dollars"])
    assert isinstance(costs.cost_table(1e20), pd.DataFrame)
