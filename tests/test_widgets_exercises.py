"""Live controls (Binder) and answer checks (coursework)."""
import math

import numpy as np
import pandas as pd
import pytest

from scaling_lib import exercises, widgets
from scaling_lib.charts import render


def test_site_shows_a_note_not_a_dead_control(monkeypatch):
    monkeypatch.setenv(render.TARGET_VARIABLE, "site")
    control = widgets.bounds_widget()
    assert isinstance(control, widgets.LiveOnlyNote)
    html = control._repr_html_()
    assert "live when you launch" in html and "<input" not in html


def test_notebook_gets_a_working_control(monkeypatch):
    monkeypatch.setenv(render.TARGET_VARIABLE, "notebook")
    control = widgets.bounds_widget()
    assert isinstance(control, widgets.LiveControl)
    spec = control.update(k=3.0).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert {3.0, 9.0, 81.0, 3.0**9} <= {row["multiplier"] for row in rows}
    control.controls["k"].value = 10.0  # the slider's callback redraws without error
    assert control.values() == {"k": 10.0}


def test_right_and_wrong_answers():
    right = exercises.check("bounds-compute", 4**4)
    assert right.correct and "Right" in repr(right)
    wrong = exercises.check("bounds-compute", 17)
    assert not wrong.correct and "Hint" in wrong.message and "too low" in wrong.message
    assert exercises.check("bounds-samples", math.log10(3)).correct
    assert not exercises.check("bounds-samples", math.log10(9)).correct
    assert exercises.check("bounds-median", 1.6).correct
    assert not exercises.check("bounds-median", 1.0).correct
    assert exercises.check("bounds-yearly", 2 ** (1 / 9)).correct
    assert not exercises.check("bounds-yearly", 2 ** (1 / 4)).correct
    assert not exercises.check("bounds-yearly", math.inf).correct


@pytest.mark.parametrize("wrong, named", [
    (4**4 * 100, "percentage where a fraction"), (4**4 / 100, "percentage where a fraction"),
    (4**4 * 12, "months where years"), (4**4 / 12, "months where years"),
    (4**4 * 1e9, "FLOP against GFLOP"), (4**4 / 1e9, "FLOP against GFLOP"),
    (4**8, "squared once too often"), (4**2, "square root"), (1 / 4**4, "upside down"), (-(4**4), "sign"),
])
def test_common_mistakes_are_named_without_the_value(wrong, named):
    result = exercises.check("bounds-compute", wrong)
    assert not result.correct and named in result.message and "Hint" in result.message
    assert "256" not in result.message.replace(f"{wrong:,.6g}", ""), "the expected value is never shown"


def test_growth_factor_and_rate_and_logs_are_named():
    factor = 2 ** (1 / 9)
    assert "growth rate where a growth factor" in exercises.check("bounds-yearly", factor - 1).message
    assert "percentage change" in exercises.check("bounds-yearly", 100 * (factor - 1)).message
    assert "logarithm" in exercises.check("bounds-compute", math.log10(256)).message


def test_declared_mistakes_years_and_gamma(monkeypatch):
    monkeypatch.setattr(exercises, "CHECKS", dict(exercises.CHECKS))
    exercises.register("test-growth", lambda: 1.5 ** 10, relative_tolerance=0.01, hint="h", years=10,
                       mistakes={"the doubling time, not the growth": 7.0}, gamma=lambda: 10.8)
    assert "total over 10 years" in exercises.check("test-growth", 1.5).message
    assert "total over 10 years" in exercises.check("test-growth", 1.5 ** 10 * 10).message
    assert "doubling time" in exercises.check("test-growth", 7.0).message
    assert "γ = 9" in exercises.check("test-growth", (1.5 ** 10) ** (9 / 10.8)).message
    assert exercises.check("test-growth", 1.5 ** 10).correct


@pytest.mark.parametrize("bad, says", [
    ("4**4", "remove the quotes"), ("256", "remove the quotes"), (None, "None"), (True, "True or False"),
    (math.nan, "NaN"), (-math.inf, "infinite"), ([1, 2], "list of 2 items"), ({"a": 1}, "dict"), (1 + 2j, "complex"),
    (np.array([1.0, 2.0, 3.0]), "3 values"), (pd.Series([1.0, 2.0]), "2 values"), (pd.DataFrame({"a": [1, 2]}), "2 values"),
    (object(), "not a number"),
])
def test_bad_answers_get_a_hint_not_a_traceback(bad, says):
    result = exercises.check("bounds-compute", bad)
    assert not result.correct and says in result.message
    assert "Traceback" not in result.message
    assert "256" not in result.message or isinstance(bad, str), "the expected value is never shown"


