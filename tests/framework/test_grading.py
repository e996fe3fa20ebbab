"""The grade proposal on small hand-made cases, and recorded-versus-proposed judgements."""

from __future__ import annotations

from dataclasses import replace

import pytest

from openpeel.areas import Area
from openpeel.framework import (
    AuditFact,
    Effect,
    Finding,
    FindingKind,
    FindingStatus,
    Grade,
    IndicatorFact,
    Inspection,
    RecordedGrade,
    judge,
    load_rules_file,
    propose_grade,
)
from openpeel.framework.errors import FrameworkFileError
from tests.framework.helpers import write_yaml


def finding(kind: FindingKind, n: int = 1, area: Area = Area.RESPONSE, status=FindingStatus.NEW) -> Finding:
    return Finding(
        id=f"{area.value}.{kind.value}_{n}",
        kind=kind,
        area=area,
        title=f"{kind.value} {n}",
        text="Some words.",
        status=status,
    )


AFI, COC, PRACTICE, MAIN = (
    FindingKind.AREA_FOR_IMPROVEMENT,
    FindingKind.CAUSE_OF_CONCERN,
    FindingKind.INNOVATIVE_PRACTICE,
    FindingKind.MAIN_FINDING,
)


@pytest.fixture
def rules(framework):
    return framework.grading


def test_cause_of_concern_means_inadequate_whatever_else(rules):
    findings = [finding(COC), finding(PRACTICE, 1), finding(PRACTICE, 2), finding(PRACTICE, 3)]
    proposal = propose_grade(Area.RESPONSE, findings, rules=rules)
    assert proposal.grade is Grade.INADEQUATE
    assert proposal.basis == "1 cause of concern: inadequate"
    assert [r.effect for r in proposal.reasons] == [Effect.CAUSE_OF_CONCERN, Effect.FOR, Effect.FOR, Effect.FOR]


@pytest.mark.parametrize(
    "improvements, grade",
    [
        (0, Grade.GOOD),
        (1, Grade.ADEQUATE),
        (2, Grade.ADEQUATE),
        (3, Grade.REQUIRES_IMPROVEMENT),
        (5, Grade.REQUIRES_IMPROVEMENT),
    ],
)
def test_number_of_areas_for_improvement(rules, improvements, grade):
    findings = [finding(MAIN)] + [finding(AFI, n) for n in range(improvements)]
    proposal = propose_grade(Area.RESPONSE, findings, rules=rules)
    assert proposal.grade is grade
    assert proposal.score == improvements


def test_resolved_findings_and_other_areas_are_not_counted(rules):
    findings = [
        finding(AFI, 1, status=FindingStatus.RESOLVED),
        finding(AFI, 2, area=Area.FRAUD),
        finding(COC, area=Area.CUSTODY),
        finding(MAIN),
    ]
    proposal = propose_grade(Area.RESPONSE, findings, rules=rules)
    assert proposal.grade is Grade.GOOD and proposal.score == 0
    assert [r.effect for r in proposal.reasons] == [Effect.NOT_COUNTED, Effect.NOT_COUNTED]
    assert "resolved since the previous inspection" in proposal.reasons[0].text


def test_indicators_count_against_only_on_the_unfavourable_side(rules):
    facts = [
        IndicatorFact("calls.emergency_answered_10s_share", "below", "higher_better", "ye-2026-01"),  # against
        IndicatorFact("calls.non_emergency_abandoned_share", "above", "higher_worse"),  # against
        IndicatorFact("stop_search.rate_per_1000", "above", "neutral"),  # not weighed
        IndicatorFact("outcomes.positive_share", "above", "higher_better"),  # strength
        IndicatorFact("asb.rate_per_1000", "within", "higher_worse"),  # not weighed
    ]
    proposal = propose_grade(Area.RESPONSE, [finding(MAIN)], facts, rules=rules)
    assert [r.effect for r in proposal.reasons[1:]] == [
        Effect.AGAINST,
        Effect.AGAINST,
        Effect.NOT_COUNTED,
        Effect.FOR,
        Effect.NOT_COUNTED,
    ]
    assert proposal.reasons[1].source == "indicator:calls.emergency_answered_10s_share@ye-2026-01"
    assert proposal.reasons[1].text == (
        "calls.emergency_answered_10s_share is below the typical range, where higher is better"
    )
    assert proposal.score == 2 and proposal.strengths == 1
    assert proposal.grade is Grade.ADEQUATE


