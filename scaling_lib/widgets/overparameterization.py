"""Live controls for the chapter *Overparameterization* (``book/overparameterization.md``)."""
from __future__ import annotations

from typing import Any

from . import LiveControl, LiveOnlyNote, live_control

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

    def make_chart(n_train: int, noise_sd: float, ridge: float):
        from ..charts.overparameterization import double_descent_chart
        from ..overparameterization import double_descent_grid

        return double_descent_chart(double_descent_grid([n_train], [noise_sd], [ridge]), n_train, noise_sd, ridge)

    return live_control(
        "double descent for any data size, noise and ridge penalty",
        "Choose the number of training points (10 to 60), the label noise and the ridge penalty, and the whole "
        "double-descent curve is recomputed, averaged over eight draws of the random features.",
        controls,
        make_chart,
    )
