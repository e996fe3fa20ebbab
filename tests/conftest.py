"""Shared fixtures: a fresh store per test, the shipped real files, and the CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from openpeel.shipped import shipped_data_dir
from openpeel.store import Store

OPEN = shipped_data_dir()
POLICE_UK = OPEN / "police-uk"
HOME_OFFICE = OPEN / "home-office"
ONS = OPEN / "ons"
HMICFRS = OPEN / "hmicfrs"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "test.duckdb")


@pytest.fixture
def cli(tmp_path: Path):
    """Run ``openpeel`` in-process against a fresh store; returns the click Result."""
    from openpeel.cli import app

    runner = CliRunner()
    db = tmp_path / "cli.duckdb"

    def run(*args: str):
        return runner.invoke(app, ["--db", str(db), *args], catch_exceptions=False)

    run.db = db
    return run


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


SEED_NAME = "000_440047dec6ca2f53.txt"


def seed_report_path() -> Path:
    """The published report the product reproduces: ``shared/seed/`` beside the repository.

    The repository's parent holds ``shared/`` (``/work/main`` beside ``/work/shared``); a git
    worktree may sit a level deeper, so each folder above the repository is tried in turn. A test
    that needs the report fails when it is missing rather than skipping.
    """
    repository = Path(__file__).resolve().parents[1]
    for folder in repository.parents:
        candidate = folder / "shared" / "seed" / SEED_NAME
        if candidate.exists():
            return candidate
    raise AssertionError(f"the seed report shared/seed/{SEED_NAME} is not beside the repository {repository}")


def rows(store: Store, sql: str) -> list[tuple]:
    """The rows a query returns from a store, read through a read-only connection of its own."""
    import duckdb

    con = duckdb.connect(str(store.path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()
