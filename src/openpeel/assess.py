"""A force's indicators with their national comparison, ready for the CLI and the report.

:class:`Assessor` runs each indicator once per period for all forces (cached), so a force's
figures, the national comparison and the change on the previous period all come from one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpeel import forces
from openpeel.backends import Backend
from openpeel.compare import Change, Comparison, change, compare
from openpeel.indicators import catalogue, engine
from openpeel.indicators.catalogue import Indicator
from openpeel.indicators.engine import ForceValue, IndicatorRun
from openpeel.periods import Period
from openpeel.settings import ComparisonSettings


@dataclass
class IndicatorResult:
    indicator: Indicator
    force_id: str
    period: Period | None
    value: ForceValue | None
    comparison: Comparison | None
    change: Change | None

    @property
    def reason(self) -> str | None:
        if self.period is None:
            return "no data loaded for this indicator"
        if self.value is None:
            return f"no data for this force in {self.period.label()}"
        return self.value.reason

    def to_dict(self) -> dict:
        ind, fv, cmp, chg = self.indicator, self.value, self.comparison, self.change
        mine = cmp.of(self.force_id) if cmp else None
        per_resident = any(s.reference for s in ind.sources)
        out = {
            "id": ind.id,
            "title": ind.title,
            "area": ind.area.value,
            "unit": ind.unit.value,
            "polarity": ind.polarity.value,
            "force": self.force_id,
            "period_start": self.period.start if self.period else None,
            "period_end": self.period.last_day if self.period else None,
            "period": self.period.label() if self.period else None,
            "value": fv.value if fv else None,
            "numerator": fv.numerator if fv else None,
            "denominator": fv.denominator if fv else None,
            "reason": self.reason,
            "source": fv.source if fv else None,
            "months_covered": fv.months_covered if fv else None,
            "months_expected": fv.months_expected if fv else None,
            "complete": fv.complete if fv else None,
            "source_keys": list(fv.source_keys) if fv else [],
            "notes": list(fv.notes) if fv else [],
            "warnings": _warnings(self.force_id, per_resident),
            "standard": ind.standard,
        }
        if cmp is not None:
            out.update({
                "median": cmp.median,
                "typical_low": cmp.typical_low,
                "typical_high": cmp.typical_high,
                "typical_range_method": cmp.range_method,
                "position": mine.position if mine else None,
                "rank": mine.rank if mine else None,
                "forces_compared": cmp.forces_compared,
                "england_and_wales": cmp.england_and_wales.value,
                "comparison_note": cmp.note,
            })
        if chg is not None:
            out.update({
                "previous_period_start": chg.previous_period.start,
                "previous_period_end": chg.previous_period.last_day,
                "previous_value": chg.previous_value,
                "change": chg.difference,
                "percent_change": chg.percent_change,
                "change_test": chg.test,
                "change_p_value": chg.p_value,
                "change_significant": chg.significant,
            })
        return out


def _warnings(force_id: str, per_resident: bool) -> list[str]:
    """The force's warnings that bear on a figure: every one for a synthetic force (all its figures
    are made up), otherwise only for figures per resident (City of London's population)."""
    if not _known(force_id):
        return []
    force = forces.get(force_id)
    return list(force.warnings) if per_resident or force.synthetic else []


def _known(force_id: str) -> bool:
    try:
        forces.get(force_id)
        return True
    except forces.UnknownForce:
        return False


class Assessor:
    def __init__(self, backend: Backend, settings: ComparisonSettings | None = None):
        self.backend = backend
        self.settings = settings or ComparisonSettings()
        self._runs: dict[tuple[str, Period], IndicatorRun] = {}

    def run(self, indicator: Indicator, period: Period) -> IndicatorRun:
        key = (indicator.id, period)
        if key not in self._runs:
            self._runs[key] = engine.run(indicator, self.backend, period)
        return self._runs[key]

    def comparison(self, indicator: Indicator, period: Period | None = None, *,
                   world: forces.World | str | None = None) -> Comparison | None:
        """The indicator across the forces of a world (a World, or a force id standing for its own)."""
        members = forces.members(forces.as_world(world))
        period = period or engine.latest_period(indicator, self.backend, among=members)
        return None if period is None else compare(self.run(indicator, period), self.settings, world=world)

    def result(self, indicator: Indicator, force_id: str, period: Period | None = None) -> IndicatorResult:
        period = period or engine.latest_period(indicator, self.backend, force_id)
        if period is None:
            return IndicatorResult(indicator, force_id, None, None, None, None)
        current = self.run(indicator, period)
        previous = self.run(indicator, period.previous())
        fv = current.values.get(force_id)
        return IndicatorResult(
            indicator, force_id, period, fv, compare(current, self.settings, world=force_id),
            change(current, fv, previous.values.get(force_id), self.settings),
        )

    def force(self, force_id: str, period: Period | None = None, *, area: str | None = None,
              ids: list[str] | None = None) -> list[IndicatorResult]:
        chosen = [catalogue.get(i) for i in ids] if ids else catalogue.all_indicators()
        if area:
            chosen = [i for i in chosen if i.area.value == area]
        return [self.result(ind, force_id, period) for ind in chosen]
