"""Figures for the 42 other demo twins, placed so the national comparison comes out as the seed says.

The 43 values of an indicator (42 twins and the demo force) are laid out evenly from a low to the
median and from the median to a high, so the median is the middle value. With no value beyond the
box-plot fences the typical range is exactly low to high; a demo force meant to be above or below it
is placed beyond the fences instead. Which twin gets which value is fixed by the indicator's name,
not by the random seed. City of London, whose tiny population makes its rates coarse, always takes a
value well away from the median, quartiles and extremes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from openpeel.demo._twins import fraction, others

SMALL_TWIN = "city-of-london-demo"
SMALL_TWIN_RANK = 16  # of 42: between the lower quartile and the median


def spread(
    key: str,
    force_value: float,
    *,
    low: float,
    median: float,
    high: float,
    position: str = "within",
    leaders: list[str] = (),
) -> pd.Series:
    """42 twin values such that, with ``force_value``, the median is ``median`` and the typical
    range ``low`` to ``high``, the force being ``position`` (within, above or below) it. ``leaders``
    get the highest values, in that order."""
    # 21 values below the median and 21 above, one of the 42 being the force's
    lower = np.linspace(low, median, 22)[:-1]
    upper = np.linspace(median, high, 22)[1:]
    if position == "above":  # the force is the 21st value above
        values = np.concatenate([lower, [median], np.linspace(median, high, 21)[1:]])
    elif position == "below":  # the force is the 21st value below
        values = np.concatenate([np.linspace(low, median, 21)[:-1], [median], upper])
    elif position == "within":
        values = np.concatenate([lower, [median], upper])
        # the force takes the place of the nearest value on its side, never an extreme or the median
        side = np.arange(22, 42) if force_value > median else np.arange(1, 21)
        values = np.delete(values, side[np.argmin(np.abs(values[side] - force_value))])
    else:
        raise ValueError(f"position must be within, above or below, not {position!r}")
    return assign(key, values, leaders)


def assign(key: str, values, leaders: list[str] = ()) -> pd.Series:
    """Sorted ``values`` dealt to the twins: the highest to ``leaders`` in order, the rest in an order
    fixed by ``key``."""
    values = np.sort(np.asarray(values, dtype=float))
    small = values[SMALL_TWIN_RANK]
    values = np.delete(values, SMALL_TWIN_RANK)
    top = values[::-1][: len(leaders)]
    values = values[: len(values) - len(leaders)]
    twins = [t for t in others() if t != SMALL_TWIN and t not in leaders]
    order = np.argsort([fraction(key, t) for t in twins], kind="stable")
    dealt = pd.Series(values, index=[twins[i] for i in order])
    dealt = pd.concat([dealt, pd.Series(top, index=list(leaders))])
    dealt[SMALL_TWIN] = small
    return dealt.sort_index()


def jitter(key: str, values: pd.Series, amplitude: float) -> pd.Series:
    """``values`` each moved by up to +/- ``amplitude`` (relative), fixed by key and twin: the year before."""
    moves = np.array([2 * fraction(key, t) - 1 for t in values.index])
    return values * (1 + amplitude * moves)


def uniform(key: str, low: float, high: float) -> pd.Series:
    """A value between ``low`` and ``high`` per twin, fixed by key."""
    twins = others()
    return pd.Series([low + (high - low) * fraction(key, t) for t in twins], index=twins)
