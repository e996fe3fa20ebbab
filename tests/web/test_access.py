"""Every route x every role x own force / another force: allowed or denied as the policy says.

The walk is checked against the app's own route table, so a route added without a line here fails
the test. Figures pages are asked for one period so the store is read once for the session.
"""

from __future__ import annotations

import pytest
from starlette.routing import Mount

from tests.web import world
from tests.web.conftest import ACCOUNTS, PERIOD

pytestmark = pytest.mark.xdist_group("web")  # one store and server per worker, built once

OWN, OTHER = world.DEMO, world.OTHER
IND = "calls.emergency_answered_10s_share"
WL = "missing.never_transferred"

# route template -> (kind, URL with {force}); kind decides who may see it
ROUTES = {
    "/": ("national", f"/?world=synthetic&period={PERIOD}"),
    "/search": ("national", "/search?q=kent"),
    "/forces": ("national", "/forces"),
    "/indicators": ("national", "/indicators"),
    "/indicators/{indicator_id}": ("national", f"/indicators/{IND}?period={PERIOD}"),
    "/indicators/{indicator_id}/forces.csv": (
        "national",
        f"/indicators/{IND}/forces.csv?period={PERIOD}&world=synthetic",
    ),
    "/forces/{force_id}": ("figures", f"/forces/{{force}}?period={PERIOD}"),
    "/forces/{force_id}/assessment.{fmt}": ("figures", f"/forces/{{force}}/assessment.csv?period={PERIOD}"),
    "/forces/{force_id}/trends/{indicator_id}": ("figures", f"/forces/{{force}}/trends/{IND}?period={PERIOD}"),
    "/forces/{force_id}/worklists": ("records", "/forces/{force}/worklists"),
    "/forces/{force_id}/worklists/{name}": ("records", f"/forces/{{force}}/worklists/{WL}"),
    "/forces/{force_id}/worklists/{name}/rows.csv": ("records", f"/forces/{{force}}/worklists/{WL}/rows.csv"),
    "/forces/{force_id}/alerts": ("records", "/forces/{force}/alerts"),
    "/forces/{force_id}/reports": ("reports", "/forces/{force}/reports"),
    "/forces/{force_id}/reports/{report_id}/{kind}": ("report_file", "/forces/{force}/reports/1/report.pdf"),
    "/sign-in": ("open", "/sign-in"),
    "/sign-out": ("post", None),
    "/admin/accounts": ("accounts", "/admin/accounts"),
    "/api/docs": ("open", "/api/docs"),
    "/api/openapi.json": ("open", "/api/openapi.json"),
    "/health": ("open", "/health"),
    "/api/forces": ("national", "/api/forces"),
    "/api/indicators": ("national", "/api/indicators"),
    "/api/periods": ("national", "/api/periods?force={force}"),
    "/api/search": ("national", "/api/search?q=calls"),
    "/api/overview": ("national", f"/api/overview?world=synthetic&period={PERIOD}"),
    "/api/indicators/{indicator_id}": ("national", f"/api/indicators/{IND}?period={PERIOD}"),
    "/api/forces/{force_id}": ("figures", f"/api/forces/{{force}}?period={PERIOD}"),
    "/api/forces/{force_id}/trends/{indicator_id}": ("figures", f"/api/forces/{{force}}/trends/{IND}?period={PERIOD}"),
    "/api/forces/{force_id}/alerts": ("records", "/api/forces/{force}/alerts"),
    "/api/forces/{force_id}/worklists": ("records", "/api/forces/{force}/worklists"),
    "/api/forces/{force_id}/worklists/{name}": ("records", f"/api/forces/{{force}}/worklists/{WL}"),
    "/api/forces/{force_id}/reports": ("reports", "/api/forces/{force}/reports"),
}

VIEWERS = [None, *ACCOUNTS]


def expected(kind: str, viewer: str | None, force: str, api: bool) -> int:
    role = ACCOUNTS[viewer][0] if viewer else "public"
    if kind in ("national", "figures", "reports", "open"):
        return 200
    if kind == "report_file":  # the demo force's report is published; Kent (demo) has none
        return 200 if force == OWN else 404
    if kind == "accounts":
        return 200 if role == "admin" else (303 if role == "public" else 403)
    # records: worklists and alerts
    allowed = role == "inspector" or (role == "force" and force == ACCOUNTS[viewer][1])
    if allowed:
        return 200
    if role == "public":
        return 401 if api else 303  # a page sends the public to sign in
    return 403


def test_the_walk_covers_every_route(web_app):
    paths = set()
    for route in web_app.routes:
        if isinstance(route, Mount):
            continue  # the static assets
        inner = getattr(route, "original_router", None)  # an included router
        paths |= {r.path for r in inner.routes} if inner else {route.path}
    # the inspection workspace has its own walk, with its write routes (tests/web/test_workspace_access.py)
    paths = {p for p in paths if not p.startswith("/inspections")}
    assert paths == set(ROUTES), f"routes without a line in the access walk: {paths - set(ROUTES)}"


CASES = [
    (template, viewer, force)
    for template, (kind, url) in ROUTES.items()
    if url
    for viewer in VIEWERS
    for force in ((OWN, OTHER) if "{force}" in url else (OWN,))
]


@pytest.mark.parametrize(("template", "viewer", "force"), CASES, ids=[f"{t} {v or 'public'} {f}" for t, v, f in CASES])
def test_route_role_force(clients, template, viewer, force):
    kind, url = ROUTES[template]
    answer = clients[viewer].get(url.format(force=force))
    want = expected(kind, viewer, force, url.startswith("/api/"))
    assert answer.status_code == want, f"{url} as {viewer or 'public'}: {answer.status_code}\n{answer.text[:400]}"
    if want == 303:
        assert answer.headers["location"].startswith("/sign-in?next=")
    if want in (401, 403):  # a refusal carries nothing of the refused page
        assert "INC-" not in answer.text and "Latest alerts" not in answer.text


def test_another_forces_worklist_never_shows_its_cases(clients):
    """The analyst of the demo force asks for Kent (demo)'s list and CSV: refused, no case in sight."""
    for url in (
        f"/forces/{OTHER}/worklists/{WL}",
        f"/forces/{OTHER}/worklists/{WL}/rows.csv",
        f"/api/forces/{OTHER}/worklists/{WL}",
    ):
        answer = clients["analyst"].get(url)
        assert answer.status_code == 403
        assert "INC-KENT" not in answer.text
    own = clients["inspector"].get(f"/api/forces/{OTHER}/worklists/{WL}")
    assert own.status_code == 200  # the inspectorate sees it (an empty list: its one report is under 24 h old)


def test_sign_out_needs_the_forms_token(web_app):
    from tests.web.conftest import signed_in

    client = signed_in(web_app, "analyst")
    assert client.post("/sign-out", data={"csrf_token": "forged"}).status_code == 403
    assert client.get(f"/forces/{OWN}/worklists").status_code == 200  # still signed in
    page = client.get("/health")
    token = client.get("/sign-in").text.split('name="csrf_token" value="')[1].split('"')[0]
    assert page.status_code == 200
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 303
    assert client.get(f"/forces/{OWN}/worklists").status_code == 303
