"""Charts for the chapter *The ninth power: what progress on ImageNet really cost* (``book/scaling.md``).

Every number drawn is computed by :mod:`scaling_lib.forecast` (which calls
:mod:`scaling_lib.fits` and :mod:`scaling_lib.costs`); the Vega-Lite parameters
(drop-downs and sliders) only select precomputed rows.
"""
from __future__ import annotations

from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from .. import forecast
from .._checks import check_frame, check_mapping, check_number, check_positive, check_text
from .common import dropdown, slider
from .theme import BLUE, INK, VERMILION

_CALCULATOR_COLUMNS = {
    "compute": ("target_error_pct", "compute_flop", "compute_flop_low", "compute_flop_high"),
    "device": ("target_error_pct", "utilization", "device_years", "energy_kwh"),
    "cost": ("target_error_pct", "utilization", "dollars_per_gpu_hour", "dollars"),
    "carbon": ("target_error_pct", "utilization", "lbs_co2_per_kwh", "co2_tonnes", "nyc_months", "flights"),
}


def _check_measures(measures: Any) -> list[str] | None:
    """``None`` (or an empty list) for the default measures, else a list of measure names."""
    if measures is None:
        return None
    if not isinstance(measures, (list, tuple)):
        raise TypeError(f"measures must be a list of measure names, got {type(measures).__name__}")
    for index, measure in enumerate(measures):
        check_text(f"measures[{index}]", measure)
    return list(measures) or None


def _check_tables(tables: Any, extra: dict[str, tuple[str, ...]] | None = None) -> dict[str, pd.DataFrame]:
    """``tables`` must be the dict of DataFrames from :func:`scaling_lib.forecast.calculator_tables`."""
    check_mapping("tables", tables)
    for name, columns in _CALCULATOR_COLUMNS.items():
        if name not in tables:
            raise ValueError(f"tables must be the output of forecast.calculator_tables, with a {name!r} table; got keys {sorted(map(str, tables))}")
        check_frame(f"tables[{name!r}]", tables[name], columns + (extra or {}).get(name, ()))
    return tables

__all__ = [
    "GROUP_ORDER",
    "scaling_chart",
    "gamma_chart",
    "residual_chart",
    "calculator_chart",
    "readout_chart",
    "forecast_chart",
    "record_chart",
]

#: Order (and so colour and shape) of the extra-data groups in every chart.
GROUP_ORDER = ["ImageNet-1k only", "JFT (Google, private)", "Instagram (Meta, private)", "other extra data"]
_GROUP_SHAPES = ["circle", "square", "triangle-up", "diamond"]

_COMPUTE_AXIS = "Training compute, FLOP (log scale)"
_ERROR_AXIS = "Top-1 error, % (log scale)"
_ERROR_TICKS = [1, 2, 3, 5, 7, 10, 15, 20, 30, 40]


def _group_colour(title: str | None = "Training data") -> alt.Color:
    return alt.Color("data_group:N", title=title, sort=GROUP_ORDER, scale=alt.Scale(domain=GROUP_ORDER), legend=alt.Legend(columns=2))


def _group_shape(title: str | None = "Training data") -> alt.Shape:
    return alt.Shape("data_group:N", title=title, sort=GROUP_ORDER, scale=alt.Scale(domain=GROUP_ORDER, range=_GROUP_SHAPES), legend=alt.Legend(columns=2))


def _powers_of_ten(domain: tuple[float, float], max_ticks: int = 9) -> list[float]:
    low, high = int(round(np.log10(domain[0]))), int(round(np.log10(domain[1])))
    step = max(1, int(np.ceil((high - low + 1) / max_ticks)))
    return [float(10.0**k) for k in range(low, high + 1, step)]


def _x_compute(domain: tuple[float, float]) -> alt.X:
    return alt.X(
        "compute_flop:Q",
        scale=alt.Scale(type="log", domain=list(domain)),
        title=_COMPUTE_AXIS,
        axis=alt.Axis(values=_powers_of_ten(domain), labelExpr="'1e' + round(log(datum.value) / LN10)", gridOpacity=0.1),
    )


def _y_error(domain: tuple[float, float], field: str = "top1_error_pct") -> alt.Y:
    return alt.Y(f"{field}:Q", scale=alt.Scale(type="log", domain=list(domain)), title=_ERROR_AXIS,
                 axis=alt.Axis(values=[t for t in _ERROR_TICKS if domain[0] <= t <= domain[1]]))


