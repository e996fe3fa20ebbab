"""The Force records I schemas: each documented example loads, and each rule refuses a bad row."""

import pytest
from conftest import write

from openpeel.ingest import ingest
from openpeel.records.schema import get
from openpeel.sources import SourceError

SCHEMAS = [
    "calls_999",
    "calls_101",
    "incidents",
    "incident_reassessments",
    "stop_search_records",
    "use_of_force_reports",
    "arrests",
    "asb_incidents",
    "asb_orders",
    "neighbourhood_duty",
]


def example_csv(name: str) -> str:
    schema = get(name)
    return ",".join(schema.columns) + "\n" + ",".join(f.example for f in schema.fields) + "\n"


@pytest.mark.parametrize("name", SCHEMAS)
def test_documented_example_loads(store, tmp_path, name):
    report = ingest([write(tmp_path / f"{name}-example.csv", example_csv(name))], store, force="Northamptonshire")
    assert [(o.table, o.rows, o.source_key) for o in report.outcomes] == [
        (name, 1, f"records/{name}/northamptonshire/{name}-example.csv")
    ]


def replace(name: str, **values) -> str:
    schema = get(name)
    row = {f.name: f.example for f in schema.fields} | values
    return ",".join(schema.columns) + "\n" + ",".join(row[c] for c in schema.columns) + "\n"


@pytest.mark.parametrize(
    "name, values, message",
    [
        ("calls_999", {"answered_at": "2025-03-01T09:59:59"}, "answered before BT presented the call"),
        ("calls_101", {"outcome": "abandoned"}, "only an answered call may have one"),
        ("calls_101", {"answered_at": ""}, "an answered call needs answered_at"),
        (
            "calls_101",
            {"outcome": "abandoned", "answered_at": "", "called_back_at": "2025-03-01T11:00:00"},
            "only a call-back call can have called_back_at",
        ),
        ("calls_101", {"outcome": "hung_up"}, "'hung_up' is not one of the codes for outcome"),
        ("incidents", {"grade": "2"}, "the grade changed but regraded_at is blank"),
        ("incidents", {"first_arrival_at": "2025-03-01T21:00:00"}, "attended before it was created"),
        ("incidents", {"initial_grade": "5"}, "'5' is not one of the codes for initial_grade"),
        ("stop_search_records", {"item_found": "false"}, "find_linked is given, but item_found does not say"),
        ("stop_search_records", {"self_defined_ethnicity": "X1"}, "'X1' is not one of the codes"),
        ("stop_search_records", {"age": "140"}, "age is not between 0 and 110"),
        ("use_of_force_reports", {"subject_ethnicity": "B1"}, "'B1' is not one of the codes for subject_ethnicity"),
        ("neighbourhood_duty", {"hours_in_community": "7.5"}, "add up to more than the hours on duty"),
        ("neighbourhood_duty", {"abstraction_reason": ""}, "hours abstracted without a reason"),
        (
            "neighbourhood_duty",
            {"hours_on_duty": "0", "hours_in_community": "0", "hours_abstracted": "0"},
            "hours on duty must be positive",
        ),
    ],
)
def test_rules_refuse_bad_rows(store, tmp_path, name, values, message):
    with pytest.raises(SourceError) as caught:
        ingest([write(tmp_path / f"{name}-bad.csv", replace(name, **values))], store, force="kent")
    assert message in str(caught.value) and "row 2" in str(caught.value)
    assert store.count(name) == 0


def test_extracts_are_recognised_by_columns_when_the_name_says_nothing(store, tmp_path):
    ingest([write(tmp_path / "export.csv", example_csv("incident_reassessments"))], store, force="kent")
    assert store.count("incident_reassessments") == 1
