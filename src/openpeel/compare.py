"""National comparison: where a force stands among the forces of England and Wales.

For an indicator and period: every force's value, the median, the typical range (method chosen in
settings, stated with the result), each force's position (below / within / above) and rank, the
England and Wales figure from components summed over forces (never a mean of rates), and the
change against the previous period with a significance test when the figure is a proportion.

Only forces whose data covers the whole period take part in the median, range, rank and total.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from openpeel import forces, stats
from openpeel.indicators.engine import ForceValue, IndicatorRun
from openpeel.indicators.formulas import Evaluation
from openpeel.periods import Period
from openpeel.settings import ComparisonSettings


@dataclass(frozen=True)
class ForceComparison:
    force_id: str
    value: float | None
    numerator: float | None
    denominator: float | None
    position: str | None  # below, within or above the typical range
    rank: int | None  # 1 = highest value among the forces compared
    compared: bool  # whether the force counts in the median, range, rank and total
    note: str | None = None


@dataclass(frozen=True)
class Comparison:
    indicator_id: str
    period: Period
    forces_compared: int
    median: float | None
    typical_low: float | None
    typical_high: float | None
    range_method: str
    range_description: str
    england_and_wales: Evaluation
    forces: list[ForceComparison] = field(default_factory=list)
    note: str | None = None

    def of(self, force_id: str) -> ForceComparison | None:
        return next((f for f in self.forces if f.force_id == force_id), None)

    def below(self, threshold: float) -> int:
        """How many of the forces compared have a value below ``threshold`` (e.g. a standard)."""
        return sum(1 for f in self.forces if f.compared and f.value is not None and f.value < threshold)

    def quartile(self, force_id: str) -> int | None:
        """1 for the quarter of forces compared with the highest values, to 4 for the lowest."""
        mine = self.of(force_id)
        if mine is None or mine.rank is None or not self.forces_compared:
            return None
        return min(4, -(-4 * mine.rank // self.forces_compared))

    def edge(self, force_id: str) -> str | None:
        """'low' or 'high' when the force's own value is that end of the typical range, else None."""
        mine = self.of(force_id)
        if mine is None or not mine.compared or self.typical_low is None:
            return None
        return "low" if mine.value == self.typical_low else "high" if mine.value == self.typical_high else None


@dataclass(frozen=True)
class Change:
    previous_period: Period
    previous_value: float | None
    difference: float | None  # this period minus the previous one, in the indicator's unit
    percent_change: float | None  # relative change, %
    test: str | None
    p_value: float | None
    significant: bool | None


def typical_range(values: list[float], settings: ComparisonSettings) -> tuple[float, float]:
    """The band of values regarded as typical, by the configured method."""
    arr = np.asarray(values, dtype=float)
    if settings.typical_range == "percentile":
        low, high = np.percentile(arr, settings.percentiles)
        return float(low), float(high)
    q1, q3 = np.percentile(arr, [25, 75])
    if settings.typical_range == "iqr":
        return float(q1), float(q3)
    reach = settings.whisker * (q3 - q1)
    inside = arr[(arr >= q1 - reach) & (arr <= q3 + reach)]
    return float(inside.min()), float(inside.max())


def _position(value: float | None, low: float | None, high: float | None) -> str | None:
    if value is None or low is None or high is None:
        return None
    return "below" if value < low else "above" if value > high else "within"


