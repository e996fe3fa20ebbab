"""Demo extracts: missing-person reports in two systems, Operation Encompass notifications and the
force area's school closures.

The seed report gives no rate for either, only that some missing reports never reach the
missing-persons system and that schools are told up to 72 hours late; the demo fixes, whatever the
seed, 360 of the 3,000 missing reports in the year ending September 2025 never transferred (12.0%)
and 1,464 of 2,400 Encompass notifications in time (61.0%). Some reports are transferred twice.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from openpeel.demo._counts import over_months, pick, refs, serial
from openpeel.demo._extracts import write_csv
from openpeel.school_days import SCHOOL_DAY_STARTS_HOUR, bank_holidays

YEAR_MONTHS = pd.date_range("2024-10-01", "2025-09-01", freq="MS")
MISSING_REPORTS = 3_000
NEVER_TRANSFERRED = 360
TRANSFERRED_TWICE = 45
CASES_WITHOUT_INCIDENT = 40
NOTIFICATIONS = 2_400
IN_TIME = 1_464
SCHOOL_CLOSURES = {  # synthetic term dates for the force area: first and last weekday closed
    "autumn half term": [(date(2024, 10, 28), date(2024, 11, 1)), (date(2025, 10, 27), date(2025, 10, 31))],
    "Christmas holidays": [(date(2024, 12, 23), date(2025, 1, 3)), (date(2025, 12, 22), date(2026, 1, 2))],
    "spring half term": [(date(2025, 2, 17), date(2025, 2, 21))],
    "Easter holidays": [(date(2025, 4, 7), date(2025, 4, 17))],
    "summer half term": [(date(2025, 5, 27), date(2025, 5, 30))],
    "summer holidays": [(date(2025, 7, 23), date(2025, 9, 2))],
    "staff training day": [(date(2024, 9, 2), date(2024, 9, 2)), (date(2025, 6, 27), date(2025, 6, 27))],
}


def _times(rng, count_per_month: np.ndarray, hour_weights=None) -> pd.DatetimeIndex:
    month = np.repeat(YEAR_MONTHS.to_numpy(), count_per_month)
    days = (pd.DatetimeIndex(month) + pd.offsets.MonthBegin(1) - pd.DatetimeIndex(month)).days.to_numpy()
    hours = rng.integers(0, 24, len(month)) if hour_weights is None else rng.choice(24, len(month), p=hour_weights)
    offset = pd.to_timedelta(rng.integers(0, days), unit="D") + pd.to_timedelta(
        hours * 60 + rng.integers(0, 60, len(month)), unit="min"
    )
    return (pd.DatetimeIndex(month) + offset).sort_values()


def missing_reports(rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    reported = _times(rng, over_months(MISSING_REPORTS))
    n = len(reported)
    reports = pd.DataFrame(
        {
            "incident_ref": refs("INC-" + reported.strftime("%Y%m%d") + "-", np.arange(n), 4),
            "reported_at": reported,
            "age_group": np.where(rng.random(n) < 0.55, "child", "adult"),
        }
    )
    lost = np.zeros(n, dtype=bool)
    lost[rng.choice(n, NEVER_TRANSFERRED, replace=False)] = True
    reports["returned_during_call"] = np.where(lost, rng.random(n) < 0.7, rng.random(n) < 0.05)
    moved = reports[~lost]
    twice = moved.sample(TRANSFERRED_TWICE, random_state=rng)
    opened = np.concatenate(
        [
            moved.reported_at + pd.to_timedelta(rng.integers(10, 120, len(moved)), unit="min"),
            twice.reported_at + pd.to_timedelta(rng.integers(24 * 60, 72 * 60, len(twice)), unit="min"),
        ]
    )
    cases = pd.DataFrame(
        {
            "incident_ref": np.concatenate([moved.incident_ref, twice.incident_ref]),
            "opened_at": opened,
            "age_group": np.concatenate([moved.age_group, twice.age_group]),
        }
    )
    direct = pd.DataFrame(
        {
            "incident_ref": None,
            "opened_at": _times(rng, over_months(CASES_WITHOUT_INCIDENT)),
            "age_group": rng.choice(["child", "adult"], CASES_WITHOUT_INCIDENT),
        }
    )
    cases = pd.concat([cases, direct]).sort_values("opened_at", ignore_index=True)
    m = len(cases)
    cases.insert(0, "case_ref", serial(m, "MP-", 5))
    cases["risk_grade"] = pick(rng, {"no_apparent_risk": 0.15, "low": 0.35, "medium": 0.4, "high": 0.1}, m)
    told = rng.random(m) < 0.85
    cases["social_care_notified"] = np.where(cases.age_group == "child", np.where(told, "true", "false"), None)
    return reports, cases


def non_school_days() -> pd.DataFrame:
    rows = []
    for reason, spans in SCHOOL_CLOSURES.items():
        for first, last in spans:
            days = pd.bdate_range(first, last)
            rows += [(d.date(), reason) for d in days]
    return pd.DataFrame(rows, columns=["closed_on", "reason"]).sort_values("closed_on", ignore_index=True)


def next_school_day(days: pd.Series, closed: pd.DataFrame) -> pd.Series:
    """The first weekday after each day that is neither a bank holiday nor a listed closure.

    The same rule as :mod:`openpeel.school_days` (which runs it in the database), here in numpy
    to place the demo's notifications either side of their deadlines.
    """
    holidays = [d for y in range(2023, 2028) for d in bank_holidays(y)] + list(closed.closed_on)
    start = days.to_numpy().astype("datetime64[D]")
    return pd.Series(np.busday_offset(start, 1, roll="backward", holidays=holidays), index=days.index)


def encompass(rng, closed: pd.DataFrame) -> pd.DataFrame:
    evening = np.array([1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 5, 6, 7, 7, 6, 4, 2], dtype=float)
    incident = _times(rng, over_months(NOTIFICATIONS), evening / evening.sum())
    frame = pd.DataFrame({"incident_at": incident})
    next_day = pd.to_datetime(next_school_day(incident.normalize().to_series(index=frame.index), closed))
    deadline = next_day + pd.Timedelta(hours=SCHOOL_DAY_STARTS_HOUR)
    gap_hours = ((deadline - frame.incident_at).dt.total_seconds() / 3600).to_numpy()
    # the late ones are drawn from notifications due within four days, so none waits weeks
    late = np.zeros(len(frame), dtype=bool)
    late[rng.choice(np.flatnonzero(gap_hours <= 96), NOTIFICATIONS - IN_TIME, replace=False)] = True
    in_time_hours = rng.uniform(0.5, np.minimum(gap_hours - 0.25, 72))
    late_hours = gap_hours + rng.uniform(0.25, np.maximum(72 - gap_hours, 2))
    frame["school_notified_at"] = frame.incident_at + pd.to_timedelta(
        np.where(late, late_hours, in_time_hours), unit="h"
    )
    frame["school_notified_at"] = frame.school_notified_at.dt.floor("min")
    frame.insert(0, "notification_ref", serial(len(frame), "OE-", 5))
    frame.insert(1, "incident_ref", refs("DA-" + frame.incident_at.dt.strftime("%Y%m%d") + "-", frame.index, 4))
    return frame


def generate(ctx) -> list[Path]:
    rng = ctx.rng("missing persons and Operation Encompass")
    reports, cases = missing_reports(rng)
    closed = non_school_days()
    return [
        write_csv(ctx, "missing_control_reports", reports, times=("reported_at",)),
        write_csv(ctx, "missing_person_cases", cases, times=("opened_at",)),
        write_csv(ctx, "non_school_days", closed),
        write_csv(ctx, "encompass_notifications", encompass(rng, closed), times=("incident_at", "school_notified_at")),
    ]
