"""The shipped question set and survey, and refusals of broken definition files."""

from pathlib import Path

import pytest

from openpeel.areas import Area
from openpeel.evidence import DefinitionError, load_question_set, load_survey_definition
from openpeel.evidence import questions as question_sets
from openpeel.evidence import surveys
from openpeel.periods import Period

from .seed import AUDIT, AUDIT_FAILURES_ONLY, HEADCOUNT, RESPONSES, SURVEY

SEED = Path("/work/shared/seed/000_440047dec6ca2f53.txt")
AUDITS = {"stop_search_records", "body_worn_video", "call_handling", "response", "investigation", "victim_care",
          "suspect_management", "missing_persons", "crime_recording", "safeguarding", "antisocial_behaviour",
          "fraud", "custody"}


def test_shipped_question_set_covers_every_audited_result_in_the_seed():
    qs = load_question_set()
    assert set(qs.audits) == AUDITS
    published = {q.id: q.published_for(Period.parse("2024-09:2025-08") if q.audit == "stop_search_records" else None)
                 for q in qs.questions}
    assert {k: (p.yes, p.of) for k, p in published.items() if p.complete} == AUDIT
    assert {k: p.no for k, p in published.items() if not p.complete} == AUDIT_FAILURES_ONLY


def test_stop_search_question_keeps_both_reviews_with_their_printed_intervals():
    question = load_question_set().question("stop_search_records.reasonable_grounds")
    latest, earlier = question.published
    assert (latest.yes, latest.of, latest.percent, latest.period) == (67, 68, 98.5, Period.parse("ye-2025-08"))
    assert (latest.interval.method, latest.interval.level, latest.interval.half_width) == ("wald", 0.90, 2.4)
    assert (earlier.yes, earlier.of, earlier.period) == (180, 202, Period.parse("2022"))
    assert (earlier.interval.level, earlier.interval.half_width) == (0.95, 4.3)


def test_questions_are_grouped_by_area():
    qs = load_question_set()
    assert qs.question("investigation.plan_completed").area is Area.INVESTIGATION
    assert qs.question("victim_care.told_outcome").area is Area.INVESTIGATION
    assert qs.question("missing_persons.social_care_told").area is Area.SAFEGUARDING
    assert qs.question("body_worn_video.ethnicity_asked").area is Area.POWERS
    assert {q.area for q in qs.questions} == set(Area) - {Area.LEADERSHIP, Area.WORKFORCE}


def test_question_text_is_not_copied_from_the_seed():
    if not SEED.exists():
        pytest.skip("the seed report is not on this machine")
    seed = SEED.read_text(encoding="utf-8").lower()
    qs, survey = load_question_set(), load_survey_definition()
    texts = [q.text for q in qs.questions] + [s.text for s in survey.statements] + [q.text for q in survey.questions.values()]
    for text in texts:
        assert len(text) > 15
        assert text.lower().rstrip("?.") not in seed


def test_shipped_survey_covers_every_survey_figure_in_the_seed():
    survey = load_survey_definition()
    assert {s.id: (s.published.yes, s.published.of, s.published.percent) for s in survey.statements} == SURVEY
    assert (survey.published.responses, survey.published.headcount) == (RESPONSES, HEADCOUNT)
    assert survey.statement("fraud.not_trained").higher_is_better is False
    assert survey.statement("investigation.feedback_never").role == "investigator"


QUESTION_SET = """\
id: test
title: Test set
source: made up
period: "2025"
audits:
  investigation: Investigations
areas:
  investigation:
    investigation:
      - id: investigation.plan_completed
        text: Was there a plan?
        published: {yes: 5, of: 6}
"""


