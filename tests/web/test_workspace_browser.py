"""The inspection workspace in Debian's Chromium through Playwright, against the real server.

One server (a subprocess on a free port, over a store of its own) and one browser for the module.
Journeys: five audit cases and the interval changing; a finding with a placeholder picked from
the list and its figure in the live preview; submit, approve as a second inspector and publish;
the published report opened by the public; a later load that leaves it unchanged. Then axe-core
on every page type of the workspace and keyboard-only use of its forms. Set ``OPENPEEL_SHOTS`` to
a folder to keep a screenshot of every page visited.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from tests.web import browser as chrome
from tests.web import workspace_world as ww
from tests.web.world import DEMO

pytestmark = pytest.mark.xdist_group("web")  # browser tests share one worker with the other web browser tests

GROUNDS = "stop_search_records.reasonable_grounds"
MINORITY = "stop_search_records.reasonable_grounds_ethnic_minority"
SHOTS = Path(os.environ["OPENPEEL_SHOTS"]) if os.environ.get("OPENPEEL_SHOTS") else None


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workspace-browser")
    store = ww.build(folder)
    with chrome.served(store, folder / "server.log") as base:
        yield base, store


def _signed_in(browser, base: str, name: str | None, bypass_csp: bool = False):
    context = chrome.context(browser, base, bypass_csp=bypass_csp, timeout_ms=30_000)
    page = context.new_page()
    if name:
        chrome.sign_in(page, name, ww.PASSWORD, "/inspections")
    return context, page


def _shot(page, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _create(page, title: str) -> str:
    page.goto("/inspections/new")
    page.select_option("#force", DEMO)
    page.fill("#fieldwork_start", "2025-09")
    page.fill("#fieldwork_end", "2026-02")
    page.fill("#lead", "Jo Bloggs")
    page.fill("#title", title)
    page.click("button:has-text('Create inspection')")
    page.wait_for_url(re.compile(r".*/inspections/northamptonshire-demo-2026(-\d+)?$"))
    return page.url.split(page.url.split("/inspections/")[0])[1]


@pytest.fixture(scope="module")
def lead(browser, server):
    context, page = _signed_in(browser, server[0], "lead")
    yield page
    assert context.outside == [], f"requests left the server: {context.outside}"
    context.close()


def test_five_audit_cases_and_the_interval_changes(lead):
    at = _create(lead, "Audit journey")
    seen = []
    for i, grounds in enumerate(["yes", "no", "yes", "yes", "yes"], start=1):
        lead.goto(f"{at}/audits/stop_search_records")
        lead.fill("#reference", f"SS-{i}")
        lead.fill("#date", f"2025-01-1{i}")
        lead.check(f"[id='q-{GROUNDS}-{1 if grounds == 'yes' else 2}']")
        lead.check(f"[id='q-{MINORITY}-1']")
        lead.click("button:has-text('Save and mark complete')")
        lead.wait_for_url(f"**{at}/audits/stop_search_records#results")
        seen.append(lead.inner_text(f"[data-interval='{GROUNDS}']"))
    _shot(lead, "audit-five-cases")
    # 95% Wald, by hand: 1 of 1; 1 of 2 (1.96 x sqrt(.25/2) = 69.3); 2 of 3 (53.3); 3 of 4 (42.4); 4 of 5 (35.1)
    assert [s.split(" (95%")[0] for s in seen] == [
        "100.0% (+/- 0.0 percentage points; 1 of 1 cases reviewed)",
        "50.0% (+/- 69.3 percentage points; 1 of 2 cases reviewed)",
        "66.7% (+/- 53.3 percentage points; 2 of 3 cases reviewed)",
        "75.0% (+/- 42.4 percentage points; 3 of 4 cases reviewed)",
        "80.0% (+/- 35.1 percentage points; 4 of 5 cases reviewed)",
    ]


def test_a_finding_with_a_placeholder_shows_its_figure(lead):
    at = _create(lead, "Finding journey")
    lead.goto(f"{at}/findings/new")
    lead.select_option("#area", "response")
    lead.select_option("#kind", "area_for_improvement")
    lead.fill("#title", "Answer emergency calls faster")
    lead.fill("#text", "Only ")
    lead.fill("#evidence-q", "emergency answered")
    button = lead.locator("button.op-insert[data-placeholder='{indicator:calls.emergency_answered_10s_share}']")
    button.wait_for()
    assert "= 81.0%" in lead.inner_text("#evidence-results")
    button.click()
    lead.locator("#text").press("End")
    lead.locator("#text").type(" of emergency calls were answered within ten seconds.")
    expect(lead.locator("#preview")).to_contain_text("were answered within ten seconds")
    assert lead.inner_text("#preview").startswith("Only 81.0% of emergency calls were answered within ten seconds.")
    _shot(lead, "finding-form")
    lead.click("button:has-text('Save finding')")
    lead.wait_for_url(f"**{at}#finding-response.answer_emergency_calls_faster")
    assert "{indicator:calls.emergency_answered_10s_share}" in lead.inner_text(
        "#finding-response\\.answer_emergency_calls_faster"
    )


def test_submit_approve_publish_open_as_public_and_a_later_load_changes_nothing(browser, server, lead, tmp_path):
    from openpeel.ingest import ingest
    from openpeel.store import Store

    base, store = server
    at = _create(lead, "Publication journey")
    lead.goto(f"{at}/findings/new")
    lead.select_option("#area", "response")
    lead.select_option("#kind", "main_finding")
    lead.fill("#title", "Emergency calls")
    lead.fill("#text", "Only {indicator:calls.emergency_answered_10s_share} of emergency calls were answered in time.")
    lead.click("button:has-text('Save finding')")
    lead.wait_for_url(f"**{at}#finding-*")
    lead.click("button:has-text('Submit for review')")
    lead.wait_for_url(f"**{at}")
    assert "Another inspector approves what you submitted." in lead.inner_text("main")
    assert lead.locator("button:has-text('Approve')").count() == 0

    context, reviewer = _signed_in(browser, base, "reviewer")
    reviewer.goto(at)
    reviewer.click("button:has-text('Approve')")
    reviewer.wait_for_url(f"**{at}")
    reviewer.click("button:has-text('Publish')")
    reviewer.wait_for_url(f"**{at}", timeout=120_000)
    assert "published" in reviewer.inner_text(".govuk-summary-list")
    _shot(reviewer, "inspection-published")
    context.close()

    context, public = _signed_in(browser, base, None)
    public.goto(f"/forces/{DEMO}/reports")
    _shot(public, "reports-public")
    link = public.locator("a[href$='/report.html']").first.get_attribute("href")
    public.goto(link)
    text = public.inner_text("body")
    assert "Only 81.0% of emergency calls were answered in time." in " ".join(text.split())
    before = httpx.get(base + link).content

    # a later load: 50.0% for the same year. A load writes a copy of the store and renames it over
    # the file; the copy here is a store loaded afresh with the new figure.
    later = tmp_path / "web-figures-synthetic.csv"
    later.write_text(
        "force,indicator,component,period_start,period_end,value,publisher\n"
        f"{DEMO},calls.emergency_answered_10s_share,answered_10s,2024-04,2025-03,5000,test (synthetic)\n"
        f"{DEMO},calls.emergency_answered_10s_share,calls,2024-04,2025-03,10000,test (synthetic)\n",
        encoding="utf-8",
    )
    copy = Store(tmp_path / "next.duckdb")
    ingest([later], copy)
    os.replace(copy.path, store)
    lead.goto(f"{_create(lead, 'After the load')}/evidence?q=emergency+answered")
    assert "= 50.0%" in lead.inner_text("main")  # the live figures moved on
    public.reload()
    assert "Only 81.0% of emergency calls were answered in time." in " ".join(public.inner_text("body").split())
    assert httpx.get(base + link).content == before
    assert context.outside == []
    context.close()


def _page_types(lead_page, at: str) -> dict[str, str]:
    return {
        "inspections": "/inspections",
        "new": "/inspections/new",
        "inspection": at,
        "finding": f"{at}/findings/new",
        "evidence": f"{at}/evidence?q=calls",
        "audits": f"{at}/audits",
        "audit": f"{at}/audits/stop_search_records",
        "survey": f"{at}/survey",
        "grades": f"{at}/grades",
        "trail": f"{at}/trail",
    }


def test_no_serious_accessibility_violations_on_any_workspace_page(browser, server, lead):
    at = _create(lead, "Accessibility")
    lead.goto(f"{at}/findings/new")
    lead.select_option("#area", "response")
    lead.select_option("#kind", "main_finding")
    lead.fill("#title", "Calls")
    lead.fill("#text", "Only {indicator:calls.emergency_answered_10s_share} of calls were answered in time.")
    lead.click("button:has-text('Save finding')")
    lead.wait_for_url(f"**{at}#finding-*")
    context, page = _signed_in(browser, server[0], "lead", bypass_csp=True)  # axe is injected: the CSP steps aside
    problems = []

    def check(name: str) -> None:
        page.wait_for_load_state("networkidle")
        problems.extend(chrome.serious_violations(page, name))
        _shot(page, name)

    for name, path in _page_types(page, at).items():
        page.goto(path)
        check(name)
    # the same forms showing their errors
    page.goto("/inspections/new")
    page.click("button:has-text('Create inspection')")
    check("new-errors")
    page.goto(f"{at}/audits/stop_search_records")
    page.fill("#reference", "SS-1")
    page.click("button:has-text('Save and mark complete')")
    check("audit-errors")
    page.goto(f"{at}/findings/response.calls")
    page.fill("#text", "We found 45 slow calls.")
    page.click("button:has-text('Save finding')")
    check("finding-errors")
    context.close()
    context, public = _signed_in(browser, server[0], None, bypass_csp=True)
    page = public
    page.goto("/inspections")
    check("inspections-public")
    context.close()
    assert problems == []


def test_the_forms_work_from_the_keyboard_alone(lead):
    def tab_to(element_id: str, limit: int = 80) -> None:
        for _ in range(limit):
            lead.keyboard.press("Tab")
            if lead.evaluate("document.activeElement.id") == element_id:
                return
        raise AssertionError(f"Tab never reached #{element_id}")

    lead.goto("/inspections/new")
    tab_to("force")
    lead.keyboard.type("Northamptonshire (demo)")  # a select takes typed letters
    assert lead.evaluate("document.activeElement.value") == DEMO
    tab_to("fieldwork_start")
    lead.keyboard.type("2025-09")
    lead.keyboard.press("Tab")
    lead.keyboard.type("2026-02")
    lead.keyboard.press("Tab")
    lead.keyboard.type("Keyboard Inspector")
    lead.keyboard.press("Enter")
    lead.wait_for_url(re.compile(r".*/inspections/northamptonshire-demo-2026(-\d+)?$"))
    at = lead.url.split(lead.url.split("/inspections/")[0])[1]
    assert "Keyboard Inspector" in lead.inner_text(".govuk-summary-list")

    lead.goto(f"{at}/audits/stop_search_records")
    tab_to("reference")
    lead.keyboard.type("KB-1")
    lead.keyboard.press("Tab")
    lead.keyboard.type("2025-01-15")
    for question in (GROUNDS, MINORITY):
        tab_to(f"q-{question}-1")
        lead.keyboard.press("Space")
    lead.keyboard.press("Tab")
    assert lead.evaluate("document.activeElement.textContent").strip() == "Save and mark complete"
    lead.keyboard.press("Enter")
    lead.wait_for_url(f"**{at}/audits/stop_search_records#results")
    assert lead.inner_text(f"[data-interval='{GROUNDS}']").startswith("100.0% (+/- 0.0 percentage points; 1 of 1")

    # a finding, its placeholder picked from the evidence list with the keyboard
    lead.goto(f"{at}/findings/new")
    tab_to("area")
    lead.keyboard.type("Responding")
    tab_to("kind")
    lead.keyboard.type("Main")
    tab_to("title")
    lead.keyboard.type("Calls")
    lead.keyboard.press("Tab")
    lead.keyboard.type("Only ")
    tab_to("evidence-q")
    lead.keyboard.type("emergency answered")
    lead.locator("button.op-insert").first.wait_for()
    for _ in range(5):
        lead.keyboard.press("Tab")
        if (
            lead.evaluate("document.activeElement.dataset.placeholder || ''")
            == "{indicator:calls.emergency_answered_10s_share}"
        ):
            break
    lead.keyboard.press("Enter")
    assert lead.evaluate("document.activeElement.id") == "text"  # back in the text, after the placeholder
    lead.keyboard.type(" of emergency calls were answered in time.")
    expect(lead.locator("#preview")).to_contain_text("of emergency calls were answered in time")
    assert (
        lead.input_value("#text") == "Only {indicator:calls.emergency_answered_10s_share} of emergency calls were "
        "answered in time."
    )
    tab_to("finding-save")
    lead.keyboard.press("Enter")
    lead.wait_for_url(re.compile(re.escape(f"{at}#finding-response.calls") + "$"))
    assert "Only {indicator:calls.emergency_answered_10s_share} of emergency calls" in lead.inner_text(
        "#finding-response\\.calls"
    )
