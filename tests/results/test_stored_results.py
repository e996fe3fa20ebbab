"""Stored results: equal to a fresh computation, refreshed exactly where a load changed something,
and never half-written."""

from __future__ import annotations

import math
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import HOME_OFFICE, ONS, POLICE_UK

from openpeel.backends import duckdb_backend
from openpeel.indicators.catalogue import all_indicators
from openpeel.ingest import ingest
from openpeel.periods import Period
from openpeel.results import compute as compute_module
from openpeel.results import schema
from openpeel.results.compute import compute
from openpeel.results.plan import current_periods, dependencies
from openpeel.settings import ComparisonSettings
from openpeel.store import Store
from tests.results.helpers import checksums, stored_rows

CITY_2016 = sorted(POLICE_UK.glob("2016-*-city-of-london-stop-and-search.csv"))


def fresh_rows(store: Store) -> dict[str, list[dict]]:
    """Every result computed from scratch, in one go, as the store would hold it."""
    backend = duckdb_backend(store)
    indicators = all_indicators()
    periods = current_periods(backend, indicators)
    rows = compute(backend, {ind: periods for ind in indicators}, ComparisonSettings())
    return {schema.RESULTS: rows.results, schema.COMPARISONS: rows.comparisons, schema.DEFAULTS: rows.defaults}


def assert_same_rows(stored: dict[str, list[dict]], fresh: dict[str, list[dict]]) -> None:
    keys = {
        schema.RESULTS: ("indicator_id", "period", "force_id"),
        schema.COMPARISONS: ("indicator_id", "period", "world"),
        schema.DEFAULTS: ("indicator_id", "scope"),
    }
    for table, key in keys.items():
        a = {tuple(r[k] for k in key): r for r in stored[table]}
        b = {tuple(r[k] for k in key): r for r in fresh[table]}
        assert a.keys() == b.keys(), (table, sorted(a.keys() ^ b.keys())[:5])
        assert a, f"no {table} rows to compare"
        for k in a:
            for column, value in b[k].items():
                assert _same(a[k][column], value), (table, k, column, a[k][column], value)


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        if a is None or b is None:
            return a is None and b is None
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)  # sums of doubles may add in another order
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return list(a) == list(b)
    if hasattr(a, "date") and not isinstance(b, type(a)):  # a timestamp read back against a date
        return a.date() == b
    return a == b


def load_piecemeal(store: Store) -> None:
    """The shipped real data, loaded the way a user would: a few files at a time."""
    ingest(CITY_2016[:6], store)
    ingest([ONS / "census2011-ethnicity-by-police-force-area.csv"], store)
    ingest(CITY_2016[6:], store)
    ingest(
        [
            ONS / "mid-year-population-english-police-force-areas-2009-2019.csv",
            POLICE_UK / "2015-05-metropolitan-stop-and-search.csv",
        ],
        store,
    )
    ingest(sorted(HOME_OFFICE.glob("*")), store)
    ingest(sorted(POLICE_UK.glob("*-street.csv")) + sorted(POLICE_UK.glob("*-outcomes.csv")), store)


def test_results_loaded_piece_by_piece_equal_a_fresh_computation(store):
    load_piecemeal(store)
    assert_same_rows(stored_rows(store), fresh_rows(store))


def test_demo_results_equal_a_fresh_computation(demo_store):
    assert_same_rows(stored_rows(demo_store), fresh_rows(demo_store))


def test_one_period_computed_alone_equals_the_stored_result(demo_store):
    from openpeel.assess import Assessor
    from openpeel.indicators import catalogue, engine

    backend = duckdb_backend(demo_store)
    assessor = Assessor(backend)
    checked = 0
    for indicator_id, code in [
        ("calls.emergency_answered_10s_share", "ye-2025-12"),
        ("outcomes.charged_share", "ye-2025-03"),
        ("use_of_force.under_recorded", "ye-2025-03"),
        ("digital_forensics.tier3_queue", "2025-09"),
        ("bail.lapsed_per_1000_arrests", "ye-2025-09"),
        ("wanted.local_only", "ye-2025-05"),
    ]:
        ind, period = catalogue.get(indicator_id), Period.parse(code)
        assert assessor.stored.has(ind, period), (indicator_id, code)
        stored = assessor.run(ind, period).values
        alone = engine.run(ind, backend, period).values
        assert stored.keys() == alone.keys() and stored, indicator_id
        for force_id, fv in alone.items():
            assert _same(stored[force_id].value, fv.value), (indicator_id, force_id)
            assert stored[force_id].components == fv.components
            checked += 1
    assert checked > 40


