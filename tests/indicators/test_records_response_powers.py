"""Force records I measures on small hand-made extracts, each value worked out by hand.

Kent, March 2025, with 1,000 residents (mid-2024), 1,000 White and 100 Black residents (census).
"""

import pytest
from conftest import write

from openpeel.assess import Assessor
from openpeel.backends import duckdb_backend
from openpeel.indicators import catalogue, engine
from openpeel.ingest import ingest
from openpeel.periods import Period
from openpeel.store import Store

MARCH = Period.parse("2025-03")

POPULATION = "year,Kent\n2024,1000\n"
CENSUS = (
    "PFA16NM,Ethnic Group: All categories: Ethnic group; measures: Value,Ethnic Group: White; measures: Value,"
    "Ethnic Group: Mixed; measures: Value,Ethnic Group: Asian; measures: Value,Ethnic Group: Black; measures: Value,"
    "Ethnic Group: Other; measures: Value\n"
    "Kent,1200,1000,40,50,100,10\n"
)

CALLS_999 = """call_ref,presented_at,answered_at
C1,2025-03-01T10:00:00,2025-03-01T10:00:07
C2,2025-03-02T10:00:00,2025-03-02T10:00:10
C3,2025-03-03T10:00:00,2025-03-03T10:00:11
C4,2025-03-04T10:00:00.500,2025-03-04T10:00:10.750
C5,2025-03-05T10:00:00,
C6,2025-02-28T23:59:58,2025-03-01T00:00:03
"""
# March: 5 calls presented (C6 counts in February); answered within 10 s: C1 and C2 (exactly 10 s).
# C4 took 10.25 s and C5 was never answered.

CALLS_101 = """call_ref,received_at,outcome,answered_at,ended_at,called_back_at
N1,2025-03-01T09:00:00,answered,2025-03-01T09:03:00,,
N2,2025-03-01T09:10:00,abandoned,,2025-03-01T09:14:00,
N3,2025-03-01T09:20:00,callback,,2025-03-01T09:21:00,2025-03-01T11:00:00
N4,2025-03-02T09:00:00,abandoned,,2025-03-02T09:00:20,
N5,2025-03-02T09:30:00,answered,2025-03-02T09:30:40,,
"""
# 5 calls, 2 abandoned; the call-back (N3) is not abandoned.

INCIDENTS = """incident_ref,created_at,initial_grade,grade,regraded_at,area_type,first_arrival_at,closed_at,caller_ref
I1,2025-03-01T10:00:00,1,1,,urban,2025-03-01T10:15:00,2025-03-01T12:00:00,
I2,2025-03-02T10:00:00,1,1,,urban,2025-03-02T10:17:00,2025-03-02T12:00:00,
I3,2025-03-03T10:00:00,1,1,,rural,2025-03-03T10:19:00,2025-03-03T12:00:00,
I4,2025-03-04T10:00:00,1,1,,rural,2025-03-04T10:25:00,2025-03-04T12:00:00,
I5,2025-03-05T10:00:00,2,1,2025-03-05T10:30:00,urban,2025-03-05T10:40:00,2025-03-05T12:00:00,
I6,2025-03-06T10:00:00,1,2,2025-03-06T10:05:00,urban,2025-03-06T11:00:00,2025-03-06T12:00:00,
I7,2025-03-07T10:00:00,1,2,2025-03-07T11:00:00,urban,2025-03-07T10:50:00,2025-03-07T12:00:00,
I8,2025-03-08T10:00:00,1,1,,urban,,2025-03-08T10:10:00,
I9,2025-03-09T10:00:00,2,2,,urban,2025-03-09T10:05:00,2025-03-09T12:00:00,
I10,2025-03-10T10:00:00,1,1,,urban,2025-03-10T10:03:00,2025-03-10T12:00:00,
"""
# Grade 1 at the first arrival, attended: urban I1 (15:00 exactly, on target), I2 (late), I5 (raised to 1
# at 10:30, arrived 10 minutes later: on target), I7 (downgraded only after the late arrival: counts,
# late), I10 (on target): 3 of 5. Rural I3 (on target), I4 (late): 1 of 2. I6 was downgraded before
# anyone arrived, I8 was never attended, I9 was never grade 1.

