"""The force extract reader on a small schema declared for the test."""

import pandas as pd
import pytest
from conftest import rows, write

from openpeel import tables
from openpeel.areas import Area
from openpeel.ingest import ingest
from openpeel.records import schema as schemas
from openpeel.records.schema import Field, RecordSchema, RowCheck
from openpeel.sources import SourceError

CALLS = RecordSchema(
    name="test_calls",
    version=1,
    title="Test calls",
    description="Calls for the reader tests.",
    area=Area.RESPONSE,
    fields=(
        Field("call_ref", "text", "call reference", example="C1"),
        Field("received_at", "timestamp", "when the call arrived", example="2025-03-01T10:00:00"),
        Field("answered_at", "timestamp", "when it was answered", required=False, example="2025-03-01T10:00:07"),
        Field("line", "code", "which line", codes={"999": "emergency", "101": "non-emergency"}, example="999"),
        Field("seconds", "integer", "seconds to answer", required=False, example="7"),
        Field("abandoned", "boolean", "caller hung up", required=False, example="false"),
    ),
    key=("call_ref",),
    month_from="received_at",
    checks=(RowCheck("answered_at >= received_at", "answered before it was received"),),
)


@pytest.fixture(autouse=True)
def declared(monkeypatch):
    monkeypatch.setitem(schemas._SCHEMAS, CALLS.name, CALLS)
    monkeypatch.setitem(tables._TABLES, CALLS.name, CALLS.table_spec())


HEADER = "call_ref,received_at,answered_at,line,seconds,abandoned\n"
GOOD = HEADER + "C1,2025-03-01T10:00:00,2025-03-01T10:00:07,999,7,false\nC2,2025-03-31 23:59:00,,101,,TRUE\n"


def test_csv_extract_is_typed_and_placed_in_months(store, tmp_path):
    ingest([write(tmp_path / "test_calls-2025-03.csv", GOOD)], store, force="northamptonshire-demo")
    got = rows(
        store,
        "SELECT force_id, month, call_ref, seconds, abandoned, answered_at IS NULL FROM test_calls ORDER BY call_ref",
    )
    assert [(r[0], r[1].isoformat(), r[2], r[3], r[4], r[5]) for r in got] == [
        ("northamptonshire-demo", "2025-03-01", "C1", 7, False, False),
        ("northamptonshire-demo", "2025-03-01", "C2", None, True, True),
    ]


def test_parquet_extract_and_force_column(store, tmp_path):
    frame = pd.DataFrame(
        {
            "force": ["Kent", "Essex"],
            "call_ref": ["K1", "E1"],
            "received_at": pd.to_datetime(["2025-01-05 08:00", "2025-02-05 09:00"]),
            "answered_at": pd.to_datetime(["2025-01-05 08:00:05", None]),
            "line": ["999", "101"],
            "seconds": [5, None],
            "abandoned": [False, True],
        }
    )
    path = tmp_path / "test_calls.parquet"
    frame.to_parquet(path)
    report = ingest([path], store)
    assert sorted(o.source_key for o in report.outcomes) == [
        "records/test_calls/essex/test_calls.parquet",
        "records/test_calls/kent/test_calls.parquet",
    ]
    assert rows(store, "SELECT force_id, strftime(month, '%Y-%m'), seconds FROM test_calls ORDER BY 1") == [
        ("essex", "2025-02", None),
        ("kent", "2025-01", 5),
    ]


def test_resent_records_replace_earlier_ones(store, tmp_path):
    ingest([write(tmp_path / "test_calls-a.csv", GOOD)], store, force="kent")
    update = HEADER + "C2,2025-03-31T23:59:00,2025-04-01T00:00:30,101,90,false\n"
    ingest([write(tmp_path / "test_calls-b.csv", update)], store, force="kent")
    assert rows(store, "SELECT call_ref, seconds FROM test_calls ORDER BY 1") == [("C1", 7), ("C2", 90)]


@pytest.mark.parametrize(
    "content, expected",
    [
        (HEADER + "C1,2025-03-01T10:00:00,,998,,\n", "row 2, column 'line': '998' is not one of the codes for line"),
        (HEADER + "C1,2025-03-01T10:00:00,,999,seven,\n", "row 2, column 'seconds': 'seven' is not a whole number"),
        (HEADER + ",2025-03-01T10:00:00,,999,,\n", "row 2, column 'call_ref': is blank"),
        (HEADER + "C1,2025-03-01T10:00:00,2025-03-01T09:00:00,999,,\n", "row 2: answered before it was received"),
        (HEADER + "C1,2025-03-01T10:00:00,,999,,maybe\n", "'maybe' is not true or false"),
        (
            HEADER.replace("line,", "lane,") + "C1,2025-03-01T10:00:00,,999,,\n",
            "column 'line': required column is missing",
        ),
        (
            HEADER.replace("abandoned", "abandoned,colour") + "C1,2025-03-01T10:00:00,,999,,,red\n",
            "column 'colour': is not a column of test_calls v1",
        ),
        (
            HEADER + "C1,2025-03-01T10:00:00,,999,,\nC1,2025-03-02T10:00:00,,999,,\n",
            "row 2, column 'call_ref': test_calls record with call_ref 'C1' appears again in row 3",
        ),
        (
            HEADER + "C1,2025-02-30T10:00:00,,999,,\n",
            "row 2, column 'received_at': '2025-02-30T10:00:00' is not a date and time",
        ),
        (
            HEADER + "C1,2025-03-01T10:00:00,,999,99999999999999999999,\n",
            "row 2, column 'seconds': '99999999999999999999' is not a whole number within range",
        ),
        (HEADER + "C1,0000-03-01T10:00:00,,999,,\n", "column 'received_at'"),
        (HEADER + "C1,2999-03-01T10:00:00,,999,,\n", "row 2, column 'received_at': received_at is after today"),
        ("", "file is empty"),
    ],
)
def test_bad_extracts_are_refused_whole(store, tmp_path, content, expected):
    ingest([write(tmp_path / "test_calls-ok.csv", GOOD)], store, force="kent")
    before = rows(store, "SELECT count(*), sum(load_id) FROM test_calls")
    with pytest.raises(SourceError) as caught:
        ingest([write(tmp_path / "test_calls-bad.csv", content)], store, force="kent")
    assert expected in str(caught.value)
    assert rows(store, "SELECT count(*), sum(load_id) FROM test_calls") == before


def test_without_a_force_the_reader_asks_for_one(store, tmp_path):
    with pytest.raises(SourceError, match="--force"):
        ingest([write(tmp_path / "test_calls.csv", GOOD)], store)
