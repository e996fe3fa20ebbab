"""The inspection workspace through FastAPI's TestClient: what each write does, and bad input.

Figures are hand-worked: Northamptonshire (demo) answers 81.0% of 999 calls within 10 seconds in
the year ending March 2025 (``tests.web.world``); audit intervals are 95% Wald intervals worked by
hand below; the survey returns are five respondents written out here.
"""

from __future__ import annotations

import datetime
import html
import json
import os
import re
import sqlite3
from pathlib import Path

import pytest

from openpeel.framework.inspection_loader import inspections_dir
from openpeel.web.state import path_for
from tests.web import workspace_world as ww
from tests.web.world import DEMO

pytestmark = pytest.mark.xdist_group("workspace")  # the module's store and app are built once, on one worker

CALLS_TEXT = "Only {indicator:calls.emergency_answered_10s_share} of emergency calls were answered within ten seconds."
AUDIT = "stop_search_records"
GROUNDS = "stop_search_records.reasonable_grounds"
GROUNDS_MINORITY = "stop_search_records.reasonable_grounds_ethnic_minority"
SHIPPED = inspections_dir() / "northamptonshire-demo-2025.yaml"
RETURNS = (
    b"respondent_id,roles,overtime_used,risk_information\n"
    b"r1,public_facing,agree,agree\n"
    b"r2,,strongly agree,\n"
    b"r3,public_facing,disagree,disagree\n"
    b"r4,,neither agree nor disagree,\n"
    b"r5,public_facing,agree,strongly agree\n"
)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from openpeel.web.app import create_app

    return create_app(ww.build(tmp_path_factory.mktemp("workspace")))


@pytest.fixture(scope="module")
def lead(app):
    return ww.client(app, "lead")


@pytest.fixture(scope="module")
def reviewer(app):
    return ww.client(app, "reviewer")


def state(app, sql: str, *params):
    con = sqlite3.connect(path_for(app.state.holder.path))
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def document(app, at: str) -> str:
    return state(app, "SELECT document FROM inspections WHERE id = ?", at.rsplit("/", 1)[-1])[0][0]


# ---- inspections ---------------------------------------------------------------------------------


def test_creating_an_inspection_shows_each_error_beside_its_field_and_keeps_what_was_typed(app, lead):
    answer = lead.post(
        "/inspections",
        data={
            "csrf_token": lead.csrf,
            "force": DEMO,
            "framework": "peel-2025-27",
            "fieldwork_start": "Sept 2025",
            "fieldwork_end": "2026-02",
            "lead": "",
        },
    )
    assert answer.status_code == 422
    errors = ww.field_errors(answer.text)
    assert errors == {
        "fieldwork_start": ["Enter a month as YYYY-MM, such as 2025-09"],
        "lead": ["Enter the lead inspector's name"],
    }
    assert 'value="Sept 2025"' in answer.text and 'value="2026-02"' in answer.text
    assert f'<option value="{DEMO}" selected>' in answer.text


def test_a_created_inspection_is_a_draft_in_the_list_with_its_findings_file(app, lead):
    at = ww.create(lead, title="Spring inspection")
    listed = lead.get("/inspections").text
    row = listed[listed.index("Spring inspection") :][:800]
    assert "draft" in row and "Jo Bloggs" in row and "2025-09:2026-02" in row
    assert lead.get(f"{at}/findings.yaml").text == (
        f"inspection:\n  id: {at.rsplit('/', 1)[-1]}\n  title: Spring inspection\n  force: {DEMO}\n"
        "  framework: peel-2025-27\n  fieldwork: 2025-09:2026-02\n  inspector: Jo Bloggs\nfindings: []\n"
    )


# ---- findings ------------------------------------------------------------------------------------


