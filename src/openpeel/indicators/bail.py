"""Pre-charge bail lapsing into release under investigation (PEEL area: investigating crime).

A bail lapses when nobody meets the suspect on the day it is due; the suspect is then released
under investigation and any bail conditions protecting the victim fall away. Lapses are counted in
the month they happened, arrests in the month they were made, both from the force's arrest and
bail extract.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Count, Rate

RECORDS = "force arrest and bail records"

indicator(
    id="bail.lapsed_to_rui",
    title="Pre-charge bails that lapsed into release under investigation",
    area=Area.INVESTIGATION,
    unit=Unit.COUNT,
    polarity=Polarity.HIGHER_WORSE,
    formula=Count("bail_lapses"),
    decimals=0,
    definition="Number of pre-charge bails that lapsed into release under investigation in the period, "
    "whenever the arrest was made.",
    seed="pre-charge bail lapsed into released under investigation N times",
)
indicator(
    id="bail.lapsed_per_1000_arrests",
    title="Bail lapses into release under investigation per 1,000 arrests",
    area=Area.INVESTIGATION,
    unit=Unit.PER_1000,
    polarity=Polarity.HIGHER_WORSE,
    formula=Rate("bail_lapses", "arrests"),
    definition="Pre-charge bails that lapsed into release under investigation in the period, per 1,000 "
    "arrests made in the period.",
    seed="N lapses out of M arrests, which equates to X times per 1,000 arrests",
)


def lapses_in_period(inputs):
    """Bails that lapsed in the period, per force, whenever the arrest was made."""
    t = inputs.during(inputs.raw("pre_charge_bail"), "lapsed_on")
    return t.group_by(inputs.keys).agg(bail_lapses=t.count())


@source("bail.lapsed_to_rui", name=RECORDS, table="pre_charge_bail")
@source("bail.lapsed_per_1000_arrests", name=RECORDS, table="pre_charge_bail")
def lapses_and_arrests(inputs):
    arrests = inputs.table("pre_charge_bail")
    arrests = arrests.group_by(inputs.keys).agg(arrests=arrests.count())
    lapses = lapses_in_period(inputs)
    joined = arrests.left_join(lapses, list(inputs.keys))
    return joined.select(*inputs.keys, "arrests", bail_lapses=joined.bail_lapses.fill_null(0))
