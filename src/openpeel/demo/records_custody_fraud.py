"""Demo extracts: custody detentions and a snapshot of live fraud investigations.

Fixed by construction, whatever the seed (from the seed report): 75 of the 84 use-of-force forms
expected for detentions in the year ending September 2025 received; children held longer than
adults (median 14.5 hours against 11.0; the report gives no figures, only the order); 40 of the
120 live fraud investigations on 20 October 2025 outside specialist teams more than 28 days after
allocation.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import norm

from openpeel.demo._counts import refs, serial
from openpeel.demo._extracts import write_csv

YEAR = (pd.Timestamp("2024-10-01"), pd.Timestamp("2025-10-01"))
# age group -> (detentions, median hours, spread of log hours); odd counts so the median is one detention
DETENTIONS = {"adult": (10_401, 11.0, 0.6), "child": (519, 14.5, 0.5)}
FORMS_EXPECTED_ONE, FORMS_EXPECTED_TWO = 36, 24  # 84 forms
FORMS_MISSING = 9
REVIEW_MISSED_SHARE = 0.02
FRAUD_SNAPSHOT = pd.Timestamp("2025-10-20")
FRAUD = {"specialist": 62, "non_specialist_late": 40, "non_specialist_recent": 18}
FRAUD_TEAMS = {
    "specialist": ["Economic Crime Unit", "Fraud Investigation Team"],
    "non_specialist": ["Investigation Hub North", "Investigation Hub South", "Response North", "CID South"],
}


def _minutes_in_custody(rng, count: int, median_hours: float, spread: float) -> np.ndarray:
    """Durations whose middle value is exactly the median, from even quantiles of a log-normal."""
    z = norm.ppf((np.arange(count) + 0.5) / count)
    minutes = np.round(median_hours * 60 * np.exp(spread * z)).astype(int)
    return rng.permutation(np.maximum(minutes, 20))


def detentions(rng) -> pd.DataFrame:
    frames = []
    for age_group, (count, median, spread) in DETENTIONS.items():
        span = int((YEAR[1] - YEAR[0]) / pd.Timedelta(minutes=1))
        authorised = YEAR[0] + pd.to_timedelta(rng.integers(0, span, count), unit="min")
        minutes = _minutes_in_custody(rng, count, median, spread)
        frames.append(
            pd.DataFrame(
                {
                    "age_group": age_group,
                    "authorised_at": authorised,
                    "released_at": authorised + pd.to_timedelta(minutes, unit="min"),
                }
            )
        )
    frame = pd.concat(frames).sort_values("authorised_at", ignore_index=True)
    n = len(frame)
    frame.insert(0, "detention_ref", serial(n, "CU-25-", 6))
    hours = (frame.released_at - frame.authorised_at).dt.total_seconds() / 3600
    # PACE: the first review within 6 hours of authorisation, then every 9 hours
    due = np.where(hours < 6, 0, 1 + ((hours - 6) // 9)).astype(int)
    missed = (due > 0) & (rng.random(n) < REVIEW_MISSED_SHARE)
    frame["reviews_due"] = due
    frame["reviews_done"] = due - missed
    expected = np.zeros(n, dtype=int)
    with_force = rng.choice(n, FORMS_EXPECTED_ONE + FORMS_EXPECTED_TWO, replace=False)
    expected[with_force[:FORMS_EXPECTED_ONE]] = 1
    expected[with_force[FORMS_EXPECTED_ONE:]] = 2
    received = expected.copy()
    received[rng.choice(with_force, FORMS_MISSING, replace=False)] -= 1
    frame["uof_forms_expected"] = expected
    frame["uof_forms_received"] = received
    return frame


def fraud_investigations(rng) -> pd.DataFrame:
    days = np.concatenate(
        [
            rng.integers(3, 400, FRAUD["specialist"]),
            rng.integers(29, 300, FRAUD["non_specialist_late"]),
            rng.integers(0, 29, FRAUD["non_specialist_recent"]),
        ]
    )
    team_type = np.repeat(["specialist", "non_specialist", "non_specialist"], list(FRAUD.values()))
    team = np.where(
        team_type == "specialist",
        rng.choice(FRAUD_TEAMS["specialist"], len(days)),
        rng.choice(FRAUD_TEAMS["non_specialist"], len(days)),
    )
    frame = pd.DataFrame(
        {
            "snapshot_date": FRAUD_SNAPSHOT,
            "team_type": team_type,
            "team": team,
            "allocated_on": FRAUD_SNAPSHOT - pd.to_timedelta(days, unit="D"),
        }
    )
    frame = frame.sample(frac=1, random_state=rng).sort_values("allocated_on", ignore_index=True)
    frame.insert(1, "investigation_ref", refs("NP-" + frame.allocated_on.dt.strftime("%y") + "-F", frame.index, 4))
    return frame


def generate(ctx) -> list[Path]:
    rng = ctx.rng("custody and fraud")
    return [
        write_csv(ctx, "custody_detentions", detentions(rng), times=("authorised_at", "released_at")),
        write_csv(ctx, "fraud_investigations", fraud_investigations(rng), dates=("snapshot_date", "allocated_on")),
    ]
