"""Published results: what an inspection report printed for audit questions and survey statements.

They are not part of a question set or a survey definition (those say what is asked, for any
force); they are what one report said about one force. The calibrated demo keeps the seed report's
results in its own data (``openpeel/demo/data/``) and synthesises cases and returns that reproduce
them; tests check they still do. A results file for audits::

    question_set: peel-2025                 # the question set the ids belong to
    source: the report the results come from
    results:
      investigation.plan_completed: {yes: 56, of: 59}
      stop_search_records.reasonable_grounds:          # one mapping, or a list (one per review)
        - {yes: 67, of: 68, percent: 98.5, period: "2024-09:2025-08",
           interval: {method: wald, level: 0.90, half_width: 2.4}}
      custody.mental_health_reviews_done: {no: 2, note: only the failures were given}

and for a survey, the response besides (``response: {responses: 472, headcount: 2793, closed:
2025-10-24}``) and one result per statement, under ``survey:`` instead of ``question_set:``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, ClassVar

from pydantic import BeforeValidator, model_validator

from openpeel.evidence.questions import QuestionSet
from openpeel.evidence.result import DefinitionError
from openpeel.evidence.surveys import SurveyDefinition
from openpeel.periods import Period
from openpeel.stats import METHODS
from openpeel.yamlfile import (
    Day,
    Document,
    NonBlank,
    PeriodValue,
    Problems,
    Section,
    Text,
    number,
    one_or_many,
    read,
    validate,
)

MAX_COUNT = 1_000_000  # far above any audit sample or workforce; a count beyond it is a typing slip
Count = number(minimum=0, maximum=MAX_COUNT, whole=True)


# ---- the files' structure --------------------------------------------------------------------


class IntervalEntry(Section):
    what: ClassVar[str] = "the printed interval"
    method: NonBlank
    level: number(minimum=0.0, maximum=1.0)
    half_width: number(minimum=0.0)  # in percentage points, as printed

    @model_validator(mode="after")
    def _known_method(self) -> IntervalEntry:
        if self.method not in METHODS:
            raise ValueError(f"unknown interval method {self.method!r} ({', '.join(METHODS)})")
        if not 0 < self.level < 1:
            raise ValueError(f"level must be between 0 and 1, got {self.level}")
        return self


class ResultEntry(Section):
    """'yes of of' as printed; or, where a report gave only the cases that failed, just ``no``."""

    what: ClassVar[str] = "published result"
    yes: Count | None = None
    of: Count | None = None
    no: Count | None = None
    percent: number(minimum=0.0, maximum=100.0) | None = None
    period: PeriodValue | None = None
    role: Text | None = None
    interval: IntervalEntry | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> ResultEntry:
        if self.of is not None:
            if self.yes is None:
                raise ValueError("gives 'of' without 'yes'")
            if self.yes > self.of:
                raise ValueError(f"published yes ({self.yes}) is more than of ({self.of})")
            if self.no is not None and self.no != self.of - self.yes:
                raise ValueError(f"published no ({self.no}) is not of - yes ({self.of - self.yes})")
        elif self.no is None or self.yes is not None:
            raise ValueError("needs 'yes' and 'of' (or only 'no' when the report gave just the cases that failed)")
        return self


class AuditResultsFile(Section):
    what: ClassVar[str] = "published audit results"
    question_set: NonBlank
    source: NonBlank
    results: dict[str, Annotated[list[ResultEntry], BeforeValidator(one_or_many)]]


class ResponseEntry(Section):
    what: ClassVar[str] = "published response"
    responses: Count
    headcount: Count
    closed: Day | None = None  # the day the survey closed


class SurveyResultsFile(Section):
    what: ClassVar[str] = "published survey results"
    survey: NonBlank
    source: NonBlank
    response: ResponseEntry
    results: dict[str, ResultEntry]


# ---- what they give --------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedInterval:
    method: str
    level: float
    half_width: float  # in percentage points, as printed


@dataclass(frozen=True)
class Published:
    """'x of y' as printed; or, where a report gave only the cases that failed, just ``no``."""

    yes: int | None
    of: int | None
    no: int | None = None
    period: Period | None = None
    role: str | None = None
    interval: PublishedInterval | None = None
    note: str | None = None
    line: int = 0
    percent: float | None = None  # the percentage as printed, which may not be yes / of rounded

    @property
    def complete(self) -> bool:
        return self.yes is not None and self.of is not None

    @property
    def failures(self) -> int | None:
        return self.of - self.yes if self.complete else self.no

    def count(self, answer: str) -> int | None:
        """How many cases had this answer ('yes' or 'no')."""
        return self.yes if answer == "yes" else self.failures

    def describe(self) -> str:
        if not self.complete:
            return f"{self.no} not met (sample size not published)"
        return f"{self.yes / self.of:.1%} ({self.yes} of {self.of})" if self.of else "0 of 0"


@dataclass(frozen=True)
class PublishedAudits:
    """A report's audit results, by question id, in the order of the question set."""

    question_set: str
    source: str
    results: dict[str, tuple[Published, ...]]

    def for_question(self, question_id: str, period: Period | None = None) -> Published | None:
        """The result for a period (the only one, when the period is not given)."""
        found = self.results.get(question_id, ())
        matches = [p for p in found if period is None or p.period == period]
        return matches[0] if len(matches) == 1 or (matches and period is not None) else None


