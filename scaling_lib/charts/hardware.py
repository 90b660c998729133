"""Charts for the chapter *Better chips or more of them* (``book/hardware.md``).

Every number drawn comes from :mod:`scaling_lib.hardware`; the drop-downs only
select precomputed rows (``transform_filter(datum.x == param)``).
"""
from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd

from .. import hardware
from .._checks import check_frame, check_text
from .common import dropdown
from .theme import BLUE, INK, NEUTRAL, VERMILION

_PAIR_COLUMNS = ("model_from", "model_to", "step", "ratio", "start", "end", "direction", "processor_from", "processor_to")
_RETRO_COLUMNS = (
    "model", "processor", "release_year", "chip_hours", "wall_days", "amortized_cost_usd", "chip_energy_kwh", "is_original", "run_year",
)

__all__ = [
    "DEFAULT_FROM",
    "DEFAULT_TO",
    "DEFAULT_RUN",
    "peak_trend_chart",
    "efficiency_chart",
    "decomposition_chart",
    "decomposition_bars",
    "retro_cost_chart",
    "retro_cost_bars",
]

DEFAULT_FROM = "AlexNet (SuperVision, 7-CNN ensemble)"
"""The "from" model the decomposition chart opens on (AlexNet, 2012)."""

DEFAULT_TO = "NASNet-A (6@4032)"
"""The "to" model the decomposition chart opens on (NASNet-A's architecture search)."""

DEFAULT_RUN = "CoCa (fine-tuned)"
"""The training run the cost chart opens on (the largest hardware burden in the book's data)."""

_SERIES_ORDER = list(hardware.SERIES_LABELS.values())
_STEP_ORDER = list(hardware.FACTORS) + ["total"]
_STEP_NAMES = {
    "per-processor speed": "faster processors",
    "processor count": "more processors",
    "training time": "training time",
    "total": "total compute",
}


def _times(value: float) -> str:
    """A ratio as '×5.9', '×250', '×1,069', '×0.73', '×2.4e+04'."""
    if value >= 1e5 or value < 1e-3:
        return f"×{value:.2g}"
    if value >= 100:
        return f"×{value:,.0f}"
    if value >= 10:
        return f"×{value:.1f}".replace(".0", "") if value == round(value) else f"×{value:.1f}"
    return f"×{value:.2g}"


def _money(value: float) -> str:
    if value >= 1e6:
        return f"${value / 1e6:,.1f} million"
    if value >= 100:
        return f"${value:,.0f}"
    if value >= 1:
        return f"${value:,.2f}"
    return f"{value * 100:.2g} cents"


def _duration(days: float) -> str:
    if days >= 3652.5:
        return f"{days / 365.25:,.0f} years"
    if days >= 730:
        return f"{days / 365.25:.1f} years"
    if days >= 2:
        return f"{days:,.0f} days"
    if days * 24 >= 2:
        return f"{days * 24:,.0f} hours"
    return f"{days * 24 * 60:,.0f} minutes"


def _decades(low: float, high: float, every: int = 1) -> list[float]:
    """Powers of ten from ``low`` to ``high`` (both powers of ten), keeping one in ``every``."""
    first, last = round(math.log10(low)), round(math.log10(high))
    return [10.0**k for k in range(first, last + 1, every)]


def _scaled_axis(title: str, low: float, high: float, divisor: float = 1.0, every: int = 1, prefix: str = "") -> alt.Axis:
    """A log axis labelled only at powers of ten, with values shown divided by ``divisor``."""
    label = f"'{prefix}' + format(datum.value / {divisor!r}, ',~g')"
    return alt.Axis(title=title, values=_decades(low, high, every), labelExpr=label)


def _ratio_axis(title: str, low: float, high: float) -> alt.Axis:
    """A log axis of ratios labelled '1/1,000' below 1 and '1,000' above (every other decade on long axes)."""
    every = 2 if len(_decades(low, high)) > 9 else 1
    label = "datum.value >= 1 ? format(datum.value, ',.0f') : '1/' + format(1 / datum.value, ',.0f')"
    return alt.Axis(title=title, values=_decades(low, high, every), labelExpr=label)


