"""Sphinx extension: a self-contained, light, valid site that works offline, on a phone and on paper.

Things in the stock Jupyter Book 1.x stack that break an offline page, slow the first visit
or make the HTML invalid, each mended at its source or in the build rather than hidden from
the tests:

1. **MathJax** is loaded from a CDN. We serve MathJax 3.2.2's CommonHTML build
   (``tex-chtml.js``, 0.26 MB gzipped, and the web fonts it fetches on demand) from the
   site's own ``_static/mathjax/``, taken from the pinned ``django-static-mathjax`` wheel.
   Sphinx adds it only to pages that hold maths.
2. **Charts** (:func:`_page_scripts`): the Vega bundle (0.3 MB gzipped) is never a script
   of the page. Pages that hold a chart get ``_static/dr-charts.js`` (the chart runtime of
   :mod:`scaling_lib.charts.render`, 13 kB) with ``defer``; it fetches the bundle
   asynchronously after the page is parsed. Pages without charts load neither, and pages
   without a book table do not load ``tables.js``.
3. **Render-blocking scripts**: every script file in the head is deferred (they keep their
   order), except ``documentation_options.js``, which inline snippets of the theme read at once.
4. **The icon font script** of pydata-sphinx-theme (``fontawesome.js``, 1.5 MB) is dropped: the
   build writes ``_static/dr-icons.css``, a few kB of CSS masks holding only the icons the
   site's pages use, taken from that same script (:func:`_write_icon_css`).
5. **Thebe's configuration script is added twice** (sphinx-thebe registers it on every
   ``env-before-read-docs``), so the page declares ``const THEBE_JS_URL`` twice and the
   browser reports a SyntaxError. Scripts are de-duplicated per page.
6. **Widget JavaScript** (require.js and the ipywidgets HTML manager) comes from CDNs on
   pages whose notebook holds widget state. The book never stores widget state on the
   site, and any CDN script that still reaches a page fails the build with a warning.

Valid, findable HTML (checked by ``tests/site/test_html_valid.py`` with the Nu Html Checker):

* sphinx-exercise gives every exercise's and solution's body the same id
  (``exercise-content``, ``solution-content``); each gets its exercise's own id instead
  (:func:`_unique_exercise_ids`).
* Pages declare the viewport three times (basic layout, theme, metatags): one is kept.
* Every page gets a ``<meta name="description">``: the first paragraph of the chapter's
  "Overview" section (else of the page), shortened to about 160 characters.
* ``<style scoped>`` blocks (pandas' raw table CSS) are removed; the book's tables come
  from :mod:`scaling_lib.tables` and need none.
* Headings inside notebook outputs (the instructor guide's outlines) follow the page's
  heading levels, with no level skipped (:func:`_heading_order`).
* ``index.html`` is a real page (doctype, language, title, description, a link) that
  redirects to the first chapter, not a bare refresh tag.

Downloadable notebooks (``_sources/**/*.ipynb``) get fixed cell ids, so that two builds of
the same sources give the same files (:func:`_stable_notebook_downloads`).

It also mends three accessibility faults of the third-party theme and writer that
axe-core reports as serious or critical (``tests/site/test_accessibility.py``):

* pydata-sphinx-theme's search field buttons say "Search Ctrl+K" on screen but are
  named ``aria-label="Search"`` (WCAG 2.5.3, label in name): the label is dropped,
  so the button is named by the text a reader sees.
* Its colour-mode button is named "Color mode", but its icons carry ``title``
  attributes that contradict the name: the icons are made decorative (``aria-hidden``).
* The bibliography (docutils' HTML writer) marks each entry
  ``role="doc-biblioentry"``, a role deprecated in DPUB-ARIA 1.1 and not a list item,
  inside a ``role="list"``: entries become ``role="listitem"``.
"""
from __future__ import annotations

import html
import json
import re
import shutil
import zlib
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

