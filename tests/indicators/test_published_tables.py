"""Indicators from the shipped Home Office, ONS, data.police.uk and HMICFRS files, checked by hand."""

import pytest

from openpeel.assess import Assessor
from openpeel.backends import duckdb_backend
from openpeel.indicators import catalogue, engine
from openpeel.ingest import ingest
from openpeel.periods import Period
from openpeel.shipped import shipped_data_dir

# the module's store is built once, on one worker (scripts/test runs xdist with --dist loadgroup)
pytestmark = pytest.mark.xdist_group("published_tables")

UOF_YEAR = Period.parse("ye-2020-03")


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    from openpeel.store import Store

    store = Store(tmp_path_factory.mktemp("pub") / "store.duckdb")
    ingest([shipped_data_dir()], store)
    return duckdb_backend(store)


def run(backend, indicator_id, period):
    return engine.run(catalogue.get(indicator_id), backend, Period.parse(period) if isinstance(period, str) else period)


def test_use_of_force_disproportionality_from_table_16_and_the_census(backend):
    v = run(backend, "use_of_force.disproportionality_black_white", UOF_YEAR).values["northamptonshire"]
    # Table 16 'Total Tactics': Black 946, White 8358; census 2011: Black 16,923, White 632,822 residents
    assert v.value == pytest.approx((946 / 16923) / (8358 / 632822))
    assert round(v.value, 1) == 4.2
    assert "2011 census usual residents" in v.notes


def test_england_and_wales_disproportionality_sums_counts_before_dividing(backend):
    result = Assessor(backend).comparison(catalogue.get("use_of_force.disproportionality_black_white"), UOF_YEAR)
    assert result.forces_compared == 43
    # sums over the 43 forces: tactics on Black people 111,252 and White 508,663 (Table 16's own
    # England and Wales row); census Black 1,864,890 and White 48,209,395 residents
    assert result.england_and_wales.value == pytest.approx((111252 / 1864890) / (508663 / 48209395), rel=1e-9)


def test_use_of_force_rate_uses_the_mid_year_estimate_and_wales_falls_back_to_the_census(backend):
    runs = run(backend, "use_of_force.rate_per_1000", UOF_YEAR).values
    northants = runs["northamptonshire"]
    assert northants.value == pytest.approx(1000 * 6620 / 753278)  # Table 12; ONS mid-2019
    assert northants.notes == ("ONS mid-2019 population estimate",)
    assert "2011 census usual residents" in runs["south-wales"].notes[0]


def test_use_of_force_tactics_change_on_the_year_before(backend):
    result = Assessor(backend).result(catalogue.get("use_of_force.tactics"), "northamptonshire", UOF_YEAR)
    assert result.value.value == 9928 and result.change.previous_value == 12143  # 2019/20 table, 2018/19 CSV
    assert result.change.percent_change == pytest.approx(100 * (9928 - 12143) / 12143)


def test_city_of_london_rates_carry_the_resident_warning(backend):
    result = Assessor(backend).result(
        catalogue.get("stop_search.rate_per_1000"), "city-of-london", Period.parse("2016")
    )
    assert result.value.value == pytest.approx(1000 * 1330 / 7246)  # ONS mid-2016: 7,246 residents
    assert "transient" in result.to_dict()["warnings"][0]


def test_street_crime_and_antisocial_behaviour(backend):
    assert run(backend, "crime.recorded", "2016-12").values["city-of-london"].value == 646 - 157
    assert run(backend, "asb.incidents", "2016-12").values["city-of-london"].value == 157
    share = run(backend, "crime.last_outcome_share.investigation_complete_no_suspect_identified", "2016-12").values[
        "city-of-london"
    ]
    assert (share.numerator, share.denominator) == (250, 489)
    charged = run(backend, "crime.outcome_assigned_share.suspect_charged", "2016-12").values["city-of-london"]
    assert (charged.numerator, charged.denominator) == (66, 376)


def test_workforce_as_at_the_latest_snapshot_in_the_period(backend):
    year = Period.parse("ye-2019-09")
    assert run(backend, "workforce.officers_fte", year).values["northamptonshire"].value == pytest.approx(1254.68)
    # headcount: officers 1,297 + staff 883 + designated officers 34 + PCSOs 101
    assert run(backend, "workforce.headcount", year).values["northamptonshire"].value == 2315


def test_published_estimates_have_no_national_sum(backend):
    cmp = Assessor(backend).comparison(catalogue.get("crime_recording.recorded_share"), Period.parse("ye-2017-09"))
    wm = cmp.of("west-midlands")
    assert wm.value == pytest.approx(83.8)
    assert cmp.england_and_wales.value is None and "cannot be summed" in cmp.england_and_wales.reason
