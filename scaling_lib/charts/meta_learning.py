"""Charts for the chapter *Meta-learning and distribution shift* (``book/meta_learning.md``).

The accuracy curves, the adaptation curves and the real-world comparison draw the tables the page
computes; the explorer and the live scatter draw points from :func:`scaling_lib.meta_learning.shift_scene`.
"""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from .. import meta_learning
from .._checks import check_choice, check_frame, check_int, check_number
from .common import dropdown, slider
from .theme import INK

__all__ = ["N_LEVELS", "shift_explorer", "accuracy_curves_chart", "adaptation_chart", "real_world_chart", "shift_scatter"]

#: Slider stops per kind of shift on the static page (0 = no shift, 10 = end of the range).
N_LEVELS = 11
_AXIS_TITLES: dict[str, str] = {
    "rotation": "Rotation of the test inputs (degrees)",
    "translation": "Translation towards class 0 (standard deviations)",
    "class_balance": "Fall in the share of class 1 (share points)",
    "noise": "Added noise (standard deviations)",
}
_X_DOMAIN, _Y_DOMAIN = [-8.0, 6.0], [-6.0, 6.0]


def _strength_text(kind: str, strength: float) -> str:
    amount = {"rotation": f"{strength:.0f}°", "class_balance": f"−{strength:.2f}"}.get(kind, f"{strength:.1f} SD")
    return f"{kind.replace('_', ' ')} {amount}"


def _levels(table: pd.DataFrame) -> np.ndarray:
    """Slider stop (0, 1, …) of each row's strength within its kind."""
    return table["shift_strength"].groupby(table["shift_kind"]).rank(method="dense").astype(int).to_numpy() - 1


def _check_grid(name: str, table: pd.DataFrame, columns: set[str]) -> pd.DataFrame:
    check_frame(name, table, sorted(columns | {"shift_kind", "shift_strength"}))
    if set(table["shift_kind"]) != set(meta_learning.SHIFT_KINDS):
        raise ValueError(f"{name} must hold every kind of shift ({', '.join(meta_learning.SHIFT_KINDS)})")
    return table


def _dots(points: pd.DataFrame) -> pd.DataFrame:
    """The test points as drawn: rounded inputs, the true class and right or wrong in words."""
    keep = [c for c in ("shift_kind", "level") if c in points.columns] + ["input_1", "input_2", "class_name", "verdict"]
    return points.assign(
        input_1=points["input_1"].round(2), input_2=points["input_2"].round(2),
        class_name=np.where(points["true_class"] == 1, "class 1", "class 0"), verdict=np.where(points["correct"], "right", "wrong"),
    )[keep]


def _scatter_layers(points: pd.DataFrame, boundary: pd.DataFrame, filters: list) -> tuple[alt.Chart, alt.Chart]:
    """The boundary line and the test points (``_dots``; colour = true class, shape = right or wrong)."""
    x = alt.X("input_1:Q", title="Input 1 (within-class standard deviations)", scale=alt.Scale(domain=_X_DOMAIN))
    y = alt.Y("input_2:Q", title="Input 2 (within-class standard deviations)", scale=alt.Scale(domain=_Y_DOMAIN))
    dots, line = alt.Chart(points), alt.Chart(boundary)
    for condition in filters:
        dots, line = dots.transform_filter(condition), line.transform_filter(condition)
    dots = dots.mark_point(clip=True, size=55, strokeWidth=2).encode(
        x=x, y=y,
        color=alt.Color("class_name:N", title="True class", sort=["class 0", "class 1"]),
        shape=alt.Shape("verdict:N", title="Classifier", scale=alt.Scale(domain=["right", "wrong"], range=["circle", "cross"])),
        tooltip=["class_name:N", "verdict:N", alt.Tooltip("input_1:Q", format=".2f"), alt.Tooltip("input_2:Q", format=".2f")],
    )
    line = line.mark_line(color=INK, strokeDash=[6, 4], strokeWidth=2, clip=True).encode(x=x, y=y, order="input_2:Q")
    return line, dots


