"""The real open data shipped inside the package (see ``data/open/ATTRIBUTION.md``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def shipped_data_dir() -> Path:
    return Path(str(resources.files("openpeel").joinpath("data/open")))


def shipped_file(relative: str) -> Path:
    path = shipped_data_dir() / relative
    if not path.exists():
        raise FileNotFoundError(f"no shipped file {relative}")
    return path
