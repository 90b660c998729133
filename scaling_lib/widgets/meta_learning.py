"""Live controls for the chapter *Meta-learning and distribution shift* (``book/meta_learning.md``)."""
from typing import Any

from ..charts.meta_learning import scatter_draw, scatter_parts
from . import LiveControl, LiveOnlyNote, SpecTemplate, live_control

__all__ = ["shift_widget"]

#: Largest strength the live slider offers for each kind of shift (class balance: the training share of class 1).
LIVE_MAX_STRENGTH: dict[str, float] = {"rotation": 180.0, "translation": 5.0, "class_balance": 0.7, "noise": 5.0}

BENCHMARK_INPUTS = {
    "shift_widget": [
        {"kind": "rotation", "shift_strength": 135.0, "adapt_prior": False},
        {"kind": "translation", "shift_strength": 4.5, "adapt_prior": True},
        {"kind": "class_balance", "shift_strength": 0.7, "adapt_prior": True},
        {"kind": "noise", "shift_strength": 5.0, "adapt_prior": True},
    ]
}


def shift_widget() -> LiveControl | LiveOnlyNote:
    """Live shift explorer (chapter *Meta-learning and distribution shift*): any kind, any strength, with or without EM prior correction."""

    def controls() -> dict[str, Any]:
        import ipywidgets as widgets

        kind = widgets.Dropdown(
            options=[("rotation (degrees)", "rotation"), ("translation (SD)", "translation"), ("class balance (share points)", "class_balance"), ("noise (SD)", "noise")],
            value="rotation",
            description="shift",
        )
        strength = widgets.FloatSlider(value=45.0, min=0.0, max=LIVE_MAX_STRENGTH["rotation"], step=0.01, description="strength", continuous_update=False, readout_format=".3g")
        adapt = widgets.Checkbox(value=False, description="re-estimate the class prior (EM)")

        def new_range(change: dict[str, Any]) -> None:
            # Runs before the chart redraws (registered first): keep the strength inside the new kind's range.
            strength.value = min(strength.value, LIVE_MAX_STRENGTH[change["new"]])
            strength.max = LIVE_MAX_STRENGTH[change["new"]]

        kind.observe(new_range, names="value")
        return {"kind": kind, "shift_strength": strength, "adapt_prior": adapt}

    return live_control(
        "any kind and strength of shift",
        "Pick a kind of shift and drag its strength anywhere in its range (rotation up to 180 degrees); the chart redraws "
        "the shifted test points and the classifier's accuracy, and can re-estimate the class prior from the unlabelled test data.",
        controls,
        SpecTemplate(scatter_parts, scatter_draw),
    )
