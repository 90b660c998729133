"""The site on a phone, a tablet and a desktop (375, 768 and 1440 px), in headless Chromium.

* No chart, slider, menu or table box reaches past the right edge of the screen, and the page
  itself does not scroll sideways.
* Chart text is at least 11 px; on a narrow screen legends sit below their plot.
* A chart redraws to fit when its column narrows (a window resized, a phone rotated).
* No page shows a raw pandas table: every table of the article is the book's own (scaling_lib.tables).
* No page loads a render-blocking chart script: the chart runtime is deferred and only on pages
  with charts, the Vega bundle is fetched by it (never a script of the page), MathJax only
  comes with maths, and the theme's 1.5 MB icon script is gone.
"""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from tests.conftest import toc_files
from tests.site.conftest import SITE, site_pages

PAGES = [page for page in site_pages() if page != "index.html"]
CHAPTER_PAGES = [f"{name}.html" for name in toc_files()]
WIDTHS = (375, 768, 1440)

pytestmark = pytest.mark.browser

# Everything a reader sees or operates in the article that must stay on screen.
_OVERFLOW = """
() => {
  const limit = document.documentElement.clientWidth + 1;
  const items = [
    ['chart', 'figure.dr-chart svg'],
    ['control', '.vega-bindings input, .vega-bindings select, .vega-bindings label, .vega-bind-name'],
    ['table box', '.dr-table-scroll, .dr-table-tools button, .dr-table-search input'],
    ['chart figure', 'figure.dr-chart'],
  ];
  const out = [];
  for (const [kind, selector] of items) {
    for (const el of document.querySelectorAll(selector)) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.right > limit || box.left < -1) {
        const figure = el.closest('figure.dr-chart, .dr-table-block');
        const name = figure ? (figure.querySelector('figcaption strong, caption') || {}).textContent : '';
        out.push(`${kind} ${(name || '').trim().slice(0, 60)}: ${Math.round(box.left)}..${Math.round(box.right)} px, screen ${limit - 1} px`);
      }
    }
  }
  const page = document.documentElement.scrollWidth;
  if (page > limit) out.push(`the page scrolls sideways: ${page} px wide on a ${limit - 1} px screen`);
  return out;
}
"""

_SMALL_TEXT = """
() => Array.from(document.querySelectorAll('figure.dr-chart svg text'))
  .filter(t => t.textContent.trim() && getComputedStyle(t).visibility !== 'hidden')
  .map(t => [t.textContent.trim().slice(0, 30), parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM() ? Math.hypot(t.getScreenCTM().a, t.getScreenCTM().b) : 1)])
  .filter(([, size]) => size < 10.95)
"""


def open_at(visit, path: str, width: int):
    page_visit = visit(path, width=width)
    page = page_visit.page
    states = page_visit.wait_for_charts(timeout_ms=30_000)
    assert all(state == "yes" for state in states), f"charts failed to draw on {path}: {states}"
    page.wait_for_timeout(150)
    return page_visit


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_nothing_reaches_past_the_right_edge(visit, path, width):
    page_visit = open_at(visit, path, width)
    page = page_visit.page
    problems = page.evaluate(_OVERFLOW)
    assert not problems, f"{path} at {width} px:\n" + "\n".join(problems)
    small = page.evaluate(_SMALL_TEXT)
    assert not small, f"{path} at {width} px: chart text under 11 px: {small[:8]}"
    assert not page_visit.errors, page_visit.errors


def test_narrow_legends_sit_below_the_plot(visit):
    """At 375 px, every chart's legend starts below the top of its plot area (none beside it)."""
    checked = 0
    for path in CHAPTER_PAGES:
        page = open_at(visit, path, 375).page
        beside = page.evaluate(
            """() => Array.from(document.querySelectorAll('figure.dr-chart svg')).flatMap(svg => {
                 // A legend is beside a plot when it sits level with a y axis (the plot's height) and to its right.
                 const axes = Array.from(svg.querySelectorAll('.role-axis')).map(a => a.getBoundingClientRect())
                   .filter(b => b.height > b.width && b.height > 40);
                 const title = (svg.closest('figure').querySelector('figcaption strong') || {}).textContent || '';
                 return Array.from(svg.querySelectorAll('.role-legend')).filter(legend => {
                   const box = legend.getBoundingClientRect();
                   return axes.some(a => box.left > a.right && box.top < a.bottom - 2 && box.bottom > a.top + 2);
                 }).map(() => title.trim());
               })"""
        )
        checked += 1
        assert not beside, f"{path}: legends beside the plot at 375 px: {beside}"
    assert checked


