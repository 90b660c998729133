"""Charts for the chapter *Flexibility: why deep learning needs so much data* (``book/flexibility.md``).

Every number drawn here comes from :mod:`scaling_lib.simulations.flexibility`; the builders only
reshape those tables and select rows with Vega-Lite parameters, so the static page needs no kernel.
"""
from __future__ import annotations

import math
from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd

from .._checks import check_array, check_number
from ..simulations import flexibility as flex
from .common import dropdown, slider
from .theme import BLUE, INK, PALETTE, VERMILION

__all__ = [
    "GRID_POOL_SIZES",
    "GRID_MISSED_COUNTS",
    "GRID_NOISE_LEVELS",
    "APPROXIMATION_WIDTHS",
    "thin_train_sizes",
    "learning_curve_explorer",
    "crossover_chart",
    "learning_curve_chart",
    "approximation_explorer",
]

#: Settings the chapter precomputes with :func:`scaling_lib.simulations.flexibility.learning_curve_grid`.
GRID_POOL_SIZES: tuple[int, ...] = (25, 50, 100, 200)
#: Missed true variables on the static page's slider (evenly spaced, so a slider steps through them).
GRID_MISSED_COUNTS: tuple[int, ...] = (0, 1, 2, 3)
#: Noise standard deviations on the static page's slider (evenly spaced).
GRID_NOISE_LEVELS: tuple[float, ...] = (0.25, 0.5, 0.75, 1.0)
#: Hidden-layer widths the universal-approximation slider steps through (5 to 100 units in steps of 5).
APPROXIMATION_WIDTHS: tuple[int, ...] = tuple(range(5, 101, 5))

_MODEL_ORDER = ["expert", "flexible"]
_MODEL_COLOURS = [PALETTE[0], PALETTE[1]]
_MODEL_NAMES = {"expert": "expert (named variables only)", "flexible": "flexible (every candidate)"}
#: Vega expression that spells out the short model names in legends.
_LEGEND_LABELS = "datum.label == 'expert' ? 'expert (named variables only)' : 'flexible (every candidate)'"
_ERROR_SCALE = alt.Scale(type="log", domain=[0.05, 5.0], clamp=True)
_CONTROLS = ["n_candidates", "n_missed", "noise_sd"]


# ---------------------------------------------------------------------------------------------
# data preparation (reshaping only; the numbers come from the simulation module)
# ---------------------------------------------------------------------------------------------


def _check_frame(name: str, frame: object, columns: Sequence[str]) -> pd.DataFrame:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame, got {type(frame).__name__}")
    missing = set(columns) - set(frame.columns)
    if missing:
        raise ValueError(f"{name} is missing column(s) {sorted(missing)}")
    if frame.empty:
        raise ValueError(f"{name} must not be empty")
    return frame


def _evenly_spaced(name: str, values: Sequence[float]) -> list[float]:
    """The sorted distinct values, refused unless evenly spaced (a slider steps through them exactly)."""
    ordered = sorted({float(v) for v in values})
    if len(ordered) < 2:
        raise ValueError(f"{name} must hold at least two distinct values for a slider, got {ordered}")
    steps = np.diff(ordered)
    if not np.allclose(steps, steps[0], rtol=1e-9, atol=0.0):
        raise ValueError(f"{name} must be evenly spaced for a slider, got {ordered}")
    return ordered


def thin_train_sizes(train_sizes: Sequence[int] | np.ndarray, every: int = 2) -> np.ndarray:
    """Every ``every``-th training size, always keeping the smallest and the largest.

    Used to keep the static page's embedded data small: the curves are simulated on the full grid
    (so crossovers are located at full resolution) and drawn through fewer points.
    """
    check_array("train_sizes", train_sizes, min_length=0, low=0.0)
    sizes = np.asarray(train_sizes)
    if sizes.ndim != 1 or sizes.size == 0:
        raise ValueError("train_sizes must be a non-empty 1-D sequence of training sizes")
    if isinstance(every, bool) or not isinstance(every, (int, np.integer)) or every < 1:
        raise ValueError(f"every must be a whole number >= 1, got {every!r}")
    kept = np.unique(np.concatenate([sizes[::every], sizes[-1:]]))
    return kept


