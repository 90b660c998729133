"""scaling_lib.flexibility: the replicated learning curves and their crossovers."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from scaling_lib import flexibility as fx

SIZES = [5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560]


@pytest.fixture(scope="module")
def default_curves() -> pd.DataFrame:
    return fx.learning_curves()


@pytest.fixture(scope="module")
def grid() -> pd.DataFrame:
    return fx.learning_curves([25, 50], [0, 1, 2], [0.25, 0.5], train_sizes=SIZES, n_replicates=6, seed=3)


def wide(curves: pd.DataFrame) -> pd.DataFrame:
    return curves.pivot(index="n_train", columns="model", values="test_error")


def test_columns_shape_and_parameters(default_curves):
    assert list(default_curves.columns) == [
        "n_candidates", "n_missed", "noise_sd", "n_train", "model", "n_parameters", "test_error",
        "test_error_low", "test_error_high", "error_floor", "compute_flop_proxy",
    ]
    assert len(default_curves) == 2 * len(fx.DEFAULT_TRAIN_SIZES)
    assert default_curves.groupby("model")["n_parameters"].unique().map(list).to_dict() == {"expert": [9], "flexible": [100]}
    np.testing.assert_array_equal(default_curves["compute_flop_proxy"], default_curves["n_train"] * default_curves["n_parameters"])
    assert (default_curves["test_error_low"] <= default_curves["test_error"]).all()
    assert (default_curves["test_error"] <= default_curves["test_error_high"]).all()


def test_floors_and_the_reversal(default_curves):
    curves = wide(default_curves)
    expert_floor, flexible_floor = 0.5**2 + 1 / 10, 0.5**2
    floors = default_curves.groupby("model")["error_floor"].unique()
    assert floors["expert"] == pytest.approx([expert_floor]) and floors["flexible"] == pytest.approx([flexible_floor])
    # The expert stalls within 1 % of its floor; the flexible model ends within 1 % of the noise alone.
    assert curves["expert"].iloc[-4:].to_numpy() == pytest.approx(expert_floor, rel=0.01)
    assert curves["flexible"].iloc[-1] == pytest.approx(flexible_floor, rel=0.01)
    small = curves[curves.index <= 100]
    assert (small["flexible"] > small["expert"]).all()
    assert (np.diff(curves["expert"]) < 0).all() and (np.diff(curves["flexible"]) < 0).all()


def _direct(n: int, p: int, n_true: int, n_missed: int, noise: float, penalty: tuple[float, float], sets: int, seed: int):
    """Test errors of both models over training sets drawn patient by patient; ridge solved as augmented least squares."""
    rng = np.random.default_rng(seed)
    beta = np.where(np.arange(p) < n_true, np.sqrt(1 / n_true), 0.0)
    named = n_true - n_missed
    out = []
    for _ in range(sets):
        X = rng.standard_normal((n, p))
        y = X @ beta + noise * rng.standard_normal(n)
        errors = []
        for columns, lam in ((named, penalty[0]), (p, penalty[1])):
            A = np.vstack([X[:, :columns], math.sqrt(lam) * np.eye(columns)])
            coef = np.linalg.lstsq(A, np.r_[y, np.zeros(columns)], rcond=None)[0]
            errors.append(noise**2 + np.sum((np.r_[coef, np.zeros(p - columns)] - beta) ** 2))
        out.append(errors)
    return np.array(out)


@pytest.mark.parametrize("n", [12, 30, 200])
def test_the_wishart_shortcut_matches_drawing_every_patient(n):
    """The library draws XᵀX and Xᵀy directly; drawing the patients gives the same mean test error."""
    p, n_true, n_missed, noise = 30, 6, 1, 0.5
    penalties = ((n_true - n_missed) * (noise**2 + n_missed / n_true) / ((n_true - n_missed) / n_true), p * noise**2)
    direct = _direct(n, p, n_true, n_missed, noise, penalties, sets=600, seed=11)
    curves = fx.learning_curves(p, n_missed, noise, n_true=n_true, train_sizes=[n], n_replicates=600, seed=5)
    library = curves.set_index("model")["test_error"]
    for column, model in enumerate(("expert", "flexible")):
        standard_error = direct[:, column].std() / math.sqrt(600) * math.sqrt(2)  # two independent means
        assert abs(library[model] - direct[:, column].mean()) < 4 * standard_error, model


def test_grid_rows_equal_single_settings_and_flexible_ignores_missed(grid):
    assert len(grid) == 2 * 3 * 2 * 2 * len(SIZES)
    one = fx.learning_curves(50, 2, 0.5, train_sizes=SIZES, n_replicates=6, seed=3)
    part = grid.query("n_candidates == 50 and n_missed == 2 and noise_sd == 0.5").reset_index(drop=True)
    pd.testing.assert_frame_equal(part, one)
    flexible = grid.query("model == 'flexible' and n_candidates == 25 and noise_sd == 0.25")
    by_missed = flexible.pivot(index="n_train", columns="n_missed", values="test_error")
    assert (by_missed.nunique(axis=1) == 1).all()


def test_deterministic_and_seed_sensitive():
    first = fx.learning_curves(20, 1, 0.5, train_sizes=SIZES[:5], n_replicates=4, seed=7)
    pd.testing.assert_frame_equal(first, fx.learning_curves(20, 1, 0.5, train_sizes=SIZES[:5], n_replicates=4, seed=7))
    assert not first["test_error"].equals(fx.learning_curves(20, 1, 0.5, train_sizes=SIZES[:5], n_replicates=4, seed=8)["test_error"])


def test_an_untuned_penalty_spikes_where_examples_equal_parameters():
    curves = wide(fx.learning_curves(40, 1, 0.5, train_sizes=[20, 41, 80, 400], ridge_penalty=1e-3, n_replicates=20))
    tuned = wide(fx.learning_curves(40, 1, 0.5, train_sizes=[20, 41, 80, 400], n_replicates=20))
    assert curves.loc[41, "flexible"] > 3 * tuned.loc[41, "flexible"]
    assert curves.loc[41, "flexible"] > curves.loc[20, "flexible"]


def test_zero_noise_keeps_the_fits_defined():
    curves = fx.learning_curves(20, 0, 0.0, train_sizes=[5, 50, 500], n_replicates=3)
    assert np.isfinite(curves["test_error"]).all()
    assert wide(curves)["flexible"].iloc[-1] < 0.01


def curve_table(expert, flexible, sizes=(10, 20, 40, 80)):
    rows = [{"n_candidates": 50, "n_missed": 1, "noise_sd": 0.5, "n_train": n, "model": model,
             "n_parameters": 9 if model == "expert" else 50, "test_error": error}
            for model, errors in (("expert", expert), ("flexible", flexible)) for n, error in zip(sizes, errors)]
    return pd.DataFrame(rows)


def test_crossover_ignores_an_early_chance_lead():
    row = fx.crossovers(curve_table([0.5, 0.4, 0.35, 0.35], [0.45, 0.6, 0.3, 0.26])).iloc[0]
    assert row["crossover_n"] == 40
    assert (row["expert_error"], row["flexible_error"]) == (0.35, 0.3)
    assert (row["expert_compute"], row["flexible_compute"]) == (40 * 9, 40 * 50)


def test_crossover_never_and_always():
    never = fx.crossovers(curve_table([0.3] * 4, [0.5, 0.4, 0.35, 0.31])).iloc[0]
    assert math.isnan(never["crossover_n"]) and math.isnan(never["flexible_compute"])
    always = fx.crossovers(curve_table([0.5] * 4, [0.4, 0.3, 0.2, 0.1])).iloc[0]
    assert always["crossover_n"] == 10


def test_crossovers_of_a_grid(grid):
    table = fx.crossovers(grid)
    assert len(table) == 2 * 3 * 2
    assert table.query("n_missed == 0")["crossover_n"].isna().all()
    found = table.dropna()
    assert (found["flexible_compute"] == found["crossover_n"] * found["n_candidates"]).all()
    assert (found["expert_compute"] == found["crossover_n"] * (10 - found["n_missed"])).all()
    # A bigger pool needs more data to overtake the same expert.
    one = found.query("n_missed == 1").pivot(index="noise_sd", columns="n_candidates", values="crossover_n")
    assert (one[50] >= one[25]).all()


def test_crossovers_refuse_bad_curves(grid):
    with pytest.raises(TypeError, match="curves"):
        fx.crossovers([1, 2, 3])
    with pytest.raises(ValueError, match="missing"):
        fx.crossovers(grid.drop(columns="n_parameters"))
    with pytest.raises(ValueError, match="both models"):
        fx.crossovers(grid[grid["model"] == "expert"])


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"pool_sizes": 5}, ValueError, "pool_sizes"),
        ({"pool_sizes": [25, 25]}, ValueError, "pool_sizes"),
        ({"pool_sizes": 25.5}, ValueError, "pool_sizes"),
        ({"pool_sizes": "100"}, TypeError, "pool_sizes"),
        ({"missed_counts": 10}, ValueError, "missed_counts"),
        ({"missed_counts": -1}, ValueError, "missed_counts"),
        ({"noise_levels": -0.1}, ValueError, "noise_levels"),
        ({"noise_levels": math.nan}, ValueError, "noise_levels"),
        ({"n_true": 0}, ValueError, "n_true"),
        ({"train_sizes": [10, 10]}, ValueError, "train_sizes"),
        ({"train_sizes": [0, 5]}, ValueError, "train_sizes"),
        ({"train_sizes": []}, ValueError, "train_sizes"),
        ({"n_replicates": 1}, ValueError, "n_replicates"),
        ({"n_replicates": 500, "pool_sizes": 1000}, ValueError, "n_replicates × max"),
        ({"ridge_penalty": 0.0}, ValueError, "ridge_penalty"),
        ({"seed": -1}, ValueError, "seed"),
    ],
)
def test_learning_curves_bad_input(kwargs, error, match):
    with pytest.raises(error, match=match):
        fx.learning_curves(**kwargs)
