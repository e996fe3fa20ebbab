"""People wanted for arrest, as at a date (PEEL area: investigating crime).

A snapshot extract: everyone the force wants on the day it was drawn, whether listed on the Police
National Computer (PNC) or circulated only on the force's own systems. PNC data and the force's local
list often come from different systems on different days, so an extract may hold only one kind;
each measure uses the latest snapshot in the period that lists people of its kind.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.records.schema import Field, RowCheck, record_schema

WANTED_REASONS = {
    "suspect": "wanted as a suspect for an offence",
    "court_warrant": "outstanding court warrant for arrest",
    "breach_of_bail": "wanted for breach of bail",
    "forensic_identification": "identified by fingerprints or DNA and wanted",
    "recall": "recall to prison or breach of licence",
}

WANTED_PEOPLE = record_schema(
    name="wanted_people",
    version=1,
    title="Wanted people (snapshot)",
    description=(
        "One row per wanted circulation open on the snapshot date. `on_pnc` says whether the person is "
        "listed as wanted on the Police National Computer; false means wanted only locally."
    ),
    area=Area.INVESTIGATION,
    fields=(
        Field("snapshot_date", "date", "Day the list was drawn.", example="2025-05-30"),
        Field("wanted_ref", "text", "Circulation reference, unique within a snapshot.", example="W-2024-1187"),
        Field("person_ref", "text", "Person reference.", example="P-553201"),
        Field("on_pnc", "boolean", "Listed as wanted on the Police National Computer.", example="true"),
        Field(
            "wanted_since",
            "date",
            "Day the person was first circulated as wanted (on the PNC, for a PNC listing).",
            example="2024-08-19",
        ),
        Field("reason", "code", "Why the person is wanted.", required=False, codes=WANTED_REASONS, example="suspect"),
    ),
    key=("snapshot_date", "wanted_ref"),
    as_at_from="snapshot_date",
    checks=(RowCheck("wanted_since <= snapshot_date", "wanted since a day after the snapshot"),),
    changes=("1: first version.",),
)
