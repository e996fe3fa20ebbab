"""Load test of `openpeel serve`: concurrent users on loopback, p50/p95 per page, errors counted.

    .venv/bin/python benchmarks/web_load.py --db openpeel.duckdb --force northamptonshire-demo

Starts the real server on a free loopback port (or uses --url), signs in a force analyst for the
pages that need one (an account made for the run in a copy of the web state, so the real one is
untouched), asks every page once to warm it (those times are reported as "first"), then runs
`--users` simulated users for `--seconds`, each requesting the pages in turn. Bounded in time and
in requests; it only ever talks to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

PASSWORD = "load test password"


def pages(force: str, indicator: str, period: str | None) -> dict[str, str]:
    with_period = f"?period={period}" if period else ""
    return {
        "overview": f"/{with_period}",
        "force": f"/forces/{force}{with_period}",
        "indicator": f"/indicators/{indicator}{with_period}{'&' if period else '?'}force={force}",
        "trend": f"/forces/{force}/trends/{indicator}{with_period}",
        "alerts": f"/forces/{force}/alerts",
        "worklists": f"/forces/{force}/worklists",
        "reports": f"/forces/{force}/reports",
        "api force": f"/api/forces/{force}{with_period}",
        "api indicator": f"/api/indicators/{indicator}{with_period}",
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, force: str) -> tuple[subprocess.Popen, str, Path]:
    """The server over a copy of the store's folder files it reads, with a throwaway account."""
    scratch = Path(tempfile.mkdtemp(prefix="openpeel-load-"))
    store = scratch / db.name
    os.symlink(db.resolve(), store)  # the store itself is only read
    state = db.with_name(f"{db.stem}.web.sqlite")
    if state.exists():
        shutil.copyfile(state, scratch / state.name)
    from openpeel.web.state import WebState

    WebState.beside(store).add_account("load-analyst", "force", PASSWORD, force)
    port = _free_port()
    openpeel = Path(sys.executable).parent / "openpeel"
    process = subprocess.Popen(
        [str(openpeel), "--db", str(store), "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return process, base, scratch
        except httpx.TransportError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("the server did not start")


async def sign_in(client: httpx.AsyncClient) -> None:
    form = (await client.get("/sign-in")).text
    token = form.split('name="csrf_token" value="')[1].split('"')[0]
    answer = await client.post("/sign-in", data={"name": "load-analyst", "password": PASSWORD, "csrf_token": token})
    if answer.status_code != 303:
        raise SystemExit(f"could not sign in: {answer.status_code}")


async def user(
    base: str,
    urls: dict[str, str],
    stop: float,
    times: dict[str, list[float]],
    errors: list[str],
    offset: int,
    max_requests: int,
) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=120, follow_redirects=False) as client:
        await sign_in(client)
        names = list(urls)
        done = 0
        while time.monotonic() < stop and done < max_requests:
            name = names[(offset + done) % len(names)]
            started = time.perf_counter()
            try:
                answer = await client.get(urls[name])
                if answer.status_code != 200:
                    errors.append(f"{name}: HTTP {answer.status_code}")
            except httpx.HTTPError as exc:
                errors.append(f"{name}: {type(exc).__name__}")
            times[name].append(time.perf_counter() - started)
            done += 1


def _ms(values: list[float], q: float) -> str:
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0] * 1000:.0f}"
    return f"{statistics.quantiles(values, n=100, method='inclusive')[int(q) - 1] * 1000:.0f}"


async def run(base: str, urls: dict[str, str], users: int, seconds: float, max_requests: int) -> int:
    first: dict[str, float] = {}
    async with httpx.AsyncClient(base_url=base, timeout=900) as client:
        await sign_in(client)
        for name, url in urls.items():
            started = time.perf_counter()
            answer = await client.get(url)
            first[name] = time.perf_counter() - started
            if answer.status_code != 200:
                raise SystemExit(f"{name} ({url}) answered {answer.status_code} while warming")
    times: dict[str, list[float]] = {name: [] for name in urls}
    errors: list[str] = []
    stop = time.monotonic() + seconds
    started = time.monotonic()
    await asyncio.gather(*(user(base, urls, stop, times, errors, i, max_requests) for i in range(users)))
    elapsed = time.monotonic() - started
    total = sum(len(v) for v in times.values())
    print(f"{users} users, {elapsed:.0f} s, {total} requests, {len(errors)} errors")
    print("| page | first (ms) | requests | p50 (ms) | p95 (ms) |")
    print("|---|---:|---:|---:|---:|")
    for name, values in times.items():
        print(
            f"| {name} (`{urls[name]}`) | {first[name] * 1000:.0f} | {len(values)} | {_ms(values, 50)} | {_ms(values, 95)} |"
        )
    for line in sorted(set(errors))[:20]:
        print("error:", line)
    return 1 if errors else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("openpeel.duckdb"))
    parser.add_argument("--force", default="northamptonshire-demo")
    parser.add_argument("--indicator", default="calls.emergency_answered_10s_share")
    parser.add_argument("--period", default=None, help="one period for every page (default: each page's latest)")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--max-requests", type=int, default=2000, help="per user, a bound besides the time")
    parser.add_argument("--skip", action="append", default=[], help="leave out a page (by its name in the table)")
    args = parser.parse_args()
    if args.seconds > 60:
        raise SystemExit("keep a load test to 60 seconds or less")
    process, base, scratch = start_server(args.db, args.force)
    try:
        urls = {k: v for k, v in pages(args.force, args.indicator, args.period).items() if k not in args.skip}
        code = asyncio.run(run(base, urls, args.users, args.seconds, args.max_requests))
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # still busy with a request: stop it outright
            process.kill()
            process.wait()
        shutil.rmtree(scratch, ignore_errors=True)
    print(
        f"reproduce: .venv/bin/python benchmarks/web_load.py --db {args.db} --force {args.force} "
        f"--users {args.users} --seconds {args.seconds:g}"
        + (f" --period {args.period}" if args.period else "")
        + "".join(f" --skip '{name}'" for name in args.skip)
    )
    sys.exit(code)


if __name__ == "__main__":
    main()