@pytest.mark.parametrize(
    "change, line, message",
    [
        (("  investigation:\n    investigation:", "  policing:\n    investigation:"), 8, "unknown PEEL area 'policing'"),
        (("    investigation:\n      - id", "    investigations:\n      - id"), 9, "unknown audit 'investigations'"),
        (("        published: {yes: 5, of: 6}\n", "        published: {yes: 5, of: 6}\n      - id: investigation.plan_completed\n"
          "        text: Again?\n"), 13, "question id 'investigation.plan_completed' is used twice (first on line 10)"),
        (("{yes: 5, of: 6}", "{yes: 7, of: 6}"), 12, "published yes (7) is more than of (6)"),
        (("{yes: 5, of: 6}", "{yes: -1, of: 6}"), 12, "'yes' cannot be negative"),
        (("        text: Was there a plan?\n", "        text: Was there a plan?\n        txet: typo\n"), 12,
         "unknown key 'txet' in a question"),
        (("id: investigation.plan_completed", "id: custody.plan_completed"), 10,
         "question id 'custody.plan_completed' must read 'investigation.<name>'"),
        (("title: Test set\n", "title: Test set\ntitle: Again\n"), 3, "'title' is given twice (first on line 2)"),
        (('period: "2025"', 'period: "last year"'), 4, "cannot read period 'last year'"),
        (("text: Was there a plan?", "text: [Was there a plan?"), 11, "not valid YAML"),
    ],
)
def test_broken_question_sets_are_refused_naming_file_and_line(tmp_path, change, line, message):
    old, new = change
    assert old in QUESTION_SET
    path = tmp_path / "broken.yaml"
    path.write_text(QUESTION_SET.replace(old, new), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_question_set(path)
    assert f"broken.yaml, line {line}: " in str(caught.value)
    assert message in str(caught.value)


def test_a_follow_up_question_must_fit_the_question_it_follows(tmp_path):
    text = QUESTION_SET + """\
      - id: investigation.plan_followed
        text: Was the plan followed?
        asked_when: {question: investigation.plan_completed, answer: yes}
        published: {yes: 3, of: 4}
"""
    path = tmp_path / "linked.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"linked.yaml, line 16: .*5 cases were, but its published result is of 4"):
        load_question_set(path)
    path.write_text(text.replace("{yes: 3, of: 4}", "{yes: 3, of: 5}"), encoding="utf-8")
    assert load_question_set(path).question("investigation.plan_followed").asked_when == ("investigation.plan_completed", "yes")


def test_a_valid_minimal_set_loads():
    qs = question_sets.parse("inline.yaml", QUESTION_SET)
    assert [q.id for q in qs.questions] == ["investigation.plan_completed"]
    assert qs.period == Period.parse("2025")


SURVEY_TEXT = """\
id: mini
title: Mini survey
source: made up
roles:
  investigator: Investigates
scales:
  yes_no: [yes, no]
questions:
  trained:
    text: Were you trained?
    answers: yes_no
areas:
  fraud:
    - id: fraud.trained
      question: trained
      text: Trained in fraud
      agree: [yes]
      role: investigator
"""


@pytest.mark.parametrize(
    "old, new, line, message",
    [
        ("agree: [yes]", "agree: [maybe]", 17, "'maybe' is not an answer to question trained"),
        ("role: investigator", "role: detective", 18, "unknown role group 'detective'"),
        ("  fraud:\n", "  fraudulent:\n", 13, "unknown PEEL area 'fraudulent'"),
        ("question: trained", "question: training", 15, "reads unknown question 'training'"),
        ("answers: yes_no", "answers: yesno", 11, "unknown scale 'yesno'"),
    ],
)
def test_broken_surveys_are_refused_naming_file_and_line(tmp_path, old, new, line, message):
    path = tmp_path / "survey.yaml"
    path.write_text(SURVEY_TEXT.replace(old, new), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_survey_definition(path)
    assert f"survey.yaml, line {line}: " in str(caught.value)
    assert message in str(caught.value)


def test_bare_yes_and_no_stay_answers_not_booleans():
    survey = surveys.parse("inline.yaml", SURVEY_TEXT)
    assert survey.questions["trained"].answers == ("yes", "no")
    assert survey.statement("fraud.trained").agree == ("yes",)
