"""Neighbourhood policing: how much of their time neighbourhood officers and PCSOs spend in their
communities rather than abstracted to other work (PEEL area: preventing and deterring crime and
antisocial behaviour). From the force's neighbourhood duty extract."""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import AmountShare

EXTRACT = "force neighbourhood duty extract"
ROLES = {"officer": ("neighbourhood officers", 60.0), "pcso": ("police community support officers", 65.0)}

for _role, (_who, _target) in ROLES.items():
    indicator(
        id=f"neighbourhood.{_role}_time_in_community_share",
        title=f"Time {_who} spend in their communities",
        area=Area.PREVENTION,
        unit=Unit.PERCENT,
        polarity=Polarity.HIGHER_BETTER,
        formula=AmountShare("hours_in_community", "hours_on_duty", empty=f"no duty hours recorded for {_who}"),
        standard=_target,
        definition=f"Hours {_who} spent on visible patrol or engaging their community, as a percentage of their "
        f"hours on duty. The force's target is {_target:.0f}%.",
        seed=f"on average, {_who} spend N percent of their time in their communities, against the target",
    )


def _time_in_community(role: str):
    def components(inputs):
        t = inputs.table("neighbourhood_duty")
        mine = t.role == role
        return t.group_by(inputs.keys).agg(
            hours_in_community=t.hours_in_community.sum(where=mine).fill_null(0),
            hours_on_duty=t.hours_on_duty.sum(where=mine).fill_null(0),
        )

    return components


for _role in ROLES:
    source(f"neighbourhood.{_role}_time_in_community_share", name=EXTRACT, table="neighbourhood_duty", preference=10)(
        _time_in_community(_role)
    )
