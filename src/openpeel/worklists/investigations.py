"""Open investigations held by a team below the accreditation they need.

The list a crime allocation meeting works through: every investigation without an outcome whose
required PIP level is above its team's, the most demanding first.
"""

from __future__ import annotations

import ibis

from openpeel.areas import Area
from openpeel.indicators.crime_allocation import above_accreditation, level_rank
from openpeel.worklists import worklist
from openpeel.worklists._dates import as_of_or_latest


@worklist(
    name="crime.allocated_above_accreditation",
    title="Open investigations allocated above the team's accreditation",
    area=Area.INVESTIGATION,
    description="Crimes recorded by the day the list is drawn up, with no outcome yet, whose investigation needs a "
    "higher PIP level than the allocated team holds.",
    table="crimes",
)
def allocated_above(backend, force_id, as_of, options):
    crimes = backend.table("crimes")
    crimes = crimes.filter(crimes.force_id == force_id)
    sources = [crimes.recorded_on]
    outcomes = None
    if backend.has("crime_outcomes"):
        outcomes = backend.table("crime_outcomes")
        outcomes = outcomes.filter(outcomes.force_id == force_id)
        sources.append(outcomes.assigned_on)
    day = as_of_or_latest(as_of, *sources)
    crimes = crimes.filter((crimes.recorded_on <= ibis.literal(day)) & above_accreditation(crimes).fill_null(False))
    if outcomes is not None:
        closed = outcomes.filter(outcomes.assigned_on <= ibis.literal(day)).select("crime_ref")
        crimes = crimes.anti_join(closed, "crime_ref")
    crimes = crimes.mutate(
        days_open=ibis.literal(day).delta(crimes.recorded_on, unit="day"),
        _need=level_rank(crimes.required_level),
    )
    crimes = crimes.order_by([ibis.desc("_need"), "recorded_on", "crime_ref"])
    return crimes.select(
        "crime_ref", "crime_type", "recorded_on", "allocated_team", "team_level", "required_level", "days_open"
    )
