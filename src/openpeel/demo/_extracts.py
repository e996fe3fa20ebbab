"""Writing the demo force's extracts the way a force's performance team would send them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from openpeel.demo import DEMO_FORCE


def _as_text(frame: pd.DataFrame, dates=(), times=()) -> pd.DataFrame:
    frame = frame.copy()
    for column in dates:
        frame[column] = pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%d")
    for column in times:
        frame[column] = pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%dT%H:%M:%S")
    frame.insert(0, "force", DEMO_FORCE)
    return frame


def write_csv(ctx, schema: str, frame: pd.DataFrame, *, dates=(), times=()) -> Path:
    """A CSV extract named after its schema, with a ``force`` column; dates as YYYY-MM-DD."""
    path = ctx.path(f"{schema}-{DEMO_FORCE}-synthetic.csv")
    _as_text(frame, dates, times).to_csv(path, index=False)
    return path


def write_parquet(ctx, schema: str, frame: pd.DataFrame, *, dates=(), times=()) -> Path:
    """A Parquet extract (for the big ones), typed as text except true/false columns."""
    path = ctx.path(f"{schema}-{DEMO_FORCE}-synthetic.parquet")
    frame = _as_text(frame, dates, times)
    frame.astype({c: "string" for c in frame.columns if frame[c].dtype != bool}).to_parquet(path, index=False)
    return path
