"""Alerts stored with the results, so a force's alerts are a read, not a computation.

Whenever an indicator's results are written, its alerts are worked out again over every force's
whole history of stored rolling years (:func:`openpeel.alerts.detect` on each series) and replace
the old ones. The whole history, not a window: whether a significant change is new depends on the
month before, however far back the window starts.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import groupby

import duckdb

from openpeel import alerts as rules
from openpeel.periods import Period
from openpeel.results import schema

ROLLING_YEARS = "date_diff('month', r.period_start, r.period_end) = 11"


def refresh(con: duckdb.DuckDBPyConnection, indicator_ids: Iterable[str] | None = None) -> int:
    """Work out the alerts of these indicators (None: every indicator) again; how many there are."""
    from openpeel.indicators.catalogue import all_indicators

    schema.create(con)
    catalogue = {ind.id: ind for ind in all_indicators()}
    ids = sorted(catalogue if indicator_ids is None else set(indicator_ids) & set(catalogue))
    if not ids:
        return 0
    marks = ", ".join("?" for _ in ids)
    con.execute(f'DELETE FROM "{schema.ALERTS}" WHERE indicator_id IN ({marks})', ids)
    # one row per rolling year: a financial or calendar year is stored under its own code as well
    rows = con.execute(
        "SELECT DISTINCT ON (r.indicator_id, r.force_id, r.period_start) r.indicator_id, r.force_id, "
        "r.period_start, r.period_end, r.value, r.position, c.typical_low, c.typical_high, r.change, "
        f'r.change_significant FROM "{schema.RESULTS}" r LEFT JOIN "{schema.COMPARISONS}" c '
        "ON c.indicator_id = r.indicator_id AND c.period = r.period AND c.world = r.world "
        f"WHERE {ROLLING_YEARS} AND r.indicator_id IN ({marks}) "
        "ORDER BY r.indicator_id, r.force_id, r.period_start",
        ids,
    ).fetchall()
    found: list[tuple[int, rules.Alert]] = []
    for (indicator_id, force_id), series in groupby(rows, key=lambda row: (row[0], row[1])):
        points = [
            rules.Point(Period(_first(start), _first(end)), value, position, low, high, change, significant)
            for _, _, start, end, value, position, low, high, change, significant in series
        ]
        found += enumerate(rules.detect(catalogue[indicator_id], force_id, points))
    if found:
        con.executemany(
            f'INSERT INTO "{schema.ALERTS}" ({", ".join(schema.ALERT_COLUMNS)}) VALUES '
            f"({', '.join('?' for _ in schema.ALERT_COLUMNS)})",
            [
                [
                    a.indicator_id,
                    a.force_id,
                    a.kind.value,
                    a.period.code(),
                    a.period.start,
                    a.period.last_day,  # as the results hold it
                    a.happened,
                    a.value,
                    a.previous_value,
                    a.text,
                    a.better,
                    seq,
                ]
                for seq, a in found
            ],
        )
    return len(found)


def stored(con: duckdb.DuckDBPyConnection, force_id: str, after: Period, last: Period) -> list[dict] | None:
    """The force's stored alerts in the rolling years after ``after`` up to ``last``, newest first,
    each as :meth:`openpeel.alerts.Alert.to_dict` gives it; None when the store keeps no alerts."""
    have = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if schema.ALERTS not in have:
        return None
    # values as literals: DuckDB imports pandas to bind parameters, slower than this whole read
    force = "'" + force_id.replace("'", "''") + "'"
    rows = con.execute(
        "SELECT indicator_id, kind, period_start, period_end, value, previous_value, text, better "
        f"FROM \"{schema.ALERTS}\" WHERE force_id = {force} AND period_end > DATE '{after.last_day}' "
        f"AND period_end <= DATE '{last.last_day}' ORDER BY happened DESC, indicator_id DESC, seq"
    ).fetchall()
    out = []
    for indicator_id, kind, start, end, value, previous, text, better in rows:
        alert = rules.Alert(
            force_id,
            indicator_id,
            rules.AlertKind(kind),
            Period(_first(start), _first(end)),
            value,
            previous,
            text,
            better,
        )
        out.append(alert.to_dict())
    return out


def _first(day: date) -> date:
    return date(day.year, day.month, 1)
