"""``openpeel ingest``: load publisher files into the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from openpeel.cli.common import console, store_of
from openpeel.ingest import find_files
from openpeel.ingest import ingest as ingest_files
from openpeel.shipped import shipped_data_dir


def register(app: typer.Typer) -> None:
    @app.command()
    def ingest(
        ctx: typer.Context,
        paths: Annotated[Optional[list[Path]], typer.Argument(help="Files or folders to load.")] = None,
        force: Annotated[Optional[str], typer.Option(help="Force id for files that do not name their force.")] = None,
        shipped: Annotated[bool, typer.Option("--shipped", help="Also load the open data shipped with openpeel.")] = False,
    ) -> None:
        """Load publisher files (data.police.uk, Home Office, ONS, force extracts) into the store.

        Each file's format is detected from its header. Every file is read and checked before
        anything is written; if any file is refused, nothing is loaded and every problem is listed.
        Loading a file that is already loaded changes nothing.
        """
        targets = list(paths or []) + ([shipped_data_dir()] if shipped else [])
        if not targets:
            raise typer.BadParameter("name files or folders to load, or pass --shipped")
        files = find_files(targets)
        store = store_of(ctx)
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console,
                      transient=True) as progress:
            task = progress.add_task("reading", total=len(files))
            report = ingest_files(
                files, store, force=force,
                on_file=lambda p: progress.update(task, advance=1, description=f"reading {p.name}"),
            )
        outcomes = report.outcomes
        by_status: dict[str, int] = {"unchanged": len(report.skipped)} if report.skipped else {}
        for o in outcomes:
            by_status[o.status] = by_status.get(o.status, 0) + 1
        for o in outcomes:
            if o.status != "unchanged":
                console.print(f"  {o.status:9} {o.rows:>9,} rows  {o.table:<22} {Path(o.path).name}", highlight=False)
        summary = ", ".join(f"{n} {s}" for s, n in sorted(by_status.items()))
        console.print(f"{len(files)} files read; {sum(o.rows for o in outcomes):,} rows written ({summary}) into {store.path}",
                      highlight=False)
