"""Coursework: worksheets and reading notebooks read as plain Jupyter and leak no solution; exercise numbers,
times and rubrics agree between the site, the notebooks and the instructor guide.

The notebooks need each chapter's glued numbers: from ``_build/jupyter_execute`` after ``make book`` (as in
``make test``), else the chapters are executed once for this module. Grading with otter-grader is tested in
``test_autograder.py``.
"""
import re
import zipfile

import nbformat
import pytest

from scaling_lib import coursework, exercises
from tests.conftest import ROOT, SITE

worksheets = coursework._tool("worksheets")
tools = coursework._tool("coursework_tools")
CHAPTERS = [path for path in coursework.book_chapters() if coursework.chapter_exercises(path)]
SOLUTION = re.compile(r"```\{solution-start\} (\S+)\n(?::[^\n]*\n)*```\s*\n(.*?)```\{solution-end\}", re.DOTALL)
MYST_LEFT = re.compile(r"\{[\w:-]+\}`|^\([\w-]+\)=\s*$|^(`{3,}|:{3,})\{|\{glue|solution-(start|end)", re.MULTILINE)


def solution_lines(path):
    """Every substantial line of every solution in a chapter (what must not reach students)."""
    lines = []
    for _, body in SOLUTION.findall(path.read_text(encoding="utf-8")):
        lines += [line.strip() for line in body.splitlines() if len(line.strip()) > 25 and not line.startswith("```")]
    return lines


@pytest.fixture(scope="module")
def book():
    return worksheets.Book()


@pytest.fixture(scope="module")
def edition(tmp_path_factory, book):
    out = tmp_path_factory.mktemp("student")
    return worksheets.write_student_edition(CHAPTERS, out, book=book)


@pytest.fixture(scope="module")
def reading(book):
    return {path.stem: worksheets.chapter_notebook(path, "reading", book) for path in CHAPTERS}


def text_of(notebook, kind=None):
    return "\n".join(cell.source for cell in notebook.cells if kind is None or cell.cell_type == kind)


def test_every_chapter_with_exercises_has_four_or_more():
    assert len(CHAPTERS) == 8, "eight chapters have exercises"
    for path in CHAPTERS:
        assert len(coursework.chapter_exercises(path)) >= 4, path.name


def test_exercises_are_numbered_chapter_dot_n_in_book_order():
    numbers = coursework.chapter_numbers()
    assert list(numbers) == [path.stem for path in CHAPTERS] and list(numbers.values()) == list(range(1, 9))
    for path in CHAPTERS:
        found = coursework.chapter_exercises(path)
        assert [e.number for e in found] == [f"{numbers[path.stem]}.{n}" for n in range(1, len(found) + 1)]
        assert all(e.heading == f"Exercise {e.number}" for e in found)


def test_worksheets_read_as_plain_jupyter(edition, book):
    notebooks = {path.stem.removesuffix("-student"): nbformat.read(path, as_version=4) for path in edition if path.suffix == ".ipynb"}
    assert set(notebooks) == {path.stem for path in CHAPTERS}
    for chapter in CHAPTERS:
        notebook = notebooks[chapter.stem]
        markdown = text_of(notebook, "markdown")
        assert not MYST_LEFT.search(markdown), f"{chapter.name}: MyST left in the worksheet: {MYST_LEFT.search(markdown).group(0)!r}"
        assert "run the notebook to see this number" not in markdown, "every glued number is written in"
        assert "jupytext" not in notebook.metadata, "a plain notebook, not paired with the MyST source"
        title, intro, setup = notebook.cells[:3]
        number = book.numbers[chapter.stem]
        assert title.source.startswith(f"# Chapter {number}. ") and "Time: about" in intro.source
        assert setup.cell_type == "code" and "import scaling_lib" in setup.source and "from scaling_lib.exercises import check" in setup.source
        for cell in notebook.cells:  # live controls wait for a reader: the autograder skips them
            if cell.cell_type == "code" and re.fullmatch(r"widgets\.\w+_widget\(\)", cell.source.strip()):
                assert "otter_ignore" in cell.metadata.get("tags", []), cell.source
        headings = re.findall(r"^### (Exercise \d+\.\d+)", markdown, re.MULTILINE)
        assert headings == [e.heading for e in coursework.chapter_exercises(chapter)], chapter.name
        if "{cite:" in chapter.read_text(encoding="utf-8"):
            assert re.search(r"\([A-Z][\w' -]+(?: et al\.| and [A-Z][\w' -]+)?, \d{4}", markdown), "citations as (Author, year)"
            assert "**Works cited in this chapter**" in notebook.cells[-1].source