def test_charts_refit_when_the_window_narrows(visit):
    page_visit = open_at(visit, "book/bounds.html", 1440)
    page = page_visit.page
    wide = page.evaluate("() => Array.from(document.querySelectorAll('figure.dr-chart svg')).map(s => s.getBoundingClientRect().width)")
    page.set_viewport_size({"width": 360, "height": 800})
    page.wait_for_function(
        "() => Array.from(document.querySelectorAll('figure.dr-chart svg')).every(s => s.getBoundingClientRect().right <= document.documentElement.clientWidth + 1)",
        timeout=15_000,
    )
    narrow = page.evaluate("() => Array.from(document.querySelectorAll('figure.dr-chart svg')).map(s => s.getBoundingClientRect().width)")
    assert len(wide) == len(narrow) and all(n <= w for n, w in zip(narrow, wide))
    assert page.evaluate(_OVERFLOW) == []
    assert not page_visit.errors


def _soup(path: str) -> BeautifulSoup:
    return BeautifulSoup((SITE / path).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("path", PAGES)
def test_no_raw_pandas_table(path):
    soup = _soup(path)
    raw = soup.select("table.dataframe")
    assert not raw, f"{path} shows {len(raw)} raw pandas table(s); show them with scaling_lib.tables"
    for table in soup.select("article table"):
        if table.find_parent(class_=re.compile(r"cell_output")):
            assert "dr-table" in (table.get("class") or []), f"{path}: a table in a cell's output is not the book's"
            assert table.caption and table.caption.get_text(strip=True), f"{path}: a table has no caption"


def _head_scripts(soup: BeautifulSoup) -> list:
    return [script for script in soup.head.find_all("script") if script.get("src")]


def _blocking(script) -> bool:
    return not (script.has_attr("defer") or script.has_attr("async") or script.get("type") == "module")


@pytest.mark.parametrize("path", PAGES)
def test_no_render_blocking_chart_script(path):
    soup = _soup(path)
    scripts = _head_scripts(soup) + [s for s in soup.body.find_all("script") if s.get("src")]
    sources = [script["src"] for script in scripts]
    assert not any("vega" in src for src in sources), f"{path} loads the Vega bundle as a page script: {sources}"
    assert not any("fontawesome" in src for src in sources), f"{path} still loads the icon font script"
    blocking = [script["src"] for script in _head_scripts(soup) if _blocking(script)]
    assert all(src.split("?")[0].endswith("documentation_options.js") for src in blocking), f"{path}: render-blocking scripts {blocking}"
    has_charts = bool(soup.select("figure.dr-chart"))
    runtime = [script for script in scripts if "dr-charts.js" in script["src"]]
    if has_charts:
        assert len(runtime) == 1 and runtime[0].has_attr("defer"), f"{path}: the chart runtime must be loaded once, deferred"
        assert "vega-bundle.js" in runtime[0].get("data-bundle", "")
    else:
        assert not runtime, f"{path} has no chart but loads the chart runtime"
    has_maths = bool(soup.select(".math, .amsmath, div.math, span.math"))
    # MathJax and the search index are fetched after the page has loaded, by a one-line loader.
    late = " ".join(script.get_text() for script in soup.find_all("script") if not script.get("src"))
    mathjax = [src for src in sources if "mathjax" in src.lower()] + (["late loader"] if "mathjax/" in late else [])
    assert not [src for src in sources if "mathjax" in src.lower() or "searchindex" in src], f"{path} loads MathJax or the search index during the first paint"
    if has_maths:
        assert mathjax, f"{path} has maths but no MathJax"
    else:
        assert not mathjax, f"{path} has no maths but loads MathJax"
    tables = bool(soup.select("table.dr-table"))
    assert tables == any("tables.js" in src for src in sources), f"{path}: tables.js only where there is a table"


def test_icons_are_css_and_the_icon_script_is_gone():
    assert not (SITE / "_static" / "scripts" / "fontawesome.js").exists()
    css = (SITE / "_static" / "dr-icons.css").read_text(encoding="utf-8")
    assert "fa-magnifying-glass" in css and "fa-bars" in css
    assert len(css) < 60_000
