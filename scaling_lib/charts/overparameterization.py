"""Charts for the chapter *Overparameterization: why huge models still generalize* (``book/overparameterization.md``).

Every number drawn here was computed by :mod:`scaling_lib.simulations.overparameterization`;
the drop-downs and sliders only select precomputed rows, so the static page needs no kernel.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..simulations import overparameterization as op
from .._checks import check_array, check_frame, check_number
from .common import dropdown, slider
from .theme import BLUE, INK

__all__ = [
    "K_GRID",
    "ridge_label",
    "noise_label",
    "n_train_label",
    "double_descent_explorer",
    "double_descent_panels",
    "ridge_chart",
    "gradient_descent_chart",
    "cost_growth_chart",
]

#: Improvement factors the cost chart's slider steps through (1 to 10 in steps of 0.5).
K_GRID = np.arange(1.0, 10.0 + 0.25, 0.5)

_GRID_COLUMNS = {"n_train", "noise_sd", "ridge", "n_features", "params_per_datapoint", "train_error", "test_error"}
_CURVE_COLUMNS = {"n_features", "params_per_datapoint", "train_error", "test_error"}
_TRACE_COLUMNS = {"step", "start", "distance_to_min_norm", "train_loss", "weight_norm"}
_SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
#: Upper end of the zoomed (linear) panel, in squared units of y: shows the U and the second descent.
ZOOM_MAX = 1.5


def ridge_label(ridge: float) -> str:
    """Drop-down label of a ridge penalty: ``'0 (minimum norm)'``, ``'10⁻⁷'``, or ``'3e-05'``."""
    ridge = check_number("ridge", ridge, low=0.0)
    if ridge == 0.0:
        return "0 (minimum norm)"
    exponent = np.log10(ridge)
    if np.isclose(exponent, round(exponent)):
        return "10" + str(int(round(exponent))).translate(_SUPERSCRIPTS)
    return f"{ridge:g}"


def noise_label(noise_sd: float) -> str:
    """Drop-down label of a label-noise level: ``'σ = 0.2'``."""
    return f"σ = {check_number('noise_sd', noise_sd, low=0.0):g}"


def n_train_label(n_train: int) -> str:
    """Drop-down label of a training-set size: ``'60 points'``."""
    return f"{int(check_number('n_train', n_train, low=1.0))} points"


_X_TITLE = "Number of random features = parameters (log scale)"


def _x_features() -> alt.X:
    return alt.X("n_features:Q", scale=alt.Scale(type="log"), title=_X_TITLE)


def _curve_layers(data, filters):
    """The log-scale panel (test error) and the zoomed linear panel (test and training error)."""
    x = _x_features()
    tooltip = [
        alt.Tooltip("n_features:Q", title="features (parameters)"),
        alt.Tooltip("params_per_datapoint:Q", title="parameters per data point", format=".2f"),
        alt.Tooltip("test_error:Q", title="test error", format=".3~g"),
        alt.Tooltip("train_error:Q", title="training error", format=".3~g"),
    ]

    def filtered(chart):
        for condition in filters:
            chart = chart.transform_filter(condition)
        return chart

    full = filtered(alt.Chart(data)).mark_line(point=True, color=BLUE).encode(
        x=x,
        y=alt.Y("test_error:Q", scale=alt.Scale(type="log"), title="Test error, MSE (log scale)"),
        tooltip=tooltip,
    )
    long = filtered(alt.Chart(data)).transform_fold(["test_error", "train_error"], as_=["which", "error"]).transform_calculate(
        series="datum.which == 'test_error' ? 'test error' : 'training error'"
    )
    zoom = long.mark_line(point=True, clip=True).encode(
        x=x,
        y=alt.Y("error:Q", scale=alt.Scale(domain=[0, ZOOM_MAX]), title=f"MSE, zoomed to 0–{ZOOM_MAX:g}"),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=["test error", "training error"])),
        strokeDash=alt.StrokeDash("series:N", title=None, scale=alt.Scale(domain=["test error", "training error"])),
        tooltip=tooltip,
    )
    return full, zoom


def _threshold_rule(n_train_values, filters, with_text: bool):
    """A dashed vertical line at the interpolation threshold (as many features as training points)."""
    frame = pd.DataFrame({"n_features": [int(v) for v in n_train_values]})
    frame["n_train_label"] = frame["n_features"].map(n_train_label)
    chart = alt.Chart(frame)
    for condition in filters:
        chart = chart.transform_filter(condition)
    rule = chart.mark_rule(strokeDash=[4, 3], color=INK).encode(x=_x_features())
    if not with_text:
        return rule
    text = chart.mark_text(align="left", dx=4, baseline="top", fontSize=11, color=INK).encode(
        x=_x_features(), y=alt.value(4), text=alt.value("features = data points")
    )
    return alt.layer(rule, text)


def double_descent_explorer(
    grid: pd.DataFrame,
    n_train_start: int = 60,
    noise_start: float = 0.2,
    ridge_start: float = 0.0,
) -> alt.VConcatChart:
    """Test error against the number of random features, with drop-downs for data, noise and ridge.

    ``grid`` is the output of :func:`scaling_lib.simulations.overparameterization.double_descent_grid`.
    The top panel shows test error on a log scale (the spike at the interpolation threshold
    reaches hundreds); the bottom panel zooms, on a linear scale from 0 to ``ZOOM_MAX``, onto the
    U-shaped and second-descent parts, with the training error beside the test error. The three
    drop-downs only filter the precomputed rows.
    """
    check_frame("grid", grid, sorted(_GRID_COLUMNS))
    data = grid[sorted(_GRID_COLUMNS, key=list(grid.columns).index)].copy()
    data["n_train_label"] = data["n_train"].map(n_train_label)
    data["noise_label"] = data["noise_sd"].map(noise_label)
    data["ridge_label"] = data["ridge"].map(ridge_label)
    for name, value in (("n_train_start", n_train_start), ("noise_start", noise_start), ("ridge_start", ridge_start)):
        check_number(name, value)
    for name, column, start, label in (
        ("n_train", "n_train", n_train_start, n_train_label),
        ("noise", "noise_sd", noise_start, noise_label),
        ("ridge", "ridge", ridge_start, ridge_label),
    ):
        if not np.any(np.isclose(data[column], start)):
            raise ValueError(f"{name}_start must be one of the grid's {column} values {sorted(data[column].unique())}, got {start!r}")
    n_param = dropdown("n_train_dd", [n_train_label(v) for v in sorted(data["n_train"].unique())], n_train_label(n_train_start), "Training points ")
    noise_param = dropdown("noise_dd", [noise_label(v) for v in sorted(data["noise_sd"].unique())], noise_label(noise_start), "Label noise ")
    ridge_param = dropdown("ridge_dd", [ridge_label(v) for v in sorted(data["ridge"].unique())], ridge_label(ridge_start), "Ridge penalty ")
    filters = [alt.datum.n_train_label == n_param, alt.datum.noise_label == noise_param, alt.datum.ridge_label == ridge_param]
    n_values = sorted(data["n_train"].unique())
    full, zoom = _curve_layers(data, filters)
    top = alt.layer(full, _threshold_rule(n_values, filters[:1], True)).properties(width=440, height=230, title="Test error, whole range (log scale)")
    bottom = alt.layer(zoom, _threshold_rule(n_values, filters[:1], False)).properties(width=440, height=170, title=f"Zoom: errors between 0 and {ZOOM_MAX:g}")
    default = data[(data["n_train"] == n_train_start) & np.isclose(data["noise_sd"], noise_start) & np.isclose(data["ridge"], ridge_start)]
    peak = default.loc[default["test_error"].idxmax()]
    best_small = default[default["n_features"] < n_train_start]["test_error"].min()
    last = default.loc[default["n_features"].idxmax()]
    return (
        alt.vconcat(top, bottom)
        .add_params(n_param, noise_param, ridge_param)
        .properties(
            title=alt.Title(
                "Double descent: test error against model size",
                subtitle="Minimum-norm least squares on random ReLU features; dashed line: features = data points",
            ),
            description=(
                "Test error of random-feature regression against the number of features, on a log–log chart (top) and "
                f"zoomed on a linear scale from 0 to {ZOOM_MAX:g} (bottom, with training error). With the starting settings "
                f"({n_train_label(n_train_start)}, noise {noise_label(noise_start)}, ridge {ridge_label(ridge_start)}) the error "
                f"falls to {best_small:.2f}, rises to a spike of {peak['test_error']:.3g} at {int(peak['n_features'])} features, "
                f"and falls again to {last['test_error']:.2f} at {int(last['n_features'])} features. Drop-downs choose the "
                "number of training points, the label noise and the ridge penalty."
            ),
        )
    )


def double_descent_panels(curve: pd.DataFrame, n_train: int, noise_sd: float, ridge: float) -> alt.VConcatChart:
    """The explorer's two panels for one curve computed on the fly (used by the live widget).

    ``curve`` is the output of :func:`scaling_lib.simulations.overparameterization.double_descent_curve`
    for ``n_train`` training points, label noise ``noise_sd`` and ridge penalty ``ridge``.
    """
    check_frame("curve", curve, sorted(_CURVE_COLUMNS))
    check_number("n_train", n_train, low=1.0)
    check_number("noise_sd", noise_sd, low=0.0)
    check_number("ridge", ridge, low=0.0)
    data = curve[["n_features", "params_per_datapoint", "train_error", "test_error"]].copy()
    full, zoom = _curve_layers(data, [])
    peak = data.loc[data["test_error"].idxmax()]
    return (
        alt.vconcat(
            alt.layer(full, _threshold_rule([n_train], [], True)).properties(width=440, height=230, title="Test error, whole range (log scale)"),
            alt.layer(zoom, _threshold_rule([n_train], [], False)).properties(width=440, height=170, title=f"Zoom: errors between 0 and {ZOOM_MAX:g}"),
        )
        .properties(
            title=alt.Title(
                f"Double descent with {int(n_train)} points, noise σ = {noise_sd:g}, ridge {ridge_label(ridge)}",
                subtitle="Recomputed by scaling_lib.simulations.overparameterization.double_descent_curve",
            ),
            description=(
                f"Test error against the number of random features for {int(n_train)} training points; the highest test "
                f"error, {peak['test_error']:.3g}, is at {int(peak['n_features'])} features."
            ),
        )
    )


def ridge_chart(grid: pd.DataFrame, n_train: int = 60, noise_sd: float = 0.2) -> alt.LayerChart:
    """Test error against model size for every ridge penalty in ``grid``, at one data size and noise level.

    ``grid`` is the output of :func:`scaling_lib.simulations.overparameterization.double_descent_grid`.
    """
    check_frame("grid", grid, sorted(_GRID_COLUMNS))
    check_number("n_train", n_train)
    check_number("noise_sd", noise_sd)
    data = grid[(grid["n_train"] == n_train) & np.isclose(grid["noise_sd"], noise_sd)]
    if data.empty:
        raise ValueError(f"grid has no rows for n_train = {n_train!r} and noise_sd = {noise_sd!r}")
    data = data[["ridge", "n_features", "test_error"]].copy()
    data["penalty"] = data["ridge"].map(ridge_label)
    order = [ridge_label(v) for v in sorted(data["ridge"].unique())]
    peaks = data.groupby("ridge")["test_error"].max()
    strongest = data[data["ridge"] == peaks.index[-1]]
    strongest_peak_at = int(strongest.loc[strongest["test_error"].idxmax(), "n_features"])
    lines = alt.Chart(data).mark_line(point=alt.OverlayMarkDef(size=25)).encode(
        x=_x_features(),
        y=alt.Y("test_error:Q", scale=alt.Scale(type="log"), title="Test error, MSE (log scale)"),
        color=alt.Color("penalty:N", scale=alt.Scale(domain=order), title="Ridge penalty λ"),
        strokeDash=alt.StrokeDash("penalty:N", scale=alt.Scale(domain=order), title="Ridge penalty λ"),
        tooltip=["penalty:N", alt.Tooltip("n_features:Q", title="features"), alt.Tooltip("test_error:Q", title="test error", format=".3~g")],
    )
    rule = _threshold_rule([n_train], [], True)
    return alt.layer(lines, rule).properties(
        width=440,
        height=280,
        title=alt.Title("A small ridge penalty removes the spike", subtitle=f"{n_train} training points, label noise σ = {noise_sd:g}"),
        description=(
            f"Test error against the number of random features for {n_train} training points, one line per ridge penalty, "
            "both axes on log scales; the dashed line marks as many features as data points. "
            + " ".join(
                f"With penalty {ridge_label(r)} the highest test error is {peaks[r]:.3g}."
                for r in peaks.index
            )
            + f" With the largest penalty the highest error is at {strongest_peak_at} features."
        ),
    )


def gradient_descent_chart(trace: pd.DataFrame, summary: dict[str, float]) -> alt.VConcatChart:
    """Distance to the minimum-norm solution, training loss and weight norm over gradient-descent steps.

    ``trace`` and ``summary`` are the output of
    :func:`scaling_lib.simulations.overparameterization.gradient_descent_min_norm`.
    """
    check_frame("trace", trace, sorted(_TRACE_COLUMNS))
    if not isinstance(summary, dict) or "min_norm_norm" not in summary:
        raise ValueError("summary must be the dict returned by gradient_descent_min_norm (with 'min_norm_norm')")
    data = trace.copy()
    data["start"] = data["start"].map({"zero": "started at zero", "nonzero": "started at random weights"})
    order = ["started at zero", "started at random weights"]
    x = alt.X("step:Q", title="Gradient-descent step")
    colour = alt.Color("start:N", scale=alt.Scale(domain=order), title=None)
    dash = alt.StrokeDash("start:N", scale=alt.Scale(domain=order), title=None)
    tooltip = [
        "start:N",
        "step:Q",
        alt.Tooltip("distance_to_min_norm:Q", title="distance to min-norm (relative)", format=".3~g"),
        alt.Tooltip("train_loss:Q", title="training loss", format=".3~g"),
        alt.Tooltip("weight_norm:Q", title="weight norm", format=".4f"),
    ]
    base = alt.Chart(data)
    distance = base.mark_line().encode(
        x=x, y=alt.Y("distance_to_min_norm:Q", scale=alt.Scale(type="log"), title="Distance to min-norm (log)", axis=alt.Axis(format=".0e")), color=colour, strokeDash=dash, tooltip=tooltip
    ).properties(width=440, height=140, title="Distance to the minimum-norm solution, relative to its norm")
    loss = base.mark_line().encode(
        x=x, y=alt.Y("train_loss:Q", scale=alt.Scale(type="log"), title="Training loss (log)", axis=alt.Axis(format=".0e")), color=colour, strokeDash=dash, tooltip=tooltip
    ).properties(width=440, height=120, title="Training loss: both runs fit the data exactly")
    reference = alt.Chart(pd.DataFrame({"weight_norm": [summary["min_norm_norm"]], "label": ["minimum norm"]}))
    norm = alt.layer(
        base.mark_line().encode(x=x, y=alt.Y("weight_norm:Q", title="Weight norm ‖w‖"), color=colour, strokeDash=dash, tooltip=tooltip),
        reference.mark_rule(color=INK, strokeDash=[2, 2]).encode(y="weight_norm:Q"),
        reference.mark_text(align="right", dy=-6, fontSize=11, color=INK).encode(y="weight_norm:Q", x=alt.value(440), text="label:N"),
    ).properties(width=440, height=140, title="Size of the weights")
    return alt.vconcat(distance, loss, norm).properties(
        title=alt.Title("Gradient descent from zero finds the minimum-norm solution", subtitle="Under-determined least squares: more weights than equations"),
        description=(
            "Three panels over gradient-descent steps, for a run started at zero and a run started at random weights. "
            f"Both drive the training loss to zero. The run from zero ends at a relative distance of {summary['final_distance_zero']:.1e} "
            f"from the minimum-norm solution, with norm {summary['final_norm_zero']:.2f}; the other stays {summary['final_distance_nonzero']:.2f} "
            f"away and ends with norm {summary['final_norm_nonzero']:.2f}, twice as large."
        ),
    )


def _cost_tables(k_values: np.ndarray) -> tuple[pd.DataFrame, pd.DataFrame]:
    data_curve = np.geomspace(1.0, float(np.max(k_values)) ** 2, 60)
    regimes = {True: "parameters grow with the data", False: "fixed number of parameters"}
    curves = pd.concat(
        [pd.DataFrame({"data_multiplier": data_curve, "compute_multiplier": op.cost_growth(data_curve, scale), "regime": label}) for scale, label in regimes.items()],
        ignore_index=True,
    )
    points = []
    for k in k_values:
        for scale, label in regimes.items():
            compute = float(op.cost_growth(float(k) ** 2, scale))
            points.append({"k": float(k), "data_multiplier": float(k) ** 2, "compute_multiplier": compute, "regime": label, "label": f"×{compute:,.0f}"})
    return curves, pd.DataFrame(points)


def cost_growth_chart(k_values: np.ndarray = K_GRID, k_start: float = 2.0) -> alt.LayerChart:
    """Compute multiplier against data multiplier, with and without parameters that grow with the data.

    A slider picks an improvement factor k; the marker sits at k² times the data, where the
    compute is k⁴ (parameters ∝ data) or k² (fixed model). Every value comes from
    :func:`scaling_lib.simulations.overparameterization.cost_growth`.
    """
    k_values = check_array("k_values", k_values)
    check_number("k_start", k_start)
    if k_values.ndim != 1 or k_values.size < 2 or not np.all(np.isfinite(k_values)) or np.any(k_values < 1):
        raise ValueError("k_values must be a 1-D array of at least two improvement factors ≥ 1")
    steps = np.diff(k_values)
    if np.any(steps <= 0) or not np.allclose(steps, steps[0]):
        raise ValueError("k_values must be strictly increasing and evenly spaced (the slider steps through them)")
    if not np.any(np.isclose(k_values, k_start)):
        raise ValueError(f"k_start must be one of k_values, got {k_start!r}")
    curves, points = _cost_tables(k_values)
    order = ["parameters grow with the data", "fixed number of parameters"]
    k = slider("k_cost", points["k"].unique(), k_start, "Improvement factor k (data grows k²) ")
    x = alt.X("data_multiplier:Q", scale=alt.Scale(type="log"), title="Data multiplier n_new / n_old (log scale)")
    y = alt.Y("compute_multiplier:Q", scale=alt.Scale(type="log"), title="Training-compute multiplier (log scale)")
    legend = alt.Legend(orient="top-left", labelLimit=320)
    colour = alt.Color("regime:N", scale=alt.Scale(domain=order), title=None, legend=legend)
    lines = alt.Chart(curves).mark_line().encode(x=x, y=y, color=colour, strokeDash=alt.StrokeDash("regime:N", scale=alt.Scale(domain=order), title=None, legend=legend))
    chosen = alt.Chart(points).transform_filter(alt.datum.k == k)
    markers = chosen.mark_point(size=110, filled=True).encode(
        x=x, y=y, color=colour, tooltip=["regime:N", alt.Tooltip("data_multiplier:Q", format=",.4~g"), alt.Tooltip("compute_multiplier:Q", format=",.4~g")]
    )
    labels = chosen.mark_text(align="right", dx=-8, dy=-8, fontSize=13).encode(x=x, y=y, text="label:N")
    at_ten = points[points["k"] == k_values.max()]
    return alt.layer(lines, markers, labels).add_params(k).properties(
        width=440,
        height=300,
        title=alt.Title("Cost grows as parameters × data", subtitle="k times better needs k² data: k⁴ compute if parameters grow with it, k² if not"),
        description=(
            "Log–log lines of the training-compute multiplier against the data multiplier: it grows as the square of the data "
            "when the parameters grow with the data, and in proportion to the data for a fixed model. A slider for the "
            f"improvement factor k places markers at k² times the data; at k = {k_values.max():g} the data grow "
            f"{at_ten['data_multiplier'].iloc[0]:,.0f}-fold and the compute {at_ten['compute_multiplier'].max():,.0f}-fold "
            f"or {at_ten['compute_multiplier'].min():,.0f}-fold."
        ),
    )
