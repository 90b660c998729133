"""Binder: an environment built as repo2docker builds it runs every chapter and student notebook and draws
every chart, and every page's launch configuration points at the right repository, branch and file."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import venv

import pytest
from tests.conftest import ROOT, SITE, share_executed_chapters, toc_files

sys.path.insert(0, str(ROOT / "_ext"))
from publishing import BINDER_READING_NOTEBOOK  # noqa: E402

NOTEBOOK_CHAPTERS = [name for name in toc_files() if "kernelspec" in (ROOT / f"{name}.md").read_text(encoding="utf-8")]


def test_requirements_are_pinned_and_binder_ready():
    lines = [line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines()]
    packages = [line for line in lines if line and not line.startswith("-")]
    assert all("==" in package for package in packages), "every direct dependency is pinned with =="
    names = {package.split("==")[0].lower() for package in packages}
    assert {"jupyter-book", "jupytext", "jupyterlab", "ipywidgets", "altair", "numpy", "pandas", "scipy"} <= names
    assert "-e ." in lines, "scaling_lib itself is installed, as Binder needs it"
    post_build = (ROOT / "postBuild").read_text()
    assert "jupytext-config set-default-viewer" in post_build, "JupyterLab opens the .md chapters as notebooks"
    assert not (ROOT / "binder").exists(), "a binder/ folder would make Binder ignore the root requirements.txt"


@pytest.mark.parametrize("chapter", NOTEBOOK_CHAPTERS)
def test_launch_links_point_at_the_chapter(chapter):
    """With a repository (the build record says which), the rocket opens this chapter there; without, no launch link."""
    record = json.loads((ROOT / "_build" / ".publishing.json").read_text(encoding="utf-8"))
    page = (SITE / f"{chapter}.html").read_text(encoding="utf-8")
    binder = re.findall(r'href="(https://mybinder\.org/v2/gh/[^"]+)"', page)
    thebe = re.search(r'<script type="text/x-thebe-config">(.*?)</script>', page, re.DOTALL)
    if record["repository_url"] is None:
        assert not binder and not thebe, "no launch link to a repository that was never given"
        return
    slug, ref = record["repository_url"].removeprefix("https://github.com/"), record["ref"]
    reading = BINDER_READING_NOTEBOOK.format(chapter=chapter.rsplit("/", 1)[-1])  # written by postBuild
    assert f"https://mybinder.org/v2/gh/{slug}/{ref}?urlpath=lab/tree/{reading}" in binder
    assert thebe, "Thebe is configured on every chapter page"
    assert f'repo: "{slug}"' in thebe.group(1) and f'ref: "{ref}"' in thebe.group(1)


# Runs in the repo2docker-like environment: executes notebooks (cwd, where to save it) and reports errors and charts.
# Kernels talk over IPC sockets of their own, not TCP: on a busy machine a port picked for one kernel can be taken.
# A saved chapter comes with its glued outputs as myst-nb leaves them (<chapter>.glue.json), which postBuild reads.
_EXECUTE = """
import json, os, sys, tempfile, time, jupytext, nbclient, nbformat
from jupyter_client.manager import KernelManager
results = {}
for source, cwd, save in json.loads(sys.argv[1]):
    started = time.perf_counter()
    notebook = jupytext.read(source) if source.endswith(".md") else nbformat.read(source, as_version=4)
    client = nbclient.NotebookClient(notebook, km=KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(tempfile.mkdtemp(), "kernel")), timeout=600,
                                     allow_errors=True, resources={"metadata": {"path": cwd}})
    client.execute(cwd=cwd)
    outputs = [o for cell in notebook.cells for o in cell.get("outputs", [])]
    charts = [o["data"] for o in outputs if str(o.get("data", {}).get("text/plain", "")).startswith("<chart:")]
    results[source] = {"errors": [o.get("ename", "") + ": " + o.get("evalue", "") for o in outputs if o.get("output_type") == "error"],
                       "seconds": round(time.perf_counter() - started), "charts": len(charts), "drawn": sum('class="dr-chart"' in d.get("text/html", "") and 'class="dr-chart-spec"' in d.get("text/html", "") for d in charts)}
    if save:
        nbformat.write(notebook, save + ".ipynb")
        glued = {o["metadata"]["scrapbook"]["name"]: o for o in outputs if o.get("metadata", {}).get("scrapbook", {}).get("name")}
        open(save + ".glue.json", "w").write(json.dumps(glued))
