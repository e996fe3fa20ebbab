"""Operation Encompass: schools told before the next school day (PEEL area: safeguarding).

The statutory expectation is that the school hears before the next school day starts; how openpeel
finds the next school day (weekends, bank holidays, the force's school closures) is set out in
:mod:`openpeel.school_days`. A notification not yet made counts as not made in time.
"""

from __future__ import annotations

from openpeel import school_days
from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Share

RECORDS = "force Operation Encompass records"

indicator(
    id="encompass.before_next_school_day_share",
    title="Operation Encompass notifications made before the next school day",
    area=Area.SAFEGUARDING,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_BETTER,
    formula=Share("told_before_next_school_day", "notifications", empty="no notifications were due in the period"),
    definition=(
        "Percentage of Operation Encompass notifications about domestic abuse incidents in the period where the "
        f"school was told before {school_days.SCHOOL_DAY_STARTS_HOUR}:00 on the next school day after the day of the "
        "incident (weekends, England and Wales bank holidays and the force's listed school closures are not school "
        "days)."
    ),
    seed="statutory guidance says the force should share this information before the start of the next school day",
)


def with_deadlines(t, closures=None):
    """Notifications with the day after which the school day counts, and the deadline itself.

    ``closures`` is the force's ``non_school_days`` table, when loaded."""
    t = t.mutate(incident_day=t.incident_at.date())
    t = school_days.next_school_day(t, "incident_day", closures)
    return t.mutate(deadline=school_days.deadline(t.next_school_day))


@source("encompass.before_next_school_day_share", name=RECORDS, table="encompass_notifications")
def before_next_school_day(inputs):
    closures = inputs.raw("non_school_days") if inputs.has("non_school_days") else None
    t = with_deadlines(inputs.table("encompass_notifications"), closures)
    in_time = (t.school_notified_at < t.deadline).fill_null(False)
    return t.group_by(inputs.keys).agg(told_before_next_school_day=in_time.sum(), notifications=t.count())
