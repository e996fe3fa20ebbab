"""``openpeel survey``: load workforce survey returns and show the statement results."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from openpeel.cli.common import Format, console, emit, store_of

SURVEY_HELP = "Survey definition YAML file (default: the shipped PEEL 2025 workforce survey)."


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Workforce surveys: load returns and report agreement by statement.", no_args_is_help=True)
    app.add_typer(group, name="survey")

    @group.command()
    def load(
        ctx: typer.Context,
        file: Annotated[
            Path, typer.Argument(help="CSV of returns: respondent_id, roles, then one column per question.")
        ],
        force: Annotated[str, typer.Option(help="Force id or name the returns are from.")],
        headcount: Annotated[int, typer.Option(help="Officers and staff the survey went to (for the response rate).")],
        closed: Annotated[
            Optional[str], typer.Option(help="Day the survey closed, YYYY-MM-DD (default: today).")
        ] = None,
        survey: Annotated[Optional[Path], typer.Option(help=SURVEY_HELP)] = None,
    ) -> None:
        """Load a force's survey returns with its headcount.

        Every row is checked first; unknown answers or role groups, a respondent listed twice, or
        more responses than the headcount are refused and nothing is loaded. Loading another return
        for the same force replaces the earlier one; loading the same one again changes nothing.
        """
        try:
            closed_on = date.fromisoformat(closed) if closed else None
        except ValueError:
            raise typer.BadParameter(f"{closed!r} is not a date like 2025-10-24", param_hint="--closed") from None
        from openpeel.evidence import load_survey, load_survey_definition

        store = store_of(ctx)
        from openpeel.cli.progress import refreshing

        with refreshing():
            outcomes = load_survey(
                store, file, force, headcount, closed=closed_on, survey=load_survey_definition(survey)
            )
        for o in outcomes:
            console.print(f"  {o.status:9} {o.rows:>7,} rows  {o.table}", highlight=False)
        console.print(f"{file.name} read into {store.path}", highlight=False)

    @group.command()
    def results(
        ctx: typer.Context,
        force: Annotated[str, typer.Option(help="Force id or name, e.g. northamptonshire.")],
        role: Annotated[
            Optional[str], typer.Option(help="Only respondents in this role group, e.g. investigator or line_manager.")
        ] = None,
        survey: Annotated[Optional[Path], typer.Option(help=SURVEY_HELP)] = None,
        format: Annotated[Format, typer.Option("--format", help="Output as a table, JSON or CSV.")] = Format.table,
    ) -> None:
        """The response rate and, per statement, "% (n of N)", N being those who answered it."""
        from openpeel.evidence import load_survey_definition, survey_results

        found = survey_results(store_of(ctx), force, role=role, survey=load_survey_definition(survey))
        if format is Format.table:
            marker = " (SYNTHETIC returns, not a real survey)" if found.synthetic else ""
            console.print(f"{found.title}, {found.force_id}{marker}: {found.describe_response()}", highlight=False)
        rows = [{**r.as_dict(), "statement": r.item, "not_answered": r.excluded} for r in found.statements]
        emit(
            rows,
            format,
            columns=["area", "statement", "text", "result"]
            if format is Format.table
            else [
                "evidence_id",
                "area",
                "statement",
                "text",
                "yes",
                "of",
                "not_answered",
                "proportion",
                "role",
                "synthetic",
            ],
            data=found.as_dict(),
        )
