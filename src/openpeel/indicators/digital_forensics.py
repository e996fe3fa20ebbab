"""The tier 3 digital forensic queue (PEEL area: investigating crime).

Tier 3 holds every device without a court or custody deadline, so its queue is where delay builds
up. A device is waiting at the end of a day if it was submitted on or before that day and not
examined by then. The queue is a stock, so all submissions count, whenever made.
"""

from __future__ import annotations

import calendar
from datetime import date

import ibis

from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Count
from openpeel.periods import add_months

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


def month_ends(start: date, months: int) -> list[date]:
    firsts = [add_months(start, i) for i in range(months)]
    return [date(d.year, d.month, calendar.monthrange(d.year, d.month)[1]) for d in firsts]


def waiting_at(backend, days: list[date]):
    """Tier 3 devices waiting at the end of each of ``days``: one row per force, device and day."""
    t = backend.table("digital_forensic_submissions")
    t = t.filter(t.tier == "3")
    ends = ibis.memtable({"_day": days}, schema={"_day": "date"})
    pairs = t.cross_join(ends)
    waiting = (pairs.submitted_on <= pairs._day) & (pairs.examined_on.isnull() | (pairs.examined_on > pairs._day))
    return pairs.filter(waiting)


@source("digital_forensics.tier3_queue", name=RECORDS, table="digital_forensic_submissions")
def queue_at_end(inputs):
    t = waiting_at(inputs.backend, [inputs.period.last_day])
    return t.group_by("force_id").agg(tier3_devices_waiting=t.count())


@source("digital_forensics.tier3_queue_average", name=RECORDS, table="digital_forensic_submissions")
def queue_average(inputs):
    period = inputs.period
    t = waiting_at(inputs.backend, month_ends(period.start, period.months))
    return t.group_by("force_id").agg(tier3_devices_waiting_on_average=t.count() / period.months)
