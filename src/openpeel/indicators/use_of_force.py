"""Use of force from the Home Office tables (PEEL area: using powers fairly).

Table 12 counts incidents by force; Table 16 counts tactics by force and the ethnicity of the
person as perceived by the officer. Disproportionality uses Table 16's "Total Tactics" (which
leaves out tactical communication and unreported tactics) per 2011 census resident.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Count, Rate, RatioOfRates

HOME_OFFICE = "Home Office police use of force statistics"

indicator(
    id="use_of_force.incidents",
    title="Use of force incidents recorded",
    area=Area.POWERS,
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    formula=Count("incidents"),
    decimals=0,
    definition="Use of force incidents the force recorded, as published by the Home Office (one per officer "
    "per person force was used on).",
    seed="the number of use of force incidents recorded and its change on the year before",
)
indicator(
    id="use_of_force.rate_per_1000",
    title="Use of force incidents per 1,000 residents",
    area=Area.POWERS,
    unit=Unit.PER_1000,
    polarity=Polarity.NEUTRAL,
    formula=Rate("incidents", "population"),
    definition="Use of force incidents per 1,000 residents of the force area.",
)
indicator(
    id="use_of_force.tactics",
    title="Use of force tactics reported",
    area=Area.POWERS,
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    formula=Count("tactics"),
    decimals=0,
    definition="Tactics used, from the Home Office 'Total Tactics' (tactical communication and unreported "
    "tactics left out); one incident can involve several tactics.",
)
indicator(
    id="use_of_force.disproportionality_black_white",
    title="Use of force on Black people relative to White people",
    area=Area.POWERS,
    unit=Unit.RATIO,
    polarity=Polarity.HIGHER_WORSE,
    formula=RatioOfRates("force_black", "residents_black", "force_white", "residents_white"),
    definition="Use of force on people perceived as Black per Black resident, divided by the same for White "
    "people (residents of the census the period calls for: 2011 until March 2021, then 2021). From published "
    "tables: 'Total Tactics' by perceived ethnicity.",
    seed="Black people were N times more likely than White people to be subject to use of force",
)


@source("use_of_force.incidents", name=HOME_OFFICE + ", table 12", table="uof_incidents")
@source("use_of_force.rate_per_1000", name=HOME_OFFICE + ", table 12", table="uof_incidents", reference=("population",))
def incidents(inputs):
    t = inputs.table("uof_incidents")
    return t.group_by(inputs.keys).agg(incidents=t.incidents.sum())


def _total_tactics(inputs):
    t = inputs.table("uof_tactics")
    return t.filter(t.is_total & (t.tactic == "Total Tactics"))


@source("use_of_force.tactics", name=HOME_OFFICE + ", tactics by ethnicity", table="uof_tactics")
def tactics(inputs):
    t = _total_tactics(inputs)
    return t.group_by(inputs.keys).agg(tactics=t.times.sum(where=t.ethnicity == "all"))


@source(
    "use_of_force.disproportionality_black_white",
    name=HOME_OFFICE + ", tactics by ethnicity",
    table="uof_tactics",
    reference=("residents_black", "residents_white"),
    preference=60,
)
def tactics_by_ethnicity(inputs):
    t = _total_tactics(inputs)
    return t.group_by(inputs.keys).agg(
        force_black=t.times.sum(where=t.ethnicity == "black"),
        force_white=t.times.sum(where=t.ethnicity == "white"),
    )
