"""ONS census ethnicity, mid-year population and area lookup files, checked against the real
shipped files."""

import pytest
from conftest import ONS, rows, write

from openpeel.ingest import ingest
from openpeel.sources import SourceError

CENSUS = ONS / "census2011-ethnicity-by-police-force-area.csv"
POPULATION = ONS / "mid-year-population-english-police-force-areas-2009-2019.csv"
LOOKUP = ONS / "lad-to-csp-to-pfa-dec2016-lookup.csv"


def residents(store, force_id):
    return dict(rows(store, f"SELECT ethnic_group, residents FROM census_ethnicity WHERE force_id = '{force_id}'"))


def test_census_2011_broad_groups_by_force(store):
    ingest([CENSUS], store)
    northants = residents(store, "northamptonshire")
    assert northants["all"] == 691952
    assert northants["white"] == 632822
    assert residents(store, "city-of-london")["all"] == 7375
    assert rows(
        store, "SELECT count(DISTINCT force_id), count(*), min(census_year), max(census_year) FROM census_ethnicity"
    ) == [(43, 258, 2011, 2011)]
    # 'Asian' includes Chinese: Avon and Somerset 12248 + 8045 + 3302 + 8976 (Chinese) + 9410 = 41981
    assert residents(store, "avon-and-somerset")["asian"] == 41981
    # the five broad groups add up to 'All categories' in every force
    assert rows(
        store,
        """
        SELECT count(*) FROM (
            SELECT force_id, sum(residents) FILTER (ethnic_group <> 'all') AS groups, max(residents) FILTER (ethnic_group = 'all') AS total
            FROM census_ethnicity GROUP BY 1) WHERE groups <> total""",
    ) == [(0,)]


def test_mid_year_population_of_english_force_areas(store):
    ingest([POPULATION], store)
    assert rows(store, "SELECT count(DISTINCT force_id), count(DISTINCT year), count(*) FROM population") == [
        (39, 11, 429)
    ]
    assert rows(
        store,
        "SELECT population, as_at::VARCHAR, source FROM population WHERE force_id = 'northamptonshire' AND year = 2019",
    ) == [(753278, "2019-06-30", "ONS mid-year estimate")]
    assert rows(store, "SELECT population FROM population WHERE force_id = 'city-of-london' AND year = 2016") == [
        (7246,)
    ]
    assert rows(store, "SELECT population FROM population WHERE force_id = 'metropolitan' AND year = 2009") == [
        (7461878,)
    ]
    assert rows(
        store,
        "SELECT count(*) FROM population WHERE force_id IN ('gwent', 'south-wales', 'north-wales', 'dyfed-powys')",
    ) == [(0,)]


def test_area_lookup(store):
    ingest([LOOKUP], store)
    assert rows(store, "SELECT count(*), count(DISTINCT force_id) FROM area_lookup") == [(348, 43)]
    assert rows(store, "SELECT count(*) FROM area_lookup WHERE force_id = 'metropolitan'") == [(32,)]
    assert rows(store, "SELECT lad_name, csp_code, boundaries_year FROM area_lookup WHERE lad_code = 'E07000144'") == [
        ("Broadland", "E22000219", 2016)
    ]


def test_reloading_changes_nothing(store):
    first = ingest([CENSUS, POPULATION, LOOKUP], store)
    again = ingest([CENSUS, POPULATION, LOOKUP], store)
    assert len(first.outcomes) == 13  # census, 11 population years, lookup
    assert "ons/mid-year-population/england/2019" in {o.source_key for o in first.outcomes}
    assert not again.outcomes and again.skipped == [CENSUS, POPULATION, LOOKUP]
    assert (store.count("census_ethnicity"), store.count("population"), store.count("area_lookup")) == (258, 429, 348)


def test_a_newer_release_replaces_the_years_it_covers(store, tmp_path):
    ingest([POPULATION], store)
    header, *years = POPULATION.read_text(encoding="utf-8").splitlines()
    revised = write(tmp_path / "mid-year.csv", "\n".join([header, years[-1].replace("753278", "753300")]) + "\n")
    report = ingest([revised], store)
    assert [o.status for o in report.outcomes] == ["replaced"]
    assert rows(
        store, "SELECT count(*), sum(population) FILTER (force_id = 'northamptonshire' AND year = 2019) FROM population"
    ) == [(429, 753300)]