# -- what a load makes stale ---------------------------------------------------------------------


def shifted_month(source: Path, folder: Path, month: str) -> Path:
    """A copy of a police.uk stop-and-search file with every date moved into another month."""
    text = source.read_text(encoding="utf-8-sig")
    old = source.name[:7]
    target = folder / source.name.replace(old, month)
    target.write_text(text.replace(f"{old}-", f"{month}-"), encoding="utf-8")
    return target


def test_a_new_month_for_one_force_recomputes_only_what_it_touches(store, tmp_path, monkeypatch):
    ingest(
        CITY_2016
        + [
            ONS / "census2011-ethnicity-by-police-force-area.csv",
            ONS / "mid-year-population-english-police-force-areas-2009-2019.csv",
        ],
        store,
    )
    ingest(sorted(HOME_OFFICE.glob("*")), store)
    before = stored_rows(store)
    seen: list[dict] = []
    real = compute_module.compute

    def watching(backend, work, settings, on_indicator=None):
        seen.append({ind.id: [p.code() for p in periods] for ind, periods in work.items()})
        return real(backend, work, settings, on_indicator)

    monkeypatch.setattr("openpeel.results.refresh.compute", watching)
    ingest([shifted_month(CITY_2016[-1], tmp_path, "2017-01")], store)
    (work,) = seen
    backend = duckdb_backend(store)
    readers = {i.id for i in all_indicators() if "stop_search" in dependencies(i, backend)}
    assert set(work) == readers and "stop_search.searches" in readers and "use_of_force.incidents" not in readers
    # the month itself, the year ending then, 2017 and the financial year 2016/17, and the periods whose
    # change looks back at one of them: 2018 (against 2017) and the year ending September 2018 (a
    # standard period because of the September 2018 workforce snapshot), against the year to
    # September 2017. Nothing earlier.
    for indicator_id, periods in work.items():
        assert sorted(periods) == sorted(["2017-01", "ye-2017-01", "2017", "ye-2017-03", "2018", "ye-2018-09"]), (
            indicator_id
        )
    after = stored_rows(store)
    for table, key in (
        (schema.RESULTS, ("indicator_id", "period", "force_id")),
        (schema.COMPARISONS, ("indicator_id", "period", "world")),
    ):
        untouched_before = {
            tuple(r[k] for k in key): r
            for r in before[table]
            if (r["indicator_id"], r["period"]) not in {(i, p) for i, ps in work.items() for p in ps}
        }
        untouched_after = {
            tuple(r[k] for k in key): r
            for r in after[table]
            if (r["indicator_id"], r["period"]) not in {(i, p) for i, ps in work.items() for p in ps}
        }
        assert untouched_before == untouched_after, table
    assert_same_rows(after, fresh_rows(store))
    searches = {
        (r["period"], r["force_id"]): r["value"]
        for r in after[schema.RESULTS]
        if r["indicator_id"] == "stop_search.searches"
    }
    assert searches[("2017-01", "city-of-london")] == searches[("2016-12", "city-of-london")] == 114


def test_a_load_nothing_reads_recomputes_nothing(store, monkeypatch):
    ingest(CITY_2016, store)
    calls = []
    monkeypatch.setattr("openpeel.results.refresh.compute", lambda *a, **k: calls.append(a))
    ingest([ONS / "lad-to-csp-to-pfa-dec2016-lookup.csv"], store)  # a lookup no indicator reads
    assert calls == []


ARRESTS = "arrest_ref,arrested_at,force\n" + "".join(
    f"A{i},2024-{month:02d}-1{i % 9} 10:00:00,Kent\n" for month in (1, 2, 3) for i in range(month * 10, month * 10 + 5)
)


