"""DuckDB connections as openpeel wants them: quiet (no progress bars in logs and pipes).

In-memory connections (scratch space for checking and standardising incoming rows) are cursors on
one in-memory database per process: opening a database costs far more than a cursor, and readers
open many. A cursor has its own temporary tables and registered Arrow tables, so scratch work
keeps to ``CREATE TEMP TABLE`` and never sees another cursor's.
"""

from __future__ import annotations

import threading

import duckdb

_scratch: duckdb.DuckDBPyConnection | None = None
_lock = threading.Lock()


def connect(database: str = ":memory:", *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if database == ":memory:" and not read_only:
        try:
            con = _scratch_database().cursor()
        except duckdb.FatalException:  # an internal error invalidated the database: start a new one
            _reset_scratch()
            con = _scratch_database().cursor()
    else:
        con = duckdb.connect(database, read_only=read_only)
    con.execute("SET enable_progress_bar = false").fetchall()
    return con


def _scratch_database() -> duckdb.DuckDBPyConnection:
    global _scratch
    with _lock:
        if _scratch is None:
            _scratch = duckdb.connect(":memory:")
        return _scratch


def _reset_scratch() -> None:
    global _scratch
    with _lock:
        _scratch = None


def ibis_connect(database: str = ":memory:", *, read_only: bool = False):
    """An Ibis DuckDB backend, equally quiet."""
    import ibis

    con = ibis.duckdb.connect(database, read_only=read_only)
    con.raw_sql("SET enable_progress_bar = false")
    return con
