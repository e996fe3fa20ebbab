"""One small store, one app and its accounts for the whole web test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web import world

PASSWORD = "correct horse battery"
ACCOUNTS = {  # name -> (role, force)
    "analyst": ("force", world.DEMO),
    "inspector": ("inspector", None),
    "admin": ("admin", None),
}
PERIOD = "ye-2025-03"


@pytest.fixture(scope="session")
def web_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    store = world.build(folder)
    from openpeel.web.app import reports_dir
    from openpeel.web.publish import publish
    from openpeel.web.state import WebState

    state = WebState.beside(store.path)
    for name, (role, force) in ACCOUNTS.items():
        state.add_account(name, role, PASSWORD, force)
    written = folder / "report-out"
    written.mkdir()
    (written / "report.html").write_text(
        "<!DOCTYPE html><html lang='en'><head><title>PEEL 2025: Northamptonshire (demo)"
        "</title></head><body><h1>Report</h1></body></html>",
        encoding="utf-8",
    )
    (written / "report.pdf").write_bytes(b"%PDF-1.4\n% test\n")
    publish(state, reports_dir(store.path), world.DEMO, written)
    return store.path


@pytest.fixture(scope="session")
def web_app(web_store):
    from openpeel.web.app import create_app

    return create_app(web_store)


def signed_in(app, name: str | None) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    if name is None:
        return client
    page = client.get("/sign-in")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    answer = client.post("/sign-in", data={"name": name, "password": PASSWORD, "csrf_token": token, "next": "/health"})
    assert answer.status_code == 303, answer.text
    return client


@pytest.fixture(scope="session")
def clients(web_app) -> dict[str | None, TestClient]:
    """A client per viewer: None is the public."""
    return {name: signed_in(web_app, name) for name in (None, *ACCOUNTS)}


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per browser test module."""
    from tests.web.browser import chromium

    with chromium() as launched:
        yield launched
