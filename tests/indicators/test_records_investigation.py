"""Every measure of the second batch of force records, worked by hand on small extracts."""

import pytest
from records.extracts import FORCE, load

from openpeel.assess import Assessor
from openpeel.compare import compare
from openpeel.indicators import catalogue
from openpeel.periods import Period


def figure(backend, indicator_id, period, force=FORCE):
    return Assessor(backend).result(catalogue.get(indicator_id), force, Period.parse(period)).value


BAIL = """
    arrest_ref,suspect_ref,arrested_at,officer_ref,bail_start,bail_due,answered_on,lapsed_on
    A1,P1,2024-09-20T10:00:00,O1,2024-09-21,2024-10-20,,2024-10-20
    A2,P2,2025-01-10T22:15:00,O1,2025-01-11,2025-02-10,,2025-02-10
    A3,P3,2025-03-01T09:00:00,,,,,
    A4,P4,2025-09-20T12:00:00,O2,2025-09-20,2025-10-20,,2025-10-21
    A5,P5,2025-05-05T15:00:00,O2,2025-05-06,,,
    A6,P6,2025-06-01T01:00:00,O3,2025-06-01,2025-07-01,2025-07-01,
"""


def test_bail_lapses_by_the_day_they_lapsed_per_arrests_made(store, tmp_path):
    backend = load(store, tmp_path, pre_charge_bail=BAIL)
    # lapses in the year: A1 (arrested the year before) and A2; A4 lapsed after it. Arrests: A2-A6.
    assert figure(backend, "bail.lapsed_to_rui", "ye-2025-09").value == 2
    rate = figure(backend, "bail.lapsed_per_1000_arrests", "ye-2025-09")
    assert (rate.numerator, rate.denominator, rate.value) == (2, 5, pytest.approx(400.0))


WANTED = """
    snapshot_date,wanted_ref,person_ref,on_pnc,wanted_since,reason
    2025-05-30,W1,P1,true,2024-11-29,suspect
    2025-05-30,W2,P2,true,2024-11-30,court_warrant
    2025-05-30,W3,P3,true,2025-01-01,
    2025-05-30,W4,P4,true,2020-01-01,recall
    2025-05-31,L1,P5,false,2025-05-01,suspect
    2025-05-31,L2,P6,false,2023-02-01,suspect
    2025-05-31,L3,P7,false,2025-05-31,breach_of_bail
    2025-04-01,W1,P1,true,2024-11-29,suspect
    2025-04-01,L9,P9,false,2024-01-01,suspect
    2025-03-15,W1,P1,true,2024-11-29,suspect
"""


def test_wanted_counts_use_the_latest_snapshot_of_their_kind(store, tmp_path):
    backend = load(store, tmp_path, wanted_people=WANTED)
    # On 30 May 2025 six months back is 30 November 2024: W1 (29th) and W4 count, W2 (30th) does not.
    assert figure(backend, "wanted.pnc_over_6_months", "2025-05").value == 2
    assert figure(backend, "wanted.local_only", "2025-05").value == 3  # the 31 May list, PNC-free
    assert figure(backend, "wanted.pnc_over_6_months", "ye-2025-05").value == 2
    assert figure(backend, "wanted.pnc_over_6_months", "2025-04").value == 0  # W1 was listed four months before
    assert figure(backend, "wanted.local_only", "2025-04").value == 1
    no_local = figure(backend, "wanted.local_only", "2025-03")
    assert no_local.value is None and "wanted_locally_only" in no_local.reason


