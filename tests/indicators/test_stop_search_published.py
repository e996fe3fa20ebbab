"""Stop and search indicators from the Ethnicity facts and figures download, checked against the
figures the publication prints (its CSV, 2017/18, 'Police Force Area' rows)."""

import pytest
from conftest import OPEN, write

from openpeel.assess import Assessor
from openpeel.backends import duckdb_backend
from openpeel.indicators import catalogue, engine
from openpeel.indicators.stop_search_published import PUBLISHED
from openpeel.ingest import ingest
from openpeel.periods import Period
from openpeel.store import Store

EXCERPT = OPEN / "ethnicity-facts-figures" / "stop-and-search-by-ethnicity-and-force-2017-18.csv"
FY = Period.parse("ye-2018-03")
POLICE_UK_HEADER = (
    "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
    "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
    "Outcome linked to object of search,Removal of more than just outer clothing\n"
)
POLICE_UK_ROW = (
    "Person search,2017-06-03T08:05:00+00:00,,,,,Male,18-24,Black/African/Caribbean/Black British - Any other Black/"
    "African/Caribbean background,Black,Misuse of Drugs Act 1971 (section 23),Controlled drugs,A no further action "
    "disposal,False,False\n"
)


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    folder = tmp_path_factory.mktemp("published")
    store = Store(folder / "store.duckdb")
    # one hand-made data.police.uk search in June 2017 for Northamptonshire, to show which source wins when
    records = write(folder / "2017-06-northamptonshire-stop-and-search.csv", POLICE_UK_HEADER + POLICE_UK_ROW)
    ingest([EXCERPT, records], store)
    return duckdb_backend(store)


def value(backend, indicator_id, force_id, period=FY):
    return engine.run(catalogue.get(indicator_id), backend, period).values[force_id]


def test_disproportionality_is_computed_from_counts_and_the_published_populations(backend):
    v = value(backend, "stop_search.disproportionality_black_white", "northamptonshire")
    # searches Black 172 of 16,923 people, White 765 of 632,822: the publication's rates are 10.16 and
    # 1.21 per 1,000 ('Rate per 1,000 population by ethnicity'), 8.4 times
    assert v.value == pytest.approx((172 / 16923) / (765 / 632822))
    assert (round(v.numerator, 2), round(v.denominator, 2), round(v.value, 1)) == (10.16, 1.21, 8.4)
    assert v.source == PUBLISHED
    met = value(backend, "stop_search.disproportionality_black_white", "metropolitan")
    # Metropolitan Police: 43,089 of 1,088,447 (39.59 per 1,000) and 45,423 of 4,881,636 (9.3)
    assert (round(met.numerator, 2), round(met.denominator, 2), round(met.value, 1)) == (39.59, 9.30, 4.3)


def test_city_of_london_gets_no_rate_and_says_why(backend):
    v = value(backend, "stop_search.disproportionality_black_white", "city-of-london")
    assert v.value is None
    assert v.reason == "no figure for residents_black, residents_white"
    assert (v.components["searches_black"], v.components["searches_white"]) == (178, 510)


def test_england_and_wales_figure_leaves_out_british_transport_police(backend):
    result = Assessor(backend).comparison(catalogue.get("stop_search.disproportionality_black_white"), FY)
    assert result.forces_compared == 42  # City of London has no population by ethnicity
    national = result.england_and_wales
    # the 42 forces' counts and populations; the publication's 'All - excluding BTP' row prints
    # 28.95 and 3.03 per 1,000 (it also counts City of London's searches and residents): 9.6 times
    assert national.value == pytest.approx(((53985 - 178) / (1864890 - 193)) / ((145886 - 510) / (48209395 - 5799)))
    assert round(national.value, 1) == round(28.95 / 3.03, 1) == 9.6


def test_searches_in_the_financial_year(backend):
    v = value(backend, "stop_search.searches", "northamptonshire")
    assert (v.value, v.source, v.months_covered) == (1321, PUBLISHED, 12)


def test_the_published_year_wins_only_for_periods_containing_it(backend):
    # data.police.uk has one search for Northamptonshire in June 2017; the published year contains
    # the twelve months to March 2018, so it is preferred there and only there
    assert value(backend, "stop_search.searches", "northamptonshire").value == 1321
    june = value(backend, "stop_search.searches", "northamptonshire", Period.parse("2017-06"))
    assert (june.value, june.source) == (1, "data.police.uk stop and search")
    year_to_february = engine.run(catalogue.get("stop_search.searches"), backend, Period.parse("ye-2018-02")).values
    assert year_to_february["northamptonshire"].source == "data.police.uk stop and search"
    assert "metropolitan" not in year_to_february
