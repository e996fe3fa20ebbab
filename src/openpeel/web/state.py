"""The web service's own state: accounts, sign-in counters, the audit log and published reports.

It lives in a SQLite file beside the DuckDB store (``openpeel.duckdb`` -> ``openpeel.web.sqlite``),
never in the store itself: the store is replaced whole when data loads and is opened read-only by
the server, while this state takes many small writes from the server and the command line at
once. SQLite in WAL mode lets both write it, and readers never wait for a writer.

Passwords are kept as argon2 hashes (argon2-cffi, its default parameters); a hash made with older
parameters is replaced at the next successful sign-in.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from openpeel import forces
from openpeel.errors import OpenpeelError
from openpeel.web.roles import Role

SCHEMA = """
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    force_id TEXT,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS signin_failures (who TEXT NOT NULL, at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS signin_failures_who ON signin_failures (who, at);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    account TEXT,
    force_id TEXT,
    detail TEXT,
    client TEXT
);
CREATE TABLE IF NOT EXISTS published_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    force_id TEXT NOT NULL,
    title TEXT NOT NULL,
    version INTEGER NOT NULL,
    published_at TEXT NOT NULL,
    html_path TEXT,
    pdf_path TEXT,
    published_by TEXT,
    UNIQUE (force_id, version)
);
"""

NAME = re.compile(r"[A-Za-z0-9._@-]{1,64}")
_hasher = PasswordHasher()


class StateError(OpenpeelError, ValueError):
    """An account or report request the web state cannot carry out; the message says why."""


def path_for(store_path: str | Path) -> Path:
    """The state file beside a store: ``x/openpeel.duckdb`` -> ``x/openpeel.web.sqlite``."""
    store_path = Path(store_path)
    return store_path.with_name(f"{store_path.stem}.web.sqlite")


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


@dataclass(frozen=True)
class Account:
    name: str
    role: Role
    force_id: str | None
    created_at: str


@dataclass(frozen=True)
class PublishedReport:
    id: int
    force_id: str
    title: str
    version: int
    published_at: str
    html_path: str | None
    pdf_path: str | None
    published_by: str | None


class WebState:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        with self._connect() as con:
            con.executescript(SCHEMA)

    @classmethod
    def beside(cls, store_path: str | Path) -> WebState:
        return cls(path_for(store_path))

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("PRAGMA busy_timeout=10000")
            con.row_factory = sqlite3.Row
            yield con
        finally:
            con.close()

    # -- the secret that signs session cookies ------------------------------------------------
    def secret(self) -> str:
        """The key that signs session cookies, made once per state file."""
        with self._connect() as con:
            con.execute("INSERT OR IGNORE INTO settings VALUES ('session_secret', ?)", [secrets.token_urlsafe(48)])
            return con.execute("SELECT value FROM settings WHERE key = 'session_secret'").fetchone()[0]

    # -- accounts -----------------------------------------------------------------------------
    def add_account(self, name: str, role: Role | str, password: str, force_id: str | None = None) -> Account:
        role = Role.parse(role)
        if not NAME.fullmatch(name):
            raise StateError(f"account name {name!r} must be 1 to 64 letters, digits or . _ @ -")
        if role is Role.PUBLIC:
            raise StateError("the public role is everyone who has not signed in; it has no accounts")
        if role is Role.FORCE:
            if not force_id:
                raise StateError("a force account needs --force, the force whose figures it sees")
            force_id = forces.lookup(force_id).id
        elif force_id:
            raise StateError(f"a {role.value} account sees no single force: leave out --force")
        if len(password) < 12:
            raise StateError("a password needs at least 12 characters")
        created = _now().isoformat()
        with self._connect() as con:
            try:
                con.execute(
                    "INSERT INTO accounts VALUES (?, ?, ?, ?, ?)",
                    [name, role.value, force_id, _hasher.hash(password), created],
                )
            except sqlite3.IntegrityError:
                raise StateError(f"an account named {name!r} already exists") from None
        return Account(name, role, force_id, created)

    def accounts(self) -> list[Account]:
        with self._connect() as con:
            rows = con.execute("SELECT name, role, force_id, created_at FROM accounts ORDER BY name").fetchall()
        return [Account(r["name"], Role(r["role"]), r["force_id"], r["created_at"]) for r in rows]

    def account(self, name: str) -> Account | None:
        return next((a for a in self.accounts() if a.name == name), None)

    def check_password(self, name: str, password: str) -> Account | None:
        """The account if the password is right, else None (the same answer for an unknown name)."""
        with self._connect() as con:
            row = con.execute("SELECT * FROM accounts WHERE name = ?", [name]).fetchone()
            if row is None:
                _hasher.hash(password)  # take as long as a real check, so timing tells nothing
                return None
            try:
                _hasher.verify(row["password_hash"], password)
            except (VerificationError, InvalidHashError):
                return None
            if _hasher.check_needs_rehash(row["password_hash"]):
                con.execute("UPDATE accounts SET password_hash = ? WHERE name = ?", [_hasher.hash(password), name])
        return Account(row["name"], Role(row["role"]), row["force_id"], row["created_at"])

    # -- sign-in rate limit -------------------------------------------------------------------
    def failures(self, who: str, within: timedelta) -> int:
        since = (_now() - within).isoformat()
        with self._connect() as con:
            return con.execute(
                "SELECT count(*) FROM signin_failures WHERE who = ? AND at >= ?", [who, since]
            ).fetchone()[0]

    def note_failure(self, *who: str) -> None:
        at = _now().isoformat()
        with self._connect() as con:
            con.executemany("INSERT INTO signin_failures VALUES (?, ?)", [(w, at) for w in who])
            # old failures no longer count against anyone
            con.execute("DELETE FROM signin_failures WHERE at < ?", [(_now() - timedelta(days=1)).isoformat()])

    def clear_failures(self, who: str) -> None:
        with self._connect() as con:
            con.execute("DELETE FROM signin_failures WHERE who = ?", [who])

    # -- audit log ----------------------------------------------------------------------------
    def record(
        self,
        event: str,
        *,
        account: str | None = None,
        force_id: str | None = None,
        detail: str | None = None,
        client: str | None = None,
    ) -> None:
        with self._connect() as con:
            con.execute(
                "INSERT INTO audit (at, event, account, force_id, detail, client) VALUES (?, ?, ?, ?, ?, ?)",
                [_now().isoformat(), event, account, force_id, detail, client],
            )

    def audit(self, limit: int = 200) -> list[dict]:
        with self._connect() as con:
            rows = con.execute("SELECT * FROM audit ORDER BY id DESC LIMIT ?", [limit]).fetchall()
        return [dict(r) for r in rows]

    # -- published reports --------------------------------------------------------------------
    def add_report(
        self, force_id: str, title: str, html_path: str | None, pdf_path: str | None, published_by: str | None = None
    ) -> PublishedReport:
        """Record a published report as the force's next version."""
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            version = con.execute(
                "SELECT coalesce(max(version), 0) + 1 FROM published_reports WHERE force_id = ?", [force_id]
            ).fetchone()[0]
            cur = con.execute(
                "INSERT INTO published_reports (force_id, title, version, published_at, html_path, pdf_path, published_by)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [force_id, title, version, _now().isoformat(), html_path, pdf_path, published_by],
            )
            con.execute("COMMIT")
            report_id = cur.lastrowid
        return self.report(report_id)

    def next_version(self, force_id: str) -> int:
        with self._connect() as con:
            return con.execute(
                "SELECT coalesce(max(version), 0) + 1 FROM published_reports WHERE force_id = ?", [force_id]
            ).fetchone()[0]

    def reports(self, force_id: str) -> list[PublishedReport]:
        with self._connect() as con:
            rows = con.execute(
                "SELECT * FROM published_reports WHERE force_id = ? ORDER BY version DESC", [force_id]
            ).fetchall()
        return [PublishedReport(**dict(r)) for r in rows]

    def report(self, report_id: int) -> PublishedReport | None:
        with self._connect() as con:
            row = con.execute("SELECT * FROM published_reports WHERE id = ?", [report_id]).fetchone()
        return None if row is None else PublishedReport(**dict(row))
