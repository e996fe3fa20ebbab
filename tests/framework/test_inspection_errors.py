"""Inspection files that must be refused, each problem named by file and line, nothing half-loaded."""

from __future__ import annotations

import pytest

from openpeel.framework import FindingStatus, InspectionFileError, KnownEvidence, load_inspection
from tests.framework.conftest import SMALL_INSPECTION, SMALL_KNOWN
from tests.framework.helpers import line_of, write_yaml


def _load(tmp_path, text: str, known: KnownEvidence = SMALL_KNOWN, **options):
    path = write_yaml(tmp_path, "inspection.yaml", text)
    return path, load_inspection(path, known=known, **options)


def _refused(tmp_path, old: str, new: str, known: KnownEvidence = SMALL_KNOWN, **options):
    assert old in SMALL_INSPECTION, old
    path = write_yaml(tmp_path, "inspection.yaml", SMALL_INSPECTION.replace(old, new, 1))
    with pytest.raises(InspectionFileError) as caught:
        load_inspection(path, known=known, **options)
    error = caught.value
    assert all(p.path == path for p in error.problems)
    assert str(path) in str(error)
    return path, error


def test_the_small_inspection_loads(tmp_path):
    _, inspection = _load(tmp_path, SMALL_INSPECTION)
    assert [f.id for f in inspection.findings] == ["investigation.outcomes", "response.attendance"]
    concern = inspection.finding("investigation.outcomes")
    assert concern.status is FindingStatus.REMAINS and concern.previous == ("investigation.outcomes",)
    assert concern.recommendations[0].months == 6
    assert [str(r) for r in concern.evidence] == [
        "indicator:outcomes.positive_share@ye-2025-09",
        "audit:investigation.plan_completed",
    ]
    assert inspection.recorded_grade("investigation").decided_by == "Test inspector"
    assert inspection.recorded_grade("response") is None


def test_cause_of_concern_without_recommendation(tmp_path):
    old = """    recommendations:
      - months: 6
        text: Allocate investigations to capable teams.
"""
    path, error = _refused(tmp_path, old, "")
    assert [p.line for p in error.problems] == [line_of(path, "- id: investigation.outcomes")]
    assert "cause of concern needs at least one recommendation" in error.problems[0].message


def test_recommendation_without_deadline(tmp_path):
    path, error = _refused(tmp_path, "      - months: 6\n        text: Allocate", "      - text: Allocate")
    assert [p.line for p in error.problems] == [line_of(path, "- text: Allocate")]
    assert "has no 'months'" in error.problems[0].message


def test_recommendation_on_an_area_for_improvement(tmp_path):
    old = "        period: ye-2025-12\n"
    path, error = _refused(tmp_path, old, old + "    recommendations:\n      - {months: 3, text: Hurry.}\n")
    assert error.problems[0].line == line_of(path, "recommendations:", 2)
    assert "carries no recommendations" in error.problems[0].message


def test_unknown_area(tmp_path):
    path, error = _refused(tmp_path, "    area: response", "    area: responding")
    assert [p.line for p in error.problems] == [line_of(path, "area: responding")]
    assert "unknown area 'responding'" in error.problems[0].message


def test_unknown_kind(tmp_path):
    path, error = _refused(tmp_path, "kind: area_for_improvement", "kind: concern")
    assert [p.line for p in error.problems] == [line_of(path, "kind: concern")]
    assert "unknown kind 'concern'" in error.problems[0].message


def test_unknown_force(tmp_path):
    path, error = _refused(tmp_path, "force: northamptonshire-demo", "force: northamptonshire-dem0")
    assert [p.line for p in error.problems] == [line_of(path, "force: northamptonshire-dem0")]
    assert "unknown force 'northamptonshire-dem0'" in error.problems[0].message
    assert "did you mean northamptonshire-demo" in error.problems[0].message


def test_known_forces_can_be_given(tmp_path):
    text = SMALL_INSPECTION.replace("force: northamptonshire-demo", "force: testshire")
    _, inspection = _load(tmp_path, text, forces={"testshire"})
    assert inspection.force_id == "testshire"


