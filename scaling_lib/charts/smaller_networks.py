"""Charts for the chapter *Smaller networks: cheaper to run, not cheaper to train* (``book/smaller_networks.md``).

Each builder draws a table the chapter computed (or :mod:`scaling_lib.smaller_networks` built); menus and sliders pick rows.
"""
from __future__ import annotations

import math
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from .._checks import check_array, check_choice, check_frame, check_number, check_text
from ..smaller_networks import CLASS_NAMES, EXTENT
from .common import dropdown, slider
from .theme import BLUE, GREEN, INK, NEUTRAL, VERMILION

__all__ = ["flop_text", "pruning_chart", "flop_chart", "ledger_chart", "dominance_chart", "search_scale_chart",
           "live_pruning_chart"]

METHODS = ["pruned", "pruned + fine-tuned"]
_CLASSES = alt.Scale(domain=list(CLASS_NAMES), range=[BLUE, VERMILION])
_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_ACCURACY = alt.Y("test_accuracy:Q", title="Test accuracy", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0.4, 1.0]))


def flop_text(value: float) -> str:
    """A count as text: 48,384 below 10⁵, else mantissa × 10 to a power (1.6 × 10⁹). Chapter: smaller networks."""
    value = check_number("value", value, low=0.0)
    mantissa, exponent = f"{value:.1e}".split("e")
    return f"{value:,.0f}" if value < 1e5 else f"{mantissa} × 10{str(int(exponent)).translate(_SUPERSCRIPTS)}"


def _power_ticks(values: Any, max_labels: int = 8) -> list[float]:
    """No more than ``max_labels`` powers of ten inside the range of ``values``."""
    low, high = math.ceil(math.log10(min(values)) - 1e-9), math.floor(math.log10(max(values)) + 1e-9)
    return [10.0**k for k in range(low, high + 1, math.ceil((high - low + 1) / max_labels))]


def _power_axis(values: Any, max_labels: int = 8, ticks: list[float] | None = None) -> alt.Axis:
    """A log axis labelled at no more than ``max_labels`` powers of ten inside the range of ``values`` (or at ``ticks``), written 10⁹."""
    expression = "toString(round(log(datum.value) / LN10))"
    for digit, superscript in _SUPERSCRIPTS.items():
        expression = f"replace({expression}, regexp('{chr(digit)}', 'g'), '{chr(superscript)}')"
    return alt.Axis(values=_power_ticks(values, max_labels) if ticks is None else ticks, labelExpr=f"'10' + {expression}")


def _long_curve(curve: pd.DataFrame, methods: list[str]) -> pd.DataFrame:
    """``curve`` (one accuracy column per method) as one row per sparsity and method, with labels."""
    check_frame("curve", curve, ["sparsity", "inference_flop", *methods])
    table = curve.melt(["sparsity", "inference_flop"], methods, var_name="method", value_name="test_accuracy")
    table["weights_removed"] = table["sparsity"].map("{:.0%}".format)
    return table


def _boundary_panel(boundary: pd.DataFrame, points: pd.DataFrame, column: str, title: str) -> alt.LayerChart:
    """Predicted class over the plane (squares; ``column`` is a Vega expression naming a column) under the points."""
    size, resolution = 205, round(math.sqrt(len(boundary)))
    scale = alt.Scale(domain=[-EXTENT, EXTENT], nice=False, zero=False)
    x = alt.X("x:Q", scale=scale, title="input x₁ (task units)", axis=alt.Axis(tickCount=5, grid=False))
    y = alt.Y("y:Q", scale=scale, title="input x₂ (task units)", axis=alt.Axis(tickCount=5, grid=False))
    colour = alt.Color("class:N", scale=_CLASSES, title="Class")
    cells = (
        alt.Chart(boundary)
        .transform_calculate(**{"class": f"{column} == 1 ? '{CLASS_NAMES[1]}' : '{CLASS_NAMES[0]}'"})
        .mark_square(size=(size / resolution + 0.6) ** 2, opacity=0.32)
        .encode(x=x, y=y, color=colour)
    )
    dots = alt.Chart(points).mark_point(size=14).encode(x=x, y=y, color=colour)
    return alt.layer(cells, dots).properties(width=size, height=size, title=title)


