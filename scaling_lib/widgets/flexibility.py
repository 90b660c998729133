"""Live controls for the chapter *Flexibility: why deep learning needs so much data* (``book/flexibility.md``)."""
from __future__ import annotations

from typing import Any

from ..charts.flexibility import curve_draw
from . import LiveControl, LiveOnlyNote, SpecTemplate, live_control

#: Replicates per update: half the simulation's default, so one update stays near 0.1 s even at 200 candidates.
LIVE_REPLICATES = 10

BENCHMARK_INPUTS = {
    "flexibility_widget": [
        {"n_candidates": n_candidates, "n_missed": n_missed, "noise_sd": noise_sd}
        for n_candidates, n_missed, noise_sd in ((100, 1, 0.5), (30, 2, 0.2), (60, 0, 1.0), (120, 3, 0.8), (200, 1, 0.5), (10, 4, 1.5))
    ]
}


def flexibility_widget() -> LiveControl | LiveOnlyNote:
    """Live learning curves (chapter *Flexibility*): any pool size from 10 to 200, 0–5 missed variables, any noise.

    Each change re-simulates with :func:`scaling_lib.flexibility.learning_curves` (10 true variables,
    10 training sets, every other default size) and redraws :func:`scaling_lib.charts.flexibility.learning_curve_chart`.
    """

    def controls() -> dict[str, Any]:
        import ipywidgets as widgets

        style = {"description_width": "initial"}
        return {
            "n_candidates": widgets.IntSlider(value=100, min=10, max=200, step=10, description="Candidate variables", style=style, continuous_update=False),
            "n_missed": widgets.IntSlider(value=1, min=0, max=5, step=1, description="True variables the expert missed", style=style, continuous_update=False),
            "noise_sd": widgets.FloatSlider(value=0.5, min=0.0, max=2.0, step=0.05, description="Noise standard deviation", style=style, continuous_update=False),
        }

    def parts(n_candidates: int, n_missed: int, noise_sd: float):
        from ..charts.flexibility import curve_parts
        from ..flexibility import DEFAULT_TRAIN_SIZES, crossovers, learning_curves

        curves = learning_curves(int(n_candidates), int(n_missed), float(noise_sd), n_replicates=LIVE_REPLICATES, train_sizes=DEFAULT_TRAIN_SIZES[1::2])
        return curve_parts(curves, crossovers(curves))

    return live_control(
        "expert against flexible model, any setting",
        "Move the sliders to any pool of 10 to 200 candidate variables, 0 to 5 missed true variables (of 10) and any noise "
        "level, and scaling_lib re-simulates both learning curves and marks the crossover.",
        controls,
        SpecTemplate(parts, curve_draw),
    )
