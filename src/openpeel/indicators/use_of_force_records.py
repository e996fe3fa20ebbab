"""Use of force from the force's own reports and arrests: how much is recorded, how much should
be, and on whom (PEEL area: using powers fairly).

Expected reports follow the inspectorate's method: arrests x the average number of use-of-force
reports associated with an arrest. The average is taken over the force's own arrests that have at
least one report linked to them, in the same period: reports linked to an arrest / distinct arrests
they are linked to. It is how many officers typically report force when force in an arrest is
reported at all; applied to every arrest, it gives the reports the force would have if force were
reported for every arrest as it is for those. Likely under-recording is expected - recorded, where
recorded counts every report (linked to an arrest or not).

Worked example (the demo force, year ending March 2025): 9,353 arrests; 8,733 reports linked to
5,000 distinct arrests, an average of 1.7466; expected 9,353 x 8,733 / 5,000 = 16,335.9; recorded
10,689; likely under-recorded 5,646.9. The report prints 16,336 and 5,647.
"""

from __future__ import annotations

import openpeel.indicators.use_of_force  # noqa: F401  (declares use_of_force.disproportionality_black_white)
from openpeel.areas import Area
from openpeel.indicators.catalogue import Polarity, Unit, indicator, source
from openpeel.indicators.formulas import Count, Difference, Scaled

REPORTS = "force use-of-force reports extract"
BOTH = "force arrests and use-of-force reports extracts"

indicator(
    id="use_of_force.reports",
    title="Use-of-force reports recorded",
    area=Area.POWERS,
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    formula=Count("reports"),
    decimals=0,
    definition="Use-of-force reports the force recorded: one per officer per person force was used on (the "
    "Home Office counts each as an incident).",
    seed="the number of use of force incidents recorded and its change on the year before",
)
indicator(
    id="use_of_force.expected",
    title="Use-of-force reports expected from arrests",
    area=Area.POWERS,
    unit=Unit.COUNT,
    polarity=Polarity.NEUTRAL,
    formula=Scaled("arrests", "reports_linked", "arrests_with_report"),
    decimals=0,
    definition="Arrests x the average number of use-of-force reports linked to an arrest, the average taken "
    "over the force's arrests in the period that have at least one linked report (reports linked / arrests "
    "with a report).",
    seed="the estimated number of use of force incidents the force should have recorded",
)
indicator(
    id="use_of_force.under_recorded",
    title="Use-of-force reports likely not recorded",
    area=Area.POWERS,
    unit=Unit.COUNT,
    polarity=Polarity.HIGHER_WORSE,
    formula=Difference("expected", "reports"),
    decimals=0,
    definition="Expected use-of-force reports (use_of_force.expected) minus the reports recorded "
    "(use_of_force.reports). Negative when the force recorded more than expected.",
    seed="the force likely under-recorded its use of force by N incidents, against the year before",
)


def _reports(inputs):
    return inputs.table("use_of_force_reports") if inputs.has("use_of_force_reports") else None


def _arrests(inputs):
    return inputs.table("arrests") if inputs.has("arrests") else None


def _expected(inputs):
    """Per force with arrests: arrests, reports linked to an arrest, distinct arrests linked, expected."""
    import ibis

    arrests = _arrests(inputs)
    counted = arrests.group_by(inputs.keys).agg(arrests=arrests.count())
    reports = _reports(inputs)
    if reports is None:  # no reports loaded: the average cannot be known
        return counted.mutate(
            reports_linked=ibis.null("int64"), arrests_with_report=ibis.null("int64"), expected=ibis.null("float64")
        )
    linked = reports.filter(reports.arrest_ref.notnull())
    per_force = linked.group_by(inputs.keys).agg(
        reports_linked=linked.count(), arrests_with_report=linked.arrest_ref.nunique()
    )
    joined = counted.left_join(per_force, list(inputs.keys)).select(
        *inputs.keys,
        "arrests",
        reports_linked=lambda r: r.reports_linked.fill_null(0),
        arrests_with_report=lambda r: r.arrests_with_report.fill_null(0),
    )
    expected = (joined.arrests_with_report > 0).ifelse(
        joined.arrests * joined.reports_linked / joined.arrests_with_report, ibis.null("float64")
    )
    return joined.mutate(expected=expected)


@source("use_of_force.reports", name=REPORTS, table="use_of_force_reports", preference=10)
def reports(inputs):
    t = _reports(inputs)
    return t.group_by(inputs.keys).agg(reports=t.count())


@source("use_of_force.expected", name=BOTH, table="arrests", preference=10)
def expected(inputs):
    return _expected(inputs).select(*inputs.keys, "arrests", "reports_linked", "arrests_with_report")


@source("use_of_force.under_recorded", name=BOTH, table="use_of_force_reports", preference=10)
def under_recorded(inputs):
    import ibis

    t = _reports(inputs)
    recorded = t.group_by(inputs.keys).agg(reports=t.count())
    if _arrests(inputs) is None:  # no arrests loaded: nothing to expect from
        return recorded.mutate(expected=ibis.null("float64"))
    estimate = _expected(inputs).select(*inputs.keys, "expected")
    joined = recorded.left_join(estimate, list(inputs.keys))
    return joined.select(*inputs.keys, "reports", "expected")


@source(
    "use_of_force.disproportionality_black_white",
    name=REPORTS,
    table="use_of_force_reports",
    reference=("residents_black", "residents_white"),
    preference=10,
)
def by_ethnicity(inputs):
    t = _reports(inputs)
    return t.group_by(inputs.keys).agg(
        force_black=(t.subject_ethnicity == "black").fill_null(False).sum(),
        force_white=(t.subject_ethnicity == "white").fill_null(False).sum(),
    )
