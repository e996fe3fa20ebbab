"""When a worklist is drawn up, and the rows of a force in the days it looks back over."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import ibis
import pandas as pd

from openpeel.worklists.errors import WorklistError


def drawn_up_at(column, as_of: date | None) -> datetime:
    """The end of ``as_of`` (midnight after it), or of the latest day in ``column`` when it is None.

    An extract taken last month still gives a list: 'now' is when its data ends, not today.
    """
    if as_of is None:
        latest = column.max().to_pandas()
        if latest is None or pd.isna(latest):
            raise WorklistError("the force has no rows in this extract, so there is nothing to list")
        as_of = pd.Timestamp(latest).date()
    return datetime.combine(as_of + timedelta(days=1), datetime.min.time())


def since(now: datetime, days: int) -> datetime:
    if days <= 0:
        raise WorklistError(f"days must be a positive number, got {days}")
    return now - timedelta(days=days)


def of_force(backend, table: str, force_id: str):
    t = backend.table(table)
    return t.filter(t.force_id == force_id)


def between(t, column: str, now: datetime, days: int):
    """Rows of ``t`` whose ``column`` falls in the ``days`` days before ``now``."""
    return t.filter((t[column] >= ibis.literal(since(now, days))) & (t[column] < ibis.literal(now)))
