"""Home Office police workforce tables, 30 September 2019, checked against the real shipped file."""

import shutil
from datetime import datetime

import pandas as pd
import pytest
from conftest import HOME_OFFICE, rows, write

from openpeel.ingest import ingest
from openpeel.sources import SourceError
from openpeel.store import Store

WORKFORCE = HOME_OFFICE / "police-workforce-sep19-tables.ods"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("workforce") / "workforce.duckdb")
    ingest([WORKFORCE], store)
    return store


def value(store, force_id, measure, basis, as_at="2019-09-30"):
    return rows(
        store,
        f"SELECT value FROM workforce WHERE force_id = '{force_id}' AND measure = '{measure}' AND basis = '{basis}' "
        f"AND as_at = DATE '{as_at}'",
    )


def test_northamptonshire_as_published(loaded):
    # Tables 1, 2, 5, 7, 9, 12 and 13, row 26
    assert value(loaded, "northamptonshire", "officers", "fte") == [(1254.68,)]
    assert value(loaded, "northamptonshire", "officers", "fte", "2018-09-30") == [(1213.16,)]
    assert value(loaded, "northamptonshire", "staff", "fte") == [(789.0,)]
    assert value(loaded, "northamptonshire", "pcsos", "fte") == [(97.85,)]
    assert value(loaded, "northamptonshire", "officers", "headcount") == [(1297.0,)]
    assert value(loaded, "northamptonshire", "designated_officers", "headcount", "2019-03-31") == [(33.0,)]
    assert value(loaded, "northamptonshire", "special_constables", "headcount") == [(270.0,)]
    assert value(loaded, "northamptonshire", "police_support_volunteers", "headcount", "2018-09-30") == [(51.0,)]


def test_region_rows_and_totals_are_left_out(loaded):
    # "West Midlands" is a region (11,058.30 officers) and a force (6,405.06): only the force is kept
    assert value(loaded, "west-midlands", "officers", "fte") == [(pytest.approx(6405.063575),)]
    # the 43 forces add up to the published 'Total 43 forces' (124,783.97), without BTP or secondments
    assert rows(
        loaded,
        "SELECT count(*), round(sum(value), 4) FROM workforce WHERE measure = 'officers' AND basis = 'fte' AND as_at = DATE '2019-09-30'",
    ) == [(43, 124783.9728)]
    assert value(loaded, "city-of-london", "officers", "fte") == [(753.2,)]


def test_dates_come_from_the_header_row_and_not_available_is_null(loaded):
    dates = rows(
        loaded,
        "SELECT measure, basis, list(DISTINCT as_at::VARCHAR ORDER BY as_at::VARCHAR) FROM workforce GROUP BY ALL ORDER BY ALL",
    )
    assert len(dates) == 12
    # Table 9's title names 30 September 2018 but headcounts were not collected then
    assert ("designated_officers", "headcount", ["2019-03-31", "2019-09-30"]) in dates
    # Table 13's title says 'as at 30 September 2019' but it has three dates
    assert ("police_support_volunteers", "headcount", ["2018-09-30", "2019-03-31", "2019-09-30"]) in dates
    # Cleveland could not separate designated officers: '..'
    assert value(loaded, "cleveland", "designated_officers", "fte") == [(None,)]
    assert loaded.count("workforce") == 31 * 43


def test_reloading_changes_nothing(store):
    first = ingest([WORKFORCE], store)
    again = ingest([WORKFORCE], store)
    assert len(first.outcomes) == 31
    assert "home-office/workforce/officers/fte/2019-09-30" in {o.source_key for o in first.outcomes}
    assert not again.outcomes and again.skipped == [WORKFORCE]
    assert store.count("workforce") == 31 * 43


# -- bad input -----------------------------------------------------------------------------------

SUBJECTS = {
    "fte": [
        "Police officers",
        "Police staff",
        "Designated officers (s.38, s.391)",
        "Police staff and designated officers (s.38, s.391) combined",
        "Police community support officers",
    ],
    "headcount": [
        "Police officers",
        "Police staff",
        "Designated officers (s.38, s.391)",
        "Police staff and designated officers (s.38, s.391) combined",
        "Police community support officers",
        "Special constables",
        "Police support volunteers",
    ],
}
DATES = [datetime(2019, 3, 31), datetime(2019, 9, 30)]
FORCE_ROWS = [
    ["East Midlands ", 20, 21],
    ["Northamptonshire", 10, 11],
    ["Leicestershire", 10, "10.5"],
    ["Total 43 forces", 20, 21.5],
    ["British Transport Police", 5, 5],
]


