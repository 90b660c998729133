"""Publishing: the repository address comes from the build's git remote (never a placeholder),
the workflows build, test and deploy the site, and every page names the version it was built from.

* The address rules of ``_ext/publishing.py``: GitHub only, SSH normalised to HTTPS, an
  environment variable overrides the remote, no address without a GitHub remote.
* A tiny Jupyter Book that uses this book's ``_ext`` extensions and its repository, launch and
  html settings is built (execution off, a few seconds a build) from a clone whose origin is
  ``https://github.com/<org>/<name>.git``: its Binder, Thebe, repository and student-notebook links
  name ``<org>/<name>``. Changing the remote and tagging the commit reaches every page on the next
  build; removing the remote removes every launch and repository link.
* ``.github/workflows``: the deploy workflow and the weekly link check, parsed with yaml.
* ``make serve`` and ``make book REPOSITORY=...``.
* The built site (skipped when ``_build/html`` is not built): no placeholder address, every page
  shows its version, and every launch link names the repository the build recorded.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import ROOT, SITE

EXT = ROOT / "_ext"
PLACEHOLDER = "diminishing-returns/diminishing-returns"
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"
WORKFLOWS = ROOT / ".github" / "workflows"


def _load(name: str):
    """Import one of the book's Sphinx extensions from ``_ext`` (as Jupyter Book does: top-level modules)."""
    if name in sys.modules and getattr(sys.modules[name], "__file__", "") == str(EXT / f"{name}.py"):
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, EXT / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


publishing = _load("publishing")
coursework_links = _load("coursework_links")


def git(cwd: Path, *args: str) -> str:
    run = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=cwd, capture_output=True, text=True, check=True,
    )
    return run.stdout.strip()


