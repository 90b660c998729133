"""Offline chart rendering: Altair charts drawn by a Vega bundle the site serves itself.

Altair's own renderers load Vega from a CDN, and its inline template breaks when a
page holds two charts. This module replaces them with one renderer,
``"diminishing_returns"``, that emits a small HTML snippet per chart:

* a ``<figure>`` named by the chart's title and described by its text
  description (a visually hidden caption that screen readers reach), and an
  empty ``<div>`` that Vega draws into, its sliders and menus included;
* a script that hands the spec to ``vegaEmbed``. On the book's site,
  ``vegaEmbed`` comes from ``_static/vega-bundle.js``, which ``make book``
  generates from vl-convert-python's bundle (see :func:`write_vega_bundle`) and
  Jupyter Book adds to every page. Charts that run before the bundle has loaded
  wait in a queue that the bundle drains.

Where the chart is shown decides how Vega arrives (:func:`render_target`):

* ``site`` (set by ``make book`` through ``SCALING_LIB_TARGET=site``): the page
  already has the bundle, so each chart is a few kilobytes;
* ``notebook`` (the default: JupyterLab, Binder, nbclient): the first chart of a
  kernel session carries the bundle inline, so charts draw with no network at
  all; later charts reuse it. :func:`reset_bundle` makes the next chart carry it
  again (after reloading a page, say).
"""
from __future__ import annotations

import html
import itertools
import json
import os
from pathlib import Path
from typing import Any

from .._checks import check_bool, check_path, check_text

__all__ = [
    "RENDERER_NAME",
    "TARGET_VARIABLE",
    "render_target",
    "vega_bundle_source",
    "write_vega_bundle",
    "chart_html",
    "render",
    "reset_bundle",
]

RENDERER_NAME = "diminishing_returns"
TARGET_VARIABLE = "SCALING_LIB_TARGET"
_TARGETS = ("site", "notebook")

# The snippet vl-convert compiles into its bundle: publish the three libraries and
# draw every chart that was queued before the bundle loaded.
_BUNDLE_SNIPPET = """
window.vegaEmbed = vegaEmbed;
window.vega = vega;
window.vegaLite = vegaLite;
var queued = window.__dr_chart_queue || [];
window.__dr_chart_queue = { push: function (draw) { draw(); } };
queued.forEach(function (draw) { draw(); });
"""

_counter = itertools.count(1)
_bundle_sent = False
_bundle_cache: str | None = None


def render_target() -> str:
    """Return where charts are being shown: ``"site"`` or ``"notebook"``.

    Read from the environment variable ``SCALING_LIB_TARGET``; unset means
    ``"notebook"``. Any other value raises ``ValueError``.
    """
    target = os.environ.get(TARGET_VARIABLE, "notebook").strip() or "notebook"
    if target not in _TARGETS:
        raise ValueError(f"{TARGET_VARIABLE} must be one of {', '.join(_TARGETS)}; got {target!r}")
    return target


def vega_bundle_source() -> str:
    """JavaScript that defines ``window.vegaEmbed``, ``window.vega`` and ``window.vegaLite``.

    Built by vl-convert-python (Vega, Vega-Lite and Vega-Embed with all their
    dependencies, no network needed) and wrapped in a function scope, because
    the bundle declares top-level constants that would clash when Jupyter Book
    adds the file to every page beside other scripts.
    """
    global _bundle_cache
    if _bundle_cache is None:
        import vl_convert

        body = vl_convert.javascript_bundle(snippet=_BUNDLE_SNIPPET)
        _bundle_cache = "/* Vega, Vega-Lite and Vega-Embed, bundled by vl-convert-python. */\n(function () {\n" + body + "\n})();\n"
    return _bundle_cache


def write_vega_bundle(path: str | os.PathLike[str]) -> Path:
    """Write :func:`vega_bundle_source` to ``path`` (a ``.js`` file) and return the path.

    The file is rewritten only when its content changes, so an unchanged build
    does not look modified to Sphinx.
    """
    target = check_path("path", path)
    if target.suffix != ".js":
        raise ValueError(f"path must name a .js file, got {str(path)!r}")
    source = vega_bundle_source()
    if not target.exists() or target.read_text(encoding="utf-8") != source:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source, encoding="utf-8")
    return target


