"""Answer checks for the book's exercises: feedback that names a mistake without giving the answer.

``check("bounds-compute", answer_bounds_compute)`` says *right* or *not yet*. A wrong answer is compared with
what common mistakes give (percent for a fraction, months for years, FLOP for GFLOP, a square too many, a
ratio upside down …) and the message names the mistake, never the value; text, NaN, ``None``, several values
or an unknown label get a hint, not a traceback. Each chapter's module here calls :func:`register` on import
(optional: ``mistakes={"what went wrong": value or function}``, ``years=Y`` for per-year against total over
Y years, ``gamma=`` the fitted γ, to recognise the article's γ = 9 used instead, ``points=`` for the
autograder) and :func:`rubric` for written exercises. The expected value is computed on demand and kept out
of every public object (:class:`Check` has none), so nothing a notebook can call returns it; the graded
answers are in the instructor's autograder archive (``make student``).
"""
from __future__ import annotations

import difflib
import html
import math
import numbers
from dataclasses import dataclass
from typing import Any, Callable

__all__ = ["Check", "CheckResult", "CHECKS", "RUBRICS", "check", "register"]  # rubric() too, for chapter modules


@dataclass(frozen=True)
class Check:
    """How an exercise is checked: tolerance, hint and unit (the expected value is not kept here)."""

    relative_tolerance: float
    hint: str
    unit: str = ""
    years: float | None = None
    points: float = 1.0


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
_EXPECTED: dict[str, Callable[[], float]] = {}  # private: the instructor's archive and the tests read it
_EXTRAS: dict[str, tuple[dict[str, Any], Any]] = {}  # label -> (named mistakes, fitted γ)


def register(label: str, expected: Callable[[], float], *, relative_tolerance: float, hint: str, unit: str = "",
             mistakes: dict[str, Any] | None = None, years: float | None = None, gamma: Any = None, points: float = 1.0) -> None:
    """Add (or replace) the check for exercise ``label`` (see the module notes for the optional keywords)."""
    if not isinstance(label, str) or not label:
        raise ValueError("label must be a non-empty string")
    if not callable(expected):
        raise TypeError("expected must be a function that returns the expected value")
    if not (isinstance(relative_tolerance, numbers.Real) and 0 < relative_tolerance < 1):
        raise ValueError(f"relative_tolerance must be in (0, 1), got {relative_tolerance!r}")
    if mistakes is not None and not (isinstance(mistakes, dict) and all(isinstance(k, str) for k in mistakes)):
        raise TypeError("mistakes must be a dict from a description of the mistake to the value (or function) it gives")
    for name, value in (("years", years), ("points", points)):
        if (value is not None or name == "points") and not (isinstance(value, numbers.Real) and not isinstance(value, bool) and 0 < value < math.inf):
            raise ValueError(f"{name} must be a positive number, got {value!r}")
    if gamma is not None and not (callable(gamma) or isinstance(gamma, numbers.Real)):
        raise TypeError("gamma must be a number or a function that returns the fitted γ")
    CHECKS[label] = Check(float(relative_tolerance), hint, unit, None if years is None else float(years), float(points))
    _EXPECTED[label] = expected
    _EXTRAS[label] = (dict(mistakes or {}), gamma)


RUBRICS: dict[str, tuple[float, list[str]]] = {}


def rubric(label: str, *, points: float, criteria: list[str]) -> None:
    """Declare how a written exercise is marked: its points and what a full answer contains (instructor guide)."""
    if not isinstance(label, str) or not label:
        raise ValueError("label must be a non-empty string")
    if not (isinstance(points, numbers.Real) and not isinstance(points, bool) and 0 < points < math.inf):
        raise ValueError(f"points must be a positive number, got {points!r}")
    if not (isinstance(criteria, (list, tuple)) and criteria and all(isinstance(c, str) and c.strip() for c in criteria)):
        raise TypeError("criteria must be a non-empty list of sentences, each saying what a full answer contains")
    RUBRICS[label] = (float(points), list(criteria))


