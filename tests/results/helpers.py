"""Reading a store whole, to compare stores and to check that nothing changed."""

from __future__ import annotations

import hashlib

from openpeel.results import schema
from openpeel.store import Store


def stored_rows(store: Store) -> dict[str, list[dict]]:
    """The stored results, comparisons and defaults, as rows."""
    out = {}
    with store.reading() as con:
        for table in (schema.RESULTS, schema.COMPARISONS, schema.DEFAULTS):
            cur = con.execute(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cur.description]
            out[table] = [dict(zip(names, row)) for row in cur.fetchall()]
    return out


def checksums(store: Store) -> dict[str, str]:
    """A digest of every table in the store (records, loads, results and their log), in any row order."""
    found = {}
    with store.reading() as con:
        names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        for name in names:
            rows = sorted(str(r) for r in con.execute(f'SELECT * FROM "{name}"').fetchall())
            found[name] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return found
