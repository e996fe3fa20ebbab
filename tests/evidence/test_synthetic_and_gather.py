"""Synthetic cases reproduce the published results; results_for gathers evidence by area."""

import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pytest

from openpeel.areas import Area
from openpeel.demo import published
from openpeel.evidence import (
    audit_change,
    load_answers,
    load_question_set,
    load_survey,
    results_for,
    synthesise_answers,
    synthesise_survey,
)
from openpeel.periods import Period
from openpeel.store import Store

from .seed import AUDIT, SURVEY

LATEST, EARLIER = Period.parse("2024-09:2025-08"), Period.parse("2022")


@pytest.fixture(scope="module")
def answers():
    return synthesise_answers("northamptonshire", published.audits(), seed=7)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, answers):
    folder = tmp_path_factory.mktemp("gather")
    store = Store(folder / "evidence.duckdb")
    pacsv.write_csv(answers, folder / "answers.csv")
    load_answers(store, [folder / "answers.csv"])
    survey = synthesise_survey("northamptonshire", published.survey(), seed=7)
    pacsv.write_csv(survey.returns, folder / "returns.csv")
    load_survey(store, folder / "returns.csv", "northamptonshire", survey.headcount, closed=survey.closed)
    return store


def test_synthetic_answers_reproduce_every_published_result_exactly(loaded):
    latest = {
        r.item: (r.yes, r.of) for r in results_for(loaded, "northamptonshire", period=LATEST) if r.kind == "audit"
    }
    assert latest == AUDIT
    earlier = {r.item: (r.yes, r.of) for r in results_for(loaded, "northamptonshire", period=EARLIER)}
    assert earlier == {"stop_search_records.reasonable_grounds": (180, 202)}


def test_synthetic_stop_search_samples_reproduce_the_seeds_significant_improvement(loaded):
    change = audit_change(loaded, "northamptonshire", "stop_search_records.reasonable_grounds", EARLIER, LATEST)
    assert change.wording == "a statistically significant improvement"
    latest = next(
        r
        for r in results_for(loaded, "northamptonshire", "powers", LATEST)
        if r.item == "stop_search_records.reasonable_grounds"
    )
    assert latest.estimate(level=0.90).describe().startswith("98.5% (+/- 2.4 percentage points; 90% Wald")


def test_synthetic_data_is_marked_as_synthetic(answers, loaded):
    assert answers.schema.metadata[b"synthetic"] == b"true"
    assert pc.all(pc.starts_with(answers["case_reference"], "synthetic-")).as_py()
    assert set(answers["auditor"].to_pylist()) == {"openpeel synthetic"}
    assert all(r.synthetic for r in results_for(loaded, "northamptonshire"))
    survey = synthesise_survey("northamptonshire", published.survey())
    assert survey.returns.schema.metadata[b"synthetic"] == b"true"
    assert survey.returns["respondent_id"][0].as_py() == "synthetic-0001"


def test_synthesis_is_deterministic_and_depends_on_the_seed(answers):
    assert synthesise_answers("northamptonshire", published.audits(), seed=7).equals(answers)
    assert not synthesise_answers("northamptonshire", published.audits(), seed=8).equals(answers)
    again = [synthesise_survey("northamptonshire", published.survey(), seed=3).returns for _ in range(2)]
    assert again[0].equals(again[1])


def test_linked_questions_stay_consistent_case_by_case(answers):
    rows = answers.to_pylist()
    by_case = {}
    for row in rows:
        by_case.setdefault(row["case_reference"], {})[row["question_id"]] = row["answer"]
    for case in by_case.values():
        if "investigation.plan_followed" in case:
            assert (case["investigation.plan_followed"] != "not applicable") == (
                case["investigation.plan_completed"] == "yes"
            )
        if "suspect_management.rationale_recorded" in case:
            asked = case["suspect_management.rationale_recorded"] != "not applicable"
            assert asked == (case["suspect_management.arrested_or_interviewed"] == "no")
        if case.get("stop_search_records.reasonable_grounds_ethnic_minority", "not applicable") != "not applicable":
            assert (
                case["stop_search_records.reasonable_grounds_ethnic_minority"]
                == case["stop_search_records.reasonable_grounds"]
            )


def test_cases_fall_inside_the_review_period(answers):
    qs = load_question_set()
    dates = {
        d for d, a in zip(answers["date"].to_pylist(), answers["case_reference"].to_pylist()) if "-202201-" not in a
    }
    assert min(dates) >= qs.period.start.isoformat() and max(dates) <= qs.period.last_day.isoformat()


def test_results_for_gathers_audits_and_survey_by_area(loaded):
    investigation = results_for(loaded, "northamptonshire", area="investigation")
    assert {r.area for r in investigation} == {Area.INVESTIGATION}
    # the survey closed in October 2025, after the audits' review period
    assert {r.kind for r in results_for(loaded, "northamptonshire", "investigation", LATEST)} == {"audit"}
    assert {r.kind for r in results_for(loaded, "northamptonshire", "investigation", Period.parse("2025"))} == {
        "audit",
        "survey",
    }
    kinds = {r.item: r.kind for r in investigation}
    assert kinds["investigation.plan_completed"] == "audit"
    assert kinds["investigation.feedback_never"] == "survey"
    survey = {r.item: r for r in investigation if r.kind == "survey"}
    assert (
        survey["investigation.feedback_never"].evidence_id
        == "survey/northamptonshire/peel-2025-workforce/investigation.feedback_never/investigator"
    )
    assert survey["investigation.feedback_never"].describe() == "26.9% (32 of 119)"
    assert {r.item: (r.yes, r.of) for r in results_for(loaded, "northamptonshire", "workforce")} == {
        k: v[:2] for k, v in SURVEY.items() if k.startswith("workforce.")
    }


def test_evidence_ids_are_unique_and_stable(loaded):
    first = results_for(loaded, "northamptonshire")
    ids = [r.evidence_id for r in first]
    assert len(ids) == len(set(ids))
    assert ids == [r.evidence_id for r in results_for(loaded, "Northamptonshire Police")]
    order = [list(Area).index(r.area) for r in first]
    assert order == sorted(order)


def test_a_force_with_nothing_loaded_has_no_evidence(loaded):
    assert results_for(loaded, "city-of-london") == []
