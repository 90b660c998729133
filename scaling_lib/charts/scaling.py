"""Charts for the chapter *The ninth power* (``book/scaling.md``).

Each builder draws what the chapter's cells computed: statsmodels fits made with the
formula API on frames from :func:`scaling_lib.scaling.points` (a fit's points are the
frame it was given, ``fit.model.data.frame``), and tables. Models are coloured and
shaped by extra training data exactly as on every other page (:mod:`scaling_lib.vocabulary`).
Vega-Lite parameters (menus and sliders) only select precomputed rows.
"""
from __future__ import annotations

from typing import Any

import altair as alt
import numpy as np
import pandas as pd

from .. import scaling, vocabulary
from .._checks import check_frame, check_mapping, check_number, check_text
from .common import dropdown, slider
from .theme import BLUE, INK, NEUTRAL, VERMILION

__all__ = ["fit_chart", "gamma_chart", "residual_chart", "readout_chart", "calculator_chart", "forecast_chart", "record_chart"]

_COMPUTE_AXIS = "Training compute, FLOP (log scale)"
_ERROR_AXIS = "Top-1 error, % (log scale)"
_ERROR_TICKS = [1, 2, 3, 5, 7, 10, 15, 20, 30, 40]
_POINT_COLUMNS = ("model", "publication_date", "top1_error", "compute_flop", "extra_training_data", "data_group")


def _points(name: str, fit: Any) -> pd.DataFrame:
    """The rows a fit was given (``scaling.points`` columns), ready for Vega-Lite."""
    if not hasattr(getattr(fit, "model", None), "formula"):
        raise TypeError(f"{name} must be a statsmodels formula fit (smf.ols(...).fit()), got {type(fit).__name__}")
    frame = check_frame(f"{name}'s data", fit.model.data.frame, _POINT_COLUMNS, min_rows=3)
    out = frame[list(_POINT_COLUMNS)].assign(top1_error_pct=100 * frame["top1_error"])
    return out.assign(publication_date=pd.to_datetime(out["publication_date"]).dt.strftime("%Y-%m-%d"))


def _group(channel: type, title: str | None = "Training data") -> Any:
    """Colour (``alt.Color``) or shape (``alt.Shape``) by extra-data group, with vocabulary's labels, colours and shapes."""
    values = vocabulary.GROUP_COLOURS if channel is alt.Color else vocabulary.GROUP_SHAPES
    return channel("data_group:N", title=title, sort=vocabulary.GROUP_LABELS,
                   scale=alt.Scale(domain=vocabulary.GROUP_LABELS, range=values), legend=alt.Legend(columns=2, labelLimit=260))


def _x_compute(domain: tuple[float, float]) -> alt.X:
    low, high = int(np.floor(np.log10(domain[0]))), int(np.ceil(np.log10(domain[1])))
    step = max(1, int(np.ceil((high - low + 1) / 9)))
    return alt.X("compute_flop:Q", title=_COMPUTE_AXIS, scale=alt.Scale(type="log", domain=[10.0**low, 10.0**high]),
                 axis=alt.Axis(values=[10.0**k for k in range(low, high + 1, step)], labelExpr="'1e' + round(log(datum.value) / LN10)"))


def _y_error(domain: tuple[float, float], field: str = "top1_error_pct") -> alt.Y:
    return alt.Y(f"{field}:Q", title=_ERROR_AXIS, scale=alt.Scale(type="log", domain=list(domain)),
                 axis=alt.Axis(values=[t for t in _ERROR_TICKS if domain[0] <= t <= domain[1]]))


_TOOLTIP = [alt.Tooltip("model:N", title="Model"), alt.Tooltip("publication_date:N", title="Published"),
            alt.Tooltip("top1_error_pct:Q", title="Top-1 error (%)", format=".1f"),
            alt.Tooltip("compute_flop:Q", title="Compute (FLOP)", format=".2e"),
            alt.Tooltip("extra_training_data:N", title="Extra training data")]


