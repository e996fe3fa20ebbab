"""Missing-person reports that never reached the missing-persons system.

Such a report had no investigation record, no risk review and no referral to partners, even when
the person came back during the call; each one should be looked at and, usually, transferred.
"""

from __future__ import annotations

import ibis

from openpeel.areas import Area
from openpeel.indicators.missing_persons import transfers
from openpeel.worklists import worklist
from openpeel.worklists._dates import as_of_or_latest, end_of


@worklist(
    name="missing.never_transferred",
    title="Missing-person reports never transferred",
    area=Area.SAFEGUARDING,
    description="Control-room missing-person reports from the last `days` days with no case in the "
    "missing-persons system, leaving out reports under `hours` hours old (still being transferred). "
    "Children first.",
    table="missing_control_reports",
    options={"days": 90, "hours": 24},
)
def never_transferred(backend, force_id, as_of, options):
    reports = backend.table("missing_control_reports")
    reports = reports.filter(reports.force_id == force_id)
    sources = [reports.reported_at]
    if backend.has("missing_person_cases"):
        cases = backend.table("missing_person_cases")
        sources.append(cases.filter(cases.force_id == force_id).opened_at)
    day = as_of_or_latest(as_of, *sources)
    now = end_of(day)
    reports = reports.filter(
        (reports.reported_at >= now - ibis.interval(days=int(options["days"])))
        & (reports.reported_at <= now - ibis.interval(hours=int(options["hours"])))
    )
    if backend.has("missing_person_cases"):
        reports = reports.anti_join(transfers(backend.table("missing_person_cases")), ["force_id", "incident_ref"])
    hours = (now.epoch_seconds() - reports.reported_at.epoch_seconds()) / 3600.0
    reports = reports.mutate(hours_since_report=hours.round(1))
    return reports.select(
        "incident_ref", "reported_at", "age_group", "returned_during_call", "hours_since_report"
    ).order_by([reports.age_group != "child", "reported_at", "incident_ref"])
