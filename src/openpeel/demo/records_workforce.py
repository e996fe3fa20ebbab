"""Demo extracts: the establishment of posts and professional development reviews.

Fixed by construction, whatever the seed (from the seed report): on 31 December 2025, 267 of the
419 posts that need a PIP 2 investigator held by one (63.7%) and 52 held by PIP 2 trainees; in the
year ending 31 March 2025, 90.0% of officers and 91.0% of staff had a development review. An
earlier establishment (30 June 2025) shows the fill rate drifting down.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from openpeel.demo._counts import pick, refs, serial
from openpeel.demo._extracts import write_csv

# snapshot -> PIP 2 posts held by accredited investigators, trainees, others; and vacant
PIP2_POSTS = {
    pd.Timestamp("2025-06-30"): {"pip2_accredited": 276, "pip2_trainee": 47, "other": 31, "vacant": 65},
    pd.Timestamp("2025-12-31"): {"pip2_accredited": 267, "pip2_trainee": 52, "other": 30, "vacant": 70},
}
PIP2_ROLES = {
    "Detective constable, CID North": 0.3,
    "Detective constable, CID South": 0.3,
    "Detective constable, Domestic Abuse Investigation Unit": 0.2,
    "Detective constable, Serious Sexual Offences Team": 0.1,
    "Detective sergeant, CID": 0.1,
}
OTHER_ROLES = {
    "Police constable, response": 0.5,
    "Police constable, neighbourhood": 0.2,
    "Investigator, Investigation Hub": 0.15,
    "Police community support officer": 0.15,
}
OTHER_POSTS = 900
REVIEW_YEAR_END = pd.Timestamp("2025-03-31")
REVIEWS = {"officer": (1_300, 1_170), "staff": (1_100, 1_001)}  # employed, with a review


def posts(rng) -> pd.DataFrame:
    frames = []
    for snapshot, holders in PIP2_POSTS.items():
        holder = np.repeat(list(holders), list(holders.values()))
        pip2 = pd.DataFrame({"holder": rng.permutation(holder), "pip2_post": True})
        pip2["role"] = pick(rng, PIP2_ROLES, len(pip2))
        other = pd.DataFrame(
            {"holder": np.where(rng.random(OTHER_POSTS) < 0.06, "vacant", "other"), "pip2_post": False}
        )
        other["role"] = pick(rng, OTHER_ROLES, OTHER_POSTS)
        frame = pd.concat([pip2, other], ignore_index=True)
        frame.insert(0, "snapshot_date", snapshot)
        frame.insert(1, "post_ref", serial(len(frame), "POST-", 5))
        frame["post_fte"] = 1.0
        frame["holder_fte"] = np.where(frame.holder == "vacant", 0.0, 1.0)
        frames.append(frame[["snapshot_date", "post_ref", "role", "pip2_post", "post_fte", "holder", "holder_fte"]])
    return pd.concat(frames, ignore_index=True)


def reviews(rng) -> pd.DataFrame:
    frames = []
    for group, (employed, reviewed) in REVIEWS.items():
        had = np.zeros(employed, dtype=bool)
        had[rng.choice(employed, reviewed, replace=False)] = True
        day = REVIEW_YEAR_END - pd.to_timedelta(rng.integers(0, 365, employed), unit="D")
        frames.append(pd.DataFrame({"workforce_group": group, "pdr_completed_on": np.where(had, day, pd.NaT)}))
    frame = pd.concat(frames, ignore_index=True)
    frame.insert(0, "year_ending", REVIEW_YEAR_END)
    frame.insert(1, "person_ref", refs("E-", rng.permutation(np.arange(10_000, 10_000 + len(frame))), 5))
    return frame


def generate(ctx) -> list[Path]:
    rng = ctx.rng("workforce")
    return [
        write_csv(ctx, "workforce_posts", posts(rng), dates=("snapshot_date",)),
        write_csv(ctx, "development_reviews", reviews(rng), dates=("year_ending", "pdr_completed_on")),
    ]
