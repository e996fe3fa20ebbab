"""Answers kept per store version: asked again they come from the cache, never across viewers,
never after a load, and downloads (each written to the audit log) are never kept."""

from __future__ import annotations

import pytest

from tests.web import world
from tests.web.conftest import PASSWORD, PERIOD, signed_in

pytestmark = pytest.mark.xdist_group("web")  # one store and server per worker, built once

BREACHES = "safeguarding.dvpo_breaches"
ANSWERED = "calls.emergency_answered_10s_share"


def _row(answer: dict, force: str) -> dict:
    return next(r for r in answer["comparison"]["forces"] if r["force"] == force)


def test_an_answer_asked_again_comes_from_the_cache(web_app, clients):
    cache = web_app.state.pages
    url = f"/api/indicators/{ANSWERED}?period={PERIOD}"
    first = clients["inspector"].get(url)
    hits = cache.hits
    again = clients["inspector"].get(url)
    assert cache.hits == hits + 1
    assert again.json() == first.json() and again.headers["content-type"] == first.headers["content-type"]
    assert again.headers["x-content-type-options"] == "nosniff"  # the security headers still apply


def test_a_kept_answer_is_never_shown_to_another_viewer(clients):
    url = f"/api/indicators/{BREACHES}?period={PERIOD}&cache=viewers"
    assert _row(clients["inspector"].get(url).json(), world.OTHER)["value"] == 3.0  # kept for the inspector
    assert _row(clients["analyst"].get(url).json(), world.OTHER)["value"] is None
    assert _row(clients[None].get(url).json(), world.OTHER)["value"] is None
    assert _row(clients["inspector"].get(url).json(), world.OTHER)["value"] == 3.0


def test_downloads_are_never_kept(web_app, clients):
    url = f"/forces/{world.DEMO}/worklists/missing.never_transferred/rows.csv"
    before = len(web_app.state.web.audit(limit=10_000))
    assert clients["analyst"].get(url).status_code == 200
    assert clients["analyst"].get(url).status_code == 200
    assert len(web_app.state.web.audit(limit=10_000)) == before + 2


def test_a_load_is_seen_at_once(tmp_path):
    from openpeel.ingest import ingest
    from openpeel.store import Store
    from openpeel.web.app import create_app
    from openpeel.web.state import WebState

    store = world.build(tmp_path / "own")
    WebState.beside(store.path).add_account("inspector", "inspector", PASSWORD, None)
    client = signed_in(create_app(store.path), "inspector")
    url = f"/api/forces/{world.DEMO}?period={PERIOD}"

    def answered() -> float:
        areas = client.get(url).json()["areas"]
        return next(r for a in areas for r in a["results"] if r["id"] == ANSWERED)["value"]

    assert answered() == 81.0 and answered() == 81.0  # the second from the cache
    more = tmp_path / "more-synthetic.csv"
    more.write_text(
        "force,indicator,component,period_start,period_end,value,publisher\n"
        f"{world.DEMO},{ANSWERED},answered_10s,2024-04,2025-03,9500,test (synthetic)\n"
        f"{world.DEMO},{ANSWERED},calls,2024-04,2025-03,10000,test (synthetic)\n",
        encoding="utf-8",
    )
    ingest([more], Store(store.path))
    assert answered() == 95.0  # the year ending March 2025, replaced by the load
