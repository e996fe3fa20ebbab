"""Audits: a form per case with one answer per question, checked by the audit CSV reader; running
results with their intervals; the answers CSV out and in."""

from __future__ import annotations

import io
import re
import tempfile
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from openpeel.csv_output import write_rows
from openpeel.evidence import load_question_set
from openpeel.evidence.answers import COLUMNS as ANSWER_COLUMNS
from openpeel.evidence.answers import read_answers
from openpeel.sources.base import SourceError
from openpeel.web import policy
from openpeel.web import workspace_figures as wf
from openpeel.web.context import client, render, viewer
from openpeel.web.data import NotFound
from openpeel.web.policy import Action
from openpeel.web.workspace.common import ANSWERS, MAX_UPLOAD, field, inspection_row, posted, too_long, workspace
from openpeel.web.workspace_state import AuditCase, Conflict, InspectionRow, Status

router = APIRouter(include_in_schema=False)

_SAME_IN_MORE_ROWS = re.compile(r" \(the same in \d+ more rows?: [^)]*\)$")


@router.get("/inspections/{inspection_id}/audits", response_class=HTMLResponse)
def audits(request: Request, inspection_id: str):
    row = inspection_row(request, inspection_id)
    question_set = load_question_set()
    counts = {}
    for case in workspace(request).cases(row.id):
        done, draft = counts.get(case.audit, (0, 0))
        counts[case.audit] = (done + case.complete, draft + (not case.complete))
    return render(
        request,
        "ws_audits.html",
        inspection=row,
        audits=question_set.audits,
        counts=counts,
        may_write=policy.allows(viewer(request), Action.WORKSPACE_WRITE),
    )


def _audit_page(
    request: Request,
    row: InspectionRow,
    audit: str,
    *,
    status: int = 200,
    form: dict | None = None,
    errors: dict | None = None,
    editing: str | None = None,
    conflict: str | None = None,
):
    question_set = load_question_set()
    if audit not in question_set.audits:
        raise NotFound(f"question set {question_set.id} has no audit {audit!r}", list(question_set.audits.items()))
    questions = question_set.for_audit(audit)
    entered = {r.item: r for r in wf.audit_results(workspace(request).tallies(row.id), row.force_id, question_set)}
    results = [
        (
            q,
            entered.get(q.id),
            wf.interval_text(entered[q.id], question_set) if q.id in entered and entered[q.id].of else None,
        )
        for q in questions
    ]
    return render(
        request,
        "ws_audit.html",
        status,
        inspection=row,
        audit=audit,
        title=question_set.audits[audit],
        questions=questions,
        results=results,
        cases=workspace(request).cases(row.id, audit),
        form=form or {"date": "", "reference": "", "answers": {}, "complete": False, "version": ""},
        errors=errors or {},
        answers=ANSWERS,
        editing=editing,
        conflict=conflict,
        may_write=policy.allows(viewer(request), Action.WORKSPACE_WRITE),
    )


@router.get("/inspections/{inspection_id}/audits/{audit}", response_class=HTMLResponse)
def audit_page(request: Request, inspection_id: str, audit: str, case: str | None = None):
    row = inspection_row(request, inspection_id)
    form = None
    if case:
        found = workspace(request).case(row.id, audit, case)
        if found is None:
            raise NotFound(
                f"audit {audit} has no case {case!r}",
                [(c.case_reference, c.case_date) for c in workspace(request).cases(row.id, audit)],
            )
        form = {
            "date": found.case_date,
            "reference": found.case_reference,
            "answers": found.answers,
            "complete": found.complete,
            "version": str(found.version),
        }
    return _audit_page(request, row, audit, form=form, editing=case)


@router.post("/inspections/{inspection_id}/audits/{audit}/cases", response_class=HTMLResponse)
async def save_case(request: Request, inspection_id: str, audit: str):
    form = await posted(request)
    return await run_in_threadpool(_save_case, request, inspection_id, audit, form)


