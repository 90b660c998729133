"""Charts for the chapter *The price of a better model: k² data, k⁴ compute* (``book/bounds.md``)."""
from __future__ import annotations

import altair as alt
import pandas as pd

from .. import bounds
from .._checks import check_frame, check_number
from .common import slider
from .theme import NEUTRAL, PALETTE

__all__ = ["rate_chart", "price_calculator", "multiplier_bars"]



def _exponent_colour(table: pd.DataFrame) -> alt.Color:
    """One palette colour (3:1 on light and dark pages) per exponent, in order; no legend: a curve has its bar's colour."""
    order = list(dict.fromkeys(table["exponent"]))
    hues = [*PALETTE, NEUTRAL]
    colours = [hues[index % len(hues)] for index in range(len(order))]
    return alt.Color("exponent:N", sort=order, scale=alt.Scale(domain=order, range=colours), legend=None)

_SERIES = ("rmse", "rmse_theory", "mse", "mse_theory")


def rate_chart(simulation: pd.DataFrame, rmse_slope: float, mse_slope: float) -> alt.LayerChart:
    """Log–log chart of the simulated RMSE and MSE of an estimator against the sample size n.

    ``simulation`` is the chapter's Monte Carlo table (columns ``n``, ``rmse``, ``mse``,
    ``rmse_theory``, ``mse_theory``); the two fitted slopes go in the subtitle.
    """
    check_frame("simulation", simulation, ("n", *_SERIES), min_rows=2)
    rmse_slope, mse_slope = check_number("rmse_slope", rmse_slope), check_number("mse_slope", mse_slope)
    long = simulation.melt(id_vars=["n"], value_vars=list(_SERIES), var_name="series", value_name="error")
    long["measure"] = long["series"].str.removesuffix("_theory").str.upper()
    long["theory"] = long["series"].str.endswith("_theory")
    x = alt.X("n:Q", scale=alt.Scale(type="log"), title="Sample size n (log scale)")
    y = alt.Y("error:Q", scale=alt.Scale(type="log"), title="Error of the estimate (log scale)")
    base = alt.Chart(long).encode(x=x, y=y, color=alt.Color("measure:N", sort=["RMSE", "MSE"], legend=alt.Legend(title="Simulated (points), theory (dashes)", titleLimit=320)))
    theory = base.transform_filter("datum.theory").mark_line(strokeDash=[6, 4])
    tooltip = [alt.Tooltip("measure:N"), alt.Tooltip("n:Q", title="n"), alt.Tooltip("error:Q", format=".5f")]
    simulated = base.transform_filter("!datum.theory").mark_point(shape="circle").encode(tooltip=tooltip)
    return alt.layer(theory, simulated).properties(
        title=alt.Title(
            "The RMSE falls as 1/√n, the MSE as 1/n",
            subtitle=f"Fitted log–log slopes: RMSE {rmse_slope:.3f} (theory -0.5), MSE {mse_slope:.3f} (theory -1)",
        ),
        description=(
            "Log–log scatter of the simulated root-mean-square error and mean squared error of a sample mean against "
            f"the sample size n, from n = {int(simulation['n'].min())} to {int(simulation['n'].max())}, each beside its "
            f"dashed theoretical line σ/√n or σ²/n. The RMSE points fall on a line of slope {rmse_slope:.2f}, the MSE points "
            f"on one of slope {mse_slope:.2f}."
        ),
        width=440,
        height=300,
    )


def _bars(table: pd.DataFrame, selected: object = None) -> alt.LayerChart:
    """Bars of k^γ from ×1 (log axis) with a text label, one per exponent, for the rows ``selected`` (default all)."""
    order = list(dict.fromkeys(table["exponent"]))
    x = alt.X("multiplier:Q", scale=alt.Scale(type="log", domain=[1, table["multiplier"].max()]), title="Multiplier k^γ (log scale)")
    y = alt.Y("exponent:N", sort=order, title=None)
    base = alt.Chart(table).transform_calculate(baseline="1")
    base = (base if selected is None else base.transform_filter(selected)).encode(x=x, y=y)
    bars = base.mark_bar().encode(
        x2="baseline:Q",
        color=_exponent_colour(table),
        tooltip=["exponent:N", "gamma:Q", alt.Tooltip("multiplier:Q", format=",.4~g")],
    )
    return alt.layer(bars, base.mark_text(align="left", dx=4, fontSize=12).encode(text="label:N"))


def price_calculator(exponents: pd.DataFrame, k_start: float = 2.0) -> alt.VConcatChart:
    """Calculator: a slider for k sizes one bar per exponent (top) and marks k on the curves k^γ (bottom).

    ``exponents`` has columns ``exponent`` and ``gamma`` (the chapter's table); every number is
    precomputed by :func:`scaling_lib.bounds.multiplier_grid` on :data:`scaling_lib.bounds.K_GRID`,
    and the slider only selects rows, so the static page needs no kernel.
    """
    table = bounds.multiplier_grid(bounds.K_GRID, check_frame("exponents", exponents, ("exponent", "gamma")))
    k = slider("k", bounds.K_GRID, check_number("k_start", k_start), "Improvement factor k (old error ÷ new error) ")
    top = _bars(table, alt.datum.k == k).properties(width=380, height=24 * len(exponents), title="What the chosen k costs")
    curves = alt.Chart(table).mark_line().encode(
        x=alt.X("k:Q", title="Improvement factor k"),
        y=alt.Y("multiplier:Q", scale=alt.Scale(type="log"), title="Multiplier (log scale)"),
        detail="exponent:N",
        color=_exponent_colour(table),
        tooltip=["exponent:N", "k:Q", alt.Tooltip("multiplier:Q", format=",.3~g")],
    )
    marker = curves.mark_point(size=70, filled=True).transform_filter(alt.datum.k == k)
    bottom = alt.layer(curves, marker).properties(width=380, height=220, title="Multipliers as k grows")
    at_two = table[table["k"] == 2.0].set_index("exponent")["label"]
    return (
        alt.vconcat(top, bottom)
        .add_params(k)
        .properties(
            title=alt.Title("The price of a k-fold better model", subtitle="Move the slider; k = 2 halves the error. Each curve has the colour of its bar"),
            description=(
                f"Calculator. Top: horizontal bars of k to the power γ for {len(exponents)} exponents, theory and "
                "published, at the improvement factor k chosen with the slider (1 to 20), on a log axis. Bottom: every "
                "multiplier against k on a logarithmic vertical axis. At k = 2 the bars read "
                + ", ".join(f"{name} {label}" for name, label in at_two.items())
                + "."
            ),
        )
    )


def multiplier_parts(k: float) -> tuple[dict[str, pd.DataFrame], dict[str, object]]:
    table = bounds.multiplier_grid([check_number("k", k, low=1.0, high=1e6)])
    return {"bars": table}, {"end": table["multiplier"].max(), "title": f"Dividing the error by k = {k:g}", "description": (
        f"Bars of k to the power γ at k = {k:g} for every exponent of the chapter, theory and published, on a log axis.")}


def multiplier_draw(frames: dict[str, pd.DataFrame], slots: dict[str, object]) -> alt.LayerChart:
    return _bars(frames["bars"]).properties(width=380, height=24 * len(frames["bars"]), title=slots["title"], description=slots["description"])


def multiplier_bars(k: float) -> alt.LayerChart:
    """Bars of k^γ for every exponent of :func:`scaling_lib.bounds.exponent_table` at one ``k`` in [1, 1e6] (live widget)."""
    return multiplier_draw(*multiplier_parts(k))