def test_a_replaced_extract_drops_the_months_it_no_longer_has(store, tmp_path):
    extract = tmp_path / "arrests-kent.csv"
    extract.write_text(ARRESTS, encoding="utf-8")
    ingest([extract], store)
    backend = duckdb_backend(store)
    assert backend.results.has(_ind("arrests.count"), Period.parse("2024-03"))
    extract.write_text(
        "\n".join(line for line in ARRESTS.splitlines() if "2024-03" not in line) + "\n", encoding="utf-8"
    )
    ingest([extract], store)
    after = stored_rows(store)
    periods = {r["period"] for r in after[schema.RESULTS] if r["indicator_id"] == "arrests.count"}
    # March has gone; the financial year 2023/24 (ending March 2024) stays, with two months in it
    assert "2024-03" not in periods and {"2024-01", "2024-02", "2024", "ye-2024-03"} <= periods
    counts = {r["period"]: r["value"] for r in after[schema.RESULTS] if r["indicator_id"] == "arrests.count"}
    assert counts["2024"] == counts["ye-2024-03"] == 10 and counts["2024-02"] == 5
    assert_same_rows(after, fresh_rows(store))


def _ind(indicator_id):
    from openpeel.indicators import catalogue

    return catalogue.get(indicator_id)


# -- failed loads ----------------------------------------------------------------------------------


def test_a_refused_file_leaves_records_and_results_as_they_were(store, tmp_path):
    from openpeel.sources import SourceError

    ingest(CITY_2016[:3], store)
    before = checksums(store)
    bad = tmp_path / "2016-04-city-of-london-stop-and-search.csv"
    bad.write_text(
        CITY_2016[3].read_text(encoding="utf-8-sig").replace("Person search", "Beamed up", 1), encoding="utf-8"
    )
    with pytest.raises(SourceError):
        ingest([CITY_2016[4], bad], store)
    assert checksums(store) == before


def test_a_failure_while_refreshing_results_loses_nothing(store, monkeypatch):
    ingest(CITY_2016[:3], store)
    before = checksums(store)

    def broken(*args, **kwargs):
        raise RuntimeError("the refresh broke")

    monkeypatch.setattr("openpeel.results.refresh.compute", broken)
    with pytest.raises(RuntimeError, match="the refresh broke"):
        ingest(CITY_2016[3:6], store)
    assert checksums(store) == before
    assert not list(store.path.parent.glob(f".{store.path.name}.load-*"))


def test_a_full_disk_leaves_the_store_as_it_was(store, monkeypatch):
    import errno
    import os

    from openpeel.store import StoreError

    ingest(CITY_2016[:3], store)
    before = checksums(store)
    real_replace = os.replace

    def full(src, dst, *args, **kwargs):
        if str(dst) == str(store.path):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr("openpeel.store.os.replace", full)
    with pytest.raises(StoreError, match="No space left on device"):
        ingest(CITY_2016[3:6], store)
    assert checksums(store) == before


def test_a_reader_sees_the_store_before_or_after_a_load_never_between(store):
    ingest(CITY_2016[:3], store)
    old = duckdb_backend(store)
    searches = lambda b: b.con.raw_sql("SELECT count(*) FROM stop_search").fetchone()[0]  # noqa: E731
    first = searches(old)
    ingest(CITY_2016[3:6], store)
    assert searches(old) == first  # a reader that started before the load keeps its version
    assert searches(duckdb_backend(store)) > first


def test_a_store_path_that_is_a_folder_is_named(tmp_path):
    from openpeel.store import StoreError

    folder = tmp_path / "a-folder.duckdb"
    folder.mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        Store(folder).loads()


def test_a_file_that_is_not_a_store_is_refused_and_left_alone(tmp_path):
    from openpeel.store import StoreError

    csv = tmp_path / "data.csv"
    csv.write_text("a,b\n1,2\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="not an openpeel store"):
        ingest(CITY_2016[:1], Store(csv))
    assert csv.read_text(encoding="utf-8") == "a,b\n1,2\n" * 100


def test_copying_a_store_keeps_its_results(store, tmp_path):
    ingest(CITY_2016[:2], store)
    copy = Store(tmp_path / "copy.duckdb")
    shutil.copyfile(store.path, copy.path)
    assert stored_rows(copy) == stored_rows(store)
    assert date(2016, 1, 1) in {r["period_start"] for r in stored_rows(copy)[schema.RESULTS]}
