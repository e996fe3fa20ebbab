"""The web state beside the store, the commands that manage it, and the store being replaced."""

from __future__ import annotations

import os
import shutil

import pytest
from typer.testing import CliRunner

from openpeel.cli import app as cli_app
from openpeel.store import Store
from openpeel.web.roles import Role
from openpeel.web.state import StateError, WebState, path_for

pytestmark = pytest.mark.xdist_group("web")  # one store and server per worker, built once


def test_state_file_is_named_from_the_store(tmp_path):
    assert path_for(tmp_path / "openpeel.duckdb") == tmp_path / "openpeel.web.sqlite"


def test_accounts_hash_passwords_and_check_roles(tmp_path):
    state = WebState(tmp_path / "s.web.sqlite")
    account = state.add_account("ana", "force", "correct horse battery", "Northamptonshire")
    assert account.role is Role.FORCE and account.force_id == "northamptonshire"
    import sqlite3

    stored = sqlite3.connect(state.path).execute("SELECT password_hash FROM accounts").fetchone()[0]
    assert stored.startswith("$argon2id$") and "correct horse" not in stored
    assert state.check_password("ana", "correct horse battery").name == "ana"
    assert state.check_password("ana", "wrong") is None and state.check_password("nobody", "x") is None
    with pytest.raises(StateError, match="needs --force"):
        state.add_account("bob", "force", "correct horse battery")
    with pytest.raises(StateError, match="at least 12"):
        state.add_account("bob", "inspector", "short")
    with pytest.raises(StateError, match="already exists"):
        state.add_account("ana", "inspector", "correct horse battery")
    with pytest.raises(Exception, match="unknown role"):
        state.add_account("bob", "superuser", "correct horse battery")


def test_users_commands(tmp_path):
    db = tmp_path / "x.duckdb"
    runner = CliRunner()
    added = runner.invoke(
        cli_app,
        ["--db", str(db), "users", "add", "ins", "--role", "inspector"],
        input="correct horse battery\ncorrect horse battery\n",
    )
    assert added.exit_code == 0, added.output
    listed = runner.invoke(cli_app, ["--db", str(db), "users", "list", "--format", "csv"])
    assert listed.output.splitlines()[1].startswith("ins,inspector,,")
    refused = runner.invoke(
        cli_app, ["--db", str(db), "users", "add", "f", "--role", "force", "--password", "correct horse battery"]
    )
    assert refused.exit_code == 2 and "needs --force" in refused.output
    assert not db.exists()  # accounts never touch the store


def test_publish_command_copies_the_report_and_numbers_versions(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.html").write_text("<html><head><title>PEEL: Kent</title></head></html>", encoding="utf-8")
    db = tmp_path / "p.duckdb"
    runner = CliRunner()
    for _ in range(2):
        result = runner.invoke(cli_app, ["--db", str(db), "publish", "--force", "kent", "--from", str(out)])
        assert result.exit_code == 0, result.output
    reports = WebState.beside(db).reports("kent")
    assert [(r.version, r.title, r.pdf_path) for r in reports] == [(2, "PEEL: Kent", None), (1, "PEEL: Kent", None)]
    assert (tmp_path / "p.reports" / reports[0].html_path).read_text(encoding="utf-8").startswith("<html>")
    empty = runner.invoke(cli_app, ["--db", str(db), "publish", "--force", "kent", "--from", str(tmp_path)])
    assert empty.exit_code == 2 and "no report.html or report.pdf" in empty.output


def test_a_replaced_store_is_reopened_and_never_written(tmp_path, web_store):
    from fastapi.testclient import TestClient

    from openpeel.web.app import create_app

    path = tmp_path / "live.duckdb"
    shutil.copyfile(web_store, path)
    app = create_app(path)
    client = TestClient(app)
    before = os.stat(path)
    assert "ye-2025-03" in [p["period"] for p in client.get("/api/periods").json()]
    assert os.stat(path).st_mtime_ns == before.st_mtime_ns  # read, never written
    # a load writes a whole new store beside it and renames it over the old one
    fresh = Store(tmp_path / "next.duckdb")
    fresh.ensure_schema()
    os.replace(fresh.path, path)
    generation = app.state.holder.generation
    assert client.get("/api/periods").json() == []
    assert app.state.holder.generation == generation + 1


def test_a_missing_store_is_a_clear_503(tmp_path):
    from fastapi.testclient import TestClient

    from openpeel.web.app import create_app

    client = TestClient(create_app(tmp_path / "none.duckdb"))
    answer = client.get("/api/periods")
    assert answer.status_code == 503 and "no store at" in answer.json()["detail"]
    assert "openpeel demo" in client.get("/forces/kent").text
