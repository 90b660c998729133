"""Execute the chapters that Jupyter Book's cache lacks, several at a time, before ``jupyter-book build``.

Jupyter Book 1.x executes a book's notebooks one after another. ``make book`` runs this script first
(``python _ext/preexecute.py``): it reads each chapter of ``_toc.yml`` as myst-nb reads it, looks it
up in ``_build/.jupyter_cache`` as myst-nb does, executes the missing ones in parallel worker
processes (one kernel each, in the chapter's folder, with the timeout and the no-errors rule of
``_config.yml``) and stores each result in the cache. The build then takes every chapter from the
cache. A chapter that fails here is left out of the cache, so the build executes it again and
reports the error as it always does.
"""
from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "_build" / ".jupyter_cache"


def _config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def _toc_files() -> list[Path]:
    from scaling_lib.coursework import book_chapters  # the one reader of _toc.yml (parts, chapters, sections)

    return book_chapters(ROOT / "_toc.yml")


def _read(path: Path):
    from myst_nb.core.read import read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    extensions = set(_config().get("parse", {}).get("myst_enable_extensions", []))
    return read_myst_markdown_notebook(path.read_text(encoding="utf-8"), MdParserConfig(enable_extensions=extensions), path=path)


def _execute(path: Path) -> tuple[Path, object, float, str | None]:
    from jupyter_cache.executors.utils import single_nb_execution

    notebook, execute = _read(path), _config()["execute"]
    result = single_nb_execution(notebook, cwd=str(path.parent), timeout=execute.get("timeout", 120),
                                 allow_errors=execute.get("allow_errors", False), meta_override=True)
    return path, notebook, result.time, None if result.err is None else result.exc_string


def pending(cache) -> list[Path]:
    """The notebook chapters of the table of contents that have code and no matching cache record."""
    missing = []
    for path in _toc_files():
        notebook = _read(path)
        if not any(cell.cell_type == "code" for cell in notebook.cells):
            continue
        try:
            cache.match_cache_notebook(notebook)
        except KeyError:
            missing.append(path)
    return missing


def main() -> int:
    started = time.perf_counter()
    database = CACHE / "global.db"
    if database.is_file() and database.stat().st_mtime > max(path.stat().st_mtime for path in _toc_files()):
        return 0  # no chapter changed since the cache was last written (make book empties it when the library changes)
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache = get_cache(str(CACHE))
    todo = pending(cache)
    if len(todo) < 2:  # nothing to gain: the build executes a lone chapter itself
        return 0
    workers = min(len(todo), max(2, min(4, os.cpu_count() or 2)))
    # The longest chapters first, by size, so that no worker is left with one long chapter at the end.
    todo.sort(key=lambda path: path.stat().st_size, reverse=True)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for path, notebook, seconds, error in pool.map(_execute, todo):
            name = path.relative_to(ROOT)
            if error is not None:
                print(f"preexecute: {name} failed; the book build runs it again and reports the error", file=sys.stderr)
                continue
            cache.cache_notebook_bundle(CacheBundleIn(notebook, str(path), data={"execution_seconds": seconds}),
                                        check_validity=False, overwrite=True)
            print(f"preexecute: {name} executed in {seconds:.1f} s")
    print(f"preexecute: {len(todo)} chapters in {time.perf_counter() - started:.1f} s with {workers} workers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