def _band(lines: pd.DataFrame, x: alt.X, y_domain: tuple[float, float], kind: str, pick: Any = None) -> list[alt.Chart]:
    """The grey band (``kind`` "mean" or "pred") and the dashed fitted line of a :func:`scaling.line_band` frame."""
    base = alt.Chart(lines) if pick is None else alt.Chart(lines).transform_filter(pick)
    return [base.mark_area(opacity=0.25, color=NEUTRAL, clip=True).encode(x=x, y=_y_error(y_domain, f"{kind}_low_pct"), y2=f"{kind}_high_pct:Q"),
            base.mark_line(color=INK, strokeDash=[6, 3], clip=True).encode(x=x, y=_y_error(y_domain))]


def _upper(value: float) -> str:
    return f"{value:.1f}" if np.isfinite(value) else "∞"


def fit_chart(fits: dict[str, Any], start: str = vocabulary.DEFAULT_MEASURE, *,
              menu_name: str = "measure", menu_label: str = "Compute measure ") -> alt.LayerChart:
    """Log–log scatter of top-1 error against compute with each fitted power law and its 95 % confidence band.

    ``fits`` maps a label (a compute measure, or a sample such as an earlier data release) to its
    fit; a menu (Vega-Lite parameter ``menu_name``, shown as ``menu_label``) picks one, ``start``
    first; two such charts on one page need two names. Points are coloured and shaped by extra training data.
    """
    if not check_mapping("fits", fits):
        raise ValueError("fits must map at least one compute measure to its fit")
    frames = {measure: _points(f"fits[{measure!r}]", fit) for measure, fit in fits.items()}
    if check_text("start", start) not in fits:
        raise ValueError(f"start must be one of the fitted measures {list(fits)}, got {start!r}")
    points, lines, notes = [], [], {}
    for measure, fit in fits.items():
        frame = frames[measure]
        grid = np.geomspace(frame["compute_flop"].min() / 1.5, frame["compute_flop"].max() * 1.5, 60)
        points.append(frame.assign(measure=measure))
        lines.append(scaling.line_band(fit, grid).assign(measure=measure))
        gamma, low, high = scaling.gamma_interval(fit)
        notes[measure] = f"γ = {gamma:.1f} (95% CI {low:.1f}–{_upper(high)}), n = {int(fit.nobs)}, R² = {fit.rsquared:.2f}"
    points_df, lines_df = pd.concat(points, ignore_index=True), pd.concat(lines, ignore_index=True)
    if not check_text("menu_name", menu_name).isidentifier():
        raise ValueError(f"menu_name must be a name such as 'measure' (letters, digits, _), got {menu_name!r}")
    choice = dropdown(menu_name, list(fits), start, check_text("menu_label", menu_label))
    pick = alt.datum.measure == choice
    x = _x_compute((points_df["compute_flop"].min() / 1.5, points_df["compute_flop"].max() * 1.5))
    y_domain = (7.0, 45.0)
    dots = alt.Chart(points_df).transform_filter(pick).mark_point(size=80, filled=True).encode(
        x=x, y=_y_error(y_domain), color=_group(alt.Color), shape=_group(alt.Shape), tooltip=_TOOLTIP)
    note = alt.Chart(pd.DataFrame({"measure": list(notes), "text": list(notes.values())})).transform_filter(pick).mark_text(
        align="right", baseline="top", fontSize=12).encode(x=alt.value(440), y=alt.value(4), text="text:N")
    return alt.layer(*_band(lines_df, x, y_domain, "mean", pick), dots, note).add_params(choice).properties(
        width=440, height=320,
        title=alt.Title("Lower error cost ever more compute",
                        subtitle="ImageNet top-1 error against training compute; dashed: power-law fit, grey: 95% confidence band"),
        description=("Log-log scatter of ImageNet top-1 error (percent) against training compute (FLOP), with the fitted power "
                     f"law and its 95% confidence band; a menu ({menu_label.strip().lower()}) picks the fit. "
                     + " ".join(f"{m}: {t}." for m, t in notes.items())
                     + " Points are coloured and shaped by the extra training data each model used."))