MATHJAX_FILE = "tex-chtml.js"
MATHJAX_FONTS = Path("output") / "chtml" / "fonts" / "woff-v2"
CHART_RUNTIME = "dr-charts.js"
VEGA_BUNDLE = "vega-bundle.js"
ICON_CSS = "dr-icons.css"
SITE_CSS = "dr-site.css"
SITE_DESCRIPTION = (
    "Diminishing Returns: an executable textbook on why deep learning's progress costs ever more "
    "computation, and what can be done about it."
)
_REMOTE_PREFIXES = ("http://", "https://", "//")
# Script files to keep undeferred (none: documentation_options.js is deferred, and the inline lines that
# read it are turned into deferred scripts after it, see _defer_inline_options).
_UNDEFERRED: tuple[str, ...] = ()
# The stylesheets every page links, in order, gathered as pages are rendered (bundled after the build).
_SITE_STYLESHEETS: list[str] = []


def _static_root(app: Sphinx) -> Path:
    return Path(app.outdir).parent / ".offline_static"


def _mathjax_folder() -> Path:
    import mathjax  # the django-static-mathjax wheel: MathJax's files under mathjax/static/mathjax

    folder = Path(mathjax.__file__).resolve().parent / "static" / "mathjax" / "es5"
    if not (folder / MATHJAX_FILE).is_file() or not (folder / MATHJAX_FONTS).is_dir():
        raise FileNotFoundError(f"offline_site: MathJax's {MATHJAX_FILE} or fonts not found under {folder}; reinstall requirements.txt")
    return folder


def _copy_if_changed(source: Path, target: Path) -> None:
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def _write_if_changed(target: Path, text: str) -> None:
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _add_local_assets(app: Sphinx) -> None:
    """Copy MathJax (CommonHTML and its fonts) and write the chart runtime into a static folder of the build."""
    static_root = _static_root(app)
    folder = _mathjax_folder()
    _copy_if_changed(folder / MATHJAX_FILE, static_root / "mathjax" / MATHJAX_FILE)
    for font in sorted((folder / MATHJAX_FONTS).glob("*.woff")):
        _copy_if_changed(font, static_root / "mathjax" / MATHJAX_FONTS / font.name)
    stale = static_root / "mathjax" / "tex-svg.js"  # the SVG build this site used before
    if stale.exists():
        stale.unlink()
    from scaling_lib.charts.render import chart_runtime_source

    _write_if_changed(static_root / CHART_RUNTIME, chart_runtime_source(site=True))
    if str(static_root) not in app.config.html_static_path:
        app.config.html_static_path.append(str(static_root))
    app.config.mathjax_path = f"mathjax/{MATHJAX_FILE}"
    app.add_css_file(ICON_CSS, priority=900)


# --- the rendered page ------------------------------------------------------------------------------

_SEARCH_FIELD_LABEL = re.compile(r'(<button class="[^"]*\bsearch-button-field\b[^"]*"[^>]*?) aria-label="[^"]*"')
_THEME_SWITCH_ICON_TITLE = re.compile(r'(<i class="theme-switch\b[^"]*"[^>]*?) title="[^"]*"')
_FONTAWESOME_SCRIPT = re.compile(r'\s*<!-- So that users can add custom icons -->\s*<script[^>]*fontawesome\.js[^>]*></script>|\s*<script[^>]*scripts/fontawesome\.js[^>]*></script>')
_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
_SCOPED_STYLE = re.compile(r"<style scoped>.*?</style>", re.DOTALL)
# The theme's layout loads Sphinx's search tools and the whole search index on every page, blocking.
_BLOCKING_TEMPLATE_SCRIPT = re.compile(r'<script src="([^"]*(?:searchtools|language_data|searchindex)\.js[^"]*)"></script>')
_HEADING = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1>", re.DOTALL)


def _one_viewport(page_html: str) -> str:
    seen = []

    def keep_first(match: re.Match) -> str:
        seen.append(match.group(0))
        return '<meta name="viewport" content="width=device-width, initial-scale=1" />' if len(seen) == 1 else ""

    return _VIEWPORT.sub(keep_first, page_html)


