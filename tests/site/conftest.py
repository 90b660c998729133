"""Fixtures for the browser tests: the built site served on 127.0.0.1 and Debian's Chromium.

Every request that leaves 127.0.0.1 is blocked and recorded; tests fail on any.
"""
from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

# The built site; DR_SITE_DIR points the browser tests at another build (say, one made with
# `jupyter-book build . --path-output DIR`, whose site is DIR/_build/html).
SITE = Path(os.environ.get("DR_SITE_DIR") or Path(__file__).resolve().parents[2] / "_build" / "html")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def site_pages() -> list[str]:
    """Every HTML page of the built site, relative to its root (assets excluded)."""
    if not SITE.is_dir():
        return []
    return sorted(
        path.relative_to(SITE).as_posix()
        for path in SITE.rglob("*.html")
        if not path.relative_to(SITE).parts[0].startswith(("_", "."))
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="session")
def site_url():
    if not (SITE / "index.html").exists():
        pytest.fail("the site is not built: run `make book` (or `make test`, which builds it) first")
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is needed at {CHROMIUM}: run `sudo apt-get install chromium`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageVisit:
    """A page opened in a fresh context, with its console errors and off-machine requests recorded."""

    def __init__(self, browser, site_url: str, path: str, colour_scheme: str = "light", width: int = 1280):
        self.context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=colour_scheme)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        self.page.on("pageerror", lambda error: self.errors.append(f"uncaught: {error}"))

        def route(request_route):
            url = request_route.request.url
            if url.startswith(site_url) or url.startswith("data:") or url.startswith("blob:"):
                request_route.continue_()
            else:
                self.blocked.append(url)
                request_route.abort()

        self.page.route("**/*", route)
        self.page.goto(f"{site_url}/{path}", wait_until="load")

    def wait_for_charts(self, timeout_ms: int = 10_000) -> list[str]:
        """Wait until every chart has finished drawing; return each chart's state."""
        self.page.wait_for_function(
            "() => Array.from(document.querySelectorAll('.dr-chart-view')).every(el => ['yes', 'error'].includes(el.getAttribute('data-drawn')))",
            timeout=timeout_ms,
        )
        return self.page.eval_on_selector_all(".dr-chart-view", "els => els.map(el => el.getAttribute('data-drawn'))")

    def close(self):
        self.context.close()


@pytest.fixture
def visit(browser, site_url):
    opened: list[PageVisit] = []

    def open_page(path: str, colour_scheme: str = "light", width: int = 1280) -> PageVisit:
        page_visit = PageVisit(browser, site_url, path, colour_scheme, width)
        opened.append(page_visit)
        return page_visit

    yield open_page
    for page_visit in opened:
        page_visit.close()


# --- Accessibility (tests/site/test_accessibility.py) ---------------------------------------------

AXE_SCRIPT = Path(__file__).resolve().parents[2] / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's browser script, installed from the npm registry by `make test-env` (served from disk, never a CDN)."""
    if not AXE_SCRIPT.is_file():
        pytest.fail(f"axe-core is not installed at {AXE_SCRIPT}: run `make test-env` (it needs npm)")
    return AXE_SCRIPT.read_text(encoding="utf-8")
