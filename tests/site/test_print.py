"""Printing a chapter on A4 and on Letter (the print stylesheet in _static/site.css).

In Chromium's print mode, at the width of each paper's printable area:

* every chart fits the paper, and every column of every table is printed (the "show all
  columns" extras too) within the paper's width;
* the page chrome (sidebars, header buttons, search, table tools) is not printed, solutions
  are not printed and a line says so;
* no page is left nearly empty: nothing kept in one piece (a chart, a table row) is taller than
  half a page, and the PDF Chromium prints has no more pages than the content's height needs,
  give or take (checked on chapters without landscape tables, whose pages are shorter).
"""
from __future__ import annotations

import math
import re

import pytest

from tests.conftest import toc_files

# Paper width and height in CSS pixels (96 per inch) and the stylesheet's margins (12 mm each side, 14 + 16 mm).
PAPERS = {"A4": (210, 297), "Letter": (215.9, 279.4)}
# Tables of many columns (class dr-table-wide) print on landscape pages of the same paper.
MM = 96 / 25.4
PAGES = [page for page in ("book/data.html", "book/scaling.html", "book/bounds.html", "book/hardware.html") if page[:-5] in toc_files()]

pytestmark = pytest.mark.browser


def _printable(paper: str) -> tuple[int, int]:
    width, height = PAPERS[paper]
    return math.floor((width - 24) * MM), math.floor((height - 30) * MM)


@pytest.mark.parametrize("paper", sorted(PAPERS))
@pytest.mark.parametrize("path", PAGES)
def test_chapter_prints_whole(visit, path, paper):
    width, height = _printable(paper)
    page_visit = visit(path)
    page = page_visit.page
    page_visit.wait_for_charts(timeout_ms=30_000)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(200)
    report = page.evaluate(
        """([limit, pageHeight]) => {
          const wide = [];
          for (const el of document.querySelectorAll('figure.dr-chart svg, table.dr-table:not(.dr-table-wide), table.dr-table:not(.dr-table-wide) :is(th, td)')) {
            const box = el.getBoundingClientRect();
            if (box.right > limit + 1) wide.push(el.tagName + ' ' + Math.round(box.right));
          }
          const hiddenCells = Array.from(document.querySelectorAll('table.dr-table th, table.dr-table td'))
            .filter(c => getComputedStyle(c).display === 'none' && !c.closest('tr[hidden]')).length;
          const chrome = Array.from(document.querySelectorAll('.bd-sidebar-primary, .bd-sidebar-secondary, .bd-header, .dr-table-tools, .dr-table-search'))
            .filter(el => getComputedStyle(el).display !== 'none').map(el => el.className.slice(0, 40));
          const solutions = Array.from(document.querySelectorAll('div.solution')).filter(el => getComputedStyle(el).display !== 'none').length;
          const article = document.querySelector('.bd-article');
          const note = article ? getComputedStyle(article, '::before').content : '';
          const tall = Array.from(document.querySelectorAll('article *')).filter(el => !el.closest('table.dr-table-wide')).filter(el => {
            const style = getComputedStyle(el);
            return (style.breakInside === 'avoid' || style.pageBreakInside === 'avoid') && el.getBoundingClientRect().height > pageHeight / 2;
          }).map(el => el.tagName + '.' + el.className.toString().slice(0, 30) + ' ' + Math.round(el.getBoundingClientRect().height));
          return {wide: wide.slice(0, 10), hiddenCells, chrome, solutions, note, height: document.documentElement.scrollHeight,
                  hasSolutions: document.querySelectorAll('div.solution').length, tall: tall.slice(0, 5),
                  landscape: document.querySelectorAll('table.dr-table-wide').length};
        }""",
        [width, height],
    )
    assert not report["wide"], f"{path} on {paper}: wider than the paper: {report['wide']}"
    assert report["hiddenCells"] == 0, f"{path} on {paper}: {report['hiddenCells']} table cells are not printed"
    assert not report["chrome"], f"{path} on {paper}: page chrome printed: {report['chrome']}"
    assert report["solutions"] == 0, "solutions are not printed"
    if report["hasSolutions"]:
        assert "Solutions" in report["note"], "a line says that the solutions are not printed"
    assert not report["tall"], f"{path} on {paper}: blocks kept whole that are taller than half a page: {report['tall']}"
    if report["landscape"]:
        # The landscape pages: every column of the wide tables within their width.
        page.set_viewport_size({"width": height + math.floor(16 * MM), "height": width})
        page.wait_for_timeout(200)
        wide, tall = page.evaluate(
            """([limit, pageHeight]) => [
                 Array.from(document.querySelectorAll('table.dr-table-wide, table.dr-table-wide :is(th, td)'))
                   .filter(el => el.getBoundingClientRect().right > limit + 1).map(el => el.tagName + ' ' + Math.round(el.getBoundingClientRect().right)).slice(0, 10),
                 Array.from(document.querySelectorAll('table.dr-table-wide tr'))
                   .filter(el => el.getBoundingClientRect().height > pageHeight * 0.75).map(el => Math.round(el.getBoundingClientRect().height)).slice(0, 5)]""",
            [height + math.floor(16 * MM), width - math.floor(16 * MM)],
        )
        assert not wide, f"{path} on {paper} (landscape): wider than the paper: {wide}"
        assert not tall, f"{path} on {paper} (landscape): table rows taller than three quarters of a page: {tall}"
    if not report["landscape"]:
        pdf = page.pdf(format=paper, print_background=False, prefer_css_page_size=True)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        needed = math.ceil(report["height"] / height)
        assert pages <= needed + max(2, needed // 4), f"{path} on {paper}: {pages} PDF pages for {needed} pages of content: near-empty pages"
    assert not page_visit.errors, page_visit.errors
