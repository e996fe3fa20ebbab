"""Stop-and-search indicators on the real data.police.uk files, with values counted by hand."""

import pytest
from conftest import POLICE_UK

from openpeel.assess import Assessor
from openpeel.backends import duckdb_backend
from openpeel.indicators import catalogue, engine
from openpeel.ingest import ingest
from openpeel.periods import Period


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    from openpeel.store import Store

    store = Store(tmp_path_factory.mktemp("ss") / "store.duckdb")
    ingest(sorted(POLICE_UK.glob("*stop-and-search.csv")), store)
    return duckdb_backend(store)


def value(backend, indicator_id, period, force):
    return engine.run(catalogue.get(indicator_id), backend, Period.parse(period)).values[force]


def test_city_of_london_2016(backend):
    searches = value(backend, "stop_search.searches", "2016", "city-of-london")
    assert searches.value == 1330 and searches.complete and searches.months_covered == 12
    assert len(searches.source_keys) == 12
    outcome = value(backend, "stop_search.outcome_rate", "2016", "city-of-london")
    assert (outcome.numerator, outcome.denominator) == (598, 1330)  # 732 'Nothing found - no further action'
    assert outcome.value == pytest.approx(44.962, abs=1e-3)
    linked = value(backend, "stop_search.linked_outcome_rate", "2016", "city-of-london")
    assert (linked.numerator, linked.denominator) == (448, 596)  # 734 rows leave the column blank
    unknown = value(backend, "stop_search.sde_unknown_share", "2016", "city-of-london")
    assert (unknown.numerator, unknown.denominator) == (157, 1330)  # 143 'Not Stated (NS)' + 14 blank


def test_metropolitan_excludes_vehicle_only_searches_and_blank_linked_column_is_null(backend):
    assert value(backend, "stop_search.searches", "2015-05", "metropolitan").value == 11363 - 127
    linked = value(backend, "stop_search.linked_outcome_rate", "2015-05", "metropolitan")
    assert linked.value is None
    assert linked.denominator == 0
    assert "no record says whether the outcome was linked" in linked.reason


def test_current_vintage_month(backend):
    outcome = value(backend, "stop_search.outcome_rate", "2026-02", "city-of-london")
    assert (outcome.numerator, outcome.denominator) == (26, 111)
    unknown = value(backend, "stop_search.sde_unknown_share", "2026-02", "city-of-london")
    assert (unknown.numerator, unknown.denominator) == (26, 111)


def test_default_period_is_the_latest_complete_year(backend):
    ind = catalogue.get("stop_search.searches")
    assert engine.latest_period(ind, backend, "city-of-london") == Period.parse("2016")
    # one month of data only: the year ending with it, flagged incomplete
    assert engine.latest_period(ind, backend, "metropolitan") == Period.parse("ye-2015-05")
    result = Assessor(backend).result(ind, "metropolitan")
    assert result.value.complete is False
    assert result.comparison.of("metropolitan").compared is False


def test_a_force_without_data_gets_a_reason_not_a_zero(backend):
    result = Assessor(backend).result(catalogue.get("stop_search.searches"), "northamptonshire", Period.parse("2016"))
    assert result.value is None
    assert result.to_dict()["value"] is None
    assert "no data for this force" in result.to_dict()["reason"]