def _points(X: Any, y: Any) -> pd.DataFrame:
    """The training points ``X``, ``y`` as drawn: rounded inputs and the class by name."""
    X, y = check_array("X", X, ndim=2), check_array("y", y, low=0, high=1)
    if X.shape != (len(y), 2):
        raise ValueError(f"X must have 2 columns and one row per label in y, got shape {X.shape} for {len(y)} labels")
    return pd.DataFrame({"x": X[:, 0].round(4), "y": X[:, 1].round(4), "class": np.array(CLASS_NAMES)[y.astype(int)]})


def _panels(boundary: pd.DataFrame, X: Any, y: Any, columns: list[str], titles: list[str], points: pd.DataFrame | None = None) -> alt.HConcatChart:
    """Boundary panels side by side, one per column expression, with the training points ``X``, ``y`` (or ``points``) on each."""
    points = _points(X, y) if points is None else points
    return alt.hconcat(*(_boundary_panel(boundary, points, c, t) for c, t in zip(columns, titles)), spacing=12)


def pruning_chart(curve: pd.DataFrame, boundary: pd.DataFrame, X: Any, y: Any, start: str = "90%") -> alt.VConcatChart:
    """Test accuracy against sparsity, pruned and fine-tuned, above the two networks' classes over the plane.

    ``curve``: one row per sparsity with ``sparsity``, ``inference_flop`` and the accuracies ``pruned`` and
    ``pruned + fine-tuned``; ``boundary``: :func:`scaling_lib.smaller_networks.boundary_grid` of the same networks;
    ``X``, ``y``: training points to draw. A drop-down picks the sparsity. Chapter: smaller networks.
    """
    table = _long_curve(curve, METHODS)
    labels = list(dict.fromkeys(table["weights_removed"]))
    check_frame("boundary", boundary, ["x", "y", *(prefix + label for label in labels for prefix in "pf")])
    choice = dropdown("weights_removed", labels, check_choice("start", start, tuple(labels)), "Weights removed ")
    x = alt.X("sparsity:Q", title="Sparsity (fraction of weights removed)", axis=alt.Axis(format="%"),
              scale=alt.Scale(domain=[0, 1]))
    colour = alt.Color("method:N", title=None, sort=METHODS)
    lines = alt.Chart(table).mark_line(point=alt.OverlayMarkDef(size=30)).encode(
        x=x, y=_ACCURACY, color=colour, strokeDash=alt.StrokeDash("method:N", sort=METHODS, legend=None))
    chosen = (
        alt.Chart(table)
        .transform_filter(alt.datum.weights_removed == choice)
        .mark_point(size=160, filled=False, strokeWidth=2.5, shape="diamond")
        .encode(x=x, y=_ACCURACY, color=colour, tooltip=["method:N", "weights_removed:N", alt.Tooltip("test_accuracy:Q", format=".1%")])
    )
    chance = alt.Chart(pd.DataFrame({"test_accuracy": [0.5]})).mark_rule(strokeDash=[4, 4], color=NEUTRAL).encode(y=_ACCURACY)
    top = alt.layer(chance, lines, chosen).properties(width=470, height=210, title="Accuracy as weights are removed")
    panels = _panels(boundary, X, y, [f"datum['{p}' + {choice.name}]" for p in "pf"], ["Pruned only", "Pruned, then fine-tuned"])
    return alt.vconcat(top, panels).add_params(choice).resolve_scale(color="independent").properties(
        title=alt.Title("Pruning by weight magnitude, with and without fine-tuning",
                        subtitle="Choose how many weights to remove; the panels show what the network then predicts"),
        description=(
            "Top: test accuracy of the two-spiral network against the fraction of weights removed, pruned only and pruned "
            "then fine-tuned; the dashed line is chance. Bottom: the class each network predicts over the input "
            "plane (shaded squares) with training points, for the sparsity chosen in the drop-down."
        ),
    )


