"""Student editions leak no solution; their answer cells run; the course outline reads every chapter."""
import json
import re
import zipfile

import jupytext
import pytest
from nbclient import NotebookClient

from scaling_lib import coursework, exercises

CHAPTERS = [path for path in coursework.book_chapters() if coursework.chapter_exercises(path)]
SOLUTION = re.compile(r"```\{solution-start\} (\S+)\n(?::[^\n]*\n)*```\s*\n(.*?)```\{solution-end\}", re.DOTALL)


def solution_lines(path):
    """Every substantial line of every solution in a chapter (what must not reach students)."""
    lines = []
    for _, body in SOLUTION.findall(path.read_text(encoding="utf-8")):
        lines += [line.strip() for line in body.splitlines() if len(line.strip()) > 25 and not line.startswith("```")]
    return lines


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    return coursework.write_student_edition(CHAPTERS, out)


def test_every_chapter_with_exercises_has_four_or_more(edition):
    assert CHAPTERS, "at least one chapter has exercises"
    for path in CHAPTERS:
        assert len(coursework.chapter_exercises(path)) >= 4, path.name


def test_student_notebooks_contain_no_solution_text(edition):
    notebooks = {path.stem.removesuffix("-student"): path for path in edition if path.suffix == ".ipynb"}
    assert set(notebooks) == {path.stem for path in CHAPTERS}
    for chapter in CHAPTERS:
        student_text = "\n".join(cell.source for cell in jupytext.read(notebooks[chapter.stem]).cells)
        assert "solution-start" not in student_text and "solution-end" not in student_text
        # Lines the answer cells share with the solutions (the import and the check call) are not leaks.
        scaffold = "".join(coursework._answer_space(exercise.label, True) for exercise in coursework.chapter_exercises(chapter))
        # A line that the chapter also has outside its solutions (a call in the text) is not a leak either.
        outside = SOLUTION.sub("", chapter.read_text(encoding="utf-8"))
        leaked = [line for line in solution_lines(chapter) if line in student_text and line not in scaffold and line not in outside]
        assert not leaked, f"{chapter.name}: solution text in the student edition: {leaked[:3]}"
        for exercise in coursework.chapter_exercises(chapter):
            if exercise.checked:
                assert f'check("{exercise.label}", answer)' in student_text
                # The question itself does not give the answer away.
                # (Small whole numbers such as 40 also appear as inputs, so only distinctive values are compared.)
                expected = exercises.CHECKS[exercise.label].expected()
                if abs(expected) >= 100 or not float(expected).is_integer():
                    shown = f"{expected:.4g}"
                    assert shown not in exercise.text.replace(",", ""), f"{exercise.label}: the answer is in the question"


def test_zip_holds_every_notebook(edition):
    archive = next(path for path in edition if path.suffix == ".zip")
    with zipfile.ZipFile(archive) as bundle:
        assert sorted(bundle.namelist()) == sorted(path.name for path in edition if path.suffix == ".ipynb")


@pytest.mark.slow
def test_student_notebooks_execute_and_answer_cells_say_not_yet(edition, monkeypatch):
    monkeypatch.delenv("SCALING_LIB_TARGET", raising=False)
    for path in edition:
        if path.suffix != ".ipynb":
            continue
        notebook = jupytext.read(path)
        NotebookClient(notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(coursework.BOOK_ROOT / "book")}}).execute()
        outputs = json.dumps([cell.get("outputs", []) for cell in notebook.cells if cell.cell_type == "code"])
        assert '"output_type": "error"' not in outputs
        if "check(" in path.read_text(encoding="utf-8"):
            assert "Not yet" in outputs and "replace ... with your value" in outputs


def test_student_markdown_refuses_unmatched_solutions():
    text = "```{exercise} A\n:label: a\n\nQ\n```\n\n```{solution-start} a\n:class: dropdown\n```\nS\n"
    with pytest.raises(ValueError, match="solution-start"):
        coursework.student_markdown(text)
    orphan = "```{solution-start} nope\n:class: dropdown\n```\nS\n```{solution-end}\n```\n"
    with pytest.raises(ValueError, match="unknown exercise"):
        coursework.student_markdown(orphan)
    with pytest.raises(TypeError, match="text"):
        coursework.student_markdown(None)


def test_bad_paths_are_refused(tmp_path):
    with pytest.raises(ValueError, match="path"):
        coursework.chapter_exercises(tmp_path / "missing.md")
    with pytest.raises(ValueError, match="chapters"):
        coursework.write_student_edition([], tmp_path)
    with pytest.raises(ValueError, match="toc_path"):
        coursework.book_chapters(tmp_path / "_toc.yml")


def test_course_outline_lists_objectives_and_exercises():
    outline = coursework.course_outline()
    assert set(outline["chapter"]) == {path.stem for path in CHAPTERS}
    assert (outline["exercises"] >= 4).all()
    assert all(len(objectives) >= 3 for objectives in outline["objectives"])
    assert (outline["estimated_minutes"] > 0).all()


def test_placeholder_answer_is_not_yet():
    result = exercises.check("bounds-compute", ...)
    assert not result.correct and "replace ..." in result.message
