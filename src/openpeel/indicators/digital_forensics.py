"""The tier 3 digital forensic queue (PEEL area: investigating crime).

Tier 3 holds every device without a court or custody deadline, so its queue is where delay builds
up. A device is waiting at the end of a day if it was submitted on or before that day and not
examined by then. The queue is a stock, so all submissions count, whenever made.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Count

RECORDS = "force digital forensic submissions"

indicator(
    id="digital_forensics.tier3_queue",
    title="Devices waiting for tier 3 digital forensic examination",
    area=Area.INVESTIGATION,
    unit=Unit.COUNT,
    polarity=Polarity.HIGHER_WORSE,
    formula=Count("tier3_devices_waiting"),
    decimals=0,
    definition="Devices in tier 3 submitted and not yet examined at the end of the period's last day.",
    seed="in a month there were N devices in tier 3 awaiting examination",
)
indicator(
    id="digital_forensics.tier3_queue_average",
    title="Devices waiting for tier 3 examination, average of month ends",
    area=Area.INVESTIGATION,
    unit=Unit.COUNT,
    polarity=Polarity.HIGHER_WORSE,
    formula=Count("tier3_devices_waiting_on_average"),
    decimals=0,
    definition="The tier 3 queue at the end of each month of the period, averaged over the months.",
    seed="a reduction on the average level of N in a year",
)


def waiting_at(inputs, days, day: str):
    """Tier 3 devices waiting at the end of each row of ``days`` (its date column ``day``): one row
    per force, device and day, tagged with the day's period."""
    t = inputs.raw("digital_forensic_submissions")
    t = t.filter(t.tier == "3")
    pairs = t.cross_join(days)
    waiting = (pairs.submitted_on <= pairs[day]) & (pairs.examined_on.isnull() | (pairs.examined_on > pairs[day]))
    return pairs.filter(waiting)


@source("digital_forensics.tier3_queue", name=RECORDS, table="digital_forensic_submissions")
def queue_at_end(inputs):
    t = waiting_at(inputs, inputs.periods().select("period_id", "last_day"), "last_day")
    return t.group_by(inputs.keys).agg(tier3_devices_waiting=t.count())


@source("digital_forensics.tier3_queue_average", name=RECORDS, table="digital_forensic_submissions")
def queue_average(inputs):
    t = waiting_at(inputs, inputs.months().select("period_id", "month_last_day"), "month_last_day")
    counted = t.group_by(inputs.keys).agg(waiting=t.count())
    joined = counted.inner_join(inputs.periods().select("period_id", "months"), "period_id")
    return joined.select(*inputs.keys, tier3_devices_waiting_on_average=joined.waiting / joined.months)
