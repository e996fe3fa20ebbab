"""Storing every result on request: in the store (DuckDB), or computed on Spark as Parquet.

Loads keep results current on their own (see :mod:`.refresh`); ``openpeel materialise`` is for
the rest: recomputing stale results after an upgrade or a change of settings without loading
anything, recomputing everything (``--all``), and national record-level data that outgrows one
machine, where Spark computes the results and writes them as Parquet (``write_parquet``) that the
store then loads (``load_parquet``).
"""

from __future__ import annotations

from pathlib import Path

from openpeel import settings as user_settings
from openpeel.backends import Backend
from openpeel.errors import OpenpeelError
from openpeel.indicators.catalogue import all_indicators
from openpeel.periods import Period
from openpeel.results import schema
from openpeel.results.compute import compute
from openpeel.results.fingerprint import settings_fingerprint, values_fingerprint
from openpeel.results.plan import current_periods
from openpeel.results.refresh import (
    Progress,
    RefreshReport,
    progress_reporter,
    refresh,
    write_rows,
)
from openpeel.store import Store


def materialise(store: Store, *, everything: bool = False, backend: Backend | None = None) -> RefreshReport:
    """Bring the store's results up to date (``everything``: recompute them all), in one transaction.

    ``backend`` computes the figures somewhere else (Spark over Parquet); results land in the store.
    """
    found: list[RefreshReport] = []

    def derive(con, changes):
        found.append(
            refresh(
                con,
                None if everything else changes,
                reason="materialise",
                progress=progress_reporter.get(),
                backend=backend,
            )
        )

    with store.transaction(derivations=[derive]):
        pass
    return found[0]


def write_parquet(
    backend: Backend, out: Path, progress: Progress | None = None, periods: list[Period] | None = None
) -> RefreshReport:
    """Compute every result on ``backend`` and write each results table as ``out/<table>.parquet``.

    ``periods`` limits the work to those periods (a sample, as the parity test takes); by default
    every standard period of the data."""
    import time

    import pyarrow as pa
    import pyarrow.parquet as pq

    from openpeel.results.refresh import arrow_schema

    started = time.perf_counter()
    progress = progress or progress_reporter.get()
    settings = user_settings.load().comparison
    indicators = all_indicators()
    periods = current_periods(backend, indicators) if periods is None else sorted(set(periods))
    work = {ind: periods for ind in indicators}
    done = [0]

    def one_done(ind):
        done[0] += 1
        if progress:
            progress(done[0], len(work), ind)

    rows = compute(backend, work, settings, on_indicator=one_done)
    sfp = settings_fingerprint(settings)
    computed = [
        {
            "indicator_id": ind.id,
            "period": p,
            "values_fingerprint": values_fingerprint(ind),
            "settings_fingerprint": sfp,
        }
        for ind in indicators
        for p in ["*", *(q.code() for q in periods)]
    ]
    out.mkdir(parents=True, exist_ok=True)
    for table, data in (
        (schema.RESULTS, rows.results),
        (schema.COMPARISONS, rows.comparisons),
        (schema.DEFAULTS, rows.defaults),
        (schema.COMPUTED, computed),
    ):
        pq.write_table(pa.Table.from_pylist(data, schema=arrow_schema(schema.TABLES[table])), out / f"{table}.parquet")
    return RefreshReport(
        len(indicators), len(indicators) * len(periods), len(rows.results), time.perf_counter() - started
    )


class ResultsFileError(OpenpeelError):
    """Results Parquet that cannot be loaded (missing, or written by another version)."""


def load_parquet(store: Store, folder: Path) -> int:
    """Replace the store's results with those in ``folder`` (written by :func:`write_parquet`).

    Refused unless every file is there with today's columns and every indicator's fingerprint
    matches this openpeel's catalogue, so results computed under another definition never land.
    """
    import pyarrow.parquet as pq

    tables = {}
    for table, columns in schema.TABLES.items():
        if table == schema.REFRESHES:
            continue
        path = folder / f"{table}.parquet"
        if not path.is_file():
            raise ResultsFileError(f"{folder}: no {path.name}; give the folder `materialise --out` wrote")
        data = pq.read_table(path)
        if data.column_names != list(columns):
            raise ResultsFileError(f"{path}: columns {data.column_names}, expected {list(columns)}")
        tables[table] = data
    today = {ind.id: values_fingerprint(ind) for ind in all_indicators()}
    stored = {
        r["indicator_id"]: r["values_fingerprint"] for r in tables[schema.COMPUTED].to_pylist() if r["period"] == "*"
    }
    differ = sorted(i for i in today if stored.get(i) != today[i])
    if differ:
        raise ResultsFileError(
            f"{folder}: results for {len(differ)} indicators were computed by another openpeel "
            f"(e.g. {', '.join(differ[:3])}); compute them again with this version"
        )

    def derive(con, changes):
        write_rows(con, tables)

    with store.transaction(derivations=[derive]):
        pass
    return tables[schema.RESULTS].num_rows
