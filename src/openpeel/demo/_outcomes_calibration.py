"""The demo force's crime outcomes, fixed by design before any record is written.

Outcomes assigned from October 2022 to September 2025 are set as whole-year counts per crime group
and outcome category for three years (each ending in September), then spread over the months of
each year. The counts are chosen so the records reproduce the seed report:

- victim-based crime, year ending September 2025: unresolved 85.8%, resolved 3.1%, positive 11.2%
  (charged or summonsed 8.8%, cautions 0.8%, taken into consideration 0.1%, community resolution
  1.4%), and close to 11.2% in every rolling year since the year ending December 2023;
- robbery 6.6% positive (7.6% two years before), rape 5.7% (7.1%), violence with injury 12.8%
  (15.8%), with its charge rate falling after the year ending March 2025.

The national figures for the other forces are built around the rolling-year mixes computed here,
so both generators agree by construction.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from openpeel.demo._counts import over_months
from openpeel.periods import add_months

FIRST_MONTH = date(2022, 10, 1)
MONTHS = [add_months(FIRST_MONTH, i) for i in range(36)]
CATEGORIES = ("charged", "caution", "tic", "community_resolution", "resolved", "other", "unresolved")
POSITIVE_PARTS = CATEGORIES[:4]
MEASURES = (*CATEGORIES, "positive")

SPECIAL_GROUPS = ("robbery", "rape", "violence_with_injury")
GROUPS = (*SPECIAL_GROUPS, "other_victim_based", "society")  # the groups records are written for

# Outcomes assigned a year, per group; other victim-based crime is what victim-based crime leaves.
PER_YEAR = {"robbery": 500, "rape": 1_000, "violence_with_injury": 6_000, "society": 6_000}
VICTIM_BASED_PER_YEAR = 40_000
PER_YEAR["other_victim_based"] = VICTIM_BASED_PER_YEAR - sum(PER_YEAR[g] for g in SPECIAL_GROUPS)

# Percent of a group's outcomes in each category (unresolved takes the rest), for the years ending
# September 2023, 2024 and 2025.
SHARES = {
    "victim_based": (
        dict(charged=8.90, caution=0.85, tic=0.12, community_resolution=1.43, resolved=3.10, other=0.03),
        dict(charged=8.85, caution=0.83, tic=0.12, community_resolution=1.40, resolved=3.08, other=0.02),
        dict(charged=8.82, caution=0.82, tic=0.12, community_resolution=1.40, resolved=3.06, other=0.02),
    ),
    "robbery": (
        dict(charged=6.0, caution=0.4, tic=0.0, community_resolution=1.2, resolved=2.0, other=0.0),
        dict(charged=5.6, caution=0.4, tic=0.0, community_resolution=1.2, resolved=2.0, other=0.0),
        dict(charged=5.2, caution=0.4, tic=0.0, community_resolution=1.0, resolved=2.0, other=0.0),
    ),
    "rape": (
        dict(charged=6.9, caution=0.2, tic=0.0, community_resolution=0.0, resolved=4.0, other=0.0),
        dict(charged=6.2, caution=0.2, tic=0.0, community_resolution=0.0, resolved=4.0, other=0.0),
        dict(charged=5.5, caution=0.2, tic=0.0, community_resolution=0.0, resolved=4.0, other=0.0),
    ),
    "violence_with_injury": (
        dict(charged=9.8, caution=1.6, tic=0.0, community_resolution=4.4, resolved=3.0, other=0.1),
        dict(charged=8.0, caution=1.5, tic=0.0, community_resolution=4.9, resolved=3.0, other=0.1),
        dict(charged=6.0, caution=1.5, tic=0.0, community_resolution=5.3, resolved=3.0, other=0.1),
    ),
    "society": tuple(
        dict(charged=25.0, caution=5.0, tic=0.5, community_resolution=8.0, resolved=6.0, other=10.0) for _ in range(3)
    ),
}


def _counts(shares: dict[str, float], outcomes: int) -> np.ndarray:
    """Whole counts per category (unresolved last, the rest of the outcomes)."""
    exact = np.array([shares[c] * outcomes / 100 for c in CATEGORIES[:-1]])
    counts = np.round(exact).astype(int)
    if not np.allclose(exact, counts):
        raise ValueError(f"shares {shares} do not give whole counts of {outcomes} outcomes")
    return np.append(counts, outcomes - counts.sum())


def annual_counts() -> dict[str, np.ndarray]:
    """Per group: an array of 3 years x 7 categories of outcome counts."""
    years = {g: np.array([_counts(s, PER_YEAR[g]) for s in SHARES[g]]) for g in (*SPECIAL_GROUPS, "society")}
    victim_based = np.array([_counts(s, VICTIM_BASED_PER_YEAR) for s in SHARES["victim_based"]])
    years["other_victim_based"] = victim_based - sum(years[g] for g in SPECIAL_GROUPS)
    if (years["other_victim_based"] < 0).any():
        raise ValueError("victim-based counts are smaller than their parts")
    return years


def monthly_counts() -> dict[str, np.ndarray]:
    """Per group: an array of 36 months x 7 categories of outcome counts (unresolved takes the rest)."""
    result = {}
    for group, years in annual_counts().items():
        rows = []
        for year in years:
            spread = np.stack([over_months(int(n)) for n in year[:-1]], axis=1)
            whole = over_months(int(year.sum()))
            rows.append(np.column_stack([spread, whole - spread.sum(axis=1)]))
        result[group] = np.vstack(rows)
    return result


def rolling_year_mix(group: str, year_end: date) -> dict[str, float]:
    """Percent of outcomes per measure in the twelve months ending ``year_end`` (a first of month).

    ``group`` is one of the special groups or ``victim_based``.
    """
    months = monthly_counts()
    parts = [months[g] for g in (*SPECIAL_GROUPS, "other_victim_based")] if group == "victim_based" else [months[group]]
    last = MONTHS.index(year_end)
    if last < 11:
        raise ValueError(f"the demo's outcomes start in {FIRST_MONTH:%B %Y}")
    counts = sum(p[last - 11 : last + 1].sum(axis=0) for p in parts)
    mix = dict(zip(CATEGORIES, 100.0 * counts / counts.sum()))
    mix["positive"] = sum(mix[p] for p in POSITIVE_PARTS)
    return mix
