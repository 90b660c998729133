"""The data appendix in headless Chromium: its tables search and sort, and its CSV downloads resolve."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGE = "book/data.html"


def visible_rows(page, table_id: str) -> int:
    return page.eval_on_selector_all(f"#{table_id} tbody tr", "rows => rows.filter(r => !r.hidden && r.offsetParent !== null).length")


def column_values(page, table_id: str, column: int) -> list[str]:
    return page.eval_on_selector_all(
        f"#{table_id} tbody tr:not([hidden]) td:nth-child({column})", "cells => cells.map(c => c.getAttribute('data-value'))"
    )


def test_search_box_filters_rows(visit):
    page_visit = visit(PAGE)
    page = page_visit.page
    search = page.locator("#models-table-search")
    assert search.is_visible(), "the script reveals the search box"
    label = page.locator("label[for='models-table-search']")
    assert label.is_visible() and label.inner_text().strip()
    total = page.eval_on_selector_all("#models-table tbody tr", "rows => rows.length")
    assert total > 50 and visible_rows(page, "models-table") == total
    search.fill("EfficientNet-B")
    page.wait_for_timeout(100)
    shown = visible_rows(page, "models-table")
    assert 0 < shown < total
    names = page.eval_on_selector_all("#models-table tbody tr:not([hidden])", "rows => rows.map(r => r.textContent.toLowerCase())")
    assert all("efficientnet-b" in name for name in names)
    assert page.inner_text("#models-table-status") == f"{shown} of {total} rows shown"
    search.fill("no model is called this")
    page.wait_for_timeout(100)
    assert visible_rows(page, "models-table") == 0
    search.fill("")
    page.wait_for_timeout(100)
    assert visible_rows(page, "models-table") == total
    assert not page_visit.errors


def test_clicking_a_header_sorts_numerically_and_sets_aria_sort(visit):
    page_visit = visit(PAGE)
    page = page_visit.page
    headers = page.eval_on_selector_all("#models-table thead th", "ths => ths.map(th => th.textContent.trim())")
    column = headers.index("top1_error") + 1
    header = page.locator(f"#models-table thead th:nth-child({column})")
    button = header.locator("button")
    assert button.count() == 1, "each header holds a button, so sorting works from the keyboard"
    assert header.get_attribute("aria-sort") is None
    button.click()
    ascending = [float(v) for v in column_values(page, "models-table", column) if v]
    assert ascending == sorted(ascending) and ascending[0] < ascending[-1]
    assert header.get_attribute("aria-sort") == "ascending"
    button.focus()
    page.keyboard.press("Enter")  # the keyboard sorts too: a second press reverses
    descending = [float(v) for v in column_values(page, "models-table", column) if v]
    assert descending == sorted(descending, reverse=True)
    assert header.get_attribute("aria-sort") == "descending"
    # Only one header is sorted at a time.
    other = page.locator("#models-table thead th:nth-child(1)")
    other.locator("button").click()
    assert other.get_attribute("aria-sort") == "ascending" and header.get_attribute("aria-sort") is None
    assert not page_visit.errors


def test_numeric_sort_is_not_alphabetical(visit):
    page = visit(PAGE).page
    headers = page.eval_on_selector_all("#accelerators-table thead th", "ths => ths.map(th => th.textContent.trim())")
    column = headers.index("peak_flops_fp32") + 1
    page.locator(f"#accelerators-table thead th:nth-child({column}) button").click()
    values = column_values(page, "accelerators-table", column)
    numbers = [float(v) for v in values if v]
    assert numbers == sorted(numbers)
    # empty cells (chips without an FP32 rate) come last
    assert all(v == "" for v in values[len(numbers):])


def test_sorting_keeps_the_filter(visit):
    page = visit(PAGE).page
    page.locator("#models-table-search").fill("JFT")
    page.wait_for_timeout(100)
    shown = visible_rows(page, "models-table")
    page.locator("#models-table thead th:nth-child(2) button").click()
    assert visible_rows(page, "models-table") == shown


def test_csv_downloads_resolve(visit):
    page = visit(PAGE).page
    links = page.eval_on_selector_all("a[href$='.csv']", "els => els.map(e => e.href)")
    names = sorted(link.rsplit("/", 1)[-1] for link in links)
    assert names == ["accelerators.csv", "imagenet_models.csv"]
    for link in links:
        response = page.request.get(link)
        assert response.ok, link
        header = response.text().splitlines()[0]
        assert header.startswith("model,") or header.startswith("processor,")


def test_data_dictionary_is_shown(visit):
    page = visit(PAGE).page
    text = page.inner_text("main")
    for column in ("publication_date", "training_compute_flop", "peak_flops_tensor16_dense", "epoch-notable"):
        assert column in text
    assert "CC BY-SA 4.0" in text
