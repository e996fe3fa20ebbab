"""The numbers behind a proposed grade, kept as data.

The framework file carries the full set under ``grading:``; a separate rules file may override any
of them for one run (``openpeel grades --rules FILE``). ``docs/grading.md`` explains each.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

from openpeel.framework.errors import FrameworkFileError, Problems
from openpeel.framework.yaml_lines import (
    YamlMap,
    check_keys,
    map_field,
    number_field,
    read_yaml,
)


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
_FRACTIONS = {"audit_threshold"}


def read_rules(mapping: YamlMap, problems: Problems, *, base: GradingRules | None = None) -> GradingRules | None:
    """Read rules from a ``grading:`` mapping; every rule is required unless ``base`` supplies it."""
    what = "grading rules"
    check_keys(mapping, problems, what=what, required=() if base else RULE_NAMES,
               optional=RULE_NAMES if base else ())
    values = {}
    for name in RULE_NAMES:
        value = number_field(mapping, name, problems, what=what, minimum=0.0,
                             maximum=1.0 if name in _FRACTIONS else None)
        if value is not None:
            values[name] = value
    if base is None and len(values) < len(RULE_NAMES):
        return None
    rules = replace(base, **values) if base else GradingRules(**values)
    if rules.requires_improvement_from <= rules.adequate_from:
        problems.add(mapping.line, "grading rules: 'requires_improvement_from' must be greater than 'adequate_from'")
        return None
    if rules.adequate_from <= 0:
        problems.add(mapping.line, "grading rules: 'adequate_from' must be above 0, or nothing could be good")
        return None
    return rules


def load_rules_file(path: Path, base: GradingRules) -> GradingRules:
    """Rules from a YAML file whose ``grading:`` mapping overrides some of ``base``."""
    path = Path(path)
    problems = Problems(path)
    document = read_yaml(path, problems)
    rules = None
    if document is not None:
        root = document.root
        if not isinstance(root, YamlMap):
            problems.add(1, "a rules file must be a mapping with a 'grading' section")
        else:
            check_keys(root, problems, what="rules file", required=("grading",))
            section = map_field(root, "grading", problems, what="rules file")
            if section is not None:
                rules = read_rules(section, problems, base=base)
    problems.raise_if_any(FrameworkFileError)
    assert rules is not None
    return rules