def test_the_yaml_round_trip_gives_an_identical_file(app, lead):
    """The shipped demo findings file (comments, folded text, 45 findings) in and out unchanged; then
    after an edit in the browser, out, in as another inspection and out again: the same file."""
    original = SHIPPED.read_bytes()
    answer = lead.post(
        "/inspections/import",
        data={"csrf_token": lead.csrf},
        files={"file": ("northamptonshire-demo-2025.yaml", original)},
    )
    assert answer.status_code == 303, answer.text[:2000]
    at = answer.headers["location"]
    assert lead.get(f"{at}/findings.yaml").content == original

    page = lead.get(f"{at}/findings/response.emergency_calls").text
    answer = lead.post(
        f"{at}/findings/response.emergency_calls",
        data={
            "csrf_token": lead.csrf,
            "token": ww.hidden(page, "token"),
            "area": "response",
            "kind": "main_finding",
            "title": "Emergency calls are answered quickly",
            "text": "The force answered {indicator:calls.emergency_answered_10s_share@ye-2026-01} of emergency calls "
            "within ten seconds.",
        },
    )
    assert answer.status_code == 303, ww.field_errors(answer.text)
    edited = lead.get(f"{at}/findings.yaml").content
    assert edited != original
    assert original.split(b"findings:")[0] == edited.split(b"findings:")[0]  # untouched parts stay as written
    renamed = edited.replace(b"id: northamptonshire-demo-2025\n", b"id: northamptonshire-demo-2025-b\n", 1)
    again = lead.post("/inspections/import", data={"csrf_token": lead.csrf}, files={"file": ("b.yaml", renamed)})
    assert again.status_code == 303
    assert lead.get(f"{again.headers['location']}/findings.yaml").content == renamed


def test_an_imported_file_with_problems_is_refused_with_its_lines(app, lead):
    bad = SHIPPED.read_text(encoding="utf-8").replace("kind: area_for_improvement", "kind: area_for_betterment", 1)
    bad = bad.replace("id: northamptonshire-demo-2025\n", "id: northamptonshire-demo-2025-bad\n", 1)
    count = state(app, "SELECT count(*) FROM inspections")
    answer = lead.post(
        "/inspections/import", data={"csrf_token": lead.csrf}, files={"file": ("bad.yaml", bad.encode())}
    )
    assert answer.status_code == 422
    line = bad.splitlines().index("    kind: area_for_betterment") + 1
    assert ww.field_errors(answer.text)["file"] == [
        f"bad.yaml: line {line}: finding leadership.operating_model: unknown kind 'area_for_betterment' (known: "
        "cause_of_concern, area_for_improvement, innovative_practice, main_finding)"
    ]
    assert state(app, "SELECT count(*) FROM inspections") == count


def test_a_finding_with_a_placeholder_is_saved_with_its_evidence_and_previewed_with_its_figure(app, lead):
    at = ww.create(lead)
    preview = lead.post(f"{at}/preview", data={"csrf_token": lead.csrf, "text": CALLS_TEXT, "area": "response"})
    assert preview.status_code == 200
    assert 'Only <strong class="op-figure">81.0%</strong> of emergency calls were answered' in preview.text
    assert ww.add_finding(lead, at, CALLS_TEXT).status_code == 303
    assert document(app, at).endswith(
        "findings:\n  - id: response.answer_emergency_calls_faster\n    kind: area_for_improvement\n    area: response\n"
        "    title: Answer emergency calls faster\n    text: |\n"
        "      Only {indicator:calls.emergency_answered_10s_share} of emergency calls were answered within ten\n"
        "      seconds.\n    evidence:\n      - indicator: calls.emergency_answered_10s_share\n"
    )
    listed = lead.get("/inspections/{}/evidence?q=emergency answered".format(at.rsplit("/", 1)[-1])).text
    assert (
        '<code class="op-placeholder">{indicator:calls.emergency_answered_10s_share}</code> = <strong>81.0%</strong>'
        in listed
    )


def test_a_placeholder_naming_unknown_evidence_is_refused_with_what_exists(app, lead):
    at = ww.create(lead)
    answer = ww.add_finding(lead, at, "Calls: {indicator:calls.answered_sometime}.")
    assert answer.status_code == 422
    (message,) = ww.field_errors(answer.text)["text"]
    assert message.startswith(
        "{indicator:calls.answered_sometime} names no indicator that exists; the indicator ids are: "
    )
    assert "calls.emergency_answered_10s_share" in message
    assert "Calls: {indicator:calls.answered_sometime}." in html.unescape(answer.text)  # what was typed is kept
    assert "findings: []" in document(app, at)


