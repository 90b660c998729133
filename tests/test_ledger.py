"""Tests of scaling_lib.ledger: training versus running costs of compressed models."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lib import ledger as lg

REFERENCES = Path(__file__).resolve().parents[1] / "references.bib"

positive = st.floats(1.0, 1e20, allow_nan=False, allow_infinity=False)


# ----------------------------------------------------------------------------- hand-worked cases


def test_training_cost_with_pruning():
    assert lg.training_cost_with_pruning(1e18, 0.5) == 1.5e18
    assert lg.training_cost_with_pruning(1e18, 0.0) == 1e18
    assert lg.training_cost_with_pruning(2e18, 3.0) == 8e18  # three retraining cycles


def test_search_cost():
    assert lg.search_cost(20_000, 1e16) == 2e20
    assert lg.search_cost(1, 5.0) == 5.0


def test_break_even_by_hand():
    # 1e9 extra training FLOP, saving 1e4 - 2e3 = 8e3 FLOP per inference -> 125,000 inferences
    assert lg.break_even_inferences(1e9, 1e4, 2e3) == pytest.approx(125_000)
    assert lg.break_even_inferences(0.0, 10.0, 5.0) == 0.0
    assert lg.break_even_inferences(1e9, 1e4, 1e4) == math.inf  # no saving
    assert lg.break_even_inferences(1e9, 1e4, 2e4) == math.inf  # dearer to run
    assert lg.break_even_inferences(0.0, 1e4, 1e4) == math.inf


def test_lifetime_cost_by_hand():
    assert lg.lifetime_cost(1e9, 1e3, 1e6) == 1e9 + 1e9
    assert lg.lifetime_cost(1e9, 1e3, 1e6, retrainings=52) == 52e9 + 1e9
    assert lg.lifetime_cost(1e9, 1e3, 0) == 1e9


def test_training_share_and_dominant_cost():
    # a widely used model: 1e18 training, 1e9 per use, 1e12 uses -> inference 1e21 dominates
    assert lg.training_share(1e18, 1e9, 1e12) == pytest.approx(1e18 / (1e18 + 1e21))
    assert lg.dominant_cost(1e18, 1e9, 1e12) == "inference"
    # a model retrained weekly and used little: training dominates
    assert lg.dominant_cost(1e18, 1e9, 1e6, retrainings=52) == "training"
    # a 30/70 split is balanced with a margin of 0.8
    assert lg.dominant_cost(3.0, 7.0, 1) == "inference"
    assert lg.dominant_cost(3.0, 7.0, 1, margin=0.8) == "balanced"
    assert lg.training_share(0.0, 0.0, 0.0) == 0.0


def test_ledger_table_crossing_point():
    table = lg.ledger_table(1e9, 1e4, 1.5e9, 2e3, [0, 1e4, 62_500, 1e5, 1e6])
    assert list(table.columns) == [
        "inferences", "baseline_lifetime_flop", "compressed_lifetime_flop", "saving_flop", "cheaper",
        "break_even_inferences",
    ]
    # extra training 5e8 / saving 8e3 per inference = 62,500 inferences
    assert (table.break_even_inferences == 62_500).all()
    assert table.cheaper.tolist() == ["baseline", "baseline", "equal", "compressed", "compressed"]
    np.testing.assert_allclose(table.baseline_lifetime_flop, [1e9, 1.1e9, 1.625e9, 2e9, 1.1e10])
    np.testing.assert_allclose(table.compressed_lifetime_flop, [1.5e9, 1.52e9, 1.625e9, 1.7e9, 3.5e9])
    np.testing.assert_allclose(table.saving_flop, table.baseline_lifetime_flop - table.compressed_lifetime_flop)


def test_ledger_table_retraining_moves_the_crossing():
    once = lg.ledger_table(1e9, 1e4, 1.5e9, 2e3, [1e5])
    weekly = lg.ledger_table(1e9, 1e4, 1.5e9, 2e3, [1e5], retrainings=4)
    assert weekly.break_even_inferences.iloc[0] == pytest.approx(4 * 62_500)
    assert once.cheaper.iloc[0] == "compressed"
    assert weekly.cheaper.iloc[0] == "baseline"


def test_ledger_table_special_cases():
    # cheaper to train but dearer to run (a smaller dense model seen from the other side)
    table = lg.ledger_table(2e9, 1e3, 1e9, 2e3, [0, 1e6, 2e6])
    assert table.break_even_inferences.iloc[0] == pytest.approx(1e6)
    assert table.cheaper.tolist() == ["compressed", "equal", "baseline"]
    # parallel lines never meet
    assert lg.ledger_table(1e9, 1e3, 2e9, 1e3, [0, 1]).break_even_inferences.iloc[0] == math.inf
    # identical models meet everywhere
    identical = lg.ledger_table(1e9, 1e3, 1e9, 1e3, [0, 1])
    assert identical.break_even_inferences.iloc[0] == 0.0
    assert (identical.cheaper == "equal").all()
    # cheaper on both counts: never dearer, lines do not meet at n >= 0
    better = lg.ledger_table(1e9, 1e3, 5e8, 1e2, [0, 1e9])
    assert better.break_even_inferences.iloc[0] == math.inf
    assert (better.cheaper == "compressed").all()


def test_ledger_table_tidy_form():
    tidy = lg.ledger_table(1e9, 1e4, 1.5e9, 2e3, [0, 1e5], tidy=True)
    assert list(tidy.columns) == ["inferences", "model", "lifetime_flop"]
    assert tidy.model.tolist() == ["baseline", "baseline", "compressed", "compressed"]
    np.testing.assert_allclose(tidy.lifetime_flop, [1e9, 2e9, 1.5e9, 1.7e9])


@settings(max_examples=60, deadline=None)
@given(base_train=positive, extra_fraction=st.floats(0.01, 10.0), base_inf=positive, saving_fraction=st.floats(0.01, 0.99))
def test_lifetime_costs_are_equal_at_break_even(base_train, extra_fraction, base_inf, saving_fraction):
    compressed_train = base_train * (1 + extra_fraction)
    compressed_inf = base_inf * (1 - saving_fraction)
    n = lg.break_even_inferences(compressed_train - base_train, base_inf, compressed_inf)
    assert n > 0
    assert lg.lifetime_cost(base_train, base_inf, n) == pytest.approx(lg.lifetime_cost(compressed_train, compressed_inf, n), rel=1e-9)
    table = lg.ledger_table(base_train, base_inf, compressed_train, compressed_inf, [n / 2, 2 * n])
    assert table.cheaper.tolist() == ["baseline", "compressed"]
    assert table.break_even_inferences.iloc[0] == pytest.approx(n, rel=1e-9)


@settings(max_examples=40, deadline=None)
@given(train=positive, inference=positive, uses=st.floats(0, 1e15), retrainings=st.integers(1, 100))
def test_lifetime_cost_is_monotone_and_share_in_unit_interval(train, inference, uses, retrainings):
    cost = lg.lifetime_cost(train, inference, uses, retrainings)
    assert cost >= lg.lifetime_cost(train, inference, uses / 2, retrainings)
    assert cost <= lg.lifetime_cost(train, inference, uses, retrainings + 1)
    share = lg.training_share(train, inference, uses, retrainings)
    assert 0.0 <= share <= 1.0
    assert lg.dominant_cost(train, inference, uses, retrainings) == ("training" if share > 0.5 else "inference" if share < 0.5 else "balanced")


# ----------------------------------------------------------------------------- NASNet


def test_nasnet_constants_are_sourced():
    for key, entry in lg.NASNET_SEARCH.items():
        assert set(entry) == {"value", "unit", "source", "status"}, key
        assert entry["source"] and entry["status"], key
    assert lg.NASNET_SEARCH["gpus"]["value"] == 500
    assert lg.NASNET_SEARCH["search_days"]["value"] == 4
    assert lg.NASNET_SEARCH["child_models_trained"]["value"] == 20_000
    assert lg.NASNET_SEARCH["child_models_trained"]["status"].startswith("SECONDARY")
    assert lg.NASNET_SEARCH["gpu_hours"]["value"] == 48_000
    table = lg.nasnet_search_table()
    assert list(table.columns) == ["quantity", "value", "unit", "source", "status"]
    assert len(table) == len(lg.NASNET_SEARCH)


def test_nasnet_search_cost():
    peak = lg.nasnet_search_cost()
    assert peak["gpu_hours"] == 48_000
    assert peak["search_flop"] == pytest.approx(48_000 * 3600 * 9.3e12)  # about 1.6e21
    assert lg.search_cost(int(peak["child_models"]), peak["flop_per_child_model"]) == pytest.approx(peak["search_flop"])
    # Epoch AI puts PNASNet-5 at 6.63e19 FLOP, "8 times less compute" than NASNet's search:
    # a third of the P100's peak reproduces that figure.
    central = lg.nasnet_search_cost(utilization=0.33)
    assert central["search_flop"] == pytest.approx(8 * 6.62904e19, rel=0.01)
    assert lg.nasnet_search_cost(peak_flops_per_gpu=1e13)["search_flop"] == pytest.approx(48_000 * 3600 * 1e13)


def test_cited_keys_exist():
    text = REFERENCES.read_text(encoding="utf-8")
    for key in ("zoph2018learning", "han2015learning", "thompson2021diminishing"):
        assert "{" + key + "," in text


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "args, error, name",
    [
        ((-1.0, 0.5), ValueError, "train_flop"),
        ((math.nan, 0.5), ValueError, "train_flop"),
        (("1e9", 0.5), TypeError, "train_flop"),
        ((1e9, -0.1), ValueError, "prune_retrain_fraction"),
        ((1e9, math.inf), ValueError, "prune_retrain_fraction"),
        ((1e9, None), TypeError, "prune_retrain_fraction"),
    ],
)
def test_training_cost_with_pruning_rejects_bad_input(args, error, name):
    with pytest.raises(error, match=name):
        lg.training_cost_with_pruning(*args)


@pytest.mark.parametrize(
    "args, error, name",
    [
        ((0, 1e9), ValueError, "trials"),
        ((2.5, 1e9), TypeError, "trials"),
        ((-3, 1e9), ValueError, "trials"),
        ((10, -1.0), ValueError, "train_flop_per_trial"),
        ((10, math.inf), ValueError, "train_flop_per_trial"),
        ((10, [1.0]), TypeError, "train_flop_per_trial"),
    ],
)
def test_search_cost_rejects_bad_input(args, error, name):
    with pytest.raises(error, match=name):
        lg.search_cost(*args)


@pytest.mark.parametrize(
    "args, error, name",
    [
        ((-1.0, 10.0, 5.0), ValueError, "extra_training_flop"),
        ((math.nan, 10.0, 5.0), ValueError, "extra_training_flop"),
        ((1.0, -10.0, 5.0), ValueError, "inference_flop_before"),
        ((1.0, math.inf, 5.0), ValueError, "inference_flop_before"),
        ((1.0, 10.0, -5.0), ValueError, "inference_flop_after"),
        ((1.0, 10.0, "5"), TypeError, "inference_flop_after"),
    ],
)
def test_break_even_rejects_bad_input(args, error, name):
    with pytest.raises(error, match=name):
        lg.break_even_inferences(*args)


LIFETIME_BAD = [
    ((-1.0, 1.0, 1.0), {}, ValueError, "training_flop"),
    ((math.inf, 1.0, 1.0), {}, ValueError, "training_flop"),
    ((1.0, -1.0, 1.0), {}, ValueError, "inference_flop"),
    ((1.0, math.nan, 1.0), {}, ValueError, "inference_flop"),
    ((1.0, 1.0, -1.0), {}, ValueError, "inferences"),
    ((1.0, 1.0, None), {}, TypeError, "inferences"),
    ((1.0, 1.0, 1.0), {"retrainings": 0}, ValueError, "retrainings"),
    ((1.0, 1.0, 1.0), {"retrainings": 1.5}, TypeError, "retrainings"),
]


@pytest.mark.parametrize("args, kwargs, error, name", LIFETIME_BAD)
@pytest.mark.parametrize("function", [lg.lifetime_cost, lg.training_share, lg.dominant_cost])
def test_lifetime_functions_reject_bad_input(function, args, kwargs, error, name):
    with pytest.raises(error, match=name):
        function(*args, **kwargs)


@pytest.mark.parametrize("margin", [0.4, 1.0, math.nan])
def test_dominant_cost_rejects_bad_margin(margin):
    with pytest.raises(ValueError, match="margin"):
        lg.dominant_cost(1.0, 1.0, 1.0, margin=margin)


@pytest.mark.parametrize(
    "override, error, name",
    [
        ({"baseline_training_flop": -1.0}, ValueError, "baseline_training_flop"),
        ({"baseline_inference_flop": math.nan}, ValueError, "baseline_inference_flop"),
        ({"compressed_training_flop": "x"}, TypeError, "compressed_training_flop"),
        ({"compressed_inference_flop": math.inf}, ValueError, "compressed_inference_flop"),
        ({"inferences": []}, ValueError, "inferences"),
        ({"inferences": [1.0, -2.0]}, ValueError, "inferences"),
        ({"inferences": [1.0, math.nan]}, ValueError, "inferences"),
        ({"inferences": [[1.0]]}, ValueError, "inferences"),
        ({"inferences": "many"}, TypeError, "inferences"),
        ({"retrainings": 0}, ValueError, "retrainings"),
        ({"tidy": "yes"}, TypeError, "tidy"),
    ],
)
def test_ledger_table_rejects_bad_input(override, error, name):
    kwargs = {
        "baseline_training_flop": 1e9, "baseline_inference_flop": 1e4,
        "compressed_training_flop": 1.5e9, "compressed_inference_flop": 2e3, "inferences": [0, 1e5],
    }
    kwargs.update(override)
    with pytest.raises(error, match=name):
        lg.ledger_table(**kwargs)


@pytest.mark.parametrize(
    "kwargs, error, name",
    [
        ({"utilization": 0.0}, ValueError, "utilization"),
        ({"utilization": 1.5}, ValueError, "utilization"),
        ({"utilization": "0.3"}, TypeError, "utilization"),
        ({"peak_flops_per_gpu": -1.0}, ValueError, "peak_flops_per_gpu"),
        ({"peak_flops_per_gpu": math.inf}, ValueError, "peak_flops_per_gpu"),
    ],
)
def test_nasnet_search_cost_rejects_bad_input(kwargs, error, name):
    with pytest.raises(error, match=name):
        lg.nasnet_search_cost(**kwargs)


def test_results_are_plain_numbers_and_frames():
    assert isinstance(lg.break_even_inferences(1.0, 2.0, 1.0), float)
    assert isinstance(lg.lifetime_cost(1, 1, 1), float)
    assert isinstance(lg.ledger_table(1, 1, 1, 1, [1]), pd.DataFrame)


# ----------------------------------------------------------------------------- tables of the chapter's figures

DENSE_TRAINING_FLOP = 6.0 * 6720 * 1000 * 40  # the chapter's 2-80-80-2 network, 1,000 examples, 40 epochs
DENSE_INFERENCE_FLOP = 2.0 * 6720


def test_ledger_grid_holds_the_ledger_numbers():
    lines, crossings = lg.ledger_grid(DENSE_TRAINING_FLOP, DENSE_INFERENCE_FLOP)
    n_pairs = len(lg.EXTRA_TRAINING_PERCENT_GRID) * len(lg.SAVING_PERCENT_GRID)
    assert list(crossings.columns) == ["extra_training_percent", "saving_percent", "break_even_inferences", "lifetime_flop"]
    assert len(crossings) == n_pairs
    assert len(lines) == len(lg.INFERENCE_GRID) * (n_pairs + 1), "baseline rows appear once"
    assert lines.loc[lines["model"] == "baseline", ["extra_training_percent", "saving_percent"]].isna().all().all()
    row = crossings[(crossings["extra_training_percent"] == 50) & (crossings["saving_percent"] == 90)].iloc[0]
    expected = lg.break_even_inferences(0.5 * DENSE_TRAINING_FLOP, DENSE_INFERENCE_FLOP, 0.1 * DENSE_INFERENCE_FLOP)
    assert row["break_even_inferences"] == pytest.approx(expected, rel=1e-12)
    assert row["lifetime_flop"] == pytest.approx(lg.lifetime_cost(DENSE_TRAINING_FLOP, DENSE_INFERENCE_FLOP, expected))
    assert crossings.loc[crossings["extra_training_percent"] == 0, "break_even_inferences"].eq(0).all()
    compressed = lines[(lines["model"] == "compressed") & (lines["extra_training_percent"] == 100) & (lines["saving_percent"] == 50)]
    np.testing.assert_allclose(compressed["lifetime_flop"], 2 * DENSE_TRAINING_FLOP + compressed["inferences"] * 0.5 * DENSE_INFERENCE_FLOP)
    _, never = lg.ledger_grid(1e9, 1e4, [50], [0])
    assert math.isinf(never["break_even_inferences"].iloc[0]) and math.isnan(never["lifetime_flop"].iloc[0])
    for name, kwargs in (
        ("training_flop", {"training_flop": 0.0}),
        ("inference_flop", {"inference_flop": math.inf}),
        ("saving_percent", {"saving_percent": [50, 100]}),
        ("extra_training_percent", {"extra_training_percent": [-5]}),
        ("inferences", {"inferences": []}),
    ):
        arguments = {"training_flop": 1e9, "inference_flop": 1e4, **kwargs}
        with pytest.raises(ValueError, match=name):
            lg.ledger_grid(**arguments)
    with pytest.raises(TypeError, match="training_flop"):
        lg.ledger_grid("1e9", 1e4)


def test_dominance_table_follows_the_schedules():
    table = lg.dominance_table(DENSE_TRAINING_FLOP, DENSE_INFERENCE_FLOP, [1e3, 1e9])
    assert list(table["schedule"].unique()) == list(lg.RETRAINING_SCHEDULES)
    assert len(table) == 2 * len(lg.RETRAINING_SCHEDULES)
    weekly = table[table["schedule"] == "every week"].set_index("inferences")
    assert weekly.loc[1e3, "dominant"] == "training" and weekly.loc[1e9, "dominant"] == "inference"
    assert weekly.loc[1e9, "training_share"] == lg.training_share(DENSE_TRAINING_FLOP, DENSE_INFERENCE_FLOP, 1e9, 52)
    assert (weekly["retrainings"] == 52).all()
    assert len(lg.dominance_table(1e9, 1e4)) == 28 * len(lg.RETRAINING_SCHEDULES)
    with pytest.raises(ValueError, match="inferences"):
        lg.dominance_table(1e9, 1e4, [-1.0])
    with pytest.raises(ValueError, match="training_flop"):
        lg.dominance_table(0.0, 1e4)


def test_search_scale_table_uses_the_sourced_search():
    table = lg.search_scale_table(DENSE_TRAINING_FLOP)
    assert list(table.columns) == ["item", "flop", "measure"]
    flop = table.set_index("item")["flop"]
    search = lg.nasnet_search_cost()
    assert flop["our network, trained once"] == DENSE_TRAINING_FLOP
    assert flop["NASNet, whole search"] == search["search_flop"] == pytest.approx(48_000 * 3600 * 9.3e12)
    assert flop["NASNet, one child model"] * search["child_models"] == pytest.approx(search["search_flop"])
    assert flop["AlexNet, trained once"] == pytest.approx(lg.ALEXNET_GPU_HOURS * 3600 * lg.GTX580_PEAK_FLOPS_FP32)
    assert flop["AlexNet, trained once"] == pytest.approx(1.503e18, rel=1e-3)
    assert flop["NASNet, whole search"] / flop["AlexNet, trained once"] > 1000
    with pytest.raises(ValueError, match="mlp_training_flop"):
        lg.search_scale_table(-1.0)
