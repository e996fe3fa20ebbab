"""Investigations allocated beyond the team's accreditation (PEEL area: investigating crime).

Each crime carries the PIP level its investigation needs and the level its team is accredited for;
a team below the level needed (a PIP 1 team holding a PIP 2 investigation, say) is the allocation
problem the seed report describes.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Share

RECORDS = "force crime records"
LEVEL_RANKS = {"pip1": 1, "pip2": 2, "pip3": 3}

indicator(
    id="crime.allocated_above_accreditation_share",
    title="Investigations allocated to a team below the accreditation they need",
    area=Area.INVESTIGATION,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_WORSE,
    formula=Share(
        "allocated_above_accreditation",
        "allocated_investigations",
        empty="no allocated investigation gives both its required level and its team's level",
    ),
    definition="Percentage of crimes recorded in the period and allocated to a team, with both levels known, whose "
    "investigation needs a higher PIP level than the team is accredited for.",
    seed="investigations allocated outside the level of accreditation and training, such as PIP 1 investigators "
    "being allocated PIP 2 cases",
)


def level_rank(level):
    """A PIP level code as a number, so levels compare in order (null when not given)."""
    import ibis

    return level.substitute(LEVEL_RANKS, else_=ibis.null("int64"))


def above_accreditation(t):
    """Whether each crime's investigation needs more than its team is accredited for (null if unknown)."""
    return level_rank(t.required_level) > level_rank(t.team_level)


@source("crime.allocated_above_accreditation_share", name=RECORDS, table="crimes")
def allocated_above(inputs):
    t = inputs.table("crimes")
    t = t.filter(t.allocated_team.notnull() & t.team_level.notnull() & t.required_level.notnull())
    return t.group_by(inputs.keys).agg(
        allocated_above_accreditation=above_accreditation(t).sum(), allocated_investigations=t.count()
    )