def test_audit_results_below_threshold_from_large_enough_samples(rules):
    facts = [
        AuditFact("investigation.supervised", 62, 78),  # 79%: against, weight 0.5
        AuditFact("investigation.plan_completed", 56, 59),  # 95%: meets threshold
        AuditFact("investigation.victim_personal_statement", 9, 21),  # 43%: against
        AuditFact("stop_search.child_safeguarding_referral", 1, 5),
    ]  # too few records
    proposal = propose_grade(Area.INVESTIGATION, [], facts, rules=rules)
    assert [r.effect for r in proposal.reasons] == [
        Effect.AGAINST,
        Effect.NOT_COUNTED,
        Effect.AGAINST,
        Effect.NOT_COUNTED,
    ]
    assert proposal.reasons[0].text == "investigation.supervised: 62 of 78 (79%), below the threshold of 80%"
    assert proposal.score == 1.0
    assert proposal.grade is Grade.ADEQUATE


def test_outstanding_needs_no_weakness_and_enough_strengths(rules):
    practices = [finding(PRACTICE, n) for n in range(2)]
    favourable = IndicatorFact("calls.emergency_answered_10s_share", "above", "higher_better")
    assert propose_grade(Area.RESPONSE, practices, rules=rules).grade is Grade.GOOD
    assert propose_grade(Area.RESPONSE, practices, [favourable], rules=rules).grade is Grade.OUTSTANDING
    with_weakness = [*practices, finding(PRACTICE, 3), AuditFact("response.attended_on_target", 41, 56)]
    proposal = propose_grade(Area.RESPONSE, with_weakness[:3], with_weakness[3:], rules=rules)
    assert proposal.score == 0.5 and proposal.grade is Grade.GOOD


def test_nothing_to_propose_from(rules):
    proposal = propose_grade(Area.FRAUD, [], rules=rules)
    assert proposal.grade is None and proposal.reasons == ()


def test_thresholds_are_configurable(rules):
    findings = [finding(AFI, n) for n in range(2)]
    assert propose_grade(Area.RESPONSE, findings, rules=rules).grade is Grade.ADEQUATE
    stricter = replace(rules, requires_improvement_from=2)
    assert propose_grade(Area.RESPONSE, findings, rules=stricter).grade is Grade.REQUIRES_IMPROVEMENT


def test_rules_file_overrides_some_rules(tmp_path, rules):
    path = write_yaml(tmp_path, "rules.yaml", "grading:\n  audit_threshold: 0.9\n  requires_improvement_from: 4\n")
    loaded = load_rules_file(path, rules)
    assert (loaded.audit_threshold, loaded.requires_improvement_from, loaded.adequate_from) == (0.9, 4, 1)
    bad = write_yaml(tmp_path, "bad.yaml", "grading:\n  audit_threshold: 90\n  strictness: high\n")
    with pytest.raises(FrameworkFileError) as caught:
        load_rules_file(bad, rules)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (2, "grading rules: 'audit_threshold' must be between 0.0 and 1.0, not 90"),
        (
            3,
            "grading rules has an unknown field 'strictness' (expected one of: adequate_from, "
            "area_for_improvement_weight, audit_minimum_sample, audit_threshold, audit_weight, indicator_weight, "
            "outstanding_minimum_strengths, requires_improvement_from)",
        ),
    ]


def test_judge_never_fills_a_missing_grade(framework, tmp_path):
    findings = (finding(AFI, 1), finding(COC, area=Area.INVESTIGATION))
    recorded = (RecordedGrade(Area.RESPONSE, Grade.GOOD, "The improvement is nearly done.", "An inspector"),)
    inspection = Inspection(
        id="t",
        title="T",
        force_id="x",
        framework_id=framework.id,
        path=tmp_path / "t.yaml",
        findings=findings,
        grades=recorded,
    )
    by_area = {j.area: j for j in judge(inspection, framework)}
    response, investigation, fraud = by_area[Area.RESPONSE], by_area[Area.INVESTIGATION], by_area[Area.FRAUD]
    assert (response.recorded.grade, response.proposal.grade, response.differs, response.status) == (
        Grade.GOOD,
        Grade.ADEQUATE,
        True,
        "differs from proposal",
    )
    assert (investigation.recorded, investigation.proposal.grade, investigation.differs, investigation.status) == (
        None,
        Grade.INADEQUATE,
        None,
        "not yet decided",
    )
    assert (fraud.proposal.grade, fraud.status) == (None, "not yet decided")
    assert investigation.to_dict()["recorded"] is None


def test_judge_weighs_facts_given_per_area(framework, tmp_path):
    inspection = Inspection(
        id="t",
        title="T",
        force_id="x",
        framework_id=framework.id,
        path=tmp_path / "t.yaml",
        findings=(finding(MAIN),),
        grades=(),
    )
    fact = IndicatorFact("response.grade1_urban_on_target_share", "below", "higher_better")
    for key in (Area.RESPONSE, "response"):
        by_area = {j.area: j for j in judge(inspection, framework, facts={key: [fact]})}
        assert by_area[Area.RESPONSE].proposal.grade is Grade.ADEQUATE


def test_invalid_facts_are_refused():
    with pytest.raises(ValueError):
        AuditFact("a.b", 5, 4)
    with pytest.raises(ValueError):
        IndicatorFact("a.b", "beside", "neutral")
