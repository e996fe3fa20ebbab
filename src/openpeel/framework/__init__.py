"""The judgement layer: the PEEL framework as data, findings, and grades.

- :func:`load_framework` reads a framework file (``data/frameworks/<id>.yaml``): areas, grades,
  kinds of finding, grading rules.
- :func:`load_inspection` reads one inspection of a force (``data/inspections/*.yaml``): its
  findings with their evidence and recommendations, and the inspector's recorded grades.
- :class:`KnownEvidence` says which indicator, audit and survey ids exist.
- :func:`propose_grade` and :func:`judge` propose a grade per area from findings and evidence facts
  and set it beside the recorded grade; they never fill in a grade the inspector has not recorded.
"""

from openpeel.framework.definition import (
    FindingKindDefinition,
    Framework,
    FrameworkArea,
    GradeDefinition,
    RecommendationRule,
)
from openpeel.framework.errors import (
    FrameworkFileError,
    InputError,
    InspectionFileError,
    Problem,
)
from openpeel.framework.evidence_refs import EvidenceRef
from openpeel.framework.facts import (
    AuditFact,
    EvidenceFact,
    IndicatorFact,
    Polarity,
    Position,
)
from openpeel.framework.framework_loader import (
    DEFAULT_FRAMEWORK,
    UnknownFramework,
    available_frameworks,
    framework_path,
    load_framework,
)
from openpeel.framework.grading import Effect, Proposal, Reason, propose_grade
from openpeel.framework.grading_rules import GradingRules, load_rules_file
from openpeel.framework.inspection import (
    Finding,
    Inspection,
    PreviousInspection,
    Recommendation,
    RecordedGrade,
)
from openpeel.framework.inspection_loader import (
    default_force_ids,
    inspection_path,
    load_inspection,
)
from openpeel.framework.inspection_summary import summarise
from openpeel.framework.judgement import NOT_YET_DECIDED, AreaJudgement, judge
from openpeel.framework.known_evidence import KnownEvidence
from openpeel.framework.placeholders import (
    ASPECTS,
    Placeholder,
    fill,
    hand_typed_figures,
    scan,
)
from openpeel.framework.vocabulary import (
    EvidenceKind,
    FindingKind,
    FindingStatus,
    Grade,
)

__all__ = [
    "ASPECTS",
    "DEFAULT_FRAMEWORK",
    "NOT_YET_DECIDED",
    "AreaJudgement",
    "AuditFact",
    "Effect",
    "EvidenceFact",
    "EvidenceKind",
    "EvidenceRef",
    "Finding",
    "FindingKind",
    "FindingKindDefinition",
    "FindingStatus",
    "Framework",
    "FrameworkArea",
    "FrameworkFileError",
    "Grade",
    "GradeDefinition",
    "GradingRules",
    "IndicatorFact",
    "InputError",
    "Inspection",
    "InspectionFileError",
    "KnownEvidence",
    "Placeholder",
    "Polarity",
    "Position",
    "PreviousInspection",
    "Problem",
    "Proposal",
    "Reason",
    "Recommendation",
    "RecommendationRule",
    "RecordedGrade",
    "UnknownFramework",
    "available_frameworks",
    "default_force_ids",
    "fill",
    "framework_path",
    "hand_typed_figures",
    "inspection_path",
    "judge",
    "load_framework",
    "load_inspection",
    "load_rules_file",
    "propose_grade",
    "scan",
    "summarise",
]
