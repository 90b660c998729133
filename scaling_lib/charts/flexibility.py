"""Charts for the chapter *Flexibility: why deep learning needs so much data* (``book/flexibility.md``).

The numbers come from the page's cells and :mod:`scaling_lib.flexibility`; the builders reshape
them and select rows with Vega-Lite parameters, so the static page needs no kernel.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from .._checks import check_frame, check_number
from .common import dropdown, slider
from .theme import BLUE, INK, PALETTE, VERMILION

__all__ = ["learning_curve_explorer", "crossover_chart", "learning_curve_chart", "approximation_explorer"]

_CONTROLS = ["n_candidates", "n_missed", "noise_sd"]
_CURVE_COLUMNS = [*_CONTROLS, "n_train", "model", "test_error", "test_error_low", "test_error_high", "error_floor", "compute_flop_proxy"]
_CROSSING_COLUMNS = [*_CONTROLS, "crossover_n", "expert_error", "flexible_error", "expert_compute", "flexible_compute"]
_MODELS = ["expert", "flexible"]
_LEGEND = alt.Legend(
    title="Model", symbolType="stroke", labelLimit=280,
    labelExpr="datum.label == 'expert' ? 'expert (named variables only)' : 'flexible (every candidate)'",
)
_COLOUR = alt.Color("model:N", scale=alt.Scale(domain=_MODELS, range=PALETTE[:2]), legend=_LEGEND)
_DASH = alt.StrokeDash("model:N", scale=alt.Scale(domain=_MODELS), legend=_LEGEND)
_ERROR = alt.Scale(type="log", domain=[0.05, 5.0], clamp=True)


def _evenly_spaced(name: str, values: object) -> list[float]:
    """The sorted distinct values, refused unless evenly spaced (a slider steps through them exactly)."""
    ordered = sorted({float(v) for v in values})
    if len(ordered) < 2 or not np.allclose(np.diff(ordered), ordered[1] - ordered[0]):
        raise ValueError(f"{name} must hold at least two evenly spaced values for a slider, got {ordered}")
    return ordered


def _panel_frames(curves: pd.DataFrame, crossings: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """What the panels draw: the curves, the crossovers, each model's floor and the crossover circles."""
    keys = [c for c in ("pool", "n_missed", "noise_sd") if c in crossings]
    floors = curves.groupby([*keys, "model"], as_index=False)["error_floor"].first()
    marks = crossings.melt(id_vars=[*keys, "crossover_n"], value_vars=["expert_compute", "flexible_compute"], var_name="model", value_name="compute")
    marks["model"] = marks["model"].str.removesuffix("_compute")
    marks["error"] = np.concatenate([crossings["expert_error"].to_numpy(), crossings["flexible_error"].to_numpy()])  # melt's order
    return {"curves": curves, "crossings": crossings, "floors": floors, "marks": marks}


