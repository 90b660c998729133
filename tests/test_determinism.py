"""The build is deterministic: a chapter executed twice gives identical outputs.

Each chapter of the table of contents that has code cells is executed twice, each time in a fresh kernel
with ``SCALING_LIB_TARGET=site`` (as ``make book`` runs it): once by the book build (its record
in Jupyter Book's cache, when newer than the chapter, the library and the data; else a second run
here), once here with jupytext and nbclient. Every output of every code cell must match:
chart HTML (Vega-Lite spec and element ids), glued values, tables, text and streams. The executions
run in parallel worker processes.
"""
from __future__ import annotations

import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import pytest

from tests.conftest import ROOT, toc_files

# Every chapter with code (the introduction and the references page have none).
CHAPTERS = [name for name in toc_files() if "```{code-cell}" in (ROOT / f"{name}.md").read_text(encoding="utf-8")]
RUNS = 2
WORKERS = max(2, min(6, os.cpu_count() or 2))


def execute_chapter(chapter: str) -> list[list[dict]]:
    """Execute ``chapter`` (e.g. ``"book/bounds"``) in a fresh kernel; return each code cell's outputs."""
    import jupytext
    from nbclient import NotebookClient

    os.environ["SCALING_LIB_TARGET"] = "site"  # the kernel inherits it, as in `make book`
    notebook = jupytext.read(ROOT / f"{chapter}.md")
    client = NotebookClient(
        notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "book")}}
    )
    client.execute()
    return _with_glue([cell.get("outputs", []) for cell in notebook.cells if cell.cell_type == "code"])


def built_outputs(chapter: str) -> list[list[dict]] | None:
    """Each code cell's outputs as ``make book`` executed the chapter: its record in Jupyter Book's cache
    (``_build/.jupyter_cache``, found as ``_ext/preexecute.py`` and myst-nb find it), if that record is newer than
    the chapter, the library and the data (as in ``make test``, which builds first), else None."""
    import datetime
    import sys

    from jupyter_cache import get_cache

    sys.path.insert(0, str(ROOT / "_ext"))
    import preexecute

    if not (preexecute.CACHE / "global.db").is_file():
        return None
    cache = get_cache(str(preexecute.CACHE))
    try:
        record = cache.match_cache_notebook(preexecute._read(ROOT / f"{chapter}.md"))
    except KeyError:
        return None
    sources = [ROOT / f"{chapter}.md", *(ROOT / "scaling_lib").rglob("*.py"), *(ROOT / "data").glob("*.csv")]
    newest = datetime.datetime.fromtimestamp(max(path.stat().st_mtime for path in sources), datetime.timezone.utc)
    created = record.created if record.created.tzinfo else record.created.replace(tzinfo=datetime.timezone.utc)
    if created < newest:
        return None
    notebook = cache.get_cache_bundle(record.pk).nb
    return _with_glue([cell.get("outputs", []) for cell in notebook.cells if cell.cell_type == "code"])


def _plain(output) -> dict:
    output = json.loads(json.dumps(output))  # plain dicts, for pickling and comparison
    output.pop("execution_count", None)
    return output


def _with_glue(cells: list[list]) -> list[list[dict]]:
    """The cells' outputs as the page shows them, without the glued values, then one last entry holding every glued
    value by name (where a cell glues it does not matter to the page).

    Streams are merged as myst-nb merges them for the page (``nb_merge_streams``). Blank lines in streams are not
    compared: myst-nb's merge keeps or drops them depending on how the kernel happened to split the printed text
    into messages.
    """
    import nbformat
    from myst_nb.core.utils import coalesce_streams

    glued = {}
    kept = []
    for outputs in cells:
        shown = []
        for output in map(_plain, outputs):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                glued[name] = output
            else:
                shown.append(output)
        shown = [_plain(o) for o in coalesce_streams([nbformat.from_dict(o) for o in shown])]
        for output in shown:  # how the kernel cut a print into messages decides where blank lines fall: ignore those
            if output.get("output_type") == "stream":
                output["text"] = "\n".join(line for line in output["text"].splitlines() if line.strip())
        kept.append(shown)
    return [*kept, [{"glued values": dict(sorted(glued.items()))}]]


