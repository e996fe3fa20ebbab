"""Progress of long work on the terminal: a bar with rate and time left on a terminal, plain log
lines otherwise (so logs and CI output stay readable)."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from openpeel.cli.common import errors


@contextmanager
def refreshing() -> Iterator[None]:
    """Show the progress of result refreshes (run by loads and ``materialise``) inside the block."""
    from openpeel.results.refresh import reporting

    if sys.stderr.isatty():
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        with Progress(*columns, console=errors, transient=True) as bar:
            task = bar.add_task("computing results", total=None)

            def show(done: int, total: int, indicator) -> None:
                bar.update(task, completed=done, total=total, description=f"computing results: {indicator.id}")

            with reporting(show):
                yield
        return
    started = time.perf_counter()
    last = [0.0]

    def log(done: int, total: int, indicator) -> None:
        now = time.perf_counter() - started
        if done == total or now - last[0] >= 10:  # a line every ten seconds, and at the end
            last[0] = now
            rate = done / now if now else 0.0
            left = (total - done) / rate if rate else 0.0
            errors.print(f"computing results: {done}/{total} indicators, {now:.0f} s, about {left:.0f} s left",
                         highlight=False, markup=False)

    with reporting(log):
        yield
