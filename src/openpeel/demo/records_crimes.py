"""Demo extracts: crimes, their outcomes, and protection notices on domestic abuse crimes.

Outcome counts come whole from :mod:`openpeel.demo._outcomes_calibration`; randomness only decides
detail (which outcome type within a category, the day, the crime type among the rest, how long
before the outcome the crime was recorded). Fixed by construction, whatever the seed:

- 2,154 domestic abuse crimes recorded in July to September 2025 and 112 protection notices
  authorised then (5.2%), 75 orders granted and 13 breaches in those three months;
- 6.0% of the crimes recorded in the year ending September 2025 that were allocated went to a team
  below the accreditation the investigation needs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from openpeel.demo._counts import pick, serial
from openpeel.demo._extracts import write_csv, write_parquet
from openpeel.demo._outcomes_calibration import CATEGORIES, MONTHS, monthly_counts
from openpeel.records.crimes import SOCIETY_TYPES

DA_QUARTER = (date(2025, 7, 1), date(2025, 9, 30))
DA_CRIMES_PER_MONTH_IN_QUARTER = 718  # 2,154 over the quarter
DA_SHARE_OTHER_MONTHS = 0.185
NOTICES_IN_QUARTER = 112
NOTICES_A_MONTH_BEFORE = 37  # October 2024 to June 2025
ORDERS_IN_QUARTER = 75
BREACHES_IN_QUARTER = 13
ALLOCATION_YEAR = (date(2024, 10, 1), date(2025, 9, 30))
ABOVE_ACCREDITATION_SHARE = 0.060
OPEN_CRIMES_LEVEL = 4_000  # crimes recorded a month, topped up with open investigations in the last year

DA_TYPES = [
    "violence_with_injury",
    "violence_without_injury",
    "stalking_and_harassment",
    "rape",
    "other_sexual_offences",
    "criminal_damage_and_arson",
]
OTHER_VICTIM_BASED = {  # crime type -> weight, for victim-based crime other than the three groups
    "violence_without_injury": 0.22,
    "stalking_and_harassment": 0.14,
    "other_sexual_offences": 0.04,
    "theft_from_the_person": 0.02,
    "residential_burglary": 0.06,
    "non_residential_burglary": 0.03,
    "vehicle_offences": 0.08,
    "bicycle_theft": 0.02,
    "shoplifting": 0.14,
    "other_theft": 0.12,
    "criminal_damage_and_arson": 0.125,
    "homicide": 0.0005,
    "death_or_serious_injury_unlawful_driving": 0.0045,
}
SOCIETY = {
    "drug_offences": 0.45,
    "possession_of_weapons": 0.15,
    "public_order_offences": 0.35,
    "miscellaneous_crimes_against_society": 0.05,
}
# Home Office outcome types within each category, with how often each occurs.
TYPES_IN_CATEGORY = {
    "charged": {"1": 1.0},
    "caution": {"2": 0.15, "3": 0.85},
    "tic": {"4": 1.0},
    "community_resolution": {"8": 1.0},
    "resolved": {"5": 0.01, "9": 0.05, "10": 0.15, "20": 0.25, "21": 0.24, "22": 0.30},
    "other": {"6": 1.0},
    "unresolved": {"11": 0.005, "12": 0.005, "13": 0.01, "14": 0.25, "15": 0.20, "16": 0.25, "17": 0.01, "18": 0.27},
}
SOCIETY_OTHER = {"6": 0.3, "7": 0.7}  # penalty notices and cannabis warnings
MEAN_DAYS_TO_OUTCOME = {"robbery": 60, "rape": 220, "violence_with_injury": 50, "other_victim_based": 35, "society": 25}
PIP1_TEAMS = [
    "Response North",
    "Response South",
    "Neighbourhood Northampton",
    "Neighbourhood Kettering",
    "Investigation Hub North",
    "Investigation Hub South",
]
PIP2_TEAMS = ["CID North", "CID South", "Domestic Abuse Investigation Unit", "Serious Sexual Offences Team"]
PIP2_CRIMES = {
    "robbery",
    "rape",
    "violence_with_injury",
    "other_sexual_offences",
    "death_or_serious_injury_unlawful_driving",
}


def _days_in(months: np.ndarray) -> np.ndarray:
    starts = pd.to_datetime(months)
    return (starts + pd.offsets.MonthBegin(1) - starts).days.to_numpy()


def outcome_rows(rng) -> pd.DataFrame:
    """One row per outcome: group, crime type, outcome type and the day assigned."""
    frames = []
    for group, counts in monthly_counts().items():
        cells = np.repeat(np.arange(counts.size), counts.ravel())
        month = np.array(MONTHS, dtype="datetime64[D]")[cells // len(CATEGORIES)]
        category = np.array(CATEGORIES)[cells % len(CATEGORIES)]
        frames.append(pd.DataFrame({"group": group, "category": category, "month": month}))
    rows = pd.concat(frames, ignore_index=True)
    rows["outcome_type"] = ""
    for category, types in TYPES_IN_CATEGORY.items():
        chosen = rows.category == category
        if category == "other":
            society = chosen & (rows.group == "society")
            rows.loc[society, "outcome_type"] = pick(rng, SOCIETY_OTHER, int(society.sum()))
            chosen &= rows.group != "society"
        rows.loc[chosen, "outcome_type"] = pick(rng, types, int(chosen.sum()))
    day = rng.integers(0, _days_in(rows.month.to_numpy()))
    rows["assigned_on"] = rows.month + pd.to_timedelta(day, unit="D")
    rows["crime_type"] = rows.group
    for group, weights in (("other_victim_based", OTHER_VICTIM_BASED), ("society", SOCIETY)):
        chosen = rows.group == group
        rows.loc[chosen, "crime_type"] = pick(rng, weights, int(chosen.sum()))
    mean = rows.group.map(MEAN_DAYS_TO_OUTCOME).to_numpy()
    lag = np.minimum(np.round(rng.exponential(mean)), 720).astype(int)
    rows["recorded_on"] = rows.assigned_on - pd.to_timedelta(lag, unit="D")
    rows["lag"] = lag
    return rows


def open_crimes(rng, recorded: pd.Series) -> pd.DataFrame:
    """Crimes still under investigation, topping recent months up to a steady number recorded."""
    months = pd.date_range("2024-10-01", "2025-09-01", freq="MS")
    have = recorded.dt.to_period("M").value_counts()
    short = np.array([max(0, OPEN_CRIMES_LEVEL - int(have.get(m.to_period("M"), 0))) for m in months])
    month = np.repeat(months.to_numpy(), short)
    day = rng.integers(0, _days_in(month))
    types = {
        **{t: w * 0.87 for t, w in OTHER_VICTIM_BASED.items()},
        **{t: w * 0.13 for t, w in SOCIETY.items()},
        "robbery": 0.012,
        "rape": 0.03,
        "violence_with_injury": 0.15,
    }
    return pd.DataFrame(
        {
            "crime_type": pick(rng, types, len(month)),
            "recorded_on": month + pd.to_timedelta(day, unit="D"),
            "lag": np.nan,
        }
    )


def _flag_domestic_abuse(rng, crimes: pd.DataFrame) -> pd.Series:
    """Exactly the planned number of domestic abuse crimes each month, among the eligible types."""
    month = crimes.recorded_on.dt.to_period("M")
    per_month = month.value_counts()
    target = (per_month * DA_SHARE_OTHER_MONTHS).round().astype(int)
    for m in pd.period_range(DA_QUARTER[0], DA_QUARTER[1], freq="M"):
        target[m] = DA_CRIMES_PER_MONTH_IN_QUARTER
    eligible = crimes.crime_type.isin(DA_TYPES)
    order = pd.Series(rng.random(len(crimes)), index=crimes.index).where(eligible)
    rank = order.groupby(month).rank(method="first")
    flagged = eligible & (rank <= month.map(target))
    quarter = month.between(pd.Period(DA_QUARTER[0], "M"), pd.Period(DA_QUARTER[1], "M"))
    if int(flagged[quarter].sum()) != 3 * DA_CRIMES_PER_MONTH_IN_QUARTER:
        raise RuntimeError("not enough eligible crimes to flag the planned domestic abuse crimes")
    return flagged


def _allocate(rng, crimes: pd.DataFrame) -> pd.DataFrame:
    required = np.where(
        crimes.crime_type == "homicide", "pip3", np.where(crimes.crime_type.isin(PIP2_CRIMES), "pip2", "pip1")
    )
    screened_out = (crimes.outcome_type == "18") & (crimes.lag <= 10)  # closed before anyone was allocated
    team = np.where(
        required == "pip3",
        "Major Crime",
        np.where(required == "pip2", rng.choice(PIP2_TEAMS, len(crimes)), rng.choice(PIP1_TEAMS, len(crimes))),
    )
    level = np.where(required == "pip3", "pip3", np.where(required == "pip2", "pip2", "pip1"))
    # a planned share of allocated investigations goes to a PIP 1 team though it needs PIP 2
    in_year = crimes.recorded_on.between(pd.Timestamp(ALLOCATION_YEAR[0]), pd.Timestamp(ALLOCATION_YEAR[1]))
    allocated_in_year = int((in_year & ~screened_out).sum())
    candidates = np.flatnonzero((in_year & ~screened_out & (required == "pip2")).to_numpy())
    above = rng.choice(candidates, round(ABOVE_ACCREDITATION_SHARE * allocated_in_year), replace=False)
    outside = np.flatnonzero((~in_year & ~screened_out & (required == "pip2")).to_numpy())
    above = np.concatenate([above, outside[rng.random(len(outside)) < ABOVE_ACCREDITATION_SHARE]])
    team[above] = rng.choice(PIP1_TEAMS, len(above))
    level[above] = "pip1"
    return pd.DataFrame(
        {
            "allocated_team": np.where(screened_out, None, team),
            "team_level": np.where(screened_out, None, level),
            "required_level": required,
        },
        index=crimes.index,
    )


def crimes_and_outcomes(rng) -> tuple[pd.DataFrame, pd.DataFrame]:
    outcomes = outcome_rows(rng)
    crimes = pd.concat(
        [outcomes[["crime_type", "recorded_on", "lag", "outcome_type"]], open_crimes(rng, outcomes.recorded_on)],
        ignore_index=True,
    )
    crimes = crimes.sort_values("recorded_on", kind="stable").reset_index()
    year = crimes.recorded_on.dt.year
    sequence = crimes.groupby(year).cumcount() + 1
    crimes["crime_ref"] = "NP-" + (year % 100).astype(str).str.zfill(2) + "-" + sequence.astype(str).str.zfill(6)
    crimes["victim_based"] = ~crimes.crime_type.isin(SOCIETY_TYPES)
    crimes["domestic_abuse"] = _flag_domestic_abuse(rng, crimes)
    crimes = crimes.join(_allocate(rng, crimes))
    outcomes["crime_ref"] = crimes.set_index("index").crime_ref.reindex(outcomes.index).to_numpy()
    return crimes, outcomes


def protection_notices(rng, crimes: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Notices on domestic abuse crimes, the orders granted on them, and breaches of the orders."""
    da = crimes[crimes.domestic_abuse]
    start, end = (pd.Timestamp(d) for d in DA_QUARTER)
    in_quarter = da[da.recorded_on.between(start, end - pd.Timedelta(days=4))]
    quarter = in_quarter.sample(NOTICES_IN_QUARTER, random_state=rng)
    earlier = da[
        da.recorded_on.between(pd.Timestamp("2024-10-01"), start - pd.Timedelta(days=1)) & (da.recorded_on.dt.day <= 24)
    ]
    earlier = earlier.sample(NOTICES_A_MONTH_BEFORE * 9, random_state=rng)
    notices = pd.concat([quarter, earlier])
    authorised = notices.recorded_on + pd.to_timedelta(rng.integers(0, 3, len(notices)), unit="D")
    granted = pd.Series(rng.random(len(notices)) < 0.67, index=notices.index)
    in_q = notices.index.isin(quarter.index)
    # exactly the planned orders in the quarter, from notices early enough to be heard in it
    early = np.flatnonzero(in_q & (authorised <= end - pd.Timedelta(days=3)).to_numpy())
    granted[in_q] = False
    granted.iloc[rng.choice(early, ORDERS_IN_QUARTER, replace=False)] = True
    result = np.where(granted, "granted", np.where(rng.random(len(notices)) < 0.55, "refused", "not_applied"))
    frame = pd.DataFrame(
        {
            "crime_ref": notices.crime_ref.to_numpy(),
            "authorised_on": authorised.to_numpy(),
            "order_result": result,
            "order_granted_on": np.where(granted, authorised + pd.Timedelta(days=2), pd.NaT),
        }
    ).sort_values(["authorised_on", "crime_ref"], ignore_index=True)
    frame.insert(0, "notice_ref", serial(len(frame), "DVPN-", 5))
    orders = frame[frame.order_result == "granted"]
    granted_on = pd.to_datetime(orders.order_granted_on)
    recent = orders[granted_on.between(pd.Timestamp("2025-06-01"), pd.Timestamp("2025-08-31"))]
    breached = recent.sample(BREACHES_IN_QUARTER, random_state=rng)
    first = np.maximum(pd.to_datetime(breached.order_granted_on) + pd.Timedelta(days=3), start)
    quarter_breaches = np.minimum(first + pd.to_timedelta(rng.integers(0, 20, len(breached)), unit="D"), end)
    older = orders[granted_on < pd.Timestamp("2025-04-01")]
    older = older[rng.random(len(older)) < 0.15]
    older_breaches = pd.to_datetime(older.order_granted_on) + pd.to_timedelta(rng.integers(3, 21, len(older)), unit="D")
    both = pd.concat([breached, older])
    breaches = pd.DataFrame(
        {
            "notice_ref": both.notice_ref.to_numpy(),
            "breached_on": np.concatenate([np.asarray(quarter_breaches), older_breaches.to_numpy()]),
            "enforcement": pick(rng, {"arrested": 0.6, "charged": 0.25, "other": 0.15}, len(both)),
        }
    ).sort_values("breached_on")
    breaches.insert(0, "breach_ref", serial(len(breaches), "BR-", 5))
    return frame, breaches


def generate(ctx) -> list[Path]:
    rng = ctx.rng("crimes, outcomes and protection notices")
    crimes, outcomes = crimes_and_outcomes(rng)
    notices, breaches = protection_notices(rng, crimes)
    return [
        write_parquet(
            ctx,
            "crimes",
            crimes[
                [
                    "crime_ref",
                    "crime_type",
                    "victim_based",
                    "recorded_on",
                    "domestic_abuse",
                    "allocated_team",
                    "team_level",
                    "required_level",
                ]
            ],
            dates=("recorded_on",),
        ),
        write_parquet(
            ctx, "crime_outcomes", outcomes[["crime_ref", "outcome_type", "assigned_on"]], dates=("assigned_on",)
        ),
        write_csv(ctx, "da_protection_notices", notices, dates=("authorised_on", "order_granted_on")),
        write_csv(ctx, "da_protection_breaches", breaches, dates=("breached_on",)),
    ]
