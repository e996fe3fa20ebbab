"""Force records I worklists on small hand-made extracts, each list worked out by hand."""

from datetime import date

import pytest
from conftest import write

from openpeel import worklists
from openpeel.backends import duckdb_backend
from openpeel.ingest import ingest
from openpeel.store import Store

HEADER = "incident_ref,created_at,initial_grade,grade,regraded_at,area_type,first_arrival_at,closed_at,caller_ref\n"
# Drawn up as of 10 March 2025, that is at midnight on 11 March.
OPEN = (
    HEADER
    + """W1,2025-03-10T13:00:00,3,3,,urban,,,
W2,2025-03-10T11:00:00,3,3,,urban,,,
W3,2025-03-10T11:00:00,3,3,,urban,,,
W4,2025-03-10T11:00:00,2,2,,rural,,,
W5,2025-03-09T20:00:00,3,3,,urban,,,
W6,2025-03-09T20:00:00,3,3,,urban,,,
W7,2025-03-09T20:00:00,3,3,,urban,,2025-03-10T10:00:00,
W8,2025-03-09T20:00:00,2,2,,urban,,2025-03-12T09:00:00,
W9,2025-03-10T12:00:00,3,3,,urban,,,
"""
)
REVIEWS = """incident_ref,reassessed_at,reviewer_ref,grade_after
W2,2025-03-11T01:00:00,S1,
W3,2025-03-10T23:30:00,S1,
W4,2025-03-10T22:00:00,S1,
W5,2025-03-10T09:00:00,S1,
W6,2025-03-10T21:00:00,S1,
"""


@pytest.fixture
def backend_of(tmp_path):
    def load(**files):
        store = Store(tmp_path / "store.duckdb")
        ingest([write(tmp_path / f"{name}.csv", text) for name, text in files.items()], store, force="kent")
        return duckdb_backend(store)

    return load


def rows(frame, *columns):
    return [tuple(r) for r in frame[list(columns)].itertuples(index=False)]


def test_rethrive_due_after_12_and_24_hours(backend_of):
    backend = backend_of(incidents=OPEN, incident_reassessments=REVIEWS)
    frame = worklists.run("rethrive_due", backend, "kent", date(2025, 3, 10))
    assert rows(frame, "incident_ref", "review_due", "hours_open") == [
        ("W5", "24 hours", 28.0),  # reviewed at 13 hours, not since the 24-hour point
        ("W8", "24 hours", 28.0),  # closed only after the list was drawn up: open then
        ("W2", "12 hours", 13.0),  # its review came after the list was drawn up
        ("W4", "12 hours", 13.0),  # reviewed at 11 hours, before the 12-hour point
        ("W9", "12 hours", 12.0),  # exactly 12 hours open
    ]
    # W1 is 11 hours old, W3 and W6 were reviewed in time, W7 was closed
    assert str(frame.set_index("incident_ref").loc["W4", "last_reassessed_at"]) == "2025-03-10 22:00:00"


def test_rethrive_without_a_reassessment_extract_lists_every_due_incident(backend_of):
    frame = worklists.run("rethrive_due", backend_of(incidents=OPEN), "kent", date(2025, 3, 10))
    assert sorted(frame.incident_ref) == ["W2", "W3", "W4", "W5", "W6", "W8", "W9"]


GRADE1 = (
    HEADER
    + """I1,2025-03-01T10:00:00,1,1,,urban,2025-03-01T10:15:00,2025-03-01T12:00:00,
I2,2025-03-02T10:00:00,1,1,,urban,2025-03-02T10:17:00,2025-03-02T12:00:00,
I4,2025-03-04T10:00:00,1,1,,rural,2025-03-04T10:25:00,2025-03-04T12:00:00,
I5,2025-03-05T10:00:00,2,1,2025-03-05T10:30:00,urban,2025-03-05T10:40:00,2025-03-05T12:00:00,
I6,2025-03-06T10:00:00,1,2,2025-03-06T10:05:00,urban,2025-03-06T11:00:00,2025-03-06T12:00:00,
I7,2025-03-07T10:00:00,1,2,2025-03-07T11:00:00,urban,2025-03-07T10:50:00,2025-03-07T12:00:00,
I8,2025-03-08T10:00:00,1,1,,urban,,2025-03-08T10:10:00,
I11,2025-03-30T23:00:00,1,1,,rural,,,
I13,2025-03-20T10:00:00,1,1,,urban,,2025-03-20T10:25:00,
I12,2025-02-20T10:00:00,1,1,,urban,2025-02-20T11:00:00,2025-02-20T12:00:00,
"""
)


def test_grade1_missed(backend_of):
    backend = backend_of(incidents=GRADE1)
    frame = worklists.run("grade1_missed", backend, "kent", date(2025, 3, 31), days=31)
    assert rows(
        frame.fillna({"minutes_to_arrival": -1}),
        "incident_ref",
        "status",
        "target_minutes",
        "minutes_to_arrival",
        "minutes_over_target",
    ) == [
        ("I2", "late", 15, 17.0, 2.0),
        ("I4", "late", 20, 25.0, 5.0),
        ("I7", "late", 15, 50.0, 35.0),  # downgraded only after the late arrival
        ("I13", "not attended", 15, -1, 10.0),  # closed unattended 10 minutes after its target time
        ("I11", "not attended", 20, -1, 1480.0),  # still waiting at midnight after 31 March: 24 h 40 min over
    ]
    # I1 arrived at exactly 15 minutes, I5 was raised to grade 1 and reached within 10 minutes of that,
    # I6 was downgraded before anyone arrived, I8 was closed before its target time, I12 is from February
    assert len(worklists.run("grade1_missed", backend, "kent", date(2025, 3, 31), days=60)) == 6
    # the default 28 days back from midnight after 31 March start at midnight on 4 March
    assert list(worklists.run("grade1_missed", backend, "kent", date(2025, 3, 31)).incident_ref) == [
        "I4",
        "I7",
        "I13",
        "I11",
    ]


