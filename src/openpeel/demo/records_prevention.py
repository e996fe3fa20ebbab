"""The demo force's antisocial behaviour, orders and neighbourhood duty extracts (synthetic).

Placed exactly, from the seed report:

- 13,384 antisocial behaviour incidents in the year to March 2025 (16.4 per 1,000 of the 816,000
  residents): 3,279 personal (24.5%), 3,092 environmental (23.1%) and 7,013 nuisance (52.4%);
- 76 preventative and protective orders in the year to September 2025 (0.09 per 1,000 of 822,000);
- neighbourhood duty in 2025 whose hours in the community are 63.4% of officers' and 70.3% of PCSOs'
  hours on duty.
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

ASB = dict(window="2024-04:2025-03", personal=3279, environmental=3092, nuisance=7013)
ORDERS = dict(window="2024-10:2025-09", orders=76)
ORDER_TYPES = {
    "community_protection_notice": 0.4,
    "civil_injunction": 0.3,
    "criminal_behaviour_order": 0.2,
    "closure_order": 0.1,
}
NEIGHBOURHOODS = {"Northampton": 0.42, "Corby": 0.15, "Kettering": 0.16, "Wellingborough": 0.14, "Daventry": 0.13}

DUTY_YEAR = np.datetime64("2025-01-01")
DUTIES_PER_PERSON = 180
# role: (people, share of duty hours in the community, chance a duty is partly abstracted)
ROLES = {"officer": (110, 0.634, 0.35), "pcso": (60, 0.703, 0.15)}
ABSTRACTIONS = {
    "response": 0.45,
    "investigation": 0.2,
    "public_order": 0.15,
    "custody": 0.05,
    "training": 0.1,
    "other": 0.05,
}


def generate(ctx: DemoContext) -> list[Path]:
    rng = ctx.rng("records_prevention")
    return [_asb(ctx, rng), _orders(ctx, rng), _duty(ctx, rng)]


def _choose(rng, n: int, shares: dict) -> np.ndarray:
    return rng.choice(np.array(list(shares), dtype=object), n, p=list(shares.values()))


def _asb(ctx: DemoContext, rng) -> Path:
    counts = {k: v for k, v in ASB.items() if k != "window"}
    firsts, per = per_month(sum(counts.values()), ASB["window"], amplitude=0.2)  # more in summer
    n = int(per.sum())
    return write_extract(
        ctx,
        "asb_incidents",
        {
            "incident_ref": identifiers("ASB-", n),
            "reported_at": times_in_months(rng, firsts, per, margin_s=60),
            "category": exact_labels(rng, counts),
            "neighbourhood": _choose(rng, n, NEIGHBOURHOODS),
        },
    )


def _orders(ctx: DemoContext, rng) -> Path:
    firsts, per = per_month(ORDERS["orders"], ORDERS["window"], amplitude=0.0)
    n = int(per.sum())
    return write_extract(
        ctx,
        "asb_orders",
        {
            "order_ref": identifiers("ORD-", n),
            "issued_on": times_in_months(rng, firsts, per, margin_s=60).astype("datetime64[D]"),
            "order_type": _choose(rng, n, ORDER_TYPES),
            "asb_incident_ref": np.full(n, None, dtype=object),
        },
    )


def _duty(ctx: DemoContext, rng) -> Path:
    parts = [_role_duties(rng, role, *spec) for role, spec in ROLES.items()]
    columns = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    order = np.lexsort((columns["staff_ref"], columns["duty_date"]))
    columns = {k: v[order] for k, v in columns.items()}
    return write_extract(ctx, "neighbourhood_duty", {"duty_ref": identifiers("D-", len(order)), **columns})


def _role_duties(rng, role: str, people: int, share: float, abstracted_chance: float) -> dict:
    """One role's duties in 2025, in quarter hours: the hours in the community add up to exactly
    ``share`` of the hours on duty; each duty gets them in proportion to the time it had free."""
    # each person works DUTIES_PER_PERSON different days of the year
    days = np.argsort(rng.random((people, 365)), axis=1)[:, :DUTIES_PER_PERSON].ravel()
    staff = np.repeat(
        np.char.add("PCSO" if role == "pcso" else "PC", (2001 + np.arange(people)).astype(str)), DUTIES_PER_PERSON
    )
    n = len(days)
    on_duty = 4 * rng.choice([8, 9, 10], n, p=[0.5, 0.2, 0.3])
    abstracted = np.where(rng.random(n) < abstracted_chance, rng.integers(4, on_duty // 2), 0)
    briefing = rng.integers(2, 9, n)
    free = on_duty - abstracted - briefing
    community = split(round(share * on_duty.sum()), free)
    return {
        "duty_date": DUTY_YEAR + days.astype("timedelta64[D]"),
        "staff_ref": staff,
        "role": np.full(n, role, dtype=object),
        "hours_on_duty": on_duty / 4,
        "hours_in_community": community / 4,
        "hours_abstracted": abstracted / 4,
        "abstraction_reason": np.where(abstracted > 0, _choose(rng, n, ABSTRACTIONS), None),
    }
