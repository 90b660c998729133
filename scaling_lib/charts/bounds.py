"""Charts for the chapter *The price of a better model: k² data, k⁴ compute* (``book/bounds.md``)."""
from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from .. import bounds
from .._checks import check_array, check_frame, check_mapping, check_number
from .common import slider

__all__ = ["K_GRID", "rate_chart", "bounds_calculator", "halving_cost_chart", "multiplier_bars"]

#: Improvement factors the static calculator steps through (1 to 20 in steps of 0.5).
K_GRID = np.arange(1.0, 20.0 + 0.25, 0.5)


def rate_chart(simulation: pd.DataFrame, fit: dict[str, float] | None = None) -> alt.LayerChart:
    """Log–log chart of simulated RMSE against sample size, beside the 1/√n line.

    ``simulation`` is the output of :func:`scaling_lib.bounds.rmse_by_sample_size`.
    """
    check_frame("simulation", simulation, ("n", "rmse", "rmse_theory"))
    if fit is None:
        fit = bounds.fit_rate(simulation["n"], simulation["rmse"])
    check_mapping("fit", fit)
    for key in ("slope", "slope_low", "slope_high"):
        if key not in fit:
            raise ValueError(f"fit must be the dict from scaling_lib.bounds.fit_rate, with {key!r}; got keys {sorted(map(str, fit))}")
        check_number(f"fit[{key!r}]", fit[key])
    long = simulation.melt(id_vars=["n"], value_vars=["rmse", "rmse_theory"], var_name="series", value_name="error")
    long["series"] = long["series"].map({"rmse": "simulated RMSE", "rmse_theory": "theory: σ/√n"})
    x = alt.X("n:Q", scale=alt.Scale(type="log"), title="Sample size n (log scale)")
    y = alt.Y("error:Q", scale=alt.Scale(type="log"), title="Root-mean-square error of the mean (log scale)")
    colour = alt.Color("series:N", title=None)
    theory = alt.Chart(long).transform_filter(alt.datum.series == "theory: σ/√n").mark_line(strokeDash=[6, 4]).encode(x=x, y=y, color=colour)
    simulated = (
        alt.Chart(long)
        .transform_filter(alt.datum.series == "simulated RMSE")
        .mark_point(shape="circle")
        .encode(
            x=x,
            y=y,
            color=colour,
            tooltip=[alt.Tooltip("n:Q", title="n"), alt.Tooltip("error:Q", title="RMSE", format=".4f")],
        )
    )
    return alt.layer(theory, simulated).properties(
        title=alt.Title(
            "Error falls as one over the square root of the data",
            subtitle=f"Fitted slope on log–log axes: {fit['slope']:.3f} (95% CI {fit['slope_low']:.3f} to {fit['slope_high']:.3f}); theory: −0.5",
        ),
        description=(
            "Log–log scatter of the simulated root-mean-square error of a sample mean against sample size n, "
            f"from n = {int(simulation['n'].min())} to {int(simulation['n'].max())}, with the theoretical line σ/√n. "
            f"The points follow a straight line of slope {fit['slope']:.2f}, close to −0.5."
        ),
        width=440,
        height=300,
    )


def _calculator_table(k_values: np.ndarray) -> pd.DataFrame:
    table = bounds.multiplier_table(k_values)
    table["label"] = table["multiplier"].map(lambda m: f"×{m:,.0f}" if m < 1e6 else f"×{m:.2g}")
    table["baseline"] = 1.0  # bars on a log axis start at ×1, not at 0
    return table


def bounds_calculator(k_values: np.ndarray = K_GRID, k_start: float = 2.0) -> alt.VConcatChart:
    """Interactive calculator: a slider for k moves a marker along k², k⁴ and k⁹ and resizes three bars.

    Every number shown was computed by :func:`scaling_lib.bounds.multiplier_table` on
    the grid ``k_values``; the slider only selects a row, so the static page needs no kernel.
    """
    table = _calculator_table(check_array("k_values", k_values))
    check_number("k_start", k_start)
    k = slider("k", table["k"].unique(), k_start, "Improvement factor k (old error ÷ new error) ")
    colour = alt.Color("quantity:N", title=None, sort=list(table["quantity"].unique()))
    y_log = alt.Scale(type="log")
    curves = (
        alt.Chart(table)
        .mark_line()
        .encode(
            x=alt.X("k:Q", title="Improvement factor k"),
            y=alt.Y("multiplier:Q", scale=y_log, title="Multiplier (log scale)"),
            color=colour,
            strokeDash=alt.StrokeDash("quantity:N", title=None, sort=list(table["quantity"].unique())),
        )
    )
    marker = (
        alt.Chart(table)
        .mark_point(size=90, filled=True)
        .encode(x="k:Q", y=alt.Y("multiplier:Q", scale=y_log), color=colour, tooltip=["quantity:N", alt.Tooltip("multiplier:Q", format=",.3~g")])
        .transform_filter(alt.datum.k == k)
    )
    left = alt.layer(curves, marker).properties(width=400, height=240, title="Multipliers as k grows")
    bars = (
        alt.Chart(table)
        .transform_filter(alt.datum.k == k)
        .mark_bar()
        .encode(
            y=alt.Y("quantity:N", title=None, sort=list(table["quantity"].unique())),
            x=alt.X("multiplier:Q", scale=alt.Scale(type="log", domainMin=1, domainMax=1e12), title="Multiplier at the chosen k (log scale)"),
            x2="baseline:Q",
            color=alt.Color("quantity:N", legend=None, sort=list(table["quantity"].unique())),
            tooltip=["quantity:N", alt.Tooltip("multiplier:Q", format=",.3~g")],
        )
    )
    labels = (
        alt.Chart(table)
        .transform_filter(alt.datum.k == k)
        .mark_text(align="left", dx=4, fontSize=13)
        .encode(y=alt.Y("quantity:N", sort=list(table["quantity"].unique())), x=alt.X("multiplier:Q", scale=alt.Scale(type="log", domainMin=1, domainMax=1e12)), text="label:N")
    )
    right = alt.layer(bars, labels).properties(width=400, height=120, title="What the chosen k costs")
    return (
        alt.vconcat(right, left)
        .add_params(k)
        .properties(
            title=alt.Title("The price of a k-fold better model", subtitle="Move the slider: data grows as k², compute as k⁴ in theory and about k⁹ in practice"),
            description=(
                "Calculator. Bottom: the data multiplier k², the theoretical compute multiplier k⁴ and the empirical "
                "compute multiplier k⁹ against the improvement factor k from 1 to 20, on a logarithmic vertical axis. "
                "Top: bars for the k chosen with the slider; at k = 2 they read 4, 16 and 512, at k = 10 they read "
                "100, 10,000 and one billion."
            ),
        )
    )


