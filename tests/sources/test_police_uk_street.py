"""data.police.uk street-level crime and outcomes files, checked against the real shipped files."""

import pytest
from conftest import POLICE_UK, rows, write

from openpeel.ingest import ingest
from openpeel.sources import SourceError

STREET_2016 = POLICE_UK / "2016-12-city-of-london-street.csv"
STREET_2025 = POLICE_UK / "2025-05-city-of-london-street.csv"
OUTCOMES_2016 = POLICE_UK / "2016-12-city-of-london-outcomes.csv"

HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,"
    "Crime type,Last outcome category,Context\n"
)
ROW = (
    "abc123,2016-11,City of London Police,City of London Police,-0.113767,51.517372,"
    "On or near Stone Buildings,E01000914,Camden 028B,Bicycle theft,Under investigation,\n"
)
ASB = ",2016-11,City of London Police,City of London Police,,,No Location,,,Anti-social behaviour,,\n"


def test_december_2016_street_file_keeps_antisocial_behaviour_without_ids(store):
    ingest([STREET_2016], store)
    # counted in the file: 646 records, 157 of them anti-social behaviour with no Crime ID or outcome
    assert rows(
        store, "SELECT count(*), count(crime_id), count(last_outcome_category), count(context) FROM street_crime"
    ) == [(646, 489, 489, 0)]
    assert rows(
        store, "SELECT count(*), count(crime_id) FROM street_crime WHERE crime_type_id = 'anti_social_behaviour'"
    ) == [(157, 0)]
    assert rows(store, "SELECT DISTINCT force_id, month::VARCHAR, reported_by FROM street_crime") == [
        ("city-of-london", "2016-12-01", "city-of-london")
    ]
    by_type = dict(rows(store, "SELECT crime_type, count(*) FROM street_crime GROUP BY 1"))
    assert by_type["Other theft"] == 129
    assert by_type["Violence and sexual offences"] == 117
    assert rows(
        store,
        "SELECT count(*) FROM street_crime WHERE last_outcome_category = 'Investigation complete; no suspect identified'",
    ) == [(250,)]


def test_first_record_of_december_2016_is_read_as_published(store):
    ingest([STREET_2016], store)
    got = rows(
        store,
        "SELECT crime_type, crime_type_id, last_outcome_category, latitude, longitude, location, lsoa_code, lsoa_name "
        "FROM street_crime WHERE crime_id LIKE '151097b8badf037a%'",
    )
    assert got == [
        (
            "Bicycle theft",
            "bicycle_theft",
            "Investigation complete; no suspect identified",
            51.517372,
            -0.113767,
            "On or near Stone Buildings",
            "E01000914",
            "Camden 028B",
        )
    ]


def test_may_2025_street_file_keeps_repeated_crime_ids(store):
    ingest([STREET_2025], store)
    # the file repeats 21 crime ids (769 ids, 748 distinct); blank coordinates read as null
    assert rows(
        store, "SELECT count(*), count(crime_id), count(DISTINCT crime_id), count(latitude) FROM street_crime"
    ) == [(778, 769, 748, 736)]
    assert rows(store, "SELECT count(*) FROM street_crime WHERE crime_type = 'Anti-social behaviour'") == [(9,)]


def test_december_2016_outcomes(store):
    ingest([OUTCOMES_2016], store)
    assert rows(store, "SELECT count(*), count(DISTINCT crime_id), min(month)::VARCHAR FROM police_uk_outcomes") == [
        (376, 347, "2016-12-01")
    ]
    by_type = dict(rows(store, "SELECT outcome_type_id, count(*) FROM police_uk_outcomes GROUP BY 1"))
    assert by_type["suspect_charged"] == 66
    assert by_type["offender_sent_to_prison"] == 39
    assert by_type["investigation_complete_no_suspect_identified"] == 153


