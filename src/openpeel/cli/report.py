"""``openpeel report``: the published report for a force, as HTML and PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from openpeel.cli.common import console, store_of


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report_command(
        ctx: typer.Context,
        force: Annotated[str, typer.Option(help="Force id (see `openpeel forces`).")],
        inspection: Annotated[
            Optional[str],
            typer.Option(
                help="Inspection (findings) file, or a shipped one's name. Default: the shipped inspection of "
                "the force, if there is one."
            ),
        ] = None,
        out: Annotated[Path, typer.Option(help="Folder to write report.html and report.pdf into.")] = Path(
            "out/report"
        ),
        no_inspection: Annotated[
            bool, typer.Option("--no-inspection", help="Leave out findings and grades: figures and indicators only.")
        ] = False,
        pdf: Annotated[bool, typer.Option(help="Also write the PDF.")] = True,
        internal: Annotated[
            Optional[Path],
            typer.Option(
                "--internal",
                help="Folder for the internal working papers (proposed against recorded grades); "
                "never the public folder. Default: the --out folder's name with '-internal'.",
            ),
        ] = None,
    ) -> None:
        """Write the PEEL report for a force: grades, summary, findings, figures and where every number comes from.

        The public folder gets report.html, report.pdf (tagged, PDF/UA-1) and the number register as
        numbers.csv and numbers.ods; the internal working papers go to a separate folder. Figures in the
        findings text are filled from the indicator catalogue and the evidence store; a section with no
        data says so. Nothing is written if the findings file has any problem.
        """
        from openpeel.report import build_report

        files = build_report(
            store_of(ctx), force, out, inspection=inspection, use_shipped=not no_inspection, pdf=pdf, internal=internal
        )
        report = files.report
        console.print(
            f"report for {escape(report.force.name)}: {len(report.figures)} figures, "
            f"{len(report.numbers)} numbers traced to their sources",
            highlight=False,
        )
        console.print(f"HTML: {escape(str(files.html))}", highlight=False, soft_wrap=True)
        if files.pdf:
            console.print(f"PDF:  {escape(str(files.pdf))}", highlight=False, soft_wrap=True)
        for path in files.downloads:
            console.print(f"data: {escape(str(path))}", highlight=False, soft_wrap=True)
        if files.working_papers:
            console.print(
                f"internal working papers (not for publication): {escape(str(files.working_papers))}",
                highlight=False,
                soft_wrap=True,
            )