def flop_chart(curve: pd.DataFrame) -> alt.Chart:
    """Test accuracy against the FLOP one prediction needs (log scale, fewer to the right), one line per method.

    ``curve`` as for :func:`pruning_chart`, optionally with a column ``L1 penalty, then pruned``. Chapter: smaller networks.
    """
    methods = METHODS + ["L1 penalty, then pruned"] if "L1 penalty, then pruned" in getattr(curve, "columns", []) else METHODS
    return alt.Chart(_long_curve(curve, methods)).mark_line(point=alt.OverlayMarkDef(size=40)).encode(
        x=alt.X("inference_flop:Q", scale=alt.Scale(type="log", reverse=True, domain=[100, 2e4]),
                title="FLOP per prediction (log scale, fewer to the right)", axis=_power_axis([100, 2e4])),
        y=_ACCURACY,
        color=alt.Color("method:N", title=None, sort=methods),
        strokeDash=alt.StrokeDash("method:N", sort=methods, legend=None),
        tooltip=["method:N", "weights_removed:N", "inference_flop:Q", alt.Tooltip("test_accuracy:Q", format=".1%")],
    ).properties(
        width=400, height=240,
        title=alt.Title("Cheaper to run", subtitle="Accuracy against the compute of one prediction"),
        description=("Test accuracy against the FLOP one prediction needs (log scale, decreasing to the right) for "
                     + ", ".join(methods) + "; the dense network is the leftmost point."),
    )


def ledger_chart(lines: pd.DataFrame, crossings: pd.DataFrame,
                 title: str = "The ledger: extra training repaid one prediction at a time") -> alt.LayerChart:
    """Lifetime FLOP of a baseline and a compressed model against predictions served (log–log), break-even marked.

    ``lines`` and ``crossings`` come from :func:`scaling_lib.smaller_networks.ledger_grid`; its sliders pick the extra
    training and the saving, starting at 50 % and 90 % (one pair: no sliders). Chapter: smaller networks.
    """
    return ledger_draw(*ledger_parts(lines, crossings, title))


def ledger_parts(lines: pd.DataFrame, crossings: pd.DataFrame, title: str) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    short = {"extra": "e", "saving": "s"}  # short names keep the embedded rows small
    crossings = check_frame("crossings", crossings, ["extra", "saving", "n", "flop"]).rename(columns=short)
    crossings["label"] = [f"Break-even after {flop_text(n)} predictions" if n > 0 else "Break-even at once" for n in crossings["n"]]
    lines = check_frame("lines", lines, ["extra", "saving", "n", "model", "flop"]).rename(columns=short).assign(
        n=lines["n"].map("{:.5g}".format).astype(float), flop=lines["flop"].map("{:.5g}".format).astype(float))
    start = (50.0, 90.0) if len(crossings) > 1 else (crossings["e"].iloc[0], crossings["s"].iloc[0])
    first = crossings[(crossings["e"] == start[0]) & (crossings["s"] == start[1])].iloc[0]
    frames = {"baseline": lines.loc[lines["model"] == "baseline", ["n", "flop"]], "marks": crossings[crossings["n"] > 0], "text": crossings,
              "compressed": lines.loc[lines["model"] == "compressed", ["e", "s", "n", "flop"]]}
    return frames, {"n_low": lines["n"].min(), "n_high": lines["n"].max(), "n_ticks": _power_ticks(lines["n"]),
                    "flop_ticks": _power_ticks(lines["flop"], 6), "title": check_text("title", title), "description": (
        "Log–log lines of lifetime compute (training plus all predictions) against predictions served, for a baseline "
        f"and a compressed model. With {first['e']:g}% extra training and {first['s']:g}% saved per prediction: "
        f"{first['label'].lower()}. Before it the baseline is cheaper; after it the compressed model is.")}


