"""The demo force's stop-and-search, arrests and use-of-force extracts (synthetic).

Placed exactly, from the seed report:

- searches of people: 4,397 in the year to March 2024 and 3,663 in the year to March 2025 (down
  16.7%; 4.5 per 1,000 of the 816,000 residents);
- finds in the year to March 2025: 943 linked and 216 not linked among the 3,600 searches whose record
  says whether anything was found and whether a find was linked (26.2%, 6.0%, 32.2%); the year
  before, 1,066 linked of 4,300 (24.8%);
- self-defined ethnicity unknown for 11% of the searches from September 2024 to August 2025;
- Black and White searches in the year to March 2025 in the ratio that, with the demo census, makes
  Black people 3.6 times as likely to be searched;
- arrests, reports and reports linked to arrests that give 16,336 expected reports and 5,647 likely
  not recorded in the year to March 2025 (2,554 the year before), and 10,689 reports (down 8.6%);
- reports on people perceived as Black and White in the ratio that gives 3.1.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np

from openpeel.demo import DEMO_FORCE, DemoContext
from openpeel.demo._calibration import (
    exact_labels,
    identifiers,
    per_month,
    times_in_months,
    write_extract,
)
from openpeel.demo._twins import residents

# -- stop and search ----------------------------------------------------------------------------

# Each window's searches of people and what their records say about finds; 'found_link_unknown' and
# 'unknown' are left out of the find rates' denominator.
SEARCH_WINDOWS = {
    "2023-04:2024-03": dict(searches=4397, linked=1066, unlinked=282, nothing=2952, found_link_unknown=41, unknown=56),
    "2024-04:2025-03": dict(searches=3663, linked=943, unlinked=216, nothing=2441, found_link_unknown=23, unknown=40),
    "2025-04:2025-08": dict(searches=1500, linked=405, unlinked=88, nothing=979, found_link_unknown=12, unknown=16),
}
# the twelve months of records the inspectorate reviewed, with self-defined ethnicity unknown for 11%
SDE_REVIEWED = (date(2024, 9, 1), date(2025, 8, 1))
SDE_UNKNOWN_REVIEWED = 0.11
# Black/White ratio and White searches per window; the ratio with the demo census sets Black counts
DISPROPORTIONALITY = {"2023-04:2024-03": (3.9, 3200), "2024-04:2025-03": (3.6, 2760), "2025-04:2025-08": (3.4, 1170)}
VEHICLE_ONLY = 45  # searches of vehicles alone per window: in the extract, never counted
OBJECTS = {
    "drugs": 0.58,
    "weapons": 0.19,
    "stolen_property": 0.09,
    "going_equipped": 0.05,
    "criminal_damage": 0.03,
    "firearms": 0.02,
    "terrorism": 0.005,
    "other": 0.035,
}
SEARCH_OFFICERS = 220
CAREFREE_OFFICERS = 6  # the busiest searchers often leave body-worn video off (worklist bwv_not_used)
SUBCODES = {
    "white": {"W1": 0.86, "W2": 0.02, "W3": 0.01, "W9": 0.11},
    "black": {"B1": 0.45, "B2": 0.4, "B9": 0.15},
    "asian": {"A1": 0.35, "A2": 0.25, "A3": 0.1, "A4": 0.1, "A9": 0.2},
    "mixed": {"M1": 0.45, "M2": 0.15, "M3": 0.2, "M9": 0.2},
    "other": {"O1": 0.3, "O9": 0.7},
}

# -- use of force -------------------------------------------------------------------------------

UOF_WINDOWS = {
    # arrests; reports; reports linked to an arrest; distinct arrests with a linked report; Black/White ratio
    "2023-04:2024-03": dict(arrests=9100, reports=11695, linked=9395, arrests_with_report=6000, ratio=3.3),
    "2024-04:2025-03": dict(arrests=9353, reports=10689, linked=8733, arrests_with_report=5000, ratio=3.1),
}
REPORT_SHARES = {"white": 0.865, "asian": 0.035, "mixed": 0.02, "other": 0.008, "unknown": 0.012}  # black: the ratio
UOF_OFFICERS = 900
TACTICS_IN_ARREST = {
    "handcuffing": 0.62,
    "unarmed_skills": 0.24,
    "limb_restraints": 0.05,
    "spit_guard": 0.02,
    "taser": 0.03,
    "irritant_spray": 0.01,
    "baton": 0.005,
    "dog": 0.005,
    "other": 0.02,
}
TACTICS_OTHERWISE = {
    "unarmed_skills": 0.45,
    "handcuffing": 0.25,
    "taser": 0.1,
    "limb_restraints": 0.05,
    "irritant_spray": 0.03,
    "firearm": 0.02,
    "dog": 0.03,
    "other": 0.07,
}


def generate(ctx: DemoContext) -> list[Path]:
    rng = ctx.rng("records_powers")
    return [_stop_search(ctx, rng), *_use_of_force(ctx, rng)]


def black_per_white() -> float:
    """Black residents per White resident of the demo force (demo census)."""
    return residents("black")[DEMO_FORCE] / residents("white")[DEMO_FORCE]


def searches_black_white(window: str) -> tuple[int, int]:
    """Searches of Black and of White people in a window: the set White count, and the Black count
    that gives the window's ratio with the demo census."""
    ratio, white = DISPROPORTIONALITY[window]
    return round(ratio * white * black_per_white()), white


