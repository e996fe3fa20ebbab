"""Where indicator expressions run: the DuckDB store (default) or Apache Spark.

Both backends expose the store's standardised tables by name as Ibis tables, so the catalogue's
expressions run unchanged on either. Spark reads the tables from Parquet, written from the store
by :func:`export_parquet` (or produced by a national pipeline in the same layout).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from openpeel import tables
from openpeel.store import Store

if TYPE_CHECKING:
    from openpeel.results.read import StoredResults


class Backend:
    """Where expressions run: an Ibis backend (``con``) and the store tables it has (``available``).

    Both may be given as they are or, through ``open_con`` and ``find_available``, made on first
    use: a command answered from stored results never needs Ibis (most of a second to import) nor
    the list of declared tables (which imports every reader).
    """

    def __init__(
        self,
        name: str,
        con: object = None,
        available: set[str] | None = None,
        results: StoredResults | None = None,
        *,
        open_con: Callable[[], object] | None = None,
        find_available: Callable[[], set[str]] | None = None,
    ):
        self.name = name  # "duckdb" or "pyspark"
        self._con, self._open_con = con, open_con
        self._available, self._find_available = available, find_available
        self.results = results  # results stored in the store, when reading one

    @property
    def con(self):
        if self._con is None and self._open_con is not None:
            self._con = self._open_con()
        return self._con

    @property
    def available(self) -> set[str]:
        if self._available is None:
            self._available = self._find_available() if self._find_available is not None else set()
        return self._available

    def has(self, table: str) -> bool:
        return table in self.available

    def table(self, name: str):
        if name not in self.available:
            raise KeyError(f"table {name!r} is not in the {self.name} backend")
        return self.con.table(name)


def duckdb_backend(store: Store) -> Backend:
    """The store as it is now, read only, with the results stored in it."""
    from openpeel.results.read import StoredResults

    raw = store.connect()

    def open_con():
        import ibis

        return ibis.duckdb.from_connection(raw)

    def find_available() -> set[str]:
        declared = {spec.name for spec in tables.all_tables()}
        return declared & {r[0] for r in raw.execute("SELECT table_name FROM duckdb_tables()").fetchall()}

    return Backend("duckdb", results=StoredResults.of(raw), open_con=open_con, find_available=find_available)


def export_parquet(store: Store, folder: Path) -> list[str]:
    """Write each standardised table of the store as ``folder/<table>.parquet``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with store.reading() as con:
        have = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        for spec in tables.all_tables():
            if spec.name not in have:
                continue
            target = folder / f"{spec.name}.parquet"
            con.execute(f"COPY \"{spec.name}\" TO '{target}' (FORMAT parquet)").fetchall()
            written.append(spec.name)
    return written


_SPARK = None


def spark_session(master: str | None = None):
    """One Spark session per process (it takes seconds to start): local[2] unless a master URL is
    given (or SPARK_MASTER is set), UTC, warehouse in a temporary folder."""
    global _SPARK
    if _SPARK is None:
        import os

        from pyspark.sql import SparkSession

        scratch = tempfile.mkdtemp(prefix="openpeel-spark-")
        _SPARK = (
            SparkSession.builder.master(master or os.environ.get("SPARK_MASTER", "local[2]"))
            .appName("openpeel")
            .config("spark.sql.warehouse.dir", f"{scratch}/warehouse")
            .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={scratch}")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate()
        )
        _SPARK.sparkContext.setLogLevel("ERROR")
    return _SPARK


def spark_backend(folder: Path | str, *, master: str | None = None) -> Backend:
    """A PySpark backend over Parquet named ``<table>.parquet`` in ``folder``: a local folder, or
    a URI Spark reads (``hdfs://``, ``s3a://``, ``dbfs:/``), where each declared table is looked for."""
    import ibis

    con = ibis.pyspark.connect(spark_session(master))
    available = set()
    text = str(folder)
    if "://" in text or text.startswith("dbfs:"):
        from pyspark.errors import AnalysisException

        for spec in tables.all_tables():
            try:
                con.read_parquet(f"{text.rstrip('/')}/{spec.name}.parquet", table_name=spec.name)
            except AnalysisException:  # the pipeline wrote no such table
                continue
            available.add(spec.name)
        return Backend("pyspark", con, available)
    for path in sorted(Path(folder).glob("*.parquet")):
        con.read_parquet(str(path), table_name=path.stem)
        available.add(path.stem)
    return Backend("pyspark", con, available)
