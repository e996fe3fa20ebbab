"""The Force records I measures give the same figures on Spark as on DuckDB, over the hand-made
extracts of tests/indicators/test_records_response_powers.py (the shipped open data has no force extracts)."""

import math

import pytest
from indicators.test_records_response_powers import MARCH, load_extracts

from openpeel.backends import duckdb_backend, export_parquet, spark_backend
from openpeel.indicators import catalogue, engine

# the module's store is built once, on one worker (scripts/test runs xdist with --dist loadgroup)
pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark_force_records")]

RECORD_TABLES = {
    "calls_999",
    "calls_101",
    "incidents",
    "stop_search_records",
    "use_of_force_reports",
    "arrests",
    "asb_incidents",
    "asb_orders",
    "neighbourhood_duty",
}
MEASURES = sorted(i.id for i in catalogue.all_indicators() if {s.table for s in i.sources} & RECORD_TABLES)


@pytest.fixture(scope="module")
def backends(tmp_path_factory):
    folder = tmp_path_factory.mktemp("records-i-parity")
    store = load_extracts(folder)
    export_parquet(store, folder / "parquet")
    return duckdb_backend(store), spark_backend(folder / "parquet")


def _same(a, b):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("indicator_id", MEASURES)
def test_spark_agrees_on_force_records(backends, indicator_id):
    duck, spark = backends
    indicator = catalogue.get(indicator_id)
    for period in (MARCH, MARCH.previous()):
        d = engine.run(indicator, duck, period).values
        s = engine.run(indicator, spark, period).values
        assert d.keys() == s.keys(), period
        for force_id, a in d.items():
            b = s[force_id]
            assert a.source == b.source
            for field in ("value", "numerator", "denominator"):
                assert _same(getattr(a, field), getattr(b, field)), (period, force_id, field)
    assert "kent" in engine.run(indicator, duck, MARCH).values
