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

from openpeel import formatting as fmt
from openpeel.assess import Assessor, IndicatorResult
from openpeel.compare import Comparison, national_change
from openpeel.evidence import EvidenceError, EvidenceResult, load_question_set, results_for
from openpeel.evidence.answers import TABLE as AUDIT_TABLE
from openpeel.evidence.returns import ANSWERS as SURVEY_TABLE
from openpeel.framework import EvidenceKind, EvidenceRef
from openpeel.indicators import catalogue
from openpeel.indicators.catalogue import Indicator, Unit
from openpeel.periods import Period
from openpeel.records.schema import all_schemas
from openpeel.report.numbers import Number, NumberRegister
from openpeel.stats import Estimate
from openpeel.store import Store


@dataclass(frozen=True)
class Shown:
    """A figure as printed: its words, its register entry, or why there is none."""

    text: str
    number: Number | None = None
    missing: str | None = None  # the reason, when there is no figure
    bare: str | None = None  # the number without its unit, for prose that names the unit itself
    unit: Unit | None = None
    note: str | None = None  # how the figure was made, for a note under the text (interval method)

    @classmethod
    def none(cls, reason: str) -> Shown:
        return cls(f"[no figure: {reason}]", None, reason)


# The kinds of figure the register names, so a reader knows what each number rests on.
RECORDS, NATIONAL, AUDIT, SURVEY = "records", "national data", "audit", "survey"


def record_tables() -> frozenset[str]:
    """Store tables that hold a force's own record extracts (``openpeel.records``)."""
    return frozenset(s.name for s in all_schemas())


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
            [result.force_id, result.item, result.period.start, result.period.end],
        ).fetchall()
    else:
        rows = con.execute(
            f"SELECT DISTINCT source_key FROM {SURVEY_TABLE} WHERE force_id = ? AND survey = ?",
            [result.force_id, result.source],
        ).fetchall()
    return tuple(sorted(r[0] for r in rows))