@dataclass(frozen=True)
class PublishedSurvey:
    """A report's survey response and its result for each statement, in the survey's order."""

    survey: str
    source: str
    responses: int
    headcount: int
    closed: date | None
    results: dict[str, Published]


def load_published_audits(path: str | Path, question_set: QuestionSet) -> PublishedAudits:
    """Audit results from a file, checked against ``question_set``: every id one of its questions, and
    a follow-up or subgroup question's result fitting the result of the question it depends on."""
    problems = Problems(path)
    document = read(path, problems)
    model = validate(document, AuditResultsFile, problems) if document is not None else None
    published = None
    if model is not None:
        if model.question_set != question_set.id:
            problems.add(
                document.line(("question_set",)),
                f"these results are for question set {model.question_set!r}, not {question_set.id!r}",
            )
        known = {q.id for q in question_set.questions}
        for qid in model.results:
            if qid not in known:
                problems.add(document.key_line(("results", qid)), f"{qid!r} is not a question of {question_set.id}")
        results = {
            q.id: tuple(
                _published(entry, document, ("results", q.id, i)) for i, entry in enumerate(model.results[q.id])
            )
            for q in question_set.questions
            if q.id in model.results
        }
        published = PublishedAudits(model.question_set, model.source, results)
        _check_links(published, question_set, problems)
    problems.raise_if_any(DefinitionError)
    assert published is not None
    return published


def load_published_survey(path: str | Path, survey: SurveyDefinition) -> PublishedSurvey:
    """Survey results from a file, checked against ``survey``: every id one of its statements, each
    result complete ('yes' and 'of')."""
    problems = Problems(path)
    document = read(path, problems)
    model = validate(document, SurveyResultsFile, problems) if document is not None else None
    published = None
    if model is not None:
        if model.survey != survey.id:
            problems.add(
                document.line(("survey",)), f"these results are for survey {model.survey!r}, not {survey.id!r}"
            )
        known = {s.id for s in survey.statements}
        for sid, entry in model.results.items():
            if sid not in known:
                problems.add(document.key_line(("results", sid)), f"{sid!r} is not a statement of {survey.id}")
            elif entry.yes is None or entry.of is None:
                problems.add(document.line(("results", sid)), f"the published result of {sid} needs 'yes' and 'of'")
        results = {
            s.id: _published(model.results[s.id], document, ("results", s.id))
            for s in survey.statements
            if s.id in model.results
        }
        response = model.response
        published = PublishedSurvey(
            model.survey, model.source, response.responses, response.headcount, response.closed, results
        )
    problems.raise_if_any(DefinitionError)
    assert published is not None
    return published


def _published(entry: ResultEntry, document: Document, at: tuple) -> Published:
    interval = entry.interval
    return Published(
        entry.yes,
        entry.of,
        entry.no if entry.of is None else entry.of - entry.yes,
        entry.period,
        entry.role,
        PublishedInterval(interval.method, interval.level, interval.half_width) if interval else None,
        entry.note,
        document.line(at),
        entry.percent,
    )


def _check_links(published: PublishedAudits, question_set: QuestionSet, problems: Problems) -> None:
    """A follow-up question is asked of exactly the cases its trigger selects, and a subgroup's result
    fits inside its parent's; a report's figures that break this could not come from one set of cases."""
    for q in question_set.questions:
        parent_id = q.asked_when[0] if q.asked_when else q.subset_of
        if parent_id is None:
            continue
        for ref in published.results.get(q.id, ()):
            theirs = published.for_question(parent_id, ref.period)
            if not (ref.complete and theirs and theirs.complete):
                continue
            if q.asked_when and theirs.count(q.asked_when[1]) != ref.of:
                problems.add(
                    ref.line,
                    f"question {q.id} is asked when {parent_id} is {q.asked_when[1]!r}, which "
                    f"{theirs.count(q.asked_when[1])} cases were, but its published result is of {ref.of}",
                )
            if q.subset_of and (ref.yes > theirs.yes or ref.of - ref.yes > theirs.failures):
                problems.add(
                    ref.line,
                    f"question {q.id} is a subgroup of {parent_id} ({theirs.describe()}) but its "
                    f"published result {ref.describe()} does not fit inside it",
                )
