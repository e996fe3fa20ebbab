"""People wanted for more than six months, for the wanted persons working group.

Drawn from the latest snapshot on or before the day the list is made, separately for people on the
Police National Computer and people wanted only locally (whose snapshots may be drawn on different
days), the longest wanted first.
"""

from __future__ import annotations

import ibis

from openpeel.areas import Area
from openpeel.worklists import worklist
from openpeel.worklists._dates import as_of_or_latest


@worklist(
    name="wanted.listed_over_6_months",
    title="People wanted for more than six months",
    area=Area.INVESTIGATION,
    description="Everyone in the latest wanted snapshot (PNC and local lists each from their own latest snapshot) "
    "whose circulation began more than `months` months before the snapshot date.",
    table="wanted_people",
    options={"months": 6},
)
def listed_over_6_months(backend, force_id, as_of, options):
    t = backend.table("wanted_people")
    t = t.filter(t.force_id == force_id)
    day = as_of_or_latest(as_of, t.snapshot_date)
    t = t.filter(t.snapshot_date <= ibis.literal(day))
    t = t.mutate(_latest=t.snapshot_date.max().over(group_by=t.on_pnc))
    t = t.filter(t.snapshot_date == t._latest)
    t = t.filter(t.wanted_since < t.snapshot_date - ibis.interval(months=int(options["months"])))
    t = t.mutate(
        listing=t.on_pnc.ifelse("PNC", "local only"),
        days_wanted=t.snapshot_date.delta(t.wanted_since, unit="day"),
    )
    return t.select(
        "snapshot_date", "listing", "wanted_ref", "person_ref", "wanted_since", "days_wanted", "reason"
    ).order_by(["wanted_since", "wanted_ref"])
