"""Sphinx extension: coursework on each chapter page.

* **Time.** Under the title of every chapter with exercises, the reading and exercise time from
  :func:`coursework_tools.time_estimate`, computed from the chapter's source when it is read
  (the same figure as in its notebooks and in the instructor guide).
* **Exercise numbers.** Exercises are numbered "Exercise C.N" (chapter C among the chapters with
  exercises, exercise N within it), as in the worksheets and the instructor guide: sphinx-exercise's
  book-wide numbers are replaced when writing starts (after Sphinx has saved its environment, so a
  rebuild does not see the numbers change and rewrites nothing).
* **Worksheets.** At the end of a successful build, the worksheet of each chapter (solutions
  removed, answer checks in place; ``_ext/worksheets.py``) is written to ``student/`` in the site,
  with the glued numbers this build's execution recorded (never executing a chapter again).
  A *Coursework* box under the title links to it, to the zip of all chapters and, when the build
  knows the book's GitHub repository (``_ext/publishing.py``), to a Binder session that opens the
  chapter's worksheet (``student/<chapter>.ipynb``, written into Binder's image by ``postBuild``)
  at the same repository and ref as the page's launch button.
"""
from __future__ import annotations

import hashlib
import html
import sys
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

if str(Path(__file__).resolve().parent) not in sys.path:  # the converter beside this file (Jupyter Book adds _ext itself)
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from coursework_tools import time_estimate, time_sentence  # noqa: E402
from publishing import binder_url  # noqa: E402
from worksheets import BINDER_STUDENT_NOTEBOOK, ZIP_NAME, Book, glue_file, write_student_edition  # noqa: E402

from scaling_lib import coursework  # noqa: E402

STUDENT_DIR = "student"
# The worksheets depend on the chapters' text, their glued numbers, the checks and the converter.
STAMP_NAME = ".sources-sha256"
_HERE = Path(__file__).resolve().parent
_LIBRARY = _HERE.parent / "scaling_lib"
__all__ = ["BINDER_STUDENT_NOTEBOOK", "ZIP_NAME", "STUDENT_DIR"]


def _source(app: Sphinx, docname: str) -> str | None:
    source = Path(app.env.doc2path(docname))
    if source.suffix != ".md" or not source.is_file():
        return None
    return source.read_text(encoding="utf-8")


def _has_exercises(app: Sphinx, docname: str) -> bool:
    return "```{exercise}" in (_source(app, docname) or "")


def _add_time(app: Sphinx, doctree: nodes.document) -> None:
    """Put the chapter's reading and exercise time under its title."""
    text = _source(app, app.env.docname) or ""
    section = next(iter(doctree.findall(nodes.section)), None)
    if "```{exercise}" not in text or section is None or not isinstance(section[0], nodes.title):
        return
    sentence = time_sentence(time_estimate(text))
    section.insert(1, nodes.paragraph("", "", nodes.emphasis(sentence, sentence), classes=["dr-chapter-time"]))


def _number_exercises(app: Sphinx, builder) -> None:
    """Exercise C.N on the site, as in the worksheets (see the module notes)."""
    chapters = coursework.chapter_numbers(Path(app.srcdir) / "_toc.yml")
    for docname, kinds in app.env.toc_fignumbers.items():
        numbered = kinds.get("exercise")
        chapter = chapters.get(Path(docname).name)
        if numbered and chapter:
            for position, node_id in enumerate(sorted(numbered, key=numbered.get), start=1):
                numbered[node_id] = (chapter, position)


def _add_links(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    if doctree is None or pagename not in app.env.found_docs or not _has_exercises(app, pagename):
        return
    stem = Path(pagename).name
    notebook = context["pathto"](f"{STUDENT_DIR}/{stem}-student.ipynb", 1)
    archive = context["pathto"](f"{STUDENT_DIR}/{ZIP_NAME}", 1)
    launch = binder_url(app.config.html_theme_options, BINDER_STUDENT_NOTEBOOK.format(chapter=stem))
    binder = f' · <a class="dr-student-binder" href="{html.escape(launch)}">open it on Binder</a>' if launch else ""
    box = (
        '<div class="admonition tip dr-student-edition">'
        '<p class="admonition-title">Coursework</p>'
        f'<p>Worksheet for this chapter: <a class="dr-student-notebook" href="{html.escape(notebook)}" download>'
        f"{html.escape(stem)}-student.ipynb</a> (the chapter as a notebook, answer spaces and checks instead of solutions){binder} · "
        f'<a class="dr-student-zip" href="{html.escape(archive)}" download>all chapters (zip)</a>.</p></div>'
    )
    body = context.get("body", "")
    at = body.find("</h1>")
    if at == -1:
        context["body"] = box + body
        return
    at += len("</h1>")
    if body[at:].lstrip().startswith('<p class="dr-chapter-time">'):
        at = body.index("</p>", at) + len("</p>")
    context["body"] = body[:at] + box + body[at:]


def _write_student_edition(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    chapters = [Path(app.env.doc2path(name)) for name in sorted(app.env.found_docs) if _has_exercises(app, name)]
    if not chapters:
        return
    out = Path(app.outdir) / STUDENT_DIR
    executed = Path(app.outdir).parent / "jupyter_execute"
    stamp = out / STAMP_NAME
    key = _sources_key(chapters, Path(app.srcdir), executed)
    expected = [out / f"{chapter.stem}-student.ipynb" for chapter in chapters] + [out / ZIP_NAME]
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == key and all(path.is_file() for path in expected):
        return  # unchanged since the last build: keep the files (a no-change rebuild stays fast)
    book = Book(Path(app.srcdir), executed=executed, execute=False)
    write_student_edition(chapters, out, ZIP_NAME, book=book)
    stamp.write_text(key, encoding="utf-8")


def _sources_key(chapters: list[Path], root: Path, executed: Path) -> str:
    """A hash of everything the worksheets are made from: chapters, glued numbers, checks and converter."""
    digest = hashlib.sha256()
    library = [_LIBRARY / "coursework.py", *sorted((_LIBRARY / "exercises").glob("*.py")), _HERE / "worksheets.py", _HERE / "coursework_tools.py"]
    for path in [*chapters, *library, root / "references.bib", root / "_toc.yml"]:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    for chapter in chapters:
        glued = glue_file(chapter, root, executed)
        if glued.is_file():
            digest.update(glued.read_bytes())
    return digest.hexdigest()


def setup(app: Sphinx) -> dict:
    app.setup_extension("publishing")  # the repository and ref of the Binder links
    app.connect("doctree-read", _add_time)
    app.connect("write-started", _number_exercises)
    app.connect("html-page-context", _add_links)
    app.connect("build-finished", _write_student_edition)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
