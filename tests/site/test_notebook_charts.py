"""Charts in JupyterLab with the network cut: they draw, after a reload and in a second tab too,
and a saved notebook does not carry the Vega bundle.

Starts the environment's own JupyterLab on 127.0.0.1 in a temporary folder holding a one-cell
notebook that draws a chart with the book's renderer, and drives it in headless Chromium with
every request off 127.0.0.1 blocked. The kernel writes the bundle where JupyterLab serves
extension files (``share/jupyter/labextensions``; see :mod:`scaling_lib.charts.render`), and each
chart's runtime loads it from there.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from tests.site.conftest import CHROMIUM_ARGS  # noqa: F401  (same browser set-up as the site tests)

ROOT = Path(__file__).resolve().parents[2]
CELL = """\
import altair as alt
import pandas as pd
from scaling_lib import charts  # the book's theme and renderer

alt.Chart(pd.DataFrame({"x": [1, 2, 3], "y": [1, 4, 9]})).mark_line().encode(x="x", y="y").properties(
    title="A test chart", description="A line through three points, drawn with no network.", width=300)
"""
DRAWN = ".jp-OutputArea-output figure.dr-chart .dr-chart-view[data-drawn='yes'] svg"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lab")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CELL)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, folder / "charts.ipynb")
    port = _free_port()
    environment = {key: value for key, value in os.environ.items() if key != "SCALING_LIB_TARGET"}
    environment.update(JUPYTER_CONFIG_DIR=str(folder / ".config"), JUPYTERLAB_SETTINGS_DIR=str(folder / ".settings"),
                       JUPYTERLAB_WORKSPACES_DIR=str(folder / ".workspaces"))
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         "--ServerApp.token=", "--ServerApp.password=", "--ServerApp.disable_check_xsrf=True",
         f"--ServerApp.root_dir={folder}", "--LabApp.expose_app_in_browser=True", "--LabApp.news_url=None",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=folder, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=2)
            break
        except Exception:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"JupyterLab did not start: {server.stderr.read()[-2000:] if server.stderr else ''}")
            time.sleep(0.5)
    yield url, folder
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()


def _open_lab(context, url: str, blocked: list[str]):
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")) else (blocked.append(route.request.url), route.abort()))
    page.goto(f"{url}/lab/tree/charts.ipynb", wait_until="load")
    page.wait_for_function("() => window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell')", timeout=60_000)
    page.wait_for_function(
        "() => { const w = window.jupyterapp.shell.currentWidget; return w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel; }",
        timeout=60_000,
    )
    return page


def _run_and_wait(page) -> None:
    """Clear the outputs (a reload shows the saved ones), run the cell, and wait for its chart."""
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
    page.wait_for_function("() => !document.querySelector('.jp-OutputArea-output figure.dr-chart')", timeout=10_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_selector(DRAWN, timeout=90_000)


def test_chart_draws_offline_after_a_reload_and_in_a_second_tab(browser, jupyterlab):
    url, folder = jupyterlab
    blocked: list[str] = []
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        page = _open_lab(context, url, blocked)
        _run_and_wait(page)

        # Save, and look at what the notebook file carries.
        page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
        page.wait_for_timeout(1500)
        saved = (folder / "charts.ipynb").read_text(encoding="utf-8")
        outputs = json.loads(saved)["cells"][0]["outputs"]
        html = "".join("".join(output.get("data", {}).get("text/html", "")) for output in outputs)
        assert "dr-chart-view" in html, "the saved notebook holds the chart's output"
        assert "bundled by vl-convert-python" not in saved and len(saved) < 80_000, (
            f"the saved notebook carries the Vega bundle ({len(saved) / 1e3:.0f} kB)")

        # A reload: the kernel keeps running; re-running the cell draws again.
        page.reload(wait_until="load")
        page.wait_for_function("() => window.jupyterapp && document.querySelector('.jp-Notebook .jp-Cell')", timeout=60_000)
        page.wait_for_function(
            "() => { const w = window.jupyterapp.shell.currentWidget; return w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel; }",
            timeout=60_000,
        )
        _run_and_wait(page)

        # A second tab on the same running kernel.
        second = _open_lab(context, url, blocked)
        _run_and_wait(second)
        assert not [address for address in blocked if "vega" in address or "cdn" in address or "jsdelivr" in address], blocked
    finally:
        context.close()
