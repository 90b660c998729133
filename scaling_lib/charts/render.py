"""Offline chart rendering: Altair charts drawn by a Vega bundle served beside the page.

Altair's renderers load Vega from a CDN, so the renderer ``"diminishing_returns"`` emits per
chart a ``<figure>`` (named by the title, described by a hidden caption), an empty ``<div>``
for Vega and the Vega-Lite spec as JSON. The runtime (``runtime.js``,
:func:`chart_runtime_source`) loads the Vega bundle once, fits each chart to its column
(320 px and up) and redraws on resize. Where the bundle comes from (:func:`render_target`):

* ``site`` (``SCALING_LIB_TARGET=site``): ``_ext/offline_site.py`` adds ``_static/dr-charts.js``
  to pages with charts; it fetches ``_static/vega-bundle.js`` (:func:`write_vega_bundle`) after
  the page has painted.
* ``notebook`` (default): each chart carries the runtime and loads the bundle from the
  labextensions folder JupyterLab serves, where the kernel writes it on first use
  (:data:`NOTEBOOK_BUNDLE_PATH`); only when no folder is writable, or after
  :func:`reset_bundle`, does a chart carry the bundle inline.
"""
from __future__ import annotations

import hashlib
import html
import itertools
import json
import os
import sys
from pathlib import Path
from typing import Any

from .._checks import check_bool, check_path, check_text

__all__ = [
    "RENDERER_NAME",
    "TARGET_VARIABLE",
    "NOTEBOOK_BUNDLE_PATH",
    "render_target",
    "vega_bundle_source",
    "write_vega_bundle",
    "chart_runtime_source",
    "chart_html",
    "render",
    "reset_bundle",
]

RENDERER_NAME = "diminishing_returns"
TARGET_VARIABLE = "SCALING_LIB_TARGET"
_TARGETS = ("site", "notebook")

# The snippet vl-convert compiles into its bundle: publish the three libraries. The chart
# runtime waits for the bundle's script to load, then draws.
_BUNDLE_SNIPPET = """
window.vegaEmbed = vegaEmbed;
window.vega = vega;
window.vegaLite = vegaLite;
"""
_RUNTIME_FILE = Path(__file__).with_name("runtime.js")
# The folder, under a Jupyter data folder's labextensions/, that JupyterLab serves the bundle from.
_NOTEBOOK_FOLDER = "diminishing-returns-charts"


def _bundle_key() -> str:
    from importlib.metadata import version

    try:
        vl_version = version("vl-convert-python")
    except Exception:  # pragma: no cover - vl-convert is a pinned requirement
        vl_version = "unknown"
    return hashlib.sha256(f"{vl_version}\n{_BUNDLE_SNIPPET}".encode()).hexdigest()[:12]


#: Where, below ``share/jupyter/labextensions/``, the kernel writes the bundle for notebooks
#: (its name changes with the vl-convert version, so a browser never keeps a stale copy).
NOTEBOOK_BUNDLE_PATH = f"{_NOTEBOOK_FOLDER}/static/vega-bundle-{_bundle_key()}.js"

_counter = itertools.count(1)
_bundle_sent = False
_bundle_cache: str | None = None
_runtime_cache: str | None = None
_notebook_bundle_ready: bool | None = None


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
    the bundle declares top-level constants that would clash with other scripts.
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


def chart_runtime_source(site: bool = False) -> str:
    """The chart runtime (``runtime.js``): JavaScript that loads the bundle and fits and draws charts.

    With ``site=True``, followed by the lines that start it on a page of the site: draw every
    chart of the page once it is parsed, fetching ``vega-bundle.js`` from beside the script
    (or from the address in the script's ``data-bundle`` attribute). That is the file
    ``_ext/offline_site.py`` serves as ``_static/dr-charts.js``.
    """
    global _runtime_cache
    check_bool("site", site)
    if _runtime_cache is None:
        _runtime_cache = _RUNTIME_FILE.read_text(encoding="utf-8")
    if not site:
        return _runtime_cache
    return _runtime_cache + (
        "(function () {\n"
        "  var me = document.currentScript;\n"
        "  var bundle = me && me.src ? new URL(me.getAttribute('data-bundle') || 'vega-bundle.js', me.src).href : null;\n"
        "  function start() { window.drCharts.drawPage(bundle); }\n"
        "  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }\n"
        "})();\n"
    )


def _notebook_bundle_folders() -> list[Path]:
    """Where JupyterLab looks for extension files, most local first: this environment, then the user's."""
    folders = [Path(sys.prefix) / "share" / "jupyter" / "labextensions"]
    try:
        from jupyter_core.paths import jupyter_data_dir

        folders.append(Path(jupyter_data_dir()) / "labextensions")
    except Exception:  # pragma: no cover - jupyter_core comes with every notebook front end
        pass
    return folders


def _ensure_notebook_bundle() -> bool:
    """Write the bundle where JupyterLab serves it (once per kernel); return whether that worked."""
    global _notebook_bundle_ready
    if _notebook_bundle_ready is None:
        _notebook_bundle_ready = False
        for folder in _notebook_bundle_folders():
            target = folder / NOTEBOOK_BUNDLE_PATH
            try:
                if not target.is_file() or target.stat().st_size < 100_000:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    partial = target.with_suffix(f".{os.getpid()}.tmp")
                    partial.write_text(vega_bundle_source(), encoding="utf-8")
                    partial.replace(target)  # atomic: a browser never reads half a file
                _notebook_bundle_ready = True
                break
            except OSError:
                continue
    return _notebook_bundle_ready


