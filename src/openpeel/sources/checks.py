"""Checks on incoming rows, run as SQL inside DuckDB.

A reader states what each column may hold (a label from a vocabulary, a number, a date) as a
:class:`Rule`; each rule is one SQL condition, so the same declaration checks an Arrow table of a
small file and a scan of millions of rows read straight from disk. Every failure becomes a
:class:`Problem` naming the file, the rows, the column and the value.

Rules judge one value at a time, and a value's rows are only looked for when a rule fails, so
checking costs one pass over the data; no check does more than a linear amount of work on a text
(regular expressions run on RE2, which never backtracks).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import duckdb
import pyarrow as arrow

from openpeel import duck, forces
from openpeel.sources.base import Problem, SourceError, shorten
from openpeel.sources.standardise import run

MAX_ROWS_SHOWN = 5
MAX_VALUES_SHOWN = 10  # distinct bad values named per column
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


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass(frozen=True)
class Rule:
    """What one column may hold: any text, a label from ``allowed``, or text matching ``regex``."""

    nullable: bool = True
    allowed: tuple[str, ...] | None = None
    regex: str | None = None
    what: str = "a valid value"
    exists: str | None = None  # SQL true when a well-formed value also exists ({0} is the column): 30 February does not

    def bad(self, column: str) -> str:
        """SQL that is true for a value this rule refuses (a blank is judged by ``blank``)."""
        col = _quote(column)
        if self.exists is not None:
            return (
                f"({col} IS NOT NULL AND NOT coalesce(regexp_full_match({col}, {_literal(self.regex)}) "
                f"AND ({self.exists.format(col)}), FALSE))"
            )
        if self.allowed is not None:
            values = ", ".join(_literal(v) for v in self.allowed)
            return f"({col} IS NOT NULL AND {col} NOT IN ({values}))" if values else f"({col} IS NOT NULL)"
        if self.regex is not None:
            return f"({col} IS NOT NULL AND NOT regexp_full_match({col}, {_literal(self.regex)}))"
        return "FALSE"

    def blank(self, column: str) -> str:
        return "FALSE" if self.nullable else f"({_quote(column)} IS NULL)"

    def failing(self, column: str) -> str:
        return f"({self.bad(column)} OR {self.blank(column)})"


def label(values: Iterable[str], *, nullable: bool = True, what: str = "a known label") -> Rule:
    """A text column whose values must come from a vocabulary."""
    return Rule(nullable=nullable, allowed=tuple(sorted({str(v) for v in values})), what=what)


def pattern(regex: str, *, nullable: bool = True, what: str) -> Rule:
    """A text column whose values must match a regular expression (e.g. a number or a date)."""
    re.compile(regex)  # a broken pattern is a bug in the declaration, found when it is declared
    return Rule(nullable=nullable, regex=regex, what=what)


def moment(regex: str, sql_type: str, *, nullable: bool = True, what: str) -> Rule:
    """A date or time as text: it must match ``regex`` and be a real moment of ``sql_type``
    (so 30 February, month 13 and hour 25 are refused, not read as blanks)."""
    re.compile(regex)
    return Rule(nullable=nullable, regex=regex, what=what, exists=f"TRY_CAST({{}} AS {sql_type}) IS NOT NULL")


def text(*, nullable: bool = True) -> Rule:
    return Rule(nullable=nullable)


NUMBER = r"^-?[0-9]+(\.[0-9]+)?$"
WHOLE_NUMBER = r"^[0-9]+$"
BOOLEAN_TEXT = ("True", "False", "true", "false", "TRUE", "FALSE")
# Spreadsheets store every number as a float, so counts arrive as '447337.0' and small values
# may come in exponent form ('1e-05').
DECIMAL = r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?"
COUNT = r"[0-9]+(\.0+)?"


def number(*, whole: bool = False, missing: str | None = None, nullable: bool = False) -> Rule:
    """A numeric column as a spreadsheet or tidy CSV stores it; ``missing`` is the publisher's
    marker for 'not available' (':' or '..'), allowed in place of a number."""
    body = COUNT if whole else DECIMAL
    what = "a whole number" if whole else "a number"
    # well formed but too large to hold (a count beyond 64 bits) is refused too
    exists = "TRY_CAST(TRY_CAST({0} AS DOUBLE) AS BIGINT) IS NOT NULL" if whole else "isfinite(TRY_CAST({0} AS DOUBLE))"
    if missing is not None:
        body = f"{body}|{re.escape(missing)}"
        what += f", or {missing!r} for not available"
        exists = f"({{0}} = {_literal(missing)} OR {exists})"
    return Rule(nullable=nullable, regex=f"^({body})$", what=what, exists=exists)


def count(*, nullable: bool = False) -> Rule:
    """A count written as digits, small enough to hold (64 bits)."""
    return Rule(
        nullable=nullable,
        regex=WHOLE_NUMBER,
        what="a whole number in range",
        exists="TRY_CAST({0} AS BIGINT) IS NOT NULL",
    )


def validate(
    table: arrow.Table,
    path: str,
    columns: Mapping[str, Rule],
    *,
    sheet: str | None = None,
    letters: Mapping[str, str] | None = None,
) -> None:
    """Raise :class:`SourceError` listing every rule broken, with the rows that break it.

    For a spreadsheet, ``letters`` gives each column's letter so problems also name the cell.
    """
    missing = [c for c in columns if c not in table.column_names]
    if missing:
        raise SourceError([Problem(path, "required column is missing", row=1, column=c, sheet=sheet) for c in missing])
    con = duck.connect()
    try:
        con.register("incoming", table)
        problems = rule_problems(con, "incoming", columns, path, sheet=sheet, letters=letters)
    finally:
        con.close()
    if problems:
        raise SourceError(problems)


def rule_problems(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    columns: Mapping[str, Rule],
    path: str,
    *,
    sheet: str | None = None,
    letters: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Every rule broken in ``relation`` (which has ``_row``, and ``_file`` when several files are
    checked together): one problem per column and bad value, naming the first row that has it."""
    several = "_file" in [d[0] for d in con.execute(f"DESCRIBE {relation}").fetchall()]
    file_col = "CAST(_file AS VARCHAR)" if several else "NULL"
    order = "_file, _row" if several else "_row"
    letters = letters or {}
    problems: list[Problem] = []
    # one pass finds which rules fail; only those are looked at row by row
    conditions = [
        (c, r, blank, r.blank(c) if blank else r.bad(c)) for c, r in columns.items() for blank in (False, True)
    ]
    conditions = [x for x in conditions if x[3] != "FALSE"]
    if not conditions:
        return problems
    failing = con.execute(f"SELECT {', '.join(f'bool_or({x[3]})' for x in conditions)} FROM {relation}").fetchone()
    for (column, rule, blank, condition), fails in zip(conditions, failing):
        col = _quote(column)
        if fails:
            found = con.execute(f"""
                SELECT {"NULL" if blank else col} AS value, count(*) AS n,
                       list({{'file': {file_col}, 'row': _row}} ORDER BY {order})[:{MAX_ROWS_SHOWN + 1}] AS at
                FROM {relation} WHERE {condition} GROUP BY 1 ORDER BY min(_row) LIMIT {MAX_VALUES_SHOWN}""").fetchall()
            for value, count, at in found:
                message = (
                    "is blank, but this column must have a value" if blank else f"{shorten(value)} is not {rule.what}"
                )
                problems.append(_located(path, sheet, column, letters.get(column), message, count, at))
    return problems