def ledger_draw(frames: dict[str, pd.DataFrame], slots: dict[str, Any]) -> alt.LayerChart:
    x = alt.X("n:Q", scale=alt.Scale(type="log", domain=[slots["n_low"], slots["n_high"]]), axis=_power_axis(None, ticks=slots["n_ticks"]),
              title="Predictions served over the model's life (log scale)")
    y = alt.Y("flop:Q", scale=alt.Scale(type="log"), title="Lifetime compute (FLOP, log scale)", axis=_power_axis(None, ticks=slots["flop_ticks"]))
    colour = alt.Color("model:N", scale=alt.Scale(domain=["baseline", "compressed"], range=[BLUE, GREEN]), title=None)
    tooltip = ["model:N", alt.Tooltip("n:Q", format=".3~e", title="predictions"), alt.Tooltip("flop:Q", format=".3~e", title="lifetime FLOP")]
    baseline = alt.Chart(frames["baseline"]).transform_calculate(model="'baseline'")
    compressed = alt.Chart(frames["compressed"]).transform_calculate(model="'compressed'")
    marks, text, crossings, params = alt.Chart(frames["marks"]), alt.Chart(frames["text"]), frames["text"], []
    if len(crossings) > 1:
        extras, savings = sorted(crossings["e"].unique()), sorted(crossings["s"].unique())
        params = [slider("extra_training", extras, 50.0, "Extra training (% of one dense run) "),
                  slider("saving", savings, 90.0, "Compute saved per prediction (%) ")]
        chosen = (alt.datum.e == params[0]) & (alt.datum.s == params[1])
        compressed, marks, text = (chart.transform_filter(chosen) for chart in (compressed, marks, text))
    layers = [
        baseline.mark_line().encode(x=x, y=y, color=colour, tooltip=tooltip),
        compressed.mark_line(strokeDash=[7, 4]).encode(x=x, y=y, color=colour, tooltip=tooltip),
        marks.mark_point(size=110, shape="circle", color=VERMILION).encode(x="n:Q", y="flop:Q"),
        text.mark_text(align="left", baseline="top", dx=6, dy=6, fontSize=13, fontWeight=600, color=INK).encode(
            x=alt.value(0), y=alt.value(0), text="label:N"),
    ]
    return alt.layer(*layers).add_params(*params).properties(width=470, height=280, title=slots["title"], description=slots["description"])


def dominance_chart(shares: pd.DataFrame, even_split: pd.Series) -> alt.LayerChart:
    """Share of a year's compute spent training against predictions per year, one line per retraining schedule.

    ``shares``: index = predictions per year, one column of training shares (fractions) per schedule;
    ``even_split``: for each schedule, the predictions a year at which its two bills are equal. Chapter: smaller networks.
    """
    names = [str(name) for name in check_frame("shares", shares, min_rows=2).columns]
    check_array("shares", shares.to_numpy(), ndim=2, low=0.0, high=1.0)
    check_array("shares.index", shares.index, low=0.0, low_open=True)
    if not isinstance(even_split, pd.Series) or not set(names) <= set(even_split.index):
        raise ValueError(f"even_split must be a Series with a value for each column of shares, {names}")
    split = check_array("even_split", even_split[names], low=0.0, low_open=True)
    table = shares.rename_axis("predictions").reset_index().melt("predictions", var_name="schedule", value_name="share")
    marks = pd.DataFrame({"schedule": names, "predictions": split, "share": 0.5, "even_split": [flop_text(n) for n in split]})
    x = alt.X("predictions:Q", scale=alt.Scale(type="log", domain=[table["predictions"].min(), table["predictions"].max()]),
              title="Predictions served per year (log scale)", axis=_power_axis(table["predictions"], 5))
    y = alt.Y("share:Q", axis=alt.Axis(format="%"), title="Share of the year's compute spent training", scale=alt.Scale(domain=[0, 1]))
    colour = alt.Color("schedule:N", sort=names, title="Retrained")
    layers = [
        alt.Chart(table).mark_line().encode(x=x, y=y, color=colour, tooltip=["schedule:N", alt.Tooltip("share:Q", format=".1%")]),
        alt.Chart(marks).mark_point(size=90, shape="diamond").encode(x="predictions:Q", y="share:Q", color=colour,
                                                                       tooltip=["schedule:N", "even_split:N"]),
    ]
    return alt.layer(*layers).properties(
        width=470, height=250, title=alt.Title("Who pays: training or running?", subtitle="One network retrained on a schedule"),
        description=(
            "Share of a year's compute spent training against predictions served per year (log scale), one line per "
            "retraining schedule, a diamond where the split is even; training dominates above 50%, running below. "
            + "; ".join(f"Retrained {s}, the split is even at {flop_text(n)} predictions a year" for s, n in zip(names, split)) + "."
        ),
    )


