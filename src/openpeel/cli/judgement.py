"""``openpeel findings check``, ``openpeel framework show`` and ``openpeel grades``."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from openpeel.cli.common import Format, console, emit, store_of, to_json


class Output(str, Enum):
    table = "table"
    json = "json"


InspectionFile = Annotated[
    str, typer.Argument(help="An inspection file, or the name of a shipped one (e.g. northamptonshire-demo-2025).")
]
OutputOption = Annotated[Output, typer.Option("--format", help="table (for reading) or json.")]


def _say(text: str) -> None:
    """Print a line of information: markup allowed, no colouring of numbers, no hard wrapping."""
    console.print(text, highlight=False, soft_wrap=True)


def _print_json(data) -> None:
    sys.stdout.write(to_json(data) + "\n")


def register(app: typer.Typer) -> None:
    findings_app = typer.Typer(help="Check inspection (findings) files.", no_args_is_help=True)
    framework_app = typer.Typer(help="Look at an assessment framework.", no_args_is_help=True)
    app.add_typer(findings_app, name="findings")
    app.add_typer(framework_app, name="framework")

    @findings_app.command("check")
    def findings_check(file: InspectionFile, output: OutputOption = Output.table) -> None:
        """Validate an inspection file and summarise it: findings by area and kind, grades recorded.

        Every problem is listed with file and line, and the exit status is 2 if there is any.
        Evidence ids are checked against the indicator catalogue and the shipped audit and survey
        files where those exist; the summary says which sorts of evidence could not be checked.
        """
        from openpeel.framework import (
            NOT_YET_DECIDED,
            KnownEvidence,
            load_framework,
            load_inspection,
            summarise,
        )

        known = KnownEvidence.discover()
        inspection = load_inspection(file, known=known)
        summary = summarise(inspection, load_framework(inspection.framework_id), known)
        if output is Output.json:
            _print_json(summary)
            return
        console.print(f"[bold]{escape(summary['title'])}[/] ({summary['inspection']})")
        _say(
            f"force {summary['force']}, framework {summary['framework']}: {summary['findings']} findings, "
            f"{summary['recommendations']} recommendations"
        )
        short = {
            "cause_of_concern": "concerns",
            "area_for_improvement": "to improve",
            "innovative_practice": "innovative",
            "main_finding": "main",
        }
        emit(
            [{short.get(k, k): v for k, v in row.items()} for row in summary["by_area"]],
            Format.table,
            title="Findings by area and kind",
        )
        graded, pending = summary["areas_graded"], summary["areas_not_yet_decided"]
        _say(
            f"grades recorded for {len(graded)} of {len(graded) + len(pending)} areas"
            + (f"; {NOT_YET_DECIDED}: {', '.join(pending)}" if pending else "")
        )
        if summary["areas_without_findings"]:
            _say(f"areas without findings: {', '.join(summary['areas_without_findings'])}")
        for kind, facts in summary["evidence"].items():
            state = "checked" if facts["checked"] else f"NOT CHECKED: {facts['not_checked_because']}"
            _say(f"{kind} evidence: {facts['ids']} ids in {facts['references']} references, {state}")

    @framework_app.command("show")
    def framework_show(
        framework: Annotated[
            Optional[str],
            typer.Option("--framework", help="Framework id or file (default: the current framework, peel-2025-27)."),
        ] = None,
        output: OutputOption = Output.table,
    ) -> None:
        """Show a framework: its grades, kinds of finding, areas with characteristics of good, grading rules."""
        from openpeel.framework import DEFAULT_FRAMEWORK, load_framework

        loaded = load_framework(framework or DEFAULT_FRAMEWORK)
        data = loaded.to_dict()
        if output is Output.json:
            _print_json(data)
            return
        console.print(f"[bold]{escape(loaded.title)}[/] ({loaded.id})")
        emit(data["grades"], Format.table, columns=["id", "title", "definition"], title="Grades")
        emit(
            data["finding_kinds"],
            Format.table,
            columns=["id", "title", "recommendations", "description"],
            title="Kinds of finding",
        )
        emit(
            [
                {
                    "id": a["id"],
                    "title": a["title"],
                    "characteristics of good": "\n".join(f"- {c}" for c in a["characteristics_of_good"]),
                }
                for a in data["areas"]
            ],
            Format.table,
            title="Areas",
        )
        emit(
            [{"rule": k, "value": f"{v:g}"} for k, v in data["grading"].items()],
            Format.table,
            title="Grading rules (docs/grading.md)",
        )

    @app.command("grades")
    def grades(
        ctx: typer.Context,
        inspection: Annotated[str, typer.Option("--inspection", help="Inspection file, or a shipped one's name.")],
        output: OutputOption = Output.table,
        rules: Annotated[Optional[Path], typer.Option("--rules", help="YAML file overriding grading rules.")] = None,
    ) -> None:
        """Each area's recorded grade beside the grade the evidence proposes, with its reasons.

        The recorded grade is the inspector's; an area without one is 'not yet decided' and is never
        filled from the proposal. Where they differ, both are shown with the inspector's rationale.
        The proposal weighs the findings and the evidence they cite that the store holds (where each
        indicator sits against the typical range, each audit result), as the report does; with no
        store it weighs the findings alone and says so.
        """
        from openpeel.framework import (
            NOT_YET_DECIDED,
            KnownEvidence,
            judge,
            load_framework,
            load_inspection,
            load_rules_file,
        )
        from openpeel.framework.evidence_facts import read_facts
        from openpeel.settings import load

        loaded = load_inspection(inspection, known=KnownEvidence.discover())
        framework = load_framework(loaded.framework_id)
        grading = load_rules_file(rules, framework.grading) if rules else framework.grading
        store = store_of(ctx)
        weighed = store.path.exists()
        facts = read_facts(store, loaded, load().comparison) if weighed else {}
        judgements = judge(loaded, framework, facts=facts, rules=grading)
        if output is Output.json:
            _print_json(
                {
                    "inspection": loaded.id,
                    "framework": framework.id,
                    "store": str(store.path) if weighed else None,
                    "areas": [j.to_dict() for j in judgements],
                }
            )
            return
        if not weighed:
            _say(f"no store at {escape(str(store.path))}: the proposal weighs the findings alone")
        rows = [
            {
                "area": j.area.value,
                "recorded": j.recorded.grade.label if j.recorded else NOT_YET_DECIDED,
                "proposed": j.proposal.grade.label if j.proposal.grade else "no proposal",
                "differs": {True: "DIFFERS", False: "agrees", None: "-"}[j.differs],
            }
            for j in judgements
        ]
        emit(rows, Format.table, title=f"Grades: {loaded.title}")
        for j in judgements:
            _say(f"\n[bold]{j.area.value}[/]: {j.status}")
            if j.recorded:
                why = f": {escape(j.recorded.rationale)}" if j.differs else ""
                _say(f"  recorded {j.recorded.grade.label} by {escape(j.recorded.decided_by)}{why}")
            _say(f"  proposed: {escape(j.proposal.basis)}")
            for reason in j.proposal.reasons:
                _say(f"    {reason.effect.value:<16} {escape(reason.text)}")
