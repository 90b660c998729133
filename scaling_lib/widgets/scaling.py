"""Live controls for the chapter *The ninth power: what progress on ImageNet really cost* (``book/scaling.md``)."""
from __future__ import annotations

from typing import Any

from . import LiveControl, LiveOnlyNote, live_control

BENCHMARK_INPUTS = {
    "scaling_widget": [
        {"target_error_pct": 5.0},
        {"target_error_pct": 1.0},
        {"target_error_pct": 0.3, "dollars_per_gpu_hour": 0.43},
        {"target_error_pct": 8.0, "utilization": 0.35, "lbs_co2_per_kwh": 0.2},
        {"target_error_pct": 2.5, "device_watts": 400.0, "pue": 1.1},
        {"target_error_pct": 12.0, "peak_flops_tera": 125.0},
    ]
}


def scaling_widget() -> LiveControl | LiveOnlyNote:
    """Live cost calculator (chapter *The ninth power*): any target error and any conversion factors.

    The model table is loaded once; every update calls :func:`scaling_lib.forecast.calculator_tables`
    (which refits the hardware-burden line, a few milliseconds) for one target and one setting of each factor.
    """
    from ..forecast import DEFAULT_MEASURE, _table
    from .. import costs

    state: dict[str, Any] = {}

    def table():
        if "table" not in state:
            state["table"] = _table(None)
        return state["table"]

    defaults = costs.DEFAULT_SCENARIO

    def controls() -> dict[str, Any]:
        import ipywidgets as widgets

        style = {"description_width": "210px"}
        layout = widgets.Layout(width="520px")
        common = {"continuous_update": False, "style": style, "layout": layout}
        return {
            "target_error_pct": widgets.FloatLogSlider(value=5.0, base=10, min=-1, max=1.3, step=0.01, description="Target top-1 error (%)", readout_format=".3g", **common),
            "dollars_per_gpu_hour": widgets.FloatLogSlider(value=defaults.dollars_per_gpu_hour, base=10, min=-2, max=1.5, step=0.01, description="Price per GPU-hour (US$)", readout_format=".3g", **common),
            "utilization": widgets.FloatSlider(value=defaults.utilization, min=0.05, max=1.0, step=0.05, description="Share of peak used", **common),
            "peak_flops_tera": widgets.FloatLogSlider(value=defaults.peak_flops / 1e12, base=10, min=0, max=3.5, step=0.01, description="Peak per GPU (TFLOP/s)", readout_format=".3g", **common),
            "device_watts": widgets.FloatSlider(value=defaults.device_watts, min=50, max=1500, step=10, description="Power per GPU (W)", **common),
            "pue": widgets.FloatSlider(value=defaults.pue, min=1.0, max=3.0, step=0.01, description="Data-centre overhead (PUE)", **common),
            "lbs_co2_per_kwh": widgets.FloatSlider(value=defaults.lbs_co2_per_kwh, min=0.0, max=2.5, step=0.01, description="Grid intensity (lbs CO₂/kWh)", **common),
        }

    def make_chart(target_error_pct: float, dollars_per_gpu_hour: float, utilization: float, peak_flops_tera: float,
                   device_watts: float, pue: float, lbs_co2_per_kwh: float):
        from ..charts.scaling import readout_chart
        from ..forecast import calculator_tables, format_sci

        tables = calculator_tables(
            table(),
            DEFAULT_MEASURE,
            target_errors_pct=[target_error_pct],
            utilizations=[utilization],
            price_options=[("chosen", dollars_per_gpu_hour)],
            intensity_options=[("chosen", lbs_co2_per_kwh)],
            peak_flops=peak_flops_tera * 1e12,
            device_watts=device_watts,
            pue=pue,
        )
        compute = float(tables["compute"]["compute_flop"].iloc[0])
        return readout_chart(
            tables,
            title=f"Reaching {target_error_pct:.3g}% top-1 error",
            description=(
                f"Text table for a target top-1 error of {target_error_pct:.3g}%: compute {format_sci(compute)} FLOP by the hardware-burden fit, "
                f"with the cost, energy and CO2 at US${dollars_per_gpu_hour:.3g} per GPU-hour, {utilization:.0%} of a "
                f"{peak_flops_tera:.3g} TFLOP/s peak, {device_watts:.0f} W, PUE {pue:.2f} and {lbs_co2_per_kwh:.3g} lbs CO2 per kWh."
            ),
        )

    return live_control(
        "cost of any target error, with every conversion factor",
        "Choose any target top-1 error and any price, utilisation, chip speed and power, data-centre overhead and grid "
        "intensity; scaling_lib refits the line and recomputes the compute, cost, energy and CO2 at once.",
        controls,
        make_chart,
    )