def multiplier_bars(k: float) -> alt.LayerChart:
    """Bars of k², k⁴ and k⁹ for one improvement factor ``k`` (any value in [1, 1e6]); used by the live widget."""
    table = _calculator_table(np.array([check_number("k", k)]))
    order = list(table["quantity"])
    bars = alt.Chart(table).mark_bar().encode(
        y=alt.Y("quantity:N", title=None, sort=order),
        x=alt.X("multiplier:Q", scale=alt.Scale(type="log", domainMin=1), title="Multiplier (log scale)"),
        x2="baseline:Q",
        color=alt.Color("quantity:N", legend=None, sort=order),
        tooltip=["quantity:N", alt.Tooltip("multiplier:Q", format=",.4~g")],
    )
    labels = alt.Chart(table).mark_text(align="left", dx=4, fontSize=13).encode(
        y=alt.Y("quantity:N", sort=order), x=alt.X("multiplier:Q", scale=alt.Scale(type="log", domainMin=1)), text="label:N"
    )
    return alt.layer(bars, labels).properties(
        width=380,
        height=160,
        title=f"Dividing the error by k = {k:g}",
        description=f"Bars of the data multiplier k², the theoretical compute multiplier k⁴ and the empirical compute multiplier k⁹ at k = {k:g}.",
    )


def halving_cost_chart(k_values: np.ndarray = K_GRID, k_start: float = 2.0) -> alt.LayerChart:
    """Bars of k^γ for every exponent the book meets (theory and the paper's fits), with a slider for k."""
    frames = [bounds.halving_cost_table(float(k)).assign(k=float(k)) for k in check_array("k_values", k_values, low=1.0, high=1e6)]
    check_number("k_start", k_start)
    table = pd.concat(frames, ignore_index=True)
    table["label"] = table["multiplier"].map(lambda m: f"×{m:,.0f}" if m < 1e6 else f"×{m:.2g}")
    table["baseline"] = 1.0  # bars on a log axis start at ×1, not at 0
    order = list(bounds.EXPONENTS)
    k = slider("k_halving", table["k"].unique(), k_start, "Improvement factor k ")
    base = alt.Chart(table).transform_filter(alt.datum.k == k)
    bars = base.mark_bar().encode(
        y=alt.Y("exponent:N", sort=order, title=None),
        x=alt.X("multiplier:Q", scale=alt.Scale(type="log", domainMin=1, domainMax=1e18), title="Multiplier k^γ (log scale)"),
        x2="baseline:Q",
        color=alt.Color("gamma:Q", scale=alt.Scale(scheme="viridis", reverse=True), legend=None),
        tooltip=["exponent:N", "gamma:Q", alt.Tooltip("multiplier:Q", format=",.4~g"), "source:N"],
    )
    labels = base.mark_text(align="left", dx=4, fontSize=12).encode(
        y=alt.Y("exponent:N", sort=order), x=alt.X("multiplier:Q", scale=alt.Scale(type="log", domainMin=1, domainMax=1e18)), text="label:N"
    )
    return (
        alt.layer(bars, labels)
        .add_params(k)
        .properties(
            width=380,
            height=220,
            title=alt.Title("One improvement, six price tags", subtitle="The same k under each exponent; k = 2 halves the error"),
            description=(
                "Horizontal bars of k to the power γ for six exponents: 2 for data, 2 for compute with a fixed model, "
                "4 for compute in theory, 9 from the IEEE Spectrum article, 10.8 from the paper's 2022 version and 13.8 "
                "implied by its 2020 version. At k = 2 the bars read 4, 4, 16, 512, about 1,800 and about 14,000."
            ),
        )
    )
