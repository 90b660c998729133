"""The book's chapters as plain Jupyter notebooks, and otter-grader archives to grade them.

One converter turns a chapter's MyST source into a notebook that reads as plain Jupyter: no roles,
labels or directive fences left; citations as "(Author, year)" with the works cited listed at the
end; cross-references as the title or exercise number they point to; every glued number written
in; exercises titled "Exercise C.N" (numbered as on the site and in the instructor guide); a first
cell that sets the chapter up (and, where ``scaling_lib`` is missing, as on Colab, fetches the book's
library and data at the site's version with a shallow git clone).
It makes two kinds of notebook:

* a **worksheet** (``student``): every solution replaced by an answer space; an exercise with an
  answer check gets ``answer_<label> = ...`` and ``check(...)``; a cell that only shows a live control
  is tagged ``otter_ignore``, so the autograder skips it (it waits for a reader and computes nothing);
* a **reading notebook** (``reading``): the chapter with its solutions collapsed under each
  exercise (``<details>`` for text, hidden code cells), each checked answer bound to its
  ``answer_<label>`` variable; it is what Binder's launch button opens, and it is also the
  solution notebook that grades to full marks.

Glued numbers come from the chapter's execution by the book build, which myst-nb keeps in
``_build/jupyter_execute/book/<chapter>.glue.json`` (it strips them from the executed ``.ipynb``) when
it is newer than the chapter; else the chapter is executed here with nbclient. The Sphinx build never
executes a chapter a second time: it passes its own build folder.

The **autograder archive** of a chapter (``otter run -a <zip> <notebook>``, or upload to
Gradescope) holds one otter test file per checked exercise: a public case, worth 0 points, that
the answer variable holds one finite number, and a hidden case with the expected value and the
exercise's tolerance (this archive is the instructor's: it carries the answers). ``files/`` holds
``scaling_lib``, ``data`` and ``_toc.yml`` (by which scaling_lib recognises the book's folder), so that a
grading machine without the book can run the notebook.

Command line (``make student``; Binder's ``postBuild``)::

    python _ext/worksheets.py student dist/student   # worksheets, zip, solutions/, autograder/
    python _ext/worksheets.py binder                 # student/<chapter>.ipynb, notebooks/<chapter>.ipynb
"""
from __future__ import annotations

import ast
import codecs
import contextlib
import json
import re
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _folder in (ROOT, Path(__file__).resolve().parent):  # scaling_lib, and publishing.py beside this file
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from publishing import BINDER_READING_NOTEBOOK  # noqa: E402 - where the launch button of a page points
import coursework_tools as tools  # noqa: E402 - time, labels and roles, as on the site
from scaling_lib import coursework  # noqa: E402

#: Where Binder's image holds the worksheets (written by postBuild, like the reading notebooks; not committed).
BINDER_STUDENT_NOTEBOOK = "student/{chapter}.ipynb"
ZIP_NAME = "diminishing-returns-student.zip"
FIXED_DATE = (2020, 1, 1, 0, 0, 0)  # zip entries carry this date: the same sources give the same bytes
OTTER_VERSION = "7.0.0"
#: Packages of requirements.txt that a grading machine does not need (the site's build tools).
SITE_ONLY = {"jupyter-book", "sphinx-exercise", "sphinxcontrib-bibtex", "django-static-mathjax", "jupyterlab", "otter-grader"}

_DIRECTIVE = re.compile(
    r"^(?P<fence>`{3,}|:{3,})\{(?P<name>(?!code-cell\})[\w:-]+)\}[ \t]*(?P<arg>[^\n]*)\n"
    r"(?P<options>(?::[\w-]+:[^\n]*\n)*)(?P<body>.*?)^(?P=fence)[ \t]*$\n?", re.M | re.S)
_ADMONITIONS = {"note", "tip", "hint", "important", "warning", "caution", "attention", "danger", "error", "seealso", "admonition"}
_START, _END = "<!--dr-solution-start {}-->", "<!--dr-solution-end-->"
_MARKER = re.compile(r"<!--dr-solution-start (?P<label>\S+)-->|<!--dr-solution-end-->")


