"""The shipped PEEL 2025-27 framework file and the framework loader's validation."""

from __future__ import annotations

import pytest

from openpeel.areas import Area
from openpeel.framework.definition import RecommendationRule
from openpeel.framework.errors import FrameworkFileError
from openpeel.framework.framework_loader import (
    UnknownFramework,
    available_frameworks,
    framework_path,
    load_framework,
)
from openpeel.framework.vocabulary import FindingKind, Grade
from tests.framework.helpers import line_of, shipped_framework_text, write_yaml


def test_shipped_framework_has_nine_areas_and_five_grades():
    framework = load_framework("peel-2025-27")
    assert framework.id == "peel-2025-27"
    assert [a.id for a in framework.areas] == list(Area)
    assert [g.grade for g in framework.grades] == [
        Grade.OUTSTANDING,
        Grade.GOOD,
        Grade.ADEQUATE,
        Grade.REQUIRES_IMPROVEMENT,
        Grade.INADEQUATE,
    ]
    assert framework.area(Area.INVESTIGATION).title == "Investigating crime"
    assert all(len(a.characteristics_of_good) >= 4 for a in framework.areas)
    assert {k.kind for k in framework.finding_kinds} == set(FindingKind)
    assert framework.kind(FindingKind.CAUSE_OF_CONCERN).recommendations is RecommendationRule.REQUIRED
    assert framework.grading.requires_improvement_from == 3
    assert "999" in framework.numerals_allowed


def test_framework_by_path_equals_framework_by_id():
    assert load_framework(framework_path("peel-2025-27")) == load_framework()
    assert "peel-2025-27" in available_frameworks()


def test_unknown_framework_id_names_the_shipped_ones():
    with pytest.raises(UnknownFramework, match="peel-2025-27"):
        load_framework("peel-1999")


def test_another_year_is_just_another_file(tmp_path):
    text = shipped_framework_text().replace("id: peel-2025-27", "id: peel-2027-29")
    path = write_yaml(tmp_path, "peel-2027-29.yaml", text)
    assert load_framework(path).id == "peel-2027-29"


def _broken(tmp_path, old: str, new: str):
    text = shipped_framework_text()
    assert old in text
    path = write_yaml(tmp_path, "broken.yaml", text.replace(old, new, 1))
    with pytest.raises(FrameworkFileError) as caught:
        load_framework(path)
    return path, caught.value


def test_unknown_area_id_is_named_with_file_and_line(tmp_path):
    path, error = _broken(tmp_path, "- id: fraud", "- id: frawd")
    line = line_of(path, "- id: frawd")
    assert [(p.line, p.path) for p in error.problems] == [(line, path)]
    assert "unknown area id 'frawd'" in str(error) and f"{path}:{line}:" in str(error)


def test_missing_grade_is_an_error(tmp_path):
    path, error = _broken(tmp_path, "  - id: adequate\n", "  - id: good\n")
    messages = [p.message for p in error.problems]
    assert any("duplicate grade id 'good'" in m for m in messages)
    assert any("must define grade 'adequate'" in m for m in messages)
    assert min(p.line for p in error.problems) == line_of(path, "grades:")


def test_duplicate_area_id_names_both_lines(tmp_path):
    path, error = _broken(tmp_path, "- id: custody", "- id: leadership")
    first, second = line_of(path, "- id: leadership"), line_of(path, "- id: leadership", 2)
    assert len(error.problems) == 1 and error.problems[0].line == second
    assert f"first given on line {first}" in error.problems[0].message


def test_grading_rules_must_be_ordered(tmp_path):
    _, error = _broken(tmp_path, "requires_improvement_from: 3", "requires_improvement_from: 0.5")
    assert "must be greater than 'adequate_from'" in str(error)


def test_malformed_yaml_names_the_line(tmp_path):
    path = write_yaml(
        tmp_path,
        "bad.yaml",
        """
        id: x
        title: [unclosed
        grades: []
        """,
    )
    with pytest.raises(FrameworkFileError) as caught:
        load_framework(path)
    assert caught.value.problems[0].message.startswith("malformed YAML")
    assert caught.value.problems[0].line in (3, 4)


def test_missing_framework_file_is_an_error_not_a_crash(tmp_path):
    with pytest.raises(FrameworkFileError, match="no such file"):
        load_framework(tmp_path / "absent.yaml")
