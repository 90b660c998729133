"""Charts for the chapter *Meta-learning and distribution shift* (``book/meta_learning.md``).

Every number drawn is computed by :mod:`scaling_lib.simulations.shift` or
:mod:`scaling_lib.simulations.adaptation`; the drop-downs and sliders only select
precomputed rows.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from ..simulations import adaptation, shift
from .._checks import check_frame, check_text
from .common import dropdown, slider
from .theme import INK

__all__ = [
    "N_LEVELS",
    "KIND_LABELS",
    "shift_explorer",
    "accuracy_curves_chart",
    "real_world_chart",
    "adaptation_chart",
    "shift_scatter",
]

#: Slider stops per kind of shift on the static page (0 = no shift, 10 = end of the default range).
N_LEVELS = 11

#: Reader-facing names of the kinds of shift.
KIND_LABELS: dict[str, str] = {
    "rotation": "rotation",
    "translation": "translation",
    "class_balance": "class balance",
    "noise": "noise",
}

#: Short unit names for labels and axis titles.
_SHORT_UNITS: dict[str, str] = {
    "rotation": "degrees",
    "translation": "standard deviations",
    "class_balance": "share points",
    "noise": "standard deviations",
}

_AXIS_TITLES: dict[str, str] = {
    "rotation": "Rotation of the test inputs (degrees)",
    "translation": "Translation towards class 0 (standard deviations)",
    "class_balance": "Fall in the share of class 1 (share points)",
    "noise": "Added noise (standard deviations)",
}

_AXIS_VALUES: dict[str, list[float]] = {
    "rotation": [0, 30, 60, 90],
    "translation": [0, 1, 2, 3],
    "class_balance": [0, 0.2, 0.4, 0.6],
    "noise": [0, 1, 2, 3],
}

_X_DOMAIN = [-8.0, 6.0]
_LABEL_FLOOR = 4.7  # the explorer's boundary line stops here, leaving the top strip for its label
_Y_DOMAIN = [-6.0, 6.0]
_CLASS_NAMES = {0: "class 0", 1: "class 1"}


def _strength_label(kind: str, strength: float) -> str:
    if kind == "rotation":
        return f"rotated by {strength:.0f}°"
    if kind == "translation":
        return f"moved {strength:.1f} SD towards class 0"
    if kind == "class_balance":
        return f"share of class 1 down by {strength:.2f}"
    return f"noise of {strength:.1f} SD added"


def _compact_strength(kind: str, strength: float) -> str:
    if kind == "rotation":
        return f"{strength:.0f}°"
    if kind == "class_balance":
        return f"−{strength:.2f}"
    return f"{strength:.1f} SD"


def _levels(strengths: pd.Series, kind_column: pd.Series) -> np.ndarray:
    """Slider stop (0, 1, …) of each strength within its kind."""
    return strengths.groupby(kind_column).rank(method="dense").astype(int).to_numpy() - 1


def _scatter_layers(points: pd.DataFrame, boundary: pd.DataFrame, filters: list) -> list[alt.Chart]:
    """Test points (colour = true class, shape = right or wrong) and the boundary line."""
    x = alt.X("input_1:Q", title="Input 1 (within-class standard deviations)", scale=alt.Scale(domain=_X_DOMAIN))
    y = alt.Y("input_2:Q", title="Input 2 (within-class standard deviations)", scale=alt.Scale(domain=_Y_DOMAIN))
    base = alt.Chart(points)
    for condition in filters:
        base = base.transform_filter(condition)
    dots = base.mark_point(clip=True, size=55, strokeWidth=2).encode(
        x=x,
        y=y,
        color=alt.Color("class_name:N", title="True class", sort=list(_CLASS_NAMES.values())),
        shape=alt.Shape(
            "verdict:N",
            title="Classifier",
            sort=["right", "wrong"],
            scale=alt.Scale(domain=["right", "wrong"], range=["circle", "cross"]),
        ),
        tooltip=[
            alt.Tooltip("class_name:N", title="true class"),
            alt.Tooltip("verdict:N", title="classifier"),
            alt.Tooltip("input_1:Q", format=".2f"),
            alt.Tooltip("input_2:Q", format=".2f"),
        ],
    )
    line = (
        alt.Chart(boundary)
        .mark_line(color=INK, strokeDash=[6, 4], strokeWidth=2, clip=True)
        .encode(x=alt.X("input_1:Q", scale=alt.Scale(domain=_X_DOMAIN)), y=alt.Y("input_2:Q", scale=alt.Scale(domain=_Y_DOMAIN)), order="input_2:Q")
    )
    return [line, dots]


def _prepare_points(sample: pd.DataFrame) -> pd.DataFrame:
    points = sample[["shift_kind", "shift_strength", "input_1", "input_2", "true_class", "correct"]].copy()
    points["input_1"] = points["input_1"].round(2)
    points["input_2"] = points["input_2"].round(2)
    points["class_name"] = points["true_class"].map(_CLASS_NAMES)
    points["verdict"] = np.where(points["correct"], "right", "wrong")
    return points.drop(columns=["true_class", "correct"])


def shift_explorer(seed: int = 0, points_per_class: int = 30, kind_start: str = "rotation", level_start: int = 5) -> alt.LayerChart:
    """Scatter of shifted test points and the fixed decision boundary, with a menu and a slider.

    The drop-down picks the kind of shift, the slider one of :data:`N_LEVELS` strengths from
    :func:`scaling_lib.simulations.shift.default_shift_strengths`. Points come from
    :func:`scaling_lib.simulations.adaptation.shift_test_sample`, the line from
    :func:`~scaling_lib.simulations.adaptation.decision_boundary`, and the accuracy printed
    above the points from :func:`scaling_lib.simulations.shift.shift_grid` (20,000 test points
    per class, not only the ones drawn).
    """
    if check_text("kind_start", kind_start) not in shift.SHIFT_KINDS:
        raise ValueError(f"kind_start must be one of {', '.join(shift.SHIFT_KINDS)}; got {kind_start!r}")
    if not isinstance(level_start, int) or not 0 <= level_start < N_LEVELS:
        raise ValueError(f"level_start must be an integer in [0, {N_LEVELS - 1}]; got {level_start!r}")
    samples = [
        adaptation.shift_test_sample(kind, shift.default_shift_strengths(kind, N_LEVELS), seed, points_per_class=points_per_class)
        for kind in shift.SHIFT_KINDS
    ]
    points = _prepare_points(pd.concat(samples, ignore_index=True))
    points["level"] = _levels(points["shift_strength"], points["shift_kind"])
    points = points.drop(columns="shift_strength")  # the label layer says the strength; keep the page small
    grid = shift.shift_grid(n_strengths=N_LEVELS, seed=seed)
    grid["level"] = _levels(grid["shift_strength"], grid["shift_kind"])
    grid["label"] = [
        f"{KIND_LABELS[k]} {_compact_strength(k, s)}: accuracy {a:.1%}"
        for k, s, a in zip(grid["shift_kind"], grid["shift_strength"], grid["test_accuracy"])
    ]
    grid = grid[["shift_kind", "level", "label"]]
    boundary = adaptation.decision_boundary(seed, input_2_limits=(_Y_DOMAIN[0], _LABEL_FLOOR))
    kind = dropdown("shift_kind", list(shift.SHIFT_KINDS), kind_start, "Kind of shift ")
    level = slider("shift_level", range(N_LEVELS), level_start, "Strength (0 = none, 10 = end of range) ")
    filters = [alt.datum.shift_kind == kind, alt.datum.level == level]
    line, dots = _scatter_layers(points, boundary, filters)
    label = (
        alt.Chart(grid)
        .transform_filter(filters[0])
        .transform_filter(filters[1])
        .mark_text(align="left", baseline="top", fontSize=13, fontWeight=600)
        .encode(x=alt.value(6), y=alt.value(6), text="label:N")
    )
    unshifted = float(shift.shift_grid(kinds=["rotation"], n_strengths=2, seed=seed)["test_accuracy"].iloc[0])
    return (
        alt.layer(line, dots, label)
        .add_params(kind, level)
        .properties(
            width=400,
            height=340,
            title=alt.Title(
                "The same rule, shifted test data",
                subtitle="Dashed: the boundary learned on unshifted data; crosses: mistakes; accuracy on all test points",
            ),
            description=(
                f"Scatter of {2 * points_per_class} test points in the plane, coloured by true class, circles where the "
                "classifier is right and crosses where it is wrong, with the fixed decision boundary as a dashed line. "
                "A menu picks rotation, translation, class balance or noise, and a slider picks one of eleven strengths. "
                f"Unshifted, the classifier is right {unshifted:.1%} of the time; as the strength grows, points cross the "
                "line and the crosses multiply."
            ),
        )
    )


def _curve_panel(table: pd.DataFrame, kind: str, series: list[str], y_title: str, width: int, height: int) -> alt.Chart:
    rows = table[table["shift_kind"] == kind]
    long = rows.melt(id_vars=["shift_strength"], value_vars=series, var_name="rule", value_name="accuracy")
    names = {"test_accuracy": "fixed rule", "accuracy_fixed": "fixed rule", "accuracy_adapted": "prior re-estimated (EM)"}
    long["rule"] = long["rule"].map(names)
    long["accuracy_percent"] = (100 * long["accuracy"]).round(2)
    order = [names[s] for s in series]
    legend = alt.Legend(title=None) if len(series) > 1 else None
    lines = alt.Chart(long).mark_line(point=alt.OverlayMarkDef(size=35, filled=True)).encode(
        x=alt.X("shift_strength:Q", title=_AXIS_TITLES[kind], axis=alt.Axis(values=_AXIS_VALUES[kind])),
        y=alt.Y("accuracy_percent:Q", title=y_title, scale=alt.Scale(domain=[20, 100])),
        color=alt.Color("rule:N", sort=order, legend=legend),
        strokeDash=alt.StrokeDash("rule:N", sort=order, legend=None),  # the colour legend names the rules
        tooltip=[
            alt.Tooltip("rule:N"),
            alt.Tooltip("shift_strength:Q", title=_SHORT_UNITS[kind], format=".3~g"),
            alt.Tooltip("accuracy_percent:Q", title="accuracy (%)", format=".1f"),
        ],
    )
    return lines.properties(title=KIND_LABELS[kind].capitalize(), width=width, height=height)


def _small_multiples(table: pd.DataFrame, series: list[str], y_title: str) -> alt.VConcatChart:
    panels = [_curve_panel(table, kind, series, y_title, 190, 150) for kind in shift.SHIFT_KINDS]
    return alt.vconcat(alt.hconcat(panels[0], panels[1]), alt.hconcat(panels[2], panels[3])).resolve_scale(color="shared", strokeDash="shared")


def accuracy_curves_chart(grid: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Accuracy against shift strength, one panel per kind of shift, each with its own unit.

    ``grid`` is the output of :func:`scaling_lib.simulations.shift.shift_grid` (default: all
    kinds, :data:`N_LEVELS` strengths, seed 0).
    """
    grid = shift.shift_grid(n_strengths=N_LEVELS) if grid is None else grid
    check_frame("grid", grid, sorted({"shift_kind", "shift_strength", "test_accuracy"}))
    if set(grid["shift_kind"]) != set(shift.SHIFT_KINDS):
        raise ValueError(f"grid must hold every kind of shift ({', '.join(shift.SHIFT_KINDS)})")
    start = grid[grid["shift_strength"] == 0]["test_accuracy"].iloc[0]
    ends = grid.loc[grid.groupby("shift_kind")["shift_strength"].idxmax()].set_index("shift_kind")["test_accuracy"]
    return _small_multiples(grid, ["test_accuracy"], "Test accuracy (%)").properties(
        title=alt.Title("Accuracy falls as the test data drift", subtitle="One classifier, trained once; four ways to change its test data"),
        description=(
            f"Four line charts of test accuracy against shift strength. Every curve starts at {start:.1%} with no shift and "
            f"falls: to {ends['rotation']:.1%} at a 90-degree rotation, {ends['translation']:.1%} after a translation of "
            f"3 standard deviations, {ends['class_balance']:.1%} when the common class disappears from the test set, and "
            f"{ends['noise']:.1%} with noise of 3 standard deviations."
        ),
    )


