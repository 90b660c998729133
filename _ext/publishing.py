"""Sphinx extension: the repository the site links to, and the version it was built from.

The repository address is never written in ``_config.yml``; it is read when the book is built:

1. the environment variable ``BOOK_REPOSITORY_URL`` (``make book REPOSITORY=...`` sets it), else
2. the git remote ``origin`` of the book's working tree.

Only GitHub repositories are used (Binder and Thebe launch them by ``org/name``), and an SSH
remote is normalised to its HTTPS address: ``git@github.com:org/name.git`` becomes
``https://github.com/org/name``. With no GitHub repository (a local clone, or a remote elsewhere)
the site is built without launch, Thebe and repository buttons, and one line says how to set the
address; no page links a repository that was not given. A ``BOOK_REPOSITORY_URL`` that is not a
GitHub address stops the build.

The **ref** that Binder, Thebe and the student-notebook links open is the git tag at ``HEAD`` when
there is one (a site built from ``git checkout spring-2027`` launches ``spring-2027``), else the
branch in ``_config.yml`` (``repository.branch``).

The **launch button** of a notebook page opens ``notebooks/<page>.ipynb`` on Binder
(:data:`BINDER_READING_NOTEBOOK`): the page as a plain notebook that ``postBuild`` writes into the
image with the worksheets' converter (``_ext/worksheets.py``), so Binder shows what the page shows.

The **version** shown in every page's footer is that tag, else the short commit, else
``unknown`` (a tree without git).

Everything is decided at ``config-inited`` and written into ``html_theme_options``
(sphinx-book-theme's ``repository_url``, ``repository_branch``, ``use_repository_button``,
``launch_buttons`` and ``extra_footer``). Those are HTML settings, so a new repository, tag or commit
changes the build's configuration hash and Sphinx rewrites every page; no chapter is re-executed.
The values used are recorded in ``_build/.publishing.json`` for the tests of the built site.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

logger = logging.getLogger(__name__)

ENVIRONMENT_VARIABLE = "BOOK_REPOSITORY_URL"
RECORD_NAME = ".publishing.json"
UNKNOWN_VERSION = "unknown"
HOW_TO_SET = (
    f"set one with `make book REPOSITORY=https://github.com/<org>/<name>` (or {ENVIRONMENT_VARIABLE}), "
    "or `git remote add origin https://github.com/<org>/<name>.git`"
)

_OWNER = r"(?P<org>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))"
_NAME = r"(?P<name>[A-Za-z0-9._-]+?)"
_GITHUB_REMOTE = re.compile(
    r"^(?:"
    r"(?:https?|git|ssh|git\+ssh)://(?:[^@/\s]+@)?(?:www\.)?github\.com(?::\d+)?/"  # https://, ssh://git@ ...
    r"|(?:[^@/\s]+@)?github\.com:"  # scp-like SSH: git@github.com:org/name.git
    r")" + _OWNER + "/" + _NAME + r"(?:\.git)?/?$"
)


def github_repository_url(remote: str | None) -> str | None:
    """The ``https://github.com/<org>/<name>`` address of a GitHub remote; None for any other address.

    >>> github_repository_url("git@github.com:org/name.git")
    'https://github.com/org/name'
    """
    if not remote:
        return None
    match = _GITHUB_REMOTE.match(remote.strip())
    if match is None or match.group("name") in (".", ".."):
        return None
    return f"https://github.com/{match.group('org')}/{match.group('name')}"


def _git(root: Path, *args: str) -> str | None:
    """Output of a git command in ``root``, or None (no git, not a repository, or the command failed)."""
    try:
        run = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return None
    output = run.stdout.strip()
    return output if run.returncode == 0 and output else None


def origin_url(root: Path) -> str | None:
    """The address of the remote ``origin`` (as git prints it), or None."""
    return _git(root, "remote", "get-url", "origin")


def head_tag(root: Path) -> str | None:
    """The tag pointing at ``HEAD``, or None."""
    return _git(root, "describe", "--tags", "--exact-match", "HEAD")


@dataclass(frozen=True)
class Publishing:
    repository_url: str | None  # https://github.com/<org>/<name>, or None: no launch or repository buttons
    ref: str  # the tag or branch that launch links open
    version: str  # shown in the footer
    source: str  # where the address came from, for the build log

    @property
    def slug(self) -> str | None:
        return self.repository_url.removeprefix("https://github.com/") if self.repository_url else None


def resolve(root: Path, branch: str = "main", environ: dict | None = None) -> Publishing:
    """Decide the repository, ref and version of a build of the book in ``root``."""
    environ = os.environ if environ is None else environ
    tag = head_tag(root)
    version = tag or _git(root, "rev-parse", "--short", "HEAD") or UNKNOWN_VERSION  # the footer's version
    given = (environ.get(ENVIRONMENT_VARIABLE) or "").strip()
    if given:
        url = github_repository_url(given)
        if url is None:
            raise ConfigError(
                f"publishing: {ENVIRONMENT_VARIABLE}={given!r} is not a GitHub repository address "
                "(https://github.com/<org>/<name> or git@github.com:<org>/<name>.git); "
                "Binder and Thebe launch GitHub repositories only"
            )
        return Publishing(url, tag or branch, version, ENVIRONMENT_VARIABLE)
    remote = origin_url(root)
    url = github_repository_url(remote)
    if url is not None:
        return Publishing(url, tag or branch, version, "git remote origin")
    shown = re.sub(r"//[^@/\s]+@", "//", remote or "")  # never print credentials kept in a remote address
    source = f"remote origin {shown} is not on GitHub" if remote else "no git remote origin"
    return Publishing(None, tag or branch, version, source)


def binder_url(theme_options: dict, path: str) -> str | None:
    """The Binder address that opens ``path`` (relative to the repository root) at the build's ref.

    Built the way sphinx-book-theme builds its launch button, from the same ``html_theme_options``;
    None when the build has no repository or no BinderHub.
    """
    repository = github_repository_url(theme_options.get("repository_url"))
    launch = theme_options.get("launch_buttons") or {}
    hub = (launch.get("binderhub_url") or "").strip("/")
    if repository is None or not hub:
        return None
    interface = {"classic": "tree", "jupyterlab": "lab/tree"}[launch.get("notebook_interface", "classic")]
    ref = theme_options.get("repository_branch") or "main"
    return f"{hub}/v2/gh/{repository.removeprefix('https://github.com/')}/{ref}?urlpath={interface}/{path}"


#: What the launch (rocket) button of a notebook page opens on Binder: the page as a plain notebook (numbers
#: written in, citations and references as text, solutions collapsed), written into Binder's image by
#: ``postBuild`` with ``_ext/worksheets.py``. The theme's own link would open the MyST source.
BINDER_READING_NOTEBOOK = "notebooks/{chapter}.ipynb"


def footer_html(version: str) -> str:
    return f'<p class="dr-version">Version <span class="dr-version-id">{html.escape(version)}</span></p>'


# ------------------------------------------------------------------------------------ Sphinx events
def _configure(app: Sphinx, config: Config) -> None:
    options = dict(config.html_theme_options or {})
    publishing = resolve(Path(app.srcdir), options.get("repository_branch") or "main")
    app._dr_publishing = publishing  # type: ignore[attr-defined]
    if publishing.repository_url:
        options["repository_url"] = publishing.repository_url
        options["repository_branch"] = publishing.ref
        options["use_repository_button"] = True
        logger.info(f"publishing: launch links open {publishing.slug} at {publishing.ref} ({publishing.source})")
    else:
        # Without a repository the theme must see no launch configuration at all (it would build
        # links from an empty address), and no repository, issues or edit buttons.
        options.pop("repository_url", None)
        options["launch_buttons"] = {}
        for button in ("use_repository_button", "use_issues_button", "use_edit_page_button"):
            options[button] = False
        logger.info(f"publishing: {publishing.source}, so no launch, Thebe or repository buttons: {HOW_TO_SET}")
    previous = options.get("extra_footer") or ""
    options["extra_footer"] = previous + footer_html(publishing.version)
    config.html_theme_options = options


def _has_repository(app: Sphinx) -> bool:
    publishing = getattr(app, "_dr_publishing", None)
    return publishing is not None and publishing.repository_url is not None


def _drop_thebe_without_repository(app: Sphinx, doctree, docname: str) -> None:
    """sphinx-thebe configures every page, falling back to an example repository of its own; without ours, drop it."""
    if _has_repository(app):
        return
    from docutils import nodes

    for node in list(doctree.findall(nodes.raw)):
        if "text/x-thebe-config" in node.astext() or node.astext().startswith("<script>kernelName ="):
            node.parent.remove(node)


def _notebook_download_without_repository(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Keep the page's ``.ipynb`` download when the theme's launch buttons are off.

    sphinx-book-theme copies a MyST notebook's executed ``.ipynb`` into ``_sources`` (for the
    download button) in the same step that builds launch buttons, which is skipped without a
    repository; this does that copy instead. Runs just before the theme's header buttons.
    """
    if _has_repository(app) or doctree is None or pagename not in app.env.found_docs:
        return
    if "kernelspec" not in app.env.metadata.get(pagename, {}) or not str(context.get("sourcename", "")).endswith((".md", ".md.txt")):
        return
    out_dir = Path(app.outdir)
    executed = out_dir.parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file():
        return
    target = out_dir / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(executed, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def _launch_reading_notebook(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Point the theme's Binder launch button at the page's reading notebook. Runs after the theme's buttons."""
    url = binder_url(app.config.html_theme_options, BINDER_READING_NOTEBOOK.format(chapter=Path(pagename).name))
    for group in context.get("header_buttons") or []:
        for button in group.get("buttons", []) if url and group.get("label") == "launch-buttons" else []:
            if button.get("text") == "Binder":
                button["url"] = url


def _record(app: Sphinx, exception) -> None:
    """Write what this build linked to and showed into ``_build/.publishing.json`` (read by the site tests)."""
    publishing = getattr(app, "_dr_publishing", None)
    if exception is not None or publishing is None or app.builder.format != "html":
        return
    record = asdict(publishing)
    record["binder_url"] = binder_url(app.config.html_theme_options, "")
    path = Path(app.outdir).parent / RECORD_NAME
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _configure)
    app.connect("doctree-resolved", _drop_thebe_without_repository, priority=900)  # after sphinx-thebe (500)
    app.connect("html-page-context", _notebook_download_without_repository, priority=500)  # theme buttons: 501
    app.connect("html-page-context", _launch_reading_notebook, priority=502)  # after the theme's launch buttons (501)
    app.connect("build-finished", _record)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