POSTS = """
    snapshot_date,post_ref,role,pip2_post,post_fte,holder,holder_fte
    2025-12-31,P1,DC CID,true,1,pip2_accredited,1
    2025-12-31,P2,DC CID,true,1,pip2_accredited,0.5
    2025-12-31,P3,TDC CID,true,1,pip2_trainee,1
    2025-12-31,P4,DC DAIU,true,1,vacant,0
    2025-12-31,P5,PC response,false,1,other,1
    2025-06-30,P1,DC CID,true,1,pip2_accredited,1
    2025-06-30,P2,DC CID,true,1,vacant,0
"""
REVIEWS = """
    year_ending,person_ref,workforce_group,pdr_completed_on
    2025-03-31,O1,officer,2024-05-01
    2025-03-31,O2,officer,
    2025-03-31,O3,officer,2025-03-31
    2025-03-31,S1,staff,2024-04-01
"""


def test_pip2_posts_filled_and_trainees_from_the_latest_establishment(store, tmp_path):
    backend = load(store, tmp_path, workforce_posts=POSTS)
    fill = figure(backend, "workforce.pip2_fill_share", "2025")
    assert (fill.numerator, fill.denominator, fill.value) == (1.5, 4, pytest.approx(37.5))
    assert figure(backend, "workforce.pip2_trainees", "2025").value == 1.0


def test_development_reviews_for_officers_and_staff_separately(store, tmp_path):
    backend = load(store, tmp_path, development_reviews=REVIEWS)
    officers = figure(backend, "workforce.pdr_completion_share.officers", "ye-2025-03")
    assert (officers.numerator, officers.denominator) == (2, 3)
    assert figure(backend, "workforce.pdr_completion_share.staff", "ye-2025-03").value == pytest.approx(100.0)


REPORTS = """
    incident_ref,reported_at,age_group,returned_during_call
    R1,2025-03-01T20:00:00,child,false
    R2,2025-06-11T23:30:00,adult,true
    R3,2025-09-30T22:00:00,child,false
    R4,2025-10-02T10:00:00,adult,false
"""
CASES = """
    case_ref,incident_ref,opened_at,age_group,risk_grade,social_care_notified
    M1,R1,2025-03-01T20:40:00,child,medium,true
    M2,R1,2025-03-02T09:00:00,child,medium,true
    M3,R3,2025-10-01T08:00:00,child,high,
    M4,,2025-04-01T08:00:00,adult,low,
"""


def test_reports_transferred_twice_count_once_and_late_transfers_count(store, tmp_path):
    backend = load(store, tmp_path, missing_control_reports=REPORTS, missing_person_cases=CASES)
    share = figure(backend, "missing.reports_not_transferred", "ye-2025-09")
    assert (share.numerator, share.denominator) == (1, 3)  # R2 only; R1 twice and R3 next day are transferred


def test_without_a_missing_persons_extract_no_report_is_called_lost(store, tmp_path):
    backend = load(store, tmp_path, force="kent-demo", missing_control_reports=REPORTS)
    share = figure(backend, "missing.reports_not_transferred", "ye-2025-09", force="kent-demo")
    assert share.value is None and share.denominator == 3


NOTIFICATIONS = """
    notification_ref,incident_ref,incident_at,school_notified_at
    E1,I1,2025-07-11T19:32:00,2025-07-14T08:10:00
    E2,I2,2025-07-11T20:00:00,2025-07-14T09:30:00
    E3,I3,2025-07-15T02:00:00,2025-07-16T08:59:00
    E4,I4,2025-07-16T18:00:00,
    E5,I5,2025-08-22T21:00:00,2025-08-25T15:00:00
    E6,I6,2025-07-18T22:00:00,2025-07-21T16:00:00
"""
CLOSED = """
    closed_on,reason
    2025-07-21,training day
"""


def test_encompass_next_school_day_after_weekends_bank_holidays_and_closures(store, tmp_path):
    # E1: Friday evening, told before 09:00 Monday: in time. E2: told 09:30 Monday: late. E3: 02:00 Tuesday,
    # due before Wednesday's school day: in time. E4: never told. E5: Friday before the August bank
    # holiday, due Tuesday: in time. E6: Friday, the Monday is a training day, due Tuesday: in time.
    backend = load(store, tmp_path, encompass_notifications=NOTIFICATIONS, non_school_days=CLOSED)
    share = figure(backend, "encompass.before_next_school_day_share", "2025-07:2025-08")
    assert (share.numerator, share.denominator) == (4, 6)