def shift_explorer(seed: int = 0, points_per_class: int = 30, kind_start: str = "rotation", level_start: int = 5) -> alt.LayerChart:
    """Shifted test points and the fixed decision line, with a menu and a slider (meta-learning chapter).

    :data:`N_LEVELS` strengths from 0 to :data:`scaling_lib.meta_learning.SHIFT_RANGES`; the printed accuracy is
    on all 20,000 test points per class, not only the ones drawn.
    """
    kind_start = check_choice("kind_start", kind_start, meta_learning.SHIFT_KINDS)
    level_start = check_int("level_start", level_start, low=0, high=N_LEVELS - 1)
    scenes = [meta_learning.shift_scene(kind, np.linspace(0, top, N_LEVELS), seed, points_per_class=points_per_class, boundary_top=4.7)
              for kind, top in meta_learning.SHIFT_RANGES.items()]  # the line stops below the label
    points, boundary = (pd.concat(frames, ignore_index=True) for frames in zip(*scenes))
    points["level"], boundary["level"] = _levels(points), _levels(boundary)
    labels = points.drop_duplicates(["shift_kind", "level"])
    labels["label"] = [f"{_strength_text(k, s)}: accuracy {a:.1%}" for k, s, a in labels[["shift_kind", "shift_strength", "test_accuracy"]].values]
    kind = dropdown("shift_kind", list(meta_learning.SHIFT_KINDS), kind_start, "Kind of shift ")
    level = slider("shift_level", range(N_LEVELS), level_start, "Strength (0 = none, 10 = end of range) ")
    filters = [alt.datum.shift_kind == kind, alt.datum.level == level]
    line, dots = _scatter_layers(_dots(points), boundary[["shift_kind", "level", "input_1", "input_2"]], filters)
    label = (
        alt.Chart(labels[["shift_kind", "level", "label"]]).transform_filter(filters[0]).transform_filter(filters[1])
        .mark_text(align="left", baseline="top", fontSize=13, fontWeight=600).encode(x=alt.value(6), y=alt.value(6), text="label:N")
    )
    return alt.layer(line, dots, label).add_params(kind, level).properties(
        width=400, height=340,
        title=alt.Title("The same rule, shifted test data", subtitle="Dashed: the boundary learned on unshifted data; crosses: mistakes; accuracy on all test points"),
        description=(
            f"Scatter of {2 * points_per_class} test points by true class, circles where the classifier is right and crosses where it "
            "is wrong, with the fixed boundary dashed. A menu picks the kind of shift, a slider its strength. Unshifted, the "
            f"classifier is right {labels.test_accuracy.iloc[0]:.1%} of the time; as the strength grows, points cross the line."
        ),
    )


def _small_multiples(table: pd.DataFrame, series: dict[str, str]) -> alt.VConcatChart:
    """One accuracy-against-strength panel per kind of shift; ``series`` maps columns to legend names."""
    long = table.melt(id_vars=["shift_kind", "shift_strength"], value_vars=list(series), var_name="rule", value_name="accuracy")
    long = long.assign(rule=long["rule"].map(series), accuracy_percent=(100 * long["accuracy"]).round(2))
    panels = []
    for kind in meta_learning.SHIFT_KINDS:
        panels.append(alt.Chart(long[long.shift_kind == kind].drop(columns=["shift_kind", "accuracy"])).mark_line(point=alt.OverlayMarkDef(size=35, filled=True)).encode(
            x=alt.X("shift_strength:Q", title=_AXIS_TITLES[kind], axis=alt.Axis(tickCount=4)),
            y=alt.Y("accuracy_percent:Q", title="Test accuracy (%)", scale=alt.Scale(domain=[20, 100])),
            color=alt.Color("rule:N", sort=list(series.values()), legend=alt.Legend(title=None) if len(series) > 1 else None),
            strokeDash=alt.StrokeDash("rule:N", sort=list(series.values()), legend=None),
            tooltip=["rule:N", alt.Tooltip("shift_strength:Q", title="strength", format=".3~g"), alt.Tooltip("accuracy_percent:Q", title="accuracy (%)", format=".1f")],
        ).properties(title=kind.replace("_", " ").capitalize(), width=190, height=150))
    return alt.vconcat(alt.hconcat(*panels[:2]), alt.hconcat(*panels[2:])).resolve_scale(color="shared", strokeDash="shared")