def adaptation_chart(table: pd.DataFrame | None = None) -> alt.VConcatChart:
    """Fixed rule against the rule adapted by EM prior correction, one panel per kind of shift.

    ``table`` is the output of :func:`scaling_lib.simulations.adaptation.prior_adaptation_grid`
    (default: all kinds, :data:`N_LEVELS` strengths, seed 0).
    """
    table = adaptation.prior_adaptation_grid(n_strengths=N_LEVELS) if table is None else table
    check_frame("table", table, sorted({"shift_kind", "shift_strength", "accuracy_fixed", "accuracy_adapted"}))
    if set(table["shift_kind"]) != set(shift.SHIFT_KINDS):
        raise ValueError(f"table must hold every kind of shift ({', '.join(shift.SHIFT_KINDS)})")
    ends = table.loc[table.groupby("shift_kind")["shift_strength"].idxmax()].set_index("shift_kind")
    balance, rotation, translation = ends.loc["class_balance"], ends.loc["rotation"], ends.loc["translation"]
    return _small_multiples(table, ["accuracy_fixed", "accuracy_adapted"], "Test accuracy (%)").properties(
        title=alt.Title("Re-estimating the class shares helps one kind of shift", subtitle="Solid: the fixed rule; dashed: the same rule after EM prior correction on unlabelled test data"),
        description=(
            "Four line charts of test accuracy against shift strength, for the fixed rule and for the rule whose class "
            "prior was re-estimated from the unlabelled shifted test set. Under class-balance shift the adapted rule "
            f"reaches {balance['accuracy_adapted']:.1%} where the fixed one has {balance['accuracy_fixed']:.1%}; under a "
            f"90-degree rotation it has {rotation['accuracy_adapted']:.1%} against {rotation['accuracy_fixed']:.1%}, and "
            f"under translation it does worse ({translation['accuracy_adapted']:.1%} against {translation['accuracy_fixed']:.1%})."
        ),
    )


