"""Charts for the appendix *Appendix: the data* (``book/data.md``).

Two figures about the book's model table (``data/imagenet_models.csv``, joined
with ``data/accelerators.csv`` by :func:`scaling_lib.data.model_compute_table`):

* :func:`compute_error_chart`: top-1 error against a compute measure on log-log
  axes, one point per model, coloured *and* shaped by the kind of extra training
  data; a drop-down picks the measure (training compute, hardware burden,
  network operations).
* :func:`coverage_chart`: for each measure, how many models of each year have
  it, against all the models of that year.

The tidy tables behind them (:func:`scaling_lib.data.compute_error_points`,
:func:`scaling_lib.data.coverage_by_year`) are computed and tested in
:mod:`scaling_lib.data`; the charts only select rows of them with the drop-down.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from .. import data
from .common import dropdown, log_axis_note
from .theme import INK, NEUTRAL, PALETTE

__all__ = [
    "EXTRA_DATA_STYLES",
    "compute_error_chart",
    "coverage_chart",
]

#: Colour and point shape of each kind of training data (keys: :data:`scaling_lib.data.EXTRA_DATA_CATEGORIES`, in legend order).
EXTRA_DATA_STYLES: dict[str, tuple[str, str]] = dict(
    zip(
        data.EXTRA_DATA_CATEGORIES,
        [(PALETTE[0], "circle"), (PALETTE[1], "square"), (PALETTE[2], "triangle-up"), (PALETTE[3], "diamond")],
        strict=True,
    )
)

_X_DOMAIN = (1e17, 1e24)  # FLOP: every measure of every model in the table lies inside
_Y_DOMAIN = (0.08, 0.4)  # top-1 error fraction
_GREY = NEUTRAL


def compute_error_chart(table: pd.DataFrame | None = None, measure_start: str | None = None) -> alt.LayerChart:
    """Log-log scatter of top-1 error against compute, coloured and shaped by extra training data.

    A drop-down picks the compute measure (the keys of
    :data:`scaling_lib.data.COMPUTE_MEASURES`; ``measure_start`` is the first shown, default the
    training compute). Hovering a point shows the model, its year, error,
    compute and the extra data as written in the table. ``table`` is
    :func:`scaling_lib.data.model_compute_table` (its default).
    """
    points = data.compute_error_points(table)
    labels = list(data.COMPUTE_MEASURES)
    start = labels[0] if measure_start is None else measure_start
    if not isinstance(start, str) or start not in labels:
        raise ValueError(f"measure_start must be one of {labels}; got {start!r}")
    counts = points.groupby("measure")["n_models"].first().reindex(labels)
    notes = pd.DataFrame({"measure": labels, "label": [f"{int(n)} models have this measure" for n in counts]})
    measure = dropdown("measure", labels, start, "Compute measure ")
    categories = list(EXTRA_DATA_STYLES)
    colour = alt.Color(
        "extra_data:N",
        title="Training data",
        scale=alt.Scale(domain=categories, range=[EXTRA_DATA_STYLES[c][0] for c in categories]),
        legend=alt.Legend(columns=2, symbolSize=90, labelLimit=260),
    )
    shape = alt.Shape(
        "extra_data:N",
        title="Training data",
        scale=alt.Scale(domain=categories, range=[EXTRA_DATA_STYLES[c][1] for c in categories]),
    )
    x = alt.X(
        "compute_flop:Q",
        scale=alt.Scale(type="log", domain=list(_X_DOMAIN)),
        axis=alt.Axis(
            format=".0e",
            values=[10.0**p for p in range(17, 25)],
            labelExpr="round(log(datum.value) / LN10) % 2 == 0 ? datum.label : ''",  # label every other decade
        ),
        title=f"Compute ({log_axis_note('FLOP')})",
    )
    y = alt.Y(
        "top1_error:Q",
        scale=alt.Scale(type="log", domain=list(_Y_DOMAIN)),
        axis=alt.Axis(format=".0%", values=[0.08, 0.1, 0.15, 0.2, 0.3, 0.4]),
        title=f"Top-1 error on ImageNet ({log_axis_note('%')})",
    )
    scatter = (
        alt.Chart(points)
        .transform_filter(alt.datum.measure == measure)
        .mark_point(filled=True, size=80, stroke=INK, strokeWidth=0.5)
        .encode(
            x=x,
            y=y,
            color=colour,
            shape=shape,
            tooltip=[
                alt.Tooltip("model:N", title="Model"),
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("top1_error:Q", title="Top-1 error", format=".1%"),
                alt.Tooltip("compute_flop:Q", title="Compute (FLOP)", format=".2e"),
                alt.Tooltip("extra_training_data:N", title="Extra training data"),
            ],
        )
    )
    note = (
        alt.Chart(notes)
        .transform_filter(alt.datum.measure == measure)
        .mark_text(align="right", baseline="top", fontSize=12, dx=-4, dy=4)
        .encode(x=alt.value(440), y=alt.value(0), text="label:N")
    )
    n_by = {label: int(n) for label, n in counts.items()}
    train = points.loc[points["measure"] == labels[0]]
    lowest = train.loc[train["top1_error"].idxmin()] if len(train) else None
    described = (
        f"Scatter plot on log-log axes of ImageNet top-1 error against compute in FLOP, one point per model, "
        f"coloured and shaped by the training data used. A drop-down picks the compute measure: training compute "
        f"({n_by[labels[0]]} models), hardware burden ({n_by[labels[1]]}) or network operations ({n_by[labels[2]]})."
    )
    if lowest is not None:
        described += (
            f" Error falls as compute grows, and the lowest errors come from models trained with extra data: "
            f"{lowest['model']} reaches {lowest['top1_error']:.1%} with {lowest['compute_flop']:.1e} FLOP of training compute."
        )
    return (
        alt.layer(scatter, note)
        .add_params(measure)
        .properties(
            width=440,
            height=320,
            title=alt.Title(
                "Lower error, more compute",
                subtitle="ImageNet classifiers in the book's table; hover a point for the model",
            ),
            description=described,
        )
    )


def coverage_chart(table: pd.DataFrame | None = None) -> alt.FacetChart:
    """Bars, one row per measure: models of each year that have the measure, over all models of that year.

    ``table`` is :func:`scaling_lib.data.model_compute_table` (its default).
    Grey bars count every model of the year; coloured bars the models that have
    the measure, so a short coloured bar inside a tall grey one is a gap in the
    data.
    """
    coverage = data.coverage_by_year(table)
    series = ["all models of the year", "models with this measure"]
    long = pd.concat(
        [
            coverage.assign(series=series[0], count=coverage["n_models"]),
            coverage.assign(series=series[1], count=coverage["n_with"]),
        ],
        ignore_index=True,
    )
    order = list(data.COVERAGE_MEASURES)
    colour = alt.Color(
        "series:N", title=None, scale=alt.Scale(domain=series, range=[_GREY, PALETTE[0]]), sort=series
    )
    bars = (
        alt.Chart()
        .mark_bar(width={"band": 0.8})
        .encode(
            x=alt.X("year:O", title="Year of publication", axis=alt.Axis(labelAngle=0, labelOverlap=True)),
            y=alt.Y("count:Q", title="models", stack=None, axis=alt.Axis(tickCount=2, grid=True, titleFontSize=11)),
            color=colour,
            order=alt.Order("series:N", sort="ascending"),
            tooltip=[
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("year:O", title="Year"),
                alt.Tooltip("n_with:Q", title="Models with it"),
                alt.Tooltip("n_models:Q", title="Models that year"),
            ],
        )
    )
    n_total = int(coverage.drop_duplicates("year")["n_models"].sum())
    totals = coverage.groupby("measure", sort=False)["n_with"].sum().reindex(order)
    listed = ", ".join(f"{label} {int(n)}" for label, n in totals.items())
    return (
        alt.layer(bars, data=long)
        .properties(width=440, height=42)
        .facet(
            row=alt.Row(
                "measure:N",
                sort=order,
                title=None,
                header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top", labelFontSize=12, labelPadding=2),
            )
        )
        .resolve_scale(y="shared")
        .properties(
            spacing=6,
            title=alt.Title(
                "Every model has an error; few have a compute figure",
                offset=10,
                subtitle=f"{n_total} models by year of publication: grey, all models; blue, those with the measure",
            ),
            description=(
                f"Bar charts, one row per measure, of how many of the book's {n_total} ImageNet models of each year "
                f"from {int(coverage['year'].min())} to {int(coverage['year'].max())} have that measure, over grey bars "
                f"for all models of the year. Models with each measure: {listed}. The compute rows are nearly empty "
                "next to the error rows."
            ),
        )
    )
