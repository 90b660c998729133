"""Valid, findable HTML on every page of the built site (no browser needed).

* The Nu Html Checker (vnu.jar, installed from the npm registry by `make test-env`, run on
  Java) reports zero errors on every page, ``index.html`` included.
* No id is used twice on a page, and no ``<style scoped>`` is left.
* Every page declares the viewport once, has a ``lang``, a title and a meta description (a
  chapter's comes from its overview), and ``index.html`` is a real page that links to and
  redirects to the first chapter.
"""
from __future__ import annotations

import collections
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import toc_files
from tests.site.conftest import SITE, site_pages

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / ".cache" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
PAGES = site_pages()
CHAPTER_PAGES = [f"{name}.html" for name in toc_files()]


@pytest.fixture(scope="session")
def validator_messages() -> dict[str, list[str]]:
    """Every page's errors, from one run of the validator over the whole site."""
    if not VNU.is_file():
        pytest.fail(f"the HTML validator is not installed at {VNU}: run `make test-env` (it needs npm)")
    if shutil.which("java") is None:
        pytest.fail("the HTML validator needs Java: run `make test-env` (Debian: apt-get install default-jre-headless)")
    assert PAGES, "no built pages found: run `make book`"
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(VNU), "--errors-only", "--format", "json", *[str(SITE / page) for page in PAGES]],
        capture_output=True, text=True, timeout=600,
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    messages: dict[str, list[str]] = collections.defaultdict(list)
    for message in report["messages"]:
        page = Path(message.get("url", "").removeprefix("file:")).resolve()
        try:
            name = page.relative_to(SITE.resolve()).as_posix()
        except ValueError:
            name = str(page)
        messages[name].append(f"line {message.get('lastLine', '?')}: {message['message']}")
    return messages


@pytest.mark.parametrize("path", PAGES)
def test_validator_finds_no_error(validator_messages, path):
    errors = validator_messages.get(path, [])
    assert not errors, f"{path}: {len(errors)} HTML errors:\n" + "\n".join(errors[:20])


@pytest.mark.parametrize("path", PAGES)
def test_page_head_is_complete_and_ids_unique(path):
    source = (SITE / path).read_text(encoding="utf-8")
    soup = BeautifulSoup(source, "html.parser")
    assert soup.html.get("lang"), f"{path} has no language"
    assert soup.title and soup.title.get_text(strip=True), f"{path} has no title"
    viewports = soup.find_all("meta", attrs={"name": "viewport"})
    assert len(viewports) == 1, f"{path} declares the viewport {len(viewports)} times"
    descriptions = soup.find_all("meta", attrs={"name": "description"})
    assert len(descriptions) == 1 and len(descriptions[0]["content"]) >= 40, f"{path} has no meta description"
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    duplicates = sorted(name for name, count in collections.Counter(ids).items() if count > 1)
    assert not duplicates, f"{path} uses these ids more than once: {duplicates}"
    assert "<style scoped" not in source


@pytest.mark.parametrize("path", [page for page in CHAPTER_PAGES if page != "book/references.html"])
def test_chapter_description_comes_from_its_overview(path):
    soup = BeautifulSoup((SITE / path).read_text(encoding="utf-8"), "html.parser")
    description = soup.find("meta", attrs={"name": "description"})["content"].rstrip("…")
    overview = soup.find("section", id="overview")
    source = overview if overview is not None else soup.find("article")
    first = next(p.get_text(" ", strip=True) for p in source.find_all("p") if len(p.get_text(strip=True)) >= 40)
    assert re.sub(r"\s+", "", first).startswith(re.sub(r"\s+", "", description)[:60]), (description, first)


def test_index_is_a_real_page_that_redirects():
    soup = BeautifulSoup((SITE / "index.html").read_text(encoding="utf-8"), "html.parser")
    first = f"{toc_files()[0]}.html"
    assert (SITE / "index.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html>")
    assert soup.html["lang"] == "en" and soup.title.get_text(strip=True)
    refresh = soup.find("meta", attrs={"http-equiv": re.compile("refresh", re.I)})
    assert refresh and refresh["content"].endswith(f"url={first}")
    assert soup.find("a", href=first), "index.html links to the first chapter as well as redirecting"
    assert soup.find("meta", attrs={"name": "description"})


def test_headings_never_skip_a_level():
    """Inside every page's article, each heading is at most one level deeper than the one before."""
    problems = []
    for path in PAGES:
        soup = BeautifulSoup((SITE / path).read_text(encoding="utf-8"), "html.parser")
        article = soup.find("article")
        if article is None:
            continue
        previous = 1
        for heading in article.find_all(re.compile(r"^h[1-6]$")):
            level = int(heading.name[1])
            if level > previous + 1:
                problems.append(f"{path}: <{heading.name}> {heading.get_text(strip=True)[:50]!r} after <h{previous}>")
            previous = level
    assert not problems, "\n".join(problems)
