"""Stop and search: how much, how well targeted, how fairly (PEEL area: using powers fairly).

Only searches of people count ('Person search' and 'Person and Vehicle search'); searches of
vehicles alone are excluded, as in the Home Office statistics.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Count, Rate, RatioOfRates, Share

POLICE_UK = "data.police.uk stop and search"

indicator(
    id="stop_search.searches",
    title="Stop and searches of people",
    area=Area.POWERS,
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    formula=Count("searches"),
    decimals=0,
    definition="Searches of people (person, or person and vehicle); searches of vehicles only are excluded.",
    seed="the number of stop and searches of people in a year and its change on the year before",
)
indicator(
    id="stop_search.rate_per_1000",
    title="Stop and searches of people per 1,000 residents",
    area=Area.POWERS,
    unit=Unit.PER_1000,
    polarity=Polarity.NEUTRAL,
    formula=Rate("searches", "population"),
    definition="Searches of people per 1,000 residents of the force area (ONS mid-year estimate for the period).",
    seed="stop and searches per 1,000 population against the typical range",
)
indicator(
    id="stop_search.outcome_rate",
    title="Searches of people with an outcome other than no further action",
    area=Area.POWERS,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_BETTER,
    formula=Share("with_outcome", "with_known_outcome", empty="no search of a person has a recorded outcome"),
    definition="Percentage of searches of people whose outcome was something other than no further action; "
    "searches with no outcome recorded are left out of the denominator.",
)
indicator(
    id="stop_search.linked_outcome_rate",
    title="Outcomes linked to the object of the search",
    area=Area.POWERS,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_BETTER,
    formula=Share(
        "linked",
        "linked_stated",
        empty="no record says whether the outcome was linked to the object of the search",
    ),
    definition="Percentage of searches of people whose outcome was linked to the object of the search, among "
    "those where the record says linked or not linked.",
    seed="the linked find rate",
)
indicator(
    id="stop_search.sde_unknown_share",
    title="Searches of people with self-defined ethnicity unknown",
    area=Area.POWERS,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_WORSE,
    formula=Share("sde_unknown", "searches", empty="no searches of people"),
    definition="Percentage of searches of people whose self-defined ethnicity is blank, not stated or refused.",
    seed="self-defined ethnicity unknown for a share of searches, against the national average",
)
indicator(
    id="stop_search.disproportionality_black_white",
    title="Stop and search of Black people relative to White people",
    area=Area.POWERS,
    unit=Unit.RATIO,
    polarity=Polarity.HIGHER_WORSE,
    formula=RatioOfRates("searches_black", "residents_black", "searches_white", "residents_white"),
    decimals=1,
    definition="Searches of people who define themselves as Black per Black resident, divided by searches of "
    "people who define themselves as White per White resident (residents of the census the period calls for: "
    "2011 until March 2021, then 2021).",
    seed="Black people were N times more likely than White people to be stopped and searched",
)


def _people(inputs):
    t = inputs.table("stop_search")
    return t.filter(t.of_person)


@source("stop_search.searches", name=POLICE_UK, table="stop_search")
@source("stop_search.rate_per_1000", name=POLICE_UK, table="stop_search", reference=("population",))
def searches(inputs):
    t = _people(inputs)
    return t.group_by(inputs.keys).agg(searches=t.count())


@source("stop_search.outcome_rate", name=POLICE_UK, table="stop_search")
def outcomes(inputs):
    t = _people(inputs)
    known = t.outcome != "unknown"
    return t.group_by(inputs.keys).agg(
        with_outcome=(known & (t.outcome != "no_further_action")).sum(),
        with_known_outcome=known.sum(),
    )


@source("stop_search.linked_outcome_rate", name=POLICE_UK, table="stop_search")
def linked(inputs):
    t = _people(inputs)
    return t.group_by(inputs.keys).agg(
        linked=t.outcome_linked.fill_null(False).sum(),
        linked_stated=t.outcome_linked.notnull().sum(),
    )


@source("stop_search.sde_unknown_share", name=POLICE_UK, table="stop_search")
def sde_unknown(inputs):
    t = _people(inputs)
    return t.group_by(inputs.keys).agg(sde_unknown=(t.sde_group == "unknown").sum(), searches=t.count())


@source(
    "stop_search.disproportionality_black_white",
    name=POLICE_UK,
    table="stop_search",
    reference=("residents_black", "residents_white"),
)
def by_ethnicity(inputs):
    t = _people(inputs)
    return t.group_by(inputs.keys).agg(
        searches_black=(t.sde_group == "black").sum(),
        searches_white=(t.sde_group == "white").sum(),
    )
