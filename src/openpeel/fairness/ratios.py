"""Disproportionality ratios with their intervals, as the CLI, the report and the web show them.

A ratio's interval comes from its formula (:meth:`Formula.interval`, the log (Katz) method from
counts and populations). Each ratio is read in words:

- its interval includes 1: no difference between the two groups can be shown at this level;
- a count of either group is below ``unstable_below``: the ratio is unstable (a handful of
  searches more or fewer moves it a lot);
- in public outputs, a count below ``disclosure_below`` withholds the ratio and its interval
  (``public=True``), so that no small group of people can be picked out.

The census sensitivity view recomputes a ratio with the residents of each census loaded, from the
same counts, so a reader sees how much the choice of population moves it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from openpeel import forces, reference
from openpeel.assess import Assessor
from openpeel.indicators import catalogue
from openpeel.indicators.catalogue import Indicator
from openpeel.indicators.engine import ForceValue
from openpeel.indicators.formulas import RatioOfRates
from openpeel.periods import Period
from openpeel.settings import FairnessSettings

NO_DIFFERENCE = "no difference can be shown"
UNSTABLE = "unstable: few events"
WITHHELD = "withheld: fewer events than the disclosure threshold"


@dataclass(frozen=True)
class Ratio:
    """One disproportionality ratio for one force (or England and Wales) in one period."""

    indicator_id: str
    title: str
    member: str | None
    force_id: str  # or 'england-and-wales'
    period: str | None
    value: float | None
    low: float | None
    high: float | None
    level: float
    counts: tuple[float | None, float | None]  # events of the group and of the reference group
    populations: tuple[float | None, float | None]
    reason: str | None  # why there is no value
    notes: tuple[str, ...] = ()  # the census used, and so on
    flags: tuple[str, ...] = field(default_factory=tuple)  # NO_DIFFERENCE, UNSTABLE, WITHHELD

    @property
    def withheld(self) -> bool:
        return WITHHELD in self.flags

    def text(self) -> str:
        """'3.6 (95% interval 3.3 to 3.9)', or why there is none, with what limits it."""
        if self.withheld:
            return WITHHELD
        if self.value is None:
            return self.reason or "no value"
        words = f"{self.value:.1f}"
        if self.low is not None:
            words += f" ({self.level * 100:g}% interval {self.low:.1f} to {self.high:.1f})"
        extra = [f for f in self.flags if f != WITHHELD]
        return words + (f"; {'; '.join(extra)}" if extra else "")

    def as_dict(self) -> dict:
        hidden = self.withheld
        return {
            "indicator": self.indicator_id,
            "title": self.title,
            "member": self.member,
            "force": self.force_id,
            "period": self.period,
            "value": None if hidden else self.value,
            "interval_low": None if hidden else self.low,
            "interval_high": None if hidden else self.high,
            "interval_level": self.level,
            "count": None if hidden else self.counts[0],
            "reference_count": None if hidden else self.counts[1],
            "population": self.populations[0],
            "reference_population": self.populations[1],
            "reason": self.reason,
            "notes": list(self.notes),
            "flags": list(self.flags),
            "text": self.text(),
        }


def of_value(
    ind: Indicator,
    force_id: str,
    period: Period | None,
    fv: ForceValue | None,
    settings: FairnessSettings,
    *,
    public: bool = False,
) -> Ratio:
    """A force's ratio from its engine value: the formula gives the value and the interval."""
    formula = ind.formula
    if fv is None or not isinstance(formula, RatioOfRates):
        reason = "no data for this force in the period" if fv is None else "not a ratio of rates"
        return Ratio(
            ind.id,
            ind.title,
            ind.member,
            force_id,
            period.label() if period else None,
            None,
            None,
            None,
            settings.level,
            (None, None),
            (None, None),
            reason,
        )
    return from_components(ind, force_id, period, fv.components, settings, public=public, notes=fv.notes)


