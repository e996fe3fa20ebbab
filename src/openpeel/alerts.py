"""Alerts for continual assessment: the moments a force's figure for an indicator changed standing.

An alert is raised, dated by the last day of the rolling year it happened in, when the figure

- leaves the typical range of the forces compared, or comes back within it (or jumps from one side
  to the other);
- crosses the indicator's standard, when it has one (for example 90% of 999 calls answered within
  10 seconds): stops meeting it, or meets it again;
- changes significantly on the year before: raised when the change first tests significant, or
  turns round, and not again every month while it stays so.

:func:`detect` is a pure function over a force's results for one indicator in successive periods
(rolling years ending each month), so the load step can compute and store alerts once, and the
tests can feed it series made by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

from openpeel.indicators.catalogue import Indicator, Polarity
from openpeel.periods import Period


class AlertKind(str, Enum):
    LEFT_RANGE = "left_range"  # moved outside the typical range (or across it)
    ENTERED_RANGE = "entered_range"  # came back within the typical range
    BELOW_STANDARD = "below_standard"  # stopped meeting the indicator's standard
    MET_STANDARD = "met_standard"  # reached the standard again
    SIGNIFICANT_CHANGE = "significant_change"  # a significant change on the year before began

    @property
    def title(self) -> str:
        return {
            "left_range": "Left the typical range",
            "entered_range": "Back within the typical range",
            "below_standard": "Fell short of the standard",
            "met_standard": "Met the standard",
            "significant_change": "Significant change",
        }[self.value]


@dataclass(frozen=True)
class Point:
    """A force's figure for one period, as the comparison gave it."""

    period: Period
    value: float | None
    position: str | None = None  # below, within or above the typical range
    typical_low: float | None = None
    typical_high: float | None = None
    change: float | None = None  # on the year before
    change_significant: bool | None = None

    @classmethod
    def of(cls, result: Mapping) -> Point:
        """From an ``IndicatorResult.to_dict()``, whose period is given by its start and end days."""
        start, end = result["period_start"], result["period_end"]
        period = Period(date(start.year, start.month, 1), date(end.year, end.month, 1))
        return cls(
            period,
            result.get("value"),
            result.get("position"),
            result.get("typical_low"),
            result.get("typical_high"),
            result.get("change"),
            result.get("change_significant"),
        )


@dataclass(frozen=True)
class Alert:
    force_id: str
    indicator_id: str
    kind: AlertKind
    period: Period  # the rolling year in which it happened
    value: float | None
    previous_value: float | None  # the figure in the period before, which it moved from
    text: str
    better: bool | None = None  # whether the move is for the better (None: neither direction is)

    @property
    def happened(self) -> date:
        return self.period.last_day

    def to_dict(self) -> dict:
        return {
            "force": self.force_id,
            "indicator": self.indicator_id,
            "kind": self.kind.value,
            "title": self.kind.title,
            "date": self.happened,
            "period": self.period.code(),
            "period_label": self.period.label(),
            "value": self.value,
            "previous_value": self.previous_value,
            "text": self.text,
            "better": self.better,
        }


def detect(indicator: Indicator, force_id: str, points: Sequence[Point]) -> list[Alert]:
    """Every alert in a series of periods (in any order), oldest first.

    A point without a value, or without a position, is passed over: the next one is compared with
    the last one that had it, so a gap in the data neither raises nor hides a move.
    """
    ordered = sorted(points, key=lambda p: p.period.end)
    alerts: list[Alert] = []
    last_placed = last_valued = None
    last_direction = 0  # the direction of the significant change in force, 0 for none
    for point in ordered:
        if point.position is not None:
            if last_placed is not None and last_placed.position != point.position:
                alerts.append(_range_alert(indicator, force_id, last_placed, point))
            last_placed = point
        if point.value is not None:
            if last_valued is not None and indicator.standard is not None:
                crossed = _standard_alert(indicator, force_id, last_valued, point)
                if crossed:
                    alerts.append(crossed)
            last_valued = point
        if point.change is None or point.change_significant is None:
            continue  # no change worked out (no year before): a gap, not the end of a change
        direction = _direction(point)
        if direction and direction != last_direction:
            alerts.append(_change_alert(indicator, force_id, point, direction))
        last_direction = direction
    return alerts


