"""A chapter's first visit: how much it transfers.

Measured in headless Chromium on the site served with gzip (as a static host serves it), with an
empty cache: the whole first visit (every chart drawn, network idle) transfers at most 1 MB,
compressed, and no request leaves the machine. The figures are written to
``_build/first-visit.json`` (next to the site).

How soon the text is painted on a throttled phone is a speed, so it is measured by the speed
report (``benchmarks/run.py``, with :mod:`tests.site.perf`), not by a timed test.
"""
from __future__ import annotations

import json

import pytest

from tests.conftest import toc_files
from tests.site.conftest import SITE
from tests.site.perf import GzipSite, first_visit

CHAPTER_PAGES = [f"{name}.html" for name in toc_files()]
TRANSFER_LIMIT = 1_000_000  # bytes, compressed
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
