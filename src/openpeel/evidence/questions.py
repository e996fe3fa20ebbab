"""Audit question sets, declared as data (``data/audits/*.yaml``).

A question set lists the audits inspectors carry out (a review of stop and search records, a
quality service review of investigations, ...) and, grouped by the PEEL area they are evidence for,
the questions each audit answers for every case. The layout (the :class:`QuestionSetFile` model)::

    id: peel-2025
    title: ...
    period: "2024-09:2025-08"         # review window assumed where a case's review gives none
    interval: {method: wald, level: 0.95}   # how a report prints an audit result's interval
    audits:
      investigation: Quality service review of investigations
    areas:
      investigation:                  # an openpeel.areas.Area id
        investigation:                # an audit declared above
          - id: investigation.plan_completed      # <audit>.<name>, never reused
            text: Was an investigation plan completed in line with national practice?
          - id: investigation.plan_followed
            text: ...
            asked_when: {question: investigation.plan_completed, answer: "yes"}
          - id: stop_search_records.reasonable_grounds
            text: ...
            interval:                 # a review that declared its own method, for its period
              - {period: "2024-09:2025-08", method: wald, level: 0.90}

Every question is worded so that "yes" is the good answer. ``asked_when`` says a question only
applies to cases where another was answered a certain way; ``subset_of`` says a question is the
same judgement as another, reported for a subgroup of its cases. Both are used when synthesising
cases and checked against published results (:mod:`openpeel.evidence.published`), which are kept
apart from the questions: they are what one report said about one force.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, ClassVar, Literal

import pyarrow as pa
from pydantic import BeforeValidator

from openpeel.areas import Area
from openpeel.evidence.result import DefinitionError
from openpeel.periods import Period
from openpeel.stats import METHODS
from openpeel.yamlfile import Document, NonBlank, PeriodValue, Problems, Section, number, one_or_many, read, validate

DEFAULT = "peel-2025"
QUESTION_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
AUDIT_ID = re.compile(r"^[a-z][a-z0-9_]*$")


# ---- the file's structure --------------------------------------------------------------------


class IntervalEntry(Section):
    """How a report prints the interval of an audit result: method and confidence level."""

    what: ClassVar[str] = "interval"
    method: Literal[METHODS]  # type: ignore[valid-type]
    level: number(minimum=0.5, maximum=0.999)
    period: PeriodValue | None = None  # the review it applies to, where a question's reviews differ


class AskedWhen(Section):
    what: ClassVar[str] = "'asked_when'"
    question: NonBlank
    answer: Literal["yes", "no"]


class QuestionEntry(Section):
    what: ClassVar[str] = "question"
    id: NonBlank
    text: NonBlank
    asked_when: AskedWhen | None = None
    subset_of: NonBlank | None = None
    interval: Annotated[list[IntervalEntry], BeforeValidator(one_or_many)] = []


class QuestionSetFile(Section):
    what: ClassVar[str] = "the question set"
    id: NonBlank
    title: NonBlank
    period: PeriodValue
    interval: IntervalEntry = IntervalEntry(method="wald", level=0.95)
    audits: dict[str, NonBlank]
    areas: dict[str, dict[str, list[QuestionEntry]]]


# ---- what it gives ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IntervalMethod:
    method: str  # one of openpeel.stats.METHODS
    level: float
    period: Period | None = None


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    area: Area
    audit: str
    asked_when: tuple[str, str] | None = None  # (question id, answer)
    subset_of: str | None = None
    line: int = 0
    intervals: tuple[IntervalMethod, ...] = ()  # reviews of this question that declared their own method


@dataclass(frozen=True)
class QuestionSet:
    id: str
    title: str
    period: Period
    audits: dict[str, str]  # audit id -> title
    questions: tuple[Question, ...]
    path: str
    interval: IntervalMethod = IntervalMethod("wald", 0.95)  # how an audit interval is printed by default

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(f"question set {self.id} has no question {question_id!r}")

    def for_audit(self, audit: str) -> list[Question]:
        return [q for q in self.questions if q.audit == audit]

    def interval_for(self, question_id: str, period: Period | None = None) -> IntervalMethod:
        """The method and level to print an interval with: the question's own for the period (or its
        only one), else the set's."""
        try:
            own = self.question(question_id).intervals
        except KeyError:
            own = ()
        matches = [i for i in own if i.period is None or i.period == period]
        if period is None and len(own) == 1:
            matches = list(own)
        return matches[0] if matches else self.interval

    def as_arrow(self) -> pa.Table:
        """The questions as a table, to join with answers inside the engine."""
        return pa.table(
            {
                "question_id": [q.id for q in self.questions],
                "q_audit": [q.audit for q in self.questions],
                "q_area": [q.area.value for q in self.questions],
                "q_text": [q.text for q in self.questions],
                "q_position": list(range(len(self.questions))),
            }
        )


