"""Live controls for the chapter *Where this leaves us* (``book/outlook.md``)."""
from __future__ import annotations

from typing import Any

from ..charts.outlook import projection_draw
from . import LiveControl, LiveOnlyNote, SpecTemplate, live_control

BENCHMARK_INPUTS = {
    "outlook_widget": [
        {"gamma": g, "compute_growth_per_year": c, "algorithmic_gain_per_year": a}
        for g, c, a in ((9.1, 4.1, 1.0), (4.0, 1.3, 1.0), (10.8, 2.0, 1.72), (13.8, 4.1, 2.52), (6.5, 1.05, 1.0), (20.0, 10.0, 5.0))
    ]
}


def outlook_widget() -> LiveControl | LiveOnlyNote:
    """Live next-decade calculator (chapter *Where this leaves us*): any exponent, compute growth and algorithmic gain per year."""

    def controls() -> dict[str, Any]:
        import ipywidgets as widgets

        style, layout = {"description_width": "200px"}, widgets.Layout(width="520px")
        sliders = (("gamma", "exponent γ", 9.1, 2.0, 20.0, 0.1), ("compute_growth_per_year", "compute growth per year (×)", 4.1, 1.05, 10.0, 0.05),
                   ("algorithmic_gain_per_year", "algorithmic gain per year (×)", 1.0, 1.0, 5.0, 0.05))
        return {name: widgets.FloatSlider(value=value, min=low, max=high, step=step, description=label,
                                          continuous_update=False, style=style, layout=layout)
                for name, label, value, low, high, step in sliders}

    start: dict[str, float] = {}

    def parts(gamma: float, compute_growth_per_year: float, algorithmic_gain_per_year: float):
        from .. import data, outlook, vocabulary
        from ..charts.outlook import projection_parts

        if not start:  # the current record, read once rather than on every slider move
            models = data.load_imagenet_models()
            last = models.loc[models["top1_error"].idxmin()]
            start.update(error=float(last["top1_error"]), year=float(vocabulary.decimal_year([last["publication_date"]])[0]))
        settings = ({"γ": gamma}, {"compute": compute_growth_per_year}, {"algorithms": algorithmic_gain_per_year})
        return projection_parts(*outlook.scenarios(start["error"], start["year"], *settings))

    return live_control(
        "the next-decade calculator",
        "Drag three sliders (the exponent γ from 2 to 20, compute growth from 1.05× to 10× a year and algorithmic gains from 1× "
        "to 5× a year) and the page recomputes the error curve and the years when 5% and 1% arrive.",
        controls,
        SpecTemplate(parts, projection_draw),
    )