def first_difference(first: list[list[dict]], second: list[list[dict]]) -> str | None:
    """Where two executions differ: cell, output, key and the differing text around it."""
    if len(first) != len(second):
        return f"{len(first)} code cells in one run, {len(second)} in the other"
    for index, (a, b) in enumerate(zip(first, second)):
        if a == b:
            continue
        if len(a) != len(b):
            return f"code cell {index}: {len(a)} outputs vs {len(b)}"
        for number, (x, y) in enumerate(zip(a, b)):
            if x == y:
                continue
            for key in sorted(set(x) | set(y)):
                if x.get(key) == y.get(key):
                    continue
                left = json.dumps(x.get(key), sort_keys=True)
                right = json.dumps(y.get(key), sort_keys=True)
                at = next((i for i, (p, q) in enumerate(zip(left, right)) if p != q), min(len(left), len(right)))
                return (
                    f"code cell {index}, output {number}, {key!r} differs at character {at}:\n"
                    f"  run 1: ...{left[max(0, at - 120): at + 120]}...\n"
                    f"  run 2: ...{right[max(0, at - 120): at + 120]}..."
                )
    return None


@pytest.fixture(scope="module")
def executions() -> dict[str, list[list[list[dict]]]]:
    """Every chapter executed RUNS times, in parallel fresh processes (and so fresh kernels)."""
    context = multiprocessing.get_context("spawn")
    runs: dict[str, list] = {chapter: [] for chapter in CHAPTERS}
    for chapter in CHAPTERS:  # the book build's own execution is one run, where it is newer than the chapter
        if (built := built_outputs(chapter)) is not None:
            runs[chapter].append(built)
    jobs = [chapter for chapter in CHAPTERS for _ in range(RUNS - len(runs[chapter]))]
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=context) as pool:
        futures = [(chapter, pool.submit(execute_chapter, chapter)) for chapter in jobs]
        for chapter, future in futures:
            try:
                runs[chapter].append(future.result())
            except Exception as error:  # reported by that chapter's test only
                runs[chapter].append(error)
    return runs


def _outputs(executions, chapter: str) -> list[list[list[dict]]]:
    for run in executions[chapter]:
        if isinstance(run, Exception):
            message = f"{getattr(run, 'ename', type(run).__name__)}: {getattr(run, 'evalue', run)}"
            pytest.fail(f"{chapter}.md failed to execute: {message}")
    return executions[chapter]


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_outputs_are_identical_across_runs(executions, chapter):
    first, *others = _outputs(executions, chapter)
    assert first, f"{chapter} has no code cells"
    for other in others:
        difference = first_difference(first, other)
        assert difference is None, f"{chapter}.md is not deterministic: {difference}"


@pytest.mark.slow
def test_charts_are_compared(executions):
    """The comparison covers the chart payloads: some chapter shows a chart spec with its element id."""
    payloads = [
        output["data"]["text/html"]
        for chapter in CHAPTERS
        for cell in _outputs(executions, chapter)[0]
        for output in cell
        if "text/html" in output.get("data", {})
    ]
    charts = [html for html in payloads if "dr-chart-view" in html]
    assert charts and all('<script type="application/json" class="dr-chart-spec">{' in html for html in charts)
    assert all("window.vegaEmbed = vegaEmbed" not in html for html in charts), "site target: no inline bundle"


def test_first_difference_reports_cell_and_text():
    run = [[{"output_type": "stream", "name": "stdout", "text": "a = 1.000\n"}]]
    assert first_difference(run, json.loads(json.dumps(run))) is None
    changed = [[{"output_type": "stream", "name": "stdout", "text": "a = 1.001\n"}]]
    message = first_difference(run, changed)
    assert "code cell 0, output 0, 'text'" in message and "1.000" in message and "1.001" in message
    assert first_difference(run, run + run) == "1 code cells in one run, 2 in the other"
