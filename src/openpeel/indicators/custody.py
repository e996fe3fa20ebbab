"""Custody: use-of-force forms, reviews of detention and how long people are held (PEEL area:
custody).

Detentions count in the month detention was authorised. Hours in custody run from authorisation to
release, for detentions that have ended; the medians of children and of adults are separate
indicators so the two can be set side by side (a child held longer than an adult is a concern).
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Median, Share

RECORDS = "force custody records"

indicator(
    id="custody.use_of_force_forms_received_share",
    title="Use-of-force forms received for force used in custody",
    area=Area.CUSTODY,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_BETTER,
    formula=Share("uof_forms_received", "uof_forms_expected", empty="no use-of-force forms were expected"),
    definition="Use-of-force forms received as a percentage of those expected (one from each officer who used "
    "force on a detainee), for detentions authorised in the period.",
    seed="we received N of the M use of force forms we expected",
)
indicator(
    id="custody.reviews_done_share",
    title="Reviews of detention carried out",
    area=Area.CUSTODY,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_BETTER,
    formula=Share("reviews_done", "reviews_due", empty="no reviews of detention fell due"),
    definition="Reviews of detention carried out as a percentage of those that fell due, for detentions "
    "authorised in the period.",
    seed="cases where reviews weren't carried out as required",
)

AGE_GROUPS = {"child": "children", "adult": "adults"}


def hours_in_custody(t):
    return (t.released_at.epoch_seconds() - t.authorised_at.epoch_seconds()) / 3600.0


def _declare_median(age_group: str, words: str) -> None:
    indicator_id = f"custody.{age_group}_detention_hours_median"
    indicator(
        id=indicator_id,
        title=f"Median hours in custody: {words}",
        area=Area.CUSTODY,
        unit=Unit.HOURS,
        polarity=Polarity.HIGHER_WORSE,
        formula=Median(f"{age_group}_detention_hours_median", f"{words}_released"),
        definition=f"Median hours from authorisation of detention to release, for {words} whose detention was "
        "authorised in the period and has ended. There is no England and Wales figure: medians cannot be "
        "combined across forces.",
        seed="children whose detention is authorised spend longer than adults in police custody",
    )

    def components(inputs):
        t = inputs.table("custody_detentions")
        t = t.filter((t.age_group == age_group) & t.released_at.notnull())
        hours = hours_in_custody(t)
        return t.group_by(inputs.keys).agg(
            **{f"{age_group}_detention_hours_median": hours.median(), f"{words}_released": t.count()}
        )

    source(indicator_id, name=RECORDS, table="custody_detentions")(components)


for _age_group, _words in AGE_GROUPS.items():
    _declare_median(_age_group, _words)


@source("custody.use_of_force_forms_received_share", name=RECORDS, table="custody_detentions")
def use_of_force_forms(inputs):
    t = inputs.table("custody_detentions")
    return t.group_by(inputs.keys).agg(
        uof_forms_received=t.uof_forms_received.sum().fill_null(0),
        uof_forms_expected=t.uof_forms_expected.sum().fill_null(0),
    )


@source("custody.reviews_done_share", name=RECORDS, table="custody_detentions")
def reviews(inputs):
    t = inputs.table("custody_detentions")
    return t.group_by(inputs.keys).agg(
        reviews_done=t.reviews_done.sum().fill_null(0), reviews_due=t.reviews_due.sum().fill_null(0)
    )
