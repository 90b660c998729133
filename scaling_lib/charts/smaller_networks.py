"""Charts for the chapter *Smaller networks: cheaper to run, not cheaper to train* (``book/smaller_networks.md``).

Every number drawn comes from :mod:`scaling_lib.simulations.pruning` (the networks, their
decision boundaries and the training cost of each recipe) or :mod:`scaling_lib.ledger` (the
lifetime-compute ledger, the retraining schedules and the scale of an architecture search);
the static charts embed a precomputed grid and their drop-downs and sliders only select rows.
This module adds only what is drawn: labels, axes and the layout of each figure.
"""
from __future__ import annotations

import functools
import math
from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from .. import ledger
from .._checks import check_choice, check_int, check_number, check_positive
from ..simulations import pruning
from .common import dropdown, slider
from .theme import BLUE, GREEN, INK, ORANGE, SKY_BLUE, VERMILION

__all__ = [
    "SEARCH_AXIS_MIN_FLOP",
    "flop_text",
    "pruning_chart",
    "flop_chart",
    "ledger_calculator",
    "ledger_lines",
    "dominance_chart",
    "search_scale_chart",
    "pruned_point_chart",
]

#: Left end of the log axis of :func:`search_scale_chart`, FLOP (bars start here).
SEARCH_AXIS_MIN_FLOP = 1e8

_METHOD_ORDER = list(pruning.PRUNING_METHODS)
_L1_METHOD = "L1 penalty, then pruned"
_CLASS_COLOURS = alt.Scale(domain=list(pruning.CLASS_NAMES), range=[BLUE, VERMILION])


_SUPERSCRIPTS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def flop_text(value: float) -> str:
    """A large count as readable text: 48,384 below 10⁵, else mantissa × 10 to a power (1.6 × 10⁹)."""
    value = check_number("value", value, low=0.0)
    if value < 1e5:
        return f"{value:,.0f}"
    exponent = int(math.floor(math.log10(value)))
    mantissa = value / 10.0**exponent
    if round(mantissa, 1) >= 10.0:
        mantissa, exponent = mantissa / 10.0, exponent + 1
    return f"{mantissa:.1f} × 10{str(exponent).translate(_SUPERSCRIPTS)}"


def _power_axis(low_exponent: int, high_exponent: int, step: int = 1, **kwargs: Any) -> alt.Axis:
    """A log axis with ticks, grid lines and labels only at powers of ten, written 10⁹ (Vega turns digits into superscripts)."""
    expression = "toString(round(log(datum.value) / LN10))"
    for digit, superscript in zip("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻"):
        expression = f"replace({expression}, regexp('{digit}', 'g'), '{superscript}')"
    return alt.Axis(values=[10.0**k for k in range(low_exponent, high_exponent + 1, step)], labelExpr=f"'10' + {expression}", **kwargs)


# ----------------------------------------------------------------------------- figure 1: accuracy against sparsity


def _boundary_panel(boundary: pd.DataFrame, points: pd.DataFrame, prefix: str, param: alt.Parameter, curve: pd.DataFrame, method: str, title: str, size: int) -> alt.LayerChart:
    resolution = int(round(math.sqrt(len(boundary))))
    extent = float(boundary["x"].max()) + float(boundary["x"].max() - boundary["x"].min()) / (2 * (resolution - 1))
    scale = alt.Scale(domain=[-extent, extent], nice=False, zero=False)
    x = alt.X("x:Q", scale=scale, title="input x₁ (task units)", axis=alt.Axis(tickCount=5, grid=False))
    y = alt.Y("y:Q", scale=scale, title="input x₂ (task units)", axis=alt.Axis(tickCount=5, grid=False))
    cell = (size / resolution + 0.6) ** 2
    cells = (
        alt.Chart(boundary)
        .transform_calculate(predicted=f"datum['{prefix}' + {param.name}] == 1 ? '{pruning.CLASS_NAMES[1]}' : '{pruning.CLASS_NAMES[0]}'")
        .mark_square(size=cell, opacity=0.32, filled=True)
        .encode(x=x, y=y, color=alt.Color("predicted:N", scale=_CLASS_COLOURS, title="Class"))
    )
    dots = alt.Chart(points).mark_point(size=14, filled=True).encode(
        x=x, y=y, color=alt.Color("arm:N", scale=_CLASS_COLOURS, title="Class")
    )
    score = (
        alt.Chart(curve)
        .transform_filter((alt.datum.weights_removed == param) & (alt.datum.method == method))
        .mark_text(align="left", baseline="top", fontSize=12, fontWeight=600, dx=4, dy=4)
        .encode(x=alt.value(0), y=alt.value(0), text=alt.Text("accuracy_text:N"))
    )
    return alt.layer(cells, dots, score).properties(width=size, height=size, title=title)


