"""The evidence facts a grade proposal weighs, built from what each open finding cites.

One place for ``openpeel grades`` and the report, so both propose the same grade from the same
store. For every open finding, each piece of evidence it lists becomes at most one fact:

- an indicator becomes an :class:`IndicatorFact` (where the force sits against the typical range
  of its world, and the indicator's polarity), unless it has no position: no data, too few forces,
  or a raw count, which is never set against other forces' counts;
- an audit question becomes an :class:`AuditFact` ("x of y" records met the standard), unless no
  case it applies to is loaded;
- a survey statement is not weighed by the grading rule.

Resolved findings record history, so their evidence does not weigh now. The same evidence cited by
several findings of an area counts once.

:func:`facts_for` takes two look-ups, so the report can pass its cached figures;
:func:`read_facts` opens a store for the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from openpeel.areas import Area
from openpeel.framework.evidence_refs import EvidenceRef
from openpeel.framework.facts import AuditFact, EvidenceFact, IndicatorFact
from openpeel.framework.inspection import Inspection
from openpeel.framework.vocabulary import EvidenceKind
from openpeel.periods import Period

if TYPE_CHECKING:
    from openpeel.assess import IndicatorResult
    from openpeel.evidence import EvidenceResult
    from openpeel.settings import ComparisonSettings
    from openpeel.store import Store

IndicatorLookup = Callable[[str, "Period | None"], "IndicatorResult | None"]
EvidenceLookup = Callable[[EvidenceRef], "EvidenceResult | None"]


def facts_for(
    inspection: Inspection, indicator: IndicatorLookup, evidence: EvidenceLookup
) -> dict[Area, list[EvidenceFact]]:
    """Facts per area from the evidence its open findings cite.

    ``indicator(id, period)`` gives the force's :class:`~openpeel.assess.IndicatorResult` (None if
    the catalogue has no such indicator); ``evidence(ref)`` the audit or survey result, if loaded.
    """
    facts: dict[Area, dict[str, EvidenceFact]] = {}
    for finding in inspection.findings:
        if not finding.is_open:
            continue
        area_facts = facts.setdefault(finding.area, {})
        for ref in finding.evidence:
            fact = _fact(ref, inspection.force_id, indicator, evidence)
            if fact is not None:
                area_facts.setdefault(str(fact), fact)
    return {area: list(found.values()) for area, found in facts.items()}


def _fact(ref: EvidenceRef, force_id: str, indicator: IndicatorLookup, evidence: EvidenceLookup) -> EvidenceFact | None:
    if ref.kind is EvidenceKind.INDICATOR:
        from openpeel.formatting import comparable

        result = indicator(ref.id, ref.period)
        if result is None or result.comparison is None or not comparable(result.indicator):
            return None
        mine = result.comparison.of(force_id)
        if mine is None or mine.position is None:
            return None  # no position against the typical range: nothing to weigh
        return IndicatorFact(ref.id, mine.position, result.indicator.polarity.value, result.period)
    if ref.kind is EvidenceKind.AUDIT:
        found = evidence(ref)
        if found is None or not found.of:
            return None
        return AuditFact(ref.id, found.yes, found.of)
    return None  # survey statements are not weighed by the grading rule


def read_facts(
    store: Store, inspection: Inspection, settings: ComparisonSettings | None = None
) -> dict[Area, list[EvidenceFact]]:
    """:func:`facts_for` over a store: the audit results first, then the indicators.

    DuckDB allows one connection configuration per file in a process, so the evidence readers
    (their own connections) finish before the indicator backend opens the store.
    """
    from openpeel.assess import Assessor
    from openpeel.backends import duckdb_backend
    from openpeel.errors import UnknownName
    from openpeel.evidence import results_for
    from openpeel.indicators import catalogue

    force = inspection.force_id
    periods = {ref.period for f in inspection.findings for ref in f.evidence if ref.kind is EvidenceKind.AUDIT}
    found = {period: results_for(store, force, period=period) for period in {None, *periods}}

    def evidence(ref: EvidenceRef):
        return next((r for r in found.get(ref.period, ()) if r.kind == ref.kind.value and r.item == ref.id), None)

    backend = duckdb_backend(store)
    try:
        assessor = Assessor(backend, settings)

        def indicator(indicator_id: str, period: Period | None):
            try:
                ind = catalogue.get(indicator_id)
            except UnknownName:
                return None
            return assessor.result(ind, force, period)

        return facts_for(inspection, indicator, evidence)
    finally:
        backend.con.disconnect()
