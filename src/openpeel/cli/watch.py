"""``openpeel watch``: continual assessment of a folder that files arrive in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from openpeel import forces
from openpeel.cli.common import console, errors, store_of


def register(app: typer.Typer) -> None:
    @app.command()
    def watch(
        ctx: typer.Context,
        folder: Annotated[Path, typer.Argument(help="Folder that extracts and downloads arrive in.")],
        force: Annotated[Optional[str], typer.Option(help="Force whose figures to follow as files arrive.")] = None,
        ingest_force: Annotated[
            Optional[str], typer.Option("--ingest-force", help="Force for files that do not name theirs.")
        ] = None,
        interval: Annotated[float, typer.Option(help="Seconds between looks at the folder.")] = 60.0,
        cycles: Annotated[
            Optional[int], typer.Option(help="Stop after this many looks (default: run until stopped).")
        ] = None,
        report: Annotated[
            Optional[Path],
            typer.Option(
                help="With --force: rewrite the force's report (HTML and PDF) in this folder whenever data loads."
            ),
        ] = None,
    ) -> None:
        """Load new files from a folder as they arrive and show which of a force's figures moved.

        Each new file is loaded in its own transaction: a bad file is reported once and set aside
        (the store is unchanged by it) while the others load.
        """
        from openpeel.continual import Cycle, Watcher

        force_id = forces.lookup(force).id if force else None
        if report and not force_id:
            raise typer.BadParameter("--report needs --force")
        store = store_of(ctx)
        watcher = Watcher(folder, store, force_id=force_id, ingest_force=ingest_force)

        def show(cycle: "Cycle") -> None:
            for o in cycle.loaded:
                if o.status != "unchanged":
                    console.print(
                        f"{o.status} {o.rows:,} rows into {o.table} from {escape(Path(o.path).name)}", highlight=False
                    )
            for path, problem in cycle.refused.items():
                errors.print(f"[bold red]refused[/] {escape(path.name)}:\n{escape(str(problem))}", highlight=False)
            for move in cycle.moved:
                console.print(f"  {move.indicator_id}: {move.text}", highlight=False)
            if report and any(o.status != "unchanged" for o in cycle.loaded):
                from openpeel.report import build_report

                files = build_report(store, force_id, report)
                console.print(f"report rewritten: {files.html}", highlight=False)

        watcher.run(interval, show, cycles)
