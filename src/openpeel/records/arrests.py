"""Arrests, the base of the expected number of use-of-force reports (PEEL area: using powers fairly)."""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.records.schema import Field, record_schema

ARRESTS = record_schema(
    name="arrests",
    version=2,
    changes=(
        "1: first version.",
        "2: references end in _ref: arrest_ref (was arrest_id), person_ref (was person_reference); the earlier names are still read, with a warning.",
    ),
    title="Arrests",
    description=(
        "One row per arrest. `handcuffed` says whether the person was handcuffed at or after arrest; "
        "`custody_record_force` whether the custody record notes force used on the person (restraints on "
        "arrival, injuries from restraint). Either means at least one use-of-force report should exist for "
        "the arrest (see the worklist use_of_force_missing)."
    ),
    area=Area.POWERS,
    fields=(
        Field(
            "arrest_ref",
            "text",
            "The force's reference for the arrest.",
            example="ARR-25-007310",
            formerly=("arrest_id",),
        ),
        Field("arrested_at", "timestamp", "When the person was arrested.", example="2025-03-01T23:00:00"),
        Field(
            "arresting_officer",
            "text",
            "The arresting officer's collar or staff number.",
            required=False,
            example="PC1182",
        ),
        Field(
            "person_ref",
            "text",
            "A pseudonymous reference for the person arrested.",
            required=False,
            example="P-55120",
            formerly=("person_reference",),
        ),
        Field("handcuffed", "boolean", "Whether the person was handcuffed.", required=False, example="true"),
        Field(
            "custody_record_force",
            "boolean",
            "Whether the custody record notes force used on the person.",
            required=False,
            example="false",
        ),
    ),
    key=("arrest_ref",),
    month_from="arrested_at",
)
