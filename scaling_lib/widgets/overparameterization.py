"""Live controls for the chapter *Overparameterization* (``book/overparameterization.md``)."""
from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ..charts.overparameterization import descent_draw, descent_parts
from . import LiveControl, LiveOnlyNote, SpecTemplate, live_control

#: Ridge penalties the live slider offers: 0 (minimum norm) and every half-decade from 10⁻⁹ to 10⁻¹.
RIDGE_OPTIONS: tuple[float, ...] = (0.0,) + tuple(float(f"{10 ** (e / 2):.0e}") for e in range(-18, -1))
#: Noise levels the live slider offers: 0 to 1 in steps of 0.05.
NOISE_OPTIONS: tuple[float, ...] = tuple(round(0.05 * i, 2) for i in range(21))
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
def _noise_levels(n_train: int, ridge: float) -> Any:
    """The curves at every noise level the slider offers, from one simulation (a quarter dearer than one level)."""
    from ..overparameterization import double_descent_grid

    return double_descent_grid([n_train], NOISE_OPTIONS, [ridge])


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
        from ..overparameterization import double_descent_grid

        grid = _noise_levels(int(n_train), float(ridge))
        grid = grid[np.isclose(grid["noise_sd"], noise_sd)] if np.isclose(NOISE_OPTIONS, noise_sd).any() else double_descent_grid([n_train], [noise_sd], [ridge])
        return descent_parts(grid, {"n_train": n_train, "noise_sd": noise_sd, "ridge": ridge})

    return live_control(
        "double descent for any data size, noise and ridge penalty",
        "Choose the number of training points (10 to 60), the label noise and the ridge penalty, and the whole "
        "double-descent curve is recomputed, averaged over eight draws of the random features.",
        controls,
        SpecTemplate(parts, descent_draw),
    )
