"""Audit results: "x of y" per force, audit, question and period, counted in DuckDB.

"Not applicable" answers are left out of both x and y, as inspection reports do ("in 15 of 19
cases" counts only the cases where the question arose). A period selects cases by the month of the
case date; without one, every loaded case for the force counts and the result's period is the
span of months the cases fall in.
"""

from __future__ import annotations

from datetime import date

from openpeel.areas import Area
from openpeel.evidence.answers import TABLE, force_id
from openpeel.evidence.questions import QuestionSet, load_question_set
from openpeel.evidence.result import EvidenceError, EvidenceResult
from openpeel.periods import Period
from openpeel.stats import Change, compare_proportions
from openpeel.store import Store

RESULTS = f"""
SELECT a.audit, a.question_id, q.q_area, q.q_text,
       count(*) FILTER (WHERE a.answer = 'yes') AS yes,
       count(*) FILTER (WHERE a.answer IN ('yes', 'no')) AS "of",
       count(*) FILTER (WHERE a.answer = 'not_applicable') AS excluded,
       min(a.month) AS first_month, max(a.month) AS last_month,
       bool_or(a.synthetic) AS synthetic
FROM {TABLE} a JOIN questions q ON q.question_id = a.question_id
WHERE a.force_id = $force AND a.question_set = $question_set
  AND ($audit IS NULL OR a.audit = $audit)
  AND ($area IS NULL OR q.q_area = $area)
  AND ($start IS NULL OR a.month BETWEEN $start AND $end)
GROUP BY a.audit, a.question_id, q.q_area, q.q_text
ORDER BY min(q.q_position)
"""


def audit_results(
    store: Store,
    force: str,
    *,
    audit: str | None = None,
    period: Period | None = None,
    area: Area | str | None = None,
    question_set: QuestionSet | None = None,
) -> list[EvidenceResult]:
    """Every answered question's result for a force, optionally for one audit, area or period."""
    question_set = question_set or load_question_set()
    fid = force_id(force)
    if audit is not None and audit not in question_set.audits:
        raise EvidenceError(
            f"question set {question_set.id} has no audit {audit!r} (audits: {', '.join(question_set.audits)})"
        )
    area = area_of(area)
    store.ensure_schema([TABLE])
    con = store.connect(read_only=True)
    try:
        con.register("questions", question_set.as_arrow())
        rows = con.execute(
            RESULTS,
            {
                "force": fid,
                "question_set": question_set.id,
                "audit": audit,
                "area": area.value if area else None,
                "start": period.start if period else None,
                "end": period.end if period else None,
            },
        ).fetchall()
    finally:
        con.close()
    return [_result(fid, question_set.id, row, period) for row in rows]


def area_of(area: Area | str | None) -> Area | None:
    """An area from its id, or a clear error listing the ids."""
    if area is None or isinstance(area, Area):
        return area
    try:
        return Area(area)
    except ValueError:
        raise EvidenceError(f"unknown PEEL area {area!r} (areas: {', '.join(a.value for a in Area)})") from None


def _result(fid: str, set_id: str, row: tuple, period: Period | None) -> EvidenceResult:
    audit, question_id, area, text, yes, of, excluded, first, last, synthetic = row
    span = period or Period(_first(first), _first(last))
    return EvidenceResult(
        evidence_id=f"audit/{fid}/{set_id}/{question_id}/{span.code()}",
        kind="audit",
        force_id=fid,
        area=Area(area),
        source=audit,
        item=question_id,
        text=text,
        yes=yes,
        of=of,
        excluded=excluded,
        period=span,
        synthetic=bool(synthetic),
    )


def _first(d: date) -> date:
    return date(d.year, d.month, 1)


def audit_change(
    store: Store,
    force: str,
    question_id: str,
    before: Period,
    after: Period,
    *,
    level: float = 0.95,
    test: str = "auto",
    question_set: QuestionSet | None = None,
) -> Change:
    """Whether a question's result changed significantly between two review periods."""
    question_set = question_set or load_question_set()
    question = question_set.question(question_id)
    counts = []
    for period in (before, after):
        found = [
            r
            for r in audit_results(store, force, audit=question.audit, period=period, question_set=question_set)
            if r.item == question_id
        ]
        if not found or not found[0].of:
            raise EvidenceError(f"no applicable answers to {question_id} for {force} in {period.label()}")
        counts.append((found[0].yes, found[0].of))
    (x1, n1), (x2, n2) = counts
    return compare_proportions(x1, n1, x2, n2, level=level, test=test)