def test_worksheets_show_the_glued_numbers(edition, book):
    for chapter in CHAPTERS:
        values = worksheets.glue_values(chapter, book)
        markdown = text_of(nbformat.read(next(p for p in edition if p.name == f"{chapter.stem}-student.ipynb"), as_version=4), "markdown")
        text = chapter.read_text(encoding="utf-8")
        shown = [name for name in set(re.findall(r"\{glue:text\}`([^`:]+)`", SOLUTION.sub("", text)))]
        missing = [name for name in shown if values[name] not in markdown]
        assert not missing, f"{chapter.name}: glued numbers not in the worksheet: {missing[:5]}"


def test_worksheets_contain_no_solution_text(edition, book):
    notebooks = {path.stem.removesuffix("-student"): path for path in edition if path.suffix == ".ipynb"}
    for chapter in CHAPTERS:
        student_text = text_of(nbformat.read(notebooks[chapter.stem], as_version=4))
        # Lines the setup and answer cells share with the solutions (imports, the check call) are not leaks,
        # nor lines the chapter has elsewhere.
        scaffold = worksheets._setup_source(book) + "".join(coursework._answer_space(e.label, True) for e in coursework.chapter_exercises(chapter))
        outside = SOLUTION.sub("", chapter.read_text(encoding="utf-8"))
        leaked = [line for line in solution_lines(chapter) if line in student_text and line not in scaffold and line not in outside]
        assert not leaked, f"{chapter.name}: solution text in the worksheet: {leaked[:3]}"
        for exercise in coursework.chapter_exercises(chapter):
            if exercise.checked:
                variable = coursework.answer_variable(exercise.label)
                assert f"{variable} = ...  #" in student_text and f'check("{exercise.label}", {variable})' in student_text
                # The question itself does not give the answer away (small whole numbers also appear as inputs).
                expected = exercises._expected(exercise.label)
                if abs(expected) >= 100 or not float(expected).is_integer():
                    assert f"{expected:.4g}" not in exercise.text.replace(",", ""), f"{exercise.label}: the answer is in the question"


def test_reading_notebooks_collapse_solutions_and_bind_answers(reading):
    for chapter in CHAPTERS:
        notebook = reading[chapter.stem]
        assert "jupytext" not in notebook.metadata, "a plain notebook: saving it never rewrites the chapter's source"
        markdown = text_of(notebook, "markdown")
        assert not MYST_LEFT.search(markdown), f"{chapter.name}: MyST left in the reading notebook"
        found = coursework.chapter_exercises(chapter)
        for exercise in found:
            if exercise.solution:
                assert f"<summary>Solution to {exercise.heading}" in markdown or f"# Solution to {exercise.heading}" in text_of(notebook, "code")
        solution_cells = [cell for cell in notebook.cells if cell.cell_type == "code" and cell.source.startswith("# Solution to")]
        assert all(cell.metadata["jupyter"]["source_hidden"] for cell in solution_cells), "solution code is collapsed"
        code = text_of(notebook, "code")
        for exercise in found:
            if exercise.checked:
                variable = coursework.answer_variable(exercise.label)
                assert re.search(rf"^{variable} = ", code, re.MULTILINE), f"{exercise.label}: the solution sets {variable}"


def test_zip_holds_every_worksheet(edition):
    archive = next(path for path in edition if path.suffix == ".zip")
    with zipfile.ZipFile(archive) as bundle:
        assert sorted(bundle.namelist()) == sorted(path.name for path in edition if path.suffix == ".ipynb")
        assert {info.date_time for info in bundle.infolist()} == {worksheets.FIXED_DATE}, "same sources, same bytes"


def test_answers_bound_to_their_variables():
    source = 'x = 2\ncheck("a-b", x * 2)\nprint(check("c", 1)), 3\ncheck("a-b", answer_a_b)'
    bound = worksheets._bind_answers(source)
    assert bound.splitlines() == ["x = 2", "answer_a_b = x * 2", 'check("a-b", answer_a_b)', "answer_c = 1",
                                  'print(check("c", answer_c)), 3', 'check("a-b", answer_a_b)']
    assert worksheets._bind_answers("%pip install x") == "%pip install x", "IPython syntax is left alone"