def _point_tooltip(compute_title: str = "Compute (FLOP)") -> list[alt.Tooltip]:
    return [
        alt.Tooltip("model:N", title="Model"),
        alt.Tooltip("publication_date:T", title="Published", format="%b %Y"),
        alt.Tooltip("top1_error_pct:Q", title="Top-1 error (%)", format=".1f"),
        alt.Tooltip("compute_flop:Q", title=compute_title, format=".2e"),
        alt.Tooltip("extra_training_data:N", title="Extra training data"),
    ]


def _gamma_text(fit: Any) -> str:
    high = "∞" if not np.isfinite(fit.gamma_high) else f"{fit.gamma_high:.1f}"
    return f"γ = {fit.gamma:.1f} (95% CI {fit.gamma_low:.1f}–{high}), n = {fit.n}, R² = {fit.r_squared:.2f}"


# ---------------------------------------------------------------------------
# Figure 1: the data, the fit and its band, with a measure toggle
# ---------------------------------------------------------------------------
def scaling_chart(table: pd.DataFrame | None = None, measures: list[str] | None = None, start: str = forecast.DEFAULT_MEASURE) -> alt.LayerChart:
    """Log-log scatter of top-1 error against compute with the fitted power law and its 95 % confidence band.

    A drop-down switches among ``measures`` (default: every measure with at
    least :data:`scaling_lib.forecast.MIN_POINTS` models). Points are coloured
    and shaped by the training data used and labelled on hover; a line of text
    gives the measure's γ, its interval and n.
    """
    table = forecast._table(table)
    measures = _check_measures(measures) or forecast.usable_measures(table)
    if check_text("start", start) not in measures:
        raise ValueError(f"start must be one of the measures shown ({', '.join(measures)}), got {start!r}")
    points, lines, notes = [], [], []
    for measure in measures:
        pts = forecast.scaling_points(table, measure)
        fit = forecast.fit_measure(table, measure, n_bootstrap=0)
        lo, hi = pts["compute_flop"].min(), pts["compute_flop"].max()
        line = forecast.fit_line(fit, lo / 1.5, hi * 1.5).assign(measure=measure)
        points.append(pts.drop(columns=["uses_extra_data"]))
        lines.append(line)
        notes.append({"measure": measure, "text": _gamma_text(fit)})
    points_df = pd.concat(points, ignore_index=True)
    points_df["publication_date"] = points_df["publication_date"].dt.strftime("%Y-%m-%d")
    lines_df = pd.concat(lines, ignore_index=True)
    notes_df = pd.DataFrame(notes)
    choice = dropdown("measure", measures, start, "Compute measure ")
    x_domain = (10 ** np.floor(np.log10(points_df["compute_flop"].min() / 1.5)), 10 ** np.ceil(np.log10(points_df["compute_flop"].max() * 1.5)))
    y_domain = (7.0, 45.0)
    x = _x_compute(x_domain)
    pick = alt.datum.measure == choice
    band = alt.Chart(lines_df).transform_filter(pick).mark_area(opacity=0.25, color="#888888", clip=True).encode(
        x=x, y=_y_error(y_domain, "mean_low_pct"), y2="mean_high_pct:Q"
    )
    fitted = alt.Chart(lines_df).transform_filter(pick).mark_line(color=INK, strokeDash=[6, 3], clip=True).encode(x=x, y=_y_error(y_domain))
    dots = alt.Chart(points_df).transform_filter(pick).mark_point(size=80, filled=True).encode(
        x=x, y=_y_error(y_domain), color=_group_colour(), shape=_group_shape(), tooltip=_point_tooltip()
    )
    note = alt.Chart(notes_df).transform_filter(pick).mark_text(align="right", baseline="top", fontSize=12).encode(
        x=alt.value(440), y=alt.value(4), text="text:N"
    )
    return (
        alt.layer(band, fitted, dots, note)
        .add_params(choice)
        .properties(
            width=440,
            height=320,
            title=alt.Title("Lower error cost ever more compute", subtitle="ImageNet top-1 error against training compute; dashed: power-law fit, grey: 95% confidence band"),
            description=(
                "Log-log scatter of ImageNet top-1 error (percent) against training compute (FLOP) for the models in data/ that have "
                "the chosen compute measure, with the fitted power law and its 95% confidence band; a drop-down switches the measure. "
                + " ".join(f"{n['measure']}: {n['text']}." for n in notes)
                + " Points are coloured by extra training data: the lowest errors all use data beyond ImageNet-1k."
            ),
        )
    )


# ---------------------------------------------------------------------------
# Figure 2: our gamma beside the paper's
# ---------------------------------------------------------------------------
_VERSION_LABELS = {"ours": "this book", "v2": "paper v2 (2022)", "v1": "paper v1 (2020)", "article": "article (2021)", "theory": "theory"}


