"""Bringing stored results up to date: after each load, or on request (``openpeel materialise``).

The refresh runs on the store copy a load writes (see :class:`openpeel.store.Store.transaction`),
before that copy replaces the store, so records and results always change together.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone

import duckdb

from openpeel import settings as user_settings
from openpeel.backends import Backend
from openpeel.indicators.catalogue import Indicator, all_indicators
from openpeel.periods import Period
from openpeel.results import alerts as stored_alerts
from openpeel.results import schema
from openpeel.results.compute import Rows, compute
from openpeel.results.fingerprint import settings_fingerprint, values_fingerprint
from openpeel.results.plan import Plan, make_plan
from openpeel.settings import ComparisonSettings
from openpeel.store import Changes


@dataclass(frozen=True)
class RefreshReport:
    indicators: int
    periods: int  # (indicator, period) pairs computed
    results: int  # result rows written
    seconds: float


# Progress callbacks: (indicators done, indicators to do, indicator just done)
Progress = Callable[[int, int, Indicator], None]

# The progress callback the command line sets while a load or a materialisation runs.
progress_reporter: contextvars.ContextVar[Progress | None] = contextvars.ContextVar("progress_reporter", default=None)


@contextmanager
def reporting(progress: Progress | None) -> Iterator[None]:
    """Report the progress of refreshes run inside this block (by loads) to ``progress``."""
    token = progress_reporter.set(progress)
    try:
        yield
    finally:
        progress_reporter.reset(token)


def refresh_after_load(con: duckdb.DuckDBPyConnection, changes: Changes) -> RefreshReport:
    """The store's derivation step: recompute what the load's changes make stale."""
    return refresh(con, changes, reason="load", progress=progress_reporter.get())


def refresh(
    con: duckdb.DuckDBPyConnection,
    changes: Changes | None,
    *,
    reason: str,
    settings: ComparisonSettings | None = None,
    progress: Progress | None = None,
    backend: Backend | None = None,
) -> RefreshReport:
    """Recompute stale results on an open, writable store connection (``changes`` None: all).

    ``backend`` computes the figures elsewhere (Spark); results are written through ``con``.
    """
    started = time.perf_counter()
    settings = settings or user_settings.load().comparison
    schema.create(con)
    backend = backend or connection_backend(con)
    indicators = all_indicators()
    settings_fp = settings_fingerprint(settings)
    fingerprints = {ind.id: (values_fingerprint(ind), settings_fp) for ind in indicators}
    stored = {
        r[0]: (r[1], r[2])
        for r in con.execute(
            f"SELECT DISTINCT indicator_id, values_fingerprint, settings_fingerprint FROM {schema.COMPUTED} "
            "WHERE period = '*'"
        ).fetchall()
    }
    stored_periods = {
        r[0] for r in con.execute(f"SELECT DISTINCT period FROM {schema.COMPUTED} WHERE period <> '*'").fetchall()
    }
    plan = make_plan(backend, changes, stored, stored_periods, fingerprints)
    if not plan:
        return _log(con, reason, RefreshReport(0, 0, 0, time.perf_counter() - started))
    by_id = {ind.id: ind for ind in indicators}
    work = {by_id[i]: periods for i, periods in plan.stale.items()}
    done = [0]

    def one_done(ind: Indicator) -> None:
        done[0] += 1
        if progress:
            progress(done[0], len(work), ind)

    rows = compute(backend, work, settings, on_indicator=one_done)
    write(con, plan, work, rows, fingerprints)
    stored_alerts.refresh(con, None if plan.dropped else [ind.id for ind in work])
    report = RefreshReport(
        len(work), sum(len(p) for p in work.values()), len(rows.results), time.perf_counter() - started
    )
    return _log(con, reason, report)


def connection_backend(con: duckdb.DuckDBPyConnection) -> Backend:
    """An Ibis backend over an open DuckDB connection, exposing the standardised tables."""
    import ibis

    from openpeel import tables

    declared = {spec.name for spec in tables.all_tables()}
    have = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    return Backend("duckdb", ibis.duckdb.from_connection(con), declared & have)


def write(
    con: duckdb.DuckDBPyConnection,
    plan: Plan,
    work: dict[Indicator, list[Period]],
    rows: Rows,
    fingerprints: dict[str, tuple[str, str]],
) -> None:
    """Replace the stored rows of every recomputed (indicator, period), and drop dropped periods."""
    import pandas as pd

    pairs = [(ind.id, p.code()) for ind, periods in work.items() for p in periods]
    pairs_frame = pd.DataFrame(pairs, columns=["indicator_id", "period"])
    con.register("_replaced_pairs", pairs_frame)
    try:
        for table in (schema.RESULTS, schema.COMPARISONS, schema.COMPUTED):
            con.execute(
                f'DELETE FROM "{table}" USING _replaced_pairs r '
                f'WHERE "{table}".indicator_id = r.indicator_id AND "{table}".period = r.period'
            )
    finally:
        con.unregister("_replaced_pairs")
    if plan.dropped:
        marks = ", ".join("?" for _ in plan.dropped)
        for table in (schema.RESULTS, schema.COMPARISONS, schema.COMPUTED):
            con.execute(f'DELETE FROM "{table}" WHERE period IN ({marks})', plan.dropped)
    ids = [ind.id for ind in work]
    marks = ", ".join("?" for _ in ids)
    con.execute(f'DELETE FROM "{schema.DEFAULTS}" WHERE indicator_id IN ({marks})', ids)
    con.execute(f"DELETE FROM \"{schema.COMPUTED}\" WHERE period = '*' AND indicator_id IN ({marks})", ids)
    computed = [
        {
            "indicator_id": i,
            "period": p,
            "values_fingerprint": fingerprints[i][0],
            "settings_fingerprint": fingerprints[i][1],
        }
        for i, p in pairs
    ]
    computed += [
        {
            "indicator_id": i,
            "period": "*",
            "values_fingerprint": fingerprints[i][0],
            "settings_fingerprint": fingerprints[i][1],
        }
        for i in ids
    ]
    for table, data in (
        (schema.RESULTS, rows.results),
        (schema.COMPARISONS, rows.comparisons),
        (schema.DEFAULTS, rows.defaults),
        (schema.COMPUTED, computed),
    ):
        _insert(con, table, data)


def _insert(con: duckdb.DuckDBPyConnection, table: str, data: list[dict]) -> None:
    if not data:
        return
    import pyarrow as pa

    columns = schema.TABLES[table]
    arrow = pa.Table.from_pylist(data, schema=arrow_schema(columns))
    con.register("_incoming_results", arrow)
    try:
        names = ", ".join(f'"{c}"' for c in columns)
        con.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM _incoming_results')
    finally:
        con.unregister("_incoming_results")


def arrow_schema(columns: dict[str, str]):
    import pyarrow as pa

    kinds = {
        "VARCHAR": pa.string(),
        "DATE": pa.date32(),
        "DOUBLE": pa.float64(),
        "INTEGER": pa.int32(),
        "BIGINT": pa.int64(),
        "BOOLEAN": pa.bool_(),
        "TIMESTAMP": pa.timestamp("us"),
        "VARCHAR[]": pa.list_(pa.string()),
    }
    return pa.schema([(name, kinds[kind]) for name, kind in columns.items()])


def write_rows(con: duckdb.DuckDBPyConnection, tables) -> None:
    """Replace every stored result with ``tables`` (table name -> Arrow table of its columns)."""
    schema.create(con)
    for name, data in tables.items():
        con.execute(f'DELETE FROM "{name}"')
        con.register("_incoming_results", data)
        try:
            names = ", ".join(f'"{c}"' for c in schema.TABLES[name])
            con.execute(f'INSERT INTO "{name}" ({names}) SELECT {names} FROM _incoming_results')
        finally:
            con.unregister("_incoming_results")
    stored_alerts.refresh(con)
    _log(con, "loaded from Parquet", RefreshReport(0, 0, tables[schema.RESULTS].num_rows, 0.0))


def _log(con: duckdb.DuckDBPyConnection, reason: str, report: RefreshReport) -> RefreshReport:
    _insert(
        con,
        schema.REFRESHES,
        [
            {
                "refreshed_at": datetime.now(timezone.utc).replace(tzinfo=None),
                "reason": reason,
                "indicators": report.indicators,
                "periods": report.periods,
                "results": report.results,
                "seconds": round(report.seconds, 3),
            }
        ],
    )
    return report
