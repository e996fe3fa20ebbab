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

from openpeel.framework.errors import Problems
from openpeel.framework.vocabulary import EvidenceKind
from openpeel.framework.yaml_lines import YamlMap, check_keys, text_field
from openpeel.periods import Period, PeriodError

EVIDENCE_ID = re.compile(r"[a-z0-9_]+(\.[a-z0-9_]+)+")


@dataclass(frozen=True)
class EvidenceRef:
    kind: EvidenceKind
    id: str
    period: Period | None = None
    line: int = field(default=0, compare=False)

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.id}" + (f"@{self.period.code()}" if self.period else "")


def read_evidence_ref(item: YamlMap, problems: Problems, *, what: str) -> EvidenceRef | None:
    """One reference from its mapping; None (with problems recorded) if it is not usable."""
    kinds = [k for k in EvidenceKind if k.value in item]
    check_keys(item, problems, what=what, optional=[k.value for k in EvidenceKind] + ["period"])
    if len(kinds) != 1:
        problems.add(item.line, f"{what} must name exactly one of indicator, audit or survey")
        return None
    kind = kinds[0]
    evidence_id = text_field(item, kind.value, problems, what=what)
    if evidence_id is None:
        problems.add(item.line_of(kind.value), f"{what} has an empty {kind.value} id")
        return None
    if not EVIDENCE_ID.fullmatch(evidence_id):
        problems.add(item.line_of(kind.value),
                     f"{what}: {kind.value} id {evidence_id!r} must be dotted lower-case words, such as 'area.name'")
        return None
    period = None
    raw_period = text_field(item, "period", problems, what=what)
    if raw_period is not None:
        try:
            period = Period.parse(raw_period)
        except PeriodError as exc:
            problems.add(item.line_of("period"), f"{what}: {exc}")
            return None
    return EvidenceRef(kind, evidence_id, period, item.line)