def reset_bundle() -> None:
    """Make the next chart shown in a notebook carry the Vega bundle inline again."""
    global _bundle_sent
    _bundle_sent = False


def _title_text(spec: dict[str, Any]) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, (list, tuple)):
        title = " ".join(str(part) for part in title)
    return str(title or "").strip()


def chart_html(spec: dict[str, Any], *, include_bundle: bool = False, chart_id: str | None = None) -> str:
    """HTML for one chart: an accessible ``<figure>`` and the script that draws it.

    ``spec`` is a Vega-Lite specification (``chart.to_dict()``). It must carry a
    top-level ``title`` and ``description``: the description is what a screen
    reader announces, so a chart without one is refused with ``ValueError``.
    """
    if not isinstance(spec, dict):
        raise TypeError(f"spec must be a Vega-Lite dict, got {type(spec).__name__}")
    check_bool("include_bundle", include_bundle)
    if chart_id is not None:
        check_text("chart_id", chart_id, allow_empty=True)
    title = _title_text(spec)
    description = str(spec.get("description") or "").strip()
    if not title:
        raise ValueError("spec has no title: every chart in the book needs a title")
    if not description:
        raise ValueError(f"spec {title!r} has no description: every chart needs a text description for screen readers")
    element_id = chart_id or f"dr-chart-{next(_counter)}"
    spec_json = json.dumps(spec, separators=(",", ":"), sort_keys=True).replace("</", "<\\/")
    options = json.dumps({"actions": False, "renderer": "svg", "mode": "vega-lite"})
    bundle = ""
    if include_bundle:
        bundle = "<script>" + vega_bundle_source().replace("</script", "<\\/script") + "</script>\n"
    return (
        # The figure is named by the chart's title and described by its text description, both
        # in the (visually hidden) caption. The drawing area carries no role of its own: Vega
        # labels its SVG ("graphics-document"), and the sliders and menus Vega adds below it
        # must stay reachable (a role="img" container would hide them from assistive technology).
        f'<figure class="dr-chart" aria-labelledby="{element_id}-title" aria-describedby="{element_id}-description">\n'
        f'<figcaption id="{element_id}-caption" class="dr-chart-description">'
        f'<strong id="{element_id}-title">{html.escape(title)}.</strong> '
        f'<span id="{element_id}-description">{html.escape(description)}</span></figcaption>\n'
        f'<div id="{element_id}" class="dr-chart-view"></div>\n'
        f"</figure>\n"
        f"{bundle}"
        "<script>\n(function () {\n"
        f"  var spec = {spec_json};\n"
        # Once drawn, the SVG itself is an image named by the title and described by the text
        # description, so a screen reader that lands on the graphic hears both.
        "  function nameGraphic(el) {\n"
        "    var svg = el.querySelector('svg');\n"
        "    if (!svg) { return; }\n"
        "    svg.setAttribute('role', 'img');\n"
        "    svg.setAttribute('aria-labelledby', el.id + '-title');\n"
        "    svg.setAttribute('aria-describedby', el.id + '-description');\n"
        "  }\n"
        "  function draw() {\n"
        f"    var el = document.getElementById({json.dumps(element_id)});\n"
        "    if (!el || el.getAttribute('data-drawn')) { return; }\n"
        "    el.setAttribute('data-drawn', 'pending');\n"
        f"    window.vegaEmbed(el, spec, {options})\n"
        "      .then(function () { nameGraphic(el); el.setAttribute('data-drawn-ms', String(Math.round(performance.now()))); el.setAttribute('data-drawn', 'yes'); })\n"
        "      .catch(function (error) { el.setAttribute('data-drawn', 'error'); console.error(error); });\n"
        "  }\n"
        "  if (window.vegaEmbed) { draw(); }\n"
        "  else { (window.__dr_chart_queue = window.__dr_chart_queue || []).push(draw); }\n"
        "})();\n</script>\n"
    )


def render(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    """Altair renderer: return the MIME bundle for one chart.

    In a notebook, the first chart of the session carries the Vega bundle inline;
    on the site, none does (the page loads ``_static/vega-bundle.js``).
    """
    global _bundle_sent
    include_bundle = render_target() == "notebook" and not _bundle_sent
    markup = chart_html(spec, include_bundle=include_bundle)
    if include_bundle:
        _bundle_sent = True
    return {"text/html": markup, "text/plain": f"<chart: {_title_text(spec)}>"}
