from datetime import date

import pytest

from openpeel.periods import Period, PeriodError


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("2016-05", date(2016, 5, 1), date(2016, 5, 1)),
        ("2016", date(2016, 1, 1), date(2016, 12, 1)),
        ("2016-01:2016-06", date(2016, 1, 1), date(2016, 6, 1)),
        ("ye-2025-03", date(2024, 4, 1), date(2025, 3, 1)),
    ],
)
def test_parse(text, start, end):
    p = Period.parse(text)
    assert (p.start, p.end) == (start, end)
    assert Period.parse(p.code()) == p


def test_labels_follow_the_inspectorate():
    assert Period.parse("ye-2025-03").label() == "the year ending 31 March 2025"
    assert Period.parse("2016").label() == "the year ending 31 December 2016"
    assert Period.parse("2015-05").label() == "May 2015"


def test_previous_is_the_same_length_just_before():
    assert Period.parse("ye-2025-03").previous() == Period.parse("ye-2024-03")
    assert Period.parse("2016-02").previous() == Period.parse("2016-01")


@pytest.mark.parametrize("text", ["2016-13", "16", "ye-2016", "2016-05:2016-01", "last year"])
def test_bad_periods_are_refused(text):
    with pytest.raises(PeriodError):
        Period.parse(text)
