"""Publishing an approved inspection: the report frozen with the evidence it was built from.

The audit cases entered in the browser (and the survey returns uploaded) are loaded into the store through the same loader as
``openpeel audit load`` (one answers file per inspection, so a later publication of a correction
replaces them: a correction uses the first version's name), then :func:`openpeel.report.build_report` writes the HTML, the PDF and the number
register from the inspection's findings file. :func:`openpeel.web.publish.publish` copies the
report beside the store as the force's next version; beside it are kept the number register
(``numbers.csv``, ``numbers.ods``), the results the findings cite (``results.json``: each indicator's
result with its national comparison, and every audit and survey result), the findings file, the audit
answers and the survey returns it used. The published
files are never rewritten, so a later data load cannot change a published report.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from datetime import date
from pathlib import Path

from openpeel.assess import Assessor
from openpeel.backends import duckdb_backend
from openpeel.csv_output import write_rows
from openpeel.evidence import load_answers, load_question_set, load_survey, results_for
from openpeel.evidence.answers import COLUMNS as ANSWER_COLUMNS
from openpeel.framework import EvidenceKind, load_inspection
from openpeel.indicators import catalogue
from openpeel.report import build_report
from openpeel.store import Store
from openpeel.web.findings_doc import known_evidence
from openpeel.web.publish import publish
from openpeel.web.state import PublishedReport
from openpeel.web.workspace_state import AuditCase, InspectionRow

SNAPSHOT = ("numbers.csv", "numbers.ods", "results.json", "findings.yaml", "audit-answers.csv", "survey-returns.csv")


def publish_inspection(
    app, row: InspectionRow, cases: list[AuditCase], survey: dict | None, *, by: str, title: str, answers_name: str
) -> PublishedReport:
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
            write_rows(
                handle,
                [
                    dict(zip(ANSWER_COLUMNS, [row.force_id, c.audit, c.case_reference, q, a, c.auditor, c.case_date]))
                    for c in complete
                    for q, a in c.answers.items()
                ],
                ANSWER_COLUMNS,
            )
        if complete:
            load_answers(store, [answers], load_question_set())
        if survey is not None:
            returns = folder / "survey-returns.csv"
            returns.write_bytes(survey["content"])
            load_survey(store, returns, row.force_id, survey["headcount"], closed=date.fromisoformat(survey["closed"]))
        out = folder / "report"
        build_report(
            store, row.force_id, out, inspection=findings, known=known_evidence(), internal=folder / "working-papers"
        )
        (out / "results.json").write_text(
            json.dumps(_results(store, row.force_id, findings), indent=1, default=str, sort_keys=True), encoding="utf-8"
        )
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


def _results(store: Store, force_id: str, findings: Path) -> dict:
    """The results the findings cite, as the store had them when the report was built."""
    inspection = load_inspection(findings, known=known_evidence())
    evidence = [r.as_dict() for r in results_for(store, force_id)]  # before the backend opens the store
    backend = duckdb_backend(store)
    try:
        assessor = Assessor(backend)
        indicators = []
        for ref in sorted(inspection.evidence(), key=str):
            if ref.kind is EvidenceKind.INDICATOR:
                indicators.append(
                    {"placeholder": str(ref), **assessor.result(catalogue.get(ref.id), force_id, ref.period).to_dict()}
                )
    finally:
        backend.con.disconnect()
    return {"force": force_id, "indicators": indicators, "audits_and_surveys": evidence}