_WHO = {"v2": "paper v2 (2022)", "v1": "paper v1 (2020)", "article": "article (2021)", "theory": "theory"}


def gamma_chart(ours: pd.DataFrame, x_max: float = 25.0) -> alt.LayerChart:
    """Dots and 95 % intervals of γ: the chapter's fits (``ours``: sample, n, gamma, gamma_low, gamma_high) above the published values.

    The published values are :data:`vocabulary.PUBLISHED_GAMMAS`. Intervals beyond ``x_max`` (or
    unbounded) are cut there and marked with an arrow.
    """
    check_frame("ours", ours, ("sample", "n", "gamma", "gamma_low", "gamma_high"))
    x_max = check_number("x_max", x_max, low=5.0, high=1000.0)
    published = pd.DataFrame(vocabulary.PUBLISHED_GAMMAS)
    rows = pd.concat([
        ours.assign(who="this book", row="ours, " + ours["sample"] + ", n = " + ours["n"].astype(int).astype(str)),
        published.assign(who=published["version"].map(_WHO),
                         row=published["version"].map(_WHO) + ", " + published["measure"]
                         + published["n"].map(lambda n: "" if pd.isna(n) else f", n = {int(n)}")),
    ], ignore_index=True)[["row", "who", "gamma", "gamma_low", "gamma_high"]]
    cut = rows["gamma_high"] > x_max
    rows["high_shown"] = rows["gamma_high"].clip(upper=x_max)
    rows["label"] = [f"{g:.1f}" + ("" if pd.isna(lo) else f" ({lo:.1f}–{_upper(hi)})") + (" →" if c else "")
                     for g, lo, hi, c in zip(rows["gamma"], rows["gamma_low"], rows["gamma_high"], cut)]
    rows = rows.drop(columns="gamma_high")
    colour = alt.Color("who:N", title=None, sort=["this book", *_WHO.values()], legend=alt.Legend(columns=2))
    y = alt.Y("row:N", sort=list(rows["row"]), title=None, axis=alt.Axis(labelLimit=320, labelFontSize=11))
    x_scale = alt.Scale(domain=[0, x_max])
    base = alt.Chart(rows)
    first = ours.iloc[0]
    return alt.layer(
        alt.Chart(pd.DataFrame({"gamma": [4.0]})).mark_rule(strokeDash=[4, 4], color=INK).encode(x=alt.X("gamma:Q", scale=x_scale)),
        base.mark_rule(strokeWidth=2).encode(x=alt.X("gamma_low:Q", scale=x_scale), x2="high_shown:Q", y=y, color=colour),
        base.mark_point(size=90, filled=True).encode(x=alt.X("gamma:Q", scale=x_scale, title="Exponent γ: compute ∝ (1/error)^γ"),
                                                     y=y, color=colour, tooltip=[alt.Tooltip("row:N", title="Estimate"), alt.Tooltip("label:N", title="γ (95% interval)")]),
        base.mark_text(align="left", dx=8, dy=-9, fontSize=10).encode(x=alt.X("gamma:Q", scale=x_scale), y=y, text="label:N"),
    ).properties(
        width=240, height=28 * len(rows),
        title=alt.Title("Every estimate of γ sits above the theoretical 4", subtitle="Dots: γ; bars: 95% interval (arrow: cut at the axis end)"),
        description=(f"Dot-and-interval chart of the exponent γ. This book's {first['sample']} gives {first['gamma']:.1f} "
                     f"({first['gamma_low']:.1f} to {first['gamma_high']:.1f}); the paper's 2022 version reports 10.8 (9.5 to 12.3) for "
                     "hardware burden and 12.1 (10.6 to 14.1) for network operations; its 2020 table implies about 13.8 (from recalled "
                     "cells); the article says at least 9; theory's floor, the dashed line, is 4."))