def test_loader_errors_are_shown_beside_their_fields(app, lead):
    at = ww.create(lead)
    answer = ww.add_finding(lead, at, "We found 45 cases where calls waited.", kind="cause_of_concern")
    assert answer.status_code == 422
    errors = ww.field_errors(answer.text)
    assert errors["text"] == [
        "figure '45' typed by hand: use a placeholder naming the evidence, such as {indicator:<id>}"
    ]
    assert errors["rec_text_0"] == [
        "a cause of concern needs at least one recommendation, each with a deadline in months"
    ]
    answer = ww.add_finding(
        lead, at, CALLS_TEXT, kind="cause_of_concern", rec_text_0="Answer calls faster", rec_months_0="six"
    )
    assert ww.field_errors(answer.text) == {
        "rec_months_0": ["Enter the deadline as a whole number of months, 1 to 120"]
    }
    answer = ww.add_finding(
        lead, at, CALLS_TEXT, kind="cause_of_concern", rec_text_0="Answer calls faster", rec_months_0="6"
    )
    assert answer.status_code == 303
    assert "    recommendations:\n      - text: Answer calls faster\n        months: 6\n" in document(app, at)


def test_markup_and_overlong_text_are_kept_as_text_and_escaped(app, lead):
    at = ww.create(lead)
    title = "<script>alert('x')</script><b>Calls</b>"
    answer = ww.add_finding(
        lead, at, "Answer more calls <img src=x onerror=alert(document.cookie)> sooner.", title=title
    )
    assert answer.status_code == 303, ww.field_errors(answer.text)
    assert title in document(app, at)
    page = lead.get(at).text
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>Calls" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;b&gt;Calls&lt;/b&gt;" in page
    long = "Calls were slow. " * 1300  # 22,100 characters
    answer = ww.add_finding(lead, at, long, title="Long")
    assert answer.status_code == 422
    assert ww.field_errors(answer.text)["text"] == ["22,100 characters is too long: at most 20,000"]
    assert long.strip() in answer.text  # kept in the form


def test_a_save_based_on_an_old_version_is_refused_and_neither_text_is_lost(app):
    first, second = ww.client(app, "lead"), ww.client(app, "reviewer")
    at = ww.create(first)
    assert ww.add_finding(first, at, CALLS_TEXT).status_code == 303
    edit = f"{at}/findings/response.answer_emergency_calls_faster"
    page_1, page_2 = first.get(edit).text, second.get(edit).text
    form = {"area": "response", "kind": "area_for_improvement", "title": "Answer emergency calls faster"}
    mine = "First inspector: {indicator:calls.emergency_answered_10s_share} of calls were answered in time."
    theirs = "Second inspector: too few calls, {indicator:calls.emergency_answered_10s_share}, were answered in time."
    assert (
        first.post(
            edit, data={**form, "csrf_token": first.csrf, "token": ww.hidden(page_1, "token"), "text": mine}
        ).status_code
        == 303
    )
    refused = second.post(
        edit, data={**form, "csrf_token": second.csrf, "token": ww.hidden(page_2, "token"), "text": theirs}
    )
    assert refused.status_code == 409
    shown = html.unescape(refused.text)
    assert "Someone else saved this finding after you opened it" in shown
    assert "First inspector: {indicator:" in shown and "Second inspector: too few calls" in shown  # both versions
    assert "First inspector" in document(app, at) and "Second inspector" not in document(app, at)
    assert state(app, "SELECT account, text FROM refused_saves WHERE inspection_id = ?", at.rsplit("/", 1)[-1]) == [
        ("reviewer", theirs)
    ]
    # saving again from the refusal page (its token is now the saved version's) replaces it knowingly
    again = second.post(
        edit, data={**form, "csrf_token": second.csrf, "token": ww.hidden(refused.text, "token"), "text": theirs}
    )
    assert again.status_code == 303
    assert "Second inspector" in document(app, at)
    trail = state(
        app, "SELECT account, what FROM inspection_changes WHERE inspection_id = ? ORDER BY id", at.rsplit("/", 1)[-1]
    )
    assert [w for _, w in trail] == [
        "inspection created",
        "finding response.answer_emergency_calls_faster",
        "finding response.answer_emergency_calls_faster",
        "save refused (edited by someone else first): finding response.answer_emergency_calls_faster",
        "finding response.answer_emergency_calls_faster",
    ]
    old, new = state(
        app,
        "SELECT old, new FROM inspection_changes WHERE inspection_id = ? ORDER BY id DESC LIMIT 1",
        at.rsplit("/", 1)[-1],
    )[0]
    assert "First inspector" in old and "Second inspector" in new


