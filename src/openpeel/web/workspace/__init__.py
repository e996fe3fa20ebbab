"""The inspection workspace: inspections, findings, audit cases, survey returns, grades, review and
publication.

Every route asks :mod:`openpeel.web.policy` (only inspectors write; a force sees its own shared
drafts and published reports; the public sees published reports) and checks the form's CSRF
token. Findings are checked by the findings-file loader, audit answers by the audit CSV reader,
survey returns by the survey reader; intervals and filled placeholders come from the evidence and
report modules (:mod:`openpeel.web.workspace_figures`), so the browser applies exactly the checks
and wording of the command line and the report.
"""

from __future__ import annotations

from fastapi import APIRouter

from openpeel.web.workspace import audits, findings, grades, inspections, review, survey

router = APIRouter(include_in_schema=False)
# in this order: "/inspections/new" before "/inspections/{inspection_id}", "findings/new" before a finding's id
for module in (inspections, findings, audits, survey, grades, review):
    router.routes.extend(module.router.routes)  # one flat table, as the access walks read it
