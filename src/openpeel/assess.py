"""A force's indicators with their national comparison, ready for the CLI and the report.

:class:`Assessor` runs each indicator once per period for all forces (cached), so a force's
figures, the national comparison and the change on the previous period all come from one place.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from openpeel import forces
from openpeel.backends import Backend
from openpeel.compare import Change, Comparison, change, compare
from openpeel.indicators import catalogue, engine
from openpeel.indicators.catalogue import Indicator
from openpeel.indicators.engine import ForceValue, IndicatorRun
from openpeel.periods import Period
from openpeel.results.fingerprint import settings_fingerprint
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
            out.update(
                {
                    "median": cmp.median,
                    "typical_low": cmp.typical_low,
                    "typical_high": cmp.typical_high,
                    "typical_range_method": cmp.range_method,
                    "position": mine.position if mine else None,
                    "rank": mine.rank if mine else None,
                    "forces_compared": cmp.forces_compared,
                    "england_and_wales": cmp.england_and_wales.value,
                    "comparison_note": cmp.note,
                }
            )
        if chg is not None:
            out.update(
                {
                    "previous_period_start": chg.previous_period.start,
                    "previous_period_end": chg.previous_period.last_day,
                    "previous_value": chg.previous_value,
                    "change": chg.difference,
                    "percent_change": chg.percent_change,
                    "change_test": chg.test,
                    "change_p_value": chg.p_value,
                    "change_significant": chg.significant,
                }
            )
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
    """A force's indicators, compared and with their change, for the CLI, the report and the web.

    Answers come from the results stored when data loaded (see :mod:`openpeel.results`) when the
    backend has them and they were computed under today's definitions; otherwise (an ad-hoc range
    of months, a Spark backend, results made stale by a newer catalogue) they are computed from
    the records. Either way the numbers are the same. ``stale`` lists indicators answered by
    computing because their stored results were stale.
    """

    def __init__(self, backend: Backend, settings: ComparisonSettings | None = None):
        self.backend = backend
        self.settings = settings or ComparisonSettings()
        self.stored = backend.results
        self._runs: dict[tuple[str, Period], IndicatorRun] = {}
        self.stale: set[str] = set()
        self._settings_fp = settings_fingerprint(self.settings)

    # -- runs ---------------------------------------------------------------------------------
    def run(self, indicator: Indicator, period: Period) -> IndicatorRun:
        key = (indicator.id, period)
        if key not in self._runs:
            self._runs[key] = self._stored_run(indicator, period) or self._computed_run(indicator, period)
        return self._runs[key]

    def _stored_run(self, indicator: Indicator, period: Period) -> IndicatorRun | None:
        if self.stored is None:
            return None
        if self.stored.has(indicator, period):
            return self.stored.pair(indicator, period).run
        if not self.stored.fresh(indicator) and indicator.id in self.stored._computed:
            self.stale.add(indicator.id)
        elif self.stored.without_data(period):
            return IndicatorRun(indicator, period)  # no month of it has data: nothing to compute
        return None

    def _computed_run(self, indicator: Indicator, period: Period) -> IndicatorRun:
        return engine.run(indicator, self.backend, period)

    def prefetch(self, pairs: list[tuple[Indicator, Period]]) -> None:
        """Read many stored (indicator, period) pairs at once (a force page, a report)."""
        if self.stored is not None:
            self.stored.prefetch(None, [], pairs=pairs)

    # -- comparisons -----------------------------------------------------------------------------
    def comparison(
        self, indicator: Indicator, period: Period | None = None, *, world: forces.World | str | None = None
    ) -> Comparison | None:
        """The indicator across the forces of a world (a World, or a force id standing for its own)."""
        chosen = forces.as_world(world)
        period = period or self.default_period(indicator, world=chosen)
        if period is None:
            return None
        return self._comparison(indicator, period, chosen)

    def _comparison(self, indicator: Indicator, period: Period, world: forces.World) -> Comparison:
        run = self.run(indicator, period)
        if self.stored is not None and self.stored.has(indicator, period):
            found = self.stored.pair(indicator, period).comparisons.get(world)
            if found is not None and found[1] == self._settings_fp:
                return found[0]
        return compare(run, self.settings, world=world)

    def default_period(
        self, indicator: Indicator, force_id: str | None = None, *, world: forces.World | None = None
    ) -> Period | None:
        """The period quoted when none is asked: see :func:`openpeel.indicators.engine.latest_period`."""
        if self.stored is not None and self.stored.fresh(indicator):
            scope = f"force:{force_id}" if force_id else f"world:{(world or forces.World.REAL).value}"
            return self.stored.default(indicator.id, scope)
        if force_id is not None:
            return engine.latest_period(indicator, self.backend, force_id)
        return engine.latest_period(indicator, self.backend, among=forces.members(world or forces.World.REAL))

    # -- a force's results -----------------------------------------------------------------------
    def result(self, indicator: Indicator, force_id: str, period: Period | None = None) -> IndicatorResult:
        period = period or self.default_period(indicator, force_id)
        if period is None:
            return IndicatorResult(indicator, force_id, None, None, None, None)
        current = self.run(indicator, period)
        fv = current.values.get(force_id)
        world = forces.world_of(force_id)
        return IndicatorResult(
            indicator,
            force_id,
            period,
            fv,
            self._comparison(indicator, period, world),
            self._change(indicator, period, current, fv),
        )

    def _change(self, indicator: Indicator, period: Period, current: IndicatorRun, fv: ForceValue | None) -> Change:
        if fv is not None and self.stored is not None and self.stored.has(indicator, period):
            pair = self.stored.pair(indicator, period)
            stored = pair.changes.get(fv.force_id)
            if stored is not None:
                p = pair.p_values.get(fv.force_id)
                # significance is a setting: judge the stored p value by today's threshold
                return replace(stored, significant=None if p is None else p < self.settings.significance)
        if fv is None:
            return change(current, None, None, self.settings)  # nothing to compare the year before with
        previous = self.run(indicator, period.previous())
        return change(current, fv, previous.values.get(fv.force_id), self.settings)

    def force(
        self, force_id: str, period: Period | None = None, *, area: str | None = None, ids: list[str] | None = None
    ) -> list[IndicatorResult]:
        chosen = [catalogue.get(i) for i in ids] if ids else catalogue.all_indicators()
        if area:
            chosen = [i for i in chosen if i.area.value == area]
        periods = {ind.id: period or self.default_period(ind, force_id) for ind in chosen}
        self.prefetch([(ind, periods[ind.id]) for ind in chosen if periods[ind.id] is not None])
        return [self.result(ind, force_id, periods[ind.id]) for ind in chosen]
