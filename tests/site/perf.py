"""First-visit measurements of the built site, shared by the browser tests and ``benchmarks/run.py``.

* :class:`GzipSite` serves the built site on 127.0.0.1 the way a static host does (GitHub Pages
  gzips HTML, CSS, JavaScript, JSON and SVG, and keeps connections open), so transfer sizes are
  those a reader downloads.
* :func:`first_visit` opens a page in a fresh browser context (empty cache) and returns the
  bytes transferred until every chart is drawn and the network is idle, and the largest
  contentful paint. With ``throttled=True`` it uses Chromium's own throttling through the
  DevTools protocol: the CPU slowed 4× (``Emulation.setCPUThrottlingRate``) and DevTools'
  "Slow 4G" network (``Network.emulateNetworkConditions``: 562.5 ms latency, 1.6 Mbit/s × 0.9
  down, 750 kbit/s × 0.9 up), the mid-range-phone profile Lighthouse uses.
"""
from __future__ import annotations

import gzip
import http.server
import io
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SLOW_4G = {
    "offline": False,
    "latency": 562.5,
    "downloadThroughput": 1.6 * 1024 * 1024 / 8 * 0.9,
    "uploadThroughput": 750 * 1024 / 8 * 0.9,
    "connectionType": "cellular4g",
}
CPU_SLOWDOWN = 4
PHONE_VIEWPORT = {"width": 412, "height": 823}
_COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".txt", ".map", ".ipynb", ".csv")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    cache: dict[str, bytes] = {}
    # Keep-alive connections, as every static host has (GitHub Pages speaks HTTP/2).
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep test output clean
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        accepts = "gzip" in (self.headers.get("Accept-Encoding") or "")
        if not accepts or not path.endswith(_COMPRESSIBLE) or not os.path.isfile(path):
            return super().send_head()
        key = f"{path}:{os.stat(path).st_mtime_ns}"
        body = self.cache.get(key)
        if body is None:
            with open(path, "rb") as handle:
                body = gzip.compress(handle.read(), compresslevel=6, mtime=0)
            self.cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return io.BytesIO(body)


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a browser closing a kept-alive connection is not an error
        pass


class GzipSite:
    """The built site served with gzip on a free port of 127.0.0.1 (a context manager)."""

    def __init__(self, root: Path):
        handler = lambda *args, **kwargs: _GzipHandler(*args, directory=str(root), **kwargs)  # noqa: E731
        self.server = _QuietServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "GzipSite":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class FirstVisit:
    page: str
    transfer_bytes: int        # everything fetched, compressed as sent, headers included
    requests: int
    lcp_ms: float              # largest contentful paint
    fcp_ms: float              # first contentful paint
    charts_ms: float           # last chart drawn (0 without charts)
    blocked: list[str]         # requests that left 127.0.0.1


_LCP_OBSERVER = """
window.__drLcp = 0; window.__drFcp = 0;
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__drLcp = Math.max(window.__drLcp, e.startTime); })
  .observe({type: 'largest-contentful-paint', buffered: true});
new PerformanceObserver(list => { for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') window.__drFcp = e.startTime; })
  .observe({type: 'paint', buffered: true});
"""


def first_visit(browser, site_url: str, page: str, throttled: bool, timeout_ms: int = 60_000, settle_ms: int = 1500) -> FirstVisit:
    """Open ``page`` with an empty cache and measure it.

    Unthrottled, it waits until every chart is drawn and the network is idle (the whole first
    visit's transfer). Throttled (the phone profile), it waits for the ``load`` event and
    ``settle_ms`` more, then reads the paint timings; charts may still be drawing then.
    """
    context = browser.new_context(viewport=PHONE_VIEWPORT if throttled else {"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        blocked: list[str] = []
        sizes: dict[str, int] = {}
        cdp = context.new_cdp_session(tab)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.on("Network.loadingFinished", lambda event: sizes.__setitem__(event["requestId"], int(event.get("encodedDataLength", 0))))
        cdp.on("Network.requestWillBeSent", lambda event: None if event["request"]["url"].startswith((site_url, "data:", "blob:")) else blocked.append(event["request"]["url"]))
        if throttled:
            cdp.send("Network.emulateNetworkConditions", SLOW_4G)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        tab.add_init_script(_LCP_OBSERVER)
        tab.goto(f"{site_url}/{page}", wait_until="load", timeout=timeout_ms)
        if throttled:
            tab.wait_for_timeout(settle_ms)
        else:
            tab.wait_for_function(
                "() => Array.from(document.querySelectorAll('.dr-chart-view')).every(el => ['yes', 'error'].includes(el.getAttribute('data-drawn')))",
                timeout=timeout_ms, polling=250,
            )
            try:
                tab.wait_for_load_state("networkidle", timeout=timeout_ms)
            except Exception:  # pragma: no cover - a page that never goes idle is measured as it stands
                pass
            time.sleep(0.3)
        lcp, fcp = tab.evaluate("() => [window.__drLcp, window.__drFcp]")
        charts = tab.evaluate("() => Math.max(0, ...Array.from(document.querySelectorAll('.dr-chart-view')).map(el => Number(el.getAttribute('data-drawn-ms')) || 0))")
        if throttled:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        return FirstVisit(page, sum(sizes.values()), len(sizes), float(lcp), float(fcp), float(charts), blocked)
    finally:
        context.close()
