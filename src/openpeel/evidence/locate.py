"""Finding the rows behind a failed cross-column check, so the error can name them.

Schema checks (one column at a time) go through :mod:`openpeel.sources.checks`; rules that look at
several columns or at the question set run as SQL over the incoming rows, and this turns the rows
they catch into :class:`~openpeel.sources.base.Problem` s in the same style.
"""

from __future__ import annotations

import duckdb

from openpeel.sources.base import Problem

MAX_ROWS_SHOWN = 5


def problems(
    con: duckdb.DuckDBPyConnection, path: str, column: str, sql: str, params: list | None = None
) -> list[Problem]:
    """One problem per distinct message from ``sql``, which selects ``_row`` and ``message``.

    The first row is named; the others with the same message are counted and listed briefly.
    """
    rows = con.execute(f"SELECT _row, message FROM ({sql}) ORDER BY _row", params or []).fetchall()
    grouped: dict[str, list[int]] = {}
    for row, message in rows:
        grouped.setdefault(message, []).append(row)
    found = []
    for message, numbers in grouped.items():
        if len(numbers) > 1:
            others = ", ".join(str(r) for r in numbers[1:MAX_ROWS_SHOWN]) + (
                "..." if len(numbers) > MAX_ROWS_SHOWN else ""
            )
            message += f" (the same in {len(numbers) - 1} more row{'s' if len(numbers) > 2 else ''}: {others})"
        found.append(Problem(path, message, row=numbers[0], column=column))
    return found


def sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
