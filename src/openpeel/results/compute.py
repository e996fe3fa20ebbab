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


def compute(backend: Backend, work: dict[Indicator, list[Period]], settings: ComparisonSettings,
            on_indicator: Callable[[Indicator], None] | None = None) -> Rows:
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
    for ind, periods in work.items():
        if periods:
            rows.defaults += default_rows(ind, backend)
    return rows


def _rows_for(ind: Indicator, run: engine.IndicatorRun, previous: engine.IndicatorRun,
              settings: ComparisonSettings, rows: Rows) -> None:
    period = run.period
    for world in forces.World:
        cmp = compare(run, settings, world=world)
        if cmp.forces or run.values:
            rows.comparisons.append(comparison_row(cmp, world))
        for fc in cmp.forces:
            fv = run.values[fc.force_id]
            chg = change(run, fv, previous.values.get(fc.force_id), settings)
            rows.results.append({
                "indicator_id": ind.id, "period": period.code(), "period_start": period.start,
                "period_end": period.last_day, "force_id": fv.force_id, "world": world.value,
                "value": fv.value, "numerator": fv.numerator, "denominator": fv.denominator,
                "reason": fv.reason, "components": json.dumps(fv.components, sort_keys=True),
                "source": fv.source, "months_covered": fv.months_covered, "months_expected": fv.months_expected,
                "source_keys": list(fv.source_keys), "notes": list(fv.notes),
                "compared": fc.compared, "position": fc.position, "rank": fc.rank, "force_note": fc.note,
                "previous_period_start": chg.previous_period.start,
                "previous_period_end": chg.previous_period.last_day, "previous_value": chg.previous_value,
                "change": chg.difference, "percent_change": chg.percent_change, "change_test": chg.test,
                "change_p_value": chg.p_value, "change_significant": chg.significant,
            })


def comparison_row(cmp: Comparison, world: forces.World) -> dict:
    ew = cmp.england_and_wales
    return {
        "indicator_id": cmp.indicator_id, "period": cmp.period.code(), "world": world.value,
        "forces_compared": cmp.forces_compared, "median": cmp.median, "typical_low": cmp.typical_low,
        "typical_high": cmp.typical_high, "range_method": cmp.range_method,
        "range_description": cmp.range_description, "ew_value": ew.value, "ew_numerator": ew.numerator,
        "ew_denominator": ew.denominator, "ew_reason": ew.reason, "note": cmp.note,
    }


def default_rows(ind: Indicator, backend: Backend) -> list[dict]:
    """The default period of an indicator for every force with data, and for each world.

    The same rule as :func:`openpeel.indicators.engine.latest_period`, worked out for every force
    from one query per source rather than one per force.
    """
    per_force: dict[str, Period] = {}
    per_world: dict[forces.World, Period] = {}
    for source in ind.ordered_sources():
        if not engine.has_rows(backend, source.table):
            continue
        spec = tables.get(source.table)
        found = _latest_by_force(backend, spec, source.scope)
        for force_id, period in found.items():
            per_force.setdefault(force_id, period)  # the preferred source with data decides
        for world in forces.World:
            members = {f: p for f, p in found.items() if forces.world_of(f) is world}
            if not members:
                continue
            candidate = _latest_among(backend, spec, source.scope, members)
            best = per_world.get(world)
            if candidate is not None and (best is None or candidate.end > best.end):
                per_world[world] = candidate
    rows = [_default(ind, f"force:{f}", p) for f, p in sorted(per_force.items())]
    rows += [_default(ind, f"world:{w.value}", p) for w, p in per_world.items()]
    return rows


def _default(ind: Indicator, scope: str, period: Period) -> dict:
    return {"indicator_id": ind.id, "scope": scope, "period": period.code(),
            "period_start": period.start, "period_end": period.last_day}


def _latest_by_force(backend: Backend, spec: tables.TableSpec, scope) -> dict[str, Period]:

    t = backend.table(spec.name)
    if scope is not None:
        t = t.filter(scope(t))
    if spec.time is tables.TimeRule.SPAN:
        frame = t.select("force_id", "period_start", "period_end").distinct().to_pandas()
        latest = frame.sort_values("period_end").groupby("force_id").tail(1)
        return {r.force_id: Period(engine._d(r.period_start), engine._d(r.period_end)) for r in latest.itertuples()}
    months = _months_by_force(t, spec)
    if months is None:
        return {}
    return {f: p for f, ms in months.items() if (p := engine.default_from_months(spec, ms)) is not None}


def _latest_among(backend: Backend, spec: tables.TableSpec, scope, members: dict[str, Period]) -> Period | None:
    """The default period for a group of forces: by their data taken together."""
    t = backend.table(spec.name)
    if scope is not None:
        t = t.filter(scope(t))
    t = t.filter(t.force_id.isin(list(members)))
    if spec.time is tables.TimeRule.SPAN:
        return max(members.values(), key=lambda p: (p.end, p.start))
    months = _months_by_force(t, spec)
    together = sorted({m for ms in (months or {}).values() for m in ms})
    return engine.default_from_months(spec, together)


def _months_by_force(t, spec: tables.TableSpec):
    from datetime import date

    col = {tables.TimeRule.MONTH: "month", tables.TimeRule.AS_AT: "as_at"}.get(spec.time)
    if col is None:
        return None
    frame = t.select("force_id", col).distinct().to_pandas()
    out: dict[str, list] = defaultdict(set)
    for force_id, value in zip(frame.force_id, frame[col]):
        d = engine._d(value)
        out[force_id].add(date(d.year, d.month, 1))
    return {f: sorted(ms) for f, ms in out.items()}
