"""Recorded crimes and the outcomes assigned to them (PEEL area: investigating crime).

Two extracts from the crime recording system. ``crimes`` says what each crime is (its type, whether
it has a direct victim, whether it is domestic abuse) and who investigates it; ``crime_outcomes``
gives the Home Office outcome type assigned to it and when. Outcome measures count outcomes by the
date they were assigned, as the Home Office tables do, and look the crime up in ``crimes`` whatever
month it was recorded in, so the crimes extract must reach back to every crime an outcome refers to.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.records.schema import Field, RowCheck, record_schema

# Crime types: the offence subgroups of the Home Office recorded crime tables.
VICTIM_BASED_TYPES = {
    "homicide": "murder, manslaughter, corporate manslaughter, infanticide",
    "death_or_serious_injury_unlawful_driving": "causing death or serious injury by unlawful driving",
    "violence_with_injury": "violence with injury (e.g. wounding, assault occasioning actual bodily harm)",
    "violence_without_injury": "violence without injury (e.g. common assault, threats to kill)",
    "stalking_and_harassment": "stalking, harassment and malicious communications",
    "rape": "rape of a person of any age",
    "other_sexual_offences": "sexual offences other than rape",
    "robbery": "robbery of personal property or business property",
    "theft_from_the_person": "theft from the person",
    "residential_burglary": "burglary of a home or its outbuildings",
    "non_residential_burglary": "burglary of other buildings",
    "vehicle_offences": "theft of or from a vehicle, interfering with a vehicle",
    "bicycle_theft": "theft of a bicycle",
    "shoplifting": "theft from a shop",
    "other_theft": "all other theft offences",
    "criminal_damage_and_arson": "criminal damage and arson",
}
SOCIETY_TYPES = {
    "drug_offences": "trafficking or possession of drugs",
    "possession_of_weapons": "possession of weapons offences",
    "public_order_offences": "public fear, alarm or distress; racially or religiously aggravated public order",
    "miscellaneous_crimes_against_society": "other crimes against society (e.g. perjury, bail offences)",
}
CRIME_TYPES = {**VICTIM_BASED_TYPES, **SOCIETY_TYPES}

# Professionalising investigations programme levels, lowest first.
PIP_LEVELS = {
    "pip1": "PIP level 1: priority and volume crime",
    "pip2": "PIP level 2: serious and complex crime (detectives)",
    "pip3": "PIP level 3: major crime led by a senior investigating officer",
}

# Home Office outcome types. Type 19 is not used by the Home Office today; it is accepted so older
# extracts load, and it belongs to none of the groups below.
OUTCOME_TYPES = {
    "1": "charged or summonsed",
    "2": "caution (youth)",
    "3": "caution (adult)",
    "4": "taken into consideration",
    "5": "the offender has died",
    "6": "penalty notice for disorder",
    "7": "cannabis or khat warning",
    "8": "community resolution",
    "9": "prosecution not in the public interest (Crown Prosecution Service)",
    "10": "formal action not in the public interest (police)",
    "11": "prosecution prevented: suspect under the age of criminal responsibility",
    "12": "prosecution prevented: suspect too ill to prosecute",
    "13": "prosecution prevented: victim or key witness dead or too ill to give evidence",
    "14": "evidential difficulties: suspect not identified, victim does not support action",
    "15": "evidential difficulties: suspect identified, victim supports action",
    "16": "evidential difficulties: suspect identified, victim does not support action",
    "17": "prosecution time limit expired",
    "18": "investigation complete, no suspect identified",
    "19": "not used by the Home Office (in no outcome group)",
    "20": "further action by another body or agency",
    "21": "further investigation not in the public interest (police)",
    "22": "diversionary, educational or intervention activity",
}

CRIMES = record_schema(
    name="crimes",
    version=1,
    title="Recorded crimes",
    description=(
        "One row per recorded crime: its type, whether it has a direct victim, whether it is domestic "
        "abuse, and the team investigating it with that team's accreditation and the level the "
        "investigation needs. Send every crime that an outcome in `crime_outcomes` refers to; an "
        "outcome whose crime is missing cannot be classed and counts in no outcome measure."
    ),
    area=Area.INVESTIGATION,
    fields=(
        Field("crime_ref", "text", "Crime reference, unique in the force.", example="NP-25-004512"),
        Field(
            "crime_type",
            "code",
            "Offence subgroup of the Home Office tables.",
            codes=CRIME_TYPES,
            example="violence_with_injury",
        ),
        Field(
            "victim_based",
            "boolean",
            "Whether the crime has a direct victim (person, organisation or "
            "corporate body); false for crimes against society.",
            example="true",
        ),
        Field("recorded_on", "date", "Day the crime was recorded.", example="2025-07-14"),
        Field("domestic_abuse", "boolean", "Flagged as domestic abuse.", required=False, example="true"),
        Field(
            "allocated_team",
            "text",
            "Team the investigation is allocated to; blank if not allocated.",
            required=False,
            example="CID North",
        ),
        Field(
            "team_level",
            "code",
            "Highest PIP level the allocated team is accredited for.",
            required=False,
            codes=PIP_LEVELS,
            example="pip1",
        ),
        Field(
            "required_level",
            "code",
            "PIP level the investigation needs, from the force's allocation policy.",
            required=False,
            codes=PIP_LEVELS,
            example="pip2",
        ),
    ),
    key=("crime_ref",),
    month_from="recorded_on",
    checks=(
        RowCheck(
            "victim_based = (crime_type NOT IN ({}))".format(", ".join(f"'{t}'" for t in SOCIETY_TYPES)),
            "victim_based disagrees with the crime type: only crimes against society are not victim-based",
        ),
        RowCheck("allocated_team IS NOT NULL OR team_level IS NULL", "team_level is given but no team is allocated"),
        RowCheck(
            "allocated_team IS NULL OR team_level IS NOT NULL",
            "an allocated team needs its accreditation level in team_level",
        ),
    ),
    changes=("1: first version.",),
)

CRIME_OUTCOMES = record_schema(
    name="crime_outcomes",
    version=1,
    title="Crime outcomes",
    description=(
        "One row per crime with an outcome: the Home Office outcome type (1 to 22) and the day it was "
        "assigned. A crime whose outcome changes is sent again and replaces the earlier row. Outcome "
        "measures count outcomes by the month they were assigned, whatever month the crime was recorded."
    ),
    area=Area.INVESTIGATION,
    fields=(
        Field("crime_ref", "text", "Crime reference, as in `crimes`.", example="NP-25-004512"),
        Field(
            "outcome_type",
            "code",
            "Home Office outcome type; any other value is refused.",
            codes=OUTCOME_TYPES,
            example="1",
        ),
        Field("assigned_on", "date", "Day the outcome was assigned.", example="2025-09-02"),
    ),
    key=("crime_ref",),
    month_from="assigned_on",
    changes=("1: first version.",),
)