STOP_SEARCH = """search_ref,searched_at,search_type,object_of_search,item_found,find_linked,reasonable_grounds_recorded,bwv_used,supervisor_reviewed,self_defined_ethnicity,age,force_used,officer_ref
S1,2025-03-01T20:00:00,person,drugs,true,true,true,true,true,W1,19,false,PC1
S2,2025-03-02T20:00:00,person,weapons,true,false,true,true,true,B2,22,false,PC1
S3,2025-03-03T20:00:00,person,drugs,false,,true,false,true,NS,31,false,PC2
S4,2025-03-04T20:00:00,person,drugs,,,true,true,false,W2,40,,PC2
S5,2025-03-05T20:00:00,person_and_vehicle,stolen_property,true,,true,true,true,,,false,PC3
S6,2025-03-06T20:00:00,vehicle,drugs,true,true,true,true,true,B1,,false,PC3
S7,2025-03-07T20:00:00,person,drugs,false,,true,true,true,A4,17,false,PC3
"""
# Searches of people: S1-S5 and S7 (S6 searched a vehicle only): 6. Whether anything was found and,
# if so, whether it was linked is known for S1, S2, S3, S7: 4, with 1 linked and 1 not linked find.
# Self-defined ethnicity unknown: S3 (not stated) and S5 (blank). Black: S2; White: S1, S4.

ARRESTS = """arrest_ref,arrested_at,arresting_officer,person_ref,handcuffed,custody_record_force
A1,2025-03-01T21:00:00,PC1,P1,true,false
A2,2025-03-02T21:00:00,PC2,P2,true,false
A3,2025-03-03T21:00:00,PC3,P3,false,false
A4,2025-03-04T21:00:00,PC3,P4,false,false
"""
UOF = """report_ref,used_at,officer_ref,subject_ref,arrest_ref,subject_ethnicity,highest_tactic,bwv_used
R1,2025-03-01T21:00:00,PC1,P1,A1,black,handcuffing,true
R2,2025-03-01T21:00:00,PC2,P1,A1,black,unarmed_skills,true
R3,2025-03-01T21:01:00,PC3,P1,A1,black,limb_restraints,false
R4,2025-03-02T21:00:00,PC2,P2,A2,white,handcuffing,true
R5,2025-03-05T15:00:00,PC4,P5,,,taser,true
"""
# 5 reports; 4 linked to 2 distinct arrests (three officers' reports for A1): average 2 per arrest with a
# report, so 4 arrests x 2 = 8 expected and 8 - 5 = 3 likely not recorded. Black subject: 3 reports;
# White: 1.

ASB = "incident_ref,reported_at,category,neighbourhood\n" + "".join(
    f"B{i},2025-03-{i + 1:02d}T18:00:00,{c},Town\n"
    for i, c in enumerate(["personal"] * 3 + ["nuisance"] * 5 + ["environmental"] * 2)
)
ORDERS = """order_ref,issued_on,order_type,asb_incident_ref
O1,2025-03-03,civil_injunction,B1
O2,2025-03-20,criminal_behaviour_order,
O3,2025-04-01,closure_order,
"""
DUTY = """duty_ref,duty_date,staff_ref,role,hours_on_duty,hours_in_community,hours_abstracted,abstraction_reason
D1,2025-03-01,PC10,officer,8,5,2,response
D2,2025-03-02,PC10,officer,10,6,0,
D3,2025-03-01,PCSO1,pcso,8,6,1.5,training
D4,2025-02-28,PCSO1,pcso,8,4,0,
"""


EXTRACTS = {
    "mid-year-population.csv": POPULATION,
    "census.csv": CENSUS,
    "calls_999.csv": CALLS_999,
    "calls_101.csv": CALLS_101,
    "incidents.csv": INCIDENTS,
    "stop_search_records.csv": STOP_SEARCH,
    "arrests.csv": ARRESTS,
    "use_of_force_reports.csv": UOF,
    "asb_incidents.csv": ASB,
    "asb_orders.csv": ORDERS,
    "neighbourhood_duty.csv": DUTY,
}


def load_extracts(folder) -> Store:
    """A store holding every extract above for Kent (also used by the Spark parity test)."""
    store = Store(folder / "store.duckdb")
    ingest([write(folder / name, text) for name, text in EXTRACTS.items()], store, force="kent")
    return store


@pytest.fixture(scope="module")
def backend(tmp_path_factory):
    return duckdb_backend(load_extracts(tmp_path_factory.mktemp("records-i")))


def value(backend, indicator_id, period=MARCH):
    return engine.run(catalogue.get(indicator_id), backend, period).values["kent"]


def parts(fv):
    return fv.value, fv.numerator, fv.denominator


