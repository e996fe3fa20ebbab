"""How completely a force records crime, from HMICFRS crime data integrity inspections."""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Count, Published

HMICFRS = "HMICFRS crime data integrity inspections"

indicator(
    id="crime_recording.recorded_share",
    title="Reported crimes that were recorded (inspection estimate)",
    area=Area.INVESTIGATION,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_BETTER,
    formula=Published("recorded_share"),
    definition="The inspectorate's estimate, from an audit of reports, of the percentage of reported crimes "
    "the force recorded; taken as published at the inspection date.",
)
indicator(
    id="crime_recording.unrecorded_per_year",
    title="Reported crimes not recorded each year (inspection estimate)",
    area=Area.INVESTIGATION,
    unit=Unit.COUNT,
    polarity=Polarity.HIGHER_WORSE,
    formula=Count("unrecorded"),
    decimals=0,
    definition="The inspectorate's estimate of how many reported crimes a year the force did not record.",
)


@source("crime_recording.recorded_share", name=HMICFRS, table="crime_recording_inspections")
def recorded(inputs):
    t = inputs.table("crime_recording_inspections")
    return t.group_by(inputs.keys).agg(recorded_share=t.recorded_share.max())


@source("crime_recording.unrecorded_per_year", name=HMICFRS, table="crime_recording_inspections")
def unrecorded(inputs):
    t = inputs.table("crime_recording_inspections")
    return t.group_by(inputs.keys).agg(unrecorded=t.unrecorded_per_year.sum())
