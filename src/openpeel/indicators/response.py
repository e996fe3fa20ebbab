"""Attendance at grade 1 (emergency) incidents within target (PEEL area: responding to the public).

The grade that sets an incident's target is the one it had when the first officer arrived (see the
incidents schema in docs/records.md). The clock starts when the incident was created, or when it was
raised to grade 1 if it started lower. An attended grade 1 incident is on target when the first
arrival came within 15 minutes (urban) or 20 minutes (rural). Incidents nobody attended are left out
of the share: they have no attendance time; the worklist grade1_missed lists those still waiting.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Share

EXTRACT = "force incident extract"
TARGET_MINUTES = {"urban": 15, "rural": 20}

for _area_type, _minutes in TARGET_MINUTES.items():
    indicator(
        id=f"response.grade1_{_area_type}_on_target_share",
        title=f"Grade 1 {_area_type} incidents attended within {_minutes} minutes",
        area=Area.RESPONSE,
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER_BETTER,
        formula=Share("on_target", "attended", empty=f"no grade 1 {_area_type} incident was attended"),
        decimals=0,
        definition=f"Percentage of attended grade 1 incidents in {_area_type} areas where the first officer arrived "
        f"within {_minutes} minutes: the force's published target. The grade is the one the incident had when "
        "the first officer arrived; the clock starts at creation, or at the upgrade for incidents raised to grade 1.",
        seed=f"attendance at grade one {_area_type} incidents was on target in N percent of incidents",
    )


def with_target(t):
    """Incidents with the grade that sets their target, when the clock started and the deadline.

    An incident regraded before anyone arrived (or regraded and still unattended) is judged by its new
    grade; otherwise by its initial grade.
    """
    import ibis

    regraded_first = t.regraded_at.notnull() & (t.first_arrival_at.isnull() | (t.regraded_at <= t.first_arrival_at))
    target_grade = regraded_first.ifelse(t.grade, t.initial_grade)
    raised_to_1 = regraded_first & (t.grade == "1") & (t.initial_grade != "1")
    clock_start = raised_to_1.ifelse(t.regraded_at, t.created_at)
    target_minutes = ibis.cases(*((t.area_type == a, m) for a, m in TARGET_MINUTES.items()))
    deadline = ibis.cases(
        *((t.area_type == a, clock_start + ibis.interval(minutes=m)) for a, m in TARGET_MINUTES.items())
    )
    return t.mutate(
        target_grade=target_grade, clock_start=clock_start, target_minutes=target_minutes, deadline=deadline
    )


def _grade1(area_type: str):
    def components(inputs):
        t = with_target(inputs.table("incidents"))
        attended = (t.target_grade == "1") & (t.area_type == area_type) & t.first_arrival_at.notnull()
        on_target = attended & (t.first_arrival_at <= t.deadline)
        return t.group_by(inputs.keys).agg(attended=attended.sum(), on_target=on_target.sum())

    return components


for _area_type in TARGET_MINUTES:
    source(f"response.grade1_{_area_type}_on_target_share", name=EXTRACT, table="incidents", preference=10)(
        _grade1(_area_type)
    )
