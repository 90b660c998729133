"""``_ext/preexecute.py`` (run by ``make book``): chapters executed in parallel land in Jupyter Book's cache
under the same key myst-nb looks up, so the build uses them instead of executing the chapters again."""
from __future__ import annotations

import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "_ext"))
import preexecute  # noqa: E402


def _code_chapters() -> list:
    return [path for path in preexecute._toc_files() if any(c.cell_type == "code" for c in preexecute._read(path).cells)]


def test_an_empty_cache_lacks_every_chapter_with_code(tmp_path):
    from jupyter_cache import get_cache

    chapters = _code_chapters()
    assert len(chapters) >= 9 and ROOT / "book" / "scaling.md" in chapters
    assert preexecute.pending(get_cache(str(tmp_path / "cache"))) == chapters


def test_the_build_found_each_chapter_under_the_key_preexecute_computes():
    """After ``make book``, each chapter's newest cache record is the one preexecute's reading matches: had myst-nb
    read the chapter differently, it would have executed it again and added a newer record that does not match."""
    from jupyter_cache import get_cache

    if not (preexecute.CACHE / "global.db").is_file():
        pytest.skip("the book is not built (make book)")
    cache = get_cache(str(preexecute.CACHE))
    newest = {}
    for record in cache.list_cache_records():
        if record.uri not in newest or record.created > newest[record.uri].created:
            newest[record.uri] = record
    assert preexecute.pending(cache) == []
    for path in _code_chapters():
        assert cache.match_cache_notebook(preexecute._read(path)).pk == newest[str(path)].pk, path.name


def test_a_failing_chapter_is_left_for_the_build(tmp_path, monkeypatch):
    chapter = tmp_path / "broken.md"
    chapter.write_text(
        "---\nkernelspec:\n  name: python3\n  display_name: Python 3\n---\n\n```{code-cell} ipython3\nraise ValueError('x')\n```\n",
        encoding="utf-8",
    )
    path, _, _, error = preexecute._execute(chapter)
    assert path == chapter and error is not None and "ValueError" in error
