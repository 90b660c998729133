"""Coursework tools: the student edition of each chapter and the course outline for instructors.

Chapter: *For instructors* (``book/instructors.md``).

* :func:`student_markdown` removes every solution (the text between a
  ``{solution-start}`` fence and its ``{solution-end}``) from a chapter's MyST
  source and puts an answer space in its place: a Markdown cell for the reader's
  own words and, for exercises with an answer check, a code cell that calls
  ``check(label, answer)``.
* :func:`write_student_edition` writes one ``.ipynb`` per chapter plus a zip of
  them (``make student``; the book build also copies them into the site).
* :func:`course_outline` reads the chapters and lists, for each, its learning
  objectives and exercises, for the instructor guide.

The expected answers are not in the student notebooks: the checks compute them
inside ``scaling_lib.exercises`` when a student calls ``check``.
"""
from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ._checks import check_path, check_text

__all__ = [
    "BOOK_ROOT",
    "book_chapters",
    "Exercise",
    "chapter_exercises",
    "student_markdown",
    "write_student_edition",
    "course_outline",
    "outline_view",
    "WORDS_PER_MINUTE",
    "MINUTES_PER_EXERCISE",
]

from ._paths import book_root  # noqa: E402

#: The repository root (the folder holding ``_toc.yml``; chapters live in ``book/``), found however scaling_lib is installed.
BOOK_ROOT = book_root()

#: Reading speed used to estimate a chapter's reading time (a common figure for technical prose).
WORDS_PER_MINUTE = 150
#: Working time assumed per exercise, in minutes (an estimate; adjust to the class).
MINUTES_PER_EXERCISE = 15

_EXERCISE = re.compile(r"^```\{exercise\}\s*(?P<title>[^\n]*)\n:label: (?P<label>\S+)\n(?P<options>(?::[^\n]*\n)*)(?P<body>.*?)^```\s*$", re.MULTILINE | re.DOTALL)
_SOLUTION = re.compile(r"^```\{solution-start\} (?P<label>\S+)\n(?::[^\n]*\n)*```\s*\n(?P<body>.*?)^```\{solution-end\}\s*\n```\s*$\n?", re.MULTILINE | re.DOTALL)
_OBJECTIVES = re.compile(r"\*\*Learning objectives\.\*\*[^\n]*\n\n(?P<items>(?:- [^\n]*\n)+)")
_TITLE = re.compile(r"^# (?P<title>[^\n]+)$", re.MULTILINE)
_LABEL = re.compile(r"^\((?P<label>[\w-]+)\)=\s*$", re.MULTILINE)
_REF = re.compile(r"\{ref\}`(?:[^`<]*<)?(?P<label>[\w-]+)>?`")


@dataclass(frozen=True)
class Exercise:
    """One exercise of a chapter: its label, title, text and whether an answer check exists."""

    label: str
    title: str
    text: str
    checked: bool

    @property
    def suggested_use(self) -> str:
        """Where the exercise fits in a course: checked computations suit homework, open questions discussion."""
        if self.checked:
            return "homework (auto-checked)"
        if "open" in self.label.split("-") or self.title.lower().startswith("open"):
            return "class discussion"
        return "homework or discussion"


