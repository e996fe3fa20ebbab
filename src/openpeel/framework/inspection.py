"""An inspection of one force as typed objects: its findings and the inspector's recorded grades.

Built by :func:`openpeel.framework.inspection_loader.load_inspection` from one YAML file per
inspection (format in ``docs/findings.md``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpeel.areas import Area
from openpeel.framework.evidence_refs import EvidenceRef
from openpeel.framework.placeholders import Placeholder, scan
from openpeel.framework.vocabulary import FindingKind, FindingStatus, Grade
from openpeel.periods import Period

_NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


@dataclass(frozen=True)
class Recommendation:
    text: str
    months: int  # the deadline: within this many months of publication
    line: int = field(default=0, compare=False)

    @property
    def deadline(self) -> str:
        """The deadline in words: 'within six months'."""
        count = _NUMBER_WORDS[self.months] if self.months < len(_NUMBER_WORDS) else str(self.months)
        return f"within {count} month{'s' if self.months != 1 else ''}"

    def due(self, published: Period) -> Period:
        """The month by which the recommendation is due, counted from the month of publication."""
        return Period.month(published.end.year, published.end.month).shift(self.months)


@dataclass(frozen=True)
class Finding:
    id: str
    kind: FindingKind
    area: Area
    title: str
    text: str
    evidence: tuple[EvidenceRef, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    status: FindingStatus = FindingStatus.NEW
    previous: tuple[str, ...] = ()  # ids of findings in the previous inspection this one follows on from
    line: int = field(default=0, compare=False)

    @property
    def placeholders(self) -> list[Placeholder]:
        return scan(self.text)[0]

    def evidence_for(self, placeholder: Placeholder) -> EvidenceRef:
        """The evidence reference a placeholder in this finding's text refers to (period included)."""
        for ref in self.evidence:
            if (
                ref.kind is placeholder.kind
                and ref.id == placeholder.id
                and (placeholder.period is None or ref.period == placeholder.period)
            ):
                return ref
        raise KeyError(f"finding {self.id} lists no evidence for {placeholder.raw}")

    @property
    def is_open(self) -> bool:
        """Whether the finding still stands (a resolved one records that an earlier one was put right)."""
        return self.status is not FindingStatus.RESOLVED


@dataclass(frozen=True)
class RecordedGrade:
    """The grade the inspector decided for an area, why, and who decided it."""

    area: Area
    grade: Grade
    rationale: str
    decided_by: str
    decided_on: date | None = None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class PreviousInspection:
    id: str
    title: str
    published: Period | None = None


@dataclass(frozen=True)
class Inspection:
    id: str
    title: str
    force_id: str
    framework_id: str
    path: Path
    findings: tuple[Finding, ...]
    grades: tuple[RecordedGrade, ...]  # only the areas decided so far
    summary: str | None = None
    fieldwork: Period | None = None
    published: Period | None = None
    previous: PreviousInspection | None = None
    inspector: str | None = None  # who signs the summary, e.g. 'Jo Bloggs, HM Inspector of Constabulary'

    def findings_in(self, area: Area | str) -> list[Finding]:
        return [f for f in self.findings if f.area == area]

    def finding(self, finding_id: str) -> Finding:
        for candidate in self.findings:
            if candidate.id == finding_id:
                return candidate
        raise KeyError(f"inspection {self.id} has no finding {finding_id!r}")

    def recorded_grade(self, area: Area | str) -> RecordedGrade | None:
        """The inspector's grade for ``area``, or None while it is not yet decided."""
        for recorded in self.grades:
            if recorded.area == area:
                return recorded
        return None

    def evidence(self) -> set[EvidenceRef]:
        """Every piece of evidence any finding rests on."""
        return {ref for finding in self.findings for ref in finding.evidence}
