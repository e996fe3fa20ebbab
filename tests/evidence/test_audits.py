"""Loading case-level audit answers and counting "x of y" in the store."""

import duckdb
import pytest
from conftest import write

from openpeel.areas import Area
from openpeel.evidence import audit_change, audit_results, load_answers
from openpeel.periods import Period
from openpeel.sources import SourceError

HEADER = "force,audit,case_reference,question_id,answer,auditor,date,note\n"
# worked by hand: plan_completed yes, yes, no, n/a -> 2 of 3; plan_followed asked of the two yes cases
GOOD = HEADER + (
    "Northamptonshire Police,investigation,INV-1,investigation.plan_completed,Yes,JB,2025-01-10,\n"
    "northamptonshire,investigation,INV-1,investigation.plan_followed,no,JB,2025-01-10,not updated\n"
    "Northamptonshire,investigation,INV-2,investigation.plan_completed,YES,JB,14/02/2025,\n"
    "Northamptonshire,investigation,INV-2,investigation.plan_followed,yes,JB,14/02/2025,\n"
    "Northamptonshire,investigation,INV-3,investigation.plan_completed,no,JB,2025-03-01,\n"
    "Northamptonshire,investigation,INV-3,investigation.plan_followed,Not applicable,JB,2025-03-01,\n"
    "Northamptonshire,investigation,INV-4,investigation.plan_completed,not applicable,JB,2025-03-20,\n"
    "Northamptonshire,victim_care,INV-4,victim_care.told_outcome,yes,AK,2025-03-20,\n"
)
ROW = "Northamptonshire,investigation,INV-9,investigation.plan_completed,yes,JB,2025-01-10,\n"


def count(store) -> tuple:
    con = duckdb.connect(str(store.path), read_only=True)
    try:
        return con.execute("SELECT count(*), coalesce(sum(load_id), 0) FROM audit_answers").fetchone()
    finally:
        con.close()


def test_results_leave_out_cases_where_the_question_did_not_apply(store, tmp_path):
    load_answers(store, [write(tmp_path / "answers.csv", GOOD)])
    got = {r.item: (r.yes, r.of, r.excluded) for r in audit_results(store, "northamptonshire")}
    assert got == {
        "investigation.plan_completed": (2, 3, 1),
        "investigation.plan_followed": (1, 2, 1),
        "victim_care.told_outcome": (1, 1, 0),
    }


def test_results_carry_area_period_and_a_stable_evidence_id(store, tmp_path):
    load_answers(store, [write(tmp_path / "answers.csv", GOOD)])
    first = audit_results(store, "Northamptonshire Police", audit="investigation")
    assert [r.item for r in first] == ["investigation.plan_completed", "investigation.plan_followed"]
    plan = first[0]
    assert plan.area is Area.INVESTIGATION and plan.kind == "audit" and not plan.synthetic
    assert plan.period == Period.parse("2025-01:2025-03")
    assert plan.evidence_id == "audit/northamptonshire/peel-2025/investigation.plan_completed/2025-01:2025-03"
    assert plan.describe() == "66.7% (2 of 3)"
    assert audit_results(store, "northamptonshire", audit="investigation")[0].evidence_id == plan.evidence_id


def test_a_period_selects_cases_by_the_month_of_the_case(store, tmp_path):
    load_answers(store, [write(tmp_path / "answers.csv", GOOD)])
    got = {r.item: r.result for r in audit_results(store, "northamptonshire", period=Period.parse("2025-01:2025-02"))}
    assert got == {"investigation.plan_completed": "2 of 2", "investigation.plan_followed": "1 of 2"}
    march = audit_results(store, "northamptonshire", period=Period.parse("2025-03"))
    followed = next(r for r in march if r.item == "investigation.plan_followed")
    assert (followed.of, followed.proportion, followed.reason) == (0, None, "no case it applied to")
    assert followed.evidence_id.endswith("/2025-03")
    assert {r.area for r in audit_results(store, "northamptonshire", area="investigation")} == {Area.INVESTIGATION}


def test_loading_the_same_file_twice_adds_nothing(store, tmp_path):
    path = write(tmp_path / "answers.csv", GOOD)
    assert [o.status for o in load_answers(store, [path])] == ["loaded"]
    before = count(store)
    assert [o.status for o in load_answers(store, [path])] == ["unchanged"]
    assert count(store) == before == (8, 8)


def test_a_corrected_file_replaces_the_earlier_one(store, tmp_path):
    path = write(tmp_path / "answers.csv", GOOD)
    load_answers(store, [path])
    write(path, GOOD.replace("investigation.plan_completed,no,", "investigation.plan_completed,yes,"))
    assert [o.status for o in load_answers(store, [path])] == ["replaced"]
    assert audit_results(store, "northamptonshire")[0].result == "3 of 3"


