"""Home Office use of force tables (.ods as published) and the tidy 2018/19 CSV, checked against the
real shipped files."""

import pandas as pd
import pytest
from conftest import HOME_OFFICE, rows, write

from openpeel.ingest import ingest
from openpeel.sources import SourceError
from openpeel.store import Store

TABLES_2020 = HOME_OFFICE / "police-use-of-force-apr2019-mar2020-hosb3720-tables.ods"
CSV_2019 = HOME_OFFICE / "use-of-force-tactics-by-ethnicity-force-apr2018-mar2019.csv"

INCIDENTS_TITLE = "Table 12. Incidents by police force, year ending March 2020"
TACTICS_TITLE = (
    "Table 16. Number of times tactics were used, by police force and officer perceived ethnicity "
    "of person involved, year ending March 2020"
)
TACTICS_HEADER = [
    "Police force",
    "Type of force",
    "Tactic",
    "White",
    "Black (or Black British)",
    "Asian (or Asian British)",
    "Mixed",
    "Other",
    "Not reported",
    "Number of times tactic reported",
]
TOTAL = "Total (excluding not reported and tactical communication)"


def times(store, force_id, ethnicity, tactic="Total Tactics", start="2019-04-01"):
    return rows(
        store,
        f"SELECT times FROM uof_tactics WHERE force_id = '{force_id}' AND ethnicity = '{ethnicity}' "
        f"AND tactic = '{tactic}' AND period_start = DATE '{start}'",
    )


@pytest.fixture(scope="module")
def tables_2020(tmp_path_factory):
    """A store with the 2019/20 tables loaded once for the tests that only read it."""
    store = Store(tmp_path_factory.mktemp("uof") / "uof.duckdb")
    ingest([TABLES_2020], store)
    return store


def test_table_16_tactics_by_force_and_ethnicity(tables_2020):
    store = tables_2020
    assert times(store, "northamptonshire", "white") == [(8358,)]
    assert times(store, "northamptonshire", "black") == [(946,)]
    assert times(store, "city-of-london", "white") == [(2058,)]
    assert times(store, "city-of-london", "black") == [(1006,)]
    assert times(store, "metropolitan", "all") == [(205135,)]
    # the England and Wales row (715,276) is left out, and the 43 forces add up to it
    assert rows(
        store,
        "SELECT count(DISTINCT force_id), sum(times) FROM uof_tactics WHERE tactic = 'Total Tactics' AND ethnicity = 'all'",
    ) == [(43, 715276)]
    assert rows(store, "SELECT DISTINCT period_start::VARCHAR, period_end::VARCHAR FROM uof_tactics") == [
        ("2019-04-01", "2020-03-01")
    ]
    # 43 forces x 38 tactics x 7 ethnicity columns
    assert store.count("uof_tactics") == 11438


def test_table_16_keeps_groups_totals_and_not_available(tables_2020):
    store = tables_2020
    assert rows(store, "SELECT DISTINCT tactic_group, is_total FROM uof_tactics WHERE tactic = 'Total Tactics'") == [
        (TOTAL, True)
    ]
    assert rows(store, "SELECT DISTINCT is_total FROM uof_tactics WHERE tactic = 'Ground restraint'") == [(False,)]
    # 'Devon & Cornwall ' is published with a trailing space
    assert times(store, "devon-and-cornwall", "all") != []
    # Avon and Somerset could not split handcuffing: ':' in the table
    assert rows(
        store,
        "SELECT count(*), count(times) FROM uof_tactics WHERE force_id = 'avon-and-somerset' AND tactic = 'Compliant handcuffing'",
    ) == [(7, 0)]
    assert times(store, "avon-and-somerset", "white", "Handcuffing not stated") == [(4569,)]


def test_table_12_incidents_by_force(tables_2020):
    store = tables_2020
    assert rows(store, "SELECT incidents FROM uof_incidents WHERE force_id = 'cleveland'") == [(11048,)]
    # the published England and Wales total is 491,984: the 43 forces add up to it
    assert rows(store, "SELECT count(*), sum(incidents) FROM uof_incidents") == [(43, 491984)]


