"""Sphinx extension: when a chapter fails to execute, say which chapter, which cell and why.

A cell that raises stops the build (``execute.allow_errors: false`` and
``nb_execution_raise_on_error``). myst-nb then prints the whole nbclient traceback,
Sphinx prints its own "Exception occurred" report and Jupyter Book ends with "Look
above for the cause". The cause is there, but between two long tracebacks. This
extension adds a short summary that names:

* the chapter file (relative to the book's root),
* the failing code cell: its number among the chapter's code cells, the line of the
  ``.md`` file where it starts, and its first lines of source,
* the exception and its message (for a bad data row, the loaders in
  :mod:`scaling_lib.data` name the file, the row and the column; for a missing
  package, Python names the module).

The summary is printed to stderr when the build stops and again as the very last
lines of the process's output, after Jupyter Book's own message.
"""
from __future__ import annotations

import atexit
import re
import sys
from pathlib import Path

from sphinx.application import Sphinx

_CELL_FENCE = re.compile(r"^(`{3,}|~{3,})\{code-cell\}[^\n]*\n(.*?)^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_SEPARATOR = "------------------"
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_summaries: list[str] = []


def _failed_source(cause: BaseException | None) -> str | None:
    """The failing cell's source, as nbclient quotes it between two separator lines."""
    text = str(cause or "")
    parts = text.split(_SEPARATOR)
    return parts[1].strip("\n") if len(parts) >= 3 else None


def _body(block: str) -> str:
    """A code cell's source without its ``:key: value`` options or ``---`` YAML header."""
    lines = block.splitlines()
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
        lines = lines[end + 1 :]
    while lines and re.match(r"^:[\w-]+:", lines[0]):
        lines = lines[1:]
    return "\n".join(lines).strip("\n")


def locate_cell(markdown: str, source: str) -> tuple[int, int, int] | None:
    """Find ``source`` among the code cells of a MyST chapter.

    Returns ``(cell_number, line, cell_count)``: the 1-based number of the cell among
    the chapter's code cells, the 1-based line of its opening fence, and how many
    code cells the chapter has; None when no cell matches.
    """
    cells = [(markdown.count("\n", 0, match.start()) + 1, _body(match.group(2))) for match in _CELL_FENCE.finditer(markdown)]
    wanted = source.strip()
    for number, (line, body) in enumerate(cells, start=1):
        if body.strip() == wanted:
            return number, line, len(cells)
    for number, (line, body) in enumerate(cells, start=1):  # e.g. a source reformatted by jupytext
        if wanted and wanted in body:
            return number, line, len(cells)
    return None


def summarise_failure(srcdir: Path, exception: BaseException) -> str | None:
    """A few lines naming the chapter, the cell and the error; None if ``exception`` is no chapter failure."""
    try:
        from myst_nb.core.execute.base import ExecutionError
    except ImportError:  # pragma: no cover - myst-nb is part of Jupyter Book
        return None
    if not isinstance(exception, ExecutionError):
        return None
    path = Path(str(exception))
    try:
        chapter = path.resolve().relative_to(Path(srcdir).resolve()).as_posix()
    except ValueError:
        chapter = str(path)
    cause = exception.__cause__
    ename = getattr(cause, "ename", None) or type(cause).__name__
    evalue = getattr(cause, "evalue", None)
    if evalue is None:
        evalue = str(cause).strip().splitlines()[0] if str(cause).strip() else ""
    lines = [f"Chapter {chapter} failed to execute."]
    source = _failed_source(cause)
    if source is not None:
        located = None
        if path.is_file():
            located = locate_cell(path.read_text(encoding="utf-8"), source)
        if located:
            number, line, count = located
            lines.append(f"  Cell: code cell {number} of {count}, starting at line {line} of {chapter}:")
        else:
            lines.append("  Cell:")
        source_lines = source.splitlines()
        lines.extend(f"      {text}" for text in source_lines[:6])
        if len(source_lines) > 6:
            lines.append(f"      ... ({len(source_lines) - 6} more lines)")
    lines.append(f"  Error: {_ANSI.sub('', str(ename))}: {_ANSI.sub('', str(evalue))}")
    return "\n".join(lines)


def _print(summary: str) -> None:
    rule = "=" * 79
    sys.stderr.write(f"\n{rule}\nBUILD FAILED: {summary}\n{rule}\n")
    sys.stderr.flush()


def _report_failure(app: Sphinx, exception: BaseException | None) -> None:
    if exception is None:
        return
    try:
        summary = summarise_failure(Path(app.srcdir), exception)
    except Exception as error:  # never hide the build's own error behind ours
        summary = f"(build_reporting could not summarise the failure: {error!r})"
    if summary is None:
        return
    _print(summary)
    if not _summaries:
        atexit.register(lambda: [_print(text) for text in _summaries])
    _summaries.append(summary)


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", _report_failure)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