def _heading_order(page_html: str) -> str:
    """Shift headings inside notebook outputs so that none skips a level below the page heading before it.

    The page's own headings carry a Sphinx permalink (``headerlink``); any other heading in the
    article (an outline a cell displays, say) is output, and a run of them is shifted together.
    """
    start = page_html.find("<article")
    if start < 0:
        return page_html
    level, shift = 1, 0
    out = [page_html[:start]]
    position = start
    for match in _HEADING.finditer(page_html, start):
        number, attributes, inner = int(match.group(1)), match.group(2), match.group(3)
        out.append(page_html[position:match.start()])
        position = match.end()
        if "headerlink" in inner:
            level, shift = number, 0
            out.append(match.group(0))
            continue
        if shift == 0 and number > level + 1:
            shift = number - (level + 1)
        new = max(1, number - shift)
        out.append(f"<h{new}{attributes}>{inner}</h{new}>")
    out.append(page_html[position:])
    return "".join(out)


_STYLESHEET_LINK = re.compile(r'<link(?=[^>]*\brel="stylesheet")(?![^>]*\bmedia=)[^>]*\bhref="([^"]*?)_static/([^"?]+\.css)(?:\?([^"]*))?"[^>]*/?>\s*')
_SCRIPT_PRELOAD = re.compile(r'<link rel="preload" as="script" href="[^"]*" />\s*')
_INLINE_OPTIONS = re.compile(r"<script>(DOCUMENTATION_OPTIONS\.[^<]*)</script>")


def _bundle_stylesheets(page_html: str) -> str:
    """Replace the page's ``_static`` stylesheets (16 render-blocking requests) with the one site bundle."""
    head_end = page_html.find("</head>")
    links = [m for m in _STYLESHEET_LINK.finditer(page_html, 0, head_end if head_end > 0 else len(page_html))]
    if len(links) < 2:
        return page_html
    for match in links:
        name = match.group(2)
        if name != SITE_CSS and name not in _SITE_STYLESHEETS:
            _SITE_STYLESHEETS.append(name)
    prefix = links[0].group(1)
    token = f"{zlib.crc32(' '.join(f'{m.group(2)}?{m.group(3)}' for m in links).encode()) & 0xFFFFFFFF:08x}"
    bundle = f'<link rel="stylesheet" type="text/css" href="{prefix}_static/{SITE_CSS}?v={token}" />\n'
    out, position = [], 0
    for index, match in enumerate(links):
        out.append(page_html[position:match.start()])
        if index == 0:
            out.append(bundle)
        position = match.end()
    out.append(page_html[position:])
    return "".join(out)


def _defer_inline_options(page_html: str) -> str:
    """Inline lines that set DOCUMENTATION_OPTIONS run as deferred scripts, after documentation_options.js."""
    from urllib.parse import quote

    return _INLINE_OPTIONS.sub(lambda m: f'<script defer src="data:text/javascript,{quote(m.group(1))}"></script>', page_html)


_LATE_SCRIPT = re.compile(r'<script (?:defer(?:="defer")? )?src="([^"]*(?:searchindex\.js|mathjax/[^"]*\.js)[^"]*)"></script>')
_LATE_LOADER = (
    '<script>window.addEventListener("load",function(){{setTimeout(function(){{'
    'var s=document.createElement("script");s.src="{src}";s.async=true;s.className="dr-late";document.head.appendChild(s);'
    '}},0);}});</script>'
)


def _load_late(page_html: str) -> str:
    """The search index and MathJax are fetched after the page has loaded, not while it paints."""
    return _LATE_SCRIPT.sub(lambda m: _LATE_LOADER.format(src=m.group(1)), page_html)


def _mend_page(page_html: str) -> str:
    """Mend the theme's accessibility and validity faults, and slim the head, in one rendered page."""
    page_html = _SEARCH_FIELD_LABEL.sub(r"\1", page_html)
    page_html = _THEME_SWITCH_ICON_TITLE.sub(r'\1 aria-hidden="true"', page_html)
    page_html = page_html.replace('role="doc-biblioentry"', 'role="listitem"')
    page_html = _FONTAWESOME_SCRIPT.sub("", page_html)
    page_html = _one_viewport(page_html)
    page_html = _SCOPED_STYLE.sub("", page_html)
    page_html = _BLOCKING_TEMPLATE_SCRIPT.sub(r'<script defer src="\1"></script>', page_html)
    page_html = _SCRIPT_PRELOAD.sub("", page_html)
    page_html = _load_late(page_html)
    page_html = _defer_inline_options(page_html)
    page_html = _bundle_stylesheets(page_html)
    return _heading_order(page_html)


