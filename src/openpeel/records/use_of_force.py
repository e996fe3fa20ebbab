"""Use-of-force reports, one per officer per person (PEEL area: using powers fairly)."""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.records.ethnicity import PERCEIVED
from openpeel.records.schema import Field, record_schema

TACTICS = {
    "handcuffing": "handcuffing (compliant or non-compliant)",
    "unarmed_skills": "unarmed skills: holds, pressure points, strikes or takedowns",
    "limb_restraints": "limb or body restraints",
    "spit_guard": "spit and bite guard",
    "baton": "baton drawn or used",
    "irritant_spray": "irritant spray drawn or used",
    "taser": "Taser drawn, aimed or fired",
    "firearm": "firearm aimed or fired",
    "dog": "police dog deployed or bit",
    "other": "any other tactic",
}

USE_OF_FORCE_REPORTS = record_schema(
    name="use_of_force_reports",
    version=2,
    changes=(
        "1: first version.",
        "2: references end in _ref: report_ref (was report_id), officer_ref (was officer_reference), subject_ref (was subject_reference), arrest_ref (was arrest_id); the earlier names are still read, with a warning.",
    ),
    title="Use-of-force reports",
    description=(
        "One row per report: each officer who uses force on a person submits their own report, so an "
        "arrest where three officers restrained one person has three reports. `arrest_ref` links a report to "
        "the arrest it was part of (arrest_ref in the arrests extract); it is blank when force was used "
        "without an arrest. Ethnicity is the officer's perception of the person, as on the national form."
    ),
    area=Area.POWERS,
    fields=(
        Field(
            "report_ref",
            "text",
            "The force's reference for the report.",
            example="UOF-25-018877",
            formerly=("report_id",),
        ),
        Field("used_at", "timestamp", "When force was used.", example="2025-03-01T23:02:00"),
        Field(
            "officer_ref",
            "text",
            "The reporting officer's collar or staff number.",
            example="PC1182",
            formerly=("officer_reference",),
        ),
        Field(
            "subject_ref",
            "text",
            "A pseudonymous reference for the person force was used on.",
            required=False,
            example="P-55120",
            formerly=("subject_reference",),
        ),
        Field(
            "arrest_ref",
            "text",
            "The arrest this use of force was part of; blank if none.",
            required=False,
            example="ARR-25-007310",
            formerly=("arrest_id",),
        ),
        Field(
            "subject_ethnicity",
            "code",
            "The person's ethnicity as the officer perceived it; blank when not recorded.",
            codes=PERCEIVED,
            required=False,
            example="white",
        ),
        Field(
            "highest_tactic",
            "code",
            "The most serious tactic the officer used.",
            codes=TACTICS,
            required=False,
            example="handcuffing",
        ),
        Field(
            "bwv_used",
            "boolean",
            "Whether the officer's body-worn video recorded the use of force.",
            required=False,
            example="true",
        ),
    ),
    key=("report_ref",),
    month_from="used_at",
)
