"""Reference denominators: the rule that picks a force's population, read two ways.

``reference.lookup`` reads through the backend (Ibis) for the engine; ``store_population`` reads
the same rows with plain SQL for ``openpeel forces``. Both go through ``choose_population``.
"""

from __future__ import annotations

import json

from conftest import ONS

from openpeel import reference
from openpeel.backends import duckdb_backend
from openpeel.periods import Period
from openpeel.store import Store

CENSUS_NOTE = "2011 census usual residents (no mid-year estimate loaded for this force)"


def test_population_takes_the_latest_estimate_on_or_before_the_year_else_the_earliest_else_the_census():
    estimates = [("a", 2018, 100), ("a", 2021, 130), ("a", 2019, 110), ("b", 2020, 50)]
    census = [("a", 999.0, "2011 census usual residents"), ("c", 70.0, "2011 census usual residents")]
    assert reference.choose_population(estimates, census, 2020) == [
        ("a", 110.0, "ONS mid-2019 population estimate (mid-2020 not loaded; nearest available used)"),
        ("b", 50.0, "ONS mid-2020 population estimate"),
        ("c", 70.0, CENSUS_NOTE),
    ]
    assert reference.choose_population(estimates, census, 2017)[:2] == [
        ("a", 100.0, "ONS mid-2018 population estimate (mid-2017 not loaded; nearest available used)"),
        ("b", 50.0, "ONS mid-2020 population estimate (mid-2017 not loaded; nearest available used)"),
    ]


def test_census_residents_fall_back_to_the_nearest_other_census():
    rows = [("a", 10, 2011), ("a", 12, 2021), ("b", 20, 2021), ("c", 30, 2011)]
    assert reference.choose_residents(rows, 2011) == [
        ("a", 10.0, "2011 census usual residents"),
        ("c", 30.0, "2011 census usual residents"),
        ("b", 20.0, "2021 census usual residents (the 2011 census the period calls for is not loaded)"),
    ]
    assert reference.choose_residents(rows, 2021, fall_back=False) == [
        ("a", 12.0, "2021 census usual residents"),
        ("b", 20.0, "2021 census usual residents"),
    ]


def test_the_store_reading_agrees_with_lookup_on_the_shipped_ons_files(cli):
    assert cli("ingest", str(ONS)).exit_code == 0
    store = Store(cli.db)
    with store.reading() as con:
        year, chosen = reference.store_population(con)
    assert year == 2019  # the shipped mid-year estimates run 2009-2019
    looked_up = reference.lookup("population", duckdb_backend(store), Period.parse("2019"))
    assert sorted(chosen) == sorted(looked_up.itertuples(index=False, name=None))
    by_force = {force_id: (value, note) for force_id, value, note in chosen}
    assert len(by_force) == 43
    assert by_force["northamptonshire"] == (753278.0, "ONS mid-2019 population estimate")
    assert by_force["gwent"] == (576754.0, CENSUS_NOTE)  # no Welsh estimates in the shipped file
    # and `openpeel forces` prints exactly these
    printed = {
        r["id"]: (r["population"], r["population_source"]) for r in json.loads(cli("forces", "--format", "json").stdout)
    }
    assert printed == {force_id: (int(value), note) for force_id, (value, note) in by_force.items()}


def test_forces_without_a_store_lists_them_and_makes_no_store(cli):
    rows = json.loads(cli("forces", "--format", "json").stdout)
    assert len(rows) == 43 and all(r["population"] is None for r in rows)
    assert not cli.db.exists()
