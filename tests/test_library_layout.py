"""The shape of scaling_lib and of the chapters that call it (issue "Chapters that teach").

* scaling_lib stays small: at most 7,000 lines of Python;
* each teaching chapter has a computation module, a chart module and an exercise module named
  after it, and at least three visible cells that compute with numpy, pandas, statsmodels or scipy;
* no module of scaling_lib uses another module's private (underscore) names, and no chapter
  uses the old ``sl.`` alias.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

LIBRARY = ROOT / "scaling_lib"
MAX_LINES = 7_000
TEACHING_CHAPTERS = (
    "flexibility", "overparameterization", "bounds", "scaling", "hardware", "smaller_networks", "meta_learning", "outlook",
)
_COMPUTING = re.compile(r"\b(np|pd|sm|smf|stats|scipy|optimize|linalg)\.\w+")


def _modules() -> list[Path]:
    return sorted(LIBRARY.rglob("*.py"))


def _visible_code_cells(chapter: str) -> list[str]:
    text = (ROOT / "book" / f"{chapter}.md").read_text(encoding="utf-8")
    cells = re.findall(r"^```\{code-cell\}[^\n]*\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)
    hidden = re.compile(r"^:tags:.*(remove-input|remove-cell|hide-input)", re.MULTILINE)
    return [cell for cell in cells if not hidden.search(cell)]


def test_library_is_at_most_7000_lines():
    lines = sum(len(path.read_text(encoding="utf-8").splitlines()) for path in _modules())
    assert 1_000 < lines <= MAX_LINES, f"scaling_lib has {lines} lines of Python (target at most {MAX_LINES})"


@pytest.mark.parametrize("chapter", TEACHING_CHAPTERS)
def test_each_teaching_chapter_has_its_modules(chapter):
    for layer in ("", "charts/", "exercises/"):
        assert (LIBRARY / f"{layer}{chapter}.py").is_file(), f"scaling_lib/{layer}{chapter}.py is missing"


@pytest.mark.parametrize("chapter", TEACHING_CHAPTERS)
def test_each_teaching_chapter_computes_on_the_page(chapter):
    computing = [cell for cell in _visible_code_cells(chapter) if _COMPUTING.search(cell)]
    assert len(computing) >= 3, f"book/{chapter}.md has {len(computing)} visible cells computing with numpy/pandas/statsmodels/scipy"


def test_no_chapter_uses_the_old_alias():
    for path in sorted((ROOT / "book").glob("*.md")):
        assert not re.search(r"(?<![\w.])sl\.[a-z_]+", path.read_text(encoding="utf-8")), path.name


def _private_uses(path: Path) -> list[str]:
    """Underscore names this module takes from another scaling_lib module (private modules like _checks may be imported)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported_modules = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("scaling_lib")):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    if not (LIBRARY / f"{alias.name}.py").is_file() and not (path.parent / f"{alias.name}.py").is_file():
                        found.append(f"from {node.module or '.'} import {alias.name}")
                imported_modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            imported_modules.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name) and node.value.id in imported_modules and node.value.id != "np"):
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_no_module_uses_another_modules_private_names():
    offenders = {str(path.relative_to(ROOT)): uses for path in _modules() if (uses := _private_uses(path))}
    assert not offenders, offenders


def test_the_private_name_check_finds_a_private_import(tmp_path):
    module = tmp_path / "probe.py"
    module.write_text("from ..charts.scaling import _readout_draw\nfrom . import exercises\nexercises._hidden()\n", encoding="utf-8")
    assert _private_uses(module) == ["from charts.scaling import _readout_draw", "exercises._hidden"]
