"""Worklists of the second batch of force records, on small hand-made extracts."""

from datetime import date, datetime

import pytest
from records.extracts import FORCE, load

from openpeel import worklists

BAIL = """
    arrest_ref,suspect_ref,arrested_at,officer_ref,bail_start,bail_due,answered_on,lapsed_on
    B1,P1,2025-09-01T10:00:00,O1,2025-09-02,2025-10-09,,
    B2,P2,2025-09-01T11:00:00,O1,2025-09-02,2025-10-01,,
    B3,P3,2025-09-01T12:00:00,O2,2025-09-02,2025-10-10,,
    B4,P4,2025-08-01T12:00:00,O2,2025-08-01,,,
    B5,P5,2025-08-01T13:00:00,O3,2025-08-02,2025-09-20,,
    B6,P6,2025-08-01T14:00:00,O3,2025-08-02,2025-09-30,2025-09-24,
    B7,P7,2025-08-01T15:00:00,O3,2025-08-02,2025-09-20,,2025-09-20
    B8,P8,2025-09-03T16:00:00,,,,,
    B9,P9,2025-09-25T16:00:00,O1,2025-09-26,2025-10-05,,
"""


def test_bail_due_in_14_and_7_days_with_bail_that_has_no_date(store, tmp_path):
    backend = load(store, tmp_path, pre_charge_bail=BAIL)
    rows = worklists.run("bail.due_soon", backend, FORCE, date(2025, 9, 25))
    assert list(rows.arrest_ref) == ["B4", "B5", "B2", "B1"]  # B3 is 15 days off; B9 is bailed after the day
    assert list(rows.reminder) == [
        "no due date set",
        "past its date: neither answered nor lapsed",
        "due within 7 days",
        "due within 14 days",
    ]
    assert rows.days_left.iloc[0] is None or rows.days_left.isna().iloc[0]
    assert list(rows.days_left.iloc[1:]) == [-5, 6, 14]


def test_bail_list_defaults_to_the_latest_day_in_the_extract(store, tmp_path):
    backend = load(store, tmp_path, pre_charge_bail=BAIL)
    latest = worklists.run("bail.due_soon", backend, FORCE)  # latest day: B9 bailed on 26 September
    assert list(latest.arrest_ref) == list(worklists.run("bail.due_soon", backend, FORCE, date(2025, 9, 26)).arrest_ref)
    assert "B9" in set(latest.arrest_ref)


LAPSES = """
    arrest_ref,suspect_ref,arrested_at,officer_ref,bail_start,bail_due,answered_on,lapsed_on
    L1,P1,2025-03-01T10:00:00,O1,2025-03-01,2025-04-15,,2025-04-15
    L2,P2,2025-05-01T10:00:00,O1,2025-05-01,2025-06-01,,2025-06-01
    L3,P3,2025-08-01T10:00:00,O1,2025-08-01,2025-09-10,,2025-09-10
    L4,P4,2025-02-01T10:00:00,O2,2025-02-01,2025-03-29,,2025-03-29
    L5,P5,2025-04-01T10:00:00,O2,2025-04-01,2025-05-01,,2025-05-01
    L6,P6,2025-07-01T10:00:00,O2,2025-07-01,2025-08-01,,2025-08-01
    L7,P7,2025-07-01T10:00:00,O3,2025-07-01,2025-08-01,,2025-08-01
"""


def test_three_lapses_by_one_officer_in_six_months_are_escalated(store, tmp_path):
    backend = load(store, tmp_path, pre_charge_bail=LAPSES)
    rows = worklists.run("bail.repeat_lapses", backend, FORCE, date(2025, 9, 30))
    # O2's lapse of 29 March is more than six months before 30 September, leaving O2 with two
    assert list(rows.arrest_ref) == ["L1", "L2", "L3"] and set(rows.officer_ref) == {"O1"}
    assert set(rows.lapses_by_officer) == {3}
    wider = worklists.run("bail.repeat_lapses", backend, FORCE, date(2025, 9, 30), lapses=2)
    assert list(wider.officer_ref) == ["O1"] * 3 + ["O2"] * 2


REPORTS = """
    incident_ref,reported_at,age_group,returned_during_call
    R1,2025-09-01T20:00:00,child,false
    R2,2025-08-15T23:30:00,child,true
    R3,2025-09-10T12:00:00,adult,false
    R4,2025-09-30T20:00:00,adult,false
    R5,2025-05-01T10:00:00,child,false
    R6,2025-09-12T10:00:00,adult,false
"""
CASES = """
    case_ref,incident_ref,opened_at,age_group,risk_grade,social_care_notified
    M1,R1,2025-09-01T20:30:00,child,medium,true
    M2,R1,2025-09-02T08:00:00,child,medium,true
    M3,R6,2025-09-12T10:30:00,adult,low,
"""


