"""Charts for the chapter *Where this leaves us* (``book/outlook.md``): each draws numbers that the
page or :mod:`scaling_lib.outlook` computed, and the menus only select precomputed rows."""
from __future__ import annotations

import math
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from .. import vocabulary
from .._checks import check_frame, check_number
from .common import dropdown
from .theme import INK, NEUTRAL, VERMILION

__all__ = ["outlook_explorer", "projection_chart", "backtest_chart", "headline_chart"]

_SETTING = ["gamma_label", "compute_label", "algorithmic_label"]
_MILESTONES = _SETTING + ["target_error", "target_label", "year_reached", "label", "compute_multiplier_needed"]
_KIND_ORDER = ["exponent γ", "multiplier", "growth per year"]
_X = alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False))
_Y = alt.Y("top1_error_percent:Q", title="ImageNet top-1 error (%, log scale)", scale=alt.Scale(type="log", domain=[0.1, 100.0]))


def _reached(milestones: pd.DataFrame) -> pd.DataFrame:
    """One line of text per setting: when each target arrives (formatting only)."""
    parts = milestones.assign(part=milestones["target_error"].map(lambda t: f"{100 * t:g}%") + " in " + milestones["label"])
    summary = parts.groupby(_SETTING, sort=False)["part"].agg(" · ".join).reset_index()
    return summary.assign(text="Reached: " + summary["part"]).drop(columns="part")