def test_the_same_cases_under_another_file_name_are_refused(store, tmp_path):
    load_answers(store, [write(tmp_path / "answers.csv", GOOD)])
    with pytest.raises(
        SourceError,
        match=r"copy.csv: case INV-1 question investigation.plan_completed \(and 7 more\) "
        r"is also in answers.csv; a case is loaded from one file only",
    ):
        load_answers(store, [write(tmp_path / "copy.csv", GOOD)])
    assert count(store) == (8, 8)


def test_the_same_cases_twice_in_one_load_are_refused(store, tmp_path):
    first, second = write(tmp_path / "a.csv", GOOD), write(tmp_path / "b.csv", HEADER + GOOD.splitlines(True)[2])
    with pytest.raises(SourceError) as caught:
        load_answers(store, [first, second])
    assert "a.csv: case INV-1 question investigation.plan_followed is also in b.csv" in str(caught.value)
    assert "b.csv: case INV-1 question investigation.plan_followed is also in a.csv" in str(caught.value)
    assert count(store) == (0, 0)


@pytest.mark.parametrize(
    "bad_row, expected",
    [
        (
            ROW.replace("investigation.plan_completed", "investigation.plan_made"),
            "row 3, column 'question_id': 'investigation.plan_made' is not a question of question set peel-2025",
        ),
        (ROW.replace(",yes,", ",maybe,"), "row 3, column 'answer': 'maybe' is not yes, no or not applicable"),
        (
            ROW.replace("Northamptonshire", "Northamptonshre"),
            "row 3, column 'force': unknown force 'Northamptonshre' (did you mean",
        ),
        (ROW.replace("2025-01-10", "2025-02-30"), "row 3, column 'date': '2025-02-30' is not a date that exists"),
        (ROW.replace("2025-01-10", "10 Jan 2025"), "row 3, column 'date': '10 Jan 2025' is not a date like 2025-03-31"),
        (
            ROW.replace("Northamptonshire,investigation,", "Northamptonshire,victim_care,"),
            "row 3, column 'audit': question investigation.plan_completed belongs to audit investigation, not victim_care",
        ),
        (
            ROW.replace("Northamptonshire,investigation,", "Northamptonshire,triage,"),
            "row 3, column 'audit': 'triage' is not an audit of question set peel-2025",
        ),
        (ROW.replace(",JB,", ",,"), "row 3, column 'auditor': is blank, but this column must have a value"),
        (
            ROW.replace("INV-9", "INV-8"),
            "row 3, column 'question_id': case INV-8 already has an answer to investigation.plan_completed on row 2",
        ),
    ],
)
def test_bad_answers_are_refused_naming_file_row_and_column_and_nothing_is_loaded(store, tmp_path, bad_row, expected):
    load_answers(store, [write(tmp_path / "earlier.csv", GOOD)])
    before = count(store)
    good = write(tmp_path / "good.csv", HEADER + ROW.replace("INV-9", "INV-7"))
    bad = write(tmp_path / "bad.csv", HEADER + ROW.replace("INV-9", "INV-8") + bad_row)
    with pytest.raises(SourceError) as caught:
        load_answers(store, [good, bad])
    assert f"bad.csv, {expected}" in str(caught.value)
    assert count(store) == before


def test_a_missing_column_is_named(store, tmp_path):
    path = write(tmp_path / "answers.csv", HEADER.replace(",auditor", "") + "x,y,z,q,yes,2025-01-01,\n")
    with pytest.raises(SourceError, match="answers.csv, row 1, column 'auditor': required column is missing"):
        load_answers(store, [path])


def test_change_between_two_reviews_uses_the_periods_cases(store, tmp_path):
    rows = [HEADER]
    # 2022 review: 180 of 202 had reasonable grounds; 2024-25 review: 67 of 68 (the seed's two samples)
    for i in range(202):
        rows.append(
            f"northamptonshire,stop_search_records,S22-{i},stop_search_records.reasonable_grounds,"
            f"{'yes' if i < 180 else 'no'},HMI,2022-{i % 12 + 1:02d}-15,\n"
        )
    for i in range(68):
        rows.append(
            f"northamptonshire,stop_search_records,S25-{i},stop_search_records.reasonable_grounds,"
            f"{'yes' if i < 67 else 'no'},HMI,2025-0{i % 8 + 1}-15,\n"
        )
    load_answers(store, [write(tmp_path / "searches.csv", "".join(rows))])
    change = audit_change(
        store,
        "northamptonshire",
        "stop_search_records.reasonable_grounds",
        Period.parse("2022"),
        Period.parse("ye-2025-08"),
    )
    assert (change.before, change.after) == ((180, 202), (67, 68))
    assert change.wording == "a statistically significant improvement"
