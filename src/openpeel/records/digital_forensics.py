"""Devices submitted for digital forensic examination (PEEL area: investigating crime).

One row per device. Units triage devices into tiers: tier 1 for a detained suspect whose charge
and remand depend on it (within a day), tier 2 for a remanded defendant (within custody time
limits), tier 3 for everything else, queued by risk. Devices waiting are those submitted and not
yet examined.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.records.schema import Field, RowCheck, record_schema

TIERS = {
    "1": "critical: suspect detained, evidence needed to charge and remand",
    "2": "defendant remanded: within custody time limits",
    "3": "all other cases, queued by risk score",
}

DIGITAL_FORENSIC_SUBMISSIONS = record_schema(
    name="digital_forensic_submissions",
    version=1,
    title="Digital forensic submissions",
    description="One row per device submitted to the digital forensic unit; `examined_on` is blank while it waits.",
    area=Area.INVESTIGATION,
    fields=(
        Field("device_ref", "text", "Device (exhibit) reference.", example="DF-25-11873"),
        Field("crime_ref", "text", "Crime the device is evidence in.", required=False, example="NP-25-004512"),
        Field("tier", "code", "Priority tier.", codes=TIERS, example="3"),
        Field("submitted_on", "date", "Day the device was submitted.", example="2025-02-17"),
        Field("examined_on", "date", "Day examination was completed.", required=False, example=""),
    ),
    key=("device_ref",),
    month_from="submitted_on",
    checks=(RowCheck("examined_on >= submitted_on", "examined before it was submitted"),),
    changes=("1: first version.",),
)