def gamma_chart(gammas: pd.DataFrame, x_max: float = 25.0) -> alt.LayerChart:
    """Dot-and-interval chart of γ: our fits (from :func:`scaling_lib.forecast.gamma_table`) beside the published values.

    Intervals reaching beyond ``x_max`` (or infinity) are cut at ``x_max`` and
    marked with an arrow in the label.
    """
    check_frame("gammas", gammas, ("source", "version", "measure", "sample", "n", "gamma", "gamma_low", "gamma_high"))
    x_max = check_positive("x_max", x_max)
    frame = gammas.copy()
    frame["who"] = frame["version"].map(_VERSION_LABELS).fillna(frame["version"])
    n_text = frame["n"].map(lambda n: "" if pd.isna(n) else f", n = {int(n)}")
    short_measure = frame["measure"].map({m: info["short"] for m, info in forecast.MEASURES.items()}).fillna(frame["measure"])
    short_sample = frame["sample"].replace({"all models, 2012-2023": "all", "all models": "all", "published up to mid-2020": "to mid-2020",
                                            "no extra training data": "ImageNet-1k only"})
    frame["row"] = np.select(
        [frame["version"] == "ours", frame["version"] == "article", frame["version"] == "theory"],
        ["ours, " + short_measure + ", " + short_sample + n_text, "article (2021): at least 9", "theory: lower bound k⁴"],
        frame["who"] + ", " + short_measure + n_text,
    )
    frame["cut"] = frame["gamma_high"] > x_max
    frame["high_shown"] = frame["gamma_high"].clip(upper=x_max)
    frame["interval"] = [
        "" if pd.isna(lo) else f"{lo:.1f}–{'∞' if not np.isfinite(hi) else f'{hi:.1f}'}"
        for lo, hi in zip(frame["gamma_low"], frame["gamma_high"])
    ]
    frame["label"] = [f"{g:.1f}" + (f" ({iv})" if iv else "") + (" →" if cut else "") for g, iv, cut in zip(frame["gamma"], frame["interval"], frame["cut"])]
    frame = frame[["row", "who", "gamma", "gamma_low", "high_shown", "label", "interval", "source"]].replace({np.inf: None})
    order = list(frame["row"])
    colour = alt.Color("who:N", title=None, sort=list(_VERSION_LABELS.values()), legend=alt.Legend(columns=2))
    y = alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=300, labelFontSize=11))
    x_scale = alt.Scale(domain=[0, x_max])
    rules = alt.Chart(frame).mark_rule(strokeWidth=2).encode(x=alt.X("gamma_low:Q", scale=x_scale), x2="high_shown:Q", y=y, color=colour)
    dots = alt.Chart(frame).mark_point(size=90, filled=True).encode(
        x=alt.X("gamma:Q", scale=x_scale, title="Exponent γ: compute ∝ (1/error)^γ"),
        y=y,
        color=colour,
        tooltip=[alt.Tooltip("source:N", title="Source"), alt.Tooltip("gamma:Q", format=".2f", title="γ"), alt.Tooltip("interval:N", title="95% interval")],
    )
    labels = alt.Chart(frame).mark_text(align="left", dx=8, dy=-9, fontSize=10).encode(x=alt.X("gamma:Q", scale=x_scale), y=y, text="label:N")
    floor = alt.Chart(pd.DataFrame({"gamma": [4.0]})).mark_rule(strokeDash=[4, 4], color=INK).encode(x=alt.X("gamma:Q", scale=x_scale))
    ours = gammas[gammas["version"] == "ours"].iloc[0]
    return alt.layer(floor, rules, dots, labels).properties(
        width=220,
        height=28 * len(frame),
        title=alt.Title("Every estimate of γ sits above the theoretical 4", subtitle="Dots: γ; bars: 95% interval (arrow: cut at 25 or unbounded)"),
        description=(
            f"Dot-and-interval chart of the exponent γ. This book's fit on hardware burden for all {int(ours['n'])} models gives "
            f"{ours['gamma']:.1f} ({ours['gamma_low']:.1f} to {ours['gamma_high']:.1f}); the paper's 2022 version reports 10.8 "
            "(9.5 to 12.3) for hardware burden and 12.1 for network operations; its 2020 extrapolation implies about 13.8; "
            "the article says at least 9; theory's floor, the dashed line, is 4."
        ),
    )


# ---------------------------------------------------------------------------
# Figure 3: the calculator
# ---------------------------------------------------------------------------
_READOUT_ROWS = (
    ("compute", "Compute needed, FLOP", "compute_text"),
    ("compute", "95% prediction range, FLOP", "range_text"),
    ("device", "GPU-years", "device_text"),
    ("cost", "Cloud cost, US$", "cost_text"),
    ("device", "Energy, kWh", "energy_text"),
    ("carbon", "CO₂ emitted, tonnes", "co2_text"),
    ("carbon", "= months of New York City's CO₂", "nyc_text"),
    ("carbon", "= New York–San Francisco flights", "flights_text"),
)


