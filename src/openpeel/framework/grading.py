"""Propose a grade for one area from its findings and evidence facts, with every reason listed.

The rule (``docs/grading.md``; weights and thresholds in :class:`GradingRules`):

1. An open cause of concern makes the proposal *inadequate*.
2. Otherwise a score is added up: each open area for improvement, each indicator outside the
   typical range on the unfavourable side, and each audit result below the threshold (from a large
   enough sample) adds its weight.
3. A score from ``requires_improvement_from`` proposes *requires improvement*; from
   ``adequate_from``, *adequate*; below that, *good*, or *outstanding* when the score is 0 and the
   strengths (innovative practices and indicators on the favourable side) reach
   ``outstanding_minimum_strengths``.

With no findings and no facts there is no proposal. The proposal is advice: the inspector records
the grade.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from openpeel.areas import Area
from openpeel.framework.facts import AuditFact, EvidenceFact, IndicatorFact, Polarity
from openpeel.framework.grading_rules import GradingRules
from openpeel.framework.inspection import Finding
from openpeel.framework.vocabulary import FindingKind, Grade


class Effect(str, Enum):
    """What a reason does to the proposal."""

    CAUSE_OF_CONCERN = "cause_of_concern"  # makes the area inadequate
    AGAINST = "against"  # adds to the score
    FOR = "for"  # a strength
    NOT_COUNTED = "not_counted"  # considered and left out, with the reason why


@dataclass(frozen=True)
class Reason:
    effect: Effect
    source: str  # the finding id, or the evidence as 'indicator:<id>@<period>' / 'audit:<id>'
    text: str
    weight: float = 0.0

    def to_dict(self) -> dict:
        return {"effect": self.effect.value, "source": self.source, "text": self.text, "weight": self.weight}


@dataclass(frozen=True)
class Proposal:
    area: Area
    grade: Grade | None  # None: nothing to propose from
    score: float
    strengths: int
    basis: str  # one sentence on how the grade follows from the score
    reasons: tuple[Reason, ...]

    def to_dict(self) -> dict:
        return {
            "grade": self.grade.value if self.grade else None,
            "score": self.score,
            "strengths": self.strengths,
            "basis": self.basis,
            "reasons": [r.to_dict() for r in self.reasons],
        }


def propose_grade(
    area: Area | str, findings: Iterable[Finding], facts: Iterable[EvidenceFact] = (), *, rules: GradingRules
) -> Proposal:
    """The grade the evidence points to for ``area`` (findings of other areas are ignored)."""
    area = Area(area)
    findings = [f for f in findings if f.area is area]
    facts = list(facts)
    reasons = [*_finding_reasons(findings, rules), *(_fact_reason(fact, rules) for fact in facts)]
    score = sum(r.weight for r in reasons if r.effect is Effect.AGAINST)
    strengths = sum(1 for r in reasons if r.effect is Effect.FOR)
    grade, basis = _grade_from(reasons, score, strengths, rules, has_evidence=bool(findings or facts))
    return Proposal(area, grade, score, strengths, basis, tuple(reasons))


def _finding_reasons(findings: list[Finding], rules: GradingRules) -> list[Reason]:
    reasons = []
    for finding in findings:
        if not finding.is_open:
            reasons.append(
                Reason(
                    Effect.NOT_COUNTED,
                    finding.id,
                    f"{finding.kind.label} resolved since the previous inspection: {finding.title}",
                )
            )
        elif finding.kind is FindingKind.CAUSE_OF_CONCERN:
            reasons.append(Reason(Effect.CAUSE_OF_CONCERN, finding.id, f"Cause of concern: {finding.title}"))
        elif finding.kind is FindingKind.AREA_FOR_IMPROVEMENT:
            carried = " (remains from the previous inspection)" if finding.status.value == "remains" else ""
            reasons.append(
                Reason(
                    Effect.AGAINST,
                    finding.id,
                    f"Area for improvement{carried}: {finding.title}",
                    rules.area_for_improvement_weight,
                )
            )
        elif finding.kind is FindingKind.INNOVATIVE_PRACTICE:
            reasons.append(Reason(Effect.FOR, finding.id, f"Innovative practice: {finding.title}"))
    main = sum(1 for f in findings if f.is_open and f.kind is FindingKind.MAIN_FINDING)
    if main:
        reasons.append(
            Reason(
                Effect.NOT_COUNTED,
                "main findings",
                f"{main} main finding{'s' if main != 1 else ''} give context and are not weighed",
            )
        )
    return reasons


_DIRECTION = {Polarity.HIGHER_BETTER: "higher is better", Polarity.HIGHER_WORSE: "higher is worse"}


def _fact_reason(fact: EvidenceFact, rules: GradingRules) -> Reason:
    if isinstance(fact, IndicatorFact):
        where = f"{fact.indicator_id} is {fact.position.value} the typical range"
        if fact.unfavourable:
            return Reason(
                Effect.AGAINST, str(fact), f"{where}, where {_DIRECTION[fact.polarity]}", rules.indicator_weight
            )
        if fact.favourable:
            return Reason(Effect.FOR, str(fact), f"{where}, where {_DIRECTION[fact.polarity]}")
        why = "neither direction is better" if fact.polarity is Polarity.NEUTRAL else "so it is not weighed"
        return Reason(Effect.NOT_COUNTED, str(fact), f"{where}; {why}")
    if isinstance(fact, AuditFact):
        result = f"{fact.x} of {fact.y} ({fact.share:.0%})"
        if fact.y < rules.audit_minimum_sample:
            return Reason(
                Effect.NOT_COUNTED,
                str(fact),
                f"{fact.question_id}: {result}, from fewer than {rules.audit_minimum_sample:g} records",
            )
        if fact.share < rules.audit_threshold:
            return Reason(
                Effect.AGAINST,
                str(fact),
                f"{fact.question_id}: {result}, below the threshold of {rules.audit_threshold:.0%}",
                rules.audit_weight,
            )
        return Reason(
            Effect.NOT_COUNTED,
            str(fact),
            f"{fact.question_id}: {result}, meets the threshold of {rules.audit_threshold:.0%}",
        )
    raise TypeError(f"not an evidence fact: {fact!r}")


def _grade_from(
    reasons: list[Reason], score: float, strengths: int, rules: GradingRules, *, has_evidence: bool
) -> tuple[Grade | None, str]:
    if not has_evidence:
        return None, "no findings or evidence facts for this area, so nothing to propose"
    concerns = sum(1 for r in reasons if r.effect is Effect.CAUSE_OF_CONCERN)
    if concerns:
        return Grade.INADEQUATE, f"{concerns} cause{'s' if concerns != 1 else ''} of concern: inadequate"
    if score >= rules.requires_improvement_from:
        return (
            Grade.REQUIRES_IMPROVEMENT,
            f"score {score:g} reaches {rules.requires_improvement_from:g}: requires improvement",
        )
    if score >= rules.adequate_from:
        return (
            Grade.ADEQUATE,
            f"score {score:g} reaches {rules.adequate_from:g} but not {rules.requires_improvement_from:g}: adequate",
        )
    if score == 0 and strengths >= rules.outstanding_minimum_strengths:
        return (
            Grade.OUTSTANDING,
            f"score 0 and {strengths} strengths (at least {rules.outstanding_minimum_strengths:g}): outstanding",
        )
    return Grade.GOOD, f"score {score:g} is below {rules.adequate_from:g}: good"