def _save_case(request: Request, inspection_id: str, audit: str, form: FormData):
    row = inspection_row(request, inspection_id)
    who = viewer(request)
    question_set = load_question_set()
    questions = question_set.for_audit(audit) if audit in question_set.audits else []
    if not questions:
        raise NotFound(f"question set {question_set.id} has no audit {audit!r}", list(question_set.audits.items()))
    reference = field(form, "reference").strip()
    editing = field(form, "editing").strip() or None
    values = {
        "date": field(form, "date").strip(),
        "reference": reference,
        "complete": field(form, "action") == "complete",
        "answers": {q.id: field(form, f"q-{q.id}") for q in questions},
        "version": field(form, "version"),
    }
    errors: dict[str, list[str]] = {}
    too_long(errors, {"reference": reference})
    if not reference:
        errors["reference"] = ["Enter the case reference"]
    if editing and reference != editing:
        errors["reference"] = ["The case reference of a saved case cannot change: enter a new case instead"]
    answered = {k: v for k, v in values["answers"].items() if v}
    if values["complete"]:
        for q in questions:
            if q.id not in answered and q.asked_when is None:
                errors.setdefault(f"q-{q.id}", []).append("Answer this question before marking the case complete")
    if not errors:
        errors.update(_check_answers(row, audit, reference, values["date"], answered, who.name))
    if row.status is not Status.DRAFT:
        errors.setdefault("reference", []).append(
            f"this inspection is {row.status.value}: audits are entered in a draft"
        )
    if errors:
        return _audit_page(request, row, audit, status=422, form=values, errors=errors, editing=editing)
    case = AuditCase(audit, reference, values["date"], who.name, answered, values["complete"], 0)
    try:
        workspace(request).save_case(
            row.id, case, based_on=int(values["version"]) if values["version"] else None, by=who.name
        )
    except Conflict as exc:
        workspace(request).refuse(row.id, who.name, f"audit case {audit}/{reference}", str(answered))
        saved = workspace(request).case(row.id, audit, reference)
        if saved is not None:  # saving again from here replaces the saved case knowingly
            values["version"], editing = str(saved.version), reference
        now = ", ".join(f"{q}: {a}" for q, a in saved.answers.items()) if saved else "nothing"
        return _audit_page(
            request,
            row,
            audit,
            status=409,
            form=values,
            editing=editing,
            conflict=f"{exc}. Saved now: {now}. Your answers are kept below; save again to replace the saved ones.",
        )
    return RedirectResponse(f"/inspections/{row.id}/audits/{audit}#results", status_code=303)


def _answer_rows(
    force_id: str, audit: str, reference: str, case_date: str, answers: dict[str, str], auditor: str
) -> list[list[str]]:
    return [[force_id, audit, reference, qid, answer, auditor, case_date] for qid, answer in answers.items()]


def _check_answers(
    row: InspectionRow, audit: str, reference: str, case_date: str, answers: dict[str, str], auditor: str
) -> dict[str, list[str]]:
    """Check one case with the audit CSV reader; each problem beside the field of its column and row."""
    if not case_date:
        return {"date": ["Enter the date of the case reviewed, such as 2025-03-31"]}
    rows = _answer_rows(row.force_id, audit, reference, case_date, answers, auditor)
    if not rows:
        rows = [[row.force_id, audit, reference, "", "", auditor, case_date]]  # the date is still checked
    fields = {"date": "date", "case_reference": "reference", "force": "reference", "audit": "reference"}
    errors: dict[str, list[str]] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="openpeel-case-") as folder:
            path = Path(folder) / "case.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                write_rows(handle, [dict(zip(ANSWER_COLUMNS, r)) for r in rows], ANSWER_COLUMNS)
            read_answers(path, load_question_set())
    except SourceError as exc:
        for problem in exc.problems:
            if not answers and problem.column in ("question_id", "answer"):
                continue  # the stand-in row of a case with no answer yet
            if problem.column in ("question_id", "answer") and problem.row:
                name = f"q-{rows[problem.row - 2][3]}"
            else:
                name = fields.get(problem.column or "", "reference")
            # one case is several rows of the file: the rows the reader counts mean nothing in the form
            message = _SAME_IN_MORE_ROWS.sub("", problem.message)
            if message not in errors.get(name, []):
                errors.setdefault(name, []).append(message)
    return errors


