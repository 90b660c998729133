"""The chart runtime (scaling_lib/charts/runtime.js) on charts made to be awkward, in headless Chromium.

A page built here (no book build needed) holds charts wider than a phone: a 640 px plot, two
440 px panels side by side, a faceted chart, a layer with its legend on the right and a long title,
a chart that sets 8 px text, and one with a slider. At 320, 375 and 1024 px every chart draws,
fits the screen, keeps its text at 11 px or more, and on narrow screens puts legends below and
stacks side-by-side panels; the page's own script is deferred and fetches the bundle itself.
"""
from __future__ import annotations

import functools
import http.server
import threading

import altair as alt
import pandas as pd
import pytest

from scaling_lib import charts  # noqa: F401  (the book's theme)
from scaling_lib.charts import render

pytestmark = pytest.mark.browser

WIDTHS = (320, 375, 1024)


def _frame() -> pd.DataFrame:
    return pd.DataFrame({
        "x": list(range(12)) * 2,
        "y": [v * v for v in range(12)] + [v * 3 for v in range(12)],
        "series": ["a rather long series name"] * 12 + ["another long series name"] * 12,
        "panel": ["left"] * 12 + ["right"] * 12,
    })


def _charts() -> list[dict]:
    data = _frame()
    base = alt.Chart(data)
    wide = base.mark_line().encode(x="x:Q", y="y:Q", color="series:N").properties(
        width=640, height=260, title="A plot wider than any phone", description="A single view 640 px wide.")
    left = base.mark_point().encode(x="x:Q", y="y:Q").properties(width=440, height=200)
    side = alt.hconcat(left, left.mark_line()).properties(title="Two panels side by side", description="An hconcat of two 440 px views.")
    facet = base.mark_point().encode(x="x:Q", y="y:Q").properties(width=300, height=160).facet(
        column="panel:N").properties(title="Faceted by panel", description="A facet with two columns of 300 px.")
    legend_right = alt.layer(
        base.mark_line().encode(x="x:Q", y="y:Q", color=alt.Color("series:N", legend=alt.Legend(orient="right"))),
        base.mark_text(fontSize=8, dx=5).encode(x="x:Q", y="y:Q", text="series:N"),
    ).properties(width=460, title="A long title that will not fit on one line of a narrow phone screen at all",
                 description="A layer with its legend on the right and 8 px labels.")
    k = alt.param(name="k", value=2, bind=alt.binding_range(min=1, max=5, step=1, name="a slider with a long name "))
    slider = base.mark_line().encode(x="x:Q", y=alt.Y("scaled:Q")).transform_calculate(scaled="datum.y * k").add_params(k).properties(
        width=500, title="A chart with a slider", description="A slider under a 500 px chart.")
    return [chart.to_dict() for chart in (wide, side, facet, legend_right, slider)]