def pruning_chart(
    curve: pd.DataFrame,
    boundary: pd.DataFrame,
    points: pd.DataFrame,
    start: str = "90%",
) -> alt.VConcatChart:
    """Test accuracy against sparsity (both methods) above the decision boundaries at the chosen sparsity.

    ``curve`` is :func:`pruning.pruning_curve`'s output, ``boundary`` :func:`pruning.decision_boundary_grid`'s
    for the same sparsities, ``points`` :func:`pruning.task_points`. A drop-down ("weights removed") picks a
    sparsity: it highlights both points of the curve and redraws the two boundary panels.
    """
    curve = pruning._check_curve(curve).copy()
    if not isinstance(boundary, pd.DataFrame) or not {"x", "y"} <= set(boundary.columns):
        raise ValueError("boundary must be a DataFrame from decision_boundary_grid (columns x, y, p…, f…)")
    curve["weights_removed"] = curve["sparsity"].map(pruning.sparsity_label)
    labels = list(dict.fromkeys(curve["weights_removed"]))
    missing = [label for label in labels if "p" + label not in boundary.columns or "f" + label not in boundary.columns]
    if missing:
        raise ValueError(f"boundary has no columns for sparsities {missing}")
    check_choice("start", start, tuple(labels))
    curve["accuracy_text"] = curve["test_accuracy"].map(lambda a: f"test accuracy {a:.1%}")
    curve["nonzero_weights"] = curve["nonzero_weights"].astype(int)
    choice = dropdown("weights_removed", labels, start, "Weights removed ")
    colour = alt.Color("method:N", title=None, sort=_METHOD_ORDER)
    x = alt.X("sparsity:Q", title="Sparsity (fraction of weights removed)", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]))
    y = alt.Y("test_accuracy:Q", title="Test accuracy", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0.4, 1.0]))
    lines = alt.Chart(curve).mark_line(point=alt.OverlayMarkDef(size=30)).encode(
        x=x, y=y, color=colour, strokeDash=alt.StrokeDash("method:N", sort=_METHOD_ORDER, legend=None)
    )
    chosen = (
        alt.Chart(curve)
        .transform_filter(alt.datum.weights_removed == choice)
        .mark_point(size=160, filled=False, strokeWidth=2.5, shape="diamond")
        .encode(
            x=x,
            y=y,
            color=colour,
            tooltip=[
                "method:N",
                alt.Tooltip("sparsity:Q", format=".0%", title="weights removed"),
                alt.Tooltip("test_accuracy:Q", format=".1%", title="test accuracy"),
                alt.Tooltip("nonzero_weights:Q", format=",", title="weights left"),
            ],
        )
    )
    chance = alt.Chart(pd.DataFrame({"y": [0.5], "text": ["chance (50%)"]}))
    chance_rule = chance.mark_rule(strokeDash=[4, 4], color="#777777").encode(y="y:Q")
    chance_text = chance.mark_text(align="left", dx=4, dy=-7, color=INK, fontSize=11).encode(y="y:Q", x=alt.value(0), text="text:N")
    top = alt.layer(chance_rule, chance_text, lines, chosen).properties(width=470, height=210, title="Accuracy as weights are removed")
    size = 205
    left = _boundary_panel(boundary, points, "p", choice, curve, _METHOD_ORDER[0], "Pruned only", size)
    right = _boundary_panel(boundary, points, "f", choice, curve, _METHOD_ORDER[1], "Pruned, then fine-tuned", size)
    dense_accuracy = float(curve.loc[(curve["sparsity"] == 0.0) & (curve["method"] == _METHOD_ORDER[0]), "test_accuracy"].iloc[0]) if (curve["sparsity"] == 0.0).any() else float("nan")
    ninety = curve[curve["sparsity"].round(4) == 0.9].set_index("method")["test_accuracy"] if (curve["sparsity"].round(4) == 0.9).any() else None
    detail = (
        f" At 90% of weights removed the pruned network scores {ninety[_METHOD_ORDER[0]]:.1%} and the fine-tuned one {ninety[_METHOD_ORDER[1]]:.1%}."
        if ninety is not None
        else ""
    )
    return (
        alt.vconcat(top, alt.hconcat(left, right, spacing=12))
        .add_params(choice)
        .resolve_scale(color="independent")
        .properties(
            title=alt.Title(
                "Pruning by weight magnitude, with and without fine-tuning",
                subtitle="Choose how many weights to remove; the panels show what the network then predicts",
            ),
            description=(
                "Top: test accuracy of a 2-80-80-2 network on the two-spiral task against the fraction of weights removed, "
                f"pruned only and pruned then fine-tuned; the dense network scores {dense_accuracy:.1%}.{detail} "
                "Bottom: the class each network predicts over the input plane (shaded squares) with training points, "
                "for the sparsity chosen in the drop-down; heavy pruning without fine-tuning breaks the spiral boundary."
            ),
        )
    )


