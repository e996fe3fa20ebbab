"""Controlled vocabularies shared by readers and indicators.

Readers map each publisher's labels onto these members; indicators only ever see the members.
Each member's comment says what it covers.
"""

from __future__ import annotations

import re
from enum import Enum


class EthnicGroup(str, Enum):
    """Broad ethnic groups of the 2011 census, which every denominator here uses."""

    WHITE = "white"
    BLACK = "black"  # Black, African, Caribbean or Black British
    ASIAN = "asian"  # Asian or Asian British, including Chinese (as the 2011 census groups it)
    MIXED = "mixed"  # Mixed or multiple ethnic groups
    OTHER = "other"  # Arab or any other ethnic group
    UNKNOWN = "unknown"  # not recorded, not stated or refused


class SearchOutcome(str, Enum):
    """What followed a stop and search, across both data.police.uk label vintages."""

    NO_FURTHER_ACTION = "no_further_action"
    ARREST = "arrest"
    SUMMONS = "summons"  # summonsed to court, or charged by post
    CAUTION = "caution"  # simple or conditional caution
    PENALTY_NOTICE = "penalty_notice"  # penalty notice for disorder
    DRUGS_WARNING = "drugs_warning"  # cannabis or khat warning
    COMMUNITY_RESOLUTION = "community_resolution"  # also 'local resolution'
    ARTICLE_FOUND = "article_found"  # something found, detailed outcome not given
    UNKNOWN = "unknown"  # outcome blank


class SearchType(str, Enum):
    PERSON = "person"
    PERSON_AND_VEHICLE = "person_and_vehicle"
    VEHICLE = "vehicle"  # vehicle only: not a search of a person


def slug(label: str) -> str:
    """A stable identifier for a published category label: 'Bicycle theft' -> 'bicycle_theft'."""
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


# data.police.uk street-level crime categories, current and earlier ones still in old files.
CRIME_TYPES = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
    "Public disorder and weapons",  # used until 2013, then split
    "Violent crime",  # used until 2013
)
ANTISOCIAL_BEHAVIOUR = "Anti-social behaviour"

# data.police.uk outcome categories (street 'Last outcome category' and outcomes 'Outcome type').
OUTCOME_CATEGORIES = (
    "Action to be taken by another organisation",
    "Awaiting court outcome",
    "Court case unable to proceed",
    "Court result unavailable",
    "Defendant found not guilty",
    "Defendant sent to Crown Court",
    "Formal action is not in the public interest",
    "Further action is not in the public interest",
    "Further investigation is not in the public interest",
    "Investigation complete; no suspect identified",
    "Local resolution",
    "Offender deprived of property",
    "Offender fined",
    "Offender given a caution",
    "Offender given a drugs possession warning",
    "Offender given absolute discharge",
    "Offender given community sentence",
    "Offender given conditional discharge",
    "Offender given penalty notice",
    "Offender given suspended prison sentence",
    "Offender ordered to pay compensation",
    "Offender otherwise dealt with",
    "Offender sent to prison",
    "Status update unavailable",
    "Suspect charged",
    "Suspect charged as part of another case",
    "Unable to prosecute suspect",
    "Under investigation",
)