_CHART_SPEC = re.compile(r'<script type="application/json" class="dr-chart-spec">(.*?)</script>', re.DOTALL)
CHART_DATA = "chart-data"
_INLINE_SPEC_LIMIT = 12_000  # characters: a larger spec (its data) is fetched after the page has loaded


def _move_chart_data(page_html: str, pagename: str, outdir: Path) -> str:
    """Move large chart specs out of the page into ``_static/chart-data/<page>-<n>.js``.

    The page then carries only its text, so it arrives and paints sooner; the chart runtime loads
    each file (a script, so that a site opened from disk works too) when it draws the chart.
    """
    slug = re.sub(r"[^A-Za-z0-9]+", "-", pagename).strip("-")
    prefix = "../" * pagename.count("/")
    count = 0

    def move(match: re.Match) -> str:
        nonlocal count
        spec = match.group(1)
        if len(spec) <= _INLINE_SPEC_LIMIT:
            return match.group(0)
        count += 1
        name = f"{slug}-{count}.js"
        key = f"{slug}-{count}"
        target = outdir / "_static" / CHART_DATA / name
        text = f"(window.drChartSpecs = window.drChartSpecs || {{}})[{json.dumps(key)}] = {spec};\n"
        _write_if_changed(target, text)
        return (f'<script type="application/json" class="dr-chart-spec" data-src="{prefix}_static/{CHART_DATA}/{name}?v='
                f'{zlib.crc32(text.encode()) & 0xFFFFFFFF:08x}" data-key="{key}">null</script>')

    return _CHART_SPEC.sub(move, page_html)


def _render_mended_pages(app: Sphinx) -> None:
    """Pass every page the HTML builder renders through :func:`_mend_page`."""
    templates = getattr(app.builder, "templates", None)
    if templates is None or getattr(templates, "_dr_mended", False):
        return
    render = templates.render
    outdir = Path(app.outdir)

    def render_mended(template: str, context: dict) -> str:
        page_html = _mend_page(render(template, context))
        return _move_chart_data(page_html, str(context.get("pagename", "page")), outdir)

    templates.render = render_mended
    templates._dr_mended = True


# --- per-page scripts and metadata ---------------------------------------------------------------------

def _script_key(script) -> tuple:
    filename = getattr(script, "filename", script) or ""  # inline scripts carry None or ""
    attributes = getattr(script, "attributes", {}) or {}
    return (str(filename), tuple(sorted((str(k), str(v)) for k, v in attributes.items())))


def _checksum(path: Path) -> str:
    return f"{zlib.crc32(path.read_bytes()) & 0xFFFFFFFF:08x}" if path.is_file() else "0"


def _with_attributes(script, **extra):
    from sphinx.builders.html._assets import _JavaScript

    attributes = dict(getattr(script, "attributes", {}) or {})
    attributes.update(extra)
    return _JavaScript(script.filename, priority=getattr(script, "priority", 500), **attributes)