def search_scale_chart(scale: pd.Series) -> alt.LayerChart:
    """Log-scale bars of compute (FLOP, 10⁸ to 10²⁴), one per item of ``scale``. Chapter: smaller networks."""
    flop = check_array("scale (a Series of FLOP by item)", scale.to_numpy() if isinstance(scale, pd.Series) else None, low=1e8, high=1e24)
    table = pd.DataFrame({"item": scale.index.astype(str), "flop": flop, "start": 1e8, "label": [f"{flop_text(f)} FLOP" for f in flop]})
    y = alt.Y("item:N", sort=list(table["item"]), title=None, axis=alt.Axis(labelLimit=200))
    x = alt.X("flop:Q", scale=alt.Scale(type="log", domain=[1e8, 1e24]), title="Compute (FLOP, log scale)", axis=_power_axis([1e8, 1e24], 5))
    bars = alt.Chart(table).mark_bar(color=GREEN).encode(y=y, x=x, x2="start:Q", tooltip=["item:N", "label:N"])
    return alt.layer(bars, alt.Chart(table).mark_text(align="left", dx=4).encode(y=y, x=x, text="label:N")).properties(
        width=340, height=38 * len(table),
        title=alt.Title("Architecture search: trials × training", subtitle="Hardware burden at peak rates: an upper bound"),
        description="Horizontal bars of compute on a log scale: " + "; ".join(f"{i} {t}" for i, t in zip(table["item"], table["label"])) + ".",
    )


def live_pruning_chart(boundary: pd.DataFrame, X: Any, y: Any, row: pd.DataFrame) -> alt.HConcatChart:
    """The classes over the plane of one pruned and one fine-tuned network, titled with their test accuracies.

    ``row`` and the networks behind ``boundary`` come from :func:`scaling_lib.smaller_networks.pruned_network`; for the
    live control, so no menu (a menu would cost a second per redraw). Chapter: smaller networks.
    """
    return live_pruning_draw(*live_pruning_parts(boundary, X, y, row))


def live_pruning_parts(boundary: pd.DataFrame, X: Any, y: Any, row: pd.DataFrame) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    at = check_frame("row", row, ["sparsity", *METHODS]).iloc[0]
    label = f"{at['sparsity']:.0%}"
    titles = [f"Pruned only: {at[METHODS[0]]:.1%}", f"Pruned, then fine-tuned: {at[METHODS[1]]:.1%}"]
    cells = check_frame("boundary", boundary, ["x", "y", "p" + label, "f" + label])[["x", "y", "p" + label, "f" + label]]
    return {"cells": cells.assign(p=cells["p" + label], f=cells["f" + label]), "points": _points(X, y)}, {  # p, f: the same names at any sparsity
        "pruned": titles[0], "tuned": titles[1], "title": f"{label} of the weights removed",
        "description": f"The class each network predicts over the plane, test accuracy in the titles: {'; '.join(titles)}."}


def live_pruning_draw(frames: dict[str, pd.DataFrame], slots: dict[str, str]) -> alt.HConcatChart:
    panels = _panels(frames["cells"], None, None, ["datum['p']", "datum['f']"], [slots["pruned"], slots["tuned"]], frames["points"])
    return panels.properties(title=slots["title"], description=slots["description"])
