"""The shipped question set and survey, the demo's published results, and refusals of broken files."""

import pytest

from openpeel.areas import Area
from openpeel.demo import published
from openpeel.evidence import (
    DefinitionError,
    load_published_audits,
    load_published_survey,
    load_question_set,
    load_survey_definition,
    surveys,
)
from openpeel.evidence import questions as question_sets
from openpeel.periods import Period
from tests.conftest import seed_report_path

from .seed import AUDIT, AUDIT_FAILURES_ONLY, HEADCOUNT, RESPONSES, SURVEY

AUDITS = {
    "stop_search_records",
    "body_worn_video",
    "call_handling",
    "response",
    "investigation",
    "victim_care",
    "suspect_management",
    "missing_persons",
    "crime_recording",
    "safeguarding",
    "antisocial_behaviour",
    "fraud",
    "custody",
}
LATEST = Period.parse("2024-09:2025-08")


def test_the_demos_published_results_cover_every_audited_result_in_the_seed():
    qs, results = load_question_set(), published.audits()
    assert set(qs.audits) == AUDITS
    found = {
        q.id: results.for_question(q.id, LATEST if q.audit == "stop_search_records" else None) for q in qs.questions
    }
    assert {k: (p.yes, p.of) for k, p in found.items() if p.complete} == AUDIT
    assert {k: p.no for k, p in found.items() if not p.complete} == AUDIT_FAILURES_ONLY


def test_stop_search_results_keep_both_reviews_with_their_printed_intervals():
    latest, earlier = published.audits().results["stop_search_records.reasonable_grounds"]
    assert (latest.yes, latest.of, latest.percent, latest.period) == (67, 68, 98.5, Period.parse("ye-2025-08"))
    assert (latest.interval.method, latest.interval.level, latest.interval.half_width) == ("wald", 0.90, 2.4)
    assert (earlier.yes, earlier.of, earlier.period) == (180, 202, Period.parse("2022"))
    assert (earlier.interval.level, earlier.interval.half_width) == (0.95, 4.3)


def test_the_question_set_says_how_each_review_prints_its_interval():
    qs = load_question_set()
    grounds = "stop_search_records.reasonable_grounds"
    assert (qs.interval.method, qs.interval.level) == ("wald", 0.95)
    assert (qs.interval_for(grounds, LATEST).method, qs.interval_for(grounds, LATEST).level) == ("wald", 0.90)
    assert qs.interval_for(grounds, Period.parse("2022")).level == 0.95
    assert qs.interval_for("investigation.plan_completed", LATEST).level == 0.95
    # the printed intervals agree with the declared methods
    for ref in published.audits().results[grounds]:
        assert ref.interval.level == qs.interval_for(grounds, ref.period).level


def test_questions_are_grouped_by_area():
    qs = load_question_set()
    assert qs.question("investigation.plan_completed").area is Area.INVESTIGATION
    assert qs.question("victim_care.told_outcome").area is Area.INVESTIGATION
    assert qs.question("missing_persons.social_care_told").area is Area.SAFEGUARDING
    assert qs.question("body_worn_video.ethnicity_asked").area is Area.POWERS
    assert {q.area for q in qs.questions} == set(Area) - {Area.LEADERSHIP, Area.WORKFORCE}


def test_question_text_is_not_copied_from_the_seed():
    seed = seed_report_path().read_text(encoding="utf-8").lower()
    assert "northamptonshire" in seed
    qs, survey = load_question_set(), load_survey_definition()
    texts = (
        [q.text for q in qs.questions]
        + [s.text for s in survey.statements]
        + [q.text for q in survey.questions.values()]
    )
    assert texts
    for text in texts:
        assert len(text) > 15
        assert text.lower().rstrip("?.") not in seed


def test_the_demos_published_survey_covers_every_survey_figure_in_the_seed():
    survey, results = load_survey_definition(), published.survey()
    assert {
        s.id: (results.results[s.id].yes, results.results[s.id].of, results.results[s.id].percent)
        for s in survey.statements
    } == SURVEY
    assert (results.responses, results.headcount) == (RESPONSES, HEADCOUNT)
    assert survey.statement("fraud.not_trained").higher_is_better is False
    assert survey.statement("investigation.feedback_never").role == "investigator"


QUESTION_SET = """\
id: test
title: Test set
interval: {method: wald, level: 0.95}
period: "2025"
audits:
  investigation: Investigations
areas:
  investigation:
    investigation:
      - id: investigation.plan_completed
        text: Was there a plan?
        interval: {method: wald, level: 0.90}
"""


