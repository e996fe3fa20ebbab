"""Stop and search from the published national figures (Ethnicity facts and figures), a further
source of the stop and search indicators declared in :mod:`openpeel.indicators.stop_search`.

The published table totals a financial year, so it only has data for periods that contain a whole
financial year; its low preference number makes it the source for exactly those periods
(``ye-YYYY-03``), and data.police.uk records serve every other period. Disproportionality uses
the publisher's own population of each ethnic group, so its rates are counts over the same
populations the publication uses; where it gives no population (City of London) there is no rate.
"""

from __future__ import annotations

from openpeel.indicators.catalogue import source

PUBLISHED = "Ethnicity facts and figures: stop and search by ethnicity and force"
TABLE = "published_stop_search"
PREFERRED = 5  # lower than data.police.uk's records, so the published year wins where it exists


def _by_group(inputs, **groups):
    """One column per ``name=(ethnic group, column)``: that group's figure for the force."""
    t = inputs.table(TABLE)
    return t.group_by(list(inputs.keys)).agg(
        **{name: t[column].sum(where=t.ethnic_group == group) for name, (group, column) in groups.items()}
    )


@source("stop_search.searches", name=PUBLISHED, table=TABLE, preference=PREFERRED)
@source("stop_search.rate_per_1000", name=PUBLISHED, table=TABLE, reference=("population",), preference=PREFERRED)
def searches(inputs):
    return _by_group(inputs, searches=("all", "searches"))


@source("stop_search.disproportionality_black_white", name=PUBLISHED, table=TABLE, preference=PREFERRED)
def by_ethnicity(inputs):
    # a null population stays null (a sum of nulls), so no rate is computed where none is published
    return _by_group(
        inputs,
        searches_black=("black", "searches"),
        residents_black=("black", "population"),
        searches_white=("white", "searches"),
        residents_white=("white", "population"),
    )