def test_editing_another_finding_meanwhile_is_no_conflict(app):
    first, second = ww.client(app, "lead"), ww.client(app, "reviewer")
    at = ww.create(first)
    assert ww.add_finding(first, at, CALLS_TEXT).status_code == 303
    assert ww.add_finding(first, at, CALLS_TEXT, area="leadership", title="Lead on calls").status_code == 303
    one, two = f"{at}/findings/response.answer_emergency_calls_faster", f"{at}/findings/leadership.lead_on_calls"
    page_1, page_2 = first.get(one).text, second.get(two).text
    assert (
        first.post(
            one,
            data={
                "csrf_token": first.csrf,
                "token": ww.hidden(page_1, "token"),
                "area": "response",
                "kind": "main_finding",
                "title": "Calls",
                "text": CALLS_TEXT,
            },
        ).status_code
        == 303
    )
    assert (
        second.post(
            two,
            data={
                "csrf_token": second.csrf,
                "token": ww.hidden(page_2, "token"),
                "area": "leadership",
                "kind": "main_finding",
                "title": "Leaders",
                "text": CALLS_TEXT,
            },
        ).status_code
        == 303
    )
    saved = document(app, at)
    assert "title: Calls\n" in saved and "title: Leaders\n" in saved


# ---- audits --------------------------------------------------------------------------------------


def _case(c, at, reference, date, grounds, minority="yes", action="complete", **extra):
    return c.post(
        f"{at}/audits/{AUDIT}/cases",
        data={
            "csrf_token": c.csrf,
            "reference": reference,
            "date": date,
            "action": action,
            f"q-{GROUNDS}": grounds,
            f"q-{GROUNDS_MINORITY}": minority,
            **extra,
        },
    )


def _running(c, at) -> str:
    page = c.get(f"{at}/audits/{AUDIT}").text
    return html.unescape(re.search(rf'data-interval="{GROUNDS}">([^<]*)<', page)[1])


def test_five_cases_and_the_running_interval(app, lead):
    """Reasonable grounds yes, yes, no, yes, yes: 95% Wald intervals, worked by hand:
    1 of 1 (+/- 0); 2 of 2 (+/- 0); 2 of 3: 1.96 x sqrt(2/3 x 1/3 / 3) = 53.3 points;
    3 of 4: 1.96 x sqrt(0.75 x 0.25 / 4) = 42.4; 4 of 5: 1.96 x sqrt(0.8 x 0.2 / 5) = 35.1."""
    at = ww.create(lead)
    method = " (95% Wald (normal) interval, no finite population correction)"
    expected = [
        "100.0% (+/- 0.0 percentage points; 1 of 1 cases reviewed)",
        "100.0% (+/- 0.0 percentage points; 2 of 2 cases reviewed)",
        "66.7% (+/- 53.3 percentage points; 2 of 3 cases reviewed)",
        "75.0% (+/- 42.4 percentage points; 3 of 4 cases reviewed)",
        "80.0% (+/- 35.1 percentage points; 4 of 5 cases reviewed)",
    ]
    for i, (grounds, want) in enumerate(zip(["yes", "yes", "no", "yes", "yes"], expected), start=1):
        assert _case(lead, at, f"SS-{i}", f"2025-01-{10 + i}", grounds).status_code == 303
        assert _running(lead, at) == want + method
    # a draft case is kept but not counted until it is marked complete
    assert _case(lead, at, "SS-6", "2025-01-20", "no", action="draft").status_code == 303
    assert _running(lead, at) == expected[-1] + method
    # the same case entered again as new, or from a page opened before another save, is refused and kept
    refused = _case(lead, at, "SS-6", "2025-01-20", "yes")
    assert refused.status_code == 409
    assert (
        f"case SS-6 of audit {AUDIT} already exists. Saved now: {GROUNDS}: no, {GROUNDS_MINORITY}: yes."
        in html.unescape(refused.text)
    )
    assert state(app, "SELECT account, what FROM refused_saves WHERE inspection_id = ?", at.rsplit("/", 1)[-1]) == [
        ("lead", f"audit case {AUDIT}/SS-6")
    ]
    page = lead.get(f"{at}/audits/{AUDIT}?case=SS-6").text
    assert (
        _case(lead, at, "SS-6", "2025-01-20", "no", version=ww.hidden(page, "version"), editing="SS-6").status_code
        == 303
    )
    assert _running(lead, at).startswith("66.7% (+/- 37.7 percentage points; 4 of 6 cases reviewed)")


