"""Recorded crime and outcomes from data.police.uk street-level and outcomes files.

Street files list each crime recorded in a month with its latest outcome so far; antisocial
behaviour incidents are in the same files with no outcome. Outcomes files list each outcome
assigned in a month. One indicator per crime type and per outcome category is generated from the
shared vocabularies, so a category added there is an indicator here.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Count, Rate, Share
from openpeel.vocab import ANTISOCIAL_BEHAVIOUR, CRIME_TYPES, OUTCOME_CATEGORIES, slug

STREET = "data.police.uk street-level crime"
OUTCOMES = "data.police.uk outcomes"


def _crimes(inputs):
    t = inputs.table("street_crime")
    return t.filter(t.crime_type != ANTISOCIAL_BEHAVIOUR)


indicator(
    id="crime.recorded",
    title="Crimes recorded",
    area=Area.PREVENTION,
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    formula=Count("crimes"),
    decimals=0,
    definition="Crimes recorded, as published street by street on data.police.uk (antisocial behaviour excluded).",
)
indicator(
    id="crime.recorded_per_1000",
    title="Crimes recorded per 1,000 residents",
    area=Area.PREVENTION,
    unit=Unit.PER_1000,
    polarity=Polarity.NEUTRAL,
    formula=Rate("crimes", "population"),
    definition="Crimes recorded per 1,000 residents of the force area (antisocial behaviour excluded).",
)
indicator(
    id="asb.incidents",
    title="Antisocial behaviour incidents",
    area=Area.PREVENTION,
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    formula=Count("incidents"),
    decimals=0,
    definition="Antisocial behaviour incidents recorded.",
    seed="the number of antisocial behaviour incidents recorded in a year",
)
indicator(
    id="asb.rate_per_1000",
    title="Antisocial behaviour incidents per 1,000 residents",
    area=Area.PREVENTION,
    unit=Unit.PER_1000,
    polarity=Polarity.NEUTRAL,
    formula=Rate("incidents", "population"),
    definition="Antisocial behaviour incidents recorded per 1,000 residents of the force area.",
    seed="antisocial behaviour incidents per 1,000 population against the typical range",
)


@source("crime.recorded", name=STREET, table="street_crime")
@source("crime.recorded_per_1000", name=STREET, table="street_crime", reference=("population",))
def crimes(inputs):
    t = _crimes(inputs)
    return t.group_by(inputs.keys).agg(crimes=t.count())


@source("asb.incidents", name=STREET, table="street_crime", preference=60)
@source("asb.rate_per_1000", name=STREET, table="street_crime", reference=("population",), preference=60)
def antisocial_behaviour(inputs):
    t = inputs.table("street_crime")
    return t.group_by(inputs.keys).agg(incidents=(t.crime_type == ANTISOCIAL_BEHAVIOUR).sum())


def _declare_crime_type(label: str) -> None:
    key = slug(label)
    indicator(
        id=f"crime.recorded.{key}",
        title=f"Crimes recorded: {label.lower()}",
        area=Area.PREVENTION,
        unit=Unit.COUNT,
        polarity=Polarity.NEUTRAL,
        formula=Count("crimes"),
        decimals=0,
        definition=f"Crimes of the data.police.uk type '{label}' recorded.",
    )

    @source(f"crime.recorded.{key}", name=STREET, table="street_crime")
    def of_type(inputs):
        t = inputs.table("street_crime")
        return t.group_by(inputs.keys).agg(crimes=(t.crime_type == label).sum())


def _declare_last_outcome(label: str) -> None:
    key = slug(label)
    indicator(
        id=f"crime.last_outcome_share.{key}",
        title=f"Crimes whose latest outcome is: {label.lower()}",
        area=Area.INVESTIGATION,
        unit=Unit.PERCENT,
        polarity=Polarity.NEUTRAL,
        formula=Share("with_outcome", "crimes", empty="no crimes recorded"),
        definition=f"Percentage of crimes recorded in the period whose latest outcome on data.police.uk is "
        f"'{label}' (antisocial behaviour excluded; the latest outcome can change as cases progress).",
    )

    @source(f"crime.last_outcome_share.{key}", name=STREET, table="street_crime")
    def with_last_outcome(inputs):
        t = _crimes(inputs)
        return t.group_by(inputs.keys).agg(
            with_outcome=(t.last_outcome_category == label).fill_null(False).sum(), crimes=t.count()
        )


def _declare_outcome_assigned(label: str) -> None:
    key = slug(label)
    indicator(
        id=f"crime.outcome_assigned_share.{key}",
        title=f"Outcomes assigned that were: {label.lower()}",
        area=Area.INVESTIGATION,
        unit=Unit.PERCENT,
        polarity=Polarity.NEUTRAL,
        formula=Share("of_type", "outcomes", empty="no outcomes assigned"),
        definition=f"Percentage of the outcomes assigned in the period (data.police.uk outcomes files) that were "
        f"'{label}'.",
    )

    @source(f"crime.outcome_assigned_share.{key}", name=OUTCOMES, table="police_uk_outcomes")
    def assigned(inputs):
        t = inputs.table("police_uk_outcomes")
        return t.group_by(inputs.keys).agg(of_type=(t.outcome_type == label).sum(), outcomes=t.count())


for _label in CRIME_TYPES:
    if _label != ANTISOCIAL_BEHAVIOUR:
        _declare_crime_type(_label)
for _label in OUTCOME_CATEGORIES:
    _declare_last_outcome(_label)
    _declare_outcome_assigned(_label)
