"""Build-time coursework tools: the time of each chapter, cross-references, rubrics and the instructor guide's outline.

* :func:`time_estimate` measures every chapter the same way, from its source: the words a student
  reads (solutions, code, maths, labels and front matter left out; a role such as a glued number is
  one word) at :data:`WORDS_PER_MINUTE`, plus :data:`MINUTES_PER_FIGURE` per figure (a code cell shown
  on the page whose last line draws a chart or a live control, or an image) and
  :data:`MINUTES_PER_EXERCISE` per exercise, each rounded up to the next 5 minutes. The site
  (``coursework_links.py``), the notebooks (``worksheets.py``) and the guide show the same figure.
* :func:`book_labels` and :func:`replace_roles`: what a ``{ref}`` points to, and roles replaced as text.
* :func:`course_outline` and :class:`OutlineView`: per chapter its number, objectives, time,
  prerequisites, exercises and, for each exercise without an answer check, a rubric: the chapter's own
  (``scaling_lib.exercises.rubric``), else the key points of the model solution, one point each (an
  open question adds a point for a position supported by evidence from the chapter).
"""
from __future__ import annotations

import html as _html
import re
import sys
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from scaling_lib.coursework import (  # noqa: E402
    _EXERCISE, Exercise, _read, _replace_solutions, book_chapters, chapter_exercises, chapter_numbers,
)

#: Reading speed for technical prose with numbers and formulas (a common planning figure).
WORDS_PER_MINUTE = 150
#: Time to read one figure or live control: its title, axes and the sentence that interprets it.
MINUTES_PER_FIGURE = 2
#: Working time per exercise (a planning figure: a concept question takes less, a simulation more).
MINUTES_PER_EXERCISE = 15

