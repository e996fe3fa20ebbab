"""Grades: the inspector's recorded grade, and a proposal that weighs the evidence behind it.

The findings of each area list their evidence; for every open finding this turns that evidence
into the facts the framework's :func:`~openpeel.framework.judge` weighs: where each indicator
sits against the typical range (with its polarity) and each audit's "x of y". The recorded grade
is always the one the report shows; the proposal only appears in the working papers, where it
differs.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.framework import (
    AreaJudgement,
    AuditFact,
    EvidenceFact,
    EvidenceKind,
    Framework,
    IndicatorFact,
    Inspection,
    judge,
)
from openpeel.report.evidence_values import Figures, indicator_or_none


def facts_for(inspection: Inspection, figures: Figures) -> dict[Area, list[EvidenceFact]]:
    facts: dict[Area, dict[str, EvidenceFact]] = {}
    for finding in inspection.findings:
        if not finding.is_open:
            continue  # a resolved finding records history; its evidence does not weigh now
        area_facts = facts.setdefault(finding.area, {})
        for ref in finding.evidence:
            fact = _fact(ref, figures)
            if fact is not None:
                area_facts.setdefault(str(fact), fact)
    return {area: list(found.values()) for area, found in facts.items()}


def _fact(ref, figures: Figures) -> EvidenceFact | None:
    if ref.kind is EvidenceKind.INDICATOR:
        ind = indicator_or_none(ref.id)
        result = figures.result(ref.id, ref.period) if ind else None
        mine = result.comparison.of(figures.force_id) if result and result.comparison else None
        if mine is None or mine.position is None:
            return None  # no position against the typical range: nothing to weigh
        return IndicatorFact(ref.id, mine.position, ind.polarity.value, result.period)
    if ref.kind is EvidenceKind.AUDIT:
        result = figures.evidence.result(ref.kind, ref.id, ref.period)
        if result is None or not result.of:
            return None
        return AuditFact(ref.id, result.yes, result.of)
    return None  # survey statements are not weighed by the grading rule


def judgements(inspection: Inspection, framework: Framework, figures: Figures) -> list[AreaJudgement]:
    return judge(inspection, framework, facts=facts_for(inspection, figures))