def book_chapters(toc_path: str | Path | None = None) -> list[Path]:
    """The chapter files named in the book's ``_toc.yml``, in reading order."""
    import yaml

    toc_file = check_path("toc_path", toc_path) if toc_path is not None else BOOK_ROOT / "_toc.yml"
    if not toc_file.is_file():
        raise ValueError(f"toc_path must be an existing _toc.yml, got {str(toc_file)!r}")
    toc = yaml.safe_load(toc_file.read_text(encoding="utf-8"))
    names = [toc["root"]]

    def collect(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            collect(entry.get("sections"))
            collect(entry.get("chapters"))

    for part in toc.get("parts", []):
        collect(part.get("chapters"))
    collect(toc.get("chapters"))
    return [toc_file.parent / f"{name}.md" for name in names]


def _check_chapters(chapters: Any) -> list[str | Path] | None:
    """``None`` (every chapter of the book) or a list of chapter paths."""
    if chapters is None:
        return None
    if isinstance(chapters, (str, os.PathLike)) or not isinstance(chapters, (list, tuple)):
        raise TypeError(f"chapters must be a list of chapter paths (or None for the whole book), got {type(chapters).__name__}")
    for index, chapter in enumerate(chapters):
        check_path(f"chapters[{index}]", chapter)
    return list(chapters)


def _read(path: str | Path, name: str = "path") -> str:
    chapter = check_path(name, path)
    if chapter.suffix != ".md" or not chapter.is_file():
        raise ValueError(f"path must be an existing chapter .md file, got {str(path)!r}")
    return chapter.read_text(encoding="utf-8")


def _checked_labels() -> set[str]:
    from . import exercises

    exercises._load_chapter_checks()
    return set(exercises.CHECKS)


def chapter_exercises(path: str | Path) -> list[Exercise]:
    """The exercises of the chapter at ``path``, in order."""
    text = _read(path)
    checked = _checked_labels()
    return [
        Exercise(match["label"], match["title"].strip(), match["body"].strip(), match["label"] in checked)
        for match in _EXERCISE.finditer(text)
    ]


def _answer_space(label: str, checked: bool) -> str:
    space = "**Your answer.** Write your answer here.\n\n"
    if checked:
        space += (
            "```{code-cell} ipython3\n"
            "from scaling_lib.exercises import check\n\n"
            "answer = ...  # replace ... with your value\n"
            f'check("{label}", answer)\n'
            "```\n"
        )
    return space


def student_markdown(text: str) -> str:
    """Return a chapter's MyST source with every solution replaced by an answer space.

    Raises ``ValueError`` if a ``{solution-start}`` has no matching ``{solution-end}``
    or names an exercise that does not exist, so no solution can slip through.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a chapter's Markdown source, got {type(text).__name__}")
    labels = {match["label"] for match in _EXERCISE.finditer(text)}
    checked = _checked_labels()

    def replace(match: re.Match) -> str:
        label = match["label"]
        if label not in labels:
            raise ValueError(f"solution for unknown exercise {label!r}")
        return _answer_space(label, label in checked)

    stripped = _SOLUTION.sub(replace, text)
    if "{solution-start}" in stripped or "{solution-end}" in stripped:
        raise ValueError("a {solution-start} without a matching {solution-end} (or the reverse) was left in the chapter")
    return stripped


def write_student_edition(chapters: list[str | Path] | None, out_dir: str | Path, zip_name: str = "diminishing-returns-student.zip") -> list[Path]:
    """Write a student notebook (``.ipynb``) for each chapter into ``out_dir``, plus a zip of them.

    Returns the paths written (notebooks first, the zip last). Only chapters that
    have exercises get a student edition.
    """
    import jupytext

    chapters = _check_chapters(chapters)
    chapters = book_chapters() if chapters is None else chapters
    if not chapters:
        raise ValueError("chapters must list at least one chapter file")
    out = check_path("out_dir", out_dir)
    zip_name = check_text("zip_name", zip_name)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for chapter in chapters:
        text = _read(chapter)
        if not _EXERCISE.search(text):
            continue
        notebook = jupytext.reads(student_markdown(text), fmt="md:myst")
        for index, cell in enumerate(notebook.cells):  # fixed ids: the same sources give the same file
            cell["id"] = f"cell-{index}"
        target = out / f"{Path(chapter).stem}-student.ipynb"
        jupytext.write(notebook, target, fmt="ipynb")
        written.append(target)
    archive = out / zip_name
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for notebook_path in written:
            info = zipfile.ZipInfo(notebook_path.name, date_time=(2020, 1, 1, 0, 0, 0))  # fixed date: same bytes each build
            bundle.writestr(info, notebook_path.read_bytes(), compress_type=zipfile.ZIP_DEFLATED)
    written.append(archive)
    return written


def course_outline(chapters: list[str | Path] | None = None) -> pd.DataFrame:
    """One row per chapter: title, learning objectives, words, exercises and an estimated time.

    ``builds_on`` lists the chapters this one cross-references (its prerequisites
    within the book). The time estimate is reading time (words ÷ :data:`WORDS_PER_MINUTE`) plus
    :data:`MINUTES_PER_EXERCISE` per exercise: a starting point for planning, not a measurement.
    """
    chapters = _check_chapters(chapters)
    chapter_list = list(chapters) if chapters is not None else book_chapters()
    label_to_chapter = {}
    for chapter in chapter_list:
        label = _LABEL.search(_read(chapter))
        if label:
            label_to_chapter[label["label"]] = Path(chapter).stem
    rows = []
    for chapter in chapter_list:
        text = _read(chapter)
        exercises_found = chapter_exercises(chapter)
        if not exercises_found:
            continue
        title = _TITLE.search(text)
        objectives = _OBJECTIVES.search(text)
        prose = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
        words = len(re.findall(r"[A-Za-z][A-Za-z'’-]*", prose))
        rows.append(
            {
                "chapter": Path(chapter).stem,
                "title": title["title"].strip() if title else Path(chapter).stem,
                "objectives": [line[2:].strip() for line in objectives["items"].strip().splitlines()] if objectives else [],
                "words": words,
                "exercises": len(exercises_found),
                "checked_exercises": sum(exercise.checked for exercise in exercises_found),
                "exercise_titles": [exercise.title for exercise in exercises_found],
                "exercise_uses": [exercise.suggested_use for exercise in exercises_found],
                "builds_on": sorted({label_to_chapter[m["label"]] for m in _REF.finditer(text) if m["label"] in label_to_chapter} - {Path(chapter).stem}),
                "estimated_minutes": round(words / WORDS_PER_MINUTE + MINUTES_PER_EXERCISE * len(exercises_found)),
            }
        )
    return pd.DataFrame(rows)


class OutlineView:
    """HTML view of :func:`course_outline` for the instructor guide (one section per chapter)."""

    def __init__(self, outline: pd.DataFrame):
        self.outline = outline

    def __repr__(self) -> str:  # no memory address: the same build gives the same output
        return f"<course outline: {len(self.outline)} chapters>"

    def _repr_html_(self) -> str:
        import html as _html

        parts = []
        for row in self.outline.itertuples(index=False):
            objectives = "".join(
                "<li>" + re.sub(r"`([^`]+)`", r"<code>\1</code>", _html.escape(item)) + "</li>" for item in row.objectives
            )
            exercises_html = "".join(
                f"<li>{_html.escape(title)} — <em>{_html.escape(use)}</em></li>" for title, use in zip(row.exercise_titles, row.exercise_uses)
            )
            builds_on = ", ".join(row.builds_on) if row.builds_on else "the introduction only"
            parts.append(
                f'<section class="dr-outline"><h3>{_html.escape(row.title)}</h3>'
                f"<p><strong>Estimated time:</strong> about {row.estimated_minutes} minutes "
                f"({row.words:,} words to read, {row.exercises} exercises, {row.checked_exercises} auto-checked). "
                f"<strong>Builds on:</strong> {_html.escape(builds_on)}.</p>"
                f"<p><strong>Learning objectives</strong></p><ul>{objectives}</ul>"
                f"<p><strong>Exercises</strong></p><ol>{exercises_html}</ol></section>"
            )
        return "".join(parts)


def outline_view(chapters: list[str | Path] | None = None) -> OutlineView:
    """The course outline as HTML: objectives, time, prerequisites and exercise uses per chapter."""
    return OutlineView(course_outline(chapters))


def main(argv: list[str] | None = None) -> int:
    """``python -m scaling_lib.coursework OUT_DIR``: write the student edition of every chapter."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m scaling_lib.coursework OUT_DIR", file=sys.stderr)
        return 2
    for path in write_student_edition(None, args[0]):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
