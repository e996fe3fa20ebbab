"""How an indicator's components combine into its value.

Components are sums computed per force in the engine (counts, populations). A formula turns them
into a value, and names which of them are the numerator and the denominator. The same formula
applied to components summed over all forces gives the England and Wales figure, so national
figures are never a mean of force rates.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass

from openpeel.stats import StatsError, rate_ratio_interval

Components = Mapping[str, float | None]


@dataclass(frozen=True)
class Evaluation:
    value: float | None
    numerator: float | None
    denominator: float | None
    reason: str | None = None  # why value is None


def _missing(c: Components, names: tuple[str, ...]) -> str | None:
    absent = [n for n in names if c.get(n) is None]
    return f"no figure for {', '.join(absent)}" if absent else None


class Formula(ABC):
    components: tuple[str, ...]
    is_proportion: bool = False  # a share of counts, so a change can be tested as two proportions

    @abstractmethod
    def evaluate(self, c: Components) -> Evaluation: ...

    @abstractmethod
    def describe(self) -> str: ...

    def interval(self, c: Components, level: float = 0.95) -> tuple[float, float] | None:
        """A confidence interval for the value, from the same components; None where none applies
        (a count, a published figure, or components an interval cannot be made from)."""
        return None

    def evaluate_national(self, totals: Components) -> Evaluation:
        """The England and Wales figure from components summed over the forces taking part.

        For sums this is the formula applied to the totals; a formula whose components do not add
        up across forces (a median, say) overrides it to say so.
        """
        return self.evaluate(totals)


@dataclass(frozen=True)
class Count(Formula):
    column: str

    @property
    def components(self) -> tuple[str, ...]:
        return (self.column,)

    def evaluate(self, c: Components) -> Evaluation:
        value = c.get(self.column)
        return Evaluation(value, value, None, None if value is not None else f"no figure for {self.column}")

    def describe(self) -> str:
        return f"number of {self.column.replace('_', ' ')}"


@dataclass(frozen=True)
class Published(Formula):
    """A figure taken as published (an estimate or a rate with no counts behind it).

    It cannot be summed over forces, so it has no England and Wales figure of its own.
    """

    column: str

    @property
    def components(self) -> tuple[str, ...]:
        return (self.column,)

    def evaluate(self, c: Components) -> Evaluation:
        value = c.get(self.column)
        return Evaluation(value, None, None, None if value is not None else f"no figure for {self.column}")

    def evaluate_national(self, totals: Components) -> Evaluation:
        return Evaluation(None, None, None, "a published estimate cannot be summed over forces")

    def describe(self) -> str:
        return f"{self.column.replace('_', ' ')} as published"


@dataclass(frozen=True)
class Share(Formula):
    """numerator / denominator x 100, both counts of the same things."""

    numerator: str
    denominator: str
    empty: str = "the denominator is zero"  # reason shown when nothing qualifies for the denominator
    is_proportion = True

    @property
    def components(self) -> tuple[str, ...]:
        return (self.numerator, self.denominator)

    def evaluate(self, c: Components) -> Evaluation:
        num, den = c.get(self.numerator), c.get(self.denominator)
        if (reason := _missing(c, self.components)) is not None:
            return Evaluation(None, num, den, reason)
        if den == 0:
            return Evaluation(None, num, den, self.empty)
        return Evaluation(100.0 * num / den, num, den)

    def describe(self) -> str:
        return f"{self.numerator.replace('_', ' ')} / {self.denominator.replace('_', ' ')} x 100"


@dataclass(frozen=True)
class AmountShare(Share):
    """A share of amounts such as hours: numerator / denominator x 100.

    Hours are not counts of independent things, so a change is not tested as two proportions.
    """

    is_proportion = False


@dataclass(frozen=True)
class Rate(Formula):
    """numerator per ``per`` of the denominator (per 1,000 residents by default)."""

    numerator: str
    denominator: str
    per: int = 1000

    @property
    def components(self) -> tuple[str, ...]:
        return (self.numerator, self.denominator)

    def evaluate(self, c: Components) -> Evaluation:
        num, den = c.get(self.numerator), c.get(self.denominator)
        if (reason := _missing(c, self.components)) is not None:
            return Evaluation(None, num, den, reason)
        if den == 0:
            return Evaluation(None, num, den, f"{self.denominator.replace('_', ' ')} is zero")
        return Evaluation(self.per * num / den, num, den)

    def describe(self) -> str:
        return f"{self.numerator.replace('_', ' ')} per {self.per:,} {self.denominator.replace('_', ' ')}"


@dataclass(frozen=True)
class RatioOfRates(Formula):
    """(a / a_base) / (b / b_base): how many times more likely group a is than group b.

    The numerator reported is group a's rate per 1,000 and the denominator group b's. ``absent``
    is the reason given when a population is missing (say, no population by age loaded).
    Its interval is the log (Katz) interval from the counts and populations
    (:func:`openpeel.stats.rate_ratio_interval`), never from rounded rates.
    """

    a: str
    a_base: str
    b: str
    b_base: str
    absent: str | None = None

    @property
    def components(self) -> tuple[str, ...]:
        return (self.a, self.a_base, self.b, self.b_base)

    def evaluate(self, c: Components) -> Evaluation:
        if (reason := _missing(c, self.components)) is not None:
            if self.absent and _missing(c, (self.a, self.b)) is None:
                reason = self.absent
            return Evaluation(None, None, None, reason)
        if c[self.a_base] == 0 or c[self.b_base] == 0:
            return Evaluation(None, None, None, "a resident population is zero")
        rate_a = 1000 * c[self.a] / c[self.a_base]
        rate_b = 1000 * c[self.b] / c[self.b_base]
        if rate_b == 0:
            return Evaluation(None, rate_a, rate_b, f"no {self.b.replace('_', ' ')}, so the ratio is undefined")
        return Evaluation(rate_a / rate_b, rate_a, rate_b)

    def interval(self, c: Components, level: float = 0.95) -> tuple[float, float] | None:
        if _missing(c, self.components) is not None:
            return None
        try:
            found = rate_ratio_interval(c[self.a], c[self.a_base], c[self.b], c[self.b_base], level)
        except StatsError:
            return None  # a zero count or population: evaluate says why there is no ratio or bound
        return found.low, found.high

    def describe(self) -> str:
        return f"({self.a} / {self.a_base}) / ({self.b} / {self.b_base})".replace("_", " ")


@dataclass(frozen=True)
class Difference(Formula):
    """minuend - subtrahend, e.g. expected minus recorded use of force."""

    minuend: str
    subtrahend: str

    @property
    def components(self) -> tuple[str, ...]:
        return (self.minuend, self.subtrahend)

    def evaluate(self, c: Components) -> Evaluation:
        if (reason := _missing(c, self.components)) is not None:
            return Evaluation(None, c.get(self.minuend), c.get(self.subtrahend), reason)
        return Evaluation(c[self.minuend] - c[self.subtrahend], c[self.minuend], c[self.subtrahend])

    def describe(self) -> str:
        return f"{self.minuend.replace('_', ' ')} - {self.subtrahend.replace('_', ' ')}"


@dataclass(frozen=True)
class Scaled(Formula):
    """base x numerator / denominator, e.g. arrests x average reports per arrest."""

    base: str
    numerator: str
    denominator: str

    @property
    def components(self) -> tuple[str, ...]:
        return (self.base, self.numerator, self.denominator)

    def evaluate(self, c: Components) -> Evaluation:
        if (reason := _missing(c, self.components)) is not None:
            return Evaluation(None, None, None, reason)
        if c[self.denominator] == 0:
            return Evaluation(None, c[self.base], None, f"{self.denominator.replace('_', ' ')} is zero")
        return Evaluation(c[self.base] * c[self.numerator] / c[self.denominator], c[self.base], None)

    def describe(self) -> str:
        return f"{self.base} x {self.numerator} / {self.denominator}".replace("_", " ")


@dataclass(frozen=True)
class Median(Formula):
    """A median computed per force in the engine (e.g. hours in custody), with how many it is over.

    A median cannot be summed across forces, so there is no England and Wales figure from forces'
    figures: it would need every force's records pooled.
    """

    median: str
    count: str

    @property
    def components(self) -> tuple[str, ...]:
        return (self.median, self.count)

    def evaluate(self, c: Components) -> Evaluation:
        if c.get(self.count) == 0:
            return Evaluation(None, None, 0.0, f"no {self.count.replace('_', ' ')}")
        if (reason := _missing(c, self.components)) is not None:
            return Evaluation(None, None, c.get(self.count), reason)
        return Evaluation(c[self.median], None, c[self.count])

    def evaluate_national(self, totals: Components) -> Evaluation:
        return Evaluation(
            None,
            None,
            totals.get(self.count),
            "a median cannot be made from forces' medians; the England and Wales figure needs every force's records",
        )

    def describe(self) -> str:
        return f"median of {self.median.removesuffix('_median').replace('_', ' ')} over {self.count.replace('_', ' ')}"
