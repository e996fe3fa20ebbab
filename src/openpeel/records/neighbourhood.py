"""Neighbourhood officers' and PCSOs' duty time: how much of it they spend in their communities
(PEEL area: preventing and deterring crime and antisocial behaviour)."""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.records.schema import Field, RowCheck, record_schema

ABSTRACTIONS = {
    "response": "covering response shifts",
    "investigation": "supporting crime investigation",
    "public_order": "public order, events or mutual aid",
    "custody": "custody or constant watch",
    "training": "training",
    "other": "any other duty away from the neighbourhood",
}

NEIGHBOURHOOD_DUTY = record_schema(
    name="neighbourhood_duty",
    version=2,
    changes=(
        "1: first version.",
        "2: references end in _ref: duty_ref (was duty_id), staff_ref (was staff_reference); the earlier names are still read, with a warning.",
    ),
    title="Neighbourhood duty time",
    description=(
        "One row per duty (shift) worked by a neighbourhood police officer or police community support "
        "officer (PCSO). Hours in the community are hours on visible patrol or engaging the neighbourhood's "
        "residents; hours abstracted are hours taken away to other work; the rest of the duty (briefings, "
        "problem-solving at a desk, administration) is neither. The time-in-community share is hours in the "
        "community out of hours on duty."
    ),
    area=Area.PREVENTION,
    fields=(
        Field("duty_ref", "text", "The force's reference for the duty.", example="D-25-114420", formerly=("duty_id",)),
        Field("duty_date", "date", "The day the duty started.", example="2025-03-01"),
        Field(
            "staff_ref",
            "text",
            "The officer's or PCSO's collar or staff number.",
            example="PCSO7781",
            formerly=("staff_reference",),
        ),
        Field(
            "role",
            "code",
            "The role on that duty.",
            codes={"officer": "neighbourhood police officer", "pcso": "police community support officer"},
            example="pcso",
        ),
        Field("hours_on_duty", "number", "Hours worked on the duty.", example="8"),
        Field("hours_in_community", "number", "Hours on visible patrol or engaging the community.", example="5.5"),
        Field("hours_abstracted", "number", "Hours taken away to other work.", example="1"),
        Field(
            "abstraction_reason",
            "code",
            "Why hours were abstracted (the main reason).",
            codes=ABSTRACTIONS,
            required=False,
            example="response",
        ),
    ),
    key=("duty_ref",),
    month_from="duty_date",
    checks=(
        RowCheck(
            "hours_on_duty > 0 AND hours_in_community >= 0 AND hours_abstracted >= 0",
            "hours on duty must be positive and other hours not negative",
        ),
        RowCheck(
            "hours_in_community + hours_abstracted <= hours_on_duty",
            "hours in the community and abstracted add up to more than the hours on duty",
        ),
        RowCheck("hours_abstracted = 0 OR abstraction_reason IS NOT NULL", "hours abstracted without a reason"),
    ),
)