def _located(
    path: str, sheet: str | None, column: str | None, letter: str | None, message: str, count: int, at: list[dict]
) -> Problem:
    first = at[0]
    file, row = first["file"] or path, first["row"]
    more = ""
    if count > 1:
        others = ", ".join(
            str(a["row"]) if a["file"] == first["file"] else f"{a['row']} of {Path(a['file']).name}"
            for a in at[1:MAX_ROWS_SHOWN]
        ) + ("..." if count > MAX_ROWS_SHOWN else "")
        more = f" (the same in {count - 1} more row{'s' if count > 2 else ''}: {others})"
    return Problem(file, message + _cell(letter, row) + more, row=row, column=column, sheet=sheet)


def _cell(letter: str | None, row: int | None) -> str:
    return f" (cell {letter}{row})" if letter and row else ""


def _rows(raw: duckdb.DuckDBPyConnection, column: str, value) -> tuple[str | None, int | None, str]:
    """Where ``column`` first holds ``value`` (file, when several files are checked together, and
    row), and words naming the other rows that do."""
    col = _quote(column)
    where = f"{col} IS NULL" if value is None else f"CAST({col} AS VARCHAR) = ?"
    params = [] if value is None else [str(value)]
    several = "_file" in [d[0] for d in raw.execute("DESCRIBE incoming").fetchall()]
    file_col = "CAST(_file AS VARCHAR)" if several else "NULL"
    found = raw.execute(
        f"SELECT {file_col}, _row FROM incoming WHERE {where} ORDER BY {'_file, ' if several else ''}_row "
        f"LIMIT {MAX_ROWS_SHOWN + 1}",
        params,
    ).fetchall()
    total = raw.execute(f"SELECT count(*) FROM incoming WHERE {where}", params).fetchone()[0]
    if not found:
        return None, None, ""
    problem = _located("", None, None, None, "", total, [{"file": f, "row": r} for f, r in found])
    return found[0][0], found[0][1], problem.message


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
            f"SELECT DISTINCT {_quote(column)} FROM incoming WHERE {_quote(column)} IS NOT NULL ORDER BY 1"
        ).fetchall()
        resolved, problems = {}, []
        for (name,) in names:
            try:
                resolved[name] = forces.resolve(name).id
            except forces.UnknownForce as exc:
                file, row, more = _rows(raw, column, name)
                problems.append(
                    Problem(
                        file or path,
                        f"{unknown_force(name, exc)}{_cell(letter, row)}{more}",
                        row=row,
                        column=column,
                        sheet=sheet,
                    )
                )
    finally:
        raw.close()
    if problems:
        raise SourceError(problems)
    return arrow.table({"name": list(resolved), "force_id": list(resolved.values())}, schema=_NAMES)


