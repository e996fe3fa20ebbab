"""Crime outcomes: how the force's investigations end (PEEL area: investigating crime).

Each measure is the share of all outcomes assigned in the period (by the day assigned, as in the
Home Office outcomes tables) that are of some kind: positive (types 1-4 and 8), resolved (5, 9,
10, 20-22), unresolved (11-18), or one of the positive types. The denominator is every outcome
1-22, so types 6, 7 and 19 count in it but in no group. Each share is computed for victim-based
crime and for robbery, rape and violence with injury; the ids are ``outcomes.<share>`` for
victim-based crime and ``outcomes.<share>.<crime>`` for the others.
"""

from __future__ import annotations

from openpeel import tables
from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Share

RECORDS = "force crime and outcome records"


# share id -> (component, outcome types, title, polarity)
SHARES = {
    "positive_share": (
        "positive_outcomes",
        (1, 2, 3, 4, 8),
        "Positive outcomes (types 1-4 and 8)",
        Polarity.HIGHER_BETTER,
    ),
    "resolved_share": (
        "resolved_outcomes",
        (5, 9, 10, 20, 21, 22),
        "Resolved outcomes (types 5, 9, 10 and 20-22)",
        Polarity.NEUTRAL,
    ),
    "unresolved_share": (
        "unresolved_outcomes",
        tuple(range(11, 19)),
        "Unresolved outcomes (types 11-18)",
        Polarity.HIGHER_WORSE,
    ),
    "charged_share": ("charged_or_summonsed", (1,), "Charged or summonsed (type 1)", Polarity.HIGHER_BETTER),
    "caution_share": ("cautions", (2, 3), "Cautions, youth and adult (types 2 and 3)", Polarity.NEUTRAL),
    "tic_share": ("taken_into_consideration", (4,), "Taken into consideration (type 4)", Polarity.NEUTRAL),
    "community_resolution_share": ("community_resolutions", (8,), "Community resolutions (type 8)", Polarity.NEUTRAL),
}

# id suffix -> (words for titles, which crimes belong)
CRIME_GROUPS = {
    "": ("victim-based crime", lambda crimes: crimes.victim_based),
    "robbery": ("robbery", lambda crimes: crimes.crime_type == "robbery"),
    "rape": ("rape", lambda crimes: crimes.crime_type == "rape"),
    "violence_with_injury": ("violence with injury", lambda crimes: crimes.crime_type == "violence_with_injury"),
}


def classified_outcomes(inputs):
    """Outcomes assigned in the period, each with its crime's type (the crime may be from any month)."""
    outcomes = inputs.raw("crime_outcomes")
    crimes = inputs.raw("crimes").select("force_id", "crime_ref", "crime_type", "victim_based")
    # joined before tagging, so each outcome meets its crime once rather than once per period
    return inputs.tag(outcomes.inner_join(crimes, ["force_id", "crime_ref"]), tables.get("crime_outcomes"))


def _components(component: str, types: tuple[int, ...], belongs):
    codes = [str(t) for t in types]

    def components(inputs):
        t = classified_outcomes(inputs)
        t = t.filter(belongs(t))
        return t.group_by(inputs.keys).agg(**{component: t.outcome_type.isin(codes).sum()}, outcomes=t.count())

    return components


def _declare(share: str, group: str) -> None:
    component, types, title, polarity = SHARES[share]
    words, belongs = CRIME_GROUPS[group]
    indicator_id = f"outcomes.{share}" + (f".{group}" if group else "")
    indicator(
        id=indicator_id,
        title=f"{title}: {words}",
        area=Area.INVESTIGATION,
        unit=Unit.PERCENT,
        polarity=polarity,
        formula=Share(component, "outcomes", empty=f"no outcomes were assigned to {words} in the period"),
        definition=(
            f"Percentage of all outcomes assigned to {words} in the period (by the day each was assigned) "
            f"that are {title[0].lower() + title[1:]}. Every Home Office outcome type 1-22 counts in the denominator."
        ),
        seed=f"the percentage of outcomes assigned to {words} that were of this kind, against the national "
        "median and typical range, as a trend of rolling years",
    )
    source(indicator_id, name=RECORDS, table="crime_outcomes")(_components(component, types, belongs))


for _share in SHARES:
    for _group in CRIME_GROUPS:
        _declare(_share, _group)
