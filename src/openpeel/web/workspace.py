"""The inspection workspace: inspections, findings, audit cases, grades, review and publication.

Every route asks :mod:`openpeel.web.policy` (only inspectors write; a force sees its own shared
drafts and published reports; the public sees published reports) and checks the form's CSRF
token. Findings are checked by the findings-file loader, audit answers by the audit CSV reader,
intervals and filled placeholders come from the evidence and report modules
(:mod:`openpeel.web.workspace_figures`), so the browser applies exactly the checks and wording
of the command line and the report.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from datetime import date
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from openpeel import forces
from openpeel.csv_output import write_rows
from openpeel.evidence import load_question_set
from openpeel.evidence.answers import COLUMNS as ANSWER_COLUMNS, read_answers
from openpeel.framework import FindingKind, available_frameworks, load_framework
from openpeel.periods import Period, PeriodError
from openpeel.sources.base import SourceError
from openpeel.store import Store
from openpeel.web import findings_doc, policy, survey_upload, workspace_figures as wf
from openpeel.web.auth import check_csrf
from openpeel.web.context import client, render, viewer
from openpeel.web.data import NotFound
from openpeel.web.findings_doc import FindingForm, FindingsDocument
from openpeel.web.policy import Action
from openpeel.web.state import StateError
from openpeel.web.workspace_state import AuditCase, Conflict, InspectionRow, Status, Workspace

router = APIRouter(include_in_schema=False)

MAX_TEXT = 20_000  # characters in one field: longer text is refused beside the field
MAX_UPLOAD = 2_000_000  # bytes in an uploaded findings or answers file
ANSWERS = ("yes", "no", "not applicable")
RECOMMENDATION_SLOTS = 3


def workspace(request: Request) -> Workspace:
    return request.app.state.workspace


def _inspection(request: Request, inspection_id: str) -> InspectionRow:
    row = workspace(request).inspection(inspection_id)
    if row is None:
        known = [(i.id, i.title) for i in workspace(request).inspections()
                 if policy.sees_inspection(viewer(request), i.force_id, published=i.status is Status.PUBLISHED,
                                           shared=i.shared)]
        raise NotFound(f"no inspection {inspection_id!r}", known)
    policy.require_inspection(viewer(request), row.force_id, published=row.status is Status.PUBLISHED, shared=row.shared)
    return row


async def _posted(request: Request) -> FormData:
    """The form, once the poster may write and the CSRF token matches."""
    policy.require(viewer(request), Action.WORKSPACE_WRITE)
    form = await request.form(max_part_size=MAX_UPLOAD)
    check_csrf(request, str(form.get("csrf_token", "")))
    return form


def _field(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.replace("\r\n", "\n") if isinstance(value, str) else ""


def _too_long(errors: dict, values: dict) -> None:
    for name, value in values.items():
        if len(value) > MAX_TEXT:
            errors.setdefault(name, []).append(f"{len(value):,} characters is too long: at most {MAX_TEXT:,}")


# ---- inspections ---------------------------------------------------------------------------------


@router.get("/inspections", response_class=HTMLResponse)
def inspections(request: Request):
    who = viewer(request)
    rows = [i for i in workspace(request).inspections()
            if policy.sees_inspection(who, i.force_id, published=i.status is Status.PUBLISHED, shared=i.shared)]
    return render(request, "ws_inspections.html", inspections=rows, may_write=policy.allows(who, Action.WORKSPACE_WRITE),
                  force_name=_force_name)


def _force_name(force_id: str) -> str:
    try:
        return forces.lookup(force_id).name
    except forces.UnknownForce:  # a force gone from the registry still shows its id
        return force_id


def _new_form(request: Request, status: int = 200, form: dict | None = None, errors: dict | None = None):
    return render(request, "ws_new.html", status, form=form or {}, errors=errors or {},
                  forces=forces.all_forces(include_synthetic=True), frameworks=available_frameworks())


@router.get("/inspections/new", response_class=HTMLResponse)
def new_inspection(request: Request):
    policy.require(viewer(request), Action.WORKSPACE_WRITE)
    return _new_form(request)


@router.post("/inspections", response_class=HTMLResponse)
async def create_inspection(request: Request):
    form = await _posted(request)
    return await run_in_threadpool(_create, request, form)


MONTH = re.compile(r"^\d{4}-\d{2}$")


def _create(request: Request, form: FormData):
    who = viewer(request)
    values = {k: _field(form, k).strip() for k in ("force", "framework", "fieldwork_start", "fieldwork_end", "lead", "title")}
    errors: dict[str, list[str]] = {}
    _too_long(errors, values)
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
    ident = _free_id(request, f"{force.id}-{year}")
    title = values["title"] or f"{framework.title} inspection of {force.name}"
    document = _new_document(ident, title, force.id, framework.id, fieldwork, values["lead"])
    row = workspace(request).create(id=ident, force_id=force.id, framework_id=framework.id, title=title,
                                    lead=values["lead"], fieldwork=fieldwork.code(), document=document, by=who.name)
    request.app.state.web.record("inspection created", account=who.name, force_id=force.id, detail=ident,
                                 client=client(request))
    return RedirectResponse(f"/inspections/{row.id}", status_code=303)


def _free_id(request: Request, base: str) -> str:
    taken = {i.id for i in workspace(request).inspections()}
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _new_document(ident: str, title: str, force_id: str, framework_id: str, fieldwork: Period, lead: str) -> str:
    doc = FindingsDocument("")
    doc.data["inspection"] = {"id": ident, "title": title, "force": force_id, "framework": framework_id,
                              "fieldwork": fieldwork.code(), "inspector": lead}
    doc.data["findings"] = []
    return doc.dump()


@router.post("/inspections/import", response_class=HTMLResponse)
async def import_inspection(request: Request):
    form = await _posted(request)
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
        return _new_form(request, 422, {}, {"file": [f"an inspection with id {inspection.id!r} is already in the "
                                                     "workspace: change the id in the file to import it as another"]})
    row = workspace(request).create(
        id=inspection.id, force_id=inspection.force_id, framework_id=inspection.framework_id, title=inspection.title,
        lead=inspection.inspector or who.name, fieldwork=inspection.fieldwork.code() if inspection.fieldwork else None,
        document=text, by=who.name)
    request.app.state.web.record("inspection imported", account=who.name, force_id=row.force_id,
                                 detail=f"{row.id} from {filename}", client=client(request))
    return RedirectResponse(f"/inspections/{row.id}", status_code=303)


@router.get("/inspections/{inspection_id}", response_class=HTMLResponse)
def inspection_page(request: Request, inspection_id: str):
    row = _inspection(request, inspection_id)
    who = viewer(request)
    doc = FindingsDocument(row.document)
    framework = load_framework(row.framework_id)
    return render(request, "ws_inspection.html", inspection=row, findings=doc.findings(), framework=framework,
                  may_write=policy.allows(who, Action.WORKSPACE_WRITE), Status=Status, force_name=_force_name,
                  kind_label=_kind_label, tidy=findings_doc.tidy,
                  report=request.app.state.web.report(row.report_id) if row.report_id else None)


def _kind_label(kind: str) -> str:
    try:
        return FindingKind(kind).label
    except ValueError:
        return kind


@router.get("/inspections/{inspection_id}/findings.yaml")
def export_findings(request: Request, inspection_id: str):
    row = _inspection(request, inspection_id)
    who = viewer(request)
    request.app.state.web.record("download", account=who.name, force_id=row.force_id,
                                 detail=f"{row.id} findings.yaml", client=client(request))
    return Response(row.document.encode("utf-8"), media_type="application/yaml",
                    headers={"content-disposition": f'attachment; filename="{row.id}.yaml"'})


@router.get("/inspections/{inspection_id}/trail", response_class=HTMLResponse)
def trail(request: Request, inspection_id: str):
    row = _inspection(request, inspection_id)
    policy.require(viewer(request), Action.WORKSPACE_WRITE)  # the trail names inspectors: the inspectorate only
    return render(request, "ws_trail.html", inspection=row, changes=workspace(request).changes(row.id))


# ---- findings ------------------------------------------------------------------------------------


def _finding_form(request: Request, row: InspectionRow, finding_id: str | None, values: dict, *, status: int = 200,
                  errors: dict | None = None, conflict: dict | None = None, token: str = "", revision: int | None = None):
    framework = load_framework(row.framework_id)
    recs = list(values.get("recommendations") or [])
    recs += [("", "")] * (RECOMMENDATION_SLOTS - len(recs))
    return render(request, "ws_finding.html", status, inspection=row, finding_id=finding_id, form=values,
                  recommendations=recs, errors=errors or {}, conflict=conflict, token=token,
                  revision=row.revision if revision is None else revision,
                  kinds=[(k.kind.value, k.kind.label) for k in framework.finding_kinds],
                  areas=[(a.id.value, a.title) for a in framework.areas])


def _values_of(finding: dict) -> dict:
    return {"kind": finding.get("kind", ""), "area": finding.get("area", ""), "title": str(finding.get("title", "")),
            "text": str(finding.get("text", "")),
            "recommendations": [(str(r.get("text", "")), str(r.get("months", "")))
                                for r in finding.get("recommendations") or []]}


@router.get("/inspections/{inspection_id}/findings/new", response_class=HTMLResponse)
def new_finding(request: Request, inspection_id: str):
    row = _inspection(request, inspection_id)
    policy.require(viewer(request), Action.WORKSPACE_WRITE)
    return _finding_form(request, row, None, {"kind": "", "area": "", "title": "", "text": ""})


@router.get("/inspections/{inspection_id}/findings/{finding_id}", response_class=HTMLResponse)
def edit_finding(request: Request, inspection_id: str, finding_id: str):
    row = _inspection(request, inspection_id)
    policy.require(viewer(request), Action.WORKSPACE_WRITE)
    finding = FindingsDocument(row.document).finding(finding_id)
    if finding is None:
        raise NotFound(f"inspection {row.id} has no finding {finding_id!r}",
                       [(f["id"], f.get("title", "")) for f in FindingsDocument(row.document).findings()])
    return _finding_form(request, row, finding_id, _values_of(finding), token=findings_doc.token(finding))


@router.post("/inspections/{inspection_id}/findings/new", response_class=HTMLResponse)
async def create_finding(request: Request, inspection_id: str):
    form = await _posted(request)
    return await run_in_threadpool(_save_finding, request, inspection_id, None, form)


@router.post("/inspections/{inspection_id}/findings/{finding_id}", response_class=HTMLResponse)
async def save_finding(request: Request, inspection_id: str, finding_id: str):
    form = await _posted(request)
    return await run_in_threadpool(_save_finding, request, inspection_id, finding_id, form)


def _form_values(form: FormData) -> dict:
    recs = [(_field(form, f"rec_text_{i}"), _field(form, f"rec_months_{i}")) for i in range(RECOMMENDATION_SLOTS)]
    return {"kind": _field(form, "kind"), "area": _field(form, "area"), "title": _field(form, "title"),
            "text": _field(form, "text"), "recommendations": [r for r in recs if r[0].strip() or r[1].strip()]}


def _save_finding(request: Request, inspection_id: str, finding_id: str | None, form: FormData):
    row = _inspection(request, inspection_id)
    who = viewer(request)
    values = _form_values(form)
    token, revision = _field(form, "token"), _field(form, "revision")
    errors: dict[str, list[str]] = {}
    _too_long(errors, {"title": values["title"], "text": values["text"],
                       **{f"rec_text_{i}": t for i, (t, _) in enumerate(values["recommendations"])}})
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
            return _finding_form(request, row, finding_id, values, status=409, token=token,
                                 conflict={"theirs": _values_of(current), "token": findings_doc.token(current)})
        new_id, before, after = doc.edit(finding_id, FindingForm(values["kind"], values["area"], values["title"],
                                                                 values["text"], tuple(values["recommendations"])))
        if before == after:
            return RedirectResponse(f"/inspections/{row.id}#finding-{new_id}", status_code=303)
        document = doc.dump()
        checked = findings_doc.check(document, new_id)
        if checked.document is None or errors:
            return _finding_form(request, row, finding_id, values, status=422, token=token,
                                 errors=_merge(errors, checked.errors, unknown))
        try:
            workspace(request).save_document(row.id, document, based_on=row.revision, by=who.name,
                                             what=f"finding {new_id}", old=before, new=after)
        except Conflict:
            row = _inspection(request, inspection_id)
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
                message = message[len(name) + 2:]
            if name in ("id", "recommendations") and "recommendation" in message:
                name = "rec_text_0"
            out.setdefault(name, []).append(message)
    return out


@router.post("/inspections/{inspection_id}/preview", response_class=HTMLResponse)
async def preview(request: Request, inspection_id: str):
    form = await _posted(request)
    return await run_in_threadpool(_preview, request, inspection_id, _field(form, "text")[:MAX_TEXT],
                                   _field(form, "area"))


def _figures(request: Request, row: InspectionRow, q):
    question_set = load_question_set()
    entered = wf.audit_results(workspace(request).tallies(row.id), row.force_id, question_set)
    entered += _survey_results(request, row)
    return wf.figures(q, Store(request.app.state.holder.path), row.force_id, entered)


def _survey_results(request: Request, row: InspectionRow):
    return survey_upload.results(workspace(request).survey(row.id))


def _preview(request: Request, inspection_id: str, text: str, area: str):
    row = _inspection(request, inspection_id)
    problems = findings_doc.unknown_placeholders(text)
    paras, notes = [], []
    if not problems and text.strip():
        with request.app.state.holder.assessor() as assessor:
            paras, notes = wf.fill(text, area, _figures(request, row, assessor))
    return render(request, "ws_preview.html", paragraphs=paras, notes=notes, problems=problems)


@router.get("/inspections/{inspection_id}/evidence", response_class=HTMLResponse)
def evidence_list(request: Request, inspection_id: str, q: str = ""):
    row = _inspection(request, inspection_id)
    policy.require(viewer(request), Action.WORKSPACE_WRITE)
    with request.app.state.holder.assessor() as assessor:
        found, total = wf.choices(_figures(request, row, assessor), q[:200])
    template = "ws_evidence_fragment.html" if request.headers.get("hx-request") else "ws_evidence.html"
    return render(request, template, inspection=row, choices=found, total=total, q=q[:200])


# ---- audits --------------------------------------------------------------------------------------


@router.get("/inspections/{inspection_id}/audits", response_class=HTMLResponse)
def audits(request: Request, inspection_id: str):
    row = _inspection(request, inspection_id)
    question_set = load_question_set()
    counts = {}
    for case in workspace(request).cases(row.id):
        done, draft = counts.get(case.audit, (0, 0))
        counts[case.audit] = (done + case.complete, draft + (not case.complete))
    return render(request, "ws_audits.html", inspection=row, audits=question_set.audits, counts=counts,
                  may_write=policy.allows(viewer(request), Action.WORKSPACE_WRITE))


def _audit_page(request: Request, row: InspectionRow, audit: str, *, status: int = 200, form: dict | None = None,
                errors: dict | None = None, editing: str | None = None, conflict: str | None = None):
    question_set = load_question_set()
    if audit not in question_set.audits:
        raise NotFound(f"question set {question_set.id} has no audit {audit!r}", list(question_set.audits.items()))
    questions = question_set.for_audit(audit)
    entered = {r.item: r for r in wf.audit_results(workspace(request).tallies(row.id), row.force_id, question_set)}
    results = [(q, entered.get(q.id), wf.interval_text(entered[q.id], question_set) if q.id in entered and entered[q.id].of
                else None) for q in questions]
    return render(request, "ws_audit.html", status, inspection=row, audit=audit, title=question_set.audits[audit],
                  questions=questions, results=results, cases=workspace(request).cases(row.id, audit),
                  form=form or {"date": "", "reference": "", "answers": {}, "complete": False, "version": ""},
                  errors=errors or {}, answers=ANSWERS, editing=editing, conflict=conflict,
                  may_write=policy.allows(viewer(request), Action.WORKSPACE_WRITE))


@router.get("/inspections/{inspection_id}/audits/{audit}", response_class=HTMLResponse)
def audit_page(request: Request, inspection_id: str, audit: str, case: str | None = None):
    row = _inspection(request, inspection_id)
    form = None
    if case:
        found = workspace(request).case(row.id, audit, case)
        if found is None:
            raise NotFound(f"audit {audit} has no case {case!r}", [(c.case_reference, c.case_date)
                                                                   for c in workspace(request).cases(row.id, audit)])
        form = {"date": found.case_date, "reference": found.case_reference, "answers": found.answers,
                "complete": found.complete, "version": str(found.version)}
    return _audit_page(request, row, audit, form=form, editing=case)


@router.post("/inspections/{inspection_id}/audits/{audit}/cases", response_class=HTMLResponse)
async def save_case(request: Request, inspection_id: str, audit: str):
    form = await _posted(request)
    return await run_in_threadpool(_save_case, request, inspection_id, audit, form)


def _save_case(request: Request, inspection_id: str, audit: str, form: FormData):
    row = _inspection(request, inspection_id)
    who = viewer(request)
    question_set = load_question_set()
    questions = question_set.for_audit(audit) if audit in question_set.audits else []
    if not questions:
        raise NotFound(f"question set {question_set.id} has no audit {audit!r}", list(question_set.audits.items()))
    reference = _field(form, "reference").strip()
    editing = _field(form, "editing").strip() or None
    values = {"date": _field(form, "date").strip(), "reference": reference, "complete": _field(form, "action") == "complete",
              "answers": {q.id: _field(form, f"q-{q.id}") for q in questions}, "version": _field(form, "version")}
    errors: dict[str, list[str]] = {}
    _too_long(errors, {"reference": reference})
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
        errors.setdefault("reference", []).append(f"this inspection is {row.status.value}: audits are entered in a draft")
    if errors:
        return _audit_page(request, row, audit, status=422, form=values, errors=errors, editing=editing)
    case = AuditCase(audit, reference, values["date"], who.name, answered, values["complete"], 0)
    try:
        workspace(request).save_case(row.id, case, based_on=int(values["version"]) if values["version"] else None,
                                     by=who.name)
    except Conflict as exc:
        workspace(request).refuse(row.id, who.name, f"audit case {audit}/{reference}", str(answered))
        return _audit_page(request, row, audit, status=409, form=values, editing=editing,
                           conflict=f"{exc}. Saved now: {exc.current or 'nothing'}. Your answers are kept below.")
    return RedirectResponse(f"/inspections/{row.id}/audits/{audit}#results", status_code=303)


def _answer_rows(force_id: str, audit: str, reference: str, case_date: str, answers: dict[str, str],
                 auditor: str) -> list[list[str]]:
    return [[force_id, audit, reference, qid, answer, auditor, case_date] for qid, answer in answers.items()]


def _check_answers(row: InspectionRow, audit: str, reference: str, case_date: str, answers: dict[str, str],
                   auditor: str) -> dict[str, list[str]]:
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
            errors.setdefault(name, []).append(problem.message)
    return errors


@router.get("/inspections/{inspection_id}/audits.csv")
def export_answers(request: Request, inspection_id: str):
    row = _inspection(request, inspection_id)
    policy.require(viewer(request), Action.WORKSPACE_WRITE)
    out = io.StringIO()
    rows = [r for case in workspace(request).cases(row.id) if case.complete
            for r in _answer_rows(row.force_id, case.audit, case.case_reference, case.case_date, case.answers, case.auditor)]
    write_rows(out, [dict(zip(ANSWER_COLUMNS, r)) for r in rows], ANSWER_COLUMNS)
    request.app.state.web.record("download", account=viewer(request).name, force_id=row.force_id,
                                 detail=f"{row.id} audit answers", client=client(request))
    return Response(out.getvalue(), media_type="text/csv",
                    headers={"content-disposition": f'attachment; filename="{row.id}-audit-answers.csv"'})


@router.post("/inspections/{inspection_id}/audits/import", response_class=HTMLResponse)
async def import_answers(request: Request, inspection_id: str):
    form = await _posted(request)
    upload = form.get("file")
    raw = await upload.read(MAX_UPLOAD + 1) if isinstance(upload, UploadFile) else b""
    return await run_in_threadpool(_import_answers, request, inspection_id, raw,
                                   getattr(upload, "filename", "") or "answers.csv")


def _import_answers(request: Request, inspection_id: str, raw: bytes, filename: str):
    row = _inspection(request, inspection_id)
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
                        problems.append(f"{name}: the answers are for {batch.data.column('force_id')[0].as_py()}, "
                                        f"not {row.force_id}")
                if not problems:
                    cases = _cases_of(batches)
    if problems:
        return render(request, "ws_audits.html", 422, inspection=row, audits=load_question_set().audits, counts={},
                      may_write=True, problems=problems)
    workspace(request).replace_cases(row.id, cases, who.name, filename)
    return RedirectResponse(f"/inspections/{row.id}/audits", status_code=303)


def _cases_of(batches) -> list[AuditCase]:
    by_case: dict[tuple[str, str], dict] = {}
    for batch in batches:
        for r in batch.data.select(["audit", "case_reference", "question_id", "answer", "auditor", "case_date"]).to_pylist():
            case = by_case.setdefault((r["audit"], r["case_reference"]),
                                      {"date": r["case_date"].isoformat(), "auditor": r["auditor"], "answers": {}})
            case["answers"][r["question_id"]] = r["answer"].replace("not_applicable", "not applicable")
    return [AuditCase(audit, ref, c["date"], c["auditor"], c["answers"], True, 0)
            for (audit, ref), c in sorted(by_case.items())]


# ---- grades --------------------------------------------------------------------------------------


def _grades_page(request: Request, row: InspectionRow, *, status: int = 200, errors: dict | None = None,
                 forms: dict | None = None):
    framework = load_framework(row.framework_id)
    checked = findings_doc.check(row.document)
    if checked.inspection is None:
        raise StateError("the findings file has problems; fix them before grading: "
                         + "; ".join(m for ms in checked.errors.values() for m in ms))
    inspection = checked.inspection
    doc = FindingsDocument(row.document)
    periods = {ref.period for ref in inspection.evidence()}
    with request.app.state.holder.assessor() as assessor:
        question_set = load_question_set()
        entered = wf.audit_results(workspace(request).tallies(row.id), row.force_id, question_set)
        entered += _survey_results(request, row)
        figs = wf.figures(assessor, Store(request.app.state.holder.path), row.force_id, entered, periods)
        judgements = wf.judgements(inspection, framework, figs)
    tokens = {j.area.value: findings_doc.token(doc.grade(j.area.value) or {}) for j in judgements}
    return render(request, "ws_grades.html", status, inspection=row, judgements=judgements, errors=errors or {},
                  forms=forms or {}, tokens=tokens, grades=[(g.grade.value, g.title) for g in framework.grades],
                  may_write=policy.allows(viewer(request), Action.WORKSPACE_WRITE) and row.status is Status.DRAFT)


@router.get("/inspections/{inspection_id}/grades", response_class=HTMLResponse)
def grades(request: Request, inspection_id: str):
    row = _inspection(request, inspection_id)
    return _grades_page(request, row)


@router.post("/inspections/{inspection_id}/grades/{area}", response_class=HTMLResponse)
async def record_grade(request: Request, inspection_id: str, area: str):
    form = await _posted(request)
    return await run_in_threadpool(_record_grade, request, inspection_id, area, form)


def _record_grade(request: Request, inspection_id: str, area: str, form: FormData):
    row = _inspection(request, inspection_id)
    who = viewer(request)
    framework = load_framework(row.framework_id)
    if not any(a.id.value == area for a in framework.areas):
        raise NotFound(f"framework {framework.id} has no area {area!r}", [(a.id.value, a.title) for a in framework.areas])
    grade, rationale, token = _field(form, "grade"), _field(form, "rationale"), _field(form, "token")
    values = {"grade": grade, "rationale": rationale}
    errors: dict[str, list[str]] = {}
    _too_long(errors, {f"rationale-{area}": rationale})
    if grade not in {g.grade.value for g in framework.grades}:
        errors.setdefault(f"grade-{area}", []).append("Choose a grade")
    if row.status is not Status.DRAFT:
        errors.setdefault(f"grade-{area}", []).append(f"this inspection is {row.status.value}: grades are recorded in a draft")
    if errors:
        return _grades_page(request, row, status=422, errors=errors, forms={area: values})
    # the proposal, to tell whether the grade departs from it
    page = _grades_page(request, row)
    proposed = next(j.proposal for j in page.context["judgements"] if j.area.value == area)
    if not rationale.strip():
        if proposed.grade is not None and proposed.grade.value == grade:
            rationale = "Agrees with the proposed grade."  # the basis is on the page; it may hold figures
        else:
            what = f"differs from the proposed grade ({proposed.grade.label.lower()})" if proposed.grade else \
                "has no proposal to agree with"
            return _grades_page(request, row, status=422, forms={area: values}, errors={
                f"rationale-{area}": [f"This grade {what}: say why in the rationale"]})
    for _ in range(5):
        doc = FindingsDocument(row.document)
        if findings_doc.token(doc.grade(area) or {}) != token:
            workspace(request).refuse(row.id, who.name, f"grade for {area}", f"{grade}: {rationale}")
            return _grades_page(request, row, status=409, forms={area: values}, errors={
                f"grade-{area}": [f"Someone else recorded this area's grade after you opened the page: it now reads "
                                  f"{(doc.grade(area) or {}).get('grade', 'nothing')}. Your choice is kept below; save again "
                                  "to replace theirs."]})
        before, after = doc.set_grade(area, grade, rationale, who.name, date.today())
        if before == after:
            break
        document = doc.dump()
        checked = findings_doc.check(document)
        if checked.document is None:
            errors = {f"rationale-{area}": [m for ms in checked.errors.values() for m in ms]}
            return _grades_page(request, row, status=422, forms={area: values}, errors=errors)
        try:
            workspace(request).save_document(row.id, document, based_on=row.revision, by=who.name,
                                             what=f"grade for {area}", old=before, new=after)
        except Conflict:
            row = _inspection(request, inspection_id)
            continue
        break
    return RedirectResponse(f"/inspections/{row.id}/grades#area-{area}", status_code=303)


# ---- survey --------------------------------------------------------------------------------------


def _survey_page(request: Request, row: InspectionRow, *, status: int = 200, errors: dict | None = None,
                 form: dict | None = None):
    saved = workspace(request).survey(row.id)
    return render(request, "ws_survey.html", status, inspection=row, saved=saved, errors=errors or {},
                  form=form or {"headcount": "", "closed": ""},
                  statements=survey_upload.results(saved), response=saved["results"]["response"] if saved else None,
                  may_write=policy.allows(viewer(request), Action.WORKSPACE_WRITE) and row.status is Status.DRAFT)


@router.get("/inspections/{inspection_id}/survey", response_class=HTMLResponse)
def survey(request: Request, inspection_id: str):
    return _survey_page(request, _inspection(request, inspection_id))


@router.post("/inspections/{inspection_id}/survey", response_class=HTMLResponse)
async def upload_survey(request: Request, inspection_id: str):
    form = await _posted(request)
    upload = form.get("file")
    raw = await upload.read(MAX_UPLOAD + 1) if isinstance(upload, UploadFile) else b""
    return await run_in_threadpool(_upload_survey, request, inspection_id, raw,
                                   getattr(upload, "filename", "") or "returns.csv", _field(form, "headcount").strip(),
                                   _field(form, "closed").strip())


def _upload_survey(request: Request, inspection_id: str, raw: bytes, filename: str, headcount: str, closed: str):
    row = _inspection(request, inspection_id)
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
    workspace(request).save_survey(row.id, filename=Path(filename).name, content=raw, headcount=int(headcount),
                                   closed=closed, results=results, by=who.name)
    return RedirectResponse(f"/inspections/{row.id}/survey", status_code=303)


# ---- review and publication ----------------------------------------------------------------------


@router.post("/inspections/{inspection_id}/submit")
async def submit(request: Request, inspection_id: str):
    await _posted(request)
    row = _inspection(request, inspection_id)
    who = viewer(request)
    workspace(request).set_status(row.id, Status.IN_REVIEW, expected=Status.DRAFT, by=who.name, submitted_by=who.name)
    return RedirectResponse(f"/inspections/{row.id}", status_code=303)


@router.post("/inspections/{inspection_id}/return")
async def return_to_draft(request: Request, inspection_id: str):
    await _posted(request)
    row = _inspection(request, inspection_id)
    workspace(request).set_status(row.id, Status.DRAFT, expected=Status.IN_REVIEW, by=viewer(request).name,
                                  submitted_by=None)
    return RedirectResponse(f"/inspections/{row.id}", status_code=303)


@router.post("/inspections/{inspection_id}/approve")
async def approve(request: Request, inspection_id: str):
    await _posted(request)
    row = _inspection(request, inspection_id)
    who = viewer(request)
    if row.submitted_by == who.name:
        raise StateError("a draft is approved by a different inspector from the one who submitted it")
    workspace(request).set_status(row.id, Status.APPROVED, expected=Status.IN_REVIEW, by=who.name, approved_by=who.name)
    return RedirectResponse(f"/inspections/{row.id}", status_code=303)


@router.post("/inspections/{inspection_id}/share")
async def share(request: Request, inspection_id: str):
    form = await _posted(request)
    row = _inspection(request, inspection_id)
    workspace(request).share(row.id, _field(form, "shared") == "yes", viewer(request).name)
    return RedirectResponse(f"/inspections/{row.id}", status_code=303)


@router.post("/inspections/{inspection_id}/publish")
async def publish_inspection(request: Request, inspection_id: str):
    await _posted(request)
    return await run_in_threadpool(_publish, request, inspection_id)


def _publish(request: Request, inspection_id: str):
    from openpeel.web.publishing import publish_inspection as publish_

    row = _inspection(request, inspection_id)
    if row.status is not Status.APPROVED:
        raise StateError(f"inspection {row.id} is {row.status.value}: it is published once approved")
    who = viewer(request)
    first = row
    while first.correction_of and workspace(request).inspection(first.correction_of) is not None:
        first = workspace(request).inspection(first.correction_of)
    # taken first, so two inspectors pressing Publish at once cannot publish it twice
    workspace(request).set_status(row.id, Status.PUBLISHED, expected=Status.APPROVED, by=who.name)
    try:
        report = publish_(request.app, row, workspace(request).cases(row.id), workspace(request).survey(row.id),
                          answers_name=f"workspace-{first.id}.csv", by=who.name,
                          title=f"{row.title} (correction: {row.note})" if row.correction_of else row.title)
    except BaseException:
        workspace(request).set_status(row.id, Status.APPROVED, expected=Status.PUBLISHED, by=who.name)
        raise  # the report could not be written: the inspection stays approved, and the error is shown
    workspace(request).set_report(row.id, report.id)
    request.app.state.web.record("report published", account=who.name, force_id=row.force_id,
                                 detail=f"{row.id} version {report.version}", client=client(request))
    return RedirectResponse(f"/inspections/{row.id}", status_code=303)


@router.post("/inspections/{inspection_id}/correct")
async def correct(request: Request, inspection_id: str):
    form = await _posted(request)
    row = _inspection(request, inspection_id)
    who = viewer(request)
    note = " ".join(_field(form, "note").split())
    if row.status is not Status.PUBLISHED:
        raise StateError("only a published report is corrected; a draft is edited")
    if not note or len(note) > MAX_TEXT:
        raise StateError("a correction needs a note saying what it corrects (at most 20,000 characters)")
    new = workspace(request).create(id=_free_id(request, f"{row.id}-correction"), force_id=row.force_id,
                                    framework_id=row.framework_id, title=row.title, lead=row.lead,
                                    fieldwork=row.fieldwork, document=row.document, by=who.name,
                                    correction_of=row.id, note=note)
    for case in workspace(request).cases(row.id):
        workspace(request).save_case(new.id, case, based_on=None, by=who.name)
    survey = workspace(request).survey(row.id)
    if survey is not None:
        workspace(request).save_survey(new.id, filename=survey["filename"], content=survey["content"],
                                       headcount=survey["headcount"], closed=survey["closed"],
                                       results=survey["results"], by=who.name)
    return RedirectResponse(f"/inspections/{new.id}", status_code=303)
