"""Live controls for the chapter *Overparameterization* (``book/overparameterization.md``)."""
from __future__ import annotations

import functools
from typing import Any

from ..charts.overparameterization import _descent_draw, _descent_parts
from . import LiveControl, LiveOnlyNote, SpecTemplate, live_control

#: Ridge penalties the live slider offers: 0 (minimum norm) and every half-decade from 10⁻⁹ to 10⁻¹.
RIDGE_OPTIONS: tuple[float, ...] = (0.0,) + tuple(float(f"{10 ** (e / 2):.0e}") for e in range(-18, -1))
#: Largest training set the live control offers: one update stays under 200 ms on one core.
MAX_LIVE_N_TRAIN = 60

BENCHMARK_INPUTS = {
    "double_descent_widget": [
        {"n_train": 60, "noise_sd": 0.2, "ridge": 0.0},
        {"n_train": 10, "noise_sd": 0.0, "ridge": 0.0},
        {"n_train": 40, "noise_sd": 1.0, "ridge": 3e-8},
        {"n_train": MAX_LIVE_N_TRAIN, "noise_sd": 0.8, "ridge": 0.1},
    ]
}


@functools.lru_cache(maxsize=32)
def _noise_basis(n_train: int, ridge: float) -> Any:
    """The curves at noise σ = 0, 1 and 2 for one data size and penalty, simulated once."""
    from ..overparameterization import double_descent_grid

    grid = double_descent_grid([n_train], [0.0, 1.0, 2.0], [ridge])
    return [grid[grid["noise_sd"] == sd].reset_index(drop=True) for sd in (0.0, 1.0, 2.0)]


def _curves_at(n_train: int, noise_sd: float, ridge: float) -> Any:
    """``double_descent_grid([n_train], [noise_sd], [ridge])`` to rounding, without a new simulation when only σ moved.

    The labels are linear in σ and the fit linear in the labels, so both errors are quadratics in σ: the three
    simulated noise levels settle every other one.
    """
    at0, at1, at2 = _noise_basis(int(n_train), float(ridge))
    grid = at0.assign(noise_sd=float(noise_sd))
    for column in ("train_error", "test_error"):
        a, b, c = at0[column], at1[column], at2[column]
        grid[column] = (a + noise_sd * (4 * b - 3 * a - c) / 2 + noise_sd**2 * (a - 2 * b + c) / 2).clip(lower=0.0)
    return grid


def double_descent_widget() -> LiveControl | LiveOnlyNote:
    """Live double-descent curve for any training-set size, noise level and ridge penalty (chapter: overparameterization)."""

    def controls() -> dict[str, Any]:
        import ipywidgets as widgets

        ridge_choices = [("0 (min. norm)" if r == 0 else f"{r:.0e}", r) for r in RIDGE_OPTIONS]
        return {
            "n_train": widgets.IntSlider(value=60, min=10, max=MAX_LIVE_N_TRAIN, step=1, description="data points", continuous_update=False),
            "noise_sd": widgets.FloatSlider(value=0.2, min=0.0, max=1.0, step=0.05, description="noise σ", continuous_update=False),
            "ridge": widgets.SelectionSlider(options=ridge_choices, value=0.0, description="ridge λ", continuous_update=False),
        }

    def parts(n_train: int, noise_sd: float, ridge: float):
        return _descent_parts(_curves_at(n_train, noise_sd, ridge), {"n_train": n_train, "noise_sd": noise_sd, "ridge": ridge})

    return live_control(
        "double descent for any data size, noise and ridge penalty",
        "Choose the number of training points (10 to 60), the label noise and the ridge penalty, and the whole "
        "double-descent curve is recomputed, averaged over eight draws of the random features.",
        controls,
        SpecTemplate(parts, _descent_draw),
    )
