"""A broken chapter, data row or dependency fails the build with a message that names it.

Each fault is injected into its own temporary copy of the book (the library, data,
chapters and configuration, without .venv, _build or .git). The copy's ``scaling_lib``
and ``data/`` are the ones used: ``PYTHONPATH`` points at the copy, so its package
shadows the editable install, and :data:`scaling_lib.data.DATA_DIR` is found relative
to the package. Each build uses a table of contents holding only the affected chapter
and the references page, and the flags of ``make book`` (``-W -n --keep-going``):

* a cell that raises: the build fails naming the chapter, the cell and the exception;
* a top-1 error of 1.7 in ``data/imagenet_models.csv``: it fails naming the file,
  the data row (with the model) and the column;
* ``statsmodels`` missing (a ``PYTHONPATH`` shim whose import fails): it fails naming
  the module and the chapter.

A control build of the unmodified copy must succeed, so each failure is the fault's.
The short summary in the output comes from ``_ext/build_reporting.py``.
"""
from __future__ import annotations

import csv
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
BUILD_FLAGS = ["-W", "-n", "--keep-going"]
COPY_IGNORE = shutil.ignore_patterns(
    ".venv", "_build", ".git", ".cache", ".hypothesis", ".pytest_cache", "dist", "__pycache__", "*.egg-info",
    ".ipynb_checkpoints", "vega-bundle.js",
)
SUMMARY = "BUILD FAILED: Chapter {chapter} failed to execute."