def _page_scripts(app: Sphinx, pagename: str, context: dict) -> None:
    """De-duplicate and defer the page's scripts; chart and table scripts only where they are used."""
    scripts = context.get("script_files")
    if scripts is None:
        return
    body = context.get("body", "") or ""
    has_charts = 'class="dr-chart"' in body
    has_tables = 'class="dr-table"' in body or "dr-table-block" in body
    # Sphinx counts the maths of every page in a toctree as the root page's own, so the first
    # chapter would load MathJax for nothing: keep it only where the page itself holds maths.
    has_maths = 'class="math' in body
    seen: set[tuple] = set()
    kept = []
    for script in scripts:
        key = _script_key(script)
        if key in seen:
            continue
        seen.add(key)
        filename = str(getattr(script, "filename", script) or "")
        name = filename.rsplit("/", 1)[-1]
        if name == VEGA_BUNDLE or name == CHART_RUNTIME:
            continue  # the runtime is added below, on chart pages only; it fetches the bundle itself
        if name == "tables.js" and not has_tables:
            continue
        body_text = str((getattr(script, "attributes", {}) or {}).get("body", ""))
        if not has_maths and (name == MATHJAX_FILE or "window.MathJax" in body_text):
            continue
        if filename.startswith(_REMOTE_PREFIXES) and "thebe" not in filename:
            logger.warning(
                f"offline_site: page {pagename!r} would load {filename} from the network; "
                "the site must work offline (is a widget or CDN script on this page?)",
                location=pagename,
            )
        attributes = getattr(script, "attributes", {}) or {}
        if filename and name not in _UNDEFERRED and not ({"async", "defer"} & set(attributes)) and hasattr(script, "filename"):
            script = _with_attributes(script, defer="defer")
        kept.append(script)
    if has_charts:
        from sphinx.builders.html._assets import _JavaScript

        bundle = Path(app.srcdir) / "_static" / VEGA_BUNDLE
        kept.append(_JavaScript(f"_static/{CHART_RUNTIME}", priority=900, defer="defer", **{"data-bundle": f"{VEGA_BUNDLE}?v={_checksum(bundle)}"}))
    scripts[:] = kept


_OVERVIEW = re.compile(r'<section id="overview">(.*?)</section>', re.DOTALL)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)


def page_description(body: str, limit: int = 160) -> str:
    """The page's description: the first paragraph of its "Overview" section, else of the page, as plain text."""
    overview = _OVERVIEW.search(body)
    for source in ([overview.group(1)] if overview else []) + [body]:
        for match in _PARAGRAPH.finditer(source):
            text = html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))
            text = re.sub(r"\s+", " ", text).strip()
            if len(text) >= 40:
                if len(text) > limit:
                    text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—–-") + "…"
                return text
    return SITE_DESCRIPTION


def _page_metadata(app: Sphinx, pagename: str, context: dict) -> None:
    description = page_description(context.get("body", "") or "")
    context["metatags"] = (context.get("metatags") or "") + f'\n<meta name="description" content="{html.escape(description)}" />'


def _clean_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    # The theme reads its colour mode from this template variable; left empty, its
    # script logs "Got invalid theme mode" on every page. "auto" follows the reader's system.
    if not context.get("default_mode"):
        context["default_mode"] = "auto"
    _page_scripts(app, pagename, context)
    _page_metadata(app, pagename, context)


# --- the doctree ------------------------------------------------------------------------------------------

def _unique_exercise_ids(app: Sphinx, doctree, docname: str) -> None:
    """Give each exercise's and solution's body its own id (sphinx-exercise gives them all the same two)."""
    used: set[str] = set()
    for section in doctree.findall(nodes.section):
        ids = section.get("ids", [])
        for shared in ("exercise-content", "solution-content"):
            if shared not in ids:
                continue
            parent = section.parent
            owner = next((i for i in (parent.get("ids", []) if parent is not None else []) if i), None)
            base = f"{owner}-content" if owner else shared
            candidate, number = base, 1
            while candidate in used:
                number += 1
                candidate = f"{base}-{number}"
            used.add(candidate)
            section["ids"] = [candidate if i == shared else i for i in ids]


# --- after the build ----------------------------------------------------------------------------------------

_ICON_CLASS = re.compile(r'class="([^"]*\bfa-[^"]*)"')
_ICON_PACKS = {"fas": "fa-solid", "far": "fa-regular", "fab": "fa-brands"}


_ICON_ENTRY = re.compile(
    r'(?:"([a-z0-9-]+)"|([A-Za-z0-9_$]+)):\[(\d+),(\d+),\[([^\]]*)\],"([0-9a-fA-F]*)",("[^"]*"|\[[^\]]*\])\]'
)