def test_reloading_changes_nothing_and_a_newer_download_replaces(store, tmp_path):
    first = ingest([STREET_2016, OUTCOMES_2016], store)
    again = ingest([STREET_2016, OUTCOMES_2016], store)
    assert [o.source_key for o in first.outcomes] == [
        "police-uk/street/city-of-london/2016-12",
        "police-uk/outcomes/city-of-london/2016-12",
    ]
    assert not again.outcomes and again.skipped == [STREET_2016, OUTCOMES_2016]
    assert rows(store, "SELECT count(*) FROM street_crime") == [(646,)]
    newer = write(
        tmp_path / "street.csv",
        STREET_2016.read_text(encoding="utf-8").split("\n", 2)[0] + "\n" + ROW.replace("2016-11", "2016-12"),
    )
    assert [o.status for o in ingest([newer], store).outcomes] == ["replaced"]
    assert rows(store, "SELECT count(*) FROM street_crime") == [(1,)]


def test_a_file_of_several_months_is_keyed_on_its_range(store, tmp_path):
    path = write(tmp_path / "street.csv", HEADER + ROW + ROW.replace("2016-11", "2017-01") + ASB)
    report = ingest([path], store)
    assert [o.source_key for o in report.outcomes] == ["police-uk/street/city-of-london/2016-11..2017-01"]


def test_british_transport_police_records_keep_their_supplier(store, tmp_path):
    path = write(
        tmp_path / "street.csv",
        HEADER + ROW.replace("abc123,2016-11,City of London Police", "abc123,2016-11,British Transport Police"),
    )
    ingest([path], store)
    assert rows(store, "SELECT force_id, reported_by FROM street_crime") == [
        ("city-of-london", "British Transport Police")
    ]


@pytest.mark.parametrize(
    "content, expected",
    [
        ("", "file is empty"),
        (HEADER, "file has a header but no rows"),
        (HEADER.replace("LSOA name,", ""), "row 1, column 'LSOA name': required column is missing"),
        (
            HEADER + ROW + ROW.replace("City of London Police,-0.11", "Atlantis Constabulary,-0.11"),
            "row 3, column 'Falls within': unknown force 'Atlantis Constabulary'",
        ),
        (HEADER + ASB + ROW.replace("51.517372", "north"), "row 3, column 'Latitude': 'north' is not a number"),
        (
            HEADER + ROW.replace("Bicycle theft", "Bicycle thieving"),
            "row 2, column 'Crime type': 'Bicycle thieving' is not a data.police.uk crime type",
        ),
        (HEADER + ROW.replace("2016-11", "Nov 2016"), "row 2, column 'Month': 'Nov 2016' is not a month like 2016-12"),
    ],
)
def test_bad_street_files_are_refused_and_the_store_is_unchanged(store, tmp_path, content, expected):
    ingest([STREET_2016], store)
    before = rows(store, "SELECT count(*), sum(load_id) FROM street_crime")
    bad = write(tmp_path / "2016-11-city-of-london-street.csv", content)
    with pytest.raises(SourceError) as caught:
        ingest([STREET_2025, bad], store)
    assert "2016-11-city-of-london-street.csv" in str(caught.value)
    assert expected in str(caught.value)
    assert rows(store, "SELECT count(*), sum(load_id) FROM street_crime") == before


def test_outcomes_need_a_crime_id_and_a_known_outcome(store, tmp_path):
    header = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type\n"
    row = "abc,2016-12,City of London Police,City of London Police,-0.08,51.51,On or near LIME STREET,E01032739,City of London 001F,Suspect charged\n"
    bad = write(
        tmp_path / "outcomes.csv",
        header + row + row.replace("abc,", ",") + row.replace("Suspect charged", "Suspect charmed"),
    )
    with pytest.raises(SourceError) as caught:
        ingest([bad], store)
    message = str(caught.value)
    assert "outcomes.csv, row 3, column 'Crime ID': is blank, but this column must have a value" in message
    assert (
        "outcomes.csv, row 4, column 'Outcome type': 'Suspect charmed' is not a data.police.uk outcome category"
        in message
    )
    assert store.count("police_uk_outcomes") == 0
