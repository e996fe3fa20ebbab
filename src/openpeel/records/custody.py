"""Detentions in police custody (PEEL area: custody).

One row per detention authorised by a custody officer: whether the detainee is a child, when
detention was authorised and ended, how many reviews of detention fell due and were done, and how
many use-of-force forms were expected for force used on the detainee and how many were received.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.records.schema import Field, RowCheck, record_schema

DETAINEE_AGES = {"child": "under 18 when detained", "adult": "18 or over"}

CUSTODY_DETENTIONS = record_schema(
    name="custody_detentions",
    version=1,
    title="Custody detentions",
    description=(
        "One row per detention authorised. `released_at` is blank while the detainee is still held. "
        "Use-of-force forms are counted per detention: one expected from each officer who used force "
        "on the detainee."
    ),
    area=Area.CUSTODY,
    fields=(
        Field("detention_ref", "text", "Custody record reference.", example="CU-25-018233"),
        Field("age_group", "code", "Child or adult.", codes=DETAINEE_AGES, example="adult"),
        Field("authorised_at", "timestamp", "When detention was authorised.", example="2025-06-03T15:02:00"),
        Field(
            "released_at", "timestamp", "When the detainee left custody.", required=False, example="2025-06-04T03:40:00"
        ),
        Field("reviews_due", "integer", "Reviews of detention that fell due.", required=False, example="2"),
        Field("reviews_done", "integer", "Of those, reviews carried out.", required=False, example="2"),
        Field(
            "uof_forms_expected",
            "integer",
            "Use-of-force forms expected for this detention.",
            required=False,
            example="0",
        ),
        Field("uof_forms_received", "integer", "Use-of-force forms received.", required=False, example="0"),
    ),
    key=("detention_ref",),
    month_from="authorised_at",
    checks=(
        RowCheck("released_at >= authorised_at", "released before detention was authorised"),
        RowCheck("reviews_done >= 0 AND reviews_done <= reviews_due", "reviews_done must be between 0 and reviews_due"),
        RowCheck(
            "uof_forms_received >= 0 AND uof_forms_received <= uof_forms_expected",
            "uof_forms_received must be between 0 and uof_forms_expected",
        ),
    ),
    changes=("1: first version.",),
)