def test_answers_are_checked_as_the_csv_loader_checks_them(app, lead):
    at = ww.create(lead)
    answer = _case(lead, at, "SS-1", "2025-02-30", "yes")
    assert answer.status_code == 422
    assert ww.field_errors(answer.text)["date"] == ["'2025-02-30' is not a date that exists"]
    assert 'value="2025-02-30"' in answer.text and 'value="SS-1"' in answer.text
    answer = _case(lead, at, "SS-1", "2099-01-01", "yes")
    assert ww.field_errors(answer.text)["date"] == [
        "the date 2099-01-01 is after today: a case reviewed has already happened"
    ]
    answer = _case(lead, at, "SS-1", "2025-01-01", "", minority="")
    assert ww.field_errors(answer.text) == {
        f"q-{GROUNDS}": ["Answer this question before marking the case complete"],
        f"q-{GROUNDS_MINORITY}": ["Answer this question before marking the case complete"],
    }
    answer = _case(lead, at, "SS-1", "2025-01-01", "maybe")
    assert ww.field_errors(answer.text) == {f"q-{GROUNDS}": ["'maybe' is not yes, no or not applicable"]}
    assert state(app, "SELECT count(*) FROM audit_cases WHERE inspection_id = ?", at.rsplit("/", 1)[-1]) == [(0,)]


def test_answers_csv_export_and_import_use_the_audit_load_format(app, lead):
    at = ww.create(lead)
    for i, grounds in enumerate(["yes", "no", "not applicable"], start=1):
        assert _case(lead, at, f"SS-{i}", f"2025-01-0{i}", grounds).status_code == 303
    exported = lead.get(f"{at}/audits.csv").text
    assert exported.splitlines()[:3] == [
        "force,audit,case_reference,question_id,answer,auditor,date",
        f"{DEMO},{AUDIT},SS-1,{GROUNDS},yes,lead,2025-01-01",
        f"{DEMO},{AUDIT},SS-1,{GROUNDS_MINORITY},yes,lead,2025-01-01",
    ]
    other = ww.create(lead)
    answer = lead.post(
        f"{other}/audits/import", data={"csrf_token": lead.csrf}, files={"file": ("answers.csv", exported.encode())}
    )
    assert answer.status_code == 303
    assert lead.get(f"{other}/audits.csv").text == exported
    assert _running(lead, other).startswith("50.0% (+/- 69.3 percentage points; 1 of 2 cases reviewed)")
    bad = exported.replace(f"SS-2,{GROUNDS},no", f"SS-2,{GROUNDS},perhaps")
    answer = lead.post(
        f"{other}/audits/import", data={"csrf_token": lead.csrf}, files={"file": ("answers.csv", bad.encode())}
    )
    assert answer.status_code == 422
    assert (
        "answers.csv, row 4, column &#39;answer&#39;: &#39;perhaps&#39; is not yes, no or not applicable" in answer.text
    )


# ---- survey --------------------------------------------------------------------------------------


