"""Loads that collide, get killed or meet a full disk never damage the store."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import HOME_OFFICE, ONS, POLICE_UK

from openpeel.ingest import ingest
from openpeel.store import Store, StoreError

ROOT = Path(__file__).resolve().parents[2]
FILES = (
    sorted(POLICE_UK.glob("2016-*-stop-and-search.csv"))
    + sorted(HOME_OFFICE.glob("*"))
    + [ONS / "census2011-ethnicity-by-police-force-area.csv", POLICE_UK / "2015-05-metropolitan-stop-and-search.csv"]
)

HOLD = """
import sys, time
from openpeel.store import Store
with Store(sys.argv[1]).transaction():
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _python(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen([sys.executable, *args], env=env, stdout=subprocess.PIPE, text=True, **kwargs)


def _holding(store: Store, seconds: float) -> subprocess.Popen:
    holder = _python("-c", HOLD, str(store.path), str(seconds))
    assert holder.stdout.readline().strip() == "holding"
    return holder


def test_a_second_load_waits_for_the_first(store):
    ingest(FILES[:1], store)
    holder = _holding(store, 1.5)
    started = time.monotonic()
    ingest(FILES[1:2], store)  # waits for the holder, then loads
    assert time.monotonic() - started >= 1.0
    assert holder.wait(timeout=30) == 0
    assert store.count("stop_search") > 0


def test_a_second_load_that_waits_too_long_is_refused_clearly(store, monkeypatch):
    ingest(FILES[:1], store)
    rows = store.count("stop_search")
    holder = _holding(store, 30)
    try:
        monkeypatch.setenv("OPENPEEL_LOCK_WAIT", "0.5")
        with pytest.raises(StoreError, match="another load into .* is still running"):
            ingest(FILES[1:2], store)
    finally:
        holder.kill()
        holder.wait()
    assert store.count("stop_search") == rows
    ingest(FILES[1:2], store)  # the killed holder's copy is swept away and the next load goes ahead
    assert store.count("stop_search") > rows
    assert not list(store.path.parent.glob(f".{store.path.name}.load-*"))


def _state(store: Store) -> tuple[int, int, int]:
    with store.reading() as con:
        return tuple(
            con.execute(q).fetchone()[0]
            for q in (
                "SELECT count(*) FROM stop_search",
                "SELECT count(*) FROM uof_tactics",
                "SELECT count(*) FROM _results",
            )
        )


def test_killed_loads_leave_all_or_none_of_the_load(tmp_path):
    store = Store(tmp_path / "killed.duckdb")
    ingest(FILES[:1], store)
    before = _state(store)
    done = Store(tmp_path / "done.duckdb")
    ingest(FILES[:1], done)
    ingest(FILES[1:], done)
    after = _state(done)
    assert before != after
    rng = random.Random(20261130)
    outcomes = []
    for _ in range(5):
        load = subprocess.Popen(
            [sys.executable, "-m", "openpeel", "--db", str(store.path), "ingest", *map(str, FILES[1:])],
            env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.5, 6.0))
        load.send_signal(signal.SIGKILL)
        load.wait()
        state = _state(store)
        assert state in (before, after), state
        outcomes.append(state == after)
        if state == after:  # start again from before: load into a fresh copy of the first state
            store.path.unlink()
            ingest(FILES[:1], store)
    assert _state(store) in (before, after)
