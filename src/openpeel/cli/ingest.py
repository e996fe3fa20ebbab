"""``openpeel ingest``: load publisher files into the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from openpeel.cli.common import console, errors, store_of
from openpeel.cli.progress import shown


def register(app: typer.Typer) -> None:
    @app.command()
    def ingest(
        ctx: typer.Context,
        paths: Annotated[
            Optional[list[Path]], typer.Argument(help="Files, folders or data.police.uk archives (.zip) to load.")
        ] = None,
        force: Annotated[Optional[str], typer.Option(help="Force id for files that do not name their force.")] = None,
        shipped: Annotated[
            bool, typer.Option("--shipped", help="Also load the open data shipped with openpeel.")
        ] = False,
    ) -> None:
        """Load publisher files (data.police.uk, Home Office, ONS, force extracts) into the store.

        Each file's format is detected from its header. Every file is read and checked before
        anything is committed; if any file is refused, nothing is loaded and every problem is
        listed. Loading a file that is already loaded changes nothing. A data.police.uk archive
        (one folder per month, all forces) is read inside the zip, without unpacking it.
        """
        from openpeel.ingest import ingest as ingest_files
        from openpeel.shipped import shipped_data_dir

        targets = list(paths or []) + ([shipped_data_dir()] if shipped else [])
        if not targets:
            raise typer.BadParameter("name files or folders to load, or pass --shipped")
        store = store_of(ctx)
        with shown() as show:
            report = ingest_files(targets, store, force=force, on_progress=show)
        outcomes = report.outcomes
        by_status: dict[str, int] = {"unchanged": len(report.skipped)} if report.skipped else {}
        for o in outcomes:
            by_status[o.status] = by_status.get(o.status, 0) + 1
        for o in outcomes:
            if o.status != "unchanged":
                console.print(
                    f"  {o.status:9} {o.rows:>9,} rows  {escape(o.table):<22} {escape(Path(o.path).name)}",
                    highlight=False,
                )
        for note in report.notes:
            console.print(f"note: {escape(note)}", highlight=False)
        for warning in report.warnings:
            errors.print(f"[yellow]{escape(str(warning))}[/]", highlight=False, soft_wrap=True)
        summary = ", ".join(f"{n} {s}" for s, n in sorted(by_status.items()))
        warned = f"; {len(report.warnings)} warnings" if report.warnings else ""
        console.print(
            f"{report.files} files read; {report.rows:,} rows written ({summary}){warned} into "
            f"{escape(str(store.path))}",
            highlight=False,
        )
