"""Demo per-force figures for the other 42 forces' twins, for the measures of force records II.

The demo force's figures come from its records; the other twins enter as per-force figures
(publisher "openpeel demo (synthetic)"), as real forces' national figures would. Outcome figures
are built so that, with the demo force among them, the medians and the positions against the
typical range are the seed report's:

- victim-based crime, year ending September 2025: medians unresolved 84.2%, resolved 3.3%,
  positive 12.2%, charged or summonsed 9.0%, cautions 0.8%, taken into consideration 0.1%,
  community resolution 2.1%; the positive median rising by 0.1 a quarter from 11.5% in the year
  ending December 2023;
- robbery and rape: the demo force below the typical range; violence with injury: within it for
  positive outcomes, below it for charges.

How: for each crime group and rolling year, 20 twins are placed below every target, 20 above, one
twin exactly on all of them and one on the far side of the demo force; the demo force makes the
43rd. Each median is then the one twin on target, whatever the twins' sizes. A twin's outcome mix
adds up (its positive outcomes are its charges, cautions and so on), and only the spread within
the lower and upper groups sets the typical range. The other measures have no seed comparison:
the twins get plausible values around typical levels. Sizes (and so volumes) vary with the seed;
the medians and positions do not. Snapshot measures (wanted people, posts, fraud, the tier 3
queue) are given for the year ending with the snapshot's month, the period the force's own figure
takes by default.
"""

from __future__ import annotations

import csv
import math
from datetime import date
from pathlib import Path

import numpy as np

from openpeel import forces
from openpeel.demo import DEMO_FORCE, PUBLISHER
from openpeel.demo._outcomes_calibration import (
    CATEGORIES,
    MEASURES,
    POSITIVE_PARTS,
    SPECIAL_GROUPS,
    rolling_year_mix,
)
from openpeel.indicators.outcomes import SHARES
from openpeel.periods import Period

QUARTER_ENDS = [
    date(2023, 9, 1),
    date(2023, 12, 1),
    date(2024, 3, 1),
    date(2024, 6, 1),
    date(2024, 9, 1),
    date(2024, 12, 1),
    date(2025, 3, 1),
    date(2025, 6, 1),
    date(2025, 9, 1),
]
VICTIM_BASED_POSITIVE_MEDIAN = dict(zip(QUARTER_ENDS, (11.4, 11.5, 11.6, 11.7, 11.8, 11.9, 12.0, 12.1, 12.2)))

# Per crime group: the medians to produce (percent of outcomes). Medians of parts need not add up to
# the median of the whole: in the seed's table the parts' medians come to 12.0 against 12.2.
TARGETS = {
    "victim_based": dict(charged=9.0, caution=0.8, tic=0.1, resolved=3.3, other=0.3),
    "robbery": dict(
        positive=12.0, charged=9.0, caution=0.6, tic=0.1, community_resolution=2.1, resolved=3.0, other=0.2
    ),
    "rape": dict(positive=8.2, charged=7.3, caution=0.3, tic=0.1, community_resolution=0.3, resolved=4.5, other=0.1),
    "violence_with_injury": dict(
        positive=14.5, charged=10.0, caution=1.2, tic=0.1, community_resolution=3.0, resolved=3.5, other=0.2
    ),
}
SPREADS = {
    "victim_based": dict(charged=0.8, caution=0.3, tic=0.05, community_resolution=0.6, resolved=0.5),
    "robbery": dict(charged=1.0, caution=0.3, tic=0.05, community_resolution=0.5, resolved=0.6),
    "rape": dict(charged=0.4, caution=0.1, tic=0.05, community_resolution=0.1, resolved=0.5),
    "violence_with_injury": dict(charged=1.0, caution=0.4, tic=0.05, community_resolution=1.0, resolved=0.6),
}
VICTIM_BASED_COMMUNITY_RESOLUTION_MEDIAN = 2.1
# outcomes a year for a twin of the demo force's size, and each special group's share of them
VICTIM_BASED_OUTCOMES = 40_000
GROUP_FRACTION = {"robbery": 1 / 80, "rape": 1 / 40, "violence_with_injury": 0.15}
ANCHOR_OUTCOMES = 80_000  # the twins on target and beyond the force: exact counts at 0.1 points
FREE = (*POSITIVE_PARTS, "resolved")


def twins() -> list[str]:
    return sorted(f.id for f in forces.all_forces(include_synthetic=True) if f.synthetic and f.id != DEMO_FORCE)


