"""Coursework: the exercises the chapters declare, numbered "C.N", and their answer spaces.

Chapter: *For instructors* (``book/instructors.md``). C is the place of a chapter among the book's chapters with
exercises (``_toc.yml`` order), N the place of the exercise in it, on the site, in the worksheets and in the guide.
A worksheet replaces each solution by an answer space: a Markdown cell and, for an exercise with an answer check,
a code cell that sets ``answer_<label>`` (the autograder reads it) and calls ``check``. The build-time tools live
outside this package, beside the Sphinx extensions: ``_ext/worksheets.py`` (notebooks and otter-grader archives,
``make student``) and ``_ext/coursework_tools.py`` (time, rubrics, the guide's outline), which
:func:`write_student_edition`, :func:`course_outline` and :func:`outline_view` call in a clone of the book.
"""
from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ._checks import check_path, check_text
from ._paths import book_root

__all__ = ["BOOK_ROOT", "book_chapters", "Exercise", "chapter_exercises", "student_markdown", "write_student_edition",
           "course_outline", "outline_view"]

#: The repository root (the folder holding ``_toc.yml``; chapters live in ``book/``), found however scaling_lib is installed.
BOOK_ROOT = book_root()

_EXERCISE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{exercise\}[ \t]*(?P<title>[^\n]*)\n(?P<options>(?::[\w-]+:[^\n]*\n)*)(?P<body>.*?)^(?P=fence)[ \t]*$", re.M | re.S)
_SOLUTION = re.compile(r"^```\{solution-start\} (?P<label>\S+)\n(?::[^\n]*\n)*```\s*\n(?P<body>.*?)^```\{solution-end\}\s*\n```\s*$\n?", re.M | re.S)


def book_chapters(toc_path: str | Path | None = None) -> list[Path]:
    """The chapter files named in the book's ``_toc.yml``, in reading order."""
    import yaml

    toc_file = check_path("toc_path", toc_path) if toc_path is not None else BOOK_ROOT / "_toc.yml"
    if not toc_file.is_file():
        raise ValueError(f"toc_path must be an existing _toc.yml, got {str(toc_file)!r}")
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))

    def collect(entries) -> list[str]:
        return [name for entry in entries or [] for name in [entry["file"]] * ("file" in entry) + collect(entry.get("sections")) + collect(entry.get("chapters"))]

    names = [toc["root"], *[name for part in toc.get("parts", []) for name in collect(part.get("chapters"))], *collect(toc.get("chapters"))]
    return [toc_file.parent / f"{name}.md" for name in names]


def chapter_numbers(toc_path: str | Path | None = None) -> dict[str, int]:
    """``{chapter stem: C}``: the chapters with exercises, numbered 1, 2, … in the order of ``_toc.yml``."""
    with_exercises = [p for p in book_chapters(toc_path) if p.is_file() and _EXERCISE.search(p.read_text(encoding="utf-8"))]
    return {path.stem: number for number, path in enumerate(with_exercises, start=1)}


def answer_variable(label: str) -> str:
    """The variable a worksheet sets to the answer of exercise ``label`` (the autograder reads it)."""
    return "answer_" + re.sub(r"\W", "_", label)


@dataclass(frozen=True)
class Exercise:
    """One exercise: label, title, statement, whether it has an answer check, its number "C.N" and its solution."""

    label: str
    title: str
    text: str
    checked: bool
    number: str = ""
    solution: str = ""

    heading = property(lambda self: f"Exercise {self.number}" if self.number else "Exercise")
    kind = property(lambda self: "computation" if self.checked else "open question" if "open" in self.label.split("-")
                    or self.title.lower().startswith("open") else "written answer")
    #: Where the exercise fits in a course: checked computations suit homework, open questions discussion.
    suggested_use = property(lambda self: {"computation": "homework (auto-checked)", "open question": "class discussion"}.get(
        self.kind, "homework or discussion"))


def _checked_labels() -> set[str]:
    from . import exercises

    return exercises.load_chapter_checks() or set(exercises.CHECKS)


def _read(path: str | Path, name: str = "path") -> str:
    chapter = check_path(name, path)
    if chapter.suffix != ".md" or not chapter.is_file():
        raise ValueError(f"{name} must be an existing chapter .md file, got {str(path)!r}")
    return chapter.read_text(encoding="utf-8")


def _options(block: str) -> dict[str, str]:
    return {key: value.strip() for key, value in re.findall(r"^:([\w-]+):[ \t]*(.*)$", block, re.M)}