@router.get("/inspections/{inspection_id}/audits.csv")
def export_answers(request: Request, inspection_id: str):
    row = inspection_row(request, inspection_id)
    policy.require(viewer(request), Action.WORKSPACE_WRITE)
    out = io.StringIO()
    rows = [
        r
        for case in workspace(request).cases(row.id)
        if case.complete
        for r in _answer_rows(row.force_id, case.audit, case.case_reference, case.case_date, case.answers, case.auditor)
    ]
    write_rows(out, [dict(zip(ANSWER_COLUMNS, r)) for r in rows], ANSWER_COLUMNS)
    request.app.state.web.record(
        "download",
        account=viewer(request).name,
        force_id=row.force_id,
        detail=f"{row.id} audit answers",
        client=client(request),
    )
    return Response(
        out.getvalue(),
        media_type="text/csv",
        headers={"content-disposition": f'attachment; filename="{row.id}-audit-answers.csv"'},
    )


@router.post("/inspections/{inspection_id}/audits/import", response_class=HTMLResponse)
async def import_answers(request: Request, inspection_id: str):
    form = await posted(request)
    upload = form.get("file")
    raw = await upload.read(MAX_UPLOAD + 1) if isinstance(upload, UploadFile) else b""
    return await run_in_threadpool(
        _import_answers, request, inspection_id, raw, getattr(upload, "filename", "") or "answers.csv"
    )


def _import_answers(request: Request, inspection_id: str, raw: bytes, filename: str):
    row = inspection_row(request, inspection_id)
    who = viewer(request)
    problems: list[str] = []
    if not raw or len(raw) > MAX_UPLOAD:
        problems.append(f"Choose an answers CSV of at most {MAX_UPLOAD:,} bytes")
    elif row.status is not Status.DRAFT:
        problems.append(f"this inspection is {row.status.value}: audits are entered in a draft")
    cases: list[AuditCase] = []
    if not problems:
        name = Path(filename).name or "answers.csv"
        with tempfile.TemporaryDirectory(prefix="openpeel-answers-") as folder:
            path = Path(folder) / name
            path.write_bytes(raw)
            try:
                batches = read_answers(path, load_question_set())
            except SourceError as exc:
                problems += [str(p) for p in exc.problems]
            else:
                for batch in batches:
                    if batch.data.num_rows and batch.data.column("force_id")[0].as_py() != row.force_id:
                        problems.append(
                            f"{name}: the answers are for {batch.data.column('force_id')[0].as_py()}, "
                            f"not {row.force_id}"
                        )
                if not problems:
                    cases = _cases_of(batches)
    if problems:
        return render(
            request,
            "ws_audits.html",
            422,
            inspection=row,
            audits=load_question_set().audits,
            counts={},
            may_write=True,
            problems=problems,
        )
    workspace(request).replace_cases(row.id, cases, who.name, filename)
    return RedirectResponse(f"/inspections/{row.id}/audits", status_code=303)


def _cases_of(batches) -> list[AuditCase]:
    by_case: dict[tuple[str, str], dict] = {}
    for batch in batches:
        for r in batch.data.select(
            ["audit", "case_reference", "question_id", "answer", "auditor", "case_date"]
        ).to_pylist():
            case = by_case.setdefault(
                (r["audit"], r["case_reference"]),
                {"date": r["case_date"].isoformat(), "auditor": r["auditor"], "answers": {}},
            )
            case["answers"][r["question_id"]] = r["answer"].replace("not_applicable", "not applicable")
    return [
        AuditCase(audit, ref, c["date"], c["auditor"], c["answers"], True, 0)
        for (audit, ref), c in sorted(by_case.items())
    ]
