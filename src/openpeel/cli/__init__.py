"""The ``openpeel`` command: a thin layer over the library.

Each module in this package adds its commands with a ``register(app)`` function; importing the
package registers them all, so a new command is one new module. Commands parse arguments, call
library functions and print; they hold no logic of their own.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Annotated, Optional

import typer

from openpeel.cli.common import CommandGroup, State

app = typer.Typer(
    name="openpeel",
    cls=CommandGroup,
    help="Assess how well a police force works, from published and force data (PEEL).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[
        Optional[Path],
        typer.Option("--db", envvar="OPENPEEL_DB", help="DuckDB store file (default ./openpeel.duckdb)."),
    ] = None,
) -> None:
    ctx.obj = State(db=db)


for _module in pkgutil.iter_modules(__path__):
    if _module.name not in {"common", "progress"}:
        importlib.import_module(f"{__name__}.{_module.name}").register(app)


def main() -> None:
    app()