def accuracy_curves_chart(grid: pd.DataFrame) -> alt.VConcatChart:
    """Test accuracy against shift strength, one panel per kind, from the meta-learning page's ``grid``
    (columns ``shift_kind``, ``shift_strength``, ``test_accuracy`` as a fraction)."""
    ends = _check_grid("grid", grid, {"test_accuracy"}).sort_values("shift_strength").groupby("shift_kind")["test_accuracy"].last()
    start = grid.loc[grid["shift_strength"] == 0, "test_accuracy"].iloc[0]
    return _small_multiples(grid, {"test_accuracy": "fixed rule"}).properties(
        title=alt.Title("Accuracy falls as the test data drift", subtitle="One classifier, trained once; four ways to change its test data"),
        description=(
            f"Four line charts of test accuracy against shift strength. Every curve starts at {start:.1%} and falls: to "
            f"{ends['rotation']:.1%} at a 90-degree rotation, {ends['translation']:.1%} after a translation of 3 standard deviations, "
            f"{ends['class_balance']:.1%} when class 1 disappears from the test set, and {ends['noise']:.1%} with noise of 3 standard deviations."
        ),
    )


def adaptation_chart(table: pd.DataFrame) -> alt.VConcatChart:
    """The fixed rule against the rule adapted by EM, one panel per kind, from the meta-learning page's ``table``
    (columns ``shift_kind``, ``shift_strength``, ``accuracy_fixed``, ``accuracy_adapted`` as fractions)."""
    ends = _check_grid("table", table, {"accuracy_fixed", "accuracy_adapted"}).sort_values("shift_strength").groupby("shift_kind").last()
    pairs = {k: f"{ends.loc[k, 'accuracy_adapted']:.1%} against {ends.loc[k, 'accuracy_fixed']:.1%}" for k in meta_learning.SHIFT_KINDS}
    return _small_multiples(table, {"accuracy_fixed": "fixed rule", "accuracy_adapted": "prior re-estimated (EM)"}).properties(
        title=alt.Title("Re-estimating the class shares helps one kind of shift", subtitle="Solid: the fixed rule; dashed: the same rule after EM on unlabelled test data"),
        description=(
            "Four line charts of test accuracy against shift strength, for the fixed rule and the rule adapted by EM. At the end of "
            "each range the adapted rule has " + "; ".join(f"{k.replace('_', ' ')} {pair}" for k, pair in pairs.items()) + "."
        ),
    )


