"""Small helpers the demo generators share for placing exact counts."""

from __future__ import annotations

import numpy as np


def over_months(total: int, months: int = 12) -> np.ndarray:
    """A whole count spread as evenly as possible over months (the remainder spaced out)."""
    spread = np.full(months, total // months)
    extra = total % months
    spread[np.arange(extra) * months // (extra or 1)] += 1
    return spread


def pick(rng, weights: dict[str, float], size: int) -> np.ndarray:
    """``size`` labels drawn with the given relative weights."""
    names = np.array(list(weights))
    p = np.array(list(weights.values()), dtype=float)
    return rng.choice(names, size=size, p=p / p.sum())