def _font_awesome_icons(script: str) -> dict[str, dict[str, list]]:
    """The icon packs of Font Awesome's all-in-one script: pack class → icon name → [width, height, path]."""
    packs: dict[str, dict[str, list]] = {}
    for call in re.finditer(r'\b\w\("(fa[srb])",\s*(\w+)\)', script):
        start = script.rfind(f"var {call.group(2)}={{", 0, call.start())
        if start < 0:
            continue
        pack = packs.setdefault(_ICON_PACKS[call.group(1)], {})
        for entry in _ICON_ENTRY.finditer(script, start, call.start()):
            name = entry.group(1) or entry.group(2)
            path = json.loads(entry.group(7))
            data = [int(entry.group(3)), int(entry.group(4)), path]
            pack[name] = data
            if entry.group(6):
                pack.setdefault(f"U+{entry.group(6).lower()}", data)
            for alias in re.findall(r'"([a-z0-9-]+)"', entry.group(5)):
                pack.setdefault(alias, data)
    return packs


def _mask_uri(data: list) -> str:
    width, height, path = data
    if isinstance(path, list):  # duotone icons: draw both layers
        path = " ".join(path)
    svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}'><path d='{path}'/></svg>"
    return "data:image/svg+xml," + svg.replace("%", "%25").replace("#", "%23").replace('"', "%22").replace("<", "%3C").replace(">", "%3E")


_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CSS_VARIABLE = re.compile(r"(--pst-icon-[a-z-]+)\s*:\s*([^;}]+)")
_CSS_CONTENT = re.compile(r"content\s*:\s*(var\((--pst-icon-[a-z-]+)\)|\"([^\"]*)\")")


def _pseudo_icon_rules(theme_css: list[str], packs: dict[str, dict[str, list]]) -> list[str]:
    """Mask rules for the theme's ``::before``/``::after`` icons drawn with the icon font (admonitions, links)."""
    variables: dict[str, str] = {}
    for css in theme_css:
        for name, value in _CSS_VARIABLE.findall(css):
            variables.setdefault(name, value.strip())

    def code_point(value: str) -> str | None:
        for _ in range(5):
            value = value.strip()
            match = re.fullmatch(r"var\((--[a-z-]+)\)", value)
            if not match:
                break
            value = variables.get(match.group(1), "")
        text = value.strip().strip('"').strip("'")
        if text.startswith("\\"):
            return text[1:].lower()
        return f"{ord(text):x}" if len(text) == 1 and ord(text) >= 0xE000 else None

    rules = []
    for css in theme_css:
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
        for selector, body in _CSS_RULE.findall(css):
            selector = selector.strip()
            if not re.search(r":(before|after)", selector) or re.match(r"^\.fa[-a-z]*", selector) or "@" in selector:
                continue
            content = _CSS_CONTENT.search(body)
            if not content:
                continue
            point = code_point(content.group(1))
            if point is None:
                continue
            data = next((packs[style][f"U+{point}"] for style in ("fa-solid", "fa-regular", "fa-brands") if f"U+{point}" in packs.get(style, {})), None)
            if data is None:
                continue
            rules.append(
                f'{selector} {{ --dr-icon: url("{_mask_uri(data)}"); content: "" !important; font: inherit !important; display: inline-block; '
                f'width: {data[0] / data[1]:.4g}em; height: 1em; vertical-align: -0.125em; background-color: currentColor; '
                "-webkit-mask: var(--dr-icon) center / contain no-repeat; mask: var(--dr-icon) center / contain no-repeat; }"
            )
    return rules


