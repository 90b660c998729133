"""Speed report for the book: ``.venv/bin/python benchmarks/run.py`` (after ``make book`` once).

Measures, on the machine it runs on:

* a clean ``make book`` (environment present, build folder removed),
* a no-change rebuild, and a rebuild after one chapter changed,
* each chapter's execution time as a notebook (nbclient),
* ``import scaling_lib`` (fresh interpreter, median of several),
* each live widget's update (one recomputation and chart rendering; median and 95th percentile),
* each page's own size (HTML with its embedded chart data) and the shared static assets' size,
* the time from the page's load event to the last chart drawn, in headless Chromium (median of three loads),
* each chapter's first visit, with an empty cache, served gzipped as a static host serves it
  (:mod:`tests.site.perf`): the bytes it transfers, and its largest contentful paint on a
  phone profile throttled by Chromium itself (CPU 4× slower, DevTools' "Slow 4G" network),
  the median of three visits,

and writes the table, with the targets the issues set, to ``benchmarks/README.md``.
Timing is reported, not asserted: the tests never fail on speed.
"""
from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # for tests.conftest.toc_files (the benchmark is not part of the book)

from tests.conftest import toc_files  # noqa: E402

TARGETS = {
    "clean build": ("s", 120.0),
    "no-change rebuild": ("s", 5.0),
    "one-chapter-changed rebuild": ("s", 30.0),
    "import scaling_lib": ("s", 1.0),
    "chapter execution": ("s", 20.0),
    "widget update (median)": ("ms", 50.0),  # issue 18: a live control feels immediate
    "page size": ("MB", 1.5),
    "last chart drawn": ("s", 2.0),
    "first-visit transfer": ("MB", 1.0),
    "throttled largest contentful paint": ("s", 2.5),
}
FIRST_VISIT_RUNS = 3
DRAW_RUNS = 3  # page loads per page for the time to the last chart drawn (the median is reported)
CHANGED_CHAPTER = "book/bounds.md"


def timed(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def measure_builds() -> dict[str, float]:
    timed(["make", "clean"])  # the build folder and the generated Vega bundle; the environment stays
    clean = timed(["make", "book"])
    again = timed(["make", "book"])
    chapter = ROOT / CHANGED_CHAPTER
    original = chapter.read_text(encoding="utf-8")
    try:
        # A new code cell changes the notebook's cache key, so the chapter really re-executes.
        chapter.write_text(original + "\n```{code-cell} ipython3\n# benchmark: one chapter changed\n```\n", encoding="utf-8")
        changed = timed(["make", "book"])
    finally:
        chapter.write_text(original, encoding="utf-8")
    timed(["make", "book"])  # leave the site as the sources say
    return {"clean build": clean, "no-change rebuild": again, "one-chapter-changed rebuild": changed}


def measure_pages() -> tuple[dict[str, float], float, dict[str, float]]:
    """Each page's own HTML size (MB), the shared _static size (MB), and seconds to the last chart drawn."""
    import functools
    import http.server
    import threading

    from playwright.sync_api import sync_playwright

    site = ROOT / "_build" / "html"
    pages = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not p.relative_to(site).parts[0].startswith(("_", "."))
        and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8").lower()[:600]  # redirect stubs are not pages
    )
    sizes = {page: (site / page).stat().st_size / 1e6 for page in pages}
    static = sum(p.stat().st_size for p in (site / "_static").rglob("*") if p.is_file()) / 1e6
    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:  # keep the report readable
            pass

    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    drawn: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"])
        for page_path in pages:
            runs = []
            for _ in range(DRAW_RUNS):
                page = browser.new_page()
                page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort())
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/{page_path}", wait_until="load")
                if page.query_selector(".dr-chart-view"):
                    page.wait_for_function("() => Array.from(document.querySelectorAll('.dr-chart-view')).every(e => e.getAttribute('data-drawn') === 'yes')", timeout=30_000)
                    times = page.eval_on_selector_all(".dr-chart-view", "els => els.map(e => Number(e.getAttribute('data-drawn-ms')))")
                    loaded = page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventStart")
                    runs.append((max(times) - loaded) / 1000)  # from the page's load event, as the target is stated
                page.close()
            if runs:
                drawn[page_path] = statistics.median(runs)
        browser.close()
    server.shutdown()
    return sizes, static, drawn


