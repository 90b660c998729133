"""Accessibility of the built site in headless Chromium, in the theme's light and dark modes.

* axe-core (installed from the npm registry by `make test-env`, injected from disk) finds no
  violation of impact "serious" or "critical" on any page, in either mode. No axe rule is
  disabled.
* Every chart is a figure named by its title and described by its text description, both in the
  page (a visually hidden caption) where a screen reader reaches them.
* Every slider and menu has an accessible name and is reachable with the keyboard.
* Every chart is readable in both modes, measured in the browser: text reaches 4.5:1 against
  what it is drawn on (the page, or the mark under it); axis lines, neutral marks and coloured
  lines, rules and points reach 3:1 against the page.
  A screenshot of each chart in each mode is kept for a human to look at.

The dark mode is the theme's "auto" mode (the site's default) following the browser's
`prefers-color-scheme`, emulated through the context's colour scheme; each test first checks
that the page really is in the mode it asked for.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import toc_files
from tests.site.conftest import SITE, site_pages

PAGES = site_pages()
CHAPTER_PAGES = [f"{name}.html" for name in toc_files()]
MODES = ("light", "dark")
BLOCKING_IMPACTS = ("serious", "critical")
TEXT_CONTRAST = 4.5  # WCAG 2.x 1.4.3, normal text
GRAPHICS_CONTRAST = 3.0  # WCAG 2.x 1.4.11, graphical objects

pytestmark = pytest.mark.browser


def open_in_mode(visit, path: str, mode: str):
    """Open ``path`` with the browser in ``mode``; wait for redirects, the theme's mode and every chart."""
    page_visit = visit(path, colour_scheme=mode)
    page = page_visit.page
    source = (SITE / path).read_text(encoding="utf-8", errors="replace")
    redirect = re.search(r'http-equiv="Refresh" content="0; url=([^"]+)"', source, re.IGNORECASE)
    if redirect:
        page.wait_for_url(f"**/{redirect.group(1).split('#')[0]}")
        page.wait_for_load_state("load")
    page.wait_for_function("mode => document.documentElement.dataset.theme === mode", arg=mode)
    states = page_visit.wait_for_charts()
    assert all(state == "yes" for state in states), f"charts failed to draw on {path}: {states}"
    page.wait_for_timeout(200)  # let fonts and late layout settle
    return page_visit