def _pool_label(values: pd.Series) -> pd.Series:
    return values.astype(int).astype(str)


def _per_model(chart: alt.Chart, channel: str, models: Sequence[str]) -> list[alt.Chart]:
    """One copy of ``chart`` per model, filtered to it and coloured with a constant.

    Only the lines carry a colour scale and a legend; bands, floors and circles use these constant
    colours (the same as the scale's), so Vega-Lite draws a single merged legend without conflicts.
    """
    return [
        chart.transform_filter(alt.datum.model == model).encode(**{channel: alt.value(colour)})
        for model, colour in zip(models, _MODEL_COLOURS)
    ]


def _round_significant(values: pd.Series, digits: int) -> pd.Series:
    """Round to ``digits`` significant figures (for drawn-only quantities such as the bands)."""
    array = values.to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        exponent = np.where(array != 0, np.floor(np.log10(np.abs(array))), 0)
    factor = 10.0 ** (digits - 1 - exponent)
    return pd.Series(np.round(array * factor) / factor, index=values.index)


def _explorer_tables(grid: pd.DataFrame, every: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The four small tables the explorer draws: curves, crossover marks, crossover labels, floors.

    The curves keep every ``every``-th training size plus each setting's crossover size (so the
    crossover circles sit on the drawn lines). ``test_error`` and ``compute_flop_proxy`` are the
    simulation's numbers unchanged; the 80% band is rounded to three significant figures, which is
    invisible on the chart and keeps the page small.
    """
    marks = flex.crossover_points(grid)
    thinned = set(thin_train_sizes(np.sort(grid["n_train"].unique()), every).tolist())
    crossing = marks.drop_duplicates(_CONTROLS)[_CONTROLS + ["crossover_n"]]
    keyed = grid.merge(crossing, on=_CONTROLS, how="left")
    keep = keyed["n_train"].isin(thinned) | (keyed["n_train"] == keyed["crossover_n"])
    curves = keyed.loc[keep, ["n_candidates", "n_missed", "noise_sd", "n_train", "model", "test_error", "test_error_low", "test_error_high", "compute_flop_proxy"]]
    curves = curves.reset_index(drop=True)
    for column in ("test_error_low", "test_error_high"):
        curves[column] = _round_significant(curves[column], 3)
    floors = grid.groupby(_CONTROLS + ["model"], as_index=False)["error_floor"].first()
    labels = marks.drop_duplicates(_CONTROLS)[_CONTROLS + ["crossover_n", "crossover_label"]].reset_index(drop=True)
    marks = marks[_CONTROLS + ["model", "crossover_n", "test_error", "compute_flop_proxy"]]
    tables = []
    for table in (curves, marks, labels, floors):
        table = table.copy()
        table.insert(0, "pool", _pool_label(table["n_candidates"]))
        tables.append(table.drop(columns="n_candidates"))
    return tables[0], tables[1], tables[2], tables[3]


# ---------------------------------------------------------------------------------------------
# figure 1: learning curves and their compute, over the precomputed grid
# ---------------------------------------------------------------------------------------------


def learning_curve_explorer(
    grid: pd.DataFrame,
    *,
    pool_start: int = 100,
    missed_start: int = 1,
    noise_start: float = 0.5,
    every: int = 2,
) -> alt.VConcatChart:
    """Learning curves (top) and error against compute (bottom) for every precomputed setting.

    ``grid`` is the output of :func:`~scaling_lib.simulations.flexibility.learning_curve_grid`;
    its ``n_missed`` and ``noise_sd`` values must be evenly spaced (they become sliders) and its
    pool sizes become a drop-down. The curves are drawn through every ``every``-th training size
    (:func:`thin_train_sizes`); the crossover marks come from the full grid (:func:`~scaling_lib.simulations.flexibility.crossover_points`).
    """
    grid = _check_frame("grid", grid, _CONTROLS + ["n_train", "model", "test_error", "test_error_low", "test_error_high", "error_floor", "compute_flop_proxy", "n_parameters"])
    pools = sorted(int(p) for p in grid["n_candidates"].unique())
    missed = _evenly_spaced("grid n_missed", grid["n_missed"].unique())
    noises = _evenly_spaced("grid noise_sd", grid["noise_sd"].unique())
    for name, value in (("pool_start", pool_start), ("missed_start", missed_start), ("noise_start", noise_start)):
        check_number(name, value)
    if pool_start not in pools or float(missed_start) not in missed or float(noise_start) not in noises:
        raise ValueError(
            f"pool_start, missed_start and noise_start must be grid values (pools {pools}, missed {missed}, noise {noises}); "
            f"got {pool_start}, {missed_start}, {noise_start}"
        )
    curves, marks, labels, floors = _explorer_tables(grid, every)
    pool = dropdown("pool", [str(p) for p in pools], str(pool_start), "Candidate variables in the pool ")
    n_missed = slider("n_missed", missed, float(missed_start), "True variables the expert missed ")
    noise = slider("noise_sd", noises, float(noise_start), "Noise standard deviation ")
    selected = (alt.datum.pool == pool) & (alt.datum.n_missed == n_missed) & (alt.datum.noise_sd == noise)

    order = _MODEL_ORDER
    legend = alt.Legend(labelExpr=_LEGEND_LABELS, symbolType="stroke", labelLimit=280)
    colour = alt.Color("model:N", title="Model", scale=alt.Scale(domain=order, range=_MODEL_COLOURS), legend=legend)
    dash = alt.StrokeDash("model:N", title="Model", scale=alt.Scale(domain=order), legend=legend)
    n_axis = alt.X("n_train:Q", scale=alt.Scale(type="log", nice=False), title="Training examples n (log scale)")
    error_axis = alt.Y("test_error:Q", scale=_ERROR_SCALE, title="Test error, mean squared (log scale)")
    tooltip = [
        alt.Tooltip("model:N", title="model"),
        alt.Tooltip("n_train:Q", title="examples", format=","),
        alt.Tooltip("test_error:Q", title="test error", format=".3f"),
        alt.Tooltip("compute_flop_proxy:Q", title="compute ∝ n × parameters", format=",.0f"),
    ]

    base = alt.Chart(curves).transform_filter(selected)
    band = _per_model(
        base.mark_area(opacity=0.18).encode(x=n_axis, y=alt.Y("test_error_low:Q", scale=_ERROR_SCALE), y2="test_error_high:Q"), "fill", order
    )
    lines = base.mark_line(point=True).encode(x=n_axis, y=error_axis, color=colour, strokeDash=dash, tooltip=tooltip)
    floor_rules = _per_model(
        alt.Chart(floors).transform_filter(selected).transform_filter(alt.datum.error_floor > 0)
        .mark_rule(strokeDash=[2, 3], strokeWidth=1.5).encode(y=alt.Y("error_floor:Q", scale=_ERROR_SCALE)),
        "stroke",
        order,
    )
    cross_rule = (
        alt.Chart(labels).transform_filter(selected).transform_filter("isValid(datum.crossover_n)")
        .mark_rule(color=INK, strokeDash=[6, 3]).encode(x="crossover_n:Q")
    )
    cross_text = (
        alt.Chart(labels).transform_filter(selected)
        .mark_text(align="left", baseline="top", dx=4, dy=4, fontSize=12, color=INK)
        .encode(x=alt.value(0), y=alt.value(0), text="crossover_label:N")
    )
    cross_marks = _per_model(
        alt.Chart(marks).transform_filter(selected).transform_filter("isValid(datum.crossover_n)")
        .mark_point(size=110, filled=False, strokeWidth=2)
        .encode(x="crossover_n:Q", y=alt.Y("test_error:Q", scale=_ERROR_SCALE)),
        "stroke",
        order,
    )
    top = alt.layer(*band, *floor_rules, lines, cross_rule, *cross_marks, cross_text).properties(
        width=460, height=240, title="Test error against data (dotted lines: each model's floor)"
    )

    compute_axis = alt.X("compute_flop_proxy:Q", scale=alt.Scale(type="log", nice=False), title="Training compute ∝ examples × parameters (log scale)")
    compute_lines = base.mark_line(point=True).encode(x=compute_axis, y=error_axis, color=colour, strokeDash=dash, tooltip=tooltip)
    compute_marks = _per_model(
        alt.Chart(marks).transform_filter(selected).transform_filter("isValid(datum.crossover_n)")
        .mark_point(size=110, filled=False, strokeWidth=2)
        .encode(
            x="compute_flop_proxy:Q",
            y=alt.Y("test_error:Q", scale=_ERROR_SCALE),
            tooltip=[
                alt.Tooltip("model:N", title="model"),
                alt.Tooltip("crossover_n:Q", title="examples at crossover", format=","),
                alt.Tooltip("compute_flop_proxy:Q", title="compute at crossover", format=",.0f"),
            ],
        ),
        "stroke",
        order,
    )
    bottom = alt.layer(compute_lines, *compute_marks).properties(
        width=460, height=200, title="The same curves against compute (circles: the crossover)"
    )
    default = marks[(marks["pool"] == str(pool_start)) & (marks["n_missed"] == missed_start) & (marks["noise_sd"] == noise_start)]
    if default["crossover_n"].notna().any():
        expert_row = default[default["model"] == "expert"].iloc[0]
        flexible_row = default[default["model"] == "flexible"].iloc[0]
        at_start = (
            f"At the starting setting ({pool_start} candidates, {missed_start} missed, noise {noise_start:g}) the flexible "
            f"model overtakes the expert at n = {expert_row['crossover_n']:,.0f} examples, where its compute proxy is "
            f"{flexible_row['compute_flop_proxy']:,.0f} against the expert's {expert_row['compute_flop_proxy']:,.0f}."
        )
    else:
        at_start = "At the starting setting the flexible model never overtakes the expert."
    return (
        alt.vconcat(top, bottom)
        .add_params(pool, n_missed, noise)
        .resolve_scale(color="shared")
        .properties(
            title=alt.Title(
                "Expert against flexible model: who wins depends on the data",
                subtitle="Choose the pool size, how many true variables the expert missed, and the noise",
            ),
            description=(
                "Two log–log panels of simulated test error (mean squared error) for an expert model that uses only the "
                "variables an expert named and a flexible model that uses every candidate variable. Top: error against "
                "training examples, with 80% bands across 20 simulated training sets and dotted lines at each model's "
                "error floor. Bottom: the same error against training compute, proportional to examples times parameters. "
                "The expert learns fast and then stalls at its floor; the flexible model starts worse, needs more data and "
                f"compute, and ends lower. {at_start}"
            ),
        )
    )


# ---------------------------------------------------------------------------------------------
# figure 2: where the crossover falls, and what it costs
# ---------------------------------------------------------------------------------------------


def crossover_chart(grid: pd.DataFrame, *, noise_start: float = 0.5) -> alt.VConcatChart:
    """Crossover size (top) and the flexible model's compute there (bottom) against pool size.

    One line per number of missed variables (settings where the expert missed nothing have no
    crossover and are left out); a slider picks the noise level. ``grid`` is the output of
    :func:`~scaling_lib.simulations.flexibility.learning_curve_grid`.
    """
    grid = _check_frame("grid", grid, _CONTROLS + ["n_train", "model", "test_error", "n_parameters", "compute_flop_proxy"])
    noises = _evenly_spaced("grid noise_sd", grid["noise_sd"].unique())
    if check_number("noise_start", noise_start) not in noises:
        raise ValueError(f"noise_start must be one of the grid's noise levels {noises}, got {noise_start}")
    marks = flex.crossover_points(grid)
    table = marks[(marks["model"] == "flexible") & marks["crossover_n"].notna()].copy()
    if table.empty:
        raise ValueError("grid has no setting in which the flexible model overtakes the expert")
    table = table.rename(columns={"compute_flop_proxy": "flexible_compute"})
    table["expert_compute"] = table["crossover_n"] * (table["n_parameters"] / table["crossover_compute_ratio"])
    table["missed"] = table["n_missed"].astype(int).map(lambda m: f"{m} missed")
    table = table[["n_candidates", "n_missed", "missed", "noise_sd", "crossover_n", "flexible_compute", "expert_compute", "crossover_compute_ratio"]]
    noise = slider("noise_cross", noises, float(noise_start), "Noise standard deviation ")
    order = sorted(table["missed"].unique())
    pools = sorted(int(p) for p in table["n_candidates"].unique())
    x = alt.X("n_candidates:Q", scale=alt.Scale(type="log", base=2), axis=alt.Axis(values=pools), title="Candidate variables in the pool (log scale)")
    colour = alt.Color("missed:N", scale=alt.Scale(domain=order, range=PALETTE[: len(order)]), title="The expert")
    shape = alt.Shape("missed:N", scale=alt.Scale(domain=order), title="The expert")
    tooltip = [
        alt.Tooltip("n_candidates:Q", title="candidates"),
        alt.Tooltip("missed:N", title="expert"),
        alt.Tooltip("crossover_n:Q", title="crossover examples", format=","),
        alt.Tooltip("flexible_compute:Q", title="flexible compute there", format=",.0f"),
        alt.Tooltip("crossover_compute_ratio:Q", title="flexible ÷ expert compute", format=".1f"),
    ]
    base = alt.Chart(table).transform_filter(alt.datum.noise_sd == noise)

    def panel(field: str, title: str, heading: str) -> alt.LayerChart:
        values = table[field]
        ticks = [10.0**k for k in range(int(np.floor(np.log10(values.min()))), int(np.ceil(np.log10(values.max()))) + 1)]
        y = alt.Y(f"{field}:Q", scale=alt.Scale(type="log"), axis=alt.Axis(values=ticks, format=","), title=title)
        lines = [
            base.transform_filter(alt.datum.missed == group).mark_line(color=line_colour).encode(x=x, y=y)
            for group, line_colour in zip(order, PALETTE)
        ]
        points = base.mark_point(size=70, filled=True).encode(x=x, y=y, color=colour, shape=shape, tooltip=tooltip)
        return alt.layer(*lines, points).properties(width=460, height=200, title=heading)

    top = panel("crossover_n", "Examples at the crossover (log scale)", "More candidates: the flexible model needs more data to win")
    bottom = panel("flexible_compute", "Flexible compute at crossover (log scale)", "…and its compute grows faster still: data × parameters")
    start = table[table["noise_sd"] == noise_start]
    smallest, largest = start["n_candidates"].min(), start["n_candidates"].max()
    one = start[start["n_missed"] == start["n_missed"].min()].set_index("n_candidates")
    return (
        alt.vconcat(top, bottom)
        .add_params(noise)
        .properties(
            title=alt.Title("Where the flexible model overtakes the expert", subtitle="Move the slider to change the noise"),
            description=(
                "Two log–log panels against the number of candidate variables (25 to 200). Top: the number of training "
                "examples at which the flexible model overtakes the expert, one line per number of true variables the "
                "expert missed (an expert who missed none is never overtaken and is not shown). Bottom: the flexible model's "
                f"training compute at that point. At noise {noise_start:g} with {int(one['n_missed'].iloc[0])} missed, going from "
                f"{smallest} to {largest} candidates moves the crossover from {one.loc[smallest, 'crossover_n']:,.0f} to "
                f"{one.loc[largest, 'crossover_n']:,.0f} examples and the compute there from {one.loc[smallest, 'flexible_compute']:,.0f} "
                f"to {one.loc[largest, 'flexible_compute']:,.0f}."
            ),
        )
    )


# ---------------------------------------------------------------------------------------------
# live widget: one setting, any values
# ---------------------------------------------------------------------------------------------


def learning_curve_chart(curves: pd.DataFrame) -> alt.LayerChart:
    """Learning curves of one setting (the output of ``learning_curves``), with the crossover marked.

    Used by the live widget, which recomputes ``curves`` for any pool size, missed count and noise.
    """
    curves = _check_frame("curves", curves, ["n_train", "model", "test_error", "test_error_low", "test_error_high", "error_floor", "n_parameters", "compute_flop_proxy"])
    if curves.duplicated(["n_train", "model"]).any():
        raise ValueError("curves holds several settings; pass the output of learning_curves for one setting")
    marks = flex.crossover_points(curves)
    label = str(marks["crossover_label"].iloc[0])
    params = curves.groupby("model")["n_parameters"].first()
    table = curves.assign(model=curves["model"].map(_MODEL_NAMES))
    order = [_MODEL_NAMES[m] for m in _MODEL_ORDER]
    x = alt.X("n_train:Q", scale=alt.Scale(type="log", nice=False), title="Training examples n (log scale)")
    y_scale = alt.Scale(type="log")
    legend = alt.Legend(symbolType="stroke", labelLimit=280)
    colour = alt.Color("model:N", title=None, scale=alt.Scale(domain=order, range=_MODEL_COLOURS), legend=legend)
    band = _per_model(
        alt.Chart(table).mark_area(opacity=0.18).encode(x=x, y=alt.Y("test_error_low:Q", scale=y_scale), y2="test_error_high:Q"), "fill", order
    )
    lines = alt.Chart(table).mark_line(point=True).encode(
        x=x,
        y=alt.Y("test_error:Q", scale=y_scale, title="Test error, mean squared (log scale)"),
        color=colour,
        strokeDash=alt.StrokeDash("model:N", title=None, scale=alt.Scale(domain=order), legend=legend),
        tooltip=["model:N", alt.Tooltip("n_train:Q", format=","), alt.Tooltip("test_error:Q", format=".3f"), alt.Tooltip("compute_flop_proxy:Q", format=",.0f")],
    )
    floors = _per_model(
        alt.Chart(table).transform_filter(alt.datum.error_floor > 0).mark_rule(strokeDash=[2, 3], strokeWidth=1.5)
        .encode(y=alt.Y("mean(error_floor):Q", scale=y_scale)),
        "stroke",
        order,
    )
    layers = [*band, *floors, lines]
    n_cross = float(marks["crossover_n"].iloc[0])
    if not math.isnan(n_cross):
        layers.append(alt.Chart(pd.DataFrame({"crossover_n": [n_cross]})).mark_rule(color=INK, strokeDash=[6, 3]).encode(x="crossover_n:Q"))
    return alt.layer(*layers).properties(
        width=460,
        height=260,
        title=alt.Title(
            f"{int(params['flexible'])} candidates, expert fits {int(params['expert'])}",
            subtitle=label,
        ),
        description=(
            f"Log–log learning curves of an expert model with {int(params['expert'])} parameters and a flexible model with "
            f"{int(params['flexible'])} parameters, test error against training examples from {int(curves['n_train'].min()):,} "
            f"to {int(curves['n_train'].max()):,}. {label}."
        ),
    )


# ---------------------------------------------------------------------------------------------
# figure 3: universal approximation in one picture
# ---------------------------------------------------------------------------------------------


def approximation_explorer(predictions: pd.DataFrame, summary: pd.DataFrame, *, width_start: int = 10) -> alt.VConcatChart:
    """A wiggly function, a fixed-form expert fit and a random-ReLU fit whose width a slider sets.

    ``predictions`` and ``summary`` are the two outputs of
    :func:`~scaling_lib.simulations.flexibility.approximation_demo`, whose widths must be evenly
    spaced (inputs and predictions are drawn rounded to 4 decimals; errors are unrounded). Top: the target, the expert polynomial and the network of the chosen width. Bottom:
    root-mean-square error against width, with the expert's error as a horizontal line.
    """
    predictions = _check_frame("predictions", predictions, ["x", "model", "width", "prediction", "target"])
    summary = _check_frame("summary", summary, ["model", "width", "n_parameters", "rmse"])
    relu = predictions[predictions["model"] == "random_relu"]
    expert = predictions[predictions["model"] == "expert_polynomial"]
    if relu.empty or expert.empty:
        raise ValueError("predictions must hold both the 'random_relu' and the 'expert_polynomial' model")
    widths = _evenly_spaced("predictions widths", relu["width"].unique())
    if check_number("width_start", width_start) not in widths:
        raise ValueError(f"width_start must be one of the widths {[int(w) for w in widths]}, got {width_start}")
    expert_summary = summary[summary["model"] == "expert_polynomial"].iloc[0]
    expert_rmse = float(expert_summary["rmse"])
    degree = int(expert_summary["width"])
    # Drawn-only values are rounded to 4 decimals (1/10,000 of the plot's range) to keep the page small.
    fits = relu[["x", "width", "prediction"]].round({"x": 4, "prediction": 4})
    fixed = expert[["x", "prediction"]].round(4).assign(curve=f"expert: degree-{degree} polynomial")
    target = expert[["x", "target"]].round(4).rename(columns={"target": "prediction"}).assign(curve="target function")
    order = ["target function", f"expert: degree-{degree} polynomial", "network fit"]
    errors = summary[summary["model"] == "random_relu"][["width", "n_parameters", "rmse"]].copy()
    errors["label"] = [f"{int(w)} hidden units: RMSE {r:.3f} (polynomial: {expert_rmse:.3f})" for w, r in zip(errors["width"], errors["rmse"])]

    units = slider("hidden_units", widths, float(width_start), "Hidden units (network width) ")
    x = alt.X("x:Q", title="Input x")
    y = alt.Y("prediction:Q", title="Output f(x)", scale=alt.Scale(domain=[-1.5, 2.5]))
    colour = alt.Color("curve:N", title=None, legend=alt.Legend(labelLimit=280), scale=alt.Scale(domain=order, range=[INK, VERMILION, BLUE]))
    dash = alt.StrokeDash("curve:N", title=None, legend=alt.Legend(labelLimit=280), scale=alt.Scale(domain=order, range=[[6, 4], [2, 2], [1, 0]]))
    curves = alt.layer(
        alt.Chart(target).mark_line(strokeWidth=2).encode(x=x, y=y, color=colour, strokeDash=dash),
        alt.Chart(fixed).mark_line().encode(x=x, y=y, color=colour, strokeDash=dash),
        alt.Chart(fits).transform_filter(alt.datum.width == units).transform_calculate(curve="'network fit'").mark_line().encode(x=x, y=y, color=colour, strokeDash=dash),
        alt.Chart(errors).transform_filter(alt.datum.width == units).mark_text(align="left", baseline="top", dx=4, dy=4, fontSize=12, color=INK)
        .encode(x=alt.value(0), y=alt.value(0), text="label:N"),
    ).properties(width=460, height=230, title="Fits to the same 200 points")
    error_x = alt.X("width:Q", title="Hidden units (network width)")
    error_y = alt.Y("rmse:Q", scale=alt.Scale(type="log"), title="Root-mean-square error (log scale)")
    error_lines = alt.layer(
        alt.Chart(errors).mark_line(color=BLUE).encode(x=error_x, y=error_y),
        alt.Chart(pd.DataFrame({"rmse": [expert_rmse]})).mark_rule(color=VERMILION, strokeDash=[2, 2]).encode(y="rmse:Q"),
        alt.Chart(errors).transform_filter(alt.datum.width == units).mark_point(size=120, filled=True, color=BLUE)
        .encode(x=error_x, y=error_y, tooltip=[alt.Tooltip("width:Q", title="hidden units"), alt.Tooltip("n_parameters:Q", title="parameters"), alt.Tooltip("rmse:Q", title="RMSE", format=".4f")]),
    ).properties(width=460, height=170, title="Error of the network fit as it widens (dotted: the polynomial)")
    widest = errors.loc[errors["width"].idxmax()]
    return (
        alt.vconcat(curves, error_lines)
        .add_params(units)
        .properties(
            title=alt.Title("A flexible model bends to fit; a fixed form cannot", subtitle="Move the slider to widen the network"),
            description=(
                f"Top: the wiggly target function on [0, 1] (grey dashes), the best degree-{degree} polynomial (vermilion dots), "
                "and a one-hidden-layer network of random ReLU units with fitted output weights (blue line) at the width "
                f"chosen with the slider, from {int(widths[0])} to {int(widths[-1])} hidden units. Bottom: the network's "
                f"root-mean-square error against width on a log scale, beside the polynomial's {expert_rmse:.3f}. With "
                f"{int(widest['width'])} units the network's error is {widest['rmse']:.4f}; the polynomial's never improves."
            ),
        )
    )
