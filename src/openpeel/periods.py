"""Periods of whole months, named the way the inspectorate names them.

A period runs from the first day of ``start`` to the last day of ``end`` (both stored as the first
of their month). On the command line a period is written ``YYYY-MM`` (one month), ``YYYY`` (a
calendar year), ``YYYY-MM:YYYY-MM`` (an inclusive range) or ``ye-YYYY-MM`` (the twelve months
ending that month, the rolling year PEEL reports use: "year ending 31 March 2025").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from openpeel.errors import OpenpeelError


class PeriodError(OpenpeelError, ValueError):
    """A period written in a form we do not understand."""


def month_start(d: date) -> date:
    return date(d.year, d.month, 1)


def add_months(d: date, months: int) -> date:
    index = d.year * 12 + (d.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(start: date, end: date) -> int:
    """Number of months from ``start`` to ``end`` inclusive (both firsts of months)."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start.day != 1 or self.end.day != 1:
            raise PeriodError("period bounds must be the first day of a month")
        if self.end < self.start:
            raise PeriodError(f"period ends ({self.end:%Y-%m}) before it starts ({self.start:%Y-%m})")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        d = date(year, month, 1)
        return cls(d, d)

    @classmethod
    def year_ending(cls, year: int, month: int) -> Period:
        end = date(year, month, 1)
        return cls(add_months(end, -11), end)

    @classmethod
    def parse(cls, text: str) -> Period:
        text = text.strip()
        if m := re.fullmatch(r"ye-(\d{4})-(\d{2})", text):
            return cls.year_ending(int(m[1]), _month(m[2], text))
        if m := re.fullmatch(r"(\d{4})-(\d{2}):(\d{4})-(\d{2})", text):
            return cls(date(int(m[1]), _month(m[2], text), 1), date(int(m[3]), _month(m[4], text), 1))
        if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
            return cls.month(int(m[1]), _month(m[2], text))
        if m := re.fullmatch(r"(\d{4})", text):
            return cls(date(int(m[1]), 1, 1), date(int(m[1]), 12, 1))
        raise PeriodError(f"cannot read period {text!r}: use YYYY-MM, YYYY, YYYY-MM:YYYY-MM or ye-YYYY-MM")

    @property
    def months(self) -> int:
        return months_between(self.start, self.end)

    @property
    def last_day(self) -> date:
        return date(self.end.year, self.end.month, calendar.monthrange(self.end.year, self.end.month)[1])

    @property
    def end_exclusive(self) -> date:
        return add_months(self.end, 1)

    def shift(self, months: int) -> Period:
        return Period(add_months(self.start, months), add_months(self.end, months))

    def previous(self) -> Period:
        """The period of the same length immediately before this one (the year before a year)."""
        return self.shift(-self.months)

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def code(self) -> str:
        """The shortest command-line spelling of this period."""
        if self.months == 1:
            return f"{self.start:%Y-%m}"
        if self.months == 12 and self.start.month == 1:
            return f"{self.start.year}"
        if self.months == 12:
            return f"ye-{self.end:%Y-%m}"
        return f"{self.start:%Y-%m}:{self.end:%Y-%m}"

    def label(self) -> str:
        """Words for a report: 'year ending 31 March 2025', 'May 2015', 'January to June 2016'."""
        if self.months == 1:
            return f"{self.start:%B %Y}"
        if self.months == 12 and self.start.month == 1:
            return f"the year ending 31 December {self.end.year}"
        if self.months == 12:
            return f"the year ending {self.last_day.day} {self.last_day:%B %Y}"
        return f"{self.start:%B %Y} to {self.end:%B %Y}"

    def __str__(self) -> str:
        return self.code()


def _month(text: str, whole: str) -> int:
    month = int(text)
    if not 1 <= month <= 12:
        raise PeriodError(f"cannot read period {whole!r}: month {text} is not 01-12")
    return month


def financial_year(d: date) -> Period:
    """The financial year (April to March) that contains a month."""
    first = d.year if d.month >= 4 else d.year - 1
    return Period(date(first, 4, 1), date(first + 1, 3, 1))


def standard_periods(months: Iterable[date], spans: Iterable[Period] = ()) -> list[Period]:
    """The periods results are kept for, given the months that have data and the spans of
    published tables: each month on its own, the twelve months ending each month, each calendar
    year and financial year with any data, and each published span. Ordered, without repeats (the
    year ending December is the calendar year; the year ending March the financial year)."""
    found: set[Period] = set(spans)
    for m in {month_start(m) for m in months}:
        found.add(Period(m, m))
        found.add(Period.year_ending(m.year, m.month))
        found.add(Period(date(m.year, 1, 1), date(m.year, 12, 1)))
        found.add(financial_year(m))
    return sorted(found, key=lambda p: (p.end, p.start))


def touching(periods: Iterable[Period], first: date, last: date) -> list[Period]:
    """The periods that share at least one month with first..last (any dates within months)."""
    a, b = month_start(first), month_start(last)
    return [p for p in periods if p.start <= b and a <= p.end]
