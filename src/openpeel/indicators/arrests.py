"""Arrests, from the force's arrests extract (PEEL area: using powers fairly)."""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Count

indicator(
    id="arrests.count",
    title="Arrests",
    area=Area.POWERS,
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    formula=Count("arrests"),
    decimals=0,
    definition="Arrests the force made. The base of the expected number of use-of-force reports.",
    seed="the number of arrests, against the number of use of force reports",
)


@source("arrests.count", name="force arrests extract", table="arrests", preference=10)
def arrests(inputs):
    t = inputs.table("arrests")
    return t.group_by(inputs.keys).agg(arrests=t.count())
