"""DuckDB connections as openpeel wants them: quiet (no progress bars in logs and pipes)."""

from __future__ import annotations

import duckdb


def connect(database: str = ":memory:", *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(database, read_only=read_only)
    con.execute("SET enable_progress_bar = false").fetchall()
    return con


def ibis_connect(database: str = ":memory:", *, read_only: bool = False):
    """An Ibis DuckDB backend, equally quiet."""
    import ibis

    con = ibis.duckdb.connect(database, read_only=read_only)
    con.raw_sql("SET enable_progress_bar = false")
    return con
