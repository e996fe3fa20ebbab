"""Findings: the edit form with its evidence list and live preview, checked by the findings loader and
saved in place in the findings file, a save from an old version refused."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from openpeel.framework import load_framework
from openpeel.web import findings_doc, policy
from openpeel.web import workspace_figures as wf
from openpeel.web.context import render, viewer
from openpeel.web.data import NotFound
from openpeel.web.findings_doc import FindingForm, FindingsDocument
from openpeel.web.policy import Action
from openpeel.web.state import StateError
from openpeel.web.workspace.common import (
    MAX_TEXT,
    RECOMMENDATION_SLOTS,
    field,
    figures_for,
    inspection_row,
    posted,
    too_long,
    workspace,
)
from openpeel.web.workspace_state import Conflict, InspectionRow, Status

router = APIRouter(include_in_schema=False)


def _finding_form(
    request: Request,
    row: InspectionRow,
    finding_id: str | None,
    values: dict,
    *,
    status: int = 200,
    errors: dict | None = None,
    conflict: dict | None = None,
    token: str = "",
    revision: int | None = None,
):
    framework = load_framework(row.framework_id)
    recs = list(values.get("recommendations") or [])
    recs += [("", "")] * (RECOMMENDATION_SLOTS - len(recs))
    return render(
        request,
        "ws_finding.html",
        status,
        inspection=row,
        finding_id=finding_id,
        form=values,
        recommendations=recs,
        errors=errors or {},
        conflict=conflict,
        token=token,
        revision=row.revision if revision is None else revision,
        kinds=[(k.kind.value, k.kind.label) for k in framework.finding_kinds],
        areas=[(a.id.value, a.title) for a in framework.areas],
    )


def _values_of(finding: dict) -> dict:
    return {
        "kind": finding.get("kind", ""),
        "area": finding.get("area", ""),
        "title": str(finding.get("title", "")),
        "text": str(finding.get("text", "")),
        "recommendations": [
            (str(r.get("text", "")), str(r.get("months", ""))) for r in finding.get("recommendations") or []
        ],
    }


@router.get("/inspections/{inspection_id}/findings/new", response_class=HTMLResponse)
def new_finding(request: Request, inspection_id: str):
    row = inspection_row(request, inspection_id)
    policy.require(viewer(request), Action.WORKSPACE_WRITE)
    return _finding_form(request, row, None, {"kind": "", "area": "", "title": "", "text": ""})


@router.get("/inspections/{inspection_id}/findings/{finding_id}", response_class=HTMLResponse)
def edit_finding(request: Request, inspection_id: str, finding_id: str):
    row = inspection_row(request, inspection_id)
    policy.require(viewer(request), Action.WORKSPACE_WRITE)
    finding = FindingsDocument(row.document).finding(finding_id)
    if finding is None:
        raise NotFound(
            f"inspection {row.id} has no finding {finding_id!r}",
            [(f["id"], f.get("title", "")) for f in FindingsDocument(row.document).findings()],
        )
    return _finding_form(request, row, finding_id, _values_of(finding), token=findings_doc.token(finding))


@router.post("/inspections/{inspection_id}/findings/new", response_class=HTMLResponse)
async def create_finding(request: Request, inspection_id: str):
    form = await posted(request)
    return await run_in_threadpool(_save_finding, request, inspection_id, None, form)


@router.post("/inspections/{inspection_id}/findings/{finding_id}", response_class=HTMLResponse)
async def save_finding(request: Request, inspection_id: str, finding_id: str):
    form = await posted(request)
    return await run_in_threadpool(_save_finding, request, inspection_id, finding_id, form)


def _form_values(form: FormData) -> dict:
    recs = [(field(form, f"rec_text_{i}"), field(form, f"rec_months_{i}")) for i in range(RECOMMENDATION_SLOTS)]
    return {
        "kind": field(form, "kind"),
        "area": field(form, "area"),
        "title": field(form, "title"),
        "text": field(form, "text"),
        "recommendations": [r for r in recs if r[0].strip() or r[1].strip()],
    }


def _save_finding(request: Request, inspection_id: str, finding_id: str | None, form: FormData):
    row = inspection_row(request, inspection_id)
    who = viewer(request)
    values = _form_values(form)
    token = field(form, "token")  # what the form was opened from: a finding changed since is a conflict
    errors: dict[str, list[str]] = {}
    too_long(
        errors,
        {
            "title": values["title"],
            "text": values["text"],
            **{f"rec_text_{i}": t for i, (t, _) in enumerate(values["recommendations"])},
        },
    )
    for name in ("kind", "area", "title", "text"):
        if not values[name].strip():
            errors.setdefault(name, []).append(f"Enter the finding's {name}")
    for i, (_, months) in enumerate(values["recommendations"]):
        if not months.strip().isdigit() or not 1 <= int(months) <= 120:
            errors.setdefault(f"rec_months_{i}", []).append("Enter the deadline as a whole number of months, 1 to 120")
    unknown = findings_doc.unknown_placeholders(values["text"])
    if unknown:
        errors.setdefault("text", []).extend(unknown)
    if row.status is not Status.DRAFT:
        errors.setdefault("file", []).append(f"this inspection is {row.status.value}: only a draft is edited")
    if errors and not (set(errors) == {"text"} and unknown):
        return _finding_form(request, row, finding_id, values, status=422, errors=errors, token=token)
    for _ in range(5):  # another finding saved meanwhile changes the file's revision, not this finding: retry
        doc = FindingsDocument(row.document)
        current = doc.finding(finding_id) if finding_id else None
        if finding_id and current is None:
            raise NotFound(f"inspection {row.id} has no finding {finding_id!r}", [])
        if current is not None and findings_doc.token(current) != token:
            workspace(request).refuse(row.id, who.name, f"finding {finding_id}", values["text"])
            return _finding_form(
                request,
                row,
                finding_id,
                values,
                status=409,
                token=token,
                conflict={"theirs": _values_of(current), "token": findings_doc.token(current)},
            )
        new_id, before, after = doc.edit(
            finding_id,
            FindingForm(
                values["kind"], values["area"], values["title"], values["text"], tuple(values["recommendations"])
            ),
        )
        if before == after:
            return RedirectResponse(f"/inspections/{row.id}#finding-{new_id}", status_code=303)
        document = doc.dump()
        checked = findings_doc.check(document, new_id)
        if checked.document is None or errors:
            return _finding_form(
                request,
                row,
                finding_id,
                values,
                status=422,
                token=token,
                errors=_merge(errors, checked.errors, unknown),
            )
        try:
            workspace(request).save_document(
                row.id, document, based_on=row.revision, by=who.name, what=f"finding {new_id}", old=before, new=after
            )
        except Conflict:
            row = inspection_row(request, inspection_id)
            continue
        return RedirectResponse(f"/inspections/{row.id}#finding-{new_id}", status_code=303)
    raise StateError("the findings file is changing too fast to save: try again")


def _merge(mine: dict, loader: dict, unknown: list[str]) -> dict:
    """The form's own errors with the loader's, each beside its field; the loader's word on an unknown
    placeholder is left out where the form already listed what exists."""
    out = {name: list(messages) for name, messages in mine.items()}
    for name, messages in loader.items():
        for message in messages:
            if unknown and re.search(r"unknown (indicator|audit|survey)|evidence not listed", message):
                continue
            if message.startswith(f"{name}: "):
                message = message[len(name) + 2 :]
            if name in ("id", "recommendations") and "recommendation" in message:
                name = "rec_text_0"
            out.setdefault(name, []).append(message)
    return out


@router.post("/inspections/{inspection_id}/preview", response_class=HTMLResponse)
async def preview(request: Request, inspection_id: str):
    form = await posted(request)
    return await run_in_threadpool(
        _preview, request, inspection_id, field(form, "text")[:MAX_TEXT], field(form, "area")
    )


def _preview(request: Request, inspection_id: str, text: str, area: str):
    row = inspection_row(request, inspection_id)
    problems = findings_doc.unknown_placeholders(text)
    paras, notes = [], []
    if not problems and text.strip():
        with request.app.state.holder.assessor() as assessor:
            paras, notes = wf.fill(text, area, figures_for(request, row, assessor))
    return render(request, "ws_preview.html", paragraphs=paras, notes=notes, problems=problems)


@router.get("/inspections/{inspection_id}/evidence", response_class=HTMLResponse)
def evidence_list(request: Request, inspection_id: str, q: str = ""):
    row = inspection_row(request, inspection_id)
    policy.require(viewer(request), Action.WORKSPACE_WRITE)
    with request.app.state.holder.assessor() as assessor:
        found, total = wf.choices(figures_for(request, row, assessor), q[:200])
    template = "ws_evidence_fragment.html" if request.headers.get("hx-request") else "ws_evidence.html"
    return render(request, template, inspection=row, choices=found, total=total, q=q[:200])
