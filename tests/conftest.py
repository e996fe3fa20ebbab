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


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory) -> Path:
    """The demo force's synthetic files, written once per test run and shared by every worker."""
    return _shared_demo(tmp_path_factory)[1]


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Store:
    """A store holding the demo (built once per test run; tests must not write to it: see demo_copy)."""
    return Store(_shared_demo(tmp_path_factory)[0])


@pytest.fixture
def demo_copy(demo_store: Store, tmp_path: Path) -> Store:
    """A copy of the demo store that a test may load more into."""
    import shutil

    copy = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_store.path, copy)
    return Store(copy)


def _shared_demo(tmp_path_factory) -> tuple[Path, Path]:
    """Build the demo once for all xdist workers: the first to take the lock builds, the rest wait."""
    import fcntl

    from openpeel.demo import build

    root = tmp_path_factory.getbasetemp()
    if "PYTEST_XDIST_WORKER" in __import__("os").environ:
        root = root.parent  # shared by the workers of this run
    folder = root / "shared-demo"
    folder.mkdir(exist_ok=True)
    db, files, done = folder / "demo.duckdb", folder / "files", folder / "built"
    with (folder / "lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not done.exists():
                build(Store(db), files)
                done.touch()
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return db, files


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
