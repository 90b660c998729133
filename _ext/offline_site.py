"""Sphinx extension: keep the built site self-contained and free of console errors.

Three things in the stock Jupyter Book 1.x stack break an offline page, and this
extension mends each at its source rather than hiding it from the tests:

1. **MathJax** is loaded from a CDN. We serve MathJax 3.2.2 (its SVG build, one file
   with no font downloads) from the site's own ``_static/mathjax/``, taken from the
   pinned ``django-static-mathjax`` wheel, a plain packaging of MathJax's files.
2. **Thebe's configuration script is added twice** (sphinx-thebe registers it on
   every ``env-before-read-docs``), so the page declares ``const THEBE_JS_URL``
   twice and the browser reports a SyntaxError. Scripts are de-duplicated per page.
3. **Widget JavaScript** (require.js and the ipywidgets HTML manager) comes from
   CDNs on pages whose notebook holds widget state. The book never stores widget
   state on the site (``scaling_lib.widgets`` shows a note there instead), and any
   CDN script that still reaches a page fails the build with a warning that names it.

Downloadable notebooks (``_sources/**/*.ipynb``) get fixed cell ids, so that two builds of
the same sources give the same files (:func:`_stable_notebook_downloads`).

It also mends three accessibility faults of the third-party theme and writer that
axe-core reports as serious or critical (``tests/site/test_accessibility.py``), by
rewriting each page's HTML as it is rendered (:func:`_accessible_markup`):

* pydata-sphinx-theme's search field buttons say "Search Ctrl+K" on screen but are
  named ``aria-label="Search"`` (WCAG 2.5.3, label in name): the label is dropped,
  so the button is named by the text a reader sees.
* Its colour-mode button is named "Color mode", but its icons carry ``title``
  attributes that Font Awesome turns into SVG titles ("Light", "Dark"), which then
  count as the button's visible text and contradict its name: the icons are made
  decorative (``aria-hidden``).
* The bibliography (docutils' HTML writer) marks each entry
  ``role="doc-biblioentry"``, a role deprecated in DPUB-ARIA 1.1 and not a list item,
  inside a ``role="list"``: a list without items. Entries become ``role="listitem"``,
  the replacement DPUB-ARIA names.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

MATHJAX_FILE = "tex-svg.js"
_REMOTE_PREFIXES = ("http://", "https://", "//")


def _mathjax_source() -> Path:
    import mathjax  # the django-static-mathjax wheel: MathJax's files under mathjax/static/mathjax

    source = Path(mathjax.__file__).resolve().parent / "static" / "mathjax" / "es5" / MATHJAX_FILE
    if not source.is_file():
        raise FileNotFoundError(f"offline_site: MathJax file not found at {source}; reinstall requirements.txt")
    return source


def _add_local_mathjax(app: Sphinx) -> None:
    """Copy MathJax into a static folder of the build and point Sphinx at it."""
    static_root = Path(app.outdir).parent / ".offline_static"
    target = static_root / "mathjax" / MATHJAX_FILE
    source = _mathjax_source()
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    if str(static_root) not in app.config.html_static_path:
        app.config.html_static_path.append(str(static_root))
    app.config.mathjax_path = f"mathjax/{MATHJAX_FILE}"


_SEARCH_FIELD_LABEL = re.compile(r'(<button class="[^"]*\bsearch-button-field\b[^"]*"[^>]*?) aria-label="[^"]*"')
_THEME_SWITCH_ICON_TITLE = re.compile(r'(<i class="theme-switch\b[^"]*"[^>]*?) title="[^"]*"')


def _accessible_markup(page_html: str) -> str:
    """Mend the theme's accessibility faults in one rendered page (see the module docstring)."""
    page_html = _SEARCH_FIELD_LABEL.sub(r"\1", page_html)
    page_html = _THEME_SWITCH_ICON_TITLE.sub(r'\1 aria-hidden="true"', page_html)
    return page_html.replace('role="doc-biblioentry"', 'role="listitem"')


def _render_accessible_pages(app: Sphinx) -> None:
    """Pass every page the HTML builder renders through :func:`_accessible_markup`."""
    templates = getattr(app.builder, "templates", None)
    if templates is None or getattr(templates, "_dr_accessible", False):
        return
    render = templates.render

    def render_accessible(template: str, context: dict) -> str:
        return _accessible_markup(render(template, context))

    templates.render = render_accessible
    templates._dr_accessible = True


def _script_key(script) -> tuple:
    filename = getattr(script, "filename", script) or ""  # inline scripts carry None or ""
    attributes = getattr(script, "attributes", {}) or {}
    return (str(filename), tuple(sorted((str(k), str(v)) for k, v in attributes.items())))


def _clean_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """De-duplicate the page's scripts and refuse any script that would leave the site."""
    # The theme reads its colour mode from this template variable; left empty, its
    # script logs "Got invalid theme mode" on every page. "auto" follows the reader's system.
    if not context.get("default_mode"):
        context["default_mode"] = "auto"
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple] = set()
    kept = []
    for script in scripts:
        key = _script_key(script)
        if key in seen:
            continue
        seen.add(key)
        filename = str(getattr(script, "filename", script) or "")
        if filename.startswith(_REMOTE_PREFIXES) and "thebe" not in filename:
            logger.warning(
                f"offline_site: page {pagename!r} would load {filename} from the network; "
                "the site must work offline (is a widget or CDN script on this page?)",
                location=pagename,
            )
        kept.append(script)
    scripts[:] = kept


def _stable_notebook_downloads(app: Sphinx, exception) -> None:
    """Give the downloadable notebooks (``_sources/**/*.ipynb``) fixed cell ids.

    Reading a MyST notebook gives each cell a random id, so without this every build
    would ship notebooks that differ from the last one although nothing changed.
    """
    if exception is not None or app.builder.format != "html":
        return
    import nbformat

    for path in sorted((Path(app.outdir) / "_sources").rglob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        ids = [f"cell-{index}" for index in range(len(notebook.cells))]
        if [cell.get("id") for cell in notebook.cells] == ids:
            continue
        for cell, cell_id in zip(notebook.cells, ids):
            cell["id"] = cell_id
        nbformat.write(notebook, path)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", _add_local_mathjax)
    app.connect("builder-inited", _render_accessible_pages)
    app.connect("html-page-context", _clean_page, priority=900)
    app.connect("build-finished", _stable_notebook_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