def targets(group: str, quarter_end: date) -> dict[str, float]:
    t = dict(TARGETS[group])
    if group == "victim_based":
        # charges hold at 9.0 while community resolutions rise with the positive median up to 2.1
        t["positive"] = VICTIM_BASED_POSITIVE_MEDIAN[quarter_end]
        rest = t["positive"] - t["charged"] - t["caution"] - t["tic"]
        t["community_resolution"] = round(min(VICTIM_BASED_COMMUNITY_RESOLUTION_MEDIAN, rest), 10)
    t["unresolved"] = round(100 - t["positive"] - t["resolved"] - t["other"], 10)
    return t


def designs(force: dict[str, float], target: dict[str, float], spread: dict[str, float]) -> list[tuple[dict, dict]]:
    """42 outcome mixes (percent per category but unresolved), each with the side of the target every
    measure must keep to once counts are whole: -1 at or below, 1 at or above, 0 exactly on it.

    Order: 20 below every target, the twin on target, the twin beyond the force, 20 above.
    """
    away = {m: 1 if force[m] < target[m] else -1 for m in MEASURES}  # the side away from the force
    gap = round(target["positive"] - sum(target[p] for p in POSITIVE_PARTS), 10)
    reach = max(0.15, 1.5 * abs(gap) / sum(spread[p] for p in POSITIVE_PARTS))
    below_all = {m: -1 for m in MEASURES} | {"unresolved": 1}
    above_all = {m: 1 for m in MEASURES} | {"unresolved": -1}
    low = [
        ({m: target[m] - spread[m] * u for m in FREE} | {"other": target["other"]}, below_all)
        for u in np.linspace(1.0, reach, 20)
    ]
    high = [
        ({m: target[m] + spread[m] * u for m in FREE} | {"other": target["other"]}, above_all)
        for u in np.linspace(reach, 1.0, 20)
    ]
    on_target = {m: target[m] for m in (*FREE, "other")}
    beyond = {m: target[m] + 0.5 * away[m] * spread[m] for m in FREE} | {"other": target["other"]}
    beyond_sides = dict(away) | {"other": 0}
    if gap:
        # the twin on target needs its parts to add up to the positive median: the narrowest part that
        # may move away from the force carries the gap, and the twin beyond the force takes its median
        part = min((p for p in POSITIVE_PARTS if away[p] == (1 if gap > 0 else -1)), key=lambda p: spread[p])
        on_target[part] = target[part] + gap
        beyond[part] = target[part]
        beyond_sides[part] = 0
    positive = sum(beyond[p] for p in POSITIVE_PARTS)
    if (positive - target["positive"]) * away["positive"] < 0.1:
        # the twin beyond the force must be beyond it on positive outcomes too: move its widest free part
        movable = max((p for p in POSITIVE_PARTS if beyond_sides[p] == away["positive"]), key=lambda p: spread[p])
        beyond[movable] += (target["positive"] - positive) + 0.3 * away["positive"]
    unresolved = 100 - sum(beyond[m] for m in FREE) - beyond["other"]
    if (unresolved - target["unresolved"]) * away["unresolved"] < 0.1:
        beyond["other"] = 100 - sum(beyond[m] for m in FREE) - target["unresolved"] - 0.3 * away["unresolved"]
    return low + [(on_target, dict.fromkeys(MEASURES, 0)), (beyond, beyond_sides)] + high


def _bound(count: int, limit: float, side: int) -> int:
    """The count, moved the least needed to keep its value on ``side`` of the target (``limit`` in counts)."""
    if side < 0:
        return min(count, math.floor(limit + 1e-9))
    if side > 0:
        return max(count, math.ceil(limit - 1e-9))
    return count


def counts(design: tuple[dict, dict], outcomes: int, target: dict[str, float]) -> dict[str, int]:
    """Whole counts per category, the nearest to the design that keep every measure on its side."""
    shares, sides = design
    found = {}
    for m in (*FREE, "other"):
        exact = shares[m] * outcomes / 100
        if sides[m] == 0 and not math.isclose(exact, round(exact), abs_tol=1e-6):
            raise RuntimeError(f"{shares[m]}% of {outcomes} outcomes is not a whole number")
        found[m] = _bound(round(exact), target[m] * outcomes / 100, sides[m])
    # the whole (positive outcomes) keeps its side too, by moving a part that may move that way
    positive = sum(found[p] for p in POSITIVE_PARTS)
    kept = _bound(positive, target["positive"] * outcomes / 100, sides["positive"])
    if kept != positive:
        part = next(p for p in POSITIVE_PARTS if sides[p] == sides["positive"])
        found[part] += kept - positive
    unresolved = outcomes - sum(found.values())
    kept = _bound(unresolved, target["unresolved"] * outcomes / 100, sides["unresolved"])
    found["other"] += unresolved - kept
    found["unresolved"] = kept
    return found


