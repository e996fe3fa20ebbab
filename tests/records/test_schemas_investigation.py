"""The second batch of record schemas refuses bad rows, naming the row and the rule."""

import pytest

from openpeel.ingest import ingest
from openpeel.records.schema import all_schemas
from openpeel.sources import SourceError
from records.extracts import extract

OUTCOME_HEADER = "crime_ref,outcome_type,assigned_on\n"
CRIME_HEADER = "crime_ref,crime_type,victim_based,recorded_on,domestic_abuse,allocated_team,team_level,required_level\n"
BAIL_HEADER = "arrest_ref,suspect_ref,arrested_at,officer_ref,bail_start,bail_due,answered_on,lapsed_on\n"


@pytest.mark.parametrize(
    "name, text, expected",
    [
        (
            "crime_outcomes",
            OUTCOME_HEADER + "C1,23,2025-01-01",
            "row 2, column 'outcome_type': '23' is not one of the codes",
        ),
        ("crime_outcomes", OUTCOME_HEADER + "C1,0,2025-01-01", "'0' is not one of the codes for outcome_type"),
        ("crime_outcomes", OUTCOME_HEADER + "C1,1,2025-01-01\nC2,-3,2025-01-01", "row 3, column 'outcome_type'"),
        ("crime_outcomes", OUTCOME_HEADER + "C1,1a,2025-01-01", "'1a' is not one of the codes"),
        ("crimes", CRIME_HEADER + "C1,drug_offences,true,2025-01-01,,,,", "victim_based disagrees with the crime type"),
        ("crimes", CRIME_HEADER + "C1,robbery,true,2025-01-01,,CID,,pip2", "an allocated team needs its accreditation"),
        ("crimes", CRIME_HEADER + "C1,robbery,true,2025-01-01,,CID,pip4,pip2", "'pip4' is not one of the codes"),
        (
            "pre_charge_bail",
            BAIL_HEADER + "A1,P1,2025-01-10T10:00:00,O1,2025-01-11,2025-01-05,,",
            "bail is due before it starts",
        ),
        (
            "pre_charge_bail",
            BAIL_HEADER + "A1,P1,2025-01-10T10:00:00,O1,2025-01-11,2025-02-05,2025-02-05,2025-02-05",
            "a bail is either answered or lapses, not both",
        ),
        ("pre_charge_bail", BAIL_HEADER + "A1,P1,2025-01-10T10:00:00,O1,,2025-02-05,,", "bail_start is blank"),
        ("pre_charge_bail", BAIL_HEADER + "A1,P1,2025-01-10T10:00:00,,2025-01-11,,,", "needs its officer"),
        (
            "encompass_notifications",
            "notification_ref,incident_ref,incident_at,school_notified_at\nE1,I1,2025-07-11T19:32:00,2025-07-11T08:00:00",
            "the school was told before the incident happened",
        ),
        (
            "workforce_posts",
            "snapshot_date,post_ref,role,pip2_post,post_fte,holder,holder_fte\n2025-12-31,P1,DC,true,1,pip2_accredited,1.5",
            "holder_fte must be between 0 and post_fte",
        ),
        (
            "development_reviews",
            "year_ending,person_ref,workforce_group,pdr_completed_on\n2025-03-31,E1,officer,2024-03-31",
            "pdr_completed_on is outside the review year",
        ),
        (
            "custody_detentions",
            "detention_ref,age_group,authorised_at,released_at,uof_forms_expected,uof_forms_received\n"
            "K1,child,2025-01-01T10:00:00,2025-01-01T09:00:00,1,2",
            "released before detention was authorised",
        ),
        (
            "da_protection_notices",
            "notice_ref,crime_ref,authorised_on,order_result,order_granted_on\nN1,D1,2025-07-02,refused,2025-07-04",
            "order_granted_on is given exactly when the order was granted",
        ),
        (
            "wanted_people",
            "snapshot_date,wanted_ref,person_ref,on_pnc,wanted_since\n2025-05-30,W1,P1,yes,2025-06-01",
            "wanted since a day after the snapshot",
        ),
        (
            "digital_forensic_submissions",
            "device_ref,tier,submitted_on\nD1,4,2025-01-01",
            "'4' is not one of the codes",
        ),
    ],
)
def test_bad_rows_are_refused_and_nothing_loads(store, tmp_path, name, text, expected):
    with pytest.raises(SourceError) as caught:
        ingest([extract(tmp_path, name, text)], store, force="northamptonshire-demo")
    assert expected in str(caught.value)
    assert store.count(name) == 0


def test_every_outcome_type_from_1_to_22_loads(store, tmp_path):
    rows = "".join(f"C{code},{code},2025-01-01\n" for code in range(1, 23))
    ingest([extract(tmp_path, "crime_outcomes", OUTCOME_HEADER + rows)], store, force="northamptonshire-demo")
    assert store.count("crime_outcomes") == 22


def test_every_schema_is_documented_with_a_version_and_an_example():
    ours = {
        "crimes",
        "crime_outcomes",
        "pre_charge_bail",
        "wanted_people",
        "missing_control_reports",
        "missing_person_cases",
        "encompass_notifications",
        "non_school_days",
        "da_protection_notices",
        "da_protection_breaches",
        "workforce_posts",
        "development_reviews",
        "custody_detentions",
        "fraud_investigations",
        "digital_forensic_submissions",
    }
    schemas = {s.name: s for s in all_schemas()}
    assert ours <= set(schemas)
    for name in ours:
        schema = schemas[name]
        assert schema.version >= 1 and schema.changes and schema.description
        assert all(f.description for f in schema.fields)
