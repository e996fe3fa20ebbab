"""Continual assessment: load files as they arrive and show how a force's figures move.

A force's performance team (or an inspector) points openpeel at the folder its extracts and
downloads land in. Each cycle loads every file not seen before, each file in its own transaction
so one bad file is reported and set aside without holding up the rest, then recomputes the
force's indicators and reports which figures moved.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpeel.errors import OpenpeelError
from openpeel.ingest import find_files, ingest
from openpeel.sources.base import Probe, SourceError
from openpeel.store import LoadOutcome, Store


@dataclass(frozen=True)
class Movement:
    indicator_id: str
    period: str | None
    before: float | None
    after: float | None
    text: str  # e.g. "4.47 per 1,000 -> 4.51 per 1,000"


@dataclass
class Cycle:
    loaded: list[LoadOutcome] = field(default_factory=list)
    refused: dict[Path, OpenpeelError] = field(default_factory=dict)
    moved: list[Movement] = field(default_factory=list)


class Watcher:
    def __init__(self, folder: Path, store: Store, *, force_id: str | None = None, ingest_force: str | None = None):
        self.folder = Path(folder)
        self.store = store
        self.force_id = force_id
        self.ingest_force = ingest_force
        self._refused: set[str] = set()  # content already reported as bad, not retried until it changes

    def cycle(self) -> Cycle:
        result = Cycle()
        known = self.store.loaded_hashes()
        waiting = []
        try:
            files = find_files([self.folder]) if self.folder.exists() else []
        except SourceError:  # nothing readable has arrived yet: an empty inbox is the usual state
            files = []
        for path in files:
            sha = Probe(path).sha256
            if sha not in known and sha not in self._refused:
                waiting.append((path, sha))
        if not waiting:
            return result
        before = self._snapshot()
        for path, sha in waiting:
            try:
                result.loaded += ingest([path], self.store, force=self.ingest_force).outcomes
            except OpenpeelError as exc:  # the file's fault (a bad value, a clash): set it aside, go on
                result.refused[path] = exc
                self._refused.add(sha)
        if result.loaded and self.force_id:
            result.moved = _movements(before, self._snapshot())
        return result

    def _snapshot(self) -> dict[str, tuple[str | None, float | None, str]]:
        if not self.force_id:
            return {}
        from openpeel.assess import Assessor
        from openpeel.backends import duckdb_backend

        results = Assessor(duckdb_backend(self.store)).force(self.force_id)
        return {
            r.indicator.id: (
                r.period.code() if r.period else None,
                r.value.value if r.value else None,
                r.indicator.format(r.value.value) if r.value else "no value",
            )
            for r in results
        }

    def run(self, interval: float, on_cycle: Callable[[Cycle], None], cycles: int | None = None) -> None:
        done = 0
        while cycles is None or done < cycles:
            on_cycle(self.cycle())
            done += 1
            if cycles is None or done < cycles:
                time.sleep(interval)


def _movements(before: dict, after: dict) -> list[Movement]:
    moved = []
    for ind_id, (period, value, text) in sorted(after.items()):
        old_period, old_value, old_text = before.get(ind_id, (None, None, "no value"))
        if (period, value) != (old_period, old_value):
            label = f"{old_text} ({old_period or 'no period'}) -> {text} ({period or 'no period'})"
            moved.append(Movement(ind_id, period, old_value, value, label))
    return moved
