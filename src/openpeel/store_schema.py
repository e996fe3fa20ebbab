"""The store's own tables, and bringing a store made by an earlier openpeel up to date.

The standardised tables come from their declarations (:mod:`openpeel.tables`); the store adds its
record of loads and the warnings they were accepted with. A store of another schema version, or
whose tables have other columns, is refused with what to do; one made before a record column was
renamed has the column renamed, its rows kept.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from openpeel import tables
from openpeel.errors import StoreError

SCHEMA_VERSION = "2"

_LOADS_DDL = """
CREATE TABLE IF NOT EXISTS _loads (
    load_id BIGINT NOT NULL,
    "table" VARCHAR NOT NULL,
    source_key VARCHAR NOT NULL,
    path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    reader VARCHAR NOT NULL,
    rows BIGINT NOT NULL,
    loaded_at TIMESTAMP NOT NULL
)
"""

# Plausibility warnings a load was accepted with (see openpeel.sources.plausible), one row each.
_LOAD_WARNINGS_DDL = """
CREATE TABLE IF NOT EXISTS _load_warnings (
    load_id BIGINT NOT NULL,
    path VARCHAR NOT NULL,
    sheet VARCHAR,
    "row" BIGINT,
    "column" VARCHAR,
    message VARCHAR NOT NULL
)
"""


def create(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Create what is missing of the store's tables on a writable connection, renaming columns a
    store made by an earlier version has under their earlier names; refuse a store of another
    schema version or whose tables have other columns."""
    con.execute("CREATE TABLE IF NOT EXISTS _meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    found = con.execute("SELECT value FROM _meta WHERE key = 'schema_version'").fetchone()
    if found is None:
        con.execute("INSERT INTO _meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
    elif found[0] != SCHEMA_VERSION:
        raise StoreError(
            f"store {path} has schema version {found[0]}, this openpeel writes "
            f"{SCHEMA_VERSION}: load your files into a new store (--db)"
        )
    con.execute(_LOADS_DDL)
    con.execute(_LOAD_WARNINGS_DDL)
    con.execute("CREATE SEQUENCE IF NOT EXISTS load_ids")
    for spec in tables.all_tables():
        _rename_columns(con, spec)
        con.execute(spec.ddl())
        _check_columns(con, spec, path)


def _rename_columns(con: duckdb.DuckDBPyConnection, spec: tables.TableSpec) -> None:
    """Give a store made before a column was renamed the column's current name (its rows kept)."""
    if not spec.renamed:
        return
    have = {
        r[0]
        for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [spec.name]).fetchall()
    }
    for old, new in spec.renamed.items():
        if old in have and new not in have:
            con.execute(f'ALTER TABLE "{spec.name}" RENAME COLUMN "{old}" TO "{new}"')


def columns_to_rename(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether any record table still has a column under an earlier name (only record schemas
    rename columns; asked of the schemas, which load without the readers and their libraries)."""
    from openpeel.records.schema import all_schemas

    earlier = [(schema.name, old) for schema in all_schemas() for old in schema.formerly]
    if not earlier:
        return False
    # names as quoted literals, not bound parameters: DuckDB imports pandas to bind a list of them,
    # which a read that answers from stored results must not wait for
    pairs = ", ".join(f"({_literal(table)}, {_literal(column)})" for table, column in earlier)
    found = con.execute(
        f"SELECT count(*) FROM duckdb_columns() WHERE (table_name, column_name) IN ({pairs})"
    ).fetchone()
    return bool(found and found[0])


def _check_columns(con: duckdb.DuckDBPyConnection, spec: tables.TableSpec, path: Path) -> None:
    have = [r[0] for r in con.execute(f'DESCRIBE "{spec.name}"').fetchall()]
    want = [*spec.columns, "source_key", "load_id"]
    if have != want:
        raise StoreError(
            f"table {spec.name} in {path} has columns {have}, this openpeel expects "
            f"{want}: load your files into a new store (--db)"
        )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
