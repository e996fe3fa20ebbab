"""Missing-person reports that never reach the missing-persons system (PEEL area: safeguarding).

A report taken in the control room counts as transferred when any case in the missing-persons system,
opened at any time, carries its incident reference; several cases for one report still make one
transfer. A force that has sent no missing-persons system extract at all has no value rather than
every report counted as lost.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Share

RECORDS = "force control room and missing persons records"

indicator(
    id="missing.reports_not_transferred",
    title="Missing-person reports never transferred to the missing-persons system",
    area=Area.SAFEGUARDING,
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER_WORSE,
    formula=Share("reports_not_transferred", "missing_reports", empty="no missing-person reports in the period"),
    definition="Percentage of missing-person reports taken in the control room in the period for which no case "
    "was ever opened in the missing-persons system (matched on the control-room incident reference).",
    seed="the force didn't always transfer missing person reports to its missing persons system",
)


def transfers(cases):
    """One row per force and incident reference that reached the missing-persons system
    (``cases``: the missing-person cases table)."""
    import ibis

    cases = cases.filter(cases.incident_ref.notnull())
    return cases.select("force_id", "incident_ref").distinct().mutate(_transferred=ibis.literal(True))


@source("missing.reports_not_transferred", name=RECORDS, table="missing_control_reports")
def not_transferred(inputs):
    import ibis

    reports = inputs.table("missing_control_reports")
    cases = inputs.raw("missing_person_cases")
    linked = reports.left_join(transfers(cases), ["force_id", "incident_ref"])
    counts = linked.group_by(inputs.keys).agg(
        reports_not_transferred=linked._transferred.isnull().sum(), missing_reports=linked.count()
    )
    sent = cases.select("force_id").distinct().mutate(_sent=ibis.literal(True))
    joined = counts.left_join(sent, "force_id")
    return joined.select(
        *inputs.keys,
        "missing_reports",
        reports_not_transferred=joined._sent.notnull().ifelse(joined.reports_not_transferred, ibis.null("int64")),
    )
