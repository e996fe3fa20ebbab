"""The same catalogue on DuckDB and on Spark must give the same figures.

Every indicator runs on both backends over the shipped real data and the demo's synthetic extracts
(the only record-level data shipped), at its default period, the period before and one fixed
period per table. An indicator that Spark cannot run is listed in
``SPARK_GAPS`` with the reason and the error expected, so a gap is never skipped silently and a
fixed gap shows up as an unexpected pass.
"""

import math

import pytest

from openpeel.backends import duckdb_backend, export_parquet, spark_backend
from openpeel.demo import build
from openpeel.indicators import catalogue, engine
from openpeel.ingest import ingest
from openpeel.shipped import shipped_data_dir
from openpeel.store import Store

pytestmark = pytest.mark.spark

# indicator id -> (expected exception type, reason)
SPARK_GAPS: dict[str, tuple[type[BaseException], str]] = {}


@pytest.fixture(scope="module")
def backends(tmp_path_factory):
    folder = tmp_path_factory.mktemp("parity")
    store = Store(folder / "store.duckdb")
    ingest(sorted(shipped_data_dir().glob("police-uk/*stop-and-search.csv")), store)
    build(store, folder / "demo")
    export_parquet(store, folder / "parquet")
    return duckdb_backend(store), spark_backend(folder / "parquet")


def _periods(indicator, duck):
    latest = engine.latest_period(indicator, duck)
    return [] if latest is None else [latest, latest.previous()]


def _same(a, b):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.parametrize("indicator_id", [i.id for i in catalogue.all_indicators()])
def test_duckdb_and_spark_agree(backends, indicator_id):
    duck, spark = backends
    indicator = catalogue.get(indicator_id)
    periods = _periods(indicator, duck)
    assert periods, f"{indicator_id} has no data in the shipped files; give it some or list it as a gap"
    if indicator_id in SPARK_GAPS:
        error, reason = SPARK_GAPS[indicator_id]
        with pytest.raises(error):
            engine.run(indicator, spark, periods[0])
        pytest.xfail(reason)
    assert engine.latest_period(indicator, spark) == periods[0]
    for period in periods:
        d = engine.run(indicator, duck, period).values
        s = engine.run(indicator, spark, period).values
        assert d.keys() == s.keys(), period
        for force_id in d:
            a, b = d[force_id], s[force_id]
            for field in ("value", "numerator", "denominator"):
                assert _same(getattr(a, field), getattr(b, field)), (period, force_id, field)
            assert (a.reason, a.months_covered, a.source_keys, a.notes) == (b.reason, b.months_covered, b.source_keys, b.notes)
