"""The built site in headless Chromium: offline, error-free, every chart drawn, every control live."""
from __future__ import annotations

import json

import pytest

from tests.conftest import ROOT, SITE, toc_files
from tests.site.conftest import site_pages

PAGES = site_pages()
CHAPTER_PAGES = [f"{name}.html" for name in toc_files()]
# Chapters with exercises (the appendix, instructor guide and references have none).
EXERCISE_PAGES = [f"{name}.html" for name in toc_files() if "```{exercise}" in (ROOT / f"{name}.md").read_text(encoding="utf-8")]
RAW_REPRS = ("alt.Chart(", "alt.LayerChart(", "alt.HConcatChart(", "alt.VConcatChart(", "VegaLite 6 object", "<chart:", "LiveControl object", "LiveOnlyNote(")

pytestmark = pytest.mark.browser


def test_site_has_every_chapter():
    assert PAGES, "no built pages found: run `make book`"
    assert "book/bounds.html" in EXERCISE_PAGES
    missing = [page for page in CHAPTER_PAGES if page not in PAGES]
    assert not missing


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_offline_without_console_errors(visit, path):
    page_visit = visit(path)
    states = page_visit.wait_for_charts()
    page_visit.page.wait_for_timeout(300)  # let late scripts report
    assert not page_visit.blocked, f"requests left the machine: {page_visit.blocked}"
    assert not page_visit.errors, f"console errors: {page_visit.errors}"
    assert all(state == "yes" for state in states), f"charts failed to draw: {states}"
    text = page_visit.page.inner_text("body")
    for raw in RAW_REPRS:
        assert raw not in text, f"raw Python repr {raw!r} shown on {path}"
    html = page_visit.page.content()
    assert "require.min.js" not in html and "html-manager" not in html, "widget JavaScript from a CDN"


@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_every_chart_draws_an_svg_with_a_description(visit, path):
    page_visit = visit(path)
    page_visit.wait_for_charts()
    views = page_visit.page.query_selector_all(".dr-chart-view")
    for view in views:
        assert view.query_selector("svg") is not None, "chart drew no SVG"
        marks = view.query_selector_all("svg .mark-symbol path, svg .mark-rect path, svg .mark-line path, svg .mark-text text, svg .mark-area path, svg .mark-rule line")
        assert marks, "chart has no marks"
    captions = page_visit.page.query_selector_all("figure.dr-chart figcaption")
    assert len(captions) == len(views)
    assert all(len(caption.text_content().strip()) > 20 for caption in captions)


@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_every_slider_and_menu_changes_its_chart(visit, path):
    page_visit = visit(path)
    page = page_visit.page
    page_visit.wait_for_charts()
    controls = page.query_selector_all(".dr-chart-view .vega-bindings input[type=range], .dr-chart-view .vega-bindings select")
    for control in controls:
        view = control.evaluate_handle("el => el.closest('.dr-chart-view')")
        before = view.evaluate("el => el.querySelector('svg').innerHTML")
        tag = control.evaluate("el => el.tagName")
        if tag == "INPUT":
            control.focus()
            start = control.input_value()
            page.keyboard.press("End")  # keyboard-operable: End jumps to the maximum
            if control.input_value() == start:
                page.keyboard.press("Home")
            assert control.input_value() != start, "slider did not move with the keyboard"
        else:
            options = control.evaluate("el => Array.from(el.options).map(o => o.value)")
            current = control.input_value()
            control.select_option(next(option for option in options if option != current))
        page.wait_for_timeout(150)
        after = view.evaluate("el => el.querySelector('svg').innerHTML")
        assert after != before, f"moving a control on {path} did not change its chart"
    assert not page_visit.errors


@pytest.mark.parametrize("path", EXERCISE_PAGES)
def test_exercises_have_collapsed_solutions(visit, path):
    page = visit(path).page
    exercises = page.query_selector_all("div.exercise")
    solutions = page.query_selector_all("div.solution.dropdown")
    assert len(exercises) >= 4, "each chapter has at least four exercises"
    assert len(solutions) >= len(exercises)
    for solution in solutions:
        body = solution.query_selector(":scope > :not(.admonition-title):not(button)")
        assert body is not None and not body.is_visible(), "a solution is visible before the reader opens it"
    first = solutions[0]
    first.query_selector(".admonition-title").click()
    page.wait_for_timeout(300)
    assert first.query_selector(":scope > :not(.admonition-title):not(button)").is_visible()


def test_live_controls_are_notes_on_the_site(visit):
    page = visit("book/bounds.html").page
    notes = page.query_selector_all(".dr-live-note")
    assert notes, "the live widget is shown as a note on the static site"
    assert not page.query_selector_all(".jupyter-widgets, .widget-slider")


def test_binder_launch_opens_the_chapter_as_a_notebook(visit):
    """The rocket opens the chapter's reading notebook (written by postBuild) at the build's repository; a build without one links none."""
    record = json.loads((SITE.parent / ".publishing.json").read_text(encoding="utf-8"))
    page = visit("book/bounds.html").page
    links = page.eval_on_selector_all("a[href*='mybinder']", "els => els.map(e => e.href)")
    if record["repository_url"] is None:
        assert links == []
        return
    assert any("notebooks/bounds.ipynb" in link and "urlpath=lab" in link and record["repository_url"].removeprefix("https://github.com/") in link for link in links), links


@pytest.mark.parametrize("path", EXERCISE_PAGES)
def test_student_edition_downloads_work(visit, path):
    page = visit(path).page
    notebook_link = page.query_selector("a.dr-student-notebook")
    zip_link = page.query_selector("a.dr-student-zip")
    assert notebook_link is not None and zip_link is not None, "the chapter links to its student edition"
    notebook = page.request.get(notebook_link.evaluate("a => a.href"))
    assert notebook.ok
    content = notebook.json()
    assert content["nbformat"] == 4
    sources = "".join("".join(cell["source"]) for cell in content["cells"])
    assert "solution-start" not in sources and "check(" in sources
    archive = page.request.get(zip_link.evaluate("a => a.href"))
    assert archive.ok and archive.body()[:2] == b"PK"


def test_downloadable_notebooks_have_fixed_cell_ids():
    """Two builds of the same sources ship the same notebooks: no random cell ids in ``_sources``."""
    import json

    notebooks = sorted((ROOT / "_build" / "html" / "_sources").rglob("*.ipynb"))
    chapters = {f"{name}.ipynb" for name in toc_files() if "```{code-cell}" in (ROOT / f"{name}.md").read_text(encoding="utf-8")}
    assert "book/bounds.ipynb" in chapters
    assert chapters <= {path.relative_to(ROOT / "_build" / "html" / "_sources").as_posix() for path in notebooks}
    for path in notebooks:
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        assert [cell["id"] for cell in cells] == [f"cell-{index}" for index in range(len(cells))], path.name
