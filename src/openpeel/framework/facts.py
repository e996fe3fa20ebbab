"""Evidence facts: the small summaries of indicators and audits that a grade proposal weighs.

The indicator engine and the audit evidence feed these in; the judgement layer needs nothing else
from them. An :class:`IndicatorFact` says where a force's value sits against the typical range of
forces and which direction is better; an :class:`AuditFact` says how many of the records examined
met the standard the audit question sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from openpeel.periods import Period


class Position(str, Enum):
    """Where a force's value sits against the typical range of forces."""

    BELOW = "below"
    WITHIN = "within"
    ABOVE = "above"


class Polarity(str, Enum):
    """Which direction of an indicator is better for the public."""

    HIGHER_BETTER = "higher_better"  # e.g. the share of 999 calls answered within 10 seconds
    HIGHER_WORSE = "higher_worse"  # e.g. the share of 101 calls abandoned
    NEUTRAL = "neutral"  # neither: e.g. the number of stop and searches per 1,000 people


@dataclass(frozen=True)
class IndicatorFact:
    indicator_id: str
    position: Position
    polarity: Polarity
    period: Period | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "position", Position(self.position))
        object.__setattr__(self, "polarity", Polarity(self.polarity))
        if isinstance(self.period, str):
            object.__setattr__(self, "period", Period.parse(self.period))

    @property
    def unfavourable(self) -> bool:
        """Outside the typical range on the side that is worse for the public."""
        return (self.polarity is Polarity.HIGHER_BETTER and self.position is Position.BELOW) or (
            self.polarity is Polarity.HIGHER_WORSE and self.position is Position.ABOVE
        )

    @property
    def favourable(self) -> bool:
        """Outside the typical range on the side that is better for the public."""
        return (self.polarity is Polarity.HIGHER_BETTER and self.position is Position.ABOVE) or (
            self.polarity is Polarity.HIGHER_WORSE and self.position is Position.BELOW
        )

    def __str__(self) -> str:
        return f"indicator:{self.indicator_id}" + (f"@{self.period.code()}" if self.period else "")


@dataclass(frozen=True)
class AuditFact:
    """``x`` of the ``y`` records examined for an audit question met its standard."""

    question_id: str
    x: int
    y: int

    def __post_init__(self) -> None:
        if self.y <= 0 or not 0 <= self.x <= self.y:
            raise ValueError(f"audit {self.question_id}: need 0 <= x <= y and y > 0, got {self.x} of {self.y}")

    @property
    def share(self) -> float:
        return self.x / self.y

    def __str__(self) -> str:
        return f"audit:{self.question_id}"


EvidenceFact = IndicatorFact | AuditFact
