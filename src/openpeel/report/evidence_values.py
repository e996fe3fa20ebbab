"""Every figure the report prints, fetched from the stage that owns it and registered as shown.

Indicators come from the catalogue through :class:`openpeel.assess.Assessor` (value, components,
national comparison, change); audit and survey results from :func:`openpeel.evidence.results_for`.
:meth:`Figures.show` turns one piece of evidence and one aspect (see ``docs/findings.md``) into the
words the report prints and records the number in the register. Evidence with no data gives a
plain "no figure" with the reason, never a made-up value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from openpeel.assess import Assessor, IndicatorResult
from openpeel.compare import Comparison
from openpeel.evidence import (
    EvidenceError,
    EvidenceResult,
    load_question_set,
    results_for,
)
from openpeel.evidence.answers import TABLE as AUDIT_TABLE
from openpeel.evidence.returns import ANSWERS as SURVEY_TABLE
from openpeel.framework import EvidenceKind, EvidenceRef
from openpeel.indicators import catalogue
from openpeel.indicators.catalogue import Indicator, Unit
from openpeel.periods import Period
from openpeel.report import formatting as fmt
from openpeel.report.numbers import Number, NumberRegister
from openpeel.store import Store


@dataclass(frozen=True)
class Shown:
    """A figure as printed: its words, its register entry, or why there is none."""

    text: str
    number: Number | None = None
    missing: str | None = None  # the reason, when there is no figure
    bare: str | None = None  # the number without its unit, for prose that names the unit itself
    unit: Unit | None = None

    @classmethod
    def none(cls, reason: str) -> Shown:
        return cls(f"[no figure: {reason}]", None, reason)


def indicator_or_none(indicator_id: str) -> Indicator | None:
    try:
        return catalogue.get(indicator_id)
    except KeyError:
        return None


@dataclass
class EvidenceSnapshot:
    """The force's audit and survey results for the periods the report needs, with their files.

    Read before the indicator backend opens the store: DuckDB refuses a second connection to
    the same file with other settings, and the evidence readers open their own.
    """

    results: dict[Period | None, list[EvidenceResult]]
    keys: dict[str, tuple[str, ...]]  # evidence id -> source keys of the cases or returns

    @classmethod
    def read(cls, store: Store, force_id: str, periods: Iterable[Period | None]) -> EvidenceSnapshot:
        results = {period: results_for(store, force_id, period=period) for period in {None, *periods}}
        keys: dict[str, tuple[str, ...]] = {}
        con = store.connect(read_only=True)
        try:
            for found in results.values():
                for r in found:
                    if r.evidence_id not in keys:
                        keys[r.evidence_id] = _source_keys(con, r)
        finally:
            con.close()
        return cls(results, keys)

    def result(self, kind: EvidenceKind, item: str, period: Period | None) -> EvidenceResult | None:
        return next((r for r in self.results.get(period, ()) if r.kind == kind.value and r.item == item), None)


def _source_keys(con, result: EvidenceResult) -> tuple[str, ...]:
    if result.kind == "audit":
        rows = con.execute(
            f"SELECT DISTINCT source_key FROM {AUDIT_TABLE} WHERE force_id = ? AND question_id = ? "
            "AND month BETWEEN ? AND ?",
            [result.force_id, result.item, result.period.start, result.period.end]).fetchall()
    else:
        rows = con.execute(f"SELECT DISTINCT source_key FROM {SURVEY_TABLE} WHERE force_id = ? AND survey = ?",
                           [result.force_id, result.source]).fetchall()
    return tuple(sorted(r[0] for r in rows))


class Figures:
    def __init__(self, assessor: Assessor, evidence: EvidenceSnapshot, force_id: str, register: NumberRegister):
        self.assessor = assessor
        self.evidence = evidence
        self.force_id = force_id
        self.register = register
        self._results: dict[tuple[str, Period | None], IndicatorResult] = {}
        self._comparisons: dict[tuple[str, Period], Comparison] = {}

    # -- indicators ---------------------------------------------------------------------------
    def result(self, indicator_id: str, period: Period | None = None) -> IndicatorResult | None:
        """The force's result for an indicator (latest period when none given); None if not in the catalogue."""
        ind = indicator_or_none(indicator_id)
        if ind is None:
            return None
        key = (indicator_id, period)
        if key not in self._results:
            self._results[key] = self.assessor.result(ind, self.force_id, period)
        return self._results[key]

    def comparison(self, ind: Indicator, period: Period) -> Comparison:
        """All forces of the report force's world (real forces, or the demo's twins)."""
        key = (ind.id, period)
        if key not in self._comparisons:
            self._comparisons[key] = self.assessor.comparison(ind, period, world=self.force_id)
        return self._comparisons[key]

    def compared_keys(self, ind: Indicator, period: Period) -> set[str]:
        """The files behind a national figure: those of every force taking part."""
        run = self.assessor.run(ind, period)
        cmp = self.comparison(ind, period)
        return {key for f in cmp.forces if f.compared for key in run.values[f.force_id].source_keys}

    def force_keys(self, ind: Indicator, period: Period, force_id: str) -> tuple[str, ...]:
        fv = self.assessor.run(ind, period).values.get(force_id)
        return fv.source_keys if fv else ()

    def indicator(self, indicator_id: str, period: Period | None, aspect: str, place: str) -> Shown:
        ind = indicator_or_none(indicator_id)
        if ind is None:
            return Shown.none(f"indicator {indicator_id} is not in this openpeel's catalogue")
        r = self.result(indicator_id, period)
        if r.period is None:
            return Shown.none(f"no data loaded for {indicator_id}")
        fv, cmp = r.value, r.comparison
        own = fv.source_keys if fv else ()
        label = r.period.label()

        def shown(text: str | None, what: str, keys, why: str, raw: float | None = None) -> Shown:
            if text is None:
                return Shown.none(why)
            number = self.register.add(shown=text, what=what, kind="indicator", evidence=ind.id, period=label,
                                       place=place, source_keys=keys)
            return Shown(text, number, bare=None if raw is None else fmt.bare(ind, raw), unit=ind.unit)

        no_value = r.reason or "no value"
        if aspect == "value":
            text = fmt.value(ind, fv.value) if fv and fv.value is not None else None
            return shown(text, ind.title, own, f"{ind.id}: {no_value}", fv.value if fv else None)
        if aspect in ("numerator", "denominator"):
            number = getattr(fv, aspect) if fv else None
            text = fmt.count(number) if number is not None else None
            return shown(text, f"{ind.title}: {aspect}", own, f"{ind.id}: no {aspect} ({no_value})")
        mine = cmp.of(self.force_id) if cmp else None
        national = self.compared_keys(ind, r.period) if cmp else set()
        if aspect == "median":
            # a median of one or two forces says nothing about forces in general
            enough = cmp is not None and cmp.forces_compared >= self.assessor.settings.min_forces
            text = fmt.value(ind, cmp.median) if enough and cmp.median is not None else None
            why = f"{cmp.forces_compared} with data for the whole period" if cmp else "no comparison"
            return shown(text, f"{ind.title}: median of forces", national,
                         f"{ind.id}: no median of forces for {label} ({why})", cmp.median if cmp else None)
        if aspect == "typical_range":
            ok = cmp and cmp.typical_low is not None
            text = fmt.span(ind, cmp.typical_low, cmp.typical_high) if ok else None
            return shown(text, f"{ind.title}: typical range of forces", national,
                         f"{ind.id}: no typical range ({cmp.note if cmp and cmp.note else 'no comparison'})")
        if aspect == "position":
            text = mine.position if mine and mine.position else None
            return shown(text, f"{ind.title}: position against the typical range", [*own, *national],
                         f"{ind.id}: no position against the typical range "
                         f"({(mine.note if mine else None) or (cmp.note if cmp else None) or no_value})")
        if aspect == "england_wales":
            ew = cmp.england_and_wales.value if cmp else None
            text = fmt.value(ind, ew) if ew is not None else None
            return shown(text, f"{ind.title}: England and Wales", national,
                         f"{ind.id}: no England and Wales figure ({cmp.england_and_wales.reason if cmp else 'no comparison'})",
                         ew)
        if aspect == "change":
            chg = r.change
            text = fmt.change(ind, chg.difference, chg.percent_change) if chg else None
            keys = [*own, *self.force_keys(ind, r.period.previous(), self.force_id)]
            return shown(text, f"{ind.title}: change on {r.period.previous().label()}", keys,
                         f"{ind.id}: no figure for {r.period.previous().label()} to compare with")
        if aspect == "england_wales_change":
            return self._national_change(ind, r.period, place)
        return Shown.none(f"unknown aspect {aspect!r}")

    def _national_change(self, ind: Indicator, period: Period, place: str) -> Shown:
        before = period.previous()
        now_value = self.comparison(ind, period).england_and_wales.value
        then = self.comparison(ind, before)
        then_value = then.england_and_wales.value if then else None
        if now_value is None or then_value is None:
            return Shown.none(f"{ind.id}: no England and Wales figure for both {period.label()} and {before.label()}")
        difference = now_value - then_value
        relative = 100.0 * difference / then_value if then_value else None
        text = fmt.change(ind, difference, relative)
        if text is None:
            return Shown.none(f"{ind.id}: no England and Wales change")
        keys = self.compared_keys(ind, period) | self.compared_keys(ind, before)
        number = self.register.add(shown=text, what=f"{ind.title}: England and Wales change on {before.label()}",
                                   kind="indicator", evidence=ind.id, period=period.label(), place=place,
                                   source_keys=keys)
        return Shown(text, number)

    # -- audits and surveys -------------------------------------------------------------------
    def audit_or_survey(self, ref: EvidenceRef, aspect: str, place: str) -> Shown:
        result = self.evidence.result(ref.kind, ref.id, ref.period)
        when = f" for {ref.period.label()}" if ref.period else ""
        if result is None:
            return Shown.none(f"no {ref.kind.value} result for {ref.id}{when} is loaded")
        if not result.of:
            return Shown.none(f"{ref.id}: {result.reason}")
        share = fmt.percent(result.proportion)
        texts = {"x_of_y": result.result, "share": share, "x": f"{result.yes:,}", "y": f"{result.of:,}",
                 "share_x_of_y": f"{share} ({result.result})"}
        if aspect == "interval":
            try:
                text = self._interval(result, ref.period)
            except EvidenceError as exc:
                return Shown.none(str(exc))
        elif aspect in texts:
            text = texts[aspect]
        else:
            return Shown.none(f"unknown aspect {aspect!r}")
        number = self.register.add(
            shown=text, what=f"{result.text} ({aspect.replace('_', ' ')})", kind=result.kind,
            evidence=result.evidence_id, period=result.period.label() if result.period else "", place=place,
            source_keys=self.evidence.keys.get(result.evidence_id, ()))
        return Shown(text, number)

    def _interval(self, result: EvidenceResult, period: Period | None) -> str:
        """The estimate with the interval the question set declares for the question and review."""
        chosen = load_question_set().interval_for(result.item, period)
        return result.estimate(level=chosen.level, method=chosen.method).describe()

    # -- any reference --------------------------------------------------------------------------
    def show(self, ref: EvidenceRef, aspect: str, place: str) -> Shown:
        if ref.kind is EvidenceKind.INDICATOR:
            return self.indicator(ref.id, ref.period, aspect, place)
        return self.audit_or_survey(ref, aspect, place)
