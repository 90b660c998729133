"""Checks that teach (issue 14, item 4): each exercise check names the mistakes its own exercise invites.

For every mistake a chapter declares (``mistakes=``, ``years=``, ``gamma=``), the answer that mistake gives is
refused, the message names the misconception, and it never shows the expected value. Every check of every
teaching chapter declares at least one mistake specific to its exercise, or says here why none applies.
"""
from __future__ import annotations

import functools
import math
import re

import pytest

from scaling_lib import data, exercises
from tests.conftest import ROOT
from tests.test_library_layout import TEACHING_CHAPTERS

exercises.load_chapter_checks()

# Checks without a mistake specific to their exercise, and why (none today: every check declares at least one).
NO_SPECIFIC_MISTAKE: dict[str, str] = {}


def _book_checks() -> dict[str, str]:
    """Label -> chapter for every check("label", …) on the pages of the teaching chapters."""
    return {label: chapter for chapter in TEACHING_CHAPTERS
            for label in re.findall(r'check\("([a-z0-9-]+)"', (ROOT / "book" / f"{chapter}.md").read_text(encoding="utf-8"))}


def _declared() -> list[tuple[str, str, object]]:
    """(label, description, function giving the wrong answer) of every mistake a chapter module declares, plus those
    that ``years=`` (a total against a per-year value) and ``gamma=`` (the article's γ = 9) stand for."""
    cases = []
    for label in sorted(exercises.CHECKS):
        mistakes, gamma = exercises._EXTRAS[label]
        cases += [(label, description, lambda v=value: v() if callable(v) else v) for description, value in mistakes.items()]
        expected = lambda label=label: exercises._expected(label)
        if years := exercises.CHECKS[label].years:
            total = f"total over {years:g} years"
            cases += [(label, total, lambda e=expected, y=years: e() ** y), (label, total, lambda e=expected, y=years: e() * y)]
        if gamma is not None:
            fitted = lambda g=gamma: float(g() if callable(g) else g)
            cases += [(label, "γ = 9", lambda e=expected, g=fitted: e() ** (9 / g())), (label, "γ = 9", lambda e=expected, g=fitted: e() * 9 / g())]
    return cases


def _forms(expected: float) -> set[str]:
    """The expected value written with 2 to 4 significant digits (9.04 → '9.0', '9.04', '9.037'; 48,384 → '48,400', …)."""
    forms = set()
    for digits in (2, 3, 4):
        forms.add(f"{expected:#.{digits}g}".rstrip("."))
        fixed = f"{float(f'{expected:.{digits}g}'):,f}".rstrip("0").rstrip(".")
        forms |= {fixed, fixed.replace(",", "")}
    return {form for form in forms if sum(c.isdigit() for c in form.split("e")[0]) >= 2}


def _shows(message: str, expected: float) -> list[str]:
    return [form for form in _forms(expected) if re.search(rf"(?<![\d.]){re.escape(form)}(?!\d)", message)]


CASES = _declared()


@pytest.fixture(scope="module", autouse=True)
def _table_read_once():
    """The checks reread the model table for every candidate mistake; here it is read once (nothing writes to it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(data, "model_compute_table", functools.cache(data.model_compute_table))
        yield


def test_every_teaching_check_names_a_mistake_of_its_own():
    book = _book_checks()
    assert len(book) >= 30 and set(book) <= set(exercises.CHECKS), "every check on a teaching page is registered"
    for label, chapter in sorted(book.items()):
        mistakes, gamma = exercises._EXTRAS[label]
        assert mistakes or label in NO_SPECIFIC_MISTAKE, f"{chapter}: {label} declares no mistake of its own and no reason why"
    assert set(NO_SPECIFIC_MISTAKE) <= set(book)


@pytest.mark.parametrize("label, description, value", CASES, ids=[f"{label}: {description[:40]}" for label, description, _ in CASES])
def test_each_declared_mistake_is_refused_named_and_keeps_the_answer_hidden(label, description, value):
    expected, tolerance = exercises._expected(label), exercises.CHECKS[label].relative_tolerance
    wrong = float(value())
    assert math.isfinite(wrong)
    assert abs(wrong - expected) > 2 * tolerance * abs(expected), f"{label}: the mistake {description!r} is within the tolerance of the answer"
    result = exercises.check(label, wrong)
    assert not result.correct, f"{label}: {description!r} is accepted"
    assert description in result.message, f"{label}: {result.message}"
    said, hint = result.message.split(" Hint: ")  # the hint is the exercise's fixed text, its inputs included
    assert hint == exercises.CHECKS[label].hint
    shown = _shows(said.replace(f"{wrong:,.6g}", "", 1), expected)
    assert not shown, f"{label}: the message shows the expected value as {shown}: {result.message}"


def test_the_hidden_value_detector_finds_the_value():
    assert _shows("the answer is 48,400 predictions", 48_384) and _shows("about 9.04 %", 9.037) and _shows("0.45", 0.45)
    assert not _shows("the article's round γ = 9", 9.037) and not _shows("400 features", 40.0) and not _shows("12.4", 2.4)
