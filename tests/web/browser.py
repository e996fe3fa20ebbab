"""What the browser tests share: the real server in a subprocess, Debian's Chromium through
Playwright, a context that notes any request leaving the server, and axe-core with a time limit.

Playwright's ``close``, ``new_page`` and ``evaluate`` wait without a limit of their own, so the
helpers here bound what they can: the server is killed if it will not stop, and axe gives up
after 90 seconds instead of leaving the test waiting.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def served(store: Path, log_path: Path) -> Iterator[str]:
    """``openpeel serve`` over ``store`` on a free port until the block ends: yields its base address."""
    port = _free_port()
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "openpeel"), "--db", str(store), "serve", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            else:
                raise RuntimeError(f"the server did not start: {log_path.read_text()}")
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:  # a connection the browser left open keeps it waiting
                process.kill()
                process.wait(timeout=20)


@contextmanager
def chromium() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def context(browser, base: str, width: int = 1280, bypass_csp: bool = False, timeout_ms: int = 120_000):
    """A new browser context on ``base``; ``context.outside`` lists requests to anywhere else."""
    made = browser.new_context(
        base_url=base, viewport={"width": width, "height": 900}, bypass_csp=bypass_csp, accept_downloads=True
    )
    made.set_default_timeout(timeout_ms)
    outside: list[str] = []
    made.on("request", lambda r: None if r.url.startswith(base) or r.url.startswith("data:") else outside.append(r.url))
    made.outside = outside
    return made


def sign_in(page, name: str, password: str, next_path: str) -> None:
    """Sign ``name`` in on ``page`` and wait until the page it leads to has loaded."""
    page.goto(f"/sign-in?next={next_path}")
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("button:has-text('Sign in')")
    # a close that races the commit of a navigation is acknowledged by Chromium and never carried
    # out, so page.close() waits for ever (crbug 536385539, playwright#42068); closing the sign-in
    # page at once hung a CI run here
    page.wait_for_url(f"**{next_path}")


def serious_violations(page, name: str) -> list[str]:
    """axe-core's serious and critical findings on ``page`` (its context must bypass the CSP)."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "Promise.race([axe.run(document, {resultTypes: ['violations']}), new Promise("
        "(_, no) => setTimeout(() => no(new Error('axe ran over 90 s')), 90000))])"
    )
    return [
        f"{name}: {v['impact']} {v['id']}: {v['help']} ({v['nodes'][0]['html'][:100]})"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
