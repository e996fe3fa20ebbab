"""Schema checks on incoming rows, run by pandera's Ibis backend inside DuckDB.

A reader states what each column may hold (a label from a vocabulary, a number, a date); this module
runs those rules as one pandera schema and turns every failure into a :class:`Problem` that names
the file, the rows and the column.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

import duckdb
import pandera.ibis as pa
import pyarrow as arrow
from pandera.errors import SchemaErrors

from openpeel import duck, forces
from openpeel.sources.base import Problem, SourceError
from openpeel.sources.standardise import run

MAX_ROWS_SHOWN = 5
T = TypeVar("T")


def collect(*steps: Callable[[], T]) -> list[T]:
    """Run every step and return their results, or raise once with the problems of all of them,
    so a user sees every broken value and unknown force in one go."""
    results, problems = [], []
    for step in steps:
        try:
            results.append(step())
        except SourceError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SourceError(problems)
    return results


def label(values: Iterable[str], *, nullable: bool = True, what: str = "a known label") -> pa.Column:
    """A text column whose values must come from a vocabulary."""
    allowed = sorted(set(values))
    return pa.Column(str, pa.Check.isin(allowed, error=f"is not {what}"), nullable=nullable)


def pattern(regex: str, *, nullable: bool = True, what: str) -> pa.Column:
    """A text column whose values must match a regular expression (e.g. a number or a date)."""
    return pa.Column(str, pa.Check.str_matches(regex, error=f"is not {what}"), nullable=nullable)


def text(*, nullable: bool = True) -> pa.Column:
    return pa.Column(str, nullable=nullable)


NUMBER = r"^-?[0-9]+(\.[0-9]+)?$"
WHOLE_NUMBER = r"^[0-9]+$"
BOOLEAN_TEXT = ("True", "False", "true", "false", "TRUE", "FALSE")
# Spreadsheets store every number as a float, so counts arrive as '447337.0' and small values
# may come in exponent form ('1e-05').
DECIMAL = r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?"
COUNT = r"[0-9]+(\.0+)?"


def number(*, whole: bool = False, missing: str | None = None, nullable: bool = False) -> pa.Column:
    """A numeric column as a spreadsheet or tidy CSV stores it; ``missing`` is the publisher's
    marker for 'not available' (':' or '..'), allowed in place of a number."""
    body = COUNT if whole else DECIMAL
    what = "a whole number" if whole else "a number"
    if missing is not None:
        body = f"{body}|{re.escape(missing)}"
        what += f", or {missing!r} for not available"
    return pattern(f"^({body})$", nullable=nullable, what=what)


def validate(
    table: arrow.Table, path: str, columns: dict[str, pa.Column], *, sheet: str | None = None,
    letters: Mapping[str, str] | None = None,
) -> None:
    """Raise :class:`SourceError` listing every rule broken, with the rows that break it.

    Every rule here judges one value at a time, so each column's rules run on its distinct values
    (a few dozen labels rather than millions of rows); the rows holding a bad value are then
    found in the full table. For a spreadsheet, ``letters`` gives each column's letter so problems
    also name the cell.
    """
    missing = [c for c in columns if c not in table.column_names]
    if missing:
        raise SourceError([Problem(path, "required column is missing", row=1, column=c, sheet=sheet) for c in missing])
    con = duck.ibis_connect()
    problems: list[Problem] = []
    try:
        con.con.register("incoming", table.select(list(columns)))
        for number, (name, rule) in enumerate(columns.items()):
            con.raw_sql(f'CREATE TEMP TABLE values_{number} AS SELECT DISTINCT "{name}" FROM incoming')
            try:
                pa.DataFrameSchema({name: rule}).validate(con.table(f"values_{number}"), lazy=True)
            except SchemaErrors as errors:
                problems.extend(_problems(errors, table, path, sheet, letters or {}))
    finally:
        con.disconnect()
    if problems:
        raise SourceError(problems)


def _problems(
    errors: SchemaErrors, table: arrow.Table, path: str, sheet: str | None, letters: Mapping[str, str]
) -> list[Problem]:
    problems: list[Problem] = []
    raw = duck.connect()
    raw.register("incoming", table)
    try:
        seen: set[tuple[str, str]] = set()
        for case in errors.failure_cases.itertuples(index=False):
            check = str(case.check)
            if check == "column_in_dataframe":
                problems.append(Problem(path, "required column is missing", row=1, column=str(case.failure_case), sheet=sheet))
                continue
            if isinstance(case.failure_case, dict):  # an element-wise check: {column: value}
                ((column, value),) = case.failure_case.items()
            elif check == "not_nullable":
                column, value = str(case.column), None
            else:
                problems.append(Problem(path, f"{check}: {case.failure_case}", column=str(case.column), sheet=sheet))
                continue
            if (column, repr(value)) in seen:
                continue
            seen.add((column, repr(value)))
            problems.append(_locate(raw, path, sheet, column, value, check, letters.get(column)))
    finally:
        raw.close()
    return problems or [Problem(path, str(errors), sheet=sheet)]


def _locate(
    raw: duckdb.DuckDBPyConnection, path: str, sheet: str | None, column: str, value, check: str, letter: str | None
) -> Problem:
    if check == "not_nullable":
        message = "is blank, but this column must have a value"
    else:
        message = f"{value!r} {check}"
    file, row, more = _rows(raw, column, value)
    return Problem(file or path, message + _cell(letter, row) + more, row=row, column=column, sheet=sheet)


def _cell(letter: str | None, row: int | None) -> str:
    return f" (cell {letter}{row})" if letter and row else ""


def _rows(raw: duckdb.DuckDBPyConnection, column: str, value) -> tuple[str | None, int | None, str]:
    """Where ``column`` first holds ``value`` (file, when several files are checked together, and
    row), and words naming the other rows that do."""
    where = f'"{column}" IS NULL' if value is None else f'CAST("{column}" AS VARCHAR) = ?'
    params = [] if value is None else [str(value)]
    several = "_file" in [d[0] for d in raw.execute("DESCRIBE incoming").fetchall()]
    file_col = "CAST(_file AS VARCHAR)" if several else "NULL"
    found = raw.execute(
        f"SELECT {file_col}, _row FROM incoming WHERE {where} ORDER BY {'_file, ' if several else ''}_row "
        f"LIMIT {MAX_ROWS_SHOWN + 1}", params
    ).fetchall()
    total = raw.execute(f"SELECT count(*) FROM incoming WHERE {where}", params).fetchone()[0]
    more = ""
    if total > 1:
        first_file = found[0][0]
        others = ", ".join(
            str(r) if f == first_file else f"{r} of {Path(f).name}" for f, r in found[1:MAX_ROWS_SHOWN]
        ) + ("..." if total > MAX_ROWS_SHOWN else "")
        more = f" (the same in {total - 1} more row{'s' if total > 2 else ''}: {others})"
    return (found[0][0], found[0][1], more) if found else (None, None, more)


_NAMES = arrow.schema([("name", arrow.string()), ("force_id", arrow.string())])


def force_ids(
    table: arrow.Table, column: str, path: str, *, sheet: str | None = None, letter: str | None = None
) -> arrow.Table:
    """``(name, force_id)`` for every distinct force name in ``column``, to join on in SQL.

    Names go through :func:`openpeel.forces.resolve`; a name that matches no force is a problem
    naming the first row that has it.
    """
    raw = duck.connect()
    raw.register("incoming", table)
    try:
        names = raw.execute(
            f'SELECT DISTINCT "{column}" FROM incoming WHERE "{column}" IS NOT NULL ORDER BY 1'
        ).fetchall()
        resolved, problems = {}, []
        for (name,) in names:
            try:
                resolved[name] = forces.resolve(name).id
            except forces.UnknownForce as exc:
                file, row, more = _rows(raw, column, name)
                problems.append(Problem(file or path, f"{exc}{_cell(letter, row)}{more}", row=row, column=column, sheet=sheet))
    finally:
        raw.close()
    if problems:
        raise SourceError(problems)
    return arrow.table({"name": list(resolved), "force_id": list(resolved.values())}, schema=_NAMES)


def unique(
    table: arrow.Table, columns: list[str], path: str, *, what: str, column: str | None = None, sheet: str | None = None
) -> None:
    """Raise if two rows share the same values in ``columns`` (e.g. a force listed twice); ``column``
    is the published column to name in the problem."""
    cols = ", ".join(f'"{c}"' for c in columns)
    raw = duck.connect()
    raw.register("incoming", table)
    try:
        dupes = raw.execute(
            f"SELECT {cols}, list(_row ORDER BY _row) FROM incoming GROUP BY ALL HAVING count(*) > 1 ORDER BY 1"
        ).fetchall()
    finally:
        raw.close()
    if dupes:
        raise SourceError([
            Problem(path, f"{what} {', '.join(map(repr, d[:-1]))} appears again in row{'s' if len(d[-1]) > 2 else ''} "
                    f"{', '.join(map(str, d[-1][1:]))}", row=d[-1][0], column=column or columns[0], sheet=sheet)
            for d in dupes
        ])


def one_row_per_force(table: arrow.Table, column: str, names: arrow.Table, path: str, *, sheet: str | None = None) -> None:
    """Raise if two rows name the same force, under one spelling or two ('WM', 'West Midlands')."""
    keyed = run(f'SELECT n.force_id, i._row FROM incoming i JOIN names n ON n.name = i."{column}"', incoming=table, names=names)
    unique(keyed, ["force_id"], path, what="force", column=column, sheet=sheet)