def _choose(rng, n: int, shares: dict) -> np.ndarray:
    p = np.array(list(shares.values()), dtype=float)
    return rng.choice(np.array(list(shares), dtype=object), n, p=p / p.sum())


def _lookup(values: np.ndarray, mapping: dict) -> np.ndarray:
    out = np.full(len(values), None, dtype=object)
    for key, value in mapping.items():
        out[values == key] = value
    return out


# -- stop and search ----------------------------------------------------------------------------


def _stop_search(ctx: DemoContext, rng) -> Path:
    parts = [_search_window(rng, window, counts) for window, counts in SEARCH_WINDOWS.items()]
    parts += [_vehicle_only(rng, window) for window in SEARCH_WINDOWS]
    columns = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    order = np.argsort(columns["searched_at"], kind="stable")
    columns = {k: v[order] for k, v in columns.items()}
    n = len(order)
    officer_index = np.minimum(rng.zipf(1.6, n), SEARCH_OFFICERS) - 1
    carefree = officer_index < CAREFREE_OFFICERS
    bwv = np.where(rng.random(n) < np.where(carefree, 0.55, 0.97), "true", "false").astype(object)
    bwv[rng.random(n) < 0.01] = None  # a few records leave the question blank
    finds = columns.pop("finds")
    return write_extract(
        ctx,
        "stop_search_records",
        {
            "search_ref": identifiers("SS-", n),
            "searched_at": columns["searched_at"],
            "search_type": columns["search_type"],
            "object_of_search": _choose(rng, n, OBJECTS),
            "item_found": _lookup(
                finds, {"linked": "true", "unlinked": "true", "found_link_unknown": "true", "nothing": "false"}
            ),
            "find_linked": _lookup(finds, {"linked": "true", "unlinked": "false"}),
            "reasonable_grounds_recorded": np.where(rng.random(n) < 0.985, "true", "false"),
            "bwv_used": bwv,
            "supervisor_reviewed": np.where(rng.random(n) < 0.97, "true", "false"),
            "self_defined_ethnicity": columns["self_defined_ethnicity"],
            "age": np.minimum(11 + rng.gamma(2.2, 6.5, n).astype("int64"), 90),
            "force_used": np.where(rng.random(n) < 0.07, "true", "false"),
            "officer_ref": np.char.add("PC", (1001 + officer_index).astype(str)),
        },
    )


