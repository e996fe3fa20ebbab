"""Stop and search from the force's full records: find rates, and the force's extract as the
preferred source of the stop-and-search indicators data.police.uk also feeds (PEEL area: using
powers fairly).

Find rates follow the inspectorate's note on its find-rate chart: a search counts in the
denominator only when its record says whether anything was found and, when something was, whether
the find was linked to the object of the search. So the linked and not linked rates add up to the
find rate.
"""

from __future__ import annotations

import openpeel.indicators.stop_search  # noqa: F401  (declares the indicators this module adds sources to)
from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Share
from openpeel.records.ethnicity import codes_of
from openpeel.vocab import EthnicGroup

EXTRACT = "force stop and search extract"
NO_FIND_KNOWN = "no search record says both whether anything was found and whether a find was linked"

indicator(
    id="stop_search.find_rate",
    title="Stop and searches of people that found something",
    area=Area.POWERS,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_BETTER,
    formula=Share("finds", "find_known", empty=NO_FIND_KNOWN),
    definition="Percentage of searches of people that found something, linked to the object of the search or "
    "not. Searches whose record does not say whether anything was found, or does not say whether a find was "
    "linked, are left out of numerator and denominator.",
    seed="the overall find rate from stop and search encounters",
)
indicator(
    id="stop_search.linked_find_rate",
    title="Stop and searches of people with a linked find",
    area=Area.POWERS,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_BETTER,
    formula=Share("linked_finds", "find_known", empty=NO_FIND_KNOWN),
    definition="Percentage of searches of people that found what the officer was searching for (the object of "
    "the search). Same denominator as the find rate.",
    seed="the linked find rate against the typical range and the year before",
)
indicator(
    id="stop_search.unlinked_find_rate",
    title="Stop and searches of people with a find not linked to the object of the search",
    area=Area.POWERS,
    unit=Unit.PERCENT,
    polarity=Polarity.NEUTRAL,
    formula=Share("unlinked_finds", "find_known", empty=NO_FIND_KNOWN),
    definition="Percentage of searches of people that found something other than what the officer was searching "
    "for. Same denominator as the find rate.",
    seed="the not linked find rate",
)


def people(inputs):
    """Searches of people in the period: vehicle-only searches are not searches of people."""
    t = inputs.table("stop_search_records")
    return t.filter(t.search_type != "vehicle")


@source("stop_search.searches", name=EXTRACT, table="stop_search_records", preference=10)
@source(
    "stop_search.rate_per_1000", name=EXTRACT, table="stop_search_records", reference=("population",), preference=10
)
def searches(inputs):
    t = people(inputs)
    return t.group_by(inputs.keys).agg(searches=t.count())


@source("stop_search.find_rate", name=EXTRACT, table="stop_search_records", preference=10)
@source("stop_search.linked_find_rate", name=EXTRACT, table="stop_search_records", preference=10)
@source("stop_search.unlinked_find_rate", name=EXTRACT, table="stop_search_records", preference=10)
def finds(inputs):
    t = people(inputs)
    linked = (t.item_found & t.find_linked).fill_null(False)
    unlinked = (t.item_found & ~t.find_linked).fill_null(False)
    nothing = (~t.item_found).fill_null(False)
    return t.group_by(inputs.keys).agg(
        linked_finds=linked.sum(),
        unlinked_finds=unlinked.sum(),
        finds=(linked | unlinked).sum(),
        find_known=(linked | unlinked | nothing).sum(),
    )


@source("stop_search.sde_unknown_share", name=EXTRACT, table="stop_search_records", preference=10)
def sde_unknown(inputs):
    t = people(inputs)
    known = t.self_defined_ethnicity.isin(_known_codes())
    return t.group_by(inputs.keys).agg(sde_unknown=(~known.fill_null(False)).sum(), searches=t.count())


@source(
    "stop_search.disproportionality_black_white",
    name=EXTRACT,
    table="stop_search_records",
    reference=("residents_black", "residents_white"),
    preference=10,
)
def by_ethnicity(inputs):
    t = people(inputs)
    sde = t.self_defined_ethnicity
    return t.group_by(inputs.keys).agg(
        searches_black=sde.isin(codes_of(EthnicGroup.BLACK)).fill_null(False).sum(),
        searches_white=sde.isin(codes_of(EthnicGroup.WHITE)).fill_null(False).sum(),
    )


def _known_codes() -> list[str]:
    return [c for g in EthnicGroup if g is not EthnicGroup.UNKNOWN for c in codes_of(g)]