# ----------------------------------------------------------------------------- figure 2: accuracy against inference FLOP


def flop_chart(curve: pd.DataFrame, l1_curve: pd.DataFrame | None = None, penalty_trials: int = 5) -> alt.VConcatChart:
    """Test accuracy against inference FLOP per prediction (log scale) above the training FLOP of each recipe.

    ``curve`` and ``l1_curve`` come from :func:`pruning.pruning_curve` (``l1_curve`` with an L1 penalty;
    only its rows without fine-tuning are drawn, as "L1 penalty, then pruned").
    """
    curve = pruning._check_curve(curve)
    frames = [curve[["sparsity", "method", "test_accuracy", "nonzero_weights", "inference_flop", "training_flop_total"]]]
    if l1_curve is not None:
        l1 = pruning._check_curve(l1_curve, "l1_curve")
        frames.append(l1[l1["method"] == _METHOD_ORDER[0]].assign(method=_L1_METHOD)[frames[0].columns])
    table = pd.concat(frames, ignore_index=True)
    table["nonzero_weights"] = table["nonzero_weights"].astype(int)
    order = _METHOD_ORDER + ([_L1_METHOD] if l1_curve is not None else [])
    colour = alt.Color("method:N", title=None, sort=order)
    accuracy = alt.Chart(table).mark_line(point=alt.OverlayMarkDef(size=40)).encode(
        x=alt.X("inference_flop:Q", scale=alt.Scale(type="log", reverse=True, domain=[100, 2e4]), title="FLOP per prediction (log scale, fewer to the right)", axis=_power_axis(2, 4)),
        y=alt.Y("test_accuracy:Q", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0.4, 1.0]), title="Test accuracy"),
        color=colour,
        strokeDash=alt.StrokeDash("method:N", sort=order, legend=None),
        tooltip=[
            "method:N",
            alt.Tooltip("sparsity:Q", format=".0%", title="weights removed"),
            alt.Tooltip("inference_flop:Q", format=",.0f", title="FLOP per prediction"),
            alt.Tooltip("test_accuracy:Q", format=".1%", title="test accuracy"),
            alt.Tooltip("training_flop_total:Q", format=".3~e", title="training FLOP"),
        ],
    )
    top = accuracy.properties(width=340, height=220, title="Accuracy against the compute of one prediction")
    recipes = pruning.training_recipes(curve, l1_curve, penalty_trials)
    recipes["label"] = recipes["training_gflop"].map(lambda g: f"{g:.2f} billion")
    bars = alt.Chart(recipes).mark_bar(color=BLUE).encode(
        y=alt.Y("recipe:N", sort=list(recipes["recipe"]), title=None),
        x=alt.X("training_gflop:Q", title="Training compute (billion FLOP)", scale=alt.Scale(domainMin=0)),
        tooltip=["recipe:N", alt.Tooltip("training_flop:Q", format=".4~e", title="training FLOP")],
    )
    text = alt.Chart(recipes).mark_text(align="left", dx=4, fontSize=12).encode(
        y=alt.Y("recipe:N", sort=list(recipes["recipe"])), x="training_gflop:Q", text="label:N"
    )
    bottom = alt.layer(bars, text).properties(width=340, height=24 * len(recipes), title="What each recipe cost to train")
    dense = float(recipes["training_flop"].iloc[0])
    tuned = float(recipes["training_flop"].iloc[2])
    return alt.vconcat(top, bottom).properties(
        title=alt.Title("Cheaper to run, not cheaper to train", subtitle="Fewer FLOP per prediction, the same or more FLOP to train"),
        description=(
            "Top: test accuracy against the inference FLOP per prediction (log scale, decreasing to the right) for pruning "
            "without fine-tuning, with fine-tuning" + (", and for a network trained with an L1 penalty and then pruned" if l1_curve is not None else "")
            + f". Bottom: training FLOP of each recipe; fine-tuning raises it from {dense / 1e9:.2f} to {tuned / 1e9:.2f} billion FLOP"
            + (f", and trying {penalty_trials} penalty strengths costs {penalty_trials} full runs." if l1_curve is not None else ".")
        ),
    )


