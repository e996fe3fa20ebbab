"""axe-core in headless Chromium (through Playwright) over a report's HTML.

Playwright drives the system Chromium; its own browser download is never used.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def violations(html: Path) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.goto(Path(html).resolve().as_uri())
            return Axe().run(page).response["violations"]
        finally:
            browser.close()


def serious_violations(html: Path) -> list[str]:
    """'impact id: help (first element)' for every serious or critical violation."""
    return [
        f"{v['impact']} {v['id']}: {v['help']} ({v['nodes'][0]['html'][:120]})"
        for v in violations(html)
        if v["impact"] in ("serious", "critical")
    ]


def scroll_widths(html: Path, width: int) -> dict[str, int]:
    """At a viewport ``width`` px wide: how wide the page scrolls, and how many tables sit outside
    a scrolling region (WCAG 1.4.10: only a table's own region may scroll sideways)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(Path(html).resolve().as_uri())
            return {
                "page": page.evaluate("document.documentElement.scrollWidth"),
                "viewport": page.evaluate("document.documentElement.clientWidth"),
                "loose_tables": page.evaluate(
                    "[...document.querySelectorAll('table')].filter(t => !t.closest('.table-wrap')).length"
                ),
                "unfocusable_regions": page.evaluate(
                    "[...document.querySelectorAll('.table-wrap')].filter(w => w.tabIndex < 0).length"
                ),
            }
        finally:
            browser.close()
