"""Worklists from the incidents extract: incidents due a re-assessment, grade 1 incidents that
missed their attendance target, and people who call again and again (PEEL area: responding to the
public)."""

from __future__ import annotations

import ibis

from openpeel.areas import Area
from openpeel.indicators.response import with_target
from openpeel.worklists import worklist
from openpeel.worklists._moments import between, drawn_up_at, of_force

REVIEW_HOURS = (12, 24)


def _hours_between(later, earlier):
    return (later.epoch_seconds() - earlier.epoch_seconds()) / 3600


@worklist(
    name="rethrive_due",
    title="Open incidents due a re-assessment (re-THRIVE)",
    area=Area.RESPONSE,
    description="Incidents still open 12 hours after creation with no re-assessment recorded since the 12-hour "
    "point, or open 24 hours with none since the 24-hour point. Risk on an unresolved incident changes; "
    "re-assessing it at these points is how a control room notices.",
    table="incidents",
)
def rethrive_due(backend, force_id, as_of, options):
    t = of_force(backend, "incidents", force_id)
    now = ibis.literal(drawn_up_at(t.created_at, as_of))
    open_now = t.filter((t.created_at <= now) & (t.closed_at.isnull() | (t.closed_at > now)))
    hours_open = _hours_between(now, open_now.created_at)
    # the latest review point passed: 24 hours, else 12 hours, else none due yet
    points = sorted(REVIEW_HOURS, reverse=True)
    stage = ibis.cases(*((hours_open >= h, h) for h in points))
    due_since = ibis.cases(*((hours_open >= h, open_now.created_at + ibis.interval(hours=h)) for h in points))
    due = open_now.mutate(hours_open=hours_open, review_hours=stage, due_since=due_since)
    due = due.filter(due.review_hours.notnull())
    if backend.has("incident_reassessments"):
        r = backend.table("incident_reassessments")
        r = r.filter((r.force_id == force_id) & (r.reassessed_at <= now))
        last = r.group_by("incident_ref").agg(last_reassessed_at=r.reassessed_at.max())
        due = due.left_join(last, "incident_ref")
    else:  # no re-assessments loaded: none recorded
        due = due.mutate(last_reassessed_at=ibis.null("timestamp"))
    missing = due.last_reassessed_at.isnull() | (due.last_reassessed_at < due.due_since)
    return (
        due.filter(missing)
        .select(
            "incident_ref",
            "created_at",
            "grade",
            "area_type",
            hours_open=due.hours_open.round(1),
            review_due=due.review_hours.cast("string").concat(" hours"),
            due_since="due_since",
            last_reassessed_at="last_reassessed_at",
        )
        .order_by(["created_at", "incident_ref"])
    )


@worklist(
    name="grade1_missed",
    title="Grade 1 incidents that missed their attendance target",
    area=Area.RESPONSE,
    description="Incidents created in the last `days` days whose grade at attendance was 1 and whose first "
    "officer arrived after the target (15 minutes urban, 20 rural), and grade 1 incidents nobody had reached "
    "by the target time while they were still open.",
    table="incidents",
    options={"days": 28},
)
def grade1_missed(backend, force_id, as_of, options):
    t = of_force(backend, "incidents", force_id)
    now_at = drawn_up_at(t.created_at, as_of)
    now = ibis.literal(now_at)
    t = with_target(between(t, "created_at", now_at, int(options["days"])))
    late = t.first_arrival_at > t.deadline
    waiting = t.first_arrival_at.isnull() & (t.deadline < now) & (t.closed_at.isnull() | (t.closed_at > t.deadline))
    missed = t.filter((t.target_grade == "1") & (late | waiting).fill_null(False))
    # how long past the target: until the arrival, or until closing or now for those nobody reached
    reached = missed.first_arrival_at.fill_null(missed.closed_at).fill_null(now)
    return missed.select(
        "incident_ref",
        "created_at",
        "area_type",
        "initial_grade",
        "grade",
        "target_minutes",
        "first_arrival_at",
        minutes_to_arrival=(_hours_between(missed.first_arrival_at, missed.clock_start) * 60).round(1),
        minutes_over_target=(_hours_between(reached, missed.deadline) * 60).round(1),
        status=missed.first_arrival_at.isnull().ifelse("not attended", "late"),
    ).order_by(["created_at", "incident_ref"])


@worklist(
    name="repeat_callers",
    title="Repeat callers",
    area=Area.RESPONSE,
    description="Callers who are the caller on `threshold` or more incidents created in the last `days` days. "
    "Persistent callers take control room time; listing them lets a force offer support or act on "
    "unlawful behaviour.",
    table="incidents",
    options={"threshold": 5, "days": 28},
)
def repeat_callers(backend, force_id, as_of, options):
    t = of_force(backend, "incidents", force_id)
    t = between(t, "created_at", drawn_up_at(t.created_at, as_of), int(options["days"]))
    t = t.filter(t.caller_ref.notnull())
    per_caller = t.group_by("caller_ref").agg(
        incidents=t.count(), first_incident_at=t.created_at.min(), last_incident_at=t.created_at.max()
    )
    return per_caller.filter(per_caller.incidents >= int(options["threshold"])).order_by(
        [ibis.desc("incidents"), "caller_ref"]
    )
