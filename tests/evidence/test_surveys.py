"""Workforce survey returns: loading, refusals, and the seed report's figures."""

from datetime import date

import duckdb
import pyarrow.csv as pacsv
import pytest
from conftest import write

from openpeel.areas import Area
from openpeel.demo import published
from openpeel.evidence import EvidenceError, load_survey, survey_results, synthesise_survey
from openpeel.sources import SourceError

from .seed import HEADCOUNT, RESPONSES, ROLE_GROUPS, SURVEY, SURVEY_MISPRINTS

HEADER = "respondent_id,roles,overtime_used,career_intentions,supervisory_feedback\n"
# worked by hand: overtime 2 of 3 agree; career intentions answered by 2, one leaving;
# feedback asked of investigators (R1, R3): R1 monthly, R3 never
RETURNS = HEADER + (
    "R1,investigator;Line_Manager,Agree,leave within the next 12 months,monthly\n"
    "R2,,strongly agree,,\n"
    "R3,investigator,disagree,stay for more than three years,never\n"
)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A store holding synthetic returns that reproduce the seed report's survey counts."""
    from openpeel.store import Store

    folder = tmp_path_factory.mktemp("survey")
    made = synthesise_survey("northamptonshire", published.survey())
    path = folder / "returns.csv"
    pacsv.write_csv(made.returns, path)
    store = Store(folder / "seed.duckdb")
    load_survey(store, path, "northamptonshire", made.headcount, closed=made.closed)
    return store


def counts(store) -> tuple:
    con = duckdb.connect(str(store.path), read_only=True)
    try:
        return tuple(
            con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("survey_respondents", "survey_answers", "survey_headcounts")
        )
    finally:
        con.close()


def test_response_rate_and_every_statement_match_the_seed(seeded):
    results = survey_results(seeded, "northamptonshire")
    assert (results.responses, results.headcount) == (RESPONSES, HEADCOUNT)
    assert round(results.response_rate * 100, 1) == 16.9
    assert results.describe_response() == "472 responses, 16.9% of a workforce of 2,793"
    assert results.as_at == date(2025, 10, 24) and results.synthetic
    got = {r.item: (r.yes, r.of) for r in results.statements}
    assert got == {k: (yes, of) for k, (yes, of, _) in SURVEY.items()}


def test_printed_percentages_match_the_counts_except_the_seeds_two_misprints(seeded):
    by_id = {r.item: r for r in survey_results(seeded, "northamptonshire").statements}
    for sid, (_, _, printed) in SURVEY.items():
        if printed is None:
            continue
        ours = round(by_id[sid].proportion * 100, 1)
        assert (ours == printed) is (sid not in SURVEY_MISPRINTS), sid
    assert by_id["workforce.overtime_used"].describe() == "67.4% (318 of 472)"
    assert by_id["workforce.stays_beyond_three_years"].describe() == "45.7% (187 of 409)"
    assert by_id["investigation.feedback_never"].describe() == "26.9% (32 of 119)"


@pytest.mark.parametrize("role, size", sorted(ROLE_GROUPS.items()))
def test_role_groups_have_the_seeds_sizes_and_filter_results(seeded, role, size):
    results = survey_results(seeded, "northamptonshire", role=role)
    assert results.respondents == size
    assert all(r.role == role and r.evidence_id.endswith(f"/{role}") for r in results.statements)
    assert all(r.of + r.excluded == size for r in results.statements)


def test_investigators_answer_their_questions_117_and_119_times(seeded):
    by_id = {r.item: r for r in survey_results(seeded, "northamptonshire", role="investigator").statements}
    assert by_id["investigation.allocated_beyond_accreditation"].result == "66 of 117"
    assert by_id["investigation.feedback_at_least_quarterly"].result == "64 of 119"
    line = {r.item: r for r in survey_results(seeded, "northamptonshire", role="line_manager").statements}
    assert line["investigation.line_manager_trained"].describe() == "69.3% (106 of 153)"


