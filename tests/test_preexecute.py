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


def test_each_chapter_hashes_as_myst_nb_reads_it(tmp_path):
    """preexecute reads each chapter to the same cache key as myst-nb's own reader in the book build, so the build
    finds the pre-executed chapters instead of executing them again."""
    import yaml
    from jupyter_cache import get_cache
    from myst_nb.core.config import NbParserConfig
    from myst_nb.core.read import create_nb_reader
    from myst_parser.config.main import MdParserConfig

    cache = get_cache(str(tmp_path / "cache"))
    extensions = set(yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["parse"]["myst_enable_extensions"])
    for path in _code_chapters():
        text = path.read_text(encoding="utf-8")
        reader = create_nb_reader(str(path), MdParserConfig(enable_extensions=extensions), NbParserConfig(), text)
        theirs = cache.create_hashed_notebook(reader.read(text))[1]
        assert cache.create_hashed_notebook(preexecute._read(path))[1] == theirs, path.name


def test_after_the_build_no_chapter_is_pending():
    from jupyter_cache import get_cache

    if not (preexecute.CACHE / "global.db").is_file():
        pytest.skip("the book is not built (make book)")
    assert preexecute.pending(get_cache(str(preexecute.CACHE))) == []


def test_a_failing_chapter_is_left_for_the_build(tmp_path, monkeypatch):
    chapter = tmp_path / "broken.md"
    chapter.write_text(
        "---\nkernelspec:\n  name: python3\n  display_name: Python 3\n---\n\n```{code-cell} ipython3\nraise ValueError('x')\n```\n",
        encoding="utf-8",
    )
    path, _, _, error = preexecute._execute(chapter)
    assert path == chapter and error is not None and "ValueError" in error