@pytest.fixture(autouse=True)
def _no_outer_repository(monkeypatch, tmp_path_factory):
    """Git must never find a repository above the temporary folders, nor take an address from the environment."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path_factory.getbasetemp()))
    monkeypatch.delenv(publishing.ENVIRONMENT_VARIABLE, raising=False)


# ------------------------------------------------------------------------- the address rules
@pytest.mark.parametrize(
    "remote, expected",
    [
        ("https://github.com/some-org/some-book.git", "https://github.com/some-org/some-book"),
        ("https://github.com/some-org/some-book", "https://github.com/some-org/some-book"),
        ("https://github.com/some-org/some-book/", "https://github.com/some-org/some-book"),
        ("http://github.com/Some-Org/some.book_2.git", "https://github.com/Some-Org/some.book_2"),
        ("https://www.github.com/some-org/some-book.git", "https://github.com/some-org/some-book"),
        ("https://x-access-token:secret@github.com/some-org/some-book.git", "https://github.com/some-org/some-book"),
        ("git@github.com:some-org/some-book.git", "https://github.com/some-org/some-book"),
        ("git@github.com:some-org/some-book", "https://github.com/some-org/some-book"),
        ("ssh://git@github.com/some-org/some-book.git", "https://github.com/some-org/some-book"),
        ("ssh://git@github.com:22/some-org/some-book.git", "https://github.com/some-org/some-book"),
        ("  https://github.com/some-org/some-book.git\n", "https://github.com/some-org/some-book"),
        # not GitHub, or not a repository: no address
        ("https://gitlab.com/some-org/some-book.git", None),
        ("git@gitlab.com:some-org/some-book.git", None),
        ("https://github.com.example.org/some-org/some-book.git", None),
        ("https://notgithub.com/some-org/some-book.git", None),
        ("https://github.com/some-org", None),
        ("https://github.com/some-org/some-book/tree/main", None),
        ("/srv/git/some-book.git", None),
        ("file:///srv/git/some-book.git", None),
        ("", None),
        (None, None),
    ],
)
def test_github_repository_url(remote, expected):
    assert publishing.github_repository_url(remote) == expected


def _repository(path: Path, origin: str | None = None, tag: str | None = None) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    (path / "README.md").write_text("test\n", encoding="utf-8")
    git(path, "add", "README.md")
    git(path, "commit", "-q", "-m", "first")
    if origin:
        git(path, "remote", "add", "origin", origin)
    if tag:
        git(path, "tag", tag)
    return path


def test_resolve_reads_the_origin_https_and_ssh(tmp_path):
    https = publishing.resolve(_repository(tmp_path / "a", "https://github.com/org-a/book-a.git"), "main", {})
    assert (https.repository_url, https.slug, https.ref) == ("https://github.com/org-a/book-a", "org-a/book-a", "main")
    assert https.version == git(tmp_path / "a", "rev-parse", "--short", "HEAD")
    ssh = publishing.resolve(_repository(tmp_path / "b", "git@github.com:org-b/book-b.git"), "main", {})
    assert ssh.repository_url == "https://github.com/org-b/book-b"


def test_resolve_without_a_github_remote_gives_no_address(tmp_path):
    elsewhere = publishing.resolve(_repository(tmp_path / "a", "https://user:secret@gitlab.com/org/book.git"), "main", {})
    assert elsewhere.repository_url is None and "not on GitHub" in elsewhere.source
    assert "secret" not in elsewhere.source and "https://gitlab.com/org/book.git" in elsewhere.source
    no_remote = publishing.resolve(_repository(tmp_path / "b"), "main", {})
    assert no_remote.repository_url is None and no_remote.source == "no git remote origin"
    plain = tmp_path / "no-git"
    plain.mkdir()
    nothing = publishing.resolve(plain, "main", {})
    assert (nothing.repository_url, nothing.ref, nothing.version) == (None, "main", "unknown")


def test_environment_variable_overrides_the_origin(tmp_path):
    clone = _repository(tmp_path / "a", "https://github.com/org-a/book-a.git")
    variable = publishing.ENVIRONMENT_VARIABLE
    given = publishing.resolve(clone, "main", {variable: "git@github.com:org-z/book-z.git"})
    assert given.repository_url == "https://github.com/org-z/book-z" and given.source == variable
    assert publishing.resolve(clone, "main", {variable: ""}).repository_url == "https://github.com/org-a/book-a"
    no_remote = _repository(tmp_path / "b")
    assert publishing.resolve(no_remote, "main", {variable: "https://github.com/org-z/book-z"}).slug == "org-z/book-z"
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match="not a GitHub repository"):
        publishing.resolve(clone, "main", {variable: "https://gitlab.com/org/book"})


def test_a_tag_at_head_is_the_version_and_the_ref(tmp_path):
    clone = _repository(tmp_path / "a", "https://github.com/org-a/book-a.git", tag="spring-2027")
    tagged = publishing.resolve(clone, "main", {})
    assert (tagged.ref, tagged.version) == ("spring-2027", "spring-2027")
    (clone / "README.md").write_text("changed\n", encoding="utf-8")
    git(clone, "commit", "-q", "-am", "after the tag")
    moved_on = publishing.resolve(clone, "main", {})
    assert moved_on.ref == "main" and moved_on.version == git(clone, "rev-parse", "--short", "HEAD")


def test_binder_url_follows_the_theme_options():
    options = {
        "repository_url": "https://github.com/org/book",
        "repository_branch": "spring-2027",
        "launch_buttons": {"binderhub_url": "https://mybinder.org/", "notebook_interface": "jupyterlab"},
    }
    assert publishing.binder_url(options, "student/bounds.ipynb") == (
        "https://mybinder.org/v2/gh/org/book/spring-2027?urlpath=lab/tree/student/bounds.ipynb"
    )
    assert publishing.binder_url({**options, "repository_url": ""}, "x.ipynb") is None
    assert publishing.binder_url({**options, "launch_buttons": {}}, "x.ipynb") is None
    assert coursework_links.BINDER_STUDENT_NOTEBOOK.format(chapter="bounds") == "student/bounds.ipynb"


def test_config_has_no_repository_address():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert not config["repository"].get("url"), "the address is read at build time, never written in _config.yml"
    assert "publishing" in config["sphinx"]["local_extensions"]
    assert config["launch_buttons"]["binderhub_url"] and config["launch_buttons"]["thebe"]
    assert PLACEHOLDER not in (ROOT / "_config.yml").read_text(encoding="utf-8")


# ------------------------------------------------------------- a tiny book built from a clone
ORG, NAME = "example-org", "example-book"
CHAPTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  name: python3
  display_name: Python 3
  language: python
---

# A tiny chapter

```{code-cell} ipython3
print(1 + 1)
```

## Exercises

```{exercise}
:label: tiny-sum

What is one plus one?
```
"""


