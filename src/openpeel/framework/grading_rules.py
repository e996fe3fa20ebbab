"""The numbers behind a proposed grade, kept as data.

The framework file carries the full set under ``grading:``; a separate rules file may override any
of them for one run (``openpeel grades --rules FILE``). ``docs/grading.md`` explains each.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import ClassVar

from openpeel.framework.errors import FrameworkFileError
from openpeel.yamlfile import Document, Problems, Section, number, read, validate


@dataclass(frozen=True)
class GradingRules:
    """Weights and thresholds for proposing a grade (a cause of concern always means inadequate)."""

    area_for_improvement_weight: float  # score added by each open area for improvement
    indicator_weight: float  # score added by each indicator on the unfavourable side of the typical range
    audit_weight: float  # score added by each audit result below ``audit_threshold``
    audit_threshold: float  # share (0-1) of records meeting the standard below which an audit result counts
    audit_minimum_sample: float  # audit results from fewer records than this never count
    adequate_from: float  # score at which the proposal drops from good to adequate
    requires_improvement_from: float  # score at which it drops to requires improvement
    outstanding_minimum_strengths: float  # strengths needed (with a score of 0) to propose outstanding


RULE_NAMES = tuple(f.name for f in fields(GradingRules))

Weight = number(minimum=0.0, maximum=1000.0)  # scores, weights and sample sizes; any more is a slip


class GradingSection(Section):
    """The ``grading:`` mapping of a framework or rules file; a rules file may give only some rules."""

    what: ClassVar[str] = "grading rules"
    area_for_improvement_weight: Weight | None = None
    indicator_weight: Weight | None = None
    audit_weight: Weight | None = None
    audit_threshold: number(minimum=0.0, maximum=1.0) | None = None
    audit_minimum_sample: Weight | None = None
    adequate_from: Weight | None = None
    requires_improvement_from: Weight | None = None
    outstanding_minimum_strengths: Weight | None = None


class RulesFile(Section):
    what: ClassVar[str] = "rules file"
    grading: GradingSection


def rules_from(
    section: GradingSection,
    document: Document,
    location: tuple,
    problems: Problems,
    *,
    base: GradingRules | None = None,
) -> GradingRules | None:
    """Rules from a validated ``grading:`` mapping; every rule is required unless ``base`` supplies it."""
    given = {name: value for name, value in section.model_dump().items() if value is not None}
    if base is None:
        for name in RULE_NAMES:
            if name not in given:
                problems.add(document.line(location), f"grading rules has no {name!r}")
        if len(given) < len(RULE_NAMES):
            return None
    rules = replace(base, **given) if base else GradingRules(**given)
    if rules.requires_improvement_from <= rules.adequate_from:
        problems.add(
            document.line(location), "grading rules: 'requires_improvement_from' must be greater than 'adequate_from'"
        )
        return None
    if rules.adequate_from <= 0:
        problems.add(
            document.line(location), "grading rules: 'adequate_from' must be above 0, or nothing could be good"
        )
        return None
    return rules


def load_rules_file(path: Path, base: GradingRules) -> GradingRules:
    """Rules from a YAML file whose ``grading:`` mapping overrides some of ``base``."""
    problems = Problems(path)
    document = read(path, problems)
    rules = None
    if document is not None:
        model = validate(document, RulesFile, problems)
        if model is not None:
            rules = rules_from(model.grading, document, ("grading",), problems, base=base)
    problems.raise_if_any(FrameworkFileError)
    assert rules is not None
    return rules