class Figures:
    def __init__(self, assessor: Assessor, evidence: EvidenceSnapshot, force_id: str, register: NumberRegister):
        self.assessor = assessor
        self.evidence = evidence
        self.force_id = force_id
        self.register = register
        self._results: dict[tuple[str, Period | None], IndicatorResult] = {}
        self._comparisons: dict[tuple[str, Period], Comparison] = {}
        self._records = record_tables()

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

    def kind_of(self, ind: Indicator, period: Period, force_id: str | None = None) -> str:
        """'records' when the force's figure comes from its own record extracts, else 'national data'."""
        fv = self.assessor.run(ind, period).values.get(force_id or self.force_id)
        if fv is None:
            return NATIONAL
        table = next((s.table for s in ind.sources if s.name == fv.source), None)
        return RECORDS if table in self._records else NATIONAL

    def register_value(
        self, ind: Indicator, period: Period, force_id: str, number: float, place: str, *, who: str
    ) -> str:
        """One force's value as shown in a figure's data table, entered in the register."""
        text = fmt.value(ind, number)
        self.register.add(
            shown=text,
            what=f"{ind.title}: {who}",
            kind=self.kind_of(ind, period, force_id),
            evidence=ind.id,
            period=period.label(),
            place=place,
            source_keys=self.force_keys(ind, period, force_id),
        )
        return text

    def indicator(self, indicator_id: str, period: Period | None, aspect: str, place: str) -> Shown:
        ind = indicator_or_none(indicator_id)
        if ind is None:
            return Shown.none(f"indicator {indicator_id} is not in this openpeel's catalogue")
        r = self.result(indicator_id, period)
        name = ind.title[:1].lower() + ind.title[1:]
        if r.period is None:
            return Shown.none(f"no data is loaded for {name}")
        fv, cmp = r.value, r.comparison
        own = fv.source_keys if fv else ()
        label = r.period.label()
        own_kind = self.kind_of(ind, r.period)

        def shown(text: str | None, what: str, keys, why: str, raw: float | None = None, kind: str = NATIONAL) -> Shown:
            if text is None:
                return Shown.none(why)
            number = self.register.add(
                shown=text, what=what, kind=kind, evidence=ind.id, period=label, place=place, source_keys=keys
            )
            return Shown(text, number, bare=None if raw is None else fmt.bare(ind, raw), unit=ind.unit)

        no_value = r.reason or "no value"
        if aspect == "value":
            text = fmt.value(ind, fv.value) if fv and fv.value is not None else None
            return shown(text, ind.title, own, f"{name}: {no_value}", fv.value if fv else None, own_kind)
        if aspect in ("numerator", "denominator"):
            number = getattr(fv, aspect) if fv else None
            text = fmt.count(number) if number is not None else None
            return shown(text, f"{ind.title}: {aspect}", own, f"{name}: no {aspect} ({no_value})", kind=own_kind)
        mine = cmp.of(self.force_id) if cmp else None
        national = self.compared_keys(ind, r.period) if cmp else set()
        if aspect in ("typical_range", "position", "rank") and not fmt.comparable(ind):
            return Shown.none(f"{name} is a count, which is not set against other forces' counts")
        if aspect == "median":
            # a median of one or two forces says nothing about forces in general
            enough = cmp is not None and cmp.forces_compared >= self.assessor.settings.min_forces
            text = fmt.value(ind, cmp.median) if enough and cmp.median is not None else None
            why = f"{cmp.forces_compared} with data for the whole period" if cmp else "no comparison"
            return shown(
                text,
                f"{ind.title}: median of forces",
                national,
                f"{name}: no median of forces for {label} ({why})",
                cmp.median if cmp else None,
            )
        if aspect == "typical_range":
            text = fmt.typical_range(ind, cmp.typical_low, cmp.typical_high) if cmp else None
            return shown(
                text,
                f"{ind.title}: typical range of forces",
                national,
                f"{name}: no typical range ({cmp.note if cmp and cmp.note else 'no comparison'})",
            )
        if aspect == "position":
            text = self.position_words(cmp, mine)
            return shown(
                text,
                f"{ind.title}: position against the typical range",
                [*own, *national],
                f"{name}: no position against the typical range "
                f"({(mine.note if mine else None) or (cmp.note if cmp else None) or no_value})",
            )
        if aspect == "rank":
            # a rank among one or two forces says nothing about forces in general
            enough = cmp is not None and cmp.forces_compared >= self.assessor.settings.min_forces
            text = None
            if enough and mine and mine.rank:
                text = fmt.rank(mine.rank, cmp.forces_compared, cmp.quartile(self.force_id))
            return shown(
                text,
                f"{ind.title}: rank among forces",
                [*own, *national],
                f"{name}: no rank ({(mine.note if mine else None) or no_value})",
            )
        if aspect == "england_wales":
            ew = cmp.england_and_wales.value if cmp else None
            text = fmt.value(ind, ew) if ew is not None else None
            return shown(
                text,
                f"{ind.title}: England and Wales",
                national,
                f"{name}: no England and Wales figure ({cmp.england_and_wales.reason if cmp else 'no comparison'})",
                ew,
            )
        if aspect == "change":
            chg = r.change
            text = fmt.change(ind, chg.difference, chg.percent_change) if chg else None
            keys = [*own, *self.force_keys(ind, r.period.previous(), self.force_id)]
            return shown(
                text,
                f"{ind.title}: change on {r.period.previous().label()}",
                keys,
                f"{name}: no figure for {r.period.previous().label()} to compare with",
                kind=own_kind,
            )
        if aspect == "england_wales_change":
            return self._national_change(ind, r.period, place)
        return Shown.none(f"unknown aspect {aspect!r}")

    @staticmethod
    def position_words(cmp: Comparison | None, mine) -> str | None:
        """'below', 'within' or 'above'; 'at the lower end of' / 'at the upper end of' when the
        force's own value sets that end of the typical range (so 'within' would hide it)."""
        if mine is None or mine.position is None:
            return None
        edge = cmp.edge(mine.force_id) if cmp else None
        return {"low": "at the lower end of", "high": "at the upper end of"}.get(edge, mine.position)

    def _national_change(self, ind: Indicator, period: Period, place: str) -> Shown:
        before = period.previous()
        chg = national_change(self.comparison(ind, period), self.comparison(ind, before))
        text = fmt.change(ind, chg.difference, chg.percent_change)
        if text is None:
            return Shown.none(
                f"{ind.title}: no England and Wales figure for both {period.label()} and {before.label()}"
            )
        keys = self.compared_keys(ind, period) | self.compared_keys(ind, before)
        number = self.register.add(
            shown=text,
            what=f"{ind.title}: England and Wales change on {before.label()}",
            kind=NATIONAL,
            evidence=ind.id,
            period=period.label(),
            place=place,
            source_keys=keys,
        )
        return Shown(text, number)

    def change_since(self, ind: Indicator, period: Period, since: Period, place: str) -> tuple[str, str] | None:
        """The force's value in ``since`` and its change to ``period``, as shown and registered."""
        from openpeel.compare import change

        run = self.assessor.run(ind, period)
        now = run.values.get(self.force_id)
        then = self.assessor.run(ind, since).values.get(self.force_id)
        chg = change(run, now, then, self.assessor.settings, since=since)
        text = fmt.change(ind, chg.difference, chg.percent_change)
        if text is None or then is None or then.value is None:
            return None
        kind = self.kind_of(ind, period)
        earlier = self.register.add(
            shown=fmt.value(ind, then.value),
            what=ind.title,
            kind=kind,
            evidence=ind.id,
            period=since.label(),
            place=place,
            source_keys=then.source_keys,
        )
        self.register.add(
            shown=text,
            what=f"{ind.title}: change since {since.label()}",
            kind=kind,
            evidence=ind.id,
            period=period.label(),
            place=place,
            source_keys=[*(now.source_keys if now else ()), *then.source_keys],
        )
        return earlier.shown, text

    # -- audits and surveys -------------------------------------------------------------------
    def audit_or_survey(
        self, ref: EvidenceRef, aspect: str, place: str, interval: tuple[str, float] | None = None
    ) -> Shown:
        result = self.evidence.result(ref.kind, ref.id, ref.period)
        when = f" for {ref.period.label()}" if ref.period else ""
        if result is None:
            return Shown.none(f"no {ref.kind.value} result{when} is loaded")
        if not result.of:
            return Shown.none(f"{result.text}: {result.reason}")
        share = fmt.percent(result.proportion)
        reviewed = "cases reviewed" if result.kind == AUDIT else "respondents"
        texts = {
            "x_of_y": result.result,
            "share": f"{share} ({result.result})",
            "x": f"{result.yes:,}",
            "y": f"{result.of:,}",
            "share_x_of_y": f"{share} ({result.result})",
        }
        note = None
        if aspect == "interval":
            try:
                estimate = self.estimate(result, ref.period, interval)
            except EvidenceError as exc:
                return Shown.none(str(exc))
            text = fmt.estimate(estimate, sample=f"{result.result} {reviewed}")
            note = estimate.settings()
        elif aspect in texts:
            text = texts[aspect]
        else:
            return Shown.none(f"unknown aspect {aspect!r}")
        number = self.register.add(
            shown=text,
            what=f"{result.text} ({aspect.replace('_', ' ')})",
            kind=result.kind,
            evidence=result.evidence_id,
            period=result.period.label() if result.period else "",
            place=place,
            source_keys=self.evidence.keys.get(result.evidence_id, ()),
            sample=f"{result.of:,} {reviewed}",
        )
        return Shown(text, number, note=note)

    def interval_settings(self, ref: EvidenceRef) -> tuple[str, float]:
        """The interval method and level the question set declares for an audit result."""
        result = self.evidence.result(ref.kind, ref.id, ref.period)
        chosen = load_question_set().interval_for(result.item if result else ref.id, ref.period)
        return chosen.method, chosen.level

    def estimate(
        self, result: EvidenceResult, period: Period | None, interval: tuple[str, float] | None = None
    ) -> Estimate:
        """The estimate with ``interval`` (method, level) if given, else the one the review declared."""
        method, level = interval or self.interval_settings(EvidenceRef(EvidenceKind(result.kind), result.item, period))
        return result.estimate(level=level, method=method)

    # -- any reference --------------------------------------------------------------------------
    def show(self, ref: EvidenceRef, aspect: str, place: str, interval: tuple[str, float] | None = None) -> Shown:
        if ref.kind is EvidenceKind.INDICATOR:
            return self.indicator(ref.id, ref.period, aspect, place)
        return self.audit_or_survey(ref, aspect, place, interval)
