"""How openpeel writes numbers, in one place: the CLI, the report and the web print them alike.

Nothing here computes a figure; it only turns figures from the catalogue, the comparison and the
evidence store into words. The rules:

- A value keeps its indicator's rounding (``Indicator.decimals``) and unit: '16.4 per 1,000',
  '92.9%', '10,689', '3.6 times', '40.2 hours'. A whole count has no decimals.
- A range writes the unit once: '7.0 to 22.4 per 1,000'. A typical range is never given for a
  raw count (forces differ too much in size for the counts to be compared) and starts at zero
  at the lowest, since none of the units can be negative.
- **When a change shows a percentage.** A change is the signed difference in the indicator's unit,
  followed by the relative change in brackets only for quantities that scale with size or time:
  counts, rates per 1,000 and hours ('-734 (-16.7%)', '-1.2 per 1,000 (-7.0%)'). A share changes in
  percentage points and never by a percentage of itself ('+1.4 percentage points'), because a
  relative change of a percentage misleads; a ratio changes by its difference alone ('+0.4'),
  because it is a relative figure already. With no earlier value to divide by, the bracket is
  left out. A change tested as significant says so.
- A rank reads '12th highest of 43 (second quarter)': its quartile counts from the highest values.
- An estimate from a sample gives its interval and sample size; the method and level go in a note.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from openpeel.indicators.catalogue import Indicator, Unit

if TYPE_CHECKING:
    from openpeel.stats import Estimate

# Units whose change is also given as a percentage of the earlier value.
RELATIVE_CHANGE_UNITS = frozenset({Unit.COUNT, Unit.PER_1000, Unit.HOURS})
NO_VALUE = "no value"
QUARTERS = {1: "highest quarter", 2: "second quarter", 3: "third quarter", 4: "lowest quarter"}


def _digits(ind: Indicator, number: float) -> int:
    return 0 if ind.unit is Unit.COUNT and float(number).is_integer() else ind.decimals


def bare(ind: Indicator, number: float) -> str:
    """The value with the indicator's rounding but no unit: '16.4', '10,689'."""
    return f"{number:,.{_digits(ind, number)}f}"


def value(ind: Indicator, number: float | None) -> str:
    """The value as printed: '16.4 per 1,000', '92.9%', '10,689'; 'no value' for None."""
    if number is None:
        return NO_VALUE
    return bare(ind, number) + ind.unit.suffix


def value_or_none(ind: Indicator, number: float | None) -> str | None:
    """Like :func:`value`, but None stays None (a blank cell in a table)."""
    return None if number is None else value(ind, number)


def span(ind: Indicator, low: float, high: float) -> str:
    """A range with the unit written once: '7.0 to 22.4 per 1,000'."""
    return f"{bare(ind, low)} to {bare(ind, high)}{ind.unit.suffix}"


def typical_range(ind: Indicator, low: float | None, high: float | None) -> str | None:
    """The typical range as printed, or None: for no range, and for raw counts (never compared)."""
    if low is None or high is None or not comparable(ind):
        return None
    return span(ind, max(low, 0.0), max(high, 0.0))


def comparable(ind: Indicator) -> bool:
    """Whether forces' values can be set against each other: not for raw counts."""
    return ind.unit is not Unit.COUNT


def count(number: float) -> str:
    """A count of things (searches, arrests, residents): '3,663'; fractional counts keep one decimal."""
    return f"{number:,.0f}" if float(number).is_integer() else f"{number:,.1f}"


def percent(share: float | None) -> str:
    """A share from 0 to 1 as a percentage with one decimal: '94.9%'."""
    return NO_VALUE if share is None else f"{share * 100:.1f}%"


def change(
    ind: Indicator, difference: float | None, percent_change: float | None = None, significant: bool | None = None
) -> str | None:
    """A change on an earlier period (rules in the module docstring); None without a difference."""
    if difference is None:
        return None
    if ind.unit is Unit.PERCENT:
        text = f"{difference:+.{ind.decimals}f} percentage points"
    elif ind.unit is Unit.RATIO:
        text = f"{difference:+.{ind.decimals}f}"
    else:
        text = f"{difference:+,.{_digits(ind, difference)}f}{ind.unit.suffix}"
        if ind.unit in RELATIVE_CHANGE_UNITS and percent_change is not None:
            text += f" ({percent_change:+.1f}%)"
    return text + (" (significant)" if significant else "")


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank(position: int | None, of: int, q: int | None = None) -> str | None:
    """'12th highest of 43', with its quartile if given: '12th highest of 43 (second quarter)'."""
    if position is None:
        return None
    return f"{ordinal(position)} highest of {of}" + (f" ({QUARTERS[q]})" if q else "")


def estimate(e: Estimate, *, sample: str | None = None) -> str:
    """An estimate with its interval, the method left to a note: '98.5% (+/- 2.4 percentage points;
    67 of 68 cases reviewed)'; intervals other than Wald are not symmetric, so they give both ends."""
    inner = f"+/- {e.half_width * 100:.1f} percentage points" if e.method == "wald" else f"{e.low:.1%} to {e.high:.1%}"
    return f"{e.estimate:.1%} ({inner}{'; ' + sample if sample else ''})"