def test_missing_reports_never_transferred(store, tmp_path):
    backend = load(store, tmp_path, missing_control_reports=REPORTS, missing_person_cases=CASES)
    rows = worklists.run("missing.never_transferred", backend, FORCE, date(2025, 9, 30))
    # R1 was transferred twice and R6 once; R4 is four hours old; R5 is older than 90 days. Children first.
    assert list(rows.incident_ref) == ["R2", "R3"]
    assert list(rows.hours_since_report) == [pytest.approx(1104.5), pytest.approx(492.0)]


NOTIFICATIONS = """
    notification_ref,incident_ref,incident_at,school_notified_at
    E1,I1,2025-07-11T19:32:00,2025-07-14T08:10:00
    E2,I2,2025-07-11T20:00:00,2025-07-14T09:30:00
    E4,I4,2025-07-16T18:00:00,
    E7,I7,2025-07-21T08:00:00,
"""


def test_encompass_friday_evening_is_due_before_monday_school(store, tmp_path):
    backend = load(store, tmp_path, encompass_notifications=NOTIFICATIONS)
    rows = worklists.run("encompass.late", backend, FORCE, date(2025, 7, 21))
    # E1 (Friday evening, told 08:10 Monday) was in time; E7 is due before Tuesday's school day
    assert list(rows.notification_ref) == ["E4", "E2"]
    assert list(rows.status) == ["not yet told", "told late"]
    e2 = rows[rows.notification_ref == "E2"].iloc[0]
    assert e2.deadline == datetime(2025, 7, 14, 9, 0) and e2.hours_late == pytest.approx(0.5)
    assert rows[rows.notification_ref == "E4"].iloc[0].deadline == datetime(2025, 7, 17, 9, 0)


ALLOCATED = """
    crime_ref,crime_type,victim_based,recorded_on,allocated_team,team_level,required_level
    C3,violence_with_injury,true,2025-03-03,Response,pip1,pip2
    C4,shoplifting,true,2025-04-04,Response,pip1,pip1
    C7,homicide,true,2025-06-01,CID,pip2,pip3
    C9,rape,true,2025-07-01,Response,pip1,pip2
    C10,robbery,true,2025-10-01,Response,pip1,pip2
    C11,homicide,true,2025-09-01,CID,pip2,pip3
"""
CLOSED = """
    crime_ref,outcome_type,assigned_on
    C7,1,2025-08-01
    C9,15,2025-10-05
"""


def test_open_investigations_above_the_teams_accreditation(store, tmp_path):
    backend = load(store, tmp_path, crimes=ALLOCATED, crime_outcomes=CLOSED)
    rows = worklists.run("crime.allocated_above_accreditation", backend, FORCE, date(2025, 9, 30))
    # C7 has its outcome; C9's comes after the day; C10 is recorded after it. PIP 3 work first.
    assert list(rows.crime_ref) == ["C11", "C3", "C9"]
    assert list(rows.days_open) == [29, 211, 91]


WANTED = """
    snapshot_date,wanted_ref,person_ref,on_pnc,wanted_since,reason
    2025-05-30,W1,P1,true,2024-11-29,suspect
    2025-05-30,W2,P2,true,2024-11-30,court_warrant
    2025-05-30,W4,P4,true,2020-01-01,recall
    2025-05-31,L1,P5,false,2025-05-01,suspect
    2025-05-31,L2,P6,false,2023-02-01,suspect
    2025-04-01,W1,P1,true,2024-11-29,suspect
    2025-04-01,L9,P9,false,2024-01-01,suspect
"""


def test_wanted_for_more_than_six_months_from_each_lists_latest_snapshot(store, tmp_path):
    backend = load(store, tmp_path, wanted_people=WANTED)
    rows = worklists.run("wanted.listed_over_6_months", backend, FORCE, date(2025, 5, 31))
    assert list(rows.wanted_ref) == ["W4", "L2", "W1"]
    assert list(rows.listing) == ["PNC", "local only", "PNC"]
    earlier = worklists.run("wanted.listed_over_6_months", backend, FORCE, date(2025, 4, 15))
    assert list(earlier.wanted_ref) == ["L9"]