def _tiny_book(path: Path) -> Path:
    """A two-page book with this book's extensions and its repository, launch and html settings."""
    real = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config = {
        "title": "Tiny",
        "only_build_toc_files": True,
        "execute": {"execute_notebooks": "off"},
        "repository": real["repository"],
        "launch_buttons": real["launch_buttons"],
        "html": {key: value for key, value in real["html"].items() if key != "favicon"},
        "sphinx": {
            "extra_extensions": real["sphinx"]["extra_extensions"],
            "local_extensions": {name: str(EXT) for name in real["sphinx"]["local_extensions"]},
        },
    }
    (path / "book").mkdir(parents=True)
    (path / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (path / "_toc.yml").write_text("format: jb-book\nroot: book/intro\nchapters:\n  - file: book/tiny\n", encoding="utf-8")
    (path / "book" / "intro.md").write_text("# Intro\n\nWelcome.\n", encoding="utf-8")
    (path / "book" / "tiny.md").write_text(CHAPTER, encoding="utf-8")
    (path / ".gitignore").write_text("_build/\n", encoding="utf-8")
    git(path, "init", "-q", "-b", "main")
    git(path, "add", ".")
    git(path, "commit", "-q", "-m", "tiny book")
    return path


def _build(book: Path) -> dict:
    environment = {k: v for k, v in os.environ.items() if k != publishing.ENVIRONMENT_VARIABLE}
    run = subprocess.run(
        [str(JUPYTER_BOOK), "build", ".", "-W", "-n", "--keep-going"],
        cwd=book, capture_output=True, text=True, timeout=240, env=environment,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    site = book / "_build" / "html"
    pages = {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
        for path in site.rglob("*.html")
        if not path.relative_to(site).parts[0].startswith("_")
    }
    record = json.loads((book / "_build" / publishing.RECORD_NAME).read_text(encoding="utf-8"))
    return {"pages": pages, "record": record, "output": run.stdout, "site": site}


@pytest.fixture(scope="module")
def tiny_builds(tmp_path_factory):
    """Three builds of one clone: GitHub origin over HTTPS; then an SSH origin elsewhere and a tag; then no remote."""
    if not JUPYTER_BOOK.exists():
        pytest.fail(f"jupyter-book not found at {JUPYTER_BOOK}: run `make book` first")
    base = tmp_path_factory.mktemp("tiny-book")
    saved = os.environ.get("GIT_CEILING_DIRECTORIES")
    os.environ["GIT_CEILING_DIRECTORIES"] = str(base)
    try:
        source = _tiny_book(base / "source")
        clone = base / "clone"
        git(base, "clone", "-q", str(source), str(clone))
        git(clone, "remote", "set-url", "origin", f"https://github.com/{ORG}/{NAME}.git")
        builds = {"https": _build(clone)}
        builds["https"]["commit"] = git(clone, "rev-parse", "--short", "HEAD")
        git(clone, "remote", "set-url", "origin", "git@github.com:other-org/other-book.git")
        git(clone, "tag", "spring-2027")
        builds["ssh-tag"] = _build(clone)
        git(clone, "remote", "remove", "origin")
        builds["none"] = _build(clone)
    finally:
        if saved is None:
            os.environ.pop("GIT_CEILING_DIRECTORIES", None)
        else:
            os.environ["GIT_CEILING_DIRECTORIES"] = saved
    return builds


def _hrefs(page: str, pattern: str) -> list[str]:
    return [a["href"] for a in BeautifulSoup(page, "html.parser").find_all("a", href=True) if re.search(pattern, a["href"])]


def _thebe(page: str) -> str:
    match = re.search(r'<script type="text/x-thebe-config">(.*?)</script>', page, re.DOTALL)
    return match.group(1) if match else ""


def _repository_buttons(page: str) -> list[str]:
    return [a["href"] for a in BeautifulSoup(page, "html.parser").select("a.btn-source-repository-button")]


def _is_redirect(page: str) -> bool:
    """The root index.html that Jupyter Book writes to send the reader to the first chapter."""
    return re.search(r'http-equiv="refresh"', page, re.IGNORECASE) is not None and "<footer" not in page


def _versions(page: str) -> list[str]:
    return [tag.get_text(" ", strip=True) for tag in BeautifulSoup(page, "html.parser").select("footer .dr-version")]


def test_github_origin_flows_into_every_launch_link(tiny_builds):
    build = tiny_builds["https"]
    chapter = build["pages"]["book/tiny.html"]
    student = coursework_links.BINDER_STUDENT_NOTEBOOK.format(chapter="tiny")
    binder = f"https://mybinder.org/v2/gh/{ORG}/{NAME}/main?urlpath=lab/tree/"
    reading = publishing.BINDER_READING_NOTEBOOK.format(chapter="tiny")  # the rocket opens the page as a plain notebook
    assert sorted(_hrefs(chapter, r"mybinder\.org")) == sorted([f"{binder}{reading}", f"{binder}{student}"])
    soup = BeautifulSoup(chapter, "html.parser")
    assert soup.select_one(".dr-student-edition a.dr-student-binder")["href"] == f"{binder}student/tiny.ipynb"
    thebe = _thebe(chapter)
    assert f'repo: "{ORG}/{NAME}"' in thebe and 'ref: "main"' in thebe
    assert "launch-thebe" in chapter, "the Live Code button"
    for name, page in build["pages"].items():
        if _is_redirect(page):
            continue
        assert _repository_buttons(page) == [f"https://github.com/{ORG}/{NAME}"], name
        assert _hrefs(page, r"github\.com") == [f"https://github.com/{ORG}/{NAME}"], name
    every_page = "".join(build["pages"].values())
    for foreign in (PLACEHOLDER, "executablebooks/jupyter-book", "binder-examples"):
        assert foreign not in every_page
    assert build["record"]["repository_url"] == f"https://github.com/{ORG}/{NAME}"
    assert f"launch links open {ORG}/{NAME} at main (git remote origin)" in build["output"]


def test_every_tiny_page_shows_its_version(tiny_builds):
    for stage, version in (("https", tiny_builds["https"]["commit"]), ("ssh-tag", "spring-2027"), ("none", "spring-2027")):
        build = tiny_builds[stage]
        assert build["record"]["version"] == version
        pages = [name for name, page in build["pages"].items() if "<footer" in page]
        assert {"book/intro.html", "book/tiny.html", "genindex.html", "search.html"} <= set(pages)
        for name in pages:
            assert _versions(build["pages"][name]) == [f"Version {version}"], (stage, name)


def test_a_new_remote_and_a_tag_reach_every_page_on_rebuild(tiny_builds):
    build = tiny_builds["ssh-tag"]
    chapter = build["pages"]["book/tiny.html"]
    binder = "https://mybinder.org/v2/gh/other-org/other-book/spring-2027?urlpath=lab/tree/"
    assert sorted(_hrefs(chapter, r"mybinder\.org")) == sorted([f"{binder}notebooks/tiny.ipynb", f"{binder}student/tiny.ipynb"])
    assert 'repo: "other-org/other-book"' in _thebe(chapter) and 'ref: "spring-2027"' in _thebe(chapter)
    assert ORG not in "".join(build["pages"].values()), "a page kept the old repository"


def test_no_github_remote_means_no_launch_or_repository_links(tiny_builds):
    build = tiny_builds["none"]
    for name, page in build["pages"].items():
        assert not _hrefs(page, r"mybinder\.org|github\.com"), name
        assert "x-thebe-config" not in page and "launch-thebe" not in page, name
    assert "dr-student-binder" not in build["pages"]["book/tiny.html"]
    assert "dr-student-notebook" in build["pages"]["book/tiny.html"], "the student download stays"
    assert (build["site"] / "_sources" / "book" / "tiny.ipynb").is_file(), "the .ipynb download stays"
    assert "_sources/book/tiny.ipynb" in build["pages"]["book/tiny.html"]
    lines = [line for line in build["output"].splitlines() if line.startswith("publishing:")]
    assert len(lines) == 1 and "REPOSITORY=https://github.com/<org>/<name>" in lines[0], lines
    assert build["record"]["repository_url"] is None and build["record"]["binder_url"] is None


# ------------------------------------------------------------------------------ the workflows
def _workflow(name: str) -> dict:
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _actions(workflow: dict) -> dict[str, str]:
    """Every action a workflow uses, by name, with its version."""
    used = [step["uses"].split("@") for step in _steps(workflow) if "uses" in step]
    assert all(len(parts) == 2 and re.fullmatch(r"v\d+", parts[1]) for parts in used), f"pin each action to a major version: {used}"
    return dict(used)


def test_deploy_workflow_tests_and_deploys_main():
    workflow = _workflow("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    actions = _actions(workflow)
    assert {"actions/checkout", "actions/setup-python", "actions/cache", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(actions)
    steps = _steps(workflow)
    runs = [step["run"].strip() for step in steps if "run" in step]
    assert "make test" in runs, "the site is deployed only after every test passes"
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "tags are fetched, so the footer can name the tag"
    python = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python@"))
    assert str(python["with"]["python-version"]) == "3.11"
    cached = "\n".join(step["with"]["path"] for step in steps if step.get("uses", "").startswith("actions/cache@"))
    assert ".venv" in cached and "_build/.jupyter_cache" in cached and "_build/.library-hash" in cached
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "_build/html"
    order = [step.get("uses", step.get("run", "")).strip() for step in workflow["jobs"]["build"]["steps"]]
    assert order.index("make test") < order.index(upload["uses"]), "upload after the tests"
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    assert "pull_request" in deploy["if"], "pull requests are tested, never deployed"


def test_link_check_workflow_runs_weekly():
    workflow = _workflow("links.yml")
    (schedule,) = workflow["on"]["schedule"]
    minute, hour, day_of_month, month, day_of_week = schedule["cron"].split()
    assert (day_of_month, month) == ("*", "*") and re.fullmatch(r"[0-6]", day_of_week), "once a week"
    assert {"actions/checkout", "actions/setup-python", "actions/cache"} <= set(_actions(workflow))
    runs = [step["run"].strip() for step in _steps(workflow) if "run" in step]
    assert "make book" in runs
    assert any("jupyter-book build . --builder linkcheck" in run for run in runs)
    assert workflow["permissions"] == {"contents": "read"}


# ------------------------------------------------------------------------------- the Makefile
def _make_dry_run(*args: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in (publishing.ENVIRONMENT_VARIABLE, "REPOSITORY")}
    return subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, env=environment).stdout


def test_make_book_passes_the_repository_on():
    given = _make_dry_run("book", "REPOSITORY=https://github.com/org-m/book-m")
    assert 'BOOK_REPOSITORY_URL="https://github.com/org-m/book-m"' in given and "jupyter-book build" in given
    # (`make book` stops early when the site is up to date, so the build's own target is asked here)
    assert 'BOOK_REPOSITORY_URL=""' in _make_dry_run("book-build"), "no repository given: the build reads the remote"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_make_serve_previews_the_built_site(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    empty = subprocess.run(["make", "serve"], cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert empty.returncode != 0 and "run 'make book' first" in empty.stdout
    (tmp_path / "_build" / "html").mkdir(parents=True)
    (tmp_path / "_build" / "html" / "index.html").write_text("<p>the book</p>", encoding="utf-8")
    port = _free_port()
    server = subprocess.Popen(["make", "serve", f"PORT={port}"], cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=2) as response:
                    assert response.read() == b"<p>the book</p>"
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, "make serve did not start a server"
                time.sleep(0.2)
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=10)


# --------------------------------------------------------------------------- the built site
def _built() -> dict:
    if not (SITE / "index.html").exists():
        pytest.skip("the site is not built (make book)")
    record = SITE.parent / publishing.RECORD_NAME
    assert record.is_file(), f"{record} is missing: the site was built before _ext/publishing.py; run `make book`"
    return json.loads(record.read_text(encoding="utf-8"))


def _site_pages() -> dict[str, str]:
    return {path.relative_to(SITE).as_posix(): path.read_text(encoding="utf-8") for path in sorted(SITE.rglob("*.html"))}


def test_no_built_page_carries_the_placeholder():
    _built()
    carrying = [name for name, page in _site_pages().items() if PLACEHOLDER in page]
    assert not carrying, f"pages naming the placeholder repository {PLACEHOLDER}: {carrying}"


def test_every_built_page_shows_its_version():
    version = _built()["version"]
    missing = []
    for name, page in _site_pages().items():
        if name.startswith("_") or _is_redirect(page):
            continue  # downloads and the root redirect
        if _versions(page) != [f"Version {version}"]:
            missing.append(name)
    assert not missing, f"pages without 'Version {version}' in their footer: {missing}"


def test_every_built_launch_link_names_the_recorded_repository():
    record = _built()
    pages = _site_pages()
    binder = [href for page in pages.values() for href in _hrefs(page, r"mybinder\.org")]
    buttons = [href for page in pages.values() for href in _repository_buttons(page)]
    if record["repository_url"] is None:
        assert not binder and not buttons and not any("x-thebe-config" in page for page in pages.values())
        return
    assert binder and all(href.startswith(record["binder_url"]) for href in binder), binder[:5]
    student_folder = coursework_links.BINDER_STUDENT_NOTEBOOK.split("{chapter}")[0]
    assert any(href.startswith(record["binder_url"] + student_folder) for href in binder), "student-notebook launch links"
    assert set(buttons) == {record["repository_url"]}
    assert len(buttons) == sum(not _is_redirect(page) for name, page in pages.items() if not name.startswith("_"))
    slug = record["repository_url"].removeprefix("https://github.com/")
    for name, page in pages.items():
        thebe = _thebe(page)
        if thebe:
            assert f'repo: "{slug}"' in thebe and f'ref: "{record["ref"]}"' in thebe, name
