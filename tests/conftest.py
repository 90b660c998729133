"""Shared test fixtures: paths of the repository and its built site."""
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"


def toc_files() -> list[str]:
    """Every chapter file named in _toc.yml (without extension), root first."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def collect(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            collect(entry.get("sections"))
            collect(entry.get("chapters"))

    for part in toc.get("parts", []):
        collect(part.get("chapters"))
    collect(toc.get("chapters"))
    return files


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


_EXECUTED: dict[str, object] = {}


def share_executed_chapters(notebooks: dict[str, Path]) -> None:
    """Keep chapters another test executed as notebooks (``tests/test_binder.py``, in a fresh environment as Binder
    builds it, with no build target set), so :func:`executed_chapter` does not execute them a second time."""
    import nbformat

    for chapter, path in notebooks.items():
        _EXECUTED.setdefault(chapter, nbformat.read(path, as_version=4))


def executed_chapter(chapter: str):
    """The chapter ``book/<name>`` executed top to bottom as a notebook (as in Binder), once per test session.

    Shared by the chapter-execution test and the headline tests, so each chapter runs once (or not at all, when
    the Binder test has run it; see :func:`share_executed_chapters`).
    """
    if chapter not in _EXECUTED:
        import os

        import jupytext
        from nbclient import NotebookClient

        saved = os.environ.pop("SCALING_LIB_TARGET", None)  # as in JupyterLab / Binder
        try:
            notebook = jupytext.read(ROOT / f"{chapter}.md")
            NotebookClient(notebook, timeout=180, kernel_name="python3",
                           resources={"metadata": {"path": str(ROOT / "book")}}).execute()
        finally:
            if saved is not None:
                os.environ["SCALING_LIB_TARGET"] = saved
        _EXECUTED[chapter] = notebook
    return _EXECUTED[chapter]


def glued(chapter: str) -> dict[str, str]:
    """Every value the chapter glues into its prose, by name, as the text the page shows."""
    import ast

    values: dict[str, str] = {}
    for cell in executed_chapter(chapter).cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            text = output.get("data", {}).get("application/papermill.record/text/plain")
            if name and text is not None:
                values[name] = ast.literal_eval(text) if text[:1] in "'\"" else text
    return values


def glued_number(chapter: str, name: str) -> float:
    """A glued value read back as a number ("9.1", "1.5 × 10¹⁸", "US$2.1 billion" …)."""
    import re

    text = glued(chapter)[name]
    sup = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")
    text = text.replace(",", "").replace("−", "-").replace("US$", "").replace("$", "").strip()
    scale = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
    match = re.fullmatch(r"(-?[\d.]+)\s*(?:[×x]\s*10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))?\s*(thousand|million|billion|trillion)?\s*%?", text)
    if not match:
        raise ValueError(f"glued value {name!r} of {chapter} is not a number: {text!r}")
    value = float(match.group(1))
    if match.group(2):
        value *= 10.0 ** int(match.group(2).translate(sup))
    if match.group(3):
        value *= scale[match.group(3)]
    return value
