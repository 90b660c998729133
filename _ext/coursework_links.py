"""Sphinx extension: put the student edition of each chapter into the site and link to it.

At the end of a successful build, the student notebooks (solutions removed, answer
checks in place) are written to ``student/`` in the site by
:func:`scaling_lib.coursework.write_student_edition`. Every chapter page that has
exercises gets a short box under its title linking to its notebook and to the zip
of all chapters, and, when the build knows the book's GitHub repository
(``_ext/publishing.py``), a link that opens the chapter's student notebook on Binder at
the same repository and ref as the page's own launch button.
"""
from __future__ import annotations

import hashlib
import html
from pathlib import Path

from sphinx.application import Sphinx

from publishing import binder_url

STUDENT_DIR = "student"
#: Where a chapter's student notebook lives in the repository (Binder opens this file).
BINDER_STUDENT_NOTEBOOK = "student/{chapter}.ipynb"
ZIP_NAME = "diminishing-returns-student.zip"
# The student edition depends on the chapters' text and on which exercises have answer checks.
STAMP_NAME = ".sources-sha256"
_LIBRARY = Path(__file__).resolve().parent.parent / "scaling_lib"


def _has_exercises(app: Sphinx, docname: str) -> bool:
    source = Path(app.env.doc2path(docname))
    return source.suffix == ".md" and source.is_file() and "```{exercise}" in source.read_text(encoding="utf-8")


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
        f'<p>Student edition of this chapter: <a class="dr-student-notebook" href="{html.escape(notebook)}" download>'
        f"{html.escape(stem)}-student.ipynb</a> (exercises with answer checks, no solutions){binder} · "
        f'<a class="dr-student-zip" href="{html.escape(archive)}" download>all chapters (zip)</a>.</p></div>'
    )
    body = context.get("body", "")
    heading_end = body.find("</h1>")
    context["body"] = body[: heading_end + 5] + box + body[heading_end + 5 :] if heading_end != -1 else box + body


def _write_student_edition(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from scaling_lib.coursework import write_student_edition

    chapters = [Path(app.env.doc2path(name)) for name in sorted(app.env.found_docs) if _has_exercises(app, name)]
    if not chapters:
        return
    out = Path(app.outdir) / STUDENT_DIR
    stamp = out / STAMP_NAME
    key = _sources_key(chapters)
    expected = [out / f"{chapter.stem}-student.ipynb" for chapter in chapters] + [out / ZIP_NAME]
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == key and all(path.is_file() for path in expected):
        return  # unchanged since the last build: keep the files (a no-change rebuild stays fast)
    write_student_edition(chapters, out, ZIP_NAME)
    stamp.write_text(key, encoding="utf-8")


def _sources_key(chapters: list[Path]) -> str:
    """A hash of everything the student edition is made from: the chapters and the coursework code."""
    digest = hashlib.sha256()
    library = [_LIBRARY / "coursework.py", *sorted((_LIBRARY / "exercises").glob("*.py"))]
    for path in [*chapters, *library]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def setup(app: Sphinx) -> dict:
    app.setup_extension("publishing")  # the repository and ref of the Binder links
    app.connect("html-page-context", _add_links)
    app.connect("build-finished", _write_student_edition)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
