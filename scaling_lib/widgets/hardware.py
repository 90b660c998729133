"""Live controls for the chapter *Better chips or more of them* (``book/hardware.md``)."""
from __future__ import annotations

from typing import Any

from . import LiveControl, LiveOnlyNote, SpecTemplate, live_control

BENCHMARK_INPUTS = {
    "hardware_cost_widget": [
        {"run": run, "amortization_years": years, "utilization": use}
        for run, years, use in (
            ("AlexNet (SuperVision, 7-CNN ensemble)", 3.0, 1.0), ("CoCa (fine-tuned)", 3.0, 1.0),
            ("NASNet-A (6@4032)", 1.0, 0.4), ("Noisy Student (EfficientNet-L2)", 5.0, 0.3),
            ("EVA-01 (ViT-g)", 2.0, 0.5), ("VGG-16", 8.0, 0.8),
        )
    ]
}


def hardware_cost_widget() -> LiveControl | LiveOnlyNote:
    """Live retro-cost calculator (chapter on hardware): any run, a chip lifetime in years, a utilization (fraction of peak).

    Recomputes :func:`scaling_lib.hardware.retro_cost_table` for the chosen run and redraws the cost and duration bars.
    """
    from .. import data, hardware
    from ..charts.hardware import retro_draw, retro_parts

    models = data.model_compute_table()
    runs = models.dropna(subset=["processor_count", "train_hours", "peak_flops_used"])
    chips = data.load_accelerators()

    def controls() -> dict[str, Any]:
        import ipywidgets as widgets

        style = {"description_width": "initial"}
        slider = dict(style=style, continuous_update=False)
        return {
            "run": widgets.Dropdown(options=list(runs["model"]), value="CoCa (fine-tuned)", description="Training run", style=style),
            "amortization_years": widgets.FloatSlider(value=3.0, min=0.5, max=10.0, step=0.5, description="Chip lifetime (years)", **slider),
            "utilization": widgets.FloatSlider(value=1.0, min=0.1, max=1.0, step=0.05, description="Utilization (fraction of peak)", **slider),
        }

    def parts(run: str, amortization_years: float, utilization: float):
        one_run = runs[runs["model"] == run]
        return retro_parts(hardware.retro_cost_table(one_run, chips, amortization_years, utilization), run)

    return live_control(
        "a training run on other hardware",
        "Pick a training run, a chip lifetime for spreading the launch price and a utilization, and the run's amortised "
        "chip cost and duration are recomputed on every priced chip.",
        controls,
        SpecTemplate(parts, retro_draw),
    )