@pytest.mark.parametrize(
    "change, line, message",
    [
        (
            ("  investigation:\n    investigation:", "  policing:\n    investigation:"),
            8,
            "unknown PEEL area 'policing'",
        ),
        (("    investigation:\n      - id", "    investigations:\n      - id"), 9, "unknown audit 'investigations'"),
        (
            (
                "        interval: {method: wald, level: 0.90}\n",
                "        interval: {method: wald, level: 0.90}\n"
                "      - id: investigation.plan_completed\n        text: Again?\n",
            ),
            13,
            "question id 'investigation.plan_completed' is used twice (first on line 10)",
        ),
        (
            ("        text: Was there a plan?\n", "        text: Was there a plan?\n        txet: typo\n"),
            12,
            "question investigation.plan_completed has an unknown field 'txet' (expected one of: asked_when, id, "
            "interval, subset_of, text)",
        ),
        (
            ("id: investigation.plan_completed", "id: custody.plan_completed"),
            10,
            "question id 'custody.plan_completed' must read 'investigation.<name>'",
        ),
        (("title: Test set\n", "title: Test set\ntitle: Again\n"), 3, "'title' is given twice (first on line 2)"),
        (('period: "2025"', 'period: "last year"'), 4, "cannot read period 'last year'"),
        (
            ("text: Was there a plan?", "text: [Was there a plan?"),
            12,
            "malformed YAML: while parsing a flow sequence (begun on line 11) did not find expected ',' or ']'",
        ),
        (
            ("{method: wald, level: 0.90}", "{method: normal, level: 0.90}"),
            12,
            "interval: unknown method 'normal' (known: wald, wilson, exact)",
        ),
        (
            ("{method: wald, level: 0.90}", "{method: wald, level: 90}"),
            12,
            "interval: 'level' must be between 0.5 and 0.999, not 90",
        ),
        (("    investigation:\n      - id", "    investigation: Was there a plan?\n      - id"), 10, "malformed YAML"),
    ],
)
def test_broken_question_sets_are_refused_naming_file_and_line(tmp_path, change, line, message):
    old, new = change
    assert old in QUESTION_SET
    path = tmp_path / "broken.yaml"
    path.write_text(QUESTION_SET.replace(old, new), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_question_set(path)
    assert f"broken.yaml:{line}: " in str(caught.value)
    assert message in str(caught.value)


def test_a_valid_minimal_set_loads():
    qs = question_sets.parse("inline.yaml", QUESTION_SET)
    assert [q.id for q in qs.questions] == ["investigation.plan_completed"]
    assert qs.period == Period.parse("2025")
    assert qs.interval_for("investigation.plan_completed").level == 0.90


RESULTS = """\
question_set: test
source: made up
results:
  investigation.plan_completed: {yes: 5, of: 6}
"""


@pytest.mark.parametrize(
    "old, new, line, message",
    [
        ("{yes: 5, of: 6}", "{yes: 7, of: 6}", 4, "published yes (7) is more than of (6)"),
        ("{yes: 5, of: 6}", "{yes: -1, of: 6}", 4, "'yes' must be between 0 and 1000000, not -1"),
        ("{yes: 5, of: 6}", "{of: 6}", 4, "gives 'of' without 'yes'"),
        (
            "investigation.plan_completed:",
            "investigation.plan_complete:",
            4,
            "'investigation.plan_complete' is not a question of test",
        ),
        ("question_set: test", "question_set: other", 1, "these results are for question set 'other', not 'test'"),
    ],
)
def test_broken_published_results_are_refused_naming_file_and_line(tmp_path, old, new, line, message):
    qs = question_sets.parse("inline.yaml", QUESTION_SET)
    path = tmp_path / "results.yaml"
    path.write_text(RESULTS.replace(old, new), encoding="utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_published_audits(path, qs)
    assert f"results.yaml:{line}: " in str(caught.value)
    assert message in str(caught.value)


def test_a_follow_up_questions_result_must_fit_the_question_it_follows(tmp_path):
    linked = question_sets.parse(
        "linked.yaml",
        QUESTION_SET
        + """\
      - id: investigation.plan_followed
        text: Was the plan followed?
        asked_when: {question: investigation.plan_completed, answer: yes}
""",
    )
    path = tmp_path / "results.yaml"
    path.write_text(RESULTS + "  investigation.plan_followed: {yes: 3, of: 4}\n", encoding="utf-8")
    with pytest.raises(DefinitionError, match=r"results.yaml:5: .*5 cases were, but its published result is of 4"):
        load_published_audits(path, linked)
    path.write_text(RESULTS + "  investigation.plan_followed: {yes: 3, of: 5}\n", encoding="utf-8")
    assert load_published_audits(path, linked).for_question("investigation.plan_followed").of == 5
    assert linked.question("investigation.plan_followed").asked_when == ("investigation.plan_completed", "yes")


def test_a_linked_question_must_name_a_question_of_its_audit(tmp_path):
    path = tmp_path / "linked.yaml"
    path.write_text(
        QUESTION_SET + "      - id: investigation.plan_followed\n        text: Was the plan followed?\n"
        "        subset_of: investigation.plan\n",
        encoding="utf-8",
    )
    with pytest.raises(
        DefinitionError,
        match=r"linked.yaml:13: question investigation.plan_followed refers to "
        r"'investigation.plan', which is not a question",
    ):
        load_question_set(path)


def test_published_survey_results_name_statements_of_the_survey(tmp_path):
    survey = surveys.parse("inline.yaml", SURVEY_TEXT)
    path = tmp_path / "results.yaml"
    text = "survey: mini\nsource: made up\nresponse: {responses: 10, headcount: 40}\nresults:\n  fraud.trained: {yes: 4, of: 9}\n"
    path.write_text(text, encoding="utf-8")
    assert load_published_survey(path, survey).results["fraud.trained"].of == 9
    path.write_text(
        text.replace("fraud.trained:", "fraud.training:").replace("headcount: 40", "headcount: lots"), encoding="utf-8"
    )
    with pytest.raises(DefinitionError) as caught:
        load_published_survey(path, survey)
    assert [(p.line, p.message) for p in caught.value.problems] == [
        (3, "published response: 'headcount' must be a whole number, not 'lots'")
    ]


SURVEY_TEXT = """\
id: mini
title: Mini survey
# a comment where the source was
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
    assert f"survey.yaml:{line}: " in str(caught.value)
    assert message in str(caught.value)


def test_bare_yes_and_no_stay_answers_not_booleans():
    survey = surveys.parse("inline.yaml", SURVEY_TEXT)
    assert survey.questions["trained"].answers == ("yes", "no")
    assert survey.statement("fraud.trained").agree == ("yes",)