# ----------------------------------------------------------------------------- figure 3: the ledger calculator


def _break_even_label(crossing: float) -> str:
    """The sentence shown at a break-even point of :func:`ledger.ledger_grid`'s crossings."""
    if crossing == 0.0:
        return "Break-even at once: no extra training"
    if math.isinf(crossing):
        return "Never breaks even: no saving per prediction"
    return f"Break-even after {flop_text(crossing)} predictions"


def _round(values: pd.Series, digits: int = 5) -> pd.Series:
    """Values rounded to ``digits`` significant figures (keeps the embedded JSON short; invisible on a log axis)."""
    return values.map(lambda v: float(f"{v:.{digits}g}") if math.isfinite(v) else v)


def _ledger_layers(lines: pd.DataFrame, crossings: pd.DataFrame, x_domain: tuple[float, float], selection: Any = None) -> list[alt.Chart]:
    """Layers of the ledger chart: baseline line, compressed line, break-even rule, point and label.

    ``lines`` is tidy (columns ``inferences``, ``model``, ``lifetime_flop`` and, for the calculator,
    the grid columns ``e`` and ``s``); ``selection`` filters the compressed rows and ``crossings``.
    """
    names = {"baseline": "baseline (dense)", "compressed": "compressed (pruned or searched)"}
    low, high = (int(math.ceil(math.log10(x_domain[0]) - 1e-9)), int(math.floor(math.log10(x_domain[1]) + 1e-9)))
    x = alt.X("n:Q", scale=alt.Scale(type="log", domain=list(x_domain)), title="Predictions served over the model's life (log scale)", axis=_power_axis(low, high, max(1, (high - low) // 7)))
    flop_values = pd.concat([lines["lifetime_flop"], crossings["flop"].dropna()])
    y_low, y_high = int(math.floor(math.log10(flop_values.min()))), int(math.ceil(math.log10(flop_values.max())))
    y = alt.Y("flop:Q", scale=alt.Scale(type="log"), title="Lifetime compute (FLOP, log scale)", axis=_power_axis(y_low, y_high, max(1, (y_high - y_low) // 6)))
    grid_columns = [c for c in ("e", "s") if c in lines.columns]
    frames = {}
    for model in names:
        part = lines[lines["model"] == model]
        frames[model] = pd.DataFrame(
            {**{c: part[c].to_numpy() for c in grid_columns if model == "compressed"}, "n": _round(part["inferences"]).to_numpy(), "flop": _round(part["lifetime_flop"]).to_numpy()}
        )
    colour_scale = alt.Scale(domain=list(names.values()), range=[BLUE, GREEN])
    tooltip = [alt.Tooltip("n:Q", format=".3~e", title="predictions"), alt.Tooltip("flop:Q", format=".3~e", title="lifetime FLOP")]
    colour = alt.Color("model:N", scale=colour_scale, title=None, legend=alt.Legend(labelLimit=320))
    tooltip = [alt.Tooltip("model:N", title="model"), *tooltip]
    baseline = (
        alt.Chart(frames["baseline"])
        .transform_calculate(model=f"'{names['baseline']}'")
        .mark_line(interpolate="monotone")
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
    )
    compressed_chart = alt.Chart(frames["compressed"])
    point_chart = alt.Chart(crossings.dropna(subset=["flop"]).query("n > 0"))
    text_chart = alt.Chart(crossings)
    if selection is not None:
        compressed_chart = compressed_chart.transform_filter(selection)
        point_chart = point_chart.transform_filter(selection)
        text_chart = text_chart.transform_filter(selection)
    compressed = (
        compressed_chart.transform_calculate(model=f"'{names['compressed']}'")
        .mark_line(strokeDash=[7, 4], interpolate="monotone")
        .encode(x=x, y=y, color=colour, tooltip=tooltip)
    )
    rule = point_chart.mark_rule(color=VERMILION, strokeDash=[3, 3]).encode(x="n:Q")
    point = point_chart.mark_point(size=110, shape="circle", filled=True, color=VERMILION).encode(
        x="n:Q", y="flop:Q", tooltip=[alt.Tooltip("n:Q", format=",.0f", title="break-even (predictions)")]
    )
    text = text_chart.mark_text(align="left", baseline="top", dx=6, dy=6, fontSize=13, fontWeight=600, color=INK).encode(
        x=alt.value(0), y=alt.value(0), text="label:N"
    )
    return [baseline, compressed, rule, point, text]


def ledger_calculator(
    training_flop: float,
    inference_flop: float,
    extra_start: float = 50,
    saving_start: float = 90,
) -> alt.LayerChart:
    """Lifetime compute of a baseline and a compressed model against predictions served, break-even marked.

    Two sliders choose the compressed model's extra training (0-300 % of one baseline run) and its
    inference saving (10-90 %); the chart filters :func:`ledger.ledger_grid`'s precomputed rows
    (its default grids, :data:`ledger.EXTRA_TRAINING_PERCENT_GRID` and :data:`ledger.SAVING_PERCENT_GRID`).
    """
    lines, crossings = ledger.ledger_grid(training_flop, inference_flop)
    crossings["label"] = crossings["break_even_inferences"].map(_break_even_label)
    extra = check_number("extra_start", extra_start, low=0.0)
    saving = check_number("saving_start", saving_start, low=0.0)
    if extra not in set(ledger.EXTRA_TRAINING_PERCENT_GRID) or saving not in set(ledger.SAVING_PERCENT_GRID):
        raise ValueError("extra_start and saving_start must be positions of the sliders (multiples of 25 and of 10)")
    extra_param = slider("extra_training", ledger.EXTRA_TRAINING_PERCENT_GRID, extra, "Extra training (% of one dense run) ")
    saving_param = slider("saving", ledger.SAVING_PERCENT_GRID, saving, "Compute saved per prediction (%) ")
    selection = (alt.datum.e == extra_param) & (alt.datum.s == saving_param)
    short = {"extra_training_percent": "e", "saving_percent": "s", "break_even_inferences": "n", "lifetime_flop": "flop"}
    layers = _ledger_layers(
        lines.rename(columns={"extra_training_percent": "e", "saving_percent": "s"}),
        crossings.rename(columns=short).assign(flop=lambda t: _round(t["flop"])),
        (float(ledger.INFERENCE_GRID[0]), float(ledger.INFERENCE_GRID[-1])),
        selection,
    )
    example = crossings[(crossings["extra_training_percent"] == 50) & (crossings["saving_percent"] == 90)]
    example_text = f" With 50% extra training and 90% saved per prediction, the lines cross after {example['break_even_inferences'].iloc[0]:,.0f} predictions." if len(example) else ""
    return (
        alt.layer(*layers)
        .add_params(extra_param, saving_param)
        .properties(
            width=470,
            height=280,
            title=alt.Title(
                "The ledger: extra training repaid one prediction at a time",
                subtitle=f"Baseline: {flop_text(training_flop)} FLOP to train, {inference_flop:,.0f} FLOP per prediction",
            ),
            description=(
                "Log–log lines of lifetime compute (training plus all predictions) against the number of predictions served, "
                "for a baseline network and a compressed one that costs more to train and less per prediction, with the "
                f"break-even point marked.{example_text} Before it the baseline is cheaper; after it the compressed model is."
            ),
        )
    )


def ledger_lines(
    training_flop: float,
    inference_flop: float,
    compressed_training_flop: float,
    compressed_inference_flop: float,
    retrainings: int = 1,
) -> alt.LayerChart:
    """Lifetime compute of any baseline and compressed model, break-even marked (for the live widget).

    Same picture as :func:`ledger_calculator`, for arbitrary numbers, computed by
    :func:`ledger.ledger_table` with ``retrainings`` training runs over the period.
    """
    training_flop = check_positive("training_flop", training_flop)
    inference_flop = check_positive("inference_flop", inference_flop)
    compressed_training_flop = check_positive("compressed_training_flop", compressed_training_flop)
    compressed_inference_flop = check_positive("compressed_inference_flop", compressed_inference_flop)
    retrainings = check_int("retrainings", retrainings, low=1)
    wide = ledger.ledger_table(training_flop, inference_flop, compressed_training_flop, compressed_inference_flop, [1.0], retrainings)
    crossing = float(wide["break_even_inferences"].iloc[0])
    centre = crossing if math.isfinite(crossing) and crossing > 0 else retrainings * training_flop / inference_flop
    low, high = centre / 1e4, centre * 1e4
    counts = np.geomspace(low, high, 41)
    lines = ledger.ledger_table(training_flop, inference_flop, compressed_training_flop, compressed_inference_flop, counts, retrainings, tidy=True)
    if crossing == 0.0:
        label = "Compressed model is never dearer"
    elif math.isinf(crossing):
        label = "Never breaks even"
    else:
        label = f"Break-even after {flop_text(crossing)} predictions"
    crossings = pd.DataFrame(
        {
            "n": [crossing if math.isfinite(crossing) else math.nan],
            "flop": [ledger.lifetime_cost(training_flop, inference_flop, crossing, retrainings) if math.isfinite(crossing) else math.nan],
            "label": [label],
        }
    )
    layers = _ledger_layers(lines, crossings, (low, high))
    return alt.layer(*layers).properties(
        width=440,
        height=260,
        title=f"Trained {retrainings}× over the period: {label.lower()}",
        description=(
            f"Lifetime compute of a baseline ({training_flop:.3g} FLOP per training, {inference_flop:.3g} per prediction) and a "
            f"compressed model ({compressed_training_flop:.3g} and {compressed_inference_flop:.3g}) against predictions served; {label.lower()}."
        ),
    )


# ----------------------------------------------------------------------------- figure 4: who pays


def dominance_chart(training_flop: float, inference_flop: float, start: str = "every week") -> alt.LayerChart:
    """Share of a year's compute spent on training against predictions per year; a drop-down picks the retraining schedule.

    The lines are :func:`ledger.dominance_table`, one per schedule of :data:`ledger.RETRAINING_SCHEDULES`.
    """
    table = ledger.dominance_table(training_flop, inference_flop)
    check_choice("start", start, tuple(ledger.RETRAINING_SCHEDULES))
    names = list(ledger.RETRAINING_SCHEDULES)
    table["is_start"] = table["schedule"] == start
    choice = dropdown("schedule", names, start, "Retrained ")
    crossings = pd.DataFrame(
        {"schedule": names, "inferences": [runs * training_flop / inference_flop for runs in ledger.RETRAINING_SCHEDULES.values()], "training_share": 0.5}
    )
    crossings["label"] = crossings["inferences"].map(lambda n: f"Even split at {flop_text(n)} predictions a year")
    exponents = np.log10(table["inferences"][table["inferences"] > 0])
    x = alt.X(
        "inferences:Q",
        scale=alt.Scale(type="log", domain=[float(table["inferences"].min()), float(table["inferences"].max())]),
        title="Predictions served per year (log scale)",
        axis=_power_axis(int(math.ceil(exponents.min() - 1e-9)), int(math.floor(exponents.max() + 1e-9)), 2),
    )
    y = alt.Y("training_share:Q", axis=alt.Axis(format="%"), title="Share of the year's compute spent training", scale=alt.Scale(domain=[0, 1]))
    bands = alt.Chart(pd.DataFrame({"low": [0.5, 0.0], "high": [1.0, 0.5], "text": ["training dominates", "running dominates"], "ty": [0.96, 0.04]}))
    band_rects = bands.mark_rect(opacity=0.10).encode(
        y=alt.Y("low:Q", scale=alt.Scale(domain=[0, 1])), y2="high:Q",
        color=alt.Color("text:N", scale=alt.Scale(domain=["training dominates", "running dominates"], range=[ORANGE, SKY_BLUE]), legend=None),
    )
    band_text = bands.mark_text(align="right", fontSize=12, color=INK, baseline="middle").encode(y="ty:Q", x=alt.value(466), text="text:N")
    others = alt.Chart(table).mark_line(strokeWidth=1.2, opacity=0.35, color="#777777").encode(x=x, y=y, detail="schedule:N")
    chosen = (
        alt.Chart(table)
        .transform_filter(alt.datum.schedule == choice)
        .mark_line(color=BLUE, strokeWidth=3)
        .encode(x=x, y=y, tooltip=["schedule:N", alt.Tooltip("inferences:Q", format=".3~e"), alt.Tooltip("training_share:Q", format=".1%"), "dominant:N"])
    )
    mark = alt.Chart(crossings).transform_filter(alt.datum.schedule == choice)
    point = mark.mark_point(size=90, filled=True, color=VERMILION).encode(x="inferences:Q", y="training_share:Q")
    label = mark.mark_text(align="left", baseline="middle", fontSize=12, fontWeight=600, color=INK).encode(x=alt.value(8), y=alt.value(190), text="label:N")
    weekly = crossings.set_index("schedule")["inferences"]
    return (
        alt.layer(band_rects, band_text, others, chosen, point, label)
        .add_params(choice)
        .properties(
            width=470,
            height=250,
            title=alt.Title("Who pays: training or running?", subtitle=f"One network retrained on a schedule; {flop_text(training_flop)} FLOP per training, {inference_flop:,.0f} per prediction"),
            description=(
                "Share of a year's compute spent on training against the number of predictions served per year (log scale), "
                "one line per retraining schedule, the chosen one highlighted. Training dominates on the left, running on the right; "
                f"trained once a year the split is even at {flop_text(weekly['once a year'])} predictions, retrained every week at {flop_text(weekly['every week'])}."
            ),
        )
    )


# ----------------------------------------------------------------------------- figure 5: the price of a search


def _search_scale_frame(mlp_training_flop: float) -> pd.DataFrame:
    """:func:`ledger.search_scale_table` with what the bars need: ``baseline`` (the axis minimum) and a ``label``."""
    table = ledger.search_scale_table(mlp_training_flop)
    table["baseline"] = SEARCH_AXIS_MIN_FLOP  # bars on a log axis start at the axis minimum
    table["label"] = table["flop"].map(lambda f: f"{flop_text(f)} FLOP")
    return table


def search_scale_chart(mlp_training_flop: float) -> alt.LayerChart:
    """Log-scale bars: NASNet's search (trials x training) beside one child model, AlexNet and this chapter's network.

    The numbers are :func:`ledger.search_scale_table`'s.
    """
    table = _search_scale_frame(mlp_training_flop)
    order = list(table["item"])
    scale = alt.Scale(type="log", domain=[SEARCH_AXIS_MIN_FLOP, 1e24])
    bars = alt.Chart(table).mark_bar(color=GREEN).encode(
        y=alt.Y("item:N", sort=order, title=None, axis=alt.Axis(labelLimit=200)),
        x=alt.X("flop:Q", scale=scale, title="Compute (FLOP, log scale)", axis=_power_axis(8, 24, 4)),
        x2="baseline:Q",
        tooltip=["item:N", alt.Tooltip("flop:Q", format=".3~e"), "measure:N"],
    )
    text = alt.Chart(table).mark_text(align="left", dx=4, fontSize=12).encode(y=alt.Y("item:N", sort=order), x=alt.X("flop:Q", scale=scale), text="label:N")
    search, alexnet = float(table["flop"].iloc[3]), float(table["flop"].iloc[2])
    return alt.layer(bars, text).properties(
        width=340,
        height=150,
        title=alt.Title("Architecture search: trials × training", subtitle="NASNet's search at the P100's peak rate: an upper bound"),
        description=(
            f"Horizontal bars on a log scale: this chapter's network takes {flop_text(table['flop'].iloc[0])} FLOP to train; one of the "
            f"20,000 candidate networks of NASNet's search about {flop_text(table['flop'].iloc[1])}; AlexNet about {flop_text(alexnet)}; the whole "
            f"search about {flop_text(search)} FLOP, some {search / alexnet:,.0f} times AlexNet."
        ),
    )


# ----------------------------------------------------------------------------- live widget chart


@functools.lru_cache(maxsize=2)
def _default_curve(seed: int) -> pd.DataFrame:
    return pruning.pruning_curve(seed=seed)


def pruned_point_chart(sparsity: float, fine_tune_epochs: int, seed: int = 0, resolution: int = 20) -> alt.VConcatChart:
    """The precomputed pruning curve with one freshly computed network marked, above its decision boundary.

    Calls :func:`pruning.pruned_network` (prune + ``fine_tune_epochs`` of fine-tuning, about 0.1 s for 15 epochs)
    and :func:`pruning.predicted_class_grid` on a ``resolution`` x ``resolution`` grid. Used by the live widget.
    """
    model, summary = pruning.pruned_network(sparsity, fine_tune_epochs, seed)
    resolution = check_int("resolution", resolution, low=2, high=100)
    curve = _default_curve(seed)[["sparsity", "method", "test_accuracy"]]
    point = pd.DataFrame([summary])
    x = alt.X("sparsity:Q", title="Sparsity (fraction of weights removed)", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]))
    y = alt.Y("test_accuracy:Q", title="Test accuracy", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0.4, 1.0]))
    lines = alt.Chart(curve).mark_line(opacity=0.6).encode(x=x, y=y, color=alt.Color("method:N", title=None, sort=_METHOD_ORDER))
    marker = alt.Chart(point).mark_point(size=220, shape="diamond", filled=True, color=VERMILION).encode(
        x=x, y=y, tooltip=[alt.Tooltip("test_accuracy:Q", format=".1%"), alt.Tooltip("inference_flop:Q", format=",.0f"), alt.Tooltip("training_flop_total:Q", format=".3~e")]
    )
    top = alt.layer(lines, marker).properties(width=420, height=200)
    predicted = pruning.predicted_class_grid(model, resolution, pruning.BOUNDARY_EXTENT)
    grid = pd.DataFrame({"x": predicted["x"].to_numpy(), "y": predicted["y"].to_numpy(), "predicted": predicted["arm"].to_numpy()})
    scale = alt.Scale(domain=[-pruning.BOUNDARY_EXTENT, pruning.BOUNDARY_EXTENT], nice=False, zero=False)
    cells = alt.Chart(grid).mark_square(size=(200 / resolution + 0.6) ** 2, opacity=0.32).encode(
        x=alt.X("x:Q", scale=scale, title="input x₁"), y=alt.Y("y:Q", scale=scale, title="input x₂"),
        color=alt.Color("predicted:N", scale=_CLASS_COLOURS, title="Predicted class"),
    )
    dots = alt.Chart(pruning.task_points(150, seed)).mark_point(size=12, filled=True).encode(
        x=alt.X("x:Q", scale=scale), y=alt.Y("y:Q", scale=scale), color=alt.Color("arm:N", scale=_CLASS_COLOURS)
    )
    bottom = alt.layer(cells, dots).properties(width=200, height=200)
    return alt.vconcat(top, bottom).resolve_scale(color="independent").properties(
        title=alt.Title(
            f"{sparsity:.0%} of weights removed, {fine_tune_epochs} fine-tuning epochs: test accuracy {summary['test_accuracy']:.1%}",
            subtitle=f"{summary['inference_flop']:,.0f} FLOP per prediction; {flop_text(summary['training_flop_total'])} FLOP of training in all",
        ),
        description=(
            f"The pruning curves with the network just computed marked (sparsity {sparsity:.0%}, {fine_tune_epochs} fine-tuning epochs, "
            f"test accuracy {summary['test_accuracy']:.1%}), above the class it predicts over the input plane."
        ),
    )
