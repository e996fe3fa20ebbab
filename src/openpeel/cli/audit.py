"""``openpeel audit``: load case-level audit answers and show each question's result."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from openpeel.cli.common import Format, console, emit, errors, store_of
from openpeel.periods import Period

QUESTIONS_HELP = "Question set YAML file (default: the shipped PEEL 2025 set)."


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Inspection audits: load case-level answers and count results.", no_args_is_help=True)
    app.add_typer(group, name="audit")

    @group.command()
    def load(
        ctx: typer.Context,
        files: Annotated[list[Path], typer.Argument(help="CSV files of answers, one row per case and question.")],
        questions: Annotated[Optional[Path], typer.Option(help=QUESTIONS_HELP)] = None,
    ) -> None:
        """Load audit answers (force, audit, case_reference, question_id, answer, auditor, date, note).

        Every row of every file is checked against the question set first; if anything is wrong,
        each problem is listed by file, row and column and nothing is loaded. Loading the same
        file again changes nothing.
        """
        from openpeel.evidence import load_answers, load_question_set

        store = store_of(ctx)
        from openpeel.cli.progress import refreshing

        with refreshing():
            outcomes = load_answers(store, files, load_question_set(questions))
        for o in outcomes:
            console.print(f"  {o.status:9} {o.rows:>7,} answers  {o.source_key}", highlight=False)
        console.print(
            f"{len(files)} file(s) read; {sum(o.rows for o in outcomes):,} answers written into {store.path}",
            highlight=False,
        )

    @group.command()
    def results(
        ctx: typer.Context,
        force: Annotated[str, typer.Option(help="Force id or name, e.g. northamptonshire.")],
        audit: Annotated[Optional[str], typer.Option(help="Only this audit, e.g. investigation.")] = None,
        period: Annotated[
            Optional[str],
            typer.Option(help="Only cases dated in this period: YYYY-MM, YYYY, YYYY-MM:YYYY-MM or ye-YYYY-MM."),
        ] = None,
        area: Annotated[Optional[str], typer.Option(help="Only this PEEL area, e.g. response.")] = None,
        questions: Annotated[Optional[Path], typer.Option(help=QUESTIONS_HELP)] = None,
        format: Annotated[Format, typer.Option("--format", help="Output as a table, JSON or CSV.")] = Format.table,
    ) -> None:
        """Each question's result as "x of y", leaving out cases where it did not apply."""
        from openpeel.evidence import audit_results, load_question_set

        found = audit_results(
            store_of(ctx),
            force,
            audit=audit,
            period=Period.parse(period) if period else None,
            area=area,
            question_set=load_question_set(questions),
        )
        if not found and format is Format.table:
            errors.print(f"no audit answers loaded for {force}" + (f" in {period}" if period else ""), highlight=False)
            return
        rows = [{**r.as_dict(), "audit": r.source, "question": r.item, "not_applicable": r.excluded} for r in found]
        title = f"Audit results: {found[0].force_id}" if found else None
        if any(r.synthetic for r in found):
            title += " (SYNTHETIC cases, not real records)"
        emit(
            rows,
            format,
            title=title,
            columns=["area", "audit", "question", "result", "not_applicable", "period"]
            if format is Format.table
            else [
                "evidence_id",
                "area",
                "audit",
                "question",
                "text",
                "yes",
                "of",
                "not_applicable",
                "proportion",
                "period",
                "synthetic",
            ],
            data=[r.as_dict() for r in found],
        )
