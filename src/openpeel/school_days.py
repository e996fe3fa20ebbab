"""School days, for Operation Encompass: when must a school be told about a domestic abuse incident?

The rule openpeel applies: the school must be told before the start of the next school day after
the day of the incident. The next school day is the next weekday that is neither an England and
Wales bank holiday nor a day the force lists in its ``non_school_days`` extract (school holidays,
training days). So an incident on a Friday evening is due before Monday's school day, one on
the Thursday before Easter before the Tuesday after it, and one in the summer holidays before the
first day of the autumn term if the force sends its term dates; if it does not, holidays count as
school days, which is the stricter reading. An incident in the small hours is placed on the day it
happened: one at 02:00 on a Tuesday is due before Wednesday's school day.

Bank holidays are computed by the statutory rules (with substitute days when a holiday falls at a
weekend) and the one-off changes made since 2011, so no list needs updating each year.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

SCHOOL_DAY_STARTS_HOUR = 9  # the deadline is this hour on the next school day
HORIZON_DAYS = 70  # longer than any school holiday; a next school day further off is left blank

# One-off changes to the England and Wales bank holidays: (moved from, moved to) and extra days.
_MOVED = {date(2012, 5, 28): date(2012, 6, 4), date(2020, 5, 4): date(2020, 5, 8), date(2022, 5, 30): date(2022, 6, 2)}
_EXTRA = (date(2011, 4, 29), date(2012, 6, 5), date(2022, 6, 3), date(2022, 9, 19), date(2023, 5, 8))


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741  (the algorithm's own name)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=last.weekday())


def bank_holidays(year: int) -> list[date]:
    """England and Wales bank holidays in a year, substitute days included."""
    easter = easter_sunday(year)
    fixed_mondays = [
        easter - timedelta(days=2),  # Good Friday
        easter + timedelta(days=1),  # Easter Monday
        _first_monday(year, 5),
        _last_monday(year, 5),
        _last_monday(year, 8),
    ]
    days = {_MOVED.get(d, d) for d in fixed_mondays}
    days |= {d for d in _EXTRA if d.year == year}
    # New Year's Day, Christmas Day and Boxing Day move to the next free weekday when at a weekend.
    for d in (date(year, 1, 1), date(year, 12, 25), date(year, 12, 26)):
        while d.weekday() >= 5 or d in days:
            d += timedelta(days=1)
        days.add(d)
    return sorted(days)


@cache
def _bank_holiday_table():
    import ibis

    days = [d for year in range(2000, 2051) for d in bank_holidays(year)]
    return ibis.memtable({"_closed": days}, schema={"_closed": "date"})


@cache
def _offsets():
    import ibis

    return ibis.memtable({"_offset": list(range(1, HORIZON_DAYS + 1))}, schema={"_offset": "int32"})


def next_school_day(t, day: str, closures=None):
    """``t`` with a column ``next_school_day``: the first school day after the date in column ``day``.

    Runs in the backend: each distinct force and day is paired with the following days, weekends,
    bank holidays and the force's own closures (``closures``: the ``non_school_days`` table, or None)
    are removed, and the earliest day left is kept.
    """
    days = t.select(_force=t.force_id, _day=t[day]).distinct()
    candidates = days.cross_join(_offsets())
    candidates = candidates.mutate(_next=candidates._day + candidates._offset.as_interval("D"))
    candidates = candidates.filter(candidates._next.day_of_week.index() < 5)
    holidays = _bank_holiday_table()
    candidates = candidates.anti_join(holidays, candidates._next == holidays._closed)
    if closures is not None:
        closed = closures.select(_cforce="force_id", _cday="closed_on")
        candidates = candidates.anti_join(
            closed, (candidates._force == closed._cforce) & (candidates._next == closed._cday)
        )
    first = candidates.group_by(["_force", "_day"]).agg(next_school_day=candidates._next.min())
    joined = t.left_join(first, (t.force_id == first._force) & (t[day] == first._day))
    return joined.drop("_force", "_day")


def deadline(next_day):
    """The start of the school day on ``next_day`` (an Ibis date), as a timestamp."""
    import ibis

    return next_day.cast("timestamp") + ibis.interval(hours=SCHOOL_DAY_STARTS_HOUR)