def _panels(frames: dict[str, pd.DataFrame], selected: object = None) -> tuple[alt.LayerChart, alt.LayerChart]:
    """Error against examples (80 % bands, floors, crossover rule) and against compute (crossover circles)."""
    def chart(frame: pd.DataFrame) -> alt.Chart:
        return alt.Chart(frame) if selected is None else alt.Chart(frame).transform_filter(selected)

    curves, crossings, floors, marks = (frames[name] for name in ("curves", "crossings", "floors", "marks"))
    tooltip = ["model:N", alt.Tooltip("n_train:Q", title="examples", format=","), alt.Tooltip("test_error:Q", title="test error", format=".3f"),
               alt.Tooltip("compute_flop_proxy:Q", title="compute ∝ n × parameters", format=",.0f")]
    n_axis = alt.X("n_train:Q", scale=alt.Scale(type="log", nice=False), title="Training examples n (log scale)")
    y = alt.Y("test_error:Q", scale=_ERROR, title="Test error, mean squared (log scale)")
    band = chart(curves).mark_area(opacity=0.18).encode(x=n_axis, y=alt.Y("test_error_low:Q", scale=_ERROR), y2="test_error_high:Q", color=_COLOUR)
    lines = chart(curves).mark_line(point=True).encode(x=n_axis, y=y, color=_COLOUR, strokeDash=_DASH, tooltip=tooltip)
    floor = chart(floors).mark_rule(strokeDash=[2, 3]).encode(y=alt.Y("error_floor:Q", scale=_ERROR), color=_COLOUR)
    cross = chart(crossings).transform_filter("isValid(datum.crossover_n)").mark_rule(color=INK, strokeDash=[6, 3]).encode(
        x="crossover_n:Q", tooltip=[alt.Tooltip("crossover_n:Q", title="crossover (examples)", format=",")]
    )
    top = alt.layer(band, floor, lines, cross).properties(
        width=460, height=240, title="Test error against data (dotted: each model's floor; dashed: the crossover)"
    )
    compute_x = alt.X("compute_flop_proxy:Q", scale=alt.Scale(type="log", nice=False), title="Training compute ∝ examples × parameters (log scale)")
    compute_lines = chart(curves).mark_line(point=True).encode(x=compute_x, y=y, color=_COLOUR, strokeDash=_DASH, tooltip=tooltip)
    circles = chart(marks).transform_filter("isValid(datum.compute)").mark_point(size=110, strokeWidth=2).encode(
        x="compute:Q", y=alt.Y("error:Q", scale=_ERROR), color=_COLOUR,
        tooltip=["model:N", alt.Tooltip("crossover_n:Q", title="examples at the crossover", format=","),
                 alt.Tooltip("compute:Q", title="compute there", format=",.0f")],
    )
    bottom = alt.layer(compute_lines, circles).properties(width=460, height=200, title="The same curves against compute (circles: the crossover)")
    return top, bottom


