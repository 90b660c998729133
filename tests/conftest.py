"""Shared test fixtures: paths of the repository and its built site."""
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"


def toc_files() -> list[str]:
    """Every chapter file named in _toc.yml (without extension), root first."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def collect(entries):
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            collect(entry.get("sections"))
            collect(entry.get("chapters"))

    for part in toc.get("parts", []):
        collect(part.get("chapters"))
    collect(toc.get("chapters"))
    return files


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT
