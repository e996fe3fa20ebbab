"""Progress of long work on the terminal: reading files and computing results.

On a terminal, one rich display with a bar per stage (bytes, rows/s and time left while reading;
indicators and time left while computing results). Without one (a log, a pipe, a scheduler),
plain lines on stderr every ``LOG_EVERY_SECONDS`` and at the end of each stage.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.markup import escape

from openpeel.cli.common import console

LOG_EVERY_SECONDS = 10.0
# the first indicators also carry the set-up (opening the store, first queries), so a time left
# worked out from them runs far too long: none is given until this share of them is done
ESTIMATE_AFTER_SHARE = 0.1


@contextmanager
def shown() -> Iterator[Callable]:
    """A callback for :func:`openpeel.ingest.ingest`'s ``on_progress``; result refreshes run in the
    block (by loads) are shown too."""
    from openpeel.results.refresh import reporting

    if console.is_terminal:
        with _terminal() as (reading, computing), reporting(computing):
            yield reading
        return
    with reporting(_log_results()):
        yield _log_reading()


@contextmanager
def _terminal():
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    started = time.monotonic()
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[detail]}"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        tasks: dict[str, int] = {}

        def reading(p) -> None:
            if "reading" not in tasks:
                tasks["reading"] = bar.add_task("reading", total=None, detail="")
            rate = p.rows / max(time.monotonic() - started, 1e-9)
            bar.update(
                tasks["reading"],
                total=p.bytes_total,
                completed=p.bytes,
                detail=f"{p.bytes / 1e6:,.0f}/{p.bytes_total / 1e6:,.0f} MB, {p.rows:,} rows ({rate:,.0f}/s)",
                description=f"{p.files}/{p.files_total} {escape(p.current)}",
            )

        def computing(done: int, total: int, indicator) -> None:
            if "results" not in tasks:
                tasks["results"] = bar.add_task("computing results", total=total, detail="")
            bar.update(
                tasks["results"],
                completed=done,
                total=total,
                detail=f"{done}/{total} indicators",
                description=f"computing results: {escape(indicator.id)}",
            )

        yield reading, computing


def _log_reading() -> Callable:
    started = last = time.monotonic()

    def log(p) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last < LOG_EVERY_SECONDS and p.files < p.files_total:
            return
        last = now
        rate = p.rows / max(now - started, 1e-9)
        left = (now - started) * (p.bytes_total - p.bytes) / p.bytes if p.bytes else 0
        print(
            f"ingest: {p.files}/{p.files_total} files, {p.bytes / 1e6:,.0f} of {p.bytes_total / 1e6:,.0f} MB, "
            f"{p.rows:,} rows written ({rate:,.0f} rows/s), about {left:,.0f} s left",
            file=sys.stderr,
            flush=True,
        )

    return log


def _log_results() -> Callable:
    started = last = time.monotonic()

    def log(done: int, total: int, indicator) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last < LOG_EVERY_SECONDS and done < total:
            return
        last = now
        left = _time_left(done, total, now - started)
        print(
            f"results: {done}/{total} indicators computed, {now - started:,.0f} s, {left}", file=sys.stderr, flush=True
        )

    return log


def _time_left(done: int, total: int, elapsed: float) -> str:
    if done < total and done < total * ESTIMATE_AFTER_SHARE:
        return "time left not known yet"
    left = (total - done) * elapsed / done if done else 0.0
    return f"about {left:,.0f} s left"


@contextmanager
def refreshing() -> Iterator[None]:
    """Show the progress of result refreshes run in the block (``materialise``, evidence loads)."""
    with shown():
        yield
