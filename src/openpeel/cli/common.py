"""What commands share: the store they work on, output formats and error reporting."""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from typer.core import TyperGroup
from typer.exceptions import TyperException

from openpeel.errors import OpenpeelError

if TYPE_CHECKING:  # the store (DuckDB, Arrow) is imported by the commands that use it, not by --help
    from openpeel.store import Store

# Wide tables read badly when wrapped at 80 columns in logs and pipes: give them room there.
console = Console(width=None if sys.stdout.isatty() else 160)
errors = Console(stderr=True, width=None if sys.stderr.isatty() else 160)


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class Engine(str, Enum):
    duckdb = "duckdb"
    spark = "spark"


@dataclass
class State:
    db: Path | None = None

    def store(self) -> Store:
        from openpeel.store import Store

        store = Store(self.db)
        store.check_path()  # say what is wrong with --db before any command starts its work
        return store


def backend_of(ctx, engine: "Engine" = None, parquet: Path | None = None, *, master: str | None = None):
    """The backend a command runs on: the DuckDB store, or Spark over Parquet (exported if not given)."""
    from openpeel.backends import duckdb_backend, export_parquet, spark_backend

    store = store_of(ctx)
    if engine is None or engine is Engine.duckdb:
        return duckdb_backend(store)
    if parquet is None:
        import tempfile

        parquet = Path(tempfile.mkdtemp(prefix="openpeel-parquet-"))
        export_parquet(store, parquet)
    return spark_backend(parquet, master=master)


def store_of(ctx: typer.Context) -> "Store":
    return ctx.obj.store()


def report_error(exc: BaseException) -> int:
    """Print an error for the user and return the exit status: 2 for the user's input, 3 for a bug.

    Errors of the :class:`~openpeel.errors.OpenpeelError` family are the user's to fix and print as
    their message. Anything else is a fault in openpeel: one line says so and names a file that
    holds the traceback, so a user can send it without a screenful of Python.
    """
    if isinstance(exc, OpenpeelError):
        errors.print(f"[bold red]error:[/] {escape(str(exc))}", highlight=False, soft_wrap=True)
        return 2
    folder = Path(tempfile.gettempdir())
    trace = folder / f"openpeel-error-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.txt"
    trace.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    errors.print(
        f"[bold red]internal error:[/] {escape(type(exc).__name__)}: {escape(_shorten(str(exc)))} "
        f"(this is a fault in openpeel; the traceback is in {escape(str(trace))})",
        highlight=False,
        soft_wrap=True,
    )
    return 3


def _shorten(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class CommandGroup(TyperGroup):
    """Every command runs through here, so every error reaches the user the same way."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, TyperException, KeyboardInterrupt):
            raise
        except Exception as exc:  # noqa: BLE001  (the one place that decides how errors are shown)
            raise typer.Exit(report_error(exc)) from None


def _plain(value):
    if isinstance(value, (date, datetime)):
        return None if value != value else value.isoformat()  # a missing pandas time (NaT) is blank
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, float) and value != value:
        return None
    return value


def to_json(data) -> str:
    return json.dumps(data, default=_plain, indent=2, ensure_ascii=False)


def emit(
    rows: Sequence[dict], fmt: Format, *, columns: Sequence[str] | None = None, title: str | None = None, data=None
) -> None:
    """Print rows as a rich table, JSON (``data`` if given, else the rows) or CSV."""
    if fmt is Format.json:
        sys.stdout.write(to_json(data if data is not None else list(rows)) + "\n")
        return
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt is Format.csv:
        from openpeel.csv_output import write_rows

        buffer = io.StringIO()
        write_rows(buffer, ({k: _plain(row.get(k)) for k in columns} for row in rows), columns)
        sys.stdout.write(buffer.getvalue())
        return
    table = Table(title=escape(title) if title else None, show_lines=False)
    for col in columns:
        table.add_column(escape(str(col)))
    for row in rows:
        table.add_row(*("" if row.get(c) is None else escape(str(_plain(row.get(c)))) for c in columns))
    console.print(table)


def assessor_of(ctx, range_method: str | None = None, engine: Engine = Engine.duckdb, parquet: Path | None = None):
    """An Assessor over the command's backend, with the user's comparison settings (and range method)."""
    from dataclasses import replace

    from openpeel.assess import Assessor
    from openpeel.settings import load

    comparison = load().comparison
    if range_method:
        comparison = replace(comparison, typical_range=range_method)
    return Assessor(backend_of(ctx, engine, parquet), comparison)


def indicator_rows(results, data: list[dict], *, show_all: bool = False) -> tuple[list[dict], int]:
    """Table rows for indicator results (``data`` their ``to_dict()``), as a report prints values;
    results with no value are left out unless ``show_all``. Returns the rows and how many were left out."""
    from openpeel import formatting

    rows, hidden = [], 0
    for r, d in zip(results, data):
        ind = r.indicator
        if r.value is None and not show_all:
            hidden += 1
            continue
        rows.append(
            {
                "indicator": ind.id,
                "period": r.period.code() if r.period else "",
                "value": _value(ind, d),
                "median": formatted(ind, d.get("median")),
                "typical range": formatting.typical_range(ind, d.get("typical_low"), d.get("typical_high")),
                "position": d.get("position") if formatting.comparable(ind) else None,
                "rank": f"{d['rank']} of {d['forces_compared']}" if d.get("rank") else None,
                "change": formatting.change(ind, d.get("change"), d.get("percent_change"), d.get("change_significant")),
            }
        )
    return rows, hidden


def formatted(ind, value):
    """A value as a report prints it in the indicator's unit; None stays None."""
    from openpeel import formatting

    return formatting.value_or_none(ind, value)


def _value(ind, d: dict) -> str:
    """The value, flagged when its data covers only part of the period; the reason when there is none."""
    if d["value"] is None:
        return d["reason"]
    text = formatted(ind, d["value"])
    if d.get("complete") is False:
        text += f" ({d['months_covered']} of {d['months_expected']} months)"
    return text
