"""A PEEL assessment framework as typed objects: areas, grades, kinds of finding, grading rules.

Built by :func:`openpeel.framework.framework_loader.load_framework` from one YAML file per framework
(``data/frameworks/<id>.yaml``); nothing here is specific to one framework year.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path

from openpeel.areas import Area
from openpeel.framework.grading_rules import GradingRules
from openpeel.framework.vocabulary import FindingKind, Grade


class RecommendationRule(str, Enum):
    """Whether findings of a kind carry recommendations."""

    REQUIRED = "required"  # at least one, each with a deadline
    OPTIONAL = "optional"
    NOT_ALLOWED = "not_allowed"


@dataclass(frozen=True)
class FrameworkArea:
    id: Area
    title: str
    characteristics_of_good: tuple[str, ...]


@dataclass(frozen=True)
class GradeDefinition:
    grade: Grade
    title: str
    definition: str


@dataclass(frozen=True)
class FindingKindDefinition:
    kind: FindingKind
    title: str
    description: str
    recommendations: RecommendationRule


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    path: Path
    areas: tuple[FrameworkArea, ...]  # in the order the framework lists them
    grades: tuple[GradeDefinition, ...]  # best first
    finding_kinds: tuple[FindingKindDefinition, ...]
    grading: GradingRules
    numerals_allowed: tuple[str, ...]  # names containing digits that finding text may use ("999", "PIP 2")

    def area(self, area: Area | str) -> FrameworkArea:
        for candidate in self.areas:
            if candidate.id == area:
                return candidate
        raise KeyError(f"framework {self.id} has no area {area!r}")

    def has_area(self, area: Area | str) -> bool:
        return any(candidate.id == area for candidate in self.areas)

    def grade(self, grade: Grade | str) -> GradeDefinition:
        for candidate in self.grades:
            if candidate.grade == grade:
                return candidate
        raise KeyError(f"framework {self.id} has no grade {grade!r}")

    def kind(self, kind: FindingKind | str) -> FindingKindDefinition:
        for candidate in self.finding_kinds:
            if candidate.kind == kind:
                return candidate
        raise KeyError(f"framework {self.id} has no kind of finding {kind!r}")

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "grades": [{"id": g.grade.value, "title": g.title, "definition": g.definition} for g in self.grades],
            "finding_kinds": [
                {
                    "id": k.kind.value,
                    "title": k.title,
                    "description": k.description,
                    "recommendations": k.recommendations.value,
                }
                for k in self.finding_kinds
            ],
            "areas": [
                {"id": a.id.value, "title": a.title, "characteristics_of_good": list(a.characteristics_of_good)}
                for a in self.areas
            ],
            "grading": asdict(self.grading),
            "numerals_allowed": list(self.numerals_allowed),
        }