def reset_bundle() -> None:
    """Make the next chart shown in a notebook carry the Vega bundle inline.

    For a notebook front end that does not serve JupyterLab's extension folders (VS Code,
    say): run this, then re-run the chart's cell. In JupyterLab it is never needed.
    """
    global _bundle_sent, _notebook_bundle_ready
    _bundle_sent = False
    _notebook_bundle_ready = False


def _title_text(spec: dict[str, Any]) -> str:
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, (list, tuple)):
        title = " ".join(str(part) for part in title)
    return str(title or "").strip()


def chart_html(
    spec: dict[str, Any],
    *,
    include_bundle: bool = False,
    chart_id: str | None = None,
    target: str | None = None,
) -> str:
    """HTML for one chart: an accessible ``<figure>`` holding its spec, and (in a notebook) the script that draws it.

    ``spec`` is a Vega-Lite specification (``chart.to_dict()``). It must carry a
    top-level ``title`` and ``description``: the description is what a screen
    reader announces, so a chart without one is refused with ``ValueError``.
    ``target`` is ``"site"`` (the figure only: the page's ``dr-charts.js`` draws it) or
    ``"notebook"`` (the figure and the runtime, which fetches the bundle JupyterLab serves);
    ``None`` means :func:`render_target`. ``include_bundle`` puts the whole Vega bundle
    inline too (notebook only).
    """
    if not isinstance(spec, dict):
        raise TypeError(f"spec must be a Vega-Lite dict, got {type(spec).__name__}")
    check_bool("include_bundle", include_bundle)
    if chart_id is not None:
        check_text("chart_id", chart_id, allow_empty=True)
    if target is None:
        target = render_target()
    elif not isinstance(target, str) or target not in _TARGETS:
        raise ValueError(f"target must be one of {', '.join(_TARGETS)} or None; got {target!r:.60}")
    title = _title_text(spec)
    description = str(spec.get("description") or "").strip()
    if not title:
        raise ValueError("spec has no title: every chart in the book needs a title")
    if not description:
        raise ValueError(f"spec {title!r} has no description: every chart needs a text description for screen readers")
    element_id = chart_id or f"dr-chart-{next(_counter)}"
    # "</" cannot close the script element; "<!--" cannot open a comment inside it.
    spec_json = json.dumps(spec, separators=(",", ":"), sort_keys=True).replace("</", "<\\/").replace("<!--", "<\\!--")
    markup = (
        # The figure is named by the chart's title and described by its text description, both
        # in the (visually hidden) caption. The drawing area carries no role of its own: the
        # runtime names Vega's SVG as an image, and the sliders and menus Vega adds below it
        # must stay reachable (a role="img" container would hide them from assistive technology).
        f'<figure class="dr-chart" aria-labelledby="{element_id}-title" aria-describedby="{element_id}-description">\n'
        f'<figcaption id="{element_id}-caption" class="dr-chart-description">'
        f'<strong id="{element_id}-title">{html.escape(title)}.</strong> '
        f'<span id="{element_id}-description">{html.escape(description)}</span></figcaption>\n'
        f'<div id="{element_id}" class="dr-chart-view"></div>\n'
        f'<script type="application/json" class="dr-chart-spec">{spec_json}</script>\n'
        f"</figure>\n"
    )
    if target == "site":
        return markup
    bundle = ""
    if include_bundle:
        bundle = "<script>" + vega_bundle_source().replace("</script", "<\\/script") + "</script>\n"
    return (
        markup
        + bundle
        + "<script>\n"
        + chart_runtime_source().replace("</script", "<\\/script")
        + "(function () {\n"
        + "  var node = document.currentScript, figure = null;\n"
        + "  for (var n = node && node.previousElementSibling; n; n = n.previousElementSibling) {\n"
        + "    if (n.matches && n.matches('figure.dr-chart')) { figure = n; break; }\n"
        + "  }\n"
        + f"  if (!figure) {{ var view = document.getElementById({json.dumps(element_id)}); figure = view && view.closest('figure'); }}\n"
        + "  if (!figure) { return; }\n"
        + f"  window.drCharts.add(figure, window.drCharts.specOf(figure), window.drCharts.notebookBundleUrl({json.dumps(NOTEBOOK_BUNDLE_PATH)}));\n"
        + "})();\n</script>\n"
    )


def render(spec: dict[str, Any], **_: Any) -> dict[str, str]:
    """Altair renderer: return the MIME bundle for one chart.

    On the site, the figure and its spec (the page loads the runtime and the bundle). In a
    notebook, the figure, its spec and the runtime, which draws from the bundle JupyterLab
    serves; the bundle travels inline only when it could not be written where JupyterLab
    serves it (then with the first chart of the session, or after :func:`reset_bundle`).
    """
    global _bundle_sent
    target = render_target()
    include_bundle = False
    if target == "notebook" and not _ensure_notebook_bundle():
        include_bundle = not _bundle_sent
    markup = chart_html(spec, include_bundle=include_bundle, target=target)
    if include_bundle:
        _bundle_sent = True
    return {"text/html": markup, "text/plain": f"<chart: {_title_text(spec)}>"}
