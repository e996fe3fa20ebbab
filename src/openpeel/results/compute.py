"""Computing results: indicators over standard periods, with comparison and change, as rows.

The figures come from the engine (:class:`openpeel.indicators.engine.Computation`, many periods per
query), the comparison and change from :mod:`openpeel.compare`; nothing here computes a statistic
of its own, so a stored result is exactly what an on-demand answer would be.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from openpeel import forces, tables
from openpeel.backends import Backend
from openpeel.compare import Comparison, change, compare
from openpeel.indicators import engine
from openpeel.indicators.catalogue import Indicator
from openpeel.periods import Period
from openpeel.settings import ComparisonSettings


@dataclass
class Rows:
    """Result rows ready to store, per table."""

    results: list[dict] = field(default_factory=list)
    comparisons: list[dict] = field(default_factory=list)
    defaults: list[dict] = field(default_factory=list)


def compute(
    backend: Backend,
    work: dict[Indicator, list[Period]],
    settings: ComparisonSettings,
    on_indicator: Callable[[Indicator], None] | None = None,
) -> Rows:
    """Rows for each indicator over its periods (each period computed with the one before it)."""
    rows = Rows()
    groups: dict[frozenset[Period], list[Indicator]] = defaultdict(list)
    for ind, periods in work.items():
        groups[frozenset(periods)].append(ind)
    for periods, indicators in groups.items():
        if not periods:
            continue
        needed = set(periods) | {p.previous() for p in periods}
        computation = engine.Computation(backend, needed)
        for ind in indicators:
            runs = computation.run(ind)
            for period in sorted(periods):
                _rows_for(ind, runs[period], runs[period.previous()], settings, rows)
            if on_indicator:
                on_indicator(ind)
    defaults = Defaults(backend)
    for ind, periods in work.items():
        if periods:
            rows.defaults += defaults.rows(ind)
    return rows


def _rows_for(
    ind: Indicator, run: engine.IndicatorRun, previous: engine.IndicatorRun, settings: ComparisonSettings, rows: Rows
) -> None:
    period = run.period
    for world in forces.World:
        cmp = compare(run, settings, world=world)
        if cmp.forces or run.values:
            rows.comparisons.append(comparison_row(cmp, world))
        for fc in cmp.forces:
            fv = run.values[fc.force_id]
            chg = change(run, fv, previous.values.get(fc.force_id), settings)
            rows.results.append(
                {
                    "indicator_id": ind.id,
                    "period": period.code(),
                    "period_start": period.start,
                    "period_end": period.last_day,
                    "force_id": fv.force_id,
                    "world": world.value,
                    "value": fv.value,
                    "numerator": fv.numerator,
                    "denominator": fv.denominator,
                    "reason": fv.reason,
                    "components": json.dumps(fv.components, sort_keys=True),
                    "source": fv.source,
                    "months_covered": fv.months_covered,
                    "months_expected": fv.months_expected,
                    "source_keys": list(fv.source_keys),
                    "notes": list(fv.notes),
                    "compared": fc.compared,
                    "position": fc.position,
                    "rank": fc.rank,
                    "force_note": fc.note,
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


def comparison_row(cmp: Comparison, world: forces.World) -> dict:
    ew = cmp.england_and_wales
    return {
        "indicator_id": cmp.indicator_id,
        "period": cmp.period.code(),
        "world": world.value,
        "forces_compared": cmp.forces_compared,
        "median": cmp.median,
        "typical_low": cmp.typical_low,
        "typical_high": cmp.typical_high,
        "range_method": cmp.range_method,
        "range_description": cmp.range_description,
        "ew_value": ew.value,
        "ew_numerator": ew.numerator,
        "ew_denominator": ew.denominator,
        "ew_reason": ew.reason,
        "note": cmp.note,
    }


class Defaults:
    """Default periods (see :func:`openpeel.indicators.engine.latest_period`) for every force and
    world at once: one query per table, and one for all the per-force figures, however many
    indicators read them."""

    def __init__(self, backend: Backend):
        self.backend = backend
        self._months: dict[str, dict[str, list[date]]] = {}
        self._spans: dict[str, dict[str, list[Period]]] = {}
        self._loaded: set[str] = set()

    def rows(self, ind: Indicator) -> list[dict]:
        per_force: dict[str, Period] = {}
        per_world: dict[forces.World, Period] = {}
        for source in ind.ordered_sources():
            if not engine.has_rows(self.backend, source.table):
                continue
            spec = tables.get(source.table)
            group = ind.id if source.scope is not None else None  # per-force figures: one indicator's rows
            found = self._by_force(spec, group)
            for force_id, period in found.items():
                per_force.setdefault(force_id, period)  # the preferred source with data decides
            for world in forces.World:
                candidate = self._among(spec, group, world)
                best = per_world.get(world)
                if candidate is not None and (best is None or candidate.end > best.end):
                    per_world[world] = candidate
        rows = [_default(ind, f"force:{f}", p) for f, p in sorted(per_force.items())]
        rows += [_default(ind, f"world:{w.value}", p) for w, p in per_world.items()]
        return rows

    def _by_force(self, spec: tables.TableSpec, group: str | None) -> dict[str, Period]:
        if spec.time is tables.TimeRule.SPAN:
            spans = self._span_list(spec, group)
            return {f: max(ps, key=lambda p: (p.end, p.start)) for f, ps in spans.items()}
        months = self._month_list(spec, group)
        return {f: p for f, ms in months.items() if (p := engine.default_from_months(spec, ms)) is not None}

    def _among(self, spec: tables.TableSpec, group: str | None, world: forces.World) -> Period | None:
        if spec.time is tables.TimeRule.SPAN:
            spans = [p for f, ps in self._span_list(spec, group).items() if forces.world_of(f) is world for p in ps]
            return max(spans, key=lambda p: p.end, default=None)
        months = self._month_list(spec, group)
        together = sorted({m for f, ms in months.items() if forces.world_of(f) is world for m in ms})
        return engine.default_from_months(spec, together)

    def _month_list(self, spec: tables.TableSpec, group: str | None) -> dict[str, list[date]]:
        self._load(spec)
        return self._months.get(f"{spec.name}/{group}" if group else spec.name, {})

    def _span_list(self, spec: tables.TableSpec, group: str | None) -> dict[str, list[Period]]:
        self._load(spec)
        return self._spans.get(f"{spec.name}/{group}" if group else spec.name, {})

    def _load(self, spec: tables.TableSpec) -> None:
        """Every force's months (or spans) in a table, for the table and per indicator of the figures."""
        from openpeel.indicators.catalogue import FIGURES_TABLE

        if spec.name in self._loaded:
            return
        self._loaded.add(spec.name)
        t = self.backend.table(spec.name)
        groups = ["indicator_id"] if spec.name == FIGURES_TABLE else []
        if spec.time is tables.TimeRule.SPAN:
            frame = t.select(*groups, "force_id", "period_start", "period_end").distinct().to_pandas()
            for row in frame.itertuples(index=False):
                period = Period(engine._d(row.period_start), engine._d(row.period_end))
                for key in _keys(spec.name, row, groups):
                    self._spans.setdefault(key, {}).setdefault(row.force_id, []).append(period)
            return
        col = {tables.TimeRule.MONTH: "month", tables.TimeRule.AS_AT: "as_at"}.get(spec.time)
        found: dict[str, dict[str, set[date]]] = {}
        if col is not None:
            frame = t.select(*groups, "force_id", col).distinct().to_pandas()
            for row in frame.itertuples(index=False):
                d = engine._d(getattr(row, col))
                for key in _keys(spec.name, row, groups):
                    found.setdefault(key, {}).setdefault(row.force_id, set()).add(date(d.year, d.month, 1))
        for key, by_force in found.items():
            self._months[key] = {f: sorted(ms) for f, ms in by_force.items()}


def _keys(table: str, row, groups: list[str]) -> list[str]:
    return [f"{table}/{row.indicator_id}"] if groups else [table]


def _default(ind: Indicator, scope: str, period: Period) -> dict:
    return {
        "indicator_id": ind.id,
        "scope": scope,
        "period": period.code(),
        "period_start": period.start,
        "period_end": period.last_day,
    }
