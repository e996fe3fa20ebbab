"""Operation Encompass notifications that missed the start of the next school day.

The deadline is worked out as for the measure (see :mod:`openpeel.school_days`): a Friday evening
incident is due before Monday's school day, and bank holidays and the force's listed school
closures move it on further.
"""

from __future__ import annotations

import ibis

from openpeel.areas import Area
from openpeel.indicators.encompass import with_deadlines
from openpeel.worklists import worklist
from openpeel.worklists._dates import as_of_or_latest, end_of


@worklist(
    name="encompass.late",
    title="Operation Encompass notifications late for the next school day",
    area=Area.SAFEGUARDING,
    description="Notifications about incidents in the last `days` days where the school was told after the "
    "start of the next school day, or has still not been told though that day has begun.",
    table="encompass_notifications",
    options={"days": 28},
)
def late(backend, force_id, as_of, options):
    t = backend.table("encompass_notifications")
    t = t.filter(t.force_id == force_id)
    day = as_of_or_latest(as_of, t.incident_at, t.school_notified_at)
    now = end_of(day)
    t = t.filter((t.incident_at >= now - ibis.interval(days=int(options["days"]))) & (t.incident_at < now))
    t = with_deadlines(t, backend.table("non_school_days") if backend.has("non_school_days") else None)
    told_late = t.school_notified_at >= t.deadline
    not_told = t.school_notified_at.isnull() & (t.deadline < now)
    t = t.filter(told_late | not_told)
    after = t.school_notified_at.fill_null(now)
    t = t.mutate(
        status=t.school_notified_at.isnull().ifelse("not yet told", "told late"),
        hours_late=((after.epoch_seconds() - t.deadline.epoch_seconds()) / 3600.0).round(1),
    )
    return t.select(
        "notification_ref", "incident_ref", "incident_at", "deadline", "school_notified_at", "status", "hours_late"
    ).order_by([ibis.desc("hours_late"), "notification_ref"])
