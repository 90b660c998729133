"""Charts for the chapter *Where this leaves us: the next decade of deep learning's costs* (``book/outlook.md``).

Every number drawn is computed by :mod:`scaling_lib.outlook` (which calls
:mod:`scaling_lib.bounds`, :mod:`scaling_lib.fits` and :mod:`scaling_lib.data`);
the drop-downs only select precomputed rows.
"""
from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd

from .. import outlook
from .._checks import check_number, check_text
from .common import dropdown
from .theme import INK, NEUTRAL, VERMILION

__all__ = ["outlook_explorer", "milestone_heatmap", "backtest_chart", "headline_chart", "projection_chart"]

_TARGET_COLOUR = INK
_SELECTED = VERMILION
_ERROR_DOMAIN = [0.1, 100.0]  # percent, log axis
_KIND_ORDER = ["exponent γ", "multiplier", "growth per year"]


def _need(frame: pd.DataFrame, columns: set[str], name: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = columns - set(frame.columns)
    if missing:
        raise ValueError(f"{name} is missing columns {sorted(missing)}")


def _target_rules(targets=outlook.TARGET_ERRORS) -> alt.LayerChart:
    frame = pd.DataFrame({"top1_error_percent": [100 * t for t in targets]})
    frame["label"] = frame["top1_error_percent"].map(lambda p: f"{p:g}% target")
    y = alt.Y("top1_error_percent:Q")
    rules = alt.Chart(frame).mark_rule(strokeDash=[4, 4], color=_TARGET_COLOUR).encode(y=y)
    text = alt.Chart(frame).mark_text(align="left", dy=-7, color=_TARGET_COLOUR, fontSize=12).encode(
        y=y, x=alt.value(4), text="label:N"  # left end: below the past records, clear of the projections
    )
    return alt.layer(rules, text)


def _milestone_summary(milestones: pd.DataFrame) -> pd.DataFrame:
    """One line of text per setting: when 5% and when 1% arrive (formatting only)."""
    keys = ["gamma_label", "compute_label", "algorithmic_label"]
    parts = milestones.assign(part=milestones["target_error"].map(lambda t: f"{100 * t:g}%") + " in " + milestones["label"])
    summary = parts.groupby(keys, sort=False)["part"].agg(" · ".join).reset_index()
    summary["text"] = "Reached: " + summary["part"]
    return summary


def outlook_explorer(
    grid: pd.DataFrame,
    milestones: pd.DataFrame,
    records: pd.DataFrame | None = None,
    gamma_start: str = "9 (article)",
    compute_start: str = "4.1× (trend since 2010)",
    algorithmic_start: str = "1× (none extra)",
) -> alt.LayerChart:
    """Error against year under a chosen exponent, compute growth and algorithmic gain (three drop-downs).

    ``grid`` is :func:`scaling_lib.outlook.projection_grid`, ``milestones``
    :func:`scaling_lib.outlook.milestone_table` on the same settings, ``records``
    (optional) :func:`scaling_lib.outlook.record_frontier`. The other exponents are
    drawn in grey for the same growth settings; the 5% and 1% targets are dashed rules.
    """
    _need(grid, {"gamma_label", "compute_label", "algorithmic_label", "year", "top1_error_percent"}, "grid")
    _need(milestones, {"gamma_label", "compute_label", "algorithmic_label", "target_error", "year_reached", "label"}, "milestones")
    gamma_options = list(dict.fromkeys(grid["gamma_label"]))
    compute_options = list(dict.fromkeys(grid["compute_label"]))
    algorithm_options = list(dict.fromkeys(grid["algorithmic_label"]))
    for start, options, what in ((gamma_start, gamma_options, "gamma_start"), (compute_start, compute_options, "compute_start"),
                                 (algorithmic_start, algorithm_options, "algorithmic_start")):
        if check_text(what, start) not in options:
            raise ValueError(f"{what} must be one of {options}, got {start!r}")
    gamma = dropdown("gamma_choice", gamma_options, gamma_start, "Exponent γ ")
    compute = dropdown("compute_choice", compute_options, compute_start, "Compute growth per year ")
    algorithms = dropdown("algorithm_choice", algorithm_options, algorithmic_start, "Extra algorithmic gain per year ")
    same_growth = (alt.datum.compute_label == compute) & (alt.datum.algorithmic_label == algorithms)
    selected = same_growth & (alt.datum.gamma_label == gamma)

    first_year = float(grid["year"].min())
    last_year = float(grid["year"].max())
    start = float(grid.loc[grid["years_from_start"] == 0, "top1_error_percent"].iloc[0]) if "years_from_start" in grid else float(grid["top1_error_percent"].max())
    horizon = last_year - first_year
    projection_start = first_year
    grid = grid.loc[:, ["gamma_label", "compute_label", "algorithmic_label", "year", "top1_error_percent"]]  # only what is drawn
    if records is not None:
        _need(records, {"model", "year", "top1_error"}, "records")
        first_year = min(first_year, float(records["year"].min()))
    x = alt.X("year:Q", title="Year", scale=alt.Scale(domain=[math.floor(first_year), math.ceil(last_year)]), axis=alt.Axis(format="d"))
    y = alt.Y("top1_error_percent:Q", title="ImageNet top-1 error (%, log scale)",
              scale=alt.Scale(type="log", domain=_ERROR_DOMAIN))
    others = alt.Chart(grid).transform_filter(same_growth).mark_line(color=NEUTRAL, strokeWidth=1.5, clip=True).encode(
        x=x, y=y, detail="gamma_label:N",
        tooltip=[alt.Tooltip("gamma_label:N", title="γ"), alt.Tooltip("year:Q", format=".0f"),
                 alt.Tooltip("top1_error_percent:Q", title="error (%)", format=".2f")],
    )
    chosen = alt.Chart(grid).transform_filter(selected).mark_line(color=_SELECTED, strokeWidth=3, clip=True).encode(
        x=x, y=y,
        tooltip=[alt.Tooltip("gamma_label:N", title="γ"), alt.Tooltip("compute_label:N", title="compute"),
                 alt.Tooltip("algorithmic_label:N", title="algorithms"), alt.Tooltip("year:Q", format=".1f"),
                 alt.Tooltip("top1_error_percent:Q", title="error (%)", format=".2f")],
    )
    reached = milestones[np.isfinite(milestones["year_reached"]) & (milestones["year_reached"] <= last_year)].copy()
    reached["top1_error_percent"] = 100 * reached["target_error"]
    reached = reached.loc[:, ["gamma_label", "compute_label", "algorithmic_label", "target_label", "year_reached",
                              "top1_error_percent", "compute_multiplier_needed"]]
    marks = alt.Chart(reached).transform_filter(selected).mark_point(shape="diamond", size=140, filled=True, color=_SELECTED).encode(
        x="year_reached:Q", y=alt.Y("top1_error_percent:Q"),
        tooltip=[alt.Tooltip("target_label:N", title="target"), alt.Tooltip("year_reached:Q", title="reached in", format=".1f"),
                 alt.Tooltip("compute_multiplier_needed:Q", title="effective compute ×", format=".3~g")],
    )
    summary = _milestone_summary(milestones).loc[:, ["gamma_label", "compute_label", "algorithmic_label", "text"]]
    readout = alt.Chart(summary).transform_filter(selected).mark_text(align="left", fontSize=13, fontWeight=600, color=INK).encode(
        x=alt.value(8), y=alt.value(292), text="text:N"
    )
    layers = [others, chosen, _target_rules(), marks, readout]
    if records is not None:
        history = alt.Chart(records.drop(columns=[c for c in ("publication_date",) if c in records.columns]).assign(
            top1_error_percent=100 * records["top1_error"])).mark_point(shape="circle", size=40, filled=True, color=INK).encode(
            x=x, y=y, tooltip=["model:N", alt.Tooltip("year:Q", format=".1f"), alt.Tooltip("top1_error_percent:Q", title="error (%)", format=".2f")]
        )
        layers.insert(0, history)
    return (
        alt.layer(*layers)
        .add_params(gamma, compute, algorithms)
        .properties(
            width=460,
            height=300,
            title=alt.Title("Where the error goes next", subtitle="Pick an exponent and yearly growth; dots are past records, grey lines the other exponents"),
            description=(
                f"Line chart of projected ImageNet top-1 error (log scale) against year, starting from the record of {start:.1f}% "
                f"in {projection_start:.0f} and running {horizon:.0f} years, for the exponent and yearly "
                "growth chosen in the three menus; grey lines show the other exponents. Dashed lines mark 5% and 1% error, and "
                "diamonds the year each is reached. At the article's exponent 9 and the 4.1-fold yearly compute growth since 2010, "
                f"5% arrives in {_year_text(milestones, '9 (article)', '4.1× (trend since 2010)', '1× (none extra)', 0.05)} and 1% in "
                f"{_year_text(milestones, '9 (article)', '4.1× (trend since 2010)', '1× (none extra)', 0.01)}."
            ),
        )
    )


def _year_text(milestones: pd.DataFrame, gamma_label: str, compute_label: str, algorithmic_label: str, target: float) -> str:
    row = milestones[(milestones["gamma_label"] == gamma_label) & (milestones["compute_label"] == compute_label)
                     & (milestones["algorithmic_label"] == algorithmic_label) & np.isclose(milestones["target_error"], target)]
    return str(row["label"].iloc[0]) if len(row) else "an unknown year"


def milestone_heatmap(
    milestones: pd.DataFrame,
    target_start: str = "5% top-1 error",
    algorithmic_start: str = "1× (none extra)",
) -> alt.LayerChart:
    """Calendar year each target arrives, by exponent (rows) and compute growth (columns); drop-downs for target and algorithms.

    ``milestones`` is :func:`scaling_lib.outlook.milestone_table`. Cells that are
    never reached (no growth) or reached after 2200 say so; colour is the number of
    years needed, capped at 100.
    """
    _need(milestones, {"target_label", "gamma_label", "compute_label", "algorithmic_label", "years_needed", "label"}, "milestones")
    table = milestones.copy()
    table["years_shown"] = np.minimum(table["years_needed"].to_numpy(dtype=float), 100.0)  # colour only; inf is not JSON
    table["year_reached"] = table["year_reached"].where(np.isfinite(table["year_reached"]), None)
    table["years_needed"] = table["years_needed"].where(np.isfinite(table["years_needed"]), None)
    targets = list(dict.fromkeys(table["target_label"]))
    algorithm_options = list(dict.fromkeys(table["algorithmic_label"]))
    if check_text("target_start", target_start) not in targets:
        raise ValueError(f"target_start must be one of {targets}, got {target_start!r}")
    if check_text("algorithmic_start", algorithmic_start) not in algorithm_options:
        raise ValueError(f"algorithmic_start must be one of {algorithm_options}, got {algorithmic_start!r}")
    target = dropdown("target_choice", targets, target_start, "Target ")
    algorithms = dropdown("heatmap_algorithm_choice", algorithm_options, algorithmic_start, "Extra algorithmic gain per year ")
    chosen = (alt.datum.target_label == target) & (alt.datum.algorithmic_label == algorithms)
    gamma_order = list(dict.fromkeys(table["gamma_label"]))
    compute_order = list(dict.fromkeys(table["compute_label"]))
    base = alt.Chart(table).transform_filter(chosen).encode(
        x=alt.X("compute_label:N", sort=compute_order, title="Compute growth per year",
                axis=alt.Axis(labelAngle=0, labelExpr="split(replace(datum.label, ' (', '|('), '|')")),
        y=alt.Y("gamma_label:N", sort=gamma_order, title="Exponent γ"),
    )
    cells = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("years_shown:Q", title="Years needed", scale=alt.Scale(scheme="blues", domain=[0, 100]),
                        legend=alt.Legend(titleLimit=200, values=[0, 25, 50, 75, 100], labelExpr="datum.value == 100 ? '100 or more' : datum.label")),
        tooltip=[alt.Tooltip("target_label:N", title="target"), alt.Tooltip("gamma_label:N", title="γ"),
                 alt.Tooltip("compute_label:N", title="compute"), alt.Tooltip("algorithmic_label:N", title="algorithms"),
                 alt.Tooltip("years_needed:Q", title="years needed", format=".1f"), alt.Tooltip("label:N", title="reached"),
                 alt.Tooltip("compute_multiplier_needed:Q", title="effective compute ×", format=".3~g")],
    )
    text = base.mark_text(fontSize=13, fontWeight=600).encode(
        text="label:N",
        color=alt.condition(alt.datum.years_shown > 50, alt.value("white"), alt.value("#222222")),
    )
    nine = table[(table["gamma_label"] == "9 (article)") & (table["target_label"] == target_start) & (table["algorithmic_label"] == algorithmic_start)]
    example = "; ".join(f"{c}: {lab}" for c, lab in zip(nine["compute_label"], nine["label"]))
    return (
        alt.layer(cells, text)
        .add_params(target, algorithms)
        .properties(
            width=460,
            height=200,
            title=alt.Title("When does the target arrive?", subtitle="Calendar year the record error reaches the target, under each exponent and compute growth"),
            description=(
                "Heat map of the calendar year in which ImageNet top-1 error reaches the chosen target (5% or 1%), with the "
                "exponent γ in rows and yearly compute growth in columns, for the extra algorithmic gain chosen in the menu. "
                f"For γ = 9, {target_start} and no extra algorithmic gain: {example}."
            ),
        )
    )


