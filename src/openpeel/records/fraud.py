"""Live fraud investigations, as at a date (PEEL area: managing fraud).

A snapshot of every fraud investigation open on the day, with the kind of team that holds it and
when it was allocated. Forces commonly expect fraud to move to specialist investigators after an
initial period (28 days in the seed force's policy); days since allocation are counted from
`allocated_on` to the snapshot date.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.records.schema import Field, RowCheck, record_schema

TEAM_TYPES = {
    "specialist": "a specialist fraud or economic crime team",
    "non_specialist": "any other team (response, neighbourhood, general investigation)",
}

FRAUD_INVESTIGATIONS = record_schema(
    name="fraud_investigations",
    version=1,
    title="Live fraud investigations (snapshot)",
    description="One row per fraud investigation open on the snapshot date.",
    area=Area.FRAUD,
    fields=(
        Field("snapshot_date", "date", "Day the list was drawn.", example="2025-10-20"),
        Field("investigation_ref", "text", "Crime or investigation reference.", example="NP-25-031877"),
        Field(
            "team_type", "code", "Kind of team holding the investigation.", codes=TEAM_TYPES, example="non_specialist"
        ),
        Field("team", "text", "The team's name.", required=False, example="Investigation Hub South"),
        Field("allocated_on", "date", "Day the investigation was first allocated.", example="2025-08-11"),
    ),
    key=("snapshot_date", "investigation_ref"),
    as_at_from="snapshot_date",
    checks=(RowCheck("allocated_on <= snapshot_date", "allocated after the snapshot date"),),
    changes=("1: first version.",),
)
