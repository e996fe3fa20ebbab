"""Workforce survey results: the response rate and, per statement, "% (n of N)".

N is those who answered the statement's question, so it differs between statements (the seed
report quotes both 472, everyone, and 409, those who answered the career-intentions question).
Results may be limited to one role group, such as investigators or line managers. Counting runs
in DuckDB.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pyarrow as pa

from openpeel.evidence.answers import force_id
from openpeel.evidence.result import EvidenceError, EvidenceResult
from openpeel.evidence.returns import ANSWERS, HEADCOUNTS, RESPONDENTS
from openpeel.evidence.surveys import SurveyDefinition, load_survey_definition
from openpeel.periods import Period
from openpeel.store import Store


@dataclass(frozen=True)
class SurveyResults:
    force_id: str
    survey: str
    title: str
    as_at: date
    responses: int
    headcount: int
    role: str | None
    respondents: int  # in the role group, or everyone
    statements: tuple[EvidenceResult, ...]
    synthetic: bool

    @property
    def response_rate(self) -> float:
        return self.responses / self.headcount

    def describe_response(self) -> str:
        """'472 responses, 16.9% of a workforce of 2,793'."""
        text = f"{self.responses:,} responses, {self.response_rate:.1%} of a workforce of {self.headcount:,}"
        return text + (f"; {self.respondents:,} in role group {self.role}" if self.role else "")

    def as_dict(self) -> dict:
        return {
            "force_id": self.force_id,
            "survey": self.survey,
            "title": self.title,
            "as_at": self.as_at.isoformat(),
            "responses": self.responses,
            "headcount": self.headcount,
            "response_rate": self.response_rate,
            "role": self.role,
            "respondents": self.respondents,
            "synthetic": self.synthetic,
            "text": self.describe_response(),
            "statements": [s.as_dict() for s in self.statements],
        }


@dataclass(frozen=True)
class _Loaded:
    responses: int
    headcount: int
    as_at: date
    in_role: dict[str, int]
    synthetic: bool


_STATEMENTS = f"""
SELECT s.statement_id,
       count(a.answer) FILTER (WHERE list_contains(s.agree, a.answer)) AS yes,
       count(a.answer) AS "of"
FROM statements s
JOIN {RESPONDENTS} r ON r.force_id = $force AND r.survey = $survey
     AND (s.role_filter IS NULL OR list_contains(r.roles, s.role_filter))
LEFT JOIN {ANSWERS} a ON a.force_id = r.force_id AND a.survey = r.survey
     AND a.respondent_id = r.respondent_id AND a.question = s.question
GROUP BY s.statement_id, s.s_position
ORDER BY s.s_position
"""


def survey_results(
    store: Store, force: str, *, role: str | None = None, survey: SurveyDefinition | None = None
) -> SurveyResults:
    """The response rate and every statement's result, for everyone or one role group."""
    survey = survey or load_survey_definition()
    if role is not None and role not in survey.roles:
        raise EvidenceError(f"survey {survey.id} has no role group {role!r} (role groups: {', '.join(survey.roles)})")
    fid = force_id(force)
    statements, loaded = _query(store, fid, survey, {s.id: role for s in survey.statements})
    return SurveyResults(
        fid,
        survey.id,
        survey.title,
        loaded.as_at,
        loaded.responses,
        loaded.headcount,
        role,
        loaded.in_role[role] if role else loaded.responses,
        tuple(statements.values()),
        loaded.synthetic,
    )


def statement_results(store: Store, force: str, *, survey: SurveyDefinition | None = None) -> list[EvidenceResult]:
    """Every statement for the role group it is reported for (everyone when it names none).

    Empty when the force has no survey loaded.
    """
    survey = survey or load_survey_definition()
    fid = force_id(force)
    try:
        statements, _ = _query(store, fid, survey, {s.id: s.role for s in survey.statements})
    except EvidenceError:
        return []
    return list(statements.values())


def _query(store: Store, fid: str, survey: SurveyDefinition, roles: dict[str, str | None]):
    store.ensure_schema([RESPONDENTS, ANSWERS, HEADCOUNTS])
    con = store.connect(read_only=True)
    try:
        meta = con.execute(
            f"SELECT responses, headcount, as_at FROM {HEADCOUNTS} WHERE force_id = ? AND survey = ?", [fid, survey.id]
        ).fetchone()
        if meta is None:
            raise EvidenceError(
                f"no {survey.title} returns are loaded for {fid}; load them with 'openpeel survey load'"
            )
        responses, headcount, as_at = meta
        statements = survey.as_arrow().append_column(
            "role_filter", pa.array([roles[s.id] for s in survey.statements], pa.string())
        )
        con.register("statements", statements)
        rows = con.execute(_STATEMENTS, {"force": fid, "survey": survey.id}).fetchall()
        in_role = {}
        for role in {r for r in roles.values() if r}:
            in_role[role] = con.execute(
                f"SELECT count(*) FROM {RESPONDENTS} WHERE force_id = ? AND survey = ? AND list_contains(roles, ?)",
                [fid, survey.id, role],
            ).fetchone()[0]
        synthetic = con.execute(
            f"SELECT coalesce(bool_or(synthetic), false) FROM {RESPONDENTS} WHERE force_id = ? AND survey = ?",
            [fid, survey.id],
        ).fetchone()[0]
    finally:
        con.close()
    counted = {sid: (yes, of) for sid, yes, of in rows}
    period = Period.month(as_at.year, as_at.month)
    results = {}
    for s in survey.statements:
        role = roles[s.id]
        yes, of = counted.get(s.id, (0, 0))
        group = in_role.get(role, 0) if role else responses
        results[s.id] = EvidenceResult(
            evidence_id=f"survey/{fid}/{survey.id}/{s.id}" + (f"/{role}" if role else ""),
            kind="survey",
            force_id=fid,
            area=s.area,
            source=survey.id,
            item=s.id,
            text=s.text,
            yes=yes,
            of=of,
            excluded=group - of,
            period=period,
            role=role,
            synthetic=bool(synthetic),
            higher_is_better=s.higher_is_better,
        )
    return results, _Loaded(responses, headcount, as_at, in_role, bool(synthetic))
