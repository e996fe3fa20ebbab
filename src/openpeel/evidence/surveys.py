"""Workforce survey definitions, declared as data (``data/surveys/*.yaml``).

A survey has questions (the columns of a returns file, each with the answers it allows), role
groups respondents may belong to, and statements grouped by PEEL area. A statement is what a
report quotes: the share of those who answered a question who gave one of its ``agree`` answers.
Several statements may read one question (those planning to leave and those planning to stay
both come from the career-intentions question). The layout::

    id: peel-2025-workforce
    title: ...
    source: the report the published results come from
    published: {responses: 472, headcount: 2793, closed: 2025-10-24}
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
          published: {yes: 318, of: 472}
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path

import pyarrow as pa

from openpeel.areas import Area
from openpeel.evidence import published as pub
from openpeel.evidence.published import Published
from openpeel.evidence.yamlfile import (
    DefinitionError,
    Node,
    check,
    known_keys,
    read,
    require,
)

DEFAULT = "peel-2025-workforce"
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
STATEMENT_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$")
STATEMENT_KEYS = {"id", "question", "text", "agree", "role", "higher_is_better", "published"}


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
    published: Published | None = None
    line: int = 0


@dataclass(frozen=True)
class PublishedResponse:
    responses: int
    headcount: int
    closed: date | None = None  # the day the survey closed


@dataclass(frozen=True)
class SurveyDefinition:
    id: str
    title: str
    source: str
    roles: dict[str, str]
    questions: dict[str, SurveyQuestion]
    statements: tuple[Statement, ...]
    published: PublishedResponse | None
    path: str

    def statement(self, statement_id: str) -> Statement:
        for s in self.statements:
            if s.id == statement_id:
                return s
        raise KeyError(f"survey {self.id} has no statement {statement_id!r}")

    def as_arrow(self) -> pa.Table:
        """The statements as a table, to count agreement inside the engine."""
        return pa.table({
            "statement_id": [s.id for s in self.statements],
            "question": [s.question for s in self.statements],
            "agree": pa.array([list(s.agree) for s in self.statements], pa.list_(pa.string())),
            "s_position": list(range(len(self.statements))),
        })


@cache
def _shipped(name: str) -> SurveyDefinition:
    resource = resources.files("openpeel").joinpath(f"data/surveys/{name}.yaml")
    return parse(f"data/surveys/{name}.yaml", resource.read_text(encoding="utf-8"))


def load_survey_definition(path: str | Path | None = None) -> SurveyDefinition:
    """A survey definition from a YAML file; the shipped PEEL 2025 workforce survey by default."""
    if path is None:
        return _shipped(DEFAULT)
    return parse(path, Path(path).read_text(encoding="utf-8"))


def parse(path: str | Path, text: str) -> SurveyDefinition:
    root = read(path, text)
    known_keys(root, {"id", "title", "source", "published", "roles", "scales", "questions", "areas"}, path, "a survey")
    survey_id = require(root, "id", str, path, "the survey")
    roles = _names(require(root, "roles", Node, path, "the survey"), path, "role group")
    scales = {}
    if "scales" in root:
        node = check(root["scales"], Node, path, root.line_of("scales"), "'scales'")
        scales = {name: _answers(value, path, node.line_of(name), f"scale {name!r}") for name, value in node.items()}
    questions = {}
    node = require(root, "questions", Node, path, "the survey")
    for qid, spec in node.items():
        line = node.line_of(qid)
        if not isinstance(qid, str) or not NAME.match(qid) or qid in ("respondent_id", "roles"):
            raise DefinitionError(path, line, f"question id {qid!r} must be lower case letters, digits and _ "
                                              "(and not respondent_id or roles, which the returns file uses)")
        spec = check(spec, Node, path, line, f"question {qid!r}")
        known_keys(spec, {"text", "answers"}, path, f"question {qid!r}")
        answers = require(spec, "answers", (str, list), path, f"question {qid!r}")
        if isinstance(answers, str):
            if answers not in scales:
                raise DefinitionError(path, spec.line_of("answers"), f"unknown scale {answers!r} (scales: {', '.join(scales)})")
            answers = scales[answers]
        else:
            answers = _answers(answers, path, spec.line_of("answers"), f"the answers of {qid!r}")
        questions[qid] = SurveyQuestion(qid, require(spec, "text", str, path, f"question {qid!r}").strip(), answers)
    statements = _statements(require(root, "areas", Node, path, "the survey"), questions, roles, path)
    published = None
    if "published" in root:
        node = check(root["published"], Node, path, root.line_of("published"), "'published'")
        known_keys(node, {"responses", "headcount", "closed"}, path, "the published response")
        closed = _date(node["closed"], path, node.line_of("closed")) if "closed" in node else None
        published = PublishedResponse(require(node, "responses", int, path, "'published'"),
                                      require(node, "headcount", int, path, "'published'"), closed)
    return SurveyDefinition(survey_id, require(root, "title", str, path, "the survey"),
                            require(root, "source", str, path, "the survey"), roles, questions,
                            tuple(statements), published, str(path))


def _date(value, path, line: int) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DefinitionError(path, line, f"{value!r} is not a date like 2025-10-24") from None


def _names(node: Node, path, what: str) -> dict[str, str]:
    for name, title in node.items():
        if not isinstance(name, str) or not NAME.match(name):
            raise DefinitionError(path, node.line_of(name), f"{what} id {name!r} must be lower case letters, digits and _")
        check(title, str, path, node.line_of(name), f"the description of {what} {name!r}")
    return dict(node)


def _answers(value, path, line: int, what: str) -> tuple[str, ...]:
    items = check(value, list, path, line, what)
    answers = tuple(check(a, str, path, line, f"an answer in {what}").strip().lower() for a in items)
    if len(set(answers)) != len(answers):
        raise DefinitionError(path, line, f"{what} lists an answer twice")
    if any(";" in a for a in answers):
        raise DefinitionError(path, line, f"{what}: answers cannot contain ';'")
    return answers


def _statements(areas: Node, questions: dict, roles: dict, path) -> list[Statement]:
    statements: list[Statement] = []
    seen: dict[str, int] = {}
    for area_id, items in areas.items():
        line = areas.line_of(area_id)
        try:
            area = Area(area_id)
        except ValueError:
            raise DefinitionError(path, line, f"unknown PEEL area {area_id!r} (known: {', '.join(a.value for a in Area)})") from None
        for item in check(items, list, path, line, f"the statements of area {area_id!r}"):
            node = check(item, Node, path, line, "a statement")
            statement = _statement(node, area, questions, roles, path)
            if statement.id in seen:
                raise DefinitionError(path, node.line, f"statement id {statement.id!r} is used twice (first on line {seen[statement.id]})")
            seen[statement.id] = node.line
            statements.append(statement)
    return statements


def _statement(node: Node, area: Area, questions: dict, roles: dict, path) -> Statement:
    known_keys(node, STATEMENT_KEYS, path, "a statement")
    sid = require(node, "id", str, path, "a statement")
    if not STATEMENT_ID.match(sid):
        raise DefinitionError(path, node.line_of("id"), f"statement id {sid!r} must be lower case letters, digits, _ and one '.'")
    qid = require(node, "question", str, path, f"statement {sid}")
    if qid not in questions:
        raise DefinitionError(path, node.line_of("question"), f"statement {sid} reads unknown question {qid!r}")
    agree = _answers(require(node, "agree", list, path, f"statement {sid}"), path, node.line_of("agree"), f"the agree answers of {sid}")
    wrong = [a for a in agree if a not in questions[qid].answers]
    if wrong:
        raise DefinitionError(path, node.line_of("agree"), f"statement {sid}: {', '.join(map(repr, wrong))} is not an answer "
                                                           f"to question {qid} ({', '.join(questions[qid].answers)})")
    role = None
    if "role" in node:
        role = check(node["role"], str, path, node.line_of("role"), "'role'")
        if role not in roles:
            raise DefinitionError(path, node.line_of("role"), f"unknown role group {role!r} (roles: {', '.join(roles)})")
    higher = check(node["higher_is_better"], bool, path, node.line_of("higher_is_better"), "'higher_is_better'") \
        if "higher_is_better" in node else True
    published = None
    if "published" in node:
        published = pub.parse(check(node["published"], Node, path, node.line_of("published"), "'published'"), path, sid)
        if not published.complete:
            raise DefinitionError(path, published.line, f"the published result of {sid} needs 'yes' and 'of'")
    return Statement(sid, qid, require(node, "text", str, path, f"statement {sid}").strip(), area, agree, role, higher,
                     published, node.line)
