"""Fraud investigations left with non-specialist teams (PEEL area: managing fraud).

From the latest snapshot of live fraud investigations in the period. The share is of all live
investigations, as the seed report counts it ("40 of the 120 live fraud investigations").
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Share

RECORDS = "force live fraud investigation snapshots"
SPECIALIST_AFTER_DAYS = 28

indicator(
    id="fraud.outside_specialist_after_28_days_share",
    title="Live fraud investigations outside specialist teams after 28 days",
    area=Area.FRAUD,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_WORSE,
    formula=Share("outside_specialist_after_28_days", "live_investigations", empty="no live fraud investigations"),
    definition=f"Percentage of live fraud investigations that were allocated more than {SPECIALIST_AFTER_DAYS} days "
    "before the snapshot date and are held by a team that is not a specialist fraud team (latest snapshot in the "
    "period).",
    seed="N of the M live fraud investigations were being investigated outside specialist departments after 28 days",
)


def days_since_allocation(t):
    return t.snapshot_date.delta(t.allocated_on, unit="day")


@source("fraud.outside_specialist_after_28_days_share", name=RECORDS, table="fraud_investigations")
def outside_specialist(inputs):
    t = inputs.table("fraud_investigations")
    late = (t.team_type == "non_specialist") & (days_since_allocation(t) > SPECIALIST_AFTER_DAYS)
    return t.group_by(inputs.keys).agg(outside_specialist_after_28_days=late.sum(), live_investigations=t.count())
