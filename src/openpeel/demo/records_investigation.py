"""Demo extracts: arrests and pre-charge bail, wanted people, and digital forensic submissions.

Fixed by construction, whatever the seed (from the seed report):

- 14,999 arrests in the year ending September 2025 and 1,423 bails lapsing into release under
  investigation in it (94.9 per 1,000 arrests);
- 730 people listed as wanted on the PNC for over six months on 5 June 2024 and 729 on 30 May 2025;
  1,420 wanted only locally on 4 March 2024 and 945 on 31 May 2025 (the PNC and local lists come
  from separate systems, so each snapshot holds one kind);
- 490 devices waiting for tier 3 examination at the end of January 2026, and month-end queues in
  2025 averaging 560.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from openpeel.demo._counts import over_months, refs, serial
from openpeel.demo._extracts import write_csv

BAIL_EXTRACT_END = pd.Timestamp("2025-09-30")  # the bail sergeants' "today"
FORENSICS_EXTRACT_END = pd.Timestamp("2026-01-31")
BAIL_YEAR = (pd.Timestamp("2024-10-01"), pd.Timestamp("2025-09-30"))
ARRESTS_IN_YEAR = 14_999
LAPSES_IN_YEAR = 1_423
OFFICERS = 480

# snapshot day -> (on the PNC?, listed more than six months, listed more recently)
WANTED_SNAPSHOTS = {
    date(2024, 3, 4): (False, 1_040, 380),  # 1,420 wanted only locally
    date(2024, 6, 5): (True, 730, 236),
    date(2025, 5, 30): (True, 729, 251),
    date(2025, 5, 31): (False, 690, 255),  # 945 wanted only locally
}

# Tier 3 devices waiting at each month end from December 2024 to January 2026: 2025 averages 560.
TIER3_QUEUE = [600, 595, 590, 585, 580, 575, 565, 560, 555, 545, 535, 520, 515, 490]
TIER3_FIRST_QUEUE_MONTH = pd.Timestamp("2024-12-01")


def _random_days(rng, starts: pd.DatetimeIndex | np.ndarray, spans) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(starts) + pd.to_timedelta(rng.integers(0, spans), unit="D")


def arrests_and_bail(rng) -> pd.DataFrame:
    months = pd.date_range("2024-07-01", BAIL_EXTRACT_END, freq="MS")
    in_year = (months >= BAIL_YEAR[0]) & (months <= BAIL_YEAR[1])
    per_month = np.where(in_year, 0, rng.integers(1_150, 1_350, len(months)))
    per_month[in_year] = over_months(ARRESTS_IN_YEAR)
    month = np.repeat(months.to_numpy(), per_month)
    days = (pd.DatetimeIndex(month) + pd.offsets.MonthBegin(1) - pd.DatetimeIndex(month)).days.to_numpy()
    arrested = _random_days(rng, month, days) + pd.to_timedelta(rng.integers(0, 24 * 60, len(month)), unit="min")
    n = len(arrested)
    bailed = rng.random(n) < 0.28
    start = arrested.normalize() + pd.to_timedelta((arrested.hour >= 20).astype(int), unit="D")
    no_date = bailed & (rng.random(n) < 0.006)
    due = start + pd.to_timedelta(rng.integers(21, 91, n), unit="D")
    settled = bailed & ~no_date & (due <= BAIL_EXTRACT_END)
    # exactly the planned lapses among bails due in the year; about the same rate outside it
    due_in_year = settled & (due >= BAIL_YEAR[0]) & (due <= BAIL_YEAR[1])
    lapsed = np.zeros(n, dtype=bool)
    lapsed[rng.choice(np.flatnonzero(due_in_year), LAPSES_IN_YEAR, replace=False)] = True
    rate = LAPSES_IN_YEAR / due_in_year.sum()
    lapsed |= settled & ~due_in_year & (rng.random(n) < rate)
    officers = serial(OFFICERS, "OIC-", 4)
    weights = 1.0 / np.arange(1, OFFICERS + 1) ** 0.3  # some officers carry more cases than others
    frame = pd.DataFrame(
        {
            "arrested_at": arrested,
            "suspect_ref": refs("P-", rng.integers(100_000, 999_999, n), 6),
            "officer_ref": np.where(bailed, rng.choice(officers, n, p=weights / weights.sum()), None),
            "bail_start": np.where(bailed, start, pd.NaT),
            "bail_due": np.where(bailed & ~no_date, due, pd.NaT),
            "answered_on": np.where(settled & ~lapsed, due, pd.NaT),
            "lapsed_on": np.where(lapsed, due, pd.NaT),
        }
    ).sort_values("arrested_at", ignore_index=True)
    frame.insert(0, "arrest_ref", serial(n, "CU-", 6))
    return frame


def wanted_people(rng) -> pd.DataFrame:
    frames = []
    for day, (on_pnc, long, recent) in WANTED_SNAPSHOTS.items():
        snapshot = pd.Timestamp(day)
        six_months = snapshot - pd.DateOffset(months=6)
        long_since = six_months - pd.to_timedelta(rng.integers(2, 5 * 365, long), unit="D")
        recent_since = six_months + pd.to_timedelta(rng.integers(2, (snapshot - six_months).days - 1, recent), unit="D")
        since = pd.DatetimeIndex(np.concatenate([long_since, recent_since])).sort_values()
        frames.append(
            pd.DataFrame(
                {
                    "snapshot_date": snapshot,
                    "wanted_ref": refs(f"{'PNC' if on_pnc else 'LOC'}-{day:%y%m%d}-", np.arange(len(since)), 4),
                    "person_ref": refs("P-", rng.integers(100_000, 999_999, len(since)), 6),
                    "on_pnc": on_pnc,
                    "wanted_since": since,
                    "reason": rng.choice(
                        ["suspect", "court_warrant", "breach_of_bail", "forensic_identification", "recall"],
                        len(since),
                        p=[0.55, 0.2, 0.1, 0.1, 0.05],
                    ),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def digital_submissions(rng) -> pd.DataFrame:
    """Tier 3 devices queued first in, first out so each month end holds the planned queue."""
    months = pd.date_range("2023-01-01", FORENSICS_EXTRACT_END, freq="MS")
    first_queue = months.get_loc(TIER3_FIRST_QUEUE_MONTH)
    arrivals = rng.integers(25, 36, len(months))
    # planned queue at every month end: rising to December 2024, then the seed's figures
    queue = np.concatenate([np.linspace(420, TIER3_QUEUE[0], first_queue + 1)[:-1].round(), TIER3_QUEUE]).astype(int)
    opening = 400  # devices already waiting at the start of 2023
    examined = np.concatenate([[opening], queue[:-1]]) + arrivals - queue
    if (examined < 0).any():
        raise RuntimeError("the planned tier 3 queue needs more arrivals")
    days_in = (months + pd.offsets.MonthBegin(1) - months).days.to_numpy()
    opening_days = pd.Timestamp("2021-06-01") + pd.to_timedelta(np.sort(rng.integers(0, 579, opening)), unit="D")
    month_of = np.repeat(np.arange(len(months)), arrivals)
    arrival_days = months[month_of] + pd.to_timedelta(rng.integers(0, days_in[month_of]), unit="D")
    # within a month, devices arrive in date order; the queue is worked oldest first
    submitted = pd.DatetimeIndex(np.concatenate([opening_days, np.sort(arrival_days)]))
    exam_month = np.searchsorted(np.cumsum(examined), np.arange(len(submitted)), side="right")
    done = exam_month < len(months)
    exam_start = np.maximum(months[np.minimum(exam_month, len(months) - 1)], submitted)
    month_end = months[np.minimum(exam_month, len(months) - 1)] + pd.offsets.MonthEnd(0)
    spare = (month_end - exam_start).days.to_numpy()
    exam_day = exam_start + pd.to_timedelta(rng.integers(0, spare + 1), unit="D")
    tier3 = pd.DataFrame({"tier": "3", "submitted_on": submitted, "examined_on": np.where(done, exam_day, pd.NaT)})
    # tiers 1 and 2 are examined within days or weeks and never queue
    fast = int(len(months) * 22)
    fast_month = rng.integers(0, len(months), fast)
    fast_submitted = months[fast_month] + pd.to_timedelta(rng.integers(0, days_in[fast_month]), unit="D")
    tier = rng.choice(["1", "2"], fast, p=[0.4, 0.6])
    fast_examined = fast_submitted + pd.to_timedelta(
        np.where(tier == "1", rng.integers(0, 2, fast), rng.integers(3, 40, fast)), unit="D"
    )
    fast_frame = pd.DataFrame(
        {
            "tier": tier,
            "submitted_on": fast_submitted,
            "examined_on": np.where(fast_examined <= FORENSICS_EXTRACT_END, fast_examined, pd.NaT),
        }
    )
    frame = pd.concat([tier3, fast_frame]).sort_values("submitted_on", ignore_index=True)
    frame.insert(0, "device_ref", serial(len(frame), "DF-", 5))
    return frame


def generate(ctx) -> list[Path]:
    rng = ctx.rng("bail, wanted people and digital forensics")
    return [
        write_csv(
            ctx,
            "pre_charge_bail",
            arrests_and_bail(rng),
            dates=("bail_start", "bail_due", "answered_on", "lapsed_on"),
            times=("arrested_at",),
        ),
        write_csv(ctx, "wanted_people", wanted_people(rng), dates=("snapshot_date", "wanted_since")),
        write_csv(ctx, "digital_forensic_submissions", digital_submissions(rng), dates=("submitted_on", "examined_on")),
    ]
