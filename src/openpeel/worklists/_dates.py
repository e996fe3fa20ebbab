"""The day a worklist is drawn up when none is given: the latest day in the force's own data."""

from __future__ import annotations

from datetime import date, datetime

import ibis
import pandas as pd

from openpeel.worklists.errors import WorklistError


def latest_day(*columns) -> date | None:
    """The latest day reached by any of the given Ibis columns (dates or timestamps), or None."""
    days = []
    for column in columns:
        value = column.max().to_pandas()  # one scalar per column, computed in the backend
        if value is None or pd.isna(value):
            continue
        days.append(value.date() if isinstance(value, datetime) else value)
    return max(days) if days else None


def as_of_or_latest(as_of: date | None, *columns) -> date:
    day = as_of or latest_day(*columns)
    if day is None:
        raise WorklistError("the force has no rows in this extract, so there is nothing to list")
    return day


def end_of(day: date):
    """The first moment after ``day``, as an Ibis timestamp, for comparing with timestamps."""
    return ibis.literal(day).cast("timestamp") + ibis.interval(days=1)
