"""Plausibility rules: data that reads correctly but cannot be true.

A value can be well formed and still impossible: a search dated outside the month its file covers,
a month that has not happened yet, a point in the North Sea, a negative count, parts that add up to
more than their total, a period that ends before it starts. Each reader declares such rules next to
its other checks, as SQL conditions over the rows it reads, and says what a breach does:

- ``REFUSE`` (the default): the file is refused, like any other problem, naming file, row and column;
- ``WARN``: the file loads, and the warning is listed in the ingest summary and kept with the load's
  record in the store table ``_load_warnings`` (load_id, path, sheet, row, column, message).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

import duckdb

from openpeel.sources.base import Problem, shorten

MAX_ROWS_SHOWN = 5


class Action(str, Enum):
    REFUSE = "refuse"
    WARN = "warn"


@dataclass(frozen=True)
class Plausible:
    """A rule every row should meet: ``breach`` is SQL that is true for a row that does not."""

    id: str
    breach: str
    message: str  # what is wrong with a row that breaks it, e.g. "the search is dated after today"
    column: str | None = None
    action: Action = Action.REFUSE
    shown: str | None = None  # SQL for the value to quote in the message


# England and Wales lie within about 49.9-55.8 N and 6.4 W-1.8 E; the margin takes in the Isles of
# Scilly, the coast and anonymised points that data.police.uk snaps to a nearby street.
LATITUDES = (49.5, 56.0)
LONGITUDES = (-6.6, 2.1)
EARLIEST = date(1900, 1, 1)


def today() -> date:
    return date.today()


def outside_england_and_wales(lat: str, lon: str) -> str:
    """SQL: true when a (text) latitude or longitude is given and lies outside England and Wales
    (a latitude of 60 is in Shetland whatever the longitude, or its lack)."""
    la, lo = f"TRY_CAST({lat} AS DOUBLE)", f"TRY_CAST({lon} AS DOUBLE)"
    return (
        f"(coalesce(NOT {la} BETWEEN {LATITUDES[0]} AND {LATITUDES[1]}, FALSE) "
        f"OR coalesce(NOT {lo} BETWEEN {LONGITUDES[0]} AND {LONGITUDES[1]}, FALSE))"
    )


def counts_sql(rules: Sequence[Plausible]) -> list[str]:
    """Aggregates counting each rule's breaches (to add to a reader's checking pass)."""
    return [f'count(*) FILTER (WHERE {r.breach}) AS "_breach_{i}"' for i, r in enumerate(rules)]


def problems(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    rules: Iterable[Plausible],
    path: str,
    *,
    sheet: str | None = None,
) -> list[Problem]:
    """One problem (or warning) per rule broken in ``relation``, naming the first rows that break it.

    ``relation`` has ``_row``, and ``_file`` when several files are checked together."""
    names = [d[0] for d in con.execute(f"DESCRIBE {relation}").fetchall()]
    several = "_file" in names
    found: list[Problem] = []
    rules = list(rules)
    if not rules:
        return found
    broken = con.execute(
        f"SELECT {', '.join(f'coalesce(bool_or({r.breach}), FALSE)' for r in rules)} FROM {relation}"
    ).fetchone()
    for rule, breached in zip(rules, broken):
        if not breached:
            continue
        value = rule.shown or (f'"{rule.column}"' if rule.column else "NULL")
        hits = con.execute(f"""
            SELECT {"CAST(_file AS VARCHAR)" if several else "NULL"} AS file, _row, CAST({value} AS VARCHAR)
            FROM {relation} WHERE {rule.breach} ORDER BY {"_file, " if several else ""}_row
            LIMIT {MAX_ROWS_SHOWN + 1}""").fetchall()
        if not hits:
            continue
        total = con.execute(f"SELECT count(*) FROM {relation} WHERE {rule.breach}").fetchone()[0]
        file, row, shown = hits[0]
        message = rule.message + (f" ({shorten(shown)})" if shown is not None else "")
        if total > 1:
            others = ", ".join(str(r) for f, r, _ in hits[1:MAX_ROWS_SHOWN]) + ("..." if total > MAX_ROWS_SHOWN else "")
            message += f"; the same in {total - 1} more row{'s' if total > 2 else ''}: {others}"
        if rule.action is Action.WARN:
            message = "warning: " + message
        found.append(
            Problem(file or path, message, row=row, column=rule.column, sheet=sheet, warning=rule.action is Action.WARN)
        )
    return found


def check(
    table, rules: Sequence[Plausible], path: str, *, sheet: str | None = None, helpers: str = "", **tables
) -> list[Problem]:
    """Warnings for the rules ``table`` (an Arrow table with ``_row``) breaks with ``WARN``; raises
    :class:`SourceError` for those it breaks with ``REFUSE``. ``helpers`` adds computed columns
    (SQL select items) the rules use; ``tables`` are other Arrow tables they may join."""
    from openpeel import duck
    from openpeel.sources.base import SourceError

    con = duck.connect()
    try:
        con.register("_plausible_in", table)
        for name, other in tables.items():
            con.register(name, other)
        con.execute(f"CREATE TEMP VIEW _plausible AS SELECT *{', ' + helpers if helpers else ''} FROM _plausible_in")
        found = problems(con, "_plausible", rules, path, sheet=sheet)
    finally:
        con.close()
    refused = [p for p in found if not p.warning]
    if refused:
        raise SourceError(refused)
    return found


def month_start(day: date) -> date:
    return day.replace(day=1)