def measure_first_visits() -> dict[str, tuple[float, float]]:
    """Each chapter's first visit: (MB transferred gzipped, median largest contentful paint in s, throttled)."""
    from playwright.sync_api import sync_playwright

    from tests.site.perf import GzipSite, first_visit

    site = Path(os.environ.get("DR_SITE_DIR") or ROOT / "_build" / "html")  # DR_SITE_DIR: another build
    results: dict[str, tuple[float, float]] = {}
    with GzipSite(site) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"])
        for chapter in toc_files():
            page = f"{chapter}.html"
            transfer = first_visit(browser, server.url, page, throttled=False).transfer_bytes
            paints = sorted(first_visit(browser, server.url, page, throttled=True).lcp_ms for _ in range(FIRST_VISIT_RUNS))
            results[page] = (transfer / 1e6, statistics.median(paints) / 1000)
        browser.close()
    return results


def first_visit_rows(visits: dict[str, tuple[float, float]]) -> list[str]:
    unit, target = TARGETS["first-visit transfer"]
    paint_unit, paint_target = TARGETS["throttled largest contentful paint"]
    rows = []
    for page, (megabytes, seconds) in visits.items():
        rows.append(f"| page `{page}`: first visit transfer, gzipped (every chart drawn) | {megabytes:.2f} MB | ≤ {target:g} {unit} | {verdict(megabytes, target)} |")
    for page, (megabytes, seconds) in visits.items():
        rows.append(
            f"| page `{page}`: largest contentful paint, 4× CPU + slow 4G (median of {FIRST_VISIT_RUNS}) | {seconds:.2f} s | ≤ {paint_target:g} {paint_unit} | {verdict(seconds, paint_target)} |"
        )
    return rows


FIRST_VISIT_NOTE = (
    "First visits are measured with an empty cache on the built site served gzipped (as GitHub Pages serves it) over HTTP/1.1 "
    "on 127.0.0.1 (`tests/site/perf.py`): the transfer counts every byte until every chart is drawn and the network is idle; "
    "the largest contentful paint uses Chromium's own throttling through the DevTools protocol, "
    "`Emulation.setCPUThrottlingRate` 4 and `Network.emulateNetworkConditions` with DevTools' \"Slow 4G\" "
    "(562.5 ms latency, 1.44 Mbit/s down, 675 kbit/s up), on a 412 × 823 px screen. "
    "`.venv/bin/python benchmarks/run.py --first-visit` re-measures these rows alone."
)


def update_first_visit_rows(readme: Path, visits: dict[str, tuple[float, float]]) -> str:
    """Replace the first-visit rows (and note) of an existing report, keeping every other row as it is."""
    lines = readme.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not (line.startswith("| page `") and ("first visit transfer" in line or "largest contentful paint" in line)) and line != FIRST_VISIT_NOTE]
    table_end = max(index for index, line in enumerate(kept) if line.startswith("|"))
    kept[table_end + 1:table_end + 1] = first_visit_rows(visits)
    text = "\n".join(kept).rstrip("\n") + "\n" + FIRST_VISIT_NOTE + "\n"
    readme.write_text(text, encoding="utf-8")
    return text


def measure_import(repeats: int = 7) -> float:
    python = str(ROOT / ".venv" / "bin" / "python")
    times = [timed([python, "-c", "import scaling_lib, scaling_lib.bounds"]) for _ in range(repeats)]
    return statistics.median(times)


def measure_chapters() -> dict[str, float]:
    import jupytext
    from nbclient import NotebookClient

    results = {}
    env_before = os.environ.pop("SCALING_LIB_TARGET", None)
    try:
        for chapter in toc_files():
            notebook = jupytext.read(ROOT / f"{chapter}.md")
            start = time.perf_counter()
            NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(ROOT / "book")}}).execute()
            results[chapter] = time.perf_counter() - start
    finally:
        if env_before is not None:
            os.environ["SCALING_LIB_TARGET"] = env_before
    return results


