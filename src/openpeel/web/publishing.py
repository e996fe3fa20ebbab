"""Publishing an approved inspection: the report frozen with the evidence it was built from.

The audit cases entered in the browser (and the survey returns uploaded) are loaded into the store through the same loader as
``openpeel audit load`` (one answers file per inspection, so a later publication of a correction
replaces them: a correction uses the first version's name), then :func:`openpeel.report.build_report` writes the HTML, the PDF and the number
register from the inspection's findings file. :func:`openpeel.web.publish.publish` copies the
report beside the store as the force's next version; beside it are kept the number register
(``numbers.csv``, ``numbers.ods``), the findings file, the audit answers and the survey returns it used. The published
files are never rewritten, so a later data load cannot change a published report.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from pathlib import Path

from openpeel.csv_output import write_rows
from openpeel.evidence import load_answers, load_question_set, load_survey
from openpeel.evidence.answers import COLUMNS as ANSWER_COLUMNS
from openpeel.report import build_report
from openpeel.store import Store
from openpeel.web.findings_doc import known_evidence
from openpeel.web.publish import publish
from openpeel.web.state import PublishedReport
from openpeel.web.workspace_state import AuditCase, InspectionRow

SNAPSHOT = ("numbers.csv", "numbers.ods", "findings.yaml", "audit-answers.csv", "survey-returns.csv")


def publish_inspection(app, row: InspectionRow, cases: list[AuditCase], survey: dict | None, *,
                       by: str, title: str, answers_name: str) -> PublishedReport:
    """Load the evidence, build the report, publish it with its snapshot. ``answers_name`` names the
    answers file as the store records it: the first publication's, so a correction replaces its cases."""
    store = Store(app.state.holder.path)
    with tempfile.TemporaryDirectory(prefix="openpeel-publish-") as scratch:
        folder = Path(scratch)
        findings = folder / "findings.yaml"
        findings.write_text(row.document, encoding="utf-8")
        answers = folder / answers_name
        complete = [case for case in cases if case.complete]
        with answers.open("w", newline="", encoding="utf-8") as handle:
            write_rows(handle, [dict(zip(ANSWER_COLUMNS, [row.force_id, c.audit, c.case_reference, q, a, c.auditor,
                                                          c.case_date]))
                                for c in complete for q, a in c.answers.items()], ANSWER_COLUMNS)
        if complete:
            load_answers(store, [answers], load_question_set())
        if survey is not None:
            returns = folder / "survey-returns.csv"
            returns.write_bytes(survey["content"])
            load_survey(store, returns, row.force_id, survey["headcount"], closed=date.fromisoformat(survey["closed"]))
        out = folder / "report"
        build_report(store, row.force_id, out, inspection=findings, known=known_evidence(),
                     internal=folder / "working-papers")
        shutil.copyfile(findings, out / "findings.yaml")
        shutil.copyfile(answers, out / "audit-answers.csv")
        if survey is not None:
            shutil.copyfile(returns, out / "survey-returns.csv")
        report = publish(app.state.web, app.state.reports_dir, row.force_id, out, title=title, by=by)
        target = Path(app.state.reports_dir) / Path(report.html_path or report.pdf_path).parent
        for name in SNAPSHOT:
            if (out / name).is_file():
                shutil.copyfile(out / name, target / name)
    return report