def test_survey_returns_give_results_by_statement_with_n_and_the_response_rate(app, lead):
    at = ww.create(lead)
    answer = lead.post(
        f"{at}/survey",
        data={"csrf_token": lead.csrf, "headcount": "3", "closed": "2025-11-01"},
        files={"file": ("returns.csv", RETURNS)},
    )
    assert ww.field_errors(answer.text) == {
        "headcount": [
            "returns.csv: has 5 responses but the headcount is 3: a survey cannot have more responses than the workforce "
            "it went to; check the headcount"
        ]
    }
    answer = lead.post(
        f"{at}/survey",
        data={"csrf_token": lead.csrf, "headcount": "20", "closed": "2025-11-01"},
        files={"file": ("returns.csv", RETURNS)},
    )
    assert answer.status_code == 303
    page = lead.get(f"{at}/survey").text
    assert "returns.csv, closed 2025-11-01: 5 responses, 25.0% of a workforce of 20." in page
    # overtime: agree, strongly agree, disagree, neither, agree -> 3 of 5; risk information is asked of the
    # three public-facing respondents: agree, disagree, strongly agree -> 2 of 3
    assert 'data-statement="workforce.overtime_used">60.0% (3 of 5)<' in page
    assert 'data-statement="response.risk_information_received">66.7% (2 of 3)<' in page
    preview = lead.post(
        f"{at}/preview",
        data={
            "csrf_token": lead.csrf,
            "area": "workforce",
            "text": "In our survey {survey:workforce.overtime_used} said overtime is used.",
        },
    )
    assert '<strong class="op-figure">60.0% (3 of 5)</strong>' in preview.text


# ---- grades --------------------------------------------------------------------------------------


def test_grades_proposed_with_reasons_and_a_different_grade_needs_a_rationale(app, lead):
    at = ww.create(lead)
    assert (
        ww.add_finding(
            lead, at, CALLS_TEXT, kind="cause_of_concern", rec_text_0="Answer calls faster", rec_months_0="6"
        ).status_code
        == 303
    )
    page = lead.get(f"{at}/grades").text
    proposed = re.search(r'data-proposed="response">(.*?)</dd>', page, re.S)[1]
    assert "<strong>Inadequate</strong>" in proposed and "1 cause of concern: inadequate" in proposed
    assert "calls.emergency_answered_10s_share is below the typical range, where higher is better" in proposed
    token = re.search(r'/grades/response".*?name="token" value="([^"]*)"', page, re.S)[1]
    answer = lead.post(
        f"{at}/grades/response", data={"csrf_token": lead.csrf, "token": token, "grade": "good", "rationale": ""}
    )
    assert ww.field_errors(answer.text) == {
        "rationale-response": ["This grade differs from the proposed grade (inadequate): say why in the rationale"]
    }
    answer = lead.post(
        f"{at}/grades/response", data={"csrf_token": lead.csrf, "token": token, "grade": "inadequate", "rationale": ""}
    )
    assert answer.status_code == 303, ww.field_errors(answer.text)
    saved = document(app, at)
    today = datetime.date.today().isoformat()
    assert (
        f"grades:\n  response:\n    grade: inadequate\n    rationale: Agrees with the proposed grade.\n"
        f"    decided_by: lead\n    decided_on: {today}\nfindings:\n" in saved
    )
    recorded = re.search(r'data-recorded="response">(.*?)</dd>', lead.get(f"{at}/grades").text, re.S)[1]
    assert "<strong>Inadequate</strong> (agrees with proposal), by lead" in recorded


# ---- review and publication ----------------------------------------------------------------------