def chapter_exercises(path: str | Path) -> list[Exercise]:
    """The exercises of the chapter at ``path``, in order, numbered "C.N" (see the module notes)."""
    text = _read(path)
    checked = _checked_labels()
    toc = Path(path).resolve().parent.parent / "_toc.yml"  # the book the chapter belongs to (<book>/book/<chapter>.md)
    chapter = chapter_numbers(toc if toc.is_file() else None).get(Path(path).stem)
    solutions = {match["label"]: match["body"].strip() for match in _SOLUTION.finditer(text)}
    found, count = [], 0
    for match in _EXERCISE.finditer(text):
        options = _options(match["options"])
        label = options.get("label", "")
        count += "nonumber" not in options
        number = "" if "nonumber" in options else f"{chapter}.{count}" if chapter else str(count)
        found.append(Exercise(label, match["title"].strip(), match["body"].strip(), label in checked, number, solutions.get(label, "")))
    return found


def _answer_space(label: str, checked: bool) -> str:
    space = "**Your answer.** Write your answer here.\n\n"
    if checked:
        variable = answer_variable(label)
        space += (f"```{{code-cell}} ipython3\n{variable} = ...  # your value: a number, or the arithmetic that gives it\n"
                  f'check("{label}", {variable})\n```\n')
    return space


def student_markdown(text: str) -> str:
    """Return a chapter's MyST source with every solution replaced by an answer space.

    Raises ``ValueError`` if a ``{solution-start}`` has no matching ``{solution-end}``
    or names an exercise that does not exist, so no solution can slip through.
    """
    return _replace_solutions(text, lambda label, body, checked: _answer_space(label, checked))


def _replace_solutions(text: str, replace: Callable[[str, str, bool], str]) -> str:
    """``text`` with each solution replaced by ``replace(label, body, checked)``; refuses unmatched fences."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a chapter's Markdown source, got {type(text).__name__}")
    labels = {_options(m["options"]).get("label") for m in _EXERCISE.finditer(text)}
    checked = _checked_labels()

    def one(match: re.Match) -> str:
        if match["label"] not in labels:
            raise ValueError(f"solution for unknown exercise {match['label']!r}")
        return replace(match["label"], match["body"], match["label"] in checked)

    stripped = _SOLUTION.sub(one, text)
    if "{solution-start}" in stripped or "{solution-end}" in stripped:
        raise ValueError("a {solution-start} without a matching {solution-end} (or the reverse) was left in the chapter")
    return stripped


def _chapter_list(chapters: Any) -> list[Path] | None:
    if chapters is None:
        return None
    if isinstance(chapters, (str, os.PathLike)) or not isinstance(chapters, (list, tuple)):
        raise TypeError(f"chapters must be a list of chapter paths (or None for the whole book), got {type(chapters).__name__}")
    for index, chapter in enumerate(chapters):
        _read(chapter, f"chapters[{index}]")
    return [Path(chapter) for chapter in chapters]


def course_outline(chapters: list[str | Path] | None = None) -> Any:
    """One row per chapter with exercises: number, title, objectives, time, exercises, rubrics, prerequisites (a DataFrame)."""
    return _tool("coursework_tools").course_outline(_chapter_list(chapters))


def outline_view(chapters: list[str | Path] | None = None) -> Any:
    """The course outline as HTML for the instructor guide: objectives, time, prerequisites, exercises and rubrics."""
    return _tool("coursework_tools").OutlineView(course_outline(chapters))


def write_student_edition(chapters: list[str | Path] | None, out_dir: str | Path, zip_name: str = "diminishing-returns-student.zip") -> list[Path]:
    """Write a worksheet (``<chapter>-student.ipynb``) for each chapter with exercises into ``out_dir``, plus a zip.

    Returns the paths written (notebooks first, the zip last).
    """
    chapters = _chapter_list(chapters)
    if chapters is not None and not chapters:
        raise ValueError("chapters must list at least one chapter file")
    out = check_path("out_dir", out_dir)
    if not check_text("zip_name", zip_name).endswith(".zip") or "/" in zip_name:
        raise ValueError(f"zip_name must be a file name ending in .zip, got {zip_name!r}")
    return _tool("worksheets").write_student_edition(chapters, out, zip_name)


def _tool(name: str) -> Any:
    """A build-time module of the book's repository, ``_ext/<name>.py``."""
    folder = str(BOOK_ROOT / "_ext")
    if not (BOOK_ROOT / "_ext" / f"{name}.py").is_file():
        raise FileNotFoundError(f"{folder}/{name}.py is missing: this needs a clone of the book's repository")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    import importlib

    return importlib.import_module(name)
