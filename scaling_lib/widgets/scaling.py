"""Live calculator for the chapter *The ninth power* (``book/scaling.md``)."""
from __future__ import annotations

from typing import Any

from ..charts.scaling import readout_draw
from . import LiveControl, LiveOnlyNote, SpecTemplate, live_control

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


def scaling_widget(fit: Any = None) -> LiveControl | LiveOnlyNote:
    """Cost of any target error under ``fit`` (the chapter's power law; default: refit on hardware burden), any factors.

    Every change calls :func:`scaling_lib.scaling.calculator_tables` for one target (percent) and one
    setting of price (US$ per GPU-hour), share of peak, chip speed (TFLOP/s) and power (W), PUE and
    grid intensity (lbs CO₂e per kWh). Chapter on the ninth power.
    """
    from .. import costs, scaling

    state: dict[str, Any] = {"fit": fit}
    if fit is not None:
        scaling.gamma_interval(fit)  # refuses anything but a fit of the chapter's power law
    p100 = costs.DEFAULT_SCENARIO

    def controls() -> dict[str, Any]:
        import ipywidgets as widgets

        common = {"continuous_update": False, "style": {"description_width": "210px"}, "layout": widgets.Layout(width="520px")}
        log = dict(base=10, step=0.01, readout_format=".3g", **common)
        return {
            "target_error_pct": widgets.FloatLogSlider(value=5.0, min=-1, max=1.3, description="Target top-1 error (%)", **log),
            "dollars_per_gpu_hour": widgets.FloatLogSlider(value=p100.dollars_per_gpu_hour, min=-2, max=1.5, description="Price per GPU-hour (US$)", **log),
            "utilization": widgets.FloatSlider(value=p100.utilization, min=0.05, max=1.0, step=0.05, description="Share of peak used", **common),
            "peak_flops_tera": widgets.FloatLogSlider(value=p100.peak_flops / 1e12, min=0, max=3.5, description="Peak per GPU (TFLOP/s)", **log),
            "device_watts": widgets.FloatSlider(value=p100.device_watts, min=50, max=1500, step=10, description="Power per GPU (W)", **common),
            "pue": widgets.FloatSlider(value=p100.pue, min=1.0, max=3.0, step=0.01, description="Data-centre overhead (PUE)", **common),
            "lbs_co2_per_kwh": widgets.FloatSlider(value=p100.lbs_co2_per_kwh, min=0.0, max=2.5, step=0.01, description="Grid intensity (lbs CO₂/kWh)", **common),
        }

    def parts(target_error_pct: float, dollars_per_gpu_hour: float, utilization: float, peak_flops_tera: float,
                   device_watts: float, pue: float, lbs_co2_per_kwh: float) -> Any:
        from .. import data
        from ..charts.scaling import readout_parts

        if state["fit"] is None:
            state["fit"] = scaling.fit_power_law(scaling.points(data.model_compute_table()))
        tables = scaling.calculator_tables(
            state["fit"], targets_pct=[target_error_pct], utilizations=[utilization], prices=[("chosen", dollars_per_gpu_hour)],
            intensities=[("chosen", lbs_co2_per_kwh)], peak_flops=peak_flops_tera * 1e12, device_watts=device_watts, pue=pue)
        compute = scaling.format_sci(float(tables["compute"]["compute_flop"].iloc[0]))
        return readout_parts(tables, title=f"Reaching {target_error_pct:.3g}% top-1 error", description=(
            f"Text table for a target top-1 error of {target_error_pct:.3g}%: compute {compute} FLOP by the hardware-burden fit, "
            f"with the cost, energy and CO2 at US${dollars_per_gpu_hour:.3g} per GPU-hour, {utilization:.0%} of a "
            f"{peak_flops_tera:.3g} TFLOP/s peak, {device_watts:.0f} W, PUE {pue:.2f} and {lbs_co2_per_kwh:.3g} lbs CO2 per kWh."))

    return live_control(
        "cost of any target error, with every conversion factor",
        "Choose any target top-1 error and any price, share of peak, chip speed and power, data-centre overhead and grid "
        "intensity; the calculator extends the chapter's fit and recomputes compute, cost, energy and CO2 at once.",
        controls, SpecTemplate(parts, readout_draw))
