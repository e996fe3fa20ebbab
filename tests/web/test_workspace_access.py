"""The workspace's role x route walk: every route for every viewer, and not one unauthorised write.

Only inspectors write. Each write route is tried by the public, both forces' analysts and the
administrator, each with a valid form token of their own session (so only the policy can refuse
them); the workspace's tables are compared before and after, and must not have changed at all.
"""

from __future__ import annotations

import sqlite3

import pytest
from starlette.routing import Mount

from openpeel.web.state import path_for
from tests.web import workspace_world as ww
from tests.web.world import DEMO

pytestmark = pytest.mark.xdist_group("workspace")  # the module's store and app are built once, on one worker

AUDIT = "stop_search_records"
FINDING = "response.answer_emergency_calls_faster"
TEXT = "Only {indicator:calls.emergency_answered_10s_share} of emergency calls were answered within ten seconds."

# route -> (method, kind); kind "write" is inspectors only, "read" follows who may see the inspection
ROUTES = {
    ("/inspections", "GET"): "list",
    ("/inspections/new", "GET"): "write",
    ("/inspections", "POST"): "write",
    ("/inspections/import", "POST"): "write",
    ("/inspections/{inspection_id}", "GET"): "read",
    ("/inspections/{inspection_id}/findings.yaml", "GET"): "read",
    ("/inspections/{inspection_id}/trail", "GET"): "write",
    ("/inspections/{inspection_id}/findings/new", "GET"): "write",
    ("/inspections/{inspection_id}/findings/{finding_id}", "GET"): "write",
    ("/inspections/{inspection_id}/findings/new", "POST"): "write",
    ("/inspections/{inspection_id}/findings/{finding_id}", "POST"): "write",
    ("/inspections/{inspection_id}/preview", "POST"): "write",
    ("/inspections/{inspection_id}/evidence", "GET"): "write",
    ("/inspections/{inspection_id}/audits", "GET"): "read",
    ("/inspections/{inspection_id}/audits/{audit}", "GET"): "read",
    ("/inspections/{inspection_id}/audits/{audit}/cases", "POST"): "write",
    ("/inspections/{inspection_id}/audits.csv", "GET"): "write",
    ("/inspections/{inspection_id}/audits/import", "POST"): "write",
    ("/inspections/{inspection_id}/grades", "GET"): "read",
    ("/inspections/{inspection_id}/grades/{area}", "POST"): "write",
    ("/inspections/{inspection_id}/survey", "GET"): "read",
    ("/inspections/{inspection_id}/survey", "POST"): "write",
    ("/inspections/{inspection_id}/submit", "POST"): "write",
    ("/inspections/{inspection_id}/return", "POST"): "write",
    ("/inspections/{inspection_id}/approve", "POST"): "write",
    ("/inspections/{inspection_id}/share", "POST"): "write",
    ("/inspections/{inspection_id}/publish", "POST"): "write",
    ("/inspections/{inspection_id}/correct", "POST"): "write",
}

OUTSIDERS = [None, "analyst", "kent", "admin"]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    from openpeel.web.app import create_app

    return create_app(ww.build(tmp_path_factory.mktemp("workspace-access")))


@pytest.fixture(scope="module")
def draft(app):
    """A draft with one finding and one audit case, as the lead inspector wrote it."""
    lead = ww.client(app, "lead")
    at = ww.create(lead)
    assert ww.add_finding(lead, at, TEXT).status_code == 303
    answer = lead.post(
        f"{at}/audits/{AUDIT}/cases",
        data={
            "csrf_token": lead.csrf,
            "reference": "SS-1",
            "date": "2025-01-10",
            "action": "complete",
            "q-stop_search_records.reasonable_grounds": "yes",
            "q-stop_search_records.reasonable_grounds_ethnic_minority": "yes",
        },
    )
    assert answer.status_code == 303, answer.text[:2000]
    return at


def url(template: str, at: str) -> str:
    return (
        template.replace("/inspections/{inspection_id}", at)
        .replace("{finding_id}", FINDING)
        .replace("{audit}", AUDIT)
        .replace("{area}", "response")
    )


