"""Where indicator expressions run: the DuckDB store (default) or Apache Spark.

Both backends expose the store's standardised tables by name as Ibis tables, so the catalogue's
expressions run unchanged on either. Spark reads the tables from Parquet, written from the store
by :func:`export_parquet` (or produced by a national pipeline in the same layout).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path


from openpeel import duck
from openpeel import tables
from openpeel.store import Store


@dataclass
class Backend:
    name: str  # "duckdb" or "pyspark"
    con: object  # an Ibis backend
    available: set[str] = field(default_factory=set)

    def has(self, table: str) -> bool:
        return table in self.available

    def table(self, name: str):
        if name not in self.available:
            raise KeyError(f"table {name!r} is not in the {self.name} backend")
        return self.con.table(name)


def duckdb_backend(store: Store) -> Backend:
    con = store.ibis()
    return Backend("duckdb", con, set(con.list_tables()))


def export_parquet(store: Store, folder: Path) -> list[str]:
    """Write each standardised table of the store as ``folder/<table>.parquet``."""
    folder.mkdir(parents=True, exist_ok=True)
    store.ensure_schema()
    con = duck.connect(str(store.path), read_only=True)
    written = []
    try:
        for spec in tables.all_tables():
            target = folder / f"{spec.name}.parquet"
            con.execute(f"COPY \"{spec.name}\" TO '{target}' (FORMAT parquet)").fetchall()
            written.append(spec.name)
    finally:
        con.close()
    return written


_SPARK = None


def spark_session():
    """One local Spark session per process (it takes seconds to start), UTC, warehouse in /tmp."""
    global _SPARK
    if _SPARK is None:
        from pyspark.sql import SparkSession

        scratch = tempfile.mkdtemp(prefix="openpeel-spark-")
        _SPARK = (
            SparkSession.builder.master("local[2]")
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


def spark_backend(folder: Path) -> Backend:
    """A PySpark backend over Parquet files named ``<table>.parquet`` in ``folder``."""
    import ibis

    con = ibis.pyspark.connect(spark_session())
    available = set()
    for path in sorted(Path(folder).glob("*.parquet")):
        con.read_parquet(str(path), table_name=path.stem)
        available.add(path.stem)
    return Backend("pyspark", con, available)