def residual_chart(points: pd.DataFrame, residuals: pd.DataFrame) -> alt.LayerChart:
    """Residuals (observed − fitted log10 error) of each fitted form against compute, a menu picking the form.

    ``residuals`` has one column per form, rows aligned with ``points`` (model, compute_flop).
    A good form leaves residuals scattered around zero with no trend.
    """
    check_frame("points", points, ("model", "compute_flop"))
    check_frame("residuals", residuals)
    if len(residuals) != len(points) or len(residuals.columns) < 1:
        raise ValueError(f"residuals must have one row per point ({len(points)}) and a column per form, got shape {residuals.shape}")
    forms = [str(c) for c in residuals.columns]
    table = pd.concat([pd.DataFrame({"model": points["model"].to_numpy(), "compute_flop": points["compute_flop"].to_numpy(),
                                     "form": form, "residual": residuals[column].to_numpy(dtype=float)})
                       for form, column in zip(forms, residuals.columns)], ignore_index=True)
    form = dropdown("residual_form", forms, forms[0], "Fitted form ")
    spread = ", ".join(f"{f} {np.sqrt(np.mean(residuals[c].to_numpy(dtype=float) ** 2)):.3f}" for f, c in zip(forms, residuals.columns))
    dots = alt.Chart(table).transform_filter(alt.datum.form == form).mark_point(filled=True, size=70).encode(
        x=alt.X("compute_flop:Q", scale=alt.Scale(type="log"), title=_COMPUTE_AXIS),
        y=alt.Y("residual:Q", title="Residual, log10 of error (observed − fitted)"),
        tooltip=["model:N", "form:N", alt.Tooltip("residual:Q", format=".3f")])
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(strokeDash=[4, 4], color=INK).encode(y="zero:Q")
    return alt.layer(zero, dots).add_params(form).properties(
        width=460, height=260, title=alt.Title("Is a power law the right shape?", subtitle=f"Root-mean-square residual: {spread}"),
        description=(f"Residuals of {len(points)} models against compute on a log axis, for the form chosen in the menu "
                     f"({', '.join(forms)}). Root-mean-square residual in log10 error: {spread}. "
                     "Residuals scattered around zero with no trend mean the form fits."))


_READOUT_ROWS = (("compute", "Compute needed, FLOP", "compute_text"), ("compute", "95% prediction range, FLOP", "range_text"),
                 ("device", "GPU-years", "device_text"), ("cost", "Cloud cost, US$", "cost_text"),
                 ("cost", "95% range of the cost", "cost_range_text"), ("device", "Energy, kWh", "energy_text"),
                 ("carbon", "CO₂ emitted, tonnes", "co2_text"), ("carbon", "= months of New York City's CO₂", "nyc_text"),
                 ("carbon", "= New York–San Francisco flights", "flights_text"))
_TABLE_COLUMNS = {"compute": ("target_error_pct", "compute_flop", "compute_flop_low", "compute_flop_high"),
                  "device": ("target_error_pct", "utilization", "device_years", "energy_kwh"),
                  "cost": ("target_error_pct", "utilization", "dollars_per_gpu_hour", "dollars", "dollars_low", "dollars_high"),
                  "carbon": ("target_error_pct", "utilization", "lbs_co2_per_kwh", "co2_tonnes", "nyc_months", "flights")}


