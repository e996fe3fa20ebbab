"""What commands share: the store they work on, output formats and error reporting."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import wraps
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from openpeel.store import Store

console = Console()
errors = Console(stderr=True)


class Format(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@dataclass
class State:
    db: Path | None = None

    def store(self) -> Store:
        return Store(self.db)


def store_of(ctx: typer.Context) -> Store:
    return ctx.obj.store()


def fails_cleanly(*kinds: type[BaseException]) -> Callable:
    """Turn the library's own errors into a message on stderr and exit status 2, no traceback."""

    def decorate(func: Callable) -> Callable:
        @wraps(func)
        def wrapper(*args, **kwargs):
            try:
                return func(*args, **kwargs)
            except kinds as exc:
                errors.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True, soft_wrap=True)
                raise typer.Exit(2) from None

        return wrapper

    return decorate


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


def emit(rows: Sequence[dict], fmt: Format, *, columns: Sequence[str] | None = None, title: str | None = None,
         data=None) -> None:
    """Print rows as a rich table, JSON (``data`` if given, else the rows) or CSV."""
    if fmt is Format.json:
        sys.stdout.write(to_json(data if data is not None else list(rows)) + "\n")
        return
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt is Format.csv:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _plain(row.get(k)) for k in columns})
        sys.stdout.write(buffer.getvalue())
        return
    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(_plain(row.get(c))) for c in columns))
    console.print(table)