def from_components(
    ind: Indicator,
    force_id: str,
    period: Period | None,
    components: dict,
    settings: FairnessSettings,
    *,
    public: bool = False,
    notes: tuple[str, ...] = (),
) -> Ratio:
    formula: RatioOfRates = ind.formula
    evaluation = formula.evaluate(components)
    bounds = formula.interval(components, settings.level) if evaluation.value is not None else None
    low, high = bounds if bounds else (None, None)
    counts = (components.get(formula.a), components.get(formula.b))
    flags = []
    if low is not None and low <= 1 <= high:
        flags.append(NO_DIFFERENCE)
    known = [c for c in counts if c is not None]
    if evaluation.value is not None and known and min(known) < settings.unstable_below:
        flags.append(UNSTABLE)
    if public and known and min(known) < settings.disclosure_below:
        flags.append(WITHHELD)
    return Ratio(
        ind.id,
        ind.title,
        ind.member,
        force_id,
        period.label() if period else None,
        evaluation.value,
        low,
        high,
        settings.level,
        counts,
        (components.get(formula.a_base), components.get(formula.b_base)),
        evaluation.reason,
        tuple(notes),
        tuple(flags),
    )


def family_ratios(
    assessor: Assessor,
    family_id: str,
    force_id: str,
    period: Period | None,
    settings: FairnessSettings,
    *,
    public: bool = False,
) -> list[Ratio]:
    """Every member of a family for a force, each for ``period`` or its latest period with data."""
    out = []
    for ind in catalogue.get_family(family_id).indicators():
        result = assessor.result(ind, force_id, period)
        out.append(of_value(ind, force_id, result.period, result.value, settings, public=public))
    return out


@dataclass(frozen=True)
class Comparison:
    """A ratio for every force compared, and for England and Wales, each with its interval."""

    indicator_id: str
    period: Period
    forces: list[Ratio]
    england_and_wales: Ratio


def across_forces(
    assessor: Assessor,
    ind: Indicator,
    period: Period,
    settings: FairnessSettings,
    *,
    world: str | None = None,
    public: bool = False,
) -> Comparison:
    """Each force of a world with a value for the whole period, and the England and Wales ratio
    from counts and populations summed over them (never a mean of ratios)."""
    run = assessor.run(ind, period)
    chosen = forces.as_world(world)
    taking_part = {
        f: v for f, v in run.values.items() if forces.world_of(f) is chosen and v.value is not None and v.complete
    }
    rows = [of_value(ind, f, period, v, settings, public=public) for f, v in sorted(taking_part.items())]
    totals: dict[str, float | None] = {}
    for name in ind.formula.components:
        parts = [v.components.get(name) for v in taking_part.values()]
        totals[name] = None if not parts or any(p is None for p in parts) else float(sum(parts))
    national = from_components(ind, "england-and-wales", period, totals, settings)
    return Comparison(ind.id, period, rows, national)


def census_sensitivity(
    assessor: Assessor, ind: Indicator, force_id: str, period: Period | None, settings: FairnessSettings
) -> list[tuple[int, Ratio]]:
    """The force's ratio with the residents of each census loaded, from the same counts."""
    formula = ind.formula
    result = assessor.result(ind, force_id, period)
    if result.value is None or not isinstance(formula, RatioOfRates):
        return []
    out = []
    for census in sorted(reference.CENSUS_DAYS):
        components = dict(result.value.components)
        missing = False
        for base in (formula.a_base, formula.b_base):
            group = base.removeprefix("residents_")
            if group not in reference.ETHNIC_GROUPS:
                return []  # not a ratio per census resident of an ethnic group
            frame = reference.residents(assessor.backend, group, census, fall_back=False)
            match = frame[frame.force_id == force_id]
            missing = missing or match.empty
            components[base] = None if match.empty else float(match.iloc[0]["value"])
        note = f"{census} census usual residents" + (" (not loaded for this force)" if missing else "")
        ratio = from_components(ind, force_id, result.period, components, settings, notes=(note,))
        out.append((census, replace(ratio, reason=f"the {census} census is not loaded" if missing else ratio.reason)))
    return out