def test_2018_19_csv(store):
    report = ingest([CSV_2019], store)
    assert [o.source_key for o in report.outcomes] == ["home-office/use-of-force/tactics/2018-04..2019-03"]
    # England and Wales *Total Tactics, White: 447337.0 in the file; the 43 forces add up to it
    assert rows(store, "SELECT sum(times) FROM uof_tactics WHERE tactic = 'Total Tactics' AND ethnicity = 'white'") == [
        (447337,)
    ]
    assert times(store, "northamptonshire", "white", start="2018-04-01") == [(10130,)]
    assert times(store, "northamptonshire", "chinese", start="2018-04-01") == [(7,)]
    assert times(store, "northamptonshire", "dont_know", start="2018-04-01") == [(49,)]
    assert store.count("uof_tactics") == 43 * 35 * 9


def test_reloading_changes_nothing(store):
    ingest([TABLES_2020], store)
    before = rows(store, "SELECT count(*), sum(load_id) FROM uof_tactics")
    report = ingest([TABLES_2020, CSV_2019], store)
    assert {(o.table, o.status) for o in report.outcomes} == {("uof_tactics", "loaded")}
    assert report.skipped == [TABLES_2020]
    again = ingest([TABLES_2020, CSV_2019], store)
    assert not again.outcomes and again.skipped == [TABLES_2020, CSV_2019]
    assert (
        rows(store, "SELECT count(*), sum(load_id) FROM uof_tactics WHERE period_start = DATE '2019-04-01'") == before
    )


# -- bad input -----------------------------------------------------------------------------------


def workbook(path, sheets: dict[str, list[list]]):
    """A small .ods laid out like the published one: title in A1, a blank row, header, data."""
    with pd.ExcelWriter(path, engine="odf") as writer:
        for name, cells in sheets.items():
            pd.DataFrame(cells).to_excel(writer, sheet_name=name, header=False, index=False)
    return path


def incidents_sheet(*data):
    return [
        [INCIDENTS_TITLE, None, None],
        [None, None, None],
        ["Region", "Police force", "Total"],
        ["England and Wales", "Total England and Wales", 30],
        *data,
    ]


def tactics_sheet(*data, header=TACTICS_HEADER):
    width = len(header)
    return [[TACTICS_TITLE] + [None] * (width - 1), [None] * width, header, *data]


NORTHANTS = ["Northamptonshire", TOTAL, "*Total Tactics", 8358, 946, 157, 364, 103, 0, 9928]
GOOD = {
    "Table_12": incidents_sheet(["East Midlands", "Northamptonshire", 6620]),
    "Table_16": tactics_sheet(NORTHANTS, ["Northamptonshire", "Restraint", "Compliant handcuffing"] + [":"] * 7),
}


def test_a_small_workbook_in_the_published_layout_loads(store, tmp_path):
    ingest([workbook(tmp_path / "uof.ods", GOOD)], store)
    assert rows(store, "SELECT force_id, incidents FROM uof_incidents") == [("northamptonshire", 6620)]
    assert rows(store, "SELECT count(*), count(times) FROM uof_tactics WHERE tactic = 'Compliant handcuffing'") == [
        (7, 0)
    ]


