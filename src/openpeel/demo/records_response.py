"""The demo force's 999 and 101 call extracts and its incident extracts (synthetic).

Placed exactly, from the seed report:

- 999 calls in the year to January 2026: 146,300 (178 per 1,000 of the 822,000 residents), 135,913
  of them answered within 10 seconds (92.9%);
- 101 calls: 169,300 in the year to September 2025 (206 per 1,000), 12.9% of the calls in the year to
  December 2025 abandoned;
- attended grade 1 incidents in 2025: 2,940 of 6,000 urban ones within 15 minutes (49%) and 1,180 of
  2,000 rural ones within 20 minutes (59%), some of them raised to grade 1 or downgraded after the
  first arrival; grade 1 incidents downgraded before anyone arrived or never attended are extra.

Earlier years of the 999 figures and the seed's older 101 figure come as published figures (see
twin_figures_powers_response); record-level data is made only for the months the figures need.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from openpeel.demo import DemoContext
from openpeel.demo._calibration import (
    exact_labels,
    identifiers,
    per_month,
    split,
    times_in_months,
    write_extract,
)

CALLS_999 = dict(window="2025-02:2026-01", calls=146_300, within_10s=135_913, abandoned=260)
# 101 calls per span of months (each a year ending in September, then the last quarter of 2025)
CALLS_101 = {"2023-10:2024-09": 175_000, "2024-10:2025-09": 169_300, "2025-10:2025-12": 42_300}
# abandoned share per run of months; 2025 as a whole is the seed's 12.9%
ABANDONED_101 = {"2023-10:2023-12": 0.24, "2024-01:2024-09": 0.19, "2024-10:2024-12": 0.15, "2025-01:2025-12": 0.129}
CALLBACK_101 = 0.03

INCIDENT_YEAR = "2025-01:2025-12"
EXTRACT_TAKEN = np.datetime64("2026-01-01T00:00:00")
TARGET_MINUTES = {"urban": 15, "rural": 20}
GRADE1_ATTENDED = {"urban": (6000, 2940), "rural": (2000, 1180)}  # attended, on target
# within the attended grade 1 incidents: raised to grade 1 before arrival, downgraded after it
REGRADED = {"urban": (140, 80), "rural": (50, 30)}
OTHER_INCIDENTS = {
    "g1_downgraded_before_arrival": 300,
    "g1_not_attended": 120,
    "grade2": 16_000,
    "grade3": 14_000,
    "grade4": 10_000,
}
PERSISTENT_CALLERS = 10
REVIEW_RECORDED = {12: 0.82, 24: 0.78}  # chance a due re-assessment is recorded


def generate(ctx: DemoContext) -> list[Path]:
    rng = ctx.rng("records_response")
    return [_calls_999(ctx, rng), _calls_101(ctx, rng), *_incidents(ctx, rng)]


def _seconds(values) -> np.ndarray:
    return np.asarray(values).astype("int64").astype("timedelta64[s]")


def _calls_999(ctx: DemoContext, rng) -> Path:
    c = CALLS_999
    firsts, per = per_month(c["calls"], c["window"])
    presented = times_in_months(rng, firsts, per, margin_s=60)
    late = c["calls"] - c["within_10s"] - c["abandoned"]
    kind = exact_labels(rng, {"within": c["within_10s"], "late": late, "abandoned": c["abandoned"]})
    # within: 1 to 10 whole seconds (10 counts as within); late: 11 seconds or more
    wait = np.where(
        kind == "within", rng.integers(1, 11, len(kind)), 11 + rng.gamma(1.3, 14, len(kind)).astype("int64")
    )
    answered = presented + _seconds(wait)
    answered[kind == "abandoned"] = np.datetime64("NaT")
    return write_extract(
        ctx,
        "calls_999",
        {
            "call_ref": identifiers("E-", len(presented)),
            "presented_at": presented,
            "answered_at": answered,
        },
        parquet=True,
    )


def _calls_101(ctx: DemoContext, rng) -> Path:
    firsts, per = [], []
    for span, total in CALLS_101.items():
        f, p = per_month(total, span)
        firsts += f
        per.append(p)
    per = np.concatenate(per)
    received = times_in_months(rng, firsts, per, margin_s=60)
    month_of_row = np.repeat(np.array([f"{d:%Y-%m}" for d in firsts]), per)
    outcome = np.empty(len(received), dtype=object)
    for span, share in ABANDONED_101.items():
        start, end = span.split(":")
        rows = np.flatnonzero((month_of_row >= start) & (month_of_row <= end))
        abandoned, callback = round(share * len(rows)), round(CALLBACK_101 * len(rows))
        outcome[rows] = exact_labels(
            rng, {"abandoned": abandoned, "callback": callback, "answered": len(rows) - abandoned - callback}
        )
    n = len(received)
    answered = received + _seconds(5 + rng.gamma(1.2, 150, n))
    ended = received + _seconds(rng.integers(20, 600, n))
    called_back = received + _seconds(rng.integers(600, 10_800, n))
    nat = np.datetime64("NaT")
    return write_extract(
        ctx,
        "calls_101",
        {
            "call_ref": identifiers("N-", n),
            "received_at": received,
            "outcome": outcome,
            "answered_at": np.where(outcome == "answered", answered, nat),
            "ended_at": np.where(outcome != "answered", ended, nat),
            "called_back_at": np.where((outcome == "callback") & (rng.random(n) < 0.97), called_back, nat),
        },
        parquet=True,
    )


def _minutes(rng, low: float, high: float, n: int) -> np.ndarray:
    return _seconds(rng.integers(int(low * 60), int(high * 60) + 1, n))


def _incidents(ctx: DemoContext, rng) -> list[Path]:
    total = sum(a for a, _ in GRADE1_ATTENDED.values()) + sum(OTHER_INCIDENTS.values())
    firsts, per = per_month(total, INCIDENT_YEAR)
    # three hours from the edges of each month, so even a late grade 1 arrival (at most 20 minutes
    # to an upgrade and 30 minutes over target) falls before the extract was taken
    created = times_in_months(rng, firsts, per, margin_s=3 * 3600)
    counts = {f"g1_{area}": attended for area, (attended, _) in GRADE1_ATTENDED.items()} | OTHER_INCIDENTS
    kind = exact_labels(rng, counts)
    n = len(kind)
    nat = np.datetime64("NaT", "s")
    area = np.where(rng.random(n) < 0.75, "urban", "rural").astype(object)
    initial = np.full(n, "1", dtype=object)
    for grade in ("2", "3", "4"):
        initial[kind == f"grade{grade}"] = grade
    grade = initial.copy()
    regraded = np.full(n, nat)
    arrival = np.full(n, nat)

    for where, (attended, on_target) in GRADE1_ATTENDED.items():
        rows = np.flatnonzero(kind == f"g1_{where}")
        area[rows] = where
        raised, down_after = REGRADED[where]
        sub = exact_labels(
            rng, {"raised": raised, "down_after": down_after, "straight": attended - raised - down_after}
        )
        on = exact_labels(rng, {True: on_target, False: attended - on_target}).astype(bool)
        clock = created[rows].copy()
        up = rows[sub == "raised"]
        initial[up] = "2"
        regraded[up] = created[up] + _minutes(rng, 3, 20, len(up))
        clock[sub == "raised"] = regraded[up]
        target = TARGET_MINUTES[where] * 60
        # on target: up to the target itself (exactly on it counts); late: at least a second over
        response = np.where(on, rng.integers(120, target + 1, attended), target + rng.integers(1, 30 * 60, attended))
        arrival[rows] = clock + _seconds(response)
        down = rows[sub == "down_after"]
        grade[down] = "2"
        regraded[down] = arrival[down] + _minutes(rng, 5, 60, len(down))

    before = np.flatnonzero(kind == "g1_downgraded_before_arrival")
    grade[before] = "2"
    regraded[before] = created[before] + _seconds(rng.integers(120, 600, len(before)))
    arrival[before] = regraded[before] + _minutes(rng, 20, 180, len(before))
    for name, chance, low, high in (("grade2", 0.92, 10, 150), ("grade3", 0.55, 120, 3600)):
        rows = np.flatnonzero((kind == name) & (rng.random(n) < chance))
        arrival[rows] = created[rows] + _minutes(rng, low, high, len(rows))

    # closing: after attendance, or after a while for those nobody attended; grade 1 incidents never
    # attended were cancelled within ten minutes
    open_hours = np.select(
        [kind == "g1_not_attended", kind == "grade3", kind == "grade4"],
        [rng.uniform(1 / 60, 1 / 6, n), rng.gamma(1.2, 14, n), rng.gamma(1.1, 20, n)],
        rng.gamma(1.5, 2.5, n),
    )
    start = np.where(np.isnat(arrival), created, arrival)
    closed = start + _seconds(open_hours * 3600 + np.where(kind == "g1_not_attended", 0, 600))
    closed[closed >= EXTRACT_TAKEN] = nat  # still open when the extract was taken
    arrival[arrival >= EXTRACT_TAKEN] = nat

    incident_ids = identifiers("INC-", n)
    paths = [
        write_extract(
            ctx,
            "incidents",
            {
                "incident_ref": incident_ids,
                "created_at": created,
                "initial_grade": initial,
                "grade": grade,
                "regraded_at": regraded,
                "area_type": area,
                "first_arrival_at": arrival,
                "closed_at": closed,
                "caller_ref": _callers(rng, kind, created),
            },
            parquet=True,
        )
    ]
    paths.append(_reassessments(ctx, rng, incident_ids, created, closed, grade))
    return paths


def _callers(rng, kind: np.ndarray, created: np.ndarray) -> np.ndarray:
    """Most callers call once; a few persistent callers are behind many December incidents."""
    n = len(kind)
    callers = np.where(rng.random(n) < 0.7, np.char.add("C-", rng.integers(100_000, 999_999, n).astype(str)), None)
    callers = callers.astype(object)
    december = np.flatnonzero(np.isin(kind, ["grade3", "grade4"]) & (created >= np.datetime64("2025-12-04")))
    chosen = rng.choice(december, 110, replace=False)
    calls = split(110, [20, 16, 14, 12, 11, 10, 9, 7, 6, 5][:PERSISTENT_CALLERS])
    callers[chosen] = np.repeat(np.char.add("C-P", np.arange(1, PERSISTENT_CALLERS + 1).astype(str)), calls)
    return callers


def _reassessments(ctx: DemoContext, rng, ids, created, closed, grade) -> Path:
    """Re-assessments at 12 and 24 hours for incidents still open then; some are missed, and a few
    are recorded early, which does not count."""
    open_until = np.where(np.isnat(closed), EXTRACT_TAKEN, closed)
    rows, times = [], []
    for hours, chance in REVIEW_RECORDED.items():
        point = created + _seconds(hours * 3600)
        due = np.flatnonzero(point < open_until)
        recorded = due[rng.random(len(due)) < chance]
        early = rng.random(len(recorded)) < 0.04
        at = point[recorded] + np.where(
            early, -rng.integers(1800, 5400, len(recorded)), rng.integers(0, 5400, len(recorded))
        ).astype("timedelta64[s]")
        keep = at < open_until[recorded]
        rows.append(recorded[keep])
        times.append(at[keep])
    rows, times = np.concatenate(rows), np.concatenate(times)
    order = np.lexsort((times, rows))
    rows, times = rows[order], times[order]
    return write_extract(
        ctx,
        "incident_reassessments",
        {
            "incident_ref": ids[rows],
            "reassessed_at": times,
            "reviewer_ref": np.char.add("S", rng.integers(4000, 4060, len(rows)).astype(str)),
            "grade_after": grade[rows],
        },
    )
