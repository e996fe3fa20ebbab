"""Workforce survey definitions, declared as data (``data/surveys/*.yaml``).

A survey has questions (the columns of a returns file, each with the answers it allows), role
groups respondents may belong to, and statements grouped by PEEL area. A statement is what a
report quotes: the share of those who answered a question who gave one of its ``agree`` answers.
Several statements may read one question (those planning to leave and those planning to stay
both come from the career-intentions question). The layout::

    id: peel-2025-workforce
    title: ...
    roles:
      investigator: Investigates crime
    scales:
      agreement: [strongly agree, agree, neither agree nor disagree, disagree, strongly disagree]
    questions:
      overtime_used: {text: ..., answers: agreement}
    areas:
      workforce:
        - id: workforce.overtime_used
          question: overtime_used
          text: ...
          agree: [strongly agree, agree]
          role: investigator            # optional: reported for this role group only
          higher_is_better: false       # optional: a higher share is bad news

The structure is the :class:`SurveyFile` model. What a report published for each statement is kept
apart (:mod:`openpeel.evidence.published`): it is what one report said about one force.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, ClassVar

import pyarrow as pa
from pydantic import BeforeValidator, StrictBool

from openpeel.areas import Area
from openpeel.evidence.result import DefinitionError
from openpeel.yamlfile import Document, NonBlank, Problems, Section, read, shown, validate

DEFAULT = "peel-2025-workforce"
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
STATEMENT_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")
RESERVED = ("respondent_id", "roles")  # columns the returns file uses for itself


# ---- the file's structure --------------------------------------------------------------------


def _scale_or_answers(value: Any) -> Any:
    if not isinstance(value, (str, list)):
        raise ValueError(f"must name a scale or list the answers, not {shown(value)}")
    return value


class QuestionSpec(Section):
    what: ClassVar[str] = "question"
    named_by_key: ClassVar[bool] = True
    text: NonBlank
    answers: Annotated[Any, BeforeValidator(_scale_or_answers)]  # a scale's name, or the answers themselves


class StatementEntry(Section):
    what: ClassVar[str] = "statement"
    id: NonBlank
    question: NonBlank
    text: NonBlank
    agree: list[Any]
    role: NonBlank | None = None
    higher_is_better: StrictBool = True


class SurveyFile(Section):
    what: ClassVar[str] = "the survey"
    id: NonBlank
    title: NonBlank
    roles: dict[str, NonBlank]
    scales: dict[str, list[Any]] = {}
    questions: dict[str, QuestionSpec]
    areas: dict[str, list[StatementEntry]]


# ---- what it gives ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SurveyQuestion:
    id: str
    text: str
    answers: tuple[str, ...]  # lower case


@dataclass(frozen=True)
class Statement:
    id: str
    question: str
    text: str
    area: Area
    agree: tuple[str, ...]
    role: str | None = None
    higher_is_better: bool = True
    line: int = 0


@dataclass(frozen=True)
class SurveyDefinition:
    id: str
    title: str
    roles: dict[str, str]
    questions: dict[str, SurveyQuestion]
    statements: tuple[Statement, ...]
    path: str

    def statement(self, statement_id: str) -> Statement:
        for s in self.statements:
            if s.id == statement_id:
                return s
        raise KeyError(f"survey {self.id} has no statement {statement_id!r}")

    def as_arrow(self) -> pa.Table:
        """The statements as a table, to count agreement inside the engine."""
        return pa.table(
            {
                "statement_id": [s.id for s in self.statements],
                "question": [s.question for s in self.statements],
                "agree": pa.array([list(s.agree) for s in self.statements], pa.list_(pa.string())),
                "s_position": list(range(len(self.statements))),
            }
        )


def shipped_path(name: str = DEFAULT) -> Path:
    return Path(str(resources.files("openpeel").joinpath(f"data/surveys/{name}.yaml")))


@cache
def _shipped(name: str) -> SurveyDefinition:
    return parse(shipped_path(name))


def load_survey_definition(path: str | Path | None = None) -> SurveyDefinition:
    """A survey definition from a YAML file; the shipped PEEL 2025 workforce survey by default."""
    return _shipped(DEFAULT) if path is None else parse(path)


def parse(path: str | Path, text: str | None = None) -> SurveyDefinition:
    """The survey in ``path`` (or in ``text``, named ``path``); raises :class:`DefinitionError`
    listing every problem, each with its line."""
    problems = Problems(path)
    document = read(path, problems, text=text)
    model = validate(document, SurveyFile, problems) if document is not None else None
    result = _Reader(document, problems).survey(model, path) if model is not None else None
    problems.raise_if_any(DefinitionError)
    assert result is not None
    return result


class _Reader:
    def __init__(self, document: Document, problems: Problems) -> None:
        self.document = document
        self.problems = problems

    def survey(self, model: SurveyFile, path) -> SurveyDefinition | None:
        self._names(model.roles, ("roles",), "role group")
        scales = {
            name: self._answers(value, ("scales", name), f"scale {name!r}") for name, value in model.scales.items()
        }
        questions = {}
        for qid, spec in model.questions.items():
            at = ("questions", qid)
            if not NAME.match(qid) or qid in RESERVED:
                self.problems.add(
                    self.document.key_line(at),
                    f"question id {qid!r} must be lower case letters, digits "
                    "and _ (and not respondent_id or roles, which the returns "
                    "file uses)",
                )
                continue
            if isinstance(spec.answers, str):
                if spec.answers not in scales:
                    self.problems.add(
                        self.document.line((*at, "answers")),
                        f"unknown scale {spec.answers!r} (scales: {', '.join(scales)})",
                    )
                    continue
                answers = scales[spec.answers]
            else:
                answers = self._answers(spec.answers, (*at, "answers"), f"the answers of {qid!r}")
            questions[qid] = SurveyQuestion(qid, spec.text, answers)
        statements = self._statements(model.areas, questions, model.roles)
        if self.problems:
            return None
        return SurveyDefinition(model.id, model.title, dict(model.roles), questions, tuple(statements), str(path))

    def _names(self, names: dict, at: tuple, what: str) -> None:
        for name in names:
            if not NAME.match(name):
                self.problems.add(
                    self.document.key_line((*at, name)), f"{what} id {name!r} must be lower case letters, digits and _"
                )

    def _answers(self, items: list, at: tuple, what: str) -> tuple[str, ...]:
        line = self.document.line(at)
        answers = []
        for index, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                self.problems.add(
                    self.document.line((*at, index)), f"an answer in {what} must be text, not {shown(item)}"
                )
                continue
            answers.append(item.strip().lower())
        if len(set(answers)) != len(answers):
            self.problems.add(line, f"{what} lists an answer twice")
        if any(";" in a for a in answers):
            self.problems.add(line, f"{what}: answers cannot contain ';'")
        return tuple(answers)

    def _statements(self, areas: dict[str, list[StatementEntry]], questions: dict, roles: dict) -> list[Statement]:
        statements: list[Statement] = []
        seen: dict[str, int] = {}
        for area_id, entries in areas.items():
            try:
                area = Area(area_id)
            except ValueError:
                self.problems.add(
                    self.document.key_line(("areas", area_id)),
                    f"unknown PEEL area {area_id!r} (known: {', '.join(a.value for a in Area)})",
                )
                continue
            for index, entry in enumerate(entries):
                at = ("areas", area_id, index)
                statement = self._statement(entry, at, area, questions, roles)
                if statement is None:
                    continue
                if statement.id in seen:
                    self.problems.add(
                        statement.line,
                        f"statement id {statement.id!r} is used twice (first on line {seen[statement.id]})",
                    )
                    continue
                seen[statement.id] = statement.line
                statements.append(statement)
        return statements

    def _statement(
        self, entry: StatementEntry, at: tuple, area: Area, questions: dict, roles: dict
    ) -> Statement | None:
        sid, line = entry.id, self.document.line(at)
        before = len(self.problems)
        if not STATEMENT_ID.match(sid):
            self.problems.add(
                self.document.line((*at, "id")),
                f"statement id {sid!r} must be lower case letters, digits, _ and one '.'",
            )
        question = questions.get(entry.question)
        if question is None:
            self.problems.add(
                self.document.line((*at, "question")), f"statement {sid} reads unknown question {entry.question!r}"
            )
        agree = self._answers(entry.agree, (*at, "agree"), f"the agree answers of {sid}")
        wrong = [a for a in agree if question is not None and a not in question.answers]
        if wrong:
            self.problems.add(
                self.document.line((*at, "agree")),
                f"statement {sid}: {', '.join(map(repr, wrong))} is not an answer to question "
                f"{entry.question} ({', '.join(question.answers)})",
            )
        if entry.role is not None and entry.role not in roles:
            self.problems.add(
                self.document.line((*at, "role")), f"unknown role group {entry.role!r} (roles: {', '.join(roles)})"
            )
        if len(self.problems) > before:
            return None
        return Statement(sid, entry.question, entry.text, area, agree, entry.role, entry.higher_is_better, line)