def _real_world_rows(grid: pd.DataFrame) -> pd.DataFrame:
    measured = shift.real_world_shifts()
    authors = {"recht2019imagenet": "Recht et al.", "barbu2019objectnet": "Barbu et al."}
    relative = measured["test_set"] == "ObjectNet"
    real = pd.DataFrame(
        {
            "row": [f"{t} ({authors.get(k, k)})" for t, k in zip(measured["test_set"], measured["source_key"])],
            "source": "measured (range reported)",
            "measure": np.where(relative, "relative", "absolute"),
            "low": measured["drop_low"],
            "high": measured["drop_high"],
            "label": [f"{lo:.0f}–{hi:.0f}" for lo, hi in zip(measured["drop_low"], measured["drop_high"])],
            "level": -1,
        }
    )
    toy_frames = []
    for measure, column in (("absolute", "accuracy_drop"), ("relative", "relative_accuracy_drop")):
        toy = pd.DataFrame(
            {
                "row": [f"toy: {KIND_LABELS[k]}" for k in grid["shift_kind"]],
                "source": "toy classifier (this chapter)",
                "measure": measure,
                "low": (100 * grid[column]).round(2),
                "high": (100 * grid[column]).round(2),
                "label": [f"{100 * v:.1f} at {_compact_strength(k, s)}{' share' if k == 'class_balance' else ''}" for k, s, v in zip(grid["shift_kind"], grid["shift_strength"], grid[column])],
                "level": grid["level"],
            }
        )
        toy_frames.append(toy)
    return pd.concat([real, *toy_frames], ignore_index=True)


