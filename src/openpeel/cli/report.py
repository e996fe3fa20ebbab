"""``openpeel report``: the published report for a force, as HTML and PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from openpeel.cli.common import console, store_of


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report_command(
        ctx: typer.Context,
        force: Annotated[str, typer.Option(help="Force id (see `openpeel forces`).")],
        inspection: Annotated[Optional[str], typer.Option(
            help="Inspection (findings) file, or a shipped one's name. Default: the shipped inspection of "
                 "the force, if there is one.")] = None,
        out: Annotated[Path, typer.Option(help="Folder to write report.html and report.pdf into.")] = Path("out/report"),
        no_inspection: Annotated[bool, typer.Option(
            "--no-inspection", help="Leave out findings and grades: figures and indicators only.")] = False,
        pdf: Annotated[bool, typer.Option(help="Also write the PDF.")] = True,
    ) -> None:
        """Write the PEEL report for a force: grades, summary, findings, figures and where every number comes from.

        Figures in the findings text are filled from the indicator catalogue and the evidence store;
        a section with no data says so. Nothing is written if the findings file has any problem.
        """
        from openpeel.report import build_report

        files = build_report(store_of(ctx), force, out, inspection=inspection, use_shipped=not no_inspection,
                             pdf=pdf)
        report = files.report
        console.print(f"report for {report.force.name}: {len(report.figures)} figures, "
                      f"{len(report.numbers)} numbers traced to their sources", highlight=False)
        console.print(f"HTML: {files.html}", highlight=False, soft_wrap=True)
        if files.pdf:
            console.print(f"PDF:  {files.pdf}", highlight=False, soft_wrap=True)
