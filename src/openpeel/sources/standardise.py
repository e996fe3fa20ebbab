"""Standardisation runs as DuckDB SQL over the Arrow tables readers build.

Readers write one SELECT that renames, casts and maps a publisher's columns onto a standardised
table; :func:`run` executes it over named Arrow tables in a throwaway in-memory database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc

from openpeel import duck


def run(query: str, params: Sequence | None = None, **tables: pa.Table) -> pa.Table:
    """The result of ``query`` with each keyword's Arrow table visible under its name."""
    con = duck.connect()
    try:
        for name, table in tables.items():
            con.register(name, table)
        return con.execute(query, list(params or [])).to_arrow_table()
    finally:
        con.close()


def literal(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def case(expression: str, mapping: Mapping[str, str], default: str = "NULL") -> str:
    """A SQL CASE mapping the published values of ``expression`` onto standard ones."""
    whens = " ".join(f"WHEN {literal(k)} THEN {literal(v)}" for k, v in mapping.items())
    return f"CASE {expression} {whens} ELSE {default} END"


def unpivot(table: str, columns: Sequence[str], name: str, value: str) -> str:
    """A FROM clause turning ``columns`` of a wide table into (``name``, ``value``) rows.

    INCLUDE NULLS keeps a row for an empty cell (DuckDB's UNPIVOT drops them by default), so no
    published figure silently disappears."""
    published = ", ".join(f'"{c}"' for c in columns)
    return f"{table} UNPIVOT INCLUDE NULLS ({value} FOR {name} IN ({published}))"


def groups(table: pa.Table, column: str) -> dict:
    """The rows of ``table`` split by the distinct values of ``column`` (a few dozen at most)."""
    values = sorted(v for v in table.column(column).unique().to_pylist() if v is not None)
    return {v: table.filter(pc.equal(table.column(column), v)) for v in values}


def month_span(table: pa.Table, column: str = "month") -> str:
    """'2016-12' for one month, '2016-01..2016-12' for several: the months a batch covers."""
    first: date = pc.min(table.column(column)).as_py()
    last: date = pc.max(table.column(column)).as_py()
    return f"{first:%Y-%m}" if first == last else f"{first:%Y-%m}..{last:%Y-%m}"
