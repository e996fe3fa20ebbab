"""Operation Encompass notifications and the school calendar they are timed against (PEEL area:
safeguarding).

After a domestic abuse incident involving a pupil, the police tell the school's key adult before
the next school day starts, so the school can support the child that day. ``encompass_notifications``
gives when each incident happened and when the school was told. ``non_school_days`` lists the days
on which the force's schools are closed (school holidays, training days) beyond the England and
Wales bank holidays, which openpeel already knows (see :mod:`openpeel.school_days`).
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.records.schema import Field, RowCheck, record_schema

ENCOMPASS_NOTIFICATIONS = record_schema(
    name="encompass_notifications",
    version=1,
    title="Operation Encompass notifications",
    description=(
        "One row per notification to a school about a pupil present at, or affected by, a domestic "
        "abuse incident. `school_notified_at` is blank while the school has not been told."
    ),
    area=Area.SAFEGUARDING,
    fields=(
        Field("notification_ref", "text", "Notification reference (one per child and school).", example="OE-25-01290"),
        Field("incident_ref", "text", "Domestic abuse incident reference.", example="INC-20250711-1932"),
        Field("incident_at", "timestamp", "When the domestic abuse incident happened.", example="2025-07-11T19:32:00"),
        Field(
            "school_notified_at",
            "timestamp",
            "When the school was told.",
            required=False,
            example="2025-07-14T08:10:00",
        ),
    ),
    key=("notification_ref",),
    month_from="incident_at",
    checks=(RowCheck("school_notified_at >= incident_at", "the school was told before the incident happened"),),
    changes=("1: first version.",),
)

NON_SCHOOL_DAYS = record_schema(
    name="non_school_days",
    version=1,
    title="Days the force's schools are closed",
    description=(
        "Weekdays on which the schools in the force area are closed: school holidays, staff training "
        "days, local closures. Weekends and England and Wales bank holidays are never school days "
        "and need not be listed. Where schools in the area keep different calendars, list the days "
        "most of them are closed."
    ),
    area=Area.SAFEGUARDING,
    fields=(
        Field("closed_on", "date", "A day the schools are closed.", example="2025-10-27"),
        Field("reason", "text", "Why (e.g. autumn half term).", required=False, example="autumn half term"),
    ),
    key=("closed_on",),
    month_from="closed_on",
    changes=("1: first version.",),
)
