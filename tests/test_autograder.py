"""Grading with otter-grader, as an instructor does: ``make student``'s archive of each chapter grades the chapter's
solution notebook to full marks and its blank worksheet to zero under ``otter run``, and the worksheet runs top to
bottom in otter's fresh kernel with no error (its answer cells saying *not yet*). Binder's notebooks (postBuild)
are where the launch links say.

Slow: each chapter is executed twice by otter (about 20 s a run), plus the chapters' glued numbers if the book
has not been built.
"""
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from scaling_lib import coursework, exercises

worksheets = coursework._tool("worksheets")
CHAPTERS = [path for path in coursework.book_chapters() if coursework.chapter_exercises(path)]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Per chapter: (worksheet, solution notebook, autograder archive), written as ``make student`` writes them."""
    out = tmp_path_factory.mktemp("course")
    paths = {path.name: path for path in worksheets.write_course(out)}
    return {chapter.stem: (paths[f"{chapter.stem}-student.ipynb"], paths[f"{chapter.stem}-solutions.ipynb"],
                           paths[f"{chapter.stem}-autograder.zip"]) for chapter in CHAPTERS}


def grade(notebook, archive, tmp_path):
    """``otter run -a archive notebook`` (its command line, with a time limit): the grading results, with the notebook
    as otter executed it (``-p`` pickles them)."""
    import dill

    out = tmp_path / notebook.stem
    out.mkdir()
    environment = {key: value for key, value in os.environ.items() if key != "SCALING_LIB_TARGET"}  # as in a student's Jupyter
    command = [str(Path(sys.executable).parent / "otter"), "run", "-a", str(archive), "-o", str(out), "--no-logo", "-p", str(notebook)]
    run = subprocess.run(command, cwd=out, env=environment, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    with open(out / "results.pkl", "rb") as file:
        return dill.load(file)


def errors(notebook):
    return [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])
            if output.get("output_type") == "error"]


def test_archives_hold_a_test_for_every_checked_exercise(course):
    for chapter in CHAPTERS:
        archive = course[chapter.stem][2]
        with zipfile.ZipFile(archive) as bundle:
            names = bundle.namelist()
            tests = {name for name in names if name.startswith("tests/")}
            checked = [e for e in coursework.chapter_exercises(chapter) if e.checked]
            assert tests == {f"tests/{e.number.replace('.', '_')}_{e.label}.py" for e in checked}
            for exercise in checked:
                source = bundle.read(f"tests/{exercise.number.replace('.', '_')}_{exercise.label}.py").decode()
                assert "hidden=True" in source and "hidden=False" in source and f'name = "{exercise.heading}"' in source
                assert repr(exercises._expected(exercise.label)) in source, "the hidden test holds the answer"
            assert {"run_autograder", "setup.sh", "run_otter.py", "environment.yml", "otter_config.json"} <= set(names), "Gradescope's files"
            assert "files/scaling_lib/exercises/__init__.py" in names and "files/data/imagenet_models.csv" in names
            assert "otter-grader[grading,plugins]==7.0.0" in bundle.read("environment.yml").decode()
            assert not any("__pycache__" in name for name in names)
            assert {info.date_time for info in bundle.infolist()} == {worksheets.FIXED_DATE}


@pytest.fixture(scope="module")
def grades(course, tmp_path_factory):
    """Per chapter: otter's results for (solution notebook, blank worksheet), two ``otter run`` at a time (each is a
    process with its own kernel), or the error a run raised (reported by that chapter's test)."""
    from concurrent.futures import ThreadPoolExecutor

    out = tmp_path_factory.mktemp("grades")
    jobs = {(chapter.stem, kind): (course[chapter.stem][index], course[chapter.stem][2])
            for chapter in CHAPTERS for index, kind in ((1, "solutions"), (0, "blank"))}
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {key: pool.submit(grade, notebook, archive, out) for key, (notebook, archive) in jobs.items()}
    results = {}
    for key, future in futures.items():
        try:
            results[key] = future.result()
        except Exception as error:  # noqa: BLE001 - shown by the chapter's own test
            results[key] = error
    return results


def _graded(grades, chapter, kind):
    result = grades[(chapter, kind)]
    if isinstance(result, Exception):
        raise result
    return result


@pytest.mark.parametrize("chapter", [path.stem for path in CHAPTERS])
def test_solutions_score_full_marks_and_blank_worksheets_zero(chapter, grades):
    solved = _graded(grades, chapter, "solutions")
    assert solved.catastrophic_error is None and solved.possible > 0
    assert solved.total == solved.possible, f"{chapter}: the solutions score {solved.total} of {solved.possible}\n{solved.summary()}"
    assert not errors(solved.notebook), f"{chapter}: the solution notebook raised {errors(solved.notebook)[:1]}"
    blank = _graded(grades, chapter, "blank")
    assert blank.catastrophic_error is None and blank.total == 0, f"{chapter}: a blank worksheet scores {blank.total}"
    # The blank worksheet, as otter ran it top to bottom in a fresh kernel: no error, and every answer cell says "not yet".
    assert not errors(blank.notebook), f"{chapter}: the worksheet raised {errors(blank.notebook)[:1]}"
    outputs = json.dumps([cell.get("outputs", []) for cell in blank.notebook.cells if cell.cell_type == "code"])
    checked = sum(e.checked for e in coursework.chapter_exercises(worksheets.ROOT / "book" / f"{chapter}.md"))
    assert outputs.count("Not yet: replace ... with your value") == checked, "each answer cell says not yet"


def test_binder_image_holds_the_notebooks_the_links_open(tmp_path):
    """postBuild writes a reading notebook per notebook page and a worksheet per chapter, where the links point."""
    book = worksheets.Book()
    written = worksheets.write_binder(tmp_path, book)
    for page in book.notebook_pages():
        reading = tmp_path / worksheets.BINDER_READING_NOTEBOOK.format(chapter=page.stem)
        assert reading in written
        notebook = nbformat.read(reading, as_version=4)
        text = "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
        assert "{glue" not in text and "{cite" not in text and "{ref}" not in text, page.name
        assert notebook.cells[0].source.startswith("#") and "import scaling_lib" in notebook.cells[2].source
    for chapter in CHAPTERS:
        assert tmp_path / worksheets.BINDER_STUDENT_NOTEBOOK.format(chapter=chapter.stem) in written
