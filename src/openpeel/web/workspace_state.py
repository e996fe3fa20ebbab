"""The inspection workspace's tables in the web state file: inspections, the change trail, audit cases.

They sit in the same SQLite file as accounts and the audit log (:mod:`openpeel.web.state`), under a
schema version of their own (``schema_versions``), so a later change to them can be recognised and
migrated. An inspection's findings are kept as its YAML findings file, the import and export
format, so a file taken in and given back out is the same file byte for byte
(:mod:`openpeel.web.findings_doc` edits it in place).

Every write checks the version the writer started from (optimistic locking) and records what it
changed in ``inspection_changes``: who, when, what, the old and the new value. A save refused
because someone else saved first is kept in ``refused_saves``, so no typed text is lost.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum

from openpeel.web.state import StateError, WebState

SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_versions (component TEXT PRIMARY KEY, version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS inspections (
    id TEXT PRIMARY KEY,
    force_id TEXT NOT NULL,
    framework_id TEXT NOT NULL,
    title TEXT NOT NULL,
    lead TEXT NOT NULL,
    fieldwork TEXT,
    status TEXT NOT NULL,
    document TEXT NOT NULL,
    revision INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    submitted_by TEXT,
    approved_by TEXT,
    shared INTEGER NOT NULL DEFAULT 0,
    report_id INTEGER,
    correction_of TEXT,
    note TEXT
);
CREATE TABLE IF NOT EXISTS inspection_changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    inspection_id TEXT NOT NULL,
    at TEXT NOT NULL,
    account TEXT NOT NULL,
    what TEXT NOT NULL,
    old TEXT,
    new TEXT
);
CREATE INDEX IF NOT EXISTS inspection_changes_by ON inspection_changes (inspection_id, id);
CREATE TABLE IF NOT EXISTS refused_saves (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    inspection_id TEXT NOT NULL,
    at TEXT NOT NULL,
    account TEXT NOT NULL,
    what TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit_cases (
    inspection_id TEXT NOT NULL,
    audit TEXT NOT NULL,
    case_reference TEXT NOT NULL,
    case_date TEXT NOT NULL,
    auditor TEXT NOT NULL,
    answers TEXT NOT NULL,
    complete INTEGER NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (inspection_id, audit, case_reference)
);
CREATE TABLE IF NOT EXISTS survey_uploads (
    inspection_id TEXT PRIMARY KEY,
    filename TEXT NOT NULL,
    content BLOB NOT NULL,
    headcount INTEGER NOT NULL,
    closed TEXT NOT NULL,
    results TEXT NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TEXT NOT NULL
);
"""


class Status(str, Enum):
    DRAFT = "draft"
    IN_REVIEW = "in review"
    APPROVED = "approved"
    PUBLISHED = "published"


class Conflict(StateError):
    """A save based on a version someone else has since replaced; ``current`` is what is saved now."""

    def __init__(self, message: str, current: str | None):
        super().__init__(message)
        self.current = current


@dataclass(frozen=True)
class InspectionRow:
    id: str
    force_id: str
    framework_id: str
    title: str
    lead: str
    fieldwork: str | None
    status: Status
    document: str
    revision: int
    created_by: str
    created_at: str
    submitted_by: str | None
    approved_by: str | None
    shared: bool
    report_id: int | None
    correction_of: str | None
    note: str | None


