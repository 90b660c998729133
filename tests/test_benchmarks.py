"""The speed report (``benchmarks/README.md``) is current: it covers every chapter, page and widget.

Speed itself is measured by ``benchmarks/run.py``, never by a timed test. These tests check
that the committed report was produced for the book as it is now (a new chapter or widget
without a benchmark row fails) and that every measure it records is within its target.
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from scaling_lib import widgets
from tests.conftest import ROOT, toc_files

REPORT = ROOT / "benchmarks" / "README.md"
ROW = re.compile(r"^\| (?P<measure>[^|]+) \| (?P<value>[^|]+) \| (?P<target>[^|]+) \| (?P<verdict>[^|]+) \|$")


def _load_runner():
    spec = importlib.util.spec_from_file_location("benchmarks_run", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    assert REPORT.is_file(), "run `.venv/bin/python benchmarks/run.py` to write benchmarks/README.md"
    found = [match.groupdict() for line in REPORT.read_text(encoding="utf-8").splitlines() if (match := ROW.match(line))]
    return [row for row in found if row["measure"] not in ("Measure", "---")]


def _measures(rows: list[dict[str, str]]) -> str:
    return "\n".join(row["measure"] for row in rows)


def test_report_covers_builds_and_import(rows):
    measures = _measures(rows)
    for name in ("clean build", "no-change rebuild", "one-chapter-changed rebuild", "import scaling_lib"):
        assert name in measures, f"speed report has no row for {name}"


def test_report_covers_every_chapter_and_its_page(rows):
    measures = _measures(rows)
    for chapter in toc_files():
        assert f"execute `{chapter}.md`" in measures, f"speed report has no execution time for {chapter}"
        assert f"page `{chapter}.html`: HTML" in measures, f"speed report has no page size for {chapter}"


def test_report_covers_every_live_widget(rows):
    measures = _measures(rows)
    for name in widgets.all_benchmark_inputs():
        assert f"live widget `{name}` update" in measures, f"speed report has no update time for {name}"


def test_report_has_a_draw_time_for_every_page_with_charts(rows):
    site = ROOT / "_build" / "html"
    if not site.is_dir():
        pytest.skip("the site is not built (make book)")
    measures = _measures(rows)
    for page in sorted(site.glob("book/*.html")):
        if "dr-chart-view" in page.read_text(encoding="utf-8"):
            assert f"page `book/{page.name}`: load to last chart drawn" in measures, f"no draw time for {page.name}"


def test_every_recorded_measure_is_within_its_target(rows):
    assert rows, "the speed report has no rows"
    over = [row["measure"] for row in rows if "over target" in row["verdict"]]
    assert not over, f"over target (make these faster, then re-run benchmarks/run.py): {over}"
    for row in rows:
        if row["target"].strip() == "—":
            continue
        value = float(re.match(r"\s*([\d.]+)", row["value"]).group(1))
        limit = float(re.search(r"([\d.]+)", row["target"]).group(1))
        assert value <= limit, f"{row['measure']}: {row['value']} is over {row['target']} but marked {row['verdict']!r}"


def test_verdict_compares_value_with_target():
    runner = _load_runner()
    assert "within" in runner.verdict(1.0, 2.0)
    assert "within" in runner.verdict(2.0, 2.0)
    assert "over" in runner.verdict(2.01, 2.0)
