"""Every link from the built site to another host, listed in one place.

``tests/site/test_links.py`` fails when a page of ``_build/html`` links to an
http(s) address that is not listed here, and when an entry here is no longer
linked from any page. A new external link is therefore added deliberately: put
it in the right group below. Nothing in the tests contacts these addresses.
"""
from __future__ import annotations

import json
from pathlib import Path

# Cited works: the bibliography (references.bib, rendered on book/references.html).
BIBLIOGRAPHY_URLS = (
    "https://arxiv.org/abs/1409.0473",
    "https://arxiv.org/abs/1609.08144",
    "https://arxiv.org/abs/1611.03530",
    "https://arxiv.org/abs/1707.07012",
    "https://arxiv.org/abs/1712.00559",
    "https://arxiv.org/abs/1803.03635",
    "https://arxiv.org/abs/1911.04252",
    "https://arxiv.org/abs/2003.13678",
    "https://arxiv.org/abs/2005.04305",
    "https://arxiv.org/abs/2007.05558v1",
    "https://arxiv.org/abs/2007.05558v2",
    "https://arxiv.org/abs/2205.01917",
    "https://arxiv.org/abs/2212.05153",
    "https://doi.org/10.1007/978-0-387-21736-9",
    "https://doi.org/10.1007/978-3-540-30194-3_12",
    "https://doi.org/10.1007/BF02551274",
    "https://doi.org/10.1007/s10462-023-10448-w",
    "https://doi.org/10.1016/0893-6080(89)90020-8",
    "https://doi.org/10.1016/j.patter.2022.100520",
    "https://doi.org/10.1037/h0042519",
    "https://doi.org/10.1038/nature23474",
    "https://doi.org/10.1038/nature24270",
    "https://doi.org/10.1038/nphoton.2017.93",
    "https://doi.org/10.1038/s41586-018-0180-5",
    "https://doi.org/10.1038/s41586-019-1724-z",
    "https://doi.org/10.1073/pnas.1903070116",
    "https://doi.org/10.1088/1742-5468/ac3a74",
    "https://doi.org/10.1109/CVPR.2009.5206848",
    "https://doi.org/10.1109/MSPEC.2021.9563954",
    "https://doi.org/10.1126/science.1254642",
    "https://doi.org/10.1145/3079856.3080246",
    "https://doi.org/10.1162/089976602753284446",
    "https://doi.org/10.1214/21-AOS2133",
    "https://doi.org/10.18653/v1/P19-1355",
    "https://www.nyc.gov",
    "https://www.yuzeh.com/data/agz-cost.html",
)

# Data sources credited in the chapter text (book/data.md) and the bibliography.
DATA_SOURCE_URLS = (
    "https://epoch.ai/data/machine-learning-hardware",
    "https://epoch.ai/data/notable-ai-models",
)


def repository_links(repository_url: str | None, ref: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The addresses the site links to because it knows its repository: ``(urls, prefixes)``.

    The repository button on every page, and the Binder launch links of each chapter (the
    theme's rocket: ``notebooks/<chapter>.ipynb``; the Coursework box: ``student/<chapter>.ipynb``), at
    the ref the site was built for. A build without a GitHub repository has none of them.
    """
    if not repository_url:
        return (), ()
    slug = repository_url.removeprefix("https://github.com/")
    binder = f"https://mybinder.org/v2/gh/{slug}/{ref}?urlpath=lab/tree/"
    return (repository_url,), (f"{binder}notebooks/", f"{binder}student/")


def built_repository() -> tuple[str | None, str | None]:
    """The repository and ref the built site used (recorded by _ext/publishing.py), if it is built."""
    record = Path(__file__).resolve().parents[2] / "_build" / ".publishing.json"
    if not record.is_file():
        return None, None
    built = json.loads(record.read_text(encoding="utf-8"))
    return built.get("repository_url"), built.get("ref")


# Added by the theme and the Coursework box for the repository the site was built from (_ext/publishing.py:
# the git remote origin or BOOK_REPOSITORY_URL), never written by hand.
THEME_URLS, REPOSITORY_URL_PREFIXES = repository_links(*built_repository())

EXTERNAL_URLS: frozenset[str] = frozenset(BIBLIOGRAPHY_URLS + DATA_SOURCE_URLS + THEME_URLS)
"""Every external address the site may link to, exactly as written in the HTML."""

EXTERNAL_URL_PREFIXES: tuple[str, ...] = REPOSITORY_URL_PREFIXES
"""Generated addresses, one per chapter: allowed by prefix rather than one by one."""


def is_known_external(url: str) -> bool:
    """True when ``url`` is listed in :data:`EXTERNAL_URLS` or starts with an allowed prefix."""
    return url in EXTERNAL_URLS or url.startswith(EXTERNAL_URL_PREFIXES)