def test_submit_approve_by_another_inspector_publish_and_a_later_load_changes_nothing(app, lead, reviewer, tmp_path):
    from openpeel.ingest import ingest
    from openpeel.store import Store

    at = ww.create(lead, title="Published inspection")
    assert ww.add_finding(lead, at, CALLS_TEXT).status_code == 303
    assert _case(lead, at, "SS-1", "2025-01-05", "yes").status_code == 303
    assert lead.post(f"{at}/share", data={"csrf_token": lead.csrf, "shared": "yes"}).status_code == 303
    analyst = ww.client(app, "analyst")
    assert analyst.get(at).status_code == 200  # the factual-accuracy draft
    assert lead.post(f"{at}/submit", data={"csrf_token": lead.csrf}).status_code == 303
    refused = lead.post(f"{at}/approve", data={"csrf_token": lead.csrf})
    assert refused.status_code == 400 and "approved by a different inspector" in refused.text
    assert reviewer.post(f"{at}/approve", data={"csrf_token": reviewer.csrf}).status_code == 303
    assert reviewer.post(f"{at}/publish", data={"csrf_token": reviewer.csrf}).status_code == 303

    public = ww.client(app, None)
    assert "published" in public.get(at).text
    listing = public.get(f"/forces/{DEMO}/reports").text
    link = re.search(rf'href="(/forces/{DEMO}/reports/\d+/report.html)"', listing)[1]
    published = public.get(link).content
    assert b"81.0%" in published and b"Published inspection" in published
    folder = next(p for p in (Path(app.state.reports_dir) / DEMO).iterdir() if (p / "findings.yaml").is_file())
    assert sorted(p.name for p in folder.iterdir()) == [
        "audit-answers.csv",
        "findings.yaml",
        "numbers.csv",
        "numbers.ods",
        "report.html",
        "report.pdf",
        "results.json",
    ]
    assert (folder / "findings.yaml").read_text(encoding="utf-8") == document(app, at)
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    (calls,) = results["indicators"]
    assert (calls["placeholder"], calls["value"], calls["numerator"], calls["denominator"]) == (
        "indicator:calls.emergency_answered_10s_share",
        81.0,
        8100,
        10000,
    )
    (grounds,) = [r for r in results["audits_and_surveys"] if r["item"] == "stop_search_records.reasonable_grounds"]
    assert (grounds["yes"], grounds["of"]) == (1, 1)
    assert "81.0%" in (folder / "numbers.csv").read_text(encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    # a later load: the year ending March 2025 becomes 50.0% (5,000 of 10,000). A load writes a copy of
    # the store and renames it over the file; here the copy is a store loaded afresh with the new figure.
    later = tmp_path / "web-figures-synthetic.csv"
    later.write_text(
        "force,indicator,component,period_start,period_end,value,publisher\n"
        f"{DEMO},calls.emergency_answered_10s_share,answered_10s,2024-04,2025-03,5000,test (synthetic)\n"
        f"{DEMO},calls.emergency_answered_10s_share,calls,2024-04,2025-03,10000,test (synthetic)\n",
        encoding="utf-8",
    )
    copy = Store(tmp_path / "next.duckdb")
    ingest([later], copy)
    os.replace(copy.path, app.state.holder.path)
    assert (
        "50.0%"
        in lead.post(
            f"{ww.create(lead)}/preview", data={"csrf_token": lead.csrf, "text": CALLS_TEXT, "area": "response"}
        ).text
    )
    assert public.get(link).content == published
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before

    # a published report is never edited: a change is refused, a correction is a new version with a note
    page = document(app, at)
    assert (
        lead.post(
            f"{at}/findings/new",
            data={
                "csrf_token": lead.csrf,
                "area": "response",
                "kind": "main_finding",
                "title": "Late",
                "text": CALLS_TEXT,
            },
        ).status_code
        == 422
    )
    assert document(app, at) == page
    refused = lead.post(f"{at}/correct", data={"csrf_token": lead.csrf, "note": "  "})
    assert refused.status_code == 422
    assert ww.field_errors(refused.text) == {"note": ["Say what the correction changes: the note is published with it"]}
    correction = lead.post(f"{at}/correct", data={"csrf_token": lead.csrf, "note": "The calls figure is updated."})
    assert correction.status_code == 303
    fixed = correction.headers["location"]
    assert "Correction of" in lead.get("/inspections").text and document(app, fixed) == page
    assert lead.post(f"{fixed}/submit", data={"csrf_token": lead.csrf}).status_code == 303
    assert reviewer.post(f"{fixed}/approve", data={"csrf_token": reviewer.csrf}).status_code == 303
    assert reviewer.post(f"{fixed}/publish", data={"csrf_token": reviewer.csrf}).status_code == 303
    listing = html.unescape(public.get(f"/forces/{DEMO}/reports").text)
    assert "Published inspection (correction: The calls figure is updated.)" in listing
    assert public.get(link).content == published  # the first version stays as it was
