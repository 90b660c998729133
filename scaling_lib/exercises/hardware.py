"""Answer checks for the exercises of *Better chips or more of them* (``book/hardware.md``)."""
from __future__ import annotations

from .. import hardware
from . import register

register(
    "hardware-speed",
    lambda: hardware.model_decomposition("AlexNet (SuperVision, 7-CNN ensemble)", "Noisy Student (EfficientNet-L2)")["speed_ratio"],
    relative_tolerance=0.01,
    hint="divide Noisy Student's per-processor peak rate (TPU v3, rated in bfloat16) by AlexNet's (GTX 580, FP32); "
    "hardware.model_decomposition gives it as 'speed_ratio'.",
    unit="× per-processor speed",
)
register(
    "hardware-ten-million",
    lambda: hardware.doubling_time_for_growth(1e7, 2008 - 1958),
    relative_tolerance=0.01,
    hint="a quantity that doubles every T years grows by 2^(years/T); solve 2^(50/T) = 10^7 for T, or use hardware.doubling_time_for_growth.",
    unit="years per doubling",
)
register(
    "hardware-recent-trend",
    lambda: hardware.hardware_trend(series="fp32", measure="peak_flops", start_year=2016).doubling_time_years,
    relative_tolerance=0.01,
    hint="call hardware.hardware_trend(series='fp32', measure='peak_flops', start_year=2016) and read doubling_time_years.",
    unit="years",
)