def test_hand_worked_returns(store, tmp_path):
    load_survey(
        store, write(tmp_path / "returns.csv", RETURNS), "Northamptonshire Police", 10, closed=date(2025, 10, 24)
    )
    everyone = {r.item: r for r in survey_results(store, "northamptonshire").statements}
    assert everyone["workforce.overtime_used"].result == "2 of 3"
    assert everyone["workforce.intends_to_leave"].result == "1 of 2"
    assert everyone["workforce.intends_to_leave"].excluded == 1
    assert everyone["investigation.feedback_never"].result == "1 of 2"
    assert everyone["workforce.manager_builds_trust"].of == 0
    assert everyone["workforce.manager_builds_trust"].reason == "no respondent answered it"
    assert everyone["workforce.overtime_used"].area is Area.WORKFORCE
    managers = survey_results(store, "northamptonshire", role="line_manager")
    assert managers.respondents == 1
    assert {r.item: r.result for r in managers.statements}["workforce.overtime_used"] == "1 of 1"
    assert survey_results(store, "northamptonshire").response_rate == 0.3


def test_loading_the_same_returns_twice_adds_nothing_and_a_new_headcount_replaces(store, tmp_path):
    path = write(tmp_path / "returns.csv", RETURNS)
    closed = date(2025, 10, 24)
    assert {o.status for o in load_survey(store, path, "northamptonshire", 10, closed=closed)} == {"loaded"}
    assert {o.status for o in load_survey(store, path, "northamptonshire", 10, closed=closed)} == {"unchanged"}
    assert counts(store) == (3, 7, 1)
    assert {o.status for o in load_survey(store, path, "northamptonshire", 12, closed=closed)} == {"replaced"}
    assert counts(store) == (3, 7, 1)
    assert survey_results(store, "northamptonshire").headcount == 12


@pytest.mark.parametrize(
    "content, headcount, expected",
    [
        (
            RETURNS,
            2,
            "returns.csv: has 3 responses but the headcount is 2: a survey cannot have more responses than "
            "the workforce it went to",
        ),
        (RETURNS, 0, "returns.csv: the headcount must be a positive whole number, got 0"),
        (
            RETURNS.replace("Agree", "Sort of"),
            10,
            "returns.csv, row 2, column 'overtime_used': 'Sort of' is not an answer to overtime_used",
        ),
        (
            RETURNS.replace("investigator;Line_Manager", "investigator;boss"),
            10,
            "returns.csv, row 2, column 'roles': 'investigator;boss' is not role groups of survey peel-2025-workforce",
        ),
        (
            RETURNS.replace("R3,", "R1,"),
            10,
            "returns.csv, row 4, column 'respondent_id': respondent R1 is listed twice (first on row 2)",
        ),
        (
            RETURNS.replace(",supervisory_feedback", ",happiness"),
            10,
            "returns.csv, row 1, column 'happiness': is not a question of survey peel-2025-workforce",
        ),
        (
            RETURNS.replace("respondent_id,", "id,"),
            10,
            "returns.csv, row 1, column 'respondent_id': required column is missing",
        ),
    ],
)
def test_bad_returns_are_refused_and_nothing_is_loaded(store, tmp_path, content, headcount, expected):
    load_survey(store, write(tmp_path / "earlier.csv", RETURNS), "northamptonshire", 10, closed=date(2025, 1, 31))
    before = counts(store)
    with pytest.raises(SourceError) as caught:
        load_survey(store, write(tmp_path / "returns.csv", content), "northamptonshire", headcount)
    assert expected in str(caught.value)
    assert counts(store) == before
    assert survey_results(store, "northamptonshire").as_at == date(2025, 1, 31)


def test_unknown_force_role_or_missing_survey_are_clear_errors(store, tmp_path):
    with pytest.raises(SourceError, match="unknown force 'Gotham'"):
        load_survey(store, write(tmp_path / "returns.csv", RETURNS), "Gotham", 10)
    with pytest.raises(EvidenceError, match="no PEEL 2025-27 workforce survey returns are loaded for northamptonshire"):
        survey_results(store, "northamptonshire")
    with pytest.raises(EvidenceError, match="has no role group 'detective'"):
        survey_results(store, "northamptonshire", role="detective")