def mix_of(found: dict[str, int]) -> dict[str, float]:
    total = sum(found.values())
    mix = {m: 100.0 * found[m] / total for m in CATEGORIES}
    mix["positive"] = sum(mix[p] for p in POSITIVE_PARTS)
    return mix


def twin_sizes(rng) -> dict[str, float]:
    """Each twin's size relative to the demo force, which scales its volumes."""
    ids = twins()
    return dict(zip(ids, np.clip(rng.lognormal(0.0, 0.6, len(ids)), 0.3, 5.0)))


def twin_outcomes(rng, size: dict[str, float]) -> dict[tuple[str, date], dict[str, dict[str, int]]]:
    """(crime group, quarter end) -> twin id -> outcome counts per category."""
    ids = twins()
    order = list(rng.permutation(ids))  # which twin takes which place; the same in every group and year
    anchors = order[20:22]
    victim_based = {t: max(12_000, round(size[t] * VICTIM_BASED_OUTCOMES, -3)) for t in ids}
    for t in anchors:
        victim_based[t] = ANCHOR_OUTCOMES * max(1, round(victim_based[t] / ANCHOR_OUTCOMES))
    outcomes = {"victim_based": victim_based}
    for group, fraction in GROUP_FRACTION.items():
        outcomes[group] = {t: round(victim_based[t] * fraction) for t in ids}
    result = {}
    for quarter_end in QUARTER_ENDS:
        for group in ("victim_based", *SPECIAL_GROUPS):
            force = rolling_year_mix(group, quarter_end)
            target = targets(group, quarter_end)
            placed = designs(force, target, SPREADS[group])
            found = {t: counts(d, outcomes[group][t], target) for t, d in zip(order, placed)}
            _check_medians(group, quarter_end, force, found)
            result[(group, quarter_end)] = found
        _check_parts_fit(result, quarter_end, ids)
    return result


def _check_medians(group: str, quarter_end: date, force: dict, found: dict) -> None:
    target = targets(group, quarter_end)
    for m in MEASURES:
        values = [force[m]] + [mix_of(c)[m] for c in found.values()]
        if not math.isclose(float(np.median(values)), target[m], abs_tol=1e-9):
            raise RuntimeError(f"demo twins miss the {m} median for {group} at {quarter_end}: {np.median(values)}")


def _check_parts_fit(result: dict, quarter_end: date, ids: list[str]) -> None:
    for t in ids:
        whole = result[("victim_based", quarter_end)][t]
        for m in CATEGORIES:
            if sum(result[(g, quarter_end)][t][m] for g in SPECIAL_GROUPS) > whole[m]:
                raise RuntimeError(f"{t}: the crime groups' {m} outcomes exceed victim-based crime's")


def _span(period: Period) -> tuple[str, str]:
    return f"{period.start:%Y-%m}", f"{period.end:%Y-%m}"


def outcome_rows(rng, size: dict[str, float]) -> list[tuple]:
    rows = []
    for (group, quarter_end), found in twin_outcomes(rng, size).items():
        start, end = _span(Period.year_ending(quarter_end.year, quarter_end.month))
        suffix = "" if group == "victim_based" else f".{group}"
        for share, (component, *_rest) in SHARES.items():
            category = share.removesuffix("_share")
            for twin, c in found.items():
                numerator = (
                    c["charged"] + c["caution"] + c["tic"] + c["community_resolution"]
                    if category == "positive"
                    else c[category]
                )
                rows.append((twin, f"outcomes.{share}{suffix}", component, start, end, numerator))
                rows.append((twin, f"outcomes.{share}{suffix}", "outcomes", start, end, sum(c.values())))
    return rows


def _share(rng, size: float, base: float, low: float, high: float) -> tuple[int, int]:
    """A denominator scaled to the twin's size and a numerator at a plausible percentage of it."""
    whole = max(1, round(size * base * rng.uniform(0.85, 1.15)))
    return round(whole * rng.uniform(low, high) / 100), whole