def unknown_force(name: str, exc: Exception) -> str:
    """'unknown force ...' with the name shortened, keeping the registry's '(did you mean ...?)'."""
    message = str(exc)
    hint = message[message.rindex(" (did you mean") :] if message.endswith("?)") else ""
    return f"unknown force {shorten(name)}{hint}"


def unique(
    table: arrow.Table, columns: list[str], path: str, *, what: str, column: str | None = None, sheet: str | None = None
) -> None:
    """Raise if two rows share the same values in ``columns`` (e.g. a force listed twice); ``column``
    is the published column to name in the problem."""
    cols = ", ".join(_quote(c) for c in columns)
    raw = duck.connect()
    raw.register("incoming", table)
    try:
        dupes = raw.execute(
            f"SELECT {cols}, list(_row ORDER BY _row) FROM incoming GROUP BY ALL HAVING count(*) > 1 ORDER BY 1"
        ).fetchall()
    finally:
        raw.close()
    if dupes:
        raise SourceError(
            [
                Problem(
                    path,
                    f"{what} {', '.join(shorten(v) for v in d[:-1])} appears again in row{'s' if len(d[-1]) > 2 else ''} "
                    f"{', '.join(map(str, d[-1][1 : MAX_ROWS_SHOWN + 1]))}",
                    row=d[-1][0],
                    column=column or columns[0],
                    sheet=sheet,
                )
                for d in dupes[:MAX_VALUES_SHOWN]
            ]
        )


def one_row_per_force(
    table: arrow.Table, column: str, names: arrow.Table, path: str, *, sheet: str | None = None
) -> None:
    """Raise if two rows name the same force, under one spelling or two ('WM', 'West Midlands')."""
    keyed = run(
        f"SELECT n.force_id, i._row FROM incoming i JOIN names n ON n.name = i.{_quote(column)}",
        incoming=table,
        names=names,
    )
    unique(keyed, ["force_id"], path, what="force", column=column, sheet=sheet)