def sheet(subject, basis, data=FORCE_ROWS, dates=DATES):
    unit = "FTE" if basis == "fte" else "headcount"
    return [
        [f"Table 1: {subject} by police force area, England and Wales, 31 March 2019 and 30 September 20191 ({unit})"],
        [None],
        ["England and Wales"],
        [None, "As at:"],
        [None, *dates],
        *data,
        [None],
        ["Notes"],
    ]


def workbook(path, replace=None, drop=None):
    """All twelve tables in the published layout, one of them replaced or dropped."""
    sheets = {}
    for basis, subjects in SUBJECTS.items():
        for subject in subjects:
            sheets[f"Table_{len(sheets) + 1}"] = sheet(subject, basis)
    sheets.update(replace or {})
    sheets.pop(drop, None)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, cells in sheets.items():
            pd.DataFrame(cells).to_excel(writer, sheet_name=name, header=False, index=False)
    return path


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A store holding the small workbook, copied by tests that must show it is left unchanged."""
    folder = tmp_path_factory.mktemp("small")
    store = Store(folder / "small.duckdb")
    ingest([workbook(folder / "good.xlsx")], store)
    return store


def test_a_small_workbook_in_the_published_layout_loads(small):
    store = small
    assert store.count("workforce") == 12 * 2 * 2
    assert rows(
        store,
        "SELECT value FROM workforce WHERE force_id = 'leicestershire' AND as_at = DATE '2019-09-30' AND measure = 'pcsos' AND basis = 'fte'",
    ) == [(10.5,)]


@pytest.mark.parametrize(
    "replace, drop, expected",
    [
        (None, "Table_12", "workforce.xlsx: no sheet holds police support volunteers (headcount) by police force area"),
        (
            {"Table_1": sheet("Police officers", "fte", dates=["31 March 2019", "30 September 2019"])},
            None,
            "workforce.xlsx, sheet Table_1: no header row of dates",
        ),
        (
            {"Table_2": sheet("Police staff", "fte", data=FORCE_ROWS + [["Atlantis", 1, 1]])},
            None,
            "workforce.xlsx, sheet Table_2, row 11, column 'A': unknown force 'Atlantis' (cell A11)",
        ),
        (
            {"Table_3": sheet("Designated officers", "fte", data=[["Northamptonshire", 10, "ten"]])},
            None,
            "workforce.xlsx, sheet Table_3, row 6, column '2019-09-30': 'ten' is not a number, or '..' for not available (cell C6)",
        ),
        (
            {
                "Table_4": sheet(
                    "Police staff and designated officers combined",
                    "fte",
                    data=[["Northamptonshire", 1, 2], ["Northamptonshire Police", 1, 2]],
                )
            },
            None,
            "workforce.xlsx, sheet Table_4, row 6, column 'A': force 'northamptonshire' appears again in row 7",
        ),
        (
            {"Table_5": sheet("Police community support officers", "fte", data=[])[:5]},
            None,
            "workforce.xlsx, sheet Table_5, row 5: has a header but no rows below it",
        ),
    ],
)
def test_bad_workbooks_are_refused_and_the_store_is_unchanged(small, tmp_path, replace, drop, expected):
    store = Store(shutil.copy(small.path, tmp_path / "store.duckdb"))
    before = rows(store, "SELECT count(*), sum(load_id) FROM workforce")
    with pytest.raises(SourceError) as caught:
        ingest([workbook(tmp_path / "workforce.xlsx", replace, drop)], store)
    assert expected in str(caught.value)
    assert rows(store, "SELECT count(*), sum(load_id) FROM workforce") == before


def test_an_empty_file_is_refused(store, tmp_path):
    with pytest.raises(SourceError, match="workforce.xlsx: file is empty"):
        ingest([write(tmp_path / "workforce.xlsx", "")], store)
    assert store.count("workforce") == 0


def test_a_file_that_is_not_a_spreadsheet_is_refused(store, tmp_path):
    with pytest.raises(SourceError, match="workforce.xlsx: is not a readable .xlsx spreadsheet"):
        ingest([write(tmp_path / "workforce.xlsx", "Force,Officers\nKent,3500\n")], store)
