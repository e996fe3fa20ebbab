"""Bail worklists: dates coming up, and officers whose bails keep lapsing.

These replace the bail sergeants' private spreadsheets with one list anyone covering for them can
see. The force's reminders go out 14 and then 7 days before a bail date; within the last seven days
an unacknowledged case goes to a supervisor. An officer who lets bail lapse into release under
investigation three times in six months is escalated to their inspector.
"""

from __future__ import annotations

import ibis

from openpeel.areas import Area
from openpeel.worklists import worklist
from openpeel.worklists._dates import as_of_or_latest

TABLE = "pre_charge_bail"


def _force_bail(backend, force_id):
    t = backend.table(TABLE)
    return t.filter(t.force_id == force_id)


def _latest(t):
    return (t.arrested_at, t.bail_start, t.answered_on, t.lapsed_on)


@worklist(
    name="bail.due_soon",
    title="Pre-charge bail dates due in the next 14 days",
    area=Area.INVESTIGATION,
    description="Open bails (neither answered nor lapsed) due within `days` days, marked for the 14-day or the "
    "7-day reminder (`final_days`), with bails past their date and bails granted without a due date, which "
    "cannot be reminded at all.",
    table=TABLE,
    options={"days": 14, "final_days": 7},
)
def due_soon(backend, force_id, as_of, options):
    t = _force_bail(backend, force_id)
    day = as_of_or_latest(as_of, *_latest(t))
    t = t.filter(t.bail_start.notnull() & (t.bail_start <= day) & t.answered_on.isnull() & t.lapsed_on.isnull())
    days_left = t.bail_due.delta(ibis.literal(day), unit="day")
    t = t.mutate(days_left=days_left)
    t = t.filter(t.bail_due.isnull() | (t.days_left <= int(options["days"])))
    reminder = ibis.cases(
        (t.bail_due.isnull(), "no due date set"),
        (t.days_left < 0, "past its date: neither answered nor lapsed"),
        (t.days_left <= int(options["final_days"]), f"due within {int(options['final_days'])} days"),
        else_=f"due within {int(options['days'])} days",
    )
    t = t.mutate(reminder=reminder)
    return t.select(
        "arrest_ref", "suspect_ref", "officer_ref", "bail_start", "bail_due", "days_left", "reminder"
    ).order_by([t.bail_due.notnull(), "bail_due", "arrest_ref"])


@worklist(
    name="bail.repeat_lapses",
    title="Officers with repeated bail lapses, for escalation",
    area=Area.INVESTIGATION,
    description="Every bail that lapsed into release under investigation in the last `months` months, for officers "
    "with at least `lapses` such lapses in that time: the cases to escalate to the officer's inspector.",
    table=TABLE,
    options={"lapses": 3, "months": 6},
)
def repeat_lapses(backend, force_id, as_of, options):
    t = _force_bail(backend, force_id)
    day = as_of_or_latest(as_of, *_latest(t))
    since = ibis.literal(day) - ibis.interval(months=int(options["months"]))
    t = t.filter((t.lapsed_on > since) & (t.lapsed_on <= ibis.literal(day)))
    per_officer = t.group_by("officer_ref").agg(lapses_by_officer=t.count())
    per_officer = per_officer.filter(per_officer.lapses_by_officer >= int(options["lapses"]))
    cases = t.inner_join(per_officer, "officer_ref")
    return cases.select(
        "officer_ref", "lapses_by_officer", "arrest_ref", "suspect_ref", "bail_due", "lapsed_on"
    ).order_by([ibis.desc("lapses_by_officer"), "officer_ref", "lapsed_on", "arrest_ref"])
