"""The offline renderer and theme: charts draw from the site's own Vega bundle."""
import json
import re

import altair as alt
import pandas as pd
import pytest

from scaling_lib import charts  # noqa: F401  (enables the theme and renderer)
from scaling_lib.charts import render, theme


BUNDLE_MARK = "bundled by vl-convert-python"  # the first line of the Vega bundle (render.vega_bundle_source)


def small_chart(**properties):
    return alt.Chart(pd.DataFrame({"x": [1, 2], "y": [3, 4]})).mark_point().encode(x="x", y="y").properties(**properties)


def test_theme_and_renderer_are_active():
    assert alt.renderers.active == render.RENDERER_NAME
    assert alt.theme.active == theme.THEME_NAME
    config = small_chart(title="t", description="d").to_dict()["config"]
    assert config["range"]["category"] == theme.PALETTE


def test_site_chart_has_no_bundle_no_code_and_no_network(monkeypatch):
    monkeypatch.setenv(render.TARGET_VARIABLE, "site")
    bundle = small_chart(title="A title", description="A description")._repr_mimebundle_()
    markup = bundle["text/html"]
    assert "A description" in markup and '<script type="application/json" class="dr-chart-spec">' in markup
    # On the site the page's deferred dr-charts.js draws the chart: the snippet holds no code.
    assert re.findall(r"<script[^>]*>", markup) == ['<script type="application/json" class="dr-chart-spec">']
    assert len(markup) < 20_000
    # The only address is the "$schema" identifier, which Vega never fetches.
    without_schema = re.sub(r'"\$schema":"[^"]*"', "", markup)
    assert not re.search(r"https?://", without_schema), "a site chart must not reference any URL"
    assert bundle["text/plain"] == "<chart: A title>"


def test_spec_in_the_page_is_the_chart_spec(monkeypatch):
    monkeypatch.setenv(render.TARGET_VARIABLE, "site")
    spec = small_chart(title="t", description="d").to_dict()
    markup = render.chart_html(spec)
    embedded = re.search(r'<script type="application/json" class="dr-chart-spec">(.*?)</script>', markup, re.S).group(1)
    assert json.loads(embedded.replace("<\\/", "</")) == json.loads(json.dumps(spec))


@pytest.fixture
def served_folder(tmp_path, monkeypatch):
    """Where the kernel writes the bundle for JupyterLab, redirected to a temporary folder."""
    folder = tmp_path / "labextensions"
    monkeypatch.setattr(render, "_notebook_bundle_folders", lambda: [folder])
    monkeypatch.setattr(render, "_notebook_bundle_ready", None)
    monkeypatch.setattr(render, "_bundle_sent", False)
    monkeypatch.setenv(render.TARGET_VARIABLE, "notebook")
    return folder


def test_notebook_chart_carries_the_runtime_not_the_bundle(served_folder):
    first = render.render(small_chart(title="t", description="d").to_dict())["text/html"]
    second = render.render(small_chart(title="t", description="d").to_dict())["text/html"]
    for markup in (first, second):
        assert BUNDLE_MARK not in markup and len(markup) < 40_000
        assert "drCharts" in markup and render.NOTEBOOK_BUNDLE_PATH in markup and "jupyter-config-data" in markup
    written = served_folder / render.NOTEBOOK_BUNDLE_PATH
    assert written.read_text(encoding="utf-8") == render.vega_bundle_source()
    assert render.NOTEBOOK_BUNDLE_PATH.startswith("diminishing-returns-charts/static/vega-bundle-")