def _environment(book: Path, *prefix: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(str(path) for path in (*prefix, book))
    env["SCALING_LIB_TARGET"] = "site"
    env["TMPDIR"] = str(book.parent)  # Sphinx writes its crash logs here, not in /tmp
    env.pop("PYTHONSAFEPATH", None)
    return env


def _run(args: list[str], book: Path, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=book, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """One copy of the book with its Vega bundle generated; each test copies it again."""
    book = tmp_path_factory.mktemp("pristine") / "book"
    shutil.copytree(ROOT, book, ignore=COPY_IGNORE)
    result = _run([sys.executable, "-m", "scaling_lib.charts.bundle", "_static/vega-bundle.js"], book, _environment(book))
    assert result.returncode == 0, result.stderr
    return book


def _copy(pristine: Path, tmp_path: Path) -> Path:
    book = tmp_path / "book"
    shutil.copytree(pristine, book)
    return book


def _stub_referenced_chapters(book: Path, chapter: str) -> list[str]:
    """Replace each other chapter that ``chapter`` cross-references with a stub holding only its label.

    The fault builds run one chapter; its ``{ref}`` links to other chapters must still resolve
    under ``-n``, without executing those chapters.
    """
    text = (book / f"{chapter}.md").read_text(encoding="utf-8")
    stubs = []
    for label in sorted(set(re.findall(r"\{ref\}`(?:[^`<]*<)?([\w-]+)>?`", text))):
        for other in sorted((book / "book").glob("*.md")):
            name = f"book/{other.stem}"
            if name != chapter and re.search(rf"^\({re.escape(label)}\)=$", other.read_text(encoding="utf-8"), re.M):
                other.write_text(f"({label})=\n# {other.stem}\n", encoding="utf-8")
                stubs.append(name)
    return stubs


def _build(book: Path, chapter: str, *pythonpath_prefix: Path) -> subprocess.CompletedProcess:
    """Build only ``chapter`` (as the root), stubs of the chapters it links to and the references page,
    with make book's flags."""
    entries = "".join(f"  - file: {name}\n" for name in [*_stub_referenced_chapters(book, chapter), "book/references"])
    (book / "_toc_fault.yml").write_text(f"format: jb-book\nroot: {chapter}\nchapters:\n{entries}", encoding="utf-8")
    args = [str(JUPYTER_BOOK), "build", ".", "--toc", "_toc_fault.yml", *BUILD_FLAGS]
    return _run(args, book, _environment(book, *pythonpath_prefix))


def _summary(result: subprocess.CompletedProcess) -> str:
    """The build_reporting summary printed last on stderr (empty if none)."""
    blocks = result.stderr.split("BUILD FAILED: ")
    return "BUILD FAILED: " + blocks[-1].split("\n=====")[0] if len(blocks) > 1 else ""


def _code_cells(path: Path) -> int:
    return len(re.findall(r"^```\{code-cell\}", path.read_text(encoding="utf-8"), flags=re.MULTILINE))


@pytest.mark.slow
def test_copy_uses_its_own_library_and_data(pristine):
    probe = "import scaling_lib, scaling_lib.data as d; print(scaling_lib.__file__); print(d.DATA_DIR)"
    result = _run([sys.executable, "-c", probe], pristine, _environment(pristine))
    package, data_dir = result.stdout.split()
    assert Path(package).resolve() == (pristine / "scaling_lib" / "__init__.py").resolve()
    assert Path(data_dir).resolve() == (pristine / "data").resolve()


@pytest.mark.slow
@pytest.mark.parametrize("chapter", ["book/bounds", "book/data"])
def test_control_build_of_the_unmodified_copy_succeeds(pristine, tmp_path, chapter):
    book = _copy(pristine, tmp_path)
    result = _build(book, chapter)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "BUILD FAILED" not in result.stderr
    assert (book / "_build" / "html" / f"{chapter}.html").is_file()


@pytest.mark.slow
def test_a_cell_that_raises_names_the_chapter_and_cell(pristine, tmp_path):
    book = _copy(pristine, tmp_path)
    chapter = book / "book" / "bounds.md"
    text = chapter.read_text(encoding="utf-8").rstrip("\n")
    fence_line = text.count("\n") + 3  # after the last line and one blank line
    chapter.write_text(text + '\n\n```{code-cell} ipython3\nraise RuntimeError("injected fault")\n```\n', encoding="utf-8")
    cells = _code_cells(chapter)

    result = _build(book, "book/bounds")

    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "injected fault" in output and "book/bounds.md" in output
    summary = _summary(result)
    assert summary.startswith(SUMMARY.format(chapter="book/bounds.md")), output[-3000:]
    assert f"Cell: code cell {cells} of {cells}, starting at line {fence_line} of book/bounds.md" in summary
    assert 'raise RuntimeError("injected fault")' in summary
    assert "Error: RuntimeError: injected fault" in summary
    assert result.stderr.rstrip().endswith("=" * 79), "the summary is the last thing the build prints"


@pytest.mark.slow
def test_a_broken_data_row_names_the_file_row_and_column(pristine, tmp_path):
    book = _copy(pristine, tmp_path)
    path = book / "data" / "imagenet_models.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("top1_error")
    row = 3  # the third data row (rows[0] is the header)
    model = rows[row][0]
    rows[row][column] = "1.7"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)

    result = _build(book, "book/data")

    assert result.returncode != 0
    summary = _summary(result)
    assert summary.startswith(SUMMARY.format(chapter="book/data.md")), (result.stdout + result.stderr)[-3000:]
    error = summary.split("Error: ", 1)[1]
    assert error.startswith("ValueError: imagenet_models.csv: data row 3")
    assert f"model {model!r}" in error and "column 'top1_error'" in error and "1.7 is outside (0, 1)" in error
    assert "load_imagenet_models()" in summary, "the summary quotes the cell that loads the file"


@pytest.mark.slow
def test_a_missing_dependency_names_the_module_and_chapter(pristine, tmp_path):
    book = _copy(pristine, tmp_path)
    shim = tmp_path / "shim" / "statsmodels"
    shim.mkdir(parents=True)
    (shim / "__init__.py").write_text(
        '# Stands in for an environment without statsmodels.\n'
        'raise ModuleNotFoundError("No module named \'statsmodels\'", name="statsmodels")\n',
        encoding="utf-8",
    )

    result = _build(book, "book/scaling", shim.parent)

    assert result.returncode != 0
    summary = _summary(result)
    assert summary.startswith(SUMMARY.format(chapter="book/scaling.md")), (result.stdout + result.stderr)[-3000:]
    assert "Cell: code cell" in summary and "of book/scaling.md" in summary
    assert "Error: ModuleNotFoundError: No module named 'statsmodels'" in summary


# ---------------------------------------------------------------- the summariser itself
def _build_reporting():
    spec = importlib.util.spec_from_file_location("build_reporting", ROOT / "_ext" / "build_reporting.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CHAPTER = """---
kernelspec:
  name: python3
---
# Title

```{code-cell} ipython3
:tags: [remove-cell]
x = 1
```

Text.

```{code-cell} ipython3
---
tags: [hide-input]
---
y = x + 1
print(y)
```
"""


def test_locate_cell_finds_number_and_line():
    reporting = _build_reporting()
    assert reporting.locate_cell(CHAPTER, "x = 1") == (1, 7, 2)
    assert reporting.locate_cell(CHAPTER, "y = x + 1\nprint(y)") == (2, 14, 2)
    assert reporting.locate_cell(CHAPTER, "z = 3") is None


def test_summary_names_chapter_cell_and_error(tmp_path):
    from myst_nb.core.execute.base import ExecutionError
    from nbclient.exceptions import CellExecutionError

    reporting = _build_reporting()
    chapter = tmp_path / "book" / "demo.md"
    chapter.parent.mkdir()
    chapter.write_text(CHAPTER, encoding="utf-8")
    cause = CellExecutionError(
        "An error occurred while executing the following cell:\n------------------\ny = x + 1\nprint(y)\n"
        "------------------\n\nNameError: name 'x' is not defined\n",
        "NameError",
        "name 'x' is not defined",
    )
    try:
        raise ExecutionError(str(chapter)) from cause
    except ExecutionError as error:
        summary = reporting.summarise_failure(tmp_path, error)
    assert summary.splitlines() == [
        "Chapter book/demo.md failed to execute.",
        "  Cell: code cell 2 of 2, starting at line 14 of book/demo.md:",
        "      y = x + 1",
        "      print(y)",
        "  Error: NameError: name 'x' is not defined",
    ]
    assert reporting.summarise_failure(tmp_path, RuntimeError("not a chapter failure")) is None
