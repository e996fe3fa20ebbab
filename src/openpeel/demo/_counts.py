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


def refs(prefix, numbers, width: int) -> np.ndarray:
    """References like ``CU-000123`` for an array of numbers (``prefix`` may be an array too)."""
    digits = np.char.zfill(np.asarray(numbers).astype(str), width)
    return np.char.add(np.asarray(prefix, dtype=str), digits)


def serial(count: int, prefix: str, width: int) -> np.ndarray:
    """``count`` references numbered from 1: ``prefix`` then the number, zero-padded to ``width``."""
    return refs(prefix, np.arange(1, count + 1), width)
