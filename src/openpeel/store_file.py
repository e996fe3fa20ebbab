"""Checking that a path given as the store (``--db``) can be one, before DuckDB opens it.

DuckDB opens whatever it is given: a folder fails with an I/O error, a file of another format with
another, and a small text file may even be taken for an empty database and overwritten. So the
command line checks the path first and says plainly what is wrong.
"""

from __future__ import annotations

from pathlib import Path

from openpeel.store import StoreError

# A DuckDB database file carries these bytes at offset 8.
MAGIC = b"DUCK"
DATA_SUFFIXES = {".csv", ".ods", ".xlsx", ".parquet", ".zip", ".yaml", ".yml", ".json", ".txt", ".pdf", ".html"}


def check_store_file(path: Path) -> None:
    """Raise :class:`~openpeel.store.StoreError` if ``path`` cannot be an openpeel store."""
    if path.is_dir():
        raise StoreError(f"the store {path} is a folder; give a file name, e.g. {path / 'openpeel.duckdb'}")
    if not path.parent.exists():
        raise StoreError(f"the store's folder {path.parent} does not exist")
    if path.exists():
        with path.open("rb") as stream:
            head = stream.read(12)
        if head and head[8:12] != MAGIC:
            raise StoreError(f"{path} is not an openpeel store (a DuckDB database file); it is left untouched. "
                             "Give a new file name to make a store, or the store you made before")
    elif path.suffix.lower() in DATA_SUFFIXES:
        raise StoreError(f"the store {path} would be named like a data file ({path.suffix}); "
                         "name it .duckdb, e.g. openpeel.duckdb")