class Book:
    """What the converter needs to know about the whole book: numbers, labels, works cited, repository."""

    def __init__(self, root: Path = ROOT, executed: Path | None = None, execute: bool = True, strict: bool = True):
        self.root = Path(root)
        self.toc = self.root / "_toc.yml"
        self.numbers = coursework.chapter_numbers(self.toc)
        self.labels = tools.book_labels(self.toc)
        self.titles = {p.stem: _first_title(p) for p in coursework.book_chapters(self.toc) if p.is_file()}
        self.executed = Path(executed) if executed else self.root / "_build" / "jupyter_execute"
        self.execute, self.strict = execute, strict
        self.references = _bibliography(self.root)
        self.repository, self.ref = _repository(self.root)
        self.glued: dict[Path, dict[str, str]] = {}

    def chapters(self) -> list[Path]:
        return [p for p in coursework.book_chapters(self.toc) if p.stem in self.numbers]

    def notebook_pages(self) -> list[Path]:
        """Every page of the book that is a notebook (its front matter names a kernel)."""
        return [p for p in coursework.book_chapters(self.toc) if p.is_file() and "kernelspec:" in p.read_text(encoding="utf-8")[:600]]


def _first_title(path: Path) -> str:
    match = re.search(r"^# (.+)$", path.read_text(encoding="utf-8"), re.M)
    return match.group(1).strip() if match else path.stem


def _repository(root: Path) -> tuple[str | None, str]:
    """``(org/name, ref)`` of the book's GitHub repository, as the site's launch links use it (None: unknown)."""
    try:
        import publishing

        found = publishing.resolve(root)
        return found.slug, found.ref
    except Exception:  # noqa: BLE001 - without git or Sphinx the notebooks simply say how to install
        return None, "main"


# ------------------------------------------------------------------------------------ works cited
def _bibliography(root: Path) -> dict[str, tuple[str, str]]:
    """``{key: ("Author et al.", year, full reference)}`` from references.bib."""
    path = root / "references.bib"
    if not path.is_file():
        return {}
    import latexcodec  # noqa: F401 - registers the "ulatex" codec
    from pybtex.database import parse_file

    def text(value: str) -> str:
        return re.sub(r"[{}]", "", codecs.decode(value, "ulatex"))

    found = {}
    for key, entry in parse_file(str(path)).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        lasts = [text(" ".join(p.prelast_names + p.last_names)) for p in people]
        short = lasts[0] if len(lasts) == 1 else " and ".join(lasts) if len(lasts) == 2 else f"{lasts[0]} et al." if lasts else text(entry.fields.get("title", key))
        names = ", ".join(text(" ".join(p.prelast_names + p.last_names)) + ", " + " ".join(f"{n[0]}." for n in p.first_names + p.middle_names if n) for p in people)
        fields = {k.lower(): text(v) for k, v in entry.fields.items()}
        where = fields.get("journal") or fields.get("booktitle") or fields.get("publisher") or fields.get("note") or ""
        link = f"https://doi.org/{fields['doi']}" if "doi" in fields else fields.get("url", "")
        full = f"{names or short} ({fields.get('year', 'n.d.')}). {fields.get('title', key)}." + (f" *{where}*." if where else "") + (f" <{link}>" if link else "")
        found[key] = (short, fields.get("year", "n.d."), full.strip())
    return found


# ------------------------------------------------------------------------------------ glued numbers
def glue_values(chapter: Path, book: Book) -> dict[str, str]:
    """The text of every number the chapter glues, from its executed notebook (see the module notes)."""
    if chapter not in book.glued:
        book.glued[chapter] = _glue_values(chapter, book)
    return book.glued[chapter]


