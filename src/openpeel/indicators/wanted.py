"""Outstanding wanted suspects (PEEL area: investigating crime).

Counts from the force's snapshots of wanted people. A snapshot may list only people on the Police
National Computer or only those wanted locally, so each count uses the latest snapshot in the
period that lists people of its kind; a period with no snapshot of that kind has no value.
"""

from __future__ import annotations

from openpeel import tables
from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Count

RECORDS = "force wanted persons snapshots"
LONG_WANTED_MONTHS = 6

indicator(
    id="wanted.pnc_over_6_months",
    title="People listed as wanted on the PNC for more than six months",
    area=Area.INVESTIGATION,
    unit=Unit.COUNT,
    polarity=Polarity.HIGHER_WORSE,
    formula=Count("wanted_on_pnc_over_6_months"),
    decimals=0,
    definition="Number of people listed as wanted on the Police National Computer whose listing began more than "
    "six calendar months before the snapshot date, in the latest snapshot of the period that lists PNC entries.",
    seed="on a date the force had N suspects listed on the PNC as wanted for more than 6 months",
)
indicator(
    id="wanted.local_only",
    title="People wanted only locally (not listed on the PNC)",
    area=Area.INVESTIGATION,
    unit=Unit.COUNT,
    polarity=Polarity.HIGHER_WORSE,
    formula=Count("wanted_locally_only"),
    decimals=0,
    definition="Number of people the force wants for arrest who are circulated only on its own systems, not on "
    "the Police National Computer, in the latest snapshot of the period that lists local circulations.",
    seed="as at a date the force had N suspects wanted who weren't listed on the PNC",
)


def _latest_of_kind(inputs, on_pnc: bool):
    """The rows of one kind in each force's latest snapshot (in the period) that has rows of that kind."""
    t = inputs.raw("wanted_people")
    return inputs.tag(t.filter(t.on_pnc == on_pnc), tables.get("wanted_people"))


def _per_force(inputs, rows, **counts):
    # Forces with a snapshot in the period but none of this kind get a null, not 0.
    forces = inputs.table("wanted_people").select(*inputs.keys).distinct()
    found = rows.group_by(inputs.keys).agg(**counts)
    joined = forces.left_join(found, list(inputs.keys))
    return joined.select(*inputs.keys, *counts)


@source("wanted.pnc_over_6_months", name=RECORDS, table="wanted_people")
def pnc_over_6_months(inputs):
    import ibis

    t = _latest_of_kind(inputs, True)
    listed_long_ago = t.wanted_since < t.snapshot_date - ibis.interval(months=LONG_WANTED_MONTHS)
    return _per_force(inputs, t, wanted_on_pnc_over_6_months=listed_long_ago.sum())


@source("wanted.local_only", name=RECORDS, table="wanted_people")
def local_only(inputs):
    t = _latest_of_kind(inputs, False)
    return _per_force(inputs, t, wanted_locally_only=t.count())