def test_unknown_evidence_id_with_an_explicit_resolver(tmp_path):
    path, error = _refused(
        tmp_path, "      - audit: investigation.plan_completed", "      - audit: investigation.plan_complete"
    )
    assert [p.line for p in error.problems] == [line_of(path, "- audit: investigation.plan_complete")]
    assert (
        "unknown audit id 'investigation.plan_complete' (did you mean investigation.plan_completed?)"
        in error.problems[0].message
    )


def test_evidence_of_an_unchecked_sort_is_accepted(tmp_path):
    text = SMALL_INSPECTION.replace("audit: investigation.plan_completed", "audit: investigation.anything").replace(
        "{audit:investigation.plan_completed}", "{audit:investigation.anything}"
    )
    _, inspection = _load(
        tmp_path,
        text,
        known=KnownEvidence.of(indicators={"outcomes.positive_share", "response.grade1_urban_on_target_share"}),
    )
    assert "audit:investigation.anything" in {str(r) for r in inspection.evidence()}


def test_placeholder_referring_to_evidence_not_listed(tmp_path):
    path, error = _refused(
        tmp_path,
        "{indicator:response.grade1_urban_on_target_share}",
        "{indicator:response.grade1_rural_on_target_share}",
    )
    assert [p.line for p in error.problems] == [line_of(path, "{indicator:response.grade1_rural_on_target_share}")]
    assert "refers to evidence not listed on it" in error.problems[0].message


def test_placeholder_with_a_period_not_listed(tmp_path):
    path, error = _refused(
        tmp_path, "{indicator:outcomes.positive_share}", "{indicator:outcomes.positive_share@ye-2024-09}"
    )
    assert [p.line for p in error.problems] == [line_of(path, "@ye-2024-09}")]
    assert "names period ye-2024-09" in error.problems[0].message


def test_placeholder_ambiguous_between_periods(tmp_path):
    old = "        period: ye-2025-09\n"
    extra = "      - indicator: outcomes.positive_share\n        period: ye-2024-09\n"
    path, error = _refused(tmp_path, old, old + extra)
    assert [p.line for p in error.problems] == [line_of(path, "{indicator:outcomes.positive_share}")]
    assert "ambiguous" in error.problems[0].message


def test_malformed_placeholder(tmp_path):
    path, error = _refused(tmp_path, "{indicator:outcomes.positive_share}", "{indicator:outcomes.positive_share|mean}")
    assert "unknown aspect 'mean'" in error.problems[0].message
    assert error.problems[0].line == line_of(path, "|mean}")


def test_figure_typed_by_hand(tmp_path):
    path, error = _refused(tmp_path, "of outcomes were positive", "of outcomes were positive (11.2 percent)")
    assert [p.line for p in error.problems] == [line_of(path, "11.2 percent")]
    assert "figure '11.2' typed by hand" in error.problems[0].message


def test_duplicate_finding_id(tmp_path):
    path, error = _refused(tmp_path, "- id: response.attendance", "- id: investigation.outcomes")
    second = line_of(path, "- id: investigation.outcomes", 2)
    assert [p.line for p in error.problems] == [second]
    assert f"first given on line {line_of(path, '- id: investigation.outcomes')}" in error.problems[0].message


def test_remains_needs_a_previous_inspection(tmp_path):
    old = """  previous:
    id: small-2023
    title: The previous small inspection
"""
    path, error = _refused(tmp_path, old, "")
    assert [p.line for p in error.problems] == [line_of(path, "status: remains")]


def test_recorded_grade_needs_rationale_and_decider(tmp_path):
    path, error = _refused(tmp_path, "    decided_by: Test inspector\n", "")
    assert [p.line for p in error.problems] == [line_of(path, "grade: inadequate")]
    assert "has no 'decided_by'" in error.problems[0].message


