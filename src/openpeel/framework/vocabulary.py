"""The fixed words of a PEEL judgement: grades, kinds of finding, a finding's history, evidence.

The framework file (one per framework year) gives each grade and kind its title and definition;
these enums are the ids it may use, so code can reason about them (a cause of concern makes an
area inadequate, grades have an order).
"""

from __future__ import annotations

from enum import Enum


class Grade(str, Enum):
    """The five graded judgments, best first."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    ADEQUATE = "adequate"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"

    @property
    def rank(self) -> int:
        """0 for outstanding up to 4 for inadequate: a higher rank is a worse grade."""
        return list(Grade).index(self)

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class FindingKind(str, Enum):
    """What a finding is, as the inspectorate's reports label their sections."""

    CAUSE_OF_CONCERN = "cause_of_concern"  # serious or critical shortfall; carries recommendations
    AREA_FOR_IMPROVEMENT = "area_for_improvement"  # something the force should do better
    INNOVATIVE_PRACTICE = "innovative_practice"  # new work others could learn from
    MAIN_FINDING = "main_finding"  # what the inspection found, neither a concern nor a practice

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class FindingStatus(str, Enum):
    """How a finding stands against the previous inspection of the same force."""

    NEW = "new"  # first raised in this inspection
    REMAINS = "remains"  # raised before and still not put right
    RESOLVED = "resolved"  # raised before and now put right


class EvidenceKind(str, Enum):
    """The three sorts of evidence a finding can rest on."""

    INDICATOR = "indicator"  # an indicator in the catalogue, for a period
    AUDIT = "audit"  # a question of an audit (case file review), as '<audit>.<question>'
    SURVEY = "survey"  # a statement of a survey (the workforce survey), by its id in the survey definition
