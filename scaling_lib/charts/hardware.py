"""Charts for the chapter *Better chips or more of them* (``book/hardware.md``).

Every number drawn is computed on the page or by :mod:`scaling_lib.hardware`; the
drop-downs only filter precomputed rows (``transform_filter(datum.x == param)``).
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

__all__ = ["DEFAULT_FROM", "DEFAULT_TO", "DEFAULT_RUN", "trend_chart", "decomposition_chart", "retro_cost_chart"]

DEFAULT_FROM = "AlexNet (SuperVision, 7-CNN ensemble)"
"""The "from" model the decomposition chart opens on (AlexNet, 2012)."""
DEFAULT_TO = "NASNet-A (6@4032)"
"""The "to" model the decomposition chart opens on (NASNet-A's architecture search)."""
DEFAULT_RUN = "CoCa (fine-tuned)"
"""The run the cost chart opens on (the largest hardware burden in the book's data)."""

_STEPS = {"per-processor speed": "faster processors", "processor count": "more processors",
          "training time": "training time", "total": "total compute"}
_TREND_NEEDS = ("intercept", "slope", "doubling_years", "low", "high")
_RETRO_NEEDS = ("model", "run_year", "processor", "release_year", "chip_hours", "wall_days", "amortized_cost_usd",
                "chip_energy_kwh", "is_original")
_LOG = alt.Scale(type="log")


def _times(value: float) -> str:
    """A ratio as '×0.73', '×5.9', '×12.5', '×1,069'."""
    return f"×{value:,.0f}" if value >= 100 else f"×{value:.1f}" if value >= 10 else f"×{value:.2g}"


def _money(value: float) -> str:
    if value >= 1e6:
        return f"${value / 1e6:,.1f} million"
    return f"${value:,.0f}" if value >= 100 else f"${value:,.2f}" if value >= 1 else f"{value * 100:.2g} cents"


def _duration(days: float) -> str:
    if days >= 730:
        return f"{days / 365.25:,.0f} years" if days >= 3652.5 else f"{days / 365.25:.1f} years"
    return f"{days:,.0f} days" if days >= 2 else f"{days * 24:,.0f} hours" if days >= 1 / 12 else f"{days * 1440:,.0f} minutes"


def _doubling(trends: pd.DataFrame, column: str) -> str:
    row = trends.loc[column]
    high = f"{row['high']:.1f}" if math.isfinite(row["high"]) else "∞"
    return f"{row['doubling_years']:.1f} years (95% CI {row['low']:.1f}–{high})"


def _short_chip(names: pd.Series) -> pd.Series:
    return names.str.replace("NVIDIA ", "", regex=False).str.replace("GeForce ", "", regex=False)


# --------------------------------------------------------------------------- trends
_TRENDS = {  # measure: title, y-axis title, height in px
    "peak": ("Peak speed of one chip, 2008–2025", "Peak FLOP/s per chip (log scale; T = 10¹², P = 10¹⁵)", 300),
    "per dollar": ("What a dollar buys", "FLOP/s per US$ of launch price (log scale; G = 10⁹)", 240),
    "per watt": ("What a watt buys", "FLOP/s per watt of TDP (log scale; G = 10⁹)", 240),
}


def trend_chart(chips: pd.DataFrame, trends: pd.DataFrame, measure: str = "peak") -> alt.LayerChart:
    """One measure of every chip over its release date (log scale), FP32 and 16-bit tensor, with the fitted trends.

    ``measure`` is a key of :data:`scaling_lib.hardware.TREND_COLUMNS` (peak FLOP/s, per US$, per W);
    ``chips`` and ``trends`` are the chapter's tables (see :func:`scaling_lib.hardware.trend_points`),
    ``trends`` also holding ``doubling_years``, ``low`` and ``high`` (years), shown in the subtitle.
    """
    check_frame("trends", trends, _TREND_NEEDS)
    points = hardware.trend_points(chips, trends, measure)
    title, y_title, height = _TRENDS[measure]
    fp32, tensor = (_doubling(trends, hardware.TREND_COLUMNS[measure][s]) for s in hardware.SERIES)
    first, last = points[points["series"] == hardware.SERIES["fp32"]].iloc[[0, -1]].itertuples()
    order = list(hardware.SERIES.values())
    colour, shape = alt.Color("series:N", title=None, sort=order), alt.Shape("series:N", sort=order, legend=None)
    x = alt.X("year:Q", title="Release date (year)", scale=alt.Scale(zero=False, nice=False, domain=[2008, 2026]),
              axis=alt.Axis(format="d"))
    tooltip = [alt.Tooltip("processor:N", title="Chip"), alt.Tooltip("date:N", title="Released"),
               alt.Tooltip("series:N", title="Number format"), alt.Tooltip("value:Q", title="Value", format=".3~s")]
    dots = alt.Chart(points).mark_point(filled=True, size=55).encode(
        x=x, y=alt.Y("value:Q", title=y_title, scale=_LOG, axis=alt.Axis(format="~s")), color=colour, shape=shape, tooltip=tooltip)
    line = alt.Chart(points).mark_line(strokeDash=[6, 4], strokeWidth=2).encode(
        x="year:Q", y=alt.Y("fitted:Q", title=y_title, scale=_LOG), color=colour, detail="series:N")
    return alt.layer(line, dots).properties(
        width=470, height=height,
        title=alt.Title(title, subtitle=[f"FP32 doubles every {fp32};", f"16-bit tensor every {tensor}"]),
        description=(
            f"Scatter of {y_title.split(' (')[0]} for {len(points)} chip entries from Epoch AI's hardware data against release "
            f"date, on a logarithmic vertical axis, with dashed fitted trends. FP32 goes from {first.value:.2g} ({first.processor}, "
            f"{first.date[:4]}) to {last.value:.2g} ({last.processor}, {last.date[:4]}) and doubles every {fp32}; the 16-bit "
            f"tensor series starts in 2017 and doubles every {tensor}."),
    )


# -------------------------------------------------------------------- decomposition
def _waterfall(pairs: pd.DataFrame, width: int, keep=None) -> alt.LayerChart:
    table = pd.DataFrame({
        "model_from": pairs["model_from"], "model_to": pairs["model_to"], "step_name": pairs["step"].map(_STEPS),
        "ratio": pairs["ratio"], "low": np.minimum(pairs["start"], pairs["end"]),
        "high": np.maximum(pairs["start"], pairs["end"]), "label": pairs["ratio"].map(_times), "direction": pairs["direction"],
        "chips": _short_chip(pairs["processor_from"]) + " → " + _short_chip(pairs["processor_to"]),
    })
    domain = [10.0 ** math.floor(math.log10(table["low"].min())), 10.0 ** math.ceil(math.log10(table["high"].max() * 3))]
    scale = alt.Scale(type="log", domain=domain)
    x = alt.X("step_name:N", sort=list(_STEPS.values()), title=None, axis=alt.Axis(labelAngle=0, labelFontSize=12))
    colour = alt.Color("direction:N", scale=alt.Scale(domain=["up", "down", "level"], range=[BLUE, VERMILION, NEUTRAL]),
                       legend=alt.Legend(title="Step", labelExpr="datum.label == 'up' ? 'raises compute' : "
                                         "datum.label == 'down' ? 'lowers compute' : 'no change'"))
    ratio_labels = "datum.value >= 1 ? format(datum.value, ',~r') : '1/' + format(1 / datum.value, ',~r')"
    base = alt.Chart(table) if keep is None else alt.Chart(table).transform_filter(keep)
    bars = base.mark_bar(size=54).encode(
        x=x, y=alt.Y("low:Q", scale=scale, axis=alt.Axis(title="Compute relative to the 'from' model (log scale)",
                                                        labelExpr=ratio_labels)),
        y2="high:Q", color=colour,
        tooltip=[alt.Tooltip("step_name:N", title="Step"), alt.Tooltip("ratio:Q", title="Ratio", format=",.4~g"),
                 alt.Tooltip("chips:N", title="Chips")])
    labels = base.mark_text(dy=-8, fontSize=13, fontWeight=600).encode(x=x, y=alt.Y("high:Q", scale=scale), text="label:N")
    one = alt.Chart(pd.DataFrame({"one": [1.0]})).mark_rule(color=INK, strokeDash=[3, 3]).encode(y=alt.Y("one:Q", scale=scale))
    return alt.layer(one, bars, labels).properties(width=width, height=300)


def decomposition_chart(pairs: pd.DataFrame, model_from: str = DEFAULT_FROM, model_to: str = DEFAULT_TO) -> alt.LayerChart:
    """Waterfall on a log scale: total ratio = speed ratio × count ratio × time ratio, with two drop-downs.

    ``pairs`` is :func:`scaling_lib.hardware.decomposition_pairs`; the "from" and "to" drop-downs
    filter its rows, so every bar is a precomputed number.
    """
    check_frame("pairs", pairs, ("model_from", "model_to", "step", "ratio", "start", "end", "direction",
                                 "processor_from", "processor_to"))
    models = list(dict.fromkeys(pairs["model_from"]))
    for name, value in (("model_from", model_from), ("model_to", model_to)):
        if check_text(name, value) not in models:
            raise ValueError(f"{name} must be one of the models in pairs, got {value!r}")
    chosen_from = dropdown("from_model", models, model_from, "From model ")
    chosen_to = dropdown("to_model", models, model_to, "To model ")
    shown = pairs[(pairs["model_from"] == model_from) & (pairs["model_to"] == model_to)].set_index("step")["ratio"]
    steps = ", ".join(f"{_STEPS[step]} {_times(shown[step])}" for step in _STEPS)
    keep = (alt.datum.model_from == chosen_from) & (alt.datum.model_to == chosen_to)
    return _waterfall(pairs, 460, keep).add_params(chosen_from, chosen_to).properties(
        title=alt.Title("Where the extra compute came from",
                        subtitle="Hardware burden ratio = faster processors × more processors × training time; pick two models"),
        description=(
            "Waterfall chart on a logarithmic vertical axis, with drop-down menus choosing a 'from' and a 'to' model. Each of "
            "the first three bars multiplies the running total by one ratio (per-processor peak speed, number of processors, "
            f"training time); the last bar is the total ratio of hardware burdens. It opens on {model_from} to {model_to}: {steps}."),
    )


# ------------------------------------------------------------------------ retro cost
def _retro_panels(frame: pd.DataFrame, keep=None) -> list[alt.LayerChart]:
    """The two panels over ``retro_parts``'s rows, their axes' ends the parameters ``<field>_low`` and ``<field>_high``."""
    order = list(frame.sort_values(["release_year", "chip"])["chip"].drop_duplicates())
    y = alt.Y("chip:N", sort=order, title=None, axis=alt.Axis(labelFontSize=11, labelLimit=220))
    colour = alt.Color("role:N", scale=alt.Scale(domain=["the run's own chip", "other chips"], range=[VERMILION, BLUE]),
                       legend=alt.Legend(title=None))
    tooltip = [alt.Tooltip("chip:N", title="Chip"), alt.Tooltip("chip_hours:Q", title="Chip-hours", format=",.3~s"),
               alt.Tooltip("cost_label:N", title="Amortised hardware cost"),
               alt.Tooltip("days_label:N", title="Time on the run's chip count"),
               alt.Tooltip("chip_energy_kwh:Q", title="Chip energy (kWh)", format=",.3~s")]
    money = "datum.value >= 1 ? '$' + replace(format(datum.value, '~s'), 'G', 'B') : format(datum.value * 100, '~r') + '¢'"
    panels = []
    for field, text, axis, title in (
        ("amortized_cost_usd", "cost_label", alt.Axis(title="Amortised chip cost, US$ (log scale)", labelExpr=money),
         "What the chips' time would cost"),
        ("wall_days", "days_label", alt.Axis(title="Days on the run's number of chips (log scale)", format=",~g"),
         "How long it would take"),
    ):
        scale = alt.Scale(type="log", domainMin={"expr": f"{field}_low"}, domainMax={"expr": f"{field}_high"})
        base = (alt.Chart(frame) if keep is None else alt.Chart(frame).transform_filter(keep)).transform_calculate(baseline=f"{field}_low")
        bars = base.mark_bar(height=12).encode(y=y, x=alt.X(f"{field}:Q", scale=scale, axis=axis), x2="baseline:Q",
                                               color=colour, tooltip=tooltip)
        labels = base.mark_text(align="left", dx=3, fontSize=10).encode(y=y, x=alt.X(f"{field}:Q", scale=scale), text=f"{text}:N")
        panels.append(alt.layer(bars, labels).properties(width=300, height=14 * len(order), title=alt.Title(title, fontSize=13)))
    return panels


def retro_parts(table: pd.DataFrame, run: str = DEFAULT_RUN) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    check_frame("table", table, _RETRO_NEEDS)
    runs = list(dict.fromkeys(table.sort_values("run_year")["model"]))
    if check_text("run", run) not in runs:
        raise ValueError(f"run must be one of the runs in table, got {run!r}")
    frame = table[["model", "release_year", "chip_hours", "wall_days", "amortized_cost_usd", "chip_energy_kwh"]].copy()
    frame["cost_label"] = frame["amortized_cost_usd"].map(_money)
    frame["days_label"] = frame["wall_days"].map(_duration)
    frame["chip"] = _short_chip(table["processor"]) + " (" + np.floor(frame["release_year"]).astype(int).astype(str) + ")"
    frame["role"] = np.where(table["is_original"], "the run's own chip", "other chips")
    ends = {f"{field}_{end}": 10.0 ** rounding(math.log10(frame[field].min() if end == "low" else frame[field].max() * 30))  # room for labels
            for field in ("amortized_cost_usd", "wall_days") for end, rounding in (("low", math.floor), ("high", math.ceil))}
    gtx580 = table[(table["model"] == run) & (table["processor"] == "NVIDIA GeForce GTX 580")]
    opening = (f" {run} on GTX 580s would cost about {_money(gtx580['amortized_cost_usd'].iloc[0])} of chip time and "
               f"take {_duration(gtx580['wall_days'].iloc[0])}." if len(gtx580) else "")
    years = table.attrs.get("amortization_years", hardware.DEFAULT_AMORTIZATION_YEARS)
    return {"bars": frame}, {**ends, "title": f"{run} on other hardware" if len(runs) == 1 else "A training run on other hardware",
                             "years": f"launch price spread over {years:g} years of use; chips by release date", "description": (
        f"Two log-scale bar charts with one bar per chip that has a launch price ({table['processor'].nunique()} chips)"
        + ("" if len(runs) == 1 else ", for the training run chosen in the drop-down menu") + ". Top: the amortised "
        "hardware cost of the chip-hours the run needs on that chip. Bottom: how long the run would take on the same "
        "number of chips as the original." + opening)}


def retro_draw(frames: dict[str, pd.DataFrame], slots: dict[str, object], chosen: alt.Parameter | None = None) -> alt.VConcatChart:
    chart = alt.vconcat(*_retro_panels(frames["bars"], None if chosen is None else alt.datum.model == chosen), spacing=24)
    ends = [alt.param(name=name, value=slots[name]) for name in slots if name.endswith(("_low", "_high"))]
    return chart.add_params(*([chosen] if chosen else []), *ends).properties(
        title=alt.Title(slots["title"], subtitle=["The run's hardware burden redone at each chip's peak (16-bit tensor where it has one);", slots["years"]]),
        description=slots["description"])


def retro_cost_chart(table: pd.DataFrame, run: str = DEFAULT_RUN) -> alt.VConcatChart:
    """A run's amortised chip cost and its duration on every priced chip (log scales), the run's own chip highlighted.

    ``table`` is :func:`scaling_lib.hardware.retro_cost_table`; with several runs a drop-down picks
    one (``run`` first), with one run (the live widget's table) there is no menu.
    """
    frames, slots = retro_parts(table, run)
    runs = list(dict.fromkeys(table.sort_values("run_year")["model"]))
    return retro_draw(frames, slots, dropdown("retro_run", runs, run, "Training run ") if len(runs) > 1 else None)