def _money_axis(title: str, low: float, high: float, every: int = 2) -> alt.Axis:
    label = (
        "datum.value >= 1e6 ? '$' + format(datum.value / 1e6, ',~g') + 'M' : "
        "datum.value >= 1e3 ? '$' + format(datum.value / 1e3, ',~g') + 'k' : '$' + format(datum.value, '~g')"
    )
    return alt.Axis(title=title, values=_decades(low, high, every), labelExpr=label)


def _decade_floor(value: float) -> float:
    return 10.0 ** math.floor(math.log10(value))


def _decade_ceil(value: float) -> float:
    return 10.0 ** math.ceil(math.log10(value))


# --------------------------------------------------------------------------- trends
def _trend_frames(accelerators: pd.DataFrame | None, measure: str) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, hardware.TrendFit]]:
    points, lines, fits = [], [], {}
    for series, label in hardware.SERIES_LABELS.items():
        data = hardware.accelerator_series(accelerators, series, measure)
        fit = hardware.hardware_trend(accelerators, series, measure)
        fits[series] = fit
        points.append(data)
        line = hardware.trend_line(fit)
        line["series"] = label
        lines.append(line)
    point_frame = pd.concat(points, ignore_index=True)
    point_frame["date"] = point_frame["release_date"].dt.strftime("%Y-%m-%d")
    point_frame = point_frame[["processor", "date", "release_year", "series", "value"]]
    lines = [line[["year", "fitted", "series"]] for line in lines]
    return point_frame, pd.concat(lines, ignore_index=True), fits


def _doubling_text(fit: hardware.TrendFit) -> str:
    high = "∞" if math.isinf(fit.doubling_time_high) else f"{fit.doubling_time_high:.1f}"
    return f"{fit.doubling_time_years:.1f} years (95% CI {fit.doubling_time_low:.1f}–{high})"


def _trend_layer(
    points: pd.DataFrame, lines: pd.DataFrame, y_title: str, tooltip_title: str, width: int, height: int, divisor: float
) -> alt.LayerChart:
    colour = alt.Color("series:N", title=None, sort=_SERIES_ORDER)
    shape = alt.Shape("series:N", sort=_SERIES_ORDER, legend=None)
    low = _decade_floor(float(min(points["value"].min(), lines["fitted"].min())))
    high = _decade_ceil(float(max(points["value"].max(), lines["fitted"].max())))
    x = alt.X("release_year:Q", title="Release date (year)", scale=alt.Scale(zero=False, nice=False, domain=[2008, 2026]), axis=alt.Axis(format="d"))
    y_scale = alt.Scale(type="log", domain=[low, high])
    y = alt.Y("value:Q", scale=y_scale, axis=_scaled_axis(y_title, low, high, divisor))
    dots = (
        alt.Chart(points)
        .mark_point(filled=True, size=55)
        .encode(
            x=x,
            y=y,
            color=colour,
            shape=shape,
            tooltip=[
                alt.Tooltip("processor:N", title="Chip"),
                alt.Tooltip("date:N", title="Released"),
                alt.Tooltip("series:N", title="Number format"),
                alt.Tooltip("value:Q", title=tooltip_title, format=".3~s"),
            ],
        )
    )
    fitted = (
        alt.Chart(lines)
        .mark_line(strokeDash=[6, 4], strokeWidth=2)
        .encode(x=alt.X("year:Q"), y=alt.Y("fitted:Q", scale=y_scale), color=colour, detail="series:N")
    )
    return alt.layer(fitted, dots).properties(width=width, height=height)


