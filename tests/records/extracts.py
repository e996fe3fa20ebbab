"""Writing small hand-made extracts and loading them, for the record tests."""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

from openpeel.backends import duckdb_backend
from openpeel.ingest import ingest

FORCE = "northamptonshire-demo"


def extract(folder: Path, name: str, text: str) -> Path:
    """A CSV extract named after its schema, from an indented block of lines."""
    path = folder / f"{name}.csv"
    path.write_text(dedent(text).strip() + "\n", encoding="utf-8")
    return path


def load(store, folder: Path, force: str = FORCE, **extracts: str):
    """Load extracts given as schema name -> CSV text, and return a DuckDB backend over the store."""
    ingest([extract(folder, name, text) for name, text in extracts.items()], store, force=force)
    return duckdb_backend(store)
