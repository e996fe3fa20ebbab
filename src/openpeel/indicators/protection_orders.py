"""Domestic abuse protection notices and orders (PEEL area: safeguarding).

Notices are counted in the month a superintendent authorised them and set against the domestic
abuse crimes recorded in the same period; orders in the month the court granted them; breaches in
the month they happened. The notices extract decides which months a force's figures cover.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Count, Share

NOTICES = "force protection notice records"
BREACHES = "force protection order breach records"

indicator(
    id="safeguarding.dvpn_share_of_da_crimes",
    title="Domestic abuse protection notices as a share of domestic abuse crimes",
    area=Area.SAFEGUARDING,
    unit=Unit.PERCENT,
    polarity=Polarity.NEUTRAL,
    formula=Share(
        "protection_notices", "domestic_abuse_crimes", empty="no domestic abuse crimes recorded in the period"
    ),
    definition="Protection notices authorised in the period as a percentage of domestic abuse crimes recorded in "
    "the period (a notice per crime is the most there could be; the measure shows how often the power is used).",
    seed="a superintendent authorised a notice in N percent of domestic abuse crimes (M cases)",
)
indicator(
    id="safeguarding.dvpo_granted",
    title="Domestic abuse protection orders granted",
    area=Area.SAFEGUARDING,
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    formula=Count("orders_granted"),
    decimals=0,
    definition="Protection orders granted by the courts in the period on the force's applications.",
    seed="N orders were granted",
)
indicator(
    id="safeguarding.dvpo_breaches",
    title="Breaches of domestic abuse protection orders dealt with",
    area=Area.SAFEGUARDING,
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    formula=Count("breaches"),
    decimals=0,
    definition="Breaches of protection notices and orders that happened in the period.",
    seed="the force took enforcement action to deal with N breaches",
)


@source("safeguarding.dvpn_share_of_da_crimes", name=NOTICES, table="da_protection_notices")
def notices_and_crimes(inputs):
    notices = inputs.table("da_protection_notices")
    notices = notices.group_by(inputs.keys).agg(protection_notices=notices.count())
    crimes = inputs.table("crimes")
    crimes = crimes.group_by(inputs.keys).agg(domestic_abuse_crimes=crimes.domestic_abuse.fill_null(False).sum())
    # a force that sent no crimes for the period has no denominator (null), not zero
    joined = notices.left_join(crimes, list(inputs.keys))
    return joined.select(*inputs.keys, "protection_notices", "domestic_abuse_crimes")


@source("safeguarding.dvpo_granted", name=NOTICES, table="da_protection_notices")
def orders_granted(inputs):
    t = inputs.during(inputs.raw("da_protection_notices"), "order_granted_on")
    return t.group_by(inputs.keys).agg(orders_granted=t.count())


@source("safeguarding.dvpo_breaches", name=BREACHES, table="da_protection_notices")
def breaches(inputs):
    # Breaches are rarer than months, so a month without one is not missing data: the months covered
    # are those of the notices extract. A force that has never sent breaches has no figure, not 0.
    import ibis

    notices = inputs.table("da_protection_notices").select(*inputs.keys).distinct()
    raw = inputs.raw("da_protection_breaches")
    ever = raw.select("force_id").distinct().mutate(_sent=ibis.literal(True))
    t = inputs.during(raw, "breached_on")
    counts = t.group_by(inputs.keys).agg(breaches=t.count())
    joined = notices.left_join(ever, "force_id").left_join(counts, list(inputs.keys))
    return joined.select(
        *inputs.keys, breaches=joined._sent.notnull().ifelse(joined.breaches.fill_null(0), ibis.null("int64"))
    )