def _texts(tables: Any) -> dict[str, pd.DataFrame]:
    """The calculator tables, checked, with every number formatted for the readout."""
    check_mapping("tables", tables)
    for name, columns in _TABLE_COLUMNS.items():
        if name not in tables:
            raise ValueError(f"tables must be the output of scaling.calculator_tables, with a {name!r} table")
        check_frame(f"tables[{name!r}]", tables[name], columns)
    sci, usd = scaling.format_sci, scaling.format_dollars
    out = {name: tables[name].copy() for name in _TABLE_COLUMNS}
    c, d, k, g = out["compute"], out["device"], out["cost"], out["carbon"]
    c["compute_text"] = c["compute_flop"].map(sci)
    c["range_text"] = [f"{sci(lo)} to {sci(hi)}" for lo, hi in zip(c["compute_flop_low"], c["compute_flop_high"])]
    d["device_text"], d["energy_text"] = d["device_years"].map(sci), d["energy_kwh"].map(sci)
    k["cost_text"] = k["dollars"].map(usd)
    k["cost_range_text"] = [f"{usd(lo)} to {usd(hi)}" for lo, hi in zip(k["dollars_low"], k["dollars_high"])]
    g["co2_text"], g["nyc_text"], g["flights_text"] = g["co2_tonnes"].map(sci), g["nyc_months"].map(sci), g["flights"].map(sci)
    for frame in (d, k, g):
        frame["utilization_pct"] = np.round(100 * frame["utilization"].to_numpy(dtype=float)).astype(int)
    keys = {"compute": ["target_error_pct"], "device": ["target_error_pct", "utilization_pct"],
            "cost": ["target_error_pct", "utilization_pct", "dollars_per_gpu_hour"],
            "carbon": ["target_error_pct", "utilization_pct", "lbs_co2_per_kwh"]}
    return {name: frame[keys[name] + [c for c in frame.columns if c.endswith("_text")]] for name, frame in out.items()}


def readout_chart(tables: dict[str, pd.DataFrame], filters: dict[str, Any] | None = None, *,
                  title: str = "What the target costs", description: str | None = None) -> alt.LayerChart:
    """A text table of compute, device time, cost, energy, CO₂ and comparisons, one line per quantity.

    ``tables`` come from :func:`scaling_lib.scaling.calculator_tables`; ``filters`` maps each table's
    name to a Vega-Lite predicate selecting the row to show. Without ``filters`` each table must hold
    one row (the live calculator's case).
    """
    frames, slots = readout_parts(tables, title, description)
    if filters is not None:
        check_mapping("filters", filters)
    elif any(len(frames[name]) != 1 for name in _TABLE_COLUMNS):
        raise ValueError("filters are needed when the tables hold more than one row each")
    return readout_draw(frames, slots, filters)


def readout_parts(tables: Any, title: str, description: str | None = None) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    check_text("title", title)
    if description is not None:
        check_text("description", description)
    labels = pd.DataFrame({"label": [label for _, label, _ in _READOUT_ROWS], "row": range(len(_READOUT_ROWS))})
    return {"labels": labels, **_texts(tables)}, {"title": title, "description": description or (
        "Text table of the compute, device time, cost, energy and CO₂ needed to reach the chosen top-1 error.")}


def readout_draw(frames: dict[str, pd.DataFrame], slots: dict[str, str], filters: dict[str, Any] | None = None) -> alt.LayerChart:
    row_height = 22
    layers = [alt.Chart(frames["labels"]).mark_text(align="right", baseline="middle", fontSize=12, color=INK).encode(
        x=alt.value(215), y=alt.Y("row:O", axis=None, scale=alt.Scale(domain=list(range(len(_READOUT_ROWS))))), text="label:N")]
    for i, (name, _, column) in enumerate(_READOUT_ROWS):
        chart = alt.Chart(frames[name])
        if filters and filters.get(name) is not None:
            chart = chart.transform_filter(filters[name])
        layers.append(chart.mark_text(align="left", baseline="middle", fontSize=13, fontWeight=600).encode(
            x=alt.value(225), y=alt.value(row_height * i + row_height / 2), text=f"{column}:N"))
    return alt.layer(*layers).properties(width=460, height=row_height * len(_READOUT_ROWS), title=slots["title"], description=slots["description"])


def _menu(name: str, values: pd.Series, labels: pd.Series, label: str) -> alt.Parameter:
    """A drop-down whose numeric options (matched exactly by the filters) are shown with their labels."""
    return alt.param(name=name, value=float(values.iloc[0]),
                     bind=alt.binding_select(options=[float(v) for v in values], labels=[str(x) for x in labels], name=label))


