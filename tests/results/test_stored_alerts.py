"""Alerts are worked out when data loads and stored with the results, so reading them is a read.

The store is the web tests' small world (tests/web/world.py), whose alerts were worked by hand:
Northamptonshire (demo) fell short of the 90% standard for 999 calls answered within 10 seconds in
the year ending July 2024, left the typical range in the year ending January 2025, and fell
significantly on the year before in the year ending March 2025.
"""

import shutil

import pytest

from openpeel.assess import Assessor
from openpeel.backends import duckdb_backend
from openpeel.ingest import ingest
from openpeel.store import Store
from openpeel.web import data
from tests.web import world

ANSWERED = "calls.emergency_answered_10s_share"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Store:
    return world.build(tmp_path_factory.mktemp("alerts"))


def stored(store: Store, force_id: str) -> list[tuple]:
    with store.reading() as con:
        return con.execute(
            "SELECT strftime(happened, '%Y-%m-%d'), kind, indicator_id FROM _alerts WHERE force_id = ? "
            "ORDER BY happened DESC, seq",
            [force_id],
        ).fetchall()


def test_a_load_stores_the_alerts_worked_by_hand(built):
    assert stored(built, world.DEMO) == [
        ("2025-03-31", "significant_change", ANSWERED),
        ("2025-01-31", "left_range", ANSWERED),
        ("2024-07-31", "below_standard", ANSWERED),
    ]


def test_stored_alerts_are_those_worked_out_from_the_results_for_every_force(built):
    q = data.Query(Assessor(duckdb_backend(built)))
    with built.reading() as con:
        everyone = [f for (f,) in con.execute("SELECT DISTINCT force_id FROM _results ORDER BY 1").fetchall()]
    compared = 0
    for force_id in everyone:
        last = data.alert_period(q, force_id)
        if last is None:
            continue
        # the world's history is exactly the thirteen rolling years a force's alerts look back over
        assert data.alerts(q, force_id) == data.worked_out_alerts(q, force_id, last), force_id
        compared += 1
    assert compared == 7


def test_a_load_works_out_again_the_alerts_of_what_it_changed(built, tmp_path):
    store = Store(tmp_path / "copy.duckdb")
    shutil.copyfile(built.path, store.path)
    kent_before = stored(store, world.OTHER)
    steady = tmp_path / "steady-synthetic.csv"  # the demo force answers 95% every year
    lines = ["force,indicator,component,period_start,period_end,value,publisher"]
    for p in world.YEARS:
        span = f"{p.start:%Y-%m},{p.end:%Y-%m}"
        lines.append(f"{world.DEMO},{ANSWERED},answered_10s,{span},{world.CALLS * 95 // 100},test (synthetic)")
        lines.append(f"{world.DEMO},{ANSWERED},calls,{span},{world.CALLS},test (synthetic)")
    steady.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ingest([steady], store)
    assert [a for a in stored(store, world.DEMO) if a[1] in ("below_standard", "significant_change")] == []
    assert stored(store, world.OTHER) == kent_before