def _icon_css(packs: dict[str, dict[str, list]], used: set[tuple[str, str]], theme_css: list[str] = ()) -> str:
    rules = [
        "/* The site's icons as CSS masks, written by _ext/offline_site.py from the theme's Font Awesome",
        "   script (which the pages no longer load): only the icons the pages use, and the theme's own",
        "   pseudo-element icons, so that neither the icon script nor the icon web font is downloaded. */",
        ":is(i, span).fa-solid, :is(i, span).fa-regular, :is(i, span).fa-brands, :is(i, span).fas, :is(i, span).far, :is(i, span).fab {",
        "  display: inline-block; width: 1em; height: 1em; vertical-align: -0.125em; background-color: currentColor;",
        "  -webkit-mask: var(--dr-icon) center / contain no-repeat; mask: var(--dr-icon) center / contain no-repeat;",
        "  font-style: normal; flex-shrink: 0;",
        "}",
        ":is(i, span):is(.fa-solid, .fa-regular, .fa-brands, .fas, .far, .fab)::before { content: none !important; }",
        ":is(i, span).fa-lg { font-size: 1.25em; line-height: 0.05em; vertical-align: -0.2em; }",
        "@media print { :is(i, span):is(.fa-solid, .fa-regular, .fa-brands) { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }",
    ]
    short = {"fa-solid": "fas", "fa-regular": "far", "fa-brands": "fab"}
    for style, name in sorted(used):
        data = packs.get(style, {}).get(name) or packs.get("fa-solid", {}).get(name)
        if not data:
            continue
        width, height, _ = data
        rules.append(f':is(i, span).{style}.fa-{name}, :is(i, span).{short[style]}.fa-{name} {{ --dr-icon: url("{_mask_uri(data)}"); width: {width / height:.4g}em; }}')
    rules += _pseudo_icon_rules(list(theme_css), packs)
    return "\n".join(rules) + "\n"


def _sync_offline_static(app: Sphinx, exception) -> None:
    """Copy the build's own static files into the site when they changed.

    Sphinx copies static files only when some page is rebuilt; a new chart runtime with no
    page changed would otherwise leave the old one in the site.
    """
    if exception is not None or app.builder.format != "html":
        return
    root = _static_root(app)
    for source in root.rglob("*"):
        if source.is_file():
            target = Path(app.outdir) / "_static" / source.relative_to(root)
            if not target.exists() or target.stat().st_size != source.stat().st_size or target.read_bytes() != source.read_bytes():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)


def _write_icon_css(app: Sphinx, exception) -> None:
    """Write ``_static/dr-icons.css`` for the icons the pages use, and drop the 1.5 MB icon script."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    script = outdir / "_static" / "scripts" / "fontawesome.js"
    source = script
    if not source.is_file():
        import pydata_sphinx_theme

        source = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts" / "fontawesome.js"
    packs = _font_awesome_icons(source.read_text(encoding="utf-8"))
    used: set[tuple[str, str]] = set()
    for page in outdir.rglob("*.html"):
        for classes in _ICON_CLASS.findall(page.read_text(encoding="utf-8", errors="replace")):
            names = classes.split()
            style = next((_ICON_PACKS.get(n, n) for n in names if n in ("fa-solid", "fa-regular", "fa-brands", "fas", "far", "fab")), "fa-solid")
            for name in names:
                if name.startswith("fa-") and name not in ("fa-solid", "fa-regular", "fa-brands", "fa-lg", "fa-fw", "fa-xl", "fa-sm", "fa-xs", "fa-2x"):
                    used.add((style, name[3:]))
    # Icons the theme's scripts add after load (none draws from the font script any more).
    used |= {("fa-solid", "magnifying-glass"), ("fa-solid", "xmark")}
    theme_css = [
        path.read_text(encoding="utf-8", errors="replace")
        for path in sorted([*(outdir / "_static").glob("*.css"), *(outdir / "_static" / "styles").glob("*.css")])
        if path.name != ICON_CSS
    ]
    _write_if_changed(outdir / "_static" / ICON_CSS, _icon_css(packs, used, theme_css))
    for leftover in (script, script.with_name("fontawesome.js.map"), script.with_name("fontawesome.js.LICENSE.txt")):
        if leftover.exists():
            leftover.unlink()


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]([^'"]+)['"]\s*\)?\s*;""")


_FONT_AWESOME_RULE = re.compile(r'(?<=[}\n])\s*(?:\.fa[-a-z0-9]*(?::before|::before|:after)?\s*,?\s*)+\{content:"[^"]*"\}')
_FONT_AWESOME_FACE = re.compile(r"@font-face\{[^}]*Font Awesome[^}]*\}")


