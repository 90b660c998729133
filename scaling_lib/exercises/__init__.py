"""Answer checks for the book's exercises.

A student calls ``check("bounds-data", my_answer)`` and is told *right* or *not yet*,
with a hint. The expected value is never stored as a literal: each check computes
it at check time by calling the library function the exercise is about, so the
answer cannot be read off the student's notebook.

The registry maps an exercise label (the same label as the ``{exercise}`` directive
in the chapter) to a :class:`Check`. Each chapter has a module here
(``exercises/bounds.py`` …) that calls :func:`register` for its exercises when imported.
"""
from __future__ import annotations

import html
import math
import numbers
from dataclasses import dataclass
from typing import Callable

__all__ = ["Check", "CheckResult", "CHECKS", "check", "register"]


@dataclass(frozen=True)
class Check:
    """How to check one exercise: the expected value (computed on demand), a tolerance and a hint."""

    expected: Callable[[], float]
    relative_tolerance: float
    hint: str
    unit: str = ""


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one answer."""

    exercise: str
    correct: bool
    message: str

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        # The text keeps the page's own colour (readable in light and dark themes); the verdict is in
        # words, and a coloured bar beside it (3:1 or more against white and near-black pages) repeats it.
        colour = "#009E73" if self.correct else "#D55E00"  # the chart theme's GREEN and VERMILION (no altair import here)
        mark = "✔ Right" if self.correct else "✘ Not yet"
        style = f"border-left: 4px solid {colour}; padding-left: 0.6em"
        return f'<p class="dr-check" style="{style}"><strong>{mark}</strong> — {html.escape(self.message)}</p>'

    def __repr__(self) -> str:
        return ("Right: " if self.correct else "Not yet: ") + self.message


CHECKS: dict[str, Check] = {}


def register(label: str, expected: Callable[[], float], *, relative_tolerance: float, hint: str, unit: str = "") -> None:
    """Add (or replace) the check for exercise ``label``."""
    if not isinstance(label, str) or not label:
        raise ValueError("label must be a non-empty string")
    if not callable(expected):
        raise TypeError("expected must be a function that returns the expected value")
    if not (isinstance(relative_tolerance, numbers.Real) and 0 < relative_tolerance < 1):
        raise ValueError(f"relative_tolerance must be in (0, 1), got {relative_tolerance!r}")
    CHECKS[label] = Check(expected, float(relative_tolerance), hint, unit)


def check(exercise: str, answer: float) -> CheckResult:
    """Compare ``answer`` with the expected value of ``exercise`` within the exercise's tolerance.

    Returns a :class:`CheckResult` (shown as *right* or *not yet* with a hint). Raises
    ``ValueError`` for an unknown exercise label and ``TypeError`` for an answer that
    is not a number.
    """
    _load_chapter_checks()
    if not isinstance(exercise, str) or exercise not in CHECKS:
        known = ", ".join(sorted(CHECKS))
        raise ValueError(f"exercise must be one of the checkable exercises ({known}); got {exercise!r}")
    if answer is Ellipsis:  # the placeholder in a student notebook's answer cell
        return CheckResult(exercise, False, "replace ... with your value, then run the cell again.")
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        raise TypeError(f"answer must be a number, got {type(answer).__name__} {answer!r}")
    entry = CHECKS[exercise]
    value = float(answer)
    if not math.isfinite(value):
        return CheckResult(exercise, False, f"your answer is {value}; the answer is a finite number. Hint: {entry.hint}")
    expected = float(entry.expected())
    tolerance = entry.relative_tolerance * max(abs(expected), 1e-300)
    if abs(value - expected) <= tolerance:
        unit = f" {entry.unit}" if entry.unit else ""
        return CheckResult(exercise, True, f"{value:,.6g}{unit} is within {entry.relative_tolerance * 100:.2g}% of the expected value.")
    direction = "too high" if value > expected else "too low"
    return CheckResult(exercise, False, f"{value:,.6g} is {direction}. Hint: {entry.hint}")


_loaded = False


def _load_chapter_checks() -> None:
    """Import every chapter module of this package once; each registers its checks on import."""
    global _loaded
    if _loaded:
        return
    import importlib
    import pkgutil

    for module_info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module_info.name}")
    _loaded = True