def _glue_values(chapter: Path, book: Book) -> dict[str, str]:
    needed = set(re.findall(r"\{glue(?::\w+)?\}`([^`:]+)", chapter.read_text(encoding="utf-8")))
    if not needed:
        return {}
    executed = glue_file(chapter, book.root, book.executed)
    if executed.is_file() and (not book.execute or executed.stat().st_mtime >= chapter.stat().st_mtime):
        values = {name: _plain(output) for name, output in json.loads(executed.read_text(encoding="utf-8")).items()}
        if needed <= set(values) or not book.execute:
            return values
    if not book.execute:
        return {}
    import jupytext
    from nbclient import NotebookClient

    notebook = jupytext.read(chapter)
    try:
        NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(chapter.parent)}}).execute()
    except Exception as error:  # noqa: BLE001
        if book.strict:
            raise RuntimeError(f"{chapter.name} failed to execute, so its glued numbers are unknown: {error}") from error
        print(f"worksheets: {chapter.name} failed to execute; its glued numbers are left out ({type(error).__name__})", file=sys.stderr)
    return _glued(notebook)


def glue_file(chapter: Path, root: Path, executed: Path) -> Path:
    """Where myst-nb keeps a chapter's glued outputs when it builds the book (``<chapter>.glue.json``)."""
    return executed / chapter.relative_to(root).parent / f"{chapter.stem}.glue.json"


def _plain(output: dict) -> str:
    """A glued output as text, as ``{glue:text}`` shows it (a string's quotes dropped)."""
    data = output.get("data") or {}
    plain = data.get("application/papermill.record/text/plain", data.get("text/plain", ""))
    plain = "".join(plain) if isinstance(plain, list) else plain
    return plain[1:-1] if len(plain) >= 2 and plain[0] == plain[-1] and plain[0] in "'\"" else plain


def _glued(notebook: dict) -> dict[str, str]:
    """The glued outputs of a notebook this module executed."""
    return {output["metadata"]["scrapbook"]["name"]: _plain(output) for cell in notebook.get("cells", [])
            for output in cell.get("outputs", []) if "scrapbook" in (output.get("metadata") or {})}


# ------------------------------------------------------------------------------------ Markdown
def _directives(text: str, chapter: Path, exercises: dict[str, coursework.Exercise]) -> str:
    """Every directive fence (other than code cells) as plain Markdown."""

    def one(match: re.Match) -> str:
        name, arg, body = match["name"], match["arg"].strip(), match["body"]
        options = dict(re.findall(r"^:([\w-]+):[ \t]*(.*)$", match["options"], re.M))
        body = _directives(body, chapter, exercises).strip("\n")
        if name == "exercise":
            exercise = exercises.get(options.get("label", "").strip())
            heading = exercise.heading if exercise else "Exercise"
            return f"### {heading}{f' ({arg})' if arg else ''}\n\n{body}\n"
        if name in _ADMONITIONS:
            title = arg if name == "admonition" else name.capitalize() if name != "seealso" else "See also"
            return "\n".join(f"> {line}" if line else ">" for line in f"**{title}.** {body}".splitlines()) + "\n"
        if name in ("figure", "image"):
            alt = options.get("alt", body.splitlines()[0] if body else "figure")
            return f"![{alt}]({arg})\n\n" + (f"*{body}*\n" if name == "figure" and body else "")
        if name == "math":
            return f"$$\n{body}\n$$\n"
        if name == "include":
            included = (chapter.parent / arg).read_text(encoding="utf-8")
            if "start-after" in options:
                included = included.split(options["start-after"].strip().strip('"'), 1)[-1]
            if "end-before" in options:
                included = included.split(options["end-before"].strip().strip('"'), 1)[0]
            return included.strip("\n") + "\n"
        if name in ("bibliography", "toctree", "tableofcontents"):
            return ""
        return body + "\n"

    return _DIRECTIVE.sub(one, text)