def test_grade_for_unknown_area(tmp_path):
    path, error = _refused(tmp_path, "grades:\n  investigation:", "grades:\n  investigating:")
    assert [p.line for p in error.problems] == [line_of(path, "investigating:")]


def test_misspelt_field(tmp_path):
    path, error = _refused(
        tmp_path, "    evidence:\n      - indicator: response", "    evidense:\n      - indicator: response"
    )
    assert [p.line for p in error.problems] == [line_of(path, "evidense:")]
    assert "unknown field 'evidense'" in error.problems[0].message


def test_malformed_yaml(tmp_path):
    path, error = _refused(tmp_path, "    title: Attend on time", "    title: [Attend on time")
    assert len(error.problems) == 1 and error.problems[0].message.startswith("malformed YAML")
    assert error.problems[0].line >= line_of(path, "[Attend on time")


def test_every_problem_is_reported_and_nothing_is_returned(tmp_path):
    text = (
        SMALL_INSPECTION.replace("    area: response", "    area: responding")
        .replace("kind: cause_of_concern", "kind: concern")
        .replace("force: northamptonshire-demo", "force: nowhere")
    )
    path = write_yaml(tmp_path, "inspection.yaml", text)
    with pytest.raises(InspectionFileError) as caught:
        load_inspection(path, known=SMALL_KNOWN)
    lines = [p.line for p in caught.value.problems]
    assert lines == sorted(
        [line_of(path, "force: nowhere"), line_of(path, "kind: concern"), line_of(path, "area: responding")]
    )
    assert str(caught.value).startswith(f"3 problems in {path}")


def test_missing_file(tmp_path):
    with pytest.raises(InspectionFileError, match="no such file"):
        load_inspection(tmp_path / "absent.yaml", known=SMALL_KNOWN)


@pytest.mark.parametrize(
    "sentence",
    [
        "Investigators say plans were completed in {audit:investigation.plan_completed} cases.",
        "Of respondents, {audit:investigation.plan_completed} had completed plans.",
        "Managers told us that plans were completed in {audit:investigation.plan_completed} cases.",
    ],
)
def test_a_sentence_reporting_what_people_said_cites_only_survey_evidence(tmp_path, sentence):
    old = "completed in {audit:investigation.plan_completed} cases."
    path, error = _refused(tmp_path, old, "completed. " + sentence)
    (problem,) = error.problems
    assert problem.line == line_of(path, "{audit:investigation.plan_completed}", 1)
    assert (
        "{audit:investigation.plan_completed} is audit evidence in a sentence that reports what people said"
        in problem.message
        and "may cite only survey evidence" in problem.message
    )


def test_the_same_figure_in_a_sentence_of_its_own_is_accepted(tmp_path):
    text = SMALL_INSPECTION.replace(
        "completed in {audit:investigation.plan_completed} cases.",
        "completed in {audit:investigation.plan_completed} cases. Investigators said planning is rushed.",
    )
    _, inspection = _load(tmp_path, text)
    assert "Investigators said planning is rushed." in inspection.finding("investigation.outcomes").text
    # a full stop inside a placeholder's dotted id does not end the sentence
    from openpeel.framework import scan
    from openpeel.framework.wording import sentences

    body = "Only {indicator:outcomes.positive_share} were positive. Staff say so."
    assert [body[a:b].strip() for a, b in sentences(body, scan(body)[0])] == [
        "Only {indicator:outcomes.positive_share} were positive.",
        "Staff say so.",
    ]


def test_a_figure_next_to_999_is_refused(tmp_path):
    old = "Urgent incidents were attended on target in {indicator:response.grade1_urban_on_target_share}."
    new = "The force took {indicator:response.grade1_urban_on_target_share} 999 calls."
    path, error = _refused(tmp_path, old, new)
    (problem,) = error.problems
    assert problem.line == line_of(path, "999 calls")
    assert "stands next to '999', so the two read as one number" in problem.message
    fixed = SMALL_INSPECTION.replace(
        old, "The force took {indicator:response.grade1_urban_on_target_share} emergency (999) calls."
    )
    _load(tmp_path, fixed)
