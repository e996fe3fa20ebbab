"""Audit question sets, declared as data (``data/audits/*.yaml``).

A question set lists the audits inspectors carry out (a review of stop and search records, a
quality service review of investigations, ...) and, grouped by the PEEL area they are evidence for,
the questions each audit answers for every case. The layout::

    id: peel-2025
    title: ...
    source: the report the published results come from
    period: "2024-09:2025-08"         # review window assumed where a result gives none
    audits:
      investigation: Quality service review of investigations
    areas:
      investigation:                  # an openpeel.areas.Area id
        investigation:                # an audit declared above
          - id: investigation.plan_completed      # <audit>.<name>, never reused
            text: Was an investigation plan completed in line with national practice?
            published: {yes: 56, of: 59}
          - id: investigation.plan_followed
            text: ...
            asked_when: {question: investigation.plan_completed, answer: "yes"}
            published: {yes: 49, of: 56}

Every question is worded so that "yes" is the good answer. ``asked_when`` says a question only
applies to cases where another was answered a certain way; ``subset_of`` says a question is the
same judgement as another, reported for a subgroup of its cases. Both are checked against the
published results and used when synthesising cases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
from openpeel.periods import Period, PeriodError

DEFAULT = "peel-2025"
QUESTION_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
AUDIT_ID = re.compile(r"^[a-z][a-z0-9_]*$")
QUESTION_KEYS = {"id", "text", "published", "asked_when", "subset_of"}


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    area: Area
    audit: str
    published: tuple[Published, ...] = ()
    asked_when: tuple[str, str] | None = None  # (question id, answer)
    subset_of: str | None = None
    line: int = 0

    def published_for(self, period: Period | None) -> Published | None:
        """The published result for a period (the only one, when the period is not given)."""
        matches = [p for p in self.published if period is None or p.period == period]
        return matches[0] if len(matches) == 1 or (matches and period is not None) else None


@dataclass(frozen=True)
class QuestionSet:
    id: str
    title: str
    source: str
    period: Period
    audits: dict[str, str]  # audit id -> title
    questions: tuple[Question, ...]
    path: str

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(f"question set {self.id} has no question {question_id!r}")

    def for_audit(self, audit: str) -> list[Question]:
        return [q for q in self.questions if q.audit == audit]

    def as_arrow(self) -> pa.Table:
        """The questions as a table, to join with answers inside the engine."""
        return pa.table({
            "question_id": [q.id for q in self.questions],
            "q_audit": [q.audit for q in self.questions],
            "q_area": [q.area.value for q in self.questions],
            "q_text": [q.text for q in self.questions],
            "q_position": list(range(len(self.questions))),
        })


@cache
def _shipped(name: str) -> QuestionSet:
    resource = resources.files("openpeel").joinpath(f"data/audits/{name}.yaml")
    return parse(f"data/audits/{name}.yaml", resource.read_text(encoding="utf-8"))


def load_question_set(path: str | Path | None = None) -> QuestionSet:
    """A question set from a YAML file; the shipped PEEL 2025 set when no path is given."""
    if path is None:
        return _shipped(DEFAULT)
    return parse(path, Path(path).read_text(encoding="utf-8"))


def parse(path: str | Path, text: str) -> QuestionSet:
    root = read(path, text)
    known_keys(root, {"id", "title", "source", "period", "audits", "areas"}, path, "a question set")
    set_id = require(root, "id", str, path, "the question set")
    title = require(root, "title", str, path, "the question set")
    source = require(root, "source", str, path, "the question set")
    try:
        period = Period.parse(str(require(root, "period", (str, int), path, "the question set")))
    except PeriodError as exc:
        raise DefinitionError(path, root.line_of("period"), str(exc)) from None
    audits = _audits(require(root, "audits", Node, path, "the question set"), path)
    questions: list[Question] = []
    seen: dict[str, int] = {}
    areas = require(root, "areas", Node, path, "the question set")
    for area_id, by_audit in areas.items():
        area = _area(area_id, path, areas.line_of(area_id))
        by_audit = check(by_audit, Node, path, areas.line_of(area_id), f"area {area_id!r}")
        for audit, items in by_audit.items():
            line = by_audit.line_of(audit)
            if audit not in audits:
                raise DefinitionError(path, line, f"unknown audit {audit!r} under area {area_id!r} "
                                                  f"(declared audits: {', '.join(audits)})")
            for item in check(items, list, path, line, f"the questions of audit {audit!r}"):
                question = _question(check(item, Node, path, line, "a question"), area, audit, path)
                if question.id in seen:
                    raise DefinitionError(path, question.line,
                                          f"question id {question.id!r} is used twice (first on line {seen[question.id]})")
                seen[question.id] = question.line
                questions.append(question)
    _check_links(questions, path)
    return QuestionSet(set_id, title, source, period, audits, tuple(questions), str(path))


def _audits(node: Node, path) -> dict[str, str]:
    audits = {}
    for audit, title in node.items():
        if not isinstance(audit, str) or not AUDIT_ID.match(audit):
            raise DefinitionError(path, node.line_of(audit), f"audit id {audit!r} must be lower case letters, digits and _")
        audits[audit] = check(title, str, path, node.line_of(audit), f"the title of audit {audit!r}")
    return audits


def _area(area_id, path, line: int) -> Area:
    try:
        return Area(area_id)
    except ValueError:
        raise DefinitionError(path, line, f"unknown PEEL area {area_id!r} (known: {', '.join(a.value for a in Area)})") from None


def _question(node: Node, area: Area, audit: str, path) -> Question:
    known_keys(node, QUESTION_KEYS, path, "a question")
    qid = require(node, "id", str, path, "a question")
    if not QUESTION_ID.match(qid) or qid.split(".")[0] != audit:
        raise DefinitionError(path, node.line_of("id"),
                              f"question id {qid!r} must read '{audit}.<name>' (lower case letters, digits and _)")
    text = require(node, "text", str, path, f"question {qid}")
    published = pub.parse_all(node["published"], path, node.line_of("published"), qid) if "published" in node else ()
    asked_when = None
    if "asked_when" in node:
        cond = check(node["asked_when"], Node, path, node.line_of("asked_when"), "'asked_when'")
        known_keys(cond, {"question", "answer"}, path, "'asked_when'")
        answer = require(cond, "answer", str, path, "'asked_when'")
        if answer not in ("yes", "no"):
            raise DefinitionError(path, cond.line_of("answer"), f"'asked_when' answer must be yes or no, got {answer!r}")
        asked_when = (require(cond, "question", str, path, "'asked_when'"), answer)
    subset_of = check(node["subset_of"], str, path, node.line_of("subset_of"), "'subset_of'") if "subset_of" in node else None
    return Question(qid, text.strip(), area, audit, published, asked_when, subset_of, node.line)


def _check_links(questions: list[Question], path) -> None:
    """Linked questions must exist in the same audit and agree with the published counts."""
    by_id = {q.id: q for q in questions}
    for q in questions:
        parent_id = q.asked_when[0] if q.asked_when else q.subset_of
        if parent_id is None:
            continue
        parent = by_id.get(parent_id)
        if parent is None or parent.audit != q.audit:
            raise DefinitionError(path, q.line, f"question {q.id} refers to {parent_id!r}, which is not a question of audit {q.audit!r}")
        for ref in q.published:
            theirs = parent.published_for(ref.period)
            if not (ref.complete and theirs and theirs.complete):
                continue
            if q.asked_when and theirs.count(q.asked_when[1]) != ref.of:
                raise DefinitionError(
                    path, ref.line, f"question {q.id} is asked when {parent_id} is {q.asked_when[1]!r}, which "
                    f"{theirs.count(q.asked_when[1])} cases were, but its published result is of {ref.of}")
            if q.subset_of and (ref.yes > theirs.yes or ref.of - ref.yes > theirs.failures):
                raise DefinitionError(
                    path, ref.line, f"question {q.id} is a subgroup of {parent_id} ({theirs.describe()}) but "
                    f"its published result {ref.describe()} does not fit inside it")
