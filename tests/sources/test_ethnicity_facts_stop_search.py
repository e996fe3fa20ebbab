"""Ethnicity facts and figures stop and search download, checked against the cells of the real
published CSV (the shipped excerpt keeps its rows for 2017/18, groups All, Black and White)."""

import shutil

import duckdb
import pytest
from conftest import OPEN, write

from openpeel.ingest import ingest
from openpeel.sources import SourceError
from openpeel.store import Store

EXCERPT = OPEN / "ethnicity-facts-figures" / "stop-and-search-by-ethnicity-and-force-2017-18.csv"
LINES = EXCERPT.read_text().splitlines(keepends=True)
HEADER, BODY = LINES[0], LINES[1:]


def rows(store, sql):
    con = duckdb.connect(str(store.path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("effs") / "store.duckdb")
    ingest([EXCERPT], store)
    return store


def figures(store, force_id):
    return {
        group: (searches, population)
        for group, searches, population in rows(
            store, f"SELECT ethnic_group, searches, population FROM published_stop_search WHERE force_id = '{force_id}'"
        )
    }


def test_counts_and_populations_are_the_published_cells(loaded):
    # 2017/18, 'Police Force Area' rows for Northamptonshire: All 1,321 searches and 691,952 people;
    # Black 172 and 16,923; White 765 and 632,822 (columns 'Number of stop and searches' and
    # 'Population by ethnicity').
    assert figures(loaded, "northamptonshire") == {"all": (1321, 691952), "black": (172, 16923), "white": (765, 632822)}
    assert figures(loaded, "metropolitan")["black"] == (43089, 1088447)
    assert rows(
        loaded, "SELECT DISTINCT period_start::VARCHAR, period_end::VARCHAR, source_key FROM published_stop_search"
    ) == [("2017-04-01", "2018-03-01", "ethnicity-facts-figures/stop-search/2017-18")]


def test_city_of_london_has_no_published_population(loaded):
    # the publisher prints ' N/A ' for City of London's population: searches load, population stays null
    assert figures(loaded, "city-of-london") == {"all": (1223, None), "black": (178, None), "white": (510, None)}


def test_national_rows_and_british_transport_police_are_left_out(loaded):
    assert rows(loaded, "SELECT count(DISTINCT force_id), count(*) FROM published_stop_search") == [(43, 129)]
    # the 43 forces add up to the publisher's 'All - excluding BTP' searches (274,464 / 53,985 / 145,886)
    assert rows(
        loaded,
        """SELECT sum(searches) FILTER (ethnic_group = 'all'), sum(searches) FILTER (ethnic_group = 'black'),
        sum(searches) FILTER (ethnic_group = 'white') FROM published_stop_search""",
    ) == [(274464, 53985, 145886)]


def test_loading_the_same_year_again_replaces_it(loaded, tmp_path):
    store = Store(shutil.copy(loaded.path, tmp_path / "store.duckdb"))
    again = write(tmp_path / "stop-and-search.csv", HEADER + "".join(BODY))
    ingest([again], store)
    assert rows(store, "SELECT count(*) FROM published_stop_search") == [(129,)]


MET_BLACK = next(line for line in BODY if ",Black,ONS 2001 5+1,Metropolitan Police," in line)


@pytest.mark.parametrize(
    "header, body, expected",
    [
        (
            HEADER.replace("Population by ethnicity", "Population"),
            [MET_BLACK],
            "row 1, column 'Population by ethnicity': required column is missing",
        ),
        (
            HEADER.replace(" Number of stop and searches ", " Searches "),
            [MET_BLACK],
            "row 1, column 'Number of stop and searches': required column is missing",
        ),
        (
            HEADER,
            [MET_BLACK.replace('"43,089"', "lots")],
            "row 2, column 'Number of stop and searches': 'lots' is not a whole number",
        ),
        (
            HEADER,
            [MET_BLACK.replace('"1,088,447"', "-")],
            "row 2, column 'Population by ethnicity': '-' is not a whole number",
        ),
        (
            HEADER,
            [MET_BLACK.replace(",Black,", ",Purple,")],
            "row 2, column 'Ethnicity': 'Purple' is not a broad ethnic group",
        ),
        (
            HEADER,
            [MET_BLACK.replace("Metropolitan Police", "Gotham City")],
            "row 2, column 'Geography': unknown force 'Gotham City'",
        ),
        (HEADER, [MET_BLACK.replace("2017/18", "2017/19")], "row 2, column 'Time': '2017/19' is not a financial year"),
        (
            HEADER,
            [MET_BLACK.replace("Financial year", "Calendar year")],
            "row 2, column 'Time_type': 'Calendar year' is not 'Financial year'",
        ),
        (HEADER, [MET_BLACK, MET_BLACK], "row 2, column 'Geography': year, classification, group and area"),
    ],
)
def test_bad_files_are_refused_and_the_store_is_unchanged(loaded, tmp_path, header, body, expected):
    store = Store(shutil.copy(loaded.path, tmp_path / "store.duckdb"))
    before = rows(store, "SELECT count(*), sum(load_id), sum(searches) FROM published_stop_search")
    bad = write(tmp_path / "stop-and-search.csv", header + "".join(body))
    with pytest.raises(SourceError) as caught:
        ingest([bad], store)
    assert "stop-and-search.csv" in str(caught.value)
    assert expected in str(caught.value)
    assert rows(store, "SELECT count(*), sum(load_id), sum(searches) FROM published_stop_search") == before
