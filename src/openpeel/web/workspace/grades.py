"""Grades: each area's proposal with its reasons beside the recorded grade; a grade that departs from
the proposal needs a rationale."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from openpeel.evidence import load_question_set
from openpeel.framework import load_framework
from openpeel.store import Store
from openpeel.web import findings_doc, policy
from openpeel.web import workspace_figures as wf
from openpeel.web.context import render, viewer
from openpeel.web.data import NotFound
from openpeel.web.findings_doc import FindingsDocument
from openpeel.web.policy import Action
from openpeel.web.state import StateError
from openpeel.web.workspace.common import field, inspection_row, posted, survey_results, too_long, workspace
from openpeel.web.workspace_state import Conflict, InspectionRow, Status

router = APIRouter(include_in_schema=False)


def _grades_page(
    request: Request, row: InspectionRow, *, status: int = 200, errors: dict | None = None, forms: dict | None = None
):
    framework = load_framework(row.framework_id)
    checked = findings_doc.check(row.document)
    if checked.inspection is None:
        raise StateError(
            "the findings file has problems; fix them before grading: "
            + "; ".join(m for ms in checked.errors.values() for m in ms)
        )
    inspection = checked.inspection
    doc = FindingsDocument(row.document)
    periods = {ref.period for ref in inspection.evidence()}
    with request.app.state.holder.assessor() as assessor:
        question_set = load_question_set()
        entered = wf.audit_results(workspace(request).tallies(row.id), row.force_id, question_set)
        entered += survey_results(request, row)
        figs = wf.figures(assessor, Store(request.app.state.holder.path), row.force_id, entered, periods)
        judgements = wf.judgements(inspection, framework, figs)
    tokens = {j.area.value: findings_doc.token(doc.grade(j.area.value) or {}) for j in judgements}
    return render(
        request,
        "ws_grades.html",
        status,
        inspection=row,
        judgements=judgements,
        errors=errors or {},
        forms=forms or {},
        tokens=tokens,
        grades=[(g.grade.value, g.title) for g in framework.grades],
        may_write=policy.allows(viewer(request), Action.WORKSPACE_WRITE) and row.status is Status.DRAFT,
    )


@router.get("/inspections/{inspection_id}/grades", response_class=HTMLResponse)
def grades(request: Request, inspection_id: str):
    row = inspection_row(request, inspection_id)
    return _grades_page(request, row)


@router.post("/inspections/{inspection_id}/grades/{area}", response_class=HTMLResponse)
async def record_grade(request: Request, inspection_id: str, area: str):
    form = await posted(request)
    return await run_in_threadpool(_record_grade, request, inspection_id, area, form)


def _record_grade(request: Request, inspection_id: str, area: str, form: FormData):
    row = inspection_row(request, inspection_id)
    who = viewer(request)
    framework = load_framework(row.framework_id)
    if not any(a.id.value == area for a in framework.areas):
        raise NotFound(
            f"framework {framework.id} has no area {area!r}", [(a.id.value, a.title) for a in framework.areas]
        )
    grade, rationale, token = field(form, "grade"), field(form, "rationale"), field(form, "token")
    values = {"grade": grade, "rationale": rationale}
    errors: dict[str, list[str]] = {}
    too_long(errors, {f"rationale-{area}": rationale})
    if grade not in {g.grade.value for g in framework.grades}:
        errors.setdefault(f"grade-{area}", []).append("Choose a grade")
    if row.status is not Status.DRAFT:
        errors.setdefault(f"grade-{area}", []).append(
            f"this inspection is {row.status.value}: grades are recorded in a draft"
        )
    if errors:
        return _grades_page(request, row, status=422, errors=errors, forms={area: values})
    # the proposal, to tell whether the grade departs from it
    page = _grades_page(request, row)
    proposed = next(j.proposal for j in page.context["judgements"] if j.area.value == area)
    if not rationale.strip():
        if proposed.grade is not None and proposed.grade.value == grade:
            rationale = "Agrees with the proposed grade."  # the basis is on the page; it may hold figures
        else:
            what = (
                f"differs from the proposed grade ({proposed.grade.label.lower()})"
                if proposed.grade
                else "has no proposal to agree with"
            )
            return _grades_page(
                request,
                row,
                status=422,
                forms={area: values},
                errors={f"rationale-{area}": [f"This grade {what}: say why in the rationale"]},
            )
    for _ in range(5):
        doc = FindingsDocument(row.document)
        if findings_doc.token(doc.grade(area) or {}) != token:
            workspace(request).refuse(row.id, who.name, f"grade for {area}", f"{grade}: {rationale}")
            return _grades_page(
                request,
                row,
                status=409,
                forms={area: values},
                errors={
                    f"grade-{area}": [
                        f"Someone else recorded this area's grade after you opened the page: it now reads "
                        f"{(doc.grade(area) or {}).get('grade', 'nothing')}. Your choice is kept below; save again "
                        "to replace theirs."
                    ]
                },
            )
        before, after = doc.set_grade(area, grade, rationale, who.name, date.today())
        if before == after:
            break
        document = doc.dump()
        checked = findings_doc.check(document)
        if checked.document is None:
            errors = {f"rationale-{area}": [m for ms in checked.errors.values() for m in ms]}
            return _grades_page(request, row, status=422, forms={area: values}, errors=errors)
        try:
            workspace(request).save_document(
                row.id, document, based_on=row.revision, by=who.name, what=f"grade for {area}", old=before, new=after
            )
        except Conflict:
            row = inspection_row(request, inspection_id)
            continue
        break
    return RedirectResponse(f"/inspections/{row.id}/grades#area-{area}", status_code=303)
