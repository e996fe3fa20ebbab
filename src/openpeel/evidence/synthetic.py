"""Made-up cases and survey returns that reproduce published results exactly.

For the calibrated demo force and for tests: given the results a report published (see
:mod:`openpeel.evidence.published`) and the question set (or survey) they belong to, build
case-level answers (or respondent-level returns) whose counts come out as printed, in the same CSV layout a force would supply. The same seed always gives the same
rows. Everything made here is marked as synthetic: case references and respondent ids start
``synthetic-``, auditors are ``openpeel synthetic``, and the Arrow schema carries
``synthetic: true``.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import pyarrow as pa

from openpeel.evidence.answers import SYNTHETIC_PREFIX, force_id
from openpeel.evidence.published import Published, PublishedAudits, PublishedSurvey
from openpeel.evidence.questions import Question, QuestionSet, load_question_set
from openpeel.evidence.surveys import (
    Statement,
    SurveyDefinition,
    load_survey_definition,
)
from openpeel.periods import Period

AUDITOR = "openpeel synthetic"
NOTE = "synthetic case made to reproduce a published result; not a real record"
METADATA = {b"synthetic": b"true"}


def synthesise_answers(
    force: str, published: PublishedAudits, question_set: QuestionSet | None = None, *, seed: int = 0
) -> pa.Table:
    """Case-level answers reproducing every complete published result of the question set.

    Each audit and review period gets one sample of cases, as many as its largest published base;
    every question is answered for every case (yes, no or not applicable), so each question's
    "yes of of" comes out exactly as published. ``asked_when`` and ``subset_of`` links are kept:
    a follow-up question applies exactly to the cases its trigger selects, and a subgroup
    question copies its parent's answers.
    """
    question_set = question_set or load_question_set()
    fid = force_id(force)
    groups: dict[tuple[str, Period], list[tuple[Question, Published]]] = defaultdict(list)
    for question in question_set.questions:
        for ref in published.results.get(question.id, ()):
            if ref.complete:
                groups[(question.audit, ref.period or question_set.period)].append((question, ref))
    rows: list[dict] = []
    for (audit, period), items in groups.items():
        rng = random.Random(f"{seed}|{fid}|{audit}|{period.code()}")
        size = max(ref.of for _, ref in items)
        cases = [f"{SYNTHETIC_PREFIX}{audit.replace('_', '-')}-{period.start:%Y%m}-{i:03d}" for i in range(1, size + 1)]
        dates = {case: _day_in(period, rng) for case in cases}
        answers: dict[str, dict[str, str]] = {}
        for question, ref in _parents_first(items):
            answers[question.id] = _answer(question, ref, cases, answers, rng)
        for case in cases:
            for question, _ in items:
                rows.append(
                    {
                        "force": fid,
                        "audit": audit,
                        "case_reference": case,
                        "question_id": question.id,
                        "answer": answers[question.id][case],
                        "auditor": AUDITOR,
                        "date": dates[case].isoformat(),
                        "note": NOTE,
                    }
                )
    columns = ["force", "audit", "case_reference", "question_id", "answer", "auditor", "date", "note"]
    table = pa.table({c: pa.array([r[c] for r in rows], pa.string()) for c in columns})
    return table.replace_schema_metadata({**METADATA, b"source": published.source.encode()})


def _parents_first(items: list) -> list:
    """Questions in file order, except that a linked question comes after the one it reads."""
    by_id = {q.id: q for q, _ in items}

    def depth(question: Question, seen: tuple = ()) -> int:
        parent = question.asked_when[0] if question.asked_when else question.subset_of
        if parent not in by_id:
            return 0
        if parent in seen:
            raise ValueError(f"questions link to each other in a circle: {', '.join(seen)}")
        return 1 + depth(by_id[parent], (*seen, question.id))

    return sorted(items, key=lambda item: depth(item[0]))


def _answer(question: Question, ref: Published, cases: list[str], answers: dict, rng: random.Random) -> dict[str, str]:
    result = dict.fromkeys(cases, "not applicable")
    if question.subset_of and question.subset_of in answers:
        parent = answers[question.subset_of]
        yes = rng.sample([c for c in cases if parent[c] == "yes"], ref.yes)
        no = rng.sample([c for c in cases if parent[c] == "no"], ref.of - ref.yes)
        result.update({c: parent[c] for c in yes + no})
        return result
    if question.asked_when and question.asked_when[0] in answers:
        trigger, wanted = question.asked_when
        applicable = [c for c in cases if answers[trigger][c] == wanted]
    else:
        applicable = rng.sample(cases, ref.of)
    if len(applicable) != ref.of:
        raise ValueError(f"{question.id}: {len(applicable)} cases qualify but the published base is {ref.of}")
    yes = set(rng.sample(applicable, ref.yes))
    result.update({c: "yes" if c in yes else "no" for c in applicable})
    return result


def _day_in(period: Period, rng: random.Random) -> date:
    return period.start + timedelta(days=rng.randrange((period.last_day - period.start).days + 1))


# -- workforce survey -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SyntheticSurvey:
    """Returns ready to write as CSV and load with :func:`openpeel.evidence.load_survey`."""

    force_id: str
    returns: pa.Table
    headcount: int
    closed: date | None


def synthesise_survey(
    force: str, published: PublishedSurvey, survey: SurveyDefinition | None = None, *, seed: int = 0
) -> SyntheticSurvey:
    """Respondent-level returns reproducing the survey's published counts exactly.

    As many respondents as were published (472 for the seed) with role groups as big as the
    largest published base for each (54 neighbourhood, 70 fraud, 153 line managers, 119
    investigators, 136 dealing with the public; groups overlap as they do in a real force). Each
    question is answered by as many as its published base, drawn from the role group it is
    reported for; agreeing answers are spread over the statement's ``agree`` answers and the rest
    over the other answers.
    """
    survey = survey or load_survey_definition()
    fid = force_id(force)
    rng = random.Random(f"{seed}|{fid}|{survey.id}")
    total = published.responses
    people = [f"{SYNTHETIC_PREFIX}{i:04d}" for i in range(1, total + 1)]
    results = published.results
    by_question: dict[str, list[Statement]] = defaultdict(list)
    for s in survey.statements:
        if s.id in results:
            by_question[s.question].append(s)
    sizes: dict[str, int] = {}
    for s in survey.statements:
        if s.id in results and s.role:
            sizes[s.role] = max(sizes.get(s.role, 0), results[s.id].of)
    members = {role: set(rng.sample(people, size)) for role, size in sorted(sizes.items())}
    columns: dict[str, list[str | None]] = {}
    for qid, question in survey.questions.items():
        statements = by_question.get(qid)
        columns[qid] = (
            _answers_to(question, statements, results, people, members, rng) if statements else [None] * total
        )
    roles = [";".join(sorted(r for r, m in members.items() if p in m)) or None for p in people]
    table = pa.table(
        {
            "respondent_id": people,
            "roles": pa.array(roles, pa.string()),
            **{q: pa.array(v, pa.string()) for q, v in columns.items()},
        }
    )
    return SyntheticSurvey(
        fid,
        table.replace_schema_metadata({**METADATA, b"source": published.source.encode()}),
        published.headcount,
        published.closed,
    )


def _answers_to(
    question,
    statements: list[Statement],
    results: dict[str, Published],
    people: list[str],
    members: dict,
    rng: random.Random,
) -> list:
    bases = {results[s.id].of for s in statements}
    roles = {s.role for s in statements}
    if len(bases) > 1 or len(roles) > 1:
        raise ValueError(f"statements on question {question.id} disagree on who answered it")
    (base,), (role,) = bases, roles
    eligible = [p for p in people if role is None or p in members[role]]
    answering = rng.sample(eligible, base)
    rng.shuffle(answering)
    given: dict[str, str] = {}
    used: set[str] = set()
    start = 0
    for s in statements:
        if used & set(s.agree):
            raise ValueError(f"statements on question {question.id} share agree answers, so cannot be reproduced apart")
        used |= set(s.agree)
        for person in answering[start : start + results[s.id].yes]:
            given[person] = rng.choice(s.agree)
        start += results[s.id].yes
    others = [a for a in question.answers if a not in used]
    if start < base and not others:
        raise ValueError(f"question {question.id} has no answer left for those who do not agree")
    for person in answering[start:]:
        given[person] = rng.choice(others)
    return [given.get(p) for p in people]