def peak_trend_chart(accelerators: pd.DataFrame | None = None) -> alt.LayerChart:
    """Peak FLOP/s of every chip in the accelerator table over its release date, log scale, with fitted trends.

    Two series: non-tensor FP32 and dense 16-bit tensor; the dashed lines are the
    log-linear fits of :func:`scaling_lib.hardware.hardware_trend`, whose doubling
    times (with 95% intervals) are in the subtitle and description.
    """
    points, lines, fits = _trend_frames(accelerators, "peak_flops")
    chart = _trend_layer(points, lines, "Peak speed per chip, TFLOP/s (log scale)", "Peak FLOP/s", 470, 300, 1e12)
    fp32, tensor = fits["fp32"], fits["tensor16"]
    speedup = float(hardware.tensor_speedup_table(accelerators)["tensor_speedup"].median())
    first, last = points.loc[points["series"] == _SERIES_ORDER[0]].iloc[[0, -1]].itertuples()
    return chart.properties(
        title=alt.Title(
            "Peak speed of one chip, 2008–2025",
            subtitle=[
                f"FP32 doubles every {_doubling_text(fp32)};",
                f"16-bit tensor every {_doubling_text(tensor)}",
            ],
        ),
        description=(
            f"Scatter of peak floating-point operations per second of {len(points)} chip entries from Epoch AI's hardware data, "
            f"against release date, on a logarithmic vertical axis. FP32 rises from {first.value:.2g} FLOP/s ({first.processor}, "
            f"{first.date[:4]}) to {last.value:.2g} FLOP/s ({last.processor}, {last.date[:4]}), close to a straight "
            f"line that doubles every {fp32.doubling_time_years:.1f} years. The 16-bit tensor series starts in 2017; on chips that "
            f"have both, the tensor rate is a median {speedup:.0f} times the FP32 rate, and it doubles every "
            f"{tensor.doubling_time_years:.1f} years."
        ),
    )


