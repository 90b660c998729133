"""Charts for the chapter *Overparameterization* (``book/overparameterization.md``): each draws numbers the
chapter computed or the grid of :func:`scaling_lib.overparameterization.double_descent_grid`; drop-downs
and sliders only select precomputed rows, so the static page needs no kernel.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from .._checks import check_array, check_frame, check_number
from .common import dropdown, slider
from .theme import BLUE, INK

__all__ = ["double_descent_chart", "ridge_chart", "gradient_descent_chart", "cost_growth_chart"]

_GRID_COLUMNS = ["n_train", "noise_sd", "ridge", "n_features", "train_error", "test_error"]
_COST_COLUMNS = ["k", "data_multiplier", "compute_growing_model", "compute_fixed_model"]
_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
#: Upper end of the zoomed (linear) panel, in squared units of y: shows the U and the second descent.
ZOOM_MAX = 1.5
_X = alt.X("n_features:Q", scale=alt.Scale(type="log"), title="Number of random features = parameters (log scale)")
_Y_LOG = alt.Y("test_error:Q", scale=alt.Scale(type="log"), title="Test error, MSE (log scale)")
_THRESHOLD = "dashed line: features = training points"


def _ridge_label(ridge: float) -> str:
    if ridge == 0.0:
        return "0 (minimum norm)"
    exponent = np.log10(ridge)
    return "10" + str(int(round(exponent))).translate(_SUPERSCRIPTS) if np.isclose(exponent, round(exponent)) else f"{ridge:g}"


_LABELS = {"n_train": lambda v: f"{int(v)} points", "noise_sd": lambda v: f"σ = {v:g}", "ridge": _ridge_label}


def _thresholds(n_train_values) -> pd.DataFrame:
    frame = pd.DataFrame({"n_features": [int(v) for v in n_train_values]})
    return frame.assign(n_train_label=frame["n_features"].map(_LABELS["n_train"]))


def _threshold_rule(frame: pd.DataFrame, condition=None) -> alt.Chart:
    """A dashed vertical line at each training-set size (``_thresholds``), filtered like the curves it belongs to."""
    chart = alt.Chart(frame) if condition is None else alt.Chart(frame).transform_filter(condition)
    return chart.mark_rule(strokeDash=[4, 3], color=INK).encode(x=_X)


def double_descent_chart(grid: pd.DataFrame, n_train: int = 60, noise_sd: float = 0.2, ridge: float = 0.0) -> alt.VConcatChart:
    """Test error against the number of random features: log scale on top, zoomed with training error below.

    ``grid`` is the output of :func:`scaling_lib.overparameterization.double_descent_grid` (errors
    in squared units of y). Each of n_train, noise_sd and ridge with more than one value in ``grid``
    gets a drop-down; the arguments pick the setting shown first. Chapter: overparameterization.
    """
    grid = check_frame("grid", grid, _GRID_COLUMNS)
    start = {"n_train": check_number("n_train", n_train), "noise_sd": check_number("noise_sd", noise_sd), "ridge": check_number("ridge", ridge)}
    return descent_draw(*descent_parts(grid, start), start)


def descent_parts(grid: pd.DataFrame, start: dict[str, float]) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    data = grid[_GRID_COLUMNS].copy()
    shown = data[np.logical_and.reduce([np.isclose(data[c], v) for c, v in start.items()])]
    if shown.empty:
        raise ValueError("grid has no rows for " + " and ".join(f"{c} = {v!r}" for c, v in start.items()))
    for column in _LABELS:
        data[f"{column}_label"] = data[column].map(_LABELS[column])
    peak, last = shown.loc[shown["test_error"].idxmax()], shown.loc[shown["n_features"].idxmax()]
    best_below = shown[shown["n_features"] < start["n_train"]]["test_error"].min()
    return {"curves": data, "rules": _thresholds(sorted(data["n_train"].unique()))}, {"description": (
        "Test error of random-feature regression against the number of features, on a log–log chart (top) and zoomed on a "
        f"linear scale from 0 to {ZOOM_MAX:g} (bottom, with training error). For {', '.join(_LABELS[c](v) for c, v in start.items())} "
        f"the error falls to {best_below:.2f}, peaks at {peak['test_error']:.3g} at {int(peak['n_features'])} features and "
        f"falls again to {last['test_error']:.2f} at {int(last['n_features'])} features."
        + (" Drop-downs choose the setting." if any(data[c].nunique() > 1 for c in _LABELS) else ""))}


def descent_draw(frames: dict[str, pd.DataFrame], slots: dict[str, str], start: dict[str, float] | None = None) -> alt.VConcatChart:
    data, params, conditions = frames["curves"], [], {}
    for column, title in (("n_train", "Training points "), ("noise_sd", "Label noise "), ("ridge", "Ridge penalty ")):
        options = [_LABELS[column](v) for v in sorted(data[column].unique())]
        if len(options) > 1:
            params.append(dropdown(f"{column}_dd", options, _LABELS[column](start[column]), title))
            conditions[column] = getattr(alt.datum, f"{column}_label") == params[-1]
    base = alt.Chart(data)
    for condition in conditions.values():
        base = base.transform_filter(condition)
    tooltip = ["n_train:Q", "n_features:Q", *(alt.Tooltip(f"{error}:Q", format=".3~g") for error in ("test_error", "train_error"))]
    series = alt.Scale(domain=["test error", "training error"])
    zoom = (
        base.transform_fold(["test_error", "train_error"], as_=["which", "error"])
        .transform_calculate(series="datum.which == 'test_error' ? 'test error' : 'training error'")
        .mark_line(point=True, clip=True)
        .encode(
            x=_X,
            y=alt.Y("error:Q", scale=alt.Scale(domain=[0, ZOOM_MAX]), title=f"MSE, zoomed to 0–{ZOOM_MAX:g}"),
            color=alt.Color("series:N", title=None, scale=series),
            strokeDash=alt.StrokeDash("series:N", title=None, scale=series),
            tooltip=tooltip,
        )
    )
    rule = _threshold_rule(frames["rules"], conditions.get("n_train"))
    top = alt.layer(base.mark_line(point=True, color=BLUE).encode(x=_X, y=_Y_LOG, tooltip=tooltip), rule)
    return alt.vconcat(
        top.properties(width=440, height=230, title="Test error, whole range (log scale)"),
        alt.layer(zoom, rule).properties(width=440, height=170, title=f"Zoom: errors between 0 and {ZOOM_MAX:g}"),
    ).add_params(*params).properties(
        title=alt.Title("Double descent: test error against model size", subtitle=f"Least squares on random ReLU features; {_THRESHOLD}"),
        description=slots["description"],
    )


def ridge_chart(grid: pd.DataFrame, n_train: int = 60, noise_sd: float = 0.2) -> alt.LayerChart:
    """Test error against model size, one line per ridge penalty in ``grid``, at one data size and noise level.

    ``grid`` is the output of :func:`scaling_lib.overparameterization.double_descent_grid`; both axes
    are logarithmic. Chapter: overparameterization.
    """
    grid = check_frame("grid", grid, _GRID_COLUMNS)
    n_train, noise_sd = check_number("n_train", n_train), check_number("noise_sd", noise_sd)
    data = grid[np.isclose(grid["n_train"], n_train) & np.isclose(grid["noise_sd"], noise_sd)][["ridge", "n_features", "test_error"]].copy()
    if data.empty:
        raise ValueError(f"grid has no rows for n_train = {n_train!r} and noise_sd = {noise_sd!r}")
    data["penalty"] = data["ridge"].map(_ridge_label)
    order = alt.Scale(domain=[_ridge_label(v) for v in sorted(data["ridge"].unique())])
    peaks = data.groupby("ridge")["test_error"].max()
    lines = alt.Chart(data).mark_line(point=alt.OverlayMarkDef(size=25)).encode(
        x=_X,
        y=_Y_LOG,
        color=alt.Color("penalty:N", scale=order, title="Ridge penalty λ"),
        strokeDash=alt.StrokeDash("penalty:N", scale=order, title="Ridge penalty λ"),
        tooltip=["penalty:N", alt.Tooltip("n_features:Q", title="features"), alt.Tooltip("test_error:Q", title="test error", format=".3~g")],
    )
    return alt.layer(lines, _threshold_rule(_thresholds([n_train]))).properties(
        width=440,
        height=280,
        title=alt.Title("A small ridge penalty removes the spike", subtitle=f"{int(n_train)} training points, label noise σ = {noise_sd:g}; {_THRESHOLD}"),
        description=(
            f"Test error against the number of random features for {int(n_train)} training points, one line per ridge penalty, "
            "both axes on log scales; the dashed line marks as many features as data points. "
            + " ".join(f"With penalty {_ridge_label(r)} the highest test error is {peaks[r]:.3g}." for r in peaks.index)
        ),
    )


def gradient_descent_chart(distance: np.ndarray, loss: np.ndarray, norm: np.ndarray) -> alt.FacetChart:
    """Distance to the minimum-norm solution, training loss and weight norm over gradient-descent steps (log scales).

    Each array is (steps × 2): column 0 the run started at zero, column 1 the run started at random
    weights; ``distance`` is relative to the minimum-norm solution's length. Chapter: overparameterization.
    """
    arrays = {name: check_array(name, value, ndim=2, low=0.0) for name, value in (("distance", distance), ("loss", loss), ("norm", norm))}
    if any(a.shape != arrays["distance"].shape or a.shape[1] != 2 for a in arrays.values()):
        raise ValueError("distance, loss and norm must have the same shape (steps × 2 runs)")
    runs = ["started at zero", "started at random weights"]
    measures = {"distance": "distance to the minimum-norm solution (relative)", "loss": "training loss", "norm": "weight norm ‖w‖"}
    data = pd.concat(
        [pd.DataFrame({"step": np.arange(len(values)), "start": run, "measure": measures[name], "value": values[:, j]})
         for name, values in arrays.items() for j, run in enumerate(runs)],
        ignore_index=True,
    )
    final = {name: values[-1] for name, values in arrays.items()}
    return (
        alt.Chart(data[data["value"] > 0])  # log scales: the zero start's norm at step 0 is left out
        .mark_line()
        .encode(
            x=alt.X("step:Q", title="Gradient-descent step"),
            y=alt.Y("value:Q", scale=alt.Scale(type="log"), title=None, axis=alt.Axis(format=".0e")),
            color=alt.Color("start:N", scale=alt.Scale(domain=runs), title=None),
            strokeDash=alt.StrokeDash("start:N", scale=alt.Scale(domain=runs), title=None),
            tooltip=["start:N", "measure:N", "step:Q", alt.Tooltip("value:Q", format=".3~g")],
        )
        .properties(width=440, height=120)
        .facet(row=alt.Row("measure:N", sort=list(measures.values()), title=None, header=alt.Header(labelOrient="top", labelAnchor="start", labelFontSize=12)))
        .resolve_scale(y="independent")
        .properties(
            title=alt.Title("Gradient descent from zero finds the minimum-norm solution", subtitle="Under-determined least squares: more weights than equations"),
            description=(
                "Three panels over gradient-descent steps, all on log scales, for a run started at zero and a run started at random "
                f"weights. The training losses end at {final['loss'][0]:.1e} and {final['loss'][1]:.1e}. The run from zero ends at a "
                f"relative distance of {final['distance'][0]:.1e} from the minimum-norm solution, with norm {final['norm'][0]:.2f}; "
                f"the other stays {final['distance'][1]:.2f} away and ends with norm {final['norm'][1]:.2f}."
            ),
        )
    )


def cost_growth_chart(cost: pd.DataFrame, k_start: float = 2.0) -> alt.LayerChart:
    """Training-compute multiplier against data multiplier, for a model that grows with its data and a fixed one.

    ``cost`` has one row per improvement factor k (evenly spaced, the slider's steps) with columns
    ``k``, ``data_multiplier`` (k²), ``compute_growing_model`` and ``compute_fixed_model``
    (dimensionless multipliers), as the chapter computes them. Chapter: overparameterization.
    """
    cost = check_frame("cost", cost, _COST_COLUMNS, min_rows=2)
    k_values = check_array("cost['k']", cost["k"], low=1.0)
    for column in _COST_COLUMNS[1:]:
        check_array(f"cost[{column!r}]", cost[column], low=0.0, low_open=True)
    if np.any(np.diff(k_values) <= 0) or not np.allclose(np.diff(k_values), k_values[1] - k_values[0]):
        raise ValueError("cost['k'] must be strictly increasing and evenly spaced (the slider steps through it)")
    if not np.any(np.isclose(k_values, check_number("k_start", k_start))):
        raise ValueError(f"k_start must be one of cost['k'], got {k_start!r}")
    regimes = {"compute_growing_model": "parameters grow with the data", "compute_fixed_model": "fixed number of parameters"}
    data = cost.melt(id_vars=["k", "data_multiplier"], value_vars=list(regimes), var_name="regime", value_name="compute_multiplier")
    data["regime"] = data["regime"].map(regimes)
    data["label"] = data["compute_multiplier"].map(lambda v: f"×{v:,.0f}")
    k = slider("k_cost", k_values, k_start, "Improvement factor k (data grows k²) ")
    x = alt.X("data_multiplier:Q", scale=alt.Scale(type="log"), title="Data multiplier n_new / n_old (log scale)")
    y = alt.Y("compute_multiplier:Q", scale=alt.Scale(type="log"), title="Training-compute multiplier (log scale)")
    order, legend = alt.Scale(domain=list(regimes.values())), alt.Legend(orient="top-left", labelLimit=320)
    colour = alt.Color("regime:N", scale=order, title=None, legend=legend)
    lines = alt.Chart(data).mark_line().encode(x=x, y=y, color=colour, strokeDash=alt.StrokeDash("regime:N", scale=order, title=None, legend=legend))
    chosen = alt.Chart(data).transform_filter(alt.datum.k == k)
    tooltip = ["regime:N", alt.Tooltip("data_multiplier:Q", format=",.4~g"), alt.Tooltip("compute_multiplier:Q", format=",.4~g")]
    markers = chosen.mark_point(size=110, filled=True).encode(x=x, y=y, color=colour, tooltip=tooltip)
    labels = chosen.mark_text(align="right", dx=-8, dy=-8, fontSize=13).encode(x=x, y=y, text="label:N")
    top = cost.iloc[-1]
    return alt.layer(lines, markers, labels).add_params(k).properties(
        width=440,
        height=300,
        title=alt.Title("Cost grows as parameters × data", subtitle="k times better needs k² data: k⁴ compute if parameters grow with it, k² if not"),
        description=(
            "Log–log lines of the training-compute multiplier against the data multiplier, for parameters that grow with the data "
            "and for a fixed model. A slider for the improvement factor k places markers at k² times the data; at "
            f"k = {top['k']:g} the data grow {top['data_multiplier']:,.0f}-fold and the compute {top['compute_growing_model']:,.0f}-fold "
            f"or {top['compute_fixed_model']:,.0f}-fold."
        ),
    )
