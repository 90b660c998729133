"""Live controls for the chapter *Where this leaves us* (``book/outlook.md``)."""
from __future__ import annotations

from typing import Any

from . import LiveControl, LiveOnlyNote, live_control

BENCHMARK_INPUTS = {
    "outlook_widget": [
        {"gamma": g, "compute_growth_per_year": c, "algorithmic_gain_per_year": a}
        for g, c, a in ((9.0, 4.1, 1.0), (4.0, 1.3, 1.0), (10.8, 2.0, 1.72), (13.8, 4.1, 2.52), (6.5, 1.0, 1.0), (20.0, 10.0, 5.0))
    ]
}


def outlook_widget() -> LiveControl | LiveOnlyNote:
    """Live next-decade calculator (chapter *Where this leaves us*): any exponent, compute growth and algorithmic gain."""

    def controls() -> dict[str, Any]:
        import ipywidgets as widgets

        style = {"description_width": "200px"}
        layout = widgets.Layout(width="520px")
        return {
            "gamma": widgets.FloatSlider(value=9.0, min=2.0, max=20.0, step=0.1, description="exponent γ",
                                         continuous_update=False, style=style, layout=layout),
            "compute_growth_per_year": widgets.FloatSlider(value=4.1, min=1.0, max=10.0, step=0.05, description="compute growth per year (×)",
                                                           continuous_update=False, style=style, layout=layout),
            "algorithmic_gain_per_year": widgets.FloatSlider(value=1.0, min=1.0, max=5.0, step=0.05, description="algorithmic gain per year (×)",
                                                             continuous_update=False, style=style, layout=layout),
        }

    start_cache: dict[str, Any] = {}

    def make_chart(gamma: float, compute_growth_per_year: float, algorithmic_gain_per_year: float):
        from .. import outlook
        from ..charts.outlook import projection_chart

        if not start_cache:  # read the data once, not on every slider move
            start_cache.update(outlook.starting_point())
        start = start_cache
        return projection_chart(gamma, compute_growth_per_year, algorithmic_gain_per_year,
                                start_error=start["top1_error"], start_year=round(start["year"]))

    return live_control(
        "the next-decade calculator",
        "Drag three sliders (the exponent γ from 2 to 20, compute growth from 1× to 10× a year and algorithmic gains from 1× "
        "to 5× a year) and scaling_lib.outlook recomputes the error curve and the years when 5% and 1% arrive.",
        controls,
        make_chart,
    )