@pytest.mark.parametrize(
    "sheets, expected",
    [
        ({"Table_16": GOOD["Table_16"]}, "uof.ods: no sheet titled '... Incidents by police force ...' in cell A1"),
        (
            {
                **GOOD,
                "Table_16": tactics_sheet(
                    NORTHANTS[:2] + NORTHANTS[3:], header=[h for h in TACTICS_HEADER if h != "Tactic"]
                ),
            },
            "uof.ods, sheet Table_16, row 3, column 'Tactic': required column is missing",
        ),
        (
            {**GOOD, "Table_16": tactics_sheet(["Atlantis"] + NORTHANTS[1:])},
            "uof.ods, sheet Table_16, row 4, column 'Police force': unknown force 'Atlantis'",
        ),
        (
            {**GOOD, "Table_16": tactics_sheet(NORTHANTS[:3] + ["lots"] + NORTHANTS[4:])},
            "uof.ods, sheet Table_16, row 4, column 'White': 'lots' is not a whole number, or ':' for not available (cell D4)",
        ),
        (
            {**GOOD, "Table_12": incidents_sheet(["East Midlands", "Northamptonshire", 6620.5])},
            "uof.ods, sheet Table_12, row 5, column 'Total': '6620.5' is not a whole number (cell C5)",
        ),
        (
            {
                **GOOD,
                "Table_12": incidents_sheet(
                    ["East Midlands", "Northamptonshire", 1], ["East Midlands", "Northamptonshire Police", 2]
                ),
            },
            "uof.ods, sheet Table_12, row 5, column 'Police force': force 'northamptonshire' appears again in row 6",
        ),
        (
            {**GOOD, "Table_12": incidents_sheet()[:3]},
            "uof.ods, sheet Table_12, row 3: has a header but no rows below it",
        ),
        (
            {
                **GOOD,
                "Table_12": [[INCIDENTS_TITLE.replace(", year ending March 2020", "")]]
                + incidents_sheet(["North East", "Cleveland", 1])[1:],
            },
            "uof.ods, sheet Table_12, row 1: cannot tell which year the table covers",
        ),
    ],
)
def test_bad_workbooks_are_refused_and_the_store_is_unchanged(store, tmp_path, sheets, expected):
    ingest([workbook(tmp_path / "good.ods", GOOD)], store)
    before = rows(
        store,
        "SELECT count(*), sum(load_id) FROM uof_tactics UNION ALL SELECT count(*), sum(load_id) FROM uof_incidents",
    )
    with pytest.raises(SourceError) as caught:
        ingest([CSV_2019, workbook(tmp_path / "uof.ods", sheets)], store)
    assert expected in str(caught.value)
    assert (
        rows(
            store,
            "SELECT count(*), sum(load_id) FROM uof_tactics UNION ALL SELECT count(*), sum(load_id) FROM uof_incidents",
        )
        == before
    )


CSV_HEADER = (
    "Police Force,Type of force,Tactic,White,Black (or Black British),Asian (or Asian British),Chinese,Mixed,Other,"
    "Don't know,Not reported,Number of times tactic reported\n"
)
CSV_ROW = f"Northamptonshire,{TOTAL},*Total Tactics,10130.0,1292.0,224.0,7.0,370.0,70.0,49.0,1.0,12143.0\n"


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("use-of-force-apr2018-mar2019.csv", "", "file is empty"),
        ("use-of-force-apr2018-mar2019.csv", CSV_HEADER, "file has a header but no rows"),
        (
            "use-of-force-apr2018-mar2019.csv",
            CSV_HEADER.replace("Type of force,", "Kind,"),
            "row 1, column 'Type of force': required column is missing",
        ),
        (
            "use-of-force-apr2018-mar2019.csv",
            CSV_HEADER + CSV_ROW.replace("Northamptonshire", "Northampton Borough"),
            "row 2, column 'Police Force': unknown force 'Northampton Borough'",
        ),
        (
            "use-of-force-apr2018-mar2019.csv",
            CSV_HEADER + CSV_ROW + CSV_ROW.replace("1292.0", "n/a"),
            "row 3, column 'Black (or Black British)': 'n/a' is not a whole number, or ':' for not available",
        ),
        (
            "use-of-force-tactics.csv",
            CSV_HEADER + CSV_ROW,
            "cannot tell which months these figures cover, and the file does not say: put the first and last month "
            "in the file name, e.g. use-of-force-tactics-by-ethnicity-force-apr2018-mar2019.csv",
        ),
    ],
)
def test_bad_csv_files_are_refused(store, tmp_path, name, content, expected):
    ingest([CSV_2019], store)
    before = rows(store, "SELECT count(*), sum(load_id) FROM uof_tactics")
    with pytest.raises(SourceError) as caught:
        ingest([write(tmp_path / name, content)], store)
    assert f"{name}" in str(caught.value)
    assert expected in str(caught.value)
    assert rows(store, "SELECT count(*), sum(load_id) FROM uof_tactics") == before


def test_an_empty_workbook_file_is_refused(store, tmp_path):
    with pytest.raises(SourceError, match="uof.ods: file is empty"):
        ingest([write(tmp_path / "uof.ods", "")], store)