def measure_widgets() -> dict[str, tuple[float, float]]:
    os.environ["SCALING_LIB_TARGET"] = "notebook"
    from scaling_lib import widgets
    from scaling_lib.charts import render

    results = {}
    for name, inputs in widgets.all_benchmark_inputs().items():
        control = getattr(widgets, name)()
        render.render(control.update(**inputs[0]).to_dict())  # warm-up: first chart carries the bundle
        times = []
        for _ in range(5):
            for values in inputs:
                start = time.perf_counter()
                chart = control.update(**values)
                render.render(chart.to_dict())
                times.append((time.perf_counter() - start) * 1000)
        times.sort()
        results[name] = (statistics.median(times), times[int(0.95 * (len(times) - 1))])
    return results


def verdict(value: float, target: float) -> str:
    return "✅ within target" if value <= target else "❌ over target"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--first-visit"]:
        visits = measure_first_visits()
        print(update_first_visit_rows(ROOT / "benchmarks" / "README.md", visits))
        return 0
    print("measuring builds (clean, no change, one chapter changed)…", flush=True)
    builds = measure_builds()
    print(builds, flush=True)
    import_time = measure_import()
    print("import:", import_time, flush=True)
    chapters = measure_chapters()
    print(chapters, flush=True)
    widget_times = measure_widgets()
    print(widget_times, flush=True)
    page_sizes, static_size, drawn = measure_pages()
    visits = measure_first_visits()

    lines = [
        "# Speed report",
        "",
        "Written by `benchmarks/run.py` (run `.venv/bin/python benchmarks/run.py` after `make book`).",
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"run on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        "| Measure | Value | Target | Verdict |",
        "|---|---|---|---|",
    ]
    for name in ("clean build", "no-change rebuild", "one-chapter-changed rebuild"):
        unit, target = TARGETS[name]
        lines.append(f"| `make book`, {name} | {builds[name]:.1f} s | ≤ {target:g} {unit} | {verdict(builds[name], target)} |")
    unit, target = TARGETS["import scaling_lib"]
    lines.append(f"| `import scaling_lib` (fresh interpreter, median) | {import_time:.2f} s | < {target:g} {unit} | {verdict(import_time, target)} |")
    unit, target = TARGETS["chapter execution"]
    for chapter, seconds in chapters.items():
        lines.append(f"| execute `{chapter}.md` as a notebook | {seconds:.1f} s | ≤ {target:g} {unit} | {verdict(seconds, target)} |")
    unit, target = TARGETS["widget update (median)"]
    for name, (median, p95) in widget_times.items():
        lines.append(f"| live widget `{name}` update, median (95th percentile) | {median:.1f} ms ({p95:.1f} ms) | ≤ {target:g} {unit} median | {verdict(median, target)} |")
    unit, target = TARGETS["page size"]
    for page, size in page_sizes.items():
        lines.append(f"| page `{page}`: HTML with its chart data | {size:.2f} MB | < {target:g} {unit} | {verdict(size, target)} |")
    lines.append(f"| shared static assets (`_static/`, loaded once and cached) | {static_size:.1f} MB | — | — |")
    unit, target = TARGETS["last chart drawn"]
    for page, seconds in drawn.items():
        lines.append(f"| page `{page}`: load to last chart drawn (headless Chromium, median of 3) | {seconds:.2f} s | ≤ {target:g} {unit} | {verdict(seconds, target)} |")
    lines += first_visit_rows(visits)
    lines += [
        "",
        "Notes: the clean build (after `make clean`) includes writing the Vega bundle and executing every chapter; the no-change rebuild takes every chapter from the",
        "Jupyter cache; the one-chapter-changed rebuild adds a code cell to `book/bounds.md`, so that chapter (only) is re-executed. A widget",
        "update is one call of the control's callback (recompute, then fill the chart Altair built once) plus rendering its HTML, i.e.",
        "everything but the browser's drawing. The shared static assets include the 0.9 MB Vega bundle and MathJax,",
        "fetched once per visit and cached by the browser; a page fetches the Vega bundle only if it holds a chart, and MathJax only if it holds maths.",
        FIRST_VISIT_NOTE,
        "",
    ]
    (ROOT / "benchmarks" / "README.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
