"""HMICFRS crime data integrity grades, checked against the real shipped spreadsheet."""

from datetime import datetime

import pandas as pd
import pytest
from conftest import HMICFRS, rows, write

from openpeel.ingest import ingest
from openpeel.sources import SourceError

GRADES = HMICFRS / "crime-data-integrity-grades-2016-17.xlsx"

HEADER = [
    "Force",
    "Overall",
    "Crimes unrecorded %",
    "Crimes recorded %",
    "Total reports per year not recorded",
    "How effective is the force at recording reported crime?",
    "Report date",
    "Report title",
    "Year",
]
KENT = [
    "Kent",
    "Inadequate",
    16.4,
    83.6,
    24300,
    "Inadequate",
    datetime(2017, 6, 15),
    "Crime data integrity inspection",
    2017,
]


def test_fourteen_inspections_and_no_analysis_block(store):
    ingest([GRADES], store)
    assert rows(store, "SELECT count(*), count(DISTINCT force_id) FROM crime_recording_inspections") == [(14, 14)]
    # 'WM' in the file is West Midlands
    assert rows(
        store,
        "SELECT as_at::VARCHAR, overall_grade, recording_grade, recorded_share, unrecorded_share, unrecorded_per_year, report_title "
        "FROM crime_recording_inspections WHERE force_id = 'west-midlands'",
    ) == [("2017-09-07", "Inadequate", "Inadequate", 83.8, 16.2, 38800, "Crime data integrity inspection")]
    # Wiltshire: good overall, but requires improvement at recording reported crime
    assert rows(
        store, "SELECT overall_grade, recording_grade FROM crime_recording_inspections WHERE force_id = 'wiltshire'"
    ) == [("Good", "Requires improvement")]
    # inspection year 2016, report published 9 February 2017; 'Crimes recorded %' is the formula =100-C9
    assert rows(
        store,
        "SELECT as_at::VARCHAR, recorded_share FROM crime_recording_inspections WHERE force_id = 'devon-and-cornwall'",
    ) == [("2017-02-09", 81.52)]
    # the analysis block below the data says 7 inadequate, 4 requires improvement, 3 good
    assert dict(rows(store, "SELECT overall_grade, count(*) FROM crime_recording_inspections GROUP BY 1")) == {
        "Inadequate": 7,
        "Requires improvement": 4,
        "Good": 3,
    }


def test_reloading_changes_nothing(store):
    first = ingest([GRADES], store)
    again = ingest([GRADES], store)
    assert "hmicfrs/crime-data-integrity/west-midlands/2017-09-07" in {o.source_key for o in first.outcomes}
    assert not again.outcomes and again.skipped == [GRADES]
    assert store.count("crime_recording_inspections") == 14


def spreadsheet(path, *data, header=HEADER):
    pd.DataFrame([header, *data]).to_excel(path, sheet_name="Sheet1", header=False, index=False)
    return path


def test_the_same_inspection_in_another_file_replaces_it(store, tmp_path):
    ingest([GRADES], store)
    report = ingest([spreadsheet(tmp_path / "cdi.xlsx", KENT[:4] + [24000] + KENT[5:])], store)
    assert [o.status for o in report.outcomes] == ["replaced"]
    assert rows(
        store, "SELECT count(*), sum(unrecorded_per_year) FILTER (force_id = 'kent') FROM crime_recording_inspections"
    ) == [(14, 24000)]


@pytest.mark.parametrize(
    "data, header, expected",
    [
        (
            [KENT],
            [h if h != "Report date" else "Published" for h in HEADER],
            "sheet Sheet1, row 1, column 'Report date': required column is missing",
        ),
        (
            [KENT, ["Atlantis"] + KENT[1:]],
            HEADER,
            "sheet Sheet1, row 3, column 'Force': unknown force 'Atlantis' (cell A3)",
        ),
        (
            [KENT[:2] + ["high"] + KENT[3:]],
            HEADER,
            "sheet Sheet1, row 2, column 'Crimes unrecorded %': 'high' is not a percentage (cell C2)",
        ),
        (
            [KENT[:1] + ["Excellent"] + KENT[2:]],
            HEADER,
            "sheet Sheet1, row 2, column 'Overall': 'Excellent' is not an inspection grade",
        ),
        ([KENT[:6] + ["soon"] + KENT[7:]], HEADER, "sheet Sheet1, row 2, column 'Report date': 'soon' is not a date"),
        (
            [KENT, ["Kent Police"] + KENT[1:]],
            HEADER,
            "sheet Sheet1, row 2, column 'Force': force and report date 'kent'",
        ),
        ([], HEADER, "sheet Sheet1, row 1: has a header but no rows below it"),
    ],
)
def test_bad_spreadsheets_are_refused_and_the_store_is_unchanged(store, tmp_path, data, header, expected):
    ingest([GRADES], store)
    before = rows(store, "SELECT count(*), sum(load_id) FROM crime_recording_inspections")
    with pytest.raises(SourceError) as caught:
        ingest([spreadsheet(tmp_path / "cdi.xlsx", *data, header=header)], store)
    assert f"cdi.xlsx, {expected}" in str(caught.value)
    assert rows(store, "SELECT count(*), sum(load_id) FROM crime_recording_inspections") == before


def test_an_empty_file_is_refused(store, tmp_path):
    with pytest.raises(SourceError, match="cdi.xlsx: file is empty"):
        ingest([write(tmp_path / "cdi.xlsx", "")], store)