def _roles(text: str, chapter: Path, book: Book, glued: dict[str, str], cited: list[str]) -> str:
    """Every role in a Markdown cell as text: citations, references, glued numbers, downloads."""

    def render(role: str, shown: str, target: str) -> str | None:
        if role.startswith("cite"):
            keys = [key.strip() for key in target.split(",") if key.strip()]
            cited.extend(key for key in keys if key not in cited)
            refs = [book.references.get(key, (key, "n.d.", key)) for key in keys]
            if role in ("cite:t", "cite:ts"):
                return "; ".join(f"{short} ({year})" for short, year, _ in refs)
            return "(" + "; ".join(f"{short}, {year}" for short, year, _ in refs) + ")"
        if role.startswith("glue"):
            name, _, spec = target.partition(":")
            if name not in glued:
                if book.strict:
                    raise KeyError(f"{chapter.name}: no value for the glued number {name!r}; was the chapter executed?")
                return "(run the notebook to see this number)"
            value = glued[name]
            with contextlib.suppress(ValueError):
                value = format(float(value), spec) if spec else value
            return value
        if role in ("ref", "numref", "doc"):
            if shown != target:
                return shown.replace("{number}", book.labels.get(target, ("", ""))[1].removeprefix("Exercise "))
            if role == "doc":
                stem = Path(target).name
                return f"*{book.titles.get(stem, stem)}*" + (f" (Chapter {book.numbers[stem]})" if stem in book.numbers else "")
            stem, heading = book.labels.get(target, (None, target))
            if heading.startswith("Exercise") or stem is None:
                return heading
            chapter_title = book.titles.get(stem) == heading and stem in book.numbers
            return f"*{heading}*" + (f" (Chapter {book.numbers[stem]})" if chapter_title else "")
        if role == "download":
            return f"[{shown}]({target})"
        if role == "math":
            return f"${target}$"
        if role in ("sub", "sup"):
            return f"<{role}>{shown}</{role}>"
        if role == "eq":
            return "the equation above"
        return None

    text = re.sub(r"^\([\w-]+\)=[ \t]*\n", "", text, flags=re.M)  # label targets
    text = re.sub(r"^(\$\$)[ \t]*\([\w-]+\)[ \t]*$", r"\1", text, flags=re.M)  # labelled equations
    return tools.replace_roles(text, render)


# ------------------------------------------------------------------------------------ notebooks
def _setup_source(book: Book) -> str:
    if book.repository:  # a copy of the book's library and data at this version, beside the notebook (Colab, a plain Jupyter)
        fetch = (f'    import os, subprocess, sys\n    folder = os.path.abspath("{book.repository.split("/")[-1]}")\n'
                 f'    if not os.path.isdir(folder):\n        subprocess.run(["git", "clone", "--quiet", "--depth", "1", "--branch", "{book.ref}", '
                 f'"https://github.com/{book.repository}", folder], check=True)\n'
                 '    sys.path.insert(0, folder)\n    os.environ["SCALING_LIB_ROOT"] = folder\n    import scaling_lib')
    else:
        fetch = '    raise ModuleNotFoundError("scaling_lib is missing: in a clone of the book run `make book`, or `pip install -r requirements.txt`")'
    return (
        "# Setup: run this cell first. It loads the book's library, and fetches it where it is missing (Colab, a plain Jupyter).\n"
        "try:\n    import scaling_lib\nexcept ModuleNotFoundError:\n" + fetch + "\n"
        "try:\n    from myst_nb import glue  # labels numbers for the book's pages; the numbers are already in this text\n"
        "except ModuleNotFoundError:\n    def glue(name, value, display=True):\n        return None\n"
        "from scaling_lib.exercises import check"
    )


