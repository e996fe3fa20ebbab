"""The real server in a subprocess, driven by Debian's Chromium through Playwright.

Journeys of a force analyst, axe-core on every page type (no serious or critical violation),
reflow at 320 px, keyboard-only use, no request leaving the server, and screenshots of every
page type at 1280 and 320 px written to docs/screenshots/.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.web import browser as chrome
from tests.web import world
from tests.web.conftest import PASSWORD, PERIOD

pytestmark = pytest.mark.xdist_group("web")  # one store and server per worker, built once

SHOTS = chrome.ROOT / "docs" / "screenshots"
OWN, OTHER = world.DEMO, world.OTHER
IND = "calls.emergency_answered_10s_share"
EARLIER = "ye-2025-02"

# page type -> (path, who must be signed in)
PAGES = {
    "overview": (f"/?world=synthetic&period={PERIOD}", None),
    "search": ("/search?q=calls", None),
    "force": (f"/forces/{OWN}?period={PERIOD}", "analyst"),
    "trend": (f"/forces/{OWN}/trends/{IND}?period={PERIOD}", None),
    "indicator": (f"/indicators/{IND}?period={PERIOD}&force={OWN}", None),
    "worklists": (f"/forces/{OWN}/worklists", "analyst"),
    "worklist": (f"/forces/{OWN}/worklists/missing.never_transferred", "analyst"),
    "alerts": (f"/forces/{OWN}/alerts", "analyst"),
    "reports": (f"/forces/{OWN}/reports", None),
    "sign-in": ("/sign-in", None),
    "accounts": ("/admin/accounts", "admin"),
    "not-found": ("/forces/atlantis", None),
    "api-docs": ("/api/docs", None),
}


@pytest.fixture(scope="module")
def server(web_store):
    with chrome.served(web_store, web_store.with_name("server.log")) as base:
        # the figures the journeys show, computed once before the browser waits on them
        for path in (
            f"/forces/{OWN}?period={PERIOD}",
            f"/forces/{OWN}?period={EARLIER}",
            f"/indicators/{IND}?period={PERIOD}",
        ):
            assert httpx.get(base + path, timeout=600).status_code == 200
        yield base


def _sign_in(page, name: str, next_path: str = "/health") -> None:
    chrome.sign_in(page, name, PASSWORD, next_path)


def test_force_analyst_journey(browser, server):
    context = chrome.context(browser, server)
    page = context.new_page()
    _sign_in(page, "analyst", f"/forces/{OWN}?period={PERIOD}")
    assert page.locator("h1").inner_text() == "Northamptonshire (demo)"
    assert "81.0%" in page.locator("main").inner_text()

    # change the period: htmx swaps the page's main part in place and the address follows
    page.select_option("#period", EARLIER)
    page.wait_for_url(f"**period={EARLIER}")
    page.wait_for_function("document.querySelector('main').innerText.includes('82.0%')")

    # open the indicator and download its figures
    page.click(f"a[href^='/indicators/{IND}']")
    page.wait_for_url(f"**/indicators/{IND}**")
    with page.expect_download() as download:
        page.click("text=Download the figures (CSV)")
    text = Path(download.value.path()).read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("indicator,period,rank,force")
    assert f"{OWN}," in text

    # see an alert
    page.goto(f"/forces/{OWN}/alerts")
    assert "Left the typical range" in page.locator("main").inner_text()
    assert "31 January 2025" in page.locator("main").inner_text()

    # another force's worklist is refused
    answer = page.goto(f"/forces/{OTHER}/worklists/missing.never_transferred")
    assert answer.status == 403
    assert "may not see" in page.locator("main").inner_text()
    assert context.outside == []
    context.close()


def test_keyboard_only(browser, server):
    context = chrome.context(browser, server)
    page = context.new_page()
    page.goto("/sign-in")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    for _ in range(40):  # tab on from the main content to the account name
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "name":
            break
    page.keyboard.type("analyst")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/forces/{OWN}")
    page.goto(f"/forces/{OWN}/worklists")
    for _ in range(60):  # reach the first worklist link by Tab and follow it with Enter
        page.keyboard.press("Tab")
        if "worklists/missing.never_transferred" in (page.evaluate("document.activeElement.href") or ""):
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/worklists/missing.never_transferred")
    assert "INC-20250301-0001" in page.locator("main").inner_text()
    context.close()


def _visit(browser, server, width: int, bypass_csp: bool = False):
    """Each page type as its viewer sees it: yields (name, page)."""
    contexts = {}
    try:
        for name, (path, who) in PAGES.items():
            if who not in contexts:
                contexts[who] = chrome.context(browser, server, width, bypass_csp)
                if who:
                    login = contexts[who].new_page()
                    _sign_in(login, who)
                    login.close()
            page = contexts[who].new_page()
            page.goto(path)
            page.wait_for_load_state("networkidle")
            yield name, page
            page.close()
        for context in contexts.values():
            assert context.outside == [], f"requests left the server: {context.outside}"
    finally:
        for context in contexts.values():
            context.close()


def test_no_serious_accessibility_violations(browser, server):
    problems = []
    for name, page in _visit(browser, server, 1280, bypass_csp=True):  # axe is injected, so the CSP steps aside
        problems += chrome.serious_violations(page, name)
    assert problems == []


def test_pages_reflow_at_320_px_and_screenshots(browser, server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    too_wide = []
    for width in (1280, 320):
        for name, page in _visit(browser, server, width):
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
            if width == 320:
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if scroll > 320:
                    too_wide.append(f"{name}: {scroll}px")
    assert too_wide == []
