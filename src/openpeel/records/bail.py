"""Arrests and pre-charge bail (PEEL area: investigating crime).

One row per arrest, with its pre-charge bail when the suspect was bailed. Arrests without bail are
sent too: they are the denominator of lapses per 1,000 arrests, so the bail measures need nothing
from any other extract. A bail that nobody answered on its date and that lapsed into release under
investigation carries the day it lapsed; the conditions attached to it were lost that day.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.records.schema import Field, RowCheck, record_schema

PRE_CHARGE_BAIL = record_schema(
    name="pre_charge_bail",
    version=1,
    title="Arrests and pre-charge bail",
    description=(
        "One row per arrest. The bail columns are blank when the suspect was not bailed. A bail's "
        "current due date is sent (an extended bail is sent again with its new date); a bail "
        "granted without a due date is sent with `bail_due` blank and is listed for the bail "
        "sergeants to set one."
    ),
    area=Area.INVESTIGATION,
    fields=(
        Field("arrest_ref", "text", "Arrest (custody record) reference.", example="CU-25-018233"),
        Field("suspect_ref", "text", "Person reference of the suspect.", example="P-778120"),
        Field("arrested_at", "timestamp", "When the suspect was arrested.", example="2025-06-03T14:20:00"),
        Field(
            "officer_ref",
            "text",
            "Officer in the case, who must meet the suspect when bail is answered.",
            required=False,
            example="OIC-1043",
        ),
        Field(
            "bail_start",
            "date",
            "Day pre-charge bail began; blank if not bailed.",
            required=False,
            example="2025-06-04",
        ),
        Field(
            "bail_due",
            "date",
            "Day the suspect must answer bail; blank if no date is set.",
            required=False,
            example="2025-09-02",
        ),
        Field(
            "answered_on",
            "date",
            "Day bail was answered (the suspect returned and the case moved on).",
            required=False,
            example="",
        ),
        Field(
            "lapsed_on",
            "date",
            "Day the bail lapsed into release under investigation.",
            required=False,
            example="2025-09-02",
        ),
    ),
    key=("arrest_ref",),
    month_from="arrested_at",
    checks=(
        RowCheck("bail_start >= CAST(arrested_at AS DATE)", "bail starts before the arrest"),
        RowCheck("bail_due >= bail_start", "bail is due before it starts"),
        RowCheck(
            "bail_start IS NOT NULL OR (bail_due IS NULL AND answered_on IS NULL AND lapsed_on IS NULL)",
            "bail dates are given but bail_start is blank",
        ),
        RowCheck("answered_on IS NULL OR lapsed_on IS NULL", "a bail is either answered or lapses, not both"),
        RowCheck("lapsed_on >= bail_start", "bail lapses before it starts"),
        RowCheck("answered_on >= bail_start", "bail is answered before it starts"),
        RowCheck("bail_start IS NULL OR officer_ref IS NOT NULL", "a bailed case needs its officer (officer_ref)"),
    ),
    changes=("1: first version.",),
)