CALLERS = (
    HEADER
    + "".join(
        f"R{i},2025-03-{day:02d}T09:00:00,3,3,,urban,,2025-03-{day:02d}T10:00:00,{caller}\n"
        for i, (day, caller) in enumerate(
            [(1, "A"), (5, "A"), (9, "A"), (20, "A"), (28, "A"), (2, "B"), (3, "B"), (4, "B"), (6, "B"), (7, "C")]
        )
    )
    + "R99,2025-02-01T09:00:00,3,3,,urban,,2025-02-01T10:00:00,B\n"
)


def test_repeat_callers_above_a_threshold(backend_of):
    backend = backend_of(incidents=CALLERS)
    assert rows(worklists.run("repeat_callers", backend, "kent"), "caller_ref", "incidents") == [("A", 5)]
    # as of the latest day in the data (28 March), 28 days reach back to 1 March: B's February call is out
    lower = worklists.run("repeat_callers", backend, "kent", threshold=4)
    assert rows(lower, "caller_ref", "incidents") == [("A", 5), ("B", 4)]


SEARCH_HEADER = (
    "search_ref,searched_at,search_type,object_of_search,item_found,find_linked,"
    "reasonable_grounds_recorded,bwv_used,supervisor_reviewed,self_defined_ethnicity,age,force_used,"
    "officer_ref\n"
)
SEARCHES = SEARCH_HEADER + "".join(
    f"S{i},{when},person,drugs,false,,true,{bwv},true,W1,30,false,{officer}\n"
    for i, (when, bwv, officer) in enumerate(
        [
            ("2025-03-01T20:00:00", "false", "PC1"),
            ("2025-03-02T20:00:00", "false", "PC1"),
            ("2025-03-03T20:00:00", "false", "PC1"),
            ("2025-03-04T20:00:00", "true", "PC1"),
            ("2025-03-01T20:00:00", "false", "PC2"),
            ("2025-03-02T20:00:00", "false", "PC2"),
            ("2025-03-01T20:00:00", "false", "PC3"),
            ("2025-03-02T20:00:00", "false", "PC3"),
            ("2025-03-03T20:00:00", "", "PC3"),
            ("2024-10-01T20:00:00", "false", "PC4"),
            ("2025-03-05T20:00:00", "false", "PC4"),
            ("2025-03-06T20:00:00", "false", "PC4"),
        ]
    )
)
REPORTS = """report_ref,used_at,officer_ref,subject_ref,arrest_ref,subject_ethnicity,highest_tactic,bwv_used
U1,2025-03-01T21:00:00,PC2,P1,A1,white,handcuffing,false
U2,2025-03-02T21:00:00,PC3,P2,A2,white,handcuffing,true
U3,2025-03-03T21:00:00,PC1,P3,A5,black,unarmed_skills,true
"""


def test_officers_who_repeatedly_did_not_use_body_worn_video(backend_of):
    backend = backend_of(stop_search_records=SEARCHES, use_of_force_reports=REPORTS)
    frame = worklists.run("bwv_not_used", backend, "kent")
    assert rows(frame, "officer_ref", "searches_without_bwv", "uof_reports_without_bwv", "without_bwv") == [
        ("PC1", 3, 0, 3),
        ("PC2", 2, 1, 3),  # two searches and a use of force without video
    ]
    # PC3 left one record blank (not counted); PC4's October search is older than 90 days
    assert len(worklists.run("bwv_not_used", backend, "kent", minimum=2)) == 4


ARRESTS = """arrest_ref,arrested_at,arresting_officer,person_ref,handcuffed,custody_record_force
A1,2025-03-01T21:00:00,PC2,P1,true,false
A2,2025-03-02T21:00:00,PC3,P2,true,true
A3,2025-03-03T21:00:00,PC1,P6,true,
A4,2025-03-04T21:00:00,PC1,P7,false,true
A5,2025-03-05T21:00:00,PC1,P3,true,true
A6,2025-03-06T21:00:00,PC1,P8,false,false
A7,2025-03-07T21:00:00,PC1,P9,true,true
A8,2025-01-07T21:00:00,PC1,P10,true,true
"""


def test_arrests_with_force_expected_but_no_report(backend_of):
    backend = backend_of(arrests=ARRESTS, use_of_force_reports=REPORTS)
    frame = worklists.run("use_of_force_missing", backend, "kent")
    assert rows(frame, "arrest_ref", "reason") == [
        ("A3", "handcuffed"),
        ("A4", "custody record notes force"),
        ("A7", "handcuffed; custody record notes force"),
    ]
    # A1, A2 and A5 have reports (U3 reports A5 although it was used earlier); A6 had no force; A8 is too old


def test_worklists_are_listed_and_bad_options_refused(backend_of):
    names = {w.name for w in worklists.all_worklists()}
    assert {"rethrive_due", "grade1_missed", "repeat_callers", "bwv_not_used", "use_of_force_missing"} <= names
    with pytest.raises(ValueError, match="days must be a positive number"):
        worklists.run("repeat_callers", backend_of(incidents=CALLERS), "kent", days=0)