def test_one_value_in_an_array_or_series_is_accepted():
    assert exercises.check("bounds-compute", np.array([256.0])).correct
    assert exercises.check("bounds-compute", pd.Series([256.0], index=["k4"])).correct
    assert exercises.check("bounds-compute", np.float32(256)).correct and exercises.check("bounds-compute", np.int64(256)).correct


def test_unknown_exercise_gets_a_suggestion():
    result = exercises.check("bounds-compte", 1.0)
    assert not result.correct and "no checked exercise" in result.message and "bounds-compute" in result.message
    assert not exercises.check(None, 1.0).correct


def test_nothing_public_returns_the_expected_value():
    exercises.load_chapter_checks()
    for label, entry in exercises.CHECKS.items():
        assert not any(callable(getattr(entry, name)) for name in vars(entry)), f"{label}: the public Check holds no function"
        expected = exercises._expected(label)
        assert f"{expected:,.6g}" not in entry.hint or abs(expected) < 100, f"{label}: the hint gives the value"


def test_register_checks_its_arguments():
    with pytest.raises(ValueError, match="relative_tolerance"):
        exercises.register("x", lambda: 1.0, relative_tolerance=2.0, hint="h")
    with pytest.raises(TypeError, match="expected"):
        exercises.register("x", 1.0, relative_tolerance=0.1, hint="h")
    with pytest.raises(TypeError, match="mistakes"):
        exercises.register("x", lambda: 1.0, relative_tolerance=0.1, hint="h", mistakes=["x"])
    with pytest.raises(ValueError, match="years"):
        exercises.register("x", lambda: 1.0, relative_tolerance=0.1, hint="h", years=-1)
    with pytest.raises(TypeError, match="criteria"):
        exercises.rubric("x", points=3, criteria=[])


def test_every_live_control_has_benchmark_inputs_and_works_both_ways(monkeypatch):
    inputs = widgets.all_benchmark_inputs()
    builders = sorted(name for name in dir(widgets) if name.endswith("_widget"))
    assert builders and sorted(inputs) == builders, "each *_widget builder is re-exported and benchmarked"
    for name, samples in inputs.items():
        builder = getattr(widgets, name)
        monkeypatch.setenv(render.TARGET_VARIABLE, "site")
        assert isinstance(builder(), widgets.LiveOnlyNote)
        monkeypatch.setenv(render.TARGET_VARIABLE, "notebook")
        control = builder()
        assert isinstance(control, widgets.LiveControl)
        for values in samples[:2]:
            spec = control.update(**values).to_dict()
            assert spec.get("title") and spec.get("description"), f"{name} draws a titled, described chart"


def test_exercise_labels_match_the_chapters(root):
    import re

    exercises.load_chapter_checks()
    chapter_text = "\n".join(path.read_text(encoding="utf-8") for path in (root / "book").glob("*.md"))
    labels = set(re.findall(r"^:label: (\S+)", chapter_text, flags=re.MULTILINE))
    checked = set(re.findall(r"check\(\"([^\"]+)\"", chapter_text))
    assert set(exercises.CHECKS) <= labels, "every registered check belongs to an exercise in a chapter"
    assert checked <= set(exercises.CHECKS), "every check(...) in a chapter is registered"
    for label in checked:
        # The stored expectation is computed, so the right answer passes its own check.
        assert exercises.check(label, exercises._expected(label)).correct


def test_check_verdict_is_readable_in_light_and_dark_themes():
    """The verdict is in words; the text keeps the page's colour, and only a bar beside it is coloured."""
    right = exercises.CheckResult("x", True, "within 2% <of> the value")._repr_html_()
    wrong = exercises.CheckResult("x", False, "try again")._repr_html_()
    assert "✔ Right" in right and "✘ Not yet" in wrong
    assert "&lt;of&gt;" in right, "the message is escaped"
    for markup in (right, wrong):
        assert " color:" not in markup and '"color:' not in markup, "no fixed text colour (unreadable on a dark page)"
        assert "border-left: 4px solid #" in markup
    bars = [markup.split("solid ")[1][:7] for markup in (right, wrong)]
    assert bars[0] != bars[1]

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for bar in bars:  # WCAG 1.4.11: 3:1 for a graphical object, on white and on the dark theme's #121212
        assert 1.05 / (luminance(bar) + 0.05) >= 3.0
        assert (luminance(bar) + 0.05) / (luminance("#121212") + 0.05) >= 3.0