def calculator_chart(tables: dict[str, pd.DataFrame], fit: Any, *, start_pct: float = 5.0) -> alt.VConcatChart:
    """The static calculator: sliders for the target error and share of peak, menus for price and grid intensity.

    ``tables`` come from :func:`scaling_lib.scaling.calculator_tables` for ``fit`` (the chapter's power
    law). Top: the readout. Bottom: the fitted line extended to the target with its 95 % prediction
    band, the models and paper v1's two extrapolation points.
    """
    texts = _texts(tables)
    frame = _points("fit", fit)
    for name in ("cost", "carbon"):
        check_frame(f"tables[{name!r}]", tables[name], ("price_option",) if name == "cost" else ("intensity_option",))
    targets = tables["compute"]["target_error_pct"].to_numpy(dtype=float)
    if check_number("start_pct", start_pct) not in set(targets):
        raise ValueError(f"start_pct must be one of the grid's targets {sorted(targets)}, got {start_pct!r}")
    utils = sorted(int(u) for u in texts["device"]["utilization_pct"].unique())
    prices = tables["cost"].drop_duplicates("price_option")
    grids = tables["carbon"].drop_duplicates("intensity_option")
    target = slider("target_pct", targets, start_pct, "Target top-1 error, % ")
    util = slider("utilization_pct", utils, max(utils), "Share of peak used, % ")
    price = _menu("price", prices["dollars_per_gpu_hour"], prices["price_option"], "Price per GPU-hour ")
    grid = _menu("grid", grids["lbs_co2_per_kwh"], grids["intensity_option"], "Grid carbon intensity ")
    same_target, same_util = alt.datum.target_error_pct == target, alt.datum.utilization_pct == util
    readout = readout_chart(tables, {"compute": same_target, "device": same_target & same_util,
                                     "cost": same_target & same_util & (alt.datum.dollars_per_gpu_hour == price),
                                     "carbon": same_target & same_util & (alt.datum.lbs_co2_per_kwh == grid)},
                            title="What reaching the target would take")
    top = float(tables["compute"]["compute_flop"].max()) * 3
    line = scaling.line_band(fit, np.geomspace(frame["compute_flop"].min() / 2, top, 80))
    v1 = vocabulary.V1_EXTRAPOLATION
    paper = pd.DataFrame({"compute_flop": [v1["gflop_today"] * 1e9, v1["gflop_target"] * 1e9],
                          "top1_error_pct": [100 * v1["error_today"], 100 * v1["error_target"]],
                          "source": "paper v1 (2020) table, recalled cells"})
    x, y_domain = _x_compute((1e17, top)), (0.9, 45.0)
    chosen = alt.Chart(tables["compute"][["target_error_pct", "compute_flop"]]).transform_filter(same_target)
    curve = alt.layer(
        *_band(line, x, y_domain, "pred"),
        alt.Chart(frame).mark_point(size=50, filled=True).encode(x=x, y=_y_error(y_domain), color=_group(alt.Color, None),
                                                                 shape=_group(alt.Shape, None), tooltip=_TOOLTIP),
        alt.Chart(paper[paper["compute_flop"] <= top]).mark_point(shape="cross", size=140, color=VERMILION, filled=True).encode(
            x=x, y=_y_error(y_domain), tooltip=["source:N", alt.Tooltip("top1_error_pct:Q", title="Top-1 error (%)"),
                                                alt.Tooltip("compute_flop:Q", format=".0e", title="Compute (FLOP)")]),
        chosen.mark_rule(strokeDash=[2, 3], color=INK).encode(y=_y_error(y_domain, "target_error_pct")),
        chosen.mark_point(size=220, filled=False, strokeWidth=3, color=INK).encode(x=x, y=_y_error(y_domain, "target_error_pct")),
    ).properties(width=440, height=260, title=alt.Title("The fitted line, extended to the target",
                                                        subtitle="Ring: your target; crosses: paper v1's table; grey: 95% prediction band"))
    at = tables["compute"].set_index("target_error_pct")["compute_flop"]
    return alt.vconcat(readout, curve).add_params(target, util, price, grid).properties(
        title=alt.Title("Calculator: the price of a lower ImageNet error", subtitle="Every number was computed in Python from the chapter's fit"),
        description=("Calculator. A slider picks a target top-1 error, a second the share of peak used; menus pick the price per GPU-hour "
                     "and the grid's carbon intensity. Top: compute and its 95% prediction range, GPU-years, cloud cost and its range, "
                     "energy, CO2, months of New York City's emissions and flights. Bottom: the hardware-burden fit extended to the target. "
                     f"With the defaults, {start_pct:g}% error needs {scaling.format_sci(float(at[start_pct]))} FLOP."))


