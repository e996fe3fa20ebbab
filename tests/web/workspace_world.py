"""A store and accounts of its own for the inspection workspace tests.

Publishing loads audit answers into the store, so these tests never share the session's web store.
Built from the same hand-worked figures (``tests.web.world``): Northamptonshire (demo) answers
81.0% of 999 calls within 10 seconds in the year ending March 2025.
"""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from tests.web import world

PASSWORD = "correct horse battery"
ACCOUNTS = {  # name -> (role, force)
    "lead": ("inspector", None),
    "reviewer": ("inspector", None),
    "analyst": ("force", world.DEMO),
    "kent": ("force", world.OTHER),
    "admin": ("admin", None),
}
CALLS = "calls.emergency_answered_10s_share"


def build(folder: Path) -> Path:
    from openpeel.web.state import WebState

    store = world.build(folder)
    state = WebState.beside(store.path)
    for name, (role, force) in ACCOUNTS.items():
        state.add_account(name, role, PASSWORD, force)
    return store.path


def token(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page)[1]


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page)[1]


def client(app, name: str | None) -> TestClient:
    """A client signed in as ``name`` (None: the public), with its form token as ``.csrf``."""
    c = TestClient(app, follow_redirects=False)
    if name is not None:
        answer = c.post(
            "/sign-in",
            data={"name": name, "password": PASSWORD, "csrf_token": token(c.get("/sign-in").text), "next": "/health"},
        )
        assert answer.status_code == 303, answer.text
    c.csrf = token(c.get("/sign-in").text)
    return c


def field_errors(page: str) -> dict[str, list[str]]:
    """The error messages shown beside each field, by field id."""
    import html

    found: dict[str, list[str]] = {}
    for name, message in re.findall(
        r'<p class="govuk-error-message" id="([^"]+)-error"><span class="govuk-visually-hidden">'
        r"Error:</span> (.*?)</p>",
        page,
        re.S,
    ):
        found.setdefault(name, []).append(html.unescape(message.strip()))
    return found


def create(c: TestClient, force: str = world.DEMO, **extra) -> str:
    """Create an inspection as ``c``; its address."""
    form = {
        "csrf_token": c.csrf,
        "force": force,
        "framework": "peel-2025-27",
        "fieldwork_start": "2025-09",
        "fieldwork_end": "2026-02",
        "lead": "Jo Bloggs",
        **extra,
    }
    answer = c.post("/inspections", data=form)
    assert answer.status_code == 303, answer.text[:2000]
    return answer.headers["location"]


def add_finding(
    c: TestClient,
    at: str,
    text: str,
    *,
    area: str = "response",
    kind: str = "area_for_improvement",
    title: str = "Answer emergency calls faster",
    **extra,
):
    return c.post(
        f"{at}/findings/new",
        data={"csrf_token": c.csrf, "area": area, "kind": kind, "title": title, "text": text, **extra},
    )