def inject_axe(page, axe_source: str) -> None:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(content=axe_source)


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:8])
        more = f" (+{len(violation['nodes']) - 8} more)" if len(violation["nodes"]) > 8 else ""
        lines.append(f"{violation['id']} [{violation['impact']}] {violation['help']}: {targets}{more}")
    return "\n".join(lines)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_or_critical_violation(visit, axe_source, path, mode):
    page_visit = open_in_mode(visit, path, mode)
    page = page_visit.page
    inject_axe(page, axe_source)
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                nodes: v.nodes.map(n => ({target: n.target.map(String)}))}));
        }"""
    )
    assert page.evaluate("() => axe.version") == re.search(r"AXE_VERSION := (\S+)", (SITE.parents[1] / "Makefile").read_text()).group(1)
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core on {path} ({mode} mode):\n{describe(blocking)}"
    assert not page_visit.blocked, f"requests left the machine: {page_visit.blocked}"


# Accessible name (and description) of an element as assistive technology computes it, using
# axe-core's implementation of the W3C accessible-name algorithm.
_ACCESSIBLE_TEXT = """
(selector) => {
    axe.setup();
    try {
        return Array.from(document.querySelectorAll(selector)).map(el => {
            const described = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)
                .map(id => document.getElementById(id)).filter(Boolean);
            const hidden = node => { for (let n = node; n; n = n.parentElement) {
                if (n.getAttribute && n.getAttribute('aria-hidden') === 'true') return true;
                const style = getComputedStyle(n); if (style.display === 'none' || style.visibility === 'hidden') return true; }
                return false; };
            return {
                tag: el.tagName.toLowerCase(), id: el.id || el.getAttribute('name') || '',
                name: axe.commons.text.accessibleText(el).trim(),
                description: described.map(d => d.textContent.trim()).join(' '),
                descriptionHidden: described.some(hidden), hidden: hidden(el),
                tabIndex: el.tabIndex, disabled: !!el.disabled,
            };
        });
    } finally { axe.teardown(); }
}
"""


@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_every_chart_has_a_title_and_description_a_screen_reader_reaches(visit, axe_source, path):
    page_visit = open_in_mode(visit, path, "light")
    page = page_visit.page
    inject_axe(page, axe_source)
    figures = page.evaluate(_ACCESSIBLE_TEXT, "figure.dr-chart")
    graphics = page.evaluate(_ACCESSIBLE_TEXT, "figure.dr-chart .dr-chart-view > svg")
    titles = page.eval_on_selector_all("figure.dr-chart figcaption strong", "els => els.map(e => e.textContent.trim())")
    assert len(figures) == len(graphics) == len(titles) == len(page.query_selector_all(".dr-chart-view"))
    roles = page.eval_on_selector_all("figure.dr-chart .dr-chart-view > svg", "els => els.map(e => e.getAttribute('role'))")
    assert set(roles) <= {"img"}, roles
    # A role="img" container would make the sliders below the chart presentational.
    assert not page.query_selector_all(".dr-chart-view[role='img'], .dr-chart-view[aria-hidden='true']")
    for figure, graphic, title in zip(figures, graphics, titles):
        for element in (figure, graphic):
            assert element["name"] == title and len(title) > 5, f"{element['tag']} is named {element['name']!r}, not its title {title!r}"
            assert len(element["description"]) > 20, f"chart {title!r} has no text description"
            assert not element["descriptionHidden"] and not element["hidden"], f"chart {title!r}: description hidden from screen readers"


@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_every_slider_and_menu_is_labelled_and_keyboard_focusable(visit, axe_source, path):
    page_visit = open_in_mode(visit, path, "light")
    page = page_visit.page
    inject_axe(page, axe_source)
    selector = ".vega-bindings input[type=range], .vega-bindings select"
    controls = page.evaluate(_ACCESSIBLE_TEXT, selector)
    for control in controls:
        assert len(control["name"]) > 3, f"{control['tag']} {control['id']!r} on {path} has no accessible name"
        assert control["tabIndex"] >= 0 and not control["disabled"] and not control["hidden"], f"{control['id']!r} is not keyboard-reachable"
    # Walk the controls with the Tab key: from each control, Tab lands on the next one
    # when they sit in the same form, so a keyboard user reaches all of them.
    handles = page.query_selector_all(selector)
    for handle in handles:
        handle.focus()
        assert handle.evaluate("el => document.activeElement === el"), "control does not take focus"
    fields = "input:not([type=hidden]), select"
    for form in page.query_selector_all(".vega-bindings"):
        names = form.eval_on_selector_all(fields, "els => els.map(e => e.name)")
        if len(names) < 2:
            continue
        form.query_selector(fields).focus()
        for expected in names[1:]:
            page.keyboard.press("Tab")
            assert page.evaluate("() => document.activeElement.name") == expected, f"Tab did not move to control {expected!r}"


# Readability of every chart, measured on the rendered SVG. Colours are composited with their
# opacity over what they are drawn on: the page's background, or for a text label the rectangle
# mark under it (heatmap cells). Returns one record per chart.
_CHART_CONTRAST = """
() => {
    const parse = c => { const m = (c || '').match(/rgba?\\(([^)]+)\\)/); if (!m) return null;
        const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
    const lin = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    const lum = c => 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
    const ratio = (a, b) => { const x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); };
    const over = (top, alpha, bottom) => ({r: top.r * alpha + bottom.r * (1 - alpha), g: top.g * alpha + bottom.g * (1 - alpha), b: top.b * alpha + bottom.b * (1 - alpha), a: 1});
    const hex = c => '#' + [c.r, c.g, c.b].map(v => Math.round(v).toString(16).padStart(2, '0')).join('');
    function pageBackground(el) {
        const layers = [];
        for (let n = el; n && n.nodeType === 1; n = n.parentElement) {
            const c = parse(getComputedStyle(n).backgroundColor);
            if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
        }
        let result = {r: 255, g: 255, b: 255, a: 1};
        for (const layer of layers.reverse()) result = over(layer, layer.a, result);
        return result;
    }
    function opacity(el, stop) { let o = 1; for (let n = el; n && n !== stop.parentElement; n = n.parentElement) o *= parseFloat(getComputedStyle(n).opacity); return o; }
    const achromatic = c => Math.max(c.r, c.g, c.b) - Math.min(c.r, c.g, c.b) < 20;
    return Array.from(document.querySelectorAll('figure.dr-chart')).map(figure => {
        const view = figure.querySelector('.dr-chart-view'), svg = view.querySelector('svg');
        const background = pageBackground(view);
        const title = figure.querySelector('figcaption strong').textContent.trim();
        const failures = [];
        let texts = 0, axes = 0, inks = 0;
        const rects = Array.from(svg.querySelectorAll('.mark-rect path')).map(p => {
            const s = getComputedStyle(p), c = parse(s.fill);
            return c && c.a > 0 ? {box: p.getBoundingClientRect(), colour: c, alpha: c.a * parseFloat(s.fillOpacity) * opacity(p, svg)} : null;
        }).filter(Boolean);
        for (const text of svg.querySelectorAll('text')) {
            const s = getComputedStyle(text), c = parse(s.fill);
            const alpha = c ? c.a * parseFloat(s.fillOpacity) * opacity(text, svg) : 0;
            if (!text.textContent.trim() || !c || alpha === 0 || s.visibility === 'hidden') continue;
            const box = text.getBoundingClientRect(), x = box.left + box.width / 2, y = box.top + box.height / 2;
            let behind = background;
            for (const rect of rects) {
                const b = rect.box;
                if (x >= b.left && x <= b.right && y >= b.top && y <= b.bottom) behind = over(rect.colour, rect.alpha, behind);
            }
            const value = ratio(over(c, alpha, behind), behind);
            texts += 1;
            if (value < %(text)s) failures.push(`text "${text.textContent.trim().slice(0, 40)}" ${hex(over(c, alpha, behind))} on ${hex(behind)}: ${value.toFixed(2)}`);
        }
        // which: 'all' (axes), 'ink' (neutral marks), 'colour' (marks in a palette colour).
        const strokes = (selector, kind, which) => {
            for (const el of svg.querySelectorAll(selector)) {
                const s = getComputedStyle(el);
                for (const [paint, paintOpacity, attribute] of [[s.stroke, s.strokeOpacity, 'stroke'], [s.fill, s.fillOpacity, 'fill']]) {
                    const c = parse(paint);
                    if (!c || c.a === 0) continue;
                    const alpha = c.a * parseFloat(paintOpacity) * opacity(el, svg);
                    const ink = el.getAttribute(attribute) === 'currentColor' || achromatic(c);
                    if (alpha === 0) continue;
                    // Faint context (opacity under 0.5: a tinted band, the other schedules) is exempt.
                    if (which === 'ink' && (!ink || alpha < 0.5)) continue;
                    if (which === 'colour' && (ink || alpha < 0.5)) continue;
                    if (kind === 'axis') axes += 1; else inks += 1;
                    const value = ratio(over(c, alpha, background), background);
                    if (value < %(graphics)s) failures.push(`${kind} ${el.closest('[class*=role-]').getAttribute('class')} ${hex(over(c, alpha, background))} on ${hex(background)}: ${value.toFixed(2)}`);
                }
            }
        };
        strokes('.role-axis-domain line, .role-axis-domain path, .role-axis-tick line, .role-axis-tick path', 'axis', 'all');
        // Neutral (grey, black, white or currentColor) lines, rules and points: these carry the
        // reference lines and targets, and vanish first when a page turns dark.
        strokes('.mark-line path, .mark-rule line, .mark-symbol path, .role-legend-symbol path', 'neutral mark', 'ink');
        // Data in colour (lines, rules, points and their legend symbols) must stand out from the
        // page in both modes too (WCAG 1.4.11): this is what keeps light hues off white pages.
        strokes('.mark-line path, .mark-rule line, .mark-symbol path, .role-legend-symbol path', 'coloured mark', 'colour');
        return {title, background: hex(background), texts, axes, inks, failures};
    });
}
""" % {"text": TEXT_CONTRAST, "graphics": GRAPHICS_CONTRAST}


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    """Where chart screenshots go: $DR_SCREENSHOT_DIR if set, else a pytest temporary folder under /tmp."""
    chosen = os.environ.get("DR_SCREENSHOT_DIR")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("chart-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_every_chart_is_readable_in_light_and_dark_mode(visit, screenshot_dir, path, mode):
    page_visit = open_in_mode(visit, path, mode)
    page = page_visit.page
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    figures = page.query_selector_all("figure.dr-chart")
    stem = path.removesuffix(".html").replace("/", "-")
    for index, figure in enumerate(figures):
        figure.scroll_into_view_if_needed()
        shot = screenshot_dir / f"{stem}-{index + 1:02d}-{mode}.png"
        figure.screenshot(path=str(shot), animations="disabled")
        assert shot.stat().st_size > 2_000, f"{shot} is (nearly) empty"
    records = page.evaluate(_CHART_CONTRAST)
    assert len(records) == len(figures)
    problems = []
    for record in records:
        assert record["texts"] > 0 and record["axes"] + record["inks"] > 0, f"nothing measured in {record['title']!r}"
        problems += [f"{record['title']!r}: {failure}" for failure in record["failures"]]
    assert not problems, f"{path} in {mode} mode (page {background}), screenshots in {screenshot_dir}:\n" + "\n".join(problems)


def test_dark_mode_changes_the_chart_ink(visit):
    """The same chart text is dark on the light page and light on the dark page."""
    fills = {}
    for mode in MODES:
        page = open_in_mode(visit, "book/bounds.html", mode).page
        fills[mode] = page.evaluate(
            """() => { const t = document.querySelector('.dr-chart-view svg .role-axis-label text');
                       const c = getComputedStyle(t).fill.match(/\\d+/g).slice(0, 3).map(Number);
                       return (0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]) / 255; }"""
        )
    assert fills["light"] < 0.35 < 0.65 < fills["dark"], fills
