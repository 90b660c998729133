"""Every chapter runs top to bottom as a notebook, as it does in Binder (no build involved)."""
import pytest

from tests.conftest import ROOT, executed_chapter, toc_files

CHAPTERS = [name for name in toc_files() if (ROOT / f"{name}.md").read_text(encoding="utf-8").find("kernelspec") != -1]


def test_toc_lists_every_chapter_file():
    on_disk = {path.relative_to(ROOT).with_suffix("").as_posix() for path in (ROOT / "book").glob("*.md")}
    assert on_disk == set(toc_files()), "every book/*.md is in _toc.yml and every _toc.yml entry exists"


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_executes_as_a_notebook(chapter):
    notebook = executed_chapter(chapter)
    errors = [
        output
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors
    html_outputs = [
        output["data"]["text/html"]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
        if "data" in output and "text/html" in output["data"]
    ]
    charts = [html for html in html_outputs if "dr-chart-view" in html]
    if "charts" in (ROOT / f"{chapter}.md").read_text(encoding="utf-8"):
        assert charts, "a chapter that imports the chart builders shows charts"
        # Offline in a notebook too: the first chart carries the Vega bundle.
        assert "window.vegaEmbed" in charts[0]
