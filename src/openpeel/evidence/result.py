"""One piece of evidence: an audit question's or a survey statement's "x of y" for a force."""

from __future__ import annotations

from dataclasses import dataclass

from openpeel.areas import Area
from openpeel.errors import OpenpeelError
from openpeel.periods import Period
from openpeel.stats import Estimate, proportion_interval
from openpeel.yamlfile import FileError


class EvidenceError(OpenpeelError, ValueError):
    """Evidence that cannot be given as asked (nothing loaded, unknown audit or role, ...)."""


class DefinitionError(FileError):
    """A question set, survey or published results file that cannot be used; each problem names the
    file and line."""


@dataclass(frozen=True)
class EvidenceResult:
    """``yes`` of ``of`` cases (or respondents), with what it is evidence for.

    ``evidence_id`` is stable: the same force, item, period and role always give the same id, so
    the report stage can cite a result and find it again. It reads
    ``audit/<force>/<question set>/<question>/<period>`` or
    ``survey/<force>/<survey>/<statement>[/<role group>]``.
    """

    evidence_id: str
    kind: str  # "audit" or "survey"
    force_id: str
    area: Area
    source: str  # the audit id, or the survey id
    item: str  # the question id, or the statement id
    text: str
    yes: int
    of: int
    excluded: int  # cases answered "not applicable", or respondents who left the statement blank
    period: Period | None
    role: str | None = None
    synthetic: bool = False
    higher_is_better: bool = True

    @property
    def proportion(self) -> float | None:
        return self.yes / self.of if self.of else None

    @property
    def reason(self) -> str | None:
        """Why there is no proportion, when there is none."""
        if self.of:
            return None
        return "no case it applied to" if self.kind == "audit" else "no respondent answered it"

    @property
    def result(self) -> str:
        return f"{self.yes} of {self.of}"

    def describe(self) -> str:
        """'73.2% (41 of 56)', the way reports quote audit and survey results."""
        if not self.of:
            return f"no result ({self.reason})"
        return f"{self.proportion:.1%} ({self.result})"

    def estimate(self, *, level: float = 0.95, method: str = "wald", population: int | None = None) -> Estimate:
        """The result as an estimate for everything the sample was drawn from."""
        if not self.of:
            raise EvidenceError(f"{self.item}: no estimate, {self.reason}")
        return proportion_interval(self.yes, self.of, level=level, method=method, population=population)

    def as_dict(self) -> dict:
        return {
            "evidence_id": self.evidence_id,
            "kind": self.kind,
            "force_id": self.force_id,
            "area": self.area.value,
            "source": self.source,
            "item": self.item,
            "text": self.text,
            "yes": self.yes,
            "of": self.of,
            "excluded": self.excluded,
            "proportion": self.proportion,
            "reason": self.reason,
            "result": self.describe(),
            "period": self.period.code() if self.period else None,
            "role": self.role,
            "synthetic": self.synthetic,
            "higher_is_better": self.higher_is_better,
        }