def _add_texts(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Format the calculator's numbers for display and keep only the columns the readout needs."""
    fmt = forecast.format_sci
    compute = tables["compute"].copy()
    compute["compute_text"] = [fmt(c) for c in compute["compute_flop"]]
    compute["range_text"] = [f"{fmt(lo)} to {fmt(hi)}" for lo, hi in zip(compute["compute_flop_low"], compute["compute_flop_high"])]
    device = tables["device"].copy()
    device["device_text"] = [fmt(v) for v in device["device_years"]]
    device["energy_text"] = [fmt(v) for v in device["energy_kwh"]]
    cost = tables["cost"].copy()
    cost["cost_text"] = [forecast.format_dollars(v) for v in cost["dollars"]]
    carbon = tables["carbon"].copy()
    carbon["co2_text"] = [fmt(t) for t in carbon["co2_tonnes"]]
    carbon["nyc_text"] = [fmt(m) for m in carbon["nyc_months"]]
    carbon["flights_text"] = [fmt(f) for f in carbon["flights"]]
    for frame in (device, cost, carbon):
        frame["utilization_pct"] = np.round(100 * frame["utilization"].to_numpy(dtype=float)).astype(int)
    keep = {
        "compute": ["target_error_pct", "compute_flop", "compute_text", "range_text"],
        "device": ["target_error_pct", "utilization_pct", "device_years", "energy_kwh", "device_text", "energy_text"],
        "cost": ["target_error_pct", "utilization_pct", "dollars_per_gpu_hour", "dollars", "cost_text"],
        "carbon": ["target_error_pct", "utilization_pct", "lbs_co2_per_kwh", "co2_tonnes", "co2_text", "nyc_text", "flights_text"],
    }
    frames = {"compute": compute, "device": device, "cost": cost, "carbon": carbon}
    return {name: frame[keep[name]] for name, frame in frames.items()}


def readout_chart(tables: dict[str, pd.DataFrame], filters: dict[str, Any] | None = None, *, title: str = "What the target costs", description: str | None = None) -> alt.LayerChart:
    """A text table of compute, device time, cost, energy, CO₂ and comparisons, one line per quantity.

    ``tables`` is the output of :func:`scaling_lib.forecast.calculator_tables`
    (or a one-row version of it); ``filters`` maps each table name to a
    Vega-Lite predicate that selects the row to show. Without ``filters``
    every table must hold exactly one row (the live widget's case), and the
    chart is one table of labels and values.
    """
    _check_tables(tables)
    if filters is not None:
        check_mapping("filters", filters)
    check_text("title", title)
    if description is not None:
        check_text("description", description)
    texts = _add_texts(tables)
    row_height = 22
    y_scale = alt.Scale(domain=list(range(len(_READOUT_ROWS))))
    labels = pd.DataFrame({"label": [label for _, label, _ in _READOUT_ROWS], "row": range(len(_READOUT_ROWS))})
    layers = [
        alt.Chart(labels).mark_text(align="right", baseline="middle", fontSize=12, color=INK).encode(
            x=alt.value(215), y=alt.Y("row:O", axis=None, scale=y_scale), text="label:N"
        )
    ]
    if not filters:
        # one setting (the live widget): a single long table, one text layer
        if any(len(frame) != 1 for frame in texts.values()):
            raise ValueError("filters are needed when the tables hold more than one row each")
        values = labels.assign(value=[str(texts[name][column].iloc[0]) for name, _, column in _READOUT_ROWS])
        layers = [
            alt.Chart(values).mark_text(align="right", baseline="middle", fontSize=12, color=INK).encode(
                x=alt.value(215), y=alt.Y("row:O", axis=None, scale=y_scale), text="label:N"
            ),
            alt.Chart(values).mark_text(align="left", baseline="middle", fontSize=13, fontWeight=600).encode(
                x=alt.value(225), y=alt.Y("row:O", axis=None, scale=y_scale), text="value:N"
            ),
        ]
    else:
        for i, (name, _, column) in enumerate(_READOUT_ROWS):
            chart = alt.Chart(texts[name])
            if filters.get(name) is not None:
                chart = chart.transform_filter(filters[name])
            layers.append(
                chart.mark_text(align="left", baseline="middle", fontSize=13, fontWeight=600).encode(
                    x=alt.value(225), y=alt.value(row_height * i + row_height / 2), text=f"{column}:N"
                )
            )
    return alt.layer(*layers).properties(
        width=440,
        height=row_height * len(_READOUT_ROWS),
        title=title,
        description=description or "Text table of the compute, device time, cost, energy and CO₂ needed to reach the chosen top-1 error.",
    )


def _labelled_dropdown(name: str, values: pd.Series, labels: pd.Series, label: str) -> alt.Parameter:
    """A drop-down whose options are numbers (matched exactly by the filters) shown with explanatory labels.

    Like :func:`scaling_lib.charts.common.dropdown`, but the menu shows ``labels``
    while the parameter takes the numeric ``values``; the first value is the default.
    """
    options = [float(v) for v in values]
    return alt.param(name=name, value=options[0], bind=alt.binding_select(options=options, labels=[str(x) for x in labels], name=label))


def calculator_chart(tables: dict[str, pd.DataFrame] | None = None, table: pd.DataFrame | None = None, *, start_pct: float = 5.0) -> alt.VConcatChart:
    """The static calculator: a slider for the target error and controls for the conversion factors.

    ``tables`` defaults to :func:`scaling_lib.forecast.calculator_tables` on
    ``table``. Top: a text readout of compute, device-years, cost, energy, CO₂,
    New York City months and flights. Bottom: the fitted line (hardware burden)
    extended to the target, with the models, the 95 % prediction band and the
    paper's v1 points.
    """
    table = forecast._table(table)
    tables = tables if tables is not None else forecast.calculator_tables(table)
    _check_tables(tables, {"cost": ("price_option",), "carbon": ("intensity_option",)})
    check_number("start_pct", start_pct)
    targets = tables["compute"]["target_error_pct"].to_numpy(dtype=float)
    if start_pct not in set(targets):
        raise ValueError(f"start_pct must be one of the grid's targets, got {start_pct!r}")
    utils = sorted(int(round(100 * u)) for u in tables["device"]["utilization"].unique())
    prices = tables["cost"].drop_duplicates("price_option")[["price_option", "dollars_per_gpu_hour"]]
    grids = tables["carbon"].drop_duplicates("intensity_option")[["intensity_option", "lbs_co2_per_kwh"]]
    target = slider("target_pct", targets, start_pct, "Target top-1 error, % ")
    util = slider("utilization_pct", utils, max(utils), "Share of peak used, % ")
    price = _labelled_dropdown("price", prices["dollars_per_gpu_hour"], prices["price_option"], "Price per GPU-hour ")
    grid = _labelled_dropdown("grid", grids["lbs_co2_per_kwh"], grids["intensity_option"], "Grid carbon intensity ")
    same_target = alt.datum.target_error_pct == target
    same_util = alt.datum.utilization_pct == util
    readout = readout_chart(
        tables,
        {
            "compute": same_target,
            "device": same_target & same_util,
            "cost": same_target & same_util & (alt.datum.dollars_per_gpu_hour == price),
            "carbon": same_target & same_util & (alt.datum.lbs_co2_per_kwh == grid),
        },
        title="What reaching the target would take",
    )
    # bottom panel: the fitted line extended from the data to the lowest target
    fit = forecast.fit_measure(table, forecast.DEFAULT_MEASURE, n_bootstrap=0)
    pts = forecast.scaling_points(table, forecast.DEFAULT_MEASURE)
    hi_compute = float(tables["compute"]["compute_flop"].max()) * 3
    line = forecast.fit_line(fit, pts["compute_flop"].min() / 2, hi_compute, n_points=80)
    compute_rows = tables["compute"][["target_error_pct", "compute_flop"]]
    v1 = forecast.costs.v1_imagenet_table()
    v1 = v1[v1["model"] == "polynomial"].assign(compute_flop=lambda d: d["compute_gflop"] * 1e9, top1_error_pct=lambda d: 100 * d["top1_error"], source="paper v1 (2020) table")
    v1 = v1[v1["compute_flop"] <= hi_compute][["compute_flop", "top1_error_pct", "source", "target"]]
    x_domain = (1e17, 10 ** np.ceil(np.log10(hi_compute)))
    y_domain = (0.9, 45.0)
    x = _x_compute(x_domain)
    band = alt.Chart(line).mark_area(opacity=0.2, color="#888888", clip=True).encode(x=x, y=_y_error(y_domain, "pred_low_pct"), y2="pred_high_pct:Q")
    fitted = alt.Chart(line).mark_line(color=INK, strokeDash=[6, 3], clip=True).encode(x=x, y=_y_error(y_domain))
    dots = alt.Chart(pts.assign(publication_date=pts["publication_date"].dt.strftime("%Y-%m-%d")).drop(columns=["uses_extra_data"])).mark_point(
        size=50, filled=True
    ).encode(x=x, y=_y_error(y_domain), color=_group_colour(None), shape=_group_shape(None), tooltip=_point_tooltip())
    paper = alt.Chart(v1).mark_point(shape="cross", size=140, color=VERMILION, filled=True).encode(
        x=x, y=_y_error(y_domain), tooltip=[alt.Tooltip("source:N"), alt.Tooltip("target:N"), alt.Tooltip("top1_error_pct:Q", title="Top-1 error (%)"), alt.Tooltip("compute_flop:Q", format=".0e", title="Compute (FLOP)")]
    )
    chosen = alt.Chart(compute_rows).transform_filter(same_target)
    marker = chosen.mark_point(size=220, shape="circle", filled=False, strokeWidth=3, color=INK).encode(x=x, y=_y_error(y_domain, "target_error_pct"))
    hline = chosen.mark_rule(strokeDash=[2, 3], color=INK).encode(y=_y_error(y_domain, "target_error_pct"))
    curve = alt.layer(band, fitted, dots, paper, hline, marker).properties(
        width=440, height=260, title=alt.Title("The fitted line, extended to the target", subtitle="Ring: your target; vermilion crosses: the paper's v1 table; grey: 95% prediction band")
    )
    c5 = tables["compute"].set_index("target_error_pct")["compute_flop"]
    return (
        alt.vconcat(readout, curve)
        .add_params(target, util, price, grid)
        .properties(
            title=alt.Title("Calculator: the price of a lower ImageNet error", subtitle="Move the slider and menus; every number was computed in Python from the fit on data/"),
            description=(
                "Calculator. A slider picks a target top-1 error from 1% to 11%; a second slider the share of peak used; menus the price "
                "per GPU-hour and the grid's carbon intensity. Top: compute, device-years, cloud cost, energy, CO2, months of New York "
                f"City's emissions and New York to San Francisco flights. Bottom: the hardware-burden fit extended to the target. With "
                f"the defaults, 5% error needs {forecast.format_sci(float(c5.get(5.0, c5.iloc[0])))} FLOP and 1% needs "
                f"{forecast.format_sci(float(c5.get(1.0, c5.iloc[0])))} FLOP."
            ),
        )
    )


# ---------------------------------------------------------------------------
# Figure 4: the forecast test
# ---------------------------------------------------------------------------
def forecast_chart(table: pd.DataFrame | None = None, measures: list[str] | None = None, start: str = forecast.DEFAULT_MEASURE) -> alt.LayerChart:
    """Fit on models up to mid-2020 (filled), extended with its 95 % prediction band; later models (open) show where progress landed.

    A drop-down switches between the measures with at least
    :data:`scaling_lib.forecast.MIN_POINTS` models before the cutoff and one after.
    A dotted line marks the article's 5 % target and a ring the compute the
    early fit says 5 % needs.
    """
    table = forecast._table(table)
    counts = forecast.measure_counts(table)
    measures = _check_measures(measures) or counts.loc[(counts["n_up_to_cutoff"] >= forecast.MIN_POINTS) & (counts["n_after_cutoff"] >= 1), "measure"].tolist()
    if check_text("start", start) not in measures:
        raise ValueError(f"start must be one of the measures shown ({', '.join(measures)}), got {start!r}")
    pts_all, lines, targets, notes = [], [], [], []
    for measure in measures:
        pts = forecast.scaling_points(table, measure)
        test = forecast.forecast_test(table, measure).set_index("model")
        summary = forecast.forecast_summary(table, measure)
        fit = forecast.fit_measure(table, measure, sample="up to cutoff", n_bootstrap=0)
        pts["verdict"] = pts["model"].map(test["verdict"]).fillna("used for the fit")
        pts["forecast_compute_flop"] = pts["model"].map(test["forecast_compute_flop"])
        pts_all.append(pts.drop(columns=["uses_extra_data"]))
        top = max(summary["forecast_target_flop"] * 3, pts["compute_flop"].max() * 2)
        lines.append(forecast.fit_line(fit, pts["compute_flop"].min() / 2, top, n_points=80).assign(measure=measure))
        targets.append({"measure": measure, "compute_flop": summary["forecast_target_flop"], "top1_error_pct": 100 * summary["target_error"],
                        "label": f"early fit: 5% needs {forecast.format_sci(summary['forecast_target_flop'])} FLOP"})
        notes.append(
            f"{measure}: fitted on {summary['n_fit']} models (γ = {summary['gamma_before']:.1f}), {summary['n_held_out']} later models, "
            f"{summary['n_inside']} inside the band, {summary['n_cheaper']} cheaper than forecast, {summary['n_dearer']} dearer"
        )
    points_df = pd.concat(pts_all, ignore_index=True)
    points_df["publication_date"] = points_df["publication_date"].dt.strftime("%Y-%m-%d")
    lines_df = pd.concat(lines, ignore_index=True)
    targets_df = pd.DataFrame(targets)
    choice = dropdown("forecast_measure", measures, start, "Compute measure ")
    pick = alt.datum.measure == choice
    x_domain = (1e17, 10 ** np.ceil(np.log10(max(lines_df["compute_flop"].max(), 1e18))))
    y_domain = (3.0, 45.0)
    x = _x_compute(x_domain)
    band = alt.Chart(lines_df).transform_filter(pick).mark_area(opacity=0.2, color="#888888", clip=True).encode(x=x, y=_y_error(y_domain, "pred_low_pct"), y2="pred_high_pct:Q")
    fitted = alt.Chart(lines_df).transform_filter(pick).mark_line(color=INK, strokeDash=[6, 3], clip=True).encode(x=x, y=_y_error(y_domain))
    period_shape = alt.Shape("period:N", title="Published", sort=["up to mid-2020", "after mid-2020"], scale=alt.Scale(domain=["up to mid-2020", "after mid-2020"], range=["circle", "diamond"]))
    tooltip = _point_tooltip() + [alt.Tooltip("verdict:N", title="Against the forecast"), alt.Tooltip("forecast_compute_flop:Q", format=".2e", title="Forecast compute for this error")]
    dots = alt.Chart(points_df).transform_filter(pick).mark_point(size=85, strokeWidth=2).encode(
        x=x, y=_y_error(y_domain), shape=period_shape,
        stroke=alt.Stroke("period:N", title="Published", sort=["up to mid-2020", "after mid-2020"], scale=alt.Scale(domain=["up to mid-2020", "after mid-2020"], range=[BLUE, VERMILION])),
        fill=alt.Fill("period:N", title="Published", sort=["up to mid-2020", "after mid-2020"], scale=alt.Scale(domain=["up to mid-2020", "after mid-2020"], range=[BLUE, "#ffffff00"])),
        tooltip=tooltip,
    )
    five = alt.Chart(pd.DataFrame({"top1_error_pct": [5.0]})).mark_rule(strokeDash=[2, 3], color=INK).encode(y=_y_error(y_domain))
    ring = alt.Chart(targets_df).transform_filter(pick).mark_point(size=220, filled=False, strokeWidth=3, color=INK).encode(x=x, y=_y_error(y_domain))
    ring_label = alt.Chart(targets_df).transform_filter(pick).mark_text(align="right", dx=-14, dy=14, fontSize=11).encode(x=x, y=_y_error(y_domain), text="label:N")
    return (
        alt.layer(band, fitted, five, ring, ring_label, dots)
        .add_params(choice)
        .properties(
            width=440,
            height=320,
            title=alt.Title("The 2020 forecast against what came after", subtitle="Fit on models up to mid-2020 (filled); later models (open diamonds) were not used"),
            description=(
                "Log-log chart of top-1 error against compute. A power law fitted only on models published up to mid-2020 is extended "
                "with its 95% prediction band; models published later are drawn as open diamonds. " + "; ".join(notes) + ". "
                "No model in the data reached the 5% line."
            ),
        )
    )


# ---------------------------------------------------------------------------
# Figure 5: the record line over time
# ---------------------------------------------------------------------------
def record_chart(trend: forecast.RecordTrend) -> alt.LayerChart:
    """Record-setting top-1 errors against publication year, with the trend fitted up to mid-2020 and extended to 2026."""
    if not isinstance(trend, forecast.RecordTrend):
        raise TypeError(f"trend must be the output of forecast.record_trend, got {type(trend).__name__}")
    records = trend.records.copy()
    records["publication_date"] = pd.to_datetime(records["publication_date"]).dt.strftime("%Y-%m-%d")
    s = trend.summary
    y_domain = (3.0, 45.0)
    y = alt.Y("top1_error_pct:Q", scale=alt.Scale(type="log", domain=list(y_domain)), title=_ERROR_AXIS, axis=alt.Axis(values=[3, 5, 7, 10, 15, 20, 30, 40]))
    x = alt.X("year:Q", title="Publication year", scale=alt.Scale(domain=[2012, 2026]), axis=alt.Axis(format="d", tickCount=8))
    band = alt.Chart(trend.line).mark_area(opacity=0.2, color="#888888", clip=True).encode(x=x, y=alt.Y("pred_low_pct:Q", scale=alt.Scale(type="log", domain=list(y_domain))), y2="pred_high_pct:Q")
    line = alt.Chart(trend.line).mark_line(color=INK, strokeDash=[6, 3], clip=True).encode(x=x, y=y)
    dots = alt.Chart(records.rename(columns={"publication_year": "year"})).mark_point(size=80, filled=True).encode(
        x=x, y=y,
        color=_group_colour(),
        shape=alt.Shape("period:N", title="Published", sort=["up to mid-2020", "after mid-2020"], scale=alt.Scale(range=["circle", "diamond"]), legend=alt.Legend(columns=1)),
        tooltip=[alt.Tooltip("model:N", title="Model"), alt.Tooltip("publication_date:N", title="Published"),
                 alt.Tooltip("top1_error_pct:Q", title="Top-1 error (%)", format=".2f"), alt.Tooltip("trend_error_pct:Q", title="Trend at that date (%)", format=".2f")],
    )
    five = alt.Chart(pd.DataFrame({"top1_error_pct": [100 * s["target_error"]]})).mark_rule(strokeDash=[2, 3], color=INK).encode(y=y)
    reach = pd.DataFrame({"year": [s["year_reach_target"]], "top1_error_pct": [100 * s["target_error"]], "label": [f"trend reaches 5% in {s['year_reach_target']:.1f}"]})
    ring = alt.Chart(reach).mark_point(size=200, filled=False, strokeWidth=3, color=INK).encode(x=x, y=y)
    ring_label = alt.Chart(reach).mark_text(align="right", dx=-12, dy=12, fontSize=11).encode(x=x, y=y, text="label:N")
    return alt.layer(band, line, five, ring, ring_label, dots).properties(
        width=440,
        height=300,
        title=alt.Title("Record errors fell more slowly after 2020", subtitle="Trend fitted on record-setting models up to mid-2020, extended with its 95% prediction band"),
        description=(
            f"Record-setting ImageNet top-1 errors by publication year, log scale. A trend through the {s['n_fit']} records up to mid-2020 "
            f"multiplies the error by {s['annual_factor']:.2f} a year and reaches 5% in {s['year_reach_target']:.1f}. The last record in the "
            f"data, {s['last_record_model']} ({s['last_record_year']:.0f}), has {100 * s['last_record_error']:.1f}% error where the trend "
            f"said {100 * s['trend_error_at_last_record']:.1f}%."
        ),
    )


def residual_chart(comparison: dict[str, Any], start: str = "power law") -> alt.LayerChart:
    """Residual plot of each fitted form against log compute, with a menu to pick the form.

    ``comparison`` is :func:`scaling_lib.forecast.form_comparison`'s output. Residuals are on
    the log10-error scale for every form, so the forms can be compared point by point: a
    good form leaves residuals scattered around zero with no trend.
    """
    if not isinstance(comparison, dict) or "residuals" not in comparison or "summary" not in comparison:
        raise ValueError("comparison must be the dict returned by forecast.form_comparison")
    residuals = check_frame("comparison['residuals']", comparison["residuals"], ("form", "log10_compute", "residual_log10_error", "model"))
    summary = check_frame("comparison['summary']", comparison["summary"], ("form", "r_squared_log10_error"))
    forms = list(summary["form"])
    start = check_text("start", start)
    if start not in forms:
        raise ValueError(f"start must be one of {forms}; got {start!r}")
    table = residuals.merge(summary[["form", "r_squared_log10_error"]], on="form")
    table = table.assign(compute_flop=10 ** table["log10_compute"])
    form = dropdown("residual_form", forms, start, "Fitted form ")
    points = (
        alt.Chart(table)
        .transform_filter(alt.datum.form == form)
        .mark_point(filled=True, size=70)
        .encode(
            x=alt.X("compute_flop:Q", scale=alt.Scale(type="log"), title="Compute, FLOP (log scale)"),
            y=alt.Y("residual_log10_error:Q", title="Residual, log10 of error (observed − fitted)"),
            tooltip=["model:N", "form:N", alt.Tooltip("residual_log10_error:Q", format=".3f", title="residual"), alt.Tooltip("r_squared_log10_error:Q", format=".3f", title="R² (log error)")],
        )
    )
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(strokeDash=[4, 4], color=INK).encode(y="zero:Q")
    r2 = ", ".join(f"{row.form} {row.r_squared_log10_error:.2f}" for row in summary.itertuples())
    return (
        alt.layer(zero, points)
        .add_params(form)
        .properties(
            width=460,
            height=260,
            title=alt.Title("Is a power law the right shape?", subtitle=f"R² on log error: {r2}"),
            description=(
                f"Residuals of {len(residuals['model'].unique())} models against compute on a log axis, for the fitted form chosen "
                f"in the menu (power law, exponential, or error in levels). R² on the log-error scale: {r2}. "
                "Residuals scattered around zero with no trend mean the form fits."
            ),
        )
    )