@pytest.fixture(scope="module")
def runtime_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("runtime")
    static = folder / "_static"
    static.mkdir()
    render.write_vega_bundle(static / "vega-bundle.js")
    (static / "dr-charts.js").write_text(render.chart_runtime_source(site=True), encoding="utf-8")
    figures = "\n".join(render.chart_html(spec, target="site") for spec in _charts())
    (folder / "page.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><meta name='viewport' content='width=device-width, initial-scale=1'>"
        "<title>Runtime</title><link rel='icon' href='data:,'><style>body{margin:0;padding:8px;font-family:sans-serif} main{max-width:100%}</style>"
        "<script defer src='_static/dr-charts.js' data-bundle='vega-bundle.js'></script></head>"
        f"<body><main><h1>Charts</h1><p>Text first.</p>{figures}</main></body></html>",
        encoding="utf-8",
    )
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    handler = functools.partial(Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/page.html"
    server.shutdown()


def _open(browser, url: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(url, wait_until="load")
    page.wait_for_function(
        "() => { const v = document.querySelectorAll('.dr-chart-view'); return v.length && Array.from(v).every(e => ['yes','error'].includes(e.getAttribute('data-drawn'))); }",
        timeout=30_000,
    )
    return context, page, errors


@pytest.mark.parametrize("width", WIDTHS)
def test_awkward_charts_fit_the_screen(browser, runtime_page, width):
    context, page, errors = _open(browser, runtime_page, width)
    try:
        states = page.eval_on_selector_all(".dr-chart-view", "els => els.map(e => e.getAttribute('data-drawn'))")
        assert states == ["yes"] * 5, states
        report = page.evaluate(
            """() => {
              const limit = document.documentElement.clientWidth;
              const wide = Array.from(document.querySelectorAll('figure.dr-chart svg, .vega-bindings input, .vega-bindings label'))
                .filter(el => el.getBoundingClientRect().right > limit + 1).map(el => el.tagName + ' ' + Math.round(el.getBoundingClientRect().right));
              const small = Array.from(document.querySelectorAll('figure.dr-chart svg text')).filter(t => t.textContent.trim())
                .map(t => parseFloat(getComputedStyle(t).fontSize)).filter(size => size < 11);
              return {wide, small, scroll: document.documentElement.scrollWidth, limit};
            }"""
        )
        assert not report["wide"], f"at {width} px, past the right edge: {report['wide']}"
        assert report["scroll"] <= report["limit"] + 1
        assert not report["small"], f"text under 11 px: {report['small'][:5]}"
        assert not errors, errors
        if width < 600:
            # Side-by-side panels are stacked, and the right-hand legend moved below its plot.
            stacked = page.evaluate(
                """() => { const svg = document.querySelectorAll('figure.dr-chart svg')[1];
                           const frames = Array.from(svg.querySelectorAll('.role-scope .background, .mark-group > g > path.background'))
                             .map(p => p.getBoundingClientRect()).filter(b => b.width > 50);
                           return frames.length >= 2 && frames[1].top >= frames[0].bottom - 1; }"""
            )
            assert stacked, "the two panels are still side by side on a narrow screen"
            legend_below = page.evaluate(
                """() => { const svg = document.querySelectorAll('figure.dr-chart svg')[3];
                           const legend = svg.querySelector('.role-legend').getBoundingClientRect();
                           const plot = svg.querySelector('path.background').getBoundingClientRect();
                           return legend.top >= plot.bottom - 1; }"""
            )
            assert legend_below, "the legend is not below the plot on a narrow screen"
    finally:
        context.close()


def test_slider_keeps_its_value_when_the_chart_redraws(browser, runtime_page):
    context, page, errors = _open(browser, runtime_page, 1024)
    try:
        slider = page.locator(".vega-bindings input[type=range]").first
        slider.focus()
        page.keyboard.press("End")
        assert slider.input_value() == "5"
        page.set_viewport_size({"width": 340, "height": 800})
        page.wait_for_function(
            "() => Array.from(document.querySelectorAll('figure.dr-chart svg')).every(s => s.getBoundingClientRect().right <= document.documentElement.clientWidth + 1)",
            timeout=15_000,
        )
        page.wait_for_function("() => Array.from(document.querySelectorAll('.dr-chart-view')).every(e => e.getAttribute('data-drawn') === 'yes')")
        assert page.locator(".vega-bindings input[type=range]").first.input_value() == "5"
        assert not errors, errors
    finally:
        context.close()


def test_the_bundle_is_fetched_after_the_page_is_parsed(browser, runtime_page):
    context = browser.new_context()
    page = context.new_page()
    try:
        order: list[str] = []
        page.on("request", lambda request: order.append(request.url.rsplit("/", 1)[-1]))
        page.goto(runtime_page, wait_until="domcontentloaded")
        # The document was parsed (DOMContentLoaded) without waiting for the bundle's download.
        timing = page.evaluate("() => performance.getEntriesByType('resource').map(e => [e.name.split('/').pop(), e.initiatorType])")
        assert ["vega-bundle.js", "script"] in timing or "vega-bundle.js" in order
        assert page.evaluate("() => document.querySelector('script[src*=vega-bundle]').async")
    finally:
        context.close()
