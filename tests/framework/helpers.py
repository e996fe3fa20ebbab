"""Small builders for framework tests: write a YAML file and load it."""

from __future__ import annotations

import textwrap
from pathlib import Path

from openpeel.framework.framework_loader import framework_path


def write_yaml(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def shipped_framework_text() -> str:
    return framework_path("peel-2025-27").read_text(encoding="utf-8")


def line_of(path: Path, fragment: str, occurrence: int = 1) -> int:
    """The 1-based line on which ``fragment`` occurs for the given time in ``path``."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if fragment in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{fragment!r} occurs fewer than {occurrence} times in {path}")
