"""Antisocial behaviour from the force's own extracts: how much is recorded, of which kind, and
how often orders are used against it (PEEL area: preventing and deterring crime and antisocial
behaviour). The counts and rate are declared with the data.police.uk street-level indicators; the
force's extract is their preferred source."""

from __future__ import annotations

import openpeel.indicators.police_uk_crime  # noqa: F401  (declares asb.incidents and asb.rate_per_1000)
from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Rate, Share
from openpeel.records.asb import CATEGORIES

INCIDENTS = "force antisocial behaviour incident extract"
ORDERS = "force antisocial behaviour orders extract"

for _category, _meaning in CATEGORIES.items():
    indicator(
        id=f"asb.{_category}_share",
        title=f"Antisocial behaviour incidents recorded as {_category}",
        area=Area.PREVENTION,
        unit=Unit.PERCENT,
        polarity=Polarity.NEUTRAL,
        formula=Share(_category, "incidents", empty="no antisocial behaviour incidents were recorded"),
        definition=f"Percentage of antisocial behaviour incidents recorded in the {_category} category: {_meaning}.",
        seed=f"the percentage of antisocial behaviour incidents that were {_category}, against the typical range",
    )
indicator(
    id="asb.orders_per_1000",
    title="Preventative and protective orders per 1,000 residents",
    area=Area.PREVENTION,
    unit=Unit.PER_1000,
    polarity=Polarity.HIGHER_BETTER,
    formula=Rate("orders", "population"),
    decimals=2,
    definition="Preventative and protective orders against antisocial behaviour granted or issued (criminal "
    "behaviour orders, civil injunctions, closure orders, community protection notices), per 1,000 residents.",
    seed="preventative and protective orders issued, per 1,000 population against the typical range",
)


@source("asb.incidents", name=INCIDENTS, table="asb_incidents", preference=10)
@source("asb.rate_per_1000", name=INCIDENTS, table="asb_incidents", reference=("population",), preference=10)
@source("asb.personal_share", name=INCIDENTS, table="asb_incidents", preference=10)
@source("asb.nuisance_share", name=INCIDENTS, table="asb_incidents", preference=10)
@source("asb.environmental_share", name=INCIDENTS, table="asb_incidents", preference=10)
def incidents(inputs):
    t = inputs.table("asb_incidents")
    return t.group_by(inputs.keys).agg(incidents=t.count(), **{c: (t.category == c).sum() for c in CATEGORIES})


@source("asb.orders_per_1000", name=ORDERS, table="asb_orders", reference=("population",), preference=10)
def orders(inputs):
    t = inputs.table("asb_orders")
    return t.group_by(inputs.keys).agg(orders=t.count())
