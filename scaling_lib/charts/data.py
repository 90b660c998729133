"""Charts for the appendix on the data (``book/data.md``); the page computes the frames they draw.

* :func:`compute_error_chart`: top-1 error against compute on log-log axes, one
  point per model and measure, coloured and shaped by the extra-data group
  (:data:`scaling_lib.vocabulary.EXTRA_DATA_GROUPS`); a drop-down picks the measure.
* :func:`coverage_chart`: for each year, the models of the year against those that
  have each measure.
"""
from __future__ import annotations

import altair as alt
import pandas as pd

from .._checks import check_frame
from ..vocabulary import GROUP_COLOURS, GROUP_LABELS, GROUP_SHAPES
from .common import dropdown, log_axis_note
from .theme import BLUE, INK, NEUTRAL

__all__ = ["compute_error_chart", "coverage_chart"]


def compute_error_chart(points: pd.DataFrame, measure_start: str | None = None) -> alt.LayerChart:
    """Log-log scatter of ``top1_error`` (fraction) against ``compute_flop`` (FLOP), one menu entry per ``measure``.

    ``points`` has one row per model and measure with ``model``, ``year``, ``top1_error``,
    ``measure``, ``compute_flop``, ``extra_training_data`` and ``extra_data`` (its group label).
    """
    check_frame("points", points, ("model", "year", "top1_error", "measure", "compute_flop", "extra_training_data", "extra_data"))
    labels = list(dict.fromkeys(points["measure"]))
    start = labels[0] if measure_start is None else measure_start
    if not isinstance(start, str) or start not in labels:
        raise ValueError(f"measure_start must be one of {labels}; got {start!r}")
    counts = points.groupby("measure").size().reindex(labels)
    notes = pd.DataFrame({"measure": labels, "label": [f"{n} models have this measure" for n in counts]})
    measure = dropdown("measure", labels, start, "Compute measure ")
    group = {"field": "extra_data", "type": "nominal", "title": "Training data"}
    scatter = alt.Chart(points).transform_filter(alt.datum.measure == measure).mark_point(
        filled=True, size=80, stroke=INK, strokeWidth=0.5).encode(
        x=alt.X("compute_flop:Q", scale=alt.Scale(type="log"), axis=alt.Axis(format=".0e"),
                title=f"Compute ({log_axis_note('FLOP')})"),
        y=alt.Y("top1_error:Q", scale=alt.Scale(type="log"), axis=alt.Axis(format=".0%", values=[0.08, 0.1, 0.15, 0.2, 0.3, 0.4]),
                title=f"Top-1 error on ImageNet ({log_axis_note('%')})"),
        color=alt.Color(**group, scale=alt.Scale(domain=GROUP_LABELS, range=GROUP_COLOURS),
                        legend=alt.Legend(columns=2, symbolSize=90, labelLimit=260)),
        shape=alt.Shape(**group, scale=alt.Scale(domain=GROUP_LABELS, range=GROUP_SHAPES)),
        tooltip=[alt.Tooltip("model:N", title="Model"), alt.Tooltip("year:O", title="Year"),
                 alt.Tooltip("top1_error:Q", title="Top-1 error", format=".1%"),
                 alt.Tooltip("compute_flop:Q", title="Compute (FLOP)", format=".2e"),
                 alt.Tooltip("extra_training_data:N", title="Extra training data")])
    note = alt.Chart(notes).transform_filter(alt.datum.measure == measure).mark_text(
        align="right", baseline="top", fontSize=12, dx=-4, dy=4).encode(x=alt.value(440), y=alt.value(0), text="label:N")
    listed = ", ".join(f"{label} ({n} models)" for label, n in counts.items())
    return alt.layer(scatter, note).add_params(measure).properties(
        width=440, height=320,
        title=alt.Title("Lower error, more compute", subtitle="ImageNet classifiers in the book's table; hover a point for the model"),
        description=(f"Scatter plot on log-log axes of ImageNet top-1 error against training compute in FLOP, one point per "
                     f"model, coloured and shaped by the training data used. A drop-down picks the measure: {listed}. "
                     "Error falls as compute grows, and the lowest errors come from models trained with extra data."))


def coverage_chart(coverage: pd.DataFrame) -> alt.FacetChart:
    """Bars per measure and year: all models of the year (grey) and those with the measure (blue).

    ``coverage`` is indexed by year with a ``models`` column (models that year) and one
    column per measure (how many of them have it), in the order the rows are drawn.
    """
    check_frame("coverage", coverage, ("models",))
    order = [c for c in coverage.columns if c != "models"]
    long = coverage.rename_axis("year").reset_index().melt(id_vars=["year", "models"], var_name="measure", value_name="n_with")
    series = ["all models of the year", "models with this measure"]
    bars_data = pd.concat([long.assign(series=series[0], count=long["models"]),
                           long.assign(series=series[1], count=long["n_with"])], ignore_index=True)
    bars = alt.Chart().mark_bar(width={"band": 0.8}).encode(
        x=alt.X("year:O", title="Year of publication", axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y("count:Q", title="models", stack=None, axis=alt.Axis(tickCount=2, grid=True, titleFontSize=11)),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=series, range=[NEUTRAL, BLUE]), sort=series),
        order=alt.Order("series:N", sort="ascending"),
        tooltip=[alt.Tooltip("measure:N", title="Measure"), alt.Tooltip("year:O", title="Year"),
                 alt.Tooltip("n_with:Q", title="Models with it"), alt.Tooltip("models:Q", title="Models that year")])
    n_total = int(coverage["models"].sum())
    listed = ", ".join(f"{m} {int(coverage[m].sum())}" for m in order)
    header = alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start", labelOrient="top", labelFontSize=12, labelPadding=2)
    return alt.layer(bars, data=bars_data).properties(width=440, height=42).facet(
        row=alt.Row("measure:N", sort=order, title=None, header=header)).resolve_scale(y="shared").properties(
        spacing=6,
        title=alt.Title("Every model has an error; few have a compute figure", offset=10,
                        subtitle=f"{n_total} models by year of publication: grey, all models; blue, those with the measure"),
        description=(f"Bar charts, one row per measure, of how many of the book's {n_total} ImageNet models of each year from "
                     f"{int(coverage.index.min())} to {int(coverage.index.max())} have that measure, over grey bars for all "
                     f"models of the year. Models with each measure: {listed}. The compute rows are nearly empty next to the error rows."))
