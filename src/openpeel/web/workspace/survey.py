"""The workforce survey: a returns file uploaded, checked and counted; results by statement with N
and the response rate."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from openpeel.sources.base import SourceError
from openpeel.web import policy, survey_upload
from openpeel.web.context import render, viewer
from openpeel.web.policy import Action
from openpeel.web.workspace.common import MAX_UPLOAD, field, inspection_row, posted, workspace
from openpeel.web.workspace_state import InspectionRow, Status

router = APIRouter(include_in_schema=False)


def _survey_page(
    request: Request, row: InspectionRow, *, status: int = 200, errors: dict | None = None, form: dict | None = None
):
    saved = workspace(request).survey(row.id)
    return render(
        request,
        "ws_survey.html",
        status,
        inspection=row,
        saved=saved,
        errors=errors or {},
        form=form or {"headcount": "", "closed": ""},
        statements=survey_upload.results(saved),
        response=saved["results"]["response"] if saved else None,
        may_write=policy.allows(viewer(request), Action.WORKSPACE_WRITE) and row.status is Status.DRAFT,
    )


@router.get("/inspections/{inspection_id}/survey", response_class=HTMLResponse)
def survey(request: Request, inspection_id: str):
    return _survey_page(request, inspection_row(request, inspection_id))


@router.post("/inspections/{inspection_id}/survey", response_class=HTMLResponse)
async def upload_survey(request: Request, inspection_id: str):
    form = await posted(request)
    upload = form.get("file")
    raw = await upload.read(MAX_UPLOAD + 1) if isinstance(upload, UploadFile) else b""
    return await run_in_threadpool(
        _upload_survey,
        request,
        inspection_id,
        raw,
        getattr(upload, "filename", "") or "returns.csv",
        field(form, "headcount").strip(),
        field(form, "closed").strip(),
    )


def _upload_survey(request: Request, inspection_id: str, raw: bytes, filename: str, headcount: str, closed: str):
    row = inspection_row(request, inspection_id)
    who = viewer(request)
    values = {"headcount": headcount, "closed": closed}
    errors: dict[str, list[str]] = {}
    if not raw:
        errors["file"] = ["Choose a returns file (CSV) to upload"]
    elif len(raw) > MAX_UPLOAD:
        errors["file"] = [f"The file is larger than {MAX_UPLOAD:,} bytes"]
    if not headcount.isdigit() or not int(headcount):
        errors["headcount"] = ["Enter the workforce the survey went to, as a whole number above 0"]
    try:
        closing = date.fromisoformat(closed)
    except ValueError:
        errors["closed"] = ["Enter the day the survey closed, as 2025-11-30"]
    if row.status is not Status.DRAFT:
        errors.setdefault("file", []).append(f"this inspection is {row.status.value}: returns are uploaded to a draft")
    if not errors:
        try:
            results = survey_upload.count(raw, filename, row.force_id, int(headcount), closing)
        except SourceError as exc:
            names = {"headcount": "headcount", "closed": "closed"}
            for p in exc.problems:
                field = next((v for k, v in names.items() if k in p.message and p.row is None), "file")
                errors.setdefault(field, []).append(str(p))
    if errors:
        return _survey_page(request, row, status=422, errors=errors, form=values)
    workspace(request).save_survey(
        row.id,
        filename=Path(filename).name,
        content=raw,
        headcount=int(headcount),
        closed=closed,
        results=results,
        by=who.name,
    )
    return RedirectResponse(f"/inspections/{row.id}/survey", status_code=303)
