"""Stop and search records in the force's fuller form (PEEL area: using powers fairly).

data.police.uk publishes a few columns of each search; a force's own record also says whether
anything was found and whether the find was what the officer searched for, whether grounds were
recorded, whether body-worn video was used and a supervisor reviewed the record, and who searched.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.records.ethnicity import SELF_DEFINED
from openpeel.records.schema import Field, RowCheck, record_schema

OBJECTS = {
    "drugs": "controlled drugs",
    "weapons": "offensive weapons or bladed articles",
    "firearms": "firearms",
    "stolen_property": "stolen property",
    "going_equipped": "articles for use in theft, burglary or fraud",
    "criminal_damage": "articles for use in criminal damage",
    "terrorism": "articles connected with terrorism",
    "other": "anything else a power allows",
}

STOP_SEARCH_RECORDS = record_schema(
    name="stop_search_records",
    version=2,
    changes=(
        "1: first version.",
        "2: references end in _ref: search_ref (was search_id), officer_ref (was officer_reference); the earlier names are still read, with a warning.",
    ),
    title="Stop and search records (force's full record)",
    description=(
        "One row per search. Searches of people are those of type person or person and vehicle; searches "
        "of a vehicle alone are kept but never counted as searches of people. A find is linked when what was "
        "found is what the officer searched for (the object of the search). `item_found` blank means the "
        "record does not say whether anything was found; `find_linked` blank after a find means it does not "
        "say whether the find was linked. Self-defined ethnicity is the person's own answer; NS or blank "
        "means unknown (not stated, refused or not recorded)."
    ),
    area=Area.POWERS,
    fields=(
        Field(
            "search_ref",
            "text",
            "The force's reference for the search.",
            example="SS-25-004512",
            formerly=("search_id",),
        ),
        Field("searched_at", "timestamp", "When the search started.", example="2025-03-01T22:40:00"),
        Field(
            "search_type",
            "code",
            "What was searched.",
            codes={
                "person": "a person",
                "person_and_vehicle": "a person and their vehicle",
                "vehicle": "a vehicle only",
            },
            example="person",
        ),
        Field("object_of_search", "code", "What the officer was looking for.", codes=OBJECTS, example="drugs"),
        Field(
            "item_found",
            "boolean",
            "Whether anything the person could not lawfully have was found.",
            required=False,
            example="true",
        ),
        Field(
            "find_linked",
            "boolean",
            "Whether what was found was the object of the search; blank when nothing was found.",
            required=False,
            example="true",
        ),
        Field(
            "reasonable_grounds_recorded",
            "boolean",
            "Whether the record sets out the grounds for the search.",
            example="true",
        ),
        Field(
            "bwv_used",
            "boolean",
            "Whether the officer's body-worn video recorded the search.",
            required=False,
            example="true",
        ),
        Field("supervisor_reviewed", "boolean", "Whether a supervisor has reviewed the record.", example="false"),
        Field(
            "self_defined_ethnicity",
            "code",
            "The person's self-defined ethnicity.",
            codes=SELF_DEFINED,
            required=False,
            example="W1",
        ),
        Field("age", "integer", "The person's age in years.", required=False, example="19"),
        Field("force_used", "boolean", "Whether force was used during the encounter.", required=False, example="false"),
        Field(
            "officer_ref",
            "text",
            "The searching officer's collar or staff number.",
            example="PC1182",
            formerly=("officer_reference",),
        ),
    ),
    key=("search_ref",),
    month_from="searched_at",
    checks=(
        RowCheck(
            "find_linked IS NULL OR coalesce(item_found, FALSE)",
            "find_linked is given, but item_found does not say an item was found",
        ),
        RowCheck("age BETWEEN 0 AND 110", "age is not between 0 and 110"),
    ),
)