def _is_live_control(source: str) -> bool:
    """Whether a cell only shows a live control (``widgets.x_widget()``): otter skips it when grading (``otter_ignore``),
    as it waits for a reader and computes nothing the answers use."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    call = body[0].value if len(body) == 1 and isinstance(body[0], ast.Expr) else None
    name = getattr(getattr(call, "func", None), "attr", None) or getattr(getattr(call, "func", None), "id", "")
    return isinstance(call, ast.Call) and str(name).endswith("_widget")


def _bind_answers(source: str) -> str:
    """Each top-level ``check("label", expression)`` becomes ``answer_label = expression`` then ``check("label", answer_label)``."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    lines = [line.encode() for line in source.split("\n")]
    edits = []
    for statement in tree.body:
        for node in ast.walk(statement):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "check" and len(node.args) == 2
                    and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                variable, argument = coursework.answer_variable(node.args[0].value), node.args[1]
                if not (isinstance(argument, ast.Name) and argument.id == variable) and argument.lineno == argument.end_lineno:
                    edits.append((statement.lineno, argument, variable))
    for statement_line, argument, variable in sorted(edits, key=lambda e: (e[1].lineno, e[1].col_offset), reverse=True):
        row = argument.lineno - 1
        expression = lines[row][argument.col_offset:argument.end_col_offset].decode()
        lines[row] = lines[row][:argument.col_offset] + variable.encode() + lines[row][argument.end_col_offset:]
        lines.insert(statement_line - 1, f"{variable} = {expression}".encode())
    return "\n".join(line.decode() for line in lines)


def chapter_notebook(chapter: Path, kind: str, book: Book, glued: dict[str, str] | None = None) -> dict:
    """The chapter as a plain notebook: ``kind`` is ``"student"`` (a worksheet) or ``"reading"`` (solutions collapsed)."""
    import jupytext
    import nbformat

    if kind not in ("student", "reading"):
        raise ValueError(f"kind must be 'student' or 'reading', got {kind!r}")
    chapter = Path(chapter)
    glued = glue_values(chapter, book) if glued is None else glued
    text = chapter.read_text(encoding="utf-8")
    exercises = {e.label: e for e in coursework.chapter_exercises(chapter)} if "{exercise}" in text else {}
    if kind == "student":
        text = coursework.student_markdown(text)
    else:
        text = coursework._replace_solutions(text, lambda label, body, checked: f"\n{_START.format(label)}\n\n{body}\n\n{_END}\n")
    notebook = jupytext.reads(_directives(text, chapter, exercises), fmt="md:myst")
    cited: list[str] = []
    cells, solution = [], None
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            pieces = re.split(r"(<!--dr-solution-start \S+-->|<!--dr-solution-end-->)", _roles(cell.source, chapter, book, glued, cited))
            for piece in pieces:
                start = re.fullmatch(r"<!--dr-solution-start (\S+)-->", piece)
                if start or piece == _END:
                    solution = exercises[start.group(1)] if start else None
                    continue
                if not piece.strip():
                    continue
                if solution is not None:
                    piece = f"<details><summary>Solution to {solution.heading} (click to show)</summary>\n\n{piece.strip()}\n\n</details>"
                cells.append(nbformat.v4.new_markdown_cell(piece.strip()))
        elif cell.cell_type == "code":
            source = "\n".join(line for line in cell.source.split("\n") if line.strip() != "from myst_nb import glue")
            if not source.strip():
                continue
            tags = list(cell.metadata.get("tags", [])) + ["otter_ignore"] * _is_live_control(source)
            metadata: dict[str, Any] = {"tags": tags} if tags else {}
            hidden = {"source_hidden": True} if {"remove-cell", "remove-input", "hide-input", "hide-cell"} & set(tags) else {}
            if {"remove-cell", "remove-output", "hide-output", "hide-cell"} & set(tags):
                hidden["outputs_hidden"] = True
            if solution is not None:
                source = f"# Solution to {solution.heading}\n" + _bind_answers(source)
                hidden = {"source_hidden": True}
            if hidden:
                metadata["jupyter"] = hidden
            cells.append(nbformat.v4.new_code_cell(source, metadata=metadata))
        else:
            cells.append(cell)
    _introduce(cells, chapter, kind, book)
    if cited:
        listed = "\n".join(f"- {book.references[key][2]}" for key in cited if key in book.references)
        cells.append(nbformat.v4.new_markdown_cell(f"**Works cited in this chapter**\n\n{listed}"))
    result = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    })
    for index, cell in enumerate(result.cells):  # fixed ids: the same sources give the same file
        cell["id"] = f"cell-{index}"
    return result


