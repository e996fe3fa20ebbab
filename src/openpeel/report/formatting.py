"""How the report writes numbers: one place, so text, figures and tables always agree.

Values keep the indicator's own rounding (``Indicator.decimals``) and unit; a range or a change is
written with the unit once ("7.0 to 22.4 per 1,000"). Nothing here computes a figure: it only
turns figures from the catalogue and the evidence store into words.
"""

from __future__ import annotations

from openpeel.indicators.catalogue import Indicator, Unit


def bare(ind: Indicator, value: float) -> str:
    """The value with the indicator's rounding but no unit: '16.4', '10,689'."""
    digits = 0 if ind.unit is Unit.COUNT and float(value).is_integer() else ind.decimals
    return f"{value:,.{digits}f}"


def value(ind: Indicator, number: float | None) -> str:
    """The value as the report prints it: '16.4 per 1,000', '92.9%', '10,689'."""
    return ind.format(number)


def span(ind: Indicator, low: float, high: float) -> str:
    """A range with the unit written once: '7.0 to 22.4 per 1,000'."""
    return f"{bare(ind, low)} to {bare(ind, high)}{ind.unit.suffix}"


def count(number: float) -> str:
    """A count of things (searches, arrests, residents): '3,663'; fractional counts keep one decimal."""
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,.1f}"


def change(ind: Indicator, difference: float | None, percent: float | None) -> str | None:
    """A change on the previous period.

    Shares change in percentage points (a relative change of a percentage misleads); counts, rates
    and ratios change by a percentage of their earlier value.
    """
    if ind.unit is Unit.PERCENT:
        if difference is None:
            return None
        return f"{difference:+.{ind.decimals}f} percentage points"
    if percent is None:
        return None
    return f"{percent:+.1f}%"


def percent(share: float | None) -> str:
    """A share from 0 to 1 as a percentage with one decimal: '94.9%'."""
    return "no value" if share is None else f"{share * 100:.1f}%"