def _by_period(frame: pd.DataFrame, x: alt.X, y: alt.Y, extra_tooltip: list[Any] = ()) -> list[alt.Chart]:
    """Models up to the cut-off filled, later ones open; colour and shape by extra-data group."""
    return [alt.Chart(frame).transform_filter(alt.datum.period == period).mark_point(size=85, strokeWidth=2, filled=filled).encode(
        x=x, y=y, color=_group(alt.Color), shape=_group(alt.Shape), tooltip=[*_TOOLTIP[:3], *extra_tooltip])
        for period, filled in zip(vocabulary.PERIODS, (True, False))]


def forecast_chart(tests: dict[str, tuple[Any, pd.DataFrame]], start: str = vocabulary.DEFAULT_MEASURE) -> alt.LayerChart:
    """The 2020 forecast against what came after: the early fit's 95 % prediction band, early models filled, later ones open.

    ``tests`` maps a measure to the chapter's forecast test for it: (fit on models up to the
    cut-off, frame of later models with ``model``, ``publication_date``, ``top1_error``,
    ``compute_flop``, ``data_group``, ``verdict``). A ring marks the compute the early fit says 5 % needs.
    """
    if not check_mapping("tests", tests):
        raise ValueError("tests must map at least one compute measure to its forecast test")
    for measure, pair in tests.items():
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise TypeError(f"tests[{measure!r}] must be a pair (early fit, later models), got {type(pair).__name__}")
        _points(f"tests[{measure!r}][0]", pair[0])
        check_frame(f"tests[{measure!r}][1]", pair[1], (*_POINT_COLUMNS, "verdict"), min_rows=0)
    if check_text("start", start) not in tests:
        raise ValueError(f"start must be one of {list(tests)}, got {start!r}")
    frames, lines, rings = [], [], []
    for measure, (early_fit, later) in tests.items():
        early = _points(f"tests[{measure!r}][0]", early_fit).assign(verdict="used for the fit", period=vocabulary.PERIODS[0])
        later = later[[*_POINT_COLUMNS, "verdict"]].assign(top1_error_pct=100 * later["top1_error"], period=vocabulary.PERIODS[1],
                                                           publication_date=pd.to_datetime(later["publication_date"]).dt.strftime("%Y-%m-%d"))
        five = scaling.compute_needed(early_fit, 0.05).iloc[0]
        frames.append(pd.concat([early, later], ignore_index=True).assign(measure=measure))
        grid = np.geomspace(early["compute_flop"].min() / 2, max(five["compute_flop"] * 3, later["compute_flop"].max() * 2 if len(later) else 0), 80)
        lines.append(scaling.line_band(early_fit, grid).assign(measure=measure))
        rings.append({"measure": measure, "compute_flop": five["compute_flop"], "top1_error_pct": 5.0,
                      "label": f"early fit: 5% needs {scaling.format_sci(five['compute_flop'])} FLOP"})
    points_df, lines_df, rings_df = pd.concat(frames, ignore_index=True), pd.concat(lines, ignore_index=True), pd.DataFrame(rings)
    choice = dropdown("forecast_measure", list(tests), start, "Compute measure ")
    pick = alt.datum.measure == choice
    x, y_domain = _x_compute((1e17, lines_df["compute_flop"].max())), (3.0, 45.0)
    counts = points_df[points_df["measure"] == start]["verdict"].value_counts()
    return alt.layer(
        *_band(lines_df, x, y_domain, "pred", pick),
        alt.Chart(pd.DataFrame({"top1_error_pct": [5.0]})).mark_rule(strokeDash=[2, 3], color=INK).encode(y=_y_error(y_domain)),
        alt.Chart(rings_df).transform_filter(pick).mark_point(size=220, filled=False, strokeWidth=3, color=INK).encode(x=x, y=_y_error(y_domain)),
        alt.Chart(rings_df).transform_filter(pick).mark_text(align="right", dx=-14, dy=14, fontSize=11).encode(x=x, y=_y_error(y_domain), text="label:N"),
        *[layer.transform_filter(pick) for layer in _by_period(points_df, x, _y_error(y_domain), [alt.Tooltip("verdict:N", title="Against the forecast")])],
    ).add_params(choice).properties(
        width=440, height=320,
        title=alt.Title("The 2020 forecast against what came after", subtitle="Fit on models up to mid-2020 (filled); later models (open) were not used"),
        description=("Log-log chart of top-1 error against compute. A power law fitted only on models published up to mid-2020 is "
                     "extended with its 95% prediction band; later models are drawn open. For " + start + ": "
                     + ", ".join(f"{n} {v}" for v, n in counts.items()) + ". "
                     + ("Some models" if (points_df["top1_error_pct"] <= 5).any() else "No model") + " in the data reached the 5% line."))