def test_without_the_school_calendar_a_closure_is_a_school_day(store, tmp_path):
    backend = load(store, tmp_path, encompass_notifications=NOTIFICATIONS)
    assert figure(backend, "encompass.before_next_school_day_share", "2025-07:2025-08").numerator == 3  # E6 late


PROTECTION_CRIMES = """
    crime_ref,crime_type,victim_based,recorded_on,domestic_abuse
    D1,violence_with_injury,true,2025-07-01,true
    D2,violence_without_injury,true,2025-08-15,true
    D3,stalking_and_harassment,true,2025-09-01,true
    D4,criminal_damage_and_arson,true,2025-09-30,true
    D5,violence_with_injury,true,2025-06-30,true
    X1,shoplifting,true,2025-08-01,false
    X2,other_theft,true,2025-08-02,
"""
NOTICES = """
    notice_ref,crime_ref,authorised_on,order_result,order_granted_on
    N1,D1,2025-07-02,granted,2025-07-04
    N2,D2,2025-08-10,refused,
    N3,D5,2025-06-28,granted,2025-07-01
    N4,D4,2025-09-29,pending,
"""
BREACHES = """
    breach_ref,notice_ref,breached_on,enforcement
    B1,N1,2025-07-20,arrested
    B2,N1,2025-10-02,charged
    B3,N3,2025-09-30,arrested
"""


def test_protection_notices_orders_and_breaches_in_the_quarter(store, tmp_path):
    backend = load(
        store, tmp_path, crimes=PROTECTION_CRIMES, da_protection_notices=NOTICES, da_protection_breaches=BREACHES
    )
    quarter = "2025-07:2025-09"
    share = figure(backend, "safeguarding.dvpn_share_of_da_crimes", quarter)
    assert (share.numerator, share.denominator) == (3, 4)  # N1, N2, N4 against D1-D4
    assert figure(backend, "safeguarding.dvpo_granted", quarter).value == 2  # N1, and N3 from a June notice
    breaches = figure(backend, "safeguarding.dvpo_breaches", quarter)
    assert breaches.value == 2 and breaches.complete  # B1 and B3; August had none, which is not missing data


def test_without_a_breaches_extract_breaches_are_unknown(store, tmp_path):
    backend = load(store, tmp_path, crimes=PROTECTION_CRIMES, da_protection_notices=NOTICES)
    breaches = figure(backend, "safeguarding.dvpo_breaches", "2025-07:2025-09")
    assert breaches.value is None and "breaches" in breaches.reason


FRAUD = """
    snapshot_date,investigation_ref,team_type,team,allocated_on
    2025-10-20,F1,specialist,Economic crime,2025-01-01
    2025-10-20,F2,non_specialist,Hub,2025-09-21
    2025-10-20,F3,non_specialist,Hub,2025-09-22
    2025-10-20,F4,non_specialist,Response,2025-03-01
    2025-10-20,F5,specialist,Economic crime,2025-10-19
    2025-10-01,F1,non_specialist,Hub,2025-01-01
"""


def test_fraud_outside_specialist_teams_after_28_days(store, tmp_path):
    backend = load(store, tmp_path, fraud_investigations=FRAUD)
    share = figure(backend, "fraud.outside_specialist_after_28_days_share", "2025-10")
    assert (share.numerator, share.denominator) == (2, 5)  # F2 (29 days) and F4; F3 is at 28 days


