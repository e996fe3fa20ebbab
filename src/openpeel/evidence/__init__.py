"""Evidence from inspection fieldwork: audits of cases and the workforce survey.

What is defined as data (``data/audits``, ``data/surveys``): the questions each audit asks, and
the survey's questions and the statements a report quotes from them, each with the PEEL area it
is evidence for. What one report published for them is kept apart (:mod:`.published`; the demo's
are in ``openpeel/demo/data``).

What a force or inspector supplies: case-level audit answers (:func:`load_answers`) and
respondent-level survey returns with the headcount (:func:`load_survey`), both checked in full
and loaded atomically.

What comes out: :class:`EvidenceResult` s, "x of y" with the area, a stable evidence id and the
period, from :func:`audit_results`, :func:`survey_results` and, for the report stage,
:func:`results_for`, which gathers everything for a force and area.

For the demo and tests, :func:`synthesise_answers` and :func:`synthesise_survey` build marked-up
synthetic data reproducing given published results exactly.
"""

from __future__ import annotations

from openpeel.areas import Area
from openpeel.evidence.answers import load_answers
from openpeel.evidence.audits import area_of, audit_change, audit_results
from openpeel.evidence.published import PublishedAudits, PublishedSurvey, load_published_audits, load_published_survey
from openpeel.evidence.questions import Question, QuestionSet, load_question_set
from openpeel.evidence.result import DefinitionError, EvidenceError, EvidenceResult
from openpeel.evidence.returns import load_survey
from openpeel.evidence.survey_results import SurveyResults, statement_results, survey_results
from openpeel.evidence.surveys import SurveyDefinition, load_survey_definition
from openpeel.evidence.synthetic import SyntheticSurvey, synthesise_answers, synthesise_survey
from openpeel.periods import Period
from openpeel.store import Store

__all__ = [
    "DefinitionError",
    "EvidenceError",
    "EvidenceResult",
    "PublishedAudits",
    "PublishedSurvey",
    "Question",
    "QuestionSet",
    "SurveyDefinition",
    "SurveyResults",
    "SyntheticSurvey",
    "audit_change",
    "audit_results",
    "load_answers",
    "load_published_audits",
    "load_published_survey",
    "load_question_set",
    "load_survey",
    "load_survey_definition",
    "results_for",
    "survey_results",
    "synthesise_answers",
    "synthesise_survey",
]


def results_for(
    store: Store,
    force: str,
    area: Area | str | None = None,
    period: Period | None = None,
    *,
    question_set: QuestionSet | None = None,
    survey: SurveyDefinition | None = None,
) -> list[EvidenceResult]:
    """All the evidence for a force, optionally for one PEEL area and period, ordered by area.

    Audit results count the cases in the period; a survey counts when it closed in the period.
    Each survey statement is given for the role group it is reported for.
    """
    area = area_of(area)
    found = audit_results(store, force, area=area, period=period, question_set=question_set)
    for result in statement_results(store, force, survey=survey):
        if (area is None or result.area == area) and (period is None or period.contains(result.period)):
            found.append(result)
    order = list(Area)
    return sorted(found, key=lambda r: (order.index(r.area), r.kind))
