"""What every workspace route shares: the state, the inspection asked for (through the policy), the
checked form, limits on what a form may hold, and the figures of an inspection."""

from __future__ import annotations

from fastapi import Request
from starlette.datastructures import FormData

from openpeel import forces
from openpeel.evidence import load_question_set
from openpeel.store import Store
from openpeel.web import policy, survey_upload
from openpeel.web import workspace_figures as wf
from openpeel.web.auth import check_csrf
from openpeel.web.context import viewer
from openpeel.web.data import NotFound
from openpeel.web.policy import Action
from openpeel.web.workspace_state import InspectionRow, Status, Workspace

MAX_TEXT = 20_000  # characters in one field: longer text is refused beside the field
MAX_UPLOAD = 2_000_000  # bytes in an uploaded findings or answers file
ANSWERS = ("yes", "no", "not applicable")
RECOMMENDATION_SLOTS = 3


def workspace(request: Request) -> Workspace:
    return request.app.state.workspace


def inspection_row(request: Request, inspection_id: str) -> InspectionRow:
    row = workspace(request).inspection(inspection_id)
    if row is None:
        known = [
            (i.id, i.title)
            for i in workspace(request).inspections()
            if policy.sees_inspection(
                viewer(request), i.force_id, published=i.status is Status.PUBLISHED, shared=i.shared
            )
        ]
        raise NotFound(f"no inspection {inspection_id!r}", known)
    policy.require_inspection(
        viewer(request), row.force_id, published=row.status is Status.PUBLISHED, shared=row.shared
    )
    return row


async def posted(request: Request) -> FormData:
    """The form, once the poster may write and the CSRF token matches."""
    policy.require(viewer(request), Action.WORKSPACE_WRITE)
    form = await request.form(max_part_size=MAX_UPLOAD)
    check_csrf(request, str(form.get("csrf_token", "")))
    return form


def field(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return value.replace("\r\n", "\n") if isinstance(value, str) else ""


def too_long(errors: dict, values: dict) -> None:
    for name, value in values.items():
        if len(value) > MAX_TEXT:
            errors.setdefault(name, []).append(f"{len(value):,} characters is too long: at most {MAX_TEXT:,}")


def force_name(force_id: str) -> str:
    try:
        return forces.lookup(force_id).name
    except forces.UnknownForce:  # a force gone from the registry still shows its id
        return force_id


def free_id(request: Request, base: str) -> str:
    taken = {i.id for i in workspace(request).inspections()}
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def figures_for(request: Request, row: InspectionRow, q):
    question_set = load_question_set()
    entered = wf.audit_results(workspace(request).tallies(row.id), row.force_id, question_set)
    entered += survey_results(request, row)
    return wf.figures(q, Store(request.app.state.holder.path), row.force_id, entered)


def survey_results(request: Request, row: InspectionRow):
    return survey_upload.results(workspace(request).survey(row.id))
