"""scaling_lib finds the book's files however it is installed (``scaling_lib._paths``).

Editable (``-e .``): the package sits in the repository. Copied into site-packages (``pip install .``, as
today's repo2docker does after requirements.txt): the repository is found from the working directory or
``SCALING_LIB_ROOT``, and without either the error says what to do. The real ``pip install .`` is exercised
by the repo2docker-like test in ``tests/test_binder.py``.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from scaling_lib import _paths
from tests.conftest import ROOT

SHOW = "from scaling_lib import data, coursework; print(data.DATA_DIR, coursework.BOOK_ROOT, len(data.load_imagenet_models()) > 0)"


def test_editable_install_finds_the_repository_from_anywhere(tmp_path, monkeypatch):
    monkeypatch.delenv(_paths.ROOT_VARIABLE, raising=False)
    for folder in (ROOT, ROOT / "book", tmp_path):
        monkeypatch.chdir(folder)
        assert _paths.book_root() == ROOT


def test_the_variable_names_the_repository_or_fails_saying_so(tmp_path, monkeypatch):
    monkeypatch.setenv(_paths.ROOT_VARIABLE, str(ROOT))
    assert _paths.book_root() == ROOT
    monkeypatch.setenv(_paths.ROOT_VARIABLE, str(tmp_path))
    with pytest.raises(FileNotFoundError, match="SCALING_LIB_ROOT=.*not a clone of the book"):
        _paths.book_root()


@pytest.fixture(scope="module")
def site_packages(tmp_path_factory):
    """A copy of the package outside the repository, as ``pip install .`` leaves it in site-packages."""
    site = tmp_path_factory.mktemp("site-packages")
    shutil.copytree(ROOT / "scaling_lib", site / "scaling_lib", ignore=shutil.ignore_patterns("__pycache__"))
    return site


def _run(site, cwd, **env):
    environment = {k: v for k, v in os.environ.items() if k != _paths.ROOT_VARIABLE} | {"PYTHONPATH": str(site), **env}
    return subprocess.run([sys.executable, "-c", SHOW], cwd=cwd, env=environment, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("where", ["", "book", "book/../data"])
def test_a_copy_in_site_packages_finds_the_repository_from_the_working_directory(site_packages, where):
    run = _run(site_packages, ROOT / where)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == [str(ROOT / "data"), str(ROOT), "True"]


def test_a_copy_in_site_packages_outside_the_repository_needs_the_variable(site_packages, tmp_path):
    lost = _run(site_packages, tmp_path)
    assert lost.returncode != 0
    assert "FileNotFoundError" in lost.stderr and "SCALING_LIB_ROOT" in lost.stderr and "clone" in lost.stderr
    found = _run(site_packages, tmp_path, SCALING_LIB_ROOT=str(ROOT))
    assert found.returncode == 0, found.stderr[-2000:]
    assert found.stdout.split()[:2] == [str(ROOT / "data"), str(ROOT)]


def test_runtime_pins_the_python_ci_tests():
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    workflow = (ROOT / ".github" / "workflows" / "deploy.yml").read_text()
    assert 'python-version: "3.11"' in workflow, "Binder runs the Python that CI tests"
