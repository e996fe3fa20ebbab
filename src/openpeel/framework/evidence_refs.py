"""References from a finding to the evidence it rests on.

In a findings file each reference is a small mapping naming one piece of evidence::

    - indicator: stop_search.rate_per_1000
      period: ye-2025-03           # optional: the period the figure is for
    - audit: investigation.plan_completed
    - survey: workforce.manager_builds_trust

Ids are dotted lower-case words: an indicator id from the catalogue, an audit question as
``<audit>.<question>`` and a survey statement by the id its survey definition gives it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar

from pydantic import model_validator

from openpeel.framework.vocabulary import EvidenceKind
from openpeel.periods import Period
from openpeel.yamlfile import PeriodValue, Section, Text

EVIDENCE_ID = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)+")


@dataclass(frozen=True)
class EvidenceRef:
    kind: EvidenceKind
    id: str
    period: Period | None = None
    line: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.id}" + (f"@{self.period.code()}" if self.period else "")


class EvidenceEntry(Section):
    """One reference as written in a findings file: exactly one of indicator, audit or survey."""

    what: ClassVar[str] = "evidence reference"
    indicator: Text | None = None
    audit: Text | None = None
    survey: Text | None = None
    period: PeriodValue | None = None

    @model_validator(mode="after")
    def _one_id(self) -> EvidenceEntry:
        given = [kind for kind in EvidenceKind if getattr(self, kind.value) is not None]
        if len(given) != 1:
            raise ValueError("must name exactly one of indicator, audit or survey")
        value = getattr(self, given[0].value)
        if not value:
            raise ValueError(f"has an empty {given[0].value} id")
        if not EVIDENCE_ID.fullmatch(value):
            raise ValueError(f"{given[0].value} id {value!r} must be dotted lower-case words, such as 'area.name'")
        return self

    def ref(self, line: int = 0) -> EvidenceRef:
        kind = next(kind for kind in EvidenceKind if getattr(self, kind.value) is not None)
        return EvidenceRef(kind, getattr(self, kind.value), self.period, line)
