"""Set each area's recorded grade beside the grade the evidence proposes (the working papers).

The recorded grade is the inspector's; the software never fills a missing one from its proposal.
An area with no recorded grade is reported as not yet decided.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from openpeel.areas import Area
from openpeel.framework.definition import Framework
from openpeel.framework.facts import EvidenceFact
from openpeel.framework.grading import Proposal, propose_grade
from openpeel.framework.grading_rules import GradingRules
from openpeel.framework.inspection import Inspection, RecordedGrade

NOT_YET_DECIDED = "not yet decided"


@dataclass(frozen=True)
class AreaJudgement:
    area: Area
    title: str
    recorded: RecordedGrade | None
    proposal: Proposal

    @property
    def decided(self) -> bool:
        return self.recorded is not None

    @property
    def differs(self) -> bool | None:
        """Whether the recorded grade differs from the proposal; None if either is missing."""
        if self.recorded is None or self.proposal.grade is None:
            return None
        return self.recorded.grade is not self.proposal.grade

    @property
    def status(self) -> str:
        if self.recorded is None:
            return NOT_YET_DECIDED
        if self.proposal.grade is None:
            return "decided; no proposal to compare"
        return "differs from proposal" if self.differs else "agrees with proposal"

    def to_dict(self) -> dict:
        recorded = self.recorded
        return {
            "area": self.area.value,
            "title": self.title,
            "recorded": None
            if recorded is None
            else {
                "grade": recorded.grade.value,
                "rationale": recorded.rationale,
                "decided_by": recorded.decided_by,
                "decided_on": recorded.decided_on.isoformat() if recorded.decided_on else None,
            },
            "status": self.status,
            "differs": self.differs,
            "proposed": self.proposal.to_dict(),
        }


def judge(
    inspection: Inspection,
    framework: Framework,
    *,
    facts: Mapping[Area, Iterable[EvidenceFact]] | None = None,
    rules: GradingRules | None = None,
) -> list[AreaJudgement]:
    """One judgement per area of the framework, in the framework's order."""
    rules = rules or framework.grading
    facts = {Area(area): list(area_facts) for area, area_facts in (facts or {}).items()}
    return [
        AreaJudgement(
            area.id,
            area.title,
            inspection.recorded_grade(area.id),
            propose_grade(area.id, inspection.findings_in(area.id), facts.get(area.id, ()), rules=rules),
        )
        for area in framework.areas
    ]