def efficiency_chart(accelerators: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Peak FLOP/s per launch dollar (top) and per watt of TDP (bottom) over release date, log scales, with fits."""
    panels, fits = [], {}
    for measure, y_title, tip, title in (
        ("flops_per_dollar", "GFLOP/s per US$ of launch price (log scale)", "FLOP/s per $", "Speed per dollar"),
        ("flops_per_watt", "GFLOP/s per watt of TDP (log scale)", "FLOP/s per W", "Speed per watt"),
    ):
        points, lines, measure_fits = _trend_frames(accelerators, measure)
        fits[measure] = measure_fits
        subtitle = f"FP32 doubles every {_doubling_text(measure_fits['fp32'])}"
        panels.append(_trend_layer(points, lines, y_title, tip, 470, 200, 1e9).properties(title=alt.Title(title, subtitle=subtitle, fontSize=13)))
    dollar, watt = fits["flops_per_dollar"], fits["flops_per_watt"]
    return alt.vconcat(*panels, spacing=30).properties(
        title=alt.Title("What a dollar and a watt buy", subtitle="Peak rate divided by launch price and by thermal design power"),
        description=(
            "Two log-scale scatter plots against release date, each with dashed fitted trends. Top: peak FLOP/s per US dollar of "
            f"launch price; the FP32 fit doubles every {dollar['fp32'].doubling_time_years:.1f} years, but launch prices scatter "
            f"so widely (consumer cards beside data-centre cards) that the 95% interval runs from {dollar['fp32'].doubling_time_low:.1f} "
            f"to {dollar['fp32'].doubling_time_high:.0f} years. Bottom: peak FLOP/s per watt; FP32 doubles every "
            f"{watt['fp32'].doubling_time_years:.1f} years and 16-bit tensor every {watt['tensor16'].doubling_time_years:.1f} years."
        ),
    )


# -------------------------------------------------------------------- decomposition
def _short_chip(names: pd.Series) -> pd.Series:
    return names.str.replace("NVIDIA ", "", regex=False).str.replace("GeForce ", "", regex=False)


def _pairs_for_chart(pairs: pd.DataFrame) -> pd.DataFrame:
    """Only the columns the waterfall draws, to keep the embedded data small."""
    table = pd.DataFrame(
        {
            "model_from": pairs["model_from"],
            "model_to": pairs["model_to"],
            "step_name": pairs["step"].map(_STEP_NAMES),
            "ratio": pairs["ratio"],
            "low": np.minimum(pairs["start"], pairs["end"]),
            "high": np.maximum(pairs["start"], pairs["end"]),
            "label": pairs["ratio"].map(_times),
            "direction": pairs["direction"],
            "chips": _short_chip(pairs["processor_from"]) + " → " + _short_chip(pairs["processor_to"]),
        }
    )
    return table


def _waterfall(table: pd.DataFrame, domain: list[float], width: int, height: int, keep=None) -> alt.LayerChart:
    order = [_STEP_NAMES[s] for s in _STEP_ORDER]
    x = alt.X("step_name:N", sort=order, title=None, axis=alt.Axis(labelAngle=0, labelFontSize=12))
    y_scale = alt.Scale(type="log", domain=domain)
    colour = alt.Color(
        "direction:N",
        scale=alt.Scale(domain=["up", "down", "level"], range=[BLUE, VERMILION, NEUTRAL]),
        legend=alt.Legend(title="Step", labelExpr="datum.label == 'up' ? 'raises compute' : datum.label == 'down' ? 'lowers compute' : 'no change'"),
    )
    tooltip = [
        alt.Tooltip("step_name:N", title="Step"),
        alt.Tooltip("ratio:Q", title="Ratio", format=",.4~g"),
        alt.Tooltip("chips:N", title="Chips"),
    ]
    base = alt.Chart(table) if keep is None else alt.Chart(table).transform_filter(keep)
    bars = base.mark_bar(size=54).encode(
        x=x, y=alt.Y("low:Q", scale=y_scale, axis=_ratio_axis("Compute relative to the 'from' model (log scale)", domain[0], domain[1])), y2="high:Q", color=colour, tooltip=tooltip
    )
    labels = base.mark_text(dy=-8, fontSize=13, fontWeight=600).encode(x=x, y=alt.Y("high:Q", scale=y_scale), text="label:N")
    one = alt.Chart(pd.DataFrame({"one": [1.0]})).mark_rule(color=INK, strokeDash=[3, 3]).encode(y=alt.Y("one:Q", scale=y_scale))
    return alt.layer(one, bars, labels).properties(width=width, height=height)


def decomposition_chart(
    pairs: pd.DataFrame | None = None,
    model_from: str = DEFAULT_FROM,
    model_to: str = DEFAULT_TO,
) -> alt.LayerChart:
    """Waterfall on a log scale: total compute ratio = speed ratio × count ratio × time ratio, with two drop-downs.

    ``pairs`` is :func:`scaling_lib.hardware.decomposition_pairs` (default: from the
    book's data); the drop-downs "from model" and "to model" are Vega-Lite params
    that filter its rows, so every bar is a precomputed number.
    """
    if pairs is None:
        pairs = hardware.decomposition_pairs()
    check_frame("pairs", pairs, _PAIR_COLUMNS)
    models = list(dict.fromkeys(pairs["model_from"]))
    for name, value in (("model_from", model_from), ("model_to", model_to)):
        if check_text(name, value) not in models:
            raise ValueError(f"{name} must be one of the models in pairs, got {value!r}")
    table = _pairs_for_chart(pairs)
    domain = [_decade_floor(float(table["low"].min())), _decade_ceil(float(table["high"].max()) * 3)]
    chosen_from = dropdown("from_model", models, model_from, "From model ")
    chosen_to = dropdown("to_model", models, model_to, "To model ")
    selected = pairs[(pairs["model_from"] == model_from) & (pairs["model_to"] == model_to)].set_index("step")["ratio"]
    keep = (alt.datum.model_from == chosen_from) & (alt.datum.model_to == chosen_to)
    chart = _waterfall(table, domain, 460, 300, keep)
    return chart.add_params(chosen_from, chosen_to).properties(
        title=alt.Title(
            "Where the extra compute came from",
            subtitle="Hardware burden ratio = faster processors × more processors × training time; pick two models",
        ),
        description=(
            "Waterfall chart on a logarithmic vertical axis, with two drop-down menus choosing a 'from' model and a 'to' model. "
            "Each of the first three bars multiplies the running total by one ratio: per-processor peak speed, number of "
            "processors, and training time; the last bar is the total ratio of hardware burdens. "
            f"It opens on AlexNet to NASNet-A: faster processors {_times(selected['per-processor speed'])}, more processors "
            f"{_times(selected['processor count'])}, training time {_times(selected['training time'])}"
            f"{' (a shorter run)' if selected['training time'] < 1 else ''}, "
            f"total {_times(selected['total'])}."
        ),
    )


def decomposition_bars(model_from: str = DEFAULT_FROM, model_to: str = DEFAULT_TO, precision: str = "rated") -> alt.LayerChart:
    """The waterfall for one pair, recomputed by :func:`scaling_lib.hardware.model_decomposition` (used by the live widget)."""
    result = hardware.model_decomposition(model_from, model_to, precision=precision)
    ratios = [result["speed_ratio"], result["count_ratio"], result["time_ratio"]]
    running = np.cumprod(ratios)
    rows = pd.DataFrame(
        {
            "model_from": model_from,
            "model_to": model_to,
            "step": _STEP_ORDER,
            "ratio": ratios + [result["total_ratio"]],
            "start": [1.0, running[0], running[1], 1.0],
            "end": list(running) + [result["total_ratio"]],
            "processor_from": result["processor_from"],
            "processor_to": result["processor_to"],
        }
    )
    rows["direction"] = np.where(np.isclose(rows["ratio"], 1.0), "level", np.where(rows["ratio"] > 1, "up", "down"))
    table = _pairs_for_chart(rows)
    domain = [min(0.1, _decade_floor(float(table["low"].min()))), max(10.0, _decade_ceil(float(table["high"].max()) * 3))]
    return _waterfall(table, domain, 440, 280).properties(
        title=alt.Title(f"{model_from} → {model_to}", subtitle=f"Peak rates: {precision}"),
        description=(
            f"Waterfall of the hardware-burden ratio from {model_from} to {model_to} on a log axis: faster processors "
            f"{_times(ratios[0])}, more processors {_times(ratios[1])}, training time {_times(ratios[2])}, total {_times(result['total_ratio'])}."
        ),
    )


# ------------------------------------------------------------------------ retro cost
def _retro_frame(table: pd.DataFrame) -> pd.DataFrame:
    """Only the columns the cost panels draw, to keep the embedded data small."""
    frame = table[["model", "processor", "release_year", "chip_hours", "wall_days", "amortized_cost_usd", "chip_energy_kwh"]].copy()
    frame["cost_label"] = frame["amortized_cost_usd"].map(_money)
    frame["days_label"] = frame["wall_days"].map(_duration)
    frame["chip"] = _short_chip(frame["processor"]) + " (" + np.floor(frame["release_year"]).astype(int).astype(str) + ")"
    frame["role"] = np.where(table["is_original"], "the run's own chip", "other chips")
    return frame.drop(columns=["processor"])


def _retro_panels(frame: pd.DataFrame, cost_domain: list[float], day_domain: list[float], height: int, keep=None) -> list[alt.LayerChart]:
    order = list(frame.sort_values(["release_year", "chip"])["chip"].drop_duplicates())
    y = alt.Y("chip:N", sort=order, title=None, axis=alt.Axis(labelFontSize=11, labelLimit=220))
    colour = alt.Color("role:N", scale=alt.Scale(domain=["the run's own chip", "other chips"], range=[VERMILION, BLUE]), legend=alt.Legend(title=None))
    tooltip = [
        alt.Tooltip("chip:N", title="Chip"),
        alt.Tooltip("chip_hours:Q", title="Chip-hours", format=",.3~s"),
        alt.Tooltip("cost_label:N", title="Amortised hardware cost"),
        alt.Tooltip("days_label:N", title="Time on the run's chip count"),
        alt.Tooltip("chip_energy_kwh:Q", title="Chip energy (kWh)", format=",.3~s"),
    ]
    panels = []
    for field, label_field, domain, axis_title, panel_title in (
        ("amortized_cost_usd", "cost_label", cost_domain, "Amortised chip cost, US$ (log scale)", "What the chips' time would cost"),
        ("wall_days", "days_label", day_domain, "Days on the run's number of chips (log scale)", "How long it would take"),
    ):
        scale = alt.Scale(type="log", domain=domain)
        axis = (
            _money_axis(axis_title, domain[0], domain[1])
            if field == "amortized_cost_usd"
            else _scaled_axis(axis_title, domain[0], domain[1], every=2)
        )
        base = alt.Chart(frame) if keep is None else alt.Chart(frame).transform_filter(keep)
        base = base.transform_calculate(baseline=str(domain[0]))
        bars = base.mark_bar(height=12).encode(
            y=y, x=alt.X(f"{field}:Q", scale=scale, axis=axis), x2="baseline:Q", color=colour, tooltip=tooltip
        )
        text = base.mark_text(align="left", dx=3, fontSize=10).encode(y=y, x=alt.X(f"{field}:Q", scale=scale), text=f"{label_field}:N")
        panels.append(alt.layer(bars, text).properties(width=300, height=height, title=alt.Title(panel_title, fontSize=13)))
    return panels


def retro_cost_chart(table: pd.DataFrame | None = None, run: str = DEFAULT_RUN) -> alt.VConcatChart:
    """For a training run chosen in a drop-down, its amortised chip cost and its duration on every priced chip.

    ``table`` is :func:`scaling_lib.hardware.retro_cost_table` (default: the book's
    runs and chips, ``precision="best"``, three-year amortisation). Both panels use
    log scales; the run's own chip is highlighted.
    """
    if table is None:
        table = hardware.retro_cost_table()
    check_frame("table", table, _RETRO_COLUMNS)
    runs = list(dict.fromkeys(table.sort_values("run_year")["model"]))
    if check_text("run", run) not in runs:
        raise ValueError(f"run must be one of the runs in table, got {run!r}")
    frame = _retro_frame(table)
    cost_domain = [_decade_floor(float(frame["amortized_cost_usd"].min())), _decade_ceil(float(frame["amortized_cost_usd"].max()) * 30)]
    day_domain = [_decade_floor(float(frame["wall_days"].min())), _decade_ceil(float(frame["wall_days"].max()) * 30)]
    chosen = dropdown("retro_run", runs, run, "Training run ")
    chips = table["processor"].nunique()
    panels = _retro_panels(frame, cost_domain, day_domain, 14 * chips, alt.datum.model == chosen)
    chosen_rows = frame[frame["model"] == run].set_index(table.loc[frame["model"] == run, "processor"])
    years = table.attrs.get("amortization_years", hardware.DEFAULT_AMORTIZATION_YEARS)
    return (
        alt.vconcat(*panels, spacing=24)
        .add_params(chosen)
        .properties(
            title=alt.Title(
                "A training run on other hardware",
                subtitle=[
                    "Each run's hardware burden redone at each chip's peak (16-bit tensor where it has one);",
                    f"launch price spread over {years:g} years of use. Pick a run below; chips by release date",
                ],
            ),
            description=(
                f"Two log-scale bar charts with one bar per chip that has a launch price ({chips} chips, 2008–2024), for the training run "
                "chosen in the drop-down menu. Top: the amortised hardware cost of the chip-hours the run needs on that chip. Bottom: how "
                "long the run would take on the same number of chips as the original. "
                f"It opens on {run}: on GTX 580s it would cost about {chosen_rows.loc['NVIDIA GeForce GTX 580', 'cost_label']} of chip "
                f"time and take {chosen_rows.loc['NVIDIA GeForce GTX 580', 'days_label']}."
            ),
        )
    )


def retro_cost_bars(table: pd.DataFrame) -> alt.VConcatChart:
    """The two cost panels for a one-run table from :func:`scaling_lib.hardware.retro_cost_table` (used by the live widget)."""
    check_frame("table", table, _RETRO_COLUMNS[:-1])
    if table["model"].nunique() != 1:
        raise ValueError("table must hold exactly one run; filter it or use retro_cost_chart for several")
    frame = _retro_frame(table)
    cost_domain = [_decade_floor(float(frame["amortized_cost_usd"].min())), _decade_ceil(float(frame["amortized_cost_usd"].max()) * 30)]
    day_domain = [_decade_floor(float(frame["wall_days"].min())), _decade_ceil(float(frame["wall_days"].max()) * 30)]
    run = frame["model"].iloc[0]
    return alt.vconcat(*_retro_panels(frame, cost_domain, day_domain, 14 * len(frame)), spacing=24).properties(
        title=alt.Title(f"{run} on other hardware", subtitle=f"Launch price spread over {table.attrs.get('amortization_years', 3):g} years"),
        description=f"Log-scale bars of the amortised chip cost and the training time of {run} on each of {len(frame)} chips.",
    )
