"""``openpeel download``: fetch publisher files, optionally loading them into the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

from openpeel.cli.common import console, store_of
from openpeel.download import default_folder, sources
from openpeel.download import download as fetch_files
from openpeel.ingest import SUFFIXES as READABLE
from openpeel.ingest import ingest as ingest_files


def register(app: typer.Typer) -> None:
    @app.command()
    def download(
        ctx: typer.Context,
        source: Annotated[Optional[str], typer.Argument(help="Source to fetch; leave out to list them.")] = None,
        months: Annotated[Optional[str], typer.Option(help="Months, YYYY-MM:YYYY-MM (or one YYYY-MM).")] = None,
        force: Annotated[
            Optional[str], typer.Option(help="Force id, for sources published one force at a time.")
        ] = None,
        to: Annotated[
            Optional[Path],
            typer.Option(help="Download folder (default $OPENPEEL_DOWNLOADS or ~/.cache/openpeel/downloads)."),
        ] = None,
        mirror: Annotated[
            Optional[str],
            typer.Option(
                envvar="OPENPEEL_DOWNLOAD_MIRROR", help="Fetch from this copy of the publishers' sites (same paths)."
            ),
        ] = None,
        refresh: Annotated[
            bool, typer.Option("--refresh", help="Fetch again even if a checked copy is in the folder.")
        ] = False,
        load: Annotated[bool, typer.Option("--ingest", help="Load what was fetched into the store.")] = False,
    ) -> None:
        """Fetch files from the publishers' own addresses into a download folder.

        A file already in the folder, and still exactly as recorded when it was fetched, is not
        fetched again; an interrupted download resumes where it stopped. Files whose size or
        checksum differ from what openpeel knows are refused. Without SOURCE, lists the sources.
        """
        if source is None:
            for item in sources().values():
                console.print(f"{escape(item.id):34} {escape(item.title)}", highlight=False)
            return
        folder = to or default_folder()
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("starting", total=None)

            def on_file(planned):
                progress.update(task, description=escape(Path(planned.relative).name), completed=0, total=None)

            got = fetch_files(
                source,
                folder,
                months=months,
                force=force,
                mirror=mirror,
                refresh=refresh,
                on_file=on_file,
                on_progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
        for item in got:
            console.print(f"  {item.status:10} {item.size:>12,} bytes  {escape(str(item.path))}", highlight=False)
        console.print(f"{len(got)} file{'s' if len(got) != 1 else ''} in {escape(str(folder))}", highlight=False)
        if load:
            readable = [item.path for item in got if item.path.suffix.lower() in READABLE]
            if not readable:
                console.print(
                    "nothing fetched is a file openpeel loads directly; see `openpeel ingest --help`", highlight=False
                )
                return
            report = ingest_files(readable, store_of(ctx))
            rows = sum(o.rows for o in report.outcomes)
            console.print(
                f"loaded {len(readable)} file{'s' if len(readable) != 1 else ''}, {rows:,} rows written",
                highlight=False,
            )