def _introduce(cells: list, chapter: Path, kind: str, book: Book) -> None:
    """Chapter number, time and how to use the notebook under the title; the setup cell after it."""
    import nbformat

    title_at = next((i for i, c in enumerate(cells) if c.cell_type == "markdown" and re.search(r"^# ", c.source, re.M)), 0)
    number = book.numbers.get(chapter.stem)
    text = chapter.read_text(encoding="utf-8")
    lines = []
    if cells and number:
        cells[title_at].source = re.sub(r"^# (.+)$", rf"# Chapter {number}. \1", cells[title_at].source, count=1, flags=re.M)
    if "{exercise}" in text:
        lines.append("*" + tools.time_sentence(tools.time_estimate(text)) + "*")
    worksheet = book.numbers.get(chapter.stem) and BINDER_STUDENT_NOTEBOOK.format(chapter=chapter.stem)
    if kind == "student":
        lines.append(
            "**Worksheet.** Run the setup cell below first, then the cells in order. Each exercise ends with an answer space: "
            "write in the Markdown cell, and where the exercise has an answer check set `answer_…` to your value and run the cell. "
            "The check says *right* or *not yet* and names a likely mistake; it never shows the answer. Keep the names of the "
            "`answer_…` variables: an autograder reads them. Solutions are not in this notebook.")
    elif worksheet:
        lines.append(f"**Reading notebook.** Run the setup cell below first, then the cells in order. Solutions are collapsed under each "
                     f"exercise; to work the exercises without them, open the worksheet `{worksheet}`.")
    else:
        lines.append("Run the setup cell below first, then the cells in order.")
    cells.insert(title_at + 1, nbformat.v4.new_markdown_cell("\n\n".join(lines)))
    cells.insert(title_at + 2, nbformat.v4.new_code_cell(_setup_source(book), metadata={"tags": ["setup"]}))


def _write_notebook(notebook: dict, path: Path) -> Path:
    import nbformat

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
    return path


def _zip(archive: Path, entries: list[tuple[str, bytes]]) -> Path:
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, data in entries:
            bundle.writestr(zipfile.ZipInfo(name, date_time=FIXED_DATE), data, compress_type=zipfile.ZIP_DEFLATED)
    return archive


# ------------------------------------------------------------------------------------ autograder
_TEST = '''"""{heading} ({label}): generated by `make student` from scaling_lib.exercises; do not edit."""
import math

from otter.test_files import test_case

OK_FORMAT = False
name = "{heading}"
EXPECTED, TOLERANCE = {expected!r}, {tolerance!r}


def _number(value):
    try:
        import numpy
        array = numpy.asarray(value, dtype=float)
        return float(array.reshape(-1)[0]) if array.size == 1 else math.nan
    except (TypeError, ValueError):
        return math.nan


@test_case(points=0, hidden=False)
def answered({variable}):
    assert math.isfinite(_number({variable})), "set {variable} to your answer: one finite number"


@test_case(points={points!r}, hidden=True)
def correct({variable}):
    assert abs(_number({variable}) - EXPECTED) <= TOLERANCE * abs(EXPECTED), "{variable} is not within {percent} of the expected value"
'''