def real_world_chart(grid: pd.DataFrame, level_start: int = N_LEVELS - 1) -> alt.VConcatChart:
    """Measured losses (ImageNetV2, CIFAR-10.1, ObjectNet) beside the toy's, with a slider (meta-learning chapter).

    Top: absolute losses (percentage points); bottom: relative losses (% of the original accuracy).
    ``grid`` is the page's table with ``accuracy_drop`` and ``relative_accuracy_drop`` (fractions).
    """
    _check_grid("grid", grid, {"accuracy_drop", "relative_accuracy_drop"})
    level_start = check_int("level_start", level_start, low=0, high=int(_levels(grid).max()))
    measured = meta_learning.real_world_shifts()
    real = pd.DataFrame({
        "row": measured.test_set + " (" + measured.authors + ")", "source": "measured (range reported)",
        "measure": measured.measure, "low": measured.drop_low, "high": measured.drop_high,
        "label": [f"{lo:.0f}–{hi:.0f}" for lo, hi in zip(measured.drop_low, measured.drop_high)], "level": -1,
    })
    toy = grid.assign(level=_levels(grid), absolute=(100 * grid.accuracy_drop).round(2), relative=(100 * grid.relative_accuracy_drop).round(2))
    toy = toy.melt(["shift_kind", "shift_strength", "level"], ["absolute", "relative"], var_name="measure", value_name="low")
    toy = toy.assign(row="toy: " + toy.shift_kind.str.replace("_", " "), source="toy classifier (this chapter)", high=toy.low,
                     label=[f"{v:.1f} at {_strength_text(k, s)}" for k, s, v in toy[["shift_kind", "shift_strength", "low"]].values])
    rows = pd.concat([real, toy.drop(columns=["shift_kind", "shift_strength"])], ignore_index=True)
    level = slider("toy_level", range(N_LEVELS), level_start, "Toy shift strength (0 = none, 10 = end of range) ")
    colour = alt.Color("source:N", title=None, sort=["measured (range reported)", "toy classifier (this chapter)"], legend=alt.Legend(labelLimit=260))

    def panel(measure: str, x_title: str, title: str) -> alt.LayerChart:
        base = alt.Chart(rows).transform_filter(alt.datum.measure == measure).transform_filter((alt.datum.level == -1) | (alt.datum.level == level))
        y = alt.Y("row:N", title=None, sort=list(rows.row.unique()), axis=alt.Axis(labelLimit=220))
        x = alt.X("low:Q", title=x_title, scale=alt.Scale(domain=[0, 80]))
        tooltip = [alt.Tooltip("row:N", title="test set"), alt.Tooltip("label:N", title="loss")]
        ranges = base.transform_filter(alt.datum.level == -1).mark_bar(height=12, cornerRadius=2).encode(y=y, x=x, x2="high:Q", color=colour, tooltip=tooltip)
        ticks = base.transform_filter(alt.datum.level >= 0).mark_tick(thickness=3, size=16).encode(y=y, x=x, color=colour, tooltip=tooltip)
        text = base.mark_text(align="left", dx=8, fontSize=11).encode(y=y, x=alt.X("high:Q", scale=alt.Scale(domain=[0, 80])), text="label:N")
        return alt.layer(ranges, ticks, text).properties(width=290, height=alt.Step(22), title=title)

    return alt.vconcat(
        panel("absolute", "Accuracy lost (percentage points)", "Absolute loss"),
        panel("relative", "Accuracy lost (% of the original accuracy)", "Relative loss"),
    ).add_params(level).properties(
        title=alt.Title("Real test sets beside the toy", subtitle="Bars: ranges reported in the papers; ticks: the toy at the strength the slider picks"),
        description=(
            "Two panels of horizontal bars. Absolute loss: ImageNet classifiers lose 11 to 14 percentage points on ImageNetV2 and "
            "CIFAR-10 classifiers 3 to 15 on CIFAR-10.1 (Recht et al. 2019). Relative loss: ImageNet classifiers lose 40 to 45 "
            "percent of their performance on ObjectNet (Barbu et al. 2019). Ticks show the toy's loss for each kind of shift."
        ),
    )


def scatter_parts(kind: str, shift_strength: float, adapt_prior: bool = False, seed: int = 0) -> tuple[dict, dict]:
    kind = check_choice("kind", kind, meta_learning.SHIFT_KINDS)
    check_number("shift_strength", shift_strength, low=0.0, high=meta_learning.MAX_STRENGTHS[kind])
    points, boundary = meta_learning.shift_scene(kind, [shift_strength], seed, adapt_prior=adapt_prior)
    accuracy, shift = points["test_accuracy"].iloc[0], _strength_text(kind, float(shift_strength))
    rule = "rule with re-estimated prior" if adapt_prior else "fixed rule"
    return {"dots": _dots(points), "line": boundary[["input_1", "input_2"]]}, {
        "title": shift[0].upper() + shift[1:], "subtitle": f"{rule}: accuracy {accuracy:.1%}",
        "description": f"Scatter of {len(points)} test points, {shift}, with the decision boundary of the {rule}; accuracy on all test points is {accuracy:.1%}."}


def scatter_draw(frames: dict[str, pd.DataFrame], slots: dict[str, str]) -> alt.LayerChart:
    return alt.layer(*_scatter_layers(frames["dots"], frames["line"], [])).properties(
        width=400, height=340, title=alt.Title(slots["title"], subtitle=slots["subtitle"]), description=slots["description"])


def shift_scatter(kind: str, shift_strength: float, adapt_prior: bool = False, seed: int = 0) -> alt.LayerChart:
    """The test points under one shift of any allowed strength, fixed or EM-adapted rule (the meta-learning widget)."""
    return scatter_draw(*scatter_parts(kind, shift_strength, adapt_prior, seed))
