"""data.police.uk stop-and-search files, checked against the real shipped files."""

import pytest
from conftest import POLICE_UK, rows, write

from openpeel.ingest import ingest
from openpeel.sources import SourceError

HEADER = (
    "Type,Date,Part of a policing operation,Policing operation,Latitude,Longitude,Gender,Age range,"
    "Self-defined ethnicity,Officer-defined ethnicity,Legislation,Object of search,Outcome,"
    "Outcome linked to object of search,Removal of more than just outer clothing\n"
)
ROW = "Person search,2016-01-01T08:05:00+00:00,,,,,Male,18-24,White - White British (W1),White,Misuse of Drugs Act 1971 (section 23),Controlled drugs,Suspect arrested,True,False\n"


def test_city_of_london_2016_has_1330_searches_of_people(store):
    ingest(sorted(POLICE_UK.glob("2016-*-city-of-london-stop-and-search.csv")), store)
    assert rows(store, "SELECT count(*) FROM stop_search WHERE of_person") == [(1330,)]
    assert rows(store, "SELECT count(DISTINCT month) FROM stop_search") == [(12,)]


def test_both_label_vintages_map_to_the_same_groups(store):
    ingest(
        [
            POLICE_UK / "2016-01-city-of-london-stop-and-search.csv",
            POLICE_UK / "2026-02-city-of-london-stop-and-search.csv",
        ],
        store,
    )
    got = dict(rows(store, "SELECT strftime(month, '%Y-%m') || ' ' || sde_group, count(*) FROM stop_search GROUP BY 1"))
    # hand-counted from the files: 'Not Stated (NS)' and blanks are unknown in 2016;
    # 'Other ethnic group - Not stated' is unknown in 2026
    assert got["2016-01 unknown"] == 27
    assert got["2026-02 unknown"] == 26
    assert got["2026-02 black"] == 20
    outcomes = dict(rows(store, "SELECT outcome, count(*) FROM stop_search WHERE month = DATE '2026-02-01' GROUP BY 1"))
    assert outcomes == {"no_further_action": 85, "arrest": 22, "community_resolution": 4}


def test_metropolitan_month_keeps_vehicle_searches_and_blank_linked_column(store):
    ingest([POLICE_UK / "2015-05-metropolitan-stop-and-search.csv"], store)
    assert rows(store, "SELECT count(*), count(*) FILTER (of_person), count(outcome_linked) FROM stop_search") == [
        (11363, 11236, 0)
    ]
    # times are published in UTC: 23:01 on 30 April is 00:01 on 1 May in London
    assert rows(store, "SELECT DISTINCT month FROM stop_search")[0][0].isoformat() == "2015-05-01"


def test_loading_the_same_file_twice_adds_nothing(store):
    path = POLICE_UK / "2016-03-city-of-london-stop-and-search.csv"
    first = ingest([path], store)
    second = ingest([path], store)
    assert [o.status for o in first.outcomes] == ["loaded"]
    assert second.outcomes == [] and second.skipped == [path]  # known content is not even read again
    # the store itself also refuses to duplicate a batch it already holds
    from openpeel.ingest import find_files, read_files

    assert [o.status for o in store.load(read_files(find_files([path])))] == ["unchanged"]
    assert rows(store, "SELECT count(*) FROM stop_search") == [(114,)]


def test_a_newer_download_of_the_same_month_replaces_it(store, tmp_path):
    path = tmp_path / "2016-01-city-of-london-stop-and-search.csv"
    write(path, HEADER + ROW * 3)
    ingest([path], store)
    write(path, HEADER + ROW * 2)
    report = ingest([path], store)
    assert [o.status for o in report.outcomes] == ["replaced"]
    assert rows(store, "SELECT count(*) FROM stop_search") == [(2,)]


def test_force_comes_from_option_when_the_name_does_not_say(store, tmp_path):
    path = write(tmp_path / "searches.csv", HEADER + ROW)
    with pytest.raises(SourceError, match="--force"):
        ingest([path], store)
    ingest([path], store, force="Northamptonshire Police")
    assert rows(store, "SELECT force_id FROM stop_search") == [("northamptonshire",)]


@pytest.mark.parametrize(
    "content, encoding, expected",
    [
        ("", "utf-8", "file is empty"),
        (HEADER.replace(",Outcome,", ","), "utf-8", "column 'Outcome': required column is missing"),
        (
            HEADER + ROW + ROW.replace("Suspect arrested", "Sent to the moon"),
            "utf-8",
            "row 3, column 'Outcome': 'Sent to the moon' is not a known search outcome",
        ),
        (
            HEADER + ROW.replace("Person search", "Horse search"),
            "utf-8",
            "row 2, column 'Type': 'Horse search' is not a known search type",
        ),
        (HEADER + ROW.replace("2016-01-01T08:05:00+00:00", "yesterday"), "utf-8", "row 2, column 'Date'"),
        (HEADER + ROW + ROW.replace("White - White British (W1)", "Whité"), "latin-1", "row 3: is not UTF-8 text"),
        (HEADER + ROW + "Person search,2016-01-01T08:05:00+00:00\n", "utf-8", "row 3: has 2 fields, the header has 15"),
    ],
)
def test_bad_files_are_refused_and_the_store_is_unchanged(store, tmp_path, content, encoding, expected):
    good = POLICE_UK / "2016-02-city-of-london-stop-and-search.csv"
    ingest([good], store)
    before = rows(store, "SELECT count(*), sum(load_id) FROM stop_search")
    bad = write(tmp_path / "2016-01-city-of-london-stop-and-search.csv", content, encoding)
    other = POLICE_UK / "2016-03-city-of-london-stop-and-search.csv"
    with pytest.raises(SourceError) as caught:
        ingest([other, bad], store)
    assert expected in str(caught.value)
    assert "2016-01-city-of-london-stop-and-search.csv" in str(caught.value)
    assert rows(store, "SELECT count(*), sum(load_id) FROM stop_search") == before


def test_files_checked_together_still_name_their_own_rows(store, tmp_path):
    first = write(tmp_path / "2016-01-city-of-london-stop-and-search.csv", HEADER + ROW * 3)
    feb, mar = (ROW.replace("2016-01-01T", f"2016-{m}-01T") for m in ("02", "03"))
    second = write(
        tmp_path / "2016-02-city-of-london-stop-and-search.csv",
        HEADER + feb + feb.replace("Suspect arrested", "Sent to the moon"),
    )
    third = write(
        tmp_path / "2016-03-city-of-london-stop-and-search.csv",
        HEADER + mar.replace("Suspect arrested", "Sent to the moon"),
    )
    with pytest.raises(SourceError) as caught:
        ingest([first, second, third], store)
    (problem,) = caught.value.problems
    assert problem.path == str(second) and problem.row == 3 and problem.column == "Outcome"
    assert "1 more row: 2 of 2016-03-city-of-london-stop-and-search.csv" in problem.message
    report = ingest([first], store)
    assert [o.rows for o in report.outcomes] == [3]
