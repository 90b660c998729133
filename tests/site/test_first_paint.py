"""A chapter's first visit: how much it transfers, and how soon its text is painted on a slow phone.

Measured in headless Chromium on the site served with gzip (as a static host serves it), with an
empty cache:

* the whole first visit (every chart drawn, network idle) transfers at most 1 MB, compressed;
* on the throttled phone profile (CPU 4× slower, DevTools' "Slow 4G" network, both through the
  DevTools protocol; see :mod:`tests.site.perf`) the largest text is painted within 2.5 s.

The figures are written to ``_build/first-visit.json`` (next to the site) and the speed report
(``benchmarks/run.py``) prints the same measurements. Timing on a shared machine varies, so the
paint test fails only past twice its target; the report shows the figure against the target.
"""
from __future__ import annotations

import json

import pytest

from tests.conftest import toc_files
from tests.site.conftest import SITE
from tests.site.perf import GzipSite, first_visit

CHAPTER_PAGES = [f"{name}.html" for name in toc_files()]
TRANSFER_LIMIT = 1_000_000  # bytes, compressed
LCP_TARGET_MS = 2_500
RECORD = SITE.parent / "first-visit.json"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def gzip_site():
    with GzipSite(SITE) as site:
        yield site.url


@pytest.fixture(scope="module")
def record():
    figures: dict[str, dict] = {}
    yield figures
    if figures:
        previous = json.loads(RECORD.read_text(encoding="utf-8")) if RECORD.exists() else {}
        for page, values in figures.items():
            previous.setdefault(page, {}).update(values)
        RECORD.write_text(json.dumps(previous, indent=1, sort_keys=True), encoding="utf-8")


@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_first_visit_transfers_at_most_a_megabyte(browser, gzip_site, record, path):
    visit = first_visit(browser, gzip_site, path, throttled=False)
    record.setdefault(path, {})["transfer_bytes"] = visit.transfer_bytes
    record[path]["requests"] = visit.requests
    assert not visit.blocked, f"requests left the machine: {visit.blocked}"
    assert visit.transfer_bytes <= TRANSFER_LIMIT, f"{path}: first visit transfers {visit.transfer_bytes / 1e6:.2f} MB gzipped"


@pytest.mark.parametrize("path", CHAPTER_PAGES)
def test_largest_text_is_painted_quickly_on_a_slow_phone(browser, gzip_site, record, path):
    visit = first_visit(browser, gzip_site, path, throttled=True)
    record.setdefault(path, {}).update(lcp_ms=round(visit.lcp_ms), fcp_ms=round(visit.fcp_ms))
    assert visit.lcp_ms > 0, "no largest-contentful-paint entry was recorded"
    assert visit.lcp_ms <= 2 * LCP_TARGET_MS, f"{path}: largest contentful paint at {visit.lcp_ms / 1000:.1f} s on the throttled phone"
