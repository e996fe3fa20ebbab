"""Tools the demo generators share to place exact counts and add random detail.

Calibration is by construction: every figure the seed report prints is a count the generators place
exactly (so many records in these months with this value), split over months by largest remainders.
The random generator only decides which record gets which value, exact times inside a month and
details no figure depends on, so the calibrated figures hold for any seed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from openpeel.demo import DEMO_FORCE, DemoContext
from openpeel.periods import Period, add_months


def months(period: str) -> list[date]:
    """The first days of the months of a period written as on the command line ('2024-04:2025-03')."""
    p = Period.parse(period)
    return [add_months(p.start, i) for i in range(p.months)]


def split(total: int, weights) -> np.ndarray:
    """``total`` split in proportion to ``weights`` into whole numbers that add up to it exactly."""
    w = np.asarray(weights, dtype=float)
    exact = total * w / w.sum()
    whole = np.floor(exact).astype("int64")
    short = total - whole.sum()
    whole[np.argsort(-(exact - whole), kind="stable")[:short]] += 1
    return whole


def seasonal(n: int, amplitude: float = 0.08, peak: int = 6) -> np.ndarray:
    """Month weights with a gentle yearly cycle peaking in month ``peak`` of the span."""
    return 1 + amplitude * np.cos(2 * np.pi * (np.arange(n) - peak) / 12)


def per_month(total: int, period: str, amplitude: float = 0.08) -> tuple[list[date], np.ndarray]:
    firsts = months(period)
    return firsts, split(total, seasonal(len(firsts), amplitude))


def exact_labels(rng: np.random.Generator, counts: dict) -> np.ndarray:
    """An array holding each label exactly its count of times, in random order."""
    values = np.repeat(np.array(list(counts), dtype=object), [int(c) for c in counts.values()])
    return rng.permutation(values)


def times_in_months(rng: np.random.Generator, firsts: list[date], counts, *, margin_s: int = 3600) -> np.ndarray:
    """Random times (seconds) inside each month, ``counts[i]`` of them in month i, sorted.

    ``margin_s`` keeps times that far from the month's edges, so an event timed a little before or
    after one of them stays in the same month.
    """
    starts = np.array([np.datetime64(d, "s") for d in firsts])
    ends = np.array([np.datetime64(add_months(d, 1), "s") for d in firsts])
    lengths = (ends - starts).astype("int64") - 2 * margin_s
    counts = np.asarray(counts, dtype="int64")
    offsets = margin_s + (rng.random(counts.sum()) * np.repeat(lengths, counts)).astype("int64")
    times = np.repeat(starts, counts) + offsets.astype("timedelta64[s]")
    return np.sort(times)


def identifiers(prefix: str, n: int, start: int = 1) -> np.ndarray:
    return np.char.add(prefix, np.char.zfill(np.arange(start, start + n).astype(str), 6))


def write_extract(ctx: DemoContext, schema: str, columns: dict, *, parquet: bool = False) -> Path:
    """Write a force extract for the demo force, named after its schema and marked synthetic."""
    n = len(next(iter(columns.values())))
    table = pa.table({"force": pa.array([DEMO_FORCE] * n), **{k: _arrow(v) for k, v in columns.items()}})
    suffix = "parquet" if parquet else "csv"
    path = ctx.path(f"{schema}-synthetic-{DEMO_FORCE}.{suffix}")
    if parquet:
        pq.write_table(table, path)
    else:
        pacsv.write_csv(table, path)
    return path


def _arrow(values) -> pa.Array:
    values = np.asarray(values)
    if values.dtype == np.dtype("datetime64[D]"):
        return pa.array(values, type=pa.date32())
    if np.issubdtype(values.dtype, np.datetime64):
        mask = np.isnat(values)
        return pa.array(values.astype("datetime64[s]"), type=pa.timestamp("s"), mask=mask)
    if values.dtype == object:
        return pa.array(list(values), from_pandas=True)
    return pa.array(values)
