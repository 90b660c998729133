"""The book's repository (``_toc.yml``, ``data/``, ``book/``), however scaling_lib is installed.

Editable (``-e .``) the package sits in it; ``pip install .`` (as repo2docker runs it) copies the package into
site-packages. So it is looked for: ``$SCALING_LIB_ROOT``, then the working directory and its parents (a chapter runs
in ``book/``), then the folder above the package.
"""
import os
from pathlib import Path

ROOT_VARIABLE = "SCALING_LIB_ROOT"


def book_root() -> Path:
    """The repository's folder, or ``FileNotFoundError`` saying what to do."""
    named, here = os.environ.get(ROOT_VARIABLE), Path.cwd().resolve()
    places = [Path(named).expanduser().resolve()] if named else [here, *here.parents, Path(__file__).resolve().parent.parent]
    for folder in places:
        if (folder / "_toc.yml").is_file() and (folder / "data" / "imagenet_models.csv").is_file():
            return folder
    raise FileNotFoundError(f"{ROOT_VARIABLE}={named!r} is not a clone of the book (no _toc.yml and data/ there)" if named else
                            f"scaling_lib needs the book's repository (_toc.yml, data/) and found none in {here}, its parents or "
                            f"above the package: run Python inside your clone of the book, or set {ROOT_VARIABLE} to its folder")