def backtest_chart(curves: pd.DataFrame, records: pd.DataFrame, growth_label: str = "4.1× compute a year") -> alt.LayerChart:
    """Hindcast: the calculator run from AlexNet (lines, one per exponent) against the actual records (points).

    ``curves`` is :func:`scaling_lib.outlook.backtest_curves`, ``records``
    :func:`scaling_lib.outlook.record_frontier`.
    """
    _need(curves, {"gamma_label", "year", "top1_error_percent"}, "curves")
    _need(records, {"model", "year", "top1_error"}, "records")
    points = records.loc[:, ["model", "year", "top1_error"]].assign(top1_error_percent=100 * records["top1_error"])
    order = list(dict.fromkeys(curves["gamma_label"]))
    x = alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False))
    y = alt.Y("top1_error_percent:Q", title="ImageNet top-1 error (%, log scale)", scale=alt.Scale(type="log"))
    lines = alt.Chart(curves).mark_line().encode(
        x=x, y=y,
        color=alt.Color("gamma_label:N", title="Exponent γ", sort=order, legend=alt.Legend(columns=2)),
        strokeDash=alt.StrokeDash("gamma_label:N", sort=order, legend=None),
        tooltip=[alt.Tooltip("gamma_label:N", title="γ"), alt.Tooltip("year:Q", format=".1f"),
                 alt.Tooltip("top1_error_percent:Q", title="predicted error (%)", format=".2f")],
    )
    dots = alt.Chart(points).mark_point(shape="circle", size=55, filled=True, color=INK).encode(
        x=x, y=y, tooltip=["model:N", alt.Tooltip("year:Q", format=".1f"), alt.Tooltip("top1_error_percent:Q", title="record error (%)", format=".2f")]
    )
    last = curves.groupby("gamma_label", sort=False).tail(1)
    final = ", ".join(f"γ = {g.split(' ')[0]}: {e:.1f}%" for g, e in zip(last["gamma_label"], last["top1_error_percent"]))
    return alt.layer(lines, dots).properties(
        width=460,
        height=300,
        title=alt.Title("Would the formula have predicted the last decade?", subtitle=f"Start: AlexNet's {100 * records['top1_error'].iloc[0]:.1f}% in 2012; {growth_label}; dots: actual records"),
        description=(
            f"Log-scale line chart of the ImageNet top-1 error predicted from AlexNet's {100 * records['top1_error'].iloc[0]:.1f}% in 2012 "
            f"with {growth_label}, one line per exponent, beside the {len(records)} actual record-setting models (dots). "
            f"At the last record ({records['model'].iloc[-1]}, {100 * records['top1_error'].iloc[-1]:.1f}%) the lines read {final}."
        ),
    )


