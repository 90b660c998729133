"""Every link of the built site resolves, and every external link is listed in one place.

Parses each HTML page of ``_build/html`` with BeautifulSoup (no browser, no network):

* an internal ``href``/``src``/``action``/``poster``/``srcset`` (relative, site-absolute
  or to 127.0.0.1/localhost) names a file that exists inside the site;
* its ``#fragment`` names an element ``id`` (or ``<a name>``) on the target page; a bare
  ``#`` (the theme's placeholder for buttons and menus) is allowed;
* an address on another host is listed in :mod:`tests.site.external_links`, and every
  address listed there is still linked from some page.

The checker itself is tested on a small hand-written site, so a broken link cannot
pass unnoticed.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.site.conftest import SITE, site_pages
from tests.site.external_links import (
    EXTERNAL_URL_PREFIXES,
    EXTERNAL_URLS,
    built_repository,
    is_known_external,
    repository_links,
)

LINK_ATTRIBUTES = ("href", "src", "action", "poster", "srcset")
LOCAL_HOSTS = ("127.0.0.1", "localhost")
IGNORED_SCHEMES = ("data", "blob", "javascript", "about")


@dataclass(frozen=True)
class Link:
    page: str  # path of the page relative to the site root
    tag: str
    attribute: str
    url: str

    def __str__(self) -> str:
        return f"{self.page}: <{self.tag} {self.attribute}={self.url!r}>"


def _urls(attribute: str, value: str) -> list[str]:
    if attribute == "srcset":  # "a.png 1x, b.png 2x"
        return [part.strip().split()[0] for part in value.split(",") if part.strip()]
    return [value.strip()]


@functools.lru_cache(maxsize=None)
def _parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def collect_links(site: Path, pages: list[str]) -> list[Link]:
    """Every link-like attribute of every page."""
    links = []
    for page in pages:
        for tag in _parse(site / page).find_all(True):
            for attribute in LINK_ATTRIBUTES:
                value = tag.get(attribute)
                if value is None:
                    continue
                links.extend(Link(page, tag.name, attribute, url) for url in _urls(attribute, value))
    return links


def is_internal(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme == "" and parts.netloc == "":
        return True
    return parts.scheme in ("http", "https") and parts.hostname in LOCAL_HOSTS


def is_external(url: str) -> bool:
    parts = urlsplit(url)
    return not is_internal(url) and parts.scheme not in IGNORED_SCHEMES


@functools.lru_cache(maxsize=None)
def _anchors(path: Path) -> frozenset[str]:
    soup = _parse(path)
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    names = {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
    return frozenset(ids | names)


def broken_internal_links(site: Path, links: list[Link]) -> list[str]:
    """One message per internal link whose file or fragment does not exist."""
    root = site.resolve()
    problems = []
    for link in links:
        if not is_internal(link.url):
            continue
        parts = urlsplit(link.url)
        page = root / link.page
        path = unquote(parts.path)
        if parts.netloc or path.startswith("/"):
            target = root / path.lstrip("/")
        elif path:
            target = page.parent / path
        else:
            target = page  # "#fragment" or "?query" on the page itself
        target = Path(*target.parts).resolve()
        if target.is_dir():
            target = target / "index.html"
        if root != target and root not in target.parents:
            problems.append(f"{link}: points outside the site ({target})")
            continue
        if not target.is_file():
            problems.append(f"{link}: no file {target.relative_to(root).as_posix()}")
            continue
        fragment = unquote(parts.fragment)
        if not fragment:
            continue  # no fragment, or the theme's bare "#" placeholder
        if target.suffix != ".html":
            problems.append(f"{link}: fragment #{fragment} on a non-HTML file")
        elif fragment not in _anchors(target):
            problems.append(f"{link}: no element with id {fragment!r} on {target.relative_to(root).as_posix()}")
    return problems


def unlisted_external_links(links: list[Link]) -> list[str]:
    return sorted({f"{link}" for link in links if is_external(link.url) and not is_known_external(link.url)})


# ------------------------------------------------------------------ the built site
PAGES = site_pages()


@pytest.fixture(scope="module")
def site_links() -> list[Link]:
    if not (SITE / "index.html").exists() or not PAGES:
        pytest.fail("the site is not built: run `make book` (or `make test`, which builds it) first")
    return collect_links(SITE, PAGES)


def test_site_pages_have_links(site_links):
    assert "book/intro.html" in PAGES
    assert sum(is_internal(link.url) for link in site_links) > 100
    assert any(is_external(link.url) for link in site_links)


def test_every_internal_link_and_fragment_resolves(site_links):
    problems = broken_internal_links(SITE, site_links)
    assert not problems, f"{len(problems)} broken internal link(s):\n" + "\n".join(problems[:50])


def test_every_external_link_is_listed(site_links):
    unlisted = unlisted_external_links(site_links)
    assert not unlisted, (
        "external link(s) not listed in tests/site/external_links.py (add each deliberately):\n" + "\n".join(unlisted)
    )


def test_every_listed_external_link_is_used(site_links):
    used = {link.url for link in site_links if is_external(link.url)}
    stale = sorted(EXTERNAL_URLS - used)
    assert not stale, f"listed in tests/site/external_links.py but linked from no page: {stale}"
    for prefix in EXTERNAL_URL_PREFIXES:
        assert any(url.startswith(prefix) for url in used), f"no link starts with {prefix}"


# ------------------------------------------------------------ the checker itself
def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!DOCTYPE html><html><body>{text}</body></html>", encoding="utf-8")


def test_checker_finds_broken_links(tmp_path):
    _write(
        tmp_path / "book" / "a.html",
        '<h1 id="top">A</h1>'
        '<a href="#">menu</a> <a href="#top">ok</a> <a href="b.html#sec">ok</a> <a href="../index.html">ok</a>'
        '<a href="http://127.0.0.1:8000/book/b.html">ok</a> <img src="../_static/x.png"> <a href="./">ok dir</a>'
        '<a href="missing.html">bad file</a> <a href="b.html#nowhere">bad fragment</a> <a href="#gone">bad own</a>'
        '<a href="../../outside.html">outside</a> <a href="x.ipynb#cell">bad fragment kind</a>'
        '<a href="https://example.org/new">unlisted</a> <a href="https://doi.org/10.1037/h0042519">listed</a>'
        '<a href="mailto:someone@example.org">mail</a> <img src="data:image/png;base64,AAAA">',
    )
    _write(tmp_path / "book" / "b.html", '<section id="sec"></section>')
    _write(tmp_path / "book" / "index.html", "")
    _write(tmp_path / "index.html", "")
    (tmp_path / "book" / "x.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "x.png").write_bytes(b"")
    links = collect_links(tmp_path, ["book/a.html"])
    problems = broken_internal_links(tmp_path, links)
    flagged = sorted(problem.split("=", 1)[1].split(">", 1)[0] for problem in problems)
    assert flagged == sorted(
        ["'missing.html'", "'b.html#nowhere'", "'#gone'", "'../../outside.html'", "'x.ipynb#cell'"]
    ), problems
    unlisted = unlisted_external_links(links)
    assert [u.split("=", 1)[1] for u in unlisted] == ["'https://example.org/new'>", "'mailto:someone@example.org'>"]


def test_binder_prefixes_are_the_only_wildcards():
    urls, prefixes = repository_links("https://github.com/some-org/some-book", "spring-2027")
    assert urls == ("https://github.com/some-org/some-book",)
    assert prefixes == (
        "https://mybinder.org/v2/gh/some-org/some-book/spring-2027?urlpath=lab/tree/notebooks/",
        "https://mybinder.org/v2/gh/some-org/some-book/spring-2027?urlpath=lab/tree/student/",
    )
    assert repository_links(None, "main") == ((), ())  # no repository: no repository links at all
    assert set(EXTERNAL_URL_PREFIXES) == set(repository_links(*built_repository())[1])
    for prefix in EXTERNAL_URL_PREFIXES:
        assert is_known_external(prefix + "intro.md")
    assert not is_known_external("https://mybinder.org/v2/gh/someone-else/repo/main")
    assert not is_known_external("https://doi.org/10.1037/h0042519/extra")
    assert not any("diminishing-returns/diminishing-returns" in url for url in EXTERNAL_URLS | set(EXTERNAL_URL_PREFIXES))