def _chosen_frames(grid: pd.DataFrame, milestones: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """What the chosen curve draws: the curve, the targets, where they are reached and the readout line."""
    targets = pd.DataFrame({"top1_error_percent": 100 * np.unique(milestones["target_error"].to_numpy(dtype=float))})
    reached = milestones[milestones["year_reached"] <= grid["year"].max()].assign(top1_error_percent=100 * milestones["target_error"])
    return {"curve": grid.loc[:, _SETTING + ["year", "top1_error_percent"]],
            "targets": targets.assign(label=targets["top1_error_percent"].map(lambda p: f"{p:g}% target")),
            "reached": reached.loc[:, _SETTING + ["target_label", "year_reached", "top1_error_percent", "compute_multiplier_needed"]],
            "readout": _reached(milestones)}


def _chosen(frames: dict[str, pd.DataFrame], keep: Any = None) -> list[alt.Chart | alt.LayerChart]:
    """The chosen curve, the dashed targets, diamonds where they are reached and a readout line (``keep``: menu filter)."""
    def chart(frame: pd.DataFrame) -> alt.Chart:
        return alt.Chart(frame) if keep is None else alt.Chart(frame).transform_filter(keep)

    tooltip = [alt.Tooltip("gamma_label:N", title="γ"), alt.Tooltip("year:Q", format=".0f"),
               alt.Tooltip("top1_error_percent:Q", title="error (%)", format=".2f")]
    targets = alt.Chart(frames["targets"])
    return [
        chart(frames["curve"]).mark_line(color=VERMILION, strokeWidth=3, clip=True).encode(x=_X, y=_Y, tooltip=tooltip),
        alt.layer(targets.mark_rule(strokeDash=[4, 4], color=INK).encode(y=_Y),
                  targets.mark_text(align="left", dy=-7, color=INK).encode(y=_Y, x=alt.value(4), text="label:N")),
        chart(frames["reached"]).mark_point(shape="diamond", size=140, filled=True, color=VERMILION).encode(
            x="year_reached:Q", y=_Y, tooltip=[alt.Tooltip("target_label:N", title="target"), alt.Tooltip("year_reached:Q", title="reached in", format=".1f"),
                                             alt.Tooltip("compute_multiplier_needed:Q", title="effective compute ×", format=".3~g")]),
        chart(frames["readout"]).mark_text(align="left", fontSize=13, fontWeight=600, color=INK).encode(x=alt.value(8), y=alt.value(250), text="text:N"),
    ]


def outlook_explorer(grid: pd.DataFrame, milestones: pd.DataFrame, records: pd.DataFrame) -> alt.LayerChart:
    """Projected error against year under the exponent, compute growth and algorithmic gain chosen in three menus.

    ``grid`` and ``milestones`` are :func:`scaling_lib.outlook.scenarios` (each menu opens on the
    first label of its setting), ``records`` the past records with ``model``, ``year`` and
    ``top1_error`` (fraction). Other exponents are grey; targets are dashed.
    """
    check_frame("grid", grid, _SETTING + ["year", "years_from_start", "top1_error_percent"])
    check_frame("milestones", milestones, _MILESTONES)
    check_frame("records", records, ["model", "year", "top1_error"])
    starts = [grid[column].iloc[0] for column in _SETTING]
    menus = [dropdown(name, list(dict.fromkeys(grid[column])), start, title) for column, start, name, title in zip(
        _SETTING, starts, ("gamma_choice", "compute_choice", "algorithm_choice"),
        ("Exponent γ ", "Compute growth per year ", "Extra algorithmic gain per year "))]
    gamma, compute, algorithms = menus
    same_growth = (alt.datum.compute_label == compute) & (alt.datum.algorithmic_label == algorithms)
    past = records.loc[:, ["model", "year"]].assign(top1_error_percent=100 * records["top1_error"])
    layers = [
        alt.Chart(past).mark_point(shape="circle", size=40, filled=True, color=INK).encode(
            x=_X, y=_Y, tooltip=["model:N", alt.Tooltip("year:Q", format=".1f"), alt.Tooltip("top1_error_percent:Q", title="error (%)", format=".2f")]),
        alt.Chart(grid.loc[:, _SETTING + ["year", "top1_error_percent"]]).transform_filter(same_growth).mark_line(
            color=NEUTRAL, strokeWidth=1.5, clip=True).encode(x=_X, y=_Y, detail="gamma_label:N", tooltip=["gamma_label:N"]),
        *_chosen(_chosen_frames(grid, milestones), same_growth & (alt.datum.gamma_label == gamma)),
    ]
    readout = _reached(milestones).set_index(_SETTING).loc[tuple(starts), "text"]
    start = grid.loc[grid["years_from_start"] == 0, ["year", "top1_error_percent"]].iloc[0]
    return alt.layer(*layers).add_params(*menus).properties(
        width=460, height=270,
        title=alt.Title("Where the error goes next", subtitle="Pick an exponent and yearly growth; dots are past records, grey lines the other exponents"),
        description=(f"Line chart of projected ImageNet top-1 error (log scale) from the record of {start['top1_error_percent']:.1f}% in "
                     f"{start['year']:.0f}, for the exponent and yearly growth chosen in three menus; grey lines show the other exponents, "
                     f"dashed lines the targets, diamonds the year each is reached. As the page opens (γ {starts[0]}, compute "
                     f"{starts[1]}, algorithms {starts[2]}): {readout}."),
    )


def projection_parts(grid: pd.DataFrame, milestones: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    check_frame("grid", grid, _SETTING + ["gamma", "compute_growth_per_year", "algorithmic_gain_per_year", "year", "top1_error_percent"])
    check_frame("milestones", milestones, _MILESTONES)
    setting = grid.iloc[0]
    title = f"γ = {setting['gamma']:g}, compute ×{setting['compute_growth_per_year']:g}/yr, algorithms ×{setting['algorithmic_gain_per_year']:g}/yr"
    frames = _chosen_frames(grid, milestones)
    return frames, {"title": title, "description": (
        f"Projected ImageNet top-1 error (log scale) against year with {title}. {frames['readout']['text'].iloc[0]}.")}


def projection_draw(frames: dict[str, pd.DataFrame], slots: dict[str, str]) -> alt.LayerChart:
    return alt.layer(*_chosen(frames)).properties(width=440, height=270, title=slots["title"], description=slots["description"])


def projection_chart(grid: pd.DataFrame, milestones: pd.DataFrame) -> alt.LayerChart:
    """One projected error curve with its targets; the live calculator's chart.

    ``grid`` and ``milestones`` are :func:`scaling_lib.outlook.scenarios` for a single setting.
    """
    return projection_draw(*projection_parts(grid, milestones))


def backtest_chart(curve: pd.DataFrame, records: pd.DataFrame, cutoff_year: float) -> alt.LayerChart:
    """Out-of-sample test: the forecast made at ``cutoff_year`` (line, band from γ's interval) against the records.

    ``curve`` has ``year`` and ``top1_error``, ``top1_error_low``, ``top1_error_high``
    (fractions); ``records`` has ``model``, ``year``, ``top1_error``. Records after the
    cut-off, which the forecast did not see, are drawn hollow.
    """
    check_frame("curve", curve, ["year", "top1_error", "top1_error_low", "top1_error_high"])
    check_frame("records", records, ["model", "year", "top1_error"])
    cutoff = check_number("cutoff_year", cutoff_year, low=2000.0, high=2100.0)
    band = curve.assign(**{c + "_percent": 100 * curve[c] for c in ("top1_error", "top1_error_low", "top1_error_high")})
    points = records.loc[:, ["model", "year"]].assign(
        top1_error_percent=100 * records["top1_error"],
        period=np.where(records["year"] <= cutoff, vocabulary.PERIODS[0], vocabulary.PERIODS[1]))
    title = "ImageNet top-1 error (%, log scale)"
    y = alt.Y("top1_error_percent:Q", title=title, scale=alt.Scale(type="log", nice=False))
    area = alt.Chart(band).mark_area(color=VERMILION, opacity=0.2).encode(
        x=_X, y=alt.Y("top1_error_low_percent:Q", title=title, scale=alt.Scale(type="log", nice=False)), y2="top1_error_high_percent:Q")
    line = alt.Chart(band).mark_line(color=VERMILION, strokeWidth=2.5).encode(
        x=_X, y=y, tooltip=[alt.Tooltip("year:Q", format=".1f"), alt.Tooltip("top1_error_percent:Q", title="forecast (%)", format=".2f")])
    dots = alt.Chart(points).mark_point(size=60, filled=True, stroke=INK, strokeWidth=1.5).encode(
        x=_X, y=y, fill=alt.Fill("period:N", scale=alt.Scale(domain=list(vocabulary.PERIODS), range=[INK, "transparent"]), title="Record published"),
        tooltip=["model:N", alt.Tooltip("year:Q", format=".1f"), alt.Tooltip("top1_error_percent:Q", title="record (%)", format=".2f")])
    rule = alt.Chart(pd.DataFrame({"year": [cutoff]})).mark_rule(strokeDash=[4, 4], color=NEUTRAL).encode(x=_X)
    end = band.iloc[-1]
    return alt.layer(area, line, rule, dots).properties(
        width=460, height=300,
        title=alt.Title("A forecast made at the cut-off, against the records after it",
                        subtitle="Line: γ fitted up to the cut-off; band: γ's 95% interval; hollow dots: records the fit never saw"),
        description=(f"Log-scale chart of ImageNet record top-1 error against year ({len(points)} records, dots; hollow after the cut-off "
                     f"{cutoff:.1f}), with the forecast made at the cut-off: it reaches {end['top1_error_percent']:.1f}% "
                     f"({end['top1_error_low_percent']:.1f}–{end['top1_error_high_percent']:.1f}%) in {end['year']:.1f}, where the "
                     f"last record is {points['top1_error_percent'].iloc[-1]:.1f}%."),
    )


def headline_chart(numbers: pd.DataFrame) -> alt.LayerChart:
    """The book's main numbers on one log axis, bars from 1, coloured by kind; source and formula in the tooltip.

    ``numbers`` is :func:`scaling_lib.outlook.headline_numbers`.
    """
    check_frame("numbers", numbers, ["quantity", "value", "kind", "source", "how", "chapter"])
    table = numbers.assign(rank=numbers["kind"].map({k: i for i, k in enumerate(_KIND_ORDER)}).fillna(len(_KIND_ORDER)), baseline=1.0)
    table = table.sort_values(["rank", "value"], ascending=[True, False], kind="stable")
    table["label"] = table["value"].map(lambda v: f"{v:.1e}" if v >= 1e6 else (f"{v:,.0f}" if v >= 100 else f"{v:.3g}"))
    top = 10.0 ** (math.ceil(math.log10(float(table["value"].max()))) + 1)  # room for the largest label
    x_scale = alt.Scale(type="log", domainMin=1, domainMax=top)
    y = alt.Y("quantity:N", sort=list(table["quantity"]), title=None, axis=alt.Axis(labelLimit=340, labelFontSize=11))
    tooltip = ["quantity:N", alt.Tooltip("value:Q", format=",.4~g"), "kind:N", "source:N", "how:N", "chapter:N"]
    bars = alt.Chart(table).mark_bar(height=12).encode(
        y=y, x=alt.X("value:Q", scale=x_scale, title="Value (log scale; bars start at 1)",
                     axis=alt.Axis(values=[10.0**i for i in range(round(math.log10(top)) + 1)], format="~s")),
        x2="baseline:Q", color=alt.Color("kind:N", title=None, sort=_KIND_ORDER), tooltip=tooltip)
    labels = alt.Chart(table).mark_text(align="left", dx=4, fontSize=11).encode(y=y, x=alt.X("value:Q", scale=x_scale), text="label:N", tooltip=tooltip)
    biggest = table.loc[table["value"].idxmax()]
    return alt.layer(bars, labels).properties(
        width=230, height=alt.Step(20),
        title=alt.Title("The book in one chart", subtitle="Exponents, multipliers and yearly growth factors; hover a bar for its source"),
        description=(f"Horizontal bars on a logarithmic axis for {len(table)} of the book's main numbers, grouped into exponents, multipliers "
                     f"and yearly growth factors; the largest, {biggest['value']:.1e}, is {biggest['quantity']}; the smallest are the "
                     "yearly growth factors, about 1.3 for hardware price-performance."),
    )
