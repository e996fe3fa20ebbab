"""Case-level audit answers: one CSV row per case and question, loaded into ``audit_answers``.

The file has the columns ``force, audit, case_reference, question_id, answer, auditor, date`` and
optionally ``note``. ``answer`` is yes, no or not applicable (any capitals); ``date`` is the date
of the case reviewed (the search, the incident, the crime), as 2025-03-31 or 31/03/2025, and
decides which period the case counts in; ``force`` may be any spelling the force registry knows.

Every row is checked against the question set before anything is written: an unknown force,
audit, question or answer, a date that does not exist, a question asked under the wrong audit, or
the same case and question twice, is reported by file, row and column and nothing is loaded. A
case already loaded from another file is refused too, so renaming a file cannot count it twice.
Case references starting ``synthetic-`` mark made-up cases.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from openpeel import duck, forces
from openpeel.evidence.locate import problems, sql_text
from openpeel.evidence.questions import QuestionSet, load_question_set
from openpeel.sources import checks
from openpeel.sources.base import Probe, Problem, SourceError
from openpeel.sources.csvfile import read_csv
from openpeel.store import Batch, LoadOutcome, Store
from openpeel.tables import TableSpec, TimeRule, declare

TABLE = "audit_answers"
READER = "openpeel-audit-answers"
SYNTHETIC_PREFIX = "synthetic-"

AUDIT_ANSWERS = declare(
    TableSpec(
        name=TABLE,
        description="Inspection audit answers, one row per case reviewed and question asked.",
        time=TimeRule.MONTH,
        columns={
            "force_id": "VARCHAR",
            "question_set": "VARCHAR",
            "audit": "VARCHAR",
            "case_reference": "VARCHAR",
            "question_id": "VARCHAR",
            "answer": "VARCHAR",
            "auditor": "VARCHAR",
            "case_date": "DATE",
            "month": "DATE",
            "note": "VARCHAR",
            "synthetic": "BOOLEAN",
        },
        docs={
            "answer": "yes, no or not_applicable; not_applicable cases are left out of results",
            "case_date": "date of the case reviewed; its month places the case in a period",
            "synthetic": "true for made-up cases (case reference starting 'synthetic-')",
        },
    )
)

COLUMNS = ["force", "audit", "case_reference", "question_id", "answer", "auditor", "date"]
DATE_PATTERN = r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})$"
PARSED_DATE = (
    "COALESCE(TRY_CAST(TRY_STRPTIME(date, '%Y-%m-%d') AS DATE), TRY_CAST(TRY_STRPTIME(date, '%d/%m/%Y') AS DATE))"
)


def load_answers(
    store: Store, paths: Iterable[str | Path], question_set: QuestionSet | None = None
) -> list[LoadOutcome]:
    """Read and check every file, then load them all in one transaction (or nothing at all)."""
    question_set = question_set or load_question_set()
    batches: list[Batch] = []
    found: list[Problem] = []
    for path in paths:
        try:
            batches.extend(read_answers(Path(path), question_set))
        except SourceError as exc:
            found.extend(exc.problems)
    if not found:
        found = _clashes(store, batches)
    if found:
        raise SourceError(found)
    return store.load(batches)


def read_answers(path: Path, question_set: QuestionSet) -> list[Batch]:
    """The file's rows as one batch per force, or :class:`SourceError` naming every problem."""
    if not path.is_file():
        raise SourceError(Problem(str(path), "no such file"))
    probe = Probe(path)
    table = read_csv(probe, COLUMNS)
    if "note" not in table.column_names:
        table = table.append_column("note", pa.nulls(table.num_rows, pa.string()))
    checks.validate(table, str(path), _rules(question_set))
    con = duck.connect()
    try:
        con.register("incoming", table)
        con.register("questions", question_set.as_arrow())
        con.register("force_names", _force_names(table, str(path)))
        found = _cross_checks(con, str(path))
        if found:
            raise SourceError(found)
        rows = con.sql(_standardise(question_set.id)).to_arrow_table()
    finally:
        con.close()
    return [
        Batch(
            TABLE,
            f"audit-answers/{fid}/{path.name}",
            rows.filter(pc.equal(rows["force_id"], fid)),
            str(path),
            probe.sha256,
            READER,
        )
        for fid in sorted(set(rows.column("force_id").to_pylist()))
    ]


def _rules(question_set: QuestionSet) -> dict:
    ids = [q.id for q in question_set.questions]
    return {
        "force": checks.text(nullable=False),
        "audit": checks.label(question_set.audits, nullable=False, what=f"an audit of question set {question_set.id}"),
        "case_reference": checks.text(nullable=False),
        "question_id": checks.label(ids, nullable=False, what=f"a question of question set {question_set.id}"),
        "answer": checks.pattern(r"(?i)^(yes|no|not applicable)$", nullable=False, what="yes, no or not applicable"),
        "auditor": checks.text(nullable=False),
        "date": checks.pattern(DATE_PATTERN, nullable=False, what="a date like 2025-03-31 or 31/03/2025"),
    }