DETENTIONS = """
    detention_ref,age_group,authorised_at,released_at,reviews_due,reviews_done,uof_forms_expected,uof_forms_received
    K1,adult,2025-01-01T10:00:00,2025-01-01T20:00:00,1,1,2,1
    K2,adult,2025-02-01T00:00:00,2025-02-01T06:00:00,0,0,0,0
    K3,adult,2025-03-01T00:00:00,2025-03-02T00:00:00,3,2,3,3
    K4,adult,2025-09-30T23:00:00,,,,,
    K5,child,2025-04-01T08:00:00,2025-04-01T20:00:00,1,1,0,0
    K6,child,2025-05-01T00:00:00,2025-05-01T15:00:00,1,1,0,0
"""


def test_custody_forms_reviews_and_median_hours(store, tmp_path):
    backend = load(store, tmp_path, custody_detentions=DETENTIONS)
    forms = figure(backend, "custody.use_of_force_forms_received_share", "ye-2025-09")
    assert (forms.numerator, forms.denominator) == (4, 5)
    reviews = figure(backend, "custody.reviews_done_share", "ye-2025-09")
    assert (reviews.numerator, reviews.denominator) == (5, 6)
    adults = figure(backend, "custody.adult_detention_hours_median", "ye-2025-09")
    children = figure(backend, "custody.child_detention_hours_median", "ye-2025-09")
    assert (adults.value, adults.denominator) == (10.0, 3)  # 10, 6 and 24 hours; K4 is still held
    assert (children.value, children.denominator) == (13.5, 2)  # 12 and 15 hours


def test_a_median_has_no_england_and_wales_figure(store, tmp_path):
    backend = load(store, tmp_path, custody_detentions=DETENTIONS)
    indicator = catalogue.get("custody.child_detention_hours_median")
    run = Assessor(backend).run(indicator, Period.parse("2025-04"))  # a month the force's data covers whole
    national = compare(run, world=FORCE).england_and_wales
    assert run.values[FORCE].value == 12.0
    assert national.value is None and "cannot be made from forces' medians" in national.reason


DEVICES = """
    device_ref,crime_ref,tier,submitted_on,examined_on
    D1,C1,3,2025-01-10,2025-03-15
    D2,C2,3,2024-12-01,
    D3,C3,3,2025-02-28,2025-02-28
    D4,C4,1,2025-01-05,
    D5,C5,3,2025-03-31,
    D6,C6,3,2025-03-10,2025-04-02
"""


def test_tier3_queue_at_the_end_and_on_average(store, tmp_path):
    backend = load(store, tmp_path, digital_forensic_submissions=DEVICES)
    # waiting at the end of January: D1, D2; February: D1, D2 (D3 was examined the day it came); March: D2, D5, D6
    assert figure(backend, "digital_forensics.tier3_queue", "2025-03").value == 3
    assert figure(backend, "digital_forensics.tier3_queue", "2025-01").value == 2
    assert figure(backend, "digital_forensics.tier3_queue_average", "2025-01:2025-03").value == pytest.approx(7 / 3)


ALLOCATED = """
    crime_ref,crime_type,victim_based,recorded_on,allocated_team,team_level,required_level
    C1,robbery,true,2024-12-10,CID,pip2,pip2
    C2,rape,true,2025-02-01,Rape team,pip2,pip2
    C3,violence_with_injury,true,2025-03-03,Response,pip1,pip2
    C4,shoplifting,true,2025-04-04,Response,pip1,pip1
    C5,drug_offences,false,2025-05-05,CID,pip2,pip1
    C6,violence_with_injury,true,2025-05-01,,,pip2
    C7,homicide,true,2025-06-01,CID,pip2,pip3
    C8,violence_with_injury,true,2024-08-01,Response,pip1,pip2
"""


def test_allocated_above_the_teams_accreditation(store, tmp_path):
    backend = load(store, tmp_path, crimes=ALLOCATED)
    share = figure(backend, "crime.allocated_above_accreditation_share", "ye-2025-09")
    # allocated in the year with both levels: C1-C5 and C7 (C6 unallocated, C8 recorded before the year)
    assert (share.numerator, share.denominator) == (2, 6)  # C3 and C7; a PIP 2 team on PIP 1 work is fine
