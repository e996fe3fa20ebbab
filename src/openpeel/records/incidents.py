"""Incidents the control room creates, and the re-assessments of risk made while they stay open
(PEEL area: responding to the public)."""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.records.schema import Field, RowCheck, record_schema

GRADES = {
    "1": "emergency: immediate attendance",
    "2": "priority: attendance as soon as possible",
    "3": "scheduled or planned response",
    "4": "resolved without attendance (by telephone, online or referral)",
}

INCIDENTS = record_schema(
    name="incidents",
    version=2,
    changes=(
        "1: first version.",
        "2: references end in _ref: incident_ref (was incident_id), caller_ref (was caller_reference); the earlier names are still read, with a warning.",
    ),
    title="Incidents",
    description=(
        "One row per incident in the command and control system, as it stands when the extract is taken. "
        "An incident keeps the grade it was first given in `initial_grade`; when it is regraded, `grade` "
        "holds the new grade and `regraded_at` the time of the last change. The grade that sets the "
        "attendance target is the grade the incident had when the first officer arrived: the new grade if "
        "it was regraded before that arrival, otherwise the initial one. Grade 1 targets are 15 minutes in "
        "urban areas and 20 minutes in rural areas, timed from the incident's creation, or from the regrade "
        "when an incident was raised to grade 1. Send incidents again as they change: the newer row replaces "
        "the older one."
    ),
    area=Area.RESPONSE,
    fields=(
        Field(
            "incident_ref",
            "text",
            "The force's incident reference.",
            example="INC-20250301-0187",
            formerly=("incident_id",),
        ),
        Field("created_at", "timestamp", "When the incident was created.", example="2025-03-01T21:14:05"),
        Field("initial_grade", "code", "The grade first given.", codes=GRADES, example="1"),
        Field("grade", "code", "The grade now (the same as initial_grade unless regraded).", codes=GRADES, example="1"),
        Field(
            "regraded_at",
            "timestamp",
            "When the grade last changed; blank if never regraded.",
            required=False,
            example="",
        ),
        Field(
            "area_type",
            "code",
            "Whether the incident location counts as urban or rural for attendance targets.",
            codes={
                "urban": "urban area (grade 1 target 15 minutes)",
                "rural": "rural area (grade 1 target 20 minutes)",
            },
            example="urban",
        ),
        Field(
            "first_arrival_at",
            "timestamp",
            "When the first officer arrived; blank if nobody has attended.",
            required=False,
            example="2025-03-01T21:26:40",
        ),
        Field(
            "closed_at",
            "timestamp",
            "When the incident was closed (resolved); blank while it is open.",
            required=False,
            example="2025-03-02T01:05:00",
        ),
        Field(
            "caller_ref",
            "text",
            "A pseudonymous reference for the caller, the same for every call "
            "from the same person (for repeat callers); blank when not known.",
            required=False,
            example="C-88213",
            formerly=("caller_reference",),
        ),
    ),
    key=("incident_ref",),
    month_from="created_at",
    checks=(
        RowCheck("regraded_at >= created_at", "regraded before it was created"),
        RowCheck("first_arrival_at >= created_at", "attended before it was created"),
        RowCheck("closed_at >= created_at", "closed before it was created"),
        RowCheck("grade = initial_grade OR regraded_at IS NOT NULL", "the grade changed but regraded_at is blank"),
    ),
)

REASSESSMENTS = record_schema(
    name="incident_reassessments",
    version=2,
    changes=(
        "1: first version.",
        "2: references end in _ref: incident_ref (was incident_id), reviewer_ref (was reviewer_reference); the earlier names are still read, with a warning.",
    ),
    title="Incident re-assessments (re-THRIVE)",
    description=(
        "One row per re-assessment of risk (THRIVE) recorded on an open incident after its first "
        "assessment: for example the reviews due when an incident is still unresolved 12 and 24 hours after "
        "it was created. A review counts for the 12-hour (or 24-hour) check when it is recorded at or after "
        "that point."
    ),
    area=Area.RESPONSE,
    fields=(
        Field(
            "incident_ref",
            "text",
            "The incident re-assessed (incident_ref in the incidents extract).",
            example="INC-20250301-0187",
            formerly=("incident_id",),
        ),
        Field("reassessed_at", "timestamp", "When the re-assessment was recorded.", example="2025-03-02T09:20:00"),
        Field(
            "reviewer_ref",
            "text",
            "Who recorded it.",
            required=False,
            example="S4410",
            formerly=("reviewer_reference",),
        ),
        Field(
            "grade_after",
            "code",
            "The grade after the re-assessment, if it was recorded.",
            codes=GRADES,
            required=False,
            example="3",
        ),
    ),
    key=("incident_ref", "reassessed_at"),
    month_from="reassessed_at",
)
