"""``openpeel records`` (force extract schemas), ``worklist`` and ``demo``."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from openpeel import forces
from openpeel.cli.common import Format, console, emit, store_of


def register(app: typer.Typer) -> None:
    records = typer.Typer(help="The schemas of a force's own record extracts.", no_args_is_help=True)
    app.add_typer(records, name="records")

    @records.command("schemas")
    def schemas(fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table) -> None:
        """List the record schemas openpeel reads, with version and columns."""
        from openpeel.records.schema import all_schemas

        rows = [
            {
                "schema": s.name,
                "version": s.version,
                "title": s.title,
                "area": s.area.value,
                "columns": ", ".join(s.columns),
            }
            for s in all_schemas()
        ]
        emit(rows, fmt)

    @records.command("docs")
    def docs() -> None:
        """Print docs/records.md: every schema, column, type, code and an example row."""
        from openpeel.records.docs import records_markdown

        typer.echo(records_markdown(), nl=False)

    @app.command("worklist")
    def worklist_command(
        ctx: typer.Context,
        name: Annotated[Optional[str], typer.Argument(help="Worklist name; leave out to list them.")] = None,
        force: Annotated[Optional[str], typer.Option(help="Force id.")] = None,
        as_of: Annotated[
            Optional[str],
            typer.Option("--as-of", help="Day the list is drawn up (YYYY-MM-DD); default: latest day in the data."),
        ] = None,
        option: Annotated[
            Optional[list[str]], typer.Option("--option", help="Worklist setting as NAME=VALUE (e.g. threshold=5).")
        ] = None,
        fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
    ) -> None:
        """Cases to act on: late incidents, missed targets, repeat callers, missing forms and more."""
        from openpeel import worklists

        if name is None:
            emit(
                [
                    {"worklist": w.name, "area": w.area.value, "title": w.title, "description": w.description}
                    for w in worklists.all_worklists()
                ],
                fmt,
            )
            return
        if force is None:
            raise typer.BadParameter("give --force for the force whose list you want", param_hint="--force")
        settings = {}
        for item in option or []:
            key, _, value = item.partition("=")
            settings[key] = _number(value)
        force_id = forces.lookup(force).id
        from openpeel.backends import duckdb_backend

        frame = worklists.run(
            name, duckdb_backend(store_of(ctx)), force_id, date.fromisoformat(as_of) if as_of else None, **settings
        )
        emit(frame.to_dict("records"), fmt, title=worklists.get(name).title)
        if fmt is Format.table:
            console.print(f"{len(frame)} rows", highlight=False)
            if forces.get(force_id).synthetic:  # the cases of a demo force are made up
                console.print(f"[yellow]note:[/] {forces.SYNTHETIC_WARNING}", highlight=False)

    @app.command("demo")
    def demo_command(
        ctx: typer.Context,
        out: Annotated[Path, typer.Option(help="Folder for the synthetic extract files.")] = Path("out/demo-data"),
        seed: Annotated[int, typer.Option(help="Random seed (the calibrated figures hold for any seed).")] = 2025,
    ) -> None:
        """Write the synthetic demo force's extracts and national figures, and load them."""
        from openpeel.cli.progress import refreshing
        from openpeel.demo import build

        with refreshing():
            report = build(store_of(ctx), out, seed)
        console.print(
            f"demo: {report.files} synthetic files in {out}, {report.rows:,} rows loaded into {store_of(ctx).path}",
            highlight=False,
        )


def _number(text: str):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text