def shipped_path(name: str = DEFAULT) -> Path:
    return Path(str(resources.files("openpeel").joinpath(f"data/audits/{name}.yaml")))


@cache
def _shipped(name: str) -> QuestionSet:
    return parse(shipped_path(name))


def load_question_set(path: str | Path | None = None) -> QuestionSet:
    """A question set from a YAML file; the shipped PEEL 2025 set when no path is given."""
    return _shipped(DEFAULT) if path is None else parse(path)


def parse(path: str | Path, text: str | None = None) -> QuestionSet:
    """The question set in ``path`` (or in ``text``, named ``path``); raises :class:`DefinitionError`
    listing every problem, each with its line."""
    problems = Problems(path)
    document = read(path, problems, text=text)
    model = validate(document, QuestionSetFile, problems) if document is not None else None
    result = _question_set(model, document, path, problems) if model is not None else None
    problems.raise_if_any(DefinitionError)
    assert result is not None
    return result


def _question_set(model: QuestionSetFile, document: Document, path, problems: Problems) -> QuestionSet | None:
    for audit in model.audits:
        if not AUDIT_ID.match(audit):
            problems.add(
                document.key_line(("audits", audit)), f"audit id {audit!r} must be lower case letters, digits and _"
            )
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for area_id, by_audit in model.areas.items():
        try:
            area = Area(area_id)
        except ValueError:
            problems.add(
                document.key_line(("areas", area_id)),
                f"unknown PEEL area {area_id!r} (known: {', '.join(a.value for a in Area)})",
            )
            continue
        for audit, entries in by_audit.items():
            if audit not in model.audits:
                problems.add(
                    document.key_line(("areas", area_id, audit)),
                    f"unknown audit {audit!r} under area {area_id!r} (declared audits: {', '.join(model.audits)})",
                )
                continue
            for index, entry in enumerate(entries):
                at = ("areas", area_id, audit, index)
                line = document.line(at)
                if not QUESTION_ID.match(entry.id) or entry.id.split(".")[0] != audit:
                    problems.add(
                        document.line((*at, "id")),
                        f"question id {entry.id!r} must read '{audit}.<name>' (lower case letters, digits and _)",
                    )
                if entry.id in seen:
                    problems.add(line, f"question id {entry.id!r} is used twice (first on line {seen[entry.id]})")
                    continue
                seen[entry.id] = line
                asked_when = (entry.asked_when.question, entry.asked_when.answer) if entry.asked_when else None
                intervals = tuple(IntervalMethod(i.method, i.level, i.period) for i in entry.interval)
                questions.append(
                    Question(entry.id, entry.text, area, audit, asked_when, entry.subset_of, line, intervals)
                )
    _check_links(questions, problems)
    if problems:
        return None
    default = IntervalMethod(model.interval.method, model.interval.level)
    return QuestionSet(model.id, model.title, model.period, dict(model.audits), tuple(questions), str(path), default)


def _check_links(questions: list[Question], problems: Problems) -> None:
    """A linked question must be a question of the same audit."""
    by_id = {q.id: q for q in questions}
    for q in questions:
        parent_id = q.asked_when[0] if q.asked_when else q.subset_of
        if parent_id is None:
            continue
        parent = by_id.get(parent_id)
        if parent is None or parent.audit != q.audit:
            problems.add(
                q.line, f"question {q.id} refers to {parent_id!r}, which is not a question of audit {q.audit!r}"
            )
