"""Binder: what it installs (requirements.txt alone) runs every chapter and student notebook,
and every page's launch configuration points at the right repository, branch and file."""
from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import venv

import pytest
from tests.conftest import ROOT, SITE, toc_files

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
    assert f"https://mybinder.org/v2/gh/{slug}/{ref}?urlpath=lab/tree/{chapter}.md" in binder
    assert thebe, "Thebe is configured on every chapter page"
    assert f'repo: "{slug}"' in thebe.group(1) and f'ref: "{ref}"' in thebe.group(1)


@pytest.mark.slow
def test_fresh_environment_from_requirements_runs_every_notebook(tmp_path):
    """Create a virtual environment from requirements.txt alone, as Binder does, and run every notebook in it."""
    environment = tmp_path / "binder-env"
    venv.EnvBuilder(with_pip=True).create(environment)
    python = environment / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements.txt"],
        cwd=ROOT, capture_output=True, text=True, timeout=1200,
    )
    assert install.returncode == 0, install.stderr[-3000:]
    student_dir = tmp_path / "student"
    script = textwrap.dedent(
        f"""
        import os, sys, jupytext, nbclient
        from scaling_lib import coursework
        os.environ.pop("SCALING_LIB_TARGET", None)
        notebooks = [jupytext.read(os.path.join({str(ROOT)!r}, name + ".md")) for name in {NOTEBOOK_CHAPTERS!r}]
        notebooks += [jupytext.read(path) for path in coursework.write_student_edition(None, {str(student_dir)!r}) if str(path).endswith(".ipynb")]
        for notebook in notebooks:
            nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                    resources={{"metadata": {{"path": os.path.join({str(ROOT)!r}, "book")}}}}).execute()
            for cell in notebook.cells:
                for output in cell.get("outputs", []):
                    assert output.get("output_type") != "error", output
        print("ran", len(notebooks), "notebooks")
        """
    )
    run = subprocess.run([str(python), "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, run.stderr[-3000:]
    assert f"ran {len(NOTEBOOK_CHAPTERS) + len([p for p in NOTEBOOK_CHAPTERS if '```{exercise}' in (ROOT / (p + '.md')).read_text()])} notebooks" in run.stdout