print(json.dumps(results))
"""


def _execute(python, jobs, environment, workers=2):
    """Execute ``jobs`` ((notebook, working directory, where to save it or "")) in ``workers`` processes of ``python``."""
    runs = [subprocess.Popen([str(python), "-c", _EXECUTE, json.dumps(jobs[i::workers])], env=environment, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for i in range(workers) if jobs[i::workers]]
    results = {}
    for run in runs:
        out, err = run.communicate(timeout=1800)
        assert run.returncode == 0, err[-3000:]
        results.update(json.loads(out.splitlines()[-1]))
    return results


def _site_charts(page):
    """Charts on the built page, if the site is newer than the chapter (``make test`` builds it first), else None."""
    html, source = SITE / f"{page}.html", ROOT / f"{page}.md"
    fresh = html.is_file() and html.stat().st_mtime >= source.stat().st_mtime
    return html.read_text(encoding="utf-8").count('<figure class="dr-chart"') if fresh else None


@pytest.mark.slow
def test_repo2docker_environment_runs_every_notebook_and_draws_every_chart(tmp_path):
    """As repo2docker: a fresh environment, requirements.txt, ``pip install .`` (pyproject declares a project), postBuild.

    Then every notebook page runs in it as a notebook in ``book/`` and every student notebook in ``student/``, with no
    error, and every chart's output carries its figure and spec (drawing in a browser is tested in tests/site/). The
    executed chapters are kept as the book build keeps them, so postBuild's converter reads their glued numbers.
    """
    import time
    import tomllib

    if f"python-{sys.version_info.major}.{sys.version_info.minor}" != (ROOT / "runtime.txt").read_text().strip():
        pytest.skip("the Binder environment is built with the Python runtime.txt pins")
    started, times = time.perf_counter(), {}
    repo, home = tmp_path / "repo", tmp_path / "home"  # the repository as committed or about to be, and Binder's $HOME
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, check=True)
    for name in filter(None, listed.stdout.decode().split("\0")):
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    home.mkdir()
    venv.EnvBuilder(with_pip=True).create(tmp_path / "env")
    python, bin_dir = tmp_path / "env" / "bin" / "python", tmp_path / "env" / "bin"
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SCALING_LIB_", "PYTHON", "JUPYTER", "VIRTUAL_ENV"))}
    environment.update(HOME=str(home), PATH=f"{bin_dir}{os.pathsep}{environment['PATH']}",
                       PIP_CACHE_DIR=subprocess.run([sys.executable, "-m", "pip", "cache", "dir"], capture_output=True, text=True).stdout.strip())
    pip = [str(python), "-m", "pip", "install", "--quiet", "--no-compile", "--disable-pip-version-check"]
    assert "project" in tomllib.loads((repo / "pyproject.toml").read_text()), "pyproject.toml declares a project, so repo2docker runs pip install ."
    for step, command in (("requirements.txt", [*pip, "-r", "requirements.txt"]), ("pip install .", [*pip, "."])):
        run = subprocess.run(command, cwd=repo, env=environment, capture_output=True, text=True, timeout=1800)
        assert run.returncode == 0, f"{step}: {run.stderr[-3000:]}"
        times[step] = time.perf_counter() - started
    located = subprocess.run([str(python), "-c", "import scaling_lib; print(scaling_lib.__file__)"], cwd=home, env=environment, capture_output=True, text=True)
    assert "site-packages" in located.stdout, "pip install . replaced the editable install with a copy, as in Binder"

    pages = [name for name in NOTEBOOK_CHAPTERS]
    executed = repo / "_build" / "jupyter_execute"
    (executed / "book").mkdir(parents=True)
    jobs = [(str(repo / f"{page}.md"), str(repo / "book"), str(executed / page)) for page in pages]
    results = _execute(python, jobs, environment)
    times["chapters"] = time.perf_counter() - started
    share_executed_chapters({page: executed / f"{page}.ipynb" for page, (source, *_) in zip(pages, jobs)
                             if not results[source]["errors"]})
    post_build = subprocess.run(["bash", "postBuild"], cwd=repo, env=environment, capture_output=True, text=True, timeout=1800)
    assert post_build.returncode == 0, post_build.stderr[-3000:]
    times["postBuild"] = time.perf_counter() - started
    students = sorted((repo / "student").glob("*.ipynb"))
    if not students:  # a postBuild that writes no worksheets: the student edition as make student writes it
        script = f"from scaling_lib import coursework; coursework.write_student_edition(None, {str(repo / 'student')!r})"
        subprocess.run([str(python), "-c", script], cwd=repo / "book", env=environment, check=True, capture_output=True)
        students = sorted((repo / "student").glob("*.ipynb"))
    assert len(students) == sum("```{exercise}" in (ROOT / f"{page}.md").read_text(encoding="utf-8") for page in pages)
    results.update(_execute(python, [(str(path), str(path.parent), "") for path in students], environment))
    times["student notebooks"] = time.perf_counter() - started
    print("repo2docker-like environment, seconds since start:", {step: round(t) for step, t in times.items()},
          "; per notebook:", {os.path.relpath(source, repo): result["seconds"] for source, result in results.items()})

    for source, result in results.items():
        name = os.path.relpath(source, repo)
        assert not result["errors"], f"{name} raised {result['errors']}"
        assert result["drawn"] == result["charts"], f"{name}: {result['charts'] - result['drawn']} chart outputs without their figure"
    for page, (source, *_) in zip(pages, jobs):
        expected = _site_charts(page)
        if expected is not None:  # a glued chart shows twice in a notebook, once on the page
            assert results[source]["charts"] >= expected, f"{page}: {results[source]['charts']} charts, the site page has {expected}"
