"""Alerts on hand-made series of rolling years: every rule, dated by its period's last day."""

from __future__ import annotations

from datetime import date

from openpeel.alerts import AlertKind, Point, detect, monthly_years
from openpeel.indicators import catalogue
from openpeel.periods import Period

ANSWERED = catalogue.get("calls.emergency_answered_10s_share")  # higher is better, standard 90%
FORCE = "northamptonshire-demo"


def ye(year: int, month: int) -> Period:
    return Period.year_ending(year, month)


def test_monthly_years_end_each_month():
    years = monthly_years(Period.parse("ye-2025-03"), 3)
    assert [p.code() for p in years] == ["ye-2025-01", "ye-2025-02", "ye-2025-03"]


def test_leaving_and_reentering_the_range_each_raise_one_alert_dated_by_the_period_end():
    points = [
        Point(ye(2025, 1), 91.0, "within", 88.0, 95.0),
        Point(ye(2025, 2), 87.5, "below", 88.0, 95.0),
        Point(ye(2025, 3), 87.0, "below", 88.0, 95.0),  # still below: nothing new
        Point(ye(2025, 4), 89.0, "within", 88.0, 95.0),
    ]
    alerts = [a for a in detect(ANSWERED, FORCE, points) if a.kind in (AlertKind.LEFT_RANGE, AlertKind.ENTERED_RANGE)]
    assert [(a.kind, a.happened) for a in alerts] == [
        (AlertKind.LEFT_RANGE, date(2025, 2, 28)),
        (AlertKind.ENTERED_RANGE, date(2025, 4, 30)),
    ]
    assert alerts[0].better is False and alerts[1].better is True  # higher is better for this one
    assert "moved below the typical range, to 87.5% (typical range 88.0% to 95.0%)" in alerts[0].text
    assert alerts[0].previous_value == 91.0


def test_jumping_across_the_range_is_one_alert():
    points = [Point(ye(2025, 1), 80.0, "below"), Point(ye(2025, 2), 99.0, "above")]
    range_alert, standard_alert = detect(ANSWERED, FORCE, points)
    assert range_alert.kind is AlertKind.LEFT_RANGE and standard_alert.kind is AlertKind.MET_STANDARD
    alert = range_alert
    assert "moved from below to above the typical range" in alert.text


def test_crossing_the_standard_both_ways():
    points = [
        Point(ye(2024, 12), 90.4),
        Point(ye(2025, 1), 90.0),
        Point(ye(2025, 2), 89.9),
        Point(ye(2025, 3), 88.0),
        Point(ye(2025, 4), 90.0),
    ]
    alerts = detect(ANSWERED, FORCE, points)
    assert [(a.kind, a.period.code(), a.previous_value, a.value) for a in alerts] == [
        (AlertKind.BELOW_STANDARD, "ye-2025-02", 90.0, 89.9),  # exactly 90% still meets it
        (AlertKind.MET_STANDARD, "ye-2025-04", 88.0, 90.0),
    ]
    assert alerts[0].text.startswith("999 calls answered within 10 seconds: fell short of the standard of 90.0%")


def test_no_standard_no_standard_alerts():
    rate = catalogue.get("calls.emergency_per_1000")
    assert rate.standard is None
    assert detect(rate, FORCE, [Point(ye(2025, 1), 100.0), Point(ye(2025, 2), 80.0)]) == []


def test_a_significant_change_is_raised_when_it_begins_or_turns_not_every_month():
    points = [
        Point(ye(2025, 1), 91.0, change=0.5, change_significant=False),
        Point(ye(2025, 2), 93.0, change=2.5, change_significant=True),
        Point(ye(2025, 3), 93.5, change=3.0, change_significant=True),  # the same rise, still significant
        Point(ye(2025, 4), 91.0, change=0.2, change_significant=False),
        Point(ye(2025, 5), 88.0, change=-3.0, change_significant=True),
    ]
    alerts = [a for a in detect(ANSWERED, FORCE, points) if a.kind is AlertKind.SIGNIFICANT_CHANGE]
    assert [(a.period.code(), a.better) for a in alerts] == [("ye-2025-02", True), ("ye-2025-05", False)]
    assert alerts[0].previous_value == 93.0 - 2.5
    assert "rose significantly on the year before, to 93.0% (+2.5)" in alerts[0].text


def test_gaps_are_passed_over_and_order_does_not_matter():
    points = [Point(ye(2025, 3), 85.0, "below"), Point(ye(2025, 1), 92.0, "within"), Point(ye(2025, 2), None, None)]
    alerts = detect(ANSWERED, FORCE, points)
    assert [(a.kind, a.period.code()) for a in alerts] == [
        (AlertKind.LEFT_RANGE, "ye-2025-03"),
        (AlertKind.BELOW_STANDARD, "ye-2025-03"),
    ]


def test_point_from_an_indicator_result_dict():
    d = {
        "period_start": date(2024, 4, 1),
        "period_end": date(2025, 3, 31),
        "value": 88.0,
        "position": "below",
        "typical_low": 89.0,
        "typical_high": 95.0,
        "change": -2.0,
        "change_significant": True,
    }
    point = Point.of(d)
    assert point.period == ye(2025, 3) and point.position == "below" and point.change_significant


def test_a_year_with_no_change_worked_out_neither_ends_nor_restarts_a_change():
    points = [
        Point(ye(2025, 1), 93.0, change=2.5, change_significant=True),
        Point(ye(2025, 2), 93.2),  # no year before in the data: no change, no test
        Point(ye(2025, 3), 93.5, change=3.0, change_significant=True),
    ]
    alerts = [a for a in detect(ANSWERED, FORCE, points) if a.kind is AlertKind.SIGNIFICANT_CHANGE]
    assert [a.period.code() for a in alerts] == ["ye-2025-01"]