def real_world_chart(grid: pd.DataFrame | None = None, level_start: int = N_LEVELS - 1) -> alt.VConcatChart:
    """Measured accuracy losses (ImageNetV2, CIFAR-10.1, ObjectNet) beside the toy's, with a slider.

    Top panel: absolute losses in percentage points; bottom: relative losses in percent of the
    original accuracy (the measure ObjectNet reports). Ranges come from
    :func:`scaling_lib.simulations.shift.real_world_shifts`; the toy's losses from ``grid``
    (:func:`scaling_lib.simulations.shift.shift_grid`, :data:`N_LEVELS` strengths), at the
    strength the slider picks.
    """
    grid = shift.shift_grid(n_strengths=N_LEVELS) if grid is None else grid
    check_frame("grid", grid, sorted({"shift_kind", "shift_strength", "accuracy_drop", "relative_accuracy_drop"}))
    grid = grid.copy()
    grid["level"] = _levels(grid["shift_strength"], grid["shift_kind"])
    levels = sorted(grid["level"].unique())
    if not isinstance(level_start, int) or level_start not in levels:
        raise ValueError(f"level_start must be one of the grid's levels 0 to {levels[-1]}; got {level_start!r}")
    rows = _real_world_rows(grid)
    level = slider("toy_level", levels, level_start, "Toy shift strength (0 = none, 10 = end of range) ")
    colour = alt.Color("source:N", title=None, sort=["measured (range reported)", "toy classifier (this chapter)"], legend=alt.Legend(labelLimit=260))
    order = [r for r in rows["row"].unique()]

    def panel(measure: str, x_title: str) -> alt.LayerChart:
        base = (
            alt.Chart(rows)
            .transform_filter(alt.datum.measure == measure)
            .transform_filter((alt.datum.level == -1) | (alt.datum.level == level))
        )
        y = alt.Y("row:N", title=None, sort=order, axis=alt.Axis(labelLimit=220))
        x = alt.X("low:Q", title=x_title, scale=alt.Scale(domain=[0, 80]))
        tooltip = [alt.Tooltip("row:N", title="test set"), alt.Tooltip("label:N", title="loss")]
        ranges = base.mark_bar(height=12, cornerRadius=2).encode(y=y, x=x, x2="high:Q", color=colour, tooltip=tooltip).transform_filter(alt.datum.level == -1)
        ticks = base.mark_tick(thickness=3, size=16).encode(y=y, x=x, color=colour, tooltip=tooltip).transform_filter(alt.datum.level >= 0)
        text = base.mark_text(align="left", dx=8, fontSize=11).encode(y=y, x=alt.X("high:Q", scale=alt.Scale(domain=[0, 80])), text="label:N")
        return alt.layer(ranges, ticks, text).properties(width=290, height=alt.Step(22))

    top = panel("absolute", "Accuracy lost (percentage points)").properties(title="Absolute loss")
    bottom = panel("relative", "Accuracy lost (% of the original accuracy)").properties(title="Relative loss")
    return (
        alt.vconcat(top, bottom)
        .add_params(level)
        .properties(
            title=alt.Title("Real test sets beside the toy", subtitle="Bars: ranges reported in the papers; ticks: the toy at the strength the slider picks"),
            description=(
                "Two panels of horizontal bars. Absolute loss: ImageNet classifiers lose 11 to 14 percentage points on "
                "ImageNetV2 and CIFAR-10 classifiers 3 to 15 on CIFAR-10.1 (Recht et al. 2019). Relative loss: ImageNet "
                "classifiers lose 40 to 45 percent of their performance on ObjectNet (Barbu et al. 2019). Ticks show the toy "
                "classifier's loss for each kind of shift at the strength picked with the slider."
            ),
        )
    )


