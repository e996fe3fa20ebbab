"""Which results a load makes stale.

An indicator depends on the store tables its sources read (found by building, not running, each
source's expression), on its coverage tables, and on the tables behind its reference denominators.
A load that changes a table between two dates makes stale, for every indicator depending on it,
the standard periods that share a month with those dates, and the periods after them whose
previous period does (their change was measured against it). A table without dates (a census)
makes every period stale. Periods that are no longer standard (their data was replaced away) are
dropped, and an indicator whose fingerprints changed is computed again for every period.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from openpeel import reference, tables
from openpeel.backends import Backend
from openpeel.indicators import engine
from openpeel.indicators.catalogue import Indicator, all_indicators
from openpeel.periods import Period, standard_periods, touching
from openpeel.store import Changes

_DEPENDENCIES: dict[tuple[str, frozenset[str]], frozenset[str]] = {}


def dependencies(indicator: Indicator, backend: Backend) -> frozenset[str]:
    """The store tables an indicator's figures are computed from (remembered per set of tables)."""
    key = (indicator.id, frozenset(backend.available))
    if key not in _DEPENDENCIES:
        _DEPENDENCIES[key] = frozenset(_dependencies(indicator, backend))
    return _DEPENDENCIES[key]


def _dependencies(indicator: Indicator, backend: Backend) -> set[str]:
    found: set[str] = set()
    probe = engine.Inputs(backend, [Period.parse("2000-01")])
    for source in indicator.sources:
        found.add(source.table)
        for name in source.reference:
            found.update(reference.tables_for(name))
        if not backend.has(source.table):
            continue
        probe.used.clear()
        try:
            source.components(probe)
        except KeyError:  # a table the source reads is not in the store: it was recorded before failing
            pass
        found |= probe.used
    return found


def source_tables(indicators: Iterable[Indicator]) -> set[str]:
    return {s.table for ind in indicators for s in ind.sources}


def current_periods(backend: Backend, indicators: Iterable[Indicator]) -> list[Period]:
    """The standard periods for the data in the store: see :func:`openpeel.periods.standard_periods`."""
    months: set[date] = set()
    spans: set[Period] = set()
    for name in sorted(source_tables(indicators)):
        if not backend.has(name):
            continue
        spec = tables.get(name)
        months.update(engine.months_with_data(backend, name))
        if spec.time is tables.TimeRule.SPAN:
            t = backend.table(name)
            frame = t.select("period_start", "period_end").distinct().to_pandas()
            spans.update(Period(engine._d(s), engine._d(e)) for s, e in zip(frame.period_start, frame.period_end))
    return standard_periods(months, spans)


@dataclass
class Plan:
    """For each indicator to recompute, the standard periods to compute (None: every one)."""

    periods: list[Period]  # the standard periods now
    stale: dict[str, list[Period]]  # indicator id -> periods to compute
    dropped: list[str]  # period codes no longer standard

    def __bool__(self) -> bool:
        return bool(self.stale) or bool(self.dropped)


def affected(periods: list[Period], first: date, last: date) -> list[Period]:
    """The periods sharing a month with first..last, or whose previous period does."""
    direct = set(touching(periods, first, last))
    after = {p for p in periods if touching([p.previous()], first, last)}
    return sorted(direct | after, key=lambda p: (p.end, p.start))


def make_plan(
    backend: Backend,
    changes: Changes | None,
    stored: dict[str, tuple[str, str]],
    stored_periods: set[str],
    fingerprints: dict[str, tuple[str, str]],
) -> Plan:
    """What to recompute after ``changes`` (None: everything).

    ``stored`` maps an indicator id to the fingerprints its stored results carry; ``fingerprints``
    gives today's; ``stored_periods`` are the period codes results are stored for.
    """
    indicators = all_indicators()
    everything = [i for i in indicators if changes is None or stored.get(i.id) != fingerprints[i.id]]
    touched = (
        []
        if changes is None
        else [i for i in indicators if i not in everything and dependencies(i, backend) & set(changes.spans)]
    )
    if not everything and not touched:
        return Plan([], {}, [])  # nothing this load changed is read by any indicator
    periods = current_periods(backend, indicators)
    codes = {p.code() for p in periods}
    stale: dict[str, list[Period]] = {ind.id: periods for ind in everything}
    for ind in touched:
        chosen: set[Period] = set()
        for table in dependencies(ind, backend) & set(changes.spans):
            span = changes.spans[table]
            chosen.update(periods if span is None else affected(periods, *span))
            if len(chosen) == len(periods):
                break
        if chosen:
            stale[ind.id] = sorted(chosen, key=lambda p: (p.end, p.start))
    return Plan(periods, stale, sorted(stored_periods - codes))
