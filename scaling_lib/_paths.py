"""Where the book's own files are (``data/``, ``_toc.yml``, ``book/``), however scaling_lib is installed.

Installed editable (``-e .`` in requirements.txt, as ``make book`` does) the package sits inside the
repository; copied into site-packages (``pip install .``, which repo2docker runs after requirements.txt)
it does not. So the repository, the folder holding ``_toc.yml`` and ``data/imagenet_models.csv``, is
looked for in this order: the folder named by the environment variable ``SCALING_LIB_ROOT``; the working
directory and its parents (a chapter runs as a notebook in ``book/``); the folder above the package.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT_VARIABLE = "SCALING_LIB_ROOT"


def _is_book(folder: Path) -> bool:
    return (folder / "_toc.yml").is_file() and (folder / "data" / "imagenet_models.csv").is_file()


def book_root() -> Path:
    """The book's repository; ``FileNotFoundError`` saying what to do when there is none to find."""
    if os.environ.get(ROOT_VARIABLE):
        folder = Path(os.environ[ROOT_VARIABLE]).expanduser().resolve()
        if not _is_book(folder):
            raise FileNotFoundError(f"{ROOT_VARIABLE}={os.environ[ROOT_VARIABLE]!r} is not the book's repository (no _toc.yml "
                                    f"and data/imagenet_models.csv in it): set it to the folder of your clone of the book")
        return folder
    here = Path.cwd().resolve()
    for folder in (here, *here.parents, Path(__file__).resolve().parent.parent):
        if _is_book(folder):
            return folder
    raise FileNotFoundError(
        f"scaling_lib needs the book's repository (the folder with _toc.yml and data/) and found none in {here}, its parents "
        f"or above the installed package: run Python inside your clone of the book, or set the environment variable "
        f"{ROOT_VARIABLE} to the clone's folder.")
