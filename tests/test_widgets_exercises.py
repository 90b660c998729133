"""Live controls (Binder) and answer checks (coursework)."""
import math

import pytest

from scaling_lib import bounds, exercises, widgets
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
    assert {row["multiplier"] for row in rows} == {9.0, 81.0, 3.0**9}
    control.controls["k"].value = 10.0  # the slider's callback redraws without error
    assert control.values() == {"k": 10.0}


def test_right_and_wrong_answers():
    right = exercises.check("bounds-compute", bounds.compute_multiplier(4))
    assert right.correct and "Right" in repr(right)
    wrong = exercises.check("bounds-compute", 16)
    assert not wrong.correct and "Hint" in wrong.message and "too low" in wrong.message
    assert exercises.check("bounds-samples", 10_000).correct
    assert not exercises.check("bounds-samples", 100).correct
    assert exercises.check("bounds-yearly", 2 ** (1 / 9)).correct
    assert not exercises.check("bounds-yearly", 2 ** (1 / 4)).correct
    assert not exercises.check("bounds-yearly", math.inf).correct


def test_check_refuses_unknown_exercise_and_non_numbers():
    with pytest.raises(ValueError, match="exercise must be one of"):
        exercises.check("no-such-exercise", 1.0)
    with pytest.raises(TypeError, match="answer must be a number"):
        exercises.check("bounds-compute", "256")
    with pytest.raises(TypeError, match="answer"):
        exercises.check("bounds-compute", True)


def test_register_checks_its_arguments():
    with pytest.raises(ValueError, match="relative_tolerance"):
        exercises.register("x", lambda: 1.0, relative_tolerance=2.0, hint="h")
    with pytest.raises(TypeError, match="expected"):
        exercises.register("x", 1.0, relative_tolerance=0.1, hint="h")