def compare(
    run: IndicatorRun, settings: ComparisonSettings | None = None, *, world: forces.World | str | None = None
) -> Comparison:
    """Compare the forces of one world: the real forces (default), or the synthetic twins.

    ``world`` is a :class:`~openpeel.forces.World`, or a force id standing for its own world.
    """
    settings = settings or ComparisonSettings()
    chosen = forces.as_world(world)
    members = {f: v for f, v in run.values.items() if forces.world_of(f) is chosen}
    taking_part = {f: v for f, v in members.items() if v.value is not None and v.complete}
    values = [v.value for v in taking_part.values()]
    median = float(np.median(values)) if values else None
    low = high = None
    note = None
    if len(values) >= settings.min_forces:
        low, high = typical_range(values, settings)
    else:
        note = (
            f"only {len(values)} force{'s' if len(values) != 1 else ''} with a value for the whole period; "
            f"a typical range needs at least {settings.min_forces}"
        )
    ordered = sorted(values, reverse=True)
    rows = []
    for force_id, fv in sorted(members.items()):
        compared = force_id in taking_part
        rows.append(
            ForceComparison(
                force_id=force_id,
                value=fv.value,
                numerator=fv.numerator,
                denominator=fv.denominator,
                position=_position(fv.value, low, high) if compared else None,
                rank=ordered.index(fv.value) + 1 if compared else None,
                compared=compared,
                note=None if compared else _why_not(fv),
            )
        )
    return Comparison(
        indicator_id=run.indicator.id,
        period=run.period,
        forces_compared=len(values),
        median=median,
        typical_low=low,
        typical_high=high,
        range_method=settings.typical_range,
        range_description=settings.describe(),
        england_and_wales=national(run, taking_part),
        forces=rows,
        note=note,
    )


def _why_not(fv: ForceValue) -> str:
    if fv.value is None:
        return fv.reason or "no value"
    return f"data covers {fv.months_covered} of {fv.months_expected} months"


def national(run: IndicatorRun, taking_part: dict[str, ForceValue]) -> Evaluation:
    """The formula applied to components summed over the forces taking part (the formula may decline)."""
    if not taking_part:
        return Evaluation(None, None, None, "no force has a value for the whole period")
    totals: dict[str, float | None] = {}
    for name in run.indicator.formula.components:
        parts = [fv.components.get(name) for fv in taking_part.values()]
        totals[name] = None if any(p is None for p in parts) else float(sum(parts))
    return run.indicator.formula.evaluate_national(totals)


def change(
    run: IndicatorRun,
    current: ForceValue | None,
    previous: ForceValue | None,
    settings: ComparisonSettings | None = None,
    *,
    since: Period | None = None,
) -> Change:
    """This period's value against an earlier one's (``since``, default the previous period),
    tested when the figure is a proportion."""
    settings = settings or ComparisonSettings()
    prev_period = since or run.period.previous()
    if current is None or previous is None or current.value is None or previous.value is None:
        return Change(prev_period, previous.value if previous else None, None, None, None, None, None)
    difference, percent = _difference(current.value, previous.value)
    test = p_value = significant = None
    formula = run.indicator.formula
    if formula.is_proportion and current.denominator and previous.denominator:
        result = stats.two_proportion_z_test(
            int(previous.numerator), int(previous.denominator), int(current.numerator), int(current.denominator)
        )
        test, p_value = result.test, result.p_value
        significant = p_value < settings.significance
    return Change(prev_period, previous.value, difference, percent, test, p_value, significant)


def _difference(now: float, before: float) -> tuple[float, float | None]:
    """The difference and the relative change in % (None when the earlier value is 0)."""
    difference = now - before
    return difference, (100.0 * difference / before if before else None)


def national_change(now: Comparison, before: Comparison | None) -> Change:
    """The England and Wales figure of ``now`` against that of ``before`` (untested)."""
    then = before.england_and_wales.value if before else None
    period = before.period if before else now.period.previous()
    current = now.england_and_wales.value
    if current is None or then is None:
        return Change(period, then, None, None, None, None, None)
    difference, percent = _difference(current, then)
    return Change(period, then, difference, percent, None, None, None)


def ratios(top: Comparison, bottom: Comparison) -> dict[str, float]:
    """Each force's value of one indicator divided by its value of another (e.g. use of force
    recorded against the number its arrests suggest), for the forces compared in both."""
    below = {f.force_id: f.value for f in bottom.forces if f.compared and f.value}
    return {
        f.force_id: f.value / below[f.force_id]
        for f in top.forces
        if f.compared and f.value is not None and f.force_id in below
    }