@dataclass(frozen=True)
class AuditCase:
    audit: str
    case_reference: str
    case_date: str
    auditor: str
    answers: dict[str, str]  # question id -> yes, no or not applicable
    complete: bool
    version: int


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Workspace:
    """The workspace tables of one web state file."""

    def __init__(self, state: WebState):
        self.state = state
        with self._connect() as con:
            con.executescript(SCHEMA)
            row = con.execute("SELECT version FROM schema_versions WHERE component = 'workspace'").fetchone()
            if row is None:
                con.execute("INSERT INTO schema_versions VALUES ('workspace', ?)", [SCHEMA_VERSION])
            elif row[0] > SCHEMA_VERSION:
                raise StateError(
                    f"{state.path} holds workspace tables of schema version {row[0]}, newer than this "
                    f"openpeel understands ({SCHEMA_VERSION}): upgrade openpeel"
                )

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with self.state._connect() as con:
            yield con

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken at once so two writers cannot both read the same version."""
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    @staticmethod
    def _trail(con, inspection_id: str, account: str, what: str, old: str | None, new: str | None) -> None:
        con.execute(
            "INSERT INTO inspection_changes (inspection_id, at, account, what, old, new) VALUES (?, ?, ?, ?, ?, ?)",
            [inspection_id, _now(), account, what, old, new],
        )

    # -- inspections ----------------------------------------------------------------------------
    def create(
        self,
        *,
        id: str,
        force_id: str,
        framework_id: str,
        title: str,
        lead: str,
        fieldwork: str | None,
        document: str,
        by: str,
        correction_of: str | None = None,
        note: str | None = None,
    ) -> InspectionRow:
        with self._write() as con:
            try:
                con.execute(
                    "INSERT INTO inspections (id, force_id, framework_id, title, lead, fieldwork, status, document,"
                    " revision, created_by, created_at, correction_of, note)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)",
                    [
                        id,
                        force_id,
                        framework_id,
                        title,
                        lead,
                        fieldwork,
                        Status.DRAFT.value,
                        document,
                        by,
                        _now(),
                        correction_of,
                        note,
                    ],
                )
            except sqlite3.IntegrityError:
                raise StateError(f"an inspection with id {id!r} already exists") from None
            self._trail(con, id, by, "inspection created", None, document)
        return self.inspection(id)

    def inspections(self, force_id: str | None = None) -> list[InspectionRow]:
        with self._connect() as con:
            rows = con.execute(
                "SELECT * FROM inspections WHERE ? IS NULL OR force_id = ? ORDER BY created_at DESC, id",
                [force_id, force_id],
            ).fetchall()
        return [_inspection(r) for r in rows]

    def inspection(self, inspection_id: str) -> InspectionRow | None:
        with self._connect() as con:
            row = con.execute("SELECT * FROM inspections WHERE id = ?", [inspection_id]).fetchone()
        return None if row is None else _inspection(row)

    def save_document(
        self, inspection_id: str, document: str, *, based_on: int, by: str, what: str, old: str | None, new: str | None
    ) -> int:
        """Replace the findings file if it is still at revision ``based_on``; the new revision."""
        with self._write() as con:
            row = con.execute("SELECT revision, status FROM inspections WHERE id = ?", [inspection_id]).fetchone()
            if row is None:
                raise StateError(f"no inspection {inspection_id!r}")
            if row["status"] != Status.DRAFT.value:
                raise StateError(f"inspection {inspection_id} is {row['status']}: only a draft is edited")
            if row["revision"] != based_on:
                raise Conflict(f"inspection {inspection_id} changed since revision {based_on}", None)
            con.execute(
                "UPDATE inspections SET document = ?, revision = revision + 1 WHERE id = ?", [document, inspection_id]
            )
            self._trail(con, inspection_id, by, what, old, new)
            return based_on + 1

    def refuse(self, inspection_id: str, by: str, what: str, text: str) -> None:
        """Keep a refused save's text, so nothing typed is lost."""
        with self._write() as con:
            con.execute(
                "INSERT INTO refused_saves (inspection_id, at, account, what, text) VALUES (?, ?, ?, ?, ?)",
                [inspection_id, _now(), by, what, text],
            )
            self._trail(con, inspection_id, by, f"save refused (edited by someone else first): {what}", None, text)

    def set_status(self, inspection_id: str, status: Status, *, expected: Status, by: str, **columns) -> None:
        with self._write() as con:
            row = con.execute("SELECT status FROM inspections WHERE id = ?", [inspection_id]).fetchone()
            if row is None:
                raise StateError(f"no inspection {inspection_id!r}")
            if row["status"] != expected.value:
                raise StateError(f"inspection {inspection_id} is {row['status']}, not {expected.value}")
            sets = ", ".join(f"{name} = ?" for name in columns)
            con.execute(
                f"UPDATE inspections SET status = ?{', ' + sets if sets else ''} WHERE id = ?",
                [status.value, *columns.values(), inspection_id],
            )
            self._trail(con, inspection_id, by, "status", row["status"], status.value)

    def set_report(self, inspection_id: str, report_id: int) -> None:
        with self._write() as con:
            con.execute("UPDATE inspections SET report_id = ? WHERE id = ?", [report_id, inspection_id])

    def share(self, inspection_id: str, shared: bool, by: str) -> None:
        with self._write() as con:
            old = con.execute("SELECT shared FROM inspections WHERE id = ?", [inspection_id]).fetchone()
            if old is None:
                raise StateError(f"no inspection {inspection_id!r}")
            con.execute("UPDATE inspections SET shared = ? WHERE id = ?", [int(shared), inspection_id])
            self._trail(con, inspection_id, by, "shared with the force", str(bool(old[0])).lower(), str(shared).lower())

    def changes(self, inspection_id: str, limit: int = 200) -> list[dict]:
        with self._connect() as con:
            rows = con.execute(
                "SELECT * FROM inspection_changes WHERE inspection_id = ? ORDER BY id DESC LIMIT ?",
                [inspection_id, limit],
            ).fetchall()
        return [dict(r) for r in rows]

    # -- audit cases ----------------------------------------------------------------------------
    def cases(self, inspection_id: str, audit: str | None = None) -> list[AuditCase]:
        with self._connect() as con:
            rows = con.execute(
                "SELECT * FROM audit_cases WHERE inspection_id = ? AND (? IS NULL OR audit = ?)"
                " ORDER BY audit, case_reference",
                [inspection_id, audit, audit],
            ).fetchall()
        return [_case(r) for r in rows]

    def case(self, inspection_id: str, audit: str, reference: str) -> AuditCase | None:
        with self._connect() as con:
            row = con.execute(
                "SELECT * FROM audit_cases WHERE inspection_id = ? AND audit = ? AND case_reference = ?",
                [inspection_id, audit, reference],
            ).fetchone()
        return None if row is None else _case(row)

    def save_case(self, inspection_id: str, case: AuditCase, *, based_on: int | None, by: str) -> None:
        """Insert a case (``based_on`` None) or replace it if still at version ``based_on``."""
        new = json.dumps(
            {"date": case.case_date, "auditor": case.auditor, "answers": case.answers, "complete": case.complete},
            sort_keys=True,
        )
        with self._write() as con:
            row = con.execute(
                "SELECT * FROM audit_cases WHERE inspection_id = ? AND audit = ? AND case_reference = ?",
                [inspection_id, case.audit, case.case_reference],
            ).fetchone()
            what = f"audit case {case.audit}/{case.case_reference}"
            if row is None and based_on is None:
                con.execute(
                    "INSERT INTO audit_cases VALUES (?, ?, ?, ?, ?, ?, ?, 1)",
                    [
                        inspection_id,
                        case.audit,
                        case.case_reference,
                        case.case_date,
                        case.auditor,
                        json.dumps(case.answers, sort_keys=True),
                        int(case.complete),
                    ],
                )
                self._trail(con, inspection_id, by, what, None, new)
                return
            if row is None or based_on is None or row["version"] != based_on:
                current = None if row is None else _case(row)
                raise Conflict(
                    f"case {case.case_reference} of audit {case.audit} "
                    + ("already exists" if based_on is None else "was changed by someone else"),
                    None if current is None else json.dumps(current.answers, sort_keys=True),
                )
            old = _case(row)
            con.execute(
                "UPDATE audit_cases SET case_date = ?, auditor = ?, answers = ?, complete = ?, version = version + 1"
                " WHERE inspection_id = ? AND audit = ? AND case_reference = ?",
                [
                    case.case_date,
                    case.auditor,
                    json.dumps(case.answers, sort_keys=True),
                    int(case.complete),
                    inspection_id,
                    case.audit,
                    case.case_reference,
                ],
            )
            self._trail(
                con,
                inspection_id,
                by,
                what,
                json.dumps(
                    {"date": old.case_date, "auditor": old.auditor, "answers": old.answers, "complete": old.complete},
                    sort_keys=True,
                ),
                new,
            )

    def tallies(self, inspection_id: str) -> list:
        """Per question, the complete cases answering yes, yes or no, and not applicable (counted by SQLite)."""
        from openpeel.web.workspace_figures import Tally

        with self._connect() as con:
            rows = con.execute(
                """
                SELECT c.audit, j.key,
                       sum(j.value = 'yes'), sum(j.value IN ('yes', 'no')), sum(j.value = 'not applicable'),
                       min(c.case_date), max(c.case_date)
                FROM audit_cases c, json_each(c.answers) j
                WHERE c.inspection_id = ? AND c.complete = 1 AND j.value <> ''
                GROUP BY c.audit, j.key ORDER BY c.audit, j.key""",
                [inspection_id],
            ).fetchall()
        return [Tally(*r) for r in rows]

    # -- survey returns ----------------------------------------------------------------------------
    def save_survey(
        self, inspection_id: str, *, filename: str, content: bytes, headcount: int, closed: str, results: dict, by: str
    ) -> None:
        """Keep an uploaded returns file with the results computed from it (one per inspection)."""
        with self._write() as con:
            old = con.execute(
                "SELECT filename, headcount, closed FROM survey_uploads WHERE inspection_id = ?", [inspection_id]
            ).fetchone()
            con.execute(
                "INSERT OR REPLACE INTO survey_uploads VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [inspection_id, filename, content, headcount, closed, json.dumps(results), by, _now()],
            )
            self._trail(
                con,
                inspection_id,
                by,
                "survey returns",
                None if old is None else f"{old[0]} (headcount {old[1]}, closed {old[2]})",
                f"{filename} (headcount {headcount}, closed {closed})",
            )

    def survey(self, inspection_id: str) -> dict | None:
        with self._connect() as con:
            row = con.execute("SELECT * FROM survey_uploads WHERE inspection_id = ?", [inspection_id]).fetchone()
        if row is None:
            return None
        out = dict(row)
        out["results"] = json.loads(out["results"])
        return out

    def replace_cases(self, inspection_id: str, cases: list[AuditCase], by: str, source: str) -> None:
        """Take in cases from a CSV file: new ones added, existing ones replaced, in one transaction."""
        with self._write() as con:
            for case in cases:
                con.execute(
                    "INSERT INTO audit_cases VALUES (?, ?, ?, ?, ?, ?, ?, 1) "
                    "ON CONFLICT (inspection_id, audit, case_reference) DO UPDATE SET case_date = excluded.case_date,"
                    " auditor = excluded.auditor, answers = excluded.answers, complete = excluded.complete,"
                    " version = audit_cases.version + 1",
                    [
                        inspection_id,
                        case.audit,
                        case.case_reference,
                        case.case_date,
                        case.auditor,
                        json.dumps(case.answers, sort_keys=True),
                        int(case.complete),
                    ],
                )
            self._trail(
                con,
                inspection_id,
                by,
                f"audit cases imported from {source}",
                None,
                f"{len(cases)} case(s): " + ", ".join(f"{c.audit}/{c.case_reference}" for c in cases[:20]),
            )


def _inspection(row) -> InspectionRow:
    values = dict(row)
    values["status"] = Status(values["status"])
    values["shared"] = bool(values["shared"])
    return InspectionRow(**values)


def _case(row) -> AuditCase:
    return AuditCase(
        row["audit"],
        row["case_reference"],
        row["case_date"],
        row["auditor"],
        json.loads(row["answers"]),
        bool(row["complete"]),
        row["version"],
    )