def test_999_calls(backend):
    assert parts(value(backend, "calls.emergency_per_1000")) == (5.0, 5, 1000)
    assert parts(value(backend, "calls.emergency_answered_10s_share")) == (40.0, 2, 5)
    assert value(backend, "calls.emergency_per_1000").source == "force 999 call extract"


def test_101_calls(backend):
    assert parts(value(backend, "calls.non_emergency_per_1000")) == (5.0, 5, 1000)
    assert parts(value(backend, "calls.non_emergency_abandoned_share")) == (40.0, 2, 5)


def test_grade1_attendance_with_regraded_incidents(backend):
    assert parts(value(backend, "response.grade1_urban_on_target_share")) == (60.0, 3, 5)
    assert parts(value(backend, "response.grade1_rural_on_target_share")) == (50.0, 1, 2)


def test_stop_search_from_the_full_records(backend):
    searches = value(backend, "stop_search.searches")
    assert searches.value == 6 and searches.source == "force stop and search extract"
    assert parts(value(backend, "stop_search.rate_per_1000")) == (6.0, 6, 1000)
    assert parts(value(backend, "stop_search.find_rate")) == (50.0, 2, 4)
    assert parts(value(backend, "stop_search.linked_find_rate")) == (25.0, 1, 4)
    assert parts(value(backend, "stop_search.unlinked_find_rate")) == (25.0, 1, 4)


def test_stop_search_ethnicity_with_unknowns(backend):
    unknown = value(backend, "stop_search.sde_unknown_share")
    assert (unknown.numerator, unknown.denominator) == (2, 6) and unknown.value == pytest.approx(100 / 3)
    # (1 / 100 Black residents) / (2 / 1,000 White residents) = 5
    ratio = value(backend, "stop_search.disproportionality_black_white")
    assert ratio.value == pytest.approx(5.0)
    assert (ratio.numerator, ratio.denominator) == (pytest.approx(10.0), pytest.approx(2.0))


def test_use_of_force_with_several_officers_on_one_arrest(backend):
    assert value(backend, "arrests.count").value == 4
    assert value(backend, "use_of_force.reports").value == 5
    expected = value(backend, "use_of_force.expected")
    assert expected.value == 8 and expected.components == {"arrests": 4, "reports_linked": 4, "arrests_with_report": 2}
    assert parts(value(backend, "use_of_force.under_recorded")) == (3, 8, 5)
    # (3 / 100) / (1 / 1,000) = 30
    assert value(backend, "use_of_force.disproportionality_black_white").value == pytest.approx(30.0)


def test_antisocial_behaviour_and_orders(backend):
    assert value(backend, "asb.incidents").value == 10
    assert value(backend, "asb.incidents").source == "force antisocial behaviour incident extract"
    assert parts(value(backend, "asb.rate_per_1000")) == (10.0, 10, 1000)
    assert parts(value(backend, "asb.personal_share")) == (30.0, 3, 10)
    assert parts(value(backend, "asb.nuisance_share")) == (50.0, 5, 10)
    assert parts(value(backend, "asb.environmental_share")) == (20.0, 2, 10)
    assert parts(value(backend, "asb.orders_per_1000")) == (2.0, 2, 1000)  # O3 was issued in April


def test_neighbourhood_time_in_community(backend):
    officers = value(backend, "neighbourhood.officer_time_in_community_share")
    assert (officers.numerator, officers.denominator) == (11, 18) and officers.value == pytest.approx(1100 / 18)
    assert parts(value(backend, "neighbourhood.pcso_time_in_community_share")) == (75.0, 6, 8)


def test_change_on_the_previous_period(backend):
    assessor = Assessor(backend)
    # February: one 999 call (C6), answered in 5 seconds: 100%; March 40%, a tested proportion
    calls = assessor.result(catalogue.get("calls.emergency_answered_10s_share"), "kent", MARCH).change
    assert calls.previous_value == 100.0 and calls.difference == -60.0 and calls.test == "two-proportion z test"
    # hours are not counts of independent things: the change is given but not tested
    pcso = assessor.result(catalogue.get("neighbourhood.pcso_time_in_community_share"), "kent", MARCH).change
    assert pcso.previous_value == 50.0 and pcso.difference == 25.0 and pcso.test is None


def test_a_missing_extract_gives_a_reason_not_a_crash(tmp_path):
    store = Store(tmp_path / "only-reports.duckdb")
    ingest([write(tmp_path / "use_of_force_reports.csv", UOF)], store, force="kent")
    under = value(duckdb_backend(store), "use_of_force.under_recorded")
    assert under.value is None and "expected" in under.reason
