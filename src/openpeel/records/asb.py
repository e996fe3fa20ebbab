"""Antisocial behaviour incidents and the preventative or protective orders used against it
(PEEL area: preventing and deterring crime and antisocial behaviour)."""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.records.schema import Field, record_schema

CATEGORIES = {
    "personal": "aimed at an individual or group rather than the community at large (antisocial behaviour personal)",
    "nuisance": "causing trouble, annoyance or suffering to the community at large",
    "environmental": "affecting the wider surroundings, such as public spaces, buildings or the natural environment",
}

ASB_INCIDENTS = record_schema(
    name="asb_incidents",
    version=2,
    changes=(
        "1: first version.",
        "2: references end in _ref: incident_ref (was incident_id); the earlier names are still read, with a warning.",
    ),
    title="Antisocial behaviour incidents",
    description=(
        "One row per incident of antisocial behaviour the force recorded, with the one category the "
        "national standard for incident recording gives it: personal, nuisance or environmental."
    ),
    area=Area.PREVENTION,
    fields=(
        Field(
            "incident_ref",
            "text",
            "The force's incident reference.",
            example="ASB-25-010221",
            formerly=("incident_id",),
        ),
        Field("reported_at", "timestamp", "When the incident was reported.", example="2025-03-01T19:45:00"),
        Field("category", "code", "The antisocial behaviour category.", codes=CATEGORIES, example="nuisance"),
        Field(
            "neighbourhood", "text", "The neighbourhood policing area it happened in.", required=False, example="Corby"
        ),
    ),
    key=("incident_ref",),
    month_from="reported_at",
)

ORDER_TYPES = {
    "criminal_behaviour_order": "criminal behaviour order (on conviction)",
    "civil_injunction": "civil injunction under the Anti-social Behaviour, Crime and Policing Act 2014",
    "closure_order": "closure order on premises",
    "community_protection_notice": "community protection notice",
    "other": "any other preventative or protective order against antisocial behaviour",
}

ASB_ORDERS = record_schema(
    name="asb_orders",
    version=2,
    changes=(
        "1: first version.",
        "2: references end in _ref: order_ref (was order_id), asb_incident_ref (was asb_incident_id); the earlier names are still read, with a warning.",
    ),
    title="Preventative and protective orders (antisocial behaviour)",
    description=(
        "One row per order a court granted, or notice the force issued, to prevent antisocial behaviour or "
        "protect people from it, counted on the day it was granted or issued. Applications not (yet) "
        "granted are not orders."
    ),
    area=Area.PREVENTION,
    fields=(
        Field(
            "order_ref", "text", "The force's reference for the order.", example="ORD-25-0031", formerly=("order_id",)
        ),
        Field("issued_on", "date", "The day the order was granted or the notice issued.", example="2025-03-14"),
        Field("order_type", "code", "The kind of order.", codes=ORDER_TYPES, example="civil_injunction"),
        Field(
            "asb_incident_ref",
            "text",
            "An antisocial behaviour incident it answers, if any.",
            required=False,
            example="ASB-25-010221",
            formerly=("asb_incident_id",),
        ),
    ),
    key=("order_ref",),
    month_from="issued_on",
)