def _force_names(table: pa.Table, path: str) -> pa.Table:
    """Each spelling of a force in the file with the force id it resolves to (None if unknown)."""
    names = sorted(set(table.column("force").to_pylist()))
    ids, messages = [], []
    for name in names:
        try:
            ids.append(force_id(name))
            messages.append(None)
        except forces.UnknownForce as exc:
            ids.append(None)
            messages.append(checks.unknown_force(name, exc))
    return pa.table(
        {
            "force": pa.array(names, pa.string()),
            "force_id": pa.array(ids, pa.string()),
            "force_problem": pa.array(messages, pa.string()),
        }
    )


def force_id(name: str) -> str:
    """The id of a force given by id (demo forces included) or by any spelling publishers use."""
    if name in {f.id for f in forces.all_forces(include_synthetic=True)}:
        return name
    return forces.resolve(name).id


def _cross_checks(con: duckdb.DuckDBPyConnection, path: str) -> list[Problem]:
    found = problems(
        con,
        path,
        "force",
        """
        SELECT _row, force_problem AS message FROM incoming JOIN force_names USING (force)
        WHERE force_id IS NULL""",
    )
    found += problems(
        con,
        path,
        "date",
        f"""
        SELECT _row, '''' || date || ''' is not a date that exists' AS message
        FROM incoming WHERE {PARSED_DATE} IS NULL""",
    )
    # a case reviewed has already happened, and not before 1900
    found += problems(
        con,
        path,
        "date",
        f"""
        SELECT _row, 'the date ' || date || ' is after today: a case reviewed has already happened' AS message
        FROM incoming WHERE {PARSED_DATE} > current_date""",
    )
    found += problems(
        con,
        path,
        "date",
        f"""
        SELECT _row, 'the date ' || date || ' is before 1900' AS message
        FROM incoming WHERE {PARSED_DATE} < DATE '1900-01-01'""",
    )
    found += problems(
        con,
        path,
        "audit",
        """
        SELECT _row, 'question ' || question_id || ' belongs to audit ' || q_audit || ', not ' || audit AS message
        FROM incoming JOIN questions USING (question_id) WHERE q_audit <> audit""",
    )
    found += problems(
        con,
        path,
        "question_id",
        """
        SELECT _row, 'case ' || case_reference || ' already has an answer to ' || question_id || ' on row ' || first_row AS message
        FROM (SELECT _row, case_reference, question_id,
                     min(_row) OVER (PARTITION BY force_id, case_reference, question_id) AS first_row
              FROM incoming JOIN force_names USING (force))
        WHERE _row > first_row""",
    )
    return found


def _standardise(question_set_id: str) -> str:
    return f"""
    SELECT
        force_id,
        {sql_text(question_set_id)} AS question_set,
        audit,
        case_reference,
        question_id,
        CASE lower(answer) WHEN 'not applicable' THEN 'not_applicable' ELSE lower(answer) END AS answer,
        auditor,
        {PARSED_DATE} AS case_date,
        CAST(date_trunc('month', {PARSED_DATE}) AS DATE) AS month,
        note,
        starts_with(lower(case_reference), {sql_text(SYNTHETIC_PREFIX)}) AS synthetic
    FROM incoming JOIN force_names USING (force)
    ORDER BY _row
    """


def _clashes(store: Store, batches: list[Batch]) -> list[Problem]:
    """Cases and questions that another file holds, in the store or in this same load.

    A case is loaded from one file only, so a renamed or copied file cannot count it twice.
    """
    if not batches:
        return []
    keys = pa.concat_tables(
        [
            b.data.select(["force_id", "case_reference", "question_id"])
            .append_column("source_key", pa.array([b.source_key] * b.data.num_rows, pa.string()))
            .append_column("path", pa.array([b.path] * b.data.num_rows, pa.string()))
            for b in batches
        ]
    )
    store.ensure_schema([TABLE])
    con = store.connect(read_only=True)
    try:
        con.register("incoming", keys)
        rows = con.execute(f"""
            WITH others AS (
                SELECT force_id, case_reference, question_id, source_key FROM {TABLE}
                WHERE source_key NOT IN (SELECT source_key FROM incoming)
                UNION ALL SELECT force_id, case_reference, question_id, source_key FROM incoming)
            SELECT i.path, arg_min(i.case_reference, i.case_reference || i.question_id),
                   arg_min(i.question_id, i.case_reference || i.question_id),
                   arg_min(o.source_key, i.case_reference || i.question_id), count(*)
            FROM incoming i JOIN others o USING (force_id, case_reference, question_id)
            WHERE o.source_key <> i.source_key
            GROUP BY i.path ORDER BY i.path""").fetchall()
    finally:
        con.close()
    return [
        Problem(
            path,
            f"case {case} question {question}"
            + (f" (and {count - 1} more)" if count > 1 else "")
            + f" is also in {key.rsplit('/', 1)[-1]}; a case is loaded from one file only",
        )
        for path, case, question, key, count in rows
    ]
