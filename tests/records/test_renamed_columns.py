"""Columns renamed by a schema version: files made for the earlier version still load, with a
warning naming the column, and a store made before the rename has its columns renamed."""

import duckdb
import pandas as pd
import pytest
from conftest import rows, write

from openpeel.areas import Area
from openpeel.ingest import ingest
from openpeel.records.schema import Field, RecordSchema, all_schemas
from openpeel.sources import SourceError

EARLIER = "arrest_id,arrested_at,person_reference,handcuffed\nARR-1,2025-03-01T23:00:00,P-1,true\nARR-2,2025-03-02T01:00:00,,\n"


def test_every_reference_column_ends_in_ref():
    fields = [f.name for s in all_schemas() for f in s.fields]
    assert [n for n in fields if n.endswith(("_id", "_reference"))] == []
    assert sum(n.endswith("_ref") for n in fields) >= 30


def test_a_schema_naming_a_reference_otherwise_is_refused():
    with pytest.raises(ValueError, match="references end in _ref, not case_id"):
        RecordSchema(
            name="cases",
            version=1,
            title="Cases",
            description="",
            area=Area.RESPONSE,
            fields=(Field("case_id", "text", "ref"), Field("opened_on", "date", "when")),
            key=("case_id",),
            month_from="opened_on",
        )


def test_earlier_names_load_under_the_current_ones_with_a_warning(store, tmp_path):
    report = ingest([write(tmp_path / "arrests-2025-03.csv", EARLIER)], store, force="northamptonshire-demo")
    assert rows(store, "SELECT arrest_ref, person_ref, handcuffed FROM arrests ORDER BY 1") == [
        ("ARR-1", "P-1", True),
        ("ARR-2", None, None),
    ]
    warned = sorted((w.row, w.column) for w in report.warnings)
    assert warned == [(1, "arrest_id"), (1, "person_reference")]
    assert "earlier name of 'arrest_ref'" in str(report.warnings[0]) or "earlier name of 'arrest_ref'" in str(
        report.warnings[1]
    )
    kept = rows(store, 'SELECT "column" FROM _load_warnings ORDER BY 1')
    assert kept == [("arrest_id",), ("person_reference",)]


def test_a_file_is_recognised_by_its_earlier_column_names(store, tmp_path):
    ingest([write(tmp_path / "extract.csv", EARLIER)], store, force="kent")
    assert rows(store, "SELECT count(*) FROM arrests") == [(2,)]


def test_earlier_names_in_parquet(store, tmp_path):
    path = tmp_path / "arrests.parquet"
    pd.DataFrame({"arrest_id": ["A1"], "arrested_at": pd.to_datetime(["2025-01-05 08:00"])}).to_parquet(path)
    report = ingest([path], store, force="kent")
    assert [w.column for w in report.warnings] == ["arrest_id"]
    assert rows(store, "SELECT arrest_ref FROM arrests") == [("A1",)]


def test_a_file_with_both_names_is_refused(store, tmp_path):
    both = "arrest_ref,arrest_id,arrested_at\nA1,A1,2025-03-01T23:00:00\n"
    with pytest.raises(SourceError, match="column 'arrest_id': is not a column of arrests v2"):
        ingest([write(tmp_path / "arrests.csv", both)], store, force="kent")


def test_a_store_made_before_the_rename_is_renamed_when_opened(store, tmp_path):
    current = "arrest_ref,arrested_at\nA1,2025-03-01T23:00:00\nA2,2025-03-02T23:00:00\n"
    ingest([write(tmp_path / "arrests.csv", current)], store, force="kent")
    con = duckdb.connect(str(store.path))  # as an earlier openpeel left it
    con.execute("ALTER TABLE arrests RENAME COLUMN arrest_ref TO arrest_id")
    con.execute("ALTER TABLE arrests RENAME COLUMN person_ref TO person_reference")
    con.close()
    with store.reading() as opened:  # openpeel opens the store: the columns get their current names
        assert opened.execute("SELECT arrest_ref FROM arrests ORDER BY 1").fetchall() == [("A1",), ("A2",)]
    names = [r[0] for r in rows(store, "SELECT column_name FROM duckdb_columns() WHERE table_name = 'arrests'")]
    assert "person_ref" in names and "arrest_id" not in names and "person_reference" not in names
