"""Inspections: the list with their status, creating one, importing and exporting its findings file,
its page and its change trail."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from openpeel import forces
from openpeel.framework import FindingKind, available_frameworks, load_framework
from openpeel.periods import Period, PeriodError
from openpeel.web import findings_doc, policy
from openpeel.web.context import client, render, viewer
from openpeel.web.findings_doc import FindingsDocument
from openpeel.web.policy import Action
from openpeel.web.workspace.common import (
    MAX_UPLOAD,
    field,
    force_name,
    free_id,
    inspection_row,
    posted,
    too_long,
    workspace,
)
from openpeel.web.workspace_state import InspectionRow, Status

router = APIRouter(include_in_schema=False)


@router.get("/inspections", response_class=HTMLResponse)
def inspections(request: Request):
    who = viewer(request)
    rows = [
        i
        for i in workspace(request).inspections()
        if policy.sees_inspection(who, i.force_id, published=i.status is Status.PUBLISHED, shared=i.shared)
    ]
    return render(
        request,
        "ws_inspections.html",
        inspections=rows,
        may_write=policy.allows(who, Action.WORKSPACE_WRITE),
        force_name=force_name,
    )


def _new_form(request: Request, status: int = 200, form: dict | None = None, errors: dict | None = None):
    return render(
        request,
        "ws_new.html",
        status,
        form=form or {},
        errors=errors or {},
        forces=forces.all_forces(include_synthetic=True),
        frameworks=available_frameworks(),
    )


@router.get("/inspections/new", response_class=HTMLResponse)
def new_inspection(request: Request):
    policy.require(viewer(request), Action.WORKSPACE_WRITE)
    return _new_form(request)


@router.post("/inspections", response_class=HTMLResponse)
async def create_inspection(request: Request):
    form = await posted(request)
    return await run_in_threadpool(_create, request, form)


MONTH = re.compile(r"^\d{4}-\d{2}$")


def _create(request: Request, form: FormData):
    who = viewer(request)
    values = {
        k: field(form, k).strip() for k in ("force", "framework", "fieldwork_start", "fieldwork_end", "lead", "title")
    }
    errors: dict[str, list[str]] = {}
    too_long(errors, values)
    force = None
    try:
        force = forces.lookup(values["force"]) if values["force"] else None
    except forces.UnknownForce as exc:
        errors.setdefault("force", []).append(str(exc))
    if force is None and "force" not in errors:
        errors["force"] = ["Choose the force inspected"]
    if values["framework"] not in available_frameworks():
        errors["framework"] = [f"Choose a framework year: {', '.join(available_frameworks())}"]
    fieldwork = None
    for name in ("fieldwork_start", "fieldwork_end"):
        if not MONTH.match(values[name]):
            errors[name] = ["Enter a month as YYYY-MM, such as 2025-09"]
    if "fieldwork_start" not in errors and "fieldwork_end" not in errors:
        try:
            fieldwork = Period.parse(f"{values['fieldwork_start']}:{values['fieldwork_end']}")
        except (PeriodError, ValueError) as exc:
            errors["fieldwork_end"] = [str(exc)]
    if not values["lead"]:
        errors["lead"] = ["Enter the lead inspector's name"]
    if errors:
        return _new_form(request, 422, values, errors)
    framework = load_framework(values["framework"])
    year = fieldwork.end.year
    ident = free_id(request, f"{force.id}-{year}")
    title = values["title"] or f"{framework.title} inspection of {force.name}"
    document = _new_document(ident, title, force.id, framework.id, fieldwork, values["lead"])
    row = workspace(request).create(
        id=ident,
        force_id=force.id,
        framework_id=framework.id,
        title=title,
        lead=values["lead"],
        fieldwork=fieldwork.code(),
        document=document,
        by=who.name,
    )
    request.app.state.web.record(
        "inspection created", account=who.name, force_id=force.id, detail=ident, client=client(request)
    )
    return RedirectResponse(f"/inspections/{row.id}", status_code=303)


def _new_document(ident: str, title: str, force_id: str, framework_id: str, fieldwork: Period, lead: str) -> str:
    doc = FindingsDocument("")
    doc.data["inspection"] = {
        "id": ident,
        "title": title,
        "force": force_id,
        "framework": framework_id,
        "fieldwork": fieldwork.code(),
        "inspector": lead,
    }
    doc.data["findings"] = []
    return doc.dump()


@router.post("/inspections/import", response_class=HTMLResponse)
async def import_inspection(request: Request):
    form = await posted(request)
    upload = form.get("file")
    raw = await upload.read(MAX_UPLOAD + 1) if isinstance(upload, UploadFile) else b""
    return await run_in_threadpool(_import, request, raw, getattr(upload, "filename", "") or "findings.yaml")


def _import(request: Request, raw: bytes, filename: str):
    who = viewer(request)
    errors: dict[str, list[str]] = {}
    if not raw:
        errors["file"] = ["Choose a findings file (YAML) to import"]
    elif len(raw) > MAX_UPLOAD:
        errors["file"] = [f"The file is larger than {MAX_UPLOAD:,} bytes"]
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            errors["file"] = [f"{filename} is not UTF-8 text"]
    if not errors:
        checked = findings_doc.check(text)
        if checked.inspection is None:
            errors["file"] = [f"{filename}: {m}" for ms in checked.errors.values() for m in ms]
    if errors:
        return _new_form(request, 422, {}, errors)
    inspection = checked.inspection
    if workspace(request).inspection(inspection.id) is not None:
        return _new_form(
            request,
            422,
            {},
            {
                "file": [
                    f"an inspection with id {inspection.id!r} is already in the "
                    "workspace: change the id in the file to import it as another"
                ]
            },
        )
    row = workspace(request).create(
        id=inspection.id,
        force_id=inspection.force_id,
        framework_id=inspection.framework_id,
        title=inspection.title,
        lead=inspection.inspector or who.name,
        fieldwork=inspection.fieldwork.code() if inspection.fieldwork else None,
        document=text,
        by=who.name,
    )
    request.app.state.web.record(
        "inspection imported",
        account=who.name,
        force_id=row.force_id,
        detail=f"{row.id} from {filename}",
        client=client(request),
    )
    return RedirectResponse(f"/inspections/{row.id}", status_code=303)


@router.get("/inspections/{inspection_id}", response_class=HTMLResponse)
def inspection_page(request: Request, inspection_id: str):
    return inspection_view(request, inspection_row(request, inspection_id))


def inspection_view(
    request: Request, row: InspectionRow, status: int = 200, *, errors: dict | None = None, note: str = ""
):
    """The inspection's page; ``errors`` and ``note`` give back a correction form that was refused."""
    who = viewer(request)
    doc = FindingsDocument(row.document)
    framework = load_framework(row.framework_id)
    return render(
        request,
        "ws_inspection.html",
        status,
        inspection=row,
        findings=doc.findings(),
        framework=framework,
        may_write=policy.allows(who, Action.WORKSPACE_WRITE),
        Status=Status,
        force_name=force_name,
        kind_label=_kind_label,
        tidy=findings_doc.tidy,
        errors=errors or {},
        note=note,
        report=request.app.state.web.report(row.report_id) if row.report_id else None,
    )


def _kind_label(kind: str) -> str:
    try:
        return FindingKind(kind).label
    except ValueError:
        return kind


@router.get("/inspections/{inspection_id}/findings.yaml")
def export_findings(request: Request, inspection_id: str):
    row = inspection_row(request, inspection_id)
    who = viewer(request)
    request.app.state.web.record(
        "download", account=who.name, force_id=row.force_id, detail=f"{row.id} findings.yaml", client=client(request)
    )
    return Response(
        row.document.encode("utf-8"),
        media_type="application/yaml",
        headers={"content-disposition": f'attachment; filename="{row.id}.yaml"'},
    )


@router.get("/inspections/{inspection_id}/trail", response_class=HTMLResponse)
def trail(request: Request, inspection_id: str):
    row = inspection_row(request, inspection_id)
    policy.require(viewer(request), Action.WORKSPACE_WRITE)  # the trail names inspectors: the inspectorate only
    return render(request, "ws_trail.html", inspection=row, changes=workspace(request).changes(row.id))
