"""Live controls for the chapter *The price of a better model* (``book/bounds.md``)."""
from __future__ import annotations

from typing import Any

from ..charts.bounds import multiplier_draw, multiplier_parts
from . import LiveControl, LiveOnlyNote, SpecTemplate, live_control

BENCHMARK_INPUTS = {"bounds_widget": [{"k": k} for k in (1.5, 2.0, 3.7, 10.0, 42.0, 100.0, 333.0, 1000.0)]}


def bounds_widget() -> LiveControl | LiveOnlyNote:
    """Live k calculator (chapter *The price of a better model*): bars of k^γ for any k from 1 to 1,000."""

    def controls() -> dict[str, Any]:
        import ipywidgets as widgets

        return {
            "k": widgets.FloatLogSlider(value=2.0, base=10, min=0, max=3, step=0.01, description="k", readout_format=".3g", continuous_update=False)
        }

    return live_control(
        "improvement factor k from 1 to 1,000",
        "Drag the slider to any improvement factor k from 1 to 1,000 and the bars of k^γ, for every exponent of the chapter, are recomputed.",
        controls,
        SpecTemplate(multiplier_parts, multiplier_draw),
    )