def _search_window(rng, window: str, counts: dict) -> dict:
    firsts, per = per_month(counts["searches"], window)
    unknown = _unknown_ethnicity(rng, firsts, per)
    black, white = searches_black_white(window)
    rest = int((~unknown).sum()) - white - black
    groups = exact_labels(
        rng,
        {"white": white, "black": black, "asian": rest // 2, "other": rest // 6, "mixed": rest - rest // 2 - rest // 6},
    )
    codes = np.full(len(unknown), None, dtype=object)
    codes[~unknown] = _subcodes(rng, groups)
    codes[unknown] = _choose(rng, int(unknown.sum()), {"NS": 0.7, None: 0.3})
    return {
        "searched_at": times_in_months(rng, firsts, per),
        "search_type": _choose(rng, len(unknown), {"person": 0.84, "person_and_vehicle": 0.16}),
        "finds": exact_labels(rng, {k: v for k, v in counts.items() if k != "searches"}),
        "self_defined_ethnicity": codes,
    }


def _unknown_ethnicity(rng, firsts: list[date], per: np.ndarray) -> np.ndarray:
    """Which searches have unknown self-defined ethnicity: an exact count in each run of months with
    the same share (11% in the months the inspectorate reviewed; more before)."""
    shares = np.array(
        [
            SDE_UNKNOWN_REVIEWED if SDE_REVIEWED[0] <= d <= SDE_REVIEWED[1] else 0.12 if d >= date(2024, 4, 1) else 0.14
            for d in firsts
        ]
    )
    row_share = np.repeat(shares, per)  # rows are in month order
    flags = np.zeros(len(row_share), dtype=bool)
    for share in np.unique(shares):
        rows = np.flatnonzero(row_share == share)
        count = round(share * len(rows))
        flags[rows] = exact_labels(rng, {True: count, False: len(rows) - count}).astype(bool)
    return flags


def _subcodes(rng, groups: np.ndarray) -> np.ndarray:
    codes = np.empty(len(groups), dtype=object)
    for group, shares in SUBCODES.items():
        rows = groups == group
        codes[rows] = _choose(rng, int(rows.sum()), shares)
    return codes


def _vehicle_only(rng, window: str) -> dict:
    firsts, per = per_month(VEHICLE_ONLY, window)
    return {
        "searched_at": times_in_months(rng, firsts, per),
        "search_type": np.full(VEHICLE_ONLY, "vehicle", dtype=object),
        "finds": _choose(rng, VEHICLE_ONLY, {"nothing": 0.8, "linked": 0.2}),
        "self_defined_ethnicity": np.full(VEHICLE_ONLY, None, dtype=object),
    }


# -- use of force -------------------------------------------------------------------------------


def _use_of_force(ctx: DemoContext, rng) -> list[Path]:
    windows = [_uof_window(rng, window, **target) for window, target in UOF_WINDOWS.items()]
    arrests = {k: np.concatenate([w[0][k] for w in windows]) for k in windows[0][0]}
    reports = {k: np.concatenate([w[1][k] for w in windows]) for k in windows[0][1]}
    # arrest ids run across windows; reports name their arrest by index until the ids exist
    offsets = np.cumsum([0] + [len(w[0]["arrested_at"]) for w in windows[:-1]])
    arrest_ids = identifiers("ARR-", len(arrests["arrested_at"]))
    index = np.concatenate([np.where(w[1]["arrest"] >= 0, w[1]["arrest"] + o, -1) for w, o in zip(windows, offsets)])
    reports.pop("arrest")
    reports["arrest_ref"] = np.where(index >= 0, arrest_ids[np.maximum(index, 0)], None).astype(object)
    order = np.argsort(reports["used_at"], kind="stable")
    reports = {k: v[order] for k, v in reports.items()}
    n = len(order)
    carefree = np.isin(reports["officer_ref"], [f"PC{1001 + i}" for i in range(CAREFREE_OFFICERS)])
    bwv = np.where(rng.random(n) < np.where(carefree, 0.6, 0.96), "true", "false").astype(object)
    bwv[rng.random(n) < 0.01] = None
    return [
        write_extract(ctx, "arrests", {"arrest_ref": arrest_ids, **arrests}),
        write_extract(
            ctx,
            "use_of_force_reports",
            {
                "report_ref": identifiers("UOF-", n),
                "used_at": reports["used_at"],
                "officer_ref": reports["officer_ref"],
                "subject_ref": reports["subject_ref"],
                "arrest_ref": reports["arrest_ref"],
                "subject_ethnicity": reports["subject_ethnicity"],
                "highest_tactic": reports["highest_tactic"],
                "bwv_used": bwv,
            },
        ),
    ]


def _officers(rng, n: int) -> np.ndarray:
    return np.char.add("PC", (1000 + np.minimum(rng.zipf(1.4, n), UOF_OFFICERS)).astype(str))


def _uof_window(
    rng, window: str, *, arrests: int, reports: int, linked: int, arrests_with_report: int, ratio: float
) -> tuple[dict, dict]:
    firsts, per = per_month(arrests, window)
    arrested_at = times_in_months(rng, firsts, per)
    has_report = exact_labels(rng, {True: arrests_with_report, False: arrests - arrests_with_report}).astype(bool)
    reported = rng.permutation(np.flatnonzero(has_report))
    # every reported arrest has one report, the rest are spread at random: the total is exact
    sizes = 1 + rng.multinomial(linked - arrests_with_report, np.full(arrests_with_report, 1 / arrests_with_report))
    targets = report_ethnicity_targets(reports, ratio)
    arrest_group = _groups_for_arrests(sizes, targets, linked / reports)
    people = np.char.add("P-", rng.integers(10_000, 60_000, arrests).astype(str))
    arresting = _officers(rng, arrests)

    report_arrest = np.repeat(reported, sizes)
    first_of_arrest = np.r_[True, report_arrest[1:] != report_arrest[:-1]]
    linked_group = np.repeat(arrest_group, sizes)
    unlinked_targets = {g: targets[g] - int((linked_group == g).sum()) for g in targets}
    u_firsts, u_per = per_month(reports - linked, window)
    n_unlinked = reports - linked
    report = {
        "used_at": np.concatenate(
            [
                arrested_at[report_arrest] - rng.integers(0, 600, linked).astype("timedelta64[s]"),
                times_in_months(rng, u_firsts, u_per),
            ]
        ),
        "officer_ref": np.concatenate(
            [
                np.where(first_of_arrest, arresting[report_arrest], _officers(rng, linked)),
                _officers(rng, n_unlinked),
            ]
        ),
        "subject_ref": np.concatenate(
            [
                people[report_arrest],
                np.char.add("P-", rng.integers(10_000, 60_000, n_unlinked).astype(str)),
            ]
        ),
        "arrest": np.concatenate([report_arrest, np.full(n_unlinked, -1)]),
        "subject_ethnicity": np.concatenate([linked_group, exact_labels(rng, unlinked_targets)]),
        "highest_tactic": np.concatenate(
            [
                _choose(rng, linked, TACTICS_IN_ARREST),
                _choose(rng, n_unlinked, TACTICS_OTHERWISE),
            ]
        ),
    }
    arrest = {
        "arrested_at": arrested_at,
        "arresting_officer": arresting,
        "person_ref": people,
        "handcuffed": np.where(rng.random(arrests) < np.where(has_report, 0.93, 0.68), "true", "false"),
        "custody_record_force": np.where(rng.random(arrests) < np.where(has_report, 0.06, 0.03), "true", "false"),
    }
    return arrest, report


def report_ethnicity_targets(reports: int, ratio: float) -> dict[str, int]:
    """Reports per perceived group: fixed shares for the smaller groups; White and Black share the
    rest so that Black people are ``ratio`` times as likely as White people to have force used."""
    targets = {g: round(s * reports) for g, s in REPORT_SHARES.items() if g != "white"}
    both = reports - sum(targets.values())
    white = round(both / (1 + ratio * black_per_white()))
    return {"white": white, "black": both - white, **targets}


def _groups_for_arrests(sizes: np.ndarray, targets: dict[str, int], linked_share: float) -> np.ndarray:
    """A perceived group for each reported arrest (all its reports share it), so that no group gets
    more linked reports than its share of its target: the unlinked reports then make up each total."""
    groups = np.full(len(sizes), "white", dtype=object)
    taken = 0
    for group in ("black", "asian", "mixed", "other", "unknown"):
        room = int(linked_share * targets[group])
        cumulative = np.cumsum(sizes[taken:])
        count = int(np.searchsorted(cumulative, room, side="right"))
        groups[taken : taken + count] = group
        taken += count
    return groups