def _expected(label: str) -> float:
    """The expected value of ``label``: private, for the autograder archive (_ext/worksheets.py) and the tests only."""
    load_chapter_checks()
    return float(_EXPECTED[label]())


# A wrong answer is tested against what each mistake would give, in this order; the first match names it.
_PERCENT = "it looks like a percentage where a fraction is asked, or the reverse: check the unit the exercise asks for"
_MONTHS = "it looks like months where years are asked, or the reverse: a year has 12 months"
_PREFIX = "it looks like a unit-prefix slip (FLOP against GFLOP or TFLOP, kWh against MWh, …): check which unit the exercise asks for"
_GENERIC = [
    (lambda e: e * 100, _PERCENT), (lambda e: e / 100, _PERCENT),
    (lambda e: e * 12, _MONTHS), (lambda e: e / 12, _MONTHS),
    *[(lambda e, f=10.0**p: e * f, _PREFIX) for p in (3, 6, 9, 12, 15)], *[(lambda e, f=10.0**p: e / f, _PREFIX) for p in (3, 6, 9, 12, 15)],
    (lambda e: e * e, "it looks squared once too often: check whether the rule needs k or k², the RMSE or the MSE"),
    (lambda e: math.sqrt(e), "it looks like the square root of the answer: a square is missing (k² rather than k, MSE rather than RMSE?)"),
    (lambda e: 1 / e, "it looks like the ratio upside down: check which quantity is divided by which (old ÷ new or new ÷ old)"),
    (lambda e: e - 1, "it looks like a growth rate where a growth factor is asked: a factor of 1.25 is a rise of 0.25 (25 %)"),
    (lambda e: 100 * (e - 1), "it looks like a percentage change where a growth factor is asked: a factor of 1.25 is a 25 % rise"),
    (lambda e: 1 + e, "it looks like a growth factor where a rate or change is asked: a factor of 1.25 is a change of 0.25"),
    (lambda e: -e, "the sign is wrong: check the direction (a fall, a negative slope, which value is subtracted from which)"),
    (lambda e: math.log10(e), "it looks like the base-10 logarithm of the answer: undo the log (10 ** value)"),
    (lambda e: 10**e, "it looks like 10 to the power of the answer: the exercise asks for the logarithm itself"),
    (lambda e: math.log(e), "it looks like the natural logarithm of the answer: undo the log (math.exp)"),
]


def _diagnose(label: str, value: float, expected: float, tolerance: float) -> str | None:
    """The description of the first mistake (the chapter's own first) whose answer ``value`` matches, or None."""
    mistakes, gamma = _EXTRAS.get(label, ({}, None))
    candidates = [(lambda e, v=value: v() if callable(v) else v, description) for description, value in mistakes.items()]
    if years := CHECKS[label].years:
        total = f"it looks like the total over {years:g} years where a per-year value is asked, or the reverse"
        candidates += [(lambda e: e**years, total), (lambda e: e ** (1 / years), total), (lambda e: e * years, total), (lambda e: e / years, total)]
    if gamma is not None:
        nine, g = "it looks like the article's round γ = 9 was used where the γ fitted on the page is asked for", lambda: float(gamma() if callable(gamma) else gamma)
        candidates += [(lambda e: e ** (9 / g()), nine), (lambda e: e * 9 / g(), nine), (lambda e: e ** (g() / 9), nine)]
    for mistake, description in candidates + _GENERIC:
        try:
            wrong = float(mistake(expected))
        except (ArithmeticError, ValueError, TypeError):
            continue
        distinct = abs(wrong - expected) > 2 * tolerance * max(abs(expected), 1e-300)
        if math.isfinite(wrong) and distinct and abs(value - wrong) <= tolerance * max(abs(wrong), 1e-300):
            return description
    return None