def headline_chart(numbers: pd.DataFrame) -> alt.LayerChart:
    """The book's main numbers on one log axis, bars from 1, coloured by kind; the source of each in the tooltip.

    ``numbers`` is :func:`scaling_lib.outlook.headline_numbers`.
    """
    _need(numbers, {"quantity", "value", "kind", "source", "computed_by", "chapter"}, "numbers")
    table = numbers.copy()
    table["kind_rank"] = table["kind"].map({k: i for i, k in enumerate(_KIND_ORDER)}).fillna(len(_KIND_ORDER))
    table = table.sort_values(["kind_rank", "value"], ascending=[True, False], kind="stable")
    table["label"] = table["value"].map(lambda v: f"{v:,.0f}" if v >= 100 and v < 1e6 else (f"{v:.1e}" if v >= 1e6 else f"{v:.3g}"))
    table["baseline"] = 1.0  # bars on a log axis start at 1
    order = list(table["quantity"])
    top = 10.0 ** (math.ceil(math.log10(float(table["value"].max()))) + 1)  # room for the largest label
    x_scale = alt.Scale(type="log", domainMin=1, domainMax=top)
    ticks = [10.0**i for i in range(int(round(math.log10(top))) + 1)]
    y = alt.Y("quantity:N", sort=order, title=None, axis=alt.Axis(labelLimit=300, labelFontSize=11))
    tooltip = ["quantity:N", alt.Tooltip("value:Q", format=",.4~g"), "kind:N", "source:N", "computed_by:N",
               alt.Tooltip("chapter:N", title="chapter")]
    bars = alt.Chart(table).mark_bar(height=12).encode(
        y=y,
        x=alt.X("value:Q", scale=x_scale, title="Value (log scale; bars start at 1)", axis=alt.Axis(values=ticks, format="~s")),
        x2="baseline:Q",
        color=alt.Color("kind:N", title=None, sort=_KIND_ORDER),
        tooltip=tooltip,
    )
    labels = alt.Chart(table).mark_text(align="left", dx=4, fontSize=11).encode(
        y=y, x=alt.X("value:Q", scale=x_scale), text="label:N", tooltip=tooltip
    )
    biggest = table.loc[table["value"].idxmax()]
    return alt.layer(bars, labels).properties(
        width=230,
        height=alt.Step(20),
        title=alt.Title("The book in one chart", subtitle="Exponents, multipliers and yearly growth factors; hover a bar for its source"),
        description=(
            f"Horizontal bars on a logarithmic axis for {len(table)} of the book's main numbers, grouped into exponents, "
            "multipliers and yearly growth factors: the theoretical exponent 4 beside the measured 9 to 13.8; 16 and 10,000 "
            f"for theory's compute bill; 512 for halving the error at the ninth power; the largest, {biggest['value']:.1e}, "
            f"is {biggest['quantity']}; the smallest yearly factors are about 1.3 for hardware price-performance."
        ),
    )