def tables(app) -> list:
    """Everything the workspace keeps, to compare before and after."""
    con = sqlite3.connect(path_for(app.state.holder.path))
    try:
        return [
            con.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
            for t in (
                "inspections",
                "inspection_changes",
                "refused_saves",
                "audit_cases",
                "published_reports",
                "survey_uploads",
            )
        ]
    finally:
        con.close()


def test_the_walk_covers_every_workspace_route(app):
    found = set()
    for route in app.routes:
        if isinstance(route, Mount):
            continue  # the static assets
        inner = getattr(route, "original_router", None)  # an included router
        for r in inner.routes if inner else [route]:
            if r.path.startswith("/inspections"):
                found |= {(r.path, m) for m in r.methods if m != "HEAD"}
    assert found == set(ROUTES), f"workspace routes without a line in the walk: {found ^ set(ROUTES)}"


WRITES = [(path, method) for (path, method), kind in ROUTES.items() if kind == "write"]


@pytest.mark.parametrize("viewer", OUTSIDERS, ids=lambda v: v or "public")
@pytest.mark.parametrize(("path", "method"), WRITES, ids=[f"{m} {p}" for p, m in WRITES])
def test_only_inspectors_write(app, draft, viewer, path, method):
    c = ww.client(app, viewer)
    before = tables(app)
    target = url(path, draft)
    if method == "GET":
        answer = c.get(target)
    else:
        answer = c.post(
            target,
            data={
                "csrf_token": c.csrf,
                "text": TEXT,
                "area": "response",
                "kind": "main_finding",
                "title": "x",
                "force": DEMO,
                "framework": "peel-2025-27",
                "lead": "x",
                "fieldwork_start": "2025-01",
                "fieldwork_end": "2025-02",
                "shared": "yes",
                "note": "x",
                "grade": "good",
                "rationale": "x",
                "reference": "SS-9",
                "date": "2025-01-11",
                "action": "complete",
            },
            files={"file": ("f.csv", b"force,audit\n")} if path.endswith(("import", "survey")) else None,
        )
    if viewer is None:
        assert answer.status_code == 303 and answer.headers["location"].startswith("/sign-in"), answer.text[:300]
    else:
        assert answer.status_code == 403, f"{method} {target} as {viewer}: {answer.status_code}"
    assert tables(app) == before, f"{method} {target} as {viewer or 'public'} changed the workspace"


def test_a_post_without_the_forms_token_changes_nothing(app, draft):
    lead = ww.client(app, "lead")
    before = tables(app)
    for path, method in WRITES:
        if method == "POST":
            assert lead.post(url(path, draft), data={"csrf_token": "forged", "text": TEXT}).status_code == 403
    assert tables(app) == before


WRITE_PAGES = [path for path, method in WRITES if method == "GET"]  # the posts are tested with their effect


@pytest.mark.parametrize("path", WRITE_PAGES)
def test_an_inspector_may_open_every_write_page(app, draft, path):
    answer = ww.client(app, "lead").get(url(path, draft))
    assert answer.status_code == 200, answer.text[:500]


def test_who_sees_a_draft(app, draft):
    """A draft: inspectors see it; the force only once it is shared; other forces and the public never."""
    reads = [url(p, draft) for (p, m), kind in ROUTES.items() if kind == "read" and m == "GET"]
    lead, analyst, kent, public = (ww.client(app, n) for n in ("lead", "analyst", "kent", None))
    for target in reads:
        assert lead.get(target).status_code == 200, target
        assert analyst.get(target).status_code == 403, target
        assert kent.get(target).status_code == 403, target
        assert public.get(target).status_code == 303, target
    assert draft.rsplit("/", 1)[-1] not in analyst.get("/inspections").text
    assert lead.post(f"{draft}/share", data={"csrf_token": lead.csrf, "shared": "yes"}).status_code == 303
    try:
        for target in reads:
            assert analyst.get(target).status_code == 200, target
            assert kent.get(target).status_code == 403, target
            assert public.get(target).status_code == 303, target
        assert draft.rsplit("/", 1)[-1] in analyst.get("/inspections").text
    finally:
        assert lead.post(f"{draft}/share", data={"csrf_token": lead.csrf, "shared": "no"}).status_code == 303
    assert analyst.get(draft).status_code == 403
