"""Domestic abuse protection notices and orders, and breaches of them (PEEL area: safeguarding).

A superintendent may authorise a protection notice against a domestic abuse suspect; the force then
applies to the magistrates' court, which must hear it within 48 hours, for an order. Notices are
measured against the domestic abuse crimes in ``crimes`` (flag ``domestic_abuse``). These extracts
cover Domestic Violence Protection Notices and Orders and their successors, Domestic Abuse
Protection Notices and Orders, alike.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.records.schema import Field, RowCheck, record_schema

ORDER_RESULTS = {
    "granted": "the court granted an order",
    "refused": "the court refused an order",
    "not_applied": "no order was applied for",
    "pending": "the application has not been heard yet",
}
ENFORCEMENT = {
    "arrested": "the person in breach was arrested",
    "charged": "charged with the breach",
    "other": "other enforcement action",
    "none": "no enforcement action",
}

DA_PROTECTION_NOTICES = record_schema(
    name="da_protection_notices",
    version=1,
    title="Domestic abuse protection notices and orders",
    description="One row per protection notice authorised, with the order the court made on the application.",
    area=Area.SAFEGUARDING,
    fields=(
        Field("notice_ref", "text", "Notice reference.", example="DVPN-25-0412"),
        Field(
            "crime_ref",
            "text",
            "The domestic abuse crime the notice concerns, as in `crimes`.",
            required=False,
            example="NP-25-004512",
        ),
        Field("authorised_on", "date", "Day a superintendent authorised the notice.", example="2025-08-03"),
        Field(
            "order_result",
            "code",
            "What became of the application for an order.",
            codes=ORDER_RESULTS,
            example="granted",
        ),
        Field("order_granted_on", "date", "Day the court granted the order.", required=False, example="2025-08-05"),
    ),
    key=("notice_ref",),
    month_from="authorised_on",
    checks=(
        RowCheck(
            "(order_result = 'granted') = (order_granted_on IS NOT NULL)",
            "order_granted_on is given exactly when the order was granted",
        ),
        RowCheck("order_granted_on >= authorised_on", "the order was granted before the notice"),
    ),
    changes=("1: first version.",),
)

DA_PROTECTION_BREACHES = record_schema(
    name="da_protection_breaches",
    version=1,
    title="Breaches of domestic abuse protection orders",
    description="One row per breach of a protection notice or order that came to the force's attention.",
    area=Area.SAFEGUARDING,
    fields=(
        Field("breach_ref", "text", "Breach reference.", example="BR-25-0077"),
        Field(
            "notice_ref", "text", "The notice or order breached, as in `da_protection_notices`.", example="DVPN-25-0412"
        ),
        Field("breached_on", "date", "Day of the breach.", example="2025-08-20"),
        Field("enforcement", "code", "Action the force took.", codes=ENFORCEMENT, example="arrested"),
    ),
    key=("breach_ref",),
    month_from="breached_on",
    changes=("1: first version.",),
)
