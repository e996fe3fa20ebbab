"""Workforce survey returns: one CSV row per respondent, loaded with the force's headcount.

The file has ``respondent_id``, ``roles`` (the role groups the respondent belongs to, separated by
``;``, blank for none) and one column per survey question holding the answer given, blank where the
question was not answered or not asked. Answers and role groups are matched without regard to
capitals. Columns the survey does not define, unknown answers or role groups, a respondent listed
twice, or more responses than the force's headcount are refused by file, row and column, and
nothing is loaded. A force has one return per survey: loading another replaces it, loading the
same one again changes nothing. Respondent ids starting ``synthetic-`` mark made-up returns.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

import pyarrow as pa

from openpeel import duck
from openpeel.evidence.answers import SYNTHETIC_PREFIX, force_id
from openpeel.evidence.locate import problems, sql_text
from openpeel.evidence.surveys import SurveyDefinition, load_survey_definition
from openpeel.forces import UnknownForce
from openpeel.sources import checks
from openpeel.sources.base import Probe, Problem, SourceError, shorten
from openpeel.sources.csvfile import read_csv
from openpeel.store import Batch, LoadOutcome, Store
from openpeel.tables import TableSpec, TimeRule, declare

READER = "openpeel-survey-returns"
RESPONDENTS, ANSWERS, HEADCOUNTS = "survey_respondents", "survey_answers", "survey_headcounts"
FIXED = ["respondent_id", "roles"]
# Far above the largest workforce (the Metropolitan Police, about 50,000), within the table's INTEGER.
MAX_HEADCOUNT = 1_000_000

declare(
    TableSpec(
        name=RESPONDENTS,
        description="Workforce survey respondents, one row each, with the role groups they belong to.",
        time=TimeRule.AS_AT,
        columns={
            "force_id": "VARCHAR",
            "survey": "VARCHAR",
            "as_at": "DATE",
            "respondent_id": "VARCHAR",
            "roles": "VARCHAR[]",
            "synthetic": "BOOLEAN",
        },
        docs={"as_at": "the day the survey closed", "synthetic": "true for made-up returns (id starting 'synthetic-')"},
    )
)
declare(
    TableSpec(
        name=ANSWERS,
        description="Workforce survey answers, one row per respondent and question answered.",
        time=TimeRule.AS_AT,
        columns={
            "force_id": "VARCHAR",
            "survey": "VARCHAR",
            "as_at": "DATE",
            "respondent_id": "VARCHAR",
            "question": "VARCHAR",
            "answer": "VARCHAR",
        },
        docs={"answer": "one of the question's declared answers, in lower case"},
    )
)
declare(
    TableSpec(
        name=HEADCOUNTS,
        description="The workforce a survey went to and how many responded, per force and survey.",
        time=TimeRule.AS_AT,
        columns={
            "force_id": "VARCHAR",
            "survey": "VARCHAR",
            "as_at": "DATE",
            "headcount": "INTEGER",
            "responses": "INTEGER",
        },
    )
)


def load_survey(
    store: Store,
    path: str | Path,
    force: str,
    headcount: int,
    *,
    closed: date | None = None,
    survey: SurveyDefinition | None = None,
) -> list[LoadOutcome]:
    """Check a returns file completely, then load it in one transaction (or not at all).

    ``closed`` is the day the survey closed (today if not given); ``headcount`` is how many
    officers and staff the force had, which the response rate is worked out against.
    """
    return store.load(read_returns(Path(path), force, headcount, closed=closed, survey=survey))


def read_returns(
    path: Path, force: str, headcount: int, *, closed: date | None = None, survey: SurveyDefinition | None = None
) -> list[Batch]:
    survey = survey or load_survey_definition()
    closed = closed or date.today()
    where = str(path)
    if not path.is_file():
        raise SourceError(Problem(where, "no such file"))
    try:
        fid = force_id(force)
    except UnknownForce as exc:
        raise SourceError(Problem(where, checks.unknown_force(force, exc))) from None
    if isinstance(headcount, bool) or not isinstance(headcount, int) or not 0 < headcount <= MAX_HEADCOUNT:
        limit = f" up to {MAX_HEADCOUNT:,}" if isinstance(headcount, int) and headcount > MAX_HEADCOUNT else ""
        raise SourceError(
            Problem(where, f"the headcount must be a positive whole number{limit}, got {shorten(headcount)}")
        )
    if closed > date.today():
        raise SourceError(Problem(where, f"the survey closed on {closed.isoformat()}, which is after today"))
    probe = Probe(path)
    table = read_csv(probe, FIXED)
    unknown = [c for c in table.column_names if c not in (*FIXED, "_row", *survey.questions)]
    if unknown:
        raise SourceError(
            [
                Problem(
                    where,
                    f"is not a question of survey {survey.id} (questions: {', '.join(survey.questions)})",
                    row=1,
                    column=c,
                )
                for c in unknown
            ]
        )
    asked = [q for q in survey.questions if q in table.column_names]
    checks.validate(table, where, _rules(survey, asked))
    if table.num_rows > headcount:
        raise SourceError(
            Problem(
                where,
                f"has {table.num_rows:,} responses but the headcount is {headcount:,}: a survey "
                "cannot have more responses than the workforce it went to; check the headcount",
            )
        )
    con = duck.connect()
    try:
        con.register("incoming", table)
        found = problems(
            con,
            where,
            "respondent_id",
            """
            SELECT _row, 'respondent ' || respondent_id || ' is listed twice (first on row ' || first_row || ')' AS message
            FROM (SELECT _row, respondent_id, min(_row) OVER (PARTITION BY respondent_id) AS first_row FROM incoming)
            WHERE _row > first_row""",
        )
        if found:
            raise SourceError(found)
        params = [fid, survey.id, closed]
        respondents = con.execute(_RESPONDENTS, params).to_arrow_table()
        answers = con.execute(_answers_sql(asked), params).to_arrow_table() if asked else _no_answers()
    finally:
        con.close()
    counts = pa.table(
        {
            "force_id": [fid],
            "survey": [survey.id],
            "as_at": pa.array([closed], pa.date32()),
            "headcount": pa.array([headcount], pa.int32()),
            "responses": pa.array([table.num_rows], pa.int32()),
        }
    )
    # the same file with a different headcount or closing date is a different load
    sha = hashlib.sha256(f"{probe.sha256}|{headcount}|{closed.isoformat()}".encode()).hexdigest()
    key = f"survey/{survey.id}/{fid}"
    return [
        Batch(name, key, data, where, sha, READER)
        for name, data in ((RESPONDENTS, respondents), (ANSWERS, answers), (HEADCOUNTS, counts))
    ]


def _rules(survey: SurveyDefinition, asked: list[str]) -> dict:
    role = "|".join(re.escape(r) for r in survey.roles)
    rules = {
        "respondent_id": checks.text(nullable=False),
        "roles": checks.pattern(
            rf"(?i)^\s*({role})\s*(;\s*({role})\s*)*$",
            what=f"role groups of survey {survey.id} separated by ';' ({', '.join(survey.roles)})",
        ),
    }
    for qid in asked:
        answers = "|".join(re.escape(a) for a in survey.questions[qid].answers)
        rules[qid] = checks.pattern(
            rf"(?i)^({answers})$", what=f"an answer to {qid} ({'; '.join(survey.questions[qid].answers)})"
        )
    return rules


_RESPONDENTS = f"""
SELECT ? AS force_id, ? AS survey, CAST(? AS DATE) AS as_at, respondent_id,
       list_sort(list_distinct(list_filter(
           list_transform(string_split(coalesce(roles, ''), ';'), r -> lower(trim(r))), r -> r <> ''))) AS roles,
       starts_with(lower(respondent_id), {sql_text(SYNTHETIC_PREFIX)}) AS synthetic
FROM incoming ORDER BY _row
"""


def _answers_sql(asked: list[str]) -> str:
    cols = ", ".join(f'"{q}"' for q in asked)
    return f"""
    SELECT ? AS force_id, ? AS survey, CAST(? AS DATE) AS as_at, respondent_id, question, lower(answer) AS answer
    FROM (UNPIVOT (SELECT _row, respondent_id, {cols} FROM incoming) ON {cols} INTO NAME question VALUE answer)
    ORDER BY _row, question
    """


def _no_answers() -> pa.Table:
    return pa.table(
        {
            c: pa.array([], t)
            for c, t in (
                ("force_id", pa.string()),
                ("survey", pa.string()),
                ("as_at", pa.date32()),
                ("respondent_id", pa.string()),
                ("question", pa.string()),
                ("answer", pa.string()),
            )
        }
    )
