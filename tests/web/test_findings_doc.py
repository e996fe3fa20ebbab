"""Findings files edited in place (``openpeel.web.findings_doc``) and the workspace's schema version."""

from __future__ import annotations

import datetime
import difflib
import sqlite3

import pytest

from openpeel.framework.inspection_loader import inspections_dir
from openpeel.web.findings_doc import FindingForm, FindingsDocument, check, token
from openpeel.web.state import StateError, WebState
from openpeel.web.workspace_state import SCHEMA_VERSION, Workspace

SHIPPED = (inspections_dir() / "northamptonshire-demo-2025.yaml").read_text(encoding="utf-8")
CALLS = "{indicator:calls.emergency_answered_10s_share@ye-2026-01}"


def _form(doc: FindingsDocument, finding_id: str, **change) -> FindingForm:
    f = doc.finding(finding_id)
    values = {
        "kind": f["kind"],
        "area": f["area"],
        "title": f["title"],
        "text": f["text"],
        "recommendations": tuple((r["text"], str(r["months"])) for r in f.get("recommendations") or ()),
    }
    return FindingForm(**{**values, **change})


def test_the_shipped_findings_file_is_written_back_unchanged():
    assert FindingsDocument(SHIPPED).dump() == SHIPPED


def test_the_same_words_wrapped_differently_change_nothing():
    doc = FindingsDocument(SHIPPED)
    text = doc.finding("response.emergency_calls")["text"]
    rewrapped = " ".join(text.split()) + "\r\n"  # one line, as a browser might send it
    _, before, after = doc.edit("response.emergency_calls", _form(doc, "response.emergency_calls", text=rewrapped))
    assert before == after
    assert doc.dump() == SHIPPED


def test_an_edit_rewrites_only_the_field_it_changes():
    doc = FindingsDocument(SHIPPED)
    new = f"The force answered {CALLS} of emergency calls within ten seconds."
    doc.edit("response.emergency_calls", _form(doc, "response.emergency_calls", text=new))
    changed = [
        line
        for line in difflib.unified_diff(SHIPPED.splitlines(), doc.dump().splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    start = SHIPPED.splitlines().index("  - id: response.emergency_calls")
    removed = SHIPPED.splitlines()[start + 4 : start + 11]  # the folded text of that finding
    assert changed == [
        *(f"-{line}" for line in removed),
        "+    text: |",
        "+      The force answered {indicator:calls.emergency_answered_10s_share@ye-2026-01} of emergency calls",
        "+      within ten seconds.",
    ]
    assert check(doc.dump(), "response.emergency_calls").errors == {}


def test_placeholders_bring_their_evidence_and_new_findings_get_free_ids():
    doc = FindingsDocument("inspection:\n  id: x\nfindings: []\n")
    form = FindingForm(
        "main_finding",
        "response",
        "Calls answered",
        "Calls: {indicator:calls.emergency_answered_10s_share@ye-2025-03} "
        "and {audit:stop_search_records.reasonable_grounds}.",
    )
    first, _, _ = doc.edit(None, form)
    second, _, _ = doc.edit(None, form)
    assert (first, second) == ("response.calls_answered", "response.calls_answered_2")
    assert doc.finding(first)["evidence"] == [
        {"indicator": "calls.emergency_answered_10s_share", "period": "ye-2025-03"},
        {"audit": "stop_search_records.reasonable_grounds"},
    ]


def test_check_puts_each_problem_beside_its_field():
    doc = FindingsDocument(SHIPPED)
    doc.edit(
        "response.emergency_calls",
        _form(
            doc,
            "response.emergency_calls",
            title="Answered 9 in 10 calls",
            text="We answered 45 calls. " + CALLS,
            kind="cause_of_concern",
        ),
    )
    errors = check(doc.dump(), "response.emergency_calls").errors
    assert errors == {
        "title": [
            "title: figure '9' typed by hand: use a placeholder naming the evidence, such as {indicator:<id>}",
            "title: figure '10' typed by hand: use a placeholder naming the evidence, such as {indicator:<id>}",
        ],
        "text": ["figure '45' typed by hand: use a placeholder naming the evidence, such as {indicator:<id>}"],
        "id": ["a cause of concern needs at least one recommendation, each with a deadline in months"],
    }


def test_a_grade_is_recorded_before_the_findings_and_its_token_moves_with_it():
    doc = FindingsDocument("inspection:\n  id: x\nfindings: []\n")
    assert token(doc.grade("response") or {}) == token({})
    doc.set_grade("response", "adequate", "Calls are answered, attendance is slow.", "lead", datetime.date(2026, 1, 2))
    assert doc.dump() == (
        "inspection:\n  id: x\ngrades:\n  response:\n    grade: adequate\n"
        "    rationale: Calls are answered, attendance is slow.\n    decided_by: lead\n"
        "    decided_on: 2026-01-02\nfindings: []\n"
    )
    assert token(doc.grade("response")) != token({})


def test_a_state_file_from_a_newer_openpeel_is_refused(tmp_path):
    state = WebState(tmp_path / "s.web.sqlite")
    Workspace(state)
    con = sqlite3.connect(state.path)
    con.execute("UPDATE schema_versions SET version = ? WHERE component = 'workspace'", [SCHEMA_VERSION + 1])
    con.commit()
    con.close()
    with pytest.raises(StateError, match=f"schema version {SCHEMA_VERSION + 1}, newer than this openpeel"):
        Workspace(state)