def _as_number(answer: Any) -> tuple[float | None, str | None]:
    """(the answer as one float, None) or (None, a hint saying what is wrong with it)."""
    if answer is None:
        return None, "your answer is None: give the number itself (a function that prints rather than returns gives None)."
    if type(answer).__name__ in ("bool", "bool_"):
        return None, "your answer is True or False; the exercise asks for a number."
    if isinstance(answer, (str, bytes)):
        text = answer.decode(errors="replace") if isinstance(answer, bytes) else answer
        return None, f"your answer is the text {text[:40]!r}, not a number: remove the quotes so that Python computes it (4**4, not \"4**4\")."
    if isinstance(answer, complex):
        return None, "your answer is a complex number; the exercise asks for a real number."
    size = getattr(answer, "size", None)
    if isinstance(size, int) and not isinstance(answer, numbers.Number):  # numpy arrays, pandas Series and DataFrames
        if size != 1:
            return None, f"your answer holds {size} values (shape {getattr(answer, 'shape', '?')}); the exercise asks for one number: pick it (.iloc[0], .loc[...], [index])."
        answer = answer.to_numpy().reshape(-1)[0] if hasattr(answer, "to_numpy") else answer.reshape(-1)[0]
    elif isinstance(answer, (list, tuple, set, dict)):
        return None, f"your answer is a {type(answer).__name__} of {len(answer)} items; the exercise asks for one number."
    try:
        value = float(answer)
    except (TypeError, ValueError, OverflowError):
        return None, f"your answer is a {type(answer).__name__}, not a number."
    if math.isnan(value):
        return None, "your answer is NaN (not a number): something upstream produced it, such as a missing value in a table, 0 / 0 or the log of a negative number."
    if math.isinf(value):
        return None, "your answer is infinite: look for a division by zero or an overflow upstream."
    return value, None


def check(exercise: str, answer: Any) -> CheckResult:
    """Compare ``answer`` with the expected value of ``exercise`` within the exercise's tolerance.

    Returns a :class:`CheckResult`, shown as *right* or *not yet*. A wrong answer gets the name of the
    mistake it looks like, or whether it is too high or too low, and the exercise's hint; an answer that
    is not one finite number (text, NaN, ``None``, several values) or an unknown exercise label gets a
    message saying what to fix. The expected value is never shown.
    """
    load_chapter_checks()
    if not isinstance(exercise, str) or exercise not in CHECKS:
        close = difflib.get_close_matches(str(exercise), CHECKS, n=1)
        suggestion = f" Did you mean {close[0]!r}?" if close else ""
        return CheckResult(str(exercise), False, f"there is no checked exercise labelled {exercise!r}.{suggestion}")
    if answer is Ellipsis:  # the placeholder in a student notebook's answer cell
        return CheckResult(exercise, False, "replace ... with your value, then run the cell again.")
    entry = CHECKS[exercise]
    value, problem = _as_number(answer)
    if problem is not None:
        return CheckResult(exercise, False, problem)
    expected = float(_EXPECTED[exercise]())
    tolerance = entry.relative_tolerance
    if abs(value - expected) <= tolerance * max(abs(expected), 1e-300):
        return CheckResult(exercise, True, f"{value:,.6g}{' ' * bool(entry.unit)}{entry.unit} is within {tolerance * 100:.2g}% of the expected value.")
    named = f": {diagnosis}" if (diagnosis := _diagnose(exercise, value, expected, tolerance)) else ""
    return CheckResult(exercise, False, f"{value:,.6g} is {'too high' if value > expected else 'too low'}{named}. Hint: {entry.hint}")


_loaded = False


def load_chapter_checks() -> None:
    """Import every chapter module of this package once; each registers its checks on import."""
    global _loaded
    if _loaded:
        return
    import importlib, pkgutil  # noqa: E401

    for module_info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module_info.name}")
    _loaded = True
