"""Review and publication: submit, return, approve by a different inspector, share with the force,
publish (frozen), and a correction as a new version with a note."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from openpeel.web.context import client, viewer
from openpeel.web.state import StateError
from openpeel.web.workspace.common import field, free_id, inspection_row, posted, too_long, workspace
from openpeel.web.workspace.inspections import inspection_view
from openpeel.web.workspace_state import Status

router = APIRouter(include_in_schema=False)


@router.post("/inspections/{inspection_id}/submit")
async def submit(request: Request, inspection_id: str):
    await posted(request)
    row = inspection_row(request, inspection_id)
    who = viewer(request)
    workspace(request).set_status(row.id, Status.IN_REVIEW, expected=Status.DRAFT, by=who.name, submitted_by=who.name)
    return RedirectResponse(f"/inspections/{row.id}", status_code=303)


@router.post("/inspections/{inspection_id}/return")
async def return_to_draft(request: Request, inspection_id: str):
    await posted(request)
    row = inspection_row(request, inspection_id)
    workspace(request).set_status(
        row.id, Status.DRAFT, expected=Status.IN_REVIEW, by=viewer(request).name, submitted_by=None
    )
    return RedirectResponse(f"/inspections/{row.id}", status_code=303)


@router.post("/inspections/{inspection_id}/approve")
async def approve(request: Request, inspection_id: str):
    await posted(request)
    row = inspection_row(request, inspection_id)
    who = viewer(request)
    if row.submitted_by == who.name:
        raise StateError("a draft is approved by a different inspector from the one who submitted it")
    workspace(request).set_status(row.id, Status.APPROVED, expected=Status.IN_REVIEW, by=who.name, approved_by=who.name)
    return RedirectResponse(f"/inspections/{row.id}", status_code=303)


@router.post("/inspections/{inspection_id}/share")
async def share(request: Request, inspection_id: str):
    form = await posted(request)
    row = inspection_row(request, inspection_id)
    workspace(request).share(row.id, field(form, "shared") == "yes", viewer(request).name)
    return RedirectResponse(f"/inspections/{row.id}", status_code=303)


@router.post("/inspections/{inspection_id}/publish")
async def publish_inspection(request: Request, inspection_id: str):
    await posted(request)
    return await run_in_threadpool(_publish, request, inspection_id)


def _publish(request: Request, inspection_id: str):
    from openpeel.web.publishing import publish_inspection as publish_

    row = inspection_row(request, inspection_id)
    if row.status is not Status.APPROVED:
        raise StateError(f"inspection {row.id} is {row.status.value}: it is published once approved")
    who = viewer(request)
    first = row
    while first.correction_of and workspace(request).inspection(first.correction_of) is not None:
        first = workspace(request).inspection(first.correction_of)
    # taken first, so two inspectors pressing Publish at once cannot publish it twice
    workspace(request).set_status(row.id, Status.PUBLISHED, expected=Status.APPROVED, by=who.name)
    try:
        report = publish_(
            request.app,
            row,
            workspace(request).cases(row.id),
            workspace(request).survey(row.id),
            answers_name=f"workspace-{first.id}.csv",
            by=who.name,
            title=f"{row.title} (correction: {row.note})" if row.correction_of else row.title,
        )
    except BaseException:
        workspace(request).set_status(row.id, Status.APPROVED, expected=Status.PUBLISHED, by=who.name)
        raise  # the report could not be written: the inspection stays approved, and the error is shown
    workspace(request).set_report(row.id, report.id)
    request.app.state.web.record(
        "report published",
        account=who.name,
        force_id=row.force_id,
        detail=f"{row.id} version {report.version}",
        client=client(request),
    )
    return RedirectResponse(f"/inspections/{row.id}", status_code=303)


@router.post("/inspections/{inspection_id}/correct")
async def correct(request: Request, inspection_id: str):
    form = await posted(request)
    row = inspection_row(request, inspection_id)
    who = viewer(request)
    typed = field(form, "note")
    note = " ".join(typed.split())
    if row.status is not Status.PUBLISHED:
        raise StateError("only a published report is corrected; a draft is edited")
    errors: dict[str, list[str]] = {}
    too_long(errors, {"note": typed})
    if not note:
        errors["note"] = ["Say what the correction changes: the note is published with it"]
    if errors:
        return inspection_view(request, row, 422, errors=errors, note=typed)
    new = workspace(request).create(
        id=free_id(request, f"{row.id}-correction"),
        force_id=row.force_id,
        framework_id=row.framework_id,
        title=row.title,
        lead=row.lead,
        fieldwork=row.fieldwork,
        document=row.document,
        by=who.name,
        correction_of=row.id,
        note=note,
    )
    for case in workspace(request).cases(row.id):
        workspace(request).save_case(new.id, case, based_on=None, by=who.name)
    survey = workspace(request).survey(row.id)
    if survey is not None:
        workspace(request).save_survey(
            new.id,
            filename=survey["filename"],
            content=survey["content"],
            headcount=survey["headcount"],
            closed=survey["closed"],
            results=survey["results"],
            by=who.name,
        )
    return RedirectResponse(f"/inspections/{new.id}", status_code=303)