def record_chart(records: pd.DataFrame, trend: Any, end_year: float = 2026.0) -> alt.LayerChart:
    """Record-setting top-1 errors by year with ``trend`` (log10 error on ``publication_year``, fitted up to mid-2020) and its 95 % prediction band.

    ``records`` holds ``model``, ``publication_date``, ``publication_year``, ``top1_error``,
    ``extra_training_data``, ``data_group`` and ``period``; the line runs to ``end_year``.
    """
    columns = ["model", "publication_date", "publication_year", "top1_error", "extra_training_data", "data_group", "period"]
    records = check_frame("records", records, columns)[columns]
    if not hasattr(getattr(trend, "model", None), "formula") or "publication_year" not in getattr(trend, "params", {}):
        raise TypeError(f"trend must be a statsmodels formula fit of log10 error on publication_year, got {type(trend).__name__}")
    end_year = check_number("end_year", end_year, low=2013.0, high=2100.0)
    frame = records.assign(top1_error_pct=100 * records["top1_error"], year=records["publication_year"],
                           publication_date=pd.to_datetime(records["publication_date"]).dt.strftime("%Y-%m-%d"))
    line = scaling.line_band(trend, np.linspace(float(frame["year"].min()), end_year, 80), "publication_year").rename(columns={"publication_year": "year"})
    x = alt.X("year:Q", title="Publication year", scale=alt.Scale(domain=[2012, end_year]), axis=alt.Axis(format="d", tickCount=8))
    y_domain = (3.0, 45.0)
    a, b = trend.params.to_numpy()
    reach = pd.DataFrame({"year": [(np.log10(0.05) - a) / b], "top1_error_pct": [5.0]})
    reach["label"] = [f"trend reaches 5% in {reach['year'].iloc[0]:.1f}"]
    return alt.layer(
        *_band(line, x, y_domain, "pred"),
        alt.Chart(pd.DataFrame({"top1_error_pct": [5.0]})).mark_rule(strokeDash=[2, 3], color=INK).encode(y=_y_error(y_domain)),
        alt.Chart(reach).mark_point(size=200, filled=False, strokeWidth=3, color=INK).encode(x=x, y=_y_error(y_domain)),
        alt.Chart(reach).mark_text(align="right", dx=-12, dy=12, fontSize=11).encode(x=x, y=_y_error(y_domain), text="label:N"),
        *_by_period(frame, x, _y_error(y_domain)),
    ).properties(
        width=440, height=300,
        title=alt.Title("Record errors fell more slowly after 2020", subtitle="Trend through record-setting models up to mid-2020 (filled), with its 95% prediction band"),
        description=(f"Record-setting ImageNet top-1 errors by publication year, log scale. A trend through the records up to mid-2020 "
                     f"multiplies the error by {10 ** b:.2f} a year and reaches 5% in {reach['year'].iloc[0]:.1f}; later records are open."))