def other_rows(rng, size: dict[str, float]) -> list[tuple]:
    """Plausible figures for the measures the seed report does not compare with other forces."""
    ids = twins()
    year = _span(Period.parse("ye-2025-09"))
    rows = []

    def add(twin, indicator, span, **components):
        rows.extend((twin, indicator, name, *span, value) for name, value in components.items())

    for t in ids:
        s = size[t]
        lapses, arrests = _share(rng, s, 15_000, 4.0, 11.0)  # 40 to 110 per 1,000
        add(t, "bail.lapsed_to_rui", year, bail_lapses=lapses)
        add(t, "bail.lapsed_per_1000_arrests", year, bail_lapses=lapses, arrests=arrests)
        for period in ("ye-2025-05", "ye-2024-06"):
            add(
                t,
                "wanted.pnc_over_6_months",
                _span(Period.parse(period)),
                wanted_on_pnc_over_6_months=round(s * rng.uniform(350, 900)),
            )
        for period in ("ye-2025-05", "ye-2024-03"):
            add(
                t,
                "wanted.local_only",
                _span(Period.parse(period)),
                wanted_locally_only=round(s * rng.uniform(200, 1_200)),
            )
        filled, posts = _share(rng, s, 420, 68.0, 95.0)
        add(
            t,
            "workforce.pip2_fill_share",
            _span(Period.parse("2025")),
            pip2_accredited_fte=filled,
            pip2_establishment_fte=posts,
        )
        add(t, "workforce.pip2_trainees", _span(Period.parse("2025")), pip2_trainee_fte=round(s * rng.uniform(15, 60)))
        for group, base in (("officers", 1_300), ("staff", 1_100)):
            done, people = _share(rng, s, base, 75.0, 97.0)
            add(
                t,
                f"workforce.pdr_completion_share.{group}",
                _span(Period.parse("ye-2025-03")),
                **{f"{group}_with_pdr": done, group: people},
            )
        lost, reports = _share(rng, s, 3_000, 1.0, 10.0)
        add(t, "missing.reports_not_transferred", year, reports_not_transferred=lost, missing_reports=reports)
        told, notified = _share(rng, s, 2_400, 70.0, 98.0)
        add(t, "encompass.before_next_school_day_share", year, told_before_next_school_day=told, notifications=notified)
        quarter = _span(Period.parse("2025-07:2025-09"))
        notices, da_crimes = _share(rng, s, 2_150, 2.5, 9.0)
        orders = round(notices * rng.uniform(0.5, 0.8))
        add(
            t,
            "safeguarding.dvpn_share_of_da_crimes",
            quarter,
            protection_notices=notices,
            domestic_abuse_crimes=da_crimes,
        )
        add(t, "safeguarding.dvpo_granted", quarter, orders_granted=orders)
        add(t, "safeguarding.dvpo_breaches", quarter, breaches=round(orders * rng.uniform(0.1, 0.3)))
        late, live = _share(rng, s, 120, 5.0, 30.0)
        add(
            t,
            "fraud.outside_specialist_after_28_days_share",
            _span(Period.parse("ye-2025-10")),
            outside_specialist_after_28_days=late,
            live_investigations=live,
        )
        received, expected = _share(rng, s, 84, 80.0, 98.0)
        add(
            t,
            "custody.use_of_force_forms_received_share",
            year,
            uof_forms_received=received,
            uof_forms_expected=expected,
        )
        done, due = _share(rng, s, 14_000, 95.0, 99.8)
        add(t, "custody.reviews_done_share", year, reviews_done=done, reviews_due=due)
        add(
            t,
            "custody.child_detention_hours_median",
            year,
            child_detention_hours_median=round(rng.uniform(9, 16), 1),
            children_released=round(s * 520),
        )
        add(
            t,
            "custody.adult_detention_hours_median",
            year,
            adult_detention_hours_median=round(rng.uniform(9, 14), 1),
            adults_released=round(s * 10_400),
        )
        waiting = s * rng.uniform(150, 700)
        # a queue is a stock: the figure for a year is the queue at its end
        add(t, "digital_forensics.tier3_queue", _span(Period.parse("ye-2026-01")), tier3_devices_waiting=round(waiting))
        add(
            t,
            "digital_forensics.tier3_queue_average",
            _span(Period.parse("2025")),
            tier3_devices_waiting_on_average=round(waiting * rng.uniform(0.9, 1.2), 1),
        )
        above, allocated = _share(rng, s, 45_000, 1.0, 8.0)
        add(
            t,
            "crime.allocated_above_accreditation_share",
            year,
            allocated_above_accreditation=above,
            allocated_investigations=allocated,
        )
    return rows


def generate(ctx) -> list[Path]:
    path = ctx.path("national-figures-records-ii-synthetic.csv")
    size = twin_sizes(ctx.rng("twin sizes, records II"))
    rows = outcome_rows(ctx.rng("national outcome figures"), size) + other_rows(
        ctx.rng("national figures, records II"), size
    )
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["force", "indicator", "component", "period_start", "period_end", "value", "publisher"])
        writer.writerows((*row, PUBLISHER) for row in rows)
    return [path]