_OBJECTIVES = re.compile(r"\*\*Learning objectives\.\*\*[^\n]*\n\n(?P<items>(?:- [^\n]*\n)+)")
_TITLE = re.compile(r"^# (?P<title>[^\n]+)$", re.M)
_TARGET = re.compile(r"^\((?P<label>[\w-]+)\)=\s*\n+#+ (?P<title>[^\n]+)", re.M)
_ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<content>[^`]*)`")
_CODE = re.compile(r"^```\{code-cell\}[^\n]*\n(?P<options>(?::[^\n]*\n)*)(?P<source>.*?)^```\s*$", re.M | re.S)


def time_estimate(text: str) -> dict[str, int]:
    """Words, figures and exercises of a chapter's source, and its reading and exercise minutes (module notes)."""
    prose = re.sub(r"\A---\n.*?\n---\n", "", _replace_solutions(text, lambda label, body, checked: ""), flags=re.S)
    figures = 0
    for cell in _CODE.finditer(prose):
        lines = [line for line in cell["source"].splitlines() if line.strip() and not line.lstrip().startswith("#")]
        figures += "remove-cell" not in cell["options"] and bool(lines) and bool(re.search(r"chart|widget", lines[-1]))
    figures += len(re.findall(r"!\[|^```\{figure\}", prose, re.M))
    prose = re.sub(r"^(?:`{3,}|:{3,})(?:\{[\w:-]+\})?(.*)$", r"\1", _CODE.sub(" ", prose), flags=re.M)  # fences' titles and text kept
    prose = re.sub(r"\$\$.*?\$\$|\$[^$\n]+\$", " ", prose, flags=re.S)
    prose = _ROLE.sub(" x ", re.sub(r"^\([\w-]+\)=\s*$|^:[\w-]+:.*$", " ", prose, flags=re.M))
    words = len(re.findall(r"[^\W_][\w'’.,-]*", prose))
    count = len(_EXERCISE.findall(text))

    def up5(minutes: float) -> int:
        return int(-(-minutes // 5) * 5)

    return {"words": words, "figures": figures, "exercises": count,
            "reading_minutes": up5(words / WORDS_PER_MINUTE + MINUTES_PER_FIGURE * figures),
            "exercise_minutes": up5(MINUTES_PER_EXERCISE * count)}


def time_sentence(estimate: dict[str, int]) -> str:
    """The line shown under a chapter's title (on the site and in its notebooks)."""
    figures, count = estimate["figures"], estimate["exercises"]
    return (f"Time: about {estimate['reading_minutes']} minutes to read ({estimate['words']:,} words, {figures} figure{'s' * (figures != 1)}) "
            f"and about {estimate['exercise_minutes']} minutes for the {count} exercise{'s' * (count != 1)}.")


def book_labels(toc_path: str | Path | None = None) -> dict[str, tuple[str, str]]:
    """``{label: (chapter stem, text)}`` for every ``(label)=`` target and exercise label of the book."""
    labels: dict[str, tuple[str, str]] = {}
    for chapter in book_chapters(toc_path):
        if not chapter.is_file():
            continue
        text = chapter.read_text(encoding="utf-8")
        labels.update({m["label"]: (chapter.stem, re.sub(r"\{[\w:-]+\}`([^`]*)`", r"\1", m["title"]).strip()) for m in _TARGET.finditer(text)})
        if _EXERCISE.search(text):
            labels.update({e.label: (chapter.stem, e.heading) for e in chapter_exercises(chapter)})
    return labels


def replace_roles(text: str, render: Callable[[str, str, str], str | None]) -> str:
    """``text`` with each MyST role replaced by ``render(role, shown text, target)``; None keeps the shown text."""

    def one(match: re.Match) -> str:
        content = match["content"]
        explicit = re.fullmatch(r"(?P<shown>.*?)\s*<(?P<target>[^<>]+)>", content, re.S)
        shown, target = (explicit["shown"], explicit["target"]) if explicit else (content, content)
        result = render(match["role"], shown, target)
        return shown if result is None else result

    return _ROLE.sub(one, text)


def _rubric(exercise: Exercise) -> tuple[float, list[str]]:
    """Points and what a full answer contains: a chapter's own rubric, else the key points of its solution."""
    from scaling_lib import exercises

    declared = exercises.RUBRICS.get(exercise.label)
    if declared:
        return declared
    prose = re.sub(r"^```\{code-cell\}.*?^```\s*$", " ", exercise.solution, flags=re.M | re.S)
    prose = re.sub(r"\s+", " ", replace_roles(prose, lambda role, shown, target: None if role != "glue:text" else "(the page's value)"))
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9(\"“])", prose) if len(s.split()) >= 5][:4]
    criteria = sentences or ["answers every part of the question, with a reason for each step"]
    if exercise.kind == "open question":
        criteria.append("takes a position and supports it with a number, figure or simulation from the chapter")
    return float(len(criteria)), criteria


def course_outline(chapters: list[Path] | None = None) -> pd.DataFrame:
    """One row per chapter with exercises: number, title, objectives, time, exercises, rubrics, prerequisites.

    ``builds_on`` lists the chapters this one cross-references (its prerequisites within the book).
    The time is :func:`time_estimate`'s, the same as under each chapter's title on the site.
    """
    chapter_list = list(chapters) if chapters is not None else book_chapters()
    labels = book_labels()
    numbers = chapter_numbers()
    rows = []
    for chapter in chapter_list:
        text = _read(chapter, f"chapters[{chapter_list.index(chapter)}]")
        found = chapter_exercises(chapter)
        if not found:
            continue
        title, objectives = _TITLE.search(text), _OBJECTIVES.search(text)
        estimate = time_estimate(text)
        refs = {m["content"].split("<")[-1].rstrip(">").strip() for m in _ROLE.finditer(text) if m["role"] == "ref"}
        rows.append({
            "chapter": Path(chapter).stem, "number": numbers.get(Path(chapter).stem),
            "title": title["title"].strip() if title else Path(chapter).stem,
            "objectives": [line[2:].strip() for line in objectives["items"].strip().splitlines()] if objectives else [],
            **estimate, "estimated_minutes": estimate["reading_minutes"] + estimate["exercise_minutes"],
            "checked_exercises": sum(e.checked for e in found),
            "exercise_numbers": [e.number for e in found], "exercise_titles": [e.title for e in found],
            "exercise_uses": [e.suggested_use for e in found], "exercise_labels": [e.label for e in found],
            "rubrics": {e.label: _rubric(e) for e in found if not e.checked},
            "builds_on": sorted({labels[r][0] for r in refs if r in labels} - {Path(chapter).stem}),
        })
    return pd.DataFrame(rows)


def _inline_html(text: str, labels: dict[str, tuple[str, str]]) -> str:
    """Markdown of an objective or title as HTML: roles resolved (a chapter reference becomes a link), code marked."""

    def render(role: str, shown: str, target: str) -> str | None:
        if role in ("ref", "doc") and target in labels:
            stem, heading = labels[target]
            return f'\x00a href="{stem}.html"\x01{shown if shown != target else heading}\x00/a\x01'
        return None

    escaped = _html.escape(replace_roles(text, render)).replace("\x00", "<").replace("\x01", ">")
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped)


class OutlineView:
    """HTML view of :func:`course_outline` for the instructor guide (one ``<h3>`` section per chapter)."""

    def __init__(self, outline: pd.DataFrame):
        self.outline = outline

    def __repr__(self) -> str:  # no memory address: the same build gives the same output
        return f"<course outline: {len(self.outline)} chapters>"

    def _repr_html_(self) -> str:
        from scaling_lib import exercises

        numbers, labels, parts = chapter_numbers(), book_labels(), []
        for row in self.outline.itertuples(index=False):
            objectives = "".join(f"<li>{_inline_html(item, labels)}</li>" for item in row.objectives)
            items, rubrics = [], []
            for number, title, use, label in zip(row.exercise_numbers, row.exercise_titles, row.exercise_uses, row.exercise_labels):
                grading = "rubric below" if label in row.rubrics else f"autograded, {exercises.CHECKS[label].points:g} point(s)"
                items.append(f"<li><strong>Exercise {number}</strong> {_inline_html(title, labels)} — <em>{_html.escape(use)}</em>; {grading}</li>")
                if label in row.rubrics:
                    points, criteria = row.rubrics[label]
                    each = " (1 point)" if points == len(criteria) else ""
                    listed = "".join(f"<li>{_inline_html(item, labels)}{each}</li>" for item in criteria)
                    rubrics.append(f"<p><strong>Rubric for Exercise {number}</strong> ({points:g} points). A full answer:</p><ul>{listed}</ul>")
            builds_on = ", ".join(f'<a href="{stem}.html">{f"Chapter {numbers[stem]}" if stem in numbers else stem.replace("_", " ")}</a>' for stem in row.builds_on) or "the introduction only"
            parts.append(
                f'<section class="dr-outline"><h3>Chapter {row.number}. {_inline_html(row.title, labels)}</h3>'
                f"<p><strong>Time:</strong> about {row.reading_minutes} minutes to read ({row.words:,} words, {row.figures} figures) "
                f"and {row.exercise_minutes} minutes for the {row.exercises} exercises ({row.checked_exercises} autograded). "
                f"<strong>Builds on:</strong> {builds_on}.</p>"
                f"<p><strong>Learning objectives</strong></p><ul>{objectives}</ul>"
                f"<p><strong>Exercises</strong></p><ul>{''.join(items)}</ul>{''.join(rubrics)}</section>"
            )
        return "".join(parts)


def outline_view(chapters: list[str | Path] | None = None) -> OutlineView:
    """The course outline as HTML: objectives, time, prerequisites, exercise numbers, uses and rubrics per chapter."""
    return OutlineView(course_outline(chapters))