def _stylesheet_for_bundle(static: Path, name: str, seen: set[str]) -> str:
    """One stylesheet with its ``@import``s inlined and its relative ``url()``s made relative to ``_static``."""
    path = static / name
    if name in seen or not path.is_file():
        return ""
    seen.add(name)
    folder = Path(name).parent
    css = path.read_text(encoding="utf-8", errors="replace")

    def rebase(target: str) -> str:
        if re.match(r"^([a-z]+:|/|#)", target):
            return target
        import posixpath

        return posixpath.normpath((folder / target).as_posix())

    imports: list[str] = []

    def hold(match: re.Match) -> str:
        imports.append(rebase(match.group(1)))
        return f"/*@dr-import-{len(imports) - 1}@*/"

    css = _CSS_IMPORT.sub(hold, css)
    css = _CSS_URL.sub(lambda m: f'url("{rebase(m.group(2))}")', css)
    for index, imported in enumerate(imports):
        css = css.replace(f"/*@dr-import-{index}@*/", _stylesheet_for_bundle(static, imported, seen))
    css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
    # Font Awesome's own rules (thousands of ".fa-x:before{content:...}" and its @font-face): the
    # icons are CSS masks here (dr-icons.css), so neither the rules nor the web fonts are needed.
    css = _FONT_AWESOME_RULE.sub("", css)
    css = _FONT_AWESOME_FACE.sub("", css)
    return f"/* --- {name} --- */\n{css}\n"


def _write_site_css(app: Sphinx, exception) -> None:
    """Write ``_static/dr-site.css``: every stylesheet the pages link, in their order, in one file."""
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    names = list(_SITE_STYLESHEETS)
    if not names:  # no page was rendered in this build: keep the bundle of the last one
        return
    # sphinx-design's 55 kB of CSS styles its own components (classes "sd-..."); leave it out when no page has one.
    pages = [path.read_text(encoding="utf-8", errors="replace") for path in Path(app.outdir).rglob("*.html")]
    if not any(re.search(r'class="[^"]*\bsd-', page) for page in pages):
        names = [name for name in names if not name.startswith("sphinx-design")]
    seen: set[str] = set()
    bundle = "/* Every stylesheet of the site in one file (written by _ext/offline_site.py): one render-blocking request. */\n"
    bundle += "".join(_stylesheet_for_bundle(static, name, seen) for name in names)
    _write_if_changed(static / SITE_CSS, bundle)


_INDEX = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{title}</title>
<meta name="description" content="{description}" />
<meta http-equiv="refresh" content="0; url={target}" />
</head>
<body>
<main>
<h1>{title}</h1>
<p>{description}</p>
<p><a href="{target}">Start reading: {first}</a></p>
</main>
</body>
</html>
"""


def _write_index(app: Sphinx, exception) -> None:
    """Replace the bare redirect Jupyter Book writes as ``index.html`` with a real page that redirects."""
    if exception is not None or app.builder.format != "html":
        return
    index = Path(app.outdir) / "index.html"
    root_doc = app.config.root_doc
    target = f"{root_doc}.html"
    first = app.env.titles.get(root_doc)
    first_title = first.astext() if first is not None else "the first chapter"
    title = app.config.html_title or app.config.project or "Diminishing Returns"
    if (Path(app.outdir) / "index.html").exists() and root_doc == "index":
        return  # the root page is index.html itself
    _write_if_changed(index, _INDEX.format(
        title=html.escape(str(title)), description=html.escape(SITE_DESCRIPTION), target=html.escape(target),
        first=html.escape(first_title),
    ))


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
    app.connect("builder-inited", _add_local_assets)
    app.connect("builder-inited", _render_mended_pages)
    app.connect("doctree-resolved", _unique_exercise_ids)
    app.connect("html-page-context", _clean_page, priority=900)
    app.connect("build-finished", _stable_notebook_downloads)
    app.connect("build-finished", _sync_offline_static, priority=890)
    app.connect("build-finished", _write_icon_css, priority=900)
    app.connect("build-finished", _write_site_css, priority=910)
    app.connect("build-finished", _write_index, priority=950)  # after sphinx-external-toc writes its redirect
    return {"parallel_read_safe": True, "parallel_write_safe": True}