def shift_scatter(kind: str, shift_strength: float, adapt_prior: bool = False, seed: int = 0) -> alt.LayerChart:
    """Scatter of the test points under one shift of any allowed strength (used by the live widget).

    With ``adapt_prior`` the boundary drawn and the accuracy reported are those of the rule whose
    class prior was re-estimated by EM on the unlabelled shifted test set
    (:func:`scaling_lib.simulations.adaptation.prior_adaptation_curve`).
    """
    if not isinstance(adapt_prior, (bool, np.bool_)):
        raise TypeError(f"adapt_prior must be True or False, got {type(adapt_prior).__name__}")
    if adapt_prior:
        curve = adaptation.prior_adaptation_curve([shift_strength], kind=kind, seed=seed).iloc[0]
        accuracy = float(curve["accuracy_adapted"])
        assumed = min(max(float(curve["estimated_class1_share"]), 1e-12), 1 - 1e-12)
    else:
        accuracy = float(shift.shift_accuracy_curve([shift_strength], kind=kind, seed=seed)["test_accuracy"].iloc[0])
        assumed = None
    sample = adaptation.shift_test_sample(kind, [shift_strength], seed, points_per_class=40, assumed_class1_share=assumed)
    boundary = adaptation.decision_boundary(seed, input_2_limits=tuple(_Y_DOMAIN), assumed_class1_share=assumed)
    points = _prepare_points(sample)
    line, dots = _scatter_layers(points, boundary, [])
    rule = "rule with re-estimated prior" if adapt_prior else "fixed rule"
    return alt.layer(line, dots).properties(
        width=400,
        height=340,
        title=alt.Title(f"{KIND_LABELS[kind].capitalize()}: {_strength_label(kind, float(shift_strength))}", subtitle=f"{rule}: accuracy {accuracy:.1%}"),
        description=(
            f"Scatter of 80 test points under {KIND_LABELS[kind]} shift of strength {float(shift_strength):g} "
            f"({shift.SHIFT_UNITS[kind]}), with the decision boundary of the {rule}; accuracy on 20,000 test points per "
            f"class is {accuracy:.1%}."
        ),
    )