def test_bundle_goes_inline_only_when_it_cannot_be_served(served_folder, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    monkeypatch.setattr(render, "_notebook_bundle_folders", lambda: [blocker])
    first = render.render(small_chart(title="t", description="d").to_dict())["text/html"]
    second = render.render(small_chart(title="t", description="d").to_dict())["text/html"]
    assert BUNDLE_MARK in first and len(first) > 500_000
    assert len(second) < 40_000
    render.reset_bundle()  # for a front end that does not serve the labextensions folder
    assert len(render.render(small_chart(title="t", description="d").to_dict())["text/html"]) > 500_000


def test_runtime_is_one_file_for_site_and_notebook():
    runtime = render.chart_runtime_source()
    site = render.chart_runtime_source(site=True)
    assert site.startswith(runtime) and "drawPage" in site[len(runtime):]
    assert "window.drCharts" in runtime and "MIN_FONT = 11" in runtime
    assert "</script" not in runtime.lower()
    with pytest.raises(TypeError, match="site"):
        render.chart_runtime_source(site="yes")


def test_target_argument_overrides_the_environment(monkeypatch):
    monkeypatch.setenv(render.TARGET_VARIABLE, "site")
    spec = small_chart(title="t", description="d").to_dict()
    assert "drCharts.add" in render.chart_html(spec, target="notebook")
    assert "drCharts" not in render.chart_html(spec, target="site")
    with pytest.raises(ValueError, match="target"):
        render.chart_html(spec, target="printer")


def test_two_charts_on_one_page_get_distinct_ids(monkeypatch):
    monkeypatch.setenv(render.TARGET_VARIABLE, "site")
    a = render.render(small_chart(title="a", description="d").to_dict())["text/html"]
    b = render.render(small_chart(title="b", description="d").to_dict())["text/html"]
    id_a = re.search(r'id="(dr-chart-\d+)"', a).group(1)
    id_b = re.search(r'id="(dr-chart-\d+)"', b).group(1)
    assert id_a != id_b


def test_chart_without_title_or_description_is_refused():
    with pytest.raises(ValueError, match="title"):
        render.chart_html(small_chart(description="d").to_dict())
    with pytest.raises(ValueError, match="description"):
        render.chart_html(small_chart(title="t").to_dict())
    with pytest.raises(TypeError, match="spec"):
        render.chart_html("not a spec")


def test_spec_cannot_close_the_script_tag():
    spec = small_chart(title="t", description="</script><script>alert(1)</script>").to_dict()
    for target in ("site", "notebook"):
        markup = render.chart_html(spec, target=target)
        assert "</script><script>alert" not in markup


def test_unknown_target_is_refused(monkeypatch):
    monkeypatch.setenv(render.TARGET_VARIABLE, "printer")
    with pytest.raises(ValueError, match="SCALING_LIB_TARGET"):
        render.render_target()


def test_bundle_is_wrapped_and_written(tmp_path):
    source = render.vega_bundle_source()
    assert source.lstrip().startswith("/*") and "(function () {" in source[:200]
    assert source.rstrip().endswith("})();")
    assert "window.vegaEmbed" in source
    path = render.write_vega_bundle(tmp_path / "static" / "vega-bundle.js")
    assert path.read_text(encoding="utf-8") == source
    mtime = path.stat().st_mtime_ns
    render.write_vega_bundle(path)
    assert path.stat().st_mtime_ns == mtime, "an unchanged bundle is not rewritten"
    with pytest.raises(ValueError, match="path"):
        render.write_vega_bundle(tmp_path / "bundle.txt")


def _relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_palette_colour_stands_out_on_light_and_dark_pages():
    """WCAG 1.4.11: a line, point or bar in any category colour reaches 3:1 on white and on #121212."""
    assert len(theme.PALETTE) == len(set(theme.PALETTE)) >= 6
    for colour in [*theme.PALETTE, theme.NEUTRAL]:
        assert _contrast(colour, "#ffffff") >= 3.0, f"{colour} is too light for a white page"
        assert _contrast(colour, "#121212") >= 3.0, f"{colour} is too dark for the dark theme"
    for faint in (theme.ORANGE, theme.SKY_BLUE, theme.YELLOW):  # why these are kept for fills only
        assert faint not in theme.PALETTE and _contrast(faint, "#ffffff") < 3.0


def test_theme_text_is_at_least_11_px():
    config = theme.theme_config()["config"]
    sizes = [value for group in config.values() if isinstance(group, dict) for key, value in group.items() if key.lower().endswith("fontsize")]
    assert sizes and min(sizes) >= theme.MIN_FONT_SIZE == 11


def test_marks_and_legend_symbols_are_opaque_by_default():
    config = theme.theme_config()["config"]
    for mark in ("point", "circle", "square"):
        assert config[mark]["opacity"] == 1
    assert config["legend"]["symbolOpacity"] == 1
    assert config["legend"]["symbolFillColor"] == theme.INK


def test_chart_modules_do_not_draw_marks_in_the_faint_colours():
    """ORANGE, SKY_BLUE and YELLOW appear only as fills of faint (opacity < 0.5) rectangles or areas."""
    import re
    from pathlib import Path

    charts = Path(theme.__file__).parent
    for module in sorted(charts.glob("*.py")):
        if module.name == "theme.py":
            continue
        source = module.read_text(encoding="utf-8")
        for name, value in (("ORANGE", theme.ORANGE), ("SKY_BLUE", theme.SKY_BLUE), ("YELLOW", theme.YELLOW)):
            assert value.lower() not in source.lower(), f"{module.name} hard-codes {name}: use the theme's names"
            for match in re.finditer(rf"\b{name}\b", source):
                line = source[source.rfind("\n", 0, match.start()) + 1 : source.find("\n", match.end())]
                if line.startswith("from "):
                    continue
                statement = source[source.rfind("\n\n", 0, match.start()) : source.find("\n\n", match.end())]
                assert re.search(r"mark_(rect|area)\(opacity=0\.[0-4]", statement), f"{module.name} draws a mark in {name}"
