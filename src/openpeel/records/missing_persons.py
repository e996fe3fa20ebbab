"""Reports of missing people in two systems (PEEL area: safeguarding).

Forces take a missing-person report in the control room (command and control, e.g. STORM) and then
transfer it to the missing-persons system (e.g. COMPACT), where the investigation, the risk
assessment and referrals to partners live. A report that never reaches the second system gets none
of that. The two extracts share the control room's incident reference, which is how a transfer is
recognised; a report transferred more than once still counts once.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.records.schema import Field, record_schema

AGE_GROUPS = {"child": "under 18 when reported missing", "adult": "18 or over"}
RISK_GRADES = {
    "no_apparent_risk": "no apparent risk (absent)",
    "low": "low risk",
    "medium": "medium risk",
    "high": "high risk",
}

MISSING_CONTROL_REPORTS = record_schema(
    name="missing_control_reports",
    version=1,
    title="Missing-person reports in the control system",
    description="One row per report of a missing person taken in the control room, including reports "
    "closed because the person came back during or soon after the call.",
    area=Area.SAFEGUARDING,
    fields=(
        Field("incident_ref", "text", "Control-room incident reference.", example="INC-20250712-0418"),
        Field("reported_at", "timestamp", "When the report was made.", example="2025-07-12T21:14:00"),
        Field("age_group", "code", "Child or adult.", codes=AGE_GROUPS, example="child"),
        Field(
            "returned_during_call",
            "boolean",
            "The person came back before the report was closed.",
            required=False,
            example="false",
        ),
    ),
    key=("incident_ref",),
    month_from="reported_at",
    changes=("1: first version.",),
)

MISSING_PERSON_CASES = record_schema(
    name="missing_person_cases",
    version=1,
    title="Cases in the missing-persons system",
    description="One row per missing-person case opened in the missing-persons system, with the control-room "
    "incident it came from.",
    area=Area.SAFEGUARDING,
    fields=(
        Field("case_ref", "text", "Missing-persons system case reference.", example="MP-25-03310"),
        Field(
            "incident_ref",
            "text",
            "Control-room incident reference the case was transferred from; blank if it was opened without one.",
            required=False,
            example="INC-20250712-0418",
        ),
        Field("opened_at", "timestamp", "When the case was opened.", example="2025-07-12T21:40:00"),
        Field("age_group", "code", "Child or adult.", codes=AGE_GROUPS, example="child"),
        Field("risk_grade", "code", "Risk grade at triage.", required=False, codes=RISK_GRADES, example="medium"),
        Field(
            "social_care_notified",
            "boolean",
            "Children's or adult social care was told (blank if not known).",
            required=False,
            example="true",
        ),
    ),
    key=("case_ref",),
    month_from="opened_at",
    changes=("1: first version.",),
)