def _with_pool(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the pool size as text (the drop-down's values) in place of ``n_candidates``."""
    return frame.assign(pool=frame["n_candidates"].astype(int).astype(str)).drop(columns="n_candidates")


def learning_curve_explorer(
    grid: pd.DataFrame, crossings: pd.DataFrame, *, pool_start: int = 100, missed_start: int = 1, noise_start: float = 0.5
) -> alt.VConcatChart:
    """Learning curves (top) and error against compute (bottom) for every precomputed setting.

    ``grid`` is :func:`scaling_lib.flexibility.learning_curves` over several settings and
    ``crossings`` its :func:`~scaling_lib.flexibility.crossovers`. Pool sizes become a drop-down;
    missed counts and noise levels, which must be evenly spaced, become sliders. The curves are
    drawn through every other training size plus each crossover.
    """
    check_frame("grid", grid, _CURVE_COLUMNS)
    check_frame("crossings", crossings, _CROSSING_COLUMNS)
    pools = sorted(int(p) for p in grid["n_candidates"].unique())
    missed = _evenly_spaced("grid n_missed", grid["n_missed"].unique())
    noises = _evenly_spaced("grid noise_sd", grid["noise_sd"].unique())
    starts = (check_number("pool_start", pool_start), check_number("missed_start", missed_start), check_number("noise_start", noise_start))
    if starts[0] not in pools or starts[1] not in missed or starts[2] not in noises:
        raise ValueError(f"pool_start, missed_start and noise_start must be grid values (pools {pools}, missed {missed}, noise {noises}); got {starts}")
    sizes = np.sort(grid["n_train"].unique())
    keep = grid["n_train"].isin(np.r_[sizes[::2], sizes[-1]]) | grid["n_train"].isin(crossings["crossover_n"])
    curves = _with_pool(grid.loc[keep, _CURVE_COLUMNS].round({"test_error_low": 4, "test_error_high": 4}))
    pool = dropdown("pool", [str(p) for p in pools], str(pool_start), "Candidate variables in the pool ")
    n_missed = slider("n_missed", missed, float(missed_start), "True variables the expert missed ")
    noise = slider("noise_sd", noises, float(noise_start), "Noise standard deviation ")
    selected = (alt.datum.pool == pool) & (alt.datum.n_missed == n_missed) & (alt.datum.noise_sd == noise)
    top, bottom = _panels(_panel_frames(curves, _with_pool(crossings[_CROSSING_COLUMNS])), selected)
    start = crossings[(crossings["n_candidates"] == pool_start) & (crossings["n_missed"] == missed_start) & (crossings["noise_sd"] == noise_start)]
    at_start = (
        f"At the starting setting ({pool_start} candidates, {missed_start} missed, noise {noise_start:g}) the flexible model overtakes "
        f"the expert at n = {start['crossover_n'].iloc[0]:,.0f} examples, where its compute is {start['flexible_compute'].iloc[0]:,.0f} "
        f"against the expert's {start['expert_compute'].iloc[0]:,.0f}."
        if len(start) and start["crossover_n"].notna().iloc[0] else "At the starting setting the flexible model never overtakes the expert."
    )
    return alt.vconcat(top, bottom).add_params(pool, n_missed, noise).properties(
        title=alt.Title("Expert against flexible model: who wins depends on the data",
                        subtitle="Choose the pool size, how many true variables the expert missed, and the noise"),
        description=(
            "Two log–log panels of simulated test error (mean squared error) for an expert model that uses only the variables an "
            "expert named and a flexible model that uses every candidate. Top: error against training examples, with 80% bands "
            "across 20 simulated training sets and dotted lines at each model's floor. Bottom: the same error against training "
            f"compute, proportional to examples times parameters. {at_start}"
        ),
    )


def crossover_chart(crossings: pd.DataFrame, *, noise_start: float = 0.5) -> alt.VConcatChart:
    """Crossover size (top) and the flexible model's compute there (bottom) against pool size.

    One line per number of missed variables (an expert who missed none is never overtaken and
    is left out); a slider picks the noise. ``crossings`` is :func:`scaling_lib.flexibility.crossovers` of a grid.
    """
    check_frame("crossings", crossings, _CROSSING_COLUMNS)
    noises = _evenly_spaced("crossings noise_sd", crossings["noise_sd"].unique())
    if check_number("noise_start", noise_start) not in noises:
        raise ValueError(f"noise_start must be one of the noise levels {noises}, got {noise_start}")
    table = crossings[crossings["crossover_n"].notna()].assign(missed=lambda t: t["n_missed"].astype(int).astype(str) + " missed")
    if table.empty:
        raise ValueError("crossings has no setting in which the flexible model overtakes the expert")
    noise = slider("noise_cross", noises, float(noise_start), "Noise standard deviation ")
    order = sorted(table["missed"].unique())
    x = alt.X("n_candidates:Q", scale=alt.Scale(type="log", base=2), axis=alt.Axis(values=sorted(table["n_candidates"].unique())),
              title="Candidate variables in the pool (log scale)")
    group = {"scale": alt.Scale(domain=order), "title": "The expert"}
    tooltip = [alt.Tooltip("n_candidates:Q", title="candidates"), alt.Tooltip("missed:N", title="expert"),
               alt.Tooltip("crossover_n:Q", title="crossover examples", format=","),
               alt.Tooltip("flexible_compute:Q", title="flexible compute there", format=",.0f")]
    base = alt.Chart(table).transform_filter(alt.datum.noise_sd == noise)

    def panel(field: str, title: str, heading: str) -> alt.LayerChart:
        y = alt.Y(f"{field}:Q", scale=alt.Scale(type="log"), axis=alt.Axis(format=","), title=title)
        colour = alt.Color("missed:N", scale=alt.Scale(domain=order, range=PALETTE[: len(order)]), title="The expert")
        return alt.layer(
            base.mark_line().encode(x=x, y=y, color=colour, detail="missed:N"),
            base.mark_point(size=70, filled=True).encode(x=x, y=y, color=colour, shape=alt.Shape("missed:N", **group), tooltip=tooltip),
        ).properties(width=460, height=200, title=heading)

    start = table[table["noise_sd"] == noise_start]
    one = start[start["n_missed"] == start["n_missed"].min()].set_index("n_candidates")
    small, large = one.index.min(), one.index.max()
    return alt.vconcat(
        panel("crossover_n", "Examples at the crossover (log scale)", "More candidates: the flexible model needs more data to win"),
        panel("flexible_compute", "Flexible compute at the crossover (log scale)", "…and its compute grows faster still: data × parameters"),
    ).add_params(noise).properties(
        title=alt.Title("Where the flexible model overtakes the expert", subtitle="Move the slider to change the noise"),
        description=(
            "Two log–log panels against the number of candidate variables. Top: the number of training examples at which the flexible "
            "model overtakes the expert, one line per number of true variables the expert missed. Bottom: the flexible model's training "
            f"compute at that point. At noise {noise_start:g} with {int(one['n_missed'].iloc[0])} missed, going from {small} to {large} "
            f"candidates moves the crossover from {one.loc[small, 'crossover_n']:,.0f} to {one.loc[large, 'crossover_n']:,.0f} examples "
            f"and the compute there from {one.loc[small, 'flexible_compute']:,.0f} to {one.loc[large, 'flexible_compute']:,.0f}."
        ),
    )


def learning_curve_chart(curves: pd.DataFrame, crossings: pd.DataFrame) -> alt.VConcatChart:
    """Learning curves of one setting against data and compute, with the crossover marked (the live widget's chart).

    ``curves`` is :func:`scaling_lib.flexibility.learning_curves` for one setting, ``crossings`` its crossovers.
    """
    check_frame("curves", curves, _CURVE_COLUMNS)
    check_frame("crossings", crossings, _CROSSING_COLUMNS)
    if len(crossings) != 1 or curves.duplicated(["n_train", "model"]).any():
        raise ValueError("curves and crossings must hold one setting; filter a grid first")
    return curve_draw(*curve_parts(curves, crossings))


def curve_parts(curves: pd.DataFrame, crossings: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    setting = crossings.iloc[0]
    found = f"the flexible model wins from n = {setting['crossover_n']:,.0f}" if pd.notna(setting["crossover_n"]) else "the flexible model never wins"
    return _panel_frames(_with_pool(curves[_CURVE_COLUMNS]), _with_pool(crossings[_CROSSING_COLUMNS])), {
        "title": f"{int(setting['n_candidates'])} candidates, {int(setting['n_missed'])} missed, noise {setting['noise_sd']:g}", "subtitle": found,
        "description": f"Log–log learning curves of the expert and the flexible model against examples and against compute; {found}."}


def curve_draw(frames: dict[str, pd.DataFrame], slots: dict[str, str]) -> alt.VConcatChart:
    return alt.vconcat(*_panels(frames)).properties(
        title=alt.Title(slots["title"], subtitle=slots["subtitle"]), description=slots["description"])


def approximation_explorer(
    networks: pd.DataFrame, reference: pd.DataFrame, network_rmse: pd.Series, quadratic_rmse: float, *, width_start: int = 10
) -> alt.VConcatChart:
    """A wiggly target, the best quadratic and a random-ReLU network whose width a slider sets (top); RMSE against width (bottom).

    ``networks`` has one column per width (evenly spaced) of fitted values, indexed by x;
    ``reference`` the columns ``target`` and ``quadratic`` on the same x; ``network_rmse`` the
    RMSE per width and ``quadratic_rmse`` the quadratic's (units of f). Chapter: *Flexibility*.
    """
    check_frame("reference", reference, ["target", "quadratic"])
    check_frame("networks", networks)
    if not networks.index.equals(reference.index):
        raise ValueError("networks and reference must share their index (the x values)")
    widths = _evenly_spaced("networks widths", networks.columns)
    if check_number("width_start", width_start) not in widths or not isinstance(network_rmse, pd.Series):
        raise ValueError(f"width_start must be one of the widths {widths} and network_rmse a Series by width")
    quadratic_rmse = check_number("quadratic_rmse", quadratic_rmse, low=0.0)
    fits = networks.rename_axis("x").reset_index().melt(id_vars="x", var_name="width", value_name="f").round(4)
    fixed = reference.rename_axis("x").reset_index().melt(id_vars="x", var_name="curve", value_name="f").round(4)
    fixed["curve"] = fixed["curve"].map({"target": "target function", "quadratic": "expert: quadratic"})
    errors = network_rmse.rename_axis("width").rename("rmse").reset_index()
    errors["label"] = [f"{int(w)} hidden units: RMSE {r:.3f} (quadratic: {quadratic_rmse:.3f})" for w, r in zip(errors["width"], errors["rmse"])]
    units = slider("hidden_units", widths, float(width_start), "Hidden units (network width) ")
    order = ["target function", "expert: quadratic", "network fit"]
    x, y = alt.X("x:Q", title="Input x"), alt.Y("f:Q", title="Output f(x)", scale=alt.Scale(domain=[-1.5, 2.5]))
    colour = alt.Color("curve:N", title=None, scale=alt.Scale(domain=order, range=[INK, VERMILION, BLUE]), legend=alt.Legend(labelLimit=280))
    dash = alt.StrokeDash("curve:N", title=None, scale=alt.Scale(domain=order, range=[[6, 4], [2, 2], [1, 0]]), legend=alt.Legend(labelLimit=280))
    curves = alt.layer(
        alt.Chart(fixed).mark_line().encode(x=x, y=y, color=colour, strokeDash=dash),
        alt.Chart(fits).transform_filter(alt.datum.width == units).transform_calculate(curve="'network fit'")
        .mark_line().encode(x=x, y=y, color=colour, strokeDash=dash),
        alt.Chart(errors).transform_filter(alt.datum.width == units).mark_text(align="left", baseline="top", dx=4, dy=4, color=INK)
        .encode(x=alt.value(0), y=alt.value(0), text="label:N"),
    ).properties(width=460, height=230, title=f"Fits to the same {len(reference)} points")
    error_x = alt.X("width:Q", title="Hidden units (network width)")
    error_y = alt.Y("rmse:Q", scale=alt.Scale(type="log"), title="Root-mean-square error (log scale)")
    error_lines = alt.layer(
        alt.Chart(errors).mark_line(color=BLUE).encode(x=error_x, y=error_y),
        alt.Chart(pd.DataFrame({"rmse": [quadratic_rmse]})).mark_rule(color=VERMILION, strokeDash=[2, 2]).encode(y="rmse:Q"),
        alt.Chart(errors).transform_filter(alt.datum.width == units).mark_point(size=120, filled=True, color=BLUE)
        .encode(x=error_x, y=error_y, tooltip=[alt.Tooltip("width:Q", title="hidden units"), alt.Tooltip("rmse:Q", title="RMSE", format=".4f")]),
    ).properties(width=460, height=170, title="Error of the network fit as it widens (dotted: the quadratic)")
    widest = errors.loc[errors["width"].idxmax()]
    return alt.vconcat(curves, error_lines).add_params(units).properties(
        title=alt.Title("A flexible model bends to fit; a fixed form cannot", subtitle="Move the slider to widen the network"),
        description=(
            "Top: the wiggly target function on [0, 1] (dashed), the best quadratic (dotted) and a one-hidden-layer network of random "
            f"ReLU units with fitted output weights (solid) at the width chosen with the slider, from {int(widths[0])} to {int(widths[-1])} "
            f"units. Bottom: the network's root-mean-square error against width on a log scale, beside the quadratic's {quadratic_rmse:.3f}. "
            f"With {int(widest['width'])} units the network's error is {widest['rmse']:.4f}."
        ),
    )
