"""Trends: a force's figure and the national median over a run of rolling years, for line charts.

The inspectorate charts outcome rates as rolling years ending at successive quarter ends ("between
the year ending 31 December 2023 and the year ending 30 September 2025"). Each point is computed
exactly as a single-period figure is, with the comparison drawn from the force's own world (real
forces, or the demo's twins).
"""

from __future__ import annotations

from dataclasses import dataclass

from openpeel.assess import Assessor
from openpeel.compare import compare
from openpeel.indicators import catalogue
from openpeel.periods import Period, PeriodError


@dataclass(frozen=True)
class TrendPoint:
    period: Period  # the rolling year
    value: float | None  # the force's figure
    numerator: float | None
    denominator: float | None
    median: float | None  # median of the forces compared in that year
    typical_low: float | None
    typical_high: float | None
    forces_compared: int
    reason: str | None = None  # why the force has no value


def rolling_years(first: Period | str, last: Period | str, step_months: int = 3) -> list[Period]:
    """Rolling years ending every ``step_months`` from ``first`` to ``last`` (both years ending, e.g. ye-2023-12)."""
    first = Period.parse(first) if isinstance(first, str) else first
    last = Period.parse(last) if isinstance(last, str) else last
    if first.months != 12 or last.months != 12:
        raise PeriodError("a trend runs over rolling years: give years ending, e.g. ye-2023-12")
    gap = (last.end.year - first.end.year) * 12 + last.end.month - first.end.month
    if gap < 0 or gap % step_months:
        raise PeriodError(f"{last.code()} is not a whole number of {step_months}-month steps after {first.code()}")
    return [first.shift(i) for i in range(0, gap + 1, step_months)]


def quarterly_series(
    assessor: Assessor, indicator_id: str, force_id: str, first: Period | str, last: Period | str
) -> list[TrendPoint]:
    """The force's figure and the median of its world for each rolling year ending at a quarter end."""
    indicator = catalogue.get(indicator_id)
    points = []
    for period in rolling_years(first, last, 3):
        run = assessor.run(indicator, period)
        comparison = compare(run, assessor.settings, world=force_id)
        mine = run.values.get(force_id)
        points.append(
            TrendPoint(
                period=period,
                value=mine.value if mine else None,
                numerator=mine.numerator if mine else None,
                denominator=mine.denominator if mine else None,
                median=comparison.median,
                typical_low=comparison.typical_low,
                typical_high=comparison.typical_high,
                forces_compared=comparison.forces_compared,
                reason=(mine.reason if mine else f"no data for this force in {period.label()}"),
            )
        )
    return points