CENSUS_TEXT = CENSUS.read_text(encoding="utf-8")
POPULATION_TEXT = POPULATION.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "content, expected",
    [
        ("", "file is empty"),
        (CENSUS_TEXT.splitlines()[0] + "\n", "file has a header but no rows"),
        (
            CENSUS_TEXT.replace("Ethnic Group: Black; measures: Value", "Ethnic Group: Black"),
            "row 1, column 'Ethnic Group: Black; measures: Value': required column is missing",
        ),
        (
            CENSUS_TEXT.replace("\nNorthamptonshire,", "\nNorthampton Borough,"),
            "row 30, column 'PFA16NM': unknown force 'Northampton Borough'",
        ),
        (
            CENSUS_TEXT.replace("\nNorthamptonshire,691952,", "\nNorthamptonshire,about 700k,"),
            "row 30, column 'Ethnic Group: All categories: Ethnic group; measures: Value': 'about 700k' is not a whole number",
        ),
        (CENSUS_TEXT.replace("\nWest Midlands,", "\nWM,"), None),
        (
            CENSUS_TEXT.replace("\nWest Mercia,", "\nWM,"),
            "row 41, column 'PFA16NM': force 'west-midlands' appears again in row 42",
        ),
    ],
)
def test_bad_census_files_are_refused(store, tmp_path, content, expected):
    ingest([LOOKUP], store)
    before = rows(store, "SELECT count(*), sum(load_id) FROM area_lookup")
    path = write(tmp_path / "census2011-ethnicity.csv", content)
    if expected is None:  # publisher abbreviations are fine
        ingest([path], store)
        assert residents(store, "west-midlands")["all"] > 0
        return
    with pytest.raises(SourceError) as caught:
        ingest([LOOKUP, path], store)
    assert "census2011-ethnicity.csv" in str(caught.value)
    assert expected in str(caught.value)
    assert rows(store, "SELECT count(*), sum(load_id) FROM area_lookup") == before
    assert store.count("census_ethnicity") == 0


@pytest.mark.parametrize(
    "content, expected",
    [
        (POPULATION_TEXT.splitlines()[0] + "\n", "file has a header but no rows"),
        (
            POPULATION_TEXT.replace(",Northamptonshire,", ",Northampton Borough,"),
            "row 1, column 'Northampton Borough': column heading is not a police force area: unknown force 'Northampton Borough'",
        ),
        (
            POPULATION_TEXT.replace(",Wiltshire\n", ",Wilts Police\n").replace(",Dorset,", ",Wiltshire,"),
            "row 1, column 'Wilts Police': column heading is not a police force area",
        ),
        (
            POPULATION_TEXT.replace(",753278,", ",753k,"),
            "row 12, column 'Northamptonshire': '753k' is not a whole number",
        ),
        (POPULATION_TEXT.replace("\n2019,", "\n2018,"), "row 11, column 'year': year '2018' appears again in row 12"),
    ],
)
def test_bad_population_files_are_refused(store, tmp_path, content, expected):
    path = write(tmp_path / "mid-year.csv", content)
    with pytest.raises(SourceError) as caught:
        ingest([CENSUS, path], store)
    assert "mid-year.csv" in str(caught.value)
    assert expected in str(caught.value)
    assert store.count("population") == 0
    assert store.count("census_ethnicity") == 0


CENSUS_2021 = ONS / "census2021-ethnicity-by-police-force-area.csv"


def test_census_2021_by_police_force_area(store):
    """The shipped 2021 census excerpt: five broad groups per force area, all residents their sum."""
    ingest([CENSUS_2021], store)
    found = {
        (f, g): r
        for f, g, r in rows(
            store, "SELECT force_id, ethnic_group, residents FROM census_ethnicity WHERE census_year = 2021"
        )
    }
    assert len(found) == 43 * 6
    # figures as in the file (City of London is E23000034, the Metropolitan Police E23000001)
    assert found["city-of-london", "black"] == 232 and found["city-of-london", "white"] == 5955
    assert found["city-of-london", "all"] == 1445 + 232 + 470 + 5955 + 482
    assert found["metropolitan", "black"] == 1188137


def test_census_2021_names_the_row_of_an_unknown_group(tmp_path, store):
    path = tmp_path / "census2021.csv"
    path.write_text(
        "geography_code,ethnicity,population\nE23000034,White,5955\nE23000034,Black,232\nE23000034,Purple,4\n",
        encoding="utf-8",
    )
    with pytest.raises(SourceError) as err:
        ingest([path], store)
    assert "row 4" in str(err.value) and "ethnicity" in str(err.value)