def autograder_archive(chapter: Path, archive: Path, book: Book) -> Path | None:
    """Write the otter-grader archive of a chapter (None when it has no checked exercise)."""
    from otter.generate import main as otter_generate
    from scaling_lib import exercises

    checked = [e for e in coursework.chapter_exercises(chapter) if e.checked]
    if not checked:
        return None
    entries: list[tuple[str, bytes]] = []
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        (work / "tests").mkdir()
        for exercise in checked:
            entry = exercises.CHECKS[exercise.label]
            source = _TEST.format(heading=exercise.heading, label=exercise.label, variable=coursework.answer_variable(exercise.label),
                                  expected=exercises._expected(exercise.label), tolerance=entry.relative_tolerance, points=entry.points,
                                  percent=f"{entry.relative_tolerance:.2%}".replace(".00%", "%"))
            (work / "tests" / f"{exercise.number.replace('.', '_')}_{exercise.label}.py").write_text(source, encoding="utf-8")
        requirements = [line for line in (book.root / "requirements.txt").read_text(encoding="utf-8").splitlines()
                        if "==" in line and line.split("==")[0].strip().lower() not in SITE_ONLY]
        (work / "requirements.txt").write_text("\n".join(requirements) + "\n", encoding="utf-8")
        (work / "otter_config.json").write_text(json.dumps({"lang": "python", "show_hidden": False}), encoding="utf-8")
        with contextlib.chdir(work), contextlib.redirect_stdout(sys.stderr):
            otter_generate(tests_dir="tests", output_path="generated.zip", config="otter_config.json", requirements="requirements.txt",
                           no_environment=True, python_version="3.11")
        with zipfile.ZipFile(work / "generated.zip") as generated:
            entries = [(name, generated.read(name)) for name in sorted(generated.namelist())]
    entries.append(("files/_toc.yml", (book.root / "_toc.yml").read_bytes()))  # scaling_lib finds its data beside it
    for folder in ("scaling_lib", "data"):  # so that a grading machine without the book runs the notebook
        for path in sorted((book.root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                entries.append((f"files/{path.relative_to(book.root).as_posix()}", path.read_bytes()))
    archive.parent.mkdir(parents=True, exist_ok=True)
    return _zip(archive, entries)


# ------------------------------------------------------------------------------------ editions
def write_student_edition(chapters: list[Path] | None, out: Path, zip_name: str = ZIP_NAME, book: Book | None = None) -> list[Path]:
    """``<chapter>-student.ipynb`` for each chapter with exercises, plus a zip of them; returns the paths."""
    book = book or Book()
    chapters = [Path(p) for p in chapters] if chapters is not None else book.chapters()
    written = [_write_notebook(chapter_notebook(c, "student", book), Path(out) / f"{c.stem}-student.ipynb")
               for c in chapters if "{exercise}" in c.read_text(encoding="utf-8")]
    written.append(_zip(Path(out) / zip_name, [(path.name, path.read_bytes()) for path in written]))
    return written


def write_course(out: Path, book: Book | None = None) -> list[Path]:
    """``make student``: worksheets and their zip, solution notebooks and one autograder archive per chapter."""
    book = book or Book()
    written = write_student_edition(None, out, book=book)
    for chapter in book.chapters():
        glued = glue_values(chapter, book)
        written.append(_write_notebook(chapter_notebook(chapter, "reading", book, glued), out / "solutions" / f"{chapter.stem}-solutions.ipynb"))
        archive = autograder_archive(chapter, out / "autograder" / f"{chapter.stem}-autograder.zip", book)
        written += [archive] if archive else []
    return written


def write_binder(root: Path = ROOT, book: Book | None = None) -> list[Path]:
    """Binder's image (``postBuild``): the worksheets and a reading notebook for every notebook page."""
    book = book or Book(root, strict=False)
    written = []
    for page in book.notebook_pages():
        glued = glue_values(page, book)
        written.append(_write_notebook(chapter_notebook(page, "reading", book, glued), root / BINDER_READING_NOTEBOOK.format(chapter=page.stem)))
        if page.stem in book.numbers:
            written.append(_write_notebook(chapter_notebook(page, "student", book, glued), root / BINDER_STUDENT_NOTEBOOK.format(chapter=page.stem)))
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["student"] and len(args) == 2:
        paths = write_course(Path(args[1]))
    elif args == ["binder"]:
        paths = write_binder()
    else:
        print("usage: python _ext/worksheets.py student OUT_DIR | binder", file=sys.stderr)
        return 2
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