def projection_chart(
    gamma: float,
    compute_growth_per_year: float,
    algorithmic_gain_per_year: float = 1.0,
    start_error: float = 0.089,
    start_year: float = 2023.0,
    horizon_years: float = 30.0,
) -> alt.LayerChart:
    """Error against year for one setting (any values), with the 5% and 1% targets; used by the live widget.

    Calls :func:`scaling_lib.outlook.error_after` and
    :func:`scaling_lib.outlook.years_to_error`.
    """
    start_year = check_number("start_year", start_year, low=1950.0, high=2200.0)
    horizon_years = check_number("horizon_years", horizon_years, low=0.0, high=outlook._MAX_YEARS, low_open=True)
    years = np.linspace(0.0, horizon_years, 61)
    error = outlook.error_after(years, start_error, gamma, compute_growth_per_year, algorithmic_gain_per_year)
    frame = pd.DataFrame({"year": start_year + years, "top1_error_percent": 100 * error})
    when = []
    for target in outlook.TARGET_ERRORS:
        needed = outlook.years_to_error(target, start_error, gamma, compute_growth_per_year, algorithmic_gain_per_year)
        when.append(f"{100 * target:g}% {'never' if math.isinf(needed) else f'in {start_year + needed:.0f}'}")
    per_year = outlook.error_reduction_per_year(gamma, compute_growth_per_year, algorithmic_gain_per_year)
    line = alt.Chart(frame).mark_line(color=_SELECTED, clip=True).encode(
        x=alt.X("year:Q", title="Year", axis=alt.Axis(format="d"), scale=alt.Scale(zero=False)),
        y=alt.Y("top1_error_percent:Q", title="Top-1 error (%, log scale)", scale=alt.Scale(type="log", domain=_ERROR_DOMAIN)),
        tooltip=[alt.Tooltip("year:Q", format=".1f"), alt.Tooltip("top1_error_percent:Q", title="error (%)", format=".2f")],
    )
    return alt.layer(line, _target_rules()).properties(
        width=440,
        height=260,
        title=alt.Title(f"γ = {gamma:g}, compute ×{compute_growth_per_year:g}/yr, algorithms ×{algorithmic_gain_per_year:g}/yr",
                        subtitle=f"Error falls {100 * (1 - 1 / per_year):.1f}% a year; " + "; ".join(when)),
        description=(
            f"Projected top-1 error from {100 * start_error:.1f}% in {start_year:.0f} over {horizon_years:g} years with exponent {gamma:g}, "
            f"compute growing {compute_growth_per_year:g}-fold and algorithms {algorithmic_gain_per_year:g}-fold a year: "
            f"the error falls {100 * (1 - 1 / per_year):.1f}% a year; " + "; ".join(when) + "."
        ),
    )