def test_converter_turns_myst_into_markdown(book):
    chapter = ROOT / "book" / "bounds.md"
    cited: list[str] = []
    text = ("See {ref}`bounds` and {ref}`the next one <scaling>`, {ref}`bounds-compute`, {doc}`references`, "
            "{cite:p}`thompson2021diminishing,strubell2019energy`, {cite:t}`thompson2021diminishing` and {glue:text}`x:.2f`.")
    out = worksheets._roles(text, chapter, book, {"x": "3.14159"}, cited)
    assert out == ("See *The price of a better model: k² data, k⁴ compute* (Chapter 3) and the next one, Exercise 3.2, *References*, "
                   "(Thompson et al., 2021; Strubell et al., 2019), Thompson et al. (2021) and 3.14.")
    assert cited == ["thompson2021diminishing", "strubell2019energy"]
    fences = "```{note}\nA **note**.\n```\n\n:::{admonition} Careful\nBody\n:::\n"
    assert worksheets._directives(fences, chapter, {}) == "> **Note.** A **note**.\n\n> **Careful.** Body\n"


def test_time_estimate_method():
    text = ("# T\n\n" + "word " * 300 + "\n\n```{code-cell} ipython3\nimport x\nx.chart()\n```\n\n"
            "```{code-cell} ipython3\n:tags: [remove-cell]\nx.chart()\n```\n\n"
            "```{exercise} A\n:label: t-a\n\nQuestion?\n```\n\n```{solution-start} t-a\n:class: dropdown\n```\n"
            + "hidden " * 500 + "\n```{solution-end}\n```\n")
    estimate = tools.time_estimate(text)
    assert estimate["words"] == 303 and estimate["figures"] == 1 and estimate["exercises"] == 1  # T, 300 words, A, Question?
    assert estimate["reading_minutes"] == 5  # 303 / 150 + 2 = 4.02, rounded up to 5
    assert estimate["exercise_minutes"] == tools.MINUTES_PER_EXERCISE
    assert tools.time_sentence(estimate).startswith("Time: about 5 minutes to read (303 words, 1 figure) and about 15 minutes for the 1 exercise.")


def test_course_outline_lists_objectives_times_and_rubrics():
    outline = coursework.course_outline()
    assert list(outline["chapter"]) == [path.stem for path in CHAPTERS] and list(outline["number"]) == list(range(1, 9))
    assert (outline["exercises"] >= 4).all() and all(len(objectives) >= 3 for objectives in outline["objectives"])
    for row, path in zip(outline.itertuples(), CHAPTERS):
        estimate = tools.time_estimate(path.read_text(encoding="utf-8"))
        assert row.reading_minutes == estimate["reading_minutes"] and row.exercise_minutes == estimate["exercise_minutes"]
        unchecked = {e.label for e in coursework.chapter_exercises(path) if not e.checked}
        assert set(row.rubrics) == unchecked, "every exercise without a check has a rubric"
        assert all(points >= 1 and criteria for points, criteria in row.rubrics.values())
    html = coursework.outline_view()._repr_html_()
    assert "{ref}" not in html and "`" not in html and "<h3>Chapter 3. " in html and "Rubric for Exercise 3.1" in html


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


# ------------------------------------------------------------------ the built site (after make book)
def built(page: str) -> str:
    path = SITE / page
    if not path.is_file():
        pytest.skip("the site is not built (make book)")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("chapter", [path.stem for path in CHAPTERS])
def test_site_numbers_exercises_and_states_the_time(chapter):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(built(f"book/{chapter}.html"), "html.parser")
    path = ROOT / "book" / f"{chapter}.md"
    titles = [" ".join(t.get_text(" ", strip=True).split()) for t in soup.select("div.exercise p.admonition-title")]
    found = coursework.chapter_exercises(path)
    assert [t.split(" (")[0] for t in titles] == [e.heading for e in found], "the site's numbers are the worksheets'"
    time = soup.select_one("h1 ~ p.dr-chapter-time")
    assert time is not None and time.get_text(strip=True) == tools.time_sentence(tools.time_estimate(path.read_text(encoding="utf-8")))
    box = soup.select_one("div.dr-student-edition")
    assert box is not None and box.find_previous_sibling("p", class_="dr-chapter-time") is not None, "the time comes first, then the box"


def test_instructor_guide_resolves_references_and_nests_headings():
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(built("book/instructors.html"), "html.parser")
    article = soup.select_one("article") or soup
    assert "{ref}" not in article.get_text() and "{doc}" not in article.get_text()
    levels = [int(tag.name[1]) for tag in article.find_all(re.compile(r"^h[1-6]$"))]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), f"heading levels skip: {levels}"
    assert "Exercise 3.2" in article.get_text() and "Rubric for Exercise 3.1" in article.get_text()