def _direction(point: Point) -> int:
    if not point.change_significant or not point.change:
        return 0
    return 1 if point.change > 0 else -1


def _better(indicator: Indicator, direction: int) -> bool | None:
    if indicator.polarity is Polarity.NEUTRAL or direction == 0:
        return None
    return (direction > 0) == (indicator.polarity is Polarity.HIGHER_BETTER)


def _range_text(indicator: Indicator, point: Point) -> str:
    if point.typical_low is None or point.typical_high is None:
        return ""
    return f" (typical range {indicator.format(point.typical_low)} to {indicator.format(point.typical_high)})"


def _range_alert(indicator: Indicator, force_id: str, before: Point, now: Point) -> Alert:
    value = indicator.format(now.value)
    if now.position == "within":
        kind = AlertKind.ENTERED_RANGE
        text = f"back within the typical range at {value}, from {before.position} it{_range_text(indicator, now)}"
        direction = 1 if before.position == "below" else -1
    elif before.position == "within":
        kind = AlertKind.LEFT_RANGE
        text = f"moved {now.position} the typical range, to {value}{_range_text(indicator, now)}"
        direction = 1 if now.position == "above" else -1
    else:
        kind = AlertKind.LEFT_RANGE
        text = (
            f"moved from {before.position} to {now.position} the typical range, to {value}{_range_text(indicator, now)}"
        )
        direction = 1 if now.position == "above" else -1
    return Alert(
        force_id,
        indicator.id,
        kind,
        now.period,
        now.value,
        before.value,
        f"{indicator.title}: {text}, {now.period.label()}",
        _better(indicator, direction),
    )


def _standard_alert(indicator: Indicator, force_id: str, before: Point, now: Point) -> Alert | None:
    was_met, is_met = _meets(indicator, before.value), _meets(indicator, now.value)
    if was_met == is_met:
        return None
    kind = AlertKind.MET_STANDARD if is_met else AlertKind.BELOW_STANDARD
    verb = "met" if is_met else "fell short of"
    text = (
        f"{indicator.title}: {verb} the standard of {indicator.format(indicator.standard)} "
        f"({indicator.format(before.value)} to {indicator.format(now.value)}), {now.period.label()}"
    )
    return Alert(force_id, indicator.id, kind, now.period, now.value, before.value, text, is_met)


def _meets(indicator: Indicator, value: float) -> bool:
    """A standard is a floor where higher is better (the usual case), a ceiling where higher is worse."""
    if indicator.polarity is Polarity.HIGHER_WORSE:
        return value <= indicator.standard
    return value >= indicator.standard


def _change_alert(indicator: Indicator, force_id: str, point: Point, direction: int) -> Alert:
    word = "rose" if direction > 0 else "fell"
    amount = f"{point.change:+,.{indicator.decimals}f}"
    previous = None if point.value is None else point.value - point.change
    text = (
        f"{indicator.title}: {word} significantly on the year before, to {indicator.format(point.value)} "
        f"({amount}), {point.period.label()}"
    )
    return Alert(
        force_id,
        indicator.id,
        AlertKind.SIGNIFICANT_CHANGE,
        point.period,
        point.value,
        previous,
        text,
        _better(indicator, direction),
    )


def monthly_years(last: Period, months: int) -> list[Period]:
    """The rolling years ending each month, ``months`` of them, the last ending with ``last``."""
    end = Period.year_ending(last.end.year, last.end.month)
    return [end.shift(-i) for i in reversed(range(months))]
