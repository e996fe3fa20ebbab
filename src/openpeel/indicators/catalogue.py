"""The indicator catalogue: every figure openpeel computes, declared once.

An :class:`Indicator` says what a figure means (id, title, PEEL area, unit, polarity, formula,
definition, the seed statement it serves). A :class:`Source` says how to compute its components
from one standardised table, as an Ibis expression that runs unchanged on DuckDB and Spark. An
indicator can have several sources (a force's own extract, a published table); for each force
the engine uses the most preferred source that has data for the period.

Indicators are declared in the modules of this package with :func:`indicator`; sources with
:func:`source`. A breakdown of one measure (by ethnic group, by power, by age) is a
:func:`family`: one indicator per member, each recording its family and member so reports can
group them. Importing the package registers them all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING

from openpeel.areas import Area
from openpeel.errors import UnknownName
from openpeel.indicators.formulas import Formula

if TYPE_CHECKING:
    import ibis.expr.types as ir

    from openpeel.indicators.engine import Inputs


class Unit(str, Enum):
    COUNT = "count"
    PERCENT = "percent"
    PER_1000 = "per_1000"
    RATIO = "ratio"
    HOURS = "hours"

    @property
    def suffix(self) -> str:
        return {"count": "", "percent": "%", "per_1000": " per 1,000", "ratio": " times", "hours": " hours"}[self.value]


class Polarity(str, Enum):
    HIGHER_BETTER = "higher_better"
    HIGHER_WORSE = "higher_worse"
    NEUTRAL = "neutral"  # neither direction is better in itself (e.g. number of searches)


@dataclass(frozen=True)
class Source:
    """One way to compute an indicator's components per force from the store."""

    name: str  # who publishes it, e.g. "data.police.uk stop and search"
    table: str  # the table whose rows decide coverage and the files cited
    components: Callable[[Inputs], ir.Table]  # -> one row per force_id with component columns
    reference: tuple[str, ...] = ()  # denominators added per force: population, residents_<group>
    preference: int = 50  # lower is preferred when a force has data from several sources
    scope: Callable | None = None  # (table) -> Ibis boolean: the rows of ``table`` that concern it


@dataclass(frozen=True)
class Indicator:
    id: str
    title: str
    area: Area
    unit: Unit
    polarity: Polarity
    formula: Formula
    definition: str
    seed: str | None = None  # the kind of statement in the seed report this indicator serves
    standard: float | None = None  # a published standard or target to compare with (e.g. 90%)
    decimals: int = 1
    family: str | None = None  # the family this indicator is a member of (see :func:`family`)
    member: str | None = None  # its member key in that family, e.g. 'asian' or 'cjpoa_s60'
    sources: list[Source] = field(default_factory=list, compare=False)

    def format(self, value: float | None) -> str:
        """The value as a report prints it: '4.5 per 1,000', '32.2%', '3,663', '3.6 times'."""
        if value is None:
            return "no value"
        digits = 0 if self.unit is Unit.COUNT and float(value).is_integer() else self.decimals
        return f"{value:,.{digits}f}{self.unit.suffix}"

    def ordered_sources(self) -> list[Source]:
        return sorted(self.sources, key=lambda s: s.preference)


@dataclass(frozen=True)
class Family:
    """A breakdown of one measure, declared once: its members in the order reports show them."""

    id: str
    title: str
    members: tuple[str, ...]
    indicator_ids: tuple[str, ...]

    def indicators(self) -> list[Indicator]:
        return [get(i) for i in self.indicator_ids]


_CATALOGUE: dict[str, Indicator] = {}
_FAMILIES: dict[str, Family] = {}


FIGURES = "per-force figures"
FIGURES_TABLE = "indicator_components"


def indicator(**kwargs) -> Indicator:
    """Declare an indicator. Its id must be new.

    Every indicator can also be fed per-force figures (table ``indicator_components``), used for a
    force only when no record-level source has data for it.
    """
    ind = Indicator(**kwargs)
    if ind.id in _CATALOGUE:
        raise ValueError(f"indicator {ind.id!r} is declared twice")
    _CATALOGUE[ind.id] = ind
    ind.sources.append(_figures_source(ind))
    return ind


def _figures_source(ind: Indicator) -> Source:
    components = ind.formula.components

    def pivot(inputs):
        t = inputs.table(FIGURES_TABLE)
        t = t.filter(t.indicator_id == ind.id)
        # a component missing for a force stays null (max of nothing), never 0
        return t.group_by(inputs.keys).agg(**{c: (t.component == c).ifelse(t.value, None).max() for c in components})

    return Source(FIGURES, FIGURES_TABLE, pivot, preference=90, scope=lambda t: t.indicator_id == ind.id)


def family(
    family_id: str,
    *,
    title: str,
    members: Mapping[str, object],
    declare: Callable[[str, object], dict],
    adopt: Mapping[str, str] | None = None,
) -> Family:
    """Declare one indicator per member of a breakdown: id ``<family_id>.<member>``.

    ``declare(member, value)`` gives the indicator's fields other than its id. ``adopt`` names an
    indicator declared before under an established id that is a member (say the Black member,
    quoted in reports for years), so it keeps its id and sources and joins the family.
    Sources are attached per member with :func:`source` on the ids in the returned family.
    """
    if family_id in _FAMILIES:
        raise ValueError(f"family {family_id!r} is declared twice")
    adopt = dict(adopt or {})
    ids = []
    for key, value in members.items():
        if key in adopt:
            existing = _CATALOGUE.get(adopt[key])
            if existing is None:
                raise ValueError(f"family {family_id!r} adopts unknown indicator {adopt[key]!r}")
            _CATALOGUE[existing.id] = replace(existing, family=family_id, member=key)
            ids.append(existing.id)
        else:
            ids.append(indicator(id=f"{family_id}.{key}", family=family_id, member=key, **declare(key, value)).id)
    found = Family(family_id, title, tuple(members), tuple(ids))
    _FAMILIES[family_id] = found
    return found


def get_family(family_id: str) -> Family:
    _load()
    try:
        return _FAMILIES[family_id]
    except KeyError:
        raise UnknownName(f"unknown indicator family {family_id!r}; known: {', '.join(sorted(_FAMILIES))}") from None


def all_families() -> list[Family]:
    _load()
    return sorted(_FAMILIES.values(), key=lambda f: f.id)


def source(indicator_id: str, *, name: str, table: str, reference: tuple[str, ...] = (), preference: int = 50):
    """Decorator declaring a function ``(inputs) -> ibis table`` as a source for an indicator."""

    def attach(func: Callable[[Inputs], ir.Table]) -> Callable[[Inputs], ir.Table]:
        target = _CATALOGUE.get(indicator_id)
        if target is None:
            raise ValueError(f"source {name!r} names unknown indicator {indicator_id!r}")
        missing = [c for c in target.formula.components if c not in reference]
        target.sources.append(Source(name, table, func, reference, preference))
        func.__openpeel_components__ = missing  # the columns the function must return
        return func

    return attach


def get(indicator_id: str) -> Indicator:
    _load()
    try:
        return _CATALOGUE[indicator_id]
    except KeyError:
        import difflib

        close = difflib.get_close_matches(indicator_id, list(_CATALOGUE), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise UnknownName(f"unknown indicator {indicator_id!r}{hint}") from None


def all_indicators() -> list[Indicator]:
    _load()
    return sorted(_CATALOGUE.values(), key=lambda i: i.id)


def _load() -> None:
    import openpeel.indicators  # noqa: F401  (importing the package declares everything)
